//! What every view is made of: the page language (`Lang`: UI strings, dates, texts with
//! their fallback) and the small pieces views share (texts, terms, links, images).
//!
//! Views are built from the model for one page language; they borrow nothing from the
//! template engine and know nothing of it (documented in `themes/default/README.md`).

use super::reads::Reader;
use crate::cldr;
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
    /// Notes what a page shows (see `reads`); `None` outside page rendering (search, feeds).
    pub reader: Option<&'a Reader<'a>>,
}

impl<'a> Lang<'a> {
    /// The language of a page that nobody reads records through (search, feeds).
    pub fn new(tag: &'a str, strings: &'a BTreeMap<String, String>, site: &'a Site) -> Self {
        Lang {
            tag,
            strings,
            site,
            reader: None,
        }
    }
    /// A cluster named by a reference, noted as shown.
    pub fn cluster_named(&self, slug: &str) -> Option<&'a Cluster> {
        match self.reader {
            Some(r) => r.cluster_named(slug),
            None => self.site.cluster(slug),
        }
    }
    /// The path the site is served under (`/`, `/programme/`): [`routes::base_path`].
    pub fn base(&self) -> &'a str {
        routes::base_path(&self.site.config.base_url)
    }
    /// A site-relative URL as the page links it, under the site's path ([`routes::href`]).
    pub fn href(&self, url: &str) -> String {
        routes::href(self.base(), url)
    }
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
    // Dates, times, numbers and names as the page language writes them, from CLDR
    // (`crate::cldr`): the theme's strings say what things are called, not how to write them.
    /// A date: en "1 July 2026", de "1. Juli 2026", fr "1er juillet 2026".
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        cldr::long_date(self.tag, d)
    }
    /// A month and year: en "July 2026", pl "lipiec 2026".
    pub fn month(&self, ym: YearMonth) -> String {
        cldr::month_year(self.tag, ym.year, ym.month)
    }
    /// A time of day: "14:30", en-US "2:30 PM".
    pub fn time(&self, t: chrono::NaiveTime) -> String {
        cldr::time(self.tag, t)
    }
    /// A date and a time joined as the language joins them: "1 July 2026, 14:30".
    pub fn date_time(&self, date: &str, time: &str) -> String {
        cldr::date_time(self.tag, date, time)
    }
    /// A country's name: de "Norwegen" for `NO`.
    pub fn country(&self, code: &str) -> String {
        cldr::territory_name(self.tag, code)
    }
    /// A zone's name at an instant: de "Mitteleuropäische Sommerzeit"; a fixed offset in
    /// the language's GMT format ("GMT+02:00").
    pub fn zone(&self, zone: EventZone, at: chrono::DateTime<chrono::Utc>) -> String {
        match zone {
            EventZone::Named(tz) => cldr::zone_name(self.tag, tz, at),
            EventZone::Offset(o) => cldr::gmt_offset(self.tag, o.local_minus_utc()),
        }
    }
    /// A whole number: en `1,234`, de `1.234`, fr `1 234` (narrow no-break space), nb
    /// `1 234` (no-break space), es and pl `1234` but `12 345`.
    pub fn number(&self, n: u64) -> String {
        cldr::integer(self.tag, n)
    }
    /// "{n} clusters" in the form the language takes for `n` ([`super::plural`]).
    pub fn count(&self, key: &str, n: u64) -> String {
        let strings = |k: &str| self.strings.get(k).map(String::as_str);
        super::plural::count_text(strings, self.tag, key, n, &self.number(n))
            .unwrap_or_else(|| key.to_string())
    }
    /// An amount of money, rounded to whole units, as [`Self::number`].
    pub fn amount(&self, n: f64) -> String {
        // Half away from zero, as a person rounds (formatting alone rounds half to even).
        cldr::decimal(self.tag, n.round(), 0)
    }
    /// A share in whole percent by the language's pattern: en `42%`, de, fr and nb `42 %`
    /// (no-break space).
    pub fn percent(&self, n: u32) -> String {
        cldr::percent(self.tag, f64::from(n), 0)
    }
    /// A share of `part` in `whole`, in whole percent (rounded half up); empty for no whole.
    pub fn share(&self, part: u32, whole: u32) -> String {
        match whole {
            0 => String::new(),
            w => cldr::percent(
                self.tag,
                (f64::from(part) * 100.0 / f64::from(w)).round(),
                0,
            ),
        }
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
            html: markdown::to_html(r.text, self.tag, self.base()),
            lang: r.lang,
            fallback: r.fallback,
        }
    }
    /// [`Self::term`] of each of `terms`.
    pub fn terms(&self, vocabulary: &str, terms: &[String], facet_path: &str) -> Vec<Term> {
        terms
            .iter()
            .map(|t| self.term(vocabulary, t, facet_path))
            .collect()
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
            url: self.href(&routes::facet_term(self.tag, facet_path, term)),
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

impl LText {
    /// The language of an English fallback, for a `lang` attribute; `None` when the text is
    /// in the page's language.
    pub fn fallback_lang(&self) -> Option<String> {
        self.fallback.then(|| self.lang.clone())
    }
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
pub struct Image {
    pub url: String,
    pub alt: LText,
    /// The published files for `<picture>` (`m::picture` in the templates).
    pub pic: Pic,
}

impl Image {
    /// A record's image; its alt text falls back to `fallback` (the record's name or title).
    /// `shown` is how it is laid out, for `sizes` and the fallback `src`.
    pub fn of(l: &Lang, asset: &Asset, alt: Option<&Text>, fallback: &Text, shown: Shown) -> Image {
        Image {
            url: l.href(&asset.url()),
            alt: l.text(alt.unwrap_or(fallback)),
            pic: Pic::of(l.base(), asset, shown),
        }
    }
}

/// How a picture is laid out, in CSS pixels.
#[derive(Debug, Clone, Copy)]
pub enum Shown {
    /// As wide as a column of at most this width (the viewport's width below it).
    Column(u32),
    /// At this height, as wide as its aspect ratio makes it, up to a width.
    Height(u32, u32),
}

impl Shown {
    /// A record's logo: at most 96 px high (a profile's logo box), 160 px wide (a card's).
    pub const LOGO: Shown = Shown::Height(96, 160);
    /// A news item's image: the article column.
    pub const ARTICLE: Shown = Shown::Column(crate::images::NEWS_IMAGE_WIDTH);
    /// The site's logo in the header.
    pub const HEADER_LOGO: Shown = Shown::Height(48, 256);
}

/// A picture's `<img>`/`<source>` attributes: the fallback `src`, the `srcset` of its own
/// format and of WebP, `sizes`, and its intrinsic `width` and `height` (so the browser keeps
/// its place before it loads). An SVG has only `src` and its size.
#[derive(Serialize, Clone, Hash, Default)]
pub struct Pic {
    pub src: String,
    pub srcset: Option<String>,
    pub webp_srcset: Option<String>,
    pub sizes: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl Pic {
    /// `asset`'s picture, its URLs under the site's path `base` ([`Lang::base`]).
    pub fn of(base: &str, asset: &Asset, shown: Shown) -> Pic {
        let (width, height) = match asset.dimensions {
            Some((w, h)) => (Some(w), Some(h)),
            None => (None, None),
        };
        let Some(p) = asset.picture() else {
            return Pic {
                src: routes::href(base, &asset.url()),
                width,
                height,
                ..Pic::default()
            };
        };
        let (w, h) = p.size;
        let (display, sizes) = match shown {
            Shown::Column(c) => (c, format!("(max-width: {c}px) 100vw, {c}px")),
            Shown::Height(ht, max) => {
                let d = ((ht as u64 * w as u64) / h.max(1) as u64).clamp(1, max as u64) as u32;
                (d, format!("{d}px"))
            }
        };
        let webp = crate::images::Format::Webp;
        Pic {
            // Twice the laid-out width, for high-density screens, where there is one.
            src: routes::href(base, &p.src(display * 2)),
            srcset: (p.format != webp).then(|| routes::href_srcset(base, &p.srcset(p.format))),
            webp_srcset: Some(routes::href_srcset(base, &p.srcset(webp))),
            sizes: Some(sizes),
            width,
            height,
        }
    }
}

#[derive(Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// A link whose text is a record's name or title, which may be an English fallback.
#[derive(Serialize)]
pub struct TextLink {
    pub name: String,
    pub url: String,
    pub lang: String,
    pub fallback: bool,
}

impl TextLink {
    pub fn new(text: LText, url: String) -> Self {
        TextLink {
            name: text.text,
            url,
            lang: text.lang,
            fallback: text.fallback,
        }
    }
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

/// A record counts as translated when all its main texts exist in the language.
pub fn is_translated(texts: &[Option<&Text>], lang: &str) -> bool {
    texts.iter().flatten().all(|t| t.has(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_shares_follow_cldr_in_each_language() {
        let (site, _) = crate::assemble::testing::site(&[]).assemble();
        let site = site.expect("a site");
        let theme = crate::render::theme::load(std::path::Path::new("/nonexistent"), "default")
            .expect("built-in theme");
        let cases = [
            ("en", "1,234", "1,234,567", "0", "42%", "1,250,001"),
            ("de", "1.234", "1.234.567", "0", "42\u{a0}%", "1.250.001"),
            // French groups with a narrow no-break space (U+202F) and, as CLDR has it, puts
            // a no-break space before `%`; Norwegian a no-break space in both.
            (
                "fr",
                "1\u{202f}234",
                "1\u{202f}234\u{202f}567",
                "0",
                "42\u{a0}%",
                "1\u{202f}250\u{202f}001",
            ),
            (
                "nb",
                "1\u{a0}234",
                "1\u{a0}234\u{a0}567",
                "0",
                "42\u{a0}%",
                "1\u{a0}250\u{a0}001",
            ),
        ];
        for (tag, thousand, million, zero, share, amount) in cases {
            let strings = crate::render::theme::strings_for(&theme, tag);
            let l = Lang::new(tag, &strings, &site);
            assert_eq!(l.number(1234), thousand, "{tag}");
            assert_eq!(l.number(1_234_567), million, "{tag}");
            assert_eq!(l.number(0), zero, "{tag}");
            assert_eq!(l.number(999), "999", "{tag}");
            assert_eq!(l.percent(42), share, "{tag}");
            assert_eq!(l.amount(1_250_000.5), amount, "{tag}");
        }
    }
}
