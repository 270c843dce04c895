//! Header fields located in raw text with exact byte spans.
//!
//! A message, a bounce quoting its original, an mbox, or a web page with a pasted header block
//! all carry header fields at the start of a line. Rather than trusting one MIME tree, the scanner
//! reads every run of consecutive `Name: value` lines (with their folded continuations) as a
//! header block: the top-level header block, the header block of an attached `message/rfc822` or
//! `text/rfc822-headers` part and a header block pasted into prose are all found the same way, and
//! offsets stay those of the original text (CRLF, LF or stray CR alike).

use std::ops::Range;

/// Longest field name recognised (RFC 5322 lines are at most 78 characters).
const MAX_NAME: usize = 76;
/// Bytes of one field's value that are analysed; the rest is skipped but still consumed.
pub const MAX_VALUE: usize = 64 * 1024;

/// One header field as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'t> {
    /// The field name as written (`Authentication-Results`).
    pub name: &'t str,
    /// Where the name starts; the field's first byte.
    pub start: usize,
    /// The raw value after the colon, folding and line breaks included, capped at [`MAX_VALUE`].
    pub value: &'t str,
    /// Byte offset of `value` in the text.
    pub value_start: usize,
    /// Index of the header block the field belongs to, counted from 0 in text order.
    pub block: usize,
}

impl Field<'_> {
    /// The span of the field name.
    pub fn name_span(&self) -> Range<usize> {
        self.start..self.start + self.name.len()
    }

    /// True when the name is `name`, ignoring ASCII case.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// Iterates over every header field of a text, in order.
pub fn fields(text: &str) -> Fields<'_> {
    Fields {
        text,
        pos: 0,
        block: 0,
        in_block: false,
        started: false,
    }
}

/// The iterator behind [`fields`].
pub struct Fields<'t> {
    text: &'t str,
    pos: usize,
    block: usize,
    in_block: bool,
    started: bool,
}

impl<'t> Iterator for Fields<'t> {
    type Item = Field<'t>;

    fn next(&mut self) -> Option<Field<'t>> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let start = self.pos;
            let (content_end, next) = line_at(bytes, start);
            let Some(colon) = field_name_end(bytes, start, content_end) else {
                self.in_block = false;
                self.pos = next;
                continue;
            };
            if !self.in_block {
                if self.started {
                    self.block += 1;
                }
                self.started = true;
                self.in_block = true;
            }
            let value_start = colon + 1;
            let mut end = content_end;
            let mut pos = next;
            // Folded continuation lines start with a space or a tab; a blank line ends the block.
            while matches!(bytes.get(pos), Some(b' ' | b'\t')) {
                let (line_end, line_next) = line_at(bytes, pos);
                if bytes[pos..line_end].iter().all(u8::is_ascii_whitespace) {
                    break;
                }
                if line_end - value_start <= MAX_VALUE {
                    end = line_end;
                }
                pos = line_next;
            }
            self.pos = pos;
            let capped = crate::text::floor_char_boundary(
                self.text,
                end.min(value_start + MAX_VALUE).max(value_start),
            );
            return Some(Field {
                name: &self.text[start..colon],
                start,
                value: &self.text[value_start..capped],
                value_start,
                block: self.block,
            });
        }
        None
    }
}

/// The end of the line starting at `start` (before its CR/LF) and the start of the next line.
fn line_at(bytes: &[u8], start: usize) -> (usize, usize) {
    let tail = bytes.get(start..).unwrap_or_default();
    match memchr::memchr(b'\n', tail) {
        Some(i) => {
            let nl = start + i;
            let end = if nl > start && bytes[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            (end, nl + 1)
        }
        None => (bytes.len(), bytes.len()),
    }
}

/// The position of the colon when the line starts with a field name (`Name:`).
///
/// Names are letters, digits, `-` and `_`, starting with a letter: stricter than RFC 5322 so a
/// sentence with a colon in prose is not taken for a field.
fn field_name_end(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    let first = *bytes.get(start)?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let limit = end.min(start + MAX_NAME + 1);
    for (i, &b) in bytes.get(start..limit)?.iter().enumerate() {
        match b {
            b':' => return Some(start + i),
            b'-' | b'_' => {}
            b if b.is_ascii_alphanumeric() => {}
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_fields_keep_exact_offsets_with_crlf() {
        let text = "From: a@example.com\r\nAuthentication-Results: mx.example.com;\r\n\tspf=pass smtp.mailfrom=example.com\r\nSubject: hi\r\n\r\nbody: not a header\r\n";
        let all: Vec<Field> = fields(text).collect();
        assert_eq!(all.len(), 4);
        let ar = all[1];
        assert_eq!(ar.name, "Authentication-Results");
        assert_eq!(&text[ar.name_span()], "Authentication-Results");
        assert_eq!(
            ar.value,
            " mx.example.com;\r\n\tspf=pass smtp.mailfrom=example.com"
        );
        assert_eq!(&text[ar.value_start..ar.value_start + 3], " mx");
        assert_eq!(all[2].name, "Subject");
        // The body line after the blank line starts a new block.
        assert_eq!(all[3].block, 1);
        assert_eq!(all[0].block, 0);
    }

    #[test]
    fn prose_and_bullets_are_not_fields() {
        let text =
            "Note that: this is prose\n  • Received-SPF: explained\nA sentence, with: a colon\n";
        let names: Vec<&str> = fields(text).map(|f| f.name).collect();
        assert_eq!(names, vec![] as Vec<&str>);
    }

    #[test]
    fn blank_continuation_ends_the_block() {
        let text = "X-A: 1\n \nX-B: 2\n";
        let all: Vec<Field> = fields(text).collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].value, " 1");
        assert_ne!(all[0].block, all[1].block);
    }
}
