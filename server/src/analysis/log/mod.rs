//! Mail-server logs, read line by line so an edit only costs the lines it touches.
//!
//! Every line gets the status-code scan of `codes`; a line that reports a delivery attempt for a
//! recipient (Postfix `status=`, Exim `**`/`==`, Sendmail `stat=`, an Exchange or Microsoft 365
//! CSV row, a rejected `RCPT TO` in a transcript) also gets a recipient verdict. Findings keep the
//! queue ID or Message-ID of their line in `context.message_id`.

mod csv;
mod delivery;
mod exim;
pub(crate) mod outcome;
mod postfix;
pub mod prefix;
mod replies;
mod sendmail;
pub mod stream;
mod transcript;

use super::{Finding, Limits, codes};
pub use csv::Columns;

/// How many lines the format detector reads.
const DETECT_LINES: usize = 400;

/// The log formats mail-lsp reads. CSV formats carry the columns their header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Postfix,
    Exim,
    Sendmail,
    /// Exchange Server message-tracking or SMTP protocol log (`#Fields:` header).
    Exchange(Columns),
    /// A Microsoft 365 message-trace CSV export.
    M365(Columns),
    /// A plain SMTP transcript (`<<< 550 …`, `S: 550 …`).
    Transcript,
    /// Anything else: status codes only, and syslog lines by the program that wrote them.
    Generic,
}

impl LogFormat {
    /// The name used by the `logFormats` setting.
    pub fn name(self) -> &'static str {
        match self {
            LogFormat::Postfix => "postfix",
            LogFormat::Exim => "exim",
            LogFormat::Sendmail => "sendmail",
            LogFormat::Exchange(_) => "exchange",
            LogFormat::M365(_) => "m365",
            LogFormat::Transcript => "transcript",
            LogFormat::Generic => "auto",
        }
    }

    /// The format a `logFormats` value names (`auto` and unknown names detect). CSV formats read
    /// their columns from the document's header.
    pub fn named(name: &str, text: &str) -> Option<LogFormat> {
        let columns = || csv::header_columns(text).unwrap_or_else(Columns::exchange_defaults);
        match name.trim().to_ascii_lowercase().as_str() {
            "postfix" => Some(LogFormat::Postfix),
            "exim" => Some(LogFormat::Exim),
            "sendmail" => Some(LogFormat::Sendmail),
            "exchange" => Some(LogFormat::Exchange(columns())),
            "m365" => Some(LogFormat::M365(
                csv::header_columns(text).unwrap_or_default(),
            )),
            "transcript" => Some(LogFormat::Transcript),
            _ => None,
        }
    }
}

/// Decides the format of a document from its first lines.
pub fn detect(text: &str) -> LogFormat {
    let mut counts = [0usize; 4]; // postfix, exim, sendmail, transcript
    for line in text.lines().take(DETECT_LINES) {
        let line = line.trim_start_matches('\u{feff}');
        if line.starts_with("#Fields:") || line.starts_with("#Software: Microsoft Exchange") {
            let columns = csv::header_columns(text).unwrap_or_else(Columns::exchange_defaults);
            return LogFormat::Exchange(columns);
        }
        if let Some(columns) = csv::m365_header(line) {
            return LogFormat::M365(columns);
        }
        if let Some(prefixed) = prefix::split(line) {
            match program_format(prefixed.program) {
                Some(LogFormat::Postfix) => counts[0] += 1,
                Some(LogFormat::Exim) => counts[1] += 1,
                Some(LogFormat::Sendmail) => counts[2] += 1,
                _ => {}
            }
        } else if exim::is_mainlog_line(line) {
            counts[1] += 1;
        } else if transcript::is_transcript_line(line) {
            counts[3] += 1;
        }
    }
    let formats = [
        LogFormat::Postfix,
        LogFormat::Exim,
        LogFormat::Sendmail,
        LogFormat::Transcript,
    ];
    counts
        .iter()
        .zip(formats)
        .filter(|(count, _)| **count > 0)
        .max_by_key(|(count, _)| **count)
        .map_or(LogFormat::Generic, |(_, format)| format)
}

/// The format of a syslog program name.
fn program_format(program: &str) -> Option<LogFormat> {
    let program = program.to_ascii_lowercase();
    if program.starts_with("postfix") || program.starts_with("postscreen") {
        Some(LogFormat::Postfix)
    } else if program.starts_with("exim") {
        Some(LogFormat::Exim)
    } else if program.starts_with("sendmail") || program.starts_with("sm-") {
        Some(LogFormat::Sendmail)
    } else {
        None
    }
}

/// Analyses a whole log, detecting its format.
pub fn analyze(text: &str) -> Vec<Finding> {
    analyze_with_format(text, None)
}

/// Analyses a whole log in a forced format (`postfix`, `exim`, `sendmail`, `exchange`, `m365`,
/// `transcript`), or detects it when `format` is `None` or `auto`.
pub fn analyze_with_format(text: &str, format: Option<&str>) -> Vec<Finding> {
    let format = format
        .and_then(|name| LogFormat::named(name, text))
        .unwrap_or_else(|| detect(text));
    analyze_as(text, 0, format)
}

/// Analyses a run of whole lines starting at `base` in the document, in a known format. Runs of
/// a line-local format can be analysed independently (and in parallel) and concatenated.
pub fn analyze_as(text: &str, base: usize, format: LogFormat) -> Vec<Finding> {
    let mut out = Vec::new();
    Scanner::new(format).scan(text, base, &mut out);
    out
}

/// [`analyze_as`] with each line's findings sorted by span as they are made. A caller that sorts
/// the whole result by span then finds it in order already (one pass, no moves), instead of
/// sorting close to a million findings of a large log after the fact; the order is the same.
pub fn analyze_as_sorted(text: &str, base: usize, format: LogFormat) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut scanner = Scanner::new(format);
    scanner.sort_lines = true;
    scanner.scan(text, base, &mut out);
    out
}

/// The per-line log analysis with what it carries from one line to the next: the format (and a
/// CSV log's columns, which a restated header changes) and a transcript's conversation. A whole
/// document is one `scan`; a log that arrives in pieces (a followed file, a pipe) is scanned
/// piece by piece with the same `Scanner`, and gets the same findings as the whole text would.
#[derive(Debug)]
pub struct Scanner {
    format: LogFormat,
    /// False while the format is still to be detected from the lines seen so far.
    decided: bool,
    /// Lines seen while detecting.
    seen: usize,
    transcript: transcript::State,
    /// Sort each line's findings by span (see [`analyze_as_sorted`]).
    sort_lines: bool,
}

impl Scanner {
    /// A scanner for a log of a known format.
    pub fn new(format: LogFormat) -> Self {
        Scanner {
            format,
            decided: true,
            seen: 0,
            transcript: transcript::State::default(),
            sort_lines: false,
        }
    }

    /// A scanner that detects the format from the first pieces it is given: the first piece
    /// whose lines name a format decides it, as [`detect`] does for a whole text; until then
    /// (at most [`DETECT_LINES`] lines) lines are read as a [`LogFormat::Generic`] log.
    pub fn detecting() -> Self {
        Scanner {
            decided: false,
            ..Scanner::new(LogFormat::Generic)
        }
    }

    /// Analyses a run of whole lines starting at `base`, after the lines scanned before.
    pub fn scan(&mut self, text: &str, base: usize, out: &mut Vec<Finding>) {
        if !self.decided {
            let found = detect(text);
            self.seen = self
                .seen
                .saturating_add(text.lines().take(DETECT_LINES).count());
            if found != LogFormat::Generic || self.seen >= DETECT_LINES {
                self.format = found;
                self.decided = true;
            }
        }
        let limits = Limits::default();
        let mut start = base;
        for raw in text.split_inclusive('\n') {
            let base = start;
            start += raw.len();
            let mut line = raw.trim_end_matches(['\n', '\r']);
            if line.len() > limits.max_line_bytes {
                let cut = crate::text::floor_char_boundary(line, limits.max_line_bytes);
                line = line.get(..cut).unwrap_or_default();
            }
            // A CSV export may restate its header (several log files pasted together).
            if let LogFormat::Exchange(_) = self.format
                && line.starts_with("#Fields:")
            {
                self.format = LogFormat::Exchange(csv::fields_line(line));
                continue;
            }
            if let LogFormat::M365(_) = self.format
                && let Some(columns) = csv::m365_header(line)
            {
                self.format = LogFormat::M365(columns);
                continue;
            }
            let first = out.len();
            if self.format == LogFormat::Transcript {
                transcript::scan_line(line, base, &mut self.transcript, out);
            } else {
                scan_line(line, base, self.format, out);
            }
            if self.sort_lines
                && let Some(made) = out.get_mut(first..)
            {
                made.sort_by_key(|f| (f.span.start, f.span.end));
            }
        }
    }
}

/// Scans one line (without its line ending) that starts at `base` in the document. Transcript
/// verdicts need the lines before (the `RCPT TO` a reply answers), so a single transcript line
/// yields its codes only.
pub fn scan_line(line: &str, base: usize, format: LogFormat, out: &mut Vec<Finding>) {
    if line.is_empty() || line.starts_with('#') && !matches!(format, LogFormat::Transcript) {
        return;
    }
    let first = out.len();
    codes::scan(line, base, out);
    replies::scan(line, base, first, out);
    let (format, message) = match prefix::split(line) {
        Some(prefixed) => (
            program_format(prefixed.program).unwrap_or(format),
            prefixed.message_start,
        ),
        None => (format, 0),
    };
    let message_id = match format {
        LogFormat::Postfix => postfix::scan(line, message, base, out),
        LogFormat::Exim => exim::scan(line, message, base, out),
        LogFormat::Sendmail => sendmail::scan(line, message, base, out),
        LogFormat::Exchange(columns) | LogFormat::M365(columns) => {
            csv::scan(line, base, columns, out)
        }
        LogFormat::Transcript => {
            let mut state = transcript::State::default();
            transcript::scan_recipients(line, base, &mut state, out);
            None
        }
        LogFormat::Generic => None,
    };
    if let Some(id) = message_id {
        for finding in &mut out[first..] {
            if finding.context.message_id.is_none() {
                finding.context.message_id = Some(id.into());
            }
        }
    }
}

/// What the format tests compare: the recipient verdicts of a log.
#[cfg(test)]
mod testing {
    use super::{LogFormat, scan_line};
    use crate::analysis::{Finding, FindingKind};

    /// The recipient verdicts of `lines`, each scanned on its own in `format`.
    pub fn verdicts(lines: &[&str], format: LogFormat) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut base = 0;
        for line in lines {
            scan_line(line, base, format, &mut out);
            base += line.len() + 1;
        }
        out.retain(|f| f.kind == FindingKind::Recipient);
        out
    }

    /// Each verdict as the text its span covers and its code.
    pub fn spans_and_codes<'a>(text: &'a str, findings: &'a [Finding]) -> Vec<(&'a str, &'a str)> {
        findings
            .iter()
            .filter(|f| f.kind == FindingKind::Recipient)
            .map(|f| (&text[f.span.clone()], f.code.as_str()))
            .collect()
    }

    /// A context field as text, empty when absent.
    pub fn text(value: Option<&str>) -> String {
        value.unwrap_or_default().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FindingKind;

    #[test]
    fn formats_are_told_apart_by_their_first_lines() {
        assert_eq!(
            detect("Nov  4 09:12:01 mx postfix/smtp[1]: ABC: to=<a@b.c>, status=sent\n"),
            LogFormat::Postfix
        );
        assert_eq!(
            detect("2024-11-04 09:12:01 1tA2b3-000AbC-12 ** a@b.example R=x T=y: boom\n"),
            LogFormat::Exim
        );
        assert_eq!(
            detect("Nov  4 09:12:01 mx sm-mta[1]: x: to=<a@b.c>, stat=Sent\n"),
            LogFormat::Sendmail
        );
        assert_eq!(
            detect("S: 220 mx.example.com ESMTP\nC: EHLO me\n"),
            LogFormat::Transcript
        );
        assert!(matches!(
            detect(
                "#Software: Microsoft Exchange Server\n#Fields: date-time,recipient-address,recipient-status\n"
            ),
            LogFormat::Exchange(_)
        ));
        assert_eq!(detect("nothing to see\n"), LogFormat::Generic);
    }

    #[test]
    fn a_forced_format_wins_over_detection() {
        let line = "2024-11-04 09:12:01 1tA2b3-000AbC-12 ** bob@example.net: 550 5.1.1 unknown\n";
        let findings = analyze_with_format(line, Some("exim"));
        assert!(findings.iter().any(|f| f.kind == FindingKind::Recipient));
        let findings = analyze_with_format(line, Some("transcript"));
        assert!(!findings.iter().any(|f| f.kind == FindingKind::Recipient));
    }
}
