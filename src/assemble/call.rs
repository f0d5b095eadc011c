//! Call records (`content/calls/`): funding calls, tenders and prizes. Converts a
//! [`RawCall`] into a [`Call`], with the rules only calls have (a deadline with its zone,
//! after `opens`; a budget in an ISO 4217 currency; references to documents).

use super::event::local_to_utc;
use super::fields::RecordCx;
use crate::content::raw::RawCall;
use crate::dates::EventTime;
use crate::model::*;
use chrono::{DateTime, Utc};
use toml::Spanned;

pub(super) fn convert_call(cx: &mut RecordCx, r: RawCall) -> Option<Call> {
    if cx.rec.slug == "archive" {
        cx.error(
            "E008",
            "a call cannot be called `archive`: /calls/archive/ lists the closed calls",
            0..0,
        )
        .hint = Some("rename the file, e.g. to `archive-fund.toml`".into());
    }
    let title = cx.text(r.title, "title", true);
    let summary = cx.summary(r.summary);
    let body = cx.text(r.body, "body", false);
    let kind = cx.choice::<CallKind>(r.kind, "kind");
    let funder = cx
        .required(r.funder, "funder")
        .map(Spanned::into_inner)
        .filter(|f| !f.trim().is_empty());
    let tz = cx.time_zone(&r.time_zone);
    let zone_given = r.time_zone.is_some();
    let deadline_raw = cx.required(r.deadline, "deadline");
    // The call's zone: its `time_zone`, else the deadline's offset.
    let deadline_time = deadline_raw.as_ref().and_then(|d| cx.moment(d, "deadline"));
    let zone = match (tz, &deadline_time) {
        (Some(tz), _) => Some(EventZone::Named(tz)),
        (None, Some(EventTime::Offset(d))) => Some(EventZone::Offset(*d.offset())),
        (None, Some(_)) if !zone_given => {
            let span = deadline_raw.as_ref().map(Spanned::span).unwrap_or(0..0);
            cx.error(
                "E011",
                "a `deadline` needs a `time_zone` or a UTC offset",
                span,
            )
            .hint = Some(
                "add e.g. `time_zone = \"Europe/Oslo\"`, or write 2027-02-15T12:00:00+01:00".into(),
            );
            None
        }
        _ => None,
    };
    let deadline = match (&deadline_raw, deadline_time, zone) {
        (Some(raw), Some(t), Some(zone)) => instant(cx, t, zone, raw.span(), true),
        _ => None,
    };
    let opens = match (&r.opens, zone) {
        (Some(raw), Some(zone)) => cx
            .moment(raw, "opens")
            .and_then(|t| instant(cx, t, zone, raw.span(), false)),
        _ => None,
    };
    if let (Some(o), Some(d), Some(raw)) = (opens, deadline, &r.opens)
        && o >= d
    {
        cx.error("E010", "the call opens after its deadline", raw.span());
    }
    let budget = r.budget.map(|b| {
        let b = b.into_inner();
        let currency = b.currency.and_then(|c| currency(cx, c));
        for (field, v) in [
            ("budget.amount", b.amount),
            ("budget.max_per_project", b.max_per_project),
        ] {
            if v.is_some_and(|v| !(v.is_finite() && v >= 0.0)) {
                cx.error("E003", format!("`{field}` must be a positive number"), 0..0);
            }
        }
        Budget {
            amount: b.amount,
            currency,
            max_per_project: b.max_per_project,
        }
    });
    let eligibility = cx.text(r.eligibility, "eligibility", false);
    let sectors = cx.terms(r.sectors, SECTORS, "sectors", false);
    let technologies = cx.terms(r.technologies, TECHNOLOGIES, "technologies", false);
    let countries = cx.countries(r.countries, "countries");
    let clusters = cx.cluster_refs(r.clusters, "clusters", false);
    let url = cx.url(r.url, "url", true);
    let documents = cx.refs(
        r.documents.map(Spanned::into_inner).unwrap_or_default(),
        "documents",
        Kind::Document,
    );
    let updated = cx.date(r.updated, "updated", false);
    Some(Call {
        slug: cx.rec.slug.clone(),
        title: title?,
        summary: summary?,
        body,
        kind,
        funder: funder?,
        opens,
        deadline: deadline?,
        zone: zone?,
        budget,
        eligibility,
        sectors,
        technologies,
        countries,
        clusters,
        url: url?,
        documents,
        updated,
        aliases: cx.aliases(r.aliases),
        origin: cx.origin(),
    })
}

/// The instant a call's date or date-time stands for in its zone: a date alone opens at
/// the start of that day, and a deadline written as a date ends with that day.
fn instant(
    cx: &mut RecordCx,
    t: EventTime,
    zone: EventZone,
    span: std::ops::Range<usize>,
    end_of_day: bool,
) -> Option<DateTime<Utc>> {
    match t {
        EventTime::Offset(d) => Some(d.with_timezone(&Utc)),
        EventTime::Local(d) => local_to_utc(cx, zone, d, span),
        EventTime::Date(d) => {
            let time = if end_of_day {
                d.and_hms_opt(23, 59, 59)
            } else {
                d.and_hms_opt(0, 0, 0)
            };
            local_to_utc(cx, zone, time.expect("valid time"), span)
        }
    }
}

/// An ISO 4217 code: three upper-case letters.
fn currency(cx: &mut RecordCx, c: Spanned<String>) -> Option<String> {
    let code = c.get_ref().trim();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Some(code.to_string())
    } else {
        cx.error(
            "E003",
            format!("`budget.currency` must be an ISO 4217 code, found `{code}`"),
            c.span(),
        )
        .hint = Some("e.g. \"EUR\", \"NOK\", \"SEK\"".into());
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;
    use crate::model::CallState;
    use chrono::NaiveDate;

    const CALL: &str = "content/calls/green-fund.toml";

    fn call(extra: &str) -> String {
        format!(
            "title = \"Green fund\"\nsummary = \"Money.\"\nfunder = \"Norlandia Research Council\"\n\
             url = \"https://fund.example/apply\"\n{extra}"
        )
    }

    #[test]
    fn state_follows_the_date_in_the_calls_zone() {
        let (site, seen) = site(&[(
            CALL,
            &call(
                "deadline = 2026-12-04T12:00:00\ntime_zone = \"Europe/Oslo\"\nopens = 2026-10-01\n",
            ),
        )])
        .assemble();
        assert!(seen.is_empty(), "{seen:#?}");
        let c = &site.unwrap().calls[0];
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(
            c.state(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()),
            CallState::Upcoming
        );
        assert_eq!(
            c.state(NaiveDate::from_ymd_opt(2026, 11, 19).unwrap()),
            CallState::Open
        );
        assert_eq!(
            c.state(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
            CallState::ClosingSoon
        );
        assert_eq!(c.state(day(4)), CallState::ClosingSoon);
        assert_eq!(c.state(day(5)), CallState::Closed);
    }

    #[test]
    fn a_deadline_needs_a_zone_and_must_follow_opens() {
        let seen = check_one(CALL, &call("deadline = 2027-02-15T12:00:00\n"));
        assert_eq!(
            brief(&seen),
            [(
                "E011",
                "a `deadline` needs a `time_zone` or a UTC offset",
                5,
                12
            )]
        );
        let seen = check_one(
            CALL,
            &call(
                "deadline = 2027-02-15T12:00:00+01:00\nopens = 2027-03-01\ndocuments = [\"nope\"]\n",
            ),
        );
        assert_eq!(
            brief(&seen),
            [
                ("E010", "the call opens after its deadline", 6, 9),
                ("E009", "`documents` names unknown document `nope`", 7, 14),
            ]
        );
    }
}
