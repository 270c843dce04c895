//! `docs/findings.schema.json` describes what `check --format json` prints: real output of the
//! fixtures (messages, every log format, authentication headers, rules, a streamed stdin log)
//! must validate, record by record, and cover every kind of record the schema names.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("docs/findings.schema.json")).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema is a valid 2020-12 schema")
}

fn records(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect()
}

fn check(args: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
        .args(["check", "--format", "json", "--lang", "en"])
        .args(args)
        .current_dir(repo())
        .output()
        .expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    records(&out.stdout)
}

fn assert_valid(validator: &jsonschema::Validator, records: &[Value]) {
    for record in records {
        let problems: Vec<String> = validator
            .iter_errors(record)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(problems.is_empty(), "{problems:#?}\nin {record:#}");
    }
}

#[test]
fn check_json_output_of_the_fixtures_matches_the_published_schema() {
    let validator = validator();
    let mut all = check(&[
        "--success-codes",
        "tests/fixtures/messages",
        "tests/fixtures/logs",
        "tests/fixtures/auth",
        "tests/fixtures/rules",
        "tests/e2e/fixtures",
    ]);
    assert!(all.len() > 100, "{} records", all.len());
    assert_valid(&validator, &all);

    // A log streamed on stdin prints the same records.
    let mut child = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let log = std::fs::read(repo().join("tests/fixtures/logs/postfix.log")).expect("fixture");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&log)
        .expect("written");
    let streamed = records(&child.wait_with_output().expect("ends").stdout);
    assert!(streamed.iter().any(|r| r["kind"] == "recipient"));
    assert_valid(&validator, &streamed);
    all.extend(streamed);

    let kinds: BTreeSet<&str> = all.iter().filter_map(|r| r["kind"].as_str()).collect();
    for kind in ["status-code", "reply-code", "recipient", "auth", "rule"] {
        assert!(kinds.contains(kind), "no {kind} record among {kinds:?}");
    }
    let verdict = all
        .iter()
        .find(|r| r["kind"] == "recipient" && r["original_recipient"].is_string())
        .expect("an expanded alias");
    assert!(verdict["hard_bounce"].is_boolean());
}

#[test]
fn the_schema_rejects_records_that_break_it() {
    let validator = validator();
    let good = serde_json::json!({
        "path": "mail.log", "start": {"line": 3, "column": 121}, "end": {"line": 3, "column": 126},
        "severity": "error", "kind": "status-code", "code": "5.1.1", "reply": null,
        "message": "5.1.1: Recipient mailbox does not exist", "source": "iana"
    });
    assert!(validator.is_valid(&good));
    let mut unknown_field = good.clone();
    unknown_field["colour"] = "red".into();
    let mut zero_line = good.clone();
    zero_line["start"]["line"] = 0.into();
    let mut bare_recipient = good.clone();
    bare_recipient["kind"] = "recipient".into();
    for bad in [unknown_field, zero_line, bare_recipient] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
}
