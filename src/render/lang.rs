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
pub struct Image {
    pub url: String,
    pub alt: LText,
}

impl Image {
    /// A record's image; its alt text falls back to `fallback` (the record's name or title).
    pub fn of(l: &Lang, asset: &Asset, alt: Option<&Text>, fallback: &Text) -> Image {
        Image {
            url: asset.url(),
            alt: l.text(alt.unwrap_or(fallback)),
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
