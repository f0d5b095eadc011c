// The search page and the header search box, typed into like a visitor, in every language:
// exact, prefix, typo, fallback and folded queries, facet filters, keyboard use, no-JS submit.
// The expected results come from `showcase search` on the same index.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demo, groundTruth, homePath, searchPath } from './lib/site.mjs';

let d;
before(async () => {
  d = await demo();
});
after(() => d && d.close());

const hrefs = (page) => page.$$eval('#search-results > li a', (as) => as.map((a) => a.getAttribute('href')));

/** Wait until #search-results lists exactly `urls` (the DOM is rewritten on every keystroke). */
async function waitForList(page, urls) {
  try {
    await page.waitForFunction(
      (want) => JSON.stringify([...document.querySelectorAll('#search-results > li a')].map((a) => a.getAttribute('href'))) === want,
      JSON.stringify(urls), { timeout: 5000 },
    );
  } catch {
    assert.deepEqual(await hrefs(page), urls, 'search results');
  }
}

async function typeQuery(lang, query, filters = {}) {
  const page = await d.page(searchPath(lang));
  await page.locator('#search-query').pressSequentially(query);
  const expected = groundTruth(query, { lang, filters }).map((r) => r.url);
  await waitForList(page, expected);
  return { page, expected };
}

const cases = [
  // [language, query, a URL that must be among the results, why]
  ['en', 'hydrogen', '/clusters/hydrogen-valley/', 'exact word'],
  ['en', 'hydro', '/clusters/hydrogen-valley/', 'prefix while typing'],
  ['en', 'aquacultre', '/events/aquaculture-expo-2025/', 'one typo'],
  ['de', 'Wasserstoff', '/de/clusters/hydrogen-valley/', 'exact word, German stemming'],
  ['de', 'salmon', '/de/news/fish-health-sensor/', 'fallback: English text of a record without German text'],
  ['nb', 'havvind', '/nb/clusters/offshore-wind-norlandia/', 'exact word, Norwegian'],
  ['nb', 'alvik', '/nb/news/fish-health-sensor/', 'folding: alvik finds Ålvik'],
  ['nb', 'Sørhavn', '/nb/events/offshore-wind-supplier-workshop-2026/', 'accented query'],
  ['fr', 'eolien', '/fr/clusters/offshore-wind-norlandia/', 'folding: eolien finds éolien'],
  ['fr', 'hydrogène', '/fr/clusters/hydrogen-valley/', 'accented query, English fallback record'],
];

for (const [lang, query, must, why] of cases) {
  test(`${lang}: typing “${query}” lists the ground truth (${why})`, async () => {
    const { page, expected } = await typeQuery(lang, query);
    assert.ok(expected.includes(must), `${must} is not among ${expected}`);
    // The count is announced in the status region.
    const all = groundTruth(query, { lang, limit: 10000 });
    const status = await page.locator('#search-status').textContent();
    // An exact count, or, where the client stopped reading postings early (a prefix of many
    // forms), a lower bound it says is one: "At least N" with N no more than the truth.
    const n = Number(status.replace(/\D/g, ''));
    if (/at least/i.test(status)) {
      assert.ok(n >= expected.length && n <= all.length, `status “${status}” for ${all.length} results`);
    } else {
      assert.equal(n, all.length, `status “${status}” for ${all.length} results`);
    }
    assert.equal(await page.locator('#search-status').getAttribute('role'), 'status');
    // The URL follows the query (replaceState, debounced).
    await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, query);
    // Results are links with a title and a kind label; fallback titles are marked as English.
    const first = await page.$eval('#search-results > li', (li) => ({
      text: li.querySelector('a').textContent.trim(), kind: li.querySelector('.search-result-kind').textContent.trim(),
      lang: li.querySelector('a').getAttribute('lang'),
    }));
    assert.ok(first.text && first.kind);
    const top = groundTruth(query, { lang, limit: 1 })[0];
    assert.equal(first.text, top.title);
    assert.equal(first.lang, top.text_lang !== lang ? top.text_lang : null);
    assert.deepEqual(page.errors, []);
  });
}

test('alvik and Ålvik give the same results', async () => {
  const a = await typeQuery('nb', 'alvik');
  const b = await typeQuery('nb', 'Ålvik');
  assert.deepEqual(a.expected, b.expected);
  assert.deepEqual(await hrefs(a.page), await hrefs(b.page));
});

test('?q= and facet parameters are read on load; filters narrow the results with counts', async () => {
  const filters = { kind: 'cluster' };
  const page = await d.page('/search/?q=energy&kind=cluster');
  const expected = groundTruth('energy', { filters }).map((r) => r.url);
  await waitForList(page, expected);
  assert.equal(await page.inputValue('#search-query'), 'energy');
  // The filter panel is open (a filter is set) and counts the current matches per value.
  const kind = page.locator('#search-facets select[name="kind"]');
  await kind.waitFor();
  assert.equal(await kind.inputValue(), 'cluster');
  const labelFor = await page.$eval('#search-facets select[name="kind"]', (s) => document.querySelector(`label[for="${s.id}"]`)?.textContent);
  assert.ok(labelFor, 'the kind filter has a label');
  const options = await kind.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  const all = groundTruth('energy', { limit: 10000 });
  for (const [value, text] of options.filter(([v]) => v)) {
    const n = all.filter((r) => r.kind === value).length;
    assert.ok(text.endsWith(`(${n})`), `option ${value}: “${text}”, expected ${n}`);
  }
  // Choosing a sector narrows the list and the URL.
  const sector = page.locator('#search-facets select[name="sector"]');
  await sector.selectOption('energy');
  const narrowed = groundTruth('energy', { filters: { kind: 'cluster', sector: 'energy' } }).map((r) => r.url);
  await waitForList(page, narrowed);
  await page.waitForFunction(() => location.search.includes('sector=energy'));
  // Back to all kinds.
  await kind.selectOption('');
  await waitForList(page, groundTruth('energy', { filters: { sector: 'energy' } }).map((r) => r.url));
  assert.deepEqual(page.errors, []);
});

test('facets file is fetched only when filtering', async () => {
  const mark = d.server.mark();
  const page = await d.page('/search/?q=maritime');
  await waitForList(page, groundTruth('maritime').map((r) => r.url));
  assert.equal(d.server.since(mark, (r) => /\/search\/en\/f\./.test(r.path)).length, 0, 'no facets before filtering');
  await page.locator('#search-facets summary').click();
  await page.locator('#search-facets select[name="kind"]').waitFor();
  assert.equal(d.server.since(mark, (r) => /\/search\/en\/f\./.test(r.path)).length, 1);
});

test('keyboard on the search page: Enter stays on the page, ArrowDown moves into the results', async () => {
  const page = await d.page('/de/search/');
  await page.locator('#search-query').focus();
  await page.keyboard.type('wasserstoff');
  await page.keyboard.press('Enter');
  const expected = groundTruth('wasserstoff', { lang: 'de' }).map((r) => r.url);
  await waitForList(page, expected);
  assert.equal(new URL(page.url()).pathname, '/de/search/');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), expected[0]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), expected[1]);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-query');
  // Tab reaches the first result too, and Enter follows it.
  await page.keyboard.press('Tab'); // the search button
  await page.keyboard.press('Tab');
  let guard = 0;
  while (guard++ < 10 && (await page.evaluate(() => !document.activeElement.closest('#search-results')))) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), expected[0]);
  await Promise.all([page.waitForURL((u) => u.pathname === expected[0]), page.keyboard.press('Enter')]);
});

test('header combobox: results as you type, arrows, Escape, Enter', async () => {
  const page = await d.page(homePath('de'));
  const box = page.locator('#site-search-input');
  assert.equal(await box.getAttribute('role'), 'combobox');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  const listId = await box.getAttribute('aria-controls');
  assert.ok(listId);
  await box.focus();
  await page.keyboard.type('wasser');
  const expected = groundTruth('wasser', { lang: 'de', limit: 6 });
  await page.waitForFunction((n) => document.querySelectorAll('#site-search-input-listbox [role="option"]').length === n, expected.length + 1);
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  const list = page.locator(`#${listId}`);
  assert.equal(await list.getAttribute('role'), 'listbox');
  assert.ok(await list.isVisible());
  const options = await list.locator('[role="option"]').evaluateAll((os) => os.map((o) => [o.id, o.getAttribute('data-href'), o.textContent]));
  assert.deepEqual(options.slice(0, -1).map((o) => o[1]), expected.map((r) => r.url));
  assert.ok(options[0][2].includes(expected[0].title));
  // The last option leads to the search page with the query.
  assert.equal(options.at(-1)[1], '/de/search/?q=wasser');
  assert.equal(await box.getAttribute('aria-activedescendant'), null);
  await page.keyboard.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), options[0][0]);
  assert.equal(await page.locator(`#${options[0][0]}`).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), options[1][0]);
  assert.equal(await page.locator(`#${options[0][0]}`).getAttribute('aria-selected'), 'false');
  await page.keyboard.press('ArrowUp');
  assert.equal(await box.getAttribute('aria-activedescendant'), options[0][0]);
  await page.keyboard.press('ArrowUp'); // wraps to "see all"
  assert.equal(await box.getAttribute('aria-activedescendant'), options.at(-1)[0]);
  // Escape closes and keeps the text; focus never left the box.
  await page.keyboard.press('Escape');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.ok(!(await list.isVisible()));
  assert.equal(await box.getAttribute('aria-activedescendant'), null);
  assert.equal(await box.inputValue(), 'wasser');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-input');
  // ArrowDown reopens; Enter opens the active result.
  await page.keyboard.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.equal(await box.getAttribute('aria-activedescendant'), options[0][0]);
  await Promise.all([page.waitForURL((u) => u.pathname === expected[0].url), page.keyboard.press('Enter')]);
  assert.deepEqual(page.errors, []);
});

test('header combobox: Enter without a chosen option submits to the search page', async () => {
  const page = await d.page(homePath('fr'));
  await page.locator('#site-search-input').focus();
  await page.keyboard.type('hydrogène');
  await page.waitForFunction(() => document.getElementById('site-search-input').getAttribute('aria-expanded') === 'true');
  await Promise.all([page.waitForURL((u) => u.pathname === '/fr/search/'), page.keyboard.press('Enter')]);
  assert.equal(await page.inputValue('#search-query'), 'hydrogène');
  await waitForList(page, groundTruth('hydrogène', { lang: 'fr' }).map((r) => r.url));
});

test('without JavaScript the header form submits to the search page', async () => {
  const page = await d.page(homePath('nb'), { javaScriptEnabled: false });
  await page.locator('#site-search-input').fill('havvind');
  await Promise.all([page.waitForURL((u) => u.pathname === '/nb/search/'), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'havvind');
  assert.ok(await page.locator('noscript').count());
});
