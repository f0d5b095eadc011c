//! `/figures/` and `/data/figures.json` on the demo: every number recounted here from the
//! open data the same build writes (clusters, organisations, events, calls), and shown on
//! the pages in each language's number format.

use crate::plan::built_demo;
use serde_json::Value;
use std::collections::BTreeMap;

const DATE: &str = "2026-11-26";

/// `n` with `sep` between groups of three digits, written out here rather than taken from
/// the code under test.
fn grouped(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn counts(list: &Value) -> BTreeMap<String, u64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn tally<'a>(keys: impl Iterator<Item = &'a str>) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for k in keys {
        *out.entry(k.to_string()).or_default() += 1;
    }
    out
}

#[test]
fn the_figures_are_the_records_counted_and_shown_in_each_language() {
    let f = built_demo(DATE);
    let json =
        |p: &str| -> Value { serde_json::from_str(&f.read(&format!("public/{p}"))).unwrap() };
    let figures = json("data/figures.json");
    let clusters = json("data/clusters.json")["clusters"].clone();
    let clusters = clusters.as_array().unwrap();
    let orgs = json("data/organisations.json")["organisations"].clone();
    let orgs = orgs.as_array().unwrap();
    let events = json("data/events.json")["events"].clone();
    let events = events.as_array().unwrap();
    let calls = json("data/calls.json")["calls"].clone();
    let calls = calls.as_array().unwrap();
    assert_eq!(figures["generated"], DATE);

    // Clusters by sector (a cluster in two sectors counts in both) and by region.
    let c = &figures["clusters"];
    assert_eq!(c["total"].as_u64().unwrap(), clusters.len() as u64);
    let sectors = tally(
        clusters
            .iter()
            .flat_map(|c| c["sectors"].as_array().unwrap())
            .map(|s| s.as_str().unwrap()),
    );
    assert_eq!(counts(&c["by_sector"]), sectors);
    let regions = tally(clusters.iter().filter_map(|c| c["region"].as_str()));
    assert_eq!(counts(&c["by_region"]), regions);
    let without_region = clusters.iter().filter(|c| c["region"].is_null()).count();
    assert_eq!(c["without_region"].as_u64().unwrap(), without_region as u64);

    // Labels current on the build date, by level.
    let tier = |scheme: &str| match scheme {
        "eucles-gold" => "gold",
        "eucles-silver" => "silver",
        "eucles-bronze" => "bronze",
        _ => "programme",
    };
    let current: Vec<&Value> = clusters
        .iter()
        .flat_map(|c| c["labels"].as_array().unwrap())
        .filter(|l| l["current"] == true)
        .collect();
    let l = &figures["labels"];
    assert_eq!(l["current"].as_u64().unwrap(), current.len() as u64);
    assert_eq!(
        counts(&l["by_level"]),
        tally(current.iter().map(|l| tier(l["scheme"].as_str().unwrap())))
    );
    let labelled = clusters
        .iter()
        .filter(|c| {
            c["labels"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["current"] == true)
        })
        .count();
    assert_eq!(l["clusters_labelled"].as_u64().unwrap(), labelled as u64);

    // Organisations by kind, companies by size, the SME share and the employees.
    let o = &figures["organisations"];
    assert_eq!(o["total"].as_u64().unwrap(), orgs.len() as u64);
    assert_eq!(
        counts(&o["by_kind"]),
        tally(orgs.iter().map(|o| o["kind"].as_str().unwrap()))
    );
    let companies: Vec<&Value> = orgs.iter().filter(|o| o["kind"] == "company").collect();
    let sizes = tally(companies.iter().filter_map(|o| o["size"].as_str()));
    assert_eq!(counts(&o["by_size"]), sizes);
    let sized: u64 = sizes.values().sum();
    let smes = sized - sizes.get("large").copied().unwrap_or(0);
    assert_eq!(o["smes"].as_u64().unwrap(), smes);
    assert!(sized > 0 && smes > 0);
    let share = (smes as f64 * 100.0 / sized as f64).round() as u64;
    assert_eq!(o["sme_share_pct"].as_u64().unwrap(), share);
    let employees: Vec<u64> = orgs
        .iter()
        .filter_map(|o| o["employees"].as_u64())
        .collect();
    let staff: u64 = employees.iter().sum();
    assert_eq!(o["employees"]["total"].as_u64().unwrap(), staff);
    assert_eq!(
        o["employees"]["organisations"].as_u64().unwrap(),
        employees.len() as u64
    );
    assert!(staff >= 1000, "the demo's employees show grouping: {staff}");

    // Events by the year of their start.
    let years = tally(events.iter().map(|e| &e["start"].as_str().unwrap()[..4]));
    let by_year: BTreeMap<String, u64> = figures["events"]["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].to_string(), y["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(by_year, years);

    // Calls open now and their budgets, each currency on its own.
    let open: Vec<&Value> = calls
        .iter()
        .filter(|c| ["open", "closing-soon"].contains(&c["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        figures["calls"]["open"].as_u64().unwrap(),
        open.len() as u64
    );
    let mut budget: BTreeMap<String, (f64, u64)> = BTreeMap::new();
    for c in &open {
        if let Some(a) = c["budget"]["amount"].as_f64() {
            let cur = c["budget"]["currency"].as_str().unwrap_or("").to_string();
            let e = budget.entry(cur).or_default();
            e.0 += a;
            e.1 += 1;
        }
    }
    let got: BTreeMap<String, (f64, u64)> = figures["calls"]["budget"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["currency"].as_str().unwrap_or("").to_string(),
                (b["amount"].as_f64().unwrap(), b["calls"].as_u64().unwrap()),
            )
        })
        .collect();
    assert_eq!(got, budget);
    assert!(budget.len() >= 2, "the demo has calls in two currencies");

    // The pages show these numbers in their language's format (CLDR's: French groups with a
    // narrow no-break space and puts a no-break space before `%`).
    let page = |p: &str| f.read(&format!("public/{p}"));
    let formats = [
        ("", ",", format!("{share}%")),
        ("de/", ".", format!("{share}\u{a0}%")),
        ("fr/", "\u{202f}", format!("{share}\u{a0}%")),
        ("nb/", "\u{a0}", format!("{share}\u{a0}%")),
    ];
    for (prefix, sep, share) in &formats {
        let figures_page = page(&format!("{prefix}figures/index.html"));
        let home = page(&format!("{prefix}index.html"));
        for html in [&figures_page, &home] {
            for n in [clusters.len() as u64, orgs.len() as u64, staff] {
                let shown = format!("<dd>{}</dd>", grouped(n, sep));
                assert!(html.contains(&shown), "{prefix}: {shown} not shown");
            }
            assert!(
                html.contains(&format!("<dd>{share}</dd>")),
                "{prefix}: {share}"
            );
            assert!(html.contains(&format!("<dd>{}</dd>", current.len())));
        }
        assert!(home.contains(&format!("href=\"/{prefix}figures/\"")));
        // Each chart is an image with a name, beside a table of the same numbers.
        assert!(figures_page.contains("role=\"img\" aria-labelledby=\"figures-sectors-name\""));
        assert!(figures_page.contains("<th scope=\"row\">"));
        for (cur, (amount, _)) in &budget {
            let row = format!(
                "<th scope=\"row\">{cur}</th><td class=\"num\">{}</td>",
                grouped(amount.round() as u64, sep)
            );
            assert!(figures_page.contains(&row), "{prefix}: {row}");
        }
        // No UI key is shown as text.
        assert!(!figures_page.contains(">figures_"), "{prefix}: raw UI key");
    }
    // German sector names label the German page's rows.
    let de = page("de/figures/index.html");
    assert!(de.contains("<th scope=\"row\">Maritime Wirtschaft</th>"));
}
