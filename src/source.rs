//! Source files as read from the site root, with the line index diagnostics need.
//!
//! Every diagnostic points into one of these by byte offset; line and column are derived
//! here once, so parsers can work on plain `&str` and never think about positions.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub usize);

#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators: what users see in messages.
    pub rel: String,
    pub abs: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(rel: String, abs: PathBuf, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            rel,
            abs,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, col + 1)
    }

    #[cfg(test)]
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All files read for one build, in a stable order. Files are shared: `serve` keeps the
/// unchanged ones from one round to the next.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<Arc<SourceFile>>,
}

impl Sources {
    #[cfg(test)]
    pub fn add(&mut self, file: SourceFile) -> SourceId {
        self.add_shared(Arc::new(file))
    }
    pub fn add_shared(&mut self, file: Arc<SourceFile>) -> SourceId {
        self.files.push(file);
        SourceId(self.files.len() - 1)
    }
    /// Put `file` in place of file `id` (the same path, read again).
    pub fn replace(&mut self, id: SourceId, file: Arc<SourceFile>) {
        self.files[id.0] = file;
    }
    /// The file itself, to tell whether a later build read the same one.
    pub fn shared(&self, id: SourceId) -> &Arc<SourceFile> {
        &self.files[id.0]
    }
    pub fn get(&self, id: SourceId) -> &SourceFile {
        &self.files[id.0]
    }
    pub fn iter(&self) -> impl Iterator<Item = (SourceId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (SourceId(i), f.as_ref()))
    }
}

/// A byte range in one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: SourceId,
    pub span: Range<usize>,
}

impl Loc {
    pub fn new(file: SourceId, span: Range<usize>) -> Self {
        Loc { file, span }
    }
    /// Shift a span found in a slice of the file (front matter, body) to file offsets.
    pub fn offset(file: SourceId, base: usize, span: Range<usize>) -> Self {
        Loc {
            file,
            span: base + span.start..base + span.end,
        }
    }
}

/// `a/b/c` on every platform, for messages and URLs.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let f = SourceFile::new("x".into(), PathBuf::new(), "ab\nÅlesund x\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // "Å" is two bytes: the space after "Ålesund" is character 8.
        assert_eq!(f.line_col(3 + "Ålesund".len()), (2, 8));
        assert_eq!(f.line_text(2), "Ålesund x");
    }
}
