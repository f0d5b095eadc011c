//! `showcase stem <LANG>` (hidden): words from stdin, one a line, and their stems on stdout,
//! one a line, by the stemmer the search index uses for the language. The browser's
//! stemmers (themes/default/static/js/stem/) are tested against it.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::search::analysis::WordStemmer;
use std::io::{BufRead, BufWriter, Write};

pub fn run(lang: &str) -> i32 {
    let mut stemmer = WordStemmer::new(lang);
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: reading stdin: {e}");
                return EXIT_FAILURE;
            }
        };
        let word = line.strip_suffix('\r').unwrap_or(&line);
        if writeln!(out, "{}", stemmer.stem(word)).is_err() {
            return EXIT_FAILURE;
        }
    }
    if out.flush().is_err() {
        return EXIT_FAILURE;
    }
    EXIT_OK
}
