//! Text analysis per language: the same analyzers index the records and map the corpus's
//! surface forms to indexed terms, so the browser needs no analyzer of its own.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// tantivy's stemmer language for a tag, where it has one.
pub fn stemmer_language(lang: &str) -> Option<Language> {
    Some(match lang.split('-').next().unwrap_or(lang) {
        "en" => Language::English,
        "de" => Language::German,
        "nb" | "nn" | "no" => Language::Norwegian,
        "fr" => Language::French,
        "sv" => Language::Swedish,
        "da" => Language::Danish,
        "fi" => Language::Finnish,
        "nl" => Language::Dutch,
        "it" => Language::Italian,
        "es" => Language::Spanish,
        "pt" => Language::Portuguese,
        "ro" => Language::Romanian,
        "hu" => Language::Hungarian,
        "el" => Language::Greek,
        "ru" => Language::Russian,
        "tr" => Language::Turkish,
        "ar" => Language::Arabic,
        "ta" => Language::Tamil,
        _ => return None,
    })
}

/// Warnings (W014) for the site's languages tantivy has no stemmer for: their search finds
/// words as written (after folding accents), not their other forms.
pub fn missing_stemmers(languages: &[String]) -> Vec<crate::diag::Diagnostic> {
    languages
        .iter()
        .filter(|l| stemmer_language(l).is_none())
        .map(|l| {
            crate::diag::Diagnostic::warning(
                "W014",
                format!(
                    "search in `{l}` finds words only as they are written: there is no stemmer \
                     for this language, so other forms of a word (plurals, cases) are not found"
                ),
            )
            .at_path("site.toml")
            .hint(
                "stemmers exist for ar, da, de, el, en, es, fi, fr, hu, it, nb/nn, nl, pt, ro, \
                 ru, sv, ta, tr; the search still finds prefixes and near spellings",
            )
        })
        .collect()
}

/// Tokens longer than this are dropped (URLs, hashes), as tantivy's default analyzers do.
pub const MAX_TOKEN_LEN: usize = 40;

/// Name under which a language's analyzer is registered with the index.
pub fn analyzer_name(lang: &str) -> String {
    format!("showcase_{lang}")
}

/// Lower-case, stop words (before folding, as the lists are written with accents), ASCII
/// folding so `Ålesund` matches `alesund`, then the stemmer where the language has one.
pub fn analyzer(lang: &str) -> TextAnalyzer {
    analyzer_splitting(lang, None)
}

/// [`analyzer`], adding after a compound its parts (before stemming), where given.
pub fn analyzer_splitting(
    lang: &str,
    decompounder: Option<super::compound::Decompounder>,
) -> TextAnalyzer {
    let language = stemmer_language(lang);
    let stop = language.and_then(StopWordFilter::new);
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .dynamic();
    let base = match stop {
        Some(s) => base.filter_dynamic(s),
        None => base,
    };
    let base = base.filter_dynamic(AsciiFoldingFilter);
    let base = match decompounder {
        Some(d) => base.filter_dynamic(d),
        None => base,
    };
    match language {
        Some(l) => base.filter_dynamic(CachedStemmer(l)).build(),
        None => base.build(),
    }
}

/// tantivy's [`Stemmer`], remembering what it made of each word: a programme's texts repeat
/// a vocabulary of some ten thousand words millions of times, and the Snowball algorithms
/// were a quarter of the time it takes to index them. Each copy of an analyzer (tantivy
/// makes one per indexing thread) keeps its own memory, so no locks.
#[derive(Clone)]
pub struct CachedStemmer(pub Language);

/// Words remembered by one analyzer at most (a safeguard; real vocabularies stay far below).
const REMEMBERED_WORDS: usize = 500_000;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner,
            // The stemmer itself, on one word at a time: exactly tantivy's stems.
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(self.0))
                .build(),
            stems: FxHashMap::default(),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    stemmer: TextAnalyzer,
    stems: FxHashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            stems: &mut self.stems,
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stemmer: &'a mut TextAnalyzer,
    stems: &'a mut FxHashMap<String, String>,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clone_from(stem);
            return true;
        }
        let mut stem = String::new();
        let mut one = self.stemmer.token_stream(&token.text);
        while one.advance() {
            stem.push_str(&one.token().text);
        }
        drop(one);
        if self.stems.len() < REMEMBERED_WORDS {
            self.stems.insert(token.text.clone(), stem.clone());
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Splits text into tokens as seen in the text, lower-cased but not folded or stemmed.
pub fn raw_tokenizer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .build()
}

/// All tokens an analyzer makes of a text.
pub fn analyse(a: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut s = a.token_stream(text);
    while s.advance() {
        out.push(s.token().text.clone());
    }
    out
}

/// tantivy's ASCII folding of a lower-cased token.
pub fn fold(token: &str) -> String {
    let mut a = TextAnalyzer::builder(RawTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build();
    let mut s = a.token_stream(token);
    let mut out = String::new();
    while s.advance() {
        out.push_str(&s.token().text);
    }
    out
}

/// One word through tantivy's [`Stemmer`] for `lang`, exactly as the index stems it (after
/// lower-casing and folding); the word unchanged where the language has no stemmer. For
/// `showcase stem`, the reference of the browser's stemmers.
pub struct WordStemmer(Option<TextAnalyzer>);

impl WordStemmer {
    pub fn new(lang: &str) -> Self {
        WordStemmer(stemmer_language(lang).map(|l| {
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(l))
                .build()
        }))
    }

    pub fn stem(&mut self, word: &str) -> String {
        let Some(analyzer) = &mut self.0 else {
            return word.to_string();
        };
        let mut stem = String::new();
        let mut one = analyzer.token_stream(word);
        while one.advance() {
            stem.push_str(&one.token().text);
        }
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_stemming() {
        assert_eq!(fold("ålesund"), "alesund");
        assert_eq!(
            analyse(&mut analyzer("en"), "Hydrogen clusters in the West"),
            ["hydrogen", "cluster", "west"]
        );
        assert_eq!(
            analyse(&mut analyzer("de"), "für Wasserstoff"),
            ["wasserstoff"]
        );
        // The remembering stemmer stems as tantivy's does, the second time too.
        let words = "connections connected connecting clusters wasserstoffe généraux";
        for lang in ["en", "de", "fr", "nb"] {
            let l = stemmer_language(lang).unwrap();
            let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(Stemmer::new(l))
                .build();
            let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(CachedStemmer(l))
                .build();
            let want = analyse(&mut plain, words);
            assert_eq!(analyse(&mut cached, words), want);
            assert_eq!(analyse(&mut cached, words), want);
        }
        // A language without a stemmer still folds and lower-cases.
        assert_eq!(analyse(&mut analyzer("is"), "Ísland"), ["island"]);
    }
}
