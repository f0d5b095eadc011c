//! One rebuild of the served site: load and validate everything (fast, parallel), work out
//! which pages the change can affect, render those, regenerate the feeds and other files,
//! and write what changed into the served folder, or nothing at all if anything failed.
//!
//! The search index takes longer than the pages; it is built afterwards on a thread of its
//! own (see `search_files`), so the page a user is looking at reloads first.

use super::incremental::{Fingerprints, Selection, TextHashes, affected, fingerprints, select};
use super::served::{Finished, Served};
use crate::cmd::report;
use crate::content::load::{Loaded, load, reread};
use crate::diag::{Diagnostic, Diagnostics, Format, position};
use crate::feeds::pieces::Pieces;
use crate::model::Kind;
use crate::model::Site;
use crate::pipeline::{
    BuildDate, Reuse, Sink, copy_record_assets, validate_loaded, write_feeds_and_data,
    write_site_files,
};
use crate::render::theme::{self, Theme};
use crate::render::{PageJob, Renderer, compile_templates, page_url, plan};
use crate::routes;
use crate::source::Sources;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The last good build: what the next one is compared with.
struct Last {
    site: Arc<Site>,
    fingerprints: Fingerprints,
}

pub struct Engine {
    root: PathBuf,
    date: Option<NaiveDate>,
    quiet: bool,
    served: Served,
    last: Option<Last>,
    /// Files of the search stage now in the folder (page rounds leave them alone).
    search_files: HashSet<String>,
    /// Site-wide files now in the folder (kept by rounds that need not write them again).
    site_files: HashSet<String>,
    /// Feeds, calendars, sitemap and open-data files now in the folder, and the pages of the
    /// last good round they are written for (see `write_feeds`).
    feed_files: HashSet<String>,
    last_jobs: Vec<PageJob>,
    /// Warnings shown last time: shown again only when they change.
    warnings_shown: String,
    /// Per-record parts of feeds and data files, kept from the last good round.
    pieces: Pieces,
    /// Files read and records converted, kept from the last round.
    reuse: Reuse,
    /// What the last round read, and what reading it found (missing index files, bad
    /// names), for a round that re-reads only the files a watcher says changed.
    last_read: Option<Loaded>,
    read_diags: Vec<Diagnostic>,
    /// Hashes of the source texts, kept with the texts.
    text_hashes: TextHashes,
    /// The theme's templates as last compiled, with their source.
    templates: Option<(BTreeMap<String, String>, Arc<tera::Tera>)>,
}

/// A good rebuild.
pub struct Rebuilt {
    pub full: bool,
    /// Pages rendered, of `total` pages.
    pub rendered: usize,
    pub total: usize,
    /// HTML files whose bytes changed (or went away), and other files.
    pub pages_changed: usize,
    pub files_changed: usize,
    /// Time per stage, for `--verbose`.
    pub stages: Vec<(&'static str, Duration)>,
    /// For the search stage.
    pub site: Arc<Site>,
    pub theme: Arc<Theme>,
}

pub enum Outcome {
    Rebuilt(Rebuilt),
    /// Content or template errors (already printed); the text is for the browser.
    Failed(String),
}

/// Diagnostics as plain lines, `file:line:col: error[code]: message`, for the browser.
pub fn plain_text(diags: &[Diagnostic], sources: Option<&Sources>) -> String {
    let mut out = String::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        let (file, line, col) = match sources {
            Some(s) => position(d, s),
            None => (d.path.clone(), 0, 0),
        };
        if let Some(f) = file {
            out.push_str(&f);
            if line > 0 {
                out.push_str(&format!(":{line}:{col}"));
            }
            out.push_str(": ");
        }
        out.push_str(&format!("error[{}]: {}\n", d.code, d.message));
        if let Some(h) = &d.hint {
            out.push_str(&format!("    hint: {h}\n"));
        }
    }
    out.trim_end().to_string()
}

/// Time per stage of a rebuild.
struct Laps {
    at: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Laps {
    fn new() -> Self {
        Laps {
            at: Instant::now(),
            stages: Vec::new(),
        }
    }
    fn mark(&mut self, stage: &'static str) {
        self.stages.push((stage, self.at.elapsed()));
        self.at = Instant::now();
    }
}

fn ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

impl Engine {
    pub fn new(
        root: &Path,
        date: Option<NaiveDate>,
        output: &Path,
        quiet: bool,
    ) -> std::io::Result<Self> {
        Ok(Engine {
            root: root.to_path_buf(),
            date,
            quiet,
            served: Served::open(output)?,
            last: None,
            search_files: HashSet::new(),
            site_files: HashSet::new(),
            feed_files: HashSet::new(),
            last_jobs: Vec::new(),
            warnings_shown: String::new(),
            pieces: Pieces::kept(),
            reuse: Reuse::default(),
            last_read: None,
            read_diags: Vec::new(),
            templates: None,
            text_hashes: TextHashes::default(),
        })
    }

    pub fn output(&self) -> &Path {
        self.served.dir()
    }

    fn fail(&self, diags: &Diagnostics, sources: Option<&Sources>) -> Outcome {
        match sources {
            Some(s) => report(diags, s, Format::Human, self.quiet),
            None => {
                for d in &diags.items {
                    eprintln!("error[{}]: {}", d.code, d.message);
                }
            }
        }
        Outcome::Failed(plain_text(&diags.items, sources))
    }

    /// Read the site: only the `changed` files if the last round's reading can be reused
    /// (see `content::load::reread`), else everything (unchanged files come from the cache).
    fn read(&mut self, changed: Option<&[PathBuf]>) -> anyhow::Result<(Loaded, Diagnostics)> {
        if let (Some(changed), Some(last)) = (changed, &self.last_read)
            && let Some(loaded) = reread(last, changed, &self.reuse.files)
        {
            let diags = Diagnostics {
                items: self.read_diags.clone(),
            };
            self.last_read = Some(loaded.clone());
            return Ok((loaded, diags));
        }
        let mut diags = Diagnostics::default();
        let loaded = load(&self.root, &mut diags, Some(&self.reuse.files))?;
        self.read_diags = diags.items.clone();
        self.last_read = Some(loaded.clone());
        Ok((loaded, diags))
    }

    /// Rebuild from the files on disk now; `changed` names the files that changed since the
    /// last call, if known (a file watcher's report), else everything is looked at.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> Outcome {
        let mut laps = Laps::new();
        let loadout = match self.read(changed) {
            Ok((loaded, diags)) => validate_loaded(
                loaded,
                diags,
                BuildDate::from_env(self.date),
                None,
                Some(&self.reuse),
            ),
            Err(e) => {
                self.last_read = None;
                let d = Diagnostic::error("E021", format!("{e:#}"));
                return self.fail(&Diagnostics { items: vec![d] }, None);
            }
        };
        let Loaded { sources, .. } = &loadout.loaded;
        let site = match loadout.site {
            Some(site) if !loadout.diags.has_errors() => site,
            _ => return self.fail(&loadout.diags, Some(sources)),
        };
        laps.mark("load");
        self.show_warnings(&loadout.diags, sources);
        let theme = match theme::load(&loadout.loaded.root, &site.config.theme) {
            Ok(t) => t,
            Err(d) => return self.fail(&Diagnostics { items: vec![d] }, Some(sources)),
        };
        let fp = fingerprints(&loadout.loaded, &site, &theme, &mut self.text_hashes);
        laps.mark("fingerprint");

        let selection = match &self.last {
            Some(last) => affected(&last.site, &last.fingerprints, &site, &fp),
            None => Selection::All,
        };
        let full = matches!(selection, Selection::All);
        let templates = match &self.templates {
            Some((source, compiled)) if *source == theme.templates => compiled.clone(),
            _ => match compile_templates(&theme) {
                Ok(t) => {
                    self.templates = Some((theme.templates.clone(), t.clone()));
                    t
                }
                Err(ds) => return self.fail(&Diagnostics { items: ds }, Some(sources)),
            },
        };
        let renderer = Renderer::with_templates(&site, &theme, templates);
        let jobs = plan(&site);
        let chosen = select(&site, &jobs, &selection);
        self.forget_pieces(&site, &fp, &selection, &chosen);
        laps.mark("plan");
        let round = match self.served.round() {
            Ok(r) => r,
            Err(e) => return self.fail(&io_error(e), Some(sources)),
        };
        // Pages and the other files at once: each stage has sequential parts the other's
        // threads can fill.
        let site_files_changed = self
            .last
            .as_ref()
            .is_none_or(|l| l.fingerprints.site_files != fp.site_files);
        let site_files = Recorder {
            inner: &round,
            paths: Mutex::new(Vec::new()),
        };
        let (errors, extras) = rayon::join(
            || -> Vec<Diagnostic> {
                chosen
                    .par_iter()
                    .filter_map(|job| match renderer.render(job) {
                        Ok((path, bytes)) => round.write(&path, &bytes).err().map(|e| {
                            Diagnostic::error("E017", format!("cannot write {path}: {e}"))
                        }),
                        Err(d) => Some(d),
                    })
                    .collect()
            },
            || {
                if site_files_changed {
                    write_site_files(&site, &theme, &site_files)?;
                }
                copy_record_assets(&site, &round)
            },
        );
        if !errors.is_empty() {
            round.abandon();
            // One broken template fails every page alike; report each message once.
            let mut seen = HashSet::new();
            let items = errors
                .into_iter()
                .filter(|d| seen.insert(d.message.clone()))
                .take(20)
                .collect();
            return self.fail(&Diagnostics { items }, Some(sources));
        }
        if let Err(e) = extras {
            round.abandon();
            return self.fail(&io_error(e), Some(sources));
        }
        laps.mark("render and files");

        // Pages go away only when records do, or facet memberships change (a term page may
        // lose its last cluster, a directory its last page); otherwise every page not
        // rendered this time stays, and listing them all can be skipped.
        let same_pages = match &selection {
            Selection::Some(a) => {
                !a.all_directory
                    && self
                        .last
                        .as_ref()
                        .is_some_and(|l| l.fingerprints.records.keys().eq(fp.records.keys()))
            }
            Selection::All => false,
        };
        let pages: HashSet<String> = if same_pages {
            HashSet::new()
        } else {
            jobs.iter()
                .map(|j| routes::output_path(&page_url(&site, j)))
                .collect()
        };
        if site_files_changed {
            self.site_files = site_files
                .paths
                .into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .into_iter()
                .collect();
        }
        let finished: Finished = round.finish();
        let search = &self.search_files;
        let kept_site_files = &self.site_files;
        let feeds = &self.feed_files;
        let keep = |p: &str| {
            (same_pages && p.ends_with(".html"))
                || pages.contains(p)
                || search.contains(p)
                || feeds.contains(p)
                || (!site_files_changed && kept_site_files.contains(p))
        };
        let touched = match self.served.commit(finished, &keep) {
            Ok(t) => t,
            Err(e) => return self.fail(&io_error(e), Some(sources)),
        };
        laps.mark("write");
        let pages_changed = touched.iter().filter(|p| p.ends_with(".html")).count();
        let (rendered, total) = (chosen.len(), jobs.len());
        // `chosen` borrows `jobs`, which are kept for `write_feeds`.
        drop(chosen);
        drop(renderer);
        let site = Arc::new(site);
        let old = self.last.replace(Last {
            site: site.clone(),
            fingerprints: fp,
        });
        let old_jobs = std::mem::replace(&mut self.last_jobs, jobs);
        drop_later((old, loadout.loaded, loadout.diags, old_jobs, pages));
        Outcome::Rebuilt(Rebuilt {
            full,
            rendered,
            total,
            pages_changed,
            files_changed: touched.len() - pages_changed,
            stages: laps.stages,
            site,
            theme: Arc::new(theme),
        })
    }

    /// Write the feeds, calendars, sitemap and open-data files of the last good round, after
    /// its pages: no page shows them, and on a large site they are most of the bytes a
    /// round writes (`data/clusters.json` alone is 40 MB for 10,000 clusters), so open pages
    /// reload before. Files of the last round that this one does not make go. Returns how
    /// many files changed.
    pub fn write_feeds(&mut self) -> std::io::Result<usize> {
        let Some(last) = &self.last else {
            return Ok(0);
        };
        let round = self.served.round()?;
        let written = Recorder {
            inner: &round,
            paths: Mutex::new(Vec::new()),
        };
        if let Err(e) = write_feeds_and_data(&last.site, &self.last_jobs, &written, &self.pieces) {
            round.abandon();
            return Err(e);
        }
        let paths = written
            .paths
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let old = std::mem::take(&mut self.feed_files);
        let touched = self.served.commit(round.finish(), &|p| !old.contains(p))?;
        self.feed_files = paths.into_iter().collect();
        Ok(touched.len())
    }

    /// Forget the kept pieces of feeds and data files that this round's changes touch:
    /// those of every record whose page is re-rendered (the selection follows what a
    /// record's page shows of other records, and a piece shows no more than its page) and
    /// of every record whose files changed. Pieces are kept by position in the site's
    /// lists, so when records come or go, or the selection is everything, all are forgotten.
    fn forget_pieces(
        &self,
        site: &Site,
        fp: &Fingerprints,
        selection: &Selection,
        chosen: &[&PageJob],
    ) {
        let same_records = self
            .last
            .as_ref()
            .is_some_and(|l| l.fingerprints.records.keys().eq(fp.records.keys()));
        if matches!(selection, Selection::All) || !same_records {
            self.pieces.clear();
            return;
        }
        let last = &self
            .last
            .as_ref()
            .expect("same records implies a last build")
            .fingerprints;
        let mut changed: HashSet<(Kind, usize)> =
            chosen.iter().filter_map(|j| j.kind.record()).collect();
        for (key, hash) in &fp.records {
            if last.records.get(key) != Some(hash)
                && let Some(i) = site.position(key.0, &key.1)
            {
                changed.insert((key.0, i));
            }
        }
        self.pieces.forget(&|kind, i| changed.contains(&(kind, i)));
    }

    fn show_warnings(&mut self, diags: &Diagnostics, sources: &Sources) {
        let text: String = diags
            .items
            .iter()
            .map(|d| format!("{}{:?}{:?}\n", d.message, d.loc, d.path))
            .collect();
        if text != self.warnings_shown {
            if !diags.items.is_empty() && !self.quiet {
                report(diags, sources, Format::Human, self.quiet);
            }
            self.warnings_shown = text;
        }
    }

    /// Bring the served folder's manifest up to date (after pages were told to reload: it
    /// takes a while on a large site, and nobody waits for it).
    pub fn save_manifest(&mut self) -> std::io::Result<()> {
        self.served.save_manifest()
    }

    /// Put a finished search stage's files in place; old search files go. Returns how many
    /// files changed.
    pub fn apply_search(&mut self, files: Vec<(String, Vec<u8>)>) -> std::io::Result<usize> {
        let round = self.served.round()?;
        for (path, bytes) in &files {
            if let Err(e) = round.write(path, bytes) {
                round.abandon();
                return Err(e);
            }
        }
        let finished = round.finish();
        let old = std::mem::take(&mut self.search_files);
        let touched = self.served.commit(finished, &|p| !old.contains(p))?;
        self.served.save_manifest()?;
        self.search_files = files.into_iter().map(|(p, _)| p).collect();
        Ok(touched.len())
    }
}

/// Free a programme's worth of memory (the previous model, all source texts) on a thread of
/// its own: on a large site that takes long enough to delay the reload.
pub fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("showcase-free".into())
        .spawn(move || drop(value));
    // If no thread can start, the value came back with the error and is dropped here.
    drop(spawned);
}

/// Passes writes on, noting their paths.
struct Recorder<'a> {
    inner: &'a dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl Sink for Recorder<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        self.inner.write(rel, bytes)
    }
    fn copy(&self, rel: &str, source: &Path) -> std::io::Result<()> {
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        self.inner.copy(rel, source)
    }
}

fn io_error(e: std::io::Error) -> Diagnostics {
    Diagnostics {
        items: vec![Diagnostic::error(
            "E017",
            format!("cannot write the site: {e}"),
        )],
    }
}

/// Build the search index of `site` in `dir` (emptied first) and return the files the
/// browser searches; runs on its own thread.
pub fn search_files(
    site: &Site,
    theme: &Theme,
    dir: &Path,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    crate::search::build(site, theme, dir)
}

/// "load 12 ms, render 30 ms, ..." for `--verbose`.
pub fn describe_stages(stages: &[(&'static str, Duration)]) -> String {
    stages
        .iter()
        .map(|(n, d)| format!("{n} {}", ms(*d)))
        .collect::<Vec<_>>()
        .join(", ")
}
