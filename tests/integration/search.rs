//! What the demo's search index holds: the words its pages show (no two run together), the
//! people and places of records, and the English name and summary of translated records on
//! the other languages' sites.

use crate::actors::search;
use crate::plan::built_demo;
use crate::visible_text::decode;
use std::collections::{BTreeMap, BTreeSet};

const DATE: &str = "2026-11-26";
const LANGS: [&str; 4] = ["en", "de", "nb", "fr"];

/// Elements laid out apart from the text around them: their tags separate words (other
/// tags, `<a>`, `<strong>`, `<span>`, do not).
const BLOCKS: [&str; 43] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
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
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "img",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "title",
    "tr",
];

/// The words a page shows, in order, by block: scripts, styles and templates left out.
fn page_blocks(html: &str) -> Vec<String> {
    let mut blocks = vec![String::new()];
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        blocks.last_mut().unwrap().push_str(&decode(&rest[..lt]));
        rest = &rest[lt + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r);
            continue;
        }
        let gt = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..gt];
        rest = rest.get(gt + 1..).unwrap_or("");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !tag.starts_with('/') && ["script", "style", "template"].contains(&name.as_str()) {
            let end = format!("</{name}");
            rest = rest.find(&end).map_or("", |i| &rest[i..]);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            blocks.push(String::new());
        }
    }
    blocks.last_mut().unwrap().push_str(&decode(rest));
    blocks
}

/// Words as the search tokenizer cuts them (runs of letters and digits), lower-cased and
/// folded with the index's own table.
fn words(text: &str, fold: &BTreeMap<String, String>) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.to_lowercase()
                .chars()
                .map(|c| {
                    fold.get(&c.to_string())
                        .cloned()
                        .unwrap_or_else(|| c.to_string())
                })
                .collect()
        })
        .collect()
}

/// No word of the search vocabulary is two words the pages show apart, run together (the
/// last item of a list and the paragraph after it were "awardthursday").
#[test]
fn the_demo_index_runs_no_two_words_of_its_pages_together() {
    let f = built_demo(DATE);
    for lang in LANGS {
        let vocab: serde_json::Value =
            serde_json::from_str(&f.read(&format!("search-index/{lang}/vocabulary.json"))).unwrap();
        let fold: BTreeMap<String, String> = serde_json::from_value(vocab["fold"].clone()).unwrap();
        let forms: BTreeSet<String> = vocab["forms"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert!(forms.len() > 1000, "{lang}: {} forms", forms.len());
        // Every page of the language (English pages hold the fallback text of the others).
        let mut shown = BTreeSet::new();
        let mut joined: BTreeMap<String, String> = BTreeMap::new();
        let mut pages = 0;
        for entry in walkdir::WalkDir::new(f.path("public")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            let rel = entry.path().strip_prefix(f.path("public")).unwrap();
            let first = rel.iter().next().unwrap_or_default().to_string_lossy();
            if LANGS.contains(&first.as_ref()) && first != lang {
                continue;
            }
            pages += 1;
            let html = std::fs::read_to_string(entry.path()).unwrap();
            // Words in page order, blocks apart: a fusion joins the last word of one block
            // with the first of the next.
            let w: Vec<String> = page_blocks(&html)
                .iter()
                .flat_map(|block| words(block, &fold))
                .collect();
            for pair in w.windows(2) {
                joined
                    .entry(format!("{}{}", pair[0], pair[1]))
                    .or_insert_with(|| format!("{} {} ({})", pair[0], pair[1], rel.display()));
            }
            shown.extend(w);
        }
        assert!(pages > 100, "{lang}: {pages} pages");
        let fused: Vec<&String> = forms
            .iter()
            .filter(|form| !shown.contains(*form))
            .filter_map(|form| joined.get(form))
            .collect();
        assert!(fused.is_empty(), "{lang}: indexed as one word: {fused:?}");
    }
}

/// The search finds records by their people and places, by their English name and summary
/// on every site, and no longer by the labels of their sectors.
#[test]
fn the_demo_search_finds_people_places_and_english_text() {
    let f = built_demo(DATE);
    let finds = |lang: &str, query: &str, url: &str| {
        let hits = search(&f, lang, query);
        assert!(hits.iter().any(|u| u == url), "{lang} {query:?}: {hits:?}");
        hits
    };
    // A contact person finds their cluster, or their cooperation request.
    let hits = finds("en", "Marte Vik Aasen", "/clusters/aquatech-west/");
    assert_eq!(hits[0], "/clusters/aquatech-west/");
    finds(
        "de",
        "Knut Bjerke",
        "/de/cooperation/weed-robot-field-trials-2027/",
    );
    // A city finds the events there; a venue's name its event; a country, in the page's
    // language, the events and calls in it.
    let hits = finds("en", "Nidvik", "/events/aquaculture-expo-2025/");
    assert!(hits.contains(&"/events/annual-cluster-meeting-2027/".to_string()));
    finds("en", "Spektrum", "/events/aquaculture-expo-2025/");
    finds("nb", "Tyskland", "/nb/events/hydrogen-study-tour-hamburg/");
    finds(
        "de",
        "Deutschland",
        "/de/calls/cross-border-cluster-projects-2027/",
    );
    // English words find translated records on the other sites: AquaTech West's German
    // summary says "Fischzucht", its English one "fish farming"; the Arctic Seafood
    // Cluster's Norwegian text says "lakseoppdrettere", its English summary "salmon farmers".
    let rank = |lang: &str, query: &str, url: &str| {
        let hits = crate::actors::hits(&f, lang, query, 100);
        let at = hits.iter().position(|(u, _)| u == url);
        let at = at.unwrap_or_else(|| panic!("{lang} {query:?}: no {url} in {hits:?}"));
        (at, hits[at].1)
    };
    let aquatech = "/de/clusters/aquatech-west/";
    rank("de", "fish farming", aquatech);
    rank("nb", "salmon farmers", "/nb/clusters/arctic-seafood/");
    // ... below the record's matches in the page's language.
    let (at, german) = rank("de", "Fischzucht", aquatech);
    assert_eq!(at, 0);
    let (_, english) = rank("de", "farming", aquatech);
    assert!(english < german, "farming {english}, Fischzucht {german}");
    // A sector's label is not the record's text: the battery-recycling story is in the
    // energy sector ("Energy: offshore wind, hydrogen and grids") but is not about hydrogen.
    let hits = search(&f, "en", "hydrogen");
    assert!(hits.contains(&"/clusters/hydrogen-valley/".to_string()));
    assert!(
        !hits.contains(&"/news/battery-recycling-pilot/".to_string()),
        "{hits:?}"
    );
}
