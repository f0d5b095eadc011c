// Phones and right-to-left, in headless Chromium on the built demo (one browser, sampled pages):
// - at 320 and 390 px the site header is at most two rows of controls (brand and menu button,
//   then the search box): its height is measured against the height of one row; the menu
//   button (a <button aria-expanded aria-controls>) opens and closes the main menu and the
//   languages, with the mouse and the keyboard (Enter, Escape);
// - no sideways scrolling at 320 and 390 px on a sample of page kinds in English and German;
// - the filters of the cluster directory, the organisations, the cooperation requests, the map
//   and the documents are folded behind their button at 320 px, the count (#directory-count)
//   is on screen at once, above the list, and the button unfolds them;
// - a cluster's and an organisation's contact and key facts come before the long text, in the
//   source (reading order) and on screen, at 320 and 1280 px;
// - axe-core (WCAG 2.2 A/AA) finds nothing on those pages at 320 px, folded and unfolded;
// - documents are listed newest first (undated ones last) and filter by kind and by the
//   languages of their files: the count follows, options that would show nothing are disabled,
//   and the pages offer no option that leads to nothing (no "(0)" in any served filter);
// - a copy of the demo with Arabic added to `languages` (theme untouched) is right to left:
//   <html dir="rtl">, the logo at the right edge, the directory's filters and the profile's facts
//   on the right, the breadcrumbs' separator and the pager's arrows turned, phone numbers and
//   e-mail addresses left to right, and no sideways scrolling.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, DEMO_DATE, copyDemoInputs, demo, serve } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PHONES = [{ width: 320, height: 640 }, { width: 390, height: 844 }];
const WIDE = { width: 1280, height: 900 };

let d;
let context;
let page;
const readJson = (f) => JSON.parse(fs.readFileSync(path.join(d.site.dir, f), 'utf8'));
before(async () => {
  d = await demo();
  context = await d.browser.newContext({ viewport: PHONES[0] });
  page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`${page.url()}: ${e.message}`));
});
after(async () => {
  await context?.close().catch(() => {});
  await d?.close();
});

async function open(p, size, server = d.server) {
  if (size) await page.setViewportSize(size);
  await page.goto(server.origin + p, { waitUntil: 'load' });
}

const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function axe() {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 4).map((n) => `      - ${n.target.join(' ')}: ${n.html.slice(0, 160)}`).join('\n')}`);
  }, TAGS);
}

/** The header's rows of controls and its height, measured in the page. */
function header() {
  return page.evaluate(() => {
    const h = document.querySelector('.site-header');
    const shown = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden' ? r : null;
    };
    const items = ['.brand', '.menu-button', '.site-search', '.lang-switch', '.main-nav']
      .map((s) => [s, shown(h.querySelector(s))]).filter(([, r]) => r);
    // Items whose boxes overlap vertically share a row.
    const rows = [];
    for (const [s, r] of items.sort((a, b) => a[1].top - b[1].top)) {
      const row = rows.find((x) => r.top < x.bottom - 1);
      if (row) { row.items.push(s); row.bottom = Math.max(row.bottom, r.bottom); } else rows.push({ items: [s], top: r.top, bottom: r.bottom });
    }
    const cs = getComputedStyle(h.querySelector('.header-bar'));
    // One row: the tallest of the brand, the menu button and the search box (a line of controls).
    const line = Math.max(...items.filter(([s]) => ['.brand', '.menu-button', '.site-search'].includes(s)).map(([, r]) => r.height));
    const chrome = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + parseFloat(cs.rowGap || 0)
      + parseFloat(getComputedStyle(h).borderBottomWidth);
    const button = h.querySelector('.menu-button');
    return {
      height: h.getBoundingClientRect().height, line, chrome,
      rows: rows.map((r) => r.items.join(' + ')),
      button: button && shown(button) ? {
        tag: button.tagName.toLowerCase(), expanded: button.getAttribute('aria-expanded'),
        controls: (button.getAttribute('aria-controls') || '').split(/\s+/).filter(Boolean),
      } : null,
    };
  });
}

const visible = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)].some((el) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
}), sel);

const scrollWidth = () => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));

/** One page of each kind, English paths. */
function samplePages() {
  const clusters = readJson('data/clusters.json').clusters;
  const orgs = readJson('data/organisations.json').organisations;
  const docs = fs.readdirSync(path.join(d.site.dir, 'documents'), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'page').map((e) => e.name).sort();
  return {
    home: '/',
    clusters: '/clusters/',
    cluster: `/clusters/${clusters.find((c) => c.logo && c.contact && c.contact.email && c.contact.phone)?.slug || clusters[0].slug}/`,
    organisations: '/organisations/',
    organisation: `/organisations/${orgs.find((o) => o.contact && o.competences.en)?.slug || orgs[0].slug}/`,
    cooperation: '/cooperation/',
    events: '/events/',
    documents: '/documents/',
    document: `/documents/${docs[0]}/`,
    map: '/map/',
    search: '/search/?q=hydrogen',
  };
}
const de = (p) => (p === '/' ? '/de/' : `/de${p}`);

test('at 320 and 390 px the header is two rows at most; the menu button opens and closes the menu and the languages', async () => {
  const pages = samplePages();
  const problems = [];
  for (const size of PHONES) {
    for (const p of [pages.home, pages.clusters, pages.cluster, de(pages.documents), de(pages.organisation), `/fr${pages.clusters}`, `/nb${pages.map}`]) {
      await open(p, size);
      const h = await header();
      const where = `${p} at ${size.width} px`;
      if (h.rows.length > 2) problems.push(`${where}: the header has ${h.rows.length} rows: ${h.rows.join(' | ')}`);
      if (h.height > 2 * h.line + h.chrome + 1) problems.push(`${where}: the header is ${h.height.toFixed(0)} px high, more than two rows of ${h.line.toFixed(0)} px (+ ${h.chrome} px padding)`);
      if (!h.button) { problems.push(`${where}: no menu button`); continue; }
      if (h.button.tag !== 'button' || h.button.expanded !== 'false') problems.push(`${where}: the menu control is <${h.button.tag} aria-expanded="${h.button.expanded}">`);
      if (await visible('.main-nav a') || await visible('.lang-switch a')) problems.push(`${where}: the menu or the languages show while the menu is closed`);
    }
  }
  assert.deepEqual(problems, []);

  // Mouse and keyboard, at 320 px.
  await open(pages.clusters, PHONES[0]);
  const h = await header();
  assert.deepEqual(h.button.controls.sort(), ['lang-switch', 'main-nav']);
  await page.click('.menu-button');
  assert.equal(await page.getAttribute('.menu-button', 'aria-expanded'), 'true');
  assert.ok(await visible('.main-nav a') && await visible('.lang-switch a'), 'the open menu does not show the menu and the languages');
  // The languages stay reachable: the German page through the open menu.
  await Promise.all([page.waitForURL(/\/de\/clusters\/$/), page.click('.lang-switch a[hreflang="de"]')]);
  await page.focus('.menu-button');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('.menu-button', 'aria-expanded'), 'true', 'Enter does not open the menu');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => !!document.activeElement.closest('.site-header')), 'Tab after the open menu button leaves the header');
  // Escape from inside the menu closes it and gives the focus back to the button.
  await page.focus('.main-nav a');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('.menu-button', 'aria-expanded'), 'false', 'Escape does not close the menu');
  assert.ok(await page.evaluate(() => document.activeElement.matches('.menu-button')), 'Escape does not return the focus to the menu button');
  assert.ok(!(await visible('.main-nav a')), 'the closed menu still shows');
  // On a wide screen there is no button and the menu shows.
  await page.setViewportSize(WIDE);
  await frame();
  assert.ok(!(await visible('.menu-button')) && await visible('.main-nav a') && await visible('.lang-switch a'), 'at 1280 px the menu is folded');
  assert.deepEqual(page.errors, []);
});

test('no sideways scrolling at 320 and 390 px on a sample of page kinds, in English and German', async () => {
  const problems = [];
  const pages = Object.values(samplePages());
  for (const size of PHONES) {
    for (const p of [...pages, ...pages.map(de)]) {
      await open(p, size);
      const w = await scrollWidth();
      if (w.scroll > w.inner) problems.push(`${p} at ${size.width} px: scrollWidth ${w.scroll}`);
      // The open menu does not widen the page either.
      if (p === '/' || p === '/de/') {
        await page.click('.menu-button');
        const o = await scrollWidth();
        if (o.scroll > o.inner) problems.push(`${p} at ${size.width} px with the menu open: scrollWidth ${o.scroll}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('at 320 px the filters fold behind their button and the count shows at once, above the list', async () => {
  const lists = [['/clusters/', '#cluster-list'], ['/organisations/', '#organisation-list'], ['/cooperation/', '#request-list'],
    ['/map/', '#map-places'], ['/documents/', '#document-list'], ['/de/clusters/', '#cluster-list'], ['/de/documents/', '#document-list']];
  for (const [p, list] of lists) {
    await open(p, PHONES[0]);
    const state = () => page.evaluate((listSel) => {
      const b = document.querySelector('.filters [data-filters-toggle]');
      const form = document.querySelector('form[data-filters]');
      const count = document.getElementById('directory-count').getBoundingClientRect();
      const firstCard = document.querySelector(`${listSel} > *`).getBoundingClientRect();
      const f = form.getBoundingClientRect();
      return {
        button: b && b.getBoundingClientRect().height > 0 ? { tag: b.tagName.toLowerCase(), expanded: b.getAttribute('aria-expanded'), text: b.textContent.trim(), controls: b.getAttribute('aria-controls') } : null,
        formShown: f.height > 0,
        count: { top: count.top, bottom: count.bottom, height: count.height },
        listTop: firstCard.top,
        inner: innerHeight,
      };
    }, list);
    const s = await state();
    assert.ok(s.button, `${p}: no filters button at 320 px`);
    assert.equal(s.button.tag, 'button');
    assert.equal(s.button.expanded, 'false', `${p}: the filters start open`);
    assert.ok(await page.evaluate((id) => !!document.getElementById(id)?.querySelector('form[data-filters]'), s.button.controls), `${p}: aria-controls does not name the folded filters`);
    assert.equal(s.formShown, false, `${p}: the filter form shows while folded`);
    assert.ok(s.count.height > 0 && s.count.bottom <= s.inner, `${p}: the count is not on screen at once (bottom ${s.count.bottom}, screen ${s.inner})`);
    assert.ok(s.count.bottom <= s.listTop + 1, `${p}: the count is not above the list`);
    await page.click('.filters [data-filters-toggle]');
    const o = await state();
    assert.equal(o.button.expanded, 'true');
    assert.ok(o.formShown, `${p}: the button does not unfold the filters`);
    await page.click('.filters [data-filters-toggle]');
    assert.equal((await state()).formShown, false, `${p}: the button does not fold the filters again`);
  }
  assert.deepEqual(page.errors, []);
});

test('a profile shows its contact and key facts before the long text, in reading order and on screen', async () => {
  const pages = samplePages();
  for (const p of [pages.cluster, pages.organisation, de(pages.cluster)]) {
    for (const size of [PHONES[0], WIDE]) {
      await open(p, size);
      const r = await page.evaluate(() => {
        const contact = document.querySelector('.contact-card');
        const facts = document.querySelector('.facts');
        const about = document.querySelector('.profile-about') || document.querySelector('.profile-main');
        const before = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
        const box = (el) => el.getBoundingClientRect();
        return {
          source: before(contact, about) && before(facts, about) && before(contact, facts),
          contact: box(contact), facts: box(facts), about: box(about),
        };
      });
      const where = `${p} at ${size.width} px`;
      assert.ok(r.source, `${where}: contact and key facts do not come before the text in the source`);
      if (size === WIDE) {
        // Beside the text, on its start side: what is read first is seen first.
        assert.ok(r.contact.right <= r.about.left + 1 && r.contact.top < r.about.bottom, `${where}: the facts are not beside the text on its start side`);
        assert.ok(r.about.width > 1.5 * r.contact.width, `${where}: the text (${r.about.width.toFixed(0)} px) is not the wide column beside the facts (${r.contact.width.toFixed(0)} px)`);
      } else {
        assert.ok(r.contact.bottom <= r.facts.top + 1 && r.facts.bottom <= r.about.top + 1, `${where}: contact and facts are not above the text`);
      }
    }
  }
});

test('axe-core finds no WCAG 2.2 A/AA violation at 320 px with the menu and the filters folded and unfolded', async () => {
  const pages = samplePages();
  const problems = [];
  for (const p of [pages.home, pages.clusters, pages.cluster, pages.organisation, pages.documents, de(pages.cooperation)]) {
    await open(p, PHONES[0]);
    const folded = await axe();
    if (folded.length) problems.push(`${p} (folded):\n${folded.join('\n')}`);
    if ([pages.clusters, pages.documents].includes(p)) {
      await page.click('.menu-button');
      await page.click('.filters [data-filters-toggle]');
      await frame();
      const open_ = await axe();
      if (open_.length) problems.push(`${p} (menu and filters open):\n${open_.join('\n')}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('documents: newest first, filters by kind and language with a live count; empty choices disabled', async () => {
  await open('/documents/', WIDE);
  const docs = () => page.evaluate(() => [...document.querySelectorAll('#document-list > li')].map((li) => ({
    date: li.querySelector('time')?.getAttribute('datetime') || null,
    kinds: li.dataset.kinds, languages: (li.dataset.languages || '').split(' ').filter(Boolean), hidden: li.hidden,
    files: [...li.querySelectorAll('a[hreflang]')].map((a) => a.getAttribute('hreflang')),
  })));
  const all = await docs();
  assert.ok(all.length >= 3, `${all.length} documents`);
  const dates = all.map((x) => x.date);
  const dated = dates.filter(Boolean);
  assert.deepEqual(dated, [...dated].sort().reverse(), `not newest first: ${dates.join(', ')}`);
  assert.ok(dates.indexOf(null) === -1 || dates.slice(dates.indexOf(null)).every((x) => x === null), 'an undated document comes before a dated one');
  for (const x of all) assert.deepEqual([...x.languages].sort(), [...new Set(x.files)].sort(), 'data-languages are not the languages of the files');

  const count = () => page.$eval('#directory-count', (el) => el.textContent.trim());
  const options = (sel) => page.$$eval(`${sel} option`, (os) => os.map((o) => ({ value: o.value, disabled: o.disabled, text: o.textContent.trim() })));
  const before = await count();
  assert.match(before, new RegExp(`\\b${all.length}\\b`));
  // A kind: only its documents, the count says how many, the URL keeps the choice.
  const kinds = [...new Set(all.map((x) => x.kinds))];
  const kind = kinds.sort((a, b) => all.filter((x) => x.kinds === a).length - all.filter((x) => x.kinds === b).length)[0];
  await page.selectOption('#filter-kinds', kind);
  let now = await docs();
  const shown = now.filter((x) => !x.hidden);
  assert.ok(shown.length > 0 && shown.length < all.length && shown.every((x) => x.kinds === kind), `kind ${kind}: ${shown.length} shown`);
  assert.match(await count(), new RegExp(`\\b${shown.length}\\b`));
  assert.match(page.url(), new RegExp(`kinds=${kind}`));
  // Languages none of its documents is in cannot be chosen; "all" and the others can.
  const langs = await options('#filter-languages');
  const theirs = new Set(shown.flatMap((x) => x.languages));
  assert.ok(langs.length > 2);
  for (const o of langs) assert.equal(o.disabled, !!o.value && !theirs.has(o.value), `language option ${o.value || '(all)'} with kind ${kind}: disabled ${o.disabled}`);
  assert.ok(langs.some((o) => o.disabled), `choosing ${kind} disables no language (the demo has documents of that kind in every language?)`);
  // Clear, then a language: its documents only, and kinds without a file in it disabled.
  await page.selectOption('#filter-kinds', '');
  const lang = (await options('#filter-languages')).map((o) => o.value).filter(Boolean)
    .find((l) => { const n = all.filter((x) => x.languages.includes(l)).length; return n > 0 && n < all.length; });
  await page.selectOption('#filter-languages', lang);
  now = await docs();
  const inLang = now.filter((x) => !x.hidden);
  assert.ok(inLang.length > 0 && inLang.length < all.length && inLang.every((x) => x.languages.includes(lang)), `language ${lang}: ${inLang.length} shown`);
  assert.match(await count(), new RegExp(`\\b${inLang.length}\\b`));
  const kindOptions = await options('#filter-kinds');
  const kindsInLang = new Set(inLang.map((x) => x.kinds));
  for (const o of kindOptions) assert.equal(o.disabled, !!o.value && !kindsInLang.has(o.value), `kind option ${o.value || '(all)'} with ${lang}`);
  assert.deepEqual(page.errors, []);
});

test('filters offer no choice that leads to nothing: disabled in the browser, left out by the pages', async () => {
  // The clusters directory: with a sector chosen, regions none of its clusters is in are disabled.
  await open('/clusters/', WIDE);
  const sectors = await page.$$eval('#filter-sectors option', (os) => os.map((o) => o.value).filter(Boolean));
  let checked = 0;
  for (const s of sectors) {
    await page.selectOption('#filter-sectors', s);
    const r = await page.evaluate(() => {
      const cards = [...document.querySelectorAll('#cluster-list .card')].filter((c) => !c.hidden);
      const regions = new Set(cards.flatMap((c) => c.dataset.regions.split(' ')));
      return [...document.querySelectorAll('#filter-regions option')].filter((o) => o.value)
        .map((o) => ({ value: o.value, disabled: o.disabled, has: regions.has(o.value) }));
    });
    for (const o of r) assert.equal(o.disabled, !o.has, `sector ${s}, region ${o.value}`);
    if (r.some((o) => o.disabled)) checked++;
    if (checked >= 2) break;
  }
  assert.ok(checked > 0, 'no sector leaves a region empty in the demo');
  // Served pages: no option or facet link counts 0 (the directory, a term page, organisations).
  const served = ['/clusters/', '/organisations/', '/cooperation/', '/documents/', '/map/'];
  const term = fs.readdirSync(path.join(d.site.dir, 'sectors')).find((s) => fs.existsSync(path.join(d.site.dir, 'sectors', s, 'index.html')));
  served.push(`/sectors/${term}/`, '/organisations/kinds/company/');
  for (const p of served) {
    const html = await (await fetch(d.url(p))).text();
    const zero = [...html.matchAll(/<option[^>]*>([^<]*)\(0\)<\/option>|<span class="count">0<\/span>/g)].map((m) => m[0]);
    assert.deepEqual(zero, [], `${p} offers choices that show nothing`);
  }
  // A term page's other filters count within its own clusters, as served (before any script).
  const html = await (await fetch(d.url(`/sectors/${term}/`))).text();
  const select = html.slice(html.indexOf('id="filter-regions"'), html.indexOf('</select>', html.indexOf('id="filter-regions"')));
  const options = [...select.matchAll(/<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)<\/option>/g)].map((m) => [m[1], Number(m[2])]);
  const cards = [...html.matchAll(/<li class="card cluster-card"[^>]* data-regions="([^"]*)"/g)].map((m) => m[1].split(' '));
  assert.ok(options.length > 0 && cards.length > 0, `/sectors/${term}/: ${options.length} region options, ${cards.length} cards`);
  for (const [region, n] of options) {
    assert.equal(n, cards.filter((c) => c.includes(region)).length, `/sectors/${term}/ offers region ${region} (${n}) as served`);
  }
});

test('right to left: the demo with Arabic added is mirrored, keeps numbers and addresses left to right, and does not scroll sideways', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-rtl-'));
  let server;
  try {
    const root = path.join(tmp, 'root');
    copyDemoInputs(root);
    const toml = path.join(root, 'site.toml');
    const text = fs.readFileSync(toml, 'utf8');
    assert.match(text, /^languages = \[[^\]]*\]$/m);
    fs.writeFileSync(toml, text.replace(/^languages = \[([^\]]*)\]$/m, (_, l) => `languages = [${l}, "ar"]`));
    const out = path.join(tmp, 'public');
    const r = spawnSync(BIN, ['build', '--root', root, '--output', out, '--date', DEMO_DATE, '--no-search', '--quiet'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `build with Arabic failed: ${r.stderr}`);
    server = await serve(out);
    const pages = samplePages();
    const ar = (p) => (p === '/' ? '/ar/' : `/ar${p}`);
    const problems = [];
    for (const size of [WIDE, PHONES[1]]) {
      for (const p of [pages.home, pages.clusters, pages.cluster, pages.organisations, pages.documents, pages.events]) {
        await open(ar(p), size, server);
        const m = await page.evaluate(() => {
          const brand = document.querySelector('.brand').getBoundingClientRect();
          const bar = document.querySelector('.header-bar');
          const pad = parseFloat(getComputedStyle(bar).paddingInlineEnd);
          return {
            dir: document.documentElement.getAttribute('dir'), computed: getComputedStyle(document.body).direction,
            brandRight: brand.right, brandLeft: brand.left, pad, inner: document.documentElement.clientWidth,
            scroll: document.documentElement.scrollWidth, h1: document.querySelector('h1')?.getBoundingClientRect().right,
          };
        });
        const where = `${ar(p)} at ${size.width} px`;
        if (m.dir !== 'rtl' || m.computed !== 'rtl') problems.push(`${where}: dir="${m.dir}", direction ${m.computed}`);
        // The logo starts at the right: its right edge within the padding (and the wrap's margin on a wide screen).
        const wrapMargin = Math.max(0, (m.inner - 76 * 16) / 2);
        if (Math.abs(m.inner - wrapMargin - m.pad - m.brandRight) > 2) problems.push(`${where}: the logo's right edge is at ${m.brandRight.toFixed(0)} px, not at the right (${(m.inner - wrapMargin - m.pad).toFixed(0)})`);
        if (m.h1 !== undefined && Math.abs(m.inner - wrapMargin - m.pad - m.h1) > 2 && p !== pages.cluster) problems.push(`${where}: the heading does not start at the right (${m.h1.toFixed(0)})`);
        if (m.scroll > m.inner) problems.push(`${where}: scrolls sideways (scrollWidth ${m.scroll})`);
        if (size !== WIDE) {
          const h = await header();
          if (h.rows.length > 2 || h.height > 2 * h.line + h.chrome + 1) problems.push(`${where}: the header is ${h.height.toFixed(0)} px in ${h.rows.length} rows: ${h.rows.join(' | ')}`);
        }
      }
    }
    // The directory's filters and the profile's facts on the right on a wide screen.
    await open('/ar/clusters/', WIDE, server);
    const dir = await page.evaluate(() => ({ filters: document.querySelector('.filters').getBoundingClientRect().left, results: document.querySelector('.results').getBoundingClientRect().left }));
    if (!(dir.filters > dir.results)) problems.push(`/ar/clusters/: the filters are not on the right of the results (${dir.filters} vs ${dir.results})`);
    await open(ar(pages.cluster), WIDE, server);
    const prof = await page.evaluate(() => {
      const tel = document.querySelector('.contact-list a[href^="tel:"]');
      const mail = document.querySelector('.contact-list a[href^="mailto:"]');
      const crumb = document.querySelector('.breadcrumbs li + li');
      const notice = document.querySelector('.notice');
      const label = document.querySelector('.label-card');
      return {
        notice: notice && [getComputedStyle(notice).borderRightWidth, getComputedStyle(notice).borderLeftWidth],
        label: label && [getComputedStyle(label).borderRightWidth, getComputedStyle(label).borderLeftWidth],
        aside: document.querySelector('.profile-aside').getBoundingClientRect().left,
        main: document.querySelector('.profile-main').getBoundingClientRect().left,
        tel: tel && getComputedStyle(tel).direction, mail: mail && getComputedStyle(mail).direction,
        separator: crumb && getComputedStyle(crumb, '::before').content,
      };
    });
    if (!(prof.aside > prof.main)) problems.push(`${ar(pages.cluster)}: the facts are not on the right of the text`);
    if (prof.tel !== 'ltr' || prof.mail !== 'ltr') problems.push(`${ar(pages.cluster)}: phone ${prof.tel}, e-mail ${prof.mail}: not left to right`);
    if (prof.separator !== '"\\\\"') problems.push(`${ar(pages.cluster)}: the breadcrumbs' separator is ${prof.separator}, not turned`);
    // Borders on the start side are on the right.
    for (const [what, widths] of [['the notice', prof.notice], ['a label card', prof.label]]) {
      if (widths && !(parseFloat(widths[0]) > 1 && parseFloat(widths[1]) <= 1)) problems.push(`${ar(pages.cluster)}: ${what}'s start border is not on the right (right ${widths[0]}, left ${widths[1]})`);
    }
    // The stylesheet says start and end, not left and right (the pins of the map are placed inline).
    const css = fs.readFileSync(path.join(out, 'style.css'), 'utf8');
    const physical = css.match(/[{;]\s*(?:(?:margin|padding|border)-(?:left|right)[a-z-]*|left|right|float)\s*:[^;}]*|text-align\s*:\s*(?:left|right)/g) || [];
    if (physical.length) problems.push(`style.css uses left and right: ${physical.join(', ')}`);
    // The pager's "next" arrow points left.
    await open('/ar/organisations/', WIDE, server);
    const arrow = await page.evaluate(() => {
      const s = document.querySelector('.pagination a[rel="next"] span[aria-hidden="true"]');
      return s && getComputedStyle(s).transform;
    });
    if (arrow && !/^matrix\(-1,/.test(arrow)) problems.push(`/ar/organisations/: the next arrow is not turned (${arrow})`);
    // A left-to-right page of the same site stays so.
    await open('/de/', WIDE, server);
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.deepEqual(problems, []);
    assert.deepEqual(page.errors, []);
  } finally {
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
});
