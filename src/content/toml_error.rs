//! Turning a `toml`/serde error into a diagnostic a contributor can act on.

use crate::diag::{Diagnostic, did_you_mean};
use crate::source::{Loc, SourceId};

/// `base` is the offset of the parsed text in the file (front matter starts after `+++`).
pub fn toml_diagnostic(
    e: &toml::de::Error,
    file: SourceId,
    base: usize,
    text_len: usize,
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
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let mut d = Diagnostic::error("E002", format!("unknown field `{field}`")).at(loc);
        d = match did_you_mean(field, expected.iter().copied()) {
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
        };
        return d;
    }
    if msg.starts_with("missing field") {
        return Diagnostic::error("E004", msg).at(loc);
    }
    if msg.starts_with("invalid type")
        || msg.starts_with("invalid value")
        || msg.starts_with("unknown variant")
    {
        let d = Diagnostic::error("E003", msg.clone()).at(loc);
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
