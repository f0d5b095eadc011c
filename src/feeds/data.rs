//! Open data for partner platforms: the cluster directory as JSON and CSV, events as JSON.
//! Every public field, every language; the shapes are described by `data_schema()`.

use super::pieces::{Piece, Pieces};
use crate::model::*;
use crate::render::kinds::event::{event_end_iso, event_start_iso};
use crate::routes;
use crate::text::Text;
use serde_json::{Map, Value, json};
use std::sync::Arc;

pub(super) fn texts(t: &Text) -> Value {
    Value::Object(
        t.values
            .iter()
            .map(|(l, v)| (l.clone(), json!(v.text)))
            .collect::<Map<_, _>>(),
    )
}

pub(super) fn opt_texts(t: &Option<Text>) -> Value {
    t.as_ref().map(texts).unwrap_or(Value::Null)
}

fn cluster_json(site: &Site, c: &Cluster) -> Value {
    let today = site.build_date;
    json!({
        "slug": c.slug,
        "url": site.config.permalink(&routes::cluster("en", &c.slug)),
        "name": texts(&c.name),
        "acronym": c.acronym,
        "summary": texts(&c.summary),
        "description": texts(&c.body),
        "country": c.country,
        "region": c.region,
        "sectors": c.sectors,
        "technologies": c.technologies,
        "founded": c.founded,
        "members": c.members.as_ref().map(|m| json!({
            "total": m.total, "smes": m.smes, "large": m.large, "research": m.research,
            "public": m.public, "other": m.other, "as_of": m.as_of.map(|d| d.to_string()),
        })),
        "labels": c.labels.iter().map(|l| json!({
            "scheme": l.scheme, "awarded": l.awarded.iso(), "valid_until": l.valid_until.iso(),
            "score_pct": l.score_pct, "current": l.is_current(today),
        })).collect::<Vec<_>>(),
        "website": c.website,
        "contact": {
            "name": c.contact.name, "role": opt_texts(&c.contact.role),
            "email": c.contact.email, "phone": c.contact.phone,
        },
        "logo": c.logo.as_ref().map(|a| site.config.permalink(&a.url())),
        "social": c.social,
        "location": c.location.map(|(lat, lon)| json!({"lat": lat, "lon": lon})),
        "updated": c.updated.to_string(),
    })
}

/// Stands for the list in a document until the list's items are put in.
const LIST: &str = "\u{1}list\u{1}";

/// `doc` pretty-printed with `items` (each pretty-printed by [`list_item`]) as the array
/// under `key`: the same bytes as `serde_json::to_vec_pretty` of the whole document, but
/// the items can be kept between `serve` rounds.
pub(super) fn pretty_with_list(
    mut doc: Map<String, Value>,
    key: &str,
    items: &[Arc<str>],
) -> Vec<u8> {
    doc.insert(key.to_string(), json!(LIST));
    let text = serde_json::to_string_pretty(&Value::Object(doc)).expect("json");
    let marker = serde_json::to_string(LIST).expect("json");
    let (before, after) = text
        .split_once(&marker)
        .expect("the marker is in the document");
    let size = before.len() + after.len() + items.iter().map(|i| i.len() + 2).sum::<usize>();
    let mut v = Vec::with_capacity(size + 16);
    v.extend_from_slice(before.as_bytes());
    if items.is_empty() {
        v.extend_from_slice(b"[]");
    } else {
        v.extend_from_slice(b"[\n");
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                v.extend_from_slice(b",\n");
            }
            v.extend_from_slice(item.as_bytes());
        }
        v.extend_from_slice(b"\n  ]");
    }
    v.extend_from_slice(after.as_bytes());
    v.push(b'\n');
    v
}

/// An item of a top-level list, pretty-printed at its depth (two levels in).
pub(super) fn list_item(v: &Value) -> String {
    let text = serde_json::to_string_pretty(v).expect("json");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        // Strings escape their line breaks, so every line break here is the printer's.
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// What a directory file says of itself: when, which programme, in which languages.
pub(super) fn header(site: &Site) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert("generated".into(), json!(site.build_date.to_string()));
    doc.insert("programme".into(), texts(&site.config.title));
    doc.insert("languages".into(), json!(site.config.languages));
    doc
}

pub fn clusters_json(site: &Site, pieces: &Pieces) -> Vec<u8> {
    let clusters: Vec<Arc<str>> = site
        .clusters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            pieces.get(Kind::Cluster, i, Piece::DataJson, 0, || {
                list_item(&cluster_json(site, c))
            })
        })
        .collect();
    pretty_with_list(header(site), "clusters", &clusters)
}

/// One CSV field, quoted where it needs it, and neutralised when a spreadsheet would run it
/// as a formula (OWASP "CSV injection"): a value from a record that starts with `=`, `@`, a
/// tab or CR, or with `+`/`-` and is not a plain number (`+47 55 12 34 56`, `-12.5`), gets a
/// leading `'`, which spreadsheets show as text. The JSON files carry every value exactly.
fn csv_field(s: &str) -> String {
    let s = if could_run_as_formula(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Would a spreadsheet read `s` as a formula that can do more than arithmetic on digits?
fn could_run_as_formula(s: &str) -> bool {
    let number_like = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.' | '/'))
    };
    match s.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !number_like(s),
        _ => false,
    }
}

/// One row per cluster; translatable fields get one column per language (`name_de`).
pub fn clusters_csv(site: &Site, pieces: &Pieces) -> Vec<u8> {
    let langs = &site.config.languages;
    let mut header: Vec<String> = vec!["slug".into(), "url".into()];
    for f in ["name", "summary"] {
        header.extend(langs.iter().map(|l| format!("{f}_{l}")));
    }
    header.extend(
        [
            "acronym",
            "country",
            "region",
            "sectors",
            "technologies",
            "founded",
            "members_total",
            "current_labels",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "lat",
            "lon",
            "updated",
        ]
        .map(String::from),
    );
    let mut out = header.join(",") + "\r\n";
    for (i, c) in site.clusters.iter().enumerate() {
        out.push_str(&pieces.get(Kind::Cluster, i, Piece::CsvRow, 0, || csv_row(site, c)));
    }
    out.into_bytes()
}

fn csv_row(site: &Site, c: &Cluster) -> String {
    let langs = &site.config.languages;
    let mut row: Vec<String> = vec![
        c.slug.clone(),
        site.config.permalink(&routes::cluster("en", &c.slug)),
    ];
    for t in [&c.name, &c.summary] {
        row.extend(langs.iter().map(|l| t.get(l).unwrap_or("").to_string()));
    }
    let labels: Vec<&str> = c
        .labels
        .iter()
        .filter(|l| l.is_current(site.build_date))
        .map(|l| l.scheme.as_str())
        .collect();
    row.extend([
        c.acronym.clone().unwrap_or_default(),
        c.country.clone(),
        c.region.clone().unwrap_or_default(),
        c.sectors.join(";"),
        c.technologies.join(";"),
        c.founded.map(|f| f.to_string()).unwrap_or_default(),
        c.members
            .as_ref()
            .and_then(|m| m.total)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        labels.join(";"),
        c.website.clone(),
        c.contact.name.clone().unwrap_or_default(),
        c.contact.email.clone().unwrap_or_default(),
        c.contact.phone.clone().unwrap_or_default(),
        c.location.map(|l| l.0.to_string()).unwrap_or_default(),
        c.location.map(|l| l.1.to_string()).unwrap_or_default(),
        c.updated.to_string(),
    ]);
    csv_line(&row)
}

/// One CSV record: fields quoted where they need it, CRLF at the end (RFC 4180).
pub(super) fn csv_line(row: &[String]) -> String {
    let mut out = row
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

pub fn events_json(site: &Site, pieces: &Pieces) -> Vec<u8> {
    let events: Vec<Arc<str>> = site
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            pieces.get(Kind::Event, i, Piece::DataJson, 0, || {
                list_item(&event_json(site, e))
            })
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("generated".into(), json!(site.build_date.to_string()));
    pretty_with_list(doc, "events", &events)
}

fn event_json(site: &Site, e: &Event) -> Value {
    json!({
        "slug": e.slug,
        "url": site.config.permalink(&routes::event("en", &e.slug)),
        "title": texts(&e.title),
        "summary": texts(&e.summary),
        "kind": e.kind,
        "start": event_start_iso(&e.schedule),
        "end": event_end_iso(&e.schedule),
        "all_day": matches!(e.schedule, Schedule::AllDay { .. }),
        "time_zone": match &e.schedule { Schedule::Timed { zone, .. } => zone.name(), _ => None },
        "status": e.status,
        "attendance": e.attendance,
        "venue": e.venue.as_ref().map(|v| json!({"name": v.name, "address": v.address, "city": v.city, "country": v.country})),
        "online_url": e.online_url,
        "registration_url": e.registration_url,
        "organisers": e.organisers.iter().map(|o| match o {
            Organiser::Programme => "programme".to_string(),
            Organiser::Cluster(s) => s.clone(),
        }).collect::<Vec<_>>(),
        "languages": e.languages,
        "calendar": site.config.permalink(&routes::event_ics("en", &e.slug)),
        "updated": e.updated.map(|d| d.to_string()),
    })
}

/// JSON Schema of `/data/clusters.json` (published beside it, documented in the README).
pub fn clusters_schema() -> Vec<u8> {
    let texts = json!({"type": "object", "description": "language tag -> text; `en` always present",
        "required": ["en"], "additionalProperties": {"type": "string"}});
    let nullable = |t: &str| json!({"type": [t, "null"]});
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        // Relative: it resolves against where the file was fetched, under any `base_url`.
        "$id": "clusters.schema.json",
        "title": "Cluster directory",
        "type": "object",
        "required": ["generated", "programme", "languages", "clusters"],
        "properties": {
            "generated": {"type": "string", "format": "date"},
            "programme": texts,
            "languages": {"type": "array", "items": {"type": "string"}},
            "clusters": {"type": "array", "items": {
                "type": "object",
                "required": ["slug", "url", "name", "summary", "country", "sectors", "website", "contact", "updated"],
                "properties": {
                    "slug": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "url": {"type": "string", "format": "uri"},
                    "name": texts, "summary": texts, "description": texts,
                    "acronym": nullable("string"),
                    "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                    "region": nullable("string"),
                    "sectors": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "technologies": {"type": "array", "items": {"type": "string"}},
                    "founded": nullable("integer"),
                    "members": {"type": ["object", "null"]},
                    "labels": {"type": "array", "items": {"type": "object",
                        "required": ["scheme", "awarded", "valid_until", "current"],
                        "properties": {"scheme": {"type": "string"}, "awarded": {"type": "string"},
                            "valid_until": {"type": "string"}, "score_pct": nullable("number"), "current": {"type": "boolean"}}}},
                    "website": {"type": "string", "format": "uri"},
                    "contact": {"type": "object"},
                    "logo": nullable("string"),
                    "social": {"type": "array", "items": {"type": "string"}},
                    "location": {"type": ["object", "null"]},
                    "updated": {"type": "string", "format": "date"}
                }
            }}
        }
    });
    let mut v = serde_json::to_vec_pretty(&schema).expect("json");
    v.push(b'\n');
    v
}

#[cfg(test)]
mod tests {
    use super::csv_line;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        let row = [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "@SUM(A1)",
            "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "\tx",
            "+47 55 12 34 56",
            "-12.5",
            "Oslo, Norway",
            "ok",
        ]
        .map(String::from);
        assert_eq!(
            csv_line(&row),
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'@SUM(A1),\
             '+cmd|' /C calc'!A0,'-2+3+cmd|' /C calc'!A0,'\tx,+47 55 12 34 56,-12.5,\
             \"Oslo, Norway\",ok\r\n"
        );
    }
}
