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

/// The stem the index's analyzer gives a folded word in `lang` (the word itself where the
/// language has no stemmer). Stop words are not removed: a stop word's stem is no key.
pub fn stemmer(lang: &str) -> impl Fn(&str) -> String + use<> {
    let stemmer = std::cell::RefCell::new(super::analysis::WordStemmer::new(lang));
    move |w: &str| stemmer.borrow_mut().stem(w)
}

/// Edits a word of `len` characters may be away from a form: 1 from 5 characters, 2 from 9.
pub fn typo_distance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Edits a typo may make at the start of a word of this many characters or more: a wrong,
/// missing or extra first letter, or the first two swapped ("ybersecurity", "yhdrogen").
pub const FIRST_LETTER_MIN_LEN: usize = 6;
/// Added to a document's score for each query word it matches, so that a multi-word query
/// ranks the records with all its words first (a word's weighted impacts stay far below it).
pub const WORD_MATCH: u64 = 1 << 32;

/// What expanding a query looks up: the corpus's surface forms, whether the index has a key
/// (a term, `~term` for the English group), and the analyzers' stems of a folded word.
pub struct Vocabulary<'a> {
    pub forms: &'a BTreeMap<String, Form>,
    pub has_key: &'a dyn Fn(&str) -> bool,
    /// The page language's stem of a folded word, and English's on other languages' sites.
    pub stem_page: &'a dyn Fn(&str) -> String,
    pub stem_english: Option<&'a dyn Fn(&str) -> String>,
    /// Where the language's compounds are split: its linking elements and vocabulary filter.
    pub compounds: Option<(&'a [&'a str], &'a super::compound::Lexicon)>,
    /// Keys (`@<lang>:<key>`) of a word in the first other language of the site that has it.
    pub foreign: &'a dyn Fn(&str) -> Vec<String>,
}

/// A key of another language's index, `@de:wasserstoff`, as (language, key).
pub fn foreign_key(k: &str) -> Option<(&str, &str)> {
    k.strip_prefix('@')?.split_once(':')
}

/// A query's words with the keys each expands to.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Expansion {
    pub keys: Vec<BTreeMap<String, u32>>,
    /// Words found only through a typo: the word typed and the form used instead.
    pub corrected: Vec<(String, String)>,
    /// Words that match nothing (and are not stop words of the corpus).
    pub unmatched: Vec<String>,
    /// Words typed as one and searched as their parts ("blockchain": "block", "chain"): said
    /// to match nothing when no record has every word of the query (see [`unmatched_words`]).
    pub split: Vec<String>,
}

/// The words reported as matching nothing: those without keys, and, when the best result
/// lacks some word of the query (`best_words` of `counted` words, common words left out),
/// the words typed as one that were searched as parts. Their parts being found apart does not
/// find the word: "blockchain" is not a record that says "block" and another that says
/// "chain".
pub fn unmatched_words(expansion: &Expansion, best_words: u64, counted: usize) -> Vec<String> {
    let mut out = expansion.unmatched.clone();
    if best_words < counted as u64 {
        out.extend(expansion.split.iter().cloned());
    }
    out
}

/// Restricted Damerau-Levenshtein (optimal string alignment) distance over characters: a
/// transposition of neighbours counts as one edit.
pub fn typo_edits(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// Forms a word of 6+ characters may be when only its start is wrong: its first letter
/// replaced, missing or extra, or its first two letters swapped.
pub fn first_letter_variants<'f>(
    forms: &'f BTreeMap<String, Form>,
    w: &str,
) -> Vec<(&'f String, &'f Form)> {
    let cs: Vec<char> = w.chars().collect();
    if cs.len() < FIRST_LETTER_MIN_LEN {
        return Vec::new();
    }
    let rest: String = cs[1..].iter().collect();
    let swapped: String = [cs[1], cs[0]].iter().chain(&cs[2..]).collect();
    let mut out: Vec<(&String, &Form)> = forms
        .iter()
        .filter(|(f, _)| {
            let mut fc = f.chars();
            let Some(first) = fc.next() else { return false };
            let tail = fc.as_str();
            first != cs[0] && ((tail == rest && f.chars().count() == cs.len()) || tail == w)
        })
        .collect();
    for v in [&rest, &swapped] {
        if let Some((f, form)) = forms.get_key_value(v.as_str())
            && f != w
            && !out.iter().any(|(o, _)| *o == f)
        {
            out.push((f, form));
        }
    }
    out
}

/// Keys and weights for each word of a query: the word's own form (exact), its stems where the
/// corpus does not have it as typed (exact: every form the analyzers would have indexed),
/// completions of the last word (prefix), and near spellings when nothing else matched (typo).
pub fn expand(v: &Vocabulary, words: &[String]) -> Expansion {
    let mut out = Expansion::default();
    for (i, w) in words.iter().enumerate() {
        expand_word(v, w, i + 1 == words.len(), &mut out);
    }
    out
}

/// One word's keys into `out` (a compound's: one entry per part).
fn expand_word(v: &Vocabulary, w: &String, last: bool, out: &mut Expansion) {
    let forms = v.forms;
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
    } else {
        // The page language's stem, else English's (whose stemmer the browser then loads).
        let page = (v.stem_page)(w);
        if (v.has_key)(&page) {
            add(&page, WEIGHT_EXACT, &mut keys);
        } else if let Some(s) = v.stem_english {
            let english = format!("~{}", s(w));
            if (v.has_key)(&english) {
                add(&english, WEIGHT_EXACT, &mut keys);
            }
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
    // A word typed as one that the corpus lacks is searched as its parts (below): before
    // typos where the language's compounds are split and the word is as long as they are
    // ("Windkraft" is no typo of "Windkanal"), else after them, so that the filter it is split
    // by is fetched only for a word that is no typo either (more often what a visitor typed).
    let before_typos = v.compounds.is_some_and(|(links, _)| !links.is_empty())
        && w.chars().count() >= super::compound::MIN_COMPOUND_LEN;
    let unfound =
        |keys: &BTreeMap<String, u32>| exact.is_none() && keys.is_empty() && prefixed == 0;
    let mut weak: Option<Expansion> = None;
    if before_typos && unfound(&keys) {
        let (found, partly) = split_word(v, w);
        if let Some(sub) = found {
            take_split(w, sub, out);
            return;
        }
        weak = partly;
    }
    let len = w.chars().count();
    let d = typo_distance(len);
    if exact.is_none() && keys.is_empty() && prefixed == 0 && d > 0 {
        let first = w.chars().next().expect("non-empty word");
        let mut cands: Vec<(usize, &String, &Form)> = forms
            .range(first.to_string()..)
            .take_while(|(f, _)| f.starts_with(first))
            .filter(|(f, _)| f.chars().count().abs_diff(len) <= d)
            .map(|(f, form)| (typo_edits(f, w), f, form))
            .filter(|(dist, _, _)| *dist <= d && *dist > 0)
            .collect();
        if cands.is_empty() {
            cands = first_letter_variants(forms, w)
                .into_iter()
                .map(|(f, form)| (1, f, form))
                .collect();
        }
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.df.cmp(&a.2.df)).then(a.1.cmp(b.1)));
        for (_, _, f) in cands.iter().take(TYPO_LIMIT) {
            for k in &f.keys {
                add(k, WEIGHT_TYPO, &mut keys);
            }
        }
        if let Some((_, f, _)) = cands.iter().find(|(_, _, f)| !f.keys.is_empty()) {
            out.corrected.push((w.clone(), (*f).clone()));
        }
    }
    if !before_typos && unfound(&keys) {
        let (found, partly) = split_word(v, w);
        if let Some(sub) = found {
            take_split(w, sub, out);
            return;
        }
        weak = partly;
    }
    if keys.is_empty() && exact.is_none() {
        for k in (v.foreign)(w) {
            add(&k, WEIGHT_EXACT, &mut keys);
        }
    }
    // Nothing else: the parts that are found, else the longest word it starts with
    // ("nordlystur" as "nordlys", the text lacking "tur"); the word is said to match nothing
    // all the same, those records listed below it.
    if keys.is_empty()
        && exact.is_none()
        && weak.is_none()
        && let Some((_, lexicon)) = v.compounds
        && let Some(head) = super::compound::known_head(w, &|x| lexicon.contains(x))
    {
        let mut sub = Expansion::default();
        expand_word(v, &head, false, &mut sub);
        if sub.keys.iter().any(|k| !k.is_empty()) {
            sub.unmatched.clear();
            weak = Some(sub);
        }
    }
    if keys.is_empty()
        && exact.is_none()
        && let Some(sub) = weak
    {
        out.keys.extend(sub.keys);
        out.corrected.extend(sub.corrected);
        out.unmatched.push(w.clone());
        out.split.extend(sub.split);
        return;
    }
    if keys.is_empty() && exact.is_none() {
        out.unmatched.push(w.clone());
    }
    out.keys.push(keys);
}

/// The ways to split a word typed as one (no more than [`super::compound::TYPED_SPLITS`]),
/// each part expanded as a word of its own: the best way whose last part, the one that says
/// what it is, is found (every part found before some, no typo before a typo, the first of
/// equals: "Kohlenstoffabscheidung" finds "Abscheidung" where the text lacks "Kohlenstoff"),
/// and the first way in which some part is found, the last resort. A way whose last part is
/// not found is no split: a Bloom filter's false positive, or another language's word
/// ("havvind" into "hav" and "vind" on the English site), goes on to other languages.
fn split_word(v: &Vocabulary, w: &str) -> (Option<Expansion>, Option<Expansion>) {
    let Some((links, lexicon)) = v.compounds else {
        return (None, None);
    };
    let mut found: Option<(u8, Expansion)> = None;
    let mut partly: Option<Expansion> = None;
    for parts in super::compound::split_typed(w, links, &|x| lexicon.contains(x)) {
        let mut sub = Expansion::default();
        for p in &parts {
            expand_word(v, p, false, &mut sub);
        }
        if partly.is_none() && sub.keys.iter().any(|k| !k.is_empty()) {
            partly = Some(Expansion {
                unmatched: Vec::new(),
                ..sub.clone()
            });
        }
        if sub.keys.last().is_some_and(|k| !k.is_empty()) {
            let quality =
                2 * u8::from(sub.unmatched.is_empty()) + u8::from(sub.corrected.is_empty());
            if found.as_ref().is_none_or(|(q, _)| quality > *q) {
                found = Some((quality, sub));
            }
            if quality == 3 {
                break;
            }
        }
    }
    (found.map(|(_, sub)| sub), partly)
}

/// A word's split, into `out`: one entry per part.
fn take_split(w: &str, sub: Expansion, out: &mut Expansion) {
    out.keys.extend(sub.keys);
    out.corrected.extend(sub.corrected);
    out.unmatched.extend(sub.unmatched);
    out.split.push(w.to_string());
    out.split.extend(sub.split);
}

/// In a query of several words, a word found in more than half of the documents (as soon as
/// one key it expands to is, the word is too: its stem on a German page and its English twin
/// `~stem` may each hold half of the documents or less while the word is in most) is left
/// out, unless every word is. Such a word adds next to nothing to
/// any score (its idf is near zero), yet ranking exactly by it needs its whole posting list,
/// about as long as the index: for "hydrogen clusters" on a site of clusters, the browser
/// would fetch every posting of "cluster" to order the few records about hydrogen.
/// `postings(key)` is the number of documents holding the key, `docs` the number of documents.
pub fn without_common_words(
    expansions: Vec<BTreeMap<String, u32>>,
    postings: &dyn Fn(&str) -> usize,
    docs: usize,
) -> Vec<BTreeMap<String, u32>> {
    let common = |word: &BTreeMap<String, u32>| word.keys().any(|k| postings(k) * 2 > docs);
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
            *scores.entry(doc).or_insert(0) += WORD_MATCH + s;
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

    fn with_vocabulary<T>(f: impl FnOnce(&Vocabulary) -> T) -> T {
        let forms = vocab();
        let keys: Vec<String> = forms.values().flat_map(|f| f.keys.clone()).collect();
        let has_key = |k: &str| keys.iter().any(|x| x == k);
        let stem = stemmer("en");
        f(&Vocabulary {
            forms: &forms,
            has_key: &has_key,
            stem_page: &stem,
            stem_english: None,
            compounds: None,
            foreign: &|_| Vec::new(),
        })
    }

    #[test]
    fn exact_prefix_and_typo() {
        with_vocabulary(|v| {
            let e = expand(v, &words("Hydro", &BTreeMap::new())).keys;
            assert_eq!(e[0].get("hydro"), Some(&WEIGHT_EXACT));
            assert_eq!(e[0].get("hydrogen"), Some(&WEIGHT_PREFIX));
            let e = expand(v, &words("aquacultre", &BTreeMap::new()));
            assert_eq!(e.keys[0].get("aquacultur"), Some(&WEIGHT_TYPO));
            assert_eq!(e.corrected, [("aquacultre".into(), "aquaculture".into())]);
            // Not the last word: no prefix expansion.
            let e = expand(v, &words("hydro the", &BTreeMap::new()));
            assert_eq!(e.keys[0].len(), 1);
            assert!(e.keys[1].is_empty(), "stop words have no keys");
            assert!(e.unmatched.is_empty(), "a stop word is not reported");
        });
    }

    #[test]
    fn unseen_word_forms_are_found_by_their_stem() {
        with_vocabulary(|v| {
            // "aquacultures" is no form of the corpus; its stem is a key.
            let e = expand(v, &words("aquacultures nuclear", &BTreeMap::new()));
            assert_eq!(e.keys[0].get("aquacultur"), Some(&WEIGHT_EXACT));
            assert!(e.corrected.is_empty());
            assert_eq!(e.unmatched, ["nuclear"]);
        });
    }

    #[test]
    fn typos_count_a_transposition_once_and_may_start_wrong() {
        assert_eq!(typo_edits("hydorgen", "hydrogen"), 1);
        with_vocabulary(|v| {
            for typed in ["hydorgen", "ydrogen", "jydrogen", "yhdrogen", "xhydrogen"] {
                let e = expand(v, &[typed.to_string()]);
                assert_eq!(e.keys[0].get("hydrogen"), Some(&WEIGHT_TYPO), "{typed}");
                assert_eq!(e.corrected, [(typed.into(), "hydrogen".into())], "{typed}");
            }
            // Under six letters the first letter stays: "ydro" is no typo of "hydro".
            assert!(expand(v, &["jydro".to_string()]).keys[0].is_empty());
        });
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
        // Per matched word a bonus: document 1 has both words and ranks first whatever its
        // impacts; 2 and 3 have one.
        let w = WORD_MATCH;
        assert_eq!(
            s,
            BTreeMap::from([(1, 2 * w + 44), (2, w + 20), (3, w + 2)])
        );
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
        // A word is common as soon as one key it expands to is (a German word's stem in 40 of
        // 100 documents, its English twin in 70); a word without keys is not.
        let twins = BTreeMap::from([("gridn".to_string(), 4), ("~gridnet".to_string(), 4)]);
        let rare = BTreeMap::from([("erkn".to_string(), 4), ("~erknet".to_string(), 4)]);
        let postings = |k: &str| match k {
            "gridn" => 40,
            "~gridnet" => 70,
            _ => 3,
        };
        let q = vec![twins.clone(), rare.clone(), BTreeMap::new()];
        assert_eq!(
            without_common_words(q, &postings, 100),
            vec![rare.clone(), BTreeMap::new()]
        );
        // At half of the documents or fewer, every key: kept.
        let postings = |k: &str| if k == "~gridnet" { 50 } else { 40 };
        let q = vec![twins.clone(), rare.clone()];
        assert_eq!(without_common_words(q.clone(), &postings, 100), q);
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
