//! Exchange PowerShell scripts: the parameters of `New-TransportRule`, `Set-TransportRule`,
//! `New-SystemMessage` and `Set-TransportConfig` that take status codes or rejection texts.
//!
//! A light tokenizer, not a PowerShell parser: it knows enough to skip comments and strings, to
//! read a parameter's value whether bare, quoted, a here-string or a list, to follow backtick line
//! continuations and splatting hashtables (`@{ RejectMessageEnhancedStatusCode = '5.7.950' }`),
//! and to tell statements apart so a code can be explained with its own rule's reason text.

use std::ops::Range;

use super::code::{self, push_status};
use super::params::Param;
use super::problem::{Fix, Issue};
use super::problem_finding;
use crate::analysis::{Finding, Provider, Severity};

/// Parameter uses kept from one script; a file with more is not a rule script worth reading.
const MAX_USES: usize = 100_000;
/// Bracket nesting tracked; deeper brackets are counted but not told apart.
const MAX_DEPTH: usize = 64;
/// Values read from one list (`5.4.8, 5.4.6, …`).
const MAX_LIST: usize = 64;
/// Exchange Online's limit on `-RejectMessageReasonText`.
const ONLINE_REASON_LIMIT: usize = 1024;
/// On-premises Exchange Server 2013 and later's limit on `-RejectMessageReasonText`.
const ON_PREMISES_REASON_LIMIT: usize = 256;

/// Analyses a PowerShell script.
pub(super) fn analyze(text: &str, out: &mut Vec<Finding>) {
    let uses = scan(text);
    for statement in uses.chunk_by(|a, b| a.statement == b.statement) {
        let reason = statement
            .iter()
            .find(|u| u.param == Param::RejectMessageReasonText)
            .and_then(|u| u.values.first())
            .map(|value| unescape(text, value));
        for found in statement {
            check(text, found, reason.as_deref(), out);
        }
    }
}

/// How a value was written, which decides how its text is unescaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    Bare,
    Single,
    Double,
    Here,
}

/// One literal value of a parameter.
#[derive(Debug, Clone)]
struct Value {
    /// The whole token, quotes included.
    token: Range<usize>,
    /// The characters between the quotes.
    inner: Range<usize>,
    quoting: Quoting,
}

/// A known parameter where it is used, with its literal values (none for `$variables` and
/// expressions, which cannot be checked).
#[derive(Debug)]
struct Use {
    param: Param,
    name: Range<usize>,
    values: Vec<Value>,
    statement: u32,
}

fn check(text: &str, found: &Use, reason: Option<&str>, out: &mut Vec<Finding>) {
    out.push(problem_finding(
        found.name.clone(),
        Severity::Hint,
        Issue::Parameter(found.param),
        Vec::new(),
    ));
    for value in &found.values {
        match found.param {
            Param::RejectMessageEnhancedStatusCode => rule_code(text, value, reason, out),
            Param::RejectMessageReasonText => reason_length(text, value, out),
            Param::SmtpRejectMessageRejectStatusCode => smtp_reply(text, value, out),
            Param::DsnCode => dsn_code(text, value, out),
            Param::GenerateCopyOfDsnFor => listed_code(text, value, out),
            Param::SmtpRejectMessageRejectText | Param::NotifySender => {}
        }
    }
}

/// The value's characters without surrounding blanks, and the span a problem is shown on (the
/// whole token when the value is empty, so the underline is visible).
fn value_spans(text: &str, value: &Value) -> (Range<usize>, Range<usize>, String) {
    let raw = text.get(value.inner.clone()).unwrap_or_default();
    let start = value.inner.start + (raw.len() - raw.trim_start().len());
    let end = value.inner.end - (raw.len() - raw.trim_end().len());
    let span = start..end.max(start);
    let shown = if span.is_empty() {
        value.token.clone()
    } else {
        span.clone()
    };
    let written = code::truncate(text.get(span.clone()).unwrap_or_default(), 64).to_string();
    (span, shown, written)
}

/// `-RejectMessageEnhancedStatusCode`: 5.7.1 or 5.7.900–5.7.999.
fn rule_code(text: &str, value: &Value, reason: Option<&str>, out: &mut Vec<Finding>) {
    let (span, shown, written) = value_spans(text, value);
    let fixes = vec![
        Fix::replace(span.clone(), "5.7.1"),
        Fix::replace(span.clone(), code::nearest_custom(&written)),
    ];
    let Some(token) = code::exact(text, &span) else {
        out.push(problem_finding(
            shown,
            Severity::Error,
            Issue::MalformedCode { value: written },
            fixes,
        ));
        return;
    };
    let response = reason.unwrap_or(Param::default_reject_text());
    push_status(
        text,
        token,
        None,
        Some(Provider::Microsoft),
        Some(code::truncate(response, 512).into()),
        out,
    );
    if !is_rule_code(&written) {
        out.push(problem_finding(
            span,
            Severity::Error,
            Issue::RejectCodeOutOfRange { code: written },
            fixes,
        ));
    }
}

/// 5.7.1 or 5.7.900–5.7.999, for a code already known to be well formed.
pub(super) fn is_rule_code(code: &str) -> bool {
    code == "5.7.1"
        || code
            .strip_prefix("5.7.")
            .and_then(|detail| detail.parse::<u16>().ok())
            .is_some_and(|detail| (900..=999).contains(&detail))
}

/// `-RejectMessageReasonText`: at most 1024 characters online, 256 on premises.
fn reason_length(text: &str, value: &Value, out: &mut Vec<Finding>) {
    // .NET counts UTF-16 units, which is what the limits are expressed in.
    let chars = unescape(text, value).encode_utf16().count();
    let (severity, issue) = if chars > ONLINE_REASON_LIMIT {
        (Severity::Error, Issue::ReasonTooLong { chars })
    } else if chars > ON_PREMISES_REASON_LIMIT {
        (Severity::Warning, Issue::ReasonTooLongOnPremises { chars })
    } else {
        return;
    };
    out.push(problem_finding(
        value.token.clone(),
        severity,
        issue,
        Vec::new(),
    ));
}

/// `-SmtpRejectMessageRejectStatusCode`: a 4xx or 5xx reply code, not an enhanced code.
fn smtp_reply(text: &str, value: &Value, out: &mut Vec<Finding>) {
    let (span, shown, written) = value_spans(text, value);
    if !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit()) {
        match written.parse::<u16>() {
            Ok(reply) if written.len() == 3 && (400..600).contains(&reply) => {
                code::push_reply(span, reply, out);
            }
            _ => out.push(problem_finding(
                span.clone(),
                Severity::Error,
                Issue::ReplyCodeOutOfRange { value: written },
                vec![Fix::replace(span, "550")],
            )),
        }
        return;
    }
    let reply = match code::exact(text, &span) {
        Some(token) if token.class == b'4' => "450",
        _ => "550",
    };
    out.push(problem_finding(
        shown,
        Severity::Error,
        Issue::NotAReplyCode { value: written },
        vec![Fix::replace(span, reply)],
    ));
}

/// `New-SystemMessage -DsnCode`: 4.x.y or 5.x.y.
fn dsn_code(text: &str, value: &Value, out: &mut Vec<Finding>) {
    let (span, shown, written) = value_spans(text, value);
    let Some(token) = code::exact(text, &span) else {
        malformed(span, shown, written, out);
        return;
    };
    push_status(text, token, None, Some(Provider::Microsoft), None, out);
    if token.class == b'2' {
        let fixes = vec![
            Fix::replace(span.clone(), code::with_class(&written, b'5')),
            Fix::replace(span.clone(), code::with_class(&written, b'4')),
        ];
        out.push(problem_finding(
            span,
            Severity::Error,
            Issue::DsnCodeClass { code: written },
            fixes,
        ));
    }
}

/// `Set-TransportConfig -GenerateCopyOfDSNFor`: any well-formed code.
fn listed_code(text: &str, value: &Value, out: &mut Vec<Finding>) {
    let (span, shown, written) = value_spans(text, value);
    match code::exact(text, &span) {
        Some(token) => push_status(text, token, None, Some(Provider::Microsoft), None, out),
        None => malformed(span, shown, written, out),
    }
}

fn malformed(span: Range<usize>, shown: Range<usize>, written: String, out: &mut Vec<Finding>) {
    let class = match written.as_bytes().first() {
        Some(&class @ (b'2' | b'4' | b'5')) => class,
        _ => b'5',
    };
    let fixes = if code::code_shaped(&written) {
        vec![Fix::replace(span, code::repair(&written, class))]
    } else {
        Vec::new()
    };
    out.push(problem_finding(
        shown,
        Severity::Error,
        Issue::MalformedCode { value: written },
        fixes,
    ));
}

/// The text of a value as PowerShell would pass it (variables in double quotes stay unexpanded).
fn unescape(text: &str, value: &Value) -> String {
    let raw = text.get(value.inner.clone()).unwrap_or_default();
    match value.quoting {
        Quoting::Bare | Quoting::Here => raw.to_string(),
        Quoting::Single => raw.replace("''", "'"),
        Quoting::Double => {
            let mut out = String::with_capacity(raw.len());
            let mut chars = raw.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '`' => {
                        if let Some(escaped) = chars.next() {
                            out.push(match escaped {
                                'n' => '\n',
                                'r' => '\r',
                                't' => '\t',
                                '0' => '\0',
                                other => other,
                            });
                        }
                    }
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        out.push('"');
                    }
                    other => out.push(other),
                }
            }
            out
        }
    }
}

/// A quote character at `i`: ASCII or the typographic quotes PowerShell also accepts (text pasted
/// from web pages often has them). Returns whether it is a double quote and its length in bytes.
fn quote_at(b: &[u8], i: usize) -> Option<(bool, usize)> {
    match b.get(i)? {
        b'\'' => Some((false, 1)),
        b'"' => Some((true, 1)),
        0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2)? {
            0x98..=0x9B => Some((false, 3)),
            0x9C..=0x9E => Some((true, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// A typographic or ASCII quote ending just before `i`, with its length.
pub(super) fn quote_before(b: &[u8], i: usize) -> Option<usize> {
    if i >= 1 && matches!(b[i - 1], b'\'' | b'"') {
        return Some(1);
    }
    (i >= 3 && quote_at(b, i - 3).is_some()).then_some(3)
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Bytes after which a new token starts.
fn starts_token(b: &[u8], i: usize) -> bool {
    i == 0
        || matches!(
            b[i - 1],
            b' ' | b'\t' | b'\r' | b'\n' | b'(' | b'{' | b';' | b'|' | b','
        )
}

/// Skips spaces, tabs and backtick line continuations; with `newlines`, line breaks too.
fn skip_blanks(b: &[u8], mut i: usize, newlines: bool) -> usize {
    loop {
        match b.get(i) {
            Some(&c) if is_blank(c) => i += 1,
            Some(b'\r' | b'\n') if newlines => i += 1,
            Some(b'`') => match (b.get(i + 1), b.get(i + 2)) {
                (Some(b'\n'), _) => i += 2,
                (Some(b'\r'), Some(b'\n')) => i += 3,
                _ => return i,
            },
            _ => return i,
        }
    }
}

/// Walks back over spaces, tabs and backtick line continuations ending at `i`.
pub(super) fn skip_blanks_back(b: &[u8], mut i: usize) -> usize {
    loop {
        match i.checked_sub(1).map(|j| b[j]) {
            Some(c) if is_blank(c) => i -= 1,
            Some(b'\n') if i >= 2 && b[i - 2] == b'`' => i -= 2,
            Some(b'\n') if i >= 3 && b[i - 2] == b'\r' && b[i - 3] == b'`' => i -= 3,
            _ => return i,
        }
    }
}

/// The end of a string whose opening quote ends at `from`: (end of content, end of token).
fn string_end(b: &[u8], from: usize, double: bool) -> (usize, usize) {
    let mut j = from;
    while j < b.len() {
        if double && b[j] == b'`' {
            j += 2;
            continue;
        }
        if let Some((kind, len)) = quote_at(b, j)
            && kind == double
        {
            // A doubled quote stands for one quote character.
            match quote_at(b, j + len) {
                Some((next, next_len)) if next == double => j += len + next_len,
                _ => return (j, j + len),
            }
            continue;
        }
        j += 1;
    }
    (b.len(), b.len())
}

/// A here-string starting at `i` (`@'` or `@"` then a line break): its value, or `None`.
fn here_string(b: &[u8], i: usize) -> Option<Value> {
    if b.get(i) != Some(&b'@') {
        return None;
    }
    let (double, len) = quote_at(b, i + 1).filter(|(_, len)| *len == 1)?;
    let mut j = i + 1 + len;
    while b.get(j).is_some_and(|&c| is_blank(c) || c == b'\r') {
        j += 1;
    }
    if b.get(j) != Some(&b'\n') {
        return None;
    }
    let body = j + 1;
    let close = if double { b'"' } else { b'\'' };
    let mut k = body;
    while let Some(offset) = memchr::memchr(b'\n', b.get(k..)?) {
        let newline = k + offset;
        if b.get(newline + 1) == Some(&close) && b.get(newline + 2) == Some(&b'@') {
            let end = if newline > body && b[newline - 1] == b'\r' {
                newline - 1
            } else {
                newline
            };
            return Some(Value {
                token: i..newline + 3,
                inner: body..end.max(body),
                quoting: Quoting::Here,
            });
        }
        k = newline + 1;
    }
    Some(Value {
        token: i..b.len(),
        inner: body..b.len(),
        quoting: Quoting::Here,
    })
}

/// One literal value starting exactly at `i`, with the offset after it.
fn value_at(b: &[u8], i: usize) -> Option<Value> {
    if let Some((double, len)) = quote_at(b, i) {
        let (inner_end, end) = string_end(b, i + len, double);
        return Some(Value {
            token: i..end,
            inner: i + len..inner_end,
            quoting: if double {
                Quoting::Double
            } else {
                Quoting::Single
            },
        });
    }
    if let Some(here) = here_string(b, i) {
        return Some(here);
    }
    let first = *b.get(i)?;
    if matches!(
        first,
        b'$' | b'(' | b'@' | b'[' | b'{' | b'\r' | b'\n' | b';' | b'#' | b'|' | b')' | b'}' | b','
    ) || (first == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
    {
        return None;
    }
    let mut end = i;
    while end < b.len()
        && !matches!(
            b[end],
            b' ' | b'\t' | b'\r' | b'\n' | b';' | b',' | b')' | b'}' | b'|'
        )
    {
        end += 1;
    }
    Some(Value {
        token: i..end,
        inner: i..end,
        quoting: Quoting::Bare,
    })
}

/// The values of a parameter starting at `i`: one value, a comma list or an `@( … )` array.
/// Returns them with the offset to resume scanning from.
fn values_at(b: &[u8], i: usize) -> (Vec<Value>, usize) {
    let mut values = Vec::new();
    if b.get(i) == Some(&b'@') && b.get(i + 1) == Some(&b'(') {
        let mut j = i + 2;
        while values.len() < MAX_LIST {
            j = skip_blanks(b, j, true);
            if b.get(j) == Some(&b')') {
                return (values, j + 1);
            }
            let Some(value) = value_at(b, j) else { break };
            j = value.token.end;
            values.push(value);
            j = skip_blanks(b, j, true);
            if b.get(j) == Some(&b',') {
                j += 1;
            }
        }
        return (values, j.max(i + 2));
    }
    let mut j = i;
    while values.len() < MAX_LIST {
        let Some(value) = value_at(b, j) else { break };
        j = value.token.end;
        values.push(value);
        let after = skip_blanks(b, j, false);
        if b.get(after) != Some(&b',') {
            break;
        }
        j = skip_blanks(b, after + 1, true);
    }
    let resume = if values.is_empty() { i } else { j };
    (values, resume)
}

/// The open brackets, innermost last: `(` for parentheses and `@( )`/`$( )`, `h` for `@{ }`
/// hashtables, `{` for script blocks.
struct Brackets {
    open: Vec<u8>,
    overflow: usize,
}

impl Brackets {
    fn push(&mut self, kind: u8) {
        if self.open.len() < MAX_DEPTH {
            self.open.push(kind);
        } else {
            self.overflow += 1;
        }
    }

    fn pop(&mut self) {
        if self.overflow > 0 {
            self.overflow -= 1;
        } else {
            self.open.pop();
        }
    }

    fn top(&self) -> Option<u8> {
        if self.overflow > 0 {
            Some(b'(')
        } else {
            self.open.last().copied()
        }
    }

    /// Line breaks and `;` end a statement except inside parentheses and hashtables, where they
    /// only separate parts of one.
    fn separates(&self) -> bool {
        !matches!(self.top(), Some(b'(' | b'h'))
    }
}

/// Finds every use of a known parameter, as `-Name value`, `-Name:value` or a hashtable key.
fn scan(text: &str) -> Vec<Use> {
    let b = text.as_bytes();
    let mut uses = Vec::new();
    let mut brackets = Brackets {
        open: Vec::new(),
        overflow: 0,
    };
    let mut statement = 0u32;
    let mut i = 0;
    while i < b.len() && uses.len() < MAX_USES {
        let c = b[i];
        if let Some((double, len)) = quote_at(b, i) {
            i = string_end(b, i + len, double).1;
            continue;
        }
        match c {
            b'\n' | b';' => {
                if brackets.separates() {
                    statement = statement.saturating_add(1);
                }
                i += 1;
            }
            // An escaped character, including the line break of a continuation.
            b'`' => i += if b.get(i + 1) == Some(&b'\r') { 3 } else { 2 },
            b'#' if starts_token(b, i) => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
            }
            b'<' if b.get(i + 1) == Some(&b'#') => {
                i = memchr::memmem::find(&b[i + 2..], b"#>").map_or(b.len(), |n| i + 2 + n + 2);
            }
            b'@' => match (here_string(b, i), b.get(i + 1)) {
                (Some(here), _) => i = here.token.end,
                (None, Some(b'{')) => {
                    brackets.push(b'h');
                    i += 2;
                }
                (None, Some(b'(')) => {
                    brackets.push(b'(');
                    i += 2;
                }
                _ => i += 1,
            },
            b'$' if b.get(i + 1) == Some(&b'(') => {
                brackets.push(b'(');
                i += 2;
            }
            b'(' | b'{' => {
                brackets.push(c);
                i += 1;
            }
            b')' | b'}' => {
                brackets.pop();
                i += 1;
            }
            b'-' if starts_token(b, i) && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                let end = word_end(b, i + 1);
                let Some(param) = Param::from_name(&text[i + 1..end]) else {
                    i = end;
                    continue;
                };
                // `-Name value`, or `-Name:value` with the value glued to the colon.
                let from = if b.get(end) == Some(&b':') {
                    end + 1
                } else {
                    end
                };
                let (values, resume) = values_at(b, skip_blanks(b, from, false));
                uses.push(Use {
                    param,
                    name: i..end,
                    values,
                    statement,
                });
                i = resume.max(from);
            }
            _ if c.is_ascii_alphabetic() && starts_token(b, i) => {
                let end = word_end(b, i);
                let key = brackets.top() == Some(b'h');
                match Param::from_name(&text[i..end]) {
                    Some(param) if key => {
                        let after = skip_blanks(b, end, false);
                        if b.get(after) == Some(&b'=') && b.get(after + 1) != Some(&b'=') {
                            let (values, resume) = values_at(b, skip_blanks(b, after + 1, false));
                            uses.push(Use {
                                param,
                                name: i..end,
                                values,
                                statement,
                            });
                            i = resume.max(after + 1);
                        } else {
                            i = end;
                        }
                    }
                    // A command name such as New-TransportRule: its dashes start no parameter.
                    _ => i = end + dashed_tail(b, end),
                }
            }
            _ => i += 1,
        }
    }
    uses
}

/// The end of the word (letters, digits, `_`) starting at `i`.
fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_word(b[i]) {
        i += 1;
    }
    i
}

/// The length of the `-Noun` parts following a verb (`-TransportRule` after `New`).
fn dashed_tail(b: &[u8], mut i: usize) -> usize {
    let start = i;
    while b.get(i) == Some(&b'-') && b.get(i + 1).is_some_and(|&c| is_word(c)) {
        i = word_end(b, i + 1);
    }
    i - start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(Param, Vec<&str>, u32)> {
        scan(text)
            .into_iter()
            .map(|u| {
                let values = u.values.iter().map(|v| &text[v.inner.clone()]).collect();
                (u.param, values, u.statement)
            })
            .collect()
    }

    #[test]
    fn lists_and_arrays_are_read_value_by_value() {
        use Param::GenerateCopyOfDsnFor as Copy;
        assert_eq!(
            values("Set-TransportConfig -GenerateCopyOfDSNFor 5.4.8, '5.4.6',\n  5.4.4"),
            vec![(Copy, vec!["5.4.8", "5.4.6", "5.4.4"], 0)]
        );
        assert_eq!(
            values("Set-TransportConfig -GenerateCopyOfDSNFor @(\n '5.4.8'\n \"5.2.4\" )"),
            vec![(Copy, vec!["5.4.8", "5.2.4"], 0)]
        );
        assert_eq!(
            values("Set-TransportConfig -GenerateCopyOfDSNFor @{Add=\"5.7.1\"}"),
            vec![(Copy, vec![], 0)]
        );
    }

    #[test]
    fn statements_end_at_line_breaks_outside_hashtables_and_parentheses() {
        use Param::{RejectMessageEnhancedStatusCode as Code, RejectMessageReasonText as Text};
        let text = "New-TransportRule -Name a -RejectMessageEnhancedStatusCode 5.7.901 `\n\
                    -RejectMessageReasonText 'a'\n\
                    New-TransportRule -Name b -RejectMessageEnhancedStatusCode 5.7.902; \
                    Set-TransportRule b -RejectMessageReasonText 'b'\n\
                    $p = @{\n RejectMessageEnhancedStatusCode = '5.7.903'\n \
                    RejectMessageReasonText = 'c' }";
        let statements: Vec<(Param, u32)> =
            values(text).into_iter().map(|(p, _, s)| (p, s)).collect();
        assert_eq!(
            statements,
            vec![
                (Code, 0),
                (Text, 0),
                (Code, 1),
                (Text, 2),
                (Code, 3),
                (Text, 3)
            ]
        );
    }

    #[test]
    fn a_reason_text_explains_only_its_own_rule_s_code() {
        let text = "New-TransportRule -Name a -RejectMessageEnhancedStatusCode 5.7.901\n\
                    Set-TransportRule a -RejectMessageReasonText 'Not from here'\n";
        let mut out = Vec::new();
        analyze(text, &mut out);
        let code = out.iter().find(|f| f.code.as_str() == "5.7.901");
        assert_eq!(
            code.and_then(|f| f.text.as_deref()),
            Some(Param::default_reject_text())
        );
    }

    #[test]
    fn unterminated_strings_and_comments_end_the_scan_quietly() {
        assert_eq!(
            values("New-TransportRule -RejectMessageReasonText 'open").len(),
            1
        );
        assert_eq!(values("<# never closed -DsnCode 5.1.1").len(), 0);
        assert_eq!(values("-DsnCode @'\n5.1.1").len(), 1);
    }
}
