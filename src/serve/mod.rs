//! `showcase serve`: the comms team edits content and sees the result at once.
//!
//! It builds the site into a folder of its own (a temporary one unless `--output` says
//! otherwise; never the site's `public/`), serves it on 127.0.0.1, watches the build's
//! inputs, rebuilds on every save and tells open pages to reload. A content error shows in
//! the terminal and over the page, while the last good site keeps being served.
//!
//! - `engine`: one rebuild, through the same stages as `build`;
//! - `incremental`: which pages a change can affect;
//! - `served`: the served folder, updated file by file, only where bytes changed;
//! - `http`: requests to files, with the live-reload script added to HTML responses;
//! - `reload`: the event stream that reloads pages or shows errors;
//! - `watch`: file-system events, one batch per save.

pub mod engine;
pub mod http;
pub mod incremental;
pub mod reload;
pub mod served;
pub mod watch;

use crate::pipeline::describe_stages;
use engine::{Engine, Outcome, Rebuilt, search_files};
use reload::Hub;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::Instant;

/// Quiet time after a rebuild before the search index is rebuilt (`search`): it takes longer
/// than the pages, and an edit made meanwhile should not have to share the CPU with it; and
/// before feeds, calendars, sitemap and open data are written (`feeds`): long enough for open
/// pages to reload first (writing them competes for the CPU).
#[derive(Clone, Copy, Debug)]
pub struct Pauses {
    pub feeds: std::time::Duration,
    pub search: std::time::Duration,
}

impl Default for Pauses {
    fn default() -> Self {
        Pauses {
            feeds: std::time::Duration::from_millis(300),
            search: std::time::Duration::from_millis(1000),
        }
    }
}

pub struct Options {
    pub root: PathBuf,
    pub date: Option<chrono::NaiveDate>,
    pub port: u16,
    pub open: bool,
    pub output: Option<PathBuf>,
    pub quiet: bool,
    pub verbose: bool,
    pub pauses: Pauses,
}

/// What wakes the main loop.
enum Message {
    Changed(PathBuf),
    /// A search stage finished: its build number and files.
    Search(u64, anyhow::Result<Vec<(String, Vec<u8>)>>),
}

fn serve_dir_name(pid: u32) -> String {
    format!("showcase-serve-{pid}")
}

/// Folders of earlier `serve` runs in the temporary folder whose process is gone (Ctrl+C
/// leaves them behind): removed on a thread of their own.
fn sweep_leftovers() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    let gone: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let pid = name
                .strip_prefix("showcase-serve-")
                .and_then(|rest| rest.split('-').next());
            pid.is_some_and(|pid| {
                pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists()
            })
        })
        .map(|e| e.path())
        .collect();
    if !gone.is_empty() {
        let _ = std::thread::Builder::new()
            .name("showcase-sweep".into())
            .spawn(move || {
                for dir in gone {
                    let _ = std::fs::remove_dir_all(dir);
                }
            });
    }
}

/// Refuse an output folder that would overwrite the site or someone's files (the same
/// rules as `build`'s).
fn check_output(root: &Path, output: &Path) -> Result<PathBuf, String> {
    crate::output::vet_output(root, output, "--output", None)
}

/// "Rebuilt in 23 ms (4 pages changed)": from the end of the save to the reload.
fn print_rebuilt(r: &Rebuilt, since: Instant, first_change: Instant, verbose: bool) {
    let what = if r.pages_changed == 1 {
        "page"
    } else {
        "pages"
    };
    let mut line = format!(
        "Rebuilt in {} ms ({} {what} changed)",
        since.elapsed().as_millis(),
        r.pages_changed
    );
    if verbose {
        line.push_str(&format!(
            "; rendered {} of {} ({}), {} changed; {}; {} ms since the first change was seen",
            r.rendered,
            crate::cmd::count(r.total, "page", "pages"),
            if r.full { "full" } else { "incremental" },
            crate::cmd::count(r.files_changed, "other file", "other files"),
            describe_stages(&r.stages),
            first_change.elapsed().as_millis()
        ));
    }
    eprintln!("{line}");
}

/// Lower the calling thread's CPU priority (and that of the threads it starts). On Linux a
/// thread is a task that `renice` takes by its id; elsewhere, or without `renice`, nothing
/// changes.
fn lower_priority() {
    let task = std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|l| l.file_name().map(|n| n.to_owned()));
    if let Some(task) = task {
        let _ = std::process::Command::new("renice")
            .args(["-n", "19", "-p"])
            .arg(task)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// What the good rounds so far leave to do.
#[derive(Default)]
struct Rounds {
    /// Number of the last good round.
    generation: u64,
    /// Its feeds and data files are still to be written.
    feeds_wanted: bool,
    /// The round whose search index is still to be built.
    search_wanted: Option<u64>,
    last_good: Option<Rebuilt>,
}

impl Rounds {
    /// A round succeeded (and open pages were told to reload).
    fn good(&mut self, r: Rebuilt) {
        self.generation += 1;
        self.feeds_wanted = true;
        self.search_wanted = Some(self.generation);
        if let Some(old) = self.last_good.replace(r) {
            engine::drop_later(old);
        }
    }
}

/// Start the search stage for build `generation` on its own thread.
fn start_search(tx: &Sender<Message>, generation: u64, r: &Rebuilt, dir: &Path) {
    let (tx, site, theme, dir) = (
        tx.clone(),
        r.site.clone(),
        r.theme.clone(),
        dir.to_path_buf(),
    );
    let spawned = std::thread::Builder::new()
        .name("showcase-search".into())
        .spawn(move || {
            // A pool of its own, at low priority: the page rebuilds' work never queues behind
            // the index's, nor waits for the CPU.
            let result = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "showcase-search".into())
                .start_handler(|_| lower_priority())
                .build()
                .map_err(anyhow::Error::from)
                .and_then(|pool| pool.install(|| search_files(&site, &theme, &dir)));
            let _ = tx.send(Message::Search(generation, result));
        });
    if let Err(e) = spawned {
        eprintln!("warning: search index not updated: {e}");
    }
}

/// What a good round leaves for after the reload: feeds and data files, the manifest.
fn finish_round(engine: &mut Engine, verbose: bool) {
    let started = Instant::now();
    match engine.write_feeds() {
        Ok(n) if verbose => eprintln!(
            "Feeds, calendars, sitemap and open data written in {} ms ({} changed)",
            started.elapsed().as_millis(),
            crate::cmd::count(n, "file", "files")
        ),
        Ok(_) => {}
        Err(errors) => {
            for d in errors {
                eprintln!("error: feeds and data files not written: {}", d.message);
            }
        }
    }
    if let Err(e) = engine.save_manifest() {
        eprintln!("warning: {e}");
    }
}

pub fn run(o: &Options) -> i32 {
    use crate::cmd::{EXIT_FAILURE, EXIT_OK};
    let root = match o.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot open site root {}: {e}", o.root.display());
            return EXIT_FAILURE;
        }
    };
    sweep_leftovers();
    let pid = std::process::id();
    let output = match &o.output {
        Some(out) => match check_output(&root, out) {
            Ok(p) => p,
            Err(msg) => {
                eprintln!("error: {msg}");
                return EXIT_FAILURE;
            }
        },
        None => std::env::temp_dir().join(serve_dir_name(pid)),
    };
    let search_dir = std::env::temp_dir().join(format!("{}-search", serve_dir_name(pid)));
    let mut engine = match Engine::new(&root, o.date, &output, o.quiet) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot use {} for the site: {e}", output.display());
            return EXIT_FAILURE;
        }
    };
    let listener = match std::net::TcpListener::bind(("127.0.0.1", o.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", o.port);
            return EXIT_FAILURE;
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(o.port);
    let hub = Arc::new(Hub::default());
    // Served under the path of the site's `base_url`, as in production; set again after each
    // good round (site.toml may change it).
    let handler = Arc::new(http::Handler::new(
        engine.output().to_path_buf(),
        Some(hub.clone()),
        "/",
    ));
    let server = handler.clone();
    let spawned = std::thread::Builder::new()
        .name("showcase-accept".into())
        .spawn(move || http::serve(listener, server));
    if let Err(e) = spawned {
        eprintln!("error: cannot start the server: {e}");
        return EXIT_FAILURE;
    }

    let (tx, rx) = channel::<Message>();
    let mut search_running = false;
    let mut rounds = Rounds::default();

    // Watching starts before the first build: an edit made while it runs (seconds, on a
    // large site) is rebuilt after it, not missed.
    let mut watcher = match watch::SiteWatcher::new(&root, tx.clone(), Message::Changed) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {} for changes: {e}", root.display());
            return EXIT_FAILURE;
        }
    };
    let started = Instant::now();
    match engine.rebuild(None) {
        Outcome::Rebuilt(r) => {
            if !o.quiet {
                eprintln!(
                    "Built {} in {} ms{}",
                    crate::cmd::count(r.total, "page", "pages"),
                    started.elapsed().as_millis(),
                    if o.verbose {
                        format!(" ({})", describe_stages(&r.stages))
                    } else {
                        String::new()
                    }
                );
            }
            handler.set_base(crate::routes::base_path(&r.site.config.base_url));
            hub.reload();
            rounds.good(r);
        }
        Outcome::Failed(text) => {
            eprintln!("error: the site has errors; it is served as soon as they are fixed");
            hub.problems(text);
        }
    }
    let base = rounds
        .last_good
        .as_ref()
        .map_or("/", |r| crate::routes::base_path(&r.site.config.base_url));
    eprintln!(
        "Serving {} at http://127.0.0.1:{port}{base}",
        engine.output().display()
    );
    if o.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(format!("http://127.0.0.1:{port}{base}"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    }

    let mut search_started = Instant::now();
    loop {
        // The search index waits until edits pause, so that it does not slow the next page
        // rebuild down.
        // Feeds and data files likewise wait a moment, so that open pages reload first; an
        // edit meanwhile puts them off until after its round.
        let first = match (search_running, rounds.search_wanted, &rounds.last_good) {
            _ if rounds.feeds_wanted => match rx.recv_timeout(o.pauses.feeds) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    finish_round(&mut engine, o.verbose);
                    rounds.feeds_wanted = false;
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            },
            (false, Some(g), Some(r)) => match rx.recv_timeout(o.pauses.search) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    start_search(&tx, g, r, &search_dir);
                    search_running = true;
                    search_started = Instant::now();
                    rounds.search_wanted = None;
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            },
            _ => match rx.recv() {
                Ok(m) => m,
                Err(_) => break,
            },
        };
        let first_change = Instant::now();
        let mut finished_searches = Vec::new();
        let changed = match first {
            Message::Changed(p) => watch::gather(
                &rx,
                p,
                |m| match m {
                    Message::Changed(p) => Ok(p),
                    other => Err(other),
                },
                |m| finished_searches.push(m),
            ),
            other => {
                finished_searches.push(other);
                Default::default()
            }
        };
        for m in finished_searches {
            if let Message::Search(g, result) = m {
                search_running = false;
                match result {
                    // Only the index of the site being served now is worth writing.
                    Ok(files) if g == rounds.generation => match engine.apply_search(files) {
                        Ok(n) => {
                            if !o.quiet {
                                eprintln!(
                                    "Search index updated in {} ms ({} changed)",
                                    search_started.elapsed().as_millis(),
                                    crate::cmd::count(n, "file", "files")
                                );
                            }
                        }
                        Err(e) => eprintln!("error: search index not updated: {e}"),
                    },
                    Ok(_) => {}
                    Err(e) => eprintln!("error: search index not updated: {e:#}"),
                }
            }
        }
        if changed.is_empty() {
            continue;
        }
        let since = Instant::now();
        if o.verbose {
            let names: Vec<String> = changed
                .iter()
                .take(5)
                .map(|p| crate::source::slash_path(p.strip_prefix(&root).unwrap_or(p)))
                .collect();
            eprintln!(
                "Changed: {}{}",
                names.join(", "),
                if changed.len() > 5 { ", ..." } else { "" }
            );
        }
        if let Err(e) = watcher.watch_folders() {
            eprintln!("warning: {e}");
        }
        let changed: Vec<PathBuf> = changed.into_iter().collect();
        match engine.rebuild(Some(&changed)) {
            Outcome::Rebuilt(r) => {
                handler.set_base(crate::routes::base_path(&r.site.config.base_url));
                hub.reload();
                if !o.quiet {
                    print_rebuilt(&r, since, first_change, o.verbose);
                }
                rounds.good(r);
            }
            Outcome::Failed(text) => {
                eprintln!("error: still serving the last good site");
                hub.problems(text);
            }
        }
    }
    hub.close();
    EXIT_OK
}
