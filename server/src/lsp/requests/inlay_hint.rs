//! `textDocument/inlayHint`: decoded encoded words and Received delays in the visible range.

use tower_lsp_server::ls_types::{InlayHint, InlayHintKind, InlayHintLabel, InlayHintParams};

use crate::analysis::DocumentKind;
use crate::analysis::structure::{self, InlayHint as Hint};
use crate::lsp::snapshot::Snapshot;

/// Most bytes of a log read for one request's hints; an editor shows far fewer.
const MAX_LOG_RANGE: usize = 8 << 20;

pub async fn inlay_hint(snapshot: &Snapshot, params: &InlayHintParams) -> Option<Vec<InlayHint>> {
    let span = snapshot.span(params.range);
    let hints = match snapshot.analysis.kind? {
        // A log's hints depend only on the lines shown: read those lines, nothing else.
        DocumentKind::Log => log_hints(snapshot, span),
        _ => snapshot.views().await?.structure.hints_in(span).to_vec(),
    };
    Some(
        hints
            .into_iter()
            .map(|hint| InlayHint {
                position: crate::lsp::position::to_position(
                    &snapshot.rope,
                    hint.offset,
                    snapshot.session.encoding,
                ),
                label: InlayHintLabel::String(hint.label),
                kind: Some(InlayHintKind::TYPE),
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    )
}

/// The hints of the whole lines covering `span`, read from those lines of the rope.
fn log_hints(snapshot: &Snapshot, span: std::ops::Range<usize>) -> Vec<Hint> {
    let rope = &snapshot.rope;
    let len = rope.len_bytes();
    let first = rope.byte_to_line(span.start.min(len));
    let last = rope.byte_to_line(span.end.min(len));
    let start = rope.line_to_byte(first);
    let end = rope.line_to_byte((last + 1).min(rope.len_lines()));
    let end = rope.char_to_byte(rope.byte_to_char(end.min(start + MAX_LOG_RANGE)));
    let lines = rope.byte_slice(start..end).to_string();
    let local = span.start.saturating_sub(start)..span.end.saturating_sub(start);
    let mut hints =
        structure::inlay_hints_in(&lines, DocumentKind::Log, snapshot.session.lang, local);
    for hint in &mut hints {
        hint.offset += start;
    }
    hints
}
