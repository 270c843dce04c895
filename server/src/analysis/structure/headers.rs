//! Header blocks: where each field is, where the block ends and the body begins.
//!
//! Lenient like the readers people use: a block ends at the first blank line, or at the first line
//! that is neither a field nor a continuation (a body glued to its headers); obsolete whitespace
//! before the colon is accepted.

use std::ops::Range;

use super::MAX_HEADER_FIELDS;
use super::lines::lines;

/// How far into a line the colon of a field name is looked for.
const MAX_NAME_BYTES: usize = 200;

/// One header field, possibly folded over several lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub name: Range<usize>,
    /// After the colon up to the end of the last line's content.
    pub value: Range<usize>,
    /// From the name to the end of the value.
    pub span: Range<usize>,
}

impl Field {
    pub fn name<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.name.clone()).unwrap_or_default()
    }

    pub fn value<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.value.clone()).unwrap_or_default()
    }

    pub fn is(&self, text: &str, name: &str) -> bool {
        self.name(text).eq_ignore_ascii_case(name)
    }
}

/// The fields of one header block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HeaderBlock {
    pub fields: Vec<Field>,
    /// From the first field to the end of the last one; empty at the block start when it has none.
    pub span: Range<usize>,
    /// Where the body begins (after the blank line, when there is one).
    pub body: usize,
}

impl HeaderBlock {
    /// The first field of that name.
    pub fn field(&self, text: &str, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.is(text, name))
    }
}

/// Reads the header block at the start of `range`.
pub(crate) fn parse(text: &str, range: Range<usize>) -> HeaderBlock {
    let mut block = HeaderBlock {
        fields: Vec::new(),
        span: range.start..range.start,
        body: range.end.min(text.len()),
    };
    // Whether a field is open for continuation lines, and whether it was kept (past the limit
    // fields are skipped, but the block is still walked to its end so the body starts right).
    let mut open = false;
    let mut kept = false;
    for line in lines(text, range.clone()) {
        if line.is_blank(text) {
            block.body = line.next;
            break;
        }
        let content = line.text(text);
        if content.starts_with([' ', '\t']) {
            if !open {
                block.body = line.start;
                break;
            }
            if let Some(field) = block.fields.last_mut().filter(|_| kept) {
                field.value.end = line.end;
                field.span.end = line.end;
            }
            continue;
        }
        let Some((name_len, colon)) = field_name_end(content) else {
            block.body = line.start;
            break;
        };
        open = true;
        kept = block.fields.len() < MAX_HEADER_FIELDS;
        if kept {
            let colon = line.start + colon;
            block.fields.push(Field {
                name: line.start..line.start + name_len,
                value: colon + 1..line.end.max(colon + 1),
                span: line.start..line.end,
            });
        }
    }
    if let (Some(first), Some(last)) = (block.fields.first(), block.fields.last()) {
        block.span = first.span.start..last.span.end;
    }
    block
}

/// The end of a field name and the position of its colon, when the line starts a field.
fn field_name_end(line: &str) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    let window = bytes.get(..bytes.len().min(MAX_NAME_BYTES))?;
    let colon = memchr::memchr(b':', window)?;
    let name = window.get(..colon)?;
    let name_len = name.len()
        - name
            .iter()
            .rev()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
    let valid = name_len > 0
        && name
            .get(..name_len)?
            .iter()
            .all(|b| (33..=126).contains(b) && *b != b':');
    valid.then_some((name_len, colon))
}

/// A field value on one line: folding and runs of whitespace become one space, and the result is
/// cut after `max_chars` characters (with `…`).
pub(crate) fn unfold(value: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in value.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars >= max_chars {
                out.truncate(out.trim_end().len());
                out.push('…');
                return out;
            }
            out.push(if c.is_control() { ' ' } else { c });
            chars += 1;
        }
    }
    out
}

/// The media type of a Content-Type value, lowercased (`multipart/report`); empty when absent.
pub(crate) fn media_type(value: &str) -> String {
    let head = value.split(';').next().unwrap_or_default();
    let head: String = head
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(100)
        .collect();
    if head.contains('/') {
        head.to_ascii_lowercase()
    } else {
        String::new()
    }
}

/// A parameter of a structured value (`boundary`, `charset`, `filename`), unquoted. RFC 2231
/// extended values (`filename*=utf-8''R%C3%A9sum%C3%A9.pdf`) are percent-decoded.
pub(crate) fn param(value: &str, key: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut i = memchr::memchr(b';', bytes)? + 1;
    while i < bytes.len() {
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b';')
        {
            i += 1;
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !matches!(b, b'=' | b';') && !b.is_ascii_whitespace())
        {
            i += 1;
        }
        let name = value.get(name_start..i).unwrap_or_default();
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            // A stray word: skip to the next parameter.
            while bytes.get(i).is_some_and(|b| *b != b';') {
                i += 1;
            }
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut raw = Vec::new();
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            while let Some(&b) = bytes.get(i) {
                i += 1;
                match b {
                    b'"' => break,
                    b'\\' => {
                        if let Some(&next) = bytes.get(i) {
                            raw.push(next);
                            i += 1;
                        }
                    }
                    _ => raw.push(b),
                }
            }
        } else {
            let start = i;
            while bytes
                .get(i)
                .is_some_and(|b| *b != b';' && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            raw.extend_from_slice(bytes.get(start..i).unwrap_or_default());
        }
        let raw = String::from_utf8_lossy(&raw).into_owned();
        if name.eq_ignore_ascii_case(key) {
            return Some(raw);
        }
        if name.len() == key.len() + 1
            && name.ends_with('*')
            && name
                .get(..key.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(key))
        {
            return Some(extended(&raw));
        }
    }
    None
}

/// An RFC 2231 extended value: `charset'language'percent-encoded`.
fn extended(raw: &str) -> String {
    let encoded = raw.splitn(3, '\'').nth(2).unwrap_or(raw);
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                bytes.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_fold_and_the_body_follows_the_blank_line() {
        let text = "From: a@b\r\nSubject: one\r\n two\r\nX-Odd : x\r\n\r\nbody";
        let block = parse(text, 0..text.len());
        let names: Vec<_> = block.fields.iter().map(|f| f.name(text)).collect();
        assert_eq!(names, ["From", "Subject", "X-Odd"]);
        assert_eq!(block.fields[1].value(text), " one\r\n two");
        assert_eq!(&text[block.body..], "body");
        assert_eq!(
            &text[block.span.clone()],
            "From: a@b\r\nSubject: one\r\n two\r\nX-Odd : x"
        );
    }

    #[test]
    fn a_part_without_headers_is_all_body() {
        let text = "\nplain body";
        assert_eq!(parse(text, 0..text.len()).body, 1);
        let text = "no header here\nmore";
        let block = parse(text, 0..text.len());
        assert!(block.fields.is_empty());
        assert_eq!(block.body, 0);
    }

    #[test]
    fn unfolded_values_are_cut_with_an_ellipsis() {
        assert_eq!(unfold(" a\r\n\t b  c ", 10), "a b c");
        assert_eq!(unfold("abc defgh", 5), "abc d…");
        assert_eq!(unfold("abc defgh", 4), "abc…");
    }

    #[test]
    fn content_type_parameters() {
        let value = " multipart/report; report-type=delivery-status;\r\n\tboundary=\"=_a;b\\\"c\"";
        assert_eq!(media_type(value), "multipart/report");
        assert_eq!(param(value, "boundary").as_deref(), Some("=_a;b\"c"));
        assert_eq!(
            param(value, "report-type").as_deref(),
            Some("delivery-status")
        );
        assert_eq!(
            param(
                "attachment; filename*=utf-8''R%C3%A9sum%C3%A9.pdf",
                "filename"
            )
            .as_deref(),
            Some("Résumé.pdf")
        );
        assert_eq!(
            param("text/plain; name=\"日本.txt\"", "name").as_deref(),
            Some("日本.txt")
        );
    }
}
