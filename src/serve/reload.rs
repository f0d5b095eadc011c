//! Telling open pages what happened: reload after a good rebuild, or show the content
//! errors over the page (which keeps showing the last good site) after a bad one.
//!
//! Pages listen on Server-Sent Events: a plain HTTP response that stays open, which
//! `EventSource` reconnects by itself, and which needs no library on either side. The
//! script that listens is served from `/__showcase/` and referenced only in responses of
//! `serve` (see `http`), never written into the site, so `build` output never contains it.

use crate::render::templates::escape_html;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The live-reload script, served at [`SCRIPT_PATH`].
pub const SCRIPT: &str = include_str!("live-reload.js");
pub const SCRIPT_PATH: &str = "/__showcase/live-reload.js";
pub const EVENTS_PATH: &str = "/__showcase/events";

/// Open event streams are one thread each; beyond this many, new ones are turned away.
pub const MAX_CLIENTS: usize = 32;
/// A comment line this often finds streams whose page has gone.
const KEEPALIVE: Duration = Duration::from_secs(15);

#[derive(Default)]
struct State {
    /// Counts good rebuilds; a page knows the one it was served from.
    generation: u64,
    /// Diagnostics of the last rebuild, if it failed.
    problems: Option<String>,
    /// Bumped on every change of the above.
    version: u64,
    closed: bool,
}

/// Rebuild results, broadcast to every open page.
#[derive(Default)]
pub struct Hub {
    state: Mutex<State>,
    changed: Condvar,
    clients: AtomicUsize,
}

/// Holds one of the [`MAX_CLIENTS`] places while a stream is open.
pub struct Place(Arc<Hub>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.clients.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Place {
    /// Write events to one page until it goes away; see [`Hub::stream`].
    pub fn stream(&self, out: &mut dyn Write) -> io::Result<()> {
        self.0.stream(out)
    }
}

impl Hub {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn update(&self, f: impl FnOnce(&mut State)) {
        let mut s = self.state();
        f(&mut s);
        s.version += 1;
        self.changed.notify_all();
    }

    /// A good rebuild: pages reload (and any error overlay goes with them).
    pub fn reload(&self) {
        self.update(|s| {
            s.generation += 1;
            s.problems = None;
        });
    }

    /// A failed rebuild: pages show `text` and stay as they are.
    pub fn problems(&self, text: String) {
        self.update(|s| s.problems = Some(text));
    }

    /// End every stream (the server is stopping).
    pub fn close(&self) {
        self.update(|s| s.closed = true);
    }

    /// What goes before `</body>` of every page served: the live-reload script and, while
    /// the content has errors, the list of them. In the page itself, the list shows on a
    /// page opened after the failed rebuild before its event stream connects, and without
    /// the script at all.
    pub fn page_tags(&self) -> String {
        let s = self.state();
        let mut tags = match &s.problems {
            Some(p) => overlay(p, s.generation > 0),
            None => String::new(),
        };
        tags.push_str(&super::http::script_tag(s.generation));
        tags
    }

    /// Take a place for a new stream, if one is free.
    pub fn admit(hub: &Arc<Hub>) -> Option<Place> {
        let n = hub.clients.fetch_add(1, Ordering::SeqCst);
        let place = Place(hub.clone());
        (n < MAX_CLIENTS).then_some(place)
    }

    /// Write events to one page until it goes away. `out` is the raw connection; the
    /// response head is written here too.
    fn stream(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
Connection: close\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 1000\n\n",
        )?;
        let (mut seen, mut generation) = {
            let s = self.state();
            out.write_all(event("hello", &s.generation.to_string()).as_bytes())?;
            if let Some(p) = &s.problems {
                out.write_all(event("problems", p).as_bytes())?;
            }
            (s.version, s.generation)
        };
        out.flush()?;
        loop {
            let message = {
                let s = self.state();
                let (s, _) = self
                    .changed
                    .wait_timeout_while(s, KEEPALIVE, |s| s.version == seen && !s.closed)
                    .unwrap_or_else(|e| e.into_inner());
                if s.closed {
                    return Ok(());
                }
                let m = if s.version == seen {
                    ": keep-alive\n\n".to_string()
                } else if s.generation != generation {
                    event("reload", &s.generation.to_string())
                } else {
                    match &s.problems {
                        Some(p) => event("problems", p),
                        None => event("clear", ""),
                    }
                };
                seen = s.version;
                generation = s.generation;
                m
            };
            out.write_all(message.as_bytes())?;
            out.flush()?;
        }
    }
}

/// The box listing the errors over the page, as `live-reload.js` makes it: `problems` is
/// one `file:line:column: error[code]: message` line per error, with its hint under it.
/// `served` says whether a good build exists (the page shows it) or not (no site yet).
pub fn overlay(problems: &str, served: bool) -> String {
    let title = if served {
        "The content has errors. This page shows the last good version of the site."
    } else {
        "The site has errors and is not built yet. It is served as soon as they are fixed."
    };
    format!(
        "<div id=\"showcase-problems\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;\
z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#1a1f2b;\
color:#fff;border-top:6px solid #e5484d;box-shadow:0 -4px 24px rgba(0,0,0,.35);\
font:15px/1.5 system-ui,sans-serif;text-align:left\">\
<div style=\"display:flex;gap:1rem;align-items:center;justify-content:space-between\">\
<strong>{title}</strong><button type=\"button\" hidden style=\"min-width:44px;min-height:32px;\
padding:.25rem .75rem;font:inherit;cursor:pointer;color:#1a1f2b;background:#fff;border:2px solid #fff;\
border-radius:4px\">Dismiss</button></div><pre style=\"margin:.75rem 0 0;white-space:pre-wrap;\
word-break:break-word;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#fff;\
background:none\">{}</pre></div>\n",
        escape_html(problems)
    )
}

/// One Server-Sent Event; every line of `data` becomes a `data:` line.
pub fn event(name: &str, data: &str) -> String {
    let mut s = format!("event: {name}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line.trim_end_matches('\r'));
        s.push('\n');
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_data_is_one_event() {
        assert_eq!(
            event("problems", "a.md:1:2 x\nb.md:3:4 y"),
            "event: problems\ndata: a.md:1:2 x\ndata: b.md:3:4 y\n\n"
        );
        assert_eq!(event("clear", ""), "event: clear\ndata: \n\n");
    }

    #[test]
    fn pages_carry_the_errors_escaped_until_a_good_rebuild() {
        let hub = Hub::default();
        assert!(!hub.page_tags().contains("showcase-problems"));
        hub.problems("content/a.md:3:9: error[E003]: `name`: <b>x</b> & \"y\"".into());
        let tags = hub.page_tags();
        assert!(tags.contains("role=\"alert\""), "{tags}");
        assert!(
            tags.contains("not built yet"),
            "no good build so far: {tags}"
        );
        assert!(
            tags.contains(
                "content/a.md:3:9: error[E003]: `name`: &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;"
            ),
            "{tags}"
        );
        assert!(!tags.contains("<b>"));
        assert!(
            tags.ends_with("data-generation=\"0\" async></script>"),
            "{tags}"
        );
        hub.reload();
        hub.problems("content/a.md:1:1: error[E002]: unknown field `x`".into());
        assert!(hub.page_tags().contains("last good version"));
        hub.reload();
        assert!(
            !hub.page_tags().contains("showcase-problems"),
            "gone once fixed"
        );
    }

    #[test]
    fn places_are_bounded() {
        let hub = Arc::new(Hub::default());
        let places: Vec<_> = (0..MAX_CLIENTS)
            .map(|_| Hub::admit(&hub).expect("free place"))
            .collect();
        assert!(Hub::admit(&hub).is_none(), "one too many");
        drop(places);
        assert!(Hub::admit(&hub).is_some(), "places come back");
    }

    #[test]
    fn a_stream_hears_reloads_and_problems() {
        let hub = Arc::new(Hub::default());
        hub.problems("site.toml:1:1 error".into());
        let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
        struct Pipe(std::sync::mpsc::Sender<Vec<u8>>);
        impl Write for Pipe {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0
                    .send(b.to_vec())
                    .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let place = Hub::admit(&hub).expect("place");
        let t = std::thread::spawn(move || place.stream(&mut Pipe(tx)));
        let mut got = String::new();
        let read_until = |got: &mut String, needle: &str| {
            while !got.contains(needle) {
                let chunk = rx
                    .recv_timeout(Duration::from_secs(5))
                    .expect("event in time");
                got.push_str(&String::from_utf8_lossy(&chunk));
            }
        };
        read_until(&mut got, "data: site.toml:1:1 error");
        assert!(got.contains("event: hello\ndata: 0\n"));
        hub.reload();
        read_until(&mut got, "event: reload\ndata: 1\n");
        hub.close();
        t.join().unwrap().unwrap();
    }
}
