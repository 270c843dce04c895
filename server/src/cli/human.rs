//! `check`'s rustc-style text: `severity[code]: message`, ` --> file:line:column`, the source
//! line with the code underlined, and the help link. The drawing (gutter, underline, trimming a
//! line wider than the terminal around the code, tabs, wide characters) is `annotate-snippets`',
//! the Rust project's diagnostic renderer; this module decides what it is given.

use std::borrow::Cow;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

use crate::analysis::{Finding, Severity};
use crate::catalog::sentences::say;
use crate::lang::Lang;
use crate::text::{LineIndex, floor_char_boundary};

use super::output::escape_controls;

crate::keys! {
    /// Said instead of the source line when the code starts past [`MAX_SOURCE_BYTES`].
    LINE_NOT_SHOWN = "interface.output.line-not-shown" (bytes);
}

/// How much of a source line the renderer is given, from the line's start. The renderer shows
/// at most a terminal's width of it around the code; the cap keeps a finding on a 100 MB line
/// from costing (or printing) the whole line, and it is measured from the line's start because
/// the renderer counts the column in ` --> ` from there.
pub const MAX_SOURCE_BYTES: usize = 4096;

/// Plain text, without colour, whether or not stdout is a terminal: `check` has no colour
/// option, and its output is often read by scripts, CI logs and `grep`.
const RENDERER: Renderer = Renderer::plain();

/// Where a finding is: the input's name, its 1-based line in the input, the text of that line
/// and the finding's byte range within it.
pub struct Place<'a> {
    pub name: &'a str,
    pub line: usize,
    pub column: usize,
    pub source_line: &'a str,
    pub span: std::ops::Range<usize>,
}

impl<'a> Place<'a> {
    /// The line holding the start of `finding`, the span cut to that line (a span running over
    /// several lines is underlined on its first, as one code is).
    pub fn of(
        index: &LineIndex<'a>,
        finding: &Finding,
        name: &'a str,
        (local_line, line, column): (usize, usize, usize),
    ) -> Self {
        let source_line = index.line_text(local_line.saturating_sub(1));
        let line_start = index.line_start(local_line.saturating_sub(1));
        let start = finding
            .span
            .start
            .saturating_sub(line_start)
            .min(source_line.len());
        let end = finding
            .span
            .end
            .saturating_sub(line_start)
            .min(source_line.len())
            .max(start);
        Place {
            name,
            line,
            column,
            source_line,
            span: start..end,
        }
    }
}

/// One finding as rustc prints a diagnostic, followed by a blank line.
pub fn render(
    finding: &Finding,
    message: &str,
    link: Option<&str>,
    place: &Place,
    lang: Lang,
) -> String {
    let code = escape_controls(&finding.code);
    let message = escape_controls(message);
    let name = escape_controls(place.name);
    let title = level(finding.severity).primary_title(message).id(code);
    let mut group = match shown_source(place) {
        Some((source, span)) => title.element(
            Snippet::source(source)
                .line_start(place.line)
                .path(name)
                .annotation(AnnotationKind::Primary.span(span)),
        ),
        // The renderer counts the column from the source it is given, which would be wrong for a
        // cut line: the location is given as numbers instead, and the line is not shown.
        None => title
            .element(
                Origin::path(name)
                    .line(place.line)
                    .char_column(place.column),
            )
            .element(Level::NOTE.message(say(
                &LINE_NOT_SHOWN,
                [&MAX_SOURCE_BYTES.to_string()],
                lang,
            ))),
    };
    if let Some(link) = link {
        group = group.element(Level::HELP.message(link));
    }
    let mut text = RENDERER.render(&[group]);
    text.push_str("\n\n");
    text
}

/// The part of the line the renderer gets, terminal-safe, and the span within it; `None` when
/// the span starts past [`MAX_SOURCE_BYTES`].
fn shown_source(place: &Place) -> Option<(String, std::ops::Range<usize>)> {
    let line = place.source_line;
    let shown_end = floor_char_boundary(line, MAX_SOURCE_BYTES);
    let start = floor_char_boundary(line, place.span.start);
    if start > shown_end {
        return None;
    }
    let end = floor_char_boundary(line, place.span.end.min(shown_end)).max(start);
    let shown = line.get(..shown_end)?;
    let before = terminal_safe(shown.get(..start)?);
    let under = terminal_safe(shown.get(start..end)?);
    let after = terminal_safe(shown.get(end..)?);
    let span = before.len()..before.len() + under.len();
    Some(([before, under, after].concat(), span))
}

/// A source line with every character a terminal would act on (C0 controls but tab, DEL, C1
/// controls, bidirectional marks and overrides) replaced by one visible character: a C0 control
/// by its Control Pictures symbol (`␛`), the others by `�`. One character for one keeps the
/// column the renderer counts equal to the finding's; the renderer itself replaces C0 controls
/// and some bidirectional overrides, but lets C1 controls (`\u{9b}` starts an escape sequence
/// on some terminals) and the directional marks through.
fn terminal_safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            _ if !unsafe_char(c) => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            _ => '\u{fffd}',
        })
        .collect::<String>()
        .into()
}

/// The renderer's level for a severity, named as the JSON output and the editor name it.
fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Information => Level::INFO.with_name(severity.label()),
        Severity::Hint => Level::HELP.with_name(severity.label()),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{DocumentKind, FindingKind, analyze};
    use crate::cli::check::Format;
    use crate::cli::output::{Report, Sink};
    use crate::lang::Lang;

    /// What `check` prints for the status codes `code` in `text`.
    fn human(name: &str, text: &str, kind: DocumentKind, code: &str) -> String {
        let findings = analyze(text, kind);
        let chosen: Vec<_> = findings
            .iter()
            .filter(|f| f.code == code && f.kind == FindingKind::StatusCode)
            .collect();
        assert!(!chosen.is_empty(), "no {code} in {findings:?}");
        let report = Report {
            name,
            text,
            findings: &chosen,
            from_msg: false,
            first_line: 1,
        };
        let mut out = Vec::new();
        let mut sink = Sink::new(Format::Human, Lang::En, crate::catalog::builtin());
        sink.write(&mut out, &report).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn a_log_line_is_shown_with_the_code_underlined_and_the_link() {
        let text =
            "Nov  4 09:12:01 mx postfix/smtp[1]: AAA: to=<a@b.c>, dsn=5.1.1, status=bounced\n";
        let shown = human("mail.log", text, DocumentKind::Log, "5.1.1");
        let first = shown.split("\n\n").next().unwrap_or_default();
        let (title, rest) = first.split_once('\n').unwrap_or_default();
        assert!(title.starts_with("error[5.1.1]: "), "{shown}");
        assert_eq!(
            rest,
            " --> mail.log:1:58\n  \
             |\n\
             1 | Nov  4 09:12:01 mx postfix/smtp[1]: AAA: to=<a@b.c>, dsn=5.1.1, status=bounced\n  \
             |                                                          ^^^^^\n  \
             |\n  \
             = help: https://www.iana.org/assignments/smtp-enhanced-status-codes/smtp-enhanced-status-codes.xhtml",
            "{shown}"
        );
    }

    #[test]
    fn wide_characters_and_tabs_keep_the_column_and_the_underline() {
        let text = "Subject: 配信エラー\n\tStatus: 5.1.1 宛先不明\n";
        let shown = human("bounce.eml", text, DocumentKind::Message, "5.1.1");
        // The column counts characters (the tab is one); the renderer draws the tab as four
        // spaces and puts the carets under the code.
        assert!(shown.contains(" --> bounce.eml:2:10\n"), "{shown}");
        assert!(
            shown.contains("2 |     Status: 5.1.1 宛先不明\n  |             ^^^^^\n"),
            "{shown}"
        );
        let text = "件名: 配信エラー 550 5.1.1 です\n";
        let shown = human("cjk.log", text, DocumentKind::Log, "5.1.1");
        assert!(shown.contains(" --> cjk.log:1:11\n"), "{shown}");
        let carets = shown.lines().find(|l| l.contains('^')).unwrap_or_default();
        // 件名: 配信エラー is 8 characters and 16 columns wide (each kanji and kana takes two),
        // then a space.
        assert!(
            carets.starts_with(&format!("  | {}^^^^^^^^^", " ".repeat(16 + 1))),
            "{shown}"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_code_and_past_the_cap_not_shown() {
        let pad = "x".repeat(1000);
        let text = format!("{pad} dsn=5.1.1 status=bounced\n");
        let shown = human("long.log", &text, DocumentKind::Log, "5.1.1");
        assert!(shown.contains(" --> long.log:1:1006\n"), "{shown}");
        let source = shown
            .lines()
            .find(|l| l.starts_with("1 | "))
            .unwrap_or_default();
        assert!(source.starts_with("1 | ..."), "{shown}");
        assert!(source.contains("dsn=5.1.1 status=bounced"), "{shown}");
        assert!(source.chars().count() <= 150, "{shown}");

        let pad = "é".repeat(super::MAX_SOURCE_BYTES);
        let text = format!("{pad} dsn=5.1.1 status=bounced\n");
        let shown = human("long.log", &text, DocumentKind::Log, "5.1.1");
        let column = super::MAX_SOURCE_BYTES + 6;
        assert!(
            shown.contains(&format!(
                "--> long.log:1:{column}\n = note: the line is not shown: the code starts after its first 4096 bytes\n"
            )),
            "{shown}"
        );
        assert!(!shown.contains("éé"), "{shown}");
    }

    #[test]
    fn controls_in_a_log_line_reach_the_terminal_as_symbols_with_the_carets_aligned() {
        let text = "Nov  4 09:12:01 mx postfix/smtp[1]: \u{1b}]0;owned\u{7}\u{1b}[2J AAA: to=<a@b.c>, dsn=5.1.1, status=bounced\n";
        let shown = human("mail.log", text, DocumentKind::Log, "5.1.1");
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown}"
        );
        // Each control character is one visible symbol, so the column and the carets stay those
        // of the finding.
        assert!(shown.contains(" --> mail.log:1:73\n"), "{shown}");
        assert!(
            shown.contains(
                "1 | Nov  4 09:12:01 mx postfix/smtp[1]: ␛]0;owned␇␛[2J AAA: to=<a@b.c>, dsn=5.1.1, status=bounced\n  \
                 |                                                                         ^^^^^\n"
            ),
            "{shown}"
        );
    }

    #[test]
    fn terminal_controls_become_one_visible_character_each() {
        assert_eq!(super::terminal_safe("a\tb"), "a\tb");
        assert_eq!(
            super::terminal_safe("\u{1b}]0;x\u{7}\u{7f}\u{9b}\u{202e}\u{200f}"),
            "␛]0;x␇␡\u{fffd}\u{fffd}\u{fffd}"
        );
    }
}
