// Budgets of the search client on the demo, as the browser fetches files (uncompressed, as they
// lie in public/; the client script and the stemmer scripts it loads included, the page,
// stylesheet and images not):
// a first query at most 100 KB in at most 8 requests; each further query at most 30 KB;
// keystroke to results under 50 ms once the files are loaded. Prints the figures.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demo, groundTruth, searchPath, timeKeystrokes } from './lib/site.mjs';

const FIRST_BYTES = 100_000;
const FIRST_REQUESTS = 8;
const FURTHER_BYTES = 30_000;
const KEYSTROKE_MS = 50;

let d;
before(async () => {
  d = await demo();
});
after(() => d && d.close());

const figures = [];
after(() => {
  console.log('\nsearch budgets (bytes as served, uncompressed):');
  for (const f of figures) console.log('  ' + f);
});

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const searchFiles = (lang) => (r) => r.path === '/js/search.js' || r.path.startsWith('/js/stem/') || r.path.startsWith(`/search/${lang}/`);

async function settle(page, lang, query) {
  const urls = groundTruth(query, { lang }).map((r) => r.url);
  await page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('#search-results > li a')].map((a) => a.getAttribute('href'))) === want,
    JSON.stringify(urls), { timeout: 5000 },
  );
  await d.server.quiet(500); // summaries are fetched a little after the results show
}

const QUERIES = {
  en: ['hydrogen', 'aquacultre', 'offshore', 'maritime', 'battery'],
  de: ['wasserstoff', 'windkraft', 'aquakultur', 'fischerei', 'salmon'],
  nb: ['havvind', 'sjømat', 'hydrogen', 'alvik', 'batteri'],
  fr: ['hydrogène', 'éolien', 'aquaculture', 'numérique', 'batterie'],
};

for (const lang of Object.keys(QUERIES)) {
  test(`${lang}: first query and further queries stay within budget`, async () => {
    const [first, ...further] = QUERIES[lang];
    const mark = d.server.mark();
    const page = await d.page(`${searchPath(lang)}?q=${encodeURIComponent(first)}`);
    await settle(page, lang, first);
    const got = d.server.since(mark, searchFiles(lang));
    const t = d.server.totals(got);
    figures.push(`${lang} first query “${first}” (page opened with ?q=): ${kb(t.bytes)} in ${t.requests} requests [${got.map((r) => `${r.path.replace(/^\/search\/[^/]+\//, '')} ${kb(r.bytes)}`).join(', ')}]`);
    assert.ok(t.bytes <= FIRST_BYTES, `first query fetched ${t.bytes} bytes`);
    assert.ok(t.requests <= FIRST_REQUESTS, `first query took ${t.requests} requests`);
    const input = page.locator('#search-query');
    for (const q of further) {
      const m = d.server.mark();
      await input.fill(q);
      await settle(page, lang, q);
      const f = d.server.totals(d.server.since(m, searchFiles(lang)));
      figures.push(`${lang} further query “${q}”: ${kb(f.bytes)} in ${f.requests} requests`);
      assert.ok(f.bytes <= FURTHER_BYTES, `further query “${q}” fetched ${f.bytes} bytes`);
    }
    assert.deepEqual(page.errors, []);
  });
}

test('typing a first query letter by letter stays within budget', async () => {
  const start = d.server.mark();
  const page = await d.page('/search/');
  const mark = d.server.mark();
  await page.locator('#search-query').pressSequentially('aquaculture', { delay: 40 });
  await settle(page, 'en', 'aquaculture');
  const t = d.server.totals(d.server.since(start, searchFiles('en')));
  const typed = d.server.totals(d.server.since(mark, searchFiles('en')));
  figures.push(`en first query typed letter by letter “aquaculture”: ${kb(t.bytes)} in ${t.requests} requests (script included; ${kb(typed.bytes)} in ${typed.requests} while typing)`);
  assert.ok(t.bytes <= FIRST_BYTES, `typing fetched ${t.bytes} bytes`);
  assert.ok(t.requests <= FIRST_REQUESTS, `typing took ${t.requests} requests`);
});

test(`keystroke to results under ${KEYSTROKE_MS} ms once loaded`, async () => {
  for (const [path, query] of [['/search/', 'offshore wind'], ['/de/search/', 'wasserstoff']]) {
    const page = await d.page(path);
    const input = page.locator('#search-query');
    // Load every file the keystrokes will need (each prefix of the query, as typed).
    await page.evaluate(async (q) => {
      for (let i = 1; i <= q.length; i++) await window.showcaseSearch.query(q.slice(0, i), null, 10);
    }, query);
    await input.fill('');
    // Time from each keydown to the next change of the results or the count.
    await timeKeystrokes(page);
    const mark = d.server.mark();
    for (const ch of query) {
      await page.keyboard.type(ch);
      await page.waitForTimeout(30);
    }
    await settle(page, path === '/search/' ? 'en' : 'de', query);
    const timings = await page.evaluate(() => window.__timings);
    if (process.env.DEBUG_TIMINGS) console.log(path, timings.map((t) => t.toFixed(1)).join(" "), d.server.since(mark).map((r) => r.path));
    // Only summaries (display shards, fetched after the results are shown) may still arrive.
    assert.deepEqual(d.server.since(mark, (r) => r.path.startsWith('/search/') && !/\/d\//.test(r.path)).map((r) => r.path), [], 'no index fetch once loaded');
    const sorted = [...timings].sort((a, b) => a - b);
    const max = sorted.at(-1);
    figures.push(`keystroke to results on ${path} (“${query}”, ${timings.length} keystrokes): median ${sorted[sorted.length >> 1].toFixed(1)} ms, max ${max.toFixed(1)} ms`);
    assert.ok(timings.length >= query.length - 2, `timed ${timings.length} keystrokes`);
    assert.ok(max < KEYSTROKE_MS, `slowest keystroke took ${max} ms`);
  }
});

// A query whose words live in two vocabulary chunks not yet loaded fetches both (CHUNK_BYTES in
// src/search/export.rs bounds each), plus their partitions when the words start differently.
test('a further two-word query stays within budget', async () => {
  const page = await d.page('/search/?q=hydrogen');
  await settle(page, 'en', 'hydrogen');
  const m = d.server.mark();
  await page.locator('#search-query').fill('offshore wind');
  await settle(page, 'en', 'offshore wind');
  const f = d.server.totals(d.server.since(m, searchFiles('en')));
  figures.push(`en further two-word query “offshore wind” (two new chunks): ${kb(f.bytes)} in ${f.requests} requests`);
  assert.ok(f.bytes <= FURTHER_BYTES, `further query fetched ${f.bytes} bytes`);
});
