//! Header values as the outline shows them: on one line, the media type of a Content-Type and
//! the parameters of a structured value. The fields themselves are found by
//! [`crate::analysis::fields`].

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
