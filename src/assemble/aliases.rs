//! Records' `aliases` (old slugs) against every record of their kind: an alias names one
//! old URL, so it may be neither a current record's slug (its page would be overwritten by
//! the redirect) nor another record's alias (E007). Runs on the assembled site. Each alias
//! was checked to be a valid slug, and not the record's own, when its record was converted
//! (`RecordCx::aliases`).

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::*;
use std::collections::HashMap;

/// The kinds whose records may have aliases: those whose slug makes the URL of a page.
pub const KINDS: [Kind; 6] = [
    Kind::Cluster,
    Kind::Organisation,
    Kind::Event,
    Kind::News,
    Kind::Document,
    Kind::Call,
];

/// Every record of `kind` with its aliases, by slug.
pub fn of_kind(site: &Site, kind: Kind) -> Vec<(&str, &[Alias])> {
    fn list<T>(v: &[T], f: fn(&T) -> (&str, &[Alias])) -> Vec<(&str, &[Alias])> {
        v.iter().map(f).collect()
    }
    match kind {
        Kind::Cluster => list(&site.clusters, |r| (&r.slug, &r.aliases)),
        Kind::Organisation => list(&site.organisations, |r| (&r.slug, &r.aliases)),
        Kind::Event => list(&site.events, |r| (&r.slug, &r.aliases)),
        Kind::News => list(&site.news, |r| (&r.slug, &r.aliases)),
        Kind::Document => list(&site.documents, |r| (&r.slug, &r.aliases)),
        Kind::Call => list(&site.calls, |r| (&r.slug, &r.aliases)),
        _ => Vec::new(),
    }
}

pub fn check(site: &Site, diags: &mut Diagnostics) {
    for kind in KINDS {
        let records = of_kind(site, kind);
        let slugs: HashMap<&str, ()> = records.iter().map(|(s, _)| (*s, ())).collect();
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (slug, aliases) in &records {
            for a in aliases.iter() {
                let clash = if slugs.contains_key(a.slug.as_str()) {
                    Some(format!(
                        "alias `{}` is the slug of another {}: its page would be replaced by a redirect",
                        a.slug,
                        kind.name()
                    ))
                } else if let Some(first) = seen.get(a.slug.as_str()) {
                    Some(format!(
                        "alias `{}` is also an alias of the {} `{first}`: an old URL can lead to one page only",
                        a.slug,
                        kind.name()
                    ))
                } else if kind == Kind::Call && a.slug == "archive" {
                    diags.push(
                        Diagnostic::error(
                            "E008",
                            "a call's alias cannot be `archive`: /calls/archive/ lists the closed calls",
                        )
                        .at(a.at.clone()),
                    );
                    None
                } else {
                    seen.insert(&a.slug, slug);
                    None
                };
                if let Some(msg) = clash {
                    diags.push(
                        Diagnostic::error("E007", msg)
                            .at(a.at.clone())
                            .hint("remove the alias, or rename one of the two records"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;

    use crate::assemble::testing::news_item as news;

    #[test]
    fn aliases_are_kept_on_the_record() {
        let (site, seen) = site(&[(
            "content/news/launch.md",
            &news("aliases = [\"old-launch\", \"launch-2025\"]\n"),
        )])
        .assemble();
        assert!(seen.is_empty(), "{seen:#?}");
        let slugs: Vec<String> = site.unwrap().news[0]
            .aliases
            .iter()
            .map(|a| a.slug.clone())
            .collect();
        assert_eq!(slugs, ["old-launch", "launch-2025"]);
    }

    #[test]
    fn an_alias_must_be_a_slug_not_its_own_nor_twice() {
        let seen = site(&[(
            "content/news/launch.md",
            &news("aliases = [\"Old Launch\", \"launch\", \"x\", \"x\"]\n"),
        )])
        .check();
        assert_eq!(
            brief(&seen),
            [
                ("E008", "alias `Old Launch` is not a valid slug", 5, 12),
                ("E007", "alias `launch` is the record's own slug", 5, 26),
                ("E007", "alias `x` is listed twice", 5, 41),
            ]
        );
    }

    #[test]
    fn an_alias_may_not_be_another_records_slug_or_alias() {
        let seen = site(&[
            ("content/news/a.md", &news("aliases = [\"b\", \"old\"]\n")),
            ("content/news/b.md", &news("")),
            ("content/news/c.md", &news("aliases = [\"old\"]\n")),
        ])
        .check();
        let b = brief(&seen);
        assert_eq!(b.len(), 2, "{b:#?}");
        assert_eq!(b[0].0, "E007");
        assert!(b[0].1.contains("slug of another news"), "{b:#?}");
        assert_eq!((b[0].2, b[0].3), (5, 12));
        assert!(b[1].1.contains("also an alias of the news `a`"), "{b:#?}");
    }
}
