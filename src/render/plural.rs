//! Counts in words: "1 cluster", "2 klastry", "5 klastrów". The UI strings give a count's
//! forms as `key` (CLDR's "other") and `key_one`, `key_two`, `key_few`, `key_many`,
//! `key_zero` for the plural categories the language has; CLDR's plural rules (ICU4X's
//! compiled data, so any language a site declares is covered) choose among them.

use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use std::cell::RefCell;
use std::collections::HashMap;

/// CLDR's cardinal plural category of `n` in the language `tag`: `"one"`, `"few"`…, or
/// `"other"` for a language CLDR does not know.
pub fn category(tag: &str, n: u64) -> &'static str {
    // Rules are made once per language and thread (ICU4X's rules are not `Send`): a page
    // has several counts and a site thousands of pages.
    thread_local! {
        static RULES: RefCell<HashMap<String, Option<PluralRules>>> = Default::default();
    }
    RULES.with_borrow_mut(|rules| {
        let rule = rules.entry(tag.to_string()).or_insert_with(|| {
            let locale: Locale = tag.parse().ok()?;
            PluralRules::try_new_cardinal((&locale).into()).ok()
        });
        name(rule.as_ref().map(|r| r.category_for(n)))
    })
}

fn name(category: Option<PluralCategory>) -> &'static str {
    match category {
        Some(PluralCategory::Zero) => "zero",
        Some(PluralCategory::One) => "one",
        Some(PluralCategory::Two) => "two",
        Some(PluralCategory::Few) => "few",
        Some(PluralCategory::Many) => "many",
        _ => "other",
    }
}

/// The form of the count `key` for `n` among `strings` (the category's `key_one`… where the
/// language has it, else `key`), with `{n}` replaced by `number`, the count as the language
/// writes it. `None` when `strings` lack `key` altogether.
pub fn count_text<'s>(
    strings: impl Fn(&str) -> Option<&'s str>,
    tag: &str,
    key: &str,
    n: u64,
    number: &str,
) -> Option<String> {
    let form = match category(tag, n) {
        "other" => None,
        cat => strings(&format!("{key}_{cat}")),
    };
    let form = form.or_else(|| strings(key))?;
    Some(form.replace("{n}", number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn categories_follow_cldr() {
        let cases: &[(&str, &[(u64, &str)])] = &[
            (
                "en",
                &[(0, "other"), (1, "one"), (2, "other"), (21, "other")],
            ),
            ("fr", &[(0, "one"), (1, "one"), (2, "other")]),
            ("de", &[(0, "other"), (1, "one"), (5, "other")]),
            (
                "pl",
                &[(1, "one"), (2, "few"), (4, "few"), (5, "many"), (22, "few")],
            ),
            ("lt", &[(1, "one"), (21, "one"), (2, "few"), (11, "other")]),
            ("sl", &[(1, "one"), (2, "two"), (3, "few"), (5, "other")]),
            (
                "ar",
                &[
                    (0, "zero"),
                    (1, "one"),
                    (2, "two"),
                    (3, "few"),
                    (11, "many"),
                ],
            ),
            (
                "ga",
                &[
                    (1, "one"),
                    (2, "two"),
                    (3, "few"),
                    (7, "many"),
                    (11, "other"),
                ],
            ),
            ("xx-unknown", &[(1, "other")]),
        ];
        for (tag, numbers) in cases {
            for (n, want) in *numbers {
                assert_eq!(category(tag, *n), *want, "{tag} {n}");
            }
        }
    }

    #[test]
    fn a_count_takes_the_languages_form_and_falls_back_to_other() {
        let strings: BTreeMap<String, String> = [
            ("c", "{n} klastrów"),
            ("c_one", "{n} klaster"),
            ("c_few", "{n} klastry"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let get = |k: &str| strings.get(k).map(String::as_str);
        let text = |n: u64| count_text(get, "pl", "c", n, &n.to_string()).unwrap();
        assert_eq!(
            [1, 2, 5, 22, 25].map(text),
            [
                "1 klaster",
                "2 klastry",
                "5 klastrów",
                "22 klastry",
                "25 klastrów"
            ]
        );
        // "many" is not given: "other" stands in.
        assert_eq!(count_text(get, "pl", "c", 12, "12").unwrap(), "12 klastrów");
        assert_eq!(count_text(get, "pl", "missing", 1, "1"), None);
    }
}
