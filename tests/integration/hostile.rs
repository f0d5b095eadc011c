//! Hostile and careless content (issue 16): reads outside the root, text that breaks formats,
//! formula injection, output that would grow with the square of the input, and what `check`
//! must catch before `build` publishes or fails on it. Each case names its file and line.

use crate::fixture::*;
use std::os::unix::fs::symlink;

const DATE: &str = "2026-11-26";

fn check(f: &Fixture) -> (i32, Vec<Diag>) {
    let out = f.run(&["check", "--format", "json", "--date", DATE]);
    (out.status.code().unwrap_or(-1), diagnostics(&out))
}

/// `check` fails with an error `code` in `file` at `line`; returns its message.
#[track_caller]
fn refused(f: &Fixture, file: &str, line: usize, code: &str) -> String {
    let (status, diags) = check(f);
    assert_eq!(status, 1, "exit code; diagnostics: {diags:#?}");
    let d = diags
        .iter()
        .find(|d| d.0 == file && d.2 == code && d.3 == "error")
        .unwrap_or_else(|| panic!("no {code} in {file}; got {diags:#?}"));
    assert_eq!(d.1, line, "line of {code} in {file}: {d:?}");
    d.4.clone()
}

/// A file outside every fixture's root, holding a secret no output may show.
fn secret_outside(f: &Fixture) -> std::path::PathBuf {
    let outside = f.path("../").join(format!(
        "showcase-secret-{}-{}",
        std::process::id(),
        f.path("").file_name().unwrap().to_string_lossy()
    ));
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("credentials.toml"),
        "aws_secret_access_key = \"SECRET-KEY-1234\"\n",
    )
    .unwrap();
    outside
}

#[track_caller]
fn no_secret_in(out: &std::process::Output) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("SECRET-KEY-1234"), "{all}");
}

#[test]
fn settings_files_linked_outside_the_root_are_not_read() {
    for rel in ["site.toml", "content/taxonomies.toml"] {
        let f = Fixture::valid();
        let outside = secret_outside(&f);
        std::fs::remove_file(f.path(rel)).unwrap();
        symlink(outside.join("credentials.toml"), f.path(rel)).unwrap();
        let out = f.run(&["check", "--date", DATE]);
        assert_eq!(out.status.code(), Some(1), "{rel}");
        no_secret_in(&out);
        let (_, diags) = check(&f);
        assert!(
            diags
                .iter()
                .any(|d| d.0 == rel && d.2 == "E017" && d.4.contains("outside the site root")),
            "{rel}: {diags:#?}"
        );
        let _ = std::fs::remove_dir_all(outside);
    }
}

#[test]
fn a_theme_is_a_name_inside_the_root() {
    let f = Fixture::valid();
    let outside = secret_outside(&f);
    std::fs::create_dir_all(outside.join("templates")).unwrap();
    std::fs::write(outside.join("templates/base.html"), "SECRET-KEY-1234").unwrap();
    // A path as the theme's name.
    let site = f.read("site.toml");
    f.write(
        "site.toml",
        &format!("{site}theme = \"../../{}\"\n", outside.display()),
    );
    let line = line_of(&f.read("site.toml"), "theme =");
    let msg = refused(&f, "site.toml", line, "E021");
    assert!(msg.contains("not a theme's name"), "{msg}");
    no_secret_in(&f.run(&["build", "--date", DATE]));
    // A theme folder, and the site's templates/, that are links to elsewhere.
    f.write("site.toml", &format!("{site}theme = \"linked\"\n"));
    std::fs::create_dir_all(f.path("themes")).unwrap();
    symlink(&outside, f.path("themes/linked")).unwrap();
    let out = f.run(&["build", "--date", DATE]);
    assert!(!out.status.success());
    no_secret_in(&out);
    assert!(!f.path("public/index.html").exists());
    f.write("site.toml", &site);
    symlink(outside.join("templates"), f.path("templates")).unwrap();
    let out = f.run(&["build", "--date", DATE]);
    assert!(!out.status.success(), "templates/ linked outside was used");
    no_secret_in(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("leading outside the site root"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(outside);
}

#[test]
fn a_theme_that_does_not_exist_fails_check() {
    let f = Fixture::valid();
    let site = f.read("site.toml");
    f.write("site.toml", &format!("{site}theme = \"nordic\"\n"));
    let (status, diags) = check(&f);
    assert_eq!(status, 1);
    assert!(
        diags.iter().any(|d| d.0 == "site.toml"
            && d.1 == 7
            && d.2 == "E022"
            && d.4.contains("`nordic` not found")),
        "{diags:#?}"
    );
}

#[test]
fn control_and_non_characters_are_refused_with_their_line() {
    // A lone CR, written as a TOML escape, would end an iCalendar line.
    let f = Fixture::valid();
    f.edit(
        "content/events/agm-2027.toml",
        "title = \"Annual general meeting\"",
        "title = \"Annual general meeting\\rBEGIN:VEVENT\"",
    );
    let msg = refused(&f, "content/events/agm-2027.toml", 1, "E027");
    assert!(msg.contains("carriage return"), "{msg}");
    let out = f.run(&["build", "--date", DATE]);
    assert!(!out.status.success());
    assert!(!f.path("public").join("calendar.ics").exists());

    // U+FFFE in a news title, written as it is.
    let f = Fixture::valid();
    let news = f.read("content/news/ferry.md");
    let title_line = news.lines().find(|l| l.starts_with("title")).unwrap();
    f.edit(
        "content/news/ferry.md",
        title_line,
        &title_line.replacen("\"", "\"\u{FFFE}", 1),
    );
    let line = line_of(&f.read("content/news/ferry.md"), "title");
    let msg = refused(&f, "content/news/ferry.md", line, "E027");
    assert!(msg.contains("U+FFFE"), "{msg}");

    // In the site's title, which every page and the social card show.
    let f = Fixture::valid();
    f.edit(
        "site.toml",
        "Testland Clusters\"",
        "Testland Clusters\\uFFFF\"",
    );
    refused(&f, "site.toml", 1, "E027");
}

#[test]
fn urls_at_localhost_are_checked_like_any_other() {
    let f = Fixture::valid();
    let cluster = f.read("content/clusters/hydro.toml");
    let website = cluster.lines().find(|l| l.starts_with("website")).unwrap();
    f.edit(
        "content/clusters/hydro.toml",
        website,
        "website = \"http://localhost/\\\" onmouseover=\\\"alert(1)\"",
    );
    let line = line_of(&f.read("content/clusters/hydro.toml"), "website");
    refused(&f, "content/clusters/hydro.toml", line, "E014");
}

#[test]
fn a_file_that_is_not_utf8_is_placed_at_its_first_bad_byte() {
    let f = Fixture::valid();
    let mut bytes = f.read("content/clusters/hydro.toml").into_bytes();
    let at = bytes.windows(7).position(|w| w == b"country").unwrap();
    bytes.splice(at..at, b"x = \"K\xF8benhavn\"\n".iter().copied());
    f.write_bytes("content/clusters/hydro.toml", &bytes);
    let (status, diags) = check(&f);
    assert_eq!(status, 1);
    let line = 1 + bytes[..at].iter().filter(|b| **b == b'\n').count();
    let d = diags
        .iter()
        .find(|d| d.2 == "E018")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(
        (d.0.as_str(), d.1),
        ("content/clusters/hydro.toml", line),
        "{d:?}"
    );
    assert!(d.4.contains("0xF8"), "{d:?}");
    let out = f.run(&["check", "--format", "json", "--date", DATE]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let column = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E018")
        .unwrap()["column"]
        .as_u64();
    assert_eq!(
        column,
        Some(7),
        "x = \"K is 6 characters before the bad byte"
    );
}

#[test]
fn file_names_with_control_characters_are_refused() {
    let f = Fixture::valid();
    f.write(
        "content/news/evil\nE000 forged.md",
        &f.read("content/news/ferry.md"),
    );
    let (status, diags) = check(&f);
    assert_eq!(status, 1);
    assert!(
        diags
            .iter()
            .any(|d| d.2 == "E008" && d.4.contains("control character") && !d.0.contains('\n')),
        "{diags:#?}"
    );
}

#[test]
fn a_brand_file_listed_twice_is_refused_by_check() {
    let f = Fixture::valid();
    f.edit(
        "content/brand/logo/index.toml",
        "variants = [{ path = \"logo.svg\", format = \"svg\", colourway = \"colour\" }]",
        "variants = [\n  { path = \"logo.svg\", colourway = \"colour\" },\n  { path = \"logo.svg\", colourway = \"mono\" },\n]",
    );
    let msg = refused(&f, "content/brand/logo/index.toml", 7, "E003");
    assert!(msg.contains("listed twice"), "{msg}");
}

#[test]
fn unsafe_html_in_disguise_is_reported() {
    for (html, what) in [
        ("<scr<script>ipt>alert(1)</script>", "<script>"),
        ("<a href=\"&#106;avascript:alert(1)\">x</a>", "javascript:"),
        ("<img title=\"a\"onerror=alert(1) src=x>", "onerror"),
    ] {
        let f = Fixture::valid();
        let news = f.read("content/news/ferry.md");
        f.write(
            "content/news/ferry.md",
            &format!("{news}\nSee {html} here.\n"),
        );
        let line = news.lines().count() + 2;
        let msg = refused(&f, "content/news/ferry.md", line, "E019");
        assert!(msg.contains(what), "{html}: {msg}");
    }
}

#[test]
fn spreadsheet_formulas_in_open_data_are_neutralised() {
    let f = Fixture::valid();
    f.write(
        "content/clusters/hydro.toml",
        &format!("acronym = \"=2+5+cmd|' /C calc'!A0\"\n{CLUSTER_TOML}"),
    );
    let out = f.run(&["build", "--date", DATE]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = f.read("public/data/clusters.csv");
    assert!(csv.contains(",'=2+5+cmd|' /C calc'!A0,"), "{csv}");
    let json = f.read("public/data/clusters.json");
    assert!(
        json.contains("\"=2+5+cmd|' /C calc'!A0\""),
        "JSON keeps the exact value"
    );
}

/// Output bytes of a build of the fixture with `n` sectors.
fn output_with_sectors(n: usize) -> u64 {
    let f = Fixture::valid();
    let mut tax = TAXONOMIES.to_string();
    let at = tax.find("[sectors]\n").unwrap() + "[sectors]\n".len();
    let extra: String = (0..n)
        .map(|i| format!("sector-{i:05} = \"Sector {i}\"\n"))
        .collect();
    tax.insert_str(at, &extra);
    f.write("content/taxonomies.toml", &tax);
    let out = f.run(&["build", "--date", DATE, "--no-search", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    walkdir::WalkDir::new(f.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

#[test]
fn output_grows_linearly_with_vocabulary_terms() {
    let (small, large) = (output_with_sectors(150), output_with_sectors(300));
    // Every term has a page in every language: twice the terms, about twice the bytes. A
    // list of every term on every page made it four times.
    let ratio = large as f64 / small as f64;
    assert!(ratio < 2.3, "{small} -> {large} bytes: x{ratio:.2}");
}

#[test]
fn the_image_cache_stays_inside_the_root() {
    for cache in ["/tmp/elsewhere", "../cache", "a/../../b"] {
        let f = Fixture::valid();
        let site = f.read("site.toml");
        f.write("site.toml", &format!("{site}image_cache = {cache:?}\n"));
        let line = line_of(&f.read("site.toml"), "image_cache");
        let msg = refused(&f, "site.toml", line, "E021");
        assert!(msg.contains("inside the site root"), "{msg}");
    }
}
