//! One thin file per command; the work happens in the pipeline stages.

pub mod build;
pub mod check;
pub mod codeowners;
pub mod init;
pub mod new;
pub mod plan;
pub mod schema;
pub mod search;
pub mod serve;
pub mod stem;
pub mod theme;

use crate::diag::{Diagnostics, Format, emit};
use crate::source::Sources;
use std::io::IsTerminal;

/// Exit codes: 0 ok, 1 problems in the content, 2 could not run.
pub const EXIT_OK: i32 = 0;
pub const EXIT_CONTENT: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

/// A count in the command line's English, singular for one: "1 language", "4 languages",
/// "0 warnings".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Print diagnostics to stderr (human, github) or stdout (json, for tools).
pub fn report(diags: &Diagnostics, sources: &Sources, format: Format, quiet: bool) {
    let shown = if quiet {
        Diagnostics {
            items: diags
                .items
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect(),
        }
    } else {
        Diagnostics {
            items: diags.items.clone(),
        }
    };
    match format {
        Format::Json => {
            let _ = emit(
                &shown,
                sources,
                format,
                false,
                &mut std::io::stdout().lock(),
            );
        }
        _ => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let _ = emit(
                &shown,
                sources,
                format,
                color,
                &mut std::io::stderr().lock(),
            );
        }
    }
}
