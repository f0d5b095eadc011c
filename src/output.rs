//! Writing the site: into a staging folder beside the output, then one swap.
//!
//! A failed build leaves the previous output untouched. Creating and deleting a whole
//! site's files is most of the cost of a build on a large programme (and on ext4 without a
//! journal, inodes deleted in the last minutes make every new file slower to create), so
//! files are reused rather than deleted and created again:
//! - the output before the previous one is kept beside it (`.public.prev`) and becomes the
//!   next build's staging folder: a file whose bytes did not change since that build is not
//!   touched, a changed one is overwritten in place, and files no longer produced go;
//! - where the staging folder has no such file, a file unchanged since the live output is
//!   hard-linked from it instead of written.
//!
//! Each tree carries a manifest of its files' hashes, which is what "unchanged" is judged by.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Hash, length and path of every file of an output, one line each, sorted by path: what
/// lets a later build (or `serve`) reuse the files without reading them.
pub const MANIFEST: &str = ".showcase-manifest";

/// A file as a manifest records it: content hash and length.
type Entry = (String, u64);

/// Where files of one build go before the swap.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    /// Keep the replaced output as the next build's staging folder (the site), or delete it
    /// (the search index, which tantivy writes itself).
    recycle: bool,
    /// Files of the live output, which unchanged files are hard-linked from.
    live: HashMap<String, Entry>,
    /// Files already in the staging folder (a recycled tree).
    recycled: HashMap<String, Entry>,
    written: Mutex<Vec<(String, String, u64)>>,
    /// Files whose write failed half-way: not to be trusted by a later build.
    damaged: Mutex<Vec<String>>,
    dirs: Mutex<HashSet<PathBuf>>,
    temp_counter: AtomicUsize,
    committed: bool,
}

/// `.public.<tag>` beside the output (for `public/`).
fn beside(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.{tag}"))
}

/// A folder beside the output that belongs to this process.
fn sibling(target: &Path, tag: &str) -> PathBuf {
    beside(target, &format!("{tag}-{}", std::process::id()))
}

/// The kept tree of the output before the live one.
fn previous_tree(target: &Path) -> PathBuf {
    beside(target, "prev")
}

pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

fn read_manifest(dir: &Path) -> Option<HashMap<String, Entry>> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    Some(
        text.lines()
            .filter_map(|l| {
                let mut p = l.splitn(3, '\t');
                let (h, n, path) = (p.next()?, p.next()?.parse().ok()?, p.next()?);
                Some((path.to_string(), (h.to_string(), n)))
            })
            .collect(),
    )
}

/// Write `dir`'s manifest: (path, hash, length) of each file, in any order. Written beside
/// and renamed into place, so a reader never sees half of it.
pub fn write_manifest<'a>(
    dir: &Path,
    entries: impl Iterator<Item = (&'a str, &'a str, u64)>,
) -> io::Result<()> {
    let mut entries: Vec<_> = entries.collect();
    entries.sort_unstable_by_key(|(path, _, _)| *path);
    let mut text = String::with_capacity(entries.len() * 100);
    for (path, hash, len) in entries {
        text.push_str(hash);
        text.push('\t');
        text.push_str(&len.to_string());
        text.push('\t');
        text.push_str(path);
        text.push('\n');
    }
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, dir.join(MANIFEST))
}

/// Is there a regular file of `len` bytes at `path`?
fn is_file_of_len(path: &Path, len: u64) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == len)
}

/// Kind of thing at a path in the staging folder.
enum Existing {
    None,
    /// A regular file and its link count.
    File(u64),
    Other,
}

fn existing(path: &Path) -> Existing {
    use std::os::unix::fs::MetadataExt;
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Existing::File(m.nlink()),
        Ok(_) => Existing::Other,
        Err(_) => Existing::None,
    }
}

impl Staging {
    /// Staging for the site: recycles the tree kept from the build before the last.
    pub fn new(target: &Path) -> io::Result<Self> {
        Self::open(target, true)
    }

    /// Staging that starts empty and deletes the output it replaces.
    pub fn fresh(target: &Path) -> io::Result<Self> {
        Self::open(target, false)
    }

    fn open(target: &Path, recycle: bool) -> io::Result<Self> {
        let target = if target.is_absolute() {
            target.to_path_buf()
        } else {
            std::env::current_dir()?.join(target)
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let dir = sibling(&target, "staging");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let mut recycled = HashMap::new();
        let prev = previous_tree(&target);
        if recycle && std::fs::rename(&prev, &dir).is_ok() {
            match read_manifest(&dir) {
                Some(m) => recycled = m,
                None => {
                    // A tree of unknown contents is not built upon.
                    let trash = sibling(&target, "old");
                    std::fs::rename(&dir, &trash)?;
                    remove_in_background(trash);
                }
            }
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            live: read_manifest(&target).unwrap_or_default(),
            target,
            recycle,
            recycled,
            written: Mutex::new(Vec::new()),
            damaged: Mutex::new(Vec::new()),
            dirs: Mutex::new(Default::default()),
            temp_counter: AtomicUsize::new(0),
            committed: false,
        })
    }

    fn ensure_parent(&self, path: &Path) -> io::Result<()> {
        if let Some(parent) = path.parent()
            && !self.dirs.lock().expect("lock").contains(parent)
        {
            std::fs::create_dir_all(parent)?;
            self.dirs.lock().expect("lock").insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Write `bytes` at `rel` (a path produced by the routes, never from content).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        debug_assert!(
            !rel.split('/').any(|c| c == ".." || c.is_empty()),
            "unsafe output path {rel}"
        );
        let h = hash(bytes);
        let len = bytes.len() as u64;
        let dest = self.dir.join(rel);
        let same = |m: &HashMap<String, Entry>| m.get(rel).is_some_and(|e| e.0 == h && e.1 == len);
        let unchanged = same(&self.recycled) && is_file_of_len(&dest, len);
        if !unchanged && let Err(e) = self.put(rel, &dest, bytes, same(&self.live)) {
            self.damaged.lock().expect("lock").push(rel.to_string());
            return Err(io::Error::new(e.kind(), format!("{}: {e}", dest.display())));
        }
        self.written
            .lock()
            .expect("lock")
            .push((rel.to_string(), h, len));
        Ok(())
    }

    fn put(&self, rel: &str, dest: &Path, bytes: &[u8], same_as_live: bool) -> io::Result<()> {
        self.ensure_parent(dest)?;
        match existing(dest) {
            // Overwriting in place keeps the inode: nothing is deleted or created.
            Existing::File(1) => std::fs::write(dest, bytes),
            // Shared with the live output (a hard link): replace the name, not the bytes.
            Existing::File(_) => {
                let n = self.temp_counter.fetch_add(1, Ordering::Relaxed);
                let temp = dest.with_file_name(format!(".showcase-tmp-{n}"));
                std::fs::write(&temp, bytes)?;
                std::fs::rename(&temp, dest)
            }
            Existing::Other => {
                std::fs::remove_dir_all(dest)?;
                std::fs::write(dest, bytes)
            }
            Existing::None => {
                let live = self.target.join(rel);
                let linked = same_as_live
                    && is_file_of_len(&live, bytes.len() as u64)
                    && std::fs::hard_link(&live, dest).is_ok();
                if linked {
                    Ok(())
                } else {
                    std::fs::write(dest, bytes)
                }
            }
        }
    }

    /// Copy a file from the content tree (already checked to lie inside it).
    pub fn copy(&self, rel: &str, source: &Path) -> io::Result<()> {
        let bytes = std::fs::read(source)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", source.display())))?;
        self.write(rel, &bytes)
    }

    pub fn files_written(&self) -> usize {
        self.written.lock().expect("lock").len()
    }

    /// Remove what a recycled tree has that this build did not produce, and folders left empty.
    fn remove_leftovers(&self, produced: &HashSet<&str>) {
        let mut dirs = std::collections::BTreeSet::new();
        for rel in self
            .recycled
            .keys()
            .filter(|r| !produced.contains(r.as_str()))
        {
            let path = self.dir.join(rel);
            if std::fs::remove_file(&path).is_ok() {
                dirs.extend(path.ancestors().skip(1).map(Path::to_path_buf));
            }
        }
        // Deepest first; a folder that still holds something stays.
        for d in dirs
            .iter()
            .rev()
            .filter(|d| d.starts_with(&self.dir) && **d != self.dir)
        {
            let _ = std::fs::remove_dir(d);
        }
    }

    /// Swap the staging folder in. Returns a folder to delete later, if any.
    pub fn commit(mut self) -> io::Result<Option<PathBuf>> {
        let mut written = std::mem::take(&mut *self.written.lock().expect("lock"));
        written.sort();
        // A path written twice (identical search chunks share a content-hashed name) is one file.
        written.dedup_by(|a, b| a.0 == b.0);
        let produced: HashSet<&str> = written.iter().map(|w| w.0.as_str()).collect();
        self.remove_leftovers(&produced);
        let entries: HashMap<String, Entry> = written
            .iter()
            .map(|(p, h, n)| (p.clone(), (h.clone(), *n)))
            .collect();
        write_manifest(
            &self.dir,
            entries
                .iter()
                .map(|(p, (h, n))| (p.as_str(), h.as_str(), *n)),
        )?;
        let mut delete_later = None;
        let replaced = if self.target.exists() {
            let aside = if self.recycle {
                let prev = previous_tree(&self.target);
                if prev.exists() {
                    // Left by a build that ran beside this one.
                    let trash = sibling(&self.target, "old");
                    std::fs::rename(&prev, &trash)?;
                    delete_later = Some(trash);
                }
                prev
            } else {
                let old = sibling(&self.target, "old");
                delete_later = Some(old.clone());
                old
            };
            std::fs::rename(&self.target, &aside)?;
            Some(aside)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous output back rather than leave none.
            if let Some(aside) = &replaced {
                let _ = std::fs::rename(aside, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        Ok(delete_later)
    }

    /// Throw the staging folder away (failed build).
    pub fn abandon(self) {
        // Dropping does it.
    }
}

impl Drop for Staging {
    /// Whatever ends a build early (an error, a panic), its staging folder goes with it; a
    /// recycled tree goes back, its manifest saying what it now holds.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let prev = previous_tree(&self.target);
        if self.recycled.is_empty() || prev.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
            return;
        }
        let mut entries = std::mem::take(&mut self.recycled);
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        for (p, h, n) in written {
            entries.insert(p, (h, n));
        }
        for p in self
            .damaged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            entries.remove(p);
            let _ = std::fs::remove_file(self.dir.join(p));
        }
        if write_manifest(
            &self.dir,
            entries
                .iter()
                .map(|(p, (h, n))| (p.as_str(), h.as_str(), *n)),
        )
        .is_err()
            || std::fs::rename(&self.dir, &prev).is_err()
        {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Delete a previous output without making the user wait: a detached `rm`, or in-process.
pub fn remove_in_background(old: PathBuf) {
    let spawned = std::process::Command::new("rm")
        .arg("-rf")
        .arg(&old)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        let _ = std::fs::remove_dir_all(&old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn ino(p: &Path) -> u64 {
        p.metadata().unwrap().ino()
    }

    #[test]
    fn commit_swaps_and_unchanged_files_are_kept_or_linked() {
        let tmp = std::env::temp_dir().join(format!("showcase-out-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let target = tmp.join("public");
        let prev = previous_tree(&target);

        // 1: a fresh tree.
        let s = Staging::new(&target).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("gone/index.html", b"old page").unwrap();
        assert!(!target.exists(), "nothing visible before the commit");
        assert!(s.commit().unwrap().is_none());
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");
        let first_a = ino(&target.join("a/index.html"));

        // 2: no tree to recycle yet; the unchanged file is a hard link to the live one.
        let s = Staging::new(&target).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b.txt", b"two").unwrap();
        assert_eq!(ino(&s.dir.join("a/index.html")), first_a);
        s.commit().unwrap();
        assert!(prev.join("gone/index.html").exists(), "build 1 is kept");
        assert!(!target.join("gone").exists());

        // 3: recycles build 1's tree: unchanged files stay, changed ones are replaced
        // (without touching the live output they share an inode with), others go.
        let s = Staging::new(&target).unwrap();
        assert!(!prev.exists());
        s.write("a/index.html", b"changed").unwrap();
        s.write("b.txt", b"two").unwrap();
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");
        s.commit().unwrap();
        assert_eq!(
            std::fs::read(target.join("a/index.html")).unwrap(),
            b"changed"
        );
        assert_eq!(std::fs::read(target.join("b.txt")).unwrap(), b"two");
        assert!(
            !target.join("gone").exists(),
            "a page no longer produced goes"
        );
        assert_eq!(std::fs::read(prev.join("a/index.html")).unwrap(), b"one");

        // 4: a failed build changes nothing visible and gives its tree back.
        let s = Staging::new(&target).unwrap();
        s.write("c.txt", b"three").unwrap();
        s.abandon();
        assert!(!target.join("c.txt").exists());
        assert!(target.join("b.txt").exists());
        assert!(prev.join("c.txt").exists(), "the recycled tree went back");

        // 5: and the next build takes it up, manifest and all.
        let s = Staging::new(&target).unwrap();
        s.write("a/index.html", b"changed").unwrap();
        s.write("b.txt", b"two").unwrap();
        s.commit().unwrap();
        assert!(!target.join("c.txt").exists());
        std::fs::remove_dir_all(tmp).unwrap();
    }
}
