//! What an SVG may hold: the elements and attributes that are published, the namespaces of
//! drawing programs whose data is dropped, the links and the CSS that are accepted. Pure data
//! and pure functions; [`super`] walks the tree with them.

/// The SVG namespace. Elements without a namespace are taken as SVG elements too (and
/// published in the SVG namespace).
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";
pub const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// What an element's `href` (or `xlink:href`) may lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Links {
    /// `#id`: an element of the same file.
    pub fragment: bool,
    /// `data:image/png;base64,…` (or jpeg, gif, webp): a picture inside the file.
    pub picture: bool,
    /// `http(s)://…`: a link the reader follows (`<a>` only).
    pub web: bool,
}

const NONE: Links = Links {
    fragment: false,
    picture: false,
    web: false,
};
const FRAGMENT: Links = Links {
    fragment: true,
    ..NONE
};

/// The SVG elements that are published (sorted), with what their `href` may lead to.
pub const ELEMENTS: &[(&str, Links)] = &[
    (
        "a",
        Links {
            fragment: true,
            web: true,
            picture: false,
        },
    ),
    ("circle", NONE),
    ("clipPath", NONE),
    ("defs", NONE),
    ("desc", NONE),
    ("ellipse", NONE),
    ("feBlend", NONE),
    ("feColorMatrix", NONE),
    ("feComponentTransfer", NONE),
    ("feComposite", NONE),
    ("feConvolveMatrix", NONE),
    ("feDiffuseLighting", NONE),
    ("feDisplacementMap", NONE),
    ("feDistantLight", NONE),
    ("feDropShadow", NONE),
    ("feFlood", NONE),
    ("feFuncA", NONE),
    ("feFuncB", NONE),
    ("feFuncG", NONE),
    ("feFuncR", NONE),
    ("feGaussianBlur", NONE),
    (
        "feImage",
        Links {
            fragment: true,
            picture: true,
            web: false,
        },
    ),
    ("feMerge", NONE),
    ("feMergeNode", NONE),
    ("feMorphology", NONE),
    ("feOffset", NONE),
    ("fePointLight", NONE),
    ("feSpecularLighting", NONE),
    ("feSpotLight", NONE),
    ("feTile", NONE),
    ("feTurbulence", NONE),
    ("filter", FRAGMENT),
    ("g", NONE),
    (
        "image",
        Links {
            picture: true,
            ..NONE
        },
    ),
    ("line", NONE),
    ("linearGradient", FRAGMENT),
    ("marker", NONE),
    ("mask", NONE),
    ("path", NONE),
    ("pattern", FRAGMENT),
    ("polygon", NONE),
    ("polyline", NONE),
    ("radialGradient", FRAGMENT),
    ("rect", NONE),
    ("stop", NONE),
    ("style", NONE),
    ("svg", NONE),
    ("switch", NONE),
    ("symbol", NONE),
    ("text", NONE),
    ("textPath", FRAGMENT),
    ("title", NONE),
    ("tspan", NONE),
    ("use", FRAGMENT),
];

/// The published element named `local` (its name as published, and its links).
pub fn element(local: &str) -> Option<(&'static str, Links)> {
    ELEMENTS
        .binary_search_by(|(name, _)| (*name).cmp(local))
        .ok()
        .map(|i| ELEMENTS[i])
}

/// SVG elements dropped with their content: metadata design tools write.
pub const DROPPED_ELEMENTS: &[&str] = &["metadata"];

/// Why an SVG element that is not published is refused, when there is more to say than
/// "not allowed".
pub fn refused_element(local: &str) -> Option<&'static str> {
    Some(match local {
        "script" | "handler" | "listener" => "a script",
        "foreignObject" => "HTML embedded in the drawing",
        "iframe" | "embed" | "object" | "canvas" | "video" | "audio" => "embedded content",
        "animate" | "animateColor" | "animateMotion" | "animateTransform" | "set" | "discard"
        | "mpath" => "an animation (it can rewrite a link into `javascript:` once shown)",
        "cursor" | "color-profile" | "font-face-uri" => "a reference to another file",
        _ => return None,
    })
}

/// Namespaces of drawing programs' own data (Inkscape, Sodipodi, Illustrator, Sketch,
/// Serif, Figma, CorelDRAW, Visio, Boxy SVG) and of RDF metadata: their elements (with
/// their content) and attributes are dropped, not refused.
pub fn is_editor_namespace(uri: &str) -> bool {
    const EXACT: &[&str] = &[
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
        "http://www.bohemiancoding.com/sketch/ns",
        "http://www.serif.com/",
        "http://www.figma.com/figma/ns",
        "http://www.corel.com/coreldraw/odm/2003",
        "http://schemas.microsoft.com/visio/2003/SVGExtensions/",
        "https://boxy-svg.com",
        "http://www.openswatchbook.org/uri/2009/osb",
    ];
    EXACT.contains(&uri) || uri.starts_with("http://ns.adobe.com/")
}

/// Attributes without a namespace that are published (sorted): geometry, presentation,
/// structure, gradients, patterns, clipping, masking, markers, filters, text and
/// accessibility. Besides these, `aria-*` attributes are published; `xml:space` and
/// `xml:lang` too. Any other attribute is dropped (an `on…` event handler is refused).
pub const ATTRIBUTES: &[&str] = &[
    "alignment-baseline",
    "amplitude",
    "azimuth",
    "baseFrequency",
    "baseProfile",
    "baseline-shift",
    "bias",
    "class",
    "clip",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "color",
    "color-interpolation",
    "color-interpolation-filters",
    "color-rendering",
    "cx",
    "cy",
    "d",
    "diffuseConstant",
    "direction",
    "display",
    "divisor",
    "dominant-baseline",
    "dx",
    "dy",
    "edgeMode",
    "elevation",
    "enable-background",
    "exponent",
    "fill",
    "fill-opacity",
    "fill-rule",
    "filter",
    "filterUnits",
    "flood-color",
    "flood-opacity",
    "focusable",
    "font",
    "font-family",
    "font-feature-settings",
    "font-kerning",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "fr",
    "fx",
    "fy",
    "glyph-orientation-horizontal",
    "glyph-orientation-vertical",
    "gradientTransform",
    "gradientUnits",
    "height",
    "id",
    "image-rendering",
    "in",
    "in2",
    "intercept",
    "isolation",
    "k1",
    "k2",
    "k3",
    "k4",
    "kernelMatrix",
    "kernelUnitLength",
    "kerning",
    "lang",
    "lengthAdjust",
    "letter-spacing",
    "lighting-color",
    "limitingConeAngle",
    "marker",
    "marker-end",
    "marker-mid",
    "marker-start",
    "markerHeight",
    "markerUnits",
    "markerWidth",
    "mask",
    "mask-type",
    "maskContentUnits",
    "maskUnits",
    "media",
    "method",
    "mix-blend-mode",
    "mode",
    "numOctaves",
    "offset",
    "opacity",
    "operator",
    "order",
    "orient",
    "overflow",
    "paint-order",
    "path",
    "pathLength",
    "patternContentUnits",
    "patternTransform",
    "patternUnits",
    "pointer-events",
    "points",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "preserveAlpha",
    "preserveAspectRatio",
    "primitiveUnits",
    "r",
    "radius",
    "refX",
    "refY",
    "requiredExtensions",
    "requiredFeatures",
    "result",
    "role",
    "rotate",
    "rx",
    "ry",
    "scale",
    "seed",
    "shape-rendering",
    "side",
    "slope",
    "spacing",
    "specularConstant",
    "specularExponent",
    "spreadMethod",
    "startOffset",
    "stdDeviation",
    "stitchTiles",
    "stop-color",
    "stop-opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "style",
    "surfaceScale",
    "systemLanguage",
    "tableValues",
    "target",
    "targetX",
    "targetY",
    "text-anchor",
    "text-decoration",
    "text-rendering",
    "textLength",
    "transform",
    "transform-box",
    "transform-origin",
    "type",
    "unicode-bidi",
    "values",
    "vector-effect",
    "version",
    "viewBox",
    "visibility",
    "white-space",
    "width",
    "word-spacing",
    "writing-mode",
    "x",
    "x1",
    "x2",
    "xChannelSelector",
    "y",
    "y1",
    "y2",
    "yChannelSelector",
    "z",
];

/// The published attribute named `local` (without a namespace), as published (`aria-*`
/// attributes are published too: see [`is_aria`]).
pub fn attribute(local: &str) -> Option<&'static str> {
    ATTRIBUTES.binary_search(&local).ok().map(|i| ATTRIBUTES[i])
}

/// `aria-label`, `aria-hidden`…: lower-case letters and hyphens after `aria-`.
pub fn is_aria(local: &str) -> bool {
    local.strip_prefix("aria-").is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    })
}

/// Attributes whose values are names, numbers or text rather than CSS: not checked as CSS
/// (a `url(` in them is no reference).
pub fn is_plain_value(local: &str) -> bool {
    matches!(
        local,
        "id" | "class"
            | "role"
            | "lang"
            | "d"
            | "path"
            | "points"
            | "viewBox"
            | "kernelMatrix"
            | "values"
            | "tableValues"
            | "systemLanguage"
            | "requiredFeatures"
            | "requiredExtensions"
            | "media"
    ) || is_aria(local)
}

/// An event-handler attribute (`onload`, `onclick`…), in any namespace: refused.
pub fn is_event_handler(local: &str) -> bool {
    local.len() > 2 && local[..2].eq_ignore_ascii_case("on")
}

/// `value` without ASCII whitespace and control characters, in lower case: what a browser
/// reads a URL scheme or CSS keyword as, however it is spaced or cased.
pub fn squeeze(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Script-bearing URL schemes and HTML payloads, refused in any attribute value and in CSS.
pub fn script_url(value: &str) -> Option<&'static str> {
    let s = squeeze(value);
    [
        "javascript:",
        "vbscript:",
        "data:text/html",
        "data:application/xhtml",
    ]
    .into_iter()
    .find(|bad| s.contains(bad))
}

/// What a link leads to, when it is one of the accepted kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Fragment,
    Picture,
    Web,
}

/// The raster formats a `data:` picture may be in.
pub const PICTURE_TYPES: [&str; 4] = ["png", "jpeg", "gif", "webp"];

/// What `href` leads to: `#id`, a base64 `data:` PNG/JPEG/GIF/WebP, or an http(s) URL;
/// `None` for anything else (another file, `javascript:`, `data:image/svg+xml`…).
pub fn link(href: &str) -> Option<Link> {
    let v = href.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
    if v.starts_with('#') {
        return Some(Link::Fragment);
    }
    let s = squeeze(v);
    if let Some(rest) = s.strip_prefix("data:image/") {
        let picture = PICTURE_TYPES.iter().find_map(|t| {
            rest.strip_prefix(t)
                .and_then(|r| r.strip_prefix(";base64,"))
        });
        return picture
            .filter(|b64| {
                b64.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            })
            .map(|_| Link::Picture);
    }
    let web = (s.starts_with("https://") || s.starts_with("http://"))
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        && v.len() > "https://".len();
    web.then_some(Link::Web)
}

/// What makes CSS (a `style` attribute, a `<style>` element or a presentation attribute)
/// unsafe to publish, if anything: a `url()` to anything but `#id`, `@import`, functions
/// that load files (`image-set()`, `image()`, `cross-fade()`, `element()`, `src()`),
/// `expression()`, `-moz-binding`, `behavior`, script URLs, and backslash escapes or `<`
/// (which could hide any of these from this check).
pub fn css_problem(css: &str) -> Option<String> {
    if css.contains('\\') {
        return Some("a backslash escape in CSS (it can hide a `url(` or `javascript:`)".into());
    }
    if css.contains('<') {
        return Some("a `<` in CSS".into());
    }
    // Comments removed (not replaced by a space: `ur/**/l(` is then caught too).
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        text.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    let s = squeeze(&text);
    if let Some(bad) = script_url(&s) {
        return Some(format!("`{bad}` in CSS"));
    }
    for bad in [
        "@import",
        "expression(",
        "-moz-binding",
        "behavior:",
        "image-set(",
        "image(",
        "cross-fade(",
        "element(",
        "src(",
    ] {
        if s.contains(bad) {
            return Some(format!("`{bad}` in CSS"));
        }
    }
    for (i, _) in s.match_indices("url(") {
        let target = s[i + 4..].trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return Some("a CSS `url()` leading to another file".into());
        }
    }
    None
}

/// The ids CSS `value` refers to with `url(#id)`.
pub fn url_refs(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(i) = rest.find("url(") {
        let after = rest[i + 4..].trim_start().trim_start_matches(['"', '\'']);
        if let Some(id) = after.strip_prefix('#') {
            let end = id.find([')', '"', '\'']).unwrap_or(id.len());
            out.push(id[..end].trim().to_string());
        }
        rest = &rest[i + 4..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(ELEMENTS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ATTRIBUTES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(element("rect").map(|e| e.0), Some("rect"));
        assert!(element("script").is_none());
        assert_eq!(attribute("stroke-width"), Some("stroke-width"));
        assert!(is_aria("aria-label") && !is_aria("aria-") && !is_aria("aria-X"));
        assert!(attribute("onload").is_none() && attribute("aria-label").is_none());
    }

    #[test]
    fn links_are_fragments_pictures_or_web() {
        assert_eq!(link(" #a "), Some(Link::Fragment));
        assert_eq!(link("data:image/png;base64,iVBO+/=="), Some(Link::Picture));
        assert_eq!(link("DATA:Image/WebP;Base64,AAAA"), Some(Link::Picture));
        assert_eq!(link("https://example.org/"), Some(Link::Web));
        for bad in [
            "javascript:alert(1)",
            " JaVa\tScRiPt:alert(1)",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data:image/png,raw",
            "data:text/html;base64,AAAA",
            "logo.svg#a",
            "//evil.example/x.svg",
            "https://",
            "file:///etc/passwd",
        ] {
            assert_eq!(link(bad), None, "{bad}");
        }
    }

    #[test]
    fn css_with_external_urls_or_escapes_is_refused() {
        assert_eq!(css_problem("fill: url(#g); stroke:#000"), None);
        assert_eq!(css_problem(".a{fill:url('#g')} .b>.c{opacity:.5}"), None);
        for bad in [
            "fill:url(https://evil.example/x.svg#g)",
            "fill: URL ( x.svg )",
            "@import 'x.css';",
            "@IMPORT url(#a)",
            "width: expression(alert(1))",
            "background: url(javascript:alert(1))",
            "fill: u\\72l(x)",
            "x: ur/**/l(x.svg)",
            "mask-image: image-set('x.png' 1x)",
            "-moz-binding: url(#x)",
            "a</style><script>",
        ] {
            assert!(css_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(url_refs("url(#a) url( '#b' ) url(x)"), ["a", "b"]);
    }
}
