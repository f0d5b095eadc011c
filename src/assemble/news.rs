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
        aliases: cx.aliases(r.aliases),
        origin: cx.origin(),
    })
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;
    use crate::model::NewsKind;

    use crate::assemble::testing::news_item as news;

    #[test]
    fn a_complete_item_is_assembled_with_its_kind() {
        let (site, seen) = site(&[(
            "content/news/launch.md",
            &news("kind = \"success-story\"\n"),
        )])
        .assemble();
        assert!(seen.is_empty(), "{seen:#?}");
        assert_eq!(site.unwrap().news[0].kind, NewsKind::SuccessStory);
    }

    #[test]
    fn an_image_needs_alternative_text() {
        let seen = site(&[("content/news/launch.md", &news("image = \"launch.jpg\"\n"))])
            .asset(
                "content/news/launch.md",
                "launch.jpg",
                file("content/news/launch.jpg", 10, None),
            )
            .check();
        let d = only(&seen, "content/news/launch.md");
        assert_eq!(
            brief(&seen),
            [("E016", "`image` has no alternative text", 5, 9)]
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("add `image_alt` describing what the image shows")
        );
    }
}
