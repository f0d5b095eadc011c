//! `showcase codeowners`: each cluster team reviews changes to its own records only: its
//! cluster record, the organisations whose only cluster it is, and the cooperation requests
//! it or such an organisation posts. Everything else falls to the default owner.

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK, report};
use crate::cli::SiteArgs;
use crate::diag::Format;
use crate::model::{Kind, Poster, Site};
use crate::pipeline::{BuildDate, load_and_validate};
use std::path::Path;

pub fn codeowners(site: &Site, default_owner: Option<&str>) -> String {
    let mut out = String::from(
        "# Written by `showcase codeowners`; edit `maintainers` in cluster records instead.\n",
    );
    if let Some(owner) = default_owner {
        out.push_str(&format!("* {owner}\n"));
    }
    let mut own = |paths: &[String], cluster: &str| {
        let Some(c) = site.cluster(cluster).filter(|c| !c.maintainers.is_empty()) else {
            return;
        };
        for path in paths {
            out.push_str(&format!("/{} {}\n", path, c.maintainers.join(" ")));
        }
    };
    for c in &site.clusters {
        own(&c.origin.paths, &c.slug);
    }
    // An organisation in two clusters belongs to neither team alone.
    let only_cluster = |org: &str| {
        let i = site.position(Kind::Organisation, org)?;
        match site.organisations[i].clusters.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    };
    for o in &site.organisations {
        if let Some(c) = only_cluster(&o.slug) {
            own(&o.origin.paths, &c);
        }
    }
    for r in &site.cooperation {
        let cluster = match &r.poster {
            Poster::Cluster(c) => Some(c.clone()),
            Poster::Organisation(o) => only_cluster(o),
        };
        if let Some(c) = cluster {
            own(&r.origin.paths, &c);
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
