//! Events: their card (lists, home page, cluster profiles), their page, their dates.

use super::directory::{Pagination, page_of, pagination};
use crate::model::*;
use crate::render::PageCx;
use crate::render::frame::{PageContent, View};
use crate::render::jsonld;
use crate::render::lang::*;
use crate::routes;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct EventCard {
    pub slug: String,
    pub url: String,
    pub title: LText,
    pub summary: LText,
    pub kind: EventKind,
    pub kind_label: String,
    pub status: EventStatus,
    pub status_label: String,
    pub cancelled: bool,
    pub postponed: bool,
    pub attendance: Attendance,
    pub attendance_label: String,
    pub when: String,
    pub start_iso: String,
    pub day: String,
    pub month_short: String,
    pub year: String,
    pub city: Option<String>,
    pub upcoming: bool,
    pub online: bool,
}

/// "12 March 2026, 09:00–17:00 Central European Standard Time" in the event's own zone, in
/// the page language (CLDR's date, time, their joining and the zone's name).
pub fn event_when(l: &Lang, s: &Schedule) -> String {
    match s {
        Schedule::AllDay { start, end } if start == end => l.date(*start),
        Schedule::AllDay { start, end } => format!("{} – {}", l.date(*start), l.date(*end)),
        Schedule::Timed { start, end, zone } => {
            let ls = zone.to_local(*start).0;
            let start_zone = l.zone(*zone, *start);
            let start_time = l.time(ls.time());
            match end.map(|e| (zone.to_local(e).0, l.zone(*zone, e))) {
                Some((le, _)) if le.date() == ls.date() => l.date_time(
                    &l.date(ls.date()),
                    &format!("{start_time}–{} {start_zone}", l.time(le.time())),
                ),
                Some((le, end_zone)) => {
                    // Across a change to or from summer time, each end says its own zone.
                    let first = match start_zone == end_zone {
                        true => start_time,
                        false => format!("{start_time} {start_zone}"),
                    };
                    format!(
                        "{} – {}",
                        l.date_time(&l.date(ls.date()), &first),
                        l.date_time(
                            &l.date(le.date()),
                            &format!("{} {end_zone}", l.time(le.time()))
                        )
                    )
                }
                None => l.date_time(&l.date(ls.date()), &format!("{start_time} {start_zone}")),
            }
        }
    }
}

/// "4 December 2026, 12:00 Central European Standard Time": an instant in a zone, in the
/// page language.
pub fn moment(l: &Lang, t: chrono::DateTime<chrono::Utc>, zone: EventZone) -> String {
    let local = zone.to_local(t).0;
    l.date_time(
        &l.date(local.date()),
        &format!("{} {}", l.time(local.time()), l.zone(zone, t)),
    )
}

pub fn event_start_iso(s: &Schedule) -> String {
    match s {
        Schedule::AllDay { start, .. } => start.to_string(),
        Schedule::Timed { start, zone, .. } => zone.rfc3339(*start),
    }
}

pub fn event_end_iso(s: &Schedule) -> Option<String> {
    match s {
        Schedule::AllDay { end, .. } => Some(end.to_string()),
        Schedule::Timed { end, zone, .. } => end.map(|e| zone.rfc3339(e)),
    }
}

pub fn event_card(l: &Lang, e: &Event) -> EventCard {
    let first = e.schedule.first_day();
    EventCard {
        slug: e.slug.clone(),
        url: l.href(&routes::event(l.tag, &e.slug)),
        title: l.text(&e.title),
        summary: l.text(&e.summary),
        kind: e.kind,
        kind_label: l.label("kind_event_", e.kind.as_str()),
        status: e.status,
        status_label: l.label("status_", e.status.as_str()),
        cancelled: e.status == EventStatus::Cancelled,
        postponed: e.status == EventStatus::Postponed,
        attendance: e.attendance,
        attendance_label: l.label("attendance_", e.attendance.as_str()),
        when: event_when(l, &e.schedule),
        start_iso: event_start_iso(&e.schedule),
        day: chrono::Datelike::day(&first).to_string(),
        month_short: crate::cldr::month_short(l.tag, chrono::Datelike::month(&first)),
        year: chrono::Datelike::year(&first).to_string(),
        city: e.venue.as_ref().and_then(|v| v.city.clone()),
        upcoming: e.is_upcoming(l.site.build_date),
        online: e.attendance != Attendance::Offline,
    }
}

#[derive(Serialize)]
pub struct VenueView {
    pub name: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub country_name: Option<String>,
}

#[derive(Serialize)]
pub struct EventView {
    #[serde(flatten)]
    pub card: EventCard,
    pub body: Option<LHtml>,
    pub venue: Option<VenueView>,
    pub online_url: Option<String>,
    pub registration_url: Option<String>,
    pub organisers: Vec<Link>,
    pub languages: Vec<String>,
    pub ics_url: String,
    pub end_iso: Option<String>,
    pub time_zone: Option<String>,
    pub all_day: bool,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    /// The small map of the venue.
    pub locator: Option<super::map::Locator>,
}

pub fn organiser_links(l: &Lang, e: &Event) -> Vec<Link> {
    e.organisers
        .iter()
        .map(|o| match o {
            Organiser::Programme => Link {
                name: l.text(&l.site.config.title).text,
                url: l.href(&routes::home(l.tag)),
            },
            Organiser::Cluster(s) => Link {
                name: l
                    .cluster_named(s)
                    .map(|c| l.text(&c.name).text)
                    .unwrap_or_else(|| s.clone()),
                url: l.href(&routes::cluster(l.tag, s)),
            },
        })
        .collect()
}

pub fn event_view(l: &Lang, e: &Event) -> EventView {
    EventView {
        card: event_card(l, e),
        body: e.body.as_ref().map(|b| l.html(b)),
        venue: e.venue.as_ref().map(|v| VenueView {
            name: v.name.clone(),
            address: v.address.clone(),
            city: v.city.clone(),
            country: v.country.clone(),
            country_name: v.country.as_deref().map(|c| l.country(c)),
        }),
        online_url: e.online_url.clone(),
        registration_url: e.registration_url.clone(),
        organisers: organiser_links(l, e),
        languages: e
            .languages
            .iter()
            .map(|t| crate::render::theme::language_name(t).to_string())
            .collect(),
        ics_url: l.href(&routes::event_ics(l.tag, &e.slug)),
        end_iso: event_end_iso(&e.schedule),
        time_zone: match &e.schedule {
            Schedule::Timed { zone, .. } => zone.name().map(str::to_string),
            _ => None,
        },
        all_day: matches!(e.schedule, Schedule::AllDay { .. }),
        updated: e.updated.map(|d| l.date(d)),
        updated_iso: e.updated.map(|d| d.to_string()),
        locator: None,
    }
}

/// The events page: upcoming events soonest first, then past ones latest first.
#[derive(Serialize)]
pub struct EventsView {
    pub upcoming: Vec<EventCard>,
    pub past: Vec<EventCard>,
    pub pagination: Option<Pagination>,
}

/// Page `page` of the events: upcoming ones, soonest first, then past ones, latest first.
pub fn list(cx: &PageCx, page: usize) -> PageContent {
    let (l, today) = (cx.l, cx.site().build_date);
    let mut events: Vec<&Event> = cx.read.all_events().iter().collect();
    events.sort_by_key(|e| (e.schedule.sort_key(), e.slug.clone()));
    let (upcoming, mut past): (Vec<&Event>, Vec<&Event>) =
        events.into_iter().partition(|e| e.is_upcoming(today));
    past.reverse();
    let total = upcoming.len() + past.len();
    let (upcoming, past): (Vec<&Event>, Vec<&Event>) =
        page_of(upcoming.into_iter().chain(past), page).partition(|e| e.is_upcoming(today));
    let view = EventsView {
        upcoming: upcoming.iter().map(|e| event_card(l, e)).collect(),
        past: past.iter().map(|e| event_card(l, e)).collect(),
        pagination: pagination(page, total, |n| {
            l.href(&routes::paged(&routes::events(l.tag), n))
        }),
    };
    let title = paged_title(cx, cx.t("nav_events"), page);
    PageContent {
        description: cx.t("events_description"),
        crumb: page_crumb(cx, page),
        parent: (page > 1).then(|| Link {
            name: cx.t("nav_events"),
            url: l.href(&routes::events(l.tag)),
        }),
        ..PageContent::new("events.html", "events", title, View::Events(view))
    }
}

/// The crumb of a list's later page: "Page 2" after "Events", not "Events (Page 2)".
pub fn page_crumb(cx: &PageCx, page: usize) -> Option<String> {
    (page > 1).then(|| format!("{} {page}", cx.t("page")))
}

/// "Events (page 2)" past the first page.
pub fn paged_title(cx: &PageCx, title: String, page: usize) -> String {
    if page > 1 {
        format!("{title} ({} {page})", cx.t("page"))
    } else {
        title
    }
}

/// An event's page.
pub fn page(cx: &PageCx, i: usize) -> PageContent {
    let l = cx.l;
    let e = cx.read.event(i);
    let mut v = event_view(l, e);
    let venue = e.venue.as_ref();
    let place = venue.and_then(|v| v.name.clone().or(v.city.clone()));
    v.locator = super::map::locator(
        cx,
        venue.and_then(|v| v.location),
        place.as_deref().unwrap_or(&v.card.title.text),
        None,
        None,
    );
    PageContent {
        description: v.card.summary.text.clone(),
        untranslated: !is_translated(&[Some(&e.title), Some(&e.summary), e.body.as_ref()], l.tag),
        parent: Some(Link {
            name: cx.t("nav_events"),
            url: l.href(&routes::events(l.tag)),
        }),
        jsonld: Some(jsonld::event(cx.site(), l, e)),
        title_lang: v.card.title.fallback_lang(),
        ..PageContent::new(
            "event.html",
            "event",
            v.card.title.text.clone(),
            View::Event(Box::new(v)),
        )
    }
}
