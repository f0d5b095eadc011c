// The fold table built into search.js (characters the corpus's own table lacks) is tantivy's
// ASCII folding, as `showcase search` applies it: regenerate it from tantivy's source when the
// cargo registry has it (tools/fold-table.mjs), and compare.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './lib/site.mjs';
import { findTantivySource, foldTable } from './tools/fold-table.mjs';

// The tantivy the binary is built with (Cargo.lock), as found in the cargo registry.
const lock = fs.readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8');
const version = /name = "tantivy"\nversion = "([^"]+)"/.exec(lock)[1];
const source = findTantivySource(version);

test(`search.js folds as tantivy ${version} does`, { skip: !source && `tantivy ${version} source not in the cargo registry` }, () => {
  const js = fs.readFileSync(path.join(ROOT, 'themes/default/static/js/search.js'), 'utf8');
  const shipped = /const TANTIVY_FOLD = '([^']*)';/.exec(js)[1];
  assert.equal(shipped, foldTable(source), 'regenerate with: node tools/fold-table.mjs');
});
