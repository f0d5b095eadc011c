//! `showcase check`: validate without writing: the content, and the templates as `build`
//! would use them (compiled, and one page of each kind rendered in memory).

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK, count, report};
use crate::cli::SiteArgs;
use crate::diag::Format;
use crate::pipeline::{BuildDate, load_and_validate};
use crate::render::templates;

pub fn run(args: &SiteArgs, format: Format, coverage: bool, quiet: bool) -> i32 {
    let mut loadout =
        match load_and_validate(&args.root, BuildDate::from_env(args.date), None, None) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e:#}");
                return EXIT_FAILURE;
            }
        };
    // The theme was loaded with the site (a theme that cannot be is reported already).
    if let (Some(site), Some(theme)) = (&loadout.site, &loadout.theme) {
        let found = match &loadout.plan {
            Some(plan) if !loadout.diags.has_errors() => templates::check(site, theme, plan),
            // Rendering needs a valid model: with content errors, templates are only compiled.
            _ => templates::compile_templates(theme)
                .err()
                .unwrap_or_default(),
        };
        loadout.diags.extend(found);
    }
    loadout.diags.sort(&loadout.loaded.sources);
    report(&loadout.diags, &loadout.loaded.sources, format, quiet);
    if coverage && let Some(site) = &loadout.site {
        print!("{}", crate::coverage::report(site, loadout.theme.as_ref()));
    }
    let (errors, warnings) = (loadout.diags.errors(), loadout.diags.warnings());
    if format == Format::Human && !quiet {
        if errors == 0 {
            eprintln!("ok: no errors ({})", count(warnings, "warning", "warnings"));
        } else {
            eprintln!(
                "error: {}, {}",
                count(errors, "error", "errors"),
                count(warnings, "warning", "warnings")
            );
        }
    }
    if errors > 0 { EXIT_CONTENT } else { EXIT_OK }
}
