//! Checks over the assembled site that need the whole model: unsafe HTML in Markdown and
//! internal links that lead nowhere. Shared by `build` and `check`.

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::{Finding, inspect};
use crate::model::Site;
use crate::plan::SitePlan;
use crate::routes;
use crate::source::{Loc, SourceId, Sources};
use crate::text::Text;
use rayon::prelude::*;
use std::sync::{Arc, Mutex, OnceLock};

/// Text -> (findings, the round it was last looked up in).
type Known = rustc_hash::FxHashMap<Arc<str>, (Arc<Vec<Finding>>, u64)>;

fn lock(m: &Mutex<Known>) -> std::sync::MutexGuard<'_, Known> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What `inspect` found in each Markdown text, kept between `serve` rounds: the findings
/// depend on the text alone, and parsing every text of a large programme again for a
/// one-record edit is most of what this check costs.
#[derive(Default)]
pub struct FindingsMemo {
    known: Mutex<Known>,
    /// The round now running: texts not looked up in it are forgotten at its end.
    round: std::sync::atomic::AtomicU64,
}

impl FindingsMemo {
    fn findings(&self, text: &str) -> Arc<Vec<Finding>> {
        let round = self.round.load(std::sync::atomic::Ordering::Relaxed);
        if let Some((found, seen)) = lock(&self.known).get_mut(text) {
            *seen = round;
            return found.clone();
        }
        let found = Arc::new(inspect(text));
        lock(&self.known).insert(text.into(), (found.clone(), round));
        found
    }

    /// Forget the texts not looked up in the round now ending.
    fn end_round(&self) {
        let round = self
            .round
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        lock(&self.known).retain(|_, (_, seen)| *seen == round);
    }
}

/// Where the text of a TOML string starts, past its opening quotes.
fn text_start(file_text: &str, span_start: usize) -> usize {
    let rest = &file_text[span_start.min(file_text.len())..];
    for q in ["\"\"\"", "'''"] {
        if let Some(r) = rest.strip_prefix(q) {
            let nl = if r.starts_with("\r\n") {
                2
            } else if r.starts_with('\n') {
                1
            } else {
                0
            };
            return span_start + 3 + nl;
        }
    }
    if rest.starts_with('"') || rest.starts_with('\'') {
        span_start + 1
    } else {
        span_start
    }
}

fn markdown_texts(site: &Site) -> Vec<(&Text, SourceId)> {
    let mut v: Vec<&Text> = Vec::new();
    v.extend(site.clusters.iter().map(|c| &c.body));
    v.extend(site.events.iter().filter_map(|e| e.body.as_ref()));
    v.extend(site.news.iter().filter_map(|n| n.body.as_ref()));
    v.extend(site.pages.iter().map(|p| &p.body));
    v.extend(site.brand.iter().filter_map(|b| b.usage.as_ref()));
    v.extend(site.config.description.iter());
    // Values always know their file after loading; SourceId(0) is never used for them.
    v.into_iter().map(|t| (t, SourceId(0))).collect()
}

/// Unsafe HTML and dead internal links in every Markdown text; with `memo`, texts seen in
/// an earlier round are not parsed again.
/// Links are checked against `plan`'s URLs; without a plan (the theme could not be loaded,
/// which is reported already) they are not checked.
pub fn check_markdown(
    site: &Site,
    plan: Option<&SitePlan>,
    sources: &Sources,
    diags: &mut Diagnostics,
    memo: Option<&FindingsMemo>,
) {
    // Listing every URL of a large site takes a while: only if some text links inside it.
    let files = OnceLock::new();
    let files = || files.get_or_init(|| plan.map(SitePlan::files));
    let texts = markdown_texts(site);
    let found: Vec<Diagnostic> = texts
        .par_iter()
        .flat_map_iter(|(text, default)| {
            text.values.values().flat_map(|v| {
                let file = v.file.unwrap_or(*default);
                let base = text_start(&sources.get(file).text, v.span.start);
                let found = match memo {
                    Some(m) => m.findings(&v.text),
                    None => Arc::new(inspect(&v.text)),
                };
                found.iter().filter_map(|f| match f {
                    Finding::Unsafe { what, span } => Some(
                        Diagnostic::error("E019", format!("unsafe HTML in Markdown: {what}"))
                            .at(Loc::offset(file, base, span.clone()))
                            .hint("scripts, frames, styles, event handlers and javascript:/data: URLs are not allowed; use plain Markdown"),
                    ),
                    Finding::InternalLink { url, span } => {
                        let path = url.split(['#', '?']).next().unwrap_or("").to_string();
                        let (plan, files) = (plan?, files().as_ref()?);
                        // A folder's URL leads to its index.html, with or without the slash.
                        let is_file = |p: &str| files.contains(routes::output_path(p).as_str());
                        if is_file(&path)
                            || (!path.ends_with('/') && is_file(&format!("{path}/")))
                            || plan.in_folder(&path)
                        {
                            return None;
                        }
                        let mut d = Diagnostic::error("E020", format!("link to `{url}` leads nowhere"))
                            .at(Loc::offset(file, base, span.clone()));
                        let urls = plan.urls();
                        if let Some(h) = did_you_mean(&path, urls.iter().map(String::as_str)) {
                            d = d.hint(h);
                        }
                        Some(d)
                    }
                }).collect::<Vec<_>>()
            })
        })
        .collect();
    if let Some(m) = memo {
        m.end_round();
    }
    diags.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_kept_for_texts_still_in_use() {
        let memo = FindingsMemo::default();
        let bad = "Hi <script>x()</script> and [a](/nowhere/)";
        let first = memo.findings(bad);
        assert_eq!(first.len(), 2);
        assert!(
            Arc::ptr_eq(&first, &memo.findings(bad)),
            "kept within a round"
        );
        memo.findings("plain");
        memo.end_round();
        assert!(
            Arc::ptr_eq(&first, &memo.findings(bad)),
            "kept for the next round"
        );
        memo.end_round();
        assert_eq!(
            lock(&memo.known).len(),
            1,
            "a text not looked up is forgotten"
        );
        assert_eq!(*memo.findings(bad), inspect(bad));
    }

    #[test]
    fn text_starts_after_toml_quotes() {
        let t = "body = \"\"\"\nHello\"\"\"";
        assert_eq!(&t[text_start(t, 7)..text_start(t, 7) + 5], "Hello");
        let t = "body = \"Hi\"";
        assert_eq!(&t[text_start(t, 7)..text_start(t, 7) + 2], "Hi");
    }
}
