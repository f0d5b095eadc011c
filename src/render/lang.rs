//! What every view is made of: the page language (`Lang`: UI strings, dates, texts with
//! their fallback) and the small pieces views share (texts, terms, links, images).
//!
//! Views are built from the model for one page language; they borrow nothing from the
//! template engine and know nothing of it (documented in `themes/default/README.md`).

use super::reads::Reader;
use crate::dates::format_date;
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
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        format_date(d, &self.fmt("date_format", "%-d %B %Y"), self.tag)
    }
    pub fn month(&self, ym: YearMonth) -> String {
        format_date(ym.first_day(), &self.fmt("month_format", "%B %Y"), self.tag)
    }
    /// A whole number in the language's format: en `1,234`, de `1.234`, fr `1 234` (narrow
    /// no-break space), nb `1 234` (no-break space): the theme's `thousands_separator`.
    pub fn number(&self, n: u64) -> String {
        integer(
            self.tag,
            self.strings.get("thousands_separator").map(String::as_str),
            n,
        )
    }
    /// "{n} clusters" in the form the language takes for `n` ([`super::plural`]).
    pub fn count(&self, key: &str, n: u64) -> String {
        let strings = |k: &str| self.strings.get(k).map(String::as_str);
        super::plural::count_text(strings, self.tag, key, n, &self.number(n))
            .unwrap_or_else(|| key.to_string())
    }
    /// An amount of money, rounded to whole units, as [`Self::number`].
    pub fn amount(&self, n: f64) -> String {
        let whole = n.round();
        let digits = group_digits(
            &(whole.abs() as u64).to_string(),
            &self.fmt("thousands_separator", ","),
        );
        if whole < 0.0 {
            format!("-{digits}")
        } else {
            digits
        }
    }
    /// A share in whole percent in the language's format (the theme's `percent`): en `42%`,
    /// de and nb `42 %` (no-break space), fr `42 %` (narrow no-break space).
    pub fn percent(&self, n: u32) -> String {
        self.fmt("percent", "{n}%")
            .replace("{n}", &self.number(u64::from(n)))
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

/// `digits` with `sep` between groups of three from the right: `1234567` -> `1,234,567`.
/// A whole number as the language `tag` writes it (`separator`: the theme's
/// `thousands_separator`).
pub fn integer(_tag: &str, separator: Option<&str>, n: u64) -> String {
    group_digits(&n.to_string(), separator.unwrap_or(","))
}

fn group_digits(digits: &str, sep: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
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
    fn numbers_and_shares_in_each_bundled_language() {
        let (site, _) = crate::assemble::testing::site(&[]).assemble();
        let site = site.expect("a site");
        let theme = crate::render::theme::load(std::path::Path::new("/nonexistent"), "default")
            .expect("built-in theme");
        let cases = [
            ("en", "1,234", "1,234,567", "0", "42%", "1,250,001"),
            ("de", "1.234", "1.234.567", "0", "42\u{a0}%", "1.250.001"),
            // A narrow no-break space (U+202F) in French, a no-break space in Norwegian.
            (
                "fr",
                "1\u{202f}234",
                "1\u{202f}234\u{202f}567",
                "0",
                "42\u{202f}%",
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
