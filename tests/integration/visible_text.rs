//! What visitors read: every built page of the demo programme, of the fixture programme (also
//! with lists long enough for later pages) and of a programme as `showcase init` starts it
//! is scanned (its text, title, meta description, Open Graph texts and the `alt`, `title`,
//! `aria-label`, `data-label` and `placeholder` attributes) for
//! (a) raw UI keys (`clusters_description`) and unfilled placeholders (`{n}`),
//! (b) slugs shown as text (`eucles-gold`, `eucles gold`, `general-meeting`),
//! (c) on a page not in English, an English label of a vocabulary term or of a fixed-list
//!     value that has a label of its own in the page's language, or an English country name
//!     where CLDR names the country otherwise in that language ("Norway" on a German page),
//!     outside the English fallbacks marked `lang="en"`;
//! and the breadcrumbs for a crumb that repeats the one before it ("Clusters / Clusters",
//! "Organisations / Organisations (Page 2)").
//! Texts written by editors (Markdown bodies, `<code>`) are left out; `<title>` and meta
//! texts, which cannot mark a record's English fallback, are left out of (c).

use crate::fixture::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The crate's CLDR module as it is (it depends on nothing else of the crate): the country
/// names the pages are written with.
#[path = "../../src/cldr/mod.rs"]
#[allow(dead_code, unused_imports)]
mod cldr;

const DATE: &str = "2026-11-26";

/// UI keys named `{prefix}{value}` after the values of a fixed list (`kind_event_trade_fair`).
const FIXED_PREFIXES: [&str; 16] = [
    "kind_event_",
    "status_",
    "attendance_",
    "kind_news_",
    "kind_document_",
    "kind_brand_",
    "colourway_",
    "kind_org_",
    "kinds_org_",
    "size_org_",
    "kind_call_",
    "call_state_",
    "direction_",
    "topic_",
    "label_scheme_",
    "label_tier_",
];

/// The label schemes every programme may use without declaring them.
const BUILT_IN_SCHEMES: [&str; 3] = ["eucles-gold", "eucles-silver", "eucles-bronze"];

/// UI strings of the default theme: language -> key -> text.
fn ui_strings() -> BTreeMap<String, BTreeMap<String, String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let lang = p.file_stem().unwrap().to_string_lossy().to_string();
            let table: BTreeMap<String, String> =
                toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (lang, table)
        })
        .collect()
}

/// A programme's vocabularies: vocabulary -> term -> language -> label.
type Vocabularies = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

fn vocabularies(root: &Path) -> Vocabularies {
    let text = std::fs::read_to_string(root.join("content/taxonomies.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    table
        .into_iter()
        .map(|(vocab, terms)| {
            let terms = terms
                .as_table()
                .unwrap()
                .iter()
                .map(|(term, labels)| {
                    let labels = match labels {
                        toml::Value::String(s) => BTreeMap::from([("en".into(), s.clone())]),
                        toml::Value::Table(t) => t
                            .iter()
                            .map(|(l, s)| (l.clone(), s.as_str().unwrap().to_string()))
                            .collect(),
                        other => panic!("label {other:?}"),
                    };
                    (term.clone(), labels)
                })
                .collect();
            (vocab, terms)
        })
        .collect()
}

/// What the scan knows of a programme.
struct Known {
    /// Keys of the English UI strings.
    keys: BTreeSet<String>,
    /// Slugs: vocabulary terms, label schemes, fixed-list values.
    slugs: BTreeSet<String>,
    /// Texts that are some label or UI string in some language: never a slug shown raw.
    labels: BTreeSet<String>,
    /// Language -> English labels that have a different label of that language.
    english: BTreeMap<String, BTreeSet<String>>,
}

impl Known {
    fn of(root: &Path) -> Known {
        let ui = ui_strings();
        let vocabs = vocabularies(root);
        let en = &ui["en"];
        let mut slugs: BTreeSet<String> = BUILT_IN_SCHEMES.iter().map(|s| s.to_string()).collect();
        let mut labels = BTreeSet::new();
        let mut english: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for terms in vocabs.values() {
            for (term, by_lang) in terms {
                slugs.insert(term.clone());
                labels.extend(by_lang.values().cloned());
                let Some(e) = by_lang.get("en") else { continue };
                for (lang, label) in by_lang {
                    if label != e {
                        english.entry(lang.clone()).or_default().insert(e.clone());
                    }
                }
            }
        }
        for strings in ui.values() {
            labels.extend(strings.values().cloned());
        }
        // Records' slugs: a name shown as its slug.
        for e in walkdir::WalkDir::new(root.join("content"))
            .min_depth(2)
            .max_depth(2)
        {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().to_string();
            if let Some(slug) = name.split('.').next().filter(|s| s.contains('-')) {
                slugs.insert(slug.to_string());
            }
        }
        for (key, e) in en {
            let Some(prefix) = FIXED_PREFIXES.iter().find(|p| key.starts_with(**p)) else {
                continue;
            };
            slugs.insert(key[prefix.len()..].replace('_', "-"));
            for (lang, strings) in &ui {
                if strings.get(key).is_some_and(|x| x != e) {
                    english.entry(lang.clone()).or_default().insert(e.clone());
                }
            }
        }
        // Countries: the English name wherever the language's own differs.
        for lang in ui.keys().filter(|l| *l != "en") {
            for code in cldr::territory_codes() {
                let e = cldr::territory_name("en", code);
                if cldr::territory_name(lang, code) != e {
                    english.entry(lang.clone()).or_default().insert(e);
                }
            }
        }
        // An English label that is also a text of the language is no evidence.
        for (lang, set) in &mut english {
            let own: BTreeSet<&String> = ui[lang.as_str()].values().collect();
            set.retain(|e| !own.contains(e));
        }
        Known {
            keys: en.keys().cloned().collect(),
            slugs,
            labels,
            english,
        }
    }
}

/// One piece of text of a page, where it is.
struct Piece {
    text: String,
    /// `text` or the attribute's name.
    source: String,
    /// The language it is in: the nearest `lang`.
    lang: String,
    /// Written by editors: inside a Markdown body or `<code>`.
    prose: bool,
}

#[derive(Default)]
struct Page {
    pieces: Vec<Piece>,
    crumbs: Vec<String>,
}

struct Open {
    name: String,
    lang: Option<String>,
    prose: bool,
    crumbs: bool,
}

const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Attributes whose text is read out or shown.
const READ_ATTRIBUTES: [&str; 5] = ["alt", "title", "aria-label", "data-label", "placeholder"];

/// `<meta>` whose `content` is shown (search results, link previews).
const READ_META: [&str; 7] = [
    "description",
    "og:description",
    "og:title",
    "og:image:alt",
    "twitter:title",
    "twitter:description",
    "twitter:image:alt",
];

pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
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

/// A start tag's name and attributes; `s` starts after `<`, ends before `>`.
fn start_tag(s: &str) -> (String, Vec<(String, String)>) {
    let s = s.trim_end_matches('/');
    let name_end = s.find(|c: char| c.is_whitespace()).unwrap_or(s.len());
    let name = s[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let b = s.as_bytes();
    let mut i = name_end;
    while i < b.len() {
        while i < b.len() && (b[i] as char).is_whitespace() {
            i += 1;
        }
        let start = i;
        while i < b.len() && !(b[i] as char).is_whitespace() && b[i] != b'=' {
            i += 1;
        }
        let attr = s[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let v0 = i + 1;
                i = v0;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = decode(&s[v0..i.min(b.len())]);
                i += 1;
            } else {
                let v0 = i;
                while i < b.len() && !(b[i] as char).is_whitespace() {
                    i += 1;
                }
                value = decode(&s[v0..i]);
            }
        }
        if !attr.is_empty() {
            attrs.push((attr, value));
        }
    }
    (name, attrs)
}

/// The end of a tag that starts at `from` (its `>`, past quoted attribute values).
fn tag_end(html: &str, from: usize) -> usize {
    let b = html.as_bytes();
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(from) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return i,
            None => {}
        }
    }
    b.len()
}

fn read_page(html: &str) -> Page {
    let mut page = Page::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut page_lang = "en".to_string();
    let lang_of = |stack: &[Open], page_lang: &str| {
        stack
            .iter()
            .rev()
            .find_map(|o| o.lang.clone())
            .unwrap_or_else(|| page_lang.to_string())
    };
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = html[i..].find('<').map(|x| x + i) else {
            break;
        };
        let text = decode(&html[i..lt]);
        if !text.trim().is_empty() {
            let in_crumb = stack.iter().any(|o| o.crumbs);
            if in_crumb && let Some(last) = page.crumbs.last_mut() {
                last.push_str(&text);
            }
            let in_title = stack.last().is_some_and(|o| o.name == "title");
            page.pieces.push(Piece {
                text,
                source: if in_title { "title" } else { "text" }.into(),
                lang: lang_of(&stack, &page_lang),
                prose: stack.iter().any(|o| o.prose),
            });
        }
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map(|e| lt + e + 3).unwrap_or(html.len());
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = tag_end(html, lt) + 1;
            continue;
        }
        let end = tag_end(html, lt);
        let inner = &html[lt + 1..end.min(html.len())];
        i = end + 1;
        if let Some(closing) = inner.strip_prefix('/') {
            let name = closing.trim().to_ascii_lowercase();
            if let Some(pos) = stack.iter().rposition(|o| o.name == name) {
                stack.truncate(pos);
            }
            continue;
        }
        let (name, attrs) = start_tag(inner);
        let attr = |n: &str| attrs.iter().find(|(a, _)| a == n).map(|(_, v)| v.as_str());
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..].find(&close).map(|e| i + e).unwrap_or(html.len());
            continue;
        }
        if name == "html"
            && let Some(l) = attr("lang")
        {
            page_lang = l.to_string();
        }
        let class = attr("class").unwrap_or("");
        let open = Open {
            name: name.clone(),
            lang: attr("lang").map(str::to_string),
            prose: name == "code"
                || class
                    .split_whitespace()
                    .any(|c| c == "prose" || c == "hero-intro"),
            crumbs: class.split_whitespace().any(|c| c == "breadcrumbs"),
        };
        let lang = open
            .lang
            .clone()
            .unwrap_or_else(|| lang_of(&stack, &page_lang));
        let prose = open.prose || stack.iter().any(|o| o.prose);
        let mut read = |source: &str, text: &str| {
            if !text.trim().is_empty() {
                page.pieces.push(Piece {
                    text: text.to_string(),
                    source: source.to_string(),
                    lang: lang.clone(),
                    prose,
                });
            }
        };
        for (a, v) in &attrs {
            if READ_ATTRIBUTES.contains(&a.as_str()) {
                read(a, v);
            }
        }
        if name == "meta"
            && let Some(which) = attr("name").or(attr("property"))
            && READ_META.contains(&which)
        {
            read(&format!("meta {which}"), attr("content").unwrap_or(""));
        }
        if name == "li" && stack.iter().any(|o| o.crumbs) {
            page.crumbs.push(String::new());
        }
        if !VOID.contains(&name.as_str()) && !inner.ends_with('/') {
            stack.push(open);
        }
    }
    page
}

fn is_key_shaped(s: &str) -> bool {
    let mut parts = s.split('_');
    let first = parts.next().unwrap_or("");
    !first.is_empty()
        && first.chars().all(|c| c.is_ascii_lowercase())
        && s.contains('_')
        && parts.all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// `text` without a trailing count: `eucles gold (4)` -> `eucles gold`.
fn without_count(text: &str) -> &str {
    let t = text.trim();
    if let Some(open) = t.rfind(" (")
        && t.ends_with(')')
        && t[open + 2..t.len() - 1].chars().all(|c| c.is_ascii_digit())
    {
        return t[..open].trim();
    }
    t
}

/// The parts of a text that can each be a label: `Label: eucles gold – Programme` ->
/// `Label`, `eucles gold`, `Programme`.
fn segments(text: &str) -> Vec<&str> {
    text.split([':', '–', '—', '|', '(', ')', '·', '\n', '/'])
        .map(|s| s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'))
        .filter(|s| !s.is_empty())
        .collect()
}

/// An offence: (check, what was found) -> pages (with their context).
type Found = BTreeMap<(&'static str, String), Vec<(String, String)>>;

fn scan_piece(known: &Known, page: &str, lang: &str, p: &Piece, found: &mut Found) {
    // Editors' texts may say anything, `as_of` and `offshore-wind` included.
    if p.prose {
        return;
    }
    let mut seen = BTreeSet::new();
    let mut report = |check: &'static str, what: &str| {
        if !seen.insert((check, what.to_string())) {
            return;
        }
        let context: String = p.text.trim().chars().take(120).collect();
        found
            .entry((check, what.to_string()))
            .or_default()
            .push((page.to_string(), format!("{}: {context:?}", p.source)));
    };
    // (a) UI keys, anywhere in the text; a whole text shaped like a key; a placeholder.
    for token in p
        .text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|t| t.contains('_'))
    {
        if known.keys.contains(token) {
            report("UI key", token);
        }
    }
    let whole = without_count(&p.text);
    if is_key_shaped(whole) && !known.keys.contains(whole) {
        report("key-shaped text", whole);
    }
    if let Some(open) = p.text.find('{')
        && let Some(close) = p.text[open..].find('}')
    {
        let inner = &p.text[open + 1..open + close];
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            report("unfilled placeholder", &p.text[open..=open + close]);
        }
    }
    // (b) Slugs shown as text: whole, or a part of a title ("Label: eucles gold – Site").
    let all: Vec<&str> = segments(&p.text)
        .into_iter()
        .chain([whole])
        .map(without_count)
        .collect();
    for s in all.iter().filter(|s| !known.labels.contains(**s)) {
        let dashed = s.replace(' ', "-");
        if s.contains('-') && known.slugs.contains(*s) {
            report("slug", s);
        } else if s.contains(' ')
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ')
            && known.slugs.contains(&dashed)
        {
            report("slug with spaces", s);
        }
    }
    if known.slugs.contains(whole) && !known.labels.contains(whole) {
        report("slug", whole);
    }
    // (c) English labels on a page in another language, outside marked fallbacks; not in
    // <title> and meta texts, which cannot mark a record's English fallback.
    let markable = p.source != "title" && !p.source.starts_with("meta");
    if lang != "en"
        && p.lang != "en"
        && markable
        && let Some(english) = known.english.get(lang)
    {
        for s in &all {
            if english.contains(*s) {
                report("English label", s);
            }
        }
    }
}

/// Every offence of the built site in `out`.
fn scan_site(root: &Path, out: &Path) -> (Found, usize) {
    let known = Known::of(root);
    let mut found = Found::new();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(out).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() || e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        pages += 1;
        let rel = e
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let html = std::fs::read_to_string(e.path()).unwrap();
        let page = read_page(&html);
        let lang = html
            .split("<html lang=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("en")
            .to_string();
        for p in &page.pieces {
            scan_piece(&known, &rel, &lang, p, &mut found);
        }
        let crumbs: Vec<String> = page.crumbs.iter().map(|c| c.trim().to_string()).collect();
        for pair in crumbs.windows(2) {
            let (before, this) = (&pair[0], &pair[1]);
            if this == before || this.starts_with(&format!("{before} ")) {
                found
                    .entry((
                        "breadcrumb repeats its parent",
                        format!("{before} / {this}"),
                    ))
                    .or_default()
                    .push((rel.clone(), crumbs.join(" / ")));
            }
        }
    }
    (found, pages)
}

/// A readable list of every offence: each with its count and the pages it is on.
fn report(name: &str, found: &Found) -> String {
    let mut out = String::new();
    let total: usize = found.values().map(Vec::len).sum();
    out.push_str(&format!(
        "{name}: {total} offences, {} distinct\n",
        found.len()
    ));
    for ((check, what), pages) in found {
        out.push_str(&format!("  [{check}] {what:?}: {} times\n", pages.len()));
        for (page, context) in pages.iter().take(3) {
            out.push_str(&format!("      {page}  {context}\n"));
        }
        if pages.len() > 3 {
            out.push_str(&format!("      ... and {} more\n", pages.len() - 3));
        }
    }
    out
}

/// `showcase init DIR`: a programme in English alone.
fn init(dir: &Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_showcase"))
        .arg("init")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn build(root: &Path, output: &Path) {
    let out = showcase(
        root,
        &[
            "build",
            "--output",
            &output.to_string_lossy(),
            "--date",
            DATE,
            "--no-search",
            "--quiet",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The fixture programme with 50 more clusters, events, news items and documents.
fn with_long_lists() -> Fixture {
    let f = Fixture::valid();
    for i in 0..50 {
        f.write(
            &format!("content/clusters/bulk-{i:02}.toml"),
            &CLUSTER_TOML.replace("Hydrogen Coast", &format!("Bulk Cluster {i}")),
        );
        f.write(
            &format!("content/events/bulk-{i:02}.toml"),
            &EVENT_TOML
                .replace("Annual general meeting", &format!("Bulk event {i}"))
                .replace("general-meeting", "workshop"),
        );
        f.write(
            &format!("content/news/bulk-{i:02}.md"),
            &NEWS_MD.replace("launches its first", &format!("launches ferry {i}, an")),
        );
        f.write(
            &format!("content/documents/bulk-{i:02}/index.toml"),
            &format!(
                "title = {{ en = \"Bulk report {i}\", de = \"Bericht {i}\" }}\nkind = \"report\"\n\
                 published = 2026-01-{:02}\nfiles = {{ en = \"report.pdf\" }}\n",
                1 + i % 28
            ),
        );
        f.write(
            &format!("content/documents/bulk-{i:02}/report.pdf"),
            "%PDF-1.4\n%%EOF\n",
        );
    }
    f
}

#[test]
fn no_page_shows_ui_keys_slugs_or_english_labels_it_has_translations_for() {
    let mut reports = Vec::new();
    let mut failed = false;
    // The demo programme as it is in the repository, built into a temporary folder.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let demo_out = Fixture::empty();
    build(repo, &demo_out.path("public"));
    let (found, pages) = scan_site(repo, &demo_out.path("public"));
    assert!(pages > 1000, "{pages} pages in the demo");
    failed |= !found.is_empty();
    reports.push(report(&format!("demo ({pages} pages)"), &found));
    // The fixture programme: terms without labels in some languages, a label scheme of the
    // programme with only an English name, a built-in scheme it does not declare.
    let f = Fixture::valid();
    build(&f.root, &f.path("public"));
    let (found, pages) = scan_site(&f.root, &f.path("public"));
    assert!(pages > 20, "{pages} pages in the fixture");
    failed |= !found.is_empty();
    reports.push(report(&format!("fixture ({pages} pages)"), &found));
    // The fixture with lists long enough for later pages (clusters, events, news,
    // documents): their breadcrumbs end in "Page 2", never "Clusters (Page 2)".
    let f = with_long_lists();
    build(&f.root, &f.path("public"));
    let (found, pages) = scan_site(&f.root, &f.path("public"));
    for (later, list) in [
        ("clusters", "Cluster"),
        ("events", "Veranstaltungen"),
        ("news", "Aktuelles"),
        ("documents", "Dokumente"),
    ] {
        let html = f.read(&format!("public/de/{later}/page/2/index.html"));
        let crumbs = read_page(&html).crumbs;
        if crumbs != ["Startseite", list, "Seite 2"] {
            failed = true;
            reports.push(format!("de/{later}/page/2/: breadcrumbs {crumbs:?}"));
        }
    }
    failed |= !found.is_empty();
    reports.push(report(
        &format!("fixture with long lists ({pages} pages)"),
        &found,
    ));
    // A programme in English alone, as `showcase init` starts it.
    let f = Fixture::empty();
    let site = f.path("site");
    init(&site);
    build(&site, &site.join("public"));
    let (found, pages) = scan_site(&site, &site.join("public"));
    failed |= !found.is_empty();
    reports.push(report(&format!("`showcase init` ({pages} pages)"), &found));
    let all = reports.join("\n");
    println!("{all}");
    assert!(!failed, "{all}");
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    let known = Known {
        keys: ["clusters_description".to_string()].into(),
        slugs: [
            "eucles-gold".to_string(),
            "general-meeting".into(),
            "ai".into(),
        ]
        .into(),
        labels: [
            "Artificial intelligence".to_string(),
            "Künstliche Intelligenz".into(),
        ]
        .into(),
        english: [(
            "de".to_string(),
            ["Artificial intelligence".to_string()].into(),
        )]
        .into(),
    };
    let html = r#"<!DOCTYPE html><html lang="de"><head><title>Label: eucles gold – X</title>
<meta name="description" content="clusters_description"><meta name="twitter:card" content="summary_large_image">
<script>var x = "nav_home general-meeting";</script></head><body>
<nav class="breadcrumbs"><ol><li><a href="/">Start</a></li><li><a href="/c/">Cluster</a></li><li><a aria-current="page">Cluster (Seite 2)</a></li></ol></nav>
<select><option value="eucles-gold" data-label="eucles gold">eucles gold (4)</option>
<option lang="en">Artificial intelligence (2)</option><option>Artificial intelligence (3)</option></select>
<p>general-meeting</p><p>{n} Cluster</p><div class="prose"><p>See <a href="/x">ai</a>, general-meeting.</p></div>
<img src="a.png" alt="Künstliche Intelligenz"></body></html>"#;
    let page = read_page(html);
    let mut found = Found::new();
    for p in &page.pieces {
        scan_piece(&known, "p.html", "de", p, &mut found);
    }
    let seen: BTreeSet<(&str, &str)> = found.keys().map(|(c, w)| (*c, w.as_str())).collect();
    let expected: BTreeSet<(&str, &str)> = [
        ("UI key", "clusters_description"),
        ("slug with spaces", "eucles gold"),
        ("slug", "general-meeting"),
        ("unfilled placeholder", "{n}"),
        ("English label", "Artificial intelligence"),
    ]
    .into();
    assert_eq!(seen, expected, "{}", report("sample", &found));
    // Once in the <title>, once in data-label, once as option text.
    assert_eq!(found[&("slug with spaces", "eucles gold".into())].len(), 3);
    // The fallback marked lang="en" is not counted; the unmarked one is.
    assert_eq!(
        found[&("English label", "Artificial intelligence".into())].len(),
        1
    );
    assert_eq!(page.crumbs, ["Start", "Cluster", "Cluster (Seite 2)"]);
}

#[test]
fn counts_in_messages_are_singular_for_one() {
    let f = Fixture::empty();
    let site = f.path("site");
    init(&site);
    let out = showcase(&site, &["build", "--date", DATE, "--no-search"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(" in 1 language, 0 with English fallback"),
        "{said}"
    );
    assert!(
        !said.contains("languages") && !said.contains("(s)"),
        "{said}"
    );
    let out = showcase(&site, &["check", "--date", DATE]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(said.trim(), "ok: no errors (0 warnings)");
    // One error: "1 error", not "1 error(s)".
    let taxonomies = site.join("content/taxonomies.toml");
    let text = std::fs::read_to_string(&taxonomies).unwrap();
    std::fs::write(&taxonomies, text + "\n[extra]\nBad = { en = \"Bad\" }\n").unwrap();
    for args in [&["check", "--date", DATE][..], &["build", "--date", DATE]] {
        let out = showcase(&site, args);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!said.contains("(s)"), "{said}");
        assert!(
            said.contains("with 1 error;") || said.contains("error: 1 error, 0 warnings"),
            "{said}"
        );
    }
}

#[test]
fn english_country_names_count_where_the_language_names_them_otherwise() {
    let known = Known::of(Path::new(env!("CARGO_MANIFEST_DIR")));
    let de = &known.english["de"];
    assert!(de.contains("Norway") && de.contains("Germany"), "{de:?}");
    // German writes these as English does: no evidence of a missing translation.
    assert!(!de.contains("Andorra") && !de.contains("Chile"), "{de:?}");
    assert!(known.english["nb"].contains("Norway"));
    assert!(known.english["fr"].contains("Norway"));
}
