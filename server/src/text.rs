//! Plain-text helpers shared by the CLI and the LSP layer: reading files lossily and mapping byte
//! offsets to lines and columns.

/// A file's text for analysis, and whether decoding was lossy (the file is never rewritten).
///
/// The byte order mark decides the encoding: UTF-16LE (`FF FE`) and UTF-16BE (`FE FF`), which is
/// what Windows PowerShell 5.1's `>` and `Out-File` write (transport-rule scripts, message-trace
/// CSV, saved logs), are decoded; a UTF-8 BOM is dropped; anything else is read as UTF-8. Invalid
/// sequences (bad UTF-8, lone surrogates, an odd trailing byte) become U+FFFD. Positions reported
/// later are those of the decoded text, as an editor showing the file counts them.
///
/// UTF-16 is decoded with std's [`char::decode_utf16`]. A file that is not UTF-8 but declares an
/// 8-bit charset in a `Content-Type` field is read in that charset (see [`decode`]).
pub fn decode_lossy(bytes: Vec<u8>) -> (String, bool) {
    let decoded = decode(bytes);
    (decoded.text, decoded.lossy)
}

/// A file's bytes as text, with how they were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Some bytes could not be decoded and became U+FFFD.
    pub lossy: bool,
    /// The charset the file was read in when it is not UTF-8 but a message declares one
    /// (`GB2312`, `Shift_JIS`, `windows-1252`), as encoding_rs names it.
    pub charset: Option<&'static str>,
}

/// [`decode_lossy`] saying how the file was read. A message that is not valid UTF-8 (an 8-bit
/// part sent as `Content-Transfer-Encoding: 8bit` or `binary`) is read in the first
/// ASCII-compatible charset one of its `Content-Type` fields declares, as a mail reader would;
/// every ASCII byte (headers, codes, addresses, line ends) stays where it was. encoding_rs holds
/// the WHATWG tables that doing so needs.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    let plain = |(text, lossy): (String, bool)| Decoded {
        text,
        lossy,
        charset: None,
    };
    if let Some(units) = bytes.strip_prefix(b"\xff\xfe") {
        return plain(decode_utf16(units, u16::from_le_bytes));
    }
    if let Some(units) = bytes.strip_prefix(b"\xfe\xff") {
        return plain(decode_utf16(units, u16::from_be_bytes));
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    if body.len() != bytes.len() {
        return plain(match std::str::from_utf8(body) {
            Ok(text) => (text.to_string(), false),
            Err(_) => (String::from_utf8_lossy(body).into_owned(), true),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => plain((text, false)),
        Err(error) => {
            let bytes = error.into_bytes();
            match declared_charset(&bytes) {
                Some(encoding) => {
                    let (text, lossy) = encoding.decode_without_bom_handling(&bytes);
                    Decoded {
                        text: text.into_owned(),
                        lossy,
                        charset: Some(encoding.name()),
                    }
                }
                None => plain((String::from_utf8_lossy(&bytes).into_owned(), true)),
            }
        }
    }
}

/// The first ASCII-compatible charset other than UTF-8 that a `Content-Type` field declares.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    /// How far after `Content-Type:` its `charset=` parameter may be (folded lines included).
    const FIELD: usize = 256;
    /// Most `Content-Type` fields looked at.
    const FIELDS: usize = 64;
    let finder = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["content-type:"])
        .ok()?;
    for hit in finder.find_iter(bytes).take(FIELDS) {
        let at = hit.start();
        if at > 0 && bytes.get(at - 1) != Some(&b'\n') {
            continue;
        }
        let value = bytes.get(hit.end()..bytes.len().min(hit.end() + FIELD))?;
        let lower = value.to_ascii_lowercase();
        let Some(found) = memchr::memmem::find(&lower, b"charset=") else {
            continue;
        };
        let label: Vec<u8> = lower[found + 8..]
            .iter()
            .skip_while(|b| **b == b'"')
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
            .copied()
            .collect();
        let Some(encoding) = encoding_rs::Encoding::for_label(&label) else {
            continue;
        };
        if encoding != encoding_rs::UTF_8 && encoding.is_ascii_compatible() {
            return Some(encoding);
        }
    }
    None
}

/// UTF-16 code units (after the BOM) to text; lone surrogates and an odd last byte are replaced.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> (String, bool) {
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let mut lossy = odd;
    let mut text = String::with_capacity(bytes.len() / 2);
    let units = pairs.map(|pair| match pair {
        [first, second] => unit([*first, *second]),
        _ => 0xfffd,
    });
    for decoded in char::decode_utf16(units) {
        text.push(decoded.unwrap_or_else(|_| {
            lossy = true;
            char::REPLACEMENT_CHARACTER
        }));
    }
    if odd {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, lossy)
}

/// `text` with every lone CR (one not followed by LF) replaced by LF, for analysis.
///
/// The recognizers split lines on LF, while editors and the LSP specification also end a line at
/// a lone CR (old Mac files, some exports). Replacing one ASCII byte by another keeps the length,
/// so every byte span found in the copy is valid in the original text, and line numbers agree
/// with [`LineIndex`] and the server's rope. Borrows when there is nothing to replace.
pub fn lone_cr_as_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(lone_cr_as_lf_owned(text.to_string()))
}

/// [`lone_cr_as_lf`] on a text the caller owns: the bytes are changed in place, so a large
/// document is never held twice.
pub fn lone_cr_as_lf_owned(text: String) -> String {
    let bytes = text.as_bytes();
    let lone: Vec<usize> = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .collect();
    if lone.is_empty() {
        return text;
    }
    let mut out = text.into_bytes();
    for i in lone {
        if let Some(byte) = out.get_mut(i) {
            *byte = b'\n';
        }
    }
    // Only ASCII bytes changed, so this is still UTF-8; the fallback is never taken.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Line starts of a text, for turning byte offsets into 1-based line and column numbers.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: std::borrow::Cow<'t, [usize]>,
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
            starts: starts.into(),
            last: std::cell::Cell::new((usize::MAX, 0)),
        }
    }

    /// The same index with a column cache of its own, for another thread: the line starts are
    /// shared, not counted again.
    pub fn view(&self) -> LineIndex<'_> {
        LineIndex {
            text: self.text,
            starts: std::borrow::Cow::Borrowed(&self.starts),
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
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "Status: 5.1.1\r\n550 5.7.1 日本\r\n";
        let mut le = b"\xff\xfe".to_vec();
        let mut be = b"\xfe\xff".to_vec();
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode_lossy(le.clone()), (text.to_string(), false));
        assert_eq!(decode_lossy(be), (text.to_string(), false));
        // A lone surrogate and an odd last byte are replaced and reported.
        le.extend_from_slice(&[0x00, 0xd8, 0x41]);
        let (decoded, lossy) = decode_lossy(le);
        assert!(lossy);
        assert!(decoded.ends_with("\u{fffd}\u{fffd}"), "{decoded:?}");
    }

    #[test]
    fn a_utf8_byte_order_mark_is_dropped() {
        assert_eq!(
            decode_lossy(b"\xef\xbb\xbfStatus: 5.1.1\n".to_vec()),
            ("Status: 5.1.1\n".to_string(), false)
        );
    }

    #[test]
    fn lone_carriage_returns_become_line_feeds_of_the_same_length() {
        let text = "a\rb\r\nc\n\rd\r";
        let mapped = lone_cr_as_lf(text);
        assert_eq!(mapped, "a\nb\r\nc\n\nd\n");
        assert_eq!(mapped.len(), text.len());
        assert!(matches!(
            lone_cr_as_lf("a\r\nb\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(lone_cr_as_lf_owned(text.to_string()), mapped);
        assert_eq!(lone_cr_as_lf_owned("a\r\nb\n".into()), "a\r\nb\n");
    }

    #[test]
    fn invalid_utf8_is_replaced_not_rejected() {
        let (text, lossy) = decode_lossy(b"Status: 5.1.1 \xff\xfe".to_vec());
        assert!(lossy);
        assert!(text.starts_with("Status: 5.1.1"));
    }

    #[test]
    fn a_message_in_a_declared_8_bit_charset_is_read_in_it() {
        let mut bytes = b"From: MAILER-DAEMON@mail.example.cn\nContent-Type: text/plain;\n   charset=\"gb2312\"\n\n".to_vec();
        // "邮件无法发送" in GB 2312.
        bytes.extend_from_slice(
            b"\xd3\xca\xbc\xfe\xce\xde\xb7\xa8\xb7\xa2\xcb\xcd\n<bob@example.cn>:\n",
        );
        let decoded = decode(bytes);
        assert_eq!(decoded.charset, Some("GBK"));
        assert!(!decoded.lossy);
        assert!(
            decoded.text.contains("邮件无法发送\n<bob@example.cn>:"),
            "{}",
            decoded.text
        );

        let latin = b"CONTENT-TYPE: text/plain; charset=iso-8859-1\n\nR\xe9ponse\n".to_vec();
        assert_eq!(
            decode(latin).text,
            "CONTENT-TYPE: text/plain; charset=iso-8859-1\n\nRéponse\n"
        );
    }

    #[test]
    fn bytes_that_declare_no_charset_are_read_lossily() {
        let decoded = decode(b"Jan 15 postfix: caf\xe9\n".to_vec());
        assert_eq!(decoded.charset, None);
        assert!(decoded.lossy);
        let utf8 = decode(
            "Content-Type: text/plain; charset=gb2312\n\nok\n"
                .as_bytes()
                .to_vec(),
        );
        assert_eq!(
            utf8.charset, None,
            "valid UTF-8 is read as UTF-8 whatever it declares"
        );
    }
}
