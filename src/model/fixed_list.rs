//! Fixed lists: record fields whose value is one of a few words (an event's `kind`, a news
//! item's `kind`, ...). Each list is an enum declared beside its record in `model` with
//! [`fixed_list!`]; the words are written once, there, and every output (pages, open data,
//! JSON-LD, iCalendar, search) shows them through `as_str` or serde.

/// What assembling needs of a fixed list to check a field against it.
pub trait FixedList: Copy + Default + 'static {
    /// Every value, in the order messages list them.
    const ALL: &'static [Self];
    /// The value as written in records and shown in every output.
    fn as_str(self) -> &'static str;
    /// The value written `s`, if it is one.
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == s)
    }
}

/// Declares a fixed list: `Variant = "word"`, with `#[default]` on the value a record gets
/// when it leaves the field out.
macro_rules! fixed_list {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $variant:ident = $s:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum $name { $($(#[$vm])* $variant,)+ }
        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s,)+ }
            }
        }
        impl $crate::model::FixedList for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)+];
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
