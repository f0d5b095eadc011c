//! The pages of the site: one [`PageJob`] per page kind and language, and their URLs.

use super::facets::{FACETS, FacetIndex, pages_of};
use crate::model::{Kind, Site};
use crate::routes;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKind {
    Home,
    /// The cluster directory, optionally filtered by one facet term; 1-based page number.
    Directory {
        facet: Option<(&'static str, String)>,
        page: usize,
    },
    Cluster(usize),
    Sectors,
    Events,
    Event(usize),
    NewsList,
    News(usize),
    Documents,
    Document(usize),
    Brand,
    Page(usize),
    Search,
    NotFound,
}

impl PageKind {
    /// The record the page shows, as (kind, index in the site's list of that kind).
    pub fn record(&self) -> Option<(Kind, usize)> {
        match self {
            PageKind::Cluster(i) => Some((Kind::Cluster, *i)),
            PageKind::Event(i) => Some((Kind::Event, *i)),
            PageKind::News(i) => Some((Kind::News, *i)),
            PageKind::Document(i) => Some((Kind::Document, *i)),
            PageKind::Page(i) => Some((Kind::Page, *i)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageJob {
    pub lang: String,
    pub kind: PageKind,
}
/// Every page the site has, in every language.
pub fn pages(site: &Site, facets: &FacetIndex) -> Vec<PageJob> {
    let mut kinds = vec![
        PageKind::Home,
        PageKind::Sectors,
        PageKind::Events,
        PageKind::NewsList,
    ];
    kinds.extend([
        PageKind::Documents,
        PageKind::Brand,
        PageKind::Search,
        PageKind::NotFound,
    ]);
    for p in 1..=pages_of(site.clusters.len()) {
        kinds.push(PageKind::Directory {
            facet: None,
            page: p,
        });
    }
    for (facet, _) in FACETS {
        for (term, n) in facets.terms(facet) {
            for p in 1..=pages_of(n) {
                kinds.push(PageKind::Directory {
                    facet: Some((facet, term.clone())),
                    page: p,
                });
            }
        }
    }
    kinds.extend((0..site.clusters.len()).map(PageKind::Cluster));
    kinds.extend((0..site.events.len()).map(PageKind::Event));
    kinds.extend((0..site.news.len()).map(PageKind::News));
    kinds.extend((0..site.documents.len()).map(PageKind::Document));
    kinds.extend((0..site.pages.len()).map(PageKind::Page));
    site.config
        .languages
        .iter()
        .flat_map(|lang| {
            kinds.iter().map(move |k| PageJob {
                lang: lang.clone(),
                kind: k.clone(),
            })
        })
        .collect()
}

pub fn directory_url(lang: &str, facet: &Option<(&'static str, String)>, page: usize) -> String {
    match facet {
        None => routes::clusters_page(lang, page),
        Some((f, t)) if page <= 1 => routes::facet_term(lang, f, t),
        Some((f, t)) => routes::url(lang, &format!("{f}/{t}/page/{page}/")),
    }
}

/// Site-relative URL of a page.
pub fn page_url(site: &Site, job: &PageJob) -> String {
    let l = job.lang.as_str();
    match &job.kind {
        PageKind::Home => routes::home(l),
        PageKind::Directory { facet, page } => directory_url(l, facet, *page),
        PageKind::Cluster(i) => routes::cluster(l, &site.clusters[*i].slug),
        PageKind::Sectors => routes::sectors(l),
        PageKind::Events => routes::events(l),
        PageKind::Event(i) => routes::event(l, &site.events[*i].slug),
        PageKind::NewsList => routes::news_list(l),
        PageKind::News(i) => routes::news(l, &site.news[*i].slug),
        PageKind::Documents => routes::documents(l),
        PageKind::Document(i) => routes::document(l, &site.documents[*i].slug),
        PageKind::Brand => routes::brand(l),
        PageKind::Page(i) => routes::page(l, &site.pages[*i].slug),
        PageKind::Search => routes::search(l),
        PageKind::NotFound => routes::not_found(l),
    }
}
