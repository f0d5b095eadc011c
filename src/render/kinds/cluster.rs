//! Clusters: their card (directory, home page), their profile page, their labels.

use super::event::{EventCard, event_card};
use super::news::{NewsCard, news_card};
use crate::model::*;
use crate::render::PageCx;
use crate::render::frame::{PageContent, View, shareable};
use crate::render::jsonld;
use crate::render::lang::*;
use crate::routes;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Clone)]
pub struct LabelView {
    pub scheme: String,
    pub name: String,
    pub tier: &'static str,
    /// The tier in the page language ("Gold", "Programme label").
    pub tier_label: String,
    /// The directory page of the label's current holders.
    pub url: String,
    pub awarded: String,
    pub valid_until: String,
    pub awarded_iso: String,
    pub valid_until_iso: String,
    pub score_pct: Option<f64>,
    /// The score as the page language writes it: "87,5 %".
    pub score: Option<String>,
    pub current: bool,
    pub expired: bool,
}

pub fn label_name(l: &Lang, scheme: &str) -> String {
    match l.site.taxonomies.label_scheme(scheme) {
        Some(t) => l.text(t).text,
        None => l.label("label_scheme_", scheme),
    }
}

fn label_view(l: &Lang, label: &Label) -> LabelView {
    let current = label.is_current(l.site.build_date);
    LabelView {
        scheme: label.scheme.clone(),
        name: label_name(l, &label.scheme),
        tier: label.tier(),
        tier_label: l.label("label_tier_", label.tier()),
        url: l.href(&routes::facet_term(l.tag, "labels", &label.scheme)),
        awarded: l.month(label.awarded),
        valid_until: l.month(label.valid_until),
        awarded_iso: label.awarded.iso(),
        valid_until_iso: label.valid_until.iso(),
        score_pct: label.score_pct,
        score: label.score_pct.map(|p| crate::cldr::percent(l.tag, p, 1)),
        current,
        expired: label.valid_until.last_day() < l.site.build_date,
    }
}

#[derive(Serialize, Clone)]
pub struct FacetData {
    pub sectors: String,
    pub region: String,
    pub technologies: String,
    pub labels: String,
}

#[derive(Serialize, Clone)]
pub struct ClusterCard {
    pub slug: String,
    pub url: String,
    pub name: LText,
    pub acronym: Option<String>,
    pub summary: LText,
    pub logo: Option<Image>,
    pub country: String,
    pub country_name: String,
    pub region: Option<Term>,
    pub sectors: Vec<Term>,
    pub technologies: Vec<Term>,
    pub labels: Vec<LabelView>,
    pub featured: bool,
    pub data: FacetData,
}

pub fn cluster_card(l: &Lang, c: &Cluster) -> ClusterCard {
    let labels: Vec<LabelView> = c
        .labels
        .iter()
        .map(|x| label_view(l, x))
        .filter(|x| x.current)
        .collect();
    ClusterCard {
        slug: c.slug.clone(),
        url: l.href(&routes::cluster(l.tag, &c.slug)),
        name: l.text(&c.name),
        acronym: c.acronym.clone(),
        summary: l.text(&c.summary),
        logo: c
            .logo
            .as_ref()
            .map(|a| Image::of(l, a, c.logo_alt.as_ref(), &c.name, Shown::LOGO)),
        country: c.country.clone(),
        country_name: l.country(&c.country),
        region: c.region.as_ref().map(|r| l.term(REGIONS, r, "regions")),
        sectors: l.terms(SECTORS, &c.sectors, "sectors"),
        technologies: l.terms(TECHNOLOGIES, &c.technologies, "technologies"),
        data: FacetData {
            sectors: c.sectors.join(" "),
            region: c.region.clone().unwrap_or_default(),
            technologies: c.technologies.join(" "),
            labels: labels
                .iter()
                .map(|x| x.scheme.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        },
        labels,
        featured: c.featured,
    }
}

#[derive(Serialize)]
pub struct ContactView {
    pub name: Option<String>,
    pub role: Option<LText>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl ContactView {
    pub fn of(l: &Lang, c: &Contact) -> Self {
        ContactView {
            name: c.name.clone(),
            role: c.role.as_ref().map(|r| l.text(r)),
            email: c.email.clone(),
            phone: c.phone.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct MembersView {
    pub total: Option<u32>,
    pub smes: Option<u32>,
    pub large: Option<u32>,
    pub research: Option<u32>,
    pub public: Option<u32>,
    pub other: Option<u32>,
    pub as_of: Option<String>,
    pub as_of_iso: Option<String>,
    /// Counted from the organisations listing the cluster (it states no figures).
    pub computed: bool,
    /// Each kind's share of the total as the page language writes it ("42 %"), by kind.
    pub shares: BTreeMap<&'static str, String>,
}

impl MembersView {
    fn with_shares(mut self, l: &Lang) -> Self {
        let total = self.total.unwrap_or(0);
        for (kind, n) in [
            ("smes", self.smes),
            ("large", self.large),
            ("research", self.research),
            ("public", self.public),
            ("other", self.other),
        ] {
            if let Some(n) = n {
                self.shares.insert(kind, l.share(n, total));
            }
        }
        self
    }
}

/// A cluster's member organisations of one kind.
#[derive(Serialize)]
pub struct MemberGroup {
    pub kind: OrganisationKind,
    pub label: String,
    pub count: usize,
    pub members: Vec<TextLink>,
}

/// How many members of each kind a cluster profile names; the rest are on the
/// organisations list's page of the cluster.
const MEMBERS_SHOWN: usize = 12;

/// Members grouped by kind, in the order of the kinds.
fn member_groups(l: &Lang, members: &[&Organisation]) -> Vec<MemberGroup> {
    OrganisationKind::ALL
        .iter()
        .filter_map(|kind| {
            let of_kind: Vec<&&Organisation> = members.iter().filter(|o| o.kind == *kind).collect();
            (!of_kind.is_empty()).then(|| MemberGroup {
                kind: *kind,
                label: l.label("kinds_org_", kind.as_str()),
                count: of_kind.len(),
                members: of_kind
                    .iter()
                    .take(MEMBERS_SHOWN)
                    .map(|o| {
                        TextLink::new(
                            l.text(&o.name),
                            l.href(&routes::organisation_in(l.site, l.tag, o)),
                        )
                    })
                    .collect(),
            })
        })
        .collect()
}

#[derive(Serialize)]
pub struct SocialLink {
    pub url: String,
    pub host: String,
}

#[derive(Serialize)]
pub struct ClusterView {
    #[serde(flatten)]
    pub card: ClusterCard,
    pub body: LHtml,
    pub website: String,
    pub contact: ContactView,
    pub founded: Option<i32>,
    pub members: Option<MembersView>,
    pub labels_current: Vec<LabelView>,
    pub labels_expired: Vec<LabelView>,
    pub social: Vec<SocialLink>,
    pub location: Option<BTreeMap<&'static str, f64>>,
    /// The small map of where it is.
    pub locator: Option<super::map::Locator>,
    pub updated: String,
    pub updated_iso: String,
    pub events: Vec<EventCard>,
    pub news: Vec<NewsCard>,
    pub member_groups: Vec<MemberGroup>,
    pub members_listed: usize,
    /// The organisations list's page of this cluster's members.
    pub members_url: String,
    pub untranslated: bool,
}

/// `events` and `news` are the cluster's own, newest first; `members` its organisations,
/// all listed at `members_url`.
pub fn cluster_view(
    l: &Lang,
    c: &Cluster,
    events: &[&Event],
    news: &[&News],
    members: &[&Organisation],
    members_url: String,
) -> ClusterView {
    let counted = || {
        let mut n = MemberCounts::default();
        members.iter().for_each(|o| n.add(o));
        let some = |x: u32| (x > 0).then_some(x);
        MembersView {
            total: some(n.total),
            smes: some(n.smes),
            large: some(n.large),
            research: some(n.research),
            public: some(n.public),
            other: some(n.other),
            as_of: None,
            as_of_iso: None,
            computed: true,
            shares: BTreeMap::new(),
        }
    };
    let all: Vec<LabelView> = c.labels.iter().map(|x| label_view(l, x)).collect();
    ClusterView {
        card: cluster_card(l, c),
        body: l.html(&c.body),
        website: c.website.clone(),
        contact: ContactView::of(l, &c.contact),
        founded: c.founded,
        members: c
            .members
            .as_ref()
            .map(|m| MembersView {
                total: m.total,
                smes: m.smes,
                large: m.large,
                research: m.research,
                public: m.public,
                other: m.other,
                as_of: m.as_of.map(|d| l.date(d)),
                as_of_iso: m.as_of.map(|d| d.to_string()),
                computed: false,
                shares: BTreeMap::new(),
            })
            .or_else(|| (!members.is_empty()).then(counted))
            .map(|m| m.with_shares(l)),
        labels_current: all.iter().filter(|x| x.current).cloned().collect(),
        labels_expired: all.iter().filter(|x| x.expired).cloned().collect(),
        social: c
            .social
            .iter()
            .map(|u| SocialLink {
                url: u.clone(),
                host: host_of(u),
            })
            .collect(),
        location: c
            .location
            .map(|(lat, lon)| BTreeMap::from([("lat", lat), ("lon", lon)])),
        locator: None,
        updated: l.date(c.updated),
        updated_iso: c.updated.to_string(),
        events: events.iter().take(6).map(|e| event_card(l, e)).collect(),
        news: news.iter().take(6).map(|n| news_card(l, n)).collect(),
        member_groups: member_groups(l, members),
        members_listed: members.len(),
        members_url,
        untranslated: !is_translated(&[Some(&c.summary), Some(&c.body)], l.tag),
    }
}

pub fn cluster_links(l: &Lang, slugs: &[String]) -> Vec<TextLink> {
    slugs
        .iter()
        .filter_map(|s| l.cluster_named(s))
        .map(|c| TextLink::new(l.text(&c.name), l.href(&routes::cluster(l.tag, &c.slug))))
        .collect()
}

/// A cluster's profile page.
pub fn page(cx: &PageCx, i: usize) -> PageContent {
    let (l, site) = (cx.l, cx.site());
    let c = cx.read.cluster(i);
    let events: Vec<&Event> = cx.events_of(i).iter().map(|e| cx.read.event(*e)).collect();
    let news: Vec<&News> = cx.news_of(i).iter().map(|n| cx.read.news(*n)).collect();
    let members: Vec<&Organisation> = cx
        .members_of(i)
        .iter()
        .map(|o| cx.read.organisation(*o))
        .collect();
    // Every organisation in the cluster: the whole list is its members' page.
    let orgs = crate::plan::facets::Listing::Organisations;
    let members_url = l.href(&cx.facets(orgs).term_url(orgs, l.tag, "clusters", &c.slug));
    let mut v = cluster_view(l, c, &events, &news, &members, members_url);
    v.locator = super::map::locator(
        cx,
        c.location,
        &v.card.name.text,
        c.region.as_deref(),
        Some(format!("place-c-{}", c.slug)),
    );
    let og_image = c.logo.as_ref().filter(|a| shareable(&a.url())).map(|logo| {
        let alt = v.card.logo.as_ref().map(|x| x.alt.text.clone());
        (site.config.permalink(&logo.url()), alt.unwrap_or_default())
    });
    PageContent {
        description: v.card.summary.text.clone(),
        untranslated: v.untranslated,
        parent: Some(Link {
            name: cx.t("nav_clusters"),
            url: l.href(&routes::clusters(l.tag)),
        }),
        og_image,
        jsonld: Some(jsonld::organization(site, l, c)),
        title_lang: v.card.name.fallback_lang(),
        ..PageContent::new(
            "cluster.html",
            "cluster",
            v.card.name.text.clone(),
            View::Cluster(Box::new(v)),
        )
    }
}
