//! Search: a tantivy index per language (the ground truth, queried by `showcase search`) and
//! a static client index exported from it (queried by the browser). Both rank with the
//! integer arithmetic described in `docs/search-format.md`, so they agree.

pub mod analysis;
pub mod compound;
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

/// Text fields and their boosts: a match in a name or title ranks above one in a body. The
/// last two are the English group's only: the English name (`alt_title`) and summary (`alt`)
/// of a record that has them in the page's language too, each ranked below the same match in
/// that language. A record's English name typed on another site ("Arctic Seafood Cluster" on
/// /nb/) is its name all the same: it ranks near a title match, above records that only
/// mention the words (at the summary's 0.5, the name lost to every English fallback text).
///
/// `place` holds where the record itself is (its city, venue, region and country), apart from
/// the long `terms`: "Danemark" on /fr/ finds the cluster seated in Denmark before the
/// cooperation requests that seek partners there among much else.
pub const FIELDS: [(&str, f32); 7] = [
    ("title", 3.0),
    ("summary", 1.5),
    ("terms", 1.5),
    ("place", 1.5),
    ("body", 1.0),
    ("alt_title", 2.5),
    ("alt", 0.5),
];

/// The fields of a group, with their boosts (the page language's group has no `alt`).
pub fn fields(group: Group) -> &'static [(&'static str, f32)] {
    match group {
        Group::Page => &FIELDS[..5],
        Group::English => &FIELDS,
    }
}

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
    /// Language of the summary (of the title where there is none): `en` where it falls back.
    /// A record's name is often the same in every language; its summary says whether the
    /// visitor reads their language or the English fallback.
    pub lang: String,
    /// The date a result shows, `YYYY-MM-DD`: an event's first day, a news item's publication,
    /// a call's deadline (empty for other kinds).
    #[serde(default)]
    pub date: String,
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
    /// The record's region: its label as search terms (a place the record is in) and a
    /// facet value (`region:west`).
    fn add_region(&mut self, tax: &Taxonomies, region: Option<&String>, facets: &mut Vec<String>) {
        if let Some(term) = region {
            if let Some(t) = tax.term(REGIONS, term) {
                self.add("place", t, false);
            }
            facets.push(format!("region:{term}"));
        }
    }
    /// The labels of the technologies a record names itself ("Hydrogen" for a call tagged
    /// with it): specific terms it carries, unlike its sectors' broad labels.
    fn add_technologies(&mut self, tax: &Taxonomies, terms: &[String]) {
        for term in terms {
            if let Some(t) = tax.term(TECHNOLOGIES, term) {
                self.add("terms", t, false);
            }
        }
    }
    /// A country as the page's language names it ("Norwegen" finds what is in Norway): where
    /// the record is (`place`), or countries it names (`terms`: a call's, a request's).
    fn add_country(&mut self, field: &'static str, code: &str) {
        self.add_plain(field, &crate::cldr::territory_name(self.lang, code));
    }
    /// A contact person's name.
    fn add_contact(&mut self, contact: Option<&Contact>) {
        if let Some(name) = contact.and_then(|c| c.name.as_deref()) {
            self.add_plain("terms", name);
        }
    }
    /// The English text of a field the record has in the page's language too (the English
    /// group holds fallback text already), in one of the English group's own fields
    /// (`alt_title` for a name, `alt` for a summary): a visitor may search a record by its
    /// English name or summary on any site.
    fn add_english(&mut self, field: &'static str, t: &Text) {
        if self.lang == "en" {
            return;
        }
        let (Some(page), Some(english)) = (t.get(self.lang), t.get("en")) else {
            return;
        };
        if page == english || english.is_empty() {
            return;
        }
        let e = self.text.entry((Group::English, field)).or_default();
        if !e.is_empty() {
            e.push(' ');
        }
        e.push_str(english);
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

/// `sector:maritime`: a record's sectors are facets, not text (a sector's label names
/// neighbouring fields the record need not be in: "Energy: offshore wind, hydrogen and grids").
fn sector_facets(sectors: &[String]) -> Vec<String> {
    sectors.iter().map(|s| format!("sector:{s}")).collect()
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
                    summary: Option<&Text>,
                    date: Option<chrono::NaiveDate>,
                    dt: DocText,
                    facets: Vec<String>| {
        let r = title.resolve(lang);
        // The summary's language tells a fallback apart: a name is often the same everywhere.
        let s = summary
            .map(|t| t.resolve(lang))
            .filter(|s| !s.text.is_empty());
        let mut f = vec![format!("kind:{kind}")];
        f.extend(facets);
        docs.push(SearchDoc {
            id: docs.len() as u64,
            text: dt.text,
            display: Display {
                title: r.text.to_string(),
                url: routes::href(base, &url),
                kind: kind.to_string(),
                summary: s
                    .as_ref()
                    .map(|s| plain_text(s.text, 160))
                    .unwrap_or_default(),
                lang: s.map_or(r.lang, |s| s.lang),
                date: date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
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
        dt.add_english("alt_title", &c.name);
        dt.add_english("alt", &c.summary);
        dt.add_plain("terms", &ui("kind_cluster", "Cluster"));
        dt.add_contact(Some(&c.contact));
        dt.add_country("place", &c.country);
        dt.add_technologies(tax, &c.technologies);
        let mut facets = sector_facets(&c.sectors);
        dt.add_region(tax, c.region.as_ref(), &mut facets);
        let lang_ref = crate::render::lang::Lang::new(lang, strings, site);
        for l in c.labels.iter().filter(|l| l.is_current(site.build_date)) {
            dt.add_plain("terms", &label_name(&lang_ref, &l.scheme));
            facets.push(format!("label:{}", l.scheme));
        }
        push(
            "cluster",
            &c.name,
            routes::cluster(lang, &c.slug),
            Some(&c.summary),
            None,
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
        if let Some(v) = &e.venue {
            for place in [&v.name, &v.city].into_iter().flatten() {
                dt.add_plain("place", place);
            }
            if let Some(country) = &v.country {
                dt.add_country("place", country);
            }
        }
        dt.add_english("alt_title", &e.title);
        dt.add_english("alt", &e.summary);
        push(
            "event",
            &e.title,
            routes::event(lang, &e.slug),
            Some(&e.summary),
            Some(e.schedule.first_day()),
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
        dt.add_english("alt_title", &n.title);
        dt.add_english("alt", &n.summary);
        push(
            "news",
            &n.title,
            routes::news(lang, &n.slug),
            Some(&n.summary),
            Some(n.published),
            dt,
            sector_facets(&n.sectors),
        );
    }
    for d in &site.documents {
        let mut dt = DocText {
            lang,
            text: BTreeMap::new(),
        };
        dt.add("title", &d.title, false);
        dt.add_english("alt_title", &d.title);
        if let Some(desc) = &d.description {
            dt.add("summary", desc, false);
            dt.add_english("alt", desc);
        }
        dt.add_plain(
            "terms",
            &ui(&format!("kind_document_{}", d.kind), d.kind.as_str()),
        );
        push(
            "document",
            &d.title,
            routes::document(lang, &d.slug),
            d.description.as_ref(),
            None,
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
        dt.add_english("alt_title", &b.name);
        if let Some(alt) = &b.alt {
            dt.add("summary", alt, false);
            dt.add_english("alt", alt);
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
        push(
            "brand",
            &b.name,
            routes::brand_asset(lang, &b.slug),
            b.alt.as_ref(),
            None,
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
        dt.add_english("alt_title", &p.title);
        if let Some(d) = &p.description {
            dt.add("summary", d, false);
            dt.add_english("alt", d);
        }
        dt.add("body", &p.body, true);
        push(
            "page",
            &p.title,
            routes::page(lang, &p.slug),
            Some(&p.body),
            None,
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
            dt.add_plain("place", city);
        }
        dt.add_country("place", &o.country);
        dt.add_contact(o.contact.as_ref());
        dt.add_english("alt_title", &o.name);
        dt.add_english("alt", &o.summary);
        dt.add_technologies(tax, &o.technologies);
        let mut facets = sector_facets(&o.sectors);
        dt.add_region(tax, o.region.as_ref(), &mut facets);
        push(
            "organisation",
            &o.name,
            routes::organisation_in(site, lang, o),
            Some(&o.summary),
            None,
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
        for country in &c.countries {
            dt.add_country("terms", country);
        }
        dt.add_technologies(tax, &c.technologies);
        dt.add_english("alt_title", &c.title);
        dt.add_english("alt", &c.summary);
        push(
            "call",
            &c.title,
            routes::call(lang, &c.slug),
            Some(&c.summary),
            Some(c.zone.to_local(c.deadline).0.date()),
            dt,
            sector_facets(&c.sectors),
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
        for country in &c.countries {
            dt.add_country("terms", country);
        }
        dt.add_technologies(tax, &c.technologies);
        dt.add_contact(Some(&c.contact));
        dt.add_english("alt_title", &c.title);
        dt.add_english("alt", &c.summary);
        push(
            "cooperation",
            &c.title,
            routes::cooperation(lang, &c.slug),
            Some(&c.summary),
            None,
            dt,
            sector_facets(&c.sectors),
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
        let (forms, fold) = index::vocabulary(lang, &docs);
        let (idx, fields) = index::write(&dir, lang, &docs, &forms)?;
        let vocab = serde_json::json!({
            "forms": forms, "fold": fold, "languages": site.config.languages,
        });
        std::fs::write(dir.join(VOCABULARY_FILE), serde_json::to_vec(&vocab)?)?;
        let searcher = index::reader(&idx)?.searcher();
        let labels = facet_labels(site, lang, &strings);
        let client = export::client_index(
            lang,
            &site.config.languages,
            &forms,
            &fold,
            &searcher,
            &fields,
            &docs,
            &labels,
        )?;
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

/// What `showcase search` reads of one language: the vocabulary beside its tantivy index
/// (surface forms, fold table, the site's languages) and the index.
struct LanguageIndex {
    lang: String,
    vocabulary: StoredVocabulary,
    searcher: tantivy::Searcher,
    fields: index::Fields,
    /// First characters of its forms: keys starting otherwise are not reachable by text.
    firsts: std::collections::BTreeSet<char>,
    /// Display data and facets by document id.
    stored: BTreeMap<u64, (Display, Vec<String>)>,
    /// The Bloom filter compounds typed in a query are split by.
    lexicon: compound::Lexicon,
}

#[derive(Deserialize)]
struct StoredVocabulary {
    forms: BTreeMap<String, index::Form>,
    fold: BTreeMap<String, String>,
    #[serde(default)]
    languages: Vec<String>,
}

impl LanguageIndex {
    fn open(index_root: &std::path::Path, lang: &str) -> anyhow::Result<Self> {
        let dir = index_root.join(lang);
        let bytes = std::fs::read(dir.join(VOCABULARY_FILE)).map_err(|e| {
            anyhow::anyhow!(
                "no search index for `{lang}` in {} ({e}); run `showcase build` first",
                index_root.display()
            )
        })?;
        let vocabulary: StoredVocabulary = serde_json::from_slice(&bytes)?;
        let (idx, fields) = index::open(&dir, lang)?;
        let searcher = index::reader(&idx)?.searcher();
        let firsts = vocabulary
            .forms
            .keys()
            .filter_map(|f| f.chars().next())
            .collect();
        let stored = index::stored_docs(&searcher, &fields)?;
        let words = compound::typed_part_words(&vocabulary.forms, lang);
        let lexicon = compound::Lexicon::new(words.iter().map(String::as_str));
        Ok(LanguageIndex {
            lang: lang.to_string(),
            vocabulary,
            searcher,
            fields,
            firsts,
            stored,
            lexicon,
        })
    }

    /// Opened once per process (`showcase search --batch` answers thousands of queries), and
    /// again when a build has rewritten it meanwhile.
    fn cached(index_root: &std::path::Path, lang: &str) -> anyhow::Result<std::sync::Arc<Self>> {
        type Key = (std::path::PathBuf, String, Option<std::time::SystemTime>);
        type Cache =
            std::sync::Mutex<std::collections::HashMap<Key, std::sync::Arc<LanguageIndex>>>;
        static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
        let written = std::fs::metadata(index_root.join(lang).join(VOCABULARY_FILE))
            .and_then(|m| m.modified())
            .ok();
        let key = (index_root.to_path_buf(), lang.to_string(), written);
        let cache = CACHE.get_or_init(Default::default);
        if let Some(i) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(i.clone());
        }
        let opened = std::sync::Arc::new(Self::open(index_root, lang)?);
        cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, opened.clone());
        Ok(opened)
    }

    fn reachable(&self, key: &str) -> bool {
        export::reachable_by_text(key, &self.firsts)
    }
}

/// Vocabulary of surface forms beside each tantivy index (read by `showcase search`).
pub const VOCABULARY_FILE: &str = "vocabulary.json";

#[derive(Debug, Serialize)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub lang: String,
    /// The weighted impacts summed over the words (without the bonus per matched word).
    pub score: f64,
    /// How many of the query's words the record matches.
    pub words: u64,
    /// Language of the title (`en` where the record has no text in `lang`).
    pub text_lang: String,
}

/// The answer to a query: ranked hits, and what the results page says about the words.
#[derive(Debug, Default, Serialize)]
pub struct Answer {
    pub results: Vec<Hit>,
    /// `[typed, used]`: words found only through a near spelling.
    pub corrected: Vec<(String, String)>,
    /// Words that match nothing.
    pub unmatched: Vec<String>,
}

/// Answer a query from the tantivy index of one language.
pub fn search(
    index_root: &std::path::Path,
    lang: &str,
    q: &str,
    filters: &Filters,
    limit: usize,
) -> anyhow::Result<Answer> {
    let page = LanguageIndex::cached(index_root, lang)?;
    let (vocab, searcher, fields) = (&page.vocabulary, &page.searcher, &page.fields);
    let stored = &page.stored;
    // The site's other languages, for words of theirs (a German word on the English site).
    let others: Vec<std::sync::Arc<LanguageIndex>> = vocab
        .languages
        .iter()
        .filter(|l| *l != lang)
        .map(|l| LanguageIndex::cached(index_root, l))
        .collect::<anyhow::Result<_>>()?;
    let words = query::words(q, &vocab.fold);
    let required = filters.required();
    let passes = |facets: &Vec<String>| required.iter().all(|r| facets.contains(r));
    let mut answer = Answer::default();
    // The query's words as expanded, and how many count (common words left out).
    let mut expanded: Option<query::Expansion> = None;
    let mut counted = 0;
    let mut ranked: Vec<(u64, u64)> = if words.is_empty() {
        stored
            .iter()
            .filter(|(_, (_, f))| passes(f))
            .map(|(id, _)| (*id, 0))
            .collect()
    } else {
        let reader = index::ImpactReader::new(searcher, fields)?;
        let readers: Vec<index::ImpactReader> = others
            .iter()
            .map(|o| index::ImpactReader::new(&o.searcher, &o.fields))
            .collect::<tantivy::Result<_>>()?;
        // `@<lang>:<key>`: a key of another language's index (documents have the same ids).
        let lookup = |k: &str| match query::foreign_key(k) {
            Some((l, key)) => others
                .iter()
                .position(|o| o.lang == l)
                .and_then(|i| readers[i].impacts(key).ok())
                .unwrap_or_default(),
            None => reader.impacts(k).unwrap_or_default(),
        };
        let postings = |k: &str| lookup(k).len();
        let has_key = |k: &str| page.reachable(k) && !lookup(k).is_empty();
        let other_stemmers: Vec<_> = others.iter().map(|o| query::stemmer(&o.lang)).collect();
        // A word of another language: its form there, or its stem there, in the page group.
        let foreign = |w: &str| -> Vec<String> {
            for (o, stem) in others.iter().zip(&other_stemmers) {
                let keys: Vec<String> = match o.vocabulary.forms.get(w) {
                    Some(f) => f
                        .keys
                        .iter()
                        .filter(|k| !k.starts_with('~'))
                        .cloned()
                        .collect(),
                    None => {
                        let k = stem(w);
                        let i = others.iter().position(|x| x.lang == o.lang).unwrap_or(0);
                        let found =
                            o.reachable(&k) && readers[i].impacts(&k).is_ok_and(|p| !p.is_empty());
                        if found { vec![k] } else { Vec::new() }
                    }
                };
                if !keys.is_empty() {
                    return keys.iter().map(|k| format!("@{}:{k}", o.lang)).collect();
                }
            }
            Vec::new()
        };
        let stem_page = query::stemmer(lang);
        let stem_en = query::stemmer("en");
        let v = query::Vocabulary {
            forms: &vocab.forms,
            has_key: &has_key,
            stem_page: &stem_page,
            stem_english: (lang != "en").then_some(&stem_en as &dyn Fn(&str) -> String),
            compounds: Some((compound::typed_links(lang), &page.lexicon)),
            foreign: &foreign,
        };
        let mut expansion = query::expand(&v, &words);
        let keys = std::mem::take(&mut expansion.keys);
        let expansions = query::without_common_words(keys, &postings, stored.len());
        counted = expansions.len();
        expanded = Some(expansion);
        query::score(&expansions, &lookup)
            .into_iter()
            .filter(|(id, s)| *s > 0 && stored.get(id).is_some_and(|(_, f)| passes(f)))
            .collect()
    };
    let url = |id: &u64| stored.get(id).map(|(d, _)| d.url.as_str()).unwrap_or("");
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| url(&a.0).cmp(url(&b.0))));
    if let Some(expansion) = expanded {
        // The best result shown (as the browser knows it: its first result).
        let best = ranked
            .iter()
            .take(limit)
            .map(|(_, s)| s / query::WORD_MATCH)
            .max()
            .unwrap_or(0);
        answer.unmatched = query::unmatched_words(&expansion, best, counted);
        answer.corrected = expansion.corrected;
    }
    answer.results = ranked
        .into_iter()
        .take(limit)
        .filter_map(|(id, s)| {
            let (d, _) = stored.get(&id)?;
            Some(Hit {
                url: d.url.clone(),
                title: d.title.clone(),
                kind: d.kind.clone(),
                lang: lang.to_string(),
                score: (s % query::WORD_MATCH) as f64 / query::SCORE_SCALE,
                words: s / query::WORD_MATCH,
                text_lang: d.lang.clone(),
            })
        })
        .collect();
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::testing::site;

    const TAXONOMIES: &str = "[sectors]\n\
        energy = { en = \"Energy: offshore wind, hydrogen and grids\", de = \"Energie: Wasserstoff\" }\n\
        [technologies]\nai = { en = \"Artificial intelligence\" }\n\
        [regions]\nwest = { en = \"Western Fjords\", de = \"Westliche Fjorde\" }\n";

    /// Translated into German: name, summary and body.
    const TRANSLATED: &str = "name = { en = \"Ocean Lab\", de = \"Meereslabor\" }\n\
        acronym = \"OLB\"\n\
        summary = { en = \"Fish farming technology.\", de = \"Technik für die Fischzucht.\" }\n\
        body = { en = \"Body.\", de = \"Text.\" }\n\
        country = \"NO\"\nregion = \"west\"\nsectors = [\"energy\"]\ntechnologies = [\"ai\"]\n\
        website = \"https://oceanlab.example/\"\nupdated = 2026-01-01\n\
        [contact]\nname = \"Kari Nordmann\"\nemail = \"kari@oceanlab.example\"\n";

    /// English only: German pages show its English text.
    const FALLBACK: &str = "name = \"Salmon Works\"\nsummary = \"Salmon farming robots.\"\n\
        body = \"Body.\"\ncountry = \"NO\"\nsectors = [\"energy\"]\n\
        website = \"https://salmon.example/\"\nupdated = 2026-01-01\n\
        [contact]\nemail = \"post@salmon.example\"\n";

    const EVENT: &str = "title = \"Expo\"\nsummary = \"A fair.\"\nkind = \"workshop\"\n\
        start = 2027-03-12T09:00:00\nend = 2027-03-12T17:00:00\ntime_zone = \"Europe/Oslo\"\n\
        attendance = \"offline\"\norganisers = [\"programme\"]\n\
        venue = { name = \"Grieghallen\", city = \"Bergen\", country = \"DE\" }\n";

    fn documents_in(lang: &str) -> Vec<SearchDoc> {
        let (site, seen) = site(&[
            ("content/taxonomies.toml", TAXONOMIES),
            ("content/clusters/oceanlab.toml", TRANSLATED),
            ("content/clusters/salmon.toml", FALLBACK),
            ("content/events/expo.toml", EVENT),
        ])
        .assemble();
        let site = site.unwrap_or_else(|| panic!("{seen:?}"));
        documents(&site, lang, &BTreeMap::new())
    }

    fn doc<'a>(docs: &'a [SearchDoc], url: &str) -> &'a SearchDoc {
        docs.iter()
            .find(|d| d.display.url == url)
            .unwrap_or_else(|| panic!("no document {url}"))
    }

    fn text<'a>(d: &'a SearchDoc, group: Group, field: &str) -> &'a str {
        d.text
            .iter()
            .find(|((g, f), _)| *g == group && *f == field)
            .map_or("", |(_, t)| t.as_str())
    }

    fn all_text(d: &SearchDoc) -> String {
        d.text.values().cloned().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn records_are_found_by_their_people_and_places_not_their_sectors_labels() {
        let docs = documents_in("en");
        let cluster = doc(&docs, "/clusters/oceanlab/");
        let terms = text(cluster, Group::Page, "terms");
        for want in ["Kari Nordmann", "Cluster"] {
            assert!(terms.contains(want), "{want} in {terms}");
        }
        // Where it is, in a field of its own (short, so a place ranks as one).
        let place = text(cluster, Group::Page, "place");
        assert_eq!(place, "Norway Western Fjords");
        // The sector's label speaks of hydrogen; the record does not: a facet, not text. The
        // technologies it names itself are its text.
        let all = all_text(cluster);
        assert!(!all.contains("hydrogen"), "{all}");
        assert!(all.contains("Artificial intelligence"), "{all}");
        assert!(cluster.facets.contains(&"sector:energy".to_string()));
        assert!(cluster.facets.contains(&"region:west".to_string()));
        let event = doc(&docs, "/events/expo/");
        let place = text(event, Group::Page, "place");
        assert_eq!(place, "Grieghallen Bergen Germany");
        // English pages have no second language.
        assert!(
            docs.iter()
                .all(|d| d.text.keys().all(|(g, _)| *g == Group::Page))
        );

        // Countries and regions in the page's language; names as they are.
        let docs = documents_in("de");
        let place = text(doc(&docs, "/de/events/expo/"), Group::Page, "place");
        assert_eq!(place, "Grieghallen Bergen Deutschland");
        let oceanlab = doc(&docs, "/de/clusters/oceanlab/");
        assert_eq!(
            text(oceanlab, Group::Page, "place"),
            "Norwegen Westliche Fjorde"
        );
        let terms = text(oceanlab, Group::Page, "terms");
        assert!(terms.contains("Kari Nordmann"), "{terms}");
        assert!(!all_text(oceanlab).contains("Wasserstoff"));
    }

    #[test]
    fn translated_records_keep_their_english_name_and_summary_below_the_page_language() {
        let docs = documents_in("de");
        let translated = doc(&docs, "/de/clusters/oceanlab/");
        assert_eq!(text(translated, Group::Page, "title"), "Meereslabor OLB");
        assert_eq!(text(translated, Group::English, "alt_title"), "Ocean Lab");
        assert_eq!(
            text(translated, Group::English, "alt"),
            "Fish farming technology."
        );
        // Only the name and summary: the English body stays out.
        assert!(!all_text(translated).contains("Body"));
        // A record without German text has its English text in the English group already.
        let fallback = doc(&docs, "/de/clusters/salmon/");
        assert_eq!(text(fallback, Group::English, "title"), "Salmon Works");
        assert_eq!(text(fallback, Group::English, "alt"), "");
        assert_eq!(text(fallback, Group::English, "alt_title"), "");
        // An untranslated field of a translated record is not doubled either: the event's
        // title is German-less, so it is fallback text, not alt text.
        let event = doc(&docs, "/de/events/expo/");
        assert_eq!(text(event, Group::English, "title"), "Expo");
        assert_eq!(text(event, Group::English, "alt"), "");
        assert_eq!(text(event, Group::English, "alt_title"), "");
        let boost = |name: &str| FIELDS.iter().find(|(f, _)| *f == name).unwrap().1;
        for (alt, own) in [("alt_title", "title"), ("alt", "summary")] {
            assert!(docs.iter().all(|d| text(d, Group::Page, alt).is_empty()));
            // The English group's own fields, each below the page language's same field.
            assert!(fields(Group::Page).iter().all(|(f, _)| *f != alt));
            assert!(boost(alt) < boost(own), "{alt}");
        }
        // A name ranks above a mention: the English name above any summary or body text.
        assert!(
            ["summary", "terms", "body"]
                .iter()
                .all(|f| boost("alt_title") > boost(f))
        );
    }
}
