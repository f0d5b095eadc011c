//! `showcase build`: pages in every language, fallbacks marked, atomic and reproducible output.

use crate::fixture::*;
use std::collections::BTreeMap;
use std::path::Path;

const DATE: &str = "2026-11-26";

fn build(f: &Fixture) -> std::process::Output {
    f.run(&["build", "--date", DATE])
}

/// Every file under a folder with its bytes.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_page_exists_in_every_language() {
    let f = Fixture::valid();
    let out = build(&f);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for prefix in ["", "de/", "nb/"] {
        for page in [
            "index.html",
            "clusters/index.html",
            "clusters/oceanlab/index.html",
            "clusters/hydro/index.html",
            "events/index.html",
            "events/agm-2027/index.html",
            "news/index.html",
            "news/ferry/index.html",
            "documents/index.html",
            "brand/index.html",
            "about/index.html",
            "search/index.html",
            "404.html",
            "sectors/index.html",
            "sectors/maritime/index.html",
            "regions/west/index.html",
            "technologies/hydrogen/index.html",
            "labels/eucles-gold/index.html",
        ] {
            assert!(
                f.path(&format!("public/{prefix}{page}")).is_file(),
                "missing {prefix}{page}"
            );
        }
    }
    for file in [
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "de/atom.xml",
        "events.ics",
        "nb/events.ics",
        "brand/logo/logo.svg",
        "brand/press-kit.zip",
        "style.css",
    ] {
        assert!(
            f.path(&format!("public/{file}")).is_file(),
            "missing {file}"
        );
    }
}

#[test]
fn missing_translations_fall_back_to_english_and_say_so() {
    let f = Fixture::valid();
    assert!(build(&f).status.success());
    // oceanlab has German but no Norwegian text.
    let de = f.read("public/de/clusters/oceanlab/index.html");
    assert!(de.contains("<html lang=\"de\""), "page language");
    assert!(de.contains("Ocean-Lab-Cluster"));
    let nb = f.read("public/nb/clusters/oceanlab/index.html");
    assert!(nb.contains("<html lang=\"nb\""));
    // The notice is the theme's not_translated string in Norwegian, and the English text
    // comes under it, each piece in an element marked lang="en" (the page's hreflang links
    // say lang="en" on every page, so only the element holding the text tells).
    let notice = nb.find("role=\"note\"").expect("fallback notice shown");
    assert!(
        nb[notice..].contains("ikke tilgjengelig på norsk"),
        "the notice in Norwegian"
    );
    let name = notice
        + nb[notice..]
            .find("id=\"cluster-name\"")
            .expect("cluster name");
    for (text, after) in [
        ("Ocean Lab Cluster", name),
        (
            "Ocean technology companies in the west working on autonomous vessels.",
            notice,
        ),
    ] {
        let at = after
            + nb[after..]
                .find(text)
                .unwrap_or_else(|| panic!("{text:?} under the notice"));
        let tag = &nb[nb[..at].rfind('<').unwrap()..at];
        assert!(
            tag.contains("lang=\"en\"") && !tag.starts_with("</"),
            "{text:?} is in {tag:?}, not in an element marked lang=\"en\""
        );
    }
    // hydro has Norwegian but not German.
    let hydro_nb = f.read("public/nb/clusters/hydro/index.html");
    assert!(hydro_nb.contains("Hydrogenkysten"));
}

#[test]
fn language_switcher_leads_to_the_same_page() {
    let f = Fixture::valid();
    assert!(build(&f).status.success());
    let de = f.read("public/de/clusters/oceanlab/index.html");
    for (lang, href) in [
        ("en", "/clusters/oceanlab/"),
        ("nb", "/nb/clusters/oceanlab/"),
    ] {
        assert!(
            de.contains(&format!("hreflang=\"{lang}\"")),
            "hreflang {lang}"
        );
        assert!(
            de.contains(&format!("href=\"{href}\"")),
            "switcher link to {href}"
        );
    }
    assert!(de.contains(
        "hreflang=\"x-default\" href=\"https://clusters.test.example/clusters/oceanlab/\""
    ));
}

#[test]
fn dates_are_shown_in_the_page_language_and_event_zone() {
    let f = Fixture::valid();
    assert!(build(&f).status.success());
    let de = f.read("public/de/events/agm-2027/index.html");
    assert!(de.contains("12. März 2027"), "German month name");
    assert!(de.contains("09:00"), "local time in Europe/Oslo");
    let en = f.read("public/events/agm-2027/index.html");
    assert!(en.contains("12 March 2027"));
}

#[test]
fn expired_labels_are_never_shown_as_current() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "awarded = \"2025-06\"",
        "awarded = \"2022-06\"",
    );
    assert!(build(&f).status.success());
    assert!(
        !f.path("public/labels/eucles-gold/index.html").exists(),
        "no current holders, no label page"
    );
    let page = f.read("public/clusters/oceanlab/index.html");
    let jsonld_start = page.find("application/ld+json").unwrap();
    let jsonld =
        &page[jsonld_start..jsonld_start + page[jsonld_start..].find("</script>").unwrap()];
    assert!(
        !jsonld.contains("award"),
        "expired label is no award in JSON-LD"
    );
}

#[test]
fn second_build_is_byte_identical() {
    let f = Fixture::valid();
    assert!(build(&f).status.success());
    let first = snapshot(&f.path("public"));
    assert!(build(&f).status.success());
    let second = snapshot(&f.path("public"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (k, v) in &first {
        assert!(second[k] == *v, "{k} differs between builds");
    }
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let f = Fixture::valid();
    assert!(build(&f).status.success());
    let before = snapshot(&f.path("public"));
    f.edit("content/clusters/oceanlab.md", "website =", "webiste =");
    f.edit("content/news/ferry.md", "The ferry", "A changed ferry");
    let out = build(&f);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/clusters/oceanlab.md:9:1"), "{err}");
    assert_eq!(
        snapshot(&f.path("public")),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&f.root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn script_in_content_never_reaches_the_output() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/hydro.toml",
        "We build **hydrogen** value chains.",
        "<script>alert(1)</script>",
    );
    let out = build(&f);
    assert_eq!(
        out.status.code(),
        Some(1),
        "unsafe HTML is an error in build too"
    );
    assert!(!f.path("public").exists());
}

#[test]
fn record_values_are_escaped_in_templates() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/hydro.toml",
        "{ en = \"Hydrogen Coast\"",
        "{ en = \"Hydrogen <b onmouseover=alert(1)>Coast\"",
    );
    assert!(build(&f).status.success());
    let page = f.read("public/clusters/hydro/index.html");
    assert!(
        !page.contains("<b onmouseover"),
        "raw markup from a record value"
    );
    assert!(page.contains("&lt;b onmouseover"));
}

#[test]
fn site_templates_override_the_theme() {
    let f = Fixture::valid();
    f.write(
        "templates/404.html",
        "<!doctype html><title>Lost</title><p>Custom {{ lang }}</p>",
    );
    assert!(build(&f).status.success());
    assert!(f.read("public/de/404.html").contains("Custom de"));
}

#[test]
fn source_date_epoch_sets_the_build_date() {
    let f = Fixture::valid();
    // 2028-01-01: the 2027 meeting is past.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_showcase"))
        .args(["build", "--root"])
        .arg(&f.root)
        .env("SOURCE_DATE_EPOCH", "1830297600")
        .output()
        .unwrap();
    assert!(out.status.success());
    let events = f.read("public/events/index.html");
    let past = events.find("agm-2027").unwrap();
    let upcoming_heading = events
        .find("id=\"past")
        .or_else(|| events.find("past"))
        .unwrap();
    assert!(
        past > upcoming_heading,
        "the meeting is listed under past events"
    );
}

#[test]
fn ics_lines_are_folded_and_crlf() {
    let f = Fixture::valid();
    assert!(build(&f).status.success());
    let ics = f.read("public/events/agm-2027/agm-2027.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(
        ics.contains("DTSTART:20270312T080000Z"),
        "09:00 in Oslo is 08:00 UTC\n{ics}"
    );
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
}

#[test]
fn rebuilds_reuse_the_kept_tree_and_equal_a_fresh_build() {
    let f = Fixture::valid();
    assert!(build(&f).status.success());
    f.edit("content/news/ferry.md", "The ferry", "A changed ferry");
    assert!(build(&f).status.success());
    assert!(
        f.path(".public.prev").is_dir(),
        "the output before is kept for reuse"
    );
    // The third build recycles the first one's tree: a page gone since must go from it.
    std::fs::remove_file(f.path("content/news/ferry.md")).unwrap();
    assert!(build(&f).status.success());
    assert!(!f.path("public/news/ferry/index.html").exists());
    let fresh = f.path("fresh");
    let out = f.run(&["build", "--date", DATE, "--output", fresh.to_str().unwrap()]);
    assert!(out.status.success());
    let (mut rebuilt, fresh) = (snapshot(&f.path("public")), snapshot(&fresh));
    // The manifest names the output's files, as both list the same files.
    rebuilt.retain(|k, _| !k.contains(".showcase-manifest"));
    assert_eq!(
        rebuilt.keys().collect::<Vec<_>>(),
        fresh
            .keys()
            .filter(|k| !k.contains(".showcase-manifest"))
            .collect::<Vec<_>>()
    );
    for (k, v) in &rebuilt {
        assert!(fresh[k] == *v, "{k} differs from a fresh build");
    }
}

#[test]
fn menu_links_to_other_sites_are_not_prefixed_with_the_language() {
    let f = Fixture::valid();
    let site = f.read("site.toml");
    f.write(
        "site.toml",
        &format!(
            "{site}\n[[menu]]\nname = \"Clusters\"\nurl = \"/clusters/\"\nweight = 1\n\n[[menu]]\nname = \"Partner platform\"\nurl = \"https://partners.example.org/\"\nweight = 2\n"
        ),
    );
    let out = build(&f);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (page, clusters) in [
        ("public/index.html", "href=\"/clusters/\""),
        ("public/de/index.html", "href=\"/de/clusters/\""),
    ] {
        let html = f.read(page);
        assert!(html.contains(clusters), "{page}: site link not localised");
        assert!(
            html.contains("href=\"https://partners.example.org/\""),
            "{page}: outside link changed"
        );
        assert!(!html.contains("/https://"), "{page}: outside link prefixed");
    }
}
