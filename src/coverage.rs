//! Translation coverage: what translators still have to do, per language.

use crate::model::Site;
use crate::render::theme::Theme;
use std::fmt::Write;

pub fn report(site: &Site, theme: Option<&Theme>) -> String {
    let mut out = String::from("Translation coverage\n");
    // UI strings as pages get them: the built-in theme's, the site theme's and the site's
    // own `i18n/`, as `check` counts them for W013.
    let english = theme.map(|t| crate::render::theme::strings_for(t, "en"));
    let ui_keys: Vec<&String> = english.iter().flat_map(|s| s.keys()).collect();
    for lang in site.config.languages.iter().filter(|l| *l != "en") {
        let count = |items: Vec<(String, bool)>| {
            let done = items.iter().filter(|(_, ok)| *ok).count();
            let missing: Vec<String> = items
                .into_iter()
                .filter(|(_, ok)| !ok)
                .map(|(s, _)| s)
                .collect();
            (done, done + missing.len(), missing)
        };
        let kinds = [
            (
                "clusters",
                count(
                    site.clusters
                        .iter()
                        .map(|c| {
                            (
                                c.origin.file.clone(),
                                c.summary.has(lang) && c.body.has(lang),
                            )
                        })
                        .collect(),
                ),
            ),
            (
                "events",
                count(
                    site.events
                        .iter()
                        .map(|e| (e.origin.file.clone(), e.summary.has(lang)))
                        .collect(),
                ),
            ),
            (
                "news",
                count(
                    site.news
                        .iter()
                        .map(|n| (n.origin.file.clone(), n.summary.has(lang)))
                        .collect(),
                ),
            ),
            (
                "documents",
                count(
                    site.documents
                        .iter()
                        .map(|d| (d.origin.file.clone(), d.title.has(lang)))
                        .collect(),
                ),
            ),
            (
                "pages",
                count(
                    site.pages
                        .iter()
                        .map(|p| (p.origin.file.clone(), p.body.has(lang)))
                        .collect(),
                ),
            ),
            (
                "organisations",
                count(
                    site.organisations
                        .iter()
                        .map(|o| {
                            let competences =
                                o.competences.is_empty() || !o.competences.resolve(lang).1;
                            (o.origin.file.clone(), o.summary.has(lang) && competences)
                        })
                        .collect(),
                ),
            ),
            (
                "calls",
                count(
                    site.calls
                        .iter()
                        .map(|c| (c.origin.file.clone(), c.summary.has(lang)))
                        .collect(),
                ),
            ),
            (
                "cooperation requests",
                count(
                    site.cooperation
                        .iter()
                        .filter(|c| !c.expired(site.build_date))
                        .map(|c| (c.origin.file.clone(), c.summary.has(lang)))
                        .collect(),
                ),
            ),
        ];
        let ui = theme.map(|t| crate::render::theme::own_strings(t, lang));
        let ui_missing: Vec<&&String> = ui_keys
            .iter()
            .filter(|k| ui.as_ref().is_none_or(|u| !u.contains_key(**k)))
            .collect();
        let ui_pct = if ui_keys.is_empty() {
            100
        } else {
            100 * (ui_keys.len() - ui_missing.len()) / ui_keys.len()
        };
        let parts: Vec<String> = kinds
            .iter()
            .map(|(k, (d, t, _))| format!("{d}/{t} {k}"))
            .collect();
        let _ = writeln!(out, "{lang}: {}, UI {ui_pct}%", parts.join(", "));
        for (_, (_, _, missing)) in &kinds {
            for m in missing {
                let _ = writeln!(out, "  missing: {m}");
            }
        }
        for k in ui_missing {
            let _ = writeln!(out, "  missing UI string: {k}");
        }
    }
    out
}
