//! Search: a tantivy index per language (the ground truth, queried by `showcase search`) and
//! a static client index exported from it (queried by the browser). Both rank with the
//! integer arithmetic described in `docs/search-format.md`, so they agree.

pub mod analysis;
pub mod export;
pub mod index;
pub mod query;

use crate::markdown::plain_text;
use crate::model::*;
use crate::render::kinds::cluster::label_name;
use crate::routes;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Text fields and their boosts: a match in a name or title ranks above one in a body.
pub const FIELDS: [(&str, f32); 4] = [
    ("title", 3.0),
    ("summary", 1.5),
    ("terms", 1.5),
    ("body", 1.0),
];

/// Which analyzer a text went through: the page language's, or English for fallback text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Page,
    English,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Display {
    pub title: String,
    pub url: String,
    pub kind: String,
    pub summary: String,
    /// Language of the title and summary (`en` where they fall back).
    pub lang: String,
}

pub struct SearchDoc {
    pub id: u64,
    pub text: BTreeMap<(Group, &'static str), String>,
    pub display: Display,
    /// `kind:cluster`, `sector:maritime`, `region:west`, `label:eucles-gold`.
    pub facets: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub kind: Option<String>,
    pub sector: Option<String>,
    pub region: Option<String>,
    pub label: Option<String>,
}

impl Filters {
    pub fn required(&self) -> Vec<String> {
        [
            ("kind", &self.kind),
            ("sector", &self.sector),
            ("region", &self.region),
            ("label", &self.label),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}:{v}")))
        .collect()
    }
}

/// Collects a record's text into the two groups, field by field.
struct DocText<'a> {
    lang: &'a str,
    text: BTreeMap<(Group, &'static str), String>,
}

impl<'a> DocText<'a> {
    /// A record's text: its title, summary and (Markdown) body.
    fn new(lang: &'a str, title: &Text, summary: Option<&Text>, body: Option<&Text>) -> Self {
        let mut dt = DocText {
            lang,
            text: BTreeMap::new(),
        };
        dt.add("title", title, false);
        if let Some(s) = summary {
            dt.add("summary", s, false);
        }
        if let Some(b) = body {
            dt.add("body", b, true);
        }
        dt
    }
    fn add(&mut self, field: &'static str, t: &Text, markdown: bool) {
        let r = t.resolve(self.lang);
        if r.text.is_empty() {
            return;
        }
        let group = if r.fallback {
            Group::English
        } else {
            Group::Page
        };
        let s = if markdown {
            plain_text(r.text, usize::MAX)
        } else {
            r.text.to_string()
        };
        let e = self.text.entry((group, field)).or_default();
        if !e.is_empty() {
            e.push(' ');
        }
        e.push_str(&s);
    }
    /// The labels of `terms` of a vocabulary as search terms; with `facet`, each term is
    /// also a facet value (`sector:maritime`) of the document.
    fn add_terms(
        &mut self,
        tax: &Taxonomies,
        vocabulary: &str,
        terms: &[String],
        facet: Option<&str>,
        facets: &mut Vec<String>,
    ) {
        for term in terms {
            if let Some(t) = tax.term(vocabulary, term) {
                self.add("terms", t, false);
            }
            if let Some(f) = facet {
                facets.push(format!("{f}:{term}"));
            }
        }
    }
    /// A translatable list (competences), as one text in its group.
    fn add_list(&mut self, field: &'static str, list: &TextList) {
        let (items, fallback) = list.resolve(self.lang);
        if items.is_empty() {
            return;
        }
        let group = if fallback {
            Group::English
        } else {
            Group::Page
        };
        let e = self.text.entry((group, field)).or_default();
        if !e.is_empty() {
            e.push(' ');
        }
        e.push_str(&items.join(", "));
    }
    fn add_plain(&mut self, field: &'static str, s: &str) {
        self.add(field, &Text::english(s), false);
        // Language-neutral words (acronyms, city names) belong to the page language group.
        if let Some(v) = self.text.remove(&(Group::English, field)) {
            let e = self.text.entry((Group::Page, field)).or_default();
            if !e.is_empty() {
                e.push(' ');
            }
            e.push_str(&v);
        }
    }
}

fn summary_of(t: &Text, lang: &str) -> String {
    plain_text(t.resolve(lang).text, 160)
}

/// One search document per record, for one language; ids are the same in every language.
pub fn documents(site: &Site, lang: &str, strings: &BTreeMap<String, String>) -> Vec<SearchDoc> {
    let ui = |key: &str, default: &str| {
        strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let mut docs = Vec::new();
    // Results link their pages as pages do: under the path the site is served from.
    let base = routes::base_path(&site.config.base_url);
    let mut push = |kind: &str,
                    title: &Text,
                    url: String,
                    summary: String,
                    dt: DocText,
                    facets: Vec<String>| {
        let r = title.resolve(lang);
        let mut f = vec![format!("kind:{kind}")];
        f.extend(facets);
        docs.push(SearchDoc {
            id: docs.len() as u64,
            text: dt.text,
            display: Display {
                title: r.text.to_string(),
                url: routes::href(base, &url),
                kind: kind.to_string(),
                summary,
                lang: r.lang,
            },
            facets: f,
        });
    };
    let tax = &site.taxonomies;
    for c in &site.clusters {
        let mut dt = DocText {
            lang,
            text: BTreeMap::new(),
        };
        dt.add("title", &c.name, false);
        if let Some(a) = &c.acronym {
            dt.add_plain("title", a);
        }
        dt.add("summary", &c.summary, false);
        dt.add("body", &c.body, true);
        dt.add_plain("terms", &ui("kind_cluster", "Cluster"));
        let mut facets = Vec::new();
        dt.add_terms(tax, SECTORS, &c.sectors, Some("sector"), &mut facets);
        dt.add_terms(tax, TECHNOLOGIES, &c.technologies, None, &mut facets);
        let region: Vec<String> = c.region.iter().cloned().collect();
        dt.add_terms(tax, REGIONS, &region, Some("region"), &mut facets);
        let lang_ref = crate::render::lang::Lang::new(lang, strings, site);
        for l in c.labels.iter().filter(|l| l.is_current(site.build_date)) {
            dt.add_plain("terms", &label_name(&lang_ref, &l.scheme));
            facets.push(format!("label:{}", l.scheme));
        }
        push(
            "cluster",
            &c.name,
            routes::cluster(lang, &c.slug),
            summary_of(&c.summary, lang),
            dt,
            facets,
        );
    }
    for e in &site.events {
        let mut dt = DocText::new(lang, &e.title, Some(&e.summary), e.body.as_ref());
        dt.add_plain(
            "terms",
            &ui(
                &format!("kind_event_{}", e.kind.as_str().replace('-', "_")),
                e.kind.as_str(),
            ),
        );
        if let Some(city) = e.venue.as_ref().and_then(|v| v.city.as_ref()) {
            dt.add_plain("terms", city);
        }
        push(
            "event",
            &e.title,
            routes::event(lang, &e.slug),
            summary_of(&e.summary, lang),
            dt,
            Vec::new(),
        );
    }
    for n in &site.news {
        let mut dt = DocText::new(lang, &n.title, Some(&n.summary), n.body.as_ref());
        dt.add_plain(
            "terms",
            &ui(
                &format!("kind_news_{}", n.kind.as_str().replace('-', "_")),
                n.kind.as_str(),
            ),
        );
        let mut facets = Vec::new();
        dt.add_terms(tax, SECTORS, &n.sectors, Some("sector"), &mut facets);
        push(
            "news",
            &n.title,
            routes::news(lang, &n.slug),
            summary_of(&n.summary, lang),
            dt,
            facets,
        );
    }
    for d in &site.documents {
        let mut dt = DocText {
            lang,
            text: BTreeMap::new(),
        };
        dt.add("title", &d.title, false);
        if let Some(desc) = &d.description {
            dt.add("summary", desc, false);
        }
        dt.add_plain(
            "terms",
            &ui(&format!("kind_document_{}", d.kind), d.kind.as_str()),
        );
        let summary = d
            .description
            .as_ref()
            .map(|t| summary_of(t, lang))
            .unwrap_or_default();
        push(
            "document",
            &d.title,
            routes::document(lang, &d.slug),
            summary,
            dt,
            Vec::new(),
        );
    }
    for b in &site.brand {
        let mut dt = DocText {
            lang,
            text: BTreeMap::new(),
        };
        dt.add("title", &b.name, false);
        if let Some(alt) = &b.alt {
            dt.add("summary", alt, false);
        }
        if let Some(u) = &b.usage {
            dt.add("body", u, true);
        }
        dt.add_plain(
            "terms",
            &ui(
                &format!("kind_brand_{}", b.kind.as_str().replace('-', "_")),
                b.kind.as_str(),
            ),
        );
        let summary = b
            .alt
            .as_ref()
            .map(|t| summary_of(t, lang))
            .unwrap_or_default();
        push(
            "brand",
            &b.name,
            routes::brand_asset(lang, &b.slug),
            summary,
            dt,
            Vec::new(),
        );
    }
    for p in &site.pages {
        let mut dt = DocText {
            lang,
            text: BTreeMap::new(),
        };
        dt.add("title", &p.title, false);
        if let Some(d) = &p.description {
            dt.add("summary", d, false);
        }
        dt.add("body", &p.body, true);
        push(
            "page",
            &p.title,
            routes::page(lang, &p.slug),
            summary_of(&p.body, lang),
            dt,
            Vec::new(),
        );
    }
    for o in &site.organisations {
        let mut dt = DocText::new(lang, &o.name, Some(&o.summary), o.body.as_ref());
        dt.add_list("terms", &o.competences);
        let kind = o.kind.as_str();
        dt.add_plain("terms", &ui(&format!("kind_org_{kind}"), kind));
        if let Some(city) = &o.city {
            dt.add_plain("terms", city);
        }
        // The country as the page's language names it: "Norwegen" finds Norwegian members.
        dt.add_plain("terms", &crate::cldr::territory_name(lang, &o.country));
        let mut facets = Vec::new();
        dt.add_terms(tax, SECTORS, &o.sectors, Some("sector"), &mut facets);
        dt.add_terms(tax, TECHNOLOGIES, &o.technologies, None, &mut facets);
        let region: Vec<String> = o.region.iter().cloned().collect();
        dt.add_terms(tax, REGIONS, &region, Some("region"), &mut facets);
        push(
            "organisation",
            &o.name,
            routes::organisation_in(site, lang, o),
            summary_of(&o.summary, lang),
            dt,
            facets,
        );
    }
    for c in &site.calls {
        let mut dt = DocText::new(lang, &c.title, Some(&c.summary), c.body.as_ref());
        if let Some(e) = &c.eligibility {
            dt.add("body", e, true);
        }
        dt.add_plain("terms", &c.funder);
        let kind = c.kind.as_str();
        dt.add_plain("terms", &ui(&format!("kind_call_{kind}"), kind));
        let mut facets = Vec::new();
        dt.add_terms(tax, SECTORS, &c.sectors, Some("sector"), &mut facets);
        push(
            "call",
            &c.title,
            routes::call(lang, &c.slug),
            summary_of(&c.summary, lang),
            dt,
            facets,
        );
    }
    // Expired requests leave the site's search, as they leave its lists.
    for c in site
        .cooperation
        .iter()
        .filter(|c| !c.expired(site.build_date))
    {
        let mut dt = DocText::new(lang, &c.title, Some(&c.summary), c.body.as_ref());
        let (direction, topic) = (c.direction.as_str(), c.topic.as_str());
        dt.add_plain("terms", &ui(&format!("direction_{direction}"), direction));
        dt.add_plain(
            "terms",
            &ui(&format!("topic_{}", topic.replace('-', "_")), topic),
        );
        let mut facets = Vec::new();
        dt.add_terms(tax, SECTORS, &c.sectors, Some("sector"), &mut facets);
        dt.add_terms(tax, TECHNOLOGIES, &c.technologies, None, &mut facets);
        push(
            "cooperation",
            &c.title,
            routes::cooperation(lang, &c.slug),
            summary_of(&c.summary, lang),
            dt,
            facets,
        );
    }
    // Ids follow URL order (the same in every language: only the prefix differs), so ties,
    // which both sides break by URL, can be broken by id without any display data.
    docs.sort_by(|a, b| a.display.url.cmp(&b.display.url));
    for (i, d) in docs.iter_mut().enumerate() {
        d.id = i as u64;
    }
    docs
}

/// Labels of facet values in the page language, for the search page's filters.
pub fn facet_labels(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let l = crate::render::lang::Lang::new(lang, strings, site);
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (facet, vocab) in [("sector", SECTORS), ("region", REGIONS)] {
        for (term, labels) in site.taxonomies.terms(vocab) {
            out.entry(facet.into())
                .or_default()
                .insert(term.clone(), labels.resolve(lang).text.to_string());
        }
    }
    for c in &site.clusters {
        for lb in &c.labels {
            out.entry("label".into())
                .or_default()
                .insert(lb.scheme.clone(), label_name(&l, &lb.scheme));
        }
    }
    out
}

/// Index every language into `index_root/<lang>/` and return the client files
/// (paths relative to the site root).
pub fn build(
    site: &Site,
    theme: &crate::render::theme::Theme,
    index_root: &std::path::Path,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    build_into(site, theme, index_root, &mut |path, bytes| {
        out.push((path, bytes));
        Ok(())
    })?;
    Ok(out)
}

/// Index every language into `index_root/<lang>/`, handing each language's client files
/// (paths relative to the site root) to `write` as soon as they are made. One language at
/// a time: a build makes the index beside the pages, which keep both cores busy, and four
/// languages' documents, writers and client files at once cost a programme of 50,000
/// organisations over half a gigabyte more memory, for no gain in time.
pub fn build_into(
    site: &Site,
    theme: &crate::render::theme::Theme,
    index_root: &std::path::Path,
    write: &mut dyn FnMut(String, Vec<u8>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    for lang in &site.config.languages {
        let strings = crate::render::theme::strings_for(theme, lang);
        let docs = documents(site, lang, &strings);
        let dir = index_root.join(lang);
        std::fs::create_dir_all(&dir)?;
        let (idx, fields) = index::write(&dir, lang, &docs)?;
        let (forms, fold) = index::vocabulary(lang, &docs);
        let vocab = serde_json::json!({"forms": forms, "fold": fold});
        std::fs::write(dir.join(VOCABULARY_FILE), serde_json::to_vec(&vocab)?)?;
        let searcher = index::reader(&idx)?.searcher();
        let labels = facet_labels(site, lang, &strings);
        let client = export::client_index(lang, &forms, &fold, &searcher, &fields, &docs, &labels)?;
        drop(docs);
        for (p, b) in client.files {
            write(format!("{}{p}", files_folder(lang)), b)?;
        }
    }
    Ok(())
}

/// The folder of the output that holds a language's search files.
pub fn files_folder(lang: &str) -> String {
    format!("search/{lang}/")
}

/// Vocabulary of surface forms beside each tantivy index (read by `showcase search`).
pub const VOCABULARY_FILE: &str = "vocabulary.json";

#[derive(Debug, Serialize)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub lang: String,
    pub score: f64,
    /// Language of the title (`en` where the record has no text in `lang`).
    pub text_lang: String,
}

/// Answer a query from the tantivy index of one language.
pub fn search(
    index_root: &std::path::Path,
    lang: &str,
    q: &str,
    filters: &Filters,
    limit: usize,
) -> anyhow::Result<Vec<Hit>> {
    #[derive(Deserialize)]
    struct Vocabulary {
        forms: BTreeMap<String, index::Form>,
        fold: BTreeMap<String, String>,
    }
    let dir = index_root.join(lang);
    let vocab: Vocabulary =
        serde_json::from_slice(&std::fs::read(dir.join(VOCABULARY_FILE)).map_err(|e| {
            anyhow::anyhow!(
                "no search index for `{lang}` in {} ({e}); run `showcase build` first",
                index_root.display()
            )
        })?)?;
    let (idx, fields) = index::open(&dir, lang)?;
    let searcher = index::reader(&idx)?.searcher();
    let stored = index::stored_docs(&searcher, &fields)?;
    let words = query::words(q, &vocab.fold);
    let required = filters.required();
    let passes = |facets: &Vec<String>| required.iter().all(|r| facets.contains(r));
    let mut ranked: Vec<(u64, u64)> = if words.is_empty() {
        stored
            .iter()
            .filter(|(_, (_, f))| passes(f))
            .map(|(id, _)| (*id, 0))
            .collect()
    } else {
        let reader = index::ImpactReader::new(&searcher, &fields)?;
        let lookup = |k: &str| reader.impacts(k).unwrap_or_default();
        let postings = |k: &str| lookup(k).len();
        let expansions = query::without_common_words(
            query::expand(&vocab.forms, &words),
            &postings,
            stored.len(),
        );
        query::score(&expansions, &lookup)
            .into_iter()
            .filter(|(id, s)| *s > 0 && stored.get(id).is_some_and(|(_, f)| passes(f)))
            .collect()
    };
    let url = |id: &u64| stored.get(id).map(|(d, _)| d.url.as_str()).unwrap_or("");
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| url(&a.0).cmp(url(&b.0))));
    Ok(ranked
        .into_iter()
        .take(limit)
        .filter_map(|(id, s)| {
            let (d, _) = stored.get(&id)?;
            Some(Hit {
                url: d.url.clone(),
                title: d.title.clone(),
                kind: d.kind.clone(),
                lang: lang.to_string(),
                score: s as f64 / query::SCORE_SCALE,
                text_lang: d.lang.clone(),
            })
        })
        .collect())
}
