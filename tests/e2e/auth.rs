//! Authentication verdicts over JSON-RPC: underlines, the DMARC reasoning, DNS lookups, trust.

use serde_json::{Value, json};

use crate::harness::{position_of, range_of, repo_fixture};
use crate::process::ServerProcess;

const URI: &str = "file:///tmp/mail-lsp-e2e/dmarc-fail.eml";

#[test]
fn failing_spf_dkim_and_dmarc_are_underlined_and_explained() {
    let text = repo_fixture("auth/dmarc-fail.eml");
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], None, Value::Null);
    client.open(URI, "email", &text);
    let diagnostics = client.diagnostics(URI, 1);
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    for code in ["spf=fail", "dkim=fail", "dmarc=fail"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    let dmarc = diagnostics
        .iter()
        .find(|d| d["code"] == "dmarc=fail")
        .unwrap();
    assert_eq!(dmarc["severity"], 1, "a failed DMARC is an error");
    let (line, character) = position_of(&text, "dmarc=fail", false);
    assert_eq!(range_of(dmarc).0, line);

    let hover = client.hover(URI, line as u32, character as u32 + 2);
    let markdown = hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        markdown.contains("DMARC") && markdown.contains("example.com"),
        "{markdown}"
    );

    let actions = client.request("textDocument/codeAction", json!({
        "textDocument": { "uri": URI }, "range": dmarc["range"], "context": { "diagnostics": [] }
    }))["result"].as_array().cloned().unwrap_or_default();
    let copy = actions
        .iter()
        .find(|a| a["command"]["command"] == "mail-lsp.copyDnsLookups")
        .expect("DNS lookups action");
    let result = client.request("workspace/executeCommand", copy["command"].clone());
    assert!(
        result["result"]
            .as_str()
            .unwrap_or_default()
            .contains("dig +short TXT _dmarc."),
        "{result}"
    );
}

#[test]
fn results_from_untrusted_servers_say_so() {
    let text = repo_fixture("auth/dmarc-fail.eml");
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(
        &["utf-16"],
        Some("en"),
        json!({ "trustedAuthservIds": ["mx.contoso.com"] }),
    );
    client.open(URI, "email", &text);
    client.diagnostics(URI, 1);
    let (line, character) = position_of(&text, "dmarc=fail", false);
    let hover = client.hover(URI, line as u32, character as u32 + 2);
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.contains("not in your trusted servers"),
        "{markdown}"
    );
}

/// A DKIM fixture of `tests/fixtures/auth/dkim/`: its path and its text.
fn dkim_fixture(name: &str) -> (String, String) {
    let path = format!(
        "{}/../tests/fixtures/auth/dkim/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = repo_fixture(&format!("auth/dkim/{name}"));
    (path, text)
}

fn codes_of(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect()
}

#[test]
fn dkim_signatures_verify_with_the_key_files_setting() {
    const DKIM_URI: &str = "file:///tmp/mail-lsp-e2e/from-altered.eml";
    let (zone, _) = dkim_fixture("example.com.zone");
    let (_, text) = dkim_fixture("from-altered.eml");
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(
        &["utf-16"],
        Some("en"),
        json!({ "dkim": { "keyFiles": [zone] } }),
    );
    client.open(DKIM_URI, "email", &text);
    let diagnostics = client.diagnostics(DKIM_URI, 1);
    let codes = codes_of(&diagnostics);
    assert!(codes.contains(&"dkim-signature:body-hash-ok"), "{codes:?}");
    let failed = diagnostics
        .iter()
        .find(|d| d["code"] == "dkim-signature:does-not-verify")
        .unwrap_or_else(|| panic!("no does-not-verify in {codes:?}"));
    assert_eq!(failed["severity"], 2, "a signature that fails is a warning");
    let message = failed["message"].as_str().unwrap_or_default();
    assert!(message.contains("/example.com.zone:3."), "{message}");
    assert!(message.contains("a signed header"), "{message}");
    // The diagnostic sits on b=, and hovering it explains how the check was made.
    let (line, _) = position_of(&text, "\n b=", false);
    assert_eq!(range_of(failed).0, line + 1);
    assert_eq!(range_of(failed).1, 1);
    let hover = client.hover(DKIM_URI, line as u32 + 1, 2);
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.contains("never looks keys up in DNS"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Signature does not verify with the supplied key"),
        "{markdown}"
    );

    // The DNS action on it gives the command that saves the key in the form the setting reads.
    let actions = client.request("textDocument/codeAction", json!({
        "textDocument": { "uri": DKIM_URI }, "range": failed["range"], "context": { "diagnostics": [] }
    }))["result"].as_array().cloned().unwrap_or_default();
    let copy = actions
        .iter()
        .find(|a| a["command"]["command"] == "mail-lsp.copyDnsLookups")
        .expect("DNS lookups action");
    let result = client.request("workspace/executeCommand", copy["command"].clone());
    assert!(
        result["result"]
            .as_str()
            .unwrap_or_default()
            .contains("dig +noall +answer TXT rsa2048._domainkey.example.com >> dkim-keys.zone"),
        "{result}"
    );

    // Without key files the signature is no longer judged; the body hash still is.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "mailLsp": { "dkim": { "keyFiles": [] } } } }),
    );
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == DKIM_URI
            && p["diagnostics"].as_array().is_some_and(|d| {
                !d.iter()
                    .any(|d| d["code"] == "dkim-signature:does-not-verify")
            })
    });
    let codes = codes_of(params["diagnostics"].as_array().map_or(&[][..], |d| d));
    assert!(codes.contains(&"dkim-signature:body-hash-ok"), "{codes:?}");
}

#[test]
fn an_unreadable_key_file_is_reported_and_the_server_keeps_going() {
    const DKIM_URI: &str = "file:///tmp/mail-lsp-e2e/list-footer.eml";
    let (_, text) = dkim_fixture("list-footer.eml");
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(
        &["utf-16"],
        Some("en"),
        json!({ "dkim": { "keyFiles": ["/nonexistent/keys.zone"] } }),
    );
    let warning = client.wait_for("window/showMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot read DKIM key file /nonexistent/keys.zone"))
    });
    assert_eq!(warning["type"], 2);
    client.open(DKIM_URI, "email", &text);
    let diagnostics = client.diagnostics(DKIM_URI, 1);
    let codes = codes_of(&diagnostics);
    assert!(codes.contains(&"dkim-signature:body-changed"), "{codes:?}");
    let added = diagnostics
        .iter()
        .find(|d| d["code"] == "dkim-signature:added-after-signing")
        .unwrap_or_else(|| panic!("no added-after-signing in {codes:?}"));
    let (line, _) = position_of(&text, "\n-- \n", false);
    assert_eq!(range_of(added), (line + 1, 0, line + 1, 3));
}
