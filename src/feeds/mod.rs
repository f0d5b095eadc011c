//! Machine-readable outputs beside the pages: sitemap and robots, Atom feeds, iCalendar,
//! the social card, and open data. Each is a pure function from the model to bytes.

pub mod atom;
pub mod data;
pub mod ical;
pub mod sitemap;

/// Default Open Graph image for pages without their own.
pub const SOCIAL_CARD: &str = "/og-card.svg";

/// Minimal XML text escaping (for feeds written by hand).
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab/newline are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The programme's social card: its title on its primary colour, as SVG.
pub fn social_card(site: &crate::model::Site) -> String {
    let title = xml_escape(site.config.title.resolve("en").text);
    let palette = site.primary_palette();
    let bg = palette
        .and_then(|p| p.colours.first())
        .map(|c| c.hex.clone())
        .unwrap_or_else(|| "#0b4f6c".into());
    let rgb = crate::colour::parse_hex(&bg).unwrap_or((11, 79, 108));
    let fg = crate::colour::to_hex(crate::colour::text_on(rgb));
    let host = site
        .config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .trim_end_matches('/');
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\">\
<rect width=\"1200\" height=\"630\" fill=\"{bg}\"/>\
<text x=\"80\" y=\"300\" font-family=\"sans-serif\" font-size=\"64\" font-weight=\"700\" fill=\"{fg}\">{title}</text>\
<text x=\"80\" y=\"380\" font-family=\"sans-serif\" font-size=\"32\" fill=\"{fg}\">{}</text></svg>\n",
        xml_escape(host)
    )
}
