//! What checking one signature found, and how it reads in each language.

use super::canon::Canon;
use crate::analysis::auth::words::dkim as w;
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
        let fill = |s: &str| {
            s.replace("{d}", &signer.domain)
                .replace("{s}", &signer.selector)
        };
        match self {
            Report::Body { check, .. } => match check {
                BodyCheck::Matches {
                    canon,
                    unsigned: None,
                } => fill(w::BODY_OK.get(lang)).replace("{canon}", canon.name()),
                BodyCheck::Matches {
                    unsigned: Some(unsigned),
                    ..
                } => fill(w::BODY_OK_LENGTH.get(lang))
                    .replace("{signed}", &unsigned.signed.to_string())
                    .replace("{unsigned}", &unsigned.bytes.to_string()),
                BodyCheck::Appended { lines, .. } => {
                    fill(w::BODY_APPENDED.get(lang)).replace("{lines}", &lines.to_string())
                }
                BodyCheck::Changed { canon, list } => {
                    let mut out = fill(w::BODY_CHANGED.get(lang));
                    if let Some(list) = list {
                        out.push(' ');
                        out.push_str(&w::BODY_CHANGED_LIST.get(lang).replace("{list}", list));
                    }
                    if *canon == Canon::Simple {
                        out.push(' ');
                        out.push_str(w::BODY_SIMPLE.get(lang));
                    }
                    out
                }
                BodyCheck::Shortened { signed, now } => fill(w::BODY_SHORTENED.get(lang))
                    .replace("{signed}", &signed.to_string())
                    .replace("{now}", &now.to_string()),
            },
            Report::Unsigned { signed, bytes, .. } => fill(w::UNSIGNED.get(lang))
                .replace("{signed}", &signed.to_string())
                .replace("{unsigned}", &bytes.to_string()),
            Report::Added { lines, .. } => {
                fill(w::ADDED.get(lang)).replace("{lines}", &lines.to_string())
            }
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
                    let mut out = fill(base.get(lang)).replace("{source}", source);
                    match rsa_bits {
                        Some(bits) if *bits < MIN_RSA_BITS => {
                            out.push(' ');
                            out.push_str(
                                &w::RSA_TOO_SHORT
                                    .get(lang)
                                    .replace("{bits}", &bits.to_string()),
                            );
                        }
                        Some(bits) if *bits < STRONG_RSA_BITS => {
                            out.push(' ');
                            out.push_str(
                                &w::RSA_WEAK.get(lang).replace("{bits}", &bits.to_string()),
                            );
                        }
                        _ => {}
                    }
                    if *sha1 {
                        out.push(' ');
                        out.push_str(w::SHA1_WEAK.get(lang));
                    }
                    if *testing {
                        out.push(' ');
                        out.push_str(w::TESTING.get(lang));
                    }
                    out
                }
                SigCheck::Failed {
                    source,
                    cause,
                    headers,
                } => {
                    let tr = match cause {
                        FailCause::HeadersChanged => w::FAILED_HEADERS,
                        FailCause::WrongKey => w::FAILED_KEY,
                        FailCause::Either => w::FAILED_EITHER,
                    };
                    fill(tr.get(lang))
                        .replace("{source}", source)
                        .replace("{headers}", &headers.join(", "))
                }
                SigCheck::Unusable { source, issue } => {
                    let text = match issue {
                        KeyIssue::Revoked => fill(w::KEY_REVOKED.get(lang)),
                        KeyIssue::NotDkim(v) => fill(w::KEY_NOT_DKIM.get(lang)).replace("{v}", v),
                        KeyIssue::Unreadable(k) => {
                            fill(w::KEY_UNREADABLE.get(lang)).replace("{k}", k)
                        }
                        KeyIssue::WrongType { key, algorithm } => fill(w::KEY_WRONG_TYPE.get(lang))
                            .replace("{k}", key)
                            .replace("{a}", algorithm),
                        KeyIssue::Hash { allowed, used } => fill(w::KEY_HASH.get(lang))
                            .replace("{allowed}", allowed)
                            .replace("{used}", used),
                    };
                    text.replace("{source}", source)
                }
            },
        }
    }

    /// The hover: the message, then how the check was made.
    pub fn markdown(&self, lang: Lang, field: &str) -> String {
        let how = match self {
            Report::Signature { .. } => w::HOW_SIGNATURE.get(lang),
            _ => w::HOW_BODY.get(lang),
        };
        format!("**{field}** — {}\n\n{how}", self.message(lang))
    }
}
