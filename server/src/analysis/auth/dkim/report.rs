//! What checking one signature found, and how it reads in each language.

use super::canon::Canon;
use crate::analysis::auth::keys::dkim as w;
use crate::catalog::sentences::{say, word};
use crate::lang::Lang;

/// The signer a report is about: `d=` and `s=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub domain: String,
    pub selector: String,
}

/// The part of the body after the length `l=` signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsigned {
    /// `l=`: canonical bytes signed.
    pub signed: usize,
    /// Canonical bytes after them.
    pub bytes: usize,
    /// Where the unsigned part starts in the text (its line).
    pub text_offset: usize,
}

/// The body compared with `bh=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyCheck {
    Matches {
        canon: Canon,
        unsigned: Option<Unsigned>,
    },
    /// The hash matches the body without its last `lines` lines, from `text_offset` on.
    Appended { text_offset: usize, lines: usize },
    /// The body changed; `list` is the mailing list it went through, if a field names one.
    Changed { canon: Canon, list: Option<String> },
    /// `l=` is longer than the body now is.
    Shortened { signed: usize, now: usize },
}

/// Why a supplied key cannot check the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyIssue {
    /// `p=` is empty.
    Revoked,
    /// The record's `v=` is not `DKIM1`.
    NotDkim(String),
    /// `p=` is no key of the type the record says.
    Unreadable(String),
    WrongType {
        key: String,
        algorithm: String,
    },
    Hash {
        allowed: String,
        used: String,
    },
}

/// Why the signature does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailCause {
    /// The key made the signature, over other header bytes.
    HeadersChanged,
    /// The key did not make the signature.
    WrongKey,
    /// One or the other (Ed25519 cannot tell).
    Either,
}

/// The signature checked with a key the user supplied; `source` is `file:line` of the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigCheck {
    Verified {
        source: String,
        /// The body hash matched too: the signature holds as a whole.
        body_ok: bool,
        rsa_bits: Option<usize>,
        sha1: bool,
        /// The key record says `t=y`.
        testing: bool,
    },
    Failed {
        source: String,
        cause: FailCause,
        /// The `h=` list.
        headers: Vec<String>,
    },
    Unusable {
        source: String,
        issue: KeyIssue,
    },
}

/// One finding's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    Body {
        signer: Signer,
        check: BodyCheck,
    },
    Signature {
        signer: Signer,
        check: SigCheck,
    },
    /// The body after `l=`.
    Unsigned {
        signer: Signer,
        signed: usize,
        bytes: usize,
    },
    /// Lines appended after signing.
    Added {
        signer: Signer,
        lines: usize,
    },
}

/// RSA keys shorter than this are weak (RFC 8301 §3.2 asks signers for 2048 bits).
const STRONG_RSA_BITS: usize = 2048;
/// RSA keys shorter than this must not be accepted by verifiers (RFC 8301 §3.2).
pub const MIN_RSA_BITS: usize = 1024;

impl Report {
    fn signer(&self) -> &Signer {
        match self {
            Report::Body { signer, .. }
            | Report::Signature { signer, .. }
            | Report::Unsigned { signer, .. }
            | Report::Added { signer, .. } => signer,
        }
    }

    /// The one-line diagnostic.
    pub fn message(&self, lang: Lang) -> String {
        let signer = self.signer();
        let (d, s) = (signer.domain.as_str(), signer.selector.as_str());
        match self {
            Report::Body { check, .. } => match check {
                BodyCheck::Matches {
                    canon,
                    unsigned: None,
                } => say(&w::BODY_OK, [d, canon.name()], lang),
                BodyCheck::Matches {
                    unsigned: Some(unsigned),
                    ..
                } => say(
                    &w::BODY_OK_LENGTH,
                    [&unsigned.signed.to_string(), &unsigned.bytes.to_string()],
                    lang,
                ),
                BodyCheck::Appended { lines, .. } => {
                    say(&w::BODY_APPENDED, [&lines.to_string(), d], lang)
                }
                BodyCheck::Changed { canon, list } => {
                    let mut out = say(&w::BODY_CHANGED, [d], lang);
                    if let Some(list) = list {
                        out.push(' ');
                        out.push_str(&say(&w::BODY_CHANGED_LIST, [list], lang));
                    }
                    if *canon == Canon::Simple {
                        out.push(' ');
                        out.push_str(word(&w::BODY_SIMPLE, lang));
                    }
                    out
                }
                BodyCheck::Shortened { signed, now } => say(
                    &w::BODY_SHORTENED,
                    [&signed.to_string(), &now.to_string(), d],
                    lang,
                ),
            },
            Report::Unsigned { signed, bytes, .. } => say(
                &w::UNSIGNED,
                [d, &signed.to_string(), &bytes.to_string()],
                lang,
            ),
            Report::Added { lines, .. } => say(&w::ADDED, [&lines.to_string(), d], lang),
            Report::Signature { check, .. } => match check {
                SigCheck::Verified {
                    source,
                    body_ok,
                    rsa_bits,
                    sha1,
                    testing,
                } => {
                    let base = if *body_ok {
                        w::VERIFIED
                    } else {
                        w::HEADERS_VERIFIED
                    };
                    let mut out = say(&base, [s, d, source], lang);
                    match rsa_bits {
                        Some(bits) if *bits < MIN_RSA_BITS => {
                            out.push(' ');
                            out.push_str(&say(&w::RSA_TOO_SHORT, [&bits.to_string()], lang));
                        }
                        Some(bits) if *bits < STRONG_RSA_BITS => {
                            out.push(' ');
                            out.push_str(&say(&w::RSA_WEAK, [&bits.to_string()], lang));
                        }
                        _ => {}
                    }
                    if *sha1 {
                        out.push(' ');
                        out.push_str(word(&w::SHA1_WEAK, lang));
                    }
                    if *testing {
                        out.push(' ');
                        out.push_str(word(&w::TESTING, lang));
                    }
                    out
                }
                SigCheck::Failed {
                    source,
                    cause,
                    headers,
                } => {
                    let headers = headers.join(", ");
                    match cause {
                        FailCause::HeadersChanged => {
                            say(&w::FAILED_HEADERS, [s, d, source, &headers], lang)
                        }
                        FailCause::WrongKey => say(&w::FAILED_KEY, [s, d, source], lang),
                        FailCause::Either => say(&w::FAILED_EITHER, [s, d, source, &headers], lang),
                    }
                }
                SigCheck::Unusable { source, issue } => match issue {
                    KeyIssue::Revoked => say(&w::KEY_REVOKED, [s, d, source], lang),
                    KeyIssue::NotDkim(v) => say(&w::KEY_NOT_DKIM, [s, d, source, v], lang),
                    KeyIssue::Unreadable(k) => say(&w::KEY_UNREADABLE, [s, d, source, k], lang),
                    KeyIssue::WrongType { key, algorithm } => {
                        say(&w::KEY_WRONG_TYPE, [s, d, source, key, algorithm], lang)
                    }
                    KeyIssue::Hash { allowed, used } => {
                        say(&w::KEY_HASH, [s, d, source, allowed, used], lang)
                    }
                },
            },
        }
    }

    /// The hover: the message, then how the check was made.
    pub fn markdown(&self, lang: Lang, field: &str) -> String {
        let how = match self {
            Report::Signature { .. } => word(&w::HOW_SIGNATURE, lang),
            _ => word(&w::HOW_BODY, lang),
        };
        format!("**{field}** — {}\n\n{how}", self.message(lang))
    }
}
