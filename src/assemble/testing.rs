//! Assembling a site written as strings, for the unit tests of each rule: no file tree,
//! asset files given as the content edge would have found them.

use super::assemble;
use crate::content::assets::{AssetFile, FoundFile, RecordAssets};
use crate::content::load::{Loaded, RecordFiles};
use crate::dates::BuildDate;
use crate::diag::{Diagnostics, position};
use crate::model::{Kind, Site};
use crate::source::{SourceFile, Sources};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const SITE: &str = "title = { en = \"Test\" }\nbase_url = \"https://example.org/\"\n\
    default_language = \"en\"\nlanguages = [\"en\", \"de\"]\ntime_zone = \"Europe/Oslo\"\n";
pub const TAXONOMIES: &str = "[sectors]\nmaritime = { en = \"Maritime\" }\n\
    energy = { en = \"Energy\" }\n[technologies]\nai = { en = \"AI\" }\n\
    [regions]\nwest = { en = \"West\" }\n";
pub const ROOT: &str = "/site";
/// A complete cluster record, `oceanlab` when at `content/clusters/oceanlab.toml`.
pub const CLUSTER: &str = "name = \"Ocean Lab\"\nsummary = \"Ocean tech.\"\nbody = \"Body.\"\n\
    country = \"NO\"\nsectors = [\"maritime\"]\nwebsite = \"https://oceanlab.example/\"\n\
    updated = 2026-01-01\n[contact]\nemail = \"post@oceanlab.example\"\n";

/// A complete news item (`content/news/launch.md`) with `extra` front-matter fields.
pub fn news_item(extra: &str) -> String {
    format!(
        "+++\ntitle = \"Launch\"\nsummary = \"A launch.\"\npublished = 2026-01-05\n{extra}+++\nBody.\n"
    )
}

/// What `check` reports for the record at `path` beside the cluster `oceanlab`.
pub fn check_one(path: &str, text: &str) -> Vec<Seen> {
    site(&[("content/clusters/oceanlab.toml", CLUSTER), (path, text)]).check()
}

/// One diagnostic as a user sees it: code, message, file, line, column, hint.
#[derive(Debug, PartialEq)]
pub struct Seen {
    pub code: &'static str,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub hint: Option<String>,
}

/// A site under construction: files by path relative to the root, and asset files.
#[derive(Default)]
pub struct TestSite {
    files: Vec<(String, String)>,
    assets: Vec<(String, String, AssetFile)>,
    no_settings: bool,
    no_taxonomies: bool,
}

/// A site with `site.toml`, `content/taxonomies.toml` and these files.
pub fn site(files: &[(&str, &str)]) -> TestSite {
    let mut s = TestSite::default();
    for (p, t) in files {
        s.files.push((p.to_string(), t.to_string()));
    }
    s
}

/// An asset file of `bytes` bytes (an SVG's text is `svg`, inspected as the content edge
/// does).
pub fn file(path: &str, bytes: u64, svg: Option<&str>) -> AssetFile {
    AssetFile::File(FoundFile {
        source: PathBuf::from(ROOT).join(path),
        bytes,
        stamp: Some((bytes, None)),
        svg: svg.map(|text| std::sync::Arc::new(crate::svg::inspect(text.as_bytes()))),
        dimensions: None,
    })
}

/// A raster picture of `bytes` bytes and `width`×`height` pixels.
pub fn picture(path: &str, bytes: u64, width: u32, height: u32) -> AssetFile {
    match file(path, bytes, None) {
        AssetFile::File(f) => AssetFile::File(FoundFile {
            dimensions: Some((width, height)),
            ..f
        }),
        other => other,
    }
}

impl TestSite {
    /// The record whose main file is `record` has `file` at `path`.
    pub fn asset(mut self, record: &str, path: &str, file: AssetFile) -> Self {
        self.assets
            .push((record.to_string(), path.to_string(), file));
        self
    }
    pub fn settings(mut self, text: Option<&str>) -> Self {
        match text {
            Some(t) => self.files.push(("site.toml".into(), t.into())),
            None => self.no_settings = true,
        }
        self
    }
    pub fn without_taxonomies(mut self) -> Self {
        self.no_taxonomies = true;
        self
    }

    /// What `content::load` would have read from these files.
    pub fn loaded(&self) -> Loaded {
        let mut sources = Sources::default();
        let mut add = |rel: &str, text: &str| {
            let abs = PathBuf::from(ROOT).join(rel);
            sources.add(SourceFile::new(rel.into(), abs, text.into()))
        };
        let given = |name: &str| self.files.iter().find(|(p, _)| p == name);
        let site_toml = (!self.no_settings)
            .then(|| given("site.toml").map_or(SITE, |(_, t)| t.as_str()))
            .map(|t| add("site.toml", t));
        let taxonomies = (!self.no_taxonomies).then(|| {
            let t = given("content/taxonomies.toml").map_or(TAXONOMIES, |(_, t)| t.as_str());
            add("content/taxonomies.toml", t)
        });
        let regions_map = given(super::map::MAP_FILE).map(|(p, t)| add(p, t));
        let mut records: BTreeMap<(Kind, String), RecordFiles> = BTreeMap::new();
        let mut translations = Vec::new();
        for (rel, text) in &self.files {
            let Some(rest) = rel.strip_prefix("content/") else {
                continue;
            };
            let Some((folder, name)) = rest.split_once('/') else {
                continue;
            };
            let Some(kind) = Kind::ALL.into_iter().find(|k| k.folder() == folder) else {
                continue;
            };
            let id = add(rel, text);
            let (slug, file_name, own_folder) = match name.split_once('/') {
                Some((slug, f)) => (slug, f.strip_prefix("index.").unwrap_or(f), true),
                None => (name.split('.').next().unwrap_or(name), name, false),
            };
            let parts: Vec<&str> = file_name.split('.').collect();
            let md = parts.last() == Some(&"md");
            let lang = match (own_folder, parts.as_slice()) {
                (true, [lang, _]) | (false, [_, lang, _]) => Some(lang.to_string()),
                _ => None,
            };
            if let Some(lang) = lang {
                translations.push((kind, slug.to_string(), lang, id, md));
                continue;
            }
            let mut assets = RecordAssets::default();
            for (record, path, f) in &self.assets {
                if record == rel {
                    assets.insert(path.clone(), f.clone());
                }
            }
            let dir = PathBuf::from(ROOT).join("content").join(folder);
            records.insert(
                (kind, slug.to_string()),
                RecordFiles {
                    kind,
                    slug: slug.to_string(),
                    main: id,
                    main_is_markdown: md,
                    translations: BTreeMap::new(),
                    dir: if own_folder { dir.join(slug) } else { dir },
                    own_folder,
                    assets,
                },
            );
        }
        for (kind, slug, lang, id, md) in translations {
            if let Some(r) = records.get_mut(&(kind, slug)) {
                r.translations.insert(lang, (id, md));
            }
        }
        Loaded {
            sources,
            site_toml,
            taxonomies,
            regions_map,
            records: records.into_values().collect(),
            root: PathBuf::from(ROOT),
        }
    }

    /// Assemble on 2026-11-26; the site (if settings were usable) and what was reported.
    pub fn assemble(&self) -> (Option<Site>, Vec<Seen>) {
        let loaded = self.loaded();
        let mut diags = Diagnostics::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let site = assemble(&loaded, BuildDate::Fixed(today), &mut diags, None);
        diags.sort(&loaded.sources);
        let seen = diags
            .items
            .iter()
            .map(|d| {
                let (file, line, col) = position(d, &loaded.sources);
                Seen {
                    code: d.code,
                    message: d.message.clone(),
                    file: file.unwrap_or_default(),
                    line,
                    col,
                    hint: d.hint.clone(),
                }
            })
            .collect();
        (site, seen)
    }

    /// What was reported.
    pub fn check(&self) -> Vec<Seen> {
        self.assemble().1
    }
}

/// `(code, message, line, column)` of each finding, for short assertions.
pub fn brief(seen: &[Seen]) -> Vec<(&'static str, &str, usize, usize)> {
    seen.iter()
        .map(|s| (s.code, s.message.as_str(), s.line, s.col))
        .collect()
}

/// The only finding, checked to be in `file`.
pub fn only<'a>(seen: &'a [Seen], file: &str) -> &'a Seen {
    assert_eq!(seen.len(), 1, "expected one finding, got {seen:#?}");
    assert_eq!(seen[0].file, file);
    &seen[0]
}
