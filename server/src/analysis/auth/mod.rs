//! Authentication and anti-spam headers: Authentication-Results (and its ARC and Microsoft
//! copies), Received-SPF, DKIM-Signature, the ARC set, and the Microsoft / SpamAssassin stamps.
//!
//! Every header block of the text is read (the message's own, an attached original message's, a
//! pasted one), so a bounce shows both the bounce's and the original's verdicts. Each verdict
//! becomes a finding whose code is the catalog key (`dmarc=fail`, `received-spf=softfail`,
//! `compauth-reason=000`, `dmarc-action=oreject`) and whose span is the verdict token.
//!
//! # Codes
//!
//! - verdicts: `<method>=<result>` (`spf=fail`, `x-tls=pass` for an unknown method) and
//!   `received-spf=<result>`, with `compauth-reason=<code or class>` on a compauth `reason=` and
//!   `dmarc-action=<value>` on Microsoft's `action=`;
//! - whole fields: `authentication-results`, `arc-authentication-results`,
//!   `authentication-results-original`, `dkim-signature`, `arc-seal`, `arc-message-signature`;
//! - signature tags: `dkim-signature-tag:<tag>` (and `arc-seal-tag:`, `arc-message-signature-tag:`),
//!   or the problem found in the tag: `dkim-signature:rsa-sha1`, `:body-length`, `:expired`,
//!   `:x-before-t`, `:future`, `:from-not-signed`, `:not-aligned`, `:missing-tag`,
//!   `:duplicate-tag`, `:version`, `arc-seal:cv=fail` / `cv=none` / `cv=pass`;
//! - DKIM checked offline ([`dkim`]): `dkim-signature:body-hash-ok` / `:body-changed` on `bh=`,
//!   `:added-after-signing` and `:unsigned-body` on the body, `:verified`, `:headers-verified`,
//!   `:does-not-verify` and `:key-unusable` on `b=` (and the same under `arc-message-signature:`);
//! - ARC numbering: `arc:instance-gap`, `arc:duplicate-instance`, `arc:incomplete-set`,
//!   `arc:instance-range`;
//! - stamps: `<key>=<value>` for keys with a fixed vocabulary (`scl=5`, `sfv=spm`, `dest=j`),
//!   `<key>` otherwise (`cip`, `sfs`), `x-spam-status=yes`, `x-spam-flag=yes`,
//!   `spamassassin:<RULE>`;
//! - `limit:auth-fields` when a document has more fields than are analysed.
//!
//! # Severities
//!
//! Severities follow what the recipient's admin has to act on:
//!
//! - **Error**: `dmarc=fail` and `compauth=fail`. They decide the message's fate (junked,
//!   quarantined or rejected) and are what a spoofing or misconfiguration question turns on.
//! - **Warning**: the other failures, `fail`/`hardfail`, `softfail`, `permerror`, `temperror` and
//!   `policy` of spf, dkim, arc, iprev and auth: they explain a DMARC failure or point at a record
//!   to fix. An SPF or DKIM failure in a field whose DMARC (or compauth) passed drops to
//!   Information, since delivery no longer depends on it. Signature and ARC chain problems that
//!   make receivers reject the signature (`a=rsa-sha1`, `h=` without From, `x=` already past,
//!   missing tags, `cv=fail`, `cv=none` after instance 1, numbering gaps) are warnings too; the
//!   verdict in Authentication-Results carries the failure itself.
//! - **Information**: `none`, `neutral` and other non-verdicts, any BIMI result but a pass, a
//!   `d=` not aligned with From and a `t=` more than an hour after `Date:` (they do not break
//!   verification), and the anti-spam verdicts SCL 5 and up, BCL 6 and up, `SFV:SPM`/`SFV:BLK`
//!   and SpamAssassin's `Yes`.
//! - **Hint** (no diagnostic, still hoverable): passes, unknown methods, each signature tag,
//!   each results field as a whole, and every other anti-spam key, decoded on hover.
//!
//! Copies of an earlier hop's results (`ARC-Authentication-Results`,
//! `Authentication-Results-Original`) are one step milder: the verdict that counts is the
//! receiving server's own.
//!
//! Which authserv-ids are trusted is a setting the analysis does not see: each finding carries
//! the authserv-id in [`AuthDetail::authserv_id`] for the LSP layer to judge.

pub mod align;
pub mod antispam;
pub mod arc;
mod cursor;
pub mod detail;
pub mod dkim;
pub mod keys;
pub mod results;
pub mod signature;
pub mod spf;
pub mod stamps;
pub mod verdict;

use std::ops::Range;

pub use detail::{AuthDetail, Subject};

use super::fields::{self, Field};
use super::{Detail, Finding, FindingKind, Severity};
use signature::SigField;
use verdict::{Origin, Verdict};

/// Relevant fields read from one document (about fifteen hundred messages of an mbox); beyond,
/// the rest of the document is skipped and a limit finding says so.
pub const MAX_FIELDS: usize = 16_384;

/// The fields the analysis reads besides the authentication and stamp fields.
const CONTEXT_FIELDS: &[&str] = &["From", "Date"];

fn relevant(name: &str) -> bool {
    CONTEXT_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(name))
        || Origin::from_field(name).is_some()
        || SigField::from_name(name).is_some()
        || antispam::is_stamp_field(name)
        || stamps::is_vendor_field(name)
}

/// Analyses the authentication headers of every header block of a message.
pub fn analyze(text: &str) -> Vec<Finding> {
    analyze_with(text, &dkim::KeySet::default())
}

/// [`analyze`], verifying DKIM signatures with `keys` (the body hashes are checked either way).
pub fn analyze_with(text: &str, keys: &dkim::KeySet) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut block: Vec<Field> = Vec::new();
    for (seen, field) in fields::every(text).filter(|f| relevant(f.name)).enumerate() {
        if seen >= MAX_FIELDS {
            let detail = AuthDetail::new(field.name, Subject::Limit { max: MAX_FIELDS });
            out.push(finding(
                field.name_span(),
                FindingKind::Limit,
                "limit:auth-fields".into(),
                Severity::Information,
                detail,
            ));
            break;
        }
        if block.first().is_some_and(|f| f.block != field.block) {
            analyze_block(&block, &mut out);
            block.clear();
        }
        block.push(field);
    }
    analyze_block(&block, &mut out);
    dkim::check(text, &super::message::mbox::messages(text), keys, &mut out);
    out
}

/// What every field of a block may need to know about the others.
struct Block {
    from: Option<String>,
    context: signature::Context,
    /// `(signing domain, selector)` of the block's DKIM signatures.
    selectors: Vec<(String, String)>,
    /// The message went through a forwarder or list (ARC seals, Microsoft's copy of results).
    forwarded: bool,
    arc: Vec<arc::Member>,
}

fn analyze_block(fields: &[Field], out: &mut Vec<Finding>) {
    if fields.is_empty() {
        return;
    }
    let from = fields
        .iter()
        .find(|f| f.is("From"))
        .and_then(|f| address_domain(f.value));
    let date = fields
        .iter()
        .find(|f| f.is("Date"))
        .and_then(|f| mail_parser::DateTime::parse_rfc822(f.value.trim()))
        .map(|d| d.to_timestamp());
    let mut block = Block {
        context: signature::Context {
            date,
            from: from.clone(),
        },
        from,
        selectors: Vec::new(),
        forwarded: fields
            .iter()
            .any(|f| f.is("ARC-Seal") || f.is("Authentication-Results-Original")),
        arc: Vec::new(),
    };
    for field in fields {
        if let Some(sig) = SigField::from_name(field.name) {
            signature_findings(field, sig, &mut block, out);
        }
    }
    for field in fields {
        match Origin::from_field(field.name) {
            Some(Origin::ReceivedSpf) => received_spf(field, out),
            Some(origin) => results_findings(field, origin, &mut block, out),
            None if antispam::is_stamp_field(field.name) => stamp_findings(field, out),
            None if stamps::is_vendor_field(field.name) => vendor_findings(field, out),
            None => {}
        }
    }
    delivery_findings(fields, out);
    for (span, kind, problem) in arc::check(&block.arc) {
        let detail = AuthDetail::new(kind, Subject::Chain(problem.clone()));
        out.push(finding(
            span,
            FindingKind::Auth,
            problem.code(SigField::ArcSeal),
            problem.severity(),
            detail,
        ));
    }
}

fn finding(
    span: Range<usize>,
    kind: FindingKind,
    code: String,
    severity: Severity,
    detail: AuthDetail,
) -> Finding {
    let mut finding = Finding::new(span, kind, code, severity);
    finding.detail = Some(Detail::Auth(Box::new(detail)));
    finding
}

/// The domain of the address in a `From:` value (`"Name" <user@example.com>`).
fn address_domain(value: &str) -> Option<String> {
    let address = match (value.rfind('<'), value.rfind('>')) {
        (Some(open), Some(close)) if open < close => value.get(open + 1..close)?,
        _ => value.split_whitespace().find(|w| w.contains('@'))?,
    };
    if !address.contains('@') {
        return None;
    }
    align::domain_of(address)
}

fn signature_findings(field: &Field, sig: SigField, block: &mut Block, out: &mut Vec<Finding>) {
    let tags = signature::tags(field.value, field.value_start);
    let checked = signature::check(sig, &tags, &block.context);
    let domain = signature::tag(&tags, "d").and_then(align::domain_of);
    let selector = signature::tag(&tags, "s").map(str::to_string);
    let instance_tag = tags.iter().find(|t| t.name == "i");
    let instance = match sig {
        SigField::Dkim => None,
        _ => instance_tag.and_then(|t| t.value.parse::<u32>().ok()),
    };
    if sig != SigField::Dkim {
        block.arc.push(arc::Member {
            kind: match sig {
                SigField::ArcSeal => arc::SEAL,
                _ => arc::MESSAGE_SIGNATURE,
            },
            instance,
            span: instance_tag.map_or_else(|| field.name_span(), |t| t.span.clone()),
        });
    }
    let lookup: Vec<String> = match (&domain, &selector) {
        (Some(d), Some(s)) => verdict::dkim_lookup(s, d)
            .into_iter()
            .chain(verdict::dkim_save(s, d))
            .collect(),
        _ => Vec::new(),
    };
    if sig == SigField::Dkim
        && let (Some(d), Some(s)) = (&domain, &selector)
    {
        block.selectors.push((d.clone(), s.clone()));
    }

    let (code, severity) = match checked.field.first() {
        Some(problem) => (problem.code(sig), problem.severity()),
        None => (sig.code_prefix().to_string(), Severity::Hint),
    };
    let mut detail = AuthDetail::new(
        field.name,
        Subject::Signature {
            field: sig,
            domain: domain.clone(),
            selector: selector.clone(),
            problems: checked.field.clone(),
        },
    );
    detail.instance = instance;
    detail.dns_lookups.extend(lookup.clone());
    out.push(finding(
        field.name_span(),
        FindingKind::Auth,
        code,
        severity,
        detail,
    ));

    for (tag, problem) in tags.iter().zip(checked.tags) {
        let (code, severity) = match &problem {
            Some(problem) => (problem.code(sig), problem.severity()),
            None => (
                format!("{}-tag:{}", sig.code_prefix(), tag.name),
                Severity::Hint,
            ),
        };
        let mut detail = AuthDetail::new(
            field.name,
            Subject::Tag {
                field: sig,
                tag: tag.clone(),
                problem,
            },
        );
        detail.instance = instance;
        if matches!(tag.name.as_str(), "s" | "d") {
            detail.dns_lookups.extend(lookup.clone());
        }
        out.push(finding(
            tag.span.clone(),
            FindingKind::Auth,
            code,
            severity,
            detail,
        ));
    }
}

fn results_findings(field: &Field, origin: Origin, block: &mut Block, out: &mut Vec<Finding>) {
    let parsed = results::parse(field.value, field.value_start, origin == Origin::ArcCopy);
    let authserv_id = parsed.authserv_id.as_ref().map(|a| a.text.clone());
    let instance = parsed.instance.as_ref().map(|i| i.0);
    if origin == Origin::ArcCopy {
        block.arc.push(arc::Member {
            kind: arc::RESULTS,
            instance,
            span: parsed
                .instance
                .as_ref()
                .map_or_else(|| field.name_span(), |i| i.1.clone()),
        });
    }
    let mut summary = AuthDetail::new(
        field.name,
        Subject::ResultsField {
            results: parsed
                .results
                .iter()
                .map(|r| format!("{}={}", r.method, r.result))
                .collect(),
            no_result: parsed.no_result,
        },
    );
    summary.authserv_id = authserv_id.clone();
    summary.instance = instance;
    out.push(finding(
        field.name_span(),
        FindingKind::Auth,
        field.name.to_ascii_lowercase(),
        Severity::Hint,
        summary,
    ));

    let dmarc_passed = verdict::dmarc_passed(&parsed);
    let forwarded = block.forwarded
        || parsed
            .results
            .iter()
            .any(|r| r.method == "arc" && r.result != "none");
    for result in &parsed.results {
        let mut verdict = Verdict::from_result(result, origin);
        if matches!(result.method.as_str(), "dmarc" | "compauth") {
            verdict.alignment = align::reason(result, &parsed, block.from.as_deref());
        }
        let mut detail = AuthDetail::new(field.name, Subject::Verdict(Box::new(verdict.clone())));
        detail.authserv_id = authserv_id.clone();
        detail.instance = instance;
        detail.dns_lookups = verdict::lookups(result, verdict.alignment.as_ref(), &block.selectors);
        if let Some(alignment) = &verdict.alignment {
            detail.causes = alignment
                .causes(forwarded)
                .into_iter()
                .map(str::to_string)
                .collect();
        }
        let mut main = finding(
            result.span.clone(),
            FindingKind::Auth,
            verdict.code(),
            verdict.severity(dmarc_passed),
            detail.clone(),
        );
        main.text = verdict.text().map(Into::into);
        out.push(main);

        // The compauth reason and Microsoft's DMARC action have catalog entries of their own.
        if result.method == "compauth"
            && let Some(reason) = &result.reason
            && let Some(code) = keys::verdict::compauth_reason_key(&reason.text)
        {
            out.push(finding(
                reason.span.clone(),
                FindingKind::Auth,
                code,
                Severity::Hint,
                detail.clone(),
            ));
        }
        if result.method == "dmarc"
            && let Some(action) = result.find_property("action")
            && keys::verdict::dmarc_action(&action.value.to_ascii_lowercase()).is_some()
        {
            out.push(finding(
                action.span.clone(),
                FindingKind::Auth,
                format!("dmarc-action={}", action.value.to_ascii_lowercase()),
                Severity::Hint,
                detail,
            ));
        }
    }
}

fn received_spf(field: &Field, out: &mut Vec<Finding>) {
    let Some(spf) = spf::parse(field.value, field.value_start) else {
        return;
    };
    if !spf::is_result(&spf.result) {
        return;
    }
    let verdict = Verdict {
        method: "spf".into(),
        result: spf.result.clone(),
        reason: None,
        comment: spf.comment.clone(),
        properties: spf.pairs.clone(),
        origin: Origin::ReceivedSpf,
        alignment: None,
    };
    let receiver = spf.get("receiver").map(str::to_string).or_else(|| {
        let comment = spf.comment.as_deref()?;
        let (host, _) = comment.split_once(':')?;
        align::domain_of(host).filter(|_| !host.contains(' '))
    });
    let mut detail = AuthDetail::new(field.name, Subject::Verdict(Box::new(verdict.clone())));
    detail.authserv_id = receiver;
    if let Some(domain) = spf.checked_domain() {
        detail.dns_lookups.push(format!("dig +short TXT {domain}"));
    }
    let mut found = finding(
        spf.result_span.clone(),
        FindingKind::Auth,
        verdict.code(),
        verdict.severity(false),
        detail,
    );
    found.text = verdict.text().map(Into::into);
    out.push(found);
}

fn stamp_findings(field: &Field, out: &mut Vec<Finding>) {
    for (span, stamp) in antispam::parse(field.name, field.value, field.value_start) {
        let code = stamp.code();
        let severity = stamp.severity();
        out.push(finding(
            span,
            FindingKind::AntiSpam,
            code,
            severity,
            AuthDetail::new(field.name, Subject::Stamp(stamp)),
        ));
    }
}

fn vendor_findings(field: &Field, out: &mut Vec<Finding>) {
    for (span, stamp) in stamps::parse(
        field.name,
        field.name_span(),
        field.value,
        field.value_start,
    ) {
        let code = stamp.code();
        let severity = stamp.severity();
        out.push(finding(
            span,
            FindingKind::AntiSpam,
            code,
            severity,
            AuthDetail::new(field.name, Subject::Vendor(stamp)),
        ));
    }
}

/// "Why did it go to Junk?": one information finding on each Mailbox-Delivery field, read with
/// the block's own (not `-Untrusted`) Microsoft stamps.
fn delivery_findings(fields: &[Field], out: &mut Vec<Finding>) {
    let trusted = |f: &&Field| {
        f.is("X-Forefront-Antispam-Report")
            || f.is("X-Microsoft-Antispam")
            || f.is("X-MS-Exchange-Organization-SCL")
    };
    let others: Vec<antispam::Stamp> = fields
        .iter()
        .filter(trusted)
        .flat_map(|f| antispam::parse(f.name, f.value, f.value_start))
        .map(|(_, stamp)| stamp)
        .collect();
    for field in fields
        .iter()
        .filter(|f| f.is("X-Microsoft-Antispam-Mailbox-Delivery"))
    {
        let mailbox: Vec<antispam::Stamp> =
            antispam::parse(field.name, field.value, field.value_start)
                .into_iter()
                .map(|(_, stamp)| stamp)
                .collect();
        if !mailbox.iter().any(|s| s.key == "dest") {
            continue;
        }
        let delivery = stamps::mailbox::read(&mailbox, &others);
        out.push(finding(
            field.name_span(),
            FindingKind::AntiSpam,
            delivery.code(),
            Severity::Information,
            AuthDetail::new(field.name, Subject::Delivery(Box::new(delivery))),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_addresses_with_display_names() {
        assert_eq!(
            address_domain(" \"a@evil.example\" <User@Example.COM>"),
            Some("example.com".into())
        );
        assert_eq!(
            address_domain(" admin@o365e.onmicrosoft.com"),
            Some("o365e.onmicrosoft.com".into())
        );
        assert_eq!(address_domain(" Undisclosed recipients:;"), None);
    }
}
