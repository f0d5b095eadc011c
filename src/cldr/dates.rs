//! Dates and times by CLDR's patterns (`d MMMM y`, `LLLL y`, `h:mm a`): a small interpreter
//! of the fields those patterns use, with the language's month names and digits.

use super::numbers::symbols;
use super::{Locale, date_table, locale};
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// What a pattern is filled with.
#[derive(Default)]
struct Fields {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    /// French writes the first of the month as an ordinal: "1er juillet 2026".
    ordinal_first: bool,
}

/// `pattern` filled in for locale `l`. Letters are fields (a run of one letter is one field:
/// `MMMM`), text in single quotes is literal (`''` is a quote), anything else is itself.
fn format(l: &Locale, pattern: &str, f: &Fields) -> String {
    let digits = symbols(l);
    let num = |n: u32, width: usize| digits.localise(&format!("{n:0width$}"));
    let names = |key: &str, i: u32| {
        l.get(date_table(), key)
            .zip(i.checked_sub(1))
            .and_then(|(all, i)| all.split('|').nth(i as usize))
            .unwrap_or("")
            .to_string()
    };
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.peek() == Some(&'\'') {
                chars.next();
                out.push('\'');
                continue;
            }
            for q in chars.by_ref() {
                if q == '\'' {
                    break;
                }
                out.push(q);
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            continue;
        }
        let mut n = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            n += 1;
        }
        let hour12 = if f.hour.is_multiple_of(12) {
            12
        } else {
            f.hour % 12
        };
        out.push_str(&match (c, n) {
            ('d', 1) if f.ordinal_first && f.day == 1 => format!("{}er", num(1, 1)),
            ('d', n) => num(f.day, n.min(2)),
            ('M', 3) => names("MMM", f.month),
            ('M', 4..) => names("MMMM", f.month),
            ('L', 3) => names("LLL", f.month),
            ('L', 4..) => names("LLLL", f.month),
            ('M' | 'L', n) => num(f.month, n),
            ('y', 2) => num(f.year.rem_euclid(100) as u32, 2),
            ('y', n) => digits.localise(&format!("{:0n$}", f.year)),
            ('G', _) => l.get(date_table(), "G").unwrap_or("").to_string(),
            ('H', n) => num(f.hour, n),
            ('h', n) => num(hour12, n),
            ('m', n) => num(f.minute, n),
            // `B` ("in the afternoon") only in zh-Hant's short time: its am/pm says as much.
            ('a' | 'B', _) => names("a", if f.hour < 12 { 1 } else { 2 }),
            // The generator refuses patterns with other fields; never print a raw letter.
            _ => String::new(),
        });
    }
    out
}

fn pattern(l: &Locale, key: &str, default: &'static str) -> &'static str {
    l.get(date_table(), key).unwrap_or(default)
}

/// A date as the language writes it in full: en "1 July 2026", de "1. Juli 2026", pl
/// "1 lipca 2026", fr "1er juillet 2026", en-US "July 1, 2026".
pub fn long_date(tag: &str, d: NaiveDate) -> String {
    let l = locale(tag);
    let f = Fields {
        year: d.year(),
        month: d.month(),
        day: d.day(),
        ordinal_first: l.language() == "fr",
        ..Fields::default()
    };
    format(l, pattern(l, "long", "d MMMM y"), &f)
}

/// A month and year: en "July 2026", pl "lipiec 2026" (the stand-alone name).
pub fn month_year(tag: &str, year: i32, month: u32) -> String {
    let l = locale(tag);
    let f = Fields {
        year,
        month,
        day: 1,
        ..Fields::default()
    };
    format(l, pattern(l, "ym", "MMMM y"), &f)
}

/// A month's short stand-alone name, for a calendar sheet: en "Jul", de "Jul", fr "juil.".
pub fn month_short(tag: &str, month: u32) -> String {
    let l = locale(tag);
    let f = Fields {
        month,
        ..Fields::default()
    };
    format(l, "LLL", &f)
}

/// A time of day: en "14:30", en-US "2:30 PM" (CLDR puts a narrow no-break space before PM).
pub fn time(tag: &str, t: NaiveTime) -> String {
    let l = locale(tag);
    let f = Fields {
        hour: t.hour(),
        minute: t.minute(),
        ..Fields::default()
    };
    format(l, pattern(l, "time", "HH:mm"), &f)
}

/// A date and a time (already written) together as the language joins them: en "1 July
/// 2026, 14:30", fi "1. heinäkuuta 2026 14.30", nb "1. juli 2026 kl. 14:30".
pub fn date_time(tag: &str, date: &str, time: &str) -> String {
    let l = locale(tag);
    let p = pattern(l, "datetime", "{1}, {0}");
    let mut out = String::new();
    let mut rest = p;
    while let Some(i) = rest.find(['{', '\'']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("{0}") {
            out.push_str(time);
            rest = r;
        } else if let Some(r) = rest.strip_prefix("{1}") {
            out.push_str(date);
            rest = r;
        } else if let Some(r) = rest.strip_prefix("''") {
            out.push('\'');
            rest = r;
        } else if let Some(r) = rest.strip_prefix('\'') {
            let end = r.find('\'').unwrap_or(r.len());
            out.push_str(&r[..end]);
            rest = r.get(end + 1..).unwrap_or("");
        } else {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}
