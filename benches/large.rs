//! Benchmark: generate a large programme and measure `showcase build` and `check` on it.
//!
//! `cargo bench --bench large -- 1000 10000 1000:50000` (default: 1000; `N:M` is N clusters
//! and M organisations, M = 5N when left out; `-- serve 1000` measures only `serve`, on the
//! programme an earlier run left; `SHOWCASE_BIN=path` measures that binary). For each N it
//! writes N clusters, M organisations (in one or two clusters each, a third translated in
//! part), N/5 events, N/10 news, N/50 calls and N/20 cooperation requests in 4 languages
//! (about 70% translated) to a temporary
//! folder, runs the release binary as a child process and reports wall time, peak memory
//! (the child's max RSS from wait4), pages and files written, pages per second, search
//! payload bytes, the same for unchanged rebuilds and for `check`, and the share of the
//! build the search index takes, and edit-to-reload time with `serve`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const LANGS: [&str; 4] = ["en", "de", "nb", "fr"];
const SECTORS: [&str; 8] = [
    "maritime",
    "energy",
    "seafood",
    "health",
    "digital",
    "manufacturing",
    "tourism",
    "bioeconomy",
];
const TECHS: [&str; 10] = [
    "hydrogen",
    "offshore-wind",
    "autonomy",
    "ai",
    "batteries",
    "biotech",
    "digital-twins",
    "robotics",
    "sensors",
    "materials",
];
const REGIONS: [&str; 5] = ["west", "north", "mid", "east", "south"];

/// Deterministic pseudo-random numbers (xorshift), so every run generates the same programme.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Zipf-like pick: small indices are much more frequent, as in real text.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// A vocabulary of pronounceable words per language (the languages share none).
fn vocabulary(lang: &str, n: usize) -> Vec<String> {
    let syll: &[&str] = match lang {
        "de" => &[
            "ber", "gen", "stoff", "wass", "erk", "lich", "ung", "tech", "netz", "werk", "haf",
            "schaft",
        ],
        "nb" => &[
            "hav", "vind", "kraft", "lig", "het", "fisk", "skog", "berg", "nord", "sjø", "elv",
            "dal",
        ],
        "fr" => &[
            "mar", "tion", "eau", "ver", "ment", "ique", "port", "bois", "mer", "lune", "sol",
            "ain",
        ],
        _ => &[
            "clus", "ter", "ocean", "tech", "net", "work", "port", "wind", "power", "grid", "lab",
            "ing",
        ],
    };
    let mut rng = Rng(0x9e3779b97f4a7c15 ^ lang.len() as u64 ^ (lang.as_bytes()[0] as u64) << 8);
    (0..n)
        .map(|i| {
            let k = 2 + i % 3;
            (0..k)
                .map(|_| syll[rng.below(syll.len())])
                .collect::<String>()
                + &format!("{}", i % 97)
        })
        .map(|w: String| {
            w.trim_end_matches(char::is_numeric).to_string() + &"abcdefghij"[..(w.len() % 4)]
        })
        .collect()
}

fn sentence(rng: &mut Rng, vocab: &[String], words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&vocab[rng.zipf(vocab.len())]);
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str() + ".",
        None => s,
    }
}

/// A `w`×`h` picture (PNG or JPEG by the extension), varied by `seed`: for a PNG (a logo) flat
/// colours in bands and a bar, for a JPEG (a photo) smooth gradients with a little grain. Pure
/// noise, which an earlier version drew, is the slowest case for every encoder and like no
/// logo or photo a programme publishes.
fn picture(path: &Path, w: u32, h: u32, seed: usize) {
    let s = seed as u32;
    let logo = path.extension().is_some_and(|e| e == "png");
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        if logo {
            let band = (x * 4 / w + s) % 3;
            let bar = y > h / 3 && y < h / 2 && x > w / 8 && x < w * 7 / 8;
            match (bar, band) {
                (true, _) => image::Rgb([255, 255, 255]),
                (_, 0) => image::Rgb([11, 79, 113]),
                (_, 1) => image::Rgb([(s * 37 % 200) as u8, 140, 60]),
                _ => image::Rgb([240, 180, 41]),
            }
        } else {
            let grain = ((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ s) >> 13) % 12;
            image::Rgb([
                ((x * 255 / w + grain + s) % 256) as u8,
                ((y * 255 / h + grain) % 256) as u8,
                (((x + y) * 128 / (w + h) + grain + 60 + s / 256 * 7) % 256) as u8,
            ])
        }
    });
    // The seed in the first pixels' bytes: every picture differs, so none is resized only
    // once for several records (identical files share their variants in the cache).
    let mut img = img;
    for (i, b) in (seed as u64).to_le_bytes().chunks(3).enumerate() {
        let mut px = [0u8; 3];
        px[..b.len()].copy_from_slice(b);
        img.put_pixel(i as u32, 0, image::Rgb(px));
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    image::DynamicImage::ImageRgb8(img).save(path).unwrap();
}

/// Region `k`'s area on the bench map: five bands of latitude, west to east 5-13° E.
fn region_box(k: usize) -> (f64, f64, f64, f64) {
    let south = 58.0 + 2.4 * (REGIONS.len() - 1 - k) as f64;
    (south, south + 2.4, 5.0, 13.0)
}

/// A `location` line inside the region named in `record` (its `region = "…"` line).
fn location_in(rng: &mut Rng, record: &str) -> String {
    let k = REGIONS
        .iter()
        .position(|r| record.contains(&format!("region = \"{r}\"")))
        .unwrap_or(0);
    let (s, n, w, e) = region_box(k);
    let at = |rng: &mut Rng, lo: f64, hi: f64| {
        lo + 0.1 + (hi - lo - 0.2) * rng.below(10_000) as f64 / 10_000.0
    };
    format!(
        "location = {{ lat = {:.4}, lon = {:.4} }}\n",
        at(rng, s, n),
        at(rng, w, e)
    )
}

/// The bench map: each region's band with a coast of 2,000 wiggly points on its western
/// side, so the build's outline simplification has real work.
fn regions_geojson() -> String {
    let features: Vec<String> = (0..REGIONS.len())
        .map(|k| {
            let (s, n, w, e) = region_box(k);
            let mut ring: Vec<(f64, f64)> = vec![(w, s), (e, s), (e, n), (w, n)];
            ring.extend((1..2000).map(|i| {
                let lat = n - (n - s) * i as f64 / 2000.0;
                (w + 0.3 * ((i as f64) * 0.37).sin().abs(), lat)
            }));
            ring.push((w, s));
            let coords: Vec<String> = ring.iter().map(|(x, y)| format!("[{x:.5},{y:.5}]")).collect();
            format!(
                "{{\"type\":\"Feature\",\"properties\":{{\"region\":\"{}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{}]]}}}}",
                REGIONS[k],
                coords.join(",")
            )
        })
        .collect();
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}\n",
        features.join(",\n")
    )
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn tstr(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

pub fn generate(root: &Path, n: usize, orgs: usize) {
    let _ = std::fs::remove_dir_all(root);
    let vocabs: Vec<Vec<String>> = LANGS.iter().map(|l| vocabulary(l, 6000 + n)).collect();
    let mut rng = Rng(42);
    write(
        &root.join("site.toml"),
        "title = { en = \"Benchland Clusters\", de = \"Benchland-Cluster\", nb = \"Benchland-klynger\", fr = \"Pôles de Benchland\" }\nbase_url = \"https://bench.example/\"\ndefault_language = \"en\"\nlanguages = [\"en\", \"de\", \"nb\", \"fr\"]\ntime_zone = \"Europe/Oslo\"\n",
    );
    let mut tax = String::new();
    for (table, terms) in [
        ("sectors", &SECTORS[..]),
        ("technologies", &TECHS[..]),
        ("regions", &REGIONS[..]),
    ] {
        let _ = writeln!(tax, "[{table}]");
        for t in terms {
            let _ = writeln!(
                tax,
                "{t} = {{ en = \"{t} (en)\", de = \"{t} (de)\", nb = \"{t} (nb)\", fr = \"{t} (fr)\" }}"
            );
        }
    }
    write(&root.join("content/taxonomies.toml"), &tax);
    write(
        &root.join("content/map/regions.geojson"),
        &regions_geojson(),
    );
    let translated = |rng: &mut Rng| rng.below(100) < 70;
    for i in 0..n {
        let slug = format!("cluster-{i:05}");
        let sectors: Vec<String> = (0..1 + rng.below(2))
            .map(|_| format!("\"{}\"", SECTORS[rng.below(SECTORS.len())]))
            .collect();
        let techs: Vec<String> = (0..rng.below(3))
            .map(|_| format!("\"{}\"", TECHS[rng.below(TECHS.len())]))
            .collect();
        let name = format!(
            "{} Cluster {i}",
            sentence(&mut rng, &vocabs[0], 2).trim_end_matches('.')
        );
        let body: String = (0..4)
            .map(|_| sentence(&mut rng, &vocabs[0], 14))
            .collect::<Vec<_>>()
            .join(" ");
        let front = format!(
            "+++\nname = \"{}\"\nsummary = \"{}\"\ncountry = \"NO\"\nregion = \"{}\"\nsectors = [{}]\ntechnologies = [{}]\nwebsite = \"https://c{i}.example/\"\nupdated = 2026-0{}-1{}\nlabels = [{{ scheme = \"eucles-{}\", awarded = \"2025-0{}\" }}]\n\n[contact]\nname = \"Manager {i}\"\nemail = \"m{i}@c{i}.example\"\n+++\n",
            tstr(&name),
            tstr(&sentence(&mut rng, &vocabs[0], 12)),
            REGIONS[rng.below(REGIONS.len())],
            sectors.join(", "),
            techs.join(", "),
            1 + rng.below(9),
            rng.below(10),
            ["gold", "silver", "bronze"][rng.below(3)],
            1 + rng.below(9),
        );
        let place = location_in(&mut rng, &front);
        let front = front.replacen(
            "country = \"NO\"\n",
            &format!("country = \"NO\"\n{place}"),
            1,
        );
        // Every tenth cluster has a raster logo, so the build's picture path is measured.
        let front = if i % 10 == 0 {
            picture(
                &root.join(format!("content/clusters/{slug}.png")),
                600,
                200,
                i,
            );
            front.replacen(
                "+++\n",
                &format!("+++\nlogo = \"{slug}.png\"\nlogo_alt = \"Logo {i}\"\n"),
                1,
            )
        } else {
            front
        };
        write(
            &root.join(format!("content/clusters/{slug}.md")),
            &format!("{front}## Aims\n\n{body}\n"),
        );
        for (li, lang) in LANGS.iter().enumerate().skip(1) {
            if translated(&mut rng) {
                let tr = format!(
                    "+++\nname = \"{}\"\nsummary = \"{}\"\n+++\n## {}\n\n{}\n",
                    tstr(&format!(
                        "{} {i}",
                        sentence(&mut rng, &vocabs[li], 2).trim_end_matches('.')
                    )),
                    tstr(&sentence(&mut rng, &vocabs[li], 12)),
                    sentence(&mut rng, &vocabs[li], 1).trim_end_matches('.'),
                    (0..4)
                        .map(|_| sentence(&mut rng, &vocabs[li], 14))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                write(
                    &root.join(format!("content/clusters/{slug}.{lang}.md")),
                    &tr,
                );
            }
        }
    }
    for i in 0..n / 5 {
        let mut t = format!(
            "title = {{ en = \"{}\"",
            tstr(&format!("Event {i}: {}", sentence(&mut rng, &vocabs[0], 4)))
        );
        let mut s = format!(
            "summary = {{ en = \"{}\"",
            tstr(&sentence(&mut rng, &vocabs[0], 16))
        );
        for (li, lang) in LANGS.iter().enumerate().skip(1) {
            if translated(&mut rng) {
                let _ = write!(
                    t,
                    ", {lang} = \"{}\"",
                    tstr(&sentence(&mut rng, &vocabs[li], 4))
                );
                let _ = write!(
                    s,
                    ", {lang} = \"{}\"",
                    tstr(&sentence(&mut rng, &vocabs[li], 16))
                );
            }
        }
        let toml = format!(
            "{t} }}\n{s} }}\nkind = \"workshop\"\nstart = 202{}-0{}-1{}T09:00:00\nend = 202{}-0{}-1{}T17:00:00\ntime_zone = \"Europe/Oslo\"\nattendance = \"offline\"\norganisers = [\"cluster-{:05}\"]\nvenue = {{ name = \"Hall {i}\", city = \"Bergen\", country = \"NO\" }}\n",
            5 + i % 3,
            1 + i % 9,
            i % 10,
            5 + i % 3,
            1 + i % 9,
            i % 10,
            rng.below(n)
        );
        write(
            &root.join(format!("content/events/event-{i:05}.toml")),
            &toml,
        );
    }
    for i in 0..n / 10 {
        let body: String = (0..5)
            .map(|_| sentence(&mut rng, &vocabs[0], 15))
            .collect::<Vec<_>>()
            .join(" ");
        let md = format!(
            "+++\ntitle = \"{}\"\nsummary = \"{}\"\nkind = \"{}\"\npublished = 2026-0{}-1{}\nclusters = [\"cluster-{:05}\"]\n+++\n{body}\n",
            tstr(&sentence(&mut rng, &vocabs[0], 6)),
            tstr(&sentence(&mut rng, &vocabs[0], 16)),
            if i % 3 == 0 { "success-story" } else { "news" },
            1 + i % 9,
            i % 10,
            rng.below(n)
        );
        // Every other news item has a photo-sized JPEG.
        let md = if i % 2 == 0 {
            picture(
                &root.join(format!("content/news/news-{i:05}.jpg")),
                1600,
                900,
                i,
            );
            md.replacen(
                "+++\n",
                &format!("+++\nimage = \"news-{i:05}.jpg\"\nimage_alt = \"Photo {i}\"\n"),
                1,
            )
        } else {
            md
        };
        write(&root.join(format!("content/news/news-{i:05}.md")), &md);
        for (li, lang) in LANGS.iter().enumerate().skip(1) {
            if translated(&mut rng) {
                let tr = format!(
                    "+++\ntitle = \"{}\"\nsummary = \"{}\"\n+++\n{}\n",
                    tstr(&sentence(&mut rng, &vocabs[li], 6)),
                    tstr(&sentence(&mut rng, &vocabs[li], 16)),
                    (0..5)
                        .map(|_| sentence(&mut rng, &vocabs[li], 15))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                write(
                    &root.join(format!("content/news/news-{i:05}.{lang}.md")),
                    &tr,
                );
            }
        }
    }
    const KINDS: [&str; 7] = [
        "company",
        "company",
        "company",
        "research",
        "university",
        "public",
        "association",
    ];
    const SIZES: [&str; 4] = ["micro", "small", "medium", "large"];
    for i in 0..orgs {
        let kind = KINDS[rng.below(KINDS.len())];
        let size = if kind == "company" {
            format!("size = \"{}\"\n", SIZES[rng.below(SIZES.len())])
        } else {
            String::new()
        };
        let clusters: Vec<String> = (0..1 + usize::from(rng.below(5) == 0))
            .map(|_| format!("\"cluster-{:05}\"", rng.below(n)))
            .collect();
        let phrases = |rng: &mut Rng, v: &[String]| -> String {
            (0..3)
                .map(|_| format!("\"{}\"", tstr(sentence(rng, v, 2).trim_end_matches('.'))))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut competences = format!("competences = {{ en = [{}]", phrases(&mut rng, &vocabs[0]));
        let mut summary = format!(
            "summary = {{ en = \"{}\"",
            tstr(&sentence(&mut rng, &vocabs[0], 14))
        );
        for (li, lang) in LANGS.iter().enumerate().skip(1) {
            if rng.below(100) < 33 {
                let _ = write!(
                    competences,
                    ", {lang} = [{}]",
                    phrases(&mut rng, &vocabs[li])
                );
                let _ = write!(
                    summary,
                    ", {lang} = \"{}\"",
                    tstr(&sentence(&mut rng, &vocabs[li], 14))
                );
            }
        }
        let toml = format!(
            "name = \"{} {i}\"\nkind = \"{kind}\"\n{size}{summary} }}\n{competences} }}\nclusters = [{}]\nsectors = [\"{}\"]\ntechnologies = [\"{}\"]\ncountry = \"NO\"\nregion = \"{}\"\ncity = \"{}\"\nwebsite = \"https://o{i}.example/\"\nupdated = 2026-0{}-1{}\n[contact]\nemail = \"post@o{i}.example\"\n",
            tstr(sentence(&mut rng, &vocabs[0], 2).trim_end_matches('.')),
            clusters.join(", "),
            SECTORS[rng.below(SECTORS.len())],
            TECHS[rng.below(TECHS.len())],
            REGIONS[rng.below(REGIONS.len())],
            tstr(sentence(&mut rng, &vocabs[0], 1).trim_end_matches('.')),
            1 + rng.below(9),
            rng.below(10),
        );
        let place = location_in(&mut rng, &toml);
        let toml = toml.replacen(
            "country = \"NO\"\n",
            &format!("country = \"NO\"\n{place}"),
            1,
        );
        write(
            &root.join(format!("content/organisations/org-{i:05}.toml")),
            &toml,
        );
    }
    for i in 0..n / 50 {
        let toml = format!(
            "title = \"{}\"\nsummary = \"{}\"\nfunder = \"Benchland Research Council\"\nopens = 2026-0{}-01\ndeadline = 202{}-0{}-15T12:00:00\ntime_zone = \"Europe/Oslo\"\nurl = \"https://fund.example/{i}\"\nsectors = [\"{}\"]\n[budget]\namount = {}\ncurrency = \"NOK\"\n",
            tstr(&sentence(&mut rng, &vocabs[0], 5)),
            tstr(&sentence(&mut rng, &vocabs[0], 16)),
            1 + i % 9,
            6 + i % 2,
            1 + i % 9,
            SECTORS[rng.below(SECTORS.len())],
            1_000_000 * (1 + rng.below(50)),
        );
        write(&root.join(format!("content/calls/call-{i:05}.toml")), &toml);
    }
    for i in 0..n / 20 {
        let toml = format!(
            "title = \"{}\"\nsummary = \"{}\"\ndirection = \"{}\"\ntopic = \"technology\"\norganisation = \"org-{:05}\"\nsectors = [\"{}\"]\npublished = 2026-0{}-01\nexpires = 2027-0{}-01\n[contact]\nemail = \"partner{i}@bench.example\"\n",
            tstr(&sentence(&mut rng, &vocabs[0], 5)),
            tstr(&sentence(&mut rng, &vocabs[0], 16)),
            if i % 2 == 0 { "offer" } else { "request" },
            rng.below(orgs.max(1)),
            SECTORS[rng.below(SECTORS.len())],
            1 + i % 9,
            1 + i % 9,
        );
        if orgs > 0 {
            write(
                &root.join(format!("content/cooperation/request-{i:05}.toml")),
                &toml,
            );
        }
    }
    write(
        &root.join("content/pages/about.md"),
        "+++\ntitle = \"About\"\nweight = 1\n+++\nAbout the benchmark programme.\n",
    );
}

struct Run {
    wall: f64,
    max_rss_mib: f64,
    stderr: String,
    ok: bool,
}

/// Run the binary, measuring wall time and the child's peak resident memory.
// The child is reaped by wait4 below, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run(bin: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with valid pointers to locals.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed().as_secs_f64();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr {
        use std::io::Read;
        let _ = e.read_to_string(&mut stderr);
    }
    Run {
        wall,
        max_rss_mib: usage.ru_maxrss as f64 / 1024.0,
        stderr,
        ok: status == 0,
    }
}

fn dir_stats(dir: &Path) -> (usize, u64, usize) {
    let mut files = 0;
    let mut bytes = 0;
    let mut html = 0;
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        files += 1;
        bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
        if e.path().extension().is_some_and(|x| x == "html") {
            html += 1;
        }
    }
    (files, bytes, html)
}

/// GET `path` from 127.0.0.1:`port`; the body, or "" on any failure.
fn http_get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

/// Edit-to-reload with `showcase serve`: after the site and its search index are built,
/// change one cluster's summary, and time from the write until the served page shows it
/// (polled every 2 ms, as a reloading browser would fetch it). Edits are 2 s apart, so the
/// search index of one edit is rebuilt (at low priority) while the next is measured.
fn serve_latency(bin: &Path, root: &Path, orgs: usize) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--date", "2026-11-26", "--root"])
        .arg(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wait_for = |what: &str| -> Option<String> {
        let deadline = Instant::now() + std::time::Duration::from_secs(600);
        while Instant::now() < deadline {
            match rx.recv_timeout(std::time::Duration::from_secs(1)) {
                Ok(line) if line.contains(what) => return Some(line),
                Ok(_) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(_) => return None,
            }
        }
        None
    };
    let port: Option<u16> = wait_for("Serving").and_then(|l| {
        l.rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
    });
    let Some(port) = port.filter(|_| wait_for("Search index updated").is_some()) else {
        println!("serve: did not start");
        let _ = child.kill();
        let _ = child.wait();
        return;
    };
    let mut edits = vec![(
        "cluster",
        root.join("content/clusters/cluster-00007.md"),
        "/clusters/cluster-00007/",
    )];
    if orgs > 7 {
        edits.push((
            "organisation",
            root.join("content/organisations/org-00007.toml"),
            "/organisations/org-00007/",
        ));
    }
    for (what, file, url) in edits {
        let original = std::fs::read_to_string(&file).unwrap();
        let mut times = Vec::new();
        for n in 0..6 {
            let marker = format!("Benchedit{n}x{}", std::process::id());
            let edited = original
                .replacen("summary = \"", &format!("summary = \"{marker} "), 1)
                .replacen(
                    "en = \"",
                    &format!("en = \"{marker} "),
                    usize::from(!original.contains("summary = \"")),
                );
            let started = Instant::now();
            std::fs::write(&file, edited).unwrap();
            let deadline = started + std::time::Duration::from_secs(60);
            while !http_get(port, url).contains(&marker) {
                if Instant::now() > deadline {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            std::thread::sleep(std::time::Duration::from_secs(2));
        }
        std::fs::write(&file, original).unwrap();
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "serve, edit one {what} to page updated: median {:.0} ms, min {:.0}, max {:.0} ({})",
            sorted[sorted.len() / 2],
            sorted[0],
            sorted[sorted.len() - 1],
            times
                .iter()
                .map(|t| format!("{t:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn main() {
    // `N` or `N:M` (clusters, organisations).
    let sizes: Vec<(usize, usize)> = std::env::args()
        .skip(1)
        .filter_map(|a| match a.split_once(':') {
            Some((n, m)) => Some((n.parse().ok()?, m.parse().ok()?)),
            None => a.parse().ok().map(|n: usize| (n, 5 * n)),
        })
        .collect();
    let sizes = if sizes.is_empty() {
        vec![(1000, 5000)]
    } else {
        sizes
    };
    // SHOWCASE_BIN measures another build of showcase (e.g. the commit before a change) on
    // the same generated programmes.
    let bin = std::env::var_os("SHOWCASE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_showcase")));
    println!("binary: {}", bin.display());
    if std::env::args().any(|a| a == "serve") {
        // Only the serve measurement, on the programmes an earlier run generated.
        for (n, orgs) in sizes {
            println!("\n## N = {n}, {orgs} organisations");
            serve_latency(
                &bin,
                &std::env::temp_dir().join(format!("showcase-bench-{n}-{orgs}")),
                orgs,
            );
        }
        return;
    }
    for (n, orgs) in sizes {
        let root = std::env::temp_dir().join(format!("showcase-bench-{n}-{orgs}"));
        // The previous run's programme is deleted only after this one is measured: creating
        // files right after deleting as many is several times slower on ext4 without a journal,
        // which would make the cold build measure the deletion instead.
        let trash = root.with_extension("old");
        let _ = std::fs::remove_dir_all(&trash);
        if root.exists() {
            std::fs::rename(&root, &trash).unwrap();
        }
        let t = Instant::now();
        generate(&root, n, orgs);
        println!(
            "\n## N = {n} clusters, {orgs} organisations ({} events, {} news, {} calls, {} requests, 4 languages); generated in {:.1} s",
            n / 5,
            n / 10,
            n / 50,
            n / 20,
            t.elapsed().as_secs_f64()
        );
        let root_s = root.to_str().unwrap();
        let check = run(
            &bin,
            &["check", "--root", root_s, "--date", "2026-11-26", "--quiet"],
        );
        println!(
            "check:        {:>7.2} s  peak {:>6.0} MiB  ok={}",
            check.wall, check.max_rss_mib, check.ok
        );
        // Cold, then rebuilds: the second hard-links unchanged files from the first, the
        // third and later recycle the tree kept from the build before the last. The search
        // index's share is the difference to a rebuild without it.
        let mut walls = Vec::new();
        // BENCH_QUICK=1: the cold build and one rebuild only, no serve (to compare two
        // binaries on a large programme in reasonable time).
        let quick = std::env::var_os("BENCH_QUICK").is_some();
        let builds = [
            ("build (cold)   ", None),
            ("build (again)  ", None),
            ("build (3rd)    ", None),
            ("build no search", Some("--no-search")),
            ("build (5th)    ", None),
        ];
        for (label, extra) in builds.into_iter().take(if quick { 2 } else { 5 }) {
            let mut args = vec![
                "build",
                "--root",
                root_s,
                "--date",
                "2026-11-26",
                "--quiet",
                "--verbose",
            ];
            args.extend(extra);
            let r = run(&bin, &args);
            if !r.ok {
                println!("{label} FAILED:\n{}", r.stderr);
                continue;
            }
            walls.push(r.wall);
            let (files, bytes, html) = dir_stats(&root.join("public"));
            println!(
                "{label}: {:>7.2} s  peak {:>6.0} MiB  {html} pages, {files} files, {:.0} MB  {:.0} pages/s",
                r.wall,
                r.max_rss_mib,
                bytes as f64 / 1e6,
                html as f64 / r.wall
            );
            if let Some(images) = r.stderr.lines().find(|l| l.trim().starts_with("images:")) {
                println!("                 {}", images.trim());
            }
        }
        // A cold build of the output with the image cache of the builds before (as CI
        // restoring `.showcase-cache/` between runs has it): what a site costs to build
        // from nothing once its pictures have been resized.
        let _ = std::fs::rename(root.join("public"), trash.join("public-cold")).or_else(|_| {
            std::fs::create_dir_all(&trash)?;
            std::fs::rename(root.join("public"), trash.join("public-cold"))
        });
        let _ = std::fs::rename(root.join(".public.prev"), trash.join("public-prev"));
        let r = run(
            &bin,
            &[
                "build",
                "--root",
                root_s,
                "--date",
                "2026-11-26",
                "--quiet",
                "--verbose",
            ],
        );
        if r.ok {
            println!(
                "build (cold, image cache kept): {:>7.2} s  peak {:>6.0} MiB",
                r.wall, r.max_rss_mib
            );
            if let Some(images) = r.stderr.lines().find(|l| l.trim().starts_with("images:")) {
                println!("                 {}", images.trim());
            }
        }
        if let [_, _, third, without, fifth] = walls[..] {
            let with = (third + fifth) / 2.0;
            println!(
                "search index adds {:.2} s to a rebuild ({:.0}% of {:.2} s)",
                with - without,
                100.0 * (with - without) / with,
                with
            );
        }
        for lang in LANGS {
            let (files, bytes, _) = dir_stats(&root.join("public/search").join(lang));
            let manifest =
                std::fs::metadata(root.join("public/search").join(lang).join("manifest.json"))
                    .map(|m| m.len())
                    .unwrap_or(0);
            println!(
                "search/{lang}: {files} files, {:.1} MB in all, manifest {:.1} KB",
                bytes as f64 / 1e6,
                manifest as f64 / 1e3
            );
        }
        let q = run(
            &bin,
            &[
                "search", "--root", root_s, "--lang", "de", "--format", "json", "cluster",
            ],
        );
        println!("showcase search (one query, cold process): {:.3} s", q.wall);
        if !quick {
            serve_latency(&bin, &root, orgs);
        }
        let _ = std::fs::remove_dir_all(&trash);
    }
}
