//! Time-zone names as the language writes them: the zone's metazone at that instant, in its
//! standard or summer-time name ("Mitteleuropäische Sommerzeit"), else the language's GMT
//! format ("GMT+02:00").

use super::numbers::symbols;
use super::{Locale, locale, rows, zone_table};
use chrono::{DateTime, Datelike, Offset, TimeZone, Utc};
use std::collections::HashMap;
use std::sync::OnceLock;

struct Metazones {
    /// IANA zone -> (metazone, from, to): UTC times as CLDR writes them ("1990-06-30 22:00"),
    /// empty for open ends, so that they compare as text.
    periods: HashMap<&'static str, Vec<(&'static str, &'static str, &'static str)>>,
    /// The names chrono-tz knows that CLDR files under an older one:
    /// `Europe/Kyiv` -> `Europe/Kiev`.
    canonical: HashMap<&'static str, &'static str>,
}

fn metazones() -> &'static Metazones {
    static M: OnceLock<Metazones> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = Metazones {
            periods: HashMap::new(),
            canonical: HashMap::new(),
        };
        for r in rows(include_str!("data/metazones.tsv")) {
            if let [zone, mz, from, to] = r[..] {
                match mz.strip_prefix('=') {
                    Some(c) => {
                        m.canonical.insert(zone, c);
                    }
                    None => m.periods.entry(zone).or_default().push((mz, from, to)),
                }
            }
        }
        m
    })
}

/// Whether `tz` is on summer time at `at`: ahead of the smaller of its January and July
/// offsets that year. (Not tzdb's DST flag: Dublin's "negative DST" would read backwards.)
fn is_daylight(tz: chrono_tz::Tz, at: DateTime<Utc>) -> bool {
    let offset = |t: DateTime<Utc>| {
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let mid = |month| {
        Utc.with_ymd_and_hms(at.year(), month, 15, 12, 0, 0)
            .single()
            .unwrap_or(at)
    };
    offset(at) > offset(mid(1)).min(offset(mid(7)))
}

fn name(l: &Locale, key: &str) -> Option<&'static str> {
    l.get(zone_table(), key)
}

/// The zone `tz`'s name at `at` in the language of `tag`: de "Mitteleuropäische
/// Sommerzeit" in July, "Mitteleuropäische Normalzeit" in January; en "British Summer
/// Time"; where the language names neither, its GMT format ("GMT+05:45").
pub fn zone_name(tag: &str, tz: chrono_tz::Tz, at: DateTime<Utc>) -> String {
    let l = locale(tag);
    let m = metazones();
    let id = m.canonical.get(tz.name()).copied().unwrap_or(tz.name());
    let kind = if is_daylight(tz, at) { "d" } else { "s" };
    let when = at.format("%Y-%m-%d %H:%M").to_string();
    let metazone = m.periods.get(id).and_then(|ps| {
        ps.iter()
            .find(|(_, from, to)| {
                (from.is_empty() || *from <= when.as_str())
                    && (to.is_empty() || when.as_str() < *to)
            })
            .map(|(mz, _, _)| *mz)
    });
    // A zone's own name (London's summer, Dublin's) wins over its metazone's.
    name(l, &format!("z.{id}.{kind}"))
        .or_else(|| metazone.and_then(|mz| name(l, &format!("mz.{mz}.{kind}"))))
        .map(str::to_string)
        .unwrap_or_else(|| {
            let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
            gmt_offset(tag, offset.local_minus_utc())
        })
}

/// An offset from UTC in the language's GMT format: en "GMT+02:00", fr "UTC+02:00", de
/// "GMT-05:00"; "GMT" (as the language writes it) for zero.
pub fn gmt_offset(tag: &str, seconds: i32) -> String {
    let l = locale(tag);
    if seconds == 0 {
        return name(l, "gmtZero").unwrap_or("GMT").to_string();
    }
    let hour_format = name(l, "hour").unwrap_or("+HH:mm;-HH:mm");
    let (plus, minus) = hour_format.split_once(';').unwrap_or(("+HH:mm", "-HH:mm"));
    let pattern = if seconds < 0 { minus } else { plus };
    let (h, m) = (
        seconds.unsigned_abs() / 3600,
        seconds.unsigned_abs() / 60 % 60,
    );
    let digits = symbols(l);
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let mut n = 1;
        while matches!(c, 'H' | 'm') && chars.peek() == Some(&c) {
            chars.next();
            n += 1;
        }
        match c {
            'H' => out.push_str(&digits.localise(&format!("{h:0n$}"))),
            'm' => out.push_str(&digits.localise(&format!("{m:0n$}"))),
            _ => out.push(c),
        }
    }
    name(l, "gmt").unwrap_or("GMT{0}").replace("{0}", &out)
}
