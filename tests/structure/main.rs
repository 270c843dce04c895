//! Navigation structure of messages and logs: outline, folding, references on message IDs,
//! links, inline hints and the bounce summary, on realistic fixtures.

use std::ops::Range;

use mail_lsp::analysis::message::Verdict;
use mail_lsp::analysis::structure::{
    self, InlayHint, MAX_LOG_MESSAGES, MAX_MIME_DEPTH, Symbol, SymbolKind,
};
use mail_lsp::analysis::{
    self, Detail, DocumentKind, Finding, FindingContext, FindingKind, Severity,
};
use mail_lsp::delivery::Action;
use mail_lsp::lang::Lang;
use mail_lsp::text::LineIndex;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../tests/fixtures/structure/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The outline as indented text: `kind name — detail (lines)`.
fn tree(text: &str, symbols: &[Symbol]) -> String {
    fn walk(index: &LineIndex, symbols: &[Symbol], depth: usize, out: &mut String) {
        for symbol in symbols {
            let first = index.line_of(symbol.span.start) + 1;
            let last = index.line_of(symbol.span.end) + 1;
            let kind = format!("{:?}", symbol.kind).to_lowercase();
            out.push_str(&"  ".repeat(depth));
            out.push_str(&format!("{kind} {}", symbol.name));
            if let Some(detail) = &symbol.detail {
                out.push_str(&format!(" — {detail}"));
            }
            out.push_str(&format!(" ({first}-{last})\n"));
            walk(index, &symbol.children, depth + 1, out);
        }
    }
    let mut out = String::new();
    walk(&LineIndex::new(text), symbols, 0, &mut out);
    out
}

/// Byte ranges as 1-based line pairs.
fn line_pairs(text: &str, ranges: &[Range<usize>]) -> Vec<(usize, usize)> {
    let index = LineIndex::new(text);
    ranges
        .iter()
        .map(|r| (index.line_of(r.start) + 1, index.line_of(r.end) + 1))
        .collect()
}

/// Every symbol's selection lies in its span, every child in its parent, on char boundaries.
fn assert_well_formed(text: &str, symbols: &[Symbol], parent: Option<&Range<usize>>) {
    for symbol in symbols {
        assert!(!symbol.name.is_empty(), "{symbol:?}");
        assert!(symbol.span.start <= symbol.span.end && symbol.span.end <= text.len());
        assert!(text.is_char_boundary(symbol.span.start) && text.is_char_boundary(symbol.span.end));
        assert!(
            symbol.span.start <= symbol.selection.start && symbol.selection.end <= symbol.span.end,
            "selection outside span: {symbol:?}"
        );
        if let Some(parent) = parent {
            assert!(
                parent.start <= symbol.span.start && symbol.span.end <= parent.end,
                "{} outside its parent",
                symbol.name
            );
        }
        assert_well_formed(text, &symbol.children, Some(&symbol.span));
    }
}

/// Verdicts as the message analysis reports them for the bounce fixture, written out so that the
/// outline is tested on its own: each recipient named once in the notification text and once in
/// its delivery-status block.
fn bounce_findings(text: &str) -> Vec<Finding> {
    let recipient = |needle: &str, nth: usize, address: &str, status: &str, action: bool| {
        let start = text.match_indices(needle).nth(nth).expect(needle).0;
        let mut finding = Finding::new(
            start..start + needle.len(),
            FindingKind::Recipient,
            status,
            Severity::Error,
        );
        finding.reply = Some(550);
        finding.context = FindingContext {
            recipient: Some(address.into()),
            action: action.then_some(Action::Failed),
            ..FindingContext::default()
        };
        if action {
            finding.detail = Some(Detail::Recipient(Box::new(Verdict {
                recipient: address.into(),
                action: Some(Action::Failed),
                status: Some(status.into()),
                reply: Some(550),
                ..Verdict::default()
            })));
        }
        finding
    };
    vec![
        recipient("550-5.1.1", 0, "bob@fabrikam.com", "5.1.1", false),
        recipient(
            "550 5.7.509",
            0,
            "carol@northwind.example",
            "5.7.509",
            false,
        ),
        recipient("Status: 5.1.1", 0, "bob@fabrikam.com", "5.1.1", true),
        recipient(
            "Status: 5.7.509",
            0,
            "carol@northwind.example",
            "5.7.509",
            true,
        ),
    ]
}

#[test]
fn a_bounce_outline_groups_headers_walks_the_mime_tree_and_lists_recipients() {
    let text = fixture("postfix-bounce.eml");
    let findings = bounce_findings(&text);
    let outline = structure::outline(&text, DocumentKind::Message, &findings, Lang::En);
    assert_well_formed(&text, &outline, None);
    let (recipients, rest) = outline.split_last().unwrap();
    assert_eq!(
        tree(&text, rest),
        "\
group Headers — 14 (1-18)
  group Routing — 2 (4-8)
    header Received — from mx.contoso.com by mailbox.contoso.com · +1 s (4-6)
    header Received — by mx.contoso.com (7-8)
  group Identity — 2 (1-10)
    header Return-Path — <> (1-1)
    header From — MAILER-DAEMON@mx.contoso.com (Mail Delivery System) (10-10)
  group Other headers — 10 (2-18)
    header X-Original-To — ann@contoso.com (2-2)
    header Delivered-To — ann@contoso.com (3-3)
    header Date — Mon, 4 Nov 2024 09:12:04 +0000 (UTC) (9-9)
    header Subject — Undelivered Mail Returned to Sender (11-11)
    header To — ann@contoso.com (12-12)
    header Auto-Submitted — auto-replied (13-13)
    header MIME-Version — 1.0 (14-14)
    header Content-Type — multipart/report; report-type=delivery-status; boundary=\"4XkR7l6Fj2z9v.1730711524/mx.contoso.com\" (15-16)
    header Content-Transfer-Encoding — 8bit (17-17)
    header Message-Id — <20241104091204.4XkR7l6Fj2z9v@mx.contoso.com> (18-18)
part multipart/report — 3.3 KB (20-111)
  part text/plain — Notification · utf-8 · 1.0 KB (23-49)
  part message/delivery-status — Delivery report · 997 B (52-77)
    group Reporting-MTA: dns; mx.contoso.com (55-58)
    recipient bob@fabrikam.com — 5.1.1 · failed (60-69)
    recipient carol@northwind.example — 5.7.509 · failed (71-77)
  part message/rfc822 — Réunion de lundi · 862 B (80-109)
    group Headers (84-95)
      header Return-Path — <ann@contoso.com> (84-84)
      header Received — from laptop.contoso.com (laptop.contoso.com [10.0.0.23]) by mx.contoso.com (Postfix) with ESMTPSA id… (85-87)
      header Received — from [127.0.0.1] by laptop.contoso.com; Mon, 4 Nov 2024 10:11:58 +0100 (88-88)
      header From — Ann Lefèvre <ann@contoso.com> (89-89)
      header To — bob@fabrikam.com, carol@northwind.example (90-90)
      header Subject — Réunion de lundi (91-91)
      header Date — Mon, 4 Nov 2024 10:11:58 +0100 (92-92)
      header Message-ID — <a1@contoso.com> (93-93)
      header MIME-Version — 1.0 (94-94)
      header Content-Type — multipart/alternative; boundary=\"alt-7f3a\" (95-95)
    part multipart/alternative — 297 B (97-109)
      part text/plain — utf-8 · 54 B (98-101)
      part text/html — utf-8 · 61 B (104-107)
"
    );
    // Each recipient once, selected on its verdict and spanning its delivery-status block; the
    // detail is the verdict's own sentence.
    assert_eq!(recipients.name, "Undelivered recipients");
    let names: Vec<_> = recipients
        .children
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["bob@fabrikam.com", "carol@northwind.example"]);
    let bob = &recipients.children[0];
    assert_eq!(&text[bob.selection.clone()], "Status: 5.1.1");
    assert!(text[bob.span.clone()].starts_with("Final-Recipient: rfc822; bob@"));
    assert!(text[bob.span.clone()].ends_with("- gsmtp"));
    let detail = bob.detail.as_deref().unwrap();
    assert!(
        detail.contains("5.1.1") && !detail.contains("bob@"),
        "{detail}"
    );
}

#[test]
fn the_message_analysis_feeds_the_outline_and_the_summary() {
    let text = fixture("postfix-bounce.eml");
    let findings = analysis::analyze(&text, DocumentKind::Message);
    assert_eq!(
        structure::bounce_summary(&findings, Lang::En).as_deref(),
        Some("2 recipients failed: 5.1.1 ×1, 5.7.509 ×1")
    );
    let outline = structure::outline(&text, DocumentKind::Message, &findings, Lang::En);
    assert_well_formed(&text, &outline, None);
    let recipients: Vec<_> = outline
        .last()
        .unwrap()
        .children
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(recipients, ["bob@fabrikam.com", "carol@northwind.example"]);
}

#[test]
fn the_bounce_summary_counts_each_recipient_once_in_every_language() {
    let text = fixture("postfix-bounce.eml");
    let findings = bounce_findings(&text);
    let summaries: Vec<_> = Lang::ALL
        .iter()
        .map(|lang| structure::bounce_summary(&findings, *lang).unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "2 recipients failed: 5.1.1 ×1, 5.7.509 ×1",
            "2 destinataires en échec : 5.1.1 ×1, 5.7.509 ×1",
            "2 destinatari non recapitati: 5.1.1 ×1, 5.7.509 ×1",
            "配信失敗 2 件: 5.1.1 ×1, 5.7.509 ×1",
        ]
    );

    let delayed = {
        let mut finding = Finding::new(0..5, FindingKind::Recipient, "4.4.7", Severity::Warning);
        finding.context.recipient = Some("dave@example.net".into());
        finding.context.action = Some(Action::Delayed);
        finding
    };
    let mut with_delay = findings.clone();
    with_delay.push(delayed.clone());
    assert_eq!(
        structure::bounce_summary(&with_delay, Lang::En).as_deref(),
        Some("2 recipients failed: 5.1.1 ×1, 5.7.509 ×1; 1 recipient delayed: 4.4.7 ×1")
    );
    assert_eq!(
        structure::bounce_summary(&[delayed], Lang::Ja).as_deref(),
        Some("配信遅延 1 件: 4.4.7 ×1")
    );
    let not_a_bounce = analysis::analyze(&fixture("encoded-hops.eml"), DocumentKind::Message);
    assert_eq!(structure::bounce_summary(&not_a_bounce, Lang::En), None);
}

#[test]
fn a_bounce_folds_its_header_block_folded_fields_parts_and_dsn_blocks() {
    let text = fixture("postfix-bounce.eml");
    let folds = structure::folding(&text, DocumentKind::Message);
    assert_eq!(
        line_pairs(&text, &folds),
        [
            (1, 18),    // header block
            (4, 6),     // Received
            (7, 8),     // Received
            (15, 16),   // Content-Type
            (23, 49),   // text/plain part
            (23, 25),   // its headers
            (52, 77),   // message/delivery-status part
            (52, 53),   // its headers
            (55, 58),   // per-message DSN block
            (60, 69),   // bob's DSN block
            (65, 69),   // its Diagnostic-Code
            (71, 77),   // carol's DSN block
            (76, 77),   // its Diagnostic-Code
            (80, 109),  // message/rfc822 part
            (80, 82),   // its headers
            (84, 109),  // the returned message
            (84, 95),   // its header block
            (85, 87),   // Received
            (98, 101),  // text/plain
            (98, 99),   // its headers
            (104, 107), // text/html
            (104, 105), // its headers
        ]
    );
    for pair in folds.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a.start <= b.start);
        assert!(b.start >= a.end || b.end <= a.end, "{a:?} and {b:?} cross");
    }
}

#[test]
fn links_in_the_ndr_text_are_trimmed() {
    let text = fixture("postfix-bounce.eml");
    let links = structure::links(&text);
    let urls: Vec<_> = links.iter().map(|(_, url)| url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://support.google.com/mail/?p=NoSuchUser",
            "https://support.google.com/mail/?p=NoSuchUser",
        ]
    );
    for (span, url) in &links {
        assert_eq!(&text[span.clone()], url);
    }
}

#[test]
fn encoded_words_and_hop_delays_are_hinted_in_place() {
    let text = fixture("encoded-hops.eml");
    let index = LineIndex::new(&text);
    let hints = |lang| structure::inlay_hints(&text, DocumentKind::Message, lang);
    let english = hints(Lang::En);
    let labels: Vec<_> = english
        .iter()
        .map(|hint| (index.line_of(hint.offset) + 1, hint.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (4, "+1 min 11 s · total 1 min 14 s"),
            (9, "-2 s (clock skew)"),
            (13, "+5 s"),
            (30, "Françoise Müller"),
            (31, "Service client – Fabrikam"),
            (32, "山田 雪"),
            (34, "【お知らせ】新製品のご案内"),
        ]
    );
    // Each hint sits right after what it explains: the date of its hop, the last encoded word.
    for InlayHint { offset, label } in &english {
        let before = &text[..*offset];
        let after_date = before.ends_with("+0000") || before.ends_with("+0100");
        assert!(after_date || before.ends_with("?="), "{label}");
    }
    let japanese: Vec<_> = hints(Lang::Ja)
        .into_iter()
        .map(|h| h.label)
        .take(3)
        .collect();
    assert_eq!(
        japanese,
        ["+1分11秒 · 合計 1分14秒", "-2秒（時刻のずれ）", "+5秒"]
    );
    let french: Vec<_> = hints(Lang::Fr)
        .into_iter()
        .map(|h| h.label)
        .take(2)
        .collect();
    assert_eq!(
        french,
        [
            "+1 min 11 s · total 1 min 14 s",
            "-2 s (décalage d’horloge)"
        ]
    );
}

#[test]
fn header_groups_are_localized_and_sorted_by_purpose() {
    let text = fixture("encoded-hops.eml");
    let outline = structure::outline(&text, DocumentKind::Message, &[], Lang::Fr);
    assert_well_formed(&text, &outline, None);
    let headers = &outline[0];
    let groups: Vec<_> = headers
        .children
        .iter()
        .map(|g| {
            let names: Vec<_> = g.children.iter().map(|h| h.name.as_str()).collect();
            format!("{}: {}", g.name, names.join(", "))
        })
        .collect();
    assert_eq!(
        groups,
        [
            "Acheminement: Received, Received, Received, Received",
            "Identité: Return-Path, From, Reply-To",
            "Authentification: Authentication-Results, Received-SPF, DKIM-Signature",
            "Antispam: X-Forefront-Antispam-Report, X-MS-Exchange-Organization-SCL",
            "Autres en-têtes: To, Subject, Date, Message-ID, MIME-Version, Content-Type, Content-Transfer-Encoding",
        ]
    );
    let hops: Vec<_> = headers.children[0]
        .children
        .iter()
        .map(|h| h.detail.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        hops,
        [
            "from AM0PR01MB1234.eurprd01.prod.exchangelabs.com by AM0PR01MB5678.eurprd01.prod.exchangelabs.com · +1 min 11 s",
            "from DB5PEPF00014B8F.eurprd02.prod.outlook.com by AM0PR01MB1234.eurprd01.prod.exchangelabs.com · -2 s (décalage d’horloge)",
            "from relay.fabrikam.com by DB5PEPF00014B8F.mail.protection.outlook.com · +5 s",
            "from app01.fabrikam.com by relay.fabrikam.com",
        ]
    );
    let subject = headers.children[4]
        .children
        .iter()
        .find(|h| h.name == "Subject")
        .unwrap();
    assert_eq!(
        subject.detail.as_deref(),
        Some("【お知らせ】新製品のご案内")
    );
    let ja = structure::outline(&text, DocumentKind::Message, &[], Lang::Ja);
    assert_eq!(ja[0].name, "ヘッダー");
    assert_eq!(ja[0].children[1].name, "送信者情報");
    let links = structure::links(&text);
    assert_eq!(links[0].1, "https://www.fabrikam.com/ja/news");
}

#[test]
fn a_log_outline_groups_interleaved_messages_with_their_outcome() {
    let text = fixture("postfix-interleaved.log");
    let outline = structure::outline(&text, DocumentKind::Log, &[], Lang::En);
    assert_well_formed(&text, &outline, None);
    assert_eq!(
        tree(&text, &outline),
        "\
message 4XkQ1R2bZ9z9v — <a1@contoso.com> · bounced 5.1.1, bounced 5.7.509 (2-16)
  line bob@fabrikam.com — bounced 5.1.1 (11-11)
  line carol@northwind.example — bounced 5.7.509 (12-12)
message 5YmR2S3cA0a1w — <b2@contoso.com> · deferred 4.4.1, sent 2.0.0 (8-22)
  line dave@example.net — deferred 4.4.1 (17-17)
  line dave@example.net — sent 2.0.0 (21-21)
message 4XkR7l6Fj2z9v — <20241104091204.4XkR7l6Fj2z9v@mx.contoso.com> · sent 2.0.0 (13-19)
  line ann@contoso.com — sent 2.0.0 (18-18)
"
    );
    let italian = structure::outline(&text, DocumentKind::Log, &[], Lang::It);
    assert_eq!(
        italian[1].detail.as_deref(),
        Some("<b2@contoso.com> · differito 4.4.1, inviato 2.0.0")
    );
}

#[test]
fn log_folds_are_runs_of_one_message_that_never_cross() {
    let text = fixture("postfix-interleaved.log");
    let folds = structure::folding(&text, DocumentKind::Log);
    assert_eq!(
        line_pairs(&text, &folds),
        // 2-5 takes along a connect line without ID; 13-17 alternate between messages.
        [(2, 5), (8, 10), (11, 12), (18, 19), (20, 22)]
    );
}

#[test]
fn references_follow_one_message_through_its_whole_life() {
    let text = fixture("postfix-interleaved.log");
    let index = LineIndex::new(&text);
    let lines_of = |spans: &[Range<usize>]| {
        let mut lines: Vec<_> = spans.iter().map(|s| index.line_of(s.start) + 1).collect();
        lines.dedup();
        lines
    };

    // cleanup → qmgr → smtp → bounce → removed, from any of its lines.
    let cursor = text.find("4XkQ1R2bZ9z9v: removed").unwrap() + 3;
    let (id, spans) = structure::message_ids_at(&text, cursor).unwrap();
    assert_eq!(id, "4XkQ1R2bZ9z9v");
    assert_eq!(lines_of(&spans), [2, 3, 5, 11, 12, 14, 16]);
    for span in &spans {
        assert!(["4XkQ1R2bZ9z9v", "a1@contoso.com"].contains(&&text[span.clone()]));
    }

    // The Message-ID brings the queue ID of its cleanup line.
    let cursor = text.find("<b2@contoso.com>").unwrap() + 1;
    let (id, spans) = structure::message_ids_at(&text, cursor).unwrap();
    assert_eq!(id, "<b2@contoso.com>");
    assert_eq!(lines_of(&spans), [8, 9, 10, 17, 20, 21, 22]);

    // The bounce's own queue ID, named on the bounce line, is a message of its own.
    let cursor = text.find("notification: 4XkR7l6Fj2z9v").unwrap() + 16;
    let (id, spans) = structure::message_ids_at(&text, cursor).unwrap();
    assert_eq!(id, "4XkR7l6Fj2z9v");
    assert_eq!(lines_of(&spans), [13, 14, 15, 18, 19]);

    // A queue ID a remote server returned is still highlighted where it appears.
    let cursor = text.find("9F8E7D6C5B").unwrap();
    let (_, spans) = structure::message_ids_at(&text, cursor).unwrap();
    assert_eq!(lines_of(&spans), [21]);

    assert_eq!(
        structure::message_ids_at(&text, text.find("NOQUEUE").unwrap()),
        None
    );
    assert_eq!(
        structure::message_ids_at(&text, text.find("postfix/smtp").unwrap()),
        None
    );
}

#[test]
fn exim_and_sendmail_logs_have_messages_too() {
    let exim = "\
2024-11-04 09:12:01 1t7xYz-000Abc-4Q <= ann@contoso.com H=laptop.contoso.com [10.0.0.23] P=esmtpsa S=2310 id=a1@contoso.com
2024-11-04 09:12:02 1t7xYz-000Abc-4Q ** bob@fabrikam.com R=dnslookup T=remote_smtp H=aspmx.l.google.com [142.250.27.26]: SMTP error from remote mail server after RCPT TO:<bob@fabrikam.com>: 550 5.1.1 The email account that you tried to reach does not exist
2024-11-04 09:12:02 1t7xYz-000Abc-4Q => carol@northwind.example R=dnslookup T=remote_smtp H=mx.northwind.example [198.51.100.8] C=\"250 2.0.0 OK\"
2024-11-04 09:12:02 1t7xZa-000Abd-5R <= <> R=1t7xYz-000Abc-4Q U=Debian-exim P=local S=3120
2024-11-04 09:12:02 1t7xYz-000Abc-4Q Completed
";
    let outline = structure::outline(exim, DocumentKind::Log, &[], Lang::En);
    assert_eq!(
        tree(exim, &outline),
        "\
message 1t7xYz-000Abc-4Q — <a1@contoso.com> · bounced 5.1.1, sent 2.0.0 (1-5)
  line bob@fabrikam.com — bounced 5.1.1 (2-2)
  line carol@northwind.example — sent 2.0.0 (3-3)
message 1t7xZa-000Abd-5R (4-4)
"
    );
    let cursor = exim.find("id=a1@").unwrap() + 5;
    let (id, spans) = structure::message_ids_at(exim, cursor).unwrap();
    assert_eq!(id, "<a1@contoso.com>");
    assert_eq!(
        spans.len(),
        6,
        "the Message-ID and the Exim ID on every line"
    );

    let sendmail = "\
Nov  4 09:12:01 mx sm-mta[4120]: 4A49C1aB004120: from=<ann@contoso.com>, size=2310, class=0, nrcpts=1, msgid=<a1@contoso.com>, proto=ESMTP, daemon=MTA, relay=laptop.contoso.com [10.0.0.23]
Nov  4 09:12:02 mx sm-mta[4122]: 4A49C1aB004120: to=<bob@fabrikam.com>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120310, relay=aspmx.l.google.com. [142.250.27.26], dsn=5.1.1, stat=User unknown
";
    let outline = structure::outline(sendmail, DocumentKind::Log, &[], Lang::En);
    assert_eq!(
        tree(sendmail, &outline),
        "\
message 4A49C1aB004120 — <a1@contoso.com> · bounced 5.1.1 (1-2)
  line bob@fabrikam.com — bounced 5.1.1 (2-2)
"
    );
}

#[test]
fn the_outline_and_the_diagnostics_read_a_delivery_line_alike() {
    let log = "\
Nov  4 09:12:01 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, relay=mx.fabrikam.com[203.0.113.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=undeliverable (host mx.fabrikam.com[203.0.113.5] said: 550 5.1.1 <bob@fabrikam.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))
Nov  4 09:12:02 mx sm-mta[4122]: 4A49C1aB004120: to=<carol@example.net>, delay=00:00:01, mailer=esmtp, pri=120310, relay=mx.example.net. [192.0.2.1], dsn=2.0.0, stat=queued
";
    let outline = structure::outline(log, DocumentKind::Log, &[], Lang::En);
    assert_eq!(
        tree(log, &outline),
        "\
message 4XkQ1R2bZ9z9v — bounced 5.1.1 (1-1)
  line bob@fabrikam.com — bounced 5.1.1 (1-1)
message 4A49C1aB004120 — sent 2.0.0 (2-2)
  line carol@example.net — sent 2.0.0 (2-2)
"
    );
    let findings = analysis::analyze(log, DocumentKind::Log);
    let failed: Vec<String> = findings
        .iter()
        .filter(|f| f.kind == FindingKind::Recipient)
        .filter_map(|f| f.context.recipient.as_deref().map(str::to_string))
        .collect();
    assert_eq!(
        failed,
        ["bob@fabrikam.com"],
        "the same line fails in both views, the queued one in neither"
    );
}

#[test]
fn outlines_stop_at_their_limits_and_say_how_much_is_left() {
    let mut log = String::new();
    for i in 0..MAX_LOG_MESSAGES + 50 {
        log.push_str(&format!(
            "Nov  4 09:12:01 mx postfix/qmgr[1003]: {:010X}Z: removed\n",
            i + 1
        ));
    }
    let outline = structure::outline(&log, DocumentKind::Log, &[], Lang::En);
    assert_eq!(outline.len(), MAX_LOG_MESSAGES + 1);
    let last = outline.last().unwrap();
    assert_eq!(last.kind, SymbolKind::Truncated);
    assert_eq!(last.name, "… 50 more messages");

    let mut one_message = String::new();
    for i in 0..150 {
        one_message.push_str(&format!(
            "Nov  4 09:12:01 mx postfix/smtp[1]: ABC123DEF: to=<u{i}@example.net>, dsn=2.0.0, status=sent (250 ok)\n"
        ));
    }
    let outline = structure::outline(&one_message, DocumentKind::Log, &[], Lang::Fr);
    assert_eq!(outline[0].detail.as_deref(), Some("envoyé 2.0.0 ×150"));
    assert_eq!(outline[0].children.len(), 101);
    assert_eq!(outline[0].children[100].name, "… 50 lignes de plus");

    let mut bomb = String::new();
    for depth in 0..500 {
        bomb.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{depth}\"\n\n--b{depth}\n"
        ));
    }
    let outline = structure::outline(&bomb, DocumentKind::Message, &[], Lang::En);
    let mut depth = 0;
    let mut level = &outline;
    while let Some(part) = level.iter().find(|s| s.kind == SymbolKind::Part) {
        depth += 1;
        level = &part.children;
    }
    assert_eq!(depth, MAX_MIME_DEPTH + 1);
    assert!(!structure::folding(&bomb, DocumentKind::Message).is_empty());

    let long_line = format!(
        "Subject: {}\n\n{}",
        "=?utf-8?q?a?= ".repeat(50_000),
        "x".repeat(1 << 20)
    );
    let hints = structure::inlay_hints(&long_line, DocumentKind::Message, Lang::En);
    assert_eq!(hints.len(), 250, "runs are cut every 200 words");
    assert!(hints.iter().all(|h| h.label.chars().count() <= 161));
}

#[test]
fn an_mbox_file_outlines_each_message() {
    let one = fixture("encoded-hops.eml");
    let two = fixture("postfix-bounce.eml");
    let mbox = format!(
        "From newsletter@fabrikam.com Mon Nov  4 09:13:15 2024\n{one}\nFrom MAILER-DAEMON Mon Nov  4 09:12:05 2024\n{two}\n"
    );
    let outline = structure::outline(&mbox, DocumentKind::Message, &[], Lang::En);
    assert_well_formed(&mbox, &outline, None);
    let names: Vec<_> = outline.iter().map(|s| (s.kind, s.name.as_str())).collect();
    assert_eq!(
        names,
        [
            (SymbolKind::Message, "【お知らせ】新製品のご案内"),
            (SymbolKind::Message, "Undelivered Mail Returned to Sender"),
        ]
    );
    let folds = structure::folding(&mbox, DocumentKind::Message);
    assert_eq!(line_pairs(&mbox, &folds[..1]), [(1, 42)]);
    let hints = structure::inlay_hints(&mbox, DocumentKind::Message, Lang::En);
    assert_eq!(hints.iter().filter(|h| h.label.starts_with('+')).count(), 4);
}

#[test]
fn rules_have_no_structure() {
    let text = "spammer@example.com REJECT 5.7.1 go away\n";
    assert!(structure::outline(text, DocumentKind::Rules, &[], Lang::En).is_empty());
    assert!(structure::folding(text, DocumentKind::Rules).is_empty());
    assert!(structure::inlay_hints(text, DocumentKind::Rules, Lang::En).is_empty());
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    fn check(text: &str, offset: usize) {
        for kind in [DocumentKind::Message, DocumentKind::Log] {
            let outline = structure::outline(text, kind, &[], Lang::Ja);
            assert_well_formed(text, &outline, None);
            for range in structure::folding(text, kind) {
                assert!(range.start < range.end && range.end <= text.len());
                assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            }
            for hint in structure::inlay_hints(text, kind, Lang::En) {
                assert!(hint.offset <= text.len() && text.is_char_boundary(hint.offset));
            }
        }
        if let Some((_, spans)) = structure::message_ids_at(text, offset) {
            for span in spans {
                assert!(text.get(span).is_some());
            }
        }
        for (span, url) in structure::links(text) {
            assert_eq!(text.get(span), Some(url.as_str()));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 300,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_text_any_cursor(text in "(?s)(From |Received: |Content-Type: multipart/mixed; boundary=x\n|--x\n|=\\?utf-8\\?[bq]\\?[A-Za-z0-9=_+/]{0,12}\\?=|<[a-z@.]{0,8}>|postfix/smtp\\[1\\]: |ABC123DEF: |1rABCd-000123-XY |https://|; Mon, 4 Nov 2024 09:1[0-9]:00 [+-]0[0-9]00|\n|\r\n| |[a-zé日]{1,4}|[\\x00-\\x7f]){0,60}", offset in 0usize..600) {
            check(&text, offset);
        }
    }

    #[test]
    fn the_fixtures_cut_anywhere() {
        for name in [
            "postfix-bounce.eml",
            "encoded-hops.eml",
            "postfix-interleaved.log",
        ] {
            let text = fixture(name);
            let mut cut = 0;
            while cut < text.len() {
                if text.is_char_boundary(cut) {
                    check(&text[..cut], cut / 2);
                }
                cut += 97;
            }
        }
    }
}

/// Measures the log functions on a 200 MB Postfix log. Run with
/// `cargo test --release --test structure -- --ignored --nocapture`.
#[test]
#[ignore]
fn timings_on_a_200_mb_log() {
    let sample = fixture("postfix-interleaved.log");
    let mut log = String::with_capacity(210 << 20);
    let mut n = 0u64;
    while log.len() < 200 << 20 {
        for line in sample.lines() {
            let line = line
                .replace("4XkQ1R2bZ9z9v", &format!("4Xk{n:010}a"))
                .replace("5YmR2S3cA0a1w", &format!("5Ym{n:010}b"))
                .replace("4XkR7l6Fj2z9v", &format!("4Xr{n:010}c"))
                .replace("a1@contoso.com", &format!("a{n}@contoso.com"))
                .replace("b2@contoso.com", &format!("b{n}@contoso.com"));
            log.push_str(&line);
            log.push('\n');
        }
        n += 1;
    }
    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        let start = std::time::Instant::now();
        let count = f();
        eprintln!("{label}: {:?} ({count} items)", start.elapsed());
    };
    eprintln!("log: {} MB, {} messages", log.len() >> 20, n * 3);
    let middle = log.len() / 2;
    let cursor = middle + log[middle..].find("4Xk").unwrap() + 2;
    time("message_ids_at (queue ID, linked)", &mut || {
        structure::message_ids_at(&log, cursor).map_or(0, |(_, s)| s.len())
    });
    let cursor = middle + log[middle..].find("message-id=<b").unwrap() + 13;
    time("message_ids_at (Message-ID, linked)", &mut || {
        structure::message_ids_at(&log, cursor).map_or(0, |(_, s)| s.len())
    });
    time("outline", &mut || {
        structure::outline(&log, DocumentKind::Log, &[], Lang::En).len()
    });
    time("folding", &mut || {
        structure::folding(&log, DocumentKind::Log).len()
    });
    time("links", &mut || structure::links(&log).len());
    time("inlay_hints_in (one screen)", &mut || {
        structure::inlay_hints_in(&log, DocumentKind::Log, Lang::En, middle..middle + 8_000).len()
    });
    time("inlay_hints (whole log)", &mut || {
        structure::inlay_hints(&log, DocumentKind::Log, Lang::En).len()
    });
}

#[test]
fn an_mbox_whose_messages_are_only_from_lines_keeps_every_symbol_in_its_parent() {
    let text = "From \nFrom 1rABCd-000123-XY ; Mon, 4 Nov 2024 09:10:00 -0000\npostfix/smtp[1]: ";
    for lang in [Lang::En, Lang::Ja] {
        let outline = structure::outline(text, DocumentKind::Message, &[], lang);
        assert_well_formed(text, &outline, None);
    }
}
