//! Answering the browser: a file of the served folder for each request, never anything
//! outside it.
//!
//! The URL path is percent-decoded and split into segments; `..`, `.`, backslashes and NUL
//! are refused before the file system is asked anything, dot-files (the manifest, the
//! pending folder) are not served, and the final path must still lie inside the folder once
//! symbolic links are resolved. HTML responses get the live-reload script tag (and, while
//! the content has errors, the list of them) before `</body>`, here and only here.
//!
//! The server itself is small and std-only: one thread per connection, one request per
//! connection, every response saying `Connection: close`. `tiny_http` 0.12 (which
//! `build --serve` used before) keeps each connection on a thread of its pool until the
//! browser closes it, and its pool can queue a new connection behind busy ones: page loads
//! in Chromium stalled for 30 s when an event stream and idle keep-alive sockets held the
//! threads. Here nothing waits on another connection, and the number of connections is
//! bounded.
//!
//! It is a preview server for the person at the keyboard, and it defends itself like one:
//! - a client has [`Limits::head_deadline`] for its whole request head, however it trickles
//!   it, and the head is capped in size and header count; when every place is taken, a new
//!   connection takes the place of the oldest one still waiting on its client (slowloris);
//! - only requests naming a loopback host are answered ([`loopback_host`]): a page of
//!   another site whose name an attacker points at 127.0.0.1 (DNS rebinding) gets a 403;
//! - control characters anywhere in the head are refused, and a redirect's `Location` is
//!   rebuilt from the decoded path, percent-encoded, with a single leading slash: nothing
//!   the client sent reaches a response header as it was sent;
//! - only GET and HEAD are answered, without a request body.
//!
//! `serve` answers with live reload (a [`Hub`]); `build --serve` serves the finished site
//! as it is, through the same code without one.

use super::reload::{EVENTS_PATH, Hub, SCRIPT, SCRIPT_PATH};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Connections served at once (event streams included); when all are busy, more are turned
/// away with a 503 (see [`Pool`] for who gives way first).
pub const MAX_CONNECTIONS: usize = 128;
/// How long a browser may take for any one write of the response.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest request head accepted (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// The most header lines accepted in one request.
const MAX_HEADERS: usize = 64;
/// After the response: how long, and how many bytes, to wait for the client to finish
/// sending (so that closing does not reset a connection whose response is still unread).
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 256 * 1024;

/// What one connection may take of the server.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections served at once.
    pub connections: usize,
    /// Time from the connection to the end of its request head, however slowly it comes.
    pub head_deadline: Duration,
    /// Time to write a whole response (event streams excepted).
    pub response_deadline: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: MAX_CONNECTIONS,
            head_deadline: Duration::from_secs(10),
            response_deadline: Duration::from_secs(30),
        }
    }
}

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
    if decoded.chars().any(|c| c.is_control() && c != '\0') {
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
            return Target::Redirect(folder_location(&segs, &url[raw.len()..]));
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

/// Where a folder asked for without its trailing slash sends the browser: its path rebuilt
/// from the decoded segments, each percent-encoded, so always one leading slash (`//x` would
/// name another host) and nothing the client sent as it was sent; then the query, with
/// whatever is not plainly allowed in one percent-encoded. `rest` is what follows the path
/// in the request target (`?query`, `#fragment` or nothing); a fragment is dropped.
pub fn folder_location(segs: &[String], rest: &str) -> String {
    let mut out = String::new();
    for seg in segs {
        out.push('/');
        encode_into(&mut out, seg, |b| {
            b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b)
        });
    }
    out.push('/');
    if let Some(query) = rest.strip_prefix('?') {
        let query = query.split('#').next().unwrap_or("");
        out.push('?');
        let bytes = query.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let escape = b == b'%'
                && bytes
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if escape || b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Append `s` with every byte that `keep` refuses written as `%XX`.
fn encode_into(out: &mut String, s: &str, keep: impl Fn(u8) -> bool) {
    for &b in s.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
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

/// Shown while the first build runs, or when it failed: the errors are listed over it.
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
            408 => "Request Timeout",
            431 => "Request Header Fields Too Large",
            503 => "Service Unavailable",
            _ => "",
        };
        let mut out = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (name, value) in &self.headers {
            // Values are ours (a `Location` is encoded by `folder_location`); a control
            // character would still end the header early, so none goes out.
            let value: String = value.chars().filter(|c| !c.is_control()).collect();
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
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: String,
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

/// A request refused before it is looked at: the status and a line saying why.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused(pub u16, pub &'static str);

impl Refused {
    fn reply(&self) -> Reply {
        Reply::text(self.0, &format!("{}\n", self.1))
    }
}

/// A token (a method or a header name): visible characters other than separators.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Parse a request head (everything before the blank line). Control characters are refused
/// wherever they are (a lone CR or LF, folded lines, NUL...), as are malformed lines and
/// more than [`MAX_HEADERS`] headers.
pub fn parse_head(head: &str) -> Result<Request, Refused> {
    const MALFORMED: Refused = Refused(400, "Bad request: malformed request head");
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or("");
    if line.chars().any(|c| c.is_control()) {
        return Err(Refused(
            400,
            "Bad request: control characters in the request line",
        ));
    }
    let mut first = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (first.next(), first.next(), first.next(), first.next())
    else {
        return Err(MALFORMED);
    };
    if !is_token(method) || target.is_empty() || !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return Err(MALFORMED);
    }
    let mut headers = Vec::new();
    for l in lines {
        if headers.len() == MAX_HEADERS {
            return Err(Refused(431, "Too many request headers"));
        }
        let (name, value) = l.split_once(':').ok_or(MALFORMED)?;
        // No space before the colon, no folded continuation lines, no control characters
        // but tabs in values.
        if !is_token(name) || value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(MALFORMED);
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        version: version.to_string(),
        headers,
    })
}

/// Whether a `Host` header names this server as only the person at its keyboard can: a
/// loopback name or address, with any port: `localhost`, `*.localhost`, `127.x.x.x`,
/// `[::1]`. A page of another site can make the browser send its requests here only under
/// its own name (DNS rebinding), which this refuses.
pub fn loopback_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let port_ok = |p: &str| {
        p.is_empty()
            || p.strip_prefix(':').is_some_and(|p| {
                !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
            })
    };
    if let Some(rest) = host.strip_prefix('[') {
        let Some((addr, port)) = rest.split_once(']') else {
            return false;
        };
        return port_ok(port)
            && addr
                .parse::<std::net::Ipv6Addr>()
                .is_ok_and(|a| a.is_loopback());
    }
    let (name, port) = match host.find(':') {
        Some(i) => host.split_at(i),
        None => (host.as_str(), ""),
    };
    if !port_ok(port) {
        return false;
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    let sub_ok = |sub: &str| {
        sub.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
    };
    name == "localhost"
        || name.strip_suffix(".localhost").is_some_and(sub_ok)
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|a| a.is_loopback())
}

/// Why a parsed request is not answered, if it is not: the `Host` it names, its method, a
/// body it sends.
pub fn vet(req: &Request) -> Result<(), Reply> {
    let hosts: Vec<&str> = req
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Host"))
        .map(|(_, v)| v.as_str())
        .collect();
    match hosts[..] {
        [] if req.version == "HTTP/1.0" => {}
        [] => return Err(Refused(400, "Bad request: no Host header").reply()),
        [host] if loopback_host(host) => {}
        [_] => {
            return Err(Reply::text(
                403,
                "This preview server answers only to localhost, 127.0.0.1 or [::1] \
                 (any port), not to the host name this request was sent to: a page \
                 elsewhere may be trying to read it (DNS rebinding). Open the address \
                 showcase printed instead.\n",
            ));
        }
        _ => return Err(Refused(400, "Bad request: more than one Host header").reply()),
    }
    if req.method != "GET" && req.method != "HEAD" {
        return Err(Reply::text(405, "Method not allowed\n").with("Allow", "GET, HEAD"));
    }
    let body = req.headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("Transfer-Encoding")
            || (n.eq_ignore_ascii_case("Content-Length") && v != "0")
    });
    if body {
        return Err(Refused(400, "Bad request: GET and HEAD requests take no body").reply());
    }
    Ok(())
}

/// What a connection is doing, for [`Pool`].
enum Phase {
    /// Working for the client: reading files, writing the response, an event stream.
    Busy,
    /// Waiting for the client's request head; the handle can cut it short.
    Head(TcpStream),
    /// Answered, waiting for the client to close.
    Closing(TcpStream),
}

/// The connections being served, oldest first. When all [`Limits::connections`] places are
/// taken, a new connection takes the place of one that is only waiting on its client (one
/// that has had its response first, then the oldest still sending its head), which is cut
/// off: clients that trickle their requests (slowloris) can delay nobody else's. Only when
/// every connection is busy is a new one turned away.
struct Pool {
    max: usize,
    live: Mutex<(u64, BTreeMap<u64, Phase>)>,
}

/// One connection's place in the [`Pool`], given back when dropped.
struct Slot {
    id: u64,
    pool: Arc<Pool>,
}

impl Pool {
    fn live(&self) -> std::sync::MutexGuard<'_, (u64, BTreeMap<u64, Phase>)> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for a new connection, if one is free or can be freed.
    fn admit(self: &Arc<Self>, stream: &TcpStream) -> Option<Slot> {
        let mut guard = self.live();
        let (next, live) = &mut *guard;
        if live.len() >= self.max {
            let closing = live
                .iter()
                .find(|(_, p)| matches!(p, Phase::Closing(_)))
                .map(|(id, _)| *id);
            let waiting = closing.or_else(|| {
                live.iter()
                    .find(|(_, p)| matches!(p, Phase::Head(_)))
                    .map(|(id, _)| *id)
            })?;
            if let Some(Phase::Head(s) | Phase::Closing(s)) = live.remove(&waiting) {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
        let id = *next;
        *next += 1;
        let phase = match stream.try_clone() {
            Ok(s) => Phase::Head(s),
            Err(_) => Phase::Busy,
        };
        live.insert(id, phase);
        Some(Slot {
            id,
            pool: self.clone(),
        })
    }
}

impl Slot {
    /// Enter a phase; false if the connection was cut off meanwhile.
    fn enter(&self, phase: Phase) -> bool {
        match self.pool.live().1.get_mut(&self.id) {
            Some(p) => {
                *p = phase;
                true
            }
            None => false,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.pool.live().1.remove(&self.id);
    }
}

/// One connection on its thread.
struct Conn {
    stream: TcpStream,
    slot: Slot,
    limits: Limits,
}

impl Conn {
    /// Read the request head, within the head deadline. `Err(None)`: the client went away
    /// (or was cut off); nothing to answer.
    fn read_request(&mut self) -> Result<Request, Option<Reply>> {
        let deadline = Instant::now() + self.limits.head_deadline;
        let mut buf = Vec::with_capacity(1024);
        let mut chunk = [0u8; 2048];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Some(Reply::text(
                    408,
                    "The request head took too long to arrive\n",
                )));
            }
            let _ = self.stream.set_read_timeout(Some(left));
            let n = match self.stream.read(&mut chunk) {
                Ok(0) => return Err(None),
                Ok(n) => n,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock
                            | std::io::ErrorKind::TimedOut
                            | std::io::ErrorKind::Interrupted
                    ) =>
                {
                    continue;
                }
                Err(_) => return Err(None),
            };
            let from = buf.len().saturating_sub(3);
            buf.extend_from_slice(&chunk[..n]);
            if let Some(end) = buf[from..].windows(4).position(|w| w == b"\r\n\r\n") {
                let end = from + end;
                if end > MAX_HEAD {
                    break;
                }
                let head = std::str::from_utf8(&buf[..end])
                    .map_err(|_| Some(Refused(400, "Bad request: not UTF-8").reply()))?;
                return parse_head(head).map_err(|r| Some(r.reply()));
            }
            if buf.len() > MAX_HEAD {
                break;
            }
        }
        Err(Some(Refused(431, "Request head too large").reply()))
    }

    /// Write a response within the response deadline, then close the connection gently:
    /// let the browser read everything before the socket goes.
    fn send(mut self, head_only: bool, reply: Reply) {
        let deadline = Instant::now() + self.limits.response_deadline;
        // A browser that went away mid-response is no error of ours.
        if write_by(&mut self.stream, &reply.to_bytes(head_only), deadline).is_ok() {
            let _ = self.stream.shutdown(Shutdown::Write);
            if let Ok(s) = self.stream.try_clone()
                && !self.slot.enter(Phase::Closing(s))
            {
                return;
            }
            linger(&mut self.stream, Instant::now() + LINGER);
        }
    }

    /// Answer a client too slow to wait for any longer: no lingering afterwards.
    fn refuse(mut self, reply: Reply) {
        let _ = write_by(
            &mut self.stream,
            &reply.to_bytes(false),
            Instant::now() + Duration::from_secs(1),
        );
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// Write all of `bytes` by `deadline`.
fn write_by(stream: &mut TcpStream, mut bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left.min(IO_TIMEOUT)))?;
        match stream.write(&bytes[..bytes.len().min(64 * 1024)]) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    stream.flush()
}

/// Read and drop what the client still sends until it closes, `deadline` passes or
/// [`LINGER_BYTES`] have come.
fn linger(stream: &mut TcpStream, deadline: Instant) {
    let mut sink = [0u8; 4096];
    let mut read = 0;
    while read < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(n) if n > 0 => read += n,
            _ => return,
        }
    }
}

/// Turn a connection away on the accepting thread, which must not wait for it: the 503 fits
/// the socket's buffer, and only what the client has sent already is read before closing.
fn turn_away(mut stream: TcpStream) {
    let reply = Reply::text(503, "Too many connections\n").with("Retry-After", "1");
    if stream.set_nonblocking(true).is_ok() {
        let _ = stream.write_all(&reply.to_bytes(false));
        let _ = stream.shutdown(Shutdown::Write);
        let mut sink = [0u8; 4096];
        let mut read = 0;
        while read < 64 * 1024 {
            match stream.read(&mut sink) {
                Ok(n) if n > 0 => read += n,
                _ => break,
            }
        }
    }
}

/// Accept connections until the listener fails; each on a thread of its own.
pub fn serve(listener: TcpListener, handler: Arc<Handler>) {
    serve_with(listener, handler, Limits::default());
}

/// [`serve`] within other limits (tests use short deadlines).
pub fn serve_with(listener: TcpListener, handler: Arc<Handler>, limits: Limits) {
    let pool = Arc::new(Pool {
        max: limits.connections.max(1),
        live: Mutex::default(),
    });
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors, say: let connections finish.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let Some(slot) = pool.admit(&stream) else {
            turn_away(stream);
            continue;
        };
        let handler = handler.clone();
        let conn = Conn {
            stream,
            slot,
            limits,
        };
        // If no thread can be started, the connection goes with the closure (its place too).
        let _ = std::thread::Builder::new()
            .name("showcase-http".into())
            .spawn(move || handler.connection(conn));
    }
}

/// Serves one folder; shared by the connection threads.
pub struct Handler {
    pub root: PathBuf,
    /// Live reload: pages get the script and the event stream is answered. Without it the
    /// folder is served as it is (`build --serve`).
    pub hub: Option<Arc<Hub>>,
    /// The path the site is served under, as in production (`/`, or `/programme/` for a
    /// `base_url` with a path): see [`resolve_under`].
    base: std::sync::RwLock<String>,
}

/// `base` (`routes::base_path`) rebuilt from its decoded segments, percent-encoded, as
/// [`folder_location`] does: it goes into `Location` headers.
fn clean_base(base: &str) -> String {
    match segments(base) {
        Ok(segs) if !segs.is_empty() => folder_location(&segs, ""),
        _ => "/".into(),
    }
}

/// [`resolve`] for a site served under `base` (`/programme/`, as [`clean_base`] made it): a
/// path under it is the folder's file at the rest of the path; `/` and `/programme` lead
/// to `/programme/`; anything else is not found (the site's 404 page, whose links are
/// absolute).
pub fn resolve_under(root: &Path, base: &str, url: &str) -> Target {
    if base == "/" {
        return resolve(root, url);
    }
    let stem = base.trim_end_matches('/');
    let path = url.split(['?', '#']).next().unwrap_or("");
    let rest = &url[path.len()..];
    if path == "/" || path == stem {
        let segs: Vec<String> = stem[1..].split('/').map(str::to_string).collect();
        return Target::Redirect(folder_location(&segs, rest));
    }
    match url
        .strip_prefix(stem)
        .filter(|inner| inner.starts_with('/'))
    {
        Some(inner) => match resolve(root, inner) {
            Target::Redirect(to) => Target::Redirect(format!("{stem}{to}")),
            other => other,
        },
        None => match segments(url) {
            Err(t @ (Target::BadRequest | Target::Forbidden)) => t,
            _ => not_found(root, &[]),
        },
    }
}

impl Handler {
    /// A handler serving `root` under the path `base` (`/` at the root).
    pub fn new(root: PathBuf, hub: Option<Arc<Hub>>, base: &str) -> Self {
        Handler {
            root,
            hub,
            base: std::sync::RwLock::new(clean_base(base)),
        }
    }

    /// The site is served under `base` from now on (`serve`: after a rebuild, since
    /// `base_url` may have changed).
    pub fn set_base(&self, base: &str) {
        *self.base.write().unwrap_or_else(|e| e.into_inner()) = clean_base(base);
    }

    fn base(&self) -> String {
        self.base.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn connection(&self, mut conn: Conn) {
        let req = match conn.read_request() {
            Ok(req) => req,
            Err(None) => return,
            Err(Some(reply)) if reply.status == 408 => return conn.refuse(reply),
            Err(Some(reply)) => return conn.send(false, reply),
        };
        let head_only = req.method == "HEAD";
        if let Err(reply) = vet(&req) {
            return conn.send(head_only, reply);
        }
        if !conn.slot.enter(Phase::Busy) {
            return;
        }
        let path = req.target.split(['?', '#']).next().unwrap_or("");
        if let Some(hub) = &self.hub
            && path == EVENTS_PATH
            && !head_only
        {
            return events(hub, conn);
        }
        conn.send(head_only, self.reply(&req));
    }

    /// The response to a GET (or HEAD) request.
    pub fn reply(&self, req: &Request) -> Reply {
        let path = req.target.split(['?', '#']).next().unwrap_or("");
        if self.hub.is_some() && path == SCRIPT_PATH {
            return Reply::new(200, "text/javascript; charset=utf-8", SCRIPT);
        }
        match resolve_under(&self.root, &self.base(), &req.target) {
            Target::File(p) => self.file(req, &p, 200),
            Target::NotFound(Some(p)) => self.file(req, &p, 404),
            Target::Redirect(to) => Reply::text(301, "").with("Location", to),
            Target::NotFound(None)
                if let Some(hub) = &self.hub
                    && !self.root.join("index.html").is_file() =>
            {
                let html = inject(PLACEHOLDER.as_bytes(), &hub.page_tags());
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
            Some(hub) if html => inject(&body, &hub.page_tags()),
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
fn events(hub: &Arc<Hub>, mut conn: Conn) {
    let Some(place) = Hub::admit(hub) else {
        return conn.send(
            false,
            Reply::text(503, "Too many open pages\n").with("Retry-After", "5"),
        );
    };
    let _ = conn.stream.set_write_timeout(Some(IO_TIMEOUT));
    let _ = place.stream(&mut conn.stream);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        site_named("paths")
    }

    /// A small served folder of its own for each test (they run at once).
    fn site_named(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("showcase-http-{}-{name}", std::process::id()));
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
    fn a_site_under_a_path_is_served_at_that_path() {
        let root = site_named("under");
        let base = clean_base("/programme/");
        assert_eq!(base, "/programme/");
        let at = |url: &str| resolve_under(&root, &base, url);
        assert_eq!(at("/programme/"), Target::File(root.join("index.html")));
        assert_eq!(
            at("/programme/clusters/x/?q=1"),
            Target::File(root.join("clusters/x/index.html"))
        );
        assert_eq!(
            at("/programme/clusters/x?q=1"),
            Target::Redirect("/programme/clusters/x/?q=1".into())
        );
        assert_eq!(at("/"), Target::Redirect("/programme/".into()));
        assert_eq!(
            at("/programme?a=b"),
            Target::Redirect("/programme/?a=b".into())
        );
        // Outside the path: the site's 404 page (its links are absolute); the path's own
        // folders are not served twice.
        for outside in ["/clusters/x/", "/programmes/", "/index.html"] {
            assert_eq!(
                at(outside),
                Target::NotFound(Some(root.join("404.html"))),
                "{outside}"
            );
        }
        assert_eq!(
            at("/programme/de/nowhere/"),
            Target::NotFound(Some(root.join("de/404.html")))
        );
        assert_eq!(at("/programme/../etc/"), Target::Forbidden);
        assert_eq!(
            at("/programme//evil.example"),
            Target::NotFound(Some(root.join("404.html")))
        );
        assert_eq!(clean_base("/a b/"), "/a%20b/");
        assert_eq!(clean_base("/a/\r\n/"), "/");
        assert_eq!(clean_base("/"), "/");
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
        // Overlong UTF-8 for `.` is no UTF-8; a double encoding is decoded once only.
        assert_eq!(
            resolve(&root, "/%c0%ae%c0%ae/etc/passwd"),
            Target::BadRequest
        );
        assert_eq!(
            resolve(&root, "/%252e%252e/etc/passwd"),
            Target::NotFound(Some(root.join("404.html")))
        );
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
        let status = |head: &str| parse_head(head).map(|_| 200).unwrap_or_else(|r| r.0);
        assert_eq!(status("GET /\r\n"), 400, "no version");
        assert_eq!(status("GET / HTTP/2"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nno colon"), 400);
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost : x"),
            400,
            "space before the colon"
        );
        assert_eq!(status("GET / HTTP/1.1\r\nA: b\r\n c"), 400, "folded line");
        assert_eq!(status("GET  / HTTP/1.1"), 400, "two spaces");
        assert_eq!(status("G(T / HTTP/1.1"), 400, "method not a token");
    }

    #[test]
    fn control_characters_anywhere_in_the_head_are_refused() {
        for head in [
            "GET /clusters?a\nSet-Cookie:x=1 HTTP/1.1\r\nHost: localhost",
            "GET /clusters?a\rSet-Cookie:x=1 HTTP/1.1\r\nHost: localhost",
            "GET /a\tb HTTP/1.1\r\nHost: localhost",
            "GET /a\0 HTTP/1.1\r\nHost: localhost",
            "GET /a\x7f HTTP/1.1\r\nHost: localhost",
            "GET / HTTP/1.1\r\nHost: localhost\nSet-Cookie: x=1",
            "GET / HTTP/1.1\r\nHost: localhost\rX: y",
            "GET / HTTP/1.1\r\nX: a\0b\r\nHost: localhost",
        ] {
            assert_eq!(
                parse_head(head).map_err(|r| r.0).err(),
                Some(400),
                "{head:?}"
            );
        }
        assert!(
            parse_head("GET / HTTP/1.1\r\nUser-Agent: a\tb").is_ok(),
            "tabs are allowed in values"
        );
        // Decoded, control characters in the path are refused too (NUL as a way out).
        assert_eq!(
            segments("/clusters%0d%0aSet-Cookie:x=1"),
            Err(Target::BadRequest)
        );
        assert_eq!(segments("/a%09b"), Err(Target::BadRequest));
        assert_eq!(segments("/a%00b"), Err(Target::Forbidden));
    }

    #[test]
    fn headers_are_capped_in_number() {
        let mut head = String::from("GET / HTTP/1.1\r\nHost: localhost");
        for i in 1..MAX_HEADERS {
            head.push_str(&format!("\r\nX-{i}: y"));
        }
        assert!(parse_head(&head).is_ok(), "{MAX_HEADERS} headers");
        head.push_str("\r\nX-last: y");
        assert_eq!(
            parse_head(&head).map(|_| ()),
            Err(Refused(431, "Too many request headers"))
        );
    }

    #[test]
    fn redirects_stay_on_this_origin_and_carry_nothing_raw() {
        let root = site_named("redirects");
        let location = |url: &str| match resolve(&root, url) {
            Target::Redirect(to) => to,
            other => panic!("{url}: {other:?}"),
        };
        assert_eq!(location("//clusters"), "/clusters/");
        assert_eq!(location("///clusters/x"), "/clusters/x/");
        assert_eq!(location("/%2Fclusters"), "/clusters/", "an encoded slash");
        assert_eq!(location("/%2f%2fclusters//x"), "/clusters/x/");
        assert_eq!(location("/clusters/x?q=1&r=a/b"), "/clusters/x/?q=1&r=a/b");
        assert_eq!(
            location("/clusters?a%0d%0aSet-Cookie:x=1"),
            "/clusters/?a%0d%0aSet-Cookie:x=1"
        );
        assert_eq!(
            location("/clusters?q=\u{fc}\"<%zz"),
            "/clusters/?q=%C3%BC%22%3C%25zz"
        );
        assert_eq!(location("/clusters#top"), "/clusters/", "no fragment");
        assert_eq!(
            folder_location(&["d\u{e9}j\u{e0} vu".into(), "a?b#c".into()], ""),
            "/d%C3%A9j%C3%A0%20vu/a%3Fb%23c/"
        );
        for url in ["//clusters", "/%2Fclusters", "//clusters?x", "/%5cclusters"] {
            if let Target::Redirect(to) = resolve(&root, url) {
                assert!(
                    to.starts_with('/') && !to[1..].starts_with(['/', '\\']),
                    "{url} -> {to}"
                );
            }
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn only_loopback_host_names_are_answered() {
        for ok in [
            "localhost",
            "LOCALHOST:1111",
            "localhost.",
            "app.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:8080",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:80",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "evillocalhost",
            ".localhost",
            "a..localhost",
            "localhost:",
            "localhost:80:80",
            "localhost:http",
            "10.0.0.1",
            "0.0.0.0:8080",
            "[::]:80",
            "[::1]x",
            "[::1",
            "::1",
        ] {
            assert!(!loopback_host(bad), "{bad:?}");
        }
    }

    fn vetted(head: &str) -> Result<(), (u16, String)> {
        let req = parse_head(head).expect("well-formed");
        vet(&req).map_err(|r| {
            let allow = r
                .headers
                .iter()
                .find(|(n, _)| *n == "Allow")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (r.status, allow)
        })
    }

    #[test]
    fn requests_are_vetted_for_host_method_and_body() {
        assert_eq!(vetted("GET / HTTP/1.1\r\nHost: 127.0.0.1:8080"), Ok(()));
        assert_eq!(vetted("HEAD / HTTP/1.1\r\nhost: localhost"), Ok(()));
        assert_eq!(vetted("GET / HTTP/1.0"), Ok(()), "HTTP/1.0 needs no Host");
        assert_eq!(
            vetted("GET / HTTP/1.1"),
            Err((400, String::new())),
            "HTTP/1.1 does"
        );
        assert_eq!(
            vetted("GET / HTTP/1.1\r\nHost: evil.example"),
            Err((403, String::new()))
        );
        assert_eq!(
            vetted("GET / HTTP/1.0\r\nHost: evil.example"),
            Err((403, String::new()))
        );
        assert_eq!(
            vetted("GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example"),
            Err((400, String::new()))
        );
        for method in [
            "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "get",
        ] {
            assert_eq!(
                vetted(&format!("{method} / HTTP/1.1\r\nHost: localhost")),
                Err((405, "GET, HEAD".into())),
                "{method}"
            );
        }
        assert_eq!(
            vetted("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0"),
            Ok(())
        );
        for body in [
            "Content-Length: 99999999999999999999999",
            "Content-Length: 5",
            "Content-Length: -1",
            "Transfer-Encoding: chunked",
        ] {
            assert_eq!(
                vetted(&format!("GET / HTTP/1.1\r\nHost: localhost\r\n{body}")),
                Err((400, String::new())),
                "{body}"
            );
        }
    }

    /// A server on a free port with `limits`, serving a small folder; its port.
    fn start(name: &str, limits: Limits) -> u16 {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let handler = Arc::new(Handler::new(site_named(name), None, "/"));
        std::thread::spawn(move || serve_with(listener, handler, limits));
        port
    }

    /// Send a request and read the response to its end: the status line (empty if none).
    fn get(port: u16, request: &[u8]) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request).unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).to_string();
        text.lines().next().unwrap_or("").to_string()
    }

    /// A client sending one byte of a request head every `every`, until the server closes.
    fn trickler(port: u16, every: Duration) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut w = s.try_clone().unwrap();
        std::thread::spawn(move || {
            for b in b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                .iter()
                .cycle()
            {
                if w.write_all(&[*b]).is_err() {
                    break;
                }
                std::thread::sleep(every);
            }
        });
        s
    }

    /// How long until the server closes `s` (reset or end of stream), and what it said.
    fn until_closed(mut s: TcpStream, within: Duration) -> (Duration, String) {
        let started = Instant::now();
        s.set_read_timeout(Some(within)).unwrap();
        let mut raw = Vec::new();
        let mut buf = [0u8; 1024];
        loop {
            match s.read(&mut buf) {
                Ok(n) if n > 0 => raw.extend_from_slice(&buf[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    panic!("still open after {within:?}")
                }
                _ => break,
            }
        }
        (started.elapsed(), String::from_utf8_lossy(&raw).to_string())
    }

    #[test]
    fn a_trickling_head_is_cut_off_at_its_deadline() {
        let port = start(
            "deadline",
            Limits {
                head_deadline: Duration::from_millis(400),
                ..Limits::default()
            },
        );
        // A byte every 50 ms: each read comes in time, the whole head never does.
        let (took, said) = until_closed(
            trickler(port, Duration::from_millis(50)),
            Duration::from_secs(5),
        );
        assert!(
            took >= Duration::from_millis(300) && took < Duration::from_millis(1500),
            "closed after {took:?}"
        );
        assert!(
            said.is_empty() || said.starts_with("HTTP/1.1 408 "),
            "{said}"
        );
        assert!(
            get(port, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").starts_with("HTTP/1.1 200 ")
        );
    }

    #[test]
    fn slow_clients_give_way_to_a_new_request() {
        let port = start(
            "slowloris",
            Limits {
                connections: 4,
                ..Limits::default()
            },
        );
        let slow: Vec<TcpStream> = (0..6)
            .map(|_| trickler(port, Duration::from_millis(200)))
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        for _ in 0..3 {
            let started = Instant::now();
            let status = get(port, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assert!(status.starts_with("HTTP/1.1 200 "), "{status:?}");
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "{:?}",
                started.elapsed()
            );
        }
        // The oldest slow clients were cut off to make room, long before their deadline.
        for s in slow.into_iter().take(2) {
            let (took, said) = until_closed(s, Duration::from_secs(2));
            assert!(said.is_empty(), "{said}");
            assert!(took < Duration::from_secs(2));
        }
    }

    #[test]
    fn oversized_heads_are_refused() {
        let port = start("oversized", Limits::default());
        let mut big = b"GET / HTTP/1.1\r\nHost: localhost\r\nX: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', MAX_HEAD));
        big.extend_from_slice(b"\r\n\r\n");
        assert!(get(port, &big).starts_with("HTTP/1.1 431 "));
        let long_path = format!(
            "GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "a/".repeat(MAX_HEAD)
        );
        assert!(get(port, long_path.as_bytes()).starts_with("HTTP/1.1 431 "));
        let long_ok = format!(
            "GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "a".repeat(4000)
        );
        assert!(get(port, long_ok.as_bytes()).starts_with("HTTP/1.1 404 "));
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
