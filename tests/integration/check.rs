//! `showcase check`: one fixture per defect, each must name the right file, line and code.

use crate::fixture::*;

const DATE: &str = "2026-11-26";

fn check(f: &Fixture) -> (i32, Vec<Diag>) {
    let out = f.run(&["check", "--format", "json", "--date", DATE]);
    (out.status.code().unwrap_or(-1), diagnostics(&out))
}

/// The check fails, with an error of `code` in `file` at `line`.
#[track_caller]
fn expect_error(f: &Fixture, file: &str, line: usize, code: &str) -> String {
    let (status, diags) = check(f);
    assert_eq!(status, 1, "exit code; diagnostics: {diags:#?}");
    let found = diags
        .iter()
        .find(|d| d.0 == file && d.2 == code && d.3 == "error");
    let d = found.unwrap_or_else(|| panic!("no {code} in {file}; got {diags:#?}"));
    assert_eq!(d.1, line, "line of {code} in {file}: {d:?}");
    d.4.clone()
}

#[test]
fn the_valid_fixture_passes() {
    let f = Fixture::valid();
    let (status, diags) = check(&f);
    assert_eq!(status, 0, "{diags:#?}");
    assert!(diags.iter().all(|d| d.3 != "error"));
}

#[test]
fn malformed_toml() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/hydro.toml",
        "country = \"NO\"",
        "country = \"NO",
    );
    expect_error(&f, "content/clusters/hydro.toml", 4, "E001");
}

#[test]
fn unterminated_front_matter() {
    let f = Fixture::valid();
    f.write(
        "content/news/ferry.md",
        "+++\ntitle = \"x\"\nsummary = \"y\"\n\nBody without a closing line\n",
    );
    expect_error(&f, "content/news/ferry.md", 1, "E001");
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let f = Fixture::valid();
    f.edit("content/clusters/oceanlab.md", "website =", "webiste =");
    let (_, diags) = check(&f);
    let line = line_of(&f.read("content/clusters/oceanlab.md"), "webiste");
    expect_error(&f, "content/clusters/oceanlab.md", line, "E002");
    let out = f.run(&["check", "--format", "json", "--date", DATE]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hint = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E002")
        .unwrap()["hint"]
        .clone();
    assert_eq!(hint, "did you mean `website`?", "{diags:?}");
}

#[test]
fn wrong_type() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/hydro.toml",
        "country = \"NO\"",
        "country = 47",
    );
    expect_error(&f, "content/clusters/hydro.toml", 4, "E003");
}

#[test]
fn missing_required_fields_are_all_reported() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/hydro.toml",
        "website = \"https://hydro.example.no/\"\n",
        "",
    );
    f.edit("content/clusters/hydro.toml", "country = \"NO\"\n", "");
    let (status, diags) = check(&f);
    assert_eq!(status, 1);
    let missing: Vec<_> = diags
        .iter()
        .filter(|d| d.2 == "E004")
        .map(|d| d.4.clone())
        .collect();
    assert!(missing.iter().any(|m| m.contains("website")), "{missing:?}");
    assert!(missing.iter().any(|m| m.contains("country")), "{missing:?}");
}

#[test]
fn translatable_field_without_english() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/hydro.toml",
        "name = { en = \"Hydrogen Coast\", nb",
        "name = { nb",
    );
    expect_error(&f, "content/clusters/hydro.toml", 1, "E005");
}

#[test]
fn translation_for_an_undeclared_language() {
    let f = Fixture::valid();
    f.write("content/clusters/oceanlab.sv.md", CLUSTER_DE);
    expect_error(&f, "content/clusters/oceanlab.sv.md", 1, "E006");
}

#[test]
fn translation_without_an_english_record() {
    let f = Fixture::valid();
    f.write("content/clusters/ghost.de.md", CLUSTER_DE);
    expect_error(&f, "content/clusters/ghost.de.md", 1, "E006");
}

#[test]
fn duplicate_slugs_name_both_files() {
    let f = Fixture::valid();
    f.write("content/clusters/hydro/index.toml", CLUSTER_TOML);
    let (status, diags) = check(&f);
    assert_eq!(status, 1);
    let d = diags.iter().find(|d| d.2 == "E007").expect("E007");
    let files = [
        d.0.as_str(),
        "content/clusters/hydro.toml",
        "content/clusters/hydro/index.toml",
    ];
    assert!(files[1..].contains(&files[0]) && d.1 == 1, "{d:?}");
    let other = if d.0 == files[1] { files[2] } else { files[1] };
    assert!(
        d.4.contains(other),
        "the message names the other file: {d:?}"
    );
}

#[test]
fn invalid_slug() {
    let f = Fixture::valid();
    f.write("content/clusters/Hydro_Coast.toml", CLUSTER_TOML);
    expect_error(&f, "content/clusters/Hydro_Coast.toml", 1, "E008");
}

#[test]
fn unresolved_cluster_reference_in_an_event() {
    let f = Fixture::valid();
    f.edit(
        "content/events/agm-2027.toml",
        "\"oceanlab\"]",
        "\"oceanlabb\"]",
    );
    let msg = expect_error(&f, "content/events/agm-2027.toml", 8, "E009");
    assert!(msg.contains("oceanlabb"));
}

#[test]
fn unresolved_cluster_reference_in_news() {
    let f = Fixture::valid();
    f.edit(
        "content/news/ferry.md",
        "clusters = [\"oceanlab\"]",
        "clusters = [\"nowhere\"]",
    );
    expect_error(&f, "content/news/ferry.md", 6, "E009");
}

#[test]
fn unknown_taxonomy_term() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "sectors = [\"maritime\"]",
        "sectors = [\"maritim\"]",
    );
    expect_error(&f, "content/clusters/oceanlab.md", 7, "E009");
}

#[test]
fn unknown_label_scheme() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "eucles-gold",
        "eucles-platinum",
    );
    expect_error(&f, "content/clusters/oceanlab.md", 11, "E009");
}

#[test]
fn programme_label_scheme_from_taxonomies_is_accepted() {
    let f = Fixture::valid();
    f.edit("content/clusters/oceanlab.md", "eucles-gold", "national");
    assert_eq!(check(&f).0, 0);
}

#[test]
fn date_that_does_not_exist() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/hydro.toml",
        "\"2026-04-01\"",
        "\"2026-02-30\"",
    );
    expect_error(&f, "content/clusters/hydro.toml", 7, "E010");
}

#[test]
fn event_ending_before_it_starts() {
    let f = Fixture::valid();
    f.edit(
        "content/events/agm-2027.toml",
        "end = 2027-03-12T17:00:00",
        "end = 2027-03-11T17:00:00",
    );
    expect_error(&f, "content/events/agm-2027.toml", 5, "E010");
}

#[test]
fn timed_event_without_offset_or_zone() {
    let f = Fixture::valid();
    f.edit(
        "content/events/agm-2027.toml",
        "time_zone = \"Europe/Oslo\"\n",
        "",
    );
    expect_error(&f, "content/events/agm-2027.toml", 4, "E011");
}

#[test]
fn event_with_an_offset_needs_no_zone() {
    let f = Fixture::valid();
    f.edit(
        "content/events/agm-2027.toml",
        "time_zone = \"Europe/Oslo\"\n",
        "",
    );
    f.edit(
        "content/events/agm-2027.toml",
        "start = 2027-03-12T09:00:00",
        "start = 2027-03-12T09:00:00+01:00",
    );
    f.edit(
        "content/events/agm-2027.toml",
        "end = 2027-03-12T17:00:00",
        "end = 2027-03-12T17:00:00+01:00",
    );
    let (status, diags) = check(&f);
    assert_eq!(status, 0, "{diags:#?}");
}

#[test]
fn label_expiring_before_it_is_awarded() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "score_pct = 91",
        "valid_until = \"2025-01\", score_pct = 91",
    );
    expect_error(&f, "content/clusters/oceanlab.md", 11, "E012");
}

#[test]
fn expired_label_is_a_warning() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "awarded = \"2025-06\"",
        "awarded = \"2022-06\"",
    );
    let (status, diags) = check(&f);
    assert_eq!(status, 0, "a warning does not fail the check");
    let w = diags.iter().find(|d| d.2 == "W001").expect("W001");
    assert_eq!(
        (w.0.as_str(), w.1, w.3.as_str()),
        ("content/clusters/oceanlab.md", 11, "warning")
    );
}

#[test]
fn summary_over_300_characters() {
    let f = Fixture::valid();
    let long = "word ".repeat(70);
    f.edit(
        "content/clusters/oceanlab.md",
        "summary = \"Ocean",
        &format!("summary = \"{long}Ocean"),
    );
    expect_error(&f, "content/clusters/oceanlab.md", 4, "E013");
}

#[test]
fn url_that_is_not_absolute() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/hydro.toml",
        "\"https://hydro.example.no/\"",
        "\"hydro.example.no\"",
    );
    expect_error(&f, "content/clusters/hydro.toml", 6, "E014");
}

#[test]
fn malformed_email_and_phone() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "kari@oceanlab.example.no",
        "kari(at)oceanlab",
    );
    f.edit(
        "content/clusters/oceanlab.md",
        "+47 55 12 34 56",
        "ring oss",
    );
    let (status, diags) = check(&f);
    assert_eq!(status, 1);
    let lines: Vec<usize> = diags
        .iter()
        .filter(|d| d.2 == "E015")
        .map(|d| d.1)
        .collect();
    assert_eq!(lines, vec![16, 17], "{diags:#?}");
}

#[test]
fn image_without_alt_text() {
    let f = Fixture::valid();
    f.write(
        "content/clusters/oceanlab/index.md",
        &CLUSTER_MD.replace("updated =", "logo = \"logo.svg\"\nupdated ="),
    );
    f.write("content/clusters/oceanlab/logo.svg", LOGO_SVG);
    std::fs::remove_file(f.path("content/clusters/oceanlab.md")).unwrap();
    std::fs::rename(
        f.path("content/clusters/oceanlab.de.md"),
        f.path("content/clusters/oceanlab/index.de.md"),
    )
    .unwrap();
    expect_error(&f, "content/clusters/oceanlab/index.md", 10, "E016");
}

#[test]
fn referenced_file_that_does_not_exist() {
    let f = Fixture::valid();
    f.edit(
        "content/brand/logo/index.toml",
        "path = \"logo.svg\"",
        "path = \"logo-missing.svg\"",
    );
    expect_error(&f, "content/brand/logo/index.toml", 5, "E017");
}

#[test]
fn file_over_the_size_limit() {
    let f = Fixture::valid();
    f.edit("site.toml", "time_zone", "max_file_size = 50\ntime_zone");
    expect_error(&f, "content/brand/logo/index.toml", 5, "E017");
}

#[test]
fn file_that_is_not_utf8() {
    let f = Fixture::valid();
    f.write_bytes("content/news/latin1.md", b"+++\ntitle = \"Caf\xe9\"\n+++\n");
    let (status, diags) = check(&f);
    assert_eq!(status, 1);
    assert!(
        diags
            .iter()
            .any(|d| d.0 == "content/news/latin1.md" && d.2 == "E018"),
        "{diags:#?}"
    );
}

#[test]
fn internal_link_that_leads_nowhere() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "(/clusters/hydro/)",
        "(/clusters/hydrogen/)",
    );
    let line = line_of(
        &f.read("content/clusters/oceanlab.md"),
        "/clusters/hydrogen/",
    );
    expect_error(&f, "content/clusters/oceanlab.md", line, "E020");
}

#[test]
fn raw_script_in_markdown() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "# Aims\n",
        "# Aims\n\n<script>alert(1)</script>\n",
    );
    expect_error(&f, "content/clusters/oceanlab.md", 21, "E019");
}

#[test]
fn event_handlers_and_javascript_urls_in_markdown() {
    let f = Fixture::valid();
    f.edit(
        "content/news/ferry.md",
        "The ferry",
        "<img src=\"x\" onerror=\"alert(1)\"> [x](javascript:alert(1)) The ferry",
    );
    let (status, diags) = check(&f);
    assert_eq!(status, 1);
    assert_eq!(
        diags.iter().filter(|d| d.2 == "E019" && d.1 == 9).count(),
        2,
        "{diags:#?}"
    );
}

#[test]
fn path_leaving_the_record_folder_is_refused_unread() {
    let f = Fixture::valid();
    f.write("secret.svg", LOGO_SVG);
    f.edit(
        "content/brand/logo/index.toml",
        "path = \"logo.svg\"",
        "path = \"../../../secret.svg\"",
    );
    expect_error(&f, "content/brand/logo/index.toml", 5, "E017");
}

#[test]
fn symlink_leaving_the_site_root_is_refused() {
    let f = Fixture::valid();
    let outside = Fixture::empty();
    outside.write("passwd.svg", LOGO_SVG);
    std::os::unix::fs::symlink(
        outside.path("passwd.svg"),
        f.path("content/brand/logo/link.svg"),
    )
    .unwrap();
    f.edit(
        "content/brand/logo/index.toml",
        "path = \"logo.svg\"",
        "path = \"link.svg\"",
    );
    expect_error(&f, "content/brand/logo/index.toml", 5, "E017");
    std::os::unix::fs::symlink(
        outside.path("passwd.svg"),
        f.path("content/clusters/evil.md"),
    )
    .unwrap();
    let (_, diags) = check(&f);
    assert!(
        diags
            .iter()
            .any(|d| d.0 == "content/clusters/evil.md" && d.2 == "E017"),
        "{diags:#?}"
    );
}

#[test]
fn svg_with_script_is_refused() {
    let f = Fixture::valid();
    f.write(
        "content/brand/logo/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    // At the script, in the SVG (more in `hostile_svg`).
    expect_error(&f, "content/brand/logo/logo.svg", 1, "E019");
}

#[test]
fn github_format_annotates_files() {
    let f = Fixture::valid();
    f.edit("content/clusters/oceanlab.md", "website =", "webiste =");
    let out = f.run(&["check", "--format", "github", "--date", DATE]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("::error file=content/clusters/oceanlab.md,line=9,col=1,title=E002::unknown field `webiste`"),
        "{text}"
    );
}

#[test]
fn human_format_shows_the_line_with_a_caret_and_hint() {
    let f = Fixture::valid();
    f.edit("content/clusters/oceanlab.md", "website =", "webiste =");
    let out = f.run(&["check", "--date", DATE]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("error[E002]: unknown field `webiste`"),
        "{text}"
    );
    assert!(text.contains("content/clusters/oceanlab.md:9:1"), "{text}");
    assert!(text.contains("^^^^^^^"), "{text}");
    assert!(text.contains("did you mean `website`?"), "{text}");
}

#[test]
fn check_writes_nothing() {
    let f = Fixture::valid();
    f.run(&["check", "--date", DATE]);
    assert!(!f.path("public").exists());
}

#[test]
fn could_not_run_exits_2() {
    let out = showcase(std::path::Path::new("/nonexistent/site"), &["check"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Errors of `check --format json` in one file: (line, column, code, message, hint).
fn errors_in(f: &Fixture, file: &str) -> Vec<(u64, u64, String, String, String)> {
    let out = f.run(&["check", "--format", "json", "--date", DATE]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file && d["severity"] == "error")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["hint"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_unknown_field_and_wrong_type_of_a_record_in_one_run() {
    let f = Fixture::valid();
    let file = "content/clusters/hydro.toml";
    f.write(
        file,
        "name = \"Hydrogen Coast\"\n\
         acronim = \"HC\"\n\
         summary = \"Green hydrogen from the coast.\"\n\
         country = \"NO\"\n\
         sectors = [\"energy\"]\n\
         founded = \"1990\"\n\
         staff = 12\n\
         featured = \"yes\"\n\
         ceo = \"Ola\"\n\
         updated = \"2026-04-01\"\n\
         contact = { name = \"Ola\", email = \"ola@hydro.example.no\" }\n\
         body = \"We build value chains.\"\n",
    );
    let found = errors_in(&f, file);
    let brief: Vec<(u64, u64, &str)> = found.iter().map(|d| (d.0, d.1, d.2.as_str())).collect();
    assert_eq!(
        brief,
        [
            (1, 1, "E004"),
            (2, 1, "E002"),
            (6, 11, "E003"),
            (7, 1, "E002"),
            (8, 12, "E003"),
            (9, 1, "E002"),
        ],
        "three unknown fields, two wrong types and a missing field, all at once: {found:#?}"
    );
    assert_eq!(found[0].3, "missing required field `website`");
    assert_eq!(found[1].3, "unknown field `acronim`");
    assert_eq!(found[1].4, "did you mean `acronym`?");
    assert!(
        found[2].3.starts_with("`founded`: invalid type: string"),
        "{found:?}"
    );
    assert!(
        found[4].3.starts_with("`featured`: invalid type: string"),
        "{found:?}"
    );
}

#[test]
fn every_problem_in_nested_tables_and_arrays_of_tables_in_one_run() {
    let f = Fixture::valid();
    let file = "content/clusters/nested.toml";
    f.write(
        file,
        "name = \"Nested\"\nsummary = \"S.\"\ncountry = \"NO\"\nsectors = [\"energy\"]\n\
         website = \"https://n.example.no/\"\nupdated = \"2026-04-01\"\nbody = \"We build.\"\n\
         [contact]\nname = \"Ola\"\nemail = \"ola@n.example.no\"\nfax = \"+47 1\"\ntelex = \"x\"\n\n\
         [[labels]]\nscheme = \"eucles-gold\"\nawarded = \"2025-06\"\nscor_pct = 91\n\n\
         [[labels]]\nscheme = \"eucles-silver\"\nawarded = \"2025-06\"\nscore_pct = \"high\"\n",
    );
    let found = errors_in(&f, file);
    let brief: Vec<(u64, u64, &str)> = found.iter().map(|d| (d.0, d.1, d.2.as_str())).collect();
    assert_eq!(
        brief,
        [
            (11, 1, "E002"),
            (12, 1, "E002"),
            (17, 1, "E002"),
            (22, 13, "E003"),
        ],
        "{found:#?}"
    );
    assert_eq!(found[0].3, "unknown field `fax`");
    assert_eq!(found[2].4, "did you mean `score_pct`?");
    assert!(
        found[3].3.starts_with("`labels.score_pct`: invalid type"),
        "{found:?}"
    );
}

#[test]
fn placeholders_of_new_fail_check_where_they_stand() {
    let f = Fixture::valid();
    let out = f.run(&["new", "cluster", "wind-coast", "--lang", "de"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        "content/clusters/wind-coast.md",
        "content/clusters/wind-coast.de.md",
    ] {
        let text = f.read(file);
        let todo_lines: Vec<u64> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("TODO:") && !l.trim_start().starts_with('#'))
            .map(|(i, _)| i as u64 + 1)
            .collect();
        assert!(todo_lines.len() >= 2, "{file}: {todo_lines:?}");
        let found = errors_in(&f, file);
        let lines: Vec<u64> = found.iter().map(|d| d.0).collect();
        assert_eq!(lines, todo_lines, "one error per placeholder: {found:#?}");
        for (line, col, code, message, hint) in &found {
            assert_eq!(code, "E028", "{found:#?}");
            let l = text.lines().nth(*line as usize - 1).unwrap();
            let at = l.find("TODO:").unwrap();
            let before = l[..at].chars().count() as u64;
            assert!(
                *col == before + 1 || *col == before,
                "column of the placeholder or its opening quote: {line}:{col} in {l:?}"
            );
            assert!(message.contains("placeholder"), "{message}");
            assert!(hint.starts_with("replace it with the real value"), "{hint}");
        }
    }
    let found = errors_in(&f, "content/clusters/wind-coast.md");
    let email = found
        .iter()
        .find(|d| d.3.starts_with("`contact.email`"))
        .expect("contact.email named");
    assert_eq!(email.4, "replace it with the real value (email address)");
}
