//! From a BCP 47 tag as a site declares it to the CLDR locale that serves it, and that
//! locale's parent chain.

use super::rows;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// A CLDR locale with the chain its data are looked up along (itself first).
#[derive(Debug)]
pub struct Locale {
    pub(super) chain: Vec<&'static str>,
}

impl Locale {
    /// The CLDR locale's id: `de`, `en-GB`, `sr-Latn-ME`.
    pub fn id(&self) -> &'static str {
        self.chain[0]
    }
    /// The language subtag: `fr` for `fr-CA`.
    pub fn language(&self) -> &'static str {
        self.id().split('-').next().unwrap_or("")
    }
}

struct Locales {
    /// Every locale served, with its parent (`None` at the top: CLDR's root has no names).
    parent: HashMap<&'static str, Option<&'static str>>,
    /// Deprecated and three-letter codes: `iw` -> `he`, `nor` -> `no`, `sh` -> `sr-Latn`.
    alias: HashMap<&'static str, &'static str>,
    /// The script a tag without one means, for languages served in several: `zh-TW` -> `Hant`.
    script: HashMap<&'static str, &'static str>,
}

fn locales() -> &'static Locales {
    static L: OnceLock<Locales> = OnceLock::new();
    L.get_or_init(|| {
        let mut l = Locales {
            parent: HashMap::new(),
            alias: HashMap::new(),
            script: HashMap::new(),
        };
        for r in rows(include_str!("data/locales.tsv")) {
            match r[..] {
                ["locale", id, parent] => {
                    l.parent.insert(id, (!parent.is_empty()).then_some(parent));
                }
                ["alias", from, to] => {
                    l.alias.insert(from, to);
                }
                ["script", from, script] => {
                    l.script.insert(from, script);
                }
                _ => {}
            }
        }
        l
    })
}

/// English as the site has always written it: British conventions ("1 July 2026", "14:30").
const SITE_ENGLISH: &str = "en-GB";

/// The locale that serves `tag`, resolved once per tag: `pt-BR` -> `pt`, `de-AT` -> `de-AT`,
/// `zh-TW` -> `zh-Hant`, `iw` -> `he`; plain `en` (and any tag CLDR does not serve) -> `en-GB`,
/// while `en-US` gets CLDR's `en`.
pub fn locale(tag: &str) -> &'static Locale {
    static CACHE: OnceLock<RwLock<HashMap<String, &'static Locale>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(l) = cache.read().ok().and_then(|c| c.get(tag).copied()) {
        return l;
    }
    let id = resolve(tag);
    let l = locales();
    let mut chain = vec![id];
    while let Some(Some(p)) = l.parent.get(chain[chain.len() - 1]) {
        chain.push(p);
    }
    // A few distinct tags per site: leaking each once keeps lookups free of locks' lifetimes.
    let found: &'static Locale = Box::leak(Box::new(Locale { chain }));
    if let Ok(mut c) = cache.write() {
        c.insert(tag.to_string(), found);
    }
    found
}

/// The subtags of a tag, each in its canonical case; private-use and extensions dropped.
fn subtags(tag: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, s) in tag.split(['-', '_']).enumerate() {
        if s.is_empty() || (i > 0 && s.len() == 1) {
            break;
        }
        out.push(match (i, s.len()) {
            (0, _) => s.to_ascii_lowercase(),
            (_, 4) if s.chars().all(|c| c.is_ascii_alphabetic()) => {
                let mut c = s.to_ascii_lowercase();
                c[..1].make_ascii_uppercase();
                c
            }
            (_, 2) => s.to_ascii_uppercase(),
            _ => s.to_ascii_lowercase(),
        });
    }
    out
}

fn is_script(s: &str) -> bool {
    s.len() == 4 && s.starts_with(|c: char| c.is_ascii_uppercase())
}

fn resolve(tag: &str) -> &'static str {
    let l = locales();
    let mut tags = subtags(tag);
    if tags.is_empty() {
        return SITE_ENGLISH;
    }
    if let Some(to) = l.alias.get(tags[0].as_str()) {
        // The replacement may bring a script (`sh` -> `sr-Latn`); the tag's own subtags win.
        let mut with: Vec<String> = to.split('-').map(str::to_string).collect();
        let has_script = tags.iter().skip(1).any(|s| is_script(s));
        if has_script {
            with.retain(|s| !is_script(s));
        }
        with.extend(tags.drain(1..));
        tags = with;
    }
    let lang = tags[0].clone();
    let region = tags
        .iter()
        .skip(1)
        .find(|s| !is_script(s) && (s.len() == 2 || s.len() == 3))
        .cloned();
    let has_script = tags.iter().skip(1).any(|s| is_script(s));
    if lang == "en" && region.is_none() {
        return SITE_ENGLISH;
    }
    if !has_script {
        let key = region.as_ref().map(|r| format!("{lang}-{r}"));
        let script = key
            .as_deref()
            .and_then(|k| l.script.get(k))
            .or_else(|| l.script.get(lang.as_str()));
        if let Some(s) = script {
            tags.insert(1, s.to_string());
        }
    }
    // The tag, then shorter and shorter: `sr-Latn-ME` -> `sr-Latn` -> `sr`.
    while !tags.is_empty() {
        let candidate = tags.join("-");
        if let Some((id, _)) = l.parent.get_key_value(candidate.as_str()) {
            return id;
        }
        tags.pop();
    }
    SITE_ENGLISH
}
