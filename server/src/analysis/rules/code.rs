//! Codes written in rule values: recognising the well-formed ones with the shared scanner, telling
//! a malformed code from ordinary text, and proposing the nearest valid replacement.

use std::ops::Range;

use crate::analysis::codes::{self, CodeToken};
use crate::analysis::{Finding, FindingKind, Provider, Severity};

/// The well-formed enhanced status code that fills exactly `span` of `text`. The span is read
/// on its own, so whatever surrounds it (quotes of any kind) does not matter.
pub(super) fn exact(text: &str, span: &Range<usize>) -> Option<CodeToken> {
    let value = text.get(span.clone())?;
    let token = codes::code_at(value.as_bytes(), 0)?;
    (token.end == value.len()).then_some(CodeToken {
        start: span.start,
        end: span.end,
        class: token.class,
    })
}

/// True when a word was evidently meant as an enhanced status code: it starts with a digit, has
/// a dot, and holds nothing but digits and dots (`5.7`, `5.7.1.1`, `6.1.1`, `5.7.1000`).
pub(super) fn code_shaped(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word.contains('.')
        && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// The code with its class replaced (`4.7.1` with class `5` is `5.7.1`).
pub(super) fn with_class(code: &str, class: u8) -> String {
    let mut out = String::with_capacity(code.len());
    out.push(class as char);
    out.push_str(code.get(1..).unwrap_or_default());
    out
}

/// The numbers of a dotted word, ignoring empty parts; at most four are read.
fn numbers(word: &str) -> impl Iterator<Item = u32> + '_ {
    word.split('.')
        .filter(|part| !part.is_empty())
        .take(4)
        .map(|part| part.get(..6).unwrap_or(part).parse::<u32>().unwrap_or(0))
}

/// A best guess at the code a malformed word meant, in the given class: its subject and detail
/// when they are usable (`6.1.1` → `5.1.1`, `5.7.1.1` → `5.7.1`), else `class.7.1`, the generic
/// policy code Postfix and Exchange default to.
pub(super) fn repair(word: &str, class: u8) -> String {
    let parts: Vec<u32> = numbers(word).collect();
    match parts.as_slice() {
        [_, subject, detail, ..] if *subject < 1000 && *detail < 1000 => {
            format!("{}.{subject}.{detail}", class as char)
        }
        _ => format!("{}.7.1", class as char),
    }
}

/// The 5.7.9xx rule code nearest to what was written: its detail clamped into 900–999.
pub(super) fn nearest_custom(word: &str) -> String {
    let detail = numbers(word).nth(2).unwrap_or(900).clamp(900, 999);
    format!("5.7.{detail}")
}

/// Records a status code for hover. In a rule file a code is a setting, not an event, so it is a
/// hint: explained on hover, never underlined as if mail had bounced.
pub(super) fn push_status(
    text: &str,
    token: CodeToken,
    reply: Option<codes::ReplyToken>,
    provider: Option<Provider>,
    response: Option<Box<str>>,
    out: &mut Vec<Finding>,
) {
    let mut pushed = Vec::with_capacity(2);
    codes::push_code(text, 0, token, reply, &mut pushed);
    // A reply/code disagreement is reported as a rule problem, with the fix, by the caller.
    for mut finding in pushed
        .into_iter()
        .filter(|f| f.kind == FindingKind::StatusCode)
    {
        finding.severity = Severity::Hint;
        finding.text = response.clone();
        finding.provider = provider;
        out.push(finding);
    }
}

/// A reply code standing for itself (`-SmtpRejectMessageRejectStatusCode 550`, `550 text`).
pub(super) fn push_reply(span: Range<usize>, value: u16, out: &mut Vec<Finding>) {
    let mut finding = Finding::new(
        span,
        FindingKind::ReplyCode,
        value.to_string(),
        Severity::Hint,
    );
    finding.reply = Some(value);
    out.push(finding);
}

/// The first `max` bytes of `text`, cut on a character boundary.
pub(super) fn truncate(text: &str, max: usize) -> &str {
    let mut cut = text.len().min(max);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_words_meant_as_codes_are_code_shaped() {
        for word in ["5.7", "5.7.1.1", "6.1.1", "5.7.1000", "5..1", "5.7.1"] {
            assert!(code_shaped(word), "{word}");
        }
        for word in ["Access", "550", "v5.7", "5.7.1a", ".5.7", ""] {
            assert!(!code_shaped(word), "{word}");
        }
    }

    #[test]
    fn exact_codes_fill_their_span() {
        assert!(exact("'5.7.1'", &(1..6)).is_some());
        assert!(exact("5.7.1.1", &(0..7)).is_none());
        assert!(exact("5.7.1000", &(0..8)).is_none());
        assert!(exact("5.7", &(0..3)).is_none());
    }

    #[test]
    fn repairs_keep_what_was_meant() {
        assert_eq!(repair("6.1.1", b'5'), "5.1.1");
        assert_eq!(repair("5.7.1.1", b'5'), "5.7.1");
        assert_eq!(repair("5.7", b'4'), "4.7.1");
        assert_eq!(repair("99999999999.1", b'5'), "5.7.1");
        assert_eq!(with_class("4.7.1", b'5'), "5.7.1");
    }

    #[test]
    fn nearest_rule_code() {
        assert_eq!(nearest_custom("5.7.500"), "5.7.900");
        assert_eq!(nearest_custom("4.7.950"), "5.7.950");
        assert_eq!(nearest_custom("5.7.1000"), "5.7.999");
        assert_eq!(nearest_custom("5.7"), "5.7.900");
    }
}
