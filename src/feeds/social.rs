//! Social cards: the image link previews show for pages without their own, one per language,
//! in the programme's brand (primary colour, logo, title), drawn as SVG and rendered to PNG
//! with resvg (social networks do not accept SVG images).

use super::xml_escape;
use crate::colour;
use crate::model::{Colourway, Site};
use std::sync::Arc;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Output path of a language's card, e.g. `og/de.png`.
pub fn path(lang: &str) -> String {
    format!("og/{lang}.png")
}

/// Break a title into lines of at most `max` characters, at spaces.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= max => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.truncate(3);
    lines
}

pub fn svg(site: &Site, lang: &str) -> String {
    let pick = |i: usize, default: &str| {
        site.brand_colour(i, colour::parse_hex(default).expect("valid default"))
    };
    let bg = pick(0, "#0b4f6c");
    let fg = colour::text_on(bg);
    let accent = pick(1, "#c8553d");
    let title = site.config.title.resolve(lang).text;
    let host = site
        .config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .trim_end_matches('/');
    let mut text = String::new();
    for (i, line) in wrap(title, 26).iter().enumerate() {
        text.push_str(&format!(
            "<text x=\"80\" y=\"{}\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"64\" font-weight=\"bold\" fill=\"{}\">{}</text>",
            300 + i as u32 * 78,
            colour::to_hex(fg),
            xml_escape(line)
        ));
    }
    // The primary logo's negative (or colour) variant, when it is an SVG, as a nested image:
    // as published (sanitised, so it loads no file), and only within the drawing budget
    // (`crate::svg`); otherwise the card has no logo.
    let logo = site.primary_logo().and_then(|b| {
        let v = b
            .variants
            .iter()
            .find(|v| v.colourway == Colourway::Negative)
            .or_else(|| b.variants.first())?;
        (v.asset.extension() == "svg")
            .then(|| std::fs::read(&v.asset.source).ok())
            .flatten()
            .and_then(|bytes| crate::svg::publish(&bytes).ok())
    });
    let logo = logo
        .map(|bytes| {
            use base64::Engine;
            format!(
                "<image x=\"80\" y=\"70\" width=\"360\" height=\"120\" preserveAspectRatio=\"xMinYMid meet\" href=\"data:image/svg+xml;base64,{}\"/>",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            )
        })
        .unwrap_or_default();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{}\"/><rect y=\"{}\" width=\"{WIDTH}\" height=\"18\" fill=\"{}\"/>{logo}{text}\
<text x=\"80\" y=\"560\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"30\" fill=\"{}\">{}</text></svg>",
        colour::to_hex(bg),
        HEIGHT - 18,
        colour::to_hex(accent),
        colour::to_hex(fg),
        xml_escape(host)
    )
}

/// Fonts are loaded once per build (system fonts; text is left out where none are installed).
pub fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_system_fonts();
    Arc::new(db)
}

pub fn png(
    site: &Site,
    lang: &str,
    fonts: &Arc<resvg::usvg::fontdb::Database>,
) -> Result<Vec<u8>, String> {
    let opt = resvg::usvg::Options {
        fontdb: fonts.clone(),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(&svg(site, lang), &opt).map_err(|e| e.to_string())?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("empty card")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_at_spaces() {
        assert_eq!(
            wrap("Norlandia Cluster Programme and friends", 26),
            ["Norlandia Cluster", "Programme and friends"]
        );
    }
}
