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
    // The site's own templates override the theme's, one by one.
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
    Ok(theme)
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

/// UI strings of one language. A key the theme lacks in that language is taken from the
/// built-in theme in that language, then from the theme's English, then the built-in
/// English: a site's own theme made before a key existed shows its text, never the key
/// (`organisations_description` in a meta description).
pub fn strings_for(theme: &Theme, lang: &str) -> BTreeMap<String, String> {
    let built_in = built_in_strings();
    let mut s = BTreeMap::new();
    for table in [
        built_in.get("en"),
        theme.strings.get("en"),
        built_in.get(lang),
        theme.strings.get(lang),
    ]
    .into_iter()
    .flatten()
    {
        s.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    s
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
        _ => tag,
    }
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

    /// UI keys the code looks up by a literal name and the templates use as `t.key`; a key
    /// missing from a language is shown to visitors as the key itself
    /// (`clusters_description` in a meta description).
    fn used_keys() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut keys = BTreeSet::new();
        let mut scan = |dir: &str, ext: &str, markers: &[&str]| {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if entry.path().extension().is_some_and(|e| e == ext) {
                    let text = std::fs::read_to_string(entry.path()).expect("readable");
                    // Tests name keys of their own.
                    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
                    for marker in markers {
                        keys.extend(keys_after(text, marker).into_iter().map(String::from));
                    }
                }
            }
        };
        scan("src", "rs", &["t(\"", "Text::english(\""]);
        scan("themes/default/templates", "html", &["t.", "t[\""]);
        // Looked up by a name made at run time.
        for listing in crate::plan::facets::Listing::ALL {
            for f in listing.facets() {
                keys.insert(format!("facet_{}", f.name));
                keys.insert(format!("any_{}", f.name));
                if let crate::plan::facets::Terms::Fixed(prefix, values) = f.terms {
                    for v in values() {
                        keys.insert(format!("{prefix}{}", v.replace('-', "_")));
                    }
                }
            }
        }
        // Labels of fixed lists looked up by prefix.
        use crate::model::FixedList;
        for kind in crate::model::OrganisationKind::ALL {
            keys.insert(format!("kinds_org_{}", kind.as_str()));
        }
        for kind in crate::model::CallKind::ALL {
            keys.insert(format!("kind_call_{}", kind.as_str()));
        }
        for state in ["upcoming", "open", "closing_soon", "closed"] {
            keys.insert(format!("call_state_{state}"));
        }
        keys
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
    fn every_ui_key_the_code_and_templates_use_is_in_every_bundled_language() {
        let theme = load(Path::new("/nonexistent-site-root"), "default").expect("built-in theme");
        let used = used_keys();
        assert!(used.contains("clusters_description") && used.contains("nav_home"));
        for (lang, strings) in &theme.strings {
            let missing: Vec<&String> = used.iter().filter(|k| !strings.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang} lacks UI strings {missing:?}");
        }
        assert!(theme.strings.contains_key("en"));
    }
}
