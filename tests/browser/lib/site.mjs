// Shared harness of the browser tests: the built demo site, a static server that counts what
// it serves, and one headless Chromium per test file.
//
//   import { demo } from './lib/site.mjs';
//   const d = await demo();                 // build or reuse the site, serve it, launch Chromium
//   after(() => d.close());
//   const page = await d.page('/de/search/?q=wasserstoff');   // fresh context: empty HTTP cache
//   d.server.mark(); … d.server.since(mark)                   // requests served since a mark
//
// The site: SHOWCASE_DEMO_OUT names an already built site (tests/run-all.sh builds the bundled
// demo into target/demo-public with --date 2026-11-26); its tantivy index is the one in the root
// (search-index/, or SHOWCASE_DEMO_INDEX). Otherwise the demo is built with SHOWCASE_BIN
// (default target/release/showcase) into a temporary folder, from a temporary root holding copies of
// the repository's site.toml, content/ and themes/, so the repository is left untouched.
// SHOWCASE_DATE (default 2026-11-26) is "today" for such a build.
//
// The browser: Debian's /usr/bin/chromium (or CHROMIUM) through playwright-core, headless,
// without background networking; Playwright gives each launch a fresh --user-data-dir. The
// machine has two cores, so a test file launches one browser and shares it between its tests;
// `page()` opens each page in a new browser context (own cache, cookies and storage).
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const LANGUAGES = ['en', 'de', 'nb', 'fr'];
export const DEMO_DATE = process.env.SHOWCASE_DATE || '2026-11-26';
export const BIN = path.resolve(ROOT, process.env.SHOWCASE_BIN || 'target/release/showcase');

let built = null;
const temps = [];
process.on('exit', () => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

/** Copy the demo's inputs (settings, content, themes) into `root`: copies, not links, since
 * showcase refuses content that leaves the site root. */
export function copyDemoInputs(root) {
  fs.mkdirSync(root, { recursive: true });
  for (const entry of ['site.toml', 'content', 'themes', 'templates', 'static']) {
    if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(root, entry), { recursive: true });
  }
}

/** The built site: `{ dir, index, root, bin }` (`index`: the tantivy indexes, per language). */
export function site() {
  if (built) return built;
  if (process.env.SHOWCASE_DEMO_OUT) {
    const dir = path.resolve(ROOT, process.env.SHOWCASE_DEMO_OUT);
    const index = path.resolve(ROOT, process.env.SHOWCASE_DEMO_INDEX || 'search-index');
    if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`SHOWCASE_DEMO_OUT=${dir} holds no built site`);
    built = { dir, index, root: ROOT, bin: BIN };
    return built;
  }
  if (!fs.existsSync(BIN)) throw new Error(`no showcase binary at ${BIN}: run \`cargo build --release\` or set SHOWCASE_BIN`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-demo-'));
  temps.push(tmp);
  const root = path.join(tmp, 'root');
  copyDemoInputs(root);
  const dir = path.join(tmp, 'public');
  const r = spawnSync(BIN, ['build', '--root', root, '--output', dir, '--date', DEMO_DATE, '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`showcase build failed (${r.status}):\n${r.stderr}`);
  built = { dir, index: path.join(root, 'search-index'), root, bin: BIN };
  return built;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.avif': 'image/avif', '.gif': 'image/gif',
  '.ico': 'image/x-icon', '.xml': 'application/xml', '.ics': 'text/calendar; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf', '.zip': 'application/zip', '.woff2': 'font/woff2', '.webmanifest': 'application/manifest+json',
};

/**
 * Serve `dir` on 127.0.0.1 (a free port) as a static host would: `/x/` serves `/x/index.html`,
 * a missing file serves `/404.html` with status 404. Responses are `Cache-Control: no-store`,
 * so every fetch a page makes reaches the server and is counted.
 *
 * `server.requests` lists what was served: `{ path, query, status, bytes, page, at }` where
 * `bytes` is the body as it lies on disk (uncompressed) and `page` the path of the page that
 * asked (from the Referer; the page itself for a navigation).
 * `mark()` returns a position; `since(mark, filter?)` the requests after it; `quiet(ms)` waits
 * until nothing was requested for `ms` (Playwright's `networkidle` resolves at once after the
 * first time, so it misses fetches a page makes later);
 * `totals(list)` → `{ requests, bytes }`; `byPage()` → Map page -> `{ requests, bytes }`.
 */
export async function serve(dir) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      rel = '/';
    }
    let file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir)) file = path.join(dir, '404.html');
    let status = 200;
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      fs.accessSync(file);
    } catch {
      status = 404;
      file = path.join(dir, '404.html');
    }
    let body;
    try {
      body = fs.readFileSync(file);
    } catch {
      body = Buffer.from('not found');
    }
    let page = url.pathname;
    const ref = req.headers.referer;
    if (ref && (req.headers['sec-fetch-dest'] || '') !== 'document') {
      try {
        page = new URL(ref).pathname;
      } catch { /* keep the path */ }
    }
    requests.push({ path: url.pathname, query: url.search, status, bytes: body.length, page, at: Date.now() });
    res.writeHead(status, {
      'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const totals = (list) => ({ requests: list.length, bytes: list.reduce((s, r) => s + r.bytes, 0) });
  return {
    origin,
    requests,
    mark: () => requests.length,
    /** Resolves once nothing has been requested for `ms` (late fetches included). */
    async quiet(ms = 400) {
      for (;;) {
        const last = requests.length ? requests[requests.length - 1].at : 0;
        const wait = last + ms - Date.now();
        if (wait <= 0) return;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    },
    since: (mark, filter = () => true) => requests.slice(mark).filter(filter),
    totals,
    byPage() {
      const m = new Map();
      for (const r of requests) {
        const t = m.get(r.page) || { requests: 0, bytes: 0 };
        t.requests++;
        t.bytes += r.bytes;
        m.set(r.page, t);
      }
      return m;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/** Debian's Chromium, headless, through playwright-core (no browser download). */
export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/**
 * Everything a test file needs: `{ site, server, browser, url(path), page(path, opts), close() }`.
 * `page(path)` opens `path` in a fresh context and waits for `load`; JavaScript errors on the
 * page are collected in `page.errors` (tests should assert it stays empty).
 */
export async function demo() {
  const s = site();
  const server = await serve(s.dir);
  const browser = await launch();
  const contexts = [];
  return {
    site: s,
    server,
    browser,
    url: (p) => server.origin + p,
    async page(p, opts = {}) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...opts });
      contexts.push(context);
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e));
      page.on('console', (m) => { if (m.type() === 'error') page.errors.push(new Error(m.text())); });
      if (p !== undefined) await page.goto(server.origin + p, { waitUntil: 'load' });
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/** The search URL of a language (English at the root). */
export const searchPath = (lang) => (lang === 'en' ? '/search/' : `/${lang}/search/`);
export const homePath = (lang) => (lang === 'en' ? '/' : `/${lang}/`);

function searchArgs(query, { lang = 'en', limit = 10, filters = {} } = {}) {
  const s = site();
  const args = ['search', '--lang', lang, '--limit', String(limit), '--format', 'json', '--root', s.root, '--index', s.index];
  for (const [k, v] of Object.entries(filters || {})) if (v) args.push(`--${k}`, v);
  args.push('--', query);
  return args;
}

/** `showcase search … --format json` on the site's index: `[{url, title, kind, lang, score, …}]`. */
export function groundTruth(query, opts) {
  const args = searchArgs(query, opts);
  const r = spawnSync(site().bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`showcase ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout).results;
}

/**
 * `showcase search --batch` on the site's index: the CLI's answers `{ results, corrected,
 * unmatched }` to many `{ query, lang, limit, filters }`, in order, from one process (each
 * language's index opened once, not once per query).
 */
export function groundTruthAnswers(list) {
  const s = site();
  const args = ['search', '--batch', '--root', s.root, '--index', s.index];
  const input = list.map(({ query, lang = 'en', limit = 10, filters = {} }) => {
    const f = Object.fromEntries(Object.entries(filters || {}).filter(([, v]) => v));
    return JSON.stringify({ query, lang, limit, filters: f });
  }).join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile(s.bin, args, { encoding: 'utf8', maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      const lines = stdout.split('\n').filter((l) => l);
      if (err || lines.length !== list.length) {
        return reject(new Error(`showcase ${args.join(' ')} (${list.length} queries, ${lines.length} answers): ${stderr || (err && err.message)}`));
      }
      resolve(lines.map((l) => JSON.parse(l)));
    });
    child.stdin.end(input + '\n');
  });
}

/** groundTruth for many `{ query, lang, limit, filters }`: their results, by groundTruthAnswers. */
export async function groundTruthMany(list) {
  return (await groundTruthAnswers(list)).map((a) => a.results);
}

/**
 * `showcase serve` on the site in `root`, on a free port: `{ origin, waitFor(re), close() }`.
 * `waitFor` resolves with the match of the first line of its output (stderr) matching `re`
 * that it has not yet consumed, so consecutive waits follow the output in order.
 */
export async function showcaseServe(root, extra = []) {
  const { spawn } = await import('node:child_process');
  const child = spawn(BIN, ['serve', '--port', '0', '--root', root, '--date', DEMO_DATE, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  let consumed = 0;
  const listeners = new Set();
  child.stderr.on('data', (d) => { log += d; for (const l of listeners) l(); });
  let exited = null;
  child.on('exit', (code) => { exited = code; for (const l of listeners) l(); });
  const waitFor = (re, timeout = 120_000) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${re} from showcase serve within ${timeout} ms; it printed:\n${log}`)), timeout);
    const check = () => {
      const lines = log.slice(consumed).split('\n');
      let offset = consumed;
      for (const line of lines.slice(0, -1)) {
        offset += line.length + 1;
        const m = re.exec(line);
        if (m) { consumed = offset; return done(null, m); }
      }
      if (exited !== null) done(new Error(`showcase serve exited (${exited}):\n${log}`));
    };
    const done = (err, m) => { clearTimeout(timer); listeners.delete(check); err ? reject(err) : resolve(m); };
    listeners.add(check);
    check();
  });
  const port = (await waitFor(/Serving .* at http:\/\/127\.0\.0\.1:(\d+)\//))[1];
  return {
    origin: `http://127.0.0.1:${port}`,
    waitFor,
    log: () => log,
    close: () => new Promise((resolve) => {
      if (exited !== null) return resolve();
      child.on('exit', resolve);
      child.kill();
    }),
  };
}

/**
 * Start timing keystrokes on a search page: from each keydown (or, for characters typed
 * without one, such as ø and é off the US layout, beforeinput) to the next change of the
 * results or the count. The times collect in `window.__timings` (milliseconds).
 */
export function timeKeystrokes(page) {
  return page.evaluate(() => {
    window.__timings = [];
    let t0 = null;
    document.addEventListener('keydown', () => { t0 = performance.now(); }, true);
    document.addEventListener('beforeinput', () => { if (t0 === null) t0 = performance.now(); }, true);
    const seen = () => {
      if (t0 !== null) window.__timings.push(performance.now() - t0);
      t0 = null;
    };
    const o = new MutationObserver(seen);
    o.observe(document.getElementById('search-results'), { childList: true, subtree: true });
    o.observe(document.getElementById('search-status'), { childList: true, characterData: true, subtree: true });
  });
}

/**
 * The graded visitor queries of tests/search-quality/demo.toml: `[{ lang, q, category,
 * relevant, why }]`. The file keeps to one `key = value` per line (strings, and arrays of
 * strings), which JSON reads once TOML's basic strings are taken as JSON strings; the Rust test
 * reads it with a real TOML parser and fails on anything else.
 */
export function gradedQueries(file = path.join(ROOT, 'tests/search-quality/demo.toml')) {
  const queries = [];
  for (const [n, raw] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line === '[[query]]') { queries.push({}); continue; }
    const m = /^([a-z]+)\s*=\s*(.*?)\s*(#[^"\]]*)?$/.exec(line);
    if (!m || !queries.length) throw new Error(`${file}:${n + 1}: not a key = value line of a [[query]]: ${line}`);
    queries[queries.length - 1][m[1]] = JSON.parse(m[2]);
  }
  return queries;
}
