//! Cooperation requests: their card (the cooperation list) and their page. An expired
//! request keeps its page, which says so and asks search engines not to index it.

use super::cluster::ContactView;
use crate::model::*;
use crate::plan::facets::Listing;
use crate::render::PageCx;
use crate::render::frame::{PageContent, View};
use crate::render::lang::*;
use crate::routes;
use serde::Serialize;

/// What the filter script reads of a card.
#[derive(Serialize, Clone)]
pub struct CooperationData {
    pub directions: String,
    pub topics: String,
    pub sectors: String,
    pub technologies: String,
    pub countries: String,
}

#[derive(Serialize, Clone)]
pub struct CooperationCard {
    pub slug: String,
    pub url: String,
    pub title: LText,
    pub summary: LText,
    pub direction: Direction,
    pub direction_label: String,
    pub topic_label: String,
    pub expires: String,
    pub expires_iso: String,
    pub expired: bool,
    pub data: CooperationData,
}

pub fn cooperation_card(l: &Lang, c: &Cooperation) -> CooperationCard {
    CooperationCard {
        slug: c.slug.clone(),
        url: l.href(&routes::cooperation(l.tag, &c.slug)),
        title: l.text(&c.title),
        summary: l.text(&c.summary),
        direction: c.direction,
        direction_label: l.label("direction_", c.direction.as_str()),
        topic_label: l.label("topic_", c.topic.as_str()),
        expires: l.date(c.expires),
        expires_iso: c.expires.to_string(),
        expired: c.expired(l.site.build_date),
        data: CooperationData {
            directions: c.direction.as_str().into(),
            topics: c.topic.as_str().into(),
            sectors: c.sectors.join(" "),
            technologies: c.technologies.join(" "),
            countries: c.countries.join(" "),
        },
    }
}

#[derive(Serialize)]
pub struct CooperationView {
    #[serde(flatten)]
    pub card: CooperationCard,
    pub body: Option<LHtml>,
    /// The organisation or cluster that posts it.
    pub poster: Option<TextLink>,
    pub sectors: Vec<Term>,
    pub technologies: Vec<Term>,
    pub countries: Vec<String>,
    pub contact: ContactView,
    pub published: String,
    pub published_iso: String,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
}

/// A cooperation request's page.
pub fn page(cx: &PageCx, i: usize) -> PageContent {
    let (l, site) = (cx.l, cx.site());
    let c = cx.read.cooperation(i);
    let poster = match &c.poster {
        Poster::Organisation(slug) => cx.read.named(Kind::Organisation, slug).map(|o| {
            let o = &site.organisations[o];
            TextLink::new(
                l.text(&o.name),
                l.href(&routes::organisation_in(site, l.tag, o)),
            )
        }),
        Poster::Cluster(slug) => l
            .cluster_named(slug)
            .map(|x| TextLink::new(l.text(&x.name), l.href(&routes::cluster(l.tag, &x.slug)))),
    };
    let path = |facet| Listing::Cooperation.facet_path(facet);
    let v = CooperationView {
        card: cooperation_card(l, c),
        body: c.body.as_ref().map(|b| l.html(b)),
        poster,
        sectors: l.terms(SECTORS, &c.sectors, &path("sectors")),
        technologies: l.terms(TECHNOLOGIES, &c.technologies, &path("technologies")),
        countries: c.countries.iter().map(|x| l.country(x)).collect(),
        contact: ContactView::of(l, &c.contact),
        published: l.date(c.published),
        published_iso: c.published.to_string(),
        updated: c.updated.map(|d| l.date(d)),
        updated_iso: c.updated.map(|d| d.to_string()),
    };
    let expired = v.card.expired;
    PageContent {
        description: v.card.summary.text.clone(),
        untranslated: !is_translated(&[Some(&c.title), Some(&c.summary), c.body.as_ref()], l.tag),
        parent: Some(Link {
            name: cx.t("nav_cooperation"),
            url: l.href(&routes::cooperation_list(l.tag)),
        }),
        noindex: expired,
        title_lang: v.card.title.fallback_lang(),
        ..PageContent::new(
            "cooperation.html",
            "cooperation",
            v.card.title.text.clone(),
            View::Cooperation(Box::new(v)),
        )
    }
}
