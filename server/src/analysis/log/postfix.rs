//! Postfix: delivery-agent lines (`QUEUEID: to=<…>, relay=…, dsn=5.1.1, status=bounced (…)`),
//! `NOQUEUE: reject:` lines from smtpd and postscreen, milter rejects.

use super::delivery::{self, Delivery, address_at, value_after};
use super::outcome::Outcome;
use crate::analysis::Finding;

/// Reads the message part of a Postfix line (starting at `message`) and emits its verdict.
/// Returns the queue ID.
pub fn scan<'l>(
    line: &'l str,
    message: usize,
    base: usize,
    out: &mut Vec<Finding>,
) -> Option<&'l str> {
    let body = line.get(message..)?;
    let queue_id = queue_id(body);
    if let Some(status) = value_after(line, message, "status=", &[' ', ',', ')']) {
        let Some(action) = line
            .get(status.clone())
            .and_then(|word| Outcome::postfix(word.as_bytes()))
            .and_then(Outcome::action)
        else {
            return queue_id;
        };
        let recipient =
            value_after(line, message, " to=", &[',']).and_then(|to| address_at(line, to.start))?;
        let response = status.end..line.len();
        let delivery = Delivery {
            recipient,
            action,
            dsn: value_after(line, message, "dsn=", &[',', ' ']),
            response: (response.start < response.end).then_some(response),
            remote: value_after(line, message, "relay=", &['[', ',', ' ']),
        };
        delivery::emit(line, base, &delivery, queue_id, out);
        return queue_id;
    }
    for marker in ["reject: ", "milter-reject: "] {
        let Some(found) = body.find(marker) else {
            continue;
        };
        let start = message + found + marker.len();
        let end = line[start..]
            .find("; from=")
            .map_or(line.len(), |i| start + i);
        let recipient = value_after(line, start, "to=", &[',', ' '])
            .and_then(|to| address_at(line, to.start))?;
        let delivery = Delivery {
            recipient,
            action: crate::delivery::Action::Failed,
            dsn: None,
            response: Some(start..end),
            remote: None,
        };
        delivery::emit(line, base, &delivery, queue_id, out);
        break;
    }
    queue_id
}

/// The queue ID a Postfix message starts with (`4XkQ1R2bZ9z9v:`, `A810A2671:`), or `NOQUEUE`.
fn queue_id(body: &str) -> Option<&str> {
    let token = body.split(':').next()?;
    let ok =
        (token.len() >= 5 && token.len() <= 32 && token.bytes().all(|b| b.is_ascii_alphanumeric()))
            && token != "warning"
            && token != "NOQUEUE";
    ok.then_some(token)
}

#[cfg(test)]
mod tests {
    use crate::analysis::log::LogFormat;
    use crate::analysis::log::testing::text;

    fn verdicts(line: &str) -> Vec<(String, String, Option<u16>, String)> {
        crate::analysis::log::testing::verdicts(&[line], LogFormat::Postfix)
            .iter()
            .map(|f| {
                (
                    text(f.context.recipient.as_deref()),
                    f.code.to_string(),
                    f.reply,
                    text(f.context.message_id.as_deref()),
                )
            })
            .collect()
    }

    #[test]
    fn a_bounced_line_gives_the_diagnostic_code() {
        let line = "Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, relay=mx.fabrikam.com[203.0.113.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.0.0, status=bounced (host mx.fabrikam.com[203.0.113.5] said: 550 5.1.1 <bob@fabrikam.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))";
        assert_eq!(
            verdicts(line),
            vec![(
                "bob@fabrikam.com".into(),
                "5.1.1".into(),
                Some(550),
                "4XkQ1R2bZ9z9v".into()
            )]
        );
    }

    #[test]
    fn sent_lines_have_no_verdict_and_rejects_do() {
        assert!(verdicts("Nov  4 09:12:04 mx postfix/smtp[2105]: 6ZnS3T4dB1b2x: to=<carol@example.org>, relay=mx.example.org[192.0.2.9]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)").is_empty());
        let reject = "Nov  4 09:13:00 mx postfix/smtpd[3001]: NOQUEUE: reject: RCPT from unknown[198.51.100.23]: 554 5.7.1 <dan@example.com>: Relay access denied; from=<x@example.net> to=<dan@example.com> proto=ESMTP helo=<spam>";
        assert_eq!(
            verdicts(reject),
            vec![(
                "dan@example.com".into(),
                "5.7.1".into(),
                Some(554),
                String::new()
            )]
        );
    }

    #[test]
    fn a_milter_reject_gives_its_enhanced_code_to_the_verdict() {
        let line = "Nov  7 10:22:06 mx postfix/cleanup[1235]: 5F2A1B2C3D: milter-reject: END-OF-MESSAGE from unknown[192.0.2.8]: 5.7.1 Command rejected; from=<x@example.com> to=<hal@example.org> proto=ESMTP helo=<x>";
        assert_eq!(
            verdicts(line),
            vec![(
                "hal@example.org".into(),
                "5.7.1".into(),
                None,
                "5F2A1B2C3D".into()
            )]
        );
    }
}
