//! `Authentication-Results` (RFC 8601), `ARC-Authentication-Results` (RFC 8617 §4.1.1) and
//! Microsoft's `Authentication-Results-Original`, parsed tolerantly.
//!
//! Real fields stray from the grammar: Microsoft 365 writes no authserv-id, ARC results carry
//! `i=1; mx.microsoft.com 1;`, some servers repeat an authserv-id between results or forget a `;`
//! between two results, and comments may sit between any two tokens. The parser keeps every
//! `method=result` it can read with its reason, comment and properties, and skips what it cannot.

use std::ops::Range;

use super::cursor::{Cursor, unfold};

/// A piece of text with its span in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    pub text: String,
    pub span: Range<usize>,
}

/// One `ptype.property=value` (or a bare `key=value` such as Microsoft's `action=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// `smtp`, `header`, `policy`, `body`, `dns`; empty for a bare key.
    pub ptype: String,
    pub name: String,
    pub value: String,
    /// From the ptype to the end of the value.
    pub span: Range<usize>,
}

impl Property {
    /// `smtp.mailfrom`, or `action` for a bare key; lower-case.
    pub fn key(&self) -> String {
        if self.ptype.is_empty() {
            self.name.clone()
        } else {
            format!("{}.{}", self.ptype, self.name)
        }
    }
}

/// One `method=result` with what follows it up to the next `;`.
///
/// Method and result stay lower-case strings, not enums: both are open registries (IANA's Email
/// Authentication Methods and Result Names grow, and receivers add their own, `x-tls`,
/// `compauth`, `bestguesspass`), and a name we do not know must still be shown as written and
/// explained as unknown. [`KNOWN_METHODS`] and the catalog's result table say which are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodResult {
    /// Lower-case method name (`spf`, `dkim`, `x-tls`).
    pub method: String,
    pub version: Option<String>,
    /// Lower-case result (`pass`, `softfail`).
    pub result: String,
    /// From the method name to the end of the result: the verdict token.
    pub span: Range<usize>,
    pub result_span: Range<usize>,
    /// The comment right after the result, unfolded (`sender IP is 192.0.2.1`).
    pub comment: Option<String>,
    pub reason: Option<Spanned>,
    pub properties: Vec<Property>,
}

impl MethodResult {
    /// The value of a property by key (`header.d`), ignoring case.
    pub fn property(&self, key: &str) -> Option<&str> {
        self.find_property(key).map(|p| p.value.as_str())
    }

    pub fn find_property(&self, key: &str) -> Option<&Property> {
        let (ptype, name) = key.split_once('.').unwrap_or(("", key));
        self.properties
            .iter()
            .find(|p| p.ptype.eq_ignore_ascii_case(ptype) && p.name.eq_ignore_ascii_case(name))
    }
}

/// A whole results field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthResults {
    /// The server that wrote the results; absent in Microsoft 365's own fields.
    pub authserv_id: Option<Spanned>,
    /// The authres-version after the authserv-id (`1`), when written.
    pub version: Option<String>,
    /// The ARC instance (`i=1`) of an ARC-Authentication-Results field.
    pub instance: Option<(u32, Range<usize>)>,
    /// The field says `; none`: no method was evaluated.
    pub no_result: bool,
    pub results: Vec<MethodResult>,
}

/// Methods registered with IANA or written by major providers; a word followed by `=` after a
/// result is a new result (a forgotten `;`) only when it is one of these.
pub const KNOWN_METHODS: &[&str] = &[
    "spf",
    "dkim",
    "dmarc",
    "arc",
    "iprev",
    "auth",
    "compauth",
    "bimi",
    "sender-id",
    "domainkeys",
    "dkim-adsp",
    "dkim-atps",
    "vbr",
    "rrvs",
    "smime",
    "dnswl",
];

fn is_method(word: &str) -> bool {
    KNOWN_METHODS.iter().any(|m| m.eq_ignore_ascii_case(word))
}

/// True for a syntactically plausible result keyword.
fn is_result_word(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 32
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Parses the value of a results field. `value` starts at byte `base` of the document; `arc`
/// says the field is an ARC-Authentication-Results, whose value starts with `i=`.
pub fn parse(value: &str, base: usize, arc: bool) -> AuthResults {
    let mut out = AuthResults::default();
    let mut c = Cursor::new(value, base);
    c.skip_cfws();
    if arc {
        read_instance(&mut c, &mut out);
    }
    read_authserv_id(&mut c, &mut out);

    let mut current: Option<usize> = None;
    // Every iteration consumes at least one byte, so the loop ends.
    while !c.at_end() {
        c.skip_cfws();
        if c.at_end() {
            break;
        }
        if c.eat(b';') {
            current = None;
            continue;
        }
        let start = c.offset();
        let Some((word, _)) = c.token(b"=;/.") else {
            c.bump();
            continue;
        };
        let word = word.to_ascii_lowercase();
        c.skip_cfws();
        match c.peek() {
            Some(b'.') => {
                c.bump();
                c.skip_cfws();
                let Some((name, _)) = c.token(b"=;") else {
                    continue;
                };
                c.skip_cfws();
                if !c.eat(b'=') {
                    continue;
                }
                c.skip_cfws();
                let (value, end) = match c.value(b";") {
                    Some((value, span)) => (value, span.end),
                    None => (String::new(), c.offset()),
                };
                if let Some(result) = current.and_then(|i| out.results.get_mut(i)) {
                    result.properties.push(Property {
                        ptype: word,
                        name: name.to_ascii_lowercase(),
                        value,
                        span: start..end,
                    });
                }
            }
            Some(b'=' | b'/') => {
                let mut version = None;
                if c.eat(b'/') {
                    c.skip_cfws();
                    version = c.token(b"=;").map(|(v, _)| v.to_string());
                    c.skip_cfws();
                }
                if !c.eat(b'=') {
                    continue;
                }
                c.skip_cfws();
                let Some((raw, span)) = c.value(b";") else {
                    continue;
                };
                let within_result = current.is_some();
                if within_result && word == "reason" && version.is_none() {
                    if let Some(result) = current.and_then(|i| out.results.get_mut(i)) {
                        result.reason = Some(Spanned {
                            text: unfold(&raw),
                            span: start..span.end,
                        });
                    }
                    continue;
                }
                if within_result && !is_method(&word) {
                    if let Some(result) = current.and_then(|i| out.results.get_mut(i)) {
                        result.properties.push(Property {
                            ptype: String::new(),
                            name: word,
                            value: raw,
                            span: start..span.end,
                        });
                    }
                    continue;
                }
                if !is_result_word(&raw) || !is_result_word(&word) {
                    // `from=example.com` after a `;` is not a method result.
                    current = None;
                    continue;
                }
                let comment = c.skip_cfws();
                out.results.push(MethodResult {
                    method: word,
                    version,
                    result: raw.to_ascii_lowercase(),
                    span: start..span.end,
                    result_span: span,
                    comment,
                    reason: None,
                    properties: Vec::new(),
                });
                current = Some(out.results.len() - 1);
            }
            _ => {
                if word == "none" && out.results.is_empty() {
                    out.no_result = true;
                }
            }
        }
    }
    out
}

/// Reads the `i=N;` that starts an ARC-Authentication-Results value.
fn read_instance(c: &mut Cursor, out: &mut AuthResults) {
    let mark = c.mark();
    let start = c.offset();
    if let Some((word, _)) = c.token(b"=;")
        && word.eq_ignore_ascii_case("i")
    {
        c.skip_cfws();
        if c.eat(b'=') {
            c.skip_cfws();
            if let Some((digits, span)) = c.token(b";")
                && let Ok(n) = digits.parse::<u32>()
            {
                out.instance = Some((n, start..span.end));
                c.skip_cfws();
                c.eat(b';');
                c.skip_cfws();
                return;
            }
        }
    }
    c.rewind(mark);
}

/// Reads the authserv-id and optional version, unless the value starts with a result directly.
fn read_authserv_id(c: &mut Cursor, out: &mut AuthResults) {
    let mark = c.mark();
    let Some((id, span)) = c.token(b"=;/") else {
        return;
    };
    c.skip_cfws();
    if matches!(c.peek(), Some(b'=' | b'/')) {
        c.rewind(mark);
        return;
    }
    out.authserv_id = Some(Spanned {
        text: id.to_string(),
        span,
    });
    if c.peek().is_some_and(|b| b.is_ascii_digit()) {
        let mark = c.mark();
        match c.token(b";") {
            Some((version, _)) if version.bytes().all(|b| b.is_ascii_digit()) => {
                out.version = Some(version.to_string());
                c.skip_cfws();
            }
            _ => c.rewind(mark),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn methods(results: &AuthResults) -> Vec<String> {
        results
            .results
            .iter()
            .map(|r| format!("{}={}", r.method, r.result))
            .collect()
    }

    #[test]
    fn microsoft_results_without_authserv_id() {
        let value = " spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100";
        let parsed = parse(value, 0, false);
        assert_eq!(parsed.authserv_id, None);
        assert_eq!(
            methods(&parsed),
            ["spf=pass", "dkim=pass", "dmarc=pass", "compauth=pass"]
        );
        let spf = &parsed.results[0];
        assert_eq!(spf.comment.as_deref(), Some("sender IP is 192.0.2.1"));
        assert_eq!(spf.property("smtp.mailfrom"), Some("example.com"));
        assert_eq!(&value[spf.span.clone()], "spf=pass");
        assert_eq!(parsed.results[2].property("action"), Some("none"));
        assert_eq!(
            parsed.results[3].reason.as_ref().map(|r| r.text.as_str()),
            Some("100")
        );
    }

    #[test]
    fn arc_results_with_instance_and_version() {
        let value = " i=1; mx.microsoft.com 1; spf=pass (sender ip is 192.0.2.1) smtp.rcpttodomain=example.org smtp.mailfrom=example.com; dmarc=pass (p=reject sp=reject pct=100) action=none header.from=example.com; dkim=pass (signature was verified) header.d=example.com; arc=none";
        let parsed = parse(value, 0, true);
        assert_eq!(parsed.instance.as_ref().map(|i| i.0), Some(1));
        assert_eq!(
            parsed.authserv_id.as_ref().map(|a| a.text.as_str()),
            Some("mx.microsoft.com")
        );
        assert_eq!(parsed.version.as_deref(), Some("1"));
        assert_eq!(
            methods(&parsed),
            ["spf=pass", "dmarc=pass", "dkim=pass", "arc=none"]
        );
    }

    #[test]
    fn comments_between_every_token() {
        // RFC 8601 Appendix B.7.
        let value = " foo.example.net (foobar) 1 (baz);\r\n    dkim (Because I like it) / 1 (One yay) = (wait for it) fail\r\n      policy (A dot can go here) . (like that) expired\r\n      (this surprised me) = (as I wasn't expecting it) 1362471462";
        let parsed = parse(value, 0, false);
        assert_eq!(
            parsed.authserv_id.as_ref().map(|a| a.text.as_str()),
            Some("foo.example.net")
        );
        assert_eq!(parsed.version.as_deref(), Some("1"));
        let dkim = &parsed.results[0];
        assert_eq!(
            (dkim.method.as_str(), dkim.result.as_str()),
            ("dkim", "fail")
        );
        assert_eq!(dkim.version.as_deref(), Some("1"));
        assert_eq!(dkim.property("policy.expired"), Some("1362471462"));
    }

    #[test]
    fn stray_authserv_id_and_forgotten_semicolon() {
        let value = " smtp.mailfrom=example.com; alum.mit.edu; dkim=pass header.d=example.com spf=fail smtp.mailfrom=x.example";
        let parsed = parse(value, 0, false);
        assert_eq!(methods(&parsed), ["dkim=pass", "spf=fail"]);
        assert_eq!(
            parsed.results[1].property("smtp.mailfrom"),
            Some("x.example")
        );
    }

    #[test]
    fn no_result_and_yahoo_from_pseudo_results() {
        assert!(parse(" example.org 1; none", 0, false).no_result);
        let yahoo = " mta2022.biz.mail.sg2.yahoo.com  from=amazonses.com; domainkeys=neutral (no sig);  from=amazonses.com; dkim=neutral (no sig)";
        let parsed = parse(yahoo, 0, false);
        assert_eq!(methods(&parsed), ["domainkeys=neutral", "dkim=neutral"]);
        assert_eq!(parsed.results[1].comment.as_deref(), Some("no sig"));
    }

    #[test]
    fn quoted_values_and_semicolons_in_comments() {
        let value = " mail.example.com; dkim=pass (2048-bit key; unprotected) header.d=example.com header.b=\"AbC+/=\"; iprev=pass policy.iprev=\"2001:db8::1\"";
        let parsed = parse(value, 0, false);
        assert_eq!(methods(&parsed), ["dkim=pass", "iprev=pass"]);
        assert_eq!(parsed.results[0].property("header.b"), Some("AbC+/="));
        assert_eq!(
            parsed.results[1].property("policy.iprev"),
            Some("2001:db8::1")
        );
    }
}
