//! One rebuild of the served site: load and validate everything (fast, parallel), work out
//! which pages the change can affect, render those, regenerate the feeds and other files,
//! and write what changed into the served folder, or nothing at all if anything failed.
//!
//! The search index takes longer than the pages; it is built afterwards on a thread of its
//! own (see `search_files`), so the page a user is looking at reloads first.

use super::incremental::{
    Fingerprints, LastRound, PageReads, TextHashes, changed_records, fingerprints, pages_to_render,
    renumber,
};
use super::served::{Finished, Served};
use crate::cmd::report;
use crate::content::load::{Loaded, load, reread};
use crate::diag::{Diagnostic, Diagnostics, Format, position};
use crate::feeds::pieces::Pieces;
use crate::model::{Kind, Site};
use crate::pipeline::{BuildDate, Laps, NoProgress, Production, Reuse, Sink, validate_loaded};
use crate::plan::{Output, Planned, SitePlan, Stage};
use crate::render::Renderer;
use crate::render::theme::Theme;
use crate::source::Sources;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The last good build: what the next one is compared with.
struct Last {
    site: Arc<Site>,
    fingerprints: Fingerprints,
    plan: Arc<SitePlan>,
    theme: Arc<Theme>,
}

/// The rounds of one `serve`. What it keeps between them: what the pipeline may reuse
/// (`reuse`: files, converted records, Markdown findings, the plan, compiled templates,
/// each with its rule in [`Reuse`]); what the next round is compared with (`last`,
/// `text_hashes`, `page_reads`); and the per-record pieces of feeds (`pieces`), forgotten
/// for the records a round changes (`forget_pieces`).
pub struct Engine {
    root: PathBuf,
    date: Option<NaiveDate>,
    quiet: bool,
    served: Served,
    last: Option<Last>,
    /// Warnings shown last time: shown again only when they change.
    warnings_shown: String,
    /// Per-record parts of feeds and data files, kept from the last good round.
    pieces: Pieces,
    /// What the pipeline may reuse from the last round.
    reuse: Reuse,
    /// What the last round read, and what reading it found (missing index files, bad
    /// names), for a round that re-reads only the files a watcher says changed.
    last_read: Option<Loaded>,
    read_diags: Vec<Diagnostic>,
    /// Hashes of the source texts, kept with the texts.
    text_hashes: TextHashes,
    /// What each page showed when it was last rendered.
    page_reads: PageReads,
}

/// A good rebuild.
pub struct Rebuilt {
    /// Every page was rendered.
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

/// Errors listed in the browser at most: the list goes into every page served.
const LISTED: usize = 100;

/// Diagnostics as plain lines, `file:line:col: error[code]: message`, for the browser.
pub fn plain_text(diags: &[Diagnostic], sources: Option<&Sources>) -> String {
    let mut out = String::new();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    for d in diags.iter().filter(|d| d.is_error()).take(LISTED) {
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
    if errors > LISTED {
        out.push_str(&format!(
            "... and {} more errors: `showcase check` lists them all\n",
            errors - LISTED
        ));
    }
    out.trim_end().to_string()
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
            warnings_shown: String::new(),
            pieces: Pieces::kept(),
            reuse: Reuse::default(),
            last_read: None,
            read_diags: Vec::new(),
            text_hashes: TextHashes::default(),
            page_reads: PageReads::default(),
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
        let mut laps = Laps::default();
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
        let (site, theme, plan) = match (loadout.site, loadout.theme, loadout.plan) {
            (Some(site), Some(theme), Some(plan)) if !loadout.diags.has_errors() => {
                (site, theme, plan)
            }
            _ => return self.fail(&loadout.diags, Some(sources)),
        };
        laps.mark("load");
        self.show_warnings(&loadout.diags, sources);
        let fp = fingerprints(&loadout.loaded, &site, &theme, &mut self.text_hashes);
        laps.mark("fingerprint");

        let full = self
            .last
            .as_ref()
            .is_none_or(|l| l.fingerprints.global != fp.global);
        let templates = match self.reuse.templates(&theme) {
            Ok(t) => t,
            Err(ds) => return self.fail(&Diagnostics { items: ds }, Some(sources)),
        };
        let renderer = Renderer::with_templates(&site, &plan.facets, &theme, templates);
        let site_files_changed = self
            .last
            .as_ref()
            .is_none_or(|l| l.fingerprints.site_files != fp.site_files);
        // The pages the change affects, the site-wide files if what they follow from
        // changed, and the records' files (unchanged ones are not copied again).
        let last = self.last.as_ref().map(|l| LastRound {
            site: &l.site,
            fingerprints: &l.fingerprints,
            reads: &self.page_reads,
        });
        let mut chosen = pages_to_render(&plan, &renderer, last, &fp);
        self.forget_pieces(&site, &fp, full, &chosen);
        let rendered = chosen.len();
        chosen.extend(plan.outputs.iter().filter(|p| match p.output.stage() {
            Stage::SiteFiles => site_files_changed,
            Stage::RecordFiles => true,
            _ => false,
        }));
        laps.mark("plan");
        let round = match self.served.round() {
            Ok(r) => r,
            Err(e) => return self.fail(&io_error(e), Some(sources)),
        };
        let production =
            Production::new(&site, &theme, &plan, Some(&renderer), &self.pieces).noting_reads();
        if let Err(items) = production.produce(&chosen, &round, &NoProgress) {
            round.abandon();
            return self.fail(&Diagnostics { items }, Some(sources));
        }
        laps.mark("render and files");

        // What is not made this round stays if the plan still has it: feeds and data files
        // come after the pages (`write_feeds`), the search files after them. When the plan
        // lists the same files as last time (most edits), everything else stays.
        let same_files = self.last.as_ref().is_some_and(|l| {
            Arc::ptr_eq(&l.plan, &plan)
                || l.plan.outputs.len() == plan.outputs.len()
                    && l.plan
                        .outputs
                        .iter()
                        .zip(&plan.outputs)
                        .all(|(a, b)| a.path == b.path)
        });
        let planned: HashSet<&str> = if same_files {
            HashSet::new()
        } else {
            plan.outputs.iter().map(|p| p.path.as_str()).collect()
        };
        let folders: Vec<&str> = plan
            .outputs
            .iter()
            .filter(|p| p.is_folder())
            .map(|p| p.path.as_str())
            .collect();
        let keep =
            |p: &str| same_files || planned.contains(p) || folders.iter().any(|f| p.starts_with(f));
        let finished: Finished = round.finish();
        let touched = match self.served.commit(finished, &keep) {
            Ok(t) => t,
            Err(e) => return self.fail(&io_error(e), Some(sources)),
        };
        laps.mark("write");
        let pages_changed = touched.iter().filter(|p| p.ends_with(".html")).count();
        if !same_files {
            self.page_reads
                .retain(|path, _| planned.contains(path.as_str()));
        }
        // Kept notes give records by position in the last round's site; this round's
        // become the last.
        if let Some(last) = &self.last {
            renumber(&mut self.page_reads, &last.site, &site);
        }
        self.page_reads.extend(production.take_reads());
        let total = plan.page_count();
        drop(production);
        drop((chosen, renderer, planned, folders));
        let site = Arc::new(site);
        let theme = Arc::new(theme);
        let old = self.last.replace(Last {
            site: site.clone(),
            fingerprints: fp,
            plan,
            theme: theme.clone(),
        });
        drop_later((old, loadout.loaded, loadout.diags));
        Outcome::Rebuilt(Rebuilt {
            full: rendered == total,
            rendered,
            total,
            pages_changed,
            files_changed: touched.len() - pages_changed,
            stages: laps.stages,
            site,
            theme,
        })
    }

    /// Write the feeds, calendars, sitemap and open-data files of the last good round, after
    /// its pages: no page shows them, and on a large site they are most of the bytes a
    /// round writes (`data/clusters.json` alone is 40 MB for 10,000 clusters), so open pages
    /// reload before. Returns how many files changed.
    pub fn write_feeds(&mut self) -> Result<usize, Vec<Diagnostic>> {
        let Some(last) = &self.last else {
            return Ok(0);
        };
        let io = |e: std::io::Error| io_error(e).items;
        let round = self.served.round().map_err(io)?;
        let production = Production::new(&last.site, &last.theme, &last.plan, None, &self.pieces);
        let feeds: Vec<&Planned> = last.plan.stage(Stage::FeedsAndData).collect();
        if let Err(e) = production.produce(&feeds, &round, &NoProgress) {
            round.abandon();
            return Err(e);
        }
        // Files no longer planned went with the pages' round.
        let touched = self.served.commit(round.finish(), &|_| true).map_err(io)?;
        Ok(touched.len())
    }

    /// Forget the kept pieces of feeds and data files that this round's changes touch:
    /// those of every record whose page is re-rendered (the selection follows what a
    /// record's page shows of other records, and a piece shows no more than its page) and
    /// of every record whose files changed. Pieces are kept by position in the site's
    /// lists, so when records come or go, or the selection is everything, all are forgotten.
    fn forget_pieces(&self, site: &Site, fp: &Fingerprints, full: bool, chosen: &[&Planned]) {
        let same_records = self
            .last
            .as_ref()
            .is_some_and(|l| l.fingerprints.records.keys().eq(fp.records.keys()));
        if full || !same_records {
            self.pieces.clear();
            return;
        }
        let last = &self
            .last
            .as_ref()
            .expect("same records implies a last build")
            .fingerprints;
        let mut changed: HashSet<(Kind, usize)> = chosen
            .iter()
            .filter_map(|p| match &p.output {
                Output::Page(job) => job.kind.record(),
                _ => None,
            })
            .collect();
        for (kind, slug) in changed_records(last, fp) {
            if let Some(i) = site.position(kind, slug) {
                changed.insert((kind, i));
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
        // Search files this stage did not write are stale; everything else stays.
        let folders: Vec<String> = self
            .last
            .iter()
            .flat_map(|l| l.plan.stage(Stage::Search))
            .map(|p| p.path.clone())
            .collect();
        let touched = self.served.commit(finished, &|p| {
            !folders.iter().any(|f| p.starts_with(f.as_str()))
        })?;
        self.served.save_manifest()?;
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
