//! The messages of an mbox file: one splitter for the analysis and the document structure, so
//! the verdicts and the outline always agree on where each message starts.
//!
//! A message starts at an envelope line, `From sender date` (`From MAILER-DAEMON Fri Jul  5
//! 10:12:00 2024`). Such a line is recognised by its shape alone, not by the blank line before
//! it, which some writers leave out; a body line that merely starts with "From " has no time of
//! day in it, and mboxrd writers escape those as `>From ` anyway. LF and CRLF files split alike.

use std::ops::Range;

/// The byte ranges of the messages in `text`: several for an mbox file, else the whole text.
pub fn messages(text: &str) -> Vec<Range<usize>> {
    if !text.starts_with("From ") {
        return std::iter::once(0..text.len()).collect();
    }
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for found in memchr::memmem::find_iter(bytes, b"\nFrom ") {
        let at = found + 1;
        let end = memchr::memchr(b'\n', bytes.get(at..).unwrap_or_default())
            .map_or(text.len(), |i| at + i);
        if text.get(at..end).is_some_and(is_envelope_line) {
            starts.push(at);
        }
    }
    starts.push(text.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// True for `From <sender> <date with a time of day>`.
pub fn is_envelope_line(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("From ") else {
        return false;
    };
    let rest = rest.trim_end_matches('\r');
    let mut words = rest.split_whitespace();
    let Some(sender) = words.next() else {
        return false;
    };
    if sender.ends_with(':') || sender.ends_with(',') {
        return false;
    }
    let date = rest
        .get(rest.find(sender).map_or(0, |i| i + sender.len())..)
        .unwrap_or_default();
    has_time_of_day(date)
}

/// `hh:mm` somewhere in the text.
fn has_time_of_day(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    }) || bytes.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MBOX: &str = "From MAILER-DAEMON Fri Jul  5 10:12:00 2024\nSubject: one\n\nbody\n\n\
        From ann@example.com Fri Jul  5 11:00:00 2024\nSubject: two\n\nFrom the team: hello\n\
        From bob@example.com Sat Jul  6 09:30:00 2024\nSubject: three\n\nbody\n";

    #[test]
    fn messages_start_at_envelope_lines_with_or_without_a_blank_line_before() {
        let parts = messages(MBOX);
        assert_eq!(parts.len(), 3);
        assert!(MBOX[parts[1].clone()].starts_with("From ann@example.com"));
        assert!(MBOX[parts[2].clone()].starts_with("From bob@example.com"));
    }

    #[test]
    fn crlf_and_lf_mboxes_split_alike() {
        let crlf = MBOX.replace('\n', "\r\n");
        assert_eq!(messages(&crlf).len(), messages(MBOX).len());
    }

    #[test]
    fn a_body_line_starting_with_from_is_not_a_message() {
        assert!(!is_envelope_line("From the team: hello"));
        assert!(!is_envelope_line("From: ann@example.com"));
        assert!(is_envelope_line(
            "From ann@example.com Fri Jul  5 11:00:00 2024\r"
        ));
    }

    #[test]
    fn a_plain_message_is_one_message() {
        let text = "Subject: hi\n\nFrom Monday on, 10:00 is fine.\n";
        assert_eq!(
            messages(text),
            std::iter::once(0..text.len()).collect::<Vec<_>>()
        );
    }
}
