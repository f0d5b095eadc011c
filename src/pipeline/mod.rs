//! The pipeline from `content/` to `public/`, stage by stage:
//! load (I/O) -> assemble + validate (pure, parallel) -> plan (the site map) -> produce
//! (render pages, feeds and files, pure and parallel) -> staging folder -> atomic swap.
//! `check` stops after validation and template compilation; `serve` runs the same stages
//! over the outputs a change affects.

mod build;
mod produce;

pub use build::write_site;
pub use produce::{NoProgress, Production, Progress, Sink};

use crate::assemble::assemble;
use crate::assemble::memo::RecordMemo;
use crate::content::load::{Loaded, ReadCache, load};
pub use crate::dates::BuildDate;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::plan::facets::FacetIndex;
use crate::plan::{SitePlan, plan, plan_with};
use crate::render::theme::{self, Theme};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A site read and validated: the model, the theme it is built with and its site map, each
/// there unless an error stopped it (then `diags` says why).
pub struct Loadout {
    pub loaded: Loaded,
    pub site: Option<Site>,
    pub theme: Option<Theme>,
    pub plan: Option<Arc<SitePlan>>,
    pub diags: Diagnostics,
}

/// What `serve` keeps from one round's reading of the site for the next, each kept while
/// what it follows from is unchanged:
/// - `files`: a file's text, while its size and modification time are;
/// - `records`: a record's converted model, while its files, asset stamps and the shared
///   context (settings, vocabularies, "today", other records' slugs) are;
/// - `markdown`: what a Markdown text holds (unsafe HTML, links), while the text is;
/// - `plan`: the site map, while its [`crate::plan::key`] is;
/// - `templates`: the theme's templates compiled, while their sources are.
///
/// (What a round renders again follows from the pages' notes: `serve::incremental`.)
#[derive(Default)]
pub struct Reuse {
    pub files: ReadCache,
    pub records: RecordMemo,
    pub markdown: crate::validate::FindingsMemo,
    pub plan: std::sync::Mutex<Option<(u64, Arc<SitePlan>)>>,
    pub templates: std::sync::Mutex<Option<(Templates, Arc<tera::Tera>)>>,
}

/// A theme's templates by name, as compiled.
type Templates = std::collections::BTreeMap<String, String>;

impl Reuse {
    /// `theme`'s templates compiled: the last ones if their sources are the same (parsing
    /// them is a good part of a small rebuild).
    pub fn templates(&self, theme: &Theme) -> Result<Arc<tera::Tera>, Vec<Diagnostic>> {
        let mut kept = self.templates.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((sources, compiled)) = &*kept
            && *sources == theme.templates
        {
            return Ok(compiled.clone());
        }
        let compiled = crate::render::compile_templates(theme)?;
        *kept = Some((theme.templates.clone(), compiled.clone()));
        Ok(compiled)
    }

    /// The plan of `site` with `theme`: the last one if its key is the same.
    fn plan(&self, site: &Site, theme: &Theme) -> Arc<SitePlan> {
        let facets = FacetIndex::new(site);
        let key = crate::plan::key(site, theme, &facets);
        let mut kept = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        match &*kept {
            Some((k, plan)) if *k == key => plan.clone(),
            _ => {
                let plan = Arc::new(plan_with(site, theme, facets));
                *kept = Some((key, plan.clone()));
                plan
            }
        }
    }
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
    let mut site = assemble(&loaded, date, &mut diags, reuse.map(|r| &r.records));
    let (mut theme, mut site_plan) = (None, None);
    if let Some(site) = &mut site {
        if let Some(u) = base_url {
            site.config.base_url = if u.ends_with('/') {
                u.to_string()
            } else {
                format!("{u}/")
            };
        }
        match theme::load(&loaded.root, &site.config.theme) {
            Ok(t) => {
                diags.extend(theme::missing_strings(&t, &site.config.languages));
                // At the `languages` setting, where a language is declared.
                let languages_at = loaded.site_toml.and_then(|id| {
                    let at = setting_offset(&loaded.sources.get(id).text, "languages")?;
                    Some(crate::source::Loc::new(id, at..at + "languages".len()))
                });
                for mut d in crate::search::analysis::missing_stemmers(&site.config.languages) {
                    if let Some(loc) = &languages_at {
                        d.path = None;
                        d = d.at(loc.clone());
                    }
                    diags.push(d);
                }
                site_plan = Some(match reuse {
                    Some(r) => r.plan(site, &t),
                    None => Arc::new(plan(site, &t)),
                });
                theme = Some(t);
            }
            Err(mut d) => {
                // A theme that cannot be loaded is the `theme` setting's fault: point at it.
                if d.path.as_deref() == Some("site.toml")
                    && let Some(id) = loaded.site_toml
                {
                    let text = &loaded.sources.get(id).text;
                    if let Some(at) = setting_offset(text, "theme") {
                        d.path = None;
                        d = d.at(crate::source::Loc::new(id, at..at + "theme".len()));
                    }
                }
                diags.push(d)
            }
        }
        crate::validate::check_markdown(
            site,
            site_plan.as_deref(),
            &loaded.sources,
            &mut diags,
            reuse.map(|r| &r.markdown),
        );
    }
    diags.sort(&loaded.sources);
    Loadout {
        loaded,
        site,
        theme,
        plan: site_plan,
        diags,
    }
}

pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub languages: usize,
    pub fallbacks: usize,
    pub elapsed: std::time::Duration,
    /// Time per stage, for `--verbose` and the benchmark.
    pub stages: Vec<(&'static str, std::time::Duration)>,
    /// Picture variants resized by this build, and taken from the image cache.
    pub images: (usize, usize),
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

/// Time per stage, for `--verbose` and the benchmark.
pub struct Laps {
    at: Instant,
    pub stages: Vec<(&'static str, Duration)>,
}

impl Default for Laps {
    fn default() -> Self {
        Laps {
            at: Instant::now(),
            stages: Vec::new(),
        }
    }
}

impl Laps {
    /// The stage that ends now took the time since the last mark.
    pub fn mark(&mut self, stage: &'static str) {
        self.stages.push((stage, self.at.elapsed()));
        self.at = Instant::now();
    }
    /// A stage timed elsewhere (e.g. one run beside another).
    pub fn add(&mut self, stage: &'static str, took: Duration) {
        self.stages.push((stage, took));
    }
}

/// "load 12 ms, render 30 ms, ..." for `--verbose`.
pub fn describe_stages(stages: &[(&'static str, Duration)]) -> String {
    stages
        .iter()
        .map(|(n, d)| format!("{n} {} ms", d.as_millis()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Byte offset of the top-level `key = ...` line of a TOML file, if it has one.
fn setting_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with('[') {
            return None; // top-level keys come before the first table
        }
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}
