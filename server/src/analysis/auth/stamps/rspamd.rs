//! rspamd's `X-Spamd-Result`: `default: False [-0.10 / 15.00]; SYMBOL(score)[details]; …`, the
//! metric's verdict with the score and the reject threshold, then every symbol that fired.

use std::ops::Range;

use super::{MAX_PIECES, Piece, score};

pub(super) struct Result {
    pub verdict: Option<Piece>,
    pub symbols: Vec<(Range<usize>, Piece)>,
}

/// Reads the value of an `X-Spamd-Result` field starting at document offset `base`.
pub(super) fn parse(value: &str, base: usize) -> Result {
    let bytes = value.as_bytes();
    let mut out = Result {
        verdict: None,
        symbols: Vec::new(),
    };
    let mut pos = 0;
    // The metric: `default: True [15.20 / 15.00]` up to the first `;`.
    let head_end = memchr::memchr(b';', bytes).unwrap_or(bytes.len());
    if let Some(head) = value.get(..head_end)
        && let Some((_, rest)) = head.split_once(':')
    {
        let rest = rest.trim();
        let flag = rest.split_ascii_whitespace().next().unwrap_or_default();
        let spam = if flag.eq_ignore_ascii_case("true") {
            Some(true)
        } else if flag.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        };
        let numbers = rest
            .split_once('[')
            .and_then(|(_, r)| r.split_once(']'))
            .map(|(inside, _)| inside);
        let (got, threshold) = match numbers.and_then(|n| n.split_once('/')) {
            Some((s, t)) => (
                score(s).map(|_| s.trim().to_string()),
                score(t).map(|_| t.trim().to_string()),
            ),
            None => (None, None),
        };
        if spam.is_some() || got.is_some() {
            out.verdict = Some(Piece::Verdict {
                spam,
                score: got,
                threshold,
                said: None,
            });
            pos = head_end;
        }
    }
    while out.symbols.len() < MAX_PIECES {
        while matches!(
            bytes.get(pos),
            Some(b';' | b' ' | b'\t' | b'\r' | b'\n' | b',')
        ) {
            pos += 1;
        }
        let start = pos;
        while bytes
            .get(pos)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            pos += 1;
        }
        if pos == start {
            // Not a symbol: skip to the next `;`.
            match memchr::memchr(b';', bytes.get(pos..).unwrap_or_default()) {
                Some(i) => {
                    pos += i + 1;
                    continue;
                }
                None => break,
            }
        }
        let name_end = pos;
        let mut points = None;
        if bytes.get(pos) == Some(&b'(')
            && let Some(close) = memchr::memchr(b')', bytes.get(pos..).unwrap_or_default())
        {
            points = value
                .get(pos + 1..pos + close)
                .filter(|s| score(s).is_some())
                .map(|s| s.trim().to_string());
            pos += close + 1;
        }
        let mut details = None;
        if bytes.get(pos) == Some(&b'[') {
            let close = memchr::memchr(b']', bytes.get(pos..).unwrap_or_default());
            let end = close.map_or(bytes.len(), |c| pos + c);
            details = value
                .get(pos + 1..end)
                .map(crate::analysis::auth::cursor::unfold)
                .filter(|d| !d.is_empty());
            pos = (end + 1).min(bytes.len());
        }
        // A symbol is written in capitals; anything else is not rspamd's.
        let Some(name) = value.get(start..name_end) else {
            break;
        };
        if name.bytes().any(|b| b.is_ascii_uppercase())
            && !name.bytes().any(|b| b.is_ascii_lowercase())
        {
            out.symbols.push((
                base + start..base + pos,
                Piece::Symbol {
                    name: name.to_string(),
                    score: points,
                    details,
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_and_symbols_with_scores_and_details() {
        let value = " default: False [-0.10 / 15.00];\r\n\tARC_NA(0.00)[];\r\n\tBAYES_HAM(-3.00)[99.99%];\r\n\tMIME_GOOD(-0.10)[text/plain];\r\n\tASN(0.00)[asn:64496, ipnet:192.0.2.0/24, country:FR];\r\n\tMY_LOCAL_RULE(1.50)[]";
        let got = parse(value, 0);
        assert_eq!(
            got.verdict,
            Some(Piece::Verdict {
                spam: Some(false),
                score: Some("-0.10".into()),
                threshold: Some("15.00".into()),
                said: None
            })
        );
        let names: Vec<&str> = got
            .symbols
            .iter()
            .map(|(span, _)| &value[span.clone()])
            .collect();
        assert_eq!(
            names,
            [
                "ARC_NA(0.00)[]",
                "BAYES_HAM(-3.00)[99.99%]",
                "MIME_GOOD(-0.10)[text/plain]",
                "ASN(0.00)[asn:64496, ipnet:192.0.2.0/24, country:FR]",
                "MY_LOCAL_RULE(1.50)[]"
            ]
        );
        assert_eq!(
            got.symbols[1].1,
            Piece::Symbol {
                name: "BAYES_HAM".into(),
                score: Some("-3.00".into()),
                details: Some("99.99%".into())
            }
        );
    }

    #[test]
    fn spam_verdict_and_cut_values() {
        let got = parse(
            " default: True [16.20 / 15.00]; BAYES_SPAM(5.10)[100.00%",
            0,
        );
        assert!(matches!(
            got.verdict,
            Some(Piece::Verdict {
                spam: Some(true),
                ..
            })
        ));
        assert_eq!(got.symbols.len(), 1, "a cut bracket ends the value");
        for broken in ["", ";;;", " default:", "(((", "[[", " x: y [a / b]; (1)[2]"] {
            let _ = parse(broken, 0);
        }
    }
}
