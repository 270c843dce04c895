//! A log that arrives in pieces: a followed file, a pipe from `journalctl -f`. Bytes go in as
//! they are read; complete lines come out, analysed by the same [`Scanner`] as a whole log, so
//! the findings (queue IDs, a transcript's conversation, a CSV log's columns) are those the whole
//! text would give. A trailing partial line waits for its line end.
//!
//! Lines are split on LF, CRLF and a lone CR, as [`crate::text::lone_cr_as_lf`] splits a whole
//! text; a CR that is the last byte read waits, since an LF may follow it. Only the first
//! [`KEPT_LINE_BYTES`] bytes of a line are kept in memory, so a line without end (`/dev/zero`)
//! costs bounded memory; a `limit` finding says where such a line was cut. Nothing here reads
//! a file or a pipe: the caller does, and bounds how long it waits for a line end.

use super::{LogFormat, Scanner};
use crate::analysis::{Finding, note_long_lines};

/// Bytes of earlier lines kept, for findings placed on a line before the one that completed
/// them (a transcript's failure after `DATA` is the verdict of each `RCPT TO` line above it).
const HISTORY_BYTES: usize = 1 << 20;

/// Bytes kept of one line: the analysis cap and one more character, so the `limit` finding that
/// marks the cut covers the first character past it, as in a whole text.
const KEPT_LINE_BYTES: usize = 64 * 1024 + 4;

/// Complete lines read since the last [`LogStream::push`], analysed.
#[derive(Debug, Default)]
pub struct Batch {
    /// The lines, each ended by `\n` (CRLF and lone CR are written as `\n`); every finding's span
    /// is a byte range of this text.
    pub text: String,
    /// The 1-based line number of the first line of `text` in the log.
    pub first_line: usize,
    pub findings: Vec<Finding>,
    /// Invalid UTF-8 was replaced by U+FFFD.
    pub lossy: bool,
}

/// The reading state of one log: the partial line, the line count and the scanner.
#[derive(Debug)]
pub struct LogStream {
    forced: Option<LogFormat>,
    scanner: Scanner,
    /// The start of the line being read (at most [`KEPT_LINE_BYTES`] of it).
    partial: Vec<u8>,
    /// Bytes of the line being read past what `partial` keeps.
    dropped: u64,
    /// The last byte read was a CR: the line has ended, unless an LF comes next (CRLF).
    after_cr: bool,
    /// Lines handed out so far.
    lines: usize,
    /// Nothing has been read yet (a UTF-8 byte order mark may open the log).
    at_start: bool,
    /// Where the next line starts in the log's text as the scanner sees it (lines ended by LF).
    offset: usize,
    /// The latest batches: their start in the log and their text. The newest is
    /// always kept; older ones until [`HISTORY_BYTES`] are held.
    history: std::collections::VecDeque<(usize, String)>,
}

impl LogStream {
    /// A stream in a forced format, or detecting it from its first lines when `None`.
    pub fn new(format: Option<LogFormat>) -> Self {
        LogStream {
            forced: format,
            scanner: format.map_or_else(Scanner::detecting, Scanner::new),
            partial: Vec::new(),
            dropped: 0,
            after_cr: false,
            lines: 0,
            at_start: true,
            offset: 0,
            history: std::collections::VecDeque::new(),
        }
    }

    /// Starts again on a new log (the file was rotated or truncated): line numbers start again
    /// at 1, the partial line is forgotten and the format is detected anew.
    pub fn restart(&mut self) {
        *self = LogStream::new(self.forced);
    }

    /// Lines handed out so far.
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// Bytes of the line still waiting for its end, so the caller can bound how long it waits.
    pub fn partial_bytes(&self) -> u64 {
        (self.partial.len() as u64).saturating_add(self.dropped)
    }

    /// Takes bytes read from the log and returns the lines they complete, analysed.
    pub fn push(&mut self, mut bytes: &[u8]) -> Batch {
        if self.at_start && !bytes.is_empty() {
            // A byte order mark cut between two reads is too rare to wait for.
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            self.at_start = false;
        }
        let mut complete = Vec::new();
        if self.after_cr {
            self.after_cr = false;
            if let Some(rest) = bytes.strip_prefix(b"\n") {
                bytes = rest;
            }
        }
        while let Some(at) = memchr::memchr2(b'\n', b'\r', bytes) {
            let (line, rest) = bytes.split_at(at);
            self.keep(line);
            self.end_line(&mut complete);
            bytes = match rest {
                [b'\r'] => {
                    self.after_cr = true;
                    &[]
                }
                [b'\r', b'\n', after @ ..] | [_, after @ ..] => after,
                [] => &[],
            };
        }
        self.keep(bytes);
        self.analyse(complete)
    }

    /// The end of the log (the pipe closed): a last line without a line end is analysed too.
    pub fn finish(&mut self) -> Batch {
        let mut complete = Vec::new();
        if !self.partial.is_empty() || self.dropped > 0 {
            self.end_line(&mut complete);
        }
        self.after_cr = false;
        self.analyse(complete)
    }

    /// Adds bytes to the line being read, keeping at most [`KEPT_LINE_BYTES`].
    fn keep(&mut self, bytes: &[u8]) {
        let room = KEPT_LINE_BYTES.saturating_sub(self.partial.len());
        let (kept, past) = bytes.split_at(room.min(bytes.len()));
        self.partial.extend_from_slice(kept);
        self.dropped = self.dropped.saturating_add(past.len() as u64);
    }

    /// Moves the line being read into `complete`, ended by `\n`. A line cut at the cap loses the
    /// character the cut went through, so the cut never makes invalid UTF-8 of its own.
    fn end_line(&mut self, complete: &mut Vec<u8>) {
        if self.dropped > 0
            && let Err(error) = std::str::from_utf8(&self.partial)
            && error.error_len().is_none()
        {
            self.partial.truncate(error.valid_up_to());
        }
        complete.append(&mut self.partial);
        complete.push(b'\n');
        self.dropped = 0;
        self.lines = self.lines.saturating_add(1);
    }

    fn analyse(&mut self, complete: Vec<u8>) -> Batch {
        let count = complete.iter().filter(|&&b| b == b'\n').count();
        let first_line = self.lines.saturating_sub(count).saturating_add(1);
        let (text, lossy) = match String::from_utf8(complete) {
            Ok(text) => (text, false),
            Err(error) => (String::from_utf8_lossy(error.as_bytes()).into_owned(), true),
        };
        if text.is_empty() {
            return Batch {
                first_line,
                ..Batch::default()
            };
        }
        let base = self.offset;
        // The lines are taken before they are analysed: an internal error in them (contained by
        // the caller) loses their findings, not the lines after.
        self.offset = base.saturating_add(text.len());
        crate::analysis::inject_failure(&text);
        let mut findings = Vec::new();
        self.scanner.scan(&text, base, &mut findings);
        note_long_lines(&text, base, &mut findings);
        findings.sort_by_key(|f| (f.span.start, f.span.end));
        let earliest = findings.first().map_or(base, |f| f.span.start);
        let (prefix_start, prefix_lines, prefix) = self.prefix_from(earliest.min(base), base);
        // A finding placed before the lines still held has no line to be shown on.
        findings.retain(|f| f.span.start >= prefix_start);
        for finding in &mut findings {
            finding.span = finding.span.start.saturating_sub(prefix_start)
                ..finding.span.end.saturating_sub(prefix_start);
        }
        let batch_text = if prefix.is_empty() {
            text.clone()
        } else {
            prefix + &text
        };
        self.remember(base, text);
        Batch {
            text: batch_text,
            first_line: first_line.saturating_sub(prefix_lines),
            findings,
            lossy,
        }
    }

    /// The earlier lines from the one holding `from` up to `base` (where the new lines start):
    /// their start, how many lines they are, and their text.
    fn prefix_from(&self, from: usize, base: usize) -> (usize, usize, String) {
        if from >= base {
            return (base, 0, String::new());
        }
        // The newest batch that starts at or before `from`, else the oldest still held.
        let first = self
            .history
            .iter()
            .rposition(|(start, _)| *start <= from)
            .unwrap_or(0);
        let held_start = self.history.get(first).map_or(base, |(start, _)| *start);
        let held: String = self
            .history
            .iter()
            .skip(first)
            .map(|(_, text)| text.as_str())
            .collect();
        let within = from.saturating_sub(held_start).min(held.len());
        let line_start = held
            .get(..within)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |i| i + 1);
        let prefix = held.get(line_start..).unwrap_or_default().to_string();
        let lines = prefix.matches('\n').count();
        (held_start.saturating_add(line_start), lines, prefix)
    }

    /// Keeps a batch's text for findings later lines place on it.
    fn remember(&mut self, start: usize, text: String) {
        self.history.push_back((start, text));
        let mut held: usize = self.history.iter().map(|(_, t)| t.len()).sum();
        while self.history.len() > 1 && held > HISTORY_BYTES {
            if let Some((_, oldest)) = self.history.pop_front() {
                held = held.saturating_sub(oldest.len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{DocumentKind, FindingKind, Limits, analyze_document};

    /// Findings as (line, text under the span, code), comparable between a whole text and a
    /// stream whose batches start at different lines.
    fn located(
        text: &str,
        first_line: usize,
        findings: &[Finding],
    ) -> Vec<(usize, String, String)> {
        findings
            .iter()
            .map(|f| {
                let line = text
                    .get(..f.span.start)
                    .unwrap_or_default()
                    .matches('\n')
                    .count();
                (
                    first_line + line,
                    text.get(f.span.clone()).unwrap_or_default().to_string(),
                    format!(
                        "{} {} {}",
                        f.code,
                        f.context.message_id.as_deref().unwrap_or("-"),
                        f.context.recipient.as_deref().unwrap_or("-")
                    ),
                )
            })
            .collect()
    }

    /// Streams `text` in pieces of `piece` bytes and gathers every batch's findings.
    fn streamed(text: &str, piece: usize) -> Vec<(usize, String, String)> {
        let mut stream = LogStream::new(None);
        let mut all = Vec::new();
        for chunk in text.as_bytes().chunks(piece) {
            let batch = stream.push(chunk);
            all.extend(located(&batch.text, batch.first_line, &batch.findings));
        }
        let batch = stream.finish();
        all.extend(located(&batch.text, batch.first_line, &batch.findings));
        all
    }

    fn whole(text: &str) -> Vec<(usize, String, String)> {
        let findings = analyze_document(text, DocumentKind::Log, None);
        // Lines as the analysis counts them (a lone CR ends one); the text under each span is
        // the same in both, as CRLF only ever follows the last character of a line.
        located(&crate::text::lone_cr_as_lf(text), 1, &findings)
    }

    proptest::proptest! {
        /// A log of one format, with any line ends, cut at any points, gives the findings of the
        /// whole text on the same lines.
        #[test]
        fn any_cuts_give_the_findings_of_the_whole_text(
            picks in proptest::collection::vec((0usize..8, 0usize..3), 1..30),
            cuts in proptest::collection::vec(1usize..300, 1..40),
            transcript in proptest::bool::ANY,
        ) {
            let lines: Vec<&str> = if transcript { TRANSCRIPT } else { POSTFIX }.lines().collect();
            let mut text = String::new();
            for (line, end) in picks {
                text.push_str(lines[line % lines.len()]);
                text.push_str(["\n", "\r\n", "\r"][end]);
            }
            let mut stream = LogStream::new(None);
            let mut found = Vec::new();
            let mut rest = text.as_bytes();
            for cut in cuts.iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let (piece, after) = rest.split_at((*cut).min(rest.len()));
                let batch = stream.push(piece);
                found.extend(located(&batch.text, batch.first_line, &batch.findings));
                rest = after;
            }
            let batch = stream.finish();
            found.extend(located(&batch.text, batch.first_line, &batch.findings));
            proptest::prop_assert_eq!(found, whole(&text));
        }
    }

    const POSTFIX: &str = "\
Nov  4 09:12:01 mx postfix/qmgr[2101]: 4XkQ1R2bZ9z9v: from=<ann@contoso.com>, size=1200, nrcpt=1 (queue active)
Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, relay=mx.fabrikam.com[203.0.113.5]:25, dsn=5.1.1, status=bounced (host mx.fabrikam.com[203.0.113.5] said: 550 5.1.1 <bob@fabrikam.com>: User unknown (in reply to RCPT TO command))
Nov  4 09:12:03 mx postfix/smtp[2104]: 5YmR2S3cA0a1w: to=<carol@example.org>, relay=mx.example.org[192.0.2.9]:25, dsn=4.4.7, status=deferred (delivery temporarily suspended)
";

    const TRANSCRIPT: &str = "\
S: 220 mx.example.com ESMTP
C: EHLO client.example
S: 250 mx.example.com
C: MAIL FROM:<ann@contoso.com>
S: 250 2.1.0 Ok
C: RCPT TO:<bob@fabrikam.com>
S: 550 5.1.1 <bob@fabrikam.com>: Recipient address rejected: User unknown
";

    #[test]
    fn a_log_read_in_pieces_gives_the_findings_of_the_whole_text() {
        for text in [POSTFIX, TRANSCRIPT] {
            let expected = whole(text);
            assert!(
                expected
                    .iter()
                    .any(|(_, _, code)| code.starts_with("5.1.1")),
                "{expected:?}"
            );
            for piece in [1, 7, 64, 4096] {
                assert_eq!(streamed(text, piece), expected, "pieces of {piece} bytes");
            }
        }
    }

    #[test]
    fn queue_ids_and_the_transcript_conversation_carry_across_pieces() {
        let found = streamed(TRANSCRIPT, 5);
        let verdict = found
            .iter()
            .find(|(_, _, code)| code.ends_with("bob@fabrikam.com"))
            .expect("the RCPT TO two lines up names the recipient of the 550");
        assert_eq!(
            verdict.0, 6,
            "the verdict sits on the RCPT TO line: {found:?}"
        );
        let postfix = streamed(POSTFIX, 3);
        assert!(
            postfix
                .iter()
                .any(|(line, _, code)| *line == 2 && code == "5.1.1 4XkQ1R2bZ9z9v bob@fabrikam.com"),
            "{postfix:?}"
        );
    }

    #[test]
    fn a_partial_line_waits_for_its_end_and_line_numbers_keep_counting() {
        let mut stream = LogStream::new(None);
        let first = stream
            .push(b"Nov  4 09:12:01 mx postfix/smtp[1]: AAAAA1: to=<a@b.c>, dsn=5.1.1, status=bou");
        assert!(first.text.is_empty() && first.findings.is_empty());
        let second = stream.push(b"nced (550 5.1.1 no)\nnext line\n");
        assert_eq!(second.first_line, 1);
        assert!(second.findings.iter().any(|f| f.code == "5.1.1"));
        let third = stream.push(
            b"Nov  4 09:12:09 mx postfix/smtp[1]: BBBBB2: to=<d@e.f>, dsn=4.4.7, status=deferred\n",
        );
        assert_eq!(third.first_line, 3);
        assert_eq!(stream.lines(), 3);
        stream.restart();
        let again = stream.push(b"Status: 5.2.2\n");
        assert_eq!(again.first_line, 1, "a new file counts from 1");
    }

    #[test]
    fn crlf_split_between_reads_is_one_line_end_and_a_lone_cr_is_one_too() {
        let mut stream = LogStream::new(None);
        let one = stream.push(b"dsn=5.1.1\r");
        assert_eq!(one.text, "dsn=5.1.1\n");
        let two = stream.push(b"\ndsn=4.4.7\rdsn=5.7.1\n");
        assert_eq!(two.text, "dsn=4.4.7\ndsn=5.7.1\n");
        assert_eq!(two.first_line, 2);
    }

    #[test]
    fn a_line_without_end_is_kept_to_the_cap_and_its_cut_is_reported() {
        let mut stream = LogStream::new(None);
        let mut line = b"Nov  4 09:12:01 mx postfix/smtp[1]: AAAAA1: dsn=5.1.1 ".to_vec();
        line.extend(std::iter::repeat_n(b'x', 200_000));
        for chunk in line.chunks(10_000) {
            assert!(stream.push(chunk).text.is_empty());
        }
        assert!(stream.partial_bytes() >= 200_000);
        assert!(
            stream.partial.len() <= KEPT_LINE_BYTES,
            "memory stays bounded"
        );
        let batch = stream.push(b"\n");
        assert_eq!(batch.text.len(), KEPT_LINE_BYTES + 1);
        assert!(batch.findings.iter().any(|f| f.code == "5.1.1"));
        let cut = batch
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::Limit)
            .expect("the cut is reported");
        assert_eq!(cut.span.start, Limits::default().max_line_bytes);
        assert_eq!(stream.partial_bytes(), 0);
    }

    #[test]
    fn the_last_line_is_read_at_the_end_of_the_input() {
        let mut stream = LogStream::new(None);
        assert!(
            stream
                .push(b"\xef\xbb\xbfStatus: 5.1.1")
                .findings
                .is_empty()
        );
        let last = stream.finish();
        assert_eq!(last.text, "Status: 5.1.1\n");
        assert_eq!(last.findings.first().map(|f| f.span.clone()), Some(8..13));
    }

    #[test]
    fn invalid_utf8_is_replaced_and_said() {
        let mut stream = LogStream::new(None);
        let batch = stream.push(b"dsn=5.1.1 \xff\n");
        assert!(batch.lossy);
        assert!(batch.findings.iter().any(|f| f.code == "5.1.1"));
    }
}
