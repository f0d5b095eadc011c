//! The tantivy index of one language, its vocabulary of surface forms, and impacts.

use super::analysis::{analyse, analyzer, analyzer_name, fold, raw_tokenizer};
use super::{Display, Group, SearchDoc, fields as group_fields};
use std::collections::{BTreeMap, HashMap};
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
        for &(name, _) in group_fields(*group) {
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

/// Build the index in `dir` (created empty by the caller); compounds of the page language are
/// split into words of its vocabulary `forms`.
pub fn write(
    dir: &Path,
    lang: &str,
    docs: &[SearchDoc],
    forms: &BTreeMap<String, Form>,
) -> tantivy::Result<(Index, Fields)> {
    let (schema, fields) = schema(lang);
    let index = Index::create_in_dir(dir, schema)?;
    let decompounder =
        super::compound::linking_elements(lang).map(|links| super::compound::Decompounder {
            words: std::sync::Arc::new(super::compound::part_words(forms, links)),
            links,
        });
    index.tokenizers().register(
        &analyzer_name(lang),
        super::analysis::analyzer_splitting(lang, decompounder),
    );
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
    /// A form while counting: its document frequency, the last document that counted, keys.
    struct Counting {
        df: u32,
        last_doc: usize,
        keys: Vec<String>,
    }
    let mut page = analyzer(lang);
    let mut english = analyzer("en");
    // Hash maps looked up by `&str` first: a token allocates only the first time it is seen
    // (this runs over every token of every language; BTreeMaps of owned keys made it the
    // slowest part of the search stage).
    let mut forms: HashMap<String, Counting> = HashMap::new();
    let mut analysed: [HashMap<String, Option<String>>; 2] = Default::default();
    let mut fold_table: BTreeMap<String, String> = BTreeMap::new();
    let mut tokenizer = raw_tokenizer();
    let mut folded = String::new();
    for (doc_no, d) in docs.iter().enumerate() {
        for ((group, _), text) in &d.text {
            let (cache, analyser) = match group {
                Group::Page => (&mut analysed[0], &mut page),
                Group::English => (&mut analysed[1], &mut english),
            };
            let mut stream = tokenizer.token_stream(text);
            while stream.advance() {
                let raw = stream.token().text.as_str();
                // tantivy's ASCII folding maps each character on its own, so folding through
                // a per-character table gives the same form, without an analyzer per token.
                let form: &str = if raw.is_ascii() {
                    raw
                } else {
                    folded.clear();
                    for c in raw.chars() {
                        if c.is_ascii() {
                            folded.push(c);
                        } else {
                            let k = c.to_string();
                            folded.push_str(fold_table.entry(k).or_insert_with_key(|k| fold(k)));
                        }
                    }
                    &folded
                };
                if !cache.contains_key(raw) {
                    let term = analyse(analyser, raw).into_iter().next();
                    cache.insert(raw.to_string(), term);
                }
                let term = &cache[raw];
                let entry = match forms.get_mut(form) {
                    Some(e) => e,
                    None => forms.entry(form.to_string()).or_insert(Counting {
                        df: 0,
                        last_doc: usize::MAX,
                        keys: Vec::new(),
                    }),
                };
                if let Some(t) = term {
                    let known = entry.keys.iter().any(|k| match group {
                        Group::Page => k == t,
                        Group::English => k.strip_prefix('~') == Some(t.as_str()),
                    });
                    if !known {
                        entry.keys.push(key(*group, t));
                    }
                }
                if entry.last_doc != doc_no {
                    entry.last_doc = doc_no;
                    entry.df += 1;
                }
            }
        }
    }
    let forms = forms
        .into_iter()
        .map(|(f, mut c)| {
            c.keys.sort();
            (
                f,
                Form {
                    df: c.df,
                    keys: c.keys,
                },
            )
        })
        .collect();
    (forms, fold_table)
}

/// Reads per-document impacts of keys from an index: `round(1000 * sum over the group's
/// fields of tantivy's BM25 score)`, by doc id, fields added in the fixed order of
/// [`super::FIELDS`].
///
/// The export asks this for every key of the vocabulary, so what does not depend on the key
/// is read once: segment readers, fieldnorms, the id column, and tantivy's `Bm25Weight`s,
/// which depend on the key only through its document frequency (building one computes a
/// 256-entry table; per key and field that was most of the export's time).
pub struct ImpactReader<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    segments: Vec<SegmentParts>,
    /// Field -> (documents, average field length), as `Bm25Weight::for_terms` computes them.
    stats: HashMap<Field, (u64, f32)>,
    weights: std::sync::Mutex<HashMap<(Field, u64), Bm25Weight>>,
}

struct SegmentParts {
    ids: tantivy::columnar::Column<u64>,
    norms: HashMap<Field, tantivy::fieldnorm::FieldNormReader>,
}

impl<'a> ImpactReader<'a> {
    pub fn new(searcher: &'a Searcher, fields: &'a Fields) -> tantivy::Result<Self> {
        use tantivy::query::Bm25StatisticsProvider;
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            let mut norms = HashMap::new();
            for field in fields.text.values() {
                norms.insert(*field, segment.get_fieldnorms_reader(*field)?);
            }
            segments.push(SegmentParts {
                ids: segment.fast_fields().u64("id")?,
                norms,
            });
        }
        let mut stats = HashMap::new();
        for field in fields.text.values() {
            let docs = searcher.total_num_docs()?;
            let tokens = searcher.total_num_tokens(*field)?;
            stats.insert(*field, (docs, tokens as f32 / docs as f32));
        }
        Ok(ImpactReader {
            searcher,
            fields,
            segments,
            stats,
            weights: Default::default(),
        })
    }

    /// Equal to `Bm25Weight::for_terms(searcher, &[term]).boost_by(boost)`.
    fn weight(&self, field: Field, doc_freq: u64, boost: f32) -> Bm25Weight {
        let mut weights = self.weights.lock().unwrap_or_else(|e| e.into_inner());
        weights
            .entry((field, doc_freq))
            .or_insert_with(|| {
                let (docs, avg) = self.stats[&field];
                Bm25Weight::for_one_term_without_explain(doc_freq, docs, avg).boost_by(boost)
            })
            .clone()
    }

    pub fn impacts(&self, key: &str) -> tantivy::Result<BTreeMap<u64, u32>> {
        let (group, term) = split_key(key);
        let mut sums: HashMap<u64, f32> = HashMap::new();
        for &(name, boost) in group_fields(group) {
            let Some(field) = self.fields.text.get(&(group, name)) else {
                continue;
            };
            let t = Term::from_field_text(*field, term);
            let doc_freq = self.searcher.doc_freq(&t)?;
            if doc_freq == 0 {
                continue;
            }
            let weight = self.weight(*field, doc_freq, boost);
            for (segment, parts) in self.searcher.segment_readers().iter().zip(&self.segments) {
                let inverted = segment.inverted_index(*field)?;
                let Some(mut postings) =
                    inverted.read_postings(&t, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                let norms = &parts.norms[field];
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    let score = weight.score(norms.fieldnorm_id(doc), postings.term_freq());
                    let id = parts.ids.first(doc).unwrap_or_default();
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
}

/// Every key of an index: the terms of its text fields, `~`-prefixed for the English group.
pub fn keys(
    searcher: &Searcher,
    fields: &Fields,
) -> tantivy::Result<std::collections::BTreeSet<String>> {
    let mut out = std::collections::BTreeSet::new();
    for ((group, _), field) in &fields.text {
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(*field)?;
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                if let Ok(t) = std::str::from_utf8(terms.key()) {
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
