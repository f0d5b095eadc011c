//! Documents: the list and each document's page with its files.

use super::cluster::cluster_links;
use super::directory::{FacetGroup, Pagination, page_of, pagination};
use super::event::{page_crumb, paged_title};
use crate::model::*;
use crate::render::PageCx;
use crate::render::frame::{PageContent, View};
use crate::render::lang::*;
use crate::routes;
use serde::Serialize;

#[derive(Serialize)]
pub struct FileView {
    pub lang: String,
    pub lang_name: String,
    pub url: String,
    pub size: String,
    pub size_bytes: u64,
    pub format: String,
    pub mime: &'static str,
}

pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", (bytes as f64 / 1024.0).round() as u64)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

pub fn mime_type(ext: &str) -> &'static str {
    match ext {
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "txt" => "text/plain",
        "csv" => "text/csv",
        _ => "application/octet-stream",
    }
}

#[derive(Serialize)]
pub struct DocumentView {
    pub slug: String,
    pub url: String,
    pub title: LText,
    pub description: Option<LText>,
    pub kind: DocumentKind,
    pub kind_label: String,
    pub published: Option<String>,
    pub published_iso: Option<String>,
    pub license: Option<String>,
    pub files: Vec<FileView>,
    pub clusters: Vec<TextLink>,
}

pub fn document_view(l: &Lang, d: &Document) -> DocumentView {
    // The reader's language first, then English, then the rest.
    let mut files: Vec<(&String, &Asset)> = d.files.iter().collect();
    files.sort_by_key(|(lang, _)| {
        (
            lang.as_str() != l.tag,
            lang.as_str() != "en",
            lang.to_string(),
        )
    });
    DocumentView {
        slug: d.slug.clone(),
        url: l.href(&routes::document(l.tag, &d.slug)),
        title: l.text(&d.title),
        description: d.description.as_ref().map(|t| l.text(t)),
        kind: d.kind,
        kind_label: l.label("kind_document_", d.kind.as_str()),
        published: d.published.map(|p| l.date(p)),
        published_iso: d.published.map(|p| p.to_string()),
        license: d.license.clone(),
        files: files
            .into_iter()
            .map(|(lang, a)| FileView {
                lang: lang.clone(),
                lang_name: crate::render::theme::language_name(lang).to_string(),
                url: l.href(&a.url()),
                size: human_size(a.bytes),
                size_bytes: a.bytes,
                format: a.extension().to_uppercase(),
                mime: mime_type(&a.extension()),
            })
            .collect(),
        clusters: cluster_links(l, &d.clusters),
    }
}

/// `documents`, `pagination`, `total` and `groups` (the filters) in `documents.html`.
#[derive(Serialize)]
pub struct DocumentsView {
    pub documents: Vec<DocumentView>,
    pub pagination: Option<Pagination>,
    /// How many documents the list holds (on all its pages).
    pub total: usize,
    /// The filters: `kinds` (the documents' kinds) and `languages` (the languages their files
    /// are in), each term with its count; the cards carry `data-kinds` and `data-languages`.
    pub groups: Vec<FacetGroup>,
}

/// The documents in the list's order: newest first; those without a date after all dated
/// ones, by slug (as are documents of the same date).
pub fn by_date(all: &[Document]) -> Vec<&Document> {
    let mut docs: Vec<&Document> = all.iter().collect();
    docs.sort_by(|a, b| {
        (b.published.is_some(), b.published)
            .cmp(&(a.published.is_some(), a.published))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    docs
}

/// The filters of the documents list: their kinds (in the list's order of kinds) and the
/// languages of their files (the site's languages in its order, then others by tag), each
/// with the number of documents; only terms some document has.
fn document_filters(cx: &PageCx, all: &[Document]) -> Vec<FacetGroup> {
    let l = cx.l;
    let term = |term: &str, label: String, lang: &str, count: usize| Term {
        term: term.to_string(),
        label,
        lang: lang.to_string(),
        fallback: lang != l.tag,
        url: String::new(),
        count: Some(count),
        active: false,
    };
    let kinds = DocumentKind::ALL
        .iter()
        .filter_map(|k| {
            let n = all.iter().filter(|d| d.kind == *k).count();
            (n > 0).then(|| term(k.as_str(), l.label("kind_document_", k.as_str()), l.tag, n))
        })
        .collect();
    let site_languages = &cx.site().config.languages;
    let mut tags: Vec<&String> = all
        .iter()
        .flat_map(|d| d.files.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    tags.sort_by_key(|t| {
        let at = site_languages.iter().position(|x| x == *t);
        (at.is_none(), at)
    });
    let languages = tags
        .into_iter()
        .map(|tag| {
            let n = all.iter().filter(|d| d.files.contains_key(tag)).count();
            term(
                tag,
                crate::render::theme::language_name(tag).to_string(),
                tag,
                n,
            )
        })
        .collect();
    vec![
        FacetGroup {
            name: "kinds",
            label: cx.t("facet_types"),
            any: cx.t("any_kinds"),
            terms: kinds,
        },
        FacetGroup {
            name: "languages",
            label: cx.t("nav_language"),
            any: cx.t("search_js_any"),
            terms: languages,
        },
    ]
}

/// Page `page` of the documents.
pub fn list(cx: &PageCx, page: usize) -> PageContent {
    let l = cx.l;
    let all = cx.read.all_documents();
    let view = DocumentsView {
        documents: page_of(by_date(all), page)
            .map(|d| document_view(l, d))
            .collect(),
        pagination: pagination(page, all.len(), |n| {
            l.href(&routes::paged(&routes::documents(l.tag), n))
        }),
        total: all.len(),
        groups: document_filters(cx, all),
    };
    PageContent {
        description: cx.t("documents_description"),
        crumb: page_crumb(cx, page),
        parent: (page > 1).then(|| Link {
            name: cx.t("nav_documents"),
            url: l.href(&routes::documents(l.tag)),
        }),
        ..PageContent::new(
            "documents.html",
            "documents",
            paged_title(cx, cx.t("nav_documents"), page),
            View::Documents(view),
        )
    }
}

/// A document's page.
pub fn page(cx: &PageCx, i: usize) -> PageContent {
    let l = cx.l;
    let d = cx.read.document(i);
    let v = document_view(l, d);
    PageContent {
        description: v
            .description
            .as_ref()
            .map(|x| x.text.clone())
            .unwrap_or_default(),
        untranslated: !is_translated(&[Some(&d.title), d.description.as_ref()], l.tag),
        parent: Some(Link {
            name: cx.t("nav_documents"),
            url: l.href(&routes::documents(l.tag)),
        }),
        title_lang: v.title.fallback_lang(),
        ..PageContent::new(
            "document.html",
            "document",
            v.title.text.clone(),
            View::Document(Box::new(v)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::by_date;
    use crate::assemble::testing::*;

    #[test]
    fn the_list_is_newest_first_with_undated_documents_last() {
        let docs = [
            ("old", "published = 2024-03-01\n"),
            ("undated", ""),
            ("new-b", "published = 2026-05-01\n"),
            ("new-a", "published = 2026-05-01\n"),
            ("middle", "published = 2025-12-31\n"),
        ];
        let texts: Vec<(String, String)> = docs
            .iter()
            .map(|(slug, date)| {
                (
                    format!("content/documents/{slug}.toml"),
                    format!("title = \"{slug}\"\nkind = \"report\"\n{date}files = {{ en = \"{slug}.pdf\" }}\n"),
                )
            })
            .collect();
        let files: Vec<(&str, &str)> = texts
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let mut s = site(&files);
        for (slug, _) in docs {
            let record = format!("content/documents/{slug}.toml");
            let pdf = format!("content/documents/{slug}.pdf");
            s = s.asset(&record, &format!("{slug}.pdf"), file(&pdf, 10, None));
        }
        let (site, seen) = s.assemble();
        assert!(seen.is_empty(), "{seen:?}");
        let site = site.expect("a site");
        let order: Vec<&str> = by_date(&site.documents)
            .iter()
            .map(|d| d.slug.as_str())
            .collect();
        assert_eq!(order, ["new-a", "new-b", "middle", "old", "undated"]);
    }
}
