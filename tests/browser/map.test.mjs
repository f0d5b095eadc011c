// The map, in headless Chromium on the demo (that no page, the map's included, asks another host
// for anything is checked with every template in csp.test.mjs):
// - /map/ at 1280 and 320 px: every pin is a target of at least 24x24 CSS px that no other pin
//   overlaps, inside the drawing; at 320 px the page itself does not scroll sideways (the map
//   scrolls inside its frame);
// - the filters act on the list and the pins: choosing a sector with the keyboard leaves only
//   the places of that sector in the list, hides the pins with none of them, and a shared pin
//   shows how many of its places are left; the count is announced (role="status");
// - focusing a place in the list marks its pin.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demo } from './lib/site.mjs';

let d;
before(async () => { d = await demo(); });
after(async () => { await d?.close(); });

/** Each visible pin's box, and the canvas's. */
const boxes = (page) => page.evaluate(() => {
  const canvas = document.querySelector('[data-map]').getBoundingClientRect();
  const pins = [...document.querySelectorAll('.pin')].filter((p) => !p.hidden).map((p) => {
    const r = p.getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height, label: p.getAttribute('aria-label') };
  });
  return { canvas: { x: canvas.left, y: canvas.top, w: canvas.width, h: canvas.height }, pins,
    pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth };
});

for (const width of [1280, 320]) {
  test(`map pins are 24 px targets that do not overlap, at ${width} px`, async () => {
    const page = await d.page('/map/', { viewport: { width, height: 900 } });
    const { canvas, pins, pageScrolls } = await boxes(page);
    assert.ok(pins.length > 10, `${pins.length} pins`);
    assert.equal(pageScrolls, false, 'the page scrolls sideways');
    for (const p of pins) {
      assert.ok(p.w >= 24 && p.h >= 24, `${p.label}: ${p.w}x${p.h}`);
      assert.ok(p.x + p.w / 2 >= canvas.x && p.x + p.w / 2 <= canvas.x + canvas.w, `${p.label} outside the map`);
      assert.ok(p.y + p.h / 2 >= canvas.y && p.y + p.h / 2 <= canvas.y + canvas.h, `${p.label} outside the map`);
    }
    for (let i = 0; i < pins.length; i++) {
      for (let j = i + 1; j < pins.length; j++) {
        const [a, b] = [pins[i], pins[j]];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `pins “${a.label}” and “${b.label}” overlap`);
      }
    }
  });
}

test('filters act on the list of places and on the pins', async () => {
  const page = await d.page('/map/');
  const state = () => page.evaluate(() => ({
    places: [...document.querySelectorAll('#map-places .place')].map((p) => ({ id: p.id, hidden: p.hidden, sectors: p.dataset.sectors.split(' ') })),
    pins: [...document.querySelectorAll('.pin')].map((p) => ({ hidden: p.hidden, members: p.dataset.members.split(' '), count: p.textContent.trim() })),
    status: document.getElementById('directory-count').textContent,
  }));
  const before = await state();
  assert.ok(before.places.every((p) => !p.hidden) && before.pins.every((p) => !p.hidden));
  // With the keyboard: focus the sector select, choose the first sector with the arrow key.
  await page.focus('#filter-sectors');
  await page.keyboard.press('ArrowDown');
  const sector = await page.$eval('#filter-sectors', (s) => s.value);
  assert.ok(sector, 'no sector chosen');
  const after = await state();
  const shown = after.places.filter((p) => !p.hidden);
  assert.ok(shown.length > 0 && shown.length < after.places.length, `${shown.length} shown`);
  for (const p of after.places) assert.equal(p.hidden, !p.sectors.includes(sector), `${p.id} with ${sector}`);
  const hiddenIds = new Set(after.places.filter((p) => p.hidden).map((p) => p.id));
  let shared = 0;
  for (const pin of after.pins) {
    const left = pin.members.filter((m) => !hiddenIds.has(m)).length;
    assert.equal(pin.hidden, left === 0, `pin of ${pin.members.join(' ')}`);
    if (pin.members.length > 1) {
      assert.equal(pin.count, left > 1 ? String(left) : '', `pin of ${pin.members.join(' ')}`);
      if (left > 0 && left < pin.members.length) shared++;
    }
  }
  assert.ok(shared > 0, 'no shared pin lost some of its places');
  assert.match(after.status, new RegExp(`^${shown.length} places?$`));
  // Focusing an entry of the list marks its pin.
  const first = shown[0].id;
  await page.focus(`#${first} a`);
  const marked = await page.evaluate(() => [...document.querySelectorAll('.pin.is-marked')].map((p) => p.dataset.members));
  assert.equal(marked.length, 1);
  assert.ok(marked[0].split(' ').includes(first));
});
