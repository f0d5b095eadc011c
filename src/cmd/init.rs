//! `showcase init DIR`: a programme that adopts the tool starts from a site that builds at
//! once.
//!
//! The files come from `skeletons/init/` (compiled in): settings, vocabularies, one example
//! of each record kind, a README for the content team and a GitHub workflow that checks pull
//! requests. Dates are filled in relative to today, so the example event is upcoming and the
//! example label current. The theme is the built-in default, so no `themes/` folder is needed.

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK};
use crate::pipeline::BuildDate;
use std::path::Path;

/// Path in the new site -> contents, with `{{today}}`, `{{event_day}}`, `{{month}}` and
/// `{{version}}` (the release the workflows download: this one) to fill.
const FILES: [(&str, &str); 16] = [
    ("site.toml", include_str!("../../skeletons/init/site.toml")),
    ("README.md", include_str!("../../skeletons/init/README.md")),
    (
        ".github/workflows/check.yml",
        include_str!("../../skeletons/init/.github/workflows/check.yml"),
    ),
    (
        ".github/workflows/deploy.yml",
        include_str!("../../skeletons/init/.github/workflows/deploy.yml"),
    ),
    (
        "content/taxonomies.toml",
        include_str!("../../skeletons/init/content/taxonomies.toml"),
    ),
    (
        "content/clusters/example-cluster.md",
        include_str!("../../skeletons/init/content/clusters/example-cluster.md"),
    ),
    (
        "content/events/example-event.md",
        include_str!("../../skeletons/init/content/events/example-event.md"),
    ),
    (
        "content/news/example-news.md",
        include_str!("../../skeletons/init/content/news/example-news.md"),
    ),
    (
        "content/documents/programme-overview/index.toml",
        include_str!("../../skeletons/init/content/documents/programme-overview/index.toml"),
    ),
    (
        "content/brand/logo/index.toml",
        include_str!("../../skeletons/init/content/brand/logo/index.toml"),
    ),
    (
        "content/brand/logo/logo.svg",
        include_str!("../../skeletons/init/content/brand/logo/logo.svg"),
    ),
    (
        "content/brand/palette/index.toml",
        include_str!("../../skeletons/init/content/brand/palette/index.toml"),
    ),
    (
        "content/pages/about.md",
        include_str!("../../skeletons/init/content/pages/about.md"),
    ),
    (
        "content/pages/contact.md",
        include_str!("../../skeletons/init/content/pages/contact.md"),
    ),
    (
        "content/pages/privacy.md",
        include_str!("../../skeletons/init/content/pages/privacy.md"),
    ),
    (
        "content/pages/accessibility.md",
        include_str!("../../skeletons/init/content/pages/accessibility.md"),
    ),
];

const DOCUMENT: &str = "content/documents/programme-overview/programme-overview.pdf";
/// The zone of the skeleton's site.toml: "today" for the example dates.
const TIME_ZONE: chrono_tz::Tz = chrono_tz::Europe::Brussels;

/// A one-page PDF with a few lines of text (Helvetica), so the example document has a real
/// file to link; the programme replaces it with its own.
pub fn tiny_pdf(lines: &[&str]) -> Vec<u8> {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)")
    };
    let mut content = String::from("BT /F1 20 Tf 72 760 Td 26 TL\n");
    for (i, line) in lines.iter().enumerate() {
        if i == 1 {
            content.push_str("/F1 12 Tf 18 TL\n");
        }
        content.push_str(&format!("({}) Tj T*\n", escape(line)));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        pdf.push_str(&format!("{o:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

fn fill(text: &str, today: chrono::NaiveDate) -> String {
    let event_day = today + chrono::Days::new(60);
    text.replace("{{today}}", &today.to_string())
        .replace("{{event_day}}", &event_day.to_string())
        .replace("{{month}}", &today.format("%Y-%m").to_string())
        .replace("{{version}}", concat!("v", env!("CARGO_PKG_VERSION")))
}

pub fn run(dir: &Path) -> i32 {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                eprintln!(
                    "error: {} is not empty; `showcase init` starts a site in a new or empty folder",
                    dir.display()
                );
                return EXIT_CONTENT;
            }
        }
        Err(_) if dir.exists() => {
            eprintln!("error: {} exists and is not a folder", dir.display());
            return EXIT_CONTENT;
        }
        Err(_) => {}
    }
    let today = BuildDate::from_env(None).resolve(TIME_ZONE);
    let files = FILES
        .iter()
        .map(|(p, t)| (*p, fill(t, today).into_bytes()))
        .chain([(
            DOCUMENT,
            tiny_pdf(&[
                "Example Cluster Programme",
                "Programme overview",
                "",
                "This is an example document of a new showcase site.",
                "Replace it with the programme's own, and update content/documents/.",
            ]),
        )]);
    for (rel, bytes) in files {
        let path = dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_FAILURE;
        }
    }
    let d = dir.display();
    println!("Created a new programme site in {d}:");
    println!(
        "  site.toml, content/ (one example of each kind of record), README.md, .github/workflows/ (check.yml, deploy.yml)"
    );
    println!("Next:");
    println!("  showcase serve --root {d} --open    see it in the browser, updated as you edit");
    println!("  showcase build --root {d}           the site in {d}/public/");
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_cross_references_point_at_their_objects() {
        let pdf = String::from_utf8(tiny_pdf(&["Title (draft)", "Body"])).unwrap();
        assert!(pdf.starts_with("%PDF-1.4\n") && pdf.ends_with("%%EOF\n"));
        assert!(pdf.contains("(Title \\(draft\\)) Tj"));
        let xref_at: usize = pdf.lines().rev().nth(1).unwrap().parse().unwrap();
        assert!(pdf[xref_at..].starts_with("xref\n"));
        let entries: Vec<&str> = pdf[xref_at..].lines().skip(3).take(5).collect();
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(e.len(), 19, "entries are 20 bytes with their newline");
            let at: usize = e[..10].parse().unwrap();
            assert!(pdf[at..].starts_with(&format!("{} 0 obj", i + 1)));
        }
        let stream = pdf.find("stream\n").unwrap() + 7;
        let len: usize = pdf
            .split("/Length ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[stream + len..].starts_with("endstream"));
    }

    #[test]
    fn dates_are_filled() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            fill("{{today}} {{event_day}} {{month}}", d),
            "2026-11-26 2027-01-25 2026-11"
        );
        for (path, text) in FILES {
            assert!(
                !fill(text, d).contains("{{today")
                    && !fill(text, d).contains("{{event")
                    && !fill(text, d).contains("{{version"),
                "{path}"
            );
        }
    }
}
