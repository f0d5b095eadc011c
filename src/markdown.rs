//! Markdown bodies: rendered to sanitised HTML for pages, and inspected for `check`.
//!
//! Content comes from many organisations, so rendered HTML always passes through ammonia's
//! allowlist: whatever `check` missed can still never reach a visitor as script.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag};
use std::ops::Range;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_FOOTNOTES
}

/// The page title is the h1, so a body's headings start at h2 whichever level its author began
/// with (`#` or `##`), and never skip a level (`##` then `####` become h2 then h3): the Nu HTML
/// Checker reports a skipped level as an error, and screen readers navigate by this outline.
fn outline(events: &mut [Event]) {
    let mut used = [false; 7];
    for e in events.iter() {
        if let Event::Start(Tag::Heading { level, .. }) = e {
            used[*level as usize] = true;
        }
    }
    // rank[l]: how many shallower levels the body uses.
    let mut rank = [0usize; 7];
    for l in 2..7 {
        rank[l] = rank[l - 1] + usize::from(used[l - 1]);
    }
    let (mut previous, mut current) = (1, HeadingLevel::H2);
    for e in events.iter_mut() {
        match e {
            Event::Start(Tag::Heading { level, .. }) => {
                let n = (2 + rank[*level as usize]).min(previous + 1).min(6);
                current = HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6);
                *level = current;
                previous = n;
            }
            Event::End(pulldown_cmark::TagEnd::Heading(level)) => *level = current,
            _ => {}
        }
    }
}

/// Site-relative page links (`/clusters/x/`) point to the same page in the reader's language.
fn localise_link<'a>(url: CowStr<'a>, lang: &str) -> CowStr<'a> {
    if lang != "en" && url.starts_with('/') && !url.starts_with("//") {
        let path = url.split(['#', '?']).next().unwrap_or("");
        let already = url
            .strip_prefix(&format!("/{lang}"))
            .is_some_and(|r| r.is_empty() || r.starts_with('/'));
        if path.ends_with('/') && !already {
            return CowStr::from(format!("/{lang}{url}"));
        }
    }
    url
}

/// `markdown` as sanitised HTML for a page in `lang` of a site served under `base`
/// (`routes::base_path`): site-relative links and images (`/clusters/x/`, as authors write
/// them) lead under it.
pub fn to_html(markdown: &str, lang: &str, base: &str) -> String {
    let mut raw_html = false;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options())
        .map(|e| match e {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(localise_link(dest_url, lang)),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            e @ (Event::Html(_) | Event::InlineHtml(_)) => {
                raw_html = true;
                e
            }
            other => other,
        })
        .collect();
    outline(&mut events);
    // Raw HTML's links are put under the site's path by the allowlist pass, with these.
    if base != "/" && !raw_html {
        for e in &mut events {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = e
                && crate::routes::is_site_relative(dest_url)
            {
                *dest_url = CowStr::from(crate::routes::href(base, dest_url));
            }
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // pulldown-cmark escapes all text and attribute values itself, and link schemes are
    // checked above; only raw HTML needs the (much slower) allowlist pass.
    if raw_html {
        sanitise_under(&html, base)
    } else {
        html
    }
}

/// Links that could run script become inert.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if dangerous_url(&url) {
        CowStr::from("#")
    } else {
        url
    }
}

fn cleaner() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener"))
        .add_generic_attributes(["lang"]);
    b
}

pub fn sanitise(html: &str) -> String {
    thread_local! {
        static CLEANER: ammonia::Builder<'static> = cleaner();
    }
    CLEANER.with(|c| c.clean(html).to_string())
}

/// Puts site-relative URLs under a path, leaving other relative URLs (`#x`, `a/b`) alone.
struct Under(String);

impl<'a> ammonia::UrlRelativeEvaluate<'a> for Under {
    fn evaluate<'url>(&self, url: &'url str) -> Option<std::borrow::Cow<'url, str>> {
        Some(if crate::routes::is_site_relative(url) {
            crate::routes::href(&self.0, url).into()
        } else {
            url.into()
        })
    }
}

/// [`sanitise`], with site-relative URLs (`/clusters/x/`) put under `base`.
fn sanitise_under(html: &str, base: &str) -> String {
    if base == "/" {
        return sanitise(html);
    }
    thread_local! {
        static UNDER: std::cell::RefCell<Option<(String, ammonia::Builder<'static>)>> =
            const { std::cell::RefCell::new(None) };
    }
    UNDER.with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.as_ref().is_none_or(|(b, _)| b != base) {
            let mut b = cleaner();
            b.url_relative(ammonia::UrlRelative::Custom(Box::new(Under(
                base.to_string(),
            ))));
            *kept = Some((base.to_string(), b));
        }
        let (_, b) = kept.as_ref().expect("made above");
        b.clean(html).to_string()
    })
}

/// The text of `markdown` as plain text, cut to `max_chars` (for descriptions, excerpts and
/// the search index). Words stay apart as the page shows them apart: every block (paragraph,
/// heading, list item, table cell, quote, code block, raw HTML block, footnote, rule...)
/// begins and ends with a space, so the last item of a list never runs into the paragraph
/// after it ("award" + "Thursday" is not "awardthursday"). Raw HTML gives its text, block
/// elements and `<br>` apart, comments, scripts and styles left out.
pub fn plain_text(markdown: &str, max_chars: usize) -> String {
    use pulldown_cmark::TagEnd;
    let mut out = String::new();
    // Raw HTML is read whole: a block's tags can span several events.
    let mut html = String::new();
    let flush = |html: &mut String, out: &mut String| {
        if !html.is_empty() {
            html_text(html, out);
            html.clear();
        }
    };
    for e in Parser::new_ext(markdown, options()) {
        // Text amid raw HTML joins it (escaped), so `<script>x</script>` is read as a whole.
        if !html.is_empty() {
            match &e {
                Event::Text(t) | Event::Code(t) => {
                    html.push_str(&t.replace('&', "&amp;").replace('<', "&lt;"));
                    continue;
                }
                Event::SoftBreak | Event::HardBreak => {
                    html.push(' ');
                    continue;
                }
                Event::Html(_) | Event::InlineHtml(_) => {}
                _ => flush(&mut html, &mut out),
            }
        }
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::Html(t) | Event::InlineHtml(t) => html.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            // Inline elements are part of the words around them (`**bold**ness`).
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link,
            ) => {}
            Event::Start(_) | Event::End(_) => out.push(' '),
            _ => {}
        }
        if out.len() > max_chars.saturating_mul(4) {
            break;
        }
    }
    flush(&mut html, &mut out);
    // A soft hyphen is inside a word: a break the reader never sees.
    let out = out
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{ad}', "");
    if out.chars().count() <= max_chars {
        return out;
    }
    let cut: String = out.chars().take(max_chars).collect();
    format!("{}…", cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut))
}

/// Elements a browser lays out apart from the text around them (and `br`): their tags
/// separate words; other tags (`<b>`, `<span>`) do not.
const SEPARATING_ELEMENTS: [&str; 37] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
];

/// The text of raw HTML as a browser shows it, appended to `out`: tags of
/// [`SEPARATING_ELEMENTS`] (and unknown ones) become spaces, comments and the content of
/// `script` and `style` disappear, character references are decoded.
fn html_text(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map(|(_, r)| r).unwrap_or("");
            out.push(' ');
            continue;
        }
        let name: String = rest[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() && !rest[1..].starts_with(['/', '!', '?']) {
            // A lone `<` is text.
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            out.push(' ');
            return;
        };
        let closing = rest[1..].starts_with('/');
        rest = &rest[gt + 1..];
        if !closing && (name == "script" || name == "style") {
            let end = format!("</{name}");
            let at = rest.to_ascii_lowercase().find(&end);
            rest = match at {
                Some(i) => rest[i..].split_once('>').map(|(_, r)| r).unwrap_or(""),
                None => "",
            };
            out.push(' ');
            continue;
        }
        if SEPARATING_ELEMENTS.contains(&name.as_str()) || name.is_empty() {
            out.push(' ');
        }
    }
    out.push_str(&decode_entities(rest));
}

/// Character references in HTML text: numeric ones and the common named ones.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let body: String = rest[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
            .take(12)
            .collect();
        let lower = body.to_ascii_lowercase();
        let decoded = if let Some(hex) = lower.strip_prefix("#x") {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = lower.strip_prefix('#') {
            dec.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match body.as_str() {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "shy" => Some('\u{ad}'),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[1 + body.len()..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// Raw HTML or a URL that is never allowed (script, event handler, javascript: URL).
    Unsafe { what: String, span: Range<usize> },
    /// A site-relative link (`/clusters/x/`), to be checked against the site's pages.
    InternalLink { url: String, span: Range<usize> },
}

const FORBIDDEN_TAGS: [&str; 18] = [
    "script", "iframe", "style", "object", "embed", "form", "input", "button", "link", "meta",
    "base", "frame", "frameset", "svg", "math", "textarea", "select", "template",
];

fn dangerous_url(url: &str) -> bool {
    let u: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    u.starts_with("javascript:") || u.starts_with("vbscript:") || u.starts_with("data:")
}

/// `html` with numeric character references (`&#106;`, `&#x6A;`) and the named ones that can
/// spell a URL scheme (`&colon;`, `&Tab;`, `&NewLine;`) decoded, as a browser reads an
/// attribute value. Anything else is kept as it is.
fn decode_references(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let body: String = rest[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
            .take(12)
            .collect();
        let lower = body.to_ascii_lowercase();
        let decoded = if let Some(hex) = lower.strip_prefix("#x") {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = lower.strip_prefix('#') {
            dec.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match lower.as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                let used = 1 + body.len();
                rest = &rest[used..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn inspect_html(html: &str, base: usize, out: &mut Vec<Finding>) {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(rel) = lower[i..].find('<') {
        let start = i + rel;
        let name: String = lower[start + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let end = lower[start..]
            .find('>')
            .map(|e| start + e + 1)
            .unwrap_or(lower.len());
        // As a browser reads it: references decoded, and no whitespace or control character
        // inside a scheme (`java&#9;script:`).
        let decoded = decode_references(&lower[start..end]).to_ascii_lowercase();
        let tag = decoded.as_str();
        let squeezed: String = tag
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        if FORBIDDEN_TAGS.contains(&name.as_str()) && !lower[start + 1..].starts_with('/') {
            out.push(Finding::Unsafe {
                what: format!("a <{name}> element"),
                span: base + start..base + end,
            });
        } else {
            let tb = tag.as_bytes();
            for (j, _) in tag.match_indices("on") {
                // An attribute starts after whitespace, `/`, or right after a quoted value
                // (`title="a"onerror=...`).
                let before =
                    j > 0 && (tb[j - 1].is_ascii_whitespace() || b"/\"'".contains(&tb[j - 1]));
                let attr: String = tag[j..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                if before && attr.len() > 2 && tag[j + attr.len()..].trim_start().starts_with('=') {
                    out.push(Finding::Unsafe {
                        what: format!("an event-handler attribute `{attr}`"),
                        span: base + start..base + end,
                    });
                }
            }
            for scheme in ["javascript:", "vbscript:", "data:"] {
                if squeezed.contains(scheme)
                    && ["href", "src", "action", "formaction", "srcset", "xlink"]
                        .iter()
                        .any(|a| tag.contains(a))
                {
                    out.push(Finding::Unsafe {
                        what: format!("a `{scheme}` URL"),
                        span: base + start..base + end,
                    });
                }
            }
        }
        // Every `<` starts a look of its own: `<scr<script>ipt>` holds a `<script>`.
        i = start + 1;
        if i >= bytes.len() {
            break;
        }
    }
}

/// Everything `check` needs to know about a Markdown text; spans are offsets in `markdown`.
pub fn inspect(markdown: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    // What CommonMark does not take for HTML (`<img title="a"onerror=...>`) is shown as text,
    // harmless, but its writer meant HTML: said the same way. A run of text comes in several
    // events (smart quotes split it), so runs are looked at whole.
    let mut text_run: Option<Range<usize>> = None;
    let flush = |run: &mut Option<Range<usize>>, out: &mut Vec<Finding>| {
        if let Some(r) = run.take()
            && markdown[r.clone()].contains('<')
        {
            inspect_html(&markdown[r.clone()], r.start, out);
        }
    };
    for (e, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Text(_) = e {
            text_run = Some(match text_run.take() {
                Some(r) => r.start.min(range.start)..r.end.max(range.end),
                None => range,
            });
            continue;
        }
        flush(&mut text_run, &mut out);
        match e {
            Event::Html(h) | Event::InlineHtml(h) => inspect_html(&h, range.start, &mut out),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                if dangerous_url(&dest_url) {
                    out.push(Finding::Unsafe {
                        what: format!("a link to `{}`", dest_url.split(':').next().unwrap_or("")),
                        span: range,
                    });
                } else if dest_url.starts_with('/') && !dest_url.starts_with("//") {
                    out.push(Finding::InternalLink {
                        url: dest_url.to_string(),
                        span: range,
                    });
                }
            }
            _ => {}
        }
    }
    flush(&mut text_run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_never_reaches_the_output() {
        let html = to_html(
            "Hello <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
            "en",
            "/",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn dangerous_links_are_neutralised_without_raw_html() {
        let html = to_html(
            "[x](javascript:alert(1)) ![i](data:text/html,boom) [ok](https://example.org/)",
            "en",
            "/",
        );
        assert!(
            !html.contains("javascript:") && !html.contains("data:"),
            "{html}"
        );
        assert!(html.contains("href=\"https://example.org/\""));
        let html = to_html("a <b>bold</b> word", "en", "/");
        assert!(
            html.contains("<b>bold</b>"),
            "allowed raw HTML survives the sanitiser: {html}"
        );
    }

    #[test]
    fn inspection_finds_unsafe_html_with_positions() {
        let md = "Intro\n\n<iframe src=\"https://x\"></iframe>\n\n<b onclick=\"x()\">hi</b> [a](javascript:alert(1))";
        let f = inspect(md);
        assert!(
            matches!(&f[0], Finding::Unsafe { what, span } if what.contains("iframe") && span.start == 7),
            "{f:?}"
        );
        assert!(
            f.iter()
                .any(|x| matches!(x, Finding::Unsafe { what, .. } if what.contains("onclick")))
        );
        assert!(
            f.iter()
                .any(|x| matches!(x, Finding::Unsafe { what, .. } if what.contains("javascript")))
        );
    }

    #[test]
    fn inspection_sees_through_split_tags_references_and_glued_attributes() {
        for (md, what) in [
            ("x <scr<script>ipt>alert(1)</script>", "<script>"),
            ("<a href=\"&#106;avascript:alert(1)\">x</a>", "javascript:"),
            (
                "<a href=\"&#x6A;ava&#x09;script&colon;alert(1)\">x</a>",
                "javascript:",
            ),
            ("<a href=\"java\tscript:alert(1)\">x</a>", "javascript:"),
            ("<img title=\"a\"onerror=alert(1) src=x>", "onerror"),
            ("<img title='a'onload=alert(1)>", "onload"),
        ] {
            let found = inspect(md);
            assert!(
                found
                    .iter()
                    .any(|f| matches!(f, Finding::Unsafe { what: w, .. } if w.contains(what))),
                "{md:?}: {found:?}"
            );
            let html = to_html(md, "en", "/");
            assert!(
                !html.contains("<script")
                    && !html.contains("javascript:")
                    && !html.contains("<img"),
                "{md:?}: {html}"
            );
        }
        assert!(inspect("<b title=\"AT&amp;T\">x</b> &#169; 2026").is_empty());
    }

    #[test]
    fn headings_are_demoted_and_links_localised() {
        let html = to_html(
            "# Aims\n\nSee [the cluster](/clusters/oceanlab/).",
            "de",
            "/",
        );
        assert!(html.contains("<h2>Aims</h2>"));
        assert!(html.contains("href=\"/de/clusters/oceanlab/\""));
    }

    #[test]
    fn site_relative_links_lead_under_the_path_the_site_is_served_from() {
        let md = "See [the cluster](/clusters/oceanlab/), [a page](/de/about/), [top](#x), \
                  [far](https://a.example/x) and ![a photo](/news/x/photo.png).";
        let html = to_html(md, "de", "/programme/");
        for want in [
            "href=\"/programme/de/clusters/oceanlab/\"",
            "href=\"/programme/de/about/\"",
            "href=\"#x\"",
            "href=\"https://a.example/x\"",
            "src=\"/programme/news/x/photo.png\"",
        ] {
            assert!(html.contains(want), "{want} in {html}");
        }
        // Raw HTML goes through the allowlist pass, which puts its links under the path too
        // (once: the Markdown links among them are not doubled).
        let html = to_html(
            "<a href=\"/clusters/x/\">x</a> and [y](/clusters/y/) <img src=\"/a.png\" alt=\"\">",
            "en",
            "/programme/",
        );
        for want in [
            "href=\"/programme/clusters/x/\"",
            "href=\"/programme/clusters/y/\"",
            "src=\"/programme/a.png\"",
        ] {
            assert!(html.contains(want), "{want} in {html}");
        }
        assert!(!html.contains("/programme/programme/"), "{html}");
    }

    #[test]
    fn headings_start_at_h2_and_never_skip_a_level() {
        let html = to_html(
            "## Aims\n\n#### Detail\n\n## Services\n\n### More",
            "en",
            "/",
        );
        assert!(html.contains("<h2>Aims</h2>"), "{html}");
        assert!(html.contains("<h3>Detail</h3>"), "{html}");
        assert!(html.contains("<h2>Services</h2>"), "{html}");
        assert!(html.contains("<h3>More</h3>"), "{html}");
        let html = to_html("#### Deep first\n\n## Then shallow", "en", "/");
        assert!(html.contains("<h2>Deep first</h2>"), "{html}");
        assert!(html.contains("<h2>Then shallow</h2>"), "{html}");
    }

    #[test]
    fn internal_links_are_collected() {
        let f = inspect("[a](/clusters/nope/) [b](https://example.org/)");
        assert_eq!(
            f,
            vec![Finding::InternalLink {
                url: "/clusters/nope/".into(),
                span: 0..20
            }]
        );
    }

    #[test]
    fn plain_text_excerpt() {
        assert_eq!(
            plain_text("# Title\n\nSome *bold* words here", 100),
            "Title Some bold words here"
        );
        assert_eq!(plain_text("one two three four", 9), "one two…");
    }

    /// Words as the search tokenizer cuts them: runs of letters and digits.
    fn words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }

    /// The words of the rendered page, block elements apart.
    fn page_words(markdown: &str) -> Vec<String> {
        let mut text = String::new();
        html_text(&to_html(markdown, "en", "/"), &mut text);
        words(&text)
    }

    #[test]
    fn plain_text_keeps_the_words_of_every_block_apart() {
        let md = "Intro paragraph\n\n\
                  - first item\n- last item award\n\n\
                  Thursday evening\n\n\
                  1. one\n   - nested\n2. two\n\n\
                  > quoted line\n\n\
                  after quote\n\n\
                  ```\ncode block\n```\n\
                  after code\n\n\
                  | Head | Cell |\n|---|---|\n| left | right |\n| next | row |\n\n\
                  after table\n\n\
                  ## Heading\n\
                  under heading\n\n\
                  ---\n\
                  after rule *em*phasis **strong**ly ~~struck~~ [link](/x/) `inline`\n\n\
                  <div><p>raw block</p><p>second</p></div>\n\n\
                  line<br>break and <b>bo</b>ld\n\n\
                  example\n\n\
                  Phone: +47 55";
        let plain = plain_text(md, usize::MAX);
        assert_eq!(words(&plain), page_words(md), "{plain}");
        for fused in [
            "awardthursday",
            "nestedtwo",
            "oneNested",
            "cellleft",
            "rightnext",
        ] {
            assert!(
                !words(&plain).contains(&fused.to_lowercase()),
                "{fused} in {plain}"
            );
        }
        for kept in [
            "emphasis", "strongly", "bold", "award", "thursday", "raw", "second",
        ] {
            assert!(
                words(&plain).contains(&kept.to_string()),
                "{kept} in {plain}"
            );
        }
        // A footnote's text is a block of its own; raw HTML's comments and scripts are not text.
        let plain = plain_text(
            "Text[^n] end\n\n[^n]: note text\n\nnext <!-- hidden --> <script>x()</script>y",
            usize::MAX,
        );
        assert_eq!(plain, "Text end note text next y");
        assert_eq!(
            plain_text("a &amp; b &lt;c&gt; in&shy;visible", 100),
            "a & b <c> invisible"
        );
        assert_eq!(plain_text("<p>x &amp; y</p>", 100), "x & y");
    }
}
