//! The site map: `build` writes exactly what `showcase plan` lists, and a link to any file
//! of the built site passes `check`.

use crate::fixture::*;
use std::collections::BTreeSet;
use std::path::Path;

const DATE: &str = "2026-11-26";

/// A copy of the bundled demo programme (settings, content, themes) in a temporary folder.
pub fn demo() -> Fixture {
    let f = Fixture::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(repo).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let wanted = ["site.toml", "content", "themes"].contains(&top.as_ref());
        if wanted && entry.file_type().is_file() {
            f.write_bytes(
                &rel.to_string_lossy(),
                &std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    f
}

/// The demo built for `date`, the build asserted to succeed.
pub fn built_demo(date: &str) -> Fixture {
    let f = demo();
    let out = f.run(&["build", "--date", date, "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    f
}

struct Planned {
    path: String,
    url: String,
    folder: bool,
}

fn plan(f: &Fixture) -> Vec<Planned> {
    let out = f.run(&["plan", "--date", DATE, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| Planned {
            path: p["path"].as_str().unwrap().to_string(),
            url: p["url"].as_str().unwrap().to_string(),
            folder: p["folder"].as_bool().unwrap(),
        })
        .collect()
}

/// Every file of a built site, relative to it (the manifest, which is showcase's own
/// bookkeeping and not served, left out).
fn files(public: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p != ".showcase-manifest")
        .collect()
}

/// Attribute values and text between tags, trimmed: what a page shows or says of itself.
fn shown_values(html: &str) -> impl Iterator<Item = &str> {
    let attributes = html
        .split("=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next());
    // Text after each tag; content quoting code (`as_of` in a how-to) is not a UI string.
    let texts = html
        .split('<')
        .filter(|tag| !tag.starts_with("code"))
        .filter_map(|tag| tag.split_once('>').map(|(_, text)| text));
    attributes.chain(texts).map(str::trim)
}

/// The URL a file is reached at: folders' `index.html` by the folder.
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{path}"),
    }
}

#[test]
fn the_demo_builds_exactly_its_plan_and_links_to_every_file_pass_check() {
    let f = built_demo(DATE);
    let planned = plan(&f);
    let built = files(&f.path("public"));
    // No two outputs share a path: no record's file can replace another's.
    let mut paths: Vec<&str> = planned.iter().map(|p| p.path.as_str()).collect();
    paths.sort_unstable();
    let shared: Vec<&[&str]> = paths.windows(2).filter(|w| w[0] == w[1]).collect();
    assert!(shared.is_empty(), "planned twice: {shared:?}");

    let planned_files: BTreeSet<&str> = planned
        .iter()
        .filter(|p| !p.folder)
        .map(|p| p.path.as_str())
        .collect();
    let folders: Vec<&str> = planned
        .iter()
        .filter(|p| p.folder)
        .map(|p| p.path.as_str())
        .collect();
    let unplanned: Vec<&String> = built
        .iter()
        .filter(|p| !planned_files.contains(p.as_str()))
        .filter(|p| !folders.iter().any(|f| p.starts_with(f)))
        .collect();
    assert!(unplanned.is_empty(), "built but not planned: {unplanned:?}");
    let unbuilt: Vec<&&str> = planned_files
        .iter()
        .filter(|p| !built.contains(**p))
        .collect();
    assert!(unbuilt.is_empty(), "planned but not built: {unbuilt:?}");
    for folder in &folders {
        assert!(
            built.iter().any(|p| p.starts_with(folder)),
            "planned folder {folder} is empty"
        );
    }
    // Every kind of output is there (a plan that lost one would still match its build).
    let kinds: BTreeSet<String> = planned.iter().map(|p| url_of(&p.path)).collect();
    for url in [
        "/",
        "/de/clusters/",
        "/style.css",
        "/brand/press-kit.zip",
        "/robots.txt",
        "/sitemap.xml",
        "/data/clusters.json",
        "/data/clusters.csv",
        "/data/clusters.schema.json",
        "/data/events.json",
        "/atom.xml",
        "/de/events.ics",
        "/og/en.png",
        "/search/en/",
    ] {
        assert!(kinds.contains(url), "{url} is not planned");
    }
    for p in &planned {
        assert_eq!(p.url, url_of(&p.path), "URL of {}", p.path);
    }

    // No page shows a UI string's key in place of its text (in a meta description, a title,
    // an attribute or the text itself): a value shaped like `clusters_description`.
    // `summary_large_image` is the X/Twitter card type, a fixed value of that standard.
    let looks_like_key = |v: &str| {
        let mut words = v.split('_');
        v != "summary_large_image"
            && words
                .next()
                .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
            && v.contains('_')
            && words.all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    let mut raw = Vec::new();
    for page in built.iter().filter(|p| p.ends_with(".html")) {
        let html = std::fs::read_to_string(f.path("public").join(page)).unwrap();
        raw.extend(
            shown_values(&html)
                .filter(|v| looks_like_key(v))
                .map(|v| format!("{page}: {v}")),
        );
    }
    assert!(raw.is_empty(), "raw UI keys shown: {raw:?}");

    // A Markdown link to every file of the site (search files included) passes `check`...
    let mut body = String::from("+++\ntitle = \"Every file\"\n+++\n");
    for file in &built {
        body.push_str(&format!("- [{file}]({})\n", url_of(file)));
    }
    f.write("content/pages/every-file.md", &body);
    let out = f.run(&["check", "--date", DATE, "--format", "json"]);
    let found = diagnostics(&out);
    assert!(
        out.status.success() && found.iter().all(|d| d.2 != "E020"),
        "links to built files were refused: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    // ...and one to a file the plan does not have is refused, naming the link.
    body.push_str("- [gone](/data/clusters.xml)\n");
    f.write("content/pages/every-file.md", &body);
    let out = f.run(&["check", "--date", DATE, "--format", "json"]);
    let dead: Vec<Diag> = diagnostics(&out)
        .into_iter()
        .filter(|d| d.2 == "E020")
        .collect();
    assert_eq!(dead.len(), 1, "{}", String::from_utf8_lossy(&out.stdout));
    assert!(dead[0].4.contains("/data/clusters.xml"), "{dead:?}");
    assert_eq!(dead[0].0, "content/pages/every-file.md");
    assert_eq!(out.status.code(), Some(1));
}
