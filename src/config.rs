//! `site.toml`: the programme's settings.

use crate::content::toml_error::toml_diagnostic;
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{Loc, SourceId};
use crate::text::{Text, fix_spans};
use serde::Deserialize;
use toml::Spanned;

/// Settings known to showcase. Other keys are warned about, not refused: a programme may keep
/// settings of its own in site.toml, and a whole build must not fail for them (records, by
/// contrast, refuse unknown fields).
const KNOWN_KEYS: [&str; 13] = [
    "title",
    "description",
    "base_url",
    "default_language",
    "languages",
    "time_zone",
    "theme",
    "max_file_size",
    "menu",
    "fallback_pages",
    "max_image_size",
    "image_cache",
    "host",
];

#[derive(Deserialize)]
struct RawConfig {
    title: Option<Spanned<Text>>,
    description: Option<Spanned<Text>>,
    base_url: Option<Spanned<String>>,
    default_language: Option<Spanned<String>>,
    languages: Option<Spanned<Vec<String>>>,
    time_zone: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    max_file_size: Option<Spanned<toml::Value>>,
    max_image_size: Option<Spanned<toml::Value>>,
    image_cache: Option<Spanned<String>>,
    host: Option<Spanned<String>>,
    fallback_pages: Option<bool>,
    #[serde(default)]
    menu: Vec<RawMenuEntry>,
    #[serde(flatten)]
    other: std::collections::BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuEntry {
    #[serde(alias = "title", alias = "label")]
    name: Spanned<Text>,
    /// Site-relative URL; or `page`, the slug of a free page.
    #[serde(alias = "path", alias = "href")]
    url: Option<String>,
    page: Option<String>,
    #[serde(default)]
    weight: i64,
}

#[derive(Debug, Clone)]
pub struct MenuEntry {
    pub name: Text,
    /// Site-relative, language-neutral (`/clusters/`); pages add their language prefix.
    pub url: String,
    pub weight: i64,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: Text,
    pub description: Option<Text>,
    /// Absolute, always ending with `/`.
    pub base_url: String,
    /// `en` first.
    pub languages: Vec<String>,
    pub time_zone: chrono_tz::Tz,
    pub theme: String,
    pub menu: Vec<MenuEntry>,
    pub max_file_size: u64,
    /// Whether an organisation has a page in every language, its English text standing in
    /// for a missing translation (the default), or only in English and the languages it is
    /// translated into, other languages linking to the English page. Without them, a
    /// programme of 50,000 organisations in 4 languages writes about half the files.
    pub fallback_pages: bool,
    /// Pictures heavier than this are warned about (W007).
    pub max_image_size: u64,
    /// Where resized pictures are kept between builds; relative to the site root once
    /// assembled (`images::Cache`).
    pub image_cache: std::path::PathBuf,
    /// Where the site is published (`host`): `build` warns when the output exceeds that
    /// host's limits (W011, W012), and `_redirects` is written for it.
    pub host: Option<crate::deploy::Host>,
}

pub const DEFAULT_MAX_FILE_SIZE: u64 = 20 * 1024 * 1024;
pub const DEFAULT_MAX_IMAGE_SIZE: u64 = 500 * 1024;
pub const DEFAULT_IMAGE_CACHE: &str = ".showcase-cache/images";

impl Config {
    /// Path prefix of a language: `""` for English, `"/de"` otherwise.
    pub fn lang_prefix(lang: &str) -> String {
        if lang == "en" {
            String::new()
        } else {
            format!("/{lang}")
        }
    }
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
    pub fn has_language(&self, lang: &str) -> bool {
        self.languages.iter().any(|l| l == lang)
    }
}

/// Valid-looking BCP 47 tag: `nb`, `pt-BR`, `zh-Hant`.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

pub fn parse(text: &str, file: SourceId, diags: &mut Diagnostics) -> Option<Config> {
    let mut found = Vec::new();
    crate::content::characters::check_file(file, text, Some((0, text)), &mut found);
    if !found.is_empty() {
        diags.extend(found);
        return None;
    }
    let raw: RawConfig = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(toml_diagnostic(&e, file, 0, text));
            return None;
        }
    };
    let at = |span: std::ops::Range<usize>| Loc::new(file, span);
    let top = at(0..0);
    let mut ok = true;
    let mut missing = |field: &str, diags: &mut Diagnostics| {
        diags.push(
            Diagnostic::error("E004", format!("missing field `{field}` in site.toml"))
                .at(top.clone()),
        );
        ok = false;
    };
    let title = match raw.title {
        Some(mut t) => {
            fix_spans(&mut t);
            if !t.get_ref().has("en") {
                diags.push(
                    Diagnostic::error("E005", "`title` has no English text").at(at(t.span())),
                );
            }
            Some(t.into_inner())
        }
        None => {
            missing("title", diags);
            None
        }
    };
    let base_url = match raw.base_url {
        Some(u) => {
            let s = u.get_ref().trim();
            if !crate::assemble::checks::is_absolute_http_url(s) {
                diags.push(
                    Diagnostic::error(
                        "E014",
                        format!("`base_url` must be an absolute http(s) URL, found `{s}`"),
                    )
                    .at(at(u.span())),
                );
            }
            let mut s = s.to_string();
            if !s.ends_with('/') {
                s.push('/');
            }
            Some(s)
        }
        None => {
            missing("base_url", diags);
            None
        }
    };
    let mut settings_ok = true;
    // The cache is written and read where the settings say: a pull request may change
    // site.toml, so the folder stays inside the root (a CI runner that keeps the cache
    // elsewhere links it in, or sets SHOWCASE_IMAGE_CACHE).
    if let Some(c) = &raw.image_cache
        && !crate::content::assets::is_plain_relative(c.get_ref())
    {
        diags.push(
            Diagnostic::error(
                "E021",
                format!(
                    "`image_cache = {:?}` must be a folder inside the site root",
                    c.get_ref()
                ),
            )
            .at(at(c.span()))
            .hint("a relative path without `..`, e.g. \".showcase-cache/images\""),
        );
        settings_ok = false;
    }
    if let Some(t) = &raw.theme
        && !crate::render::theme::is_theme_name(t.get_ref())
    {
        diags.push(
            Diagnostic::error(
                "E021",
                format!("`theme = {:?}` is not a theme's name", t.get_ref()),
            )
            .at(at(t.span()))
            .hint("name a folder of themes/ (letters, digits, - and _), or remove `theme` to use the default"),
        );
        settings_ok = false;
    }
    if let Some(d) = &raw.default_language
        && d.get_ref() != "en"
    {
        diags.push(
            Diagnostic::error(
                "E021",
                "`default_language` must be \"en\": English is the mandatory language",
            )
            .at(at(d.span())),
        );
    }
    let languages = match raw.languages {
        Some(l) => {
            let span = l.span();
            let langs = l.into_inner();
            if langs.first().map(String::as_str) != Some("en") {
                diags.push(
                    Diagnostic::error("E021", "`languages` must list \"en\" first")
                        .at(at(span.clone())),
                );
            }
            for tag in &langs {
                if !is_language_tag(tag) {
                    diags.push(
                        Diagnostic::error("E021", format!("`{tag}` is not a BCP 47 language tag"))
                            .at(at(span.clone())),
                    );
                }
            }
            let mut seen = std::collections::BTreeSet::new();
            langs
                .into_iter()
                .filter(|l| seen.insert(l.clone()))
                .collect()
        }
        None => vec!["en".to_string()],
    };
    let time_zone = match raw.time_zone {
        Some(tz) => match tz.get_ref().parse::<chrono_tz::Tz>() {
            Ok(z) => z,
            Err(_) => {
                diags.push(
                    Diagnostic::error("E021", format!("unknown time zone `{}`", tz.get_ref()))
                        .at(at(tz.span()))
                        .hint("use an IANA name such as \"Europe/Oslo\""),
                );
                chrono_tz::UTC
            }
        },
        None => {
            missing("time_zone", diags);
            chrono_tz::UTC
        }
    };
    let max_file_size = match raw.max_file_size {
        None => DEFAULT_MAX_FILE_SIZE,
        Some(v) => match parse_size(v.get_ref()) {
            Some(n) => n,
            None => {
                diags.push(
                    Diagnostic::error(
                        "E021",
                        "`max_file_size` must be a number of bytes or a size like \"20MB\"",
                    )
                    .at(at(v.span())),
                );
                DEFAULT_MAX_FILE_SIZE
            }
        },
    };
    let max_image_size = match raw.max_image_size {
        None => DEFAULT_MAX_IMAGE_SIZE,
        Some(v) => parse_size(v.get_ref()).unwrap_or_else(|| {
            diags.push(
                Diagnostic::error(
                    "E021",
                    "`max_image_size` must be a number of bytes or a size like \"500KB\"",
                )
                .at(at(v.span())),
            );
            DEFAULT_MAX_IMAGE_SIZE
        }),
    };
    let host = raw.host.and_then(|h| {
        let found = crate::deploy::Host::parse(h.get_ref().trim());
        if found.is_none() {
            let names = crate::deploy::Host::ALL.map(|h| h.name());
            let mut d = Diagnostic::error(
                "E021",
                format!("`host = {:?}` is not a host showcase knows", h.get_ref()),
            )
            .at(at(h.span()));
            d = d.hint(match crate::diag::did_you_mean(h.get_ref(), names) {
                Some(m) => m,
                None => format!("one of {}, or leave `host` out", names.join(", ")),
            });
            diags.push(d);
        }
        found
    });
    for key in raw.other.keys() {
        // Flattened keys lose their spans; find the key's line in the text instead.
        let at = text
            .match_indices(key.as_str())
            .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')
            .map(|(i, _)| i..i + key.len())
            .unwrap_or(0..0);
        let mut d = Diagnostic::warning(
            "W003",
            format!("site.toml: `{key}` is not a setting showcase knows; ignored"),
        )
        .at(Loc::new(file, at));
        if let Some(h) = crate::diag::did_you_mean(key, KNOWN_KEYS) {
            d = d.hint(h);
        }
        diags.push(d);
    }
    let menu = raw
        .menu
        .into_iter()
        .map(|m| {
            let span = m.name.span();
            let url = match (m.url, m.page) {
                (Some(u), _) => u,
                (None, Some(p)) => format!("/{}/", p.trim_matches('/')),
                (None, None) => {
                    diags.push(
                        Diagnostic::error("E004", "a menu entry needs `url` (e.g. \"/clusters/\") or `page` (a page slug)")
                            .at(Loc::new(file, span)),
                    );
                    "/".into()
                }
            };
            let url = if url.starts_with('/') || url.contains("://") { url } else { format!("/{url}") };
            MenuEntry { name: m.name.into_inner(), url, weight: m.weight }
        })
        .collect();
    if !ok || !settings_ok {
        return None;
    }
    Some(Config {
        title: title?,
        description: raw.description.map(Spanned::into_inner),
        base_url: base_url?,
        languages,
        time_zone,
        theme: raw
            .theme
            .map(Spanned::into_inner)
            .unwrap_or_else(|| "default".into()),
        menu,
        max_file_size,
        fallback_pages: raw.fallback_pages.unwrap_or(true),
        max_image_size,
        image_cache: raw
            .image_cache
            .map(Spanned::into_inner)
            .unwrap_or_else(|| DEFAULT_IMAGE_CACHE.into())
            .into(),
        host,
    })
}

fn parse_size(v: &toml::Value) -> Option<u64> {
    match v {
        toml::Value::Integer(n) if *n > 0 => Some(*n as u64),
        toml::Value::String(s) => {
            let s = s.trim().to_ascii_uppercase();
            let (num, mult) = [
                ("GB", 1u64 << 30),
                ("MB", 1 << 20),
                ("KB", 1 << 10),
                ("B", 1),
            ]
            .iter()
            .find_map(|(suffix, m)| s.strip_suffix(suffix).map(|n| (n.trim().to_string(), *m)))
            .unwrap_or((s.clone(), 1));
            num.parse::<f64>()
                .ok()
                .filter(|n| *n > 0.0)
                .map(|n| (n * mult as f64) as u64)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert!(is_language_tag("nb"));
        assert!(is_language_tag("pt-BR"));
        assert!(!is_language_tag("EN"));
        assert!(!is_language_tag("english"));
    }

    #[test]
    fn sizes() {
        assert_eq!(
            parse_size(&toml::Value::String("2MB".into())),
            Some(2 << 20)
        );
        assert_eq!(parse_size(&toml::Value::Integer(10)), Some(10));
    }

    #[test]
    fn minimal_config() {
        let mut d = Diagnostics::default();
        let c = parse(
            "title = \"P\"\nbase_url = \"https://x.example\"\nlanguages = [\"en\", \"de\"]\ntime_zone = \"Europe/Oslo\"\n",
            SourceId(0),
            &mut d,
        )
        .unwrap();
        assert!(d.items.is_empty());
        assert_eq!(c.base_url, "https://x.example/");
        assert_eq!(
            c.permalink("/de/clusters/"),
            "https://x.example/de/clusters/"
        );
    }
}
