//! RFC 3464 delivery-status fields: the per-message block (Reporting-MTA, Arrival-Date, vendor
//! fields) and one block per recipient (Final-Recipient, Action, Status, Remote-MTA,
//! Diagnostic-Code …). The same reader serves `message/delivery-status` parts and the DSN-shaped
//! field blocks some services paste into their plain-text bounces.

use crate::delivery::Action;
use std::ops::Range;

use super::address;
use crate::analysis::codes;
use crate::analysis::fields::{self, Field};

/// Fields that name the recipient of a block.
const RECIPIENT_FIELDS: &[&str] = &[
    "final-recipient",
    "original-recipient",
    "x-actual-recipient",
];

/// Fields that only a per-recipient block carries.
const RECIPIENT_FACTS: &[&str] = &["action", "status", "diagnostic-code", "remote-mta"];

/// What the per-message block says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFields {
    pub reporting_mta: Option<String>,
    pub queue_id: Option<String>,
}

/// One recipient's block. Spans are relative to the text it was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecipientBlock {
    pub recipient: String,
    pub recipient_span: Range<usize>,
    pub original: Option<String>,
    pub action: Option<Action>,
    /// The enhanced code of the `Status` field, with its span.
    pub status: Option<(String, Range<usize>)>,
    pub remote_mta: Option<String>,
    /// The diagnostic as written (type prefix included), unfolded.
    pub diagnostic: Option<String>,
    /// Where the raw diagnostic value sits.
    pub diagnostic_span: Option<Range<usize>>,
    pub will_retry_until: Option<String>,
}

/// Reads every field block of `text` and returns the per-message facts and the recipient blocks.
pub fn parse(text: &str) -> (MessageFields, Vec<RecipientBlock>) {
    let mut message = MessageFields::default();
    let mut recipients = Vec::new();
    for block in blocks(text) {
        for field in &block {
            if field.is("reporting-mta") && message.reporting_mta.is_none() {
                message.reporting_mta = Some(strip_type(&field.unfolded()).to_string());
            } else if field.is("x-postfix-queue-id") && message.queue_id.is_none() {
                message.queue_id = Some(field.unfolded());
            }
        }
        for group in recipient_groups(&block) {
            if let Some(recipient) = recipient_block(text, &group) {
                recipients.push(recipient);
            }
        }
    }
    (message, recipients)
}

/// True when `text` holds at least one recipient block, which is how a DSN pasted into a text
/// part is told from prose.
pub fn has_recipient_block(text: &str) -> bool {
    let lower_has = |needle: &str| {
        text.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    (lower_has("final-recipient:") || lower_has("original-recipient:"))
        && (lower_has("\nstatus:") || lower_has("\naction:") || lower_has("diagnostic-code:"))
}

/// Field blocks separated by blank lines.
fn blocks(text: &str) -> Vec<Vec<Field<'_>>> {
    let mut out: Vec<Vec<Field<'_>>> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for field in fields::report(text, false) {
        let gap = previous_end.and_then(|end| text.get(end..field.span().start));
        let separated = gap.is_none_or(|gap| gap.matches('\n').count() >= 2);
        previous_end = Some(field.span().end);
        match out.last_mut() {
            Some(block) if !separated => block.push(field),
            _ => out.push(vec![field]),
        }
    }
    out
}

/// Splits a block at each new recipient field, for generators that forget the blank line
/// between recipients; fields before the first recipient field belong to the first group.
fn recipient_groups<'b, 't>(block: &'b [Field<'t>]) -> Vec<Vec<&'b Field<'t>>> {
    let mut groups: Vec<Vec<&Field<'t>>> = vec![Vec::new()];
    for field in block {
        let is_recipient = RECIPIENT_FIELDS.iter().any(|n| field.is(n));
        if is_recipient
            && let Some(current) = groups.last()
            && current
                .iter()
                .any(|f| f.name.eq_ignore_ascii_case(field.name))
        {
            groups.push(Vec::new());
        }
        if let Some(current) = groups.last_mut() {
            current.push(field);
        }
    }
    groups
}

fn recipient_block(text: &str, group: &[&Field<'_>]) -> Option<RecipientBlock> {
    let has_facts = group
        .iter()
        .any(|f| RECIPIENT_FACTS.iter().any(|n| f.is(n)));
    if !has_facts {
        return None;
    }
    // The first recipient field that holds an Internet address, a file or a program: an X.400
    // `Final-Recipient` or one on a host with no domain (`bob@sims-ms-daemon`) is a gateway's
    // internal name, and the `Original-Recipient` after it is the address the sender wrote.
    let (recipient, recipient_span) = RECIPIENT_FIELDS
        .iter()
        .filter_map(|name| group.iter().find(|f| f.is(name)))
        .find_map(|field| address_in(text, field).or_else(|| local_target_in(text, field)))?;
    let mut block = RecipientBlock {
        recipient,
        recipient_span,
        ..RecipientBlock::default()
    };
    for field in group {
        let value = || field.unfolded();
        if field.is("original-recipient") || field.is("x-actual-recipient") {
            let alias = address_in(text, field).map(|(a, _)| a);
            let differs = alias
                .as_deref()
                .is_some_and(|a| !a.eq_ignore_ascii_case(&block.recipient));
            if differs && (block.original.is_none() || field.is("original-recipient")) {
                block.original = alias;
            }
        } else if field.is("action") {
            block.action = action_of(&value());
        } else if field.is("status") {
            block.status = status_in(text, field);
        } else if field.is("remote-mta") {
            let value = value();
            let host = strip_type(&value)
                .split([' ', '('])
                .next()
                .unwrap_or_default()
                .trim_end_matches('.');
            block.remote_mta = (!host.is_empty()).then(|| host.to_string());
        } else if field.is("diagnostic-code") {
            block.diagnostic = Some(value());
            block.diagnostic_span = Some(field.content_span());
        } else if field.is("will-retry-until") {
            block.will_retry_until = Some(value());
        }
    }
    Some(block)
}

/// `rfc822; bob@example.com` → the address and where it is.
fn address_in(text: &str, field: &Field<'_>) -> Option<(String, Range<usize>)> {
    let raw = text.get(field.content_span())?;
    let found = address::find_all(raw).into_iter().next()?;
    let span = field.content_span().start + found.start..field.content_span().start + found.end;
    Some((raw[found].to_string(), span))
}

/// The RFC 3464 action an `Action` value stands for. Generators write `failure`, `error` or
/// `failed (Bad destination mailbox address)` for `failed`; a word that is none of the five
/// actions is no action, and the status decides.
fn action_of(value: &str) -> Option<Action> {
    let lower = value.trim().to_ascii_lowercase();
    let word = lower
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    const ACTIONS: &[(&str, Action)] = &[
        ("fail", Action::Failed),
        ("error", Action::Failed),
        ("undeliver", Action::Failed),
        ("delay", Action::Delayed),
        ("deliver", Action::Delivered),
        ("relay", Action::Relayed),
        ("expand", Action::Expanded),
    ];
    ACTIONS
        .iter()
        .find(|(prefix, _)| word.starts_with(prefix))
        .map(|(_, action)| *action)
}

/// A recipient that is a file or a program (`X-Unix; /var/mail/bob`, `x-unix; |/usr/bin/procmail`).
/// An X.400 address (`x400; /S=bob/OU=sales/`) starts with a slash too, but names a mailbox.
fn local_target_in(text: &str, field: &Field<'_>) -> Option<(String, Range<usize>)> {
    let raw = text.get(field.content_span())?;
    if raw
        .trim_start()
        .get(..4)
        .is_some_and(|kind| kind.eq_ignore_ascii_case("x400"))
    {
        return None;
    }
    let value = strip_type(raw);
    if !value.starts_with(['/', '|']) {
        return None;
    }
    let target = value.split_whitespace().next()?;
    let offset = raw.find(target)?;
    let start = field.content_span().start + offset;
    Some((target.to_string(), start..start + target.len()))
}

/// The enhanced code at the start of a `Status` value (`5.1.1 (Remote SMTP server …)`).
fn status_in(text: &str, field: &Field<'_>) -> Option<(String, Range<usize>)> {
    let start = field.content_span().start;
    let token = codes::code_at(text.as_bytes(), start)?;
    Some((
        text[token.start..token.end].to_string(),
        token.start..token.end,
    ))
}

/// `dns; mx.example.com` → `mx.example.com`.
pub fn strip_type(value: &str) -> &str {
    match value.split_once(';') {
        Some((kind, rest)) if !kind.contains(' ') => rest.trim(),
        _ => value.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_recipient_block_is_read() {
        let text = "Reporting-MTA: dns; mx.example.com\nX-Postfix-Queue-ID: 4XkQ1R\n\n\
            Final-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.0.0\n\
            Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>:\n    User unknown\n\n\
            Final-Recipient: rfc822; ann@example.net\nAction: delayed\nStatus: 4.4.7\n";
        let (message, recipients) = parse(text);
        assert_eq!(message.reporting_mta.as_deref(), Some("mx.example.com"));
        assert_eq!(message.queue_id.as_deref(), Some("4XkQ1R"));
        assert_eq!(recipients.len(), 2);
        assert_eq!(recipients[0].recipient, "bob@example.net");
        assert_eq!(
            &text[recipients[0].recipient_span.clone()],
            "bob@example.net"
        );
        assert_eq!(
            recipients[0].diagnostic.as_deref(),
            Some("smtp; 550 5.1.1 <bob@example.net>: User unknown")
        );
        assert_eq!(recipients[1].action, Some(Action::Delayed));
        assert_eq!(
            recipients[1].status.as_ref().map(|s| s.0.as_str()),
            Some("4.4.7")
        );
    }

    #[test]
    fn fields_in_any_order_and_without_blank_lines() {
        let text = "Diagnostic-Code: smtp; 550 5.1.1 no such user\nStatus: 5.1.1\n\
            Final-Recipient: rfc822; a@example.com\nAction: failed\n\
            Final-Recipient: rfc822; b@example.com\nAction: failed\nStatus: 5.2.2\n";
        let (_, recipients) = parse(text);
        assert_eq!(recipients.len(), 2);
        assert_eq!(
            recipients[0].status.as_ref().map(|s| s.0.as_str()),
            Some("5.1.1")
        );
        assert_eq!(recipients[1].recipient, "b@example.com");
    }

    #[test]
    fn a_file_or_pipe_recipient_is_read() {
        let text =
            "Final-Recipient: X-Unix; |/usr/bin/procmail -t\nAction: failed\nStatus: 5.2.4\n";
        let (_, recipients) = parse(text);
        assert_eq!(recipients.len(), 1);
        assert_eq!(recipients[0].recipient, "|/usr/bin/procmail");
    }

    #[test]
    fn a_gateway_name_gives_way_to_the_address_the_sender_wrote() {
        let x400 = "Original-Recipient: rfc822; ann@example.uk\n\
            Final-Recipient: x400; /S=ann/OU=example/PRMD=UK.AC/ADMD= /C=GB/\n\
            Action: failed\nStatus: 4.4.7\n";
        let (_, recipients) = parse(x400);
        assert_eq!(recipients.len(), 1);
        assert_eq!(recipients[0].recipient, "ann@example.uk");
        assert_eq!(recipients[0].original, None);

        let internal = "Action: failed\nStatus: 5.0.0\n\
            Original-recipient: rfc822;bob@example.com\n\
            Final-recipient: rfc822;bob@sims-ms-daemon\n";
        let (_, recipients) = parse(internal);
        assert_eq!(recipients[0].recipient, "bob@example.com");
    }

    #[test]
    fn actions_are_read_as_the_five_rfc_3464_words() {
        let actions: Vec<Option<Action>> = [
            "failure",
            "error",
            "failed (Bad destination mailbox address)",
            "Delayed",
            "delivered",
            "relayed",
            "expanded",
        ]
        .iter()
        .map(|action| {
            let text = format!("Final-Recipient: rfc822; bob@example.com\nAction: {action}\n");
            parse(&text).1.remove(0).action
        })
        .collect();
        let expected = [
            Action::Failed,
            Action::Failed,
            Action::Failed,
            Action::Delayed,
            Action::Delivered,
            Action::Relayed,
            Action::Expanded,
        ];
        assert_eq!(actions, expected.map(Some));
    }
}
