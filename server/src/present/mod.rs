//! What the reader sees for a finding, shared by the LSP layer and the CLI so a hover and a
//! `check` line always say the same thing.

use crate::analysis::{Finding, FindingKind, Severity};
use crate::catalog::sentences::{say, word};
use crate::catalog::{
    Answer, Catalog, Others, Pick, Query, localize_link, render_markdown_with, render_plain,
};
use crate::lang::Lang;

crate::keys! {
    MISMATCH = "interface.present.mismatch" (reply, code);
    LINE_CUT = "interface.present.line-cut";
    UNKNOWN = "interface.present.unknown" (code);
}
use crate::settings::Settings;

pub mod hops;

/// True for findings that become diagnostics under these settings; the others stay hoverable.
pub fn is_reported(finding: &Finding, settings: &Settings) -> bool {
    ReportFilter::of(settings).admits(finding)
}

/// The settings [`is_reported`] reads, so a count of reported findings can be kept together
/// with the settings it was counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportFilter {
    auth: bool,
    antispam: bool,
    success_codes: bool,
}

impl ReportFilter {
    pub fn of(settings: &Settings) -> Self {
        ReportFilter {
            auth: settings.auth_diagnostics,
            antispam: settings.antispam_diagnostics,
            success_codes: settings.success_codes,
        }
    }

    /// See [`is_reported`].
    pub fn admits(self, finding: &Finding) -> bool {
        match finding.kind {
            FindingKind::NdrLabel => false,
            FindingKind::Auth if !self.auth => false,
            FindingKind::AntiSpam if !self.antispam => false,
            // Hints are hover-only: success codes unless asked for, codes quoted in rule files.
            FindingKind::StatusCode | FindingKind::ReplyCode
                if finding.severity == Severity::Hint =>
            {
                self.success_codes && finding.code.starts_with('2')
            }
            FindingKind::Rule if finding.severity == Severity::Hint => false,
            // A delivered (relayed, expanded) recipient is a success, shown with the success codes.
            FindingKind::Recipient if finding.severity == Severity::Hint => self.success_codes,
            FindingKind::Auth | FindingKind::AntiSpam | FindingKind::Recipient => {
                finding.severity != Severity::Hint
            }
            _ => true,
        }
    }
}

/// Looks a finding up in the catalog.
pub fn answer_for(finding: &Finding, catalog: &Catalog) -> Option<Answer> {
    let code = finding.code.as_str();
    let query = Query {
        code,
        reply: finding.reply,
        text: finding.text.as_deref(),
        provider: finding.provider,
    };
    match finding.kind {
        FindingKind::Limit | FindingKind::Rule
            if finding.note.is_some() && catalog_key_absent(code) =>
        {
            None
        }
        _ => catalog.lookup(&query),
    }
}

fn catalog_key_absent(code: &str) -> bool {
    code.is_empty()
}

/// How a finding's code is shown: `550 5.1.1`, `5.1.1`, `spf=fail`.
pub fn display_code(finding: &Finding) -> String {
    match finding.reply {
        Some(reply)
            if finding.kind != FindingKind::ReplyCode
                && reply.to_string() != finding.code.as_str() =>
        {
            format!("{reply} {}", finding.code)
        }
        _ => finding.code.to_string(),
    }
}

/// The one-line message of a diagnostic or `check` line.
pub fn message(finding: &Finding, answer: Option<&Answer>, lang: Lang) -> String {
    if finding.kind == FindingKind::ClassMismatch {
        return say(
            &MISMATCH,
            [
                &finding.reply.map(|r| r.to_string()).unwrap_or_default(),
                &finding.code,
            ],
            lang,
        );
    }
    if finding.kind == FindingKind::Limit && finding.code.as_str() == "limit:line-length" {
        return word(&LINE_CUT, lang).to_string();
    }
    if let Some(message) = finding.detail.as_ref().and_then(|d| d.message(lang)) {
        return message;
    }
    if let Some(note) = &finding.note {
        return note.to_string();
    }
    match answer {
        Some(answer) => format!(
            "{}: {} ({})",
            display_code(finding),
            answer.entry.title.get(lang),
            answer.entry.source.name.get(lang)
        ),
        None => say(&UNKNOWN, [&display_code(finding)], lang),
    }
}

/// The hover markdown for a finding.
pub fn hover_markdown(finding: &Finding, answer: Option<&Answer>, lang: Lang) -> String {
    hover_markdown_with(finding, answer, &Others::default(), lang)
}

/// The hover markdown for a finding, with the code's other meanings (see `Catalog::others`).
pub fn hover_markdown_with(
    finding: &Finding,
    answer: Option<&Answer>,
    others: &Others,
    lang: Lang,
) -> String {
    let mut out = match answer {
        Some(answer) => render_markdown_with(
            answer,
            &finding.code,
            finding.reply,
            lang,
            others,
            Pick::Editor,
        ),
        None => message(finding, None, lang),
    };
    if finding.kind == FindingKind::ClassMismatch {
        out = format!("⚠ {}\n\n---\n\n{out}", message(finding, None, lang));
    }
    if let Some(detail) = &finding.detail {
        let top = detail.markdown(lang);
        if !top.is_empty() {
            out = if answer.is_some() {
                format!("{top}\n\n---\n\n{out}")
            } else {
                top
            };
        }
    }
    if let Some(note) = &finding.note
        && answer.is_some()
    {
        out = format!("{note}\n\n---\n\n{out}");
    }
    out
}

/// The plain-text explanation for `explain` and verbose `check` output.
pub fn plain(answer: &Answer, code: &str, reply: Option<u16>, lang: Lang) -> String {
    render_plain(answer, code, reply, lang)
}

/// The remediation links of an answer, in the reader's language.
pub fn links(answer: &Answer, lang: Lang) -> Vec<String> {
    answer
        .entry
        .links
        .iter()
        .map(|link| localize_link(link, lang))
        .collect()
}
