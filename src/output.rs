//! Writing the site: into a staging folder beside the output, then one swap.
//!
//! A failed build removes its staging folder and leaves the previous output untouched.
//! Files whose bytes did not change since the last build are hard-linked from it instead
//! of written again (the manifest records each file's hash), which is most of the cost
//! of a rebuild on a large programme. The previous output is renamed aside and deleted
//! after the swap, off the critical path.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const MANIFEST: &str = ".showcase-manifest";

/// Where files of one build go before the swap.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    previous: HashMap<String, (String, u64)>,
    written: Mutex<Vec<(String, String, u64)>>,
    dirs: Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

impl Staging {
    pub fn new(target: &Path) -> io::Result<Self> {
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
        std::fs::create_dir_all(&dir)?;
        let previous = std::fs::read_to_string(target.join(MANIFEST))
            .map(|m| {
                m.lines()
                    .filter_map(|l| {
                        let mut p = l.splitn(3, '\t');
                        let (h, n, path) = (p.next()?, p.next()?.parse().ok()?, p.next()?);
                        Some((path.to_string(), (h.to_string(), n)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Staging {
            dir,
            target,
            previous,
            written: Mutex::new(Vec::new()),
            dirs: Mutex::new(Default::default()),
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
        let dest = self.dir.join(rel);
        self.ensure_parent(&dest)?;
        let h = hash(bytes);
        let len = bytes.len() as u64;
        let reused = match self.previous.get(rel) {
            Some((ph, pl)) if *ph == h && *pl == len => {
                let old = self.target.join(rel);
                old.metadata().map(|m| m.len() == len).unwrap_or(false)
                    && std::fs::hard_link(&old, &dest).is_ok()
            }
            _ => false,
        };
        if !reused {
            std::fs::write(&dest, bytes)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dest.display())))?;
        }
        self.written
            .lock()
            .expect("lock")
            .push((rel.to_string(), h, len));
        Ok(())
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

    /// Swap the staging folder in. Returns the old output's temporary name, to delete later.
    pub fn commit(mut self) -> io::Result<Option<PathBuf>> {
        let mut written = std::mem::take(&mut *self.written.lock().expect("lock"));
        written.sort();
        // A path written twice (identical search chunks share a content-hashed name) is one file.
        written.dedup_by(|a, b| a.0 == b.0);
        let mut manifest = String::new();
        for (path, h, n) in &written {
            manifest.push_str(&format!("{h}\t{n}\t{path}\n"));
        }
        std::fs::write(self.dir.join(MANIFEST), manifest)?;
        let old = if self.target.exists() {
            let old = sibling(&self.target, "old");
            std::fs::rename(&self.target, &old)?;
            Some(old)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous output back rather than leave none.
            if let Some(old) = &old {
                let _ = std::fs::rename(old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        Ok(old)
    }

    /// Throw the staging folder away (failed build).
    pub fn abandon(self) {
        // Dropping does it.
    }
}

impl Drop for Staging {
    /// Whatever ends a build early (an error, a panic), its staging folder goes with it.
    fn drop(&mut self) {
        if !self.committed {
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

    #[test]
    fn commit_swaps_and_unchanged_files_are_linked() {
        let tmp = std::env::temp_dir().join(format!("showcase-out-{}", std::process::id()));
        let target = tmp.join("public");
        let s = Staging::new(&target).unwrap();
        s.write("a/index.html", b"one").unwrap();
        assert!(!target.exists(), "nothing visible before the commit");
        s.commit().unwrap();
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");

        let s = Staging::new(&target).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b.txt", b"two").unwrap();
        let staged = s.dir.join("a/index.html");
        use std::os::unix::fs::MetadataExt;
        assert_eq!(
            staged.metadata().unwrap().ino(),
            target.join("a/index.html").metadata().unwrap().ino()
        );
        let old = s.commit().unwrap().unwrap();
        std::fs::remove_dir_all(old).unwrap();
        assert_eq!(std::fs::read(target.join("b.txt")).unwrap(), b"two");

        let s = Staging::new(&target).unwrap();
        s.write("c.txt", b"three").unwrap();
        s.abandon();
        assert!(!target.join("c.txt").exists());
        assert!(target.join("b.txt").exists());
        std::fs::remove_dir_all(tmp).unwrap();
    }
}
