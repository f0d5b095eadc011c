//! Assembling the site model from parsed records: every rule of the content contract that
//! concerns one record or a reference between records is checked here, with its position.
//! Assembling reads no file: what it knows of the disk (record texts, asset files) the
//! content edge (`content::load`, `content::assets`) has read before.
//!
//! This module is the driver: it parses the settings and vocabularies, then converts the
//! records of each kind in parallel against a read-only context ([`Ctx`]: settings,
//! vocabularies, the set of cluster slugs); each conversion returns its record and its
//! diagnostics. `serve` passes a [`memo::RecordMemo`] to skip records unchanged since its
//! last round.
//!
//! One module per record kind holds its `convert_*` function and the rules only that kind
//! has (`news` is the shortest to follow); `fields` holds the conversions every kind
//! shares (texts, dates, URLs, terms, choices), `asset` the rules for files records ship,
//! `checks` the value checks, and `taxonomies` the vocabularies. A new kind adds its
//! module here and one line to [`assemble`].

pub mod aliases;
mod asset;
mod brand;
mod call;
pub mod checks;
mod cluster;
mod cooperation;
mod document;
mod event;
mod fields;
pub mod map;
mod members;
pub mod memo;
mod news;
mod organisation;
mod page;
mod taxonomies;
#[cfg(test)]
pub(crate) mod testing;

pub use checks::ALLOWED_ASSET_TYPES;

use crate::config::{self, Config};
use crate::content::load::{Loaded, RecordFiles};
use crate::content::parse::parse_record;
use crate::content::raw::RawRecord;
use crate::dates::BuildDate;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::source::Sources;
use chrono::NaiveDate;
use fields::RecordCx;
use memo::RecordMemo;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The kinds whose slugs other records name.
const REFERRED: [Kind; 3] = [Kind::Cluster, Kind::Organisation, Kind::Document];

/// What every record is checked against besides its own files.
pub struct Ctx<'a> {
    pub config: &'a Config,
    pub taxonomies: &'a Taxonomies,
    pub sources: &'a Sources,
    /// Slugs of the kinds records refer to (clusters, organisations, documents).
    pub slugs: HashMap<Kind, HashSet<&'a str>>,
    pub today: NaiveDate,
    pub root: &'a Path,
}

/// Assemble the site; `None` when settings are unusable. Record errors are in `diags`
/// (the caller refuses to write anything when there are errors). "Today" is `date` in the
/// site's time zone.
pub fn assemble(
    loaded: &Loaded,
    date: BuildDate,
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
    let mut config = config::parse(&loaded.sources.get(site_id).text, site_id, diags)?;
    // The operator's choice (a CI runner's cache folder) over the settings'.
    config.image_cache = match std::env::var_os("SHOWCASE_IMAGE_CACHE") {
        Some(dir) if !dir.is_empty() => dir.into(),
        _ => loaded.root.join(&config.image_cache),
    };
    let today = date.resolve(config.time_zone);
    let taxonomies = match loaded.taxonomies {
        Some(id) => taxonomies::parse_taxonomies(&loaded.sources.get(id).text, id, &config, diags),
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
    let map = loaded
        .regions_map
        .and_then(|id| map::parse_map(&loaded.sources.get(id).text, id, &taxonomies, diags));
    let of_kind = |k: Kind| loaded.records.iter().filter(move |r| r.kind == k);
    let ctx = Ctx {
        config: &config,
        taxonomies: &taxonomies,
        sources: &loaded.sources,
        slugs: REFERRED
            .iter()
            .map(|k| (*k, of_kind(*k).map(|r| r.slug.as_str()).collect()))
            .collect(),
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
                let (raw, mut diags, removed) =
                    parse_record::<R>(rec, ctx.sources, &ctx.config.languages);
                let Some(raw) = raw else { return (None, diags) };
                let mut cx = RecordCx::new(ctx, rec);
                let model = convert(&mut cx, raw);
                // A value reported as wrong is not reported again as missing.
                cx.diags.retain(|d| !removed.explains(d));
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
    let (clusters, d1) = convert_all(
        all(Kind::Cluster),
        &ctx,
        memo,
        cluster::convert_cluster,
        |c| c.logo.iter().collect(),
    );
    let (events, d2) = convert_all(
        all(Kind::Event),
        &ctx,
        memo,
        event::convert_event,
        |_| vec![],
    );
    let (news, d3) = convert_all(all(Kind::News), &ctx, memo, news::convert_news, |n| {
        n.image.iter().collect()
    });
    let (documents, d4) = convert_all(
        all(Kind::Document),
        &ctx,
        memo,
        document::convert_document,
        |d| d.files.values().collect(),
    );
    let (brand, d5) = convert_all(all(Kind::Brand), &ctx, memo, brand::convert_brand, |b| {
        b.variants.iter().map(|v| &v.asset).collect()
    });
    let (pages, d6) = convert_all(all(Kind::Page), &ctx, memo, page::convert_page, |_| vec![]);
    let (organisations, d7) = convert_all(
        all(Kind::Organisation),
        &ctx,
        memo,
        organisation::convert_organisation,
        |o| o.logo.iter().collect(),
    );
    let (calls, d8) = convert_all(all(Kind::Call), &ctx, memo, call::convert_call, |_| vec![]);
    let (cooperation, d9) = convert_all(
        all(Kind::Cooperation),
        &ctx,
        memo,
        cooperation::convert_cooperation,
        |_| vec![],
    );
    for d in [d1, d2, d3, d4, d5, d6, d7, d8, d9] {
        diags.extend(d);
    }
    drop(ctx);
    let site = Site {
        config,
        taxonomies,
        clusters,
        events,
        news,
        documents,
        brand,
        pages,
        organisations,
        calls,
        cooperation,
        build_date: today,
        map,
    };
    members::check_stated_members(&site, diags);
    aliases::check(&site, diags);
    map::check_places(&site, loaded.regions_map, diags);
    Some(site)
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
    for kind in REFERRED {
        let mut slugs: Vec<&str> = ctx.slugs[&kind].iter().copied().collect();
        slugs.sort_unstable();
        h.update(kind.folder().as_bytes());
        for s in slugs {
            h.update(b"\0");
            h.update(s.as_bytes());
        }
    }
    h.finalize()
}
