//! Organisations: their card (the organisations list, cluster profiles) and their page.

use super::cluster::{ContactView, cluster_links};
use crate::model::*;
use crate::render::PageCx;
use crate::render::frame::{PageContent, View, shareable};
use crate::render::jsonld;
use crate::render::lang::*;
use crate::routes;
use serde::Serialize;
use std::collections::BTreeMap;

/// Competences in the page language (or English, marked as such).
#[derive(Serialize, Clone)]
pub struct Phrases {
    pub items: Vec<String>,
    pub lang: String,
    pub fallback: bool,
}

pub fn phrases(l: &Lang, list: &TextList) -> Phrases {
    let (items, fallback) = list.resolve(l.tag);
    Phrases {
        items: items.to_vec(),
        lang: if fallback { "en".into() } else { l.tag.into() },
        fallback,
    }
}

/// What the filter script reads of a card: the terms of each facet, space-separated.
#[derive(Serialize, Clone)]
pub struct OrganisationData {
    pub kinds: String,
    pub sizes: String,
    pub sectors: String,
    pub technologies: String,
    pub regions: String,
    pub countries: String,
    pub clusters: String,
}

#[derive(Serialize, Clone)]
pub struct OrganisationCard {
    pub slug: String,
    pub url: String,
    pub name: LText,
    pub kind: OrganisationKind,
    pub kind_label: String,
    pub size_label: Option<String>,
    pub summary: LText,
    pub city: Option<String>,
    pub country: String,
    pub country_name: String,
    pub competences: Phrases,
    pub logo: Option<Image>,
    pub data: OrganisationData,
}

pub fn organisation_card(l: &Lang, o: &Organisation) -> OrganisationCard {
    OrganisationCard {
        slug: o.slug.clone(),
        url: l.href(&routes::organisation_in(l.site, l.tag, o)),
        name: l.text(&o.name),
        kind: o.kind,
        kind_label: l.label("kind_org_", o.kind.as_str()),
        size_label: o.size.map(|s| l.label("size_org_", s.as_str())),
        summary: l.text(&o.summary),
        city: o.city.clone(),
        country: o.country.clone(),
        country_name: l.country(&o.country),
        competences: phrases(l, &o.competences),
        logo: o
            .logo
            .as_ref()
            .map(|a| Image::of(l, a, o.logo_alt.as_ref(), &o.name, Shown::LOGO)),
        data: OrganisationData {
            kinds: o.kind.as_str().into(),
            sizes: o.size.map(|s| s.as_str().to_string()).unwrap_or_default(),
            sectors: o.sectors.join(" "),
            technologies: o.technologies.join(" "),
            regions: o.region.clone().unwrap_or_default(),
            countries: o.country.clone(),
            clusters: o.clusters.join(" "),
        },
    }
}

#[derive(Serialize)]
pub struct OrganisationView {
    #[serde(flatten)]
    pub card: OrganisationCard,
    pub body: Option<LHtml>,
    pub clusters: Vec<TextLink>,
    pub sectors: Vec<Term>,
    pub technologies: Vec<Term>,
    pub region: Option<Term>,
    pub website: String,
    pub contact: Option<ContactView>,
    pub founded: Option<i32>,
    pub employees: Option<u32>,
    pub location: Option<BTreeMap<&'static str, f64>>,
    /// The small map of where it is.
    pub locator: Option<super::map::Locator>,
    pub updated: String,
    pub updated_iso: String,
    /// Cooperation requests it posted that are current.
    pub requests: Vec<TextLink>,
}

/// Where the organisations list's pages of a facet are: `organisations/sectors`.
fn path(facet: &str) -> String {
    crate::plan::facets::Listing::Organisations.facet_path(facet)
}

/// An organisation's page.
pub fn page(cx: &PageCx, i: usize) -> PageContent {
    let (l, site) = (cx.l, cx.site());
    let o = cx.read.organisation(i);
    let card = organisation_card(l, o);
    let requests = cx
        .requests_of(i)
        .iter()
        .map(|j| {
            let c = cx.read.cooperation(*j);
            TextLink::new(
                l.text(&c.title),
                l.href(&routes::cooperation(l.tag, &c.slug)),
            )
        })
        .collect();
    let v = OrganisationView {
        body: o.body.as_ref().map(|b| l.html(b)),
        clusters: cluster_links(l, &o.clusters),
        sectors: l.terms(SECTORS, &o.sectors, &path("sectors")),
        technologies: l.terms(TECHNOLOGIES, &o.technologies, &path("technologies")),
        region: o
            .region
            .as_ref()
            .map(|r| l.term(REGIONS, r, &path("regions"))),
        website: o.website.clone(),
        contact: o.contact.as_ref().map(|c| ContactView::of(l, c)),
        founded: o.founded,
        employees: o.employees,
        location: o
            .location
            .map(|(lat, lon)| BTreeMap::from([("lat", lat), ("lon", lon)])),
        locator: super::map::locator(
            cx,
            o.location,
            &card.name.text,
            o.region.as_deref(),
            Some(format!("place-o-{}", o.slug)),
        ),
        updated: l.date(o.updated),
        updated_iso: o.updated.to_string(),
        requests,
        card,
    };
    let og_image = o.logo.as_ref().filter(|a| shareable(&a.url())).map(|logo| {
        let alt = v.card.logo.as_ref().map(|x| x.alt.text.clone());
        (site.config.permalink(&logo.url()), alt.unwrap_or_default())
    });
    let untranslated = !is_translated(&[Some(&o.name), Some(&o.summary), o.body.as_ref()], l.tag)
        || (!o.competences.is_empty() && o.competences.resolve(l.tag).1);
    PageContent {
        description: v.card.summary.text.clone(),
        untranslated,
        parent: Some(Link {
            name: cx.t("nav_organisations"),
            url: l.href(&routes::organisations(l.tag)),
        }),
        og_image,
        jsonld: Some(jsonld::member_organisation(site, l, o)),
        title_lang: v.card.name.fallback_lang(),
        ..PageContent::new(
            "organisation.html",
            "organisation",
            v.card.name.text.clone(),
            View::Organisation(Box::new(v)),
        )
    }
}
