//! The files records ship (a cluster's logo, a news image, a document's files, brand
//! variants), looked at on disk here, at the content edge, so that assembling reads no file.
//!
//! After a record's files are read, the asset paths its main file names are resolved against
//! its folder: whether the path stays inside the folder (links are followed, then checked)
//! and the site, whether it is a file, its size and stamp, and for an SVG the verdict of the
//! sanitiser on its bytes (`crate::svg`: whatever its encoding). Assembling looks each path up in [`RecordAssets`] and reports what is wrong
//! with the positions it knows; the rules and messages stay there.
//!
//! Only paths that are plain relative paths (see [`is_plain_relative`]) are looked at: a
//! path with `..`, a root or a drive never reaches the file system.

use super::frontmatter::split;
use super::load::{FileStamp, RecordFiles, inside_root, stamp_of};
use crate::model::Kind;
use crate::source::Sources;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// What the disk holds at each asset path a record names (as written, trimmed).
#[derive(Debug, Clone, Default)]
pub struct RecordAssets {
    by_path: BTreeMap<String, AssetFile>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AssetFile {
    /// A regular file inside the record's folder and the site.
    File(FoundFile),
    /// The path leads (through a link) outside the record's folder; it was not read.
    Outside,
    /// Nothing is there.
    Missing,
    /// A folder, or something the folder links to outside the site.
    NotAFile,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FoundFile {
    /// Canonical path on disk.
    pub source: PathBuf,
    pub bytes: u64,
    /// Size and modification time, which tell `serve` the file changed.
    pub stamp: Option<FileStamp>,
    /// For an `.svg` file, what the sanitiser found in its bytes (`None`: not an SVG, or
    /// it could not be read).
    pub svg: Option<Arc<crate::svg::Verdict>>,
    /// Width and height in pixels, from a raster file's header or an SVG's size.
    pub dimensions: Option<(u32, u32)>,
}

impl RecordAssets {
    /// What is at `path` (trimmed, as the record writes it); `None` if it was not looked at.
    pub fn get(&self, path: &str) -> Option<&AssetFile> {
        self.by_path.get(path)
    }
    /// The stamp of the file at canonical path `source`, if the record names it.
    pub fn stamp(&self, source: &Path) -> Option<FileStamp> {
        self.by_path.values().find_map(|a| match a {
            AssetFile::File(f) if f.source == source => f.stamp,
            _ => None,
        })
    }
    /// Each asset path with what is there (and, for a file, its size and stamp), for
    /// telling whether a record's files changed between two readings.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for (path, found) in &self.by_path {
            let what = match found {
                AssetFile::File(f) => format!("{:?} {} {:?}", f.source, f.bytes, f.stamp),
                other => format!("{other:?}"),
            };
            out.push_str(&format!("{path}\t{what}\n"));
        }
        out
    }
    /// Set what is at `path`, for assembling without a file tree (tests).
    #[cfg(test)]
    pub fn insert(&mut self, path: impl Into<String>, file: AssetFile) {
        self.by_path.insert(path.into(), file);
    }
}

/// A relative path of plain names: no root, drive, `\`, `.` or `..`.
pub fn is_plain_relative(p: &str) -> bool {
    let rel = Path::new(p);
    !p.is_empty()
        && !rel.is_absolute()
        && !p.contains('\\')
        && !p.contains(':')
        && !p.chars().any(char::is_control)
        && rel.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Look at every asset path `rec`'s main file names.
pub fn resolve(rec: &mut RecordFiles, sources: &Sources, root: &Path) {
    let mut out = RecordAssets::default();
    for p in named_paths(rec.kind, &sources.get(rec.main).text, rec.main_is_markdown) {
        let p = p.trim();
        let worth_looking = is_plain_relative(p)
            && (rec.own_folder || Path::new(p).components().count() == 1)
            && !out.by_path.contains_key(p);
        if worth_looking {
            out.by_path
                .insert(p.to_string(), look_at(&rec.dir, p, root));
        }
    }
    rec.assets = out;
}

/// Look again at `rec`'s assets, as `serve` does each round: a file whose stamp is unchanged
/// keeps what was found, anything else is looked at anew.
pub fn refresh(rec: &mut RecordFiles, root: &Path) {
    for (p, a) in rec.assets.by_path.iter_mut() {
        let unchanged = matches!(a, AssetFile::File(f)
            if f.stamp.is_some() && super::load::file_stamp(&f.source).ok() == f.stamp);
        if !unchanged {
            *a = look_at(&rec.dir, p, root);
        }
    }
}

fn look_at(dir: &Path, p: &str, root: &Path) -> AssetFile {
    let joined = dir.join(p);
    let Some(canon) = inside_root(&joined, dir) else {
        return if joined.exists() || joined.is_symlink() {
            AssetFile::Outside
        } else {
            AssetFile::Missing
        };
    };
    if !canon.starts_with(root) || !canon.is_file() {
        return AssetFile::NotAFile;
    }
    let meta = canon.metadata().ok();
    let is_svg = Path::new(p)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let svg = is_svg
        .then(|| std::fs::read(&canon).ok())
        .flatten()
        .map(|bytes| Arc::new(crate::svg::inspect(&bytes)));
    let raster = Path::new(p)
        .extension()
        .and_then(|e| crate::images::Format::of_extension(&e.to_string_lossy()))
        .is_some();
    let dimensions = match svg.as_deref() {
        Some(Ok(accepted)) => accepted.size,
        Some(Err(_)) => None,
        None if raster => crate::images::dimensions(&canon),
        None => None,
    };
    AssetFile::File(FoundFile {
        bytes: meta.as_ref().map_or(0, |m| m.len()),
        stamp: meta.as_ref().map(stamp_of),
        svg,
        dimensions,
        source: canon,
    })
}

/// The asset paths a record's main file names, read from its front matter without checking
/// it (assembling does that). Asset fields are not translatable, so translations name none.
fn named_paths(kind: Kind, text: &str, markdown: bool) -> Vec<String> {
    let key = match kind {
        Kind::Cluster | Kind::Organisation => "logo",
        Kind::News => "image",
        Kind::Document => "files",
        Kind::Brand => "variants",
        Kind::Event | Kind::Page | Kind::Call | Kind::Cooperation => return Vec::new(),
    };
    // Most records name no asset: parse only those that may (a key may be written escaped).
    if !text.contains(key) && !text.contains('\\') {
        return Vec::new();
    }
    let front = if markdown {
        match split(text) {
            Ok(s) => s.front,
            Err(_) => return Vec::new(),
        }
    } else {
        text
    };
    let Ok(table) = toml::from_str::<toml::Table>(front) else {
        return Vec::new();
    };
    let string = |v: &toml::Value| v.as_str().map(str::to_string);
    match table.get(key) {
        Some(v) if kind == Kind::Document => v
            .as_table()
            .map(|t| t.values().filter_map(string).collect())
            .unwrap_or_default(),
        Some(v) if kind == Kind::Brand => v
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.get("path").and_then(string))
                    .collect()
            })
            .unwrap_or_default(),
        Some(v) => string(v).into_iter().collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_named_by_each_kind() {
        let doc = "title = \"Strategy\"\n[files]\nen = \"s.pdf\"\nde = \"s.de.pdf\"\n";
        assert_eq!(
            named_paths(Kind::Document, doc, false),
            ["s.de.pdf", "s.pdf"]
        );
        let brand = "name = \"Logo\"\n[[variants]]\npath = \"a.svg\"\n[[variants]]\npath = \"b.png\"\ncolourway = \"mono\"\n";
        assert_eq!(named_paths(Kind::Brand, brand, false), ["a.svg", "b.png"]);
        let news = "+++\ntitle = \"x\"\nimage = \"photo.jpg\"\n+++\nText.\n";
        assert_eq!(named_paths(Kind::News, news, true), ["photo.jpg"]);
        assert!(named_paths(Kind::Cluster, "name = \"x\"\n", false).is_empty());
        assert!(named_paths(Kind::Page, "logo = \"x.svg\"\n", false).is_empty());
    }

    #[test]
    fn only_plain_relative_paths_are_looked_at() {
        assert!(is_plain_relative("logo.svg"));
        assert!(is_plain_relative("img/logo.svg"));
        for p in [
            "",
            "/etc/passwd",
            "../x.svg",
            "./x.svg",
            "a\\b.svg",
            "c:x.svg",
        ] {
            assert!(!is_plain_relative(p), "{p}");
        }
    }
}
