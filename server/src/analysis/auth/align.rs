//! DMARC identifier alignment (RFC 7489 §3.1): is the domain SPF or DKIM authenticated the
//! domain the reader sees in `From:`?
//!
//! Strict alignment wants the same domain; relaxed alignment (the default) wants the same
//! organizational domain, the registrable domain under the Public Suffix List (`psl` crate), so
//! `mail.example.co.uk` and `example.co.uk` align but `example.co.uk` and `other.co.uk` do not.

use super::results::{AuthResults, MethodResult};

/// How an authenticated domain relates to the From domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The same domain: aligned under strict and relaxed alignment.
    Strict,
    /// The same organizational domain only: aligned under relaxed alignment only.
    Relaxed,
    /// Different organizations: never aligned.
    None,
}

impl Relation {
    pub fn aligned(self) -> bool {
        self != Relation::None
    }
}

/// A lower-case domain from a domain or address (`User@Example.COM.` gives `example.com`);
/// `None` unless it looks like a host name, so it is safe to show in a DNS command.
pub fn domain_of(text: &str) -> Option<String> {
    let text = text.trim().trim_matches(['<', '>', '"', '\'']);
    let domain = match text.rsplit_once('@') {
        Some((_, domain)) => domain,
        None => text,
    };
    let domain = domain
        .trim_end_matches(['>', ';', ',', ')'])
        .trim_end_matches('.');
    let valid = !domain.is_empty()
        && domain.len() <= 253
        && domain.contains('.')
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
        && !domain.starts_with(['.', '-'])
        && !domain.contains("..");
    valid.then(|| domain.to_ascii_lowercase())
}

/// The organizational domain: the registrable domain under the Public Suffix List, or the
/// domain itself when it has none (a bare suffix, a private name).
pub fn organizational(domain: &str) -> String {
    psl::domain_str(domain)
        .map(str::to_string)
        .unwrap_or_else(|| domain.to_string())
}

/// How `authenticated` relates to `from` (both lower-case domains).
pub fn relation(authenticated: &str, from: &str) -> Relation {
    if authenticated == from {
        Relation::Strict
    } else if organizational(authenticated) == organizational(from) {
        Relation::Relaxed
    } else {
        Relation::None
    }
}

/// One authenticated identifier weighed for alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    pub domain: String,
    /// The method's result (`pass`, `fail` …).
    pub result: String,
    pub relation: Relation,
    /// The DKIM selector, when the results name it.
    pub selector: Option<String>,
}

impl Identifier {
    /// Counts for DMARC: passed and aligned (relaxed).
    pub fn counts(&self) -> bool {
        self.result == "pass" && self.relation.aligned()
    }
}

/// The alignment reasoning behind one DMARC (or compauth) verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// The From domain, from `header.from` or the `From:` field.
    pub from: String,
    /// Its organizational domain.
    pub from_org: String,
    /// The SPF-authenticated domain (`smtp.mailfrom`, else `smtp.helo`).
    pub spf: Option<Identifier>,
    /// The DKIM signing domains (`header.d`, else the domain of `header.i`).
    pub dkim: Vec<Identifier>,
    /// The verdict the server recorded (`fail`, `pass`, `none` …).
    pub recorded: String,
}

impl Alignment {
    /// Whether an aligned, passing identifier exists under relaxed alignment.
    pub fn passes(&self) -> bool {
        self.spf.as_ref().is_some_and(Identifier::counts)
            || self.dkim.iter().any(Identifier::counts)
    }

    /// Whether it would still pass if the policy asked for strict alignment.
    pub fn passes_strict(&self) -> bool {
        let strict = |id: &Identifier| id.result == "pass" && id.relation == Relation::Strict;
        self.spf.as_ref().is_some_and(strict) || self.dkim.iter().any(strict)
    }

    /// The catalog keys (`dmarc-cause:…`) of the likely reasons DMARC fails, when it does.
    pub fn causes(&self, forwarded: bool) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.recorded == "none" || self.recorded == "bestguesspass" {
            out.push("dmarc-cause:no-dmarc-record");
        }
        if self.passes() {
            // Recorded as failed although an identifier aligns in relaxed mode: strict alignment.
            if self.recorded == "fail" {
                out.push("dmarc-cause:alignment");
            }
            return out;
        }
        let spf_pass = self.spf.as_ref().is_some_and(|id| id.result == "pass");
        if !spf_pass {
            out.push("dmarc-cause:spf-record");
        }
        if !self.dkim.iter().any(|id| id.result == "pass") {
            out.push("dmarc-cause:dkim-signing");
        }
        let unaligned_pass = self
            .spf
            .iter()
            .chain(&self.dkim)
            .any(|id| id.result == "pass" && !id.relation.aligned());
        if unaligned_pass {
            out.push("dmarc-cause:alignment");
            out.push("dmarc-cause:third-party-sender");
        }
        if forwarded {
            out.push("dmarc-cause:forwarding");
        }
        out
    }
}

/// Works out the alignment behind `verdict` (a dmarc or compauth result) from the other results
/// of the same field, falling back to the `From:` domain of the header block.
pub fn reason(
    verdict: &MethodResult,
    field: &AuthResults,
    from_field: Option<&str>,
) -> Option<Alignment> {
    let dmarc = field.results.iter().find(|r| r.method == "dmarc");
    let from = verdict
        .property("header.from")
        .or_else(|| dmarc.and_then(|d| d.property("header.from")))
        .and_then(domain_of)
        .or_else(|| from_field.and_then(domain_of))?;
    let spf = field
        .results
        .iter()
        .find(|r| r.method == "spf")
        .and_then(|r| {
            let domain = ["smtp.mailfrom", "smtp.mfrom", "smtp.mail", "smtp.helo"]
                .iter()
                .find_map(|key| r.property(key).and_then(domain_of))?;
            Some(Identifier {
                relation: relation(&domain, &from),
                domain,
                result: r.result.clone(),
                selector: None,
            })
        });
    let dkim = field
        .results
        .iter()
        .filter(|r| r.method == "dkim")
        .filter_map(|r| {
            let domain = r
                .property("header.d")
                .and_then(domain_of)
                .or_else(|| r.property("header.i").and_then(domain_of))?;
            Some(Identifier {
                relation: relation(&domain, &from),
                domain,
                result: r.result.clone(),
                selector: r.property("header.s").map(str::to_string),
            })
        })
        .collect();
    Some(Alignment {
        from_org: organizational(&from),
        from,
        spf,
        dkim,
        recorded: dmarc
            .map(|d| d.result.clone())
            .unwrap_or_else(|| verdict.result.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_domains_are_normalised() {
        assert_eq!(domain_of("User@Example.COM."), Some("example.com".into()));
        assert_eq!(
            domain_of("<bounce@mail.example.net>"),
            Some("mail.example.net".into())
        );
        assert_eq!(domain_of("none"), None);
        assert_eq!(domain_of("a.example; rm -rf /"), None);
        assert_eq!(domain_of("MAILER-DAEMON"), None);
    }

    #[test]
    fn relaxed_and_strict_relations() {
        assert_eq!(relation("example.com", "example.com"), Relation::Strict);
        assert_eq!(
            relation("bounce.example.com", "example.com"),
            Relation::Relaxed
        );
        assert_eq!(
            relation("a.example.com", "b.example.com"),
            Relation::Relaxed
        );
        assert_eq!(relation("example.net", "example.com"), Relation::None);
    }

    #[test]
    fn multi_label_public_suffixes() {
        assert_eq!(organizational("mail.example.co.uk"), "example.co.uk");
        assert_eq!(
            relation("mail.example.co.uk", "example.co.uk"),
            Relation::Relaxed
        );
        assert_eq!(relation("example.co.uk", "other.co.uk"), Relation::None);
        assert_eq!(organizational("co.uk"), "co.uk");
    }
}
