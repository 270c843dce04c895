//! The reader's language: the client's locale, overridden by the `language` setting.

use serde_json::{Value, json};

use crate::harness::{Marked, fixture, position_of, ranges_of};
use crate::process::ServerProcess;

const URI: &str = "file:///tmp/mail-lsp-e2e/locale.eml";

fn hover_text(locale: Option<&str>, options: Value) -> String {
    let text = fixture("exchange-ndr.eml");
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], locale, options);
    client.open(URI, "email", &text);
    client.diagnostics(URI, 1);
    let (line, character) = position_of(&text, "550 5.1.1 RESOLVER", false);
    let hover = client.hover(URI, line as u32, character as u32 + 5);
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_japanese_client_reads_japanese() {
    let markdown = hover_text(Some("ja"), Value::Null);
    assert!(markdown.contains("対応すべき人"), "{markdown}");
    assert!(
        markdown.contains("https://learn.microsoft.com/ja-jp/"),
        "{markdown}"
    );
}

#[test]
fn the_language_setting_overrides_the_locale() {
    let markdown = hover_text(Some("ja"), json!({ "language": "it" }));
    assert!(markdown.contains("Chi deve intervenire"), "{markdown}");
    assert!(
        markdown.contains("https://learn.microsoft.com/it-it/"),
        "{markdown}"
    );
}

#[test]
fn settings_pulled_after_initialized_apply() {
    let text = fixture("exchange-ndr.eml");
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.set_configuration(json!({ "language": "fr" }));
    client.initialize(&["utf-16"], Some("en"), Value::Null);
    client.open(URI, "email", &text);
    // The pulled configuration re-publishes; wait until the French message arrives.
    let french = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["diagnostics"].as_array().is_some_and(|d| {
            d.iter().any(|d| {
                d["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("Exchange Online")
                    && !d["message"].as_str().unwrap_or_default().is_ascii()
            })
        }) || p["diagnostics"].as_array().is_some_and(|d| {
            d.iter().any(|d| {
                d["code"] == "5.1.1"
                    && d["message"]
                        .as_str()
                        .unwrap_or_default()
                        .contains("destinataire")
            })
        })
    });
    assert!(!french["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn a_bad_setting_warns_and_the_server_keeps_working() {
    let text = fixture("exchange-ndr.eml");
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(
        &["utf-16"],
        None,
        json!({ "diagnostics": { "maxPerDocument": "lots" }, "colour": 3 }),
    );
    let warning = client.wait_for("window/showMessage", |p| {
        p["message"]
            .as_str()
            .unwrap_or_default()
            .contains("maxPerDocument")
    });
    assert_eq!(warning["type"], 2, "a warning");
    client.open(URI, "email", &text);
    assert!(!client.diagnostics(URI, 1).is_empty());
}

#[test]
fn a_bare_status_field_hover_names_the_exchange_online_meaning() {
    let uri = "file:///tmp/mail-lsp-e2e/status.eml";
    let document = Marked::parse(
        "From: MAILER-DAEMON@example.net\r\nSubject: Delivery Status Notification\r\n\
         Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n\
         Final-Recipient: rfc822; «bob@example.org»\r\nAction: failed\r\nStatus: «5$0.2.2»\r\n",
    );
    let mut server = ServerProcess::start(&[]);
    let client = &mut server.client;
    client.initialize(&["utf-16"], Some("en"), Value::Null);
    client.open(uri, "email", &document.text);
    let diagnostics = client.diagnostics(uri, 1);
    assert_eq!(ranges_of(&diagnostics), document.ranges, "{diagnostics:#?}");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": document.cursor_json() }),
    )["result"]
        .clone();
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.contains("Meanings of this code at mail providers"),
        "{markdown}"
    );
    assert!(markdown.contains("Exchange Online"), "{markdown}");
    assert!(markdown.contains("Submission quota exceeded"), "{markdown}");
}
