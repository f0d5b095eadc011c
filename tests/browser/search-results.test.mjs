// The search results page as a visitor reads it (issue 15, item 7): every result's summary, a
// snippet with the matched words in <mark>, the date of events, news and calls in a
// <time datetime>, a visible marker on results whose text falls back to English, a count that is
// exact once every result is known, help for an empty query and for a query without results,
// notes on a corrected or unmatched word; keyboard use and axe-core on these states; no raw UI
// key on screen. The header combobox shows dates and the English marker too.
// What a record holds comes from the built site (display shards, data/*.json, atom.xml); what
// the search finds, from `showcase search` on the same index.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { demo, groundTruth, homePath, searchPath } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let d;
before(async () => {
  d = await demo();
});
after(() => d && d.close());

const readJson = (...p) => JSON.parse(fs.readFileSync(path.join(d.site.dir, ...p), 'utf8'));

/** Display data of every record of a language's index, by URL: `[title, url, kind, summary, lang, date?]`. */
const displays = new Map();
function display(lang) {
  if (!displays.has(lang)) {
    const m = readJson('search', lang, 'manifest.json');
    const dir = path.join(d.site.dir, 'search', lang, m.set, 'd');
    const byUrl = new Map();
    for (const f of fs.readdirSync(dir)) for (const r of Object.values(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))) byUrl.set(r[1], r);
    displays.set(lang, byUrl);
  }
  return displays.get(lang);
}

/** The dates a result must show, by path: events' start, news' publication, calls' deadline. */
function dates() {
  const out = new Map();
  const local = (u) => new URL(u).pathname;
  for (const e of readJson('data', 'events.json').events) out.set(local(e.url), ['event', String(e.start).slice(0, 10)]);
  for (const c of readJson('data', 'calls.json').calls) if (c.deadline) out.set(local(c.url), ['call', String(c.deadline).slice(0, 10)]);
  const atom = fs.readFileSync(path.join(d.site.dir, 'atom.xml'), 'utf8');
  for (const [entry] of atom.matchAll(/<entry[\s\S]*?<\/entry>/g)) {
    const href = /<link rel="alternate"[^>]*href="([^"]+)"/.exec(entry);
    const published = /<published>([^<]+)<\/published>/.exec(entry);
    if (href && published && local(href[1]).startsWith('/news/')) out.set(local(href[1]), ['news', published[1].slice(0, 10)]);
  }
  return out;
}

/** The page's UI strings (the search client's, from #search-i18n). */
const strings = (page) => page.evaluate(() => JSON.parse(document.getElementById('search-i18n').textContent));

/** Open the search page of `lang` with `query` and wait for the results and their count. */
async function results(lang, query, extra = '') {
  const page = await d.page(`${searchPath(lang)}?q=${encodeURIComponent(query)}${extra}`);
  await page.waitForFunction(() => document.getElementById('search-status').textContent.trim() !== '', null, { timeout: 10_000 });
  return page;
}

/** What each result shows. */
const shown = (page) => page.$$eval('#search-results > li', (lis) => lis.map((li) => {
  const a = li.querySelector('h2 a');
  const summary = li.querySelector('.search-result-summary');
  const time = li.querySelector('time');
  const badge = li.querySelector('.search-result-lang');
  return {
    url: a.getAttribute('href'), title: a.textContent, titleLang: a.getAttribute('lang'),
    titleMarks: [...a.querySelectorAll('mark')].map((m) => m.textContent),
    titleElements: [...a.querySelectorAll('*')].map((e) => e.tagName),
    summary: summary && summary.textContent, summaryLang: summary && summary.getAttribute('lang'),
    summaryMarks: summary ? [...summary.querySelectorAll('mark')].map((m) => m.textContent) : [],
    kind: li.querySelector('.search-result-kind').textContent,
    datetime: time && time.getAttribute('datetime'), date: time && time.textContent,
    dateLine: time && time.closest('.search-result-date').textContent,
    badge: badge && badge.textContent, badgeLang: badge && badge.getAttribute('lang'),
  };
}));

/** axe-core violations on the page, as lines. */
async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE });
  const v = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((x) => `[${x.impact}] ${x.id}: ${x.help}: ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, TAGS);
  return v;
}

/** Nothing on screen is an untranslated key or an unfilled placeholder. */
async function noRawKeys(page, where) {
  const text = await page.evaluate(() => document.body.innerText);
  const raw = text.match(/search_js_\w*|\{(?:q|n|date)\}|\bundefined\b|\bnull\b|\[object/g);
  assert.equal(raw, null, `${where}: raw text on screen: ${raw}`);
}

/** A snippet (… where it is cut) is part of the summary. */
function partOf(snippet, summary) {
  const core = snippet.replace(/^…/, '').replace(/…$/, '');
  return summary.includes(core);
}

for (const [lang, query] of [['en', 'energy'], ['de', 'salmon'], ['nb', 'havvind'], ['fr', 'hydrogène'], ['en', 'maritime']]) {
  test(`${lang}: every shown result of “${query}” has its record’s summary, also after “Show more”`, async () => {
    const page = await results(lang, query);
    const records = display(lang);
    for (let round = 0; round < 2; round++) {
      const want = (await shown(page)).filter((r) => records.get(r.url) && records.get(r.url)[3]).length;
      assert.ok(want > 0);
      // Summaries not carried with the results arrive a moment later, all of them.
      await page.waitForFunction((n) => document.querySelectorAll('#search-results > li .search-result-summary').length >= n, want, { timeout: 5000 })
        .catch(() => {});
      for (const r of await shown(page)) {
        const rec = records.get(r.url);
        assert.ok(rec, `${r.url} is no record of the ${lang} index`);
        if (!rec[3]) continue;
        assert.ok(r.summary, `${r.url}: no summary shown (round ${round})`);
        assert.ok(partOf(r.summary, rec[3]), `${r.url}: “${r.summary}” is not from “${rec[3]}”`);
        assert.equal(r.summaryLang, rec[4] && rec[4] !== lang ? rec[4] : null, `${r.url}: lang of the summary`);
      }
      const more = page.locator('.search-more');
      if (round === 0 && (await more.isVisible())) {
        const before = await page.locator('#search-results > li').count();
        await more.click();
        await page.waitForFunction((n) => document.querySelectorAll('#search-results > li').length > n, before);
      }
    }
    await noRawKeys(page, `${lang} ${query}`);
    assert.deepEqual(page.errors, []);
  });
}

test('matched words are marked in titles and snippets, built as text (no markup from the records)', async () => {
  for (const [lang, query, word] of [['en', 'hydrogen', /^hydrogen/i], ['en', 'hydro', /^hydro/i], ['nb', 'alvik', /^ålvik/i], ['de', 'wasserstoff', /^wasserstoff/i]]) {
    const page = await results(lang, query);
    await d.server.quiet(300);
    const list = await shown(page);
    const marks = list.flatMap((r) => [...r.titleMarks, ...r.summaryMarks]);
    assert.ok(marks.length > 0, `${lang} ${query}: nothing marked`);
    assert.ok(marks.some((m) => word.test(m)), `${lang} ${query}: ${word} is not marked among ${marks}`);
    // Whole words are marked, and the first result's title or snippet has one.
    for (const m of marks) assert.match(m, /^[\p{L}\p{N}]+$/u, `${lang} ${query}: marked “${m}”`);
    assert.ok(list[0].titleMarks.length + list[0].summaryMarks.length > 0, `${lang} ${query}: first result has no mark`);
    // The title is the record's title, as text; its only elements are the marks.
    const top = groundTruth(query, { lang, limit: 1 })[0];
    assert.equal(list[0].title, top.title);
    for (const r of list) for (const tag of r.titleElements) assert.equal(tag, 'MARK');
    assert.deepEqual(page.errors, []);
  }
});

test('a long summary is cut to a window around its first matched word, with … at the cuts', async () => {
  const page = await d.page('/search/');
  const long = 'Cluster members along the coast '.repeat(6) + 'build a hydrogen value chain for ferries' + ' and the ports of the region'.repeat(6) + '.';
  const s = await page.evaluate(([t]) => window.showcaseSearch.snippet(t, ['hydrogen']), [long]);
  assert.ok(s.startsWith('…') && s.endsWith('…'), s);
  assert.ok(s.includes('hydrogen'), s);
  assert.ok(s.length <= 165, `${s.length} characters`);
  const at = s.indexOf('hydrogen');
  assert.ok(at > 30 && at < s.length - 30, `not centred: ${s}`);
  assert.ok(partOf(s, long) && !/^…\S*\s/.test(s.slice(0, 2)), s);
  const short = 'A short summary about hydrogen.';
  assert.equal(await page.evaluate(([t]) => window.showcaseSearch.snippet(t, ['hydrogen']), [short]), short);
  // No matched word: the beginning.
  const none = await page.evaluate(([t]) => window.showcaseSearch.snippet(t, ['zzz']), [long]);
  assert.ok(!none.startsWith('…') && none.endsWith('…') && long.startsWith(none.slice(0, -1)), none);
});

test('events, news and calls show their date in a <time datetime> in the page language; calls as a deadline', async () => {
  const known = dates();
  const checked = new Set();
  for (const [lang, query] of [['en', 'aquaculture expo'], ['en', 'zero emission vessels'], ['de', 'salmon'], ['fr', 'hydrogène'], ['en', 'hydrogen']]) {
    const page = await results(lang, query);
    await d.server.quiet(400);
    const t = await strings(page);
    for (const r of await shown(page)) {
      const p = r.url.replace(/^\/(de|nb|fr)\//, '/');
      const want = known.get(p);
      if (!want) {
        assert.equal(r.datetime, null, `${r.url} shows a date`);
        continue;
      }
      const [kind, iso] = want;
      assert.equal(r.datetime, iso, `${lang} ${r.url}: <time datetime>`);
      const [y, m, day] = iso.split('-').map(Number);
      const text = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, day)));
      assert.equal(r.date, text, `${lang} ${r.url}: date text`);
      if (kind === 'call') assert.equal(r.dateLine, t.deadline.replace('{date}', text));
      checked.add(kind);
    }
  }
  assert.deepEqual([...checked].sort(), ['call', 'event', 'news']);
});

test('de: a result without German text is marked English (badge and lang="en"); German ones are not', async () => {
  const page = await results('de', 'salmon');
  const t = await strings(page);
  const truth = new Map(groundTruth('salmon', { lang: 'de' }).map((r) => [r.url, r]));
  const list = await shown(page);
  assert.ok(list.some((r) => r.url === '/de/news/fish-health-sensor/'));
  for (const r of list) {
    const textLang = truth.get(r.url).text_lang;
    if (textLang !== 'de') {
      assert.equal(r.badge, t.english, `${r.url}: marker`);
      assert.equal(r.titleLang, textLang);
    } else {
      assert.equal(r.badge, null, `${r.url}: marked though German`);
      assert.equal(r.titleLang, null);
    }
  }
  assert.equal(t.english, 'Englisch');
  // Visible, not only to screen readers.
  const box = await page.locator('#search-results .search-result-lang').first().boundingBox();
  assert.ok(box && box.width > 10 && box.height > 8);
  // On a page whose language has the text, no marker at all.
  const wasser = await results('de', 'wasserstoff');
  const mine = (await shown(wasser)).filter((r) => groundTruth('wasserstoff', { lang: 'de' }).find((x) => x.url === r.url)?.text_lang === 'de');
  assert.ok(mine.length > 0);
  for (const r of mine) assert.equal(r.badge, null);
});

test('the count is exact once more results are asked for and when all are shown: “Show more” to the end, focus on the first new result', async () => {
  // Prefixes whose first count is a lower bound ("At least 67" of 120, "At least 108" of 108),
  // and a word counted exactly at once.
  for (const query of ['clus', 'pro', 'energy']) {
    const total = groundTruth(query, { limit: 10000 }).length;
    const page = await results('en', query);
    const more = page.locator('.search-more');
    for (let guard = 0; guard < 30; guard++) {
      await d.server.quiet(200);
      const status = (await page.locator('#search-status').textContent()).trim();
      const count = await page.locator('#search-results > li').count();
      const n = Number(status.replace(/\D/g, ''));
      const lowerBound = /at least/i.test(status);
      if (lowerBound) assert.ok(n <= total && count < total, `“${status}” with ${count} of ${total} shown`);
      else assert.equal(n, total, `“${status}” for ${total}`);
      // Once the visitor asked for more, no lower bound stays.
      assert.ok(!(lowerBound && guard > 0), `${query}: “${status}” after ${guard} × “Show more”, ${count} of ${total} shown`);
      // Every result shown: the count says so, and there is nothing more to show.
      assert.equal(await more.isVisible(), count < total, `${query}: “Show more” with ${count} of ${total} shown`);
      if (count === total) {
        assert.equal(status, `${total} results`);
        break;
      }
      await more.click();
      await page.waitForFunction((c) => document.querySelectorAll('#search-results > li').length > c, count);
      const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
      const first = await page.$eval(`#search-results > li:nth-child(${count + 1}) a`, (a) => a.getAttribute('href'));
      assert.equal(focused, first, 'focus on the first new result');
    }
    assert.equal(await page.locator('#search-results > li').count(), total);
    assert.deepEqual(page.errors, []);
  }
});

test('an empty query shows a hint and the links of the site’s sections, and fetches no index', async () => {
  for (const lang of ['en', 'de', 'fr']) {
    const mark = d.server.mark();
    const page = await d.page(searchPath(lang));
    const t = await strings(page);
    const hint = page.locator('#search-help .search-hint');
    await hint.waitFor({ state: 'visible' });
    assert.equal((await hint.textContent()).trim(), t.hint);
    const links = await page.$$eval('#search-help a', (as) => as.filter((a) => a.offsetParent).map((a) => a.getAttribute('href')));
    const nav = await page.$$eval('#main-nav a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(nav.length > 3);
    for (const href of nav) assert.ok(links.includes(href), `${lang}: ${href} is not offered`);
    assert.equal(await page.locator('#search-results > li').count(), 0);
    assert.equal((await page.locator('#search-status').textContent()).trim(), '');
    await d.server.quiet(300);
    assert.deepEqual(d.server.since(mark, (r) => /^\/search\/[a-z]+\//.test(r.path)).map((r) => r.path), []);
    // Typing a query hides the help; clearing it brings it back.
    await page.locator('#search-query').pressSequentially('hydro');
    await page.locator('#search-results > li').first().waitFor();
    assert.ok(!(await page.locator('#search-help').isVisible()));
    await page.locator('#search-query').fill('');
    await hint.waitFor({ state: 'visible' });
    await noRawKeys(page, `${lang} empty`);
    assert.deepEqual(page.errors, []);
  }
});

test('a query without results suggests what to do; with filters, searching without them', async () => {
  const page = await results('en', 'xyzzyqq');
  const t = await strings(page);
  await page.locator('#search-help').waitFor({ state: 'visible' });
  const tips = await page.$$eval('#search-help .search-tip-list li', (lis) => lis.map((li) => li.textContent.trim()));
  assert.deepEqual(tips, [t.tip_spelling, t.tip_fewer]);
  assert.equal((await page.locator('#search-status').textContent()).trim(), t.none.replace('{q}', 'xyzzyqq'));
  assert.ok((await page.$$eval('#search-help a', (as) => as.filter((a) => a.offsetParent).length)) > 3);
  assert.ok(!(await page.locator('.search-more').isVisible()));
  await noRawKeys(page, 'no results');

  // A kind that has no match: the filters are the culprit, one button takes them away.
  const filtered = await results('en', 'hydrogen', '&kind=brand');
  assert.equal(groundTruth('hydrogen', { filters: { kind: 'brand' } }).length, 0);
  const button = filtered.locator('#search-help .search-tip-list button');
  await button.waitFor();
  assert.equal((await button.textContent()).trim(), t.tip_filters);
  await button.focus();
  await filtered.keyboard.press('Enter');
  const expected = groundTruth('hydrogen').map((r) => r.url);
  await filtered.waitForFunction((n) => document.querySelectorAll('#search-results > li').length === n, expected.length);
  assert.ok(!new URL(filtered.url()).searchParams.has('kind'));
  assert.equal(await filtered.evaluate(() => document.activeElement.getAttribute('href')), expected[0]);
  assert.ok(!(await filtered.locator('#search-help').isVisible()));
  assert.deepEqual([...page.errors, ...filtered.errors], []);
});

test('axe-core finds no violation on the empty, no-results, results (fallback, marks, notes) and combobox states', async () => {
  const states = [
    ['/search/', null],
    ['/de/search/', null],
    ['/search/?q=xyzzyqq&kind=event', null],
    ['/de/search/?q=salmon', null],
    ['/search/?q=hydrogen', null],
    ['/search/?q=hydorgen', null],
    ['/search/?q=nuclear%20power', null],
    ['/fr/search/?q=hydrog%C3%A8ne', null],
    [homePath('de'), 'salmon'],
  ];
  const problems = [];
  for (const [p, typed] of states) {
    const page = await d.page(p);
    if (typed) {
      await page.locator('#site-search-input').focus();
      await page.keyboard.type(typed);
      await page.waitForFunction(() => document.getElementById('site-search-input').getAttribute('aria-expanded') === 'true');
    }
    await d.server.quiet(400);
    for (const v of await axe(page)) problems.push(`${p}${typed ? ` typing “${typed}”` : ''}: ${v}`);
    await noRawKeys(page, p);
    assert.deepEqual(page.errors, [], p);
  }
  assert.deepEqual(problems, []);
});

test('header combobox: the English marker and, for events, news and calls, the date', async () => {
  const known = dates();
  const page = await d.page(homePath('de'));
  const t = await strings(page);
  await page.locator('#site-search-input').focus();
  await page.keyboard.type('salmon');
  await page.waitForFunction(() => document.getElementById('site-search-input').getAttribute('aria-expanded') === 'true');
  await d.server.quiet(300);
  // The results, not the closing "See all results" option.
  const options = await page.$$eval('#site-search-input-listbox [role="option"].search-suggest-option', (os) => os.map((o) => ({
    url: o.getAttribute('data-href'), badge: o.querySelector('.search-suggest-lang')?.textContent ?? null,
    titleLang: o.querySelector('.search-suggest-title')?.getAttribute('lang') ?? null,
    datetime: o.querySelector('time')?.getAttribute('datetime') ?? null,
  })));
  const truth = new Map(groundTruth('salmon', { lang: 'de', limit: 6 }).map((r) => [r.url, r]));
  assert.ok(options.length > 0);
  for (const o of options) {
    const en = truth.get(o.url).text_lang !== 'de';
    assert.equal(o.badge, en ? t.english : null, o.url);
    assert.equal(o.titleLang, en ? truth.get(o.url).text_lang : null, o.url);
    const want = known.get(o.url.replace(/^\/de\//, '/'));
    assert.equal(o.datetime, want ? want[1] : null, `${o.url}: date`);
  }
  assert.ok(options.some((o) => known.has(o.url.replace(/^\/de\//, '/'))), 'no dated result to check');
  assert.deepEqual(page.errors, []);
});

// ---- notes that depend on the search engine's answer (r.corrected, r.unmatched, r.terms) ----

test('a word found only through a typo correction: “Showing results for hydrogen”', async () => {
  const page = await results('en', 'hydorgen');
  const t = await strings(page);
  const note = page.locator('#search-notes .search-corrected');
  await note.waitFor({ timeout: 5000 });
  await d.server.quiet(400);
  assert.equal((await note.textContent()).trim(), t.corrected.replace('{q}', 'hydrogen'));
  assert.equal(await note.locator('em').textContent(), 'hydrogen');
  // The marks follow the corrected word.
  const marks = (await shown(page)).flatMap((r) => [...r.titleMarks, ...r.summaryMarks]);
  assert.ok(marks.some((m) => /^hydrogen/i.test(m)), `marks: ${marks}`);
  // Two words, one corrected: the other stays as typed.
  const two = await results('en', 'hydorgen ferries');
  const text = (await two.locator('#search-notes .search-corrected').textContent()).trim();
  assert.equal(text, t.corrected.replace('{q}', 'hydrogen ferries'));
});

test('a word that matches nothing is reported: “nuclear power” says “No results for “nuclear”” above the power results', async () => {
  const page = await results('en', 'nuclear power');
  const t = await strings(page);
  const note = page.locator('#search-notes .search-unmatched');
  await note.waitFor({ timeout: 5000 });
  assert.deepEqual(await note.allTextContents(), [t.none.replace('{q}', 'nuclear')]);
  assert.ok((await page.locator('#search-results > li').count()) > 0);
  await d.server.quiet(400); // the summaries not carried with the results
  const marks = (await shown(page)).flatMap((r) => [...r.titleMarks, ...r.summaryMarks]);
  assert.ok(marks.length && marks.every((m) => /^power/i.test(m)), `marks: ${marks}`);
});

test('forms matched through stemming are marked: “municipality” marks “municipalities”', async () => {
  const page = await results('en', 'municipality');
  await d.server.quiet(400);
  // Every shown word of the stem is marked, “municipalities” as well as “municipality”.
  const unmarked = await page.$$eval('#search-results > li', (lis) => lis.flatMap((li) => {
    const out = [];
    const walk = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.parentElement.closest('mark')) continue;
      for (const w of n.textContent.match(/municipalit\p{L}*/giu) || []) out.push(w);
    }
    return out;
  }));
  const marks = (await shown(page)).flatMap((r) => [...r.titleMarks, ...r.summaryMarks]);
  assert.ok(marks.some((m) => /^municipalities$/i.test(m)), `no “municipalities” marked; marks: ${marks}`);
  assert.deepEqual(unmarked, []);
});
