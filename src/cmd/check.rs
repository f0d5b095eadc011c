//! `showcase check`: validate without writing: the content, and the templates as `build`
//! would use them (compiled, and one page of each kind rendered in memory).

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK, report};
use crate::cli::SiteArgs;
use crate::diag::Format;
use crate::pipeline::{BuildDate, load_and_validate};
use crate::render::{templates, theme};

pub fn run(args: &SiteArgs, format: Format, coverage: bool, quiet: bool) -> i32 {
    let mut loadout =
        match load_and_validate(&args.root, BuildDate::from_env(args.date), None, None) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e:#}");
                return EXIT_FAILURE;
            }
        };
    let theme = loadout.site.as_ref().map(|site| {
        let theme = theme::load(&loadout.loaded.root, &site.config.theme);
        match &theme {
            // Rendering needs a valid model: with content errors, templates are only compiled.
            Ok(t) if !loadout.diags.has_errors() => loadout.diags.extend(templates::check(site, t)),
            Ok(t) => loadout
                .diags
                .extend(templates::compile_templates(t).err().unwrap_or_default()),
            Err(d) => loadout.diags.push(d.clone()),
        }
        theme
    });
    loadout.diags.sort(&loadout.loaded.sources);
    report(&loadout.diags, &loadout.loaded.sources, format, quiet);
    if coverage && let Some(site) = &loadout.site {
        let theme = theme.and_then(Result::ok);
        print!("{}", crate::coverage::report(site, theme.as_ref()));
    }
    let (errors, warnings) = (loadout.diags.errors(), loadout.diags.warnings());
    if format == Format::Human && !quiet {
        if errors == 0 {
            eprintln!("ok: no errors ({warnings} warning(s))");
        } else {
            eprintln!("error: {errors} error(s), {warnings} warning(s)");
        }
    }
    if errors > 0 { EXIT_CONTENT } else { EXIT_OK }
}
