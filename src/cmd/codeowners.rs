//! `showcase codeowners`: each cluster team reviews changes to its own records only.

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK, report};
use crate::cli::SiteArgs;
use crate::diag::Format;
use crate::model::Site;
use crate::pipeline::{BuildDate, load_and_validate};
use std::path::Path;

pub fn codeowners(site: &Site, default_owner: Option<&str>) -> String {
    let mut out = String::from(
        "# Written by `showcase codeowners`; edit `maintainers` in cluster records instead.\n",
    );
    if let Some(owner) = default_owner {
        out.push_str(&format!("* {owner}\n"));
    }
    for c in site.clusters.iter().filter(|c| !c.maintainers.is_empty()) {
        for path in &c.origin.paths {
            out.push_str(&format!("/{} {}\n", path, c.maintainers.join(" ")));
        }
    }
    out
}

pub fn run(args: &SiteArgs, format: Format, out: &Path, default_owner: Option<&str>) -> i32 {
    let loadout = match load_and_validate(&args.root, BuildDate::from_env(args.date), None, None) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e:#}");
            return EXIT_FAILURE;
        }
    };
    let Some(site) = loadout
        .site
        .as_ref()
        .filter(|_| !loadout.diags.has_errors())
    else {
        report(&loadout.diags, &loadout.loaded.sources, format, false);
        return EXIT_CONTENT;
    };
    let path = if out.is_absolute() {
        out.to_path_buf()
    } else {
        args.root.join(out)
    };
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    match std::fs::write(&path, codeowners(site, default_owner)) {
        Ok(()) => {
            eprintln!("Wrote {}", path.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            EXIT_FAILURE
        }
    }
}
