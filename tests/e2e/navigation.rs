//! Outline, folding, references, highlights, links, inlay hints and code lenses over JSON-RPC.

use serde_json::{Value, json};

use crate::harness::{position_of, repo_fixture};
use crate::process::ServerProcess;

fn open(server: &mut ServerProcess, uri: &str, language_id: &str, text: &str) {
    server.client.initialize(&["utf-16"], None, Value::Null);
    server.client.open(uri, language_id, text);
    server.client.diagnostics(uri, 1);
}

fn request(server: &mut ServerProcess, method: &str, params: Value) -> Value {
    let response = server.client.request(method, params);
    assert!(response.get("error").is_none(), "{method}: {response}");
    response["result"].clone()
}

fn flatten(symbols: &Value, out: &mut Vec<Value>) {
    for symbol in symbols.as_array().into_iter().flatten() {
        out.push(symbol.clone());
        flatten(&symbol["children"], out);
    }
}

#[test]
fn a_postfix_log_outlines_interleaved_messages_and_follows_one_through_its_life() {
    let text = repo_fixture("structure/postfix-interleaved.log");
    let uri = "file:///var/log/mail.log";
    let mut server = ServerProcess::start(&[]);
    open(&mut server, uri, "mail-log", &text);

    let symbols = request(
        &mut server,
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let mut all = Vec::new();
    flatten(&symbols, &mut all);
    let message = all
        .iter()
        .find(|s| {
            s["name"]
                .as_str()
                .unwrap_or_default()
                .contains("4XkQ1R2bZ9z9v")
        })
        .expect("the message's symbol");
    assert!(
        message["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("a1@contoso.com"),
        "{message}"
    );
    assert!(
        !message["children"].as_array().unwrap().is_empty(),
        "its delivery lines sit under it"
    );

    let (line, character) = position_of(&text, "4XkQ1R2bZ9z9v: to=<bob", false);
    let at = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character + 2 } });
    let mut params = at.clone();
    params["context"] = json!({ "includeDeclaration": true });
    let references = request(&mut server, "textDocument/references", params);
    let lines: Vec<u64> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    let expected: Vec<u64> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("4XkQ1R2bZ9z9v") || l.contains("<a1@contoso.com>"))
        .map(|(i, _)| i as u64)
        .collect();
    for line in &expected {
        assert!(
            lines.contains(line),
            "line {line} of the message's life is referenced: {lines:?}"
        );
    }
    let highlights = request(&mut server, "textDocument/documentHighlight", at);
    assert_eq!(
        highlights.as_array().unwrap().len(),
        references.as_array().unwrap().len()
    );

    let folds = request(
        &mut server,
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(!folds.as_array().unwrap().is_empty());
}

#[test]
fn a_bounce_has_folds_links_a_summary_lens_and_recipients_in_its_outline() {
    let text = repo_fixture("structure/postfix-bounce.eml");
    let uri = "file:///tmp/mail-lsp-e2e/postfix-bounce.eml";
    let mut server = ServerProcess::start(&[]);
    open(&mut server, uri, "email", &text);
    let doc = json!({ "textDocument": { "uri": uri } });

    let folds = request(&mut server, "textDocument/foldingRange", doc.clone());
    assert!(
        folds
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["startLine"] == 0),
        "the header block folds: {folds}"
    );

    let links = request(&mut server, "textDocument/documentLink", doc.clone());
    assert!(
        links
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["target"].as_str().unwrap().starts_with("http"))
    );

    let lenses = request(&mut server, "textDocument/codeLens", doc.clone());
    let title = lenses[0]["command"]["title"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        title.contains("5.1.1") && title.contains("5.7.509"),
        "{lenses}"
    );

    let symbols = request(&mut server, "textDocument/documentSymbol", doc);
    let mut all = Vec::new();
    flatten(&symbols, &mut all);
    assert!(
        all.iter()
            .any(|s| s["kind"] == 19 && s["name"].as_str().unwrap_or_default().contains('@')),
        "a recipient symbol"
    );
}

#[test]
fn encoded_words_and_hop_delays_are_inlay_hints() {
    let text = repo_fixture("structure/encoded-hops.eml");
    let uri = "file:///tmp/mail-lsp-e2e/encoded-hops.eml";
    let mut server = ServerProcess::start(&[]);
    open(&mut server, uri, "email", &text);
    let lines = text.lines().count() as u64;
    let hints = request(
        &mut server,
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": lines, "character": 0 } } }),
    );
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["label"].as_str())
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("Françoise Müller")),
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l.contains("山田")), "{labels:?}");
    assert!(
        labels.iter().any(|l| l.contains(" s")),
        "hop delays: {labels:?}"
    );
}
