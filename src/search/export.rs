//! The client index: files the browser fetches a few at a time (format in
//! docs/search-format.md). Building returns bytes; writing them is the caller's business.
//!
//! Layout under `search/<lang>/`, chosen so that what a first query must read does not grow
//! with the programme:
//! - `manifest.json`: constants, the fold table and the name of the *set* (below); no lists;
//! - `<set>/p/<hex>.json`: one partition per first character of a form: where its vocabulary
//!   chunks begin, and which typo buckets exist; fetched for the first letters typed;
//! - `<set>/v/<i>.json` vocabulary chunks (forms, the heads of their keys' postings with the
//!   display data of their top documents, top completions of prefixes that run past the
//!   chunk), `<set>/b/<hex>-<n>.json` typo buckets (the forms a typo of length n can be) and
//!   `<set>/d/<n>.json` display shards: named by position, so no list of them is shipped;
//!   `<set>` is a hash of all of them, so each name is still immutable;
//! - `t/<hash>.json` posting tails in growing blocks and `f.<hash>.json` facets, named by their
//!   own content and referenced from the files above, and `x/x.<hash>.json` heads files: for
//!   a prefix whose completions' keys live in other chunks, their heads and display data, so
//!   a prefix costs its chunk and one such file.

use super::index::{Fields, Form, ImpactReader};
use super::query::{PREFIX_LIMIT, PREFIX_MIN_LEN, typo_distance};
use super::{Display, SearchDoc};
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use tantivy::Searcher;

/// Postings of a key shipped in its vocabulary chunk (its head); the rest goes to tail blocks.
pub const TOP_POSTINGS: usize = 20;
/// Postings in the first tail block; each further block is [`BLOCK_GROWTH`] times larger, so a
/// client that needs a little more of a long list does not download all of it.
pub const FIRST_BLOCK: usize = 80;
pub const BLOCK_GROWTH: usize = 4;
/// Documents per key whose display data rides along in the chunk (title, URL, kind, date), and
/// per word or prefix the documents it shows first whose summaries ride along too.
pub const EMBEDDED_DISPLAY: usize = 10;
/// Chunks listed by one partition file at most: a first character with more chunks (`w` on a
/// large German site has about 1,900) is listed in pages of this many (a page about 3 KB).
pub const PARTITION_ENTRIES: usize = 256;
/// Chunks of each neighbouring page a page lists too.
pub const PAGE_OVERLAP: usize = 16;
/// A chunk is closed once its JSON passes this many bytes (a query word costs one chunk); the
/// completions of prefixes running past it come on top.
pub const CHUNK_BYTES: usize = 4 * 1024;
/// Documents per display shard (summaries of a result page come from one shard).
pub const DISPLAY_SHARD: u64 = 16;

fn display_value(d: &Display) -> Value {
    json!([d.title, d.url, d.kind, d.summary, d.lang, d.date])
}

/// Kinds of record, in the order the manifest lists them: embedded display data names a kind
/// by its index.
pub const KINDS: [&str; 9] = [
    "brand",
    "cluster",
    "document",
    "event",
    "news",
    "page",
    "organisation",
    "call",
    "cooperation",
];

/// What rides along in a vocabulary chunk or heads file, compactly, as it is most of their
/// bytes: `[title, url, kind index, textLang|0, date|0]` (the text's language where it is not
/// the index's; trailing zeros left out), and as a sixth item the summary, for the documents a
/// word or prefix shows first only: the others' come from the display shards of the results
/// shown (a chunk embedding every key's top ten with summaries was 20 KB on a large site).
fn embedded_display(d: &Display, lang: &str, with_summary: bool) -> Value {
    let kind = KINDS.iter().position(|k| *k == d.kind);
    let kind = kind.map_or_else(|| json!(d.kind), |i| json!(i));
    let text_lang = if d.lang == lang {
        json!(0)
    } else {
        json!(d.lang)
    };
    let date = if d.date.is_empty() {
        json!(0)
    } else {
        json!(d.date)
    };
    let mut v = vec![json!(d.title), json!(d.url), kind, text_lang, date];
    if with_summary {
        v.push(json!(d.summary));
    } else {
        while v.len() > 3 && v.last() == Some(&json!(0)) {
            v.pop();
        }
    }
    Value::Array(v)
}

/// Whether embedded display data carries the summary.
fn has_summary(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.len() > 5)
}

/// The documents a word of these keys shows first, as the ranking orders them (best impact
/// among the keys, all of one weight, then id): the first `n`. They are among the first `n`
/// postings of each key, which are sorted that way.
fn top_documents<'p>(lists: impl Iterator<Item = &'p Postings>, n: usize) -> Vec<u64> {
    let mut best: BTreeMap<u64, u32> = BTreeMap::new();
    for p in lists {
        for (d, q) in p.iter().take(n) {
            let b = best.entry(*d).or_insert(*q);
            *b = (*b).max(*q);
        }
    }
    let mut ranked: Vec<(u64, u32)> = best.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().take(n).map(|(d, _)| d).collect()
}

/// A file named by its content: `<prefix>.<hash>.json`.
fn hashed(prefix: &str, bytes: &[u8]) -> String {
    hashed_as(prefix, "json", bytes)
}

fn hashed_as(prefix: &str, extension: &str, bytes: &[u8]) -> String {
    let h = crate::output::hash(bytes);
    format!("{prefix}.{}.{extension}", &h[..10])
}

fn first_char(form: &str) -> char {
    form.chars().next().expect("non-empty form")
}

/// A partition's file name: the first character's code point in hex.
fn hex(c: char) -> String {
    format!("{:x}", c as u32)
}

/// The partition files of a first character whose chunks are `list` (consecutive), with the
/// word lengths that have a typo bucket: `{"from", "firsts", "buckets"}`, the chunks numbered
/// from `from` and where each starts. Beyond [`PARTITION_ENTRIES`] chunks, in pages of that
/// many (`<hex>.<k>`), and where each page starts for the manifest, so that a word still
/// costs one partition file, and a small one. A page also lists the last and first
/// [`PAGE_OVERLAP`] chunks of its neighbours, and `until`, where the first chunk it does not
/// list starts (null for the last page): a word near its page's edge, as a typo's correction
/// often is, is found in the page already loaded.
fn partition_files(
    first: char,
    list: &[usize],
    seps: &[String],
    buckets: &[usize],
) -> (Vec<(String, Value)>, Option<Vec<String>>) {
    if list.len() <= PARTITION_ENTRIES {
        let firsts: Vec<&str> = list.iter().map(|&i| seps[i].as_str()).collect();
        let part = json!({"from": list[0], "firsts": firsts, "buckets": buckets});
        return (vec![(hex(first), part)], None);
    }
    let pages = list.len().div_ceil(PARTITION_ENTRIES);
    let mut files = Vec::with_capacity(pages);
    let mut starts = Vec::with_capacity(pages);
    for k in 0..pages {
        let own = k * PARTITION_ENTRIES;
        starts.push(seps[list[own]].clone());
        let from = own.saturating_sub(PAGE_OVERLAP);
        let to = (own + PARTITION_ENTRIES + PAGE_OVERLAP).min(list.len());
        let firsts: Vec<&str> = list[from..to].iter().map(|&i| seps[i].as_str()).collect();
        let until = list.get(to).map(|&i| seps[i].as_str());
        let page =
            json!({"from": list[from], "firsts": firsts, "until": until, "buckets": buckets});
        files.push((format!("{}.{k}", hex(first)), page));
    }
    (files, Some(starts))
}

/// A form and its document frequency.
type FormDf<'a> = (&'a String, u32);

/// Sorted forms with their df, each as `[shared, rest, df]`: the number of UTF-16 code units it
/// shares with the form before (the client's string unit), then the rest of it. Forms of a
/// typo bucket share long beginnings, so this about halves it.
fn front_coded(list: &[FormDf]) -> Value {
    let mut prev = "";
    let mut out = Vec::with_capacity(list.len());
    for (form, df) in list {
        let (mut units, mut at) = (0, 0);
        for (a, b) in form.chars().zip(prev.chars()) {
            if a != b {
                break;
            }
            units += a.len_utf16();
            at += a.len_utf8();
        }
        out.push(json!([units, &form[at..], df]));
        prev = form;
    }
    Value::Array(out)
}

pub struct ClientIndex {
    /// Paths relative to `search/<lang>/`, with their bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

type Postings = Vec<(u64, u32)>;

/// Postings as `[[doc, impact], ...]`. Built without `json!`, which converts every number
/// through serde: the postings are most of what the export handles.
fn postings_json(p: &[(u64, u32)]) -> Value {
    Value::Array(
        p.iter()
            .map(|(d, q)| Value::Array(vec![Value::from(*d), Value::from(*q)]))
            .collect(),
    )
}

/// The length of `v` as `serde_json::to_vec` writes it, counted without writing it: chunks
/// are filled by size, and serialising every entry twice (once to measure) was a good part
/// of the export's time.
fn json_len(v: &Value) -> usize {
    fn digits(mut n: u64) -> usize {
        let mut d = 1;
        while n >= 10 {
            n /= 10;
            d += 1;
        }
        d
    }
    fn commas(n: usize) -> usize {
        n.saturating_sub(1)
    }
    fn string_len(s: &str) -> usize {
        // serde_json escapes the quote, the backslash and control characters only.
        2 + s
            .chars()
            .map(|c| match c {
                '"' | '\\' | '\u{8}' | '\u{c}' | '\n' | '\r' | '\t' => 2,
                c if (c as u32) < 0x20 => 6,
                c => c.len_utf8(),
            })
            .sum::<usize>()
    }
    match v {
        Value::Null => 4,
        Value::Bool(b) => 4 + usize::from(!b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => digits(u),
            (None, Some(i)) => 1 + digits(i.unsigned_abs()),
            _ => n.to_string().len(),
        },
        Value::String(s) => string_len(s),
        Value::Array(a) => 2 + commas(a.len()) + a.iter().map(json_len).sum::<usize>(),
        Value::Object(o) => {
            2 + commas(o.len())
                + o.iter()
                    .map(|(k, v)| string_len(k) + 1 + json_len(v))
                    .sum::<usize>()
        }
    }
}

/// The same as bytes, written directly (a tail block is only ever written out).
fn postings_bytes(p: &[(u64, u32)]) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = Vec::with_capacity(p.len() * 12 + 2);
    out.push(b'[');
    for (i, (d, q)) in p.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let _ = write!(out, "[{d},{q}]");
    }
    out.push(b']');
    out
}

/// A vocabulary chunk while it fills.
#[derive(Default)]
struct Chunk {
    first: String,
    last: String,
    forms: Vec<Value>,
    terms: serde_json::Map<String, Value>,
    docs: BTreeMap<u64, Value>,
    bytes: usize,
}

impl Chunk {
    /// Embeds a document's display data, with its summary or without; a summary once embedded
    /// stays.
    fn show(&mut self, id: u64, d: &Display, lang: &str, with_summary: bool) {
        if self
            .docs
            .get(&id)
            .is_some_and(|v| !with_summary || has_summary(v))
        {
            return;
        }
        let v = embedded_display(d, lang, with_summary);
        self.bytes += json_len(&v) + 8;
        if let Some(old) = self.docs.insert(id, v) {
            self.bytes -= json_len(&old) + 8;
        }
    }
}

/// A key's entry, `[head, tail blocks, number of postings]`, writing its tail blocks to
/// `files`, and the documents whose display data rides along with it.
fn key_entry(
    p: &[(u64, u32)],
    display: &BTreeMap<u64, &Display>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> (Value, Vec<u64>) {
    let head = &p[..p.len().min(TOP_POSTINGS)];
    let mut blocks = Vec::new();
    let (mut at, mut size) = (head.len(), FIRST_BLOCK);
    while at < p.len() {
        let end = (at + size).min(p.len());
        let bytes = postings_bytes(&p[at..end]);
        let name = hashed("t/t", &bytes);
        files.push((name.clone(), bytes));
        blocks.push(Value::String(name));
        (at, size) = (end, size * BLOCK_GROWTH);
    }
    let top: Vec<u64> = head
        .iter()
        .take(EMBEDDED_DISPLAY)
        .map(|(d, _)| *d)
        .filter(|d| display.contains_key(d))
        .collect();
    let entry = Value::Array(vec![
        postings_json(head),
        Value::Array(blocks),
        Value::from(p.len()),
    ]);
    (entry, top)
}

/// The name of a stemmer's script in the theme (`js/stem/<name>.js`): its algorithm's name.
fn stemmer_name(l: tantivy::tokenizer::Language) -> String {
    format!("{l:?}").to_lowercase()
}

/// A key's text: the term, without the `~` of the English group.
pub fn key_text(k: &str) -> &str {
    k.strip_prefix('~').unwrap_or(k)
}

/// Whether the client can find a key by its text: some form starts with its first character,
/// so a partition and a chunk exist for it. `showcase search` follows the same rule.
pub fn reachable_by_text(k: &str, firsts: &BTreeSet<char>) -> bool {
    key_text(k)
        .chars()
        .next()
        .is_some_and(|c| firsts.contains(&c))
}

#[allow(clippy::too_many_arguments)]
pub fn client_index(
    lang: &str,
    languages: &[String],
    forms: &BTreeMap<String, Form>,
    fold: &BTreeMap<String, String>,
    searcher: &Searcher,
    fields: &Fields,
    docs: &[SearchDoc],
    facet_labels: &BTreeMap<String, BTreeMap<String, String>>,
) -> tantivy::Result<ClientIndex> {
    // Every key of the index, not only those of the corpus's forms: a query word the corpus
    // lacks is looked up by its stem, and compound parts are keys of no form.
    let firsts: BTreeSet<char> = forms.keys().map(|f| first_char(f)).collect();
    let all_keys = super::index::keys(searcher, fields)?;
    let reachable = |k: &String| reachable_by_text(k, &firsts);
    let keys: BTreeSet<&String> = forms
        .values()
        .flat_map(|f| f.keys.iter())
        .chain(all_keys.iter().filter(|k| reachable(k)))
        .collect();
    let reader = ImpactReader::new(searcher, fields)?;
    let postings: BTreeMap<&String, Postings> = keys
        .par_iter()
        .copied()
        .map(|k| {
            let mut p: Postings = reader.impacts(k)?.into_iter().collect();
            p.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            Ok((k, p))
        })
        .collect::<tantivy::Result<_>>()?;
    let display: BTreeMap<u64, &Display> = docs.iter().map(|d| (d.id, &d.display)).collect();
    // Files named by content (tails, facets) and files of the set (named by position).
    let mut files = Vec::new();
    let mut set: Vec<(String, Vec<u8>)> = Vec::new();

    // Vocabulary chunks, each key homed in the chunk of its first form. A chunk never spans
    // two first characters, so a partition lists only its own chunks.
    let mut home: BTreeMap<&String, usize> = BTreeMap::new();
    // Each key's entry and the documents whose display data rides with it, for the heads files.
    let mut heads: BTreeMap<&String, (Value, Vec<u64>)> = BTreeMap::new();
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut entry_of: BTreeMap<String, Value> = BTreeMap::new();
    for (form, f) in forms {
        let open = chunks
            .last()
            .is_some_and(|c| c.bytes <= CHUNK_BYTES && first_char(&c.first) == first_char(form));
        if !open {
            chunks.push(Chunk {
                first: form.clone(),
                ..Default::default()
            });
        }
        let idx = chunks.len() - 1;
        let cur = chunks.last_mut().expect("a chunk");
        let mut refs = Vec::new();
        for k in &f.keys {
            let chunk = *home.entry(k).or_insert_with(|| {
                let (entry, top) = key_entry(&postings[k], &display, &mut files);
                for d in &top {
                    cur.show(*d, display[d], lang, false);
                }
                cur.bytes += json_len(&entry) + k.len();
                cur.terms.insert(k.clone(), entry.clone());
                heads.insert(k, (entry, top));
                idx
            });
            refs.push(Value::Array(vec![
                Value::from(k.as_str()),
                Value::from(chunk),
            ]));
        }
        // The form's own first results, as a query of it shows them, with their summaries.
        for d in top_documents(f.keys.iter().map(|k| &postings[k]), EMBEDDED_DISPLAY) {
            if let Some(disp) = display.get(&d) {
                cur.show(d, disp, lang, true);
            }
        }
        let fv = Value::Array(vec![
            Value::from(form.as_str()),
            Value::from(f.df),
            Value::Array(refs),
        ]);
        cur.bytes += json_len(&fv);
        cur.forms.push(fv.clone());
        cur.last = form.clone();
        entry_of.insert(form.clone(), fv);
    }

    // Partitions: first character -> indices of its chunks (ascending).
    let mut partitions: BTreeMap<char, Vec<usize>> = BTreeMap::new();
    for (i, c) in chunks.iter().enumerate() {
        partitions.entry(first_char(&c.first)).or_default().push(i);
    }
    // Where each chunk starts, as the client sees it: the shortest prefix of its first form
    // that sorts after the previous chunk's last form (the first character alone for a
    // partition's first chunk). Forms fall in the same chunks as by their first forms, and
    // partitions stay short.
    let seps: Vec<String> = chunks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let prev = i.checked_sub(1).map(|j| &chunks[j]);
            match prev.filter(|p| first_char(&p.last) == first_char(&c.first)) {
                None => first_char(&c.first).to_string(),
                Some(p) => c
                    .first
                    .char_indices()
                    .map(|(at, ch)| &c.first[..at + ch.len_utf8()])
                    .find(|sep| *sep > p.last.as_str())
                    .unwrap_or(&c.first)
                    .to_string(),
            }
        })
        .collect();
    // The chunk a client reads for a word: the partition's last chunk starting at or before it.
    let chunk_of = |w: &str| -> usize {
        let list = &partitions[&first_char(w)];
        let at = list.partition_point(|&i| seps[i].as_str() <= w);
        list[at.saturating_sub(1)]
    };

    // Keys live in the chunk where their own text would be as a form (`~` aside), so the
    // client finds a stem's postings without knowing a form that has it. Keys seen first
    // with a form elsewhere move there (usually the same or the next chunk); keys of no form
    // (compound parts) are placed there directly.
    let mut moved: Vec<(&String, usize, usize)> = Vec::new();
    for (k, h) in home.iter_mut() {
        if !reachable(k) {
            continue;
        }
        let want = chunk_of(key_text(k));
        if want != *h {
            moved.push((k, *h, want));
            *h = want;
        }
    }
    let place = |chunk: &mut Chunk, k: &String, entry: Value, top: &[u64]| {
        for d in top {
            chunk.show(*d, display[d], lang, false);
        }
        chunk.terms.insert(k.clone(), entry);
    };
    for (k, from, to) in moved {
        if let Some(entry) = chunks[from].terms.remove(k.as_str()) {
            place(&mut chunks[to], k, entry, &heads[&k].1);
        }
    }
    let unplaced: Vec<&String> = keys
        .iter()
        .filter(|k| !home.contains_key(*k) && reachable(k))
        .copied()
        .collect();
    for k in &unplaced {
        let (entry, top) = key_entry(&postings[*k], &display, &mut files);
        let to = chunk_of(key_text(k));
        place(&mut chunks[to], k, entry.clone(), &top);
        heads.insert(*k, (entry, top));
        home.insert(*k, to);
    }
    // Forms name their keys' chunks: as placed now.
    for c in chunks.iter_mut() {
        for fv in c.forms.iter_mut() {
            if let Some(refs) = fv.get_mut(2).and_then(Value::as_array_mut) {
                for r in refs.iter_mut() {
                    if let Some(k) = r.get(0).and_then(Value::as_str) {
                        r[1] = Value::from(home[&k.to_string()]);
                    }
                }
            }
            if let Some(f) = fv[0].as_str() {
                entry_of.insert(f.to_string(), fv.clone());
            }
        }
    }

    // Completions of prefixes whose forms run past the chunk the client reads for them: such
    // a prefix is a proper prefix of the first form of a later chunk. The client reads them
    // from that one chunk instead of every chunk of the range (same rule as query::expand),
    // and from one heads file (`x/x.<hash>.json`, shared by the prefixes with the same
    // contents) the heads of their keys homed in other chunks and the display data, summaries
    // included, of the prefix's first results that the chunk lacks.
    let mut completions: BTreeMap<usize, BTreeMap<String, Value>> = BTreeMap::new();
    let mut heads_files: BTreeSet<String> = BTreeSet::new();
    for c in chunks.iter().skip(1) {
        // Each proper prefix of PREFIX_MIN_LEN characters or more ends where a character starts.
        for (end, _) in c.first.char_indices().skip(PREFIX_MIN_LEN) {
            let p = &c.first[..end];
            let at = chunk_of(p);
            if completions.get(&at).is_some_and(|m| m.contains_key(p)) {
                continue;
            }
            let mut cands: Vec<(&String, &Form)> = forms
                .range(p.to_string()..)
                .take_while(|(f, _)| f.starts_with(p))
                .filter(|(f, _)| f.as_str() != p)
                .collect();
            cands.sort_by(|a, b| b.1.df.cmp(&a.1.df).then(a.0.cmp(b.0)));
            cands.truncate(PREFIX_LIMIT);
            let cand_keys: BTreeSet<&String> =
                cands.iter().flat_map(|(_, f)| f.keys.iter()).collect();
            let elsewhere: Vec<&String> = cand_keys
                .iter()
                .copied()
                .filter(|k| home[k] != at)
                .collect();
            let first_results: Vec<u64> =
                top_documents(cand_keys.iter().map(|k| &postings[*k]), EMBEDDED_DISPLAY)
                    .into_iter()
                    .filter(|d| {
                        display.contains_key(d) && !chunks[at].docs.get(d).is_some_and(has_summary)
                    })
                    .collect();
            let heads_file = if elsewhere.is_empty() && first_results.is_empty() {
                Value::Null
            } else {
                let mut terms = serde_json::Map::new();
                for k in elsewhere {
                    terms.insert(k.clone(), heads[k].0.clone());
                }
                let docs_obj: serde_json::Map<String, Value> = first_results
                    .iter()
                    .map(|d| (d.to_string(), embedded_display(display[d], lang, true)))
                    .collect();
                let bytes =
                    serde_json::to_vec(&json!({"terms": terms, "docs": docs_obj})).expect("json");
                let name = hashed("x/x", &bytes);
                if heads_files.insert(name.clone()) {
                    files.push((name.clone(), bytes));
                }
                Value::String(name)
            };
            let list: Vec<Value> = cands
                .iter()
                .map(|(f, _)| entry_of[f.as_str()].clone())
                .collect();
            completions
                .entry(at)
                .or_default()
                .insert(p.to_string(), json!([list, heads_file]));
        }
    }
    for (i, c) in chunks.iter_mut().enumerate() {
        let docs_obj: serde_json::Map<String, Value> = std::mem::take(&mut c.docs)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let pre: serde_json::Map<String, Value> = completions
            .remove(&i)
            .unwrap_or_default()
            .into_iter()
            .collect();
        let body = json!({
            "forms": std::mem::take(&mut c.forms),
            "terms": std::mem::take(&mut c.terms),
            "docs": docs_obj,
            "pre": pre,
        });
        set.push((
            format!("v/{i}.json"),
            serde_json::to_vec(&body).expect("json"),
        ));
    }

    // Typo buckets, one per first character and word length n a typo is searched for: the
    // forms whose length is within n's edit distance of n, so a typo costs one request (a form
    // is in up to five buckets; they are small).
    let mut by_len: BTreeMap<char, BTreeMap<usize, Vec<FormDf>>> = BTreeMap::new();
    for (form, f) in forms {
        by_len
            .entry(first_char(form))
            .or_default()
            .entry(form.chars().count())
            .or_default()
            .push((form, f.df));
    }
    // First character -> the word lengths that have a bucket.
    let mut bucket_lens: BTreeMap<char, Vec<usize>> = BTreeMap::new();
    for (first, lens) in &by_len {
        let longest = lens.keys().next_back().copied().unwrap_or(0);
        for n in 1..=longest + 2 {
            let d = typo_distance(n);
            if d == 0 {
                continue;
            }
            let mut list: Vec<FormDf> = lens
                .range(n.saturating_sub(d)..=n + d)
                .flat_map(|(_, l)| l.iter().copied())
                .collect();
            if list.is_empty() {
                continue;
            }
            list.sort();
            let body = serde_json::to_vec(&front_coded(&list)).expect("json");
            set.push((format!("b/{}-{n}.json", hex(*first)), body));
            bucket_lens.entry(*first).or_default().push(n);
        }
    }

    // Second-letter buckets, for a wrong or missing first letter: forms of 6+ characters by
    // their second character and exact length (`s/<hex>-<n>.json`; the manifest lists them).
    let mut by_second: BTreeMap<char, BTreeMap<usize, Vec<FormDf>>> = BTreeMap::new();
    for (form, f) in forms {
        let n = form.chars().count();
        if n < super::query::FIRST_LETTER_MIN_LEN {
            continue;
        }
        let second = form.chars().nth(1).expect("6+ characters");
        by_second
            .entry(second)
            .or_default()
            .entry(n)
            .or_default()
            .push((form, f.df));
    }
    let mut seconds: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (second, lens) in by_second {
        for (n, list) in lens {
            let body = serde_json::to_vec(&front_coded(&list)).expect("json");
            set.push((format!("s/{}-{n}.json", hex(second)), body));
            seconds.entry(second.to_string()).or_default().push(n);
        }
    }

    // First character -> where each page of its partition starts, for those listed in pages.
    let mut pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (first, list) in &partitions {
        let buckets = bucket_lens.get(first).map_or(&[][..], Vec::as_slice);
        let (files_of_part, starts) = partition_files(*first, list, &seps, buckets);
        for (name, part) in files_of_part {
            set.push((
                format!("p/{name}.json"),
                serde_json::to_vec(&part).expect("json"),
            ));
        }
        if let Some(starts) = starts {
            pages.insert(first.to_string(), starts);
        }
    }

    // Display shards.
    let max_id = docs.iter().map(|d| d.id).max().map(|m| m + 1).unwrap_or(0);
    let mut shards: Vec<serde_json::Map<String, Value>> =
        vec![Default::default(); max_id.div_ceil(DISPLAY_SHARD) as usize];
    for d in docs {
        shards[(d.id / DISPLAY_SHARD) as usize].insert(d.id.to_string(), display_value(&d.display));
    }
    for (n, obj) in shards.into_iter().enumerate() {
        set.push((
            format!("d/{n}.json"),
            serde_json::to_vec(&obj).expect("json"),
        ));
    }

    // Facets: value -> ascending ids.
    let mut facets: BTreeMap<String, BTreeMap<String, Vec<u64>>> = BTreeMap::new();
    for d in docs {
        for f in &d.facets {
            if let Some((k, v)) = f.split_once(':') {
                facets
                    .entry(k.to_string())
                    .or_default()
                    .entry(v.to_string())
                    .or_default()
                    .push(d.id);
            }
        }
    }
    let mut facets_doc = serde_json::to_value(&facets).expect("json");
    facets_doc["labels"] = serde_json::to_value(facet_labels).expect("json");
    let facet_bytes = serde_json::to_vec(&facets_doc).expect("json");
    let facet_name = hashed("f", &facet_bytes);
    files.push((facet_name.clone(), facet_bytes));

    // The vocabulary's Bloom filter, for splitting compounds typed in a query (in every
    // language: visitors type "sealice" too).
    let compounds = {
        let words = super::compound::typed_part_words(forms, lang);
        let lexicon = super::compound::Lexicon::new(words.iter().map(String::as_str));
        let bytes = lexicon.bytes().to_vec();
        let name = hashed_as("c", "bin", &bytes);
        files.push((name.clone(), bytes));
        let links = super::compound::typed_links(lang);
        json!({"links": links, "lexicon": name, "hashes": super::compound::BLOOM_HASHES})
    };

    // The set's name: a hash of every file in it, names included.
    let mut hasher = Vec::new();
    for (name, bytes) in &set {
        hasher.extend_from_slice(name.as_bytes());
        hasher.push(0);
        hasher.extend_from_slice(crate::output::hash(bytes).as_bytes());
    }
    let set_name = crate::output::hash(&hasher)[..10].to_string();
    files.extend(
        set.into_iter()
            .map(|(name, bytes)| (format!("{set_name}/{name}"), bytes)),
    );

    let manifest = json!({
        "v": 2,
        "lang": lang,
        "weights": {"exact": super::query::WEIGHT_EXACT, "prefix": super::query::WEIGHT_PREFIX, "typo": super::query::WEIGHT_TYPO},
        "limits": {"prefixMinLen": PREFIX_MIN_LEN, "prefix": PREFIX_LIMIT, "typo": super::query::TYPO_LIMIT},
        "scale": super::query::SCORE_SCALE,
        "set": set_name,
        "parts": partitions.keys().collect::<String>(),
        // Partitions of more than PARTITION_ENTRIES chunks, by first character: where each
        // page starts (one entry per 256 chunks, about a megabyte of vocabulary).
        "pages": pages,
        "facets": facet_name,
        "displaySize": DISPLAY_SHARD,
        "kinds": KINDS,
        "fold": fold,
        "docs": docs.len(),
        "idsInUrlOrder": true,
        "seconds": seconds,
        // The stemmers of the analyzers (js/stem/<name>.js), for words the corpus lacks.
        "stem": {
            "page": super::analysis::stemmer_language(lang).map(stemmer_name),
            "en": (lang != "en").then(|| stemmer_name(tantivy::tokenizer::Language::English)),
        },
        "wordMatch": super::query::WORD_MATCH,
        "compounds": compounds,
        // The site's languages, in order: a word none of this index's forms, stems, prefixes or
        // near spellings match is looked up in the others'.
        "languages": languages,
    });
    files.push((
        "manifest.json".into(),
        serde_json::to_vec(&manifest).expect("json"),
    ));
    Ok(ClientIndex { files })
}

#[cfg(test)]
mod tests {
    #[test]
    fn postings_are_written_as_serde_json_writes_them() {
        let p = [(3, 70), (12, 5), (u64::MAX, u32::MAX)];
        let want = serde_json::to_vec(&super::postings_json(&p)).unwrap();
        assert_eq!(super::postings_bytes(&p), want);
        assert_eq!(super::postings_bytes(&[]), b"[]");
    }

    #[test]
    fn a_word_shows_first_its_best_documents_by_their_best_key() {
        // Two keys of one form: a document counts by its best impact, ties go to the lower id.
        let stem = vec![(7, 900), (3, 500), (9, 500), (1, 100)];
        let twin = vec![(3, 950), (8, 500), (2, 20)];
        assert_eq!(
            super::top_documents([&stem, &twin].into_iter(), 4),
            vec![3, 7, 8, 9]
        );
        assert_eq!(
            super::top_documents([&stem].into_iter(), 10),
            vec![7, 3, 9, 1]
        );
    }

    #[test]
    fn embedded_display_carries_the_summary_only_when_asked() {
        let d = super::Display {
            title: "Hydrogen Valley".into(),
            url: "/de/clusters/hydrogen-valley/".into(),
            kind: "organisation".into(),
            summary: "".into(),
            lang: "en".into(),
            date: "".into(),
        };
        let short = super::embedded_display(&d, "de", false);
        assert_eq!(
            short,
            serde_json::json!(["Hydrogen Valley", "/de/clusters/hydrogen-valley/", 6, "en"])
        );
        assert!(!super::has_summary(&short));
        // With the summary (empty here: known to be empty, not to be fetched).
        let full = super::embedded_display(&d, "de", true);
        assert_eq!(
            full,
            serde_json::json!([
                "Hydrogen Valley",
                "/de/clusters/hydrogen-valley/",
                6,
                "en",
                0,
                ""
            ])
        );
        assert!(super::has_summary(&full));
        let d = super::Display {
            lang: "de".into(),
            date: "2027-03-01".into(),
            kind: "event".into(),
            ..d
        };
        assert_eq!(
            super::embedded_display(&d, "de", false).as_array().unwrap()[3..],
            [serde_json::json!(0), serde_json::json!("2027-03-01")]
        );
        let d = super::Display {
            date: "".into(),
            ..d
        };
        assert_eq!(
            super::embedded_display(&d, "de", false)
                .as_array()
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn a_long_partition_is_listed_in_pages_the_manifest_points_to() {
        let seps: Vec<String> = (0..700).map(|i| format!("w{i:04}")).collect();
        let list: Vec<usize> = (100..700).collect();
        let (files, starts) = super::partition_files('w', &list, &seps, &[6, 7]);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["77.0", "77.1", "77.2"]);
        assert_eq!(starts.unwrap(), ["w0100", "w0356", "w0612"]);
        // A page lists its own 256 chunks and 16 of each neighbour's, and where the next
        // chunk after them starts.
        let overlap = super::PAGE_OVERLAP;
        let (_, page) = &files[1];
        assert_eq!(page["from"], 356 - overlap);
        let firsts = page["firsts"].as_array().unwrap();
        assert_eq!(firsts.len(), super::PARTITION_ENTRIES + 2 * overlap);
        assert_eq!(firsts[overlap], "w0356");
        assert_eq!(page["until"], format!("w{:04}", 612 + overlap));
        assert_eq!(page["buckets"], serde_json::json!([6, 7]));
        assert_eq!(files[0].1["from"], 100);
        assert_eq!(files[0].1["firsts"][0], "w0100");
        let last = &files[2].1;
        assert_eq!(
            last["firsts"].as_array().unwrap().len(),
            600 - 512 + overlap
        );
        assert_eq!(last["until"], serde_json::Value::Null);
        // A short one is one file, and no pages.
        let (files, starts) = super::partition_files('w', &list[..5], &seps, &[]);
        assert_eq!((files.len(), starts), (1, None));
        assert_eq!(files[0].0, "77");
    }

    #[test]
    fn json_length_is_counted_as_written() {
        let v = serde_json::json!([
            null, true, false, 0, 7, 10, 99, 1234567890123u64, -5, -100, 1.5, -0.25,
            "plain", "quote \" and \\ backslash", "tab\tnew\nline\r\u{8}\u{c}\u{1}\u{1f}",
            "ø æ Å — 水 😀 /slash", [], {}, [[1, 2], [3]],
            {"k": "v", "ключ": [1, {"x": null}], "e\"sc": false}
        ]);
        assert_eq!(super::json_len(&v), serde_json::to_vec(&v).unwrap().len());
        for item in v.as_array().unwrap() {
            assert_eq!(super::json_len(item), item.to_string().len(), "{item}");
        }
    }
}
