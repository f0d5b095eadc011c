// Parity: for queries generated from the corpus itself, the browser client's top 10
// (window.showcaseSearch.query) equals `showcase search --batch` (one process for every query of
// every language), URL for URL, with equal scores and numbers of matched words (and the words
// reported as corrected or unmatched, once the client's test hook returns them). Over a thousand
// queries per language: single words, two-word combinations, title phrases, prefixes, typos
// (one and two edits, transpositions, a wrong, missing, extra or swapped first letter), case and
// accent variants, unseen inflections (endings added to or taken from vocabulary words),
// compounds glued from vocabulary words, words of the site's other languages and English words,
// contact names, cities and countries, words that match nothing beside words that do, facet
// filters, stop words, queries without results, and the graded visitor queries of
// tests/search-quality/demo.toml. Generation is seeded: PARITY_SEED picks
// another sample; PARITY_PER_KIND scales it. PARITY_REPORT=file writes every mismatch as JSON.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { LANGUAGES, demo, gradedQueries, groundTruthAnswers, searchPath } from './lib/site.mjs';

const SEED = Number(process.env.PARITY_SEED || 20261126);
const PER_KIND = Number(process.env.PARITY_PER_KIND || 44);

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
export function clientIndex(dir, lang) {
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

/** Endings added to and taken from vocabulary words to make forms the corpus lacks. */
const ENDINGS = {
  en: ['s', 'es', 'ing', 'ed', 'ity', 'ities'],
  de: ['en', 'e', 'er', 'n', 's', 'es'],
  nb: ['er', 'ene', 'en', 'et', 'a'],
  fr: ['s', 'es', 'e', 'ement'],
};
/** Linking elements between the parts of a glued compound ('' twice: most compounds have none). */
const LINKS = { de: ['', '', 's', 'n', 'en', 'e', 'er', 'es'], nb: ['', '', 's', 'e'], en: [''], fr: [''] };
/** Compounds and queries a visitor types, tried on every language. */
const FIXED = {
  compound: ['windkraft', 'Windkraft', 'batterierecycling', 'Batterierecycling', 'lakselus', 'Fähre', 'fähre',
    'havvind', 'havvindpark', 'Wasserstoffspeicher', 'wasserstofftankstelle', 'sjømatnæringen', 'Offshorewindpark'],
  'word, nothing': ['nuclear power', 'nuclear hydrogen', 'quantum salmon', 'hydrogen zzqxv', 'nuclear'],
  inflection: ['municipality', 'municipalities', 'Municipality', 'recyclings', 'hydrogens', 'batteries', 'clustering'],
};
const COUNTRIES = {
  en: ['Norway', 'Germany', 'Denmark', 'Sweden', 'Finland', 'Iceland', 'United States'],
  de: ['Norwegen', 'Deutschland', 'Dänemark', 'Schweden', 'Finnland', 'Island', 'Vereinigte Staaten'],
  nb: ['Norge', 'Tyskland', 'Danmark', 'Sverige', 'Finland', 'Island', 'USA'],
  fr: ['Norvège', 'Allemagne', 'Danemark', 'Suède', 'Finlande', 'Islande', 'États-Unis'],
};

/** Contact names and cities from the demo's content (TOML, also as Markdown front matter). */
export function people(root) {
  const names = new Set();
  const cities = new Set();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(toml|md)$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/\bcity\s*=\s*"([^"]+)"/g)) cities.add(m[1]);
        for (const m of text.matchAll(/^\[\[?contacts?\]\]?\s*\n(?:[^\[\n].*\n)*?name\s*=\s*"([^"]+)"/gm)) names.add(m[1]);
      }
    }
  };
  walk(path.join(root, 'content'));
  return { names: [...names].sort(), cities: [...cities].sort() };
}

export function generate(lang, vocabulary, client, others = {}, who = { names: [], cities: [] }, random = rng(SEED)) {
  const pick = (a) => a[Math.floor(random() * a.length)];
  const forms = Object.entries(vocabulary.forms);
  const known = (w) => Object.prototype.hasOwnProperty.call(vocabulary.forms, w);
  const indexed = forms.filter(([, f]) => f.keys.length).map(([w]) => w);
  const letters = indexed.filter((w) => /^\p{L}/u.test(w));
  const alphabetic = letters.filter((w) => /^\p{L}+$/u.test(w));
  const stop = forms.filter(([, f]) => !f.keys.length).map(([w]) => w);
  const queries = [];
  const seen = new Set();
  const add = (kind, query, filters) => {
    const key = JSON.stringify([query, filters || {}]);
    if (seen.has(key)) return false;
    seen.add(key);
    queries.push({ kind, query, lang, filters: filters || {} });
    return true;
  };
  // The graded visitor queries (tests/search-quality/demo.toml), as visitors type them.
  for (const g of gradedQueries()) if (g.lang === lang) add(`graded ${g.category}`, g.q);
  /** `n` distinct queries of a kind from `make` (a query, or null to try again). */
  const fill = (kind, n, make) => {
    let added = 0;
    for (let tries = 0; added < n && tries < 50 * n; tries++) {
      const q = make();
      if (q !== null && q !== undefined && add(kind, q)) added++;
    }
  };
  const alphabet = [...new Set(letters.join(''))].filter((c) => /\p{L}/u.test(c));
  const len = (w) => Array.from(w).length;
  const edit = (w) => {
    const c = Array.from(w);
    const i = 1 + Math.floor(random() * (c.length - 1)); // keep the first letter, as typos are searched
    const op = Math.floor(random() * 3);
    if (op === 0) c.splice(i, 1);
    else if (op === 1) c.splice(i, 0, pick(alphabet));
    else c[i] = pick(alphabet);
    return c.join('');
  };
  /** Two neighbouring letters swapped, after the first: one edit in restricted Damerau-Levenshtein. */
  const transpose = (w) => {
    const c = Array.from(w);
    const i = 1 + Math.floor(random() * (c.length - 2));
    if (c[i] === c[i + 1]) return null;
    [c[i], c[i + 1]] = [c[i + 1], c[i]];
    return c.join('');
  };
  /** The first letter wrong, missing or extra, or the first two letters swapped. */
  const firstLetter = (w) => {
    const c = Array.from(w);
    const op = Math.floor(random() * 4);
    if (op === 0) c[0] = pick(alphabet.filter((x) => x !== c[0]));
    else if (op === 1) c.shift();
    else if (op === 2) c.unshift(pick(alphabet));
    else if (c[0] === c[1]) return null;
    else [c[0], c[1]] = [c[1], c[0]];
    return c.join('');
  };
  const unseen = (w) => (w && !known(w) ? w : null);
  const endings = ENDINGS[lang] || ENDINGS.en;
  /** A vocabulary word with an ending added, taken away or replaced; in the language's endings or English's. */
  const inflect = (w, ends = endings) => {
    const end = ends.filter((e) => w.endsWith(e) && len(w) - len(e) >= 3);
    const op = Math.floor(random() * 3);
    if (op === 0 || !end.length) return w + pick(ends);
    const stem = w.slice(0, w.length - pick(end).length);
    return op === 1 ? stem : stem + pick(ends);
  };
  const glue = (parts) => parts.reduce((a, b) => a + pick(LINKS[lang] || ['']) + b);
  const P = PER_KIND;

  // The words and phrases of the corpus.
  for (let i = 0; i < P; i++) add('word', pick(indexed));
  for (let i = 0; i < P; i++) add('two words', `${pick(letters)} ${pick(letters)}`);
  const titles = Object.values(client.display).map((d) => d[0]);
  for (let i = 0; i < P / 2; i++) {
    const ws = pick(titles).split(/\s+/);
    const at = Math.floor(random() * ws.length);
    add('title phrase', ws.slice(at, at + 2 + Math.floor(random() * 2)).join(' '));
  }
  const long = letters.filter((w) => len(w) >= 4);
  for (let i = 0; i < P; i++) {
    const w = Array.from(pick(long));
    add('prefix', w.slice(0, 3 + Math.floor(random() * (w.length - 3))).join(''));
  }
  for (let i = 0; i < P / 4; i++) add('prefix after word', `${pick(letters)} ${Array.from(pick(long)).slice(0, 3).join('')}`);

  // Typos: one and two edits after the first letter, transpositions, the first letter.
  const five = letters.filter((w) => len(w) >= 5);
  const six = alphabetic.filter((w) => len(w) >= 6);
  for (let i = 0; i < P; i++) add('typo', edit(pick(five)));
  const nine = letters.filter((w) => len(w) >= 9);
  for (let i = 0; i < P / 4; i++) add('two typos', edit(edit(pick(nine))));
  for (let i = 0; i < P / 4; i++) add('typo, then word', `${edit(pick(five))} ${pick(letters)}`);
  fill('transposition', P, () => unseen(transpose(pick(five.filter((w) => /^\p{L}+$/u.test(w))))));
  fill('transposition, then word', P / 4, () => {
    const t = unseen(transpose(pick(six)));
    return t && `${t} ${pick(letters)}`;
  });
  fill('transposition and typo', P / 4, () => unseen(edit(transpose(pick(nine)) || pick(nine))));
  fill('first letter', P, () => unseen(firstLetter(pick(six))));
  fill('first letter, then word', P / 4, () => {
    const t = unseen(firstLetter(pick(six)));
    return t && `${pick(letters)} ${t}`;
  });
  // Below six letters a wrong first letter is not corrected: both sides must agree on that too.
  const fives = alphabetic.filter((w) => len(w) === 5 || len(w) === 6);
  fill('first letter, short word', P / 4, () => unseen(firstLetter(pick(fives))));
  fill('two typos, two words', P / 4, () => {
    const a = unseen(edit(pick(six)));
    const b = unseen(transpose(pick(six)));
    return a && b && `${a} ${b}`;
  });

  // Case and accents: the client must lower-case and fold as the server does.
  const accented = Object.keys(vocabulary.fold);
  const raw = titles.flatMap((t) => t.split(/[^\p{L}\p{N}]+/u)).filter((w) => /[^\x00-\x7f]/.test(w));
  for (let i = 0; i < P / 4 && raw.length; i++) add('accented', pick(raw));
  for (let i = 0; i < P / 4; i++) add('upper case', pick(indexed).toUpperCase());
  for (let i = 0; i < P / 8 && accented.length; i++) add('accent typed', pick(five) + pick(accented));
  // Characters the corpus lacks fold through tantivy's own table (ærospace → aerospace).
  const swaps = [['ae', 'æ'], ['oe', 'œ'], ['ss', 'ß'], ['th', 'þ'], ['e', 'ē'], ['o', 'ǒ'], ['u', 'ų'], ['i', 'ı'], ['c', 'ċ'], ['n', 'ŉ']];
  for (let i = 0; i < P / 4; i++) {
    const [from, to] = pick(swaps);
    const w = pick(letters.filter((x) => x.includes(from)));
    if (w) add('unseen accent', w.replace(from, to).toUpperCase());
  }

  // Word forms the corpus lacks, found by their stems.
  for (const q of FIXED.inflection) add('inflection', q);
  const stems = alphabetic.filter((w) => len(w) >= 4);
  fill('inflection', 2 * P, () => unseen(inflect(pick(stems))));
  fill('inflection, then word', P / 2, () => {
    const w = unseen(inflect(pick(stems)));
    return w && `${w} ${pick(letters)}`;
  });
  fill('inflection, capitalised', P / 4, () => {
    const w = unseen(inflect(pick(stems)));
    return w && w[0].toUpperCase() + w.slice(1);
  });

  // Compounds glued from two (or three) words of the vocabulary, with the language's linking elements.
  for (const q of FIXED.compound) add('compound', q);
  const parts = alphabetic.filter((w) => len(w) >= 3 && len(w) <= 12);
  fill('compound', 2 * P, () => unseen(glue([pick(parts), pick(parts)])));
  fill('compound, three parts', P / 2, () => unseen(glue([pick(parts), pick(parts), pick(parts)])));
  fill('compound, inflected', P / 4, () => unseen(inflect(glue([pick(parts), pick(parts)]))));
  fill('compound, typo', P / 4, () => unseen(edit(glue([pick(parts), pick(parts)]))));
  fill('compound, then word', P / 4, () => {
    const c = unseen(glue([pick(parts), pick(parts)]));
    return c && `${c} ${pick(letters)}`;
  });
  fill('compound, capitalised', P / 4, () => {
    const c = unseen(glue([pick(parts), pick(parts)]));
    return c && c[0].toUpperCase() + c.slice(1);
  });

  // The site's other languages, and English.
  const foreign = Object.entries(others).filter(([l]) => l !== lang);
  const foreignWords = foreign.flatMap(([, v]) => Object.entries(v.forms).filter(([w, f]) => f.keys.length && /^\p{L}{4,}$/u.test(w)).map(([w]) => w));
  fill('other language', P, () => pick(foreignWords));
  fill('other language, unseen', P / 2, () => unseen(pick(foreignWords)));
  fill('other language, two words', P / 4, () => `${pick(foreignWords)} ${pick(foreignWords)}`);
  if (lang !== 'en' && others.en) {
    const english = Object.entries(others.en.forms).filter(([w, f]) => f.keys.length && /^\p{L}{4,}$/u.test(w)).map(([w]) => w);
    fill('English word', P, () => pick(english));
    fill('English inflection', P / 2, () => {
      const w = inflect(pick(english), ENDINGS.en);
      return known(w) || Object.prototype.hasOwnProperty.call(others.en.forms, w) ? null : w;
    });
    fill('English phrase', P / 4, () => `${pick(english)} ${pick(english)}`);
  }

  // People and places: contact names, cities, countries.
  if (who.names.length) {
    fill('name', P / 2, () => pick(who.names));
    fill('name, part', P / 2, () => pick(pick(who.names).split(/\s+/).filter((w) => len(w) >= 2)));
    fill('name, lower case', P / 4, () => pick(who.names).toLowerCase());
    fill('name, typo', P / 4, () => {
      const ws = pick(who.names).split(/\s+/);
      const i = Math.floor(random() * ws.length);
      if (len(ws[i]) < 5) return null;
      ws[i] = random() < 0.5 ? edit(ws[i]) : transpose(ws[i]) || edit(ws[i]);
      return ws.join(' ');
    });
    fill('name, then word', P / 4, () => `${pick(pick(who.names).split(/\s+/))} ${pick(letters)}`);
  }
  if (who.cities.length) {
    fill('city', P / 2, () => pick(who.cities));
    fill('city, typo', P / 4, () => {
      const c = pick(who.cities).split(/[\s,]+/)[0];
      return len(c) >= 5 ? (random() < 0.5 ? edit(c) : transpose(c)) : null;
    });
    fill('city, then word', P / 4, () => `${pick(who.cities)} ${pick(letters)}`);
  }
  for (const l of Object.keys(COUNTRIES)) for (const c of COUNTRIES[l]) add(l === lang ? 'country' : 'country, other language', c);

  // A word that matches nothing beside words that do: reported, not dropped.
  for (const q of FIXED['word, nothing']) add('word, nothing', q);
  const nonsense = () => {
    const n = 5 + Math.floor(random() * 5);
    let w = '';
    for (let i = 0; i < n; i++) w += pick(alphabet);
    return unseen(w);
  };
  fill('word, nothing', P / 2, () => {
    const x = nonsense();
    return x && `${pick(letters)} ${x}`;
  });
  fill('nothing, word', P / 2, () => {
    const x = nonsense();
    return x && `${x} ${pick(letters)}`;
  });
  fill('three words, one nothing', P / 4, () => {
    const x = nonsense();
    return x && [pick(letters), x, pick(letters)].join(' ');
  });
  fill('typo, nothing', P / 4, () => {
    const x = nonsense();
    const t = unseen(random() < 0.5 ? edit(pick(six)) : transpose(pick(six)));
    return x && t && `${t} ${x}`;
  });

  // Facets.
  const facetPairs = [];
  for (const [facet, values] of Object.entries(client.facets)) if (facet !== "labels") for (const v of Object.keys(values)) facetPairs.push([facet, v]);
  for (let i = 0; i < P / 2; i++) {
    const [f, v] = pick(facetPairs);
    add('facet', pick(random() < 0.7 ? indexed : long.map((w) => w.slice(0, 4))), { [f]: v });
  }
  for (let i = 0; i < P / 4; i++) {
    const [f, v] = pick(facetPairs);
    const q = random() < 0.5 ? unseen(inflect(pick(stems))) : unseen(transpose(pick(six)));
    if (q) add('facet, inflection or typo', q, { [f]: v });
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
const runs = {};
before(async () => {
  d = await demo();
  const vocabularies = Object.fromEntries(LANGUAGES.map((lang) =>
    [lang, JSON.parse(fs.readFileSync(path.join(d.site.index, lang, 'vocabulary.json'), 'utf8'))]));
  const who = people(d.site.root);
  const all = [];
  for (const lang of LANGUAGES) {
    const client = clientIndex(d.site.dir, lang);
    const queries = generate(lang, vocabularies[lang], client, vocabularies, who);
    runs[lang] = { client, vocabulary: vocabularies[lang], queries, from: all.length };
    all.push(...queries);
  }
  // One `showcase search --batch` for every language, answering while the browser works.
  const answers = groundTruthAnswers(all);
  answers.catch(() => {});
  for (const lang of LANGUAGES) runs[lang].expected = answers.then((a) => a.slice(runs[lang].from, runs[lang].from + runs[lang].queries.length));
});
after(() => d && d.close());

const totals = [];
const report = [];
after(() => {
  if (process.env.PARITY_REPORT) fs.writeFileSync(process.env.PARITY_REPORT, JSON.stringify(report, null, 1));
  if (!totals.length) return;
  console.log('\nparity: queries and mismatches per language');
  for (const t of totals) console.log(`  ${t.lang}: ${t.queries} queries, ${t.mismatches} mismatches, ${t.notes} (${t.kinds})`);
  for (const m of report) console.log(`  mismatch ${JSON.stringify(m)}`);
});

/** A result as compared: URL, score, matched words. */
const line = (r) => `${r.url} ${r.score} ${r.words}w`;

for (const lang of LANGUAGES) {
  test(`top-10 parity with showcase search (${lang})`, async () => {
    const { client, vocabulary, queries } = runs[lang];
    // The served site and the index `showcase search` reads must come from the same build.
    assert.deepEqual([...client.forms].sort(), Object.keys(vocabulary.forms).sort(),
      `${d.site.index}/${lang} is not the index of the site in ${d.site.dir}: rebuild both`);
    const page = await d.page(searchPath(lang));
    const actual = await page.evaluate(async (qs) => {
      const out = [];
      for (const q of qs) {
        const r = await window.showcaseSearch.query(q.query, q.filters, 10);
        out.push({
          results: r.map((h) => ({ url: h.url, score: h.score, words: h.words })),
          // The words reported as corrected and unmatched, where the test hook returns them (as properties of the array).
          corrected: r.corrected, unmatched: r.unmatched,
        });
      }
      return out;
    }, queries);
    const expected = await runs[lang].expected;
    // Compared once the client's test hook returns them ([] where it has none, as for a query without words).
    const exposed = actual.some((a) => a.corrected !== undefined || a.unmatched !== undefined);
    const mismatches = [];
    queries.forEach((q, i) => {
      const e = expected[i];
      const a = actual[i];
      const why = [];
      const same = e.results.length === a.results.length
        && e.results.every((r, j) => r.url === a.results[j].url && Math.abs(r.score - a.results[j].score) <= 1e-9 && r.words === a.results[j].words);
      if (!same) why.push('results');
      if (exposed && JSON.stringify(a.corrected || []) !== JSON.stringify(e.corrected)) why.push('corrected');
      if (exposed && JSON.stringify(a.unmatched || []) !== JSON.stringify(e.unmatched)) why.push('unmatched');
      if (why.length) {
        mismatches.push({
          ...q, differ: why,
          cli: { results: e.results.map(line), corrected: e.corrected, unmatched: e.unmatched },
          browser: { results: a.results.map(line), corrected: a.corrected, unmatched: a.unmatched },
        });
      }
    });
    report.push(...mismatches);
    const kinds = new Map();
    for (const q of queries) kinds.set(q.kind, (kinds.get(q.kind) || 0) + 1);
    const bad = new Map();
    for (const m of mismatches) bad.set(m.kind, (bad.get(m.kind) || 0) + 1);
    const noted = expected.filter((e) => e.corrected.length || e.unmatched.length).length;
    totals.push({
      lang, queries: queries.length, mismatches: mismatches.length,
      notes: `${noted} with corrected or unmatched words (${exposed ? 'compared' : 'not compared: the client\'s test hook does not return them'})`,
      kinds: [...kinds].map(([k, n]) => `${n} ${k}${bad.has(k) ? ` [${bad.get(k)} differ]` : ''}`).join(', '),
    });
    assert.deepEqual(page.errors, []);
    assert.equal(mismatches.length, 0, `${mismatches.length} of ${queries.length} queries differ:\n${JSON.stringify(mismatches.slice(0, 5), null, 1)}`);
    // Not vacuous: over a thousand queries, and most find something.
    assert.ok(queries.length >= 1000 || PER_KIND < 44, `${queries.length} queries`);
    assert.ok(expected.filter((r) => r.results.length).length > queries.length / 2);
  });
}
