//! Outlook `.msg` files: `check` reads them like the `.eml` they came from, `convert` prints
//! their message text, and the server analyses that text opened under an editor's virtual URI.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::cli::{json_lines, mail_lsp};
use crate::process::ServerProcess;

#[path = "../common/msg_samples.rs"]
mod samples;

fn sample(name: &str) -> String {
    format!(
        "{}/../tests/fixtures/msg/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("msg-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// `MAIL_LSP_WRITE_MSG_FIXTURES=1` rewrites them after a change to `tests/common/msg_samples.rs`.
#[test]
fn the_committed_samples_are_the_generated_ones() {
    for (name, bytes) in samples::all() {
        let path = sample(name);
        if std::env::var_os("MAIL_LSP_WRITE_MSG_FIXTURES").is_some() {
            std::fs::write(&path, &bytes).expect("written");
        }
        let committed = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            committed == bytes,
            "{name} differs from what tests/common/msg_samples.rs writes"
        );
    }
}

#[test]
fn check_reports_an_exchange_ndr_msg_under_its_own_path() {
    let path = sample("exchange-ndr.msg");
    let output = mail_lsp(&["check", "--format", "json", &path]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let records = json_lines(&output);
    assert!(
        records.iter().all(|r| r["path"] == path.as_str()),
        "{records:?}"
    );
    let codes: Vec<&str> = records.iter().filter_map(|r| r["code"].as_str()).collect();
    for code in ["5.1.1", "spf=fail", "dmarc=fail"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    // Positions are those of the text `convert` prints.
    let converted = mail_lsp(&["convert", &path]);
    assert_eq!(converted.status.code(), Some(0));
    let text = String::from_utf8(converted.stdout).expect("UTF-8");
    let line = text
        .lines()
        .position(|l| l.contains("Remote Server returned '550 5.1.1"))
        .expect("the NDR's line")
        + 1;
    let status = records
        .iter()
        .find(|r| r["kind"] == "status-code" && r["code"] == "5.1.1")
        .expect("5.1.1");
    assert_eq!(status["start"]["line"], line);
    let column = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("550 5.1.1")
        .unwrap()
        + 1;
    assert_eq!(status["start"]["column"], column);
    let dmarc = records.iter().find(|r| r["code"] == "dmarc=fail").unwrap();
    assert_eq!(dmarc["severity"], "error");
    assert_eq!(
        dmarc["start"]["line"],
        text.lines().position(|l| l.contains("dmarc=fail")).unwrap() + 1
    );
}

#[test]
fn human_output_says_once_where_positions_point() {
    let ndr = sample("exchange-ndr.msg");
    let bounce = sample("string8-headers.msg");
    let output = mail_lsp(&["check", "--lang", "en", &ndr, &bounce]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    let note = "note: line and column numbers in an Outlook .msg refer to its message text, as `mail-lsp convert FILE.msg` prints it";
    assert_eq!(text.matches(note).count(), 1, "{text}");
    assert!(text.starts_with(note), "{text}");
    assert!(text.contains(&format!("--> {ndr}:")), "{text}");
    assert!(text.contains(&format!("--> {bounce}:")), "{text}");
    assert!(
        text.contains("<andré@fabrikam.com>: host mx.fabrikam.com[198.51.100.25] said: 550 5.1.1"),
        "{text}"
    );
    let french = mail_lsp(&["check", "--lang", "fr", &ndr]);
    let text = String::from_utf8_lossy(&french.stdout);
    assert!(
        text.starts_with("remarque\u{a0}: dans un fichier Outlook .msg"),
        "{text}"
    );
}

#[test]
fn a_broken_msg_is_exit_2_and_the_other_inputs_are_still_checked() {
    let truncated = sample("truncated.msg");
    let not_compound = sample("not-compound.msg");
    let eml = crate::harness::fixture_path("exchange-ndr.eml");
    let output = mail_lsp(&["check", "--format", "json", &truncated, &not_compound, &eml]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(
        errors.contains(&format!(
            "mail-lsp: cannot read {truncated}: damaged or truncated Outlook .msg file ("
        )),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("mail-lsp: cannot read {not_compound}: not an Outlook .msg file (it does not start with the compound-file signature D0 CF 11 E0 A1 B1 1A E1)")),
        "{errors}"
    );
    let records = json_lines(&output);
    assert!(!records.is_empty());
    assert!(
        records.iter().all(|r| r["path"] == eml.as_str()),
        "{records:?}"
    );
}

#[test]
fn a_msg_is_known_by_its_signature_whatever_its_name() {
    let dir = scratch("signature");
    let renamed = dir.join("attachment.bin");
    std::fs::write(&renamed, samples::exchange_ndr()).unwrap();
    let renamed = renamed.display().to_string();
    let output = mail_lsp(&["check", "--format", "json", &renamed]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let records = json_lines(&output);
    assert!(
        records
            .iter()
            .any(|r| r["code"] == "5.1.1" && r["path"] == renamed.as_str())
    );

    // In a walked directory, a compound file that is no message (a Word document) is skipped,
    // and so is a text file that only shares the extension (a ROS message definition).
    let word = dir.join("minutes.doc");
    std::fs::write(&word, samples::compound_file(&[("WordDocument", b"text")])).unwrap();
    std::fs::write(dir.join("Pose.msg"), "# A pose\nfloat64 x\nfloat64 y\n").unwrap();
    let mut damaged = samples::compound_file(&[("Workbook", &[7; 5000])]);
    damaged.truncate(3000);
    std::fs::write(dir.join("budget.xls"), damaged).unwrap();
    let walked = mail_lsp(&["check", "--format", "json", &dir.display().to_string()]);
    assert_eq!(walked.status.code(), Some(1), "{}", stderr(&walked));
    assert_eq!(stderr(&walked), "");
    assert!(
        json_lines(&walked)
            .iter()
            .all(|r| r["path"] == renamed.as_str()),
        "only the Outlook message has findings"
    );
    // Named on the command line it is reported.
    let named = mail_lsp(&["check", &word.display().to_string()]);
    assert_eq!(named.status.code(), Some(2));
    assert!(stderr(&named).contains("a compound file without Outlook message properties"));
}

#[test]
fn an_ordinary_msg_stays_quiet() {
    let path = sample("utf16-headers.msg");
    let output = mail_lsp(&["check", "--format", "json", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records = json_lines(&output);
    assert!(
        records
            .iter()
            .all(|r| r["severity"] != "error" && r["severity"] != "warning"),
        "{records:?}"
    );
}

#[test]
fn convert_prints_the_message_text_and_refuses_what_is_not_a_msg() {
    let output = mail_lsp(&["convert", &sample("utf16-headers.msg")]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        text.starts_with("Received: from mail.fabrikam.co.jp (198.51.100.20) by\n"),
        "{text}"
    );
    assert!(
        text.ends_with("Content-Type: text/plain; charset=utf-8\n\nアレックスさん\n\n明日の作業は予定どおり 10 時に始めます。\n\n山田\n"),
        "{text}"
    );
    for (name, error) in [
        ("truncated.msg", "damaged or truncated Outlook .msg file ("),
        ("not-compound.msg", "not an Outlook .msg file"),
    ] {
        let path = sample(name);
        let output = mail_lsp(&["convert", &path]);
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty());
        assert!(
            stderr(&output).starts_with(&format!("mail-lsp: cannot convert {path}: {error}")),
            "{}",
            stderr(&output)
        );
    }
}

/// What the VS Code extension does: the converted text opened under its own scheme, in the
/// `email` language, gets the same diagnostics as `check`.
#[test]
fn the_converted_text_under_a_virtual_uri_gets_diagnostics() {
    let path = sample("exchange-ndr.msg");
    let converted = mail_lsp(&["convert", &path]);
    let text = String::from_utf8(converted.stdout).expect("UTF-8");
    let uri = "mail-msg:/tmp/exchange-ndr.msg.eml";
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], None, Value::Null);
    client.open(uri, "email", &text);
    let diagnostics = client.diagnostics(uri, 1);
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    for code in ["5.1.1", "spf=fail", "dmarc=fail"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    let line = text
        .lines()
        .position(|l| l.contains("Remote Server returned"))
        .unwrap() as u64;
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "5.1.1" && crate::harness::range_of(d).0 == line),
        "{diagnostics:?}"
    );
}

/// `mailLsp/analyzeFile` on a `.msg` reads its message text, as `check` does.
#[test]
fn a_msg_read_from_disk_by_the_server_is_its_message_text() {
    let path = sample("exchange-ndr.msg");
    let canonical = std::fs::canonicalize(&path).expect("the sample exists");
    let uri = format!("file://{}", canonical.display());
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], None, Value::Null);
    // The client's guess from the binary file is overruled: the text is a message.
    let response = client.request(
        "mailLsp/analyzeFile",
        serde_json::json!({ "uri": uri, "languageId": "plaintext" }),
    );
    assert_eq!(response["result"]["read"], "whole", "{response}");
    let diagnostics = client.diagnostics(&uri, 1);
    let converted = mail_lsp(&["convert", &path]);
    let text = String::from_utf8(converted.stdout).expect("UTF-8");
    let line = text
        .lines()
        .position(|l| l.contains("Remote Server returned"))
        .unwrap() as u64;
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "5.1.1" && crate::harness::range_of(d).0 == line),
        "{diagnostics:?}"
    );
    assert!(
        diagnostics.iter().any(|d| d["code"] == "dmarc=fail"),
        "{diagnostics:?}"
    );

    let broken = std::fs::canonicalize(sample("truncated.msg")).unwrap();
    let response = client.request(
        "mailLsp/analyzeFile",
        serde_json::json!({ "uri": format!("file://{}", broken.display()) }),
    );
    let message = response["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(&format!(
            "cannot read {}: damaged or truncated Outlook .msg file (",
            broken.display()
        )),
        "{response}"
    );
}

#[test]
fn a_body_past_the_limit_is_cut_and_said_so() {
    let dir = scratch("limit");
    let path = dir.join("huge.msg");
    let line = "Text of a very long body.\r\n";
    let body = line.repeat((16 << 20) / line.len() + 1);
    std::fs::write(
        &path,
        samples::compound_file(&[
            ("__substg1.0_0037001E", b"Huge"),
            ("__substg1.0_1000001E", body.as_bytes()),
        ]),
    )
    .unwrap();
    let path = path.display().to_string();
    let output = mail_lsp(&["convert", &path]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stderr(&output),
        format!(
            "mail-lsp: {path}: its body is longer than the 16 MiB mail-lsp reads; the rest was left out\n"
        )
    );
    let header = "Subject: Huge\nContent-Type: text/plain; charset=utf-8\n\n";
    assert!(output.stdout.starts_with(header.as_bytes()));
    // 16 MiB of the body were read; each CRLF became LF.
    let lines = (16 << 20) / line.len();
    let partial = (16 << 20) % line.len();
    assert_eq!(
        output.stdout.len(),
        header.len() + lines * (line.len() - 1) + partial + 1
    );
}
