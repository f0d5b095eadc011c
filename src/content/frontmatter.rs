//! Splitting a Markdown record into its `+++` TOML front matter and its body.

use std::ops::Range;

#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub front: &'a str,
    /// Byte offset of the front matter in the file.
    pub front_start: usize,
    pub body: &'a str,
    pub body_start: usize,
}

#[derive(Debug, PartialEq)]
pub enum SplitError {
    /// The file does not start with `+++`.
    Missing,
    /// No closing `+++`; the span covers the opening one.
    Unterminated(Range<usize>),
}

pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
    if rest[..first_end].trim_end() != "+++" {
        return Err(SplitError::Missing);
    }
    let front_start = bom + first_end;
    let mut pos = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_start = pos + line.len();
            return Ok(Split {
                front: &text[front_start..pos],
                front_start,
                body: &text[body_start..],
                body_start,
            });
        }
        pos += line.len();
    }
    Err(SplitError::Unterminated(bom..bom + 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("+++\nname = \"x\"\n+++\n# Body\n").unwrap();
        assert_eq!(s.front, "name = \"x\"\n");
        assert_eq!(s.front_start, 4);
        assert_eq!(s.body, "# Body\n");
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        assert_eq!(
            split("+++\nname = 1\n"),
            Err(SplitError::Unterminated(0..3))
        );
        assert_eq!(split("name = 1\n"), Err(SplitError::Missing));
    }

    #[test]
    fn crlf_files_split_too() {
        let s = split("+++\r\nname = \"x\"\r\n+++\r\nbody").unwrap();
        assert_eq!(s.body, "body");
    }
}
