//! `showcase serve`: see `crate::serve`; this only maps the command line onto it.

use crate::cli::SiteArgs;
use std::path::PathBuf;

pub fn run(
    site: &SiteArgs,
    port: u16,
    open: bool,
    output: Option<PathBuf>,
    quiet: bool,
    verbose: bool,
    pauses: crate::serve::Pauses,
) -> i32 {
    crate::serve::run(&crate::serve::Options {
        root: site.root.clone(),
        date: site.date,
        port,
        open,
        output,
        quiet,
        verbose,
        pauses,
    })
}
