//! The three output formats of `check`: rustc-style text (drawn by `human.rs`), JSON Lines, and
//! SARIF 2.1.0 (built by `sarif.rs`).

use std::io::Write;

use super::check::Format;
use super::{human, sarif};
use crate::analysis::{Finding, FindingKind};
use crate::catalog::Catalog;
use crate::catalog::sentences::word;
use crate::lang::Lang;

crate::keys! {
    /// Said once in human output, before the first finding in a `.msg`.
    MSG_POSITIONS = "interface.output.msg-positions";
}
use crate::present;
use crate::text::LineIndex;

/// One line of `check --format json`.
#[derive(serde::Serialize)]
struct JsonRecord<'a> {
    path: &'a str,
    start: JsonPosition,
    end: JsonPosition,
    severity: &'static str,
    kind: &'static str,
    code: &'a str,
    reply: Option<u16>,
    message: &'a str,
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipient: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_id: Option<&'a str>,
    /// The recipient model of a `kind: "recipient"` record.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    verdict: Option<JsonVerdict<'a>>,
}

/// What a recipient verdict adds: the alias it was expanded from, whether the same address
/// will fail again, the SMTP command the reply answered and the servers involved.
#[derive(serde::Serialize)]
struct JsonVerdict<'a> {
    original_recipient: Option<&'a str>,
    hard_bounce: bool,
    phase: Option<&'static str>,
    remote_mta: Option<&'a str>,
    reporting_mta: Option<&'a str>,
    diagnostic: Option<&'a str>,
}

impl<'a> JsonVerdict<'a> {
    fn of(finding: &'a Finding) -> Option<Self> {
        let crate::analysis::Detail::Recipient(verdict) = finding.detail.as_ref()? else {
            return None;
        };
        Some(JsonVerdict {
            original_recipient: verdict.original_recipient.as_deref(),
            hard_bounce: verdict.is_hard_bounce(),
            phase: verdict.phase.map(|p| p.name()),
            remote_mta: verdict.remote_mta.as_deref(),
            reporting_mta: verdict.reporting_mta.as_deref(),
            diagnostic: verdict.diagnostic.as_deref(),
        })
    }
}

#[derive(serde::Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
}

/// The findings of one input, or of the lines of a followed log or stream read last.
pub struct Report<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub findings: &'a [&'a Finding],
    /// The text was converted from an Outlook `.msg`: positions are in that text.
    pub from_msg: bool,
    /// The 1-based line number of `text`'s first line in the input: 1 for a whole input, and
    /// for a log read as it grows, the number its lines have reached.
    pub first_line: usize,
}

/// Writes reports in one format; SARIF gathers results and writes them at the end.
pub struct Sink<'c> {
    format: Format,
    lang: Lang,
    catalog: &'c Catalog,
    sarif: sarif::SarifLog,
    /// Whether [`MSG_POSITIONS`] was written.
    msg_note_written: bool,
}

impl<'c> Sink<'c> {
    pub fn new(format: Format, lang: Lang, catalog: &'c Catalog) -> Self {
        Sink {
            format,
            lang,
            catalog,
            sarif: sarif::SarifLog::default(),
            msg_note_written: false,
        }
    }

    pub fn write(&mut self, out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
        let index = LineIndex::new(report.text);
        if let Format::Json = self.format {
            return write_json(out, report, &index, self.catalog, self.lang);
        }
        if matches!(self.format, Format::Human)
            && report.from_msg
            && !report.findings.is_empty()
            && !self.msg_note_written
        {
            self.msg_note_written = true;
            writeln!(out, "{}\n", word(&MSG_POSITIONS, self.lang))?;
        }
        for finding in report.findings {
            let answer = present::answer_for(finding, self.catalog);
            let message = present::message(finding, answer.as_ref(), self.lang);
            let links = answer
                .as_ref()
                .map(|a| present::links(a, self.lang))
                .unwrap_or_default();
            let (local_line, start_col) = index.line_col(finding.span.start);
            let (end_line, end_col) = index.line_col(finding.span.end);
            let shift = report.first_line.saturating_sub(1);
            let start_line = local_line.saturating_add(shift);
            let end_line = end_line.saturating_add(shift);
            match self.format {
                // Written by `write_json` above.
                Format::Json => {}
                Format::Human => {
                    let place = human::Place::of(
                        &index,
                        finding,
                        report.name,
                        (local_line, start_line, start_col),
                    );
                    let text = human::render(
                        finding,
                        &message,
                        links.first().map(String::as_str),
                        &place,
                        self.lang,
                    );
                    out.write_all(text.as_bytes())?;
                }
                Format::Sarif => self.sarif.add(
                    finding,
                    &message,
                    links.first().map(String::as_str),
                    &sarif::Span {
                        uri: report.name,
                        start: (start_line, start_col),
                        end: (end_line, end_col),
                    },
                ),
            }
        }
        Ok(())
    }

    pub fn finish(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if let Format::Sarif = self.format {
            self.sarif.write(out)?;
        }
        Ok(())
    }
}

/// Findings rendered per batch: each batch is split between the cores, and written in order.
const JSON_BATCH: usize = 16 * 1024;

/// `check --format json`: one record per finding. The records are independent (catalog lookup,
/// message, JSON text), so a large report formats them on every core, a batch at a time to keep
/// the buffered output small, and writes them in the findings' order.
fn write_json(
    out: &mut dyn Write,
    report: &Report,
    index: &LineIndex,
    catalog: &Catalog,
    lang: Lang,
) -> std::io::Result<()> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    if threads < 2 || report.findings.len() < 2 * 1024 {
        let mut buffer = Vec::new();
        let index = index.view();
        for finding in report.findings {
            json_record(&mut buffer, report, &index, finding, catalog, lang)?;
        }
        return out.write_all(&buffer);
    }
    let mut buffers = vec![Vec::new(); threads];
    for batch in report.findings.chunks(JSON_BATCH) {
        let share = batch.len().div_ceil(threads);
        let written: std::io::Result<()> = std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(share)
                .zip(buffers.iter_mut())
                .map(|(part, buffer)| {
                    let index = index.view();
                    scope.spawn(move || {
                        buffer.clear();
                        for finding in part {
                            json_record(buffer, report, &index, finding, catalog, lang)?;
                        }
                        Ok::<(), std::io::Error>(())
                    })
                })
                .collect();
            for worker in workers {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            }
            Ok(())
        });
        written?;
        for buffer in buffers.iter().take(batch.len().div_ceil(share)) {
            out.write_all(buffer)?;
        }
    }
    Ok(())
}

/// One line of `check --format json`.
fn json_record(
    out: &mut Vec<u8>,
    report: &Report,
    index: &LineIndex,
    finding: &Finding,
    catalog: &Catalog,
    lang: Lang,
) -> std::io::Result<()> {
    let answer = present::answer_for(finding, catalog);
    let message = present::message(finding, answer.as_ref(), lang);
    let link = answer
        .as_ref()
        .and_then(|a| a.entry.links.first())
        .map(|link| crate::catalog::localize_link(link, lang));
    let (local_line, start_col) = index.line_col(finding.span.start);
    let (end_line, end_col) = index.line_col(finding.span.end);
    let shift = report.first_line.saturating_sub(1);
    let recipient_like =
        finding.kind == FindingKind::Recipient || finding.context.recipient.is_some();
    // A recipient verdict's reason is the analysis's decision, as every view shows it; a code in
    // a recipient's context gets its catalog row's reason.
    let reason = finding.context.reason.map(|r| r.as_str()).or_else(|| {
        (finding.kind != FindingKind::Recipient)
            .then(|| {
                answer
                    .as_ref()
                    .and_then(|a| a.entry.reason.map(|r| r.as_str()))
            })
            .flatten()
    });
    let record = JsonRecord {
        path: report.name,
        start: JsonPosition {
            line: local_line.saturating_add(shift),
            column: start_col,
        },
        end: JsonPosition {
            line: end_line.saturating_add(shift),
            column: end_col,
        },
        severity: finding.severity.label(),
        kind: finding.kind.name(),
        code: &finding.code,
        reply: finding.reply,
        message: &message,
        source: answer.as_ref().map(|a| a.entry.source.id.as_str()),
        link: link.as_deref(),
        provider: finding.provider.map(|p| p.id()),
        recipient: recipient_like.then_some(finding.context.recipient.as_deref()),
        reason: recipient_like.then_some(reason),
        action: recipient_like.then_some(finding.context.action.map(|a| a.as_str())),
        message_id: finding.context.message_id.as_deref(),
        verdict: JsonVerdict::of(finding),
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.push(b'\n');
    Ok(())
}

/// Text from a mail or a file name made safe for a terminal, as `rg` and `git` do: control
/// characters (C0 but tab, DEL, C1) and the bidirectional overrides are written as `\x1b` or
/// `\u{202e}` instead of being sent raw, so a log line cannot retitle the window, clear the
/// screen or reorder what is shown.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_tabs_kept() {
        assert_eq!(escape_controls("a\tb"), "a\tb");
        assert_eq!(
            escape_controls("\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}\u{202e}"),
            "\\x1b]0;owned\\x07\\x1b[2J\\u{9b}\\u{202e}"
        );
    }
}
