//! A user catalog's provider rows decide a bounce's reason, in `check` and in the server alike.

use std::process::Command;

use serde_json::{Value, json};

use crate::harness::{fixture, fixture_path};
use crate::process::ServerProcess;

const URI: &str = "file:///tmp/mail-lsp-e2e/gmail-policy-marker.eml";

fn check_reason(extra: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(fixture_path("gmail-policy-marker.eml"))
        .output()
        .expect("runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|record| record["kind"] == "recipient")
        .and_then(|record| record["reason"].as_str().map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn check_reads_the_reason_from_a_user_catalogs_provider_row() {
    // Without the organisation's row, only the enhanced code speaks: a security matter.
    assert_eq!(check_reason(&[]), "securityerror");
    let catalog = fixture_path("user-catalog-gmail-row.toml");
    assert_eq!(check_reason(&["--catalog", &catalog]), "policyviolation");
}

#[test]
fn the_server_reads_the_reason_from_a_user_catalogs_provider_row() {
    let catalog = fixture_path("user-catalog-gmail-row.toml");
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(
        &["utf-16"],
        Some("en"),
        json!({ "catalog": { "extraPaths": [catalog] } }),
    );
    client.open(URI, "email", &fixture("gmail-policy-marker.eml"));
    let diagnostics = client.diagnostics(URI, 1);
    let recipient = diagnostics
        .iter()
        .filter_map(|d| d["message"].as_str())
        .find(|m| m.starts_with("bob@example.org"))
        .unwrap_or_default()
        .to_string();
    assert!(
        recipient.contains("policy"),
        "the reason comes from the user's row: {recipient}"
    );
}
