//! JSON-LD (schema.org) for search engines: Organization, Event, NewsArticle, WebSite.

use super::kinds::cluster::label_name;
use super::kinds::event::{event_end_iso, event_start_iso};
use super::lang::Lang;
use crate::model::*;
use crate::routes;
use serde_json::{Value, json};

/// Serialised for a `<script type="application/ld+json">`: `<` and `>` are written as JSON
/// escapes, so no text from a record can close the script element or open another.
fn finish(v: Value) -> String {
    serde_json::to_string(&v)
        .expect("json")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
}

pub fn website(site: &Site, l: &Lang) -> String {
    finish(json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": l.text(&site.config.title).text,
        "url": site.config.permalink(&routes::home(l.tag)),
        "inLanguage": l.tag,
        "potentialAction": {
            "@type": "SearchAction",
            "target": format!("{}?q={{search_term_string}}", site.config.permalink(&routes::search(l.tag))),
            "query-input": "required name=search_term_string",
        }
    }))
}

pub fn organization(site: &Site, l: &Lang, c: &Cluster) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": l.text(&c.name).text,
        "description": l.text(&c.summary).text,
        "url": site.config.permalink(&routes::cluster(l.tag, &c.slug)),
        "sameAs": std::iter::once(c.website.clone()).chain(c.social.iter().cloned()).collect::<Vec<_>>(),
        "address": { "@type": "PostalAddress", "addressCountry": c.country },
        "inLanguage": l.tag,
    });
    if let Some(a) = &c.acronym {
        v["alternateName"] = json!(a);
    }
    if let Some(f) = c.founded {
        v["foundingDate"] = json!(f.to_string());
    }
    if let Some(r) = &c.region
        && let Some(t) = site.taxonomies.term(REGIONS, r)
    {
        v["address"]["addressRegion"] = json!(l.text(t).text);
    }
    if let Some(logo) = &c.logo {
        v["logo"] = json!(site.config.permalink(&logo.url()));
    }
    let awards: Vec<String> = c
        .labels
        .iter()
        .filter(|x| x.is_current(site.build_date))
        .map(|x| {
            format!(
                "{} ({}–{})",
                label_name(l, &x.scheme),
                x.awarded.iso(),
                x.valid_until.iso()
            )
        })
        .collect();
    if !awards.is_empty() {
        v["award"] = json!(awards);
    }
    let mut contact = json!({ "@type": "ContactPoint", "contactType": "general" });
    if let Some(e) = &c.contact.email {
        contact["email"] = json!(e);
    }
    if let Some(p) = &c.contact.phone {
        contact["telephone"] = json!(p);
    }
    if let Some(n) = &c.contact.name {
        contact["name"] = json!(n);
    }
    v["contactPoint"] = contact;
    if let Some((lat, lon)) = c.location {
        v["location"] = json!({"@type": "Place", "geo": {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}});
    }
    finish(v)
}

pub fn event(site: &Site, l: &Lang, e: &Event) -> String {
    let mut locations = Vec::new();
    if let Some(venue) = &e.venue
        && e.attendance != Attendance::Online
    {
        let mut addr = json!({"@type": "PostalAddress"});
        if let Some(a) = &venue.address {
            addr["streetAddress"] = json!(a);
        }
        if let Some(c) = &venue.city {
            addr["addressLocality"] = json!(c);
        }
        if let Some(c) = &venue.country {
            addr["addressCountry"] = json!(c);
        }
        let mut place = json!({"@type": "Place", "name": venue.name.clone().or(venue.city.clone()).unwrap_or_default(), "address": addr});
        if let Some((lat, lon)) = venue.location {
            place["geo"] = json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
        }
        locations.push(place);
    }
    if let Some(u) = &e.online_url
        && e.attendance != Attendance::Offline
    {
        locations.push(json!({"@type": "VirtualLocation", "url": u}));
    }
    let mode = match e.attendance {
        Attendance::Online => "OnlineEventAttendanceMode",
        Attendance::Mixed => "MixedEventAttendanceMode",
        Attendance::Offline => "OfflineEventAttendanceMode",
    };
    let status = match e.status {
        EventStatus::Cancelled => "EventCancelled",
        EventStatus::Postponed => "EventPostponed",
        EventStatus::Rescheduled => "EventRescheduled",
        EventStatus::MovedOnline => "EventMovedOnline",
        EventStatus::Scheduled => "EventScheduled",
    };
    let organizer: Vec<Value> = e
        .organisers
        .iter()
        .map(|o| match o {
            Organiser::Programme => json!({"@type": "Organization", "name": l.text(&site.config.title).text, "url": site.config.base_url}),
            Organiser::Cluster(s) => json!({
                "@type": "Organization",
                "name": l.cluster_named(s).map(|c| l.text(&c.name).text).unwrap_or_default(),
                "url": site.config.permalink(&routes::cluster(l.tag, s)),
            }),
        })
        .collect();
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": l.text(&e.title).text,
        "description": l.text(&e.summary).text,
        "startDate": event_start_iso(&e.schedule),
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "eventStatus": format!("https://schema.org/{status}"),
        "location": if locations.len() == 1 { locations[0].clone() } else { json!(locations) },
        "url": site.config.permalink(&routes::event(l.tag, &e.slug)),
        "inLanguage": l.tag,
    });
    if let Some(end) = event_end_iso(&e.schedule) {
        v["endDate"] = json!(end);
    }
    if !organizer.is_empty() {
        v["organizer"] = if organizer.len() == 1 {
            organizer[0].clone()
        } else {
            json!(organizer)
        };
    }
    if let Some(r) = &e.registration_url {
        v["offers"] = json!({"@type": "Offer", "url": r});
    }
    finish(v)
}

pub fn news_article(site: &Site, l: &Lang, n: &News) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": l.text(&n.title).text,
        "description": l.text(&n.summary).text,
        "datePublished": n.published.to_string(),
        "dateModified": n.updated.unwrap_or(n.published).to_string(),
        "url": site.config.permalink(&routes::news(l.tag, &n.slug)),
        "mainEntityOfPage": site.config.permalink(&routes::news(l.tag, &n.slug)),
        "inLanguage": l.tag,
        "publisher": {"@type": "Organization", "name": l.text(&site.config.title).text, "url": site.config.base_url},
    });
    if !n.authors.is_empty() {
        v["author"] = json!(
            n.authors
                .iter()
                .map(|a| json!({"@type": "Person", "name": a}))
                .collect::<Vec<_>>()
        );
    } else {
        v["author"] = json!({"@type": "Organization", "name": l.text(&site.config.title).text});
    }
    v["image"] = match &n.image {
        Some(i) => json!(site.config.permalink(&i.url())),
        None => json!(site.config.permalink(&crate::feeds::social::path(l.tag))),
    };
    finish(v)
}

/// An organisation: schema.org's type for its kind, `memberOf` its clusters.
pub fn member_organisation(site: &Site, l: &Lang, o: &Organisation) -> String {
    let kind = match o.kind {
        OrganisationKind::University => "CollegeOrUniversity",
        OrganisationKind::Research => "ResearchOrganization",
        OrganisationKind::Public => "GovernmentOrganization",
        OrganisationKind::Company => "Corporation",
        _ => "Organization",
    };
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": kind,
        "name": l.text(&o.name).text,
        "description": l.text(&o.summary).text,
        "url": site.config.permalink(&routes::organisation(l.tag, &o.slug)),
        "sameAs": [o.website.clone()],
        "address": { "@type": "PostalAddress", "addressCountry": o.country },
        "inLanguage": l.tag,
    });
    if let Some(city) = &o.city {
        v["address"]["addressLocality"] = json!(city);
    }
    if let Some(f) = o.founded {
        v["foundingDate"] = json!(f.to_string());
    }
    if let Some(n) = o.employees {
        v["numberOfEmployees"] = json!({ "@type": "QuantitativeValue", "value": n });
    }
    if let Some(logo) = &o.logo {
        v["logo"] = json!(site.config.permalink(&logo.url()));
    }
    let (competences, _) = o.competences.resolve(l.tag);
    if !competences.is_empty() {
        v["knowsAbout"] = json!(competences);
    }
    let member_of: Vec<Value> = o
        .clusters
        .iter()
        .filter_map(|s| l.cluster_named(s))
        .map(|c| {
            json!({
                "@type": "Organization",
                "name": l.text(&c.name).text,
                "url": site.config.permalink(&routes::cluster(l.tag, &c.slug)),
            })
        })
        .collect();
    if !member_of.is_empty() {
        v["memberOf"] = json!(member_of);
    }
    if let Some(c) = &o.contact {
        let mut contact = json!({ "@type": "ContactPoint", "contactType": "general" });
        if let Some(e) = &c.email {
            contact["email"] = json!(e);
        }
        if let Some(p) = &c.phone {
            contact["telephone"] = json!(p);
        }
        v["contactPoint"] = contact;
    }
    finish(v)
}

/// A call as schema.org's `MonetaryGrant`: its funder, amount, and the application as a
/// potential `ApplyAction` running from `opens` to the deadline (schema.org has no
/// deadline property of grants).
pub fn call(site: &Site, l: &Lang, c: &Call) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "MonetaryGrant",
        "name": l.text(&c.title).text,
        "description": l.text(&c.summary).text,
        "url": site.config.permalink(&routes::call(l.tag, &c.slug)),
        "funder": { "@type": "Organization", "name": c.funder },
        "inLanguage": l.tag,
    });
    if let Some(b) = &c.budget
        && let Some(amount) = b.amount.or(b.max_per_project)
    {
        let mut a = json!({ "@type": "MonetaryAmount", "value": amount });
        if let Some(cur) = &b.currency {
            a["currency"] = json!(cur);
        }
        if b.amount.is_none() {
            a["maxValue"] = json!(amount);
        }
        v["amount"] = a;
    }
    let mut apply = json!({
        "@type": "ApplyAction",
        "target": c.url,
        "endTime": c.zone.rfc3339(c.deadline),
    });
    if let Some(o) = c.opens {
        apply["startTime"] = json!(c.zone.rfc3339(o));
    }
    v["potentialAction"] = apply;
    let sponsors: Vec<Value> = c
        .clusters
        .iter()
        .filter_map(|s| l.cluster_named(s))
        .map(|x| json!({ "@type": "Organization", "name": l.text(&x.name).text }))
        .collect();
    if !sponsors.is_empty() {
        v["sponsor"] = json!(sponsors);
    }
    finish(v)
}
