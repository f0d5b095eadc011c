//! showcase: a static-site generator for national cluster programmes.
//!
//! The pipeline (see `pipeline`): `content` (read records and their files) -> `assemble`
//! (the validated `model`) -> `validate` (whole-site checks) -> `plan` (every output, once)
//! -> `pipeline::produce` (`render`, `feeds`, files) -> `output` (staging folder, atomic
//! swap).
//!
//! The binary and the tests (which run the binary) need the command line and [`run`]; every
//! module is private to the crate, so rustc reports what nothing uses.

// Diagnostics are this crate's error type at every boundary (they carry file, span, code,
// message and hint); they are built only on the unhappy path, so their size does not matter.
#![allow(clippy::result_large_err)]

mod assemble;
mod cldr;
pub mod cli;
mod cmd;
mod colour;
mod config;
mod content;
mod countries;
mod coverage;
mod dates;
mod deploy;
mod diag;
mod feeds;
mod figures;
mod geo;
mod images;
mod markdown;
mod model;
mod output;
mod pipeline;
mod plan;
mod presskit;
#[cfg(test)]
mod properties;
mod render;
mod routes;
mod search;
mod serve;
mod source;
mod svg;
mod text;
mod validate;

use cli::{Cli, Command};

/// Run the command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build {
            site,
            report,
            output,
            base_url,
            serve,
            port,
            no_search,
            verbose,
        } => {
            let o = cmd::build::Options {
                site,
                format: report.format,
                output,
                base_url,
                search: !no_search,
                quiet: cli.quiet,
                verbose,
            };
            let (code, out, base) = cmd::build::run(&o);
            if code == 0 && serve {
                cmd::build::serve_static(&out, port, base.as_deref().unwrap_or("/"))
            } else {
                code
            }
        }
        Command::Plan {
            site,
            report,
            no_search,
        } => cmd::plan::run(&site, report.format, !no_search),
        Command::Check {
            site,
            report,
            coverage,
        } => cmd::check::run(&site, report.format, coverage, cli.quiet),
        Command::Serve {
            site,
            port,
            open,
            output,
            verbose,
            feeds_after_ms,
            search_after_ms,
        } => {
            let pauses = serve::Pauses {
                feeds: std::time::Duration::from_millis(feeds_after_ms),
                search: std::time::Duration::from_millis(search_after_ms),
            };
            cmd::serve::run(&site, port, open, output, cli.quiet, verbose, pauses)
        }
        Command::Search {
            query,
            batch,
            root,
            lang,
            kind,
            sector,
            region,
            label,
            limit,
            format,
            index,
        } => {
            let filters = search::Filters {
                kind,
                sector,
                region,
                label,
            };
            if batch {
                cmd::search::batch(&root, index.as_deref(), &lang, limit)
            } else {
                cmd::search::run(
                    &root,
                    index.as_deref(),
                    query.as_deref().unwrap_or_default(),
                    &lang,
                    &filters,
                    limit,
                    format,
                )
            }
        }
        Command::New {
            kind,
            slug,
            lang,
            root,
        } => cmd::new::run(&kind, &slug, lang.as_deref(), &root),
        Command::Init { dir } => cmd::init::run(&dir),
        Command::Theme {
            action:
                cli::ThemeCommand::Eject {
                    templates,
                    force,
                    root,
                },
        } => cmd::theme::eject(&root, &templates, force, cli.quiet),
        Command::Theme {
            action: cli::ThemeCommand::Strings { lang, all, root },
        } => cmd::theme::strings(&root, &lang, all),
        Command::Schema { out } => cmd::schema::run(&out),
        Command::Codeowners {
            site,
            report,
            out,
            default_owner,
        } => cmd::codeowners::run(&site, report.format, &out, default_owner.as_deref()),
        Command::Stem { lang } => cmd::stem::run(&lang),
    }
}
