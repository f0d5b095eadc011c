//! Translatable text: English is mandatory, other languages optional per field.
//!
//! In TOML a translatable field is either a string (English) or a table of language tags;
//! translation files add further languages. Each value remembers where it came from so a
//! problem in the German body points into the German file.

use crate::source::SourceId;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct TextValue {
    pub text: String,
    /// Byte span in the file the value was read from.
    pub span: Range<usize>,
    /// The file, once known (deserialisation does not know it; the loader fills it in).
    pub file: Option<SourceId>,
}

#[derive(Debug, Clone, Default)]
pub struct Text {
    pub values: BTreeMap<String, TextValue>,
    /// Written as a bare string (so: English, or the language of the translation file).
    pub plain: bool,
}

impl Text {
    pub fn english(text: impl Into<String>) -> Self {
        let mut values = BTreeMap::new();
        values.insert(
            "en".into(),
            TextValue {
                text: text.into(),
                span: 0..0,
                file: None,
            },
        );
        Text {
            values,
            plain: true,
        }
    }

    pub fn get(&self, lang: &str) -> Option<&str> {
        self.values.get(lang).map(|v| v.text.as_str())
    }

    pub fn has(&self, lang: &str) -> bool {
        self.values.contains_key(lang)
    }

    /// The value for `lang`, or English with `fallback = true`.
    pub fn resolve(&self, lang: &str) -> Resolved<'_> {
        match self.values.get(lang) {
            Some(v) => Resolved {
                text: &v.text,
                lang: lang.to_string(),
                fallback: false,
            },
            None => Resolved {
                text: self.values.get("en").map(|v| v.text.as_str()).unwrap_or(""),
                lang: "en".into(),
                fallback: lang != "en",
            },
        }
    }

    /// Set the file for values that do not know theirs yet.
    pub fn set_file(&mut self, file: SourceId) {
        for v in self.values.values_mut() {
            v.file.get_or_insert(file);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<'a> {
    pub text: &'a str,
    pub lang: String,
    pub fallback: bool,
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string (English) or a table of language tags, like { en = \"...\", de = \"...\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::english(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut values = BTreeMap::new();
                while let Some(lang) = map.next_key::<String>()? {
                    let v: toml::Spanned<String> = map.next_value()?;
                    let span = v.span();
                    values.insert(
                        lang,
                        TextValue {
                            text: v.into_inner(),
                            span,
                            file: None,
                        },
                    );
                }
                Ok(Text {
                    values,
                    plain: false,
                })
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// Spans of bare strings are those of the whole `Spanned<Text>`; this moves them in.
pub fn fix_spans(t: &mut toml::Spanned<Text>) {
    let span = t.span();
    for v in t.get_mut().values.values_mut() {
        if v.span == (0..0) {
            v.span = span.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Rec {
        name: Text,
    }

    #[test]
    fn string_or_language_table() {
        let r: Rec = toml::from_str("name = \"Ocean\"").unwrap();
        assert_eq!(r.name.get("en"), Some("Ocean"));
        let r: Rec = toml::from_str("name = { en = \"Ocean\", nb = \"Hav\" }").unwrap();
        assert_eq!(r.name.resolve("nb").text, "Hav");
        let de = r.name.resolve("de");
        assert_eq!(
            (de.text, de.fallback, de.lang.as_str()),
            ("Ocean", true, "en")
        );
    }

    #[test]
    fn wrong_type_says_what_was_expected() {
        let e = toml::from_str::<Rec>("name = 5").err().unwrap();
        assert!(
            e.message().contains("table of language tags"),
            "{}",
            e.message()
        );
    }
}
