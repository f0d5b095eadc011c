//! The press kit: every brand asset file in one zip, built in memory, byte-reproducible.

use crate::model::Site;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// Where the press kit goes in the output.
pub const PATH: &str = "brand/press-kit.zip";

pub fn zip(site: &Site) -> std::io::Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed timestamp keeps the archive identical from build to build.
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut readme = String::from("Brand assets\n\n");
    let mut written = std::collections::HashSet::new();
    for b in &site.brand {
        readme.push_str(&format!("{} ({})\n", b.name.resolve("en").text, b.kind));
        for c in &b.colours {
            readme.push_str(&format!("  {} {}\n", c.name, c.hex));
        }
        for v in &b.variants {
            // The originals, SVGs too (with the metadata design tools need): a zip is a
            // download, never shown on the site's origin, and its SVGs passed `check`.
            let name = v.asset.output.trim_start_matches("brand/");
            // `check` refuses a file listed twice (E003); a zip cannot hold it twice either.
            if !written.insert(name) {
                continue;
            }
            let bytes = std::fs::read(&v.asset.source)?;
            w.start_file(name, opts).map_err(std::io::Error::other)?;
            w.write_all(&bytes)?;
            readme.push_str(&format!("  {name}: {} {}\n", v.format, v.colourway));
        }
    }
    w.start_file("README.txt", opts)
        .map_err(std::io::Error::other)?;
    w.write_all(readme.as_bytes())?;
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}
