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
