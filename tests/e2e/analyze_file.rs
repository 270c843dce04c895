//! `mailLsp/analyzeFile`: a log the editor cannot hand over is read by the server from disk,
//! its diagnostics published as for an open document, and only its new end read when it grows.

use std::io::Write;

use serde_json::{Value, json};

use crate::process::ServerProcess;

const BOUNCED: &str = "Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, relay=mx.fabrikam.com[203.0.113.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.fabrikam.com[203.0.113.5] said: 550 5.1.1 <bob@fabrikam.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n";
const DEFERRED: &str = "Nov  4 09:13:02 mx postfix/smtp[2104]: 5YmR2S3cA0a1w: to=<dave@example.net>, relay=mx.example.net[192.0.2.9]:25, delay=300, delays=0.1/0/300/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.9]:25: Connection timed out)\n";
const SENT: &str = "Nov  4 09:14:02 mx postfix/smtp[2105]: 6ZnS3T4dB1b2x: to=<carol@example.org>, relay=mx.example.org[192.0.2.10]:25, delay=0.4, delays=0.1/0/0.2/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n";

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mail-lsp-e2e-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("mail.log")
}

fn analyze(server: &mut ServerProcess, uri: &str) -> Value {
    let response = server.client.request(
        "mailLsp/analyzeFile",
        json!({ "uri": uri, "languageId": "mail-log" }),
    );
    assert!(response.get("error").is_none(), "{response}");
    response["result"].clone()
}

fn lines_of(diagnostics: &[Value]) -> Vec<u64> {
    let mut lines: Vec<u64> = diagnostics
        .iter()
        .filter_map(|d| d["range"]["start"]["line"].as_u64())
        .collect();
    lines.dedup();
    lines
}

#[test]
fn a_log_read_from_disk_is_underlined_and_followed_as_it_grows() {
    let path = scratch("grow");
    std::fs::write(&path, format!("{SENT}{BOUNCED}")).unwrap();
    let uri = format!("file://{}", path.display());
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);

    let first = analyze(&mut server, &uri);
    assert_eq!(first["read"], "whole", "{first}");
    let diagnostics = server.client.diagnostics(&uri, 1);
    assert_eq!(
        lines_of(&diagnostics),
        [1],
        "the bounce, not the delivery: {diagnostics:?}"
    );
    let message = diagnostics[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("5.1.1"),
        "the message names the code: {message}"
    );

    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(DEFERRED.as_bytes()).unwrap();
    let second = analyze(&mut server, &uri);
    assert_eq!(second["read"], "appended", "{second}");
    assert_eq!(
        second["bytes"],
        (SENT.len() + BOUNCED.len() + DEFERRED.len()) as u64
    );
    let diagnostics = server.client.diagnostics(&uri, 2);
    assert_eq!(lines_of(&diagnostics), [1, 2], "{diagnostics:?}");

    assert_eq!(analyze(&mut server, &uri)["read"], "unchanged");

    // Rotated: the path now names a new, shorter file.
    std::fs::write(&path, DEFERRED).unwrap();
    let third = analyze(&mut server, &uri);
    assert_eq!(third["read"], "whole", "{third}");
    let diagnostics = server.client.diagnostics(&uri, 3);
    assert_eq!(lines_of(&diagnostics), [0], "{diagnostics:?}");
    assert!(
        std::fs::read_to_string(&path).unwrap() == DEFERRED,
        "the file is never written"
    );
}

#[test]
fn what_cannot_be_read_is_an_error_and_the_server_keeps_serving() {
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);
    let dir = scratch("dir");
    let dir_uri = format!("file://{}", dir.parent().unwrap().display());
    for uri in [
        "untitled:Untitled-1".to_string(),
        "file:///no/such/mail.log".to_string(),
        dir_uri,
    ] {
        let response = server
            .client
            .request("mailLsp/analyzeFile", json!({ "uri": uri }));
        let error = &response["error"];
        assert_eq!(error["code"], -32602, "{uri}: {response}");
        assert!(!error["message"].as_str().unwrap_or_default().is_empty());
    }
    let path = scratch("after");
    std::fs::write(&path, BOUNCED).unwrap();
    let uri = format!("file://{}", path.display());
    assert_eq!(analyze(&mut server, &uri)["read"], "whole");
    assert!(!server.client.diagnostics(&uri, 1).is_empty());
}

#[test]
fn clients_that_only_send_commands_can_ask_for_a_file_too() {
    let path = scratch("command");
    std::fs::write(&path, BOUNCED).unwrap();
    let uri = format!("file://{}", path.display());
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);
    let response = server.client.request(
        "workspace/executeCommand",
        json!({ "command": "mail-lsp.analyzeFile", "arguments": [{ "uri": uri }] }),
    );
    assert_eq!(response["result"]["read"], "whole", "{response}");
    assert!(!server.client.diagnostics(&uri, 1).is_empty());
}

#[test]
fn the_failed_and_delayed_deliveries_are_listed_by_message() {
    let path = scratch("deliveries");
    std::fs::write(&path, format!("{SENT}{BOUNCED}{DEFERRED}")).unwrap();
    let uri = format!("file://{}", path.display());
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);
    analyze(&mut server, &uri);
    let response = server.client.request(
        "mailLsp/deliveries",
        json!({ "textDocument": { "uri": uri } }),
    );
    let messages = &response["result"]["messages"];
    let ids: Vec<&str> = messages
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(ids, ["4XkQ1R2bZ9z9v", "5YmR2S3cA0a1w"], "{response}");
    let bounced = &messages[0]["deliveries"][0];
    assert_eq!(bounced["recipient"], "bob@fabrikam.com");
    assert_eq!(bounced["action"], "failed");
    assert_eq!(bounced["range"]["start"]["line"], 1);
    assert!(
        bounced["meaning"].as_str().is_some_and(|m| !m.is_empty()),
        "{bounced}"
    );
    assert_eq!(messages[1]["deliveries"][0]["action"], "delayed");
}

#[test]
fn a_disk_read_log_says_who_acts_and_is_forgotten_when_its_tab_closes() {
    let path = scratch("forget");
    std::fs::write(&path, BOUNCED).unwrap();
    let uri = format!("file://{}", path.display());
    let mut server = ServerProcess::start(&[]);
    server.client.initialize(&["utf-16"], None, Value::Null);
    analyze(&mut server, &uri);
    // The editor cannot hover a file it keeps from extensions: the message carries the meaning.
    let diagnostics = server.client.diagnostics(&uri, 1);
    let message = diagnostics[0]["message"].as_str().unwrap_or_default();
    assert_eq!(
        message,
        "bob@fabrikam.com: delivery failed (550 5.1.1) — the recipient address does not exist — who acts: the sender"
    );

    // The editor tells the server with didClose, as for any document.
    server.client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = server
        .client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str() && p["diagnostics"].as_array().is_some_and(Vec::is_empty)
        });
    assert_eq!(cleared["diagnostics"], json!([]));
    let response = server.client.request(
        "mailLsp/deliveries",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(response["error"]["code"], -32602, "{response}");
    assert_eq!(
        analyze(&mut server, &uri)["read"],
        "whole",
        "asked again, the file is read from its start"
    );
}
