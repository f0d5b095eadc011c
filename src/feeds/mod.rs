//! Machine-readable outputs beside the pages: sitemap and robots, Atom feeds, iCalendar,
//! the social card, and open data. Each is a pure function from the model to bytes; the
//! per-record parts go through [`pieces::Pieces`], which `serve` keeps between rounds.

pub mod actors_data;
pub mod atom;
pub mod data;
pub mod figures;
pub mod ical;
pub mod pieces;
pub mod sitemap;
pub mod social;

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
            // Control characters other than tab/newline, and U+FFFE/U+FFFF, are not allowed
            // in XML 1.0 (`check` refuses them in records: E027).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}
