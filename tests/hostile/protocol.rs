//! Protocol abuse: broken frames, broken JSON, wrong order, wrong versions, floods and
//! cancellations. The server either answers and keeps serving or ends cleanly with the exit code
//! the LSP specification asks for.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::client::{Server, frame};

const URI: &str = "file:///tmp/mail-lsp-hostile/bounce.eml";
const TEXT: &str = "From: MAILER-DAEMON@example.net\nSubject: Undelivered\n\n550 5.1.1 <bob@example.org>: User unknown\n";

/// After whatever came before, the server still answers a hover with the explanation of 5.1.1.
fn still_serving(server: &mut Server) {
    let hover = server.hover(URI, 3, 5);
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(text.contains("5.1.1"), "hover after abuse: {hover}");
}

fn parse_errors(server: &mut Server, count: usize) {
    for n in 0..count {
        let error = server.wait(&format!("parse error #{n}"), |m| {
            m["error"]["code"] == -32700 && m["id"].is_null()
        });
        assert!(
            error["error"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("Parse error")),
            "{error}"
        );
    }
}

#[test]
fn malformed_content_length_is_answered_and_the_stream_resynchronises() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    server.send_raw(b"Content-Length: abc\r\n\r\n");
    server.send_raw(b"Content-Length: -12\r\n\r\n");
    server.send_raw(b"Content-Length: 99999999999999999999999\r\n\r\n");
    server.send_raw(b"Content-Length: 2000000000\r\n\r\n");
    server.send_raw(b"X-Nothing: here\r\n\r\n");
    server.send_raw(b"this is not a header\r\n\r\n");
    let mut long_header = b"Content-Length: 2".to_vec();
    long_header.extend(std::iter::repeat_n(b' ', 20_000));
    long_header.extend_from_slice(b"\r\n\r\n");
    server.send_raw(&long_header);
    parse_errors(&mut server, 7);
    still_serving(&mut server);
    assert!(server.alive());
}

#[test]
fn invalid_json_bodies_get_parse_errors() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    let bodies: Vec<Vec<u8>> = vec![
        b"{\"jsonrpc\": \"2.0\", ".to_vec(),
        b"\xff\xfe\x00{}".to_vec(),
        Vec::new(),
        b"{\"a\":".repeat(50_000),
    ];
    for body in &bodies {
        server.send_raw(&frame(body));
    }
    parse_errors(&mut server, bodies.len());
    // Well-formed JSON that is not a valid request is the server's business, not a parse error.
    server.send_raw(&frame(
        br#"{"jsonrpc":"2.0","id":"x","method":"textDocument/hover","params":"nonsense"}"#,
    ));
    let invalid = server.wait("an answer to nonsense params", |m| m["id"] == "x");
    assert!(invalid.get("error").is_some(), "{invalid}");
    still_serving(&mut server);
}

/// Valid JSON that is not a JSON-RPC message ended the session in the protocol layer; each is
/// answered (Invalid Request, or Parse error for what serde_json cannot hold) and the server
/// keeps serving.
#[test]
fn json_that_is_not_a_message_is_answered_and_the_session_goes_on() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let cases: Vec<(String, i64, Value)> = vec![
        ("{}".into(), -32600, Value::Null),
        ("[1]".into(), -32600, Value::Null),
        ("[1, 2, 3]".into(), -32600, Value::Null),
        ("\"just a string\"".into(), -32600, Value::Null),
        (deep.clone(), -32600, Value::Null),
        (
            r#"{"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover"}"#.into(),
            -32600,
            Value::Null,
        ),
        (
            r#"{"id":41,"method":"textDocument/hover","params":{}}"#.into(),
            -32600,
            json!(41),
        ),
        (
            r#"{"jsonrpc":"2.0","id":42,"method":5}"#.into(),
            -32600,
            json!(42),
        ),
        (
            r#"{"jsonrpc":"2.0","id":"n","method":"x","params":[1e999]}"#.into(),
            -32700,
            Value::Null,
        ),
        (
            r#"{"jsonrpc":"2.0","id":"s","method":"x","params":{"t":"\ud800"}}"#.into(),
            -32700,
            Value::Null,
        ),
        (
            format!(r#"{{"jsonrpc":"2.0","id":"d","method":"x","params":{deep}}}"#),
            -32700,
            Value::Null,
        ),
    ];
    for (body, code, id) in &cases {
        server.send_raw(&frame(body.as_bytes()));
        let reply = server.wait(
            &format!("the answer to {}", &body[..body.len().min(60)]),
            |m| m["error"]["code"] == *code && m["id"] == *id,
        );
        assert!(reply.get("result").is_none(), "{reply}");
        assert!(
            server.alive(),
            "the server left after {}",
            &body[..body.len().min(60)]
        );
    }
    // A broken notification is not answered, and does no harm either.
    server.send_raw(&frame(br#"{"method":"textDocument/didClose","params":{}}"#));
    still_serving(&mut server);
    let (code, _) = server.shutdown_and_exit();
    assert_eq!(code, 0);
}

#[test]
fn unknown_methods_are_refused_without_harm() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    let unknown = server.request("mailLsp/doesNotExist", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    server.notify("mailLsp/alsoUnknown", json!({ "x": 1 }));
    server.notify("$/somethingOptional", json!(null));
    still_serving(&mut server);
}

#[test]
fn an_optional_dollar_request_gets_method_not_found() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    let id = server.request_async("$/optionalRequest", json!({}));
    let answer = server.try_wait(Duration::from_secs(5), |m| m["id"] == json!(id));
    assert_eq!(
        answer.map(|a| a["error"]["code"].clone()),
        Some(json!(-32601))
    );
}

#[test]
fn requests_before_initialize_are_refused_and_initialize_still_works() {
    let mut server = Server::start();
    let early = server.hover(URI, 0, 0);
    assert_eq!(early["error"]["code"], -32002, "{early}");
    server.open(URI, "email", 1, TEXT);
    server.initialize(&["utf-16"], Value::Null);
    // The didOpen before initialize was dropped; hover on a document that is not open is empty.
    let hover = server.hover(URI, 3, 5);
    assert_eq!(hover["result"], Value::Null, "{hover}");
    server.open(URI, "email", 1, TEXT);
    still_serving(&mut server);
    let (code, took) = server.shutdown_and_exit();
    assert_eq!(code, 0);
    assert!(took < Duration::from_secs(1), "exit took {took:?}");
}

#[test]
fn a_second_initialize_is_an_error_not_a_reset() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    let again = server.request("initialize", json!({ "capabilities": {} }));
    assert!(again.get("error").is_some(), "{again}");
    still_serving(&mut server);
}

#[test]
fn messages_after_shutdown_are_ignored_and_exit_is_orderly() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    server.diagnostics(URI, 1);
    let response = server.request("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null);
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": "550 5.7.1 x" }] }),
    );
    server.open("file:///tmp/other.eml", "email", 1, TEXT);
    let late = server.hover(URI, 3, 5);
    assert_eq!(late["error"]["code"], -32600, "{late}");
    let again = server.request("shutdown", Value::Null);
    assert!(again.get("error").is_some(), "{again}");
    server.notify("exit", Value::Null);
    let (code, took) = server
        .wait_exit(Duration::from_secs(5))
        .expect("the server exits");
    assert_eq!(code, 0, "exit after shutdown");
    assert!(took < Duration::from_secs(1), "exit took {took:?}");
    assert!(
        !server
            .client
            .seen
            .iter()
            .any(|m| m["params"]["version"] == 2),
        "no diagnostics for a change sent after shutdown: {:#?}",
        server.client.seen
    );
}

#[test]
fn exit_without_shutdown_ends_with_code_one_within_a_second() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    server.diagnostics(URI, 1);
    server.notify("exit", Value::Null);
    let (code, took) = server
        .wait_exit(Duration::from_secs(5))
        .expect("the server exits");
    assert_eq!(code, 1);
    assert!(took < Duration::from_secs(1), "exit took {took:?}");
}

#[test]
fn exit_before_initialize_and_a_vanished_client_both_end_the_process() {
    let mut server = Server::start();
    server.notify("exit", Value::Null);
    let (code, _) = server
        .wait_exit(Duration::from_secs(5))
        .expect("exit before initialize ends the process");
    assert_eq!(code, 1);

    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    // Half a frame, then the editor dies.
    server.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":");
    server.close_input();
    let (code, took) = server
        .wait_exit(Duration::from_secs(5))
        .expect("end of input ends the process");
    assert_eq!(code, 1, "no shutdown was asked for");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn did_change_for_an_unopened_document_and_other_strays_are_ignored() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///never/opened.eml", "version": 7 },
                "contentChanges": [{ "range": { "start": { "line": 3, "character": 0 }, "end": { "line": 9, "character": 9 } }, "text": "x" }] }),
    );
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": "file:///never/opened.eml" } }),
    );
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI }, "contentChanges": "not a list" }),
    );
    server.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    let hover = server.hover("file:///never/opened.eml", 0, 0);
    assert_eq!(hover["result"], Value::Null, "{hover}");
    let weird_uri = server.hover("not a uri at all", 0, 0);
    assert!(weird_uri.get("error").is_some() || weird_uri["result"].is_null());
    server.open(URI, "email", 1, TEXT);
    still_serving(&mut server);
}

#[test]
fn ranges_beyond_the_end_are_clamped() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    // An insertion far past the end lands at the end; a reversed range deletes nothing.
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [
            { "range": { "start": { "line": 4_000_000_000u32, "character": 4_000_000_000u32 }, "end": { "line": 4_000_000_000u32, "character": 4_000_000_000u32 } },
              "text": "451 4.7.1 Greylisted\n" },
            { "range": { "start": { "line": 3, "character": 9 }, "end": { "line": 0, "character": 0 } }, "text": "" },
            { "range": { "start": { "line": 0, "character": 99999 }, "end": { "line": 0, "character": 99999 } }, "text": "" }
        ] }),
    );
    let diagnostics = server.diagnostics(URI, 2);
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"5.1.1"), "{diagnostics:#?}");
    assert!(codes.contains(&"4.7.1"), "{diagnostics:#?}");
    let appended = diagnostics.iter().find(|d| d["code"] == "4.7.1").unwrap();
    assert_eq!(appended["range"]["start"]["line"], 4, "appended at the end");
    let far = server.hover(URI, 1_000_000, 1_000_000);
    assert!(far.get("error").is_none(), "{far}");
    let action = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI },
                "range": { "start": { "line": 900, "character": 0 }, "end": { "line": 3, "character": 0 } },
                "context": { "diagnostics": [] } }),
    );
    assert!(action.get("error").is_none(), "{action}");
    still_serving(&mut server);
}

#[test]
fn a_version_going_backwards_is_ignored() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 5, TEXT);
    server.diagnostics(URI, 5);
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [{ "text": "550 5.7.1 stale\n" }] }),
    );
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 6 }, "contentChanges": [{ "text": "450 4.2.2 fresh\n" }] }),
    );
    let diagnostics = server.diagnostics(URI, 6);
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["4.2.2"], "{diagnostics:#?}");
    assert!(
        !server
            .client
            .seen
            .iter()
            .any(|m| m["params"]["version"] == 3),
        "the stale version was never published"
    );
}

/// Types a document line by line in 10,000 didChange notifications sent at once, with a status
/// code every fiftieth line; returns how many times diagnostics were published before the last.
fn burst(language: &str, uri: &str, line: &str) -> usize {
    const CHANGES: usize = 10_000;
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(uri, language, 1, "");
    let mut text = String::new();
    let mut frames = Vec::new();
    for i in 0..CHANGES {
        let line = if i % 50 == 0 { line } else { "y\n" };
        let lines = text.matches('\n').count();
        frames.extend(frame(
            json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": { "uri": uri, "version": i + 2 },
                "contentChanges": [{ "range": { "start": { "line": lines, "character": 0 }, "end": { "line": lines, "character": 0 } }, "text": line }]
            } })
            .to_string()
            .as_bytes(),
        ));
        text.push_str(line);
    }
    let started = Instant::now();
    server.send_raw(&frames);
    let diagnostics = server.diagnostics(uri, (CHANGES + 1) as i64);
    let took = started.elapsed();
    let expected = CHANGES.div_ceil(50);
    let lines: Vec<u64> = diagnostics
        .iter()
        .filter(|d| d["code"] == "5.1.1")
        .filter_map(|d| d["range"]["start"]["line"].as_u64())
        .collect();
    assert_eq!(lines.len(), expected, "one diagnostic per bounced line");
    assert_eq!(lines.iter().max(), Some(&(((expected - 1) * 50) as u64)));
    let published = server
        .client
        .seen
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .count();
    eprintln!(
        "burst of {CHANGES} changes ({language}) settled in {took:?}, {published} intermediate publications"
    );
    assert!(took < Duration::from_secs(40), "{took:?}");
    assert!(server.alive());
    published
}

#[test]
fn a_burst_of_ten_thousand_changes_to_a_message_is_debounced() {
    let published = burst(
        "email",
        "file:///tmp/mail-lsp-hostile/burst.eml",
        "Status: 5.1.1\n",
    );
    assert!(published < 100, "{published} intermediate publications");
}

#[test]
fn a_burst_of_ten_thousand_changes_to_a_log_ends_in_the_final_text() {
    // Log edits are spliced and published at once, so intermediate publications are expected.
    burst(
        "mail-log",
        "file:///tmp/mail-lsp-hostile/burst.log",
        "x dsn=5.1.1, status=bounced\n",
    );
}

#[test]
fn cancelled_requests_are_answered_and_the_server_goes_on() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    let big: String = (0..20_000)
        .map(|i| format!("line {i}: 550 5.1.1 user{i}@example.org unknown\n"))
        .collect();
    let uri = "file:///tmp/mail-lsp-hostile/cancel.log";
    server.open(uri, "mail-log", 1, &big);
    let mut ids = Vec::new();
    for line in 0..20u64 {
        let id = server.request_async(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line * 100, "character": 12 } }),
        );
        server.notify("$/cancelRequest", json!({ "id": id }));
        ids.push(id);
    }
    server.notify("$/cancelRequest", json!({ "id": 999_999 }));
    server.notify("$/cancelRequest", json!({ "id": "no such id" }));
    server.notify("$/cancelRequest", json!({}));
    for id in ids {
        let response = server.response(id);
        assert!(
            response.get("result").is_some() || response["error"]["code"] == -32800,
            "{response}"
        );
    }
    let hover = server.hover(uri, 5, 12);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("5.1.1")),
        "{hover}"
    );
}

#[test]
fn executing_commands_with_hostile_arguments_is_refused_politely() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(URI, "email", 1, TEXT);
    for params in [
        json!({ "command": "mail-lsp.openUrl", "arguments": ["file:///etc/passwd"] }),
        json!({ "command": "mail-lsp.openUrl", "arguments": ["javascript:alert(1)"] }),
        json!({ "command": "mail-lsp.openUrl", "arguments": [42] }),
        json!({ "command": "mail-lsp.openUrl", "arguments": [] }),
        json!({ "command": "mail-lsp.explain", "arguments": [{ "code": "\u{0000}".repeat(100_000) }] }),
        json!({ "command": "mail-lsp.explain", "arguments": ["5.1.1"] }),
        json!({ "command": "rm -rf /", "arguments": [] }),
    ] {
        let response = server.request("workspace/executeCommand", params.clone());
        assert!(
            response.get("error").is_some() || response.get("result").is_some(),
            "{params} -> {response}"
        );
    }
    still_serving(&mut server);
}
