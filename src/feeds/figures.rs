//! `/data/figures.json`: the programme in numbers ([`crate::figures::Figures`], the same
//! value the `/figures/` page and the home page show), with its JSON Schema.

use super::data::header;
use crate::figures::{Figures, LEVELS};
use crate::model::{FixedList, OrganisationKind, OrganisationSize, Site};
use serde_json::{Value, json};

pub fn figures_json(site: &Site) -> Vec<u8> {
    let mut doc = header(site);
    let figures = serde_json::to_value(Figures::of(site)).expect("json");
    if let Value::Object(parts) = figures {
        doc.extend(parts);
    }
    let mut v = serde_json::to_vec_pretty(&Value::Object(doc)).expect("json");
    v.push(b'\n');
    v
}

/// JSON Schema of `/data/figures.json`.
pub fn figures_schema() -> Vec<u8> {
    let n = json!({"type": "integer", "minimum": 0});
    let counts = |keys: Option<Vec<&str>>| {
        let key = match keys {
            Some(k) => json!({"type": "string", "enum": k}),
            None => json!({"type": "string"}),
        };
        json!({"type": "array", "items": {
            "type": "object", "required": ["key", "count"], "additionalProperties": false,
            "properties": {"key": key, "count": n},
        }})
    };
    let words = |all: &[&'static str]| Some(all.to_vec());
    let kinds: Vec<&str> = OrganisationKind::ALL.iter().map(|k| k.as_str()).collect();
    let sizes: Vec<&str> = OrganisationSize::ALL.iter().map(|k| k.as_str()).collect();
    let object = |required: &[&str], properties: Value| {
        json!({"type": "object", "required": required, "additionalProperties": false,
            "properties": properties})
    };
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        // Relative: it resolves against where the file was fetched, under any `base_url`.
        "$id": "figures.schema.json",
        "title": "The programme in numbers",
        "type": "object",
        "required": ["generated", "programme", "languages", "clusters", "organisations",
            "labels", "events", "calls"],
        "properties": {
            "generated": {"type": "string", "format": "date"},
            "programme": {"type": "object", "required": ["en"],
                "additionalProperties": {"type": "string"}},
            "languages": {"type": "array", "items": {"type": "string"}},
            "clusters": object(&["total", "by_sector", "by_region", "without_region"], json!({
                "total": n, "by_sector": counts(None), "by_region": counts(None),
                "without_region": n,
            })),
            "organisations": object(&["total", "by_kind", "companies", "by_size",
                "companies_without_size", "smes", "sme_share_pct", "employees"], json!({
                "total": n, "by_kind": counts(words(&kinds)), "companies": n,
                "by_size": counts(words(&sizes)), "companies_without_size": n, "smes": n,
                "sme_share_pct": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
                "employees": object(&["total", "organisations"],
                    json!({"total": n, "organisations": n})),
            })),
            "labels": object(&["current", "clusters_labelled", "by_level"], json!({
                "current": n, "clusters_labelled": n, "by_level": counts(words(&LEVELS)),
            })),
            "events": object(&["total", "by_year"], json!({
                "total": n,
                "by_year": {"type": "array", "items": object(&["year", "count"],
                    json!({"year": {"type": "integer"}, "count": n}))},
            })),
            "calls": object(&["open", "budget", "open_without_budget"], json!({
                "open": n, "open_without_budget": n,
                "budget": {"type": "array", "items": object(&["currency", "amount", "calls"], json!({
                    "currency": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"},
                    "amount": {"type": "number", "minimum": 0},
                    "calls": n,
                }))},
            })),
        }
    });
    let mut v = serde_json::to_vec_pretty(&schema).expect("json");
    v.push(b'\n');
    v
}
