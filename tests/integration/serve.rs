//! `serve`, `new` and `init`: the commands for editing with instant feedback.
//!
//! `serve` runs as a child process on a free port; the tests read its terminal lines to know
//! when a rebuild (and the search index after it) is done, talk HTTP to it over a plain TCP
//! socket, and compare its folder with a fresh `showcase build` of the same content.

use crate::fixture::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

const DATE: &str = "2026-11-26";
const WAIT: Duration = Duration::from_secs(60);

/// A running `showcase serve`, stopped when dropped.
struct Server {
    child: Child,
    lines: Receiver<String>,
    port: u16,
    /// Everything it printed so far, for failure messages.
    log: Vec<String>,
}

impl Server {
    fn start(f: &Fixture, output: &Path) -> Server {
        Server::start_with(f, output, &[])
    }

    /// `serve` with more arguments.
    fn start_with(f: &Fixture, output: &Path, args: &[&str]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_showcase"));
        cmd.args([
            "serve",
            "--verbose",
            "--port",
            "0",
            "--date",
            DATE,
            "--root",
        ])
        .arg(&f.root)
        .arg("--output")
        .arg(output)
        .args(args);
        Server::run(cmd)
    }

    /// `build --serve` on the fixture: the finished site, served as it is.
    fn start_static(f: &Fixture) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_showcase"));
        cmd.args([
            "build",
            "--no-search",
            "--serve",
            "--port",
            "0",
            "--date",
            DATE,
        ])
        .arg("--root")
        .arg(&f.root);
        Server::run(cmd)
    }

    /// Start `cmd` and wait until it serves.
    fn run(mut cmd: Command) -> Server {
        let mut child = cmd
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start showcase");
        let (tx, lines) = channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut s = Server {
            child,
            lines,
            port: 0,
            log: Vec::new(),
        };
        let serving = s.wait_for("Serving ");
        s.port = port_in(&serving);
        s
    }

    /// The next line starting with `prefix` (earlier lines are skipped).
    fn wait_for(&mut self, prefix: &str) -> String {
        loop {
            match self.lines.recv_timeout(WAIT) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.starts_with(prefix) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no line {prefix:?} from serve; it printed:\n{}",
                    self.log.join("\n")
                ),
            }
        }
    }

    /// Wait for the rebuild after an edit and the search index after it.
    fn settle(&mut self) -> String {
        let rebuilt = self.wait_for("Rebuilt in ");
        self.wait_for("Search index updated");
        rebuilt
    }

    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        http(
            self.port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        )
    }
}

/// The port in "Serving ... at http://127.0.0.1:PORT/...".
fn port_in(serving: &str) -> u16 {
    serving
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("port in {serving:?}"))
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Send a raw request; returns status, headers and body.
fn http(port: u16, request: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, head, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 2 + n + 2..];
    }
}

/// Read an event stream until `what` has arrived.
fn hear(events: &mut TcpStream, heard: &mut String, what: &str) {
    let mut buf = [0u8; 4096];
    while !heard.contains(what) {
        let n = events.read(&mut buf).expect("event in time");
        assert!(n > 0, "stream closed; heard {heard}");
        heard.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

/// Every file under a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The served folder must equal a fresh full build of the same content, file for file.
fn assert_same_as_full_build(f: &Fixture, served: &Path, step: &str) {
    let full = f.path("full-build");
    let _ = std::fs::remove_dir_all(&full);
    let out = f.run(&["build", "--date", DATE, "--output", full.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{step}: build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (a, b) = (snapshot(served), snapshot(&full));
    let only_served: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_full: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_served.is_empty() && only_full.is_empty(),
        "{step}: only served {only_served:?}, only built {only_full:?}"
    );
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(
        differ.is_empty(),
        "{step}: files differ from a full build: {differ:?}"
    );
    let _ = std::fs::remove_dir_all(&full);
}

const NEW_CLUSTER: &str = r#"+++
name = "Wind Coast"
summary = "Offshore wind suppliers."
country = "NO"
sectors = ["energy"]
region = "west"
website = "https://wind.example.no/"
updated = 2026-05-01
contact = { email = "post@wind.example.no" }
+++
Wind.
"#;

const DOCUMENT_TOML: &str = r#"title = "Cluster strategy"
kind = "strategy"
published = 2026-10-01
clusters = ["hydro"]
files = { en = "strategy.pdf" }
"#;

/// A change a content author makes.
type Edit = dyn Fn(&Fixture);

#[test]
fn incremental_rebuilds_equal_a_full_build_byte_for_byte() {
    let f = Fixture::valid();
    let served = f.path("served");
    // Edits come one at a time, each waited for: serve's pauses before the feeds (300 ms) and
    // the search index (1 s) would only make this test 34 s longer.
    let hurried = ["--feeds-after-ms", "20", "--search-after-ms", "50"];
    let mut s = Server::start_with(&f, &served, &hurried);
    s.wait_for("Search index updated");
    assert_same_as_full_build(&f, &served, "first build");

    // (what the author does, whether serve may re-render only part of the site)
    let steps: [(&str, bool, &Edit); 22] = [
        ("English summary of a cluster", true, &|f| {
            f.edit(
                "content/clusters/oceanlab.md",
                "Ocean technology companies",
                "Ocean tech firms",
            )
        }),
        ("German translation only", true, &|f| {
            f.edit(
                "content/clusters/oceanlab.de.md",
                "Ocean-Lab-Cluster",
                "Meereslabor-Cluster",
            )
        }),
        ("cluster name shown on news and event pages", true, &|f| {
            f.edit(
                "content/clusters/oceanlab.md",
                "name = \"Ocean Lab Cluster\"",
                "name = \"Ocean Lab\"",
            )
        }),
        ("facet membership", true, &|f| {
            f.edit(
                "content/clusters/hydro.toml",
                "sectors = [\"energy\"]",
                "sectors = [\"energy\", \"maritime\"]",
            )
        }),
        ("a new cluster", true, &|f| {
            f.write("content/clusters/wind.md", NEW_CLUSTER)
        }),
        ("news title, listed on its cluster's page", true, &|f| {
            f.edit("content/news/ferry.md", "its first", "its second")
        }),
        ("event title, listed on its organiser's page", true, &|f| {
            f.edit(
                "content/events/agm-2027.toml",
                "Annual general meeting",
                "Annual meeting",
            )
        }),
        (
            "the only current label expires: its term page goes",
            true,
            &|f| {
                f.edit(
                    "content/clusters/oceanlab.md",
                    "awarded = \"2025-06\"",
                    "awarded = \"2022-06\"",
                )
            },
        ),
        ("a cluster removed", true, &|f| {
            std::fs::remove_file(f.path("content/clusters/wind.md")).unwrap()
        }),
        // Each kind's fields that other pages show: cards, lists, facets, the home page,
        // feeds and calendars.
        ("a cluster featured on the home page", true, &|f| {
            f.edit(
                "content/clusters/hydro.toml",
                "country = \"NO\"",
                "country = \"NO\"\nfeatured = true",
            )
        }),
        ("a technology term: facet pages and counts", true, &|f| {
            f.edit(
                "content/clusters/hydro.toml",
                "sectors = [\"energy\", \"maritime\"]",
                "sectors = [\"energy\", \"maritime\"]\ntechnologies = [\"hydrogen\"]",
            )
        }),
        ("an event's organiser: both clusters' pages", true, &|f| {
            f.edit(
                "content/events/agm-2027.toml",
                "organisers = [\"programme\", \"oceanlab\"]",
                "organisers = [\"programme\", \"hydro\"]",
            )
        }),
        (
            "an event moves to the past: home page, events list, calendars",
            true,
            &|f| {
                f.edit(
                    "content/events/agm-2027.toml",
                    "2027-03-12T09",
                    "2026-03-12T09",
                );
                f.edit(
                    "content/events/agm-2027.toml",
                    "2027-03-12T17",
                    "2026-03-12T17",
                );
            },
        ),
        (
            "news no longer a success story: home page stories and counts",
            true,
            &|f| {
                f.edit(
                    "content/news/ferry.md",
                    "kind = \"success-story\"",
                    "kind = \"news\"",
                )
            },
        ),
        (
            "news names a second cluster: its page lists it",
            true,
            &|f| {
                f.edit(
                    "content/news/ferry.md",
                    "clusters = [\"oceanlab\"]",
                    "clusters = [\"oceanlab\", \"hydro\"]",
                )
            },
        ),
        ("a new document naming a cluster", true, &|f| {
            f.write("content/documents/strategy/index.toml", DOCUMENT_TOML);
            f.write(
                "content/documents/strategy/strategy.pdf",
                "%PDF-1.4 strategy\n",
            );
        }),
        ("a document's title, on the documents list", true, &|f| {
            f.edit(
                "content/documents/strategy/index.toml",
                "Cluster strategy",
                "Cluster strategy 2027",
            )
        }),
        (
            "a cluster's name, on the document that names it",
            true,
            &|f| {
                f.edit(
                    "content/clusters/hydro.toml",
                    "en = \"Hydrogen Coast\"",
                    "en = \"Hydrogen Coast Cluster\"",
                )
            },
        ),
        ("a free page outside the menu", true, &|f| {
            f.write(
                "content/pages/contact.md",
                "+++\ntitle = \"Contact\"\n+++\nWrite to us.\n",
            )
        }),
        ("a page in the menu", false, &|f| {
            f.edit(
                "content/pages/about.md",
                "title = \"About\"",
                "title = \"About us\"",
            )
        }),
        (
            "the logo's file only: pages stay, the file and the press kit change",
            true,
            &|f| f.edit("content/brand/logo/logo.svg", "#0b4f6c", "#0b4f6d"),
        ),
        (
            "the logo's record: its text dresses every page",
            false,
            &|f| {
                f.edit(
                    "content/brand/logo/index.toml",
                    "Testland Clusters logo",
                    "Logo of Testland Clusters",
                )
            },
        ),
    ];
    for (step, partial, edit) in steps {
        edit(&f);
        let rebuilt = s.settle();
        let expected = if partial { "(incremental)" } else { "(full)" };
        assert!(rebuilt.contains(expected), "{step}: {rebuilt}");
        assert_same_as_full_build(&f, &served, step);
    }
    // An error keeps the last good site; fixing it rebuilds from the fixed files (records
    // read and converted in earlier rounds are reused only where nothing changed).
    f.edit(
        "content/clusters/hydro.toml",
        "sectors = [\"energy\", \"maritime\"]",
        "sectors = [\"energy\", \"no-such-sector\"]",
    );
    s.wait_for("error: still serving");
    f.edit(
        "content/clusters/hydro.toml",
        "sectors = [\"energy\", \"no-such-sector\"]",
        "sectors = [\"energy\"]",
    );
    s.settle();
    assert_same_as_full_build(&f, &served, "an error, then its fix");
    // A file that comes first in reading order renumbers every file after it.
    f.write(
        "content/clusters/aaa.md",
        &NEW_CLUSTER.replace("wind", "aaa"),
    );
    s.settle();
    assert_same_as_full_build(&f, &served, "a cluster read before all others");
    f.edit(
        "content/clusters/oceanlab.md",
        "Ocean tech firms",
        "Ocean firms",
    );
    s.settle();
    assert_same_as_full_build(&f, &served, "an edit after the renumbering");

    // The live-reload script is added to responses, never written to the site.
    for (path, bytes) in snapshot(&served) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__showcase"),
            "{path} holds the live-reload script"
        );
    }
}

#[test]
fn pages_reload_and_errors_show_while_the_last_good_site_is_served() {
    let f = Fixture::valid();
    let served = f.path("served");
    let mut s = Server::start(&f, &served);
    s.wait_for("Search index updated");

    let (status, head, body) = s.get("/clusters/oceanlab/");
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 200);
    assert!(head.contains("text/html; charset=utf-8"));
    assert!(body.contains(
        "<script src=\"/__showcase/live-reload.js\" data-generation=\"1\" async></script>\n</body>"
    ));
    assert!(
        !f.read("served/clusters/oceanlab/index.html")
            .contains("__showcase")
    );

    let (status, head, _) = s.get("/events.ics");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/calendar"), "{head}");
    assert!(head.contains("Connection: close"), "{head}");
    let etag = head
        .lines()
        .find_map(|l| l.strip_prefix("ETag: "))
        .expect("ETag")
        .to_string();
    let (status, _, body) = http(
        s.port,
        &format!("GET /events.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: {etag}\r\n\r\n"),
    );
    assert_eq!(
        (status, body.len()),
        (304, 0),
        "unchanged files are not sent again"
    );
    let (status, _, body) = s.get("/de/nowhere/");
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("lang=\"de\""),
        "the German 404 page"
    );
    let (status, _, _) = http(
        s.port,
        "GET /../Cargo.toml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 403);
    let (status, _, _) = http(
        s.port,
        "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 403);
    let (status, head, _) = s.get("/clusters");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /clusters/"));

    // An open page's event stream: it hears the errors, then the reload once they are fixed.
    let mut events = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    events
        .write_all(b"GET /__showcase/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    events.set_read_timeout(Some(WAIT)).unwrap();
    let mut heard = String::new();
    hear(&mut events, &mut heard, "event: hello\ndata: 1\n");

    f.edit("content/clusters/oceanlab.md", "website =", "webiste =");
    s.wait_for("error: still serving the last good site");
    hear(&mut events, &mut heard, "event: problems\n");
    assert!(
        heard.contains("data: content/clusters/oceanlab.md:"),
        "diagnostics name file and line: {heard}"
    );
    assert!(heard.contains("E002"), "{heard}");
    let (status, _, body) = s.get("/clusters/oceanlab/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(String::from_utf8_lossy(&body).contains("Ocean Lab Cluster"));

    f.edit("content/clusters/oceanlab.md", "webiste =", "website =");
    s.wait_for("Rebuilt in ");
    hear(&mut events, &mut heard, "event: reload\ndata: 2\n");
}

/// GET `path` until `done` holds for its status and body (rebuilds take a moment).
fn poll(s: &Server, path: &str, what: &str, done: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let started = std::time::Instant::now();
    loop {
        let (status, _, body) = s.get(path);
        let body = String::from_utf8_lossy(&body).to_string();
        if done(status, &body) {
            return (status, body);
        }
        assert!(
            started.elapsed() < WAIT,
            "{what}: {path} still answers {status}:\n{body}\nserve printed:\n{}",
            s.log.join("\n")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn pages_list_the_errors_from_the_first_failed_build_until_they_are_fixed() {
    let f = Fixture::valid();
    let file = "content/clusters/oceanlab.md";
    f.edit(
        file,
        "acronym = \"OLC\"\n",
        "acronym = \"OLC\"\nfounded = \"<b>1990</b>\"\n",
    );
    let served = f.path("served");
    let mut s = Server::start(&f, &served);
    // No good build yet: every page is the error page, which lists the errors.
    for path in ["/", "/clusters/oceanlab/", "/de/nowhere/"] {
        let (status, _, body) = s.get(path);
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 503, "{path}: {body}");
        assert!(body.contains("role=\"alert\""), "{path}: {body}");
        assert!(body.contains("not built yet"), "{body}");
        assert!(
            body.contains("content/clusters/oceanlab.md:4:11: error[E003]: `founded`: invalid type: string &quot;&lt;b&gt;1990&lt;/b&gt;&quot;"),
            "file, line, column, code and message, escaped: {body}"
        );
        assert!(!body.contains("<b>1990"), "{body}");
        assert!(body.contains("/__showcase/live-reload.js"), "{body}");
    }

    // Fixed: the site is served, without the list.
    f.edit(file, "founded = \"<b>1990</b>\"\n", "founded = 1990\n");
    s.wait_for("Rebuilt in ");
    let (status, body) = poll(&s, "/clusters/oceanlab/", "fixed", |st, b| {
        st == 200 && !b.contains("showcase-problems")
    });
    assert_eq!(status, 200);
    assert!(body.contains("Ocean Lab Cluster"));

    // Broken again: the last good pages are served with the errors over them.
    f.edit(file, "website =", "webiste =");
    s.wait_for("error: still serving the last good site");
    let (_, body) = poll(&s, "/clusters/oceanlab/", "broken again", |_, b| {
        b.contains("showcase-problems")
    });
    assert!(body.contains("Ocean Lab Cluster"), "the last good page");
    assert!(body.contains("last good version"), "{body}");
    assert!(
        body.contains("content/clusters/oceanlab.md:10:1: error[E002]: unknown field `webiste`"),
        "{body}"
    );
    assert!(body.contains("hint: did you mean `website`?"), "{body}");
    let (_, _, other) = s.get("/");
    assert!(
        String::from_utf8_lossy(&other).contains("showcase-problems"),
        "every page"
    );

    f.edit(file, "webiste =", "website =");
    s.wait_for("Rebuilt in ");
    poll(&s, "/clusters/oceanlab/", "fixed again", |st, b| {
        st == 200 && !b.contains("showcase-problems")
    });
}

#[test]
fn serve_refuses_an_output_folder_that_is_not_its_own() {
    let f = Fixture::valid();
    f.write("mine/notes.txt", "keep me");
    let out = Command::new(env!("CARGO_BIN_EXE_showcase"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&f.root)
        .arg("--output")
        .arg(f.path("mine"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an output of showcase"));
    assert_eq!(f.read("mine/notes.txt"), "keep me");
    let out = Command::new(env!("CARGO_BIN_EXE_showcase"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&f.root)
        .arg("--output")
        .arg(f.path("content/out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "inside content/");
}

/// Valid values for the fields the skeletons mark with TODO, by field name.
fn filled(line: &str) -> String {
    let Some((key, _)) = line.split_once(" = ") else {
        // Text below the front matter.
        return "Some text.".to_string();
    };
    let value = match key.trim() {
        "name" => "\"Wind Coast\"",
        "title" => "\"Wind day\"",
        "summary" => "\"Offshore wind suppliers.\"",
        "description" => "\"The report.\"",
        "country" => "\"NO\"",
        "sectors" => "[\"energy\"]",
        "website" => "\"https://wind.example.no/\"",
        "role" => "\"Manager\"",
        "email" => "\"post@wind.example.no\"",
        "kind" if line.contains("document") => "\"report\"",
        "kind" if line.contains("organisation") => "\"company\"",
        "kind" => "\"workshop\"",
        "funder" => "\"Norlandia Research Council\"",
        "deadline" => "2027-02-15T12:00:00",
        "url" => "\"https://fund.example.no/apply\"",
        "cluster" => "\"oceanlab\"",
        "expires" => "2027-06-01",
        "start" => "2027-05-04T09:00:00",
        "city" => "\"Bergen\"",
        "en" => "\"report.pdf\"",
        other => panic!("no value for TODO field `{other}` in {line:?}"),
    };
    format!("{key} = {value}")
}

fn fill_todos(f: &Fixture, rel: &str) {
    let text = f.read(rel);
    assert!(text.contains("TODO"), "{rel} has no TODO markers");
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.contains("TODO") && !l.starts_with('#') {
                filled(l)
            } else {
                l.to_string()
            }
        })
        .collect();
    f.write(rel, &(out.join("\n") + "\n"));
}

#[test]
fn new_skeletons_pass_check_once_their_todos_are_filled() {
    let f = Fixture::valid();
    let cases = [
        (
            "cluster",
            "wind-coast",
            Some("de"),
            "content/clusters/wind-coast.md",
            Some("content/clusters/wind-coast.de.md"),
        ),
        (
            "event",
            "wind-day",
            Some("nb"),
            "content/events/wind-day.md",
            Some("content/events/wind-day.nb.md"),
        ),
        ("news", "wind-news", None, "content/news/wind-news.md", None),
        (
            "document",
            "wind-report",
            Some("de"),
            "content/documents/wind-report/index.toml",
            Some("content/documents/wind-report/index.de.toml"),
        ),
        ("page", "imprint", None, "content/pages/imprint.md", None),
        (
            "organisation",
            "wind-works",
            Some("de"),
            "content/organisations/wind-works.md",
            Some("content/organisations/wind-works.de.md"),
        ),
        (
            "call",
            "wind-fund",
            Some("nb"),
            "content/calls/wind-fund.md",
            Some("content/calls/wind-fund.nb.md"),
        ),
        (
            "cooperation",
            "wind-partner",
            None,
            "content/cooperation/wind-partner.md",
            None,
        ),
    ];
    for (kind, slug, lang, main, translation) in cases {
        let mut args = vec!["new", kind, slug];
        if let Some(l) = lang {
            args.extend(["--lang", l]);
        }
        let out = f.run(&args);
        assert!(
            out.status.success(),
            "new {kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(f.path(main).is_file(), "{main}");
        // Unfilled, check names each placeholder (E028) and nothing else.
        let diags = diagnostics(&f.run(&["check", "--format", "json", "--date", DATE]));
        for file in std::iter::once(main).chain(translation) {
            let todo_lines: Vec<usize> = f
                .read(file)
                .lines()
                .enumerate()
                .filter(|(_, l)| l.contains("TODO:") && !l.starts_with('#'))
                .map(|(i, _)| i + 1)
                .collect();
            let errors: Vec<(usize, &str)> = diags
                .iter()
                .filter(|d| d.0 == file && d.3 == "error")
                .map(|d| (d.1, d.2.as_str()))
                .collect();
            assert_eq!(
                errors,
                todo_lines.iter().map(|l| (*l, "E028")).collect::<Vec<_>>(),
                "{kind}: {file}: {diags:#?}"
            );
        }
        fill_todos(&f, main);
        if let Some(t) = translation {
            fill_todos(&f, t);
        }
        if kind == "cooperation" {
            // `new` dates the request today; the test's build date is fixed.
            let text = f.read(main);
            let lines: Vec<String> = text
                .lines()
                .map(|l| match l.starts_with("published = ") {
                    true => "published = 2026-11-01".to_string(),
                    false => l.to_string(),
                })
                .collect();
            f.write(main, &(lines.join("\n") + "\n"));
        }
        if kind == "document" {
            f.write_bytes(
                "content/documents/wind-report/report.pdf",
                b"%PDF-1.4\n%%EOF\n",
            );
        }
        let out = f.run(&["check", "--format", "json", "--date", DATE]);
        let errors: Vec<_> = diagnostics(&out)
            .into_iter()
            .filter(|d| d.3 == "error")
            .collect();
        assert!(
            errors.is_empty(),
            "{kind} filled in: {errors:?}\n{}",
            f.read(main)
        );
    }
    let out = f.run(&["build", "--date", DATE]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        f.read("public/de/clusters/wind-coast/index.html")
            .contains("Wind Coast")
    );
}

#[test]
fn new_refuses_bad_slugs_existing_records_and_undeclared_languages() {
    let f = Fixture::valid();
    for (args, message) in [
        (vec!["new", "cluster", "Ocean_Lab"], "invalid slug"),
        (vec!["new", "cluster", "oceanlab"], "exists already"),
        (
            vec!["new", "cluster", "fresh", "--lang", "fr"],
            "does not declare `fr`",
        ),
        (vec!["new", "page", "clusters"], "reserved"),
    ] {
        let out = f.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(message),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        !f.path("content/clusters/fresh.md").exists(),
        "nothing written when refused"
    );
}

#[test]
fn init_starts_a_site_that_builds_at_once() {
    let f = Fixture::empty();
    let dir = f.path("programme");
    let init = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_showcase"))
            .arg("init")
            .arg(dir)
            .output()
            .unwrap()
    };
    let out = init(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        "site.toml",
        "README.md",
        ".github/workflows/check.yml",
        "content/taxonomies.toml",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    assert!(
        std::fs::read_to_string(dir.join(".github/workflows/check.yml"))
            .unwrap()
            .contains("showcase check --format github")
    );
    let out = showcase(&dir, &["check", "--format", "json"]);
    assert_eq!(diagnostics(&out), vec![], "no errors, no warnings");
    let out = showcase(&dir, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for page in [
        "index.html",
        "clusters/example-cluster/index.html",
        "events/example-event/index.html",
        "news/example-news/index.html",
        "documents/programme-overview/index.html",
        "brand/index.html",
        "about/index.html",
        "contact/index.html",
        "privacy/index.html",
        "accessibility/index.html",
        "documents/programme-overview/programme-overview.pdf",
        "brand/logo/logo.svg",
    ] {
        assert!(dir.join("public").join(page).is_file(), "{page}");
    }
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(
        home.contains("Annual cluster forum"),
        "the example event is upcoming"
    );

    let out = init(&dir);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a folder that is not empty is refused"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}

// The server's defences (issue 16, item 10). `serve` and `build --serve` share the server;
// each test uses the one that starts quicker unless it says otherwise.

/// The `Location` header of a response head, if any.
fn location(head: &str) -> Option<&str> {
    head.lines().find_map(|l| l.strip_prefix("Location: "))
}

/// A GET with a Host header the browser would send for the printed address.
fn get_raw(port: u16, target: &str) -> (u16, String, Vec<u8>) {
    http(
        port,
        &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    )
}

#[test]
fn redirects_stay_on_the_same_origin() {
    let f = Fixture::valid();
    let s = Server::start_static(&f);
    for (target, to) in [
        ("/clusters", "/clusters/"),
        // A browser reads `//clusters/` as the host `clusters` (an open redirect).
        ("//clusters", "/clusters/"),
        ("///clusters", "/clusters/"),
        ("/%2Fclusters", "/clusters/"),
        ("/%2f%2fclusters?x=1", "/clusters/?x=1"),
        ("//de", "/de/"),
        ("/de//clusters", "/de/clusters/"),
    ] {
        let (status, head, _) = get_raw(s.port, target);
        assert_eq!(status, 301, "{target}: {head}");
        assert_eq!(location(&head), Some(to), "{target}: {head}");
    }
    for target in [
        "//evil.example",
        "//evil.example/",
        "/%2F%2Fevil.example",
        "/\\evil.example",
    ] {
        let (status, head, _) = get_raw(s.port, target);
        assert!(matches!(status, 403 | 404), "{target}: {head}");
        assert_eq!(location(&head), None, "{target}: {head}");
    }
}

#[test]
fn control_characters_never_reach_a_response_header() {
    let f = Fixture::valid();
    let s = Server::start_static(&f);
    let host = format!("Host: 127.0.0.1:{}", s.port);
    // Raw CR or LF in the request target or a header: refused.
    for request in [
        format!("GET /clusters?a\nSet-Cookie:x=1 HTTP/1.1\r\n{host}\r\n\r\n"),
        format!("GET /clusters?a\rSet-Cookie:x=1 HTTP/1.1\r\n{host}\r\n\r\n"),
        format!("GET /clusters?a\tb HTTP/1.1\r\n{host}\r\n\r\n"),
        format!("GET /clusters HTTP/1.1\r\n{host}\nSet-Cookie: x=1\r\n\r\n"),
        format!("GET /clusters HTTP/1.1\r\n{host}\r\nX: a\rSet-Cookie: x=1\r\n\r\n"),
    ] {
        let (status, head, _) = http(s.port, &request);
        assert_eq!(status, 400, "{request:?}: {head}");
        assert!(!head.contains("Set-Cookie"), "{request:?}: {head}");
    }
    // Percent-encoded: decoded in the path (refused), kept encoded in the query.
    for (target, status) in [
        ("/clusters%0d%0aSet-Cookie:x=1", 400),
        ("/clusters%0aSet-Cookie:x=1/", 400),
        ("/clusters%09", 400),
        ("/%00", 403),
        ("/clusters/%00/x", 403),
    ] {
        let (got, head, _) = get_raw(s.port, target);
        assert_eq!(got, status, "{target}: {head}");
        assert!(!head.contains("Set-Cookie"), "{target}: {head}");
    }
    for (target, to) in [
        (
            "/clusters?a%0d%0aSet-Cookie:x=1",
            "/clusters/?a%0d%0aSet-Cookie:x=1",
        ),
        ("/clusters?q=\u{fc}\"<>", "/clusters/?q=%C3%BC%22%3C%3E"),
        ("/clusters?%zz", "/clusters/?%25zz"),
    ] {
        let (status, head, _) = get_raw(s.port, target);
        assert_eq!(status, 301, "{target}: {head}");
        assert_eq!(location(&head), Some(to), "{target}: {head}");
        assert!(
            head.lines().all(|l| !l.starts_with("Set-Cookie")),
            "{target}: {head}"
        );
    }
}

/// A GET with a deadline: its status (None if none came in time) and how long it took.
fn timed_get(port: u16, within: Duration) -> (Option<u16>, Duration) {
    let started = std::time::Instant::now();
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(within)).unwrap();
    let _ = s.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes());
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let status = String::from_utf8_lossy(&raw)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok());
    (status, started.elapsed())
}

#[test]
fn a_request_is_answered_at_once_while_150_slow_clients_trickle() {
    let f = Fixture::valid();
    let s = Server::start_static(&f);
    // More slow clients than the server has places, each sending one byte of its request
    // head a second: every read comes in time, the head never does.
    let slow: Vec<TcpStream> = (0..150)
        .map(|_| {
            let mut c = TcpStream::connect(("127.0.0.1", s.port)).expect("connect");
            c.write_all(b"G").unwrap();
            c
        })
        .collect();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let trickle = {
        let stop = stop.clone();
        let mut slow: Vec<TcpStream> = slow.iter().map(|c| c.try_clone().unwrap()).collect();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(Duration::from_secs(1));
                for c in &mut slow {
                    // Those the server cut off fail; that is the point.
                    let _ = c.write_all(b"E");
                }
            }
        })
    };
    std::thread::sleep(Duration::from_millis(1500));
    let mut times = Vec::new();
    for _ in 0..3 {
        let (status, took) = timed_get(s.port, Duration::from_secs(5));
        assert_eq!(status, Some(200), "after {took:?}");
        assert!(took < Duration::from_secs(3), "answered after {took:?}");
        times.push(took);
        std::thread::sleep(Duration::from_millis(300));
    }
    eprintln!("a request with 150 slow clients open: {times:?}");
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    trickle.join().unwrap();
    drop(slow);
}

#[test]
fn only_loopback_host_names_are_answered() {
    let f = Fixture::valid();
    let s = Server::start_static(&f);
    let port = s.port;
    let with_host = |host: &str| http(port, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".into(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("preview.localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, head, _) = with_host(&host);
        assert_eq!(status, 200, "{host}: {head}");
    }
    // A name an attacker resolves to 127.0.0.1 (DNS rebinding), and look-alikes.
    for host in [
        format!("evil.example:{port}"),
        "evil.example".into(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("0.0.0.0:{port}"),
        format!("192.168.1.10:{port}"),
    ] {
        let (status, head, body) = with_host(&host);
        assert_eq!(status, 403, "{host}: {head}");
        assert!(
            String::from_utf8_lossy(&body).contains("DNS rebinding"),
            "says why"
        );
    }
    let (status, _, _) = http(port, "GET / HTTP/1.1\r\n\r\n");
    assert_eq!(status, 400, "HTTP/1.1 without a Host");
    let (status, _, _) = http(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 200, "HTTP/1.0 needs none");
    let (status, _, _) = http(
        port,
        &format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example\r\n\r\n"),
    );
    assert_eq!(status, 400, "two Host headers");

    // `serve` too, its live-reload stream included.
    let served = f.path("served");
    let s = Server::start(&f, &served);
    let (status, _, _) = http(
        s.port,
        "GET /__showcase/events HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    );
    assert_eq!(status, 403);
    let (status, _, _) = http(
        s.port,
        "GET /__showcase/live-reload.js HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    );
    assert_eq!(status, 403);
}

#[test]
fn only_get_and_head_are_answered_without_a_body() {
    let f = Fixture::valid();
    let built = Server::start_static(&f);
    let served = f.path("served");
    let mut live = Server::start(&f, &served);
    live.wait_for("Search index updated");
    for s in [&built, &live] {
        let host = format!("Host: 127.0.0.1:{}", s.port);
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "get"] {
            for target in ["/", "/clusters/", "/__showcase/events"] {
                let (status, head, _) = http(
                    s.port,
                    &format!(
                        "{method} {target} HTTP/1.1\r\n{host}\r\nContent-Length: 3\r\n\r\nabc"
                    ),
                );
                assert_eq!(status, 405, "{method} {target}: {head}");
                assert!(head.contains("\r\nAllow: GET, HEAD\r\n"), "{head}");
            }
        }
        let (status, head, body) = http(
            s.port,
            &format!("HEAD /clusters/ HTTP/1.1\r\n{host}\r\n\r\n"),
        );
        assert_eq!((status, body.len()), (200, 0), "{head}");
        // Bodies on GET: an absurd length, a chunked one.
        for extra in [
            "Content-Length: 99999999999999999999999999",
            "Content-Length: 10\r\n\r\n0123456789",
            "Transfer-Encoding: chunked\r\n\r\n0\r\n",
        ] {
            let (status, head, _) = http(
                s.port,
                &format!("GET / HTTP/1.1\r\n{host}\r\n{extra}\r\n\r\n"),
            );
            assert_eq!(status, 400, "{extra}: {head}");
        }
        // A path longer than a request head may be.
        let (status, _, _) = get_raw(s.port, &format!("/{}", "a/".repeat(10_000)));
        assert_eq!(status, 431);
        // Many headers.
        let many: String = (0..100).map(|i| format!("X-{i}: y\r\n")).collect();
        let (status, _, _) = http(s.port, &format!("GET / HTTP/1.1\r\n{host}\r\n{many}\r\n"));
        assert_eq!(status, 431);
    }
    // Live reload still works through GET.
    let mut events = TcpStream::connect(("127.0.0.1", live.port)).unwrap();
    events
        .write_all(
            format!(
                "GET /__showcase/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
                live.port
            )
            .as_bytes(),
        )
        .unwrap();
    events.set_read_timeout(Some(WAIT)).unwrap();
    let mut heard = String::new();
    hear(&mut events, &mut heard, "event: hello\n");
    assert!(heard.starts_with("HTTP/1.1 200 OK\r\n"), "{heard}");
}
