//! Plain-text helpers shared by the CLI and the LSP layer: reading files lossily and mapping byte
//! offsets to lines and columns.

/// A file's text for analysis. Invalid UTF-8 is replaced (the file is never rewritten), a BOM is
/// kept so offsets stay those of the file, and the caller learns that decoding was lossy.
pub fn decode_lossy(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(error) => (String::from_utf8_lossy(error.as_bytes()).into_owned(), true),
    }
}

/// Line starts of a text, for turning byte offsets into 1-based line and column numbers.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// The last offset asked for and its zero-based column: findings come in order, so columns on
    /// a long line are counted from the previous one instead of from the line start each time.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // CRLF counts once; a lone CR is a line end of its own (as LSP clients count it).
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((usize::MAX, 0)),
        }
    }

    /// Zero-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// 1-based line and column; columns count Unicode scalar values.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.line_of(offset);
        let line_start = self.starts[line];
        let line_end = self.starts.get(line + 1).copied().unwrap_or(usize::MAX);
        let column = match self.last.get() {
            (at, column) if (line_start..=offset).contains(&at) => {
                column + self.text[at..offset].chars().count()
            }
            (at, column) if at > offset && at < line_end && at <= self.text.len() => {
                column - self.text[offset..at].chars().count()
            }
            _ => self.text[line_start..offset].chars().count(),
        };
        self.last.set((offset, column));
        (line + 1, column + 1)
    }

    /// The text of a zero-based line without its line ending.
    pub fn line_text(&self, line: usize) -> &'t str {
        let start = self.starts.get(line).copied().unwrap_or(self.text.len());
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte offset where a zero-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "件名: テスト\r\n550 5.1.1 不明\rlast";
        let index = LineIndex::new(text);
        let code = text.find("5.1.1").unwrap();
        assert_eq!(index.line_col(code), (2, 5));
        assert_eq!(index.line_text(1), "550 5.1.1 不明");
        assert_eq!(index.line_col(text.find("last").unwrap()), (3, 1));
        assert_eq!(index.line_col(text.len()), (3, 5));
    }

    #[test]
    fn invalid_utf8_is_replaced_not_rejected() {
        let (text, lossy) = decode_lossy(b"Status: 5.1.1 \xff\xfe".to_vec());
        assert!(lossy);
        assert!(text.starts_with("Status: 5.1.1"));
    }
}
