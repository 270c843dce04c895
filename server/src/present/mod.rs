//! What the reader sees for a finding, shared by the LSP layer and the CLI so a hover and a
//! `check` line always say the same thing.

use crate::analysis::{Finding, FindingKind, Severity};
use crate::catalog::{
    Answer, Catalog, Others, Pick, Query, localize_link, render_markdown_with, render_plain,
};
use crate::lang::{Lang, Tr};
use crate::settings::Settings;

pub mod hops;

/// True for findings that become diagnostics under these settings; the others stay hoverable.
pub fn is_reported(finding: &Finding, settings: &Settings) -> bool {
    match finding.kind {
        FindingKind::NdrLabel => false,
        FindingKind::Auth if !settings.auth_diagnostics => false,
        FindingKind::AntiSpam if !settings.antispam_diagnostics => false,
        // Hints are hover-only: success codes unless asked for, codes quoted in rule files.
        FindingKind::StatusCode | FindingKind::ReplyCode if finding.severity == Severity::Hint => {
            settings.success_codes && finding.code.starts_with('2')
        }
        FindingKind::Rule if finding.severity == Severity::Hint => false,
        // A delivered (relayed, expanded) recipient is a success, shown with the success codes.
        FindingKind::Recipient if finding.severity == Severity::Hint => settings.success_codes,
        FindingKind::Auth | FindingKind::AntiSpam | FindingKind::Recipient => {
            finding.severity != Severity::Hint
        }
        _ => true,
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

const MISMATCH: Tr = Tr {
    en: "reply code {reply} and enhanced code {code} disagree on whether the failure is permanent",
    fr: "le code de réponse {reply} et le code étendu {code} ne s'accordent pas sur le caractère définitif de l'échec",
    it: "il codice di risposta {reply} e il codice esteso {code} non concordano sul carattere permanente dell'errore",
    ja: "応答コード {reply} と拡張ステータスコード {code} で、失敗が恒久的かどうかの判断が食い違っています",
};

const LINE_CUT: Tr = Tr {
    en: "this line is longer than 64 KiB: mail-lsp reads its first 64 KiB only",
    fr: "cette ligne dépasse 64 Kio : mail-lsp n'en lit que les 64 premiers Kio",
    it: "questa riga supera i 64 KiB: mail-lsp ne legge solo i primi 64 KiB",
    ja: "この行は 64 KiB を超えています。mail-lsp は先頭の 64 KiB だけを読み取ります",
};

const UNKNOWN: Tr = Tr {
    en: "no explanation is known for {code}",
    fr: "aucune explication connue pour {code}",
    it: "nessuna spiegazione nota per {code}",
    ja: "{code} の説明は見つかりません",
};

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
        return MISMATCH
            .get(lang)
            .replace(
                "{reply}",
                &finding.reply.map(|r| r.to_string()).unwrap_or_default(),
            )
            .replace("{code}", &finding.code);
    }
    if finding.kind == FindingKind::Limit && finding.code.as_str() == "limit:line-length" {
        return LINE_CUT.get(lang).to_string();
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
        None => UNKNOWN.get(lang).replace("{code}", &display_code(finding)),
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
