//! Undelivered recipients as the findings report them, one per address, and the code-lens line
//! that sums them up.

use crate::analysis::{Detail, Finding, FindingKind, Severity, codes};
use crate::catalog::sentences::word;
use crate::delivery::Action;
use crate::lang::Lang;

use super::labels::{
    self, DELAYED_MANY, DELAYED_ONE, FAILED_MANY, FAILED_ONE, LIST_INTRO, NO_CODE,
};

/// Most recipients listed.
const MAX_RECIPIENTS: usize = 1_000;

/// Whether a recipient failed for good or is still being retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    Failed,
    Delayed,
}

/// One undelivered recipient, from its first `Recipient` finding.
pub(crate) struct Recipient<'f> {
    pub finding: &'f Finding,
    pub address: String,
    pub code: Option<String>,
    pub fate: Fate,
}

/// The failed and delayed recipients of `findings`, in order, each address once (a bounce names
/// a recipient in its text and again in its delivery-status part).
pub(crate) fn recipients(findings: &[Finding]) -> Vec<Recipient<'_>> {
    let mut out: Vec<Recipient<'_>> = Vec::new();
    for finding in findings.iter().filter(|f| f.kind == FindingKind::Recipient) {
        let Some(fate) = fate(finding) else { continue };
        let address = address(finding);
        let code = code(finding);
        if let Some(seen) = out
            .iter_mut()
            .find(|r| !address.is_empty() && r.address.eq_ignore_ascii_case(&address))
        {
            // A later finding may know the code the first one lacked.
            if seen.code.is_none() {
                seen.code = code;
            }
            continue;
        }
        if out.len() >= MAX_RECIPIENTS {
            break;
        }
        out.push(Recipient {
            finding,
            address,
            code,
            fate,
        });
    }
    out
}

fn verdict(finding: &Finding) -> Option<&crate::analysis::message::Verdict> {
    match &finding.detail {
        Some(Detail::Recipient(verdict)) => Some(verdict),
        _ => None,
    }
}

fn address(finding: &Finding) -> String {
    finding
        .context
        .recipient
        .as_deref()
        .or_else(|| verdict(finding).map(|v| v.recipient.as_str()))
        .unwrap_or_default()
        .trim_matches(['<', '>', ' '])
        .to_string()
}

/// The enhanced status code, or the reply code when there is none.
fn code(finding: &Finding) -> Option<String> {
    let is_status = |code: &str| codes::code_at(code.trim().as_bytes(), 0).is_some();
    verdict(finding)
        .and_then(|v| v.status.as_deref())
        .filter(|s| is_status(s))
        .or_else(|| Some(finding.code.as_str()).filter(|c| is_status(c)))
        .map(|s| s.trim().to_string())
        .or_else(|| {
            finding
                .reply
                .or_else(|| verdict(finding).and_then(|v| v.reply))
                .map(|r| r.to_string())
        })
}

/// Failed or delayed, from the DSN action, else the code's class, else the severity. Delivered,
/// relayed and expanded recipients have no fate here.
fn fate(finding: &Finding) -> Option<Fate> {
    let action = finding
        .context
        .action
        .or_else(|| verdict(finding).and_then(|v| v.action));
    match action {
        Some(Action::Failed) => return Some(Fate::Failed),
        Some(Action::Delayed) => return Some(Fate::Delayed),
        Some(Action::Delivered | Action::Relayed | Action::Expanded) => return None,
        _ => {}
    }
    match code(finding).as_deref().and_then(|c| c.bytes().next()) {
        Some(b'5') => Some(Fate::Failed),
        Some(b'4') => Some(Fate::Delayed),
        Some(_) => None,
        None => match finding.severity {
            Severity::Error => Some(Fate::Failed),
            Severity::Warning => Some(Fate::Delayed),
            _ => None,
        },
    }
}

/// `2 recipients failed: 5.1.1 ×1, 5.7.509 ×1` (then the delayed ones, when there are any).
pub(crate) fn bounce_summary(findings: &[Finding], lang: Lang) -> Option<String> {
    let recipients = recipients(findings);
    let mut sentences = Vec::new();
    for (fate, one, many) in [
        (Fate::Failed, FAILED_ONE, FAILED_MANY),
        (Fate::Delayed, DELAYED_ONE, DELAYED_MANY),
    ] {
        let group: Vec<_> = recipients.iter().filter(|r| r.fate == fate).collect();
        if group.is_empty() {
            continue;
        }
        let mut tally: Vec<(String, usize)> = Vec::new();
        for recipient in &group {
            let code = recipient
                .code
                .clone()
                .unwrap_or_else(|| word(&NO_CODE, lang).to_string());
            match tally.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => tally.push((code, 1)),
            }
        }
        // Most frequent first; ties keep the order of the document.
        tally.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let list: Vec<String> = tally
            .iter()
            .map(|(code, n)| format!("{code} ×{n}"))
            .collect();
        sentences.push(format!(
            "{}{}{}",
            labels::count(one, many, lang, group.len()),
            word(&LIST_INTRO, lang),
            list.join(", ")
        ));
    }
    (!sentences.is_empty()).then(|| sentences.join("; "))
}
