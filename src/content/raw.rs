//! Records as written by contributors: one struct per kind, unknown fields rejected.
//!
//! Every top-level field is optional here so that assembling can report *all* missing
//! required fields of a record at once, with rules and messages of our own, and so that a
//! translation file (which holds only translatable fields) uses the same type.

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{Loc, SourceId};
use crate::text::{Text, fix_spans};
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Option<Spanned<T>>;
/// A list whose items each keep their position (for "unknown sector `x`" at the right spot).
pub type SList = Option<Spanned<Vec<Spanned<String>>>>;

/// What every record type can do when files are merged.
pub trait RawRecord: for<'de> Deserialize<'de> + Default + Send {
    /// Field names a translation file may hold.
    const TRANSLATABLE: &'static [&'static str];
    /// Move translatable values of `tr` (a translation file in `lang`) into `self`;
    /// anything else in `tr` is an error.
    fn merge_translation(
        &mut self,
        tr: Self,
        lang: &str,
        tr_file: SourceId,
        diags: &mut Diagnostics,
    );
    /// The Markdown body of a `.md` record.
    fn body_mut(&mut self) -> &mut S<Text>;
    /// Record the file every text value came from.
    fn set_file(&mut self, file: SourceId);
}

fn merge_text(
    main: &mut S<Text>,
    tr: S<Text>,
    lang: &str,
    tr_file: SourceId,
    field: &str,
    diags: &mut Diagnostics,
) {
    let Some(mut tr) = tr else { return };
    fix_spans(&mut tr);
    let span = tr.span();
    let tr = tr.into_inner();
    if !tr.plain {
        diags.push(
            Diagnostic::error(
                "E003",
                format!(
                    "in a translation file, `{field}` is a plain string in that file's language"
                ),
            )
            .at(Loc::new(tr_file, span)),
        );
        return;
    }
    let Some(mut value) = tr.values.into_values().next() else {
        return;
    };
    value.file = Some(tr_file);
    match main {
        Some(m) => {
            m.get_mut().values.insert(lang.to_string(), value);
            m.get_mut().plain = false;
        }
        // A translation of a field the English record lacks: keep it so the "no English"
        // error points at the right field, and the page still falls back sensibly.
        None => {
            let mut t = Text::default();
            t.values.insert(lang.to_string(), value);
            *main = Some(Spanned::new(span, t));
        }
    }
}

fn not_translatable(
    field: &str,
    span: std::ops::Range<usize>,
    tr_file: SourceId,
    allowed: &[&str],
    diags: &mut Diagnostics,
) {
    diags.push(
        Diagnostic::error(
            "E023",
            format!("`{field}` cannot be translated; it belongs in the English record only"),
        )
        .at(Loc::new(tr_file, span))
        .hint(format!(
            "a translation file may hold {}",
            allowed
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    );
}

/// A translation file's `contact` may hold only the role.
fn merge_contact_role(
    main: &mut S<RawContact>,
    tr: S<RawContact>,
    lang: &str,
    file: SourceId,
    diags: &mut Diagnostics,
) {
    let Some(c) = tr else { return };
    let span = c.span();
    let c = c.into_inner();
    if c.name.is_some() || c.email.is_some() || c.phone.is_some() {
        not_translatable("contact", span.clone(), file, &["contact.role"], diags);
    }
    if c.role.is_some() {
        let main = main.get_or_insert_with(|| Spanned::new(span.clone(), RawContact::default()));
        merge_text(
            &mut main.get_mut().role,
            c.role,
            lang,
            file,
            "contact.role",
            diags,
        );
    }
}

fn set_text_file(t: &mut S<Text>, file: SourceId) {
    if let Some(t) = t {
        fix_spans(t);
        t.get_mut().set_file(file);
    }
}

/// Implements [`RawRecord`] from the lists of translatable and other fields.
macro_rules! raw_record {
    ($ty:ty, text: [$($t:ident),*], other: [$($o:ident),*], special: |$s:ident, $tr:ident, $lang:ident, $file:ident, $diags:ident| $special:block $(, nested: |$ns:ident, $nf:ident| $nested:block)?) => {
        impl RawRecord for $ty {
            const TRANSLATABLE: &'static [&'static str] = &[$(stringify!($t)),*];
            fn merge_translation(&mut self, $tr: Self, $lang: &str, $file: SourceId, $diags: &mut Diagnostics) {
                let $s = self;
                $( merge_text(&mut $s.$t, $tr.$t, $lang, $file, stringify!($t), $diags); )*
                $( if let Some(v) = &$tr.$o { not_translatable(stringify!($o), v.span(), $file, Self::TRANSLATABLE, $diags); } )*
                $special
            }
            fn body_mut(&mut self) -> &mut S<Text> { &mut self.body }
            fn set_file(&mut self, file: SourceId) {
                $( set_text_file(&mut self.$t, file); )*
                $( { let $ns = &mut *self; let $nf = file; $nested } )?
            }
        }
    };
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCluster {
    #[schemars(with = "TextSchema")]
    pub name: S<Text>,
    #[schemars(with = "Option<String>")]
    pub acronym: S<String>,
    #[schemars(with = "TextSchema")]
    pub summary: S<Text>,
    #[schemars(with = "Option<TextSchema>")]
    pub body: S<Text>,
    #[schemars(with = "String")]
    pub country: S<String>,
    #[schemars(with = "Option<String>")]
    pub region: S<String>,
    #[schemars(with = "Vec<String>")]
    pub sectors: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub technologies: SList,
    #[schemars(with = "Option<i32>")]
    pub founded: S<i64>,
    #[schemars(with = "Option<RawMembers>")]
    pub members: S<RawMembers>,
    #[schemars(with = "Option<Vec<RawLabel>>")]
    pub labels: S<Vec<Spanned<RawLabel>>>,
    #[schemars(with = "String")]
    pub website: S<String>,
    #[schemars(with = "RawContact")]
    pub contact: S<RawContact>,
    #[schemars(with = "Option<String>")]
    pub logo: S<String>,
    #[schemars(with = "Option<TextSchema>")]
    pub logo_alt: S<Text>,
    #[schemars(with = "Option<Vec<String>>")]
    pub social: SList,
    #[schemars(with = "Option<RawLocation>")]
    pub location: S<RawLocation>,
    #[schemars(with = "DateSchema")]
    pub updated: S<toml::Value>,
    #[schemars(with = "Option<Vec<String>>")]
    pub maintainers: SList,
    #[schemars(with = "Option<bool>")]
    pub featured: S<bool>,
    /// Old slugs: the URLs the record had before it was renamed redirect to its page.
    #[schemars(with = "Option<Vec<String>>")]
    pub aliases: SList,
}

raw_record!(RawCluster,
    text: [name, summary, body, logo_alt],
    other: [acronym, country, region, sectors, technologies, founded, members, labels, website, logo, social, location, updated, maintainers, featured, aliases],
    special: |s, tr, lang, file, diags| {
        merge_contact_role(&mut s.contact, tr.contact, lang, file, diags);
    },
    nested: |s, file| {
        if let Some(c) = &mut s.contact {
            set_text_file(&mut c.get_mut().role, file);
        }
    }
);

#[derive(Deserialize, Default, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawMembers {
    pub total: Option<u32>,
    pub smes: Option<u32>,
    pub large: Option<u32>,
    pub research: Option<u32>,
    pub public: Option<u32>,
    pub other: Option<u32>,
    #[schemars(with = "Option<String>")]
    pub as_of: S<toml::Value>,
}

#[derive(Deserialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawLabel {
    #[schemars(with = "String")]
    pub scheme: Spanned<String>,
    /// `YYYY-MM`
    #[schemars(with = "String")]
    pub awarded: Spanned<toml::Value>,
    /// `YYYY-MM`; awarded + 24 months when absent.
    #[schemars(with = "Option<String>")]
    pub valid_until: S<toml::Value>,
    pub score_pct: Option<f64>,
}

#[derive(Deserialize, Default, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub name: Option<String>,
    #[schemars(with = "Option<TextSchema>")]
    pub role: S<Text>,
    #[schemars(with = "Option<String>")]
    pub email: S<String>,
    #[schemars(with = "Option<String>")]
    pub phone: S<String>,
}

#[derive(Deserialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    #[schemars(with = "TextSchema")]
    pub title: S<Text>,
    #[schemars(with = "TextSchema")]
    pub summary: S<Text>,
    #[schemars(with = "Option<TextSchema>")]
    pub body: S<Text>,
    #[schemars(with = "Option<String>")]
    pub kind: S<String>,
    #[schemars(with = "DateSchema")]
    pub start: S<toml::Value>,
    #[schemars(with = "Option<String>")]
    pub end: S<toml::Value>,
    #[schemars(with = "Option<String>")]
    pub time_zone: S<String>,
    #[schemars(with = "Option<bool>")]
    pub all_day: S<bool>,
    #[schemars(with = "Option<String>")]
    pub attendance: S<String>,
    #[schemars(with = "Option<String>")]
    pub status: S<String>,
    #[schemars(with = "Option<RawVenue>")]
    pub venue: S<RawVenue>,
    #[schemars(with = "Option<String>")]
    pub online_url: S<String>,
    #[schemars(with = "Option<Vec<String>>")]
    pub organisers: SList,
    #[schemars(with = "Option<String>")]
    pub registration_url: S<String>,
    #[schemars(with = "Option<Vec<String>>")]
    pub languages: SList,
    #[schemars(with = "Option<String>")]
    pub updated: S<toml::Value>,
    /// Old slugs: the URLs the record had before it was renamed redirect to its page.
    #[schemars(with = "Option<Vec<String>>")]
    pub aliases: SList,
}

raw_record!(RawEvent,
    text: [title, summary, body],
    other: [kind, start, end, time_zone, all_day, attendance, status, venue, online_url, organisers, registration_url, languages, updated, aliases],
    special: |_s, _tr, _lang, _file, _diags| {}
);

#[derive(Deserialize, Default, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawVenue {
    pub name: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    /// Where it is, for the small map on the event's page and the JSON-LD `geo`.
    #[schemars(with = "Option<RawLocation>")]
    pub location: S<RawLocation>,
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNews {
    #[schemars(with = "TextSchema")]
    pub title: S<Text>,
    #[schemars(with = "TextSchema")]
    pub summary: S<Text>,
    #[schemars(with = "Option<TextSchema>")]
    pub body: S<Text>,
    #[schemars(with = "Option<String>")]
    pub kind: S<String>,
    #[schemars(with = "DateSchema")]
    pub published: S<toml::Value>,
    #[schemars(with = "Option<String>")]
    pub updated: S<toml::Value>,
    #[schemars(with = "Option<Vec<String>>")]
    pub authors: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub clusters: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub sectors: SList,
    #[schemars(with = "Option<String>")]
    pub image: S<String>,
    #[schemars(with = "Option<TextSchema>")]
    pub image_alt: S<Text>,
    #[schemars(with = "Option<bool>")]
    pub featured: S<bool>,
    /// Old slugs: the URLs the record had before it was renamed redirect to its page.
    #[schemars(with = "Option<Vec<String>>")]
    pub aliases: SList,
}

raw_record!(RawNews,
    text: [title, summary, body, image_alt],
    other: [kind, published, updated, authors, clusters, sectors, image, featured, aliases],
    special: |_s, _tr, _lang, _file, _diags| {}
);

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    #[schemars(with = "TextSchema")]
    pub title: S<Text>,
    #[schemars(with = "Option<TextSchema>")]
    pub description: S<Text>,
    /// Documents have no body; this is here so a `.md` document's text becomes its description.
    #[serde(skip)]
    pub body: S<Text>,
    #[schemars(with = "Option<String>")]
    pub kind: S<String>,
    #[schemars(with = "Option<String>")]
    pub published: S<toml::Value>,
    /// Language tag -> path of the file in that language.
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub files: S<std::collections::BTreeMap<String, Spanned<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub clusters: SList,
    #[schemars(with = "Option<String>")]
    pub license: S<String>,
    /// Old slugs: the URLs the record had before it was renamed redirect to its page.
    #[schemars(with = "Option<Vec<String>>")]
    pub aliases: SList,
}

raw_record!(RawDocument,
    text: [title, description],
    other: [kind, published, files, clusters, license, aliases],
    special: |s, tr, lang, file, diags| {
        merge_text(&mut s.body, tr.body, lang, file, "body", diags);
    }
);

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBrandAsset {
    #[schemars(with = "TextSchema")]
    pub name: S<Text>,
    #[schemars(with = "Option<String>")]
    pub kind: S<String>,
    #[schemars(with = "Option<Vec<RawVariant>>")]
    pub variants: S<Vec<Spanned<RawVariant>>>,
    #[schemars(with = "Option<TextSchema>")]
    pub alt: S<Text>,
    #[schemars(with = "Option<Vec<RawColour>>")]
    pub colours: S<Vec<Spanned<RawColour>>>,
    /// Markdown. In a `.md` brand record, the body is the usage text.
    #[schemars(with = "Option<TextSchema>")]
    pub usage: S<Text>,
    #[serde(skip)]
    pub body: S<Text>,
    #[schemars(with = "Option<bool>")]
    pub primary: S<bool>,
}

raw_record!(RawBrandAsset,
    text: [name, alt, usage],
    other: [kind, variants, colours, primary],
    special: |s, tr, lang, file, diags| {
        merge_text(&mut s.body, tr.body, lang, file, "body", diags);
    }
);

#[derive(Deserialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    #[schemars(with = "String")]
    pub path: Spanned<String>,
    pub format: Option<String>,
    pub colourway: Option<String>,
    pub min_width_px: Option<u32>,
}

#[derive(Deserialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawColour {
    pub name: String,
    #[schemars(with = "String")]
    pub hex: Spanned<String>,
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    #[schemars(with = "TextSchema")]
    pub title: S<Text>,
    #[schemars(with = "Option<TextSchema>")]
    pub body: S<Text>,
    #[schemars(with = "Option<TextSchema>")]
    pub description: S<Text>,
    /// Menu weight: pages with a weight appear in the menu, lightest first.
    #[serde(alias = "menu_weight", alias = "menu")]
    #[schemars(with = "Option<i64>")]
    pub weight: S<i64>,
}

raw_record!(RawPage,
    text: [title, body, description],
    other: [weight],
    special: |_s, _tr, _lang, _file, _diags| {}
);

/// JSON Schema shape of a translatable string.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum TextSchema {
    English(String),
    ByLanguage(std::collections::BTreeMap<String, String>),
}

/// JSON Schema shape of a date: an ISO 8601 string (TOML dates are accepted too).
#[derive(JsonSchema)]
#[allow(dead_code)]
pub struct DateSchema(String);

/// A translatable list of phrases: a list (English), or a table of language tags to lists.
/// In a translation file, the list in that file's language.
#[derive(Deserialize, JsonSchema, Debug, Clone)]
#[serde(untagged)]
pub enum RawTextList {
    English(Vec<String>),
    ByLanguage(std::collections::BTreeMap<String, Vec<String>>),
}

/// Moves a translation file's list (in `lang`) into the record's lists.
fn merge_list(
    main: &mut S<RawTextList>,
    tr: S<RawTextList>,
    lang: &str,
    tr_file: SourceId,
    field: &str,
    diags: &mut Diagnostics,
) {
    let Some(tr) = tr else { return };
    let span = tr.span();
    let RawTextList::English(list) = tr.into_inner() else {
        diags.push(
            Diagnostic::error(
                "E003",
                format!("in a translation file, `{field}` is a plain list in that file's language"),
            )
            .at(Loc::new(tr_file, span)),
        );
        return;
    };
    let mut by_lang = match main.take().map(|m| (m.span(), m.into_inner())) {
        Some((_, RawTextList::ByLanguage(m))) => m,
        Some((_, RawTextList::English(en))) => {
            std::collections::BTreeMap::from([("en".into(), en)])
        }
        None => std::collections::BTreeMap::new(),
    };
    by_lang.insert(lang.to_string(), list);
    *main = Some(Spanned::new(span, RawTextList::ByLanguage(by_lang)));
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOrganisation {
    #[schemars(with = "TextSchema")]
    pub name: S<Text>,
    /// company, research, university, public, investor, association, other
    #[schemars(with = "String")]
    pub kind: S<String>,
    /// micro, small, medium, large (EU SME definition)
    #[schemars(with = "Option<String>")]
    pub size: S<String>,
    #[schemars(with = "TextSchema")]
    pub summary: S<Text>,
    #[schemars(with = "Option<TextSchema>")]
    pub body: S<Text>,
    #[schemars(with = "Option<Vec<String>>")]
    pub clusters: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub sectors: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub technologies: SList,
    #[schemars(with = "Option<RawTextList>")]
    pub competences: S<RawTextList>,
    #[schemars(with = "String")]
    pub country: S<String>,
    #[schemars(with = "Option<String>")]
    pub region: S<String>,
    #[schemars(with = "Option<String>")]
    pub city: S<String>,
    #[schemars(with = "Option<RawLocation>")]
    pub location: S<RawLocation>,
    #[schemars(with = "String")]
    pub website: S<String>,
    #[schemars(with = "Option<RawContact>")]
    pub contact: S<RawContact>,
    #[schemars(with = "Option<i32>")]
    pub founded: S<i64>,
    #[schemars(with = "Option<u32>")]
    pub employees: S<i64>,
    #[schemars(with = "Option<String>")]
    pub logo: S<String>,
    #[schemars(with = "Option<TextSchema>")]
    pub logo_alt: S<Text>,
    #[schemars(with = "DateSchema")]
    pub updated: S<toml::Value>,
    /// Old slugs: the URLs the record had before it was renamed redirect to its page.
    #[schemars(with = "Option<Vec<String>>")]
    pub aliases: SList,
}

raw_record!(RawOrganisation,
    text: [name, summary, body, logo_alt],
    other: [kind, size, clusters, sectors, technologies, country, region, city, location, website, founded, employees, logo, updated, aliases],
    special: |s, tr, lang, file, diags| {
        merge_list(&mut s.competences, tr.competences, lang, file, "competences", diags);
        merge_contact_role(&mut s.contact, tr.contact, lang, file, diags);
    },
    nested: |s, file| {
        if let Some(c) = &mut s.contact {
            set_text_file(&mut c.get_mut().role, file);
        }
    }
);

#[derive(Deserialize, Default, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawBudget {
    pub amount: Option<f64>,
    /// ISO 4217, e.g. "EUR"
    #[schemars(with = "Option<String>")]
    pub currency: S<String>,
    pub max_per_project: Option<f64>,
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCall {
    #[schemars(with = "TextSchema")]
    pub title: S<Text>,
    #[schemars(with = "TextSchema")]
    pub summary: S<Text>,
    #[schemars(with = "Option<TextSchema>")]
    pub body: S<Text>,
    /// funding, tender, prize, programme, other
    #[schemars(with = "Option<String>")]
    pub kind: S<String>,
    #[schemars(with = "String")]
    pub funder: S<String>,
    #[schemars(with = "Option<String>")]
    pub opens: S<toml::Value>,
    /// A date-time with an offset, or with `time_zone`.
    #[schemars(with = "DateSchema")]
    pub deadline: S<toml::Value>,
    #[schemars(with = "Option<String>")]
    pub time_zone: S<String>,
    #[schemars(with = "Option<RawBudget>")]
    pub budget: S<RawBudget>,
    #[schemars(with = "Option<TextSchema>")]
    pub eligibility: S<Text>,
    #[schemars(with = "Option<Vec<String>>")]
    pub sectors: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub technologies: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub countries: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub clusters: SList,
    #[schemars(with = "String")]
    pub url: S<String>,
    #[schemars(with = "Option<Vec<String>>")]
    pub documents: SList,
    #[schemars(with = "Option<String>")]
    pub updated: S<toml::Value>,
    /// Old slugs: the URLs the record had before it was renamed redirect to its page.
    #[schemars(with = "Option<Vec<String>>")]
    pub aliases: SList,
}

raw_record!(RawCall,
    text: [title, summary, body, eligibility],
    other: [kind, funder, opens, deadline, time_zone, budget, sectors, technologies, countries, clusters, url, documents, updated, aliases],
    special: |_s, _tr, _lang, _file, _diags| {}
);

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCooperation {
    #[schemars(with = "TextSchema")]
    pub title: S<Text>,
    #[schemars(with = "TextSchema")]
    pub summary: S<Text>,
    #[schemars(with = "Option<TextSchema>")]
    pub body: S<Text>,
    /// offer or request
    #[schemars(with = "String")]
    pub direction: S<String>,
    /// technology, business, research, project-partner
    #[schemars(with = "String")]
    pub topic: S<String>,
    /// The posting organisation's slug (or give `cluster`).
    #[schemars(with = "Option<String>")]
    pub organisation: S<String>,
    /// The posting cluster's slug (or give `organisation`).
    #[schemars(with = "Option<String>")]
    pub cluster: S<String>,
    #[schemars(with = "Option<Vec<String>>")]
    pub sectors: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub technologies: SList,
    #[schemars(with = "Option<Vec<String>>")]
    pub countries: SList,
    #[schemars(with = "RawContact")]
    pub contact: S<RawContact>,
    #[schemars(with = "DateSchema")]
    pub published: S<toml::Value>,
    #[schemars(with = "DateSchema")]
    pub expires: S<toml::Value>,
    #[schemars(with = "Option<String>")]
    pub updated: S<toml::Value>,
}

raw_record!(RawCooperation,
    text: [title, summary, body],
    other: [direction, topic, organisation, cluster, sectors, technologies, countries, published, expires, updated],
    special: |s, tr, lang, file, diags| {
        merge_contact_role(&mut s.contact, tr.contact, lang, file, diags);
    },
    nested: |s, file| {
        if let Some(c) = &mut s.contact {
            set_text_file(&mut c.get_mut().role, file);
        }
    }
);
