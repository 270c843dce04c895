//! What kind of message this is, decided before any recipient is read as failed.
//!
//! A recipient verdict ("delivery failed") is a strong claim, so a message is read as a delivery
//! report only with evidence: a delivery-status part or `report-type=delivery-status`,
//! `X-Failed-Recipients`, a DSN-shaped field block, a mailer-daemon or postmaster sender with
//! bounce wording, the wording of a known MTA's non-delivery report, or bounce wording around a
//! status code. Auto-replies (RFC 3834) and feedback reports (RFC 5965, ARF) are recognised as
//! such and never read as bounces. Everything else is ordinary mail: codes quoted in it are still
//! explained, but nobody's delivery failed.

use super::mime::{Region, Role};
use crate::analysis::fields;

/// The kind of message, which decides how its recipients and codes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageClass {
    /// A bounce, delay notice or other delivery status report.
    DeliveryReport,
    /// An automatic reply (out of office, vacation): the message was delivered.
    AutoReply,
    /// An abuse or feedback-loop report about a message that was delivered.
    Feedback,
    /// Ordinary mail: no recipient of it failed.
    Ordinary,
}

/// The top-level header fields the decision reads, lower-cased values.
#[derive(Debug, Default)]
struct Headers {
    from: String,
    sender: String,
    return_path: Option<String>,
    subject: String,
    content_type: String,
    auto_submitted: String,
    x_failed_recipients: bool,
    autoreply_field: bool,
    precedence: String,
}

/// Local parts and display names of the accounts that send bounces. Newsletters' `bounces+…@`
/// return paths and cron's `root@` are not among them: they send ordinary mail.
const DAEMONS: &[&str] = &[
    "mailer-daemon",
    "mailer_daemon",
    "mail-daemon",
    "maildaemon",
    // The MDaemon server's own sender.
    "mdaemon@",
    "postmaster",
    "mail delivery",
    "mail administrator",
    "mail system",
    "mmdf",
    "smtp gateway",
];

/// True when a From or Sender value names a bounce-sending account: one of [`DAEMONS`], or an
/// address whose local part is `daemon` itself. Programs' own daemons (`bugzilla-daemon@`,
/// `majordomo-daemon@`) send ordinary notifications.
fn names_daemon(value: &str) -> bool {
    DAEMONS.iter().any(|d| value.contains(d))
        || value.match_indices("daemon@").any(|(at, _)| {
            value[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || "-_.+".contains(c)))
        })
}

/// Words of a bounce's subject or opening lines, in the languages bounces come in.
const BOUNCE_WORDING: &[&str] = &[
    "undeliverable",
    "undelivered",
    "undeliverd",
    "not delivered",
    "non delivr",
    "non-delivery",
    "nondelivery",
    "delivery fail",
    "delivery status",
    "delivery notification",
    "delivery report",
    "delivery problem",
    "delivery error",
    "delivery has failed",
    "delivery to the following",
    "delivery delayed",
    "delayed mail",
    "delivery is delayed",
    "has been delayed",
    "mail delivery",
    "could not be delivered",
    "couldn't be delivered",
    "cannot be delivered",
    "can not be delivered",
    "was not delivered",
    "wasn't able to deliver",
    "unable to deliver",
    "not be delivered",
    "failed to deliver",
    "failure notice",
    "returned mail",
    "returned to sender",
    "return to sender",
    "mail system error",
    "permanent error",
    "permanent failure",
    "permanent fatal",
    "temporary failure",
    "fatal error",
    "rejected",
    "bounce",
    "warning: could not send",
    "could not send message",
    "message not delivered",
    "message delivery",
    "transcript of session",
    "the original message was received",
    "this is the mail system",
    "this is the qmail-send program",
    "mail delivery software",
    "delivery to these recipients",
    "diagnostic information for administrators",
    "the following addresses had",
    "the following recipient",
    "following recipients",
    "could not reach",
    "mailbox unavailable",
    "user unknown",
    "no such user",
    "message you sent",
    "your message",
    "not reach the following",
    "error occurred",
    "errors occurred",
    "smtp error",
    "remote host said",
    "said:",
    "in reply to rcpt to",
    "in reply to end of data",
    "rcpt to",
    "retry timeout",
    "non recapitabile",
    "mancato recapito",
    "non remis",
    "non distribuable",
    "echec de la remise",
    "échec de la remise",
    "remise impossible",
    "nicht zustellbar",
    "unzustellbar",
    "no se puede entregar",
    "不達",
    "配信不能",
    "配信できません",
    "配送エラー",
    "届きませんでした",
    "エラー",
    "返送",
    "送信できません",
    "无法发送",
    "无法送达",
    "投递失败",
    "退信",
    "無法傳送",
    "無法送達",
];

/// Bounce words too common in ordinary subjects ("Your message to the list awaits moderator
/// approval", "Re: the bounce rate", "Comment rejected") to stand for a bounce there without a
/// daemon sender.
const WEAK_IN_SUBJECT: &[&str] = &[
    "your message",
    "message you sent",
    "rejected",
    "bounce",
    "error occurred",
    "errors occurred",
    "said:",
    "rcpt to",
    "smtp error",
    "fatal error",
    "temporary failure",
    "mailbox unavailable",
    "user unknown",
    "no such user",
    "could not reach",
    "エラー",
    "返送",
];

/// Words that mark an automatic reply in its subject.
const AUTOREPLY_SUBJECTS: &[&str] = &[
    "out of office",
    "out of the office",
    "automatic reply",
    "auto reply",
    "autoreply",
    "auto-reply",
    "auto response",
    "autoresponse",
    "auto:",
    "away from",
    "away until",
    "on vacation",
    "vacation",
    "abwesenheit",
    "abwesend",
    "réponse automatique",
    "absence",
    "risposta automatica",
    "fuori sede",
    "respuesta automática",
    "fuera de la oficina",
    "自動応答",
    "自動返信",
    "不在",
];

/// Decides the kind of the message made of `regions` (the first is its header block when it has
/// one).
pub fn classify(regions: &[Region<'_>]) -> MessageClass {
    let headers = top_headers(regions);
    let top_text: String = regions
        .iter()
        .filter(|r| r.depth == 0 && matches!(r.role, Role::Text | Role::Html))
        .map(|r| opening(&r.text))
        .collect::<Vec<_>>()
        .join("\n");
    let top_lower = top_text.to_lowercase();
    let has_part = |role: Role| regions.iter().any(|r| r.depth == 0 && r.role == role);

    // Amazon SES and similar services send their notifications as JSON.
    let json: String = top_lower
        .chars()
        .filter(|c| !matches!(c, '"' | '\\' | ' '))
        .collect();
    if json.contains("notificationtype:complaint") || json.contains("complainedrecipients") {
        return MessageClass::Feedback;
    }
    if json.contains("notificationtype:bounce")
        || json.contains("notificationtype:delivery")
        || json.contains("bouncedrecipients")
    {
        return MessageClass::DeliveryReport;
    }
    let feedback = headers.content_type.contains("report-type=feedback-report")
        || headers
            .content_type
            .contains("report-type=\"feedback-report\"")
        || regions.iter().any(|r| {
            r.depth == 0
                && r.role == Role::Text
                && fields::report(&r.text, false)
                    .iter()
                    .any(|f| f.is("feedback-type"))
                && (r.text.contains("User-Agent:") || r.text.contains("Version:"))
        });
    if feedback {
        return MessageClass::Feedback;
    }
    let report = headers.content_type.contains("report-type=delivery-status")
        || headers
            .content_type
            .contains("report-type=\"delivery-status\"")
        || headers
            .content_type
            .contains("report-type=global-delivery-status")
        || has_part(Role::DeliveryStatus)
        || headers.x_failed_recipients
        || regions.iter().any(|r| {
            r.depth == 0 && r.role == Role::Text && super::dsn::has_recipient_block(&r.text)
        });
    if report {
        return MessageClass::DeliveryReport;
    }
    // The return path of a bounce is null or a daemon's; anything else there says nothing.
    let daemon_path = headers.return_path.as_deref().is_some_and(|path| {
        ["mailer-daemon", "postmaster"]
            .iter()
            .any(|d| path.contains(d))
    });
    let daemon = daemon_path
        || [&headers.from, &headers.sender]
            .into_iter()
            .any(|value| names_daemon(value));
    let worded = |text: &str| BOUNCE_WORDING.iter().any(|w| text.contains(w));
    // The code scan runs at most once, and only when a rule gets that far.
    let coded_once = std::cell::OnceCell::new();
    let coded = || *coded_once.get_or_init(|| has_code(&top_text));
    let subject_worded = worded(&headers.subject);
    let subject_says_bounce = BOUNCE_WORDING
        .iter()
        .filter(|w| !WEAK_IN_SUBJECT.contains(w))
        .any(|w| headers.subject.contains(w));
    let autoreply = headers.auto_submitted.starts_with("auto-replied")
        || headers.autoreply_field
        || matches!(headers.precedence.as_str(), "auto_reply" | "auto-reply")
        || AUTOREPLY_SUBJECTS
            .iter()
            .any(|s| headers.subject.contains(s));
    // From a mailer daemon, any word of failure is enough.
    let failure_word = |text: &str| {
        [
            "fail",
            "error",
            "malformed",
            "unable",
            "not deliver",
            "returned",
        ]
        .iter()
        .any(|w| text.contains(w))
    };
    // A daemon's subject that names a failure, or bounce wording in what it says; a daemon's
    // announcement that merely quotes a reply code is not a report.
    if daemon
        && (subject_worded
            || failure_word(&headers.subject)
            || worded(&top_lower)
            || (failure_word(&top_lower) && headers.subject.trim().is_empty() && coded()))
    {
        return MessageClass::DeliveryReport;
    }
    if autoreply && !subject_worded {
        return MessageClass::AutoReply;
    }
    // A reply or a forward in a thread is a conversation, whatever it quotes.
    let conversation = ["re:", "fw:", "fwd:", "aw:", "tr:", "sv:", "r:"]
        .iter()
        .any(|p| headers.subject.trim_start().starts_with(p));
    let null_sender = headers
        .return_path
        .as_deref()
        .is_some_and(|p| p.trim() == "<>" || p.trim().is_empty());
    if !conversation && (subject_says_bounce || null_sender) && coded() {
        return MessageClass::DeliveryReport;
    }
    // A subject that names a non-delivery and a text that lists the recipients it failed for
    // is a report even with no code (Exchange 5.5 and list gateways write none). A parcel
    // notice ("could not be delivered to your address") lists no recipients.
    if !conversation && subject_says_bounce && lists_recipients(&top_lower) {
        return MessageClass::DeliveryReport;
    }
    if !conversation && worded(&top_lower) && coded() && strong(&top_lower) {
        return MessageClass::DeliveryReport;
    }
    if autoreply {
        return MessageClass::AutoReply;
    }
    MessageClass::Ordinary
}

/// The wording that introduces a list of mail recipients.
fn lists_recipients(lower: &str) -> bool {
    const LISTS: &[&str] = &[
        "following recipient",
        "following user",
        "following address(es)",
        "following e-mail address",
        "following email address",
        "following mail address",
    ];
    LISTS.iter().any(|s| lower.contains(s))
}

/// The wording only a delivery report uses, strong enough to stand without a bounce sender.
fn strong(lower: &str) -> bool {
    const STRONG: &[&str] = &[
        "could not be delivered",
        "couldn't be delivered",
        "was not delivered",
        "wasn't able to deliver",
        "delivery has failed",
        "delivery to the following",
        "delivery to these recipients",
        "permanent error",
        "permanent fatal",
        "failed permanently",
        "transcript of session",
        "this is the mail system",
        "this is the qmail-send program",
        "mail delivery software",
        "diagnostic information for administrators",
        "the following addresses had",
        "returned to sender",
        "undeliverable",
        "undelivered",
        "delivery status notification",
        "non-delivery",
        "failure notice",
        "unable to deliver",
        "failed to deliver",
        "remote host said",
        "in reply to rcpt to",
        "in reply to end of data",
        "retry timeout exceeded",
        "has been delayed",
        "delivery is delayed",
        "mancato recapito",
        "non remis",
        "unzustellbar",
        "配信できません",
    ];
    STRONG.iter().any(|s| lower.contains(s))
}

/// The first part of a text part, where a bounce says what happened (before any returned copy).
fn opening(text: &str) -> &str {
    let end = super::bounce::returned_copy_start(text).min(text.len());
    let mut cut = end.min(64 * 1024);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// True when the text carries an SMTP status or reply code in SMTP context.
fn has_code(text: &str) -> bool {
    let mut found = Vec::new();
    crate::analysis::codes::scan(text, 0, &mut found);
    found.iter().any(|f| {
        matches!(
            f.kind,
            crate::analysis::FindingKind::StatusCode | crate::analysis::FindingKind::ReplyCode
        ) && !f.code.starts_with('2')
    })
}

fn top_headers(regions: &[Region<'_>]) -> Headers {
    let mut headers = Headers::default();
    let Some(region) = regions
        .iter()
        .find(|r| r.depth == 0 && r.role == Role::Headers)
    else {
        return headers;
    };
    for field in fields::report(&region.text, true) {
        let value = || field.unfolded().to_lowercase();
        let name = field.name.to_ascii_lowercase();
        match name.as_str() {
            "from" => headers.from = value(),
            "sender" => headers.sender = value(),
            "return-path" => headers.return_path = Some(value()),
            "subject" => headers.subject = decode_subject(&field.unfolded()),
            "content-type" => headers.content_type = value().replace(' ', ""),
            "auto-submitted" => headers.auto_submitted = value(),
            "x-failed-recipients" => headers.x_failed_recipients = true,
            "x-autoreply" | "x-autorespond" | "x-autoreply-from" | "x-mail-autoreply" => {
                headers.autoreply_field = true;
            }
            "precedence" => headers.precedence = value(),
            _ => {}
        }
    }
    headers
}

/// The subject, lower-cased, with RFC 2047 encoded words decoded by mail-parser.
fn decode_subject(raw: &str) -> String {
    let header = format!("Subject: {raw}\n\n");
    mail_parser::MessageParser::default()
        .parse_headers(header.as_bytes())
        .and_then(|m| m.subject().map(str::to_lowercase))
        .unwrap_or_else(|| raw.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::message::mime;

    fn class(doc: &str) -> MessageClass {
        classify(&mime::regions(doc))
    }

    #[test]
    fn an_invitation_naming_a_colleague_is_ordinary_mail() {
        let doc = "From: Ann <ann@example.com>\nTo: team@example.com\nSubject: Planning meeting\n\n\
            Hi all, please also invite bob@example.com and carol@example.org.\n";
        assert_eq!(class(doc), MessageClass::Ordinary);
    }

    #[test]
    fn a_thread_quoting_a_greylisting_reply_is_ordinary_mail() {
        let doc = "From: Ann <ann@example.com>\nTo: ops@example.com\nSubject: Re: mail to bob\n\n\
            The first attempt to bob@example.net got 450 4.7.1 greylisted, try again later;\n\
            the retry went through.\n";
        assert_eq!(class(doc), MessageClass::Ordinary);
    }

    #[test]
    fn an_out_of_office_reply_is_an_auto_reply() {
        let doc = "From: Bob <bob@example.com>\nTo: ann@example.com\nAuto-Submitted: auto-replied\n\
            Subject: Out of office\n\nI am away; for urgent matters write to carol@example.com.\n";
        assert_eq!(class(doc), MessageClass::AutoReply);
        let outlook = "Return-Path: <>\nFrom: Bob <bob@example.com>\nSubject: Automatic reply: Budget\n\n\
            I am out until Monday.\n";
        assert_eq!(class(outlook), MessageClass::AutoReply);
    }

    #[test]
    fn a_newsletter_with_a_bounce_return_path_is_ordinary_mail() {
        let doc = "Return-Path: <bounces+1234-abcd@em.contoso.example>\nFrom: Contoso <news@contoso.example>\n\
            To: reader@example.com\nSubject: Your order has shipped\n\n\
            We were unable to reach you by phone. Questions? Write to help@contoso.example.\n";
        assert_eq!(class(doc), MessageClass::Ordinary);
        let cron = "From: Cron Daemon <root@host.example>\nTo: root@host.example\nSubject: Cron <root@host> backup\n\n\
            rsync error: some files could not be transferred to backup@host.example\n";
        assert_eq!(class(cron), MessageClass::Ordinary);
    }

    #[test]
    fn a_program_s_own_daemon_sends_ordinary_notifications() {
        let bugzilla = "From: bugzilla-daemon@bugs.example.org\nTo: dev@lists.example.org\n\
            Subject: [Bug 1046] Errors from 'perl Makefile.PL'\n\n\
            ------- Additional Comments From ann@example.de -------\n\
            > anyone upgrading will get a failure on the line\n";
        assert_eq!(class(bugzilla), MessageClass::Ordinary);
        let daemon = "From: daemon@mx.example.net\nTo: ann@example.net\nSubject: Returned mail: User unknown\n\n\
            The original message was received from bob@example.org\n550 5.1.1 bob@example.org... User unknown\n";
        assert_eq!(class(daemon), MessageClass::DeliveryReport);
    }

    #[test]
    fn a_daemon_bounce_with_a_code_is_a_delivery_report() {
        let doc = "From: MAILER-DAEMON@mx.example.jp\nTo: ann@example.jp\nSubject: failure notice\n\n\
            Sorry, I wasn't able to deliver your message to bob@example.net.\n\
            550 5.1.1 User unknown\n";
        assert_eq!(class(doc), MessageClass::DeliveryReport);
    }

    #[test]
    fn a_bounce_whose_sender_is_a_person_still_counts_with_a_report_part() {
        let doc = "From: Ann <ann@example.com>\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n\
            --B\nContent-Type: text/plain\n\nsee below\n--B\nContent-Type: message/delivery-status\n\n\
            Final-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.1.1\n--B--\n";
        assert_eq!(class(doc), MessageClass::DeliveryReport);
    }

    #[test]
    fn a_non_delivery_listing_its_recipients_needs_no_code() {
        let exchange = "From: System Administrator <admin@example.com>\nSubject: Undeliverable: Budget\n\n\
            Your message\n\n  To:      team@example.org\n  Subject: Budget\n\n\
            did not reach the following recipient(s):\n\n\
            bob@example.com on Fri, 4 Oct 2002 17:12:28 -0400\n    The recipient name is not recognized\n";
        assert_eq!(class(exchange), MessageClass::DeliveryReport);
        let parcel = "From: Parcels <track@parcels.example>\nSubject: Delivery notification: parcel 1234\n\n\
            Your parcel could not be delivered to your address today. Reply to help@parcels.example.\n";
        assert_eq!(class(parcel), MessageClass::Ordinary);
    }

    #[test]
    fn a_daemon_bounce_in_chinese_is_a_delivery_report() {
        let doc = "From: MAILER-DAEMON@mail.example.cn\nTo: ann@example.com\n\n\
            邮件无法发送到您指定的地址中。\n\n<bob@example.cn>:\n";
        assert_eq!(class(doc), MessageClass::DeliveryReport);
    }
}
