//! Pictures: a PNG news image and a JPEG logo are published in several widths as WebP and in
//! their own format, the pages name them in `<picture>` with `srcset`, `width` and `height`,
//! and a second build takes every variant from the image cache.

use crate::fixture::*;
use std::io::Cursor;

fn encoded(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), format)
        .unwrap();
    out
}

fn built(f: &Fixture) -> String {
    let out = f.run(&["build", "--date", "2026-11-26", "--verbose", "--no-search"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{err}");
    err
}

/// Width and height of a published file, decoded.
fn decoded(f: &Fixture, rel: &str) -> (u32, u32) {
    let bytes =
        std::fs::read(f.path(&format!("public/{rel}"))).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (img.width(), img.height())
}

#[test]
fn pictures_are_published_in_widths_and_formats_and_cached() {
    let f = Fixture::valid();
    f.write_bytes(
        "content/news/ferry.png",
        &encoded(1000, 600, image::ImageFormat::Png),
    );
    f.edit(
        "content/news/ferry.md",
        "clusters = [",
        "image = \"ferry.png\"\nimage_alt = \"The ferry at the quay\"\nclusters = [",
    );
    f.write_bytes(
        "content/clusters/hydro.jpg",
        &encoded(400, 200, image::ImageFormat::Jpeg),
    );
    let hydro = f.read("content/clusters/hydro.toml");
    f.write(
        "content/clusters/hydro.toml",
        &format!("logo = \"hydro.jpg\"\nlogo_alt = \"Hydro logo\"\n{hydro}"),
    );

    let first = built(&f);
    // 1000 px: 320, 640, 960 and the original 1000 as WebP, 320-960 as PNG (the original
    // is the 1000 px PNG); 400 px: 320 and 400 as WebP, 320 as JPEG.
    assert!(
        first.contains("images: 10 resized, 0 from cache"),
        "{first}"
    );
    for (rel, size) in [
        ("news/ferry/ferry-320w.webp", (320, 192)),
        ("news/ferry/ferry-640w.png", (640, 384)),
        ("news/ferry/ferry-960w.webp", (960, 576)),
        ("news/ferry/ferry-1000w.webp", (1000, 600)),
        ("news/ferry/ferry.png", (1000, 600)),
        ("clusters/hydro/hydro-320w.jpg", (320, 160)),
        ("clusters/hydro/hydro-400w.webp", (400, 200)),
    ] {
        assert_eq!(decoded(&f, rel), size, "{rel}");
    }
    assert!(
        !f.path("public/news/ferry/ferry-1280w.webp").exists(),
        "never upscaled"
    );

    let page = f.read("public/news/ferry/index.html");
    assert!(page.contains(r#"<source type="image/webp" srcset="/news/ferry/ferry-320w.webp 320w, /news/ferry/ferry-640w.webp 640w, /news/ferry/ferry-960w.webp 960w, /news/ferry/ferry-1000w.webp 1000w""#), "{page}");
    assert!(page.contains(r#"srcset="/news/ferry/ferry-320w.png 320w, /news/ferry/ferry-640w.png 640w, /news/ferry/ferry-960w.png 960w, /news/ferry/ferry.png 1000w""#), "{page}");
    assert!(
        page.contains(r#"width="1000" height="600" alt="The ferry at the quay" loading="eager""#),
        "{page}"
    );
    let list = f.read("public/news/index.html");
    assert!(
        list.contains(r#"width="1000" height="600" alt="" loading="lazy""#),
        "{list}"
    );
    let clusters = f.read("public/clusters/index.html");
    assert!(clusters.contains(r#"class="card-logo" src="/clusters/hydro/hydro-320w.jpg" srcset="/clusters/hydro/hydro-320w.jpg 320w, /clusters/hydro/hydro.jpg 400w""#), "{clusters}");
    assert!(
        clusters.contains(r#"width="400" height="200" alt="" loading="lazy""#),
        "{clusters}"
    );

    // The cache is in the site root, where the content walker does not look.
    let cache = f.path(".showcase-cache/images");
    let stamps = |dir: &std::path::Path| -> Vec<_> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name(), e.metadata().unwrap().modified().unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let before = stamps(&cache);
    assert_eq!(before.len(), 10);
    let second = built(&f);
    assert!(
        second.contains("images: 0 resized, 10 from cache"),
        "{second}"
    );
    assert_eq!(stamps(&cache), before, "no cache file made again");
    assert_eq!(decoded(&f, "news/ferry/ferry-640w.webp"), (640, 384));
}
