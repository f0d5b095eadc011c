//! Text analysis per language: the same analyzers index the records and map the corpus's
//! surface forms to indexed terms, so the browser needs no analyzer of its own.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, TokenStream,
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

/// Tokens longer than this are dropped (URLs, hashes), as tantivy's default analyzers do.
pub const MAX_TOKEN_LEN: usize = 40;

/// Name under which a language's analyzer is registered with the index.
pub fn analyzer_name(lang: &str) -> String {
    format!("showcase_{lang}")
}

/// Lower-case, stop words (before folding, as the lists are written with accents), ASCII
/// folding so `Ålesund` matches `alesund`, then the stemmer where the language has one.
pub fn analyzer(lang: &str) -> TextAnalyzer {
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
    match language {
        Some(l) => base.filter_dynamic(Stemmer::new(l)).build(),
        None => base.build(),
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
        // A language without a stemmer still folds and lower-cases.
        assert_eq!(analyse(&mut analyzer("is"), "Ísland"), ["island"]);
    }
}
