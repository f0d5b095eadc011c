//! The map page (`/map/`): every cluster with a place, and the organisations of a programme
//! small enough to draw them all, as pins on the regions, with the same places as a list by
//! region beside it (which is also what the filters act on); and the small map a profile
//! shows of its one place ([`locator`]).

use super::directory::FacetGroup;
use crate::geo::MapLayout;
use crate::model::{FixedList, OrganisationKind, REGIONS, SECTORS};
use crate::render::PageCx;
use crate::render::collate;
use crate::render::frame::{PageContent, View};
use crate::render::lang::*;
use crate::routes;
use serde::Serialize;
use std::collections::BTreeMap;

/// The most organisations the map page draws: beyond that their pins cover the map and its
/// list outweighs the rest of the page; the organisations' directory lists them all.
pub const MAX_ORGANISATIONS: usize = 1000;

/// Pins are 24 CSS px (WCAG 2.5.8), and the map is never drawn narrower than
/// `MIN_WIDTH_PX` (narrower screens scroll it, as maps may): places whose pins would come
/// closer than `PIN_SPACING_PX` there share one pin, which says how many it stands for.
const MIN_WIDTH_PX: f64 = 480.0;
const PIN_SPACING_PX: f64 = 28.0;

#[derive(Serialize)]
pub struct MapPlace {
    /// Its element's id in the list, which its pin links to.
    id: String,
    name: LText,
    url: String,
    /// `cluster` or `organisation`, for its look.
    kind: &'static str,
    /// "Cluster", "Company", ... in the page's language.
    type_label: String,
    city: Option<String>,
    /// Filter terms, space-separated (`data-*` attributes filters.js reads).
    types: String,
    sectors: String,
    regions: String,
}

#[derive(Serialize)]
pub struct MapPin {
    /// Position in per cent of the map's width and height.
    left: String,
    top: String,
    href: String,
    /// The accessible name: the place, or how many places and which.
    label: String,
    count: usize,
    /// Ids of the places it stands for.
    members: String,
    kind: &'static str,
}

#[derive(Serialize)]
pub struct PlaceGroup {
    label: LText,
    places: Vec<MapPlace>,
}

#[derive(Serialize)]
pub struct MapView {
    /// The drawing under the pins (regions, their names), decorative.
    svg: String,
    width: String,
    height: String,
    pins: Vec<MapPin>,
    /// The places by region, for the list beside the map.
    groups: Vec<PlaceGroup>,
    filters: Vec<FacetGroup>,
    total: usize,
    /// Clusters without a `location`, named so nobody wonders where they are.
    unplaced: Vec<Link>,
    /// Organisations with a place not drawn, because there are too many.
    organisations_left_out: usize,
}

/// A place before it is laid out.
struct Spot {
    place: MapPlace,
    region: Option<String>,
    at: (f64, f64),
}

pub fn page(cx: &PageCx) -> PageContent {
    let (l, site) = (cx.l, cx.site());
    let layout = cx.map_layout();
    let mut spots: Vec<Spot> = Vec::new();
    let mut unplaced = Vec::new();
    let cluster_type = cx.t("map_type_cluster");
    for c in cx.read.all_clusters() {
        let url = l.href(&routes::cluster(l.tag, &c.slug));
        let name = l.text(&c.name);
        match c.location.zip(layout).and_then(|(loc, m)| m.place(loc)) {
            Some(at) => spots.push(Spot {
                place: MapPlace {
                    id: format!("place-c-{}", c.slug),
                    name,
                    url,
                    kind: "cluster",
                    type_label: cluster_type.clone(),
                    city: None,
                    types: "cluster".into(),
                    sectors: c.sectors.join(" "),
                    regions: c.region.clone().unwrap_or_default(),
                },
                region: c.region.clone(),
                at,
            }),
            None => unplaced.push(Link {
                name: name.text,
                url,
            }),
        }
    }
    let organisations = cx.read.all_organisations();
    let placed_orgs = organisations
        .iter()
        .filter(|o| o.location.is_some())
        .count();
    let organisations_left_out = if placed_orgs > MAX_ORGANISATIONS {
        placed_orgs
    } else {
        for o in organisations
            .iter()
            .filter(|o| o.has_page_in(l.tag, &site.config))
        {
            let Some(at) = o.location.zip(layout).and_then(|(loc, m)| m.place(loc)) else {
                continue;
            };
            spots.push(Spot {
                place: MapPlace {
                    id: format!("place-o-{}", o.slug),
                    name: l.text(&o.name),
                    url: l.href(&routes::organisation_in(site, l.tag, o)),
                    kind: "organisation",
                    type_label: l.label("kind_org_", o.kind.as_str()),
                    city: o.city.clone(),
                    types: o.kind.as_str().to_string(),
                    sectors: o.sectors.join(" "),
                    regions: o.region.clone().unwrap_or_default(),
                },
                region: o.region.clone(),
                at,
            });
        }
        0
    };
    let (width, height) = layout.map_or((1.0, 1.0), |m| (m.width(), m.height()));
    let pins = pins(&spots, width, height, |n, names| {
        cx.t("map_pin_group")
            .replace("{n}", &n.to_string())
            .replace("{names}", names)
    });
    let filters = filters(cx, &spots);
    let total = spots.len();
    let svg = layout.map_or_else(String::new, |m| {
        let name = |region: &str| l.term(REGIONS, region, "").label;
        format!(
            "<svg class=\"map-drawing\" viewBox=\"0 0 {:.0} {:.1}\" aria-hidden=\"true\">{}</svg>",
            m.width(),
            m.height(),
            m.background(Some(&name))
        )
    });
    let view = MapView {
        svg,
        width: format!("{width:.0}"),
        height: format!("{height:.1}"),
        pins,
        groups: groups(cx, spots),
        filters,
        total,
        unplaced,
        organisations_left_out,
    };
    PageContent {
        description: cx.t("map_description"),
        ..PageContent::new(
            "map.html",
            "map",
            cx.t("map_title"),
            View::Map(Box::new(view)),
        )
    }
}

/// The pins: places closer than the pin spacing share one, placed at the first of them
/// (pins are laid out top to bottom, which is also their order for the keyboard).
fn pins(
    spots: &[Spot],
    width: f64,
    height: f64,
    group_label: impl Fn(usize, &str) -> String,
) -> Vec<MapPin> {
    let spacing = PIN_SPACING_PX * width / MIN_WIDTH_PX;
    let mut order: Vec<usize> = (0..spots.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (spots[a].at, spots[b].at);
        pa.1.total_cmp(&pb.1).then(pa.0.total_cmp(&pb.0))
    });
    // Each pin: where it is, and the spots it stands for.
    let mut placed: Vec<((f64, f64), Vec<usize>)> = Vec::new();
    for i in order {
        let at = spots[i].at;
        let near = placed.iter_mut().find(|(p, _)| {
            // Pins are squares for the target-size rule: they overlap unless apart on
            // one axis.
            (p.0 - at.0).abs().max((p.1 - at.1).abs()) < spacing
        });
        match near {
            Some((_, members)) => members.push(i),
            None => placed.push((at, vec![i])),
        }
    }
    placed
        .into_iter()
        .map(|((x, y), members)| {
            let first = &spots[members[0]].place;
            let names: Vec<&str> = members
                .iter()
                .map(|&i| spots[i].place.name.text.as_str())
                .collect();
            let label = if members.len() == 1 {
                format!("{} ({})", first.name.text, first.type_label)
            } else {
                group_label(members.len(), &names.join(", "))
            };
            let kind = if members.iter().any(|&i| spots[i].place.kind == "cluster") {
                "cluster"
            } else {
                "organisation"
            };
            MapPin {
                left: format!("{:.2}", x / width * 100.0),
                top: format!("{:.2}", y / height * 100.0),
                href: if members.len() == 1 {
                    first.url.clone()
                } else {
                    format!("#{}", first.id)
                },
                label,
                count: members.len(),
                members: members
                    .iter()
                    .map(|&i| spots[i].place.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                kind,
            }
        })
        .collect()
}

/// The places by region (in the order of the regions' names), then those in no region.
fn groups(cx: &PageCx, spots: Vec<Spot>) -> Vec<PlaceGroup> {
    let l = cx.l;
    let mut by_region: BTreeMap<Option<String>, Vec<MapPlace>> = BTreeMap::new();
    for s in spots {
        let known = s
            .region
            .filter(|r| cx.site().taxonomies.term(REGIONS, r).is_some());
        by_region.entry(known).or_default().push(s.place);
    }
    let mut groups: Vec<(Option<String>, PlaceGroup)> = by_region
        .into_iter()
        .map(|(region, mut places)| {
            places.sort_by(|a, b| {
                (a.kind != "cluster")
                    .cmp(&(b.kind != "cluster"))
                    .then_with(|| collate::compare(l.tag, &a.name.text, &b.name.text))
            });
            let label = match &region {
                Some(r) => {
                    let t = l.term(REGIONS, r, "");
                    LText {
                        text: t.label,
                        lang: t.lang,
                        fallback: t.fallback,
                    }
                }
                None => LText {
                    text: cx.t("map_no_region"),
                    lang: l.tag.to_string(),
                    fallback: false,
                },
            };
            (region, PlaceGroup { label, places })
        })
        .collect();
    groups.sort_by(|(ra, a), (rb, b)| {
        ra.is_none()
            .cmp(&rb.is_none())
            .then_with(|| collate::compare(l.tag, &a.label.text, &b.label.text))
    });
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The filters: type (cluster or kind of organisation), sector and region, with the terms
/// the places have.
fn filters(cx: &PageCx, spots: &[Spot]) -> Vec<FacetGroup> {
    let l = cx.l;
    let count = |f: &dyn Fn(&MapPlace) -> &str| {
        let mut n: BTreeMap<String, usize> = BTreeMap::new();
        for s in spots {
            for term in f(&s.place).split_whitespace() {
                *n.entry(term.to_string()).or_default() += 1;
            }
        }
        n
    };
    let plain = |term: &str, label: String, n: usize| Term {
        term: term.to_string(),
        label,
        lang: l.tag.to_string(),
        fallback: false,
        url: String::new(),
        count: Some(n),
        active: false,
    };
    let types = count(&|p| &p.types);
    let mut type_terms: Vec<Term> = Vec::new();
    if let Some(n) = types.get("cluster") {
        type_terms.push(plain("cluster", cx.t("map_type_cluster"), *n));
    }
    for kind in OrganisationKind::ALL {
        if let Some(n) = types.get(kind.as_str()) {
            type_terms.push(plain(
                kind.as_str(),
                l.label("kind_org_", kind.as_str()),
                *n,
            ));
        }
    }
    let vocabulary = |vocab: &str, counts: BTreeMap<String, usize>| {
        let mut terms: Vec<Term> = counts
            .into_iter()
            .filter(|(t, _)| cx.site().taxonomies.term(vocab, t).is_some())
            .map(|(t, n)| Term {
                count: Some(n),
                url: String::new(),
                ..l.term(vocab, &t, "")
            })
            .collect();
        collate::sort_by_label(l.tag, &mut terms, |t| &t.label);
        terms
    };
    let group = |name: &'static str, terms: Vec<Term>| FacetGroup {
        name,
        label: cx.t(&format!("facet_{name}")),
        any: cx.t(&format!("any_{name}")),
        terms,
    };
    vec![
        group("types", type_terms),
        group("sectors", vocabulary(SECTORS, count(&|p| &p.sectors))),
        group("regions", vocabulary(REGIONS, count(&|p| &p.regions))),
    ]
}

/// The small map on a profile: the programme's regions (`/map/base.svg`) with one point.
#[derive(Serialize)]
pub struct Locator {
    width: String,
    height: String,
    x: String,
    y: String,
    /// Radius of the point, in the drawing's units.
    r: String,
    base_url: String,
    /// What the map shows, for screen readers: "Bergen, in Western Fjords".
    label: String,
    /// The place on the map page.
    map_url: String,
}

/// The locator of a place `name`d, at `location`, whose entry on the map page is `place_id`
/// (when it has one); `None` when it has no place or lies outside the drawn area.
pub fn locator(
    cx: &PageCx,
    location: Option<(f64, f64)>,
    name: &str,
    region: Option<&str>,
    place_id: Option<String>,
) -> Option<Locator> {
    let layout: &MapLayout = cx.map_layout()?;
    let (x, y) = layout.place(location?)?;
    let l = cx.l;
    let label = match region.filter(|r| cx.site().taxonomies.term(REGIONS, r).is_some()) {
        Some(r) => cx
            .t("map_locator_in")
            .replace("{place}", name)
            .replace("{region}", &l.term(REGIONS, r, "").label),
        None => cx.t("map_locator").replace("{place}", name),
    };
    let map = l.href(&routes::map(l.tag));
    Some(Locator {
        width: format!("{:.0}", layout.width()),
        height: format!("{:.1}", layout.height()),
        x: format!("{x:.1}"),
        y: format!("{y:.1}"),
        r: format!("{:.1}", layout.width() / 40.0),
        base_url: l.href(&format!("/{}", crate::geo::BASE_PATH)),
        label,
        map_url: match place_id {
            Some(id) => format!("{map}#{id}"),
            None => map,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(name: &str, at: (f64, f64)) -> Spot {
        Spot {
            place: MapPlace {
                id: format!("place-c-{name}"),
                name: LText {
                    text: name.into(),
                    lang: "en".into(),
                    fallback: false,
                },
                url: format!("/clusters/{name}/"),
                kind: "cluster",
                type_label: "Cluster".into(),
                city: None,
                types: "cluster".into(),
                sectors: String::new(),
                regions: String::new(),
            },
            region: None,
            at,
        }
    }

    #[test]
    fn places_too_close_for_two_pins_share_one() {
        // 800 units shown at 480 px at least: 28 px is 46.7 units.
        let spots = [
            spot("a", (100.0, 100.0)),
            spot("b", (130.0, 120.0)),
            spot("c", (100.0, 150.0)),
            spot("d", (700.0, 500.0)),
        ];
        let pins = pins(&spots, 800.0, 1000.0, |n, names| format!("{n}: {names}"));
        let brief: Vec<(&str, &str, usize, &str, &str)> = pins
            .iter()
            .map(|p| {
                (
                    p.left.as_str(),
                    p.top.as_str(),
                    p.count,
                    p.href.as_str(),
                    p.label.as_str(),
                )
            })
            .collect();
        assert_eq!(
            brief,
            [
                ("12.50", "10.00", 2, "#place-c-a", "2: a, b"),
                ("12.50", "15.00", 1, "/clusters/c/", "c (Cluster)"),
                ("87.50", "50.00", 1, "/clusters/d/", "d (Cluster)"),
            ]
        );
        assert_eq!(pins[0].members, "place-c-a place-c-b");
    }
}
