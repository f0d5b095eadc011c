//! Country and territory names.

use super::{locale, territory_table};

/// `code`'s name in the language of `tag` (`NO`: de "Norwegen", fr "Norvège", nb "Norge");
/// the English name where the language has none, else the code itself.
pub fn territory_name(tag: &str, code: &str) -> String {
    let table = territory_table();
    locale(tag)
        .get(table, code)
        // CLDR's own English (what the generator compares the top-level locales with).
        .or_else(|| table.get("en").and_then(|t| t.get(code)).copied())
        .unwrap_or(code)
        .to_string()
}

/// Every country and territory code CLDR names (ISO 3166-1 alpha-2, and `XK`), sorted: for
/// the tests (every ISO code named; the built pages scanned for English names).
#[cfg(test)]
pub fn territory_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = locale("en")
        .chain
        .iter()
        .filter_map(|l| territory_table().get(l))
        .flat_map(|t| t.keys().copied())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}
