//! Property tests (proptest): contributors' files, mutated at random, never make showcase
//! panic, every diagnostic points inside its file, and no Markdown gets script into a page.
//!
//! `cargo test --lib properties` runs 256 cases per property (a few seconds, part of CI);
//! `PROPTEST_CASES=100000 cargo test --release --lib properties` runs a longer campaign.
//! A failing case is shrunk and saved under `proptest-regressions/` to be replayed first.

use crate::assemble::testing::{CLUSTER, site};
use crate::content::frontmatter::split;
use crate::markdown::{Finding, inspect, to_html};
use proptest::prelude::*;

/// Pieces that break TOML, front matter, Markdown and HTML in interesting ways.
const TOKENS: &[&str] = &[
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "\n",
    "\r\n",
    "\r",
    "+++\n",
    "+++",
    "[",
    "]",
    "{",
    "}",
    "=",
    ",",
    "#",
    "\\",
    "\\u0000",
    "\\uFFFE",
    "\\r",
    "\u{FFFE}",
    "\u{0}",
    "\u{7}",
    "\u{feff}",
    "é",
    "🚢",
    "\u{202E}",
    "[contact]\n",
    "[[variants]]\n",
    "unknown = 1\n",
    "sectors = [\"x\"]\n",
    "updated = 2026-13-45\n",
    "start = 2027-03-12T09:00:00\n",
    "country = \"ZZ\"\n",
    "website = \"javascript:alert(1)\"\n",
    "<script>alert(1)</script>",
    "<scr<script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"&#106;avascript:x\">",
    "<svg onload=x>",
    "[x](javascript:alert(1))",
    "![i](data:text/html,x)",
    "<iframe src=x>",
    "&#0;",
    "&#x0;",
    "</",
    "<!--",
    "-->",
    "`",
    "```\n",
    "    ",
    "- ",
    "1. ",
    "> ",
    "| a | b |\n",
    "---\n",
    "name = ",
    "summary = ",
    "body = ",
    "logo = \"../../etc/passwd\"\n",
    "\t",
];

/// A text edit: insert a token, or a random character, at a position, or delete a range.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, &'static str),
    InsertChar(usize, char),
    Delete(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), proptest::sample::select(TOKENS)).prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<usize>(), any::<char>()).prop_map(|(at, c)| Edit::InsertChar(at, c)),
        (any::<usize>(), 0usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
    ]
}

/// The nearest character boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut t = text.to_string();
    for e in edits {
        match e {
            Edit::Insert(at, s) => t.insert_str(boundary(&t, *at), s),
            Edit::InsertChar(at, c) => t.insert(boundary(&t, *at), *c),
            Edit::Delete(at, n) => {
                let start = boundary(&t, *at);
                let end = boundary(&t, start + n.min(&(t.len() - start)));
                if end > start {
                    t.replace_range(start..end, "");
                }
            }
        }
    }
    t
}

const NEWS: &str = "+++\ntitle = \"Ferry\"\nsummary = \"A story.\"\nkind = \"success-story\"\n\
    published = 2026-09-01\nclusters = [\"oceanlab\"]\n+++\nThe **ferry** carries [80](/clusters/oceanlab/) \
    passengers.\n\n<b>Bold</b> text.\n";
const EVENT: &str = "title = \"AGM\"\nsummary = \"Meeting.\"\nkind = \"general-meeting\"\n\
    start = 2027-03-12T09:00:00\nend = 2027-03-12T17:00:00\ntime_zone = \"Europe/Oslo\"\n\
    attendance = \"offline\"\norganisers = [\"oceanlab\"]\n\
    venue = { name = \"Hall\", city = \"Bergen\", country = \"NO\" }\n";

/// Is every diagnostic in `path` placed on one of its lines?
fn placed_inside(path: &str, text: &str, seen: &[crate::assemble::testing::Seen]) -> bool {
    let lines = text.split('\n').count();
    seen.iter()
        .filter(|s| s.file == path)
        .all(|s| s.line <= lines && (s.line == 0 || s.col >= 1))
}

/// A tag without its quoted attribute values (text there is no attribute).
fn unquoted(tag: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => out.push(c),
        }
    }
    out
}

proptest! {
    #[test]
    fn front_matter_split_never_panics_and_stays_in_the_text(text in ".{0,200}") {
        if let Ok(s) = split(&text) {
            prop_assert!(s.front_start + s.front.len() <= text.len());
            prop_assert!(s.body_start + s.body.len() <= text.len());
            prop_assert_eq!(&text[s.body_start..s.body_start + s.body.len()], s.body);
        }
    }

    #[test]
    fn mutated_records_never_panic_and_diagnostics_point_inside_them(
        base in proptest::sample::select(&[
            ("content/clusters/oceanlab.toml", CLUSTER),
            ("content/news/ferry.md", NEWS),
            ("content/events/agm.toml", EVENT),
        ][..]),
        edits in proptest::collection::vec(edit(), 1..8),
    ) {
        let (path, text) = base;
        let mutated = apply(text, &edits);
        let mut files = vec![(path, mutated.as_str())];
        if path != "content/clusters/oceanlab.toml" {
            files.push(("content/clusters/oceanlab.toml", CLUSTER));
        }
        let seen = site(&files).check();
        prop_assert!(placed_inside(path, &mutated, &seen), "{mutated:?}: {seen:#?}");
    }

    #[test]
    fn markdown_never_gets_script_into_a_page(
        edits in proptest::collection::vec(edit(), 1..12),
    ) {
        let md = apply("Intro with a [link](https://example.org/).\n\n<b>bold</b> text\n", &edits);
        let html = to_html(&md, "en", "/");
        let lower = html.to_ascii_lowercase();
        prop_assert!(!lower.contains("<script"), "{md:?} -> {html}");
        prop_assert!(!lower.contains("<iframe"), "{md:?} -> {html}");
        prop_assert!(!lower.contains("<svg"), "{md:?} -> {html}");
        prop_assert!(!lower.contains("href=\"javascript:"), "{md:?} -> {html}");
        prop_assert!(!lower.contains("src=\"data:"), "{md:?} -> {html}");
        // No event-handler attribute inside a tag.
        for tag in lower.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
            let handler = unquoted(tag)
                .split(|c: char| c.is_whitespace() || c == '/')
                .any(|a| a.starts_with("on") && a.contains('='));
            prop_assert!(!handler, "{md:?} -> {html}");
        }
        for f in inspect(&md) {
            let span = match f {
                Finding::Unsafe { span, .. } | Finding::InternalLink { span, .. } => span,
            };
            prop_assert!(span.start <= span.end && span.end <= md.len(), "{md:?}: {span:?}");
            prop_assert!(md.is_char_boundary(span.start), "{md:?}: {span:?}");
        }
    }
}
