//! The open documents: one rope and version per URI. Edits are applied synchronously under the
//! store's lock by the caller, before any `.await`, so notifications are never reordered.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::disk::DiskState;
use super::engine::{Analysis, Slot};
use super::incremental;
use super::position::{Encoding, to_span};

/// What a change did to the document's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The findings were updated in place for the new version: publish right away.
    Spliced,
    /// The findings are stale: re-analyse after the debounce.
    Stale,
}

/// One open document.
#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub language_id: String,
    /// Bumped on every change; a debounced analysis only publishes if it is still the latest.
    pub generation: u64,
    /// The current version, readable without the store's lock, so a long analysis of an older
    /// version can notice it is outdated and stop.
    pub latest: Arc<AtomicI32>,
    /// The latest completed analysis, possibly of an older version.
    pub analysis: Option<Arc<Analysis>>,
    /// The analysis of the current version: in flight, done, or not started.
    pub slot: Slot,
    /// For a document the server read from disk itself (`mailLsp/analyzeFile`), what it read.
    pub disk: Option<DiskState>,
}

impl Document {
    pub fn new(text: &str, version: i32, language_id: String) -> Self {
        Document::from_rope(Rope::from_str(text), version, language_id)
    }

    /// A document whose text was already built into a rope (a large didOpen's, a file's).
    pub fn from_rope(rope: Rope, version: i32, language_id: String) -> Self {
        Document {
            rope,
            version,
            language_id,
            generation: 0,
            latest: Arc::new(AtomicI32::new(version)),
            analysis: None,
            slot: Slot::empty(),
            disk: None,
        }
    }

    /// Forgets every analysis (the settings or the catalog changed): the next one starts afresh.
    pub fn invalidate(&mut self) {
        self.generation += 1;
        self.analysis = None;
        self.slot = Slot::empty();
    }

    /// The current analysis if it is of the current version.
    pub fn fresh_analysis(&self) -> Option<Arc<Analysis>> {
        self.analysis
            .as_ref()
            .filter(|a| a.version == self.version)
            .cloned()
    }
}

/// Why a change notification was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeRejected {
    UnknownDocument,
    StaleVersion { current: i32, received: i32 },
}

/// Every open document by URI.
#[derive(Debug, Default)]
pub struct DocumentStore {
    documents: HashMap<Uri, Document>,
}

impl DocumentStore {
    pub fn open(&mut self, uri: Uri, text: &str, version: i32, language_id: String) {
        self.documents
            .insert(uri, Document::new(text, version, language_id));
    }

    /// [`DocumentStore::open`] with the text already in a rope.
    pub fn open_rope(&mut self, uri: Uri, rope: Rope, version: i32, language_id: String) {
        self.documents
            .insert(uri, Document::from_rope(rope, version, language_id));
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.documents.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.documents.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.documents.get_mut(uri)
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.documents.keys().cloned().collect()
    }

    /// Applies a didChange. Changes carrying a version older than (or equal to) the document's
    /// are ignored: they were already applied or arrived out of order.
    pub fn apply_changes(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Result<(u64, Applied), ChangeRejected> {
        let document = self
            .documents
            .get_mut(uri)
            .ok_or(ChangeRejected::UnknownDocument)?;
        if version <= document.version {
            return Err(ChangeRejected::StaleVersion {
                current: document.version,
                received: version,
            });
        }
        let mut incremental = document
            .fresh_analysis()
            .and_then(|analysis| analysis.log_format)
            .filter(|format| incremental::line_local(*format));
        let touched: usize = changes
            .iter()
            .map(|c| c.text.len() + c.range_length.unwrap_or(0) as usize)
            .sum();
        if touched > incremental::MAX_INCREMENTAL_BYTES {
            incremental = None;
        }
        // The slot of the old version holds the same analysis; letting it go first leaves the
        // document the only owner, so the splice below updates the findings in place instead of
        // copying close to a million of them.
        document.slot = Slot::empty();
        for change in changes {
            let edit = match (incremental, change.range) {
                (Some(_), Some(range)) => {
                    let span = to_span(&document.rope, range, encoding);
                    let first = document.rope.byte_to_line(span.start);
                    let last = document.rope.byte_to_line(span.end);
                    Some(incremental::LineEdit {
                        old_lines: incremental::LineEdit::lines_before(&document.rope, first, last),
                        delta: change.text.len() as isize - (span.end - span.start) as isize,
                    })
                }
                _ => None,
            };
            apply_change(&mut document.rope, change, encoding);
            match (edit, incremental, document.analysis.as_mut()) {
                (Some(edit), Some(format), Some(analysis)) => {
                    let analysis = Arc::make_mut(analysis);
                    let rope = &document.rope;
                    let spliced = crate::analysis::contained(|| {
                        incremental::splice(&mut analysis.findings, &edit, rope, format)
                    });
                    if let Ok((removed, added)) = &spliced {
                        analysis.spliced(removed, added.clone());
                    }
                    if spliced.is_err() {
                        // The full analysis after the debounce runs again, and reports its own
                        // failure if it has one.
                        document.analysis = None;
                        incremental = None;
                    }
                }
                _ => incremental = None,
            }
        }
        let applied = match (incremental, document.analysis.as_mut()) {
            (Some(_), Some(analysis)) => {
                Arc::make_mut(analysis).respliced(version);
                document.slot = Slot::filled(analysis.clone());
                Applied::Spliced
            }
            _ => {
                document.slot = Slot::empty();
                Applied::Stale
            }
        };
        document.version = version;
        document.generation += 1;
        document.latest.store(version, Ordering::Relaxed);
        Ok((document.generation, applied))
    }
}

/// Applies one content change to a rope: a full replacement, or a range edit with the range
/// clamped to the document.
pub fn apply_change(rope: &mut Rope, change: TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        None => *rope = Rope::from_str(&change.text),
        Some(range) => {
            let span = to_span(rope, range, encoding);
            let start = rope.byte_to_char(span.start);
            let end = rope.byte_to_char(span.end);
            rope.remove(start..end);
            rope.insert(start, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tower_lsp_server::ls_types::{Position, Range};

    use crate::lsp::position::to_position;

    fn edit(
        rope: &Rope,
        start: usize,
        end: usize,
        text: &str,
        encoding: Encoding,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                to_position(rope, start, encoding),
                to_position(rope, end, encoding),
            )),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn a_range_edit_replaces_exactly_its_characters() {
        let mut rope = Rope::from_str("Status: 5.1.1\n日本語 550 4.4.7\n");
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(1, 8), Position::new(1, 13))),
            range_length: None,
            text: "5.7.1".into(),
        };
        apply_change(&mut rope, change, Encoding::Utf16);
        assert_eq!(rope.to_string(), "Status: 5.1.1\n日本語 550 5.7.1\n");
    }

    #[test]
    fn stale_versions_are_ignored() {
        let uri: Uri = "file:///tmp/a.eml".parse().unwrap();
        let mut store = DocumentStore::default();
        store.open(uri.clone(), "abc", 3, "email".into());
        let full = |text: &str| {
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: text.into(),
            }]
        };
        assert_eq!(
            store.apply_changes(&uri, 2, full("old"), Encoding::Utf16),
            Err(ChangeRejected::StaleVersion {
                current: 3,
                received: 2
            })
        );
        assert!(
            store
                .apply_changes(&uri, 4, full("new"), Encoding::Utf16)
                .is_ok()
        );
        assert_eq!(store.get(&uri).unwrap().rope.to_string(), "new");
        let other: Uri = "file:///tmp/b.eml".parse().unwrap();
        assert_eq!(
            store.apply_changes(&other, 1, full("x"), Encoding::Utf16),
            Err(ChangeRejected::UnknownDocument)
        );
    }

    fn char_boundaries(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect()
    }

    proptest! {
        /// Any sequence of edits leaves the rope equal to a plain string edited the same way.
        #[test]
        fn edits_match_a_full_text_oracle(
            initial in "[a-z5. \n\r日📧é]{0,40}",
            edits in proptest::collection::vec((any::<u16>(), any::<u16>(), "[a-z5. \n\r日📧]{0,6}", any::<bool>()), 1..20),
        ) {
            let mut oracle = initial.clone();
            let mut rope = Rope::from_str(&initial);
            for (a, b, insert, utf8) in edits {
                let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
                let bounds = char_boundaries(&oracle);
                let mut start = bounds[a as usize % bounds.len()];
                let mut end = bounds[b as usize % bounds.len()];
                if start > end { std::mem::swap(&mut start, &mut end); }
                // Positions can't point between CR and LF; skip such edits as a client would.
                let splits_crlf = |i: usize| i > 0 && oracle.as_bytes().get(i - 1) == Some(&b'\r') && oracle.as_bytes().get(i) == Some(&b'\n');
                if splits_crlf(start) || splits_crlf(end) { continue; }
                let change = edit(&rope, start, end, &insert, encoding);
                apply_change(&mut rope, change, encoding);
                oracle.replace_range(start..end, &insert);
                prop_assert_eq!(rope.to_string(), oracle.clone());
            }
        }
    }
}
