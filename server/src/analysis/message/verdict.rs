//! The verdict for one failed or delayed recipient: which of the codes around it explains the
//! failure, and how that is told to the reader in each language.

use std::ops::Range;

use super::reason;
use crate::analysis::{Detail, Finding, FindingKind, Provider, Severity, severity_for_class};
use crate::catalog::sentences::{say, word};
use crate::delivery::{Action, Reason};
use crate::lang::Lang;
use crate::sentence::Key;

crate::keys! {
    RECIPIENT = "message.verdict.recipient";
    ORIGINAL = "message.verdict.original";
    STATUS = "message.verdict.status";
    REASON = "message.verdict.reason";
    ACTS = "message.verdict.acts";
    PHASE = "message.verdict.phase";
    HARD = "message.verdict.hard";
    HARD_YES = "message.verdict.hard-yes";
    REMOTE = "message.verdict.remote";
    REPORTING = "message.verdict.reporting";
    DIAGNOSTIC = "message.verdict.diagnostic";
    RETRY = "message.verdict.retry";
    STAMP = "message.verdict.stamp" (stamp, status);
    FAILED = "message.verdict.failed";
    DELAYED = "message.verdict.delayed";
    DELIVERED = "message.verdict.delivered";
    RELAYED = "message.verdict.relayed";
    AUTO_REPLY = "message.verdict.auto-reply";
    FEEDBACK_REPORT = "message.verdict.feedback-report";
    EXPANDED = "message.verdict.expanded";
}

/// The longest diagnostic kept in a verdict, in bytes.
const MAX_DIAGNOSTIC: usize = 400;

/// Why one recipient failed or was delayed, as an experienced admin would sum it up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    pub recipient: String,
    /// The address as the sender wrote it, when the report gives it and it differs.
    pub original_recipient: Option<String>,
    /// `failed`, `delayed`, `delivered`, `relayed`, `expanded`.
    pub action: Option<Action>,
    /// The status that best explains the outcome.
    pub status: Option<String>,
    pub reply: Option<u16>,
    pub remote_mta: Option<String>,
    pub reporting_mta: Option<String>,
    /// The server's own words, unfolded and capped.
    pub diagnostic: Option<String>,
    /// The bounce reason class (`userunknown`, `mailboxfull` …).
    pub reason: Option<Reason>,
    /// A generic status stamp (`5.0.0`, `4.4.7`) that a more specific code replaced.
    pub generic_stamp: Option<String>,
    pub will_retry_until: Option<String>,
    /// The SMTP command the failing reply answered, when the report says.
    pub phase: Option<reason::Phase>,
}

/// Where a candidate status was read; earlier sources win ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// The `Status` field of a delivery-status block, or a log's `dsn=`.
    StatusField,
    /// The `Diagnostic-Code` field or a log line's response text.
    Diagnostic,
    /// The human-readable part of a bounce.
    Body,
}

/// One status code seen near a recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub code: String,
    pub reply: Option<u16>,
    pub origin: Origin,
}

/// How much a code says: `x.0.0` and the expiry stamp `x.4.7` say little, `x.y.0` names only a
/// subject, anything else names the cause.
pub fn specificity(code: &str) -> u8 {
    let mut parts = code.split('.').skip(1);
    match (parts.next(), parts.next()) {
        (Some("0"), Some("0")) | (Some("4"), Some("7")) => 0,
        (Some(_), Some("0")) => 1,
        _ => 2,
    }
}

/// True for the generic stamps a more specific diagnostic code replaces.
pub fn is_generic(code: &str) -> bool {
    specificity(code) == 0
}

/// Picks the status that best explains a failure: the `Status` field unless it is a generic
/// stamp, else the most specific code around (diagnostic before body among equals, then the
/// earliest). Success codes are ignored while failures are around.
pub fn choose(candidates: &[Candidate]) -> Option<&Candidate> {
    let failing = candidates.iter().any(|c| !c.code.starts_with('2'));
    let usable = |c: &&Candidate| !failing || !c.code.starts_with('2');
    // A server reply whose class contradicts the Status field (`Status: 4.5.0` over
    // `550 5.5.0`) is the truer account of what happened.
    let contradicts = |status: &Candidate| {
        candidates.iter().any(|c| {
            c.origin == Origin::Diagnostic
                && c.code.as_bytes().first() != status.code.as_bytes().first()
                && c.reply
                    .is_some_and(|r| Some(b'0' + (r / 100) as u8) == c.code.bytes().next())
        })
    };
    // The remote server's own reply (`550 5.7.1 …` in the Diagnostic-Code) is what happened;
    // a reporting MTA's Status field that names another specific code is its paraphrase.
    let remote_reply = candidates.iter().filter(usable).find(|c| {
        c.origin == Origin::Diagnostic
            && specificity(&c.code) == 2
            && c.reply
                .is_some_and(|r| Some(b'0' + (r / 100) as u8) == c.code.bytes().next())
    });
    if let Some(status) = candidates
        .iter()
        .filter(usable)
        .find(|c| c.origin == Origin::StatusField && !is_generic(&c.code) && !contradicts(c))
    {
        match remote_reply {
            Some(reply) if specificity(&status.code) < 2 || reply.code != status.code => {
                if specificity(&status.code) == 2 && status.code.get(..3) == reply.code.get(..3) {
                    // Same class and subject: the Status field's detail is as good.
                    return Some(status);
                }
                return Some(reply);
            }
            _ => return Some(status),
        }
    }
    candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| usable(c) && !(c.origin == Origin::StatusField && contradicts(c)))
        .max_by(|(ia, a), (ib, b)| {
            specificity(&a.code)
                .cmp(&specificity(&b.code))
                .then(b.origin.cmp(&a.origin))
                .then(ib.cmp(ia))
        })
        .map(|(_, c)| c)
}

impl Verdict {
    /// Fills status, reply, stamp and reason from the candidates and the diagnostic wording.
    pub fn decide(&mut self, candidates: &[Candidate], replies: &[u16]) {
        self.decide_in(candidates, replies, "");
    }

    /// [`Verdict::decide`], with the bounce's prose around the recipient (`context`) read for
    /// the SMTP phase and, when the diagnostic decides nothing, for the reason.
    pub fn decide_in(&mut self, candidates: &[Candidate], replies: &[u16], context: &str) {
        let chosen = choose(candidates);
        if let Some(chosen) = chosen {
            self.status = Some(chosen.code.clone());
            let class = chosen.code.as_bytes().first().copied();
            // The remote's own reply (a Diagnostic-Code, a log's response) before the one a
            // reporting MTA wrote in its prose (sendmail's `554 5.0.0 Service unavailable`).
            let same_class = |r: &u16| Some(b'0' + (r / 100) as u8) == class;
            self.reply = chosen.reply.or_else(|| {
                candidates
                    .iter()
                    .filter(|c| c.origin <= Origin::Diagnostic)
                    .filter_map(|c| c.reply)
                    .find(same_class)
                    .or_else(|| replies.iter().copied().find(same_class))
                    .or_else(|| candidates.iter().filter_map(|c| c.reply).find(same_class))
            });
            if let Some(stamp) = candidates
                .iter()
                .find(|c| c.origin == Origin::StatusField && c.code != chosen.code)
            {
                self.generic_stamp = Some(stamp.code.clone());
            }
        } else {
            let failing = |r: &&u16| **r >= 400;
            self.reply = replies.iter().find(failing).or(replies.first()).copied();
        }
        // A success code is a delivery, whatever the report's own word for it (`deliverable`)
        // or the `failed` assumed where a report names no action.
        let succeeded = self.status.as_deref().is_some_and(|s| s.starts_with('2'))
            || (self.status.is_none() && self.reply.is_some_and(|r| (200..300).contains(&r)));
        if succeeded
            && !matches!(
                self.action,
                Some(
                    Action::Delivered
                        | Action::Relayed
                        | Action::Expanded
                        | Action::AutoReplied
                        | Action::Feedback
                )
            )
        {
            self.action = Some(Action::Delivered);
        }
        let text = self.diagnostic.as_deref().unwrap_or_default();
        if self.phase.is_none() {
            self.phase = reason::phase(text).or_else(|| reason::phase(context));
        }
        if self.reason.is_none() {
            self.reason = reason::classify(&reason::Evidence {
                status: self.status.as_deref(),
                reply: self.reply,
                text,
                context,
                phase: self.phase,
                action: self.action,
            })
            .and_then(Reason::from_name);
        }
    }

    /// True when the same address will fail again: the reason is about the address itself and
    /// the failure is permanent.
    pub fn is_hard_bounce(&self) -> bool {
        let permanent = self.severity() == Severity::Error;
        permanent && self.reason.is_some_and(reason::is_hard)
    }

    /// Keeps a diagnostic, unfolded and capped.
    pub fn set_diagnostic(&mut self, text: &str) {
        let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.len() > MAX_DIAGNOSTIC {
            let mut cut = MAX_DIAGNOSTIC;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text.push('…');
        }
        if !text.is_empty() {
            self.diagnostic = Some(text);
        }
    }

    /// The severity of the outcome: by the status class, else by the action.
    pub fn severity(&self) -> Severity {
        if matches!(self.action, Some(Action::AutoReplied | Action::Feedback)) {
            return Severity::Information;
        }
        if let Some(class) = self.status.as_deref().and_then(|s| s.bytes().next()) {
            return severity_for_class(class);
        }
        if let Some(reply) = self.reply {
            return severity_for_class(b'0' + (reply / 100) as u8);
        }
        match self.action {
            Some(Action::Delayed) => Severity::Warning,
            Some(Action::Delivered | Action::Relayed | Action::Expanded) => Severity::Hint,
            _ => Severity::Error,
        }
    }

    /// The finding that carries this verdict, spanning the recipient address.
    pub fn into_finding(self, span: Range<usize>, message_id: Option<&str>) -> Finding {
        let code = self
            .status
            .clone()
            .or_else(|| self.reply.map(|r| r.to_string()))
            .unwrap_or_default();
        let mut finding = Finding::new(span, FindingKind::Recipient, code, self.severity());
        finding.reply = self.reply;
        finding.text = self.diagnostic.as_deref().map(Into::into);
        finding.provider = self.diagnostic.as_deref().and_then(Provider::detect);
        finding.context.recipient = Some(self.recipient.as_str().into());
        finding.context.message_id = message_id.map(Into::into);
        finding.context.remote_mta = self.remote_mta.as_deref().map(Into::into);
        finding.context.action = self.action;
        finding.context.reason = self.reason;
        finding.detail = Some(Detail::Recipient(Box::new(self)));
        finding
    }

    fn action_label(&self, lang: Lang) -> &'static str {
        match self.action {
            Some(Action::Delayed) => word(&DELAYED, lang),
            Some(Action::Delivered) => word(&DELIVERED, lang),
            Some(Action::Relayed) => word(&RELAYED, lang),
            Some(Action::Expanded) => word(&EXPANDED, lang),
            Some(Action::AutoReplied) => word(&AUTO_REPLY, lang),
            Some(Action::Feedback) => word(&FEEDBACK_REPORT, lang),
            Some(Action::Failed) | None => word(&FAILED, lang),
        }
    }

    fn code_label(&self) -> Option<String> {
        match (self.reply, &self.status) {
            (Some(reply), Some(status)) => Some(format!("{reply} {status}")),
            (None, Some(status)) => Some(status.clone()),
            (Some(reply), None) => Some(reply.to_string()),
            (None, None) => None,
        }
    }

    /// Markdown shown at the top of the hover.
    pub fn markdown(&self, lang: Lang) -> String {
        let mut out = format!(
            "**{}** `{}` — {}\n",
            word(&RECIPIENT, lang),
            self.recipient,
            self.action_label(lang)
        );
        let mut line = |label: &Key<0>, value: String| {
            out.push_str(&format!("\n- **{}**: {value}", word(label, lang)));
        };
        if let Some(original) = &self.original_recipient
            && !original.eq_ignore_ascii_case(&self.recipient)
        {
            line(&ORIGINAL, format!("`{original}`"));
        }
        if let Some(code) = self.code_label() {
            line(&STATUS, format!("`{code}`"));
        }
        if let Some(reason) = self.reason {
            line(
                &REASON,
                format!("{} (`{reason}`)", reason::label(reason, lang)),
            );
            if let Some(entry) = crate::catalog::reasons::get(reason.as_str()) {
                line(
                    &ACTS,
                    crate::catalog::reasons::acts_label(&entry.acts, lang).to_string(),
                );
            }
        }
        if let Some(phase) = self.phase {
            line(&PHASE, format!("`{}`", phase.command()));
        }
        if self.is_hard_bounce() {
            line(&HARD, word(&HARD_YES, lang).to_string());
        }
        if let Some(remote) = &self.remote_mta {
            line(&REMOTE, format!("`{remote}`"));
        }
        if let Some(reporting) = &self.reporting_mta {
            line(&REPORTING, format!("`{reporting}`"));
        }
        if let Some(diagnostic) = &self.diagnostic {
            line(&DIAGNOSTIC, format!("`{}`", diagnostic.replace('`', "'")));
        }
        if let Some(until) = &self.will_retry_until {
            line(&RETRY, until.clone());
        }
        if let Some(entry) = self
            .reason
            .and_then(|reason| crate::catalog::reasons::get(reason.as_str()))
        {
            out.push_str("\n\n");
            out.push_str(entry.explanation.get(lang));
        }
        if let (Some(stamp), Some(status)) = (&self.generic_stamp, &self.status) {
            out.push_str("\n\n");
            out.push_str(&say(&STAMP, [stamp, status], lang));
        }
        out
    }

    /// The one-line diagnostic message.
    pub fn message(&self, lang: Lang) -> Option<String> {
        let mut out = format!("{}: {}", self.recipient, self.action_label(lang));
        if let Some(code) = self.code_label() {
            out.push_str(&format!(" ({code})"));
        }
        // A delivery's reason only repeats what the action already says.
        if let Some(reason) = self.reason.filter(|r| *r != Reason::Delivered) {
            out.push_str(" — ");
            out.push_str(&reason::label(reason, lang));
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(code: &str, reply: Option<u16>, origin: Origin) -> Candidate {
        Candidate {
            code: code.into(),
            reply,
            origin,
        }
    }

    #[test]
    fn a_specific_diagnostic_code_beats_a_generic_stamp() {
        let candidates = [
            candidate("4.4.7", None, Origin::StatusField),
            candidate("4.4.7", Some(554), Origin::Diagnostic),
            candidate("4.4.2", Some(421), Origin::Diagnostic),
        ];
        assert_eq!(choose(&candidates).map(|c| c.code.as_str()), Some("4.4.2"));
        let candidates = [
            candidate("5.0.0", None, Origin::StatusField),
            candidate("5.1.0", None, Origin::Diagnostic),
            candidate("5.7.1", Some(550), Origin::Diagnostic),
        ];
        assert_eq!(choose(&candidates).map(|c| c.code.as_str()), Some("5.7.1"));
    }

    #[test]
    fn the_remote_reply_beats_a_different_status_field() {
        let candidates = [
            candidate("5.1.1", None, Origin::StatusField),
            candidate("5.7.1", Some(550), Origin::Diagnostic),
        ];
        assert_eq!(choose(&candidates).map(|c| c.code.as_str()), Some("5.7.1"));
        let candidates = [
            candidate("5.1.1", None, Origin::StatusField),
            candidate("5.1.2", Some(550), Origin::Diagnostic),
        ];
        assert_eq!(choose(&candidates).map(|c| c.code.as_str()), Some("5.1.1"));
    }

    #[test]
    fn the_status_field_wins_among_equals() {
        let candidates = [
            candidate("5.1.1", None, Origin::StatusField),
            candidate("5.7.1", Some(550), Origin::Body),
        ];
        assert_eq!(choose(&candidates).map(|c| c.code.as_str()), Some("5.1.1"));
    }

    #[test]
    fn the_verdict_reads_in_every_language() {
        let mut verdict = Verdict {
            recipient: "bob@example.com".into(),
            action: Some(Action::Failed),
            ..Verdict::default()
        };
        verdict.set_diagnostic("smtp; 550 5.1.1 <bob@example.com>: User unknown");
        verdict.decide(
            &[
                candidate("5.0.0", None, Origin::StatusField),
                candidate("5.1.1", Some(550), Origin::Diagnostic),
            ],
            &[],
        );
        assert_eq!(verdict.reason, Some(Reason::UserUnknown));
        assert_eq!(verdict.generic_stamp.as_deref(), Some("5.0.0"));
        for lang in Lang::ALL {
            let markdown = verdict.markdown(lang);
            assert!(markdown.contains("`550 5.1.1`"), "{markdown}");
            assert!(markdown.contains("`5.0.0`"), "{markdown}");
        }
        assert_eq!(
            verdict.message(Lang::En).as_deref(),
            Some(
                "bob@example.com: delivery failed (550 5.1.1) — the recipient address does not exist"
            )
        );
    }
}
