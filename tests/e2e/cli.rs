//! `mail-lsp check`, `explain` and `catalog check` as a terminal or CI runs them.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::harness::fixture_path;

pub(crate) fn mail_lsp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
        .args(args)
        .env("LANG", "C")
        .output()
        .expect("runs")
}

pub(crate) fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn check_json_reports_each_finding_with_its_position() {
    let path = fixture_path("postfix.log");
    let output = mail_lsp(&["check", "--format", "json", &path]);
    assert_eq!(output.status.code(), Some(1), "errors were found");
    let records = json_lines(&output);
    let bounced = records
        .iter()
        .find(|r| r["kind"] == "status-code" && r["code"] == "5.1.1" && r["reply"].is_null())
        .expect("dsn=5.1.1");
    assert_eq!(bounced["path"], path.as_str());
    assert_eq!(bounced["start"]["line"], 3);
    let line = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .nth(2)
        .unwrap()
        .to_string();
    let column = line[..line.find("dsn=5.1.1").unwrap() + 4].chars().count() + 1;
    assert_eq!(bounced["start"]["column"], column);
    assert_eq!(bounced["end"]["column"], column + 5);
    assert_eq!(bounced["severity"], "error");
    assert!(bounced["message"].as_str().unwrap().starts_with("5.1.1"));
    assert!(bounced["source"].is_string());
    let said = records
        .iter()
        .find(|r| r["code"] == "5.1.1" && r["reply"] == 550)
        .expect("said: 550 5.1.1");
    assert_eq!(said["start"]["line"], 3);
    let deferred = records
        .iter()
        .find(|r| r["code"] == "4.4.7")
        .expect("dsn=4.4.7");
    assert_eq!(deferred["severity"], "warning");
    assert!(
        records.iter().all(|r| r["code"] != "2.0.0"),
        "success codes stay quiet by default"
    );
}

#[test]
fn check_human_points_at_the_code() {
    let path = fixture_path("exchange-ndr.eml");
    let output = mail_lsp(&["check", "--lang", "en", &path]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("error[5.1.1]"), "{text}");
    let line = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .position(|l| l.contains("550 5.1.1 RESOLVER"))
        .unwrap()
        + 1;
    assert!(text.contains(&format!("{path}:{line}:")), "{text}");
    assert!(text.contains("^^^^^^^^^"), "{text}");
    assert!(text.contains("= help: https://"), "{text}");
}

/// The whole human output of a Postfix log, as a terminal shows it: lines wider than 140
/// columns are cut around the code, and the column after `-->` is the code's.
#[test]
fn check_human_output_of_a_postfix_log() {
    let output = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
        .args(["check", "--lang", "en", "fixtures/postfix.log"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/e2e"))
        .env("LANG", "C")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "errors were found");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/e2e/snapshots"
    ));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!(
            "check_human_postfix_log",
            String::from_utf8_lossy(&output.stdout)
        )
    });
}

#[test]
fn check_sarif_is_a_sarif_log() {
    let output = mail_lsp(&["check", "--format", "sarif", &fixture_path("postfix.log")]);
    let log: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["level"] == "error" && r["ruleId"] == "status-code/5.1.1")
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    // It reads back as the types generated from the SARIF 2.1.0 schema.
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_slice(&output.stdout).expect("a SARIF 2.1.0 log");
    let run = typed.runs.first().expect("one run");
    assert_eq!(run.results.as_ref().map(Vec::len), Some(results.len()));
    assert!(
        run.tool
            .driver
            .rules
            .iter()
            .flatten()
            .any(|rule| rule.id == "status-code/5.1.1" && rule.help_uri.is_some())
    );
}

#[test]
fn exit_statuses() {
    let clean = std::env::temp_dir().join("mail-lsp-clean.log");
    std::fs::write(&clean, "Nov  4 09:12:04 mx postfix/smtp[1]: ABC: to=<a@b.c>, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n").unwrap();
    assert_eq!(
        mail_lsp(&["check", clean.to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert_eq!(
        mail_lsp(&["check", &fixture_path("postfix.log")])
            .status
            .code(),
        Some(1)
    );
    let missing = mail_lsp(&["check", "/nonexistent/bounce.eml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/bounce.eml"));
    assert_eq!(
        mail_lsp(&["check", "--format", "xml", "x"]).status.code(),
        Some(2)
    );
}

#[test]
fn check_reads_stdin_and_walks_directories() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"Reporting-MTA: dns; mx.example.com\nFinal-Recipient: rfc822; a@b.c\nStatus: 5.2.2\n",
        )
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let records = json_lines(&output);
    assert!(
        records
            .iter()
            .any(|r| r["code"] == "5.2.2" && r["path"] == "-"),
        "{records:?}"
    );

    let dir = fixture_path("");
    let output = mail_lsp(&["check", "--format", "json", &dir]);
    let records = json_lines(&output);
    assert!(
        records
            .iter()
            .any(|r| r["path"].as_str().unwrap().ends_with("postfix.log"))
    );
    assert!(
        records
            .iter()
            .any(|r| r["path"].as_str().unwrap().ends_with("exchange-ndr.eml"))
    );
}

#[test]
fn explain_speaks_the_asked_language() {
    let output = mail_lsp(&[
        "explain",
        "5.7.1",
        "--text",
        "Unable to relay",
        "--lang",
        "ja",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("対応すべき人"), "{text}");
    assert!(text.contains("Exchange Online"), "{text}");
    let generic = mail_lsp(&["explain", "5.1.1", "--lang", "en"]);
    let text = String::from_utf8_lossy(&generic.stdout);
    assert!(
        !text.contains("Source: Exchange Online"),
        "no provider markers, so no Exchange meaning: {text}"
    );
    assert_eq!(mail_lsp(&["explain", "not-a-code"]).status.code(), Some(2));
}

#[test]
fn a_user_catalog_is_validated_and_merged() {
    let dir = std::env::temp_dir().join("mail-lsp-user-catalog");
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("acme.toml");
    let mut body = String::from(
        "[source]\nid = \"acme\"\nname.en = \"Acme mail policy\"\nname.fr = \"Politique Acme\"\nname.it = \"Criteri Acme\"\nname.ja = \"Acme ポリシー\"\n\n[[entry]]\ncodes = [\"5.7.950\"]\nlinks = [\"https://intranet.acme.example/mail/5-7-950\"]\n",
    );
    for field in ["title", "cause"] {
        for lang in ["en", "fr", "it", "ja"] {
            body.push_str(&format!("{field}.{lang} = \"Acme {field} {lang}\"\n"));
        }
    }
    for lang in ["en", "fr", "it", "ja"] {
        body.push_str(&format!("steps.{lang} = [\"Call the Acme helpdesk\"]\n"));
    }
    std::fs::write(&good, &body).unwrap();
    let checked = mail_lsp(&["catalog", "check", good.to_str().unwrap()]);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let explained = mail_lsp(&[
        "explain",
        "5.7.950",
        "--lang",
        "en",
        "--catalog",
        good.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&explained.stdout).contains("Acme title en"));

    let broken = dir.join("broken.toml");
    std::fs::write(&broken, body.replace("title.ja = \"Acme title ja\"\n", "")).unwrap();
    let checked = mail_lsp(&["catalog", "check", broken.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(
        stderr.contains(&format!("{}:8:", broken.display())),
        "{stderr}"
    );
}

#[test]
fn version_and_help() {
    let version = mail_lsp(&["--version"]);
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("mail-lsp "));
    let help = mail_lsp(&["--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
}

#[test]
fn explain_lists_every_meaning_of_a_code_without_a_provider() {
    let output = mail_lsp(&["explain", "5.2.2", "--lang", "en"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("5.2.2 — Recipient mailbox is full"),
        "{text}"
    );
    assert!(
        text.contains(
            "Exchange Online: \"Submission quota exceeded\" — Sender's submission quota exceeded"
        ),
        "{text}"
    );
    assert!(text.contains("--provider exchange-online"), "{text}");
}

#[test]
fn explain_with_a_provider_puts_its_meaning_first() {
    let output = mail_lsp(&[
        "explain",
        "--provider",
        "exchange-online",
        "5.2.2",
        "--lang",
        "en",
    ]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("5.2.2 — Sender's submission quota exceeded"),
        "{text}"
    );
    assert!(
        text.contains("Registry meaning: Recipient mailbox is full"),
        "{text}"
    );
    assert!(
        !text.contains("Meanings of this code at mail providers"),
        "{text}"
    );
}

#[test]
fn explain_json_names_the_meaning_its_alternatives_and_their_sources() {
    let output = mail_lsp(&["explain", "--format", "json", "5.2.2", "--lang", "en"]);
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(json["code"], "5.2.2");
    assert_eq!(json["meaning"]["source"], "iana");
    let alternatives = json["alternatives"].as_array().expect("alternatives");
    let exchange = alternatives
        .iter()
        .find(|a| a["source"] == "exchange-online")
        .expect("Exchange Online's meaning");
    assert_eq!(exchange["response"], "Submission quota exceeded");
    assert_eq!(exchange["fix_owner"], "sender");
    let sources: Vec<&str> = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(sources[0], "iana");
    assert!(sources.contains(&"exchange-online"), "{sources:?}");
}

#[test]
fn a_success_dsn_shows_its_delivered_recipients_only_with_the_success_codes() {
    let path = format!(
        "{}/../tests/corpus/sisimai/eml/rfc3464-28.eml",
        env!("CARGO_MANIFEST_DIR")
    );
    let recipients = |args: &[&str]| -> Vec<(String, String, String)> {
        json_lines(&mail_lsp(args))
            .into_iter()
            .filter(|r| r["kind"] == "recipient")
            .map(|r| {
                (
                    r["recipient"].as_str().unwrap_or_default().to_string(),
                    r["action"].as_str().unwrap_or_default().to_string(),
                    r["message"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    assert!(recipients(&["check", "--format", "json", &path]).is_empty());
    let shown = recipients(&["check", "--format", "json", "--success-codes", &path]);
    assert_eq!(
        shown,
        vec![
            (
                "kijitora@neko.example.jp".into(),
                "delivered".into(),
                "kijitora@neko.example.jp: delivered (250 2.1.5)".into()
            ),
            (
                "info@neko.example.jp".into(),
                "delivered".into(),
                "info@neko.example.jp: delivered (250 2.1.5)".into()
            ),
        ]
    );
}

/// A DKIM fixture of `tests/fixtures/auth/dkim/`.
fn dkim_path(name: &str) -> String {
    format!(
        "{}/../tests/fixtures/auth/dkim/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn check_verifies_dkim_with_the_keys_it_is_given() {
    let zone = dkim_path("example.com.zone");
    let output = mail_lsp(&[
        "check",
        "--lang",
        "en",
        "--dkim-keys",
        &zone,
        &dkim_path("signed-relaxed.eml"),
        &dkim_path("from-altered.eml"),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "warnings only: {stdout}");
    assert!(
        stdout.contains(
            "information[dkim-signature:verified]: signature verified with the key for \
             rsa2048._domainkey.example.com from "
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning[dkim-signature:does-not-verify]: signature does not verify"),
        "{stdout}"
    );
    // The carets sit under b= of the signature that fails.
    let failed = stdout
        .split("warning[dkim-signature:does-not-verify]")
        .nth(1)
        .unwrap_or_default();
    assert!(failed.contains("from-altered.eml:5:2"), "{failed}");
    assert!(failed.contains("5 |  b="), "{failed}");
    assert!(failed.contains("  |  ^^^^^^^^"), "{failed}");
}

#[test]
fn check_json_without_keys_checks_the_body_hash_only() {
    let output = mail_lsp(&[
        "check",
        "--format",
        "json",
        &dkim_path("length-appended.eml"),
        &dkim_path("list-footer.eml"),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let records = json_lines(&output);
    let codes: Vec<&str> = records.iter().filter_map(|r| r["code"].as_str()).collect();
    assert!(
        !codes
            .iter()
            .any(|c| c.ends_with(":verified") || c.ends_with(":does-not-verify")),
        "no key, no signature verdict: {codes:?}"
    );
    let unsigned = records
        .iter()
        .find(|r| r["code"] == "dkim-signature:unsigned-body")
        .expect("unsigned-body");
    assert_eq!(unsigned["severity"], "information");
    assert_eq!(unsigned["start"]["line"], 26);
    assert_eq!(unsigned["start"]["column"], 1);
    let changed = records
        .iter()
        .find(|r| r["code"] == "dkim-signature:body-changed")
        .expect("body-changed");
    assert!(
        changed["path"]
            .as_str()
            .unwrap_or_default()
            .ends_with("list-footer.eml")
    );
    assert_eq!(changed["severity"], "warning");
    assert_eq!(changed["start"]["line"], 4);
}

#[test]
fn check_reports_bad_key_files_and_still_checks() {
    let dir = std::env::temp_dir().join(format!("mail-lsp-dkim-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.zone");
    std::fs::write(
        &bad,
        "rsa2048._domainkey.example.com. IN TXT \"v=DKIM1; p=unterminated\n",
    )
    .expect("write");
    let output = mail_lsp(&[
        "check",
        "--dkim-keys",
        bad.to_str().unwrap_or_default(),
        "--dkim-keys",
        "/nonexistent/keys.zone",
        &dkim_path("signed-relaxed.eml"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.zone:1: a quoted string is not closed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cannot read DKIM key file /nonexistent/keys.zone"),
        "{stderr}"
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unreadable key file is an I/O error"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("dkim-signature:body-hash-ok"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_explains_why_a_message_went_to_junk_and_each_spam_verdict() {
    let path = format!(
        "{}/../tests/fixtures/auth/stamps-junk.eml",
        env!("CARGO_MANIFEST_DIR")
    );
    let output = mail_lsp(&["check", "--format", "json", &path]);
    assert_eq!(output.status.code(), Some(0), "stamps are information only");
    let records = json_lines(&output);
    let message_of = |code: &str| {
        records
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {records:?}"))["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        message_of("mailbox-delivery:junk")
            .starts_with("Delivered to Junk Email: spam filtering marked it spam (SFV:SPM, SCL 5)")
    );
    assert_eq!(
        message_of("rspamd:verdict=spam"),
        "rspamd: spam — score 16.20 against a threshold of 15.00"
    );
    assert!(message_of("x-spam-status=yes").contains("score 7.1 reached the threshold 5.0"));
    assert!(message_of("spamassassin:EXAMPLE_LOCAL_TEST").contains("not in our table"));
    let delivery = records
        .iter()
        .find(|r| r["code"] == "mailbox-delivery:junk")
        .unwrap();
    assert_eq!(delivery["severity"], "information");
    assert_eq!(delivery["start"]["line"], 19);
    assert_eq!(delivery["start"]["column"], 1);

    let human = mail_lsp(&["check", "--lang", "ja", &path]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("information[mailbox-delivery:junk]: 迷惑メール フォルダーに配信"),
        "{text}"
    );
}

#[test]
fn check_stays_silent_on_stamp_look_alikes() {
    let path = format!(
        "{}/../tests/fixtures/auth/stamps-lookalikes.eml",
        env!("CARGO_MANIFEST_DIR")
    );
    let output = mail_lsp(&["check", "--format", "json", &path]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_lines(&output), Vec::<Value>::new());
}
