//! Completion of status codes in rule files, each with its catalog meaning.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use super::position::{Encoding, to_range};
use crate::analysis::{Provider, rules};
use crate::catalog::{Catalog, Query, render_markdown};
use crate::lang::Lang;

pub fn items(
    text: &str,
    offset: usize,
    rope: &Rope,
    encoding: Encoding,
    catalog: &Catalog,
    lang: Lang,
) -> Vec<CompletionItem> {
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
                    range: to_range(rope, &completion.replace, encoding),
                    new_text: completion.code.clone(),
                })),
                ..CompletionItem::default()
            }
        })
        .collect()
}
