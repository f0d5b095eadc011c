//! Lists with facets: the cluster directory, the organisations and the cooperation
//! requests. Each has its facets (sectors, regions, kinds, countries...), a page per term
//! (the way to filter without JavaScript) and pagination. [`FacetIndex`] says which
//! records each term page lists; planning reads it to know how many pages there are,
//! rendering for the counts and lists.

use crate::model::{FixedList, *};
use crate::routes;
use std::collections::BTreeMap;

/// Records per list page.
pub const PAGE_SIZE: usize = 48;

/// How many pages `n` records take (an empty list still has its page).
pub fn pages_of(n: usize) -> usize {
    n.div_ceil(PAGE_SIZE).max(1)
}

/// A list of records with facets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Listing {
    Clusters,
    Organisations,
    Cooperation,
}

/// Where a facet's terms and their labels come from.
#[derive(Debug, Clone, Copy)]
pub enum Terms {
    /// A vocabulary of `content/taxonomies.toml`; every term has a page.
    Vocabulary(&'static str),
    /// Current label schemes of the clusters.
    Labels,
    /// A fixed list, labelled by the UI strings `<prefix><value>`, and its values in order.
    Fixed(&'static str, fn() -> Vec<&'static str>),
    /// ISO countries, named in the page language (`Lang::country`, from CLDR).
    Countries,
    /// Clusters, by their names.
    Clusters,
}

/// A facet: its URL segment (also its key in the templates and its query parameter's
/// stem) and its terms.
#[derive(Debug, Clone, Copy)]
pub struct Facet {
    pub name: &'static str,
    pub terms: Terms,
}

impl Facet {
    /// Terms that grow with the programme (clusters, countries), not chosen by it.
    pub fn is_open_ended(&self) -> bool {
        matches!(self.terms, Terms::Clusters | Terms::Countries)
    }
}

const fn facet(name: &'static str, terms: Terms) -> Facet {
    Facet { name, terms }
}

const CLUSTER_FACETS: [Facet; 4] = [
    facet("sectors", Terms::Vocabulary(SECTORS)),
    facet("regions", Terms::Vocabulary(REGIONS)),
    facet("technologies", Terms::Vocabulary(TECHNOLOGIES)),
    facet("labels", Terms::Labels),
];

const ORGANISATION_FACETS: [Facet; 7] = [
    facet(
        "kinds",
        Terms::Fixed("kind_org_", words::<OrganisationKind>),
    ),
    facet(
        "sizes",
        Terms::Fixed("size_org_", words::<OrganisationSize>),
    ),
    facet("sectors", Terms::Vocabulary(SECTORS)),
    facet("technologies", Terms::Vocabulary(TECHNOLOGIES)),
    facet("regions", Terms::Vocabulary(REGIONS)),
    facet("countries", Terms::Countries),
    facet("clusters", Terms::Clusters),
];

const COOPERATION_FACETS: [Facet; 5] = [
    facet("directions", Terms::Fixed("direction_", words::<Direction>)),
    facet("topics", Terms::Fixed("topic_", words::<Topic>)),
    facet("sectors", Terms::Vocabulary(SECTORS)),
    facet("technologies", Terms::Vocabulary(TECHNOLOGIES)),
    facet("countries", Terms::Countries),
];

impl Listing {
    pub const ALL: [Listing; 3] = [
        Listing::Clusters,
        Listing::Organisations,
        Listing::Cooperation,
    ];
    pub fn facets(self) -> &'static [Facet] {
        match self {
            Listing::Clusters => &CLUSTER_FACETS,
            Listing::Organisations => &ORGANISATION_FACETS,
            Listing::Cooperation => &COOPERATION_FACETS,
        }
    }
    pub fn facet(self, name: &str) -> Option<&'static Facet> {
        self.facets().iter().find(|f| f.name == name)
    }
    pub fn kind(self) -> Kind {
        match self {
            Listing::Clusters => Kind::Cluster,
            Listing::Organisations => Kind::Organisation,
            Listing::Cooperation => Kind::Cooperation,
        }
    }
    /// The folder of the list; the clusters' term pages sit at the root (`/sectors/x/`),
    /// as the contract has it, the others' under their folder.
    pub fn folder(self) -> &'static str {
        self.kind().folder()
    }
    /// The path (without language) under which a facet's term pages are: `sectors`,
    /// `organisations/kinds`.
    pub fn facet_path(self, facet: &str) -> String {
        match self {
            Listing::Clusters => facet.to_string(),
            _ => format!("{}/{facet}", self.folder()),
        }
    }
    /// URL of page `page` of the list, or of one facet term's part of it.
    pub fn url(self, lang: &str, facet: Option<(&str, &str)>, page: usize) -> String {
        let base = match facet {
            None => format!("{}/", self.folder()),
            Some((f, t)) => format!("{}/{t}/", self.facet_path(f)),
        };
        routes::paged(&routes::url(lang, &base), page)
    }
    /// Which records of the site the list holds: expired cooperation requests leave it.
    fn listed(self, site: &Site) -> Vec<usize> {
        match self {
            Listing::Clusters => (0..site.clusters.len()).collect(),
            Listing::Organisations => (0..site.organisations.len()).collect(),
            Listing::Cooperation => (0..site.cooperation.len())
                .filter(|i| !site.cooperation[*i].expired(site.build_date))
                .collect(),
        }
    }
    /// The terms record `i` has, by facet.
    fn terms_of(self, site: &Site, i: usize, add: &mut dyn FnMut(&'static str, &str)) {
        let each = |add: &mut dyn FnMut(&'static str, &str), f: &'static str, list: &[String]| {
            list.iter().for_each(|t| add(f, t))
        };
        match self {
            Listing::Clusters => {
                let c = &site.clusters[i];
                each(add, "sectors", &c.sectors);
                c.region.iter().for_each(|r| add("regions", r));
                each(add, "technologies", &c.technologies);
                c.labels
                    .iter()
                    .filter(|l| l.is_current(site.build_date))
                    .for_each(|l| add("labels", &l.scheme));
            }
            Listing::Organisations => {
                let o = &site.organisations[i];
                add("kinds", o.kind.as_str());
                o.size.iter().for_each(|s| add("sizes", s.as_str()));
                each(add, "sectors", &o.sectors);
                each(add, "technologies", &o.technologies);
                o.region.iter().for_each(|r| add("regions", r));
                add("countries", &o.country);
                each(add, "clusters", &o.clusters);
            }
            Listing::Cooperation => {
                let c = &site.cooperation[i];
                add("directions", c.direction.as_str());
                add("topics", c.topic.as_str());
                each(add, "sectors", &c.sectors);
                each(add, "technologies", &c.technologies);
                each(add, "countries", &c.countries);
            }
        }
    }
}

/// The words of a fixed list, in its order.
fn words<T: FixedList>() -> Vec<&'static str> {
    T::ALL.iter().map(|v| v.as_str()).collect()
}

/// Which records each list and each term page lists, computed once per build (every list
/// page and facet list reads it; recomputing per page made large builds quadratic).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FacetIndex {
    /// (list, facet) -> term -> indices into the site's records of the list's kind. Terms
    /// are looked up by `&str`: building the index for 50,000 organisations allocates a
    /// string per term, not per membership.
    members: BTreeMap<(Listing, &'static str), BTreeMap<String, Vec<usize>>>,
    /// The records each list holds, in order.
    listed: BTreeMap<Listing, Vec<usize>>,
    /// For a facet of more than [`MAX_LISTED_TERMS`] terms, the terms list pages show: the
    /// ones with the most records. Chosen once, so that no page walks every term.
    shortlists: BTreeMap<(Listing, &'static str), Vec<String>>,
}

/// The most terms a facet lists on a list page. Every list and term page shows its facets, so
/// listing every term would make output grow with the square of the terms (2,000 sectors
/// wrote 2 GB); a facet of more terms lists the [`MAX_LISTED_TERMS`] with the most records,
/// and the others are reached from where they are shown (profiles, the sectors page). An
/// open-ended facet (clusters, countries) lists only the page's own term: a programme of a
/// thousand clusters has a thousand terms in the organisations' `clusters` facet.
pub const MAX_LISTED_TERMS: usize = 60;

/// Which terms a facet lists on a list page.
pub enum Listed<'a> {
    Every,
    /// These (by most records), and the page's own term.
    Shortlist(&'a [String]),
    /// The page's own term only.
    OwnTerm,
}

impl FacetIndex {
    pub fn new(site: &Site) -> Self {
        let mut members: BTreeMap<(Listing, &'static str), BTreeMap<String, Vec<usize>>> =
            BTreeMap::new();
        let mut listed = BTreeMap::new();
        for listing in Listing::ALL {
            for f in listing.facets() {
                let terms = members.entry((listing, f.name)).or_default();
                // The clusters' vocabulary terms have a page even when no cluster has them
                // (the home page and the sectors page link every sector).
                if let (Listing::Clusters, Terms::Vocabulary(vocab)) = (listing, f.terms) {
                    for (term, _) in site.taxonomies.terms(vocab) {
                        terms.entry(term.clone()).or_default();
                    }
                }
            }
            let records = listing.listed(site);
            for &i in &records {
                listing.terms_of(site, i, &mut |facet, term| {
                    let terms = members
                        .get_mut(&(listing, facet))
                        .expect("facet of the list");
                    let list = match terms.get_mut(term) {
                        Some(list) => list,
                        None => terms.entry(term.to_string()).or_default(),
                    };
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                });
            }
            // A term every record has (the one country of a national programme's members)
            // would repeat the whole list page for page: it has none. Vocabulary terms keep
            // theirs, since profiles link them.
            let all = records.len();
            for f in listing.facets() {
                if !matches!(f.terms, Terms::Vocabulary(_)) {
                    let terms = members
                        .get_mut(&(listing, f.name))
                        .expect("facet of the list");
                    terms.retain(|_, list| list.len() < all);
                }
            }
            listed.insert(listing, records);
        }
        let shortlists = members
            .iter()
            .filter(|((listing, facet), terms)| {
                terms.len() > MAX_LISTED_TERMS
                    && !listing.facet(facet).is_some_and(|f| f.is_open_ended())
            })
            .map(|(key, terms)| {
                let mut by_size: Vec<(&String, usize)> =
                    terms.iter().map(|(t, list)| (t, list.len())).collect();
                by_size.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                let top = by_size.into_iter().take(MAX_LISTED_TERMS);
                (*key, top.map(|(t, _)| t.clone()).collect())
            })
            .collect();
        FacetIndex {
            members,
            listed,
            shortlists,
        }
    }
    /// Which of a facet's terms list pages show.
    pub fn listed_terms(&self, listing: Listing, facet: &'static str) -> Listed<'_> {
        if let Some(short) = self.shortlists.get(&(listing, facet)) {
            return Listed::Shortlist(short);
        }
        let many = self
            .members
            .get(&(listing, facet))
            .is_some_and(|terms| terms.len() > MAX_LISTED_TERMS);
        match many {
            true => Listed::OwnTerm,
            false => Listed::Every,
        }
    }
    /// The term as the index holds it, if it has a page.
    pub fn term_named(&self, listing: Listing, facet: &'static str, term: &str) -> Option<&String> {
        let terms = self.members.get(&(listing, facet))?;
        terms.get_key_value(term).map(|(k, _)| k)
    }
    /// A term's count, if it has a page.
    pub fn count(&self, listing: Listing, facet: &'static str, term: &str) -> Option<usize> {
        self.members
            .get(&(listing, facet))
            .and_then(|terms| terms.get(term))
            .map(Vec::len)
    }
    /// The records a list holds (indices into the site's records of its kind).
    pub fn listed(&self, listing: Listing) -> &[usize] {
        self.listed.get(&listing).map(Vec::as_slice).unwrap_or(&[])
    }
    /// The records a term page lists.
    pub fn members(&self, listing: Listing, facet: &'static str, term: &str) -> &[usize] {
        self.members
            .get(&(listing, facet))
            .and_then(|terms| terms.get(term))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    /// Page 1 of a term's part of a list, or the whole list where the term has no page of
    /// its own (every record has it).
    pub fn term_url(
        &self,
        listing: Listing,
        lang: &str,
        facet: &'static str,
        term: &str,
    ) -> String {
        match self.members(listing, facet, term).is_empty() {
            true => listing.url(lang, None, 1),
            false => listing.url(lang, Some((facet, term)), 1),
        }
    }
    /// Terms that have a page, with their counts.
    pub fn terms(
        &self,
        listing: Listing,
        facet: &'static str,
    ) -> impl Iterator<Item = (&String, usize)> {
        self.members
            .get(&(listing, facet))
            .into_iter()
            .flatten()
            .map(|(t, v)| (t, v.len()))
    }
    /// Hash of one list's memberships (a change elsewhere leaves its pages alone).
    pub fn hash_of(&self, listing: Listing) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        self.listed(listing).hash(&mut h);
        self.members
            .iter()
            .filter(|((l, _), _)| *l == listing)
            .for_each(|e| e.hash(&mut h));
        h.finish()
    }
}
