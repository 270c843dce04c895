//! Catalogs and settings from users: whatever is broken is reported, and the built-in catalog and
//! the defaults keep working.

use std::time::Duration;

use serde_json::{Value, json};

use crate::client::{Server, check, scratch_dir};

const URI: &str = "file:///tmp/mail-lsp-hostile/settings.eml";
const TEXT: &str = "Subject: bounce\n\n550 5.1.1 <bob@example.org>: User unknown\n";

/// A valid organisation catalog with one code of its own.
const VALID_CATALOG: &str = r#"
[source]
id = "contoso"
name.en = "Contoso"
name.fr = "Contoso"
name.it = "Contoso"
name.ja = "Contoso"

[[entry]]
codes = ["5.7.777"]
fix_owner = "sender-admin"
title.en = "Contoso relay policy"
title.fr = "Politique de relais Contoso"
title.it = "Criterio di inoltro Contoso"
title.ja = "Contoso の中継ポリシー"
cause.en = "Contoso relays only for its own domains."
cause.fr = "Contoso ne relaie que pour ses propres domaines."
cause.it = "Contoso inoltra solo per i propri domini."
cause.ja = "Contoso は自社ドメインのみ中継します。"
steps.en = ["Send through your own server."]
steps.fr = ["Passez par votre propre serveur."]
steps.it = ["Inviare tramite il proprio server."]
steps.ja = ["自社のサーバーから送信してください。"]
"#;

/// Broken catalog files of every kind, plus one valid one; returns all their paths.
fn catalogs() -> (Vec<String>, String) {
    let dir = scratch_dir("catalogs");
    let mut paths = Vec::new();
    let mut add = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        paths.push(path.display().to_string());
    };
    add("not-toml.toml", b"this is [not toml\n= = =\n");
    add("not-utf8.toml", b"[source]\nid = \"\xff\xfe\"\n");
    add(
        "wrong-shape.toml",
        b"[source]\nid = 5\n[[entry]]\ncodes = \"5.1.1\"\nfix_owner = \"nobody\"\n",
    );
    add("empty.toml", b"");
    add(
        "deep.toml",
        format!("a = {}1{}", "[".repeat(5000), "]".repeat(5000)).as_bytes(),
    );
    add("valid.toml", VALID_CATALOG.as_bytes());
    let valid = paths.pop().unwrap();
    paths.push(dir.join("does-not-exist.toml").display().to_string());
    paths.push(dir.display().to_string());
    (paths, valid)
}

fn hover_explains(server: &mut Server, code: &str, line: u64, character: u64) -> String {
    let hover = server.hover(URI, line, character);
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(value.contains(code), "hover explains {code}: {hover}");
    value
}

#[test]
fn broken_user_catalogs_are_reported_and_the_builtin_keeps_working() {
    let (broken, valid) = catalogs();
    let mut all = broken.clone();
    all.push(valid);
    let mut server = Server::start();
    server.initialize(&["utf-16"], json!({ "catalog": { "extraPaths": all } }));
    server.open(
        URI,
        "email",
        1,
        &format!("{TEXT}554 5.7.777 relay refused\n"),
    );
    let diagnostics = server.diagnostics(URI, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "5.1.1"),
        "{diagnostics:#?}"
    );
    let builtin = hover_explains(&mut server, "5.1.1", 2, 5);
    assert!(builtin.len() > 40, "a real explanation: {builtin}");
    let own = hover_explains(&mut server, "5.7.777", 3, 5);
    assert!(
        own.contains("Contoso"),
        "the valid user catalog applies: {own}"
    );
    let warnings: Vec<String> = server
        .client
        .seen
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .filter_map(|m| m["params"]["message"].as_str().map(str::to_string))
        .collect();
    for path in &broken {
        let name = std::path::Path::new(path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            warnings.iter().any(|w| w.contains(&name)),
            "{name} is reported; warnings: {warnings:#?}"
        );
    }
    let (code, _) = server.shutdown_and_exit();
    assert_eq!(code, 0);
}

#[test]
fn broken_settings_are_reported_and_defaults_apply() {
    let mut server = Server::start();
    server.set_configuration(json!("not an object"));
    server.initialize(
        &["utf-16"],
        json!({
            "language": 42,
            "kind": "spreadsheet",
            "logFormats": ["postfix"],
            "trace": { "server": true },
            "diagnostics": { "maxPerDocument": -3, "debounceMs": "soon", "successCodes": "yes" },
            "catalog": { "extraPaths": "one/path" },
            "unknown": { "deeply": { "nested": [1, 2, 3] } }
        }),
    );
    server.open(URI, "email", 1, TEXT);
    let diagnostics = server.diagnostics(URI, 1);
    assert!(diagnostics.iter().any(|d| d["code"] == "5.1.1"));
    let warnings = server
        .client
        .seen
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .count();
    assert!(
        warnings >= 7,
        "each broken setting is reported: {:#?}",
        server.client.seen
    );
    let mut deep = json!(1);
    for _ in 0..100 {
        deep = json!({ "x": deep });
    }
    for settings in [
        json!(null),
        json!([1, 2, 3]),
        json!("string"),
        json!(12),
        json!({ "mailLsp": null }),
        json!({ "mailLsp": { "diagnostics": { "maxPerDocument": 1e300 } } }),
        json!({ "mailLsp": { "diagnostics.debounceMs": 18446744073709551615u64 } }),
        json!({ "mailLsp": deep }),
        json!({ "mailLsp": { "diagnostics": { "debounceMs": 0 } } }),
    ] {
        server.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": settings }),
        );
    }
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": "451 4.7.1 later\n" }] }),
    );
    let diagnostics = server.diagnostics(URI, 2);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "4.7.1"),
        "{diagnostics:#?}"
    );
    let (code, _) = server.shutdown_and_exit();
    assert_eq!(code, 0);
}

#[test]
fn check_reports_a_broken_catalog_by_name() {
    let (broken, valid) = catalogs();
    let dir = scratch_dir("check-catalog");
    let file = dir.join("bounce.eml");
    std::fs::write(&file, TEXT).unwrap();
    for path in broken.iter().chain([&valid]) {
        let run = check(
            &[
                "--catalog",
                path,
                "--format",
                "json",
                file.to_str().unwrap(),
            ],
            &[],
            Duration::from_secs(30),
        );
        assert!(run.code.is_some(), "no crash on {path}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        if *path == valid {
            run.assert_analysed("a valid catalog");
        } else {
            let name = std::path::Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(
                run.stderr.contains(&name),
                "check names the broken catalog {name}: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn a_catalog_path_that_never_ends_is_refused() {
    let dir = scratch_dir("fifo");
    let fifo = dir.join("catalog.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let mut server = Server::start();
    let id = server.request_async(
        "initialize",
        json!({ "capabilities": {}, "initializationOptions": { "catalog": { "extraPaths": [fifo] } } }),
    );
    let answered = server.try_wait(Duration::from_secs(10), |m| m["id"] == json!(id));
    assert!(
        answered.is_some(),
        "initialize answered despite a FIFO catalog"
    );
    let _ = Value::Null;
}
