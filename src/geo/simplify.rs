//! Fewer points for the same outline: Douglas–Peucker on projected rings, and the measures
//! a label needs (area, a point well inside).

pub type Point = (f64, f64);

/// The ring with every point dropped that lies within `tolerance` of the line its kept
/// neighbours draw (Douglas–Peucker; iterative, so a ring of a million points does not
/// exhaust the stack). The ring stays closed; `None` when too little of it is left to enclose
/// anything (an islet smaller than the tolerance).
pub fn simplify_ring(ring: &[Point], tolerance: f64) -> Option<Vec<Point>> {
    let mut ring: Vec<Point> = ring.to_vec();
    if ring.len() > 1 && ring.first() != ring.last() {
        ring.push(ring[0]);
    }
    if ring.len() < 4 {
        return None;
    }
    // A closed ring's two ends are the same point; split it at the point farthest from
    // the start so each half has a proper base line.
    let far = (1..ring.len() - 1)
        .max_by(|&a, &b| dist2(ring[0], ring[a]).total_cmp(&dist2(ring[0], ring[b])))
        .unwrap_or(1);
    let mut keep = vec![false; ring.len()];
    keep[0] = true;
    keep[far] = true;
    keep[ring.len() - 1] = true;
    let mut stack = vec![(0, far), (far, ring.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (i, d) = (a + 1..b)
            .map(|i| (i, segment_distance(ring[i], ring[a], ring[b])))
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .expect("a point between");
        if d > tolerance {
            keep[i] = true;
            stack.push((a, i));
            stack.push((i, b));
        }
    }
    let out: Vec<Point> = ring
        .iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect();
    (out.len() >= 4 && area(&out).abs() > tolerance * tolerance).then_some(out)
}

fn dist2(a: Point, b: Point) -> f64 {
    (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
}

/// Distance from `p` to the segment `a`-`b`.
fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let len2 = dist2(a, b);
    if len2 == 0.0 {
        return dist2(p, a).sqrt();
    }
    let t = (((p.0 - a.0) * (b.0 - a.0) + (p.1 - a.1) * (b.1 - a.1)) / len2).clamp(0.0, 1.0);
    dist2(p, (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))).sqrt()
}

/// Signed area (shoelace).
pub fn area(ring: &[Point]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum::<f64>()
        / 2.0
}

/// Whether `p` is inside the closed ring (even-odd rule).
pub fn inside(p: Point, ring: &[Point]) -> bool {
    let mut c = false;
    for w in ring.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        if (y1 > p.1) != (y2 > p.1) && p.0 < x1 + (p.1 - y1) * (x2 - x1) / (y2 - y1) {
            c = !c;
        }
    }
    c
}

/// A point inside the ring far from its edges, where a label fits best: the best of a grid of
/// candidates. A centroid can fall outside a curved region (a country's long north); this
/// cannot, unless the ring is thinner than the grid.
pub fn label_point(ring: &[Point]) -> Point {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in ring {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    const STEPS: usize = 24;
    let mut best = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let mut best_d = f64::MIN;
    for i in 0..=STEPS {
        for j in 0..=STEPS {
            let p = (
                x0 + (x1 - x0) * i as f64 / STEPS as f64,
                y0 + (y1 - y0) * j as f64 / STEPS as f64,
            );
            if !inside(p, ring) {
                continue;
            }
            let d = ring
                .windows(2)
                .map(|w| segment_distance(p, w[0], w[1]))
                .fold(f64::MAX, f64::min);
            if d > best_d {
                (best, best_d) = (p, d);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_on_a_straight_edge_go_and_corners_stay() {
        // A square with extra points along its edges, some slightly off the line.
        let ring = [
            (0.0, 0.0),
            (5.0, 0.1),
            (10.0, 0.0),
            (10.0, 5.0),
            (10.0, 10.0),
            (5.0, 9.95),
            (0.0, 10.0),
            (0.0, 5.0),
            (0.0, 0.0),
        ];
        let s = simplify_ring(&ring, 0.5).unwrap();
        assert_eq!(
            s,
            [
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (0.0, 10.0),
                (0.0, 0.0)
            ]
        );
        // Within a tolerance smaller than the deviation, the deviating point stays.
        assert!(simplify_ring(&ring, 0.05).unwrap().contains(&(5.0, 0.1)));
    }

    #[test]
    fn an_open_ring_is_closed_and_a_speck_is_dropped() {
        let s = simplify_ring(&[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)], 0.1).unwrap();
        assert_eq!(s.first(), s.last());
        assert_eq!(s.len(), 5);
        assert!(simplify_ring(&[(0.0, 0.0), (0.2, 0.0), (0.2, 0.2), (0.0, 0.0)], 1.0).is_none());
        assert!(simplify_ring(&[(0.0, 0.0), (1.0, 1.0)], 0.1).is_none());
    }

    #[test]
    fn a_long_wiggly_ring_shrinks_to_its_shape() {
        // A circle of 10,000 points.
        let ring: Vec<Point> = (0..=10_000)
            .map(|i| {
                let a = i as f64 / 10_000.0 * std::f64::consts::TAU;
                (100.0 * a.cos(), 100.0 * a.sin())
            })
            .collect();
        let s = simplify_ring(&ring, 0.5).unwrap();
        assert!(s.len() < 80, "{}", s.len());
        assert!((area(&s).abs() - area(&ring).abs()).abs() / area(&ring).abs() < 0.01);
    }

    #[test]
    fn the_label_of_a_c_shape_is_inside_it() {
        // A "C": the centroid of its bounding box is in the gap.
        let c = [
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 2.0),
            (2.0, 2.0),
            (2.0, 8.0),
            (10.0, 8.0),
            (10.0, 10.0),
            (0.0, 10.0),
            (0.0, 0.0),
        ];
        assert!(!inside((5.0, 5.0), &c));
        let p = label_point(&c);
        assert!(inside(p, &c), "{p:?}");
        assert_eq!(area(&c).abs(), 52.0);
    }
}
