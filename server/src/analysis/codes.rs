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
    "error_code:",
    "error_code :",
    "not accepted:",
    "rejected:",
    "reason:",
    "smtp error:",
    "error code:",
];

/// Labels after which a bare reply code is an SMTP reply (`said: 550 User unknown`, `<<< 550`,
/// `smtp; 550`, `reply=550`); compared like [`CODE_LABELS`].
const REPLY_LABELS: &[&str] = &[
    "said:",
    "said",
    "<<<",
    "received >>>",
    "smtp;",
    "reply=",
    "reply:",
    "reason:",
    "returned was:",
    "server returned",
    "response was:",
    "error_code:",
    "error_code :",
    "smtp error code",
    "s:",
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

/// Looks for a reply code ending just before `code_start`: `550 `, `550-`, `550 #`, `#550 `,
/// `550: ` (Yahoo) and `550-'` (a quoted enhanced code, as some gateways write it).
pub fn reply_before(bytes: &[u8], code_start: usize) -> Option<ReplyToken> {
    let mut i = code_start;
    if i > 0 && matches!(bytes[i - 1], b'#' | b'\'') {
        i -= 1;
    }
    if let Some(value) = reply_ending_previous_line(bytes, i) {
        // The span stays on the code's own line; the reply only lends its value.
        return Some(ReplyToken {
            start: code_start,
            value,
        });
    }
    if i == 0 || !matches!(bytes[i - 1], b' ' | b'-') {
        return None;
    }
    i -= 1;
    if bytes[i] == b' ' && i > 0 && bytes[i - 1] == b':' {
        i -= 1;
    }
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

/// A reply code that ends the line before a code opening its (folded) line: Postfix folds
/// `… said: 550` / `    5.1.0 <a@b> sender rejected`.
fn reply_ending_previous_line(bytes: &[u8], code_start: usize) -> Option<u16> {
    let mut j = code_start;
    while j > 0 && matches!(bytes[j - 1], b' ' | b'\t') {
        j -= 1;
    }
    if j == code_start || j == 0 || bytes[j - 1] != b'\n' {
        return None;
    }
    let mut k = j - 1;
    if k > 0 && bytes[k - 1] == b'\r' {
        k -= 1;
    }
    while k > 0 && bytes[k - 1] == b' ' {
        k -= 1;
    }
    if k < 4 || !matches!(bytes[k - 4], b' ' | b'\t' | b':' | b';') {
        return None;
    }
    let value = reply_at(bytes, k - 3)?;
    // Only after a word that introduces a reply (`said: 550`, `smtp; 550`).
    label_before(bytes, k - 3, REPLY_LABELS).then_some(value)
}

/// True when the text before `code_start` on the same line ends with a label that carries codes.
fn labelled(bytes: &[u8], code_start: usize) -> bool {
    label_before(bytes, code_start, CODE_LABELS)
}

/// True when the text before `pos` on the same line ends with one of `labels`, compared
/// case-insensitively after skipping spaces, `#`, `(` and quotes. Quotes and backslashes inside
/// the window are ignored so JSON (`"status":"5.1.1"`, `\"status\":\"5.1.1\"`) reads like a field.
fn label_before(bytes: &[u8], pos: usize, labels: &[&str]) -> bool {
    const WINDOW: usize = 24;
    // A label sits within a few bytes of the code: looking further back would make a long line
    // with many codes quadratic.
    const LOOKBACK: usize = 256;
    let floor = pos.saturating_sub(LOOKBACK);
    let line_start = memchr::memrchr(b'\n', &bytes[floor..pos]).map_or(floor, |i| floor + i + 1);
    let mut end = pos;
    while end > line_start
        && matches!(
            bytes[end - 1],
            b' ' | b'\t' | b'#' | b'(' | b'"' | b'\'' | b'\\' | b'['
        )
    {
        end -= 1;
    }
    let mut window = [0u8; WINDOW];
    let mut len = 0;
    let mut i = end;
    while i > line_start && len < WINDOW {
        i -= 1;
        let b = bytes[i];
        if b == b'"' || b == b'\\' {
            continue;
        }
        window[WINDOW - 1 - len] = b.to_ascii_lowercase();
        len += 1;
    }
    let before = &window[WINDOW - len..];
    let whole_line = i == line_start;
    labels.iter().any(|label| {
        let Some(start) = before.len().checked_sub(label.len()) else {
            return false;
        };
        // A label that starts with a letter must start a word (`S:` but not `yes:`).
        let word_start = start == 0 && (whole_line || len < WINDOW)
            || start > 0 && !before[start - 1].is_ascii_alphanumeric();
        &before[start..] == label.as_bytes()
            && (word_start || !label.as_bytes()[0].is_ascii_alphabetic())
    })
}

/// qmail's `(#5.1.1)`, `(#4.4.1 - chkusr)` and `[#4.1.9]`: the `#` prefix is its way of writing
/// a status.
fn qmail_marked(bytes: &[u8], code_start: usize) -> bool {
    code_start >= 2 && bytes[code_start - 1] == b'#' && matches!(bytes[code_start - 2], b'(' | b'[')
}

/// A code opening a line and followed by an angle-bracketed address (`5.2.2 <bob@example.jp>...`)
/// is the shape of an SMTP response quoted without its reply code.
fn line_start_before_address(bytes: &[u8], token: &CodeToken) -> bool {
    let mut i = token.start;
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    if i > 0 && bytes[i - 1] != b'\n' {
        return false;
    }
    let rest = &bytes[token.end..bytes.len().min(token.end + 256)];
    if rest.first() != Some(&b' ') || rest.get(1) != Some(&b'<') {
        return false;
    }
    rest[2..]
        .iter()
        .take_while(|&&b| b != b'>' && b != b'\n' && b != b' ')
        .any(|&b| b == b'@')
}

/// The response text that follows a code up to the end of its line, trimmed and capped.
pub fn text_after(text: &str, from: usize) -> Option<Box<str>> {
    let rest = text.get(from..)?;
    // Only MAX_TEXT bytes are kept, so the end of a long line is never searched for.
    let mut cut = rest.len().min(MAX_TEXT);
    while !rest.is_char_boundary(cut) {
        cut -= 1;
    }
    let line = rest[..cut].split(['\n', '\r']).next().unwrap_or_default();
    let trimmed = line.trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '"');
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
        let qmail = qmail_marked(bytes, token.start);
        let reply = reply_before(bytes, token.start);
        if reply.is_none()
            && !labelled(bytes, token.start)
            && !qmail
            && !line_start_before_address(bytes, &token)
        {
            continue;
        }
        let before = out.len();
        push_code(text, base, token, reply, out);
        if reply.is_none() && qmail {
            // The span stays on the code; the reply is the one the line opens with.
            let opening = reply_opening_line(bytes, token.start);
            if let Some(finding) = out.get_mut(before) {
                finding.reply = opening;
            }
        }
    }
    scan_replies(text, base, out);
}

/// The reply code that opens the line holding the qmail-marked code at `code_start`, when it is
/// of the code's class: `550 sorry, no mailbox here by that name (#5.1.1 - chkusr)`. The look
/// back is bounded, so a long line costs no more than a short one.
fn reply_opening_line(bytes: &[u8], code_start: usize) -> Option<u16> {
    const REACH: usize = 240;
    let from = code_start.saturating_sub(REACH);
    let before = bytes.get(from..code_start)?;
    let line_start = match memchr::memrchr(b'\n', before) {
        Some(at) => from + at + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let mut at = line_start;
    while bytes.get(at).is_some_and(|b| *b == b' ' || *b == b'\t') {
        at += 1;
    }
    let reply = reply_at(bytes, at)?;
    let same_class = bytes.get(code_start) == bytes.get(at);
    (same_class && bytes.get(at + 3) == Some(&b' ')).then_some(reply)
}

/// Finds bare reply codes in strong SMTP context (`said: 550 User unknown`, `<<< 550 …`,
/// `smtp; 550 …`, `reply=550`) that carry no enhanced code of their own.
pub fn scan_replies(text: &str, base: usize, out: &mut Vec<Finding>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let Some(offset) = memchr::memchr3(b'2', b'4', b'5', &bytes[i..]) else {
            break;
        };
        let start = i + offset;
        i = start + 1;
        let Some(value) = reply_at(bytes, start) else {
            continue;
        };
        i = start + 3;
        // `550 5.1.1` is the status code's finding; `550-` continuation lines repeat the code.
        if followed_by_code(bytes, start + 3)
            || !(label_before(bytes, start, REPLY_LABELS)
                || answers_command(bytes, start)
                || names_address_sendmail_style(bytes, start))
        {
            continue;
        }
        push_reply(text, base, start, value, out);
    }
}

/// True when the reply at `start` opens its line and the line before is the SMTP command it
/// answers, as session transcripts print them without `<<<` markers:
/// ` RCPT To:<bob@example.com>` / ` 552 Message for <bob@example.com> would exceed mailbox quota`.
/// A transcript's heading (`----- Transcript of session follows -----`) counts as well. Both
/// looks are bounded to a line of [`COMMAND_LINE`] bytes.
fn answers_command(bytes: &[u8], start: usize) -> bool {
    // `RCPT TO:<…>` and `MAIL FROM:<…>` take their argument after a colon, the others after a
    // space or nothing; `.` ends the data.
    const COMMANDS: &[&[u8]] = &[
        b"rcpt to:",
        b"mail from:",
        b"data",
        b"ehlo ",
        b"helo ",
        b"lhlo ",
        b"quit",
        b"rset",
        b"bdat ",
        b"starttls",
        b"auth ",
    ];
    let Some(line_start) = indented_line_start(bytes, start) else {
        return false;
    };
    if !matches!(
        bytes.get(start + 3),
        Some(b' ' | b'-' | b'\r' | b'\n') | None
    ) {
        return false;
    }
    // The previous non-blank line.
    let mut end = line_start;
    let previous = loop {
        let Some(body_end) = end.checked_sub(1) else {
            return false;
        };
        let floor = body_end.saturating_sub(COMMAND_LINE);
        let Some(window) = bytes.get(floor..body_end) else {
            return false;
        };
        let from = match memchr::memrchr(b'\n', window) {
            Some(at) => floor + at + 1,
            None if floor == 0 => 0,
            None => return false,
        };
        let line = bytes.get(from..body_end).unwrap_or_default().trim_ascii();
        if !line.is_empty() {
            break line;
        }
        end = from;
    };
    let command = previous
        .strip_prefix(b">>>")
        .unwrap_or(previous)
        .trim_ascii_start();
    let is_command = command == b"."
        || COMMANDS.iter().any(|c| {
            let bare = !c.ends_with(b":") && !c.ends_with(b" ");
            command
                .get(..c.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(c))
                && (!bare || command.len() == c.len())
        });
    is_command || {
        let lower = previous.to_ascii_lowercase();
        lower.windows(21).any(|w| w == b"transcript of session")
    }
}

/// True when the reply at `start` opens its line and names the address it is about the way
/// sendmail's error lines do: `554 <bob@example.org>... Remote protocol error`.
fn names_address_sendmail_style(bytes: &[u8], start: usize) -> bool {
    if indented_line_start(bytes, start).is_none() || bytes.get(start + 3) != Some(&b' ') {
        return false;
    }
    let Some(rest) = bytes.get(start + 4..bytes.len().min(start + 4 + COMMAND_LINE)) else {
        return false;
    };
    let Some(address) = rest.strip_prefix(b"<") else {
        return false;
    };
    let Some(close) = memchr::memchr(b'>', address) else {
        return false;
    };
    let inside = &address[..close];
    inside.contains(&b'@')
        && !inside
            .iter()
            .any(|b| b.is_ascii_whitespace() || *b == b'\n')
        && address.get(close + 1..close + 4) == Some(b"...")
}

/// The longest line [`answers_command`] looks at.
const COMMAND_LINE: usize = 512;

/// The start of the line holding `at` when only spaces and tabs come before `at` on it.
fn indented_line_start(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    while i > 0 && at - i < 16 {
        match bytes.get(i - 1)? {
            b' ' | b'\t' => i -= 1,
            b'\n' => return Some(i),
            _ => return None,
        }
    }
    (i == 0).then_some(0)
}

/// A three-digit reply code (2xx, 4xx, 5xx) standing alone at `start`.
pub fn reply_at(bytes: &[u8], start: usize) -> Option<u16> {
    let digits = bytes.get(start..start + 3)?;
    if !(matches!(digits[0], b'2' | b'4' | b'5') && digits[1..].iter().all(u8::is_ascii_digit)) {
        return None;
    }
    if start > 0 {
        let before = bytes[start - 1];
        if before.is_ascii_alphanumeric() || matches!(before, b'.' | b'-' | b'_' | b'/' | b':') {
            return None;
        }
    }
    match bytes.get(start + 3) {
        None
        | Some(b' ' | b'-' | b'\t' | b'\r' | b'\n' | b';' | b',' | b')' | b']' | b'\'' | b'"') => {}
        _ => return None,
    }
    Some(
        (digits[0] - b'0') as u16 * 100
            + (digits[1] - b'0') as u16 * 10
            + (digits[2] - b'0') as u16,
    )
}

/// True when an enhanced code follows a reply code ending at `end` (`550 5.1.1`, `550-5.1.1`,
/// `550 #5.1.1`), so the pair is reported as one status code.
fn followed_by_code(bytes: &[u8], end: usize) -> bool {
    let mut i = end;
    let mut folded = i;
    while matches!(bytes.get(folded), Some(b' ' | b'\r')) {
        folded += 1;
    }
    if bytes.get(folded) == Some(&b'\n') {
        folded += 1;
        let indent = folded;
        while matches!(bytes.get(folded), Some(b' ' | b'\t')) {
            folded += 1;
        }
        if folded > indent && code_at(bytes, folded).is_some() {
            return true;
        }
    }
    if matches!(bytes.get(i), Some(b' ' | b'-')) {
        i += 1;
    } else if bytes.get(i) == Some(&b':') && bytes.get(i + 1) == Some(&b' ') {
        i += 2;
    } else {
        return false;
    }
    if matches!(bytes.get(i), Some(b'#' | b'\'')) {
        i += 1;
    }
    code_at(bytes, i).is_some()
}

/// Records one bare reply code.
pub fn push_reply(text: &str, base: usize, start: usize, value: u16, out: &mut Vec<Finding>) {
    let class = b'0' + (value / 100) as u8;
    let mut finding = Finding::new(
        base + start..base + start + 3,
        FindingKind::ReplyCode,
        value.to_string(),
        severity_for_class(class),
    );
    finding.reply = Some(value);
    finding.text = text_after(text, start + 3);
    finding.provider = finding.text.as_deref().and_then(Provider::detect);
    out.push(finding);
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
    // Success codes need no response text: no catalog rows are told apart by it, and a busy
    // log holds hundreds of thousands of them.
    if token.class != b'2' {
        finding.text = text_after(text, token.end);
        finding.provider = finding.text.as_deref().and_then(Provider::detect);
    }
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
    fn a_sendmail_error_line_names_its_address_after_the_reply() {
        let transcript =
            "While talking to mx.example.org:\n554 <bob@example.org>... Remote protocol error\n";
        let mut found = Vec::new();
        scan_replies(transcript, 0, &mut found);
        assert_eq!(
            found.iter().map(|f| f.reply).collect::<Vec<_>>(),
            [Some(554)]
        );
        for prose in [
            "554 <bob@example.org> wrote a long message\n",
            "We had 550 <guests>... at the party\n",
            "Room 550 <bob@example.org>... is free\n",
        ] {
            let mut found = Vec::new();
            scan_replies(prose, 0, &mut found);
            assert!(found.is_empty(), "{prose}");
        }
    }

    #[test]
    fn a_qmail_code_takes_the_reply_that_opens_its_line() {
        assert_eq!(
            codes("550 sorry, no mailbox here by that name (#5.1.1 - chkusr)"),
            vec![("5.1.1".into(), Some(550), "5.1.1")]
        );
        assert_eq!(
            codes("451 try later (#5.1.1)"),
            vec![("5.1.1".into(), None, "5.1.1")]
        );
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

    #[test]
    fn a_reply_folded_onto_the_next_line_lends_its_value() {
        let text = "<eve@example.net>: host mx.example.net[192.0.2.40] said: 550\n    5.1.0 <a@example.org> sender rejected\n";
        assert_eq!(codes(text), vec![("5.1.0".into(), Some(550), "5.1.0")]);
        let mut all = Vec::new();
        scan(text, 0, &mut all);
        assert_eq!(all.len(), 1, "the reply is not reported twice: {all:?}");
    }

    #[test]
    fn qmail_brackets_and_rejection_labels() {
        assert_eq!(
            codes("Sorry, no mailbox here by that name. [#4.1.9]"),
            vec![("4.1.9".into(), None, "4.1.9")]
        );
        assert_eq!(
            codes("Your message was not accepted: 5.7.1 policy"),
            vec![("5.7.1".into(), None, "5.7.1")]
        );
        assert!(codes("Release notes: version 5.1.1\n    4.2.0 is next").is_empty());
    }

    fn replies(text: &str) -> Vec<u16> {
        let mut out = Vec::new();
        scan(text, 0, &mut out);
        out.iter()
            .filter(|f| f.kind == FindingKind::ReplyCode)
            .filter_map(|f| f.reply)
            .collect()
    }

    #[test]
    fn a_transcript_reply_answers_the_command_before_it() {
        let mdaemon = " MAIL From:<ann@example.org> SIZE=1861\n 250 <ann@example.org>, Sender ok\n\
            RCPT To:<bob@example.com>\n 552 Message for <bob@example.com> would exceed mailbox quota\n QUIT\n";
        assert_eq!(replies(mdaemon), vec![250, 552]);
        let sendmail = "   ----- Transcript of session follows -----\n\
            554 Too many hops 26 (25 max): from ann@example.org via localhost, to bob@example.nl\n";
        assert_eq!(replies(sendmail), vec![554]);
        assert_eq!(
            replies("Requested action not taken: mailbox unavailable. [SMTP Error Code 550]"),
            vec![550]
        );
    }

    #[test]
    fn numbers_after_lines_that_are_not_commands_stay_silent() {
        for text in [
            "Data: 2024 figures\n500 units were shipped\n",
            "Totals\n  250 orders, 450 returns\n",
            "quitting time\n550 people came\n",
            "RCPT TO is the command.\nThe 550 reply means no.\n",
        ] {
            assert_eq!(replies(text), Vec::<u16>::new(), "{text:?}");
        }
    }
}
