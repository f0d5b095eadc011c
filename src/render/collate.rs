//! Lists in the order the page's language sorts words: "Énergie" among the E's in French,
//! "Ålesund" after "Zeeland" in Norwegian and Swedish but among the A's in German. ICU4X's
//! collator with CLDR's tailorings (compiled data: any language a site declares).

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::Locale;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;

/// How the language `tag` orders `a` and `b`; a tag ICU4X cannot read orders by CLDR's root
/// collation, and ties (the same letters) by the strings themselves, so orders are total.
pub fn compare(tag: &str, a: &str, b: &str) -> Ordering {
    // One collator per language and thread: pages are rendered in parallel and a collator
    // is a few tables to set up.
    thread_local! {
        static COLLATORS: RefCell<HashMap<String, Option<CollatorBorrowed<'static>>>> =
            Default::default();
    }
    COLLATORS.with_borrow_mut(|collators| {
        let collator = collators.entry(tag.to_string()).or_insert_with(|| {
            let locale: Locale = tag.parse().unwrap_or(Locale::UNKNOWN);
            Collator::try_new((&locale).into(), CollatorOptions::default()).ok()
        });
        match collator {
            Some(c) => c.compare(a, b),
            None => a.to_lowercase().cmp(&b.to_lowercase()),
        }
        .then_with(|| a.cmp(b))
    })
}

/// Sorts `items` by the label `label` gives each, as the language `tag` orders words.
pub fn sort_by_label<T>(tag: &str, items: &mut [T], label: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| compare(tag, label(a), label(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(tag: &str, words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        sort_by_label(tag, &mut v, |w| w);
        v
    }

    #[test]
    fn each_language_sorts_as_it_writes() {
        let words = [
            "Zeeland", "Énergie", "Ålesund", "energy", "Øst", "Agder", "Ærø",
        ];
        // French (CLDR's root order): Æ is "ae", accents count after letters.
        assert_eq!(
            sorted("fr", &words),
            [
                "Ærø", "Agder", "Ålesund", "Énergie", "energy", "Øst", "Zeeland"
            ]
            .map(String::from)
            .to_vec()
        );
        // Norwegian: Æ, Ø, Å after Z, in that order.
        assert_eq!(
            sorted("nb", &words),
            [
                "Agder", "Énergie", "energy", "Zeeland", "Ærø", "Øst", "Ålesund"
            ]
            .map(String::from)
            .to_vec()
        );
        // Swedish: Å, Ä (Æ), Ö (Ø) after Z.
        assert_eq!(
            sorted("sv", &words),
            [
                "Agder", "Énergie", "energy", "Zeeland", "Ålesund", "Ærø", "Øst"
            ]
            .map(String::from)
            .to_vec()
        );
        // A plain byte order would put every accented word last.
        assert_ne!(sorted("fr", &words).last().unwrap(), "Énergie");
    }

    #[test]
    fn an_unknown_language_sorts_by_the_root_order() {
        assert_eq!(
            sorted("zz-unknown", &["b", "Á", "a"]),
            ["a", "Á", "b"].map(String::from).to_vec()
        );
    }
}
