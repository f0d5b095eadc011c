//! What drawing an SVG costs, bounded before anything draws it (E026, at the element that
//! costs most). resvg cannot be stopped half-way through a drawing, so the budget is
//! counted before, in two steps:
//!
//! - [`check`], on the kept XML tree, before anything else parses it: at most
//!   [`MAX_ELEMENTS`] elements drawn, with every `<use>` (nested too), pattern, mask, clip
//!   path and marker counted again where it is drawn (a `<use>` that draws itself is
//!   refused); a declared `width` or `height` of at most [`MAX_SIDE`] px; pictures inside
//!   the file at most [`crate::images::MAX_PICTURE_SIDE`] px a side and
//!   [`crate::images::MAX_PICTURE_PIXELS`] pixels; elements nested at most [`MAX_DEPTH`]
//!   deep; at most [`MAX_NODES`] XML nodes. Which elements a pattern, mask or marker applies
//!   to is read from attributes, `style` attributes and `<style>` rules (a selector other
//!   than a plain `tag.class#id` is taken to apply to every element), erring on the costly
//!   side.
//! - [`drawing`], on the tree as resvg draws it (usvg resolves styles, `<use>`, units and
//!   filter regions): the pixels each offscreen layer (filter, mask, clip path, group
//!   opacity) covers when the picture is drawn [`REFERENCE_SIDE`] px on its longer side,
//!   times the operations it takes per pixel: 20 for the layer itself, and for each filter
//!   primitive 5 (offset, flood, merge, composite, blend, colour matrix, transfer, tile,
//!   image), 25 for a blur, 30 a drop shadow, 20 lighting, 10 a displacement map, 40 per
//!   octave of turbulence, 3 per cell of a convolution kernel, and `(2r+1)²` for a
//!   morphology of radius `r` pixels (resvg visits every pixel of the kernel). An operation
//!   is about 3 ns of resvg's time; at most [`MAX_PIXEL_OPS`] in all (about a second).

use super::{Kept, Problem, allow};
use roxmltree::{Document, Node, NodeId};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// XML nodes (elements, text, comments) parsed at most.
pub const MAX_NODES: u32 = 1_000_000;
/// Elements nested at most this deep.
pub const MAX_DEPTH: usize = 256;
/// Elements drawn at most, with `<use>`, patterns, masks, clip paths and markers expanded.
pub const MAX_ELEMENTS: u64 = 20_000;
/// Pixel operations of offscreen layers at most, counted at [`REFERENCE_SIDE`]: about a
/// second of resvg's time (an operation is about 3 ns: one pixel of a morphology kernel).
pub const MAX_PIXEL_OPS: f64 = 4e8;
/// Operations per pixel of an offscreen layer itself: allocating, converting colour space,
/// compositing.
const LAYER: f64 = 20.0;
/// The size layers are counted at: the longer side of the picture, in pixels (a social
/// card is 1200 px wide, its logo 360 px).
pub const REFERENCE_SIDE: f64 = 1200.0;
/// Elements visited at most to match `<style>` rules that refer to patterns, masks or
/// markers; past it, a rule is taken to apply to every element.
const MAX_MATCHING: u64 = 1_000_000;
/// A declared `width` or `height` at most this many pixels.
pub const MAX_SIDE: f64 = 16_384.0;

/// What a reference to an element (`url(#id)`) does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    /// `mask`, `clip-path`: drawn apart and composited through the mask's content.
    Layer,
    /// `fill`, `stroke`: a pattern's content drawn for each element painted with it.
    Paint,
    /// `marker…`: the marker drawn at each vertex.
    Marker,
}

/// The role of a property that refers to elements, and whether it is inherited (then it
/// applies to everything inside the element).
fn role(property: &str) -> Option<(Role, bool)> {
    Some(match property {
        "mask" | "clip-path" => (Role::Layer, false),
        "fill" | "stroke" => (Role::Paint, true),
        "marker" | "marker-start" | "marker-mid" | "marker-end" => (Role::Marker, true),
        _ => return None,
    })
}

fn too_costly(span: Range<usize>, message: String, hint: &str) -> Problem {
    Problem {
        code: "E026",
        message: format!("is too costly to draw: {message}"),
        hint: hint.into(),
        span,
    }
}

/// Whether the kept tree of `doc` is within the budget.
pub(super) fn check(doc: &Document, kept: &Kept) -> Result<(), Problem> {
    let els: Vec<Node> = doc.descendants().filter(|n| kept.has(*n)).collect();
    // Each is drawn at least once: no need to count further (and the counting below visits
    // ancestors and style rules for each).
    if els.len() as u64 > MAX_ELEMENTS {
        return Err(too_costly(
            super::element_span(doc.root_element()),
            format!(
                "it has {} elements, over the {MAX_ELEMENTS} allowed",
                els.len()
            ),
            "simplify the drawing: merge paths, remove hidden layers",
        ));
    }
    declared_size(doc.root_element())?;
    pictures(&els)?;
    let mut ids: HashMap<&str, Node> = HashMap::new();
    for e in &els {
        if let Some(id) = e.attribute("id") {
            ids.entry(id.trim()).or_insert(*e);
        }
    }
    let target = |n: Node| {
        href(n)
            .and_then(|h| h.trim().strip_prefix('#'))
            .and_then(|id| ids.get(id).copied())
    };
    let inst = instances(&els, &target)?;
    // Elements drawn inside each element (itself included), and vertices drawn inside it.
    let mut sub: HashMap<NodeId, u64> = HashMap::new();
    let mut vsub: HashMap<NodeId, u64> = HashMap::new();
    // Elements inside each element (itself included), each counted once.
    let mut size: HashMap<NodeId, u64> = HashMap::new();
    for e in els.iter().rev() {
        let n = size.entry(e.id()).or_default();
        *n += 1;
        let n = *n;
        if let Some(p) = e.parent_element().filter(|p| kept.has(*p)) {
            *size.entry(p.id()).or_default() += n;
        }
        let i = inst[&e.id()];
        let s = sub.entry(e.id()).or_default();
        *s = s.saturating_add(i);
        let s = *s;
        let v = vsub.entry(e.id()).or_default();
        *v = v.saturating_add(i.saturating_mul(vertices(*e)));
        let v = *v;
        if let Some(p) = e.parent_element().filter(|p| kept.has(*p)) {
            let ps = sub.entry(p.id()).or_default();
            *ps = ps.saturating_add(s);
            let pv = vsub.entry(p.id()).or_default();
            *pv = pv.saturating_add(v);
        }
    }
    let total: u64 = els
        .iter()
        .fold(0u64, |t, e| t.saturating_add(inst[&e.id()]));
    let vtotal: u64 = els.iter().fold(0u64, |t, e| {
        t.saturating_add(vsub[&e.id()]).min(u64::MAX / 2)
    });
    let refs = references(&els, &inst, &sub, &vsub, total, vtotal);
    let uses = |role: Role, e: Node| -> u64 {
        e.attribute("id")
            .and_then(|id| refs.get(&(role, id.trim().to_string())))
            .copied()
            .unwrap_or(0)
    };

    // Elements drawn: each once per instance, and what patterns, masks, clip paths and
    // markers draw again where they are used. The largest addition is blamed.
    let mut drawn = total;
    let mut blame: Option<(u64, NodeId, String)> = None;
    let mut blame_if = |amount: u64, e: NodeId, why: String| {
        if blame.as_ref().is_none_or(|b| amount > b.0) {
            blame = Some((amount, e, why));
        }
    };
    for e in &els {
        let name = e.tag_name().name();
        let extra = match name {
            "use" => {
                let n = inst[&e.id()].saturating_mul(target(*e).map_or(0, |t| size[&t.id()]));
                blame_if(n, e.id(), format!("<use> draws {n} elements"));
                continue;
            }
            "pattern" => uses(Role::Paint, *e).saturating_mul(sub[&e.id()]),
            "mask" | "clipPath" => uses(Role::Layer, *e).saturating_mul(sub[&e.id()]),
            "marker" => uses(Role::Marker, *e).saturating_mul(sub[&e.id()]),
            _ => continue,
        };
        drawn = drawn.saturating_add(extra);
        blame_if(
            extra,
            e.id(),
            format!("<{name}> is drawn again {extra} times where it is used"),
        );
    }
    if drawn > MAX_ELEMENTS {
        let (at, why) = match blame {
            Some((_, e, why)) => (
                super::element_span(doc.get_node(e).expect("a node of the document")),
                format!(" ({why})"),
            ),
            None => (super::element_span(doc.root_element()), String::new()),
        };
        return Err(too_costly(
            at,
            format!("it draws {drawn} elements{why}, over the {MAX_ELEMENTS} allowed"),
            "simplify the drawing: merge paths, remove hidden layers, use fewer copies",
        ));
    }

    Ok(())
}

/// The element's `href` (SVG 2) or `xlink:href`.
fn href<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    n.attribute("href")
        .or_else(|| n.attribute((allow::XLINK_NS, "href")))
}

/// How many times each element is drawn: once, and once more for each instance of a
/// `<use>` that draws it or an element around it. A `<use>` that draws itself is refused.
fn instances<'a, 'i>(
    els: &[Node<'a, 'i>],
    target: &dyn Fn(Node<'a, 'i>) -> Option<Node<'a, 'i>>,
) -> Result<HashMap<NodeId, u64>, Problem> {
    // The uses drawing each element.
    let mut by_target: HashMap<NodeId, Vec<Node>> = HashMap::new();
    for e in els.iter().filter(|e| e.tag_name().name() == "use") {
        if let Some(t) = target(*e) {
            by_target.entry(t.id()).or_default().push(*e);
        }
    }
    let covering = |e: Node<'a, 'i>| -> Vec<Node<'a, 'i>> {
        e.ancestors()
            .filter_map(|a| by_target.get(&a.id()))
            .flatten()
            .copied()
            .collect()
    };
    enum State {
        Open,
        Done(u64),
    }
    let mut state: HashMap<NodeId, State> = HashMap::new();
    for e in els {
        let mut stack = vec![(*e, false)];
        while let Some((x, expanded)) = stack.pop() {
            let deps = covering(x);
            if !expanded {
                if state.contains_key(&x.id()) {
                    continue;
                }
                state.insert(x.id(), State::Open);
                stack.push((x, true));
                for u in deps {
                    match state.get(&u.id()) {
                        Some(State::Done(_)) => {}
                        Some(State::Open) => {
                            return Err(too_costly(
                                super::element_span(u),
                                "a <use> draws an element that holds it, endlessly".into(),
                                "point the <use> at an element outside it",
                            ));
                        }
                        None => stack.push((u, false)),
                    }
                }
            } else {
                let n = deps.iter().fold(1u64, |n, u| match state.get(&u.id()) {
                    Some(State::Done(v)) => n.saturating_add(*v),
                    _ => n,
                });
                state.insert(x.id(), State::Done(n.min(u64::MAX / 4)));
            }
        }
    }
    Ok(els
        .iter()
        .map(|e| {
            let n = match state.get(&e.id()) {
                Some(State::Done(v)) => *v,
                _ => 1,
            };
            (e.id(), n)
        })
        .collect())
}

/// Roughly how many vertices a shape has (markers are drawn at each).
fn vertices(e: Node) -> u64 {
    let numbers = |s: &str| {
        let mut n = 0u64;
        let mut prev = b' ';
        for &b in s.as_bytes() {
            let starts = (b.is_ascii_digit() || b == b'.')
                && !(prev.is_ascii_digit() || prev == b'.' || prev == b'e' || prev == b'E')
                || (b == b'-' || b == b'+') && prev != b'e' && prev != b'E';
            if starts {
                n += 1;
            }
            prev = b;
        }
        n
    };
    match e.tag_name().name() {
        "path" => e.attribute("d").map_or(0, numbers) / 2 + 1,
        "polyline" | "polygon" => e.attribute("points").map_or(0, numbers) / 2,
        "line" => 2,
        _ => 0,
    }
}

/// A plain selector: `tag`, `.class`, `#id` and their compounds (`rect.a.b`); anything
/// else (combinators, attributes, pseudo-classes, `*`) is `None`, taken to match all.
fn simple_selector(s: &str) -> Option<(Option<&str>, Vec<&str>, Option<&str>)> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let tag_len = s.find(|c: char| !word(c)).unwrap_or(s.len());
    let tag = (tag_len > 0).then(|| &s[..tag_len]);
    let mut rest = &s[tag_len..];
    let (mut classes, mut id) = (Vec::new(), None);
    while let Some(c) = rest.chars().next() {
        let body = &rest[1..];
        let len = body.find(|c: char| !word(c)).unwrap_or(body.len());
        if len == 0 {
            return None;
        }
        match c {
            '.' => classes.push(&body[..len]),
            '#' => id = Some(&body[..len]),
            _ => return None,
        }
        rest = &body[len..];
    }
    (tag.is_some() || !classes.is_empty() || id.is_some()).then_some((tag, classes, id))
}

/// How many elements (or vertices, for markers) each `url(#id)` applies to, by role.
fn references(
    els: &[Node],
    inst: &HashMap<NodeId, u64>,
    sub: &HashMap<NodeId, u64>,
    vsub: &HashMap<NodeId, u64>,
    total: u64,
    vtotal: u64,
) -> HashMap<(Role, String), u64> {
    // Ids of what is drawn again where it is used.
    let redrawn: HashSet<&str> = els
        .iter()
        .filter(|e| {
            matches!(
                e.tag_name().name(),
                "pattern" | "mask" | "clipPath" | "marker"
            )
        })
        .filter_map(|e| e.attribute("id").map(str::trim))
        .collect();
    let mut work = 0u64;
    let mut refs: HashMap<(Role, String), u64> = HashMap::new();
    let weight = |e: Node, role: Role, inherited: bool| match (role, inherited) {
        (Role::Marker, _) => vsub[&e.id()],
        (_, true) => sub[&e.id()],
        (_, false) => inst[&e.id()],
    };
    let mut add = |role: Role, id: String, n: u64| {
        let r = refs.entry((role, id)).or_default();
        *r = r.saturating_add(n);
    };
    for e in els {
        for a in e.attributes().filter(|a| a.namespace().is_none()) {
            let mut found = Vec::new();
            if a.name() == "style" {
                found.extend(declarations(a.value()));
            } else if let Some(r) = role(a.name()) {
                found.extend(allow::url_refs(a.value()).into_iter().map(|id| (r, id)));
            }
            for ((role, inherited), id) in found {
                add(role, id, weight(*e, role, inherited));
            }
        }
    }
    // `<style>` rules: each applies to the elements its selectors match.
    for e in els.iter().filter(|e| e.tag_name().name() == "style") {
        let css: String = e.children().filter_map(|c| c.text()).collect();
        let mut css_text = String::new();
        let mut rest = css.as_str();
        while let Some(i) = rest.find("/*") {
            css_text.push_str(&rest[..i]);
            rest = rest[i + 2..].split_once("*/").map_or("", |(_, a)| a);
        }
        css_text.push_str(rest);
        for rule in css_text.split('}') {
            let Some((selectors, body)) = rule.rsplit_once('{') else {
                continue;
            };
            let selectors = selectors.rsplit('{').next().unwrap_or("");
            // Only references to what is drawn again (not gradients) are worth matching.
            let found: Vec<_> = declarations(body)
                .into_iter()
                .filter(|(_, id)| redrawn.contains(id.as_str()))
                .collect();
            if found.is_empty() {
                continue;
            }
            // Matching is bounded: past the bound, rules are taken to match everything.
            work = work.saturating_add(els.len() as u64);
            let parsed: Option<Vec<_>> = (work <= MAX_MATCHING)
                .then(|| {
                    selectors
                        .split(',')
                        .map(|s| simple_selector(s.trim()))
                        .collect()
                })
                .flatten();
            for ((role, inherited), id) in found {
                let n = match &parsed {
                    None => match role {
                        Role::Marker => vtotal,
                        _ => total,
                    },
                    Some(list) => els
                        .iter()
                        .filter(|el| {
                            list.iter().any(|(tag, classes, id)| {
                                tag.is_none_or(|t| el.tag_name().name() == t)
                                    && id.is_none_or(|i| el.attribute("id") == Some(i))
                                    && classes.iter().all(|c| {
                                        el.attribute("class").is_some_and(|cl| {
                                            cl.split_whitespace().any(|x| x == *c)
                                        })
                                    })
                            })
                        })
                        .fold(0u64, |n, el| n.saturating_add(weight(*el, role, inherited))),
                };
                add(role, id, n);
            }
        }
    }
    refs
}

/// The references in CSS declarations (`filter: url(#f); fill: url(#p)`), with their roles.
fn declarations(css: &str) -> Vec<((Role, bool), String)> {
    css.split(';')
        .filter_map(|d| d.split_once(':'))
        .filter_map(|(p, v)| role(&p.trim().to_ascii_lowercase()).map(|r| (r, v)))
        .flat_map(|(r, v)| allow::url_refs(v).into_iter().map(move |id| (r, id)))
        .collect()
}

/// A length in pixels (`12`, `12px`, `3cm`…); `None` for percentages and what is not one.
fn length(value: &str) -> Option<f64> {
    let v = value.trim();
    let split = v
        .find(|c: char| c.is_ascii_alphabetic() || c == '%')
        .unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    let n: f64 = number.trim().parse().ok()?;
    let factor = match unit.trim() {
        "" | "px" => 1.0,
        "pt" => 4.0 / 3.0,
        "pc" => 16.0,
        "mm" => 96.0 / 25.4,
        "cm" => 96.0 / 2.54,
        "in" => 96.0,
        "em" => 16.0,
        "ex" => 8.0,
        _ => return None,
    };
    Some(n * factor).filter(|n| n.is_finite())
}

/// A declared `width` and `height` within [`MAX_SIDE`].
fn declared_size(root: Node) -> Result<(), Problem> {
    for name in ["width", "height"] {
        let Some(px) = root.attribute(name).and_then(length) else {
            continue;
        };
        if px > MAX_SIDE {
            let a = root
                .attributes()
                .find(|a| a.name() == name && a.namespace().is_none())
                .expect("the attribute just read");
            return Err(too_costly(
                a.range(),
                format!("it declares a {name} of {px:.0} px, over the {MAX_SIDE:.0} px allowed"),
                "give the drawing a smaller width and height (its viewBox keeps the proportions)",
            ));
        }
    }
    Ok(())
}

/// Pictures inside the file (`data:` URLs) within the raster limits.
fn pictures(els: &[Node]) -> Result<(), Problem> {
    use crate::images::{MAX_PICTURE_PIXELS, MAX_PICTURE_SIDE};
    use base64::Engine;
    for e in els {
        let Some(a) = e
            .attributes()
            .find(|a| a.name() == "href" && allow::link(a.value()) == Some(allow::Link::Picture))
        else {
            continue;
        };
        let data: String = a
            .value()
            .split_once(',')
            .map_or("", |(_, d)| d)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let b64 = &base64::engine::general_purpose::STANDARD;
        let unpadded = &base64::engine::general_purpose::STANDARD_NO_PAD;
        let Ok(bytes) = b64
            .decode(&data)
            .or_else(|_| unpadded.decode(data.trim_end_matches('=')))
        else {
            continue;
        };
        let Some((w, h)) = crate::images::dimensions_of(&bytes) else {
            continue;
        };
        if !crate::images::decodable((w, h)) {
            return Err(too_costly(
                a.range(),
                format!(
                    "it holds a picture of {w}×{h} px, over {MAX_PICTURE_SIDE} px a side or {} \
                     megapixels",
                    MAX_PICTURE_PIXELS / 1_000_000
                ),
                "embed a smaller picture",
            ));
        }
    }
    Ok(())
}

/// What one filter, mask or clip path costs over the whole drawing.
#[derive(Default)]
struct Layers {
    /// The ids usvg gave it (the element's own for its first use, made up for others).
    ids: Vec<String>,
    ops: f64,
    /// Elements drawn through it.
    uses: u64,
    /// Its costliest primitive and what that costs per pixel.
    costliest: Option<(f64, String)>,
}

/// The size of the picture as drawn (`None` when resvg cannot draw it), if its offscreen
/// layers are within [`MAX_PIXEL_OPS`]; `clean` is the published text of `doc`'s kept tree.
pub(super) fn drawing(doc: &Document, clean: &str) -> Result<Option<(u32, u32)>, Problem> {
    use resvg::usvg;
    let Ok(tree) = usvg::Tree::from_str(clean, &usvg::Options::default()) else {
        return Ok(None);
    };
    let (total, by_key) = layers(&tree);
    if total > MAX_PIXEL_OPS {
        let worst = by_key
            .iter()
            .max_by(|a, b| a.1.ops.total_cmp(&b.1.ops))
            .filter(|(_, l)| l.ops > 0.0);
        let element = worst.and_then(|(key, l)| blamed(doc, key, l));
        let mops = |ops: f64| format!("{:.0} million", ops / 1e6);
        let why = match (worst, element) {
            (Some((_, l)), Some(e)) => {
                let id = e.attribute("id").unwrap_or("").trim();
                let costliest = l.costliest.as_ref().map_or(String::new(), |(c, what)| {
                    format!(" (its {what}: {c:.0} per pixel)")
                });
                format!(
                    "; <{} id=\"{id}\"> is applied to {} elements, {} of them{costliest}",
                    e.tag_name().name(),
                    l.uses,
                    mops(l.ops)
                )
            }
            _ => String::new(),
        };
        let at = element.unwrap_or(doc.root_element());
        return Err(too_costly(
            super::element_span(at),
            format!(
                "its filters, masks and clip paths take {} pixel operations drawn \
                 {REFERENCE_SIDE} px wide, over the {} allowed{why}",
                mops(total),
                mops(MAX_PIXEL_OPS)
            ),
            "apply the effect to one group instead of each shape, use smaller radii and \
             fewer primitives, or export the effect as a picture",
        ));
    }
    let size = tree.size();
    let (w, h) = (size.width().round() as u32, size.height().round() as u32);
    Ok((w > 0 && h > 0).then_some((w, h)))
}

/// Pixel operations of `tree`'s offscreen layers at the reference size: in all, and by the
/// id of the filter, mask or clip path that makes each.
fn layers(tree: &resvg::usvg::Tree) -> (f64, HashMap<String, Layers>) {
    use resvg::usvg;
    let size = tree.size();
    let scale = REFERENCE_SIDE / size.width().max(size.height()) as f64;
    let canvas = usvg::Rect::from_xywh(0.0, 0.0, size.width(), size.height());
    // Pixels a layer covers at the reference size (resvg clips layers to the canvas).
    let area = |r: usvg::NonZeroRect| {
        canvas
            .and_then(|c| c.intersect(&r.to_rect()))
            .map_or(0.0, |r| {
                r.width() as f64 * r.height() as f64 * scale * scale
            })
    };
    // By filter (its primitives: usvg gives each use of a filter sized to the element its
    // own id), by mask and by clip path.
    let mut by_key: HashMap<String, Layers> = HashMap::new();
    let mut total = 0f64;
    // Recursive: usvg gives subroots (patterns, masks, clip paths) to a closure only. The
    // depth is bounded by `check` (nesting and `<use>` expansion).
    fn visit(g: &usvg::Group, cost: &mut dyn FnMut(&usvg::Group)) {
        cost(g);
        for node in g.children() {
            if let usvg::Node::Group(child) = node {
                visit(child, cost);
            }
            node.subroots(|sub| visit(sub, cost));
        }
    }
    visit(tree.root(), &mut |g| {
        let layer = area(g.abs_layer_bounding_box());
        let ts = g.abs_transform();
        // How many pixels a user unit of the group is at the reference size.
        let unit = ((ts.sx * ts.sy - ts.kx * ts.ky).abs() as f64).sqrt() * scale;
        for f in g.filters() {
            let mut per_pixel = LAYER;
            let mut costliest: Option<(f64, String)> = None;
            for p in f.primitives() {
                let (cost, what) = primitive_cost(p.kind(), unit);
                per_pixel += cost;
                if costliest.as_ref().is_none_or(|c| cost > c.0) {
                    costliest = Some((cost, what));
                }
            }
            let signature: Vec<&str> = f.primitives().iter().map(|p| kind_name(p.kind())).collect();
            let l = by_key
                .entry(format!("filter:{}", signature.join(",")))
                .or_default();
            l.ids.push(f.id().to_string());
            l.ops += layer * per_pixel;
            l.uses += 1;
            if costliest.as_ref().map(|c| c.0) > l.costliest.as_ref().map(|c| c.0) {
                l.costliest = costliest;
            }
            total += layer * per_pixel;
        }
        let masked = [
            g.mask().map(|m| ("mask", m.id())),
            g.clip_path().map(|c| ("clipPath", c.id())),
        ];
        for (kind, id) in masked.into_iter().flatten() {
            let l = by_key.entry(format!("{kind}:{id}")).or_default();
            l.ids.push(id.to_string());
            l.ops += layer * LAYER;
            l.uses += 1;
            total += layer * LAYER;
        }
        if g.filters().is_empty()
            && g.mask().is_none()
            && g.clip_path().is_none()
            && g.should_isolate()
        {
            total += layer * LAYER;
        }
    });
    (total, by_key)
}

/// The element of `doc` that made the layers `l` under `key` (`filter:` and its
/// primitives, `mask:` or `clipPath:` and an id usvg gave it).
fn blamed<'a, 'i>(doc: &'a Document<'i>, key: &str, l: &Layers) -> Option<Node<'a, 'i>> {
    let (kind, rest) = key.split_once(':')?;
    let candidates = doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == kind);
    let matching: Vec<Node> = if kind == "filter" {
        candidates
            .filter(|f| {
                let names: Vec<&str> = f
                    .children()
                    .filter(|c| c.is_element() && is_primitive(c.tag_name().name()))
                    .map(|c| c.tag_name().name())
                    .collect();
                names.join(",") == rest
            })
            .collect()
    } else {
        candidates.collect()
    };
    let own_id = |n: &Node| {
        n.attribute("id")
            .is_some_and(|id| l.ids.iter().any(|i| i == id.trim()))
    };
    matching
        .iter()
        .find(|n| own_id(n))
        .or(matching.first())
        .copied()
}

/// A filter primitive's element name (light sources, transfer functions and merge nodes
/// are parts of one).
fn is_primitive(name: &str) -> bool {
    name.starts_with("fe")
        && !matches!(
            name,
            "feDistantLight"
                | "fePointLight"
                | "feSpotLight"
                | "feFuncA"
                | "feFuncB"
                | "feFuncG"
                | "feFuncR"
                | "feMergeNode"
        )
}

/// The element name of a usvg filter primitive.
fn kind_name(kind: &resvg::usvg::filter::Kind) -> &'static str {
    use resvg::usvg::filter::Kind;
    match kind {
        Kind::Blend(_) => "feBlend",
        Kind::ColorMatrix(_) => "feColorMatrix",
        Kind::ComponentTransfer(_) => "feComponentTransfer",
        Kind::Composite(_) => "feComposite",
        Kind::ConvolveMatrix(_) => "feConvolveMatrix",
        Kind::DiffuseLighting(_) => "feDiffuseLighting",
        Kind::DisplacementMap(_) => "feDisplacementMap",
        Kind::DropShadow(_) => "feDropShadow",
        Kind::Flood(_) => "feFlood",
        Kind::GaussianBlur(_) => "feGaussianBlur",
        Kind::Image(_) => "feImage",
        Kind::Merge(_) => "feMerge",
        Kind::Morphology(_) => "feMorphology",
        Kind::Offset(_) => "feOffset",
        Kind::SpecularLighting(_) => "feSpecularLighting",
        Kind::Tile(_) => "feTile",
        Kind::Turbulence(_) => "feTurbulence",
    }
}

/// What a filter primitive costs per pixel of its layer, and how it is named in messages;
/// `unit` is how many pixels a user unit is.
fn primitive_cost(kind: &resvg::usvg::filter::Kind, unit: f64) -> (f64, String) {
    use resvg::usvg::filter::Kind;
    match kind {
        Kind::Morphology(m) => {
            let (rx, ry) = (m.radius_x().get() as f64, m.radius_y().get() as f64);
            let side = |r: f64| 2.0 * (r * unit).round().min(1e5) + 1.0;
            (
                side(rx) * side(ry),
                format!(
                    "<feMorphology> radius {} ({:.0} px)",
                    rx.max(ry),
                    rx.max(ry) * unit
                ),
            )
        }
        Kind::ConvolveMatrix(c) => {
            let (x, y) = (c.matrix().columns(), c.matrix().rows());
            (
                3.0 * (x as f64) * (y as f64),
                format!("<feConvolveMatrix> order {x}×{y}"),
            )
        }
        Kind::Turbulence(t) => (
            40.0 * t.num_octaves().max(1) as f64,
            format!("<feTurbulence> {} octaves", t.num_octaves()),
        ),
        Kind::GaussianBlur(_) => (25.0, "<feGaussianBlur>".into()),
        Kind::DropShadow(_) => (30.0, "<feDropShadow>".into()),
        Kind::DiffuseLighting(_) => (20.0, "<feDiffuseLighting>".into()),
        Kind::SpecularLighting(_) => (20.0, "<feSpecularLighting>".into()),
        Kind::DisplacementMap(_) => (10.0, "<feDisplacementMap>".into()),
        _ => (5.0, "a primitive".into()),
    }
}

/// Pixel operations of a published SVG's offscreen layers (for measuring the budget).
#[cfg(test)]
pub(super) fn pixel_ops(clean: &str) -> f64 {
    let tree = resvg::usvg::Tree::from_str(clean, &Default::default()).unwrap();
    layers(&tree).0
}
