//! Numbers: grouping (sizes and CLDR's `minimumGroupingDigits`), decimals, percentages, and
//! the digits of the language's default numbering system.

use super::{Locale, locale, number_table};

/// How a locale writes numbers.
pub(super) struct Symbols {
    decimal: &'static str,
    group: &'static str,
    minus: &'static str,
    percent_sign: &'static str,
    /// The percent pattern, `#,##0 %` (its number part is replaced whole).
    percent: &'static str,
    /// Group sizes from the decimal pattern: 3 and 3 for `#,##0.###`, 3 and 2 for Hindi's
    /// `#,##,##0.###`.
    primary: usize,
    secondary: usize,
    /// Grouping starts at `primary + min_group` digits: Spanish and Polish write "1234" but
    /// "12 345" (2), most languages "1234" as "1,234" (1).
    min_group: usize,
    /// The ten digits when the numbering system is not Latin (`০১২…` in Bengali).
    digits: Option<&'static str>,
}

pub(super) fn symbols(l: &Locale) -> Symbols {
    let t = number_table();
    let get = |k: &str, default: &'static str| l.get(t, k).unwrap_or(default);
    let pattern = get("pattern", "#,##0.###");
    let integer_part = pattern
        .split(';')
        .next()
        .unwrap_or("")
        .split('.')
        .next()
        .unwrap_or("");
    let groups: Vec<usize> = integer_part
        .split(',')
        .map(|g| g.chars().filter(|c| matches!(c, '#' | '0')).count())
        .collect();
    let primary = match groups.len() {
        0 | 1 => 0,
        n => groups[n - 1],
    };
    let secondary = match groups.len() {
        n if n >= 3 => groups[n - 2],
        _ => primary,
    };
    Symbols {
        decimal: get("decimal", "."),
        group: get("group", ","),
        minus: get("minus", "-"),
        percent_sign: get("percentSign", "%"),
        percent: get("percent", "#,##0%"),
        primary,
        secondary,
        min_group: get("minGroup", "1").parse().unwrap_or(1),
        digits: l.get(t, "digits"),
    }
}

impl Symbols {
    /// ASCII digits as the locale writes them.
    pub(super) fn localise(&self, ascii: &str) -> String {
        match self.digits {
            None => ascii.to_string(),
            Some(d) => {
                let digits: Vec<char> = d.chars().collect();
                ascii
                    .chars()
                    .map(|c| match c.to_digit(10) {
                        Some(i) if digits.len() == 10 => digits[i as usize],
                        _ => c,
                    })
                    .collect()
            }
        }
    }
    /// The ASCII digits of a whole number grouped: `1234567` -> `1,234,567` in English.
    fn grouped(&self, digits: &str) -> String {
        let n = digits.len();
        if self.primary == 0 || n < self.primary + self.min_group {
            return self.localise(digits);
        }
        // Where each group starts, from the right: the primary group, then secondary ones.
        let mut cuts = vec![n - self.primary];
        while let Some(&last) = cuts.last() {
            if last <= self.secondary.max(1) {
                break;
            }
            cuts.push(last - self.secondary.max(1));
        }
        let mut out = String::with_capacity(n + cuts.len() * self.group.len());
        let mut start = 0;
        for &cut in cuts.iter().rev() {
            out.push_str(&self.localise(&digits[start..cut]));
            out.push_str(self.group);
            start = cut;
        }
        out.push_str(&self.localise(&digits[start..]));
        out
    }
}

/// A whole number as the language writes it: en "12,345", de "12.345", fr "12 345" (narrow
/// no-break space), nb "12 345" (no-break space), es "1234" but "12.345".
pub fn integer(tag: &str, n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let s = symbols(locale(tag));
    let digits = s.grouped(&n.unsigned_abs().to_string());
    if n < 0 {
        format!("{}{digits}", s.minus)
    } else {
        digits
    }
}

/// `x` with at most `max_fraction` decimals (trailing zeros dropped), without its sign.
fn unsigned(s: &Symbols, x: f64, max_fraction: usize) -> String {
    let fixed = format!("{:.*}", max_fraction, x.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut out = s.grouped(whole);
    if !fraction.is_empty() {
        out.push_str(s.decimal);
        out.push_str(&s.localise(fraction));
    }
    out
}

/// Whether `x` is below zero once written with `max_fraction` decimals (no "-0").
fn is_negative(x: f64, max_fraction: usize) -> bool {
    x < 0.0
        && format!("{:.*}", max_fraction, -x)
            .bytes()
            .any(|b| matches!(b, b'1'..=b'9'))
}

/// A number with at most `max_fraction` decimals (trailing zeros dropped): de "1.234,5".
pub fn decimal(tag: &str, x: f64, max_fraction: usize) -> String {
    let s = symbols(locale(tag));
    let digits = unsigned(&s, x, max_fraction);
    match is_negative(x, max_fraction) {
        true => format!("{}{digits}", s.minus),
        false => digits,
    }
}

/// A share in percent (`x` = 42.5 for 42.5 %, at most `max_fraction` decimals) by the
/// language's percent pattern: en "42%", de "42 %" (no-break space), fr "42,5 %", tr "%42".
pub fn percent(tag: &str, x: f64, max_fraction: usize) -> String {
    let s = symbols(locale(tag));
    let number = unsigned(&s, x, max_fraction);
    let sign = if is_negative(x, max_fraction) {
        s.minus
    } else {
        ""
    };
    let pattern = s.percent.split(';').next().unwrap_or("#,##0%");
    let is_number = |c: char| matches!(c, '#' | '0' | ',' | '.');
    let (Some(first), Some(last)) = (pattern.find(is_number), pattern.rfind(is_number)) else {
        return format!("{sign}{number}{}", s.percent_sign);
    };
    let affix = |a: &str| a.replace('\'', "").replace('%', s.percent_sign);
    format!(
        "{sign}{}{number}{}",
        affix(&pattern[..first]),
        affix(&pattern[last + 1..])
    )
}
