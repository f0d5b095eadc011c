//! Noticing edits: file-system events under the site's inputs, gathered into one batch per
//! save.
//!
//! Editors save in several steps (write a temporary file, rename it, touch a backup), each
//! an event; a rebuild starts once events have stopped for [`QUIET`]. Only the inputs of a
//! build count: `site.toml`, `content/`, `themes/` and `templates/`; editor droppings
//! (`.swp`, `~`, `.#lock`, vim's `4913` probe) do not.

use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long events must pause before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(15);
/// A stream of events that never pauses still rebuilds this often.
pub const MAX_WAIT: Duration = Duration::from_millis(500);

/// Folders (recursive) and files of the site root that a build reads.
pub const FOLDERS: [&str; 3] = ["content", "themes", "templates"];
pub const FILES: [&str; 1] = ["site.toml"];

/// Is this path (relative to the root) an input of the build?
pub fn relevant(rel: &Path) -> bool {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let editor_file = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name == "4913";
    if editor_file {
        return false;
    }
    (FILES.contains(&first.as_ref()) && rel.components().count() == 1)
        || FOLDERS.contains(&first.as_ref())
}

/// Watches the site root; sends each relevant changed path (absolute).
pub struct SiteWatcher {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl SiteWatcher {
    /// `root` must be canonical (event paths are compared with it).
    pub fn new<T: Send + 'static>(
        root: &Path,
        tx: Sender<T>,
        wrap: fn(PathBuf) -> T,
    ) -> notify::Result<Self> {
        let base = root.to_path_buf();
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else { return };
            if matches!(ev.kind, EventKind::Access(_)) {
                return;
            }
            for p in ev.paths {
                if p.strip_prefix(&base).map(relevant).unwrap_or(false) {
                    let _ = tx.send(wrap(p));
                }
            }
        })?;
        let mut w = SiteWatcher {
            watcher,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        // The root itself, not recursively: site.toml, and the folders appearing later.
        w.watcher.watch(root, RecursiveMode::NonRecursive)?;
        w.watch_folders()?;
        Ok(w)
    }

    /// Start watching input folders that exist now but did not before.
    pub fn watch_folders(&mut self) -> notify::Result<()> {
        for f in FOLDERS {
            let p = self.root.join(f);
            if p.is_dir() && !self.watched.contains(&p) {
                self.watcher.watch(&p, RecursiveMode::Recursive)?;
                self.watched.insert(p);
            }
        }
        Ok(())
    }
}

/// After a first change at `first`, wait until changes pause; returns every changed path.
/// Other messages arriving meanwhile are handed to `other`.
pub fn gather<T>(
    rx: &Receiver<T>,
    first: PathBuf,
    as_change: impl Fn(T) -> Result<PathBuf, T>,
    mut other: impl FnMut(T),
) -> BTreeSet<PathBuf> {
    let start = Instant::now();
    let mut changed = BTreeSet::from([first]);
    loop {
        let left = MAX_WAIT.saturating_sub(start.elapsed());
        if left.is_zero() {
            return changed;
        }
        match rx.recv_timeout(QUIET.min(left)) {
            Ok(m) => match as_change(m) {
                Ok(p) => {
                    changed.insert(p);
                }
                Err(m) => other(m),
            },
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return changed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_build_inputs_count() {
        for yes in [
            "site.toml",
            "content/clusters/x.md",
            "content/brand/logo/logo.svg",
            "themes/t/templates/a.html",
            "templates/base.html",
        ] {
            assert!(relevant(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "README.md",
            "content/clusters/.x.md.swp",
            "content/clusters/x.md~",
            "content/4913",
            "search-index/en/meta.json",
            "x/site.toml",
        ] {
            assert!(!relevant(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn a_burst_is_one_batch() {
        let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
        for i in 0..5 {
            tx.send(PathBuf::from(format!("content/{i}.md"))).unwrap();
        }
        let t = Instant::now();
        let got = gather(&rx, PathBuf::from("content/first.md"), Ok, |_| {});
        assert_eq!(got.len(), 6);
        assert!(t.elapsed() >= QUIET);
    }
}
