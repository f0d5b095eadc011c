//! The theme's templates, compiled once per theme: Tera set up to escape as the site needs,
//! every page kind's template present, and Tera's errors turned into diagnostics.

use super::Renderer;
use super::theme::{BUILT_IN, Theme};
use crate::diag::Diagnostic;
use crate::model::Site;
use crate::plan::SitePlan;
use crate::plan::pages::{PageJob, PageKind};
use crate::source::SourceFile;
use std::collections::{BTreeMap, HashSet};
use std::error::Error as _;
use std::path::PathBuf;
use std::sync::Arc;

/// The templates every theme must have: one per page kind.
pub const REQUIRED: [&str; 19] = [
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
    "listing.html",
    "organisation.html",
    "calls.html",
    "call.html",
    "cooperation.html",
];

/// A theme's templates, compiled: `serve` keeps them while the theme is unchanged
/// (parsing them is a good part of a small rebuild).
pub fn compile_templates(theme: &Theme) -> Result<Arc<tera::Tera>, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.register_function("count", count_function);
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        return Err(vec![TemplateFiles::of(theme).error(&e)]);
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

/// `count(n=3, key="results_count", t=t, lang=lang)`: "3 clusters", in the form the page
/// language takes for the number ([`super::plural`]), the number written as it does.
fn count_function(
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let arg = |name: &str| {
        args.get(name)
            .ok_or_else(|| tera::Error::msg(format!("count() needs `{name}`")))
    };
    let n = arg("n")?
        .as_u64()
        .ok_or_else(|| tera::Error::msg("count(): `n` must be a whole number of 0 or more"))?;
    let key = arg("key")?
        .as_str()
        .ok_or_else(|| tera::Error::msg("count(): `key` must be a string"))?;
    let lang = arg("lang")?
        .as_str()
        .ok_or_else(|| tera::Error::msg("count(): `lang` must be a string"))?;
    let t = arg("t")?
        .as_object()
        .ok_or_else(|| tera::Error::msg("count(): `t` must be the UI strings (`t`)"))?;
    let strings = |k: &str| t.get(k).and_then(tera::Value::as_str);
    let number = crate::cldr::integer(lang, n);
    super::plural::count_text(strings, lang, key, n, &number)
        .map(tera::Value::String)
        .ok_or_else(|| tera::Error::msg(format!("count(): no UI string `{key}`")))
}

/// Escapes what matters in text and quoted attributes; unlike Tera's default it leaves `/`
/// alone, so URLs stay readable and pages smaller. Also what pages written outside the
/// templates use (the old-URL pages, `serve`'s error box).
pub fn escape_html(input: &str) -> String {
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

/// Compile the theme's templates and render one page of each kind in every language, in
/// memory: what `check` does to find the template errors `build` would meet. Each error is
/// reported once, at the template file and line that hold it.
pub fn check(site: &Site, theme: &Theme, plan: &SitePlan) -> Vec<Diagnostic> {
    let tera = match compile_templates(theme) {
        Ok(t) => t,
        Err(ds) => return ds,
    };
    let renderer = Renderer::with_templates(site, &plan.facets, theme, tera);
    let mut kinds = HashSet::new();
    let samples: Vec<&PageJob> = plan
        .pages()
        .filter(|job| {
            // Each list, filtered and not, is a kind of page of its own.
            let filtered = match &job.kind {
                PageKind::List { listing, facet, .. } => Some((*listing, facet.is_some())),
                _ => None,
            };
            kinds.insert((
                job.lang.clone(),
                std::mem::discriminant(&job.kind),
                filtered,
            ))
        })
        .collect();
    let errors = samples
        .iter()
        .filter_map(|job| renderer.render(job).err())
        .collect();
    crate::diag::once_each(errors)
}

/// The theme's templates with the files they came from, to say where a Tera error is.
#[derive(Clone, Default)]
pub struct TemplateFiles {
    /// Template name -> (file as messages name it, source).
    files: BTreeMap<String, (String, String)>,
    origin: String,
}

impl TemplateFiles {
    pub fn of(theme: &Theme) -> Self {
        let files = theme
            .templates
            .iter()
            .map(|(name, text)| {
                let file = theme
                    .template_files
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| format!("{BUILT_IN}/templates/{name}"));
                (name.clone(), (file, text.clone()))
            })
            .collect();
        TemplateFiles {
            files,
            origin: theme.origin.clone(),
        }
    }

    /// A Tera error (from compiling or rendering) as a diagnostic at the template and line
    /// that hold the mistake, not at the page template that extends or includes it. Its
    /// message does not depend on the page, so a mistake every page meets is reported once.
    pub fn error(&self, e: &tera::Error) -> Diagnostic {
        let chain = chain(e);
        let innermost = chain.last().map(|(m, _)| m.as_str()).unwrap_or_default();
        let parse_at = chain.iter().find_map(|(m, _)| pest_position(m));
        let needle = needle(&chain);
        let named = self.template_of(&chain);
        let name = match (&named, &needle) {
            (Some(t), Some(n)) if parse_at.is_none() => {
                let has = |t: &str| {
                    self.files
                        .get(t)
                        .and_then(|(_, text)| find_in_tags(text, n))
                        .is_some()
                };
                if has(t) {
                    named.clone()
                } else {
                    self.using(n).or(named.clone())
                }
            }
            _ => named,
        };
        // Parse errors carry pest's ` --> line:col` and an `= expected ...` line.
        let message = match &parse_at {
            Some((_, _, expected)) => format!("syntax error in template: {expected}"),
            None => format!(
                "template error: {}",
                innermost
                    .split(" while rendering '")
                    .next()
                    .unwrap_or(innermost)
                    .trim_end_matches(['.', ' '])
            ),
        };
        let d = Diagnostic::error("E022", message);
        let Some(name) = name else {
            return d.hint(format!("in the templates of {}", self.origin));
        };
        let Some((file, text)) = self.files.get(&name) else {
            return d.at_path(format!("templates/{name}"));
        };
        let source = Arc::new(SourceFile::new(
            file.clone(),
            PathBuf::from(file),
            text.clone(),
        ));
        let span = match parse_at {
            Some((line, col, _)) => offset_of(text, line, col).map(|o| o..o + 1),
            None => needle.and_then(|n| find_in_tags(text, &n)),
        };
        let d = match span {
            Some(span) => d.in_file(source, span),
            // No line known: the file alone.
            None => d.in_file(
                Arc::new(SourceFile::new(
                    file.clone(),
                    PathBuf::from(file),
                    String::new(),
                )),
                0..0,
            ),
        };
        if file.starts_with(BUILT_IN) {
            d.hint(format!(
                "`{name}` is the built-in theme's; a template of the site's templates/ it uses may be the cause"
            ))
        } else {
            d
        }
    }

    /// The template that holds the mistake, by what Tera says.
    fn template_of(&self, chain: &[(String, Option<&tera::ErrorKind>)]) -> Option<String> {
        for (m, kind) in chain.iter().rev() {
            match kind {
                Some(tera::ErrorKind::MissingParent { current, .. }) => {
                    return Some(current.clone());
                }
                Some(tera::ErrorKind::CircularExtend { tpl, .. }) => return Some(tpl.clone()),
                _ => {}
            }
            if let Some(t) =
                quoted_after(m, "Template `", '`').filter(|_| m.contains("` loads macros from `"))
            {
                return Some(t);
            }
        }
        // "Failed to render 'page.html': error while rendering macro `m::x`" or
        // "Failed to render 'page.html' (error happened in 'base.html')."; the inner
        // "... while rendering 'page.html'" names the page's template whichever file it is in.
        for (m, _) in chain {
            if let Some(ns) = quoted_after(m, "error while rendering macro `", '`')
                .and_then(|q| q.split("::").next().map(str::to_string))
                && let Some(t) = self.imported_as(&ns)
            {
                return Some(t);
            }
            if let Some(t) = quoted_after(m, "(error happened in '", '\'') {
                return Some(t);
            }
        }
        chain.iter().find_map(|(m, _)| {
            quoted_after(m, "Failed to parse '", '\'')
                .or_else(|| quoted_after(m, "Failed to render '", '\''))
                .or_else(|| quoted_after(m, " while rendering '", '\''))
        })
    }

    /// A template that uses `name` in a tag, when the one Tera names does not (a block of a
    /// parent template, "error happened in a parent template"): the site's own first.
    fn using(&self, name: &str) -> Option<String> {
        let mut found: Vec<(&String, &String)> = self
            .files
            .iter()
            .filter(|(_, (_, text))| {
                find_in_tags(text, name).is_some_and(|r| in_tag(text, r.start))
            })
            .map(|(t, (file, _))| (t, file))
            .collect();
        found.sort_by_key(|(_, file)| file.starts_with(BUILT_IN));
        found.first().map(|(t, _)| (*t).clone())
    }

    /// The template imported as macro namespace `ns` (`{% import "macros.html" as ns %}`).
    fn imported_as(&self, ns: &str) -> Option<String> {
        self.files.values().find_map(|(_, text)| {
            text.split("{%").skip(1).find_map(|tag| {
                let tag = tag.split("%}").next()?.trim_matches(['-', ' ', '\n', '\t']);
                let rest = tag.strip_prefix("import")?.trim_start();
                let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                let (file, after) = rest[1..].split_once(quote)?;
                let alias = after.trim().strip_prefix("as")?.trim();
                (alias == ns).then(|| file.to_string())
            })
        })
    }
}

/// Tera's error and its sources, each with its kind when it is a Tera error.
fn chain(e: &tera::Error) -> Vec<(String, Option<&tera::ErrorKind>)> {
    let mut out = vec![(e.to_string(), Some(&e.kind))];
    let mut src = e.source();
    while let Some(s) = src {
        let kind = s.downcast_ref::<tera::Error>().map(|t| &t.kind);
        out.push((s.to_string(), kind));
        src = s.source();
    }
    out
}

/// What the mistake is called, to look for in the template: the unknown filter, function,
/// test, variable, macro or template.
fn needle(chain: &[(String, Option<&tera::ErrorKind>)]) -> Option<String> {
    chain.iter().rev().find_map(|(m, kind)| match kind {
        Some(tera::ErrorKind::FilterNotFound(n))
        | Some(tera::ErrorKind::FunctionNotFound(n))
        | Some(tera::ErrorKind::TestNotFound(n)) => Some(n.clone()),
        Some(tera::ErrorKind::TemplateNotFound(n)) => n
            .trim_matches(['[', ']'])
            .split(", ")
            .next()
            .map(str::to_string),
        Some(tera::ErrorKind::MissingParent { parent, .. }) => Some(parent.clone()),
        _ => quoted_after(m, "Variable `", '`')
            .or_else(|| quoted_after(m, "Macro `", '`'))
            .or_else(|| quoted_after(m, "Macro namespace `", '`'))
            .or_else(|| quoted_after(m, "` loads macros from `", '`')),
    })
}

/// The text after `prefix` up to `end`.
fn quoted_after(m: &str, prefix: &str, end: char) -> Option<String> {
    let rest = &m[m.find(prefix)? + prefix.len()..];
    Some(rest[..rest.find(end)?].to_string())
}

/// Line, column and expectation of a pest parse error (` --> 3:5` ... `= expected ...`).
fn pest_position(m: &str) -> Option<(usize, usize, String)> {
    let at = m
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let (line, col) = at.trim().split_once(':')?;
    let expected = m
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .unwrap_or("unexpected text")
        .to_string();
    Some((line.parse().ok()?, col.parse().ok()?, expected))
}

/// Byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let in_line = rest
        .char_indices()
        .nth(col.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    Some(start + in_line)
}

/// Where `name` first appears as a whole name inside a tag (`{{ }}`, `{% %}`), else
/// anywhere in the template.
fn find_in_tags(text: &str, name: &str) -> Option<std::ops::Range<usize>> {
    if name.is_empty() {
        return None;
    }
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let whole = |at: usize| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(|c| is_name(c) || c == '.') && !after.is_some_and(is_name)
    };
    let mut first = None;
    for (at, _) in text.match_indices(name).filter(|(at, _)| whole(*at)) {
        first.get_or_insert(at);
        if in_tag(text, at) {
            return Some(at..at + name.len());
        }
    }
    first.map(|at| at..at + name.len())
}

/// Whether byte `at` lies inside a `{{ }}` or `{% %}` tag.
fn in_tag(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let open = [before.rfind("{{"), before.rfind("{%")]
        .into_iter()
        .flatten()
        .max();
    let close = [before.rfind("}}"), before.rfind("%}")]
        .into_iter()
        .flatten()
        .max();
    open.is_some_and(|o| close.is_none_or(|c| c < o))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        let mut t = Theme {
            templates: BTreeMap::new(),
            statics: BTreeMap::new(),
            strings: BTreeMap::new(),
            site_strings: BTreeMap::new(),
            origin: "test".into(),
            template_files: BTreeMap::new(),
        };
        for (name, text) in templates {
            t.templates.insert(name.to_string(), text.to_string());
            t.template_files
                .insert(name.to_string(), format!("templates/{name}"));
        }
        t
    }

    /// (file, line, column, message) of the error rendering `page`.
    fn render_error(templates: &[(&str, &str)], page: &str) -> (String, usize, usize, String) {
        let th = theme(templates);
        let mut tera = tera::Tera::default();
        let d = match tera.add_raw_templates(templates.to_vec()) {
            Err(e) => TemplateFiles::of(&th).error(&e),
            Ok(()) => {
                let e = tera
                    .render(page, &tera::Context::new())
                    .expect_err("an error");
                TemplateFiles::of(&th).error(&e)
            }
        };
        let f = d.file.expect("a file");
        let (line, col) = f.file.line_col(f.span.start);
        (f.file.rel.clone(), line, col, d.message)
    }

    const PAGE: &str = "{% extends \"base.html\" %}\n{% block content %}x{% endblock content %}";

    #[test]
    fn parse_errors_point_at_their_line() {
        let (file, line, col, msg) = render_error(
            &[("base.html", "<p>\n{% if %}\n</p>"), ("page.html", PAGE)],
            "page.html",
        );
        assert_eq!((file.as_str(), line), ("templates/base.html", 2), "{msg}");
        assert!(
            col > 1 && msg.starts_with("syntax error in template: expected"),
            "{msg}"
        );
        let (file, line, _, _) = render_error(
            &[("base.html", "a\nb\n{{ x | }}\n"), ("page.html", PAGE)],
            "page.html",
        );
        assert_eq!((file.as_str(), line), ("templates/base.html", 3));
    }

    #[test]
    fn render_errors_name_the_template_that_holds_them() {
        let base = "<html>\n<title>{{ lang }}</title>\n{% block content %}{% endblock content %}\n{{ 1 | nosuchfilter }}\n</html>";
        let (file, line, _, msg) =
            render_error(&[("base.html", base), ("page.html", PAGE)], "page.html");
        assert_eq!((file.as_str(), line), ("templates/base.html", 2), "{msg}");
        assert!(msg.contains("Variable `lang` not found"), "{msg}");
        assert!(!msg.contains("page.html"), "{msg}");
        let base = "<html>\n{% block content %}{% endblock content %}\n<p>{{ 1 | nosuchfilter }}</p>\n</html>";
        let (file, line, col, msg) =
            render_error(&[("base.html", base), ("page.html", PAGE)], "page.html");
        assert_eq!(
            (file.as_str(), line, col),
            ("templates/base.html", 3, 11),
            "{msg}"
        );
        assert!(msg.contains("nosuchfilter"), "{msg}");
        let base = "<html>\n\n{{ nosuchfn() }}{% block content %}{% endblock content %}</html>";
        let (file, line, _, msg) =
            render_error(&[("base.html", base), ("page.html", PAGE)], "page.html");
        assert_eq!((file.as_str(), line), ("templates/base.html", 3), "{msg}");
        let base =
            "<html>\n{% block content %}{% endblock content %}\n{% include \"gone.html\" %}</html>";
        let (file, line, _, msg) =
            render_error(&[("base.html", base), ("page.html", PAGE)], "page.html");
        assert_eq!((file.as_str(), line), ("templates/base.html", 3), "{msg}");
    }

    #[test]
    fn macro_errors_name_the_macro_file() {
        let macros = "{% macro hi() %}\n<p>{{ nobody }}</p>\n{% endmacro hi %}";
        let page = "{% import \"macros.html\" as m %}\n{{ m::hi() }}";
        let (file, line, _, msg) =
            render_error(&[("macros.html", macros), ("page.html", page)], "page.html");
        assert_eq!((file.as_str(), line), ("templates/macros.html", 2), "{msg}");
        let (file, line, _, msg) = render_error(
            &[("page.html", "x\n{% import \"nomacros.html\" as m %}")],
            "page.html",
        );
        assert_eq!((file.as_str(), line), ("templates/page.html", 2), "{msg}");
    }
}
