//! `textDocument/completion`: status codes in rule files, each with its catalog meaning.

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionTextEdit, Documentation,
    MarkupContent, MarkupKind, TextEdit,
};

use crate::analysis::{DocumentKind, Provider, rules};
use crate::catalog::{Query, render_markdown};
use crate::lsp::snapshot::Snapshot;

/// Codes that fit the cursor's place in a rule file; nothing elsewhere.
pub async fn completion(snapshot: &Snapshot, params: &CompletionParams) -> Vec<CompletionItem> {
    if snapshot.analysis.kind != Some(DocumentKind::Rules) {
        return Vec::new();
    }
    let Some(views) = snapshot.views().await else {
        return Vec::new();
    };
    let text: &str = &views.text;
    let offset = snapshot.offset(params.text_document_position.position);
    let (catalog, lang) = (&snapshot.session.catalog, snapshot.session.lang);
    let powershell = rules::dialect(text) == rules::Dialect::PowerShell;
    rules::completions(text, offset)
        .into_iter()
        .enumerate()
        .map(|(rank, completion)| {
            let provider = powershell.then_some(Provider::Microsoft);
            let answer = catalog.lookup(&Query {
                code: &completion.code,
                provider,
                ..Query::default()
            });
            CompletionItem {
                label: completion.label.clone(),
                kind: Some(CompletionItemKind::VALUE),
                detail: answer.as_ref().map(|a| a.entry.title.get(lang).clone()),
                documentation: answer.as_ref().map(|a| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: render_markdown(a, &completion.code, None, lang),
                    })
                }),
                sort_text: Some(format!("{rank:04}")),
                filter_text: Some(completion.code.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: snapshot.range(&completion.replace),
                    new_text: completion.code.clone(),
                })),
                ..CompletionItem::default()
            }
        })
        .collect()
}
