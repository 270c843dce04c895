//! A message's own header fields and body, exactly as written, for DKIM.
//!
//! The general field scanner ([`crate::analysis::fields`]) finds header blocks anywhere in a text
//! and skips lines it cannot read; a signature covers the bytes of the message's own header, so
//! here the header is cut as RFC 5322 does: from the message start to the first empty line, a
//! field being a line that does not start with whitespace and its continuation lines.

use std::ops::Range;

/// Fields read from one header at most; a longer header is not verified.
const MAX_FIELDS: usize = 2048;

/// One header field: its name and its whole text, without the final line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawField<'t> {
    pub name: &'t str,
    pub raw: &'t str,
    /// Where `raw` starts in the text.
    pub start: usize,
}

/// A message cut into its header fields and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'t> {
    pub fields: Vec<RawField<'t>>,
    /// The body: after the empty line that ends the header, to the end of the message.
    pub body: Range<usize>,
    /// The message is one of an mbox file (it started with an envelope line), whose writer may
    /// have escaped body lines starting with `From ` as `>From `.
    pub in_mbox: bool,
}

/// Cuts `text[range]` into header and body. `None` when the range holds no header block ending
/// in an empty line (a pasted header, a fragment), or one too long to read.
pub fn split(text: &str, range: Range<usize>) -> Option<Message<'_>> {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let mut pos = range.start;
    // An mbox envelope line (`From sender date`) is not part of the message.
    let in_mbox = text.get(pos..end)?.starts_with("From ");
    if in_mbox {
        pos = memchr::memchr(b'\n', bytes.get(pos..end)?).map(|i| pos + i + 1)?;
    }
    let mut fields: Vec<RawField<'_>> = Vec::new();
    let mut field_start: Option<usize> = None;
    loop {
        if pos >= end {
            return None;
        }
        let line_end = memchr::memchr(b'\n', bytes.get(pos..end)?).map_or(end, |i| pos + i);
        let content_end = if line_end > pos && bytes.get(line_end - 1) == Some(&b'\r') {
            line_end - 1
        } else {
            line_end
        };
        let line = bytes.get(pos..content_end)?;
        let continuation = matches!(line.first(), Some(b' ' | b'\t'));
        if (line.is_empty() || !continuation)
            && let Some(start) = field_start.take()
        {
            fields.push(field(text, start, previous_end(bytes, pos))?);
        }
        if line.is_empty() {
            let body_start = (line_end + 1).min(end);
            return (!fields.is_empty()).then_some(Message {
                fields,
                body: body_start..end,
                in_mbox,
            });
        }
        if !continuation {
            // A header line must be `name:`; anything else means this is no message header.
            let colon = memchr::memchr(b':', line)?;
            let name = line.get(..colon)?;
            if name.is_empty() || name.iter().any(|b| b.is_ascii_whitespace() && *b != b' ') {
                return None;
            }
            if fields.len() >= MAX_FIELDS {
                return None;
            }
            field_start = Some(pos);
        } else if field_start.is_none() {
            return None;
        }
        pos = line_end + 1;
    }
}

/// The end of the previous line's content, before its line break.
fn previous_end(bytes: &[u8], line_start: usize) -> usize {
    let mut end = line_start;
    if end > 0 && bytes.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > 0 && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    end
}

fn field(text: &str, start: usize, end: usize) -> Option<RawField<'_>> {
    let raw = text.get(start..end)?;
    let name = raw.split_once(':')?.0.trim_end_matches([' ', '\t']);
    Some(RawField { name, raw, start })
}

impl<'t> Message<'t> {
    /// The fields named `name`, in order.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a RawField<'t>> + 'a {
        self.fields
            .iter()
            .filter(move |f| f.name.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_fields_and_body_with_folding() {
        let text = "From a@b Thu Dec  4 10:00:00 2025\nSubject: one\n two\nTo : x\r\n\r\nbody\n";
        let message = split(text, 0..text.len()).unwrap_or_else(|| panic!("no message"));
        let names: Vec<&str> = message.fields.iter().map(|f| f.name).collect();
        assert_eq!(names, ["Subject", "To"]);
        assert_eq!(message.fields[0].raw, "Subject: one\n two");
        assert_eq!(message.fields[1].raw, "To : x");
        assert_eq!(&text[message.body.clone()], "body\n");
    }

    #[test]
    fn fragments_are_not_messages() {
        for text in [
            "Subject: no blank line after",
            " leading continuation\n\nbody",
            "not a header line\n\nbody",
            "",
            "\n\nbody",
        ] {
            assert_eq!(split(text, 0..text.len()), None, "{text:?}");
        }
    }
}
