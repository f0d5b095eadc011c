//! SVG files from contributors: a hostile one fails `check` with E019 at its line and column,
//! one too costly to draw with E026, a picture too large to decode with E026; a benign one
//! from a design tool is published without its metadata; SVGs are served with a
//! Content-Security-Policy.

use crate::fixture::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

const DATE: &str = "2026-11-26";
const LOGO: &str = "content/brand/logo/logo.svg";

/// A diagnostic as `check --format json` places it: file, line, column, code, message.
type Placed = (String, u64, u64, String, String);

/// The exit code of `check --format json`, and its diagnostics.
fn placed(f: &Fixture) -> (i32, Vec<Placed>) {
    let out = f.run(&["check", "--format", "json", "--date", DATE]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    let list = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code().unwrap_or(-1), list)
}

#[test]
fn a_hostile_logo_fails_check_at_its_line_and_column() {
    let f = Fixture::valid();
    f.write(
        LOGO,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n\
         <rect width=\"10\" height=\"10\" fill=\"#0b4f6c\"/>\n  \
         <s:script xmlns:s=\"http://www.w3.org/2000/svg\">alert(document.domain)</s:script>\n\
         </svg>\n",
    );
    let (code, seen) = placed(&f);
    assert_eq!(code, 1, "{seen:#?}");
    assert_eq!(
        seen,
        [(
            LOGO.to_string(),
            3,
            3,
            "E019".to_string(),
            "`variants.path` SVG `logo.svg` has <s:script>: a script".to_string()
        )]
    );
    // `build` fails the same way and publishes nothing.
    let out = f.run(&["build", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!f.path("public/brand/logo/logo.svg").exists());

    // Not UTF-8: declared Latin-1, with a byte that is not UTF-8.
    let mut latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n".to_vec();
    latin1.extend_from_slice(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><text>Caf\xE9</text></svg>\n",
    );
    f.write_bytes(LOGO, &latin1);
    let (_, seen) = placed(&f);
    assert_eq!(
        seen[0],
        (
            LOGO.to_string(),
            1,
            31,
            "E019".to_string(),
            "`variants.path` SVG `logo.svg` declares the encoding `ISO-8859-1`; only UTF-8 SVG files are published".to_string()
        )
    );
}

const INKSCAPE_LOGO: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="120" height="40" viewBox="0 0 120 40" version="1.1" id="svg1"
   inkscape:version="1.3 (0e150ed6c4, 2023-07-21)" sodipodi:docname="logo.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="2.5"/>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:creator>Designer</dc:creator></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:#0b4f6c" width="40" height="40" rx="6" id="rect1"/>
    <path d="M 50,30 L 60,10 L 70,30 Z" fill="#ffd23f" sodipodi:nodetypes="cccc"/>
  </g>
</svg>
"##;

#[test]
fn a_design_tools_logo_is_published_without_its_metadata() {
    let f = Fixture::valid();
    f.write(LOGO, INKSCAPE_LOGO);
    let (code, seen) = placed(&f);
    assert_eq!((code, seen), (0, vec![]));
    let out = f.run(&["build", "--date", DATE]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let published = f.read("public/brand/logo/logo.svg");
    for gone in [
        "metadata", "inkscape", "sodipodi", "rdf", "Designer", "<!--", "<?xml", "<script",
    ] {
        assert!(!published.contains(gone), "{gone} in {published}");
    }
    assert_eq!(
        published,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\" viewBox=\"0 0 120 40\" version=\"1.1\" id=\"svg1\">\n  \n  \n  \
         <g id=\"layer1\">\n    <rect style=\"fill:#0b4f6c\" width=\"40\" height=\"40\" rx=\"6\" id=\"rect1\"/>\n    \
         <path d=\"M 50,30 L 60,10 L 70,30 Z\" fill=\"#ffd23f\"/>\n  </g>\n</svg>\n"
    );
    // The press kit keeps the original, for the design tools.
    let zip = std::fs::File::open(f.path("public/brand/press-kit.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let mut original = String::new();
    zip.by_name("logo/logo.svg")
        .unwrap()
        .read_to_string(&mut original)
        .unwrap();
    assert_eq!(original, INKSCAPE_LOGO);
}

/// A logo of 300 shapes, each through a filter with a wide morphology: drawing it into the
/// social card took 11 s.
fn costly_logo() -> String {
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 100\">\n\
         <filter id=\"glow\"><feMorphology operator=\"dilate\" radius=\"30\"/><feGaussianBlur stdDeviation=\"6\"/></filter>\n",
    );
    for i in 0..300 {
        svg.push_str(&format!(
            "<circle cx=\"{i}\" cy=\"50\" r=\"20\" fill=\"#fff\" filter=\"url(#glow)\"/>\n"
        ));
    }
    svg + "</svg>\n"
}

#[test]
fn a_logo_too_costly_to_draw_fails_check_quickly() {
    let f = Fixture::valid();
    f.write(LOGO, &costly_logo());
    let started = Instant::now();
    let (code, seen) = placed(&f);
    let took = started.elapsed();
    eprintln!("check of a 300-shape filtered logo: {took:?}");
    assert_eq!(code, 1);
    assert_eq!(seen.len(), 1, "{seen:#?}");
    let (file, line, col, code, message) = &seen[0];
    assert_eq!(
        (file.as_str(), *line, *col, code.as_str()),
        (LOGO, 2, 1, "E026")
    );
    assert!(
        message.starts_with("`variants.path` SVG `logo.svg` is too costly to draw: its filters"),
        "{message}"
    );
    assert!(
        message.contains("<filter id=\"glow\"> is applied to 300 elements"),
        "{message}"
    );
    // Well under the seconds one shape took to draw into the social card.
    assert!(took.as_secs_f64() < 10.0, "{took:?}");
    let out = f.run(&["build", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_decompression_bomb_fails_check_at_its_field() {
    let f = Fixture::valid();
    // A PNG whose header claims 100000×100000 pixels (40 gigabytes decoded).
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc32(&ihdr).to_be_bytes());
    for chunk in [&b"IDAT"[..], b"IEND"] {
        png.extend(0u32.to_be_bytes());
        png.extend(chunk);
        png.extend(crc32(chunk).to_be_bytes());
    }
    f.write_bytes("content/news/bomb.png", &png);
    f.edit(
        "content/news/ferry.md",
        "sectors = [\"maritime\"]\n",
        "sectors = [\"maritime\"]\nimage = \"bomb.png\"\nimage_alt = \"A ferry\"\n",
    );
    let (code, seen) = placed(&f);
    assert_eq!(code, 1);
    let text = f.read("content/news/ferry.md");
    assert_eq!(
        seen,
        [(
            "content/news/ferry.md".to_string(),
            line_of(&text, "image = ") as u64,
            9,
            "E026".to_string(),
            "`image` `bomb.png` is 100000×100000 px, too large to decode: at most 16384 px a \
             side and 64 megapixels"
                .to_string()
        )]
    );
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= *b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn svgs_are_served_with_a_content_security_policy() {
    let f = Fixture::valid();
    let mut child = Command::new(env!("CARGO_BIN_EXE_showcase"))
        .args(["build", "--serve", "--port", "0", "--date", DATE, "--root"])
        .arg(&f.root)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start showcase build --serve");
    let stderr = child.stderr.take().unwrap();
    let serving = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("Serving "));
    let get = |path: &str| {
        let line = serving.as_deref().expect("a Serving line");
        let port: u16 = line
            .rsplit(':')
            .next()
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        let _ = s.read_to_string(&mut raw);
        raw.split("\r\n\r\n")
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let svg = get("/brand/logo/logo.svg");
    let page = get("/");
    let _ = child.kill();
    let _ = child.wait();
    assert!(svg.starts_with("http/1.1 200"), "{svg}");
    assert!(
        svg.contains(
            "content-security-policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
        ),
        "{svg}"
    );
    assert!(!page.contains("sandbox"), "{page}");
}
