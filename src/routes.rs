//! The URL scheme of the contract, in one place: every page, feed and file path is built here.

use crate::config::Config;

/// The path a site is served under: the path part of its `base_url`, always beginning and
/// ending with `/` (`https://org.github.io/programme/` -> `/programme/`; `/` for a site at the
/// root of its host). The functions below make site-relative URLs (`/clusters/x/`), which name
/// outputs (`output_path`), plan entries and permalinks (`Config::permalink` joins them to
/// `base_url`); whatever a browser follows from a page goes through [`href`] with this.
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') { path } else { "/" }
}

/// A site-relative URL as a page links it, under the site's `base` path (from [`base_path`]):
/// `href("/programme/", "/clusters/x/")` -> `/programme/clusters/x/`. Anything else (another
/// site's URL, `#fragment`, `mailto:`, a relative path, `//host/`) is returned as it is.
pub fn href(base: &str, url: &str) -> String {
    if base == "/" || !is_site_relative(url) {
        return url.to_string();
    }
    format!("{base}{}", &url[1..])
}

/// The site-relative URL of a link [`href`] made under `base` (for `Config::permalink`):
/// `/programme/x/` -> `/x/`. A URL not under `base` is returned as it is.
pub fn unhref<'u>(base: &str, url: &'u str) -> &'u str {
    if base != "/" && url.starts_with(base) {
        &url[base.len() - 1..]
    } else {
        url
    }
}

/// Whether `url` is site-relative: a path beginning with one `/`.
pub fn is_site_relative(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\")
}

/// A `srcset` (`/a.png 320w, /b.png 640w`) with each URL under `base`, as [`href`].
pub fn href_srcset(base: &str, srcset: &str) -> String {
    if base == "/" {
        return srcset.to_string();
    }
    srcset
        .split(", ")
        .map(|item| href(base, item))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Site-relative URL of a path in a language: `("de", "clusters/x/")` -> `/de/clusters/x/`.
pub fn url(lang: &str, path: &str) -> String {
    format!(
        "{}/{}",
        Config::lang_prefix(lang),
        path.trim_start_matches('/')
    )
}

/// Page `n` (1-based) of a list at `list` (`/events/`): the list itself, then
/// `/events/page/2/` and on.
pub fn paged(list: &str, n: usize) -> String {
    if n <= 1 {
        list.to_string()
    } else {
        format!("{list}page/{n}/")
    }
}
pub fn home(lang: &str) -> String {
    url(lang, "")
}
pub fn clusters(lang: &str) -> String {
    url(lang, "clusters/")
}
pub fn cluster(lang: &str, slug: &str) -> String {
    url(lang, &format!("clusters/{slug}/"))
}
pub fn events(lang: &str) -> String {
    url(lang, "events/")
}
pub fn event(lang: &str, slug: &str) -> String {
    url(lang, &format!("events/{slug}/"))
}
pub fn event_ics(lang: &str, slug: &str) -> String {
    url(lang, &format!("events/{slug}/{slug}.ics"))
}
pub fn news_list(lang: &str) -> String {
    url(lang, "news/")
}
pub fn news(lang: &str, slug: &str) -> String {
    url(lang, &format!("news/{slug}/"))
}
pub fn documents(lang: &str) -> String {
    url(lang, "documents/")
}
pub fn document(lang: &str, slug: &str) -> String {
    url(lang, &format!("documents/{slug}/"))
}
pub fn brand(lang: &str) -> String {
    url(lang, "brand/")
}
pub fn brand_asset(lang: &str, slug: &str) -> String {
    format!("{}#{slug}", brand(lang))
}
pub fn page(lang: &str, slug: &str) -> String {
    url(lang, &format!("{slug}/"))
}
pub fn organisations(lang: &str) -> String {
    url(lang, "organisations/")
}
pub fn organisation(lang: &str, slug: &str) -> String {
    url(lang, &format!("organisations/{slug}/"))
}
/// Where a page in `lang` links an organisation: its page in `lang`, or in English where
/// it has none in `lang` (`fallback_pages = false`).
pub fn organisation_in(
    site: &crate::model::Site,
    lang: &str,
    o: &crate::model::Organisation,
) -> String {
    if o.has_page_in(lang, &site.config) {
        organisation(lang, &o.slug)
    } else {
        organisation("en", &o.slug)
    }
}
pub fn calls(lang: &str) -> String {
    url(lang, "calls/")
}
/// Closed calls. `archive` is therefore not a call's slug.
pub fn call_archive(lang: &str) -> String {
    url(lang, "calls/archive/")
}
pub fn call(lang: &str, slug: &str) -> String {
    url(lang, &format!("calls/{slug}/"))
}
pub fn call_ics(lang: &str, slug: &str) -> String {
    url(lang, &format!("calls/{slug}/{slug}.ics"))
}
/// The Atom feed of open calls.
pub fn calls_atom(lang: &str) -> String {
    url(lang, "calls/atom.xml")
}
pub fn cooperation_list(lang: &str) -> String {
    url(lang, "cooperation/")
}
pub fn cooperation(lang: &str, slug: &str) -> String {
    url(lang, &format!("cooperation/{slug}/"))
}
pub fn map(lang: &str) -> String {
    url(lang, "map/")
}
pub fn search(lang: &str) -> String {
    url(lang, "search/")
}
pub fn sectors(lang: &str) -> String {
    url(lang, "sectors/")
}
/// The programme in numbers.
pub fn figures(lang: &str) -> String {
    url(lang, "figures/")
}
/// The same figures as open data (one file for every language).
pub fn figures_data() -> String {
    "/data/figures.json".into()
}
/// Directory filtered by one facet term: `/sectors/maritime/`, `/regions/west/`, `/labels/eucles-gold/`.
pub fn facet_term(lang: &str, facet: &str, term: &str) -> String {
    url(lang, &format!("{facet}/{term}/"))
}
pub fn atom(lang: &str) -> String {
    url(lang, "atom.xml")
}
pub fn calendar(lang: &str) -> String {
    url(lang, "events.ics")
}
pub fn not_found(lang: &str) -> String {
    url(lang, "404.html")
}

/// First path segments that records' slugs of free pages must not take.
pub const RESERVED: [&str; 23] = [
    "figures",
    "clusters",
    "organisations",
    "calls",
    "cooperation",
    "events",
    "news",
    "documents",
    "brand",
    "sectors",
    "technologies",
    "regions",
    "labels",
    "search",
    "data",
    "page",
    "js",
    "css",
    "static",
    "404",
    "feeds",
    // Folders of machine files: social cards and the parts of a large sitemap.
    "og",
    "sitemaps",
];

/// Output file for a page URL: `/de/clusters/x/` -> `de/clusters/x/index.html`.
pub fn output_path(url: &str) -> String {
    let p = url.trim_start_matches('/');
    if p.is_empty() {
        "index.html".into()
    } else if p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_at_the_root_others_under_their_tag() {
        assert_eq!(cluster("en", "oceanlab"), "/clusters/oceanlab/");
        assert_eq!(cluster("de", "oceanlab"), "/de/clusters/oceanlab/");
        assert_eq!(home("en"), "/");
        assert_eq!(home("nb"), "/nb/");
        assert_eq!(output_path("/de/clusters/x/"), "de/clusters/x/index.html");
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/atom.xml"), "atom.xml");
    }

    #[test]
    fn links_carry_the_path_the_site_is_served_under() {
        assert_eq!(base_path("https://org.github.io/programme/"), "/programme/");
        assert_eq!(base_path("https://org.github.io/a/b/"), "/a/b/");
        assert_eq!(base_path("https://x.example/"), "/");
        assert_eq!(base_path("https://x.example"), "/");
        assert_eq!(base_path("https://x.example/p/?q#f"), "/p/");
        let base = "/programme/";
        assert_eq!(href(base, "/clusters/x/"), "/programme/clusters/x/");
        assert_eq!(href(base, "/"), "/programme/");
        assert_eq!(
            href(base, "/de/search/?q=a#r"),
            "/programme/de/search/?q=a#r"
        );
        for other in [
            "https://a.example/",
            "//a.example/x",
            "#top",
            "mailto:a@b.c",
            "x/y",
            "",
        ] {
            assert_eq!(href(base, other), other);
        }
        assert_eq!(href("/", "/clusters/x/"), "/clusters/x/");
        assert_eq!(unhref(base, "/programme/clusters/x/"), "/clusters/x/");
        assert_eq!(unhref(base, "/programme/"), "/");
        assert_eq!(unhref("/", "/clusters/x/"), "/clusters/x/");
        assert_eq!(
            href_srcset(base, "/n/a-320w.png 320w, /n/a.png 640w"),
            "/programme/n/a-320w.png 320w, /programme/n/a.png 640w"
        );
    }
}
