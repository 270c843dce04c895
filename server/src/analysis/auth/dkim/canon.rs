//! DKIM canonicalization (RFC 6376 §3.4): the exact bytes a signer hashed, rebuilt from the text.
//!
//! Written here rather than taken from a crate: it is a few lines of RFC text, and the one
//! maintained DKIM crate (`mail-auth`) keeps its canonicalization private to a verifier built
//! around a DNS resolver, which mail-lsp must never use. Lines may end in LF or CRLF in the
//! text (a saved message usually has LF); both stand for the CRLF the signer saw.

use std::ops::Range;

/// The two canonicalization algorithms of RFC 6376 §3.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canon {
    Simple,
    Relaxed,
}

impl Canon {
    pub fn name(self) -> &'static str {
        match self {
            Canon::Simple => "simple",
            Canon::Relaxed => "relaxed",
        }
    }

    fn parse(value: &str) -> Option<Canon> {
        match value.trim().to_ascii_lowercase().as_str() {
            "simple" => Some(Canon::Simple),
            "relaxed" => Some(Canon::Relaxed),
            _ => None,
        }
    }
}

/// Reads `c=` (`relaxed/simple`, `relaxed`): header and body algorithms, `simple` when absent
/// (RFC 6376 §3.5). `None` for an algorithm RFC 6376 does not define.
pub fn parse_c(value: Option<&str>) -> Option<(Canon, Canon)> {
    let Some(value) = value else {
        return Some((Canon::Simple, Canon::Simple));
    };
    match value.split_once('/') {
        Some((header, body)) => Some((Canon::parse(header)?, Canon::parse(body)?)),
        None => Some((Canon::parse(value)?, Canon::Simple)),
    }
}

/// A canonicalized body, with where each of its lines came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    pub bytes: Vec<u8>,
    /// `(offset in bytes, offset in the text)` of each canonical line start, in order.
    pub lines: Vec<(usize, usize)>,
}

impl Body {
    /// Where in the text the canonical byte `offset` comes from: the start of its line (the
    /// exact byte under `simple`, where lines are copied unchanged).
    pub fn text_offset(&self, offset: usize, canon: Canon) -> Option<usize> {
        let index = self.lines.partition_point(|(c, _)| *c <= offset);
        let (line_canon, line_text) = *self.lines.get(index.checked_sub(1)?)?;
        Some(match canon {
            Canon::Simple => line_text + (offset - line_canon),
            Canon::Relaxed => line_text,
        })
    }
}

/// The content range of each line of `text[range]`, without its line break.
fn lines(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let mut pos = range.start.min(end);
    std::iter::from_fn(move || {
        if pos >= end {
            return None;
        }
        let start = pos;
        let content_end = match memchr::memchr(b'\n', bytes.get(start..end)?) {
            Some(i) => {
                pos = start + i + 1;
                let nl = start + i;
                if nl > start && bytes.get(nl - 1) == Some(&b'\r') {
                    nl - 1
                } else {
                    nl
                }
            }
            None => {
                pos = end;
                end
            }
        };
        Some(start..content_end)
    })
}

/// Whitespace runs become one space and trailing whitespace goes (relaxed, RFC 6376 §3.4.4).
fn relax_line(line: &[u8], out: &mut Vec<u8>) {
    let mut space = false;
    for &b in line {
        if b == b' ' || b == b'\t' {
            space = true;
        } else {
            if space {
                out.push(b' ');
                space = false;
            }
            out.push(b);
        }
    }
}

/// The canonical body of `text[range]` (RFC 6376 §3.4.3 and §3.4.4): lines end in CRLF,
/// empty lines at the end are dropped; `simple` keeps one CRLF for an empty body.
pub fn body(text: &str, range: Range<usize>, canon: Canon) -> Body {
    body_as(text, range, canon, false)
}

/// [`body`], reading `>From ` at a line start as the `From ` an mbox writer escaped (mboxo and
/// mboxrd: one `>` less before any run of `>` followed by `From `).
pub fn body_unescaped(text: &str, range: Range<usize>, canon: Canon) -> Body {
    body_as(text, range, canon, true)
}

/// Whether a line is an escaped `From ` line of an mbox.
fn escaped_from(line: &[u8]) -> bool {
    let quotes = line.iter().take_while(|b| **b == b'>').count();
    quotes > 0
        && line
            .get(quotes..)
            .is_some_and(|rest| rest.starts_with(b"From "))
}

fn body_as(text: &str, range: Range<usize>, canon: Canon, unescape: bool) -> Body {
    let mut out = Body::default();
    // Empty lines are held back until a line with content follows: trailing ones are dropped.
    let mut pending: Vec<usize> = Vec::new();
    let mut line = Vec::new();
    for content in lines(text, range) {
        line.clear();
        let mut raw = text.as_bytes().get(content.clone()).unwrap_or_default();
        if unescape && escaped_from(raw) {
            raw = raw.get(1..).unwrap_or_default();
        }
        match canon {
            Canon::Simple => line.extend_from_slice(raw),
            Canon::Relaxed => relax_line(raw, &mut line),
        }
        if line.is_empty() {
            pending.push(content.start);
            continue;
        }
        for start in pending.drain(..) {
            out.lines.push((out.bytes.len(), start));
            out.bytes.extend_from_slice(b"\r\n");
        }
        out.lines.push((out.bytes.len(), content.start));
        out.bytes.extend_from_slice(&line);
        out.bytes.extend_from_slice(b"\r\n");
    }
    if out.bytes.is_empty() && canon == Canon::Simple {
        out.bytes.extend_from_slice(b"\r\n");
    }
    out
}

/// One header field canonicalized, CRLF included (RFC 6376 §3.4.1 and §3.4.2). `raw` is the
/// whole field, name to the end of its last line, without the final line break.
pub fn header(raw: &str, canon: Canon, out: &mut Vec<u8>) {
    match canon {
        Canon::Simple => {
            for (i, content) in lines(raw, 0..raw.len()).enumerate() {
                if i > 0 {
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(raw.as_bytes().get(content).unwrap_or_default());
            }
        }
        Canon::Relaxed => {
            let (name, value) = raw.split_once(':').unwrap_or((raw, ""));
            out.extend(
                name.trim_end_matches([' ', '\t'])
                    .bytes()
                    .map(|b| b.to_ascii_lowercase()),
            );
            out.push(b':');
            let unfolded: Vec<u8> = value
                .bytes()
                .filter(|b| *b != b'\r' && *b != b'\n')
                .collect();
            let start = out.len();
            relax_line(&unfolded, out);
            // The whitespace after the colon goes too.
            if out.get(start) == Some(&b' ') {
                out.remove(start);
            }
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// The signature field with the value of its `b=` tag emptied, as the signer hashed it
/// (RFC 6376 §3.7): everything between `b=` and the next `;` (or the end) goes.
pub fn without_b(raw: &str) -> String {
    let Some(colon) = raw.find(':') else {
        return raw.to_string();
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(raw.get(..=colon).unwrap_or_default());
    let value = raw.get(colon + 1..).unwrap_or_default();
    for (i, segment) in value.split(';').enumerate() {
        if i > 0 {
            out.push(';');
        }
        match segment.split_once('=') {
            Some((name, _)) if name.trim().eq_ignore_ascii_case("b") => {
                out.push_str(name);
                out.push('=');
            }
            _ => out.push_str(segment),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(text: &str, canon: Canon) -> String {
        String::from_utf8(body(text, 0..text.len(), canon).bytes).unwrap_or_default()
    }

    fn header_of(raw: &str, canon: Canon) -> String {
        let mut out = Vec::new();
        header(raw, canon, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// RFC 6376 §3.4.5: the example message, in both algorithms.
    const RFC_HEADERS: [&str; 2] = ["A: X", "B : Y\t\r\n\tZ  "];
    const RFC_BODY: &str = " C \r\nD \t E\r\n\r\n\r\n";

    #[test]
    fn rfc6376_example_relaxed() {
        let headers: Vec<String> = RFC_HEADERS
            .iter()
            .map(|h| header_of(h, Canon::Relaxed))
            .collect();
        assert_eq!(headers.concat(), "a:X\r\nb:Y Z\r\n");
        assert_eq!(body_of(RFC_BODY, Canon::Relaxed), " C\r\nD E\r\n");
    }

    #[test]
    fn rfc6376_example_simple() {
        let headers: Vec<String> = RFC_HEADERS
            .iter()
            .map(|h| header_of(h, Canon::Simple))
            .collect();
        assert_eq!(headers.concat(), "A: X\r\nB : Y\t\r\n\tZ  \r\n");
        assert_eq!(body_of(RFC_BODY, Canon::Simple), " C \r\nD \t E\r\n");
    }

    #[test]
    fn lf_lines_read_as_crlf_and_empty_bodies() {
        assert_eq!(body_of("one\ntwo  \n\n", Canon::Simple), "one\r\ntwo  \r\n");
        assert_eq!(
            body_of("no final break", Canon::Relaxed),
            "no final break\r\n"
        );
        assert_eq!(body_of("", Canon::Simple), "\r\n");
        assert_eq!(body_of("\n\n", Canon::Simple), "\r\n");
        assert_eq!(body_of("", Canon::Relaxed), "");
        assert_eq!(body_of(" \t\n\n", Canon::Relaxed), "");
        assert_eq!(
            header_of("Subject: a\n folded  line ", Canon::Simple),
            "Subject: a\r\n folded  line \r\n"
        );
    }

    #[test]
    fn canonical_offsets_lead_back_to_the_text() {
        let text = "first\n\n  second  line\n";
        let canon = body(text, 0..text.len(), Canon::Relaxed);
        assert_eq!(canon.bytes, b"first\r\n\r\n second line\r\n");
        assert_eq!(canon.text_offset(0, Canon::Relaxed), Some(0));
        assert_eq!(canon.text_offset(9, Canon::Relaxed), Some(7));
        let simple = body(text, 0..text.len(), Canon::Simple);
        assert_eq!(simple.text_offset(12, Canon::Simple), Some(10));
    }

    #[test]
    fn the_b_tag_is_emptied_and_bh_kept() {
        assert_eq!(
            without_b("DKIM-Signature: v=1; bh=abc=;\r\n b=Zm9v\r\n YmFy; d=x"),
            "DKIM-Signature: v=1; bh=abc=;\r\n b=; d=x"
        );
        assert_eq!(
            without_b("DKIM-Signature: a=rsa-sha256; b=Zm9v\r\n YmFy"),
            "DKIM-Signature: a=rsa-sha256; b="
        );
    }

    #[test]
    fn mbox_escapes_are_undone_on_request() {
        let text = ">From the start\n>>From a quote\n> From a reply\nFrom here\n";
        let undone = body_unescaped(text, 0..text.len(), Canon::Simple);
        assert_eq!(
            String::from_utf8(undone.bytes).unwrap_or_default(),
            "From the start\r\n>From a quote\r\n> From a reply\r\nFrom here\r\n"
        );
    }

    #[test]
    fn c_tag_defaults_and_unknown_algorithms() {
        assert_eq!(parse_c(None), Some((Canon::Simple, Canon::Simple)));
        assert_eq!(
            parse_c(Some("relaxed")),
            Some((Canon::Relaxed, Canon::Simple))
        );
        assert_eq!(
            parse_c(Some("Relaxed/relaxed")),
            Some((Canon::Relaxed, Canon::Relaxed))
        );
        assert_eq!(parse_c(Some("nowsp/simple")), None);
    }
}
