//! `showcase plan`: the site map as `build` would write it, one file a line (or JSON), so
//! deploy scripts, link checkers and tests can see what a build contains without building.

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK, report};
use crate::cli::SiteArgs;
use crate::diag::Format;
use crate::pipeline::{BuildDate, load_and_validate};
use crate::plan::Stage;
use std::io::Write;

pub fn run(args: &SiteArgs, format: Format, search: bool) -> i32 {
    let loadout = match load_and_validate(&args.root, BuildDate::from_env(args.date), None, None) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e:#}");
            return EXIT_FAILURE;
        }
    };
    let plan = match &loadout.plan {
        Some(plan) if !loadout.diags.has_errors() => plan,
        _ => {
            report(&loadout.diags, &loadout.loaded.sources, format, false);
            return EXIT_CONTENT;
        }
    };
    let mut outputs = plan
        .outputs
        .iter()
        .filter(|p| search || p.output.stage() != Stage::Search);
    let mut out = std::io::stdout().lock();
    let written = match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = outputs
                .map(|p| {
                    serde_json::json!({
                        "path": p.path,
                        "url": p.url(),
                        "kind": p.output.kind_name(),
                        "folder": p.is_folder(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
        }
        _ => outputs
            .try_for_each(|p| writeln!(out, "{}\t{}\t{}", p.output.kind_name(), p.url(), p.path)),
    };
    match written {
        Ok(()) => EXIT_OK,
        // A closed pipe (`showcase plan | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_FAILURE
        }
    }
}
