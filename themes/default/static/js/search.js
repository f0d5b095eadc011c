/* showcase search: the browser half of docs/search-format.md. No dependencies, no build step.
   Ranks with the same integer arithmetic as `showcase search`, fetching only the partitions,
   vocabulary chunks, heads files, typo buckets, tail blocks and display shards a query needs
   (each file once); the manifest lists none of them, so it stays small.
   - every page: the header box (#site-search-input) becomes a combobox with results as you type;
   - the search page (#search-results): results, count (role="status"), facet filters, ?q= URL;
   - window.showcaseSearch.query(q, filters, limit): the ranking, for tests. */
(() => {
  'use strict';
  const doc = document;
  const LANG = doc.documentElement.lang || 'en';
  const here = doc.currentScript && doc.currentScript.src;
  const BASE = here ? new URL('../', here).href : location.origin + '/';
  const FACETS = ['kind', 'sector', 'region', 'label'];
  const HEADER_LIMIT = 6;
  const PAGE_LIMIT = 10;
  // ms a keystroke waits before fetching files it lacks
  const TYPING_DELAY = 60;
  // ms results stay unchanged before their summaries are fetched
  const SUMMARY_DELAY = 150;
  /** Context of a typed query: fetches wait briefly and stop once a newer query exists. */
  const typing = (live) => {
    let pause = null;
    return { live, wait: () => pause || (pause = new Promise((resolve) => setTimeout(resolve, TYPING_DELAY))) };
  };

  // ---- text: the same words as src/search/query.rs ----------------------------------------
  const NOT_WORD = /[^\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]+/u;
  // tantivy's AsciiFoldingFilter for lower-case letters and digits (generated from tantivy
  // 0.27 by tests/browser/tools/fold-table.mjs), used for characters the corpus's own table
  // (manifest.fold) lacks, as `showcase search` does.
  const TANTIVY_FOLD = 'A:ᴀ|a:àáâãäåāăąǎǟǡǻȁȃȧɐəɚᶏᶕḁẚạảấầẩẫậắằẳẵặₐₔⓐⱥａ|AE:ᴁ|aa:ꜳ|ae:æǣǽᴂ|ao:ꜵ|au:ꜷ|av:ꜹꜻ|ay:ꜽ|B:ʙᴃ|b:ƀƃɓᵬᶀḃḅḇⓑｂ|C:ʗᴄ|c:çćĉċčƈȼɕḉↄⓒꜿｃ|D:ᴅᴆ|d:ðďđƌȡɖɗᵭᶁᶑḋḍḏḑḓⓓꝺｄ|db:ȸ|dz:ǆǳʣʥ|E:ᴇⱻ|e:èéêëēĕėęěǝȅȇȩɇɘɛɜɝɞʚᴈᶒᶓᶔḕḗḙḛḝẹẻẽếềểễệₑⓔⱸｅ|F:ꜰꟻ|f:ƒᵮᶂḟẛⓕꝼｆ|ff:ﬀ|ffi:ﬃ|ffl:ﬄ|fi:ﬁ|fl:ﬂ|G:ǥǧɢʛ|g:ĝğġģǵɠɡᵷᵹᶃḡⓖꝿｇ|H:ʜ|h:ĥħȟɥɦʮʯḣḥḧḩḫẖⓗⱨⱶｈ|hv:ƕ|I:ɪᵻꟾ|i:ìíîïĩīĭįıǐȉȋɨᴉᵢᵼᶖḭḯỉịⁱⓘｉ|ij:ĳ|J:ᴊ|j:ĵǰȷɉɟʄʝⓙⱼｊ|K:ᴋ|k:ķƙǩʞᶄḱḳḵⓚⱪꝁꝃꝅｋ|L:ʟᴌ|l:ĺļľŀłƚȴɫɬɭᶅḷḹḻḽⓛⱡꝇꝉꞁｌ|lj:ǉ|ll:ỻ|ls:ʪ|lz:ʫ|M:ᴍꟽꟿ|m:ɯɰɱᵯᶆḿṁṃⓜｍ|N:ɴᴎ|n:ñńņňŉŋƞǹȵɲɳᵰᶇṅṇṉṋⁿⓝｎ|nj:ǌ|O:ᴏᴐ|o:òóôõöøōŏőơǒǫǭǿȍȏȫȭȯȱɔɵᴖᴗᶗṍṏṑṓọỏốồổỗộớờởỡợₒⓞⱺꝋꝍｏ|OE:ɶ|OU:ᴕ|oe:œᴔ|oo:ꝏ|ou:ȣ|P:ᴘ|p:ƥᵱᵽᶈṕṗⓟꝑꝓꝕꟼｐ|q:ĸɋʠⓠꝗꝙｑ|qp:ȹ|R:ʀʁᴙᴚ|r:ŕŗřȑȓɍɼɽɾɿᵣᵲᵳᶉṙṛṝṟⓡꝛꞃｒ|S:ꜱꞅ|s:śŝşšſșȿʂᵴᶊṡṣṥṧṩẜẝⓢｓ|ss:ß|st:ﬆ|T:ᴛ|t:ţťŧƫƭțȶʇʈᵵṫṭṯṱẗⓣⱦｔ|tc:ʨ|th:þᵺꝧ|ts:ʦ|tz:ꜩ|U:ᴜᵾ|u:ùúûüũūŭůűųưǔǖǘǚǜȕȗʉᵤᶙṳṵṷṹṻụủứừửữựⓤｕ|ue:ᵫ|V:ᴠ|v:ʋʌᵥᶌṽṿⓥⱱⱴꝟｖ|vy:ꝡ|W:ᴡ|w:ŵƿʍẁẃẅẇẉẘⓦⱳｗ|x:ᶍẋẍₓⓧｘ|Y:ʏ|y:ýÿŷƴȳɏʎẏẙỳỵỷỹỿⓨｙ|Z:ᴢ|z:źżžƶȝȥɀʐʑᵶᶎẑẓẕⓩⱬꝣｚ|0:⁰₀⓪⓿０|1:¹₁①⓵❶➀➊１|1.:⒈|(1):⑴|2:²₂②⓶❷➁➋２|2.:⒉|(2):⑵|3:³₃③⓷❸➂➌３|3.:⒊|(3):⑶|4:⁴₄④⓸❹➃➍４|4.:⒋|(4):⑷|5:⁵₅⑤⓹❺➄➎５|5.:⒌|(5):⑸|6:⁶₆⑥⓺❻➅➏６|6.:⒍|(6):⑹|7:⁷₇⑦⓻❼➆➐７|7.:⒎|(7):⑺|8:⁸₈⑧⓼❽➇➑８|8.:⒏|(8):⑻|9:⁹₉⑨⓽❾➈➒９|9.:⒐|(9):⑼|10:⑩⓾❿➉➓|10.:⒑|(10):⑽|11:⑪⓫|11.:⒒|(11):⑾|12:⑫⓬|12.:⒓|(12):⑿|13:⑬⓭|13.:⒔|(13):⒀|14:⑭⓮|14.:⒕|(14):⒁|15:⑮⓯|15.:⒖|(15):⒂|16:⑯⓰|16.:⒗|(16):⒃|17:⑰⓱|17.:⒘|(17):⒄|18:⑱⓲|18.:⒙|(18):⒅|19:⑲⓳|19.:⒚|(19):⒆|20:⑳⓴|20.:⒛|(20):⒇';
  let tantivyFold = null;
  function foldChar(c, table) {
    if (c.codePointAt(0) < 128) return c;
    if (Object.prototype.hasOwnProperty.call(table, c)) return table[c];
    if (!tantivyFold) {
      tantivyFold = new Map();
      for (const part of TANTIVY_FOLD.split('|')) {
        const i = part.indexOf(':');
        for (const ch of part.slice(i + 1)) tantivyFold.set(ch, part.slice(0, i));
      }
    }
    const f = tantivyFold.get(c);
    return f === undefined ? c : f;
  }
  /** Split on non-letters/digits, lower-case, fold: `words()` in src/search/query.rs. */
  function words(q, table) {
    return String(q).split(NOT_WORD).filter(Boolean).map((w) => {
      let out = '';
      for (const c of w.toLowerCase()) out += foldChar(c, table);
      return out;
    });
  }
  /** Rust's string order (code points); UTF-16 `<` differs only for astral characters. */
  function cmp(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a.charCodeAt(i);
      const y = b.charCodeAt(i);
      if (x !== y) {
        const sx = x >= 0xd800 && x <= 0xdfff;
        const sy = y >= 0xd800 && y <= 0xdfff;
        if (sx !== sy) return sx ? 1 : -1;
        return x < y ? -1 : 1;
      }
    }
    return a.length - b.length;
  }
  /** Restricted Damerau-Levenshtein (optimal string alignment) over code points, as
      strsim::osa_distance: a transposition of neighbours is one edit. */
  function typoEdits(a, b) {
    let prev2 = null;
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 0; i < a.length; i++) {
      const cur = [i + 1];
      for (let j = 0; j < b.length; j++) {
        let v = Math.min(prev[j + 1] + 1, cur[j] + 1, prev[j] + (a[i] === b[j] ? 0 : 1));
        if (i > 0 && j > 0 && a[i] === b[j - 1] && a[i - 1] === b[j]) v = Math.min(v, prev2[j - 1] + 1);
        cur.push(v);
      }
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }
  const typoDistance = (len) => (len <= 4 ? 0 : len <= 8 ? 1 : 2);
  // query::FIRST_LETTER_MIN_LEN
  const FIRST_LETTER_MIN_LEN = 6;
  // query::WORD_MATCH: added per matched word, so records with all the words rank first.
  const WORD_MATCH = 2 ** 32;
  const keyText = (k) => (k.charAt(0) === '~' ? k.slice(1) : k);

  // ---- compounds (and in every language, words typed as one: "sealice"): split into words of
  // the vocabulary as src/search/compound.rs does, asking its Bloom filter
  // (manifest.compounds.lexicon). ----
  // compound::MIN_TYPED_COMPOUND_LEN: words typed in a query, in every language.
  const MIN_COMPOUND_LEN = 7;
  // compound::MIN_COMPOUND_LEN: words of the text split, typed ones split before typos.
  const MIN_TEXT_COMPOUND_LEN = 8;
  const MIN_PART_LEN = 3;
  const MIN_HEAD_LEN = 4;
  const utf8 = new TextEncoder();
  function fnv1a(bytes, basis) {
    let h = basis;
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h >>> 0;
  }
  function bloom(bits, hashes) {
    const m = bits.length * 8;
    return (w) => {
      const bytes = utf8.encode(w);
      const h1 = fnv1a(bytes, 0x811c9dc5);
      const h2 = (fnv1a(bytes, 0x2f6b3a17) | 1) >>> 0;
      for (let i = 0; i < hashes; i++) {
        const bit = (h1 + i * h2) % m;
        if (!(bits[bit >> 3] & (1 << (bit & 7)))) return false;
      }
      return true;
    };
  }
  const isPart = (x, isWord) => x.length >= MIN_PART_LEN && (isWord(x.join('')) || isWord(x.join('') + 'e'));
  // compound::TYPED_SPLITS: how many ways to split a typed word are tried.
  const TYPED_SPLITS = 4;
  /** Up to `cap` ways to split a compound (arrays of code points in, arrays of strings out),
      in compound::splits' order. */
  function splitCompound(chars, links, isWord, cap) {
    const out = [];
    const n = chars.length;
    if (n < MIN_COMPOUND_LEN) return out;
    for (let i = MIN_PART_LEN; i <= n - MIN_PART_LEN; i++) {
      const tail = chars.slice(i);
      if (!isPart(tail, isWord)) continue;
      const head = chars.slice(0, i);
      const heads = [head];
      for (const link of links) {
        const l = Array.from(link);
        if (head.length >= MIN_PART_LEN + l.length && head.slice(head.length - l.length).join('') === link) heads.push(head.slice(0, head.length - l.length));
      }
      for (const h of heads) {
        if (isPart(h, isWord)) out.push([h.join(''), tail.join('')]);
        else for (const parts of splitCompound(h, links, isWord, cap - out.length)) out.push([...parts, tail.join('')]);
        if (out.length >= cap) return out;
      }
    }
    return out;
  }

  /** The longest word a typed word starts with, leaving 3 letters or more (compound::known_head). */
  function knownHead(chars, isWord) {
    for (let i = chars.length - MIN_PART_LEN; i >= MIN_HEAD_LEN; i--) if (isPart(chars.slice(0, i), isWord)) return chars.slice(0, i).join('');
    return null;
  }

  // ---- stemmers: the index's Snowball stemmers compiled to JavaScript (js/stem/<name>.js),
  // loaded when a query word is not a form of the corpus. ----
  // name -> Promise<function>
  const stemmers = new Map();
  function stemmer(name) {
    let p = stemmers.get(name);
    if (!p) {
      p = new Promise((resolve, reject) => {
        const have = () => self.showcaseStemmers && self.showcaseStemmers[name];
        if (have()) return resolve(have());
        const s = doc.createElement('script');
        s.src = BASE + 'js/stem/' + encodeURIComponent(name) + '.js';
        s.async = true;
        s.onload = () => (have() ? resolve(have()) : reject(new Error('stemmer ' + name)));
        s.onerror = () => reject(new Error('stemmer ' + name));
        doc.head.append(s);
      });
      p.catch(() => stemmers.delete(name));
      stemmers.set(name, p);
    }
    return p;
  }

  // ---- the client index of one language ----------------------------------------------------
  // The manifest names a set of files addressed by position (`<set>/p/<hex>.json` partitions,
  // `<set>/v/<i>.json` chunks, `<set>/b/<hex>-<n>.json` typo buckets, `<set>/d/<n>.json`
  // display shards), so it stays small however large the programme; see docs/search-format.md.
  // `ctx` (optional) belongs to one query typed by a visitor: before fetching a file that is
  // not cached it waits `ctx.wait()` (a short debounce) and gives up once `ctx.live()` is false,
  // so fast typing does not download files for queries nobody sees.
  const STALE = new Error('superseded');
  const hex = (c) => c.codePointAt(0).toString(16);
  class Index {
    constructor(lang) {
      this.lang = lang;
      this.root = BASE + 'search/' + encodeURIComponent(lang) + '/';
      // path -> Promise<json>
      this.files = new Map();
      // chunk index -> Promise<{forms, byForm, terms, pre}>
      this.chunks = new Map();
      // doc id -> [title, url, kind, summary (null: not loaded), textLang, date]
      this.display = new Map();
      // display shards loaded (or loading)
      this.shards = new Set();
      // first character -> partition pages loaded
      this.pages = new Map();
    }
    async gate(ctx, cached) {
      if (cached || !ctx) return;
      await ctx.wait();
      if (!ctx.live()) throw STALE;
    }
    /** A file of the index, once: as JSON, or as `arrayBuffer` (the compound filter). */
    async get(path, ctx, as = 'json') {
      await this.gate(ctx, this.files.has(path));
      let p = this.files.get(path);
      if (!p) {
        p = fetch(this.root + path).then((r) => {
          if (!r.ok) throw new Error(r.status + ' ' + path);
          return r[as]();
        });
        p.catch(() => this.files.delete(path));
        this.files.set(path, p);
      }
      return p;
    }
    load(ctx) {
      const opening = !this.files.has('manifest.json');
      const manifest = this.get('manifest.json', ctx);
      if (opening) {
        setTimeout(() => num(0), 0);
        // The stemmer (the page language's, which carries English's) comes with the index: a
        // word being typed is seldom a form yet, so nearly every first query needs it, and a
        // further query should not wait for it. (The page's own index only: another
        // language's is opened for one word.)
        if (this.lang === LANG) {
          manifest.then((m) => {
            const name = m.stem && (m.stem.page || m.stem.en);
            if (name) stemmer(name).catch(() => {});
          }, () => {});
        }
      }
      return manifest;
    }
    /** A file of the set, named by position. */
    inSet(m, path, ctx) {
      return this.get(m.set + '/' + path + '.json', ctx);
    }
    /** The partition of the forms around `w` (null: none starts with its first character):
        the index of its first chunk (its chunks are consecutive), where each chunk starts, and
        the word lengths that have a typo bucket. A first character of many chunks has them in
        pages: the manifest says where each begins, and a page loaded already that lists the
        chunk of `w` (pages overlap their neighbours, up to `until`) serves without a request. */
    async part(m, w, ctx) {
      const c = Array.from(w)[0];
      if (!m.parts.includes(c)) return null;
      const pages = m.pages && m.pages[c];
      if (!pages) return this.inSet(m, 'p/' + hex(c), ctx);
      const near = this.pages.get(c) || [];
      const have = near.find((p) => cmp(p.firsts[0], w) <= 0 && (p.until === null || cmp(w, p.until) < 0));
      if (have) return have;
      const page = await this.inSet(m, 'p/' + hex(c) + '.' + lastAtOrBefore(pages, w), ctx);
      const now = this.pages.get(c) || [];
      if (!now.includes(page)) this.pages.set(c, [...now, page]);
      return page;
    }
    async chunk(m, i, ctx) {
      await this.gate(ctx, this.chunks.has(i));
      let p = this.chunks.get(i);
      if (!p) {
        p = this.inSet(m, 'v/' + i).then((c) => {
          const byForm = new Map();
          for (const f of c.forms) byForm.set(f[0], f);
          this.embedded(m, c.docs);
          return { forms: c.forms, byForm, terms: c.terms, pre: c.pre || {} };
        });
        p.catch(() => this.chunks.delete(i));
        this.chunks.set(i, p);
      }
      return p;
    }
    /** A heads file: heads of a prefix's completion keys homed in other chunks. */
    async heads(m, name, ctx) {
      const x = await this.get(name, ctx);
      if (!x.merged) {
        x.merged = true;
        this.embedded(m, x.docs);
      }
      return x;
    }
    /** Display data embedded in chunks and heads files, `[title, url, kind index, textLang or
        0, date or 0, summary]` (the summary only for a word's first results; trailing zeros
        left out without it), unpacked to a display shard's `[title, url, kind, summary,
        textLang, date]`, the summary null where it is not known yet. */
    embedded(m, docs) {
      for (const id in docs) {
        const d = docs[id];
        const had = this.display.get(+id);
        if (had && (had[3] !== null || d.length < 6)) continue;
        this.display.set(+id, [d[0], d[1], typeof d[2] === 'number' ? m.kinds[d[2]] : d[2], d.length > 5 ? d[5] : null, d[3] || m.lang, d[4] || '']);
      }
    }
    /** The chunk whose range holds `form`: the partition's last chunk starting at or before it. */
    static chunkOf(part, form) {
      return part.from + lastAtOrBefore(part.firsts, form);
    }
    async form(m, f, ctx) {
      const part = await this.part(m, f, ctx);
      return part ? (await this.chunk(m, Index.chunkOf(part, f), ctx)).byForm.get(f) : undefined;
    }
    /** [form, df] of every form starting with `first` within typo distance of a word of
        `len` characters: one bucket, when the partition has it. */
    async bucketForms(m, part, first, len, ctx) {
      if (!part.buckets.includes(len)) return [];
      const coded = await this.inSet(m, 'b/' + hex(first) + '-' + len, ctx);
      // Front-coded: [UTF-16 units shared with the form before, the rest, df].
      let prev = '';
      return coded.map(([shared, rest, df]) => [(prev = prev.slice(0, shared) + rest), df]);
    }
    /** Whether the index has a key: keys live in the chunk where their text would be. */
    async hasKey(m, k, ctx) {
      const t = keyText(k);
      const part = await this.part(m, t, ctx);
      if (!part) return null;
      const c = Index.chunkOf(part, t);
      return Object.prototype.hasOwnProperty.call((await this.chunk(m, c, ctx)).terms, k) ? c : null;
    }
    /** Forms a word of 6+ characters may be when only its start is wrong: first letter
        replaced or missing (second-letter buckets), extra, or swapped with the second. */
    async firstLetterVariants(m, cps, ctx) {
      if (cps.length < FIRST_LETTER_MIN_LEN) return [];
      const w = cps.join('');
      const rest = cps.slice(1).join('');
      const swapped = [cps[1], cps[0], ...cps.slice(2)].join('');
      const bucket = async (c, n) => {
        if (!(m.seconds && m.seconds[c] && m.seconds[c].includes(n))) return [];
        const coded = await this.inSet(m, 's/' + hex(c) + '-' + n, ctx);
        let prev = '';
        return coded.map(([shared, tail, df]) => [(prev = prev.slice(0, shared) + tail), df]);
      };
      // form -> df
      const out = new Map();
      const [replaced, missing] = await Promise.all([bucket(cps[1], cps.length), bucket(cps[0], cps.length + 1)]);
      for (const [f, df] of replaced) {
        const fc = Array.from(f);
        if (fc[0] !== cps[0] && fc.slice(1).join('') === rest) out.set(f, df);
      }
      for (const [f, df] of missing) {
        const fc = Array.from(f);
        if (fc[0] !== cps[0] && fc.slice(1).join('') === w) out.set(f, df);
      }
      for (const v of [rest, swapped]) {
        if (v === w || out.has(v)) continue;
        const f = await this.form(m, v, ctx);
        if (f) out.set(v, f[1]);
      }
      return [...out];
    }
    /** The vocabulary's Bloom filter, where the language's compounds are split. */
    async lexicon(m, ctx) {
      if (!this.isWord) this.isWord = this.get(m.compounds.lexicon, ctx, 'arrayBuffer').then((b) => bloom(new Uint8Array(b), m.compounds.hashes));
      this.isWord.catch(() => { this.isWord = null; });
      return this.isWord;
    }
    /** Keys of one query word with their weights: exact (the form, or its stems where the
        corpus lacks it), prefix (last word), typo; a compound the corpus lacks as its parts,
        one entry each; as query::expand. */
    async expand(m, w, last, ctx) {
      const W = m.weights;
      const keys = new Map();
      const out = { word: w, keys, corrected: null, unmatched: false };
      // key -> [weight, home chunk, heads file holding it or null]
      const add = (refs, weight, heads) => {
        for (const [k, c] of refs) {
          const e = keys.get(k);
          if (!e || e[0] < weight) keys.set(k, [weight, c, heads]);
        }
      };
      const cps = Array.from(w);
      const part = await this.part(m, w, ctx);
      const c = part && (await this.chunk(m, Index.chunkOf(part, w), ctx));
      const exact = c && c.byForm.get(w);
      if (exact) add(exact[2], W.exact);
      else {
        // The page language's stem, else English's (its stemmer comes with the page language's
        // script, or is loaded then where the language has none).
        const st = m.stem && m.stem.page ? (await stemmer(m.stem.page))(w) : w;
        const at = await this.hasKey(m, st, ctx);
        if (at !== null) add([[st, at]], W.exact);
        else if (m.stem && m.stem.en) {
          const en = '~' + (await stemmer(m.stem.en))(w);
          const enAt = await this.hasKey(m, en, ctx);
          if (enAt !== null) add([[en, enAt]], W.exact);
        }
      }
      let prefixed = 0;
      if (c && last && cps.length >= m.limits.prefixMinLen) {
        // Forms starting with the word lie in this chunk, unless they run past it: then the
        // chunk carries their best completions, chosen by the same rule, and names the heads
        // file of their keys homed elsewhere.
        const pre = c.pre[w];
        let cands = pre && pre[0];
        if (!cands) {
          cands = [];
          for (let i = lowerBound(c.forms, w); i < c.forms.length && c.forms[i][0].startsWith(w); i++) if (c.forms[i][0] !== w) cands.push(c.forms[i]);
          cands.sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
          cands = cands.slice(0, m.limits.prefix);
        }
        prefixed = cands.length;
        for (const f of cands) add(f[2], W.prefix, pre ? pre[1] : null);
      }
      // A word typed as one is searched as its parts: before typos where the language's
      // compounds are split and the word is as long as they are, else after them (as
      // query::expand). The best way whose last part is found (every part found before some,
      // no typo before a typo, the first of equals); `weak`: the first way in which some part
      // is found, the last resort below.
      let weak = null;
      const partly = (sub) => sub.map((e) => ({ ...e, unmatched: false, reported: null }));
      const unfound = () => !exact && keys.size === 0 && prefixed === 0 && cps.length >= MIN_COMPOUND_LEN;
      const splitWord = async () => {
        let found = null;
        let best = -1;
        for (const parts of splitCompound(cps, m.compounds.links, await this.lexicon(m, ctx), TYPED_SPLITS)) {
          const sub = (await Promise.all(parts.map((p) => this.expand(m, p, false, ctx)))).flat();
          if (!weak && sub.some((e) => e.keys.size)) weak = partly(sub);
          if (sub[sub.length - 1].keys.size) {
            const q = 2 * sub.every((e) => !e.unmatched && !e.reported) + sub.every((e) => !e.corrected);
            if (q > best) [found, best] = [sub, q];
            if (q === 3) break;
          }
        }
        if (found) found[0].split = [w].concat(found[0].split || []);
        return found;
      };
      const beforeTypos = m.compounds.links.length > 0 && cps.length >= MIN_TEXT_COMPOUND_LEN;
      if (beforeTypos && unfound()) {
        const found = await splitWord();
        if (found) return found;
      }
      const d = typoDistance(cps.length);
      if (!exact && keys.size === 0 && prefixed === 0 && d > 0) {
        let cands = [];
        if (part) {
          for (const [f, df] of await this.bucketForms(m, part, cps[0], cps.length, ctx)) {
            const fc = Array.from(f);
            if (Math.abs(fc.length - cps.length) > d || fc[0] !== cps[0]) continue;
            const dist = typoEdits(fc, cps);
            if (dist > 0 && dist <= d) cands.push([dist, f, df]);
          }
        }
        if (!cands.length) cands = (await this.firstLetterVariants(m, cps, ctx)).map(([f, df]) => [1, f, df]);
        cands.sort((a, b) => a[0] - b[0] || b[2] - a[2] || cmp(a[1], b[1]));
        const forms = await Promise.all(cands.slice(0, m.limits.typo).map((x) => this.form(m, x[1], ctx)));
        for (const f of forms) if (f) add(f[2], W.typo);
        // The word shown as corrected: the nearest candidate that has keys (as query::expand).
        for (let i = 0; i < cands.length; i++) {
          const f = i < forms.length ? forms[i] : await this.form(m, cands[i][1], ctx);
          if (f && f[2].length) { out.corrected = [w, cands[i][1]]; break; }
        }
      }
      if (!beforeTypos && unfound()) {
        const found = await splitWord();
        if (found) return found;
      }
      if (keys.size === 0 && !exact && m.languages) {
        // A word of another of the site's languages (a German word on the English site): its
        // form there, or its stem there, in that index's own text; as query::expand.
        for (const l of m.languages) {
          if (l === m.lang) continue;
          const ix = indexFor(l);
          const mo = await ix.load(ctx);
          let refs = [];
          const f = await ix.form(mo, w, ctx);
          if (f) refs = f[2].filter(([k]) => k.charAt(0) !== '~');
          else {
            const st = mo.stem && mo.stem.page ? (await stemmer(mo.stem.page))(w) : w;
            const at = await ix.hasKey(mo, st, ctx);
            if (at !== null) refs = [[st, at]];
          }
          if (refs.length) {
            for (const [k, at] of refs) keys.set('@' + l + ':' + k, [W.exact, at, null, ix]);
            break;
          }
        }
      }
      // Nothing else: the parts that are found, else the longest word it starts with; the
      // word is then said to match nothing (as query::expand).
      if (keys.size === 0 && !exact && !weak && cps.length >= MIN_COMPOUND_LEN) {
        const head = knownHead(cps, await this.lexicon(m, ctx));
        const sub = head && (await this.expand(m, head, false, ctx));
        if (sub && sub.some((e) => e.keys.size)) weak = partly(sub);
      }
      if (keys.size === 0 && !exact && weak) {
        weak[0].reported = [w];
        return weak;
      }
      out.unmatched = keys.size === 0 && !exact;
      return [out];
    }
    /** Documents allowed by the facet filters (null: no filter). */
    async allowed(m, filters, ctx) {
      const active = FACETS.filter((f) => filters && filters[f]);
      if (!active.length) return null;
      const facets = await this.get(m.facets, ctx);
      let set = null;
      for (const f of active) {
        const ids = (facets[f] && facets[f][filters[f]]) || [];
        set = set ? new Set(ids.filter((id) => set.has(id))) : new Set(ids);
      }
      return set;
    }
    /** Make sure display data (title, URL) of these documents is loaded. */
    async need(m, ids, ctx) {
      const shards = new Set();
      for (const id of ids) if (!this.display.has(id)) shards.add(Math.floor(id / m.displaySize));
      await Promise.all([...shards].map((s) => this.shard(m, s, ctx)));
    }
    async shard(m, s, ctx) {
      const data = await this.inSet(m, 'd/' + s, ctx);
      this.shards.add(s);
      for (const id in data) this.display.set(+id, data[id]);
    }
    /** Rank a query: the top `limit` by score, then URL, exactly as `showcase search`.
        `all`: also every match (fetches every tail), for counts and facets. */
    async search(q, filters, limit, all, ctx) {
      const m = await this.load(ctx);
      const ws = words(q, m.fold);
      const allowed = await this.allowed(m, filters, ctx);
      const url = (id) => this.display.get(id)[1];
      if (!ws.length) {
        // Every document passing the filters, by URL (limit 0: just the count).
        const every = range(0, m.docs);
        const ids = allowed ? every.filter((id) => allowed.has(id)) : every;
        if (limit > 0) {
          if (m.idsInUrlOrder) {
            // Ids ascend in URL order: the first `limit` are the answer.
            await this.need(m, ids.slice(0, limit), ctx);
          } else {
            await this.need(m, ids, ctx);
            ids.sort((a, b) => cmp(url(a), url(b)));
          }
        }
        return { hits: ids.slice(0, limit).map((id) => [id, 0]), total: ids.length, exact: true, scores: new Map(every.map((id) => [id, 0])), m };
      }
      const expansions = (await Promise.all(ws.map((w, i) => this.expand(m, w, i === ws.length - 1, ctx)))).flat();
      const expanded = expansions.map((e) => e.keys);
      const corrected = expansions.filter((e) => e.corrected).map((e) => e.corrected);
      // Words without keys, and words found only in part (`reported`).
      const unmatched = expansions.flatMap((e) => (e.unmatched ? [e.word] : []).concat(e.reported || []));
      const split = expansions.flatMap((e) => e.split || []);
      // Per word, per key: the postings known so far (head, then tail blocks in order), the
      // names of its tail blocks, how many are loaded, and its number of postings.
      const byWord = await Promise.all(expanded.map((keys) => Promise.all([...keys].map(async ([k, [w, c, x, other]]) => {
        // A key of another language's index (`@de:wasserstoff`) is read from that index.
        const ix = other || this;
        const key = other ? k.slice(k.indexOf(':') + 1) : k;
        const im = other ? await other.load(ctx) : m;
        const t = (x && (await this.heads(m, x, ctx)).terms[k]) || (await ix.chunk(im, c, ctx)).terms[key] || [[], [], 0];
        return { w, post: t[0], blocks: t[1], loaded: 0, n: t[2], ix };
      }))));
      // As `showcase search` (query::without_common_words): in a query of several words, a
      // word in more than half of the documents (one of its keys is) is left out, unless
      // every word is; its whole posting list would be needed to rank by its near-zero weight.
      const common = (keys) => keys.some((t) => t.n * 2 > m.docs);
      const counted = byWord.length > 1 && !byWord.every(common) ? byWord.filter((k) => !common(k)) : byWord;
      const terms = counted.flat();
      const open = (t) => t.loaded < t.blocks.length;
      const next = (t) => t.ix.get(t.blocks[t.loaded], ctx).then((b) => { t.post = t.post.concat(b); t.loaded++; });
      const complete = async (t) => {
        const bs = await Promise.all(t.blocks.slice(t.loaded).map((b) => t.ix.get(b, ctx)));
        t.post = t.post.concat(...bs);
        t.loaded = t.blocks.length;
      };
      if (all) await Promise.all(terms.filter(open).map(complete));
      // Blocks fetched for an earlier query cost nothing: take them before bounding, so a query
      // typed again is bounded once rather than once per block.
      for (const t of terms) while (open(t) && t.ix.files.has(t.blocks[t.loaded])) await next(t);
      let r;
      while (!(r = bound(counted, all ? null : allowed, m.docs, limit)).done) await next(r.next);
      const scores = r.known;
      let th = r.threshold;
      const filtered = all && allowed ? [...scores].filter(([id]) => allowed.has(id)) : [...scores];
      if (all) {
        const s = filtered.map((e) => e[1]).sort((a, b) => b - a);
        th = s.length >= limit && limit > 0 ? s[limit - 1] : 1;
      }
      const top = filtered.filter((e) => e[1] >= th);
      if (m.idsInUrlOrder) {
        // Ties by id are ties by URL: only the shown results need display data.
        top.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
        await this.need(m, top.slice(0, limit).map((e) => e[0]), ctx);
      } else {
        await this.need(m, top.map((e) => e[0]), ctx);
        top.sort((a, b) => b[1] - a[1] || cmp(url(a[0]), url(b[0])));
      }
      // Without filters every posting of a key is a match, so the longest list bounds the count
      // from below, and with one key it is the count, tails or not.
      const single = terms.length === 1 && !allowed;
      const longest = allowed ? 0 : Math.max(0, ...terms.map((t) => t.n));
      // Words typed as one and searched as parts match nothing when the best result lacks a
      // word of the query (query::unmatched_words).
      const best = top.slice(0, limit).reduce((b, e) => Math.max(b, Math.floor(e[1] / WORD_MATCH)), 0);
      if (best < counted.length) unmatched.push(...split);
      // The count is exact once every posting is known, or when fewer than `limit` matched.
      // Words the results page marks: as typed, the forms typos were taken for, and the stems
      // the words matched by (a text's other forms of a word begin with its stem).
      const stems = expanded.flatMap((keys) => [...keys].filter(([, [w]]) => w !== m.weights.prefix).map(([k]) => keyText(k))).filter((k) => Array.from(k).length >= 3);
      const marks = [...new Set([...ws, ...corrected.map((c) => c[1]), ...stems])];
      return { hits: top.slice(0, limit), total: Math.max(filtered.length, longest), exact: all || single || r.exact || th <= 1, scores, m, corrected, unmatched, terms: marks };
    }
  }

  /** Decide whether the postings known so far settle the top `limit` (score descending, then
      id). A document's score is, per word, its best weighted impact among the word's keys,
      summed over words. A key with tail blocks still unloaded bounds each unseen impact by its
      last known one, and an unseen posting with that very impact has a greater id than its
      last known one (postings are sorted by impact descending, then id). Not settled: the key
      whose next block to fetch, the one with the fewest postings left (short lists settle
      most for their bytes). */
  function bound(words, allowed, docs, limit) {
    // doc -> sum over words of its best known weighted impact
    const known = new Map();
    // doc -> how much of `open` its known postings rule out
    const covered = new Map();
    // the most an unseen document can score: per word, the largest cap
    let open = 0;
    // an unseen document scoring `open` has a greater id than this
    let lastId = -1;
    let next = null;
    const left = (t) => t.n - t.post.length;
    for (const terms of words) {
      let capW = 0;
      let lastW = -1;
      const best = new Map();
      for (const t of terms) {
        const last = t.post[t.post.length - 1];
        t.cap = t.loaded === t.blocks.length || !last ? 0 : WORD_MATCH + t.w * last[1];
        if (t.cap > capW || (t.cap && t.cap === capW && last[0] < lastW)) {
          capW = t.cap;
          lastW = last[0];
        }
        for (const [d, q] of t.post) {
          if (allowed && !allowed.has(d)) continue;
          const s = WORD_MATCH + t.w * q;
          if (!(best.get(d) >= s)) best.set(d, s);
        }
      }
      // Only a key at its word's largest cap can lower what an unseen document may score, and
      // what a word may still add to a known one is bounded by that cap too: the next block
      // is one of those keys' (one per word, ties aside), the one with the fewest postings
      // left (short lists settle most for their bytes). Blocks of keys below it would not
      // move the bound (a prefix's small completions were read to the end for nothing).
      for (const t of terms) if (t.cap && t.cap === capW && (!next || left(t) < left(next) || (left(t) === left(next) && t.cap > next.cap))) next = t;
      open += capW;
      if (capW) lastId = Math.max(lastId, lastW);
      const openTerms = terms.filter((t) => t.cap);
      const seen = openTerms.map((t) => new Set(t.post.map((p) => p[0])));
      for (const [d, s] of best) {
        known.set(d, (known.get(d) || 0) + s);
        // What this word may still add: the largest cap of an open key that has not shown d.
        let gain = 0;
        openTerms.forEach((t, i) => { if (t.cap > s + gain && !seen[i].has(d)) gain = t.cap - s; });
        if (capW) covered.set(d, (covered.get(d) || 0) + capW - gain);
      }
    }
    // The `limit`-th known result: any other must rank above it to change the top.
    const ranked = limit > 0 ? [...known].sort((a, b) => b[1] - a[1] || a[0] - b[0]) : [];
    const [thId, threshold] = ranked.length >= limit && limit > 0 ? ranked[limit - 1] : [Infinity, 1];
    const above = (s, id) => s > threshold || (s === threshold && id < thId);
    let done = true;
    if (open > 0) {
      let unseen = false;
      if (allowed) {
        for (const id of allowed) if (!known.has(id)) { unseen = true; break; }
      } else unseen = known.size < docs;
      if (unseen && above(open, lastId + 1)) done = false;
      else {
        for (const [d, s] of known) {
          const c = covered.get(d) || 0;
          if (c !== open && above(s + open - c, d)) { done = false; break; }
        }
      }
    }
    return { done, next, known, threshold, exact: open === 0 };
  }

  function range(a, b) {
    const out = [];
    for (let i = a; i < b; i++) out.push(i);
    return out;
  }
  /** The index of the last of sorted strings `list` at or before `w` (0 if none is). */
  function lastAtOrBefore(list, w) {
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cmp(list[mid], w) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  function lowerBound(forms, w) {
    let lo = 0;
    let hi = forms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(forms[mid][0], w) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  const index = new Index(LANG);
  // The site's other languages' indexes, opened for words of theirs.
  const indexes = new Map([[LANG, index]]);
  function indexFor(lang) {
    if (!indexes.has(lang)) indexes.set(lang, new Index(lang));
    return indexes.get(lang);
  }

  // ---- UI strings: the page gives them in the language it is in (the theme's `search_js_*`
  // strings) as <script type="application/json" id="search-i18n">{"key": "text", …}</script>;
  // base.html renders it on every page, with the built-in English for any key the language
  // lacks (theme::strings_for), so no copy is kept here: a first query downloads a kilobyte
  // less. Counts have the language's plural forms (`results`, `results_one`,
  // `results_few`…), chosen by the browser's CLDR plural rules. ----
  let S = {};
  try { S = JSON.parse(doc.getElementById('search-i18n').textContent); } catch (e) { /* keys shown */ }
  let plurals = null;
  try { plurals = new Intl.PluralRules(LANG); } catch (e) { /* "one" for 1 below */ }
  const pluralKey = (key, n) => {
    const cat = plurals ? plurals.select(n) : (n === 1 ? 'one' : 'other');
    return cat !== 'other' && S[key + '_' + cat] ? key + '_' + cat : key;
  };
  // Number formatting loads locale data the first time (tens of ms): done when the index loads.
  let numbers = null;
  const num = (n) => (numbers || (numbers = new Intl.NumberFormat(LANG))).format(n);
  const fmt = (key, o) => S[key].replace(/\{(\w+)\}/g, (_, k) => (k === 'n' ? num(o.n) : o[k]));
  const kindName = (k) => S['kind_' + k] || k;
  const countText = (r, q) => (r.total === 0 ? fmt('none', { q }) : !r.exact ? fmt('at_least', { n: r.total }) : fmt(pluralKey('results', r.total), { n: r.total }));
  const humanize = (v) => { const s = String(v).replace(/[-_]+/g, ' '); return s.charAt(0).toUpperCase() + s.slice(1); };

  function el(tag, attrs, ...kids) {
    const e = doc.createElement(tag);
    for (const k in attrs || {}) if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k]);
    e.append(...kids.flat(Infinity).filter((x) => x !== null && x !== undefined && x !== false));
    return e;
  }
  /** A UI string with its placeholders replaced by nodes or strings: a list for el()/append(). */
  function fmtNodes(key, o) {
    return S[key].split(/(\{\w+\})/).filter(Boolean).map((part) => {
      const k = /^\{(\w+)\}$/.exec(part);
      return k && k[1] in o ? o[k[1]] : part;
    });
  }

  // ---- what a result shows: display data `d = [title, url, kind, summary, lang, date]` (a
  // summary or date may be missing or '': they arrive later, or the record has none) ----------
  // `lang`: the language of the record's text where it is not the page's (a fallback).
  const langAttr = (d) => (d[4] && d[4] !== LANG ? d[4] : null);
  let languageNames = null;
  /** The marker of a result whose text is in another language than the page ("English"). */
  function langBadge(d, cls) {
    const l = langAttr(d);
    if (!l) return null;
    let name = l === 'en' || l.startsWith('en-') ? S.english : '';
    if (!name) {
      try {
        name = (languageNames || (languageNames = new Intl.DisplayNames([LANG], { type: 'language' }))).of(l);
      } catch (e) { name = l.toUpperCase(); }
    }
    return el('span', { class: 'badge ' + cls }, name);
  }
  // The date that matters for a kind: an event's start, a news item's publication, a call's deadline.
  const DATED = ['event', 'news', 'call'];
  const dateFormats = new Map();
  /** `d`'s date (ISO `YYYY-MM-DD`) as the page's language writes it, in a <time datetime>
      (a call's as its deadline); null when it has none. */
  function dateOf(d, style) {
    const m = DATED.includes(d[2]) && /^(\d{4})-(\d{2})-(\d{2})$/.exec(d[5] || '');
    if (!m) return null;
    let f = dateFormats.get(style);
    if (!f) {
      try { f = new Intl.DateTimeFormat(LANG, { dateStyle: style, timeZone: 'UTC' }); } catch (e) { f = new Intl.DateTimeFormat(undefined, { dateStyle: style, timeZone: 'UTC' }); }
      dateFormats.set(style, f);
    }
    const time = el('time', { datetime: d[5] }, f.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))));
    return d[2] === 'call' ? fmtNodes('deadline', { date: time }) : [time];
  }
  // Words and what lies between them, as `words()` splits: odd parts separate, even parts are words.
  const WORD_PARTS = /([^\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]+)/u;
  /** Is `w` (one word as written) a match: does its folded lower-case form start with one
      of `terms` (a term of one letter: is it the word)? */
  function matches(w, terms, table) {
    const f = words(w, table)[0];
    return !!f && terms.some((t) => f === t || (t.length > 1 && f.startsWith(t)));
  }
  /** The words the search matched (`r.terms`; the query's own words where it gives none). */
  const termsOf = (r, q) => (Array.isArray(r.terms) ? r.terms : words(q, r.m.fold)).filter(Boolean).map(String);
  /** `text` as nodes, its matched words in <mark> (text nodes: never HTML). */
  function marked(text, terms, table) {
    const out = [];
    let plain = '';
    for (const part of String(text).split(WORD_PARTS)) {
      if (part && terms.length && matches(part, terms, table)) {
        if (plain) out.push(plain);
        plain = '';
        out.push(el('mark', null, part));
      } else plain += part;
    }
    if (plain) out.push(plain);
    return out;
  }
  // characters of a summary shown: a window around its first matched word
  const SNIPPET = 160;
  /** The summary, or when longer than SNIPPET a window of it centred on its first matched
      word, cut between words, with … where it is cut. */
  function snippet(text, terms, table) {
    const s = String(text);
    if (s.length <= SNIPPET) return s;
    let at = 0;
    let len = 0;
    let pos = 0;
    for (const part of s.split(WORD_PARTS)) {
      if (part && terms.length && matches(part, terms, table)) { at = pos; len = part.length; break; }
      pos += part.length;
    }
    let start = Math.max(0, Math.min(at - Math.floor((SNIPPET - len) / 2), s.length - SNIPPET));
    let end = start + SNIPPET;
    if (start > 0) {
      const space = s.indexOf(' ', start - 1);
      if (space >= 0 && space < at) start = space + 1;
    }
    if (end < s.length) {
      const space = s.lastIndexOf(' ', end);
      if (space > at + len) end = space;
    }
    // Never between the halves of a character outside the BMP.
    const low = (i) => i > 0 && i < s.length && s.charCodeAt(i) >= 0xdc00 && s.charCodeAt(i) <= 0xdfff;
    if (low(start)) start++;
    if (low(end)) end--;
    return (start > 0 ? '…' : '') + s.slice(start, end).trim() + (end < s.length ? '…' : '');
  }
  /** The query as typed with the words `pairs` ([typed, used]) replace, those in <em>. */
  function replaced(q, pairs, table) {
    const used = new Map(pairs.map(([typed, u]) => [words(typed, table)[0] || String(typed), String(u)]));
    return String(q).trim().split(WORD_PARTS).map((part) => {
      const f = part && words(part, table)[0];
      return f && used.has(f) ? el('em', null, used.get(f)) : part;
    });
  }
  /** A word of the search (folded) as the visitor typed it in `q`. */
  const typedAs = (w, q, table) => String(q).split(WORD_PARTS).find((p) => p && words(p, table)[0] === w) || String(w);

  // ---- header box: combobox with results as you type (WAI-ARIA APG pattern) ---------------
  function combobox(input) {
    const form = input.form;
    const list = el('ul', { id: input.id + '-listbox', role: 'listbox', class: 'search-suggest', 'aria-label': S.suggestions });
    const live = el('span', { class: 'visually-hidden', role: 'status' });
    list.hidden = true;
    (input.parentNode || form).append(list);
    form.append(live);
    form.classList.add('search-combobox');
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    let options = [];
    let active = -1;
    let gen = 0;
    const searchUrl = (q) => (form.getAttribute('action') || BASE + 'search/') + '?q=' + encodeURIComponent(q);
    function open(yes) {
      list.hidden = !yes;
      input.setAttribute('aria-expanded', String(yes));
      if (!yes) select(-1);
    }
    function select(i) {
      if (options[active]) options[active].setAttribute('aria-selected', 'false');
      active = i;
      if (options[i]) {
        options[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', options[i].id);
        options[i].scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    }
    async function update() {
      const g = ++gen;
      const q = input.value;
      if (!q.trim()) {
        list.replaceChildren();
        options = [];
        live.textContent = '';
        open(false);
        return;
      }
      let r;
      try {
        r = await index.search(q, null, HEADER_LIMIT, false, typing(() => g === gen));
      } catch (e) {
        if (g === gen) live.textContent = S.error;
        return;
      }
      if (g !== gen) return;
      options = r.hits.map(([id], i) => {
        const d = index.display.get(id);
        const date = dateOf(d, 'medium');
        return el('li', { id: list.id + '-' + i, role: 'option', 'aria-selected': 'false', class: 'search-suggest-option', 'data-href': d[1] },
          el('span', { class: 'search-suggest-main' }, el('span', { class: 'search-suggest-title', lang: langAttr(d) }, d[0]), ' ', langBadge(d, 'search-suggest-lang')), ' ',
          el('span', { class: 'search-suggest-kind' }, kindName(d[2]), date && [' · ', date]));
      });
      options.push(el('li', { id: list.id + '-all', role: 'option', 'aria-selected': 'false', class: 'search-suggest-all', 'data-href': searchUrl(q) }, fmt('see_all', { q })));
      list.replaceChildren(...options);
      active = -1;
      input.removeAttribute('aria-activedescendant');
      live.textContent = countText(r, q);
      open(doc.activeElement === input);
    }
    input.addEventListener('input', update);
    input.addEventListener('focus', () => { index.load().catch(() => {}); if (options.length && input.value.trim()) open(true); });
    input.addEventListener('keydown', (e) => {
      const n = options.length;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (!n) return;
        e.preventDefault();
        if (list.hidden) { open(true); select(e.key === 'ArrowDown' ? 0 : n - 1); return; }
        select(e.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (e.key === 'Enter') {
        if (!list.hidden && options[active]) {
          e.preventDefault();
          location.assign(options[active].getAttribute('data-href'));
        }
      } else if (e.key === 'Escape') {
        if (!list.hidden) { e.preventDefault(); open(false); } else if (input.value) { e.preventDefault(); input.value = ''; update(); }
      } else if (e.key === 'Tab') open(false);
    });
    input.addEventListener('blur', () => setTimeout(() => { if (doc.activeElement !== input) open(false); }, 0));
    list.addEventListener('mousedown', (e) => e.preventDefault());
    list.addEventListener('click', (e) => {
      const o = e.target.closest('[role="option"]');
      if (o) location.assign(o.getAttribute('data-href'));
    });
  }

  // ---- search page ------------------------------------------------------------------------
  function searchPage(input, results) {
    const status = doc.getElementById('search-status') || doc.querySelector('main [role="status"]');
    const facetBox = doc.getElementById('search-facets');
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const f of FACETS) if (params.get(f)) filters[f] = params.get(f);
    input.value = params.get('q') || '';
    let limit = PAGE_LIMIT;
    let gen = 0;
    let urlTimer = 0;
    let panel = null;
    const more = el('button', { type: 'button', class: 'button search-more' }, S.more);
    more.hidden = true;
    results.after(more);
    // Notes on the query above the results: a corrected word, a word that matched nothing.
    let notes = doc.getElementById('search-notes');
    if (!notes) {
      notes = el('div', { id: 'search-notes', class: 'search-notes', 'aria-live': 'polite' });
      results.before(notes);
    }
    // Help where there is nothing to list: a hint (empty query) or suggestions (no results),
    // above the links to the site's sections the page carries (search.html).
    let help = doc.getElementById('search-help');
    if (!help) {
      help = el('div', { id: 'search-help', class: 'search-help' });
      help.hidden = true;
      more.after(help);
    }
    const tips = el('div', { class: 'search-tips' });
    help.prepend(tips);
    const unfilter = el('button', { type: 'button', class: 'button-link search-unfilter' }, S.tip_filters);
    unfilter.addEventListener('click', () => {
      for (const f of FACETS) delete filters[f];
      limit = PAGE_LIMIT;
      writeUrl();
      update().then(() => (results.querySelector('a') || input).focus());
    });
    function showHelp(idle, none, filtering) {
      help.hidden = !idle && !none;
      if (idle) tips.replaceChildren(el('p', { class: 'search-hint' }, S.hint));
      else if (none) {
        tips.replaceChildren(el('h2', { class: 'search-help-title' }, S.suggestions), el('ul', { class: 'search-tip-list' },
          el('li', null, S.tip_spelling), el('li', null, S.tip_fewer), filtering && el('li', null, unfilter)));
      } else tips.replaceChildren();
    }
    function showNotes(r, q) {
      const out = [];
      const table = r.m.fold;
      if (r.total > 0 && Array.isArray(r.corrected) && r.corrected.length) {
        out.push(el('p', { class: 'search-note search-corrected' }, fmtNodes('corrected', { q: replaced(q, r.corrected, table) })));
      }
      if (r.total > 0 && Array.isArray(r.unmatched)) {
        for (const w of r.unmatched) out.push(el('p', { class: 'search-note search-unmatched' }, fmt('none', { q: typedAs(w, q, table) })));
      }
      notes.replaceChildren(...out);
    }
    /** One result: its title and snippet with the matched words marked, kind, date and language. */
    function item(id, terms, table) {
      const d = index.display.get(id);
      const li = el('li', { class: 'search-result', 'data-id': id },
        el('h2', { class: 'search-result-title' }, el('a', { href: d[1], lang: langAttr(d) }, marked(d[0], terms, table))),
        el('p', { class: 'search-result-meta' }, el('span', { class: 'search-result-kind' }, kindName(d[2])), langBadge(d, 'search-result-lang')));
      fill(li, d, terms, table);
      return li;
    }
    /** Add to a result what its display data has now and it lacks: the date, the snippet. */
    function fill(li, d, terms, table) {
      if (!d) return;
      const meta = li.querySelector('.search-result-meta');
      const date = !meta.querySelector('time') && dateOf(d, 'long');
      if (date) meta.querySelector('.search-result-kind').after(' ', el('span', { class: 'search-result-date' }, date));
      if (d[3] && !li.querySelector('.search-result-summary')) {
        li.append(el('p', { class: 'search-result-summary', lang: langAttr(d) }, marked(snippet(d[3], terms, table), terms, table)));
      }
    }
    more.addEventListener('click', () => {
      limit += PAGE_LIMIT;
      const focusAt = results.children.length;
      update().then(() => { const a = results.children[focusAt] && results.children[focusAt].querySelector('a'); if (a) a.focus(); });
    });

    function writeUrl() {
      clearTimeout(urlTimer);
      const p = new URLSearchParams();
      if (input.value) p.set('q', input.value);
      for (const f of FACETS) if (filters[f]) p.set(f, filters[f]);
      const s = p.toString();
      history.replaceState(history.state, '', location.pathname + (s ? '?' + s : '') + location.hash);
    }
    const panelOpen = () => !!(panel && panel.open);

    async function update(typed) {
      const g = ++gen;
      const q = input.value;
      const filtering = FACETS.some((f) => filters[f]);
      const idle = !words(q, {}).length && !filtering;
      if (idle && !panelOpen()) {
        results.replaceChildren();
        notes.replaceChildren();
        if (status) status.textContent = '';
        more.hidden = true;
        showHelp(true, false, false);
        return;
      }
      let r;
      try {
        // Every match (each posting list whole) for the facets' counts, and once the visitor
        // asks for more results: the count is then exact ("At least" does not stay), and
        // "Show more" goes when the last result is shown.
        r = await index.search(q, filters, idle ? 0 : limit, panelOpen() || limit > PAGE_LIMIT, typed ? typing(() => g === gen) : null);
      } catch (e) {
        if (g === gen && status) status.textContent = S.error;
        return;
      }
      if (g !== gen) return;
      const terms = termsOf(r, q);
      const table = r.m.fold;
      const shown = r.hits;
      results.replaceChildren(...shown.map(([id]) => item(id, terms, table)));
      if (status) status.textContent = idle ? '' : countText(r, q);
      more.hidden = idle || (r.exact && r.total <= r.hits.length);
      showNotes(r, q);
      showHelp(idle, !idle && !shown.length, FACETS.some((f) => filters[f]));
      if (panelOpen()) renderFacets(r);
      summaries(g, r, terms);
    }

    // Summaries and dates ride with the results where their keys embed them; the others are
    // in the display shards: after a short pause (typing on does not fetch them), every
    // shard of a shown result lacking its summary.
    async function summaries(g, r, terms) {
      const m = r.m;
      const want = new Set();
      for (const li of results.children) {
        const id = +li.getAttribute('data-id');
        const d = index.display.get(id);
        const s = Math.floor(id / m.displaySize);
        if (!(d && d[3] !== null) && !index.shards.has(s)) want.add(s);
      }
      if (!want.size) return;
      await new Promise((resolve) => setTimeout(resolve, SUMMARY_DELAY));
      if (g !== gen) return;
      await Promise.all([...want].map((s) => index.shard(m, s).catch(() => {})));
      if (g !== gen) return;
      for (const li of results.children) fill(li, index.display.get(+li.getAttribute('data-id')), terms, m.fold);
    }

    async function renderFacets(r) {
      const facets = await index.get(r.m.facets);
      const labels = facets.labels || {};
      // every match of the query, before filters
      const matches = r.scores;
      const fields = FACETS.filter((f) => facets[f]).map((f) => {
        // Counts under the other facets' filters, so each option says what choosing it gives.
        const others = FACETS.filter((o) => o !== f && filters[o]).map((o) => new Set((facets[o] && facets[o][filters[o]]) || []));
        const base = [...matches.keys()].filter((id) => others.every((s) => s.has(id)));
        const id = 'search-filter-' + f;
        const select = el('select', { id, name: f });
        select.append(el('option', { value: '' }, S.any + ' (' + num(base.length) + ')'));
        const values = Object.keys(facets[f]).map((v) => {
          const ids = new Set(facets[f][v]);
          const name = f === 'kind' ? kindName(v) : (labels[f] && labels[f][v]) || humanize(v);
          return [v, name, base.filter((x) => ids.has(x)).length];
        });
        values.sort((a, b) => a[1].localeCompare(b[1], LANG));
        for (const [v, name, n] of values) {
          if (!n && filters[f] !== v) continue;
          select.append(el('option', { value: v, selected: filters[f] === v ? '' : null }, name + ' (' + num(n) + ')'));
        }
        select.addEventListener('change', () => {
          if (select.value) filters[f] = select.value;
          else delete filters[f];
          limit = PAGE_LIMIT;
          writeUrl();
          update();
        });
        return el('div', { class: 'field' }, el('label', { for: id }, S[f]), select);
      });
      const focused = doc.activeElement && doc.activeElement.id;
      panel.querySelector('.search-filter-fields').replaceChildren(...fields);
      if (focused && focused.startsWith('search-filter-')) { const x = doc.getElementById(focused); if (x) x.focus(); }
    }

    if (facetBox) {
      panel = el('details', { class: 'search-filters' }, el('summary', null, S.filters), el('div', { class: 'search-filter-fields' }));
      if (FACETS.some((f) => filters[f])) panel.open = true;
      facetBox.replaceChildren(panel);
      panel.addEventListener('toggle', () => { if (panel.open) update(); });
    }
    input.addEventListener('input', () => {
      limit = PAGE_LIMIT;
      update(true);
      clearTimeout(urlTimer);
      urlTimer = setTimeout(writeUrl, 80);
    });
    input.form.addEventListener('submit', (e) => {
      e.preventDefault();
      writeUrl();
      update();
    });
    input.addEventListener('focus', () => index.load().catch(() => {}));
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && results.querySelector('a')) { e.preventDefault(); results.querySelector('a').focus(); }
    });
    results.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      const links = [...results.querySelectorAll('a')];
      const i = links.indexOf(doc.activeElement);
      if (i < 0) return;
      e.preventDefault();
      if (e.key === 'ArrowUp' && i === 0) input.focus();
      else if (links[i + (e.key === 'ArrowDown' ? 1 : -1)]) links[i + (e.key === 'ArrowDown' ? 1 : -1)].focus();
    });
    update();
  }

  // ---- test hook and start ------------------------------------------------------------------
  window.showcaseSearch = {
    words: (q) => index.load().then((m) => words(q, m.fold)),
    snippet: (text, terms) => snippet(text, terms, {}),
    async query(q, filters, limit) {
      const r = await index.search(q, filters || null, limit === undefined ? 10 : limit);
      return Object.assign(r.hits.map(([id, s]) => {
        const d = index.display.get(id);
        return { url: d[1], title: d[0], kind: d[2], score: (s % WORD_MATCH) / r.m.scale, words: Math.floor(s / WORD_MATCH) };
      }), { corrected: r.corrected || [], unmatched: r.unmatched || [] });
    },
  };
  const header = doc.getElementById('site-search-input');
  if (header && header.form) combobox(header);
  const pageInput = doc.getElementById('search-query');
  const results = doc.getElementById('search-results');
  if (pageInput && results && pageInput.form) searchPage(pageInput, results);
})();
