// Measures the search budgets on a built site, query by query, beside Pagefind on the same pages.
// Not part of the test run: budget.test.mjs checks a few hand-picked queries on the small demo;
// this reads a large built programme (the 10,000-cluster benchmark) and chooses its queries
// from the content, so the worst cases (longest posting lists, prefixes, typos) are measured.
//
//   node tools/search-budget.mjs --site /tmp/bench/public --root /tmp/bench \
//     [--bin /path/to/showcase] [--pagefind /tmp/pagefind-out] [--lang en,de,nb] [--json out.json] [--list]
//
// --site: the built public/ folder; --root: the site folder (content/, search-index/) for the
// ground truth and the queries; --bin: the showcase binary (default: SHOWCASE_BIN or
// target/release/showcase); --pagefind: the output of `npx pagefind --site SITE --output-path DIR`,
// served as /pagefind/ (without it Pagefind is not measured); --lang: languages (default: every
// folder under SITE/search/); --json: also write every figure, request by request, to a file;
// --list: only print the chosen queries with their document frequency and CLI hit count.
//
// The budgets (the issue's, as in budget.test.mjs): a first query at most 100 KB in at most
// 8 requests, each further query at most 30 KB, keystroke to results under 50 ms once loaded.
// Bytes are the files as they lie in SITE (uncompressed JSON), /js/search.js and the stemmer
// scripts it loads (/js/stem/) included, the page, stylesheets and images not. Pagefind's index files lie gzip-compressed on disk, so its disk
// bytes are already wire bytes: the `gz` figures (each file gzipped at level 6, Pagefind's
// .gz files as they are) put both on the same footing.
//
// Queries, per language, from the content files (each record's text in that language, else
// its English text, as the index holds it): the 3 words of highest document frequency (the
// longest posting lists), 3 of middle frequency (df near the square root of the highest) and
// 3 of lowest (spread over the alphabet, so they fall in different vocabulary chunks; these two
// only among words of the language's own text, not of the English fallback), two
// prefixes of frequent words as typed (3 and 4 letters), two one-letter typos of 6+ letter
// words (a vocabulary word with one inner letter changed, neither a word nor a prefix of one)
// and a two-word query (the most frequent word and a middle one). Same content, same queries.
//
// Each query, in one headless Chromium (the machine has two cores), each measure in a fresh
// browser context (empty cache):
// - first: open the search page with ?q=, wait until the links of #search-results equal the
//   top 10 of `showcase search --format json` and the server has been quiet for 500 ms (the
//   summaries arrive a little after the results), count what came from /js/search.js, /js/stem/ and
//   /search/<lang>/ (display shards included, as budget.test.mjs does); results that do not
//   reach the CLI's within 15 s are reported as a mismatch, both lists printed;
// - further: the same after another query of the list (the next one starting with another
//   letter, so the two seldom share a vocabulary chunk), the new query typed into
//   #search-query with fill();
// - keystrokes: on that page, with every prefix of the query loaded through
//   window.showcaseSearch.query, the query is typed key by key, each key waiting for its
//   results; a MutationObserver times keydown to the next change of the results or count;
//   the index files fetched meanwhile are recorded (none are expected);
// - Pagefind: /pagefind/pagefind.js imported on the language's search page (Pagefind picks the
//   index by <html lang>), `await pagefind.search(q)`, then `data()` of the first 10 results, as
//   a results page would show them; bytes under /pagefind/, first in a fresh context and
//   further after the same other query.
// /pagefind/ is served from a folder of symbolic links (the site's entries and pagefind -> DIR),
// so neither the site nor the Pagefind output is copied or written to.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { BIN, launch, searchPath, serve, timeKeystrokes } from '../lib/site.mjs';

const BUDGET = { firstBytes: 100_000, firstRequests: 8, furtherBytes: 30_000, keystrokeMs: 50 };
const QUIET_MS = 500;
const SETTLE_MS = 15_000;

// ---- arguments ----------------------------------------------------------------------------
const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (!a.startsWith('--')) usage(`unexpected ${a}`);
  args[a.slice(2)] = a === '--list' ? true : process.argv[++i];
}
function usage(msg) {
  console.error(`${msg}\nusage: node tools/search-budget.mjs --site DIR --root ROOTDIR [--bin BIN] [--pagefind DIR] [--lang en,de] [--json out.json] [--list]`);
  process.exit(2);
}
if (!args.site || !args.root) usage('--site and --root are required');
const SITE = path.resolve(args.site);
const ROOTDIR = path.resolve(args.root);
const BINARY = path.resolve(args.bin || BIN);
const PAGEFIND = args.pagefind ? path.resolve(args.pagefind) : null;
for (const [what, p] of [['site', path.join(SITE, 'search')], ['root', path.join(ROOTDIR, 'content')], ['bin', BINARY]].concat(PAGEFIND ? [['pagefind', path.join(PAGEFIND, 'pagefind.js')]] : [])) {
  if (!fs.existsSync(p)) usage(`--${what}: ${p} does not exist`);
}
const LANGS = (args.lang ? args.lang.split(',') : fs.readdirSync(path.join(SITE, 'search')).filter((d) => fs.existsSync(path.join(SITE, 'search', d, 'manifest.json'))).sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a < b ? -1 : 1)));

// ---- queries from the content ---------------------------------------------------------------
const NOT_WORD = /[^\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]+/u;
// Close enough to tantivy's folding to count documents per word; the query keeps the surface
// form (ø, é) as a visitor types it, and both sides fold it the same way.
const FOLD = { 'ø': 'o', 'æ': 'ae', 'ß': 'ss', 'œ': 'oe', 'ð': 'd', 'đ': 'd', 'ł': 'l', 'þ': 'th' };
const fold = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/[øæßœðđłþ]/g, (c) => FOLD[c]);

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
const unquote = (s) => s.replace(/\\(.)/g, '$1');

/** Text of a Markdown record: title-like front matter strings (top level only) and the body. */
function markdownText(file) {
  const s = fs.readFileSync(file, 'utf8');
  const m = /^\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+[^\n]*\n?([\s\S]*)$/.exec(s);
  if (!m) return s;
  const top = m[1].split(/^\[/m)[0];
  const fields = [...top.matchAll(/^(?:name|title|acronym|summary)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/gm)].map((x) => unquote(x[1]));
  return fields.join(' ') + '\n' + m[2];
}
/** Text of a TOML record (events) in `lang` (`title = { en = "…", de = "…" }` or a plain string),
    and whether some of it is the default language's. */
function tomlText(file, lang, def) {
  const top = fs.readFileSync(file, 'utf8').split(/^\[/m)[0];
  const out = [];
  let fallback = false;
  for (const m of top.matchAll(/^(?:name|title|acronym|summary|description)\s*=\s*(.*)$/gm)) {
    const v = m[1].trim();
    if (v.startsWith('"')) out.push(unquote(v.slice(1, v.lastIndexOf('"'))));
    else if (v.startsWith('{')) {
      const per = Object.fromEntries([...v.matchAll(/([\w-]+)\s*=\s*"((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], unquote(x[2])]));
      const t = per[lang] ?? per[def];
      if (t) out.push(t);
      if (per[lang] === undefined && t) fallback = true;
    }
  }
  return { text: out.join('\n'), fallback };
}

/** Document frequency of every folded word of `lang`: Map folded -> { df, surface }. */
function vocabulary(lang) {
  const siteToml = fs.readFileSync(path.join(ROOTDIR, 'site.toml'), 'utf8');
  const def = (/^default_language\s*=\s*"([^"]+)"/m.exec(siteToml) || [])[1] || 'en';
  const langs = new Set(JSON.parse((/^languages\s*=\s*(\[.*\])/m.exec(siteToml) || [])[1] || '["en"]'));
  const records = new Map(); // stem -> { lang: file }
  const docs = [];
  const fallback = new Set(); // documents holding the default language's text
  for (const f of walk(path.join(ROOTDIR, 'content')).sort()) {
    if (f.endsWith('.md')) {
      const base = path.basename(f, '.md');
      const m = /^(.*)\.([^.]+)$/.exec(base);
      const l = m && langs.has(m[2]) ? m[2] : def;
      const stem = path.join(path.dirname(f), m && langs.has(m[2]) ? m[1] : base);
      if (!records.has(stem)) records.set(stem, {});
      records.get(stem)[l] = f;
    } else if (f.endsWith('.toml') && path.dirname(f) !== path.join(ROOTDIR, 'content')) {
      const t = tomlText(f, lang, def);
      docs.push(t.text);
      if (t.fallback) fallback.add(docs.length - 1);
    }
  }
  for (const r of records.values()) {
    const f = r[lang] || r[def];
    if (f) docs.push(markdownText(f));
    if (f && !r[lang]) fallback.add(docs.length - 1);
  }
  const vocab = new Map();
  for (const [d, text] of docs.entries()) {
    const seen = new Set();
    for (const w of text.split(NOT_WORD)) {
      if (!w) continue;
      const surface = w.toLowerCase();
      const key = fold(surface);
      let e = vocab.get(key);
      if (!e) vocab.set(key, (e = { df: 0, own: 0, surfaces: new Map() }));
      e.surfaces.set(surface, (e.surfaces.get(surface) || 0) + 1);
      if (!seen.has(key)) {
        seen.add(key);
        e.df++;
        if (!fallback.has(d)) e.own++;
      }
    }
  }
  for (const e of vocab.values()) e.surface = [...e.surfaces].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  return { vocab, docs: docs.length };
}

/** n items spread evenly over a list (deterministic, unlike the first n alphabetically). */
const spread = (list, n) => Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor(((i + 0.5) * list.length) / n)]);
const byAlpha = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const cps = (s) => Array.from(s);

function chooseQueries(lang) {
  const { vocab, docs } = vocabulary(lang);
  const words = [...vocab.keys()].filter((w) => /^\p{L}{3,}$/u.test(w));
  // Middle and rare words of the language itself, not of the English text other records fall
  // back to (which the index holds too).
  const own = words.filter((w) => vocab.get(w).own === vocab.get(w).df);
  const df = (w) => vocab.get(w).df;
  const surface = (w) => vocab.get(w).surface;
  const sorted = [...vocab.keys()].sort(byAlpha); // for "is a prefix of some word"
  const isPrefix = (p) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo].startsWith(p);
  };
  const byDf = [...words].sort((a, b) => df(b) - df(a) || byAlpha(a, b));
  const frequent = byDf.slice(0, 3);
  const target = Math.sqrt(df(byDf[0]));
  const midBand = own.filter((w) => df(w) >= target / 1.25 && df(w) <= target * 1.25 && !frequent.includes(w)).sort(byAlpha);
  const mid = spread(midBand, 3);
  const minDf = own.reduce((m, w) => Math.min(m, df(w)), Infinity);
  const rare = spread(own.filter((w) => df(w) === minDf && cps(w).length >= 5).sort(byAlpha), 3);
  // Prefixes as typed: the first letters of the surface form of frequent words.
  const long = byDf.filter((w) => cps(w).length >= 6);
  const p3 = cps(surface(long[0])).slice(0, 3).join('');
  const p4w = long.find((w) => !fold(cps(surface(w)).slice(0, 4).join('')).startsWith(fold(p3))) || long[1];
  const p4 = cps(surface(p4w)).slice(0, 4).join('');
  // A typo: one inner letter replaced by the next letter of the alphabet, from the middle
  // outwards, until the result is neither a word nor the beginning of one (else the client
  // would take it as a prefix or an exact word, not a typo).
  const typo = (w) => {
    const c = cps(surface(w));
    const order = [];
    for (let d = 0; d < c.length; d++) for (const p of [Math.floor(c.length / 2) + d, Math.floor(c.length / 2) - d]) if (p >= 1 && p < c.length && !order.includes(p)) order.push(p);
    for (const p of order) {
      const ch = c[p];
      const next = /[a-y]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 1) : ch === 'z' ? 'a' : 'e';
      const t = [...c.slice(0, p), next, ...c.slice(p + 1)].join('');
      if (!vocab.has(fold(t)) && !isPrefix(fold(t))) return t;
    }
    return null;
  };
  const typos = [];
  for (const w of [long[0], ...mid.filter((m) => cps(m).length >= 6), ...long.slice(1)]) {
    const t = typo(w);
    if (t && !typos.some((x) => x.query === t)) typos.push({ query: t, of: surface(w) });
    if (typos.length === 2) break;
  }
  const q = (kind, query, extra = {}) => ({ kind, query, df: vocab.has(fold(query)) ? vocab.get(fold(query)).df : null, ...extra });
  return {
    docs,
    words: vocab.size,
    queries: [
      ...frequent.map((w) => q('frequent', surface(w))),
      ...mid.map((w) => q('mid', surface(w))),
      ...rare.map((w) => q('rare', surface(w))),
      q('prefix', p3, { of: surface(long[0]) }),
      q('prefix', p4, { of: surface(p4w) }),
      ...typos.map((t) => q('typo', t.query, { of: t.of })),
      q('two-word', `${surface(frequent[0])} ${surface(mid[0])}`),
    ],
  };
}

// ---- ground truth -------------------------------------------------------------------------------
function cli(query, lang) {
  const out = execFileSync(BINARY, ['search', '--lang', lang, '--root', ROOTDIR, '--format', 'json', '--limit', '10', '--', query], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out).results.map((r) => r.url);
}

if (args.list) {
  for (const lang of LANGS) {
    const c = chooseQueries(lang);
    console.log(`${lang}: ${c.docs} documents, ${c.words} words`);
    for (const x of c.queries) console.log(`  ${x.kind.padEnd(8)} ${x.query.padEnd(28)} df ${String(x.df ?? '-').padStart(6)}${x.of ? ` (of ${x.of})` : ''}  cli ${cli(x.query, lang).length}`);
  }
  process.exit(0);
}

// ---- serving ------------------------------------------------------------------------------------
/** The site, with /pagefind/ from PAGEFIND: a folder of symbolic links, removed at exit. */
function servedDir() {
  if (!PAGEFIND) return SITE;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-budget-'));
  for (const e of fs.readdirSync(SITE)) if (e !== 'pagefind') fs.symlinkSync(path.join(SITE, e), path.join(dir, e));
  fs.symlinkSync(PAGEFIND, path.join(dir, 'pagefind'));
  process.on('exit', () => {
    // Unlink the links one by one: nothing behind them may be touched.
    for (const e of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, e));
    fs.rmdirSync(dir);
  });
  return dir;
}
const gzCache = new Map();
/** Bytes of a served file on a host that gzips: already gzipped files (Pagefind's) as they are. */
function gzBytes(dir, p) {
  if (!gzCache.has(p)) {
    let n = 0;
    try {
      const body = fs.readFileSync(path.join(dir, decodeURIComponent(p)));
      n = body[0] === 0x1f && body[1] === 0x8b ? body.length : zlib.gzipSync(body, { level: 6 }).length;
    } catch { /* a directory or a 404: not a search file */ }
    gzCache.set(p, n);
  }
  return gzCache.get(p);
}

// ---- the browser ------------------------------------------------------------------------------
const dir = servedDir();
const server = await serve(dir);
const browser = await launch();
const origin = server.origin;

/** Counts changes of the results or the count, from the first script on (first queries). */
const OBSERVE = () => {
  window.__sbChanges = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      const t = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (t && t.closest && t.closest('#search-results, #search-status')) {
        window.__sbChanges++;
        return;
      }
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
};
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addInitScript(OBSERVE);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return { page, close: () => context.close() };
}
const hrefs = () => [...document.querySelectorAll('#search-results > li a')].map((a) => a.getAttribute('href'));

/** Wait for the results of the query just started (changes beyond `base`) to equal `want`. */
async function settle(page, want, base) {
  let matched = true;
  try {
    await page.waitForFunction(([w, b]) => window.__sbChanges > b && (document.getElementById('search-status') || {}).textContent
      && JSON.stringify([...document.querySelectorAll('#search-results > li a')].map((a) => a.getAttribute('href'))) === w,
    [JSON.stringify(want), base], { timeout: SETTLE_MS, polling: 10 });
  } catch {
    matched = false;
  }
  await server.quiet(QUIET_MS);
  const got = await page.evaluate(hrefs);
  return { matched: matched && JSON.stringify(got) === JSON.stringify(want), got };
}
const changes = (page) => page.evaluate(() => window.__sbChanges);

function tally(list) {
  return {
    requests: list.length,
    bytes: list.reduce((s, r) => s + r.bytes, 0),
    gz: list.reduce((s, r) => s + gzBytes(dir, r.path), 0),
    files: list.map((r) => ({ path: r.path, bytes: r.bytes, status: r.status })),
  };
}
const showcaseFiles = (lang) => (r) => r.path === '/js/search.js' || r.path.startsWith('/js/stem/') || r.path.startsWith(`/search/${lang}/`);
const pagefindFiles = (r) => r.path.startsWith('/pagefind/');
const withQ = (lang, q) => `${searchPath(lang)}?q=${encodeURIComponent(q)}`;

async function first(lang, q, want) {
  const mark = server.mark();
  const { page, close } = await freshPage();
  await page.goto(origin + withQ(lang, q), { waitUntil: 'load' });
  const s = await settle(page, want, 0);
  const t = tally(server.since(mark, showcaseFiles(lang)));
  const errors = page.errors;
  await close();
  return { ...t, matched: s.matched, got: s.got, errors };
}

/** The query after `before`, then typed key by key once every file it needs is loaded. */
async function furtherAndKeys(lang, q, want, before, wantBefore) {
  const { page, close } = await freshPage();
  await page.goto(origin + withQ(lang, before), { waitUntil: 'load' });
  const warm = await settle(page, wantBefore, 0);
  const mark = server.mark();
  const base = await changes(page);
  await page.locator('#search-query').fill(q);
  const s = await settle(page, want, base);
  const further = { ...tally(server.since(mark, showcaseFiles(lang))), matched: s.matched, got: s.got, before, beforeMatched: warm.matched };

  // Keystrokes: every prefix loaded first, as once a visitor has typed the query.
  await page.evaluate(async (query) => {
    const c = Array.from(query);
    for (let i = 1; i <= c.length; i++) await window.showcaseSearch.query(c.slice(0, i).join(''), null, 10);
  }, q);
  await page.locator('#search-query').fill('');
  await server.quiet(QUIET_MS);
  await timeKeystrokes(page);
  const kmark = server.mark();
  const kbase = await changes(page);
  let missed = 0;
  for (const ch of Array.from(q)) {
    const n = await page.evaluate(() => window.__timings.length);
    await page.keyboard.type(ch);
    // One key at a time: each keystroke is timed alone, not queued behind the previous one.
    await page.waitForFunction((k) => window.__timings.length > k, n, { timeout: 2000, polling: 5 }).catch(() => { missed++; });
  }
  const typed = await settle(page, want, kbase);
  const timings = await page.evaluate(() => window.__timings);
  const sortedT = [...timings].sort((a, b) => a - b);
  const keys = {
    timings: timings.map((t) => +t.toFixed(1)),
    median: sortedT.length ? sortedT[sortedT.length >> 1] : null,
    max: sortedT.length ? sortedT.at(-1) : null,
    missed,
    matched: typed.matched,
    got: typed.got,
    // Index files fetched while typing (display shards, fetched after the results, excepted).
    fetched: server.since(kmark, (r) => r.path.startsWith(`/search/${lang}/`) && !r.path.startsWith(`/search/${lang}/d/`)).map((r) => r.path),
  };
  const errors = page.errors;
  await close();
  return { further, keys, errors };
}

async function pagefindQuery(page, q) {
  return page.evaluate(async ([src, query]) => {
    window.__pf = window.__pf || (await import(src));
    const t0 = performance.now();
    const s = await window.__pf.search(query);
    const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    return { ms: performance.now() - t0, total: s.results.length, urls: data.map((d) => d.url) };
  }, [origin + '/pagefind/pagefind.js', q]);
}
async function pagefind(lang, q, before) {
  const out = {};
  {
    const { page, close } = await freshPage();
    await page.goto(origin + searchPath(lang), { waitUntil: 'load' });
    await server.quiet(200);
    const mark = server.mark();
    const r = await pagefindQuery(page, q);
    await server.quiet(QUIET_MS);
    out.first = { ...tally(server.since(mark, pagefindFiles)), ms: r.ms, total: r.total, urls: r.urls };
    await close();
  }
  {
    const { page, close } = await freshPage();
    await page.goto(origin + searchPath(lang), { waitUntil: 'load' });
    await pagefindQuery(page, before);
    await server.quiet(QUIET_MS);
    const mark = server.mark();
    const r = await pagefindQuery(page, q);
    await server.quiet(QUIET_MS);
    out.further = { ...tally(server.since(mark, pagefindFiles)), ms: r.ms, total: r.total, urls: r.urls, before };
    await close();
  }
  return out;
}

// ---- run ------------------------------------------------------------------------------------------
const report = { site: SITE, root: ROOTDIR, bin: BINARY, pagefind: PAGEFIND, budget: BUDGET, date: new Date().toISOString(), chromium: browser.version(), languages: {}, results: [] };
try {
  for (const lang of LANGS) {
    const chosen = chooseQueries(lang);
    report.languages[lang] = { docs: chosen.docs, words: chosen.words, queries: chosen.queries };
    const list = chosen.queries;
    const truth = list.map((x) => cli(x.query, lang));
    for (let i = 0; i < list.length; i++) {
      const { kind, query, df, of } = list[i];
      // The query before: the next of the list starting with another letter.
      let j = (i + 1) % list.length;
      while (j !== i && fold(list[j].query[0]) === fold(query[0])) j = (j + 1) % list.length;
      const before = list[j].query;
      process.stderr.write(`${lang} ${kind} “${query}” (after “${before}”) … `);
      const r = { lang, kind, query, df, of, cli: truth[i] };
      r.first = await first(lang, query, truth[i]);
      const fk = await furtherAndKeys(lang, query, truth[i], before, truth[j]);
      r.further = fk.further;
      r.keys = fk.keys;
      r.errors = [...r.first.errors, ...fk.errors];
      delete r.first.errors;
      if (PAGEFIND) {
        r.pagefind = await pagefind(lang, query, before);
        // Not a check (Pagefind ranks its own way): how many of its first 10 the CLI also has.
        r.pagefind.first.inCli = r.pagefind.first.urls.filter((u) => truth[i].includes(u)).length;
      }
      report.results.push(r);
      process.stderr.write(`${kb(r.first.bytes)}/${r.first.requests}, ${kb(r.further.bytes)}, ${r.keys.max === null ? '-' : r.keys.max.toFixed(1)} ms\n`);
    }
  }
} finally {
  await browser.close().catch(() => {});
  await server.close();
}

// ---- report -----------------------------------------------------------------------------------------
function kb(n) {
  return (n / 1000).toFixed(1);
}
const over = [];
for (const r of report.results) {
  const name = `${r.lang} ${r.kind} “${r.query}”`;
  r.over = [];
  if (r.first.bytes > BUDGET.firstBytes) r.over.push(`first ${kb(r.first.bytes)} KB (+${kb(r.first.bytes - BUDGET.firstBytes)} KB)`);
  if (r.first.requests > BUDGET.firstRequests) r.over.push(`first ${r.first.requests} requests (+${r.first.requests - BUDGET.firstRequests})`);
  if (r.further.bytes > BUDGET.furtherBytes) r.over.push(`further ${kb(r.further.bytes)} KB (+${kb(r.further.bytes - BUDGET.furtherBytes)} KB)`);
  if (r.keys.max !== null && r.keys.max >= BUDGET.keystrokeMs) r.over.push(`keystroke max ${r.keys.max.toFixed(1)} ms`);
  if (r.over.length) over.push([name, r]);
}
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const flag = (bad) => (bad ? '!' : ' ');
const head = [pad('lang', 4), pad('kind', 8), pad('query', 26), lpad('df', 6), lpad('first KB', 9), lpad('req', 4), lpad('gz KB', 6), lpad('further KB', 11), lpad('req', 4),
  lpad('keys ms med/max', 16), pad(' top10 f/F/k', 13)].concat(PAGEFIND ? [lpad('PF first KB', 12), lpad('req', 4), lpad('PF further KB', 14), lpad('req', 4), lpad('PF ms', 6)] : []).join(' ');
const lines = [head, '-'.repeat(head.length)];
for (const r of report.results) {
  const f = r.first;
  const F = r.further;
  const k = r.keys;
  const m = (x) => (x ? 'y' : 'N');
  const row = [pad(r.lang, 4), pad(r.kind, 8), pad(r.query, 26), lpad(r.df ?? '-', 6),
    lpad(kb(f.bytes) + flag(f.bytes > BUDGET.firstBytes), 9), lpad(f.requests + flag(f.requests > BUDGET.firstRequests), 4), lpad(kb(f.gz), 6),
    lpad(kb(F.bytes) + flag(F.bytes > BUDGET.furtherBytes), 11), lpad(F.requests, 4),
    lpad(k.max === null ? '-' : `${k.missed ? `${k.missed} untimed ` : ''}${k.median.toFixed(1)}/${k.max.toFixed(1)}${flag(k.max >= BUDGET.keystrokeMs)}`, 16),
    pad(` ${m(f.matched)}/${m(F.matched)}/${m(k.matched)}`, 13)];
  if (r.pagefind) {
    const p = r.pagefind;
    row.push(lpad(`${kb(p.first.bytes)} (${kb(p.first.gz)})`, 12), lpad(p.first.requests, 4), lpad(kb(p.further.bytes), 14), lpad(p.further.requests, 4), lpad(p.further.ms.toFixed(0), 6));
  }
  lines.push(row.join(' '));
}
console.log(`search budgets on ${SITE} (bytes as served, uncompressed; gz: gzipped at level 6; ! over budget:`
  + ` first ≤ ${BUDGET.firstBytes / 1000} KB in ≤ ${BUDGET.firstRequests} requests, further ≤ ${BUDGET.furtherBytes / 1000} KB, keystroke < ${BUDGET.keystrokeMs} ms)`);
console.log('top10 f/F/k: browser top 10 equals the CLI after the first query, the further query, the typed query');
if (PAGEFIND) console.log('PF: Pagefind, bytes under /pagefind/ (its index files lie gzipped; in parentheses: gz as above); PF ms: the further search() + 10 data(), fetches included');
console.log(lines.join('\n'));
if (over.length) {
  console.log('\nover budget (largest files of the measure):');
  for (const [name, r] of over) {
    console.log(`  ${name}: ${r.over.join(', ')}`);
    for (const [label, t] of [['first', r.first], ['further', r.further]]) {
      const limit = label === 'first' ? BUDGET.firstBytes : BUDGET.furtherBytes;
      if (t.bytes <= limit && !(label === 'first' && t.requests > BUDGET.firstRequests)) continue;
      const top = [...t.files].sort((a, b) => b.bytes - a.bytes).slice(0, 5).map((x) => `${x.path.replace(/^\/search\/[^/]+\//, '')} ${kb(x.bytes)}`);
      console.log(`    ${label}: ${top.join(', ')}`);
    }
  }
}
const mismatches = report.results.filter((r) => !r.first.matched || !r.further.matched || !r.keys.matched);
if (mismatches.length) {
  console.log('\ntop-10 mismatches with the CLI:');
  for (const r of mismatches) {
    const got = !r.first.matched ? r.first.got : !r.further.matched ? r.further.got : r.keys.got;
    console.log(`  ${r.lang} “${r.query}”\n    cli:     ${r.cli.join(' ')}\n    browser: ${got.join(' ')}`);
  }
}
const errors = report.results.filter((r) => r.errors.length);
for (const r of errors) console.log(`page errors on ${r.lang} “${r.query}”: ${r.errors.join('; ')}`);
if (args.json) fs.writeFileSync(path.resolve(args.json), JSON.stringify(report, null, 1) + '\n');
