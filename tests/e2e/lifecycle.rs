//! The whole life of a session over the real binary's stdio, in both position encodings.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{fixture, position_of, range_of};
use crate::process::ServerProcess;

const URI: &str = "file:///tmp/mail-lsp-e2e/exchange-ndr.eml";

fn code_diagnostics<'d>(diagnostics: &'d [Value], code: &str) -> Vec<&'d Value> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == code && d["source"] == "mail-lsp")
        .collect()
}

fn session(encodings: &[&str], utf8: bool) {
    let text = fixture("exchange-ndr.eml");
    let mut server = ServerProcess::start(&["--stdio"]);
    let client = &mut server.client;

    let init = client.initialize(encodings, None, Value::Null);
    let negotiated = init["result"]["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap();
    assert_eq!(negotiated, if utf8 { "utf-8" } else { "utf-16" });
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );

    client.open(URI, "email", &text);
    let diagnostics = client.diagnostics(URI, 1);

    // The code on the Japanese line is underlined at exactly its characters.
    let (line, start) = position_of(&text, "550 5.1.1 RESOLVER", utf8);
    let on_japanese_line: Vec<_> = code_diagnostics(&diagnostics, "5.1.1")
        .into_iter()
        .filter(|d| range_of(d).0 == line)
        .collect();
    assert_eq!(on_japanese_line.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        range_of(on_japanese_line[0]),
        (line, start, line, start + "550 5.1.1".len() as u64)
    );
    assert_eq!(on_japanese_line[0]["severity"], 1, "5.x.x is an error");

    // Addresses and IDs that look like codes are left alone.
    let (ip_line, _) = position_of(&text, "(10.5.1.1)", utf8);
    let (id_line, _) = position_of(&text, "<5.1.1@contoso.com>", utf8);
    assert!(
        diagnostics
            .iter()
            .all(|d| range_of(d).0 != ip_line && range_of(d).0 != id_line),
        "{diagnostics:#?}"
    );

    // Hover over the code explains it from Exchange Online's catalog.
    let hover = client.hover(URI, line as u32, start as u32 + 5);
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(markdown.contains("5.1.1"), "{markdown}");
    assert!(markdown.contains("Exchange Online"), "{markdown}");
    assert_eq!(hover["range"]["start"]["character"], start);

    // Code actions on the code lead to the remediation article and to the full explanation.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": line, "character": start + 5 }, "end": { "line": line, "character": start + 5 } },
            "context": { "diagnostics": [] }
        }),
    )["result"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let open = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap_or_default()
                .starts_with("Open remediation")
        })
        .expect("remediation action");
    let url = open["command"]["arguments"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        url.starts_with("https://learn.microsoft.com/en-us/"),
        "{url}"
    );
    assert!(actions.iter().any(|a| {
        a["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Explain") && t.contains("5.1.1"))
    }));

    // Running the action asks the editor to open the article in the browser.
    let result = client.request("workspace/executeCommand", open["command"].clone());
    assert_eq!(result["result"], true, "{result}");
    let shown = client.shown_documents.lock().unwrap().clone();
    assert_eq!(shown.last().map(|p| p["uri"].clone()), Some(json!(url)));
    assert_eq!(
        shown.last().map(|p| p["external"].clone()),
        Some(json!(true))
    );

    // An incremental edit turns the permanent failure into a transient one.
    let (edit_line, edit_start) = position_of(&text, "5.1.1 RESOLVER", utf8);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": URI, "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": edit_line, "character": edit_start - 4 }, "end": { "line": edit_line, "character": edit_start + 5 } },
                "text": "450 4.2.2"
            }]
        }),
    );
    let updated = client.diagnostics(URI, 2);
    let changed: Vec<_> = updated
        .iter()
        .filter(|d| range_of(d).0 == line && d["code"] == "4.2.2")
        .collect();
    assert_eq!(changed.len(), 1, "{updated:#?}");
    assert_eq!(changed[0]["severity"], 2, "4.x.x is a warning");
    assert!(
        code_diagnostics(&updated, "5.1.1")
            .iter()
            .all(|d| range_of(d).0 != line)
    );

    // Closing clears the diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    let cleared = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == URI && p["diagnostics"].as_array().is_some_and(Vec::is_empty)
    });
    assert!(cleared["diagnostics"].as_array().unwrap().is_empty());

    // shutdown then exit: the process is gone within a second, with exit code 0.
    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    client.notify("exit", Value::Null);
    let (code, took) = server
        .wait_exit(Duration::from_secs(1))
        .expect("exits within a second of exit");
    assert_eq!(code, 0);
    assert!(took < Duration::from_secs(1));
}

#[test]
fn utf16_session_from_open_to_exit() {
    session(&["utf-16"], false);
}

#[test]
fn utf8_session_from_open_to_exit() {
    session(&["utf-8", "utf-16"], true);
}

#[test]
fn exits_when_stdin_closes() {
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);
    server.client.close_input();
    let (code, _) = server
        .wait_exit(Duration::from_secs(2))
        .expect("exits when stdin closes");
    assert_eq!(code, 1, "no shutdown came first");
}

#[test]
fn exit_without_shutdown_is_exit_code_one() {
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);
    server.client.notify("exit", Value::Null);
    let (code, _) = server.wait_exit(Duration::from_secs(1)).expect("exits");
    assert_eq!(code, 1);
}

#[test]
fn the_cap_leaves_a_visible_summary() {
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(
        &["utf-16"],
        None,
        json!({ "diagnostics": { "maxPerDocument": 3 } }),
    );
    let log: String = (0..10).map(|i| format!("Nov  4 09:12:0{i} mx postfix/smtp[1]: ABC{i}: to=<u{i}@example.com>, dsn=5.1.1, status=bounced\n")).collect();
    let uri = "file:///tmp/mail-lsp-e2e/mail.log";
    client.open(uri, "log", &log);
    let diagnostics = client.diagnostics(uri, 1);
    let summary: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["code"] == "max-per-document")
        .collect();
    assert_eq!(summary.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics.len(), 4);
    assert!(
        summary[0]["message"]
            .as_str()
            .unwrap()
            .contains("more are not shown"),
        "{}",
        summary[0]["message"]
    );
}

#[test]
fn stale_and_unknown_changes_are_ignored_and_the_server_keeps_serving() {
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], None, Value::Null);
    let uri = "file:///tmp/mail-lsp-e2e/stale.eml";
    client.open(uri, "email", "Subject: x\nFrom: a@b.c\n\nStatus: 5.1.1\n");
    client.diagnostics(uri, 1);
    let full = |text: &str, version: i64| json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] });
    client.notify(
        "textDocument/didChange",
        full("Subject: x\nFrom: a@b.c\n\nStatus: 4.4.7\n", 0),
    );
    client.notify("textDocument/didChange", json!({ "textDocument": { "uri": "file:///never/opened.eml", "version": 5 }, "contentChanges": [{ "text": "x" }] }));
    // A hover far beyond the end of the document is clamped, not an error.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 999, "character": 999 } }),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    let hover = client.hover(uri, 3, 9);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("5.1.1"),
        "the stale edit was ignored: {hover}"
    );
}

#[test]
fn malformed_messages_do_not_take_the_server_down() {
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], None, Value::Null);
    client.send_raw(b"Content-Length: 12\r\n\r\n{not json!!}");
    client.notify("textDocument/unknownNotification", json!({}));
    let unknown = client.request("mail-lsp/noSuchMethod", json!({}));
    assert_eq!(
        unknown["error"]["code"], -32601,
        "method not found: {unknown}"
    );
    let uri = "file:///tmp/mail-lsp-e2e/after-garbage.eml";
    client.open(uri, "email", "From: a@b.c\nSubject: x\n\nStatus: 5.1.1\n");
    assert_eq!(client.diagnostics(uri, 1).len(), 1);
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(
        client.wait_closed(Duration::from_secs(1)),
        "output closed within a second of exit"
    );
}
