//! Rules between records of two kinds: a cluster's stated membership figures against the
//! organisations that list it. Runs on the assembled site, after every record is converted.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::*;

/// Each cluster's listed members, counted (index as in `site.clusters`).
pub fn breakdowns(site: &Site) -> Vec<MemberCounts> {
    let mut out = vec![MemberCounts::default(); site.clusters.len()];
    for o in &site.organisations {
        for c in &o.clusters {
            if let Some(i) = site.position(Kind::Cluster, c) {
                out[i].add(o);
            }
        }
    }
    out
}

/// A warning where a cluster states fewer members of a category than organisations list
/// it in that category: one of the two is out of date. (Stating more is normal: not every
/// member has a record.)
pub fn check_stated_members(site: &Site, diags: &mut Diagnostics) {
    for (c, listed) in site.clusters.iter().zip(breakdowns(site)) {
        let Some(m) = &c.members else { continue };
        let pairs = [
            ("total", m.total, listed.total),
            ("smes", m.smes, listed.smes),
            ("large", m.large, listed.large),
            ("research", m.research, listed.research),
            ("public", m.public, listed.public),
            ("other", m.other, listed.other),
        ];
        let off: Vec<String> = pairs
            .iter()
            .filter_map(|(field, stated, n)| {
                stated
                    .filter(|s| n > s)
                    .map(|s| format!("{field} = {s} but {n} organisations list it"))
            })
            .collect();
        if off.is_empty() {
            continue;
        }
        let mut d = Diagnostic::warning(
            "W006",
            format!(
                "`members` disagrees with the listed members: {}",
                off.join("; ")
            ),
        )
        .hint("update the figures (and `as_of`), or the organisations' `clusters`");
        if let Some(at) = &m.at {
            d = d.at(at.clone());
        }
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;

    #[test]
    fn stated_totals_below_the_listed_members_are_a_warning() {
        let org = |name: &str, kind: &str| {
            format!(
                "name = \"{name}\"\nkind = \"{kind}\"\nsummary = \"S.\"\ncountry = \"NO\"\n\
                 website = \"https://x.example/\"\nupdated = 2026-01-01\nclusters = [\"oceanlab\"]\n"
            )
        };
        let cluster = format!("{CLUSTER}[members]\ntotal = 5\nresearch = 1\n");
        let seen = site(&[
            ("content/clusters/oceanlab.toml", &cluster),
            ("content/organisations/a.toml", &org("A", "research")),
            ("content/organisations/b.toml", &org("B", "university")),
        ])
        .check();
        assert_eq!(
            brief(&seen),
            [(
                "W006",
                "`members` disagrees with the listed members: research = 1 but 2 organisations list it",
                10,
                1
            )]
        );
    }
}
