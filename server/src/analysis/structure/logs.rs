//! Logs seen as messages: which message each line belongs to (Postfix and Sendmail queue IDs,
//! Exim message IDs, the Message-ID column of CSV exports), what became of each message, and
//! folding by runs of lines of one message.
//!
//! One pass over the lines, no allocation per line: IDs are slices of the text.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;

use super::labels::{BOUNCED, DEFERRED, EXPIRED, MORE_LINES, MORE_MESSAGES, SENT, with_n};
use super::lines::{Line, lines};
use super::{MAX_LINES_PER_MESSAGE, MAX_LOG_MESSAGES, MAX_RANGES, Symbol, SymbolKind};
use crate::analysis::codes;
use crate::analysis::log::outcome::Outcome;
use crate::catalog::sentences::word;
use crate::lang::Lang;
use crate::sentence::Key;

/// How far into a line its ID is looked for (syslog prefix, Exim timestamp).
const ID_WINDOW: usize = 320;
/// Most distinct outcome-and-code pairs told apart for one message.
const MAX_TALLY: usize = 8;
/// How far into a CSV line a Message-ID column is looked for.
const CSV_WINDOW: usize = 4_096;
/// Longest Message-ID accepted.
const MAX_MESSAGE_ID: usize = 998;

/// What kind of ID a line carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    /// A Postfix or Sendmail queue ID.
    Queue,
    /// An Exim message ID.
    Exim,
    /// A Message-ID (without its angle brackets).
    MessageId,
}

/// The ID a line belongs to, as an absolute span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineId {
    pub span: Range<usize>,
    pub kind: IdKind,
}

/// The message a log line belongs to, if any.
pub(crate) fn line_id(text: &str, line: &Line) -> Option<LineId> {
    let bytes = text.as_bytes();
    let head_end = line.end.min(line.start + ID_WINDOW);
    let head = bytes.get(line.start..head_end)?;
    if head.first().is_some_and(u8::is_ascii_digit) {
        // Exim: `2024-01-15 10:00:00[.123] [+0100] [[pid]] 1rABCd-000123-XY <= …`
        let mut offset = 0;
        for token in head.split(|b| *b == b' ').take(6) {
            if is_exim_id(token) {
                return Some(LineId {
                    span: line.start + offset..line.start + offset + token.len(),
                    kind: IdKind::Exim,
                });
            }
            offset += token.len() + 1;
        }
    }
    if let Some(at) = memchr::memmem::find(head, b"]: ") {
        // syslog: `… postfix/smtp[123]: 4XkQ1R2bZ9z9v: to=<…>` or `sm-mta[123]: x0FA1b2C003456: …`
        let start = at + 3;
        let len = head
            .get(start..)?
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let token = head.get(start..start + len)?;
        return (head.get(start + len) == Some(&b':') && is_queue_id(token)).then(|| LineId {
            span: line.start + start..line.start + start + len,
            kind: IdKind::Queue,
        });
    }
    csv_message_id(text, line)
}

/// A Message-ID cell of a CSV export (`,<id@host>,` or `"<id@host>"`).
fn csv_message_id(text: &str, line: &Line) -> Option<LineId> {
    let bytes = text.as_bytes();
    let window = bytes.get(line.start..line.end.min(line.start + CSV_WINDOW))?;
    // Only CSV lines have cells.
    memchr::memchr(b',', window)?;
    for open in memchr::memchr_iter(b'<', window) {
        if open == 0 || !matches!(window.get(open - 1), Some(b',' | b'"')) {
            continue;
        }
        if let Some(span) = bracketed_id(window, open) {
            return Some(LineId {
                span: line.start + span.start..line.start + span.end,
                kind: IdKind::MessageId,
            });
        }
    }
    None
}

/// The inside of `<local@domain>` starting at `open`, when it looks like a Message-ID.
pub(crate) fn bracketed_id(bytes: &[u8], open: usize) -> Option<Range<usize>> {
    let rest = bytes.get(open + 1..bytes.len().min(open + 1 + MAX_MESSAGE_ID))?;
    let len = rest
        .iter()
        .position(|b| *b == b'>' || *b == b'<' || b.is_ascii_whitespace())?;
    let inner = rest.get(..len)?;
    (rest.get(len) == Some(&b'>') && inner.len() >= 3 && memchr::memchr(b'@', inner).is_some())
        .then_some(open + 1..open + 1 + len)
}

/// A Postfix queue ID (short uppercase hex, or the long form) or a Sendmail one: 5 to 20
/// letters and digits, with at least one digit; uppercase hex up to 12, anything longer from 10.
pub(crate) fn is_queue_id(token: &[u8]) -> bool {
    let len = token.len();
    if !(5..=20).contains(&len)
        || !token.iter().all(u8::is_ascii_alphanumeric)
        || !token.iter().any(u8::is_ascii_digit)
    {
        return false;
    }
    let hex = token.iter().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F'));
    (hex && len <= 12) || (len >= 10 && token.iter().any(u8::is_ascii_alphabetic))
}

/// An Exim message ID: `1rABCd-000123-XY` (6-6-2) or the 4.97 form `1rABCd-00000000bVp-000r`
/// (6-11-4).
pub(crate) fn is_exim_id(token: &[u8]) -> bool {
    let mut parts = token.split(|b| *b == b'-');
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let alnum = |p: &[u8]| p.iter().all(u8::is_ascii_alphanumeric);
    a.len() == 6
        && (b.len() == 6 || b.len() == 11)
        && (2..=4).contains(&c.len())
        && alnum(a)
        && alnum(b)
        && alnum(c)
}

const OUTCOMES: [(Outcome, Key<0>); 4] = [
    (Outcome::Bounced, BOUNCED),
    (Outcome::Expired, EXPIRED),
    (Outcome::Deferred, DEFERRED),
    (Outcome::Sent, SENT),
];

fn label(outcome: Outcome) -> Key<0> {
    OUTCOMES
        .iter()
        .find(|(o, _)| *o == outcome)
        .map_or(SENT, |(_, tr)| *tr)
}

/// A delivery line: the recipient, what happened and the status code.
struct Delivery {
    recipient: Option<Range<usize>>,
    outcome: Outcome,
    code: Option<Range<usize>>,
}

/// Reads a delivery line of Postfix (`to=<…>, … dsn=5.1.1, status=bounced`), Sendmail
/// (`to=<…>, … dsn=4.0.0, stat=Deferred`), Exim (`** rcpt …`, `== rcpt …`, `=> rcpt …`) or an
/// Exchange tracking log (`,FAIL,`, `,DEFER,`, `,DELIVER,`).
fn delivery(text: &str, line: &Line, id: &LineId) -> Option<Delivery> {
    let bytes = text.as_bytes();
    let content = line.text(text).as_bytes();
    let base = line.start;
    let after_id = id.span.end.saturating_sub(base);
    match id.kind {
        IdKind::Queue => {
            // Most lines are not deliveries: look for the status first.
            let (sendmail, status) = status_field(content)?;
            let word = content.get(status).unwrap_or_default();
            let code = field(content, b"dsn=")
                .filter(|r| codes::code_at(bytes, base + r.start).is_some())
                .map(|r| base + r.start..base + r.end);
            // The diagnostics' rules (`analysis::log::outcome`), and like a recipient verdict,
            // a Sendmail failure with a transient status is a delay.
            let outcome = if !sendmail {
                Outcome::postfix(word)?
            } else {
                match Outcome::sendmail(word) {
                    Outcome::Bounced
                        if code.as_ref().and_then(|c| bytes.get(c.start)) == Some(&b'4') =>
                    {
                        Outcome::Deferred
                    }
                    outcome => outcome,
                }
            };
            let recipient = field(content, b"to=")
                .map(|r| trim_brackets(content, r))
                .map(|r| base + r.start..base + r.end);
            Some(Delivery {
                recipient,
                outcome,
                code,
            })
        }
        IdKind::Exim => {
            let rest = content.get(after_id..)?;
            let flag = rest.get(1..3)?;
            let outcome = Outcome::exim(flag)?;
            let start = after_id + 4;
            let len = content
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| !b.is_ascii_whitespace())
                .count();
            let recipient = (len > 0).then(|| trim_brackets(content, start..start + len));
            Some(Delivery {
                recipient: recipient.map(|r| base + r.start..base + r.end),
                outcome,
                code: replied_code(content).map(|r| base + r.start..base + r.end),
            })
        }
        IdKind::MessageId => {
            let outcome = if contains(content, b",FAIL,") {
                Outcome::Bounced
            } else if contains(content, b",DEFER,") {
                Outcome::Deferred
            } else if contains(content, b",DELIVER,") || contains(content, b",SEND,") {
                Outcome::Sent
            } else {
                return None;
            };
            Some(Delivery {
                recipient: None,
                outcome,
                code: replied_code(content).map(|r| base + r.start..base + r.end),
            })
        }
    }
}

/// The value of Postfix's `status=` (false) or Sendmail's `stat=` (true), found in one pass.
fn status_field(content: &[u8]) -> Option<(bool, Range<usize>)> {
    for at in memchr::memmem::find_iter(content, b"stat") {
        if at > 0 && content.get(at - 1).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let (sendmail, start) = match content.get(at + 4) {
            Some(b'=') => (true, at + 5),
            Some(b'u') if content.get(at + 5..at + 7) == Some(b"s=") => (false, at + 7),
            _ => continue,
        };
        let len = content
            .get(start..)?
            .iter()
            .take_while(|b| !matches!(b, b',' | b';' | b')') && !b.is_ascii_whitespace())
            .count();
        return Some((sendmail, start..start + len));
    }
    None
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// The value of `key=` (at a word start) up to `,`, `;`, whitespace or `)`.
fn field(content: &[u8], key: &[u8]) -> Option<Range<usize>> {
    for at in memchr::memmem::find_iter(content, key) {
        if at > 0
            && content
                .get(at - 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            continue;
        }
        let start = at + key.len();
        let len = content
            .get(start..)?
            .iter()
            .take_while(|b| !matches!(b, b',' | b';' | b')') && !b.is_ascii_whitespace())
            .count();
        return Some(start..start + len);
    }
    None
}

fn trim_brackets(content: &[u8], mut range: Range<usize>) -> Range<usize> {
    if content.get(range.start) == Some(&b'<') {
        range.start += 1;
    }
    if range.end > range.start && content.get(range.end - 1) == Some(&b'>') {
        range.end -= 1;
    }
    range
}

/// The first enhanced status code that follows a reply code (`550 5.1.1`) in a line.
fn replied_code(content: &[u8]) -> Option<Range<usize>> {
    for dot in memchr::memchr_iter(b'.', content) {
        let Some(start) = dot.checked_sub(1) else {
            continue;
        };
        if let Some(token) = codes::code_at(content, start)
            && codes::reply_before(content, token.start).is_some()
        {
            return Some(token.start..token.end);
        }
    }
    None
}

/// The Message-ID a line names (`message-id=<…>` of Postfix cleanup, `msgid=<…>` of Sendmail,
/// ` id=…` of an Exim arrival), without brackets, as an absolute span.
pub(crate) fn named_message_id(text: &str, line: &Line) -> Option<Range<usize>> {
    let content = line.text(text).as_bytes();
    for at in memchr::memmem::find_iter(content, b"id=") {
        let before = content.get(..at).unwrap_or_default();
        let labelled = before.ends_with(b" ")
            || before.len() >= 8
                && before
                    .get(before.len() - 8..)
                    .is_some_and(|b| b.eq_ignore_ascii_case(b"message-"))
            || before.ends_with(b"msg");
        if !labelled {
            continue;
        }
        let start = at + 3;
        let span = if content.get(start) == Some(&b'<') {
            bracketed_id(content, start)
        } else {
            let len = content
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && **b != b',')
                .count();
            content
                .get(start..start + len)
                .filter(|inner| memchr::memchr(b'@', inner).is_some())
                .map(|_| start..start + len)
        };
        if let Some(span) = span {
            return Some(line.start + span.start..line.start + span.end);
        }
    }
    None
}

/// One message of the log as the outline shows it.
struct Group<'t> {
    id: &'t str,
    selection: Range<usize>,
    span: Range<usize>,
    message_id: Option<&'t str>,
    /// How many delivery lines had each outcome and code, in order of first appearance.
    tally: Vec<(Outcome, Option<&'t str>, usize)>,
    lines: Vec<Symbol>,
    lines_left: usize,
}

fn slot(outcome: Outcome) -> usize {
    OUTCOMES
        .iter()
        .position(|(o, _)| *o == outcome)
        .unwrap_or_default()
}

/// One symbol per message, in order of first appearance, with its delivery lines beneath.
pub(super) fn outline(text: &str, lang: Lang) -> Vec<Symbol> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    // IDs past the limit are only counted; a hash each keeps that cheap.
    let mut left_over: HashSet<u64> = HashSet::new();
    let mut first_left: Option<Range<usize>> = None;
    for line in lines(text, 0..text.len()) {
        let Some(id) = line_id(text, &line) else {
            continue;
        };
        let Some(key) = text.get(id.span.clone()) else {
            continue;
        };
        let slot_index = match index.get(key) {
            Some(&i) => i,
            None if groups.len() < MAX_LOG_MESSAGES => {
                index.insert(key, groups.len());
                groups.push(Group {
                    id: key,
                    selection: id.span.clone(),
                    span: line.start..line.end,
                    message_id: None,
                    tally: Vec::new(),
                    lines: Vec::new(),
                    lines_left: 0,
                });
                groups.len() - 1
            }
            None => {
                let mut hasher = DefaultHasher::new();
                key.hash(&mut hasher);
                left_over.insert(hasher.finish());
                first_left.get_or_insert(line.start..line.end);
                continue;
            }
        };
        let Some(group) = groups.get_mut(slot_index) else {
            continue;
        };
        group.span.end = line.end;
        if group.message_id.is_none() && id.kind != IdKind::MessageId {
            group.message_id = named_message_id(text, &line).and_then(|r| text.get(r));
        }
        if let Some(delivery) = delivery(text, &line, &id) {
            record(text, group, &line, delivery, lang);
        }
    }
    let mut out: Vec<Symbol> = groups.into_iter().map(|g| group_symbol(g, lang)).collect();
    if let Some(span) = first_left {
        out.push(Symbol::new(
            with_n(MORE_MESSAGES, lang, left_over.len()),
            SymbolKind::Truncated,
            span,
        ));
    }
    out
}

fn record<'t>(text: &'t str, group: &mut Group<'t>, line: &Line, delivery: Delivery, lang: Lang) {
    let code = delivery.code.clone().and_then(|c| text.get(c));
    let known = group
        .tally
        .iter()
        .position(|(outcome, c, _)| *outcome == delivery.outcome && *c == code);
    if let Some((_, _, count)) = known.and_then(|i| group.tally.get_mut(i)) {
        *count += 1;
    } else if group.tally.len() < MAX_TALLY {
        group.tally.push((delivery.outcome, code, 1));
    }
    if group.lines.len() >= MAX_LINES_PER_MESSAGE {
        group.lines_left += 1;
        return;
    }
    let name = delivery
        .recipient
        .clone()
        .and_then(|r| text.get(r))
        .filter(|r| !r.is_empty())
        .unwrap_or(group.id);
    let mut symbol = Symbol::new(name, SymbolKind::Line, line.start..line.end);
    if let Some(recipient) = delivery.recipient.filter(|r| !r.is_empty()) {
        symbol.selection = recipient;
    }
    let mut detail = word(&label(delivery.outcome), lang).to_string();
    if let Some(code) = delivery.code.and_then(|c| text.get(c)) {
        detail.push(' ');
        detail.push_str(code);
    }
    symbol.detail = Some(detail);
    group.lines.push(symbol);
}

/// `bounced 5.1.1, bounced 5.7.509, sent 2.0.0 ×2`, with the Message-ID first when the log
/// names it.
fn group_symbol(group: Group<'_>, lang: Lang) -> Symbol {
    let mut tally = group.tally;
    tally.sort_by_key(|(outcome, _, _)| slot(*outcome));
    let outcomes: Vec<String> = tally
        .iter()
        .map(|(outcome, code, count)| {
            let mut part = word(&label(*outcome), lang).to_string();
            if let Some(code) = code {
                part.push(' ');
                part.push_str(code);
            }
            if *count > 1 {
                part.push_str(&format!(" ×{count}"));
            }
            part
        })
        .collect();
    let mut detail = Vec::new();
    if let Some(message_id) = group.message_id {
        detail.push(format!("<{message_id}>"));
    }
    if !outcomes.is_empty() {
        detail.push(outcomes.join(", "));
    }
    let mut symbol = Symbol::new(group.id, SymbolKind::Message, group.span);
    symbol.selection = group.selection;
    symbol.detail = (!detail.is_empty()).then(|| detail.join(" · "));
    symbol.children = group.lines;
    if group.lines_left > 0
        && let Some(last) = symbol.children.last()
    {
        let span = last.span.clone();
        symbol.children.push(Symbol::new(
            with_n(MORE_LINES, lang, group.lines_left),
            SymbolKind::Truncated,
            span,
        ));
    }
    symbol
}

/// Runs of lines of one message: consecutive lines with the same ID, lines without an ID in
/// between taken along. Runs never cross, so no fold hides another message's line; on a quiet
/// server a run is a message's whole life.
pub(super) fn folding(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut run: Option<(&str, Range<usize>, usize)> = None;
    for line in lines(text, 0..text.len()) {
        let Some(id) = line_id(text, &line) else {
            continue;
        };
        let key = text.get(id.span).unwrap_or_default();
        match &mut run {
            Some((current, span, count)) if *current == key => {
                span.end = line.end;
                *count += 1;
            }
            _ => {
                if let Some((_, span, count)) = run.take()
                    && count > 1
                {
                    out.push(span);
                    if out.len() >= MAX_RANGES {
                        return out;
                    }
                }
                run = Some((key, line.start..line.end, 1));
            }
        }
    }
    if let Some((_, span, count)) = run
        && count > 1
    {
        out.push(span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_of(line: &str) -> Option<(&str, IdKind)> {
        let first = lines(line, 0..line.len()).next()?;
        line_id(line, &first).map(|id| (&line[id.span], id.kind))
    }

    #[test]
    fn ids_of_each_mta() {
        assert_eq!(
            id_of("Nov  4 09:12:01 mx postfix/cleanup[2102]: 4XkQ1R2bZ9z9v: message-id=<a@b>"),
            Some(("4XkQ1R2bZ9z9v", IdKind::Queue))
        );
        assert_eq!(
            id_of("Jan  1 00:00:00 mx postfix/qmgr[9]: ABC123DEF: removed"),
            Some(("ABC123DEF", IdKind::Queue))
        );
        assert_eq!(
            id_of("Jan  1 00:00:00 mx sm-mta[77]: x0FA1b2C003456: from=<a@b>, size=1"),
            Some(("x0FA1b2C003456", IdKind::Queue))
        );
        assert_eq!(
            id_of("2024-01-15 10:00:00 1rABCd-000123-XY <= a@b H=x [1.2.3.4] id=m@x"),
            Some(("1rABCd-000123-XY", IdKind::Exim))
        );
        assert_eq!(
            id_of("2024-01-15 10:00:00.123 +0100 [4242] 1rABCd-00000000bVp-000r Completed"),
            Some(("1rABCd-00000000bVp-000r", IdKind::Exim))
        );
        assert_eq!(
            id_of("2024-01-15T10:00:00.000Z,10.0.0.1,,,,,,SMTP,FAIL,123,<m1@x.example>,abc"),
            Some(("m1@x.example", IdKind::MessageId))
        );
        for line in [
            "Jan  1 00:00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554",
            "Jan  1 00:00:00 mx postfix/smtpd[1]: connect from x[1.2.3.4]",
            "Jan  1 00:00:00 mx postfix/anvil[1]: statistics: max connection rate 1/60s",
            "2024-01-15 10:00:00 SMTP connection from [1.2.3.4] rejected <a@b>",
        ] {
            assert_eq!(id_of(line), None, "{line}");
        }
    }
}
