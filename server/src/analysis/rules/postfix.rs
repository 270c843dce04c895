//! Postfix lookup tables whose results are actions: access(5) maps and header/body checks.
//!
//! A table is a list of logical lines `key action [text]`: lines starting with whitespace continue
//! the previous one, lines starting with `#` are comments. Keys are literal (`spammer@example.com`,
//! `192.168.0.0/16`) or regular expressions (`/^Subject: .*free money/`, `!/pattern/`) whose
//! delimiters may enclose spaces. What Postfix does with a code is taken from its sources: the
//! reply code decides, and the enhanced code's class is rewritten to follow it
//! (`smtpd_check_reject`), except that header/body checks defer on `REJECT 4.x.x`
//! (`cleanup_act`).

use std::ops::Range;

use memchr::memchr;

use super::code::{self, push_reply, push_status};
use super::problem::{Fix, FixTitle, Issue};
use super::problem_finding;
use crate::analysis::codes::{self, CodeToken, ReplyToken};
use crate::analysis::{Finding, Severity};

/// The longest logical line read; longer entries are read up to this length.
const MAX_LOGICAL_LINE: usize = 64 * 1024;
/// How many physical lines back a completion looks for the start of its logical line.
const MAX_CONTINUATION_LOOKBACK: usize = 64;

/// Header names that mark a regular expression as a header check rather than an access map key.
const HEADER_NAMES: &[&str] = &[
    "subject",
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "sender",
    "received",
    "return-path",
    "message-id",
    "date",
    "mime-version",
    "content-",
    "x-",
    "list-",
    "user-agent",
    "organization",
];

/// Analyses an access map or header/body checks table.
pub(super) fn analyze(text: &str, out: &mut Vec<Finding>) {
    for line in LogicalLines::new(text) {
        entry(text, line, out);
    }
}

/// The logical lines of a table, comments and blank lines left out.
struct LogicalLines<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl<'a> LogicalLines<'a> {
    fn new(text: &'a str) -> Self {
        LogicalLines {
            bytes: text.as_bytes(),
            text,
            pos: 0,
        }
    }

    /// The physical line at `start`: its end (before `\r\n`) and where the next one begins.
    fn physical(&self, start: usize) -> (usize, usize) {
        let newline = memchr(b'\n', &self.bytes[start..]).map_or(self.bytes.len(), |n| start + n);
        let end = if newline > start && self.bytes[newline - 1] == b'\r' {
            newline - 1
        } else {
            newline
        };
        (end, (newline + 1).min(self.bytes.len()))
    }

    /// Blank lines and comments neither start nor continue an entry.
    fn is_skipped(&self, start: usize, end: usize) -> bool {
        let line = &self.bytes[start..end];
        match line.iter().position(|b| !b.is_ascii_whitespace()) {
            None => true,
            Some(first) => line[first] == b'#',
        }
    }
}

impl Iterator for LogicalLines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let (end, next) = self.physical(start);
            self.pos = if next > start { next } else { self.bytes.len() };
            if self.is_skipped(start, end) || self.bytes[start].is_ascii_whitespace() {
                continue;
            }
            let mut last = end;
            while self.pos < self.bytes.len()
                && matches!(self.bytes[self.pos], b' ' | b'\t')
                && !self.is_skipped(self.pos, self.physical(self.pos).0)
            {
                let (end, next) = self.physical(self.pos);
                last = end;
                self.pos = if next > self.pos {
                    next
                } else {
                    self.bytes.len()
                };
            }
            let mut cut = last.min(start + MAX_LOGICAL_LINE);
            while !self.text.is_char_boundary(cut) {
                cut -= 1;
            }
            return Some(start..cut);
        }
        None
    }
}

/// The parts of an entry before its text.
#[derive(Debug, Clone)]
pub(super) struct Head {
    /// The key is a regular expression on a message header: a header check.
    pub header_check: bool,
    pub action: Range<usize>,
    /// Where the text after the action starts (the end of the line when there is none).
    pub rest: usize,
}

fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace()
}

fn skip_space(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && is_space(b[i]) {
        i += 1;
    }
    i
}

fn word_end(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && !is_space(b[i]) {
        i += 1;
    }
    i
}

/// Reads the key and the action of the entry in `line`; `None` for `if`/`endif` lines and
/// entries without an action.
pub(super) fn head(text: &str, line: Range<usize>) -> Option<Head> {
    let b = text.as_bytes();
    let end = line.end.min(b.len());
    let mut i = line.start;
    let first_end = word_end(b, i, end);
    let first = text.get(i..first_end)?;
    if first.eq_ignore_ascii_case("endif") {
        return None;
    }
    if first.eq_ignore_ascii_case("if") {
        return None;
    }
    let mut header_check = false;
    if b.get(i) == Some(&b'!') && b.get(i + 1) == Some(&b'/') {
        i += 1;
    }
    let key_end = if b.get(i) == Some(&b'/') {
        let mut j = i + 1;
        while j < end && b[j] != b'/' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        if j >= end {
            return None;
        }
        header_check = is_header_pattern(text.get(i + 1..j)?);
        j += 1;
        while j < end && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        j
    } else {
        first_end
    };
    let action_start = skip_space(b, key_end, end);
    if action_start == key_end || action_start >= end {
        return None;
    }
    let action_end = word_end(b, action_start, end);
    Some(Head {
        header_check,
        action: action_start..action_end,
        rest: skip_space(b, action_end, end),
    })
}

/// `^Subject:`, `^(From|To):`, `^Content-(Disposition|Type)`, `^X-Spam-Flag:`: a pattern anchored
/// on a header name.
fn is_header_pattern(pattern: &str) -> bool {
    let Some(rest) = pattern.strip_prefix('^') else {
        return false;
    };
    let rest = rest
        .strip_prefix("(?:")
        .or_else(|| rest.strip_prefix('('))
        .unwrap_or(rest);
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        .count();
    let name = &rest[..name_len];
    if name.is_empty() {
        return false;
    }
    rest[name_len..].starts_with(':')
        || HEADER_NAMES.iter().any(|header| {
            name.len() >= header.len() && name[..header.len()].eq_ignore_ascii_case(header)
        })
}

/// What an action does with the code in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// REJECT: `$access_map_reject_code` (554), enhanced code 5.x.x.
    Reject,
    /// DEFER: `$access_map_defer_code` (450), enhanced code 4.x.x.
    Defer,
    /// DEFER_IF_PERMIT, DEFER_IF_REJECT: like DEFER, decided later.
    DeferIf,
    /// `4NN text`, `5NN text` and anything else all digits.
    Numeric,
    /// DISCARD, HOLD, WARN, INFO: the text is only logged.
    LogOnly,
}

impl Action {
    pub(super) fn parse(word: &str) -> Option<Action> {
        let named = [
            ("REJECT", Action::Reject),
            ("DEFER", Action::Defer),
            ("DEFER_IF_PERMIT", Action::DeferIf),
            ("DEFER_IF_REJECT", Action::DeferIf),
            ("DISCARD", Action::LogOnly),
            ("HOLD", Action::LogOnly),
            ("WARN", Action::LogOnly),
            ("INFO", Action::LogOnly),
        ];
        if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Action::Numeric);
        }
        named
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
            .map(|(_, action)| *action)
    }

    /// The class of the reply a named rejecting action sends.
    pub(super) fn class(self) -> Option<u8> {
        match self {
            Action::Reject => Some(b'5'),
            Action::Defer | Action::DeferIf => Some(b'4'),
            Action::Numeric | Action::LogOnly => None,
        }
    }
}

/// A three-digit 4xx or 5xx reply code.
fn rejecting_reply(word: &str) -> Option<u16> {
    (word.len() == 3 && matches!(word.as_bytes().first(), Some(b'4' | b'5')))
        .then(|| word.parse().ok())
        .flatten()
}

/// The next word from `from` on (bounded by `end`), if any.
fn next_word(b: &[u8], from: usize, end: usize) -> Option<Range<usize>> {
    let start = skip_space(b, from, end);
    (start < end).then(|| start..word_end(b, start, end))
}

/// The hint for a status code written in a table, explained by the text that follows it.
fn push_written_code(
    text: &str,
    token: CodeToken,
    reply: Option<ReplyToken>,
    word: &Range<usize>,
    out: &mut Vec<Finding>,
) {
    push_status(
        text,
        token,
        reply,
        None,
        codes::text_after(text, word.end),
        out,
    );
}

fn entry(text: &str, line: Range<usize>, out: &mut Vec<Finding>) {
    let Some(head) = head(text, line.clone()) else {
        return;
    };
    let b = text.as_bytes();
    let end = line.end;
    let action_word = &text[head.action.clone()];
    let Some(action) = Action::parse(action_word) else {
        return;
    };
    let first = next_word(b, head.rest, end);
    match action {
        Action::Numeric => {
            if first.is_none() {
                if let Some(reply) = rejecting_reply(action_word) {
                    let class = action_word.as_bytes()[0] as char;
                    let fix = Fix::replace(
                        head.action.clone(),
                        format!("{action_word} {class}.7.1 Access denied"),
                    );
                    out.push(problem_finding(
                        head.action.clone(),
                        Severity::Warning,
                        Issue::AllNumericAccepts {
                            reply: reply.to_string(),
                        },
                        vec![fix],
                    ));
                }
                return;
            }
            numeric(text, head.action.clone(), first, out);
        }
        Action::LogOnly => {
            let Some(word) = first else { return };
            let Some(token) = code::exact(text, &word) else {
                return;
            };
            push_written_code(text, token, None, &word, out);
            let written = text[word.clone()].to_string();
            let next = skip_space(b, word.end, end);
            out.push(problem_finding(
                word.clone(),
                Severity::Warning,
                Issue::CodeIgnored {
                    action: action_word.to_string(),
                    code: written.clone(),
                },
                vec![Fix::remove(word.start..next, written)],
            ));
        }
        Action::Reject | Action::Defer | Action::DeferIf => {
            let Some(word) = first else { return };
            let Some(expected) = action.class() else {
                return;
            };
            let written = &text[word.clone()];
            if rejecting_reply(written).is_some() {
                let next = skip_space(b, word.end, end);
                let fix = if action == Action::DeferIf {
                    Fix::remove(word.start..next, written)
                } else {
                    Fix {
                        title: FixTitle::UseAsAction(written.to_string()),
                        span: head.action.start..word.end,
                        replacement: written.to_string(),
                    }
                };
                out.push(problem_finding(
                    word.clone(),
                    Severity::Warning,
                    Issue::ReplyInText {
                        action: action_word.to_string(),
                        reply: written.to_string(),
                    },
                    vec![fix],
                ));
                numeric(text, word.clone(), next_word(b, word.end, end), out);
                return;
            }
            if !code::code_shaped(written) {
                return;
            }
            let Some(token) = code::exact(text, &word) else {
                out.push(problem_finding(
                    word.clone(),
                    Severity::Error,
                    Issue::MalformedCode {
                        value: code::truncate(written, 64).to_string(),
                    },
                    vec![Fix::replace(word, code::repair(written, expected))],
                ));
                return;
            };
            push_written_code(text, token, None, &word, out);
            if token.class == expected {
                return;
            }
            if action == Action::Reject && token.class == b'4' && head.header_check {
                out.push(problem_finding(
                    word,
                    Severity::Information,
                    Issue::TemporaryReject {
                        code: written.to_string(),
                    },
                    Vec::new(),
                ));
                return;
            }
            let sent = code::with_class(written, expected);
            let mut fixes = vec![Fix::replace(word.clone(), sent.clone())];
            match (action, token.class) {
                (Action::Reject, b'4') => fixes.push(Fix::replace(head.action.clone(), "DEFER")),
                (Action::Defer, b'5') => fixes.push(Fix::replace(head.action.clone(), "REJECT")),
                _ => {}
            }
            out.push(problem_finding(
                word,
                Severity::Warning,
                Issue::ActionClassMismatch {
                    action: action_word.to_string(),
                    code: written.to_string(),
                    sent,
                },
                fixes,
            ));
        }
    }
}

/// A reply code and the optional enhanced code after it (`550 5.7.1 text`).
fn numeric(text: &str, reply: Range<usize>, next: Option<Range<usize>>, out: &mut Vec<Finding>) {
    let written = &text[reply.clone()];
    let value = rejecting_reply(written);
    if value.is_none() {
        out.push(problem_finding(
            reply.clone(),
            Severity::Error,
            Issue::ReplyNotRejecting {
                reply: code::truncate(written, 16).to_string(),
            },
            Vec::new(),
        ));
    }
    let reply_class = written.as_bytes().first().copied().unwrap_or(b'5');
    let Some(word) = next.filter(|word| code::code_shaped(&text[word.clone()])) else {
        if let Some(value) = value {
            push_reply(reply, value, out);
        }
        return;
    };
    let code_text = &text[word.clone()];
    let Some(token) = code::exact(text, &word) else {
        let class = if value.is_some() { reply_class } else { b'5' };
        out.push(problem_finding(
            word.clone(),
            Severity::Error,
            Issue::MalformedCode {
                value: code::truncate(code_text, 64).to_string(),
            },
            vec![Fix::replace(word, code::repair(code_text, class))],
        ));
        return;
    };
    let reply_token = value.map(|value| ReplyToken {
        start: reply.start,
        value,
    });
    push_written_code(text, token, reply_token, &word, out);
    if value.is_none() || token.class == reply_class {
        return;
    }
    let sent = code::with_class(code_text, reply_class);
    let mut fixes = vec![Fix::replace(word.clone(), sent.clone())];
    if matches!(token.class, b'4' | b'5') {
        fixes.push(Fix::replace(
            reply.clone(),
            code::with_class(written, token.class),
        ));
    }
    out.push(problem_finding(
        reply.start..word.end,
        Severity::Warning,
        Issue::NumericClassMismatch {
            reply: written.to_string(),
            code: code_text.to_string(),
            sent,
        },
        fixes,
    ));
}

/// The logical line a completion at `at` belongs to: from its first physical line up to `at`.
pub(super) fn line_before(text: &str, at: usize) -> Range<usize> {
    let b = text.as_bytes();
    let mut start = b[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |n| n + 1);
    for _ in 0..MAX_CONTINUATION_LOOKBACK {
        if start == 0 || !matches!(b.get(start), Some(b' ' | b'\t')) {
            break;
        }
        start = b[..start - 1]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |n| n + 1);
    }
    start..at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        LogicalLines::new(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn logical_lines_join_continuations_and_skip_comments() {
        let text =
            "# comment\na REJECT x\n  continued\n\n   # indented comment\nb OK\r\n  \nc DUNNO";
        assert_eq!(
            lines(text),
            vec!["a REJECT x\n  continued", "b OK", "c DUNNO"]
        );
    }

    #[test]
    fn regular_expression_keys_may_hold_spaces() {
        let text = "/^From: .* <.*@spam example\\.com>/i REJECT 5.7.1 no";
        let head = head(text, 0..text.len()).map(|h| &text[h.action]);
        assert_eq!(head, Some("REJECT"));
        assert_eq!(super::head("if /^Subject:/", 0..14).map(|h| h.rest), None);
    }

    #[test]
    fn header_patterns_are_told_from_access_map_patterns() {
        assert!(is_header_pattern("^Subject:.*free"));
        assert!(is_header_pattern("^(From|To):"));
        assert!(is_header_pattern("^Content-(Disposition|Type)"));
        assert!(!is_header_pattern("^192\\.168\\."));
        assert!(!is_header_pattern("^(abc|def)@example\\.com$"));
        assert!(!is_header_pattern("<iframe"));
    }
}
