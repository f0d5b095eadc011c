//! `showcase theme eject [TEMPLATE...] [--force]`: copy templates of the site's theme into
//! its own `templates/`, where they override the theme's one by one. A programme changes the
//! one page it needs (the home page, the footer in `base.html`) and keeps receiving every
//! other template's fixes with each release, instead of forking the whole theme.
//!
//! `showcase theme strings LANG [--all]`: the UI strings a language lacks, as TOML to start
//! the site's own `i18n/LANG.toml` from (`check` warns about them: W013).

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK};
use crate::render::theme;
use std::path::Path;

/// The theme a site names in `site.toml` (`default` when it names none or cannot be read:
/// `check` reports a broken site.toml; ejecting needs only the name).
fn theme_name(root: &Path) -> String {
    std::fs::read_to_string(root.join("site.toml"))
        .ok()
        .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
        .and_then(|t| t.get("theme")?.as_str().map(str::to_string))
        .unwrap_or_else(|| "default".into())
}

pub fn eject(root: &Path, names: &[String], force: bool, quiet: bool) -> i32 {
    if !root.join("site.toml").is_file() {
        eprintln!(
            "error: {} holds no site.toml; run `showcase theme eject` in a site folder (or pass --root)",
            root.display()
        );
        return EXIT_FAILURE;
    }
    let name = theme_name(root);
    let shipped = match theme::shipped_templates(root, &name) {
        Ok(t) => t,
        Err(d) => {
            eprintln!("error: {}", d.message);
            return EXIT_FAILURE;
        }
    };
    let available: Vec<&String> = shipped.templates.keys().collect();
    let chosen: Vec<&String> = if names.is_empty() {
        available.clone()
    } else {
        let mut chosen = Vec::new();
        for n in names {
            let wanted = if n.ends_with(".html") {
                n.clone()
            } else {
                format!("{n}.html")
            };
            match shipped.templates.get_key_value(&wanted) {
                Some((k, _)) => chosen.push(k),
                None => {
                    let list: Vec<&str> = available.iter().map(|s| s.as_str()).collect();
                    eprintln!(
                        "error: the theme `{name}` has no template `{n}`; it has: {}",
                        list.join(", ")
                    );
                    return EXIT_CONTENT;
                }
            }
        }
        chosen
    };
    let (mut written, mut kept) = (Vec::new(), Vec::new());
    for t in chosen {
        let target = root.join("templates").join(t);
        if target.exists() && !force {
            kept.push(t.as_str());
            continue;
        }
        let write = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&target, &shipped.templates[t]));
        if let Err(e) = write {
            eprintln!("error: cannot write {}: {e}", target.display());
            return EXIT_FAILURE;
        }
        written.push(t.as_str());
    }
    if !quiet {
        for t in &written {
            println!("templates/{t}");
        }
        if !kept.is_empty() {
            eprintln!(
                "kept (already in templates/; --force overwrites): {}",
                kept.join(", ")
            );
        }
        if !written.is_empty() {
            println!(
                "{} from the theme `{name}`: edit them there; they override the theme's, which \
                 keeps every other template",
                super::count(written.len(), "template copied", "templates copied")
            );
        }
    }
    EXIT_OK
}

/// Prints the English keys `lang` lacks (all keys with `all`) as TOML: keys the language has
/// are written with its text, the others commented out with the English text to translate.
pub fn strings(root: &Path, lang: &str, all: bool) -> i32 {
    if !crate::config::is_language_tag(lang) {
        eprintln!("error: `{lang}` is not a language tag (e.g. sv, lt, pt-BR, ar)");
        return EXIT_FAILURE;
    }
    let loaded = match theme::load(root, &theme_name(root)) {
        Ok(t) => t,
        Err(d) => {
            eprintln!("error: {}", d.message);
            return EXIT_FAILURE;
        }
    };
    let english = theme::strings_for(&loaded, "en");
    let own = theme::own_strings(&loaded, lang);
    let quote = |v: &str| toml::Value::String(v.to_string()).to_string();
    let mut out = format!(
        "# UI strings in `{lang}` for the site's i18n/{lang}.toml. Lines starting with `#` are\n\
         # keys the language lacks, with their English text: translate, then remove the `#`.\n\
         # Counts (`results_count`, `_one`...) take the forms of the language's plural rules:\n\
         # `key` is CLDR's \"other\", add `key_one`, `key_few`... as the language needs.\n"
    );
    let mut lacking = 0;
    for (key, text) in &english {
        match own.get(key) {
            Some(t) if all => out.push_str(&format!("{key} = {}\n", quote(t))),
            Some(_) => {}
            None => {
                lacking += 1;
                out.push_str(&format!("# {key} = {}\n", quote(text)));
            }
        }
    }
    print!("{out}");
    eprintln!("{lacking} of {} keys lacking in `{lang}`", english.len());
    EXIT_OK
}
