//! Event records (`content/events/`): converts a [`RawEvent`] into an [`Event`], with the
//! rules only events have (schedule and time zone, venue or online address by attendance,
//! organisers, languages).

use super::fields::RecordCx;
use crate::config::is_language_tag;
use crate::content::raw::RawEvent;
use crate::dates::EventTime;
use crate::model::*;
use chrono::{TimeZone, Utc};
use toml::Spanned;

pub(super) fn convert_event(cx: &mut RecordCx, r: RawEvent) -> Option<Event> {
    let title = cx.text(r.title, "title", true);
    let summary = cx.text(r.summary, "summary", true);
    let body = cx.text(r.body, "body", false);
    let kind = cx.choice::<EventKind>(r.kind, "kind");
    let attendance = cx.choice::<Attendance>(r.attendance, "attendance");
    let status = cx.choice::<EventStatus>(r.status, "status");
    let zone = cx.time_zone(&r.time_zone);
    let zone_given = r.time_zone.is_some();
    let start_raw = cx.required(r.start, "start");
    let start = start_raw.as_ref().and_then(|s| cx.moment(s, "start"));
    let end = r.end.as_ref().and_then(|e| cx.moment(e, "end"));
    let all_day = r.all_day.map(Spanned::into_inner).unwrap_or(false)
        || matches!(start, Some(EventTime::Date(_)));
    let start_span = start_raw.as_ref().map(|s| s.span()).unwrap_or(0..0);
    let end_span = r
        .end
        .as_ref()
        .map(|e| e.span())
        .unwrap_or(start_span.clone());
    let schedule = start.and_then(|start| {
        if all_day {
            let day = |t: &EventTime| match t {
                EventTime::Date(d) => *d,
                EventTime::Local(d) => d.date(),
                EventTime::Offset(d) => d.date_naive(),
            };
            let s = day(&start);
            let e = end.as_ref().map(day).unwrap_or(s);
            if e < s {
                cx.error("E010", format!("the event ends ({e}) before it starts ({s})"), end_span.clone());
                return None;
            }
            return Some(Schedule::AllDay { start: s, end: e });
        }
        let ev_zone = match (&zone, &start) {
            (Some(tz), _) => EventZone::Named(*tz),
            (None, EventTime::Offset(d)) => EventZone::Offset(*d.offset()),
            (None, _) => {
                if !zone_given {
                    cx.error("E011", "a timed event needs a `time_zone` or a UTC offset on `start`", start_span.clone())
                        .hint = Some("add e.g. `time_zone = \"Europe/Oslo\"`, or write 2026-03-12T09:00:00+01:00".into());
                }
                return None;
            }
        };
        let to_utc = |cx: &mut RecordCx, t: &EventTime, span: std::ops::Range<usize>| match t {
            EventTime::Offset(d) => Some(d.with_timezone(&Utc)),
            EventTime::Date(d) => local_to_utc(cx, ev_zone, d.and_hms_opt(0, 0, 0).expect("midnight"), span),
            EventTime::Local(d) => {
                if zone.is_none() {
                    cx.error("E011", "`end` has no offset and the event has no `time_zone`", span).hint =
                        Some("add `time_zone`, or write the offset on both `start` and `end`".into());
                    return None;
                }
                local_to_utc(cx, ev_zone, *d, span)
            }
        };
        let s = to_utc(cx, &start, start_span.clone())?;
        let e = match &end {
            Some(e) => Some(to_utc(cx, e, end_span.clone())?),
            None => None,
        };
        if let Some(e) = e
            && e < s {
                cx.error("E010", "the event ends before it starts", end_span.clone());
                return None;
            }
        Some(Schedule::Timed { start: s, end: e, zone: ev_zone })
    });
    let venue = r.venue.map(|v| {
        let v = v.into_inner();
        Venue {
            location: cx.location(v.location),
            name: v.name,
            address: v.address,
            city: v.city,
            country: v.country,
        }
    });
    if venue.is_none() && attendance != Attendance::Online {
        cx.missing("venue");
    }
    // A wrong `online_url` is reported as such (E014), not again as missing.
    let online_url_given = r.online_url.is_some();
    let online_url = cx.url(r.online_url, "online_url", false);
    if !online_url_given && attendance != Attendance::Offline {
        cx.error(
            "E004",
            format!("an event with attendance `{attendance}` needs `online_url`"),
            0..0,
        );
    }
    let organisers = cx
        .cluster_refs(r.organisers, "organisers", true)
        .into_iter()
        .map(|o| {
            if o == "programme" {
                Organiser::Programme
            } else {
                Organiser::Cluster(o)
            }
        })
        .collect();
    let registration_url = cx.url(r.registration_url, "registration_url", false);
    let mut languages = Vec::new();
    for l in r.languages.map(Spanned::into_inner).unwrap_or_default() {
        if is_language_tag(l.get_ref()) {
            languages.push(l.into_inner());
        } else {
            cx.error(
                "E003",
                format!("`languages`: `{}` is not a language tag", l.get_ref()),
                l.span(),
            );
        }
    }
    let updated = cx.date(r.updated, "updated", false);
    Some(Event {
        slug: cx.rec.slug.clone(),
        title: title?,
        summary: summary?,
        body,
        kind,
        schedule: schedule?,
        attendance,
        status,
        venue,
        online_url,
        organisers,
        registration_url,
        languages,
        updated,
        aliases: cx.aliases(r.aliases),
        origin: cx.origin(),
    })
}

pub(super) fn local_to_utc(
    cx: &mut RecordCx,
    zone: EventZone,
    local: chrono::NaiveDateTime,
    span: std::ops::Range<usize>,
) -> Option<chrono::DateTime<Utc>> {
    let r = match zone {
        EventZone::Named(tz) => tz
            .from_local_datetime(&local)
            .earliest()
            .map(|d| d.with_timezone(&Utc)),
        EventZone::Offset(o) => o
            .from_local_datetime(&local)
            .earliest()
            .map(|d| d.with_timezone(&Utc)),
    };
    if r.is_none() {
        cx.error(
            "E010",
            format!("{local} does not exist in the event's time zone (a daylight-saving gap)"),
            span,
        );
    }
    r
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;
    use crate::model::{Attendance, EventKind, EventStatus};

    const EVENT: &str = "content/events/forum.toml";
    const BASE: &str = "title = \"Forum\"\nsummary = \"A forum.\"\n";

    fn check(fields: &str) -> Vec<Seen> {
        site(&[(EVENT, &format!("{BASE}{fields}"))]).check()
    }

    #[test]
    fn lists_are_read_into_their_enums() {
        let text = format!(
            "{BASE}start = 2026-03-12\nkind = \"webinar\"\nattendance = \"online\"\nstatus = \"moved-online\"\nonline_url = \"https://meet.example.org/x\"\n"
        );
        let (site, seen) = site(&[(EVENT, &text)]).assemble();
        assert!(seen.is_empty(), "{seen:#?}");
        let e = &site.unwrap().events[0];
        assert_eq!(
            (e.kind, e.attendance, e.status),
            (
                EventKind::Webinar,
                Attendance::Online,
                EventStatus::MovedOnline
            )
        );
    }

    #[test]
    fn an_online_event_needs_an_online_url_once() {
        let seen = check("start = 2026-03-12\nattendance = \"online\"\n");
        let msg = "an event with attendance `online` needs `online_url`";
        assert_eq!(brief(&seen), [("E004", msg, 1, 1)]);
        // A wrong address is reported as wrong, not also as missing.
        let seen = check(
            "start = 2026-03-12\nattendance = \"mixed\"\nvenue = { city = \"Bergen\" }\nonline_url = \"meet\"\n",
        );
        let msg = "`online_url` must be an absolute http(s) URL, found `meet`";
        assert_eq!(brief(&seen), [("E014", msg, 6, 14)]);
    }

    #[test]
    fn an_event_on_site_needs_a_venue() {
        let seen = check("start = 2026-03-12\n");
        assert_eq!(
            brief(&seen),
            [("E004", "missing required field `venue`", 1, 1)]
        );
    }

    #[test]
    fn a_timed_event_needs_a_zone_and_an_order() {
        let venue = "venue = { city = \"Bergen\" }\n";
        let seen = check(&format!("start = 2026-03-12T09:00:00\n{venue}"));
        let msg = "a timed event needs a `time_zone` or a UTC offset on `start`";
        assert_eq!(brief(&seen), [("E011", msg, 3, 9)]);
        let seen = check(&format!("start = 2026-03-12\nend = 2026-03-11\n{venue}"));
        let msg = "the event ends (2026-03-11) before it starts (2026-03-12)";
        assert_eq!(brief(&seen), [("E010", msg, 4, 7)]);
        let seen = check(&format!(
            "start = 2026-03-12T09:00:00\ntime_zone = \"Europe/Bergen\"\n{venue}"
        ));
        assert_eq!(
            brief(&seen),
            [("E003", "unknown time zone `Europe/Bergen`", 4, 13)]
        );
    }
}
