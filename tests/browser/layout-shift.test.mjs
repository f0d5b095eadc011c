// Pictures keep their place while they load: on the news list (a photo card, placeholders on
// cards without one) and on a news item with a photo, at 1280 and 320 px, with image responses
// (SVG logos included) delayed so that they arrive after the first paint, the page scrolled to
// the end so every lazy picture loads, the cumulative layout shift (PerformanceObserver,
// buffered) stays below 0.01. Without `width`/`height` on the <img> the article's photo pushes
// the text down when it arrives and this fails (the list's card pictures are held by the
// card's 16:9 box in style.css as well).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demo } from './lib/site.mjs';

let d;
before(async () => {
  d = await demo();
});
after(async () => {
  await d?.close();
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The demo's news item with a raster photo.
const ITEM = '/news/offshore-wind-supply-contracts/';

for (const [path, width] of [['/news/', 1280], ['/news/', 320], [ITEM, 1280], [ITEM, 320]]) {
  test(`${path} does not shift as pictures load at ${width} px`, async () => {
    const page = await d.page(undefined, { viewport: { width, height: 900 } });
    let images = 0;
    await page.route(/\.(png|jpe?g|webp|gif|svg)$/, async (route) => {
      images++;
      await sleep(400);
      await route.continue();
    });
    await page.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(d.url(path), { waitUntil: 'load' });
    // Scroll down in steps so every lazy picture comes into view and loads.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0; y <= height; y += 400) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await sleep(60);
    }
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    await sleep(600);
    const cls = await page.evaluate(() => window.__cls);
    assert.ok(images > 0, `${path} shows at least one picture`);
    assert.ok(cls < 0.01, `cumulative layout shift ${cls.toFixed(4)} at ${width} px`);
    assert.deepEqual(page.errors, []);
  });
}
