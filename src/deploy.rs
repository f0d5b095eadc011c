//! What a host needs besides the pages: `_headers` and `_redirects` (Netlify and Cloudflare
//! Pages read both from the output's root), the pages at records' old URLs (`aliases`), and
//! the limits hosts put on a deployment, checked against the built output (W011, W012).
//!
//! `docs/deploy/` has the recipes for the hosts that read neither file: a GitHub Pages
//! workflow and an nginx snippet doing the same by hand.

use crate::model::{Kind, Site};
use crate::render::templates::escape_html;
use crate::routes;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

/// The hosts `host` in site.toml names, whose limits `build` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    GithubPages,
    Netlify,
    CloudflarePages,
}

impl Host {
    pub const ALL: [Host; 3] = [Host::GithubPages, Host::Netlify, Host::CloudflarePages];
    pub fn name(self) -> &'static str {
        match self {
            Host::GithubPages => "github-pages",
            Host::Netlify => "netlify",
            Host::CloudflarePages => "cloudflare-pages",
        }
    }
    pub fn parse(s: &str) -> Option<Host> {
        Host::ALL.into_iter().find(|h| h.name() == s)
    }
    /// The host's documented limits on one deployment.
    pub fn limits(self) -> &'static Limits {
        &LIMITS
            .iter()
            .find(|(h, _)| *h == self)
            .expect("every host")
            .1
    }
}

/// What a host allows one deployment; `None` where it documents no limit.
#[derive(Debug)]
pub struct Limits {
    pub files: Option<u64>,
    pub file_bytes: Option<u64>,
    pub site_bytes: Option<u64>,
    /// Lines of `_redirects` that name one URL each (no `*` or `:placeholder`).
    pub static_redirects: Option<u64>,
    /// Where the numbers come from.
    pub source: &'static str,
}

const MIB: u64 = 1 << 20;

/// The limits of each host, as their documentation gives them (read 2026-12):
///
/// | host | files | one file | whole site | `_redirects` |
/// |---|---|---|---|---|
/// | GitHub Pages | - | 100 MiB | 1 GB | not read |
/// | Netlify | - | - | - | - |
/// | Cloudflare Pages | 20,000 | 25 MiB | - | 2,000 static (+100 dynamic) |
///
/// - GitHub Pages: "Published GitHub Pages sites may be no larger than 1 GB"
///   (docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits); a file
///   over 100 MiB is refused by GitHub repositories (docs.github.com/en/repositories/
///   working-with-files/managing-large-files/about-large-files-on-github), so a site
///   published from a branch cannot hold one. GitHub Pages reads neither `_headers` nor
///   `_redirects`, and serves only the root `404.html`.
/// - Netlify documents no limit on the number of files, a file's size or a site's size for
///   a static deploy (docs.netlify.com, "Deploy overview", "Redirects and rewrites"): nothing
///   is checked.
/// - Cloudflare Pages: 20,000 files per site on the Free plan (100,000 on paid plans with
///   `PAGES_WRANGLER_MAJOR_VERSION=4`: changelog 2026-01-23), 25 MiB per file
///   (developers.cloudflare.com/pages/platform/limits/); 2,000 static and 100 dynamic
///   redirects (developers.cloudflare.com/pages/configuration/redirects/). The Free plan's
///   number is checked: a paid plan's site may ignore W011 up to 100,000 files.
pub const LIMITS: [(Host, Limits); 3] = [
    (
        Host::GithubPages,
        Limits {
            files: None,
            file_bytes: Some(100 * MIB),
            site_bytes: Some(1_000_000_000),
            static_redirects: None,
            source: "https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits",
        },
    ),
    (
        Host::Netlify,
        Limits {
            files: None,
            file_bytes: None,
            site_bytes: None,
            static_redirects: None,
            source: "https://docs.netlify.com/",
        },
    ),
    (
        Host::CloudflarePages,
        Limits {
            files: Some(20_000),
            file_bytes: Some(25 * MIB),
            site_bytes: None,
            static_redirects: Some(2_000),
            source: "https://developers.cloudflare.com/pages/platform/limits/",
        },
    ),
];

/// A site-relative URL as the host serves it (under the site's path, `routes::base_path`), so
/// that the rules of `_headers` and `_redirects` name the URLs as the host sees them.
fn served(site: &Site, url: &str) -> String {
    routes::href(routes::base_path(&site.config.base_url), url)
}

/// The URL of a record's page in `lang` (the kinds with aliases).
pub fn record_url(kind: Kind, lang: &str, slug: &str) -> Option<String> {
    Some(match kind {
        Kind::Cluster => routes::cluster(lang, slug),
        Kind::Organisation => routes::organisation(lang, slug),
        Kind::Event => routes::event(lang, slug),
        Kind::News => routes::news(lang, slug),
        Kind::Document => routes::document(lang, slug),
        Kind::Call => routes::call(lang, slug),
        _ => return None,
    })
}

/// One alias page of the plan: the record it leads to and the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasPage {
    pub kind: Kind,
    pub slug: String,
    pub alias: String,
    pub lang: String,
}

/// Every alias page: each alias of each record, in every language the record's page is
/// planned in (`pages`: the paths of the planned pages). An old URL that is a planned file
/// already (a page of the site took that address since) is left to that page.
pub fn alias_pages(site: &Site, pages: &HashSet<&str>) -> Vec<(String, AliasPage)> {
    let mut out = Vec::new();
    let mut taken = HashSet::new();
    for kind in crate::assemble::aliases::KINDS {
        for (slug, aliases) in crate::assemble::aliases::of_kind(site, kind) {
            for lang in &site.config.languages {
                let Some(to) = record_url(kind, lang, slug) else {
                    continue;
                };
                if !pages.contains(routes::output_path(&to).as_str()) {
                    continue;
                }
                for a in aliases {
                    let from = record_url(kind, lang, &a.slug).expect("same kind");
                    let path = routes::output_path(&from);
                    if pages.contains(path.as_str()) || !taken.insert(path.clone()) {
                        continue;
                    }
                    out.push((
                        path,
                        AliasPage {
                            kind,
                            slug: slug.to_string(),
                            alias: a.slug.clone(),
                            lang: lang.clone(),
                        },
                    ));
                }
            }
        }
    }
    out
}

/// The name of a record that has aliases.
fn record_name<'s>(site: &'s Site, kind: Kind, slug: &str) -> Option<&'s crate::text::Text> {
    let i = site.position(kind, slug)?;
    Some(match kind {
        Kind::Cluster => &site.clusters[i].name,
        Kind::Organisation => &site.organisations[i].name,
        Kind::Event => &site.events[i].title,
        Kind::News => &site.news[i].title,
        Kind::Document => &site.documents[i].title,
        Kind::Call => &site.calls[i].title,
        _ => return None,
    })
}

/// The page at an old URL: `noindex`, canonical and refresh to the record's page, and a
/// link to it in the page's language (for browsers that do not follow the refresh, and for
/// screen readers, which announce the page before it goes).
pub fn alias_page(site: &Site, theme: &crate::render::theme::Theme, page: &AliasPage) -> Vec<u8> {
    let strings = crate::render::theme::strings_for(theme, &page.lang);
    let s = |k: &str, default: &str| strings.get(k).cloned().unwrap_or_else(|| default.into());
    let to = record_url(page.kind, &page.lang, &page.slug).expect("a kind with aliases");
    let href = escape_html(&served(site, &to));
    let permalink = escape_html(&site.config.permalink(&to));
    let name = record_name(site, page.kind, &page.slug).map(|t| t.resolve(&page.lang));
    let (name, name_lang) = match &name {
        Some(r) => (
            escape_html(r.text),
            (r.lang != page.lang).then(|| r.lang.clone()),
        ),
        None => (href.clone(), None),
    };
    let title = escape_html(&s("moved_title", "This page has moved"));
    let link = match name_lang {
        Some(l) => format!("<a href=\"{href}\" lang=\"{l}\">{name}</a>"),
        None => format!("<a href=\"{href}\">{name}</a>"),
    };
    let text = escape_html(&s("moved_text", "It is now at {link}.")).replace("{link}", &link);
    let lang = escape_html(&page.lang);
    let style = escape_html(&served(site, "/style.css"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}: {name}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{permalink}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n\
         <link rel=\"stylesheet\" href=\"{style}\">\n</head>\n<body>\n\
         <main class=\"wrap narrow\">\n<h1>{title}</h1>\n<p>{text}</p>\n</main>\n</body>\n</html>\n"
    )
    .into_bytes()
}

/// `_redirects` (Netlify, Cloudflare Pages): every alias's old URL to its record's page for
/// good (301), then each language's 404 page for the URLs under it that are no file.
/// Netlify serves a file that exists before a rule unless the rule is forced (`301!`), and
/// the old URL is a file (the alias page); Cloudflare Pages follows rules first and knows
/// no `!`, so the force is written only for `host = "netlify"`. Cloudflare Pages finds the
/// nearest `404.html` itself and ignores 404 rules, so they are left out for it.
pub fn redirects(site: &Site, aliases: &[(String, AliasPage)]) -> Vec<u8> {
    let host = site.config.host;
    let status = if host == Some(Host::Netlify) {
        "301!"
    } else {
        "301"
    };
    let mut out = String::from(
        "# Redirects for Netlify and Cloudflare Pages, written by `showcase build`.\n",
    );
    if !aliases.is_empty() {
        out.push_str("# Old URLs of renamed records (`aliases`), moved for good.\n");
    }
    for (_, a) in aliases {
        let from = record_url(a.kind, &a.lang, &a.alias).expect("a kind with aliases");
        let to = record_url(a.kind, &a.lang, &a.slug).expect("a kind with aliases");
        let _ = writeln!(
            out,
            "{} {} {status}",
            served(site, &from),
            served(site, &to)
        );
    }
    if host != Some(Host::CloudflarePages) {
        out.push_str("# A URL that is no file: the not-found page in its language.\n");
        for lang in site.config.languages.iter().filter(|l| *l != "en") {
            let _ = writeln!(
                out,
                "{} {} 404",
                served(site, &routes::url(lang, "*")),
                served(site, &routes::not_found(lang))
            );
        }
        let _ = writeln!(
            out,
            "{} {} 404",
            served(site, "/*"),
            served(site, &routes::not_found("en"))
        );
    }
    out.into_bytes()
}

/// How many lines of a `_redirects` file name one URL each (static rules, in Cloudflare's
/// terms).
pub fn static_redirects(text: &str) -> u64 {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter(|l| {
            let from = l.split_whitespace().next().unwrap_or("");
            !from.contains('*') && !from.contains(':')
        })
        .count() as u64
}

/// The Content-Security-Policy of the pages: scripts and styles only from the site's own
/// files, except the one `<style>` element of the brand colours (by its hash); inline
/// `style` attributes are allowed (`style-src-attr`): the theme positions map pins and
/// sizes bars with them, and an attribute can neither load anything (`img-src`,
/// `font-src`) nor select other elements. Browsers without `style-src-elem` fall back to
/// `style-src`. JSON-LD and the search page's strings are data blocks, which CSP does not
/// run. Pictures come from the site (and `data:`): Markdown images from other hosts are
/// blocked.
pub fn page_csp(site: &Site) -> String {
    use base64::Engine;
    use sha2::Digest;
    let css = crate::render::chrome::inline_style(site);
    let hash =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(css.as_bytes()));
    format!(
        "default-src 'self'; base-uri 'self'; object-src 'none'; form-action 'self'; \
         frame-ancestors 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
         style-src-elem 'self' 'sha256-{hash}'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'"
    )
}

/// Content-hashed files, cached for a year: the search files under `search/<lang>/` except
/// the manifest, which names the current ones (`docs/search-format.md`). Every other file
/// keeps its name when it changes, so browsers ask again each time (`max-age=0`, with the
/// host's ETag a 304 costs little).
pub const LONG_CACHE: &str = "public, max-age=31536000, immutable";
pub const SHORT_CACHE: &str = "public, max-age=0, must-revalidate";

/// `_headers` (Netlify, Cloudflare Pages). Rules apply in order and a later rule's header
/// must replace an earlier one's: Netlify keeps the last value of a header; Cloudflare
/// Pages joins them with a comma (two policies, both enforced) unless a `! Name` line
/// drops the earlier one first, a line Netlify skips (it has no colon).
pub fn headers(site: &Site) -> Vec<u8> {
    let all = served(site, "/*");
    let svg = served(site, "/*.svg");
    let search = served(site, "/search/:lang/*");
    let manifest = served(site, "/search/:lang/manifest.json");
    let svg_csp = crate::serve::http::SVG_CSP;
    let page_csp = page_csp(site);
    format!(
        "# Headers for Netlify and Cloudflare Pages, written by `showcase build`.\n\
         # A later rule replaces an earlier one's header (`! Name` drops it on Cloudflare Pages).\n\
         {all}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  \
         X-Frame-Options: SAMEORIGIN\n  Cache-Control: {SHORT_CACHE}\n  Content-Security-Policy: {page_csp}\n\
         # An SVG opened on its own: no script, no loads, inline styles and data: pictures only.\n\
         {svg}\n  ! Content-Security-Policy\n  Content-Security-Policy: {svg_csp}\n\
         # Search files are named by their content: cached for a year, but the manifest.\n\
         {search}\n  ! Cache-Control\n  Cache-Control: {LONG_CACHE}\n\
         {manifest}\n  ! Cache-Control\n  Cache-Control: {SHORT_CACHE}\n"
    )
    .into_bytes()
}

/// What the built output holds: its files, their total size, and the largest ones.
#[derive(Debug, Default)]
pub struct Measure {
    pub files: u64,
    pub bytes: u64,
    /// (size, path relative to the output), largest first, at most 20.
    pub largest: Vec<(u64, String)>,
}

/// Count and weigh every file under `dir` (links are not followed).
pub fn measure(dir: &Path) -> Measure {
    let mut m = Measure::default();
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        let len = e.metadata().map(|md| md.len()).unwrap_or(0);
        m.files += 1;
        m.bytes += len;
        if m.largest.len() < 20 || len > m.largest.last().map_or(0, |l| l.0) {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            m.largest.push((len, rel));
            m.largest
                .sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            m.largest.truncate(20);
        }
    }
    m
}

/// A size for people: `512 B`, `38.2 KB`, `6.4 MB`, `1.02 GB` (powers of 1,000).
pub fn human_size(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes < 1000 {
        format!("{bytes} B")
    } else if b < 1e6 {
        format!("{:.1} KB", b / 1e3)
    } else if b < 1e9 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.2} GB", b / 1e9)
    }
}

/// The warnings for an output over its host's limits: W011 for the whole deployment (files,
/// total size, `_redirects` lines), W012 for each file over the per-file limit.
pub fn host_warnings(host: Host, m: &Measure, redirects: u64) -> Vec<crate::diag::Diagnostic> {
    use crate::diag::Diagnostic;
    let l = host.limits();
    let h = host.name();
    let mut out = Vec::new();
    let w011 = |what: String| {
        Diagnostic::warning("W011", format!("the output exceeds {h}'s limits: {what}"))
            .hint(format!("see {} and the README's deploy section", l.source))
    };
    if let Some(max) = l.files.filter(|max| m.files > *max) {
        out.push(w011(format!("{} files, at most {max} allowed", m.files)));
    }
    if let Some(max) = l.site_bytes.filter(|max| m.bytes > *max) {
        out.push(w011(format!(
            "{} in all, at most {} allowed",
            human_size(m.bytes),
            human_size(max)
        )));
    }
    if let Some(max) = l.static_redirects.filter(|max| redirects > *max) {
        out.push(w011(format!(
            "{redirects} redirects in _redirects, at most {max} allowed"
        )));
    }
    if let Some(max) = l.file_bytes {
        for (len, path) in m.largest.iter().filter(|(len, _)| *len > max) {
            out.push(
                Diagnostic::warning(
                    "W012",
                    format!(
                        "{path} is {}, over the {} {h} allows for one file",
                        human_size(*len),
                        human_size(max)
                    ),
                )
                .hint(format!("see {}", l.source)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_redirects_are_counted() {
        let text = "# c\n/a/ /b/ 301\n/de/* /de/404.html 404\n/x/:y /z 301\n\n/c/ /d/ 301\n";
        assert_eq!(static_redirects(text), 2);
    }

    #[test]
    fn limits_warn_only_over_them() {
        let m = Measure {
            files: 20_001,
            bytes: 2_000_000_000,
            largest: vec![(26 * MIB, "big.zip".into()), (10, "small.txt".into())],
        };
        let w = host_warnings(Host::CloudflarePages, &m, 2_001);
        let codes: Vec<(&str, String)> = w.iter().map(|d| (d.code, d.message.clone())).collect();
        assert_eq!(codes.len(), 3, "{codes:#?}");
        assert!(codes[0].1.contains("20001 files, at most 20000"));
        assert!(codes[1].1.contains("2001 redirects"));
        assert_eq!(codes[2].0, "W012");
        assert!(codes[2].1.contains("big.zip is 27.3 MB"));
        let w = host_warnings(Host::GithubPages, &m, 2_001);
        let msgs: Vec<&str> = w.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs.len(), 1, "{msgs:#?}");
        assert!(msgs[0].contains("2.00 GB in all, at most 1.00 GB"));
        assert!(host_warnings(Host::Netlify, &m, 99_999).is_empty());
        let small = Measure {
            files: 20_000,
            bytes: 1_000_000_000,
            largest: vec![(25 * MIB, "ok.zip".into())],
        };
        assert!(host_warnings(Host::CloudflarePages, &small, 2_000).is_empty());
        assert!(host_warnings(Host::GithubPages, &small, 0).is_empty());
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(38_200), "38.2 KB");
        assert_eq!(human_size(6_400_000), "6.4 MB");
    }
}
