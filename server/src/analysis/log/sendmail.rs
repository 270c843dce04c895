//! Sendmail: `QID: to=<bob@example.net>, delay=…, mailer=esmtp, relay=mx. [ip], dsn=5.1.1,
//! stat=User unknown` and `ruleset=check_rcpt, arg1=<…>, relay=…, reject=550 5.7.1 …`.

use super::delivery::{self, Delivery, address_at, value_after};
use super::outcome::Outcome;
use crate::analysis::Finding;

/// Reads a Sendmail line (its message part starting at `message`) and emits its verdicts.
/// Returns the queue ID.
pub fn scan<'l>(
    line: &'l str,
    message: usize,
    base: usize,
    out: &mut Vec<Finding>,
) -> Option<&'l str> {
    let body = line.get(message..)?;
    let queue_id = body
        .split(':')
        .next()
        .filter(|t| t.len() >= 8 && t.len() <= 24 && t.bytes().all(|b| b.is_ascii_alphanumeric()));
    if let Some(stat) = value_after(line, message, "stat=", &[]) {
        let text = line.get(stat.clone()).unwrap_or_default();
        let Some(action) = Outcome::sendmail(text.as_bytes()).action() else {
            return queue_id;
        };
        let to = value_after(line, message, "to=", &[])?;
        // `to=<a@x>,<b@y>, delay=…`: every address up to the next `, key=`.
        let list_end = line[to.start..]
            .find(", ")
            .map_or(line.len(), |i| to.start + i);
        let dsn = value_after(line, message, "dsn=", &[',', ' ']);
        let remote = value_after(line, message, "relay=", &[' ', ',', '[']);
        let mut at = to.start;
        while at < list_end {
            let Some(recipient) = address_at(line, at) else {
                break;
            };
            // An address may run past the list's end on a garbled line: it is the last one then.
            let next = line
                .get(recipient.end..list_end)
                .and_then(|rest| rest.find(','))
                .map_or(list_end, |i| recipient.end + i + 1);
            let delivery = Delivery {
                recipient,
                action,
                dsn: dsn.clone(),
                response: Some(stat.clone()),
                remote: remote.clone(),
            };
            delivery::emit(line, base, &delivery, queue_id, out);
            at = next;
        }
        return queue_id;
    }
    if let Some(reject) = value_after(line, message, "reject=", &[]) {
        let recipient = value_after(line, message, "arg1=", &[','])
            .and_then(|arg| address_at(line, arg.start))?;
        let delivery = Delivery {
            recipient,
            action: crate::delivery::Action::Failed,
            dsn: None,
            response: Some(reject),
            remote: value_after(line, message, "relay=", &[' ', ',', '[']),
        };
        delivery::emit(line, base, &delivery, queue_id, out);
    }
    queue_id
}

#[cfg(test)]
mod tests {
    use crate::analysis::log::LogFormat;
    use crate::analysis::log::testing::{text, verdicts};

    #[test]
    fn stat_lines_and_check_rcpt_rejects() {
        let found = verdicts(
            &[
                "Nov  4 09:12:01 mx sm-mta[4242]: 4A1B2C3D012345: to=<bob@example.net>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120423, relay=mx.example.net. [192.0.2.1], dsn=5.1.1, stat=User unknown",
                "Nov  4 09:13:01 mx sm-mta[4243]: 4A1B2C3D012346: ruleset=check_rcpt, arg1=<carol@example.org>, relay=spammer.example [198.51.100.9], reject=550 5.7.1 <carol@example.org>... Relaying denied",
            ],
            LogFormat::Sendmail,
        );
        let verdicts: Vec<_> = found
            .iter()
            .map(|f| (text(f.context.recipient.as_deref()), f.code.to_string()))
            .collect();
        assert_eq!(
            verdicts,
            vec![
                ("bob@example.net".into(), "5.1.1".into()),
                ("carol@example.org".into(), "5.7.1".into())
            ]
        );
    }
}
