//! The prefixes a logging system puts before a mail server's message: classic syslog
//! (`Nov  4 09:12:01 mx postfix/smtp[2103]: `), ISO and RFC 5424 timestamps
//! (`2024-11-04T09:12:01.123+01:00 mx postfix/smtp[2103]: `, `<22>1 2024-11-04T… mx postfix/smtp
//! 2103 - - `) and journald's short-iso output. What is left is the program and its message.

/// A line split into the program that wrote it and the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefixed<'l> {
    /// `postfix/smtp`, `sm-mta`, `exim`, `postscreen` … (the `[pid]` removed).
    pub program: &'l str,
    /// Where the message starts in the line.
    pub message_start: usize,
}

const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Reads the syslog-style prefix of a line, if it has one.
pub fn split(line: &str) -> Option<Prefixed<'_>> {
    let bytes = line.as_bytes();
    let mut at = 0;
    // RFC 5424: `<PRI>VERSION TIMESTAMP HOST APP PROCID MSGID SD MSG`.
    if bytes.first() == Some(&b'<') {
        let close = bytes.iter().take(5).position(|&b| b == b'>')?;
        at = close + 1;
        let version_end = word_end(bytes, at);
        if version_end > at && bytes[at..version_end].iter().all(u8::is_ascii_digit) {
            return rfc5424(line, version_end + 1);
        }
    }
    at = skip_timestamp(bytes, at)?;
    at = skip_spaces(bytes, at);
    // The host.
    let host_end = word_end(bytes, at);
    if host_end == at {
        return None;
    }
    at = skip_spaces(bytes, host_end);
    // The tag: `program[pid]:` or `program:`.
    let tag_end = word_end(bytes, at);
    let tag = line.get(at..tag_end)?;
    let tag = tag.strip_suffix(':')?;
    let program = tag.split('[').next().unwrap_or(tag);
    if program.is_empty() {
        return None;
    }
    Some(Prefixed {
        program,
        message_start: skip_spaces(bytes, tag_end),
    })
}

fn rfc5424(line: &str, start: usize) -> Option<Prefixed<'_>> {
    let bytes = line.as_bytes();
    let mut at = start;
    let mut fields = [0..0, 0..0, 0..0, 0..0, 0..0];
    for field in &mut fields {
        at = skip_spaces(bytes, at);
        let end = word_end(bytes, at);
        *field = at..end;
        at = end;
    }
    // fields: timestamp, host, app, procid, msgid; then structured data.
    let program = line.get(fields[2].clone())?;
    at = skip_spaces(bytes, at);
    if bytes.get(at) == Some(&b'[') {
        let mut depth = 0usize;
        while at < bytes.len() {
            match bytes[at] {
                b'[' => depth += 1,
                b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && bytes.get(at + 1) != Some(&b'[') {
                        at += 1;
                        break;
                    }
                }
                _ => {}
            }
            at += 1;
        }
    } else if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    Some(Prefixed {
        program,
        message_start: skip_spaces(bytes, at),
    })
}

/// Skips `Nov  4 09:12:01`, `2024-11-04T09:12:01.123+01:00` or `2024-11-04 09:12:01`.
fn skip_timestamp(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    if rest.len() >= 15 && MONTHS.iter().any(|m| rest.starts_with(m.as_bytes())) {
        // `Mmm dd hh:mm:ss`, the day space-padded or zero-padded.
        let mut i = at + 3;
        i = skip_spaces(bytes, i);
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i = skip_spaces(bytes, i);
        let time_end = word_end(bytes, i);
        let time = bytes.get(i..time_end)?;
        return (time.len() >= 8 && time[2] == b':').then_some(time_end);
    }
    if rest.len() >= 19 && rest[..4].iter().all(u8::is_ascii_digit) && rest[4] == b'-' {
        let end = word_end(bytes, at);
        if bytes.get(at + 10) == Some(&b'T') {
            return Some(end);
        }
        // `2024-11-04 09:12:01[.123]`
        let time_end = word_end(bytes, end + 1);
        return Some(time_end);
    }
    None
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at] == b' ' {
        at += 1;
    }
    at
}

fn word_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at] != b' ' {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program_and_message(line: &str) -> Option<(&str, &str)> {
        split(line).map(|p| (p.program, &line[p.message_start..]))
    }

    #[test]
    fn syslog_iso_journald_and_rfc5424_prefixes() {
        assert_eq!(
            program_and_message("Nov  4 09:12:01 mx postfix/smtp[2103]: 4XkQ1R: to=<a@b.c>"),
            Some(("postfix/smtp", "4XkQ1R: to=<a@b.c>"))
        );
        assert_eq!(
            program_and_message("2024-11-04T09:12:01.123456+01:00 mx sm-mta[77]: x1: stat=Sent"),
            Some(("sm-mta", "x1: stat=Sent"))
        );
        assert_eq!(
            program_and_message(
                "<22>1 2024-11-04T09:12:01.003Z mx.example.com postfix/smtp 2103 - - 4XkQ1R: to=<a@b.c>"
            ),
            Some(("postfix/smtp", "4XkQ1R: to=<a@b.c>"))
        );
        assert_eq!(
            program_and_message(
                "Nov 04 09:12:01 mx exim[812]: 2024-11-04 09:12:01 1tA2b3-000AbC-12 ** a@b.c"
            ),
            Some(("exim", "2024-11-04 09:12:01 1tA2b3-000AbC-12 ** a@b.c"))
        );
        assert_eq!(program_and_message("hello world"), None);
    }
}
