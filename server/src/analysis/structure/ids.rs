//! References on message IDs: the ID under the cursor, every occurrence of it, and the
//! occurrences of the other IDs the same message had (its Message-ID, its queue IDs on other
//! passes through the server).

use std::ops::Range;

use super::MAX_OCCURRENCES;
use super::lines::{Line, line_at};
use super::logs::{self, IdKind};

/// Most other IDs followed from the one under the cursor.
const MAX_LINKED_IDS: usize = 8;
/// Most occurrence lines read when looking for linked IDs.
const MAX_LINK_LINES: usize = 2_000;
/// How far around the cursor an angle-bracketed ID is looked for.
const MAX_MESSAGE_ID: usize = 998;

/// The ID under the cursor: its span, its kind, and whether it names a message (so that the
/// message's other IDs are worth following; an envelope address is not).
struct Token {
    span: Range<usize>,
    kind: IdKind,
    names_message: bool,
}

pub(super) fn message_ids_at(text: &str, offset: usize) -> Option<(String, Vec<Range<usize>>)> {
    let offset = crate::text::floor_char_boundary(text, offset);
    let line = line_at(text, offset);
    let token = bracketed_at(text, &line, offset)
        .or_else(|| bare_message_id_at(text, &line, offset))
        .or_else(|| queue_id_at(text, &line, offset))?;
    let key = text.get(token.span.clone())?;
    let mut spans = occurrences(text, key, token.kind);
    if token.names_message {
        let mut followed = vec![key.to_string()];
        link(text, &token, &mut spans, &mut followed);
    }
    spans.sort_by_key(|span| (span.start, span.end));
    spans.dedup();
    spans.truncate(MAX_OCCURRENCES);
    let name = match token.kind {
        IdKind::MessageId => format!("<{key}>"),
        IdKind::Queue | IdKind::Exim => key.to_string(),
    };
    Some((name, spans))
}

/// Adds the occurrences of the IDs linked to the token: a queue ID's Message-ID (from its
/// cleanup or arrival line) and the queue IDs of that Message-ID's lines; or a Message-ID's
/// queue IDs.
fn link(text: &str, token: &Token, spans: &mut Vec<Range<usize>>, followed: &mut Vec<String>) {
    let mut message_ids: Vec<Range<usize>> = Vec::new();
    match token.kind {
        IdKind::Queue | IdKind::Exim => {
            for span in spans.iter().take(MAX_LINK_LINES) {
                let line = line_at(text, span.start);
                if let Some(id) = logs::named_message_id(text, &line)
                    && !message_ids
                        .iter()
                        .any(|m| text.get(m.clone()) == text.get(id.clone()))
                    && message_ids.len() < MAX_LINKED_IDS
                {
                    message_ids.push(id);
                }
            }
        }
        IdKind::MessageId => message_ids.push(token.span.clone()),
    }
    let mut queue_ids: Vec<(String, IdKind)> = Vec::new();
    for message_id in message_ids {
        let Some(key) = text.get(message_id) else {
            continue;
        };
        let found = if followed.iter().any(|f| f == key) {
            spans
                .iter()
                .filter(|s| text.get((*s).clone()) == Some(key))
                .cloned()
                .collect()
        } else {
            followed.push(key.to_string());
            let found = occurrences(text, key, IdKind::MessageId);
            spans.extend(found.iter().cloned());
            found
        };
        for span in found.iter().take(MAX_LINK_LINES) {
            let line = line_at(text, span.start);
            let Some(id) = logs::line_id(text, &line) else {
                continue;
            };
            if id.kind == IdKind::MessageId {
                continue;
            }
            let Some(queue_id) = text.get(id.span) else {
                continue;
            };
            if followed.iter().any(|f| f == queue_id)
                || queue_ids.iter().any(|(q, _)| q == queue_id)
                || queue_ids.len() >= MAX_LINKED_IDS
            {
                continue;
            }
            queue_ids.push((queue_id.to_string(), id.kind));
        }
    }
    for (queue_id, kind) in queue_ids {
        spans.extend(occurrences(text, &queue_id, kind));
        followed.push(queue_id);
        if spans.len() >= MAX_OCCURRENCES {
            break;
        }
    }
}

/// `<local@domain>` around the cursor (the brackets included).
fn bracketed_at(text: &str, line: &Line, offset: usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let from = line.start.max(offset.saturating_sub(MAX_MESSAGE_ID));
    let to = (offset + 1).min(line.end);
    let open = from + memchr::memrchr(b'<', bytes.get(from..to)?)?;
    let inner = logs::bracketed_id(bytes.get(..line.end)?, open)?;
    if offset > inner.end {
        return None;
    }
    let before = bytes.get(line.start..open)?;
    Some(Token {
        span: inner,
        kind: IdKind::MessageId,
        names_message: names_message_id(before),
    })
}

/// True when the text before an ID says it is a Message-ID (`message-id=<`, `msgid=<`,
/// `Message-ID: <`, a CSV cell) rather than an envelope address.
fn names_message_id(before: &[u8]) -> bool {
    let trimmed = before.trim_ascii_end();
    if before.last().is_some_and(|b| matches!(b, b',' | b'"')) {
        return true;
    }
    ends_with_label(
        trimmed,
        &[
            b"message-id=",
            b"msgid=",
            b"message-id:",
            b"id=",
            b"in-reply-to:",
            b"original-message-id:",
            b"x-original-message-id:",
        ],
    )
}

/// True when `text` ends with one of `labels`, compared without case.
fn ends_with_label(text: &[u8], labels: &[&[u8]]) -> bool {
    labels.iter().any(|label| {
        text.len() >= label.len()
            && text
                .get(text.len() - label.len()..)
                .is_some_and(|end| end.eq_ignore_ascii_case(label))
    })
}

/// An unbracketed Message-ID after `id=` (Exim arrivals: `id=abc@example.com`).
fn bare_message_id_at(text: &str, line: &Line, offset: usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let stop = |b: &u8| b.is_ascii_whitespace() || b"<>\",;=()[]".contains(b);
    let mut start = offset.min(line.end);
    while start > line.start && bytes.get(start - 1).is_some_and(|b| !stop(b)) {
        start -= 1;
    }
    let mut end = offset.min(line.end);
    while end < line.end && bytes.get(end).is_some_and(|b| !stop(b)) {
        end += 1;
    }
    let token = bytes.get(start..end)?;
    let before = bytes.get(line.start..start)?;
    let labelled = ends_with_label(before, &[b"id=", b"msgid=", b"message-id="]);
    (labelled && token.len() >= 3 && memchr::memchr(b'@', token).is_some()).then_some(Token {
        span: start..end,
        kind: IdKind::MessageId,
        names_message: true,
    })
}

/// A queue ID or Exim ID under the cursor (or just before it, at the end of a word).
fn queue_id_at(text: &str, line: &Line, offset: usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let id_char = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-';
    let mut start = offset.min(line.end);
    while start > line.start && bytes.get(start - 1).is_some_and(id_char) {
        start -= 1;
    }
    let mut end = offset.min(line.end);
    while end < line.end && bytes.get(end).is_some_and(id_char) {
        end += 1;
    }
    let token = bytes.get(start..end)?;
    let kind = if logs::is_exim_id(token) {
        IdKind::Exim
    } else if logs::is_queue_id(token) {
        IdKind::Queue
    } else {
        return None;
    };
    if !bounded(bytes, start..end, kind) {
        return None;
    }
    Some(Token {
        span: start..end,
        kind,
        names_message: true,
    })
}

/// True when the bytes around `span` end the ID there: a queue ID inside a host name, an
/// address or a longer word is not one.
fn bounded(bytes: &[u8], span: Range<usize>, kind: IdKind) -> bool {
    let left = span.start.checked_sub(1).and_then(|i| bytes.get(i));
    let right = bytes.get(span.end);
    match kind {
        IdKind::Queue | IdKind::Exim => {
            let joins = |b: &u8| b.is_ascii_alphanumeric() || b"-_@/".contains(b);
            let dotted_right = right == Some(&b'.')
                && bytes
                    .get(span.end + 1)
                    .is_some_and(u8::is_ascii_alphanumeric);
            !left.is_some_and(|b| joins(b) || *b == b'.')
                && !right.is_some_and(joins)
                && !dotted_right
        }
        IdKind::MessageId => {
            let opens = |b: &u8| b.is_ascii_whitespace() || b"<=\"',;:([".contains(b);
            let closes = |b: &u8| b.is_ascii_whitespace() || b">\"',;)]".contains(b);
            left.is_none_or(opens) && right.is_none_or(closes)
        }
    }
}

/// Every bounded occurrence of `key` in the text, found with one memmem pass.
fn occurrences(text: &str, key: &str, kind: IdKind) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    if key.is_empty() {
        return out;
    }
    for at in memchr::memmem::find_iter(bytes, key.as_bytes()) {
        let span = at..at + key.len();
        if bounded(bytes, span.clone(), kind) {
            out.push(span);
            if out.len() >= MAX_OCCURRENCES {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
Nov  4 09:12:01 mx postfix/smtpd[2101]: 4XkQ1R2bZ9z9v: client=mail.contoso.com[10.5.1.1]
Nov  4 09:12:01 mx postfix/cleanup[2102]: 4XkQ1R2bZ9z9v: message-id=<a1@contoso.com>
Nov  4 09:12:01 mx postfix/qmgr[2103]: 4XkQ1R2bZ9z9v: from=<ann@contoso.com>, size=1200, nrcpt=1 (queue active)
Nov  4 09:12:02 mx postfix/smtp[2104]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, relay=127.0.0.1[127.0.0.1]:10024, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABC123DEF)
Nov  4 09:12:02 mx postfix/cleanup[2102]: ABC123DEF: message-id=<a1@contoso.com>
Nov  4 09:12:02 mx postfix/qmgr[2103]: 4XkQ1R2bZ9z9v: removed
Nov  4 09:12:03 mx postfix/smtp[2105]: ABC123DEF: to=<bob@fabrikam.com>, dsn=5.1.1, status=bounced (host said: 550 5.1.1 unknown)
Nov  4 09:12:03 mx postfix/qmgr[2103]: ABC123DEF: removed
";

    fn at(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap() + 2
    }

    #[test]
    fn a_queue_id_follows_its_message_through_the_content_filter() {
        let (id, spans) = message_ids_at(LOG, at(LOG, "4XkQ1R2bZ9z9v")).unwrap();
        assert_eq!(id, "4XkQ1R2bZ9z9v");
        let found: Vec<_> = spans.iter().map(|s| &LOG[s.clone()]).collect();
        assert_eq!(
            found,
            [
                "4XkQ1R2bZ9z9v",
                "4XkQ1R2bZ9z9v",
                "a1@contoso.com",
                "4XkQ1R2bZ9z9v",
                "4XkQ1R2bZ9z9v",
                "ABC123DEF",
                "ABC123DEF",
                "a1@contoso.com",
                "4XkQ1R2bZ9z9v",
                "ABC123DEF",
                "ABC123DEF"
            ]
        );
    }

    #[test]
    fn an_address_is_followed_but_brings_no_other_id() {
        let (id, spans) = message_ids_at(LOG, at(LOG, "bob@fabrikam")).unwrap();
        assert_eq!(id, "<bob@fabrikam.com>");
        assert_eq!(spans.len(), 2);
    }

    #[test]
    fn words_and_host_names_are_not_ids() {
        assert_eq!(message_ids_at(LOG, at(LOG, "removed")), None);
        assert_eq!(message_ids_at(LOG, at(LOG, "contoso.com[")), None);
        assert_eq!(message_ids_at(LOG, LOG.len() + 10), None);
    }
}
