//! `showcase build`

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK, report};
use crate::cli::SiteArgs;
use crate::diag::{Diagnostics, Format};
use crate::output;
use crate::pipeline::{BuildDate, Progress, load_and_validate, write_site};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn start(&self, what: &str, total: u64) {
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.set_message(what.to_string());
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

pub struct Options {
    pub site: SiteArgs,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Write the search index (`--no-search` leaves it out).
    pub search: bool,
    pub quiet: bool,
    pub verbose: bool,
}

/// Build, report, and return the exit code, the output folder and, when it was built, the
/// path the site is served under (`routes::base_path` of its `base_url`).
pub fn run(o: &Options) -> (i32, PathBuf, Option<String>) {
    let started = std::time::Instant::now();
    let output = o
        .output
        .clone()
        .unwrap_or_else(|| o.site.root.join("public"));
    let (target, index) = match vet_outputs(o, &output) {
        Ok(t) => t,
        Err(msg) => {
            eprintln!("error: {msg}; nothing was written");
            return (EXIT_FAILURE, output, None);
        }
    };
    if index.is_none() {
        // What killed builds left beside the index goes even when this one writes none.
        output::sweep_stale(&o.site.root.join("search-index"));
    }
    let loadout = match load_and_validate(
        &o.site.root,
        BuildDate::from_env(o.site.date),
        o.base_url.as_deref(),
        None,
    ) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e:#}");
            return (EXIT_FAILURE, output, None);
        }
    };
    if o.verbose {
        eprintln!(
            "  load and validate: {:.3} s",
            started.elapsed().as_secs_f64()
        );
    }
    let sources = &loadout.loaded.sources;
    let (Some(site), Some(theme), Some(plan), false) = (
        &loadout.site,
        &loadout.theme,
        &loadout.plan,
        loadout.diags.has_errors(),
    ) else {
        report(&loadout.diags, sources, o.format, o.quiet);
        if o.format == Format::Human {
            eprintln!(
                "error: build failed with {}; {} was not changed",
                super::count(loadout.diags.errors(), "error", "errors"),
                output.display()
            );
        }
        return (EXIT_CONTENT, output, None);
    };
    // Only warnings here (errors stopped the build above): one line each; `check` has
    // details. For tools, they go out with the build's own findings, in one report.
    if !loadout.diags.items.is_empty() && !o.quiet && o.format == Format::Human {
        let _ = crate::diag::emit_short(&loadout.diags, sources, &mut std::io::stderr().lock());
    }
    let mut warnings = if o.format == Format::Human {
        Vec::new()
    } else {
        loadout.diags.items.clone()
    };
    let bar = if std::io::stderr().is_terminal() && !o.quiet && o.format == Format::Human {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{msg:18} [{bar:30}] {pos}/{len} ({eta})")
                .expect("valid template")
                .progress_chars("=> "),
        );
        Some(Bar(b))
    } else {
        None
    };
    let progress: &dyn Progress = match &bar {
        Some(b) => b,
        None => &crate::pipeline::NoProgress,
    };
    match write_site(site, theme, plan, &target, index.as_deref(), progress) {
        Ok(r) => {
            if o.verbose {
                for (stage, d) in &r.stages {
                    eprintln!("  {stage}: {:.3} s", d.as_secs_f64());
                }
                eprintln!(
                    "  images: {} resized, {} from cache",
                    r.images.0, r.images.1
                );
                eprintln!("  files made: {}", r.files);
            }
            // What the host receives: every file of the output, and their size.
            let m = crate::deploy::measure(&target);
            if !o.quiet && o.format == Format::Human {
                eprintln!(
                    "Built {} in {}, {} with English fallback, in {:.2} s -> {}: {}, {}",
                    super::count(r.pages, "page", "pages"),
                    super::count(r.languages, "language", "languages"),
                    r.fallbacks,
                    r.elapsed.as_secs_f64(),
                    output.display(),
                    super::count(m.files as usize, "file", "files"),
                    crate::deploy::human_size(m.bytes)
                );
            }
            if let Some(host) = site.config.host {
                let redirects = std::fs::read_to_string(target.join("_redirects"))
                    .map(|t| crate::deploy::static_redirects(&t))
                    .unwrap_or(0);
                let found = crate::deploy::host_warnings(host, &m, redirects);
                if o.format == Format::Human && !o.quiet && !found.is_empty() {
                    let found = Diagnostics { items: found };
                    let _ = crate::diag::emit_short(&found, sources, &mut std::io::stderr().lock());
                } else {
                    warnings.extend(found);
                }
            }
            if !warnings.is_empty() {
                report(&Diagnostics { items: warnings }, sources, o.format, o.quiet);
            }
            let base = crate::routes::base_path(&site.config.base_url).to_string();
            (EXIT_OK, output, Some(base))
        }
        Err(errors) => {
            warnings.extend(errors);
            report(&Diagnostics { items: warnings }, sources, o.format, false);
            if o.format == Format::Human {
                eprintln!("error: build failed; {} was not changed", output.display());
            }
            (EXIT_CONTENT, output, None)
        }
    }
}

/// The folders the build will replace, canonical: the output and (unless `--no-search`) the
/// search index; or why one of them is not showcase's to replace. A root that cannot be
/// opened is left to the loading to report.
fn vet_outputs(o: &Options, output: &Path) -> Result<(PathBuf, Option<PathBuf>), String> {
    let Ok(root) = o.site.root.canonicalize() else {
        let index = o.search.then(|| o.site.root.join("search-index"));
        return Ok((output.to_path_buf(), index));
    };
    let what = if o.output.is_some() {
        "--output"
    } else {
        "the output folder"
    };
    let target = output::vet_output(&root, output, what, None)?;
    if !o.search {
        return Ok((target, None));
    }
    let index = root.join("search-index");
    let index_canon = output::vet_output(
        &root,
        &index,
        "the search index folder (or build with --no-search)",
        Some("search-index"),
    )?;
    if index_canon.starts_with(&target) || target.starts_with(&index_canon) {
        return Err(format!(
            "refusing {} as {what}: it and the search index folder {} would lie one inside the other",
            output.display(),
            index.display()
        ));
    }
    Ok((target, Some(index_canon)))
}

/// `build --serve`: serve the finished site as it is (no watching, no live reload), so the
/// README's first command ends with something to open. The server is `serve`'s.
pub fn serve_static(root: &std::path::Path, port: u16, base: &str) -> i32 {
    use crate::serve::http;
    let root = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot open {}: {e}", root.display());
            return EXIT_FAILURE;
        }
    };
    let listener = match std::net::TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return EXIT_FAILURE;
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    eprintln!(
        "Serving {} at http://127.0.0.1:{port}{base} (Ctrl+C to stop)",
        root.display()
    );
    http::serve(
        listener,
        std::sync::Arc::new(http::Handler::new(root, None, base)),
    );
    EXIT_OK
}
