//! Free pages (about, contact, ...): Markdown under their own slug.

use crate::render::PageCx;
use crate::render::frame::{PageContent, View};
use crate::render::lang::*;
use serde::Serialize;

/// `record` in `page.html`.
#[derive(Serialize)]
pub struct PageView {
    pub title: LText,
    pub body: LHtml,
    pub description: String,
}

pub fn page(cx: &PageCx, i: usize) -> PageContent {
    let l = cx.l;
    let p = cx.read.page(i);
    let description = match &p.description {
        Some(d) => l.text(d).text,
        None => crate::markdown::plain_text(p.body.resolve(l.tag).text, 160),
    };
    let title = l.text(&p.title);
    let view = PageView {
        title: title.clone(),
        body: l.html(&p.body),
        description: description.clone(),
    };
    PageContent {
        description,
        untranslated: !is_translated(&[Some(&p.title), Some(&p.body)], l.tag),
        title_lang: title.fallback_lang(),
        ..PageContent::new("page.html", "page", title.text, View::Page(view))
    }
}
