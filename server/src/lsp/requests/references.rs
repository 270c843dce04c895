//! `textDocument/references` and `textDocument/documentHighlight`: every line of the log
//! message whose queue ID or Message-ID is under the cursor.

use tower_lsp_server::ls_types::{
    DocumentHighlight, DocumentHighlightKind, Location, Position, Range,
};

use crate::analysis::{DocumentKind, structure};
use crate::lsp::snapshot::Snapshot;

pub async fn references(snapshot: &Snapshot, position: Position) -> Option<Vec<Location>> {
    let ranges = occurrences(snapshot, position).await?;
    Some(
        ranges
            .into_iter()
            .map(|range| Location {
                uri: snapshot.uri.clone(),
                range,
            })
            .collect(),
    )
}

pub async fn document_highlight(
    snapshot: &Snapshot,
    position: Position,
) -> Option<Vec<DocumentHighlight>> {
    let ranges = occurrences(snapshot, position).await?;
    Some(
        ranges
            .into_iter()
            .map(|range| DocumentHighlight {
                range,
                kind: Some(DocumentHighlightKind::TEXT),
            })
            .collect(),
    )
}

/// The ranges of every occurrence of the ID under the cursor, searched in the version's text.
async fn occurrences(snapshot: &Snapshot, position: Position) -> Option<Vec<Range>> {
    if snapshot.analysis.kind != Some(DocumentKind::Log) {
        return None;
    }
    let views = snapshot.views().await?;
    let offset = snapshot.offset(position);
    let (rope, encoding) = (snapshot.rope.clone(), snapshot.session.encoding);
    tokio::task::spawn_blocking(move || {
        let (_, spans) = structure::message_ids_at(&views.text, offset)?;
        let ranges: Vec<Range> = spans
            .iter()
            .map(|span| crate::lsp::position::to_range(&rope, span, encoding))
            .collect();
        (!ranges.is_empty()).then_some(ranges)
    })
    .await
    .ok()
    .flatten()
}
