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
