//! Log analysis over the rope: whole documents without copying them into one string (split
//! across threads when large), and after an edit only the touched lines, splicing their findings
//! into the rest. This is what keeps a keystroke in a 200 MB log cheap.

use std::ops::Range;

use ropey::Rope;

use crate::analysis::Finding;
use crate::analysis::log::{self, LogFormat};

/// How much of the head of a log decides its format.
const HEAD_BYTES: usize = 256 * 1024;
/// Logs larger than this are scanned by two threads.
const PARALLEL_BYTES: usize = 4 << 20;
/// Lines longer than this are scanned up to the limit.
const MAX_LINE_BYTES: usize = 64 * 1024;
/// Edits touching more than this many bytes re-analyse the whole document instead.
pub const MAX_INCREMENTAL_BYTES: usize = 256 * 1024;

/// The format a log is read in: the forced one, or detected from its head.
pub fn format_of(rope: &Rope, forced: Option<&str>) -> LogFormat {
    let end = rope.len_bytes().min(HEAD_BYTES);
    let end = rope.char_to_byte(rope.byte_to_char(end));
    let head = rope.byte_slice(..end).to_string();
    // Read by lines as the analysis reads them: a lone CR ends a line.
    let head = crate::text::lone_cr_as_lf(&head);
    forced
        .and_then(|name| LogFormat::named(name, &head))
        .unwrap_or_else(|| log::detect(&head))
}

/// True when findings of one line never depend on other lines, so lines can be rescanned alone.
pub fn line_local(format: LogFormat) -> bool {
    !matches!(format, LogFormat::Transcript)
}

/// Scans the given lines of the rope, appending findings with document byte offsets.
pub fn scan_lines(rope: &Rope, lines: Range<usize>, format: LogFormat, out: &mut Vec<Finding>) {
    scan_lines_until(rope, lines, format, out, &|| false);
}

/// Lines between two looks at the cancellation flag.
const CANCEL_CHECK_LINES: usize = 16 * 1024;

/// [`scan_lines`] that stops early once `cancelled` says the result is no longer wanted.
fn scan_lines_until(
    rope: &Rope,
    lines: Range<usize>,
    format: LogFormat,
    out: &mut Vec<Finding>,
    cancelled: &(dyn Fn() -> bool + Sync),
) {
    let mut buffer = String::new();
    let last = rope.len_lines();
    for index in lines.start.min(last)..lines.end.min(last) {
        if index % CANCEL_CHECK_LINES == 0 && cancelled() {
            return;
        }
        let slice = rope.line(index);
        let base = rope.line_to_byte(index);
        let text = match slice.as_str() {
            Some(text) => text,
            None => {
                buffer.clear();
                for chunk in slice.chunks() {
                    buffer.push_str(chunk);
                }
                &buffer
            }
        };
        let mut line = text.trim_end_matches(['\n', '\r']);
        let first = out.len();
        if line.len() > MAX_LINE_BYTES {
            crate::analysis::note_long_lines(line, base, out);
            line = &line[..crate::text::floor_char_boundary(line, MAX_LINE_BYTES)];
        }
        log::scan_line(line, base, format, out);
        out[first..].sort_by_key(|f| (f.span.start, f.span.end));
    }
}

/// Analyses a whole log held in a rope.
pub fn analyze(rope: &Rope, format: LogFormat) -> Vec<Finding> {
    analyze_until(rope, format, &|| false)
}

/// [`analyze`] that gives up (returning what it has) once `cancelled` turns true: a newer version
/// of the document is waiting, and this result would be thrown away.
pub fn analyze_until(
    rope: &Rope,
    format: LogFormat,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Vec<Finding> {
    if !line_local(format) {
        // Lines that depend on each other are read from one string, as `check` reads them.
        let text = rope.to_string();
        return crate::analysis::analyze_document(
            &text,
            crate::analysis::DocumentKind::Log,
            Some(format),
        );
    }
    let lines = rope.len_lines();
    if rope.len_bytes() < PARALLEL_BYTES || lines < 2 {
        let mut out = Vec::new();
        scan_lines_until(rope, 0..lines, format, &mut out, cancelled);
        out.shrink_to_fit();
        return out;
    }
    let middle = lines / 2;
    let (mut first, mut second) = std::thread::scope(|scope| {
        let head = scope.spawn(|| {
            let mut out = Vec::new();
            scan_lines_until(rope, 0..middle, format, &mut out, cancelled);
            out
        });
        let mut tail = Vec::new();
        scan_lines_until(rope, middle..lines, format, &mut tail, cancelled);
        // A panic in the other half is the whole analysis's failure, not lost findings.
        let head = head
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (head, tail)
    });
    // The findings stay as long as the document: room the vectors grew into and no finding
    // needs is given back (up to half of them, for the last doubling). Moving the second half
    // over whole would hold it twice at the peak (0.35 × the file for a 200 MB Postfix log):
    // it is moved a piece at a time from its front, and the room the moved findings left is
    // given back after each piece (shrinking a large allocation hands its pages back).
    first.reserve_exact(second.len());
    let piece = second.len().div_ceil(MERGE_PIECES).max(1);
    while !second.is_empty() {
        first.extend(second.drain(..piece.min(second.len())));
        second.shrink_to_fit();
    }
    first.shrink_to_fit();
    first
}

/// How many pieces the second half's findings are moved in (see [`analyze_until`]).
const MERGE_PIECES: usize = 8;

/// One edit as the log rescan needs it: the byte range of the whole lines it touched before the
/// edit, and how much longer (or shorter) the document became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEdit {
    pub old_lines: Range<usize>,
    pub delta: isize,
}

impl LineEdit {
    /// The byte range of whole lines `first..=last` in a rope (before the edit).
    pub fn lines_before(rope: &Rope, first: usize, last: usize) -> Range<usize> {
        let lines = rope.len_lines();
        let start = rope.line_to_byte(first.min(lines));
        let end = if last + 1 >= lines {
            rope.len_bytes()
        } else {
            rope.line_to_byte(last + 1)
        };
        start..end.max(start)
    }
}

/// Brings sorted findings up to date after an edit: drops those of the touched lines, shifts the
/// ones after, rescans the touched lines in the edited rope, and keeps the order. Returns the
/// findings dropped and where the rescanned ones now stand.
pub fn splice(
    findings: &mut Vec<Finding>,
    edit: &LineEdit,
    rope: &Rope,
    format: LogFormat,
) -> (Vec<Finding>, Range<usize>) {
    let old = &edit.old_lines;
    let first = findings.partition_point(|f| f.span.start < old.start);
    let after = findings.partition_point(|f| f.span.start < old.end);
    let new_end = (old.end as isize + edit.delta).max(old.start as isize) as usize;
    let mut fresh = Vec::new();
    if new_end > old.start || rope.len_bytes() == old.start {
        let first_line = rope.byte_to_line(old.start.min(rope.len_bytes()));
        let last_line = if new_end > old.start {
            rope.byte_to_line((new_end - 1).min(rope.len_bytes()))
        } else {
            first_line
        };
        scan_lines(rope, first_line..last_line + 1, format, &mut fresh);
    }
    for finding in &mut findings[after..] {
        finding.span.start = (finding.span.start as isize + edit.delta) as usize;
        finding.span.end = (finding.span.end as isize + edit.delta) as usize;
    }
    let added = first..first + fresh.len();
    let removed = findings.splice(first..after, fresh).collect();
    (removed, added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::documents::apply_change;
    use crate::lsp::position::{Encoding, to_position};
    use tower_lsp_server::ls_types::{Range as LspRange, TextDocumentContentChangeEvent};

    const LOG: &str = "Nov  4 09:12:01 mx postfix/smtp[1]: AAA: to=<a@b.c>, dsn=5.1.1, status=bounced\n\
Nov  4 09:12:02 mx postfix/smtp[2]: BBB: to=<d@e.f>, dsn=4.4.7, status=deferred\n\
Nov  4 09:12:03 mx postfix/smtp[3]: CCC: to=<g@h.i>, dsn=5.7.1, status=bounced\n";

    /// Applies a text edit both incrementally and from scratch; the findings must agree.
    fn check_edit(text: &str, start: usize, end: usize, insert: &str) {
        let mut rope = Rope::from_str(text);
        let format = format_of(&rope, None);
        let mut findings = analyze(&rope, format);
        let first = rope.byte_to_line(start);
        let last = rope.byte_to_line(end);
        let old_lines = LineEdit::lines_before(&rope, first, last);
        let change = TextDocumentContentChangeEvent {
            range: Some(LspRange::new(
                to_position(&rope, start, Encoding::Utf8),
                to_position(&rope, end, Encoding::Utf8),
            )),
            range_length: None,
            text: insert.to_string(),
        };
        let before = rope.len_bytes() as isize;
        apply_change(&mut rope, change, Encoding::Utf8);
        let edit = LineEdit {
            old_lines,
            delta: rope.len_bytes() as isize - before,
        };
        splice(&mut findings, &edit, &rope, format);
        let expected = analyze(&rope, format);
        let spans = |f: &[Finding]| {
            f.iter()
                .map(|f| (f.span.clone(), f.code.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            spans(&findings),
            spans(&expected),
            "edit {start}..{end} -> {insert:?}"
        );
    }

    #[test]
    fn a_keystroke_in_the_middle_matches_a_full_rescan() {
        let middle = LOG.find("dsn=4.4.7").unwrap() + 4;
        check_edit(LOG, middle, middle + 1, "5");
        check_edit(LOG, middle, middle, "x");
    }

    #[test]
    fn joining_splitting_and_deleting_lines_match_a_full_rescan() {
        let newline = LOG.find('\n').unwrap();
        check_edit(LOG, newline, newline + 1, "");
        check_edit(LOG, 10, 10, "\nStatus: 5.2.2\n");
        check_edit(LOG, 0, LOG.len(), "");
        check_edit(
            LOG,
            LOG.len(),
            LOG.len(),
            "Nov  4 mx postfix/smtp[4]: DDD: to=<x@y.z>, dsn=5.1.2, status=bounced",
        );
    }

    #[test]
    fn large_logs_split_across_threads_give_the_same_findings() {
        let big = LOG.repeat(PARALLEL_BYTES / LOG.len() + 10);
        let rope = Rope::from_str(&big);
        let format = format_of(&rope, None);
        let mut sequential = Vec::new();
        scan_lines(&rope, 0..rope.len_lines(), format, &mut sequential);
        assert_eq!(analyze(&rope, format), sequential);
    }
}
