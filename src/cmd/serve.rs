//! `showcase serve` (being written).

use crate::cli::SiteArgs;
use std::path::PathBuf;

pub fn run(_site: &SiteArgs, _port: u16, _open: bool, _output: Option<PathBuf>, _quiet: bool, _verbose: bool) -> i32 {
    eprintln!("error: serve is not available in this build");
    super::EXIT_FAILURE
}
