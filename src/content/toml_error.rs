//! Turning a `toml`/serde error into a diagnostic a contributor can act on.

use crate::diag::{Diagnostic, did_you_mean};
use crate::source::{Loc, SourceId};

/// The dotted name of the field whose value starts at `offset` in a TOML `text`: the key
/// before the `=` on that line (or, for a value spanning lines, on the nearest line above
/// that starts with a key), under the `[table]` it stands in.
pub fn field_at(text: &str, offset: usize) -> Option<String> {
    let offset = (0..=offset.min(text.len()))
        .rev()
        .find(|i| text.is_char_boundary(*i))?;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let key_of = |s: &str| -> Option<String> {
        let before = s[..s.rfind('=')?].trim_end();
        let key = before
            .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .next()?
            .trim_matches('"');
        (!key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.".contains(c)))
        .then(|| key.to_string())
    };
    let mut lines = text[..line_start].lines().rev();
    let key = key_of(&text[line_start..offset]).or_else(|| {
        lines
            .by_ref()
            .map(str::trim_start)
            .take_while(|l| !l.starts_with('['))
            .find(|l| l.contains('=') && !l.starts_with('#'))
            .and_then(key_of)
    })?;
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && l.ends_with(']'))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    Some(match table {
        Some(t) if !t.is_empty() => format!("{t}.{key}"),
        _ => key,
    })
}

/// `base` is the offset of the parsed text in the file (front matter starts after `+++`);
/// `text` is what was parsed.
pub fn toml_diagnostic(e: &toml::de::Error, file: SourceId, base: usize, text: &str) -> Diagnostic {
    let field = field_at(text, e.span().unwrap_or(0..0).start);
    diagnostic_for(e, file, base, text.len(), field)
}

/// The names in backticks of a serde "unknown field `x`, expected one of `a`, `b`" message:
/// the field, and the ones the table takes.
pub fn unknown_field_names(msg: &str) -> Option<(&str, Vec<&str>)> {
    let rest = msg.strip_prefix("unknown field `")?;
    let field = rest.split('`').next().unwrap_or("");
    Some((field, rest.split('`').skip(2).step_by(2).collect()))
}

/// E002 for `field`, suggesting the nearest of `expected` (or listing them).
pub fn unknown_field(field: &str, expected: &[&str], loc: Loc) -> Diagnostic {
    let d = Diagnostic::error("E002", format!("unknown field `{field}`")).at(loc);
    match did_you_mean(field, expected.iter().copied()) {
        Some(h) => d.hint(h),
        None if !expected.is_empty() => d.hint(format!(
            "expected one of {}",
            expected
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => d,
    }
}

/// [`toml_diagnostic`] with the field named by the caller (who knows the document's
/// structure); `text_len` is the length of the parsed text.
pub fn diagnostic_for(
    e: &toml::de::Error,
    file: SourceId,
    base: usize,
    text_len: usize,
    field: Option<String>,
) -> Diagnostic {
    let msg = e.message().trim().to_string();
    let span = e.span().unwrap_or(0..0);
    // A missing field is reported against the whole table; point at its first line instead.
    let span = if span.end - span.start > 80 || span.end > text_len {
        span.start..span.start
    } else {
        span
    };
    let loc = Loc::offset(file, base, span);
    if let Some((field, expected)) = unknown_field_names(&msg) {
        return unknown_field(field, &expected, loc);
    }
    if msg.starts_with("missing field") {
        return Diagnostic::error("E004", msg).at(loc);
    }
    if msg.starts_with("invalid type")
        || msg.starts_with("invalid value")
        || msg.starts_with("unknown variant")
    {
        let said = match &field {
            Some(f) => format!("`{f}`: {msg}"),
            None => msg.clone(),
        };
        let d = Diagnostic::error("E003", said).at(loc);
        if let Some(rest) = msg.strip_prefix("unknown variant `") {
            let given = rest.split('`').next().unwrap_or("");
            let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
            if let Some(h) = did_you_mean(given, expected.iter().copied()) {
                return d.hint(h);
            }
        }
        return d;
    }
    Diagnostic::error("E001", format!("malformed TOML: {msg}")).at(loc)
}

#[cfg(test)]
mod tests {
    use super::field_at;

    #[test]
    fn the_field_of_a_value_is_named() {
        let t = "name = \"x\"\nsummary = 42\n\n[contact]\nemail = 7\nlabels = [\n  { scheme = 3 },\n]\n";
        let at = |s: &str| field_at(t, t.find(s).unwrap());
        assert_eq!(at("42").as_deref(), Some("summary"));
        assert_eq!(at("7").as_deref(), Some("contact.email"));
        assert_eq!(at("3 }").as_deref(), Some("contact.scheme"));
        assert_eq!(
            field_at("a = 1", 0),
            None,
            "no key before the start of the text"
        );
    }
}
