//! The human-readable part of a bounce, read the way an admin reads it: which addresses failed,
//! and which SMTP response belongs to which address.
//!
//! Nothing here is tied to one MTA. A bounce names each failed recipient (on a line of its own,
//! after `RCPT TO:`, in `<bob@example.com>: host … said: …`, in JSON) and puts the server's
//! response after it; a response belongs to the recipient named last before it. The copy of the
//! returned message at the end is left out, and so are addresses that are plainly the sender's.

use std::collections::HashSet;
use std::ops::Range;

use super::address;
use super::verdict::{Candidate, Origin};
use crate::analysis::fields;
use crate::analysis::{Finding, FindingKind, codes};

/// The most lines of a response kept as a recipient's diagnostic.
const MAX_DIAGNOSTIC_LINES: usize = 4;
/// The most address mentions read from one bounce text; a longer list is not a bounce.
const MAX_MENTIONS: usize = 2000;

/// What the bounce text says about one recipient. Spans are relative to the text read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyRecipient {
    pub address: String,
    /// The first mention of the address.
    pub span: Range<usize>,
    pub candidates: Vec<Candidate>,
    pub replies: Vec<u16>,
    /// The lines of the server's response.
    pub diagnostic: Option<String>,
    /// The text from the address to the next recipient, for classifying the reason.
    pub context: String,
    pub remote_mta: Option<String>,
    /// The alias the recipient was expanded from, when the bounce says.
    pub original: Option<String>,
    diagnostic_has_reply: bool,
}

/// What a bounce text says as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyReport {
    pub recipients: Vec<BodyRecipient>,
    /// True when the text announces a delay rather than a failure.
    pub delayed: bool,
    /// Responses that name no recipient (the bounce names none, or only a bare local part);
    /// they belong to the one recipient other sources name, if there is only one.
    pub orphans: BodyRecipient,
}

/// Reads the recipients and their responses from a bounce text. `excluded` holds lower-cased
/// addresses known not to be recipients (the bounce's own From and To).
pub fn read(text: &str, excluded: &HashSet<String>) -> BodyReport {
    let end = returned_copy_start(text);
    let region = &text[..end];
    let json = region.contains("bouncedRecipients") || region.contains("notificationType");
    let all = address::find_all(region);
    let senders: HashSet<String> = all
        .iter()
        .filter(|m| senderish(region.as_bytes(), m.start))
        .map(|m| region[m.clone()].to_ascii_lowercase())
        .collect();
    let mut alias_mentions: Vec<Range<usize>> = Vec::new();
    let mut mentions: Vec<Range<usize>> = all
        .into_iter()
        .filter(|m| {
            let alias = alias_mention(region.as_bytes(), m.start);
            if alias {
                alias_mentions.push(m.clone());
            }
            !alias
        })
        .filter(|m| {
            let lower = region[m.clone()].to_ascii_lowercase();
            (!excluded.contains(&lower) || alone_on_line(region, m)) && !senders.contains(&lower)
        })
        .filter(|m| !json || json_recipient(region.as_bytes(), m.start))
        .filter(|m| !is_daemon(&region[m.clone()]))
        .take(MAX_MENTIONS)
        .collect();
    // "Your message\n  To: list@example.org\n  Subject: …\ndid not reach the following
    // recipient(s):" echoes the returned message's header: those addresses are recipients only
    // when nothing else in the text names one.
    if mentions.iter().any(|m| !echoed_header(region, m.start)) {
        mentions.retain(|m| !echoed_header(region, m.start));
    }
    // An alias named before any recipient stands for one the report does not disclose ("an
    // undisclosed address (generated from bob@example.com)"): it is the recipient.
    let mut aliases: Vec<(usize, String)> = Vec::new();
    for alias in alias_mentions {
        if mentions.iter().any(|m| m.start < alias.start) {
            aliases.push((alias.start, region[alias].to_string()));
        } else if mentions.len() < MAX_MENTIONS {
            mentions.push(alias);
        }
    }
    mentions.sort_by_key(|m| m.start);
    let mut report = BodyReport {
        recipients: Vec::new(),
        delayed: announces_delay(region),
        orphans: BodyRecipient::default(),
    };
    let mut found = Vec::new();
    codes::scan(region, 0, &mut found);
    if mentions.is_empty() {
        for finding in &found {
            record(&mut report.orphans, finding, region);
        }
        report.orphans.remote_mta = remote_host(region);
        report.orphans.context = region.chars().take(4096).collect();
        return report;
    }
    let distinct: HashSet<String> = mentions
        .iter()
        .map(|m| region[m.clone()].to_ascii_lowercase())
        .collect();
    for mention in &mentions {
        let address = region[mention.clone()].to_string();
        if !report
            .recipients
            .iter()
            .any(|r: &BodyRecipient| r.address.eq_ignore_ascii_case(&address))
        {
            report.recipients.push(BodyRecipient {
                address,
                span: mention.clone(),
                ..BodyRecipient::default()
            });
        }
    }
    // An alias belongs to the recipient named just before it.
    for (at, alias) in &aliases {
        let Some(owner) = mentions.iter().rev().find(|m| m.start < *at) else {
            continue;
        };
        let address = &region[owner.clone()];
        if let Some(recipient) = report
            .recipients
            .iter_mut()
            .find(|r| r.address.eq_ignore_ascii_case(address))
            && recipient.original.is_none()
            && !alias.eq_ignore_ascii_case(address)
        {
            recipient.original = Some(alias.clone());
        }
    }
    for finding in &found {
        let owner = reply_naming(region, &mentions, finding)
            .or_else(|| {
                mentions
                    .iter()
                    .rev()
                    .find(|m| m.start <= finding.span.start)
            })
            .or_else(|| (distinct.len() == 1).then(|| &mentions[0]));
        let Some(owner) = owner else { continue };
        let address = &region[owner.clone()];
        let Some(recipient) = report
            .recipients
            .iter_mut()
            .find(|r| r.address.eq_ignore_ascii_case(address))
        else {
            continue;
        };
        record(recipient, finding, region);
    }
    for recipient in &mut report.recipients {
        let segments = segments_of(region, &mentions, &recipient.address);
        let mut context = String::new();
        for segment in segments {
            if context.len() < 4096 {
                context.push_str(&region[segment]);
                context.push('\n');
            }
        }
        recipient.remote_mta = remote_host(&context);
        recipient.context = context;
    }
    report
}

/// The recipient a sendmail-style reply line names after its code (`554 <bob@example.org>...
/// Remote protocol error`, `550 5.1.1 <bob@example.org>... User unknown`): the line opens with
/// the code and the address follows it, so the reply is that address's, not the one named before.
fn reply_naming<'m>(
    region: &str,
    mentions: &'m [Range<usize>],
    finding: &Finding,
) -> Option<&'m Range<usize>> {
    let start = line_start(region, finding.span.start);
    let before = region.get(start..finding.span.start)?;
    // The code opens the line, or follows the line's reply code (`550 5.1.1`).
    if !before
        .trim()
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || b == b' ')
    {
        return None;
    }
    let line_end = region[finding.span.start..]
        .find('\n')
        .map_or(region.len(), |i| finding.span.start + i);
    let mention = mentions
        .iter()
        .find(|m| m.start > finding.span.end && m.end <= line_end)?;
    // Only the code's own words lie between: nothing but an enhanced code and the address's `<`.
    let between = region.get(finding.span.end..mention.start)?;
    let plain = between
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b' ' | b'<' | b'-'));
    let sendmail = region
        .get(mention.end..)
        .is_some_and(|rest| rest.trim_start_matches('>').starts_with("..."));
    (plain && sendmail).then_some(mention)
}

/// Adds a status or reply code found in the text to what is known of a recipient.
fn record(recipient: &mut BodyRecipient, finding: &Finding, region: &str) {
    match finding.kind {
        FindingKind::StatusCode => recipient.candidates.push(Candidate {
            code: finding.code.to_string(),
            reply: finding.reply,
            origin: Origin::Body,
        }),
        FindingKind::ReplyCode => recipient.replies.extend(finding.reply),
        _ => return,
    }
    // The first failing response explains best; one with its reply code beats a bare code.
    let better = recipient.diagnostic.is_none()
        || !recipient.diagnostic_has_reply && finding.reply.is_some();
    if better && !finding.code.starts_with('2') {
        recipient.diagnostic = Some(response_lines(region, finding.span.start));
        recipient.diagnostic_has_reply = finding.reply.is_some();
    }
}

/// Where the copy of the returned message starts: a separator that announces it, or the first
/// line of a header block.
pub fn returned_copy_start(text: &str) -> usize {
    const ANNOUNCES: &[&str] = &[
        "original message",
        "copy of the message",
        "copy of your message",
        "copy of the original",
        "below this line is a copy",
        "message headers follow",
        "message header follows",
        "returned mail follows",
        "unsent message follows",
        "header of the original",
        "headers of the original",
        "included is a copy",
        "enclosed is a copy",
        "attached is a copy",
        "original mail",
        "original headers",
        "returned message",
        "undelivered message",
        "unsent message below",
    ];
    const HEADERS: &[&str] = &[
        "received:",
        "return-path:",
        "dkim-signature:",
        "x-received:",
    ];
    for line in fields::lines(text) {
        let lower = line.text.trim().to_ascii_lowercase();
        if HEADERS.iter().any(|h| lower.starts_with(h)) && !line.text.starts_with([' ', '\t']) {
            return line.start;
        }
        let separator = lower.starts_with(['-', '=', '*', '_'])
            || lower.ends_with(':')
            || lower.ends_with(['-', '='])
            || lower.contains("below this line")
            || lower.contains("follow");
        // "The following addresses did NOT receive a copy of your message:" lists recipients.
        let denied = lower.contains("not receive") || lower.contains("n't receive");
        if separator && !denied && ANNOUNCES.iter().any(|a| lower.contains(a)) {
            return line.start;
        }
    }
    text.len()
}

/// True when the address at `start` is introduced as a sender, a Message-ID or a header value.
fn senderish(bytes: &[u8], start: usize) -> bool {
    const WINDOW: usize = 24;
    const MARKERS: &[&str] = &[
        "from:",
        "from=",
        "sender:",
        "sender=",
        "envelope-from",
        "return-path:",
        "reply-to:",
        "message-id:",
        "msgid=",
        "msgid:",
        "mailfrom=",
        // "they are not accepting mail from <sender>".
        "mailfrom",
        "source:",
        // Help desks named in the prose ("please contact <support@…>").
        "contact",
        "contact:",
        "writeto",
        "emailto",
        "x-postfix-sender:",
        "originalsender:",
        "senderaddress:",
    ];
    let mut line_start = bytes[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // An address opening its line may be introduced at the end of the line before
    // ("please contact\n<helpdesk@…>").
    if bytes[line_start..start]
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'<' | b'"'))
        && line_start > 0
    {
        line_start = bytes[..line_start - 1]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
    }
    let mut window = Vec::with_capacity(WINDOW);
    let mut i = start;
    while i > line_start && window.len() < WINDOW {
        i -= 1;
        let b = bytes[i];
        if matches!(
            b,
            b' ' | b'\t' | b'<' | b'"' | b'\\' | b'\'' | b'\r' | b'\n'
        ) {
            continue;
        }
        window.push(b.to_ascii_lowercase());
    }
    window.reverse();
    MARKERS.iter().any(|m| window.ends_with(m.as_bytes()))
}

/// True when the address at `start` is named as the alias a recipient was expanded from
/// (`<bob@b.example> (expanded from <info@a.example>)`, Exim's `generated from`).
fn alias_mention(bytes: &[u8], start: usize) -> bool {
    let from = start.saturating_sub(40);
    let before: Vec<u8> = bytes[from..start]
        .iter()
        .filter(|b| !matches!(b, b' ' | b'\t' | b'<' | b'"' | b'(' | b'\r' | b'\n'))
        .map(u8::to_ascii_lowercase)
        .collect();
    before.ends_with(b"expandedfrom")
        || before.ends_with(b"expandedfrom:")
        || before.ends_with(b"generatedfrom")
        || before.ends_with(b"aliasfor")
}

/// True when the address sits on a `To:`, `Cc:` or `Bcc:` line of a header summary
/// (`  To:      list@example.org`, `Cc: a@example.org; b@example.org`), not after `RCPT TO:`.
fn echoed_header(region: &str, at: usize) -> bool {
    let start = line_start(region, at);
    let before = region[start..at].trim_start().as_bytes();
    [&b"to:"[..], b"cc:", b"bcc:"].iter().any(|label| {
        before
            .get(..label.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(label))
    })
}

/// True when the address is all its line says (`  bob@example.com`, `<bob@example.com>:`,
/// `"bob@example.com":`): the way bounces list the addresses that failed.
fn alone_on_line(region: &str, mention: &Range<usize>) -> bool {
    let start = line_start(region, mention.start);
    let end = region[mention.end..]
        .find('\n')
        .map_or(region.len(), |i| mention.end + i);
    let is_decoration =
        |c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ':' | '*');
    region[start..mention.start].chars().all(is_decoration)
        && region[mention.end..end].chars().all(is_decoration)
}

/// In an Amazon SES style JSON notification only `emailAddress` values and `recipients` lists
/// name recipients.
fn json_recipient(bytes: &[u8], start: usize) -> bool {
    let from = start.saturating_sub(160);
    let before: Vec<u8> = bytes[from..start]
        .iter()
        .filter(|b| !matches!(b, b'"' | b'\\' | b' '))
        .map(u8::to_ascii_lowercase)
        .collect();
    if before.ends_with(b"emailaddress:") {
        return true;
    }
    let Some(list) = before.windows(12).rposition(|w| w == b"recipients:[") else {
        return false;
    };
    !before[list..].contains(&b']')
}

fn is_daemon(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or_default();
    local.eq_ignore_ascii_case("mailer-daemon") || local.eq_ignore_ascii_case("postmaster")
}

/// The text owned by `address`: from each of its mentions to the next mention of another address.
fn segments_of(region: &str, mentions: &[Range<usize>], address: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (i, mention) in mentions.iter().enumerate() {
        if !region[mention.clone()].eq_ignore_ascii_case(address) {
            continue;
        }
        let end = mentions[i + 1..]
            .iter()
            .find(|m| !region[(*m).clone()].eq_ignore_ascii_case(address))
            .map_or(region.len(), |m| m.start);
        let start = line_start(region, mention.start);
        if out.last().is_some_and(|r: &Range<usize>| r.end >= start) {
            if let Some(last) = out.last_mut() {
                last.end = end.max(last.end);
            }
        } else {
            out.push(start..end);
        }
    }
    out
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The response around a code: its line and the indented lines that continue it. In a very long
/// line (JSON) only the response itself, up to the closing quote.
fn response_lines(region: &str, at: usize) -> String {
    let start = line_start(region, at);
    let line_end = region[at..].find('\n').map_or(region.len(), |i| at + i);
    if line_end - start > 300 {
        let end = region[at..line_end]
            .find(['"', '\\'])
            .map_or(line_end, |i| at + i);
        return region[at..end].trim().to_string();
    }
    let mut out = String::new();
    for (i, line) in region[start..].split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if i > 0 && (line.trim().is_empty() || !line.starts_with([' ', '\t'])) {
            break;
        }
        if i >= MAX_DIAGNOSTIC_LINES {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line.trim());
    }
    out
}

/// True when the text announces a delay (the message is still queued) rather than a failure.
fn announces_delay(region: &str) -> bool {
    let lower = region.to_ascii_lowercase();
    const DELAY: &[&str] = &[
        "will be retried",
        "will retry",
        "still trying",
        "has been delayed",
        "delivery is delayed",
        "delayed delivery",
        "not yet been delivered",
        "delivery delayed",
        "will continue trying",
        "warning: message",
    ];
    const FINAL: &[&str] = &[
        "permanent",
        "gave up",
        "given up",
        "failed permanently",
        "fatal error",
        "could not be delivered",
        "couldn't be delivered",
        "undeliverable",
    ];
    // Said of the message still queued, these outweigh "could not be delivered" beside them.
    const RETRYING: &[&str] = &[
        "attempts will continue",
        "will continue to try",
        "will keep trying",
        "has been postponed",
    ];
    RETRYING.iter().any(|d| lower.contains(d))
        || DELAY.iter().any(|d| lower.contains(d)) && !FINAL.iter().any(|f| lower.contains(f))
}

/// The remote host named in a response: `host mx.example.com[192.0.2.1] said`,
/// `host mx.example.com [192.0.2.1]: 550 …`, `while talking to mx.example.com.:`,
/// `remote host 192.0.2.1 said`.
pub fn remote_host(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    for marker in ["while talking to ", "remote host ", "host "] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(marker) {
            let at = from + found + marker.len();
            from = at;
            if found > 0
                && lower[..from - marker.len()].ends_with(|c: char| c.is_ascii_alphanumeric())
            {
                continue;
            }
            let word: String = text[at..]
                .chars()
                .take_while(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')
                })
                .collect();
            let host = word
                .split('[')
                .next()
                .unwrap_or_default()
                .trim_end_matches([':', '.']);
            if host.contains('.') && !host.contains('@') && host.len() > 3 {
                return Some(host.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_plain(text: &str) -> BodyReport {
        read(text, &HashSet::new())
    }

    #[test]
    fn postfix_style_recipient_and_response() {
        let text = "This is the mail system at host mx.example.jp.\n\n\
            <bob@example.net>: host mx.example.net[192.0.2.8] said: 550 5.1.1 <bob@example.net>:\n    \
            Recipient address rejected: User unknown (in reply to RCPT TO command)\n";
        let report = read_plain(text);
        assert_eq!(report.recipients.len(), 1);
        let bob = &report.recipients[0];
        assert_eq!(bob.address, "bob@example.net");
        assert_eq!(bob.candidates[0].code, "5.1.1");
        assert_eq!(bob.remote_mta.as_deref(), Some("mx.example.net"));
        assert!(
            bob.diagnostic
                .as_deref()
                .unwrap_or_default()
                .contains("User unknown")
        );
    }

    #[test]
    fn responses_belong_to_the_recipient_named_before_them() {
        let text = "<a@example.org>:\nRemote host said: 552 5.2.2 Mailbox full\n\
            <b@example.org>:\nRemote host said: 550 5.1.1 No such user\n\
            --- Below this line is a copy of the message.\n\nTo: c@example.org\n";
        let report = read_plain(text);
        let codes: Vec<(&str, &str)> = report
            .recipients
            .iter()
            .map(|r| (r.address.as_str(), r.candidates[0].code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![("a@example.org", "5.2.2"), ("b@example.org", "5.1.1")]
        );
    }

    #[test]
    fn the_returned_copy_starts_at_its_separator() {
        for separator in [
            "   ----- Message header follows -----",
            "--------RETURNED MAIL FOLLOWS--------",
            "   ----- Unsent message follows -----",
        ] {
            let text = format!(
                "Delivery to the following recipient has been delayed:\n     bob@example.com\n{separator}\nSubject: hi\n"
            );
            let at = text
                .find(separator.trim_start())
                .map(|i| text[..i].rfind('\n').map_or(0, |n| n + 1));
            assert_eq!(Some(returned_copy_start(&text)), at, "{separator}");
        }
    }

    #[test]
    fn the_sender_in_mail_from_is_not_a_recipient() {
        let text = "  bob@example.net\n    SMTP error from remote mail server after MAIL FROM:<me@example.jp> SIZE=1543:\n    \
            host mx.example.net [192.0.2.20]: 550 5.7.0 Please use your ISP's relay\n";
        let report = read_plain(text);
        assert_eq!(report.recipients.len(), 1);
        assert_eq!(report.recipients[0].address, "bob@example.net");
    }

    #[test]
    fn a_header_summary_of_the_returned_message_names_no_recipient() {
        let text = "Your message\n\n  To:      team@example.org\n  Cc:      a@example.org; b@example.org\n\
            \x20 Subject: Budget\n\ndid not reach the following recipient(s):\n\n\
            bob@example.com on Fri, 4 Oct 2002 17:12:28 -0400\n    The recipient name is not recognized\n";
        let report = read_plain(text);
        let addresses: Vec<&str> = report
            .recipients
            .iter()
            .map(|r| r.address.as_str())
            .collect();
        assert_eq!(addresses, vec!["bob@example.com"]);
    }

    #[test]
    fn an_alias_with_no_recipient_before_it_is_the_recipient() {
        let text = "The following address(es) failed:\n  an undisclosed address\n    \
            (generated from bob@example.com)\n";
        let report = read_plain(text);
        assert_eq!(report.recipients.len(), 1);
        assert_eq!(report.recipients[0].address, "bob@example.com");
    }

    #[test]
    fn a_list_of_addresses_that_did_not_receive_a_copy_is_read() {
        let text = "The following addresses did NOT receive a copy of your message:\n\n\
            > bob@example.com\n\n--- Session Transcript ---\n RCPT To:<bob@example.com>\n\
            \x20552 Message for <bob@example.com> would exceed mailbox quota\n";
        let report = read_plain(text);
        assert_eq!(report.recipients.len(), 1);
        assert_eq!(report.recipients[0].replies, vec![552]);
    }

    #[test]
    fn a_delivery_still_being_attempted_is_a_delay() {
        let text = "Your message could not be delivered to the following recipients:\n\
            bob@example.org\nDelivery attempts will continue to be made for 5 day(s).\n";
        assert!(read_plain(text).delayed);
    }
}
