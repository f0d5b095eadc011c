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
