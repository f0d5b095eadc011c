//! What a host receives besides the pages: `_headers` read as Netlify and Cloudflare Pages
//! read it (rules in order; Netlify keeps a header's last value, Cloudflare Pages joins values
//! unless `! Name` drops the earlier one), `_redirects`, records' old URLs (`aliases`), the
//! build's summary of the output and the hosts' limits (W011, W012).

use crate::fixture::*;
use std::collections::BTreeMap;
use std::path::Path;

const DATE: &str = "2026-11-26";

fn build(f: &Fixture, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--date", DATE];
    args.extend_from_slice(extra);
    let out = f.run(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// One rule of `_headers`: its pattern, the headers it drops (`! Name`) and sets.
struct Rule {
    pattern: String,
    unset: Vec<String>,
    set: Vec<(String, String)>,
}

fn parse_headers(text: &str) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with('/') {
            assert!(!line.starts_with(' '), "a path is not indented: {line:?}");
            rules.push(Rule {
                pattern: t.to_string(),
                unset: vec![],
                set: vec![],
            });
            continue;
        }
        assert!(line.starts_with("  "), "a header is indented: {line:?}");
        assert!(
            t.len() < 2000,
            "Cloudflare Pages skips lines over 2,000 characters"
        );
        let rule = rules.last_mut().expect("a path before its headers");
        if let Some(name) = t.strip_prefix('!') {
            rule.unset.push(name.trim().to_ascii_lowercase());
        } else {
            let (n, v) = t.split_once(':').expect("Name: value");
            rule.set
                .push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    assert!(
        rules.len() <= 100,
        "Cloudflare Pages reads at most 100 rules"
    );
    rules
}

/// A pattern as a list of pieces: literal text, `*` (anything), `:name` (one segment), and
/// an optional `/`.
#[derive(Debug, Clone)]
enum Piece {
    Lit(u8),
    Any,
    Segment,
    OptSlash,
}

fn matches(p: &[Piece], s: &[u8]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(Piece::Lit(c)) => s.first() == Some(c) && matches(&p[1..], &s[1..]),
        Some(Piece::OptSlash) => {
            (s.first() == Some(&b'/') && matches(&p[1..], &s[1..])) || matches(&p[1..], s)
        }
        Some(Piece::Any) => (0..=s.len()).any(|i| matches(&p[1..], &s[i..])),
        Some(Piece::Segment) => (1..=s.len())
            .take_while(|i| s[i - 1] != b'/')
            .any(|i| matches(&p[1..], &s[i..])),
    }
}

fn pieces_of(text: &str, out: &mut Vec<Piece>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'*' {
            out.push(Piece::Any);
            i += 1;
        } else if b[i] == b':' && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Piece::Segment);
        } else {
            out.push(Piece::Lit(b[i]));
            i += 1;
        }
    }
}

/// Cloudflare Pages (workers-shared `rules-engine.ts`): `*` is `.*` anywhere, `:name` one
/// segment, the whole path anchored.
fn cloudflare_pattern(pattern: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    pieces_of(pattern, &mut out);
    out
}

/// Netlify (headers-parser `for_regexp.ts`): the path's segments joined by `/`, a segment
/// `*` also matching nothing (with its `/`), a trailing `/` optional.
fn netlify_pattern(pattern: &str) -> Vec<Piece> {
    let mut out = vec![];
    for part in pattern.split('/').filter(|p| !p.is_empty()) {
        if part == "*" {
            out.push(Piece::OptSlash);
            out.push(Piece::Any);
        } else {
            out.push(Piece::Lit(b'/'));
            pieces_of(part, &mut out);
        }
    }
    if out.is_empty() {
        out.push(Piece::Lit(b'/'));
    }
    out.push(Piece::OptSlash);
    out
}

/// The headers a URL gets on Cloudflare Pages: rules in order, each dropping what it
/// detaches, then setting (or, for a header a rule of the file already set, appending).
fn cloudflare(rules: &[Rule], url: &str) -> BTreeMap<String, String> {
    let mut h: BTreeMap<String, String> = BTreeMap::new();
    for r in rules
        .iter()
        .filter(|r| matches(&cloudflare_pattern(&r.pattern), url.as_bytes()))
    {
        for n in &r.unset {
            h.remove(n);
        }
        for (n, v) in &r.set {
            h.entry(n.clone())
                .and_modify(|old| *old = format!("{old}, {v}"))
                .or_insert_with(|| v.clone());
        }
    }
    h
}

/// The headers a URL gets on Netlify: a later matching rule's value replaces an earlier one's
/// (`! Name` lines have no colon and are skipped).
fn netlify(rules: &[Rule], url: &str) -> BTreeMap<String, String> {
    let mut h = BTreeMap::new();
    for r in rules
        .iter()
        .filter(|r| matches(&netlify_pattern(&r.pattern), url.as_bytes()))
    {
        for (n, v) in &r.set {
            h.insert(n.clone(), v.clone());
        }
    }
    h
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

fn sha256_base64(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
}

/// Every `<tag …>…</tag>` of a page: (attributes, content).
fn elements<'a>(html: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let Some(gt) = after.find('>') else { break };
        let attrs = &after[..gt];
        let body = &after[gt + 1..];
        let end = body.find(&close).unwrap_or(body.len());
        out.push((attrs, &body[..end]));
        rest = &body[end..];
    }
    out
}

#[test]
fn headers_give_each_file_one_policy_and_its_cache_on_both_hosts() {
    let f = Fixture::valid();
    build(&f, &[]);
    let public = f.path("public");
    let rules = parse_headers(&f.read("public/_headers"));
    let files = files_under(&public);

    // The pages' policy: scripts only from files, the one <style> element by its hash.
    let page = cloudflare(&rules, "/");
    let csp = page["content-security-policy"].clone();
    assert!(!csp.contains(", "), "one policy: {csp}");
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(!csp.contains("'unsafe-eval'"), "{csp}");
    let hash = csp
        .split("'sha256-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a style hash")
        .to_string();
    let mut styles = 0;
    for rel in files.iter().filter(|p| p.ends_with(".html")) {
        let html = f.read(&format!("public/{rel}"));
        for (_, css) in elements(&html, "style") {
            assert_eq!(
                sha256_base64(css),
                hash,
                "{rel}: a <style> the policy does not allow"
            );
            styles += 1;
        }
        for (attrs, body) in elements(&html, "script") {
            // Scripts come from files; JSON-LD and the search page's strings are data blocks,
            // which no policy runs.
            let data = attrs.contains("type=\"application/ld+json\"")
                || attrs.contains("type=\"application/json\"");
            assert!(
                data || (attrs.contains(" src=\"") && body.trim().is_empty()),
                "{rel}: an inline script <script{attrs}>"
            );
        }
        assert!(
            !html.contains(" onclick=")
                && !html.contains(" onload=")
                && !html.contains("javascript:"),
            "{rel}: an event handler or script URL"
        );
    }
    assert!(styles > 10, "the pages have their colours' <style>");

    for semantics in [cloudflare, netlify] {
        for url in [
            "/",
            "/clusters/oceanlab/",
            "/de/clusters/oceanlab/",
            "/de/404.html",
        ] {
            let h = semantics(&rules, url);
            assert_eq!(h["content-security-policy"], csp, "{url}");
            assert_eq!(
                h["cache-control"], "public, max-age=0, must-revalidate",
                "{url}"
            );
            assert_eq!(h["x-content-type-options"], "nosniff", "{url}");
            assert!(h.contains_key("referrer-policy"), "{url}");
        }
        // An SVG opened on its own gets the SVG policy alone, as `serve` sends it.
        let svg = semantics(&rules, "/brand/logo/logo.svg");
        assert_eq!(
            svg["content-security-policy"],
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
        );
        assert_eq!(
            semantics(&rules, "/style.css")["cache-control"],
            "public, max-age=0, must-revalidate"
        );
        // Search files: a year for those named by their content, not for the manifest.
        let mut long = 0;
        // The search page is `search/index.html`; its files are under `search/<lang>/`.
        for rel in files
            .iter()
            .filter(|p| p.starts_with("search/") && p.matches('/').count() >= 2)
        {
            let cache = semantics(&rules, &format!("/{rel}"))["cache-control"].clone();
            if rel.ends_with("/manifest.json") {
                assert_eq!(cache, "public, max-age=0, must-revalidate", "{rel}");
            } else {
                assert_eq!(cache, "public, max-age=31536000, immutable", "{rel}");
                // Immutable is only true of a name that changes with the content.
                let hashed = rel
                    .split(['/', '.', '-'])
                    .any(|part| part.len() >= 8 && part.chars().all(|c| c.is_ascii_hexdigit()));
                assert!(hashed, "{rel} is cached for a year but not named by a hash");
                long += 1;
            }
        }
        assert!(long > 5, "the search files are there");
    }
}

/// A cluster with `aliases` in a three-language site; an organisation with one, written in
/// English only, on a site without fallback pages.
fn with_aliases() -> Fixture {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "updated = 2026-05-01\n",
        "updated = 2026-05-01\naliases = [\"sea-lab\", \"ocean-lab-west\"]\n",
    );
    f.edit(
        "site.toml",
        "time_zone",
        "fallback_pages = false\ntime_zone",
    );
    f.write(
        "content/organisations/tidal-as.toml",
        "name = \"Tidal AS\"\nkind = \"company\"\nsummary = \"Tidal turbines.\"\ncountry = \"NO\"\n\
         website = \"https://tidal.example/\"\nupdated = 2026-01-01\naliases = [\"tidal-power\"]\n",
    );
    f
}

#[test]
fn an_old_url_leads_to_the_records_page_in_its_language() {
    let f = with_aliases();
    build(&f, &[]);
    for (lang, prefix) in [("en", ""), ("de", "de/"), ("nb", "nb/")] {
        for old in ["sea-lab", "ocean-lab-west"] {
            let html = f.read(&format!("public/{prefix}clusters/{old}/index.html"));
            let to = format!("/{prefix}clusters/oceanlab/");
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
            assert!(
                html.contains(&format!(
                    "<link rel=\"canonical\" href=\"https://clusters.test.example{to}\">"
                )),
                "{html}"
            );
            assert!(
                html.contains(&format!(
                    "<meta http-equiv=\"refresh\" content=\"0; url={to}\">"
                )),
                "{html}"
            );
            assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
            assert!(
                html.contains(&format!("<a href=\"{to}\"")),
                "a visible link: {html}"
            );
            assert!(html.contains("<main") && html.contains("<h1>") && html.contains("<title>"));
        }
    }
    // In the page's language, the name in its own where the record lacks the page's.
    let de = f.read("public/de/clusters/sea-lab/index.html");
    assert!(de.contains("Diese Seite ist umgezogen"), "{de}");
    assert!(de.contains(">Ocean-Lab-Cluster</a>"), "{de}");
    let nb = f.read("public/nb/clusters/sea-lab/index.html");
    assert!(nb.contains("Denne siden er flyttet"), "{nb}");
    assert!(nb.contains("lang=\"en\">Ocean Lab Cluster</a>"), "{nb}");
    // The organisation's page is English only: so is its old URL.
    assert!(
        f.path("public/organisations/tidal-power/index.html")
            .is_file()
    );
    assert!(
        !f.path("public/de/organisations/tidal-power/index.html")
            .exists()
    );

    let redirects = f.read("public/_redirects");
    for line in [
        "/clusters/sea-lab/ /clusters/oceanlab/ 301",
        "/de/clusters/ocean-lab-west/ /de/clusters/oceanlab/ 301",
        "/nb/clusters/sea-lab/ /nb/clusters/oceanlab/ 301",
        "/organisations/tidal-power/ /organisations/tidal-as/ 301",
        "/de/* /de/404.html 404",
        "/nb/* /nb/404.html 404",
    ] {
        assert!(
            redirects.lines().any(|l| l == line),
            "{line:?} in\n{redirects}"
        );
    }
    assert!(!redirects.contains("/de/organisations/tidal-power/"));
    // Specific rules first, the catch-all last: a host follows the first that matches.
    assert_eq!(redirects.lines().last(), Some("/* /404.html 404"));

    // Neither the sitemap nor the search knows the old URLs.
    assert!(!f.read("public/sitemap.xml").contains("sea-lab"));
    for rel in files_under(&f.path("public/search")) {
        let text = String::from_utf8_lossy(
            &std::fs::read(f.path(&format!("public/search/{rel}"))).unwrap(),
        )
        .to_string();
        assert!(!text.contains("sea-lab"), "search/{rel}");
    }
    // `plan` lists them, as what they are.
    let plan = f.run(&["plan", "--date", DATE, "--format", "json"]);
    let plan = String::from_utf8_lossy(&plan.stdout);
    assert!(plan.contains("\"alias\""), "{plan}");
    assert!(plan.contains("nb/clusters/sea-lab/index.html"));
    assert!(plan.contains("\"_headers\"") && plan.contains("\"_redirects\""));
}

#[test]
fn netlify_forces_the_redirect_and_cloudflare_finds_404_pages_itself() {
    let f = with_aliases();
    f.edit("site.toml", "time_zone", "host = \"netlify\"\ntime_zone");
    build(&f, &["--no-search"]);
    let r = f.read("public/_redirects");
    assert!(
        r.contains("/clusters/sea-lab/ /clusters/oceanlab/ 301!\n"),
        "{r}"
    );
    assert!(r.contains("/de/* /de/404.html 404"), "{r}");
    f.edit(
        "site.toml",
        "host = \"netlify\"",
        "host = \"cloudflare-pages\"",
    );
    build(&f, &["--no-search"]);
    let r = f.read("public/_redirects");
    assert!(
        r.contains("/clusters/sea-lab/ /clusters/oceanlab/ 301\n"),
        "{r}"
    );
    assert!(
        !r.contains(" 404"),
        "Cloudflare Pages has no 404 rules: {r}"
    );
}

#[test]
fn check_refuses_aliases_that_name_no_single_old_url() {
    let f = Fixture::valid();
    let text = f.read("content/clusters/oceanlab.md").replace(
        "updated = 2026-05-01\n",
        "updated = 2026-05-01\naliases = [\"Sea Lab\", \"hydro\", \"oceanlab\", \"old-one\"]\n",
    );
    f.write("content/clusters/oceanlab.md", &text);
    f.edit(
        "content/clusters/hydro.toml",
        "name =",
        "aliases = [\"old-one\"]\nname =",
    );
    let out = f.run(&["check", "--date", DATE, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let diags = diagnostics(&out);
    let line = line_of(&text, "aliases");
    let at = |code: &str, needle: &str| {
        diags
            .iter()
            .find(|d| d.2 == code && d.4.contains(needle))
            .unwrap_or_else(|| panic!("{code} {needle}: {diags:#?}"))
    };
    let d = at("E008", "alias `Sea Lab` is not a valid slug");
    assert_eq!((d.0.as_str(), d.1), ("content/clusters/oceanlab.md", line));
    let d = at("E007", "alias `hydro` is the slug of another cluster");
    assert_eq!((d.0.as_str(), d.1), ("content/clusters/oceanlab.md", line));
    let d = at("E007", "alias `oceanlab` is the record's own slug");
    assert_eq!(d.1, line);
    // The second record to claim an old URL is told which one has it.
    let d = at("E007", "alias `old-one` is also an alias of the cluster");
    assert_eq!(d.0, "content/clusters/oceanlab.md");
    assert_eq!(
        diags.iter().filter(|d| d.3 == "error").count(),
        4,
        "{diags:#?}"
    );
}

#[test]
fn build_reports_the_output_and_warns_past_the_hosts_limits() {
    let f = Fixture::valid();
    let out = build(&f, &["--no-search"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let files = files_under(&f.path("public"));
    let bytes: u64 = files
        .iter()
        .map(|r| {
            std::fs::metadata(f.path(&format!("public/{r}")))
                .unwrap()
                .len()
        })
        .sum();
    let summary = err.lines().last().unwrap_or("");
    assert!(
        summary.ends_with(&format!(
            ": {} files, {:.1} KB",
            files.len(),
            bytes as f64 / 1e3
        )) || summary.ends_with(&format!(
            ": {} files, {:.1} MB",
            files.len(),
            bytes as f64 / 1e6
        )),
        "{summary} ({} files, {bytes} bytes)",
        files.len()
    );
    assert!(!err.contains("W011") && !err.contains("W012"), "{err}");

    // A 26 MiB document is over Cloudflare Pages' 25 MiB for one file, not over Netlify's.
    f.edit(
        "site.toml",
        "time_zone",
        "max_file_size = \"40MB\"\nhost = \"netlify\"\ntime_zone",
    );
    f.write(
        "content/documents/atlas/index.toml",
        "title = \"Atlas\"\nfiles = { en = \"atlas.zip\" }\n",
    );
    f.write_bytes("content/documents/atlas/atlas.zip", &vec![0u8; 26 << 20]);
    let err = String::from_utf8_lossy(&build(&f, &["--no-search"]).stderr).to_string();
    assert!(!err.contains("W012"), "{err}");
    f.edit(
        "site.toml",
        "host = \"netlify\"",
        "host = \"cloudflare-pages\"",
    );
    let err = String::from_utf8_lossy(&build(&f, &["--no-search"]).stderr).to_string();
    assert!(
        err.contains("warning[W012]: documents/atlas/atlas.zip is 27.3 MB, over the 26.2 MB cloudflare-pages allows for one file"),
        "{err}"
    );
    // For tools, one report with the build's findings.
    let out = build(&f, &["--no-search", "--format", "json"]);
    let diags = diagnostics(&out);
    assert!(diags.iter().any(|d| d.2 == "W012"), "{diags:#?}");

    // A host showcase does not know is an error at its line, with the closest name.
    f.edit(
        "site.toml",
        "host = \"cloudflare-pages\"",
        "host = \"cloudflare\"",
    );
    let out = f.run(&["check", "--date", DATE, "--format", "json"]);
    let diags = diagnostics(&out);
    let d = diags.iter().find(|d| d.2 == "E021").expect("E021");
    assert_eq!(d.0, "site.toml");
    assert_eq!(d.1, line_of(&f.read("site.toml"), "host ="));
}
