//! The tantivy index of one language, its vocabulary of surface forms, and impacts.

use super::analysis::{analyse, analyzer, analyzer_name, fold, raw_tokenizer};
use super::{Display, FIELDS, Group, SearchDoc};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use tantivy::postings::Postings;
use tantivy::query::Bm25Weight;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocSet, Index, IndexReader, Searcher, TERMINATED, TantivyDocument, Term};

pub struct Fields {
    pub id: Field,
    pub kind: Field,
    pub facet: Field,
    pub display: Field,
    /// (group, field name) -> field
    pub text: BTreeMap<(Group, &'static str), Field>,
}

pub fn schema(lang: &str) -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_u64_field("id", INDEXED | STORED | FAST);
    let kind = b.add_text_field("kind", STRING | STORED);
    // Facet values as `sector:maritime`, `region:west`, `label:eucles-gold`.
    let facet = b.add_text_field("facet", STRING | STORED);
    let display = b.add_text_field("display", STORED);
    let mut text = BTreeMap::new();
    let groups: &[(Group, &str)] = if lang == "en" {
        &[(Group::Page, "en")]
    } else {
        &[(Group::Page, lang), (Group::English, "en")]
    };
    for (group, analyser_lang) in groups {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analyzer_name(analyser_lang))
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        for (name, _) in FIELDS {
            let field_name = match group {
                Group::Page => name.to_string(),
                Group::English => format!("{name}_en"),
            };
            text.insert((*group, name), b.add_text_field(&field_name, opts.clone()));
        }
    }
    (
        b.build(),
        Fields {
            id,
            kind,
            facet,
            display,
            text,
        },
    )
}

/// Build the index in `dir` (created empty by the caller).
pub fn write(dir: &Path, lang: &str, docs: &[SearchDoc]) -> tantivy::Result<(Index, Fields)> {
    let (schema, fields) = schema(lang);
    let index = Index::create_in_dir(dir, schema)?;
    index
        .tokenizers()
        .register(&analyzer_name(lang), analyzer(lang));
    index
        .tokenizers()
        .register(&analyzer_name("en"), analyzer("en"));
    // One thread: languages are indexed in parallel instead, and one writer keeps doc order.
    let mut writer = index.writer_with_num_threads(1, 60_000_000)?;
    for d in docs {
        let mut doc = TantivyDocument::default();
        doc.add_u64(fields.id, d.id);
        doc.add_text(fields.kind, &d.display.kind);
        for f in &d.facets {
            doc.add_text(fields.facet, f);
        }
        doc.add_text(
            fields.display,
            serde_json::to_string(&d.display).expect("json"),
        );
        for ((group, name), text) in &d.text {
            if let Some(field) = fields.text.get(&(*group, *name)) {
                doc.add_text(*field, text);
            }
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok((index, fields))
}

pub fn open(dir: &Path, lang: &str) -> tantivy::Result<(Index, Fields)> {
    let index = Index::open_in_dir(dir)?;
    index
        .tokenizers()
        .register(&analyzer_name(lang), analyzer(lang));
    index
        .tokenizers()
        .register(&analyzer_name("en"), analyzer("en"));
    let (_, fields) = schema(lang);
    Ok((index, fields))
}

pub fn reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
}

/// A surface form: a folded, lower-cased token seen in the corpus.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Form {
    pub df: u32,
    pub keys: Vec<String>,
}

/// Key of a term: the term for the page language's group, `~term` for the English twins.
pub fn key(group: Group, term: &str) -> String {
    match group {
        Group::Page => term.to_string(),
        Group::English => format!("~{term}"),
    }
}

pub fn split_key(key: &str) -> (Group, &str) {
    match key.strip_prefix('~') {
        Some(t) => (Group::English, t),
        None => (Group::Page, key),
    }
}

/// Surface forms of the corpus with their document frequency and keys, and the fold table
/// (every non-ASCII character seen, as tantivy folds it).
pub fn vocabulary(
    lang: &str,
    docs: &[SearchDoc],
) -> (BTreeMap<String, Form>, BTreeMap<String, String>) {
    let mut page = analyzer(lang);
    let mut english = analyzer("en");
    let mut forms: BTreeMap<String, (u32, BTreeSet<String>)> = BTreeMap::new();
    let mut analysed: HashMap<(Group, String), Option<String>> = HashMap::new();
    let mut fold_table: BTreeMap<String, String> = BTreeMap::new();
    let mut tokenizer = raw_tokenizer();
    for d in docs {
        let mut seen_in_doc = BTreeSet::new();
        for ((group, _), text) in &d.text {
            let mut raws = Vec::new();
            let mut stream = tokenizer.token_stream(text);
            while stream.advance() {
                raws.push(stream.token().text.clone());
            }
            for raw in raws {
                // tantivy's ASCII folding maps each character on its own, so folding through
                // a per-character table gives the same form, without an analyzer per token.
                let form: String = if raw.is_ascii() {
                    raw.clone()
                } else {
                    raw.chars()
                        .map(|c| {
                            if c.is_ascii() {
                                c.to_string()
                            } else {
                                let k = c.to_string();
                                fold_table
                                    .entry(k.clone())
                                    .or_insert_with(|| fold(&k))
                                    .clone()
                            }
                        })
                        .collect()
                };
                let term = analysed
                    .entry((*group, raw.clone()))
                    .or_insert_with(|| {
                        let a = if *group == Group::Page {
                            &mut page
                        } else {
                            &mut english
                        };
                        analyse(a, &raw).into_iter().next()
                    })
                    .clone();
                let entry = forms.entry(form.clone()).or_default();
                if let Some(t) = term {
                    entry.1.insert(key(*group, &t));
                }
                if seen_in_doc.insert(form) {
                    entry.0 += 1;
                }
            }
        }
    }
    let forms = forms
        .into_iter()
        .map(|(f, (df, keys))| {
            (
                f,
                Form {
                    df,
                    keys: keys.into_iter().collect(),
                },
            )
        })
        .collect();
    (forms, fold_table)
}

/// Per-document impacts of one key: `round(1000 * sum over the group's fields of tantivy's
/// BM25 score)`, by doc id. Fields are added in the fixed order of [`FIELDS`].
pub fn impacts(
    searcher: &Searcher,
    fields: &Fields,
    key: &str,
) -> tantivy::Result<BTreeMap<u64, u32>> {
    let (group, term) = split_key(key);
    let mut sums: BTreeMap<u64, f32> = BTreeMap::new();
    for (name, boost) in FIELDS {
        let Some(field) = fields.text.get(&(group, name)) else {
            continue;
        };
        let t = Term::from_field_text(*field, term);
        if searcher.doc_freq(&t)? == 0 {
            continue;
        }
        let weight = Bm25Weight::for_terms(searcher, std::slice::from_ref(&t))?.boost_by(boost);
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(*field)?;
            let Some(mut postings) = inverted.read_postings(&t, IndexRecordOption::WithFreqs)?
            else {
                continue;
            };
            let norms = segment.get_fieldnorms_reader(*field)?;
            let ids = segment.fast_fields().u64("id")?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                let score = weight.score(norms.fieldnorm_id(doc), postings.term_freq());
                let id = ids.first(doc).unwrap_or_default();
                *sums.entry(id).or_insert(0.0) += score;
                doc = postings.advance();
            }
        }
    }
    Ok(sums
        .into_iter()
        .map(|(id, s)| (id, (s * 1000.0).round() as u32))
        .filter(|(_, q)| *q > 0)
        .collect())
}

/// Every key indexed in any text field.
pub fn all_keys(searcher: &Searcher, fields: &Fields) -> tantivy::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for ((group, _), field) in &fields.text {
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(*field)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                if let Ok(t) = std::str::from_utf8(stream.key()) {
                    out.insert(key(*group, t));
                }
            }
        }
    }
    Ok(out)
}

/// Display data and facets of every document, by id, read back from the index.
pub fn stored_docs(
    searcher: &Searcher,
    fields: &Fields,
) -> tantivy::Result<BTreeMap<u64, (Display, Vec<String>)>> {
    let mut out = BTreeMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in 0..segment.max_doc() {
            let d: TantivyDocument = searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
            let id = d
                .get_first(fields.id)
                .and_then(|v| v.as_u64())
                .unwrap_or_default();
            let display: Display = d
                .get_first(fields.display)
                .and_then(|v| v.as_str())
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or_default();
            let facets = d
                .get_all(fields.facet)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            out.insert(id, (display, facets));
        }
    }
    Ok(out)
}
