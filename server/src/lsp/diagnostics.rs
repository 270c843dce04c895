//! Findings to diagnostics: severity mapping, the per-document cap and its visible summary.

use ropey::Rope;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range};

use super::position::{Encoding, to_range};
use crate::analysis::{Finding, Severity};
use crate::catalog::Catalog;
use crate::catalog::sentences::say;
use crate::lang::Lang;

crate::keys! {
    CAPPED = "interface.diagnostics.capped" (shown, more);
    WHO_ACTS = "interface.diagnostics.who-acts" (message, who);
    FAILED = "interface.diagnostics.failed" (reason);
    READING = "interface.diagnostics.reading" (size);
}
use crate::present::{self, is_reported};
use crate::settings::Settings;

fn lsp_severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Builds the diagnostics of a document, capped, with a summary when the cap cuts. `reported`
/// is how many findings the settings report when that is known already (see
/// [`super::engine::Analysis::reported`]): the findings past the cap are then not read at all.
pub fn build(
    findings: &[Finding],
    reported: Option<usize>,
    rope: &Rope,
    encoding: Encoding,
    settings: &Settings,
    catalog: &Catalog,
    lang: Lang,
) -> Vec<Diagnostic> {
    let cap = settings.max_per_document;
    // One pass over the findings: a large log holds close to a million.
    let mut total = 0usize;
    let mut out: Vec<Diagnostic> = Vec::new();
    for finding in findings.iter().filter(|f| is_reported(f, settings)) {
        total += 1;
        if out.len() >= cap {
            if reported.is_some() {
                break;
            }
            continue;
        }
        let answer = present::answer_for(finding, catalog);
        out.push(Diagnostic {
            range: to_range(rope, &finding.span, encoding),
            severity: Some(lsp_severity(finding.severity)),
            code: Some(NumberOrString::String(finding.code.to_string())),
            source: Some("mail-lsp".into()),
            message: present::message(finding, answer.as_ref(), lang),
            ..Diagnostic::default()
        });
    }
    let total = reported.unwrap_or(total);
    if total > cap {
        let message = say(
            &CAPPED,
            [&cap.to_string(), &(total - cap).to_string()],
            lang,
        );
        out.push(document_note("max-per-document", message));
    }
    out
}

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
        diagnostic.message = say(&WHO_ACTS, [&diagnostic.message, who], lang);
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

/// The diagnostic at the top of a document whose analysis stopped on an internal error, so the
/// reader knows the silence is not a clean bill.
pub fn analysis_failed(failure: &crate::analysis::Failure, lang: Lang) -> Diagnostic {
    Diagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        ..document_note(
            "analysis-failed",
            say(&FAILED, [&failure.to_string()], lang),
        )
    }
}

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
    let mut out: Vec<Diagnostic> = build(findings, None, rope, encoding, settings, catalog, lang)
        .into_iter()
        .filter(|d| d.code != Some(NumberOrString::String("max-per-document".into())))
        .collect();
    let megabytes = rope.len_bytes().div_ceil(1 << 20);
    out.push(document_note(
        "reading",
        say(&READING, [&megabytes.to_string()], lang),
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
            None,
            &rope,
            Encoding::Utf16,
            &settings,
            catalog::builtin(),
            Lang::En,
        );
        assert_eq!(codes(&built), ["5.1.1", "4.4.7", "max-per-document"]);
        // With the count known, the findings past the cap are not read, and the same is said.
        let counted = build(
            &findings,
            Some(3),
            &rope,
            Encoding::Utf16,
            &settings,
            catalog::builtin(),
            Lang::En,
        );
        assert_eq!(counted, built);
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
