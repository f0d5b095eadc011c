//! From a query to ranked documents, by the rules both `showcase search` and the browser
//! client follow (docs/search-format.md).

use super::index::Form;
use std::collections::BTreeMap;

pub const WEIGHT_EXACT: u32 = 4;
pub const WEIGHT_PREFIX: u32 = 2;
pub const WEIGHT_TYPO: u32 = 1;
pub const PREFIX_MIN_LEN: usize = 3;
pub const PREFIX_LIMIT: usize = 5;
pub const TYPO_LIMIT: usize = 3;
/// Reported scores are the integer sum divided by this.
pub const SCORE_SCALE: f64 = 4000.0;

/// Split into words on anything not a letter or digit, lower-case and fold each.
pub fn words(query: &str, fold: &BTreeMap<String, String>) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.to_lowercase()
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        let s = c.to_string();
                        fold.get(&s)
                            .cloned()
                            .unwrap_or_else(|| super::analysis::fold(&s))
                    }
                })
                .collect()
        })
        .collect()
}

/// Edits a word of `len` characters may be away from a form: 1 from 5 characters, 2 from 9.
pub fn typo_distance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Keys and weights for each word of a query.
pub fn expand(forms: &BTreeMap<String, Form>, words: &[String]) -> Vec<BTreeMap<String, u32>> {
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let mut keys: BTreeMap<String, u32> = BTreeMap::new();
        let add = |k: &String, weight: u32, keys: &mut BTreeMap<String, u32>| {
            let e = keys.entry(k.clone()).or_insert(0);
            *e = (*e).max(weight);
        };
        let exact = forms.get(w);
        if let Some(f) = exact {
            for k in &f.keys {
                add(k, WEIGHT_EXACT, &mut keys);
            }
        }
        let mut prefixed = 0;
        if last && w.chars().count() >= PREFIX_MIN_LEN {
            let mut cands: Vec<(&String, &Form)> = forms
                .range(w.clone()..)
                .take_while(|(f, _)| f.starts_with(w.as_str()))
                .filter(|(f, _)| *f != w)
                .collect();
            cands.sort_by(|a, b| b.1.df.cmp(&a.1.df).then(a.0.cmp(b.0)));
            for (_, f) in cands.iter().take(PREFIX_LIMIT) {
                for k in &f.keys {
                    add(k, WEIGHT_PREFIX, &mut keys);
                }
            }
            prefixed = cands.len();
        }
        let len = w.chars().count();
        let d = typo_distance(len);
        if exact.is_none() && prefixed == 0 && d > 0 {
            let first = w.chars().next().expect("non-empty word");
            let mut cands: Vec<(usize, &String, &Form)> = forms
                .range(first.to_string()..)
                .take_while(|(f, _)| f.starts_with(first))
                .filter(|(f, _)| f.chars().count().abs_diff(len) <= d)
                .map(|(f, form)| (strsim::levenshtein(f, w), f, form))
                .filter(|(dist, _, _)| *dist <= d && *dist > 0)
                .collect();
            cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.df.cmp(&a.2.df)).then(a.1.cmp(b.1)));
            for (_, _, f) in cands.iter().take(TYPO_LIMIT) {
                for k in &f.keys {
                    add(k, WEIGHT_TYPO, &mut keys);
                }
            }
        }
        out.push(keys);
    }
    out
}

/// In a query of several words, a word found in more than half of the documents (every key
/// it expands to is) is left out, unless every word is. Such a word adds next to nothing to
/// any score (its idf is near zero), yet ranking exactly by it needs its whole posting list,
/// about as long as the index: for "hydrogen clusters" on a site of clusters, the browser
/// would fetch every posting of "cluster" to order the few records about hydrogen.
/// `postings(key)` is the number of documents holding the key, `docs` the number of documents.
pub fn without_common_words(
    expansions: Vec<BTreeMap<String, u32>>,
    postings: &dyn Fn(&str) -> usize,
    docs: usize,
) -> Vec<BTreeMap<String, u32>> {
    let common = |word: &BTreeMap<String, u32>| {
        !word.is_empty() && word.keys().all(|k| postings(k) * 2 > docs)
    };
    if expansions.len() < 2 || expansions.iter().all(common) {
        return expansions;
    }
    expansions.into_iter().filter(|w| !common(w)).collect()
}

/// Score documents: per query word, the best weighted impact among the word's keys (a word
/// counts once, by its best match, as Lucene's `DisjunctionMaxQuery` does), summed over words.
///
/// Taking the best rather than the sum also lets the browser stop early: a document it has not
/// seen scores at most, per word, the largest remaining impact among that word's keys, however
/// many completions the word expands to.
pub fn score(
    expansions: &[BTreeMap<String, u32>],
    impacts: &dyn Fn(&str) -> BTreeMap<u64, u32>,
) -> BTreeMap<u64, u64> {
    let mut scores: BTreeMap<u64, u64> = BTreeMap::new();
    for word in expansions {
        let mut best: BTreeMap<u64, u64> = BTreeMap::new();
        for (key, weight) in word {
            for (doc, q) in impacts(key) {
                let e = best.entry(doc).or_insert(0);
                *e = (*e).max(*weight as u64 * q as u64);
            }
        }
        for (doc, s) in best {
            *scores.entry(doc).or_insert(0) += s;
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> BTreeMap<String, Form> {
        let f = |df, keys: &[&str]| Form {
            df,
            keys: keys.iter().map(|s| s.to_string()).collect(),
        };
        BTreeMap::from([
            ("aquaculture".to_string(), f(5, &["aquacultur"])),
            ("hydro".to_string(), f(1, &["hydro"])),
            ("hydrogen".to_string(), f(7, &["hydrogen"])),
            ("hydrography".to_string(), f(2, &["hydrographi"])),
            ("the".to_string(), f(40, &[])),
        ])
    }

    #[test]
    fn exact_prefix_and_typo() {
        let v = vocab();
        let e = expand(&v, &words("Hydro", &BTreeMap::new()));
        assert_eq!(e[0].get("hydro"), Some(&WEIGHT_EXACT));
        assert_eq!(e[0].get("hydrogen"), Some(&WEIGHT_PREFIX));
        let e = expand(&v, &words("aquacultre", &BTreeMap::new()));
        assert_eq!(e[0].get("aquacultur"), Some(&WEIGHT_TYPO));
        // Not the last word: no prefix expansion.
        let e = expand(&v, &words("hydro the", &BTreeMap::new()));
        assert_eq!(e[0].len(), 1);
        assert!(e[1].is_empty(), "stop words have no keys");
    }

    #[test]
    fn a_word_counts_once_by_its_best_key() {
        let e = vec![
            BTreeMap::from([("hydrogen".to_string(), 4), ("hydrogenat".to_string(), 2)]),
            BTreeMap::from([("west".to_string(), 4)]),
        ];
        let impacts = |k: &str| match k {
            "hydrogen" => BTreeMap::from([(1, 10), (2, 3)]),
            "hydrogenat" => BTreeMap::from([(2, 10), (3, 1)]),
            _ => BTreeMap::from([(1, 1)]),
        };
        let s = score(&e, &impacts);
        assert_eq!(s, BTreeMap::from([(1, 44), (2, 20), (3, 2)]));
    }

    #[test]
    fn common_words_are_left_out_of_longer_queries() {
        let word = |k: &str| BTreeMap::from([(k.to_string(), WEIGHT_EXACT)]);
        let postings = |k: &str| match k {
            "cluster" => 90,
            "hydrogen" => 7,
            _ => 60,
        };
        let q = vec![word("hydrogen"), word("cluster")];
        assert_eq!(
            without_common_words(q, &postings, 100),
            vec![word("hydrogen")]
        );
        // Alone, or with only common words, a common word still counts.
        let q = vec![word("cluster")];
        assert_eq!(without_common_words(q.clone(), &postings, 100), q);
        let q = vec![word("cluster"), word("network")];
        assert_eq!(without_common_words(q.clone(), &postings, 100), q);
        // A word is common only if every key it expands to is; a word without keys is not.
        let mixed = BTreeMap::from([("cluster".to_string(), 4), ("clusterin".to_string(), 2)]);
        let postings = |k: &str| if k == "cluster" { 90 } else { 3 };
        let q = vec![mixed.clone(), word("cluster"), BTreeMap::new()];
        assert_eq!(
            without_common_words(q, &postings, 100),
            vec![mixed, BTreeMap::new()]
        );
    }

    #[test]
    fn folding_uses_the_corpus_table() {
        let fold = BTreeMap::from([("å".to_string(), "a".to_string())]);
        assert_eq!(
            words("Ålesund, Wasserstoff!", &fold),
            ["alesund", "wasserstoff"]
        );
    }
}
