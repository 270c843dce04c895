//! DKIM verified offline: the body hash of every `DKIM-Signature` and `ARC-Message-Signature`
//! of a message's own header, and the signature itself when the user supplied the key.
//!
//! The body hash needs nothing but the message: the body is canonicalized (`c=`, `l=`) and
//! hashed, and the result compared with `bh=`. A mismatch is looked into: when the hash matches
//! the body without its last lines, those lines were appended after signing (a list footer, a
//! disclaimer) and are pointed at. The signature (`b=`) is checked only with keys from files the
//! user names ([`KeySet`]); nothing is ever looked up in DNS.
//!
//! Only a message's own header is verified (each message of an mbox): the returned copy inside
//! a bounce is often cut short or re-encoded by the server that bounced it, so a verdict on it
//! would mislead.
//!
//! # Codes
//!
//! On `bh=`: `<prefix>:body-hash-ok` (information), `<prefix>:body-changed` (warning); on the
//! body, `<prefix>:added-after-signing` and `<prefix>:unsigned-body` (information); on `b=`:
//! `<prefix>:verified`, `<prefix>:headers-verified` (information), `<prefix>:does-not-verify`
//! and `<prefix>:key-unusable` (warning). `<prefix>` is `dkim-signature` or
//! `arc-message-signature`.

pub mod canon;
pub mod crypto;
pub mod keys;
pub mod message;
pub mod report;

use std::collections::HashMap;
use std::ops::Range;

pub use keys::KeySet;
pub use report::{BodyCheck, FailCause, KeyIssue, Report, SigCheck};

use super::signature::{self, SigField, Tag};
use super::{AuthDetail, Subject};
use crate::analysis::{Detail, Finding, FindingKind, Severity};
use canon::Canon;
use crypto::{Algorithm, Check, PublicKey};
use keys::{KeyProblem, KeyRecord, TxtRecord};

/// Signatures verified per message; more are rare and cost a body hash each.
const MAX_SIGNATURES: usize = 16;
/// Messages of one document whose signatures are checked (an mbox of a few thousand).
const MAX_MESSAGES: usize = 5_000;
/// How many last lines may have been appended after signing for the search to find them.
const MAX_APPENDED_LINES: usize = 60;
/// Bodies larger than this are hashed once, without the search for appended lines.
const MAX_SEARCH_BYTES: usize = 8 << 20;

/// Header fields that show a message went through a mailing list.
const LIST_FIELDS: &[&str] = &["List-Id", "List-Post", "List-Unsubscribe", "Mailing-List"];

/// Checks the signatures of each message in `ranges` and adds the findings to `out`.
pub fn check(text: &str, ranges: &[Range<usize>], keys: &KeySet, out: &mut Vec<Finding>) {
    for range in ranges.iter().take(MAX_MESSAGES) {
        if let Some(message) = message::split(text, range.clone()) {
            check_message(text, &message, keys, out);
        }
    }
}

/// What one signature says about itself, read from its tags.
struct Signature<'t> {
    field: SigField,
    raw: &'t str,
    tags: Vec<Tag>,
    algorithm: Algorithm,
    header_canon: Canon,
    body_canon: Canon,
    body_hash: Vec<u8>,
    length: Option<usize>,
    domain: String,
    selector: String,
}

impl<'t> Signature<'t> {
    fn read(field: &message::RawField<'t>) -> Option<Signature<'t>> {
        let kind = SigField::from_name(field.name)?;
        if kind == SigField::ArcSeal {
            return None;
        }
        let colon = field.raw.find(':')?;
        let tags = signature::tags(field.raw.get(colon + 1..)?, field.start + colon + 1);
        let get = |name: &str| signature::tag(&tags, name);
        let algorithm = Algorithm::parse(get("a")?)?;
        let (header_canon, body_canon) = canon::parse_c(get("c"))?;
        let body_hash = crypto::base64(get("bh")?)?;
        let length = match get("l") {
            Some(l) => Some(l.parse::<usize>().ok()?),
            None => None,
        };
        Some(Signature {
            field: kind,
            raw: field.raw,
            algorithm,
            header_canon,
            body_canon,
            body_hash,
            length,
            domain: get("d")?.to_ascii_lowercase(),
            selector: get("s")?.to_string(),
            tags,
        })
    }

    fn span(&self, tag: &str, or: &message::RawField<'_>) -> Range<usize> {
        self.tags
            .iter()
            .find(|t| t.name == tag)
            .map_or(or.start..or.start + or.name.len(), |t| t.span.clone())
    }

    fn finding(
        &self,
        span: Range<usize>,
        name: &str,
        severity: Severity,
        report: Report,
    ) -> Finding {
        let mut detail = AuthDetail::new(
            self.field.name(),
            Subject::Dkim {
                field: self.field,
                report: Box::new(report),
            },
        );
        detail
            .dns_lookups
            .extend(super::verdict::dkim_lookup(&self.selector, &self.domain));
        detail
            .dns_lookups
            .extend(super::verdict::dkim_save(&self.selector, &self.domain));
        let mut finding = Finding::new(
            span,
            FindingKind::Auth,
            format!("{}:{name}", self.field.code_prefix()),
            severity,
        );
        finding.detail = Some(Detail::Auth(Box::new(detail)));
        finding
    }
}

fn check_message(
    text: &str,
    message: &message::Message<'_>,
    keys: &KeySet,
    out: &mut Vec<Finding>,
) {
    let mut bodies: HashMap<&'static str, canon::Body> = HashMap::new();
    let list = LIST_FIELDS.iter().find_map(|name| {
        let field = message.named(name).next()?;
        let value = field.raw.split_once(':')?.1;
        Some(value.split_whitespace().collect::<Vec<_>>().join(" "))
    });
    let signatures = message
        .fields
        .iter()
        .filter(|f| SigField::from_name(f.name).is_some())
        .take(MAX_SIGNATURES);
    for field in signatures {
        let Some(sig) = Signature::read(field) else {
            continue;
        };
        let body = bodies
            .entry(sig.body_canon.name())
            .or_insert_with(|| canon::body(text, message.body.clone(), sig.body_canon));
        let mut body_check = compare_body(&sig, body, list.as_deref());
        // An mbox writer may have escaped `From ` lines of the body: read them unescaped too.
        if message.in_mbox
            && !matches!(body_check, BodyCheck::Matches { .. })
            && memchr::memmem::find(
                text.as_bytes()
                    .get(message.body.clone())
                    .unwrap_or_default(),
                b">From ",
            )
            .is_some()
        {
            let unescaped = canon::body_unescaped(text, message.body.clone(), sig.body_canon);
            let second = compare_body(&sig, &unescaped, list.as_deref());
            if matches!(second, BodyCheck::Matches { .. }) {
                body_check = second;
            }
        }
        let bh = sig.span("bh", field);
        let who = report::Signer {
            domain: sig.domain.clone(),
            selector: sig.selector.clone(),
        };
        let body_ok = matches!(body_check, BodyCheck::Matches { .. });
        match &body_check {
            BodyCheck::Matches {
                unsigned: Some(unsigned),
                ..
            } => out.push(sig.finding(
                line_span(text, unsigned.text_offset),
                "unsigned-body",
                Severity::Information,
                Report::Unsigned {
                    signer: who.clone(),
                    signed: unsigned.signed,
                    bytes: unsigned.bytes,
                },
            )),
            BodyCheck::Appended { text_offset, lines } => out.push(sig.finding(
                line_span(text, *text_offset),
                "added-after-signing",
                Severity::Information,
                Report::Added {
                    signer: who.clone(),
                    lines: *lines,
                },
            )),
            _ => {}
        }
        let (name, severity) = if body_ok {
            ("body-hash-ok", Severity::Information)
        } else {
            ("body-changed", Severity::Warning)
        };
        out.push(sig.finding(
            bh,
            name,
            severity,
            Report::Body {
                signer: who.clone(),
                check: body_check,
            },
        ));

        if keys.is_empty() {
            continue;
        }
        let records = keys.dkim(&sig.selector, &sig.domain);
        if records.is_empty() {
            continue;
        }
        let check = signature_check(&sig, message, records, body_ok);
        let (name, severity) = match &check {
            // RFC 8301: receivers must not accept a key this short, valid as the signature is.
            SigCheck::Verified {
                rsa_bits: Some(bits),
                ..
            } if *bits < report::MIN_RSA_BITS => ("verified", Severity::Warning),
            SigCheck::Verified { body_ok: true, .. } => ("verified", Severity::Information),
            SigCheck::Verified { .. } => ("headers-verified", Severity::Information),
            SigCheck::Failed { .. } => ("does-not-verify", Severity::Warning),
            SigCheck::Unusable { .. } => ("key-unusable", Severity::Warning),
        };
        out.push(sig.finding(
            sig.span("b", field),
            name,
            severity,
            Report::Signature { signer: who, check },
        ));
    }
}

/// The span of the first line with content from `start` on (the line at `start` when none
/// has), without its line break, at least one byte long.
fn line_span(text: &str, start: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    // `l=` may end inside a character; the span starts at that character.
    let mut start = crate::text::floor_char_boundary(text, start.min(bytes.len()));
    while let Some(rest) = bytes.get(start..) {
        let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let line = rest.get(..len).unwrap_or_default();
        if !line.iter().all(u8::is_ascii_whitespace) || start + len >= bytes.len() {
            break;
        }
        start += len + 1;
    }
    let start = start.min(bytes.len());
    let rest = bytes.get(start..).unwrap_or_default();
    let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    let mut end = start + len;
    if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    if end == start {
        end += text
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
    }
    start..end
}

fn compare_body(sig: &Signature<'_>, body: &canon::Body, list: Option<&str>) -> BodyCheck {
    let bytes = &body.bytes;
    let canon = sig.body_canon;
    if let Some(length) = sig.length {
        let Some(signed) = bytes.get(..length) else {
            return BodyCheck::Shortened {
                signed: length,
                now: bytes.len(),
            };
        };
        if crypto::digest(sig.algorithm, signed) != sig.body_hash {
            return BodyCheck::Changed {
                canon,
                list: list.map(str::to_string),
            };
        }
        let unsigned = (length < bytes.len())
            .then(|| body.text_offset(length, canon))
            .flatten()
            .map(|text_offset| report::Unsigned {
                signed: length,
                bytes: bytes.len() - length,
                text_offset,
            });
        return BodyCheck::Matches { canon, unsigned };
    }
    if crypto::digest(sig.algorithm, bytes) == sig.body_hash {
        return BodyCheck::Matches {
            canon,
            unsigned: None,
        };
    }
    if let Some((cut, lines)) = appended(sig, body)
        && let Some(text_offset) = body.text_offset(cut, canon)
    {
        return BodyCheck::Appended { text_offset, lines };
    }
    BodyCheck::Changed {
        canon,
        list: list.map(str::to_string),
    }
}

/// Looks for lines appended after signing: the shortest body, cut at one of the last lines,
/// whose hash is `bh=`. Returns the canonical offset of the cut and how many lines follow it.
fn appended(sig: &Signature<'_>, body: &canon::Body) -> Option<(usize, usize)> {
    let bytes = &body.bytes;
    if bytes.len() > MAX_SEARCH_BYTES {
        return None;
    }
    let first = body.lines.len().saturating_sub(MAX_APPENDED_LINES).max(1);
    let cuts: Vec<(usize, usize)> = body
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .map(|(index, (offset, _))| (index, *offset))
        .collect();
    let mut hasher = crypto::Hasher::new(sig.algorithm);
    let mut hashed = 0;
    let mut found = None;
    for (index, cut) in cuts {
        hasher.update(bytes.get(hashed..cut)?);
        hashed = cut;
        // A canonical body never ends in an empty line: such a cut is no body a signer hashed.
        if bytes.get(..cut).is_some_and(|b| b.ends_with(b"\r\n\r\n")) {
            continue;
        }
        if hasher.clone().finish() == sig.body_hash {
            found = Some((cut, body.lines.len() - index));
        }
    }
    found
}

fn signature_check(
    sig: &Signature<'_>,
    message: &message::Message<'_>,
    records: &[TxtRecord],
    body_ok: bool,
) -> SigCheck {
    let hashed = crypto::digest(sig.algorithm, &signed_headers(sig, message));
    let signature = signature::tag(&sig.tags, "b").and_then(crypto::base64);
    let signed: Vec<String> = signature::tag(&sig.tags, "h")
        .unwrap_or_default()
        .split(':')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .collect();
    let mut first_failure = None;
    let mut first_issue = None;
    for record in records {
        let source = format!("{}:{}", record.source, record.line);
        let key = match usable_key(sig, record) {
            Ok(key) => key,
            Err(issue) => {
                first_issue.get_or_insert(SigCheck::Unusable { source, issue });
                continue;
            }
        };
        let check = signature.as_deref().map_or(Check::KeyMismatch, |b| {
            crypto::verify(&key.0, sig.algorithm, &hashed, b)
        });
        if check == Check::Valid {
            return SigCheck::Verified {
                source,
                body_ok,
                rsa_bits: key.0.rsa_bits(),
                sha1: sig.algorithm == Algorithm::RsaSha1,
                testing: key.1,
            };
        }
        let cause = match check {
            Check::ContentChanged => FailCause::HeadersChanged,
            Check::KeyMismatch => FailCause::WrongKey,
            _ => FailCause::Either,
        };
        first_failure.get_or_insert(SigCheck::Failed {
            source,
            cause,
            headers: signed.clone(),
        });
    }
    first_failure.or(first_issue).unwrap_or(SigCheck::Unusable {
        source: String::new(),
        issue: KeyIssue::NotDkim(String::new()),
    })
}

/// The key of a record, when the record is a DKIM key this signature can use; with `t=y`.
fn usable_key(sig: &Signature<'_>, record: &TxtRecord) -> Result<(PublicKey, bool), KeyIssue> {
    let key = KeyRecord::parse(&record.text).map_err(|problem| match problem {
        KeyProblem::Version(v) => KeyIssue::NotDkim(v),
        KeyProblem::NoKey | KeyProblem::BadBase64 => {
            KeyIssue::Unreadable(sig.algorithm.key_type().into())
        }
    })?;
    if key.public_key.is_empty() {
        return Err(KeyIssue::Revoked);
    }
    if key.key_type != sig.algorithm.key_type() {
        return Err(KeyIssue::WrongType {
            key: key.key_type,
            algorithm: sig.algorithm.key_type().to_string(),
        });
    }
    if !key.hashes.is_empty() && !key.hashes.iter().any(|h| h == sig.algorithm.hash_name()) {
        return Err(KeyIssue::Hash {
            allowed: key.hashes.join(":"),
            used: sig.algorithm.hash_name().to_string(),
        });
    }
    let public = PublicKey::read(&key.key_type, &key.public_key)
        .ok_or_else(|| KeyIssue::Unreadable(key.key_type.clone()))?;
    Ok((public, key.testing))
}

/// The bytes the signer hashed for `b=` (RFC 6376 §3.7): the fields `h=` names, each name
/// taking the last instance not used yet (a name with no instance left adds nothing), then the
/// signature field itself with `b=` emptied and no final line break.
fn signed_headers(sig: &Signature<'_>, message: &message::Message<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    for name in signature::tag(&sig.tags, "h")
        .unwrap_or_default()
        .split(':')
    {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let instances: Vec<&message::RawField<'_>> = message.named(name).collect();
        let taken = used.entry(name.to_ascii_lowercase()).or_insert(0);
        if let Some(index) = instances.len().checked_sub(*taken + 1)
            && let Some(field) = instances.get(index)
        {
            canon::header(field.raw, sig.header_canon, &mut out);
        }
        *taken += 1;
    }
    let mut own = Vec::new();
    canon::header(&canon::without_b(sig.raw), sig.header_canon, &mut own);
    if own.ends_with(b"\r\n") {
        own.truncate(own.len() - 2);
    }
    out.extend_from_slice(&own);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    /// A message whose one signature has `l=` and `bh=` computed over `signed`.
    fn message_with(signed: &[u8], length: usize, body: &str) -> String {
        message_signed(signed, &format!("l={length}; "), body)
    }

    fn message_signed(signed: &[u8], length: &str, body: &str) -> String {
        let bh = base64::engine::general_purpose::STANDARD
            .encode(crypto::digest(Algorithm::RsaSha256, signed));
        format!(
            "DKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; d=example.com; s=s;\n \
             h=from; {length}bh={bh}; b=AAAA\nFrom: a@example.com\n\n{body}"
        )
    }

    fn codes(text: &str) -> Vec<String> {
        let ranges = crate::analysis::message::mbox::messages(text);
        let mut out = Vec::new();
        check(text, &ranges, &KeySet::default(), &mut out);
        out.into_iter().map(|f| f.code.to_string()).collect()
    }

    #[test]
    fn from_lines_an_mbox_writer_escaped_still_match() {
        let signed = b"hello\r\nFrom the past\r\n";
        let envelope = "From sender@example.com Thu Dec  4 10:00:00 2025\n";
        let escaped = message_signed(signed, "", "hello\n>From the past\n");
        let mbox = format!("{envelope}{escaped}\n{envelope}{escaped}");
        assert_eq!(
            codes(&mbox),
            ["dkim-signature:body-hash-ok", "dkim-signature:body-hash-ok"]
        );
        // Outside an mbox, `>From ` is what the body says: it changed.
        assert_eq!(codes(&escaped), ["dkim-signature:body-changed"]);
    }

    #[test]
    fn a_signed_length_ending_inside_a_character_points_at_that_character() {
        let text = message_with(b"h\xc3", 2, "h\u{e9}llo\n");
        let mut out = Vec::new();
        check(
            &text,
            std::slice::from_ref(&(0..text.len())),
            &KeySet::default(),
            &mut out,
        );
        let unsigned = out
            .iter()
            .find(|f| f.code == "dkim-signature:unsigned-body")
            .unwrap_or_else(|| panic!("{out:?}"));
        assert_eq!(text.get(unsigned.span.clone()), Some("\u{e9}llo"));
        assert!(out.iter().any(|f| f.code == "dkim-signature:body-hash-ok"));
    }

    #[test]
    fn a_length_past_the_body_is_a_change_and_an_empty_unsigned_line_is_skipped() {
        let text = message_with(b"x", 500, "x\n");
        let mut out = Vec::new();
        check(
            &text,
            std::slice::from_ref(&(0..text.len())),
            &KeySet::default(),
            &mut out,
        );
        assert_eq!(
            out.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(),
            ["dkim-signature:body-changed"]
        );
        let text = message_with(b"one\r\n", 5, "one\n\n\ntwo\n");
        let mut out = Vec::new();
        check(
            &text,
            std::slice::from_ref(&(0..text.len())),
            &KeySet::default(),
            &mut out,
        );
        let unsigned = out
            .iter()
            .find(|f| f.code == "dkim-signature:unsigned-body")
            .unwrap_or_else(|| panic!("{out:?}"));
        assert_eq!(text.get(unsigned.span.clone()), Some("two"));
    }
}
