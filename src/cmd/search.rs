//! `showcase search`: the tantivy ground truth the browser search must agree with.

use crate::cli::OutputFormat;
use crate::search::{Filters, search};
use std::path::Path;

pub fn run(
    root: &Path,
    index: Option<&Path>,
    query: &str,
    lang: &str,
    filters: &Filters,
    limit: usize,
    format: OutputFormat,
) -> i32 {
    let index_root = index
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join("search-index"));
    match search(&index_root, lang, query, filters, limit) {
        Ok(answer) => {
            let hits = &answer.results;
            match format {
                OutputFormat::Json => {
                    println!("{}", serde_json::to_string_pretty(&answer).expect("json"))
                }
                OutputFormat::Human => {
                    if !answer.corrected.is_empty() {
                        let used: Vec<&str> =
                            answer.corrected.iter().map(|(_, u)| u.as_str()).collect();
                        println!("Showing results for {}.", used.join(" "));
                    }
                    for w in &answer.unmatched {
                        println!("No results for {w:?}.");
                    }
                    if hits.is_empty() {
                        println!("No results for {query:?} in {lang}.");
                    }
                    for (i, h) in hits.iter().enumerate() {
                        println!(
                            "{:>2}. {:<8} {:>7.3}  {}  {}",
                            i + 1,
                            h.kind,
                            h.score,
                            h.title,
                            h.url
                        );
                    }
                }
            }
            super::EXIT_OK
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            super::EXIT_FAILURE
        }
    }
}

/// One line of `showcase search --batch`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchQuery {
    query: String,
    lang: Option<String>,
    limit: Option<usize>,
    #[serde(default)]
    filters: BatchFilters,
}

#[derive(Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchFilters {
    kind: Option<String>,
    sector: Option<String>,
    region: Option<String>,
    label: Option<String>,
}

/// `showcase search --batch`: JSON lines of queries on stdin, one JSON answer per line on
/// stdout, in order. A line that fails prints `{"error": …}` in its place, and the exit code
/// says so at the end.
pub fn batch(root: &Path, index: Option<&Path>, lang: &str, limit: usize) -> i32 {
    use std::io::{BufRead, Write};
    let index_root = index
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join("search-index"));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut code = super::EXIT_OK;
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: stdin: {e}");
                return super::EXIT_FAILURE;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let answer = serde_json::from_str::<BatchQuery>(&line)
            .map_err(anyhow::Error::from)
            .and_then(|q| {
                let filters = Filters {
                    kind: q.filters.kind.filter(|v| !v.is_empty()),
                    sector: q.filters.sector.filter(|v| !v.is_empty()),
                    region: q.filters.region.filter(|v| !v.is_empty()),
                    label: q.filters.label.filter(|v| !v.is_empty()),
                };
                let lang = q.lang.as_deref().unwrap_or(lang);
                search(
                    &index_root,
                    lang,
                    &q.query,
                    &filters,
                    q.limit.unwrap_or(limit),
                )
            });
        let json = match answer {
            Ok(a) => serde_json::to_string(&a).expect("json"),
            Err(e) => {
                eprintln!("error: line {}: {e:#}", n + 1);
                code = super::EXIT_FAILURE;
                serde_json::json!({ "error": format!("{e:#}") }).to_string()
            }
        };
        // Flushed per line, so a caller may write the next query after reading an answer.
        if writeln!(out, "{json}").and_then(|_| out.flush()).is_err() {
            return super::EXIT_FAILURE;
        }
    }
    code
}
