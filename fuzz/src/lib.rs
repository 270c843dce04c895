//! What must hold for any input, one function per fuzz target.
//!
//! Each function takes arbitrary bytes, drives one entry point of `mail_lsp` and panics when a
//! property fails. The libFuzzer targets under `fuzz_targets/` call them, and the stable-Rust
//! hostile suite (`tests/hostile/fuzz_loop.rs`) includes this file to run the same checks over
//! mutated seeds, so the properties are exercised in CI even where `cargo fuzz` cannot build.

#![forbid(unsafe_code)]

use std::sync::OnceLock;

use mail_lsp::analysis::{self, DocumentKind, Finding};
use mail_lsp::catalog;
use mail_lsp::lang::Lang;
use mail_lsp::lsp::diagnostics;
use mail_lsp::lsp::documents::apply_change;
use mail_lsp::lsp::position::Encoding;
use mail_lsp::lsp::requests::hover;
use mail_lsp::lsp::session::SessionView;
use mail_lsp::lsp::transport::{Frame, body_problem, framed, read_frame};
use mail_lsp::settings::Settings;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

/// Outlook `.msg` reading (`mail_lsp::msg`): any bytes give a message text or an error, never
/// a panic; the text has LF line ends only, and the message analysis of it has valid spans.
/// Inputs without the compound-file signature whose first byte is odd get the signature in its
/// place, so most of the fuzzer's work reaches the compound-file reader.
pub fn msg(data: &[u8]) {
    use mail_lsp::msg::{self, Limits, SIGNATURE};
    let bytes = match data.split_first() {
        Some((first, rest)) if !data.starts_with(&SIGNATURE) && first & 1 == 1 => {
            [&SIGNATURE[..], rest].concat()
        }
        _ => data.to_vec(),
    };
    let small = Limits {
        transport_headers: 4096,
        subject: 255,
        body: 4096,
    };
    for result in [msg::convert(&bytes), msg::convert_with(&bytes, &small)] {
        match result {
            Ok(converted) => {
                assert!(!converted.text.contains('\r'), "a CR in the converted text");
                assert!(
                    converted.text.ends_with('\n'),
                    "the text ends with a line end"
                );
                let checked = analysis::check_bytes(
                    converted.text.into_bytes(),
                    None,
                    Some(DocumentKind::Message),
                    true,
                );
                check_spans(&checked.text, &checked.findings);
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
}

/// Message analysis (codes, DSNs, MIME, authentication headers) and every view built from it.
pub fn message(data: &[u8]) {
    analysed(data, DocumentKind::Message);
}

/// Log analysis and its views.
pub fn log(data: &[u8]) {
    analysed(data, DocumentKind::Log);
}

/// Rule-file analysis and its views.
pub fn rules(data: &[u8]) {
    analysed(data, DocumentKind::Rules);
}

/// Authentication-header parsing on its own, so the fuzzer's effort is not spread over MIME.
/// The same bytes are read as a DKIM key file too, and those keys verify the signatures.
pub fn auth(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut keys = analysis::auth::dkim::KeySet::default();
    let _ = keys.add_zone(&text, "fuzz");
    let findings = analysis::auth::analyze_with(&text, &keys);
    check_spans(&text, &findings);
    for finding in &findings {
        if let Some(detail) = &finding.detail {
            for lang in Lang::ALL {
                let _ = detail.markdown(lang);
                let _ = detail.message(lang);
            }
        }
    }
}

/// Analyses lossily decoded bytes as one kind, checks the findings and renders every view.
fn analysed(data: &[u8], kind: DocumentKind) {
    let text = String::from_utf8_lossy(data);
    let findings = analysis::analyze(&text, kind);
    check_spans(&text, &findings);
    assert!(
        findings
            .windows(2)
            .all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end)),
        "findings are sorted by span"
    );
    views(&text, &findings);
}

/// Every span lies inside the text, on character boundaries, start before end.
fn check_spans(text: &str, findings: &[Finding]) {
    for finding in findings {
        let span = &finding.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "span {span:?} outside a text of {} bytes: {finding:?}",
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span {span:?} splits a character: {finding:?}"
        );
    }
}

/// Diagnostics, hovers and recognizer details for the findings, in every language, as the
/// editor would ask for them.
fn views(text: &str, findings: &[Finding]) {
    let rope = Rope::from_str(text);
    let catalog = catalog::builtin();
    let settings = Settings {
        success_codes: true,
        max_per_document: 64,
        ..Settings::default()
    };
    for (i, lang) in Lang::ALL.into_iter().enumerate() {
        let encoding = if i % 2 == 0 {
            Encoding::Utf16
        } else {
            Encoding::Utf8
        };
        let _ = diagnostics::build(findings, None, &rope, encoding, &settings, catalog, lang);
        let session = SessionView {
            encoding,
            settings: settings.clone(),
            catalog: shared_catalog(),
            lang,
            supplied: Default::default(),
        };
        for finding in findings.iter().take(16) {
            let _ = hover::hover_at(findings, finding.span.start, &rope, &session);
            if let Some(detail) = &finding.detail {
                let _ = detail.markdown(lang);
                let _ = detail.message(lang);
            }
        }
    }
}

/// The built-in catalog behind the `Arc` a session holds, made once.
fn shared_catalog() -> std::sync::Arc<catalog::Catalog> {
    static SHARED: std::sync::OnceLock<std::sync::Arc<catalog::Catalog>> =
        std::sync::OnceLock::new();
    SHARED
        .get_or_init(|| std::sync::Arc::new(catalog::builtin().clone()))
        .clone()
}

/// Reads structured choices out of fuzzer bytes; runs dry as zeros.
struct Choices<'d> {
    data: &'d [u8],
}

impl Choices<'_> {
    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((first, rest)) => {
                self.data = rest;
                *first
            }
            None => 0,
        }
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    /// Up to `max` characters from an alphabet of everything that makes line and column
    /// arithmetic hard: CR, LF, every Unicode line separator, wide and astral characters, BOM, NUL.
    fn text(&mut self, max: usize) -> String {
        const ALPHABET: &[char] = &[
            'a', '5', '.', ' ', '\n', '\r', '\t', '\0', 'é', '日', '📧', '\u{feff}', '\u{2028}',
            '\u{2029}', '\u{85}', '\u{0b}', '\u{0c}', '\u{301}', '\u{fffd}', '=',
        ];
        let len = self.byte() as usize % (max + 1);
        (0..len)
            .map(|_| ALPHABET[self.byte() as usize % ALPHABET.len()])
            .collect()
    }
}

/// Byte offsets where LSP lines start: after `\n`, after `\r` not followed by `\n`, and nowhere
/// else (the specification knows no other line terminators).
fn lsp_line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// Where an LSP position points in `text`, computed independently of the server: a line past the
/// end means the end of the text, a character past the line's content means the end of that
/// content, and a unit inside a character (half a surrogate pair, a UTF-8 continuation byte)
/// means the start of that character.
pub fn lsp_offset(text: &str, position: Position, encoding: Encoding) -> usize {
    let starts = lsp_line_starts(text);
    let Some(&start) = starts.get(position.line as usize) else {
        return text.len();
    };
    let end = starts
        .get(position.line as usize + 1)
        .copied()
        .unwrap_or(text.len());
    let content = text[start..end].trim_end_matches(['\n', '\r']);
    let mut units = 0usize;
    for (i, c) in content.char_indices() {
        let width = match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units + width > position.character as usize {
            return start + i;
        }
        units += width;
    }
    start + content.len()
}

/// Incremental sync against a full-text oracle: after any sequence of full and range edits, with
/// positions anywhere (past line ends, past the last line, inside characters, reversed ranges),
/// the server's rope equals a plain string edited by the LSP specification's rules.
pub fn edits(data: &[u8]) {
    let mut choices = Choices { data };
    let encoding = if choices.byte().is_multiple_of(2) {
        Encoding::Utf16
    } else {
        Encoding::Utf8
    };
    let mut oracle = choices.text(64);
    let mut rope = Rope::from_str(&oracle);
    let mut steps = 0;
    while !choices.is_empty() && steps < 256 {
        steps += 1;
        let selector = choices.byte();
        if selector.is_multiple_of(16) {
            let text = choices.text(32);
            apply_change(
                &mut rope,
                TextDocumentContentChangeEvent {
                    range: None,
                    range_length: None,
                    text: text.clone(),
                },
                encoding,
            );
            oracle = text;
        } else {
            let lines = lsp_line_starts(&oracle).len() as u32;
            let position = |choices: &mut Choices| {
                let line = u32::from(choices.u16()) % (lines + 2);
                let character = choices.byte() % 24;
                Position::new(line, character.into())
            };
            let start = position(&mut choices);
            let end = if selector % 4 == 1 {
                start
            } else {
                position(&mut choices)
            };
            let text = choices.text(8);
            let from = lsp_offset(&oracle, start, encoding);
            let to = lsp_offset(&oracle, end, encoding).max(from);
            apply_change(
                &mut rope,
                TextDocumentContentChangeEvent {
                    range: Some(Range::new(start, end)),
                    range_length: None,
                    text: text.clone(),
                },
                encoding,
            );
            oracle.replace_range(from..to, &text);
        }
        assert_eq!(
            rope.to_string(),
            oracle,
            "rope and oracle differ after {steps} edits ({encoding:?})"
        );
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime")
    })
}

/// JSON-RPC framing: any byte stream is read to its end in finitely many frames without a panic,
/// whatever the reader's buffer size; a framed body always reads back as itself.
pub fn framing(data: &[u8]) {
    let capacity = match data.first() {
        Some(b) if b.is_multiple_of(2) => 1 + (*b as usize % 17),
        _ => 64 * 1024,
    };
    runtime().block_on(async {
        let mut reader = tokio::io::BufReader::with_capacity(capacity, data);
        let mut frames = 0usize;
        while let Ok(Some(frame)) = read_frame(&mut reader).await {
            frames += 1;
            assert!(
                frames <= data.len() + 1,
                "read_frame stopped making progress"
            );
            if let Frame::Body(body) = frame {
                assert!(body.len() <= data.len(), "a body longer than the stream");
                let _ = body_problem(&body);
            }
        }

        let wire = framed(data);
        let mut reader = tokio::io::BufReader::with_capacity(capacity, wire.as_slice());
        match read_frame(&mut reader).await {
            Ok(Some(Frame::Body(body))) => assert_eq!(body, data, "round trip"),
            other => panic!("a framed body did not read back: {other:?}"),
        }
    });
}

/// Everything `mail-lsp check` does to one input's bytes (decoding, kind detection, analysis):
/// the first byte picks the file name the kind is guessed from and whether the kind is forced.
/// The findings lie on character boundaries of the decoded text, come sorted, and every one has
/// a line and column.
pub fn bytes(data: &[u8]) {
    const NAMES: &[Option<&str>] = &[
        None,
        Some("mail.log"),
        Some("bounce.eml"),
        Some("header_checks"),
        Some("rules.ps1"),
        Some("trace.csv"),
        Some("notes.txt"),
    ];
    const KINDS: &[Option<DocumentKind>] = &[
        None,
        Some(DocumentKind::Message),
        Some(DocumentKind::Log),
        Some(DocumentKind::Rules),
    ];
    let (choice, rest) = data.split_first().map_or((0, data), |(c, r)| (*c, r));
    let name = NAMES[choice as usize % NAMES.len()];
    let forced = KINDS[(choice as usize / NAMES.len()) % KINDS.len()];
    let explicit = choice & 0x80 != 0;
    let checked = analysis::check_bytes(rest.to_vec(), name, forced, explicit);
    if checked.kind.is_none() {
        assert!(checked.findings.is_empty(), "findings without a kind");
    }
    check_spans(&checked.text, &checked.findings);
    assert!(
        checked
            .findings
            .windows(2)
            .all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end)),
        "findings are sorted by span"
    );
    let index = mail_lsp::text::LineIndex::new(&checked.text);
    for finding in &checked.findings {
        let (line, column) = index.line_col(finding.span.start);
        assert!(line >= 1 && column >= 1);
    }
}

/// A log arriving in pieces, as `check -` and `check --follow` read it: the first byte picks the
/// piece sizes and whether the stream starts again half way (a rotated file). Every batch's
/// findings lie on character boundaries of its text, come sorted, and its lines end where the
/// stream's line count says.
pub fn stream(data: &[u8]) {
    use mail_lsp::analysis::log::stream::{Batch, LogStream};
    let (choice, rest) = data.split_first().map_or((0, data), |(c, r)| (*c, r));
    let sizes = [
        1 + usize::from(choice % 13),
        7,
        64 + usize::from(choice),
        4096,
    ];
    let restart_at = (choice & 0x80 != 0).then_some(rest.len() / 2);
    let mut stream = LogStream::new(None);
    let check = |batch: &Batch, lines: usize| {
        check_spans(&batch.text, &batch.findings);
        assert!(
            batch
                .findings
                .windows(2)
                .all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end)),
            "findings are sorted by span"
        );
        if !batch.text.is_empty() {
            assert!(batch.text.ends_with('\n'), "only complete lines");
            assert!(batch.first_line >= 1);
            assert_eq!(
                batch.first_line + batch.text.matches('\n').count() - 1,
                lines,
                "the batch ends at the stream's last line"
            );
        }
    };
    let mut at = 0;
    for size in sizes.iter().cycle() {
        if at >= rest.len() {
            break;
        }
        if restart_at.is_some_and(|half| at >= half) {
            stream.restart();
        }
        let end = (at + size).min(rest.len());
        let batch = stream.push(&rest[at..end]);
        check(&batch, stream.lines());
        at = end;
    }
    let batch = stream.finish();
    check(&batch, stream.lines());
}

/// The same document written the ways Windows and old Macs write it: UTF-16LE or UTF-16BE with a
/// byte order mark, UTF-8 with or without one, with CR-only or mixed line ends. Decoding gives
/// back the text, and the findings do not depend on the encoding; they lie on character
/// boundaries, and a lone CR ends a line exactly as LF does.
pub fn encodings(data: &[u8]) {
    let mut choices = Choices { data };
    let style = choices.byte();
    let kind = [
        DocumentKind::Message,
        DocumentKind::Log,
        DocumentKind::Rules,
    ][style as usize % 3];
    let mut text = String::new();
    const PIECES: &[&str] = &[
        "550 5.1.1 ",
        "Status: 4.4.7",
        "dsn=5.2.2, status=bounced",
        "Final-Recipient: rfc822; a@b.c",
        "Action: failed",
        "Nov  4 09:12:01 mx postfix/smtp[1]: Q1: to=<a@b.c>, ",
        "-RejectMessageEnhancedStatusCode 5.7.1",
        "spf=fail",
    ];
    while !choices.is_empty() && text.len() < 4096 {
        match choices.byte() % 4 {
            0 => text.push_str(PIECES[choices.byte() as usize % PIECES.len()]),
            1 => text.push_str(&choices.text(12)),
            2 => text.push_str(["\n", "\r", "\r\n", "\n\r"][choices.byte() as usize % 4]),
            _ => text.push(' '),
        }
    }
    // A leading U+FEFF would be read as a byte order mark, which decoding drops by design.
    if text.starts_with('\u{feff}') {
        text.insert(0, ' ');
    }
    // The line-end style: as generated, CR only, or LF only.
    let text = match (style / 3) % 3 {
        0 => text,
        1 => text.replace("\r\n", "\r").replace('\n', "\r"),
        _ => text.replace("\r\n", "\n").replace('\r', "\n"),
    };
    let reference = analysis::check_bytes(text.clone().into_bytes(), None, Some(kind), true);
    assert_eq!(reference.text, text);
    check_spans(&reference.text, &reference.findings);
    let lf = mail_lsp::text::lone_cr_as_lf(&text).into_owned();
    let as_lf = analysis::check_bytes(lf.into_bytes(), None, Some(kind), true);
    assert_eq!(
        as_lf.findings, reference.findings,
        "a lone CR ends a line as LF does"
    );
    let mut utf8_bom = b"\xef\xbb\xbf".to_vec();
    utf8_bom.extend_from_slice(text.as_bytes());
    let mut le = vec![0xff, 0xfe];
    let mut be = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    for (name, encoded) in [("UTF-8 BOM", utf8_bom), ("UTF-16LE", le), ("UTF-16BE", be)] {
        let checked = analysis::check_bytes(encoded, None, Some(kind), true);
        assert!(!checked.lossy, "{name}: decoding was lossy");
        assert_eq!(checked.text, text, "{name}: decoding changed the text");
        assert_eq!(
            checked.findings, reference.findings,
            "{name}: findings depend on the encoding"
        );
    }
}

/// A JSON text built from the fuzzer's choices with the `arbitrary` crate: mostly JSON-RPC-like
/// objects with members of the right and the wrong types, plus what `serde_json::Value` cannot
/// express (numbers out of range, lone surrogate escapes, nesting past the recursion limit,
/// duplicate members).
#[derive(Debug)]
pub struct Body(pub String);

impl<'a> arbitrary::Arbitrary<'a> for Body {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut out = String::new();
        if u.ratio(1, 8)? {
            json_value(u, &mut out, 0)?;
        } else {
            json_message(u, &mut out)?;
        }
        Ok(Body(out))
    }
}

fn json_message(u: &mut arbitrary::Unstructured, out: &mut String) -> arbitrary::Result<()> {
    const MEMBERS: &[&str] = &[
        "jsonrpc", "id", "method", "params", "result", "error", "extra",
    ];
    out.push('{');
    let count = u.int_in_range(0..=6)?;
    for i in 0..count {
        if i > 0 {
            out.push(',');
        }
        let name = *u.choose(MEMBERS)?;
        out.push_str(&format!("\"{name}\":"));
        if u.ratio(2, 3)? {
            // A value of the right type for the member, so whole valid messages come up too.
            match name {
                "jsonrpc" => out.push_str("\"2.0\""),
                "id" => out.push_str(u.choose(&["1", "\"a\"", "null", "-7"])?),
                "method" => out.push_str(u.choose(&[
                    "\"textDocument/hover\"",
                    "\"exit\"",
                    "\"$/cancelRequest\"",
                    "\"x\"",
                ])?),
                "error" => out.push_str("{\"code\":-1,\"message\":\"m\"}"),
                "params" | "result" if u.ratio(1, 2)? => out.push_str("{}"),
                _ => json_value(u, out, 1)?,
            }
        } else {
            json_value(u, out, 1)?;
        }
    }
    out.push('}');
    Ok(())
}

fn json_value(
    u: &mut arbitrary::Unstructured,
    out: &mut String,
    depth: usize,
) -> arbitrary::Result<()> {
    const LEAVES: &[&str] = &[
        "null",
        "true",
        "0",
        "-1",
        "1.5",
        "1e999",
        "-1e999",
        "18446744073709551616",
        "9223372036854775807",
        "\"2.0\"",
        "\"\"",
        "\"\\ud800\"",
        "\"\\udc00\\ud800\"",
        "\"\\ud83d\\udce7\"",
        "\"\\u0000\"",
    ];
    match u.int_in_range(0..=9)? {
        0..=5 => out.push_str(u.choose(LEAVES)?),
        6 if depth < 4 => {
            out.push('[');
            for i in 0..u.int_in_range(0..=3)? {
                if i > 0 {
                    out.push(',');
                }
                json_value(u, out, depth + 1)?;
            }
            out.push(']');
        }
        7 if depth < 4 => {
            out.push('{');
            for i in 0..u.int_in_range(0..=3)? {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(u.choose(&["\"a\":", "\"id\":", "\"\\ud800\":"])?);
                json_value(u, out, depth + 1)?;
            }
            out.push('}');
        }
        8 => {
            let levels = u.int_in_range(100..=300)?;
            out.push_str(&"[".repeat(levels));
            out.push_str(&"]".repeat(levels));
        }
        _ => out.push_str("{\"a\":1}"),
    }
    Ok(())
}

/// The framing guard's message validation on generated JSON: it never panics, answers only
/// with Parse error or Invalid Request, and whatever it lets through the protocol layer can
/// deserialize (a body it would refuse ends the whole session).
pub fn jsonrpc(data: &[u8]) {
    use arbitrary::Arbitrary;
    use tower_lsp_server::jsonrpc::{Request, Response};
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(Body(body)) = Body::arbitrary(&mut u) else {
        return;
    };
    match body_problem(body.as_bytes()) {
        None => assert!(
            serde_json::from_str::<Request>(&body).is_ok()
                || serde_json::from_str::<Response>(&body).is_ok(),
            "forwarded a body the protocol layer refuses: {body}"
        ),
        Some(problem) => {
            assert!(
                problem.code == -32700 || problem.code == -32600,
                "{problem:?}"
            );
            if let Some(id) = &problem.reply_to {
                assert!(
                    id.is_null() || id.is_string() || id.is_i64(),
                    "answered with an unusable id: {problem:?}"
                );
            }
        }
    }
    // Raw bytes go through the same validation without a panic.
    let _ = body_problem(data);
}
