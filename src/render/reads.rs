//! What a page showed of the site, recorded while it is rendered.
//!
//! Page builders reach records only through [`Reader`], which notes each record, each whole
//! list of records and each derived list it hands out. `serve` keeps these notes per page
//! and, after a change, renders again exactly the pages whose notes name something that
//! changed (`serve::incremental`): the rule for which pages a change affects is what the
//! renderer did, not a second description of it kept by hand.

use crate::model::{
    Call, Cluster, Cooperation, Document, Event, Kind, News, Organisation, Page, Site,
};
use crate::plan::facets::Listing;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};

/// A value computed from many records that a page shows; compared by its hash between
/// rounds ([`super::Renderer::derived_hash`] computes it now).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Derived {
    /// The header and footer of every page in a language: title, logo, colours, menu.
    Chrome(String),
    /// A list's facet memberships (counts, windows, term lists).
    Facets(Listing),
    /// Which records of a kind exist, in order (a list of them all shows that).
    Slugs(Kind),
    /// The events a cluster organises, newest first (its profile lists them).
    EventsOf(String),
    /// The news items naming a cluster, newest first.
    NewsOf(String),
    /// The organisations naming a cluster as theirs.
    MembersOf(String),
    /// The current cooperation requests an organisation posted.
    RequestsOf(String),
    /// A cluster's card in a language (lists show cards, not whole records).
    Card(String, String),
    /// Which clusters the home page features.
    Featured,
    /// The area maps draw (from the regions and every cluster's place): where a point is.
    MapFrame,
    /// The programme's figures (`crate::figures`).
    Figures,
}

/// What changed since the last round, as far as derived values can follow from it.
pub struct Changes<'a> {
    /// Records whose files changed (or that came or went), by kind and slug.
    pub records: &'a rustc_hash::FxHashSet<(Kind, &'a str)>,
    /// Kinds with such a record.
    pub kinds: &'a rustc_hash::FxHashSet<Kind>,
    /// Kinds whose records came or went.
    pub sets: &'a rustc_hash::FxHashSet<Kind>,
}

impl Derived {
    /// Whether `changes` can have changed this value at all: only then is it computed
    /// again and compared (most values stay as they were after an edit of one record).
    pub fn may_change(&self, changes: &Changes) -> bool {
        let kind = |k| changes.kinds.contains(&k);
        let set = |k| changes.sets.contains(&k);
        match self {
            // The logo and colours come from the brand, the menu from free pages,
            // and which sections it lists from whether records of the actors' kinds exist.
            Derived::Chrome(_) => {
                kind(Kind::Brand)
                    || kind(Kind::Page)
                    || [Kind::Organisation, Kind::Call, Kind::Cooperation]
                        .into_iter()
                        .any(set)
            }
            Derived::Facets(listing) => kind(listing.kind()),
            Derived::Featured | Derived::MapFrame => kind(Kind::Cluster),
            Derived::Figures => [Kind::Cluster, Kind::Organisation, Kind::Event, Kind::Call]
                .into_iter()
                .any(kind),
            Derived::MembersOf(_) => kind(Kind::Organisation) || set(Kind::Cluster),
            Derived::RequestsOf(_) => kind(Kind::Cooperation) || set(Kind::Organisation),
            Derived::Slugs(k) => set(*k),
            Derived::EventsOf(_) => kind(Kind::Event) || set(Kind::Cluster),
            Derived::NewsOf(_) => kind(Kind::News) || set(Kind::Cluster),
            Derived::Card(_, slug) => changes.records.contains(&(Kind::Cluster, slug.as_str())),
        }
    }
}

/// The notes of one page.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// Records shown, as (kind, position in the site's list of that kind).
    pub records: Vec<(Kind, usize)>,
    /// Kinds whose every record the page looks at (to filter, count or sort them).
    pub lists: Vec<Kind>,
    /// Derived values shown, with their hash then.
    pub derived: Vec<(Derived, u64)>,
}

/// Hash of a derived value (stable within one process, which is all `serve` needs).
pub fn hash_of(value: impl Hash) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// The site as one page's builder sees it: every record handed out is noted.
pub struct Reader<'s> {
    site: &'s Site,
    seen: RefCell<Seen>,
}

impl<'s> Reader<'s> {
    pub fn new(site: &'s Site) -> Self {
        Reader {
            site,
            seen: RefCell::new(Seen::default()),
        }
    }
    pub fn into_seen(self) -> Seen {
        self.seen.into_inner()
    }
    pub fn note(&self, kind: Kind, i: usize) {
        self.seen.borrow_mut().records.push((kind, i));
    }
    pub fn note_derived(&self, what: Derived, hash: u64) {
        self.seen.borrow_mut().derived.push((what, hash));
    }
    fn note_list(&self, kind: Kind) {
        let mut seen = self.seen.borrow_mut();
        if !seen.lists.contains(&kind) {
            seen.lists.push(kind);
        }
    }

    pub fn cluster(&self, i: usize) -> &'s Cluster {
        self.note(Kind::Cluster, i);
        &self.site.clusters[i]
    }
    pub fn event(&self, i: usize) -> &'s Event {
        self.note(Kind::Event, i);
        &self.site.events[i]
    }
    pub fn news(&self, i: usize) -> &'s News {
        self.note(Kind::News, i);
        &self.site.news[i]
    }
    pub fn document(&self, i: usize) -> &'s Document {
        self.note(Kind::Document, i);
        &self.site.documents[i]
    }
    pub fn page(&self, i: usize) -> &'s Page {
        self.note(Kind::Page, i);
        &self.site.pages[i]
    }
    pub fn organisation(&self, i: usize) -> &'s Organisation {
        self.note(Kind::Organisation, i);
        &self.site.organisations[i]
    }
    pub fn call(&self, i: usize) -> &'s Call {
        self.note(Kind::Call, i);
        &self.site.calls[i]
    }
    pub fn cooperation(&self, i: usize) -> &'s Cooperation {
        self.note(Kind::Cooperation, i);
        &self.site.cooperation[i]
    }
    /// A record of `kind` named by a reference (an organisation posting a request, a
    /// document of a call), noted as shown.
    pub fn named(&self, kind: Kind, slug: &str) -> Option<usize> {
        let i = self.site.position(kind, slug)?;
        self.note(kind, i);
        Some(i)
    }
    /// A cluster named by a reference (its name is shown where it is linked).
    pub fn cluster_named(&self, slug: &str) -> Option<&'s Cluster> {
        let i = self.site.position(Kind::Cluster, slug)?;
        Some(self.cluster(i))
    }

    pub fn all_clusters(&self) -> &'s [Cluster] {
        self.note_list(Kind::Cluster);
        &self.site.clusters
    }
    pub fn all_organisations(&self) -> &'s [Organisation] {
        self.note_list(Kind::Organisation);
        &self.site.organisations
    }
    pub fn all_events(&self) -> &'s [Event] {
        self.note_list(Kind::Event);
        &self.site.events
    }
    pub fn all_news(&self) -> &'s [News] {
        self.note_list(Kind::News);
        &self.site.news
    }
    pub fn all_documents(&self) -> &'s [Document] {
        self.note_list(Kind::Document);
        &self.site.documents
    }
    pub fn all_calls(&self) -> &'s [Call] {
        self.note_list(Kind::Call);
        &self.site.calls
    }
    pub fn all_pages(&self) -> &'s [Page] {
        self.note_list(Kind::Page);
        &self.site.pages
    }
    pub fn all_brand(&self) -> &'s [crate::model::BrandAsset] {
        self.note_list(Kind::Brand);
        &self.site.brand
    }
}
