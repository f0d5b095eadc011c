// The nginx recipe (docs/deploy/nginx.conf) as written, on the built demo: the two files it
// includes are made by the very commands its comments give, `nginx -t` accepts it, and a running
// nginx (Debian's nginx-light, which tests/run-all.sh installs) then serves
// - a missing URL under /de/, /nb/, /fr/ with that language's 404 page and status 404, else the
//   English one;
// - every old URL of `_redirects` as a 301 to the record's page;
// - the pages with the policy of `_headers`, SVGs with the SVG policy, search files named by a
//   hash for a year and everything else (the search manifest too) with max-age=0;
// - nosniff and a referrer policy on everything, and not the other hosts' files.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { LANGUAGES, ROOT, site } from './lib/site.mjs';

const NGINX = process.env.NGINX || ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
const RECIPE = path.join(ROOT, 'docs/deploy/nginx.conf');
const SHORT = 'public, max-age=0, must-revalidate';
const LONG = 'public, max-age=31536000, immutable';

async function freePort() {
  const srv = net.createServer();
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** The shell commands of the recipe's comments (the `sed` lines, continuations joined). */
function recipeCommands(text) {
  const lines = text.split('\n').filter((l) => l.startsWith('#        ')).map((l) => l.slice(9));
  const joined = lines.join('\n').replace(/\\\n\s*/g, '');
  return joined.split('\n').filter((l) => l.startsWith('sed '));
}

let tmp;
let origin;
let nginx;
let dir;
let headersText;
before(async () => {
  assert.ok(NGINX, 'nginx is not installed (tests/run-all.sh installs nginx-light)');
  dir = site().dir;
  headersText = fs.readFileSync(path.join(dir, '_headers'), 'utf8');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-nginx-'));
  const recipe = fs.readFileSync(RECIPE, 'utf8');
  // The includes, made as the recipe says, from this build's files.
  const commands = recipeCommands(recipe);
  assert.equal(commands.length, 2, `two commands in the recipe: ${commands}`);
  for (const cmd of commands) {
    const run = cmd.replaceAll('public/', `${dir}/`).replaceAll('/etc/nginx/', `${tmp}/`);
    const r = spawnSync('sh', ['-c', run], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${run}: ${r.stderr}`);
  }
  assert.match(fs.readFileSync(path.join(tmp, 'showcase-csp.conf'), 'utf8'), /^set \$showcase_page_csp "default-src 'self';.*";\n$/);
  const port = await freePort();
  const conf = recipe
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('root /srv/showcase/public;', `root ${dir};`)
    .replaceAll('/etc/nginx/showcase-', `${tmp}/showcase-`);
  assert.notEqual(conf, recipe);
  fs.writeFileSync(path.join(tmp, 'showcase.conf'), conf);
  const temp = (n) => `${n}_temp_path ${tmp}/${n};`;
  fs.writeFileSync(path.join(tmp, 'nginx.conf'), `daemon off;
master_process off;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  include ${tmp}/showcase.conf;
}
`);
  const t = spawnSync(NGINX, ['-t', '-p', tmp, '-c', path.join(tmp, 'nginx.conf')], { encoding: 'utf8' });
  assert.equal(t.status, 0, `nginx -t: ${t.stderr}`);
  nginx = spawn(NGINX, ['-p', tmp, '-c', path.join(tmp, 'nginx.conf')], { stdio: 'ignore' });
  origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(origin + '/');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error('nginx did not start: ' + fs.readFileSync(path.join(tmp, 'error.log'), 'utf8'));
});
after(() => {
  nginx?.kill();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

const get = (p) => fetch(origin + p, { redirect: 'manual' });

test('a missing URL gets the 404 page of its language', async () => {
  for (const lang of LANGUAGES) {
    const pre = lang === 'en' ? '' : `/${lang}`;
    for (const p of [`${pre}/no/such/page/`, `${pre}/clusters/nope/`, `${pre}/missing.pdf`]) {
      const res = await get(p);
      assert.equal(res.status, 404, p);
      const body = await res.text();
      assert.equal(body, fs.readFileSync(path.join(dir, pre.slice(1), '404.html'), 'utf8'), `${p} is not the ${lang} 404 page`);
      assert.match(body, new RegExp(`<html lang="${lang}"`));
    }
  }
});

test('old URLs move for good to the record\'s page', async () => {
  const lines = fs.readFileSync(path.join(dir, '_redirects'), 'utf8').split('\n').filter((l) => / 301!?$/.test(l));
  assert.ok(lines.length > 0, 'the demo has an alias');
  for (const line of lines) {
    const [from, to] = line.split(' ');
    const res = await get(from);
    assert.equal(res.status, 301, from);
    assert.equal(new URL(res.headers.get('location'), origin).pathname, to, from);
    assert.equal((await get(to)).status, 200, to);
  }
});

test('headers as _headers gives them', async () => {
  const pageCsp = headersText.match(/^ {2}Content-Security-Policy: (.*script-src.*)$/m)[1];
  const svg = spawnSync('sh', ['-c', `cd ${dir} && find . -name '*.svg' | head -1`], { encoding: 'utf8' }).stdout.trim().slice(1);
  const search = fs.readdirSync(path.join(dir, 'search/en'));
  const hashed = search.find((f) => f.startsWith('f.'));
  assert.ok(svg && hashed, 'an SVG and a search file');
  const cases = [
    ['/', 200, pageCsp, SHORT],
    ['/de/clusters/', 200, pageCsp, SHORT],
    ['/style.css', 200, pageCsp, SHORT],
    [svg, 200, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox", SHORT],
    ['/search/en/manifest.json', 200, pageCsp, SHORT],
    [`/search/en/${hashed}`, 200, pageCsp, LONG],
    ['/de/no/such/', 404, pageCsp, SHORT],
  ];
  for (const [p, status, csp, cache] of cases) {
    const res = await get(p);
    assert.equal(res.status, status, p);
    assert.equal(res.headers.get('content-security-policy'), csp, p);
    assert.equal(res.headers.get('cache-control'), cache, p);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', p);
    assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', p);
  }
  for (const p of ['/_headers', '/_redirects']) assert.equal((await get(p)).status, 404, p);
});
