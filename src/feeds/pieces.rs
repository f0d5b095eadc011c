//! Pieces of the feeds and data files that one record alone determines: its sitemap entry,
//! its open-data object and CSV row, its calendar entry, its Atom entry.
//!
//! `build` makes every piece once and keeps none ([`Pieces::none`]). `serve` keeps them
//! between rounds ([`Pieces::kept`]) and forgets those of the records a round re-renders,
//! so that editing one cluster of ten thousand recomputes that cluster's pieces and joins
//! the rest as they were. A piece must depend on nothing but its record, the settings and
//! the records whose change re-renders the record's page (see `serve::incremental`).

use crate::model::Kind;
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex};

/// Which piece of which record: (kind, index in the site's list of that kind, what, language
/// index). Indices are stable only while the set of records is: the caller clears the
/// memo when records come or go.
type Key = (Kind, usize, Piece, u8);

/// What a piece is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Piece {
    SitemapEntry,
    DataJson,
    CsvRow,
    CalendarEvent,
    AtomEntry,
}

#[derive(Default)]
pub struct Pieces {
    keep: bool,
    memo: Mutex<HashMap<Key, Arc<str>>>,
}

impl Pieces {
    /// Make every piece, keep none.
    pub fn none() -> Self {
        Pieces::default()
    }

    /// Keep pieces between rounds.
    pub fn kept() -> Self {
        Pieces {
            keep: true,
            memo: Mutex::default(),
        }
    }

    fn memo(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Arc<str>>> {
        self.memo.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The piece `what` of record `index` of `kind` in language number `lang`, made by
    /// `make` unless kept from an earlier round.
    pub fn get(
        &self,
        kind: Kind,
        index: usize,
        what: Piece,
        lang: usize,
        make: impl FnOnce() -> String,
    ) -> Arc<str> {
        if !self.keep {
            return make().into();
        }
        let key = (kind, index, what, lang as u8);
        if let Some(p) = self.memo().get(&key) {
            return p.clone();
        }
        // Made outside the lock: other threads make other pieces meanwhile.
        let piece: Arc<str> = make().into();
        self.memo().insert(key, piece.clone());
        piece
    }

    /// Forget the pieces of the records `changed` names (kind, index).
    pub fn forget(&self, changed: &dyn Fn(Kind, usize) -> bool) {
        self.memo().retain(|(kind, i, _, _), _| !changed(*kind, *i));
    }

    /// Forget everything: the records or the settings changed.
    pub fn clear(&self) {
        self.memo().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_pieces_are_made_once_until_forgotten() {
        let pieces = Pieces::kept();
        let made = std::cell::Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            format!("piece {}", made.get())
        };
        let a = pieces.get(Kind::Cluster, 3, Piece::DataJson, 0, make);
        let b = pieces.get(Kind::Cluster, 3, Piece::DataJson, 0, make);
        assert_eq!((&*a, &*b, made.get()), ("piece 1", "piece 1", 1));
        pieces.get(Kind::Cluster, 3, Piece::CsvRow, 0, make);
        pieces.get(Kind::Event, 3, Piece::DataJson, 0, make);
        assert_eq!(made.get(), 3);
        pieces.forget(&|k, i| k == Kind::Cluster && i == 3);
        let c = pieces.get(Kind::Cluster, 3, Piece::DataJson, 0, make);
        assert_eq!(&*c, "piece 4");
        pieces.get(Kind::Event, 3, Piece::DataJson, 0, make);
        assert_eq!(made.get(), 4, "the event's piece was kept");

        let none = Pieces::none();
        none.get(Kind::Cluster, 0, Piece::DataJson, 0, make);
        none.get(Kind::Cluster, 0, Piece::DataJson, 0, make);
        assert_eq!(made.get(), 6, "build keeps nothing");
    }
}
