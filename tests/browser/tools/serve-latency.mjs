// Edit-to-reload with `showcase serve`, as a user sees it: a page open in headless Chromium,
// one cluster's summary changed on disk, and the time until the open page shows the change.
// Not part of the test run (it needs a large programme); the benchmark's figure
// (`cargo bench --bench large -- serve N`) polls the served page instead of a browser.
//
//   node tools/serve-latency.mjs ROOT [SLUG] [EDITS]     # e.g. /tmp/showcase-bench-1000
import fs from 'node:fs';
import path from 'node:path';
import { launch, showcaseServe } from '../lib/site.mjs';

const root = path.resolve(process.argv[2]);
const slug = process.argv[3] || 'cluster-00007';
const edits = Number(process.argv[4] || 6);
const file = path.join(root, 'content/clusters', `${slug}.md`);
const original = fs.readFileSync(file, 'utf8');

const serve = await showcaseServe(root);
await serve.waitFor(/^Search index updated/, 900_000);
const browser = await launch();
const page = await browser.newPage();
await page.goto(`${serve.origin}/clusters/${slug}/`);
const times = [];
try {
  for (let n = 0; n < edits; n++) {
    const marker = `Browseredit${n}x${process.pid}`;
    await page.waitForTimeout(2000);
    // The time of the reloaded page's DOMContentLoaded (when its text is there to read),
    // not of a poll noticing it: polling across a navigation adds tens of milliseconds.
    let shownAt = null;
    const onReady = () => { if (shownAt === null) shownAt = Date.now(); };
    page.on('domcontentloaded', onReady);
    const t0 = Date.now();
    fs.writeFileSync(file, original.replace('summary = "', `summary = "${marker} `));
    await page.waitForFunction((m) => document.body && document.body.textContent.includes(m), marker, { timeout: 30000, polling: 5 });
    page.off('domcontentloaded', onReady);
    times.push((shownAt ?? Date.now()) - t0);
  }
} finally {
  fs.writeFileSync(file, original);
  await browser.close();
  await serve.close();
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`edit to page shown in Chromium: median ${sorted[sorted.length >> 1]} ms, min ${sorted[0]}, max ${sorted.at(-1)} (${times.join(', ')})`);
