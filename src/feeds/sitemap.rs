//! `/sitemap.xml` with `xhtml:link` alternates (a sitemap index above 50,000 URLs) and `/robots.txt`.

use super::pieces::{Piece, Pieces};
use super::xml_escape;
use crate::model::Site;
use crate::plan::SitePlan;
use crate::plan::pages::{PageJob, PageKind, page_url};

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
        PageKind::Organisation(i) => Some(site.organisations[*i].updated.to_string()),
        PageKind::Call(i) => site.calls[*i].updated.map(|d| d.to_string()),
        PageKind::Cooperation(i) => {
            let c = &site.cooperation[*i];
            Some(c.updated.unwrap_or(c.published).to_string())
        }
        _ => None,
    }
}

/// Whether a page belongs in the sitemap: not the 404 pages, nor those asking search
/// engines not to index them (expired cooperation requests).
pub fn listed(site: &Site, kind: &PageKind) -> bool {
    match kind {
        PageKind::NotFound => false,
        PageKind::Cooperation(i) => !site.cooperation[*i].expired(site.build_date),
        _ => true,
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
        let alternate = PageJob {
            lang: other.clone(),
            kind: job.kind.clone(),
        };
        if !crate::plan::pages::exists(site, &alternate) {
            continue;
        }
        let u = site.config.permalink(&page_url(site, &alternate));
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

/// Where part `n` (1-based) of a sitemap too large for one file goes.
pub fn part_path(n: usize) -> String {
    format!("sitemaps/sitemap-{n}.xml")
}

/// How many pages the sitemap lists.
pub fn listed_count(site: &Site, plan: &SitePlan) -> usize {
    plan.pages().filter(|j| listed(site, &j.kind)).count()
}

/// The `<url>` entries of part `n` (1-based; part 1 is the whole sitemap up to
/// [`MAX_URLS`]): one per page of the plan that is [`listed`], in plan order. Made part by
/// part, so that a sitemap of hundreds of thousands of pages is never held whole.
pub fn entries(
    site: &Site,
    plan: &SitePlan,
    pieces: &Pieces,
    n: usize,
) -> Vec<std::sync::Arc<str>> {
    plan.pages()
        .filter(|j| listed(site, &j.kind))
        .skip((n - 1) * MAX_URLS)
        .take(MAX_URLS)
        .map(|j| match j.kind.record() {
            Some((kind, i)) => {
                let lang = site.config.languages.iter().position(|l| *l == j.lang);
                pieces.get(kind, i, Piece::SitemapEntry, lang.unwrap_or(0), || {
                    url_entry(site, j)
                })
            }
            None => url_entry(site, j).into(),
        })
        .collect()
}

/// `/sitemap.xml`: every entry, or, above [`MAX_URLS`], an index of the parts.
pub fn sitemap(site: &Site, plan: &SitePlan, pieces: &Pieces) -> Vec<u8> {
    let count = listed_count(site, plan);
    if count <= MAX_URLS {
        return urlset(&entries(site, plan, pieces, 1)).into_bytes();
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=count.div_ceil(MAX_URLS) {
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&site.config.permalink(&part_path(n)))
        ));
    }
    index.push_str("</sitemapindex>\n");
    index.into_bytes()
}

/// Part `n` (1-based) of a sitemap above [`MAX_URLS`] entries.
pub fn part(site: &Site, plan: &SitePlan, pieces: &Pieces, n: usize) -> Vec<u8> {
    urlset(&entries(site, plan, pieces, n)).into_bytes()
}

pub fn robots(site: &Site) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.permalink("sitemap.xml")
    )
    .into_bytes()
}
