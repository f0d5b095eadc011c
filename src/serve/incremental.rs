//! Which pages a change affects, so that editing one record re-renders tens of pages
//! instead of the whole programme.
//!
//! Each round fingerprints its inputs: one hash for what every page may show (settings,
//! vocabularies, theme, "today") and one per record (its files, its assets' sizes).
//! Comparing with the last good round names the records that changed. Which pages show
//! them is not described here: every page was rendered with a note of what it read
//! (`render::reads`), and a page is rendered again when its note names something that
//! changed. `tests/integration/serve.rs` compares every round with a full build.

use crate::content::load::Loaded;
use crate::model::{Kind, Site};
use crate::plan::{Planned, SitePlan};
use crate::render::Renderer;
use crate::render::reads::{Changes, Seen};
use crate::render::theme::Theme;
use crate::source::{SourceFile, Sources};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a build was made from, hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    /// Settings, vocabularies, theme and build date.
    pub global: blake3::Hash,
    /// What the site-wide files (the plan's `Stage::SiteFiles`) follow from: the above, the
    /// brand records and their files as they are on disk now.
    pub site_files: blake3::Hash,
    pub records: BTreeMap<(Kind, String), blake3::Hash>,
}

fn field(h: &mut blake3::Hasher, bytes: &[u8]) {
    // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// Hashes of source texts, kept while the file is (`ReadCache` hands out the same
/// `SourceFile` for a file that has not changed), so a round hashes only what changed.
#[derive(Default)]
pub struct TextHashes {
    known: HashMap<usize, (Arc<SourceFile>, blake3::Hash)>,
}

impl TextHashes {
    /// Hash every file of `sources` not hashed before; forget files no longer read.
    fn update(&mut self, sources: &Sources) {
        let files: Vec<&Arc<SourceFile>> =
            sources.iter().map(|(id, _)| sources.shared(id)).collect();
        let new: Vec<(usize, (Arc<SourceFile>, blake3::Hash))> = files
            .par_iter()
            .filter(|f| !self.known.contains_key(&key(f)))
            .map(|f| (key(f), ((*f).clone(), blake3::hash(f.text.as_bytes()))))
            .collect();
        self.known.extend(new);
        let current: HashSet<usize> = files.iter().map(|f| key(f)).collect();
        self.known.retain(|k, _| current.contains(k));
    }
    fn get(&self, file: &Arc<SourceFile>) -> blake3::Hash {
        self.known
            .get(&key(file))
            .map(|(_, h)| *h)
            .unwrap_or_else(|| blake3::hash(file.text.as_bytes()))
    }
}

/// A kept file's identity: its address, which stays its own while `TextHashes` holds it.
fn key(file: &Arc<SourceFile>) -> usize {
    Arc::as_ptr(file) as usize
}

pub fn fingerprints(
    loaded: &Loaded,
    site: &Site,
    theme: &Theme,
    hashes: &mut TextHashes,
) -> Fingerprints {
    hashes.update(&loaded.sources);
    let mut g = blake3::Hasher::new();
    for id in [loaded.site_toml, loaded.taxonomies, loaded.regions_map] {
        field(
            &mut g,
            id.map(|id| loaded.sources.get(id).text.as_bytes())
                .unwrap_or(b"\0none"),
        );
    }
    field(&mut g, site.build_date.to_string().as_bytes());
    field(&mut g, theme.origin.as_bytes());
    for (k, v) in &theme.templates {
        field(&mut g, k.as_bytes());
        field(&mut g, v.as_bytes());
    }
    for (k, v) in &theme.statics {
        field(&mut g, k.as_bytes());
        field(&mut g, v);
    }
    for (lang, strings) in &theme.strings {
        field(&mut g, lang.as_bytes());
        for (k, v) in strings {
            field(&mut g, k.as_bytes());
            field(&mut g, v.as_bytes());
        }
    }

    let records: BTreeMap<(Kind, String), blake3::Hash> = loaded
        .records
        .iter()
        .map(|r| {
            let mut h = blake3::Hasher::new();
            field(&mut h, &[r.own_folder as u8, r.main_is_markdown as u8]);
            let main = loaded.sources.shared(r.main);
            field(&mut h, main.rel.as_bytes());
            field(&mut h, hashes.get(main).as_bytes());
            for (lang, (id, md)) in &r.translations {
                let f = loaded.sources.shared(*id);
                field(&mut h, lang.as_bytes());
                field(&mut h, &[*md as u8]);
                field(&mut h, f.rel.as_bytes());
                field(&mut h, hashes.get(f).as_bytes());
            }
            // Assets are not source text: what is on disk at each path the record names
            // (size and stamp) counts too.
            field(&mut h, r.assets.describe().as_bytes());
            ((r.kind, r.slug.clone()), h.finalize())
        })
        .collect();
    let global = g.finalize();
    let mut f = blake3::Hasher::new();
    field(&mut f, global.as_bytes());
    for ((kind, slug), h) in &records {
        if *kind == Kind::Brand {
            field(&mut f, slug.as_bytes());
            field(&mut f, h.as_bytes());
        }
    }
    Fingerprints {
        global,
        site_files: f.finalize(),
        records,
    }
}

/// What each page showed when it was last rendered, by its path in the output.
pub type PageReads = HashMap<String, Seen>;

/// The last good round, as far as choosing the next round's pages needs it.
pub struct LastRound<'a> {
    pub site: &'a Site,
    pub fingerprints: &'a Fingerprints,
    pub reads: &'a PageReads,
}

/// Records whose files changed since `old` (or that came or went), by kind and slug.
pub fn changed_records<'f>(
    old: &'f Fingerprints,
    new: &'f Fingerprints,
) -> HashSet<(Kind, &'f str)> {
    let mut changed = HashSet::default();
    for ((kind, slug), hash) in &old.records {
        if new.records.get(&(*kind, slug.clone())) != Some(hash) {
            changed.insert((*kind, slug.as_str()));
        }
    }
    for (kind, slug) in new.records.keys() {
        if !old.records.contains_key(&(*kind, slug.clone())) {
            changed.insert((*kind, slug.as_str()));
        }
    }
    changed
}

/// The slugs of `kind`'s records a round was made from.
fn slugs(fp: &Fingerprints, kind: Kind) -> impl Iterator<Item = &String> {
    fp.records
        .keys()
        .filter(move |(k, _)| *k == kind)
        .map(|(_, slug)| slug)
}

/// The pages of `plan` to render after a change: every page when there is no last round
/// or what every page shows changed, else the pages that are new, or whose notes from
/// their last rendering name a record that changed, a whole list of a kind with a changed
/// record, or a derived value (menu, facet counts, a cluster's events...) that `renderer`
/// now computes differently.
pub fn pages_to_render<'p>(
    plan: &'p SitePlan,
    renderer: &Renderer,
    last: Option<LastRound>,
    new: &Fingerprints,
) -> Vec<&'p Planned> {
    let pages = &plan.outputs[..plan.page_count()];
    let last = match last {
        Some(last) if last.fingerprints.global == new.global => last,
        _ => return pages.iter().collect(),
    };
    let changed = changed_records(last.fingerprints, new);
    let kinds: HashSet<Kind> = changed.iter().map(|(kind, _)| *kind).collect();
    let sets: HashSet<Kind> = Kind::ALL
        .into_iter()
        .filter(|kind| {
            kinds.contains(kind) && slugs(last.fingerprints, *kind).ne(slugs(new, *kind))
        })
        .collect();
    let changes = Changes {
        records: &changed,
        kinds: &kinds,
        sets: &sets,
    };
    let affected = |seen: &Seen| {
        seen.lists.iter().any(|kind| kinds.contains(kind))
            || seen.records.iter().any(|(kind, i)| {
                // Positions are the last round's.
                last.site
                    .slug(*kind, *i)
                    .is_none_or(|slug| changed.contains(&(*kind, slug)))
            })
            || seen.derived.iter().any(|(what, hash)| {
                what.may_change(&changes) && renderer.derived_hash(what) != *hash
            })
    };
    pages
        .par_iter()
        .filter(|p| last.reads.get(&p.path).is_none_or(affected))
        .collect()
}

/// Make kept notes, which give records by position in `old`'s lists, give them by their
/// position in `new`'s (records that came or went move the others). A record gone is
/// given a position that names nothing, so a page that showed it counts as affected.
pub fn renumber(reads: &mut PageReads, old: &Site, new: &Site) {
    let moves: Vec<(Kind, Vec<usize>)> = Kind::ALL
        .into_iter()
        .filter(|kind| !old.slugs(*kind).eq(new.slugs(*kind)))
        .map(|kind| {
            let to = old
                .slugs(kind)
                .map(|slug| new.position(kind, slug).unwrap_or(usize::MAX))
                .collect();
            (kind, to)
        })
        .collect();
    if moves.is_empty() {
        return;
    }
    reads.par_iter_mut().for_each(|(_, seen)| {
        for (kind, i) in &mut seen.records {
            if let Some((_, to)) = moves.iter().find(|(k, _)| k == kind) {
                *i = to.get(*i).copied().unwrap_or(usize::MAX);
            }
        }
    });
}
