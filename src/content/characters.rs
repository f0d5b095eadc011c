//! Characters no record may hold: control characters and Unicode non-characters.
//!
//! They are invisible in an editor and break the formats a site is published in: a lone CR
//! ends an iCalendar line (a `BEGIN:VEVENT` could be smuggled into a SUMMARY), U+FFFE or a C0
//! control makes every Atom feed invalid XML, and the SVG of a social card fails to parse. So
//! they are refused where they are written, with the file, line and column, instead of being
//! escaped differently by every output. Tabs and line breaks (LF, CRLF) are text.

use crate::diag::Diagnostic;
use crate::source::{Loc, SourceId};
use std::ops::Range;

/// Why `c` may not appear in a record, if it may not.
pub fn forbidden(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        c if c.is_control() => Some("a control character"),
        '\u{FDD0}'..='\u{FDEF}' => Some("a Unicode non-character"),
        c if (c as u32) & 0xFFFE == 0xFFFE => Some("a Unicode non-character"),
        _ => None,
    }
}

/// The first character of `text` that may not be published, with its byte offset: what
/// [`forbidden`] refuses, and a CR that is not followed by LF.
pub fn first_forbidden(text: &str) -> Option<(usize, char, &'static str)> {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\r' {
            if chars.peek().map(|(_, n)| *n) != Some('\n') {
                return Some((i, c, "a carriage return without a line feed"));
            }
            continue;
        }
        if let Some(why) = forbidden(c) {
            return Some((i, c, why));
        }
    }
    None
}

fn diagnostic(file: SourceId, at: usize, c: char, why: &str, escaped: bool) -> Diagnostic {
    let how = if escaped {
        " (written as an escape)"
    } else {
        ""
    };
    Diagnostic::error(
        "E027",
        format!("{why} (U+{:04X}){how} cannot be published", c as u32),
    )
    .at(Loc::new(file, at..at + c.len_utf8().max(1)))
    .hint("remove it; for a line break in a TOML string use a multi-line string (\"\"\"...\"\"\")")
}

/// Check a record file: its text as written (`text`, e.g. a Markdown body or a comment), and
/// the TOML strings of `toml` (at byte `base` of the file), whose escapes (`\u0000`, `\r`) can
/// produce what the text does not show. One diagnostic per file: the first place.
pub fn check_file(
    file: SourceId,
    text: &str,
    toml: Option<(usize, &str)>,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some((at, c, why)) = first_forbidden(text) {
        diags.push(diagnostic(file, at, c, why, false));
        return;
    }
    // Only an escape can hide one now, and escapes start with a backslash.
    let Some((base, toml)) = toml.filter(|(_, t)| t.contains('\\')) else {
        return;
    };
    let Ok(table) = toml::de::DeTable::parse(toml) else {
        return; // the record's own parse reports the syntax error
    };
    let mut found = None;
    for (_, value) in table.get_ref() {
        walk(value, &mut found);
        if found.is_some() {
            break;
        }
    }
    if let Some((span, c, why)) = found {
        diags.push(diagnostic(file, base + span.start, c, why, true));
    }
}

type Found = Option<(Range<usize>, char, &'static str)>;

fn walk(value: &toml::Spanned<toml::de::DeValue<'_>>, found: &mut Found) {
    use toml::de::DeValue;
    match value.get_ref() {
        DeValue::String(s) => {
            if let Some((_, c, why)) = first_forbidden(s) {
                *found = Some((value.span(), c, why));
            }
        }
        DeValue::Array(items) => {
            for item in items.iter() {
                walk(item, found);
                if found.is_some() {
                    return;
                }
            }
        }
        DeValue::Table(table) => {
            for (_, v) in table {
                walk(v, found);
                if found.is_some() {
                    return;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<(String, usize)> {
        let mut diags = Vec::new();
        check_file(SourceId(0), text, Some((0, text)), &mut diags);
        diags
            .into_iter()
            .map(|d| (d.message, d.loc.expect("placed").span.start))
            .collect()
    }

    #[test]
    fn text_and_line_breaks_pass() {
        assert!(check("title = \"Ærø – ĳ 🚢\"\r\nsummary = \"\"\"a\n\tb\"\"\"\n").is_empty());
        assert!(
            check("x = 'C:\\raw'\n").is_empty(),
            "a literal string has no escapes"
        );
    }

    #[test]
    fn controls_and_non_characters_are_refused_where_written() {
        let lone_cr = check("title = \"a\rBEGIN:VEVENT\"\n");
        assert_eq!(
            lone_cr,
            [(
                "a carriage return without a line feed (U+000D) cannot be published".into(),
                10
            )]
        );
        let nonchar = check("title = \"News \u{FFFE}\"\n");
        assert_eq!(nonchar[0].1, 14);
        assert!(nonchar[0].0.starts_with("a Unicode non-character (U+FFFE)"));
        assert_eq!(check("a = \"\u{0}\"")[0].1, 5);
        assert_eq!(check("a = \"\u{9f}\"").len(), 1);
        assert_eq!(check("a = \"\u{10FFFF}\"").len(), 1);
        assert_eq!(check("a = \"\u{FDD0}\"").len(), 1);
    }

    #[test]
    fn escapes_are_refused_at_their_string() {
        for escaped in [
            "t = \"a\\rBEGIN:VEVENT\"",
            "t = \"\\uFFFF\"",
            "t = \"\\u0007\"",
            "[x]\nt = [\"ok\", \"\\b\"]",
        ] {
            let found = check(escaped);
            assert_eq!(found.len(), 1, "{escaped}");
            assert!(found[0].0.contains("(written as an escape)"), "{found:?}");
            assert_eq!(&escaped[found[0].1..found[0].1 + 1], "\"", "{escaped}");
        }
        assert!(check("t = \"a\\r\\nb \\u00e9\"").is_empty());
    }
}
