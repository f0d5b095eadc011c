//! Theme scripts as they are served: without their comment lines and indentation. The
//! theme's sources stay readable (search.js is half comments), and a visitor's first search
//! downloads a third less. Only what cannot change a program's meaning is removed: whole lines
//! that are comments, blank lines and each line's leading white space; a script where a line
//! could be inside a string or template literal (an odd number of backticks on a line, a line
//! ending in a backslash) or a block comment shares its last line with code is served as it is.

/// The script without its comment lines, blank lines and indentation; `None` when it cannot be
/// compacted safely by lines (see the module's comment).
pub fn compact(source: &str) -> Option<String> {
    let mut out = String::with_capacity(source.len());
    let mut in_block = false;
    for line in source.lines() {
        let t = line.trim();
        if in_block {
            if let Some(end) = t.find("*/") {
                if end + 2 != t.len() {
                    return None;
                }
                in_block = false;
            }
            continue;
        }
        if let Some(rest) = t.strip_prefix("/*") {
            match rest.find("*/") {
                None => in_block = true,
                Some(end) if end + 2 == rest.len() => {}
                Some(_) => return None,
            }
            continue;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        if t.matches('`').count() % 2 == 1 || t.ends_with('\\') {
            return None;
        }
        out.push_str(t);
        out.push('\n');
    }
    (!in_block).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn comment_lines_blank_lines_and_indentation_go() {
        let src = "/* A script.\n   Two lines. */\n(() => {\n  // why\n  const a = 1; // kept\n\n  /** doc */\n  return a / 2;\n})();\n";
        assert_eq!(
            compact(src).unwrap(),
            "(() => {\nconst a = 1; // kept\nreturn a / 2;\n})();\n"
        );
    }

    #[test]
    fn scripts_a_line_could_change_the_meaning_of_are_left_alone() {
        // A template literal over several lines: its indentation is its text.
        assert_eq!(compact("const t = `a\n  b`;\n"), None);
        // A string continued on the next line.
        assert_eq!(compact("const s = 'a\\\n  b';\n"), None);
        // Code after the end of a block comment, on its line or on its first line.
        assert_eq!(compact("/* a\n b */ run();\n"), None);
        assert_eq!(compact("/* a */ run();\n"), None);
        // A block comment that never ends.
        assert_eq!(compact("run();\n/* a\n"), None);
        // Backticks in comments are no template literals.
        assert_eq!(
            compact("/** `a\n  b */\n// `c\nrun();\n").unwrap(),
            "run();\n"
        );
        // One-line template literals are fine.
        assert_eq!(
            compact("  const t = `a ${b}`;\n").unwrap(),
            "const t = `a ${b}`;\n"
        );
    }
}
