//! The MIME tree of a message with byte spans: multiparts split at their boundaries, embedded
//! messages (`message/rfc822`, `text/rfc822-headers`) read as messages, and the blocks of
//! delivery-status parts. Depth and part count are capped.

use std::ops::Range;

use super::lines::{lines, trim_end};
use super::values;
use super::{MAX_MIME_DEPTH, MAX_MIME_PARTS};
use crate::analysis::fields::{self, HeaderBlock};

/// Most blank-line separated blocks read in one delivery-status part.
const MAX_DSN_BLOCKS: usize = 1_000;

/// A header block and its body: the message itself, one part, or an embedded message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entity<'t> {
    /// Headers and body, without trailing blank lines.
    pub span: Range<usize>,
    pub header: HeaderBlock<'t>,
    pub body: Range<usize>,
    /// `type/subtype`, lowercased, with the defaults of RFC 2046 applied.
    pub media: String,
    /// True when the headers are those of a message (the top level or an embedded one).
    pub is_message: bool,
    /// The parts of a multipart, or the one embedded message of a `message/rfc822` part.
    pub children: Vec<Entity<'t>>,
    /// The blocks of a delivery-status body: per-message fields first, then one per recipient.
    pub dsn_blocks: Vec<Range<usize>>,
}

impl<'t> Entity<'t> {
    /// Visits this entity and every descendant, parents first.
    pub fn walk<'e>(&'e self, visit: &mut impl FnMut(&'e Entity<'t>)) {
        visit(self);
        for child in &self.children {
            child.walk(visit);
        }
    }
}

/// Reads the message in `range`.
pub(crate) fn parse_message(text: &str, range: Range<usize>) -> Entity<'_> {
    let mut budget = MAX_MIME_PARTS;
    entity(text, range, true, "text/plain", 0, &mut budget)
}

fn entity<'t>(
    text: &'t str,
    range: Range<usize>,
    is_message: bool,
    default_media: &str,
    depth: usize,
    budget: &mut usize,
) -> Entity<'t> {
    let header = fields::header_block(text, range.clone());
    let media = header
        .field("content-type")
        .map(|field| values::media_type(field.value))
        .filter(|media| !media.is_empty())
        .unwrap_or_else(|| default_media.to_string());
    let body = header.body.min(range.end)..range.end;
    // Trailing blank space is not the entity's, but a header field that ends in it still is.
    let trimmed = trim_end(text, range.clone());
    let span = trimmed.start..trimmed.end.max(header.span.end.min(range.end));
    let mut entity = Entity {
        span,
        body: body.clone(),
        media,
        is_message,
        children: Vec::new(),
        dsn_blocks: Vec::new(),
        header,
    };
    if depth >= MAX_MIME_DEPTH {
        return entity;
    }
    if entity.media.starts_with("multipart/") {
        let boundary = entity
            .header
            .field("content-type")
            .and_then(|field| values::param(field.value, "boundary"))
            .filter(|b| !b.is_empty() && b.len() <= 200);
        if let Some(boundary) = boundary {
            let child_default = if entity.media == "multipart/digest" {
                "message/rfc822"
            } else {
                "text/plain"
            };
            for part in split_multipart(text, body, &boundary) {
                if *budget == 0 {
                    break;
                }
                *budget -= 1;
                let child = self::entity(text, part, false, child_default, depth + 1, budget);
                entity.children.push(child);
            }
        }
    } else if embeds_message(&entity.media) && !is_encoded(&entity.header) {
        if !body.is_empty() && *budget > 0 {
            *budget -= 1;
            let child = self::entity(text, body, true, "text/plain", depth + 1, budget);
            entity.children.push(child);
        }
    } else if matches!(
        entity.media.as_str(),
        "message/delivery-status" | "message/global-delivery-status"
    ) {
        entity.dsn_blocks = blocks(text, body);
    }
    entity
}

fn embeds_message(media: &str) -> bool {
    matches!(
        media,
        "message/rfc822" | "message/global" | "text/rfc822-headers" | "message/global-headers"
    )
}

/// An embedded message sent base64 or quoted-printable cannot be read in place.
fn is_encoded(header: &HeaderBlock) -> bool {
    header
        .field("content-transfer-encoding")
        .is_some_and(|field| {
            let value = field.value.trim();
            value.eq_ignore_ascii_case("base64") || value.eq_ignore_ascii_case("quoted-printable")
        })
}

/// The parts of a multipart body: from after each delimiter line to before the line break that
/// precedes the next delimiter. The preamble and epilogue are not parts.
fn split_multipart(text: &str, body: Range<usize>, boundary: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let Some(window) = bytes.get(body.clone()) else {
        return Vec::new();
    };
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut open: Option<usize> = None;
    for found in memchr::memmem::find_iter(window, delimiter.as_bytes()) {
        let at = body.start + found;
        if at > body.start && bytes.get(at - 1) != Some(&b'\n') {
            continue;
        }
        let after = at + delimiter.len();
        let line_end = memchr::memchr(b'\n', bytes.get(after..body.end).unwrap_or_default())
            .map_or(body.end, |i| after + i);
        let rest = bytes.get(after..line_end).unwrap_or_default();
        let closing = rest.starts_with(b"--");
        let padding = if closing {
            rest.get(2..).unwrap_or_default()
        } else {
            rest
        };
        if !padding.iter().all(|b| b.is_ascii_whitespace()) {
            // A longer boundary that starts with this one (nested multiparts often do that).
            continue;
        }
        if let Some(start) = open.take() {
            let mut end = at.saturating_sub(1);
            if end > start && bytes.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
            parts.push(start..end.max(start));
        }
        if closing {
            break;
        }
        open = Some((line_end + 1).min(body.end));
        if parts.len() > MAX_MIME_PARTS {
            break;
        }
    }
    if let Some(start) = open {
        // No closing delimiter: the last part runs to the end.
        parts.push(start..body.end);
    }
    parts
}

/// Blank-line separated blocks of a body, each from its first line to the end of its last.
fn blocks(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for line in lines(text, body) {
        if line.is_blank(text) {
            out.extend(current.take());
        } else {
            match &mut current {
                Some(block) => block.end = line.end,
                None => current = Some(line.start..line.end),
            }
        }
        if out.len() >= MAX_DSN_BLOCKS {
            return out;
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Content-Type: multipart/report; boundary=\"b1\"\n\
        \n\
        preamble\n\
        --b1\n\
        Content-Type: text/plain\n\
        \n\
        Your message could not be delivered.\n\
        --b1\n\
        Content-Type: message/delivery-status\n\
        \n\
        Reporting-MTA: dns; mx.example.com\n\
        \n\
        Final-Recipient: rfc822; bob@example.net\n\
        Status: 5.1.1\n\
        --b1\n\
        Content-Type: message/rfc822\n\
        \n\
        Subject: hi\n\
        \n\
        hello\n\
        --b1--\n\
        epilogue\n";

    #[test]
    fn a_report_has_three_parts_and_an_embedded_message() {
        let root = parse_message(REPORT, 0..REPORT.len());
        assert_eq!(root.media, "multipart/report");
        let media: Vec<_> = root.children.iter().map(|c| c.media.as_str()).collect();
        assert_eq!(
            media,
            ["text/plain", "message/delivery-status", "message/rfc822"]
        );
        let status = &root.children[1];
        let blocks: Vec<_> = status
            .dsn_blocks
            .iter()
            .map(|b| &REPORT[b.clone()])
            .collect();
        assert_eq!(
            blocks,
            [
                "Reporting-MTA: dns; mx.example.com",
                "Final-Recipient: rfc822; bob@example.net\nStatus: 5.1.1"
            ]
        );
        let embedded = &root.children[2].children[0];
        assert!(embedded.is_message);
        assert_eq!(&REPORT[embedded.span.clone()], "Subject: hi\n\nhello");
    }

    #[test]
    fn nesting_is_capped() {
        let mut text = String::new();
        for depth in 0..40 {
            text.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=\"d{depth}\"\n\n--d{depth}\n"
            ));
        }
        let root = parse_message(&text, 0..text.len());
        let mut deepest = 0;
        fn depth(e: &Entity, d: usize, deepest: &mut usize) {
            *deepest = (*deepest).max(d);
            for c in &e.children {
                depth(c, d + 1, deepest);
            }
        }
        depth(&root, 0, &mut deepest);
        assert_eq!(deepest, MAX_MIME_DEPTH);
    }
}
