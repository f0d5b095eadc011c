//! The site map: every file a build writes, named once, with its URL.
//!
//! [`plan`] turns the site model and the theme into a list of [`Planned`] outputs. `build`
//! writes exactly that list (`pipeline::produce`), `serve` writes a selection of it, `check`
//! validates internal links against it, and the sitemap lists its pages. A new kind of output
//! is a new [`Output`] variant here: the compiler then asks how it is made (in
//! `pipeline::produce`) and no other list needs to follow by hand.

pub mod facets;
pub mod pages;

use crate::model::Site;
use crate::render::theme::Theme;
use crate::routes;
use facets::FacetIndex;
use pages::{PageJob, page_url};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;

/// One file of the built site (or, for the search index, one folder of files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// An HTML page in one language.
    Page(PageJob),
    /// A file of the theme's `static/` folder (`Theme::statics`, by its path).
    ThemeFile,
    /// A record's own file (logo, news image, document, brand file), copied as it is; an
    /// SVG is written as the sanitiser re-serialised it (`crate::svg::publish`).
    RecordFile {
        source: PathBuf,
    },
    /// A record's raster picture at one width in one format (`images`), resized from
    /// `source` through the image cache.
    ImageVariant {
        source: PathBuf,
        width: u32,
        format: crate::images::Format,
    },
    /// The brand page's press kit: every brand file in one zip.
    PressKit,
    /// The Open Graph image for pages of a language that have none of their own.
    SocialCard {
        lang: String,
    },
    Robots,
    /// `/sitemap.xml`; above [`crate::feeds::sitemap::MAX_URLS`] pages it is an index of parts.
    Sitemap,
    /// Part `n` (1-based) of a sitemap too large for one file.
    SitemapPart(usize),
    /// `/map/base.svg`: the regions every small map draws under its point.
    MapBase,
    ClustersJson,
    ClustersCsv,
    ClustersSchema,
    EventsJson,
    OrganisationsJson,
    OrganisationsCsv,
    OrganisationsSchema,
    CallsJson,
    CallsSchema,
    /// `/data/figures.json`: the programme in numbers.
    FiguresJson,
    FiguresSchema,
    Atom {
        lang: String,
    },
    /// The Atom feed of open calls in a language.
    CallsAtom {
        lang: String,
    },
    Calendar {
        lang: String,
    },
    /// One event's `.ics` (index into `Site::events`).
    EventCalendar {
        lang: String,
        event: usize,
    },
    /// One call's deadline as an `.ics` (index into `Site::calls`).
    CallCalendar {
        lang: String,
        call: usize,
    },
    /// The browser's search files for a language: a folder whose file names the search
    /// export derives from their content (`docs/search-format.md`).
    SearchFiles {
        lang: String,
    },
    /// `/_headers`: caching and security headers for Netlify and Cloudflare Pages (`deploy`).
    Headers,
    /// `/_redirects`: records' old URLs and each language's 404 page (`deploy`).
    Redirects,
    /// A page at a record's old URL (`aliases`) leading to its page.
    Alias(crate::deploy::AliasPage),
}

/// When an output can change, which is also the order in which `serve` writes them: pages
/// first (someone is looking at them), feeds and data files once edits pause, the search
/// index last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Pages,
    /// Files that follow from the settings, the theme and the brand alone.
    SiteFiles,
    /// Records' own files, copied.
    RecordFiles,
    /// Sitemap, open data, feeds and calendars: about every record, shown by no page.
    FeedsAndData,
    Search,
}

impl Output {
    /// What the output is, in a word (`showcase plan` shows it).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Output::Page(_) => "page",
            Output::ThemeFile => "theme-file",
            Output::RecordFile { .. } => "record-file",
            Output::ImageVariant { .. } => "image-variant",
            Output::PressKit => "press-kit",
            Output::SocialCard { .. } => "social-card",
            Output::Robots => "robots",
            Output::Sitemap => "sitemap",
            Output::SitemapPart(_) => "sitemap-part",
            Output::MapBase => "map",
            Output::ClustersJson
            | Output::ClustersCsv
            | Output::EventsJson
            | Output::OrganisationsJson
            | Output::OrganisationsCsv
            | Output::CallsJson
            | Output::FiguresJson => "open-data",
            Output::ClustersSchema
            | Output::OrganisationsSchema
            | Output::CallsSchema
            | Output::FiguresSchema => "schema",
            Output::Atom { .. } | Output::CallsAtom { .. } => "atom-feed",
            Output::Calendar { .. }
            | Output::EventCalendar { .. }
            | Output::CallCalendar { .. } => "calendar",
            Output::SearchFiles { .. } => "search-files",
            Output::Headers => "headers",
            Output::Redirects => "redirects",
            Output::Alias(_) => "alias",
        }
    }

    pub fn stage(&self) -> Stage {
        match self {
            Output::Page(_) => Stage::Pages,
            Output::ThemeFile
            | Output::PressKit
            | Output::SocialCard { .. }
            | Output::Robots
            | Output::ClustersSchema
            | Output::OrganisationsSchema
            | Output::CallsSchema
            | Output::FiguresSchema
            | Output::Headers => Stage::SiteFiles,
            Output::RecordFile { .. } | Output::ImageVariant { .. } => Stage::RecordFiles,
            Output::Sitemap
            | Output::SitemapPart(_)
            | Output::MapBase
            | Output::ClustersJson
            | Output::ClustersCsv
            | Output::EventsJson
            | Output::OrganisationsJson
            | Output::OrganisationsCsv
            | Output::CallsJson
            | Output::FiguresJson
            | Output::Atom { .. }
            | Output::CallsAtom { .. }
            | Output::Calendar { .. }
            | Output::EventCalendar { .. }
            | Output::CallCalendar { .. }
            | Output::Redirects
            | Output::Alias(_) => Stage::FeedsAndData,
            Output::SearchFiles { .. } => Stage::Search,
        }
    }
}

/// An output and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Path relative to the output folder, `/`-separated; a folder ends with `/`.
    pub path: String,
    pub output: Output,
}

impl Planned {
    fn new(path: String, output: Output) -> Self {
        Planned { path, output }
    }
    /// Site-relative URL: `/de/clusters/x/` for `de/clusters/x/index.html`.
    pub fn url(&self) -> String {
        url_of(&self.path)
    }
    /// Whether this entry is a folder of files named by the stage that writes them.
    pub fn is_folder(&self) -> bool {
        self.path.ends_with('/')
    }
}

/// The URL a file is reached at (the inverse of [`routes::output_path`]).
pub fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{path}"),
    }
}

/// What a site's build consists of.
pub struct SitePlan {
    /// Every output, pages first.
    pub outputs: Vec<Planned>,
    /// The directory's facet memberships, which the plan was made from (the renderer reads
    /// them too).
    pub facets: FacetIndex,
    /// How many of `outputs` are pages (they come first).
    pages: usize,
}

impl SitePlan {
    /// The page jobs, in plan order.
    pub fn pages(&self) -> impl ExactSizeIterator<Item = &PageJob> {
        self.outputs[..self.pages].iter().map(|p| match &p.output {
            Output::Page(job) => job,
            _ => unreachable!("pages come first in a plan"),
        })
    }
    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.pages
    }
    /// The outputs of one stage.
    pub fn stage(&self, stage: Stage) -> impl Iterator<Item = &Planned> {
        self.outputs
            .iter()
            .filter(move |p| p.output.stage() == stage)
    }
    /// The path of every planned file (folders not included).
    pub fn files(&self) -> HashSet<&str> {
        self.outputs
            .iter()
            .filter(|p| !p.is_folder())
            .map(|p| p.path.as_str())
            .collect()
    }
    /// The URL of every planned file (folders not included).
    pub fn urls(&self) -> HashSet<String> {
        self.outputs
            .iter()
            .filter(|p| !p.is_folder())
            .map(Planned::url)
            .collect()
    }
    /// Whether `url` (site-relative, without query or fragment) lies in a planned folder,
    /// whose files are named by the stage that writes them.
    pub fn in_folder(&self, url: &str) -> bool {
        self.outputs
            .iter()
            .filter(|p| p.is_folder())
            .any(|p| url.len() > p.path.len() + 1 && url.starts_with(&p.url()))
    }
}

/// The site map of `site` built with `theme`.
pub fn plan(site: &Site, theme: &Theme) -> SitePlan {
    plan_with(site, theme, FacetIndex::new(site))
}

/// What a site's plan follows from, hashed: the languages, every record's slug, the
/// records' files, the facet memberships and the theme's static files. `serve` reuses
/// the last plan while this stays the same (most edits change none of it).
pub fn key(site: &Site, theme: &Theme, facets: &FacetIndex) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    site.config.languages.hash(&mut h);
    for kind in crate::model::Kind::ALL {
        site.slugs(kind).for_each(|slug| slug.hash(&mut h));
        0xffu8.hash(&mut h);
    }
    for asset in site.assets() {
        (&asset.output, &asset.source, asset.dimensions).hash(&mut h);
    }
    theme.statics.keys().for_each(|k| k.hash(&mut h));
    facets.hash(&mut h);
    h.finish()
}

/// The site map, with the facet index made already.
pub fn plan_with(site: &Site, theme: &Theme, facets: FacetIndex) -> SitePlan {
    let jobs = pages::pages(site, &facets);
    let page_count = jobs.len();
    let mut outputs: Vec<Planned> = jobs
        .into_par_iter()
        .map(|job| {
            Planned::new(
                routes::output_path(&page_url(site, &job)),
                Output::Page(job),
            )
        })
        .collect();
    let sitemap_urls = outputs
        .iter()
        .filter(|p| matches!(&p.output, Output::Page(j) if crate::feeds::sitemap::listed(site, &j.kind)))
        .count();
    outputs.extend(others(site, theme, sitemap_urls));
    // Old URLs last: a page or file of the site that has taken one keeps it.
    let aliases = {
        let taken: HashSet<&str> = outputs.iter().map(|p| p.path.as_str()).collect();
        crate::deploy::alias_pages(site, &taken)
    };
    outputs.extend(
        aliases
            .into_iter()
            .map(|(path, a)| Planned::new(path, Output::Alias(a))),
    );
    SitePlan {
        outputs,
        facets,
        pages: page_count,
    }
}

/// Every output that is not a page.
fn others(site: &Site, theme: &Theme, sitemap_urls: usize) -> Vec<Planned> {
    let mut out = Vec::new();
    let mut add = |path: String, output: Output| out.push(Planned::new(path, output));
    for path in theme.statics.keys() {
        add(path.clone(), Output::ThemeFile);
    }
    add(crate::presskit::PATH.into(), Output::PressKit);
    add("robots.txt".into(), Output::Robots);
    add("_headers".into(), Output::Headers);
    add("_redirects".into(), Output::Redirects);
    add("data/clusters.schema.json".into(), Output::ClustersSchema);
    add(
        "data/organisations.schema.json".into(),
        Output::OrganisationsSchema,
    );
    add("data/calls.schema.json".into(), Output::CallsSchema);
    add("data/figures.schema.json".into(), Output::FiguresSchema);
    // Two records may share a file only if they write the same bytes to it, so one copy is
    // planned per output path.
    let mut copied = HashSet::new();
    let mut made = HashSet::new();
    for asset in site.assets() {
        if copied.insert(asset.output.as_str()) {
            add(
                asset.output.clone(),
                Output::RecordFile {
                    source: asset.source.clone(),
                },
            );
            // A raster picture also goes out in smaller widths and as WebP.
            for (path, width, format) in asset.picture().map(|p| p.variants()).unwrap_or_default() {
                if made.insert(path.clone()) {
                    add(
                        path,
                        Output::ImageVariant {
                            source: asset.source.clone(),
                            width,
                            format,
                        },
                    );
                }
            }
        }
    }
    add("sitemap.xml".into(), Output::Sitemap);
    if crate::geo::has_places(site) {
        add(crate::geo::BASE_PATH.into(), Output::MapBase);
    }
    if sitemap_urls > crate::feeds::sitemap::MAX_URLS {
        for n in 1..=sitemap_urls.div_ceil(crate::feeds::sitemap::MAX_URLS) {
            add(crate::feeds::sitemap::part_path(n), Output::SitemapPart(n));
        }
    }
    add("data/clusters.json".into(), Output::ClustersJson);
    add("data/clusters.csv".into(), Output::ClustersCsv);
    add("data/events.json".into(), Output::EventsJson);
    add("data/organisations.json".into(), Output::OrganisationsJson);
    add("data/organisations.csv".into(), Output::OrganisationsCsv);
    add("data/calls.json".into(), Output::CallsJson);
    add(
        crate::routes::figures_data().trim_start_matches('/').into(),
        Output::FiguresJson,
    );
    for lang in &site.config.languages {
        let file = |url: String| url.trim_start_matches('/').to_string();
        add(
            crate::feeds::social::path(lang),
            Output::SocialCard { lang: lang.clone() },
        );
        add(
            file(routes::atom(lang)),
            Output::Atom { lang: lang.clone() },
        );
        add(
            file(routes::calendar(lang)),
            Output::Calendar { lang: lang.clone() },
        );
        for (event, e) in site.events.iter().enumerate() {
            add(
                file(routes::event_ics(lang, &e.slug)),
                Output::EventCalendar {
                    lang: lang.clone(),
                    event,
                },
            );
        }
        add(
            file(routes::calls_atom(lang)),
            Output::CallsAtom { lang: lang.clone() },
        );
        for (call, c) in site.calls.iter().enumerate() {
            add(
                file(routes::call_ics(lang, &c.slug)),
                Output::CallCalendar {
                    lang: lang.clone(),
                    call,
                },
            );
        }
        add(
            crate::search::files_folder(lang),
            Output::SearchFiles { lang: lang.clone() },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::url_of;

    #[test]
    fn urls_of_files() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("de/clusters/x/index.html"), "/de/clusters/x/");
        assert_eq!(url_of("de/404.html"), "/de/404.html");
        assert_eq!(url_of("brand/press-kit.zip"), "/brand/press-kit.zip");
        assert_eq!(url_of("search/en/"), "/search/en/");
        assert_eq!(url_of("notindex.html"), "/notindex.html");
    }
}
