//! The programme's vocabularies (`content/taxonomies.toml`): sectors, technologies, regions
//! and label schemes that records name by term. Parsed before any record, since every
//! record's terms are checked against them.

use super::fields::check_text_languages;
use crate::config::Config;
use crate::content::toml_error::toml_diagnostic;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{SECTORS, Taxonomies};
use crate::source::{Loc, SourceId};
use crate::text::{Text, fix_spans};
use std::collections::BTreeMap;
use toml::Spanned;

pub(super) fn parse_taxonomies(
    text: &str,
    file: SourceId,
    config: &Config,
    diags: &mut Diagnostics,
) -> Taxonomies {
    let mut found = Vec::new();
    crate::content::characters::check_file(file, text, Some((0, text)), &mut found);
    if !found.is_empty() {
        diags.extend(found);
        return Taxonomies::default();
    }
    type Raw = BTreeMap<String, BTreeMap<Spanned<String>, Spanned<Text>>>;
    let raw: Raw = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(toml_diagnostic(&e, file, 0, text));
            return Taxonomies::default();
        }
    };
    let mut out = Taxonomies::default();
    for (vocabulary, terms) in raw {
        let mut vocab = BTreeMap::new();
        for (term, mut labels) in terms {
            fix_spans(&mut labels);
            let loc = Loc::new(file, term.span());
            if !crate::content::load::is_valid_slug(term.get_ref()) {
                diags.push(
                    Diagnostic::error(
                        "E008",
                        format!("invalid term `{}` in [{vocabulary}]", term.get_ref()),
                    )
                    .at(loc.clone())
                    .hint("terms use lower-case ASCII letters, digits and `-`"),
                );
            }
            check_text_languages(labels.get_ref(), file, config, &mut diags.items);
            if !labels.get_ref().has("en") {
                diags.push(
                    Diagnostic::error(
                        "E005",
                        format!(
                            "term `{}` in [{vocabulary}] has no English label",
                            term.get_ref()
                        ),
                    )
                    .at(loc),
                );
            }
            vocab.insert(term.into_inner(), labels.into_inner());
        }
        out.vocabularies.insert(vocabulary, vocab);
    }
    if !out.vocabularies.contains_key(SECTORS) {
        diags.push(
            Diagnostic::error("E021", "content/taxonomies.toml has no [sectors] table")
                .at(Loc::new(file, 0..0)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;

    fn check(taxonomies: &str) -> Vec<Seen> {
        site(&[("content/taxonomies.toml", taxonomies)]).check()
    }

    #[test]
    fn terms_are_slugs_with_an_english_label() {
        let seen = check("[sectors]\nSea = { en = \"Sea\" }\nair = { de = \"Luft\" }\n");
        assert_eq!(
            brief(&seen),
            [
                ("E008", "invalid term `Sea` in [sectors]", 2, 1),
                ("E005", "term `air` in [sectors] has no English label", 3, 1),
            ]
        );
    }

    #[test]
    fn sectors_must_be_declared() {
        let seen = check("[technologies]\nai = { en = \"AI\" }\n");
        let msg = "content/taxonomies.toml has no [sectors] table";
        assert_eq!(brief(&seen), [("E021", msg, 1, 1)]);
        let seen = site(&[]).without_taxonomies().check();
        let msg = "no content/taxonomies.toml: sectors must be declared there";
        assert_eq!(seen[0].code, "E021");
        assert_eq!(
            (seen[0].message.as_str(), seen[0].file.as_str()),
            (msg, "content/taxonomies.toml")
        );
    }

    #[test]
    fn a_site_needs_its_settings() {
        let (site, seen) = site(&[]).settings(None).assemble();
        assert!(site.is_none());
        assert_eq!(seen[0].message, "no site.toml in the site root");
        assert_eq!((seen[0].code, seen[0].file.as_str()), ("E021", "site.toml"));
    }
}
