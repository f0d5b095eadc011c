//! Document records (`content/documents/`): converts a [`RawDocument`] into a
//! [`Document`], one file per language.

use super::fields::RecordCx;
use crate::config::is_language_tag;
use crate::content::raw::RawDocument;
use crate::model::*;
use std::collections::BTreeMap;
use toml::Spanned;

pub(super) fn convert_document(cx: &mut RecordCx, r: RawDocument) -> Option<Document> {
    let title = cx.text(r.title, "title", true);
    let description = cx.text(r.description.or(r.body), "description", false);
    let kind = cx.choice(r.kind, "kind");
    let published = cx.date(r.published, "published", false);
    let mut files = BTreeMap::new();
    if let Some(f) = cx.required(r.files, "files") {
        let span = f.span();
        let f = f.into_inner();
        if f.is_empty() {
            cx.error(
                "E004",
                "`files` needs at least one language = \"file\" entry",
                span,
            );
        }
        for (lang, path) in f {
            if !is_language_tag(&lang) {
                cx.error(
                    "E003",
                    format!("`files`: `{lang}` is not a language tag"),
                    path.span(),
                );
                continue;
            }
            if let Some(a) = cx.asset(&path, "files") {
                files.insert(lang, a);
            }
        }
    }
    let clusters = cx.cluster_refs(r.clusters, "clusters", false);
    Some(Document {
        slug: cx.rec.slug.clone(),
        title: title?,
        description,
        kind,
        published,
        files,
        clusters,
        license: r.license.map(Spanned::into_inner),
        aliases: cx.aliases(r.aliases),
        origin: cx.origin(),
    })
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;

    const DOC: &str = "content/documents/strategy.toml";

    #[test]
    fn files_are_keyed_by_language_tag() {
        let text = "title = \"Strategy\"\nkind = \"strategy\"\nfiles = { EN = \"s.pdf\", de = \"s.de.pdf\" }\n";
        let seen = site(&[(DOC, text)])
            .asset(
                DOC,
                "s.de.pdf",
                file("content/documents/s.de.pdf", 10, None),
            )
            .check();
        assert_eq!(
            brief(&seen),
            [("E003", "`files`: `EN` is not a language tag", 3, 16)]
        );
    }

    #[test]
    fn files_cannot_be_empty() {
        let seen = site(&[(DOC, "title = \"Strategy\"\nfiles = {}\n")]).check();
        let msg = "`files` needs at least one language = \"file\" entry";
        assert_eq!(brief(&seen), [("E004", msg, 2, 9)]);
    }
}
