//! Checks over the assembled site that need the whole model: unsafe HTML in Markdown and
//! internal links that lead nowhere. Shared by `build` and `check`.

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::{Finding, inspect};
use crate::model::Site;
use crate::render::{page_url, plan};
use crate::source::{Loc, SourceId, Sources};
use crate::text::Text;
use rayon::prelude::*;
use std::collections::HashSet;

/// Every site-relative URL a link may point to.
pub fn known_urls(site: &Site) -> HashSet<String> {
    let mut urls: HashSet<String> = plan(site).iter().map(|j| page_url(site, j)).collect();
    urls.extend(site.assets().map(|a| a.url()));
    for lang in &site.config.languages {
        urls.insert(crate::routes::atom(lang));
        urls.insert(crate::routes::calendar(lang));
        urls.insert(format!("/{}", crate::feeds::social::path(lang)));
        for e in &site.events {
            urls.insert(crate::routes::event_ics(lang, &e.slug));
        }
    }
    urls.extend(["/sitemap.xml", "/robots.txt", "/brand/press-kit.zip"].map(String::from));
    urls.extend(
        [
            "/data/clusters.json",
            "/data/clusters.csv",
            "/data/events.json",
        ]
        .map(String::from),
    );
    urls
}

/// Where the text of a TOML string starts, past its opening quotes.
fn text_start(file_text: &str, span_start: usize) -> usize {
    let rest = &file_text[span_start.min(file_text.len())..];
    for q in ["\"\"\"", "'''"] {
        if let Some(r) = rest.strip_prefix(q) {
            let nl = if r.starts_with("\r\n") {
                2
            } else if r.starts_with('\n') {
                1
            } else {
                0
            };
            return span_start + 3 + nl;
        }
    }
    if rest.starts_with('"') || rest.starts_with('\'') {
        span_start + 1
    } else {
        span_start
    }
}

fn markdown_texts(site: &Site) -> Vec<(&Text, SourceId)> {
    let mut v: Vec<&Text> = Vec::new();
    v.extend(site.clusters.iter().map(|c| &c.body));
    v.extend(site.events.iter().filter_map(|e| e.body.as_ref()));
    v.extend(site.news.iter().filter_map(|n| n.body.as_ref()));
    v.extend(site.pages.iter().map(|p| &p.body));
    v.extend(site.brand.iter().filter_map(|b| b.usage.as_ref()));
    v.extend(site.config.description.iter());
    // Values always know their file after loading; SourceId(0) is never used for them.
    v.into_iter().map(|t| (t, SourceId(0))).collect()
}

pub fn check_markdown(site: &Site, sources: &Sources, diags: &mut Diagnostics) {
    let urls = known_urls(site);
    let texts = markdown_texts(site);
    let found: Vec<Diagnostic> = texts
        .par_iter()
        .flat_map_iter(|(text, default)| {
            text.values.values().flat_map(|v| {
                let file = v.file.unwrap_or(*default);
                let base = text_start(&sources.get(file).text, v.span.start);
                inspect(&v.text).into_iter().filter_map(|f| match f {
                    Finding::Unsafe { what, span } => Some(
                        Diagnostic::error("E019", format!("unsafe HTML in Markdown: {what}"))
                            .at(Loc::offset(file, base, span))
                            .hint("scripts, frames, styles, event handlers and javascript:/data: URLs are not allowed; use plain Markdown"),
                    ),
                    Finding::InternalLink { url, span } => {
                        let path = url.split(['#', '?']).next().unwrap_or("").to_string();
                        let with_slash = format!("{path}/");
                        if urls.contains(&path) || (!path.ends_with('/') && urls.contains(&with_slash)) {
                            return None;
                        }
                        let mut d = Diagnostic::error("E020", format!("link to `{url}` leads nowhere"))
                            .at(Loc::offset(file, base, span));
                        if let Some(h) = did_you_mean(&path, urls.iter().map(String::as_str)) {
                            d = d.hint(h);
                        }
                        Some(d)
                    }
                }).collect::<Vec<_>>()
            })
        })
        .collect();
    diags.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_starts_after_toml_quotes() {
        let t = "body = \"\"\"\nHello\"\"\"";
        assert_eq!(&t[text_start(t, 7)..text_start(t, 7) + 5], "Hello");
        let t = "body = \"Hi\"";
        assert_eq!(&t[text_start(t, 7)..text_start(t, 7) + 2], "Hi");
    }
}
