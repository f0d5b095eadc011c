//! Compound words of German, Dutch and the Scandinavian languages: "Windkraft" is "wind" and
//! "kraft", "lakselus" is "laks", a linking "e" and "lus". A compound is split into parts that
//! are words of the site's own vocabulary, at index time (the parts are indexed beside the
//! whole word, so "Fähre" finds "Fährverbindung") and at query time (a compound the corpus
//! lacks is searched as its parts). The query side, in `showcase search` and in the browser,
//! asks a Bloom filter of the vocabulary (shipped as one small file), so both split alike.
//! Queries are split in every language: an English or French visitor types "sealice" or
//! "zéroémission" for words the text has apart.

use std::collections::HashSet;
use std::sync::Arc;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words of the text shorter than this are not split.
pub const MIN_COMPOUND_LEN: usize = 8;
/// Words typed in a query are split from this length, in every language: a word the corpus
/// lacks is often two of its words run together ("sealice", "windpower", "zéroémission").
pub const MIN_TYPED_COMPOUND_LEN: usize = 7;
/// Parts are at least this long (after a linking element is taken off).
pub const MIN_PART_LEN: usize = 3;
/// Bits per word of the Bloom filter and hashes per word: about 3.5% false positives (a false
/// one can only split a word nothing else matched, into parts that must then be found). The
/// filter is most of what a typo costs a visitor in a compound language: 8 bits a word (2%)
/// put a German typo's first query on the 10,000-cluster benchmark just over 100 KB.
const BLOOM_BITS_PER_WORD: usize = 7;
pub const BLOOM_HASHES: u32 = 5;

/// Linking elements between the parts of a compound, longest first, for the languages whose
/// compounds are split; `None` for the others.
pub fn linking_elements(lang: &str) -> Option<&'static [&'static str]> {
    Some(match lang.split('-').next().unwrap_or(lang) {
        "de" => &["es", "en", "er", "s", "n", "e"],
        "nl" => &["en", "s", "e"],
        "nb" | "nn" | "no" | "da" | "sv" => &["s", "e"],
        _ => return None,
    })
}

/// Linking elements of words typed in a query: the compounding languages' own, none for the
/// others (whose visitors still type two words as one).
pub fn typed_links(lang: &str) -> &'static [&'static str] {
    linking_elements(lang).unwrap_or(&[])
}

/// Whether a word of the vocabulary may be a compound's part: letters only, not too short.
pub fn may_be_part(form: &str) -> bool {
    form.chars().count() >= MIN_PART_LEN && form.chars().all(char::is_alphabetic)
}

/// A part, as written inside a compound, is a word: itself, or with an "e" it drops there
/// ("Fähr-verbindung" from "Fähre").
fn is_part(x: &[char], is_word: &dyn Fn(&str) -> bool) -> bool {
    if x.len() < MIN_PART_LEN {
        return false;
    }
    let s: String = x.iter().collect();
    is_word(&s) || is_word(&format!("{s}e"))
}

/// Splits a folded, lower-cased word into two or more parts that are words by `is_word`:
/// the longest last part first, the head as it is or without a linking element, the head split
/// again where it is long. `None` when the word is no compound of known words.
pub fn split(word: &str, links: &[&str], is_word: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    splits(&chars, links, is_word, MIN_COMPOUND_LEN, 1).pop()
}

/// How many ways to split a typed word are tried, in [`split`]'s order: a filter that says
/// yes to a word it never saw (3.5% of the time, tried at every cut of a long word) must not
/// leave a compound unsplit ("Meeresbodenüberwachung" as "meer" and "esbodenuberwachung").
pub const TYPED_SPLITS: usize = 4;

/// The ways to split a word typed in a query, from [`MIN_TYPED_COMPOUND_LEN`] characters, at
/// most [`TYPED_SPLITS`], the one [`split`] would choose first; the query takes the first
/// whose last part it finds.
pub fn split_typed(word: &str, links: &[&str], is_word: &dyn Fn(&str) -> bool) -> Vec<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    splits(&chars, links, is_word, MIN_TYPED_COMPOUND_LEN, TYPED_SPLITS)
}

/// Up to `cap` splits, in order: the longest last part first, for each the head as it is,
/// else without a linking element, else split again.
fn splits(
    chars: &[char],
    links: &[&str],
    is_word: &dyn Fn(&str) -> bool,
    min_len: usize,
    cap: usize,
) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let n = chars.len();
    if n < min_len {
        return out;
    }
    for i in MIN_PART_LEN..=n - MIN_PART_LEN {
        let tail = &chars[i..];
        if !is_part(tail, is_word) {
            continue;
        }
        let head = &chars[..i];
        let mut heads = vec![head];
        for link in links {
            let l = link.chars().count();
            if head.len() >= MIN_PART_LEN + l
                && head[head.len() - l..].iter().copied().eq(link.chars())
            {
                heads.push(&head[..head.len() - l]);
            }
        }
        let tail: String = tail.iter().collect();
        for h in heads {
            if is_part(h, is_word) {
                out.push(vec![h.iter().collect(), tail.clone()]);
            } else {
                for mut parts in splits(h, links, is_word, min_len, cap - out.len()) {
                    parts.push(tail.clone());
                    out.push(parts);
                }
            }
            if out.len() >= cap {
                return out;
            }
        }
    }
    out
}

/// The longest word a typed word starts with, leaving a rest of [`MIN_PART_LEN`] or more:
/// what a query falls back on for a word nothing else finds ("nordlys" of "nordlystur").
pub fn known_head(word: &str, is_word: &dyn Fn(&str) -> bool) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < MIN_TYPED_COMPOUND_LEN {
        return None;
    }
    (MIN_HEAD_LEN..=chars.len() - MIN_PART_LEN)
        .rev()
        .find(|&i| is_part(&chars[..i], is_word))
        .map(|i| chars[..i].iter().collect())
}

/// FNV-1a over the UTF-8 bytes from a given basis (the browser computes the same).
fn fnv1a(bytes: &[u8], basis: u32) -> u32 {
    let mut h = basis;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The words of a vocabulary compounds may be made of: forms of the page language's own text
/// (not stop words, not only in English fallback text) that may be parts. The index splits by exactly these; queries by their Bloom filter.
pub fn lexicon_words(
    forms: &std::collections::BTreeMap<String, super::index::Form>,
) -> impl Iterator<Item = &str> {
    forms
        .iter()
        .filter(|(f, form)| form.keys.iter().any(|k| !k.starts_with('~')) && may_be_part(f))
        .map(|(f, _)| f.as_str())
}

/// The words compounds are split into: the vocabulary's [`lexicon_words`], and the last parts
/// of its compounds whose first part is a word but the rest is not ("kraft" of "wasserkraft"
/// where "Kraft" never stands alone), so that "Windkraft" splits into "wind" and "kraft".
pub fn part_words(
    forms: &std::collections::BTreeMap<String, super::index::Form>,
    links: &[&str],
) -> HashSet<String> {
    let mut words: HashSet<String> = lexicon_words(forms).map(str::to_string).collect();
    let known = |w: &str| words.contains(w);
    let mut tails = Vec::new();
    for form in lexicon_words(forms) {
        let chars: Vec<char> = form.chars().collect();
        if chars.len() < MIN_COMPOUND_LEN || split(form, links, &known).is_some() {
            continue;
        }
        // The longest first part that is a word, leaving a rest of LOOSE_TAIL_LEN or more.
        let cut = (MIN_HEAD_LEN..=chars.len() - LOOSE_TAIL_LEN)
            .rev()
            .find(|&i| is_part(&chars[..i], &known));
        if let Some(i) = cut {
            tails.push(chars[i..].iter().collect::<String>());
        }
    }
    words.extend(tails);
    words
}

/// The words a query's compounds are split into, in the Bloom filter the browser asks: a
/// compounding language's [`part_words`], another's [`lexicon_words`] (its compounds are not
/// split in the text, so no last part needs to stand for a word).
pub fn typed_part_words(
    forms: &std::collections::BTreeMap<String, super::index::Form>,
    lang: &str,
) -> HashSet<String> {
    match linking_elements(lang) {
        Some(links) => part_words(forms, links),
        None => lexicon_words(forms).map(str::to_string).collect(),
    }
}

/// A first part taken as a word on its own account is at least this long, and so is the rest
/// it leaves ("wasser|kraft"; not "ver|bindung" from a stray "ver").
const MIN_HEAD_LEN: usize = 4;
const LOOSE_TAIL_LEN: usize = 4;

/// A Bloom filter of the words compounds may be made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    bits: Vec<u8>,
}

impl Lexicon {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let words: Vec<&str> = words.into_iter().collect();
        let bytes = (words.len() * BLOOM_BITS_PER_WORD).div_ceil(8).max(8);
        let mut lexicon = Lexicon {
            bits: vec![0; bytes],
        };
        for w in words {
            for bit in lexicon.positions(w) {
                lexicon.bits[bit / 8] |= 1 << (bit % 8);
            }
        }
        lexicon
    }

    fn positions(&self, w: &str) -> impl Iterator<Item = usize> + use<> {
        let m = self.bits.len() as u64 * 8;
        let h1 = u64::from(fnv1a(w.as_bytes(), 0x811c_9dc5));
        let h2 = u64::from(fnv1a(w.as_bytes(), 0x2f6b_3a17) | 1);
        (0..u64::from(BLOOM_HASHES)).map(move |i| ((h1 + i * h2) % m) as usize)
    }

    pub fn contains(&self, w: &str) -> bool {
        self.positions(w)
            .all(|bit| self.bits[bit / 8] & (1 << (bit % 8)) != 0)
    }

    /// The filter as the client reads it: its bits, bit `i` in byte `i / 8` at `1 << (i % 8)`
    /// (a binary file: as base64 in JSON it was a third larger, and it is most of what a
    /// typo in a compound language costs).
    pub fn bytes(&self) -> &[u8] {
        &self.bits
    }
}

/// Token filter adding, after each compound token, its parts (same position): the stemmer
/// that follows stems them like any word. Splits by the exact vocabulary, not the Bloom filter.
#[derive(Clone)]
pub struct Decompounder {
    pub words: Arc<HashSet<String>>,
    pub links: &'static [&'static str],
}

impl TokenFilter for Decompounder {
    type Tokenizer<T: Tokenizer> = DecompoundFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> DecompoundFilter<T> {
        DecompoundFilter {
            inner,
            splitter: self,
        }
    }
}

#[derive(Clone)]
pub struct DecompoundFilter<T> {
    inner: T,
    splitter: Decompounder,
}

impl<T: Tokenizer> Tokenizer for DecompoundFilter<T> {
    type TokenStream<'a> = DecompoundStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DecompoundStream {
            tail: self.inner.token_stream(text),
            splitter: &self.splitter,
            parts: Vec::new(),
            current: Token::default(),
            in_parts: false,
        }
    }
}

pub struct DecompoundStream<'a, T> {
    tail: T,
    splitter: &'a Decompounder,
    /// Parts of the last compound still to hand out, last first.
    parts: Vec<String>,
    current: Token,
    in_parts: bool,
}

impl<T: TokenStream> TokenStream for DecompoundStream<'_, T> {
    fn advance(&mut self) -> bool {
        if let Some(part) = self.parts.pop() {
            self.current = self.tail.token().clone();
            self.current.text = part;
            self.in_parts = true;
            return true;
        }
        self.in_parts = false;
        if !self.tail.advance() {
            return false;
        }
        let words = &self.splitter.words;
        let is_word = |w: &str| words.contains(w);
        if let Some(mut parts) = split(&self.tail.token().text, self.splitter.links, &is_word) {
            parts.reverse();
            self.parts = parts;
        }
        true
    }

    fn token(&self) -> &Token {
        if self.in_parts {
            &self.current
        } else {
            self.tail.token()
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.in_parts {
            &mut self.current
        } else {
            self.tail.token_mut()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> impl Fn(&str) -> bool {
        let set: HashSet<String> = list.iter().map(|s| s.to_string()).collect();
        move |w| set.contains(w)
    }

    #[test]
    fn compounds_split_into_known_words() {
        let de = linking_elements("de").unwrap();
        let known = words(&[
            "wind",
            "kraft",
            "batterie",
            "recycling",
            "fahre",
            "betreiber",
            "hafen",
            "wasserstoff",
            "speicher",
        ]);
        assert_eq!(split("windkraft", de, &known).unwrap(), ["wind", "kraft"]);
        assert_eq!(
            split("batterierecycling", de, &known).unwrap(),
            ["batterie", "recycling"]
        );
        // A part that drops its "e", a head of two parts, a linking "s".
        assert_eq!(
            split("hafenfahrbetreiber", de, &known).unwrap(),
            ["hafen", "fahr", "betreiber"]
        );
        assert_eq!(
            split("wasserstoffspeicher", de, &known).unwrap(),
            ["wasserstoff", "speicher"]
        );
        let nb = linking_elements("nb").unwrap();
        assert_eq!(
            split("lakselus", nb, &words(&["laks", "lus"])).unwrap(),
            ["laks", "lus"]
        );
        // Not a compound of known words; too short to split.
        assert_eq!(split("verbindung", de, &known), None);
        assert_eq!(split("windrad", de, &known), None);
        assert!(linking_elements("en").is_none());
        // Typed in a query, from seven letters and in every language.
        assert_eq!(
            split_typed("windrad", de, &words(&["wind", "rad"])),
            [["wind", "rad"]]
        );
        let en = typed_links("en");
        assert!(en.is_empty());
        let known = words(&["sea", "lice", "life", "science", "shore", "power"]);
        assert_eq!(split_typed("sealice", en, &known), [["sea", "lice"]]);
        assert_eq!(
            split_typed("lifescience", en, &known),
            [["life", "science"]]
        );
        assert!(split_typed("shorepowers", en, &known).is_empty());
        assert!(split_typed("seapow", en, &words(&["sea", "pow"])).is_empty());
        // What a word nothing else finds falls back on: the longest word it starts with.
        let known = words(&["nord", "nordlys", "lys"]);
        assert_eq!(known_head("nordlystur", &known).as_deref(), Some("nordlys"));
        assert_eq!(known_head("nordlys", &known).as_deref(), Some("nord"));
        assert_eq!(known_head("nordly", &known), None);
        assert_eq!(known_head("lysverket", &known), None);
        // Every way, in order, up to TYPED_SPLITS: a word the filter let through by mistake
        // ("esbodenuberwachung") comes first, the real parts after it.
        let known = words(&["meer", "esbodenuberwachung", "meeresboden", "uberwachung"]);
        assert_eq!(
            split_typed("meeresbodenuberwachung", de, &known),
            [
                vec!["meer", "esbodenuberwachung"],
                vec!["meeresboden", "uberwachung"]
            ]
        );
        assert_eq!(
            split("meeresbodenuberwachung", de, &known).unwrap(),
            ["meer", "esbodenuberwachung"]
        );
    }

    #[test]
    fn the_bloom_filter_holds_its_words() {
        let list: Vec<String> = (0..2000).map(|i| format!("wort{i}")).collect();
        let lexicon = Lexicon::new(list.iter().map(String::as_str));
        assert!(list.iter().all(|w| lexicon.contains(w)));
        let false_positives = (0..2000)
            .filter(|i| lexicon.contains(&format!("anders{i}")))
            .count();
        assert!(false_positives < 100, "{false_positives} false positives");
        // The browser reads the same bits: a fixed word, a fixed answer.
        assert_eq!(fnv1a(b"windkraft", 0x811c_9dc5), 0x071d_7a5b);
    }
}
