//! The cluster directory's facets: which clusters each term page lists. Planning reads it
//! to know how many directory pages there are; rendering reads it for the counts and lists.

use crate::model::{REGIONS, SECTORS, Site, TECHNOLOGIES};
use std::collections::BTreeMap;

/// Clusters per directory page.
pub const PAGE_SIZE: usize = 48;

/// Directory facets: (URL segment and key of `directory.facets` in the templates, vocabulary
/// in taxonomies).
pub const FACETS: [(&str, &str); 4] = [
    ("sectors", SECTORS),
    ("regions", REGIONS),
    ("technologies", TECHNOLOGIES),
    ("labels", "labels"),
];

/// How many directory pages `n` clusters take (an empty list still has its page).
pub fn pages_of(n: usize) -> usize {
    n.div_ceil(PAGE_SIZE).max(1)
}

/// Which clusters each facet term page lists, computed once per build (every directory page
/// and facet list reads it; recomputing per page made large builds quadratic).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FacetIndex {
    members: BTreeMap<(&'static str, String), Vec<usize>>,
}

impl FacetIndex {
    pub fn new(site: &Site) -> Self {
        let mut members: BTreeMap<(&'static str, String), Vec<usize>> = BTreeMap::new();
        for (facet, vocab) in FACETS {
            if facet != "labels" {
                for (term, _) in site.taxonomies.terms(vocab) {
                    members.entry((facet, term.clone())).or_default();
                }
            }
        }
        for (i, c) in site.clusters.iter().enumerate() {
            let mut add = |facet: &'static str, term: &str| {
                let list = members.entry((facet, term.to_string())).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            };
            c.sectors.iter().for_each(|s| add("sectors", s));
            c.region.iter().for_each(|r| add("regions", r));
            c.technologies.iter().for_each(|t| add("technologies", t));
            c.labels
                .iter()
                .filter(|l| l.is_current(site.build_date))
                .for_each(|l| add("labels", &l.scheme));
        }
        FacetIndex { members }
    }
    /// Indices (into `site.clusters`) of the clusters a term page lists.
    pub fn members(&self, facet: &str, term: &str) -> &[usize] {
        self.members
            .iter()
            .find(|((f, t), _)| *f == facet && t == term)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }
    /// Terms that have a page: every vocabulary term; for labels, every current scheme.
    pub fn terms(&self, facet: &str) -> impl Iterator<Item = (&String, usize)> {
        self.members
            .iter()
            .filter(move |((f, _), _)| *f == facet)
            .map(|((_, t), v)| (t, v.len()))
    }
}
