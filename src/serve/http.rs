//! Answering the browser: a file of the served folder for each request, never anything
//! outside it.
//!
//! The URL path is percent-decoded and split into segments; `..`, `.`, backslashes and NUL
//! are refused before the file system is asked anything, dot-files (the manifest, the
//! pending folder) are not served, and the final path must still lie inside the folder once
//! symbolic links are resolved. HTML responses get the live-reload script tag before
//! `</body>`, here and only here.
//!
//! The server itself is small and std-only: one thread per connection, one request per
//! connection, every response saying `Connection: close`. `tiny_http` 0.12 (which
//! `build --serve` used before) keeps each connection on a thread of its pool until the
//! browser closes it, and its pool can queue a new connection behind busy ones: page loads
//! in Chromium stalled for 30 s when an event stream and idle keep-alive sockets held the
//! threads. Here nothing waits on another connection, and the number of connections is
//! bounded.
//!
//! `serve` answers with live reload (a [`Hub`]); `build --serve` serves the finished site
//! as it is, through the same code without one.

use super::reload::{EVENTS_PATH, Hub, SCRIPT, SCRIPT_PATH};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Connections served at once (event streams included); more are turned away with a 503.
pub const MAX_CONNECTIONS: usize = 128;
/// How long a browser may take to send its request, or to take the response.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest request head accepted.
const MAX_HEAD: usize = 16 * 1024;

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

/// The policy an SVG is served with: opened on its own (its URL typed or linked), it may show
/// inline styles and `data:` pictures and nothing else, runs no script (`sandbox`) and loads
/// nothing, whatever slipped past the sanitiser that wrote it (`crate::svg`).
pub const SVG_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/// Headers a file gets besides its type, by its path: an SVG's Content-Security-Policy.
pub fn extra_headers(path: &Path) -> &'static [(&'static str, &'static str)] {
    match content_type(path) {
        "image/svg+xml" => &[("Content-Security-Policy", SVG_CSP)],
        _ => &[],
    }
}

/// A validator from a file's size and modification time.
pub fn etag(len: u64, modified: Option<std::time::SystemTime>) -> String {
    let nanos = modified
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("\"{len:x}-{nanos:x}\"")
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

/// A response, written by hand so that it can close the connection (see [`send`]).
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// A response whose body must not be kept by the browser.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body: body.into(),
        }
    }

    fn text(status: u16, body: &str) -> Self {
        Reply::new(status, "text/plain; charset=utf-8", body)
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        match self.headers.iter_mut().find(|(n, _)| *n == name) {
            Some(h) => h.1 = value.into(),
            None => self.headers.push((name, value.into())),
        }
        self
    }

    /// The response as bytes on the wire; `head`: without the body (a HEAD request).
    pub fn to_bytes(&self, head: bool) -> Vec<u8> {
        let reason = match self.status {
            200 => "OK",
            301 => "Moved Permanently",
            304 => "Not Modified",
            400 => "Bad Request",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            _ => "Service Unavailable",
        };
        let mut out = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        if self.status != 304 {
            out.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        out.push_str("Connection: close\r\n\r\n");
        let mut bytes = out.into_bytes();
        if !head && self.status != 304 {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

/// A request as far as this server cares: method, target and headers.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parse a request head (everything before the blank line).
pub fn parse_head(head: &str) -> Option<Request> {
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target, version) = (first.next()?, first.next()?, first.next()?);
    if first.next().is_some() || !version.starts_with("HTTP/1.") {
        return None;
    }
    let headers = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.split_once(':')
                .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    })
}

/// Read a request head from the connection.
fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return parse_head(std::str::from_utf8(&buf[..end]).ok()?);
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
    }
}

/// Write a response, then close the connection gently: let the browser read everything
/// before the socket goes.
fn send(mut stream: TcpStream, head_only: bool, reply: Reply) {
    // A browser that went away mid-response is no error of ours.
    if stream
        .write_all(&reply.to_bytes(head_only))
        .and_then(|()| stream.flush())
        .is_ok()
    {
        let _ = stream.shutdown(Shutdown::Write);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let mut sink = [0u8; 512];
        while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    }
}

/// Accept connections until the listener fails; each on a thread of its own.
pub fn serve(listener: TcpListener, handler: Arc<Handler>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
        let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            send(
                stream,
                false,
                Reply::text(503, "Too many connections\n").with("Retry-After", "1"),
            );
            continue;
        }
        let (handler, open) = (handler.clone(), open.clone());
        let spawned = std::thread::Builder::new()
            .name("showcase-http".into())
            .spawn(move || {
                handler.connection(stream);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The connection went with the closure; nothing to answer on.
            continue;
        }
    }
}

/// Serves one folder; shared by the connection threads.
pub struct Handler {
    pub root: PathBuf,
    /// Live reload: pages get the script and the event stream is answered. Without it the
    /// folder is served as it is (`build --serve`).
    pub hub: Option<Arc<Hub>>,
}

impl Handler {
    fn connection(&self, mut stream: TcpStream) {
        let Some(req) = read_request(&mut stream) else {
            return send(stream, false, Reply::text(400, "Bad request\n"));
        };
        let head_only = req.method == "HEAD";
        if req.method != "GET" && !head_only {
            return send(
                stream,
                false,
                Reply::text(405, "Method not allowed\n").with("Allow", "GET, HEAD"),
            );
        }
        let path = req.target.split(['?', '#']).next().unwrap_or("");
        if let Some(hub) = &self.hub
            && path == EVENTS_PATH
            && !head_only
        {
            return events(hub, stream);
        }
        send(stream, head_only, self.reply(&req));
    }

    /// The response to a GET (or HEAD) request.
    pub fn reply(&self, req: &Request) -> Reply {
        let path = req.target.split(['?', '#']).next().unwrap_or("");
        if self.hub.is_some() && path == SCRIPT_PATH {
            return Reply::new(200, "text/javascript; charset=utf-8", SCRIPT);
        }
        match resolve(&self.root, &req.target) {
            Target::File(p) => self.file(req, &p, 200),
            Target::NotFound(Some(p)) => self.file(req, &p, 404),
            Target::Redirect(to) => Reply::text(301, "").with("Location", to),
            Target::NotFound(None)
                if let Some(hub) = &self.hub
                    && !self.root.join("index.html").is_file() =>
            {
                let html = inject(PLACEHOLDER.as_bytes(), &script_tag(hub.generation()));
                Reply::new(503, "text/html; charset=utf-8", html).with("Retry-After", "1")
            }
            Target::NotFound(None) => Reply::text(404, "Not found\n"),
            Target::Forbidden => Reply::text(403, "Forbidden\n"),
            Target::BadRequest => Reply::text(400, "Bad request\n"),
        }
    }

    fn file(&self, req: &Request, path: &Path, status: u16) -> Reply {
        let ct = content_type(path);
        let html = ct.starts_with("text/html");
        // Other files may be kept by the browser, asking each time whether they changed
        // (a rebuild replaces a changed file, so its size or time changes): a reload then
        // fetches only the page.
        let etag = (!html && status == 200)
            .then(|| std::fs::metadata(path).ok())
            .flatten()
            .map(|m| etag(m.len(), m.modified().ok()));
        if let Some(tag) = &etag
            && req.header("If-None-Match") == Some(tag.as_str())
        {
            return Reply::new(304, ct, Vec::new()).with("ETag", tag.clone());
        }
        let body = match std::fs::read(path) {
            Ok(b) => b,
            // Replaced between resolving and reading: a rebuild is under way; try again.
            Err(_) => return Reply::text(503, "Rebuilding, try again\n").with("Retry-After", "1"),
        };
        let body = match &self.hub {
            Some(hub) if html => inject(&body, &script_tag(hub.generation())),
            _ => body,
        };
        let reply = extra_headers(path)
            .iter()
            .fold(Reply::new(status, ct, body), |r, (name, value)| {
                r.with(name, *value)
            });
        match etag {
            Some(tag) => reply.with("Cache-Control", "no-cache").with("ETag", tag),
            None => reply,
        }
    }
}

/// The event stream, on this connection's thread until the page goes away.
fn events(hub: &Arc<Hub>, mut stream: TcpStream) {
    let Some(place) = Hub::admit(hub) else {
        return send(
            stream,
            false,
            Reply::text(503, "Too many open pages\n").with("Retry-After", "5"),
        );
    };
    let _ = place.stream(&mut stream);
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
    fn request_heads() {
        let r = parse_head("GET /de/?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: \"a-b\"")
            .unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/de/?q=x"));
        assert_eq!(r.header("if-none-match"), Some("\"a-b\""));
        assert_eq!(parse_head("GET /\r\n"), None, "no version");
        assert_eq!(parse_head("GET / HTTP/2\r\n"), None);
        assert_eq!(parse_head("GET / HTTP/1.1\r\nno colon"), None);
    }

    #[test]
    fn every_response_closes_its_connection() {
        let r = Reply::text(404, "Not found\n");
        let wire = String::from_utf8(r.to_bytes(false)).unwrap();
        assert!(wire.starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(wire.contains("\r\nContent-Length: 10\r\nConnection: close\r\n\r\nNot found\n"));
        assert!(
            String::from_utf8(r.to_bytes(true))
                .unwrap()
                .ends_with("\r\n\r\n"),
            "HEAD: no body"
        );
        let not_modified = Reply::new(304, "text/css", Vec::new()).with("ETag", "\"1-2\"");
        let wire = String::from_utf8(not_modified.to_bytes(false)).unwrap();
        assert!(!wire.contains("Content-Length") && wire.contains("ETag: \"1-2\"\r\n"));
        let once = Reply::text(200, "").with("Cache-Control", "no-cache");
        assert_eq!(
            once.headers
                .iter()
                .filter(|(n, _)| *n == "Cache-Control")
                .count(),
            1
        );
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
        assert_eq!(
            extra_headers(Path::new("clusters/x/logo.SVG")),
            [("Content-Security-Policy", SVG_CSP)]
        );
        assert!(extra_headers(Path::new("index.html")).is_empty());
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
