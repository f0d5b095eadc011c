//! `showcase build` and its output folder: it replaces only what it made, the visible switch
//! to the new site is one atomic step even under `kill -9`, and what killed builds leave
//! behind goes with the next build.

use crate::build::snapshot;
use crate::fixture::*;
use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const DATE: &str = "2026-11-26";

fn showcase_in(cwd: &Path, root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_showcase"));
    c.current_dir(cwd)
        .args(args)
        .args(["--date", DATE, "--root"])
        .arg(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("SHOWCASE_FAULT_AT");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run showcase")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// Every file and folder under `dir` (hidden ones too, not following links): its kind and bytes.
fn everything(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let body = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap()
            } else if e.file_type().is_symlink() {
                let mut b = b"link:".to_vec();
                b.extend(
                    std::fs::read_link(e.path())
                        .unwrap()
                        .as_os_str()
                        .as_encoded_bytes(),
                );
                b
            } else {
                b"folder".to_vec()
            };
            (rel, body)
        })
        .collect()
}

/// Build with an output that must be refused: exit 2, an error naming it and why, and the
/// fixture (and what lies beside it) exactly as before. Twice, as the second build was the
/// one that deleted.
fn assert_refused(f: &Fixture, cwd: &Path, output: &str, why: &str) {
    let parent = f.root.parent().unwrap();
    let before = everything(&f.root);
    // What a build would put beside the site were it the output: `.showcase-it-….staging-PID`.
    let name = format!(".{}", f.root.file_name().unwrap().to_string_lossy());
    let beside = || -> Vec<_> {
        std::fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with(&name))
            .collect()
    };
    assert!(beside().is_empty());
    for attempt in 1..=2 {
        let out = showcase_in(cwd, &f.root, &["build", "--output", output], &[]);
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{output} (attempt {attempt}) was not refused: {err}"
        );
        assert!(
            err.contains(&format!("refusing {output} as --output")) && err.contains(why),
            "{output}: the error does not name it and say {why:?}: {err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
        assert!(
            everything(&f.root) == before,
            "{output} (attempt {attempt}): the site's folder changed"
        );
        assert!(
            beside().is_empty(),
            "{output}: something was created beside the site: {:?}",
            beside()
        );
    }
}

#[test]
fn build_refuses_outputs_it_did_not_make() {
    let f = Fixture::valid();
    let root = f.root.display().to_string();
    f.write("mine/notes.txt", "keep me");
    f.write("a-file.txt", "keep me too");
    std::os::unix::fs::symlink(&f.root, f.path("mine/to-site")).unwrap();
    std::os::unix::fs::symlink(f.path("content"), f.path("to-content")).unwrap();
    let content = f.path("content");

    let cases: Vec<(&Path, String, &str)> = vec![
        // Someone's folder, and a file.
        (&f.root, format!("{root}/mine"), "not an output of showcase"),
        (&f.root, format!("{root}/a-file.txt"), "is a file"),
        // The site root, spelt every way.
        (&f.root, root.clone(), "holds the site itself"),
        (&f.root, ".".into(), "holds the site itself"),
        (&content, "..".into(), "holds the site itself"),
        (&content, "../content/../".into(), "holds the site itself"),
        (&f.root, "new/../".into(), "holds the site itself"),
        (&f.root, "mine/to-site".into(), "holds the site itself"),
        (&f.root, format!("{root}/.."), "holds the site itself"),
        // Its sources and what a build keeps there.
        (&f.root, "content".into(), "inside the site's content"),
        (&f.root, "content/out".into(), "inside the site's content"),
        (&content, "news".into(), "inside the site's content"),
        (&f.root, "to-content".into(), "inside the site's content"),
        (
            &f.root,
            "to-content/new".into(),
            "inside the site's content",
        ),
        (
            &f.root,
            "new/../content/x".into(),
            "inside the site's content",
        ),
        (&f.root, "site.toml".into(), "is the site's site.toml"),
        (&f.root, "templates".into(), "inside the site's templates"),
        (&f.root, "themes/mine".into(), "inside the site's themes"),
        (&f.root, "static".into(), "inside the site's static"),
        (&f.root, "i18n".into(), "inside the site's i18n"),
        (
            &f.root,
            "search-index".into(),
            "inside the site's search-index",
        ),
    ];
    for (cwd, output, why) in &cases {
        assert_refused(&f, cwd, output, why);
    }
    assert_eq!(f.read("mine/notes.txt"), "keep me");
    assert!(!f.path("new").exists());
}

#[test]
fn build_refuses_a_search_index_folder_it_did_not_make() {
    let f = Fixture::valid();
    f.write("search-index/notes.txt", "keep me");
    let out = showcase_in(&f.root, &f.root, &["build"], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("search-index") && err.contains("not an output of showcase"),
        "{err}"
    );
    assert!(!f.path("public").exists(), "nothing was written");
    // Without the index, the site builds.
    let out = showcase_in(&f.root, &f.root, &["build", "--no-search"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(f.read("search-index/notes.txt"), "keep me");
}

#[test]
fn build_takes_new_empty_and_its_own_outputs() {
    let f = Fixture::valid();
    // The default public/ of a fresh site, then the same again.
    for _ in 0..2 {
        let out = showcase_in(&f.root, &f.root, &["build"], &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(f.path("public/index.html").is_file());
    }
    // An empty folder, then showcase's own; a new one below a new folder; a relative spelling.
    std::fs::create_dir(f.path("empty")).unwrap();
    for output in ["empty", "empty", "new/deeper", "content/../elsewhere"] {
        let out = showcase_in(&f.root, &f.root, &["build", "--output", output], &[]);
        assert!(out.status.success(), "{output}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("-> {output}")),
            "reported as spelt"
        );
    }
    assert!(f.path("empty/index.html").is_file());
    assert!(f.path("new/deeper/index.html").is_file());
    assert!(f.path("elsewhere/index.html").is_file());
    // public/ reached through a link: the link stays, the folder it leads to is replaced.
    std::os::unix::fs::symlink(f.path("public"), f.path("link")).unwrap();
    let out = showcase_in(&f.root, &f.root, &["build", "--output", "link"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.path("link").is_symlink());
    assert!(f.path(".public.prev").is_dir());
}

/// Replace tantivy's random segment ids (`1f0c…` as 32 hex digits, or as a UUID with dashes)
/// with `SEG`.
fn scrub_segment_ids(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit() || **b == b'-')
            .count();
        let id = &text[i..i + run];
        let hex = id.bytes().filter(u8::is_ascii_hexdigit).count();
        if run > 0 && hex == 32 && (run == 32 || run == 36) {
            out.push_str("SEG");
            i += run;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The search index as a build defines it: every file, with tantivy's random segment names
/// scrubbed from names, `meta.json` and `.managed.json` (a set, listed in any order); the
/// segments' bytes are the same from build to build.
fn index_snapshot(dir: &Path) -> BTreeMap<String, Vec<Vec<u8>>> {
    let mut out: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    for (rel, bytes) in snapshot(dir) {
        let bytes = if rel.ends_with(".managed.json") {
            let mut names: Vec<String> = serde_json::from_slice(&bytes).unwrap();
            names = names.iter().map(|n| scrub_segment_ids(n)).collect();
            names.sort();
            serde_json::to_vec(&names).unwrap()
        } else if rel.ends_with("meta.json") {
            scrub_segment_ids(&String::from_utf8(bytes).unwrap()).into_bytes()
        } else {
            bytes
        };
        out.entry(scrub_segment_ids(&rel)).or_default().push(bytes);
    }
    out.values_mut().for_each(|v| v.sort());
    out
}

/// The news body's number of passengers, so that two builds differ.
fn set_version(f: &Fixture, passengers: u32) {
    f.write(
        "content/news/ferry.md",
        &NEWS_MD.replace("80 passengers", &format!("{passengers} passengers")),
    );
}

/// Folders a build leaves beside public/ and search-index/, other than `.public.prev`.
fn leftovers(f: &Fixture) -> Vec<String> {
    std::fs::read_dir(&f.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| {
            (n.starts_with(".public.") || n.starts_with(".search-index.")) && n != ".public.prev"
        })
        .collect()
}

/// Wait until no leftovers remain (old trees are deleted in the background).
fn assert_cleaned_up(f: &Fixture, when: &str) {
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let left = leftovers(f);
        if left.is_empty() {
            return;
        }
        assert!(Instant::now() < until, "{when}: left behind {left:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Can this file system exchange two folders' names atomically (where the test runs)?
fn exchange_supported(dir: &Path) -> bool {
    let (a, b) = (dir.join("probe-a"), dir.join("probe-b"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
    let (ca, cb) = (c(&a), c(&b));
    // SAFETY: NUL-terminated paths that outlive the call. RENAME_EXCHANGE = 2.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            2,
        )
    };
    std::fs::remove_dir(a).unwrap();
    std::fs::remove_dir(b).unwrap();
    r == 0
}

#[test]
fn a_build_killed_after_any_step_of_the_swap_leaves_the_old_or_the_new_site() {
    let started = Instant::now();
    let f = Fixture::valid();
    let atomic = exchange_supported(&f.root);
    let build = |env: &[(&str, &str)]| showcase_in(&f.root, &f.root, &["build"], env);
    // Two versions of the site, each built normally once: the reference trees.
    let mut reference = BTreeMap::new();
    for version in [80, 81] {
        set_version(&f, version);
        let out = build(&[]);
        assert!(out.status.success(), "{}", stderr(&out));
        reference.insert(
            version,
            (
                snapshot(&f.path("public")),
                index_snapshot(&f.path("search-index")),
            ),
        );
    }
    assert!(reference[&80].0 != reference[&81].0);
    assert!(
        reference[&80].1 != reference[&81].1,
        "the search index differs too"
    );
    let site_is = |tree: &Path| {
        let tree = snapshot(tree);
        [80, 81].into_iter().find(|v| reference[v].0 == tree)
    };
    let index_is = |tree: &Path| {
        let tree = index_snapshot(tree);
        [80, 81].into_iter().find(|v| reference[v].1 == tree)
    };
    let mut live = 81;
    let mut steps = Vec::new();
    for n in 1.. {
        assert!(n < 30, "the build never ran past its fault points");
        let (old, new) = (live, if live == 80 { 81 } else { 80 });
        set_version(&f, new);
        let at = format!("swap:{n}");
        let out = build(&[("SHOWCASE_FAULT_AT", &at)]);
        let err = stderr(&out);
        if out.status.success() {
            assert!(
                !err.contains("fault injected"),
                "a fault point past the last step: {err}"
            );
            assert_eq!(site_is(&f.path("public")), Some(new));
            break;
        }
        assert_eq!(
            out.status.signal(),
            Some(9),
            "step {n}: killed, as kill -9 would: {err}"
        );
        let step = err
            .lines()
            .find_map(|l| l.strip_prefix(&format!("fault injected after swap step {n}: ")))
            .unwrap_or_else(|| panic!("step {n} not named: {err}"))
            .to_string();
        let gap = step.contains("none visible");
        assert!(!(atomic && gap), "two renames where names can be exchanged");
        if !gap {
            // Exactly the old or the new site and index, each whole.
            let site = site_is(&f.path("public"));
            let index = index_is(&f.path("search-index"));
            assert!(
                site == Some(old) || site == Some(new),
                "after step {n} ({step}) public/ is neither the old nor the new site"
            );
            assert!(
                index == Some(old) || index == Some(new),
                "after step {n} ({step}) search-index/ is neither the old nor the new index"
            );
            steps.push(format!(
                "{n} {step}: site {}, index {}",
                if site == Some(new) { "new" } else { "old" },
                if index == Some(new) { "new" } else { "old" }
            ));
        }
        // The next build (no fault) succeeds and cleans up.
        let out = build(&[]);
        assert!(
            out.status.success(),
            "the build after step {n}: {}",
            stderr(&out)
        );
        assert_eq!(site_is(&f.path("public")), Some(new));
        assert_eq!(index_is(&f.path("search-index")), Some(new));
        assert_cleaned_up(&f, &format!("the build after step {n} ({step})"));
        assert!(f.path(".public.prev").is_dir(), "the older tree is kept");
        live = new;
    }
    eprintln!(
        "fault injection: {} steps in {:.1} s\n{}",
        steps.len(),
        started.elapsed().as_secs_f64(),
        steps.join("\n")
    );
    if atomic {
        // Site and index each: manifest, exchange, aside. (The site's tree of the build
        // before the last was taken up as the staging folder: no bin step.)
        assert_eq!(steps.len(), 6, "{steps:#?}");
        assert!(steps.iter().any(|s| s.contains("exchanged")));
    }
}

#[test]
fn stale_staging_folders_of_gone_builds_are_removed_and_live_ones_kept() {
    let f = Fixture::valid();
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let live = std::process::id();
    let stale = [
        format!(".public.staging-{dead}"),
        format!(".search-index.staging-{dead}"),
        format!(".public.old-{dead}-0"),
    ];
    let kept = [
        format!(".public.staging-{live}"),
        format!(".search-index.staging-{live}"),
        format!(".public.old-{live}-3"),
        ".public.notes".to_string(),
        ".public.staging-x1".to_string(),
    ];
    for name in stale.iter().chain(&kept) {
        f.write(&format!("{name}/index.html"), "a build's page");
    }
    let out = showcase_in(&f.root, &f.root, &["build"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for name in &stale {
        assert!(!f.path(name).exists(), "{name} was not removed");
    }
    for name in &kept {
        assert_eq!(
            f.read(&format!("{name}/index.html")),
            "a build's page",
            "{name}"
        );
    }
    // And what they held is deleted (in the background).
    let until = Instant::now() + Duration::from_secs(60);
    while leftovers(&f)
        .iter()
        .any(|n| !kept.contains(n) && n != ".public.prev")
    {
        assert!(Instant::now() < until, "not deleted: {:?}", leftovers(&f));
        std::thread::sleep(Duration::from_millis(50));
    }
}
