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
//!
//! The swap ([`Staging::commit`]) makes the new tree visible in one step where the file
//! system can exchange two names atomically (Linux `renameat2(RENAME_EXCHANGE)`: ext4, XFS,
//! Btrfs, tmpfs, ...): at every instant the output is the whole old site or the whole new one,
//! even if the process is killed. Elsewhere it falls back to two renames (the live tree aside,
//! the new one in), which is not atomic: a kill between them leaves no output until the next
//! build. Folders of builds that were killed (`.public.staging-PID`, `.public.old-PID-N`) are
//! removed by the next build once their process is gone.
//!
//! [`vet_output`] refuses, before anything is written, an output that is not showcase's to
//! replace: a file, a folder with someone else's files, the site or its sources.

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
    /// Swap by exchanging names where the file system can (false: two renames; for tests).
    atomic: bool,
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

/// A new name beside the output for a tree to delete (`.public.old-PID-N`).
fn bin(target: &Path) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    beside(target, &format!("old-{}-{n}", std::process::id()))
}

/// The process a folder beside `target` belongs to: `.public.staging-PID`, `.public.old-PID`
/// or `.public.old-PID-N` for `public`.
fn owner(target_name: &str, sibling_name: &str) -> Option<u32> {
    let rest = sibling_name
        .strip_prefix('.')?
        .strip_prefix(target_name)?
        .strip_prefix('.')?;
    let rest = rest
        .strip_prefix("staging-")
        .or_else(|| rest.strip_prefix("old-"))?;
    let (pid, n) = rest.split_once('-').unwrap_or((rest, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n)).then(|| pid.parse().ok())?
}

/// Is process `pid` running (or at least not yet reaped)?
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        // Not a process id (0 and below name process groups): never treated as gone.
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    if unsafe { libc::kill(pid, 0) } == 0 {
        return true;
    }
    // EPERM: it exists but belongs to someone else.
    io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Remove the folders that killed builds left beside `target` (staging folders and trees
/// being deleted, named after their process): those whose process is gone, and those named
/// after this process (a process that had its id before; this one has made none yet). A
/// live process's folders (a build running beside this one) stay. Each is renamed out of
/// the way at once and deleted in the background. Returns what was removed.
pub fn sweep_stale(target: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let me = std::process::id();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        let Some(pid) = owner(&name, &file_name) else {
            continue;
        };
        if pid != me && alive(pid) {
            continue;
        }
        let stale = entry.path();
        let trash = bin(target);
        if std::fs::rename(&stale, &trash).is_ok() {
            remove_in_background(trash);
            removed.push(stale);
        }
    }
    removed
}

/// Test hook, read here only: `SHOWCASE_FAULT_AT=swap:N` kills the process (SIGKILL, as
/// `kill -9` would: no destructor, no clean-up) right after the N-th step of the swaps of a
/// build, counted from 1 across the site's and the search index's. The step is named on
/// stderr first.
fn fault_point(step: &str) {
    static AT: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    static DONE: AtomicUsize = AtomicUsize::new(0);
    let at = AT.get_or_init(|| {
        std::env::var("SHOWCASE_FAULT_AT")
            .ok()?
            .strip_prefix("swap:")?
            .parse()
            .ok()
    });
    let Some(at) = *at else { return };
    if DONE.fetch_add(1, Ordering::SeqCst) + 1 == at {
        eprintln!("fault injected after swap step {at}: {step}");
        // SAFETY: plain system calls; the process ends here.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort();
    }
}

/// Exchange two existing paths in one atomic step. `Ok(false)`: the system or file
/// system cannot (the caller falls back to renames).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    // <linux/fs.h>; not in every libc target's constants.
    const RENAME_EXCHANGE: libc::c_uint = 1 << 1;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // A raw system call: glibc has a wrapper only since 2.28, and musl none.
    // SAFETY: both paths are NUL-terminated and outlive the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        // No such system call (kernel before 3.15, or filtered), or a file system without
        // the flag.
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Files and folders of the site root that a build reads or keeps: no output may be or
/// lie inside one of them.
pub const SITE_FILES: [&str; 9] = [
    "site.toml",
    "content",
    "themes",
    "templates",
    "i18n",
    "static",
    "search-index",
    ".showcase-cache",
    ".git",
];

/// `path` made absolute and canonical as far as it exists (symbolic links and `..`
/// resolved), the rest (which does not exist yet) normalised by its spelling.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    use std::path::Component;
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let existing = abs
        .ancestors()
        .find(|a| std::fs::symlink_metadata(a).is_ok() && a.canonicalize().is_ok())
        .unwrap_or(Path::new("/"));
    let mut out = existing.canonicalize()?;
    for c in abs
        .strip_prefix(existing)
        .unwrap_or(Path::new(""))
        .components()
    {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    Ok(out)
}

/// Is `dir` missing, empty, or an output of showcase (it has the manifest)?
pub fn is_output_folder(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Err(_) => std::fs::symlink_metadata(dir).is_err(),
        Ok(mut entries) => entries.next().is_none() || dir.join(MANIFEST).is_file(),
    }
}

/// Check that showcase may replace `output` (as `what`, e.g. "--output") for the site at
/// `root` (canonical): refused if it is or holds the site root, is or lies in one of the
/// site's own files ([`SITE_FILES`]; `own` names the one that is this output's rightful
/// place, if any), is not a folder, or is a folder that is not empty and not showcase's.
/// Returns the output's canonical path (symbolic links resolved) or why not.
pub fn vet_output(
    root: &Path,
    output: &Path,
    what: &str,
    own: Option<&str>,
) -> Result<PathBuf, String> {
    let shown = output.display();
    let canon = resolve(output).map_err(|e| format!("cannot use {shown} as {what}: {e}"))?;
    let resolved = if canon.as_path() == output {
        String::new()
    } else {
        format!(" (that is, {})", canon.display())
    };
    if root.starts_with(&canon) {
        return Err(format!(
            "refusing {shown} as {what}{resolved}: it is or holds the site itself ({}), whose files a build would replace",
            root.display()
        ));
    }
    for name in SITE_FILES.iter().filter(|n| Some(**n) != own) {
        if canon.starts_with(root.join(name)) {
            let place = if *name == "site.toml" {
                format!("is the site's {name}")
            } else {
                format!("is or lies inside the site's {name}/ folder")
            };
            return Err(format!(
                "refusing {shown} as {what}{resolved}: it {place}, which a build must not replace"
            ));
        }
    }
    match std::fs::symlink_metadata(&canon) {
        Ok(m) if !m.is_dir() => {
            let kind = if m.is_file() {
                "a file"
            } else {
                "not a folder"
            };
            return Err(format!(
                "refusing {shown} as {what}{resolved}: it is {kind}, not a folder"
            ));
        }
        _ => {}
    }
    if !is_output_folder(&canon) {
        return Err(format!(
            "refusing {shown} as {what}{resolved}: it is not empty and not an output of showcase (no {MANIFEST} in it), so its files are not showcase's to replace; choose an empty or new folder"
        ));
    }
    Ok(canon)
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
        sweep_stale(&target);
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
                    let trash = bin(&target);
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
            atomic: true,
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

    /// Swap the staging folder in. Returns folders to delete later (see
    /// [`remove_in_background`]).
    ///
    /// The steps, each a fault point (see [`fault_point`]):
    /// 1. the staging folder's manifest is written (nothing visible changes);
    /// 2. (site, when there is one) the kept tree of the build before the last is moved to a
    ///    bin beside the output, to be deleted;
    /// 3. the staging folder and the live output exchange names (`renameat2`
    ///    `RENAME_EXCHANGE`): the one visible change, atomic; with no output yet, a rename;
    /// 4. the replaced tree (now under the staging name) is moved to `.public.prev` to be
    ///    recycled, or to a bin (the search index).
    ///
    /// Where the exchange is not available, 3 is two renames (the live output to where 4
    /// puts it, then the staging folder to the output), and a kill between them leaves no
    /// output until the next build.
    pub fn commit(mut self) -> io::Result<Vec<PathBuf>> {
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
        fault_point("manifest of the new tree written");
        if std::fs::symlink_metadata(&self.target).is_err() {
            std::fs::rename(&self.dir, &self.target)?;
            self.committed = true;
            fault_point("new tree renamed into place (there was no output)");
            return Ok(Vec::new());
        }
        let mut delete_later = Vec::new();
        let aside = if self.recycle {
            let prev = previous_tree(&self.target);
            if std::fs::symlink_metadata(&prev).is_ok() {
                let trash = bin(&self.target);
                std::fs::rename(&prev, &trash)?;
                delete_later.push(trash);
                fault_point("tree of the build before the last moved to the bin");
            }
            prev
        } else {
            bin(&self.target)
        };
        let exchanged = if self.atomic {
            match exchange(&self.dir, &self.target) {
                Ok(done) => done,
                Err(e) => {
                    delete_later.into_iter().for_each(remove_in_background);
                    return Err(e);
                }
            }
        } else {
            false
        };
        if exchanged {
            self.committed = true;
            fault_point("new tree and live output exchanged");
            // The staging name now holds the replaced output.
            if std::fs::rename(&self.dir, &aside).is_ok() {
                if !self.recycle {
                    delete_later.push(aside);
                }
                fault_point("replaced tree moved aside");
            } else {
                delete_later.push(self.dir.clone());
            }
            return Ok(delete_later);
        }
        // Not atomic: between these two renames there is no output.
        if let Err(e) = std::fs::rename(&self.target, &aside) {
            delete_later.into_iter().for_each(remove_in_background);
            return Err(e);
        }
        fault_point("live output moved aside (none visible until the next step)");
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous output back rather than leave none.
            let _ = std::fs::rename(&aside, &self.target);
            delete_later.into_iter().for_each(remove_in_background);
            return Err(e);
        }
        self.committed = true;
        if !self.recycle {
            delete_later.push(aside);
        }
        fault_point("new tree renamed into place");
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
        assert!(s.commit().unwrap().is_empty());
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

    fn tmp(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("showcase-out-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_foreign_folder_is_not_taken_over() {
        let dir = tmp("foreign");
        assert!(is_output_folder(&dir), "missing folder");
        std::fs::create_dir_all(&dir).unwrap();
        assert!(is_output_folder(&dir), "empty folder");
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        assert!(!is_output_folder(&dir));
        std::fs::write(dir.join(MANIFEST), "").unwrap();
        assert!(is_output_folder(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn outputs_that_hold_or_lie_in_the_site_are_refused() {
        let base = tmp("vet");
        let root = base.join("site");
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        std::fs::write(root.join("site.toml"), "").unwrap();
        std::fs::create_dir_all(base.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(root.join("content"), base.join("to-content")).unwrap();
        let root = root.canonicalize().unwrap();
        let vet = |p: &Path| vet_output(&root, p, "--output", None);
        let refused = |p: PathBuf, why: &str| {
            let e = vet(&p).expect_err(&p.display().to_string());
            assert!(e.contains(why), "{}: {e}", p.display());
            assert!(e.contains(&p.display().to_string()), "names the path: {e}");
        };
        refused(root.clone(), "holds the site itself");
        refused(base.clone(), "holds the site itself");
        refused(root.join("content/.."), "holds the site itself");
        refused(root.join("new/../.."), "holds the site itself");
        refused(root.join("content"), "inside the site's content");
        refused(root.join("content/out"), "inside the site's content");
        refused(root.join("new/../content/x"), "inside the site's content");
        refused(base.join("to-content"), "inside the site's content");
        refused(base.join("to-content/new"), "inside the site's content");
        refused(root.join("site.toml"), "is the site's site.toml");
        refused(root.join("search-index"), "inside the site's search-index");
        std::fs::write(base.join("elsewhere/file"), "x").unwrap();
        refused(base.join("elsewhere/file"), "is a file");
        refused(base.join("elsewhere"), "not an output of showcase");
        assert!(
            !root.join("new").exists() && !base.join("elsewhere/.file.prev").exists(),
            "nothing is created"
        );
        // Allowed: new, empty, showcase's; the search index in its own place.
        assert_eq!(vet(&root.join("public")).unwrap(), root.join("public"));
        std::fs::create_dir(root.join("public")).unwrap();
        assert!(vet(&root.join("public")).is_ok());
        assert!(vet(&base.join("new/deeper")).is_ok());
        std::fs::write(base.join("elsewhere").join(MANIFEST), "").unwrap();
        assert!(vet(&base.join("elsewhere")).is_ok());
        assert!(
            vet_output(
                &root,
                &root.join("search-index"),
                "index",
                Some("search-index")
            )
            .is_ok()
        );
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn owners_of_folders_beside_the_output() {
        assert_eq!(owner("public", ".public.staging-123"), Some(123));
        assert_eq!(owner("public", ".public.old-123"), Some(123));
        assert_eq!(owner("public", ".public.old-123-7"), Some(123));
        assert_eq!(owner("my.site", ".my.site.staging-9"), Some(9));
        assert_eq!(owner("public", ".public.prev"), None);
        assert_eq!(owner("public", ".public.staging-"), None);
        assert_eq!(owner("public", ".public.staging-12x"), None);
        assert_eq!(owner("public", ".public.x.staging-12"), None);
        assert_eq!(owner("public", ".publicity.staging-12"), None);
        assert_eq!(owner("pub", ".public.staging-12"), None);
    }

    #[test]
    fn stale_folders_of_gone_processes_are_swept_and_live_ones_kept() {
        let base = tmp("sweep");
        let target = base.join("public");
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        for name in [
            format!(".public.staging-{dead}"),
            format!(".public.old-{dead}-2"),
            format!(".public.staging-{}", live.id()),
            ".public.prev".to_string(),
        ] {
            std::fs::create_dir_all(base.join(&name).join("a")).unwrap();
        }
        let removed = sweep_stale(&target);
        let mut live = live;
        let _ = live.kill();
        let _ = live.wait();
        assert_eq!(removed.len(), 2, "{removed:?}");
        assert!(!base.join(format!(".public.staging-{dead}")).exists());
        assert!(!base.join(format!(".public.old-{dead}-2")).exists());
        assert!(base.join(format!(".public.staging-{}", live.id())).exists());
        assert!(base.join(".public.prev/a").exists());
        // The swept ones may still be going in the background.
        let _ = std::fs::remove_dir_all(base);
    }

    #[test]
    fn a_tree_kept_meanwhile_by_another_build_goes_to_the_bin() {
        let base = tmp("beside");
        let target = base.join("public");
        for text in [b"one", b"two"] {
            let s = Staging::new(&target).unwrap();
            s.write("a.txt", text).unwrap();
            assert!(s.commit().unwrap().is_empty());
        }
        // A build beside this one kept its replaced tree after this one started.
        let s = Staging::new(&target).unwrap();
        s.write("a.txt", b"three").unwrap();
        let prev = previous_tree(&target);
        std::fs::create_dir(&prev).unwrap();
        std::fs::write(prev.join("theirs.txt"), "x").unwrap();
        let old = s.commit().unwrap();
        assert_eq!(old.len(), 1, "{old:?}");
        assert!(old[0].join("theirs.txt").exists());
        assert_eq!(std::fs::read(prev.join("a.txt")).unwrap(), b"two");
        assert_eq!(std::fs::read(target.join("a.txt")).unwrap(), b"three");
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn two_renames_where_names_cannot_be_exchanged() {
        let base = tmp("fallback");
        let target = base.join("public");
        for (n, text) in [b"one", b"two", b"3!!"].iter().enumerate() {
            let mut s = Staging::new(&target).unwrap();
            s.atomic = false;
            s.write("a.txt", *text).unwrap();
            s.write(&format!("only-{n}.txt"), b"x").unwrap();
            for old in s.commit().unwrap() {
                std::fs::remove_dir_all(old).unwrap();
            }
            assert_eq!(std::fs::read(target.join("a.txt")).unwrap(), *text);
            assert!(
                !target
                    .join(format!("only-{}.txt", n.wrapping_sub(1)))
                    .exists()
            );
        }
        assert_eq!(
            std::fs::read(previous_tree(&target).join("a.txt")).unwrap(),
            b"two"
        );
        let left: Vec<_> = std::fs::read_dir(&base)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(left.len(), 2, "public and .public.prev only: {left:?}");
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn the_search_index_swap_deletes_the_replaced_tree() {
        let base = tmp("fresh");
        let target = base.join("search-index");
        for text in [b"one", b"two"] {
            let s = Staging::fresh(&target).unwrap();
            std::fs::write(s.dir.join("meta.json"), text).unwrap();
            let old = s.commit().unwrap();
            assert!(old.iter().all(|o| o.starts_with(&base) && o != &target));
            for o in old {
                std::fs::remove_dir_all(o).unwrap();
            }
            assert_eq!(std::fs::read(target.join("meta.json")).unwrap(), text);
        }
        assert_eq!(std::fs::read_dir(&base).unwrap().count(), 1);
        std::fs::remove_dir_all(base).unwrap();
    }
}
