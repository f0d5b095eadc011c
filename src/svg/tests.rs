//! The sanitiser on hostile and benign SVGs: each hostile variant refused where it is, design
//! tools' metadata dropped, the demo's drawings published unchanged in what they show, and
//! the drawing budget.

use super::*;
use crate::source::SourceFile;
use std::path::PathBuf;

const OPEN: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">";

fn refused(svg: &[u8]) -> Refused {
    match publish(svg) {
        Ok(out) => panic!("published:\n{out}"),
        Err(r) => r,
    }
}

/// Code, line, column (1-based, as `check` shows them) and message of a refusal.
fn place(r: &Refused) -> (&'static str, usize, usize, &str) {
    let file = SourceFile::new("x.svg".into(), PathBuf::new(), r.text.to_string());
    let (line, col) = file.line_col(r.span.start);
    (r.code, line, col, r.message.as_str())
}

#[test]
fn a_script_in_any_namespace_or_prefix_is_refused() {
    let prefixed = format!(
        "{OPEN}\n  <s:script xmlns:s=\"http://www.w3.org/2000/svg\">alert(1)</s:script>\n</svg>"
    );
    assert_eq!(
        place(&refused(prefixed.as_bytes())),
        ("E019", 2, 3, "has <s:script>: a script")
    );
    let xhtml = format!(
        "{OPEN}\n<g>\n  <h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script></g></svg>"
    );
    assert_eq!(
        place(&refused(xhtml.as_bytes())),
        ("E019", 3, 3, "has <h:script>: a script")
    );
    // Hidden inside metadata, which is otherwise dropped: refused all the same.
    let hidden = format!("{OPEN}<metadata>\n<script>alert(1)</script></metadata></svg>");
    assert_eq!(place(&refused(hidden.as_bytes())).0, "E019");
    let iframe = format!(
        "{OPEN}<h:iframe xmlns:h=\"http://www.w3.org/1999/xhtml\" src=\"https://e.example/\"/></svg>"
    );
    let r = refused(iframe.as_bytes());
    assert!(
        r.message
            .starts_with("has an element of another namespace, <h:iframe>"),
        "{r:?}"
    );
}

#[test]
fn files_not_in_utf8_are_refused() {
    // Declared ISO-8859-1, with a byte that is not UTF-8 (é), and a script.
    let mut latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n".to_vec();
    latin1.extend_from_slice(OPEN.as_bytes());
    latin1.extend_from_slice(b"<text>Caf\xE9</text><script>alert(1)</script></svg>");
    let r = refused(&latin1);
    assert_eq!(
        place(&r),
        (
            "E019",
            1,
            31,
            "declares the encoding `ISO-8859-1`; only UTF-8 SVG files are published"
        )
    );
    // The same bytes without the declaration: not UTF-8, at the byte.
    let undeclared = &latin1[latin1.iter().position(|b| *b == b'\n').unwrap() + 1..];
    let r = refused(undeclared);
    let (code, line, col, message) = place(&r);
    assert_eq!((code, line, col), ("E019", 1, OPEN.len() + 10));
    assert_eq!(
        message,
        "is not UTF-8: byte 0xE9 cannot start or continue a character"
    );
    // UTF-16 (with or without a byte-order mark): refused as a whole file.
    let svg = format!("{OPEN}<script>alert(1)</script></svg>");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(svg.encode_utf16().flat_map(u16::to_le_bytes));
    let r = refused(&utf16);
    assert_eq!(
        (r.code, r.span.clone(), r.text.as_ref()),
        ("E019", 0..0, "")
    );
    assert!(r.message.starts_with("is UTF-16"));
    let be: Vec<u8> = svg.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert!(refused(&be).message.starts_with("is UTF-16"));
    // A UTF-8 byte-order mark and a UTF-8 declaration are fine.
    let bom = format!("\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>{OPEN}</svg>");
    assert!(publish(bom.as_bytes()).is_ok());
}

#[test]
fn entities_and_encoded_urls_cannot_hide_a_script() {
    // `<script>` built from an internal DTD entity of character references.
    let dtd = format!(
        "<!DOCTYPE svg [\n<!ENTITY s \"&#60;script&#62;alert(1)&#60;/script&#62;\">\n]>\n{OPEN}&s;</svg>"
    );
    let r = refused(dtd.as_bytes());
    let (code, line, col, message) = place(&r);
    assert_eq!((code, line, col), ("E019", 1, 1));
    assert!(
        message.starts_with("has a DOCTYPE with declarations"),
        "{message}"
    );
    // An entity-encoded `javascript:` link, with and without xlink, cased and spaced.
    for href in [
        "href=\"&#106;avascript:alert(1)\"",
        "xlink:href=\"&#x6A;avascript:alert(1)\"",
        "href=\" JaVaScRiPt:alert(1)\"",
        "href=\"java&#9;script:alert(1)\"",
    ] {
        let svg = format!(
            "{OPEN}\n<a xmlns:xlink=\"http://www.w3.org/1999/xlink\" {href}><rect width=\"9\" height=\"9\"/></a></svg>"
        );
        let r = refused(svg.as_bytes());
        let (code, line, col, message) = place(&r);
        assert_eq!((code, line), ("E019", 2), "{href}");
        assert_eq!(col, svg.lines().nth(1).unwrap().find(href).unwrap() + 1);
        assert!(message.contains("`javascript:` URL"), "{message}");
    }
    // Entities spelling markup in text are text: escaped when published.
    let text = format!("{OPEN}<text>&lt;script&gt;alert(1)&lt;/script&gt;</text></svg>");
    let out = publish(text.as_bytes()).unwrap();
    assert!(
        out.contains("<text>&lt;script&gt;alert(1)&lt;/script&gt;</text>"),
        "{out}"
    );
}

#[test]
fn active_and_external_content_is_refused() {
    let cases = [
        (
            "<rect ONLOAD=\"alert(1)\"/>",
            "has the event-handler attribute `ONLOAD`",
        ),
        (
            "<foreignObject><p>x</p></foreignObject>",
            "has <foreignObject>: HTML embedded in the drawing",
        ),
        (
            "<set attributeName=\"href\" to=\"javascript:alert(1)\"/>",
            "has <set>: an animation (it can rewrite a link into `javascript:` once shown)",
        ),
        ("<embed src=\"x\"/>", "has <embed>: embedded content"),
        (
            "<use href=\"other.svg#a\"/>",
            "has `href=\"other.svg#a\"` on <use>, which may lead only to `#id` in the same file",
        ),
        (
            "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>",
            "has `href=\"data:image/svg+xml;base64,PHN2Zz4=\"` on <image>, which may lead only to a base64 `data:` PNG, JPEG, GIF or WebP picture",
        ),
        (
            "<image href=\"https://tracker.example/p.png\"/>",
            "has `href=\"https://tracker.example/p.png\"` on <image>, which may lead only to a base64 `data:` PNG, JPEG, GIF or WebP picture",
        ),
        (
            "<a href=\"mailto:x@example.org\"/>",
            "has `href=\"mailto:x@example.org\"` on <a>, which may lead only to `#id` in the same file or an http(s) URL",
        ),
        (
            "<rect style=\"fill:url(https://e.example/x.svg#g)\"/>",
            "has a CSS `url()` leading to another file in the attribute `style`",
        ),
        (
            "<rect fill=\"url(x.svg#g)\"/>",
            "has a CSS `url()` leading to another file in the attribute `fill`",
        ),
        (
            "<style>@import url(#x);</style>",
            "has `@import` in CSS in <style>",
        ),
        (
            "<style>rect { fill: u\\72l(x) }</style>",
            "has a backslash escape in CSS (it can hide a `url(` or `javascript:`) in <style>",
        ),
        (
            "<unknownThing/>",
            "has <unknownThing>: an element that is not allowed",
        ),
    ];
    for (inner, message) in cases {
        let svg = format!("{OPEN}\n{inner}</svg>");
        let r = refused(svg.as_bytes());
        assert_eq!(
            place(&r),
            ("E019", 2, 1 + offset(inner), message),
            "{inner}"
        );
    }
    let pi = format!("<?xml-stylesheet href=\"https://e.example/x.css\"?>\n{OPEN}</svg>");
    assert_eq!(
        place(&refused(pi.as_bytes())),
        (
            "E019",
            1,
            1,
            "has an <?xml-stylesheet?> instruction, which loads another file"
        )
    );
    let html = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>";
    assert_eq!(
        refused(html.as_bytes()).message,
        "has the root element <html>, not <svg>"
    );
}

/// Where a case's problem is on its line: the attribute for attribute problems, else the
/// element.
fn offset(inner: &str) -> usize {
    for attr in ["ONLOAD", "href=", "style=", "fill="] {
        if let Some(i) = inner.find(attr) {
            return i;
        }
    }
    0
}

#[test]
fn links_pictures_and_fragments_are_kept() {
    let svg = format!(
        "{OPEN}<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient></defs>\
<a href=\"https://example.org/?a=1&amp;b=2\" target=\"_blank\"><rect width=\"9\" height=\"9\" fill=\"url(#g)\"/></a>\
<use xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"#g\"/>\
<image href=\"data:image/png;base64,iVBORw0KGgo=\" width=\"1\" height=\"1\"/></svg>"
    );
    let out = publish(svg.as_bytes()).unwrap();
    assert_eq!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 100 100\">\
<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient></defs>\
<a href=\"https://example.org/?a=1&amp;b=2\" target=\"_blank\"><rect width=\"9\" height=\"9\" fill=\"url(#g)\"/></a>\
<use xlink:href=\"#g\"/><image href=\"data:image/png;base64,iVBORw0KGgo=\" width=\"1\" height=\"1\"/></svg>\n"
    );
}

const INKSCAPE: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg
   width="64" height="64" viewBox="0 0 64 64" version="1.1" id="svg5"
   inkscape:version="1.2 (dc2aedaf03, 2022-05-15)"
   sodipodi:docname="logo.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" inkscape:zoom="4"/>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:title>Logo</dc:title></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1" data-name="x">
    <svg:rect style="fill:#0b4f6c;stroke:none" id="rect1" width="64" height="64" rx="8" sodipodi:nodetypes="cccc"/>
  </g>
</svg>
"##;

#[test]
fn design_tool_metadata_is_dropped() {
    let out = publish(INKSCAPE.as_bytes()).unwrap();
    assert_eq!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\" version=\"1.1\" id=\"svg5\">\n  \n  \n  \
<g id=\"layer1\">\n    <rect style=\"fill:#0b4f6c;stroke:none\" id=\"rect1\" width=\"64\" height=\"64\" rx=\"8\"/>\n  </g>\n</svg>\n"
    );
    // Published once, it publishes to itself.
    assert_eq!(publish(out.as_bytes()).unwrap(), out);
}

#[test]
fn the_size_is_read_from_the_published_drawing() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 60\"></svg>";
    assert_eq!(
        inspect(svg.as_bytes()),
        Ok(Accepted {
            size: Some((240, 60))
        })
    );
    let sized = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2in\" height=\"50\"/>";
    assert_eq!(inspect(sized.as_bytes()).unwrap().size, Some((192, 50)));
}

#[test]
fn svg_without_a_namespace_is_published_in_the_svg_namespace() {
    let out = publish(b"<svg><rect width=\"1\" height=\"1\"/></svg>").unwrap();
    assert_eq!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>\n"
    );
}

/// Every SVG of the demo site and of `showcase init` is published, and draws the same pixels
/// as the original.
#[test]
fn the_demo_svgs_are_published_and_draw_the_same() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut dirs = vec![root.join("content"), root.join("skeletons")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "svg") {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 15, "{files:?}");
    let opt = resvg::usvg::Options {
        fontdb: crate::feeds::social::fonts(),
        ..Default::default()
    };
    let draw = |svg: &[u8]| {
        let tree = resvg::usvg::Tree::from_data(svg, &opt).unwrap();
        let size = tree.size().to_int_size();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        pixmap.take()
    };
    for f in files {
        let original = std::fs::read(&f).unwrap();
        let published = publish(&original).unwrap_or_else(|r| panic!("{f:?}: {r:?}"));
        assert!(
            draw(&original) == draw(published.as_bytes()),
            "{f:?} draws differently"
        );
        assert_eq!(publish(published.as_bytes()).unwrap(), published, "{f:?}");
    }
}

/// `n` shapes, each through a filter with a morphology of `radius`.
fn filtered_shapes(n: usize, radius: u32) -> String {
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 100\">\n\
         <filter id=\"glow\"><feMorphology operator=\"dilate\" radius=\"{radius}\"/><feGaussianBlur stdDeviation=\"4\"/></filter>\n"
    );
    for i in 0..n {
        svg.push_str(&format!(
            "<circle cx=\"{}\" cy=\"50\" r=\"4\" filter=\"url(#glow)\"/>\n",
            i % 300
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

#[test]
fn filters_over_the_budget_are_refused_at_the_filter() {
    let costly = filtered_shapes(300, 30);
    let started = std::time::Instant::now();
    let r = refused(costly.as_bytes());
    let took = started.elapsed();
    let (code, line, col, message) = place(&r);
    assert_eq!((code, line, col), ("E026", 2, 1));
    assert!(
        message.starts_with("is too costly to draw: its filters, masks and clip paths take "),
        "{message}"
    );
    assert!(
        message.contains(
            "pixel operations drawn 1200 px wide, over the 400 million allowed; <filter \
             id=\"glow\"> is applied to 300 elements, "
        ),
        "{message}"
    );
    assert!(
        message.ends_with("(its <feMorphology> radius 30 (120 px): 58081 per pixel)"),
        "{message}"
    );
    assert!(took.as_secs_f64() < 2.0, "{took:?}");
    // One drop shadow on a few shapes is fine.
    assert!(publish(filtered_shapes(3, 0).as_bytes()).is_ok());
    // The same filter through a <style> rule counts the same.
    let styled = costly
        .replace(" filter=\"url(#glow)\"", " class=\"c\"")
        .replace("<filter", "<style>.c { filter: url(#glow) }</style><filter");
    assert_eq!(refused(styled.as_bytes()).code, "E026");
}

#[test]
fn use_bombs_and_loops_are_refused() {
    // Ten levels of ten copies: 10^10 elements.
    let mut svg = format!("{OPEN}\n<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
    for level in 1..=10 {
        svg.push_str(&format!("<g id=\"l{level}\">"));
        for _ in 0..10 {
            svg.push_str(&format!("<use href=\"#l{}\"/>", level - 1));
        }
        svg.push_str("</g>");
    }
    svg.push_str("</defs><use href=\"#l10\"/></svg>");
    let started = std::time::Instant::now();
    let r = refused(svg.as_bytes());
    assert!(started.elapsed().as_secs_f64() < 2.0);
    assert_eq!(r.code, "E026");
    assert!(
        r.message.contains("draws") && r.message.contains("over the 20000 allowed"),
        "{r:?}"
    );
    let looping = format!("{OPEN}\n<g id=\"a\">\n<use href=\"#a\"/></g></svg>");
    assert_eq!(
        place(&refused(looping.as_bytes())),
        (
            "E026",
            3,
            1,
            "is too costly to draw: a <use> draws an element that holds it, endlessly"
        )
    );
    let deep = format!("{OPEN}{}{}</svg>", "<g>".repeat(300), "</g>".repeat(300));
    assert_eq!(refused(deep.as_bytes()).code, "E026");
    let many = format!("{OPEN}{}</svg>", "<rect/>".repeat(20_001));
    assert_eq!(
        refused(many.as_bytes()).message,
        "is too costly to draw: it has 20002 elements, over the 20000 allowed"
    );
}

#[test]
fn markers_and_patterns_count_where_they_are_drawn() {
    // A marker of 10 shapes at each of 5,000 vertices.
    let points: String = (0..5000).map(|i| format!("{i},{} ", i % 7)).collect();
    let marker = format!(
        "{OPEN}\n<marker id=\"m\">{}</marker>\n<polyline points=\"{points}\" marker-mid=\"url(#m)\"/></svg>",
        "<circle r=\"1\"/>".repeat(10)
    );
    let r = refused(marker.as_bytes());
    let (code, line, col, message) = place(&r);
    assert_eq!((code, line, col), ("E026", 2, 1), "{message}");
    assert!(
        message.contains("(<marker> is drawn again 55000 times where it is used)"),
        "{message}"
    );
    // Style rules referring to a pattern are matched against the elements up to a bound
    // (here 500 rules), then taken to apply to everything: drawing the pattern for each of
    // 2,000 shapes under 4,500 more rules is over the budget.
    let rules: String = (0..5_000)
        .map(|i| format!(".c{i}{{fill:url(#p)}}"))
        .collect();
    let shapes = "<rect class=\"c1\" width=\"1\" height=\"1\"/>".repeat(2_000);
    let svg = format!(
        "{OPEN}<style>{rules}</style><pattern id=\"p\"><rect width=\"1\" height=\"1\"/></pattern>{shapes}</svg>"
    );
    let r = refused(svg.as_bytes());
    assert!(r.message.contains("(<pattern> is drawn again "), "{r:?}");
    // Under the bound, rules count the elements they match: one rule, 2,000 shapes.
    let one = svg.replace(&rules, ".c1{fill:url(#p)}");
    assert!(publish(one.as_bytes()).is_ok());
}

#[test]
fn huge_declared_sizes_and_pictures_are_refused() {
    let wide = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"10\"/>";
    assert_eq!(
        place(&refused(wide.as_bytes())),
        (
            "E026",
            1,
            wide.find("width").unwrap() + 1,
            "is too costly to draw: it declares a width of 100000 px, over the 16384 px allowed"
        )
    );
    assert!(
        publish(b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100mm\" height=\"10\"/>")
            .is_ok()
    );
    // A PNG header claiming 100000×100000 pixels, inside the SVG.
    use base64::Engine;
    let png = crate::images::tests::png_claiming(100_000, 100_000);
    let b64 = base64::engine::general_purpose::STANDARD.encode(png);
    let svg = format!(
        "{OPEN}\n<image width=\"9\" height=\"9\" href=\"data:image/png;base64,{b64}\"/></svg>"
    );
    let r = refused(svg.as_bytes());
    let (code, line, col, message) = place(&r);
    assert_eq!((code, line, col), ("E026", 2, 29));
    assert_eq!(
        message,
        "is too costly to draw: it holds a picture of 100000×100000 px, over 16384 px a side or 64 megapixels"
    );
}

/// How the budget's weights were set: each kind of layer drawn by resvg, 10 and 40 times,
/// at 1200 px wide, against the operations the budget counts (about 3 ns each); and the
/// 300-shape logo of issue 16 in a social card. `cargo test --lib svg::tests::measure --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn measure_the_budget() {
    use base64::Engine;
    let opt = resvg::usvg::Options::default();
    let draw = |svg: &str, side: f32| {
        let tree = resvg::usvg::Tree::from_str(svg, &opt).unwrap();
        let s = tree.size();
        let k = side / s.width().max(s.height());
        let (w, h) = ((s.width() * k) as u32, (s.height() * k) as u32);
        let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
        let started = std::time::Instant::now();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(k, k),
            &mut pixmap.as_mut(),
        );
        started.elapsed().as_secs_f64() * 1000.0
    };
    let shapes = |n: usize, defs: &str, attr: &str, r: u32| {
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 100\"><defs>{defs}</defs>"
        );
        for i in 0..n {
            svg.push_str(&format!(
                "<circle cx=\"{}\" cy=\"50\" r=\"{r}\" {attr}/>",
                (i * 7) % 300
            ));
        }
        svg + "</svg>"
    };
    let f = "filter=\"url(#f)\"";
    for (name, defs, attr) in [
        (
            "blur",
            "<filter id=\"f\"><feGaussianBlur stdDeviation=\"4\"/></filter>",
            f,
        ),
        (
            "offset",
            "<filter id=\"f\"><feOffset dx=\"2\"/></filter>",
            f,
        ),
        (
            "morphology r1",
            "<filter id=\"f\"><feMorphology radius=\"1\"/></filter>",
            f,
        ),
        (
            "morphology r5",
            "<filter id=\"f\"><feMorphology radius=\"5\"/></filter>",
            f,
        ),
        (
            "turbulence 4",
            "<filter id=\"f\"><feTurbulence numOctaves=\"4\"/></filter>",
            f,
        ),
        (
            "lighting",
            "<filter id=\"f\"><feDiffuseLighting><feDistantLight/></feDiffuseLighting></filter>",
            f,
        ),
        (
            "convolve 5",
            "<filter id=\"f\"><feConvolveMatrix order=\"5\" kernelMatrix=\"1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\"/></filter>",
            f,
        ),
        (
            "mask",
            "<mask id=\"f\"><rect width=\"300\" height=\"100\" fill=\"#fff\"/></mask>",
            "mask=\"url(#f)\"",
        ),
        (
            "clip",
            "<clipPath id=\"f\"><rect width=\"300\" height=\"60\"/></clipPath>",
            "clip-path=\"url(#f)\"",
        ),
        ("opacity", "", "opacity=\"0.5\""),
    ] {
        for n in [10, 40] {
            let svg = shapes(n, defs, attr, 20);
            let ops = budget::pixel_ops(&svg);
            let ms = draw(&svg, 1200.0);
            eprintln!(
                "{name} ×{n}: {ms:.0} ms at 1200 px, {:.0} M operations, {:.1} ns each",
                ops / 1e6,
                ms * 1e6 / ops
            );
        }
    }
    let logo = shapes(
        300,
        "<filter id=\"f\"><feMorphology operator=\"dilate\" radius=\"30\"/><feGaussianBlur stdDeviation=\"6\"/></filter>",
        "fill=\"#fff\" filter=\"url(#f)\"",
        20,
    );
    let started = std::time::Instant::now();
    assert_eq!(inspect(logo.as_bytes()).unwrap_err().code, "E026");
    let checked = started.elapsed();
    let card = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\"><image x=\"80\" y=\"70\" \
         width=\"360\" height=\"120\" href=\"data:image/svg+xml;base64,{}\"/></svg>",
        base64::engine::general_purpose::STANDARD.encode(&logo)
    );
    eprintln!(
        "300 filtered shapes: refused in {checked:?}; drawn into a social card in {:.0} ms",
        draw(&card, 1200.0)
    );
}

/// Twelve levels of 220 nested groups, each level drawing the one below with `<use>`: the
/// drawing is 2,640 groups deep, within the budget, and checking it overflows no stack.
#[test]
fn a_deep_chain_of_uses_is_checked_on_a_small_stack() {
    let mut svg = String::from("<svg xmlns=\"http://www.w3.org/2000/svg\"><defs>");
    let levels = 12;
    for l in 0..levels {
        svg.push_str(&format!("<g id=\"l{l}\">"));
        svg.push_str(&"<g>".repeat(220));
        if l == 0 {
            svg.push_str("<rect width=\"1\" height=\"1\"/>");
        } else {
            svg.push_str(&format!("<use href=\"#l{}\"/>", l - 1));
        }
        svg.push_str(&"</g>".repeat(220));
        svg.push_str("</g>");
    }
    svg.push_str(&format!("</defs><use href=\"#l{}\"/></svg>", levels - 1));
    let published = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || publish(svg.as_bytes()).is_ok())
        .unwrap()
        .join();
    assert_eq!(published.ok(), Some(true));
}
