//! Organisation records (`content/organisations/`): the companies, research institutes,
//! universities and other actors inside the clusters. Converts a [`RawOrganisation`] into
//! an [`Organisation`]; the rules they share with clusters (country, contact, location,
//! logo, founding year) are in `fields`.

use super::fields::RecordCx;
use crate::content::raw::{RawOrganisation, RawTextList};
use crate::model::*;
use crate::text::Text;
use toml::Spanned;

pub(super) fn convert_organisation(cx: &mut RecordCx, r: RawOrganisation) -> Option<Organisation> {
    let name = cx.text(r.name, "name", true);
    let kind_given = r.kind.is_some();
    let kind = cx.choice::<OrganisationKind>(r.kind, "kind");
    if !kind_given {
        cx.missing("kind");
    }
    let size = r.size.map(|s| {
        let span = s.span();
        let size = cx.choice::<OrganisationSize>(Some(s), "size");
        (size, span)
    });
    if let Some((_, span)) = &size
        && kind_given
        && kind != OrganisationKind::Company
    {
        cx.error(
            "E003",
            format!(
                "`size` is for companies (the EU SME definition); this organisation is `{kind}`"
            ),
            span.clone(),
        )
        .hint = Some("leave `size` out, or set `kind = \"company\"`".into());
    }
    let summary = cx.summary(r.summary);
    let body = cx.text(r.body, "body", false);
    let clusters = cx.cluster_refs(r.clusters, "clusters", false);
    let sectors = cx.terms(r.sectors, SECTORS, "sectors", false);
    let technologies = cx.terms(r.technologies, TECHNOLOGIES, "technologies", false);
    let competences = competences(cx, r.competences);
    let country = cx.country(r.country);
    let region = cx.term(r.region, REGIONS);
    let location = cx.location(r.location);
    let website = cx.url(r.website, "website", true);
    let contact = r.contact.map(|c| cx.contact(c.into_inner()));
    let founded = cx.founded(r.founded);
    let employees = r.employees.and_then(|e| match u32::try_from(*e.get_ref()) {
        Ok(n) => Some(n),
        Err(_) => {
            cx.error(
                "E003",
                format!(
                    "`employees` must be a whole number of 0 or more, found {}",
                    e.get_ref()
                ),
                e.span(),
            );
            None
        }
    });
    let (logo, logo_alt) = cx.logo(r.logo, r.logo_alt);
    let updated = cx.date(r.updated, "updated", true);
    Some(Organisation {
        slug: cx.rec.slug.clone(),
        name: name?,
        kind,
        size: size.map(|(s, _)| s),
        summary: summary?,
        body,
        clusters,
        sectors,
        technologies,
        competences,
        country: country?,
        region,
        city: r
            .city
            .map(Spanned::into_inner)
            .filter(|c| !c.trim().is_empty()),
        location,
        website: website?,
        contact,
        founded,
        employees,
        logo,
        logo_alt,
        updated: updated?,
        aliases: cx.aliases(r.aliases),
        origin: cx.origin(),
    })
}

/// Competences: a list, or lists by language, English among them when any is given.
fn competences(cx: &mut RecordCx, v: Option<Spanned<RawTextList>>) -> TextList {
    let Some(v) = v else {
        return TextList::default();
    };
    let span = v.span();
    let values = match v.into_inner() {
        RawTextList::English(en) => [("en".to_string(), en)].into(),
        RawTextList::ByLanguage(m) => m,
    };
    // The language checks of texts, on a text with one entry per language.
    let mut as_text = Text::default();
    for lang in values.keys() {
        as_text.values.insert(
            lang.clone(),
            crate::text::TextValue {
                text: String::new(),
                span: span.clone(),
                file: None,
            },
        );
    }
    super::fields::check_text_languages(&as_text, cx.rec.main, cx.ctx.config, &mut cx.diags);
    if !values.contains_key("en") {
        cx.error("E005", "`competences` has no English list", span.clone())
            .hint = Some("English is mandatory; other languages are optional".into());
    }
    let values = values
        .into_iter()
        .filter(|(lang, _)| cx.ctx.config.has_language(lang))
        .map(|(lang, list)| {
            let list = list
                .into_iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect();
            (lang, list)
        })
        .collect();
    TextList { values }
}

#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;

    const ORG: &str = "content/organisations/sonarworks.toml";

    fn org(extra: &str) -> String {
        format!(
            "name = \"Sonarworks\"\nsummary = \"Sonar makers.\"\ncountry = \"NO\"\n\
             website = \"https://sonarworks.example/\"\nupdated = 2026-01-01\n{extra}"
        )
    }

    #[test]
    fn a_complete_organisation_is_assembled_with_translated_competences() {
        let (site, seen) = site(&[
            ("content/clusters/oceanlab.toml", CLUSTER),
            (
                ORG,
                &org(
                    "kind = \"company\"\nsize = \"small\"\nclusters = [\"oceanlab\"]\n\
                      competences = { en = [\"sonar\"], de = [\"Sonar\"] }\n",
                ),
            ),
        ])
        .assemble();
        assert!(seen.is_empty(), "{seen:#?}");
        let site = site.unwrap();
        let o = &site.organisations[0];
        assert_eq!(o.clusters, ["oceanlab"]);
        assert_eq!(
            o.competences.resolve("de"),
            (&["Sonar".to_string()][..], false)
        );
        assert!(o.competences.resolve("fr").1);
    }

    #[test]
    fn kind_is_required_size_is_for_companies_and_clusters_must_exist() {
        let seen = check_one(ORG, &org("size = \"small\"\nclusters = [\"nowhere\"]\n"));
        assert_eq!(
            brief(&seen),
            [
                ("E004", "missing required field `kind`", 1, 1),
                ("E009", "`clusters` names unknown cluster `nowhere`", 7, 13),
            ]
        );
        let seen = check_one(ORG, &org("kind = \"university\"\nsize = \"large\"\n"));
        assert_eq!(
            brief(&seen),
            [(
                "E003",
                "`size` is for companies (the EU SME definition); this organisation is `university`",
                7,
                8
            )]
        );
    }

    #[test]
    fn competences_need_english() {
        let seen = check_one(
            ORG,
            &org("kind = \"company\"\ncompetences = { de = [\"Sonar\"] }\n"),
        );
        assert_eq!(
            brief(&seen),
            [("E005", "`competences` has no English list", 7, 15)]
        );
    }
}
