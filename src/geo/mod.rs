//! Maps drawn at build time, as SVG, with no tiles, fonts or scripts from another host: a
//! projection fitted to the programme's area ([`projection`]), outlines simplified to what
//! the drawing can show ([`simplify`]), and the [`MapLayout`] every map of a build shares
//! (the `/map/` page, the small maps on profiles, `/map/base.svg`).

pub mod projection;
pub mod simplify;

pub use projection::{Bounds, Projection};
pub use simplify::inside;

use crate::model::Site;
use std::fmt::Write;

/// Where [`MapLayout::base_svg`] is published.
pub const BASE_PATH: &str = "map/base.svg";

/// Width of every map drawing in SVG user units; the height follows the area's shape.
pub const WIDTH: f64 = 800.0;
/// Outline detail finer than this many user units is dropped (a map 800 units wide is
/// shown at most about 800 px wide: half a pixel is invisible).
const TOLERANCE: f64 = 0.5;

/// Fills of the regions, light enough for dark labels (contrast above 12:1 with #1b2733).
const TINTS: [&str; 6] = [
    "#dbe7f0", "#e3ecd9", "#f0e6d6", "#e5def0", "#d6ece6", "#efdfe5",
];
/// Size of region names, in user units (the stylesheet's `.map-region-label`).
const LABEL_SIZE: f64 = 16.0;
const SEA: &str = "#f3f7fa";
const OUTLINE: &str = "#8a9aa8";

/// Whether the site has anything to draw (then [`MapLayout::of`] is `Some`), without drawing.
pub fn has_places(site: &Site) -> bool {
    site.map.as_ref().is_some_and(|m| !m.regions.is_empty())
        || site.clusters.iter().any(|c| c.location.is_some())
        || site.organisations.iter().any(|o| o.location.is_some())
}

/// Where the maps of a build are drawn and what they show besides places.
#[derive(Debug, Clone)]
pub struct MapLayout {
    pub projection: Projection,
    /// Each region's outline and label position, in the order of the map file.
    pub regions: Vec<RegionPath>,
}

#[derive(Debug, Clone)]
pub struct RegionPath {
    pub region: String,
    /// SVG path data, projected and simplified.
    pub d: String,
    /// Where its name goes: inside its largest part, far from the edges.
    pub label: (f64, f64),
    pub tint: &'static str,
}

impl MapLayout {
    /// The layout for `site`: the area of its regions and every cluster with a location,
    /// with a margin; without either, of its organisations. `None` when nothing has a place.
    pub fn of(site: &Site) -> Option<MapLayout> {
        let region_points = site
            .map
            .iter()
            .flat_map(|m| &m.regions)
            .flat_map(|r| r.polygons.iter().flatten().flatten().copied());
        let cluster_points = site.clusters.iter().filter_map(|c| c.location);
        let area = Bounds::of(region_points.chain(cluster_points))
            .or_else(|| Bounds::of(site.organisations.iter().filter_map(|o| o.location)))?;
        let projection = Projection::fit(area.padded(0.04, 0.25), WIDTH);
        let regions = site
            .map
            .iter()
            .flat_map(|m| &m.regions)
            .enumerate()
            .filter_map(|(i, r)| region_path(&projection, r, TINTS[i % TINTS.len()]))
            .collect();
        Some(MapLayout {
            projection,
            regions,
        })
    }

    /// Where `(lat, lon)` is drawn, if inside the drawing.
    pub fn place(&self, location: (f64, f64)) -> Option<(f64, f64)> {
        self.projection
            .bounds()
            .contains(location)
            .then(|| self.projection.project(location))
    }

    pub fn width(&self) -> f64 {
        self.projection.width
    }
    pub fn height(&self) -> f64 {
        self.projection.height
    }

    /// What every map of the site draws under its places: the sea, then the regions, or
    /// without regions a graticule, so the points still stand in a frame of degrees.
    /// `labels` are the regions' names (in the page's language), drawn when given.
    pub fn background(&self, labels: Option<&dyn Fn(&str) -> String>) -> String {
        let (w, h) = (self.width(), self.height());
        let mut svg = format!("<rect width=\"{w:.0}\" height=\"{h:.1}\" fill=\"{SEA}\"/>");
        if self.regions.is_empty() {
            svg.push_str(&self.graticule());
        }
        for r in &self.regions {
            let _ = write!(
                svg,
                "<path d=\"{}\" fill=\"{}\" stroke=\"{OUTLINE}\" stroke-width=\"1\" fill-rule=\"evenodd\"/>",
                r.d, r.tint
            );
        }
        if let Some(name) = labels {
            for r in &self.regions {
                let name = name(&r.region);
                // Kept inside the drawing: a label is centred on its point, and a region on
                // the edge would lose the ends of its name. Its width is estimated (about
                // 0.6 em a letter at the stylesheet's 16 units): the font is the reader's.
                let half = name.chars().count() as f64 * LABEL_SIZE * 0.3 + 4.0;
                let x = r.label.0.clamp(half.min(w / 2.0), (w - half).max(w / 2.0));
                // A white copy under the name is its halo over outlines (CSS `paint-order`
                // would do it with one element, but the Nu checker's CSS does not know it).
                let name = crate::feeds::xml_escape(&name);
                let _ = write!(
                    svg,
                    "<text x=\"{x:.1}\" y=\"{y:.1}\" class=\"map-region-halo\">{name}</text><text x=\"{x:.1}\" y=\"{y:.1}\" class=\"map-region-label\">{name}</text>",
                    y = r.label.1,
                );
            }
        }
        svg
    }

    /// `/map/base.svg`: the background alone, which the small maps on profiles show under
    /// their one point (one file the browser caches instead of the outlines on every page).
    pub fn base_svg(&self) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0} {:.1}\">{}</svg>\n",
            self.width(),
            self.height(),
            self.background(None)
        )
    }

    /// Lines of latitude and longitude every 1, 2, 5 or 10 degrees, as the area's size asks.
    fn graticule(&self) -> String {
        let b = self.projection.bounds();
        let span = (b.max_lat - b.min_lat).max(b.max_lon - b.min_lon);
        let step = [0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
            .into_iter()
            .find(|s| span / s <= 12.0)
            .unwrap_or(30.0);
        let mut d = String::new();
        let mut lat = (b.min_lat / step).ceil() * step;
        while lat <= b.max_lat {
            let (x0, y) = self.projection.project((lat, b.min_lon));
            let (x1, _) = self.projection.project((lat, b.max_lon));
            let _ = write!(d, "M{x0:.1} {y:.1}H{x1:.1}");
            lat += step;
        }
        let mut lon = (b.min_lon / step).ceil() * step;
        while lon <= b.max_lon {
            let (x, y0) = self.projection.project((b.max_lat, lon));
            let (_, y1) = self.projection.project((b.min_lat, lon));
            let _ = write!(d, "M{x:.1} {y0:.1}V{y1:.1}");
            lon += step;
        }
        format!("<path d=\"{d}\" fill=\"none\" stroke=\"#c9d3dc\" stroke-width=\"1\"/>")
    }

    /// A hash of what decides where places are drawn, for `serve`'s notes: pages that
    /// place a point depend on it.
    pub fn frame_hash(&self) -> u64 {
        let b = self.projection.bounds();
        crate::render::reads::hash_of(
            [b.min_lat, b.max_lat, b.min_lon, b.max_lon].map(f64::to_bits),
        )
    }
}

fn region_path(
    p: &Projection,
    r: &crate::model::RegionShape,
    tint: &'static str,
) -> Option<RegionPath> {
    let mut d = String::new();
    let mut largest: Option<(f64, Vec<(f64, f64)>)> = None;
    for polygon in &r.polygons {
        for (i, ring) in polygon.iter().enumerate() {
            let projected: Vec<(f64, f64)> = ring.iter().map(|&l| p.project(l)).collect();
            let Some(ring) = simplify::simplify_ring(&projected, TOLERANCE) else {
                continue;
            };
            for (j, (x, y)) in ring[..ring.len() - 1].iter().enumerate() {
                let _ = write!(d, "{}{x:.1} {y:.1}", if j == 0 { 'M' } else { 'L' });
            }
            d.push('Z');
            let a = simplify::area(&ring).abs();
            if i == 0 && largest.as_ref().is_none_or(|(best, _)| a > *best) {
                largest = Some((a, ring));
            }
        }
    }
    let (_, ring) = largest?;
    Some(RegionPath {
        region: r.region.clone(),
        d,
        label: simplify::label_point(&ring),
        tint,
    })
}
