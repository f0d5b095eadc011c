//! Parsing a record's files (already read by [`super::load`]) into its raw type, with its
//! translations merged in. Pure: the text comes from [`Sources`], positions point into it.

use super::frontmatter::{SplitError, split};
use super::load::RecordFiles;
use super::raw::RawRecord;
use super::recover::{PLACEHOLDER, Removed, deserialize};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{Loc, SourceId, Sources};
use crate::text::Text;

/// Parse one file of a record into `R`. For Markdown, the body becomes the `body` field.
/// Every problem of the file is reported (see [`super::recover`]); what was taken out of
/// the record to read the rest is noted in `removed`.
fn parse_file<R: RawRecord>(
    id: SourceId,
    markdown: bool,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
    removed: &mut Removed,
) -> Option<R> {
    let text = &sources.get(id).text;
    let (front, base, body) = if markdown {
        match split(text) {
            Ok(s) => (s.front, s.front_start, Some((s.body, s.body_start))),
            Err(SplitError::Missing) => {
                diags.push(
                    Diagnostic::error(
                        "E001",
                        "missing front matter: a Markdown record starts with a `+++` line",
                    )
                    .at(Loc::new(id, 0..0))
                    .hint("put the record's fields between two `+++` lines at the top of the file"),
                );
                return None;
            }
            Err(SplitError::Unterminated(span)) => {
                diags.push(
                    Diagnostic::error("E001", "unterminated front matter: no closing `+++` line")
                        .at(Loc::new(id, span))
                        .hint("close the front matter with a line holding only `+++`"),
                );
                return None;
            }
        }
    } else {
        (text.as_str(), 0, None)
    };
    super::characters::check_file(id, text, Some((base, front)), diags);
    // Blank out what precedes the front matter (keeping newlines) so that every span serde
    // reports is an offset in the file itself, for the record and all its nested values.
    let padded: String = text[..base]
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect::<String>();
    let padded = format!(
        "{}{}{}",
        padded,
        " ".repeat(base - padded.len().min(base)),
        front
    );
    let (raw, taken) = deserialize::<R>(&padded, id, diags);
    *removed = taken;
    let mut raw = raw?;
    raw.set_file(id);
    if let Some((body, start)) = body {
        if let Some(b) = raw.body_mut() {
            diags.push(
                Diagnostic::error("E003", "in a Markdown record the body is the text after the front matter, not a `body` field")
                    .at(Loc::new(id, b.span())),
            );
        }
        placeholders_in_body(body, start, id, diags);
        if !body.trim().is_empty() {
            let mut t = Text::english(body);
            t.values.get_mut("en").expect("just set").span = start..start + body.len();
            t.set_file(id);
            *raw.body_mut() = Some(toml::Spanned::new(start..start + body.len(), t));
        }
    }
    Some(raw)
}

/// Every `TODO:` of `showcase new` left in a Markdown body (at `start` in the file): E028.
fn placeholders_in_body(body: &str, start: usize, id: SourceId, diags: &mut Vec<Diagnostic>) {
    for (at, _) in body.match_indices(PLACEHOLDER) {
        let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        let line = body[at..line_end].trim_end();
        diags.push(super::recover::placeholder(
            "body",
            line,
            Loc::new(id, start + at..start + at + line.len()),
        ));
    }
}

/// Parse a record with its translations merged in. Also returns the top-level fields of the
/// main file that had a value taken out as wrong: assembling's "missing" and "no English"
/// about them only repeat that (see [`Removed::explains`]).
pub fn parse_record<R: RawRecord>(
    rec: &RecordFiles,
    sources: &Sources,
    languages: &[String],
) -> (Option<R>, Vec<Diagnostic>, Removed) {
    let mut diags = Vec::new();
    let mut removed = Removed::default();
    let main = parse_file::<R>(
        rec.main,
        rec.main_is_markdown,
        sources,
        &mut diags,
        &mut removed,
    );
    let Some(mut main) = main else {
        return (None, diags, removed);
    };
    for (lang, (id, md)) in &rec.translations {
        if !languages.iter().any(|l| l == lang) {
            diags.push(
                Diagnostic::error(
                    "E006",
                    format!("translation into `{lang}`, which site.toml does not declare"),
                )
                .at(Loc::new(*id, 0..0))
                .hint(format!(
                    "declared languages: {}; add `{lang}` to `languages` or remove this file",
                    languages.join(", ")
                )),
            );
            continue;
        }
        // What a translation file lacks is no concern of the English record's.
        if let Some(tr) = parse_file::<R>(*id, *md, sources, &mut diags, &mut Removed::default()) {
            let mut d = Diagnostics::default();
            main.merge_translation(tr, lang, *id, &mut d);
            diags.extend(d.items);
        }
    }
    (Some(main), diags, removed)
}
