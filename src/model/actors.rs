//! The actors of the innovation system besides the clusters: organisations (the clusters'
//! members), the calls they can apply to, and their requests for cooperation partners.

use super::{Alias, Asset, Contact, EventZone, Origin};
use crate::text::Text;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

fixed_list! {
    /// What an organisation is (`kind`).
    pub enum OrganisationKind {
        Company = "company",
        Research = "research",
        University = "university",
        Public = "public",
        Investor = "investor",
        Association = "association",
        #[default]
        Other = "other",
    }
}

fixed_list! {
    /// A company's size by the EU SME definition (`size`).
    pub enum OrganisationSize {
        Micro = "micro",
        #[default]
        Small = "small",
        Medium = "medium",
        Large = "large",
    }
}

/// A translatable list of short phrases (an organisation's competences): language -> list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextList {
    pub values: BTreeMap<String, Vec<String>>,
}

impl TextList {
    /// The list in `lang`, or the English one; `true` when that is a fallback.
    pub fn resolve(&self, lang: &str) -> (&[String], bool) {
        match self.values.get(lang) {
            Some(v) => (v, false),
            None => (
                self.values.get("en").map(Vec::as_slice).unwrap_or(&[]),
                lang != "en",
            ),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.values.values().all(Vec::is_empty)
    }
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub slug: String,
    pub name: Text,
    pub kind: OrganisationKind,
    pub size: Option<OrganisationSize>,
    pub summary: Text,
    pub body: Option<Text>,
    pub clusters: Vec<String>,
    pub sectors: Vec<String>,
    pub technologies: Vec<String>,
    pub competences: TextList,
    pub country: String,
    pub region: Option<String>,
    pub city: Option<String>,
    pub location: Option<(f64, f64)>,
    pub website: String,
    pub contact: Option<Contact>,
    pub founded: Option<i32>,
    pub employees: Option<u32>,
    pub logo: Option<Asset>,
    pub logo_alt: Option<Text>,
    pub updated: NaiveDate,
    /// Old slugs whose URLs redirect to the record's page (`aliases`).
    pub aliases: Vec<Alias>,
    pub origin: Origin,
}

/// A cluster's members by the categories of its `members` table, counted from the
/// organisations that name it. Companies without a `size` count only towards the total.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MemberCounts {
    pub total: u32,
    pub smes: u32,
    pub large: u32,
    pub research: u32,
    pub public: u32,
    pub other: u32,
}

impl MemberCounts {
    pub fn add(&mut self, o: &Organisation) {
        self.total += 1;
        match (o.kind, o.size) {
            (OrganisationKind::Company, Some(OrganisationSize::Large)) => self.large += 1,
            (OrganisationKind::Company, Some(_)) => self.smes += 1,
            (OrganisationKind::Company, None) => {}
            (OrganisationKind::Research | OrganisationKind::University, _) => self.research += 1,
            (OrganisationKind::Public, _) => self.public += 1,
            (
                OrganisationKind::Investor
                | OrganisationKind::Association
                | OrganisationKind::Other,
                _,
            ) => self.other += 1,
        }
    }
}

impl Organisation {
    /// Whether the organisation has a page in `lang`: always, unless the site writes pages
    /// only in the languages a record is translated into (`fallback_pages = false`).
    pub fn has_page_in(&self, lang: &str, config: &crate::config::Config) -> bool {
        config.fallback_pages || lang == "en" || self.summary.has(lang)
    }
}

fixed_list! {
    /// What a call offers (`kind`).
    pub enum CallKind {
        #[default]
        Funding = "funding",
        Tender = "tender",
        Prize = "prize",
        Programme = "programme",
        Other = "other",
    }
}

/// Where a call stands on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CallState {
    Upcoming,
    Open,
    /// Open with 14 days or fewer left.
    ClosingSoon,
    Closed,
}

impl CallState {
    pub fn as_str(self) -> &'static str {
        match self {
            CallState::Upcoming => "upcoming",
            CallState::Open => "open",
            CallState::ClosingSoon => "closing-soon",
            CallState::Closed => "closed",
        }
    }
    /// Open or closing soon: applications are accepted.
    pub fn is_open(self) -> bool {
        matches!(self, CallState::Open | CallState::ClosingSoon)
    }
}

/// Days before the deadline from which a call is "closing soon".
pub const CLOSING_SOON_DAYS: i64 = 14;

#[derive(Debug, Clone, Default)]
pub struct Budget {
    pub amount: Option<f64>,
    /// ISO 4217, upper case.
    pub currency: Option<String>,
    pub max_per_project: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Call {
    pub slug: String,
    pub title: Text,
    pub summary: Text,
    pub body: Option<Text>,
    pub kind: CallKind,
    pub funder: String,
    pub opens: Option<DateTime<Utc>>,
    pub deadline: DateTime<Utc>,
    /// The call's zone: deadlines are shown in it.
    pub zone: EventZone,
    pub budget: Option<Budget>,
    pub eligibility: Option<Text>,
    pub sectors: Vec<String>,
    pub technologies: Vec<String>,
    pub countries: Vec<String>,
    pub clusters: Vec<String>,
    pub url: String,
    pub documents: Vec<String>,
    pub updated: Option<NaiveDate>,
    /// Old slugs whose URLs redirect to the record's page (`aliases`).
    pub aliases: Vec<Alias>,
    pub origin: Origin,
}

impl Call {
    /// The deadline's day in the call's own zone.
    pub fn deadline_day(&self) -> NaiveDate {
        self.zone.to_local(self.deadline).0.date()
    }
    /// The state on `today`: a call is open through its deadline's day, as events are
    /// upcoming through their last day (a site is built once a day, not once a minute).
    pub fn state(&self, today: NaiveDate) -> CallState {
        let deadline = self.deadline_day();
        if deadline < today {
            CallState::Closed
        } else if self
            .opens
            .is_some_and(|o| self.zone.to_local(o).0.date() > today)
        {
            CallState::Upcoming
        } else if (deadline - today).num_days() <= CLOSING_SOON_DAYS {
            CallState::ClosingSoon
        } else {
            CallState::Open
        }
    }
}

/// The calls open on `today`, soonest deadline first, and those still to open, soonest
/// first: the order of the calls page, the home page and the calls' feed.
pub fn current_calls(calls: &[Call], today: NaiveDate) -> (Vec<&Call>, Vec<&Call>) {
    let mut open: Vec<&Call> = calls.iter().filter(|c| c.state(today).is_open()).collect();
    open.sort_by_key(|c| (c.deadline, c.slug.clone()));
    let mut upcoming: Vec<&Call> = calls
        .iter()
        .filter(|c| c.state(today) == CallState::Upcoming)
        .collect();
    upcoming.sort_by_key(|c| (c.opens, c.deadline, c.slug.clone()));
    (open, upcoming)
}

fixed_list! {
    /// Whether a cooperation request offers something or looks for it (`direction`).
    pub enum Direction {
        Offer = "offer",
        #[default]
        Request = "request",
    }
}

fixed_list! {
    /// What kind of partner a cooperation request is about (`topic`).
    pub enum Topic {
        #[default]
        Technology = "technology",
        Business = "business",
        Research = "research",
        ProjectPartner = "project-partner",
    }
}

/// Who posts a cooperation request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poster {
    Organisation(String),
    Cluster(String),
}

/// Days before expiry from which `check` reminds a request's owners to renew it.
pub const RENEW_WITHIN_DAYS: i64 = 30;

#[derive(Debug, Clone)]
pub struct Cooperation {
    pub slug: String,
    pub title: Text,
    pub summary: Text,
    pub body: Option<Text>,
    pub direction: Direction,
    pub topic: Topic,
    pub poster: Poster,
    pub sectors: Vec<String>,
    pub technologies: Vec<String>,
    pub countries: Vec<String>,
    pub contact: Contact,
    pub published: NaiveDate,
    pub expires: NaiveDate,
    pub updated: Option<NaiveDate>,
    pub origin: Origin,
}

impl Cooperation {
    /// Expired the day after `expires`.
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.expires < today
    }
}
