#!/usr/bin/env node
// Translate frostem's generated Snowball stemmers (Rust) into small classic browser scripts,
// one per algorithm: themes/default/static/js/stem/<algorithm>.js registers
//   self.showcaseStemmers['<algorithm>'] = function (word) { ... return stem; }
// and, for every algorithm but English, English's too (see main()).
// with the same stems as tantivy's Stemmer token filter at index time (frostem, which tantivy
// calls as `Stemmer::new(algorithm).stem(token)`; the token is already lower-cased and
// ASCII-folded, and so must `word` be).
//
//   node tools/snowball/transpile.mjs [--frostem DIR] [--out DIR] [ALGORITHM...]
//
// Without algorithms: those of the languages in `stemmer_language()` (src/search/analysis.rs),
// through tantivy's Language -> frostem Algorithm mapping, also written to languages.json.
// frostem's folder defaults to the version Cargo.lock locks, in cargo's registry.
//
// The translation is mechanical, by a parser of the subset of Rust that Snowball's Rust
// generator writes; anything else (a construct, method, type or name it does not know) stops
// it with an error, so a frostem upgrade cannot silently give a different stemmer. The
// runtime (SnowballEnv) is the hand-written port next to this script, env.js, inlined.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

export class TranspileError extends Error {}
function fail(msg, where) {
  throw new TranspileError(where ? `${where.file}:${where.line}: ${msg}` : msg);
}

// ---------------------------------------------------------------------------------------
// Tokens

const PUNCT = ['::', '->', '=>', '==', '!=', '<=', '>=', '&&', '||', '+=', '-=', '>>', '<<', '..',
  '{', '}', '(', ')', '[', ']', ';', ':', ',', '.', '=', '<', '>', '+', '-', '*', '&', '|', '!', '#', '_'];

function tokenize(src, file) {
  const toks = [];
  const comments = [];
  let i = 0;
  let line = 1;
  const at = () => ({ file, line });
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\n') { line++; i++; continue; }
    if (/\s/.test(ch)) { i++; continue; }
    if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      const e = end < 0 ? src.length : end;
      comments.push({ text: src.slice(i + 2, e).trim(), line });
      i = e;
      continue;
    }
    if (src.startsWith('/*', i)) fail('block comment', at());
    if (ch === '"') {
      let j = i + 1;
      let v = '';
      while (src[j] !== '"') {
        if (j >= src.length || src[j] === '\n') fail('unterminated or multi-line string', at());
        if (src[j] === '\\') {
          const e = src[j + 1];
          const simple = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', 0: '\0' };
          if (e in simple) { v += simple[e]; j += 2; continue; }
          const m = /^u\{([0-9a-fA-F]{1,6})\}/.exec(src.slice(j + 1));
          if (m) { v += String.fromCodePoint(parseInt(m[1], 16)); j += 1 + m[0].length; continue; }
          fail(`string escape \\${e}`, at());
        }
        v += src[j++];
      }
      toks.push({ t: 'str', v, ...at() });
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      const m = /^'([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
      if (!m || src[i + m[0].length] === "'") fail('character literal', at());
      toks.push({ t: 'life', v: m[1], ...at() });
      i += m[0].length;
      continue;
    }
    let m;
    if (/[0-9]/.test(ch)) {
      // `0..1`: the number ends before the range
      m = /^(0x[0-9a-fA-F]+|[0-9]+)/.exec(src.slice(i, i + 40));
      const after = src[i + m[0].length];
      if (after && /[A-Za-z_]/.test(after)) fail(`number with a suffix: ${src.slice(i, i + 12)}`, at());
      if (after === '.' && src[i + m[0].length + 1] !== '.') fail('float literal', at());
      toks.push({ t: 'num', v: Number(m[1]), ...at() });
      i += m[0].length;
      continue;
    }
    m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200));
    if (m && m[0] !== '_') {
      toks.push({ t: 'id', v: m[0], ...at() });
      i += m[0].length;
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (!p) fail(`unexpected character ${JSON.stringify(ch)}`, at());
    toks.push({ t: 'p', v: p, ...at() });
    i += p.length;
  }
  toks.push({ t: 'eof', v: '', ...at() });
  return { toks, comments };
}

// ---------------------------------------------------------------------------------------
// Parser: the items, statements and expressions of Snowball's Rust output

// Rust binary operators, tighter first (`as` and unary operators bind tighter still).
const RUST_BIN = [['*', '/', '%'], ['+', '-'], ['<<', '>>'], ['&'], ['^'], ['|'],
  ['==', '!=', '<', '>', '<=', '>='], ['&&'], ['||']];
const RUST_PREC = {};
RUST_BIN.forEach((ops, i) => ops.forEach((o) => { RUST_PREC[o] = 100 - i; }));

class Parser {
  constructor(toks) {
    this.toks = toks;
    this.i = 0;
  }
  get peek() { return this.toks[this.i]; }
  look(n) { return this.toks[this.i + n]; }
  next() { return this.toks[this.i++]; }
  is(t, v) {
    const k = this.peek;
    return k.t === t && (v === undefined || k.v === v);
  }
  isP(v) { return this.is('p', v); }
  isId(v) { return this.is('id', v); }
  expect(t, v) {
    const k = this.peek;
    if (!this.is(t, v)) fail(`expected ${v ?? t}, found ${k.t} ${JSON.stringify(k.v)}`, k);
    return this.next();
  }
  p(v) { return this.expect('p', v); }
  kw(v) { return this.expect('id', v); }
  ident() { return this.expect('id').v; }
  eat(v) {
    if (this.isP(v)) { this.next(); return true; }
    return false;
  }
  // A fixed sequence of tokens (types, attributes): `words` as written, spaces between tokens.
  seq(words) {
    for (const w of words.split(' ')) {
      const k = this.next();
      const text = k.t === 'life' ? `'${k.v}` : String(k.v);
      if (text !== w) fail(`expected \`${words}\`, found ${JSON.stringify(text)} instead of ${JSON.stringify(w)}`, k);
    }
  }
  seqIf(words) {
    const save = this.i;
    try { this.seq(words); return true; } catch (e) { if (!(e instanceof TranspileError)) throw e; this.i = save; return false; }
  }

  file() {
    const items = [];
    while (!this.is('eof')) {
      const k = this.peek;
      if (this.isP('#')) {
        this.next();
        if (this.eat('!')) {
          this.p('[');
          this.kw('allow');
          this.p('(');
          const lint = this.ident();
          if (!['non_snake_case', 'non_upper_case_globals', 'unused_mut', 'unused_parens', 'unused_variables', 'unused_assignments', 'dead_code'].includes(lint)) fail(`attribute allow(${lint})`, k);
          this.p(')');
          this.p(']');
        } else {
          this.seq('[ derive ( Clone ) ]');
          if (!this.isId('struct')) fail('#[derive(Clone)] on something else than the Context struct', k);
        }
      } else if (this.isId('use')) {
        if (!this.seqIf('use snowball :: SnowballEnv ;') && !this.seqIf('use snowball :: Among ;')) fail('unknown `use`', k);
      } else if (this.isId('struct')) {
        this.next();
        if (this.ident() !== 'Context') fail('a struct other than Context', k);
        this.p('{');
        const fields = [];
        while (!this.eat('}')) {
          const name = this.ident();
          this.p(':');
          const ty = this.ident();
          if (!['i32', 'bool', 'String'].includes(ty)) fail(`Context field type ${ty}`, k);
          fields.push({ name, ty });
          if (!this.eat(',')) { this.p('}'); break; }
        }
        items.push({ k: 'struct', fields, at: k });
      } else if (this.isId('static')) {
        items.push(this.staticItem());
      } else if (this.isId('fn') || this.isId('pub')) {
        items.push(this.fnItem());
      } else {
        fail(`unknown item starting with ${JSON.stringify(k.v)}`, k);
      }
    }
    return items;
  }

  staticItem() {
    const at = this.kw('static');
    const name = this.ident();
    this.p(':');
    this.p('&');
    if (this.expect('life').v !== 'static') fail('static without a static lifetime', at);
    this.p('[');
    if (/^A_[0-9]+$/.test(name)) {
      this.seq('Among < Context >');
      this.p(';');
      const n = this.expect('num').v;
      this.seq('] = & [');
      const rows = [];
      while (!this.eat(']')) {
        this.kw('Among');
        this.p('(');
        const s = this.expect('str').v;
        this.p(',');
        const sub = this.intLit();
        this.p(',');
        const result = this.intLit();
        this.p(',');
        let method = null;
        if (this.isId('None')) this.next();
        else {
          this.seq('Some ( &');
          method = this.ident();
          this.p(')');
        }
        this.p(')');
        rows.push({ s, sub, result, method });
        if (!this.eat(',')) { this.p(']'); break; }
      }
      this.p(';');
      if (rows.length !== n) fail(`${name} declares ${n} rows and holds ${rows.length}`, at);
      rows.forEach((r, i) => { if (r.sub < -1 || r.sub >= i) fail(`${name}[${i}]: substring index ${r.sub}`, at); });
      return { k: 'among', name, rows, at };
    }
    if (/^G_[A-Za-z0-9_]+$/.test(name)) {
      this.kw('u8');
      this.p(';');
      const n = this.expect('num').v;
      this.seq('] = & [');
      const bytes = [];
      while (!this.eat(']')) {
        const b = this.expect('num').v;
        if (b > 255) fail(`${name}: byte ${b}`, at);
        bytes.push(b);
        if (!this.eat(',')) { this.p(']'); break; }
      }
      this.p(';');
      if (bytes.length !== n) fail(`${name} declares ${n} bytes and holds ${bytes.length}`, at);
      return { k: 'grouping', name, bytes, at };
    }
    fail(`static ${name}: neither an among table (A_n) nor a grouping (G_x)`, at);
  }

  intLit() {
    const neg = this.eat('-');
    const v = this.expect('num').v;
    return neg ? -v : v;
  }

  fnItem() {
    const at = this.peek;
    const pub = this.isId('pub');
    if (pub) this.next();
    this.kw('fn');
    const name = this.ident();
    this.p('(');
    if (pub) {
      if (name !== 'stem') fail(`public function ${name}`, at);
      this.seq('env : & mut SnowballEnv )');
    } else {
      if (!/^r_[A-Za-z0-9_]+$/.test(name)) fail(`function ${name} is not a routine r_*`, at);
      this.seq('env : & mut SnowballEnv , context : & mut Context )');
    }
    this.seq('-> bool');
    const body = this.block(true);
    return { k: 'fn', name, body, at };
  }

  block(fnBody = false) {
    this.p('{');
    const stmts = [];
    while (!this.eat('}')) {
      if (this.eat(';')) continue;
      const s = this.stmt();
      if (s.k === 'tail') {
        // an expression without `;`: the value of the block, so the last statement
        if (!this.isP('}')) fail('expression without `;` in the middle of a block', s.at);
        if (!fnBody) fail('a block ending in a value', s.at);
        stmts.push({ k: 'return', e: s.e, at: s.at });
        continue;
      }
      stmts.push(s);
    }
    return stmts;
  }

  stmt() {
    const at = this.peek;
    if (this.is('life')) {
      const label = this.next().v;
      this.p(':');
      const loop = this.loopStmt();
      loop.label = label;
      return loop;
    }
    if (this.isId('loop') || this.isId('for')) return this.loopStmt();
    if (this.isId('let')) {
      this.next();
      if (this.eat('(')) {
        const names = [this.ident()];
        while (this.eat(',')) names.push(this.ident());
        this.p(')');
        this.p('=');
        this.p('(');
        const values = [this.expr()];
        while (this.eat(',')) values.push(this.expr());
        this.p(')');
        this.p(';');
        if (names.length !== values.length) fail('let (..) = (..) with different lengths', at);
        return { k: 'lets', names, values, at };
      }
      const mut = this.isId('mut');
      if (mut) this.next();
      const name = this.ident();
      let ty = null;
      if (this.eat(':')) {
        ty = this.ident();
        if (!['bool', 'i32'].includes(ty)) fail(`let of type ${ty}`, at);
      }
      let init = null;
      if (this.eat('=')) init = this.expr(true);
      this.p(';');
      return { k: 'let', name, init, at };
    }
    if (this.isId('if')) return this.ifStmt();
    if (this.isId('match')) {
      this.next();
      const e = this.expr();
      this.p('{');
      const arms = [];
      while (!this.eat('}')) {
        const pats = [];
        do {
          if (this.eat('_')) pats.push('_');
          else pats.push(this.intLit());
        } while (this.eat('|'));
        this.p('=>');
        let body;
        if (this.isP('{')) body = this.block();
        else if (this.isP('(') && this.look(1).t === 'p' && this.look(1).v === ')') {
          this.next();
          this.next();
          body = [];
        } else {
          fail('match arm that is not a block or ()', this.peek);
        }
        this.eat(',');
        arms.push({ pats, body });
      }
      return { k: 'match', e, arms, at };
    }
    if (this.isId('break') || this.isId('continue')) {
      const kind = this.next().v;
      let label = null;
      if (this.is('life')) label = this.next().v;
      this.p(';');
      return { k: kind, label, at };
    }
    if (this.isId('return')) {
      this.next();
      const e = this.expr();
      if (!this.eat(';') && !this.isP('}')) fail('return without ; not at the end of a block', at);
      return { k: 'return', e, at };
    }
    const e = this.expr();
    if (['=', '+=', '-='].some((o) => this.isP(o))) {
      const op = this.next().v;
      const rhs = this.expr();
      this.p(';');
      return { k: 'assign', op, lhs: e, rhs, at };
    }
    if (this.eat(';')) return { k: 'expr', e, at };
    return { k: 'tail', e, at };
  }

  loopStmt() {
    const at = this.peek;
    if (this.isId('loop')) {
      this.next();
      return { k: 'loop', body: this.block(), at };
    }
    this.kw('for');
    this.p('_');
    this.kw('in');
    const from = this.expect('num').v;
    this.p('..');
    const to = this.expect('num').v;
    return { k: 'for', from, to, body: this.block(), at };
  }

  ifStmt() {
    const at = this.kw('if');
    const cond = this.expr();
    const then = this.block();
    let other = null;
    if (this.isId('else')) {
      this.next();
      if (this.isId('if')) {
        other = [this.ifStmt()];
        other.elseIf = true;
      } else {
        other = this.block();
      }
    }
    return { k: 'if', cond, then, other, at };
  }

  // Expressions: precedence climbing over RUST_PREC; `structOk` allows `&mut Context { .. }`.
  expr(structOk = false, min = 0) {
    let left = this.unary(structOk);
    for (;;) {
      const k = this.peek;
      if (k.t !== 'p' || !(k.v in RUST_PREC)) break;
      const prec = RUST_PREC[k.v];
      if (prec <= min) break;
      this.next();
      const right = this.expr(false, prec);
      if (RUST_BIN[6].includes(k.v) && right.k === 'bin' && RUST_BIN[6].includes(right.op)) fail('chained comparison', k);
      left = { k: 'bin', op: k.v, l: left, r: right, at: k };
    }
    return left;
  }

  unary(structOk) {
    const k = this.peek;
    if (this.isP('!') || this.isP('-')) {
      this.next();
      return { k: 'un', op: k.v, e: this.unary(false), at: k };
    }
    if (this.isP('&')) {
      this.next();
      if (this.isId('mut')) {
        this.next();
        if (!structOk) fail('&mut outside `let context = &mut Context {..}`', k);
        return this.structLit();
      }
      return { k: 'ref', e: this.unary(false), at: k };
    }
    let e = this.postfix(this.primary());
    while (this.isId('as')) {
      this.next();
      const ty = this.ident();
      if (!['i32', 'u8', 'usize', 'u32'].includes(ty)) fail(`cast to ${ty}`, k);
      e = { k: 'cast', e, ty, at: k };
    }
    return e;
  }

  structLit() {
    const at = this.peek;
    if (this.ident() !== 'Context') fail('struct literal of something else than Context', at);
    this.p('{');
    const fields = [];
    while (!this.eat('}')) {
      const name = this.ident();
      this.p(':');
      let v;
      if (this.seqIf('String :: new ( )')) v = { k: 'str', v: '' };
      else if (this.isId('true') || this.isId('false')) v = { k: 'bool', v: this.next().v === 'true' };
      else v = { k: 'num', v: this.intLit() };
      fields.push({ name, v });
      if (!this.eat(',')) { this.p('}'); break; }
    }
    return { k: 'context', fields, at };
  }

  primary() {
    const k = this.next();
    if (k.t === 'num') return { k: 'num', v: k.v, at: k };
    if (k.t === 'str') return { k: 'str', v: k.v, at: k };
    if (k.t === 'id') {
      if (k.v === 'true' || k.v === 'false') return { k: 'bool', v: k.v === 'true', at: k };
      if (this.isP('::')) fail(`path ${k.v}::`, k);
      if (this.isP('(')) return { k: 'call', f: k.v, args: this.args(), at: k };
      return { k: 'id', n: k.v, at: k };
    }
    if (k.t === 'p' && k.v === '(') {
      const e = this.expr();
      if (this.isP(',')) fail('tuple expression', k);
      this.p(')');
      return e;
    }
    fail(`unexpected ${k.t} ${JSON.stringify(k.v)} in an expression`, k);
  }

  args() {
    this.p('(');
    const args = [];
    while (!this.eat(')')) {
      args.push(this.expr());
      if (!this.eat(',')) { this.p(')'); break; }
    }
    return args;
  }

  postfix(e) {
    for (;;) {
      const k = this.peek;
      if (this.eat('.')) {
        const n = this.ident();
        if (this.isP('(')) e = { k: 'mcall', o: e, n, args: this.args(), at: k };
        else e = { k: 'field', o: e, n, at: k };
      } else if (this.eat('[')) {
        const i = this.expr();
        this.p(']');
        e = { k: 'index', o: e, i, at: k };
      } else {
        return e;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// JavaScript

// JS precedence of the operators emitted (higher binds tighter).
const JS_PREC = {
  '||': 3, '&&': 4, '|': 5, '^': 6, '&': 7, '==': 8, '!=': 8, '<': 9, '>': 9, '<=': 9, '>=': 9,
  '<<': 10, '>>': 10, '+': 11, '-': 11, '*': 12, '/': 12, '%': 12,
};
const UNARY_PREC = 14;
const POSTFIX_PREC = 17;

// SnowballEnv's fields and methods, and what they become (see env.js).
const ENV_FIELDS = { cursor: '$c', limit: '$l', limit_backward: '$lb', bra: '$b', ket: '$k' };
// name: [js, argument kinds, result type]; g = grouping, n = integer, s = string, a = among table
const ENV_METHODS = {
  eq_s: ['$eq', 's', 'bool'], eq_s_b: ['$eqb', 's', 'bool'],
  slice_from: ['$sf', 's', 'unit'], slice_del: ['$sd', '', 'unit'], insert: ['$ins', 'nns', 'unit'],
  slice_to: ['$st', '', 'string'], assign_to: ['$at', '', 'string'],
  next_char: ['$nc', '', 'unit'], previous_char: ['$pc', '', 'unit'],
  hop: ['$hop', 'n', 'bool'], hop_checked: ['$hopc', 'n', 'bool'],
  hop_back: ['$hopb', 'n', 'bool'], hop_back_checked: ['$hopbc', 'n', 'bool'],
  in_grouping: ['$ig', 'gnn', 'bool'], in_grouping_b: ['$igb', 'gnn', 'bool'],
  out_grouping: ['$og', 'gnn', 'bool'], out_grouping_b: ['$ogb', 'gnn', 'bool'],
  go_in_grouping: ['$gig', 'gnn', 'bool'], go_in_grouping_b: ['$gigb', 'gnn', 'bool'],
  go_out_grouping: ['$gog', 'gnn', 'bool'], go_out_grouping_b: ['$gogb', 'gnn', 'bool'],
  find_among: ['$fa', 'a', 'int'], find_among_b: ['$fab', 'a', 'int'],
};

const JS_RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends ' +
  'false finally for function if implements import in instanceof interface let new null package private protected ' +
  'public return static super switch this throw true try typeof var void while with yield await arguments eval ' +
  'undefined NaN Infinity self Error unescape escape encodeURIComponent decodeURIComponent').split(' '));

class Emitter {
  constructor(items, where) {
    this.where = where;
    this.ambers = new Map();
    this.groupings = new Map();
    this.fns = new Map();
    this.context = null;
    this.literals = new Map();
    for (const it of items) {
      if (it.k === 'among') this.add(this.ambers, it);
      else if (it.k === 'grouping') this.add(this.groupings, it);
      else if (it.k === 'fn') this.add(this.fns, it);
      else if (it.k === 'struct') {
        if (this.context) fail('two Context structs', it.at);
        this.context = new Map(it.fields.map((f) => [f.name, f.ty]));
      }
    }
    if (!this.context) fail('no Context struct', { file: where, line: 1 });
    if (!this.fns.has('stem')) fail('no `pub fn stem`', { file: where, line: 1 });
    for (const a of this.ambers.values()) {
      for (const r of a.rows) if (r.method && !this.fns.has(r.method)) fail(`${a.name}: unknown routine ${r.method}`, a.at);
    }
    this.items = items;
  }
  add(map, it) {
    if (map.has(it.name)) fail(`${it.name} defined twice`, it.at);
    this.checkName(it.name, it.at);
    map.set(it.name, it);
  }
  checkName(n, at) {
    if (JS_RESERVED.has(n) || n.includes('$')) fail(`the name ${n} is reserved in the JavaScript`, at);
  }

  program() {
    const out = [];
    for (const it of this.items) {
      if (it.k === 'among') {
        const rows = it.rows.map((r) => `[${jsString(r.s)},${r.sub},${r.result}${r.method ? ',' + r.method : ''}]`);
        out.push(`var ${it.name}=$A([${rows.join(',')}]);`);
      } else if (it.k === 'grouping') {
        out.push(`var ${it.name}=[${it.bytes.join(',')}];`);
      } else if (it.k === 'fn') {
        out.push(this.fn(it));
      }
    }
    if (this.literals.size) out.unshift(`var ${[...this.literals].map(([v, n]) => `${n}=$u(${jsString(v)})`).join(',')};`);
    return out;
  }

  fn(f) {
    this.labels = new Map();
    this.scopes = [new Set()];
    this.loops = [];
    this.isStem = f.name === 'stem';
    let body = f.body;
    let prologue = '';
    if (this.isStem) {
      const first = body[0];
      if (!first || first.k !== 'let' || first.name !== 'context' || !first.init || first.init.k !== 'context') {
        fail('stem() does not begin with `let mut context = &mut Context {..};`', f.at);
      }
      const given = first.init.fields;
      if (given.length !== this.context.size || given.some((g) => !this.context.has(g.name))) fail('Context literal does not match the struct', f.at);
      const fields = given.map((g) => {
        const ty = this.context.get(g.name);
        const kind = { i32: 'num', bool: 'bool', String: 'str' }[ty];
        if (g.v.k !== kind) fail(`Context.${g.name}: initial value of the wrong type`, f.at);
        return `${g.name}:${g.v.k === 'str' ? '""' : String(g.v.v)}`;
      });
      prologue = `$t={${fields.join(',')}};`;
      body = body.slice(1);
    }
    return `function ${f.name}(){${prologue}${this.stmts(body)}}`;
  }

  stmts(list) {
    return list.map((s) => this.stmt(s)).join('');
  }

  declare(name, at) {
    this.checkName(name, at);
    if (name === 'env' || name === 'context') fail(`a local named ${name}`, at);
    if (this.scopes.at(-1).has(name)) fail(`${name} shadowed in the same block (not valid JavaScript)`, at);
    this.scopes.at(-1).add(name);
  }
  scoped(fn) {
    this.scopes.push(new Set());
    try { return fn(); } finally { this.scopes.pop(); }
  }
  known(name) {
    return this.scopes.some((s) => s.has(name));
  }
  blk(list) {
    return `{${this.scoped(() => this.stmts(list))}}`;
  }
  label(name, at) {
    if (!this.labels.has(name)) this.labels.set(name, `L${this.labels.size}`);
    return this.labels.get(name);
  }

  stmt(s) {
    switch (s.k) {
      case 'let': {
        if (s.init && s.init.k === 'context') fail('Context built outside the beginning of stem()', s.at);
        if (s.init && mentions(s.init, s.name)) fail(`let ${s.name} whose value names ${s.name}`, s.at);
        const init = s.init ? `=${this.e(s.init, 0)}` : '';
        this.declare(s.name, s.at);
        return `let ${s.name}${init};`;
      }
      case 'lets': {
        // Rust evaluates the right-hand sides before it binds: none may name a new binding.
        const values = s.values.map((v) => this.e(v, 0));
        for (const n of s.names) {
          if (s.values.some((v) => mentions(v, n))) fail(`let (..) whose values name ${n}`, s.at);
          this.declare(n, s.at);
        }
        return `let ${s.names.map((n, i) => `${n}=${values[i]}`).join(',')};`;
      }
      case 'loop':
      case 'for': {
        const label = s.label ? this.label(s.label, s.at) : null;
        if (s.label && this.loops.some((l) => l.label === s.label)) fail(`label '${s.label} shadows another`, s.at);
        this.loops.push({ label: s.label });
        const body = this.blk(s.body);
        this.loops.pop();
        const head = label ? `${label}:` : '';
        if (s.k === 'loop') return `${head}for(;;)${body}`;
        if (s.from === 0 && s.to === 1) return `${head}do${body}while(0);`;
        if (!(s.from >= 0 && s.to >= s.from)) fail(`for _ in ${s.from}..${s.to}`, s.at);
        return `${head}for(let $i=${s.from};$i<${s.to};$i++)${body}`;
      }
      case 'break':
      case 'continue': {
        if (!this.loops.length) fail(`${s.k} outside a loop`, s.at);
        if (s.label === null) return `${s.k};`;
        if (!this.loops.some((l) => l.label === s.label)) fail(`${s.k} to '${s.label}, which is not an enclosing loop`, s.at);
        return `${s.k} ${this.label(s.label, s.at)};`;
      }
      case 'return':
        this.bool(s.e, 'a routine returns');
        return `return ${this.e(s.e, 0)};`;
      case 'if': {
        let out = `if(${this.cond(s.cond)})${this.blk(s.then)}`;
        // `else if` (the parser's one-statement list) or `else { .. }`
        if (s.other) out += s.other.elseIf ? `else ${this.stmt(s.other[0])}` : `else${this.blk(s.other)}`;
        return out;
      }
      case 'match': {
        if (s.e.k !== 'id' || !this.known(s.e.n)) fail('match on something else than a local', s.at);
        const v = s.e.n;
        const parts = [];
        let rest = null;
        s.arms.forEach((arm, i) => {
          if (arm.pats.includes('_')) {
            if (arm.pats.length !== 1 || i !== s.arms.length - 1) fail('`_` not alone in the last arm', s.at);
            rest = arm.body;
            return;
          }
          parts.push(`if(${arm.pats.map((p) => `${v}==${p < 0 ? `(${p})` : p}`).join('||')})${this.blk(arm.body)}`);
        });
        if (!parts.length) fail('match without cases', s.at);
        let out = parts.join('else ');
        if (rest && rest.length) out += `else${this.blk(rest)}`;
        return out;
      }
      case 'assign': {
        const lhs = s.lhs;
        let target;
        if (lhs.k === 'id') {
          if (!this.known(lhs.n)) fail(`assignment to ${lhs.n}, not a local`, s.at);
          target = lhs.n;
        } else if (lhs.k === 'field' && lhs.o.k === 'id' && (lhs.o.n === 'env' || lhs.o.n === 'context')) {
          target = this.e(lhs, 0);
        } else {
          fail('assignment to something else than a local or a field of env or context', s.at);
        }
        return `${target}${s.op}${this.e(s.rhs, 0)};`;
      }
      case 'expr': {
        const e = s.e;
        if (!(e.k === 'call' || e.k === 'mcall')) fail('expression statement that is not a call', s.at);
        return `${this.e(e, 0)};`;
      }
      default:
        fail(`statement ${s.k}`, s.at);
    }
  }

  cond(e) {
    this.bool(e, 'a condition');
    return this.e(e, 0);
  }

  // The type of an expression, as far as this subset needs: bool, int, string, unit.
  type(e) {
    switch (e.k) {
      case 'num': return 'int';
      case 'bool': return 'bool';
      case 'str': return 'string';
      case 'id':
        if (/^b_/.test(e.n)) return 'bool';
        if (/^(v_|i_)/.test(e.n) || ['among_var', 'c', 'bra', 'ket'].includes(e.n)) return 'int';
        fail(`the type of ${e.n}`, e.at);
        break;
      case 'field':
        if (e.o.k === 'id' && e.o.n === 'env' && e.n in ENV_FIELDS) return 'int';
        if (e.o.k === 'id' && e.o.n === 'context' && this.context.has(e.n)) return { i32: 'int', bool: 'bool', String: 'string' }[this.context.get(e.n)];
        fail(`field ${e.n}`, e.at);
        break;
      case 'call': return 'bool';
      case 'mcall':
        if (e.o.k === 'id' && e.o.n === 'env' && e.n in ENV_METHODS) return ENV_METHODS[e.n][2];
        return 'int';
      case 'index': return 'int';
      case 'cast': return 'int';
      case 'un': return e.op === '!' ? 'bool' : 'int';
      case 'bin': return ['==', '!=', '<', '>', '<=', '>=', '&&', '||'].includes(e.op) ? 'bool' : 'int';
      case 'ref': return this.type(e.e);
      default: fail(`expression ${e.k}`, e.at);
    }
  }
  bool(e, what) {
    if (this.type(e) !== 'bool') fail(`${what} is not a bool`, e.at);
  }
  int(e, what) {
    if (this.type(e) !== 'int') fail(`${what} is not an integer`, e.at);
  }

  // A string argument: a literal (by reference or not) or a String field of the context.
  strArg(a) {
    const e = a.k === 'ref' ? a.e : a;
    if (e.k === 'str') {
      if (!/[^\x00-\x7f]/.test(e.v)) return jsString(e.v);
      // not ASCII: its UTF-8 bytes, converted once, when the script runs
      if (!this.literals.has(e.v)) this.literals.set(e.v, `$${this.literals.size}`);
      return this.literals.get(e.v);
    }
    if (e.k === 'field' && e.o.k === 'id' && e.o.n === 'context' && this.context.get(e.n) === 'String') return `$t.${e.n}`;
    fail('a string argument that is neither a literal nor a String of the Context', a.at);
  }

  // Expression `e` in JS, parenthesised if it binds looser than `prec`.
  e(e, prec) {
    const wrap = (s, p) => (p < prec ? `(${s})` : s);
    switch (e.k) {
      case 'num': return wrap(String(e.v), e.v < 0 ? UNARY_PREC : POSTFIX_PREC);
      case 'bool': return e.v ? 'true' : 'false';
      case 'id':
        if (e.n === 'env' || e.n === 'context') fail(`${e.n} as a value`, e.at);
        if (!this.known(e.n)) fail(`unknown name ${e.n}`, e.at);
        return e.n;
      case 'field':
        if (e.o.k === 'id' && e.o.n === 'env') {
          if (!(e.n in ENV_FIELDS)) fail(`env.${e.n}`, e.at);
          return ENV_FIELDS[e.n];
        }
        if (e.o.k === 'id' && e.o.n === 'context') {
          if (!this.context.has(e.n)) fail(`context.${e.n}: no such field`, e.at);
          return `$t.${e.n}`;
        }
        fail(`field .${e.n} of something else than env or context`, e.at);
        break;
      case 'index': {
        // env.current.as_bytes()[i]
        const o = e.o;
        if (!(o.k === 'mcall' && o.n === 'as_bytes' && !o.args.length && isEnvCurrent(o.o))) fail('indexing something else than env.current.as_bytes()', e.at);
        this.int(e.i, 'a byte index');
        return wrap(`$s.charCodeAt(${this.e(e.i, 0)})`, POSTFIX_PREC);
      }
      case 'cast': {
        const inner = e.e;
        const t = this.type(inner);
        if (t !== 'int') fail(`cast of a ${t}`, e.at);
        if (e.ty === 'u8' && !(inner.k === 'index' || (inner.k === 'num' && inner.v >= 0 && inner.v <= 255))) fail('cast to u8 of something else than a byte or a byte literal', e.at);
        if (e.ty === 'i32' && inner.k === 'num' && (inner.v > 2147483647 || inner.v < -2147483648)) fail('i32 literal out of range', e.at);
        if (e.ty === 'i32' && inner.k === 'un' && inner.e.k === 'num' && inner.e.v > 2147483648) fail('i32 literal out of range', e.at);
        return this.e(inner, prec);
      }
      case 'un': {
        if (e.op === '!') this.bool(e.e, 'the operand of !');
        else this.int(e.e, 'the operand of -');
        return wrap(`${e.op}${this.e(e.e, UNARY_PREC)}`, UNARY_PREC);
      }
      case 'bin': {
        const p = JS_PREC[e.op];
        if (p === undefined) fail(`operator ${e.op}`, e.at);
        const logical = e.op === '&&' || e.op === '||';
        const lt = this.type(e.l);
        const rt = this.type(e.r);
        if (logical) {
          if (lt !== 'bool' || rt !== 'bool') fail(`${e.op} of ${lt} and ${rt}`, e.at);
        } else if (e.op === '==' || e.op === '!=') {
          if (lt !== rt || lt === 'string') fail(`${e.op} of ${lt} and ${rt}`, e.at);
        } else if (lt !== 'int' || rt !== 'int') {
          fail(`${e.op} of ${lt} and ${rt}`, e.at);
        }
        if (e.op === '/' || e.op === '%') fail(`integer ${e.op} (JS would not truncate)`, e.at);
        // left-associative: the right operand binds tighter
        const r = this.e(e.r, p + 1);
        // `a - -1` must not become `a--1`
        const gap = /[-+]$/.test(e.op) && /^[-+]/.test(r) ? ' ' : '';
        return wrap(`${this.e(e.l, p)}${e.op}${gap}${r}`, p);
      }
      case 'call': {
        if (!this.fns.has(e.f) || e.f === 'stem') fail(`call of ${e.f}`, e.at);
        if (e.args.length !== 2 || !isId(e.args[0], 'env') || !isId(e.args[1], 'context')) fail(`${e.f} called with other arguments than (env, context)`, e.at);
        return wrap(`${e.f}()`, POSTFIX_PREC);
      }
      case 'mcall': {
        if (isEnvCurrent(e.o)) fail(`env.current.${e.n}()`, e.at);
        // env.current.chars().count()
        if (e.n === 'count' && !e.args.length && e.o.k === 'mcall' && e.o.n === 'chars' && !e.o.args.length && isEnvCurrent(e.o.o)) return '$n()';
        if (!isId(e.o, 'env')) fail(`method ${e.n} of something else than env`, e.at);
        const m = ENV_METHODS[e.n];
        if (!m) fail(`env.${e.n}()`, e.at);
        const [js, kinds] = m;
        const expected = kinds === 'a' ? 2 : kinds.length;
        if (e.args.length !== expected) fail(`env.${e.n} with ${e.args.length} arguments`, e.at);
        const args = [];
        [...kinds].forEach((kind, i) => {
          const a = e.args[i];
          if (kind === 's') args.push(this.strArg(a));
          else if (kind === 'n') {
            this.int(a, `argument ${i + 1} of env.${e.n}`);
            args.push(this.e(a, 0));
          } else if (kind === 'g') {
            if (!(a.k === 'id' && this.groupings.has(a.n))) fail(`env.${e.n} of ${a.n ?? a.k}, not a grouping`, e.at);
            const g = this.groupings.get(a.n);
            const [mi, ma] = [e.args[1], e.args[2]];
            if (mi.k !== 'num' || ma.k !== 'num') fail(`env.${e.n}: bounds that are not literals`, e.at);
            if ((ma.v - mi.v) >> 3 >= g.bytes.length) fail(`env.${e.n}: ${a.n} is too short for ${mi.v}..${ma.v}`, e.at);
            args.push(a.n);
          } else if (kind === 'a') {
            if (!(a.k === 'id' && this.ambers.has(a.n))) fail(`env.${e.n} of ${a.n ?? a.k}, not an among table`, e.at);
            if (!isId(e.args[1], 'context')) fail(`env.${e.n} without context`, e.at);
            args.push(a.n);
          }
        });
        return wrap(`${js}(${args.join(',')})`, POSTFIX_PREC);
      }
      case 'ref':
        fail('a reference outside a string argument', e.at);
        break;
      case 'str':
        fail('a string outside a string argument', e.at);
        break;
      default:
        fail(`expression ${e.k}`, e.at);
    }
  }
}

function isId(e, n) {
  return e.k === 'id' && e.n === n;
}
function isEnvCurrent(e) {
  return e.k === 'field' && isId(e.o, 'env') && e.n === 'current';
}
function mentions(e, n) {
  if (!e || typeof e !== 'object') return false;
  if (e.k === 'id' && e.n === n) return true;
  return Object.entries(e).some(([k, v]) => k !== 'at' && (Array.isArray(v) ? v.some((x) => mentions(x, n)) : typeof v === 'object' && mentions(v, n)));
}

// A JS string literal of `s`.
function jsString(s) {
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

// ---------------------------------------------------------------------------------------
// The runtime, the files, the languages

function runtime() {
  const src = fs.readFileSync(path.join(HERE, 'env.js'), 'utf8');
  const lines = src.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//'));
  return lines.map(compactLine).join('\n');
}

// One line of env.js without the spaces between its tokens (its line breaks stay, so automatic
// semicolon insertion cannot change): safe for what env.js may hold, which this checks: words,
// numbers, operators and double-quoted strings without escapes; no regular expressions (no
// `/` at all), template literals or comments after code.
function compactLine(line) {
  const toks = line.match(/"[^"\\]*"|[A-Za-z0-9_$.]+|\s+|[^\sA-Za-z0-9_$."]+/g);
  if (!toks || toks.join('') !== line || /[\/`'\\]/.test(line.replace(/"[^"\\]*"/g, '""'))) fail(`env.js: a line this script cannot compact: ${line}`);
  let out = '';
  for (const t of toks) {
    if (/^\s/.test(t)) continue;
    const a = out.at(-1) ?? '';
    const b = t[0];
    const word = /[A-Za-z0-9_$]/;
    if ((word.test(a) && word.test(b)) || (a === '+' && b === '+') || (a === '-' && b === '-')) out += ' ';
    out += t;
  }
  return out;
}

export function transpile(rustSource, algorithm, fileName = `${algorithm}_stemmer.rs`) {
  const { toks, comments } = tokenize(rustSource, fileName);
  const items = new Parser(toks).file();
  const em = new Emitter(items, fileName);
  const generatedFrom = comments.find((c) => /^Generated from /.test(c.text));
  for (const c of comments) {
    if (c !== generatedFrom) fail(`unexpected comment: ${c.text}`, { file: fileName, line: c.line });
  }
  return { body: em.program(), snowball: generatedFrom ? generatedFrom.text : '' };
}

export function render(rustSource, algorithm, frostemVersion) {
  if (!/^[a-z_]+$/.test(algorithm)) fail(`algorithm name ${algorithm}`);
  const { body, snowball } = transpile(rustSource, algorithm);
  const header = `// Generated by \`node tools/snowball/transpile.mjs\` from frostem ${frostemVersion} ` +
    `src/algorithms/${algorithm}_stemmer.rs (${snowball.replace(/ - https:.*$/, '')}); do not edit. ` +
    `self.showcaseStemmers.${algorithm}(word): the stem of a lower-cased, ASCII-folded word, as tantivy stems it.`;
  return `${header}\n(function(){"use strict";\n${runtime()}\n${body.join('\n')}\n` +
    `(self.showcaseStemmers||(self.showcaseStemmers={}))[${JSON.stringify(algorithm)}]=function(word){return $stem(word,stem);};\n})();\n`;
}

function lockedVersion(name) {
  const lock = fs.readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8');
  const versions = [...lock.matchAll(/\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/g)].filter((m) => m[1] === name).map((m) => m[2]);
  if (versions.length !== 1) fail(`Cargo.lock locks ${versions.length} versions of ${name}`);
  return versions[0];
}

function registryDir(name, version) {
  const home = process.env.CARGO_HOME || path.join(os.homedir(), '.cargo');
  const src = path.join(home, 'registry', 'src');
  const dirs = fs.existsSync(src) ? fs.readdirSync(src).map((d) => path.join(src, d, `${name}-${version}`)).filter((d) => fs.existsSync(d)) : [];
  if (!dirs.length) fail(`${name} ${version} is not in ${src}: run \`cargo fetch\``);
  return dirs[0];
}

// Language tag (primary subtag) -> frostem algorithm id, through stemmer_language() in
// src/search/analysis.rs, tantivy's Language::algorithm() and frostem's Algorithm::name().
export function languages(tantivyDir, frostemDir) {
  const analysis = fs.readFileSync(path.join(ROOT, 'src/search/analysis.rs'), 'utf8');
  const fn = /pub fn stemmer_language\(lang: &str\) -> Option<Language> \{([\s\S]*?)\n\}/.exec(analysis);
  if (!fn) fail('stemmer_language() not found in src/search/analysis.rs');
  const tags = {};
  for (const m of fn[1].matchAll(/^\s*((?:"[a-z]+"(?:\s*\|\s*)?)+)\s*=>\s*Language::([A-Za-z]+),/gm)) {
    for (const t of m[1].matchAll(/"([a-z]+)"/g)) tags[t[1]] = m[2];
  }
  const arms = fn[1].split('\n').filter((l) => l.includes('=>')).length;
  if (Object.values(tags).length === 0 || arms !== new Set(Object.values(tags)).size + 1) fail('stemmer_language(): arms this script cannot read');
  const stemmer = fs.readFileSync(path.join(tantivyDir, 'src/tokenizer/stemmer.rs'), 'utf8');
  const algo = {};
  for (const m of stemmer.matchAll(/^\s*([A-Za-z]+) => Algorithm::([A-Za-z]+),/gm)) algo[m[1]] = m[2];
  const names = {};
  const algorithmRs = fs.readFileSync(path.join(frostemDir, 'src/algorithm.rs'), 'utf8');
  for (const m of algorithmRs.matchAll(/Self::([A-Za-z]+) => "([a-z_]+)",/g)) names[m[1]] ??= m[2];
  const out = {};
  for (const [tag, lang] of Object.entries(tags).sort()) {
    const a = algo[lang];
    if (!a || !names[a]) fail(`no frostem algorithm for Language::${lang}`);
    out[tag] = names[a];
  }
  return out;
}

/** The frostem that Cargo.lock locks, in cargo's registry: `{ dir, version }`. */
export function lockedFrostem() {
  const version = lockedVersion('frostem');
  return { dir: registryDir('frostem', version), version };
}

function main(argv) {
  let frostemDir = null;
  let outDir = path.join(ROOT, 'themes/default/static/js/stem');
  const algorithms = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--frostem') frostemDir = argv[++i];
    else if (argv[i] === '--out') outDir = argv[++i];
    else if (argv[i].startsWith('-')) fail(`unknown option ${argv[i]}`);
    else algorithms.push(argv[i]);
  }
  const version = frostemDir ? path.basename(frostemDir).replace(/^frostem-/, '') : lockedVersion('frostem');
  frostemDir ??= registryDir('frostem', version);
  let langs = null;
  if (!algorithms.length) {
    langs = languages(registryDir('tantivy', lockedVersion('tantivy')), frostemDir);
    algorithms.push(...new Set(Object.values(langs)));
  }
  fs.mkdirSync(outDir, { recursive: true });
  const rendered = (a) => render(fs.readFileSync(path.join(frostemDir, 'src/algorithms', `${a}_stemmer.rs`), 'utf8'), a, version);
  // Every other language's script carries English's after its own: on a site in that language
  // a word its text lacks is looked up by both stems (the English group's text is stemmed in
  // English), and one request for both keeps a typo's first query within 8 requests.
  const english = rendered('english');
  for (const a of algorithms) {
    fs.writeFileSync(path.join(outDir, `${a}.js`), a === 'english' ? english : rendered(a) + english);
  }
  if (langs) {
    fs.writeFileSync(path.join(outDir, 'languages.json'), JSON.stringify(langs, null, 1) + '\n');
  }
  process.stdout.write(`${algorithms.length} stemmers from frostem ${version} in ${path.relative(process.cwd(), outDir) || '.'}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof TranspileError) {
      process.stderr.write(`transpile.mjs: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
