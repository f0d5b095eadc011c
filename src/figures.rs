//! The programme in numbers: counts computed from the records on the build date, never
//! typed by hand. One pure function over the site model ([`Figures::of`]) feeds the
//! `/figures/` page, the home page's headline figures and `/data/figures.json`, so the three
//! cannot disagree. Language-free: terms and fixed-list values by their keys, amounts as
//! numbers; the page puts labels and number formats of its language on them.

use crate::model::*;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How many of something have a key (a vocabulary term, a fixed-list value, a label level).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub key: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearCount {
    pub year: i32,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterFigures {
    pub total: u64,
    /// Clusters per sector term (a cluster in two sectors counts in both), every term of
    /// the `sectors` vocabulary, most clusters first.
    pub by_sector: Vec<Count>,
    /// Clusters per region term, every term of the `regions` vocabulary, most first.
    pub by_region: Vec<Count>,
    pub without_region: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Employees {
    /// Sum of `employees` over the organisations that give it.
    pub total: u64,
    /// How many organisations give `employees`.
    pub organisations: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationFigures {
    pub total: u64,
    /// Organisations per `kind`, in the order of the fixed list (zeros included).
    pub by_kind: Vec<Count>,
    pub companies: u64,
    /// Companies per `size` (micro, small, medium, large; zeros included).
    pub by_size: Vec<Count>,
    pub companies_without_size: u64,
    /// Micro, small and medium-sized companies.
    pub smes: u64,
    /// `smes` among the companies with a size, in whole percent rounded half up; `None`
    /// when no company gives its size.
    pub sme_share_pct: Option<u32>,
    pub employees: Employees,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelFigures {
    /// Labels current on the build date (a cluster may hold several).
    pub current: u64,
    /// Clusters holding at least one current label.
    pub clusters_labelled: u64,
    /// Current labels by level: gold, silver, bronze, programme (zeros included).
    pub by_level: Vec<Count>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventFigures {
    pub total: u64,
    /// Events by the year of their first day (in their own zone), earliest first.
    pub by_year: Vec<YearCount>,
}

/// The summed budgets of open calls in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurrencyTotal {
    /// ISO 4217; `None` for budgets that name no currency (never added to one that does).
    pub currency: Option<String>,
    pub amount: f64,
    /// How many open calls the amount sums.
    pub calls: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallFigures {
    /// Calls open on the build date (open or closing soon).
    pub open: u64,
    /// Total budget of the open calls per currency, by currency code.
    pub budget: Vec<CurrencyTotal>,
    /// Open calls that give no total budget amount.
    pub open_without_budget: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub clusters: ClusterFigures,
    pub organisations: OrganisationFigures,
    pub labels: LabelFigures,
    pub events: EventFigures,
    pub calls: CallFigures,
}

/// The label levels, in the order shown.
pub const LEVELS: [&str; 4] = ["gold", "silver", "bronze", "programme"];

/// `counts` of every term of `vocabulary` (zeros included) and of terms outside it, most
/// first, then by term.
fn by_term(taxonomies: &Taxonomies, vocabulary: &str, counts: BTreeMap<&str, u64>) -> Vec<Count> {
    let mut all: BTreeMap<&str, u64> = taxonomies
        .terms(vocabulary)
        .map(|(t, _)| (t.as_str(), 0))
        .collect();
    all.extend(counts);
    let mut out: Vec<Count> = all
        .into_iter()
        .map(|(k, count)| Count {
            key: k.to_string(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

/// `part` of `whole` in whole percent, rounded half up.
pub fn percent(part: u64, whole: u64) -> Option<u32> {
    (whole > 0).then(|| ((200 * part + whole) / (2 * whole)) as u32)
}

impl Figures {
    pub fn of(site: &Site) -> Figures {
        Figures::from_records(
            &site.taxonomies,
            &site.clusters,
            &site.organisations,
            &site.events,
            &site.calls,
            site.build_date,
        )
    }

    /// The figures of these records on `today` (page builders pass the lists their reader
    /// handed out).
    pub fn from_records(
        taxonomies: &Taxonomies,
        clusters: &[Cluster],
        organisations: &[Organisation],
        events: &[Event],
        calls: &[Call],
        today: NaiveDate,
    ) -> Figures {
        let n = |x: usize| x as u64;
        // Clusters by sector and region; labels current today by level.
        let mut sectors: BTreeMap<&str, u64> = BTreeMap::new();
        let mut regions: BTreeMap<&str, u64> = BTreeMap::new();
        let mut without_region = 0;
        let mut levels: BTreeMap<&str, u64> = LEVELS.iter().map(|l| (*l, 0)).collect();
        let mut clusters_labelled = 0;
        for c in clusters {
            for s in c.sectors.iter().collect::<BTreeSet<_>>() {
                *sectors.entry(s).or_default() += 1;
            }
            match &c.region {
                Some(r) => *regions.entry(r).or_default() += 1,
                None => without_region += 1,
            }
            let current: Vec<&Label> = c.labels.iter().filter(|l| l.is_current(today)).collect();
            for l in &current {
                *levels.entry(l.tier()).or_default() += 1;
            }
            if !current.is_empty() {
                clusters_labelled += 1;
            }
        }
        // Organisations by kind and size.
        let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
        let mut sizes: BTreeMap<&str, u64> = BTreeMap::new();
        let (mut companies, mut companies_without_size) = (0, 0);
        let mut employees = Employees {
            total: 0,
            organisations: 0,
        };
        for o in organisations {
            *kinds.entry(o.kind.as_str()).or_default() += 1;
            if o.kind == OrganisationKind::Company {
                companies += 1;
                match o.size {
                    Some(s) => *sizes.entry(s.as_str()).or_default() += 1,
                    None => companies_without_size += 1,
                }
            }
            if let Some(e) = o.employees {
                employees.total += u64::from(e);
                employees.organisations += 1;
            }
        }
        let sized = companies - companies_without_size;
        let large = sizes.get(OrganisationSize::Large.as_str()).copied();
        let smes = sized - large.unwrap_or(0);
        /// Counts of every value of a fixed list, in its order.
        fn fixed<T: FixedList>(counts: &BTreeMap<&str, u64>) -> Vec<Count> {
            T::ALL
                .iter()
                .map(|v| Count {
                    key: v.as_str().to_string(),
                    count: counts.get(v.as_str()).copied().unwrap_or(0),
                })
                .collect()
        }
        // Events by year.
        let mut years: BTreeMap<i32, u64> = BTreeMap::new();
        for e in events {
            *years.entry(e.schedule.first_day().year()).or_default() += 1;
        }
        // Calls open today and their budgets, per currency.
        let (open, _) = current_calls(calls, today);
        let mut budget: BTreeMap<Option<&str>, (f64, u64)> = BTreeMap::new();
        let mut open_without_budget = 0;
        for c in &open {
            match c.budget.as_ref().and_then(|b| Some((b.amount?, b))) {
                Some((amount, b)) => {
                    let t = budget.entry(b.currency.as_deref()).or_default();
                    t.0 += amount;
                    t.1 += 1;
                }
                None => open_without_budget += 1,
            }
        }
        Figures {
            clusters: ClusterFigures {
                total: n(clusters.len()),
                by_sector: by_term(taxonomies, SECTORS, sectors),
                by_region: by_term(taxonomies, REGIONS, regions),
                without_region,
            },
            organisations: OrganisationFigures {
                total: n(organisations.len()),
                by_kind: fixed::<OrganisationKind>(&kinds),
                companies,
                by_size: fixed::<OrganisationSize>(&sizes),
                companies_without_size,
                smes,
                sme_share_pct: percent(smes, sized),
                employees,
            },
            labels: LabelFigures {
                current: levels.values().sum(),
                clusters_labelled,
                by_level: LEVELS
                    .iter()
                    .map(|l| Count {
                        key: l.to_string(),
                        count: levels[l],
                    })
                    .collect(),
            },
            events: EventFigures {
                total: n(events.len()),
                by_year: years
                    .into_iter()
                    .map(|(year, count)| YearCount { year, count })
                    .collect(),
            },
            calls: CallFigures {
                open: n(open.len()),
                budget: budget
                    .into_iter()
                    .map(|(currency, (amount, calls))| CurrencyTotal {
                        currency: currency.map(String::from),
                        amount,
                        calls,
                    })
                    .collect(),
                open_without_budget,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::testing::{CLUSTER, site};

    fn org(kind: &str, extra: &str) -> String {
        format!(
            "name = \"O\"\nkind = \"{kind}\"\nsummary = \"S.\"\ncountry = \"NO\"\n\
             website = \"https://o.example/\"\nupdated = 2026-01-01\n{extra}"
        )
    }

    fn call(opens: &str, deadline: &str, budget: &str) -> String {
        format!(
            "title = \"C\"\nsummary = \"S.\"\nfunder = \"F\"\n{opens}deadline = {deadline}\n\
             url = \"https://c.example/\"\n{budget}"
        )
    }

    fn event(start: &str) -> String {
        format!(
            "title = \"E\"\nsummary = \"S.\"\nkind = \"workshop\"\nstart = {start}\n\
             attendance = \"online\"\nonline_url = \"https://e.example/\"\n"
        )
    }

    fn count(list: &[Count]) -> Vec<(&str, u64)> {
        list.iter().map(|c| (c.key.as_str(), c.count)).collect()
    }

    #[test]
    fn figures_of_a_small_site() {
        let hydro = CLUSTER.replace("[\"maritime\"]", "[\"maritime\", \"energy\"]");
        let hydro = hydro.replace(
            "updated = 2026-01-01\n",
            "updated = 2026-01-01\nregion = \"west\"\nlabels = [{ scheme = \"eucles-gold\", awarded = \"2025-06\" }, \
             { scheme = \"eucles-bronze\", awarded = \"2020-01\", valid_until = \"2021-12\" }]\n",
        );
        let files = [
            ("content/clusters/oceanlab.toml", CLUSTER.to_string()),
            ("content/clusters/hydro.toml", hydro),
            (
                "content/organisations/a.toml",
                org("company", "size = \"micro\"\nemployees = 4\n"),
            ),
            (
                "content/organisations/b.toml",
                org("company", "size = \"medium\"\nemployees = 1200\n"),
            ),
            (
                "content/organisations/c.toml",
                org("company", "size = \"large\"\n"),
            ),
            ("content/organisations/d.toml", org("company", "")),
            (
                "content/organisations/e.toml",
                org("university", "employees = 3000\n"),
            ),
            (
                "content/calls/open-eur.toml",
                call(
                    "",
                    "2027-01-31T12:00:00Z",
                    "[budget]\namount = 1000000\ncurrency = \"EUR\"\n",
                ),
            ),
            (
                "content/calls/open-eur-2.toml",
                call(
                    "",
                    "2026-12-10T12:00:00Z",
                    "[budget]\namount = 250000.5\ncurrency = \"EUR\"\n",
                ),
            ),
            (
                "content/calls/open-nok.toml",
                call(
                    "",
                    "2027-03-01T12:00:00Z",
                    "[budget]\namount = 5000000\ncurrency = \"NOK\"\n",
                ),
            ),
            (
                "content/calls/open-none.toml",
                call("", "2027-03-01T12:00:00Z", ""),
            ),
            (
                "content/calls/closed.toml",
                call(
                    "",
                    "2026-01-01T12:00:00Z",
                    "[budget]\namount = 9\ncurrency = \"EUR\"\n",
                ),
            ),
            (
                "content/calls/later.toml",
                call(
                    "opens = 2027-02-01\n",
                    "2027-05-01T12:00:00Z",
                    "[budget]\namount = 9\ncurrency = \"EUR\"\n",
                ),
            ),
            ("content/events/a.toml", event("2025-03-01")),
            ("content/events/b.toml", event("2026-05-01")),
            ("content/events/c.toml", event("2026-12-24")),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        // Assembled on 2026-11-26.
        let (site, seen) = site(&files).assemble();
        // Only the expired label is reported.
        assert!(seen.iter().all(|s| s.code == "W001"), "{seen:#?}");
        let f = Figures::of(&site.unwrap());

        assert_eq!(f.clusters.total, 2);
        assert_eq!(
            count(&f.clusters.by_sector),
            [("maritime", 2), ("energy", 1)]
        );
        assert_eq!(count(&f.clusters.by_region), [("west", 1)]);
        assert_eq!(f.clusters.without_region, 1);

        let o = &f.organisations;
        assert_eq!(o.total, 5);
        assert_eq!(
            count(&o.by_kind),
            [
                ("company", 4),
                ("research", 0),
                ("university", 1),
                ("public", 0),
                ("investor", 0),
                ("association", 0),
                ("other", 0)
            ]
        );
        assert_eq!(o.companies, 4);
        assert_eq!(
            count(&o.by_size),
            [("micro", 1), ("small", 0), ("medium", 1), ("large", 1)]
        );
        assert_eq!(o.companies_without_size, 1);
        // Two SMEs among the three companies with a size: 66.7% -> 67%.
        assert_eq!((o.smes, o.sme_share_pct), (2, Some(67)));
        assert_eq!(
            o.employees,
            Employees {
                total: 4204,
                organisations: 3
            }
        );

        // The gold label runs to 2027-06; the bronze one ended in 2021.
        assert_eq!(f.labels.current, 1);
        assert_eq!(f.labels.clusters_labelled, 1);
        assert_eq!(
            count(&f.labels.by_level),
            [("gold", 1), ("silver", 0), ("bronze", 0), ("programme", 0)]
        );

        assert_eq!(f.events.total, 3);
        assert_eq!(
            f.events.by_year,
            [
                YearCount {
                    year: 2025,
                    count: 1
                },
                YearCount {
                    year: 2026,
                    count: 2
                }
            ]
        );

        // Four calls open; euros and kroner summed apart; the closed and the upcoming
        // call are not counted.
        assert_eq!(f.calls.open, 4);
        assert_eq!(
            f.calls.budget,
            [
                CurrencyTotal {
                    currency: Some("EUR".into()),
                    amount: 1_250_000.5,
                    calls: 2
                },
                CurrencyTotal {
                    currency: Some("NOK".into()),
                    amount: 5_000_000.0,
                    calls: 1
                }
            ]
        );
        assert_eq!(f.calls.open_without_budget, 1);
    }

    #[test]
    fn shares_round_half_up_and_need_a_whole() {
        assert_eq!(percent(1, 2), Some(50));
        assert_eq!(percent(1, 8), Some(13));
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(5, 5), Some(100));
    }
}
