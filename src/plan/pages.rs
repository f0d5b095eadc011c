//! The pages of the site: one [`PageJob`] per page kind and language, and their URLs.

use super::facets::{FacetIndex, Listing, pages_of};
use crate::model::{Kind, Site};
use crate::routes;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKind {
    Home,
    /// A list with facets (the cluster directory, the organisations, the cooperation
    /// requests), optionally filtered by one facet term; 1-based page number.
    List {
        listing: Listing,
        facet: Option<(&'static str, String)>,
        page: usize,
    },
    Cluster(usize),
    Sectors,
    /// Upcoming events (soonest first), then past ones (latest first); 1-based page.
    Events(usize),
    Event(usize),
    /// News, newest first; 1-based page.
    NewsList(usize),
    News(usize),
    /// Documents; 1-based page.
    Documents(usize),
    Document(usize),
    Brand,
    Page(usize),
    Organisation(usize),
    /// Open and upcoming calls.
    Calls,
    /// Closed calls.
    CallArchive,
    Call(usize),
    Cooperation(usize),
    /// The programme in numbers.
    Figures,
    /// Every place on one map, with the list of them beside it.
    Map,
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
            PageKind::Organisation(i) => Some((Kind::Organisation, *i)),
            PageKind::Call(i) => Some((Kind::Call, *i)),
            PageKind::Cooperation(i) => Some((Kind::Cooperation, *i)),
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
    let mut kinds = vec![PageKind::Home, PageKind::Sectors, PageKind::Figures];
    kinds.extend([
        PageKind::Brand,
        PageKind::Calls,
        PageKind::CallArchive,
        PageKind::Map,
        PageKind::Search,
        PageKind::NotFound,
    ]);
    kinds.extend((1..=pages_of(site.events.len())).map(PageKind::Events));
    kinds.extend((1..=pages_of(site.news.len())).map(PageKind::NewsList));
    kinds.extend((1..=pages_of(site.documents.len())).map(PageKind::Documents));
    for listing in Listing::ALL {
        let list = |facet, page| PageKind::List {
            listing,
            facet,
            page,
        };
        for p in 1..=pages_of(facets.listed(listing).len()) {
            kinds.push(list(None, p));
        }
        for f in listing.facets() {
            for (term, n) in facets.terms(listing, f.name) {
                for p in 1..=pages_of(n) {
                    kinds.push(list(Some((f.name, term.clone())), p));
                }
            }
        }
    }
    kinds.extend((0..site.clusters.len()).map(PageKind::Cluster));
    kinds.extend((0..site.events.len()).map(PageKind::Event));
    kinds.extend((0..site.news.len()).map(PageKind::News));
    kinds.extend((0..site.documents.len()).map(PageKind::Document));
    kinds.extend((0..site.pages.len()).map(PageKind::Page));
    kinds.extend((0..site.organisations.len()).map(PageKind::Organisation));
    kinds.extend((0..site.calls.len()).map(PageKind::Call));
    kinds.extend((0..site.cooperation.len()).map(PageKind::Cooperation));
    site.config
        .languages
        .iter()
        .flat_map(|lang| {
            kinds.iter().map(move |k| PageJob {
                lang: lang.clone(),
                kind: k.clone(),
            })
        })
        .filter(|job| exists(site, job))
        .collect()
}

/// Whether the site has this page: every page exists in every language, except an
/// organisation's in a language it lacks when the site writes no fallback pages.
pub fn exists(site: &Site, job: &PageJob) -> bool {
    match job.kind {
        PageKind::Organisation(i) => site.organisations[i].has_page_in(&job.lang, &site.config),
        _ => true,
    }
}

/// Site-relative URL of a page.
pub fn page_url(site: &Site, job: &PageJob) -> String {
    let l = job.lang.as_str();
    match &job.kind {
        PageKind::Home => routes::home(l),
        PageKind::List {
            listing,
            facet,
            page,
        } => listing.url(l, facet.as_ref().map(|(f, t)| (*f, t.as_str())), *page),
        PageKind::Cluster(i) => routes::cluster(l, &site.clusters[*i].slug),
        PageKind::Sectors => routes::sectors(l),
        PageKind::Figures => routes::figures(l),
        PageKind::Events(n) => routes::paged(&routes::events(l), *n),
        PageKind::Event(i) => routes::event(l, &site.events[*i].slug),
        PageKind::NewsList(n) => routes::paged(&routes::news_list(l), *n),
        PageKind::News(i) => routes::news(l, &site.news[*i].slug),
        PageKind::Documents(n) => routes::paged(&routes::documents(l), *n),
        PageKind::Document(i) => routes::document(l, &site.documents[*i].slug),
        PageKind::Brand => routes::brand(l),
        PageKind::Page(i) => routes::page(l, &site.pages[*i].slug),
        PageKind::Organisation(i) => routes::organisation(l, &site.organisations[*i].slug),
        PageKind::Calls => routes::calls(l),
        PageKind::CallArchive => routes::call_archive(l),
        PageKind::Call(i) => routes::call(l, &site.calls[*i].slug),
        PageKind::Cooperation(i) => routes::cooperation(l, &site.cooperation[*i].slug),
        PageKind::Map => routes::map(l),
        PageKind::Search => routes::search(l),
        PageKind::NotFound => routes::not_found(l),
    }
}
