//! Lines with their byte offsets, found with memchr; no allocation per line.

use std::ops::Range;

use super::MAX_LINE_BYTES;

/// One line: `start..end` is its content without the line break, `next` where the next begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

impl Line {
    /// The content, cut at [`MAX_LINE_BYTES`] (and back to a character boundary).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        let end = crate::text::floor_char_boundary(text, self.end.min(self.start + MAX_LINE_BYTES));
        text.get(self.start..end.max(self.start))
            .unwrap_or_default()
    }

    /// True for an empty line or one of spaces and tabs only.
    pub fn is_blank(&self, text: &str) -> bool {
        self.text(text).bytes().all(|b| b == b' ' || b == b'\t')
    }
}

/// The lines of `text[range]`. A final line without a line break is included when not empty.
pub(crate) fn lines(text: &str, range: Range<usize>) -> Lines<'_> {
    let end = range.end.min(text.len());
    Lines {
        bytes: text.as_bytes(),
        pos: range.start.min(end),
        end,
    }
}

pub(crate) struct Lines<'t> {
    bytes: &'t [u8],
    pos: usize,
    end: usize,
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.end {
            return None;
        }
        let start = self.pos;
        let window = self.bytes.get(start..self.end)?;
        let (content_end, next) = match memchr::memchr(b'\n', window) {
            Some(i) => (start + i, start + i + 1),
            None => (self.end, self.end),
        };
        let end = if content_end > start && self.bytes.get(content_end - 1) == Some(&b'\r') {
            content_end - 1
        } else {
            content_end
        };
        self.pos = next;
        Some(Line { start, end, next })
    }
}

/// The line that contains `offset`.
pub(crate) fn line_at(text: &str, offset: usize) -> Line {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let start =
        memchr::memrchr(b'\n', bytes.get(..offset).unwrap_or_default()).map_or(0, |i| i + 1);
    lines(text, start..text.len()).next().unwrap_or(Line {
        start,
        end: start,
        next: start,
    })
}

/// `range` grown to whole lines.
pub(crate) fn widen(text: &str, range: Range<usize>) -> Range<usize> {
    let start = line_at(text, range.start).start;
    let end = if range.end <= start {
        line_at(text, start).next
    } else {
        line_at(text, range.end.saturating_sub(1)).next
    };
    start..end.max(start)
}

/// `range` without the line breaks (and blank lines) it ends with, so that it ends on the last
/// line that has content.
pub(crate) fn trim_end(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut end = range.end.min(bytes.len());
    while end > range.start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r' | b' ' | b'\t')) {
        end -= 1;
    }
    range.start..end
}

/// True when `range` covers more than one line.
pub(crate) fn is_multiline(text: &str, range: &Range<usize>) -> bool {
    text.as_bytes()
        .get(range.clone())
        .is_some_and(|bytes| memchr::memchr(b'\n', bytes).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_know_their_breaks() {
        let text = "a\r\nbc\n\nlast";
        let all: Vec<_> = lines(text, 0..text.len())
            .map(|l| &text[l.start..l.end])
            .collect();
        assert_eq!(all, ["a", "bc", "", "last"]);
        assert_eq!(
            line_at(text, 4),
            Line {
                start: 3,
                end: 5,
                next: 6
            }
        );
        assert_eq!(widen(text, 4..5), 3..6);
        assert_eq!(trim_end(text, 0..7), 0..5);
    }
}
