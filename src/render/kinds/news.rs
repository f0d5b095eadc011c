//! News and success stories: their card (lists, home page, cluster profiles) and page.

use super::cluster::cluster_links;
use super::directory::{Pagination, page_of, pagination};
use super::event::{page_crumb, paged_title};
use crate::model::*;
use crate::render::PageCx;
use crate::render::frame::{PageContent, View, shareable};
use crate::render::jsonld;
use crate::render::lang::*;
use crate::routes;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct NewsCard {
    pub slug: String,
    pub url: String,
    pub title: LText,
    pub summary: LText,
    pub kind: NewsKind,
    pub kind_label: String,
    pub success_story: bool,
    pub published: String,
    pub published_iso: String,
    pub image: Option<Image>,
    pub featured: bool,
}

pub fn news_card(l: &Lang, n: &News) -> NewsCard {
    NewsCard {
        slug: n.slug.clone(),
        url: l.href(&routes::news(l.tag, &n.slug)),
        title: l.text(&n.title),
        summary: l.text(&n.summary),
        kind: n.kind,
        kind_label: l.label("kind_news_", n.kind.as_str()),
        success_story: n.kind == NewsKind::SuccessStory,
        published: l.date(n.published),
        published_iso: n.published.to_string(),
        image: n
            .image
            .as_ref()
            .map(|a| Image::of(l, a, n.image_alt.as_ref(), &n.title, Shown::ARTICLE)),
        featured: n.featured,
    }
}

#[derive(Serialize)]
pub struct NewsView {
    #[serde(flatten)]
    pub card: NewsCard,
    pub body: Option<LHtml>,
    pub authors: Vec<String>,
    pub clusters: Vec<TextLink>,
    pub sectors: Vec<Term>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
}

pub fn news_view(l: &Lang, n: &News) -> NewsView {
    NewsView {
        card: news_card(l, n),
        body: n.body.as_ref().map(|b| l.html(b)),
        authors: n.authors.clone(),
        clusters: cluster_links(l, &n.clusters),
        sectors: l.terms(SECTORS, &n.sectors, "sectors"),
        updated: n.updated.map(|d| l.date(d)),
        updated_iso: n.updated.map(|d| d.to_string()),
    }
}

/// Indices of the site's news, newest first (ties by slug).
pub fn newest_first(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.news.len()).collect();
    order.sort_by(|a, b| {
        let (a, b) = (&site.news[*a], &site.news[*b]);
        b.published.cmp(&a.published).then(a.slug.cmp(&b.slug))
    });
    order
}

/// Every news item, newest first, noted as shown.
pub fn all_newest_first<'s>(cx: &PageCx<'s>) -> Vec<&'s News> {
    let all = cx.read.all_news();
    newest_first(cx.site())
        .into_iter()
        .map(|i| &all[i])
        .collect()
}

/// `items` and `pagination` in `news_list.html`.
#[derive(Serialize)]
pub struct NewsListView {
    pub items: Vec<NewsCard>,
    pub pagination: Option<Pagination>,
}

/// Page `page` of the news, newest first.
pub fn list(cx: &PageCx, page: usize) -> PageContent {
    let l = cx.l;
    let all = all_newest_first(cx);
    let total = all.len();
    let view = NewsListView {
        items: page_of(all, page).map(|n| news_card(l, n)).collect(),
        pagination: pagination(page, total, |n| {
            l.href(&routes::paged(&routes::news_list(l.tag), n))
        }),
    };
    PageContent {
        description: cx.t("news_description"),
        crumb: page_crumb(cx, page),
        parent: (page > 1).then(|| Link {
            name: cx.t("nav_news"),
            url: l.href(&routes::news_list(l.tag)),
        }),
        ..PageContent::new(
            "news_list.html",
            "news_list",
            paged_title(cx, cx.t("nav_news"), page),
            View::NewsList(view),
        )
    }
}

/// A news item's page.
pub fn page(cx: &PageCx, i: usize) -> PageContent {
    let l = cx.l;
    let n = cx.read.news(i);
    let v = news_view(l, n);
    let og_image = v
        .card
        .image
        .as_ref()
        .filter(|i| shareable(&i.url))
        // A raster image is shared at its widest published width (at most 1280 px).
        .map(|img| {
            (
                cx.site()
                    .config
                    .permalink(routes::unhref(l.base(), &img.pic.src)),
                img.alt.text.clone(),
            )
        });
    PageContent {
        description: v.card.summary.text.clone(),
        untranslated: !is_translated(&[Some(&n.title), Some(&n.summary), n.body.as_ref()], l.tag),
        parent: Some(Link {
            name: cx.t("nav_news"),
            url: l.href(&routes::news_list(l.tag)),
        }),
        og_image,
        jsonld: Some(jsonld::news_article(cx.site(), l, n)),
        title_lang: v.card.title.fallback_lang(),
        ..PageContent::new(
            "news.html",
            "news",
            v.card.title.text.clone(),
            View::News(Box::new(v)),
        )
    }
}
