//! Converting between LSP positions and byte offsets in a rope, in the negotiated encoding.
//! Out-of-range positions are clamped, never panicked on: clients do send them.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// The unit LSP `character` offsets count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// utf-8 when the client offers it (no conversion cost), else the mandatory utf-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Byte range of a line's content, without its line ending.
fn line_content(rope: &Rope, line: usize) -> (usize, usize) {
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let mut len = slice.len_bytes();
    let mut chars = slice.chars_at(slice.len_chars());
    while let Some(c) = chars.prev() {
        if c == '\n' || c == '\r' {
            len -= 1;
        } else {
            break;
        }
    }
    (start, start + len)
}

/// The byte offset of a position, clamped to the document and to the line's content.
pub fn to_offset(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let (start, end) = line_content(rope, line);
    let want = position.character as usize;
    match encoding {
        Encoding::Utf8 => {
            let offset = (start + want).min(end);
            // Round down into the character that contains a mid-character offset.
            rope.char_to_byte(rope.byte_to_char(offset))
        }
        Encoding::Utf16 => {
            let start_char = rope.byte_to_char(start);
            let end_char = rope.byte_to_char(end);
            let start_cu = rope.char_to_utf16_cu(start_char);
            let end_cu = rope.char_to_utf16_cu(end_char);
            let cu = (start_cu + want).min(end_cu);
            rope.char_to_byte(rope.utf16_cu_to_char(cu))
        }
    }
}

/// The position of a byte offset (clamped to the document; mid-character offsets round down).
pub fn to_position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let char_index = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_index);
    let line_char = rope.line_to_char(line);
    let character = match encoding {
        Encoding::Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(line_char),
    };
    Position::new(line as u32, character as u32)
}

pub fn to_range(rope: &Rope, span: &std::ops::Range<usize>, encoding: Encoding) -> Range {
    Range::new(
        to_position(rope, span.start, encoding),
        to_position(rope, span.end, encoding),
    )
}

/// Byte span of an LSP range, clamped; a reversed range is treated as empty at its start.
pub fn to_span(rope: &Rope, range: Range, encoding: Encoding) -> std::ops::Range<usize> {
    let start = to_offset(rope, range.start, encoding);
    let end = to_offset(rope, range.end, encoding).max(start);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str, needle: &str, encoding: Encoding, expected: (u32, u32)) {
        let rope = Rope::from_str(text);
        let offset = text.find(needle).expect("needle in text");
        let position = to_position(&rope, offset, encoding);
        assert_eq!(
            (position.line, position.character),
            expected,
            "{needle:?} in {encoding:?}"
        );
        assert_eq!(to_offset(&rope, position, encoding), offset);
    }

    #[test]
    fn japanese_text_before_a_code() {
        let text = "件名：配信不能 550 5.1.1";
        round_trip(text, "550", Encoding::Utf16, (0, 8));
        round_trip(text, "550", Encoding::Utf8, (0, 22));
    }

    #[test]
    fn emoji_are_surrogate_pairs_in_utf16() {
        let text = "📧📧 Status: 5.1.1";
        round_trip(text, "Status", Encoding::Utf16, (0, 5));
        round_trip(text, "Status", Encoding::Utf8, (0, 9));
        // A position inside the surrogate pair lands on the emoji, not past it.
        let rope = Rope::from_str(text);
        assert_eq!(to_offset(&rope, Position::new(0, 1), Encoding::Utf16), 0);
    }

    #[test]
    fn combining_characters_count_per_code_point() {
        let text = "e\u{301}e\u{301} 550 5.1.1";
        round_trip(text, "550", Encoding::Utf16, (0, 5));
        round_trip(text, "550", Encoding::Utf8, (0, 7));
    }

    #[test]
    fn crlf_lines_and_end_of_file() {
        let text = "a\r\nStatus: 5.1.1\r\n";
        round_trip(text, "Status", Encoding::Utf16, (1, 0));
        let rope = Rope::from_str(text);
        assert_eq!(
            to_position(&rope, text.len(), Encoding::Utf16),
            Position::new(2, 0)
        );
        assert_eq!(
            to_offset(&rope, Position::new(2, 0), Encoding::Utf8),
            text.len()
        );
        // Past the end of a line clamps before its CRLF; past the last line clamps to EOF.
        assert_eq!(to_offset(&rope, Position::new(0, 99), Encoding::Utf16), 1);
        assert_eq!(
            to_offset(&rope, Position::new(99, 3), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn lone_cr_is_a_line_break() {
        let rope = Rope::from_str("a\rb");
        assert_eq!(to_position(&rope, 2, Encoding::Utf8), Position::new(1, 0));
    }
}
