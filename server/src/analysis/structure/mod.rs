//! The shape of a document, for navigation: outline, folding, references on message IDs, links,
//! inline hints and the bounce summary.
//!
//! Like the rest of `analysis` this is pure: text in, byte spans out. Spans of multi-line items end
//! where the content of their last line ends (before its line break), so that turning them into
//! lines gives the last line of the item and not the one after it. Every walk is bounded, so a
//! 500 MB log or a hostile message costs bounded work and output.

mod date;
mod encoded;
mod ids;
mod labels;

/// The catalog keys this part of the analysis names its sentences by.
pub(crate) const SENTENCE_KEYS: &[&[crate::sentence::KeyInfo]] = &[labels::ALL];
mod lines;
mod links;
mod logs;
mod message;
mod mime;
mod received;
mod summary;
mod values;

use std::ops::Range;

use super::{DocumentKind, Finding};
use crate::lang::Lang;

pub use received::{HopRow, HopTable};

/// `+3 s`, `+2 min 5 s`, `-4 s (clock skew)`: a hop's delay as the hints write it.
pub fn delay_label(delay: i64, lang: Lang) -> String {
    received::delay_label(delay, lang)
}

/// `2 min 5 s`: a duration as the hints write it.
pub fn duration_label(seconds: i64, lang: Lang) -> String {
    let magnitude = labels::duration(seconds.unsigned_abs(), lang);
    if seconds < 0 {
        format!("-{magnitude}")
    } else {
        magnitude
    }
}

/// `2024-11-04 09:12:03`, UTC.
pub fn utc_label(timestamp: i64) -> String {
    date::format_utc(timestamp)
}

/// Most log messages listed in an outline; the rest are counted in one last symbol.
pub const MAX_LOG_MESSAGES: usize = 10_000;
/// Most lines listed under one log message (its delivery lines).
pub const MAX_LINES_PER_MESSAGE: usize = 100;
/// Deepest MIME nesting walked (multipart in message/rfc822 in multipart …).
pub const MAX_MIME_DEPTH: usize = 12;
/// Most MIME parts walked in one message.
pub const MAX_MIME_PARTS: usize = 1_000;
/// Most header fields read in one header block.
pub const MAX_HEADER_FIELDS: usize = 2_000;
/// Most messages of an mbox file outlined.
pub const MAX_MBOX_MESSAGES: usize = 10_000;
/// Longest part of a line that is read; the rest of a longer line is ignored.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Most folding ranges, inlay hints or links returned for one document.
pub const MAX_RANGES: usize = 50_000;
/// Most occurrences returned for one ID.
pub const MAX_OCCURRENCES: usize = 100_000;

/// What a symbol of the outline stands for. The LSP layer picks an icon for each (for instance
/// Group → Namespace, Header → Field, Part → Module, Recipient → Object, Message → Event,
/// Line → String, Truncated → Null).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SymbolKind {
    /// A labelled group: routing headers, authentication headers, undelivered recipients …
    Group,
    /// One header field.
    Header,
    /// A MIME part or an embedded message.
    Part,
    /// One recipient of a bounce with its verdict, or one per-recipient DSN block.
    Recipient,
    /// One message: an mbox entry, or the lines of a log sharing a queue ID or Message-ID.
    Message,
    /// One log line (a delivery attempt).
    Line,
    /// Stands for the items left out once a limit was reached (`… 120 more messages`).
    Truncated,
}

/// One entry of the outline, with byte spans into the document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// Everything the symbol covers.
    pub span: Range<usize>,
    /// The part to select when the symbol is picked (a header name, an ID); inside `span`.
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

impl Symbol {
    /// A symbol selecting its whole span. Editors reject empty names, so a blank one becomes `—`.
    fn new(name: impl Into<String>, kind: SymbolKind, span: Range<usize>) -> Self {
        let mut name = name.into();
        if name.trim().is_empty() {
            name = "—".to_string();
        }
        Symbol {
            name,
            detail: None,
            kind,
            selection: span.clone(),
            span,
            children: Vec::new(),
        }
    }
}

/// A short text shown inline after `offset` (LSP inlay hint; the LSP layer adds padding).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
}

/// The outline of a document.
///
/// For a message: the headers grouped by purpose (routing, identity, authentication, anti-spam,
/// other), the MIME tree, and the undelivered recipients taken from the `Recipient` findings
/// (pass the findings of [`crate::analysis::analyze`]). For an mbox file, one symbol per message
/// holding that outline. For a log: one symbol per message (queue ID, Exim ID, or Message-ID in
/// CSV exports) with its outcome, and its delivery lines beneath. Rule files have no outline.
pub fn outline(text: &str, kind: DocumentKind, findings: &[Finding], lang: Lang) -> Vec<Symbol> {
    match kind {
        DocumentKind::Message => message::outline(text, findings, lang),
        DocumentKind::Log => logs::outline(text, lang),
        DocumentKind::Rules => Vec::new(),
    }
}

/// Foldable byte ranges, sorted by start, each spanning at least two lines and never crossing
/// another: header blocks, folded header fields, MIME parts, per-recipient DSN blocks and mbox
/// messages; in logs, each run of lines of one message.
pub fn folding(text: &str, kind: DocumentKind) -> Vec<Range<usize>> {
    match kind {
        DocumentKind::Message => message::folding(text),
        DocumentKind::Log => logs::folding(text),
        DocumentKind::Rules => Vec::new(),
    }
}

/// The message ID under the cursor and the spans of every occurrence of it, sorted.
///
/// IDs are Postfix queue IDs (short hex `ABC123DEF` or long `4XkQ1R2bZ9z9v`), Sendmail queue IDs,
/// Exim message IDs (`1rABCd-000123-XY`) and angle-bracketed Message-IDs (an envelope address in
/// angle brackets is followed the same way). The spans of the other IDs of the same message are
/// included, so every line of its life is found: a queue ID brings the Message-ID its cleanup line
/// names and the queue IDs that Message-ID had elsewhere in the log (after a content filter, for
/// instance), and a Message-ID brings the queue IDs of its lines. The text is scanned with
/// `memchr::memmem`, once per ID.
pub fn message_ids_at(text: &str, offset: usize) -> Option<(String, Vec<Range<usize>>)> {
    ids::message_ids_at(text, offset)
}

/// Every http and https URL with its target, trimmed of trailing punctuation, closing brackets
/// that do not belong to it and angle brackets.
pub fn links(text: &str) -> Vec<(Range<usize>, String)> {
    links::links(text)
}

/// Inline hints for the whole document: the decoded text of RFC 2047 encoded words (after the
/// last word of a run) and, in messages, the delay of each Received hop since the previous one
/// (at the end of the Received field; negative when the clocks disagree). Sorted by offset.
pub fn inlay_hints(text: &str, kind: DocumentKind, lang: Lang) -> Vec<InlayHint> {
    inlay_hints_in(text, kind, lang, 0..text.len())
}

/// [`inlay_hints`] limited to the hints whose offset lies in `range`; in logs only that range is
/// read, so the editor's visible lines cost what they show.
pub fn inlay_hints_in(
    text: &str,
    kind: DocumentKind,
    lang: Lang,
    range: Range<usize>,
) -> Vec<InlayHint> {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let mut hints = match kind {
        DocumentKind::Message => {
            let mut hints = message::received_hints(text, lang);
            encoded::hints(text, 0..text.len(), &mut hints);
            hints
        }
        DocumentKind::Log => {
            let mut hints = Vec::new();
            encoded::hints(text, lines::widen(text, range.clone()), &mut hints);
            hints
        }
        DocumentKind::Rules => Vec::new(),
    };
    hints.retain(|hint| range.contains(&hint.offset) || hint.offset == range.end);
    hints.sort_by_key(|hint| hint.offset);
    hints.truncate(MAX_RANGES);
    hints
}

/// The one-line summary shown above a bounce: `2 recipients failed: 5.1.1 ×1, 5.7.509 ×1`, from the
/// `Recipient` findings (one per recipient, whatever the number of findings naming it). `None`
/// when no recipient failed or was delayed.
pub fn bounce_summary(findings: &[Finding], lang: Lang) -> Option<String> {
    summary::bounce_summary(findings, lang)
}

/// Everything the navigation views show for one version of a document, read in one go from
/// one text, so that no view parses the document again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Structure {
    pub outline: Vec<Symbol>,
    pub folding: Vec<Range<usize>>,
    pub links: Vec<(Range<usize>, String)>,
    /// The inlay hints of a message, sorted by offset. A log's hints depend only on the lines
    /// shown, so they are read from those lines on request ([`inlay_hints_in`]).
    pub hints: Vec<InlayHint>,
    /// The hop table of each header block with Received fields, by the span of its first one.
    pub hops: Vec<HopTable>,
}

impl Structure {
    pub fn build(text: &str, kind: DocumentKind, findings: &[Finding], lang: Lang) -> Structure {
        Structure {
            outline: outline(text, kind, findings, lang),
            folding: folding(text, kind),
            links: links(text),
            hints: match kind {
                DocumentKind::Message => inlay_hints(text, kind, lang),
                DocumentKind::Log | DocumentKind::Rules => Vec::new(),
            },
            hops: match kind {
                DocumentKind::Message => message::hop_tables(text),
                DocumentKind::Log | DocumentKind::Rules => Vec::new(),
            },
        }
    }

    /// The hop table shown on the Received field at `offset`, if it is a chain's first one.
    pub fn hops_at(&self, offset: usize) -> Option<&HopTable> {
        self.hops
            .iter()
            .find(|t| t.span.start <= offset && offset <= t.span.end)
    }

    /// The message hints whose offset lies in `range` (its end included).
    pub fn hints_in(&self, range: Range<usize>) -> &[InlayHint] {
        let start = self.hints.partition_point(|h| h.offset < range.start);
        let end = self.hints.partition_point(|h| h.offset <= range.end);
        self.hints.get(start..end.max(start)).unwrap_or_default()
    }
}
