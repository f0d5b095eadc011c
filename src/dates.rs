//! Dates as contributors write them (TOML dates or ISO 8601 strings), and "today" for the
//! build. How visitors read them, in the page's language, is `crate::cldr`.

use crate::model::YearMonth;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

fn as_text(v: &toml::Value) -> Result<String, String> {
    match v {
        toml::Value::String(s) => Ok(s.trim().to_string()),
        toml::Value::Datetime(d) => Ok(d.to_string()),
        other => Err(format!(
            "expected a date like 2026-03-12, found a {}",
            other.type_str()
        )),
    }
}

pub fn parse_date(v: &toml::Value) -> Result<NaiveDate, String> {
    let s = as_text(v)?;
    let day = s.get(..10).unwrap_or(&s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a valid date (YYYY-MM-DD)"))
}

pub fn parse_year_month(v: &toml::Value) -> Result<YearMonth, String> {
    let s = as_text(v)?;
    let bad = || format!("`{s}` is not a valid year and month (YYYY-MM)");
    let (y, m) = s.get(..7).and_then(|p| p.split_once('-')).ok_or_else(bad)?;
    if s.len() != 7 && NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_err() {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    if y.len() != 4 || !(1..=12).contains(&month) {
        return Err(bad());
    }
    Ok(YearMonth { year, month })
}

/// An event boundary as written.
#[derive(Debug, Clone, PartialEq)]
pub enum EventTime {
    Date(NaiveDate),
    Local(NaiveDateTime),
    Offset(DateTime<FixedOffset>),
}

pub fn parse_event_time(v: &toml::Value) -> Result<EventTime, String> {
    let s = as_text(v)?;
    if s.len() == 10 {
        return NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(EventTime::Date)
            .map_err(|_| format!("`{s}` is not a valid date (YYYY-MM-DD)"));
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(&s.replace(' ', "T")) {
        return Ok(EventTime::Offset(d));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(&s, f) {
            return Ok(EventTime::Local(d));
        }
    }
    Err(format!(
        "`{s}` is not a valid date or date-time (e.g. 2026-03-12 or 2026-03-12T09:00:00)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_that_do_not_exist_are_rejected() {
        assert!(parse_date(&toml::Value::String("2026-02-30".into())).is_err());
        assert!(parse_date(&toml::Value::String("2026-02-28".into())).is_ok());
        assert!(parse_year_month(&toml::Value::String("2025-13".into())).is_err());
        assert_eq!(
            parse_year_month(&toml::Value::String("2025-04".into())).unwrap(),
            YearMonth {
                year: 2025,
                month: 4
            }
        );
    }

    #[test]
    fn event_times() {
        let v = |s: &str| toml::Value::String(s.into());
        assert!(matches!(
            parse_event_time(&v("2026-05-04")),
            Ok(EventTime::Date(_))
        ));
        assert!(matches!(
            parse_event_time(&v("2026-05-04T09:00:00")),
            Ok(EventTime::Local(_))
        ));
        assert!(matches!(
            parse_event_time(&v("2026-05-04T09:00:00+02:00")),
            Ok(EventTime::Offset(_))
        ));
        let toml_dt: toml::Value =
            toml::from_str::<toml::Table>("x = 2026-05-04T09:00:00").unwrap()["x"].clone();
        assert!(matches!(
            parse_event_time(&toml_dt),
            Ok(EventTime::Local(_))
        ));
    }
}

/// What "today" is for the build.
#[derive(Debug, Clone, Copy)]
pub enum BuildDate {
    Fixed(chrono::NaiveDate),
    /// Seconds since the epoch (`SOURCE_DATE_EPOCH`), read in the site's time zone.
    Epoch(i64),
    Now,
}

impl BuildDate {
    /// `--date` wins, then `SOURCE_DATE_EPOCH`, then the clock.
    pub fn from_env(date: Option<chrono::NaiveDate>) -> Self {
        if let Some(d) = date {
            return BuildDate::Fixed(d);
        }
        match std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            Some(secs) => BuildDate::Epoch(secs),
            None => BuildDate::Now,
        }
    }
    pub fn resolve(self, tz: chrono_tz::Tz) -> chrono::NaiveDate {
        let now = match self {
            BuildDate::Fixed(d) => return d,
            BuildDate::Epoch(s) => chrono::DateTime::from_timestamp(s, 0).unwrap_or_default(),
            BuildDate::Now => chrono::Utc::now(),
        };
        now.with_timezone(&tz).date_naive()
    }
}
