//! `showcase theme eject [TEMPLATE...] [--force]`: copy templates of the site's theme into
//! its own `templates/`, where they override the theme's one by one. A programme changes the
//! one page it needs (the home page, the footer in `base.html`) and keeps receiving every
//! other template's fixes with each release, instead of forking the whole theme.

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
