//! The site model: every record validated, references resolved, immutable once assembled.
//!
//! Rendering, feeds and search read this; none of them see raw TOML or the template engine's
//! types. Vectors are sorted by slug so every later stage is deterministic.

#[macro_use]
mod fixed_list;
mod actors;
mod event;
pub use actors::*;
pub use event::*;
pub use fixed_list::FixedList;

use crate::config::Config;
use crate::text::Text;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub struct Site {
    pub config: Config,
    pub taxonomies: Taxonomies,
    pub clusters: Vec<Cluster>,
    pub events: Vec<Event>,
    pub news: Vec<News>,
    pub documents: Vec<Document>,
    pub brand: Vec<BrandAsset>,
    pub pages: Vec<Page>,
    pub organisations: Vec<Organisation>,
    pub calls: Vec<Call>,
    pub cooperation: Vec<Cooperation>,
    /// "Today" for everything that depends on the date (upcoming events, expired labels).
    pub build_date: NaiveDate,
    /// The regions drawn on maps (`content/map/regions.geojson`), when the site has them.
    pub map: Option<RegionMap>,
}

/// The programme's regions as maps draw them.
#[derive(Debug, Clone, Default)]
pub struct RegionMap {
    pub regions: Vec<RegionShape>,
}

/// One region of the `regions` vocabulary: polygons of rings (the outer one first) of
/// (lat, lon) points.
#[derive(Debug, Clone)]
pub struct RegionShape {
    pub region: String,
    pub polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

/// The programme's controlled vocabularies: vocabulary name -> term -> labels.
#[derive(Debug, Default, Clone)]
pub struct Taxonomies {
    pub vocabularies: BTreeMap<String, BTreeMap<String, Text>>,
}

pub const SECTORS: &str = "sectors";
pub const TECHNOLOGIES: &str = "technologies";
pub const REGIONS: &str = "regions";
/// Vocabularies whose terms are programme label schemes.
pub const LABEL_SCHEME_VOCABULARIES: [&str; 3] = ["label_schemes", "labels", "schemes"];
pub const EUCLES_SCHEMES: [&str; 3] = ["eucles-gold", "eucles-silver", "eucles-bronze"];

impl Taxonomies {
    pub fn term(&self, vocabulary: &str, term: &str) -> Option<&Text> {
        self.vocabularies.get(vocabulary)?.get(term)
    }
    pub fn terms(&self, vocabulary: &str) -> impl Iterator<Item = (&String, &Text)> {
        self.vocabularies.get(vocabulary).into_iter().flatten()
    }
    pub fn label_scheme(&self, scheme: &str) -> Option<&Text> {
        LABEL_SCHEME_VOCABULARIES
            .iter()
            .find_map(|v| self.term(v, scheme))
    }
}

/// A file a record ships (logo, document, brand variant), checked to lie inside its folder.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Canonical path on disk.
    pub source: PathBuf,
    /// Where it goes in the site, relative to the root: `clusters/oceanlab/logo.svg`.
    pub output: String,
    pub bytes: u64,
    /// Width and height in pixels (raster files from their header; SVGs from their size).
    pub dimensions: Option<(u32, u32)>,
}

impl Asset {
    /// The raster picture it is, published in several widths (`images`); `None` for an
    /// SVG, a document or a file whose size could not be read.
    pub fn picture(&self) -> Option<crate::images::Picture<'_>> {
        crate::images::Picture::new(&self.output, self.dimensions)
    }
    pub fn url(&self) -> String {
        format!("/{}", self.output)
    }
    pub fn file_name(&self) -> &str {
        self.output.rsplit('/').next().unwrap_or(&self.output)
    }
    pub fn extension(&self) -> String {
        self.file_name()
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default()
    }
}

/// Where a record came from, for messages and for `codeowners`.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Relative path of the English file.
    pub file: String,
    /// Relative paths of every file of the record (translations, assets' folder).
    pub paths: Vec<String>,
}

/// An old slug of a record (`aliases`): its old URL, in every language the record's page
/// has, becomes a page that redirects to the record's page (`plan::Output::Alias`), and a
/// line of `_redirects` (`deploy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub slug: String,
    /// Where it is written, for `check`'s messages about it.
    pub at: crate::source::Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn plus_months(self, n: u32) -> Self {
        let total = self.year * 12 + self.month as i32 - 1 + n as i32;
        YearMonth {
            year: total.div_euclid(12),
            month: total.rem_euclid(12) as u32 + 1,
        }
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("validated month")
    }
    /// Last day the label is valid: the end of its `valid_until` month.
    pub fn last_day(self) -> NaiveDate {
        self.plus_months(1)
            .first_day()
            .pred_opt()
            .expect("date in range")
    }
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

#[derive(Debug, Clone)]
pub struct Label {
    pub scheme: String,
    pub awarded: YearMonth,
    pub valid_until: YearMonth,
    pub score_pct: Option<f64>,
}

impl Label {
    /// A label is current from its award month to the end of its `valid_until` month.
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.awarded.first_day() <= today && today <= self.valid_until.last_day()
    }
    pub fn tier(&self) -> &'static str {
        match self.scheme.as_str() {
            "eucles-gold" => "gold",
            "eucles-silver" => "silver",
            "eucles-bronze" => "bronze",
            _ => "programme",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Members {
    pub total: Option<u32>,
    pub smes: Option<u32>,
    pub large: Option<u32>,
    pub research: Option<u32>,
    pub public: Option<u32>,
    pub other: Option<u32>,
    pub as_of: Option<NaiveDate>,
    /// Where the table is written, for `check`'s comparison with the listed members.
    pub at: Option<crate::source::Loc>,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub name: Option<String>,
    pub role: Option<Text>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Cluster {
    pub slug: String,
    pub name: Text,
    pub acronym: Option<String>,
    pub summary: Text,
    pub body: Text,
    pub country: String,
    pub region: Option<String>,
    pub sectors: Vec<String>,
    pub technologies: Vec<String>,
    pub founded: Option<i32>,
    pub members: Option<Members>,
    pub labels: Vec<Label>,
    pub website: String,
    pub contact: Contact,
    pub logo: Option<Asset>,
    pub logo_alt: Option<Text>,
    pub social: Vec<String>,
    pub location: Option<(f64, f64)>,
    pub updated: NaiveDate,
    pub maintainers: Vec<String>,
    pub featured: bool,
    /// Old slugs whose URLs redirect to the record's page (`aliases`).
    pub aliases: Vec<Alias>,
    pub origin: Origin,
}

fixed_list! {
    /// A news item's `kind`: success stories have their own list on the home page.
    pub enum NewsKind {
        #[default]
        News = "news",
        SuccessStory = "success-story",
    }
}

#[derive(Debug, Clone)]
pub struct News {
    pub slug: String,
    pub title: Text,
    pub summary: Text,
    pub body: Option<Text>,
    pub kind: NewsKind,
    pub published: NaiveDate,
    pub updated: Option<NaiveDate>,
    pub authors: Vec<String>,
    pub clusters: Vec<String>,
    pub sectors: Vec<String>,
    pub image: Option<Asset>,
    pub image_alt: Option<Text>,
    pub featured: bool,
    /// Old slugs whose URLs redirect to the record's page (`aliases`).
    pub aliases: Vec<Alias>,
    pub origin: Origin,
}

fixed_list! {
    /// A document's `kind`.
    pub enum DocumentKind {
        Strategy = "strategy",
        Report = "report",
        Study = "study",
        Brochure = "brochure",
        Policy = "policy",
        Presentation = "presentation",
        #[default]
        Other = "other",
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub slug: String,
    pub title: Text,
    pub description: Option<Text>,
    pub kind: DocumentKind,
    pub published: Option<NaiveDate>,
    /// Language tag -> file.
    pub files: BTreeMap<String, Asset>,
    pub clusters: Vec<String>,
    pub license: Option<String>,
    /// Old slugs whose URLs redirect to the record's page (`aliases`).
    pub aliases: Vec<Alias>,
    pub origin: Origin,
}

fixed_list! {
    /// A brand variant's colours (`colourway`).
    pub enum Colourway {
        #[default]
        Colour = "colour",
        Mono = "mono",
        Negative = "negative",
    }
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub asset: Asset,
    pub format: String,
    pub colourway: Colourway,
    pub min_width_px: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Colour {
    pub name: String,
    /// `#rrggbb`, lower case.
    pub hex: String,
}

fixed_list! {
    /// What a brand record holds (`kind`).
    pub enum BrandKind {
        #[default]
        Logo = "logo",
        Wordmark = "wordmark",
        WordPictureMark = "word-picture-mark",
        Palette = "palette",
        Typeface = "typeface",
        Template = "template",
        Photo = "photo",
    }
}

impl BrandKind {
    /// Kinds whose files are pictures, which need alternative text.
    pub fn is_image(self) -> bool {
        matches!(
            self,
            BrandKind::Logo | BrandKind::Wordmark | BrandKind::WordPictureMark | BrandKind::Photo
        )
    }
}

#[derive(Debug, Clone)]
pub struct BrandAsset {
    pub slug: String,
    pub name: Text,
    pub kind: BrandKind,
    pub variants: Vec<Variant>,
    pub alt: Option<Text>,
    pub colours: Vec<Colour>,
    pub usage: Option<Text>,
    pub primary: bool,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: Text,
    pub body: Text,
    pub description: Option<Text>,
    pub weight: Option<i64>,
    pub origin: Origin,
}

impl Site {
    pub fn cluster(&self, slug: &str) -> Option<&Cluster> {
        self.clusters
            .binary_search_by(|c| c.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.clusters[i])
    }
    /// Where the record `slug` of `kind` is in the site's list of that kind.
    pub fn position(&self, kind: Kind, slug: &str) -> Option<usize> {
        // Records are listed by file name, so by slug: a binary search finds them, and a
        // list that is not in that order still gets a plain scan.
        fn find<T>(list: &[T], slug: &str, of: fn(&T) -> &str) -> Option<usize> {
            match list.binary_search_by(|r| of(r).cmp(slug)) {
                Ok(i) => Some(i),
                Err(_) => list.iter().position(|r| of(r) == slug),
            }
        }
        match kind {
            Kind::Cluster => find(&self.clusters, slug, |r| &r.slug),
            Kind::Event => find(&self.events, slug, |r| &r.slug),
            Kind::News => find(&self.news, slug, |r| &r.slug),
            Kind::Document => find(&self.documents, slug, |r| &r.slug),
            Kind::Brand => find(&self.brand, slug, |r| &r.slug),
            Kind::Page => find(&self.pages, slug, |r| &r.slug),
            Kind::Organisation => find(&self.organisations, slug, |r| &r.slug),
            Kind::Call => find(&self.calls, slug, |r| &r.slug),
            Kind::Cooperation => find(&self.cooperation, slug, |r| &r.slug),
        }
    }
    /// The slug of the record at position `i` of `kind`'s list.
    pub fn slug(&self, kind: Kind, i: usize) -> Option<&str> {
        let slug = match kind {
            Kind::Cluster => &self.clusters.get(i)?.slug,
            Kind::Event => &self.events.get(i)?.slug,
            Kind::News => &self.news.get(i)?.slug,
            Kind::Document => &self.documents.get(i)?.slug,
            Kind::Brand => &self.brand.get(i)?.slug,
            Kind::Page => &self.pages.get(i)?.slug,
            Kind::Organisation => &self.organisations.get(i)?.slug,
            Kind::Call => &self.calls.get(i)?.slug,
            Kind::Cooperation => &self.cooperation.get(i)?.slug,
        };
        Some(slug)
    }
    /// The slugs of every record of `kind`, in the site's order.
    pub fn slugs(&self, kind: Kind) -> Box<dyn Iterator<Item = &str> + '_> {
        match kind {
            Kind::Cluster => Box::new(self.clusters.iter().map(|r| r.slug.as_str())),
            Kind::Event => Box::new(self.events.iter().map(|r| r.slug.as_str())),
            Kind::News => Box::new(self.news.iter().map(|r| r.slug.as_str())),
            Kind::Document => Box::new(self.documents.iter().map(|r| r.slug.as_str())),
            Kind::Brand => Box::new(self.brand.iter().map(|r| r.slug.as_str())),
            Kind::Page => Box::new(self.pages.iter().map(|r| r.slug.as_str())),
            Kind::Organisation => Box::new(self.organisations.iter().map(|r| r.slug.as_str())),
            Kind::Call => Box::new(self.calls.iter().map(|r| r.slug.as_str())),
            Kind::Cooperation => Box::new(self.cooperation.iter().map(|r| r.slug.as_str())),
        }
    }
    pub fn primary_logo(&self) -> Option<&BrandAsset> {
        let logos = || {
            self.brand
                .iter()
                .filter(|b| b.kind == BrandKind::Logo && !b.variants.is_empty())
        };
        logos().find(|b| b.primary).or_else(|| logos().next())
    }
    /// Every file the records ship (logos, images, document files, brand variants).
    pub fn assets(&self) -> impl Iterator<Item = &Asset> {
        self.clusters
            .iter()
            .flat_map(|c| c.logo.iter())
            .chain(self.news.iter().flat_map(|n| n.image.iter()))
            .chain(self.documents.iter().flat_map(|d| d.files.values()))
            .chain(
                self.brand
                    .iter()
                    .flat_map(|b| b.variants.iter().map(|v| &v.asset)),
            )
            .chain(self.organisations.iter().flat_map(|o| o.logo.iter()))
    }

    /// Colour `i` of the primary palette (0 = primary, 1 = accent), or `default`.
    pub fn brand_colour(&self, i: usize, default: crate::colour::Rgb) -> crate::colour::Rgb {
        self.primary_palette()
            .and_then(|p| p.colours.get(i))
            .and_then(|c| crate::colour::parse_hex(&c.hex))
            .unwrap_or(default)
    }

    /// The host of `base_url`, for permanent ids (`tag:` URIs, iCalendar UIDs).
    pub fn host(&self) -> &str {
        self.config
            .base_url
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split('/')
            .next()
            .unwrap_or("")
    }

    pub fn primary_palette(&self) -> Option<&BrandAsset> {
        let palettes = || self.brand.iter().filter(|b| !b.colours.is_empty());
        palettes().find(|b| b.primary).or_else(|| palettes().next())
    }
}

/// Record kinds and their folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Cluster,
    Event,
    News,
    Document,
    Brand,
    Page,
    Organisation,
    Call,
    Cooperation,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Cluster,
        Kind::Event,
        Kind::News,
        Kind::Document,
        Kind::Brand,
        Kind::Page,
        Kind::Organisation,
        Kind::Call,
        Kind::Cooperation,
    ];
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Cluster => "clusters",
            Kind::Event => "events",
            Kind::News => "news",
            Kind::Document => "documents",
            Kind::Brand => "brand",
            Kind::Page => "pages",
            Kind::Organisation => "organisations",
            Kind::Call => "calls",
            Kind::Cooperation => "cooperation",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::Cluster => "cluster",
            Kind::Event => "event",
            Kind::News => "news",
            Kind::Document => "document",
            Kind::Brand => "brand",
            Kind::Page => "page",
            Kind::Organisation => "organisation",
            Kind::Call => "call",
            Kind::Cooperation => "cooperation",
        }
    }
}

impl RegionShape {
    /// Whether `(lat, lon)` lies inside the region: inside an outer ring and none of its
    /// holes (a plane test on degrees, exact enough away from the poles and the date line).
    pub fn contains(&self, (lat, lon): (f64, f64)) -> bool {
        let flat =
            |ring: &Vec<(f64, f64)>| ring.iter().map(|&(la, lo)| (lo, la)).collect::<Vec<_>>();
        self.polygons.iter().any(|rings| {
            let mut rings = rings.iter();
            rings
                .next()
                .is_some_and(|outer| crate::geo::inside((lon, lat), &flat(outer)))
                && rings.all(|hole| !crate::geo::inside((lon, lat), &flat(hole)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_validity_runs_to_the_end_of_its_month() {
        let l = Label {
            scheme: "eucles-gold".into(),
            awarded: YearMonth {
                year: 2024,
                month: 11,
            },
            valid_until: YearMonth {
                year: 2024,
                month: 11,
            }
            .plus_months(24),
            score_pct: None,
        };
        assert_eq!(
            l.valid_until,
            YearMonth {
                year: 2026,
                month: 11
            }
        );
        assert!(l.is_current(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()));
        assert!(!l.is_current(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()));
        assert!(!l.is_current(NaiveDate::from_ymd_opt(2024, 10, 31).unwrap()));
    }
}
