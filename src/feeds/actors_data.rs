//! Open data of the innovation system's actors: organisations as JSON and CSV, calls as
//! JSON, with their JSON Schemas. Same conventions as `data` (every language, pieces kept
//! by `serve`).

use super::data::{csv_line, header, list_item, opt_texts, pretty_with_list, texts};
use super::pieces::{Piece, Pieces};
use crate::model::*;
use crate::routes;
use serde_json::{Value, json};
use std::sync::Arc;

fn organisation_json(site: &Site, o: &Organisation) -> Value {
    json!({
        "slug": o.slug,
        "url": site.config.permalink(&routes::organisation("en", &o.slug)),
        "name": texts(&o.name),
        "kind": o.kind,
        "size": o.size,
        "summary": texts(&o.summary),
        "description": opt_texts(&o.body),
        "clusters": o.clusters,
        "sectors": o.sectors,
        "technologies": o.technologies,
        "competences": o.competences.values,
        "country": o.country,
        "region": o.region,
        "city": o.city,
        "location": o.location.map(|(lat, lon)| json!({"lat": lat, "lon": lon})),
        "website": o.website,
        "contact": o.contact.as_ref().map(|c| json!({
            "name": c.name, "role": opt_texts(&c.role), "email": c.email, "phone": c.phone,
        })),
        "founded": o.founded,
        "employees": o.employees,
        "logo": o.logo.as_ref().map(|a| site.config.permalink(&a.url())),
        "updated": o.updated.to_string(),
    })
}

pub fn organisations_json(site: &Site, pieces: &Pieces) -> Vec<u8> {
    let items: Vec<Arc<str>> = site
        .organisations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            pieces.get(Kind::Organisation, i, Piece::DataJson, 0, || {
                list_item(&organisation_json(site, o))
            })
        })
        .collect();
    pretty_with_list(header(site), "organisations", &items)
}

/// One row per organisation; translatable fields get one column per language.
pub fn organisations_csv(site: &Site, pieces: &Pieces) -> Vec<u8> {
    let langs = &site.config.languages;
    let mut head: Vec<String> = vec!["slug".into(), "url".into()];
    for f in ["name", "summary", "competences"] {
        head.extend(langs.iter().map(|l| format!("{f}_{l}")));
    }
    head.extend(
        [
            "kind",
            "size",
            "clusters",
            "sectors",
            "technologies",
            "country",
            "region",
            "city",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "founded",
            "employees",
            "lat",
            "lon",
            "updated",
        ]
        .map(String::from),
    );
    let mut out = head.join(",") + "\r\n";
    for (i, o) in site.organisations.iter().enumerate() {
        out.push_str(&pieces.get(Kind::Organisation, i, Piece::CsvRow, 0, || csv_row(site, o)));
    }
    out.into_bytes()
}

fn csv_row(site: &Site, o: &Organisation) -> String {
    let langs = &site.config.languages;
    let mut row: Vec<String> = vec![
        o.slug.clone(),
        site.config.permalink(&routes::organisation("en", &o.slug)),
    ];
    for t in [&o.name, &o.summary] {
        row.extend(langs.iter().map(|l| t.get(l).unwrap_or("").to_string()));
    }
    row.extend(langs.iter().map(|l| {
        o.competences
            .values
            .get(l)
            .map(|c| c.join(";"))
            .unwrap_or_default()
    }));
    let opt = |v: Option<String>| v.unwrap_or_default();
    let contact = o.contact.as_ref();
    row.extend([
        o.kind.as_str().to_string(),
        opt(o.size.map(|s| s.as_str().to_string())),
        o.clusters.join(";"),
        o.sectors.join(";"),
        o.technologies.join(";"),
        o.country.clone(),
        opt(o.region.clone()),
        opt(o.city.clone()),
        o.website.clone(),
        opt(contact.and_then(|c| c.name.clone())),
        opt(contact.and_then(|c| c.email.clone())),
        opt(contact.and_then(|c| c.phone.clone())),
        opt(o.founded.map(|f| f.to_string())),
        opt(o.employees.map(|e| e.to_string())),
        opt(o.location.map(|l| l.0.to_string())),
        opt(o.location.map(|l| l.1.to_string())),
        o.updated.to_string(),
    ]);
    csv_line(&row)
}

fn call_json(site: &Site, c: &Call) -> Value {
    json!({
        "slug": c.slug,
        "url": site.config.permalink(&routes::call("en", &c.slug)),
        "title": texts(&c.title),
        "summary": texts(&c.summary),
        "description": opt_texts(&c.body),
        "kind": c.kind,
        "funder": c.funder,
        "state": c.state(site.build_date).as_str(),
        "opens": c.opens.map(|o| c.zone.rfc3339(o)),
        "deadline": c.zone.rfc3339(c.deadline),
        "time_zone": c.zone.name(),
        "budget": c.budget.as_ref().map(|b| json!({
            "amount": b.amount, "currency": b.currency, "max_per_project": b.max_per_project,
        })),
        "eligibility": opt_texts(&c.eligibility),
        "sectors": c.sectors,
        "technologies": c.technologies,
        "countries": c.countries,
        "clusters": c.clusters,
        "apply_url": c.url,
        "documents": c.documents,
        "calendar": site.config.permalink(&routes::call_ics("en", &c.slug)),
        "updated": c.updated.map(|d| d.to_string()),
    })
}

pub fn calls_json(site: &Site, pieces: &Pieces) -> Vec<u8> {
    let items: Vec<Arc<str>> = site
        .calls
        .iter()
        .enumerate()
        .map(|(i, c)| {
            pieces.get(Kind::Call, i, Piece::DataJson, 0, || {
                list_item(&call_json(site, c))
            })
        })
        .collect();
    pretty_with_list(header(site), "calls", &items)
}

fn schema(id: &str, title: &str, key: &str, item: Value) -> Vec<u8> {
    let texts = json!({"type": "object", "description": "language tag -> text; `en` always present",
        "required": ["en"], "additionalProperties": {"type": "string"}});
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": id,
        "title": title,
        "type": "object",
        "required": ["generated", "programme", "languages", key],
        "properties": {
            "generated": {"type": "string", "format": "date"},
            "programme": texts,
            "languages": {"type": "array", "items": {"type": "string"}},
            key: {"type": "array", "items": item},
        }
    });
    let mut v = serde_json::to_vec_pretty(&schema).expect("json");
    v.push(b'\n');
    v
}

fn texts_schema(nullable: bool) -> Value {
    let t =
        json!({"type": "object", "required": ["en"], "additionalProperties": {"type": "string"}});
    if nullable {
        json!({"anyOf": [t, {"type": "null"}]})
    } else {
        t
    }
}

fn one_of(values: &[&str]) -> Value {
    json!({"type": "string", "enum": values})
}

fn words<T: FixedList>() -> Vec<&'static str> {
    T::ALL.iter().map(|v| v.as_str()).collect()
}

/// JSON Schema of `/data/organisations.json`.
pub fn organisations_schema() -> Vec<u8> {
    let nullable = |t: &str| json!({"type": [t, "null"]});
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let item = json!({
        "type": "object",
        "required": ["slug", "url", "name", "kind", "summary", "country", "website", "updated"],
        "properties": {
            "slug": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "url": {"type": "string", "format": "uri"},
            "name": texts_schema(false),
            "kind": one_of(&words::<OrganisationKind>()),
            "size": {"anyOf": [one_of(&words::<OrganisationSize>()), {"type": "null"}]},
            "summary": texts_schema(false),
            "description": texts_schema(true),
            "clusters": strings, "sectors": strings, "technologies": strings,
            "competences": {"type": "object", "additionalProperties": strings},
            "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "region": nullable("string"),
            "city": nullable("string"),
            "location": {"type": ["object", "null"]},
            "website": {"type": "string", "format": "uri"},
            "contact": {"type": ["object", "null"]},
            "founded": nullable("integer"),
            "employees": nullable("integer"),
            "logo": nullable("string"),
            "updated": {"type": "string", "format": "date"}
        }
    });
    schema(
        "organisations.schema.json",
        "Organisations",
        "organisations",
        item,
    )
}

/// JSON Schema of `/data/calls.json`.
pub fn calls_schema() -> Vec<u8> {
    let nullable = |t: &str| json!({"type": [t, "null"]});
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let item = json!({
        "type": "object",
        "required": ["slug", "url", "title", "summary", "kind", "funder", "state", "deadline", "apply_url"],
        "properties": {
            "slug": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "url": {"type": "string", "format": "uri"},
            "title": texts_schema(false),
            "summary": texts_schema(false),
            "description": texts_schema(true),
            "kind": one_of(&words::<CallKind>()),
            "funder": {"type": "string"},
            "state": one_of(&["upcoming", "open", "closing-soon", "closed"]),
            "opens": nullable("string"),
            "deadline": {"type": "string", "format": "date-time"},
            "time_zone": nullable("string"),
            "budget": {"type": ["object", "null"]},
            "eligibility": texts_schema(true),
            "sectors": strings, "technologies": strings, "countries": strings,
            "clusters": strings, "documents": strings,
            "apply_url": {"type": "string", "format": "uri"},
            "calendar": {"type": "string", "format": "uri"},
            "updated": nullable("string")
        }
    });
    schema("calls.schema.json", "Calls", "calls", item)
}
