//! View structs: what templates see (documented in `themes/default/README.md`).
//!
//! Each is built from the model for one page language; they borrow nothing from the
//! template engine and know nothing of it.

use crate::dates::{format_date, format_datetime};
use crate::markdown;
use crate::model::*;
use crate::routes;
use crate::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything a view needs to know about the page language.
pub struct Lang<'a> {
    pub tag: &'a str,
    pub strings: &'a BTreeMap<String, String>,
    pub site: &'a Site,
}

impl Lang<'_> {
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
    /// UI label of a fixed-list value: `kind_event_trade_fair`.
    pub fn label(&self, prefix: &str, value: &str) -> String {
        let key = format!("{prefix}{}", value.replace('-', "_"));
        self.strings
            .get(&key)
            .cloned()
            .unwrap_or_else(|| value.replace('-', " "))
    }
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        format_date(d, &self.fmt("date_format", "%-d %B %Y"), self.tag)
    }
    pub fn month(&self, ym: YearMonth) -> String {
        format_date(ym.first_day(), &self.fmt("month_format", "%B %Y"), self.tag)
    }
    fn fmt(&self, key: &str, default: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    }
    pub fn text(&self, t: &Text) -> LText {
        let r = t.resolve(self.tag);
        LText {
            text: r.text.to_string(),
            lang: r.lang,
            fallback: r.fallback,
        }
    }
    pub fn html(&self, t: &Text) -> LHtml {
        let r = t.resolve(self.tag);
        LHtml {
            html: markdown::to_html(r.text, self.tag),
            lang: r.lang,
            fallback: r.fallback,
        }
    }
    pub fn term(&self, vocabulary: &str, term: &str, facet_path: &str) -> Term {
        let empty = Text::english(term);
        let labels = self
            .site
            .taxonomies
            .term(vocabulary, term)
            .unwrap_or(&empty);
        let l = self.text(labels);
        Term {
            term: term.to_string(),
            label: l.text,
            lang: l.lang,
            fallback: l.fallback,
            url: routes::facet_term(self.tag, facet_path, term),
            count: None,
            active: false,
        }
    }
}

#[derive(Serialize, Clone)]
pub struct LText {
    pub text: String,
    pub lang: String,
    pub fallback: bool,
}

#[derive(Serialize, Clone)]
pub struct LHtml {
    pub html: String,
    pub lang: String,
    pub fallback: bool,
}

#[derive(Serialize, Clone)]
pub struct Term {
    pub term: String,
    pub label: String,
    pub lang: String,
    pub fallback: bool,
    pub url: String,
    pub count: Option<usize>,
    pub active: bool,
}

#[derive(Serialize, Clone)]
pub struct LabelView {
    pub scheme: String,
    pub name: String,
    pub tier: &'static str,
    /// The tier in the page language ("Gold", "Programme label").
    pub tier_label: String,
    /// The directory page of the label's current holders.
    pub url: String,
    pub awarded: String,
    pub valid_until: String,
    pub awarded_iso: String,
    pub valid_until_iso: String,
    pub score_pct: Option<f64>,
    pub current: bool,
    pub expired: bool,
}

pub fn label_name(l: &Lang, scheme: &str) -> String {
    match l.site.taxonomies.label_scheme(scheme) {
        Some(t) => l.text(t).text,
        None => l.label("label_scheme_", scheme),
    }
}

fn label_view(l: &Lang, label: &Label) -> LabelView {
    let current = label.is_current(l.site.build_date);
    LabelView {
        scheme: label.scheme.clone(),
        name: label_name(l, &label.scheme),
        tier: label.tier(),
        tier_label: l.label("label_tier_", label.tier()),
        url: routes::facet_term(l.tag, "labels", &label.scheme),
        awarded: l.month(label.awarded),
        valid_until: l.month(label.valid_until),
        awarded_iso: label.awarded.iso(),
        valid_until_iso: label.valid_until.iso(),
        score_pct: label.score_pct,
        current,
        expired: label.valid_until.last_day() < l.site.build_date,
    }
}

#[derive(Serialize, Clone)]
pub struct Image {
    pub url: String,
    pub alt: LText,
}

#[derive(Serialize, Clone)]
pub struct FacetData {
    pub sectors: String,
    pub region: String,
    pub technologies: String,
    pub labels: String,
}

#[derive(Serialize, Clone)]
pub struct ClusterCard {
    pub slug: String,
    pub url: String,
    pub name: LText,
    pub acronym: Option<String>,
    pub summary: LText,
    pub logo: Option<Image>,
    pub country: String,
    pub country_name: String,
    pub region: Option<Term>,
    pub sectors: Vec<Term>,
    pub technologies: Vec<Term>,
    pub labels: Vec<LabelView>,
    pub featured: bool,
    pub data: FacetData,
}

pub fn cluster_card(l: &Lang, c: &Cluster) -> ClusterCard {
    let labels: Vec<LabelView> = c
        .labels
        .iter()
        .map(|x| label_view(l, x))
        .filter(|x| x.current)
        .collect();
    ClusterCard {
        slug: c.slug.clone(),
        url: routes::cluster(l.tag, &c.slug),
        name: l.text(&c.name),
        acronym: c.acronym.clone(),
        summary: l.text(&c.summary),
        logo: c.logo.as_ref().map(|a| Image {
            url: a.url(),
            alt: c
                .logo_alt
                .as_ref()
                .map(|t| l.text(t))
                .unwrap_or_else(|| l.text(&c.name)),
        }),
        country: c.country.clone(),
        country_name: crate::countries::name(&c.country).to_string(),
        region: c.region.as_ref().map(|r| l.term(REGIONS, r, "regions")),
        sectors: c
            .sectors
            .iter()
            .map(|s| l.term(SECTORS, s, "sectors"))
            .collect(),
        technologies: c
            .technologies
            .iter()
            .map(|s| l.term(TECHNOLOGIES, s, "technologies"))
            .collect(),
        data: FacetData {
            sectors: c.sectors.join(" "),
            region: c.region.clone().unwrap_or_default(),
            technologies: c.technologies.join(" "),
            labels: labels
                .iter()
                .map(|x| x.scheme.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        },
        labels,
        featured: c.featured,
    }
}

#[derive(Serialize)]
pub struct ContactView {
    pub name: Option<String>,
    pub role: Option<LText>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Serialize)]
pub struct MembersView {
    pub total: Option<u32>,
    pub smes: Option<u32>,
    pub large: Option<u32>,
    pub research: Option<u32>,
    pub public: Option<u32>,
    pub other: Option<u32>,
    pub as_of: Option<String>,
    pub as_of_iso: Option<String>,
}

#[derive(Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct SocialLink {
    pub url: String,
    pub host: String,
}

#[derive(Serialize)]
pub struct ClusterView {
    #[serde(flatten)]
    pub card: ClusterCard,
    pub body: LHtml,
    pub website: String,
    pub contact: ContactView,
    pub founded: Option<i32>,
    pub members: Option<MembersView>,
    pub labels_current: Vec<LabelView>,
    pub labels_expired: Vec<LabelView>,
    pub social: Vec<SocialLink>,
    pub location: Option<BTreeMap<&'static str, f64>>,
    pub updated: String,
    pub updated_iso: String,
    pub events: Vec<EventCard>,
    pub news: Vec<NewsCard>,
    pub untranslated: bool,
}

pub fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or("")
        .trim_start_matches("www.")
        .to_string()
}

/// `events` and `news` are the cluster's own, newest first.
pub fn cluster_view(l: &Lang, c: &Cluster, events: &[&Event], news: &[&News]) -> ClusterView {
    let all: Vec<LabelView> = c.labels.iter().map(|x| label_view(l, x)).collect();
    ClusterView {
        card: cluster_card(l, c),
        body: l.html(&c.body),
        website: c.website.clone(),
        contact: ContactView {
            name: c.contact.name.clone(),
            role: c.contact.role.as_ref().map(|r| l.text(r)),
            email: c.contact.email.clone(),
            phone: c.contact.phone.clone(),
        },
        founded: c.founded,
        members: c.members.as_ref().map(|m| MembersView {
            total: m.total,
            smes: m.smes,
            large: m.large,
            research: m.research,
            public: m.public,
            other: m.other,
            as_of: m.as_of.map(|d| l.date(d)),
            as_of_iso: m.as_of.map(|d| d.to_string()),
        }),
        labels_current: all.iter().filter(|x| x.current).cloned().collect(),
        labels_expired: all.iter().filter(|x| x.expired).cloned().collect(),
        social: c
            .social
            .iter()
            .map(|u| SocialLink {
                url: u.clone(),
                host: host_of(u),
            })
            .collect(),
        location: c
            .location
            .map(|(lat, lon)| BTreeMap::from([("lat", lat), ("lon", lon)])),
        updated: l.date(c.updated),
        updated_iso: c.updated.to_string(),
        events: events.iter().take(6).map(|e| event_card(l, e)).collect(),
        news: news.iter().take(6).map(|n| news_card(l, n)).collect(),
        untranslated: !is_translated(&[Some(&c.summary), Some(&c.body)], l.tag),
    }
}

/// A record counts as translated when all its main texts exist in the language.
pub fn is_translated(texts: &[Option<&Text>], lang: &str) -> bool {
    texts.iter().flatten().all(|t| t.has(lang))
}

#[derive(Serialize, Clone)]
pub struct EventCard {
    pub slug: String,
    pub url: String,
    pub title: LText,
    pub summary: LText,
    pub kind: EventKind,
    pub kind_label: String,
    pub status: EventStatus,
    pub status_label: String,
    pub cancelled: bool,
    pub postponed: bool,
    pub attendance: Attendance,
    pub attendance_label: String,
    pub when: String,
    pub start_iso: String,
    pub day: String,
    pub month_short: String,
    pub year: String,
    pub city: Option<String>,
    pub upcoming: bool,
    pub online: bool,
}

/// "12 March 2026, 09:00–17:00 CET" in the event's own zone, in the page language.
pub fn event_when(l: &Lang, s: &Schedule) -> String {
    let tf = l
        .strings
        .get("time_format")
        .cloned()
        .unwrap_or_else(|| "%H:%M".into());
    match s {
        Schedule::AllDay { start, end } if start == end => l.date(*start),
        Schedule::AllDay { start, end } => format!("{} – {}", l.date(*start), l.date(*end)),
        Schedule::Timed { start, end, zone } => {
            let (ls, abbr) = zone.to_local(*start);
            let start_time = format_datetime(ls, &tf, l.tag);
            match end.map(|e| zone.to_local(e).0) {
                Some(le) if le.date() == ls.date() => {
                    format!(
                        "{}, {}–{} {}",
                        l.date(ls.date()),
                        start_time,
                        format_datetime(le, &tf, l.tag),
                        abbr
                    )
                }
                Some(le) => format!(
                    "{}, {} – {}, {} {}",
                    l.date(ls.date()),
                    start_time,
                    l.date(le.date()),
                    format_datetime(le, &tf, l.tag),
                    abbr
                ),
                None => format!("{}, {} {}", l.date(ls.date()), start_time, abbr),
            }
        }
    }
}

pub fn event_start_iso(s: &Schedule) -> String {
    match s {
        Schedule::AllDay { start, .. } => start.to_string(),
        Schedule::Timed { start, zone, .. } => match zone {
            EventZone::Named(tz) => start.with_timezone(tz).to_rfc3339(),
            EventZone::Offset(o) => start.with_timezone(o).to_rfc3339(),
        },
    }
}

pub fn event_end_iso(s: &Schedule) -> Option<String> {
    match s {
        Schedule::AllDay { end, .. } => Some(end.to_string()),
        Schedule::Timed { end, zone, .. } => end.map(|e| match zone {
            EventZone::Named(tz) => e.with_timezone(tz).to_rfc3339(),
            EventZone::Offset(o) => e.with_timezone(o).to_rfc3339(),
        }),
    }
}

pub fn event_card(l: &Lang, e: &Event) -> EventCard {
    let first = e.schedule.first_day();
    EventCard {
        slug: e.slug.clone(),
        url: routes::event(l.tag, &e.slug),
        title: l.text(&e.title),
        summary: l.text(&e.summary),
        kind: e.kind,
        kind_label: l.label("kind_event_", e.kind.as_str()),
        status: e.status,
        status_label: l.label("status_", e.status.as_str()),
        cancelled: e.status == EventStatus::Cancelled,
        postponed: e.status == EventStatus::Postponed,
        attendance: e.attendance,
        attendance_label: l.label("attendance_", e.attendance.as_str()),
        when: event_when(l, &e.schedule),
        start_iso: event_start_iso(&e.schedule),
        day: chrono::Datelike::day(&first).to_string(),
        month_short: format_date(first, "%b", l.tag),
        year: chrono::Datelike::year(&first).to_string(),
        city: e.venue.as_ref().and_then(|v| v.city.clone()),
        upcoming: e.is_upcoming(l.site.build_date),
        online: e.attendance != Attendance::Offline,
    }
}

#[derive(Serialize)]
pub struct VenueView {
    pub name: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub country_name: Option<String>,
}

#[derive(Serialize)]
pub struct EventView {
    #[serde(flatten)]
    pub card: EventCard,
    pub body: Option<LHtml>,
    pub venue: Option<VenueView>,
    pub online_url: Option<String>,
    pub registration_url: Option<String>,
    pub organisers: Vec<Link>,
    pub languages: Vec<String>,
    pub ics_url: String,
    pub end_iso: Option<String>,
    pub time_zone: Option<String>,
    pub all_day: bool,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
}

pub fn organiser_links(l: &Lang, e: &Event) -> Vec<Link> {
    e.organisers
        .iter()
        .map(|o| match o {
            Organiser::Programme => Link {
                name: l.text(&l.site.config.title).text,
                url: routes::home(l.tag),
            },
            Organiser::Cluster(s) => Link {
                name: l
                    .site
                    .cluster(s)
                    .map(|c| l.text(&c.name).text)
                    .unwrap_or_else(|| s.clone()),
                url: routes::cluster(l.tag, s),
            },
        })
        .collect()
}

pub fn event_view(l: &Lang, e: &Event) -> EventView {
    EventView {
        card: event_card(l, e),
        body: e.body.as_ref().map(|b| l.html(b)),
        venue: e.venue.as_ref().map(|v| VenueView {
            name: v.name.clone(),
            address: v.address.clone(),
            city: v.city.clone(),
            country: v.country.clone(),
            country_name: v
                .country
                .as_deref()
                .map(|c| crate::countries::name(c).to_string()),
        }),
        online_url: e.online_url.clone(),
        registration_url: e.registration_url.clone(),
        organisers: organiser_links(l, e),
        languages: e
            .languages
            .iter()
            .map(|t| crate::render::theme::language_name(t).to_string())
            .collect(),
        ics_url: routes::event_ics(l.tag, &e.slug),
        end_iso: event_end_iso(&e.schedule),
        time_zone: match &e.schedule {
            Schedule::Timed { zone, .. } => zone.name().map(str::to_string),
            _ => None,
        },
        all_day: matches!(e.schedule, Schedule::AllDay { .. }),
        updated: e.updated.map(|d| l.date(d)),
        updated_iso: e.updated.map(|d| d.to_string()),
    }
}

#[derive(Serialize, Clone)]
pub struct NewsCard {
    pub slug: String,
    pub url: String,
    pub title: LText,
    pub summary: LText,
    pub kind: NewsKind,
    pub kind_label: String,
    pub success_story: bool,
    pub published: String,
    pub published_iso: String,
    pub image: Option<Image>,
    pub featured: bool,
}

pub fn news_card(l: &Lang, n: &News) -> NewsCard {
    NewsCard {
        slug: n.slug.clone(),
        url: routes::news(l.tag, &n.slug),
        title: l.text(&n.title),
        summary: l.text(&n.summary),
        kind: n.kind,
        kind_label: l.label("kind_news_", n.kind.as_str()),
        success_story: n.kind == NewsKind::SuccessStory,
        published: l.date(n.published),
        published_iso: n.published.to_string(),
        image: n.image.as_ref().map(|a| Image {
            url: a.url(),
            alt: n
                .image_alt
                .as_ref()
                .map(|t| l.text(t))
                .unwrap_or_else(|| l.text(&n.title)),
        }),
        featured: n.featured,
    }
}

#[derive(Serialize)]
pub struct NewsView {
    #[serde(flatten)]
    pub card: NewsCard,
    pub body: Option<LHtml>,
    pub authors: Vec<String>,
    pub clusters: Vec<Link>,
    pub sectors: Vec<Term>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
}

pub fn cluster_links(l: &Lang, slugs: &[String]) -> Vec<Link> {
    slugs
        .iter()
        .filter_map(|s| l.site.cluster(s))
        .map(|c| Link {
            name: l.text(&c.name).text,
            url: routes::cluster(l.tag, &c.slug),
        })
        .collect()
}

pub fn news_view(l: &Lang, n: &News) -> NewsView {
    NewsView {
        card: news_card(l, n),
        body: n.body.as_ref().map(|b| l.html(b)),
        authors: n.authors.clone(),
        clusters: cluster_links(l, &n.clusters),
        sectors: n
            .sectors
            .iter()
            .map(|s| l.term(SECTORS, s, "sectors"))
            .collect(),
        updated: n.updated.map(|d| l.date(d)),
        updated_iso: n.updated.map(|d| d.to_string()),
    }
}

#[derive(Serialize)]
pub struct FileView {
    pub lang: String,
    pub lang_name: String,
    pub url: String,
    pub size: String,
    pub size_bytes: u64,
    pub format: String,
    pub mime: &'static str,
}

pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", (bytes as f64 / 1024.0).round() as u64)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

pub fn mime_type(ext: &str) -> &'static str {
    match ext {
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "txt" => "text/plain",
        "csv" => "text/csv",
        _ => "application/octet-stream",
    }
}

#[derive(Serialize)]
pub struct DocumentView {
    pub slug: String,
    pub url: String,
    pub title: LText,
    pub description: Option<LText>,
    pub kind: DocumentKind,
    pub kind_label: String,
    pub published: Option<String>,
    pub published_iso: Option<String>,
    pub license: Option<String>,
    pub files: Vec<FileView>,
    pub clusters: Vec<Link>,
}

pub fn document_view(l: &Lang, d: &Document) -> DocumentView {
    // The reader's language first, then English, then the rest.
    let mut files: Vec<(&String, &Asset)> = d.files.iter().collect();
    files.sort_by_key(|(lang, _)| {
        (
            lang.as_str() != l.tag,
            lang.as_str() != "en",
            lang.to_string(),
        )
    });
    DocumentView {
        slug: d.slug.clone(),
        url: routes::document(l.tag, &d.slug),
        title: l.text(&d.title),
        description: d.description.as_ref().map(|t| l.text(t)),
        kind: d.kind,
        kind_label: l.label("kind_document_", d.kind.as_str()),
        published: d.published.map(|p| l.date(p)),
        published_iso: d.published.map(|p| p.to_string()),
        license: d.license.clone(),
        files: files
            .into_iter()
            .map(|(lang, a)| FileView {
                lang: lang.clone(),
                lang_name: crate::render::theme::language_name(lang).to_string(),
                url: a.url(),
                size: human_size(a.bytes),
                size_bytes: a.bytes,
                format: a.extension().to_uppercase(),
                mime: mime_type(&a.extension()),
            })
            .collect(),
        clusters: cluster_links(l, &d.clusters),
    }
}

#[derive(Serialize)]
pub struct VariantView {
    pub url: String,
    pub format: String,
    pub colourway: Colourway,
    pub colourway_label: String,
    pub min_width_px: Option<u32>,
    pub size: String,
    pub is_image: bool,
}

#[derive(Serialize)]
pub struct ColourView {
    pub name: String,
    pub hex: String,
    pub text_on: String,
    pub contrast: String,
}

#[derive(Serialize)]
pub struct BrandAssetView {
    pub slug: String,
    pub anchor: String,
    pub name: LText,
    pub kind: BrandKind,
    pub kind_label: String,
    pub primary: bool,
    pub alt: LText,
    pub variants: Vec<VariantView>,
    pub colours: Vec<ColourView>,
    pub usage: Option<LHtml>,
}

pub fn brand_view(l: &Lang, b: &BrandAsset) -> BrandAssetView {
    use crate::colour;
    BrandAssetView {
        slug: b.slug.clone(),
        anchor: b.slug.clone(),
        name: l.text(&b.name),
        kind: b.kind,
        kind_label: l.label("kind_brand_", b.kind.as_str()),
        primary: b.primary,
        alt: b
            .alt
            .as_ref()
            .map(|t| l.text(t))
            .unwrap_or_else(|| l.text(&b.name)),
        variants: b
            .variants
            .iter()
            .map(|v| VariantView {
                url: v.asset.url(),
                format: v.format.clone(),
                colourway: v.colourway,
                colourway_label: l.label("colourway_", v.colourway.as_str()),
                min_width_px: v.min_width_px,
                size: human_size(v.asset.bytes),
                is_image: matches!(
                    v.asset.extension().as_str(),
                    "svg" | "png" | "jpg" | "jpeg" | "webp" | "gif" | "avif"
                ),
            })
            .collect(),
        colours: b
            .colours
            .iter()
            .map(|c| {
                let rgb = colour::parse_hex(&c.hex).unwrap_or(colour::WHITE);
                let on = colour::text_on(rgb);
                ColourView {
                    name: c.name.clone(),
                    hex: c.hex.clone(),
                    text_on: colour::to_hex(on),
                    contrast: format!("{:.1}:1", colour::contrast(rgb, colour::WHITE)),
                }
            })
            .collect(),
        usage: b.usage.as_ref().map(|u| l.html(u)),
    }
}
