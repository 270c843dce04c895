//! What one request reads: a document version, its analysis and the session, taken together
//! so a handler never sees the text of one version with the findings of another.

use std::ops::Range as Span;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, Uri};

use super::engine::{self, Analysis, Counters, Views};
use super::position::{to_offset, to_range, to_span};
use super::session::SessionView;

/// One document version, its analysis and the session, for one request.
pub struct Snapshot {
    pub uri: Uri,
    pub rope: Rope,
    pub analysis: Arc<Analysis>,
    pub session: SessionView,
    pub(super) counters: Arc<Counters>,
}

impl Snapshot {
    /// The version's navigation structure, built on first use and shared afterwards.
    pub async fn views(&self) -> Option<Arc<Views>> {
        engine::views(
            &self.analysis,
            &self.rope,
            &self.counters,
            self.session.lang,
        )
        .await
    }

    /// The byte offset of a client position (clamped to the document).
    pub fn offset(&self, position: Position) -> usize {
        to_offset(&self.rope, position, self.session.encoding)
    }

    /// The byte span of a client range (clamped to the document).
    pub fn span(&self, range: Range) -> Span<usize> {
        to_span(&self.rope, range, self.session.encoding)
    }

    /// The client range of a byte span.
    pub fn range(&self, span: &Span<usize>) -> Range {
        to_range(&self.rope, span, self.session.encoding)
    }
}
