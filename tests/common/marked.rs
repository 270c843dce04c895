//! Test documents written with markers, as texlab's test fixtures are: `$0` where the cursor is,
//! and `«` … `»` around each range the test expects (a diagnostic, a highlight). The markers are
//! taken out of the text; positions are LSP positions in UTF-16 code units.
//!
//! ```text
//! Final-Recipient: rfc822; bob@example.org
//! Status: «5.$02.2»
//! ```
#![allow(dead_code)]

/// An LSP position: line and UTF-16 character.
pub type Position = (u64, u64);

/// A document with its cursor and expected ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    pub text: String,
    pub cursor: Option<Position>,
    pub ranges: Vec<(Position, Position)>,
}

impl Marked {
    pub fn parse(source: &str) -> Marked {
        let mut text = String::with_capacity(source.len());
        let mut cursor = None;
        let mut ranges = Vec::new();
        let mut open: Vec<Position> = Vec::new();
        let (mut line, mut character) = (0u64, 0u64);
        let mut rest = source;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("$0") {
                assert!(cursor.is_none(), "one cursor per document");
                cursor = Some((line, character));
                rest = after;
                continue;
            }
            rest = &rest[c.len_utf8()..];
            match c {
                '«' => open.push((line, character)),
                '»' => {
                    let start = open.pop().expect("» closes a «");
                    ranges.push((start, (line, character)));
                }
                '\n' => {
                    text.push(c);
                    line += 1;
                    character = 0;
                }
                _ => {
                    text.push(c);
                    character += c.len_utf16() as u64;
                }
            }
        }
        assert!(open.is_empty(), "every « is closed");
        ranges.sort();
        Marked {
            text,
            cursor,
            ranges,
        }
    }

    /// The cursor as LSP JSON, for `textDocument/hover` and the like.
    pub fn cursor_json(&self) -> serde_json::Value {
        let (line, character) = self.cursor.expect("the document marks a cursor with $0");
        serde_json::json!({ "line": line, "character": character })
    }
}

/// The ranges of LSP objects that carry a `range` (diagnostics, highlights), sorted.
pub fn ranges_of(items: &[serde_json::Value]) -> Vec<(Position, Position)> {
    let at = |p: &serde_json::Value| {
        (
            p["line"].as_u64().unwrap_or(u64::MAX),
            p["character"].as_u64().unwrap_or(u64::MAX),
        )
    };
    let mut ranges: Vec<_> = items
        .iter()
        .map(|item| (at(&item["range"]["start"]), at(&item["range"]["end"])))
        .collect();
    ranges.sort();
    ranges
}

#[test]
fn markers_give_the_cursor_and_the_ranges() {
    let marked = Marked::parse("Subject: «réponse»\nStatus: «5.$02.2»\n");
    assert_eq!(marked.text, "Subject: réponse\nStatus: 5.2.2\n");
    assert_eq!(marked.cursor, Some((1, 10)));
    assert_eq!(marked.ranges, vec![((0, 9), (0, 16)), ((1, 8), (1, 13))]);
}
