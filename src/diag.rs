//! Diagnostics: what `check` and `build` tell a contributor, with file, line and column.
//!
//! Stages collect diagnostics and keep going; the command decides the exit code at the end.
//! Codes are stable (contributors search for them):
//!
//! | code | meaning |
//! |---|---|
//! | E001 | malformed TOML or front matter |
//! | E002 | unknown field |
//! | E003 | wrong type or invalid value |
//! | E004 | missing required field |
//! | E005 | translatable field without English text |
//! | E006 | translation for an undeclared language, or without an English record |
//! | E007 | duplicate slug |
//! | E008 | invalid slug |
//! | E009 | unresolved reference (cluster, taxonomy term, label scheme) |
//! | E010 | invalid date, or a date range that ends before it starts |
//! | E011 | timed event without offset or time zone |
//! | E012 | label expires before it is awarded |
//! | E013 | text too long |
//! | E014 | URL not absolute http(s) |
//! | E015 | malformed email or phone number |
//! | E016 | image without alternative text |
//! | E017 | referenced file missing, too large, or outside the record's folder |
//! | E018 | file is not UTF-8 (at its first bad byte) |
//! | E019 | unsafe HTML in Markdown, or an unsafe SVG (at its line and column) |
//! | E020 | internal link leads nowhere |
//! | E021 | site settings invalid |
//! | E022 | theme or template error |
//! | E023 | field not translatable in a translation file |
//! | E024 | search index could not be built |
//! | E026 | file too costly to draw or decode (an SVG over its budget, a picture too large) |
//! | E027 | control character or non-character in a record or settings file |
//! | E028 | placeholder of `showcase new` (`TODO:`) left in a record |
//! | W001 | label has expired |
//! | W002 | file ignored |
//! | W003 | unknown setting in site.toml (ignored) |
//! | W007 | picture heavier than `max_image_size` |
//! | W008 | picture smaller than it is shown |
//! | W011 | the output exceeds the limits of the `host` in site.toml (files, total size, redirects) |
//! | W012 | a file of the output is larger than the `host` allows for one file |

use crate::source::{Loc, SourceFile, Sources};
use serde::Serialize;
use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// Where it is; `None` for problems of the whole site (e.g. no `site.toml`).
    pub loc: Option<Loc>,
    /// A file named only by path (not read, e.g. a non-UTF-8 file).
    pub path: Option<String>,
    /// A place in a file that is not one of the site's sources (a template).
    pub file: Option<FileLoc>,
    pub hint: Option<String>,
}

/// A byte range in a file read outside the content stage (a theme's or the site's
/// template), carried with its text so that messages can show the line.
#[derive(Debug, Clone)]
pub struct FileLoc {
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
}

impl PartialEq for FileLoc {
    fn eq(&self, other: &Self) -> bool {
        self.file.rel == other.file.rel && self.span == other.span
    }
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            loc: None,
            path: None,
            file: None,
            hint: None,
        }
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }
    pub fn at(mut self, loc: Loc) -> Self {
        self.loc = Some(loc);
        self
    }
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
    /// In `file` (not one of the site's sources), at `span`; an empty file names it only.
    pub fn in_file(mut self, file: Arc<SourceFile>, span: Range<usize>) -> Self {
        self.file = Some(FileLoc { file, span });
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Diagnostics collected over a run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }
    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }
    /// Order by file, then position, so output is stable whatever the parallel stages did.
    pub fn sort(&mut self, sources: &Sources) {
        self.items.sort_by_cached_key(|d| {
            let (file, line, col) = position(d, sources);
            (
                file.unwrap_or_default(),
                line,
                col,
                d.code,
                d.message.clone(),
            )
        });
        self.items.dedup_by(|a, b| {
            a.code == b.code
                && a.message == b.message
                && a.loc == b.loc
                && a.path == b.path
                && a.file == b.file
        });
    }
}

/// File (relative to the root), 1-based line and column.
pub fn position(d: &Diagnostic, sources: &Sources) -> (Option<String>, usize, usize) {
    match &d.loc {
        Some(loc) => {
            let f = sources.get(loc.file);
            let (line, col) = f.line_col(loc.span.start);
            (Some(f.rel.clone()), line, col)
        }
        None => match &d.file {
            Some(FileLoc { file, span }) if !file.text.is_empty() => {
                let (line, col) = file.line_col(span.start);
                (Some(file.rel.clone()), line, col)
            }
            Some(FileLoc { file, .. }) => (Some(file.rel.clone()), 0, 0),
            None => (d.path.clone(), 0, 0),
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: Option<String>,
    line: usize,
    column: usize,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

/// Write diagnostics in the chosen format. `color` only matters for `human`.
pub fn emit(
    diags: &Diagnostics,
    sources: &Sources,
    format: Format,
    color: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => emit_human(diags, sources, color, out),
        Format::Json => {
            let list: Vec<JsonDiagnostic> = diags
                .items
                .iter()
                .map(|d| {
                    let (file, line, column) = position(d, sources);
                    JsonDiagnostic {
                        file,
                        line,
                        column,
                        severity: d.severity,
                        code: d.code,
                        message: &d.message,
                        hint: d.hint.as_deref(),
                    }
                })
                .collect();
            let doc = serde_json::json!({
                "diagnostics": list,
                "errors": diags.errors(),
                "warnings": diags.warnings(),
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        Format::Github => {
            for d in &diags.items {
                let (file, line, col) = position(d, sources);
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let mut props = Vec::new();
                if let Some(f) = file {
                    props.push(format!("file={}", gh_property(&f)));
                    if line > 0 {
                        props.push(format!("line={line},col={col}"));
                    }
                }
                props.push(format!("title={}", gh_property(d.code)));
                let mut message = d.message.clone();
                if let Some(h) = &d.hint {
                    message.push('\n');
                    message.push_str(h);
                }
                writeln!(out, "::{level} {}::{}", props.join(","), gh_data(&message))?;
            }
            Ok(())
        }
    }
}

// GitHub workflow commands escape %, CR and LF in data, and also : and , in properties.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn emit_human(
    diags: &Diagnostics,
    sources: &Sources,
    color: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    use codespan_reporting::diagnostic::{Diagnostic as CsDiag, Label};
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term::{self, termcolor};

    let mut files = SimpleFiles::new();
    let mut ids = std::collections::HashMap::new();
    let mut other_ids = std::collections::HashMap::new();
    let config = term::Config::default();
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    for d in &diags.items {
        let mut cs = match d.severity {
            Severity::Error => CsDiag::error(),
            Severity::Warning => CsDiag::warning(),
        }
        .with_code(d.code)
        .with_message(&d.message);
        if let Some(loc) = &d.loc {
            let id = *ids.entry(loc.file).or_insert_with(|| {
                let f = sources.get(loc.file);
                files.add(f.rel.clone(), f.text.clone())
            });
            let f = sources.get(loc.file);
            let end = loc.span.end.max(loc.span.start).min(f.text.len());
            let start = loc.span.start.min(end);
            cs = cs.with_labels(vec![Label::primary(id, start..end)]);
        } else if let Some(FileLoc { file, span }) = &d.file {
            if file.text.is_empty() {
                cs = cs.with_notes(vec![format!("in {}", file.rel)]);
            } else {
                let id = *other_ids
                    .entry(file.rel.clone())
                    .or_insert_with(|| files.add(file.rel.clone(), file.text.clone()));
                let end = span.end.max(span.start).min(file.text.len());
                let start = span.start.min(end);
                cs = cs.with_labels(vec![Label::primary(id, start..end)]);
            }
        } else if let Some(p) = &d.path {
            cs = cs.with_notes(vec![format!("in {p}")]);
        }
        if let Some(h) = &d.hint {
            // `with_notes` appends to the notes there are.
            cs = cs.with_notes(vec![format!("hint: {h}")]);
        }
        term::emit_to_write_style(&mut buffer, &config, &files, &cs)
            .map_err(std::io::Error::other)?;
    }
    out.write_all(buffer.as_slice())
}

/// One line per diagnostic (`file:line:col: warning[W001]: message`), for commands whose
/// job is not validation (a successful `build` stays short).
pub fn emit_short(
    diags: &Diagnostics,
    sources: &Sources,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for d in &diags.items {
        let (file, line, col) = position(d, sources);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = match file {
            Some(f) if line > 0 => format!("{f}:{line}:{col}: "),
            Some(f) => format!("{f}: "),
            None => String::new(),
        };
        writeln!(out, "{place}{level}[{}]: {}", d.code, d.message)?;
    }
    Ok(())
}

/// "did you mean `website`?" for a misspelt name among the allowed ones.
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Each diagnostic once, at most 20 of them: one broken template fails every page alike,
/// with the same diagnostic (at the template's file and line, whatever the page).
pub fn once_each(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    errors
        .into_iter()
        .filter(|d| {
            let at = d
                .file
                .as_ref()
                .map(|f| (f.file.rel.clone(), f.span.clone()));
            seen.insert((d.message.clone(), at, d.path.clone()))
        })
        .take(20)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_field_names() {
        assert_eq!(
            did_you_mean("webiste", ["website", "name", "summary"]).as_deref(),
            Some("did you mean `website`?")
        );
        assert_eq!(did_you_mean("zzz", ["website"]), None);
    }

    #[test]
    fn github_properties_are_escaped() {
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(gh_data("50%\nx"), "50%25%0Ax");
    }
}
