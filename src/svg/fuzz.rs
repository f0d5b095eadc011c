//! Property test of the sanitiser: SVG documents from a small grammar of elements,
//! attributes, namespaces, entities and encodings, and byte-level mutations of hostile
//! samples, never make it panic; and whatever it publishes, parsed again, holds only
//! allowlisted elements and attributes, no event handler, no script URL (however cased,
//! spaced or encoded), only accepted links and CSS, and publishes to itself.
//!
//! 10,000 cases each by default (a second or two); `PROPTEST_CASES=100000 cargo test --lib svg::fuzz`
//! runs longer.

use super::allow;
use super::publish;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Elements: the first [`BENIGN_ELEMENTS`] are published or dropped, the others refused.
const ELEMENTS: &[&str] = &[
    "g",
    "rect",
    "path",
    "circle",
    "text",
    "tspan",
    "a",
    "use",
    "image",
    "style",
    "title",
    "defs",
    "filter",
    "feMorphology",
    "feGaussianBlur",
    "mask",
    "pattern",
    "metadata",
    "s:rect",
    "inkscape:thing",
    "sodipodi:namedview",
    "rdf:RDF",
    "svg",
    "script",
    "SCRIPT",
    "foreignObject",
    "set",
    "animate",
    "iframe",
    "s:script",
    "h:script",
    "h:iframe",
    "h:a",
    "x:unknown",
];
const BENIGN_ELEMENTS: usize = 23;

/// Attributes: the first [`BENIGN_ATTRIBUTES`] are published or dropped (depending on their
/// values), the others refused.
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "fill",
    "style",
    "href",
    "xlink:href",
    "h:href",
    "inkscape:label",
    "width",
    "filter",
    "mask",
    "data-x",
    "xml:base",
    "xml:space",
    "target",
    "aria-label",
    "values",
    "radius",
    "transform",
    "onload",
    "onClick",
    "ONERROR",
];
const BENIGN_ATTRIBUTES: usize = 19;

/// Values: the first [`BENIGN_VALUES`] are fine wherever they are allowed at all.
const VALUES: &[&str] = &[
    "#a",
    "a",
    "10",
    "red",
    "url(#a)",
    "url( '#a' )",
    "fill:url(#a);stroke:#000",
    "data:image/png;base64,iVBORw0KGgo=",
    "https://example.org/",
    "http://example.org/?a=1&amp;b=2",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "_blank",
    "_evil",
    "&amp;&quot;&apos;",
    "url(http://e.example/x.svg#a)",
    "url(x.svg)",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6a;&#x61;vascript:alert(1)",
    "java&#9;script:alert(1)",
    "java&#10;script:alert(1)",
    "vbscript:x",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "data:text/html,&lt;script&gt;",
    "//example.org/x",
    "expression(alert(1))",
    "\\75rl(x)",
    "fill:url(#a);stroke:url(https://e.example/)",
    "@import 'x.css'",
    "&#0;",
    "&bogus;",
];
const BENIGN_VALUES: usize = 14;

const TEXTS: &[&str] = &[
    "hello",
    "&amp; &lt; &gt;",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    ".a{fill:url(#a)}",
    "rect{fill:url(x.svg)}",
    "@import url(x.css);",
    "<!-- a comment -->",
    "<?pi data?>",
    "<?xml-stylesheet href=\"x.css\"?>",
    "&e;",
    "javascript:alert(1)",
    "]]>",
];

const NAMESPACES: &str = " xmlns:s=\"http://www.w3.org/2000/svg\" \
    xmlns:h=\"http://www.w3.org/1999/xhtml\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
    xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" \
    xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\" \
    xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:x=\"urn:x\"";

/// A random element tree, as XML text.
#[derive(Debug, Clone)]
enum Tree {
    Text(usize),
    Element(usize, Vec<(usize, usize)>, Vec<Tree>),
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = (0..TEXTS.len()).prop_map(Tree::Text);
    leaf.prop_recursive(4, 40, 5, |inner| {
        let value = prop_oneof![3 => 0..BENIGN_VALUES, 1 => BENIGN_VALUES..VALUES.len()];
        let element = prop_oneof![4 => 0..BENIGN_ELEMENTS, 1 => BENIGN_ELEMENTS..ELEMENTS.len()];
        let attribute =
            prop_oneof![8 => 0..BENIGN_ATTRIBUTES, 1 => BENIGN_ATTRIBUTES..ATTRIBUTES.len()];
        (
            element,
            prop::collection::vec((attribute, value), 0..4),
            prop::collection::vec(inner, 0..5),
        )
            .prop_map(|(e, a, c)| Tree::Element(e, a, c))
    })
}

fn write(t: &Tree, out: &mut String) {
    match t {
        Tree::Text(i) => out.push_str(TEXTS[*i]),
        Tree::Element(e, attrs, children) => {
            out.push('<');
            out.push_str(ELEMENTS[*e]);
            let mut seen = Vec::new();
            for (a, v) in attrs {
                if seen.contains(a) {
                    continue;
                }
                seen.push(*a);
                out.push_str(&format!(" {}=\"{}\"", ATTRIBUTES[*a], VALUES[*v]));
            }
            out.push('>');
            for c in children {
                write(c, out);
            }
            out.push_str("</");
            out.push_str(ELEMENTS[*e]);
            out.push('>');
        }
    }
}

/// A document: prolog, root (with or without namespaces), content, in an encoding.
fn document() -> impl Strategy<Value = Vec<u8>> {
    // Mostly declarations, DOCTYPEs and encodings that are accepted, so that the content
    // decides.
    (
        prop_oneof![6 => 0..3usize, 1 => 3..5usize],
        prop_oneof![6 => 0..2usize, 1 => 2..4usize],
        any::<bool>(),
        prop::collection::vec(tree(), 0..4),
        prop_oneof![6 => 0..3usize, 1 => 3..5usize],
    )
        .prop_map(|(decl, doctype, ns, content, encoding)| {
            let mut s = String::new();
            s.push_str(
                [
                    "",
                    "<?xml version=\"1.0\"?>",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
                    "<?xml version=\"1.0\" encoding=\"utf-16\"?>",
                ][decl],
            );
            s.push_str(
                [
                    "",
                    "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">",
                    "<!DOCTYPE svg [<!ENTITY e \"&#60;script&#62;alert(1)&#60;/script&#62;\">]>",
                    "<!DOCTYPE svg SYSTEM \"x[.dtd\">",
                ][doctype],
            );
            s.push_str("<svg");
            if ns {
                s.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
            }
            s.push_str(NAMESPACES);
            s.push_str(" viewBox=\"0 0 100 100\">");
            for t in &content {
                write(t, &mut s);
            }
            s.push_str("</svg>");
            match encoding {
                0 | 1 => s.into_bytes(),
                2 => [&[0xEF, 0xBB, 0xBF][..], s.as_bytes()].concat(),
                3 => [0xFF, 0xFE]
                    .into_iter()
                    .chain(s.encode_utf16().flat_map(u16::to_le_bytes))
                    .collect(),
                _ => s
                    .into_bytes()
                    .into_iter()
                    .map(|b| if b == b'a' { 0xE4 } else { b })
                    .collect(),
            }
        })
}

const HOSTILE: &[&str] = &[
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><s:script xmlns:s=\"http://www.w3.org/2000/svg\">alert(1)</s:script></svg>",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script></svg>",
    "<!DOCTYPE svg [<!ENTITY s \"&#60;script&#62;alert(1)&#60;/script&#62;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"&#106;avascript:alert(1)\"><rect width=\"9\" height=\"9\"/></a></svg>",
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"java&#9;script:alert(1)\"><text>x</text></a></svg>",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"9\" height=\"9\" onload=\"alert(1)\" style=\"fill:url(#a)\"/></svg>",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>.a{fill:url(#g)}</style><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></body></foreignObject></svg>",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"data:image/png;base64,iVBORw0KGgo=\"/><use href=\"#a\"/><g id=\"a\"/></svg>",
];

/// A hostile sample with some bytes replaced, inserted or removed.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    const BYTES: &[u8] = b"<>/=\"'&#;: \tjJsSoO\x00\xC3\xE9\xFF-";
    (
        0..HOSTILE.len(),
        prop::collection::vec((any::<prop::sample::Index>(), 0..3u8, 0..BYTES.len()), 1..6),
    )
        .prop_map(|(i, edits)| {
            let mut b = HOSTILE[i].as_bytes().to_vec();
            for (at, op, byte) in edits {
                let at = at.index(b.len().max(1)).min(b.len());
                match op {
                    0 if at < b.len() => b[at] = BYTES[byte],
                    1 => b.insert(at, BYTES[byte]),
                    _ if at < b.len() => {
                        b.remove(at);
                    }
                    _ => {}
                }
            }
            b
        })
}

/// What must hold of every published document.
fn check_published(out: &str) -> Result<(), String> {
    let doc = roxmltree::Document::parse(out).map_err(|e| format!("not XML: {e}"))?;
    for n in doc.descendants() {
        if n.is_pi() || n.is_comment() {
            return Err(format!("a PI or comment: {n:?}"));
        }
        if !n.is_element() {
            continue;
        }
        let tag = n.tag_name();
        if tag.namespace() != Some(allow::SVG_NS) {
            return Err(format!("an element outside SVG: {tag:?}"));
        }
        let Some((_, links)) = allow::element(tag.name()) else {
            return Err(format!("an element not allowed: {tag:?}"));
        };
        for a in n.attributes() {
            let (ns, name, value) = (a.namespace(), a.name(), a.value());
            let allowed = match ns {
                None => name == "href" || allow::attribute(name).is_some() || allow::is_aria(name),
                Some(allow::XLINK_NS) => name == "href",
                Some(allow::XML_NS) => name == "space" || name == "lang",
                Some(_) => false,
            };
            if !allowed || allow::is_event_handler(name) {
                return Err(format!("an attribute not allowed: {ns:?} {name}"));
            }
            let squeezed = allow::squeeze(value);
            if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
                return Err(format!("a script URL: {name}={value:?}"));
            }
            if name == "href" {
                let ok = match allow::link(value) {
                    Some(allow::Link::Fragment) => links.fragment,
                    Some(allow::Link::Picture) => links.picture,
                    Some(allow::Link::Web) => links.web,
                    None => false,
                };
                if !ok {
                    return Err(format!("a link not allowed: {value:?} on {tag:?}"));
                }
            } else if ns.is_none()
                && !allow::is_plain_value(name)
                && let Some(p) = allow::css_problem(value)
            {
                return Err(format!("CSS not allowed in {name}: {p}"));
            }
        }
        if tag.name() == "style" {
            let css: String = n.children().filter_map(|c| c.text()).collect();
            if let Some(p) = allow::css_problem(&css) {
                return Err(format!("CSS not allowed in <style>: {p}"));
            }
            if n.children().any(|c| c.is_element()) {
                return Err("an element in <style>".into());
            }
        }
    }
    match publish(out.as_bytes()) {
        Ok(again) if again == out => Ok(()),
        Ok(again) => Err(format!("published again differently:\n{again}")),
        Err(r) => Err(format!("refused once published: {r:?}")),
    }
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10_000),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs `strategy` through the sanitiser; returns (cases, published).
fn run(strategy: impl Strategy<Value = Vec<u8>>) -> (u32, u32) {
    let mut runner = TestRunner::new(config());
    let cases = runner.config().cases;
    let published = std::cell::Cell::new(0u32);
    let result = runner.run(&strategy, |bytes| {
        if let Ok(out) = publish(&bytes) {
            published.set(published.get() + 1);
            if let Err(e) = check_published(&out) {
                return Err(TestCaseError::fail(format!(
                    "{e}\ninput: {:?}\noutput: {out}",
                    String::from_utf8_lossy(&bytes)
                )));
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    (cases, published.get())
}

#[test]
fn generated_documents_publish_only_what_is_allowed() {
    let (cases, published) = run(document());
    eprintln!("svg::fuzz generated: {cases} cases, {published} published");
    // The grammar reaches both sides of the sanitiser.
    assert!(published > 0 && published < cases, "{published} of {cases}");
}

#[test]
fn mutated_hostile_samples_publish_only_what_is_allowed() {
    let (cases, published) = run(mutated());
    eprintln!("svg::fuzz mutated: {cases} cases, {published} published");
}
