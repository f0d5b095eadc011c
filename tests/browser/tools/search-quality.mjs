// How well the search answers visitors, beside Pagefind on the same pages: the graded queries of
// tests/search-quality/demo.toml asked of `showcase search` (the CLI), of the browser client
// (window.showcaseSearch.query on each language's search page, in headless Chromium) and,
// with --pagefind, of Pagefind. Not part of the test run: the integration test
// search_quality.rs holds the CLI to the bar, and parity.test.mjs holds the browser to the CLI
// on these queries; this prints the three side by side, category by category.
//
//   npx --yes pagefind@1.6.0 --site target/demo-public --output-path /tmp/pagefind-demo
//   node tools/search-quality.mjs [--pagefind /tmp/pagefind-demo] [--queries FILE] [--failures]
//
// The site is the demo as lib/site.mjs finds it (SHOWCASE_DEMO_OUT, or a fresh build with
// SHOWCASE_BIN). A query succeeds when one of its relevant records is among the first three
// results; a query about something the programme does not have (no relevant record) when
// nothing is found or, for showcase, the words that match nothing are reported (Pagefind
// reports none: it succeeds only with no results). --failures lists every failed query.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradedQueries, groundTruthAnswers, launch, searchPath, serve, site } from '../lib/site.mjs';

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (!['--pagefind', '--queries', '--failures'].includes(a)) {
    console.error(`unexpected ${a}\nusage: node tools/search-quality.mjs [--pagefind DIR] [--queries FILE] [--failures]`);
    process.exit(2);
  }
  args[a.slice(2)] = a === '--failures' ? true : process.argv[++i];
}
const PAGEFIND = args.pagefind ? path.resolve(args.pagefind) : null;
if (PAGEFIND && !fs.existsSync(path.join(PAGEFIND, 'pagefind.js'))) {
  console.error(`${PAGEFIND}/pagefind.js not found: run npx pagefind --site SITE --output-path DIR first`);
  process.exit(2);
}
const queries = args.queries ? gradedQueries(path.resolve(args.queries)) : gradedQueries();
const s = site();

/** A record id (`clusters/aquatech-west`) as the URL of its page in `lang`. */
const urlOf = (lang, id) => (lang === 'en' ? `/${id}/` : `/${lang}/${id}/`);

/** Whether the first results serve the visitor. */
function judge(q, urls, unmatched = []) {
  if (!q.relevant.length) return urls.length === 0 || unmatched.length > 0;
  const wanted = new Set(q.relevant.map((id) => urlOf(q.lang, id)));
  return urls.slice(0, 3).some((u) => wanted.has(u));
}

// ---- the CLI ------------------------------------------------------------------------------
const cli = await groundTruthAnswers(queries.map((q) => ({ query: q.q, lang: q.lang, limit: 10 })));

// ---- the browser, and Pagefind on the same served pages ------------------------------------
/** The site, with /pagefind/ from PAGEFIND: a folder of symbolic links, removed at exit. */
function servedDir() {
  if (!PAGEFIND) return s.dir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-quality-'));
  for (const e of fs.readdirSync(s.dir)) if (e !== 'pagefind') fs.symlinkSync(path.join(s.dir, e), path.join(dir, e));
  fs.symlinkSync(PAGEFIND, path.join(dir, 'pagefind'));
  process.on('exit', () => {
    for (const e of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, e));
    fs.rmdirSync(dir);
  });
  return dir;
}
const server = await serve(servedDir());
const browser = await launch();
const browserAnswers = new Map();
const pagefindAnswers = new Map();
try {
  for (const lang of [...new Set(queries.map((q) => q.lang))]) {
    const mine = queries.filter((q) => q.lang === lang);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.origin + searchPath(lang), { waitUntil: 'load' });
    await page.waitForFunction(() => window.showcaseSearch);
    const answers = await page.evaluate(async (qs) => {
      const out = [];
      for (const q of qs) {
        const r = await window.showcaseSearch.query(q, {}, 10);
        out.push({ urls: r.map((h) => h.url), unmatched: r.unmatched || [] });
      }
      return out;
    }, mine.map((q) => q.q));
    mine.forEach((q, i) => browserAnswers.set(q, answers[i]));
    if (PAGEFIND) {
      // Pagefind picks the index by <html lang>: the language's own search page.
      const found = await page.evaluate(async ([src, qs]) => {
        const pf = await import(src);
        const out = [];
        for (const q of qs) {
          const r = await pf.search(q);
          const data = await Promise.all(r.results.slice(0, 3).map((x) => x.data()));
          // Pagefind's URLs end in index.html where the page was one; showcase's do not.
          out.push({ urls: data.map((d) => d.url.replace(/index\.html$/, '')), total: r.results.length });
        }
        return out;
      }, [server.origin + '/pagefind/pagefind.js', mine.map((q) => q.q)]);
      mine.forEach((q, i) => pagefindAnswers.set(q, { urls: found[i].total ? found[i].urls : [] }));
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

// ---- the table -------------------------------------------------------------------------------
const engines = [
  ['showcase CLI', (q, i) => ({ urls: cli[i].results.map((h) => h.url), unmatched: cli[i].unmatched })],
  ['browser', (q) => browserAnswers.get(q)],
].concat(PAGEFIND ? [['Pagefind', (q) => pagefindAnswers.get(q)]] : []);
const categories = [...new Set(queries.map((q) => q.category))];
const score = engines.map(([name, answer]) => {
  const byCategory = {};
  const failed = [];
  queries.forEach((q, i) => {
    const a = answer(q, i);
    const ok = judge(q, a.urls, a.unmatched);
    const c = (byCategory[q.category] ||= { ok: 0, n: 0 });
    c.n += 1;
    if (ok) c.ok += 1;
    else failed.push(`  ${q.lang} “${q.q}” (${q.category}: ${q.why}) top 3 ${JSON.stringify(a.urls.slice(0, 3))}, wanted ${JSON.stringify(q.relevant)}`);
  });
  return { name, byCategory, failed };
});
const pct = ({ ok, n }) => `${ok}/${n} ${((100 * ok) / n).toFixed(1).padStart(5)}%`;
const total = (byCategory) => Object.values(byCategory).reduce((a, c) => ({ ok: a.ok + c.ok, n: a.n + c.n }), { ok: 0, n: 0 });
console.log(`relevant record in the top 3, ${queries.length} graded queries (${[...new Set(queries.map((q) => q.lang))].join(', ')})`);
console.log(['category'.padEnd(16), ...score.map((e) => e.name.padEnd(16))].join(' '));
for (const c of categories) console.log([c.padEnd(16), ...score.map((e) => pct(e.byCategory[c]).padEnd(16))].join(' '));
console.log(['all'.padEnd(16), ...score.map((e) => pct(total(e.byCategory)).padEnd(16))].join(' '));
if (args.failures) for (const e of score) if (e.failed.length) console.log(`\n${e.name} failed:\n${e.failed.join('\n')}`);
