//! What every page of a language shows around its content: the site's title, logo, brand
//! colours (made readable) and menu. Built once per language for a renderer.

use super::lang::Lang;
use crate::colour;
use crate::model::{Colourway, Site};
use crate::routes;
use crate::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Clone, Hash)]
pub struct Colours {
    primary: String,
    on_primary: String,
    accent: String,
    on_accent: String,
    link: String,
    text: String,
    muted: String,
    background: String,
    surface: String,
    /// The same as custom properties: the content of the pages' one `<style>` element,
    /// whose hash the Content-Security-Policy of `_headers` names (`deploy::page_csp`).
    css: String,
}

/// Brand colours made readable: fills get the text colour that contrasts best, and are
/// darkened until that text reaches 4.5:1; links are darkened until they do on white.
fn colours(site: &Site) -> Colours {
    let pick = |i: usize, default: &str| {
        site.brand_colour(i, colour::parse_hex(default).expect("valid default"))
    };
    let bg = colour::WHITE;
    let surface = colour::parse_hex("#f3f5f7").expect("valid");
    let fill = |c: colour::Rgb| {
        let on = colour::text_on(c);
        (colour::readable_on(c, on, 4.5), on)
    };
    let (primary, on_primary) = fill(pick(0, "#0b4f6c"));
    let (accent, on_accent) = fill(pick(1, "#c8553d"));
    let link = colour::readable_on(primary, surface, 4.6);
    let muted = colour::readable_on(colour::parse_hex("#5b6473").expect("valid"), surface, 4.6);
    let mut c = Colours {
        primary: colour::to_hex(primary),
        on_primary: colour::to_hex(on_primary),
        accent: colour::to_hex(accent),
        on_accent: colour::to_hex(on_accent),
        link: colour::to_hex(link),
        text: "#1a1f2b".into(),
        muted: colour::to_hex(muted),
        background: colour::to_hex(bg),
        surface: colour::to_hex(surface),
        css: String::new(),
    };
    c.css = format!(
        ":root{{--primary:{};--on-primary:{};--accent:{};--on-accent:{};--link:{};--text:{};--muted:{};--bg:{};--surface:{}}}",
        c.primary,
        c.on_primary,
        c.accent,
        c.on_accent,
        c.link,
        c.text,
        c.muted,
        c.background,
        c.surface
    );
    c
}

/// The content of the `<style>` element every page of the default theme has: the brand
/// colours as custom properties.
pub fn inline_style(site: &Site) -> String {
    colours(site).css
}

#[derive(Serialize, Clone, Hash)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
    pub active: bool,
}

#[derive(Serialize, Clone, Hash)]
pub struct LogoView {
    url: String,
    /// The header's picture (`<picture>` with WebP and widths when it is a raster file).
    pic: super::lang::Pic,
    negative_url: Option<String>,
    alt: String,
}

/// `site` in the templates.
#[derive(Serialize, Clone, Hash)]
pub struct SiteBlock {
    pub title: String,
    pub description: String,
    base_url: String,
    home_url: String,
    search_url: String,
    feed_url: String,
    calendar_url: String,
    year: i32,
    logo: Option<LogoView>,
    colours: Colours,
    pub menu: Vec<MenuItem>,
}

/// Default menu when site.toml has none: the sections, then free pages with a weight.
fn default_menu(site: &Site) -> Vec<(Text, String, i64)> {
    let t = |en: &str| Text::english(en);
    let mut m = vec![
        (t("nav_clusters"), "/clusters/".to_string(), 10),
        (t("nav_map"), "/map/".to_string(), 12),
        (t("nav_events"), "/events/".to_string(), 20),
        (t("nav_news"), "/news/".to_string(), 30),
        (t("nav_documents"), "/documents/".to_string(), 40),
        (t("nav_figures"), "/figures/".to_string(), 45),
        (t("nav_brand"), "/brand/".to_string(), 50),
    ];
    // The actors' sections, where the programme has such records.
    if !site.organisations.is_empty() {
        m.push((t("nav_organisations"), "/organisations/".to_string(), 15));
    }
    if !site.calls.is_empty() {
        m.push((t("nav_calls"), "/calls/".to_string(), 25));
    }
    if !site.cooperation.is_empty() {
        m.push((t("nav_cooperation"), "/cooperation/".to_string(), 27));
    }
    for p in &site.pages {
        if let Some(w) = p.weight {
            m.push((p.title.clone(), format!("/{}/", p.slug), 100 + w));
        }
    }
    m
}

/// The site block of one language.
pub fn site_block(l: &Lang, strings: &BTreeMap<String, String>) -> SiteBlock {
    let (site, lang) = (l.site, l.tag);
    let href = |url: &str| l.href(url);
    let logo = site.primary_logo();
    let by_colourway =
        |cw: Colourway| logo.and_then(|b| b.variants.iter().find(|v| v.colourway == cw));
    let menu_src: Vec<(Text, String, i64)> = if site.config.menu.is_empty() {
        default_menu(site)
    } else {
        site.config
            .menu
            .iter()
            .map(|m| (m.name.clone(), m.url.clone(), m.weight))
            .collect()
    };
    let mut menu: Vec<(i64, MenuItem)> = menu_src
        .iter()
        .map(|(name, url, w)| {
            let label = name.resolve(lang).text.to_string();
            // Default entries name UI strings; configured ones are text.
            let label = strings.get(&label).cloned().unwrap_or(label);
            (
                *w,
                MenuItem {
                    name: label,
                    // Settings allow links to other sites; only the site's own get the
                    // language's prefix.
                    url: if url.contains("://") {
                        url.clone()
                    } else {
                        href(&routes::url(lang, url))
                    },
                    active: false,
                },
            )
        })
        .collect();
    menu.sort_by_key(|(w, m)| (*w, m.url.clone()));
    SiteBlock {
        title: l.text(&site.config.title).text,
        description: site
            .config
            .description
            .as_ref()
            .map(|d| l.text(d).text)
            .unwrap_or_default(),
        base_url: site.config.base_url.clone(),
        home_url: href(&routes::home(lang)),
        search_url: href(&routes::search(lang)),
        feed_url: href(&routes::atom(lang)),
        calendar_url: href(&routes::calendar(lang)),
        year: chrono::Datelike::year(&site.build_date),
        logo: by_colourway(Colourway::Colour)
            .or_else(|| logo.and_then(|b| b.variants.first()))
            .map(|v| LogoView {
                url: href(&v.asset.url()),
                pic: super::lang::Pic::of(l.base(), &v.asset, super::lang::Shown::HEADER_LOGO),
                negative_url: by_colourway(Colourway::Negative).map(|n| href(&n.asset.url())),
                alt: logo
                    .and_then(|b| b.alt.as_ref())
                    .map(|a| l.text(a).text)
                    .unwrap_or_else(|| l.text(&site.config.title).text),
            }),
        colours: colours(site),
        menu: menu.into_iter().map(|(_, m)| m).collect(),
    }
}

impl SiteBlock {
    /// The block for one page (`url` as the page links it, under the site's path `base`): its
    /// section's menu entry marked active.
    pub fn for_page(&self, base: &str, lang: &str, url: &str) -> SiteBlock {
        let mut block = self.clone();
        let prefix = format!(
            "{}{}",
            base.trim_end_matches('/'),
            crate::config::Config::lang_prefix(lang)
        );
        let section = url.trim_start_matches(&prefix);
        for m in &mut block.menu {
            let m_section = m.url.trim_start_matches(&prefix);
            m.active = m_section != "/" && section.starts_with(m_section);
        }
        block
    }
}
