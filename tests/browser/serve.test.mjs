// `showcase serve` as an editor uses it, in headless Chromium: an open page shows a saved edit
// by itself; a content error shows over the page (naming file and line) while the last good
// site stays; fixing it clears the message and shows the fix. Edits go to a copy of the demo.
// The time from save to the reloaded page is printed (measured for real in the benchmark and
// tools/serve-latency.mjs, not asserted here).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { copyDemoInputs, launch, showcaseServe } from './lib/site.mjs';

let tmp, root, server, browser;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-serve-ui-'));
  root = path.join(tmp, 'root');
  copyDemoInputs(root);
  server = await showcaseServe(root, ['--output', path.join(tmp, 'served')]);
  await server.waitFor(/^Search index updated/);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

// A cluster written as Markdown with a one-line English summary.
function pickCluster() {
  const dir = path.join(root, 'content', 'clusters');
  const name = fs.readdirSync(dir).sort()
    .find((f) => /^[a-z0-9-]+\.md$/.test(f) && /^summary = "[^"\n]+"$/m.test(fs.readFileSync(path.join(dir, f), 'utf8')));
  assert.ok(name, 'the demo has a Markdown cluster with a one-line summary');
  return { file: path.join(dir, name), rel: `content/clusters/${name}`, slug: name.replace(/\.md$/, '') };
}

test('a saved edit shows in the open page; an error shows over it and clears when fixed', async () => {
  const cluster = pickCluster();
  const original = fs.readFileSync(cluster.file, 'utf8');
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  try {
    await page.goto(`${server.origin}/clusters/${cluster.slug}/`, { waitUntil: 'load' });
    const bodyHas = (text) => page.waitForFunction((t) => document.body && document.body.textContent.includes(t), text, { timeout: 20_000, polling: 20 });

    // 1. An edit reloads the page by itself.
    let shownAt = null;
    page.on('domcontentloaded', () => { shownAt ??= Date.now(); });
    const saved = Date.now();
    fs.writeFileSync(cluster.file, original.replace(/^summary = "/m, 'summary = "Freshly edited. '));
    await bodyHas('Freshly edited.');
    console.log(`  save to reloaded page (DOMContentLoaded): ${(shownAt ?? Date.now()) - saved} ms`);

    // 2. A content error: the page keeps the last good content, with the problem over it.
    fs.writeFileSync(cluster.file, original.replace(/^summary = "[^"\n]*"$/m, 'summary = 42'));
    const overlay = page.locator('#showcase-problems');
    await overlay.waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await overlay.getAttribute('role'), 'alert');
    const message = await overlay.textContent();
    assert.match(message, new RegExp(`${cluster.rel.replace(/[.]/g, '\\.')}:\\d+:\\d+`), `names file, line and column: ${message}`);
    assert.match(message, /summary/, `names the field: ${message}`);
    assert.ok((await page.textContent('body')).includes('Freshly edited.'), 'the last good page stays');
    // Dismissable from the keyboard.
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached', timeout: 5_000 });

    // 3. The fix clears the problem and shows the fixed page.
    fs.writeFileSync(cluster.file, original.replace(/^summary = "/m, 'summary = "Fixed again. '));
    await bodyHas('Fixed again.');
    assert.equal(await page.locator('#showcase-problems').count(), 0, 'no problem shown after the fix');
    assert.deepEqual(errors, []);
  } finally {
    fs.writeFileSync(cluster.file, original);
    await page.close();
  }
});
