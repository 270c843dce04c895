//! Writing the properties out as one RFC 5322 message: the transport headers as Outlook kept
//! them, a blank line, the plain-text body.
//!
//! The headers describe the message as it travelled, a MIME tree whose parts Outlook has since
//! turned into properties; the body we write is the decoded plain text. So two fields are
//! rewritten to describe what follows them: `Content-Transfer-Encoding` is dropped (the body is
//! no longer base64 or quoted-printable), and a `Content-Type` that is not multipart becomes
//! `text/plain; charset=utf-8`. A multipart `Content-Type` (a bounce's `multipart/report;
//! report-type=delivery-status`, which the bounce gate reads as evidence) is kept, and the body
//! becomes its one text part under the same boundary. Every other field is kept as it is.

use mail_parser::{HeaderName, MessageParser};

/// What replaces a non-multipart `Content-Type`, and heads a message without headers.
const PLAIN_TEXT: &str = "Content-Type: text/plain; charset=utf-8\n";

/// Exchange 2003 and older put this line before the header fields; it is not a field.
const EXCHANGE_PREAMBLE: &str = "Microsoft Mail Internet Headers Version 2.0";

pub fn rfc5322(headers: Option<&str>, subject: Option<&str>, body: Option<&str>) -> String {
    let headers = headers.map(header_block).unwrap_or_default();
    let body = body.map(lf_line_ends).unwrap_or_default();
    let fields = Fields::read(&headers);
    let mut out = String::with_capacity(headers.len() + body.len() + 128);
    let mut kept_from = 0;
    for range in &fields.dropped {
        out.push_str(headers.get(kept_from..range.start).unwrap_or_default());
        kept_from = range.end;
    }
    out.push_str(headers.get(kept_from..).unwrap_or_default());
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !fields.has_subject
        && let Some(subject) = subject
    {
        out.push_str("Subject: ");
        out.extend(
            subject
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c }),
        );
        out.push('\n');
    }
    match &fields.boundary {
        Some(boundary) => {
            out.push('\n');
            out.push_str(&format!("--{boundary}\n{PLAIN_TEXT}\n"));
            push_body(&mut out, &body);
            out.push_str(&format!("--{boundary}--\n"));
        }
        None => {
            out.push_str(PLAIN_TEXT);
            out.push('\n');
            push_body(&mut out, &body);
        }
    }
    out
}

fn push_body(out: &mut String, body: &str) {
    out.push_str(body);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
}

/// The header fields that matter here, read with mail-parser.
struct Fields {
    /// Byte ranges of the fields left out, in order.
    dropped: Vec<std::ops::Range<usize>>,
    /// The boundary of a multipart `Content-Type`, which is kept.
    boundary: Option<String>,
    has_subject: bool,
}

impl Fields {
    fn read(headers: &str) -> Fields {
        let mut fields = Fields {
            dropped: Vec::new(),
            boundary: None,
            has_subject: false,
        };
        // mail-parser needs the blank line to know where the fields end.
        let block = format!("{headers}\n");
        let Some(parsed) = MessageParser::new().parse_headers(block.as_bytes()) else {
            return fields;
        };
        for header in parsed.headers() {
            let range =
                header.offset_field as usize..(header.offset_end as usize).min(headers.len());
            match header.name {
                HeaderName::Subject => fields.has_subject = true,
                HeaderName::ContentTransferEncoding => fields.dropped.push(range),
                HeaderName::ContentType => {
                    let multipart = header
                        .value
                        .as_content_type()
                        .filter(|ct| ct.ctype().eq_ignore_ascii_case("multipart"))
                        .and_then(|ct| ct.attribute("boundary"))
                        .filter(|b| !b.is_empty() && !b.contains(['\r', '\n']));
                    match multipart {
                        Some(boundary) if fields.boundary.is_none() => {
                            fields.boundary = Some(boundary.to_string());
                        }
                        _ => fields.dropped.push(range),
                    }
                }
                _ => {}
            }
        }
        fields.dropped.sort_by_key(|r| r.start);
        fields.dropped.retain(|r| {
            r.start < r.end && headers.is_char_boundary(r.start) && headers.is_char_boundary(r.end)
        });
        // Overlapping ranges cannot come from one parse, but a kept order is what the writer
        // relies on: drop any range that starts inside the one before it.
        let mut last_end = 0;
        fields.dropped.retain(|r| {
            let keep = r.start >= last_end;
            if keep {
                last_end = r.end;
            }
            keep
        });
        fields
    }
}

/// The header fields of `PR_TRANSPORT_MESSAGE_HEADERS` with LF line ends: without Exchange's
/// old preamble line, leading blank lines, and anything after the blank line that ends them.
fn header_block(headers: &str) -> String {
    let text = lf_line_ends(headers);
    let text = text.trim_start_matches('\n');
    let text = text
        .strip_prefix(EXCHANGE_PREAMBLE)
        .map_or(text, |rest| rest.trim_start_matches('\n'));
    let end = text.find("\n\n").map_or(text.len(), |at| at + 1);
    text.get(..end).unwrap_or(text).to_string()
}

/// CRLF and lone CR become LF, the line end every editor and `convert`'s readers agree on.
fn lf_line_ends(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_message_gets_its_body_as_text() {
        let headers = "Received: from a by b\r\nSubject: Hello\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\nFrom: a@example.com\r\n\r\n";
        let text = rfc5322(Some(headers), Some("Hello"), Some("Line one\r\nLine two"));
        assert_eq!(
            text,
            "Received: from a by b\nSubject: Hello\nFrom: a@example.com\nContent-Type: text/plain; charset=utf-8\n\nLine one\nLine two\n"
        );
    }

    #[test]
    fn a_report_keeps_its_content_type_and_the_body_becomes_its_text_part() {
        let headers = "From: postmaster@example.com\r\nContent-Type: multipart/report;\r\n\treport-type=delivery-status;\r\n\tboundary=\"b1\"\r\nContent-Transfer-Encoding: 7bit\r\n";
        let text = rfc5322(
            Some(headers),
            Some("Undeliverable: x"),
            Some("Delivery failed."),
        );
        assert_eq!(
            text,
            "From: postmaster@example.com\nContent-Type: multipart/report;\n\treport-type=delivery-status;\n\tboundary=\"b1\"\nSubject: Undeliverable: x\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\nDelivery failed.\n--b1--\n"
        );
        let parsed = MessageParser::new().parse(text.as_bytes()).expect("parses");
        assert_eq!(parsed.body_text(0).as_deref(), Some("Delivery failed."));
    }

    #[test]
    fn without_headers_the_subject_and_body_make_the_message() {
        assert_eq!(
            rfc5322(None, Some("Hi\r\nBcc: injected"), Some("Text")),
            "Subject: Hi  Bcc: injected\nContent-Type: text/plain; charset=utf-8\n\nText\n"
        );
        assert_eq!(
            rfc5322(None, None, None),
            "Content-Type: text/plain; charset=utf-8\n\n"
        );
    }

    #[test]
    fn exchange_preamble_and_trailing_text_are_left_out() {
        let headers = "Microsoft Mail Internet Headers Version 2.0\r\nReceived: x\r\nSubject: s\r\n\r\n--boundary preamble\r\n";
        assert_eq!(
            rfc5322(Some(headers), None, None),
            "Received: x\nSubject: s\nContent-Type: text/plain; charset=utf-8\n\n"
        );
    }
}
