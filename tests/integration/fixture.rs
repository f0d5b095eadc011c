//! A small, valid programme written to the content contract, and helpers to break it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Fixture {
    pub root: PathBuf,
}

static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub const SITE_TOML: &str = r#"title = { en = "Testland Clusters", de = "Testland-Cluster" }
description = "The cluster programme of Testland."
base_url = "https://clusters.test.example/"
default_language = "en"
languages = ["en", "de", "nb"]
time_zone = "Europe/Oslo"
"#;

pub const TAXONOMIES: &str = r#"[sectors]
maritime = { en = "Maritime", de = "Maritime Wirtschaft", nb = "Maritim" }
energy = { en = "Energy", de = "Energie" }

[technologies]
hydrogen = { en = "Hydrogen", de = "Wasserstoff", nb = "Hydrogen" }

[regions]
west = { en = "Western Testland", nb = "Vestlandet" }

[label_schemes]
national = { en = "National Cluster Label" }
"#;

pub const CLUSTER_MD: &str = r#"+++
name = "Ocean Lab Cluster"
acronym = "OLC"
summary = "Ocean technology companies in the west working on autonomous vessels."
country = "NO"
region = "west"
sectors = ["maritime"]
technologies = ["hydrogen"]
website = "https://oceanlab.example.no/"
updated = 2026-05-01
labels = [{ scheme = "eucles-gold", awarded = "2025-06", score_pct = 91 }]

[contact]
name = "Kari Nordmann"
role = "Cluster manager"
email = "kari@oceanlab.example.no"
phone = "+47 55 12 34 56"
+++
# Aims

Autonomous ships for the **North Sea**. See [energy](/clusters/hydro/).
"#;

pub const CLUSTER_DE: &str = r#"+++
name = "Ocean-Lab-Cluster"
summary = "Meerestechnik-Unternehmen im Westen, die an autonomen Schiffen arbeiten."
+++
# Ziele

Autonome Schiffe für die Nordsee.
"#;

pub const CLUSTER_TOML: &str = r#"name = { en = "Hydrogen Coast", nb = "Hydrogenkysten" }
summary = { en = "Green hydrogen from the coast.", nb = "Grønn hydrogen fra kysten." }
body = { en = "We build **hydrogen** value chains.", nb = "Vi bygger verdikjeder." }
country = "NO"
sectors = ["energy"]
website = "https://hydro.example.no/"
updated = "2026-04-01"
contact = { name = "Ola", email = "ola@hydro.example.no" }
"#;

pub const EVENT_TOML: &str = r#"title = "Annual general meeting"
summary = "The programme's yearly meeting."
kind = "general-meeting"
start = 2027-03-12T09:00:00
end = 2027-03-12T17:00:00
time_zone = "Europe/Oslo"
attendance = "offline"
organisers = ["programme", "oceanlab"]
venue = { name = "Grieghallen", city = "Bergen", country = "NO" }
"#;

pub const NEWS_MD: &str = r#"+++
title = "Ocean Lab launches its first autonomous ferry"
summary = "A success story from the west."
kind = "success-story"
published = 2026-09-01
clusters = ["oceanlab"]
sectors = ["maritime"]
+++
The ferry carries 80 passengers.
"#;

pub const PAGE_MD: &str = "+++\ntitle = \"About\"\nweight = 1\n+++\nAbout the programme.\n";

pub const BRAND_TOML: &str = r##"name = "Programme logo"
kind = "logo"
primary = true
alt = "Testland Clusters logo"
variants = [{ path = "logo.svg", format = "svg", colourway = "colour" }]
colours = [{ name = "Fjord", hex = "#0b4f6c" }, { name = "Sun", hex = "#ffd23f" }]
"##;

pub const LOGO_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#0b4f6c\"/></svg>\n";

impl Fixture {
    /// An empty temporary folder.
    pub fn empty() -> Self {
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!("showcase-it-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        Fixture { root }
    }

    /// The valid fixture programme.
    pub fn valid() -> Self {
        let f = Self::empty();
        f.write("site.toml", SITE_TOML);
        f.write("content/taxonomies.toml", TAXONOMIES);
        f.write("content/clusters/oceanlab.md", CLUSTER_MD);
        f.write("content/clusters/oceanlab.de.md", CLUSTER_DE);
        f.write("content/clusters/hydro.toml", CLUSTER_TOML);
        f.write("content/events/agm-2027.toml", EVENT_TOML);
        f.write("content/news/ferry.md", NEWS_MD);
        f.write("content/pages/about.md", PAGE_MD);
        f.write("content/brand/logo/index.toml", BRAND_TOML);
        f.write("content/brand/logo/logo.svg", LOGO_SVG);
        f
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Replace text in a file (the test fails if the text is not there).
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn run(&self, args: &[&str]) -> Output {
        showcase(&self.root, args)
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

pub fn showcase(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_showcase"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run showcase")
}

/// One diagnostic of `check --format json`: (file, line, code, severity, message).
pub type Diag = (String, usize, String, String, String);

/// Diagnostics of `check --format json`.
pub fn diagnostics(out: &Output) -> Vec<Diag> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Line (1-based) of the first occurrence of `needle` in a file.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not found"))
        + 1
}
