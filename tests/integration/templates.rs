//! Template errors in a site's `templates/`: `check` fails on them as `build` does, once,
//! at the template's file and line; and `build --serve` serves the built site.

use crate::build::snapshot;
use crate::fixture::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

const DATE: &str = "2026-11-26";

/// The default theme's base.html with `line` inserted after its line 20; the inserted
/// line's number.
fn broken_base(f: &Fixture, line: &str) -> usize {
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/base.html"
    ))
    .unwrap();
    let mut lines: Vec<&str> = base.lines().collect();
    lines.insert(20, line);
    f.write("templates/base.html", &(lines.join("\n") + "\n"));
    21
}

/// The E022 diagnostics of `check` or `build` in JSON.
fn template_errors(out: &std::process::Output) -> Vec<Diag> {
    diagnostics(out)
        .into_iter()
        .filter(|d| d.2 == "E022")
        .collect()
}

/// `check` in every format: exit 1, one diagnostic at `templates/base.html:line`.
fn check_reports_once(f: &Fixture, line: usize, what: &str) {
    let out = f.run(&["check", "--date", DATE]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let at = format!("templates/base.html:{line}:");
    assert_eq!(err.matches(&at).count(), 1, "reported once at {at}: {err}");
    assert_eq!(err.matches("error[E022]").count(), 1, "{err}");
    assert!(err.contains(what), "{err}");
    assert!(
        !err.contains("index.html"),
        "names the page template: {err}"
    );

    let out = f.run(&["check", "--date", DATE, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let errors = template_errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1),
        ("templates/base.html", line)
    );
    assert!(errors[0].4.contains(what), "{errors:?}");

    let out = f.run(&["check", "--date", DATE, "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let annotation = format!("::error file=templates/base.html,line={line},");
    assert_eq!(err.matches(&annotation).count(), 1, "{err}");
}

#[test]
fn a_syntax_error_in_base_html_fails_check_at_its_line() {
    let f = Fixture::valid();
    let line = broken_base(&f, "<p>{% if %}</p>");
    check_reports_once(&f, line, "syntax error");
    let f = Fixture::valid();
    let line = broken_base(&f, "<p>{{ page.title | }}</p>");
    check_reports_once(&f, line, "syntax error");
}

#[test]
fn a_render_error_in_base_html_fails_check_at_its_line() {
    let f = Fixture::valid();
    let line = broken_base(&f, "<p>{{ page.title | nosuchfilter }}</p>");
    check_reports_once(&f, line, "nosuchfilter");
    let f = Fixture::valid();
    let line = broken_base(&f, "<p>{{ nosuchvariable }}</p>");
    check_reports_once(&f, line, "nosuchvariable");
    let f = Fixture::valid();
    let line = broken_base(&f, "{% include \"nosuchfile.html\" %}");
    check_reports_once(&f, line, "nosuchfile.html");
}

#[test]
fn build_reports_a_template_error_once_as_check_does_and_changes_nothing() {
    let f = Fixture::valid();
    assert!(f.run(&["build", "--date", DATE]).status.success());
    let before = snapshot(&f.path("public"));
    for broken in ["<p>{% if %}</p>", "<p>{{ page.title | nosuchfilter }}</p>"] {
        let line = broken_base(&f, broken);
        let out = f.run(&["build", "--date", DATE]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let at = format!("templates/base.html:{line}:");
        assert_eq!(err.matches(&at).count(), 1, "reported once: {err}");
        assert_eq!(err.matches("error[E022]").count(), 1, "{err}");
        let build = template_errors(&f.run(&["build", "--date", DATE, "--format", "json"]));
        let check = template_errors(&f.run(&["check", "--date", DATE, "--format", "json"]));
        assert_eq!(build, check, "build and check say the same");
        assert_eq!(snapshot(&f.path("public")), before, "public/ changed");
    }
}

/// Kills the child when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Status line and body of a request sent as written (no client tidies the path).
fn get(port: u16, path: &str) -> (String, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = Vec::new();
    s.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn build_serve_serves_the_built_site_and_nothing_outside_it() {
    let f = Fixture::valid();
    let child = Command::new(env!("CARGO_BIN_EXE_showcase"))
        .args([
            "build",
            "--serve",
            "--port",
            "0",
            "--no-search",
            "--date",
            DATE,
        ])
        .arg("--root")
        .arg(&f.root)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Running(child);
    let mut lines = BufReader::new(server.0.stderr.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines
            .next()
            .expect("the server says where it listens")
            .unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    let (status, body) = get(port, "/");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(body.contains("<html lang=\"en\"") && body.contains("Testland Clusters"));
    assert!(
        !body.contains("/__showcase/"),
        "no live reload in build --serve"
    );
    let (status, _) = get(port, "/de/clusters/oceanlab/");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    for bad in [
        "/../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/clusters/../../etc/passwd",
    ] {
        let (status, body) = get(port, bad);
        assert!(status.starts_with("HTTP/1.1 403"), "{bad}: {status}");
        assert!(!body.contains("root:"), "{bad}");
    }
    let (status, _) = get(port, "/nowhere/");
    assert!(status.starts_with("HTTP/1.1 404"), "{status}");
}

#[test]
fn theme_eject_copies_a_template_to_override_and_keeps_the_sites_own() {
    let f = Fixture::valid();
    let out = f.run(&["theme", "eject", "index"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().next(),
        Some("templates/index.html")
    );
    let ejected = f.read("templates/index.html");
    assert!(ejected.contains("{%"), "a Tera template: {ejected}");
    assert!(
        !f.path("templates/base.html").exists(),
        "only the named template"
    );
    // The copy overrides the theme's: an edit shows on the built home page, and only there.
    f.write(
        "templates/index.html",
        &ejected.replace("</h1>", "</h1><p>EJECTED-MARK</p>"),
    );
    let out = f.run(&["build", "--date", "2026-11-26", "--no-search"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(f.read("public/index.html").contains("EJECTED-MARK"));
    assert!(
        !f.read("public/clusters/index.html")
            .contains("EJECTED-MARK")
    );
    // Ejecting again keeps the site's edit unless forced.
    let out = f.run(&["theme", "eject"]);
    assert!(out.status.success());
    assert!(f.read("templates/index.html").contains("EJECTED-MARK"));
    assert!(
        f.path("templates/base.html").is_file(),
        "no name: every template"
    );
    let out = f.run(&["theme", "eject", "index", "--force"]);
    assert!(out.status.success());
    assert!(!f.read("templates/index.html").contains("EJECTED-MARK"));
    // An unknown template names the ones there are.
    let out = f.run(&["theme", "eject", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no template `nope`") && err.contains("cluster.html"),
        "{err}"
    );
}
