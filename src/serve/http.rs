//! Answering the browser: a file of the served folder for each request, never anything
//! outside it.
//!
//! The URL path is percent-decoded and split into segments; `..`, `.`, backslashes and NUL
//! are refused before the file system is asked anything, dot-files (the manifest, the
//! pending folder) are not served, and the final path must still lie inside the folder once
//! symbolic links are resolved. HTML responses get the live-reload script tag before
//! `</body>`, here and only here.

use super::reload::{EVENTS_PATH, Hub, SCRIPT, SCRIPT_PATH};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tiny_http::{Header, Request, Response, StatusCode};

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    /// Nothing there; the theme's 404 page for the path's language, if the site has one.
    NotFound(Option<PathBuf>),
    /// A path trying to leave the folder.
    Forbidden,
    BadRequest,
}

/// Decode `%xx` escapes; `None` if malformed or not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The segments of a request path, or why not.
pub fn segments(url: &str) -> Result<Vec<String>, Target> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or(Target::BadRequest)?;
    if !decoded.starts_with('/') {
        return Err(Target::BadRequest);
    }
    let mut out = Vec::new();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == ".." || seg == "." || seg.contains(['\\', '\0']) {
            return Err(Target::Forbidden);
        }
        if seg.starts_with('.') && seg != ".well-known" {
            return Err(Target::NotFound(None));
        }
        out.push(seg.to_string());
    }
    Ok(out)
}

/// Map a request path to a file of `root` (canonical).
pub fn resolve(root: &Path, url: &str) -> Target {
    let segs = match segments(url) {
        Ok(s) => s,
        Err(Target::NotFound(_)) => return not_found(root, &[]),
        Err(t) => return t,
    };
    let mut path = root.to_path_buf();
    path.extend(&segs);
    let inside = |p: &Path| {
        p.canonicalize()
            .map(|c| c.starts_with(root))
            .unwrap_or(false)
    };
    if path.is_dir() {
        if !inside(&path) {
            return Target::Forbidden;
        }
        let raw = url.split(['?', '#']).next().unwrap_or("");
        if !raw.ends_with('/') {
            let query = &url[raw.len()..];
            return Target::Redirect(format!("{raw}/{query}"));
        }
        path.push("index.html");
    }
    if path.is_file() {
        return if inside(&path) {
            Target::File(path)
        } else {
            Target::Forbidden
        };
    }
    not_found(root, &segs)
}

/// `/de/...` gets `de/404.html`, everything else `404.html`.
fn not_found(root: &Path, segs: &[String]) -> Target {
    let localised = segs
        .first()
        .filter(|_| segs.len() > 1)
        .map(|lang| root.join(lang).join("404.html"));
    let page = localised
        .into_iter()
        .chain([root.join("404.html")])
        .find(|p| p.is_file());
    Target::NotFound(page)
}

pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "otf" => "font/otf",
        "ttf" => "font/ttf",
        "eps" | "ai" => "application/postscript",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The tag that loads the live-reload script, telling it which build the page is from.
pub fn script_tag(generation: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\" async></script>")
}

/// Insert `tag` before the last `</body>` (or at the end, if there is none).
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&html[at..]);
    out
}

/// Shown while the first build runs, or when it failed: the script shows why.
const PLACEHOLDER: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>showcase serve</title></head>\
<body><main><h1>The site is not built yet</h1><p>It builds as soon as its content has no errors; \
this page reloads by itself.</p></main></body></html>\n";

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond<R: Read>(req: Request, resp: Response<R>) {
    // A browser that went away mid-response is no error of ours.
    let _ = req.respond(resp);
}

fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// Serves one folder; shared by the server threads.
pub struct Handler {
    pub root: PathBuf,
    pub hub: Arc<Hub>,
}

impl Handler {
    pub fn handle(&self, req: Request) {
        let url = req.url().to_string();
        let method = req.method().clone();
        if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
            let r = bytes(
                405,
                "text/plain; charset=utf-8",
                b"Method not allowed\n".to_vec(),
            )
            .with_header(header("Allow", "GET, HEAD"));
            return respond(req, r);
        }
        let path = url.split(['?', '#']).next().unwrap_or("");
        if path == EVENTS_PATH {
            return self.events(req);
        }
        if path == SCRIPT_PATH {
            return respond(
                req,
                bytes(
                    200,
                    "text/javascript; charset=utf-8",
                    SCRIPT.as_bytes().to_vec(),
                ),
            );
        }
        match resolve(&self.root, &url) {
            Target::File(p) => self.file(req, &p, 200),
            Target::Redirect(to) => {
                let r = bytes(301, "text/plain; charset=utf-8", Vec::new())
                    .with_header(header("Location", &to));
                respond(req, r)
            }
            Target::NotFound(Some(p)) => self.file(req, &p, 404),
            Target::NotFound(None) if !self.root.join("index.html").is_file() => {
                let html = inject(PLACEHOLDER.as_bytes(), &script_tag(self.hub.generation()));
                respond(
                    req,
                    bytes(503, "text/html; charset=utf-8", html)
                        .with_header(header("Retry-After", "1")),
                )
            }
            Target::NotFound(None) => respond(
                req,
                bytes(404, "text/plain; charset=utf-8", b"Not found\n".to_vec()),
            ),
            Target::Forbidden => respond(
                req,
                bytes(403, "text/plain; charset=utf-8", b"Forbidden\n".to_vec()),
            ),
            Target::BadRequest => respond(
                req,
                bytes(400, "text/plain; charset=utf-8", b"Bad request\n".to_vec()),
            ),
        }
    }

    fn file(&self, req: Request, path: &Path, status: u16) {
        let ct = content_type(path);
        let body = match std::fs::read(path) {
            Ok(b) => b,
            // Replaced between resolving and reading: a rebuild is under way; try again.
            Err(_) => {
                let r = bytes(
                    503,
                    "text/plain; charset=utf-8",
                    b"Rebuilding, try again\n".to_vec(),
                )
                .with_header(header("Retry-After", "1"));
                return respond(req, r);
            }
        };
        let body = if ct.starts_with("text/html") {
            inject(&body, &script_tag(self.hub.generation()))
        } else {
            body
        };
        respond(req, bytes(status, ct, body));
    }

    /// The event stream: on a thread of its own, which ends when the page goes away.
    fn events(&self, req: Request) {
        let Some(place) = Hub::admit(&self.hub) else {
            let r = bytes(
                503,
                "text/plain; charset=utf-8",
                b"Too many open pages\n".to_vec(),
            )
            .with_header(header("Retry-After", "5"));
            return respond(req, r);
        };
        let spawned = std::thread::Builder::new()
            .name("showcase-events".into())
            .spawn(move || {
                let mut out = req.into_writer();
                let _ = place.stream(&mut out);
            });
        if let Err(e) = spawned {
            eprintln!("warning: cannot open an event stream: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let d = std::env::temp_dir().join(format!("showcase-http-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        for (p, t) in [
            ("index.html", "home"),
            ("404.html", "gone"),
            ("de/404.html", "weg"),
            ("clusters/x/index.html", "x"),
            ("events.ics", "ics"),
            (".showcase-manifest", "m"),
        ] {
            let f = d.join(p);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, t).unwrap();
        }
        d.canonicalize().unwrap()
    }

    #[test]
    fn paths_never_leave_the_folder() {
        let root = site();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/clusters/x/?q=1"),
            Target::File(root.join("clusters/x/index.html"))
        );
        assert_eq!(
            resolve(&root, "/clusters/x?q=1"),
            Target::Redirect("/clusters/x/?q=1".into())
        );
        for bad in [
            "/../etc/passwd",
            "/clusters/../../x",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/b",
            "/x\\..\\y",
            "/a/./b",
        ] {
            assert_eq!(resolve(&root, bad), Target::Forbidden, "{bad}");
        }
        assert_eq!(resolve(&root, "/%zz"), Target::BadRequest);
        assert_eq!(
            resolve(&root, "/.showcase-manifest"),
            Target::NotFound(Some(root.join("404.html")))
        );
        assert_eq!(
            resolve(&root, "/de/nowhere/"),
            Target::NotFound(Some(root.join("de/404.html")))
        );
        assert_eq!(
            resolve(&root, "/nowhere/"),
            Target::NotFound(Some(root.join("404.html")))
        );
        assert_eq!(resolve(&root, "/de"), Target::Redirect("/de/".into()));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", root.join("etc")).unwrap();
            assert_eq!(
                resolve(&root, "/etc/hostname"),
                Target::Forbidden,
                "a link leading out"
            );
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(
            content_type(Path::new("events.ics")),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a/logo.SVG")), "image/svg+xml");
        assert_eq!(content_type(Path::new("press-kit.zip")), "application/zip");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject(html, "<s>")).unwrap();
        assert_eq!(out, "<html><body><p>&lt;/body&gt;</p><s>\n</BODY></html>");
        assert_eq!(
            String::from_utf8(inject(b"<p>x", "<s>")).unwrap(),
            "<p>x<s>\n"
        );
    }
}
