//! Authentication and anti-spam headers, end to end through the analysis: RFC examples,
//! real-world shapes, the seed's header block, the fixture messages in tests/fixtures/auth/ and
//! the Sisimai bounce corpus as a robustness set.

mod dkim;

use std::path::{Path, PathBuf};

use mail_lsp::analysis::auth::{self, AuthDetail, Subject, align, results, spf};
use mail_lsp::analysis::fields;
use mail_lsp::analysis::{Detail, DocumentKind, Finding, FindingKind, Severity, analyze};
use mail_lsp::lang::Lang;

mod stamps;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn fixture(name: &str) -> String {
    let path = repo().join("tests/fixtures/auth").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn auth_findings(text: &str) -> Vec<Finding> {
    analyze(text, DocumentKind::Message)
        .into_iter()
        .filter(|f| matches!(f.kind, FindingKind::Auth | FindingKind::AntiSpam))
        .collect()
}

fn detail(finding: &Finding) -> &AuthDetail {
    match &finding.detail {
        Some(Detail::Auth(detail)) => detail,
        other => panic!("{} has no auth detail: {other:?}", finding.code),
    }
}

/// The finding with this code, checking that its span is the verdict token in the text.
fn find<'f>(findings: &'f [Finding], code: &str) -> &'f Finding {
    findings
        .iter()
        .find(|f| f.code.as_str() == code)
        .unwrap_or_else(|| {
            let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
            panic!("no {code} among {codes:?}")
        })
}

/// Codes of the findings that become diagnostics (everything but hints), in text order.
fn reported(findings: &[Finding]) -> Vec<(String, Severity)> {
    findings
        .iter()
        .filter(|f| f.severity != Severity::Hint)
        .map(|f| (f.code.to_string(), f.severity))
        .collect()
}

fn results_of(value: &str) -> Vec<String> {
    results::parse(value, 0, false)
        .results
        .iter()
        .map(|r| format!("{}={}", r.method, r.result))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// RFC 8601 Appendix B and RFC 7208 §9.1 examples
// ---------------------------------------------------------------------------------------------

#[test]
fn rfc8601_b2_service_provided_but_nothing_checked() {
    let parsed = results::parse(" example.org 1; none", 0, false);
    assert_eq!(
        parsed.authserv_id.map(|a| a.text).as_deref(),
        Some("example.org")
    );
    assert_eq!(parsed.version.as_deref(), Some("1"));
    assert!(parsed.no_result);
    assert!(parsed.results.is_empty());
}

#[test]
fn rfc8601_b3_spf_pass() {
    let value = " example.com;\r\n          spf=pass smtp.mailfrom=example.net";
    let parsed = results::parse(value, 0, false);
    assert_eq!(results_of(value), ["spf=pass"]);
    assert_eq!(
        parsed.results[0].property("smtp.mailfrom"),
        Some("example.net")
    );
}

#[test]
fn rfc8601_b4_several_methods_single_mta() {
    let value = " example.com;\r\n          auth=pass (cram-md5) smtp.auth=sender@example.net;\r\n          spf=pass smtp.mailfrom=example.net";
    let parsed = results::parse(value, 0, false);
    assert_eq!(results_of(value), ["auth=pass", "spf=pass"]);
    assert_eq!(parsed.results[0].comment.as_deref(), Some("cram-md5"));
    assert_eq!(
        parsed.results[0].property("smtp.auth"),
        Some("sender@example.net")
    );
    let iprev = results::parse(
        " example.com; iprev=pass\r\n          policy.iprev=192.0.2.200",
        0,
        false,
    );
    assert_eq!(
        iprev.results[0].property("policy.iprev"),
        Some("192.0.2.200")
    );
}

#[test]
fn rfc8601_b5_multiple_mtas_and_sender_id() {
    let value = " example.com;\r\n          sender-id=fail header.from=example.com;\r\n          dkim=pass (good signature) header.d=example.com";
    assert_eq!(results_of(value), ["sender-id=fail", "dkim=pass"]);
}

#[test]
fn rfc8601_b6_multi_tiered_dkim_with_reasons() {
    let value = " example.com;\r\n      dkim=pass reason=\"good signature\"\r\n        header.i=@mail-router.example.net;\r\n      dkim=fail reason=\"bad signature\"\r\n        header.i=@newyork.example.com";
    let parsed = results::parse(value, 0, false);
    assert_eq!(results_of(value), ["dkim=pass", "dkim=fail"]);
    assert_eq!(
        parsed.results[1].reason.as_ref().map(|r| r.text.as_str()),
        Some("bad signature")
    );
    assert_eq!(
        parsed.results[1].property("header.i"),
        Some("@newyork.example.com")
    );
}

#[test]
fn rfc8601_b7_comment_heavy() {
    let value = " foo.example.net (foobar) 1 (baz);\r\n    dkim (Because I like it) / 1 (One yay) = (wait for it) fail\r\n      policy (A dot can go here) . (like that) expired\r\n      (this surprised me) = (as I wasn't expecting it) 1362471462";
    let parsed = results::parse(value, 0, false);
    assert_eq!(results_of(value), ["dkim=fail"]);
    assert_eq!(parsed.results[0].version.as_deref(), Some("1"));
    assert_eq!(
        parsed.results[0].property("policy.expired"),
        Some("1362471462")
    );
}

#[test]
fn rfc7208_received_spf_examples() {
    let value = " pass (mybox.example.org: domain of\r\n myname@example.com designates 192.0.2.1 as permitted sender)\r\n    receiver=mybox.example.org; client-ip=192.0.2.1;\r\n    envelope-from=\"myname@example.com\"; helo=foo.example.com;";
    let parsed = spf::parse(value, 0).expect("parses");
    assert_eq!(parsed.result, "pass");
    assert_eq!(parsed.get("receiver"), Some("mybox.example.org"));
    assert_eq!(parsed.get("helo"), Some("foo.example.com"));
    assert_eq!(parsed.checked_domain().as_deref(), Some("example.com"));

    let value = " fail (mybox.example.org: domain of myname@example.com does not\r\n    designate 192.0.2.1 as permitted sender)\r\n    identity=mailfrom; client-ip=192.0.2.1;\r\n    envelope-from=\"myname@example.com\";";
    let parsed = spf::parse(value, 0).expect("parses");
    assert_eq!(parsed.result, "fail");
    assert_eq!(parsed.get("identity"), Some("mailfrom"));
}

// ---------------------------------------------------------------------------------------------
// Real-world shapes
// ---------------------------------------------------------------------------------------------

#[test]
fn microsoft_365_results_without_authserv_id() {
    let text = "Authentication-Results: spf=pass (sender IP is 209.85.128.41)\r\n smtp.mailfrom=gmail.com; dkim=pass (signature was verified)\r\n header.d=gmail.com;dmarc=pass action=none header.from=gmail.com;compauth=pass\r\n reason=100\r\nFrom: someone@gmail.com\r\n\r\n";
    let findings = auth_findings(text);
    for code in ["spf=pass", "dkim=pass", "dmarc=pass", "compauth=pass"] {
        let found = find(&findings, code);
        assert_eq!(&text[found.span.clone()], code);
        assert_eq!(found.severity, Severity::Hint);
        assert_eq!(detail(found).authserv_id, None);
    }
    let reason = find(&findings, "compauth-reason=1xx");
    assert_eq!(&text[reason.span.clone()], "reason=100");
    assert_eq!(
        &text[find(&findings, "dmarc-action=none").span.clone()],
        "action=none"
    );
    assert!(reported(&findings).is_empty(), "{:?}", reported(&findings));
    let hover = detail(find(&findings, "dmarc=pass")).markdown(Lang::En);
    assert!(hover.contains("No authserv-id"), "{hover}");
}

#[test]
fn microsoft_arc_results_with_version_after_the_id() {
    let text = "ARC-Authentication-Results: i=1; mx.microsoft.com 1; spf=pass\r\n smtp.mailfrom=example.com; dmarc=pass action=none header.from=example.com;\r\n dkim=pass header.d=example.com; arc=none\r\n";
    let findings = auth_findings(text);
    let dmarc = find(&findings, "dmarc=pass");
    assert_eq!(
        detail(dmarc).authserv_id.as_deref(),
        Some("mx.microsoft.com")
    );
    assert_eq!(detail(dmarc).instance, Some(1));
    // An ARC set of one AAR alone lacks its seal and signature.
    assert_eq!(
        find(&findings, "arc:incomplete-set").severity,
        Severity::Warning
    );
}

#[test]
fn google_results_with_arc_copy() {
    let text = "ARC-Authentication-Results: i=1; mx.google.com;\r\n       dkim=pass header.i=@example.com header.s=20230601 header.b=\"AbC+/=\";\r\n       spf=pass (google.com: domain of user@example.com designates 209.85.220.41 as permitted sender) smtp.mailfrom=user@example.com;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com\r\nAuthentication-Results: mx.google.com;\r\n       dkim=pass header.i=@example.com header.s=20230601 header.b=\"AbC+/=\";\r\n       spf=pass (google.com: domain of user@example.com designates 209.85.220.41 as permitted sender) smtp.mailfrom=user@example.com;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com\r\n";
    let findings = auth_findings(text);
    let dmarc: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code.as_str() == "dmarc=pass")
        .collect();
    assert_eq!(dmarc.len(), 2);
    let hover = detail(dmarc[1]).markdown(Lang::En);
    assert!(
        hover.contains("DKIM passed for example.com, aligned with example.com"),
        "{hover}"
    );
    assert!(
        detail(dmarc[1])
            .dns_lookups
            .contains(&"dig +short TXT 20230601._domainkey.example.com".to_string())
    );
    assert!(
        detail(dmarc[0])
            .markdown(Lang::En)
            .contains("A copy kept by ARC sealer instance 1")
    );
}

#[test]
fn yahoo_results_with_comment_glued_to_the_result() {
    let text = "Authentication-Results: atlas-production.v2-mail-prod1-gq1.omega.yahoo.com;\n dkim=pass header.i=@gmail.com header.s=20230601;\n spf=pass smtp.mailfrom=gmail.com;\n dmarc=pass(p=NONE,sp=QUARANTINE) header.from=gmail.com;\n";
    let findings = auth_findings(text);
    let dmarc = find(&findings, "dmarc=pass");
    assert_eq!(&text[dmarc.span.clone()], "dmarc=pass");
    assert_eq!(dmarc.text.as_deref(), Some("p=NONE,sp=QUARANTINE"));
}

#[test]
fn fastmail_results_with_many_properties() {
    let value = " mx4.messagingengine.com;\n    arc=none (no signatures found);\n    bimi=skipped (DMARC Policy is not at enforcement);\n    dkim=pass (2048-bit rsa key sha256) header.d=example.com header.i=@example.com header.b=XXXX header.a=rsa-sha256 header.s=fm1 x-bits=2048;\n    dmarc=pass policy.published-domain-policy=none policy.applied-disposition=none (p=none,sp=none,d=none,d.eval=none) policy.policy-from=p header.from=example.com;\n    iprev=pass smtp.remote-ip=192.0.2.33 (host.example.com);\n    spf=pass smtp.mailfrom=bounce@example.com smtp.helo=host.example.com";
    let parsed = results::parse(value, 0, false);
    assert_eq!(
        results_of(value),
        [
            "arc=none",
            "bimi=skipped",
            "dkim=pass",
            "dmarc=pass",
            "iprev=pass",
            "spf=pass"
        ]
    );
    assert_eq!(parsed.results[2].property("x-bits"), Some("2048"));
    assert_eq!(
        parsed.results[3].property("header.from"),
        Some("example.com")
    );
    assert_eq!(
        parsed.results[5].property("smtp.helo"),
        Some("host.example.com")
    );
    let text = format!("Authentication-Results:{value}\n");
    let findings = auth_findings(&text);
    assert!(
        detail(find(&findings, "iprev=pass"))
            .dns_lookups
            .contains(&"dig +short -x 192.0.2.33".to_string())
    );
}

#[test]
fn postfix_opendkim_opendmarc_fields() {
    let text = "Authentication-Results: mail.example.org; dmarc=fail (p=reject dis=none) header.from=example.com\n\
Authentication-Results: mail.example.org;\n\tdkim=pass (2048-bit key; unprotected) header.d=esp.example.net header.i=@esp.example.net header.b=\"k3Yx1Zab\";\n\tdkim-atps=neutral\n\
Authentication-Results: mail.example.org; spf=pass smtp.mailfrom=bounces.esp.example.net\n\
Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=192.0.2.7; helo=out.esp.example.net; envelope-from=bounces@bounces.esp.example.net; receiver=<UNKNOWN>\n\
From: Example <news@example.com>\n\n";
    let findings = auth_findings(text);
    let dmarc = find(&findings, "dmarc=fail");
    assert_eq!(dmarc.severity, Severity::Error);
    assert_eq!(dmarc.text.as_deref(), Some("p=reject dis=none"));
    // OpenDMARC writes its verdict alone: the reasoning falls back to the From field.
    let hover = detail(dmarc).markdown(Lang::En);
    assert!(
        hover.contains("no SPF result names the envelope domain"),
        "{hover}"
    );
    assert!(hover.contains("→ DMARC fails"), "{hover}");
    let atps = find(&findings, "dkim-atps=neutral");
    assert_eq!(atps.severity, Severity::Information);
    let received = find(&findings, "received-spf=pass");
    assert_eq!(&text[received.span.clone()], "Pass");
    assert_eq!(
        detail(received).dns_lookups,
        ["dig +short TXT bounces.esp.example.net"]
    );
}

#[test]
fn unknown_methods_are_shown_as_such() {
    let text = "Authentication-Results: mx.example.org; x-tls=pass smtp.version=TLSv1.3; spf=pass smtp.mailfrom=example.com\n";
    let findings = auth_findings(text);
    let tls = find(&findings, "x-tls=pass");
    assert_eq!(tls.severity, Severity::Hint);
    let message = detail(tls).message(Lang::En).unwrap_or_default();
    assert!(message.contains("not a registered method"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// The seed's header block
// ---------------------------------------------------------------------------------------------

fn check_seed_block(text: &str) {
    let findings = auth_findings(text);
    let dmarc = find(&findings, "dmarc=fail");
    assert_eq!(dmarc.severity, Severity::Error);
    let compauth = find(&findings, "compauth=fail");
    assert_eq!(compauth.severity, Severity::Error);
    assert_eq!(
        &text[find(&findings, "compauth-reason=000").span.clone()],
        "reason=000"
    );
    assert_eq!(
        &text[find(&findings, "dmarc-action=oreject").span.clone()],
        "action=oreject"
    );
    assert_eq!(find(&findings, "spf=none").severity, Severity::Information);
    let received = find(&findings, "received-spf=none");
    assert_eq!(&text[received.span.clone()], "None");
    assert_eq!(
        detail(received).authserv_id.as_deref(),
        Some("protection.outlook.com")
    );
    // The Authentication-Results-Original copy is milder than the final verdict.
    let original: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code.as_str() == "dmarc=none")
        .collect();
    assert_eq!(original.len(), 1);
    assert_eq!(detail(original[0]).field, "Authentication-Results-Original");

    let sentence = detail(dmarc).message(Lang::En).unwrap_or_default();
    assert_eq!(
        sentence,
        "dmarc=fail: SPF gave none for o365e083.onmicrosoft.com; no aligned DKIM signature → DMARC fails"
    );
    let detail = detail(dmarc);
    assert_eq!(
        detail.dns_lookups,
        [
            "dig +short TXT _dmarc.o365e.onmicrosoft.com",
            // onmicrosoft.com is not a public suffix: the policy falls back to it.
            "dig +short TXT _dmarc.onmicrosoft.com",
            "dig +short TXT o365e083.onmicrosoft.com"
        ]
    );
    assert!(
        detail
            .causes
            .contains(&"dmarc-cause:spf-record".to_string())
    );
    assert!(
        detail
            .causes
            .contains(&"dmarc-cause:dkim-signing".to_string())
    );
}

#[test]
fn seed_header_block_fixture() {
    check_seed_block(&fixture("seed-000-header-block.txt"));
}

#[test]
fn seed_000_page_itself() {
    let Ok(entries) = std::fs::read_dir("/work/shared/seeds") else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("000_") {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            check_seed_block(&text);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Alignment
// ---------------------------------------------------------------------------------------------

#[test]
fn alignment_relaxed_strict_and_public_suffixes() {
    use align::{Relation, relation};
    assert_eq!(relation("example.com", "example.com"), Relation::Strict);
    assert_eq!(
        relation("bounce.example.com", "example.com"),
        Relation::Relaxed
    );
    assert_eq!(
        relation("a.b.example.com", "c.example.com"),
        Relation::Relaxed
    );
    assert_eq!(relation("example.net", "example.com"), Relation::None);
    assert_eq!(
        relation("mail.example.co.uk", "example.co.uk"),
        Relation::Relaxed
    );
    assert_eq!(relation("example.co.uk", "other.co.uk"), Relation::None);
    assert_eq!(
        relation("shop.example.com.au", "example.com.au"),
        Relation::Relaxed
    );
    assert_eq!(align::organizational("a.b.example.co.uk"), "example.co.uk");
}

fn dmarc_sentence(results: &str, from: &str) -> String {
    let text =
        format!("Authentication-Results: mx.example.org; {results}\nFrom: <user@{from}>\n\n");
    let findings = auth_findings(&text);
    let dmarc = findings
        .iter()
        .find(|f| f.code.starts_with("dmarc="))
        .expect("a dmarc finding");
    detail(dmarc).message(Lang::En).unwrap_or_default()
}

#[test]
fn alignment_reasoning_sentences() {
    assert_eq!(
        dmarc_sentence(
            "spf=pass smtp.mailfrom=bounce.example.net; dmarc=fail header.from=example.com",
            "example.com"
        ),
        "dmarc=fail: SPF passed for bounce.example.net, which is not aligned with example.com; no aligned DKIM signature → DMARC fails"
    );
    let relaxed = dmarc_sentence(
        "spf=pass smtp.mailfrom=mail.example.co.uk; dkim=pass header.d=esp.example.net; dmarc=pass header.from=example.co.uk",
        "example.co.uk",
    );
    assert_eq!(
        relaxed,
        "dmarc=pass: SPF passed for mail.example.co.uk, which is aligned with example.co.uk only under relaxed alignment (same organizational domain example.co.uk); no aligned DKIM signature (DKIM passed only for esp.example.net) → DMARC passes"
    );
    let strict = dmarc_sentence(
        "spf=pass smtp.mailfrom=mail.example.com; dmarc=fail header.from=example.com",
        "example.com",
    );
    assert!(
        strict.contains("yet the server recorded dmarc=fail"),
        "{strict}"
    );
    let dkim = dmarc_sentence(
        "spf=fail smtp.mailfrom=other.example; dkim=pass header.d=example.com; dmarc=pass",
        "example.com",
    );
    assert!(
        dkim.contains("DKIM passed for example.com, aligned with example.com"),
        "{dkim}"
    );
    let none = dmarc_sentence(
        "spf=pass smtp.mailfrom=example.org; dmarc=none header.from=example.org",
        "example.org",
    );
    assert!(
        none.ends_with("→ DMARC would pass if example.org published a DMARC record"),
        "{none}"
    );
}

#[test]
fn alignment_sentences_exist_in_every_language() {
    let text = fixture("dmarc-fail.eml");
    let findings = auth_findings(&text);
    let dmarc = detail(find(&findings, "dmarc=fail"));
    for lang in Lang::ALL {
        let markdown = dmarc.markdown(lang);
        assert!(!markdown.contains('{'), "{lang:?}: {markdown}");
        let message = dmarc.message(lang).unwrap_or_default();
        assert!(
            message.contains("bounce.example.net"),
            "{lang:?}: {message}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Fixture messages
// ---------------------------------------------------------------------------------------------

#[test]
fn fixture_dmarc_fail() {
    let text = fixture("dmarc-fail.eml");
    let findings = auth_findings(&text);
    assert_eq!(
        reported(&findings),
        [
            ("spf=fail".to_string(), Severity::Warning),
            ("dkim=fail".to_string(), Severity::Warning),
            ("dmarc=fail".to_string(), Severity::Error),
            // bh= is the hash of an empty body, and this body is not empty: the receiver's
            // dkim=fail has its cause under the signature.
            ("dkim-signature:body-changed".to_string(), Severity::Warning),
        ]
    );
    for code in ["spf=fail", "dkim=fail", "dmarc=fail"] {
        assert_eq!(&text[find(&findings, code).span.clone()], code);
    }
    // The DKIM verdict's lookups end with the command that saves the key for offline checks.
    assert_eq!(
        detail(find(&findings, "dkim=fail")).dns_lookups,
        [
            "dig +short TXT sel2024._domainkey.example.com",
            "dig +noall +answer TXT sel2024._domainkey.example.com >> dkim-keys.zone"
        ]
    );
    let dmarc = detail(find(&findings, "dmarc=fail"));
    assert_eq!(dmarc.authserv_id.as_deref(), Some("mx.example.org"));
    assert_eq!(
        dmarc.dns_lookups,
        [
            "dig +short TXT _dmarc.example.com",
            "dig +short TXT bounce.example.net",
            "dig +short TXT sel2024._domainkey.example.com"
        ]
    );
    assert_eq!(
        dmarc.message(Lang::En).as_deref(),
        Some(
            "dmarc=fail: SPF gave fail for bounce.example.net; no aligned DKIM signature (DKIM gave fail for example.com) → DMARC fails"
        )
    );
    assert_eq!(
        dmarc.causes,
        ["dmarc-cause:spf-record", "dmarc-cause:dkim-signing"]
    );
    // The DKIM-Signature is well formed: its tags are hoverable hints only.
    let signature = find(&findings, "dkim-signature");
    assert_eq!(&text[signature.span.clone()], "DKIM-Signature");
    assert_eq!(signature.severity, Severity::Hint);
    let selector = find(&findings, "dkim-signature-tag:s");
    assert_eq!(&text[selector.span.clone()], "s=sel2024");
    assert!(detail(selector).markdown(Lang::Fr).contains("sélecteur"));
}

#[test]
fn fixture_microsoft_compauth_and_stamps() {
    let text = fixture("microsoft-compauth.eml");
    let findings = auth_findings(&text);
    assert_eq!(
        reported(&findings),
        [
            ("spf=softfail".to_string(), Severity::Warning),
            ("dkim=none".to_string(), Severity::Information),
            ("dmarc=fail".to_string(), Severity::Error),
            ("compauth=fail".to_string(), Severity::Error),
            ("received-spf=softfail".to_string(), Severity::Warning),
            ("scl=6".to_string(), Severity::Information),
            ("scl=6".to_string(), Severity::Information),
            ("sfv=spm".to_string(), Severity::Information),
            ("bcl=7".to_string(), Severity::Information),
            ("mailbox-delivery:junk".to_string(), Severity::Information),
        ]
    );
    let compauth = detail(find(&findings, "compauth=fail"));
    let hover = compauth.markdown(Lang::En);
    assert!(hover.contains("implicit authentication failed"), "{hover}");
    assert!(
        hover.contains("SPF gave softfail for news.example.com"),
        "{hover}"
    );
    assert_eq!(
        find(&findings, "compauth-reason=001").severity,
        Severity::Hint
    );
    let received = detail(find(&findings, "received-spf=softfail"));
    assert_eq!(received.dns_lookups, ["dig +short TXT news.example.com"]);
    let dest = find(&findings, "dest=j");
    assert_eq!(&text[dest.span.clone()], "dest:J");
    let hover = detail(dest).markdown(Lang::Ja);
    assert!(hover.contains("迷惑メール"), "{hover}");
    let cip = find(&findings, "cip");
    assert_eq!(&text[cip.span.clone()], "CIP:198.51.100.7");
    let sfs = detail(find(&findings, "sfs")).markdown(Lang::En);
    assert!(sfs.contains("not documented by the vendor"), "{sfs}");
}

#[test]
fn fixture_arc_broken_chain() {
    let text = fixture("arc-broken.eml");
    let findings = auth_findings(&text);
    let gap = find(&findings, "arc:instance-gap");
    assert_eq!(&text[gap.span.clone()], "i=3");
    assert!(
        detail(gap)
            .message(Lang::En)
            .unwrap_or_default()
            .contains("i=2 is missing")
    );
    let cv = find(&findings, "arc-seal:cv=fail");
    assert_eq!(&text[cv.span.clone()], "cv=fail");
    assert_eq!(cv.severity, Severity::Warning);
    // The final verdict, with the catalog row for a body hash mismatch picked by its text.
    let dkim: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code.as_str() == "dkim=fail")
        .collect();
    assert_eq!(dkim.len(), 2);
    assert_eq!(
        dkim[0].severity,
        Severity::Information,
        "ARC copy is milder"
    );
    assert_eq!(dkim[1].severity, Severity::Warning);
    assert_eq!(dkim[1].text.as_deref(), Some("body hash did not verify"));
    let dmarc = detail(find(&findings, "dmarc=fail"));
    assert!(dmarc.causes.contains(&"dmarc-cause:forwarding".to_string()));
    assert!(dmarc.causes.contains(&"dmarc-cause:alignment".to_string()));
    let arc: Vec<Severity> = findings
        .iter()
        .filter(|f| f.code.as_str() == "arc=fail")
        .map(|f| f.severity)
        .collect();
    assert_eq!(arc, [Severity::Information, Severity::Warning]);
}

#[test]
fn fixture_dkim_lints() {
    let text = fixture("dkim-lints.eml");
    let findings = auth_findings(&text);
    let codes: Vec<(String, Severity)> = reported(&findings);
    assert_eq!(
        codes,
        [
            ("dkim-signature:rsa-sha1".to_string(), Severity::Warning),
            (
                "dkim-signature:not-aligned".to_string(),
                Severity::Information
            ),
            ("dkim-signature:expired".to_string(), Severity::Warning),
            ("dkim-signature:body-length".to_string(), Severity::Warning),
            (
                "dkim-signature:from-not-signed".to_string(),
                Severity::Warning
            ),
            // l=120 is longer than the whole body.
            ("dkim-signature:body-changed".to_string(), Severity::Warning),
            ("dkim-signature:missing-tag".to_string(), Severity::Warning),
            ("dkim-signature:future".to_string(), Severity::Information),
        ]
    );
    assert_eq!(
        &text[find(&findings, "dkim-signature:rsa-sha1").span.clone()],
        "a=rsa-sha1"
    );
    assert_eq!(
        &text[find(&findings, "dkim-signature:body-length").span.clone()],
        "l=120"
    );
    let expired = detail(find(&findings, "dkim-signature:expired"))
        .message(Lang::En)
        .unwrap_or_default();
    assert!(
        expired.contains("2024-03-12 08:10:00 UTC") && expired.contains("2024-03-12 09:15:00 UTC"),
        "{expired}"
    );
    let missing = detail(find(&findings, "dkim-signature:missing-tag"))
        .message(Lang::It)
        .unwrap_or_default();
    assert!(missing.contains("bh="), "{missing}");
}

#[test]
fn fixture_bounce_with_nested_original_and_crlf() {
    let text = fixture("bounce-nested-crlf.eml");
    assert!(text.contains("\r\n"));
    let findings = auth_findings(&text);
    // The bounce's own field says nothing was checked; the original's verdicts all pass.
    let bounce = find(&findings, "authentication-results");
    let AuthDetail { subject, .. } = detail(bounce);
    assert!(matches!(
        subject,
        Subject::ResultsField {
            no_result: true,
            ..
        }
    ));
    for code in [
        "received-spf=pass",
        "dkim=pass",
        "spf=pass",
        "dmarc=pass",
        "x-spam-status=no",
    ] {
        let found = find(&findings, code);
        assert!(text.is_char_boundary(found.span.start) && text.is_char_boundary(found.span.end));
    }
    assert!(reported(&findings).is_empty(), "{:?}", reported(&findings));
    let dmarc = detail(find(&findings, "dmarc=pass"));
    assert_eq!(dmarc.authserv_id.as_deref(), Some("mx.google.com"));
    assert!(
        dmarc
            .markdown(Lang::En)
            .contains("SPF passed for example.com, which is aligned with example.com")
    );
    let rule = find(&findings, "spamassassin:SPF_PASS");
    assert_eq!(&text[rule.span.clone()], "SPF_PASS");
}

#[test]
fn every_fixture_renders_in_every_language() {
    let dir = repo().join("tests/fixtures/auth");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixture dir").flatten() {
        // The signed messages of dkim/ have tests of their own (tests/auth/dkim.rs).
        if entry.path().is_dir() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("utf-8 fixture");
        for finding in auth_findings(&text) {
            let detail = detail(&finding);
            for lang in Lang::ALL {
                let markdown = detail.markdown(lang);
                assert!(!markdown.trim().is_empty());
                assert!(
                    !markdown.contains("{d}")
                        && !markdown.contains("{from}")
                        && !markdown.contains("{i}"),
                    "{}: {markdown}",
                    finding.code
                );
            }
            seen += 1;
        }
    }
    assert!(seen > 50, "{seen}");
}

// ---------------------------------------------------------------------------------------------
// Robustness: the Sisimai corpus
// ---------------------------------------------------------------------------------------------

fn corpus_dir() -> Option<PathBuf> {
    [
        repo().join("tests/corpus/sisimai/eml"),
        PathBuf::from("/work/shared/corpus/sisimai/eml"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

#[test]
fn sisimai_corpus_header_blocks() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut files = 0;
    let mut results_fields = 0;
    for entry in std::fs::read_dir(dir).expect("corpus").flatten() {
        let bytes = std::fs::read(entry.path()).expect("readable");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        files += 1;
        for field in fields::every(&text) {
            let arc = field.is("ARC-Authentication-Results");
            if field.is("Authentication-Results") || arc {
                results_fields += 1;
                let parsed = results::parse(field.value, field.value_start, arc);
                assert!(
                    parsed.no_result || !parsed.results.is_empty(),
                    "{}: {}: nothing parsed from {:?}",
                    entry.path().display(),
                    field.name,
                    field.value
                );
                for result in &parsed.results {
                    assert!(text.get(result.span.clone()).is_some());
                }
            }
        }
        let findings = auth::analyze(&text);
        for finding in &findings {
            assert!(
                text.get(finding.span.clone()).is_some(),
                "{}: bad span {:?}",
                entry.path().display(),
                finding.span
            );
            let detail = detail(finding);
            for lang in Lang::ALL {
                assert!(!detail.markdown(lang).is_empty());
            }
        }
    }
    assert!(files >= 200, "{files}");
    assert!(results_fields >= 60, "{results_fields}");
}

#[test]
fn hostile_inputs_cost_bounded_work() {
    let deep = format!(
        "Authentication-Results: x;{} spf=pass\n",
        "(".repeat(100_000)
    );
    let _ = auth::analyze(&deep);
    let long = format!("DKIM-Signature: {}\n", "a=b;".repeat(100_000));
    let findings = auth::analyze(&long);
    assert!(findings.len() < 100);
    let folded = format!("X-Spam-Status: Yes, tests={}\n", "\n\tR,".repeat(50_000));
    let findings = auth::analyze(&folded);
    assert!(findings.len() < 300);
    let unicode = "Authentication-Results: é; spf=pass smtp.mailfrom=é.example (é\nReceived-SPF: Pass (é: é) é=é\nX-Forefront-Antispam-Report: SCL:é;CIP:é\n";
    for finding in auth::analyze(unicode) {
        assert!(unicode.get(finding.span.clone()).is_some());
    }
}

#[test]
fn a_huge_mbox_stops_at_the_field_bound_and_says_so() {
    let message = fixture("dmarc-fail.eml");
    let mut mbox = String::new();
    // Each copy has four relevant fields: Authentication-Results, DKIM-Signature, From, Date.
    for _ in 0..auth::MAX_FIELDS / 4 + 25 {
        mbox.push_str("From sender@example.com Tue Mar 12 09:15:00 2024\n");
        mbox.push_str(&message);
        mbox.push('\n');
    }
    let findings = auth::analyze(&mbox);
    let limits: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.kind == FindingKind::Limit && f.code.as_str() == "limit:auth-fields")
        .collect();
    assert_eq!(limits.len(), 1);
    let message = detail(limits[0]).message(Lang::Fr).unwrap_or_default();
    assert!(message.contains("16384"), "{message}");
}

#[test]
fn verdict_codes_find_their_catalog_explanation() {
    use mail_lsp::present;
    let catalog = mail_lsp::catalog::builtin();
    let mut checked = 0;
    for name in [
        "dmarc-fail.eml",
        "microsoft-compauth.eml",
        "arc-broken.eml",
        "dkim-lints.eml",
        "seed-000-header-block.txt",
    ] {
        let text = fixture(name);
        for finding in auth_findings(&text) {
            let detail = detail(&finding);
            for cause in &detail.causes {
                let query = mail_lsp::catalog::Query {
                    code: cause,
                    ..Default::default()
                };
                assert!(
                    catalog.lookup(&query).is_some(),
                    "no catalog entry for {cause}"
                );
            }
            // Every diagnostic and every Microsoft reason/action key has a catalog entry.
            let keyed = finding.severity != Severity::Hint
                || finding.code.starts_with("compauth-reason=")
                || finding.code.starts_with("dmarc-action=");
            if !keyed {
                continue;
            }
            let answer = present::answer_for(&finding, catalog)
                .unwrap_or_else(|| panic!("{name}: no catalog entry for {}", finding.code));
            let hover = present::hover_markdown(&finding, Some(&answer), Lang::En);
            assert!(hover.contains("---"), "{hover}");
            checked += 1;
        }
    }
    assert!(checked >= 25, "{checked}");
    // The catalog row for a body hash mismatch is picked by the result's comment.
    let text = fixture("arc-broken.eml");
    let findings = auth_findings(&text);
    let dkim = findings
        .iter()
        .rfind(|f| f.code.as_str() == "dkim=fail")
        .expect("dkim=fail");
    let answer = present::answer_for(dkim, catalog).expect("answer");
    assert!(answer.entry.title.get(Lang::En).contains("body hash"));
}

#[test]
fn catalog_coverage_list_matches_the_catalog() {
    use mail_lsp::analysis::auth::keys::verdict::catalog_covers;
    let catalog = mail_lsp::catalog::builtin();
    let methods = [
        "spf",
        "received-spf",
        "dkim",
        "dmarc",
        "arc",
        "iprev",
        "auth",
        "compauth",
        "bimi",
    ];
    let results = [
        "pass",
        "fail",
        "hardfail",
        "softfail",
        "neutral",
        "none",
        "temperror",
        "permerror",
        "policy",
        "bestguesspass",
        "softpass",
        "declined",
        "skipped",
    ];
    for method in methods {
        for result in results {
            let code = format!("{method}={result}");
            let query = mail_lsp::catalog::Query {
                code: &code,
                ..Default::default()
            };
            assert_eq!(
                catalog_covers(method, result),
                catalog.lookup(&query).is_some(),
                "{code}"
            );
        }
    }
}
