//! The parts of a message as regions of text to analyse, each either verbatim from the document
//! (with its offset) or decoded from quoted-printable or base64 (with the span it is anchored on).
//!
//! mail-parser does the MIME work ([`parse`], also the parse the document structure's MIME tree
//! is built from); its offsets point into the document for every part that is not itself inside
//! an encoded `message/rfc822`.

use std::borrow::Cow;
use std::ops::Range;

use mail_parser::{Encoding, Message, MessageParser, MessagePart, MimeHeaders, PartType};

/// How deep returned messages are followed: the one MIME limit of the analysis.
const MAX_DEPTH: usize = crate::analysis::structure::MAX_MIME_DEPTH;
/// The most parts read from one message: the one MIME limit of the analysis.
const MAX_PARTS: usize = crate::analysis::structure::MAX_MIME_PARTS;

/// What a region holds, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The header block of a message (the bounce's own, or a returned message's).
    Headers,
    /// A `text/plain` or other text part.
    Text,
    /// A `text/html` part.
    Html,
    /// A `message/delivery-status` part.
    DeliveryStatus,
    /// A `text/rfc822-headers` part: the returned message's headers.
    RfcHeaders,
}

/// Where a region's text lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The text is the document's own, starting at this offset.
    Verbatim(usize),
    /// The text was decoded; findings inside it are anchored on `anchor`. `raw` is the encoded
    /// body in the document, where a verbatim match may still be found.
    Decoded {
        anchor: Range<usize>,
        raw: Range<usize>,
    },
}

/// One region of a message.
#[derive(Debug, Clone)]
pub struct Region<'t> {
    pub role: Role,
    pub text: Cow<'t, str>,
    pub place: Place,
    /// 0 for the bounce itself, 1 and more inside returned messages.
    pub depth: usize,
}

impl Region<'_> {
    /// Maps a range of the region's text to the document: exact when verbatim or when the same
    /// text is found in the encoded body, else the anchor.
    pub fn map(&self, range: Range<usize>, doc: &str) -> Range<usize> {
        match &self.place {
            Place::Verbatim(base) => base + range.start..base + range.end,
            Place::Decoded { anchor, raw } => {
                let Some(needle) = self.text.get(range.clone()) else {
                    return anchor.clone();
                };
                let occurrence = self.text[..range.start].matches(needle).count();
                let Some(raw_text) = doc.get(raw.clone()) else {
                    return anchor.clone();
                };
                if let Some((at, _)) = raw_text.match_indices(needle).nth(occurrence) {
                    return raw.start + at..raw.start + at + needle.len();
                }
                // Quoted-printable wraps long lines with soft breaks (`5.=` / `1.1`) and writes
                // some bytes as `=XX`: the code is still there, over the break.
                find_quoted_printable(raw_text.as_bytes(), needle.as_bytes(), occurrence)
                    // Base64 keeps no word visible: the span is the characters that encode it.
                    .or_else(|| base64_span(raw_text.as_bytes(), &self.text, range.clone()))
                    .filter(|found| {
                        raw_text.is_char_boundary(found.start)
                            && raw_text.is_char_boundary(found.end)
                    })
                    .map_or_else(
                        || anchor.clone(),
                        |found| raw.start + found.start..raw.start + found.end,
                    )
            }
        }
    }

    /// True when the region's text is the document's own.
    pub fn is_verbatim(&self) -> bool {
        matches!(self.place, Place::Verbatim(_))
    }
}

/// Where `needle` (decoded bytes) occurs for the `nth` time in the quoted-printable text `raw`,
/// reading soft line breaks as nothing and `=XX` as the byte it stands for (RFC 2045 §6.7).
/// mail-parser decodes the part but keeps no offsets into it, so this walks the encoding back.
fn find_quoted_printable(raw: &[u8], needle: &[u8], nth: usize) -> Option<Range<usize>> {
    let first = *needle.first()?;
    let mut seen = 0;
    let mut from = 0;
    while from < raw.len() {
        let at = from + memchr::memchr2(first, b'=', raw.get(from..)?)?;
        if soft_break_len(raw, at) == 0
            && let Some(end) = quoted_printable_match(raw, at, needle)
        {
            if seen == nth {
                return Some(at..end);
            }
            seen += 1;
            from = end;
        } else {
            from = at + 1;
        }
    }
    None
}

/// The characters of the base64 text `raw` that encode `range` of its decoded `text`: each
/// group of four characters holds three bytes, whitespace between them aside (RFC 2045 §6.8).
/// The text's offsets are the decoded bytes' only when no charset conversion moved them, so the
/// span found is decoded again and kept only when it holds the text it should.
fn base64_span(raw: &[u8], text: &str, range: Range<usize>) -> Option<Range<usize>> {
    use base64::Engine;
    let alphabet = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    let wanted = text.get(range.clone())?.as_bytes();
    if range.is_empty() || !raw.iter().all(|b| alphabet(*b) || b.is_ascii_whitespace()) {
        return None;
    }
    let span = base64_chars(raw, &range, alphabet)?;
    let chars: Vec<u8> = raw
        .get(span.clone())?
        .iter()
        .copied()
        .filter(|b| alphabet(*b))
        .collect();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(chars)
        .ok()?;
    let skip = range.start % 3;
    (decoded.get(skip..skip + wanted.len()) == Some(wanted)).then_some(span)
}

/// The characters of `raw` that hold the byte groups of `range`.
fn base64_chars(
    raw: &[u8],
    range: &Range<usize>,
    alphabet: impl Fn(u8) -> bool,
) -> Option<Range<usize>> {
    let first = range.start / 3 * 4;
    let last = range.end.div_ceil(3) * 4 - 1;
    let mut start = None;
    let mut seen = 0;
    for (at, byte) in raw.iter().enumerate() {
        if !alphabet(*byte) {
            continue;
        }
        if seen == first {
            start = Some(at);
        }
        if seen == last {
            return start.map(|start| start..at + 1);
        }
        seen += 1;
    }
    None
}

/// The length of a soft line break (`=` then LF or CRLF) at `at`, or 0.
fn soft_break_len(raw: &[u8], at: usize) -> usize {
    match (raw.get(at), raw.get(at + 1), raw.get(at + 2)) {
        (Some(b'='), Some(b'\n'), _) => 2,
        (Some(b'='), Some(b'\r'), Some(b'\n')) => 3,
        _ => 0,
    }
}

/// The end of `needle` matched at `at` in quoted-printable `raw`, if it matches there.
fn quoted_printable_match(raw: &[u8], mut at: usize, needle: &[u8]) -> Option<usize> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut matched = 0;
    while let Some(&want) = needle.get(matched) {
        let skip = soft_break_len(raw, at);
        if skip > 0 {
            at += skip;
            continue;
        }
        let byte = *raw.get(at)?;
        if byte == b'='
            && let (Some(high), Some(low)) = (
                raw.get(at + 1).copied().and_then(hex),
                raw.get(at + 2).copied().and_then(hex),
            )
        {
            if (high * 16 + low) as u8 != want {
                return None;
            }
            at += 3;
        } else if byte == want {
            at += 1;
        } else {
            return None;
        }
        matched += 1;
    }
    Some(at)
}

/// The one MIME parse of a message, for the bounce reading and for the document structure.
///
/// mail-parser asserts on some corrupt nestings (`Invalid part ID, could not find multipart`,
/// met by the hostile-input tests); such a document reads as `None`, never as a panic.
pub(crate) fn parse(doc: &str) -> Option<Message<'_>> {
    std::panic::catch_unwind(|| MessageParser::default().parse(doc.as_bytes()))
        .ok()
        .flatten()
}

/// Splits a document into regions. A document mail-parser cannot read is one verbatim text.
pub fn regions(doc: &str) -> Vec<Region<'_>> {
    let mut out = Vec::new();
    match parse(doc) {
        Some(message) => walk(&message, doc, None, 0, &mut out),
        None => out.push(Region {
            role: Role::Text,
            text: Cow::Borrowed(doc),
            place: Place::Verbatim(0),
            depth: 0,
        }),
    }
    out
}

/// Walks a message's parts. `decoded` is the anchor when the message itself came out of an
/// encoded part (its offsets then point into its own decoded bytes, not the document).
fn walk<'t>(
    message: &Message<'_>,
    doc: &'t str,
    decoded: Option<&Range<usize>>,
    depth: usize,
    out: &mut Vec<Region<'t>>,
) {
    let raw = String::from_utf8_lossy(message.raw_message());
    for (index, part) in message.parts.iter().enumerate().take(MAX_PARTS) {
        let header = part.offset_header as usize..part.offset_body as usize;
        let body = part.offset_body as usize..part.offset_end as usize;
        if index == 0 {
            push(out, Role::Headers, doc, &raw, &header, decoded, None, depth);
        }
        let content_type = part
            .content_type()
            .map(|ct| {
                format!(
                    "{}/{}",
                    ct.ctype().to_ascii_lowercase(),
                    ct.subtype().unwrap_or_default().to_ascii_lowercase()
                )
            })
            .unwrap_or_default();
        let own_anchor = anchor_of(part, doc, decoded);
        let lossy;
        let (role, decoded_text) = match &part.body {
            PartType::Multipart(_) => continue,
            PartType::Text(text) | PartType::Html(text) => {
                let role = match content_type.as_str() {
                    "text/html" => Role::Html,
                    "text/rfc822-headers" => Role::RfcHeaders,
                    "message/delivery-status" | "message/global-delivery-status" => {
                        Role::DeliveryStatus
                    }
                    _ if matches!(part.body, PartType::Html(_)) => Role::Html,
                    _ => Role::Text,
                };
                (role, text.as_ref())
            }
            PartType::Binary(bytes) | PartType::InlineBinary(bytes) => {
                let role = match content_type.as_str() {
                    "message/delivery-status" | "message/global-delivery-status" => {
                        Role::DeliveryStatus
                    }
                    "text/rfc822-headers" | "message/rfc822-headers" => Role::RfcHeaders,
                    // A feedback report's fields are read like text.
                    "message/feedback-report" => Role::Text,
                    _ => continue,
                };
                lossy = String::from_utf8_lossy(bytes);
                (role, lossy.as_ref())
            }
            PartType::Message(nested) => {
                if depth >= MAX_DEPTH {
                    continue;
                }
                if part.encoding == Encoding::None && decoded.is_none() {
                    walk(nested, doc, None, depth + 1, out);
                } else {
                    let anchor = decoded.cloned().unwrap_or(own_anchor);
                    walk(nested, doc, Some(&anchor), depth + 1, out);
                }
                continue;
            }
        };
        let decoded_text = (part.encoding != Encoding::None).then_some(decoded_text);
        push_body(
            out,
            role,
            doc,
            &raw,
            &body,
            decoded,
            decoded_text,
            own_anchor,
            depth,
        );
    }
}

/// The span findings of an encoded part are anchored on: its Content-Transfer-Encoding header,
/// else the first line of its body.
fn anchor_of(part: &MessagePart<'_>, doc: &str, decoded: Option<&Range<usize>>) -> Range<usize> {
    if let Some(anchor) = decoded {
        return anchor.clone();
    }
    let cte = part.headers.iter().find(|h| {
        h.name
            .as_str()
            .eq_ignore_ascii_case("content-transfer-encoding")
    });
    if let Some(header) = cte {
        let span = header.offset_field as usize..header.offset_end as usize;
        if let Some(text) = doc.get(span.clone()) {
            let trimmed = text.trim_end_matches(['\r', '\n']).len();
            return span.start..span.start + trimmed;
        }
    }
    let start = part.offset_body as usize;
    let line = doc
        .get(start..)
        .and_then(|rest| rest.split(['\r', '\n']).next())
        .map_or(0, str::len);
    start..start + line
}

#[allow(clippy::too_many_arguments)]
fn push<'t>(
    out: &mut Vec<Region<'t>>,
    role: Role,
    doc: &'t str,
    raw: &str,
    span: &Range<usize>,
    decoded: Option<&Range<usize>>,
    decoded_text: Option<&str>,
    depth: usize,
) {
    let region = match (decoded, decoded_text) {
        (None, None) => match doc.get(span.clone()) {
            Some(text) => Region {
                role,
                text: Cow::Borrowed(text),
                place: Place::Verbatim(span.start),
                depth,
            },
            None => return,
        },
        (Some(anchor), _) => Region {
            role,
            text: Cow::Owned(
                decoded_text
                    .map(str::to_string)
                    .or_else(|| raw.get(span.clone()).map(str::to_string))
                    .unwrap_or_default(),
            ),
            place: Place::Decoded {
                anchor: anchor.clone(),
                raw: anchor.clone(),
            },
            depth,
        },
        (None, Some(_)) => return,
    };
    if !region.text.trim().is_empty() {
        out.push(region);
    }
}

#[allow(clippy::too_many_arguments)]
fn push_body<'t>(
    out: &mut Vec<Region<'t>>,
    role: Role,
    doc: &'t str,
    raw: &str,
    body: &Range<usize>,
    decoded: Option<&Range<usize>>,
    decoded_text: Option<&str>,
    anchor: Range<usize>,
    depth: usize,
) {
    match (decoded, decoded_text) {
        (None, Some(text)) => {
            if !text.trim().is_empty() {
                out.push(Region {
                    role,
                    text: Cow::Owned(text.to_string()),
                    place: Place::Decoded {
                        anchor,
                        raw: body.clone(),
                    },
                    depth,
                });
            }
        }
        _ => push(out, role, doc, raw, body, decoded, decoded_text, depth),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_over_a_quoted_printable_soft_break_maps_to_its_own_bytes() {
        let raw =
            b"ERROR_CODE :550, ERROR_CODE :5.1.=\n1 <k@example.co.jp>... User Unknown caf=C3=A9";
        assert_eq!(find_quoted_printable(raw, b"5.1.1", 0), Some(29..36));
        assert_eq!(
            find_quoted_printable(raw, "café".as_bytes(), 0),
            Some(71..80)
        );
        assert_eq!(find_quoted_printable(raw, b"5.1.1", 1), None);
        assert_eq!(find_quoted_printable(raw, b"5.2.1", 0), None);
    }

    #[test]
    fn a_code_in_a_base64_part_maps_to_the_characters_that_encode_it() {
        // "Status: 5.4.1\n" in base64, cut over two lines.
        let raw = b"U3RhdHVz\nOiA1LjQuMQo=";
        let text = "Status: 5.4.1\n";
        let found = base64_span(raw, text, 8..13).expect("a span");
        assert_eq!(found, 9..21);
        assert_eq!(&raw[found], b"OiA1LjQuMQo=");
        assert_eq!(base64_span(b"not base64!", "x", 0..1), None);
        // UTF-8 text before the code: the offsets still match the decoded bytes.
        let text = "échec : 5.4.1\n";
        let raw = b"w6ljaGVjIDogNS40LjEK";
        let found = base64_span(raw, text, 9..14).expect("a span");
        assert_eq!(&raw[found], b"NS40LjEK");
        // Text converted from another charset: the bytes moved, so no span is claimed.
        assert_eq!(base64_span(raw, "e : 5.4.1\n", 4..9), None);
    }

    #[test]
    fn parts_of_a_report_with_their_offsets() {
        let doc = "From: MAILER-DAEMON@example.jp\nTo: me@example.jp\nMIME-Version: 1.0\n\
            Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n\
            --B\nContent-Type: text/plain\n\nBounce text\n\
            --B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.jp\n\n\
            Final-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.1.1\n\
            --B\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nNTUwIDUuMS4xIFVzZXIgdW5rbm93bg==\n\
            --B--\n";
        let regions = regions(doc);
        let roles: Vec<Role> = regions.iter().map(|r| r.role).collect();
        assert_eq!(
            roles,
            vec![Role::Headers, Role::Text, Role::DeliveryStatus, Role::Text]
        );
        let status = &regions[2];
        let at = status.text.find("5.1.1").unwrap();
        let mapped = status.map(at..at + 5, doc);
        assert_eq!(&doc[mapped], "5.1.1");
        let encoded = &regions[3];
        assert!(encoded.text.contains("550 5.1.1 User unknown"));
        // "550 5.1.1 …" in base64: `5.1.1` is encoded by the characters of its byte groups.
        let mapped = encoded.map(4..9, doc);
        assert_eq!(&doc[mapped], "IDUuMS4x");
    }
}
