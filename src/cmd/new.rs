//! `showcase new` (being written).

use std::path::Path;

pub fn run(_kind: &str, _slug: &str, _lang: Option<&str>, _root: &Path) -> i32 {
    eprintln!("error: new is not available in this build");
    super::EXIT_FAILURE
}
