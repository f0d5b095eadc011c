//! `/figures/`: the programme in numbers ([`crate::figures::Figures`]), each count as a
//! horizontal bar chart in inline SVG beside a table of the same numbers, formatted for the
//! page language; and the headline figures the home page shows too.

use crate::figures::{Count, Figures};
use crate::model::{REGIONS, SECTORS};
use crate::render::PageCx;
use crate::render::frame::{PageContent, View};
use crate::render::lang::Lang;
use crate::routes;
use serde::Serialize;

/// One headline figure: `value` formatted for the page language.
#[derive(Serialize, Clone)]
pub struct Headline {
    pub key: &'static str,
    pub label: String,
    pub value: String,
}

/// The headline figures of the home page and the top of `/figures/`.
pub fn headlines(l: &Lang, f: &Figures) -> Vec<Headline> {
    let h = |key, label: String, value: String| Headline { key, label, value };
    let o = &f.organisations;
    let mut out = vec![h(
        "clusters",
        l.t("stat_clusters"),
        l.number(f.clusters.total),
    )];
    if o.total > 0 {
        out.push(h(
            "organisations",
            l.t("stat_organisations"),
            l.number(o.total),
        ));
    }
    if let Some(pct) = o.sme_share_pct {
        out.push(h("sme_share", l.t("figures_sme_share"), l.percent(pct)));
    }
    if o.employees.organisations > 0 {
        out.push(h(
            "employees",
            l.t("figures_employees"),
            l.number(o.employees.total),
        ));
    }
    out.push(h(
        "labels_current",
        l.t("figures_labels_current"),
        l.number(f.labels.current),
    ));
    out.push(h(
        "calls_open",
        l.t("stat_calls_open"),
        l.number(f.calls.open),
    ));
    out
}

/// Width of a chart's drawing (its `viewBox`); it scales to the width it is given.
const WIDTH: u32 = 400;
/// The longest bar: room is left for the number after it.
const BAR_MAX: u32 = 300;
/// Each row: the label above, then the bar with its number.
const ROW: u32 = 44;
/// The most characters of a label the drawing shows (about its width in 14px type); the
/// table beside it has the whole label.
const LABEL_CHARS: usize = 52;

/// `label` shortened to fit the drawing, with an ellipsis.
fn drawn(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// One row of a chart and its table.
#[derive(Serialize)]
pub struct Row {
    pub label: String,
    /// The label as the drawing shows it.
    pub short: String,
    /// The label's language when it is an English fallback.
    pub lang: Option<String>,
    pub value: String,
    /// Top of the row in the drawing, and the bar's length.
    pub y: u32,
    pub width: u32,
}

#[derive(Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// The accessible name of the drawing.
    pub name: String,
    /// Column headers of the table: what a row is, what is counted.
    pub row_header: String,
    pub value_header: String,
    pub rows: Vec<Row>,
    pub height: u32,
    pub view_width: u32,
}

fn chart(
    l: &Lang,
    id: &str,
    title: String,
    row_header: String,
    rows: Vec<(String, Option<String>, u64)>,
) -> Chart {
    let max = rows.iter().map(|r| r.2).max().unwrap_or(0);
    let rows: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, lang, n))| Row {
            short: drawn(&label),
            label,
            lang,
            value: l.number(n),
            y: i as u32 * ROW,
            width: match (n, max) {
                (0, _) | (_, 0) => 0,
                (n, max) => ((n * u64::from(BAR_MAX) + max / 2) / max).max(2) as u32,
            },
        })
        .collect();
    Chart {
        id: format!("figures-{id}"),
        name: l.t("figures_chart_name").replace("{title}", &title),
        title,
        row_header,
        value_header: l.t("figures_col_count"),
        height: (rows.len() as u32 * ROW).max(ROW),
        rows,
        view_width: WIDTH,
    }
}

/// Rows of vocabulary terms, labelled in the page language.
fn term_rows(l: &Lang, vocabulary: &str, counts: &[Count]) -> Vec<(String, Option<String>, u64)> {
    counts
        .iter()
        .map(|c| {
            let term = l.term(vocabulary, &c.key, vocabulary);
            (term.label, term.fallback.then_some(term.lang), c.count)
        })
        .collect()
}

/// Rows of fixed-list values, labelled by the UI strings `{prefix}{key}`.
fn fixed_rows(l: &Lang, prefix: &str, counts: &[Count]) -> Vec<(String, Option<String>, u64)> {
    counts
        .iter()
        .map(|c| (l.label(prefix, &c.key), None, c.count))
        .collect()
}

/// The total budget of the open calls in one currency.
#[derive(Serialize)]
pub struct BudgetRow {
    pub currency: String,
    pub amount: String,
    pub calls: String,
}

/// A section of the page: a heading, sentences and charts.
#[derive(Serialize)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub notes: Vec<String>,
    pub charts: Vec<Chart>,
}

/// `figures` in `figures.html`.
#[derive(Serialize)]
pub struct FiguresView {
    pub intro: String,
    pub headlines: Vec<Headline>,
    pub sections: Vec<Section>,
    pub open_calls: String,
    pub budget: Vec<BudgetRow>,
    pub budget_notes: Vec<String>,
    pub data_url: String,
}

pub fn page(cx: &PageCx) -> PageContent {
    let l = cx.l;
    let f = cx.figures();
    let date = l.date(cx.site().build_date);
    let fill = |key: &str, pairs: &[(&str, String)]| {
        pairs
            .iter()
            .fold(l.t(key), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
    };
    let c = &f.clusters;
    let mut regions = term_rows(l, REGIONS, &c.by_region);
    if c.without_region > 0 {
        regions.push((l.t("figures_no_region"), None, c.without_region));
    }
    let clusters = Section {
        id: "figures-clusters",
        title: l.t("stat_clusters"),
        notes: vec![],
        charts: vec![
            chart(
                l,
                "sectors",
                l.t("figures_clusters_by_sector"),
                l.t("facet_sectors"),
                term_rows(l, SECTORS, &c.by_sector),
            ),
            chart(
                l,
                "regions",
                l.t("figures_clusters_by_region"),
                l.t("facet_regions"),
                regions,
            ),
        ],
    };
    let o = &f.organisations;
    let mut sections = vec![clusters];
    if o.total > 0 {
        let mut notes = vec![];
        if let Some(pct) = o.sme_share_pct {
            notes.push(fill(
                "figures_sme_note",
                &[
                    ("smes", l.number(o.smes)),
                    ("sized", l.number(o.companies - o.companies_without_size)),
                    ("share", l.percent(pct)),
                ],
            ));
        }
        notes.push(fill(
            "figures_employees_note",
            &[
                ("total", l.number(o.employees.total)),
                ("n", l.number(o.employees.organisations)),
                ("all", l.number(o.total)),
            ],
        ));
        let mut sizes = fixed_rows(l, "size_org_", &o.by_size);
        if o.companies_without_size > 0 {
            sizes.push((
                l.t("figures_size_not_given"),
                None,
                o.companies_without_size,
            ));
        }
        sections.push(Section {
            id: "figures-organisations",
            title: l.t("figures_members"),
            notes,
            charts: vec![
                chart(
                    l,
                    "kinds",
                    l.t("figures_members_by_kind"),
                    l.t("figures_col_kind"),
                    fixed_rows(l, "kinds_org_", &o.by_kind),
                ),
                chart(
                    l,
                    "sizes",
                    l.t("figures_companies_by_size"),
                    l.t("figures_col_size"),
                    sizes,
                ),
            ],
        });
    }
    sections.push(Section {
        id: "figures-labels",
        title: l.t("figures_labels"),
        notes: vec![fill(
            "figures_labels_note",
            &[
                ("n", l.number(f.labels.clusters_labelled)),
                ("date", date.clone()),
            ],
        )],
        charts: vec![chart(
            l,
            "labels",
            l.t("figures_labels_by_level"),
            l.t("figures_col_level"),
            fixed_rows(l, "label_tier_", &f.labels.by_level),
        )],
    });
    if f.events.total > 0 {
        sections.push(Section {
            id: "figures-events",
            title: l.t("nav_events"),
            notes: vec![],
            charts: vec![chart(
                l,
                "events",
                l.t("figures_events_by_year"),
                l.t("figures_col_year"),
                f.events
                    .by_year
                    .iter()
                    .map(|y| (y.year.to_string(), None, y.count))
                    .collect(),
            )],
        });
    }
    let mut budget_notes = vec![];
    if f.calls.open_without_budget > 0 {
        budget_notes.push(
            l.t("figures_no_budget_note")
                .replace("{n}", &l.number(f.calls.open_without_budget)),
        );
    }
    let view = FiguresView {
        intro: l.t("figures_intro").replace("{date}", &date),
        headlines: headlines(l, f),
        sections,
        open_calls: l
            .t("figures_calls_open_note")
            .replace("{n}", &l.number(f.calls.open)),
        budget: f
            .calls
            .budget
            .iter()
            .map(|b| BudgetRow {
                currency: b
                    .currency
                    .clone()
                    .unwrap_or_else(|| l.t("figures_currency_none")),
                amount: l.amount(b.amount),
                calls: l.number(b.calls),
            })
            .collect(),
        budget_notes,
        data_url: l.href(&routes::figures_data()),
    };
    let mut p = PageContent::new(
        "figures.html",
        "figures",
        l.t("programme_in_numbers"),
        View::Figures(Box::new(view)),
    );
    p.description = l.t("figures_description");
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_shortened_in_the_drawing_only() {
        assert_eq!(drawn("Maritime"), "Maritime");
        let long = "Énergie : éolien en mer, hydrogène et réseaux électriques intelligents";
        let short = drawn(long);
        assert!(
            short.ends_with('…') && short.chars().count() <= LABEL_CHARS,
            "{short}"
        );
        assert!(long.starts_with(short.trim_end_matches('…')));
    }
}
