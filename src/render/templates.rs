//! The theme's templates, compiled once per theme: Tera set up to escape as the site needs,
//! every page kind's template present, and Tera's errors turned into diagnostics.

use super::theme::Theme;
use crate::diag::Diagnostic;
use std::sync::Arc;

/// The templates every theme must have: one per page kind.
pub const REQUIRED: [&str; 14] = [
    "index.html",
    "clusters.html",
    "cluster.html",
    "events.html",
    "event.html",
    "news.html",
    "news_list.html",
    "documents.html",
    "document.html",
    "brand.html",
    "page.html",
    "sectors.html",
    "search.html",
    "404.html",
];

/// A theme's templates, compiled: `serve` keeps them while the theme is unchanged
/// (parsing them is a good part of a small rebuild).
pub fn compile_templates(theme: &Theme) -> Result<Arc<tera::Tera>, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        return Err(vec![template_error(&e, &theme.origin)]);
    }
    let missing: Vec<Diagnostic> = REQUIRED
        .iter()
        .filter(|t| !theme.templates.contains_key(**t))
        .map(|t| {
            Diagnostic::error(
                "E022",
                format!("template `{t}` is missing from {}", theme.origin),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(Arc::new(tera))
}

/// Escapes what matters in text and quoted attributes; unlike Tera's default it leaves `/`
/// alone, so URLs stay readable and pages smaller.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 16);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn template_error(e: &tera::Error, origin: &str) -> Diagnostic {
    // Tera nests the useful message in its sources.
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    Diagnostic::error("E022", format!("{origin}: {msg}"))
}
