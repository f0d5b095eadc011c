//! Rendering: one page of the site plan into HTML, through the theme's templates.
//!
//! Each page kind has a builder in `kinds/` that makes its typed view from the model
//! (`kinds::cluster::page`, `kinds::home::page`, ...); `frame` puts the parts every page
//! shares around it (`chrome`: title, logo, colours, menu; alternates, breadcrumbs, Open
//! Graph); Tera turns the result into HTML. Builders reach records through a
//! [`reads::Reader`], so each rendered page comes with a note of what it showed, from which
//! `serve` knows what a change affects. Nothing here touches the disk.

pub mod chrome;
pub mod collate;
pub mod frame;
pub mod jsonld;
pub mod kinds;
pub mod lang;
pub mod plural;
pub mod reads;
pub mod script;
pub mod templates;
pub mod theme;

use crate::diag::Diagnostic;
use crate::model::{Kind, Organiser, Poster, Site};
use crate::plan::facets::{FacetIndex, Listing};
use crate::plan::pages::{PageJob, PageKind, page_url};
use crate::routes;
use chrome::SiteBlock;
use frame::{PageContent, View};
use kinds::cluster::{ClusterCard, cluster_card};
use lang::{Lang, Link};
use reads::{Derived, Reader, Seen, hash_of};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use theme::{Theme, language_name};

use templates::TemplateFiles;
pub use templates::compile_templates;

/// What differs per language but not per page.
struct LangData {
    strings: BTreeMap<String, String>,
    site: SiteBlock,
    /// Hash of `site`, which every page shows.
    site_hash: u64,
    /// Each cluster's card, made when a page first shows it: a build shows every card, but
    /// a `serve` round renders a few pages and should not pay for thousands of cards. With
    /// the hash of what it shows, for the pages' notes.
    cards: Vec<OnceLock<(ClusterCard, u64)>>,
    /// `lang`, `lang_name` and `t`, serialised once and cloned for each page.
    base: tera::Context,
}

/// A rendered page and what it showed.
pub struct Rendered {
    pub html: Vec<u8>,
    pub seen: Seen,
}

pub struct Renderer<'s> {
    site: &'s Site,
    facets: &'s FacetIndex,
    /// Events and news of each cluster, newest first (cluster index -> indices).
    cluster_events: Vec<Vec<usize>>,
    cluster_news: Vec<Vec<usize>>,
    /// Organisations of each cluster, by name.
    cluster_members: Vec<Vec<usize>>,
    /// Current cooperation requests of each organisation.
    org_requests: Vec<Vec<usize>>,
    tera: Arc<tera::Tera>,
    /// To say which template file and line a rendering error is in.
    template_files: TemplateFiles,
    langs: BTreeMap<String, LangData>,
    facets_hash: [OnceLock<u64>; 3],
    /// The programme in numbers, computed when a page first shows them.
    figures: OnceLock<crate::figures::Figures>,
    /// Where maps are drawn, made when a page first shows one.
    map: OnceLock<Option<crate::geo::MapLayout>>,
}

/// What a page kind's builder works with: the page's language, the site as its reader
/// notes it, and the renderer's per-build indexes.
pub struct PageCx<'a> {
    pub l: &'a Lang<'a>,
    pub read: &'a Reader<'a>,
    renderer: &'a Renderer<'a>,
    data: &'a LangData,
}

impl<'a> PageCx<'a> {
    /// A UI string in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.l.t(key)
    }
    pub fn site(&self) -> &'a Site {
        self.renderer.site
    }
    /// The site's title and description in the page's language.
    pub fn site_title(&self) -> String {
        self.data.site.title.clone()
    }
    pub fn site_description(&self) -> String {
        self.data.site.description.clone()
    }
    /// The facet index, as far as `listing` goes.
    pub fn facets(&self, listing: Listing) -> &'a FacetIndex {
        self.read
            .note_derived(Derived::Facets(listing), self.renderer.facets_hash(listing));
        self.renderer.facets
    }
    /// Organisations naming cluster `i` as theirs, by name.
    pub fn members_of(&self, i: usize) -> &'a [usize] {
        let r = self.renderer;
        let d = Derived::MembersOf(r.site.clusters[i].slug.clone());
        self.read.note_derived(d.clone(), r.derived_hash(&d));
        &r.cluster_members[i]
    }
    /// Current cooperation requests organisation `i` posted.
    pub fn requests_of(&self, i: usize) -> &'a [usize] {
        let r = self.renderer;
        let d = Derived::RequestsOf(r.site.organisations[i].slug.clone());
        self.read.note_derived(d.clone(), r.derived_hash(&d));
        &r.org_requests[i]
    }
    /// Where maps are drawn; `None` when nothing in the site has a place.
    pub fn map_layout(&self) -> Option<&'a crate::geo::MapLayout> {
        let r = self.renderer;
        self.read
            .note_derived(Derived::MapFrame, r.derived_hash(&Derived::MapFrame));
        r.map_layout()
    }
    /// Cluster `i`'s card.
    pub fn card(&self, i: usize) -> &'a ClusterCard {
        let (card, hash) = self.renderer.card(self.data, self.l.tag, i);
        let slug = &self.renderer.site.clusters[i].slug;
        self.read
            .note_derived(Derived::Card(self.l.tag.to_string(), slug.clone()), hash);
        card
    }
    /// The clusters the home page features: those marked so, else the first few.
    pub fn featured(&self, few: usize) -> Vec<usize> {
        self.read.note_derived(
            Derived::Featured,
            self.renderer.derived_hash(&Derived::Featured),
        );
        featured(self.renderer.site, few)
    }
    /// Events cluster `i` organises, newest first.
    pub fn events_of(&self, i: usize) -> &'a [usize] {
        let r = self.renderer;
        let d = Derived::EventsOf(r.site.clusters[i].slug.clone());
        self.read.note_derived(d.clone(), r.derived_hash(&d));
        &r.cluster_events[i]
    }
    /// News items naming cluster `i`, newest first.
    pub fn news_of(&self, i: usize) -> &'a [usize] {
        let r = self.renderer;
        let d = Derived::NewsOf(r.site.clusters[i].slug.clone());
        self.read.note_derived(d.clone(), r.derived_hash(&d));
        &r.cluster_news[i]
    }
    /// The programme in numbers, counted from every cluster, organisation, event and call;
    /// noted by their hash, so an edit renders the pages showing them again only when a
    /// figure changes.
    pub fn figures(&self) -> &'a crate::figures::Figures {
        let r = self.renderer;
        self.read
            .note_derived(Derived::Figures, r.derived_hash(&Derived::Figures));
        r.figures()
    }
    /// How many organisations there are.
    pub fn organisation_count(&self) -> usize {
        let d = Derived::Slugs(Kind::Organisation);
        self.read
            .note_derived(d.clone(), self.renderer.derived_hash(&d));
        self.renderer.site.organisations.len()
    }
    /// The slugs of every cluster, in order (the unfiltered directory pages by them).
    pub fn cluster_count(&self) -> usize {
        let d = Derived::Slugs(Kind::Cluster);
        self.read
            .note_derived(d.clone(), self.renderer.derived_hash(&d));
        self.renderer.site.clusters.len()
    }
}

/// The clusters marked as featured, else the first `few`.
fn featured(site: &Site, few: usize) -> Vec<usize> {
    let marked: Vec<usize> = (0..site.clusters.len())
        .filter(|i| site.clusters[*i].featured)
        .collect();
    if marked.is_empty() {
        (0..site.clusters.len().min(few)).collect()
    } else {
        marked
    }
}

/// For each cluster, the records of `order` (indices, in the order to list them) that
/// `names` says concern it.
fn per_cluster<'s>(
    site: &'s Site,
    order: Vec<usize>,
    names: impl Fn(usize) -> Vec<&'s str>,
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); site.clusters.len()];
    for i in order {
        for slug in names(i) {
            if let Some(c) = site.position(Kind::Cluster, slug) {
                out[c].push(i);
            }
        }
    }
    out
}

impl<'s> Renderer<'s> {
    pub fn new(
        site: &'s Site,
        facets: &'s FacetIndex,
        theme: &Theme,
    ) -> Result<Self, Vec<Diagnostic>> {
        Ok(Self::with_templates(
            site,
            facets,
            theme,
            compile_templates(theme)?,
        ))
    }

    /// A renderer with templates compiled earlier from `theme`.
    pub fn with_templates(
        site: &'s Site,
        facets: &'s FacetIndex,
        theme: &Theme,
        tera: Arc<tera::Tera>,
    ) -> Self {
        let mut langs = BTreeMap::new();
        for lang in &site.config.languages {
            let strings = theme::strings_for(theme, lang);
            let l = Lang::new(lang, &strings, site);
            let block = chrome::site_block(&l, &strings);
            let mut base = tera::Context::new();
            base.insert("lang", lang);
            base.insert("lang_name", language_name(lang));
            base.insert("dir", theme::text_direction(lang));
            base.insert("search_strings", &search_client_strings(&strings));
            base.insert("t", &strings);
            // The path the site is served under (`/`, `/programme/`), for the theme's own
            // files: `{{ base_path }}style.css`.
            base.insert("base_path", routes::base_path(&site.config.base_url));
            langs.insert(
                lang.clone(),
                LangData {
                    site_hash: hash_of(&block),
                    site: block,
                    cards: site.clusters.iter().map(|_| OnceLock::new()).collect(),
                    base,
                    strings,
                },
            );
        }
        let mut events: Vec<usize> = (0..site.events.len()).collect();
        events.sort_by_key(|i| std::cmp::Reverse(site.events[*i].schedule.sort_key()));
        let cluster_events = per_cluster(site, events, |i| {
            site.events[i]
                .organisers
                .iter()
                .filter_map(|o| match o {
                    Organiser::Cluster(slug) => Some(slug.as_str()),
                    Organiser::Programme => None,
                })
                .collect()
        });
        let cluster_news = per_cluster(site, kinds::news::newest_first(site), |i| {
            site.news[i].clusters.iter().map(String::as_str).collect()
        });
        let mut by_name: Vec<usize> = (0..site.organisations.len()).collect();
        // Members are listed under their English names, in the order of CLDR's root
        // collation ("Ålesund Maritime" among the A's, not after Z).
        by_name.sort_by(|a, b| {
            let name = |i: &usize| site.organisations[*i].name.resolve("en").text;
            collate::compare("und", name(a), name(b)).then_with(|| {
                site.organisations[*a]
                    .slug
                    .cmp(&site.organisations[*b].slug)
            })
        });
        let cluster_members = per_cluster(site, by_name, |i| {
            site.organisations[i]
                .clusters
                .iter()
                .map(String::as_str)
                .collect()
        });
        let mut org_requests = vec![Vec::new(); site.organisations.len()];
        for (j, c) in site.cooperation.iter().enumerate() {
            if let Poster::Organisation(o) = &c.poster
                && !c.expired(site.build_date)
                && let Some(i) = site.position(Kind::Organisation, o)
            {
                org_requests[i].push(j);
            }
        }
        Renderer {
            site,
            facets,
            cluster_events,
            cluster_news,
            cluster_members,
            org_requests,
            tera,
            template_files: TemplateFiles::of(theme),
            langs,
            facets_hash: Default::default(),
            figures: OnceLock::new(),
            map: OnceLock::new(),
        }
    }

    fn figures(&self) -> &crate::figures::Figures {
        self.figures
            .get_or_init(|| crate::figures::Figures::of(self.site))
    }

    fn map_layout(&self) -> Option<&crate::geo::MapLayout> {
        self.map
            .get_or_init(|| crate::geo::MapLayout::of(self.site))
            .as_ref()
    }

    /// Cluster `i`'s card in `data`'s language, and its hash.
    fn card<'d>(&self, data: &'d LangData, lang: &str, i: usize) -> (&'d ClusterCard, u64) {
        let (card, hash) = data.cards[i].get_or_init(|| {
            let l = Lang::new(lang, &data.strings, self.site);
            let card = cluster_card(&l, &self.site.clusters[i]);
            let hash = hash_of(serde_json::to_vec(&card).unwrap_or_default());
            (card, hash)
        });
        (card, *hash)
    }

    fn facets_hash(&self, listing: Listing) -> u64 {
        *self.facets_hash[listing as usize].get_or_init(|| self.facets.hash_of(listing))
    }

    /// The hash a derived value has in this renderer's site: a page that showed it with
    /// another hash shows something else now.
    pub fn derived_hash(&self, what: &Derived) -> u64 {
        let site = self.site;
        let slugs = |list: &[usize], of: &dyn Fn(usize) -> &'s str| {
            hash_of(list.iter().map(|i| of(*i)).collect::<Vec<_>>())
        };
        match what {
            Derived::Chrome(lang) => self.langs.get(lang).map_or(0, |d| d.site_hash),
            Derived::Facets(listing) => self.facets_hash(*listing),
            Derived::Slugs(kind) => hash_of(site.slugs(*kind).collect::<Vec<_>>()),
            Derived::EventsOf(slug) => match site.position(Kind::Cluster, slug) {
                Some(c) => slugs(&self.cluster_events[c], &|i| &site.events[i].slug),
                None => 0,
            },
            Derived::NewsOf(slug) => match site.position(Kind::Cluster, slug) {
                Some(c) => slugs(&self.cluster_news[c], &|i| &site.news[i].slug),
                None => 0,
            },
            Derived::MembersOf(slug) => match site.position(Kind::Cluster, slug) {
                Some(c) => slugs(&self.cluster_members[c], &|i| &site.organisations[i].slug),
                None => 0,
            },
            Derived::RequestsOf(slug) => match site.position(Kind::Organisation, slug) {
                Some(o) => slugs(&self.org_requests[o], &|i| &site.cooperation[i].slug),
                None => 0,
            },
            Derived::Card(lang, slug) => {
                match (self.langs.get(lang), site.position(Kind::Cluster, slug)) {
                    (Some(data), Some(i)) => self.card(data, lang, i).1,
                    _ => 0,
                }
            }
            Derived::Featured => slugs(&featured(site, kinds::home::FEATURED), &|i| {
                &site.clusters[i].slug
            }),
            Derived::MapFrame => self.map_layout().map_or(0, |m| m.frame_hash()),
            Derived::Figures => hash_of(serde_json::to_vec(self.figures()).unwrap_or_default()),
        }
    }

    /// Render one page.
    pub fn render(&self, job: &PageJob) -> Result<Rendered, Diagnostic> {
        let site = self.site;
        let data = &self.langs[&job.lang];
        let read = Reader::new(site);
        read.note_derived(Derived::Chrome(job.lang.clone()), data.site_hash);
        let l = Lang {
            tag: &job.lang,
            strings: &data.strings,
            site,
            reader: Some(&read),
        };
        let cx = PageCx {
            l: &l,
            read: &read,
            renderer: self,
            data,
        };
        let content = match &job.kind {
            PageKind::Home => kinds::home::page(&cx),
            PageKind::List {
                listing,
                facet,
                page,
            } => kinds::directory::page(&cx, *listing, facet, *page),
            PageKind::Sectors => kinds::directory::sectors(&cx),
            PageKind::Figures => kinds::figures::page(&cx),
            PageKind::Cluster(i) => kinds::cluster::page(&cx, *i),
            PageKind::Events(n) => kinds::event::list(&cx, *n),
            PageKind::Event(i) => kinds::event::page(&cx, *i),
            PageKind::NewsList(n) => kinds::news::list(&cx, *n),
            PageKind::News(i) => kinds::news::page(&cx, *i),
            PageKind::Documents(n) => kinds::document::list(&cx, *n),
            PageKind::Document(i) => kinds::document::page(&cx, *i),
            PageKind::Brand => kinds::brand::page(&cx),
            PageKind::Page(i) => kinds::page::page(&cx, *i),
            PageKind::Organisation(i) => kinds::organisation::page(&cx, *i),
            PageKind::Calls => kinds::call::list(&cx, false),
            PageKind::CallArchive => kinds::call::list(&cx, true),
            PageKind::Call(i) => kinds::call::page(&cx, *i),
            PageKind::Cooperation(i) => kinds::cooperation::page(&cx, *i),
            PageKind::Map => kinds::map::page(&cx),
            PageKind::Search => {
                let mut p =
                    PageContent::new("search.html", "search", cx.t("nav_search"), View::Nothing);
                p.description = cx.t("search_description");
                p
            }
            PageKind::NotFound => {
                let mut p = PageContent::new(
                    "404.html",
                    "not_found",
                    cx.t("not_found_title"),
                    View::Nothing,
                );
                p.description = cx.t("not_found_text");
                p
            }
        };
        let url = page_url(site, job);
        let home = Link {
            name: l.t("nav_home"),
            url: l.href(&routes::home(&job.lang)),
        };
        let (page, view, template) =
            frame::page_block(site, job, &url, home, &data.site.title, content);
        let mut ctx = data.base.clone();
        view.insert_into(&mut ctx);
        ctx.insert(
            "site",
            &data.site.for_page(l.base(), &job.lang, &l.href(&url)),
        );
        ctx.insert("page", &page);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| self.template_files.error(&e))?;
        Ok(Rendered {
            html: html.into_bytes(),
            seen: read.into_seen(),
        })
    }
}

/// The search client's texts (`search_js_*` UI strings, without the prefix) as the JSON the
/// page gives `js/search.js` in `<script type="application/json" id="search-i18n">`: every
/// language the site speaks has them, not only those the script knows. `<` is escaped so
/// that no string can close the element.
fn search_client_strings(strings: &BTreeMap<String, String>) -> String {
    let client: BTreeMap<&str, &str> = strings
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("search_js_")?, v.as_str())))
        .collect();
    serde_json::to_string(&client)
        .expect("strings serialise")
        .replace('<', "\\u003c")
}
