// WCAG 2.2 AA on the demo, in headless Chromium:
// - axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) on one page of every template in
//   every language, at 1280 px and at 320 px, with zero violations; no sideways scrolling at
//   320 px (reflow, 1.4.10);
// - the skip link is the first focusable element, is visible when focused and moves focus to #main;
// - every element reached with Tab shows a focus indicator (outline or box-shadow, 2.4.7);
// - links, buttons and fields in the header, navigation, filters, breadcrumbs, pagination and
//   footer are at least 24x24 CSS px (2.5.8; inline links in running text are exempt);
// - the directory filters and the header search work with the keyboard alone (Tab, arrows, Enter);
// - a page in a language its record lacks shows the notice and marks the English passage lang="en";
//   the language switcher's entries carry their own lang;
// - a rebuilt variant of the demo with a poor brand palette (light yellow primary, pale accent, grey
//   text colours) still passes axe (the theme reaches 4.5:1 itself), a cluster name, website and
//   e-mail without a place to break still reflow at 320 px, and with 60 clusters the paginated
//   directory passes axe, reflow and target sizes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { after, before, test } from 'node:test';
import { BIN, DEMO_DATE, demo, LANGUAGES, ROOT, serve } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 720 };
const SEARCH_QUERY = { en: 'hydrogen', de: 'wasserstoff', nb: 'havvind', fr: 'hydrogène' };

let d;
let context;
let pages;
before(async () => {
  d = await demo();
  // One context for the axe pass (a fresh page per URL is not needed: nothing is stored).
  context = await d.browser.newContext({ viewport: WIDE });
  pages = templates(d.site.dir);
});
after(async () => {
  await context?.close().catch(() => {});
  await d?.close();
});

const prefix = (lang) => (lang === 'en' ? '' : `/${lang}`);
const readJson = (dir, f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
const subdirs = (dir) => fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/** One page of every template, picked from the built site: `[{ name, path }]` (English paths). */
function templates(dir) {
  const clusters = readJson(dir, 'data/clusters.json').clusters;
  const events = readJson(dir, 'data/events.json').events;
  const withLogo = clusters.find((c) => c.logo);
  // Without a logo, and untranslated where possible: the fallback passage is then checked too.
  const noLogo = clusters.filter((c) => !c.logo).sort((a, b) => Object.keys(a.name).length - Object.keys(b.name).length)[0];
  const cancelled = events.find((e) => e.status === 'cancelled');
  // An upcoming event with registration: its page shows the Register and Add to calendar buttons.
  const upcoming = events.filter((e) => e.status !== 'cancelled' && String(e.end || e.start).slice(0, 10) >= DEMO_DATE);
  const other = upcoming.find((e) => e.registration_url) || upcoming[0] || events.find((e) => e !== cancelled);
  const atom = fs.readFileSync(path.join(dir, 'atom.xml'), 'utf8');
  const story = [...atom.matchAll(/<entry[\s\S]*?<\/entry>/g)].map((m) => m[0]).find((e) => /term="success-story"/.test(e));
  const storyPath = story ? new URL(story.match(/<link rel="alternate"[^>]*href="([^"]+)"/)[1]).pathname : null;
  const documents = subdirs(path.join(dir, 'documents'));
  const sectors = subdirs(path.join(dir, 'sectors'));
  const orgs = readJson(dir, 'data/organisations.json').organisations;
  // Untranslated, with competences and a contact: the fallback passages are checked too.
  const org = orgs.filter((o) => o.competences.en && o.contact).sort((a, b) => Object.keys(a.summary).length - Object.keys(b.summary).length)[0];
  const calls = readJson(dir, 'data/calls.json').calls;
  const closingSoon = calls.find((c) => c.state === 'closing-soon') || calls.find((c) => c.state === 'open');
  const closed = calls.find((c) => c.state === 'closed');
  const requests = subdirs(path.join(dir, 'cooperation')).filter((s) => fs.existsSync(path.join(dir, 'cooperation', s, 'index.html')) && !['directions', 'topics', 'sectors', 'technologies', 'countries', 'page'].includes(s));
  const expired = requests.find((s) => /name="robots" content="noindex"/.test(fs.readFileSync(path.join(dir, 'cooperation', s, 'index.html'), 'utf8')));
  const current = requests.find((s) => s !== expired);
  const list = [
    { name: 'home', path: '/' },
    { name: 'clusters directory', path: '/clusters/' },
    { name: 'facet term page', path: `/sectors/${sectors[0]}/` },
    { name: 'cluster with logo', path: `/clusters/${withLogo.slug}/` },
    { name: 'cluster without logo', path: `/clusters/${noLogo.slug}/` },
    { name: 'sectors', path: '/sectors/' },
    { name: 'events', path: '/events/' },
    { name: 'event', path: `/events/${other.slug}/` },
    { name: 'cancelled event', path: `/events/${cancelled.slug}/` },
    { name: 'news list', path: '/news/' },
    { name: 'success story', path: storyPath },
    { name: 'documents', path: '/documents/' },
    { name: 'document', path: `/documents/${documents[0]}/` },
    { name: 'brand', path: '/brand/' },
    { name: 'free page', path: '/about/' },
    { name: 'organisations', path: '/organisations/' },
    { name: 'organisations of a kind', path: '/organisations/kinds/company/' },
    { name: 'organisation', path: org && `/organisations/${org.slug}/` },
    { name: 'calls', path: '/calls/' },
    { name: 'calls archive', path: '/calls/archive/' },
    { name: 'call closing soon', path: closingSoon && `/calls/${closingSoon.slug}/` },
    { name: 'closed call', path: closed && `/calls/${closed.slug}/` },
    { name: 'cooperation requests', path: '/cooperation/' },
    { name: 'cooperation request', path: current && `/cooperation/${current}/` },
    { name: 'expired cooperation request', path: expired && `/cooperation/${expired}/` },
    { name: 'search with a query', path: '/search/', search: true },
    { name: 'the programme in numbers', path: '/figures/' },
    { name: 'map', path: '/map/' },
    { name: '404', path: '/404.html' },
  ];
  for (const p of list) assert.ok(p.path, `the demo has no page for template “${p.name}”`);
  return list;
}

function localPath(p, lang) {
  if (p.search) return `${prefix(lang)}/search/?q=${encodeURIComponent(SEARCH_QUERY[lang])}`;
  return prefix(lang) + p.path;
}

async function open(page, url, search) {
  await page.goto(d.url(url), { waitUntil: 'load' });
  if (search) {
    await page.waitForFunction(() => document.querySelectorAll('#search-results > li a').length > 0
      && document.getElementById('search-status').textContent.trim() !== '', null, { timeout: 10_000 });
    await page.waitForLoadState('networkidle'); // result summaries arrive a moment later
  }
}

async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
    }));
  }, TAGS);
}

function describe(violations) {
  return violations.map((v) => `    [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 6).map((n) =>
    `      - ${n.target}\n        ${n.html}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`).join('\n')}${v.nodes.length > 6 ? `\n      … ${v.nodes.length - 6} more` : ''}`).join('\n');
}

const frame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

for (const lang of LANGUAGES) {
  test(`${lang}: axe-core finds no WCAG 2.2 A/AA violation at 1280 and 320 px; no sideways scroll at 320 px`, async () => {
    const errors = [];
    const problems = [];
    let runs = 0;
    // Two pages at a time (the machine has two cores; axe's contrast rule is CPU-bound).
    const queue = [...pages];
    const worker = async () => {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      try {
        for (let p = queue.shift(); p; p = queue.shift()) await audit(page, p);
      } finally {
        await page.close();
      }
    };
    const audit = async (page, p) => {
      const url = localPath(p, lang);
      await page.setViewportSize(WIDE);
      await open(page, url, p.search);
      const wide = await axe(page);
      await page.setViewportSize(NARROW);
      await frame(page);
      const narrow = await axe(page);
      runs += 2;
      const scroll = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        culprits: [...document.querySelectorAll('body *')].filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.right > document.documentElement.clientWidth + 1;
        }).slice(0, 5).map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right ${Math.round(el.getBoundingClientRect().right)})`),
      }));
      if (wide.length) problems.push(`${p.name} ${url} at 1280 px:\n${describe(wide)}`);
      if (narrow.length) problems.push(`${p.name} ${url} at 320 px:\n${describe(narrow)}`);
      if (scroll.width > NARROW.width) {
        problems.push(`${p.name} ${url} at 320 px scrolls sideways: scrollWidth ${scroll.width}; wide elements: ${scroll.culprits.join(', ')}`);
      }
    };
    await Promise.all([worker(), worker()]);
    console.log(`  ${lang}: ${pages.length} templates, ${runs} axe runs, ${problems.length} finding(s)`);
    assert.equal(problems.length, 0, `accessibility findings in ${lang}:\n${problems.join('\n')}`);
    assert.deepEqual(errors, [], 'JavaScript errors');
  });
}

test('the skip link is the first focusable element, visible on focus, and moves focus to #main', async () => {
  const page = await context.newPage();
  const problems = [];
  try {
    const list = [...pages.map((p) => localPath(p, 'en')), ...LANGUAGES.filter((l) => l !== 'en').map((l) => `/${l}/`)];
    for (const url of list) {
      await page.setViewportSize(WIDE);
      await open(page, url, false);
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const a = document.activeElement;
        const r = a.getBoundingClientRect();
        return {
          tag: a.tagName.toLowerCase(), href: a.getAttribute('href'), text: a.textContent.trim(),
          visible: r.width >= 24 && r.height >= 24 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && getComputedStyle(a).visibility !== 'hidden',
          size: `${Math.round(r.width)}x${Math.round(r.height)}`,
        };
      });
      if (skip.tag !== 'a' || skip.href !== '#main') {
        problems.push(`${url}: the first Tab stop is <${skip.tag} href="${skip.href}"> “${skip.text}”, not the skip link to #main`);
        continue;
      }
      if (!skip.visible) problems.push(`${url}: the focused skip link is not visible at 24x24 px or more (${skip.size})`);
      await page.keyboard.press('Enter');
      const after = await page.evaluate(() => ({ id: document.activeElement.id, tag: document.activeElement.tagName.toLowerCase(), hash: location.hash }));
      if (after.id !== 'main' || after.tag !== 'main') problems.push(`${url}: after the skip link focus is on <${after.tag} id="${after.id}">, not <main id="main">`);
    }
  } finally {
    await page.close();
  }
  assert.deepEqual(problems, []);
});

/** Tab through a page: for each stop, whether it shows a focus indicator. */
async function tabStops(page, max) {
  const stops = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body) return null;
      const cs = getComputedStyle(a);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && cs.outlineColor !== 'transparent' && !/rgba\(\d+, \d+, \d+, 0\)/.test(cs.outlineColor);
      const shadow = cs.boxShadow && cs.boxShadow !== 'none';
      const desc = `<${a.tagName.toLowerCase()}${a.id ? ` id="${a.id}"` : ''}${a.getAttribute('href') ? ` href="${a.getAttribute('href')}"` : ''}> “${(a.textContent || a.value || '').trim().slice(0, 40)}”`;
      return { desc, visible: outline || shadow, key: desc + a.getBoundingClientRect().top };
    });
    if (!s) break;
    if (stops.length && stops[0].key === s.key) break; // wrapped around
    stops.push(s);
  }
  return stops;
}

test('every Tab stop shows a visible focus indicator (outline or box-shadow)', async () => {
  const page = await context.newPage();
  const problems = [];
  let n = 0;
  try {
    const sample = pages.filter((p) => ['home', 'clusters directory', 'cluster with logo', 'event', 'search with a query', 'brand', '404'].includes(p.name));
    for (const [p, size] of [...sample.map((p) => [p, WIDE]), [pages[0], NARROW], [pages[1], NARROW]]) {
      const url = localPath(p, 'en');
      await page.setViewportSize(size);
      await open(page, url, p.search);
      const stops = await tabStops(page, 80);
      n += stops.length;
      for (const s of stops) if (!s.visible) problems.push(`${url} at ${size.width} px: no focus indicator on ${s.desc}`);
    }
  } finally {
    await page.close();
  }
  console.log(`  focus indicators: ${n} Tab stops checked`);
  assert.deepEqual(problems, []);
});

/** Links, buttons and fields of header, navigation, filters, breadcrumbs, pagination and footer,
 *  each `{ ok, desc }`: ok when at least 24x24 CSS px (2.5.8; inline links in running text exempt). */
function targets(page) {
  return page.evaluate(() => {
    const scope = 'header, nav, .filters, .search-facets, .pagination, .breadcrumbs, footer, .event-actions, .hero-actions';
    const els = [...document.querySelectorAll(`:is(${scope}) :is(a[href], button, input:not([type=hidden]), select, summary)`)];
    const out = [];
    for (const el of els) {
      if (el.classList.contains('skip-link')) continue;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || el.closest('[hidden]')) continue;
      if (el.closest('.visually-hidden')) continue;
      // 2.5.8 "inline" exception: a link inside a sentence (its block holds other text).
      if (el.tagName === 'A' && cs.display === 'inline') {
        const block = el.parentElement.closest('p, li, dd, td, div');
        const rest = block ? block.textContent.replace(el.textContent, '').trim() : '';
        if (block && rest.length > 20 && block.tagName === 'P') continue;
      }
      const ok = r.width >= 23.5 && r.height >= 23.5;
      out.push({ ok, desc: `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}${el.getAttribute('href') ? ` href="${el.getAttribute('href')}"` : ''}> “${(el.textContent || el.value || '').trim().slice(0, 30)}” ${r.width.toFixed(1)}x${r.height.toFixed(1)}` });
    }
    return out;
  });
}

test('targets in header, navigation, filters, breadcrumbs, pagination and footer are at least 24x24 px', async () => {
  const page = await context.newPage();
  const problems = [];
  let n = 0;
  try {
    const sample = pages.filter((p) => ['home', 'clusters directory', 'facet term page', 'cluster with logo', 'event', 'search with a query', 'document', '404'].includes(p.name));
    for (const lang of ['en', 'de']) {
      for (const p of sample) {
        for (const size of [WIDE, NARROW]) {
          const url = localPath(p, lang);
          await page.setViewportSize(size);
          await open(page, url, p.search);
          if (p.name === 'clusters directory' || p.name === 'facet term page') {
            await page.evaluate(() => document.querySelectorAll('details').forEach((x) => { x.open = true; }));
          }
          if (p.search) await page.evaluate(() => document.querySelectorAll('#search-facets details').forEach((x) => { x.open = true; }));
          await frame(page);
          const found = await targets(page);
          n += found.length;
          for (const f of found) if (!f.ok) problems.push(`${url} at ${size.width} px: ${f.desc}`);
        }
      }
    }
  } finally {
    await page.close();
  }
  console.log(`  target sizes: ${n} targets checked`);
  assert.deepEqual([...new Set(problems)], []);
});

test('organisation and cooperation lists filter: a paginated list opens the term page, a short one filters in place', async () => {
  const page = await context.newPage();
  try {
    await page.setViewportSize(WIDE);
    const orgs = readJson(d.site.dir, 'data/organisations.json').organisations;
    await open(page, '/organisations/', false);
    assert.ok(await page.evaluate(() => !!document.querySelector('.pagination')), 'the demo organisations list is not paginated');
    // One page holds 48 of them: choosing a kind opens that kind's page, which lists all.
    await Promise.all([
      page.waitForURL(/\/organisations\/kinds\/university\/$/),
      page.selectOption('#organisation-filters select[data-facet="kinds"]', 'university'),
    ]);
    const cards = () => page.evaluate(() => [...document.querySelectorAll('#organisation-list > li')].filter((c) => !c.hidden).map((c) => c.querySelector('a').getAttribute('href')));
    const universities = orgs.filter((o) => o.kind === 'university').map((o) => `/organisations/${o.slug}/`).sort();
    assert.deepEqual((await cards()).sort(), universities);
    // The cooperation list fits one page: a filter hides the others at once.
    await open(page, '/cooperation/', false);
    const requests = () => page.evaluate(() => [...document.querySelectorAll('#request-list > li')].map((c) => ({ hidden: c.hidden, direction: c.dataset.directions })));
    const before = await requests();
    assert.ok(before.length > 2 && before.every((r) => !r.hidden), `${before.length} requests listed`);
    await page.selectOption('#request-filters select[data-facet="directions"]', 'offer');
    await frame(page);
    const after = await requests();
    const offers = after.filter((r) => r.direction === 'offer').length;
    assert.ok(offers > 0 && offers < after.length, `${offers} offers of ${after.length}`);
    assert.ok(after.every((r) => r.hidden === (r.direction !== 'offer')), 'a request of the other direction is shown, or an offer hidden');
    const status = await page.evaluate(() => document.getElementById('directory-count').textContent);
    assert.match(status, new RegExp(`\\b${offers}\\b`), `the count says “${status}” for ${offers} shown`);
    assert.match(page.url(), /\?directions=offer/);
  } finally {
    await page.close();
  }
});

/** Press Tab until the element matching `selector` has focus (at most `max` presses). */
async function tabTo(page, selector, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return true;
  }
  return false;
}

test('directory filters work with the keyboard: Tab to a filter, arrow keys choose, Enter on a facet link', async () => {
  const page = await context.newPage();
  try {
    await page.setViewportSize(WIDE);
    await open(page, '/clusters/', false);
    const count = () => page.evaluate(() => ({
      text: document.getElementById('directory-count').textContent.trim(),
      shown: [...document.querySelectorAll('#cluster-list .cluster-card')].filter((c) => !c.hidden).length,
      all: document.querySelectorAll('#cluster-list .cluster-card').length,
    }));
    const before = await count();
    const sel = await page.evaluate(() => document.querySelector('#cluster-filters select').id);
    assert.ok(await tabTo(page, `#${sel}`), `Tab never reaches the filter #${sel}`);
    await page.keyboard.press('ArrowDown');
    await frame(page);
    const value = await page.evaluate((id) => document.getElementById(id).value, sel);
    assert.notEqual(value, '', 'ArrowDown on the focused filter does not choose a term');
    const filtered = await count();
    assert.ok(filtered.shown < before.all && filtered.shown > 0, `filter shows ${filtered.shown} of ${before.all} clusters`);
    assert.match(filtered.text, new RegExp(String(filtered.shown)), `the count (role=status) says “${filtered.text}” for ${filtered.shown} shown`);
    assert.match(page.url(), /\?.*=/, 'the URL does not carry the filter');
    // Clear with the keyboard: Tab to the reset button, Enter.
    assert.ok(await tabTo(page, '#cluster-filters button[type=reset]', 20), 'Tab never reaches the clear button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('#cluster-list .cluster-card')].every((c) => !c.hidden));
    // The facet links (no-JS path) open and follow with the keyboard.
    assert.ok(await tabTo(page, '.facet-links summary', 20), 'Tab never reaches the facet links');
    await page.keyboard.press('Enter');
    assert.ok(await page.evaluate(() => document.querySelector('.facet-links').open), 'Enter does not open the facet links');
    await page.keyboard.press('Tab');
    const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
    assert.ok(href && href !== '#', 'Tab after the summary does not reach a facet link');
    await Promise.all([page.waitForURL((u) => u.pathname === new URL(href, page.url()).pathname), page.keyboard.press('Enter')]);
  } finally {
    await page.close();
  }
});

test('header search works with the keyboard: type, arrow to a suggestion, Enter; Enter alone opens the search page', async () => {
  const page = await context.newPage();
  try {
    await page.setViewportSize(WIDE);
    await open(page, '/events/', false);
    assert.ok(await tabTo(page, '#site-search-input', 10), 'Tab never reaches the header search box');
    await page.keyboard.type('hydrogen', { delay: 20 });
    await page.waitForFunction(() => document.querySelectorAll('[role=listbox] [role=option]').length > 1
      && !document.querySelector('[role=listbox]').hidden, null, { timeout: 10_000 });
    await page.keyboard.press('ArrowDown');
    const option = await page.evaluate(() => {
      const input = document.getElementById('site-search-input');
      const o = document.getElementById(input.getAttribute('aria-activedescendant') || '');
      return o && { selected: o.getAttribute('aria-selected'), href: o.getAttribute('data-href'), expanded: input.getAttribute('aria-expanded') };
    });
    assert.ok(option, 'ArrowDown does not make a suggestion active (aria-activedescendant)');
    assert.equal(option.selected, 'true');
    assert.equal(option.expanded, 'true');
    await Promise.all([page.waitForURL((u) => u.pathname === new URL(option.href, page.url()).pathname), page.keyboard.press('Enter')]);

    await open(page, '/de/events/', false);
    assert.ok(await tabTo(page, '#site-search-input', 10));
    await page.keyboard.type('wasserstoff', { delay: 20 });
    await Promise.all([page.waitForURL((u) => u.pathname === '/de/search/' && u.searchParams.get('q') === 'wasserstoff'), page.keyboard.press('Enter')]);
    await page.waitForFunction(() => document.querySelectorAll('#search-results > li a').length > 0, null, { timeout: 10_000 });
    // On the search page, ArrowDown from the box moves into the results.
    await page.focus('#search-query');
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.evaluate(() => document.activeElement.closest('#search-results') !== null), 'ArrowDown from the search box does not reach the results');
  } finally {
    await page.close();
  }
});

test('fallback: a page in a language its record lacks shows the notice and marks the English passage lang="en"', async () => {
  const clusters = readJson(d.site.dir, 'data/clusters.json').clusters;
  const page = await context.newPage();
  const checked = [];
  try {
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const c = clusters.find((x) => !x.name[lang] && !(x.summary && x.summary[lang]));
      if (!c) continue;
      const url = `/${lang}/clusters/${c.slug}/`;
      await page.setViewportSize(WIDE);
      await open(page, url, false);
      const r = await page.evaluate((name) => {
        const notice = document.querySelector('.notice-translation') || document.querySelector('[role=note]');
        const nr = notice && notice.getBoundingClientRect();
        const h1 = document.querySelector('main h1');
        const en = [...document.querySelectorAll('main [lang="en"]')];
        const long = en.filter((e) => e.textContent.trim().length > 100);
        return {
          htmlLang: document.documentElement.lang,
          notice: notice && { text: notice.textContent.trim(), lang: notice.closest('[lang]').getAttribute('lang'), visible: nr.width > 0 && nr.height > 0 && getComputedStyle(notice).visibility !== 'hidden' },
          h1Lang: h1 && h1.textContent.includes(name) ? (h1.querySelector('[lang]') || h1.closest('[lang]')).getAttribute('lang') : null,
          longEnglish: long.length,
        };
      }, c.name.en);
      assert.equal(r.htmlLang, lang, `${url}: <html lang>`);
      assert.ok(r.notice, `${url}: no fallback notice`);
      assert.ok(r.notice.visible, `${url}: the notice is not visible`);
      assert.equal(r.notice.lang, lang, `${url}: the notice is not in the page language`);
      assert.equal(r.h1Lang, 'en', `${url}: the English name in <h1> is not marked lang="en"`);
      assert.ok(r.longEnglish > 0, `${url}: no English passage (summary/body) marked lang="en"`);
      const switcher = await page.evaluate(() => [...document.querySelectorAll('.lang-switch a')].map((a) => [a.getAttribute('lang'), a.getAttribute('hreflang')]));
      assert.ok(switcher.length === LANGUAGES.length && switcher.every(([l, h]) => l && l === h), `${url}: language switcher entries without their own lang: ${JSON.stringify(switcher)}`);
      checked.push(url);
    }
  } finally {
    await page.close();
  }
  assert.ok(checked.length > 0, 'the demo has no cluster lacking a language');
  console.log(`  fallback checked on ${checked.join(', ')}`);
});

test('stress variant: pale brand palette, unbreakable cluster name, paginated directory: axe, reflow, target sizes', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-poor-brand-'));
  let server;
  const page = await context.newPage();
  try {
    const root = path.join(tmp, 'root');
    fs.mkdirSync(root);
    for (const entry of ['site.toml', 'content', 'themes', 'templates', 'static']) {
      if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(root, entry), { recursive: true });
    }
    // Every palette colour becomes a poor one: yellow, pale yellow, white, pale blue, light greys, pink.
    const poor = ['#FFD400', '#F5F5A0', '#FFFFFF', '#DDEEFF', '#9999AA', '#BBBBBB', '#FAFAFA', '#FF8888'];
    let palettes = 0;
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const f = path.join(dir, e.name);
        if (e.isDirectory()) walk(f);
        else if (/\.(toml|md)$/.test(e.name)) {
          const text = fs.readFileSync(f, 'utf8');
          if (!/kind\s*=\s*"palette"/.test(text)) continue;
          let i = 0;
          fs.writeFileSync(f, text.replace(/#[0-9A-Fa-f]{6}\b/g, () => poor[i++ % poor.length]));
          palettes++;
        }
      }
    };
    walk(path.join(root, 'content', 'brand'));
    assert.ok(palettes > 0, 'the demo has no palette record to make poor');
    // One cluster gets a name, acronym, website and e-mail without a place to break a line.
    const clusterDir = path.join(root, 'content', 'clusters');
    const long = fs.readdirSync(clusterDir).filter((f) => f.endsWith('.toml')).sort()
      .find((f) => /^name = "[^"]*"$/m.test(fs.readFileSync(path.join(clusterDir, f), 'utf8')));
    assert.ok(long, 'the demo has no cluster TOML with a plain name to lengthen');
    const longSlug = long.replace(/\.toml$/, '');
    // Enough copies of a cluster for the directory to paginate (pagination links are targets too).
    const count = fs.readdirSync(clusterDir).filter((f) => !f.startsWith('.') && !/\.[a-z]{2}\.md$/.test(f)).length;
    for (let i = count; i <= 60; i++) fs.copyFileSync(path.join(clusterDir, long), path.join(clusterDir, `stress-copy-${i}.toml`));
    fs.writeFileSync(path.join(clusterDir, long), fs.readFileSync(path.join(clusterDir, long), 'utf8')
      .replace(/^name = "[^"]*"$/m, 'name = "Landwirtschaftstechnologieinnovationsclustergesellschaftmittelnorwegen"')
      .replace(/^website = "[^"]*"$/m, 'website = "https://a-very-long-domain-name-for-a-cluster-organisation.example/clusters/programme/members"')
      .replace(/^email = "[^"]*"$/m, 'email = "averyveryverylongemailaddressfortesting@a-very-long-domain-name.example"'));
    const out = path.join(tmp, 'public');
    const r = spawnSync(BIN, ['build', '--root', root, '--output', out, '--date', DEMO_DATE, '--quiet'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `build of the poor-palette variant failed: ${r.stderr}`);
    server = await serve(out);
    const problems = [];
    const sample = pages.filter((p) => ['home', 'clusters directory', 'cluster with logo', 'cancelled event', 'success story', 'brand', 'search with a query', '404'].includes(p.name));
    for (const p of sample) {
      for (const lang of ['en', 'de']) {
        const url = localPath(p, lang);
        await page.setViewportSize(WIDE);
        await page.goto(server.origin + url, { waitUntil: 'load' });
        if (p.search) await page.waitForFunction(() => document.querySelectorAll('#search-results > li a').length > 0, null, { timeout: 10_000 });
        const v = await axe(page);
        if (v.length) problems.push(`${p.name} ${url} (poor palette):\n${describe(v)}`);
      }
    }
    // Reflow at 320 px with the unbreakable name: profile (English and German) and directory.
    for (const url of [`/clusters/${longSlug}/`, `/de/clusters/${longSlug}/`, '/clusters/']) {
      await page.setViewportSize(NARROW);
      await page.goto(server.origin + url, { waitUntil: 'load' });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > NARROW.width) problems.push(`${url} with an unbreakable cluster name scrolls sideways at 320 px: scrollWidth ${width}`);
    }
    // The paginated directory: axe, target sizes and reflow on both pages, at both widths.
    assert.ok(fs.existsSync(path.join(out, 'clusters', 'page', '2', 'index.html')), 'the variant directory does not paginate');
    for (const url of ['/clusters/', '/clusters/page/2/', '/de/clusters/page/2/']) {
      for (const size of [WIDE, NARROW]) {
        await page.setViewportSize(size);
        await page.goto(server.origin + url, { waitUntil: 'load' });
        const v = await axe(page);
        if (v.length) problems.push(`${url} at ${size.width} px (paginated):\n${describe(v)}`);
        const pager = await page.evaluate(() => document.querySelectorAll('.pagination a').length);
        if (!pager) problems.push(`${url}: no pagination links`);
        for (const t of await targets(page)) if (!t.ok) problems.push(`${url} at ${size.width} px: target under 24x24 px: ${t.desc}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > size.width) problems.push(`${url} at ${size.width} px scrolls sideways: scrollWidth ${width}`);
      }
    }
    assert.equal(problems.length, 0, problems.join('\n'));
  } finally {
    await page.close();
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
});
