//! From degrees to the plane of a map drawn in SVG user units.

/// An area in degrees of latitude and longitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

impl Bounds {
    /// The smallest area holding every `(lat, lon)`; `None` for no points.
    pub fn of(points: impl IntoIterator<Item = (f64, f64)>) -> Option<Bounds> {
        points.into_iter().fold(None, |b, (lat, lon)| {
            let p = Bounds {
                min_lat: lat,
                max_lat: lat,
                min_lon: lon,
                max_lon: lon,
            };
            Some(match b {
                Some(b) => b.union(p),
                None => p,
            })
        })
    }
    pub fn union(self, o: Bounds) -> Bounds {
        Bounds {
            min_lat: self.min_lat.min(o.min_lat),
            max_lat: self.max_lat.max(o.max_lat),
            min_lon: self.min_lon.min(o.min_lon),
            max_lon: self.max_lon.max(o.max_lon),
        }
    }
    /// Grown on every side by `fraction` of its span, and by at least `min_degrees`: points
    /// on the edge get room for their pins, and a single point gets an area around it.
    pub fn padded(self, fraction: f64, min_degrees: f64) -> Bounds {
        let lat = ((self.max_lat - self.min_lat) * fraction).max(min_degrees);
        let lon = ((self.max_lon - self.min_lon) * fraction).max(min_degrees);
        Bounds {
            min_lat: (self.min_lat - lat).max(-85.0),
            max_lat: (self.max_lat + lat).min(85.0),
            min_lon: (self.min_lon - lon).max(-180.0),
            max_lon: (self.max_lon + lon).min(180.0),
        }
    }
    pub fn contains(&self, (lat, lon): (f64, f64)) -> bool {
        (self.min_lat..=self.max_lat).contains(&lat) && (self.min_lon..=self.max_lon).contains(&lon)
    }
}

/// An equirectangular projection whose standard parallel is the middle of the area: a
/// degree of longitude is `cos(middle latitude)` of a degree of latitude. Over a country or a
/// region it keeps shapes as people know them without Mercator's stretching towards the
/// poles (which doubles the far north of a northern programme), and it needs no library.
/// North is up; `(0, 0)` is the north-west corner of the area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    bounds: Bounds,
    /// User units per degree of latitude.
    scale: f64,
    /// Cosine of the standard parallel.
    cos0: f64,
    pub width: f64,
    pub height: f64,
}

impl Projection {
    /// The projection that fits `bounds` into `width` units; the height follows.
    pub fn fit(bounds: Bounds, width: f64) -> Projection {
        let middle = (bounds.min_lat + bounds.max_lat) / 2.0;
        let cos0 = middle.to_radians().cos().max(0.05);
        let span_x = ((bounds.max_lon - bounds.min_lon) * cos0).max(1e-6);
        let scale = width / span_x;
        let height = ((bounds.max_lat - bounds.min_lat) * scale).max(1.0);
        Projection {
            bounds,
            scale,
            cos0,
            width,
            height,
        }
    }
    pub fn bounds(&self) -> Bounds {
        self.bounds
    }
    /// `(lat, lon)` to `(x, y)` in user units.
    pub fn project(&self, (lat, lon): (f64, f64)) -> (f64, f64) {
        (
            (lon - self.bounds.min_lon) * self.cos0 * self.scale,
            (self.bounds.max_lat - lat) * self.scale,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn corners_land_on_the_corners_of_the_drawing() {
        let b = Bounds::of([(58.0, 5.0), (62.0, 11.0)]).unwrap();
        let p = Projection::fit(b, 600.0);
        assert!(close(p.project((62.0, 5.0)), (0.0, 0.0)));
        assert!(close(p.project((58.0, 11.0)), (600.0, p.height)));
        // A degree of longitude at 60° N is half a degree of latitude: 6° of longitude
        // (3 "latitude degrees" wide) over 4° of latitude is 600 by 800.
        assert!((p.height - 800.0).abs() < 1e-6, "{}", p.height);
    }

    #[test]
    fn north_is_up_and_east_is_right() {
        let p = Projection::fit(Bounds::of([(0.0, 0.0), (10.0, 10.0)]).unwrap(), 100.0);
        let (x1, y1) = p.project((2.0, 2.0));
        let (x2, y2) = p.project((8.0, 8.0));
        assert!(x2 > x1 && y2 < y1);
        assert!((p.height - 100.0 / (5f64.to_radians().cos())).abs() < 1e-6);
    }

    #[test]
    fn padding_makes_room_around_a_single_point() {
        let b = Bounds::of([(60.0, 10.0)]).unwrap().padded(0.05, 0.5);
        assert_eq!(
            (b.min_lat, b.max_lat, b.min_lon, b.max_lon),
            (59.5, 60.5, 9.5, 10.5)
        );
        assert!(b.contains((60.2, 9.8)) && !b.contains((61.0, 10.0)));
        let p = Projection::fit(b, 400.0);
        assert!(close(p.project((60.0, 10.0)), (200.0, p.height / 2.0)));
    }
}
