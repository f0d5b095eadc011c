//! Discovery and reading of record files and their assets (parsing is in `parse`).
//!
//! This is the I/O edge of the pipeline: it reads only regular files inside the site root
//! (symlinks that leave it are refused unread), and never follows `..`.

use super::assets::{self, RecordAssets};
use crate::config::is_language_tag;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Kind;
use crate::source::{Loc, SourceFile, SourceId, Sources, slash_path};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Source files kept between `serve` rounds: a file whose size and modification time are
/// what they were is not read again (and keeps its identity, which lets later stages reuse
/// what they made of it).
#[derive(Default)]
pub struct ReadCache {
    files: Mutex<Kept>,
}

type Kept = rustc_hash::FxHashMap<PathBuf, (FileStamp, Arc<SourceFile>)>;

/// What tells a file changed without reading it.
pub type FileStamp = (u64, Option<SystemTime>);

pub fn file_stamp(path: &Path) -> std::io::Result<FileStamp> {
    std::fs::metadata(path).map(|m| stamp_of(&m))
}

pub(super) fn stamp_of(m: &std::fs::Metadata) -> FileStamp {
    (m.len(), m.modified().ok())
}

/// The stamp of a plain file from its folder entry.
fn listed_stamp(e: &std::fs::DirEntry) -> Option<FileStamp> {
    e.metadata().ok().map(|m| stamp_of(&m))
}

impl ReadCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The files of one record.
#[derive(Debug, Clone)]
pub struct RecordFiles {
    pub kind: Kind,
    pub slug: String,
    pub main: SourceId,
    pub main_is_markdown: bool,
    /// Language tag -> translation file.
    pub translations: BTreeMap<String, (SourceId, bool)>,
    /// The folder asset paths resolve against (canonical), and whether it is the record's own.
    pub dir: PathBuf,
    pub own_folder: bool,
    /// What is on disk at each asset path the record names (see [`super::assets`]).
    pub assets: RecordAssets,
}

#[derive(Clone)]
pub struct Loaded {
    pub sources: Sources,
    pub site_toml: Option<SourceId>,
    pub taxonomies: Option<SourceId>,
    /// `content/map/regions.geojson`.
    pub regions_map: Option<SourceId>,
    pub records: Vec<RecordFiles>,
    /// Canonical site root: nothing outside it is read.
    pub root: PathBuf,
}

pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A file found by discovery, before reading.
struct Found {
    rel: String,
    abs: PathBuf,
    /// The folder entry of a plain file in a kind's folder, when a cache will compare
    /// stamps: a stat relative to the open folder is cheaper than one by path (taken in
    /// parallel when reading). An entry keeps its folder open until dropped.
    entry: Option<std::fs::DirEntry>,
}

enum Entry {
    Main {
        kind: Kind,
        slug: String,
        md: bool,
        dir: PathBuf,
        own_folder: bool,
        file: Found,
    },
    Translation {
        kind: Kind,
        slug: String,
        lang: String,
        md: bool,
        file: Found,
    },
}

/// E018 at the line and column of the first byte that is not UTF-8 (the text before it is
/// shown as it is, the rest with replacement characters).
pub fn not_utf8(rel: &str, abs: &Path, e: std::string::FromUtf8Error) -> Diagnostic {
    let at = e.utf8_error().valid_up_to();
    let bad = e.as_bytes()[at];
    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
    let file = Arc::new(SourceFile::new(rel.to_string(), abs.to_path_buf(), text));
    Diagnostic::error(
        "E018",
        format!("`{rel}` is not UTF-8: byte 0x{bad:02X} cannot start or continue a character"),
    )
    .in_file(file, at..at + 1)
    .hint("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")
}

/// A file name that cannot be shown or typed safely: control characters (a line break in a
/// name would forge lines of `check`'s output and of `git` listings).
pub fn has_control_character(name: &str) -> bool {
    name.chars().any(char::is_control)
}

/// Is `path` (possibly a symlink) inside `root`? Returns its canonical form if so.
pub fn inside_root(path: &Path, root: &Path) -> Option<PathBuf> {
    let c = path.canonicalize().ok()?;
    c.starts_with(root).then_some(c)
}

/// Find and read the site's files; with a `cache`, unchanged files are not read again.
pub fn load(
    root: &Path,
    diags: &mut Diagnostics,
    cache: Option<&ReadCache>,
) -> anyhow::Result<Loaded> {
    let root = root
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("cannot open site root {}: {e}", root.display()))?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut plain: Vec<(&'static str, Found)> = Vec::new();
    let rel_of = |p: &Path| slash_path(p.strip_prefix(&root).unwrap_or(p));

    // The settings files too may be links, but not to anything outside the root: `check`
    // would print the lines of whatever they point at.
    let outside = |path: &Path, diags: &mut Diagnostics| {
        let leaves = inside_root(path, &root).is_none();
        if leaves {
            diags.push(
                Diagnostic::error(
                    "E017",
                    format!(
                        "`{}` is a link leading outside the site root; it is not read",
                        rel_of(path)
                    ),
                )
                .at_path(rel_of(path)),
            );
        }
        leaves
    };
    let site = root.join("site.toml");
    if site.exists() && !outside(&site, diags) {
        plain.push((
            "site",
            Found {
                rel: "site.toml".into(),
                abs: site,
                entry: None,
            },
        ));
    }
    let content = root.join("content");
    let tax = content.join("taxonomies.toml");
    if tax.exists() && !outside(&tax, diags) {
        plain.push((
            "taxonomies",
            Found {
                rel: rel_of(&tax),
                abs: tax,
                entry: None,
            },
        ));
    }
    let map = content.join("map").join("regions.geojson");
    if map.is_file() && !outside(&map, diags) {
        plain.push((
            "map",
            Found {
                rel: rel_of(&map),
                abs: map,
                entry: None,
            },
        ));
    }
    for kind in Kind::ALL {
        let dir = content.join(kind.folder());
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let Some(dir_canon) = inside_root(&dir, &root) else {
            diags.push(
                Diagnostic::error(
                    "E017",
                    format!("{} leaves the site root; not read", rel_of(&dir)),
                )
                .at_path(rel_of(&dir)),
            );
            continue;
        };
        let mut names: Vec<_> = read.filter_map(Result::ok).collect();
        names.sort_by_key(|e| e.file_name());
        for e in names {
            let path = e.path();
            let rel = rel_of(&path);
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue;
            }
            if has_control_character(&name) {
                diags.push(
                    Diagnostic::error(
                        "E008",
                        format!("{rel:?} has a control character in its name; it is not read"),
                    )
                    .at_path(rel.escape_debug().to_string())
                    .hint("rename it with letters, digits and - only"),
                );
                continue;
            }
            // Only links need resolving (a readlink per path part): a plain entry of a
            // folder inside the root is inside it.
            let file_type = e.file_type().ok();
            let is_link = file_type.is_none_or(|t| t.is_symlink());
            let canon = if is_link {
                inside_root(&path, &root)
            } else {
                Some(dir_canon.join(e.file_name()))
            };
            let Some(canon) = canon else {
                diags.push(
                    Diagnostic::error(
                        "E017",
                        format!("`{rel}` is a link leading outside the site root; it is not read"),
                    )
                    .at_path(rel),
                );
                continue;
            };
            let is_dir = if is_link {
                canon.is_dir()
            } else {
                file_type.is_some_and(|t| t.is_dir())
            };
            if is_dir {
                let mut found_index = false;
                let mut sub: Vec<_> = std::fs::read_dir(&path)
                    .map(|r| r.filter_map(Result::ok).collect())
                    .unwrap_or_default();
                sub.sort_by_key(|e| e.file_name());
                for f in sub {
                    let fname = f.file_name().to_string_lossy().to_string();
                    let Some(rest) = fname.strip_prefix("index.") else {
                        continue;
                    };
                    let fpath = f.path();
                    let frel = rel_of(&fpath);
                    if has_control_character(&fname) {
                        diags.push(
                            Diagnostic::error(
                                "E008",
                                format!(
                                    "{frel:?} has a control character in its name; it is not read"
                                ),
                            )
                            .at_path(frel.escape_debug().to_string()),
                        );
                        continue;
                    }
                    let linked = f.file_type().map_or(true, |t| t.is_symlink());
                    if linked && inside_root(&fpath, &canon).is_none() {
                        diags.push(
                            Diagnostic::error("E017", format!("`{frel}` is a link leading outside its record's folder; it is not read"))
                                .at_path(frel),
                        );
                        continue;
                    }
                    let parts: Vec<&str> = rest.split('.').collect();
                    let found = Found {
                        rel: frel,
                        abs: fpath,
                        // Stamped by path: keeping this entry would keep its folder open,
                        // one descriptor per record folder.
                        entry: None,
                    };
                    match parts.as_slice() {
                        [ext @ ("md" | "toml")] => {
                            found_index = true;
                            entries.push(Entry::Main {
                                kind,
                                slug: name.clone(),
                                md: *ext == "md",
                                dir: canon.clone(),
                                own_folder: true,
                                file: found,
                            });
                        }
                        [lang, ext @ ("md" | "toml")] => entries.push(Entry::Translation {
                            kind,
                            slug: name.clone(),
                            lang: lang.to_string(),
                            md: *ext == "md",
                            file: found,
                        }),
                        _ => {}
                    }
                }
                if !found_index {
                    diags.push(
                        Diagnostic::warning(
                            "W002",
                            format!(
                                "folder `{rel}` has no index.md or index.toml; it is not a record"
                            ),
                        )
                        .at_path(rel),
                    );
                }
                continue;
            }
            let parts: Vec<&str> = name.split('.').collect();
            let found = Found {
                rel,
                abs: path.clone(),
                entry: (!is_link && cache.is_some()).then_some(e),
            };
            match parts.as_slice() {
                [slug, ext @ ("md" | "toml")] => entries.push(Entry::Main {
                    kind,
                    slug: slug.to_string(),
                    md: *ext == "md",
                    dir: dir_canon.clone(),
                    own_folder: false,
                    file: found,
                }),
                [slug, lang, ext @ ("md" | "toml")] => entries.push(Entry::Translation {
                    kind,
                    slug: slug.to_string(),
                    lang: lang.to_string(),
                    md: *ext == "md",
                    file: found,
                }),
                [.., "md" | "toml"] => diags.push(
                    Diagnostic::error("E008", format!("`{name}` is not a valid record file name"))
                        .at_path(found.rel)
                        .hint("name records `slug.md`, `slug.toml` or `slug.LANG.md`, with a slug of a-z, 0-9 and -"),
                ),
                // Other files are assets of file-form records.
                _ => {}
            }
        }
    }

    // Read everything in parallel; keep the discovery order for stable ids.
    let files: Vec<&Found> = plain
        .iter()
        .map(|(_, f)| f)
        .chain(entries.iter().map(|e| match e {
            Entry::Main { file, .. } | Entry::Translation { file, .. } => file,
        }))
        .collect();
    let texts: Vec<Result<Arc<SourceFile>, Diagnostic>> = files
        .par_iter()
        .map(|f| {
            // Stamped before reading: a change while reading shows as a new stamp next time.
            let stamp = cache.and_then(|_| match &f.entry {
                Some(e) => listed_stamp(e),
                None => file_stamp(&f.abs).ok(),
            });
            if let (Some(cache), Some(stamp)) = (cache, stamp)
                && let Some((s, kept)) = cache.lock().get(&f.abs)
                && *s == stamp
                && kept.rel == f.rel
            {
                return Ok(kept.clone());
            }
            let bytes = std::fs::read(&f.abs).map_err(|e| {
                Diagnostic::error("E017", format!("cannot read `{}`: {e}", f.rel))
                    .at_path(f.rel.clone())
            })?;
            let text = String::from_utf8(bytes).map_err(|e| not_utf8(&f.rel, &f.abs, e))?;
            let file = Arc::new(SourceFile::new(f.rel.clone(), f.abs.clone(), text));
            if let (Some(cache), Some(stamp)) = (cache, stamp) {
                cache.lock().insert(f.abs.clone(), (stamp, file.clone()));
            }
            Ok(file)
        })
        .collect();
    if let Some(cache) = cache {
        // Files gone since the last round.
        let seen: std::collections::HashSet<&Path> =
            files.iter().map(|f| f.abs.as_path()).collect();
        cache.lock().retain(|p, _| seen.contains(p.as_path()));
    }
    let mut sources = Sources::default();
    let mut ids: Vec<Option<SourceId>> = Vec::with_capacity(files.len());
    for t in texts {
        match t {
            Ok(file) => ids.push(Some(sources.add_shared(file))),
            Err(d) => {
                diags.push(d);
                ids.push(None);
            }
        }
    }
    let mut ids = ids.into_iter();
    let mut site_toml = None;
    let mut taxonomies = None;
    let mut regions_map = None;
    for (what, _) in &plain {
        let id = ids.next().flatten();
        match *what {
            "site" => site_toml = id,
            "taxonomies" => taxonomies = id,
            _ => regions_map = id,
        }
    }

    let mut records: BTreeMap<(Kind, String), RecordFiles> = BTreeMap::new();
    let mut pending_translations = Vec::new();
    for e in entries {
        let Some(id) = ids.next().flatten() else {
            continue;
        };
        match e {
            Entry::Main {
                kind,
                slug,
                md,
                dir,
                own_folder,
                ..
            } => {
                let key = (kind, slug.clone());
                if let Some(first) = records.get(&key) {
                    diags.push(
                        Diagnostic::error(
                            "E007",
                            format!(
                                "duplicate {} slug `{slug}`: also defined by {}",
                                kind.name(),
                                sources.get(first.main).rel
                            ),
                        )
                        .at(Loc::new(id, 0..0))
                        .hint("a slug names one record: rename or remove one of the two"),
                    );
                    continue;
                }
                if !is_valid_slug(&slug) {
                    diags.push(
                        Diagnostic::error("E008", format!("invalid slug `{slug}`"))
                            .at(Loc::new(id, 0..0))
                            .hint(format!(
                                "use lower-case ASCII letters, digits and `-`, e.g. `{}`",
                                suggest_slug(&slug)
                            )),
                    );
                    continue;
                }
                records.insert(
                    key,
                    RecordFiles {
                        kind,
                        slug,
                        main: id,
                        main_is_markdown: md,
                        translations: BTreeMap::new(),
                        dir,
                        own_folder,
                        assets: RecordAssets::default(),
                    },
                );
            }
            Entry::Translation {
                kind,
                slug,
                lang,
                md,
                ..
            } => pending_translations.push((kind, slug, lang, md, id)),
        }
    }
    for (kind, slug, lang, md, id) in pending_translations {
        let at = Loc::new(id, 0..0);
        if !is_language_tag(&lang) {
            diags.push(
                Diagnostic::error(
                    "E008",
                    format!(
                        "`{lang}` in `{}` is not a language tag",
                        sources.get(id).rel
                    ),
                )
                .at(at)
                .hint("translation files are named `slug.LANG.md`, e.g. `oceanlab.de.md`"),
            );
            continue;
        }
        if lang == "en" {
            diags.push(
                Diagnostic::error(
                    "E006",
                    "English text belongs in the record's main file, not in an `.en.` translation",
                )
                .at(at),
            );
            continue;
        }
        match records.get_mut(&(kind, slug.clone())) {
            Some(r) => {
                r.translations.insert(lang, (id, md));
            }
            None => diags.push(
                Diagnostic::error(
                    "E006",
                    format!("translation of `{slug}` has no English record beside it"),
                )
                .at(at)
                .hint(format!(
                    "add `{slug}.md` or `{slug}.toml` with the English text"
                )),
            ),
        }
    }
    let mut records: Vec<RecordFiles> = records.into_values().collect();
    records
        .par_iter_mut()
        .for_each(|r| assets::resolve(r, &sources, &root));
    Ok(Loaded {
        sources,
        site_toml,
        taxonomies,
        regions_map,
        records,
        root,
    })
}

/// The site as `last` read it, with the files in `changed` (absolute paths, as a file
/// watcher reports them) read again, and the records' assets looked at again (by stamp,
/// see [`assets::refresh`]): no folder is listed and no other file read. `None`
/// when the changes go beyond editing record files that were read last time (a file came or
/// went, the settings or vocabularies changed, a file is unreadable), which a full [`load`]
/// must handle (and report).
pub fn reread(last: &Loaded, changed: &[PathBuf], cache: &ReadCache) -> Option<Loaded> {
    let mut next = last.clone();
    let mut edited = Vec::new();
    let settings = [last.site_toml, last.taxonomies, last.regions_map];
    for path in changed {
        let known = last
            .sources
            .iter()
            .find(|(_, f)| f.abs == *path)
            .map(|(id, _)| id);
        let Some(id) = known else {
            // An editor's temporary file, already gone, changes nothing; any other new file
            // may be a record.
            if path.exists() {
                return None;
            }
            continue;
        };
        if settings.contains(&Some(id)) {
            return None;
        }
        let stamp = file_stamp(path).ok()?;
        let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
        let old = last.sources.shared(id);
        if old.text == text {
            continue;
        }
        let file = Arc::new(SourceFile::new(old.rel.clone(), old.abs.clone(), text));
        cache.lock().insert(path.clone(), (stamp, file.clone()));
        next.sources.replace(id, file);
        edited.push(id);
    }
    let root = next.root.clone();
    next.records.par_iter_mut().for_each(|r| {
        if edited.contains(&r.main) {
            assets::resolve(r, &next.sources, &root);
        } else {
            assets::refresh(r, &root);
        }
    });
    Some(next)
}

pub fn suggest_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}
