//! A byte cursor over one header value that understands folding whitespace, comments and quoted
//! strings, and reports spans as offsets in the whole document.
//!
//! Authentication headers allow comments almost anywhere (RFC 8601 §2.2 even between a method and
//! its `=`), so the parsers ask the cursor for the next piece and skip CFWS between pieces.

use std::ops::Range;

/// Comments nest; deeper nesting is treated as text so hostile input costs bounded work.
const MAX_COMMENT_DEPTH: usize = 32;

/// Bytes that always end a token: whitespace, comment and quote delimiters.
fn is_hard_stop(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'(' | b')' | b'"')
}

pub struct Cursor<'t> {
    text: &'t str,
    pos: usize,
    base: usize,
}

impl<'t> Cursor<'t> {
    /// A cursor over `text`, which starts at byte `base` of the document.
    pub fn new(text: &'t str, base: usize) -> Self {
        Cursor { text, pos: 0, base }
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    pub fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Skips one byte (or one whole character when not ASCII).
    pub fn bump(&mut self) {
        if let Some(c) = self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            self.pos += c.len_utf8();
        } else {
            self.pos = self.text.len();
        }
    }

    /// Consumes `b` when it is next.
    pub fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// The local position, for rewinding.
    pub fn mark(&self) -> usize {
        self.pos
    }

    pub fn rewind(&mut self, mark: usize) {
        self.pos = mark.min(self.text.len());
    }

    /// Document offset of the current position.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Skips folding whitespace and comments; returns the text of the first comment skipped,
    /// unfolded (`(sender IP is 192.0.2.1)` gives `sender IP is 192.0.2.1`).
    pub fn skip_cfws(&mut self) -> Option<String> {
        let mut first = None;
        loop {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                self.pos += 1;
            }
            if self.peek() != Some(b'(') {
                return first;
            }
            let inner = self.comment();
            if first.is_none() {
                first = Some(unfold(&self.text[inner]));
            }
        }
    }

    /// Reads a comment starting at `(`; returns the local range of its inner text.
    fn comment(&mut self) -> Range<usize> {
        let bytes = self.text.as_bytes();
        self.pos += 1;
        let start = self.pos;
        let mut depth = 1usize;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b'\\' => self.pos += 1,
                b'(' if depth < MAX_COMMENT_DEPTH => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        let inner = start..self.pos;
                        self.pos += 1;
                        return inner;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        // An unclosed comment runs to the end of the value.
        self.pos = self.text.len();
        start..self.text.len()
    }

    /// Reads a non-empty run of bytes that are neither whitespace, comment or quote delimiters
    /// nor one of `stops`; returns it with its document span.
    pub fn token(&mut self, stops: &[u8]) -> Option<(&'t str, Range<usize>)> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        while let Some(&b) = bytes.get(self.pos) {
            if is_hard_stop(b) || stops.contains(&b) {
                break;
            }
            self.pos += 1;
        }
        // Stops are ASCII, so both ends are character boundaries.
        let token = self.text.get(start..self.pos)?;
        if token.is_empty() {
            return None;
        }
        Some((token, self.base + start..self.base + self.pos))
    }

    /// Reads a quoted string when one is next; returns its content unescaped and its span,
    /// quotes included.
    pub fn quoted(&mut self) -> Option<(String, Range<usize>)> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        while let Some(c) = self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            self.pos += c.len_utf8();
            match c {
                '"' => return Some((out, self.base + start..self.base + self.pos)),
                '\\' => {
                    if let Some(next) = self.text.get(self.pos..).and_then(|s| s.chars().next()) {
                        self.pos += next.len_utf8();
                        out.push(next);
                    }
                }
                '\r' | '\n' => {}
                c => out.push(c),
            }
        }
        Some((out, self.base + start..self.base + self.pos))
    }

    /// A property or key value: a quoted string, or a token ending at whitespace, a comment or
    /// one of `stops` (so `header.b=abc+/=` keeps its trailing `=`).
    pub fn value(&mut self, stops: &[u8]) -> Option<(String, Range<usize>)> {
        if let Some(quoted) = self.quoted() {
            return Some(quoted);
        }
        self.token(stops)
            .map(|(token, span)| (token.to_string(), span))
    }
}

/// Collapses folding and runs of whitespace into single spaces and trims the ends.
pub fn unfold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_comments_and_quoted_pairs() {
        let mut c = Cursor::new("  (a (nested) \\) one)\r\n\t(two) word", 100);
        assert_eq!(c.skip_cfws().as_deref(), Some("a (nested) \\) one"));
        assert_eq!(c.token(b";"), Some(("word", 130..134)));
        assert!(c.at_end());
    }

    #[test]
    fn quoted_values_are_unescaped() {
        let mut c = Cursor::new("\"a \\\"b\\\"\" rest", 0);
        assert_eq!(c.value(b";").map(|v| v.0), Some("a \"b\"".to_string()));
    }

    #[test]
    fn unclosed_comment_ends_the_value() {
        let mut c = Cursor::new("(never closed spf=pass", 0);
        assert_eq!(c.skip_cfws().as_deref(), Some("never closed spf=pass"));
        assert!(c.at_end());
    }
}
