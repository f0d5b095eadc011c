//! Reading a record's TOML so that one run reports every problem of the file, not only the
//! first: serde stops at the first unknown field or wrong value, and a contributor fixing
//! one problem per CI round needs as many rounds as the file has problems.
//!
//! A file that deserializes at once (nearly all) takes the fast path, `toml::from_str`.
//! Otherwise the document is parsed into a [`DeTable`] (values with their positions) and
//! deserialized again and again; after each failure the value the error points at is
//! reported and taken out of the table, until what remains deserializes. The record types'
//! own serde rules decide what is wrong (their field names, aliases, types, required
//! fields of nested tables), so no list of fields is kept by hand, and each round removes
//! at least one value, so the rounds end. An unknown field names the fields its table
//! takes; every other key of that table outside the list is reported and removed in the
//! same round.
//!
//! Placeholders that `showcase new` writes (`"TODO: ..."`) are taken out the same way,
//! before deserializing: a placeholder is one error (E028), not also a wrong URL, an
//! unknown term or a bad date.
//!
//! What was taken out is returned ([`Removed`]): assembling then reports the record's
//! other problems, and the caller drops what only repeats a removal ("missing required
//! field `summary`" after "`summary`: invalid type").

use super::toml_error::{diagnostic_for, unknown_field, unknown_field_names};
use crate::diag::Diagnostic;
use crate::source::{Loc, SourceId};
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// What `showcase new` puts where a value is still to be written.
pub const PLACEHOLDER: &str = "TODO:";

/// Rounds of deserializing one file at most: each removes one value (or all unknown keys
/// of a table), so a file with more problems than this reports the first ones only.
const MAX_ROUNDS: usize = 256;

/// The top-level fields of a record that had a value taken out (a wrong value somewhere
/// in it, or a placeholder).
#[derive(Debug, Default, Clone)]
pub struct Removed(BTreeSet<String>);

impl Removed {
    /// Whether `d`, found while assembling, only says again that a removed value is absent
    /// or empty: "missing required field `x`", "`x` has no English text", "`contact` needs
    /// an `email`...".
    pub fn explains(&self, d: &Diagnostic) -> bool {
        matches!(d.code, "E004" | "E005")
            && self.0.iter().any(|f| {
                d.message.contains(&format!("`{f}`")) || d.message.contains(&format!("`{f}."))
            })
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Item(usize),
}

/// A value of the document: the way to it, and where its key and value are.
struct Node {
    path: Vec<Step>,
    key_span: Option<Range<usize>>,
    span: Range<usize>,
}

fn collect(table: &DeTable, path: &mut Vec<Step>, out: &mut Vec<Node>) {
    for (k, v) in table.iter() {
        path.push(Step::Key(k.get_ref().to_string()));
        out.push(Node {
            path: path.clone(),
            key_span: Some(k.span()),
            span: v.span(),
        });
        collect_value(v, path, out);
        path.pop();
    }
}

fn collect_value(v: &Spanned<DeValue>, path: &mut Vec<Step>, out: &mut Vec<Node>) {
    match v.get_ref() {
        DeValue::Table(t) => collect(t, path, out),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                path.push(Step::Item(i));
                out.push(Node {
                    path: path.clone(),
                    key_span: None,
                    span: item.span(),
                });
                collect_value(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The value an error at `span` is about: the key it names, else the smallest value that
/// holds it (the innermost, when nested values share a span).
fn node_at(table: &DeTable, span: &Range<usize>) -> Option<Node> {
    let mut all = Vec::new();
    collect(table, &mut Vec::new(), &mut all);
    if let Some(i) = all.iter().position(|n| n.key_span.as_ref() == Some(span)) {
        return Some(all.swap_remove(i));
    }
    all.into_iter()
        .filter(|n| n.span.start <= span.start && span.end <= n.span.end)
        .min_by_key(|n| (n.span.len(), usize::MAX - n.path.len()))
}

/// `a.b.c` for a path (array positions left out: the line and column say which item).
fn dotted(path: &[Step]) -> String {
    path.iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Item(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn value_at<'a, 'i>(table: &'a DeTable<'i>, path: &[Step]) -> Option<&'a Spanned<DeValue<'i>>> {
    let (Step::Key(k), rest) = path.split_first()? else {
        return None;
    };
    let mut v = table.get(k.as_str())?;
    for step in rest {
        v = match (step, v.get_ref()) {
            (Step::Key(k), DeValue::Table(t)) => t.get(k.as_str())?,
            (Step::Item(i), DeValue::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn value_at_mut<'a, 'i>(
    table: &'a mut DeTable<'i>,
    path: &[Step],
) -> Option<&'a mut Spanned<DeValue<'i>>> {
    let (Step::Key(k), rest) = path.split_first()? else {
        return None;
    };
    let mut v = table.get_mut(k.as_str())?;
    for step in rest {
        v = match (step, v.get_mut()) {
            (Step::Key(k), DeValue::Table(t)) => t.get_mut(k.as_str())?,
            (Step::Item(i), DeValue::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// The table at `path` (the document itself for an empty path).
fn table_at<'a, 'i>(table: &'a DeTable<'i>, path: &[Step]) -> Option<&'a DeTable<'i>> {
    if path.is_empty() {
        return Some(table);
    }
    match value_at(table, path)?.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    }
}

/// Take the value at `path` out of the document.
fn remove(table: &mut DeTable, path: &[Step]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    let parent = if parent.is_empty() {
        None
    } else {
        match value_at_mut(table, parent) {
            Some(v) => Some(v.get_mut()),
            None => return false,
        }
    };
    match (last, parent) {
        (Step::Key(k), None) => table.remove(k.as_str()).is_some(),
        (Step::Key(k), Some(DeValue::Table(t))) => t.remove(k.as_str()).is_some(),
        (Step::Item(i), Some(DeValue::Array(a))) if *i < a.len() => {
            let old = std::mem::replace(a, DeArray::new());
            *a = old
                .into_iter()
                .enumerate()
                .filter(|(j, _)| j != i)
                .map(|(_, v)| v)
                .collect();
            true
        }
        _ => false,
    }
}

/// A placeholder shortened for a message.
fn quoted(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// E028 for a placeholder left in `field` (the text of the value at `span`).
pub fn placeholder(field: &str, value: &str, loc: Loc) -> Diagnostic {
    // What the placeholder asks for: its first sentence.
    let asks = value
        .split_once(PLACEHOLDER)
        .map(|(_, rest)| {
            let line = rest.lines().next().unwrap_or("");
            let sentence = line.split(". ").next().unwrap_or("");
            sentence.trim().trim_end_matches(['.', ','])
        })
        .unwrap_or("");
    let d = Diagnostic::error(
        "E028",
        format!(
            "`{field}` still holds the placeholder of `showcase new`: \"{}\"",
            quoted(value)
        ),
    )
    .at(loc);
    if asks.is_empty() {
        d.hint("replace it with the real value")
    } else {
        d.hint(format!("replace it with the real value ({asks})"))
    }
}

/// Every string value of the document that holds [`PLACEHOLDER`], as (path, span, text).
fn placeholders(table: &DeTable) -> Vec<(Vec<Step>, Range<usize>, String)> {
    let mut all = Vec::new();
    collect(table, &mut Vec::new(), &mut all);
    all.into_iter()
        .filter_map(|n| {
            let v = value_at(table, &n.path)?;
            let s = v.get_ref().as_str()?;
            s.contains(PLACEHOLDER)
                .then(|| (n.path, n.span, s.to_string()))
        })
        .collect()
}

/// Keys taken out of a table, by the table's span: serde may then report them missing.
type Taken = Vec<(Range<usize>, String)>;

/// Note the value at `path` as taken out (before it is).
fn note(
    table: &DeTable,
    path: &[Step],
    doc_span: &Range<usize>,
    removed: &mut Removed,
    taken: &mut Taken,
) {
    if let Some(Step::Key(k)) = path.first() {
        removed.0.insert(k.clone());
    }
    if let Some((Step::Key(k), parent)) = path.split_last() {
        let parent_span = match parent {
            [] => doc_span.clone(),
            p => value_at(table, p).map(|v| v.span()).unwrap_or(0..0),
        };
        taken.push((parent_span, k.clone()));
    }
}

/// Deserialize `text` (a whole file's TOML, or front matter padded so that offsets are the
/// file's) into `R`, reporting every problem found on the way into `diags`. `None` when the
/// TOML itself is malformed (every syntax error is reported) or a problem could not be
/// placed.
pub fn deserialize<R: DeserializeOwned>(
    text: &str,
    file: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> (Option<R>, Removed) {
    let mut removed = Removed::default();
    if !text.contains(PLACEHOLDER)
        && let Ok(r) = toml::from_str::<R>(text)
    {
        return (Some(r), removed);
    }
    let (mut doc, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        // Recovery can report one mistake several times at one place.
        let mut seen = BTreeSet::new();
        for e in syntax {
            let at = e.span().map(|s| s.start);
            if seen.insert(at) {
                diags.push(super::toml_error::toml_diagnostic(&e, file, 0, text));
            }
        }
        return (None, removed);
    }
    let doc_span = doc.span();
    let table = doc.get_mut();
    let mut taken = Taken::new();
    // Last first, so that taking an item out of an array leaves the places of the
    // earlier ones as they were.
    for (path, span, value) in placeholders(table).into_iter().rev() {
        diags.push(placeholder(&dotted(&path), &value, Loc::new(file, span)));
        note(table, &path, &doc_span, &mut removed, &mut taken);
        remove(table, &path);
    }
    for _ in 0..MAX_ROUNDS {
        let de = toml::de::Deserializer::from(Spanned::new(doc_span.clone(), table.clone()));
        let e = match R::deserialize(de) {
            Ok(r) => return (Some(r), removed),
            Err(e) => e,
        };
        let msg = e.message().trim().to_string();
        let Some(node) = e.span().and_then(|s| node_at(table, &s)) else {
            diags.push(diagnostic_for(&e, file, 0, text.len(), None));
            return (None, removed);
        };
        let parent = &node.path[..node.path.len() - 1];
        if let Some((_, expected)) = unknown_field_names(&msg) {
            // Every key of this table that it does not take, reported and removed at once.
            // (Not noted in `removed`: a key the record does not know is absent anyway.)
            let unknown: Vec<(String, Range<usize>)> = table_at(table, parent)
                .map(|t| {
                    t.iter()
                        .map(|(k, _)| (k.get_ref().to_string(), k.span()))
                        .filter(|(k, _)| !expected.contains(&k.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            if unknown.is_empty() {
                diags.push(diagnostic_for(&e, file, 0, text.len(), None));
                return (None, removed);
            }
            for (k, span) in unknown {
                diags.push(unknown_field(&k, &expected, Loc::new(file, span)));
                let mut path = parent.to_vec();
                path.push(Step::Key(k));
                remove(table, &path);
            }
            continue;
        }
        // A field missing from a table that had it until a wrong value was taken out:
        // the table goes too, without a second report.
        let consequence = msg
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .is_some_and(|name| taken.iter().any(|(s, k)| *s == node.span && k == name));
        if !consequence {
            let field = dotted(&node.path);
            diags.push(diagnostic_for(
                &e,
                file,
                0,
                text.len(),
                (!field.is_empty()).then_some(field),
            ));
        }
        note(table, &node.path, &doc_span, &mut removed, &mut taken);
        if !remove(table, &node.path) {
            return (None, removed);
        }
    }
    (None, removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::raw::{RawCluster, RawEvent};
    use crate::source::{SourceFile, Sources};

    /// (code, message, line, column) of a diagnostic.
    type Seen = (String, String, usize, usize);

    /// Whether `text` gave a record, each diagnostic sorted by position, what was removed.
    fn run<R: DeserializeOwned>(text: &str) -> (bool, Vec<Seen>, Removed) {
        let mut sources = Sources::default();
        let id = sources.add(SourceFile::new(
            "content/x.toml".into(),
            "x.toml".into(),
            text.to_string(),
        ));
        let mut diags = Vec::new();
        let (r, removed) = deserialize::<R>(text, id, &mut diags);
        let mut seen: Vec<_> = diags
            .iter()
            .map(|d| {
                let loc = d.loc.as_ref().expect("placed");
                let (l, c) = sources.get(loc.file).line_col(loc.span.start);
                (d.code.to_string(), d.message.clone(), l, c)
            })
            .collect();
        seen.sort_by_key(|d| (d.2, d.3));
        (r.is_some(), seen, removed)
    }

    #[test]
    fn every_unknown_field_and_wrong_value_in_one_run() {
        let text = "nmae = \"x\"\nsummary = 42\ncountry = \"NO\"\nwebiste = \"https://a.example/\"\n\
                    founded = \"long ago\"\nsectros = [\"energy\"]\n";
        let (ok, seen, removed) = run::<RawCluster>(text);
        assert!(ok, "the rest is read: {seen:?}");
        let brief: Vec<(&str, usize, usize)> =
            seen.iter().map(|d| (d.0.as_str(), d.2, d.3)).collect();
        assert_eq!(
            brief,
            [
                ("E002", 1, 1),
                ("E003", 2, 11),
                ("E002", 4, 1),
                ("E003", 5, 11),
                ("E002", 6, 1)
            ],
            "{seen:#?}"
        );
        assert!(seen[0].1.contains("`nmae`"));
        assert!(
            seen[1].1.starts_with("`summary`: invalid type"),
            "{}",
            seen[1].1
        );
        assert!(
            seen[3].1.starts_with("`founded`: invalid type"),
            "{}",
            seen[3].1
        );
        let d = |m: &str| Diagnostic::error("E004", m.to_string());
        assert!(removed.explains(&d("missing required field `summary`")));
        assert!(
            !removed.explains(&d("missing required field `name`")),
            "an unknown key does not stand for the field it resembles"
        );
    }

    #[test]
    fn nested_tables_and_arrays_of_tables_report_each_problem() {
        let text = "name = \"x\"\n\n[contact]\nname = \"K\"\nemial = \"k@x.example\"\nfax = \"1\"\n\
                    phone = 5\n\n[[labels]]\nscheme = 3\nawarded = \"2025-01\"\n\n[[labels]]\n\
                    scheme = \"eucles-gold\"\nawarded = \"2025-01\"\nscore = 9\n";
        let (ok, seen, removed) = run::<RawCluster>(text);
        assert!(ok, "{seen:?}");
        let brief: Vec<(&str, usize)> = seen.iter().map(|d| (d.0.as_str(), d.2)).collect();
        assert_eq!(
            brief,
            [
                ("E002", 5),
                ("E002", 6),
                ("E003", 7),
                ("E003", 10),
                ("E002", 16)
            ],
            "{seen:#?}"
        );
        assert!(seen[2].1.starts_with("`contact.phone`"), "{}", seen[2].1);
        assert!(seen[3].1.starts_with("`labels.scheme`"), "{}", seen[3].1);
        assert!(
            !seen.iter().any(|d| d.1.contains("missing field")),
            "a label whose scheme was wrong is not also missing it: {seen:?}"
        );
        assert!(removed.explains(&Diagnostic::error(
            "E004",
            "`contact` needs an `email` or a `phone`"
        )));
    }

    #[test]
    fn wrong_items_of_a_list_go_one_by_one() {
        let (ok, seen, _) = run::<RawCluster>("sectors = [1, \"energy\", true]\nfounded = []\n");
        assert!(ok);
        let brief: Vec<(&str, usize, usize)> =
            seen.iter().map(|d| (d.0.as_str(), d.2, d.3)).collect();
        assert_eq!(
            brief,
            [("E003", 1, 12), ("E003", 1, 25), ("E003", 2, 11)],
            "{seen:#?}"
        );
    }

    #[test]
    fn a_missing_field_of_a_nested_table_is_still_reported() {
        let (ok, seen, _) =
            run::<RawEvent>("title = \"x\"\n[venue]\nname = \"v\"\nlocation = { lat = 1.0 }\n");
        assert!(ok);
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!((seen[0].0.as_str(), seen[0].2), ("E004", 4));
        assert!(seen[0].1.contains("missing field `lon`"), "{seen:?}");
    }

    #[test]
    fn syntax_errors_stop_the_file_and_are_all_reported() {
        let (ok, seen, _) = run::<RawCluster>("name = \"x\nsummary = 1\ncountry = = 2\n");
        assert!(!ok);
        assert!(seen.iter().all(|d| d.0 == "E001"), "{seen:?}");
        assert!(!seen.is_empty());
    }

    #[test]
    fn placeholders_are_errors_where_they_stand() {
        let text = "name = \"TODO: name of the cluster\"\nsectors = [\"energy\", \"TODO: sector term\"]\n\
                    [contact]\nemail = \"TODO: email address\"\n[[labels]]\nscheme = \"TODO: x\"\nawarded = \"2025-01\"\n";
        let (ok, seen, removed) = run::<RawCluster>(text);
        assert!(ok);
        let brief: Vec<(&str, usize, usize)> =
            seen.iter().map(|d| (d.0.as_str(), d.2, d.3)).collect();
        assert_eq!(
            brief,
            [
                ("E028", 1, 8),
                ("E028", 2, 22),
                ("E028", 4, 9),
                ("E028", 6, 10)
            ],
            "{seen:#?}"
        );
        assert_eq!(
            seen[0].1,
            "`name` still holds the placeholder of `showcase new`: \"TODO: name of the cluster\""
        );
        assert!(seen[2].1.starts_with("`contact.email`"));
        for f in ["name", "sectors", "contact", "labels"] {
            assert!(
                removed.explains(&Diagnostic::error(
                    "E004",
                    format!("missing required field `{f}`")
                )),
                "{f}"
            );
        }
    }

    #[test]
    fn a_hostile_file_ends_in_bounded_rounds() {
        let text: String = (0..2000).map(|i| format!("x{i} = {i}\n")).collect();
        let (ok, seen, _) = run::<RawCluster>(&text);
        assert!(ok);
        assert_eq!(
            seen.len(),
            2000,
            "all unknown keys of one table in one round"
        );
        let text = format!("sectors = [{}]\n", vec!["1"; 1000].join(", "));
        let (ok, seen, _) = run::<RawCluster>(&text);
        assert!(!ok, "more wrong items than rounds");
        assert_eq!(seen.len(), MAX_ROUNDS);
    }
}
