//! Outline, folding, references, links, inlay hints and code lenses: the document structure of
//! `analysis::structure` translated into LSP shapes.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeLens, Command, DocumentHighlight, DocumentHighlightKind, DocumentLink, DocumentSymbol,
    FoldingRange, FoldingRangeKind, InlayHint, InlayHintKind, InlayHintLabel, Location, Position,
    Range, SymbolKind, Uri,
};

use super::position::{Encoding, to_position, to_range};
use crate::analysis::structure::{self, Symbol, SymbolKind as Kind};
use crate::analysis::{DocumentKind, Finding};
use crate::lang::Lang;

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
fn document_symbol(symbol: Symbol, rope: &Rope, encoding: Encoding) -> DocumentSymbol {
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
            symbol.name
        },
        detail: symbol.detail,
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: Some(
            symbol
                .children
                .into_iter()
                .map(|child| document_symbol(child, rope, encoding))
                .collect(),
        ),
    }
}

pub fn outline(
    text: &str,
    kind: DocumentKind,
    findings: &[Finding],
    rope: &Rope,
    encoding: Encoding,
    lang: Lang,
) -> Vec<DocumentSymbol> {
    structure::outline(text, kind, findings, lang)
        .into_iter()
        .map(|symbol| document_symbol(symbol, rope, encoding))
        .collect()
}

pub fn folding(text: &str, kind: DocumentKind, rope: &Rope) -> Vec<FoldingRange> {
    let mut out: Vec<FoldingRange> = structure::folding(text, kind)
        .into_iter()
        .filter_map(|span| {
            let start = rope.byte_to_line(span.start.min(rope.len_bytes()));
            let end = rope.byte_to_line(span.end.min(rope.len_bytes()));
            (end > start).then(|| FoldingRange {
                start_line: start as u32,
                end_line: end as u32,
                kind: Some(FoldingRangeKind::Region),
                ..FoldingRange::default()
            })
        })
        .collect();
    out.dedup_by_key(|r| (r.start_line, r.end_line));
    out
}

/// Every line of the message whose queue ID or Message-ID is under the cursor.
pub fn occurrences(text: &str, offset: usize, rope: &Rope, encoding: Encoding) -> Vec<Range> {
    structure::message_ids_at(text, offset)
        .map(|(_, spans)| {
            spans
                .iter()
                .map(|span| to_range(rope, span, encoding))
                .collect()
        })
        .unwrap_or_default()
}

pub fn references(uri: &Uri, ranges: Vec<Range>) -> Vec<Location> {
    ranges
        .into_iter()
        .map(|range| Location {
            uri: uri.clone(),
            range,
        })
        .collect()
}

pub fn highlights(ranges: Vec<Range>) -> Vec<DocumentHighlight> {
    ranges
        .into_iter()
        .map(|range| DocumentHighlight {
            range,
            kind: Some(DocumentHighlightKind::TEXT),
        })
        .collect()
}

pub fn links(text: &str, rope: &Rope, encoding: Encoding) -> Vec<DocumentLink> {
    structure::links(text)
        .into_iter()
        .filter_map(|(span, url)| {
            Some(DocumentLink {
                range: to_range(rope, &span, encoding),
                target: Some(url.parse::<Uri>().ok()?),
                tooltip: None,
                data: None,
            })
        })
        .collect()
}

pub fn inlay_hints(
    text: &str,
    kind: DocumentKind,
    span: std::ops::Range<usize>,
    rope: &Rope,
    encoding: Encoding,
    lang: Lang,
) -> Vec<InlayHint> {
    structure::inlay_hints_in(text, kind, lang, span)
        .into_iter()
        .map(|hint| InlayHint {
            position: to_position(rope, hint.offset, encoding),
            label: InlayHintLabel::String(hint.label),
            kind: Some(InlayHintKind::TYPE),
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect()
}

/// The summary lens at the top of a bounce: "2 recipients failed: 5.1.1 ×1, 5.7.509 ×1".
pub fn code_lenses(findings: &[Finding], lang: Lang) -> Vec<CodeLens> {
    structure::bounce_summary(findings, lang)
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
        .unwrap_or_default()
}
