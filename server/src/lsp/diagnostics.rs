//! Findings to diagnostics: severity mapping, the per-document cap and its visible summary.

use ropey::Rope;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range};

use super::position::{Encoding, to_range};
use crate::analysis::{Finding, Severity};
use crate::catalog::Catalog;
use crate::lang::{Lang, Tr};
use crate::present::{self, is_reported};
use crate::settings::Settings;

const CAPPED: Tr = Tr {
    en: "mail-lsp shows the first {shown} findings of this document; {more} more are not shown (setting diagnostics.maxPerDocument). Hover and the outline still cover the whole document.",
    fr: "mail-lsp affiche les {shown} premiers résultats de ce document ; {more} autres ne sont pas affichés (paramètre diagnostics.maxPerDocument). Le survol et le plan couvrent tout le document.",
    it: "mail-lsp mostra i primi {shown} risultati di questo documento; altri {more} non sono mostrati (impostazione diagnostics.maxPerDocument). Hover e struttura coprono comunque tutto il documento.",
    ja: "mail-lsp はこの文書の最初の {shown} 件を表示しています。残り {more} 件は表示されていません（設定 diagnostics.maxPerDocument）。ホバーとアウトラインは文書全体で使えます。",
};

fn lsp_severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Builds the diagnostics of a document, capped, with a summary when the cap cuts.
pub fn build(
    findings: &[Finding],
    rope: &Rope,
    encoding: Encoding,
    settings: &Settings,
    catalog: &Catalog,
    lang: Lang,
) -> Vec<Diagnostic> {
    let reported = findings.iter().filter(|f| is_reported(f, settings));
    let total = findings.iter().filter(|f| is_reported(f, settings)).count();
    let cap = settings.max_per_document;
    let mut out: Vec<Diagnostic> = reported
        .take(cap)
        .map(|finding| {
            let answer = present::answer_for(finding, catalog);
            Diagnostic {
                range: to_range(rope, &finding.span, encoding),
                severity: Some(lsp_severity(finding.severity)),
                code: Some(NumberOrString::String(finding.code.to_string())),
                source: Some("mail-lsp".into()),
                message: present::message(finding, answer.as_ref(), lang),
                ..Diagnostic::default()
            }
        })
        .collect();
    if total > cap {
        let message = CAPPED
            .get(lang)
            .replace("{shown}", &cap.to_string())
            .replace("{more}", &(total - cap).to_string());
        out.push(document_note("max-per-document", message));
    }
    out
}

const WHO_ACTS: Tr = Tr {
    en: "{message} — who acts: {who}",
    fr: "{message} — qui agit : {who}",
    it: "{message} — chi interviene: {who}",
    ja: "{message} — 対応者: {who}",
};

/// Adds who must act to each message, for documents the editor cannot hover (a file the server
/// read from disk itself): the message is then all the reader sees of the explanation.
pub fn with_who_acts(
    diagnostics: &mut [Diagnostic],
    findings: &[Finding],
    settings: &Settings,
    catalog: &Catalog,
    lang: Lang,
) {
    let reported = findings
        .iter()
        .filter(|f| is_reported(f, settings))
        .take(settings.max_per_document);
    for (diagnostic, finding) in diagnostics.iter_mut().zip(reported) {
        // Document notes (the cap, a failure) carry their own codes and are left as they are.
        if diagnostic.code != Some(NumberOrString::String(finding.code.to_string())) {
            continue;
        }
        let Some(answer) = present::answer_for(finding, catalog) else {
            continue;
        };
        if answer.entry.fix_owner == crate::catalog::FixOwner::None {
            continue;
        }
        let who = crate::catalog::fix_owner_label(answer.entry.fix_owner, lang);
        diagnostic.message = WHO_ACTS
            .get(lang)
            .replace("{message}", &diagnostic.message)
            .replace("{who}", who);
    }
}

/// A note about the document as a whole, shown at its top.
fn document_note(code: &str, message: String) -> Diagnostic {
    Diagnostic {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String(code.into())),
        source: Some("mail-lsp".into()),
        message,
        ..Diagnostic::default()
    }
}

const FAILED: Tr = Tr {
    en: "mail-lsp could not analyse this document: {reason}. This is a bug in mail-lsp, not a problem with the document; its findings are missing.",
    fr: "mail-lsp n'a pas pu analyser ce document : {reason}. C'est un défaut de mail-lsp, pas un problème du document ; ses résultats manquent.",
    it: "mail-lsp non è riuscito ad analizzare questo documento: {reason}. È un difetto di mail-lsp, non un problema del documento; i suoi risultati mancano.",
    ja: "mail-lsp はこの文書を解析できませんでした: {reason}。文書の問題ではなく mail-lsp の不具合です。この文書の診断は表示されていません。",
};

/// The diagnostic at the top of a document whose analysis stopped on an internal error, so the
/// reader knows the silence is not a clean bill.
pub fn analysis_failed(failure: &crate::analysis::Failure, lang: Lang) -> Diagnostic {
    Diagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        ..document_note(
            "analysis-failed",
            FAILED.get(lang).replace("{reason}", &failure.to_string()),
        )
    }
}

const READING: Tr = Tr {
    en: "mail-lsp is still reading this document ({size} MB): these diagnostics cover its first lines, the rest follow shortly.",
    fr: "mail-lsp lit encore ce document ({size} Mo) : ces diagnostics couvrent ses premières lignes, la suite arrive.",
    it: "mail-lsp sta ancora leggendo questo documento ({size} MB): questi avvisi coprono le prime righe, il resto arriva a breve.",
    ja: "mail-lsp はこの文書（{size} MB）をまだ読み込み中です。表示中の診断は冒頭部分のもので、残りはまもなく表示されます。",
};

/// Diagnostics of the first lines of a large log, published while the rest is analysed, with
/// one diagnostic saying that more are coming.
pub fn preview(
    findings: &[Finding],
    rope: &Rope,
    encoding: Encoding,
    settings: &Settings,
    catalog: &Catalog,
    lang: Lang,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = build(findings, rope, encoding, settings, catalog, lang)
        .into_iter()
        .filter(|d| d.code != Some(NumberOrString::String("max-per-document".into())))
        .collect();
    let megabytes = rope.len_bytes().div_ceil(1 << 20);
    out.push(document_note(
        "reading",
        READING.get(lang).replace("{size}", &megabytes.to_string()),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{DocumentKind, analyze};
    use crate::catalog;

    fn codes(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .filter_map(|d| match &d.code {
                Some(NumberOrString::String(code)) => Some(code.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_cap_keeps_a_summary_and_the_preview_says_more_is_coming() {
        let text = "Status: 5.1.1\nStatus: 4.4.7\nStatus: 5.2.2\n";
        let rope = Rope::from_str(text);
        let findings = analyze(text, DocumentKind::Log);
        let settings = Settings {
            max_per_document: 2,
            ..Settings::default()
        };
        let built = build(
            &findings,
            &rope,
            Encoding::Utf16,
            &settings,
            catalog::builtin(),
            Lang::En,
        );
        assert_eq!(codes(&built), ["5.1.1", "4.4.7", "max-per-document"]);
        let preview = preview(
            &findings,
            &rope,
            Encoding::Utf16,
            &settings,
            catalog::builtin(),
            Lang::Fr,
        );
        assert_eq!(codes(&preview), ["5.1.1", "4.4.7", "reading"]);
        assert!(
            preview[2].message.contains("lit encore"),
            "{}",
            preview[2].message
        );
    }

    #[test]
    fn hover_only_findings_are_not_reported() {
        let text = "New-TransportRule -Name x -RejectMessageEnhancedStatusCode 5.7.1\n";
        let findings = analyze(text, DocumentKind::Rules);
        assert!(!findings.is_empty());
        assert!(
            findings
                .iter()
                .all(|f| !is_reported(f, &Settings::default()))
        );
        let sent = analyze(
            "Nov  4 mx postfix/smtp[1]: A1: to=<a@b.c>, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n",
            DocumentKind::Log,
        );
        let with_success = Settings {
            success_codes: true,
            ..Settings::default()
        };
        assert!(sent.iter().any(|f| is_reported(f, &with_success)));
        assert!(sent.iter().all(|f| !is_reported(f, &Settings::default())));
    }
}
