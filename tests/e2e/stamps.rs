//! Spam stamps and the hop table over JSON-RPC: the diagnostics a user sees on a message that
//! went to Junk, the hovers on Mailbox-Delivery, on an rspamd symbol and on a SpamAssassin test,
//! and the hop table on the first Received field with its code lens.

use serde_json::{Value, json};

use crate::harness::{position_of, repo_fixture};
use crate::process::ServerProcess;

const URI: &str = "file:///tmp/mail-lsp-e2e/stamps-junk.eml";

fn hover_text(server: &mut ServerProcess, text: &str, needle: &str, offset: u64) -> String {
    let (line, character) = position_of(text, needle, false);
    let hover = server
        .client
        .hover(URI, line as u32, (character + offset) as u32);
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn start(lang: &str) -> (ServerProcess, String, Vec<Value>) {
    let text = repo_fixture("auth/stamps-junk.eml");
    let mut server = ServerProcess::start(&[]);
    server
        .client
        .initialize(&["utf-16"], Some(lang), Value::Null);
    server.client.open(URI, "email", &text);
    let diagnostics = server.client.diagnostics(URI, 1);
    (server, text, diagnostics)
}

#[test]
fn a_message_in_junk_says_where_it_went_and_why() {
    let (mut server, text, diagnostics) = start("en");
    let junk = diagnostics
        .iter()
        .find(|d| d["code"] == "mailbox-delivery:junk")
        .expect("the delivery diagnostic");
    assert_eq!(junk["severity"], 3, "information");
    assert!(
        junk["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Delivered to Junk Email: spam filtering marked it spam (SFV:SPM, SCL 5)"),
        "{junk}"
    );
    let md = hover_text(
        &mut server,
        &text,
        "X-Microsoft-Antispam-Mailbox-Delivery",
        3,
    );
    assert!(md.contains("**Delivered to Junk Email**"), "{md}");
    assert!(md.contains("OFR:SpamFilterAuthJ"), "{md}");
    // The catalog's steps follow the reading.
    assert!(md.contains("Tenant Allow/Block List"), "{md}");
    // Nothing about stamps is a warning or an error.
    assert!(
        diagnostics
            .iter()
            .filter(|d| {
                let code = d["code"].as_str().unwrap_or_default();
                code.contains(':') || code.starts_with("x-spam")
            })
            .all(|d| d["severity"] == 3),
        "{diagnostics:?}"
    );
}

#[test]
fn rspamd_and_spamassassin_pieces_explain_themselves_on_hover() {
    let (mut server, text, diagnostics) = start("fr");
    let verdict = diagnostics
        .iter()
        .find(|d| d["code"] == "rspamd:verdict=spam")
        .expect("the rspamd verdict");
    assert_eq!(
        verdict["message"],
        "rspamd\u{a0}: indésirable — score 16.20 pour un seuil de 15.00"
    );
    let bayes = hover_text(&mut server, &text, "BAYES_SPAM(5.10)", 2);
    assert!(bayes.contains("classifieur bayésien"), "{bayes}");
    assert!(bayes.contains("`5.10`"), "{bayes}");
    let local = diagnostics
        .iter()
        .find(|d| d["code"] == "rspamd:EXAMPLE_SITE_RULE")
        .expect("an unknown symbol is spanned");
    assert_eq!(local["severity"], 3);
    assert!(
        local["message"]
            .as_str()
            .unwrap_or_default()
            .contains("absent de notre table"),
        "{local}"
    );
    let rule = hover_text(&mut server, &text, "BAYES_99,", 1);
    assert!(rule.contains("99 à 100"), "{rule}");
}

#[test]
fn the_first_received_field_shows_the_hop_table() {
    let (mut server, text, _) = start("en");
    let md = hover_text(&mut server, &text, "Received: from DB9PR02MB7777", 2);
    assert!(
        md.starts_with("**Received chain: 4 hops** · 17 s from the first hop to the last"),
        "{md}"
    );
    assert!(
        md.contains("| 1 | [192.168.1.20] → mail.example.net | 2024-11-04 08:59:51 |  |  |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| 2 | mail.example.net → AM0PR02MB5555.mail.protection.outlook.com | 2024-11-04 09:00:05 | +14 s | `██████░░` 78 % |"
        ),
        "{md}"
    );
    assert!(md.contains("-1 s (clock skew)"), "{md}");
    assert!(
        md.contains("⚠ Hop 4 is dated 1 s before the hop it came from"),
        "{md}"
    );

    let lenses = server.client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": URI } }),
    )["result"]
        .clone();
    let titles: Vec<&str> = lenses
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["command"]["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        ["Received chain: 4 hops · 17 s from the first hop to the last"]
    );
    assert_eq!(lenses[0]["range"]["start"]["line"], 0);
}
