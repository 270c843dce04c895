//! Exim's main log: `2024-11-04 09:12:01 [pid] 1tA2b3-000AbC-12 ** bob@example.net R=… T=…
//! H=mx [ip]: SMTP error from remote mail server after RCPT TO:<…>: 550 5.1.1 …` (`**` failed,
//! `==` deferred), rejected `RCPT` lines, and `X-Failed-Recipients:` when headers are logged.

use super::delivery::{self, Delivery, address_at, value_after};
use super::outcome::Outcome;
use crate::analysis::Finding;

/// True for a main-log line: a date, a time and an Exim message ID or a connection event.
pub fn is_mainlog_line(line: &str) -> bool {
    let Some(rest) = after_timestamp(line, 0) else {
        return false;
    };
    message_id_at(line, rest).is_some() || line[rest..].starts_with("H=")
}

/// Reads an Exim line (its message part starting at `message`) and emits its verdicts.
/// Returns the Exim message ID.
pub fn scan<'l>(
    line: &'l str,
    message: usize,
    base: usize,
    out: &mut Vec<Finding>,
) -> Option<&'l str> {
    let at = after_timestamp(line, message).unwrap_or(message);
    let id_range = message_id_at(line, at);
    let id = id_range.clone().map(|r| &line[r]);
    let after_id = id_range.map_or(at, |r| skip(line, r.end));
    let flag = line.get(after_id..after_id + 2).unwrap_or_default();
    let action = Outcome::exim(flag.as_bytes()).and_then(Outcome::action);
    if let Some(action) = action {
        let start = skip(line, after_id + 2);
        let recipient = address_at(line, start)?;
        let rest = recipient.end;
        let response = line[rest..]
            .find(": ")
            .map_or(rest..line.len(), |i| rest + i + 2..line.len());
        let delivery = Delivery {
            recipient,
            action,
            dsn: None,
            response: Some(response),
            remote: value_after(line, rest, " H=", &[' ', ':']),
        };
        delivery::emit(line, base, &delivery, id, out);
        return id;
    }
    if let Some(found) = line[after_id..].find("rejected RCPT ") {
        let start = after_id + found + "rejected RCPT ".len();
        let recipient = address_at(line, start)?;
        let response = line[recipient.end..]
            .find(": ")
            .map(|i| recipient.end + i + 2..line.len());
        let delivery = Delivery {
            recipient,
            action: crate::delivery::Action::Failed,
            dsn: None,
            response,
            remote: None,
        };
        delivery::emit(line, base, &delivery, id, out);
        return id;
    }
    if let Some(found) = line.find("X-Failed-Recipients:") {
        let list = found + "X-Failed-Recipients:".len();
        let mut at = list;
        while let Some(next) = line[at..].find(|c: char| !matches!(c, ' ' | ',')) {
            let start = at + next;
            let Some(recipient) = address_at(line, start) else {
                break;
            };
            at = recipient.end;
            let delivery = Delivery {
                recipient,
                action: crate::delivery::Action::Failed,
                ..Delivery::default()
            };
            delivery::emit(line, base, &delivery, id, out);
        }
    }
    id
}

/// After `YYYY-MM-DD HH:MM:SS[.mmm][ +zzzz] [[pid]] `, where the rest starts.
fn after_timestamp(line: &str, from: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let date = bytes.get(from..from + 19)?;
    let ok = date[..4].iter().all(u8::is_ascii_digit)
        && date[4] == b'-'
        && date[7] == b'-'
        && date[10] == b' '
        && date[13] == b':'
        && date[16] == b':';
    if !ok {
        return None;
    }
    let mut at = from + 19;
    while at < bytes.len() && (bytes[at].is_ascii_digit() || bytes[at] == b'.') {
        at += 1;
    }
    at = skip(line, at);
    if matches!(bytes.get(at), Some(b'+' | b'-'))
        && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
    {
        at = skip(line, at + 5);
    }
    if bytes.get(at) == Some(&b'[') {
        let close = line.get(at..)?.find(']')?;
        at = skip(line, at + close + 1);
    }
    line.is_char_boundary(at).then_some(at)
}

/// An Exim message ID at `at`: `1tA2b3-000AbC-12` or the 4.97 form `1tA2b3-00000000AbC-0000`.
fn message_id_at(line: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let rest = line.get(at..)?;
    let end = rest.find(' ').unwrap_or(rest.len());
    let token = &rest[..end];
    let parts: Vec<&str> = token.split('-').collect();
    let ok = parts.len() == 3
        && parts[0].len() == 6
        && (6..=11).contains(&parts[1].len())
        && (2..=4).contains(&parts[2].len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(at..at + end)
}

fn skip(line: &str, mut at: usize) -> usize {
    let bytes = line.as_bytes();
    while at < bytes.len() && bytes[at] == b' ' {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use crate::analysis::log::LogFormat;
    use crate::analysis::log::testing::{text, verdicts};

    #[test]
    fn failed_and_deferred_deliveries() {
        let found = verdicts(
            &[
                "2024-11-04 09:12:01 1tA2b3-000AbC-12 ** bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<bob@example.net>: 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown",
                "2024-11-04 09:15:01 1tA2b4-000AbD-34 == ann@example.org R=dnslookup T=remote_smtp defer (-44) H=mx.example.org [192.0.2.2]: SMTP error from remote mail server after RCPT TO:<ann@example.org>: 451 4.7.1 Greylisted, try again later",
            ],
            LogFormat::Exim,
        );
        let verdicts: Vec<_> = found
            .iter()
            .map(|f| {
                (
                    f.code.to_string(),
                    text(f.context.action.map(|a| a.as_str())),
                    text(f.context.message_id.as_deref()),
                    text(f.context.remote_mta.as_deref()),
                )
            })
            .collect();
        assert_eq!(
            verdicts,
            vec![
                (
                    "5.1.1".into(),
                    "failed".into(),
                    "1tA2b3-000AbC-12".into(),
                    "mx.example.net".into()
                ),
                (
                    "4.7.1".into(),
                    "delayed".into(),
                    "1tA2b4-000AbD-34".into(),
                    "mx.example.org".into()
                ),
            ]
        );
    }

    #[test]
    fn a_reply_without_an_enhanced_code_is_the_verdicts_reply() {
        let found = verdicts(
            &[
                "2024-11-07 10:22:00 1tA2b4-000AbD-34 ** bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<bob@example.net>: 550 Don't like that sender",
                "2024-11-07 10:22:02 1tA2b4-000AbF-36 ** dave@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.1]: PRDR error after DATA: 550 Content rejected",
            ],
            LogFormat::Exim,
        );
        let read: Vec<_> = found
            .iter()
            .map(|f| {
                (
                    f.code.to_string(),
                    f.reply,
                    text(f.context.reason.map(|r| r.as_str())),
                )
            })
            .collect();
        assert_eq!(
            read,
            vec![
                ("550".into(), Some(550), "onhold".into()),
                ("550".into(), Some(550), "contenterror".into()),
            ]
        );
    }
}
