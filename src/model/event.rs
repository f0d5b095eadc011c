//! Events: when (a schedule in a time zone), where (a venue), who organises them, and
//! their fixed lists (kind, attendance, status).

use super::{Alias, Origin};
use crate::text::Text;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventZone {
    Named(chrono_tz::Tz),
    Offset(FixedOffset),
}

impl EventZone {
    pub fn to_local(self, t: DateTime<Utc>) -> (NaiveDateTime, String) {
        match self {
            EventZone::Named(tz) => {
                let l = t.with_timezone(&tz);
                (l.naive_local(), l.format("%Z").to_string())
            }
            EventZone::Offset(o) => {
                let l = t.with_timezone(&o);
                (l.naive_local(), l.format("UTC%:z").to_string())
            }
        }
    }
    /// `t` as RFC 3339 with this zone's offset then.
    pub fn rfc3339(self, t: DateTime<Utc>) -> String {
        match self {
            EventZone::Named(tz) => t.with_timezone(&tz).to_rfc3339(),
            EventZone::Offset(o) => t.with_timezone(&o).to_rfc3339(),
        }
    }
    pub fn name(&self) -> Option<&'static str> {
        match self {
            EventZone::Named(tz) => Some(tz.name()),
            EventZone::Offset(_) => None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Schedule {
    /// Inclusive dates.
    AllDay { start: NaiveDate, end: NaiveDate },
    Timed {
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
        zone: EventZone,
    },
}

impl Schedule {
    /// The last day the event runs, in its own zone: upcoming until that day has passed.
    pub fn last_day(&self) -> NaiveDate {
        match self {
            Schedule::AllDay { end, .. } => *end,
            Schedule::Timed { start, end, zone } => zone.to_local(end.unwrap_or(*start)).0.date(),
        }
    }
    pub fn first_day(&self) -> NaiveDate {
        match self {
            Schedule::AllDay { start, .. } => *start,
            Schedule::Timed { start, zone, .. } => zone.to_local(*start).0.date(),
        }
    }
    /// Sort key: the start instant (all-day events at midnight UTC).
    pub fn sort_key(&self) -> DateTime<Utc> {
        match self {
            Schedule::AllDay { start, .. } => {
                start.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
            }
            Schedule::Timed { start, .. } => *start,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Venue {
    pub name: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    /// (lat, lon).
    pub location: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Organiser {
    Programme,
    Cluster(String),
}

fixed_list! {
    /// What kind of event it is (`kind`).
    pub enum EventKind {
        GeneralMeeting = "general-meeting",
        Forum = "forum",
        Workshop = "workshop",
        TradeFair = "trade-fair",
        StudyTour = "study-tour",
        Webinar = "webinar",
        #[default]
        Other = "other",
    }
}

fixed_list! {
    /// Where people take part (`attendance`): `Online` events need no venue, all but
    /// `Offline` ones an `online_url`.
    pub enum Attendance {
        #[default]
        Offline = "offline",
        Online = "online",
        Mixed = "mixed",
    }
}

fixed_list! {
    /// Whether the event takes place as announced (`status`).
    pub enum EventStatus {
        #[default]
        Scheduled = "scheduled",
        Cancelled = "cancelled",
        Postponed = "postponed",
        Rescheduled = "rescheduled",
        MovedOnline = "moved-online",
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    pub slug: String,
    pub title: Text,
    pub summary: Text,
    pub body: Option<Text>,
    pub kind: EventKind,
    pub schedule: Schedule,
    pub attendance: Attendance,
    pub status: EventStatus,
    pub venue: Option<Venue>,
    pub online_url: Option<String>,
    pub organisers: Vec<Organiser>,
    pub registration_url: Option<String>,
    pub languages: Vec<String>,
    pub updated: Option<NaiveDate>,
    /// Old slugs whose URLs redirect to the record's page (`aliases`).
    pub aliases: Vec<Alias>,
    pub origin: Origin,
}

impl Event {
    pub fn is_upcoming(&self, today: NaiveDate) -> bool {
        self.schedule.last_day() >= today
    }
}
