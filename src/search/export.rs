//! The client index: files the browser fetches a few at a time (format in
//! docs/search-format.md). Building returns bytes; writing them is the caller's business.

use super::index::{Fields, Form, ImpactReader};
use super::{Display, SearchDoc};
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use tantivy::Searcher;

/// Postings of a key shipped in its vocabulary chunk; the rest goes to a tail file.
pub const TOP_POSTINGS: usize = 20;
/// Documents per key whose display data rides along in the chunk.
pub const EMBEDDED_DISPLAY: usize = 10;
/// A chunk is closed once its JSON passes this many bytes.
pub const CHUNK_BYTES: usize = 12 * 1024;
/// Documents per display shard.
pub const DISPLAY_SHARD: u64 = 32;

fn display_value(d: &Display) -> Value {
    json!([d.title, d.url, d.kind, d.summary, d.lang])
}

/// What rides along in a vocabulary chunk: enough to list a result (summaries stay in the
/// display shards, so chunks stay small).
fn embedded_display(d: &Display) -> Value {
    json!([d.title, d.url, d.kind, "", d.lang])
}

/// Typo buckets hold forms of one first character and a band of this many lengths.
pub const BUCKET_BAND: usize = 4;

fn hashed(prefix: &str, bytes: &[u8]) -> String {
    let h = crate::output::hash(bytes);
    format!("{prefix}.{}.json", &h[..10])
}

pub struct ClientIndex {
    /// Paths relative to `search/<lang>/`, with their bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

type Postings = Vec<(u64, u32)>;

pub fn client_index(
    lang: &str,
    forms: &BTreeMap<String, Form>,
    fold: &BTreeMap<String, String>,
    searcher: &Searcher,
    fields: &Fields,
    docs: &[SearchDoc],
    facet_labels: &BTreeMap<String, BTreeMap<String, String>>,
) -> tantivy::Result<ClientIndex> {
    let keys: BTreeSet<&String> = forms.values().flat_map(|f| f.keys.iter()).collect();
    let reader = ImpactReader::new(searcher, fields)?;
    let postings: BTreeMap<&String, Postings> = keys
        .into_par_iter()
        .map(|k| {
            let mut p: Postings = reader.impacts(k)?.into_iter().collect();
            p.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            Ok((k, p))
        })
        .collect::<tantivy::Result<_>>()?;
    let display: BTreeMap<u64, &Display> = docs.iter().map(|d| (d.id, &d.display)).collect();
    let mut files = Vec::new();

    // Vocabulary chunks, each key homed in the chunk of its first form.
    let mut home: BTreeMap<&String, usize> = BTreeMap::new();
    let mut chunks: Vec<(String, String)> = Vec::new();
    let mut cur_forms: Vec<Value> = Vec::new();
    let mut cur_terms = serde_json::Map::new();
    let mut cur_docs: BTreeMap<u64, Value> = BTreeMap::new();
    let mut cur_first: Option<String> = None;
    let mut cur_bytes = 0usize;
    let flush = |first: &mut Option<String>,
                 forms_v: &mut Vec<Value>,
                 terms: &mut serde_json::Map<String, Value>,
                 docs_v: &mut BTreeMap<u64, Value>,
                 files: &mut Vec<(String, Vec<u8>)>,
                 chunks: &mut Vec<(String, String)>| {
        let Some(f) = first.take() else { return };
        let docs_obj: serde_json::Map<String, Value> = std::mem::take(docs_v)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let body = json!({"forms": std::mem::take(forms_v), "terms": std::mem::take(terms), "docs": docs_obj});
        let bytes = serde_json::to_vec(&body).expect("json");
        let name = hashed(&format!("v/{}", chunks.len()), &bytes);
        files.push((name.clone(), bytes));
        chunks.push((f, name));
    };
    for (form, f) in forms {
        if cur_first.is_none() {
            cur_first = Some(form.clone());
        }
        let idx = chunks.len();
        let mut refs = Vec::new();
        for k in &f.keys {
            let chunk = *home.entry(k).or_insert_with(|| {
                let p = &postings[k];
                let top: Vec<Value> = p
                    .iter()
                    .take(TOP_POSTINGS)
                    .map(|(d, q)| json!([d, q]))
                    .collect();
                let tail = if p.len() > TOP_POSTINGS {
                    let t: Vec<Value> = p[TOP_POSTINGS..]
                        .iter()
                        .map(|(d, q)| json!([d, q]))
                        .collect();
                    let bytes = serde_json::to_vec(&t).expect("json");
                    let name = hashed("t/t", &bytes);
                    files.push((name.clone(), bytes));
                    Value::String(name)
                } else {
                    Value::Null
                };
                for (d, _) in p.iter().take(EMBEDDED_DISPLAY) {
                    if let (Some(disp), false) = (display.get(d), cur_docs.contains_key(d)) {
                        let v = embedded_display(disp);
                        cur_bytes += v.to_string().len() + 8;
                        cur_docs.insert(*d, v);
                    }
                }
                let entry = json!([top, tail]);
                cur_bytes += entry.to_string().len() + k.len();
                cur_terms.insert(k.clone(), entry);
                idx
            });
            refs.push(json!([k, chunk]));
        }
        let fv = json!([form, f.df, refs]);
        cur_bytes += fv.to_string().len();
        cur_forms.push(fv);
        if cur_bytes > CHUNK_BYTES {
            flush(
                &mut cur_first,
                &mut cur_forms,
                &mut cur_terms,
                &mut cur_docs,
                &mut files,
                &mut chunks,
            );
            cur_bytes = 0;
        }
    }
    flush(
        &mut cur_first,
        &mut cur_forms,
        &mut cur_terms,
        &mut cur_docs,
        &mut files,
        &mut chunks,
    );

    // Typo buckets: forms by first character and band of lengths.
    let mut buckets: BTreeMap<(char, usize), Vec<Value>> = BTreeMap::new();
    for (form, f) in forms {
        let first = form.chars().next().expect("non-empty form");
        let band = form.chars().count() / BUCKET_BAND;
        buckets
            .entry((first, band))
            .or_default()
            .push(json!([form, f.df]));
    }
    let mut bucket_files = serde_json::Map::new();
    for ((first, band), list) in buckets {
        let bytes = serde_json::to_vec(&list).expect("json");
        let name = hashed(&format!("b/{:x}-{band}", first as u32), &bytes);
        files.push((name.clone(), bytes));
        bucket_files.insert(format!("{first}:{band}"), Value::String(name));
    }

    // Display shards.
    let mut shard_files = Vec::new();
    let max_id = docs.iter().map(|d| d.id).max().map(|m| m + 1).unwrap_or(0);
    for shard in 0..max_id.div_ceil(DISPLAY_SHARD) {
        let obj: serde_json::Map<String, Value> = docs
            .iter()
            .filter(|d| d.id / DISPLAY_SHARD == shard)
            .map(|d| (d.id.to_string(), display_value(&d.display)))
            .collect();
        let bytes = serde_json::to_vec(&obj).expect("json");
        let name = hashed(&format!("d/{shard}"), &bytes);
        files.push((name.clone(), bytes));
        shard_files.push(Value::String(name));
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

    let manifest = json!({
        "v": 1,
        "lang": lang,
        "weights": {"exact": super::query::WEIGHT_EXACT, "prefix": super::query::WEIGHT_PREFIX, "typo": super::query::WEIGHT_TYPO},
        "bucketBand": BUCKET_BAND,
        "limits": {"prefixMinLen": super::query::PREFIX_MIN_LEN, "prefix": super::query::PREFIX_LIMIT, "typo": super::query::TYPO_LIMIT},
        "scale": super::query::SCORE_SCALE,
        "chunks": chunks.iter().map(|(f, n)| json!([f, n])).collect::<Vec<_>>(),
        "buckets": bucket_files,
        "facets": facet_name,
        "display": {"size": DISPLAY_SHARD, "files": shard_files},
        "fold": fold,
        "docs": docs.len(),
        "idsInUrlOrder": true,
    });
    files.push((
        "manifest.json".into(),
        serde_json::to_vec(&manifest).expect("json"),
    ));
    Ok(ClientIndex { files })
}
