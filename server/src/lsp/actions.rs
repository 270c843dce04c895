//! Code actions: from a finding to its fix in one step.

use ropey::Rope;
use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Command, Uri};

use crate::analysis::Finding;
use crate::catalog::Catalog;
use crate::lang::{Lang, Tr};
use crate::present;

/// The command the server runs to open a URL in the user's browser (`window/showDocument`).
pub const OPEN_URL: &str = "mail-lsp.openUrl";
/// The command that shows a finding's full explanation.
pub const EXPLAIN: &str = "mail-lsp.explain";

const OPEN: Tr = Tr {
    en: "Open remediation: {title}",
    fr: "Ouvrir la solution : {title}",
    it: "Apri la soluzione: {title}",
    ja: "対処方法を開く: {title}",
};
const EXPLAIN_TITLE: Tr = Tr {
    en: "Explain {code} in detail",
    fr: "Expliquer {code} en détail",
    it: "Spiega {code} in dettaglio",
    ja: "{code} を詳しく説明",
};

/// Actions for the findings overlapping the requested byte range.
pub fn actions(
    findings: &[&Finding],
    _uri: &Uri,
    _rope: &Rope,
    catalog: &Catalog,
    lang: Lang,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for finding in findings {
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
                title: OPEN
                    .get(lang)
                    .replace("{title}", &format!("{code} — {title}")),
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
            title: EXPLAIN_TITLE.get(lang).replace("{code}", &code),
            kind: Some(CodeActionKind::EMPTY),
            command: Some(Command {
                title: EXPLAIN_TITLE.get(lang).replace("{code}", &code),
                command: EXPLAIN.into(),
                arguments: Some(vec![serde_json::json!({
                    "code": finding.code.as_ref(),
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
