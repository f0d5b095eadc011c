//! How well the demo's search answers visitors: the graded queries of
//! `tests/search-quality/demo.toml` (written from the content, as visitors from abroad would
//! type them, with the records a grader accepts) asked of `showcase search`. A query succeeds
//! when one of its relevant records is among the first three results; a query about something
//! the programme does not have succeeds when nothing is found or the words that match nothing
//! are reported. The bar is the one the search is judged by: 97% of all queries, 90% in every
//! category.

use crate::fixture::*;
use crate::plan::built_demo;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

const DATE: &str = "2026-11-26";
const OVERALL: f64 = 0.97;
const PER_CATEGORY: f64 = 0.90;
const CATEGORIES: [&str; 9] = [
    "typo",
    "prefix",
    "compound",
    "inflection",
    "cross-language",
    "names",
    "places",
    "acronyms",
    "no-result",
];

#[derive(Deserialize)]
struct Graded {
    query: Vec<GradedQuery>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GradedQuery {
    lang: String,
    q: String,
    category: String,
    relevant: Vec<String>,
    why: String,
}

fn graded() -> Vec<GradedQuery> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/search-quality/demo.toml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str::<Graded>(&text).unwrap().query
}

/// A record id (`clusters/aquatech-west`) as the URL of its page in `lang`.
fn url_of(lang: &str, id: &str) -> String {
    if lang == "en" {
        format!("/{id}/")
    } else {
        format!("/{lang}/{id}/")
    }
}

/// Every query through one `showcase search --batch` process, answers in order.
fn answers(f: &Fixture, queries: &[GradedQuery]) -> Vec<serde_json::Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_showcase"))
        .args(["search", "--batch", "--root"])
        .arg(f.path(""))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let lines: String = queries
        .iter()
        .map(|q| serde_json::json!({"query": q.q, "lang": q.lang, "limit": 10}).to_string() + "\n")
        .collect();
    // Written from a thread: the answers fill the pipe while the queries are still written.
    let writer = std::thread::spawn(move || stdin.write_all(lines.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), queries.len());
    answers
}

/// Whether an answer serves the visitor, and the first three URLs to show when not.
fn judge(query: &GradedQuery, answer: &serde_json::Value) -> (bool, Vec<String>) {
    let urls: Vec<String> = answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["url"].as_str().unwrap().to_string())
        .collect();
    let top: Vec<String> = urls.iter().take(3).cloned().collect();
    if query.relevant.is_empty() {
        let reported = answer["unmatched"]
            .as_array()
            .is_some_and(|u| !u.is_empty());
        return (urls.is_empty() || reported, top);
    }
    let wanted: Vec<String> = query
        .relevant
        .iter()
        .map(|id| url_of(&query.lang, id))
        .collect();
    (top.iter().any(|u| wanted.contains(u)), top)
}

#[test]
fn the_demo_search_answers_graded_visitor_queries() {
    let queries = graded();
    assert!(queries.len() >= 150, "{} graded queries", queries.len());
    let f = built_demo(DATE);
    // The judgements name pages that exist, in every language's site (no stale ids).
    for q in &queries {
        assert!(CATEGORIES.contains(&q.category.as_str()), "{}", q.category);
        assert!(!q.why.is_empty());
        for id in &q.relevant {
            let page = format!("public{}index.html", url_of(&q.lang, id));
            assert!(f.path(&page).is_file(), "{:?}: no page {page}", q.q);
        }
    }
    let answers = answers(&f, &queries);
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (q, a) in queries.iter().zip(&answers) {
        let (ok, top) = judge(q, a);
        let t = tally.entry(q.category.as_str()).or_default();
        t.1 += 1;
        if ok {
            t.0 += 1;
        } else {
            failures.push(format!(
                "  {} {:?} ({}; {}): top 3 {top:?}, wanted {:?}",
                q.lang, q.q, q.category, q.why, q.relevant
            ));
        }
    }
    let (hits, all) = tally
        .values()
        .fold((0, 0), |(h, n), (th, tn)| (h + th, n + tn));
    let mut report = format!(
        "relevant record in the top 3: {hits}/{all} ({:.1}%)\n",
        100.0 * hits as f64 / all as f64
    );
    for (category, (h, n)) in &tally {
        report += &format!(
            "  {category:<15} {h:>3}/{n:<3} {:>5.1}%\n",
            100.0 * *h as f64 / *n as f64
        );
    }
    eprintln!("{report}{}", failures.join("\n"));
    let weak: Vec<&&str> = tally
        .iter()
        .filter(|(_, (h, n))| (*h as f64) < PER_CATEGORY * *n as f64)
        .map(|(c, _)| c)
        .collect();
    assert!(
        hits as f64 >= OVERALL * all as f64 && weak.is_empty(),
        "below the bar (97% overall, 90% per category; weak: {weak:?})\n{report}failures:\n{}",
        failures.join("\n")
    );
}
