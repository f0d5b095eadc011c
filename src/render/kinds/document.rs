//! Documents: the list and each document's page with its files.

use super::cluster::cluster_links;
use super::directory::{Pagination, page_of, pagination};
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

/// `documents` and `pagination` in `documents.html`.
#[derive(Serialize)]
pub struct DocumentsView {
    pub documents: Vec<DocumentView>,
    pub pagination: Option<Pagination>,
}

/// Page `page` of the documents.
pub fn list(cx: &PageCx, page: usize) -> PageContent {
    let l = cx.l;
    let all = cx.read.all_documents();
    let view = DocumentsView {
        documents: page_of(all, page).map(|d| document_view(l, d)).collect(),
        pagination: pagination(page, all.len(), |n| {
            l.href(&routes::paged(&routes::documents(l.tag), n))
        }),
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
