//! A whole build: every output of the plan into a staging folder beside the output, the
//! search index beside the pages, then one swap. On any error nothing changes.

use super::produce::{Production, Progress};
use super::{BuildReport, Laps, fallback_pages};
use crate::diag::Diagnostic;
use crate::feeds::pieces::Pieces;
use crate::model::Site;
use crate::output::{Staging, remove_in_background};
use crate::plan::{Planned, SitePlan, Stage};
use crate::render::Renderer;
use crate::render::theme::Theme;
use std::path::Path;
use std::time::Instant;

fn io_error(e: std::io::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        "E017",
        format!("cannot write the site: {e}"),
    )]
}

/// Build the whole site into `output`; with `search_index`, the tantivy index goes there
/// and the browser's search files into the site.
pub fn write_site(
    site: &Site,
    theme: &Theme,
    plan: &SitePlan,
    output: &Path,
    search_index: Option<&Path>,
    progress: &dyn Progress,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let renderer = Renderer::new(site, &plan.facets, theme)?;
    let staging = Staging::new(output).map_err(io_error)?;
    let index_staging = match search_index.map(Staging::fresh).transpose() {
        Ok(s) => s,
        Err(e) => {
            staging.abandon();
            return Err(io_error(e));
        }
    };
    let mut laps = Laps::default();
    let made = make_all(
        site,
        theme,
        plan,
        &renderer,
        &staging,
        index_staging.as_ref(),
        progress,
        &mut laps,
    );
    match made {
        Ok(images) => {
            let files = staging.files_written();
            // The site, then the search index: each swapped in one atomic step (see
            // `Staging::commit`); a kill between them leaves the new site beside the old index.
            staging
                .commit()
                .map_err(io_error)?
                .into_iter()
                .for_each(remove_in_background);
            if let Some(index) = index_staging {
                index
                    .commit()
                    .map_err(io_error)?
                    .into_iter()
                    .for_each(remove_in_background);
            }
            laps.mark("swap");
            Ok(BuildReport {
                pages: plan.page_count(),
                files,
                languages: site.config.languages.len(),
                fallbacks: fallback_pages(site),
                elapsed: started.elapsed(),
                stages: laps.stages,
                images,
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

/// Every output of `plan` into `staging`, the search index into `index` beside them;
/// returns how many picture variants were resized and how many came from the cache.
#[allow(clippy::too_many_arguments)]
fn make_all(
    site: &Site,
    theme: &Theme,
    plan: &SitePlan,
    renderer: &Renderer,
    staging: &Staging,
    index: Option<&Staging>,
    progress: &dyn Progress,
    laps: &mut Laps,
) -> Result<(usize, usize), Vec<Diagnostic>> {
    let pieces = Pieces::none();
    let production = Production::new(site, theme, plan, Some(renderer), &pieces);
    let outputs: Vec<&Planned> = plan
        .outputs
        .iter()
        .filter(|p| p.output.stage() != Stage::Search)
        .collect();
    // The search index is built beside the pages: both are CPU work with sequential
    // stretches (tantivy's commit, the waits on the file system) the other fills.
    let (made, search) = rayon::join(
        || production.produce(&outputs, staging, progress),
        || {
            let started = Instant::now();
            // Each language's files are written as soon as they are made, not held.
            let written = index
                .map(|index| {
                    crate::search::build_into(site, theme, &index.dir, &mut |p, b| {
                        staging.write(&p, &b)
                    })
                })
                .transpose()
                .map_err(|e| vec![Diagnostic::error("E024", format!("search index: {e:#}"))]);
            (written, started.elapsed())
        },
    );
    made?;
    let (resized, cached) = production.images.counts();
    laps.mark("outputs");

    laps.add("  beside them: search index and its files", search.1);
    search.0?;
    Ok((resized, cached))
}
