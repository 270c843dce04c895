//! RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?ISO-8859-1?Q?…?=`), found and decoded.
//!
//! Adjacent words separated only by whitespace form one run and are decoded together: their bytes
//! are joined before the charset is applied, because encoders split multi-byte characters across
//! words (Japanese subjects routinely do). Charsets go through mail-parser's decoders; unknown
//! ones are read as UTF-8, lossily.
//!
//! Finding and decoding the words is ours, not mail-parser's (`MessageStream::decode_rfc2047` or
//! a header parsed into `HeaderValue::Text`), for what those cannot give:
//! - the byte span of each word and run, where the inlay hint goes;
//! - one decoding per run, so `=?UTF-8?B?5pel5pw=?= =?UTF-8?B?rA==?=` reads `日本` where
//!   decoding word by word splits the second character;
//! - no space added before punctuation: `=?UTF-8?B?…?=. Mail failure.` keeps its `.` where
//!   mail-parser's text reads `доставлено . Mail failure.`;
//! - broken words still read, as mail clients read them: the `base64` crate rejects three of
//!   the 70 encoded words in the fixtures and Sisimai samples (a wrong padding, `…JUsl=` and
//!   `YyE8JXMbKEIK=` in lhost-exchange2007-04), and mail-parser's Q decoder drops what follows a
//!   stray `=` (`a=2` reads `a`); the decoders below read up to the padding and keep a stray `=`.

use std::borrow::Cow;
use std::ops::Range;

use super::{InlayHint, MAX_RANGES};

/// Longest encoded word accepted (RFC 2047 says 75; real mail is sloppier).
const MAX_WORD: usize = 2_000;
/// Longest decoded text shown in a hint, in characters.
const MAX_LABEL_CHARS: usize = 160;
/// Most words joined into one run.
const MAX_RUN_WORDS: usize = 200;

/// One encoded word: where it is, its charset and the bytes it stands for.
struct Word<'t> {
    span: Range<usize>,
    charset: &'t str,
    bytes: Vec<u8>,
}

/// A run of adjacent encoded words with its decoded text.
pub(crate) struct Run {
    pub span: Range<usize>,
    pub decoded: String,
}

/// Every run of encoded words in `text[range]`, in order.
pub(crate) fn runs(text: &str, range: Range<usize>, limit: usize) -> Vec<Run> {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let Some(window) = bytes.get(range.start.min(end)..end) else {
        return Vec::new();
    };
    let finder = memchr::memmem::Finder::new(b"=?");
    let mut out = Vec::new();
    let mut resume = range.start;
    for found in finder.find_iter(window) {
        let at = range.start + found;
        if at < resume {
            continue;
        }
        let Some(first) = word_at(text, at, end) else {
            continue;
        };
        let mut words = vec![first];
        while words.len() < MAX_RUN_WORDS {
            let Some(last) = words.last() else { break };
            let next = skip_folding_space(bytes, last.span.end, end);
            if next == last.span.end {
                break;
            }
            match word_at(text, next, end) {
                Some(word) => words.push(word),
                None => break,
            }
        }
        let span =
            words.first().map_or(at, |w| w.span.start)..words.last().map_or(at, |w| w.span.end);
        resume = span.end;
        out.push(Run {
            span,
            decoded: decode_words(&words),
        });
        if out.len() >= limit {
            break;
        }
    }
    out
}

/// Appends one hint per run in `range`, placed after its last word.
pub(crate) fn hints(text: &str, range: Range<usize>, out: &mut Vec<InlayHint>) {
    for run in runs(text, range, MAX_RANGES) {
        let label = label(&run.decoded);
        if !label.is_empty() {
            out.push(InlayHint {
                offset: run.span.end,
                label,
            });
        }
    }
}

/// A header value with its encoded words decoded (whitespace between adjacent words dropped).
pub(crate) fn decode_value(value: &str) -> Cow<'_, str> {
    if !value.contains("=?") {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut last = 0;
    for run in runs(value, 0..value.len(), 100) {
        out.push_str(value.get(last..run.span.start).unwrap_or_default());
        out.push_str(&run.decoded);
        last = run.span.end;
    }
    out.push_str(value.get(last..).unwrap_or_default());
    Cow::Owned(out)
}

/// Decoded text made fit for one line: control characters become spaces, long text is cut.
fn label(decoded: &str) -> String {
    let mut out = String::new();
    for (count, c) in decoded.chars().enumerate() {
        if count >= MAX_LABEL_CHARS {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out.trim().to_string()
}

/// Skips spaces, tabs and line folding after `from`; returns `from` when nothing was skipped or
/// a line break is not followed by whitespace (the field ended).
fn skip_folding_space(bytes: &[u8], from: usize, end: usize) -> usize {
    let mut i = from;
    while i < end {
        match bytes.get(i) {
            Some(b' ' | b'\t') => i += 1,
            Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => i += 1,
            Some(b'\n') if matches!(bytes.get(i + 1), Some(b' ' | b'\t')) => i += 1,
            _ => break,
        }
    }
    i
}

/// The encoded word starting at `at` (`=?charset?B|Q?text?=`), all on one line.
fn word_at<'t>(text: &'t str, at: usize, end: usize) -> Option<Word<'t>> {
    let bytes = text.as_bytes();
    let limit = end.min(at + MAX_WORD);
    let rest = bytes.get(at..limit)?;
    if !rest.starts_with(b"=?") {
        return None;
    }
    let charset_end = 2 + rest.get(2..)?.iter().position(|b| *b == b'?')?;
    let charset = rest.get(2..charset_end)?;
    if charset.is_empty()
        || !charset
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:*".contains(b))
    {
        return None;
    }
    let encoding = *rest.get(charset_end + 1)?;
    if rest.get(charset_end + 2) != Some(&b'?') {
        return None;
    }
    let data_start = charset_end + 3;
    let data_len = rest
        .get(data_start..)?
        .iter()
        .position(|b| *b == b'?' || b.is_ascii_whitespace() || !b.is_ascii_graphic())?;
    let data_end = data_start + data_len;
    if rest.get(data_end..data_end + 2) != Some(b"?=") {
        return None;
    }
    let data = rest.get(data_start..data_end)?;
    let decoded = match encoding {
        b'B' | b'b' => base64(data)?,
        b'Q' | b'q' => q_decode(data),
        _ => return None,
    };
    // RFC 2231 adds a language after `*`: `=?utf-8*fr?Q?…?=`.
    let charset = text.get(at + 2..at + charset_end)?;
    let charset = charset.split('*').next().unwrap_or(charset);
    Some(Word {
        span: at..at + data_end + 2,
        charset,
        bytes: decoded,
    })
}

/// Joins the bytes of words sharing a charset, then decodes each stretch.
fn decode_words(words: &[Word<'_>]) -> String {
    let mut out = String::new();
    let mut index = 0;
    while let Some(first) = words.get(index) {
        let mut bytes = Vec::new();
        while let Some(word) = words
            .get(index)
            .filter(|w| w.charset.eq_ignore_ascii_case(first.charset))
        {
            bytes.extend_from_slice(&word.bytes);
            index += 1;
        }
        out.push_str(&decode_charset(first.charset, &bytes));
    }
    out
}

/// Bytes in a named charset to text.
pub(crate) fn decode_charset(charset: &str, bytes: &[u8]) -> String {
    let utf8 = ["utf-8", "utf8", "us-ascii", "ascii"];
    if utf8.iter().any(|name| charset.eq_ignore_ascii_case(name)) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    match mail_parser::decoders::charsets::map::charset_decoder(charset.as_bytes()) {
        Some(decoder) => decoder(bytes),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The Q encoding: `_` is a space, `=XX` a byte, anything else itself.
fn q_decode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        match b {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = |j: usize| data.get(j).and_then(|c| (*c as char).to_digit(16));
                if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                out.push(b);
            }
            _ => out.push(b),
        }
        i += 1;
    }
    out
}

/// Base64, tolerant of missing padding; `None` on a character outside the alphabet.
fn base64(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in data {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str) -> Vec<(&str, String)> {
        runs(text, 0..text.len(), 100)
            .into_iter()
            .map(|run| (&text[run.span], run.decoded))
            .collect()
    }

    #[test]
    fn b_and_q_words_in_common_charsets() {
        assert_eq!(
            decoded("Subject: =?UTF-8?B?SMOpbGxv?= there"),
            [("=?UTF-8?B?SMOpbGxv?=", "Héllo".to_string())]
        );
        assert_eq!(
            decoded("=?iso-8859-1?q?Keld_J=F8rn_Simonsen?="),
            [(
                "=?iso-8859-1?q?Keld_J=F8rn_Simonsen?=",
                "Keld Jørn Simonsen".to_string()
            )]
        );
        assert_eq!(decoded("=?windows-1252?Q?=80_5?=")[0].1, "€ 5");
        assert_eq!(decoded("=?utf-8*fr?Q?caf=C3=A9?=")[0].1, "café");
    }

    #[test]
    fn adjacent_words_join_even_across_a_split_character() {
        // "日本" split in the middle of its second character.
        let text = "=?UTF-8?B?5pel5pw=?=\r\n =?UTF-8?B?rA==?= end";
        assert_eq!(
            decoded(text),
            [(&text[..text.len() - 4], "日本".to_string())]
        );
        assert_eq!(decode_value(" =?utf-8?q?a?= =?utf-8?q?b?= c"), " ab c");
    }

    #[test]
    fn mail_parser_decodes_word_by_word_and_splits_the_character() {
        let raw = b"Subject: =?UTF-8?B?5pel5pw=?=\r\n =?UTF-8?B?rA==?= end\r\n\r\n";
        let parsed = mail_parser::MessageParser::default().parse_headers(&raw[..]);
        let subject = parsed
            .as_ref()
            .and_then(|m| m.subject())
            .unwrap_or_default();
        assert_eq!(subject, "日\u{fffd}\u{fffd} end");
        assert_eq!(
            decode_value(" =?UTF-8?B?5pel5pw=?=\r\n =?UTF-8?B?rA==?= end"),
            " 日本 end"
        );
    }

    #[test]
    fn what_is_not_an_encoded_word() {
        for text in [
            "=?UTF-8?X?abc?=",
            "=??B?abc?=",
            "=?UTF-8?B?a b?=",
            "=?UTF-8?B?ab",
            "x=?y",
        ] {
            assert!(decoded(text).is_empty(), "{text}");
        }
    }
}
