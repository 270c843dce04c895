//! `key=value` lists: Proofpoint's space-separated details, IronPort-AV's and Mimecast's
//! `;`-separated ones (Mimecast's keys hold spaces), and Barracuda's SpamAssassin-like status.

use std::ops::Range;

use super::{MAX_PIECES, Piece, score};

/// The pairs of a value starting at document offset `base`, each spanning `key=value`.
pub(super) fn parse(value: &str, base: usize, by_space: bool) -> Vec<(Range<usize>, Piece)> {
    let mut out = Vec::new();
    for (start, segment) in segments(value, by_space) {
        if out.len() >= MAX_PIECES {
            break;
        }
        let trimmed = segment.trim();
        let Some((key, raw)) = trimmed.split_once('=') else {
            continue;
        };
        let key = crate::analysis::auth::cursor::unfold(key);
        let ok = !key.is_empty()
            && key.len() <= 64
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_' | b'.'));
        if !ok {
            continue;
        }
        let lead = segment.len() - segment.trim_start().len();
        let at = base + start + lead;
        out.push((
            at..at + trimmed.len(),
            Piece::Pair {
                key,
                value: crate::analysis::auth::cursor::unfold(raw.trim().trim_matches('"')),
            },
        ));
    }
    out
}

/// Segments with their local offsets: split on white space, or on `;` outside quotes.
fn segments(value: &str, by_space: bool) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, b) in value.bytes().enumerate() {
        let split = match b {
            b'"' => {
                quoted = !quoted;
                false
            }
            b';' => !quoted,
            b' ' | b'\t' | b'\r' | b'\n' => by_space && !quoted,
            _ => false,
        };
        if split {
            // Separators are ASCII, so both ends are character boundaries.
            if let Some(segment) = value.get(start..i)
                && !segment.trim().is_empty()
            {
                out.push((start, segment));
            }
            start = i + 1;
        }
    }
    if let Some(segment) = value.get(start..)
        && !segment.trim().is_empty()
    {
        out.push((start, segment));
    }
    out
}

/// Proofpoint's verdict: its `rule=` (notspam, spam, bulk …) and its `spamscore=`.
pub(super) fn proofpoint_verdict(pairs: &[(Range<usize>, Piece)]) -> Option<Piece> {
    let get = |name: &str| {
        pairs.iter().find_map(|(_, p)| match p {
            Piece::Pair { key, value } if key.eq_ignore_ascii_case(name) => Some(value.clone()),
            _ => None,
        })
    };
    let rule = get("rule")?.to_ascii_lowercase();
    let spam = if rule.contains("notspam") {
        Some(false)
    } else if [
        "spam",
        "bulk",
        "phish",
        "malware",
        "quarantine",
        "suspect",
        "impostor",
    ]
    .iter()
    .any(|w| rule.contains(w))
    {
        Some(true)
    } else {
        None
    };
    Some(Piece::Verdict {
        spam,
        score: get("spamscore"),
        threshold: None,
        said: None,
    })
}

/// `No, SCORE=0.50 using global scores of TAG_LEVEL=3.5 QUARANTINE_LEVEL=1000.0
/// KILL_LEVEL=7.0 tests=BSF_SC0_MISMATCH_TO, HTML_MESSAGE`: the verdict (measured against the
/// tag level), each level as a pair and each rule as a symbol.
pub(super) fn barracuda_status(
    value: &str,
    base: usize,
) -> (Option<Piece>, Vec<(Range<usize>, Piece)>) {
    let mut out = Vec::new();
    let head = value.trim_start();
    let word = head
        .split(|c: char| c == ',' || c.is_ascii_whitespace())
        .next()
        .unwrap_or_default();
    let spam = if word.eq_ignore_ascii_case("yes") {
        Some(true)
    } else if word.eq_ignore_ascii_case("no") {
        Some(false)
    } else {
        return (None, out);
    };
    let tests_at = value.find("tests=");
    let settings = value
        .get(..tests_at.unwrap_or(value.len()))
        .unwrap_or(value);
    let mut got = None;
    let mut tag = None;
    for (span, piece) in parse(settings, base, true) {
        if let Piece::Pair { key, value } = &piece {
            if key.eq_ignore_ascii_case("score") {
                got = score(value).map(|_| value.clone());
                continue;
            }
            if key.eq_ignore_ascii_case("tag_level") {
                tag = score(value).map(|_| value.clone());
            }
        }
        out.push((span, piece));
    }
    if let Some(at) = tests_at {
        for (span, name, _) in
            crate::analysis::auth::antispam::rule_names(value, at + "tests=".len())
        {
            out.push((
                base + span.start..base + span.end,
                Piece::Symbol {
                    name: name.to_string(),
                    score: None,
                    details: None,
                },
            ));
        }
    }
    (
        Some(Piece::Verdict {
            spam,
            score: got,
            threshold: tag,
            said: None,
        }),
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barracuda_status_levels_and_rules() {
        let value = " No, SCORE=0.50 using global scores of TAG_LEVEL=3.5 QUARANTINE_LEVEL=1000.0\r\n\tKILL_LEVEL=7.0 tests=BSF_SC0_MISMATCH_TO, HTML_MESSAGE";
        let (verdict, rest) = barracuda_status(value, 0);
        assert_eq!(
            verdict,
            Some(Piece::Verdict {
                spam: Some(false),
                score: Some("0.50".into()),
                threshold: Some("3.5".into()),
                said: None
            })
        );
        let spans: Vec<&str> = rest.iter().map(|(s, _)| &value[s.clone()]).collect();
        assert_eq!(
            spans,
            [
                "TAG_LEVEL=3.5",
                "QUARANTINE_LEVEL=1000.0",
                "KILL_LEVEL=7.0",
                "BSF_SC0_MISMATCH_TO",
                "HTML_MESSAGE"
            ]
        );
        assert_eq!(barracuda_status(" maybe", 0).0, None);
    }

    #[test]
    fn quoted_semicolons_stay_in_their_value() {
        let got = parse(" a=\"x;y\"; b=2", 10, false);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, 11..18);
    }
}
