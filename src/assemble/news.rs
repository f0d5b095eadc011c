//! News records (`content/news/`): converts a [`RawNews`] into a [`News`] item. The
//! simplest record kind with an asset; follow it to see how a kind is assembled.

use super::fields::RecordCx;
use crate::content::raw::RawNews;
use crate::model::*;
use toml::Spanned;

pub(super) fn convert_news(cx: &mut RecordCx, r: RawNews) -> Option<News> {
    let title = cx.text(r.title, "title", true);
    let summary = cx.text(r.summary, "summary", true);
    let body = cx.text(r.body, "body", false);
    let kind = cx.choice(r.kind, "kind");
    let published = cx.date(r.published, "published", true);
    let updated = cx.date(r.updated, "updated", false);
    let authors = cx.strings(r.authors);
    let clusters = cx.cluster_refs(r.clusters, "clusters", false);
    let sectors = cx.terms(r.sectors, SECTORS, "sectors", false);
    let image = r.image.as_ref().and_then(|i| cx.asset(i, "image"));
    let image_alt = cx.text(r.image_alt, "image_alt", false);
    if let (Some(i), None) = (&r.image, &image_alt) {
        cx.error("E016", "`image` has no alternative text", i.span())
            .hint = Some("add `image_alt` describing what the image shows".into());
    }
    Some(News {
        slug: cx.rec.slug.clone(),
        title: title?,
        summary: summary?,
        body,
        kind,
        published: published?,
        updated,
        authors,
        clusters,
        sectors,
        image,
        image_alt,
        featured: r.featured.map(Spanned::into_inner).unwrap_or(false),
        origin: cx.origin(),
    })
}
