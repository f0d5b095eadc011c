//! `showcase init` (being written).

use std::path::Path;

pub fn run(_dir: &Path) -> i32 {
    eprintln!("error: init is not available in this build");
    super::EXIT_FAILURE
}
