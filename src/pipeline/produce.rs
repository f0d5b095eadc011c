//! Making the planned outputs: one function turns any selection of the site plan into
//! files in a [`Sink`]. `build` gives it the whole plan and a staging folder; `serve` gives
//! it the outputs a change affects and the folder it serves. Neither has a render loop, an
//! error report or an output list of its own.

use crate::diag::Diagnostic;
use crate::feeds::{self, pieces::Pieces};
use crate::model::Site;
use crate::output::Staging;
use crate::plan::{Output, Planned, SitePlan, Stage};
use crate::render::Renderer;
use crate::render::lang::Lang;
use crate::render::reads::Seen;
use crate::render::theme::Theme;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// Where outputs go: `build`'s staging folder, or the folder `serve` serves (which writes
/// only what changed).
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

/// Reports how far a long run has got (a progress bar in a terminal).
pub trait Progress: Sync {
    fn start(&self, _what: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

pub struct NoProgress;
impl Progress for NoProgress {}

/// Everything outputs are made from in one build or `serve` round.
pub struct Production<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub plan: &'a SitePlan,
    /// Needed for pages only (`serve` writes feeds on their own).
    pub renderer: Option<&'a Renderer<'a>>,
    /// Per-record parts of feeds and data files (`serve` keeps them between rounds).
    pub pieces: &'a Pieces,
    fonts: OnceLock<Arc<resvg::usvg::fontdb::Database>>,
    /// What each rendered page showed, by its path, when asked for ([`Self::noting_reads`]).
    reads: Option<Mutex<Vec<(String, Seen)>>>,
    /// Resized pictures, kept between builds in the site's image cache.
    pub images: crate::images::Cache,
}

impl<'a> Production<'a> {
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        plan: &'a SitePlan,
        renderer: Option<&'a Renderer<'a>>,
        pieces: &'a Pieces,
    ) -> Self {
        Production {
            site,
            theme,
            plan,
            renderer,
            pieces,
            fonts: OnceLock::new(),
            reads: None,
            images: crate::images::Cache::new(site.config.image_cache.clone()),
        }
    }

    /// Keep what each page showed (`serve` compares it with the next change).
    pub fn noting_reads(mut self) -> Self {
        self.reads = Some(Mutex::new(Vec::new()));
        self
    }

    /// What each page rendered so far showed, by path.
    pub fn take_reads(&self) -> Vec<(String, Seen)> {
        self.reads
            .as_ref()
            .map(|r| std::mem::take(&mut *r.lock().unwrap_or_else(|e| e.into_inner())))
            .unwrap_or_default()
    }

    /// The UI strings of `lang`, for the words feeds and calendars write (kinds' labels,
    /// "Deadline").
    fn strings(&self, lang: &str) -> BTreeMap<String, String> {
        crate::render::theme::strings_for(self.theme, lang)
    }

    /// Make one output and put it in `sink`.
    fn make(&self, planned: &Planned, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let (site, pieces) = (self.site, self.pieces);
        let bytes = match &planned.output {
            Output::Page(job) => {
                let renderer = self.renderer.expect("pages are made with a renderer");
                let page = renderer.render(job)?;
                if let Some(reads) = &self.reads {
                    let mut reads = reads.lock().unwrap_or_else(|e| e.into_inner());
                    reads.push((planned.path.clone(), page.seen));
                }
                page.html
            }
            Output::ThemeFile => self.theme.statics[&planned.path].clone(),
            // An SVG is published as the sanitiser re-serialised it, never as it came: the
            // file may have changed since `check`, and what the allowlist drops (metadata,
            // unknown attributes) is not published either.
            Output::RecordFile { source } if is_svg(&planned.path) => {
                let bytes = std::fs::read(source).map_err(|e| {
                    Diagnostic::error("E017", format!("cannot read {}: {e}", source.display()))
                })?;
                crate::svg::publish(&bytes)
                    .map_err(|r| {
                        Diagnostic::error(r.code, format!("SVG {} {}", source.display(), r.message))
                            .at_path(planned.path.clone())
                            .hint(r.hint)
                    })?
                    .into_bytes()
            }
            Output::RecordFile { source } => {
                return sink
                    .copy(&planned.path, source)
                    .map_err(|e| write_error(&planned.path, e));
            }
            Output::ImageVariant {
                source,
                width,
                format,
            } => {
                let made = self.images.variant(source, *width, *format).map_err(|e| {
                    Diagnostic::error(
                        "E017",
                        format!(
                            "cannot resize {} for {}: {e}",
                            source.display(),
                            planned.path
                        ),
                    )
                })?;
                return sink
                    .copy(&planned.path, &made)
                    .map_err(|e| write_error(&planned.path, e));
            }
            Output::PressKit => {
                crate::presskit::zip(site).map_err(|e| write_error(&planned.path, e))?
            }
            Output::SocialCard { lang } => {
                let fonts = self.fonts.get_or_init(feeds::social::fonts);
                feeds::social::png(site, lang, fonts).map_err(|e| {
                    Diagnostic::error("E017", format!("cannot draw {}: {e}", planned.path))
                })?
            }
            Output::Robots => feeds::sitemap::robots(site),
            Output::MapBase => crate::geo::MapLayout::of(site)
                .map(|m| m.base_svg().into_bytes())
                .unwrap_or_default(),
            Output::Sitemap => feeds::sitemap::sitemap(site, self.plan, pieces),
            Output::SitemapPart(n) => feeds::sitemap::part(site, self.plan, pieces, *n),
            Output::ClustersJson => feeds::data::clusters_json(site, pieces),
            Output::ClustersCsv => feeds::data::clusters_csv(site, pieces),
            Output::ClustersSchema => feeds::data::clusters_schema(),
            Output::EventsJson => feeds::data::events_json(site, pieces),
            Output::OrganisationsJson => feeds::actors_data::organisations_json(site, pieces),
            Output::OrganisationsCsv => feeds::actors_data::organisations_csv(site, pieces),
            Output::OrganisationsSchema => feeds::actors_data::organisations_schema(),
            Output::CallsJson => feeds::actors_data::calls_json(site, pieces),
            Output::CallsSchema => feeds::actors_data::calls_schema(),
            Output::FiguresJson => feeds::figures::figures_json(site),
            Output::FiguresSchema => feeds::figures::figures_schema(),
            Output::Atom { lang } => {
                let strings = self.strings(lang);
                feeds::atom::feed(site, &Lang::new(lang, &strings, site), pieces)
            }
            Output::CallsAtom { lang } => {
                let strings = self.strings(lang);
                feeds::atom::calls_feed(site, &Lang::new(lang, &strings, site))
            }
            Output::Calendar { lang } => {
                let strings = self.strings(lang);
                feeds::ical::all_events(site, &Lang::new(lang, &strings, site), pieces)
            }
            Output::EventCalendar { lang, event } => {
                let strings = self.strings(lang);
                feeds::ical::one_event(site, *event, &Lang::new(lang, &strings, site), pieces)
            }
            Output::CallCalendar { lang, call } => {
                let strings = self.strings(lang);
                feeds::ical::one_call(site, *call, &Lang::new(lang, &strings, site), pieces)
            }
            Output::Headers => crate::deploy::headers(site),
            Output::Redirects => {
                let aliases: Vec<(String, crate::deploy::AliasPage)> = self
                    .plan
                    .outputs
                    .iter()
                    .filter_map(|p| match &p.output {
                        Output::Alias(a) => Some((p.path.clone(), a.clone())),
                        _ => None,
                    })
                    .collect();
                crate::deploy::redirects(site, &aliases)
            }
            Output::Alias(a) => crate::deploy::alias_page(site, self.theme, a),
            // The search stage writes these itself (`search::build`): the file names come
            // from the index it builds.
            Output::SearchFiles { .. } => return Ok(()),
        };
        sink.write(&planned.path, &bytes)
            .map_err(|e| write_error(&planned.path, e))
    }

    /// Make `outputs` (in parallel) into `sink`. Every failure is reported, each message
    /// once: one broken template fails every page alike.
    pub fn produce(
        &self,
        outputs: &[&Planned],
        sink: &dyn Sink,
        progress: &dyn Progress,
    ) -> Result<(), Vec<Diagnostic>> {
        let pages = outputs
            .iter()
            .filter(|p| p.output.stage() == Stage::Pages)
            .count();
        progress.start("Rendering pages", pages as u64);
        let errors: Vec<Diagnostic> = outputs
            .par_iter()
            .filter_map(|planned| {
                let made = self.make(planned, sink);
                if planned.output.stage() == Stage::Pages {
                    progress.advance(1);
                }
                made.err()
            })
            .collect();
        progress.finish();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(crate::diag::once_each(errors))
        }
    }
}

fn is_svg(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("svg"))
}

fn write_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("E017", format!("cannot write {path}: {e}"))
}
