//! What each page kind's builder returns ([`PageContent`]: its template, title, typed view)
//! and the frame every page gets around it (`page` in the templates: URLs in every
//! language, breadcrumbs, Open Graph, JSON-LD).

use super::kinds::brand::BrandView;
use super::kinds::call::{CallView, CallsView};
use super::kinds::cluster::ClusterView;
use super::kinds::cooperation::CooperationView;
use super::kinds::directory::DirectoryView;
use super::kinds::document::{DocumentView, DocumentsView};
use super::kinds::event::{EventView, EventsView};
use super::kinds::figures::FiguresView;
use super::kinds::home::HomeView;
use super::kinds::map::MapView;
use super::kinds::news::{NewsListView, NewsView};
use super::kinds::organisation::OrganisationView;
use super::kinds::page::PageView;
use super::lang::{Link, Term};
use super::theme::{language_name, og_locale};
use crate::model::Site;
use crate::plan::pages::{PageJob, PageKind, page_url};
use serde::Serialize;

/// One page as its kind's builder made it.
pub struct PageContent {
    pub template: &'static str,
    /// `page.kind` in the templates.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    /// The list page between the home page and this one in the breadcrumbs.
    pub parent: Option<Link>,
    /// The page's own crumb when it is not its title: "Page 2" after "Events", never
    /// "Events / Events (Page 2)".
    pub crumb: Option<String>,
    /// The title's language when it is an English fallback (its crumb is marked `lang`).
    pub title_lang: Option<String>,
    /// An image of the page's own for link previews: (permalink, alt text).
    pub og_image: Option<(String, String)>,
    pub jsonld: Option<String>,
    /// The page shows English text in place of its language's.
    pub untranslated: bool,
    /// Search engines should not index the page (an expired cooperation request).
    pub noindex: bool,
    pub view: View,
}

impl PageContent {
    pub fn new(template: &'static str, kind: &'static str, title: String, view: View) -> Self {
        PageContent {
            template,
            kind,
            title,
            description: String::new(),
            parent: None,
            crumb: None,
            title_lang: None,
            og_image: None,
            jsonld: None,
            untranslated: false,
            noindex: false,
            view,
        }
    }
}

/// The typed view of each page kind, under the names the templates use.
pub enum View {
    Home(HomeView),
    Directory(DirectoryView),
    Cluster(Box<ClusterView>),
    Sectors(Vec<Term>),
    Events(EventsView),
    Event(Box<EventView>),
    NewsList(NewsListView),
    News(Box<NewsView>),
    Documents(DocumentsView),
    Document(Box<DocumentView>),
    Brand(BrandView),
    Page(PageView),
    Organisation(Box<OrganisationView>),
    Calls(CallsView),
    Call(Box<CallView>),
    Cooperation(Box<CooperationView>),
    Figures(Box<FiguresView>),
    Map(Box<MapView>),
    /// Search and 404 pages: the frame is all they need.
    Nothing,
}

impl View {
    pub fn insert_into(&self, ctx: &mut tera::Context) {
        match self {
            View::Home(v) => ctx.insert("home", v),
            View::Directory(v) => ctx.insert("directory", v),
            View::Cluster(v) => ctx.insert("cluster", v),
            View::Sectors(v) => ctx.insert("sectors", v),
            View::Events(v) => {
                ctx.insert("upcoming", &v.upcoming);
                ctx.insert("past", &v.past);
                ctx.insert("pagination", &v.pagination);
            }
            View::Event(v) => ctx.insert("event", v),
            View::NewsList(v) => {
                ctx.insert("items", &v.items);
                ctx.insert("pagination", &v.pagination);
            }
            View::News(v) => ctx.insert("item", v),
            View::Documents(v) => {
                ctx.insert("documents", &v.documents);
                ctx.insert("pagination", &v.pagination);
                ctx.insert("total", &v.total);
                ctx.insert("groups", &v.groups);
            }
            View::Document(v) => ctx.insert("document", v),
            View::Brand(v) => {
                ctx.insert("assets", &v.assets);
                ctx.insert("press_kit", &v.press_kit);
            }
            View::Page(v) => ctx.insert("record", v),
            View::Organisation(v) => ctx.insert("organisation", v),
            View::Calls(v) => ctx.insert("calls", v),
            View::Call(v) => ctx.insert("call", v),
            View::Cooperation(v) => ctx.insert("request", v),
            View::Figures(v) => ctx.insert("figures", v),
            View::Map(v) => ctx.insert("map", v),
            View::Nothing => {}
        }
    }
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

/// One step of the breadcrumbs: `lang` when its name is an English fallback.
#[derive(Serialize)]
struct Crumb {
    name: String,
    url: String,
    lang: Option<String>,
}

impl From<Link> for Crumb {
    fn from(l: Link) -> Self {
        Crumb {
            name: l.name,
            url: l.url,
            lang: None,
        }
    }
}

/// `page` in the templates.
#[derive(Serialize)]
pub struct PageBlock {
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
    breadcrumbs: Vec<Crumb>,
    noindex: bool,
}

/// The frame of `job`'s page around `content` (`url`: its site-relative URL); `home` names the
/// home page's crumb (its URL as pages link it) and
/// `site_title` is the alt text of the default link-preview image.
pub fn page_block(
    site: &Site,
    job: &PageJob,
    url: &str,
    home: Link,
    site_title: &str,
    content: PageContent,
) -> (PageBlock, View, &'static str) {
    // Links as the browser follows them: under the path the site is served from.
    let base = crate::routes::base_path(&site.config.base_url);
    let href = |u: &str| crate::routes::href(base, u);
    let mut breadcrumbs: Vec<Crumb> = vec![home.into()];
    breadcrumbs.extend(content.parent.map(Crumb::from));
    if job.kind != PageKind::Home {
        breadcrumbs.push(match content.crumb {
            Some(name) => Crumb {
                name,
                url: href(url),
                lang: None,
            },
            None => Crumb {
                name: content.title.clone(),
                url: href(url),
                lang: content.title_lang,
            },
        });
    }
    // The page's versions in the languages it exists in.
    let alternates: Vec<Alternate> = site
        .config
        .languages
        .iter()
        .map(|other| PageJob {
            lang: other.clone(),
            kind: job.kind.clone(),
        })
        .filter(|other| crate::plan::pages::exists(site, other))
        .map(|other| {
            let other = &other.lang;
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
                url: href(&u),
                current: *other == job.lang,
            }
        })
        .collect();
    let (image, image_alt) = content.og_image.unwrap_or_else(|| {
        (
            site.config
                .permalink(&crate::feeds::social::path(&job.lang)),
            site_title.to_string(),
        )
    });
    let block = PageBlock {
        kind: content.kind,
        title: content.title,
        description: content.description,
        permalink: site.config.permalink(url),
        x_default: alternates
            .iter()
            .find(|a| a.lang == "en")
            .map(|a| a.permalink.clone())
            .unwrap_or_default(),
        og: OpenGraph {
            kind: if content.kind == "news" {
                "article"
            } else {
                "website"
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
        url: href(url),
        jsonld: content.jsonld,
        untranslated: content.untranslated,
        breadcrumbs,
        noindex: content.noindex || matches!(job.kind, PageKind::NotFound),
    };
    (block, content.view, content.template)
}

/// Whether link previews can show an image: Facebook, LinkedIn, X and the messengers take
/// PNG, JPEG, GIF and WebP for `og:image`, not SVG (an SVG logo gives way to the social card).
pub fn shareable(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|ext| path.ends_with(ext))
}
