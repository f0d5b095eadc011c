// The Content-Security-Policy `build` writes into `_headers`, in headless Chromium: the demo is
// served with exactly the headers `_headers` gives each URL (read as Cloudflare Pages reads it:
// rules in order, `! Name` drops a header an earlier rule set), and one page of every template in
// every language is opened, with its scripts at work (a search with a query, a directory filter,
// the map's filter, an old URL that refreshes to its record's page, a 404):
// - no policy violation (`securitypolicyviolation` events, Chromium's "Refused to …" messages)
//   and no other error, and no request to another host (tiles, fonts, scripts, pictures), nor
//   any source named by the page (a lazy picture, a srcset's other widths);
// - the policy is in force: an inline script put into a page does not run and is reported;
// - an SVG opened on its own gets the SVG policy alone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { LANGUAGES, launch, site } from './lib/site.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.webp': 'image/webp', '.gif': 'image/gif', '.xml': 'application/xml', '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.pdf': 'application/pdf', '.zip': 'application/zip',
};

/** `_headers` as rules: `{ re, unset: [name], set: [[name, value]] }`. */
function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    if (t.startsWith('/')) {
      // Cloudflare Pages: `*` is anything, `:name` one segment, the whole path anchored.
      const src = t.split('*').map((part) => part.replace(/[-/\\^$+?.()|[\]{}]/g, '\\$&')).join('.*')
        .replace(/:[A-Za-z]\w*/g, '[^/]+');
      rules.push({ re: new RegExp(`^${src}$`), unset: [], set: [] });
    } else if (t.startsWith('!')) {
      rules.at(-1).unset.push(t.slice(1).trim().toLowerCase());
    } else {
      const i = t.indexOf(':');
      rules.at(-1).set.push([t.slice(0, i).trim().toLowerCase(), t.slice(i + 1).trim()]);
    }
  }
  return rules;
}

function headersFor(rules, pathname) {
  const h = new Map();
  for (const r of rules.filter((r) => r.re.test(pathname))) {
    for (const n of r.unset) h.delete(n);
    for (const [n, v] of r.set) h.set(n, h.has(n) ? `${h.get(n)}, ${v}` : v);
  }
  return h;
}

/** Serve `dir` as a host with `_headers` would: `/x/` is `/x/index.html`, a missing file the
 * 404 page of its language (as `_redirects` asks), with status 404. */
async function serveWithHeaders(dir, rules) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.join(dir, path.normalize(decodeURIComponent(url.pathname)));
    let status = 200;
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      fs.accessSync(file);
    } catch {
      status = 404;
      const lang = LANGUAGES.find((l) => l !== 'en' && url.pathname.startsWith(`/${l}/`));
      file = path.join(dir, lang ? `${lang}/404.html` : '404.html');
    }
    const body = fs.readFileSync(file);
    const headers = { 'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream' };
    for (const [n, v] of headersFor(rules, url.pathname)) headers[n] = v;
    res.writeHead(status, headers);
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }) };
}

const prefix = (lang) => (lang === 'en' ? '' : `/${lang}`);
const pageDir = (dir, rel) => fs.existsSync(path.join(dir, rel, 'index.html'));
/** The first record folder of a list (not a facet or pagination folder). */
function firstRecord(dir, list, skip = []) {
  const base = path.join(dir, list);
  if (!fs.existsSync(base)) return null;
  const names = fs.readdirSync(base, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    .filter((n) => !['page', 'archive', ...skip].includes(n) && pageDir(dir, `${list}/${n}`));
  return names.length ? `/${list}/${names[0]}/` : null;
}

let s;
let server;
let browser;
let rules;
before(async () => {
  s = site();
  rules = parseHeaders(fs.readFileSync(path.join(s.dir, '_headers'), 'utf8'));
  server = await serveWithHeaders(s.dir, rules);
  browser = await launch();
});
after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
});

/** Open `url` with the violations and errors it reports collected; `act(page)` then works it. */
async function visit(url, act) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ${e.sample || ''}`.trim());
    });
  });
  page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
  // Nothing is asked of another host (tiles, fonts, scripts, pictures), blocked or not.
  const elsewhere = (u) => !u.startsWith(server.origin) && !u.startsWith('data:') && !u.startsWith('blob:');
  page.on('request', (r) => {
    if (elsewhere(r.url())) problems.push(`request to another host: ${r.url()}`);
  });
  page.on('console', (m) => {
    // A 404 page's own request is reported as a failed load: that is what it is for.
    if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(server.origin + url, { waitUntil: 'load' });
  if (act) await act(page);
  await page.waitForTimeout(150);
  // What the page would still load (lazy pictures below the fold, other sources of a srcset):
  // named by its elements, so without scrolling each page to its end (that doubled this test).
  const sources = await page.evaluate(() => [...document.querySelectorAll('[src], [srcset], link[href]')]
    .filter((e) => e.tagName !== 'LINK' || /\b(stylesheet|icon|preload|modulepreload|manifest)\b/.test(e.rel))
    .flatMap((e) => [e.getAttribute('src'), e.tagName === 'LINK' ? e.getAttribute('href') : null,
      ...(e.getAttribute('srcset') || '').split(',').map((c) => c.trim().split(/\s+/)[0])])
    .filter(Boolean).map((u) => new URL(u, location.href).href));
  for (const u of sources.filter(elsewhere)) problems.push(`source on another host: ${u}`);
  const violations = await page.evaluate(() => window.__violations);
  return { page, context, problems: [...problems, ...violations.map((v) => `violation: ${v}`)] };
}

test('every template, in English and German, works under the pages\' policy', async () => {
  const dir = s.dir;
  const en = {
    home: '/', clusters: '/clusters/', cluster: firstRecord(dir, 'clusters'), map: '/map/', figures: '/figures/',
    organisations: '/organisations/', organisation: firstRecord(dir, 'organisations', ['kinds', 'sizes', 'sectors', 'technologies', 'regions', 'countries', 'clusters']),
    events: '/events/', event: firstRecord(dir, 'events'), news: '/news/', newsItem: firstRecord(dir, 'news'),
    documents: '/documents/', document: firstRecord(dir, 'documents'), brand: '/brand/', calls: '/calls/',
    call: firstRecord(dir, 'calls'), cooperation: '/cooperation/',
    request: firstRecord(dir, 'cooperation', ['directions', 'topics', 'sectors', 'technologies', 'countries']),
    sectors: '/sectors/', search: '/search/?q=hydrogen', missing: '/no/such/page/',
  };
  // An old URL of a renamed record: its page refreshes to the record's page at once.
  const redirects = fs.readFileSync(path.join(dir, '_redirects'), 'utf8').split('\n').filter((l) => / 301!?$/.test(l));
  const failures = [];
  let visited = 0;
  // The policy and the pages' styles and scripts do not change with the language: English and
  // one other language (the one that writes longest) cover every template; all four took 70 s.
  const checked = ['en', 'de'];
  for (const lang of checked) {
    for (const [name, u] of Object.entries(en)) {
      if (!u) continue;
      const url = prefix(lang) + u;
      const { context, problems } = await visit(url, async (page) => {
        if (name === 'search') await page.waitForSelector('#search-results > li a', { timeout: 10000 });
        if (name === 'clusters' || name === 'organisations' || name === 'map') {
          const box = page.locator('form[data-filters] input[type=checkbox]').first();
          if (await box.count()) await box.check();
        }
      });
      visited++;
      if (problems.length) failures.push(`${url}: ${problems.join(' | ')}`);
      await context.close();
    }
    for (const line of redirects.filter((l) => l.startsWith(`${prefix(lang)}/`) && (lang !== 'en' || !LANGUAGES.some((o) => o !== 'en' && l.startsWith(`/${o}/`))))) {
      const [from, to] = line.split(' ');
      const { page, context, problems } = await visit(from);
      await page.waitForURL((u) => u.pathname === to, { timeout: 10000 });
      visited++;
      if (problems.length) failures.push(`${from}: ${problems.join(' | ')}`);
      await context.close();
    }
  }
  assert.ok(redirects.length > 0, 'the demo has an alias, so its old URL is tried too');
  assert.ok(visited >= checked.length * 18, `visited ${visited} pages`);
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('the policy is in force: an inline script does not run, and is reported', async () => {
  const { page, context, problems } = await visit('/clusters/');
  const ran = await page.evaluate(() => {
    const el = document.createElement('script');
    el.textContent = 'window.__ran = true';
    document.body.append(el);
    return window.__ran === true;
  });
  await page.waitForTimeout(100);
  const violations = await page.evaluate(() => window.__violations);
  await context.close();
  assert.equal(ran, false, 'an inline script ran');
  assert.deepEqual(problems, []);
  assert.ok(violations.some((v) => v.startsWith('script-src')), JSON.stringify(violations));
});

test('an SVG opened on its own gets the SVG policy alone', async () => {
  const svg = (function find(d, rel = '') {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith('.svg')) return `${rel}/${e.name}`;
      if (e.isDirectory()) {
        const f = find(path.join(d, e.name), `${rel}/${e.name}`);
        if (f) return f;
      }
    }
    return null;
  })(s.dir);
  assert.ok(svg, 'the demo has an SVG');
  const res = await fetch(server.origin + svg);
  assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
  const page = await fetch(server.origin + '/');
  assert.match(page.headers.get('content-security-policy'), /script-src 'self'; /);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
});
