//! `textDocument/codeLens`: the summary lens at the top of a bounce ("2 recipients failed:
//! 5.1.1 ×1, 5.7.509 ×1"), read from the recipient findings.

use tower_lsp_server::ls_types::{CodeLens, Command, Position, Range};

use crate::analysis::{DocumentKind, structure};
use crate::lsp::snapshot::Snapshot;

pub fn code_lens(snapshot: &Snapshot) -> Option<Vec<CodeLens>> {
    if snapshot.analysis.kind != Some(DocumentKind::Message) {
        return None;
    }
    let title = structure::bounce_summary(&snapshot.analysis.findings, snapshot.session.lang);
    Some(
        title
            .map(|title| {
                vec![CodeLens {
                    range: Range::new(Position::new(0, 0), Position::new(0, 0)),
                    // A lens with a no-op title command renders as plain text in every client.
                    command: Some(Command {
                        title,
                        command: String::new(),
                        arguments: None,
                    }),
                    data: None,
                }]
            })
            .unwrap_or_default(),
    )
}
