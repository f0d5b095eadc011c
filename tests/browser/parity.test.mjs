// Parity: for queries generated from the corpus itself, the browser client's top 10
// (window.showcaseSearch.query) equals `showcase search --format json --limit 10`, URL for URL,
// with equal scores. Queries per language: single words, two-word combinations, title phrases,
// prefixes, one- and two-edit typos, case and accent variants, facet filters, stop words and
// queries without results. PARITY_SEED picks another sample; PARITY_PER_KIND scales it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { LANGUAGES, demo, groundTruthMany, searchPath } from './lib/site.mjs';

const SEED = Number(process.env.PARITY_SEED || 20261126);
const PER_KIND = Number(process.env.PARITY_PER_KIND || 40);

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Read a language's client files from the built site (manifest, chunks, facets, display). */
function clientIndex(dir, lang) {
  const base = path.join(dir, 'search', lang);
  const read = (p) => JSON.parse(fs.readFileSync(path.join(base, p), 'utf8'));
  const manifest = read('manifest.json');
  // The set's files are named by position: partitions by first character, then their chunks.
  const inSet = (p) => read(`${manifest.set}/${p}.json`);
  const forms = [];
  for (const c of manifest.parts) {
    const part = inSet(`p/${c.codePointAt(0).toString(16)}`);
    part.firsts.forEach((_, i) => { for (const f of inSet(`v/${part.from + i}`).forms) forms.push(f[0]); });
  }
  const display = {};
  for (let n = 0; n * manifest.displaySize < manifest.docs; n++) Object.assign(display, inSet(`d/${n}`));
  return { manifest, forms, facets: read(manifest.facets), display };
}

export function generate(lang, vocabulary, client, random = rng(SEED)) {
  const pick = (a) => a[Math.floor(random() * a.length)];
  const forms = Object.entries(vocabulary.forms);
  const indexed = forms.filter(([, f]) => f.keys.length).map(([w]) => w);
  const letters = indexed.filter((w) => /^\p{L}/u.test(w));
  const stop = forms.filter(([, f]) => !f.keys.length).map(([w]) => w);
  const queries = [];
  const add = (kind, query, filters) => queries.push({ kind, query, lang, filters: filters || {} });
  const alphabet = [...new Set(letters.join(''))].filter((c) => /\p{L}/u.test(c));
  const edit = (w) => {
    const c = Array.from(w);
    const i = 1 + Math.floor(random() * (c.length - 1)); // keep the first letter, as typos are searched
    const op = Math.floor(random() * 3);
    if (op === 0) c.splice(i, 1);
    else if (op === 1) c.splice(i, 0, pick(alphabet));
    else c[i] = pick(alphabet);
    return c.join('');
  };
  for (let i = 0; i < PER_KIND; i++) add('word', pick(indexed));
  for (let i = 0; i < PER_KIND; i++) add('two words', `${pick(letters)} ${pick(letters)}`);
  const titles = Object.values(client.display).map((d) => d[0]);
  for (let i = 0; i < PER_KIND / 2; i++) {
    const ws = pick(titles).split(/\s+/);
    const at = Math.floor(random() * ws.length);
    add('title phrase', ws.slice(at, at + 2 + Math.floor(random() * 2)).join(' '));
  }
  const long = letters.filter((w) => Array.from(w).length >= 4);
  for (let i = 0; i < PER_KIND; i++) {
    const w = Array.from(pick(long));
    add('prefix', w.slice(0, 3 + Math.floor(random() * (w.length - 3))).join(''));
  }
  for (let i = 0; i < PER_KIND / 4; i++) add('prefix after word', `${pick(letters)} ${Array.from(pick(long)).slice(0, 3).join('')}`);
  const five = letters.filter((w) => Array.from(w).length >= 5);
  for (let i = 0; i < PER_KIND; i++) add('typo', edit(pick(five)));
  const nine = letters.filter((w) => Array.from(w).length >= 9);
  for (let i = 0; i < PER_KIND / 4; i++) add('two typos', edit(edit(pick(nine))));
  for (let i = 0; i < PER_KIND / 4; i++) add('typo, then word', `${edit(pick(five))} ${pick(letters)}`);
  // Case and accents: the client must lower-case and fold as the server does.
  const accented = Object.keys(vocabulary.fold);
  const raw = titles.flatMap((t) => t.split(/[^\p{L}\p{N}]+/u)).filter((w) => /[^\x00-\x7f]/.test(w));
  for (let i = 0; i < PER_KIND / 4 && raw.length; i++) add('accented', pick(raw));
  for (let i = 0; i < PER_KIND / 4; i++) add('upper case', pick(indexed).toUpperCase());
  for (let i = 0; i < PER_KIND / 8 && accented.length; i++) add('accent typed', pick(five) + pick(accented));
  // Characters the corpus lacks fold through tantivy's own table (ærospace → aerospace).
  const swaps = [['ae', 'æ'], ['oe', 'œ'], ['ss', 'ß'], ['th', 'þ'], ['e', 'ē'], ['o', 'ǒ'], ['u', 'ų'], ['i', 'ı'], ['c', 'ċ'], ['n', 'ŉ']];
  for (let i = 0; i < PER_KIND / 4; i++) {
    const [from, to] = pick(swaps);
    const w = pick(letters.filter((x) => x.includes(from)));
    if (w) add('unseen accent', w.replace(from, to).toUpperCase());
  }
  // Facets.
  const facetPairs = [];
  for (const [facet, values] of Object.entries(client.facets)) if (facet !== "labels") for (const v of Object.keys(values)) facetPairs.push([facet, v]);
  for (let i = 0; i < PER_KIND / 2; i++) {
    const [f, v] = pick(facetPairs);
    add('facet', pick(random() < 0.7 ? indexed : long.map((w) => w.slice(0, 4))), { [f]: v });
  }
  for (let i = 0; i < 3; i++) {
    const [f, v] = pick(facetPairs);
    const [g, u] = pick(facetPairs);
    add('two facets', pick(indexed), f === g ? { [f]: v } : { [f]: v, [g]: u });
  }
  const [f0, v0] = pick(facetPairs);
  add('empty query, facet', '', { [f0]: v0 });
  // Stop words, nothing to find, punctuation only.
  for (let i = 0; i < Math.min(5, stop.length); i++) add('stop word', pick(stop));
  for (const q of ['zzqxv', 'qqqqqqqqqqqq', '!!!', '', 'xylophonic', '0000000']) add('no result', q);
  return queries;
}

let d;
before(async () => {
  d = await demo();
});
after(() => d && d.close());

const totals = [];
after(() => {
  if (!totals.length) return;
  console.log('\nparity: queries and mismatches per language');
  for (const t of totals) console.log(`  ${t.lang}: ${t.queries} queries, ${t.mismatches} mismatches${t.kinds ? ` (${t.kinds})` : ''}`);
});

for (const lang of LANGUAGES) {
  test(`top-10 parity with showcase search (${lang})`, async () => {
    const vocabulary = JSON.parse(fs.readFileSync(path.join(d.site.index, lang, 'vocabulary.json'), 'utf8'));
    const client = clientIndex(d.site.dir, lang);
    // The served site and the index `showcase search` reads must come from the same build.
    assert.deepEqual([...client.forms].sort(), Object.keys(vocabulary.forms).sort(),
      `${d.site.index}/${lang} is not the index of the site in ${d.site.dir}: rebuild both`);
    const queries = generate(lang, vocabulary, client);
    const expected = await groundTruthMany(queries, 2);
    const page = await d.page(searchPath(lang));
    const actual = await page.evaluate(async (qs) => {
      const out = [];
      for (const q of qs) out.push(await window.showcaseSearch.query(q.query, q.filters, 10));
      return out;
    }, queries);
    const checks = queries.map((q, i) => [q, expected[i], actual[i]]);
    const mismatches = [];
    checks.forEach(([q, e, a]) => {
      const same = e.length === a.length && e.every((r, j) => r.url === a[j].url && Math.abs(r.score - a[j].score) <= 1e-9);
      if (!same) mismatches.push({ ...q, expected: e.map((r) => `${r.url} ${r.score}`), actual: a.map((r) => `${r.url} ${r.score}`) });
    });
    const kinds = {};
    for (const [q] of checks) kinds[q.kind] = (kinds[q.kind] || 0) + 1;
    totals.push({ lang, queries: checks.length, mismatches: mismatches.length, kinds: Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ') });
    assert.deepEqual(page.errors, []);
    assert.equal(mismatches.length, 0, `${mismatches.length} of ${checks.length} queries differ:\n${JSON.stringify(mismatches.slice(0, 5), null, 1)}`);
    // Not vacuous: most queries find something.
    assert.ok(expected.filter((r) => r.length).length > queries.length / 2);
  });
}
