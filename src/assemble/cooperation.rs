//! Cooperation requests (`content/cooperation/`): partner search. Converts a
//! [`RawCooperation`] into a [`Cooperation`], with the rules only they have (who posts it,
//! an email to answer to, an expiry at most 12 months after publication, a reminder to
//! renew before it expires).

use super::fields::RecordCx;
use crate::content::raw::RawCooperation;
use crate::diag::Diagnostic;
use crate::model::*;
use chrono::Months;
use toml::Spanned;

pub(super) fn convert_cooperation(cx: &mut RecordCx, r: RawCooperation) -> Option<Cooperation> {
    let title = cx.text(r.title, "title", true);
    let summary = cx.summary(r.summary);
    let body = cx.text(r.body, "body", false);
    let direction = required_choice::<Direction>(cx, r.direction, "direction");
    let topic = required_choice::<Topic>(cx, r.topic, "topic");
    let poster = match (r.organisation, r.cluster) {
        (Some(o), None) => cx
            .refs(vec![o], "organisation", Kind::Organisation)
            .pop()
            .map(Poster::Organisation),
        (None, Some(c)) => cx
            .cluster_refs(Some(Spanned::new(c.span(), vec![c])), "cluster", false)
            .pop()
            .map(Poster::Cluster),
        (Some(_), Some(c)) => {
            cx.error(
                "E003",
                "give `organisation` or `cluster`, not both: one of them posts the request",
                c.span(),
            );
            None
        }
        (None, None) => {
            cx.error(
                "E004",
                "missing `organisation` or `cluster`: who posts the request",
                0..0,
            )
            .hint = Some("add `organisation = \"<slug>\"` or `cluster = \"<slug>\"`".into());
            None
        }
    };
    let sectors = cx.terms(r.sectors, SECTORS, "sectors", false);
    let technologies = cx.terms(r.technologies, TECHNOLOGIES, "technologies", false);
    let countries = cx.countries(r.countries, "countries");
    let contact = cx.required(r.contact, "contact").map(|c| {
        let span = c.span();
        let c = c.into_inner();
        if c.email.is_none() {
            cx.error(
                "E004",
                "`contact` needs an `email` to answer the request",
                span,
            );
        }
        cx.contact(c)
    });
    let published = cx.date(r.published, "published", true);
    let expires_span = r.expires.as_ref().map(Spanned::span).unwrap_or(0..0);
    let expires = cx.date(r.expires, "expires", true);
    if let (Some(p), Some(e)) = (published, expires) {
        let limit = p + Months::new(12);
        if e > limit {
            cx.error(
                "E010",
                format!("`expires` is more than 12 months after `published` (at most {limit})"),
                expires_span.clone(),
            )
            .hint = Some("requests are renewed by their owners: publish again to extend".into());
        } else if e < p {
            cx.error(
                "E010",
                "the request expires before it is published",
                expires_span.clone(),
            );
        } else {
            let left = (e - cx.ctx.today).num_days();
            if (0..=RENEW_WITHIN_DAYS).contains(&left) {
                let d = Diagnostic::warning(
                    "W005",
                    format!("this request expires on {e}, in {left} day(s)"),
                )
                .at(cx.loc(expires_span))
                .hint("to keep it listed, set a later `expires` (and `published` to today)");
                cx.diags.push(d);
            }
        }
    }
    let updated = cx.date(r.updated, "updated", false);
    Some(Cooperation {
        slug: cx.rec.slug.clone(),
        title: title?,
        summary: summary?,
        body,
        direction: direction?,
        topic: topic?,
        poster: poster?,
        sectors,
        technologies,
        countries,
        contact: contact?,
        published: published?,
        expires: expires?,
        updated,
        origin: cx.origin(),
    })
}

/// A fixed-list field that has no default: missing is an error.
fn required_choice<T: FixedList>(
    cx: &mut RecordCx,
    v: crate::content::raw::S<String>,
    field: &str,
) -> Option<T> {
    let v = cx.required(v, field)?;
    let before = cx.diags.len();
    let value = cx.choice::<T>(Some(v), field);
    (cx.diags.len() == before).then_some(value)
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;

    const COOP: &str = "content/cooperation/sonar-partner.toml";

    fn coop(extra: &str) -> String {
        format!(
            "title = \"Sonar partner\"\nsummary = \"We look for one.\"\ndirection = \"request\"\n\
             topic = \"technology\"\npublished = 2026-06-01\n{extra}\
             [contact]\nemail = \"a@b.example\"\n"
        )
    }

    #[test]
    fn expiry_is_at_most_a_year_and_soon_expiry_is_a_warning() {
        let seen = check_one(
            COOP,
            &coop("cluster = \"oceanlab\"\nexpires = 2027-07-01\n"),
        );
        assert_eq!(
            brief(&seen),
            [(
                "E010",
                "`expires` is more than 12 months after `published` (at most 2027-06-01)",
                7,
                11
            )]
        );
        let seen = check_one(
            COOP,
            &coop("cluster = \"oceanlab\"\nexpires = 2026-12-10\n"),
        );
        assert_eq!(
            brief(&seen),
            [(
                "W005",
                "this request expires on 2026-12-10, in 14 day(s)",
                7,
                11
            )]
        );
    }

    #[test]
    fn the_poster_must_be_one_known_organisation_or_cluster() {
        let seen = check_one(
            COOP,
            &coop("organisation = \"nobody\"\nexpires = 2027-01-31\n"),
        );
        assert_eq!(
            brief(&seen),
            [(
                "E009",
                "`organisation` names unknown organisation `nobody`",
                6,
                16
            )]
        );
        let seen = check_one(COOP, &coop("expires = 2027-01-31\n"));
        assert_eq!(
            brief(&seen),
            [(
                "E004",
                "missing `organisation` or `cluster`: who posts the request",
                1,
                1
            )]
        );
    }
}
