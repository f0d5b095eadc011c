// The browser's stemmers (themes/default/static/js/stem/<algorithm>.js, generated from frostem's
// Rust by tools/snowball/transpile.mjs) stem exactly as the index does: every file, run in a
// fresh `node:vm` context as a browser would run the classic script, against
// `showcase stem <lang>` (tantivy's Stemmer), on the demo site's vocabulary in its languages
// and on Snowball's test vocabularies (Debian's snowball-data; a sample of at most
// SAMPLE words a language), each word also ASCII-folded as the index folds it before stemming.
// And the committed files are what the transpiler writes now. No browser.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { lockedFrostem, transpile, TranspileError } from '../../tools/snowball/transpile.mjs';
import { BIN, LANGUAGES, ROOT, site } from './lib/site.mjs';

const STEM_DIR = path.join(ROOT, 'themes/default/static/js/stem');
const SNOWBALL_DATA = process.env.SNOWBALL_DATA || '/usr/share/snowball/data';
const SAMPLE = 20000;
const TAGS = JSON.parse(fs.readFileSync(path.join(STEM_DIR, 'languages.json'), 'utf8'));
const ALGORITHMS = [...new Set(Object.values(TAGS))].sort();

/** The stemmers as a page has them: each file run in one context whose global is `self`. */
function loadStemmers() {
  const ctx = vm.createContext({});
  vm.runInContext('globalThis.self = globalThis;', ctx);
  for (const a of ALGORITHMS) {
    vm.runInContext(fs.readFileSync(path.join(STEM_DIR, `${a}.js`), 'utf8'), ctx, { filename: `${a}.js` });
  }
  return vm.runInContext('self.showcaseStemmers', ctx);
}

/** `showcase stem <tag>` on `words`, one stem a word. */
function rustStems(tag, words) {
  const r = spawnSync(BIN, ['stem', tag], { input: words.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `showcase stem ${tag} failed: ${r.stderr}`);
  const out = r.stdout.split('\n');
  assert.equal(out.pop(), '', 'output ends with a newline');
  assert.equal(out.length, words.length, `showcase stem ${tag}: one line a word`);
  return out;
}

/** The ASCII folding the index applies before stemming, approximately: accents stripped. */
const fold = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

/** At most SAMPLE lines of a Snowball vocabulary, spread over the whole (sorted) file. */
function snowballWords(algorithm) {
  const dir = path.join(SNOWBALL_DATA, algorithm);
  let buf;
  if (fs.existsSync(path.join(dir, 'voc.txt'))) buf = fs.readFileSync(path.join(dir, 'voc.txt'));
  else if (fs.existsSync(path.join(dir, 'voc.txt.gz'))) buf = zlib.gunzipSync(fs.readFileSync(path.join(dir, 'voc.txt.gz')));
  else assert.fail(`no Snowball vocabulary in ${dir}: apt-get install snowball-data (tests/run-all.sh does)`);
  const text = () => buf.toString('utf8').split('\n');
  let lines = 0;
  for (let i = buf.indexOf(10); i >= 0 && lines <= SAMPLE; i = buf.indexOf(10, i + 1)) lines++;
  if (lines <= SAMPLE) return text().map((l) => l.trim()).filter(Boolean);
  const out = [];
  let last = -1;
  for (let n = 0; n < SAMPLE; n++) {
    const at = Math.floor((n * buf.length) / SAMPLE);
    const start = at === 0 ? 0 : buf.indexOf(10, at) + 1; // the first line starting after `at`
    if (start <= last || start >= buf.length) continue;
    const end = buf.indexOf(10, start);
    out.push(buf.toString('utf8', start, end < 0 ? buf.length : end).trim());
    last = start;
  }
  return out.filter(Boolean);
}

/** Words of the demo's index in a language (its surface forms). */
function demoWords(lang) {
  const vocabulary = JSON.parse(fs.readFileSync(path.join(site().index, lang, 'vocabulary.json'), 'utf8'));
  return Object.keys(vocabulary.forms);
}

// Words that take the byte-level paths: multi-byte and 4-byte characters, other scripts,
// letters a stemmer's groupings span, and the empty word.
const EDGE = ['', 'a', 'é', 'ß', 'ﬁ', '😀', 'a😀s', 'naïve', 'œuvres', 'ııı', 'üğüş', 'ἀρχή', 'καλημέρα', 'мама', 'ﾃｽﾄ',
  'αντιθετε', 'கடவுள்', 'الكتاب', 'ñandúes', 'ăîșțâ', 'øæå', 'ǆungla', 'x̌s', 'ingly', 'sses', 'ies', 'ational'];

function compare(stemmers, algorithm, tag, words) {
  const all = [...new Set(words.flatMap((w) => [w.toLowerCase(), fold(w.toLowerCase())]))].filter((w) => !/[\n\r]/.test(w));
  const expected = rustStems(tag, all);
  const stem = stemmers[algorithm];
  assert.equal(typeof stem, 'function', `${algorithm}.js registers self.showcaseStemmers.${algorithm}`);
  const mismatches = [];
  all.forEach((w, i) => {
    let got;
    try {
      got = stem(w);
    } catch (e) {
      got = `(threw ${e.message})`;
    }
    if (got !== expected[i]) mismatches.push(`${JSON.stringify(w)}: js ${JSON.stringify(got)}, rust ${JSON.stringify(expected[i])}`);
  });
  assert.equal(mismatches.length, 0, `${algorithm}: ${mismatches.length} of ${all.length} words differ, e.g.\n  ${mismatches.slice(0, 8).join('\n  ')}`);
  return all.length;
}

const stemmers = loadStemmers();
const summary = [];
after(() => summary.length && console.log(`stemmers:\n  ${summary.join('\n  ')}`));

for (const algorithm of ALGORITHMS) {
  const tag = Object.keys(TAGS).find((t) => TAGS[t] === algorithm);
  test(`${algorithm} stems as the index (${tag})`, () => {
    const demoLangs = LANGUAGES.filter((l) => TAGS[l] === algorithm);
    const words = [...EDGE, ...snowballWords(algorithm), ...demoLangs.flatMap(demoWords)];
    const n = compare(stemmers, algorithm, tag, words);
    const raw = fs.readFileSync(path.join(STEM_DIR, `${algorithm}.js`));
    summary.push(`${algorithm} (${Object.keys(TAGS).filter((t) => TAGS[t] === algorithm).join(', ')}): ${n} words` +
      `${demoLangs.length ? ` incl. the demo's ${demoLangs.join(', ')}` : ''}, ${algorithm}.js ${raw.length} B, ${zlib.gzipSync(raw, { level: 9 }).length} B gzip`);
  });
}

test('every tag stems with its algorithm; a language without a stemmer keeps words', () => {
  const sample = ['running', 'häuser', 'nationalité', 'ἀρχές', 'книгами', 'kitaplardan', 'கடவுளை', 'والكتاب', 'tietokoneella', 'huizen'];
  for (const tag of Object.keys(TAGS)) compare(stemmers, TAGS[tag], tag, sample);
  const none = ['pl', 'ja', 'xx'];
  for (const tag of none) assert.deepEqual(rustStems(tag, sample), sample, `showcase stem ${tag} leaves words as they are`);
});

test('the committed stemmers are what tools/snowball/transpile.mjs writes', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-stem-'));
  try {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'tools/snowball/transpile.mjs'), '--out', tmp], { encoding: 'utf8' });
    assert.equal(r.status, 0, `transpile.mjs failed: ${r.stderr}`);
    const files = (dir) => fs.readdirSync(dir).sort();
    assert.deepEqual(files(STEM_DIR), files(tmp), 'the same files');
    for (const f of files(tmp)) {
      assert.ok(fs.readFileSync(path.join(tmp, f)).equals(fs.readFileSync(path.join(STEM_DIR, f))),
        `${f} differs from what transpile.mjs writes: run \`node tools/snowball/transpile.mjs\``);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('the transpiler stops at Rust it does not know', () => {
  const { dir } = lockedFrostem();
  const src = fs.readFileSync(path.join(dir, 'src/algorithms/english_stemmer.rs'), 'utf8');
  transpile(src, 'english');
  const once = (from, to) => {
    assert.ok(src.includes(from), from);
    return src.replace(from, to);
  };
  const changes = {
    'an unknown method of env': once('env.next_char();', 'env.next_chars();'),
    'an unknown field of env': once('env.cursor = v_1;', 'env.position = v_1;'),
    'a while loop': once("'lab0: loop {", "'lab0: while true {"),
    'a break to a label that is not an enclosing loop': once("break 'lab3;", "break 'lab99;"),
    'an unknown routine in an among table': src.replace(/None\),\n\];/, 'Some(&r_nothing)),\n];'),
    'integer division': once('env.cursor = env.limit - v_1;', 'env.cursor = env.limit / v_1;'),
    'a cast to u8 of a cursor': once('env.cursor = env.limit - v_1;', 'env.cursor = env.limit as u8;'),
    'a value at the end of a block': once('env.slice_del();', 'env.slice_del()'),
    'a comment it does not expect': once('pub fn stem', '// TODO\npub fn stem'),
    'a macro': once('env.slice_del();', 'println!("x");'),
  };
  for (const [what, changed] of Object.entries(changes)) {
    assert.notEqual(changed, src, what);
    assert.throws(() => transpile(changed, 'english'), TranspileError, what);
  }
});
