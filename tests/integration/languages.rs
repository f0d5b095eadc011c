//! Any language: a site adds languages in `site.toml` alone. Those the default theme speaks
//! (Swedish, Lithuanian, Arabic) read in their language, with their plural forms and, for
//! Arabic, right to left; one it does not speak (Hawaiian) reads English with a warning
//! naming the missing keys; the site's own `i18n/<lang>.toml` overrides or adds strings,
//! and the theme is never copied or touched.

use crate::fixture::*;

const DATE: &str = "2026-11-26";

fn site_with_languages() -> Fixture {
    let f = Fixture::valid();
    f.edit(
        "site.toml",
        r#"languages = ["en", "de", "nb"]"#,
        r#"languages = ["en", "de", "nb", "sv", "lt", "ar", "haw"]"#,
    );
    f.write("i18n/sv.toml", "nav_clusters = \"Våra kluster\"\n");
    f.write(
        "i18n/haw.toml",
        "# Hawaiian, begun\nnav_clusters = \"Nā hui\"\n",
    );
    f
}

#[test]
fn added_languages_read_in_their_language_without_touching_the_theme() {
    let f = site_with_languages();

    // `check` warns about the one language with missing UI strings, naming keys.
    let out = f.run(&["check", "--format", "json", "--date", DATE]);
    let diags = diagnostics(&out);
    let w013: Vec<&Diag> = diags.iter().filter(|d| d.2 == "W013").collect();
    assert_eq!(w013.len(), 1, "{diags:#?}");
    assert_eq!(w013[0].0, "i18n/haw.toml");
    assert!(
        w013[0].4.contains("`haw`") && w013[0].4.contains("about_cluster"),
        "{}",
        w013[0].4
    );
    assert!(!diags.iter().any(|d| d.3 == "error"), "{diags:#?}");
    // Search stems Swedish and Arabic; Lithuanian and Hawaiian words are found as written.
    let mut w014: Vec<(&str, usize, &str)> = diags
        .iter()
        .filter(|d| d.2 == "W014")
        .map(|d| (d.0.as_str(), d.1, d.4.split('`').nth(1).unwrap_or("")))
        .collect();
    w014.sort();
    let line = line_of(&f.read("site.toml"), "languages =");
    assert_eq!(
        w014,
        [("site.toml", line, "haw"), ("site.toml", line, "lt")]
    );

    let out = f.run(&["build", "--date", DATE, "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = |rel: &str| f.read(&format!("public/{rel}"));

    let sv = page("sv/clusters/index.html");
    assert!(sv.contains(r#"<html lang="sv" dir="ltr">"#));
    assert!(
        sv.contains(">Hoppa till huvudinnehållet<"),
        "the theme's Swedish"
    );
    assert!(sv.contains(">Våra kluster<"), "the site's own Swedish");
    assert!(sv.contains(">2 kluster<"));

    let lt = page("lt/clusters/index.html");
    assert!(lt.contains(r#"<html lang="lt" dir="ltr">"#));
    assert!(lt.contains(">Pereiti prie pagrindinio turinio<"));
    // Lithuanian "few" (2-9) and the forms for the browser's recount.
    assert!(
        lt.contains(">2 klasteriai<"),
        "{}",
        excerpt(&lt, "directory-count")
    );
    assert!(lt.contains(r#"data-template-few="{n} klasteriai""#));
    assert!(lt.contains(r#"data-template-one="{n} klasteris""#));

    let ar = page("ar/clusters/index.html");
    assert!(ar.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(ar.contains(">الانتقال إلى المحتوى الرئيسي<"));
    // Arabic's dual.
    assert!(
        ar.contains(">2 تجمعان<"),
        "{}",
        excerpt(&ar, "directory-count")
    );

    // Hawaiian: the site's one string, English for the rest.
    let haw = page("haw/clusters/index.html");
    assert!(haw.contains(r#"<html lang="haw" dir="ltr">"#));
    assert!(haw.contains(">Nā hui<") && haw.contains(">Skip to main content<"));

    // The theme was neither copied nor changed.
    assert!(!f.path("themes").exists() && !f.path("templates").exists());
}

#[test]
fn a_broken_ui_strings_file_is_an_error_at_its_line() {
    let f = site_with_languages();
    f.write(
        "i18n/sv.toml",
        "nav_clusters = \"Våra kluster\"\nnav_events = 3\n",
    );
    let out = f.run(&["check", "--format", "json", "--date", DATE]);
    let diags = diagnostics(&out);
    assert!(
        diags
            .iter()
            .any(|d| d.0 == "i18n/sv.toml" && d.1 == 2 && d.2 == "E001" && d.3 == "error"),
        "{diags:#?}"
    );
    let out = f.run(&["build", "--date", DATE, "--quiet"]);
    assert!(!out.status.success());
    assert!(!f.path("public").exists());
}

#[test]
fn theme_strings_prints_what_a_language_lacks_with_its_english_text() {
    let f = site_with_languages();
    let out = f.run(&["theme", "strings", "haw"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // It is TOML, and with the `#` removed the file is the whole set of keys.
    let table: toml::Table = toml::from_str(&text).expect("TOML");
    assert!(table.is_empty(), "only comments: {table:?}");
    assert!(text.contains("\n# skip_to_content = \"Skip to main content\"\n"));
    assert!(!text.contains("# nav_clusters ="), "the site has it");
    let uncommented: String = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(entry) if entry.contains(" = ") => entry,
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let full: toml::Table = toml::from_str(&uncommented).expect("TOML");
    assert!(full.len() > 300, "{}", full.len());
}

/// The text around the first `needle`, for messages.
fn excerpt<'t>(text: &'t str, needle: &str) -> &'t str {
    let at = text.find(needle).unwrap_or(0);
    let end = (at + 300).min(text.len());
    let end = (end..text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    &text[at..end]
}

#[test]
fn calendars_and_feeds_name_kinds_and_countries_in_their_language() {
    let f = Fixture::valid();
    let out = f.run(&["build", "--date", DATE, "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let unfold = |text: String| text.replace("\r\n ", "");
    let de = unfold(f.read("public/de/events.ics"));
    assert!(
        de.contains("\r\nCATEGORIES:Mitgliederversammlung\r\n"),
        "{de}"
    );
    assert!(
        de.contains("\r\nLOCATION:Grieghallen\\, Bergen\\, Norwegen\r\n"),
        "{de}"
    );
    let nb = unfold(f.read("public/nb/events.ics"));
    assert!(
        nb.contains("\r\nLOCATION:Grieghallen\\, Bergen\\, Norge\r\n"),
        "{nb}"
    );
    let en = unfold(f.read("public/events.ics"));
    assert!(en.contains("\r\nCATEGORIES:General meeting\r\n"), "{en}");
    assert!(!en.contains("general-meeting\r\n"));
    let feed = f.read("public/de/atom.xml");
    assert!(
        feed.contains(r#"<category term="success-story" label="Erfolgsgeschichte"/>"#),
        "{feed}"
    );
}
