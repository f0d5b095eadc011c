//! What visitors read, written the way their language writes it, from Unicode CLDR: country
//! names, dates, times, numbers and time-zone names for any BCP 47 tag a site declares.
//!
//! The data are plain TSV files in `data/`, generated from the CLDR JSON packages by
//! `node tools/cldr/generate.mjs` (see `tools/cldr/README.md`), compiled in with
//! `include_str!` and parsed once, on first use, into maps that borrow the text. Each locale
//! keeps only what differs from its CLDR parent, so every lookup walks the locale's parent
//! chain (`de-AT` -> `de`), as CLDR's own inheritance does.
//!
//! Only plain functions of a tag and a value: nothing here knows about the site or the theme,
//! so the module can be compiled into the integration tests as it is.

mod dates;
mod locale;
mod numbers;
mod territories;
#[cfg(test)]
mod tests;
mod zones;

pub use dates::{date_time, long_date, month_short, month_year, time};
pub use locale::{Locale, locale};
pub use numbers::{decimal, integer, percent};
#[cfg(test)]
pub use territories::territory_codes;
pub use territories::territory_name;
pub use zones::{gmt_offset, zone_name};

use std::collections::HashMap;
use std::sync::OnceLock;

/// locale -> key -> value, as one data file lists them (`locale\tkey\tvalue`).
type Table = HashMap<&'static str, HashMap<&'static str, &'static str>>;

/// The rows of a data file: its lines without the `#` header, split at tabs.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn table(text: &'static str) -> Table {
    let mut t: Table = HashMap::new();
    for r in rows(text) {
        if let [locale, key, value] = r[..] {
            t.entry(locale).or_default().insert(key, value);
        }
    }
    t
}

/// One `OnceLock` per file, so a page that shows no time zone never parses the zone names.
macro_rules! data_table {
    ($name:ident, $file:literal) => {
        fn $name() -> &'static Table {
            static T: OnceLock<Table> = OnceLock::new();
            T.get_or_init(|| table(include_str!($file)))
        }
    };
}
data_table!(territory_table, "data/territories.tsv");
data_table!(date_table, "data/dates.tsv");
data_table!(number_table, "data/numbers.tsv");
data_table!(zone_table, "data/zones.tsv");

impl Locale {
    /// `key` in `table` for this locale or the nearest ancestor that has it.
    fn get(&self, table: &'static Table, key: &str) -> Option<&'static str> {
        self.chain
            .iter()
            .find_map(|l| table.get(l).and_then(|t| t.get(key)).copied())
    }
}
