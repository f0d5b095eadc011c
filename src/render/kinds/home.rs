//! The home page: the programme's intro, a few figures, success stories, upcoming events,
//! sectors, featured clusters and the latest news.

use super::call::{CallCard, call_card, current_calls};
use super::cluster::ClusterCard;
use super::event::{EventCard, event_card};
use super::figures::{Headline, headlines};
use super::news::{NewsCard, all_newest_first, news_card};
use crate::model::{Event, News, NewsKind, REGIONS, SECTORS};
use crate::render::PageCx;
use crate::render::frame::{PageContent, View};
use crate::render::jsonld;
use crate::render::lang::*;
use serde::Serialize;

/// How many of each the home page shows.
const STORIES: usize = 3;
const UPCOMING: usize = 4;
pub const FEATURED: usize = 6;
const LATEST: usize = 3;
const CALLS: usize = 4;

#[derive(Serialize)]
pub struct HomeStats {
    pub clusters: usize,
    pub sectors: usize,
    pub regions: usize,
    pub events_upcoming: usize,
    pub success_stories: usize,
    pub calls_open: usize,
    pub organisations: usize,
    /// Micro, small and medium-sized companies among the companies that give their size,
    /// in whole percent (`None` when none does).
    pub sme_share_pct: Option<u32>,
    /// Employees of the organisations that give their number (`None` when none does).
    pub employees: Option<u64>,
    /// Excellence labels current on the build date.
    pub labels_current: u64,
    /// The headline figures in the page language, as `/figures/` shows them.
    pub headlines: Vec<Headline>,
    pub figures_url: String,
}

/// `home` in `index.html`.
#[derive(Serialize)]
pub struct HomeView {
    pub intro: Option<LHtml>,
    pub stats: HomeStats,
    pub stories: Vec<NewsCard>,
    pub upcoming: Vec<EventCard>,
    /// Open calls, closing soonest first.
    pub calls: Vec<CallCard>,
    pub sectors: Vec<Term>,
    pub featured: Vec<ClusterCard>,
    pub latest: Vec<NewsCard>,
}

pub fn page(cx: &PageCx) -> PageContent {
    let (l, site) = (cx.l, cx.site());
    let news = all_newest_first(cx);
    let (stories, latest): (Vec<&News>, Vec<&News>) =
        news.iter().partition(|n| n.kind == NewsKind::SuccessStory);
    let mut featured_stories = stories.clone();
    featured_stories.sort_by_key(|n| !n.featured);
    let mut upcoming: Vec<&Event> = cx
        .read
        .all_events()
        .iter()
        .filter(|e| e.is_upcoming(site.build_date))
        .collect();
    upcoming.sort_by_key(|e| (e.schedule.sort_key(), e.slug.clone()));
    let featured = cx.featured(FEATURED);
    let (open_calls, _) = current_calls(cx);
    let intro = match &site.config.description {
        Some(d) => Some(l.html(d)),
        None => cx
            .read
            .all_pages()
            .iter()
            .find(|p| p.slug == "about")
            .map(|p| l.html(&p.body)),
    };
    let figures = cx.figures();
    let view = HomeView {
        intro,
        stats: HomeStats {
            clusters: cx.cluster_count(),
            sectors: site.taxonomies.terms(SECTORS).count(),
            regions: site.taxonomies.terms(REGIONS).count(),
            events_upcoming: upcoming.len(),
            success_stories: stories.len(),
            calls_open: open_calls.len(),
            organisations: cx.organisation_count(),
            sme_share_pct: figures.organisations.sme_share_pct,
            employees: (figures.organisations.employees.organisations > 0)
                .then_some(figures.organisations.employees.total),
            labels_current: figures.labels.current,
            headlines: headlines(l, figures),
            figures_url: l.href(&crate::routes::figures(l.tag)),
        },
        stories: featured_stories
            .iter()
            .take(STORIES)
            .map(|n| news_card(l, n))
            .collect(),
        upcoming: upcoming
            .iter()
            .take(UPCOMING)
            .map(|e| event_card(l, e))
            .collect(),
        calls: open_calls
            .iter()
            .take(CALLS)
            .map(|c| call_card(l, c))
            .collect(),
        sectors: super::directory::facet_list(
            cx,
            crate::plan::facets::Listing::Clusters,
            "sectors",
            None,
            false,
        ),
        featured: featured
            .into_iter()
            .take(FEATURED)
            .map(|i| cx.card(i).clone())
            .collect(),
        latest: latest
            .iter()
            .take(LATEST)
            .map(|n| news_card(l, n))
            .collect(),
    };
    let title = cx.site_title();
    PageContent {
        description: cx.site_description(),
        jsonld: Some(jsonld::website(site, l)),
        ..PageContent::new("index.html", "home", title, View::Home(view))
    }
}
