//! The pipeline from `content/` to `public/`, stage by stage:
//! load (I/O) -> assemble + validate (pure, parallel) -> render (pure, parallel) ->
//! staging folder -> atomic swap. `check` stops after validation; `serve` reruns it.

use crate::assemble::assemble;
use crate::assemble::memo::RecordMemo;
use crate::content::load::{Loaded, ReadCache, load};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::{Staging, remove_in_background};
use crate::render::{Renderer, plan, theme};
use crate::{feeds, routes};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What "today" is for the build.
#[derive(Debug, Clone, Copy)]
pub enum BuildDate {
    Fixed(NaiveDate),
    /// Seconds since the epoch (`SOURCE_DATE_EPOCH`), read in the site's time zone.
    Epoch(i64),
    Now,
}

impl BuildDate {
    /// `--date` wins, then `SOURCE_DATE_EPOCH`, then the clock.
    pub fn from_env(date: Option<NaiveDate>) -> Self {
        if let Some(d) = date {
            return BuildDate::Fixed(d);
        }
        match std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            Some(secs) => BuildDate::Epoch(secs),
            None => BuildDate::Now,
        }
    }
    pub fn resolve(self, tz: chrono_tz::Tz) -> NaiveDate {
        let now = match self {
            BuildDate::Fixed(d) => return d,
            BuildDate::Epoch(s) => chrono::DateTime::from_timestamp(s, 0).unwrap_or_default(),
            BuildDate::Now => chrono::Utc::now(),
        };
        now.with_timezone(&tz).date_naive()
    }
}

pub struct Loadout {
    pub loaded: Loaded,
    pub site: Option<Site>,
    pub diags: Diagnostics,
}

/// What `serve` keeps from one round's reading of the site for the next.
#[derive(Default)]
pub struct Reuse {
    pub files: ReadCache,
    pub records: RecordMemo,
    pub markdown: crate::validate::FindingsMemo,
}

/// Read and validate a site. `diags` holds every problem found. With `reuse`, what has not
/// changed since the last call is not read or converted again.
pub fn load_and_validate(
    root: &Path,
    date: BuildDate,
    base_url: Option<&str>,
    reuse: Option<&Reuse>,
) -> anyhow::Result<Loadout> {
    let mut diags = Diagnostics::default();
    let loaded = load(root, &mut diags, reuse.map(|r| &r.files))?;
    Ok(validate_loaded(loaded, diags, date, base_url, reuse))
}

/// Assemble and validate what [`load`] (or `serve`'s re-reading) read; `diags` holds what
/// reading found.
pub fn validate_loaded(
    loaded: Loaded,
    mut diags: Diagnostics,
    date: BuildDate,
    base_url: Option<&str>,
    reuse: Option<&Reuse>,
) -> Loadout {
    // The date depends on the site's zone; read it from site.toml before assembling.
    let tz = loaded
        .site_toml
        .and_then(|id| toml::from_str::<toml::Table>(&loaded.sources.get(id).text).ok())
        .and_then(|t| {
            t.get("time_zone")
                .and_then(|v| v.as_str())
                .and_then(|s| s.parse().ok())
        })
        .unwrap_or(chrono_tz::UTC);
    let mut site = assemble(
        &loaded,
        date.resolve(tz),
        &mut diags,
        reuse.map(|r| &r.records),
    );
    if let Some(site) = &mut site {
        if let Some(u) = base_url {
            site.config.base_url = if u.ends_with('/') {
                u.to_string()
            } else {
                format!("{u}/")
            };
        }
        crate::validate::check_markdown(
            site,
            &loaded.sources,
            &mut diags,
            reuse.map(|r| &r.markdown),
        );
    }
    diags.sort(&loaded.sources);
    Loadout {
        loaded,
        site,
        diags,
    }
}

pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub languages: usize,
    pub fallbacks: usize,
    pub elapsed: std::time::Duration,
    pub output: PathBuf,
    /// Time per stage, for `--verbose` and the benchmark.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

/// Pages shown in a language the record lacks (its text falls back to English).
pub fn fallback_pages(site: &Site) -> usize {
    let langs = &site.config.languages;
    let missing = |has: &dyn Fn(&str) -> bool| langs.iter().filter(|l| !has(l)).count();
    site.clusters
        .iter()
        .map(|c| missing(&|l| c.summary.has(l) && c.body.has(l)))
        .sum::<usize>()
        + site
            .events
            .iter()
            .map(|e| missing(&|l| e.summary.has(l)))
            .sum::<usize>()
        + site
            .news
            .iter()
            .map(|n| missing(&|l| n.summary.has(l)))
            .sum::<usize>()
        + site
            .pages
            .iter()
            .map(|p| missing(&|l| p.body.has(l)))
            .sum::<usize>()
}

pub trait Progress: Sync {
    fn start(&self, _what: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

pub struct NoProgress;
impl Progress for NoProgress {}

/// Render the whole site into a staging folder and swap it in; on any error nothing changes.
pub fn write_site(
    site: &Site,
    root: &Path,
    output: &Path,
    search_index: Option<&Path>,
    progress: &dyn Progress,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let theme = theme::load(root, &site.config.theme).map_err(|d| vec![d])?;
    let renderer = Renderer::new(site, &theme)?;
    let io_err = |e: std::io::Error| {
        vec![Diagnostic::error(
            "E017",
            format!("cannot write the site: {e}"),
        )]
    };
    let staging = Staging::new(output).map_err(io_err)?;
    let index_staging = match search_index {
        Some(dir) => match Staging::fresh(dir) {
            Ok(s) => Some(s),
            Err(e) => {
                staging.abandon();
                return Err(io_err(e));
            }
        },
        None => None,
    };
    let mut stages = Vec::new();
    let mut lap = Instant::now();
    let mut mark = |name: &'static str, stages: &mut Vec<(&'static str, std::time::Duration)>| {
        stages.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let result = (|| {
        let jobs = plan(site);
        // The search index is built beside the pages: both are CPU work with sequential
        // stretches (tantivy's commit, the waits on the file system) the other fills.
        let (pages, search) = rayon::join(
            || {
                progress.start("Rendering pages", jobs.len() as u64);
                let errors: Vec<Diagnostic> = jobs
                    .par_iter()
                    .filter_map(|job| {
                        let r = renderer.render(job).and_then(|(path, bytes)| {
                            staging.write(&path, &bytes).map_err(|e| {
                                Diagnostic::error("E017", format!("cannot write {path}: {e}"))
                            })
                        });
                        progress.advance(1);
                        r.err()
                    })
                    .collect();
                progress.finish();
                let started = Instant::now();
                let extras = write_extras(site, &theme, &jobs, &staging);
                (errors, extras, started.elapsed())
            },
            || {
                let started = Instant::now();
                let files = index_staging
                    .as_ref()
                    .map(|index| crate::search::build(site, &theme, &index.dir))
                    .transpose()
                    .map_err(|e| vec![Diagnostic::error("E024", format!("search index: {e:#}"))]);
                (files, started.elapsed())
            },
        );
        let (errors, extras, extras_time) = pages;
        if !errors.is_empty() {
            // One broken template fails every page alike, with the same diagnostic (at the
            // template's file and line, whatever the page): report each once.
            let mut seen = std::collections::HashSet::new();
            return Err(errors
                .into_iter()
                .filter(|d| {
                    let at = d
                        .file
                        .as_ref()
                        .map(|f| (f.file.rel.clone(), f.span.clone()));
                    seen.insert((d.message.clone(), at, d.path.clone()))
                })
                .take(20)
                .collect());
        }
        extras.map_err(io_err)?;
        mark("pages, assets and feeds", &mut stages);
        stages.push(("  of which assets and feeds", extras_time));
        stages.push(("  beside them: search index", search.1));
        if let Some(files) = search.0? {
            files
                .par_iter()
                .try_for_each(|(p, b)| staging.write(p, b))
                .map_err(io_err)?;
            mark("search files", &mut stages);
        }
        Ok(jobs.len())
    })();
    match result {
        Ok(pages) => {
            let files = staging.files_written();
            let old = staging.commit().map_err(io_err)?;
            mark("swap", &mut stages);
            if let Some(old) = old {
                remove_in_background(old);
            }
            if let Some(index) = index_staging
                && let Some(old) = index.commit().map_err(io_err)?
            {
                remove_in_background(old);
            }
            Ok(BuildReport {
                pages,
                files,
                languages: site.config.languages.len(),
                fallbacks: fallback_pages(site),
                elapsed: started.elapsed(),
                output: output.to_path_buf(),
                stages,
            })
        }
        Err(e) => {
            staging.abandon();
            if let Some(index) = index_staging {
                index.abandon();
            }
            Err(e)
        }
    }
}

/// Where `write_extras` puts files: `build`'s staging folder, or the folder `serve` serves
/// (which writes only what changed).
pub trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;
    fn copy(&self, rel: &str, source: &Path) -> std::io::Result<()>;
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        Staging::write(self, rel, bytes)
    }
    fn copy(&self, rel: &str, source: &Path) -> std::io::Result<()> {
        Staging::copy(self, rel, source)
    }
}

/// Everything besides the pages: static files, record assets, feeds, calendars, sitemap.
pub fn write_extras(
    site: &Site,
    theme: &theme::Theme,
    jobs: &[crate::render::PageJob],
    out: &dyn Sink,
) -> std::io::Result<()> {
    // A new extra goes into one of these two: `serve` calls them separately.
    write_site_files(site, theme, out)?;
    write_record_files(site, jobs, out, &feeds::pieces::Pieces::none())
}

/// The extras that follow only from the settings, the theme and the brand (its records and
/// files): `serve` skips them when none of those changed. Anything that reads other
/// records belongs in [`write_record_files`].
pub fn write_site_files(site: &Site, theme: &theme::Theme, out: &dyn Sink) -> std::io::Result<()> {
    for (path, bytes) in &theme.statics {
        out.write(path, bytes)?;
    }
    out.write("brand/press-kit.zip", &crate::presskit::zip(site)?)?;
    let fonts = feeds::social::fonts();
    site.config.languages.par_iter().try_for_each(|lang| {
        let png = feeds::social::png(site, lang, &fonts).map_err(std::io::Error::other)?;
        out.write(&feeds::social::path(lang), &png)
    })?;
    out.write("robots.txt", &feeds::sitemap::robots(site))?;
    out.write("data/clusters.schema.json", &feeds::data::clusters_schema())
}

/// The extras that follow from the records: their files, sitemap, open data, feeds, calendars.
/// Their per-record parts come from `pieces` (see [`feeds::pieces`]).
pub fn write_record_files(
    site: &Site,
    jobs: &[crate::render::PageJob],
    out: &dyn Sink,
    pieces: &feeds::pieces::Pieces,
) -> std::io::Result<()> {
    copy_record_assets(site, out)?;
    write_feeds_and_data(site, jobs, out, pieces)
}

/// The records' own files (logos, images, documents), which pages show.
pub fn copy_record_assets(site: &Site, out: &dyn Sink) -> std::io::Result<()> {
    let assets: Vec<&crate::model::Asset> = site.assets().collect();
    assets
        .par_iter()
        .try_for_each(|a| out.copy(&a.output, &a.source))
}

/// Sitemap, open data, feeds and calendars: files about the records that no page shows
/// (`serve` writes them after the pages).
pub fn write_feeds_and_data(
    site: &Site,
    jobs: &[crate::render::PageJob],
    out: &dyn Sink,
    pieces: &feeds::pieces::Pieces,
) -> std::io::Result<()> {
    for (path, bytes) in feeds::sitemap::sitemaps(site, jobs, pieces) {
        out.write(&path, &bytes)?;
    }
    out.write(
        "data/clusters.json",
        &feeds::data::clusters_json(site, pieces),
    )?;
    out.write(
        "data/clusters.csv",
        &feeds::data::clusters_csv(site, pieces),
    )?;
    out.write("data/events.json", &feeds::data::events_json(site, pieces))?;
    site.config.languages.par_iter().try_for_each(|lang| {
        out.write(
            routes::atom(lang).trim_start_matches('/'),
            &feeds::atom::feed(site, lang, pieces),
        )?;
        out.write(
            routes::calendar(lang).trim_start_matches('/'),
            &feeds::ical::all_events(site, lang, pieces),
        )?;
        for (i, e) in site.events.iter().enumerate() {
            out.write(
                routes::event_ics(lang, &e.slug).trim_start_matches('/'),
                &feeds::ical::one_event(site, i, lang, pieces),
            )?;
        }
        Ok::<(), std::io::Error>(())
    })?;
    Ok(())
}
