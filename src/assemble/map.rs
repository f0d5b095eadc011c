//! The programme's map (`content/map/regions.geojson`): a GeoJSON FeatureCollection
//! (RFC 7946, WGS 84) with one feature per region of the `regions` vocabulary, as `Polygon`
//! or `MultiPolygon`. Read with serde rather than a GeoJSON crate because serde gives the
//! positions `check` reports: a file that is not JSON at its line and column, anything wrong
//! with a feature at that feature.

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{REGIONS, RegionMap, RegionShape, Taxonomies};
use crate::source::{Loc, SourceId};
use serde::Deserialize;
use serde_json::value::RawValue;

pub const MAP_FILE: &str = "content/map/regions.geojson";

#[derive(Deserialize)]
struct RawCollection<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    features: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct RawFeature {
    #[serde(rename = "type")]
    kind: Option<String>,
    properties: Option<serde_json::Map<String, serde_json::Value>>,
    geometry: Option<RawGeometry>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Option<serde_json::Value>,
}

/// Polygons of (lat, lon) rings.
type Polygons = Vec<Vec<Vec<(f64, f64)>>>;

/// The regions of `text`, or `None` (with the reasons in `diags`) when the file is unusable.
/// A feature with a problem is reported and left out; the others are drawn.
pub(super) fn parse_map(
    text: &str,
    file: SourceId,
    taxonomies: &Taxonomies,
    diags: &mut Diagnostics,
) -> Option<RegionMap> {
    let at = |span: std::ops::Range<usize>| Loc::new(file, span);
    let whole = 0..text.len().min(1);
    let raw: RawCollection = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let offset = offset_of(text, e.line(), e.column());
            diags.push(
                Diagnostic::error("E025", format!("the map is not valid GeoJSON: {e}"))
                    .at(at(offset..offset))
                    .hint("a GeoJSON FeatureCollection: {\"type\": \"FeatureCollection\", \"features\": [...]}"),
            );
            return None;
        }
    };
    let (Some("FeatureCollection"), Some(features)) = (raw.kind.as_deref(), raw.features) else {
        diags.push(
            Diagnostic::error(
                "E025",
                "the map must be a GeoJSON FeatureCollection with `features`",
            )
            .at(at(whole)),
        );
        return None;
    };
    let known: Vec<&str> = taxonomies.terms(REGIONS).map(|(t, _)| t.as_str()).collect();
    let mut regions: Vec<RegionShape> = Vec::new();
    for (n, raw) in features.iter().enumerate() {
        let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let span = start..start + raw.get().len();
        let mut report = |message: String, hint: Option<String>| {
            let mut d = Diagnostic::error("E025", format!("map feature {}: {message}", n + 1))
                .at(at(span.start..span.start + 1));
            d.hint = hint;
            diags.push(d);
        };
        let feature: RawFeature = match serde_json::from_str(raw.get()) {
            Ok(f) => f,
            Err(e) => {
                report(format!("not a GeoJSON feature: {e}"), None);
                continue;
            }
        };
        if feature.kind.as_deref() != Some("Feature") {
            report("`type` must be \"Feature\"".into(), None);
            continue;
        }
        let region = feature
            .properties
            .as_ref()
            .and_then(|p| p.get("region"))
            .and_then(|r| r.as_str());
        let Some(region) = region else {
            report(
                "needs `properties.region`, a term of [regions]".into(),
                Some(format!("known regions: {}", known.join(", "))),
            );
            continue;
        };
        if !known.contains(&region) {
            let hint = match did_you_mean(region, known.iter().copied()) {
                Some(s) => format!("{s} Regions are declared in content/taxonomies.toml"),
                None => format!("known regions: {}", known.join(", ")),
            };
            report(format!("unknown region `{region}`"), Some(hint));
            continue;
        }
        let polygons = match feature.geometry {
            Some(g) => polygons(&g),
            None => Err("has no geometry".into()),
        };
        match polygons {
            // A region in several features (its islands apart, say) is drawn as one.
            Ok(polygons) => match regions.iter_mut().find(|r| r.region == region) {
                Some(shape) => shape.polygons.extend(polygons),
                None => regions.push(RegionShape {
                    region: region.to_string(),
                    polygons,
                }),
            },
            Err(message) => report(message, None),
        }
    }
    Some(RegionMap { regions })
}

/// The rings of a Polygon or MultiPolygon, as (lat, lon) like records write places.
fn polygons(g: &RawGeometry) -> Result<Polygons, String> {
    let coordinates = g.coordinates.clone().unwrap_or_default();
    let parsed: Result<Polygons, String> = match g.kind.as_str() {
        "Polygon" => serde_json::from_value::<Vec<Vec<Vec<f64>>>>(coordinates)
            .map_err(|e| e.to_string())
            .and_then(|p| Ok(vec![polygon(p)?])),
        "MultiPolygon" => serde_json::from_value::<Vec<Vec<Vec<Vec<f64>>>>>(coordinates)
            .map_err(|e| e.to_string())
            .and_then(|ps| ps.into_iter().map(polygon).collect()),
        other => {
            return Err(format!(
                "a region is drawn as a Polygon or MultiPolygon, not a {other}"
            ));
        }
    };
    parsed.map_err(|e| format!("coordinates of the {}: {e}", g.kind))
}

fn polygon(rings: Vec<Vec<Vec<f64>>>) -> Result<Vec<Vec<(f64, f64)>>, String> {
    if rings.is_empty() {
        return Err("a polygon needs an outer ring".into());
    }
    rings
        .into_iter()
        .map(|ring| {
            if ring.len() < 4 {
                return Err(format!(
                    "a ring needs at least 4 positions (the first repeated last), not {}",
                    ring.len()
                ));
            }
            ring.into_iter()
                .map(|p| match p.as_slice() {
                    [lon, lat, ..]
                        if (-180.0..=180.0).contains(lon) && (-90.0..=90.0).contains(lat) =>
                    {
                        Ok((*lat, *lon))
                    }
                    [lon, lat, ..] => Err(format!(
                        "position [{lon}, {lat}] is not [longitude, latitude] in WGS 84"
                    )),
                    _ => Err("a position needs a longitude and a latitude".into()),
                })
                .collect()
        })
        .collect()
}

/// Byte offset of a 1-based line and column as serde_json reports them.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// Warn where a cluster's or organisation's `location` lies outside the outline of its
/// `region` (W009): most often latitude and longitude swapped, or a region mistyped.
pub(super) fn check_places(
    site: &crate::model::Site,
    map_file: Option<SourceId>,
    diags: &mut Diagnostics,
) {
    let (Some(map), Some(_)) = (&site.map, map_file) else {
        return;
    };
    let places = site
        .clusters
        .iter()
        .map(|c| (&c.region, c.location, &c.origin))
        .chain(
            site.organisations
                .iter()
                .map(|o| (&o.region, o.location, &o.origin)),
        );
    for (region, location, origin) in places {
        let (Some(region), Some(location)) = (region, location) else {
            continue;
        };
        let Some(shape) = map.regions.iter().find(|r| &r.region == region) else {
            continue;
        };
        if shape.contains(location) {
            continue;
        }
        let (lat, lon) = location;
        let mut d = Diagnostic::warning(
            "W009",
            format!(
                "`location` ({lat}, {lon}) lies outside region `{region}` on the map ({MAP_FILE})"
            ),
        )
        .at_path(origin.file.clone());
        if shape.contains((lon, lat)) {
            d = d.hint("latitude and longitude look swapped: `location = { lat = …, lon = … }`");
        }
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Sources};
    use crate::text::Text;

    fn check(text: &str) -> (Option<RegionMap>, Vec<(String, usize, usize)>) {
        let mut tax = Taxonomies::default();
        tax.vocabularies.insert(
            REGIONS.into(),
            [("west", "West"), ("north", "North")]
                .into_iter()
                .map(|(t, l)| (t.to_string(), Text::english(l)))
                .collect(),
        );
        let mut sources = Sources::default();
        let id = sources.add(SourceFile::new(
            MAP_FILE.into(),
            MAP_FILE.into(),
            text.into(),
        ));
        let mut diags = Diagnostics::default();
        let map = parse_map(text, id, &tax, &mut diags);
        let seen = diags
            .items
            .iter()
            .map(|d| {
                let (_, line, col) = crate::diag::position(d, &sources);
                (d.message.clone(), line, col)
            })
            .collect();
        (map, seen)
    }

    const SQUARE: &str = "[[[5,60],[6,60],[6,61],[5,61],[5,60]]]";

    fn feature(region: &str, geometry: &str) -> String {
        format!(
            "{{\"type\": \"Feature\", \"properties\": {{\"region\": \"{region}\"}}, \"geometry\": {geometry}}}"
        )
    }

    fn collection(features: &[String]) -> String {
        format!(
            "{{\"type\": \"FeatureCollection\",\n \"features\": [\n  {}\n]}}\n",
            features.join(",\n  ")
        )
    }

    #[test]
    fn regions_are_read_as_lat_lon_rings() {
        let text = collection(&[
            feature(
                "west",
                &format!("{{\"type\": \"Polygon\", \"coordinates\": {SQUARE}}}"),
            ),
            feature(
                "north",
                &format!("{{\"type\": \"MultiPolygon\", \"coordinates\": [{SQUARE}, {SQUARE}]}}"),
            ),
        ]);
        let (map, seen) = check(&text);
        assert!(seen.is_empty(), "{seen:?}");
        let map = map.unwrap();
        assert_eq!(map.regions.len(), 2);
        // A second feature of a region adds to it.
        let again = feature(
            "west",
            &format!("{{\"type\": \"Polygon\", \"coordinates\": {SQUARE}}}"),
        );
        let text = text.replacen("  {", &format!("  {again},\n  {{"), 1);
        let (twice, seen) = check(&text);
        assert!(seen.is_empty(), "{seen:?}");
        assert_eq!(twice.unwrap().regions[0].polygons.len(), 2);
        assert_eq!(map.regions[0].region, "west");
        assert_eq!(map.regions[0].polygons[0][0][1], (60.0, 6.0));
        assert_eq!(map.regions[1].polygons.len(), 2);
    }

    #[test]
    fn a_syntax_error_is_reported_at_its_line_and_column() {
        let (map, seen) = check("{\"type\": \"FeatureCollection\",\n \"features\": [,]}");
        assert!(map.is_none());
        assert_eq!(seen.len(), 1);
        assert!(
            seen[0].0.starts_with("the map is not valid GeoJSON: "),
            "{seen:?}"
        );
        assert_eq!((seen[0].1, seen[0].2), (2, 15));
    }

    #[test]
    fn a_bad_feature_is_reported_at_the_feature_and_the_rest_are_kept() {
        let good = feature(
            "west",
            &format!("{{\"type\": \"Polygon\", \"coordinates\": {SQUARE}}}"),
        );
        let text = collection(&[
            good,
            feature(
                "wset",
                &format!("{{\"type\": \"Polygon\", \"coordinates\": {SQUARE}}}"),
            ),
            feature("north", "{\"type\": \"Point\", \"coordinates\": [5, 60]}"),
            feature(
                "north",
                "{\"type\": \"Polygon\", \"coordinates\": [[[5,60],[6,60],[5,60]]]}",
            ),
            feature(
                "north",
                "{\"type\": \"Polygon\", \"coordinates\": [[[60,500],[6,60],[6,61],[60,500]]]}",
            ),
            "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": null}".to_string(),
        ]);
        let (map, seen) = check(&text);
        assert_eq!(map.unwrap().regions.len(), 1);
        let brief: Vec<(&str, usize, usize)> =
            seen.iter().map(|(m, l, c)| (m.as_str(), *l, *c)).collect();
        assert_eq!(
            brief,
            [
                ("map feature 2: unknown region `wset`", 4, 3),
                (
                    "map feature 3: a region is drawn as a Polygon or MultiPolygon, not a Point",
                    5,
                    3
                ),
                (
                    "map feature 4: coordinates of the Polygon: a ring needs at least 4 positions (the first repeated last), not 3",
                    6,
                    3
                ),
                (
                    "map feature 5: coordinates of the Polygon: position [60, 500] is not [longitude, latitude] in WGS 84",
                    7,
                    3
                ),
                (
                    "map feature 6: needs `properties.region`, a term of [regions]",
                    8,
                    3
                ),
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_a_feature_collection_is_refused() {
        let (map, seen) = check("{\"type\": \"Feature\"}");
        assert!(map.is_none());
        assert_eq!(
            seen,
            [(
                "the map must be a GeoJSON FeatureCollection with `features`".to_string(),
                1,
                1
            )]
        );
    }
}
