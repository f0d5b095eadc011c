//! `showcase new KIND SLUG [--lang L]`: a cluster manager starts from a correct skeleton.
//!
//! The skeletons (`skeletons/new/`, compiled in) hold every field of the kind, required ones
//! with a `TODO:` value and optional ones commented out, each with a comment saying what it
//! takes: the fixed lists of `model`, date formats, and the site's own vocabularies, read
//! from its `content/taxonomies.toml`. Once the TODO values are replaced, the record passes
//! `showcase check`; left as they are, `check` names each one.

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK};
use crate::config::is_language_tag;
use crate::content::load::is_valid_slug;
use crate::pipeline::BuildDate;
use std::path::{Path, PathBuf};

/// A kind `new` can write: its folder, and the main and translation skeletons.
struct Skeleton {
    kind: &'static str,
    folder: &'static str,
    /// A folder record (`slug/index.toml`) rather than a file (`slug.md`).
    folder_form: bool,
    main: &'static str,
    translation: &'static str,
}

const SKELETONS: [Skeleton; 8] = [
    Skeleton {
        kind: "cluster",
        folder: "clusters",
        folder_form: false,
        main: include_str!("../../skeletons/new/cluster.md"),
        translation: include_str!("../../skeletons/new/cluster.tr.md"),
    },
    Skeleton {
        kind: "event",
        folder: "events",
        folder_form: false,
        main: include_str!("../../skeletons/new/event.md"),
        translation: include_str!("../../skeletons/new/event.tr.md"),
    },
    Skeleton {
        kind: "news",
        folder: "news",
        folder_form: false,
        main: include_str!("../../skeletons/new/news.md"),
        translation: include_str!("../../skeletons/new/news.tr.md"),
    },
    Skeleton {
        kind: "document",
        folder: "documents",
        folder_form: true,
        main: include_str!("../../skeletons/new/document.toml"),
        translation: include_str!("../../skeletons/new/document.tr.toml"),
    },
    Skeleton {
        kind: "page",
        folder: "pages",
        folder_form: false,
        main: include_str!("../../skeletons/new/page.md"),
        translation: include_str!("../../skeletons/new/page.tr.md"),
    },
    Skeleton {
        kind: "organisation",
        folder: "organisations",
        folder_form: false,
        main: include_str!("../../skeletons/new/organisation.md"),
        translation: include_str!("../../skeletons/new/organisation.tr.md"),
    },
    Skeleton {
        kind: "call",
        folder: "calls",
        folder_form: false,
        main: include_str!("../../skeletons/new/call.md"),
        translation: include_str!("../../skeletons/new/call.tr.md"),
    },
    Skeleton {
        kind: "cooperation",
        folder: "cooperation",
        folder_form: false,
        main: include_str!("../../skeletons/new/cooperation.md"),
        translation: include_str!("../../skeletons/new/cooperation.tr.md"),
    },
];

/// What the skeletons mention of the site: its vocabularies, languages and time zone.
#[derive(Default)]
struct SiteFacts {
    languages: Vec<String>,
    time_zone: Option<String>,
    /// Vocabulary -> terms, from content/taxonomies.toml.
    terms: std::collections::BTreeMap<String, Vec<String>>,
}

fn read_facts(root: &Path) -> Result<SiteFacts, String> {
    // Like every command, nothing outside the site root: a settings file that is a link
    // leading out is not read (its values would land in the skeleton).
    let inside = |rel: &str| {
        let root = root.canonicalize().ok()?;
        crate::content::load::inside_root(&root.join(rel), &root)
    };
    let site_toml = root.join("site.toml");
    if site_toml.exists() && inside("site.toml").is_none() {
        return Err(format!(
            "{} is a link leading outside the site root; it is not read",
            site_toml.display()
        ));
    }
    let text = std::fs::read_to_string(&site_toml).map_err(|e| {
        format!(
            "cannot read {}: {e}; run `showcase new` in a site folder (or pass --root), or start one with `showcase init DIR`",
            site_toml.display()
        )
    })?;
    let mut facts = SiteFacts::default();
    // Only what a skeleton mentions; `check` reports anything wrong with the settings.
    if let Ok(t) = toml::from_str::<toml::Table>(&text) {
        facts.languages = t
            .get("languages")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        facts.time_zone = t
            .get("time_zone")
            .and_then(|v| v.as_str())
            .map(str::to_string);
    }
    let tax = match inside("content/taxonomies.toml") {
        Some(path) => std::fs::read_to_string(path).unwrap_or_default(),
        None => String::new(),
    };
    if let Ok(t) = toml::from_str::<toml::Table>(&tax) {
        for (vocab, terms) in t {
            if let Some(terms) = terms.as_table() {
                facts.terms.insert(vocab, terms.keys().cloned().collect());
            }
        }
    }
    Ok(facts)
}

/// "a, b, c" for a comment, shortened past a dozen terms.
fn term_list(terms: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut s = terms
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if terms.len() > SHOWN {
        s.push_str(&format!(" and {} more", terms.len() - SHOWN));
    }
    if s.is_empty() {
        "none declared yet".to_string()
    } else {
        s
    }
}

/// Fill a skeleton's `{{placeholders}}`.
fn fill(template: &str, slug: &str, lang: Option<&str>, facts: &SiteFacts, today: &str) -> String {
    let terms = |v: &str| facts.terms.get(v).cloned().unwrap_or_default();
    let first = |v: &str, fallback: &str| {
        terms(v)
            .first()
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    };
    let schemes: Vec<String> = crate::model::LABEL_SCHEME_VOCABULARIES
        .iter()
        .flat_map(|v| terms(v))
        .collect();
    let schemes = if schemes.is_empty() {
        String::new()
    } else {
        format!(", or a programme scheme: {}", term_list(&schemes))
    };
    let language = lang
        .map(|l| crate::render::theme::language_name(l).to_string())
        .unwrap_or_default();
    template
        .replace("{{slug}}", slug)
        .replace("{{today}}", today)
        .replace("{{language}}", &language)
        .replace("{{time_zone}}", facts.time_zone.as_deref().unwrap_or("UTC"))
        .replace("{{sectors}}", &term_list(&terms("sectors")))
        .replace("{{sector}}", &first("sectors", "sector-term"))
        .replace("{{regions}}", &term_list(&terms("regions")))
        .replace("{{region}}", &first("regions", "region-term"))
        .replace("{{technologies}}", &term_list(&terms("technologies")))
        .replace("{{technology}}", &first("technologies", "technology-term"))
        .replace("{{label_schemes}}", &schemes)
        .replace(
            "{{file_types}}",
            &crate::assemble::ALLOWED_ASSET_TYPES.join(", "),
        )
}

/// Files a record of this slug may already have.
fn existing(dir: &Path, slug: &str) -> Option<PathBuf> {
    [
        format!("{slug}.md"),
        format!("{slug}.toml"),
        slug.to_string(),
    ]
    .into_iter()
    .map(|n| dir.join(n))
    .find(|p| p.exists())
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    // create_new: never overwrite, even if the file appeared since we looked.
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    std::io::Write::write_all(&mut f, text.as_bytes())
}

pub fn run(kind: &str, slug: &str, lang: Option<&str>, root: &Path) -> i32 {
    let Some(sk) = SKELETONS.iter().find(|s| s.kind == kind) else {
        let kinds: Vec<&str> = SKELETONS.iter().map(|s| s.kind).collect();
        eprintln!(
            "error: `{kind}` is not a kind of record `new` can write; use one of {}",
            kinds.join(", ")
        );
        return EXIT_FAILURE;
    };
    if !is_valid_slug(slug) {
        eprintln!(
            "error: invalid slug `{slug}`: use lower-case ASCII letters, digits and `-` (not at the start or end), e.g. `ocean-lab`"
        );
        return EXIT_CONTENT;
    }
    let facts = match read_facts(root) {
        Ok(f) => f,
        Err(msg) => {
            eprintln!("error: {msg}");
            return EXIT_FAILURE;
        }
    };
    // Pages live at /<slug>/, beside the site's own sections and the language folders.
    if kind == "page"
        && (crate::routes::RESERVED.contains(&slug) || facts.languages.iter().any(|l| l == slug))
    {
        eprintln!(
            "error: `{slug}` is reserved for the site's own pages; choose another slug for the page"
        );
        return EXIT_CONTENT;
    }
    if kind == "call" && slug == "archive" {
        eprintln!("error: `archive` is the address of the closed calls; choose another slug");
        return EXIT_CONTENT;
    }
    if let Some(l) = lang {
        if !is_language_tag(l) || l == "en" {
            eprintln!(
                "error: `--lang {l}`: give the tag of a language besides English, e.g. `de` (English is the record itself)"
            );
            return EXIT_CONTENT;
        }
        if !facts.languages.iter().any(|x| x == l) {
            eprintln!(
                "error: site.toml does not declare `{l}` (languages: {}); add it to `languages` first",
                facts.languages.join(", ")
            );
            return EXIT_CONTENT;
        }
    }
    let dir = root.join("content").join(sk.folder);
    if let Some(p) = existing(&dir, slug) {
        eprintln!("error: a {kind} `{slug}` exists already: {}", p.display());
        return EXIT_CONTENT;
    }
    let tz = facts
        .time_zone
        .as_deref()
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let today = BuildDate::from_env(None).resolve(tz).to_string();
    let (main, translation) = if sk.folder_form {
        let ext = "toml";
        (
            dir.join(slug).join(format!("index.{ext}")),
            lang.map(|l| dir.join(slug).join(format!("index.{l}.{ext}"))),
        )
    } else {
        (
            dir.join(format!("{slug}.md")),
            lang.map(|l| dir.join(format!("{slug}.{l}.md"))),
        )
    };
    let mut written = Vec::new();
    let files = std::iter::once((main, sk.main)).chain(translation.map(|t| (t, sk.translation)));
    for (path, template) in files {
        if let Err(e) = write_new(&path, &fill(template, slug, lang, &facts, &today)) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_FAILURE;
        }
        written.push(path);
    }
    for p in &written {
        println!("Created {}", p.strip_prefix(root).unwrap_or(p).display());
    }
    let extra = if sk.folder_form {
        ", put the file(s) beside it"
    } else {
        ""
    };
    println!("Replace the values marked TODO{extra}, then run `showcase check`.");
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_all_filled() {
        let mut facts = SiteFacts {
            time_zone: Some("Europe/Oslo".into()),
            ..Default::default()
        };
        facts
            .terms
            .insert("sectors".into(), vec!["maritime".into(), "energy".into()]);
        facts
            .terms
            .insert("label_schemes".into(), vec!["nce".into()]);
        for sk in &SKELETONS {
            for t in [sk.main, sk.translation] {
                let out = fill(t, "ocean-lab", Some("de"), &facts, "2026-11-26");
                assert!(
                    !out.contains("{{"),
                    "{}: unfilled placeholder in\n{out}",
                    sk.kind
                );
            }
        }
        let cluster = fill(SKELETONS[0].main, "x", None, &facts, "2026-11-26");
        assert!(cluster.contains("[sectors] in content/taxonomies.toml: maritime, energy."));
        assert!(cluster.contains("eucles-gold, or a programme scheme: nce;"));
        assert!(cluster.contains("updated = 2026-11-26"));
    }

    #[test]
    fn long_term_lists_are_shortened() {
        let terms: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
        assert!(term_list(&terms).ends_with("t11 and 8 more"));
        assert_eq!(term_list(&[]), "none declared yet");
    }
}
