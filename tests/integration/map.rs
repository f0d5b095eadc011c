//! Maps: the demo's `/map/` places every cluster and organisation with a location (counted
//! again here from the open data), profiles carry their small map, nothing is fetched from
//! another host; `check` reports a broken `regions.geojson` with positions; a site without
//! one still gets a map of its points.

use crate::fixture::*;
use crate::plan::demo;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// `name="value"` attributes of every element of `html` whose start tag begins with
/// `open` (`<a class="pin`), in order.
fn attributes(html: &str, open: &str, name: &str) -> Vec<String> {
    html.match_indices(open)
        .map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            let key = format!(" {name}=\"");
            let start = tag
                .find(&key)
                .unwrap_or_else(|| panic!("no {name} in {tag}"))
                + key.len();
            tag[start..start + tag[start..].find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn the_demo_map_places_every_cluster_and_organisation() {
    let f = demo();
    let out = f.run(&["build", "--date", "2026-11-26", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |p: &str| f.read(&format!("public/{p}"));
    let located = |file: &str, list: &str, prefix: &str| -> BTreeSet<String> {
        let v: Value = serde_json::from_str(&read(file)).unwrap();
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["location"].is_object())
            .map(|r| format!("{prefix}{}", r["slug"].as_str().unwrap()))
            .collect()
    };
    let mut expected = located("data/clusters.json", "clusters", "place-c-");
    let clusters = expected.len();
    expected.extend(located(
        "data/organisations.json",
        "organisations",
        "place-o-",
    ));
    assert!(clusters >= 20 && expected.len() > 150, "{}", expected.len());

    for page in ["map/index.html", "de/map/index.html"] {
        let html = read(page);
        // The list beside the map holds every place once.
        let listed: Vec<String> = attributes(&html, "<li class=\"card place", "id");
        let listed_set: BTreeSet<String> = listed.iter().cloned().collect();
        assert_eq!(
            listed.len(),
            listed_set.len(),
            "{page}: a place listed twice"
        );
        assert_eq!(listed_set, expected, "{page}");
        // Every place is behind exactly one pin, and a pin's number is its places'.
        let mut behind: BTreeMap<String, usize> = BTreeMap::new();
        let members = attributes(&html, "<a class=\"pin", "data-members");
        let styles = attributes(&html, "<a class=\"pin", "style");
        for (m, style) in members.iter().zip(&styles) {
            for id in m.split_whitespace() {
                *behind.entry(id.to_string()).or_default() += 1;
            }
            // Inside the drawing.
            for part in style.split(';').filter(|p| !p.trim().is_empty()) {
                let v: f64 = part
                    .split(':')
                    .nth(1)
                    .unwrap()
                    .trim()
                    .trim_end_matches('%')
                    .parse()
                    .unwrap();
                assert!((0.0..=100.0).contains(&v), "{page}: pin at {style}");
            }
        }
        assert_eq!(
            behind.keys().cloned().collect::<BTreeSet<_>>(),
            expected,
            "{page}"
        );
        assert!(
            behind.values().all(|n| *n == 1),
            "{page}: a place behind two pins"
        );
        assert!(members.len() < expected.len(), "close places share a pin");
        // The regions are drawn, with their names in the page's language.
        assert_eq!(
            html.matches("<path d=\"M").count(),
            5,
            "{page}: one path per region"
        );
        let region = if page.starts_with("de/") {
            "Westliche Fjorde"
        } else {
            "Western Fjords"
        };
        assert!(
            html.contains(&format!("class=\"map-region-label\">{region}</text>")),
            "{page}"
        );
    }

    // The shared drawing under the small maps, and a small map on profiles and events.
    let base = read("map/base.svg");
    assert!(base.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 "));
    assert_eq!(base.matches("<path ").count(), 5);
    for page in [
        "clusters/arctic-seafood/index.html",
        "de/clusters/arctic-seafood/index.html",
        "events/annual-cluster-meeting-2027/index.html",
    ] {
        let html = read(page);
        assert!(
            html.contains("<image href=\"/map/base.svg\" width=\"800\""),
            "{page}: no small map"
        );
        assert!(html.contains("class=\"locator-pin\""), "{page}");
    }
    assert!(
        read("clusters/arctic-seafood/index.html")
            .contains("href=\"/map/#place-c-arctic-seafood\"")
    );
    assert!(
        read("de/clusters/arctic-seafood/index.html")
            .contains("aria-label=\"Arctic Seafood Cluster, in Arktischer Norden, auf der Karte\"")
    );
    // An event abroad is outside the drawn area: no small map rather than a wrong one.
    assert!(!read("events/hydrogen-study-tour-hamburg/index.html").contains("locator-pin"));
}

const REGIONS_OK: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"region": "west"},
   "geometry": {"type": "Polygon", "coordinates": [[[4.5, 59.5], [7.5, 59.5], [7.5, 62.5], [4.5, 62.5], [4.5, 59.5]]]}}
]}
"#;

#[test]
fn check_reports_a_broken_map_file_at_its_position() {
    let f = Fixture::valid();
    f.write(
        "content/map/regions.geojson",
        &REGIONS_OK.replace("\"west\"", "\"wets\""),
    );
    let out = f.run(&["check", "--format", "json"]);
    assert!(!out.status.success());
    let d = diagnostics(&out);
    assert_eq!(
        d,
        [(
            "content/map/regions.geojson".to_string(),
            2,
            "E025".to_string(),
            "error".to_string(),
            "map feature 1: unknown region `wets`".to_string()
        )]
    );
    f.write(
        "content/map/regions.geojson",
        "{\"type\": \"FeatureCollection\",\n \"features\": [}\n",
    );
    let d = diagnostics(&f.run(&["check", "--format", "json"]));
    assert_eq!((d[0].1, d[0].2.as_str()), (2, "E025"), "{d:?}");
    assert!(d[0].4.starts_with("the map is not valid GeoJSON"), "{d:?}");

    // A place outside its region's outline is a warning, with the likely cause.
    f.write("content/map/regions.geojson", REGIONS_OK);
    f.edit(
        "content/clusters/oceanlab.md",
        "region = \"west\"\n",
        "region = \"west\"\nlocation = { lat = 5.32, lon = 60.39 }\n",
    );
    let out = f.run(&["check", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let d = diagnostics(&out);
    let w: Vec<_> = d.iter().filter(|x| x.2 == "W009").collect();
    assert_eq!(w.len(), 1, "{d:?}");
    assert_eq!(w[0].0, "content/clusters/oceanlab.md");
    assert!(w[0].4.contains("lies outside region `west`"), "{d:?}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hint = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "W009")
        .unwrap()["hint"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(hint.contains("swapped"), "{hint}");
}

#[test]
fn a_site_without_regions_maps_its_points_on_a_graticule() {
    let f = Fixture::valid();
    f.edit(
        "content/clusters/oceanlab.md",
        "region = \"west\"\n",
        "region = \"west\"\nlocation = { lat = 60.39, lon = 5.32 }\n",
    );
    let out = f.run(&["build", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = f.read("public/map/index.html");
    assert_eq!(
        attributes(&html, "<a class=\"pin", "href"),
        ["/clusters/oceanlab/"]
    );
    // One point: it is in the middle of its padded area.
    assert_eq!(
        attributes(&html, "<a class=\"pin", "style"),
        ["left: 50.00%; top: 50.00%"]
    );
    assert!(html.contains("stroke=\"#c9d3dc\""), "no graticule");
    // The cluster without a location is named under the map.
    assert!(html.contains("<a href=\"/clusters/hydro/\">Hydrogen Coast</a>"));
    assert!(
        f.read("public/clusters/oceanlab/index.html")
            .contains("locator-pin")
    );
}
