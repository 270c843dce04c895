//! `textDocument/documentSymbol`: the outline of the version's structure in LSP shapes.

use ropey::Rope;
use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

use crate::analysis::structure::{Symbol, SymbolKind as Kind};
use crate::lsp::position::{Encoding, to_range};
use crate::lsp::snapshot::Snapshot;

/// The outline, or `None` for a document of no known kind.
pub async fn document_symbol(snapshot: &Snapshot) -> Option<Vec<DocumentSymbol>> {
    let views = snapshot.views().await?;
    let (rope, encoding) = (snapshot.rope.clone(), snapshot.session.encoding);
    // Converting a large log's outline to positions is real work: off the async threads.
    tokio::task::spawn_blocking(move || {
        views
            .structure
            .outline
            .iter()
            .map(|symbol| convert(symbol, &rope, encoding))
            .collect()
    })
    .await
    .ok()
}

fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Group => SymbolKind::NAMESPACE,
        Kind::Header => SymbolKind::FIELD,
        Kind::Part => SymbolKind::MODULE,
        Kind::Recipient => SymbolKind::OBJECT,
        Kind::Message => SymbolKind::EVENT,
        Kind::Line => SymbolKind::STRING,
        Kind::Truncated => SymbolKind::NULL,
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the LSP type.
fn convert(symbol: &Symbol, rope: &Rope, encoding: Encoding) -> DocumentSymbol {
    let range = to_range(rope, &symbol.span, encoding);
    let mut selection = to_range(rope, &symbol.selection, encoding);
    // Clients require the selection to lie inside the range.
    if selection.start < range.start || selection.end > range.end {
        selection = range;
    }
    DocumentSymbol {
        name: if symbol.name.is_empty() {
            "—".into()
        } else {
            symbol.name.clone()
        },
        detail: symbol.detail.clone(),
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: Some(
            symbol
                .children
                .iter()
                .map(|child| convert(child, rope, encoding))
                .collect(),
        ),
    }
}
