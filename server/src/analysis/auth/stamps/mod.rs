//! The spam stamps of other vendors than Microsoft: rspamd, SpamAssassin's report and level,
//! Proofpoint, Mimecast, Cisco IronPort, Barracuda, Sophos and Google. Each field is read by the
//! shape its vendor writes (a symbol list, a per-rule report, `key=value` pairs, one value), and
//! every symbol, rule or key becomes a piece with its own span so the hover explains it. What the
//! names mean is catalog data (`catalog/stamps/`); this module only finds the pieces.
//!
//! Microsoft's stamps and SpamAssassin's `X-Spam-Status` stay in [`super::antispam`], and the
//! "why did it go to Junk?" reading of Microsoft's Mailbox-Delivery field in [`mailbox`].

pub mod mailbox;
mod pairs;
mod report;
mod rspamd;

use std::ops::Range;

use crate::analysis::Severity;
use crate::catalog::stamps as table;

/// Pieces read from one field.
pub(crate) const MAX_PIECES: usize = 256;

/// How a vendor writes a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// rspamd's `default: False [-0.10 / 15.00]; SYMBOL(score)[details]; …`.
    SpamdResult,
    /// SpamAssassin's and Barracuda's report: one `points RULE description` per line.
    Report,
    /// `key=value` pairs separated by white space (Proofpoint).
    SpacePairs,
    /// `key=value` pairs separated by `;` (IronPort-AV, Mimecast impersonation).
    SemicolonPairs,
    /// Barracuda's `Yes|No, SCORE=… TAG_LEVEL=… tests=A, B`.
    BarracudaStatus,
    /// The whole value is one thing: a score, a flag, an action, an opaque token.
    Value,
}

/// The fields read here: lower-case name, vendor, shape.
const FIELDS: &[(&str, &str, Shape)] = &[
    ("x-spamd-result", "rspamd", Shape::SpamdResult),
    ("x-rspamd-action", "rspamd", Shape::Value),
    ("x-rspamd-score", "rspamd", Shape::Value),
    ("x-spamd-bar", "rspamd", Shape::Value),
    ("x-rspamd-server", "rspamd", Shape::Value),
    ("x-rspamd-queue-id", "rspamd", Shape::Value),
    ("x-spam", "rspamd", Shape::Value),
    ("x-spam-report", "spamassassin", Shape::Report),
    ("x-spam-level", "spamassassin", Shape::Value),
    ("x-spam-checker-version", "spamassassin", Shape::Value),
    ("x-proofpoint-spam-details", "proofpoint", Shape::SpacePairs),
    (
        "x-proofpoint-virus-version",
        "proofpoint",
        Shape::SemicolonPairs,
    ),
    ("x-proofpoint-guid", "proofpoint", Shape::Value),
    ("x-proofpoint-orig-guid", "proofpoint", Shape::Value),
    ("x-mimecast-spam-score", "mimecast", Shape::Value),
    ("x-mimecast-spam-signature", "mimecast", Shape::Value),
    ("x-mimecast-mfc-agg-id", "mimecast", Shape::Value),
    (
        "x-mimecast-impersonation-protect",
        "mimecast",
        Shape::SemicolonPairs,
    ),
    ("x-ironport-anti-spam-filtered", "ironport", Shape::Value),
    ("x-ironport-anti-spam-result", "ironport", Shape::Value),
    ("x-ironport-av", "ironport", Shape::SemicolonPairs),
    ("x-ironport-reputation", "ironport", Shape::Value),
    ("x-barracuda-spam-score", "barracuda", Shape::Value),
    (
        "x-barracuda-spam-status",
        "barracuda",
        Shape::BarracudaStatus,
    ),
    ("x-barracuda-spam-report", "barracuda", Shape::Report),
    ("x-barracuda-connect", "barracuda", Shape::Value),
    ("x-barracuda-start-time", "barracuda", Shape::Value),
    ("x-barracuda-url", "barracuda", Shape::Value),
    ("x-barracuda-brts-status", "barracuda", Shape::Value),
    ("x-lased-spamprobability", "sophos", Shape::Value),
    ("x-lased-spam", "sophos", Shape::Value),
    ("x-lased-impersonation", "sophos", Shape::Value),
    ("x-lased-hits", "sophos", Shape::Value),
    ("x-lased-version", "sophos", Shape::Value),
    ("x-sophos-senderhistory", "sophos", Shape::Value),
    ("x-sophos-rescan", "sophos", Shape::Value),
    ("x-gm-message-state", "google", Shape::Value),
    ("x-google-smtp-source", "google", Shape::Value),
    ("x-gm-gg", "google", Shape::Value),
    ("x-gm-features", "google", Shape::Value),
    ("x-google-dkim-signature", "google", Shape::Value),
    ("x-tm-as-result", "trendmicro", Shape::Value),
    ("x-tmase-result", "trendmicro", Shape::Value),
    ("x-tm-as-product-ver", "trendmicro", Shape::Value),
    ("x-tm-as-user-approved-sender", "trendmicro", Shape::Value),
    ("x-tm-as-user-blocked-sender", "trendmicro", Shape::Value),
    ("x-tmase-version", "trendmicro", Shape::Value),
    ("x-vr-spamstate", "ovh", Shape::Value),
    ("x-vr-spamscore", "ovh", Shape::Value),
    ("x-vr-spamcause", "ovh", Shape::Value),
    ("x-ovh-tracer-id", "ovh", Shape::Value),
    ("x-spamexperts-class", "spamexperts", Shape::Value),
    ("x-spamexperts-evidence", "spamexperts", Shape::Value),
    ("x-spamexperts-outgoing-class", "spamexperts", Shape::Value),
    ("x-recommended-action", "spamexperts", Shape::Value),
];

fn spec(name: &str) -> Option<&'static (&'static str, &'static str, Shape)> {
    FIELDS.iter().find(|(f, _, _)| f.eq_ignore_ascii_case(name))
}

/// The fields read here as `(lower-case name, vendor)`, for the catalog's completeness test.
pub fn vendor_fields() -> impl Iterator<Item = (&'static str, &'static str)> {
    FIELDS.iter().map(|(field, vendor, _)| (*field, *vendor))
}

/// True for the header fields this module decodes.
pub fn is_vendor_field(name: &str) -> bool {
    spec(name).is_some()
}

/// One decoded piece of a vendor's stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorStamp {
    /// The vendor's table in the catalog: `rspamd`, `spamassassin`, `proofpoint` …
    pub vendor: &'static str,
    /// The field name, lower-case.
    pub field: String,
    pub piece: Piece,
}

/// What a piece is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// The field's verdict: spam or not (`None` when the field does not say), the score and
    /// the threshold it was measured against, as written.
    Verdict {
        spam: Option<bool>,
        score: Option<String>,
        threshold: Option<String>,
        /// The verdict as a one-value field words it (`reject`, `Yes`).
        said: Option<String>,
    },
    /// A rule or symbol that fired, with the points it added and the details the filter wrote.
    Symbol {
        name: String,
        score: Option<String>,
        details: Option<String>,
    },
    /// One `key=value` of a list.
    Pair { key: String, value: String },
    /// The whole value of a one-value field.
    Value { value: String },
}

impl VendorStamp {
    fn new(vendor: &'static str, field: &str, piece: Piece) -> VendorStamp {
        VendorStamp {
            vendor,
            field: field.to_ascii_lowercase(),
            piece,
        }
    }

    /// The finding code: `rspamd:BAYES_SPAM`, `proofpoint:spamscore`, `rspamd:verdict=spam`,
    /// `x-rspamd-action=reject`, `x-gm-message-state`.
    pub fn code(&self) -> String {
        match &self.piece {
            Piece::Verdict { spam, .. } => format!(
                "{}:verdict={}",
                self.vendor,
                match spam {
                    Some(true) => "spam",
                    Some(false) => "not-spam",
                    None => "none",
                }
            ),
            Piece::Symbol { name, .. } => format!("{}:{name}", self.vendor),
            Piece::Pair { key, .. } => format!("{}:{}", self.vendor, key.to_ascii_lowercase()),
            Piece::Value { value } => match self.value_key(value) {
                Some(key) => key,
                None => self.field.clone(),
            },
        }
    }

    /// The catalog key of a one-value field's value (`x-rspamd-action=reject`), when the
    /// catalog has one.
    pub fn value_key(&self, value: &str) -> Option<String> {
        let key = format!("{}={}", self.field, value.to_ascii_lowercase());
        table::value(self.vendor, &key).map(|_| key)
    }

    /// True when the catalog explains the piece.
    pub fn known(&self) -> bool {
        match &self.piece {
            Piece::Verdict { .. } | Piece::Value { .. } => true,
            Piece::Symbol { name, .. } => table::rule(self.vendor, name).is_some(),
            Piece::Pair { key, .. } => table::symbol(self.vendor, key).is_some(),
        }
    }

    /// A spam verdict, a matched impersonation check and anything the catalog does not know
    /// are information (underlined softly); everything else is a hint, decoded on hover.
    pub fn severity(&self) -> Severity {
        let loud = match &self.piece {
            Piece::Verdict { spam, .. } => *spam == Some(true),
            Piece::Pair { value, .. } => {
                !self.known() || (self.vendor == "mimecast" && value.eq_ignore_ascii_case("true"))
            }
            Piece::Symbol { .. } => !self.known(),
            Piece::Value { .. } => false,
        };
        if loud {
            Severity::Information
        } else {
            Severity::Hint
        }
    }
}

/// Decodes one vendor field; each piece comes with the span it covers. The field's verdict, when
/// it has one, spans the field name (`name_span`).
pub fn parse(
    name: &str,
    name_span: Range<usize>,
    value: &str,
    base: usize,
) -> Vec<(Range<usize>, VendorStamp)> {
    let Some(&(field, vendor, shape)) = spec(name) else {
        return Vec::new();
    };
    let make = |piece| VendorStamp::new(vendor, field, piece);
    let mut out: Vec<(Range<usize>, VendorStamp)> = Vec::new();
    match shape {
        Shape::SpamdResult => {
            let result = rspamd::parse(value, base);
            if let Some(verdict) = result.verdict {
                out.push((name_span, make(verdict)));
            }
            out.extend(result.symbols.into_iter().map(|(s, p)| (s, make(p))));
        }
        Shape::Report => {
            let result = report::parse(value, base);
            if let Some(verdict) = result.verdict {
                out.push((name_span, make(verdict)));
            }
            out.extend(result.rules.into_iter().map(|(s, p)| (s, make(p))));
        }
        Shape::SpacePairs | Shape::SemicolonPairs => {
            let found = pairs::parse(value, base, shape == Shape::SpacePairs);
            if vendor == "proofpoint"
                && let Some(verdict) = pairs::proofpoint_verdict(&found)
            {
                out.push((name_span, make(verdict)));
            }
            out.extend(found.into_iter().map(|(s, p)| (s, make(p))));
        }
        Shape::BarracudaStatus => {
            let (verdict, rest) = pairs::barracuda_status(value, base);
            if let Some(verdict) = verdict {
                out.push((name_span, make(verdict)));
            }
            out.extend(rest.into_iter().map(|(s, p)| (s, make(p))));
        }
        Shape::Value => {
            let trimmed = value.trim();
            if trimmed.is_empty() {
                return out;
            }
            let start = base + (value.len() - value.trim_start().len());
            let span = start..start + trimmed.len();
            if let Some(verdict) = value_verdict(field, trimmed) {
                out.push((name_span, make(verdict)));
            }
            out.push((
                span,
                make(Piece::Value {
                    value: crate::analysis::auth::cursor::unfold(trimmed),
                }),
            ));
        }
    }
    out.truncate(MAX_PIECES);
    out
}

/// The verdict of a one-value field that carries one.
fn value_verdict(field: &str, value: &str) -> Option<Piece> {
    let lower = value.to_ascii_lowercase();
    let spam = match field {
        "x-rspamd-action" => match lower.as_str() {
            "reject" | "add header" | "rewrite subject" => Some(true),
            "no action" => Some(false),
            _ => None,
        },
        "x-spam" => Some(lower == "yes"),
        "x-lased-spam" => match lower.as_str() {
            "spam" => Some(true),
            "nonspam" => Some(false),
            _ => None,
        },
        "x-vr-spamstate" => match lower.as_str() {
            "spam" => Some(true),
            "ok" => Some(false),
            _ => None,
        },
        "x-spamexperts-class" => match lower.as_str() {
            "spam" => Some(true),
            "ham" | "whitelisted" => Some(false),
            _ => None,
        },
        // `No--9.513-5.0-31-10`: the verdict before the first dash.
        "x-tm-as-result" => match lower.split('-').next().unwrap_or_default() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        _ => return None,
    };
    Some(Piece::Verdict {
        spam,
        score: None,
        threshold: None,
        said: Some(value.to_string()),
    })
}

/// Parses a decimal score as written (`-0.10`, `15`, `3.5`).
pub(super) fn score(text: &str) -> Option<f64> {
    let text = text.trim();
    let ok = !text.is_empty()
        && text.len() <= 16
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'));
    if ok { text.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(name: &str, value: &str) -> Vec<(String, String, Severity)> {
        parse(name, 0..name.len(), value, name.len() + 1)
            .into_iter()
            .map(|(span, stamp)| {
                let text = format!("{name}:{value}");
                (
                    stamp.code(),
                    text.get(span).unwrap_or_default().to_string(),
                    stamp.severity(),
                )
            })
            .collect()
    }

    #[test]
    fn rspamd_action_is_a_verdict() {
        let got = pieces("X-Rspamd-Action", " add header");
        assert_eq!(got[0].0, "rspamd:verdict=spam");
        assert_eq!(got[0].1, "X-Rspamd-Action");
        assert_eq!(got[0].2, Severity::Information);
        assert_eq!(got[1].0, "x-rspamd-action=add header");
        assert_eq!(got[1].1, "add header");
        assert_eq!(pieces("X-Rspamd-Action", " no action")[0].2, Severity::Hint);
    }

    #[test]
    fn proofpoint_details_key_by_key() {
        let got = pieces(
            "X-Proofpoint-Spam-Details",
            " rule=notspam policy=default score=0 spamscore=0 phishscore=0\r\n bulkscore=0 mlxscore=0 newscore=4 engine=8.19.0-2411120000",
        );
        assert_eq!(got[0].0, "proofpoint:verdict=not-spam");
        assert_eq!(
            got[1],
            (
                "proofpoint:rule".into(),
                "rule=notspam".into(),
                Severity::Hint
            )
        );
        let spam = got.iter().find(|g| g.0 == "proofpoint:spamscore").unwrap();
        assert_eq!(spam.1, "spamscore=0");
        let unknown = got.iter().find(|g| g.0 == "proofpoint:newscore").unwrap();
        assert_eq!(unknown.2, Severity::Information, "not in the table");
        assert!(got.iter().any(|g| g.1 == "engine=8.19.0-2411120000"));
    }

    #[test]
    fn mimecast_impersonation_checks_that_matched_are_information() {
        let got = pieces(
            "X-Mimecast-Impersonation-Protect",
            " Policy=CLT - Impersonation Protection Definition;\r\n Similar Internal Domain=false;Newly Observed Domain=true;Internal User Name=false",
        );
        let codes: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            codes,
            [
                "mimecast:policy",
                "mimecast:similar internal domain",
                "mimecast:newly observed domain",
                "mimecast:internal user name"
            ]
        );
        assert_eq!(got[2].1, "Newly Observed Domain=true");
        assert_eq!(got[2].2, Severity::Information);
        assert_eq!(got[1].2, Severity::Hint);
    }

    #[test]
    fn ironport_av_with_quoted_values() {
        let got = pieces(
            "X-IronPort-AV",
            " E=Sophos;i=\"6.00,283,1725310800\";\r\n   d=\"scan'208\";a=\"123456789\"",
        );
        let codes: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            codes,
            ["ironport:e", "ironport:i", "ironport:d", "ironport:a"]
        );
        assert_eq!(got[1].1, "i=\"6.00,283,1725310800\"");
    }

    #[test]
    fn trend_micro_ovh_and_spamexperts_verdicts() {
        let got = pieces("X-TM-AS-Result", " No--9.513-5.0-31-10");
        assert_eq!(got[0].0, "trendmicro:verdict=not-spam");
        assert_eq!(got[1].1, "No--9.513-5.0-31-10");
        assert_eq!(pieces("X-VR-SPAMSTATE", " SPAM")[0].0, "ovh:verdict=spam");
        assert_eq!(
            pieces("X-VR-SPAMSTATE", " SPAM")[1].0,
            "x-vr-spamstate=spam"
        );
        let class = pieces("X-SpamExperts-Class", " whitelisted");
        assert_eq!(class[0].0, "spamexperts:verdict=not-spam");
        assert_eq!(class[1].0, "x-spamexperts-class=whitelisted");
    }

    #[test]
    fn opaque_google_fields_are_hints() {
        let got = pieces("X-Gm-Message-State", " AOJu0YwV3xq9Z+Kd0aW1vZmxhdA==");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "x-gm-message-state");
        assert_eq!(got[0].2, Severity::Hint);
    }

    #[test]
    fn unknown_vendor_fields_are_not_read() {
        assert!(!is_vendor_field("X-Acme-Spam-Score"));
        assert!(parse("X-Acme-Spam-Score", 0..17, " 9.9", 18).is_empty());
    }
}
