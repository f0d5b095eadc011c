//! `showcase check`: validate without writing.

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK, report};
use crate::cli::SiteArgs;
use crate::diag::Format;
use crate::pipeline::{BuildDate, load_and_validate};

pub fn run(args: &SiteArgs, coverage: bool, quiet: bool) -> i32 {
    let loadout = match load_and_validate(&args.root, BuildDate::from_env(args.date), None, None) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e:#}");
            return EXIT_FAILURE;
        }
    };
    report(&loadout.diags, &loadout.loaded.sources, args.format, quiet);
    if coverage && let Some(site) = &loadout.site {
        let theme = crate::render::theme::load(&loadout.loaded.root, &site.config.theme).ok();
        print!("{}", crate::coverage::report(site, theme.as_ref()));
    }
    let (errors, warnings) = (loadout.diags.errors(), loadout.diags.warnings());
    if args.format == Format::Human && !quiet {
        if errors == 0 {
            eprintln!("ok: no errors ({warnings} warning(s))");
        } else {
            eprintln!("error: {errors} error(s), {warnings} warning(s)");
        }
    }
    if errors > 0 { EXIT_CONTENT } else { EXIT_OK }
}
