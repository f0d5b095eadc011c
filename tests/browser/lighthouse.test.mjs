// Lighthouse (npm `lighthouse`, Debian's Chromium) on the demo's home page, a cluster profile,
// the search page with a query and the map with the mobile preset (Lighthouse's default, the
// stricter: a slow phone's CPU and network), and on the home page with the desktop preset too:
// performance, accessibility, best practices and SEO each at least 95. Prints the scores.
//
// Chromium: CHROME_PATH (default /usr/bin/chromium) with a fresh temporary user-data-dir and
// --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
// --disable-sync --no-first-run, launched once for this file; Lighthouse runs in this process
// through the DevTools port (each run opens its own tab and resets storage and cache).
// One run at a time (the machine has two cores, and performance is measured); a page below 95 (or
// a crashed run) gets one more run, and the better run counts.
// LIGHTHOUSE_PRESETS=mobile (or desktop, or mobile,desktop) runs those presets on every page
// (desktop on the four pages took 26 s more for the same scores); LIGHTHOUSE_VERBOSE=1 lists
// every audit that cost points.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { serve, site } from './lib/site.mjs';

const CHROME = process.env.CHROME_PATH || process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const MIN = 95;
const PRESETS = (process.env.LIGHTHOUSE_PRESETS || 'mobile,desktop').split(',').map((s) => s.trim()).filter(Boolean);
/** By default the desktop preset runs on the home page only. */
const runs = (preset, name) => Boolean(process.env.LIGHTHOUSE_PRESETS) || preset !== 'desktop' || name === 'home';

let server;
let tmp;
let chrome;
let port;
let lighthouse;
let desktopConfig;
const rows = [];

/** Chromium with a DevTools port; resolves with the port once it listens. */
function launchChrome(userDataDir) {
  return new Promise((resolve, reject) => {
    const proc = spawn(CHROME, [...FLAGS, `--user-data-dir=${userDataDir}`, '--remote-debugging-port=0', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port in 30 s:\n${err}`)), 30_000);
    proc.stderr.on('data', (b) => {
      err += b;
      const m = err.match(/DevTools listening on ws:\/\/[^:]+:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]) });
      }
    });
    proc.on('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${err}`)));
  });
}

before(async () => {
  ({ default: lighthouse, desktopConfig } = await import('lighthouse'));
  server = await serve(site().dir);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-lighthouse-'));
  ({ proc: chrome, port } = await launchChrome(path.join(tmp, 'profile')));
});

after(async () => {
  if (chrome && chrome.exitCode === null) {
    const gone = new Promise((resolve) => chrome.once('exit', resolve));
    chrome.kill();
    await gone;
  }
  await server?.close();
  // Chrome's helper processes may still write to the profile for a moment after it exits.
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  if (rows.length) {
    console.log('\nLighthouse scores (performance / accessibility / best practices / SEO):');
    for (const r of rows) console.log(`  ${r}`);
  }
});

function cluster() {
  const { clusters } = JSON.parse(fs.readFileSync(path.join(site().dir, 'data/clusters.json'), 'utf8'));
  // A profile with a logo: the richer page (image, labels, contacts).
  return `/clusters/${(clusters.find((c) => c.logo) || clusters[0]).slug}/`;
}

async function audit(url, preset) {
  try {
    const flags = { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, disableFullPageScreenshot: true, maxWaitForLoad: 30_000 };
    const r = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
    return r.lhr;
  } catch (e) {
    return { runtimeError: { code: 'CRASH', message: e.stack || e.message } };
  }
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

const score = (lhr) => Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]));
const worst = (lhr) => (lhr.runtimeError ? -1 : Math.min(...Object.values(score(lhr))));

for (const preset of PRESETS) {
  for (const [name, rel] of [['home', '/'], ['cluster', null], ['search', '/search/?q=hydrogen'], ['map', '/map/']]) {
    if (!runs(preset, name)) continue;
    test(`Lighthouse ${preset}: ${name} page scores at least ${MIN} in every category`, async () => {
      const p = rel ?? cluster();
      let lhr = await audit(server.origin + p, preset);
      if (worst(lhr) < MIN) {
        // Performance is measured on a shared two-core machine: one more run, the better one counts.
        const again = await audit(server.origin + p, preset);
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
