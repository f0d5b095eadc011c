//! Calls: their card (the calls page, the home page), their page, and the calls page with
//! open calls by deadline, then upcoming ones; closed calls are in the archive.

use super::cluster::cluster_links;
use super::event::moment;
use crate::model::*;
use crate::render::PageCx;
use crate::render::frame::{PageContent, View};
use crate::render::jsonld;
use crate::render::lang::*;
use crate::routes;
use serde::Serialize;

/// How many closed calls the archive lists, most recent first (older ones keep their
/// pages, in the sitemap and the search).
const ARCHIVE: usize = 200;

#[derive(Serialize, Clone)]
pub struct CallCard {
    pub slug: String,
    pub url: String,
    pub title: LText,
    pub summary: LText,
    pub kind: CallKind,
    pub kind_label: String,
    pub funder: String,
    pub state: &'static str,
    pub state_label: String,
    pub closing_soon: bool,
    pub closed: bool,
    /// "4 December 2026, 12:00 Central European Standard Time", in the call's zone.
    pub deadline: String,
    pub deadline_iso: String,
    /// "5 days left" while open; empty otherwise.
    pub days_left: String,
    pub opens: Option<String>,
    pub opens_iso: Option<String>,
    pub budget: Option<String>,
}

fn budget(l: &Lang, b: &Budget) -> Option<String> {
    let cur = b.currency.clone().unwrap_or_default();
    let money = |n: f64| format!("{cur} {}", l.amount(n)).trim().to_string();
    match (b.amount, b.max_per_project) {
        (Some(a), Some(m)) => Some(
            l.t("budget_total_max")
                .replace("{total}", &money(a))
                .replace("{max}", &money(m)),
        ),
        (Some(a), None) => Some(l.t("budget_total").replace("{total}", &money(a))),
        (None, Some(m)) => Some(l.t("budget_max").replace("{max}", &money(m))),
        (None, None) => None,
    }
}

pub fn call_card(l: &Lang, c: &Call) -> CallCard {
    let today = l.site.build_date;
    let state = c.state(today);
    let left = (c.deadline_day() - today).num_days();
    CallCard {
        slug: c.slug.clone(),
        url: l.href(&routes::call(l.tag, &c.slug)),
        title: l.text(&c.title),
        summary: l.text(&c.summary),
        kind: c.kind,
        kind_label: l.label("kind_call_", c.kind.as_str()),
        funder: c.funder.clone(),
        state: state.as_str(),
        state_label: l.label("call_state_", state.as_str()),
        closing_soon: state == CallState::ClosingSoon,
        closed: state == CallState::Closed,
        deadline: moment(l, c.deadline, c.zone),
        deadline_iso: c.zone.rfc3339(c.deadline),
        days_left: match (state.is_open(), left) {
            (false, _) => String::new(),
            (true, 0) => l.t("deadline_today"),
            (true, n) => l.count("days_left", n.unsigned_abs()),
        },
        // Written as a date, a call opens at midnight: the date says it all.
        opens: c.opens.map(|o| match c.zone.to_local(o).0 {
            t if t.time() == chrono::NaiveTime::MIN => l.date(t.date()),
            _ => moment(l, o, c.zone),
        }),
        opens_iso: c.opens.map(|o| c.zone.rfc3339(o)),
        budget: c.budget.as_ref().and_then(|b| budget(l, b)),
    }
}

/// `calls` in `calls.html`.
#[derive(Serialize)]
pub struct CallsView {
    pub open: Vec<CallCard>,
    pub upcoming: Vec<CallCard>,
    pub closed: Vec<CallCard>,
    pub archive: bool,
    pub archive_url: String,
    pub current_url: String,
}

/// Open calls by deadline (soonest first), then upcoming ones by opening date, noted as
/// shown.
pub fn current_calls<'s>(cx: &PageCx<'s>) -> (Vec<&'s Call>, Vec<&'s Call>) {
    crate::model::current_calls(cx.read.all_calls(), cx.site().build_date)
}

/// The calls page (`archive`: the closed calls).
pub fn list(cx: &PageCx, archive: bool) -> PageContent {
    let l = cx.l;
    let today = cx.site().build_date;
    let (open, upcoming) = current_calls(cx);
    let mut closed: Vec<&Call> = if archive {
        cx.read
            .all_calls()
            .iter()
            .filter(|c| c.state(today) == CallState::Closed)
            .collect()
    } else {
        Vec::new()
    };
    closed.sort_by_key(|c| (std::cmp::Reverse(c.deadline), c.slug.clone()));
    let view = CallsView {
        open: if archive {
            Vec::new()
        } else {
            open.iter().map(|c| call_card(l, c)).collect()
        },
        upcoming: if archive {
            Vec::new()
        } else {
            upcoming.iter().map(|c| call_card(l, c)).collect()
        },
        closed: closed
            .iter()
            .take(ARCHIVE)
            .map(|c| call_card(l, c))
            .collect(),
        archive,
        archive_url: l.href(&routes::call_archive(l.tag)),
        current_url: l.href(&routes::calls(l.tag)),
    };
    let (title, description) = if archive {
        (cx.t("calls_archive"), cx.t("calls_archive_description"))
    } else {
        (cx.t("nav_calls"), cx.t("calls_description"))
    };
    PageContent {
        description,
        parent: archive.then(|| Link {
            name: cx.t("nav_calls"),
            url: l.href(&routes::calls(l.tag)),
        }),
        ..PageContent::new("calls.html", "calls", title, View::Calls(view))
    }
}

#[derive(Serialize)]
pub struct CallView {
    #[serde(flatten)]
    pub card: CallCard,
    pub body: Option<LHtml>,
    pub eligibility: Option<LHtml>,
    pub apply_url: String,
    pub calendar_url: String,
    pub sectors: Vec<Term>,
    pub technologies: Vec<Term>,
    pub countries: Vec<String>,
    pub clusters: Vec<TextLink>,
    pub documents: Vec<TextLink>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
}

/// A call's page.
pub fn page(cx: &PageCx, i: usize) -> PageContent {
    let (l, site) = (cx.l, cx.site());
    let c = cx.read.call(i);
    let documents = c
        .documents
        .iter()
        .filter_map(|slug| cx.read.named(Kind::Document, slug))
        .map(|d| {
            let d = &site.documents[d];
            TextLink::new(l.text(&d.title), l.href(&routes::document(l.tag, &d.slug)))
        })
        .collect();
    let v = CallView {
        card: call_card(l, c),
        body: c.body.as_ref().map(|b| l.html(b)),
        eligibility: c.eligibility.as_ref().map(|b| l.html(b)),
        apply_url: c.url.clone(),
        calendar_url: l.href(&routes::call_ics(l.tag, &c.slug)),
        sectors: l.terms(SECTORS, &c.sectors, "sectors"),
        technologies: l.terms(TECHNOLOGIES, &c.technologies, "technologies"),
        countries: c.countries.iter().map(|x| l.country(x)).collect(),
        clusters: cluster_links(l, &c.clusters),
        documents,
        updated: c.updated.map(|d| l.date(d)),
        updated_iso: c.updated.map(|d| d.to_string()),
    };
    let closed = v.card.closed;
    let mut p = PageContent {
        description: v.card.summary.text.clone(),
        untranslated: !is_translated(
            &[
                Some(&c.title),
                Some(&c.summary),
                c.body.as_ref(),
                c.eligibility.as_ref(),
            ],
            l.tag,
        ),
        parent: Some(if closed {
            Link {
                name: cx.t("calls_archive"),
                url: l.href(&routes::call_archive(l.tag)),
            }
        } else {
            Link {
                name: cx.t("nav_calls"),
                url: l.href(&routes::calls(l.tag)),
            }
        }),
        jsonld: Some(jsonld::call(site, l, c)),
        title_lang: v.card.title.fallback_lang(),
        ..PageContent::new(
            "call.html",
            "call",
            v.card.title.text.clone(),
            View::Call(Box::new(v)),
        )
    };
    if closed {
        p.title = format!("{} ({})", p.title, cx.t("call_state_closed"));
    }
    p
}
