//! The theme: templates, static files and UI strings.
//!
//! The default theme is compiled into the binary, so `showcase build` works on a fresh
//! site with no `themes/` folder; a `themes/<name>/` folder in the site takes precedence,
//! and a site's own `templates/` overrides single templates of either.

use crate::diag::Diagnostic;
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::Path;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Theme {
    /// Template name -> source.
    pub templates: BTreeMap<String, String>,
    /// Output path (relative to the site root) -> bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Language -> key -> string, as written (no fallback applied).
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// The site's own UI strings, `i18n/<lang>.toml` in the site root: they override and add
    /// to the theme's, without copying the theme.
    pub site_strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Where the theme came from, for messages.
    pub origin: String,
    /// Template name -> the file it came from, for messages: relative to the site root
    /// (`templates/base.html`, `themes/x/templates/base.html`), or in the built-in theme.
    pub template_files: BTreeMap<String, String>,
}

/// How messages name a template of the built-in theme (which is no file of the site).
pub const BUILT_IN: &str = "(built-in default theme)";

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<(String, Vec<u8>)>) {
    for f in dir.files() {
        out.push((
            f.path().to_string_lossy().replace('\\', "/"),
            f.contents().to_vec(),
        ));
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

fn collect_disk(root: &Path, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    for e in walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
    {
        let e = e.map_err(std::io::Error::other)?;
        if e.file_type().is_file() {
            let rel = crate::source::slash_path(e.path().strip_prefix(root).unwrap_or(e.path()));
            out.push((rel, std::fs::read(e.path())?));
        }
    }
    Ok(())
}

/// Is `name` a theme's name, not a path (`../elsewhere`, `/etc`, `a/b`)? A theme is a
/// folder of `themes/` in the site or the built-in one: nothing outside the root is read.
pub fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `dir` when it (or what it links to) is inside the site root; an error naming `rel` when it
/// leads outside.
fn confined(site_root: &Path, dir: &Path, rel: &str) -> Result<(), Diagnostic> {
    let root = site_root.canonicalize().ok();
    match (root, dir.canonicalize().ok()) {
        (Some(root), Some(d)) if d.starts_with(&root) => Ok(()),
        _ => Err(Diagnostic::error(
            "E022",
            format!("`{rel}` is a link leading outside the site root; it is not read"),
        )
        .at_path(rel.to_string())),
    }
}

pub fn load(site_root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let mut theme = load_shipped(site_root, name)?;
    site_overrides(site_root, &mut theme)?;
    theme.site_strings = site_strings(site_root)?;
    Ok(theme)
}

fn load_shipped(site_root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    if !is_theme_name(name) {
        return Err(Diagnostic::error(
            "E021",
            format!("`theme = {name:?}` is not a theme's name"),
        )
        .at_path("site.toml")
        .hint("name a folder of themes/ (letters, digits, - and _), or remove `theme` to use the default"));
    }
    let mut files = Vec::new();
    let dir = site_root.join("themes").join(name);
    let in_folder = dir.is_dir();
    if in_folder {
        confined(site_root, &dir, &format!("themes/{name}"))?;
    }
    let origin = if in_folder {
        collect_disk(&dir, &mut files).map_err(|e| {
            Diagnostic::error("E022", format!("cannot read theme `{name}`: {e}"))
                .at_path(format!("themes/{name}"))
        })?;
        format!("themes/{name}")
    } else if name == "default" {
        collect_embedded(&DEFAULT_THEME, &mut files);
        "the built-in default theme".to_string()
    } else {
        return Err(
            Diagnostic::error("E022", format!("theme `{name}` not found"))
                .at_path("site.toml")
                .hint(format!(
                    "expected a folder themes/{name}/, or remove `theme` to use the default"
                )),
        );
    };
    let mut theme = Theme {
        templates: BTreeMap::new(),
        statics: BTreeMap::new(),
        strings: BTreeMap::new(),
        site_strings: BTreeMap::new(),
        template_files: BTreeMap::new(),
        origin,
    };
    let theme_file = |path: &str| match in_folder {
        true => format!("themes/{name}/{path}"),
        false => format!("{BUILT_IN}/{path}"),
    };
    for (path, bytes) in files {
        if let Some(t) = path.strip_prefix("templates/") {
            theme
                .templates
                .insert(t.to_string(), String::from_utf8_lossy(&bytes).into_owned());
            theme
                .template_files
                .insert(t.to_string(), theme_file(&path));
        } else if let Some(s) = path.strip_prefix("static/") {
            // Scripts are served without their comments and indentation (render::script).
            let compacted = s
                .ends_with(".js")
                .then(|| {
                    std::str::from_utf8(&bytes)
                        .ok()
                        .and_then(super::script::compact)
                })
                .flatten();
            let bytes = compacted.map_or(bytes, String::into_bytes);
            theme.statics.insert(s.to_string(), bytes);
        } else if let Some(i) = path
            .strip_prefix("i18n/")
            .and_then(|p| p.strip_suffix(".toml"))
        {
            let text = String::from_utf8_lossy(&bytes);
            let table: BTreeMap<String, String> = toml::from_str(&text).map_err(|e| {
                Diagnostic::error(
                    "E022",
                    format!(
                        "UI strings i18n/{i}.toml of {}: {}",
                        theme.origin,
                        e.message()
                    ),
                )
            })?;
            theme.strings.insert(i.to_string(), table);
        }
    }
    Ok(theme)
}

/// The templates of the theme `name` as it ships, before the site's own `templates/`
/// override any: what `showcase theme eject` copies.
pub fn shipped_templates(site_root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    load_shipped(site_root, name)
}

/// The site's own templates override the theme's, one by one.
fn site_overrides(site_root: &Path, theme: &mut Theme) -> Result<(), Diagnostic> {
    let overrides = site_root.join("templates");
    if overrides.is_dir() {
        confined(site_root, &overrides, "templates")?;
        let mut own = Vec::new();
        collect_disk(&overrides, &mut own).map_err(|e| {
            Diagnostic::error("E022", format!("cannot read templates/: {e}")).at_path("templates")
        })?;
        for (path, bytes) in own {
            theme
                .template_files
                .insert(path.clone(), format!("templates/{path}"));
            theme
                .templates
                .insert(path, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(())
}

/// The site's own `i18n/<lang>.toml` files: flat tables of UI strings, one per language.
fn site_strings(
    site_root: &Path,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, Diagnostic> {
    let dir = site_root.join("i18n");
    let mut tables = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(tables);
    }
    confined(site_root, &dir, "i18n")?;
    let unreadable = |rel: &str, e: std::io::Error| {
        Diagnostic::error("E022", format!("cannot read {rel}: {e}")).at_path(rel.to_string())
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| unreadable("i18n", e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for path in files {
        let Some(lang) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let rel = format!("i18n/{lang}.toml");
        if !crate::config::is_language_tag(lang) {
            return Err(Diagnostic::error(
                "E021",
                format!("`{rel}`: `{lang}` is not a language tag"),
            )
            .at_path(rel)
            .hint("name the file after a language of `languages` in site.toml: i18n/sv.toml"));
        }
        confined(site_root, &path, &rel)?;
        let bytes = std::fs::read(&path).map_err(|e| unreadable(&rel, e))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error("E018", format!("{rel} is not UTF-8")).at_path(rel.clone())
        })?;
        let table: BTreeMap<String, String> = toml::from_str(&text).map_err(|e| {
            let file = std::sync::Arc::new(crate::source::SourceFile::new(
                rel.clone(),
                path.clone(),
                text.clone(),
            ));
            let span = e.span().unwrap_or(0..0);
            Diagnostic::error("E001", format!("UI strings {rel}: {}", e.message()))
                .in_file(file, span)
                .hint("a flat table of key = \"text\", as the theme's i18n/en.toml")
        })?;
        tables.insert(lang.to_string(), table);
    }
    Ok(tables)
}

/// The built-in default theme's UI strings, parsed once.
fn built_in_strings() -> &'static BTreeMap<String, BTreeMap<String, String>> {
    static STRINGS: std::sync::OnceLock<BTreeMap<String, BTreeMap<String, String>>> =
        std::sync::OnceLock::new();
    STRINGS.get_or_init(|| {
        let i18n = DEFAULT_THEME.get_dir("i18n").into_iter();
        i18n.flat_map(|d| d.files())
            .filter_map(|f| {
                let lang = f.path().file_stem()?.to_str()?.to_string();
                let table = toml::from_str(f.contents_utf8()?).ok()?;
                Some((lang, table))
            })
            .collect()
    })
}

/// The UI key of a label scheme's name: `label_scheme_eucles_gold`.
pub fn label_scheme_key(scheme: &str) -> String {
    format!("label_scheme_{}", scheme.replace('-', "_"))
}

/// Does the built-in theme name the label scheme `scheme` (the EU schemes)? A scheme that
/// neither it nor the programme's `label_schemes` names is an error (E009), never a slug
/// shown as its name.
pub fn built_in_label_scheme(scheme: &str) -> bool {
    built_in_strings()
        .get("en")
        .is_some_and(|s| s.contains_key(&label_scheme_key(scheme)))
}

/// UI strings of one language. A key the theme lacks in that language is taken from the
/// built-in theme in that language, then from the theme's English, then the built-in
/// English: a site's own theme made before a key existed shows its text, never the key
/// (`organisations_description` in a meta description).
pub fn strings_for(theme: &Theme, lang: &str) -> BTreeMap<String, String> {
    let mut s = BTreeMap::new();
    for table in layers(theme, "en").chain(
        tag_chain(lang)
            .into_iter()
            .rev()
            .filter(|t| t != "en")
            .flat_map(|t| layers(theme, &t)),
    ) {
        s.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    s
}

/// The UI string tables of one language tag, weakest first: the built-in theme's, the site
/// theme's, the site's own `i18n/`.
fn layers<'t>(
    theme: &'t Theme,
    tag: &str,
) -> impl Iterator<Item = &'t BTreeMap<String, String>> + use<'t> {
    [
        built_in_strings().get(tag),
        theme.strings.get(tag),
        theme.site_strings.get(tag),
    ]
    .into_iter()
    .flatten()
}

/// A tag and the tags it falls back to, most specific first: `de-AT` reads `de` where
/// `de-AT` has no string of its own; `no` (Norwegian) reads Bokmål.
fn tag_chain(tag: &str) -> Vec<String> {
    let mut chain = vec![tag.to_string()];
    let mut t = tag;
    while let Some((shorter, _)) = t.rsplit_once('-') {
        chain.push(shorter.to_string());
        t = shorter;
    }
    if t == "no" {
        chain.push("nb".into());
    }
    chain
}

/// What the language `lang` (and the tags it falls back to, but English) says itself, in
/// the built-in theme, the site's theme and the site's `i18n/`.
pub fn own_strings(theme: &Theme, lang: &str) -> BTreeMap<String, String> {
    let mut s = BTreeMap::new();
    for t in tag_chain(lang).iter().rev().filter(|t| t.as_str() != "en") {
        for table in layers(theme, t) {
            s.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    s
}

/// Warnings (W013) for the site's languages whose UI strings lack keys the English ones
/// have: those show in English. Names the keys, so a site can add them in its own
/// `i18n/<lang>.toml`.
pub fn missing_strings(theme: &Theme, languages: &[String]) -> Vec<Diagnostic> {
    let english: std::collections::BTreeSet<&String> =
        layers(theme, "en").flat_map(|t| t.keys()).collect();
    let mut out = Vec::new();
    for lang in languages.iter().filter(|l| l.as_str() != "en") {
        let own = own_strings(theme, lang);
        let missing: Vec<&str> = english
            .iter()
            .filter(|k| !own.contains_key(**k))
            .map(|k| k.as_str())
            .collect();
        if missing.is_empty() {
            continue;
        }
        const NAMED: usize = 12;
        let named = missing[..missing.len().min(NAMED)].join(", ");
        let more = match missing.len().saturating_sub(NAMED) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        out.push(
            Diagnostic::warning(
                "W013",
                format!(
                    "UI strings in `{lang}` lack {} of {} keys, shown in English: {named}{more}",
                    missing.len(),
                    english.len()
                ),
            )
            .at_path(format!("i18n/{lang}.toml"))
            .hint(format!(
                "add them to i18n/{lang}.toml in the site (a flat table of key = \"text\"; \
                 `showcase theme strings {lang}` prints every key with its English text)"
            )),
        );
    }
    out
}

/// Native names of languages, for the language switcher.
pub fn language_name(tag: &str) -> &str {
    match tag.split('-').next().unwrap_or(tag) {
        "en" => "English",
        "de" => "Deutsch",
        "nb" => "Norsk bokmål",
        "nn" => "Norsk nynorsk",
        "no" => "Norsk",
        "fr" => "Français",
        "sv" => "Svenska",
        "da" => "Dansk",
        "fi" => "Suomi",
        "is" => "Íslenska",
        "es" => "Español",
        "it" => "Italiano",
        "nl" => "Nederlands",
        "pl" => "Polski",
        "pt" => "Português",
        "cs" => "Čeština",
        "et" => "Eesti",
        "lt" => "Lietuvių",
        "lv" => "Latviešu",
        "se" => "Davvisámegiella",
        "bg" => "Български",
        "el" => "Ελληνικά",
        "ga" => "Gaeilge",
        "hr" => "Hrvatski",
        "hu" => "Magyar",
        "mt" => "Malti",
        "ro" => "Română",
        "sk" => "Slovenčina",
        "sl" => "Slovenščina",
        "ar" => "العربية",
        "he" => "עברית",
        "fa" => "فارسی",
        "uk" => "Українська",
        "ru" => "Русский",
        "tr" => "Türkçe",
        "sq" => "Shqip",
        "sr" => "Српски",
        "mk" => "Македонски",
        "bs" => "Bosanski",
        "ca" => "Català",
        "eu" => "Euskara",
        "gl" => "Galego",
        "cy" => "Cymraeg",
        "lb" => "Lëtzebuergesch",
        "fo" => "Føroyskt",
        "kl" => "Kalaallisut",
        "zh" => "中文",
        "ja" => "日本語",
        "ko" => "한국어",
        _ => tag,
    }
}

/// The writing direction of a language tag's script, for `<html dir>`: `rtl` for Arabic,
/// Hebrew, Persian, Urdu and the other languages CLDR writes right to left (or a tag that
/// names such a script, `az-Arab`), else `ltr`.
pub fn text_direction(tag: &str) -> &'static str {
    const RTL_LANGUAGES: &[&str] = &[
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "lrc", "mzn", "ps", "sd", "syr", "ug",
        "ur", "yi",
    ];
    const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or(tag).to_ascii_lowercase();
    let script = parts
        .find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|s| s.to_ascii_lowercase());
    let rtl = match script {
        Some(s) => RTL_SCRIPTS.contains(&s.as_str()),
        None => RTL_LANGUAGES.contains(&primary.as_str()),
    };
    if rtl { "rtl" } else { "ltr" }
}

/// Open Graph locale (`de_DE`) of a language tag.
pub fn og_locale(tag: &str) -> String {
    match tag {
        "en" => "en_GB".into(),
        "nb" | "nn" | "no" => format!("{tag}_NO"),
        "da" => "da_DK".into(),
        "sv" => "sv_SE".into(),
        "cs" => "cs_CZ".into(),
        "et" => "et_EE".into(),
        t if t.contains('-') => t.replace('-', "_"),
        t => format!("{t}_{}", t.to_uppercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every key that follows `marker` in `text` where the marker starts a name (`t("x")`,
    /// `l.t("x")`, `t.x`; not `print("x")` or `at.x`).
    fn keys_after<'t>(text: &'t str, marker: &str) -> Vec<&'t str> {
        let name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
        text.match_indices(marker)
            .filter(|(i, _)| !text[..*i].chars().next_back().is_some_and(name_char))
            .filter_map(|(i, _)| {
                let rest = &text[i + marker.len()..];
                let end = rest.find(|c: char| !name_char(c))?;
                (end > 0).then(|| &rest[..end])
            })
            .collect()
    }

    /// Files of the crate under `dir` ending in `.ext`, with their text (a Rust file without
    /// its tests, which name keys of their own).
    fn sources(dir: &str, ext: &str) -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|e| e == ext))
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).expect("readable");
                let text = text.split("#[cfg(test)]").next().unwrap_or_default();
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                (rel.display().to_string(), text.to_string())
            })
            .collect()
    }

    /// Prefixes of UI keys made at run time (`"kind_event_"` in `l.label("kind_event_", ..)`,
    /// `format!("facet_{name}")`, `"label_tier_" ~ l.tier` in a template): a string literal
    /// of lower-case words ending in `_`, closed or followed by a placeholder.
    fn prefixes_in(text: &str) -> Vec<&str> {
        let key_char = |c: char| c.is_ascii_lowercase() || c == '_';
        text.match_indices('"')
            .filter_map(|(i, _)| {
                let rest = &text[i + 1..];
                let end = rest.find(|c: char| !key_char(c))?;
                let (word, after) = (&rest[..end], &rest[end..]);
                let ends = after.starts_with('"') || after.starts_with('{');
                (ends && word.len() > 1 && word.ends_with('_') && !word.starts_with('_'))
                    .then_some(word)
            })
            .collect()
    }

    /// Literal strings ending in `_` that name no UI key.
    const NOT_UI_PREFIXES: [&str; 1] = [
        // The search index's tokenizer: `showcase_{lang}`.
        "showcase_",
    ];

    /// The values that follow each prefix of a UI key made at run time.
    fn prefixed_values() -> BTreeMap<&'static str, Vec<String>> {
        use crate::model::*;
        fn all<T: FixedList>() -> Vec<String> {
            T::ALL.iter().map(|v| v.as_str().to_string()).collect()
        }
        // A new call state fails to compile here until it is listed below.
        let _listed = |s: CallState| match s {
            CallState::Upcoming | CallState::Open | CallState::ClosingSoon | CallState::Closed => {}
        };
        let states = [
            CallState::Upcoming,
            CallState::Open,
            CallState::ClosingSoon,
            CallState::Closed,
        ];
        // Facets of the lists, and the map's filter groups (`render::kinds::map`).
        let mut facets: BTreeSet<String> = ["types", "sectors", "regions"].map(String::from).into();
        for listing in crate::plan::facets::Listing::ALL {
            for f in listing.facets() {
                facets.insert(f.name.to_string());
            }
        }
        let facets: Vec<String> = facets.into_iter().collect();
        BTreeMap::from([
            ("kind_event_", all::<EventKind>()),
            ("status_", all::<EventStatus>()),
            ("attendance_", all::<Attendance>()),
            ("kind_news_", all::<NewsKind>()),
            ("kind_document_", all::<DocumentKind>()),
            ("kind_brand_", all::<BrandKind>()),
            ("colourway_", all::<Colourway>()),
            ("kind_org_", all::<OrganisationKind>()),
            ("kinds_org_", all::<OrganisationKind>()),
            ("size_org_", all::<OrganisationSize>()),
            ("kind_call_", all::<CallKind>()),
            (
                "call_state_",
                states.iter().map(|s| s.as_str().to_string()).collect(),
            ),
            ("direction_", all::<Direction>()),
            ("topic_", all::<Topic>()),
            (
                "label_scheme_",
                EUCLES_SCHEMES.iter().map(|s| s.to_string()).collect(),
            ),
            (
                "label_tier_",
                crate::figures::LEVELS
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
            ("facet_", facets.clone()),
            ("any_", facets),
            ("search_js_", search_client_keys()),
        ])
    }

    /// The texts js/search.js uses, which the page's `search_js_*` strings give it: keys it
    /// names (`S.hint`, `fmt('none', …)`, `fmtNodes('corrected', …)`, `pluralKey('results', …)`),
    /// its facets' names (`S[f]`) and the kinds' names (`S['kind_' + k]`).
    fn search_client_keys() -> Vec<String> {
        let js = DEFAULT_THEME
            .get_file("static/js/search.js")
            .and_then(|f| f.contents_utf8())
            .expect("search.js");
        let word = |c: char| c.is_ascii_lowercase() || c == '_';
        let mut keys: BTreeSet<String> = BTreeSet::new();
        for marker in ["S.", "fmt('", "fmtNodes('", "pluralKey('"] {
            for (at, _) in js.match_indices(marker) {
                // `S.` only as the strings' own name (not `FACETS.filter`).
                let before = js[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let rest = &js[at + marker.len()..];
                let key: String = rest.chars().take_while(|c| word(*c)).collect();
                if !key.is_empty() {
                    keys.insert(key);
                }
            }
        }
        assert!(
            js.contains("S['kind_' + k]") && js.contains("S[f]"),
            "search.js"
        );
        keys.extend(
            crate::search::export::KINDS
                .iter()
                .map(|k| format!("kind_{k}")),
        );
        let facets = js.find("const FACETS = [").expect("FACETS") + "const FACETS = [".len();
        let facets = &js[facets..facets + js[facets..].find(']').expect("FACETS' end")];
        keys.extend(
            facets
                .split(',')
                .map(|f| f.trim().trim_matches('\'').to_string()),
        );
        assert!(keys.len() > 20, "{keys:?}");
        keys.into_iter().collect()
    }

    /// Every UI key the code and the templates use, with where: keys named by a literal
    /// (`l.t("nav_home")`, `t.nav_home`, `t["nav_home"]`) and keys made of a prefix and the
    /// values of a fixed list (`l.label("kind_event_", ..)`), each value of each list. A key
    /// missing from English is shown to visitors as the key or the slug
    /// (`clusters_description` in a meta description, `eucles gold` as a label's name).
    /// Errs with the prefixes found in the code that [`prefixed_values`] does not know.
    fn used_keys() -> Result<BTreeMap<String, String>, Vec<String>> {
        let mut keys = BTreeMap::new();
        let mut unknown = Vec::new();
        let values = prefixed_values();
        let mut found = |file: &str, text: &str, markers: &[&str]| {
            for marker in markers {
                for k in keys_after(text, marker) {
                    keys.entry(k.to_string())
                        .or_insert_with(|| file.to_string());
                }
            }
            for p in prefixes_in(text) {
                match values.get(p) {
                    Some(vs) => {
                        for v in vs {
                            let key = format!("{p}{}", v.replace('-', "_"));
                            keys.entry(key).or_insert_with(|| format!("{file} ({p}…)"));
                        }
                    }
                    None if NOT_UI_PREFIXES.contains(&p) => {}
                    None => unknown.push(format!("{file}: \"{p}\"")),
                }
            }
        };
        for (file, text) in sources("src", "rs") {
            found(&file, &text, &["t(\"", "ui(\"", "fmt(\""]);
            if file.starts_with("src/render") {
                // `l.strings.get("nav_home")`; not `strings.get("en")`.
                let named: String = keys_after(&text, ".get(\"")
                    .into_iter()
                    .filter(|k| k.contains('_'))
                    .map(|k| format!("t(\"{k}\")"))
                    .collect();
                found(&file, &named, &["t(\""]);
            }
        }
        for (file, text) in sources("themes/default/templates", "html") {
            found(&file, &text, &["t.", "t[\""]);
        }
        match unknown.is_empty() {
            true => Ok(keys),
            false => Err(unknown),
        }
    }

    #[test]
    fn a_site_theme_without_a_key_shows_the_built_in_text() {
        let mut theme = load(Path::new("/nonexistent-site-root"), "default").expect("built-in");
        // A theme of the site's own, made before the organisations existed.
        for table in theme.strings.values_mut() {
            table.remove("organisations_description");
            table.insert("nav_home".into(), "Start".into());
        }
        let de = strings_for(&theme, "de");
        let built_in = &built_in_strings()["de"]["organisations_description"];
        assert_eq!(&de["organisations_description"], built_in);
        assert_eq!(de["nav_home"], "Start");
    }

    #[test]
    fn every_ui_key_the_code_and_templates_use_is_in_english() {
        let theme = load(Path::new("/nonexistent-site-root"), "default").expect("built-in theme");
        let used = used_keys().unwrap_or_else(|unknown| {
            panic!(
                "UI keys made of prefixes the test does not know; add their values to \
                 `prefixed_values`: {unknown:#?}"
            )
        });
        // The scan sees each way of naming a key.
        for k in [
            "clusters_description",     // cx.t("..") in Rust
            "nav_home",                 // t.nav_home in a template
            "kind_event_trade_fair",    // l.label("kind_event_", ..)
            "facet_sectors",            // format!("facet_{}", ..)
            "label_tier_programme",     // "label_tier_" ~ l.tier in a template
            "label_scheme_eucles_gold", // l.label("label_scheme_", ..)
            "call_state_closing_soon",  // a state with a `-`
        ] {
            assert!(used.contains_key(k), "the scan misses {k}");
        }
        let mut report = String::new();
        let mut english_lacks = 0;
        for (lang, strings) in &theme.strings {
            let missing: Vec<String> = used
                .iter()
                .filter(|(k, _)| !strings.contains_key(*k))
                .map(|(k, at)| format!("{k} (used in {at})"))
                .collect();
            if lang == "en" {
                english_lacks = missing.len();
            }
            if !missing.is_empty() {
                report.push_str(&format!("{lang}.toml lacks {missing:#?}\n"));
            }
        }
        println!("{report}");
        assert!(theme.strings.contains_key("en"));
        assert_eq!(english_lacks, 0, "{report}");
        assert!(report.is_empty(), "{report}");
    }

    #[test]
    fn every_bundled_language_has_every_english_ui_key() {
        let theme = load(Path::new("/nonexistent-site-root"), "default").expect("built-in theme");
        let en = &theme.strings["en"];
        let mut report = String::new();
        for (lang, strings) in &theme.strings {
            let missing: Vec<&String> = en.keys().filter(|k| !strings.contains_key(*k)).collect();
            // Counts have the forms of their language: `results_count_few` where English
            // has `results_count_one`.
            let plural_form = |k: &str| {
                ["_zero", "_two", "_few", "_many"].iter().any(|cat| {
                    k.strip_suffix(cat)
                        .is_some_and(|count| en.contains_key(&format!("{count}_one")))
                })
            };
            let extra: Vec<&String> = strings
                .keys()
                .filter(|k| !en.contains_key(*k) && !plural_form(k))
                .collect();
            if !missing.is_empty() || !extra.is_empty() {
                report.push_str(&format!(
                    "{lang}.toml lacks {missing:?} and has keys English lacks {extra:?}\n"
                ));
            }
        }
        assert!(report.is_empty(), "{report}");
    }

    #[test]
    fn the_eu_label_schemes_have_names_in_every_bundled_language() {
        let (site, _) = crate::assemble::testing::site(&[]).assemble();
        let site = site.expect("a site");
        let theme = load(Path::new("/nonexistent-site-root"), "default").expect("built-in theme");
        let english = |scheme: &str| {
            let strings = strings_for(&theme, "en");
            let l = crate::render::lang::Lang::new("en", &strings, &site);
            crate::render::kinds::cluster::label_name(&l, scheme)
        };
        for lang in theme.strings.keys() {
            let strings = strings_for(&theme, lang);
            let l = crate::render::lang::Lang::new(lang, &strings, &site);
            let mut names = BTreeSet::new();
            for scheme in crate::model::EUCLES_SCHEMES {
                assert!(built_in_label_scheme(scheme), "{scheme}");
                let name = crate::render::kinds::cluster::label_name(&l, scheme);
                // A name, not the slug or its words ("eucles gold"), one for each scheme
                // and, but in English, not the English one.
                assert!(
                    !name.to_lowercase().contains("eucles") && name.chars().count() > 12,
                    "{scheme} in {lang}: {name:?}"
                );
                assert!(names.insert(name.clone()), "{name:?} twice in {lang}");
                assert!(
                    lang == "en" || name != english(scheme),
                    "{scheme} in {lang} is English: {name:?}"
                );
            }
        }
        let strings = strings_for(&theme, "de");
        let l = crate::render::lang::Lang::new("de", &strings, &site);
        assert_eq!(
            crate::render::kinds::cluster::label_name(&l, "eucles-gold"),
            "Europäisches Cluster-Management-Exzellenz-Label Gold"
        );
        assert!(!built_in_label_scheme("eucles-platinum"));
    }

    #[test]
    fn french_puts_a_narrow_no_break_space_before_high_punctuation() {
        let theme = load(Path::new("/nonexistent-site-root"), "default").expect("built-in");
        let fr = &theme.strings["fr"];
        let mut wrong = Vec::new();
        for (key, text) in fr {
            let chars: Vec<char> = text.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                let bad = match c {
                    // A ratio ("4,5:1") is no punctuation.
                    ':' if after.is_some_and(|a| a.is_ascii_digit()) => false,
                    ':' | ';' | '!' | '?' | '»' => before != Some('\u{202F}'),
                    '«' => after != Some('\u{202F}'),
                    _ => false,
                };
                if bad {
                    wrong.push(format!("{key}: {text:?}"));
                    break;
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert_eq!(fr["colon"], "\u{202F}:");
    }

    #[test]
    fn every_bundled_language_has_its_native_name() {
        let theme = load(Path::new("/nonexistent-site-root"), "default").expect("built-in");
        let unnamed: Vec<&String> = theme
            .strings
            .keys()
            .filter(|l| language_name(l) == l.as_str())
            .collect();
        assert!(unnamed.is_empty(), "{unnamed:?}");
    }

    #[test]
    fn right_to_left_languages_and_scripts() {
        for (tag, dir) in [
            ("ar", "rtl"),
            ("ar-EG", "rtl"),
            ("he", "rtl"),
            ("fa", "rtl"),
            ("az-Arab", "rtl"),
            ("pa-Arab-PK", "rtl"),
            ("en", "ltr"),
            ("de", "ltr"),
            ("az-Latn", "ltr"),
            ("uz", "ltr"),
        ] {
            assert_eq!(text_direction(tag), dir, "{tag}");
        }
    }

    #[test]
    fn counts_take_the_form_of_their_language() {
        let mut theme = load(Path::new("/nonexistent-site-root"), "default").expect("built-in");
        theme.templates.insert(
            "counts.html".into(),
            "{% for n in [0, 1, 2, 5, 22, 1234] %}{{ count(n=n, key=\"results_count\", t=t, lang=lang) }}; \
             {{ count(n=n, key=\"map_count\", t=t, lang=lang) }}; {% endfor %}"
                .into(),
        );
        let tera = crate::render::templates::compile_templates(&theme).expect("compiles");
        let said = |lang: &str| {
            let mut ctx = tera::Context::new();
            ctx.insert("t", &strings_for(&theme, lang));
            ctx.insert("lang", lang);
            tera.render("counts.html", &ctx).expect("renders")
        };
        let expected = [
            (
                "en",
                "0 clusters; 0 places; 1 cluster; 1 place; 2 clusters; 2 places; \
                 5 clusters; 5 places; 22 clusters; 22 places; 1,234 clusters; 1,234 places; ",
            ),
            // French counts 0 as one.
            (
                "fr",
                "0 cluster; 0 lieu; 1 cluster; 1 lieu; 2 clusters; 2 lieux; \
                 5 clusters; 5 lieux; 22 clusters; 22 lieux; 1\u{202f}234 clusters; 1\u{202f}234 lieux; ",
            ),
            // Polish: one, few (2-4, 22-24) and many.
            (
                "pl",
                "0 klastrów; 0 miejsc; 1 klaster; 1 miejsce; 2 klastry; 2 miejsca; \
                 5 klastrów; 5 miejsc; 22 klastry; 22 miejsca; 1234 klastry; 1234 miejsca; ",
            ),
        ];
        for (lang, text) in expected {
            assert_eq!(said(lang), text, "{lang}");
        }
    }
}
