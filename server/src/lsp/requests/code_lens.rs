//! `textDocument/codeLens`: the summary lens at the top of a bounce ("2 recipients failed:
//! 5.1.1 ×1, 5.7.509 ×1"), read from the recipient findings, and on the first Received field of
//! each chain its length and duration ("Received chain: 4 hops · 18 s from the first hop to the
//! last"), whose hover shows the hop table.

use tower_lsp_server::ls_types::{CodeLens, Command, Position, Range};

use crate::analysis::{DocumentKind, structure};
use crate::lsp::snapshot::Snapshot;
use crate::present;

/// A lens with a no-op title command renders as plain text in every client.
fn text_lens(range: Range, title: String) -> CodeLens {
    CodeLens {
        range,
        command: Some(Command {
            title,
            command: String::new(),
            arguments: None,
        }),
        data: None,
    }
}

pub async fn code_lens(snapshot: &Snapshot) -> Option<Vec<CodeLens>> {
    if snapshot.analysis.kind != Some(DocumentKind::Message) {
        return None;
    }
    let lang = snapshot.session.lang;
    let mut lenses: Vec<CodeLens> = structure::bounce_summary(&snapshot.analysis.findings, lang)
        .map(|title| text_lens(Range::new(Position::new(0, 0), Position::new(0, 0)), title))
        .into_iter()
        .collect();
    if let Some(views) = snapshot.views().await {
        for table in views.structure.hops.iter().filter(|t| t.rows.len() > 1) {
            let start = snapshot.range(&(table.span.start..table.span.start)).start;
            lenses.push(text_lens(
                Range::new(start, start),
                present::hops::lens_title(table, lang),
            ));
        }
    }
    Some(lenses)
}
