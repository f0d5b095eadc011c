//! iCalendar (RFC 5545): all events and call deadlines per language, and one file per
//! event and per call.
//!
//! Timed events are written in UTC (no VTIMEZONE needed, every client converts); all-day
//! events as `VALUE=DATE` with an exclusive end, as the RFC wants.

use super::pieces::{Piece, Pieces};
use crate::model::{Call, Event, EventStatus, Kind, Schedule, Site};
use crate::render::lang::Lang;
use crate::routes;
use std::sync::Arc;

/// Escape TEXT values: backslash, semicolon, comma and line breaks (CRLF, LF and a lone CR,
/// which would otherwise end the content line); other control characters, which RFC 5545
/// does not allow in TEXT, are dropped (`check` refuses them in records: E027).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Fold a content line at 75 octets, never inside a UTF-8 character; CRLF line ends.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        let limit = if out.is_empty() || !out.contains("\r\n") {
            75
        } else {
            74
        };
        if width + n > limit {
            out.push_str("\r\n ");
            width = 0;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn vevent(site: &Site, e: &Event, l: &Lang) -> String {
    let lang = l.tag;
    let mut lines = vec!["BEGIN:VEVENT".to_string()];
    lines.push(format!("UID:{}@{}", e.slug, site.host()));
    let stamp = e.updated.unwrap_or(site.build_date);
    lines.push(format!("DTSTAMP:{}T000000Z", stamp.format("%Y%m%d")));
    match &e.schedule {
        Schedule::AllDay { start, end } => {
            lines.push(format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")));
            let after = end.succ_opt().unwrap_or(*end);
            lines.push(format!("DTEND;VALUE=DATE:{}", after.format("%Y%m%d")));
        }
        Schedule::Timed { start, end, .. } => {
            lines.push(format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ")));
            if let Some(end) = end {
                lines.push(format!("DTEND:{}", end.format("%Y%m%dT%H%M%SZ")));
            }
        }
    }
    lines.push(format!("SUMMARY:{}", escape(e.title.resolve(lang).text)));
    lines.push(format!(
        "DESCRIPTION:{}",
        escape(e.summary.resolve(lang).text)
    ));
    let mut location = Vec::new();
    if let Some(v) = &e.venue {
        location.extend(
            [&v.name, &v.address, &v.city]
                .into_iter()
                .flatten()
                .cloned(),
        );
        // The country as the calendar's language names it, not its code.
        location.extend(v.country.as_deref().map(|c| l.country(c)));
    }
    if location.is_empty()
        && let Some(u) = &e.online_url
    {
        location.push(u.clone());
    }
    if !location.is_empty() {
        lines.push(format!("LOCATION:{}", escape(&location.join(", "))));
    }
    lines.push(format!(
        "URL:{}",
        site.config.permalink(&routes::event(lang, &e.slug))
    ));
    // What calendar apps show as the event's category: its kind in the calendar's language.
    lines.push(format!(
        "CATEGORIES:{}",
        escape(&l.label("kind_event_", e.kind.as_str()))
    ));
    let status = match e.status {
        EventStatus::Cancelled => "CANCELLED",
        EventStatus::Postponed => "TENTATIVE",
        EventStatus::Scheduled | EventStatus::Rescheduled | EventStatus::MovedOnline => "CONFIRMED",
    };
    lines.push(format!("STATUS:{status}"));
    lines.push("END:VEVENT".into());
    lines.iter().map(|l| fold(l)).collect()
}

/// Event number `i` of the site as a VEVENT in `lang`.
fn vevent_piece(site: &Site, i: usize, l: &Lang, pieces: &Pieces) -> Arc<str> {
    let at = site.config.languages.iter().position(|x| x == l.tag);
    pieces.get(
        Kind::Event,
        i,
        Piece::CalendarEvent,
        at.unwrap_or(0),
        || vevent(site, &site.events[i], l),
    )
}

/// A call's deadline as a VEVENT of no duration, named "Deadline" in the calendar's language.
fn deadline_vevent(site: &Site, c: &Call, l: &Lang) -> String {
    let (lang, deadline, colon) = (l.tag, l.t("deadline"), l.t("colon"));
    let stamp = c.updated.unwrap_or(site.build_date);
    let at = c.deadline.format("%Y%m%dT%H%M%SZ");
    let url = site.config.permalink(&routes::call(lang, &c.slug));
    let lines = [
        "BEGIN:VEVENT".to_string(),
        format!("UID:call-{}@{}", c.slug, site.host()),
        format!("DTSTAMP:{}T000000Z", stamp.format("%Y%m%d")),
        format!("DTSTART:{at}"),
        format!("DTEND:{at}"),
        format!(
            "SUMMARY:{}",
            escape(&format!("{deadline}{colon} {}", c.title.resolve(lang).text))
        ),
        format!(
            "DESCRIPTION:{}",
            escape(&format!("{}\n{}", c.summary.resolve(lang).text, c.url))
        ),
        format!("URL:{url}"),
        "CATEGORIES:DEADLINE".into(),
        "TRANSP:TRANSPARENT".into(),
        "STATUS:CONFIRMED".into(),
        "END:VEVENT".into(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

/// Call number `i` of the site as a VEVENT in `lang`.
fn deadline_piece(site: &Site, i: usize, l: &Lang, pieces: &Pieces) -> Arc<str> {
    let at = site.config.languages.iter().position(|x| x == l.tag);
    pieces.get(Kind::Call, i, Piece::CalendarEvent, at.unwrap_or(0), || {
        deadline_vevent(site, &site.calls[i], l)
    })
}

fn calendar(site: &Site, events: &[Arc<str>], lang: &str) -> Vec<u8> {
    let title = site.config.title.resolve(lang).text;
    let mut s = String::new();
    for l in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!(
            "PRODID:-//showcase//{}//{}",
            escape(title),
            lang.to_uppercase()
        ),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(title)),
    ] {
        s.push_str(&fold(&l));
    }
    for e in events {
        s.push_str(e);
    }
    s.push_str(&fold("END:VCALENDAR"));
    s.into_bytes()
}

/// Every event, then every call's deadline, in the language of `l`.
pub fn all_events(site: &Site, l: &Lang, pieces: &Pieces) -> Vec<u8> {
    let mut order: Vec<usize> = (0..site.events.len()).collect();
    order.sort_by_key(|i| {
        let e = &site.events[*i];
        (e.schedule.sort_key(), e.slug.clone())
    });
    let mut events: Vec<Arc<str>> = order
        .into_iter()
        .map(|i| vevent_piece(site, i, l, pieces))
        .collect();
    let mut calls: Vec<usize> = (0..site.calls.len()).collect();
    calls.sort_by_key(|i| (site.calls[*i].deadline, site.calls[*i].slug.clone()));
    events.extend(
        calls
            .into_iter()
            .map(|i| deadline_piece(site, i, l, pieces)),
    );
    calendar(site, &events, l.tag)
}

/// Call number `i`'s deadline alone.
pub fn one_call(site: &Site, i: usize, l: &Lang, pieces: &Pieces) -> Vec<u8> {
    calendar(site, &[deadline_piece(site, i, l, pieces)], l.tag)
}

/// Event number `i` of the site alone.
pub fn one_event(site: &Site, i: usize, l: &Lang, pieces: &Pieces) -> Vec<u8> {
    calendar(site, &[vevent_piece(site, i, l, pieces)], l.tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_utf8_characters_whole() {
        let line = format!("SUMMARY:{}", "ø".repeat(60));
        let folded = fold(&line);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        // A lone CR would end the line: "SUMMARY:a" then a forged "BEGIN:VEVENT".
        assert_eq!(escape("a\rBEGIN:VEVENT\r\nb\u{7}"), "a\\nBEGIN:VEVENT\\nb");
    }
}
