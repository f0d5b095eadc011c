//! A site under a path (`base_url = "https://example.org/programme/"`, as GitHub Pages serves
//! a project site): every reference a built file makes to the site carries the path, and
//! leads to a file of the output; `check` still takes the site-relative links authors write;
//! `build --serve` serves the site at the path.

use crate::fixture::*;
use crate::plan::demo;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

const ORIGIN: &str = "https://example.org";
const BASE: &str = "/programme/";

/// Attributes whose value is a URL (or, for `content`, may be one).
const URL_ATTRIBUTES: [&str; 10] = [
    "href",
    "src",
    "srcset",
    "action",
    "content",
    "data-url",
    "data-href",
    "poster",
    "xlink:href",
    "data",
];

/// What the scan of an output found.
#[derive(Default)]
struct Scan {
    /// References to the site checked, in every file.
    references: usize,
    /// Site-relative URLs (the path taken off) to find in the output.
    targets: BTreeSet<String>,
    /// `file: reference` that lacks the path.
    wrong: Vec<String>,
}

impl Scan {
    /// One URL found in `file`: a reference to the site must be under the path.
    fn url(&mut self, file: &str, url: &str) {
        let url = url.trim().replace("&amp;", "&");
        let local = if let Some(rest) = url.strip_prefix(ORIGIN) {
            rest.to_string()
        } else if url.starts_with('/') && !url.starts_with("//") {
            url.clone()
        } else {
            return; // another site, a fragment, mailto:, a relative reference, text
        };
        self.references += 1;
        match local.strip_prefix(BASE.trim_end_matches('/')) {
            Some(rest) if rest.starts_with('/') && !rest.starts_with(BASE) => {
                self.targets.insert(rest.to_string());
            }
            _ => self.wrong.push(format!("{file}: {url}")),
        }
    }

    /// Every URL of a text file: attribute values (also as escaped in XML), `url(...)`, and
    /// absolute URLs of the site anywhere (sitemap, feeds, JSON-LD, calendars).
    fn text(&mut self, file: &str, text: &str) {
        for attr in URL_ATTRIBUTES {
            for (open, close) in [("=\"", "\""), ("=&quot;", "&quot;")] {
                let key = format!("{attr}{open}");
                for (i, _) in text.match_indices(&key) {
                    // `href` must not be the end of `data-href`.
                    let before = text[..i].chars().next_back().unwrap_or(' ');
                    if !(before.is_whitespace() || before == '<') {
                        continue;
                    }
                    let start = i + key.len();
                    let Some(len) = text[start..].find(close) else {
                        continue;
                    };
                    let value = &text[start..start + len];
                    if attr == "srcset" {
                        for item in value.split(',') {
                            let url = item.split_whitespace().next().unwrap_or("");
                            self.url(file, url);
                        }
                    } else {
                        self.url(file, value);
                    }
                }
            }
        }
        for (i, _) in text.match_indices("url(") {
            let rest = &text[i + 4..];
            let value = &rest[..rest.find(')').unwrap_or(0)];
            self.url(file, value.trim_matches(['"', '\'']));
        }
        for (i, _) in text.match_indices(ORIGIN) {
            let rest = &text[i..];
            let end = rest
                .find(|c: char| c.is_whitespace() || "\"'<>)&,\\".contains(c))
                .unwrap_or(rest.len());
            // Counted apart from the attributes they are in: an absolute URL is checked twice.
            self.url(file, &rest[..end]);
        }
        if text.contains("programme/programme") {
            self.wrong.push(format!("{file}: the path twice"));
        }
    }

    /// Every string of a JSON file that is a URL of the site.
    fn json(&mut self, file: &str, v: &serde_json::Value) {
        match v {
            serde_json::Value::String(s) if s.starts_with('/') || s.starts_with(ORIGIN) => {
                self.url(file, s);
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| self.json(file, x)),
            serde_json::Value::Object(o) => o.values().for_each(|x| self.json(file, x)),
            _ => {}
        }
    }

    /// A script's string literals naming a root-relative path (`'/search/'`): they would
    /// leave the path. Comments are left out.
    fn script(&mut self, file: &str, text: &str) {
        let mut code = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("/*") {
            code.push_str(&rest[..i]);
            rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
        }
        code.push_str(rest);
        for quote in ['\'', '"', '`'] {
            for (i, _) in code.match_indices(&format!("{quote}/")) {
                if code[i + 2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                    self.references += 1;
                    let shown: String = code[i..].chars().take(40).collect();
                    self.wrong.push(format!("{file}: {shown}"));
                }
            }
        }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match (b[i], s.get(i + 1..i + 3)) {
            (b'%', Some(hex)) if u8::from_str_radix(hex, 16).is_ok() => {
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).to_string()
}

/// Scan every file of `out`; the figures go to stderr for the record.
fn scan(out: &Path) -> Scan {
    let mut s = Scan::default();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let ext = rel.rsplit('.').next().unwrap_or("");
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue; // pictures, archives
        };
        files += 1;
        match ext {
            "json" => {
                let v: serde_json::Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"));
                s.json(&rel, &v);
            }
            "js" => s.script(&rel, &text),
            // A calendar folds its lines at 75 octets.
            "ics" => s.text(&rel, &text.replace("\r\n ", "")),
            _ => s.text(&rel, &text),
        }
    }
    eprintln!(
        "base path scan of {}: {files} text files, {} references to the site, {} distinct targets",
        out.display(),
        s.references,
        s.targets.len()
    );
    s
}

/// The site-relative URLs of `targets` that no file of `out` answers.
fn missing(out: &Path, targets: &BTreeSet<String>) -> Vec<String> {
    targets
        .iter()
        .filter(|url| {
            let path = percent_decode(url.split(['?', '#']).next().unwrap_or(""));
            let mut file = out.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file.push("index.html");
            }
            // A site-relative rule of `_headers` or `_redirects` (`/programme/*`) is no file.
            !file.is_file() && !path.contains('*') && !path.contains(':')
        })
        .cloned()
        .collect()
}

fn build_under_path(f: &Fixture, extra: &[&str]) -> std::path::PathBuf {
    let out = f.path("out");
    let mut args = vec![
        "build",
        "--base-url",
        "https://example.org/programme/",
        "--date",
        "2026-11-26",
        "--quiet",
        "--output",
    ];
    let out_arg = out.to_string_lossy().to_string();
    args.push(&out_arg);
    args.extend(extra);
    let r = f.run(&args);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    out
}

#[test]
fn every_reference_of_a_site_under_a_path_carries_the_path_and_leads_to_a_file() {
    let f = demo();
    // Links authors write: site-relative Markdown links and pictures, and raw HTML; a menu of
    // the site's own sections, a page and another site.
    let about = f.read("content/pages/contact.md");
    f.write(
        "content/pages/contact.md",
        &format!(
            "{about}\nSee [the clusters](/clusters/), [the map](/map/#top) and \
             ![the regions](/map/base.svg).\n\n<p>Also <a href=\"/news/\">the news</a>.</p>\n"
        ),
    );
    let settings = f.read("site.toml");
    f.write(
        "site.toml",
        &format!(
            "{settings}\n[[menu]]\nname = \"Clusters\"\nurl = \"/clusters/\"\n\n\
             [[menu]]\nname = \"Map\"\nurl = \"map/\"\n\n[[menu]]\nname = \"Contact\"\n\
             page = \"contact\"\n\n[[menu]]\nname = \"Elsewhere\"\nurl = \"https://elsewhere.example/\"\n"
        ),
    );
    let out = build_under_path(&f, &[]);
    let s = scan(&out);
    assert!(
        s.wrong.is_empty(),
        "without the path:\n{}",
        s.wrong.join("\n")
    );
    let missing = missing(&out, &s.targets);
    assert!(missing.is_empty(), "lead nowhere:\n{}", missing.join("\n"));
    // The scan saw what matters: pages, pictures in widths, search files, feeds, the map.
    assert!(s.references > 50_000, "{} references", s.references);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    for want in [
        "href=\"/programme/style.css\"",
        "src=\"/programme/js/search.js\"",
        "href=\"/programme/favicon.svg\"",
        "href=\"/programme/de/\"",
        "action=\"/programme/search/\"",
        "<link rel=\"canonical\" href=\"https://example.org/programme/\">",
        "href=\"https://elsewhere.example/\"",
    ] {
        assert!(home.contains(want), "home page: no {want}");
    }
    // The French page shows the English text (there is no contact.fr.md): its links lead to
    // the French pages, under the path.
    let contact = std::fs::read_to_string(out.join("fr/contact/index.html")).unwrap();
    for want in [
        "href=\"/programme/fr/clusters/\"",
        "href=\"/programme/fr/map/#top\"",
        "src=\"/programme/map/base.svg\"",
        "href=\"/programme/news/\"",
        "<a href=\"/programme/fr/contact/\" aria-current=\"page\"",
    ] {
        assert!(contact.contains(want), "fr/contact: no {want}");
    }
    // The 404 page works at any depth: nothing in it is relative to where it is served.
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(!not_found.contains("href=\"../") && !not_found.contains("src=\"../"));
    assert!(not_found.contains("href=\"/programme/style.css\""));
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/programme/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn a_site_at_the_root_has_no_path_in_its_links() {
    // The scan itself, on the same fixture at the root: it finds what it looks for.
    let f = Fixture::valid();
    let r = f.run(&["build", "--date", "2026-11-26", "--quiet", "--no-search"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let s = scan(&f.path("public"));
    assert!(s.references > 500, "{}", s.references);
    assert!(s.targets.is_empty());
    assert!(
        s.wrong.iter().any(|w| w.ends_with(": /style.css")),
        "{:?}",
        &s.wrong[..3]
    );
    let home = f.read("public/index.html");
    assert!(home.contains("href=\"/style.css\"") && !home.contains("/programme/"));
}

/// `check` of a site whose `base_url` has a path: site-relative links authors write are
/// checked against the site as before.
#[test]
fn check_takes_site_relative_links_under_a_path() {
    let f = Fixture::valid();
    f.edit(
        "site.toml",
        "https://clusters.test.example/",
        "https://example.org/programme/",
    );
    let out = f.run(&["check", "--date", "2026-11-26", "--format", "json"]);
    let d = diagnostics(&out);
    assert!(!d.iter().any(|x| x.2 == "E020"), "{d:?}");
    // The fixture links `/clusters/hydro/`; a link to a cluster that is not there is reported,
    // and so is one written with the path, which is not how the contract writes links.
    f.edit(
        "content/clusters/oceanlab.md",
        "(/clusters/hydro/)",
        "(/clusters/hydro/), [gone](/clusters/nowhere/), [twice](/programme/clusters/hydro/)",
    );
    let out = f.run(&["check", "--date", "2026-11-26", "--format", "json"]);
    let e020: Vec<_> = diagnostics(&out)
        .into_iter()
        .filter(|x| x.2 == "E020")
        .collect();
    assert_eq!(e020.len(), 2, "{e020:?}");
    assert!(
        e020.iter().any(|x| x.4.contains("/clusters/nowhere/")),
        "{e020:?}"
    );
}

/// A raw HTTP/1.1 GET: status, head and body.
fn get(port: u16, target: &str) -> (u16, String, Vec<u8>) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

#[test]
fn build_serve_serves_a_site_under_its_path() {
    let f = Fixture::valid();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_showcase"))
        .args([
            "build",
            "--no-search",
            "--serve",
            "--port",
            "0",
            "--date",
            "2026-11-26",
            "--base-url",
            "https://example.org/programme/",
            "--root",
        ])
        .arg(&f.root)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start showcase");
    let serving = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("Serving "));
    let checks = || {
        let serving = serving.clone().expect("a Serving line");
        let at = serving.split("http://127.0.0.1:").nth(1).expect("address");
        assert!(at.contains("/programme/ "), "{serving}");
        let port: u16 = at.split('/').next().unwrap().parse().unwrap();
        let (status, _, body) = get(port, "/programme/");
        assert_eq!(status, 200);
        assert!(String::from_utf8_lossy(&body).contains("href=\"/programme/style.css\""));
        assert_eq!(get(port, "/programme/style.css").0, 200);
        assert_eq!(get(port, "/programme/de/clusters/oceanlab/").0, 200);
        for (target, to) in [
            ("/", "/programme/"),
            ("/programme", "/programme/"),
            ("/programme/clusters?x=1", "/programme/clusters/?x=1"),
        ] {
            let (status, head, _) = get(port, target);
            assert_eq!(status, 301, "{target}: {head}");
            assert!(
                head.contains(&format!("\r\nLocation: {to}")),
                "{target}: {head}"
            );
        }
        // Outside the path, and a missing page under it: the 404 page.
        for target in [
            "/clusters/oceanlab/",
            "/programme/nowhere/",
            "/programme/de/x/y/",
        ] {
            let (status, _, body) = get(port, target);
            assert_eq!(status, 404, "{target}");
            assert!(
                String::from_utf8_lossy(&body).contains("href=\"/programme/style.css\""),
                "{target}"
            );
        }
    };
    let result = std::panic::catch_unwind(checks);
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
