//! SVG files that contributors ship (logos, news images, document files, brand files), made
//! safe to publish on the site's origin and cheap enough to draw.
//!
//! An SVG opened by its URL is a document of the site: a script in it runs with the site's
//! origin. So an SVG is read as XML (roxmltree: namespaces resolved, entities decoded, no
//! DTD) and every element and attribute is held against an allowlist ([`allow`]):
//!
//! - **refused** (E019, at the element's or attribute's line and column): anything that is
//!   not UTF-8 (a UTF-16 file, a declared `encoding` other than UTF-8, bytes that are not
//!   UTF-8), a DOCTYPE with an internal subset (entities can hide markup), XML that is not
//!   well-formed, a root other than `<svg>`, `<script>` (in any namespace), `<foreignObject>`,
//!   `<iframe>`, `<embed>`, `<object>`, animations (`<set>` and `<animate>` can turn a link
//!   into `javascript:`), any other element not on the list, elements of other namespaces
//!   (XHTML, MathML…), `on…` event handlers, `href`s other than `#id`, base64
//!   `data:image/png|jpeg|gif|webp` pictures (`<image>`, `<feImage>`) and http(s) links
//!   (`<a>`), script URLs in any attribute, CSS (`style`, `<style>`, presentation
//!   attributes) with a `url()` to anything but `#id`, `@import`, `expression()`, resource
//!   functions or escapes, and an `<?xml-stylesheet?>` instruction;
//! - **dropped**: metadata design tools write (`<metadata>`, and the elements and
//!   attributes of the Inkscape, Sodipodi, Illustrator, Sketch, Serif, Figma, CorelDRAW,
//!   Visio and RDF/Dublin Core namespaces), attributes not on the list (`data-*`,
//!   `xml:base`, `xlink:title`…), comments, other processing instructions and a DOCTYPE
//!   without an internal subset;
//! - **published** ([`publish`]): the tree re-serialised from what is kept (elements and
//!   attributes of the lists only, under their own names in the SVG namespace, text
//!   escaped), never the original bytes.
//!
//! What drawing the kept tree costs is then bounded ([`budget`], E026): `build` draws the
//! brand's logo into social cards with resvg, and a browser draws every SVG.

mod allow;
mod budget;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;

use roxmltree::{Document, Node, NodeId, NodeType, ParsingOptions};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// What `check` says about an SVG that is not published: the code (E019 unsafe, E026 too
/// costly to draw), what was found, what is allowed instead, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub code: &'static str,
    pub message: String,
    pub hint: String,
    /// Bytes of [`Self::text`] the problem is at (empty text: the whole file).
    pub span: Range<usize>,
    /// The file as text for showing its lines: as it is when UTF-8, with replacement
    /// characters when not, empty when it is not ASCII-compatible (UTF-16).
    pub text: Arc<str>,
}

/// What is known about an SVG that is published.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    /// Width and height in pixels, from its size or `viewBox` (as drawn).
    pub size: Option<(u32, u32)>,
}

/// The verdict on an SVG file's bytes.
pub type Verdict = Result<Accepted, Refused>;

/// A problem before it is tied to the file's text.
#[derive(Debug)]
struct Problem {
    code: &'static str,
    message: String,
    hint: String,
    span: Range<usize>,
}

fn unsafe_svg(span: Range<usize>, message: impl Into<String>, hint: impl Into<String>) -> Problem {
    Problem {
        code: "E019",
        message: message.into(),
        hint: hint.into(),
        span,
    }
}

const ALLOWED: &str = "allowed: SVG shapes, paths, text, gradients, patterns, clip paths, masks, \
    markers, filters, <use> and <image>, styled with presentation attributes or CSS; links to \
    `#id` in the same file, base64 `data:` PNG, JPEG, GIF or WebP pictures, and http(s) links \
    in <a>";

/// Check an SVG file and say what is known about it (`check`, at the content edge).
pub fn inspect(bytes: &[u8]) -> Verdict {
    sanitise(bytes).map(|(_, size)| Accepted { size })
}

/// The SVG as published: the sanitised tree re-serialised, when it is safe and within the
/// drawing budget.
pub fn publish(bytes: &[u8]) -> Result<String, Refused> {
    sanitise(bytes).map(|(clean, _)| clean)
}

/// The published text and the size of the picture it draws, or why it is refused.
fn sanitise(bytes: &[u8]) -> Result<(String, Option<(u32, u32)>), Refused> {
    let text = decode(bytes).map_err(|(problem, text)| refused(problem, text))?;
    let parsed = blank_doctype(text);
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: budget::MAX_NODES,
        entity_resolver: None,
    };
    let doc = match Document::parse_with_options(&parsed, opts) {
        Ok(d) => d,
        Err(e) => return Err(refused(parse_problem(text, &e), Arc::from(text))),
    };
    let kept = Kept::walk(&doc).and_then(|k| budget::check(&doc, &k).map(|()| k));
    let clean = kept.map(|k| k.serialise(&doc));
    let size = clean
        .as_ref()
        .map_err(|_| ())
        .map(|clean| budget::drawing(&doc, clean));
    match (clean, size) {
        (Ok(clean), Ok(Ok(size))) => Ok((clean, size)),
        (Err(p), _) | (_, Ok(Err(p))) => Err(refused(p, Arc::from(text))),
        (Ok(_), Err(())) => unreachable!("a size for each published text"),
    }
}

fn refused(p: Problem, text: Arc<str>) -> Refused {
    Refused {
        code: p.code,
        message: p.message,
        hint: p.hint,
        span: p.span,
        text,
    }
}

/// The file's text when it is UTF-8 (with or without a byte-order mark) and declares no
/// other encoding; otherwise the problem, with the text to show it in.
fn decode(bytes: &[u8]) -> Result<&str, (Problem, Arc<str>)> {
    const SAVE: &str = "save the SVG as UTF-8 (in most editors under \"Save with encoding\")";
    let utf16 = bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0, b'<'])
        || bytes.starts_with(&[b'<', 0]);
    if utf16 {
        let p = unsafe_svg(
            0..0,
            "is UTF-16 (or UTF-32); only UTF-8 SVG files are published",
            SAVE,
        );
        return Err((p, Arc::from("")));
    }
    let lossy = || Arc::from(String::from_utf8_lossy(bytes).into_owned());
    // The declaration is read first: a browser follows it, whatever the bytes are.
    let head = &bytes[..bytes.len().min(512)];
    let head = String::from_utf8_lossy(head);
    if let Some((encoding, at)) = declared_encoding(&head)
        && !encoding.eq_ignore_ascii_case("utf-8")
    {
        let p = unsafe_svg(
            at..at + encoding.len(),
            format!("declares the encoding `{encoding}`; only UTF-8 SVG files are published"),
            format!("{SAVE}, with `encoding=\"UTF-8\"` or no encoding in its first line"),
        );
        return Err((p, lossy()));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let p = unsafe_svg(
            at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
            format!(
                "is not UTF-8: byte 0x{:02X} cannot start or continue a character",
                bytes[at]
            ),
            SAVE,
        );
        (p, lossy())
    })
}

/// The `encoding` an XML declaration names, and its offset in `text`.
fn declared_encoding(text: &str) -> Option<(&str, usize)> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let bom = text.len() - body.len();
    let decl = body.strip_prefix("<?xml")?;
    if !decl.starts_with(|c: char| c.is_ascii_whitespace()) {
        return None;
    }
    let decl = &decl[..decl.find("?>")?];
    let i = decl.find("encoding")?;
    let rest = decl[i + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let value = &value[..value.find(quote)?];
    let at = bom + "<?xml".len() + (decl.len() - rest.len()) + 1;
    Some((value, at))
}

/// `text` with a DOCTYPE that has no internal subset (`<!DOCTYPE svg PUBLIC "…" "…">`, as
/// Illustrator writes) blanked out, offsets kept: it declares no entity, browsers load no
/// external DTD, and roxmltree refuses every DOCTYPE. One with an internal subset (`[…]`) is
/// left for roxmltree to refuse.
fn blank_doctype(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut i = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let rest = &text[i..];
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|e| e + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|e| e + 3)
        } else {
            break;
        };
        match skip {
            Some(n) => i += n,
            None => return Cow::Borrowed(text),
        }
    }
    if !text[i..].starts_with("<!DOCTYPE") {
        return Cow::Borrowed(text);
    }
    let mut quote = None;
    let mut end = None;
    for (j, c) in b.iter().enumerate().skip(i + 9) {
        match (quote, c) {
            (Some(q), c) if *c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(*c),
            (None, b'[') => return Cow::Borrowed(text),
            (None, b'>') => {
                end = Some(j + 1);
                break;
            }
            _ => {}
        }
    }
    let Some(end) = end else {
        return Cow::Borrowed(text);
    };
    let mut out = b.to_vec();
    for c in &mut out[i..end] {
        if *c != b'\n' && *c != b'\r' {
            *c = b' ';
        }
    }
    // Only ASCII between two ASCII bytes was replaced, by ASCII.
    Cow::Owned(String::from_utf8(out).expect("still UTF-8"))
}

/// A roxmltree error as a problem at its place in `text`.
fn parse_problem(text: &str, e: &roxmltree::Error) -> Problem {
    if matches!(e, roxmltree::Error::DtdDetected) {
        let at = text.find("<!DOCTYPE").unwrap_or(0);
        return unsafe_svg(
            at..at + "<!DOCTYPE".len(),
            "has a DOCTYPE with declarations (an internal subset): entities can hide markup \
             from this check",
            "export the SVG without a DOCTYPE, or with one that declares nothing \
             (`<!DOCTYPE svg PUBLIC \"…\" \"…\">`)",
        );
    }
    if matches!(e, roxmltree::Error::NodesLimitReached) {
        return Problem {
            code: "E026",
            message: format!(
                "has more than {} XML nodes, too many to draw",
                budget::MAX_NODES
            ),
            hint: "simplify the drawing (merge paths, remove hidden layers)".into(),
            span: 0..0,
        };
    }
    let pos = e.pos();
    let at = offset_of(text, pos.row as usize, pos.col as usize);
    let message = e.to_string();
    let message = message
        .rsplit_once(" at ")
        .map_or(message.as_str(), |(m, _)| m);
    unsafe_svg(
        at..at,
        format!("is not well-formed XML: {message}"),
        "open it in a drawing program and export it again as plain SVG",
    )
}

/// The byte offset of 1-based `row` and `col` (in characters) in `text`.
fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start = if row <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(row - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    text[line_start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// An element as it is published: its name and its attributes (name, value).
#[derive(Debug)]
struct Published {
    name: &'static str,
    attrs: Vec<(Cow<'static, str>, String)>,
}

/// The elements of a document that are published, by node.
#[derive(Debug)]
pub(crate) struct Kept {
    elements: HashMap<NodeId, Published>,
}

impl Kept {
    /// Whether `node` is an element that is published.
    fn has(&self, node: Node) -> bool {
        self.elements.contains_key(&node.id())
    }

    /// Hold every node of `doc` against the allowlist: what is kept, or the first problem.
    fn walk(doc: &Document) -> Result<Kept, Problem> {
        let root = doc.root_element();
        let tag = root.tag_name();
        if tag.name() != "svg" || !matches!(tag.namespace(), None | Some(allow::SVG_NS)) {
            return Err(unsafe_svg(
                element_span(root),
                format!("has the root element <{}>, not <svg>", qname(root)),
                "an SVG file's root element is <svg xmlns=\"http://www.w3.org/2000/svg\">",
            ));
        }
        let mut kept = Kept {
            elements: HashMap::new(),
        };
        let mut depth = 0usize;
        // The dropped element whose content is being skipped.
        let mut skipping: Option<NodeId> = None;
        for edge in edges(doc.root()) {
            let node = match edge {
                Edge::Open(n) => n,
                Edge::Close(n) => {
                    if n.is_element() {
                        depth -= 1;
                    }
                    if skipping == Some(n.id()) {
                        skipping = None;
                    }
                    continue;
                }
            };
            match node.node_type() {
                NodeType::Element => {
                    depth += 1;
                    if depth > budget::MAX_DEPTH {
                        return Err(Problem {
                            code: "E026",
                            message: format!(
                                "nests elements more than {} deep, too deep to draw",
                                budget::MAX_DEPTH
                            ),
                            hint: "ungroup the drawing's layers".into(),
                            span: element_span(node),
                        });
                    }
                    hostile(node)?;
                    if skipping.is_some() {
                        continue;
                    }
                    match kept.element(node)? {
                        Some(p) => {
                            kept.elements.insert(node.id(), p);
                        }
                        None => skipping = Some(node.id()),
                    }
                }
                NodeType::PI => {
                    let pi = node.pi().expect("a processing instruction");
                    if pi.target.eq_ignore_ascii_case("xml-stylesheet") {
                        return Err(unsafe_svg(
                            node.range(),
                            "has an <?xml-stylesheet?> instruction, which loads another file",
                            "put the styles in a <style> element or in attributes",
                        ));
                    }
                }
                _ => {}
            }
        }
        Ok(kept)
    }

    /// `node` as published, `None` when it is dropped with its content, or why it is refused.
    fn element(&self, node: Node) -> Result<Option<Published>, Problem> {
        let tag = node.tag_name();
        let local = tag.name();
        match tag.namespace() {
            None | Some(allow::SVG_NS) => {}
            Some(uri) if allow::is_editor_namespace(uri) => return Ok(None),
            Some(uri) => {
                return Err(unsafe_svg(
                    element_span(node),
                    format!(
                        "has an element of another namespace, <{}> ({uri}); only SVG is published",
                        qname(node)
                    ),
                    ALLOWED,
                ));
            }
        }
        if allow::DROPPED_ELEMENTS.contains(&local) {
            return Ok(None);
        }
        let Some((name, links)) = allow::element(local) else {
            let what = allow::refused_element(local).unwrap_or("an element that is not allowed");
            let hint = if local == "foreignObject" {
                format!(
                    "{ALLOWED} (Illustrator writes <foreignObject> when \"Preserve Illustrator \
                     Editing Capabilities\" is ticked: save without it)"
                )
            } else {
                ALLOWED.into()
            };
            return Err(unsafe_svg(
                element_span(node),
                format!("has <{local}>: {what}"),
                hint,
            ));
        };
        if name == "style" {
            if let Some(child) = node.children().find(Node::is_element) {
                return Err(unsafe_svg(
                    element_span(child),
                    format!(
                        "has <{}> inside <style>, which holds CSS only",
                        qname(child)
                    ),
                    ALLOWED,
                ));
            }
            let css: String = node.children().filter_map(|c| c.text()).collect();
            if let Some(bad) = allow::css_problem(&css) {
                return Err(unsafe_svg(
                    element_span(node),
                    format!("has {bad} in <style>"),
                    "CSS may refer to elements of the same file only (`url(#id)`)",
                ));
            }
        }
        let mut attrs = Vec::new();
        for a in node.attributes() {
            let (local, value) = (a.name(), a.value());
            if let Some(bad) = allow::script_url(value) {
                return Err(unsafe_svg(
                    a.range(),
                    format!(
                        "has a `{bad}` URL in the attribute `{}`",
                        attr_qname(node, &a)
                    ),
                    ALLOWED,
                ));
            }
            let out: Cow<'static, str> = match (a.namespace(), local) {
                (None, "href") => match check_link(node, &a, name, links)? {
                    Some(v) => {
                        attrs.push((Cow::Borrowed("href"), v));
                        continue;
                    }
                    None => continue,
                },
                (Some(allow::XLINK_NS), "href") => match check_link(node, &a, name, links)? {
                    Some(v) => {
                        attrs.push((Cow::Borrowed("xlink:href"), v));
                        continue;
                    }
                    None => continue,
                },
                (Some(allow::XML_NS), "space") => Cow::Borrowed("xml:space"),
                (Some(allow::XML_NS), "lang") => Cow::Borrowed("xml:lang"),
                (None, _) => match allow::attribute(local) {
                    Some(n) => Cow::Borrowed(n),
                    None if allow::is_aria(local) => Cow::Owned(local.to_string()),
                    None => continue,
                },
                _ => continue,
            };
            if a.namespace().is_none()
                && !allow::is_plain_value(local)
                && let Some(bad) = allow::css_problem(value)
            {
                return Err(unsafe_svg(
                    a.range(),
                    format!("has {bad} in the attribute `{local}`"),
                    "CSS may refer to elements of the same file only (`url(#id)`)",
                ));
            }
            if local == "target"
                && !(name == "a" && matches!(value, "_blank" | "_self" | "_parent" | "_top"))
            {
                continue;
            }
            attrs.push((out, value.to_string()));
        }
        Ok(Some(Published { name, attrs }))
    }

    /// Whether the kept element `n` has content that is published (text, kept elements).
    fn has_content(&self, n: Node) -> bool {
        n.children().any(|c| c.is_text() || self.has(c))
    }

    /// The document re-serialised from the kept elements, in the SVG namespace.
    fn serialise(&self, doc: &Document) -> String {
        let mut out = String::with_capacity(doc.input_text().len());
        let xlink = self
            .elements
            .values()
            .any(|p| p.attrs.iter().any(|(n, _)| n == "xlink:href"));
        let root = doc.root_element();
        let mut skipping: Option<NodeId> = None;
        for edge in edges(root) {
            match edge {
                Edge::Open(n) if skipping.is_some() => {
                    let _ = n;
                }
                Edge::Open(n) if n.is_element() => {
                    let Some(p) = self.elements.get(&n.id()) else {
                        skipping = Some(n.id());
                        continue;
                    };
                    out.push('<');
                    out.push_str(p.name);
                    if n == root {
                        out.push_str(" xmlns=\"");
                        out.push_str(allow::SVG_NS);
                        out.push('"');
                        if xlink {
                            out.push_str(" xmlns:xlink=\"");
                            out.push_str(allow::XLINK_NS);
                            out.push('"');
                        }
                    }
                    for (name, value) in &p.attrs {
                        out.push(' ');
                        out.push_str(name);
                        out.push_str("=\"");
                        escape_attribute(value, &mut out);
                        out.push('"');
                    }
                    if self.has_content(n) {
                        out.push('>');
                    } else {
                        out.push_str("/>");
                    }
                }
                Edge::Open(n) => {
                    if let Some(t) = n.text().filter(|_| n.is_text()) {
                        escape_text(t, &mut out);
                    }
                }
                Edge::Close(n) => {
                    if skipping == Some(n.id()) {
                        skipping = None;
                    } else if skipping.is_none()
                        && self.has_content(n)
                        && let Some(p) = self.elements.get(&n.id())
                    {
                        out.push_str("</");
                        out.push_str(p.name);
                        out.push('>');
                    }
                }
            }
        }
        out.push('\n');
        out
    }
}

/// Scripts and event handlers are refused wherever they are, even in content that is
/// dropped: nobody hides one there by accident.
fn hostile(node: Node) -> Result<(), Problem> {
    if node.tag_name().name().eq_ignore_ascii_case("script") {
        return Err(unsafe_svg(
            element_span(node),
            format!("has <{}>: a script", qname(node)),
            ALLOWED,
        ));
    }
    if let Some(a) = node
        .attributes()
        .find(|a| allow::is_event_handler(a.name()))
    {
        return Err(unsafe_svg(
            a.range(),
            format!("has the event-handler attribute `{}`", attr_qname(node, &a)),
            format!("{ALLOWED}; no `on…` attributes"),
        ));
    }
    Ok(())
}

/// An `href` of `node` (a published `element` whose links may lead to `links`): its value
/// as published, `None` to drop it (a `#id` where it means nothing), or why it is refused.
fn check_link(
    node: Node,
    a: &roxmltree::Attribute,
    element: &str,
    links: allow::Links,
) -> Result<Option<String>, Problem> {
    use allow::Link;
    let value = a.value();
    let trimmed = value
        .trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control())
        .to_string();
    match allow::link(value) {
        Some(Link::Fragment) if links.fragment => Ok(Some(trimmed)),
        Some(Link::Picture) if links.picture => Ok(Some(trimmed)),
        Some(Link::Web) if links.web => Ok(Some(trimmed)),
        Some(Link::Fragment) => Ok(None),
        _ => {
            let mut may = Vec::new();
            if links.fragment || !links.picture {
                may.push("`#id` in the same file");
            }
            if links.picture {
                may.push("a base64 `data:` PNG, JPEG, GIF or WebP picture");
            }
            if links.web {
                may.push("an http(s) URL");
            }
            let shown: String = value.chars().take(60).collect();
            let more = if value.chars().count() > 60 {
                "…"
            } else {
                ""
            };
            Err(unsafe_svg(
                a.range(),
                format!(
                    "has `{}=\"{shown}{more}\"` on <{element}>, which may lead only to {}",
                    attr_qname(node, a),
                    may.join(" or ")
                ),
                "embed pictures as base64 data: URLs; other files are not loaded",
            ))
        }
    }
}

/// Where a walk through a tree is: entering a node or leaving it.
#[derive(Debug, Clone, Copy)]
enum Edge<'a, 'input> {
    Open(Node<'a, 'input>),
    Close(Node<'a, 'input>),
}

/// Entering and leaving every node of `top`'s tree (itself included), in document order,
/// without recursion (a deep tree cannot overflow the stack).
fn edges<'a, 'input>(top: Node<'a, 'input>) -> impl Iterator<Item = Edge<'a, 'input>> {
    let mut next = Some(Edge::Open(top));
    std::iter::from_fn(move || {
        let edge = next?;
        next = match edge {
            Edge::Open(n) => Some(n.first_child().map_or(Edge::Close(n), Edge::Open)),
            Edge::Close(n) if n == top => None,
            Edge::Close(n) => match n.next_sibling() {
                Some(s) => Some(Edge::Open(s)),
                None => n.parent().map(Edge::Close),
            },
        };
        Some(edge)
    })
}

/// The element's name as written (with its prefix).
fn qname<'a>(node: Node<'a, '_>) -> &'a str {
    let text = node.document().input_text();
    let start = node.range().start + 1;
    let len = text[start..]
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(0);
    &text[start..start + len]
}

/// The attribute's name as written (with its prefix).
fn attr_qname<'a>(node: Node<'a, '_>, a: &roxmltree::Attribute) -> &'a str {
    &node.document().input_text()[a.range_qname()]
}

/// The span of an element's start: `<` and its name.
fn element_span(node: Node) -> Range<usize> {
    let start = node.range().start;
    start..start + 1 + qname(node).len()
}

fn escape_attribute(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}
