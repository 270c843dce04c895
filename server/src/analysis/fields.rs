//! The one header-field scanner: `Name: value` lines and their folded continuations, with the
//! byte spans of every name and value, for a message's header block (outline, folding, MIME
//! parts), the field blocks of delivery reports and headers quoted in prose (bounce reading), and
//! every header block of a text (authentication).
//!
//! Written by hand rather than taken from mail-parser because the readers need what it does not
//! keep: the span of each name and value in the text as written, and the forms real mail
//! carries that a strict reader drops — obsolete whitespace before the colon, a continuation a
//! gateway forgot to indent, a body glued to its headers, bare LF, CRLF, stray CRs and 8-bit
//! text. What differs between the readers is a [`Rules`] value, not a second scanner.
//!
//! Limits: a name is looked for in the first [`Rules::max_name`] bytes of a line (200 for a
//! message's header block, 64 in a report, 76 across a document); a header block keeps its
//! first [`MAX_HEADER_FIELDS`](super::structure::MAX_HEADER_FIELDS) fields and walks past the
//! rest; a value read across a document is cut after [`MAX_VALUE`] bytes (the lines beyond are
//! consumed, not kept).

use std::ops::Range;

/// Bytes of one field's value kept when every header block of a document is read; the rest of
/// the field is consumed but not analysed.
pub const MAX_VALUE: usize = 64 * 1024;

/// One header field as written, possibly folded over several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'t> {
    /// The name as written, without whitespace before the colon (`Authentication-Results`).
    pub name: &'t str,
    /// Where the name starts; the field's first byte.
    pub start: usize,
    /// The raw value after the colon, folding and line breaks included (capped by the rules).
    pub value: &'t str,
    /// Byte offset of `value` (just after the colon).
    pub value_start: usize,
    /// Where the content of the field's last line ends (before its line break).
    pub end: usize,
    /// The field's bytes as written, from the name to the line break of its last line included.
    pub raw: &'t str,
    /// Index of the header block the field belongs to, counted from 0 in text order.
    pub block: usize,
}

impl<'t> Field<'t> {
    /// The span of the name.
    pub fn name_span(&self) -> Range<usize> {
        self.start..self.start + self.name.len()
    }

    /// The span of the raw value (after the colon to the end of the value).
    pub fn value_span(&self) -> Range<usize> {
        self.value_start..self.value_start + self.value.len()
    }

    /// The span of the value without the spaces and tabs that follow the colon.
    pub fn content_span(&self) -> Range<usize> {
        let first_line = self.value.split(['\r', '\n']).next().unwrap_or_default();
        let skipped = first_line.len() - first_line.trim_start_matches([' ', '\t']).len();
        self.value_start + skipped..self.value_start + self.value.len()
    }

    /// The value without the spaces and tabs that follow the colon.
    pub fn content(&self) -> &'t str {
        let skip = self.content_span().start - self.value_start;
        self.value.get(skip..).unwrap_or_default()
    }

    /// From the start of the name to the end of the last line's content.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// True when the name is `name`, ignoring ASCII case.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The value with folding removed: each line trimmed, the lines joined by one space.
    pub fn unfolded(&self) -> String {
        let mut out = String::with_capacity(self.value.len());
        for line in self.value.split('\n') {
            let line = line.trim();
            if !line.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(line);
            }
        }
        out
    }
}

/// How a line that opens no field is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One header block at the start of the text: it ends at the first blank line (the body
    /// follows it) or at the first line that is neither a field nor a folded continuation (a
    /// body glued to its headers).
    Block,
    /// A field report (a delivery-status part, headers quoted in a bounce): a line that opens
    /// no field continues the field right above it, indented or not (some gateways forget to
    /// indent the rest of a long `Diagnostic-Code`). A blank line ends the report when
    /// `stop_at_blank`, else it is skipped.
    Report { stop_at_blank: bool },
    /// Every header block of a text (a message, a bounce quoting its original, an mbox, a header
    /// block pasted into prose): any line that is neither a field nor a continuation ends the
    /// current block, and the next field starts the next one.
    Every,
}

/// What a scan accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub layout: Layout,
    /// RFC 5322 names (any printable ASCII but the colon, spaces and tabs allowed before the
    /// colon) when true; else letters, digits, `-` and `_` starting with a letter, so that a
    /// sentence with a colon in prose is not taken for a field.
    pub lenient_names: bool,
    /// How far into a line the colon is looked for.
    pub max_name: usize,
    /// Fields kept; later ones are walked past (their block still ends in the right place).
    pub max_fields: usize,
    /// Bytes of a value kept.
    pub max_value: usize,
}

impl Rules {
    /// A message's or a part's header block, for its outline, folding and MIME structure.
    pub const HEADER_BLOCK: Rules = Rules {
        layout: Layout::Block,
        lenient_names: true,
        max_name: 200,
        max_fields: super::structure::MAX_HEADER_FIELDS,
        max_value: usize::MAX,
    };

    /// The fields of a delivery report or of headers quoted in a bounce.
    pub const fn report(stop_at_blank: bool) -> Rules {
        Rules {
            layout: Layout::Report { stop_at_blank },
            lenient_names: false,
            max_name: 64,
            max_fields: usize::MAX,
            max_value: usize::MAX,
        }
    }

    /// Every header block of a document, for the authentication analysis.
    pub const EVERY_BLOCK: Rules = Rules {
        layout: Layout::Every,
        lenient_names: false,
        max_name: 76,
        max_fields: usize::MAX,
        max_value: MAX_VALUE,
    };
}

/// The fields of one header block and where its body begins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderBlock<'t> {
    pub fields: Vec<Field<'t>>,
    /// From the first field to the end of the last one; empty at the block start when it has none.
    pub span: Range<usize>,
    /// Where the body begins (after the blank line, when there is one).
    pub body: usize,
}

impl<'t> HeaderBlock<'t> {
    /// The first field of that name.
    pub fn field(&self, name: &str) -> Option<&Field<'t>> {
        self.fields.iter().find(|field| field.is(name))
    }
}

/// Reads the header block at the start of `text[range]` ([`Rules::HEADER_BLOCK`]).
pub fn header_block(text: &str, range: Range<usize>) -> HeaderBlock<'_> {
    let mut scan = scan_range(text, range.clone(), Rules::HEADER_BLOCK);
    let fields: Vec<Field<'_>> = scan.by_ref().collect();
    let span = match (fields.first(), fields.last()) {
        (Some(first), Some(last)) => first.start..last.end,
        _ => range.start..range.start,
    };
    HeaderBlock {
        fields,
        span,
        body: scan.body,
    }
}

/// The fields of a delivery report or quoted headers ([`Rules::report`]).
pub fn report(text: &str, stop_at_blank: bool) -> Vec<Field<'_>> {
    scan(text, Rules::report(stop_at_blank)).collect()
}

/// Every header field of a text, in order ([`Rules::EVERY_BLOCK`]).
pub fn every(text: &str) -> Fields<'_> {
    scan(text, Rules::EVERY_BLOCK)
}

/// The fields of `text` read by `rules`.
pub fn scan(text: &str, rules: Rules) -> Fields<'_> {
    scan_range(text, 0..text.len(), rules)
}

fn scan_range(text: &str, range: Range<usize>, rules: Rules) -> Fields<'_> {
    let end = range.end.min(text.len());
    Fields {
        text,
        rules,
        pos: range.start.min(end),
        end,
        body: end,
        done: false,
        pending: None,
        open: false,
        kept: 0,
        block: 0,
        in_block: false,
        started: false,
    }
}

/// The iterator behind [`scan`]. After it is exhausted, `body` is where a header block's body
/// begins.
pub struct Fields<'t> {
    text: &'t str,
    rules: Rules,
    pos: usize,
    end: usize,
    body: usize,
    done: bool,
    /// The field being read, still open to continuation lines.
    pending: Option<Field<'t>>,
    /// A field line was seen in the block (a field past the limit counts).
    open: bool,
    kept: usize,
    block: usize,
    in_block: bool,
    started: bool,
}

impl<'t> Iterator for Fields<'t> {
    type Item = Field<'t>;

    fn next(&mut self) -> Option<Field<'t>> {
        loop {
            if self.done {
                return self.pending.take();
            }
            let Some(line) = line_at(self.text, self.pos, self.end) else {
                self.done = true;
                self.body = self.end;
                continue;
            };
            self.pos = line.next;
            let content = line.text;
            if content.bytes().all(|b| b.is_ascii_whitespace()) {
                match self.rules.layout {
                    Layout::Block => self.stop(line.next),
                    Layout::Report { stop_at_blank } => {
                        if stop_at_blank {
                            self.stop(line.start);
                        }
                    }
                    Layout::Every => {
                        self.in_block = false;
                        if let Some(field) = self.pending.take() {
                            return Some(field);
                        }
                    }
                }
                continue;
            }
            let folded = content.starts_with([' ', '\t']);
            let opens = if folded {
                None
            } else {
                name_end(content, &self.rules)
            };
            let Some((name_len, colon)) = opens else {
                match self.rules.layout {
                    Layout::Block if folded && self.open => self.extend(&line),
                    Layout::Block => self.stop(line.start),
                    Layout::Report { .. } => {
                        if self
                            .pending
                            .as_ref()
                            .is_some_and(|f| f.end + 3 >= line.start)
                        {
                            self.extend(&line);
                        }
                    }
                    Layout::Every if folded && self.pending.is_some() => self.extend(&line),
                    Layout::Every => {
                        self.in_block = false;
                        if let Some(field) = self.pending.take() {
                            return Some(field);
                        }
                    }
                }
                continue;
            };
            if !self.in_block {
                if self.started {
                    self.block += 1;
                }
                self.started = true;
                self.in_block = true;
            }
            self.open = true;
            let field = (self.kept < self.rules.max_fields).then(|| {
                self.kept += 1;
                let value_start = line.start + colon + 1;
                let mut field = Field {
                    name: content.get(..name_len).unwrap_or_default(),
                    start: line.start,
                    value: "",
                    value_start,
                    end: line.end.max(value_start),
                    raw: "",
                    block: self.block,
                };
                Self::cut_with(self.text, self.rules.max_value, &mut field, line.next);
                field
            });
            if let Some(previous) = std::mem::replace(&mut self.pending, field) {
                return Some(previous);
            }
        }
    }
}

impl Fields<'_> {
    fn stop(&mut self, body: usize) {
        self.done = true;
        self.body = body;
    }

    /// Adds a continuation line to the field being read, within the value limit.
    fn extend(&mut self, line: &Line<'_>) {
        let text = self.text;
        let max_value = self.rules.max_value;
        if let Some(mut field) = self.pending.take() {
            if line.end.saturating_sub(field.value_start) <= max_value {
                field.end = line.end;
                Self::cut_with(text, max_value, &mut field, line.next);
            }
            self.pending = Some(field);
        }
    }

    /// Sets the value and raw slices of `field` from its offsets.
    fn cut_with<'t>(text: &'t str, max_value: usize, field: &mut Field<'t>, next: usize) {
        let capped = crate::text::floor_char_boundary(
            text,
            field
                .end
                .min(field.value_start.saturating_add(max_value))
                .max(field.value_start),
        );
        field.value = text.get(field.value_start..capped).unwrap_or_default();
        field.raw = text.get(field.start..next).unwrap_or_default();
    }
}

/// One line: `text` is its content, without the line break and stray CRs before it.
#[derive(Debug, Clone, Copy)]
pub struct Line<'t> {
    pub start: usize,
    pub text: &'t str,
    /// Where the content ends.
    pub end: usize,
    /// Where the next line begins.
    pub next: usize,
}

/// The line of `text[..end]` starting at `start`, if any is left.
fn line_at(text: &str, start: usize, end: usize) -> Option<Line<'_>> {
    if start >= end {
        return None;
    }
    let window = text.as_bytes().get(start..end)?;
    let (content_end, next) = match memchr::memchr(b'\n', window) {
        Some(i) => (start + i, start + i + 1),
        None => (end, end),
    };
    let content = text.get(start..content_end)?.trim_end_matches('\r');
    Some(Line {
        start,
        text: content,
        end: start + content.len(),
        next,
    })
}

/// The lines of `text` with their offsets, tolerating CRLF and the stray CRs of real bounces.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let line = line_at(text, pos, text.len())?;
        pos = line.next;
        Some(line)
    })
}

/// The length of the field name that opens `line` and the position of its colon, if it opens
/// a field.
fn name_end(line: &str, rules: &Rules) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    let window = bytes.get(..bytes.len().min(rules.max_name + 1))?;
    let colon = memchr::memchr(b':', window)?;
    let name = window.get(..colon)?;
    if rules.lenient_names {
        let name_len = name.len()
            - name
                .iter()
                .rev()
                .take_while(|b| **b == b' ' || **b == b'\t')
                .count();
        let valid = colon <= rules.max_name.saturating_sub(1)
            && name_len > 0
            && name.get(..name_len)?.iter().all(|b| (33..=126).contains(b));
        valid.then_some((name_len, colon))
    } else {
        let valid = name.first().is_some_and(u8::is_ascii_alphabetic)
            && name
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then_some((colon, colon))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_block_folds_and_its_body_follows_the_blank_line() {
        let text = "From: a@b\r\nSubject: one\r\n two\r\nX-Odd : x\r\n\r\nbody";
        let block = header_block(text, 0..text.len());
        let names: Vec<_> = block.fields.iter().map(|f| f.name).collect();
        assert_eq!(names, ["From", "Subject", "X-Odd"]);
        let subject = block.fields[1];
        assert_eq!(subject.value, " one\r\n two");
        assert_eq!(subject.unfolded(), "one two");
        assert_eq!(subject.raw, "Subject: one\r\n two\r\n");
        assert_eq!(&text[subject.content_span()], "one\r\n two");
        assert_eq!(&text[block.fields[2].name_span()], "X-Odd");
        assert_eq!(&text[block.body..], "body");
        assert_eq!(
            &text[block.span.clone()],
            "From: a@b\r\nSubject: one\r\n two\r\nX-Odd : x"
        );
    }

    #[test]
    fn a_part_without_headers_is_all_body() {
        let text = "\nplain body";
        assert_eq!(header_block(text, 0..text.len()).body, 1);
        let text = "no header here\nmore";
        let block = header_block(text, 0..text.len());
        assert!(block.fields.is_empty());
        assert_eq!(block.body, 0);
    }

    #[test]
    fn a_header_block_keeps_its_first_fields_and_still_finds_its_body() {
        let mut text = String::new();
        for i in 0..super::super::structure::MAX_HEADER_FIELDS + 5 {
            text.push_str(&format!("X-{i}: v\n more\n"));
        }
        text.push_str("\nbody");
        let block = header_block(&text, 0..text.len());
        assert_eq!(
            block.fields.len(),
            super::super::structure::MAX_HEADER_FIELDS
        );
        assert_eq!(&text[block.body..], "body");
    }

    #[test]
    fn report_fields_keep_their_spans_and_unindented_continuations() {
        let text =
            "Diagnostic-Code: smtp; 550-5.7.1\r\n    [192.0.2.1] blocked\r\nStatus: 5.7.1\r\n";
        let fields = report(text, false);
        assert_eq!(fields.len(), 2);
        assert!(fields[0].is("diagnostic-code"));
        assert_eq!(fields[0].unfolded(), "smtp; 550-5.7.1 [192.0.2.1] blocked");
        assert_eq!(&text[fields[1].content_span()], "5.7.1");
        let text = "Diagnostic-Code: smtp; 550-Please log in\n550 relay denied.\nStatus: 5.0.0\n";
        let fields = report(text, false);
        assert_eq!(fields.len(), 2);
        assert_eq!(
            fields[0].unfolded(),
            "smtp; 550-Please log in 550 relay denied."
        );
    }

    #[test]
    fn a_report_stops_at_a_blank_line_when_asked() {
        let text = "Action: failed\n\nStatus: 5.1.1\n";
        assert_eq!(report(text, true).len(), 1);
        assert_eq!(report(text, false).len(), 2);
    }

    #[test]
    fn every_block_of_a_text_with_exact_offsets() {
        let text = "From: a@example.com\r\nAuthentication-Results: mx.example.com;\r\n\tspf=pass smtp.mailfrom=example.com\r\nSubject: hi\r\n\r\nbody: not a header\r\n";
        let all: Vec<Field> = every(text).collect();
        assert_eq!(all.len(), 4);
        let ar = all[1];
        assert_eq!(ar.name, "Authentication-Results");
        assert_eq!(&text[ar.name_span()], "Authentication-Results");
        assert_eq!(
            ar.value,
            " mx.example.com;\r\n\tspf=pass smtp.mailfrom=example.com"
        );
        assert_eq!(&text[ar.value_start..ar.value_start + 3], " mx");
        assert_eq!(all[2].name, "Subject");
        // The body line after the blank line starts a new block.
        assert_eq!(all[3].block, 1);
        assert_eq!(all[0].block, 0);
    }

    #[test]
    fn prose_and_bullets_are_not_fields_across_a_document() {
        let text =
            "Note that: this is prose\n  • Received-SPF: explained\nA sentence, with: a colon\n";
        assert_eq!(every(text).count(), 0);
        let text = "X-A: 1\n \nX-B: 2\n";
        let all: Vec<Field> = every(text).collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].value, " 1");
        assert_ne!(all[0].block, all[1].block);
    }

    #[test]
    fn a_long_value_is_cut_but_consumed() {
        let line = "a".repeat(1000);
        let mut text = format!("X-Long: {line}\n");
        for _ in 0..100 {
            text.push_str(&format!(" {line}\n"));
        }
        text.push_str("X-Next: 1\n");
        let all: Vec<Field> = every(&text).collect();
        assert_eq!(all.len(), 2);
        assert!(all[0].value.len() <= MAX_VALUE);
        assert_eq!(all[1].name, "X-Next");
    }

    #[test]
    fn bare_lf_stray_cr_8bit_and_a_missing_colon() {
        let text = "Subject: caf\u{e9} \u{65e5}\u{672c}\r\r\nno colon here\nX-A: 1\n";
        let block = header_block(text, 0..text.len());
        assert_eq!(block.fields.len(), 1);
        assert_eq!(block.fields[0].value, " caf\u{e9} \u{65e5}\u{672c}");
        assert_eq!(&text[block.body..], "no colon here\nX-A: 1\n");
        let names: Vec<_> = every(text).map(|f| f.name).collect();
        assert_eq!(names, ["Subject", "X-A"]);
    }
}
