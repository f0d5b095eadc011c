//! Organisations, calls and cooperation requests in the demo: every output they take part
//! in (pages in every language, cluster profiles, lists by state, calendars, feeds, open
//! data, sitemap, search), and `check` on a broken record.

use crate::fixture::*;
use crate::plan::{built_demo, demo};
use serde_json::Value;
use std::collections::BTreeSet;

const DATE: &str = "2026-11-26";
const LANGS: [&str; 4] = ["en", "de", "nb", "fr"];

fn prefix(lang: &str) -> String {
    if lang == "en" {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// Slugs of the records in a content folder: files without a language tag, and folders.
fn record_slugs(f: &Fixture, folder: &str) -> BTreeSet<String> {
    std::fs::read_dir(f.path(&format!("content/{folder}")))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter_map(|name| {
            let parts: Vec<&str> = name.split('.').collect();
            match parts.len() {
                1 => Some(name.clone()),
                2 => Some(parts[0].to_string()),
                _ => None,
            }
        })
        .collect()
}

pub fn search(f: &Fixture, lang: &str, query: &str) -> Vec<String> {
    hits(f, lang, query, 20)
        .into_iter()
        .map(|(url, _)| url)
        .collect()
}

/// `showcase search`'s first `limit` results: URL and score.
pub fn hits(f: &Fixture, lang: &str, query: &str, limit: usize) -> Vec<(String, f64)> {
    let limit = limit.to_string();
    let out = f.run(&[
        "search", "--lang", lang, "--format", "json", "--limit", &limit, query,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let url = h["url"].as_str().unwrap().to_string();
            (url, h["score"].as_f64().unwrap())
        })
        .collect()
}

#[test]
fn the_demo_actors_reach_every_output() {
    let f = built_demo(DATE);
    let read = |p: &str| f.read(&format!("public/{p}"));

    // Open data lists every organisation; each has a page in every language, and a page in
    // a language it lacks says so and marks the English text.
    let orgs: Value = serde_json::from_str(&read("data/organisations.json")).unwrap();
    let orgs = orgs["organisations"].as_array().unwrap();
    let slugs: BTreeSet<String> = orgs
        .iter()
        .map(|o| o["slug"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(slugs, record_slugs(&f, "organisations"));
    assert!(orgs.len() >= 150, "{} organisations", orgs.len());
    let csv = read("data/organisations.csv");
    assert_eq!(csv.lines().count(), orgs.len() + 1);
    for o in orgs {
        let slug = o["slug"].as_str().unwrap();
        for lang in LANGS {
            let page = read(&format!("{}organisations/{slug}/index.html", prefix(lang)));
            let name_en = o["name"]["en"].as_str().unwrap();
            let translated = o["summary"].get(lang).is_some();
            let name = o["name"]
                .get(lang)
                .and_then(Value::as_str)
                .unwrap_or(name_en);
            assert!(
                page.contains(&html_escape(name)),
                "{lang} page of {slug} lacks its name {name:?}"
            );
            if !translated {
                assert!(
                    page.contains("notice-translation"),
                    "{lang} page of {slug} does not say it shows English"
                );
                assert!(
                    page.contains(" lang=\"en\""),
                    "{lang} {slug}: fallback without lang"
                );
            }
            assert!(page.contains("\"memberOf\"") || o["clusters"].as_array().unwrap().is_empty());
        }
        // Cluster profiles link their members.
        for c in o["clusters"].as_array().unwrap() {
            let profile = read(&format!("clusters/{}/index.html", c.as_str().unwrap()));
            assert!(
                profile.contains(&format!("href=\"/organisations/{slug}/\"")),
                "cluster {c} does not link its member {slug}"
            );
        }
    }
    let members = read("organisations/clusters/agritech-mid/index.html");
    assert!(members.contains("href=\"/organisations/akerdata/\""));

    // Calls: open ones by deadline, then upcoming ones; closed ones in the archive.
    let calls = read("calls/index.html");
    let at = |page: &str, slug: &str| page.find(&format!("href=\"/calls/{slug}/\""));
    let order = [
        "digital-home-follow-up-procurement",
        "cross-border-cluster-projects-2027",
        "innovation-projects-industry-2027",
        "zero-emission-vessels-2027",
        "blue-economy-cofund-2027",
        "arctic-space-accelerator-2027",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|s| at(&calls, s).unwrap_or_else(|| panic!("{s} not on /calls/")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(at(&calls, "seafood-side-stream-prize-2026").is_none());
    let archive = read("calls/archive/index.html");
    assert!(at(&archive, "seafood-side-stream-prize-2026").is_some());
    assert!(at(&archive, "blue-economy-cofund-2027").is_none());
    let home = read("index.html");
    assert!(at(&home, "digital-home-follow-up-procurement").is_some());
    // Deadlines reach the calendars, in UTC; the feed of open calls leaves the others out.
    let ics = read("events.ics");
    assert!(ics.contains("UID:call-digital-home-follow-up-procurement@"));
    let one =
        read("calls/digital-home-follow-up-procurement/digital-home-follow-up-procurement.ics");
    assert!(one.contains("DTSTART:20261204T110000Z"), "{one}");
    let de_ics = read("de/events.ics");
    assert!(de_ics.contains("SUMMARY:Frist: "), "{de_ics}");
    let feed = read("calls/atom.xml");
    assert!(feed.contains("/calls/blue-economy-cofund-2027/"));
    assert!(!feed.contains("seafood-side-stream-prize-2026"));
    assert!(!feed.contains("arctic-space-accelerator-2027"));
    let data: Value = serde_json::from_str(&read("data/calls.json")).unwrap();
    let states: BTreeSet<&str> = data["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        BTreeSet::from(["closed", "closing-soon", "open", "upcoming"])
    );
    let call_page = read("calls/blue-economy-cofund-2027/index.html");
    assert!(call_page.contains("\"MonetaryGrant\""));

    // An expired cooperation request leaves the list, the sitemap and the search; its page
    // stays, not to be indexed.
    let expired = "multilingual-voice-for-dispensers";
    let list = read("cooperation/index.html");
    assert!(!list.contains(&format!("/cooperation/{expired}/")));
    assert!(list.contains("/cooperation/seaweed-film-buyers/"));
    let page = read(&format!("cooperation/{expired}/index.html"));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!read("sitemap.xml").contains(&format!("/cooperation/{expired}/")));
    assert!(read("sitemap.xml").contains("/cooperation/seaweed-film-buyers/"));
    assert!(
        !search(&f, "en", "speech technology dispensers")
            .iter()
            .any(|u| u.contains(expired))
    );

    // Search finds an organisation by a competence and by its untranslated name.
    let hits = search(&f, "de", "variable-rate application maps");
    assert!(
        hits.iter().any(|u| u == "/de/organisations/akerdata/"),
        "{hits:?}"
    );
    let hits = search(&f, "nb", "Þaravinnslan");
    assert!(
        hits.iter()
            .any(|u| u == "/nb/organisations/thaaravinnslan/"),
        "{hits:?}"
    );

    // A broken record fails `check` with its file and line.
    f.write(
        "content/organisations/broken.toml",
        "name = \"Broken AS\"\nkind = \"company\"\nsummary = \"S.\"\ncountry = \"NO\"\n\
         website = \"https://broken.example/\"\nupdated = 2026-01-01\nclusters = [\"nowhere\"]\nemployes = 3\n",
    );
    let diags = diagnostics(&f.run(&["check", "--date", DATE, "--format", "json"]));
    let broken: Vec<_> = diags
        .iter()
        .filter(|d| d.0 == "content/organisations/broken.toml")
        .map(|d| (d.1, d.2.as_str()))
        .collect();
    assert!(broken.contains(&(8, "E002")), "{diags:?}");
}

/// Text as it appears in HTML (Tera escapes `&`, `<`, `>` and quotes).
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `fallback_pages = false`: an organisation has pages only in the languages it is
/// translated into; pages in the others link to its English page, and nothing links to a
/// page that is not there.
#[test]
fn without_fallback_pages_untranslated_organisations_link_to_english() {
    let f = demo();
    let settings = f.read("site.toml");
    f.write("site.toml", &format!("fallback_pages = false\n{settings}"));
    let out = f.run(&["build", "--date", DATE, "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exists = |p: &str| f.path(&format!("public/{p}")).is_file();
    // Åkerdata has no translation; the University of Bryggevik has all three.
    assert!(exists("organisations/akerdata/index.html"));
    assert!(!exists("de/organisations/akerdata/index.html"));
    assert!(exists(
        "de/organisations/university-of-bryggevik/index.html"
    ));
    let list = f.read("public/de/organisations/clusters/agritech-mid/index.html");
    assert!(list.contains("href=\"/organisations/akerdata/\""));
    let profile = f.read("public/de/clusters/agritech-mid/index.html");
    assert!(profile.contains("href=\"/organisations/akerdata/\""));
    let english = f.read("public/organisations/akerdata/index.html");
    assert!(
        !english.contains("hreflang=\"de\""),
        "alternate to a missing page"
    );
    let sitemap = f.read("public/sitemap.xml");
    assert!(!sitemap.contains("/de/organisations/akerdata/"));
    let hits = search(&f, "de", "variable-rate application maps");
    assert!(
        hits.iter().any(|u| u == "/organisations/akerdata/"),
        "{hits:?}"
    );
    // Every internal link of every page names a file of the site.
    let public = f.path("public");
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for href in html
            .split("href=\"/")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            let path = href.split(['#', '?']).next().unwrap();
            let file = if path.is_empty() || path.ends_with('/') {
                public.join(path).join("index.html")
            } else {
                public.join(path)
            };
            assert!(
                file.exists(),
                "{} links to missing /{href}",
                entry.path().display()
            );
        }
    }
}

/// Lists of every kind are bounded: past 48 items a list goes on to `page/2/`, and every
/// item is on one of its pages.
#[test]
fn long_lists_of_news_events_and_documents_are_paginated() {
    let f = demo();
    for i in 0..60 {
        f.write(
            &format!("content/news/bulk-{i:02}.md"),
            &format!("+++\ntitle = \"Bulk news {i}\"\nsummary = \"Item {i}.\"\npublished = 2025-01-{:02}\n+++\nText.\n", 1 + i % 28),
        );
        f.write(
            &format!("content/events/bulk-{i:02}.toml"),
            &format!(
                "title = \"Bulk event {i}\"\nsummary = \"Event {i}.\"\nstart = 2024-03-{:02}\nattendance = \"online\"\nonline_url = \"https://meet.example/{i}\"\norganisers = [\"programme\"]\n",
                1 + i % 28
            ),
        );
    }
    let out = f.run(&["build", "--date", DATE, "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (list, item) in [("news", "/news/bulk-"), ("events", "/events/bulk-")] {
        let first = f.read(&format!("public/{list}/index.html"));
        assert!(
            first.contains(&format!("href=\"/{list}/page/2/\" rel=\"next\"")),
            "{list}: no next page"
        );
        let second = f.read(&format!("public/de/{list}/page/2/index.html"));
        assert!(
            second.contains(&format!("/de{item}")),
            "{list}: page 2 lists nothing"
        );
        let mut listed = 0;
        for page in 1..=3 {
            let path = match page {
                1 => format!("public/{list}/index.html"),
                n => format!("public/{list}/page/{n}/index.html"),
            };
            if f.path(&path).is_file() {
                listed += f.read(&path).matches(&format!("href=\"{item}")).count();
            }
        }
        assert_eq!(listed, 60, "{list}: {listed} of 60 bulk items on its pages");
    }
}
