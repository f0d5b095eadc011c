//! The folder `serve` serves, updated in place, one changed file at a time.
//!
//! `build` renders into a staging folder and swaps it in; for every keystroke of an editor
//! that is too slow on a large programme (tens of thousands of files). Here a rebuild is a
//! [`Round`]: it receives every file it produces (as [`Sink`]), compares each with what the
//! folder holds (by hash, kept in memory), and writes only the changed ones, into a pending
//! folder. Only when the whole rebuild succeeded are they renamed into place (each rename is
//! atomic, so a browser never reads half a file), stale files removed, and the manifest
//! rewritten exactly as `build` writes it. A failed rebuild drops the pending folder and
//! leaves the served folder as it was.

use crate::content::load::{FileStamp, file_stamp};
use crate::output::{MANIFEST, hash, write_manifest};
use crate::pipeline::Sink;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where a round puts changed files until it commits; inside the served folder so that the
/// final renames never cross file systems. The server never serves dot-folders.
const PENDING: &str = ".showcase-pending";

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    hash: String,
    len: u64,
}

/// What a copied asset's source looked like when it was last copied: unchanged sources are
/// not read again on the next round.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    source: PathBuf,
    file: FileStamp,
}

fn stamp(source: &Path) -> io::Result<Stamp> {
    Ok(Stamp {
        source: source.to_path_buf(),
        file: file_stamp(source).map_err(|e| with_path(e, source))?,
    })
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// The served folder and what is in it.
pub struct Served {
    dir: PathBuf,
    files: HashMap<String, Entry>,
    stamps: HashMap<String, Stamp>,
    /// The manifest on disk is behind `files`.
    manifest_behind: bool,
}

impl Served {
    /// Open (or create) the folder; files already there are hashed, so the first round
    /// rewrites only what differs and removes what the site no longer has.
    pub fn open(dir: &Path) -> io::Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| with_path(e, dir))?;
        let dir = dir.canonicalize().map_err(|e| with_path(e, dir))?;
        let _ = std::fs::remove_dir_all(dir.join(PENDING));
        let mut files = HashMap::default();
        for e in walkdir::WalkDir::new(&dir).follow_links(false) {
            let e = e.map_err(io::Error::other)?;
            if !e.file_type().is_file() {
                continue;
            }
            let rel = crate::source::slash_path(e.path().strip_prefix(&dir).unwrap_or(e.path()));
            if rel == MANIFEST {
                continue;
            }
            let bytes = std::fs::read(e.path()).map_err(|err| with_path(err, e.path()))?;
            files.insert(
                rel,
                Entry {
                    hash: hash(&bytes),
                    len: bytes.len() as u64,
                },
            );
        }
        Ok(Served {
            dir,
            files,
            stamps: HashMap::default(),
            manifest_behind: true,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Start a rebuild.
    pub fn round(&self) -> io::Result<Round<'_>> {
        // Empty after every commit (its files were moved), and gone after an abandoned round.
        let pending = self.dir.join(PENDING);
        Ok(Round {
            served: self,
            pending,
            changed: Mutex::new(HashMap::default()),
            produced: Mutex::new(HashSet::default()),
            stamps: Mutex::new(Vec::new()),
            dirs: Mutex::new(HashSet::default()),
        })
    }

    /// Move a finished round's changed files into place, then remove every file that the
    /// round did not produce and `keep` does not claim (pages not re-rendered, files of
    /// another stage). Returns the paths that changed or went away.
    pub fn commit(
        &mut self,
        round: Finished,
        keep: &dyn Fn(&str) -> bool,
    ) -> io::Result<Vec<String>> {
        let mut touched = Vec::with_capacity(round.changed.len());
        let mut made = HashSet::default();
        let result = (|| {
            for (rel, entry) in round.changed {
                let from = round.pending.join(&rel);
                let to = self.dir.join(&rel);
                if let Some(parent) = to.parent()
                    && made.insert(parent.to_path_buf())
                {
                    std::fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
                }
                std::fs::rename(&from, &to).map_err(|e| with_path(e, &to))?;
                self.files.insert(rel.clone(), entry);
                touched.push(rel);
            }
            let stale: Vec<String> = self
                .files
                .keys()
                .filter(|p| !round.produced.contains(*p) && !keep(p))
                .cloned()
                .collect();
            for rel in stale {
                let path = self.dir.join(&rel);
                match std::fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(with_path(e, &path)),
                }
                self.files.remove(&rel);
                self.stamps.remove(&rel);
                remove_empty_parents(&self.dir, &path);
                touched.push(rel);
            }
            Ok(())
        })();
        for (rel, s) in round.stamps {
            self.stamps.insert(rel, s);
        }
        // The pending folder keeps its (now empty) subfolders for the next round: removing
        // them costs more than the rest of the commit on some file systems.
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&round.pending);
        }
        result?;
        self.manifest_behind |= !touched.is_empty();
        Ok(touched)
    }

    /// Bring the manifest up to date with the folder. Separate from `commit` because on a
    /// large site writing it takes as long as the rest of a round: `serve` writes it after
    /// open pages have been told to reload.
    pub fn save_manifest(&mut self) -> io::Result<()> {
        if self.manifest_behind {
            self.write_manifest()?;
            self.manifest_behind = false;
        }
        Ok(())
    }

    /// The manifest exactly as `build` writes it, so the folder is a valid output of
    /// `build` too (and a later `build --output` into it can reuse its files).
    fn write_manifest(&self) -> io::Result<()> {
        let entries = self
            .files
            .iter()
            .map(|(p, e)| (p.as_str(), e.hash.as_str(), e.len));
        write_manifest(&self.dir, entries).map_err(|e| with_path(e, &self.dir.join(MANIFEST)))
    }
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// One rebuild's output, compared file by file with the served folder.
pub struct Round<'a> {
    served: &'a Served,
    pending: PathBuf,
    /// Keyed by path: a path written twice keeps its last bytes, as in `Staging`.
    changed: Mutex<HashMap<String, Entry>>,
    produced: Mutex<HashSet<String>>,
    stamps: Mutex<Vec<(String, Stamp)>>,
    dirs: Mutex<HashSet<PathBuf>>,
}

/// A round that produced everything it should; see [`Served::commit`].
pub struct Finished {
    pending: PathBuf,
    changed: HashMap<String, Entry>,
    produced: HashSet<String>,
    stamps: Vec<(String, Stamp)>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic in another writer leaves nothing half-done that matters here.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Round<'_> {
    pub fn finish(self) -> Finished {
        Finished {
            pending: self.pending,
            changed: self.changed.into_inner().unwrap_or_else(|e| e.into_inner()),
            produced: self
                .produced
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            stamps: self.stamps.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Drop everything the round wrote; the served folder is untouched.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.pending);
    }
}

impl Sink for Round<'_> {
    /// `rel` comes from the routes, never from content (as for `Staging::write`).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        debug_assert!(
            !rel.split('/').any(|c| c == ".." || c.is_empty()),
            "unsafe output path {rel}"
        );
        let entry = Entry {
            hash: hash(bytes),
            len: bytes.len() as u64,
        };
        lock(&self.produced).insert(rel.to_string());
        if self.served.files.get(rel) == Some(&entry) {
            lock(&self.changed).remove(rel);
            return Ok(());
        }
        let dest = self.pending.join(rel);
        if let Some(parent) = dest.parent()
            && !lock(&self.dirs).contains(parent)
        {
            std::fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
            lock(&self.dirs).insert(parent.to_path_buf());
        }
        std::fs::write(&dest, bytes).map_err(|e| with_path(e, &dest))?;
        lock(&self.changed).insert(rel.to_string(), entry);
        Ok(())
    }

    fn copy(&self, rel: &str, source: &Path) -> io::Result<()> {
        let s = stamp(source)?;
        if self.served.files.contains_key(rel) && self.served.stamps.get(rel) == Some(&s) {
            lock(&self.produced).insert(rel.to_string());
            return Ok(());
        }
        let bytes = std::fs::read(source).map_err(|e| with_path(e, source))?;
        self.write(rel, &bytes)?;
        lock(&self.stamps).push((rel.to_string(), s));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("showcase-served-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn only_changed_files_are_written_and_stale_ones_removed() {
        let dir = tmp("round");
        let mut s = Served::open(&dir).unwrap();
        let r = s.round().unwrap();
        r.write("a/index.html", b"one").unwrap();
        r.write("b/index.html", b"two").unwrap();
        let f = r.finish();
        assert_eq!(f.changed.len(), 2);
        s.commit(f, &|_| false).unwrap();
        assert_eq!(std::fs::read(dir.join("a/index.html")).unwrap(), b"one");
        s.save_manifest().unwrap();
        let manifest = std::fs::read_to_string(dir.join(MANIFEST)).unwrap();
        assert_eq!(manifest.lines().count(), 2);
        assert!(manifest.starts_with(&format!("{}\t3\ta/index.html\n", hash(b"one"))));

        let r = s.round().unwrap();
        r.write("a/index.html", b"one").unwrap();
        let f = r.finish();
        assert_eq!(f.changed.len(), 0, "unchanged bytes are not written again");
        let touched = s.commit(f, &|_| false).unwrap();
        assert_eq!(touched, vec!["b/index.html".to_string()]);
        assert!(
            !dir.join("b").exists(),
            "stale file and its empty folder removed"
        );

        // A failed round leaves the folder as it was.
        let r = s.round().unwrap();
        r.write("a/index.html", b"changed").unwrap();
        r.abandon();
        assert_eq!(std::fs::read(dir.join("a/index.html")).unwrap(), b"one");
        assert!(!dir.join(PENDING).exists());

        // Reopening hashes what is there.
        let s2 = Served::open(&dir).unwrap();
        assert_eq!(s2.files.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
