//! RFC 5322 messages, mbox files, bounces and delivery status notifications.
//!
//! A message is split into regions (mime.rs); status codes are scanned in the document's own text
//! and in the decoded text of encoded parts; then every source that names a failed recipient —
//! delivery-status blocks (dsn.rs), the human-readable bounce (bounce.rs), `X-Failed-Recipients`
//! — is merged into one verdict per recipient (verdict.rs).

mod address;
mod bounce;
mod dsn;
pub mod gate;
pub mod mbox;
pub(crate) mod mime;
pub mod reason;
mod verdict;

/// The catalog keys this part of the analysis names its sentences by.
pub(crate) const SENTENCE_KEYS: &[&[crate::sentence::KeyInfo]] = &[verdict::ALL];

use crate::delivery::{Action, Reason};
use std::collections::HashSet;
use std::ops::Range;

use super::{Finding, FindingKind, codes, fields};
use gate::MessageClass;
use mime::{Region, Role};
pub use verdict::{Candidate, Origin, Verdict, choose, is_generic, specificity};

/// Header fields whose addresses are the bounce's own parties, never failed recipients.
const OWN_PARTIES: &[&str] = &[
    "from",
    "to",
    "cc",
    "return-path",
    "sender",
    "reply-to",
    "delivered-to",
    "envelope-to",
];

/// The longest text analysed as one message; the rest of a huge paste is left alone.
const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

/// Analyses a whole message (or an mbox of several).
pub fn analyze(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for range in mbox::messages(text) {
        let end = range.end.min(range.start + MAX_MESSAGE_BYTES);
        let mut end = end;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if let Some(message) = text.get(range.start..end) {
            analyze_one(message, range.start, &mut out);
        }
    }
    out
}

/// One recipient being put together from every source that names it.
#[derive(Debug, Default)]
struct Pending {
    verdict: Verdict,
    /// Best span so far and its rank (lower is better: 0 DSN field, 1 body, 2 header).
    span: Option<(u8, Range<usize>)>,
    candidates: Vec<Candidate>,
    replies: Vec<u16>,
    body_diagnostic: Option<String>,
    context: String,
}

impl Pending {
    fn offer_span(&mut self, rank: u8, span: Range<usize>) {
        if self.span.as_ref().is_none_or(|(r, _)| rank < *r) {
            self.span = Some((rank, span));
        }
    }

    /// Adds what a bounce text says about this recipient; earlier sources keep their
    /// diagnostic and remote MTA.
    fn absorb(&mut self, found: bounce::BodyRecipient) {
        self.candidates.extend(found.candidates);
        self.replies.extend(found.replies);
        if self.body_diagnostic.is_none() {
            self.body_diagnostic = found.diagnostic;
        }
        if self.verdict.remote_mta.is_none() {
            self.verdict.remote_mta = found.remote_mta;
        }
        if self.verdict.original_recipient.is_none() {
            self.verdict.original_recipient = found.original;
        }
        self.context.push_str(&found.context);
    }
}

/// Recipients in the order they were first named.
#[derive(Debug, Default)]
struct Recipients(Vec<Pending>);

impl Recipients {
    fn entry(&mut self, address: &str) -> &mut Pending {
        let index = match self
            .0
            .iter()
            .position(|p| p.verdict.recipient.eq_ignore_ascii_case(address))
        {
            Some(index) => index,
            None => {
                self.0.push(Pending {
                    verdict: Verdict {
                        recipient: address.to_string(),
                        ..Verdict::default()
                    },
                    ..Pending::default()
                });
                self.0.len() - 1
            }
        };
        &mut self.0[index]
    }
}

fn analyze_one(doc: &str, base: usize, out: &mut Vec<Finding>) {
    let regions = mime::regions(doc);
    let class = gate::classify(&regions);
    let first_code = out.len();
    scan_codes(doc, base, &regions, out);
    if class != MessageClass::DeliveryReport {
        // A code quoted in ordinary mail, an auto-reply or a feedback report is explained on
        // hover, but nothing failed: it never shows as an error.
        for finding in &mut out[first_code..] {
            finding.severity = finding.severity.max(super::Severity::Information);
        }
        match class {
            MessageClass::AutoReply => read_auto_reply(doc, base, &regions, out),
            MessageClass::Feedback => read_feedback(doc, base, &regions, out),
            _ => {}
        }
        return;
    }

    let mut excluded = HashSet::new();
    let mut x_failed: Vec<(String, Range<usize>)> = Vec::new();
    let mut original_id = None;
    for region in &regions {
        if region.role != Role::Headers && region.role != Role::RfcHeaders {
            continue;
        }
        for field in fields::report(&region.text, true) {
            let own = region.depth == 0 && region.role == Role::Headers;
            if own && OWN_PARTIES.iter().any(|name| field.is(name)) {
                let value = field.content();
                for found in address::find_all(value) {
                    excluded.insert(value[found].to_ascii_lowercase());
                }
            }
            if own && field.is("x-failed-recipients") {
                let value = field.content();
                for found in address::find_all(value) {
                    let start = field.content_span().start + found.start;
                    let span = region.map(start..start + found.len(), doc);
                    x_failed.push((value[found].to_string(), span));
                }
            }
            let returned = region.depth > 0 || region.role == Role::RfcHeaders;
            if returned && original_id.is_none() && field.is("message-id") {
                original_id = Some(field.unfolded());
            }
        }
    }
    // The envelope sender a DSN names is the bounce's own party too.
    for region in regions
        .iter()
        .filter(|r| r.depth == 0 && r.role == Role::DeliveryStatus)
    {
        for field in fields::report(&region.text, false) {
            if field.is("x-postfix-sender") || field.is("x-original-sender") {
                let value = field.content();
                for found in address::find_all(value) {
                    excluded.insert(value[found].to_ascii_lowercase());
                }
            }
        }
    }
    for (address, _) in &x_failed {
        excluded.remove(&address.to_ascii_lowercase());
    }

    let report_depth = regions
        .iter()
        .filter(|r| r.role == Role::DeliveryStatus)
        .map(|r| r.depth)
        .min();
    let mut recipients = Recipients::default();
    let mut reporting_mta = None;
    for region in &regions {
        let dsn_shaped = match region.role {
            // Only this report's own DSN: one inside the returned message is history. A
            // gateway that wraps the whole report as an attachment leaves it one level down.
            Role::DeliveryStatus => Some(region.depth) == report_depth,
            Role::Text | Role::Headers if region.depth == 0 => {
                dsn::has_recipient_block(&region.text)
            }
            _ => false,
        };
        if dsn_shaped {
            read_dsn(doc, region, &mut recipients, &mut reporting_mta);
        }
    }
    let mut orphans = Vec::new();
    // With a DSN, its blocks list the recipients; the prose only tells more about them.
    let dsn_known = !recipients.0.is_empty();
    let mut unmatched = Vec::new();
    let has_plain = regions.iter().any(|r| r.depth == 0 && r.role == Role::Text);
    for region in &regions {
        if region.depth != 0 {
            continue;
        }
        match region.role {
            Role::Text => read_body(
                doc,
                region,
                &region.text,
                &excluded,
                &mut recipients,
                &mut orphans,
                dsn_known.then_some(&mut unmatched),
            ),
            Role::Html if !has_plain => {
                // Findings in the visible text map back to the HTML where its words are found.
                let place = match &region.place {
                    mime::Place::Verbatim(start) => mime::Place::Decoded {
                        anchor: first_line(doc, *start),
                        raw: *start..*start + region.text.len(),
                    },
                    decoded => decoded.clone(),
                };
                let decoded = Region {
                    role: Role::Text,
                    text: strip_html(&region.text).into(),
                    place,
                    depth: 0,
                };
                read_body(
                    doc,
                    &decoded,
                    &decoded.text,
                    &excluded,
                    &mut recipients,
                    &mut orphans,
                    dsn_known.then_some(&mut unmatched),
                );
            }
            _ => {}
        }
    }
    for (address, span) in x_failed {
        // Exim lists the address the sender wrote (a list, an alias); the report names the
        // final recipient "generated from" it, which is the same failure.
        let alias_of_known = recipients.0.iter().any(|p| {
            p.verdict
                .original_recipient
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(&address))
        });
        if !alias_of_known {
            recipients.entry(&address).offer_span(2, span);
        }
    }
    if let [only] = recipients.0.as_mut_slice() {
        for orphan in orphans {
            only.absorb(orphan);
        }
        // The prose named the recipient under another address (an alias, a forward): it is
        // the same recipient the DSN names.
        for found in unmatched {
            let alias = found.address.clone();
            only.absorb(found);
            if only.verdict.original_recipient.is_none()
                && !alias.eq_ignore_ascii_case(&only.verdict.recipient)
            {
                only.verdict.original_recipient = Some(alias);
            }
        }
        // A lone recipient named only in a header or a DSN field: the bounce's whole prose
        // speaks of it.
        if only.context.trim().is_empty() {
            only.context = prose(&regions);
        }
    }

    for mut pending in recipients.0 {
        let Some((_, span)) = pending.span.take() else {
            continue;
        };
        let verdict = &mut pending.verdict;
        if verdict.reporting_mta.is_none() {
            verdict.reporting_mta = reporting_mta.clone();
        }
        if verdict.diagnostic.is_none()
            && let Some(body) = &pending.body_diagnostic
        {
            verdict.set_diagnostic(body);
        }
        if verdict.action.is_none() {
            verdict.action = Some(Action::Failed);
        }
        tracing::trace!(
            recipient = %verdict.recipient,
            candidates = ?pending.candidates,
            replies = ?pending.replies,
            "recipient evidence"
        );
        verdict.decide_in(&pending.candidates, &pending.replies, &pending.context);
        let verdict = pending.verdict;
        out.push(verdict.into_finding(base + span.start..base + span.end, original_id.as_deref()));
    }
}

/// Scans the document's own text outside encoded bodies, then the decoded text of encoded parts.
fn scan_codes(doc: &str, base: usize, regions: &[Region<'_>], out: &mut Vec<Finding>) {
    let mut encoded: Vec<Range<usize>> = regions
        .iter()
        .filter_map(|r| match &r.place {
            mime::Place::Decoded { raw, .. } if !raw.is_empty() => Some(raw.clone()),
            _ => None,
        })
        .collect();
    encoded.sort_by_key(|r| r.start);
    let mut at = 0;
    for skip in encoded
        .iter()
        .chain(std::iter::once(&(doc.len()..doc.len())))
    {
        if skip.start > at
            && let Some(gap) = doc.get(at..skip.start)
        {
            codes::scan(gap, base + at, out);
        }
        at = at.max(skip.end);
    }
    for region in regions.iter().filter(|r| !r.is_verbatim()) {
        let mut found = Vec::new();
        codes::scan(&region.text, 0, &mut found);
        for mut finding in found {
            let mapped = region.map(finding.span.clone(), doc);
            let exact = doc.get(mapped.clone()) == region.text.get(finding.span.clone());
            if !exact {
                finding.text = Some(decoded_line(&region.text, finding.span.start).into());
            }
            finding.span = base + mapped.start..base + mapped.end;
            out.push(finding);
        }
    }
}

/// The decoded line around `at`, trimmed and capped, shown on hover for an anchored finding.
fn decoded_line(text: &str, at: usize) -> String {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let mut line = text[start..end].trim().to_string();
    if line.len() > 512 {
        let mut cut = 512;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        line.truncate(cut);
    }
    line
}

fn first_line(doc: &str, start: usize) -> Range<usize> {
    let len = doc
        .get(start..)
        .and_then(|rest| rest.split(['\r', '\n']).next())
        .map_or(0, str::len);
    start..start + len
}

fn read_dsn(
    doc: &str,
    region: &Region<'_>,
    recipients: &mut Recipients,
    reporting_mta: &mut Option<String>,
) {
    let (message, blocks) = dsn::parse(&region.text);
    if reporting_mta.is_none() {
        *reporting_mta = message.reporting_mta;
    }
    for block in blocks {
        let pending = recipients.entry(&block.recipient);
        pending.offer_span(0, region.map(block.recipient_span.clone(), doc));
        let verdict = &mut pending.verdict;
        if verdict.action.is_none() {
            verdict.action = block.action;
        }
        if verdict.original_recipient.is_none() {
            verdict.original_recipient = block.original.clone();
        }
        if verdict.remote_mta.is_none() {
            verdict.remote_mta = block.remote_mta.clone();
        }
        if verdict.will_retry_until.is_none() {
            verdict.will_retry_until = block.will_retry_until.clone();
        }
        if let Some((status, _)) = &block.status {
            pending.candidates.push(Candidate {
                code: status.clone(),
                reply: None,
                origin: Origin::StatusField,
            });
        }
        if let (Some(diagnostic), Some(span)) = (&block.diagnostic, &block.diagnostic_span) {
            if pending.verdict.diagnostic.is_none() {
                pending.verdict.set_diagnostic(diagnostic);
            }
            let mut found = Vec::new();
            if let Some(raw) = region.text.get(span.clone()) {
                codes::scan(raw, 0, &mut found);
            }
            for finding in found {
                match finding.kind {
                    FindingKind::StatusCode => pending.candidates.push(Candidate {
                        code: finding.code.to_string(),
                        reply: finding.reply,
                        origin: Origin::Diagnostic,
                    }),
                    FindingKind::ReplyCode => pending.replies.extend(finding.reply),
                    _ => {}
                }
            }
            pending.context.push_str(diagnostic);
            pending.context.push('\n');
        }
    }
}

fn read_body(
    doc: &str,
    region: &Region<'_>,
    text: &str,
    excluded: &HashSet<String>,
    recipients: &mut Recipients,
    orphans: &mut Vec<bounce::BodyRecipient>,
    mut unmatched: Option<&mut Vec<bounce::BodyRecipient>>,
) {
    let report = bounce::read(text, excluded);
    if !report.orphans.candidates.is_empty() || !report.orphans.replies.is_empty() {
        orphans.push(report.orphans);
    }
    for found in report.recipients {
        let known = recipients.0.iter().any(|p| {
            p.verdict.recipient.eq_ignore_ascii_case(&found.address)
                || p.verdict
                    .original_recipient
                    .as_deref()
                    .is_some_and(|o| o.eq_ignore_ascii_case(&found.address))
        });
        if !known && let Some(unmatched) = unmatched.as_deref_mut() {
            unmatched.push(found);
            continue;
        }
        let found = match recipients.0.iter().position(|p| {
            p.verdict
                .original_recipient
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(&found.address))
                && !p.verdict.recipient.eq_ignore_ascii_case(&found.address)
        }) {
            // The prose names the alias the DSN gives as Original-Recipient.
            Some(index) => {
                let pending = &mut recipients.0[index];
                pending.absorb(found);
                continue;
            }
            None => found,
        };
        let pending = recipients.entry(&found.address);
        pending.offer_span(1, region.map(found.span.clone(), doc));
        pending.absorb(found);
        if pending.verdict.action.is_none() && report.delayed {
            pending.verdict.action = Some(Action::Delayed);
        }
    }
}

/// The opening of the bounce's own text parts, up to the returned copy and 4 KiB each.
fn prose(regions: &[Region<'_>]) -> String {
    let mut out = String::new();
    for region in regions
        .iter()
        .filter(|r| r.depth == 0 && r.role == Role::Text)
    {
        let end = bounce::returned_copy_start(&region.text);
        out.extend(region.text[..end].chars().take(4096));
        out.push('\n');
    }
    out
}

/// An automatic reply: the one who answered is the recipient, and the message reached them.
fn read_auto_reply(doc: &str, base: usize, regions: &[Region<'_>], out: &mut Vec<Finding>) {
    let Some(headers) = regions
        .iter()
        .find(|r| r.depth == 0 && r.role == Role::Headers)
    else {
        return;
    };
    let Some(field) = fields::report(&headers.text, true)
        .into_iter()
        .find(|f| f.is("from"))
    else {
        return;
    };
    let Some(raw) = headers.text.get(field.content_span()) else {
        return;
    };
    let Some(found) = address::find_all(raw).into_iter().next() else {
        return;
    };
    let start = field.content_span().start + found.start;
    let span = headers.map(start..start + found.len(), doc);
    let verdict = Verdict {
        recipient: raw[found].to_string(),
        action: Some(Action::AutoReplied),
        reason: Some(Reason::Vacation),
        ..Verdict::default()
    };
    out.push(verdict.into_finding(base + span.start..base + span.end, None));
}

/// A feedback (abuse) report: each original recipient it names gets a `feedback` verdict.
fn read_feedback(doc: &str, base: usize, regions: &[Region<'_>], out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for region in regions
        .iter()
        .filter(|r| r.depth == 0 && r.role == Role::Text)
    {
        for field in fields::report(&region.text, false) {
            if !(field.is("original-rcpt-to") || field.is("removal-recipient")) {
                continue;
            }
            let Some(raw) = region.text.get(field.content_span()) else {
                continue;
            };
            for found in address::find_all(raw) {
                let address = raw[found.clone()].to_string();
                if !seen.insert(address.to_ascii_lowercase()) {
                    continue;
                }
                let start = field.content_span().start + found.start;
                let span = region.map(start..start + found.len(), doc);
                let verdict = Verdict {
                    recipient: address,
                    action: Some(Action::Feedback),
                    reason: Some(Reason::Feedback),
                    ..Verdict::default()
                };
                out.push(verdict.into_finding(base + span.start..base + span.end, None));
            }
        }
    }
}

/// The visible text of an HTML part: tags dropped, line breaks kept, common entities decoded.
fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        let tag = rest[open + 1..open + close].to_ascii_lowercase();
        if tag.starts_with("br")
            || tag.starts_with("/p")
            || tag.starts_with("/div")
            || tag.starts_with("/tr")
            || tag.starts_with("/li")
            || tag.starts_with("p") && tag.len() <= 2
        {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}
