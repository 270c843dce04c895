//! One delivery attempt read from a log line, turned into a recipient verdict.

use std::ops::Range;

use crate::analysis::message::{Candidate, Origin, Verdict};
use crate::analysis::{Finding, FindingKind, codes};
use crate::delivery::Action;

/// What a log line says about one recipient. Ranges are relative to the line.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub recipient: Range<usize>,
    /// `failed` or `delayed`; a failure whose best code is transient is reported as delayed.
    pub action: Action,
    /// The status field (`dsn=5.1.1`).
    pub dsn: Option<Range<usize>>,
    /// The server's response or the log's explanation.
    pub response: Option<Range<usize>>,
    pub remote: Option<Range<usize>>,
}

/// A line names a failure unless its grammar says the delivery was deferred.
impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            recipient: 0..0,
            action: Action::Failed,
            dsn: None,
            response: None,
            remote: None,
        }
    }
}

/// Emits the verdict of a delivery. `message_id` is the queue ID or Message-ID of the line.
pub fn emit(
    line: &str,
    base: usize,
    delivery: &Delivery,
    message_id: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let Some(recipient) = line.get(delivery.recipient.clone()) else {
        return;
    };
    let recipient = recipient.trim_matches(['<', '>', ' ', '"']);
    if recipient.is_empty() {
        return;
    }
    let mut verdict = Verdict {
        recipient: recipient.to_string(),
        action: Some(delivery.action),
        ..Verdict::default()
    };
    let mut candidates = Vec::new();
    let mut replies = Vec::new();
    if let Some(dsn) = &delivery.dsn
        && let Some(token) = codes::code_at(line.as_bytes(), dsn.start)
    {
        candidates.push(Candidate {
            code: line[token.start..token.end].to_string(),
            reply: None,
            origin: Origin::StatusField,
        });
    }
    if let Some(response) = delivery.response.clone()
        && let Some(text) = line.get(response)
    {
        let mut found = Vec::new();
        codes::scan(text, 0, &mut found);
        take_codes(found, &mut candidates, &mut replies);
        let text = text.trim_matches(|c: char| matches!(c, '(' | ')' | ',') || c.is_whitespace());
        // A transcript or CSV response opens with its reply code (`450 Mailbox busy`).
        if candidates.iter().all(|c| c.reply.is_none()) && replies.is_empty() {
            replies.extend(codes::reply_at(text.as_bytes(), 0));
        }
        verdict.set_diagnostic(text);
    }
    if candidates.is_empty() && replies.is_empty() {
        // A reply where the log's grammar puts one, with no enhanced code next to it (Exim's
        // `after RCPT TO:<…>: 550 …`, a milter's `5.7.1` alone).
        let mut found = Vec::new();
        super::replies::scan(line, 0, 0, &mut found);
        take_codes(found, &mut candidates, &mut replies);
    }
    verdict.remote_mta = delivery
        .remote
        .clone()
        .and_then(|r| line.get(r))
        .map(|r| r.trim_end_matches('.').to_string())
        .filter(|r| !r.is_empty() && r != "none");
    verdict.decide(&candidates, &replies);
    if verdict.action == Some(Action::Failed)
        && verdict
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with('4'))
        && delivery.action == Action::Failed
        && delivery.dsn.is_none()
    {
        verdict.action = Some(Action::Delayed);
    }
    let span = base + delivery.recipient.start..base + delivery.recipient.end;
    out.push(verdict.into_finding(span, message_id));
}

/// Keeps the status codes found in a response as the verdict's candidates and the bare reply
/// codes as its replies.
fn take_codes(found: Vec<Finding>, candidates: &mut Vec<Candidate>, replies: &mut Vec<u16>) {
    for finding in found {
        match finding.kind {
            FindingKind::StatusCode => candidates.push(Candidate {
                code: finding.code.to_string(),
                reply: finding.reply,
                origin: Origin::Diagnostic,
            }),
            FindingKind::ReplyCode => replies.extend(finding.reply),
            _ => {}
        }
    }
}

/// The range of the value after `key` (`to=<`, `dsn=`) up to one of `ends`, within `from..`.
pub fn value_after(line: &str, from: usize, key: &str, ends: &[char]) -> Option<Range<usize>> {
    let at = from + memchr::memmem::find(line.get(from..)?.as_bytes(), key.as_bytes())? + key.len();
    let len = line[at..].find(ends).unwrap_or(line.len() - at);
    Some(at..at + len)
}

/// The range of an angle-bracketed or bare address starting at `at`.
pub fn address_at(line: &str, at: usize) -> Option<Range<usize>> {
    let rest = line.get(at..)?;
    if let Some(inner) = rest.strip_prefix('<') {
        let end = inner.find('>')?;
        return Some(at + 1..at + 1 + end);
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '>'))
        .unwrap_or(rest.len());
    rest[..end].contains('@').then_some(at..at + end)
}
