// Lighthouse (npm `lighthouse`, Debian's Chromium) on the demo's home page, a cluster profile and
// the search page with a query, with the mobile (default) and desktop presets: performance,
// accessibility, best practices and SEO each at least 95. Prints the scores.
//
// Chromium: CHROME_PATH (default /usr/bin/chromium), launched by Lighthouse's chrome-launcher with
// a fresh temporary user-data-dir and --headless --no-sandbox --disable-gpu
// --disable-background-networking --disable-component-update --disable-sync --no-first-run.
// One run at a time (the machine has two cores, and performance is measured); a page below 95 (or
// a crashed run) gets one more run, and the better run counts.
// LIGHTHOUSE_PRESETS=mobile (or desktop) runs one preset only.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { serve, site } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const CLI = path.join(path.dirname(require.resolve('lighthouse/package.json')), 'cli/index.js');
const CHROME = process.env.CHROME_PATH || process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const MIN = 95;
const PRESETS = (process.env.LIGHTHOUSE_PRESETS || 'mobile,desktop').split(',').map((s) => s.trim()).filter(Boolean);

let server;
let tmp;
before(async () => {
  server = await serve(site().dir);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-lighthouse-'));
});
after(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  if (rows.length) {
    console.log('\nLighthouse scores (performance / accessibility / best practices / SEO):');
    for (const r of rows) console.log(`  ${r}`);
  }
});

const rows = [];

function cluster() {
  const { clusters } = JSON.parse(fs.readFileSync(path.join(site().dir, 'data/clusters.json'), 'utf8'));
  // A profile with a logo: the richer page (image, labels, contacts).
  return `/clusters/${(clusters.find((c) => c.logo) || clusters[0]).slug}/`;
}

function lighthouse(url, preset, n) {
  const out = path.join(tmp, `report-${n}.json`);
  const userDataDir = fs.mkdtempSync(path.join(tmp, 'profile-'));
  const args = [CLI, url, '--quiet', '--output=json', `--output-path=${out}`, `--only-categories=${CATEGORIES.join(',')}`,
    `--chrome-flags=${[...FLAGS, `--user-data-dir=${userDataDir}`].join(' ')}`, '--max-wait-for-load=30000'];
  if (preset === 'desktop') args.push('--preset=desktop');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, CHROME_PATH: CHROME }, maxBuffer: 1 << 26, timeout: 180_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`lighthouse ${url} (${preset}) failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(fs.readFileSync(out, 'utf8')));
    });
  });
}

/** The audits that cost points in a category, most weighty first. */
function losses(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
    .sort((a, b) => b.weight - a.weight)
    .map((r) => {
      const a = lhr.audits[r.id];
      const items = (a.details && a.details.items) || [];
      const what = items.slice(0, 3).map((i) => (i.node && (i.node.snippet || i.node.selector)) || i.url || i.source?.url || '').filter(Boolean);
      return `${r.id} (weight ${r.weight}, score ${a.score}${a.displayValue ? `, ${a.displayValue}` : ''})${what.length ? `: ${what.join(' | ')}` : ''}`;
    });
}

let n = 0;
for (const preset of PRESETS) {
  for (const [name, rel] of [['home', '/'], ['cluster', null], ['search', '/search/?q=hydrogen']]) {
    test(`Lighthouse ${preset}: ${name} page scores at least ${MIN} in every category`, async () => {
      const p = rel ?? cluster();
      const score = (lhr) => Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]));
      const worst = (lhr) => (lhr.runtimeError ? -1 : Math.min(...Object.values(score(lhr))));
      let lhr = await lighthouse(server.origin + p, preset, n++).catch((e) => ({ runtimeError: { code: 'CRASH', message: e.message } }));
      if (worst(lhr) < MIN) {
        // Performance is measured on a shared two-core machine: one more run, the better one counts.
        const again = await lighthouse(server.origin + p, preset, n++).catch((e) => ({ runtimeError: { code: 'CRASH', message: e.message } }));
        if (worst(again) > worst(lhr)) lhr = again;
      }
      if (lhr.runtimeError) assert.fail(`${p}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const scores = score(lhr);
      rows.push(`${preset.padEnd(7)} ${name.padEnd(8)} ${p.padEnd(30)} ${CATEGORIES.map((c) => String(scores[c]).padStart(3)).join(' / ')}`);
      const low = CATEGORIES.filter((c) => scores[c] < MIN);
      for (const c of CATEGORIES) {
        const l = losses(lhr, c);
        if (l.length && (low.includes(c) || process.env.LIGHTHOUSE_VERBOSE)) console.log(`  ${preset} ${p} ${c} ${scores[c]}:\n    ${l.join('\n    ')}`);
      }
      assert.deepEqual(low, [], `${p} (${preset}): ${low.map((c) => `${c} ${scores[c]}`).join(', ')} below ${MIN}`);
    });
  }
}
