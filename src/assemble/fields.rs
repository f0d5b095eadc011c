//! Converting one record's fields: [`RecordCx`] holds the record, the shared context and
//! the diagnostics found so far, and has one method per kind of field (text, date, URL,
//! vocabulary terms, cluster references, fixed choices; asset paths are in `asset`). Every
//! record kind's `convert_*` is written with these, so a rule about a kind of field is
//! stated once.

use super::Ctx;
use super::checks::{is_absolute_http_url, is_valid_email, is_valid_phone};
use crate::config::{Config, is_language_tag};
use crate::content::load::RecordFiles;
use crate::content::raw::{RawContact, RawLocation, S, SList};
use crate::dates::parse_date;
use crate::diag::{Diagnostic, did_you_mean};
use crate::model::{Alias, Asset, Contact, FixedList, Origin};
use crate::source::{Loc, SourceId};
use crate::text::{Text, fix_spans};
use chrono::NaiveDate;
use toml::Spanned;

/// Languages used in a text must be declared in site.toml.
pub(super) fn check_text_languages(
    t: &Text,
    default_file: SourceId,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    for (lang, v) in &t.values {
        if !config.has_language(lang) {
            let msg = if is_language_tag(lang) {
                format!("text in `{lang}`, which site.toml does not declare")
            } else {
                format!("`{lang}` is not a language tag")
            };
            out.push(
                Diagnostic::error("E006", msg)
                    .at(Loc::new(v.file.unwrap_or(default_file), v.span.clone()))
                    .hint(format!(
                        "declared languages: {}",
                        config.languages.join(", ")
                    )),
            );
        }
    }
}

/// One record being converted: its files, the shared context, and its diagnostics.
pub struct RecordCx<'a, 'b> {
    pub(super) ctx: &'b Ctx<'a>,
    pub(super) rec: &'b RecordFiles,
    pub(super) diags: Vec<Diagnostic>,
}

impl<'a, 'b> RecordCx<'a, 'b> {
    pub(super) fn new(ctx: &'b Ctx<'a>, rec: &'b RecordFiles) -> Self {
        RecordCx {
            ctx,
            rec,
            diags: Vec::new(),
        }
    }
    pub(super) fn loc(&self, span: std::ops::Range<usize>) -> Loc {
        Loc::new(self.rec.main, span)
    }
    pub(super) fn error(
        &mut self,
        code: &'static str,
        msg: impl Into<String>,
        span: std::ops::Range<usize>,
    ) -> &mut Diagnostic {
        let d = Diagnostic::error(code, msg).at(self.loc(span));
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }
    pub(super) fn missing(&mut self, field: &str) {
        let kind = self.rec.kind.name();
        self.error("E004", format!("missing required field `{field}`"), 0..0)
            .hint = Some(format!("every {kind} record needs `{field}`"));
    }
    pub(super) fn required<T>(&mut self, v: S<T>, field: &str) -> Option<Spanned<T>> {
        if v.is_none() {
            self.missing(field);
        }
        v
    }
    pub(super) fn text(&mut self, v: S<Text>, field: &str, required: bool) -> Option<Text> {
        let Some(mut v) = v else {
            if required {
                self.missing(field);
            }
            return None;
        };
        fix_spans(&mut v);
        let span = v.span();
        let t = v.into_inner();
        check_text_languages(&t, self.rec.main, self.ctx.config, &mut self.diags);
        if !t.has("en") {
            let where_ = t
                .values
                .values()
                .next()
                .map(|x| Loc::new(x.file.unwrap_or(self.rec.main), x.span.clone()));
            let d = Diagnostic::error("E005", format!("`{field}` has no English text"))
                .at(where_.unwrap_or_else(|| self.loc(span)))
                .hint("English is mandatory; other languages are optional");
            self.diags.push(d);
            return None;
        }
        if t.values.values().all(|x| x.text.trim().is_empty()) && required {
            self.error("E004", format!("`{field}` is empty"), span);
            return None;
        }
        Some(t)
    }
    pub(super) fn date(
        &mut self,
        v: S<toml::Value>,
        field: &str,
        required: bool,
    ) -> Option<NaiveDate> {
        let v = if required { self.required(v, field) } else { v }?;
        match parse_date(v.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error("E010", format!("`{field}`: {e}"), v.span());
                None
            }
        }
    }
    pub(super) fn url(&mut self, v: S<String>, field: &str, required: bool) -> Option<String> {
        let v = if required { self.required(v, field) } else { v }?;
        self.check_url(v.get_ref(), field, v.span())
    }
    pub(super) fn check_url(
        &mut self,
        u: &str,
        field: &str,
        span: std::ops::Range<usize>,
    ) -> Option<String> {
        if is_absolute_http_url(u) {
            Some(u.trim().to_string())
        } else {
            self.error(
                "E014",
                format!("`{field}` must be an absolute http(s) URL, found `{u}`"),
                span,
            )
            .hint = Some("write the full address, e.g. https://www.example.org/".into());
            None
        }
    }
    pub(super) fn terms(
        &mut self,
        v: SList,
        vocabulary: &str,
        field: &str,
        required: bool,
    ) -> Vec<String> {
        let Some(v) = v else {
            if required {
                self.missing(field);
            }
            return Vec::new();
        };
        let span = v.span();
        let list = v.into_inner();
        if required && list.is_empty() {
            self.error("E004", format!("`{field}` needs at least one term"), span);
        }
        let mut out = Vec::new();
        for t in list {
            if let Some(t) = self.term(Some(t), vocabulary)
                && !out.contains(&t)
            {
                out.push(t);
            }
        }
        out
    }
    /// A term of a vocabulary, or an E009 with the closest known term as hint.
    pub(super) fn term(&mut self, v: S<String>, vocabulary: &str) -> Option<String> {
        let v = v?;
        if self.ctx.taxonomies.term(vocabulary, v.get_ref()).is_some() {
            return Some(v.into_inner());
        }
        let known = self
            .ctx
            .taxonomies
            .terms(vocabulary)
            .map(|(k, _)| k.as_str());
        let hint = did_you_mean(v.get_ref(), known).unwrap_or_else(|| {
            format!("declare it under [{vocabulary}] in content/taxonomies.toml")
        });
        self.error(
            "E009",
            format!("unknown {vocabulary} term `{}`", v.get_ref()),
            v.span(),
        )
        .hint = Some(hint);
        None
    }
    pub(super) fn cluster_refs(
        &mut self,
        v: SList,
        field: &str,
        allow_programme: bool,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for c in v.map(Spanned::into_inner).unwrap_or_default() {
            let s = c.get_ref().as_str();
            let clusters = &self.ctx.slugs[&crate::model::Kind::Cluster];
            if (allow_programme && s == "programme") || clusters.contains(s) {
                out.push(s.to_string());
            } else {
                let hint = did_you_mean(s, clusters.iter().copied()).unwrap_or_else(|| {
                    "use the slug of a cluster in content/clusters/ (its file or folder name)"
                        .into()
                });
                self.error(
                    "E009",
                    format!("`{field}` names unknown cluster `{s}`"),
                    c.span(),
                )
                .hint = Some(hint);
            }
        }
        out
    }
    /// A value of a fixed list; the list's default when the field is left out or wrong.
    pub(super) fn choice<T: FixedList>(&mut self, v: S<String>, field: &str) -> T {
        let Some(v) = v else {
            return T::default();
        };
        if let Some(value) = T::parse(v.get_ref()) {
            return value;
        }
        let allowed = || T::ALL.iter().map(|a| a.as_str());
        let hint = did_you_mean(v.get_ref(), allowed()).unwrap_or_else(|| {
            format!(
                "expected one of {}",
                allowed()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        self.error(
            "E003",
            format!("`{field}` cannot be `{}`", v.get_ref()),
            v.span(),
        )
        .hint = Some(hint);
        T::default()
    }
    /// A record's `aliases`: old slugs, each a valid slug (E008) and not a second time
    /// (E007). Whether another record has it is checked once every record is converted
    /// (`aliases::check`).
    pub(super) fn aliases(&mut self, v: SList) -> Vec<Alias> {
        use crate::content::load::{is_valid_slug, suggest_slug};
        let mut out: Vec<Alias> = Vec::new();
        for a in v.map(Spanned::into_inner).unwrap_or_default() {
            let span = a.span();
            let slug = a.into_inner();
            if !is_valid_slug(&slug) {
                self.error("E008", format!("alias `{slug}` is not a valid slug"), span)
                    .hint = Some(format!(
                    "an alias is a record's old slug: lower-case ASCII letters, digits and `-`, e.g. `{}`",
                    suggest_slug(&slug)
                ));
            } else if slug == self.rec.slug || out.iter().any(|o| o.slug == slug) {
                let what = if slug == self.rec.slug {
                    "is the record's own slug"
                } else {
                    "is listed twice"
                };
                self.error("E007", format!("alias `{slug}` {what}"), span)
                    .hint =
                    Some("remove it: an alias is an old slug the record no longer has".into());
            } else {
                let at = self.loc(span);
                out.push(Alias { slug, at });
            }
        }
        out
    }
    pub(super) fn strings(&mut self, v: SList) -> Vec<String> {
        v.map(|l| {
            l.into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect()
        })
        .unwrap_or_default()
    }
    /// A summary: required, at most 300 characters in every language.
    pub(super) fn summary(&mut self, v: S<Text>) -> Option<Text> {
        let summary = self.text(v, "summary", true)?;
        for (lang, v) in &summary.values {
            let n = v.text.chars().count();
            if n > 300 {
                let loc = Loc::new(v.file.unwrap_or(self.rec.main), v.span.clone());
                self.diags.push(
                    Diagnostic::error(
                        "E013",
                        format!("`summary` ({lang}) is {n} characters; at most 300 are allowed"),
                    )
                    .at(loc)
                    .hint("keep the summary to two or three sentences; the body holds the details"),
                );
            }
        }
        Some(summary)
    }
    /// An ISO 3166-1 alpha-2 code.
    fn country_code(&mut self, c: Spanned<String>, field: &str) -> Option<String> {
        let code = c.get_ref().as_str();
        if crate::countries::is_iso_alpha2(code) {
            Some(code.to_string())
        } else {
            self.error(
                "E003",
                format!("`{field}` must be an ISO 3166-1 alpha-2 code, found `{code}`"),
                c.span(),
            )
            .hint = Some("e.g. \"NO\", \"DE\", \"AT\"".into());
            None
        }
    }
    /// The required `country`.
    pub(super) fn country(&mut self, v: S<String>) -> Option<String> {
        let c = self.required(v, "country")?;
        self.country_code(c, "country")
    }
    /// A list of countries (`countries`).
    pub(super) fn countries(&mut self, v: SList, field: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in v.map(Spanned::into_inner).unwrap_or_default() {
            if let Some(code) = self.country_code(c, field)
                && !out.contains(&code)
            {
                out.push(code);
            }
        }
        out
    }
    /// A founding year between 1800 and this year.
    pub(super) fn founded(&mut self, v: S<i64>) -> Option<i32> {
        let f = v?;
        let y = *f.get_ref();
        let this_year = chrono::Datelike::year(&self.ctx.today) as i64;
        if (1800..=this_year).contains(&y) {
            Some(y as i32)
        } else {
            self.error(
                "E003",
                format!("`founded` must be a year between 1800 and {this_year}, found {y}"),
                f.span(),
            );
            None
        }
    }
    /// A contact table: email and phone checked, the role translatable.
    pub(super) fn contact(&mut self, c: RawContact) -> Contact {
        let email = c.email.and_then(|e| {
            if is_valid_email(e.get_ref().trim()) {
                Some(e.get_ref().trim().to_string())
            } else {
                self.error(
                    "E015",
                    format!("`contact.email` `{}` is not an email address", e.get_ref()),
                    e.span(),
                );
                None
            }
        });
        let phone = c.phone.and_then(|p| {
            if is_valid_phone(p.get_ref().trim()) {
                Some(p.get_ref().trim().to_string())
            } else {
                self.error(
                    "E015",
                    format!("`contact.phone` `{}` is not a phone number", p.get_ref()),
                    p.span(),
                )
                .hint = Some("write it in international form, e.g. \"+47 55 12 34 56\"".into());
                None
            }
        });
        let role = self.text(c.role, "contact.role", false);
        Contact {
            name: c.name,
            role,
            email,
            phone,
        }
    }
    /// A logo inside the record's folder, which needs its alternative text.
    pub(super) fn logo(&mut self, logo: S<String>, alt: S<Text>) -> (Option<Asset>, Option<Text>) {
        let asset = logo.as_ref().and_then(|l| self.asset(l, "logo"));
        let alt_text = self.text(alt, "logo_alt", false);
        if let (Some(l), None) = (&logo, &alt_text) {
            self.error("E016", "`logo` has no alternative text", l.span())
                .hint = Some(
                "add `logo_alt` describing the logo, e.g. \"Ocean Autonomy Cluster logo\"".into(),
            );
        }
        (asset, alt_text)
    }
    /// A map position.
    pub(super) fn location(&mut self, v: S<RawLocation>) -> Option<(f64, f64)> {
        let l = v?;
        let span = l.span();
        let l = l.into_inner();
        if (-90.0..=90.0).contains(&l.lat) && (-180.0..=180.0).contains(&l.lon) {
            Some((l.lat, l.lon))
        } else {
            self.error(
                "E003",
                "`location` needs lat in -90..90 and lon in -180..180",
                span,
            );
            None
        }
    }
    /// A date or date-time as events and calls write them (offset, local or date alone).
    pub(super) fn moment(
        &mut self,
        v: &Spanned<toml::Value>,
        field: &str,
    ) -> Option<crate::dates::EventTime> {
        match crate::dates::parse_event_time(v.get_ref()) {
            Ok(t) => Some(t),
            Err(e) => {
                self.error("E010", format!("`{field}`: {e}"), v.span());
                None
            }
        }
    }
    /// An IANA time zone name.
    pub(super) fn time_zone(&mut self, v: &S<String>) -> Option<chrono_tz::Tz> {
        let z = v.as_ref()?;
        match z.get_ref().parse::<chrono_tz::Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let hint =
                    did_you_mean(z.get_ref(), chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()))
                        .unwrap_or_else(|| "use an IANA name such as \"Europe/Berlin\"".into());
                self.error(
                    "E003",
                    format!("unknown time zone `{}`", z.get_ref()),
                    z.span(),
                )
                .hint = Some(hint);
                None
            }
        }
    }
    /// References to records of another kind (`organisation`, `documents`): each must be
    /// the slug of such a record.
    pub(super) fn refs(
        &mut self,
        v: Vec<Spanned<String>>,
        field: &str,
        kind: crate::model::Kind,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let known = self.ctx.slugs.get(&kind);
        for r in v {
            let s = r.get_ref().as_str();
            if known.is_some_and(|k| k.contains(s)) {
                out.push(s.to_string());
                continue;
            }
            let hint = known
                .and_then(|k| did_you_mean(s, k.iter().copied()))
                .unwrap_or_else(|| {
                    format!(
                        "use the slug of a record in content/{}/ (its file or folder name)",
                        kind.folder()
                    )
                });
            self.error(
                "E009",
                format!("`{field}` names unknown {} `{s}`", kind.name()),
                r.span(),
            )
            .hint = Some(hint);
        }
        out
    }
    pub(super) fn origin(&self) -> Origin {
        let s = self.ctx.sources;
        let file = s.get(self.rec.main).rel.clone();
        let mut paths = vec![file.clone()];
        paths.extend(
            self.rec
                .translations
                .values()
                .map(|(id, _)| s.get(*id).rel.clone()),
        );
        if self.rec.own_folder
            && let Some((dir, _)) = file.rsplit_once('/')
        {
            paths.push(format!("{dir}/"));
        }
        Origin { file, paths }
    }
}

/// The rules every kind shares, shown on news items (the shortest kind).
#[cfg(test)]
mod tests {
    use crate::assemble::testing::*;

    const NEWS: &str = "content/news/launch.md";

    fn news(fields: &str) -> String {
        format!("+++\n{fields}+++\nBody.\n")
    }
    const BASE: &str = "title = \"Launch\"\nsummary = \"A launch.\"\npublished = 2026-01-05\n";

    fn check(fields: &str) -> Vec<Seen> {
        site(&[(NEWS, &news(fields))]).check()
    }

    #[test]
    fn every_missing_required_field_is_reported_at_the_top() {
        let seen = check("title = \"Launch\"\n");
        assert_eq!(
            brief(&seen),
            [
                ("E004", "missing required field `published`", 1, 1),
                ("E004", "missing required field `summary`", 1, 1),
            ]
        );
        assert_eq!(
            seen[0].hint.as_deref(),
            Some("every news record needs `published`")
        );
    }

    #[test]
    fn texts_need_english_in_declared_languages() {
        let seen = check(
            "title = { de = \"Start\" }\nsummary = { en = \"A.\", fr = \"B.\" }\npublished = 2026-01-05\n",
        );
        assert_eq!(
            brief(&seen),
            [
                ("E005", "`title` has no English text", 2, 16),
                (
                    "E006",
                    "text in `fr`, which site.toml does not declare",
                    3,
                    29
                ),
            ]
        );
        assert_eq!(seen[1].hint.as_deref(), Some("declared languages: en, de"));
    }

    #[test]
    fn a_date_must_be_a_date() {
        let seen = check("title = \"Launch\"\nsummary = \"A.\"\npublished = \"soon\"\n");
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!((seen[0].code, seen[0].line, seen[0].col), ("E010", 4, 13));
        assert!(
            seen[0].message.starts_with("`published`: "),
            "{}",
            seen[0].message
        );
    }

    #[test]
    fn terms_and_clusters_must_be_known() {
        let seen = check(&format!(
            "{BASE}sectors = [\"maritme\"]\nclusters = [\"oceanlab\"]\n"
        ));
        assert_eq!(
            brief(&seen),
            [
                ("E009", "unknown sectors term `maritme`", 5, 12),
                ("E009", "`clusters` names unknown cluster `oceanlab`", 6, 13),
            ]
        );
        assert_eq!(seen[0].hint.as_deref(), Some("did you mean `maritime`?"));
    }

    #[test]
    fn a_choice_must_be_one_of_the_list() {
        let seen = check(&format!("{BASE}kind = \"story\"\n"));
        assert_eq!(brief(&seen), [("E003", "`kind` cannot be `story`", 5, 8)]);
        let hint = "expected one of `news`, `success-story`";
        assert_eq!(seen[0].hint.as_deref(), Some(hint));
    }
}
