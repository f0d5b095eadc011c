// Prints the TANTIVY_FOLD table of themes/default/static/js/search.js: tantivy's
// AsciiFoldingFilter (src/tokenizer/ascii_folding_filter.rs) restricted to characters a query
// word can hold after lower-casing (letters and digits that lower-case to themselves), grouped
// by folded output as `out:chars|out:chars|…`.
//
//   node tools/fold-table.mjs [path/to/ascii_folding_filter.rs]
//
// Without a path it looks for tantivy's source in the cargo registry (~/.cargo/registry/src).
// fold.test.mjs runs this and compares with the table in search.js.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';

export function findTantivySource(version) {
  const reg = path.join(process.env.CARGO_HOME || path.join(os.homedir(), '.cargo'), 'registry', 'src');
  if (!fs.existsSync(reg)) return null;
  const hits = [];
  for (const r of fs.readdirSync(reg)) {
    for (const d of fs.readdirSync(path.join(reg, r))) {
      const m = /^tantivy-(\d+)\.(\d+)\.(\d+)$/.exec(d);
      const f = path.join(reg, r, d, 'src/tokenizer/ascii_folding_filter.rs');
      if (m && fs.existsSync(f) && (!version || d === `tantivy-${version}`)) hits.push([m.slice(1).map(Number), f]);
    }
  }
  hits.sort((a, b) => a[0][0] - b[0][0] || a[0][1] - b[0][1] || a[0][2] - b[0][2]);
  return hits.length ? hits[hits.length - 1][1] : null;
}

export function foldTable(source) {
  const src = fs.readFileSync(source, 'utf8');
  const body = src.slice(src.indexOf('fn fold_non_ascii_char'), src.indexOf('fn to_ascii'));
  const word = /^[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]$/u;
  const groups = new Map();
  let pending = [];
  for (const line of body.split('\n')) {
    for (const m of line.matchAll(/'\\u\{([0-9A-Fa-f]+)\}'/g)) pending.push(String.fromCodePoint(parseInt(m[1], 16)));
    const out = /=> Some\("((?:[^"\\]|\\.)*)"\)/.exec(line);
    if (out) {
      const folded = out[1].replace(/\\(.)/g, '$1'); // Rust escapes: \' \" \\
      for (const c of pending) {
        if (!word.test(c) || c.toLowerCase() !== c) continue;
        if (!groups.has(folded)) groups.set(folded, '');
        groups.set(folded, groups.get(folded) + c);
      }
      pending = [];
    }
  }
  return [...groups].map(([o, cs]) => o + ':' + cs).join('|');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const source = process.argv[2] || findTantivySource();
  if (!source) {
    console.error('tantivy source not found; pass the path to ascii_folding_filter.rs');
    process.exit(1);
  }
  process.stdout.write(foldTable(source) + '\n');
}
