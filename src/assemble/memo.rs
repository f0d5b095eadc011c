//! Converted records kept between `serve` rounds.
//!
//! Converting a record (parsing its TOML, checking every field, resolving its assets) is
//! most of the work of reading a site. Between two rounds of `serve` almost every record is
//! as it was, so a record is converted again only when something it was made from changed:
//! its files (by identity: `ReadCache` hands out the same `SourceFile` for an unchanged
//! file), the files its assets name (size and modification time, as the content edge found
//! them this round: see `content::assets`), or the context every record is checked against
//! (settings, vocabularies, the set of clusters, today). It reads no file itself.
//!
//! Records that had any diagnostic are not kept: their messages must show every round, and
//! a missing asset may appear at any time.

use crate::content::load::{FileStamp, RecordFiles};
use crate::model::{Asset, Kind};
use crate::source::{SourceFile, SourceId, Sources};
use rustc_hash::FxHashMap as HashMap;
use std::any::Any;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct RecordMemo {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The context the kept records were checked against.
    context: Option<blake3::Hash>,
    records: HashMap<(Kind, String), Kept>,
}

struct Kept {
    files: Vec<(SourceId, Arc<SourceFile>)>,
    assets: Vec<(PathBuf, FileStamp)>,
    model: Arc<dyn Any + Send + Sync>,
}

/// A record's files as this build numbered and read them.
fn files_of(rec: &RecordFiles, sources: &Sources) -> Vec<(SourceId, Arc<SourceFile>)> {
    std::iter::once(rec.main)
        .chain(rec.translations.values().map(|(id, _)| *id))
        .map(|id| (id, sources.shared(id).clone()))
        .collect()
}

impl RecordMemo {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Start a build checked against `context`: what was kept under another is forgotten.
    pub fn begin(&self, context: blake3::Hash) {
        let mut inner = self.lock();
        if inner.context != Some(context) {
            inner.records.clear();
            inner.context = Some(context);
        }
    }

    /// The record as converted last time, if nothing it was made from changed.
    pub fn get<M: Clone + Send + Sync + 'static>(
        &self,
        rec: &RecordFiles,
        sources: &Sources,
    ) -> Option<M> {
        let (files, assets, model) = {
            let inner = self.lock();
            let kept = inner.records.get(&(rec.kind, rec.slug.clone()))?;
            (kept.files.clone(), kept.assets.clone(), kept.model.clone())
        };
        let now = files_of(rec, sources);
        let same_files = files.len() == now.len()
            && files
                .iter()
                .zip(&now)
                .all(|((i, a), (j, b))| i == j && Arc::ptr_eq(a, b));
        let same_assets = same_files
            && assets
                .iter()
                .all(|(path, stamp)| rec.assets.stamp(path).as_ref() == Some(stamp));
        if !same_assets {
            return None;
        }
        model.downcast_ref::<M>().cloned()
    }

    /// Keep a record converted without any diagnostic, with the assets it names.
    pub fn keep<M: Clone + Send + Sync + 'static>(
        &self,
        rec: &RecordFiles,
        sources: &Sources,
        model: &M,
        assets: Vec<&Asset>,
    ) {
        let Some(assets) = assets
            .into_iter()
            .map(|a| Some((a.source.clone(), rec.assets.stamp(&a.source)?)))
            .collect::<Option<Vec<_>>>()
        else {
            return;
        };
        let kept = Kept {
            files: files_of(rec, sources),
            assets,
            model: Arc::new(model.clone()),
        };
        self.lock()
            .records
            .insert((rec.kind, rec.slug.clone()), kept);
    }
}
