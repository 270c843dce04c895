//! `textDocument/codeAction`: from a finding to its fix in one step.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, TextEdit,
    WorkspaceEdit,
};

use crate::analysis::{Detail, Finding};
use crate::catalog::sentences::say;

crate::keys! {
    COPY_DNS = "interface.code-action.copy-dns" (first);
    OPEN = "interface.code-action.open" (title);
    EXPLAIN_TITLE = "interface.code-action.explain-title" (code);
}
use crate::lsp::snapshot::Snapshot;
use crate::present;

/// The command the server runs to open a URL in the user's browser (`window/showDocument`).
pub const OPEN_URL: &str = "mail-lsp.openUrl";
/// The command that shows a finding's full explanation.
pub const EXPLAIN: &str = "mail-lsp.explain";
/// The command that hands the DNS lookups verifying an authentication finding to the user.
pub const DNS_LOOKUPS: &str = "mail-lsp.copyDnsLookups";

/// Actions for the findings overlapping the requested byte range.
pub fn code_action(snapshot: &Snapshot, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let span = snapshot.span(params.range);
    let findings = overlapping(&snapshot.analysis.findings, &span);
    let (catalog, lang, uri) = (
        &snapshot.session.catalog,
        snapshot.session.lang,
        &snapshot.uri,
    );
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for finding in findings {
        match &finding.detail {
            Some(Detail::Rule(problem)) => {
                for (index, fix) in problem.fixes.iter().enumerate() {
                    let edit = TextEdit {
                        range: snapshot.range(&fix.span),
                        new_text: fix.replacement.clone(),
                    };
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.get(lang),
                        kind: Some(CodeActionKind::QUICKFIX),
                        is_preferred: Some(index == 0),
                        edit: Some(WorkspaceEdit {
                            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                            ..WorkspaceEdit::default()
                        }),
                        ..CodeAction::default()
                    }));
                }
            }
            Some(Detail::Auth(detail))
                if !detail.dns_lookups.is_empty()
                    && seen.insert((detail.dns_lookups.join("\n"), 0, String::new())) =>
            {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: say(&COPY_DNS, [&detail.dns_lookups[0]], lang),
                    kind: Some(CodeActionKind::EMPTY),
                    command: Some(Command {
                        title: say(&COPY_DNS, [&detail.dns_lookups[0]], lang),
                        command: DNS_LOOKUPS.into(),
                        arguments: Some(
                            detail
                                .dns_lookups
                                .iter()
                                .map(|l| serde_json::Value::String(l.clone()))
                                .collect(),
                        ),
                    }),
                    ..CodeAction::default()
                }));
            }
            _ => {}
        }
        let Some(answer) = present::answer_for(finding, catalog) else {
            continue;
        };
        let code = present::display_code(finding);
        if !seen.insert((
            code.clone(),
            answer.entry.line,
            answer.entry.source.id.clone(),
        )) {
            continue;
        }
        let title = answer.entry.title.get(lang);
        for link in present::links(&answer, lang) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: say(&OPEN, [&format!("{code} — {title}")], lang),
                kind: Some(CodeActionKind::EMPTY),
                command: Some(Command {
                    title: title.clone(),
                    command: OPEN_URL.into(),
                    arguments: Some(vec![serde_json::Value::String(link)]),
                }),
                ..CodeAction::default()
            }));
        }
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: say(&EXPLAIN_TITLE, [&code], lang),
            kind: Some(CodeActionKind::EMPTY),
            command: Some(Command {
                title: say(&EXPLAIN_TITLE, [&code], lang),
                command: EXPLAIN.into(),
                arguments: Some(vec![serde_json::json!({
                    "code": finding.code.as_str(),
                    "reply": finding.reply,
                    "text": finding.text.as_deref(),
                    "provider": finding.provider,
                })]),
            }),
            ..CodeAction::default()
        }));
    }
    out
}

/// Findings overlapping a byte range (touching counts, so a cursor at a code's edge finds it).
pub fn overlapping<'f>(findings: &'f [Finding], span: &std::ops::Range<usize>) -> Vec<&'f Finding> {
    let end = findings.partition_point(|f| f.span.start <= span.end);
    findings[..end]
        .iter()
        .filter(|f| f.span.end >= span.start)
        .collect()
}
