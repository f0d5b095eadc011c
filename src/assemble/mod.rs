//! Assembling the site model from parsed records: every rule of the content contract that
//! concerns one record or a reference between records is checked here, with its position.
//!
//! Records are converted in parallel against a read-only context (settings, vocabularies,
//! the set of cluster slugs); each conversion returns its record and its diagnostics.
//! `serve` passes a [`memo::RecordMemo`] to skip records unchanged since its last round.

pub mod memo;

use crate::config::{self, Config, is_language_tag};
use crate::content::load::{Loaded, RecordFiles, inside_root, parse_record};
use crate::content::raw::*;
use crate::content::toml_error::toml_diagnostic;
use crate::dates::{EventTime, parse_date, parse_event_time, parse_year_month};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::*;
use crate::source::{Loc, SourceId, Sources, slash_path};
use crate::text::{Text, fix_spans};
use chrono::{NaiveDate, TimeZone, Utc};
use memo::RecordMemo;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use toml::Spanned;

pub struct Ctx<'a> {
    pub config: &'a Config,
    pub taxonomies: &'a Taxonomies,
    pub sources: &'a Sources,
    pub cluster_slugs: HashSet<&'a str>,
    pub today: NaiveDate,
    pub root: &'a Path,
}

/// Assemble the site; `None` when settings are unusable. Record errors are in `diags`
/// (the caller refuses to write anything when there are errors).
pub fn assemble(
    loaded: &Loaded,
    today: NaiveDate,
    diags: &mut Diagnostics,
    memo: Option<&RecordMemo>,
) -> Option<Site> {
    let Some(site_id) = loaded.site_toml else {
        diags.push(
            Diagnostic::error("E021", "no site.toml in the site root")
                .at_path("site.toml")
                .hint("run `showcase init DIR` to start a site, or pass --root"),
        );
        return None;
    };
    let config = config::parse(&loaded.sources.get(site_id).text, site_id, diags)?;
    let taxonomies = match loaded.taxonomies {
        Some(id) => parse_taxonomies(&loaded.sources.get(id).text, id, &config, diags),
        None => {
            diags.push(
                Diagnostic::error(
                    "E021",
                    "no content/taxonomies.toml: sectors must be declared there",
                )
                .at_path("content/taxonomies.toml"),
            );
            Taxonomies::default()
        }
    };
    let of_kind = |k: Kind| loaded.records.iter().filter(move |r| r.kind == k);
    let ctx = Ctx {
        config: &config,
        taxonomies: &taxonomies,
        sources: &loaded.sources,
        cluster_slugs: of_kind(Kind::Cluster).map(|r| r.slug.as_str()).collect(),
        today,
        root: &loaded.root,
    };
    if let Some(memo) = memo {
        memo.begin(context_hash(loaded, &ctx));
    }
    fn convert_all<R: RawRecord, M: Clone + Send + Sync + 'static>(
        records: Vec<&RecordFiles>,
        ctx: &Ctx,
        memo: Option<&RecordMemo>,
        convert: fn(&mut RecordCx, R) -> Option<M>,
        assets: fn(&M) -> Vec<&Asset>,
    ) -> (Vec<M>, Vec<Diagnostic>) {
        let results: Vec<(Option<M>, Vec<Diagnostic>)> = records
            .par_iter()
            .map(|rec| {
                if let Some(kept) = memo.and_then(|m| m.get::<M>(rec, ctx.sources)) {
                    return (Some(kept), Vec::new());
                }
                let (raw, mut diags) = parse_record::<R>(rec, ctx.sources, &ctx.config.languages);
                let Some(raw) = raw else { return (None, diags) };
                let mut cx = RecordCx {
                    ctx,
                    rec,
                    diags: Vec::new(),
                };
                let model = convert(&mut cx, raw);
                diags.append(&mut cx.diags);
                if let (Some(memo), Some(m), true) = (memo, &model, diags.is_empty()) {
                    memo.keep(rec, ctx.sources, m, assets(m));
                }
                (model, diags)
            })
            .collect();
        let mut models = Vec::new();
        let mut diags = Vec::new();
        for (m, mut d) in results {
            models.extend(m);
            diags.append(&mut d);
        }
        (models, diags)
    }
    let all = |k| of_kind(k).collect();
    let (clusters, d1) = convert_all(all(Kind::Cluster), &ctx, memo, convert_cluster, |c| {
        c.logo.iter().collect()
    });
    let (events, d2) = convert_all(all(Kind::Event), &ctx, memo, convert_event, |_| vec![]);
    let (news, d3) = convert_all(all(Kind::News), &ctx, memo, convert_news, |n| {
        n.image.iter().collect()
    });
    let (documents, d4) = convert_all(all(Kind::Document), &ctx, memo, convert_document, |d| {
        d.files.values().collect()
    });
    let (brand, d5) = convert_all(all(Kind::Brand), &ctx, memo, convert_brand, |b| {
        b.variants.iter().map(|v| &v.asset).collect()
    });
    let (pages, d6) = convert_all(all(Kind::Page), &ctx, memo, convert_page, |_| vec![]);
    for d in [d1, d2, d3, d4, d5, d6] {
        diags.extend(d);
    }
    drop(ctx);
    Some(Site {
        config,
        taxonomies,
        clusters,
        events,
        news,
        documents,
        brand,
        pages,
        build_date: today,
    })
}

/// Everything a record's conversion reads besides its own files and assets.
fn context_hash(loaded: &Loaded, ctx: &Ctx) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    for id in [loaded.site_toml, loaded.taxonomies] {
        let text = id.map(|id| loaded.sources.get(id).text.as_str());
        h.update(text.unwrap_or("\0none").as_bytes());
        h.update(b"\0");
    }
    h.update(ctx.today.to_string().as_bytes());
    h.update(ctx.root.to_string_lossy().as_bytes());
    let mut slugs: Vec<&str> = ctx.cluster_slugs.iter().copied().collect();
    slugs.sort_unstable();
    for s in slugs {
        h.update(b"\0");
        h.update(s.as_bytes());
    }
    h.finalize()
}

fn parse_taxonomies(
    text: &str,
    file: SourceId,
    config: &Config,
    diags: &mut Diagnostics,
) -> Taxonomies {
    type Raw = BTreeMap<String, BTreeMap<Spanned<String>, Spanned<Text>>>;
    let raw: Raw = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(toml_diagnostic(&e, file, 0, text));
            return Taxonomies::default();
        }
    };
    let mut out = Taxonomies::default();
    for (vocabulary, terms) in raw {
        let mut vocab = BTreeMap::new();
        for (term, mut labels) in terms {
            fix_spans(&mut labels);
            let loc = Loc::new(file, term.span());
            if !crate::content::load::is_valid_slug(term.get_ref()) {
                diags.push(
                    Diagnostic::error(
                        "E008",
                        format!("invalid term `{}` in [{vocabulary}]", term.get_ref()),
                    )
                    .at(loc.clone())
                    .hint("terms use lower-case ASCII letters, digits and `-`"),
                );
            }
            check_text_languages(labels.get_ref(), file, config, &mut diags.items);
            if !labels.get_ref().has("en") {
                diags.push(
                    Diagnostic::error(
                        "E005",
                        format!(
                            "term `{}` in [{vocabulary}] has no English label",
                            term.get_ref()
                        ),
                    )
                    .at(loc),
                );
            }
            vocab.insert(term.into_inner(), labels.into_inner());
        }
        out.vocabularies.insert(vocabulary, vocab);
    }
    if !out.vocabularies.contains_key(SECTORS) {
        diags.push(
            Diagnostic::error("E021", "content/taxonomies.toml has no [sectors] table")
                .at(Loc::new(file, 0..0)),
        );
    }
    out
}

/// Languages used in a text must be declared in site.toml.
fn check_text_languages(
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
    ctx: &'b Ctx<'a>,
    rec: &'b RecordFiles,
    diags: Vec<Diagnostic>,
}

impl RecordCx<'_, '_> {
    fn loc(&self, span: std::ops::Range<usize>) -> Loc {
        Loc::new(self.rec.main, span)
    }
    fn error(
        &mut self,
        code: &'static str,
        msg: impl Into<String>,
        span: std::ops::Range<usize>,
    ) -> &mut Diagnostic {
        let d = Diagnostic::error(code, msg).at(self.loc(span));
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }
    fn missing(&mut self, field: &str) {
        let kind = self.rec.kind.name();
        self.error("E004", format!("missing required field `{field}`"), 0..0)
            .hint = Some(format!("every {kind} record needs `{field}`"));
    }
    fn required<T>(&mut self, v: S<T>, field: &str) -> Option<Spanned<T>> {
        if v.is_none() {
            self.missing(field);
        }
        v
    }
    fn text(&mut self, v: S<Text>, field: &str, required: bool) -> Option<Text> {
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
    fn date(&mut self, v: S<toml::Value>, field: &str, required: bool) -> Option<NaiveDate> {
        let v = if required { self.required(v, field) } else { v }?;
        match parse_date(v.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error("E010", format!("`{field}`: {e}"), v.span());
                None
            }
        }
    }
    fn url(&mut self, v: S<String>, field: &str, required: bool) -> Option<String> {
        let v = if required { self.required(v, field) } else { v }?;
        self.check_url(v.get_ref(), field, v.span())
    }
    fn check_url(&mut self, u: &str, field: &str, span: std::ops::Range<usize>) -> Option<String> {
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
    fn terms(&mut self, v: SList, vocabulary: &str, field: &str, required: bool) -> Vec<String> {
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
    fn term(&mut self, v: S<String>, vocabulary: &str) -> Option<String> {
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
    fn cluster_refs(&mut self, v: SList, field: &str, allow_programme: bool) -> Vec<String> {
        let mut out = Vec::new();
        for c in v.map(Spanned::into_inner).unwrap_or_default() {
            let s = c.get_ref().as_str();
            if (allow_programme && s == "programme") || self.ctx.cluster_slugs.contains(s) {
                out.push(s.to_string());
            } else {
                let hint =
                    did_you_mean(s, self.ctx.cluster_slugs.iter().copied()).unwrap_or_else(|| {
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
    fn choice(&mut self, v: S<String>, field: &str, allowed: &[&str], default: &str) -> String {
        let Some(v) = v else {
            return default.to_string();
        };
        if allowed.contains(&v.get_ref().as_str()) {
            return v.into_inner();
        }
        let hint = did_you_mean(v.get_ref(), allowed.iter().copied()).unwrap_or_else(|| {
            format!(
                "expected one of {}",
                allowed
                    .iter()
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
        default.to_string()
    }
    fn strings(&mut self, v: SList) -> Vec<String> {
        v.map(|l| {
            l.into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect()
        })
        .unwrap_or_default()
    }
    /// A file the record ships, resolved inside its folder; copied to `<kind>/<slug>/<path>`.
    fn asset(&mut self, path: &Spanned<String>, field: &str) -> Option<Asset> {
        let p = path.get_ref().trim();
        let span = path.span();
        let rel = Path::new(p);
        if p.is_empty()
            || rel.is_absolute()
            || p.contains('\\')
            || p.contains(':')
            || rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            self.error(
                "E017",
                format!("`{field}` path `{p}` must stay inside the record's folder"),
                span,
            )
            .hint = Some("use a path relative to the record, without `..` or a leading `/`".into());
            return None;
        }
        if !self.rec.own_folder && rel.components().count() > 1 {
            self.error(
                "E017",
                format!("`{field}` path `{p}` must name a file beside the record"),
                span,
            )
            .hint = Some(
                "or make the record a folder (`slug/index.md`) and put its files inside".into(),
            );
            return None;
        }
        let ext = rel
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !ALLOWED_ASSET_TYPES.contains(&ext.as_str()) {
            self.error(
                "E017",
                format!("`{field}`: files of type `.{ext}` are not published"),
                span,
            )
            .hint = Some(format!("allowed: {}", ALLOWED_ASSET_TYPES.join(", ")));
            return None;
        }
        let joined = self.rec.dir.join(rel);
        let Some(canon) = inside_root(&joined, &self.rec.dir) else {
            if joined.exists() || joined.is_symlink() {
                self.error(
                    "E017",
                    format!("`{field}` `{p}` leads outside the record's folder; it is not read"),
                    span,
                );
            } else {
                self.error(
                    "E017",
                    format!("`{field}` names a file that does not exist: `{p}`"),
                    span,
                )
                .hint = Some(format!(
                    "expected it at {}",
                    slash_path(joined.strip_prefix(self.ctx.root).unwrap_or(&joined))
                ));
            }
            return None;
        };
        if !canon.starts_with(self.ctx.root) || !canon.is_file() {
            self.error(
                "E017",
                format!("`{field}` `{p}` is not a file inside the site"),
                span,
            );
            return None;
        }
        let bytes = canon.metadata().map(|m| m.len()).unwrap_or(0);
        if bytes > self.ctx.config.max_file_size {
            self.error(
                "E017",
                format!(
                    "`{field}` `{p}` is {} bytes, over the limit of {} bytes",
                    bytes, self.ctx.config.max_file_size
                ),
                span,
            )
            .hint = Some("compress the file, or raise `max_file_size` in site.toml".into());
            return None;
        }
        if ext == "svg"
            && let Ok(svg) = std::fs::read_to_string(&canon)
            && let Some(bad) = unsafe_svg(&svg)
        {
            self.error(
                "E019",
                format!("`{field}` SVG `{p}` contains {bad}, which is not allowed"),
                span,
            )
            .hint = Some("export the SVG without scripts, event handlers or embedded HTML".into());
            return None;
        }
        let output = format!(
            "{}/{}/{}",
            self.rec.kind.folder(),
            self.rec.slug,
            slash_path(rel)
        );
        Some(Asset {
            source: canon,
            output,
            bytes,
        })
    }
    fn origin(&self) -> Origin {
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

pub const ALLOWED_ASSET_TYPES: [&str; 21] = [
    "svg", "png", "jpg", "jpeg", "webp", "gif", "avif", "pdf", "docx", "xlsx", "pptx", "odt",
    "ods", "odp", "txt", "csv", "zip", "eps", "ai", "otf", "woff2",
];

/// What makes an SVG unsafe to serve from the site's origin, if anything.
pub fn unsafe_svg(svg: &str) -> Option<&'static str> {
    let lower = svg.to_ascii_lowercase();
    if lower.contains("<script") {
        return Some("a <script> element");
    }
    if lower.contains("<foreignobject")
        || lower.contains("<iframe")
        || lower.contains("<embed")
        || lower.contains("<object")
    {
        return Some("embedded HTML content");
    }
    if lower.contains("javascript:") || lower.contains("data:text/html") {
        return Some("a javascript: URL");
    }
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices("on") {
        let before_ok = i > 0 && bytes[i - 1].is_ascii_whitespace();
        let rest = &lower[i + 2..];
        let name_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        let after = rest[name_len..].trim_start();
        if before_ok && name_len > 2 && after.starts_with('=') {
            return Some("an event-handler attribute");
        }
    }
    None
}

pub fn is_absolute_http_url(u: &str) -> bool {
    let u = u.trim();
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && host.contains('.') && !u.contains(char::is_whitespace)
                || host.starts_with("localhost")
        }
        None => false,
    }
}

pub fn is_valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.contains(char::is_whitespace)
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

pub fn is_valid_phone(p: &str) -> bool {
    let digits = p.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && p.chars()
            .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        && p.chars().skip(1).all(|c| c != '+')
}

fn convert_cluster(cx: &mut RecordCx, r: RawCluster) -> Option<Cluster> {
    let name = cx.text(r.name, "name", true);
    let summary = cx.text(r.summary, "summary", true);
    if let Some(s) = &summary {
        for (lang, v) in &s.values {
            let n = v.text.chars().count();
            if n > 300 {
                let loc = Loc::new(v.file.unwrap_or(cx.rec.main), v.span.clone());
                cx.diags.push(
                    Diagnostic::error(
                        "E013",
                        format!("`summary` ({lang}) is {n} characters; at most 300 are allowed"),
                    )
                    .at(loc)
                    .hint("keep the summary to two or three sentences; the body holds the details"),
                );
            }
        }
    }
    let body = cx.text(r.body, "body", true);
    let country = cx.required(r.country, "country").and_then(|c| {
        let code = c.get_ref().as_str();
        if crate::countries::is_iso_alpha2(code) {
            Some(code.to_string())
        } else {
            cx.error(
                "E003",
                format!("`country` must be an ISO 3166-1 alpha-2 code, found `{code}`"),
                c.span(),
            )
            .hint = Some("e.g. \"NO\", \"DE\", \"AT\"".into());
            None
        }
    });
    let region = cx.term(r.region, REGIONS);
    let sectors = cx.terms(r.sectors, SECTORS, "sectors", true);
    let technologies = cx.terms(r.technologies, TECHNOLOGIES, "technologies", false);
    let founded = r.founded.and_then(|f| {
        let y = *f.get_ref();
        let this_year = chrono::Datelike::year(&cx.ctx.today) as i64;
        if (1800..=this_year).contains(&y) {
            Some(y as i32)
        } else {
            cx.error(
                "E003",
                format!("`founded` must be a year between 1800 and {this_year}, found {y}"),
                f.span(),
            );
            None
        }
    });
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
                span,
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
        }
    });
    let mut labels = Vec::new();
    for l in r.labels.map(Spanned::into_inner).unwrap_or_default() {
        let span = l.span();
        let l = l.into_inner();
        let scheme = l.scheme.get_ref().clone();
        let known = EUCLES_SCHEMES.contains(&scheme.as_str())
            || cx.ctx.taxonomies.label_scheme(&scheme).is_some();
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
        let email = c.email.and_then(|e| {
            if is_valid_email(e.get_ref().trim()) {
                Some(e.get_ref().trim().to_string())
            } else {
                cx.error(
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
                cx.error(
                    "E015",
                    format!("`contact.phone` `{}` is not a phone number", p.get_ref()),
                    p.span(),
                )
                .hint = Some("write it in international form, e.g. \"+47 55 12 34 56\"".into());
                None
            }
        });
        let role = cx.text(c.role, "contact.role", false);
        Contact {
            name: c.name,
            role,
            email,
            phone,
        }
    });
    let logo = r.logo.as_ref().and_then(|l| cx.asset(l, "logo"));
    let logo_alt = cx.text(r.logo_alt, "logo_alt", false);
    if let (Some(l), None) = (&r.logo, &logo_alt) {
        cx.error("E016", "`logo` has no alternative text", l.span())
            .hint =
            Some("add `logo_alt` describing the logo, e.g. \"Ocean Autonomy Cluster logo\"".into());
    }
    let mut social = Vec::new();
    for s in r.social.map(Spanned::into_inner).unwrap_or_default() {
        if let Some(u) = cx.check_url(s.get_ref(), "social", s.span()) {
            social.push(u);
        }
    }
    let location = r.location.and_then(|l| {
        let span = l.span();
        let l = l.into_inner();
        if (-90.0..=90.0).contains(&l.lat) && (-180.0..=180.0).contains(&l.lon) {
            Some((l.lat, l.lon))
        } else {
            cx.error(
                "E003",
                "`location` needs lat in -90..90 and lon in -180..180",
                span,
            );
            None
        }
    });
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
        origin: cx.origin(),
    })
}

fn convert_event(cx: &mut RecordCx, r: RawEvent) -> Option<Event> {
    let title = cx.text(r.title, "title", true);
    let summary = cx.text(r.summary, "summary", true);
    let body = cx.text(r.body, "body", false);
    let kind = cx.choice(r.kind, "kind", &EVENT_KINDS, "other");
    let attendance = cx.choice(r.attendance, "attendance", &ATTENDANCE_MODES, "offline");
    let status = cx.choice(r.status, "status", &EVENT_STATUSES, "scheduled");
    let zone = r
        .time_zone
        .as_ref()
        .and_then(|z| match z.get_ref().parse::<chrono_tz::Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let hint =
                    did_you_mean(z.get_ref(), chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()))
                        .unwrap_or_else(|| "use an IANA name such as \"Europe/Berlin\"".into());
                cx.error(
                    "E003",
                    format!("unknown time zone `{}`", z.get_ref()),
                    z.span(),
                )
                .hint = Some(hint);
                None
            }
        });
    let zone_given = r.time_zone.is_some();
    let start_raw = cx.required(r.start, "start");
    let parse = |cx: &mut RecordCx, v: &Spanned<toml::Value>, field: &str| match parse_event_time(
        v.get_ref(),
    ) {
        Ok(t) => Some(t),
        Err(e) => {
            cx.error("E010", format!("`{field}`: {e}"), v.span());
            None
        }
    };
    let start = start_raw.as_ref().and_then(|s| parse(cx, s, "start"));
    let end = r.end.as_ref().and_then(|e| parse(cx, e, "end"));
    let all_day = r.all_day.map(Spanned::into_inner).unwrap_or(false)
        || matches!(start, Some(EventTime::Date(_)));
    let start_span = start_raw.as_ref().map(|s| s.span()).unwrap_or(0..0);
    let end_span = r
        .end
        .as_ref()
        .map(|e| e.span())
        .unwrap_or(start_span.clone());
    let schedule = start.and_then(|start| {
        if all_day {
            let day = |t: &EventTime| match t {
                EventTime::Date(d) => *d,
                EventTime::Local(d) => d.date(),
                EventTime::Offset(d) => d.date_naive(),
            };
            let s = day(&start);
            let e = end.as_ref().map(day).unwrap_or(s);
            if e < s {
                cx.error("E010", format!("the event ends ({e}) before it starts ({s})"), end_span.clone());
                return None;
            }
            return Some(Schedule::AllDay { start: s, end: e });
        }
        let ev_zone = match (&zone, &start) {
            (Some(tz), _) => EventZone::Named(*tz),
            (None, EventTime::Offset(d)) => EventZone::Offset(*d.offset()),
            (None, _) => {
                if !zone_given {
                    cx.error("E011", "a timed event needs a `time_zone` or a UTC offset on `start`", start_span.clone())
                        .hint = Some("add e.g. `time_zone = \"Europe/Oslo\"`, or write 2026-03-12T09:00:00+01:00".into());
                }
                return None;
            }
        };
        let to_utc = |cx: &mut RecordCx, t: &EventTime, span: std::ops::Range<usize>| match t {
            EventTime::Offset(d) => Some(d.with_timezone(&Utc)),
            EventTime::Date(d) => local_to_utc(cx, ev_zone, d.and_hms_opt(0, 0, 0).expect("midnight"), span),
            EventTime::Local(d) => {
                if zone.is_none() {
                    cx.error("E011", "`end` has no offset and the event has no `time_zone`", span).hint =
                        Some("add `time_zone`, or write the offset on both `start` and `end`".into());
                    return None;
                }
                local_to_utc(cx, ev_zone, *d, span)
            }
        };
        let s = to_utc(cx, &start, start_span.clone())?;
        let e = match &end {
            Some(e) => Some(to_utc(cx, e, end_span.clone())?),
            None => None,
        };
        if let Some(e) = e
            && e < s {
                cx.error("E010", "the event ends before it starts", end_span.clone());
                return None;
            }
        Some(Schedule::Timed { start: s, end: e, zone: ev_zone })
    });
    let venue = r.venue.map(|v| {
        let v = v.into_inner();
        Venue {
            name: v.name,
            address: v.address,
            city: v.city,
            country: v.country,
        }
    });
    if venue.is_none() && attendance != "online" {
        cx.missing("venue");
    }
    let online_url = cx.url(r.online_url, "online_url", false);
    if online_url.is_none()
        && attendance != "offline"
        && !cx.diags.iter().any(|d| d.message.contains("online_url"))
    {
        cx.error(
            "E004",
            format!("an event with attendance `{attendance}` needs `online_url`"),
            0..0,
        );
    }
    let organisers = cx
        .cluster_refs(r.organisers, "organisers", true)
        .into_iter()
        .map(|o| {
            if o == "programme" {
                Organiser::Programme
            } else {
                Organiser::Cluster(o)
            }
        })
        .collect();
    let registration_url = cx.url(r.registration_url, "registration_url", false);
    let mut languages = Vec::new();
    for l in r.languages.map(Spanned::into_inner).unwrap_or_default() {
        if is_language_tag(l.get_ref()) {
            languages.push(l.into_inner());
        } else {
            cx.error(
                "E003",
                format!("`languages`: `{}` is not a language tag", l.get_ref()),
                l.span(),
            );
        }
    }
    let updated = cx.date(r.updated, "updated", false);
    Some(Event {
        slug: cx.rec.slug.clone(),
        title: title?,
        summary: summary?,
        body,
        kind,
        schedule: schedule?,
        attendance,
        status,
        venue,
        online_url,
        organisers,
        registration_url,
        languages,
        updated,
        origin: cx.origin(),
    })
}

fn local_to_utc(
    cx: &mut RecordCx,
    zone: EventZone,
    local: chrono::NaiveDateTime,
    span: std::ops::Range<usize>,
) -> Option<chrono::DateTime<Utc>> {
    let r = match zone {
        EventZone::Named(tz) => tz
            .from_local_datetime(&local)
            .earliest()
            .map(|d| d.with_timezone(&Utc)),
        EventZone::Offset(o) => o
            .from_local_datetime(&local)
            .earliest()
            .map(|d| d.with_timezone(&Utc)),
    };
    if r.is_none() {
        cx.error(
            "E010",
            format!("{local} does not exist in the event's time zone (a daylight-saving gap)"),
            span,
        );
    }
    r
}

fn convert_news(cx: &mut RecordCx, r: RawNews) -> Option<News> {
    let title = cx.text(r.title, "title", true);
    let summary = cx.text(r.summary, "summary", true);
    let body = cx.text(r.body, "body", false);
    let kind = cx.choice(r.kind, "kind", &NEWS_KINDS, "news");
    let published = cx.date(r.published, "published", true);
    let updated = cx.date(r.updated, "updated", false);
    let authors = cx.strings(r.authors);
    let clusters = cx.cluster_refs(r.clusters, "clusters", false);
    let sectors = cx.terms(r.sectors, SECTORS, "sectors", false);
    let image = r.image.as_ref().and_then(|i| cx.asset(i, "image"));
    let image_alt = cx.text(r.image_alt, "image_alt", false);
    if let (Some(i), None) = (&r.image, &image_alt) {
        cx.error("E016", "`image` has no alternative text", i.span())
            .hint = Some("add `image_alt` describing what the image shows".into());
    }
    Some(News {
        slug: cx.rec.slug.clone(),
        title: title?,
        summary: summary?,
        body,
        kind,
        published: published?,
        updated,
        authors,
        clusters,
        sectors,
        image,
        image_alt,
        featured: r.featured.map(Spanned::into_inner).unwrap_or(false),
        origin: cx.origin(),
    })
}

fn convert_document(cx: &mut RecordCx, r: RawDocument) -> Option<Document> {
    let title = cx.text(r.title, "title", true);
    let description = cx.text(r.description.or(r.body), "description", false);
    let kind = cx.choice(r.kind, "kind", &DOCUMENT_KINDS, "other");
    let published = cx.date(r.published, "published", false);
    let mut files = BTreeMap::new();
    if let Some(f) = cx.required(r.files, "files") {
        let span = f.span();
        let f = f.into_inner();
        if f.is_empty() {
            cx.error(
                "E004",
                "`files` needs at least one language = \"file\" entry",
                span,
            );
        }
        for (lang, path) in f {
            if !is_language_tag(&lang) {
                cx.error(
                    "E003",
                    format!("`files`: `{lang}` is not a language tag"),
                    path.span(),
                );
                continue;
            }
            if let Some(a) = cx.asset(&path, "files") {
                files.insert(lang, a);
            }
        }
    }
    let clusters = cx.cluster_refs(r.clusters, "clusters", false);
    Some(Document {
        slug: cx.rec.slug.clone(),
        title: title?,
        description,
        kind,
        published,
        files,
        clusters,
        license: r.license.map(Spanned::into_inner),
        origin: cx.origin(),
    })
}

fn convert_brand(cx: &mut RecordCx, r: RawBrandAsset) -> Option<BrandAsset> {
    let name = cx.text(r.name, "name", true);
    let kind = cx
        .required(r.kind, "kind")
        .map(|k| cx.choice(Some(k), "kind", &BRAND_KINDS, "logo"));
    let alt = cx.text(r.alt, "alt", false);
    let usage = cx.text(r.usage.or(r.body), "usage", false);
    let mut variants = Vec::new();
    for v in r.variants.map(Spanned::into_inner).unwrap_or_default() {
        let v = v.into_inner();
        let Some(asset) = cx.asset(&v.path, "variants.path") else {
            continue;
        };
        let colourway = cx.choice(
            v.colourway.map(|c| Spanned::new(v.path.span(), c)),
            "colourway",
            &COLOURWAYS,
            "colour",
        );
        variants.push(Variant {
            format: v
                .format
                .unwrap_or_else(|| asset.extension())
                .to_ascii_uppercase(),
            asset,
            colourway,
            min_width_px: v.min_width_px,
        });
    }
    let is_image_kind = matches!(
        kind.as_deref(),
        Some("logo" | "wordmark" | "word-picture-mark" | "photo")
    );
    if is_image_kind && !variants.is_empty() && alt.is_none() {
        cx.error("E016", "a brand image needs `alt` text", 0..0)
            .hint = Some("add `alt` describing the image, e.g. \"Norlandia Clusters logo\"".into());
    }
    let mut colours = Vec::new();
    for c in r.colours.map(Spanned::into_inner).unwrap_or_default() {
        let c = c.into_inner();
        match crate::colour::parse_hex(c.hex.get_ref()) {
            Some(rgb) => colours.push(Colour {
                name: c.name,
                hex: crate::colour::to_hex(rgb),
            }),
            None => {
                cx.error(
                    "E003",
                    format!("`{}` is not a hex colour like #0b5d7a", c.hex.get_ref()),
                    c.hex.span(),
                );
            }
        }
    }
    Some(BrandAsset {
        slug: cx.rec.slug.clone(),
        name: name?,
        kind: kind?,
        variants,
        alt,
        colours,
        usage,
        primary: r.primary.map(Spanned::into_inner).unwrap_or(false),
        origin: cx.origin(),
    })
}

fn convert_page(cx: &mut RecordCx, r: RawPage) -> Option<Page> {
    if crate::routes::RESERVED.contains(&cx.rec.slug.as_str())
        || cx.ctx.config.has_language(&cx.rec.slug)
    {
        let slug = cx.rec.slug.clone();
        cx.error(
            "E008",
            format!("page slug `{slug}` is reserved for the site's own pages"),
            0..0,
        )
        .hint = Some("rename the page file".into());
        return None;
    }
    let title = cx.text(r.title, "title", true);
    let body = cx.text(r.body, "body", true);
    let description = cx.text(r.description, "description", false);
    Some(Page {
        slug: cx.rec.slug.clone(),
        title: title?,
        body: body?,
        description,
        weight: r.weight.map(Spanned::into_inner),
        origin: cx.origin(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_emails_phones() {
        assert!(is_absolute_http_url("https://oceanlab.example.no/"));
        assert!(!is_absolute_http_url("www.example.org"));
        assert!(!is_absolute_http_url("javascript:alert(1)"));
        assert!(is_valid_email("post@oceanlab.no"));
        assert!(!is_valid_email("post@oceanlab"));
        assert!(!is_valid_email("post oceanlab.no"));
        assert!(is_valid_phone("+47 55 12 34 56"));
        assert!(!is_valid_phone("call us"));
        assert!(!is_valid_phone("12"));
    }

    #[test]
    fn svg_with_script_or_handlers_is_unsafe() {
        assert!(unsafe_svg("<svg><script>alert(1)</script></svg>").is_some());
        assert!(unsafe_svg("<svg onload=\"alert(1)\"></svg>").is_some());
        assert!(unsafe_svg("<svg><a href=\"javascript:x\"/></svg>").is_some());
        assert!(
            unsafe_svg("<svg viewBox=\"0 0 10 10\"><path d=\"M0 0\" fill=\"#0b5d7a\"/></svg>")
                .is_none()
        );
    }
}
