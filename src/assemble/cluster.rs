//! Cluster records (`content/clusters/`): the programme's members. Converts a
//! [`RawCluster`] into a [`Cluster`], with the rules only clusters have (summary length,
//! ISO country, membership figures, labels and their validity, contact, map location,
//! maintainers).

use super::fields::RecordCx;
use crate::content::raw::RawCluster;
use crate::dates::parse_year_month;
use crate::diag::{Diagnostic, did_you_mean};
use crate::model::*;
use toml::Spanned;

pub(super) fn convert_cluster(cx: &mut RecordCx, r: RawCluster) -> Option<Cluster> {
    let name = cx.text(r.name, "name", true);
    let summary = cx.summary(r.summary);
    let body = cx.text(r.body, "body", true);
    let country = cx.country(r.country);
    let region = cx.term(r.region, REGIONS);
    let sectors = cx.terms(r.sectors, SECTORS, "sectors", true);
    let technologies = cx.terms(r.technologies, TECHNOLOGIES, "technologies", false);
    let founded = cx.founded(r.founded);
    let members = r.members.map(|m| {
        let span = m.span();
        let m = m.into_inner();
        let as_of = cx.date(m.as_of, "members.as_of", false);
        let parts = [m.smes, m.large, m.research, m.public, m.other]
            .iter()
            .flatten()
            .sum::<u32>();
        if let Some(total) = m.total
            && parts > total
        {
            cx.error(
                "E003",
                format!("`members`: the parts add up to {parts}, more than total = {total}"),
                span.clone(),
            );
        }
        Members {
            total: m.total,
            smes: m.smes,
            large: m.large,
            research: m.research,
            public: m.public,
            other: m.other,
            as_of,
            at: Some(cx.loc(span)),
        }
    });
    let mut labels = Vec::new();
    for l in r.labels.map(Spanned::into_inner).unwrap_or_default() {
        let span = l.span();
        let l = l.into_inner();
        let scheme = l.scheme.get_ref().clone();
        // A scheme is shown by its name: the programme's (`label_schemes`), else the
        // built-in theme's (the EU schemes); one with neither would show its slug.
        let known = cx.ctx.taxonomies.label_scheme(&scheme).is_some()
            || crate::render::theme::built_in_label_scheme(&scheme);
        if !known {
            let mut all: Vec<&str> = EUCLES_SCHEMES.to_vec();
            for v in LABEL_SCHEME_VOCABULARIES {
                all.extend(cx.ctx.taxonomies.terms(v).map(|(k, _)| k.as_str()));
            }
            let hint = did_you_mean(&scheme, all.iter().copied())
                .unwrap_or_else(|| "use eucles-bronze, eucles-silver, eucles-gold, or a scheme under [label_schemes] in taxonomies.toml".into());
            cx.error(
                "E009",
                format!("unknown label scheme `{scheme}`"),
                l.scheme.span(),
            )
            .hint = Some(hint);
        }
        let awarded = match parse_year_month(l.awarded.get_ref()) {
            Ok(a) => Some(a),
            Err(e) => {
                cx.error("E010", format!("`labels.awarded`: {e}"), l.awarded.span());
                None
            }
        };
        let valid_until = match &l.valid_until {
            None => awarded.map(|a| a.plus_months(24)),
            Some(v) => match parse_year_month(v.get_ref()) {
                Ok(u) => Some(u),
                Err(e) => {
                    cx.error("E010", format!("`labels.valid_until`: {e}"), v.span());
                    None
                }
            },
        };
        if let Some(p) = l.score_pct
            && !(0.0..=100.0).contains(&p)
        {
            cx.error(
                "E003",
                format!("`labels.score_pct` must be between 0 and 100, found {p}"),
                span.clone(),
            );
        }
        let (Some(awarded), Some(valid_until)) = (awarded, valid_until) else {
            continue;
        };
        let until_span = l
            .valid_until
            .as_ref()
            .map(|v| v.span())
            .unwrap_or(span.clone());
        if valid_until < awarded {
            cx.error(
                "E012",
                format!(
                    "label `{scheme}` expires ({}) before it is awarded ({})",
                    valid_until.iso(),
                    awarded.iso()
                ),
                until_span,
            );
            continue;
        }
        if known {
            let label = Label {
                scheme,
                awarded,
                valid_until,
                score_pct: l.score_pct,
            };
            if valid_until.last_day() < cx.ctx.today {
                let d = Diagnostic::warning(
                    "W001",
                    format!(
                        "label `{}` expired at the end of {}; it is shown as a past label",
                        label.scheme,
                        valid_until.iso()
                    ),
                )
                .at(cx.loc(until_span))
                .hint("remove it or record the renewal with a new `awarded` date");
                cx.diags.push(d);
            }
            labels.push(label);
        }
    }
    let website = cx.url(r.website, "website", true);
    let contact = cx.required(r.contact, "contact").map(|c| {
        let span = c.span();
        let c = c.into_inner();
        if c.email.is_none() && c.phone.is_none() {
            cx.error("E004", "`contact` needs an `email` or a `phone`", span);
        }
        cx.contact(c)
    });
    let (logo, logo_alt) = cx.logo(r.logo, r.logo_alt);
    let mut social = Vec::new();
    for s in r.social.map(Spanned::into_inner).unwrap_or_default() {
        if let Some(u) = cx.check_url(s.get_ref(), "social", s.span()) {
            social.push(u);
        }
    }
    let location = cx.location(r.location);
    let updated = cx.date(r.updated, "updated", true);
    let mut maintainers = Vec::new();
    for m in r.maintainers.map(Spanned::into_inner).unwrap_or_default() {
        let h = m.get_ref().trim();
        let valid = h.strip_prefix('@').is_some_and(|n| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/' || c == '_')
        });
        if valid {
            maintainers.push(h.to_string());
        } else {
            cx.error(
                "E003",
                format!("`maintainers` entry `{h}` is not a GitHub handle"),
                m.span(),
            )
            .hint = Some("write `@user` or `@org/team`".into());
        }
    }
    Some(Cluster {
        slug: cx.rec.slug.clone(),
        name: name?,
        acronym: r.acronym.map(Spanned::into_inner),
        summary: summary?,
        body: body?,
        country: country?,
        region,
        sectors,
        technologies,
        founded,
        members,
        labels,
        website: website?,
        contact: contact?,
        logo,
        logo_alt,
        social,
        location,
        updated: updated?,
        maintainers,
        featured: r.featured.map(Spanned::into_inner).unwrap_or(false),
        aliases: cx.aliases(r.aliases),
        origin: cx.origin(),
    })
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;

    const CLUSTER: &str = "content/clusters/oceanlab.toml";

    /// A cluster with `extra` top-level fields and `contact` as its contact table.
    fn check(extra: &str, contact: &str) -> Vec<Seen> {
        let text = format!(
            "name = \"Ocean Lab\"\nsummary = \"An ocean cluster.\"\nbody = \"Text.\"\n\
             country = \"NO\"\nsectors = [\"maritime\"]\nwebsite = \"https://oceanlab.example.org/\"\n\
             updated = 2026-01-01\n{extra}[contact]\n{contact}"
        );
        site(&[(CLUSTER, &text)]).check()
    }
    const EMAIL: &str = "email = \"post@oceanlab.no\"\n";

    #[test]
    fn a_complete_cluster_has_no_finding() {
        assert!(check("", EMAIL).is_empty());
    }

    #[test]
    fn contact_needs_a_valid_email_or_phone() {
        assert_eq!(
            brief(&check("", "name = \"Kari\"\n")),
            [("E004", "`contact` needs an `email` or a `phone`", 8, 1)]
        );
        let seen = check("", "email = \"post@oceanlab\"\nphone = \"call us\"\n");
        assert_eq!(
            brief(&seen),
            [
                (
                    "E015",
                    "`contact.email` `post@oceanlab` is not an email address",
                    9,
                    9
                ),
                (
                    "E015",
                    "`contact.phone` `call us` is not a phone number",
                    10,
                    9
                ),
            ]
        );
    }

    #[test]
    fn website_country_and_founding_year_are_checked() {
        let text =
            |country: &str, founded: i32| format!("country = \"{country}\"\nfounded = {founded}\n");
        let seen = site(&[(
            CLUSTER,
            &format!(
                "name = \"O\"\nsummary = \"S.\"\nbody = \"B.\"\n{}sectors = [\"maritime\"]\n\
                 website = \"www.oceanlab.no\"\nupdated = 2026-01-01\n[contact]\n{EMAIL}",
                text("XX", 1700)
            ),
        )])
        .check();
        assert_eq!(
            brief(&seen),
            [
                (
                    "E003",
                    "`country` must be an ISO 3166-1 alpha-2 code, found `XX`",
                    4,
                    11
                ),
                (
                    "E003",
                    "`founded` must be a year between 1800 and 2026, found 1700",
                    5,
                    11
                ),
                (
                    "E014",
                    "`website` must be an absolute http(s) URL, found `www.oceanlab.no`",
                    7,
                    11
                ),
            ]
        );
    }

    #[test]
    fn a_summary_has_at_most_300_characters() {
        let text = format!(
            "name = \"O\"\nsummary = \"{}\"\nbody = \"B.\"\ncountry = \"NO\"\nsectors = [\"maritime\"]\n\
             website = \"https://o.example.org/\"\nupdated = 2026-01-01\n[contact]\n{EMAIL}",
            "x".repeat(301)
        );
        let seen = site(&[(CLUSTER, &text)]).check();
        let msg = "`summary` (en) is 301 characters; at most 300 are allowed";
        assert_eq!(brief(&seen), [("E013", msg, 2, 11)]);
    }

    #[test]
    fn labels_are_known_ordered_and_current() {
        let label = |l: &str| check(&format!("labels = [{l}]\n"), EMAIL);
        let seen = label("{ scheme = \"eucles-gold\", awarded = \"2023-01\" }");
        let msg = "label `eucles-gold` expired at the end of 2025-01; it is shown as a past label";
        assert_eq!(brief(&seen), [("W001", msg, 8, 11)]);
        let seen =
            label("{ scheme = \"eucles-gold\", awarded = \"2026-01\", valid_until = \"2025-12\" }");
        let msg = "label `eucles-gold` expires (2025-12) before it is awarded (2026-01)";
        assert_eq!(brief(&seen), [("E012", msg, 8, 72)]);
        let seen = label("{ scheme = \"eucles-platinum\", awarded = \"2026-01\" }");
        assert_eq!(
            brief(&seen),
            [("E009", "unknown label scheme `eucles-platinum`", 8, 22)]
        );
    }

    #[test]
    fn a_logo_needs_alternative_text() {
        let text = format!(
            "name = \"O\"\nsummary = \"S.\"\nbody = \"B.\"\ncountry = \"NO\"\nsectors = [\"maritime\"]\n\
             website = \"https://o.example.org/\"\nupdated = 2026-01-01\nlogo = \"logo.svg\"\n[contact]\n{EMAIL}"
        );
        let seen = site(&[(CLUSTER, &text)])
            .asset(
                CLUSTER,
                "logo.svg",
                file("content/clusters/logo.svg", 10, Some("<svg/>")),
            )
            .check();
        assert_eq!(
            brief(&seen),
            [("E016", "`logo` has no alternative text", 8, 8)]
        );
    }
}
