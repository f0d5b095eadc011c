//! Which pages a change can affect, so that editing one record re-renders tens of pages
//! instead of the whole programme.
//!
//! Each rebuild fingerprints its inputs: one hash for what every page shows (settings,
//! vocabularies, theme, "today") and one per record (its files, its assets' sizes). Comparing
//! with the last good build names the records that changed; the rules below follow what
//! `render` reads for each page kind (`Renderer::render` and the view builders):
//!
//! - every page shows the settings, the theme, the brand (logo, colours, press-kit size) and
//!   the menu (titles of pages with a weight): a change there re-renders everything;
//! - a cluster's card is on the directory page and the facet-term pages whose window holds
//!   it, and on the home page if featured; if its facet memberships change (or clusters come
//!   or go), every directory page's counts and windows change, and the sectors page;
//! - a cluster page lists the events it organises and the news naming it; event, news and
//!   document pages (and the documents list) link their clusters by name;
//! - the home page shows upcoming events, latest news, counts and the intro (about page);
//!   the event and news lists show their records' cards.
//!
//! If `render` starts reading something new, these rules must follow; the integration test
//! `tests/integration/serve.rs` compares incremental output with a full build to catch it.

use crate::content::load::Loaded;
use crate::model::{Kind, Organiser, Site};
use crate::plan::facets::{FACETS, PAGE_SIZE};
use crate::plan::pages::PageKind;
use crate::plan::{Output, Planned, SitePlan};
use crate::render::theme::Theme;
use crate::source::{SourceFile, Sources};
use crate::text::Text;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What a build was made from, hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    /// Settings, vocabularies, theme and build date.
    pub global: blake3::Hash,
    /// What the site-wide files (`pipeline::write_site_files`) follow from: the above, the
    /// brand records and their files as they are on disk now.
    pub site_files: blake3::Hash,
    pub records: BTreeMap<(Kind, String), blake3::Hash>,
}

fn field(h: &mut blake3::Hasher, bytes: &[u8]) {
    // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// Hashes of source texts, kept while the file is (`ReadCache` hands out the same
/// `SourceFile` for a file that has not changed), so a round hashes only what changed.
#[derive(Default)]
pub struct TextHashes {
    known: HashMap<usize, (Arc<SourceFile>, blake3::Hash)>,
}

impl TextHashes {
    /// Hash every file of `sources` not hashed before; forget files no longer read.
    fn update(&mut self, sources: &Sources) {
        let files: Vec<&Arc<SourceFile>> =
            sources.iter().map(|(id, _)| sources.shared(id)).collect();
        let new: Vec<(usize, (Arc<SourceFile>, blake3::Hash))> = files
            .par_iter()
            .filter(|f| !self.known.contains_key(&key(f)))
            .map(|f| (key(f), ((*f).clone(), blake3::hash(f.text.as_bytes()))))
            .collect();
        self.known.extend(new);
        let current: std::collections::HashSet<usize> = files.iter().map(|f| key(f)).collect();
        self.known.retain(|k, _| current.contains(k));
    }
    fn get(&self, file: &Arc<SourceFile>) -> blake3::Hash {
        self.known
            .get(&key(file))
            .map(|(_, h)| *h)
            .unwrap_or_else(|| blake3::hash(file.text.as_bytes()))
    }
}

/// A kept file's identity: its address, which stays its own while `TextHashes` holds it.
fn key(file: &Arc<SourceFile>) -> usize {
    Arc::as_ptr(file) as usize
}

pub fn fingerprints(
    loaded: &Loaded,
    site: &Site,
    theme: &Theme,
    hashes: &mut TextHashes,
) -> Fingerprints {
    hashes.update(&loaded.sources);
    let mut g = blake3::Hasher::new();
    for id in [loaded.site_toml, loaded.taxonomies] {
        field(
            &mut g,
            id.map(|id| loaded.sources.get(id).text.as_bytes())
                .unwrap_or(b"\0none"),
        );
    }
    field(&mut g, site.build_date.to_string().as_bytes());
    field(&mut g, theme.origin.as_bytes());
    for (k, v) in &theme.templates {
        field(&mut g, k.as_bytes());
        field(&mut g, v.as_bytes());
    }
    for (k, v) in &theme.statics {
        field(&mut g, k.as_bytes());
        field(&mut g, v);
    }
    for (lang, strings) in &theme.strings {
        field(&mut g, lang.as_bytes());
        for (k, v) in strings {
            field(&mut g, k.as_bytes());
            field(&mut g, v.as_bytes());
        }
    }

    // Assets are not source text: their sizes show on pages, so they count too.
    let mut assets: BTreeMap<(Kind, &str), String> = BTreeMap::new();
    for c in &site.clusters {
        assets.insert((Kind::Cluster, &c.slug), format!("{:?}", c.logo));
    }
    for n in &site.news {
        assets.insert((Kind::News, &n.slug), format!("{:?}", n.image));
    }
    for d in &site.documents {
        assets.insert((Kind::Document, &d.slug), format!("{:?}", d.files));
    }
    for b in &site.brand {
        let v: Vec<_> = b.variants.iter().map(|v| &v.asset).collect();
        assets.insert((Kind::Brand, &b.slug), format!("{v:?}"));
    }
    let records: BTreeMap<(Kind, String), blake3::Hash> = loaded
        .records
        .iter()
        .map(|r| {
            let mut h = blake3::Hasher::new();
            field(&mut h, &[r.own_folder as u8, r.main_is_markdown as u8]);
            let main = loaded.sources.shared(r.main);
            field(&mut h, main.rel.as_bytes());
            field(&mut h, hashes.get(main).as_bytes());
            for (lang, (id, md)) in &r.translations {
                let f = loaded.sources.shared(*id);
                field(&mut h, lang.as_bytes());
                field(&mut h, &[*md as u8]);
                field(&mut h, f.rel.as_bytes());
                field(&mut h, hashes.get(f).as_bytes());
            }
            field(
                &mut h,
                assets
                    .get(&(r.kind, r.slug.as_str()))
                    .map(String::as_bytes)
                    .unwrap_or(b""),
            );
            ((r.kind, r.slug.clone()), h.finalize())
        })
        .collect();
    let global = g.finalize();
    let mut f = blake3::Hasher::new();
    field(&mut f, global.as_bytes());
    for ((kind, slug), h) in &records {
        if *kind == Kind::Brand {
            field(&mut f, slug.as_bytes());
            field(&mut f, h.as_bytes());
        }
    }
    for v in site.brand.iter().flat_map(|b| &b.variants) {
        let m = std::fs::metadata(&v.asset.source).ok();
        let stamp = m.map(|m| (m.len(), m.modified().ok()));
        field(&mut f, format!("{:?}{stamp:?}", v.asset.source).as_bytes());
    }
    Fingerprints {
        global,
        site_files: f.finalize(),
        records,
    }
}

/// Pages to render in a rebuild.
#[derive(Debug, Default)]
pub enum Selection {
    #[default]
    All,
    Some(Box<Affected>),
}

#[derive(Debug, Default)]
pub struct Affected {
    /// Clusters whose record changed (or that came or went): their own pages.
    pub clusters: BTreeSet<String>,
    /// Clusters whose directory card changed, and in which languages (an English edit does
    /// not show where a translation covers it): the directory windows holding them.
    pub cards: BTreeMap<String, BTreeSet<String>>,
    /// Clusters whose name changed: pages linking to them by name.
    pub names: BTreeSet<String>,
    /// Further clusters whose page lists a changed event or news item.
    pub cluster_pages: BTreeSet<String>,
    pub events: BTreeSet<String>,
    pub news: BTreeSet<String>,
    pub documents: BTreeSet<String>,
    pub pages: BTreeSet<String>,
    /// Directory counts or windows moved: every directory page, and the sectors page.
    pub all_directory: bool,
    /// Languages whose home page changes.
    pub home: BTreeSet<String>,
    pub documents_list: bool,
}

/// What a directory page counts a cluster under: its facet memberships.
fn facet_signature(site: &Site, slug: &str) -> Option<[BTreeSet<String>; 4]> {
    let c = site.cluster(slug)?;
    Some([
        c.sectors.iter().cloned().collect(),
        c.region.iter().cloned().collect(),
        c.technologies.iter().cloned().collect(),
        c.labels
            .iter()
            .filter(|l| l.is_current(site.build_date))
            .map(|l| l.scheme.clone())
            .collect(),
    ])
}

/// The words of a text in each language (not where they were read from).
fn words(t: &Text) -> Vec<(&str, &str)> {
    t.values
        .iter()
        .map(|(l, v)| (l.as_str(), v.text.as_str()))
        .collect()
}

/// A text as a page in `lang` shows it: the words, their language, whether they fall back.
fn shown(t: &Text, lang: &str) -> (String, String, bool) {
    let r = t.resolve(lang);
    (r.text.to_string(), r.lang, r.fallback)
}

/// Everything a cluster's card (`views::cluster_card`) shows in `lang`.
fn card_key(site: &Site, slug: &str, lang: &str) -> Option<String> {
    let c = site.cluster(slug)?;
    Some(format!(
        "{:?}",
        (
            shown(&c.name, lang),
            &c.acronym,
            shown(&c.summary, lang),
            c.logo.as_ref().map(|a| &a.output),
            c.logo_alt.as_ref().map(|t| shown(t, lang)),
            &c.country,
            &c.region,
            (&c.sectors, &c.technologies, &c.labels, c.featured),
        )
    ))
}

fn name_key(site: &Site, slug: &str) -> Option<Vec<(String, String)>> {
    site.cluster(slug).map(|c| {
        words(&c.name)
            .into_iter()
            .map(|(l, t)| (l.to_string(), t.to_string()))
            .collect()
    })
}

/// Clusters whose card the home page may show: the featured ones, else the first six.
fn home_clusters(site: &Site) -> impl Iterator<Item = &String> {
    site.clusters
        .iter()
        .filter(|c| c.featured)
        .chain(site.clusters.iter().take(6))
        .map(|c| &c.slug)
}

/// Compare two builds' inputs and say what to render for the new one.
pub fn affected(old: &Site, old_fp: &Fingerprints, new: &Site, new_fp: &Fingerprints) -> Selection {
    if old_fp.global != new_fp.global {
        return Selection::All;
    }
    let keys: BTreeSet<&(Kind, String)> =
        old_fp.records.keys().chain(new_fp.records.keys()).collect();
    let mut a = Affected::default();
    for key in keys {
        if old_fp.records.get(key) == new_fp.records.get(key) {
            continue;
        }
        let (kind, slug) = key;
        match kind {
            // Logo, colours and the press kit dress every page.
            Kind::Brand => return Selection::All,
            Kind::Page => {
                let weighted = |s: &Site| {
                    s.pages
                        .iter()
                        .any(|p| p.slug == *slug && p.weight.is_some())
                };
                if weighted(old) || weighted(new) {
                    // Its title is in every page's menu.
                    return Selection::All;
                }
                a.pages.insert(slug.clone());
            }
            Kind::Cluster => {
                if facet_signature(old, slug) != facet_signature(new, slug) {
                    a.all_directory = true;
                }
                for lang in &new.config.languages {
                    if card_key(old, slug, lang) != card_key(new, slug, lang) {
                        a.cards
                            .entry(slug.clone())
                            .or_default()
                            .insert(lang.clone());
                    }
                }
                if name_key(old, slug) != name_key(new, slug) {
                    a.names.insert(slug.clone());
                }
                a.clusters.insert(slug.clone());
            }
            Kind::Event => {
                for site in [old, new] {
                    for e in site.events.iter().filter(|e| e.slug == *slug) {
                        for o in &e.organisers {
                            if let Organiser::Cluster(c) = o {
                                a.cluster_pages.insert(c.clone());
                            }
                        }
                    }
                }
                a.events.insert(slug.clone());
            }
            Kind::News => {
                for site in [old, new] {
                    for n in site.news.iter().filter(|n| n.slug == *slug) {
                        a.cluster_pages.extend(n.clusters.iter().cloned());
                    }
                }
                a.news.insert(slug.clone());
            }
            Kind::Document => {
                a.documents.insert(slug.clone());
            }
        }
    }
    // The home page: counts, upcoming events, latest news, featured cards, the intro.
    if a.all_directory || !a.events.is_empty() || !a.news.is_empty() || !a.pages.is_empty() {
        a.home = new.config.languages.iter().cloned().collect();
    } else {
        for c in home_clusters(old).chain(home_clusters(new)) {
            a.home.extend(a.cards.get(c).into_iter().flatten().cloned());
        }
    }
    a.documents_list = !a.documents.is_empty()
        || new
            .documents
            .iter()
            .any(|d| d.clusters.iter().any(|c| a.names.contains(c)));
    Selection::Some(Box::new(a))
}

/// The pages of `plan` a selection asks for.
pub fn select<'p>(site: &Site, plan: &'p SitePlan, selection: &Selection) -> Vec<&'p Planned> {
    let pages = plan.outputs.iter().take(plan.page_count());
    let a = match selection {
        Selection::All => return pages.collect(),
        Selection::Some(a) => a,
    };
    // Directory windows holding a changed card, per language: (facet, term, page); facet
    // None is the unfiltered directory.
    let mut windows: BTreeMap<(Option<&str>, String, usize), BTreeSet<&str>> = BTreeMap::new();
    if !a.all_directory && !a.cards.is_empty() {
        let facets = &plan.facets;
        for (slug, langs) in &a.cards {
            let mut add = |key| {
                windows
                    .entry(key)
                    .or_default()
                    .extend(langs.iter().map(String::as_str))
            };
            if let Some(i) = site.clusters.iter().position(|c| c.slug == *slug) {
                add((None, String::new(), i / PAGE_SIZE + 1));
            }
            let Some(sig) = facet_signature(site, slug) else {
                continue;
            };
            for ((facet, _), terms) in FACETS.iter().zip(sig.iter()) {
                for term in terms {
                    let members = facets.members(facet, term);
                    if let Some(i) = members.iter().position(|c| site.clusters[*c].slug == *slug) {
                        add((Some(*facet), term.clone(), i / PAGE_SIZE + 1));
                    }
                }
            }
        }
    }
    let renamed = |clusters: &[String]| clusters.iter().any(|c| a.names.contains(c));
    pages
        .filter(|planned| {
            let Output::Page(job) = &planned.output else {
                return false;
            };
            match &job.kind {
                PageKind::Home => a.home.contains(&job.lang),
                PageKind::Sectors => a.all_directory,
                PageKind::Events => !a.events.is_empty(),
                PageKind::NewsList => !a.news.is_empty(),
                PageKind::Documents => a.documents_list,
                // Settings, theme and brand only: those changes re-render everything anyway.
                PageKind::Brand | PageKind::Search | PageKind::NotFound => false,
                PageKind::Directory { facet, page } => {
                    a.all_directory || {
                        let key = match facet {
                            None => (None, String::new(), *page),
                            Some((f, t)) => (Some(*f), t.clone(), *page),
                        };
                        windows
                            .get(&key)
                            .is_some_and(|langs| langs.contains(job.lang.as_str()))
                    }
                }
                PageKind::Cluster(i) => {
                    let s = &site.clusters[*i].slug;
                    a.clusters.contains(s) || a.cluster_pages.contains(s)
                }
                PageKind::Event(i) => {
                    let e = &site.events[*i];
                    a.events.contains(&e.slug)
                        || e.organisers
                            .iter()
                            .any(|o| matches!(o, Organiser::Cluster(c) if a.names.contains(c)))
                }
                PageKind::News(i) => {
                    let n = &site.news[*i];
                    a.news.contains(&n.slug) || renamed(&n.clusters)
                }
                PageKind::Document(i) => {
                    let d = &site.documents[*i];
                    a.documents.contains(&d.slug) || renamed(&d.clusters)
                }
                PageKind::Page(i) => a.pages.contains(&site.pages[*i].slug),
            }
        })
        .collect()
}
