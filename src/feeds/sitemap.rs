//! `/sitemap.xml` with `xhtml:link` alternates (a sitemap index above 50,000 URLs) and `/robots.txt`.

use super::pieces::{Piece, Pieces};
use super::xml_escape;
use crate::model::Site;
use crate::render::{PageJob, PageKind, page_url};

pub const MAX_URLS: usize = 50_000;

fn lastmod(site: &Site, kind: &PageKind) -> Option<String> {
    match kind {
        PageKind::Cluster(i) => Some(site.clusters[*i].updated.to_string()),
        PageKind::Event(i) => site.events[*i].updated.map(|d| d.to_string()),
        PageKind::News(i) => {
            let n = &site.news[*i];
            Some(n.updated.unwrap_or(n.published).to_string())
        }
        PageKind::Document(i) => site.documents[*i].published.map(|d| d.to_string()),
        _ => None,
    }
}

fn url_entry(site: &Site, job: &PageJob) -> String {
    let mut s = String::new();
    let loc = site.config.permalink(&page_url(site, job));
    s.push_str(&format!("<url><loc>{}</loc>", xml_escape(&loc)));
    if let Some(m) = lastmod(site, &job.kind) {
        s.push_str(&format!("<lastmod>{m}</lastmod>"));
    }
    for other in &site.config.languages {
        let u = site.config.permalink(&page_url(
            site,
            &PageJob {
                lang: other.clone(),
                kind: job.kind.clone(),
            },
        ));
        s.push_str(&format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"{other}\" href=\"{}\"/>",
            xml_escape(&u)
        ));
        if other == "en" {
            s.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                xml_escape(&u)
            ));
        }
    }
    s.push_str("</url>\n");
    s
}

fn urlset(entries: &[std::sync::Arc<str>]) -> String {
    let mut s = String::with_capacity(entries.iter().map(|e| e.len()).sum::<usize>() + 200);
    s.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        s.push_str(e);
    }
    s.push_str("</urlset>\n");
    s
}

/// (output path, bytes) of the sitemap files.
pub fn sitemaps(site: &Site, jobs: &[PageJob], pieces: &Pieces) -> Vec<(String, Vec<u8>)> {
    let entries: Vec<std::sync::Arc<str>> = jobs
        .iter()
        .filter(|j| !matches!(j.kind, PageKind::NotFound))
        .map(|j| match j.kind.record() {
            Some((kind, i)) => {
                let lang = site.config.languages.iter().position(|l| *l == j.lang);
                pieces.get(kind, i, Piece::SitemapEntry, lang.unwrap_or(0), || {
                    url_entry(site, j)
                })
            }
            None => url_entry(site, j).into(),
        })
        .collect();
    if entries.len() <= MAX_URLS {
        return vec![("sitemap.xml".into(), urlset(&entries).into_bytes())];
    }
    let mut out = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, chunk) in entries.chunks(MAX_URLS).enumerate() {
        let path = format!("sitemaps/sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&site.config.permalink(&path))
        ));
        out.push((path, urlset(chunk).into_bytes()));
    }
    index.push_str("</sitemapindex>\n");
    out.push(("sitemap.xml".into(), index.into_bytes()));
    out
}

pub fn robots(site: &Site) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.permalink("sitemap.xml")
    )
    .into_bytes()
}
