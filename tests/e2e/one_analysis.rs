//! One analysis per document version feeds every view: requests sent right after `didOpen`, as
//! editors send them, wait for the analysis in flight instead of starting their own, and the
//! outline, folding, links and references share one structure build.

use serde_json::{Value, json};

use crate::harness::repo_fixture;
use crate::process::ServerProcess;

/// A Postfix log of `n` messages, each bounced once.
fn postfix_log(n: usize) -> String {
    let mut log = String::new();
    for i in 0..n {
        log.push_str(&format!(
            "Jan 15 10:00:{:02} mx postfix/smtp[123]: 4Xk{i:07X}Z: to=<user{i}@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <user{i}@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n",
            i % 60
        ));
    }
    log
}

fn status(server: &mut ServerProcess, uri: &str) -> Value {
    let response = server.client.request(
        "mailLsp/documentStatus",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(response.get("error").is_none(), "{response}");
    response["result"].clone()
}

/// Sends every view's request at once and checks each is answered without an error.
fn every_view_at_once(server: &mut ServerProcess, uri: &str) {
    let document = json!({ "uri": uri });
    let at = json!({ "textDocument": document, "position": { "line": 3, "character": 40 } });
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 50, "character": 0 } });
    let requests = [
        ("textDocument/hover", at.clone()),
        (
            "textDocument/documentSymbol",
            json!({ "textDocument": document }),
        ),
        (
            "textDocument/foldingRange",
            json!({ "textDocument": document }),
        ),
        (
            "textDocument/inlayHint",
            json!({ "textDocument": document, "range": whole }),
        ),
        (
            "textDocument/documentLink",
            json!({ "textDocument": document }),
        ),
        ("textDocument/codeLens", json!({ "textDocument": document })),
        (
            "textDocument/references",
            json!({ "textDocument": document, "position": at["position"], "context": { "includeDeclaration": true } }),
        ),
        ("textDocument/documentHighlight", at.clone()),
        (
            "textDocument/codeAction",
            json!({ "textDocument": document, "range": whole, "context": { "diagnostics": [] } }),
        ),
    ];
    let ids: Vec<(&str, i64)> = requests
        .iter()
        .map(|(method, params)| (*method, server.client.send_request(method, params.clone())))
        .collect();
    for (method, id) in ids {
        let response = server.client.response(id);
        assert!(response.get("error").is_none(), "{method}: {response}");
    }
}

#[test]
fn requests_sent_right_after_did_open_share_the_one_analysis_of_the_version() {
    let uri = "file:///var/log/mail.log";
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);
    server.client.open(uri, "mail-log", &postfix_log(5_000));
    every_view_at_once(&mut server, uri);
    let diagnostics = server.client.diagnostics(uri, 1);
    assert!(!diagnostics.is_empty(), "the bounces are underlined");

    let status = status(&mut server, uri);
    assert_eq!(status["version"], 1, "{status}");
    assert_eq!(status["kind"], "log", "{status}");
    assert_eq!(
        status["analyses"], 1,
        "one analysis for every view: {status}"
    );
    assert_eq!(status["structures"], 1, "one structure build: {status}");
}

#[test]
fn a_message_is_read_once_for_its_findings_and_its_structure() {
    let uri = "file:///tmp/bounce.eml";
    let text = repo_fixture("messages/exchange-online-ndr.eml");
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);
    server.client.open(uri, "email", &text);
    every_view_at_once(&mut server, uri);
    let status = status(&mut server, uri);
    assert_eq!(status["kind"], "message", "{status}");
    assert_eq!(status["analyses"], 1, "{status}");
    assert_eq!(status["structures"], 1, "{status}");
}

#[test]
fn a_new_version_gets_its_own_analysis_and_the_old_one_is_not_reused() {
    let uri = "file:///var/log/mail.log";
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);
    server.client.open(uri, "mail-log", &postfix_log(50));
    server.client.diagnostics(uri, 1);
    server.client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": postfix_log(3) }],
        }),
    );
    let diagnostics = server.client.diagnostics(uri, 2);
    assert!(!diagnostics.is_empty());
    let status = status(&mut server, uri);
    assert_eq!(status["version"], 2, "{status}");
    assert_eq!(status["analyses"], 1, "{status}");
    let symbols = server.client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let names = symbols["result"].to_string();
    assert!(names.contains("4Xk0000002Z"), "{names}");
    assert!(
        !names.contains("4Xk0000049Z"),
        "the outline is of version 2: {names}"
    );
}
