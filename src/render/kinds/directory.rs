//! The cluster directory: every cluster, and the pages of each facet term (sectors,
//! regions, technologies, labels), paginated, with the facet lists and counts; and the
//! sectors page.

use super::cluster::{ClusterCard, label_name};
use crate::plan::facets::{FACETS, PAGE_SIZE, pages_of};
use crate::plan::pages::directory_url;
use crate::render::PageCx;
use crate::render::frame::{PageContent, View};
use crate::render::lang::*;
use crate::routes;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct Filter {
    facet: String,
    facet_label: String,
    term: Term,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    /// Stands for the pages left out between two shown ones (shown as an ellipsis).
    gap: bool,
}

/// Page numbers a pagination bar shows: the first and last, and two either side of the
/// current one; 0 marks a gap. Listing all of them made the 200-page directory of a large
/// programme carry 200 links on each of its pages (a quarter of the site's bytes).
fn page_window(current: usize, total: usize) -> Vec<usize> {
    let mut shown: Vec<usize> = Vec::new();
    let wanted = (1..=total).filter(|n| *n == 1 || *n == total || n.abs_diff(current) <= 2);
    for n in wanted {
        match shown.last() {
            // A gap of one page shows that page rather than an ellipsis.
            Some(&prev) if n == prev + 2 => shown.push(prev + 1),
            Some(&prev) if n > prev + 2 => shown.push(0),
            _ => {}
        }
        shown.push(n);
    }
    shown
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

/// `directory` in `clusters.html`.
#[derive(Serialize)]
pub struct DirectoryView {
    clusters: Vec<ClusterCard>,
    total: usize,
    filter: Option<Filter>,
    facets: BTreeMap<String, Vec<Term>>,
    pagination: Option<Pagination>,
}

/// A facet's terms with their counts, sorted by label; `active` is the page's own term.
pub fn facet_list(cx: &PageCx, facet: &'static str, active: Option<&str>) -> Vec<Term> {
    let l = cx.l;
    let vocab = FACETS
        .iter()
        .find(|(f, _)| *f == facet)
        .map(|(_, v)| *v)
        .unwrap_or(facet);
    let mut terms: Vec<Term> = cx
        .facets()
        .terms(facet)
        .map(|(term, count)| {
            let mut t = if facet == "labels" {
                Term {
                    label: label_name(l, term),
                    lang: l.tag.to_string(),
                    fallback: false,
                    url: routes::facet_term(l.tag, facet, term),
                    term: term.clone(),
                    count: None,
                    active: false,
                }
            } else {
                l.term(vocab, term, facet)
            };
            t.count = Some(count);
            t.active = active == Some(term.as_str());
            t
        })
        .collect();
    terms.sort_by_key(|a| a.label.to_lowercase());
    terms
}

fn directory(cx: &PageCx, facet: &Option<(&'static str, String)>, page: usize) -> DirectoryView {
    let l = cx.l;
    let all: Vec<usize>;
    let members: &[usize] = match facet {
        None => {
            all = (0..cx.cluster_count()).collect();
            &all
        }
        Some((f, t)) => cx.facets().members(f, t),
    };
    let total = members.len();
    let pages = pages_of(total);
    let clusters = members
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|i| cx.card(*i).clone())
        .collect();
    let active = |f: &str| {
        facet
            .as_ref()
            .filter(|(x, _)| *x == f)
            .map(|(_, t)| t.as_str())
    };
    let facets = BTreeMap::from_iter(
        FACETS
            .iter()
            .map(|(f, _)| (f.to_string(), facet_list(cx, f, active(f)))),
    );
    let filter = facet.as_ref().map(|(f, t)| {
        let term = facets[*f]
            .iter()
            .find(|x| x.term == *t)
            .cloned()
            .expect("facet term");
        Filter {
            facet: f.to_string(),
            facet_label: l.t(&format!("facet_{f}")),
            term,
        }
    });
    DirectoryView {
        clusters,
        total,
        filter,
        facets,
        pagination: (pages > 1).then(|| Pagination {
            current: page,
            total: pages,
            prev_url: (page > 1).then(|| directory_url(l.tag, facet, page - 1)),
            next_url: (page < pages).then(|| directory_url(l.tag, facet, page + 1)),
            pages: page_window(page, pages)
                .into_iter()
                .map(|n| PageLink {
                    number: n,
                    url: if n > 0 {
                        directory_url(l.tag, facet, n)
                    } else {
                        String::new()
                    },
                    current: n == page,
                    gap: n == 0,
                })
                .collect(),
        }),
    }
}

/// A directory page: all clusters, or one facet term's, page `page` (1-based).
pub fn page(cx: &PageCx, facet: &Option<(&'static str, String)>, page: usize) -> PageContent {
    let l = cx.l;
    let dir = directory(cx, facet, page);
    let title = match &dir.filter {
        Some(f) => format!("{}: {}", f.facet_label, f.term.label),
        None => cx.t("nav_clusters"),
    };
    let title = if page > 1 {
        format!("{title} ({} {page})", cx.t("page"))
    } else {
        title
    };
    PageContent {
        description: cx.t("clusters_description"),
        parent: Some(Link {
            name: cx.t("nav_clusters"),
            url: routes::clusters(l.tag),
        }),
        ..PageContent::new("clusters.html", "clusters", title, View::Directory(dir))
    }
}

/// The sectors page: every sector with its count.
pub fn sectors(cx: &PageCx) -> PageContent {
    let sectors = facet_list(cx, "sectors", None);
    PageContent {
        description: cx.t("sectors_description"),
        ..PageContent::new(
            "sectors.html",
            "sectors",
            cx.t("nav_sectors"),
            View::Sectors(sectors),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn pagination_shows_ends_and_neighbours() {
        assert_eq!(page_window(1, 1), vec![1]);
        assert_eq!(page_window(2, 5), vec![1, 2, 3, 4, 5]);
        assert_eq!(page_window(1, 9), vec![1, 2, 3, 0, 9]);
        assert_eq!(page_window(5, 9), vec![1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(page_window(6, 12), vec![1, 0, 4, 5, 6, 7, 8, 0, 12]);
        assert_eq!(page_window(200, 200), vec![1, 0, 198, 199, 200]);
    }
}
