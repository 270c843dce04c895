//! Plain SMTP transcripts: client lines (`C: RCPT TO:<…>`, `>>> RCPT TO:<…>`) and server replies
//! (`S: 550 …`, `<<< 550 …`). A failing reply is the verdict of the recipient named by the
//! command it answers; a failure after `DATA` is the verdict of every accepted recipient.

use std::ops::Range;

use super::delivery::{self, Delivery, address_at};
use crate::analysis::{Finding, codes};

/// Most accepted recipients remembered for one transaction.
const MAX_ACCEPTED: usize = 1000;

/// Client and server markers, longest first.
const CLIENT: &[&str] = &[">>> ", "C: ", "-> ", "> "];
const SERVER: &[&str] = &["<<< ", "S: ", "<- ", "< "];

/// What the transcript has said so far in the current transaction.
#[derive(Debug, Default)]
pub struct State {
    /// The recipient of the last `RCPT TO`, awaiting its reply: (line, its start, address range).
    pending: Option<(String, usize, Range<usize>)>,
    /// Recipients the server accepted.
    accepted: Vec<(String, usize, Range<usize>)>,
    /// True between `DATA` and the reply to the end of data.
    in_data: bool,
}

/// True for a line that looks like one side of an SMTP conversation.
pub fn is_transcript_line(line: &str) -> bool {
    let line = line.trim_start();
    let (rest, server) = match strip(line) {
        Some(found) => found,
        None => return false,
    };
    let upper = rest.to_ascii_uppercase();
    if server {
        codes::reply_at(rest.as_bytes(), 0).is_some()
    } else {
        [
            "EHLO",
            "HELO",
            "MAIL FROM",
            "RCPT TO",
            "DATA",
            "QUIT",
            "STARTTLS",
        ]
        .iter()
        .any(|c| upper.starts_with(c))
    }
}

/// The text after a client or server marker, and whether it is the server speaking.
fn strip(line: &str) -> Option<(&str, bool)> {
    for marker in SERVER {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some((rest, true));
        }
    }
    for marker in CLIENT {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some((rest, false));
        }
    }
    None
}

/// Scans one transcript line with the conversation so far.
pub fn scan_line(line: &str, base: usize, state: &mut State, out: &mut Vec<Finding>) {
    codes::scan(line, base, out);
    scan_recipients(line, base, state, out);
}

/// Follows the conversation and emits verdicts for failing replies.
pub fn scan_recipients(line: &str, base: usize, state: &mut State, out: &mut Vec<Finding>) {
    let indent = line.len() - line.trim_start().len();
    let trimmed = &line[indent..];
    let (rest, server) = match strip(trimmed) {
        Some(found) => found,
        // Bare replies (`550 5.1.1 …`) and commands (`RCPT TO:<…>`) in an unmarked transcript.
        None => (trimmed, codes::reply_at(trimmed.as_bytes(), 0).is_some()),
    };
    let rest_start = line.len() - rest.len();
    if !server {
        let upper = rest.get(..9).unwrap_or(rest).to_ascii_uppercase();
        if upper.starts_with("RCPT TO:") {
            let at = rest_start + 8 + rest[8..].len() - rest[8..].trim_start().len();
            if let Some(address) = address_at(line, at) {
                state.pending = Some((line.to_string(), base, address));
            }
        } else if upper.starts_with("MAIL FROM")
            || upper.starts_with("RSET")
            || upper.starts_with("QUIT")
        {
            *state = State::default();
        } else if upper.starts_with("DATA") {
            state.in_data = true;
        }
        return;
    }
    let Some(reply) = codes::reply_at(rest.as_bytes(), 0) else {
        return;
    };
    // Multi-line replies (`550-…`) are judged on their last line.
    if rest.as_bytes().get(3) == Some(&b'-') {
        return;
    }
    if let Some((rcpt_line, rcpt_base, address)) = state.pending.take() {
        if reply < 400 {
            if state.accepted.len() < MAX_ACCEPTED {
                state.accepted.push((rcpt_line, rcpt_base, address));
            }
        } else {
            emit(&rcpt_line, rcpt_base, address, reply, line, rest_start, out);
        }
        return;
    }
    if state.in_data && reply != 354 {
        state.in_data = false;
        if reply >= 400 {
            for (rcpt_line, rcpt_base, address) in std::mem::take(&mut state.accepted) {
                emit(&rcpt_line, rcpt_base, address, reply, line, rest_start, out);
            }
        }
    }
}

/// Emits the verdict of the recipient named in `rcpt_line`, explained by the reply in `line`.
fn emit(
    rcpt_line: &str,
    rcpt_base: usize,
    address: Range<usize>,
    reply: u16,
    line: &str,
    reply_start: usize,
    out: &mut Vec<Finding>,
) {
    // The verdict sits on the address; its response is the reply line, carried in a joined text.
    let joined = format!("{rcpt_line}\n{}", &line[reply_start..]);
    let response = rcpt_line.len() + 1..joined.len();
    let delivery = Delivery {
        recipient: address,
        action: if reply >= 500 {
            crate::delivery::Action::Failed
        } else {
            crate::delivery::Action::Delayed
        },
        dsn: None,
        response: Some(response),
        remote: None,
    };
    let first = out.len();
    delivery::emit(&joined, rcpt_base, &delivery, None, out);
    for finding in &mut out[first..] {
        finding.span.end = finding.span.end.min(rcpt_base + rcpt_line.len());
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::log::analyze_with_format;
    use crate::analysis::log::testing::spans_and_codes;

    #[test]
    fn a_rejected_rcpt_is_the_verdict_of_its_address() {
        let text = "S: 220 mx.example.net ESMTP\nC: EHLO me.example.com\nS: 250 mx.example.net\n\
            C: MAIL FROM:<me@example.com>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@example.net>\n\
            S: 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown\n\
            C: RCPT TO:<ann@example.net>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\n\
            C: .\nS: 554 5.7.1 Message rejected as spam\n";
        let findings = analyze_with_format(text, None);
        assert_eq!(
            spans_and_codes(text, &findings),
            vec![("bob@example.net", "5.1.1"), ("ann@example.net", "5.7.1")]
        );
    }
}
