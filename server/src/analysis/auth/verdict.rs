//! One authentication verdict (`spf=fail`, `Received-SPF: SoftFail`): its severity, its
//! explanation, the alignment reasoning behind DMARC and compauth, and the DNS lookups that let
//! an admin verify it.

use super::align::{Alignment, Relation, domain_of, organizational};
use super::keys::align as wa;
use super::keys::verdict as w;
use super::results::{AuthResults, MethodResult};
use crate::analysis::Severity;
use crate::catalog::sentences::{say, word};
use crate::lang::Lang;

/// Where a verdict was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `Authentication-Results`: the receiving server's own verdict.
    Results,
    /// `ARC-Authentication-Results`: a copy an intermediary sealed.
    ArcCopy,
    /// `Authentication-Results-Original`: Microsoft 365's copy of the previous hop's results.
    MicrosoftOriginal,
    /// `Received-SPF`.
    ReceivedSpf,
}

impl Origin {
    pub fn from_field(name: &str) -> Option<Origin> {
        [
            ("Authentication-Results", Origin::Results),
            ("ARC-Authentication-Results", Origin::ArcCopy),
            ("Authentication-Results-Original", Origin::MicrosoftOriginal),
            ("Received-SPF", Origin::ReceivedSpf),
        ]
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, origin)| origin)
    }

    /// Copies record what an earlier hop saw; the final verdict lives elsewhere.
    pub fn is_copy(self) -> bool {
        matches!(self, Origin::ArcCopy | Origin::MicrosoftOriginal)
    }
}

/// A method result with what the hover needs to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Lower-case method; `spf` for `Received-SPF`.
    pub method: String,
    /// Lower-case result.
    pub result: String,
    pub reason: Option<String>,
    pub comment: Option<String>,
    /// `(key, value)` in order: `smtp.mailfrom`, `header.d`, `action`, `client-ip` …
    pub properties: Vec<(String, String)>,
    pub origin: Origin,
    /// For dmarc and compauth results: the reasoning from the other results of the field.
    pub alignment: Option<Alignment>,
}

impl Verdict {
    pub fn from_result(result: &MethodResult, origin: Origin) -> Verdict {
        Verdict {
            method: result.method.clone(),
            result: result.result.clone(),
            reason: result.reason.as_ref().map(|r| r.text.clone()),
            comment: result.comment.clone(),
            properties: result
                .properties
                .iter()
                .map(|p| (p.key(), p.value.clone()))
                .collect(),
            origin,
            alignment: None,
        }
    }

    /// The catalog key: `spf=fail`, or `received-spf=softfail` for `Received-SPF`.
    pub fn code(&self) -> String {
        format!("{}={}", self.catalog_method(), self.result)
    }

    fn catalog_method(&self) -> &str {
        if self.origin == Origin::ReceivedSpf {
            "received-spf"
        } else {
            &self.method
        }
    }

    fn known_method(&self) -> bool {
        self.origin == Origin::ReceivedSpf
            || super::results::KNOWN_METHODS.contains(&self.method.as_str())
    }

    /// See the module documentation of `auth` for the reasoning.
    pub fn severity(&self, dmarc_passed: bool) -> Severity {
        if !self.known_method() {
            return Severity::Hint;
        }
        let method = self.method.as_str();
        let mut severity = match self.result.as_str() {
            "pass" => Severity::Hint,
            "fail" | "hardfail" if matches!(method, "dmarc" | "compauth") => Severity::Error,
            _ if method == "bimi" => Severity::Information,
            "fail" | "hardfail" | "softfail" | "permerror" | "temperror" | "policy" => {
                Severity::Warning
            }
            _ => Severity::Information,
        };
        // SPF and DKIM failures do not matter to delivery once DMARC passed on another identifier.
        if dmarc_passed && matches!(method, "spf" | "dkim") && severity == Severity::Warning {
            severity = Severity::Information;
        }
        if self.origin.is_copy() {
            severity = match severity {
                Severity::Error => Severity::Warning,
                Severity::Warning => Severity::Information,
                other => other,
            };
        }
        severity
    }

    /// The text the catalog matches rows on (`body hash did not verify`).
    pub fn text(&self) -> Option<String> {
        match (&self.comment, &self.reason) {
            (Some(c), Some(r)) => Some(format!("{c} {r}")),
            (Some(c), None) => Some(c.clone()),
            (None, Some(r)) => Some(r.clone()),
            (None, None) => None,
        }
    }

    /// What the method and result mean, when the catalog has no entry for them.
    fn own_explanation(&self, lang: Lang) -> Option<String> {
        if w::catalog_covers(self.catalog_method(), &self.result) {
            return None;
        }
        if !self.known_method() {
            return Some(say(&w::UNKNOWN_METHOD, [&self.method], lang));
        }
        let method = w::method_meaning(&self.method)
            .map(|key| word(&key, lang).to_string())
            .unwrap_or_default();
        let result = if w::known_result(&self.method, &self.result) {
            w::result_meaning(&self.result).map(|key| word(&key, lang).to_string())
        } else {
            None
        }
        .unwrap_or_else(|| say(&w::UNKNOWN_RESULT, [&self.result, &self.method], lang));
        Some(format!("{method} {result}").trim().to_string())
    }

    pub fn message(&self, lang: Lang) -> Option<String> {
        if let Some(alignment) = &self.alignment {
            return Some(format!("{}: {}", self.code(), sentence(alignment, lang)));
        }
        self.own_explanation(lang)
            .map(|text| format!("{}: {text}", self.code()))
    }

    /// The hover body; `field`, `authserv_id` and `instance` come from the detail around it.
    pub fn markdown(
        &self,
        lang: Lang,
        field: &str,
        authserv_id: Option<&str>,
        instance: Option<u32>,
    ) -> String {
        let mut out = format!("**`{}`** · {field}", self.code());
        if let Some(i) = instance {
            out.push_str(&format!(" i={i}"));
        }
        if let Some(id) = authserv_id {
            out.push_str(" · ");
            out.push_str(&say(&w::STAMPED_BY, [id], lang));
        }
        if let Some(text) = self.own_explanation(lang) {
            out.push_str(&format!("\n\n{text}"));
        }
        match self.origin {
            Origin::Results | Origin::MicrosoftOriginal if authserv_id.is_none() => {
                out.push_str(&format!("\n\n{}", word(&w::NO_AUTHSERV_ID, lang)));
            }
            _ => {}
        }
        match self.origin {
            Origin::ReceivedSpf => {
                out.push_str(&format!("\n\n{}", word(&w::RECEIVED_SPF_FIELD, lang)));
            }
            Origin::ArcCopy => out.push_str(&format!(
                "\n\n{}",
                say(
                    &w::ARC_COPY,
                    [&instance.map(|i| i.to_string()).unwrap_or_default()],
                    lang
                )
            )),
            Origin::MicrosoftOriginal => {
                out.push_str(&format!("\n\n{}", word(&w::ORIGINAL_COPY, lang)));
            }
            _ => {}
        }
        let mut lines = Vec::new();
        if let Some(reason) = &self.reason {
            let decoded = if self.method == "compauth" {
                w::compauth_reason(reason).map(|tr| format!(" — {}", word(&tr, lang)))
            } else {
                None
            };
            lines.push(format!(
                "- **{}**: `{reason}`{}",
                word(&w::REASON, lang),
                decoded.unwrap_or_default()
            ));
        }
        if let Some(comment) = &self.comment {
            lines.push(format!("- **{}**: {comment}", word(&w::COMMENT, lang)));
        }
        for (key, value) in &self.properties {
            let meaning = if key == "action" {
                w::dmarc_action(&value.to_ascii_lowercase()).or_else(|| w::property_meaning(key))
            } else {
                w::property_meaning(key)
            };
            let meaning = meaning
                .map(|tr| format!(" — {}", word(&tr, lang)))
                .unwrap_or_default();
            lines.push(format!("- `{key}` = `{value}`{meaning}"));
        }
        if !lines.is_empty() {
            out.push_str("\n\n");
            out.push_str(&lines.join("\n"));
        }
        if let Some(alignment) = &self.alignment {
            out.push_str(&format!(
                "\n\n**{}**: {}",
                word(&wa::HEADING, lang),
                sentence(alignment, lang)
            ));
        }
        out
    }
}

/// The alignment reasoning in one sentence: SPF, DKIM, conclusion.
pub fn sentence(a: &Alignment, lang: Lang) -> String {
    let spf = match &a.spf {
        None => word(&wa::SPF_ABSENT, lang).to_string(),
        Some(id) if id.result != "pass" => say(&wa::SPF_NOT_PASSED, [&id.result, &id.domain], lang),
        Some(id) => match id.relation {
            Relation::Strict => say(&wa::SPF_ALIGNED, [&id.domain, &a.from], lang),
            Relation::Relaxed => say(&wa::SPF_RELAXED, [&id.domain, &a.from, &a.from_org], lang),
            Relation::None => say(&wa::SPF_UNALIGNED, [&id.domain, &a.from], lang),
        },
    };
    let passing = |relation: Relation| {
        a.dkim
            .iter()
            .find(|id| id.result == "pass" && id.relation == relation)
    };
    let dkim = if let Some(id) = passing(Relation::Strict) {
        say(&wa::DKIM_ALIGNED, [&id.domain, &a.from], lang)
    } else if let Some(id) = passing(Relation::Relaxed) {
        say(&wa::DKIM_RELAXED, [&id.domain, &a.from], lang)
    } else if let Some(id) = passing(Relation::None) {
        say(&wa::DKIM_UNALIGNED, [&id.domain], lang)
    } else if let Some(id) = a
        .dkim
        .iter()
        .find(|id| id.relation.aligned())
        .or(a.dkim.first())
    {
        say(&wa::DKIM_NOT_PASSED, [&id.result, &id.domain], lang)
    } else {
        word(&wa::DKIM_ABSENT, lang).to_string()
    };
    let passes = a.passes();
    let no_record = matches!(a.recorded.as_str(), "none" | "bestguesspass");
    let conclusion = match (no_record, passes) {
        (true, true) => say(&wa::WOULD_PASS, [&a.from], lang),
        (true, false) => say(&wa::WOULD_FAIL, [&a.from], lang),
        (false, true) => word(&wa::PASSES, lang).to_string(),
        (false, false) => word(&wa::FAILS, lang).to_string(),
    };
    let mut out = format!("{spf}{}{dkim}{conclusion}", word(&wa::SEPARATOR, lang));
    let disagreement = match (a.recorded.as_str(), passes) {
        ("fail", true) => Some(wa::RECORDED_FAIL),
        ("pass", false) => Some(wa::RECORDED_PASS),
        _ => None,
    };
    if let Some(key) = disagreement {
        out.push_str(&say(&key, [&a.recorded], lang));
    }
    out
}

/// A DNS label sequence safe to put in a shell command.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

fn push_unique(out: &mut Vec<String>, command: String) {
    if !out.contains(&command) {
        out.push(command);
    }
}

/// `dig +short TXT selector._domainkey.domain`, when both parts are safe to show.
pub fn dkim_lookup(selector: &str, domain: &str) -> Option<String> {
    (safe_name(selector) && safe_name(domain))
        .then(|| format!("dig +short TXT {selector}._domainkey.{domain}"))
}

/// The command that saves the key of `selector` and `domain` in the zone-file form
/// `mail-lsp check --dkim-keys` and the `dkim.keyFiles` setting read.
pub fn dkim_save(selector: &str, domain: &str) -> Option<String> {
    (safe_name(selector) && safe_name(domain))
        .then(|| format!("dig +noall +answer TXT {selector}._domainkey.{domain} >> dkim-keys.zone"))
}

/// The DNS lookups that verify a results-field verdict. `selectors` gives the selectors the
/// header block's DKIM-Signature fields use per signing domain.
pub fn lookups(
    result: &MethodResult,
    alignment: Option<&Alignment>,
    selectors: &[(String, String)],
) -> Vec<String> {
    let mut out = Vec::new();
    let selector_for = |domain: &str, named: Option<&str>| -> Vec<String> {
        match named {
            Some(s) => vec![s.to_string()],
            None => selectors
                .iter()
                .filter(|(d, _)| d == domain)
                .map(|(_, s)| s.clone())
                .collect(),
        }
    };
    match result.method.as_str() {
        "spf" => {
            if let Some(domain) = ["smtp.mailfrom", "smtp.mfrom", "smtp.mail", "smtp.helo"]
                .iter()
                .find_map(|key| result.property(key).and_then(domain_of))
            {
                push_unique(&mut out, format!("dig +short TXT {domain}"));
            }
        }
        "dkim" => {
            let domain = result
                .property("header.d")
                .and_then(domain_of)
                .or_else(|| result.property("header.i").and_then(domain_of));
            if let Some(domain) = domain {
                for selector in selector_for(&domain, result.property("header.s")) {
                    if let Some(command) = dkim_lookup(&selector, &domain) {
                        push_unique(&mut out, command);
                    }
                    // Saved, the key lets mail-lsp verify the signature offline.
                    if let Some(command) = dkim_save(&selector, &domain) {
                        push_unique(&mut out, command);
                    }
                }
            }
        }
        "dmarc" | "compauth" => {
            if let Some(a) = alignment {
                push_unique(&mut out, format!("dig +short TXT _dmarc.{}", a.from));
                if a.from_org != a.from {
                    push_unique(&mut out, format!("dig +short TXT _dmarc.{}", a.from_org));
                }
                if let Some(spf) = &a.spf {
                    push_unique(&mut out, format!("dig +short TXT {}", spf.domain));
                }
                for id in &a.dkim {
                    for selector in selector_for(&id.domain, id.selector.as_deref()) {
                        if let Some(command) = dkim_lookup(&selector, &id.domain) {
                            push_unique(&mut out, command);
                        }
                    }
                }
            } else if let Some(from) = result.property("header.from").and_then(domain_of) {
                push_unique(&mut out, format!("dig +short TXT _dmarc.{from}"));
                let org = organizational(&from);
                if org != from {
                    push_unique(&mut out, format!("dig +short TXT _dmarc.{org}"));
                }
            }
        }
        "iprev" => {
            if let Some(ip) = ["policy.iprev", "smtp.remote-ip", "smtp.client-ip"]
                .iter()
                .find_map(|key| result.property(key))
                .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok())
            {
                push_unique(&mut out, format!("dig +short -x {ip}"));
            }
        }
        "bimi" => {
            let domain = result
                .property("header.d")
                .or_else(|| result.property("header.from"))
                .and_then(domain_of);
            let selector = result.property("header.selector").unwrap_or("default");
            if let Some(domain) = domain
                && safe_name(selector)
            {
                push_unique(
                    &mut out,
                    format!("dig +short TXT {selector}._bimi.{domain}"),
                );
            }
        }
        _ => {}
    }
    out
}

/// True when a results field says DMARC (or Microsoft's compauth) passed.
pub fn dmarc_passed(field: &AuthResults) -> bool {
    field
        .results
        .iter()
        .any(|r| matches!(r.method.as_str(), "dmarc" | "compauth") && r.result == "pass")
}

#[cfg(test)]
mod tests {
    use super::super::align::{Alignment, Identifier, Relation};
    use super::*;

    fn id(domain: &str, result: &str, relation: Relation) -> Identifier {
        Identifier {
            domain: domain.into(),
            result: result.into(),
            relation,
            selector: None,
        }
    }

    #[test]
    fn the_issue_sentence() {
        let alignment = Alignment {
            from: "example.com".into(),
            from_org: "example.com".into(),
            spf: Some(id("bounce.example.net", "pass", Relation::None)),
            dkim: Vec::new(),
            recorded: "fail".into(),
        };
        assert_eq!(
            sentence(&alignment, Lang::En),
            "SPF passed for bounce.example.net, which is not aligned with example.com; no aligned DKIM signature → DMARC fails"
        );
    }

    #[test]
    fn disagreement_with_the_recorded_verdict_is_explained() {
        let alignment = Alignment {
            from: "example.com".into(),
            from_org: "example.com".into(),
            spf: Some(id("mail.example.com", "pass", Relation::Relaxed)),
            dkim: vec![id("example.com", "fail", Relation::Strict)],
            recorded: "fail".into(),
        };
        let text = sentence(&alignment, Lang::En);
        assert!(text.contains("only under relaxed alignment"), "{text}");
        assert!(text.contains("DKIM gave fail for example.com"), "{text}");
        assert!(
            text.contains("→ DMARC passes (yet the server recorded dmarc=fail"),
            "{text}"
        );
        for lang in Lang::ALL {
            assert!(!sentence(&alignment, lang).contains('{'));
        }
    }
}
