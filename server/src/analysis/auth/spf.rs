//! `Received-SPF` (RFC 7208 §9.1): a result, an optional comment, then `key=value` pairs.
//!
//! Exchange writes the result capitalised (`SoftFail`, `None`) and often puts the checked domain
//! only in the comment (`protection.outlook.com: example.com does not designate …`), so the
//! checked domain is also read from the comment when no pair names it.

use std::ops::Range;

use super::cursor::Cursor;

/// The results RFC 7208 §2.6 defines.
pub const RESULTS: &[&str] = &[
    "pass",
    "fail",
    "softfail",
    "neutral",
    "none",
    "temperror",
    "permerror",
];

/// True for a result an SPF verdict may carry: RFC 7208's, or `hardfail`, the older name some
/// filters still write for `fail`. Anything else is not a verdict.
pub fn is_result(result: &str) -> bool {
    RESULTS.contains(&result) || result == "hardfail"
}

/// A parsed `Received-SPF` field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceivedSpf {
    /// Lower-case result.
    pub result: String,
    pub result_span: Range<usize>,
    pub comment: Option<String>,
    /// Key-value pairs in order, keys lower-case.
    pub pairs: Vec<(String, String)>,
}

impl ReceivedSpf {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// The domain whose SPF record was checked: the envelope sender's, or the HELO name when
    /// the identity says so, or the one the comment names.
    pub fn checked_domain(&self) -> Option<String> {
        let identity = self.get("identity").unwrap_or("mailfrom");
        let from_pairs = if identity.eq_ignore_ascii_case("helo") {
            self.get("helo")
        } else {
            self.get("envelope-from")
                .filter(|v| !v.trim_matches(['<', '>']).is_empty())
                .or_else(|| self.get("helo"))
        };
        from_pairs
            .and_then(super::align::domain_of)
            .or_else(|| self.comment.as_deref().and_then(domain_in_comment))
    }
}

/// Parses a `Received-SPF` value starting at byte `base`; `None` when no result word leads it.
pub fn parse(value: &str, base: usize) -> Option<ReceivedSpf> {
    let mut c = Cursor::new(value, base);
    c.skip_cfws();
    let (result, result_span) = c.token(b";=")?;
    if !result.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = ReceivedSpf {
        result: result.to_ascii_lowercase(),
        result_span,
        comment: c.skip_cfws(),
        pairs: Vec::new(),
    };
    while !c.at_end() {
        c.skip_cfws();
        if c.eat(b';') {
            continue;
        }
        let Some((key, _)) = c.token(b"=;") else {
            c.bump();
            continue;
        };
        c.skip_cfws();
        if !c.eat(b'=') {
            continue;
        }
        c.skip_cfws();
        let value = c.value(b";").map(|v| v.0).unwrap_or_default();
        out.pairs.push((key.to_ascii_lowercase(), value));
    }
    Some(out)
}

/// The domain a receiver's comment names: `domain of user@example.com designates …` or
/// `receiver: example.com does not designate …`.
fn domain_in_comment(comment: &str) -> Option<String> {
    let lower = comment.to_ascii_lowercase();
    if let Some(at) = lower.find("domain of ") {
        // Exchange writes `domain of transitioning example.com discourages …`.
        let rest = comment.get(at + "domain of ".len()..)?;
        return rest
            .split_whitespace()
            .take(2)
            .find_map(super::align::domain_of);
    }
    let designate = lower.find(" designate")?;
    let before = comment.get(..designate)?;
    let before = before.strip_suffix(" does not").unwrap_or(before);
    let word = before.rsplit([' ', ':']).next()?;
    super::align::domain_of(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7208_example_with_pairs() {
        let value = " pass (mybox.example.org: domain of\r\n    myname@example.com designates 192.0.2.1 as permitted sender)\r\n    receiver=mybox.example.org; client-ip=192.0.2.1;\r\n    envelope-from=\"myname@example.com\"; helo=foo.example.com;";
        let spf = parse(value, 10).unwrap();
        assert_eq!(spf.result, "pass");
        assert_eq!(spf.result_span, 11..15);
        assert_eq!(spf.get("client-ip"), Some("192.0.2.1"));
        assert_eq!(spf.get("envelope-from"), Some("myname@example.com"));
        assert_eq!(spf.checked_domain().as_deref(), Some("example.com"));
    }

    #[test]
    fn exchange_capitalised_result_names_domain_in_comment() {
        let value = " None (protection.outlook.com: o365e.onmicrosoft.com does\r\n not designate permitted sender hosts)";
        let spf = parse(value, 0).unwrap();
        assert_eq!(spf.result, "none");
        assert_eq!(&value[spf.result_span.clone()], "None");
        assert_eq!(
            spf.checked_domain().as_deref(),
            Some("o365e.onmicrosoft.com")
        );
    }

    #[test]
    fn prose_is_not_a_result() {
        assert_eq!(parse(" 550 5.7.23 rejected", 0), None);
    }
}
