//! The server on documents that used to be silently wrong: an analysis that fails, CR-only line
//! ends read differently from `check`, and a large didOpen sent before `initialize` whose text
//! was handed to a later didOpen of the same URI.

use std::time::Duration;

use serde_json::{Value, json};

use crate::check_inputs::PANIC_MARKER;
use crate::client::{Server, check, file_uri, scratch_dir};
use crate::inputs::fixture_path;

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_failed_analysis_shows_a_diagnostic_at_the_top_and_is_logged_without_the_text() {
    let mut server = Server::start_with(
        &["--stdio"],
        &[
            ("RUST_LOG", "info"),
            ("MAIL_LSP_INJECT_PANIC", PANIC_MARKER),
        ],
    );
    server.initialize(&["utf-16"], Value::Null);
    let uri = "file:///tmp/mail-lsp-hostile/failing.eml";
    let text = format!("From: a@example.com\nSubject: private words\n\n550 5.1.1 {PANIC_MARKER}\n");
    server.open(uri, "email", 1, &text);
    let diagnostics = server.diagnostics(uri, 1);
    let failed = diagnostics
        .iter()
        .find(|d| d["code"] == "analysis-failed")
        .unwrap_or_else(|| panic!("no failure diagnostic: {diagnostics:?}"));
    assert_eq!(
        failed["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    assert_eq!(failed["severity"], 1);
    let message = failed["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("mail-lsp could not analyse this document: internal error"),
        "{message}"
    );
    // Other documents are still analysed.
    server.open(
        "file:///tmp/mail-lsp-hostile/fine.eml",
        "email",
        1,
        "From: a@b.c\n\n550 5.1.1 gone\n",
    );
    let fine = server.diagnostics("file:///tmp/mail-lsp-hostile/fine.eml", 1);
    assert!(codes(&fine).contains(&"5.1.1".to_string()), "{fine:?}");
    assert!(!codes(&fine).contains(&"analysis-failed".to_string()));
    let (code, _) = server.shutdown_and_exit();
    assert_eq!(code, 0);
    let stderr = server.stderr();
    assert!(stderr.contains("could not be analysed"), "{stderr}");
    assert!(
        !stderr.contains("private words"),
        "mail text in the log: {stderr}"
    );
}

#[test]
fn a_transcript_prefix_before_a_wide_character_gets_its_findings() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    let uri = "file:///tmp/mail-lsp-hostile/transcript.log";
    server.open(
        uri,
        "mail-log",
        1,
        "S: é550 hello\nS: é 550 5.1.1 unknown user\n",
    );
    let diagnostics = server.diagnostics(uri, 1);
    assert!(
        codes(&diagnostics).contains(&"5.1.1".to_string()),
        "{diagnostics:?}"
    );
    assert!(!codes(&diagnostics).contains(&"analysis-failed".to_string()));
    assert!(server.alive());
}

/// (code, 1-based line) of every reported finding, sorted.
fn check_findings(path: &std::path::Path) -> Vec<(String, u64)> {
    let run = check(
        &["--format", "json", path.to_str().unwrap()],
        &[],
        Duration::from_secs(60),
    );
    run.assert_analysed(&path.display().to_string());
    let mut found: Vec<(String, u64)> = run
        .records()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap_or_default().to_string(),
                r["start"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    found.sort();
    found
}

fn server_findings(diagnostics: &[Value]) -> Vec<(String, u64)> {
    let mut found: Vec<(String, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default() + 1,
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn cr_only_files_get_the_same_findings_from_check_and_the_server() {
    let dir = scratch_dir("cr-only");
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    for (fixture, name) in [
        ("postfix.log", "mail.log"),
        ("exchange-ndr.eml", "bounce.eml"),
    ] {
        let text = std::fs::read_to_string(fixture_path(fixture))
            .unwrap()
            .replace("\r\n", "\n")
            .replace('\n', "\r");
        let path = dir.join(name);
        std::fs::write(&path, &text).unwrap();
        let from_check = check_findings(&path);
        let uri = file_uri(&path);
        server.open(&uri, "", 1, &text);
        let from_server = server_findings(&server.diagnostics(&uri, 1));
        assert!(
            from_check.iter().any(|(_, line)| *line > 2),
            "{name}: findings past the first lines: {from_check:?}"
        );
        assert_eq!(
            from_server, from_check,
            "{name}: server (left) and check (right)"
        );
        // The same text with LF endings gives the same findings at the same lines.
        let lf = dir.join(format!("lf-{name}"));
        std::fs::write(&lf, text.replace('\r', "\n")).unwrap();
        assert_eq!(check_findings(&lf), from_check, "{name}: LF and CR-only");
    }
}

#[test]
fn a_large_did_open_before_initialize_never_reaches_a_later_open() {
    let mut server = Server::start();
    let uri = "file:///tmp/mail-lsp-hostile/early.log";
    let stale =
        "Nov  4 mx postfix/smtp[1]: A1: to=<a@b.c>, dsn=5.1.1, status=bounced\n".repeat(20_000);
    assert!(stale.len() >= 1 << 20);
    server.open(uri, "mail-log", 1, &stale);
    server.initialize(&["utf-16"], Value::Null);
    server.open(uri, "mail-log", 1, "");
    let diagnostics = server.diagnostics(uri, 1);
    assert_eq!(diagnostics, Vec::<Value>::new(), "the stale text was used");
    let hover = server.hover(uri, 0, 40);
    assert!(hover["result"].is_null(), "{hover}");
    // A large didOpen after initialize still takes its own text.
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    server.open(uri, "mail-log", 2, &stale);
    let diagnostics = server.diagnostics(uri, 2);
    assert!(codes(&diagnostics).contains(&"5.1.1".to_string()));
    let (code, _) = server.shutdown_and_exit();
    assert_eq!(code, 0);
}
