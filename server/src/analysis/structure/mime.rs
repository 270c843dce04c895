//! The MIME tree of a message with byte spans, for the outline, folding and hints: multiparts
//! and their parts, embedded messages (`message/rfc822`, `text/rfc822-headers`) read as
//! messages, and the blocks of delivery-status parts.
//!
//! The parts are mail-parser's, from the same parse the bounce reading walks
//! ([`crate::analysis::message::mime::parse`]), so both see one tree with one set of limits
//! ([`MAX_MIME_DEPTH`], [`MAX_MIME_PARTS`]). Over the Sisimai samples and the fixtures (274
//! messages) this gives the outline the hand-written walker it replaces gave, but for three
//! messages where it is better: a header continuation written without its indent
//! (`boundary="…"` on a line of its own) stays in the header, an embedded message ends at its own
//! closing delimiter rather than at a stray one, and a `message/rfc822` part holding only
//! `REDACTED` shows no empty message. Two things are added on top of mail-parser: a part whose
//! closing delimiter is missing ends at the delimiter of the multipart around it (mail-parser
//! runs it to the end of the text), and `text/rfc822-headers` is read as a header block.

use std::ops::Range;

use mail_parser::{Encoding, Message, MimeHeaders, PartType};

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

/// Reads the message in `range`: mail-parser finds the parts (the same parse the bounce reading
/// walks, [`crate::analysis::message::mime::parse`]), and each part's own header block is read
/// with [`fields::header_block`] for the spans of its fields. A message mail-parser cannot read
/// is its header block alone.
pub(crate) fn parse_message(text: &str, range: Range<usize>) -> Entity<'_> {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let parsed = text
        .get(start..end)
        .and_then(crate::analysis::message::mime::parse);
    let mut budget = MAX_MIME_PARTS;
    match parsed {
        Some(message) => {
            let at = Offsets { base: start, end };
            message_entity(text, &message, at, "text/plain", 0, &mut budget, None)
                .unwrap_or_else(|| headers_only(text, start..end, "text/plain", true))
        }
        None => headers_only(text, start..end, "text/plain", true),
    }
}

/// Where mail-parser's offsets (relative to the parsed slice) land in the text.
#[derive(Clone, Copy)]
struct Offsets {
    base: usize,
    end: usize,
}

impl Offsets {
    fn at(self, offset: u32) -> usize {
        self.base.saturating_add(offset as usize).min(self.end)
    }
}

/// The entity of a parsed message: its first part, with the parts beneath.
fn message_entity<'t>(
    text: &'t str,
    message: &Message<'_>,
    at: Offsets,
    default_media: &str,
    depth: usize,
    budget: &mut usize,
    enclosing: Option<&str>,
) -> Option<Entity<'t>> {
    part_entity(
        text,
        message,
        0,
        at,
        true,
        default_media,
        depth,
        budget,
        enclosing,
    )
}

#[allow(clippy::too_many_arguments)]
fn part_entity<'t>(
    text: &'t str,
    message: &Message<'_>,
    id: usize,
    at: Offsets,
    is_message: bool,
    default_media: &str,
    depth: usize,
    budget: &mut usize,
    enclosing: Option<&str>,
) -> Option<Entity<'t>> {
    let part = message.parts.get(id)?;
    let start = at.at(part.offset_header);
    let body_start = at.at(part.offset_body).max(start);
    // mail-parser ends a part before the line break that precedes the next delimiter.
    let own = match part.body {
        PartType::Multipart(_) => part
            .content_type()
            .and_then(|ct| ct.attribute("boundary"))
            .filter(|b| !b.is_empty()),
        _ => None,
    };
    let mut end = at.at(part.offset_end).max(body_start).min(at.end);
    // A part whose own closing delimiter is missing runs, in mail-parser, over the delimiter of
    // the multipart around it; the part ends there, and its parts within it.
    if let Some(boundary) = enclosing {
        end = before_delimiter(text, body_start, end, boundary);
    }
    let inner = Offsets { end, ..at };
    let mut entity = shell(text, start..end, body_start, default_media, is_message);
    if depth >= MAX_MIME_DEPTH {
        return Some(entity);
    }
    match &part.body {
        PartType::Multipart(ids) => {
            let child_default = if entity.media == "multipart/digest" {
                "message/rfc822"
            } else {
                "text/plain"
            };
            for child in ids {
                if *budget == 0 {
                    break;
                }
                *budget -= 1;
                let child = part_entity(
                    text,
                    message,
                    *child as usize,
                    inner,
                    false,
                    child_default,
                    depth + 1,
                    budget,
                    own.or(enclosing),
                );
                entity.children.extend(child);
            }
        }
        PartType::Message(nested) if part.encoding == Encoding::None && *budget > 0 => {
            *budget -= 1;
            let child = message_entity(
                text,
                nested,
                inner,
                "text/plain",
                depth + 1,
                budget,
                enclosing,
            );
            entity.children.extend(child);
        }
        _ if embeds_message(&entity.media) && !is_encoded(&entity.header) => {
            // Returned headers (`text/rfc822-headers`), or a message mail-parser left as text.
            let body = entity.body.clone();
            if !body.is_empty() && *budget > 0 {
                *budget -= 1;
                let child = headers_only(text, body, "text/plain", true);
                entity.children.push(child);
            }
        }
        _ if matches!(
            entity.media.as_str(),
            "message/delivery-status" | "message/global-delivery-status"
        ) =>
        {
            entity.dsn_blocks = blocks(text, entity.body.clone());
        }
        _ => {}
    }
    if let Some(children_end) = entity.children.iter().map(|c| c.span.end).max() {
        entity.span.end = entity.span.end.max(children_end);
        entity.body.end = entity.body.end.max(children_end);
    }
    Some(entity)
}

/// `end` moved back before the first delimiter line of `boundary` (`--boundary`, then only
/// blanks or `--`) that starts a line in `text[from..end]`.
fn before_delimiter(text: &str, from: usize, end: usize, boundary: &str) -> usize {
    let bytes = text.as_bytes();
    let Some(window) = bytes.get(from..end) else {
        return end;
    };
    let delimiter = format!("\n--{boundary}");
    for found in memchr::memmem::find_iter(window, delimiter.as_bytes()) {
        let at = from + found;
        let after = at + delimiter.len();
        let rest = lines(text, after..end)
            .next()
            .and_then(|l| text.get(l.start..l.end))
            .unwrap_or_default();
        let rest = rest.strip_prefix("--").unwrap_or(rest);
        if rest.trim().is_empty() {
            let cr = at > from && bytes.get(at - 1) == Some(&b'\r');
            return if cr { at - 1 } else { at };
        }
    }
    end
}

/// An entity with no parts beneath: its header block read from `range`, the body after it.
fn headers_only<'t>(
    text: &'t str,
    range: Range<usize>,
    default_media: &str,
    is_message: bool,
) -> Entity<'t> {
    let body = fields::header_block(text, range.clone()).body;
    shell(text, range, body, default_media, is_message)
}

/// An entity's header, body, span and media type, without children yet.
fn shell<'t>(
    text: &'t str,
    range: Range<usize>,
    body_start: usize,
    default_media: &str,
    is_message: bool,
) -> Entity<'t> {
    let header = fields::header_block(text, range.start..body_start.max(range.start));
    let media = header
        .field("content-type")
        .map(|field| values::media_type(field.value))
        .filter(|media| !media.is_empty())
        .unwrap_or_else(|| default_media.to_string());
    let body = body_start.min(range.end)..range.end;
    // Trailing blank space is not the entity's, but a header field that ends in it still is.
    let trimmed = trim_end(text, range.clone());
    let span = trimmed.start..trimmed.end.max(header.span.end.min(range.end));
    Entity {
        span,
        body,
        media,
        is_message,
        children: Vec::new(),
        dsn_blocks: Vec::new(),
        header,
    }
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

    #[test]
    fn a_header_line_written_without_its_indent_stays_in_the_header() {
        let text = "Subject: x\nContent-Type: multipart/alternative;\nboundary=\"b\"\n\nbody\n";
        let root = parse_message(text, 0..text.len());
        assert_eq!(&text[root.body.clone()], "body\n");
        let names: Vec<_> = root.header.fields.iter().map(|f| f.name).collect();
        assert_eq!(names, ["Subject", "Content-Type"]);
    }

    #[test]
    fn a_part_left_open_ends_at_the_delimiter_around_it() {
        let text = "Content-Type: multipart/mixed; boundary=\"out\"\n\n\
            --out\nContent-Type: message/rfc822\n\n\
            Subject: inner\nContent-Type: multipart/alternative; boundary=\"in\"\n\n\
            --in\nContent-Type: text/html\n\n<p>hi</p>\n\
            --out--\n";
        let root = parse_message(text, 0..text.len());
        let returned = &root.children[0];
        assert_eq!(returned.media, "message/rfc822");
        let html = &returned.children[0].children[0];
        assert_eq!(html.media, "text/html");
        assert_eq!(
            &text[html.span.clone()],
            "Content-Type: text/html\n\n<p>hi</p>"
        );
        assert!(text[returned.span.clone()].ends_with("<p>hi</p>"));
    }
}
