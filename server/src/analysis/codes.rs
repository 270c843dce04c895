//! The one scanner for status codes in SMTP context that every recognizer uses.
//!
//! A bare `5.1.1` is only a status code when the text around it says so: a reply code before it
//! (`550 5.1.1`, `550-5.1.1`, `#550 5.1.1`, `550 #5.1.1`) or a field that carries codes
//! (`Status: 4.4.7`, `dsn=5.2.2`, `Diagnostic-Code: smtp; 5.1.1`). IP addresses, versions, dates and
//! section numbers never qualify, which is what keeps the underlines honest.

use memchr::memchr_iter;

use super::{Finding, FindingKind, Provider, Severity, severity_for_class};

/// The longest response text kept with a finding, in bytes.
const MAX_TEXT: usize = 512;

/// Labels after which a bare enhanced code is a status code (compared case-insensitively on the
/// text just before the code, spaces and `#` skipped).
const CODE_LABELS: &[&str] = &[
    "status:",
    "dsn=",
    "dsn:",
    "smtp;",
    "x-notes;",
    "x-unix;",
    "x-postfix;",
    "status code:",
    "enhancedstatuscode:",
    "enhanced status code:",
    "statuscode:",
    "recipient-status:",
];

/// A syntactically valid enhanced status code found in the bytes, before any context check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeToken {
    pub start: usize,
    pub end: usize,
    pub class: u8,
}

/// Parses `class.subject.detail` starting exactly at `start` (class 2, 4 or 5; subject and detail
/// of one to three digits without leading zeros) and checks the boundaries on both sides.
pub fn code_at(bytes: &[u8], start: usize) -> Option<CodeToken> {
    let class = *bytes.get(start)?;
    if !matches!(class, b'2' | b'4' | b'5') || bytes.get(start + 1) != Some(&b'.') {
        return None;
    }
    if start > 0 && !is_left_boundary(bytes[start - 1]) {
        return None;
    }
    let subject_end = digits(bytes, start + 2)?;
    if bytes.get(subject_end) != Some(&b'.') {
        return None;
    }
    let detail_end = digits(bytes, subject_end + 1)?;
    if !is_right_boundary(bytes, detail_end) {
        return None;
    }
    Some(CodeToken {
        start,
        end: detail_end,
        class,
    })
}

fn is_left_boundary(b: u8) -> bool {
    !(b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'/' || b == b'+' || b >= 0x80)
}

fn is_right_boundary(bytes: &[u8], end: usize) -> bool {
    match bytes.get(end) {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() || *b == b'_' || *b == b'/' || *b >= 0x80 => false,
        Some(b'.') | Some(b'-') | Some(b':') => {
            // "5.1.1." ends a sentence; "5.1.1.1" is an address, "5.1.1-2" a version range.
            !matches!(bytes.get(end + 1), Some(d) if d.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// Consumes one to three digits without a leading zero (a lone `0` is fine).
fn digits(bytes: &[u8], start: usize) -> Option<usize> {
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii_digit() && end - start < 4 {
        end += 1;
    }
    let len = end - start;
    if len == 0 || len > 3 || (len > 1 && bytes[start] == b'0') {
        return None;
    }
    Some(end)
}

/// A reply code (`550`) found right before a code, with where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyToken {
    pub start: usize,
    pub value: u16,
}

/// Looks for a reply code ending just before `code_start`: `550 `, `550-`, `550 #`, `#550 `.
pub fn reply_before(bytes: &[u8], code_start: usize) -> Option<ReplyToken> {
    let mut i = code_start;
    if i > 0 && bytes[i - 1] == b'#' {
        i -= 1;
    }
    if i == 0 || !matches!(bytes[i - 1], b' ' | b'-') {
        return None;
    }
    i -= 1;
    if i < 3 {
        return None;
    }
    let digits = &bytes[i - 3..i];
    if !(matches!(digits[0], b'2' | b'4' | b'5') && digits[1..].iter().all(u8::is_ascii_digit)) {
        return None;
    }
    let start = i - 3;
    if start > 0 {
        let before = bytes[start - 1];
        if before.is_ascii_alphanumeric()
            || before == b'.'
            || before == b':' && start >= 2 && bytes[start - 2].is_ascii_digit()
        {
            return None;
        }
    }
    let value = (digits[0] - b'0') as u16 * 100
        + (digits[1] - b'0') as u16 * 10
        + (digits[2] - b'0') as u16;
    Some(ReplyToken { start, value })
}

/// True when the text before `code_start` on the same line ends with a label that carries codes.
fn labelled(bytes: &[u8], code_start: usize) -> bool {
    let line_start = bytes[..code_start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let mut end = code_start;
    while end > line_start && matches!(bytes[end - 1], b' ' | b'\t' | b'#' | b'(' | b'"' | b'\'') {
        end -= 1;
    }
    let window_start = end.saturating_sub(24).max(line_start);
    let before = &bytes[window_start..end];
    CODE_LABELS.iter().any(|label| {
        before.len() >= label.len()
            && before[before.len() - label.len()..].eq_ignore_ascii_case(label.as_bytes())
    })
}

/// The response text that follows a code up to the end of its line, trimmed and capped.
pub fn text_after(text: &str, from: usize) -> Option<Box<str>> {
    let rest = text.get(from..)?;
    let line = rest.split(['\n', '\r']).next().unwrap_or_default();
    let mut cut = line.len().min(MAX_TEXT);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    let trimmed = line[..cut].trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '"');
    (!trimmed.is_empty()).then(|| trimmed.into())
}

/// Finds every status code in SMTP context in `text` and appends findings whose spans are offset
/// by `base` (the position of `text` in the whole document).
pub fn scan(text: &str, base: usize, out: &mut Vec<Finding>) {
    let bytes = text.as_bytes();
    let mut resume = 0;
    for dot in memchr_iter(b'.', bytes) {
        if dot < resume || dot == 0 {
            continue;
        }
        let Some(token) = code_at(bytes, dot - 1) else {
            continue;
        };
        resume = token.end;
        let reply = reply_before(bytes, token.start);
        if reply.is_none() && !labelled(bytes, token.start) {
            continue;
        }
        push_code(text, base, token, reply, out);
    }
}

/// Records one status code (and a class-mismatch warning when its reply disagrees).
pub fn push_code(
    text: &str,
    base: usize,
    token: CodeToken,
    reply: Option<ReplyToken>,
    out: &mut Vec<Finding>,
) {
    let start = reply.map_or(token.start, |r| r.start);
    let code = &text[token.start..token.end];
    let mut finding = Finding::new(
        base + start..base + token.end,
        FindingKind::StatusCode,
        code,
        severity_for_class(token.class),
    );
    finding.reply = reply.map(|r| r.value);
    finding.text = text_after(text, token.end);
    finding.provider = finding.text.as_deref().and_then(Provider::detect);
    if let Some(reply) = reply {
        let reply_class = b'0' + (reply.value / 100) as u8;
        if reply_class != token.class {
            let mut mismatch = finding.clone();
            mismatch.kind = FindingKind::ClassMismatch;
            mismatch.severity = Severity::Warning;
            out.push(finding);
            out.push(mismatch);
            return;
        }
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(String, Option<u16>, &str)> {
        let mut out = Vec::new();
        scan(text, 0, &mut out);
        out.iter()
            .filter(|f| f.kind == FindingKind::StatusCode)
            .map(|f| (f.code.to_string(), f.reply, &text[f.span.clone()]))
            .collect()
    }

    #[test]
    fn reply_and_enhanced_code_are_one_finding() {
        assert_eq!(
            codes(
                "host mx.example.com said: 550 5.1.1 <bob@example.com>: Recipient address rejected"
            ),
            vec![("5.1.1".into(), Some(550), "550 5.1.1")]
        );
        assert_eq!(
            codes("550-5.7.26 This mail is unauthenticated"),
            vec![("5.7.26".into(), Some(550), "550-5.7.26")]
        );
        assert_eq!(
            codes("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##"),
            vec![("5.1.1".into(), Some(550), "550 5.1.1")]
        );
        assert_eq!(
            codes("550 #5.1.1 not found"),
            vec![("5.1.1".into(), Some(550), "550 #5.1.1")]
        );
    }

    #[test]
    fn labelled_codes_without_reply() {
        assert_eq!(
            codes("Status: 4.4.7"),
            vec![("4.4.7".into(), None, "4.4.7")]
        );
        assert_eq!(
            codes("to=<a@b.c>, relay=none, delay=1, dsn=5.2.2, status=bounced"),
            vec![("5.2.2".into(), None, "5.2.2")]
        );
        assert_eq!(
            codes("Diagnostic-Code: smtp; 5.1.0 - Unknown address error"),
            vec![("5.1.0".into(), None, "5.1.0")]
        );
    }

    #[test]
    fn numbers_that_only_look_like_codes_are_left_alone() {
        for text in [
            "Received: from [10.5.1.1] by 192.168.5.1.4",
            "Version 4.2.1 of the software, section 5.1.1 of RFC 5321",
            "Date: 5.1.2020",
            "inet 5.1.1.1 netmask",
            "boundary=\"----=_Part_5.1.1_123\"",
            "Message-ID: <5.1.1@example.com>",
            "phone +5.1.1",
            "listening on 250 5.1.10.2",
        ] {
            assert_eq!(codes(text), vec![], "{text}");
        }
    }

    #[test]
    fn class_mismatch_is_reported_beside_the_code() {
        let mut out = Vec::new();
        scan("550 4.1.1 odd", 0, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].kind, FindingKind::ClassMismatch);
        assert_eq!(out[1].severity, Severity::Warning);
    }

    #[test]
    fn spans_are_offset_by_base() {
        let mut out = Vec::new();
        scan("Status: 5.1.1", 100, &mut out);
        assert_eq!(out[0].span, 108..113);
    }

    #[test]
    fn response_text_follows_the_code() {
        let mut out = Vec::new();
        scan("550 5.7.1 Unable to relay\r\nnext", 0, &mut out);
        assert_eq!(out[0].text.as_deref(), Some("Unable to relay"));
    }
}
