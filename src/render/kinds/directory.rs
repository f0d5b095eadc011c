//! Lists with facets: the cluster directory, the organisations and the cooperation
//! requests, each with the pages of its facet terms, paginated, with the facet lists and
//! counts; and the sectors page.

use super::cluster::{ClusterCard, label_name};
use super::cooperation::{CooperationCard, cooperation_card};
use super::organisation::{OrganisationCard, organisation_card};
use crate::plan::facets::{Listed, Listing, PAGE_SIZE, Terms, pages_of};
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

/// One facet of a list: its terms with their counts, for the filter form and the links.
#[derive(Serialize)]
pub struct FacetGroup {
    pub name: &'static str,
    pub label: String,
    /// The "any" choice of its select.
    pub any: String,
    pub terms: Vec<Term>,
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
pub struct Pagination {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

/// The pagination bar of page `page` of `total` items, page `n` at `url(n)`; none for a
/// list of one page.
pub fn pagination(page: usize, total: usize, url: impl Fn(usize) -> String) -> Option<Pagination> {
    let pages = pages_of(total);
    (pages > 1).then(|| Pagination {
        current: page,
        total: pages,
        prev_url: (page > 1).then(|| url(page - 1)),
        next_url: (page < pages).then(|| url(page + 1)),
        pages: page_window(page, pages)
            .into_iter()
            .map(|n| PageLink {
                number: n,
                url: if n > 0 { url(n) } else { String::new() },
                current: n == page,
                gap: n == 0,
            })
            .collect(),
    })
}

/// The items of page `page` (1-based) of a list.
pub fn page_of<T>(items: impl IntoIterator<Item = T>, page: usize) -> impl Iterator<Item = T> {
    items
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
}

/// `directory` in `clusters.html` and `listing.html` (organisations, cooperation requests).
#[derive(Serialize)]
pub struct DirectoryView {
    clusters: Vec<ClusterCard>,
    organisations: Vec<OrganisationCard>,
    requests: Vec<CooperationCard>,
    total: usize,
    filter: Option<Filter>,
    /// Facet name -> terms.
    facets: BTreeMap<String, Vec<Term>>,
    /// The same, in the list's order of facets, with their labels: the filters' choices (on
    /// a term page, counted within its records).
    groups: Vec<FacetGroup>,
    /// The facets' terms as links to their own pages, with their counts.
    browse: Vec<FacetGroup>,
    pagination: Option<Pagination>,
}

/// A facet's terms with their counts; `active` is the page's own term. Vocabulary terms
/// are sorted by label, fixed lists keep their order. A facet of more than
/// [`MAX_LISTED_TERMS`](crate::plan::facets::MAX_LISTED_TERMS) terms lists those
/// [`FacetIndex::listed_terms`](crate::plan::facets::FacetIndex::listed_terms) chooses, unless
/// `every` (a page that lists the facet once, such as `/sectors/`).
pub fn facet_list(
    cx: &PageCx,
    listing: Listing,
    facet: &'static str,
    active: Option<&str>,
    every: bool,
) -> Vec<Term> {
    let l = cx.l;
    let Some(def) = listing.facet(facet) else {
        return Vec::new();
    };
    let index = cx.facets(listing);
    let chosen: Vec<(&String, usize)> = match index.listed_terms(listing, facet) {
        _ if every => index.terms(listing, facet).collect(),
        Listed::Every => index.terms(listing, facet).collect(),
        Listed::Shortlist(short) => short
            .iter()
            .chain(
                active
                    .filter(|a| !short.iter().any(|t| t == a))
                    .and_then(|a| index.term_named(listing, facet, a)),
            )
            .filter_map(|t| Some((t, index.count(listing, facet, t)?)))
            .collect(),
        Listed::OwnTerm => active
            .and_then(|a| index.term_named(listing, facet, a))
            .and_then(|t| Some((t, index.count(listing, facet, t)?)))
            .into_iter()
            .collect(),
    };
    let term_page = |term: &str, label: String| Term {
        label,
        lang: l.tag.to_string(),
        fallback: false,
        url: l.href(&listing.url(l.tag, Some((facet, term)), 1)),
        term: term.to_string(),
        count: None,
        active: false,
    };
    let mut terms: Vec<Term> = chosen
        .into_iter()
        .map(|(term, count)| {
            let mut t = match def.terms {
                Terms::Vocabulary(vocab) => l.term(vocab, term, &listing.facet_path(facet)),
                Terms::Labels => term_page(term, label_name(l, term)),
                Terms::Fixed(prefix, _) => term_page(term, l.label(prefix, term)),
                Terms::Countries => term_page(term, l.country(term)),
                Terms::Clusters => match l.cluster_named(term) {
                    Some(c) => {
                        let name = l.text(&c.name);
                        Term {
                            lang: name.lang,
                            fallback: name.fallback,
                            ..term_page(term, name.text)
                        }
                    }
                    None => term_page(term, term.to_string()),
                },
            };
            t.count = Some(count);
            t.active = active == Some(term.as_str());
            t
        })
        .collect();
    match def.terms {
        Terms::Fixed(_, values) => {
            let order = values();
            terms.sort_by_key(|t| order.iter().position(|v| *v == t.term));
        }
        _ => crate::render::collate::sort_by_label(l.tag, &mut terms, |t| &t.label),
    }
    terms
}

/// How many records two lists share; both in ascending order, as the facet index holds them.
fn overlap(a: &[usize], b: &[usize]) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter(|i| large.binary_search(i).is_ok())
        .count()
}

fn directory(
    cx: &PageCx,
    listing: Listing,
    facet: &Option<(&'static str, String)>,
    page: usize,
) -> DirectoryView {
    let l = cx.l;
    let index = cx.facets(listing);
    let members: &[usize] = match facet {
        None => index.listed(listing),
        Some((f, t)) => index.members(listing, f, t),
    };
    let total = members.len();
    let shown = page_of(members, page);
    let (mut clusters, mut organisations, mut requests) = (Vec::new(), Vec::new(), Vec::new());
    match listing {
        Listing::Clusters => clusters = shown.map(|i| cx.card(*i).clone()).collect(),
        Listing::Organisations => {
            organisations = shown
                .map(|i| organisation_card(l, cx.read.organisation(*i)))
                .collect()
        }
        Listing::Cooperation => {
            requests = shown
                .map(|i| cooperation_card(l, cx.read.cooperation(*i)))
                .collect()
        }
    }
    let active = |f: &str| {
        facet
            .as_ref()
            .filter(|(x, _)| *x == f)
            .map(|(_, t)| t.as_str())
    };
    let mut groups: Vec<FacetGroup> = listing
        .facets()
        .iter()
        .map(|f| FacetGroup {
            name: f.name,
            label: l.t(&format!("facet_{}", f.name)),
            any: l.t(&format!("any_{}", f.name)),
            terms: facet_list(cx, listing, f.name, active(f.name), false),
        })
        .collect();
    // No link or choice that shows nothing: a term no record has (a sector no cluster is in)
    // is left out. The links (`browse`) lead to the terms' own pages, with their counts; the
    // choices of a term page's filters narrow down its own records, and count those.
    for g in &mut groups {
        g.terms.retain(|t| t.active || t.count != Some(0));
    }
    let browse: Vec<FacetGroup> = groups
        .iter()
        .map(|g| FacetGroup {
            terms: g.terms.clone(),
            label: g.label.clone(),
            any: g.any.clone(),
            ..*g
        })
        .collect();
    if let Some((f, _)) = facet {
        for g in groups.iter_mut().filter(|g| g.name != *f) {
            for term in &mut g.terms {
                term.count = Some(overlap(members, index.members(listing, g.name, &term.term)));
            }
            g.terms.retain(|t| t.count != Some(0));
        }
    }
    let filter = facet.as_ref().map(|(f, t)| {
        let group = groups
            .iter()
            .find(|g| g.name == *f)
            .expect("facet of the list");
        let term = group
            .terms
            .iter()
            .find(|x| x.term == *t)
            .cloned()
            .expect("facet term");
        Filter {
            facet: f.to_string(),
            facet_label: group.label.clone(),
            term,
        }
    });
    let url =
        |n: usize| l.href(&listing.url(l.tag, facet.as_ref().map(|(f, t)| (*f, t.as_str())), n));
    DirectoryView {
        clusters,
        organisations,
        requests,
        total,
        filter,
        facets: groups
            .iter()
            .map(|g| (g.name.to_string(), g.terms.clone()))
            .collect(),
        groups,
        browse,
        pagination: pagination(page, total, url),
    }
}

/// A list page: all of the list, or one facet term's part, page `page` (1-based).
pub fn page(
    cx: &PageCx,
    listing: Listing,
    facet: &Option<(&'static str, String)>,
    page: usize,
) -> PageContent {
    let l = cx.l;
    let dir = directory(cx, listing, facet, page);
    // Keys written out in full: the UI-key test finds them by their `t("` calls.
    let (nav, description, template, kind, list_url) = match listing {
        Listing::Clusters => (
            cx.t("nav_clusters"),
            cx.t("clusters_description"),
            "clusters.html",
            "clusters",
            routes::clusters(l.tag),
        ),
        Listing::Organisations => (
            cx.t("nav_organisations"),
            cx.t("organisations_description"),
            "listing.html",
            "organisations",
            routes::organisations(l.tag),
        ),
        Listing::Cooperation => (
            cx.t("nav_cooperation"),
            cx.t("cooperation_description"),
            "listing.html",
            "cooperation_list",
            routes::cooperation_list(l.tag),
        ),
    };
    let title = match &dir.filter {
        Some(f) => format!("{}: {}", f.facet_label, f.term.label),
        None => nav.clone(),
    };
    let title = if page > 1 {
        format!("{title} ({} {page})", cx.t("page"))
    } else {
        title
    };
    PageContent {
        description,
        // A later page of the whole list: "Organisations / Page 2".
        crumb: facet
            .is_none()
            .then(|| super::event::page_crumb(cx, page))
            .flatten(),
        // The list's own first page is the end of the breadcrumbs, not a step before it.
        parent: (facet.is_some() || page > 1).then_some(Link {
            name: nav,
            url: l.href(&list_url),
        }),
        ..PageContent::new(template, kind, title, View::Directory(dir))
    }
}

/// The sectors page: every sector with its count.
pub fn sectors(cx: &PageCx) -> PageContent {
    let sectors = facet_list(cx, Listing::Clusters, "sectors", None, true);
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
    use super::{overlap, page_window};

    #[test]
    fn overlap_counts_the_records_two_lists_share() {
        assert_eq!(overlap(&[1, 3, 5, 8], &[2, 3, 8, 9, 10]), 2);
        assert_eq!(overlap(&[2, 3, 8, 9, 10], &[1, 3, 5, 8]), 2);
        assert_eq!(overlap(&[], &[1, 2]), 0);
        assert_eq!(overlap(&[4], &[1, 2]), 0);
    }

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
