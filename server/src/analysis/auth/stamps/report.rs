//! SpamAssassin's `X-Spam-Report` and Barracuda's `X-Barracuda-Spam-Report`: a per-rule table,
//! one `points RULE description` per line (SpamAssassin prefixes each line with `*`), after a
//! `(7.1 points, 5.0 required)` summary.

use std::ops::Range;

use super::{MAX_PIECES, Piece, score};

pub(super) struct Report {
    pub verdict: Option<Piece>,
    pub rules: Vec<(Range<usize>, Piece)>,
}

/// Reads a report value starting at document offset `base`.
pub(super) fn parse(value: &str, base: usize) -> Report {
    let mut out = Report {
        verdict: summary(value),
        rules: Vec::new(),
    };
    let mut offset = 0;
    for line in value.split('\n') {
        let line_start = offset;
        offset += line.len() + 1;
        if out.rules.len() >= MAX_PIECES {
            break;
        }
        let body = line.trim_start_matches([' ', '\t', '*']);
        let lead = line.len() - body.len();
        let mut words = body.split_ascii_whitespace();
        let (Some(points), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        if score(points).is_none() || !rule_name(name) {
            continue;
        }
        let Some(name_at) = body.find(name) else {
            continue;
        };
        let description = body
            .get(name_at + name.len()..)
            .map(crate::analysis::auth::cursor::unfold)
            .filter(|d| !d.is_empty());
        let start = base + line_start + lead;
        let end = base + line_start + lead + body.trim_end().len();
        out.rules.push((
            start..end,
            Piece::Symbol {
                name: name.to_string(),
                score: Some(points.to_string()),
                details: description,
            },
        ));
    }
    out
}

/// A rule name: capitals, digits and `_`, starting with a capital.
fn rule_name(word: &str) -> bool {
    word.len() >= 2
        && word.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// `(7.1 points, 5.0 required)`.
fn summary(value: &str) -> Option<Piece> {
    let open = value.find('(')?;
    let inside = value.get(open + 1..)?.split(')').next()?;
    let (points, required) = inside.split_once(',')?;
    let points = points.trim().strip_suffix("points")?.trim();
    let required = required.trim().strip_suffix("required")?.trim();
    let (p, r) = (score(points)?, score(required)?);
    Some(Piece::Verdict {
        spam: Some(p >= r),
        score: Some(points.to_string()),
        threshold: Some(required.to_string()),
        said: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spamassassin_report_rule_by_rule() {
        let value = " Content analysis details:   (6.3 points, 5.0 required)\n\
                     \n\
                     \t pts rule name              description\n\
                     \t---- ---------------------- --------------------------------------------------\n\
                     \t* 3.5 BAYES_99 BODY: Bayes spam probability is 99 to 100%\n\
                     \t*      [score: 1.0000]\n\
                     \t* 2.8 URIBL_DBL_SPAM Contains a spam URL listed in the Spamhaus DBL\n\
                     \t* 0.0 HTML_MESSAGE BODY: HTML included in message";
        let got = parse(value, 0);
        assert_eq!(
            got.verdict,
            Some(Piece::Verdict {
                spam: Some(true),
                score: Some("6.3".into()),
                threshold: Some("5.0".into()),
                said: None
            })
        );
        let spans: Vec<&str> = got.rules.iter().map(|(s, _)| &value[s.clone()]).collect();
        assert_eq!(
            spans,
            [
                "3.5 BAYES_99 BODY: Bayes spam probability is 99 to 100%",
                "2.8 URIBL_DBL_SPAM Contains a spam URL listed in the Spamhaus DBL",
                "0.0 HTML_MESSAGE BODY: HTML included in message"
            ]
        );
    }

    #[test]
    fn barracuda_report_without_stars() {
        let value = " Code version 3.2, rules version 3.2.3.131020\n\tRule breakdown below\n\t pts rule name              description\n\t---- ---------------------- --------------------------------------------------\n\t0.00 HTML_MESSAGE           BODY: HTML included in message\n\t0.50 BSF_SC0_MISMATCH_TO    Envelope rcpt doesn't match header";
        let got = parse(value, 0);
        assert_eq!(got.verdict, None);
        let names: Vec<String> = got
            .rules
            .iter()
            .map(|(_, p)| match p {
                Piece::Symbol { name, .. } => name.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(names, ["HTML_MESSAGE", "BSF_SC0_MISMATCH_TO"]);
    }
}
