//! What an authentication finding carries beyond its code, and how it reads in each language.

use super::antispam::Stamp;
use super::keys::signature as ws;
use super::keys::verdict as w;
use super::signature::{Problem, SigField, Tag, tag_markdown};
use super::stamps::VendorStamp;
use super::stamps::mailbox::Delivery;
use super::verdict::Verdict;
use crate::catalog::sentences::{say, word};
use crate::lang::Lang;

/// The explanation behind one authentication or anti-spam finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthDetail {
    /// The header field as written (`Authentication-Results`, `DKIM-Signature`).
    pub field: String,
    /// The server that stamped the result, for results fields and ARC copies. The analysis does
    /// not know which servers the reader trusts; the LSP layer compares this with the
    /// `trustedAuthservIds` setting and flags results stamped by anyone else.
    pub authserv_id: Option<String>,
    /// The ARC instance (`i=`), for ARC headers.
    pub instance: Option<u32>,
    pub subject: Subject,
    /// Shell commands that verify the finding in DNS (`dig +short TXT _dmarc.example.com`),
    /// offered as code actions. The server never runs them.
    pub dns_lookups: Vec<String>,
    /// Catalog keys (`dmarc-cause:alignment`) of the likely reasons a DMARC failure happened,
    /// most likely first; empty unless DMARC fails.
    pub causes: Vec<String>,
}

/// What the finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// One `method=result`, or a `Received-SPF` result.
    Verdict(Box<Verdict>),
    /// A results field as a whole (hover on its name).
    ResultsField {
        /// `spf=pass`, `dkim=none` … in order.
        results: Vec<String>,
        /// The field says `none`: nothing was evaluated.
        no_result: bool,
    },
    /// One tag of a signature, with what is wrong with it.
    Tag {
        field: SigField,
        tag: Tag,
        problem: Option<Problem>,
    },
    /// A signature as a whole (hover on its name).
    Signature {
        field: SigField,
        domain: Option<String>,
        selector: Option<String>,
        problems: Vec<Problem>,
    },
    /// A signature checked offline: its body hash, or its signature with a supplied key.
    Dkim {
        field: SigField,
        report: Box<super::dkim::Report>,
    },
    /// A problem of an ARC chain's numbering.
    Chain(Problem),
    /// A piece of an anti-spam stamp.
    Stamp(Stamp),
    /// A piece of another vendor's spam stamp (rspamd, Proofpoint …).
    Vendor(VendorStamp),
    /// Where Microsoft 365 delivered the message, and why.
    Delivery(Box<Delivery>),
    /// The document has more authentication fields than are analysed; `max` were read.
    Limit { max: usize },
}

impl AuthDetail {
    pub fn new(field: &str, subject: Subject) -> AuthDetail {
        AuthDetail {
            field: field.to_string(),
            authserv_id: None,
            instance: None,
            subject,
            dns_lookups: Vec::new(),
            causes: Vec::new(),
        }
    }

    pub fn markdown(&self, lang: Lang) -> String {
        let mut out = match &self.subject {
            Subject::Verdict(verdict) => verdict.markdown(
                lang,
                &self.field,
                self.authserv_id.as_deref(),
                self.instance,
            ),
            Subject::ResultsField { results, no_result } => {
                self.results_field(lang, results, *no_result)
            }
            Subject::Tag {
                field,
                tag,
                problem,
            } => {
                let mut out = String::new();
                if let Some(problem) = problem {
                    out.push_str(&format!("⚠ {}\n\n", problem.message(lang, field.name())));
                }
                out.push_str(&tag_markdown(*field, tag, lang));
                out
            }
            Subject::Signature {
                field,
                domain,
                selector,
                problems,
            } => {
                let mut out = String::new();
                for problem in problems {
                    out.push_str(&format!("⚠ {}\n\n", problem.message(lang, field.name())));
                }
                out.push_str(&signature_sentence(
                    *field,
                    domain.as_deref(),
                    selector.as_deref(),
                    self.instance,
                    lang,
                ));
                if *field != SigField::ArcSeal && !self.dns_lookups.is_empty() {
                    out.push_str(&format!("\n\n{}", word(&super::keys::dkim::SAVE_KEY, lang)));
                }
                out
            }
            Subject::Dkim { field, report } => report.markdown(lang, field.name()),
            Subject::Chain(problem) => format!("⚠ {}", problem.message(lang, &self.field)),
            Subject::Stamp(stamp) => stamp.markdown(lang, &self.field),
            Subject::Vendor(stamp) => {
                crate::catalog::stamps::vendor_markdown(stamp, &self.field, lang)
            }
            Subject::Delivery(delivery) => {
                let what = super::keys::antispam::field_meaning(&self.field.to_ascii_lowercase());
                crate::catalog::stamps::delivery_markdown(delivery, &self.field, what, lang)
            }
            Subject::Limit { max } => say(&w::LIMIT, [&max.to_string()], lang),
        };
        if !self.dns_lookups.is_empty() {
            out.push_str(&format!(
                "\n\n**{}**:\n\n```sh\n{}\n```",
                word(&w::DNS_CHECK, lang),
                self.dns_lookups.join("\n")
            ));
        }
        out
    }

    pub fn message(&self, lang: Lang) -> Option<String> {
        match &self.subject {
            Subject::Verdict(verdict) => verdict.message(lang),
            Subject::ResultsField { results, .. } => {
                Some(format!("{}: {}", self.field, results.join(", ")))
            }
            Subject::Tag {
                field,
                tag,
                problem,
            } => Some(match problem {
                Some(problem) => problem.message(lang, field.name()),
                None => tag_markdown(*field, tag, lang),
            }),
            Subject::Signature {
                field,
                domain,
                selector,
                problems,
            } => Some(match problems.first() {
                Some(problem) => problem.message(lang, field.name()),
                None => signature_sentence(
                    *field,
                    domain.as_deref(),
                    selector.as_deref(),
                    self.instance,
                    lang,
                ),
            }),
            Subject::Dkim { report, .. } => Some(report.message(lang)),
            Subject::Chain(problem) => Some(problem.message(lang, &self.field)),
            Subject::Stamp(stamp) => Some(stamp.message(lang)),
            Subject::Vendor(stamp) => Some(crate::catalog::stamps::vendor_message(stamp, lang)),
            Subject::Delivery(delivery) => {
                Some(crate::catalog::stamps::delivery_message(delivery, lang))
            }
            Subject::Limit { max } => Some(say(&w::LIMIT, [&max.to_string()], lang)),
        }
    }

    fn results_field(&self, lang: Lang, results: &[String], no_result: bool) -> String {
        let mut out = format!("**{}**", self.field);
        if let Some(i) = self.instance {
            out.push_str(&format!(" i={i}"));
        }
        if let Some(id) = &self.authserv_id {
            out.push_str(" · ");
            out.push_str(&say(&w::STAMPED_BY, [id], lang));
        }
        out.push_str(&format!("\n\n{}", word(&w::RESULTS_FIELD, lang)));
        if self.authserv_id.is_none() && self.instance.is_none() {
            out.push_str(&format!("\n\n{}", word(&w::NO_AUTHSERV_ID, lang)));
        }
        if no_result {
            out.push_str(&format!("\n\n{}", word(&w::NO_RESULT, lang)));
        }
        if !results.is_empty() {
            let list: Vec<String> = results.iter().map(|r| format!("`{r}`")).collect();
            out.push_str(&format!(
                "\n\n{}: {}",
                word(&w::RESULTS, lang),
                list.join(", ")
            ));
        }
        out
    }
}

fn signature_sentence(
    field: SigField,
    domain: Option<&str>,
    selector: Option<&str>,
    instance: Option<u32>,
    lang: Lang,
) -> String {
    let unknown = word(&ws::UNKNOWN_VALUE, lang);
    let d = domain.unwrap_or(unknown);
    let i = instance.map_or_else(|| unknown.to_string(), |i| i.to_string());
    match field {
        SigField::Dkim => say(&ws::DKIM_SIGNATURE, [d, selector.unwrap_or(unknown)], lang),
        SigField::ArcSeal => say(&ws::ARC_SEAL, [&i, d], lang),
        SigField::ArcMessageSignature => say(&ws::ARC_MESSAGE_SIGNATURE, [&i, d], lang),
    }
}
