// The demo hosted under a path, as GitHub Pages serves a project site: built with
// `--base-url https://example.org/programme/` into a temporary folder (this file's one build) and
// served at http://127.0.0.1:PORT/programme/ by a static server that knows nothing of showcase
// (a missing file gets the top 404.html with status 404, as GitHub Pages answers). In headless
// Chromium: the home page is styled by the theme's stylesheet; a cluster page, the same page
// in German through the language switcher, the German map through the menu, a missing page deep
// under the path (the 404 page, styled, its links under the path) and a search with results all
// work; no request fails, none answers 400 or more but the deliberate 404, and none leaves the path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, DEMO_DATE, copyDemoInputs, launch } from './lib/site.mjs';

const BASE = '/programme/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp',
  '.xml': 'application/xml', '.ics': 'text/calendar; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.zip': 'application/zip',
};

let tmp;
let dir;
let server;
let origin;
let browser;
/** Every request the server answered: `{ path, status }`. */
const served = [];

/** Serve `dir` under BASE only, as a static host serving a project site. */
function serveUnder(root) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let status = 200;
    let file = null;
    if (url.pathname.startsWith(BASE)) {
      let rel;
      try {
        rel = decodeURIComponent(url.pathname.slice(BASE.length));
      } catch {
        rel = '\0';
      }
      file = path.join(root, path.normalize('/' + rel));
      if (!file.startsWith(root)) file = null;
      else if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    }
    if (!file || !fs.existsSync(file)) {
      status = 404;
      file = path.join(root, '404.html');
    }
    served.push({ path: url.pathname, status });
    const body = fs.readFileSync(file);
    res.writeHead(status, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-base-path-'));
  const root = path.join(tmp, 'root');
  copyDemoInputs(root);
  dir = path.join(tmp, 'public');
  const r = spawnSync(BIN, ['build', '--root', root, '--output', dir, '--base-url', `https://example.org${BASE}`,
    '--date', DEMO_DATE, '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `showcase build failed:\n${r.stderr}`);
  server = serveUnder(dir);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.closeAllConnections?.();
  await new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

test('the demo under /programme/ is styled, navigable, searchable, and asks for nothing outside it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const failed = [];
  const errors = [];
  const deliberate = `${origin}${BASE}de/no/such/page/`;
  // A navigation cancels the images still loading on the page it leaves (net::ERR_ABORTED):
  // that is the browser's doing, not a missing file; missing files show as statuses below.
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') failed.push(`${r.url()}: ${error}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== deliberate) failed.push(`${r.url()}: ${r.status()}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text()); });

  // The home page, styled by /programme/style.css (the browser's defaults give the body a
  // margin of 8px and the header no border).
  let response = await page.goto(`${origin}${BASE}`, { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  const style = await page.evaluate(() => ({
    bodyMargin: getComputedStyle(document.body).marginTop,
    headerBorder: getComputedStyle(document.querySelector('.site-header')).borderBottomStyle,
    sheets: [...document.styleSheets].map((s) => s.href).filter(Boolean),
  }));
  assert.deepEqual(style.sheets, [`${origin}${BASE}style.css`]);
  assert.equal(style.bodyMargin, '0px');
  assert.equal(style.headerBorder, 'solid');

  // A cluster, from a link on the home page.
  const clusterHref = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href'))
    .find((h) => /^\/programme\/clusters\/[a-z0-9-]+\/$/.test(h || '')));
  assert.ok(clusterHref, 'a link to a cluster on the home page');
  const cluster = page.locator(`main a[href="${clusterHref}"]`).first();
  await Promise.all([page.waitForURL(origin + clusterHref), cluster.click()]);
  assert.equal(await page.locator('h1').count(), 1);

  // The same cluster in German, through the language switcher.
  const german = page.locator('.lang-switch a[hreflang="de"]');
  await Promise.all([page.waitForURL(`${origin}${BASE}de/${clusterHref.slice(BASE.length)}`), german.click()]);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');

  // The German map, through the menu.
  const map = page.locator(`.main-nav a[href="${BASE}de/map/"]`);
  await Promise.all([page.waitForURL(`${origin}${BASE}de/map/`), map.click()]);
  await page.waitForLoadState('networkidle');
  assert.ok(await page.locator('[data-map] .pin').count() > 10, 'pins on the map');
  assert.ok(await page.evaluate(() => !!document.querySelector('script[src="/programme/js/map.js"]')));

  // A missing page deep under the path: the 404 page, styled, its links under the path.
  response = await page.goto(deliberate, { waitUntil: 'load' });
  assert.equal(response.status(), 404);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).marginTop), '0px');
  const hrefs = await page.$$eval('a[href^="/"], link[href^="/"], script[src^="/"]',
    (els) => els.map((e) => e.getAttribute('href') || e.getAttribute('src')));
  assert.ok(hrefs.length > 10, `${hrefs.length} links on the 404 page`);
  assert.deepEqual(hrefs.filter((h) => !h.startsWith(BASE)), []);
  const home = page.locator(`a.brand[href="${BASE}"]`);
  await Promise.all([page.waitForURL(`${origin}${BASE}`), home.click()]);

  // A search from the header's box on the home page: the results page, with results under the path.
  await page.fill('#site-search-input', 'hydrogen');
  await Promise.all([page.waitForURL((u) => u.pathname === `${BASE}search/` && u.searchParams.get('q') === 'hydrogen'),
    page.press('#site-search-input', 'Enter')]);
  await page.waitForFunction(() => document.querySelectorAll('#search-results > li a').length > 0, null, { timeout: 30_000 });
  const results = await page.$$eval('#search-results > li a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(results.length >= 3, `${results.length} results`);
  assert.deepEqual(results.filter((h) => !h.startsWith(BASE)), []);
  await Promise.all([page.waitForURL(origin + results[0]), page.click('#search-results > li a')]);
  await page.waitForLoadState('networkidle');

  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  const outside = served.filter((r) => !r.path.startsWith(BASE));
  assert.deepEqual(outside, [], 'requests outside the path');
  const searchFiles = served.filter((r) => r.path.startsWith(`${BASE}search/en/`) && r.path.endsWith('.json'));
  assert.ok(searchFiles.length > 0 && searchFiles.every((r) => r.status === 200), 'search files fetched under the path');
  assert.ok(served.some((r) => r.path === `${BASE}map/base.svg` && r.status === 200), 'the map base, under the path');
  await context.close();
});
