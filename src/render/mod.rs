//! Rendering: every page of the site in every language, through the theme's templates.
//!
//! `plan` lists the pages (the one source of truth for what URLs exist, also used by
//! `check` to validate internal links); `Renderer::render` turns one of them into bytes.
//! Nothing here touches the disk: the caller streams pages to the output.

pub mod jsonld;
pub mod theme;
pub mod views;

use crate::colour;
use crate::diag::Diagnostic;
use crate::model::*;
use crate::routes;
use crate::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use theme::{Theme, language_name, og_locale};
use views::*;

/// Clusters per directory page.
pub const PAGE_SIZE: usize = 48;

/// Directory facets: (URL segment and vocabulary key in `views`, vocabulary in taxonomies).
pub const FACETS: [(&str, &str); 4] = [
    ("sectors", SECTORS),
    ("regions", REGIONS),
    ("technologies", TECHNOLOGIES),
    ("labels", "labels"),
];

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

#[derive(Debug, Clone)]
pub struct PageJob {
    pub lang: String,
    pub kind: PageKind,
}

/// Which clusters each facet term page lists, computed once per build (every directory page
/// and facet list reads it; recomputing per page made large builds quadratic).
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

/// Clusters that a facet term page lists (one-off use; page rendering uses [`FacetIndex`]).
pub fn facet_members<'a>(site: &'a Site, facet: &str, term: &str) -> Vec<&'a Cluster> {
    FacetIndex::new(site)
        .members(facet, term)
        .iter()
        .map(|i| &site.clusters[*i])
        .collect()
}

fn pages_of(n: usize) -> usize {
    n.div_ceil(PAGE_SIZE).max(1)
}

/// Every page the site has, in every language.
pub fn plan(site: &Site) -> Vec<PageJob> {
    let facets = FacetIndex::new(site);
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

#[derive(Serialize, Clone)]
struct Colours {
    primary: String,
    on_primary: String,
    accent: String,
    on_accent: String,
    link: String,
    text: String,
    muted: String,
    background: String,
    surface: String,
}

/// Brand colours made readable: fills get the text colour that contrasts best, and are
/// darkened until that text reaches 4.5:1; links are darkened until they do on white.
fn colours(site: &Site) -> Colours {
    let pick = |i: usize, default: &str| {
        site.brand_colour(i, colour::parse_hex(default).expect("valid default"))
    };
    let bg = colour::WHITE;
    let surface = colour::parse_hex("#f3f5f7").expect("valid");
    let fill = |c: colour::Rgb| {
        let on = colour::text_on(c);
        (colour::readable_on(c, on, 4.5), on)
    };
    let (primary, on_primary) = fill(pick(0, "#0b4f6c"));
    let (accent, on_accent) = fill(pick(1, "#c8553d"));
    let link = colour::readable_on(primary, surface, 4.6);
    let muted = colour::readable_on(colour::parse_hex("#5b6473").expect("valid"), surface, 4.6);
    Colours {
        primary: colour::to_hex(primary),
        on_primary: colour::to_hex(on_primary),
        accent: colour::to_hex(accent),
        on_accent: colour::to_hex(on_accent),
        link: colour::to_hex(link),
        text: "#1a1f2b".into(),
        muted: colour::to_hex(muted),
        background: colour::to_hex(bg),
        surface: colour::to_hex(surface),
    }
}

#[derive(Serialize, Clone)]
struct MenuItem {
    name: String,
    url: String,
    active: bool,
}

#[derive(Serialize, Clone)]
struct LogoView {
    url: String,
    negative_url: Option<String>,
    alt: String,
}

#[derive(Serialize, Clone)]
struct SiteBlock {
    title: String,
    description: String,
    base_url: String,
    home_url: String,
    search_url: String,
    feed_url: String,
    calendar_url: String,
    year: i32,
    logo: Option<LogoView>,
    colours: Colours,
    menu: Vec<MenuItem>,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    url: String,
    permalink: String,
    current: bool,
}

#[derive(Serialize)]
struct OpenGraph {
    #[serde(rename = "type")]
    kind: &'static str,
    image: String,
    image_alt: String,
    locale: String,
    locale_alternates: Vec<String>,
}

#[derive(Serialize)]
struct PageBlock {
    kind: &'static str,
    title: String,
    description: String,
    url: String,
    permalink: String,
    alternates: Vec<Alternate>,
    x_default: String,
    og: OpenGraph,
    jsonld: Option<String>,
    untranslated: bool,
    breadcrumbs: Vec<Link>,
    noindex: bool,
}

/// What differs per language but not per page.
struct LangData {
    strings: BTreeMap<String, String>,
    site: SiteBlock,
    /// Each cluster's card, made when a page first shows it: a build shows every card, but
    /// a `serve` round renders a few pages and should not pay for thousands of cards.
    cards: Vec<std::sync::OnceLock<ClusterCard>>,
    /// `lang`, `lang_name` and `t`, serialised once and cloned for each page.
    base: tera::Context,
}

pub struct Renderer<'s> {
    site: &'s Site,
    facets: FacetIndex,
    /// Events and news of each cluster, newest first (cluster index -> indices).
    cluster_events: Vec<Vec<usize>>,
    cluster_news: Vec<Vec<usize>>,
    tera: Arc<tera::Tera>,
    langs: BTreeMap<String, LangData>,
}

/// Default menu when site.toml has none.
fn default_menu(site: &Site) -> Vec<(Text, String, i64)> {
    let t = |en: &str| Text::english(en);
    let mut m = vec![
        (t("nav_clusters"), "/clusters/".to_string(), 10),
        (t("nav_events"), "/events/".to_string(), 20),
        (t("nav_news"), "/news/".to_string(), 30),
        (t("nav_documents"), "/documents/".to_string(), 40),
        (t("nav_brand"), "/brand/".to_string(), 50),
    ];
    for p in &site.pages {
        if let Some(w) = p.weight {
            m.push((p.title.clone(), format!("/{}/", p.slug), 100 + w));
        }
    }
    m
}

/// A theme's templates, compiled: `serve` keeps them while the theme is unchanged
/// (parsing them is a good part of a small rebuild).
pub fn compile_templates(theme: &Theme) -> Result<Arc<tera::Tera>, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        return Err(vec![template_error(&e, &theme.origin)]);
    }
    let required = [
        "index.html",
        "clusters.html",
        "cluster.html",
        "events.html",
        "event.html",
        "news.html",
    ];
    let missing: Vec<Diagnostic> = required
        .iter()
        .chain(
            [
                "news_list.html",
                "documents.html",
                "document.html",
                "brand.html",
                "page.html",
            ]
            .iter(),
        )
        .chain(["sectors.html", "search.html", "404.html"].iter())
        .filter(|t| !theme.templates.contains_key(**t))
        .map(|t| {
            Diagnostic::error(
                "E022",
                format!("template `{t}` is missing from {}", theme.origin),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(Arc::new(tera))
}

impl<'s> Renderer<'s> {
    pub fn new(site: &'s Site, theme: &Theme) -> Result<Self, Vec<Diagnostic>> {
        Ok(Self::with_templates(site, theme, compile_templates(theme)?))
    }

    /// A renderer with templates compiled earlier from `theme`.
    pub fn with_templates(site: &'s Site, theme: &Theme, tera: Arc<tera::Tera>) -> Self {
        let logo = site.primary_logo();
        let by_colourway =
            |cw: Colourway| logo.and_then(|b| b.variants.iter().find(|v| v.colourway == cw));
        let menu_src: Vec<(Text, String, i64)> = if site.config.menu.is_empty() {
            default_menu(site)
        } else {
            site.config
                .menu
                .iter()
                .map(|m| (m.name.clone(), m.url.clone(), m.weight))
                .collect()
        };
        let mut langs = BTreeMap::new();
        for lang in &site.config.languages {
            let strings = theme::strings_for(theme, lang);
            let l = Lang {
                tag: lang,
                strings: &strings,
                site,
            };
            let mut menu: Vec<(i64, MenuItem)> = menu_src
                .iter()
                .map(|(name, url, w)| {
                    let label = name.resolve(lang).text.to_string();
                    // Default entries name UI strings; configured ones are text.
                    let label = strings.get(&label).cloned().unwrap_or(label);
                    (
                        *w,
                        MenuItem {
                            name: label,
                            url: routes::url(lang, url),
                            active: false,
                        },
                    )
                })
                .collect();
            menu.sort_by_key(|(w, m)| (*w, m.url.clone()));
            let block = SiteBlock {
                title: l.text(&site.config.title).text,
                description: site
                    .config
                    .description
                    .as_ref()
                    .map(|d| l.text(d).text)
                    .unwrap_or_default(),
                base_url: site.config.base_url.clone(),
                home_url: routes::home(lang),
                search_url: routes::search(lang),
                feed_url: routes::atom(lang),
                calendar_url: routes::calendar(lang),
                year: chrono::Datelike::year(&site.build_date),
                logo: by_colourway(Colourway::Colour)
                    .or_else(|| logo.and_then(|b| b.variants.first()))
                    .map(|v| LogoView {
                        url: v.asset.url(),
                        negative_url: by_colourway(Colourway::Negative).map(|n| n.asset.url()),
                        alt: logo
                            .and_then(|b| b.alt.as_ref())
                            .map(|a| l.text(a).text)
                            .unwrap_or_else(|| l.text(&site.config.title).text),
                    }),
                colours: colours(site),
                menu: menu.into_iter().map(|(_, m)| m).collect(),
            };
            let cards = site
                .clusters
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect();
            langs.insert(
                lang.clone(),
                LangData {
                    base: {
                        let mut base = tera::Context::new();
                        base.insert("lang", lang);
                        base.insert("lang_name", language_name(lang));
                        base.insert("t", &strings);
                        base
                    },
                    strings,
                    site: block,
                    cards,
                },
            );
        }
        let mut cluster_events = vec![Vec::new(); site.clusters.len()];
        let mut events: Vec<usize> = (0..site.events.len()).collect();
        events.sort_by_key(|i| std::cmp::Reverse(site.events[*i].schedule.sort_key()));
        for i in events {
            for o in &site.events[i].organisers {
                if let Organiser::Cluster(slug) = o
                    && let Ok(c) = site
                        .clusters
                        .binary_search_by(|c| c.slug.as_str().cmp(slug))
                {
                    cluster_events[c].push(i);
                }
            }
        }
        let mut cluster_news = vec![Vec::new(); site.clusters.len()];
        let mut news: Vec<usize> = (0..site.news.len()).collect();
        news.sort_by(|a, b| {
            site.news[*b]
                .published
                .cmp(&site.news[*a].published)
                .then(site.news[*a].slug.cmp(&site.news[*b].slug))
        });
        for i in news {
            for slug in &site.news[i].clusters {
                if let Ok(c) = site
                    .clusters
                    .binary_search_by(|c| c.slug.as_str().cmp(slug))
                {
                    cluster_news[c].push(i);
                }
            }
        }
        Renderer {
            site,
            facets: FacetIndex::new(site),
            cluster_events,
            cluster_news,
            tera,
            langs,
        }
    }

    /// Render one page: its output path (relative to the site root) and bytes.
    pub fn render(&self, job: &PageJob) -> Result<(String, Vec<u8>), Diagnostic> {
        let site = self.site;
        let data = &self.langs[&job.lang];
        let l = Lang {
            tag: &job.lang,
            strings: &data.strings,
            site,
        };
        let url = page_url(site, job);
        let mut ctx = data.base.clone();
        let t = |k: &str| l.t(k);
        let home_crumb = Link {
            name: t("nav_home"),
            url: routes::home(&job.lang),
        };
        let mut crumbs = vec![home_crumb];
        let mut og_image: Option<(String, String)> = None;
        let mut untranslated = false;
        let mut jsonld = None;
        let (template, kind, title, description): (&str, &'static str, String, String) = match &job
            .kind
        {
            PageKind::Home => {
                ctx.insert("home", &self.home(&l, data));
                jsonld = Some(jsonld::website(site, &l));
                (
                    "index.html",
                    "home",
                    data.site.title.clone(),
                    data.site.description.clone(),
                )
            }
            PageKind::Directory { facet, page } => {
                let dir = self.directory(&l, data, facet, *page);
                let title = match &dir.filter {
                    Some(f) => format!("{}: {}", f.facet_label, f.term.label),
                    None => t("nav_clusters"),
                };
                let title = if *page > 1 {
                    format!("{title} ({} {page})", t("page"))
                } else {
                    title
                };
                crumbs.push(Link {
                    name: t("nav_clusters"),
                    url: routes::clusters(&job.lang),
                });
                ctx.insert("directory", &dir);
                (
                    "clusters.html",
                    "clusters",
                    title,
                    t("clusters_description"),
                )
            }
            PageKind::Cluster(i) => {
                let c = &site.clusters[*i];
                let events: Vec<&Event> = self.cluster_events[*i]
                    .iter()
                    .map(|e| &site.events[*e])
                    .collect();
                let news: Vec<&News> = self.cluster_news[*i]
                    .iter()
                    .map(|n| &site.news[*n])
                    .collect();
                let v = cluster_view(&l, c, &events, &news);
                untranslated = v.untranslated;
                crumbs.push(Link {
                    name: t("nav_clusters"),
                    url: routes::clusters(&job.lang),
                });
                if let Some(logo) = c.logo.as_ref().filter(|l| shareable(&l.url())) {
                    og_image = Some((
                        site.config.permalink(&logo.url()),
                        v.card
                            .logo
                            .as_ref()
                            .map(|x| x.alt.text.clone())
                            .unwrap_or_default(),
                    ));
                }
                jsonld = Some(jsonld::organization(site, &l, c));
                ctx.insert("cluster", &v);
                (
                    "cluster.html",
                    "cluster",
                    v.card.name.text.clone(),
                    v.card.summary.text.clone(),
                )
            }
            PageKind::Sectors => {
                let sectors = self.facet_list(&l, "sectors", None);
                ctx.insert("sectors", &sectors);
                (
                    "sectors.html",
                    "sectors",
                    t("nav_sectors"),
                    t("sectors_description"),
                )
            }
            PageKind::Events => {
                let mut evs: Vec<&Event> = site.events.iter().collect();
                evs.sort_by_key(|e| (e.schedule.sort_key(), e.slug.clone()));
                let (up, past): (Vec<&Event>, Vec<&Event>) = evs
                    .into_iter()
                    .partition(|e| e.is_upcoming(site.build_date));
                ctx.insert(
                    "upcoming",
                    &up.iter().map(|e| event_card(&l, e)).collect::<Vec<_>>(),
                );
                ctx.insert(
                    "past",
                    &past
                        .iter()
                        .rev()
                        .map(|e| event_card(&l, e))
                        .collect::<Vec<_>>(),
                );
                (
                    "events.html",
                    "events",
                    t("nav_events"),
                    t("events_description"),
                )
            }
            PageKind::Event(i) => {
                let e = &site.events[*i];
                let v = event_view(&l, e);
                untranslated = !is_translated(
                    &[Some(&e.title), Some(&e.summary), e.body.as_ref()],
                    &job.lang,
                );
                crumbs.push(Link {
                    name: t("nav_events"),
                    url: routes::events(&job.lang),
                });
                jsonld = Some(jsonld::event(site, &l, e));
                ctx.insert("event", &v);
                (
                    "event.html",
                    "event",
                    v.card.title.text.clone(),
                    v.card.summary.text.clone(),
                )
            }
            PageKind::NewsList => {
                let items: Vec<NewsCard> = self
                    .news_sorted()
                    .iter()
                    .map(|n| news_card(&l, n))
                    .collect();
                ctx.insert("items", &items);
                (
                    "news_list.html",
                    "news_list",
                    t("nav_news"),
                    t("news_description"),
                )
            }
            PageKind::News(i) => {
                let n = &site.news[*i];
                let v = news_view(&l, n);
                untranslated = !is_translated(
                    &[Some(&n.title), Some(&n.summary), n.body.as_ref()],
                    &job.lang,
                );
                crumbs.push(Link {
                    name: t("nav_news"),
                    url: routes::news_list(&job.lang),
                });
                if let Some(img) = v.card.image.as_ref().filter(|i| shareable(&i.url)) {
                    og_image = Some((site.config.permalink(&img.url), img.alt.text.clone()));
                }
                jsonld = Some(jsonld::news_article(site, &l, n));
                ctx.insert("item", &v);
                (
                    "news.html",
                    "news",
                    v.card.title.text.clone(),
                    v.card.summary.text.clone(),
                )
            }
            PageKind::Documents => {
                let docs: Vec<DocumentView> = site
                    .documents
                    .iter()
                    .map(|d| document_view(&l, d))
                    .collect();
                ctx.insert("documents", &docs);
                (
                    "documents.html",
                    "documents",
                    t("nav_documents"),
                    t("documents_description"),
                )
            }
            PageKind::Document(i) => {
                let d = &site.documents[*i];
                let v = document_view(&l, d);
                untranslated = !is_translated(&[Some(&d.title), d.description.as_ref()], &job.lang);
                crumbs.push(Link {
                    name: t("nav_documents"),
                    url: routes::documents(&job.lang),
                });
                let desc = v
                    .description
                    .as_ref()
                    .map(|x| x.text.clone())
                    .unwrap_or_default();
                ctx.insert("document", &v);
                ("document.html", "document", v.title.text.clone(), desc)
            }
            PageKind::Brand => {
                let assets: Vec<BrandAssetView> =
                    site.brand.iter().map(|b| brand_view(&l, b)).collect();
                ctx.insert("assets", &assets);
                let kit = serde_json::json!({"url": "/brand/press-kit.zip", "size": self.press_kit_size_hint()});
                ctx.insert("press_kit", &kit);
                (
                    "brand.html",
                    "brand",
                    t("nav_brand"),
                    t("brand_description"),
                )
            }
            PageKind::Page(i) => {
                let p = &site.pages[*i];
                untranslated = !is_translated(&[Some(&p.title), Some(&p.body)], &job.lang);
                let description = p
                    .description
                    .as_ref()
                    .map(|d| l.text(d).text)
                    .unwrap_or_else(|| {
                        crate::markdown::plain_text(p.body.resolve(&job.lang).text, 160)
                    });
                let record = serde_json::json!({
                    "title": l.text(&p.title), "body": l.html(&p.body), "description": description,
                });
                ctx.insert("record", &record);
                ("page.html", "page", l.text(&p.title).text, description)
            }
            PageKind::Search => (
                "search.html",
                "search",
                t("nav_search"),
                t("search_description"),
            ),
            PageKind::NotFound => (
                "404.html",
                "not_found",
                t("not_found_title"),
                t("not_found_text"),
            ),
        };
        if !matches!(job.kind, PageKind::Home) {
            crumbs.push(Link {
                name: title.clone(),
                url: url.clone(),
            });
        }
        let alternates: Vec<Alternate> = site
            .config
            .languages
            .iter()
            .map(|other| {
                let u = page_url(
                    site,
                    &PageJob {
                        lang: other.clone(),
                        kind: job.kind.clone(),
                    },
                );
                Alternate {
                    lang: other.clone(),
                    name: language_name(other).to_string(),
                    permalink: site.config.permalink(&u),
                    url: u,
                    current: *other == job.lang,
                }
            })
            .collect();
        let (image, image_alt) = og_image.unwrap_or_else(|| {
            (
                site.config
                    .permalink(&crate::feeds::social::path(&job.lang)),
                data.site.title.clone(),
            )
        });
        let page = PageBlock {
            kind,
            title: title.clone(),
            description,
            permalink: site.config.permalink(&url),
            x_default: alternates
                .iter()
                .find(|a| a.lang == "en")
                .map(|a| a.permalink.clone())
                .unwrap_or_default(),
            og: OpenGraph {
                kind: match kind {
                    "news" => "article",
                    "home" => "website",
                    _ => "website",
                },
                image,
                image_alt,
                locale: og_locale(&job.lang),
                locale_alternates: site
                    .config
                    .languages
                    .iter()
                    .filter(|x| **x != job.lang)
                    .map(|x| og_locale(x))
                    .collect(),
            },
            alternates,
            url: url.clone(),
            jsonld,
            untranslated,
            breadcrumbs: crumbs,
            noindex: matches!(job.kind, PageKind::NotFound),
        };
        let mut site_block = data.site.clone();
        let section = url
            .trim_start_matches(&crate::config::Config::lang_prefix(&job.lang))
            .to_string();
        for m in &mut site_block.menu {
            let m_section = m
                .url
                .trim_start_matches(&crate::config::Config::lang_prefix(&job.lang))
                .to_string();
            m.active = m_section != "/" && section.starts_with(&m_section);
        }
        ctx.insert("site", &site_block);
        ctx.insert("page", &page);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| template_error(&e, &format!("template {template} ({url})")))?;
        Ok((routes::output_path(&url), html.into_bytes()))
    }

    fn press_kit_size_hint(&self) -> String {
        let total: u64 = self
            .site
            .brand
            .iter()
            .flat_map(|b| b.variants.iter())
            .map(|v| v.asset.bytes)
            .sum();
        human_size(total)
    }

    fn news_sorted(&self) -> Vec<&'s News> {
        let mut n: Vec<&News> = self.site.news.iter().collect();
        n.sort_by(|a, b| b.published.cmp(&a.published).then(a.slug.cmp(&b.slug)));
        n
    }

    fn facet_list(&self, l: &Lang, facet: &'static str, active: Option<&str>) -> Vec<Term> {
        let vocab = FACETS
            .iter()
            .find(|(f, _)| *f == facet)
            .map(|(_, v)| *v)
            .unwrap_or(facet);
        let mut terms: Vec<Term> = self
            .facets
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

    fn directory(
        &self,
        l: &Lang,
        data: &LangData,
        facet: &Option<(&'static str, String)>,
        page: usize,
    ) -> Directory {
        let all: Vec<usize>;
        let members: &[usize] = match facet {
            None => {
                all = (0..self.site.clusters.len()).collect();
                &all
            }
            Some((f, t)) => self.facets.members(f, t),
        };
        let total = members.len();
        let pages = pages_of(total);
        let clusters = members
            .iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|i| self.card(l, data, *i).clone())
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
                .map(|(f, _)| (f.to_string(), self.facet_list(l, f, active(f)))),
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
        Directory {
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

    /// Cluster `i`'s card in `data`'s language.
    fn card<'d>(&self, l: &Lang, data: &'d LangData, i: usize) -> &'d ClusterCard {
        data.cards[i].get_or_init(|| cluster_card(l, &self.site.clusters[i]))
    }

    fn home(&self, l: &Lang, data: &LangData) -> serde_json::Value {
        let site = self.site;
        let news = self.news_sorted();
        let mut stories: Vec<&&News> = news
            .iter()
            .filter(|n| n.kind == NewsKind::SuccessStory)
            .collect();
        stories.sort_by_key(|n| !n.featured);
        let mut upcoming: Vec<&Event> = site
            .events
            .iter()
            .filter(|e| e.is_upcoming(site.build_date))
            .collect();
        upcoming.sort_by_key(|e| (e.schedule.sort_key(), e.slug.clone()));
        let mut featured: Vec<&ClusterCard> = (0..site.clusters.len())
            .filter(|i| site.clusters[*i].featured)
            .map(|i| self.card(l, data, i))
            .collect();
        if featured.is_empty() {
            featured = (0..site.clusters.len().min(6))
                .map(|i| self.card(l, data, i))
                .collect();
        }
        let intro = site
            .config
            .description
            .as_ref()
            .map(|d| l.html(d))
            .or_else(|| {
                site.pages
                    .iter()
                    .find(|p| p.slug == "about")
                    .map(|p| l.html(&p.body))
            });
        serde_json::json!({
            "intro": intro,
            "stats": {
                "clusters": site.clusters.len(),
                "sectors": site.taxonomies.terms(SECTORS).count(),
                "regions": site.taxonomies.terms(REGIONS).count(),
                "events_upcoming": upcoming.len(),
                "success_stories": news.iter().filter(|n| n.kind == NewsKind::SuccessStory).count(),
            },
            "stories": stories.iter().take(3).map(|n| news_card(l, n)).collect::<Vec<_>>(),
            "upcoming": upcoming.iter().take(4).map(|e| event_card(l, e)).collect::<Vec<_>>(),
            "sectors": self.facet_list(l, "sectors", None),
            "featured": featured.into_iter().take(6).collect::<Vec<_>>(),
            "latest": news.iter().filter(|n| n.kind != NewsKind::SuccessStory).take(3).map(|n| news_card(l, n)).collect::<Vec<_>>(),
        })
    }
}

#[derive(Serialize)]
struct Filter {
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

#[derive(Serialize)]
struct Directory {
    clusters: Vec<ClusterCard>,
    total: usize,
    filter: Option<Filter>,
    facets: BTreeMap<String, Vec<Term>>,
    pagination: Option<Pagination>,
}

/// Whether link previews can show an image: Facebook, LinkedIn, X and the messengers take
/// PNG, JPEG, GIF and WebP for `og:image`, not SVG (an SVG logo gives way to the social card).
fn shareable(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// Escapes what matters in text and quoted attributes; unlike Tera's default it leaves `/`
/// alone, so URLs stay readable and pages smaller.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 16);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn template_error(e: &tera::Error, origin: &str) -> Diagnostic {
    // Tera nests the useful message in its sources.
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    Diagnostic::error("E022", format!("{origin}: {msg}"))
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
