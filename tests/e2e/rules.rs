//! Transport rules and access maps over JSON-RPC: problems while typing, quick fixes, completion.

use serde_json::{Value, json};

use crate::harness::{Marked, position_of, range_of, repo_fixture};
use crate::process::ServerProcess;

/// Applies LSP text edits (utf-16 positions, single-line ranges here) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64(),
            e["range"]["start"]["character"].as_u64(),
        ))
    });
    for edit in edits {
        let (line, start, end_line, end) = range_of(&edit);
        assert_eq!(line, end_line, "single-line edit");
        let units: Vec<u16> = lines[line as usize].encode_utf16().collect();
        let mut out: Vec<u16> = units[..start as usize].to_vec();
        out.extend(edit["newText"].as_str().unwrap().encode_utf16());
        out.extend(&units[end as usize..]);
        lines[line as usize] = String::from_utf16(&out).unwrap();
    }
    lines.join("\n")
}

#[test]
fn an_invalid_transport_rule_code_is_caught_and_fixed() {
    let text = repo_fixture("rules/transport-rules.ps1");
    let uri = "file:///tmp/mail-lsp-e2e/transport-rules.ps1";
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], None, Value::Null);
    client.open(uri, "powershell", &text);
    let diagnostics = client.diagnostics(uri, 1);
    let (line, _) = position_of(&text, "\"5.7.500\"", false);
    let out_of_range = diagnostics
        .iter()
        .find(|d| d["code"] == "exchange:reject-code-range" && range_of(d).0 == line)
        .expect("5.7.500 is outside 5.7.1 and 5.7.900-999");
    assert_eq!(out_of_range["severity"], 1);
    assert!(
        diagnostics
            .iter()
            .all(|d| !d["code"].as_str().unwrap_or_default().starts_with("param:")),
        "parameter hints stay hover-only"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": out_of_range["range"],
            "context": { "diagnostics": [out_of_range] }
        }),
    )["result"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    let edits = fix["edit"]["changes"][uri].as_array().unwrap().clone();
    let fixed = apply(&text, &edits);
    let fixed_line = fixed.lines().nth(line as usize).unwrap();
    assert!(
        fixed_line.contains("\"5.7.1\"") || fixed_line.contains("\"5.7.9"),
        "{fixed_line}"
    );

    client.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": fixed }] }));
    let after = client.diagnostics(uri, 2);
    assert!(
        after
            .iter()
            .all(|d| !(d["code"] == "exchange:reject-code-range" && range_of(d).0 == line)),
        "{after:#?}"
    );
}

#[test]
fn completion_offers_valid_rule_codes_with_their_meaning() {
    let document =
        Marked::parse("New-TransportRule -Name \"Block\" -RejectMessageEnhancedStatusCode $0");
    let uri = "file:///tmp/mail-lsp-e2e/new-rule.ps1";
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], None, Value::Null);
    client.open(uri, "powershell", &document.text);
    client.diagnostics(uri, 1);
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": document.cursor_json() }),
    )["result"]
        .clone();
    let items = items.as_array().cloned().unwrap_or_default();
    let first = items
        .iter()
        .find(|i| i["label"].as_str().unwrap_or_default().contains("5.7.1"))
        .expect("5.7.1 is offered");
    assert!(first["detail"].is_string(), "{first}");
    assert!(
        items.iter().all(|i| {
            let code = i["textEdit"]["newText"].as_str().unwrap_or_default();
            code == "5.7.1" || code.starts_with("5.7.9")
        }),
        "{items:#?}"
    );
}

#[test]
fn a_postfix_class_mismatch_is_a_warning_with_a_fix() {
    let text = repo_fixture("rules/sender_access");
    let uri = "file:///etc/postfix/sender_access";
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], None, Value::Null);
    client.open(uri, "plaintext", &text);
    let diagnostics = client.diagnostics(uri, 1);
    let mismatch = diagnostics
        .iter()
        .find(|d| d["code"] == "postfix:class-mismatch")
        .expect("a class mismatch in the fixture");
    assert_eq!(mismatch["severity"], 2);
    let hover = client.hover(
        uri,
        mismatch["range"]["start"]["line"].as_u64().unwrap() as u32,
        mismatch["range"]["start"]["character"].as_u64().unwrap() as u32 + 1,
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .len()
            > 20
    );
}
