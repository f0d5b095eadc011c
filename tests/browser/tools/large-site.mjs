// A larger programme for stress-testing the search client: the demo with every cluster copied
// N times (exact copies tie on every score, so ties, tails and the early-termination bound are
// exercised), built into a folder. Not part of the test run; use it with the parity test:
//
//   node tools/large-site.mjs 40 /tmp/large        # builds /tmp/large/public
//   SHOWCASE_DEMO_OUT=/tmp/large/public SHOWCASE_DEMO_INDEX=/tmp/large/root/search-index \
//     node --test parity.test.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, DEMO_DATE, ROOT } from '../lib/site.mjs';

const copies = Number(process.argv[2] || 20);
const out = path.resolve(process.argv[3] || '/tmp/showcase-large');
const root = path.join(out, 'root');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(root, { recursive: true });
for (const e of ['site.toml', 'content', 'themes']) fs.cpSync(path.join(ROOT, e), path.join(root, e), { recursive: true });
const dir = path.join(root, 'content', 'clusters');
for (const entry of fs.readdirSync(dir)) {
  const m = /^([^.]+)(\..*)?$/.exec(entry);
  for (let i = 1; i <= copies; i++) {
    const target = path.join(dir, `${m[1]}-c${i}${m[2] || ''}`);
    fs.cpSync(path.join(dir, entry), target, { recursive: true });
    // Every third copy gets a longer name, so impacts differ between some copies.
    if (i % 3 === 0 && fs.statSync(target).isFile()) {
      const s = fs.readFileSync(target, 'utf8').replace(/^name = "(.*)"$/m, `name = "$1 Copy ${i}"`);
      fs.writeFileSync(target, s);
    }
  }
}
const r = spawnSync(BIN, ['build', '--root', root, '--output', path.join(out, 'public'), '--date', DEMO_DATE, '--quiet'], { encoding: 'utf8' });
process.stderr.write(r.stderr.split('\n').slice(0, 10).join('\n'));
if (r.status !== 0) process.exit(r.status || 1);
console.log(`SHOWCASE_DEMO_OUT=${path.join(out, 'public')} SHOWCASE_DEMO_INDEX=${path.join(root, 'search-index')}`);
