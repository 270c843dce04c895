//! DKIM checked offline, on messages signed by dkimpy with throwaway keys and then altered the
//! way mail is altered in transit (tests/fixtures/auth/dkim/make_fixtures.py made them).

use std::sync::Arc;

use mail_lsp::analysis::auth::dkim::KeySet;
use mail_lsp::analysis::{DocumentKind, Finding, Severity, Supplied, analyze_with};
use mail_lsp::lang::Lang;

use super::{detail, repo};

fn dkim_fixture(name: &str) -> String {
    let path = repo().join("tests/fixtures/auth/dkim").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn keys(files: &[&str]) -> Supplied {
    let mut keys = KeySet::default();
    for file in files {
        let problems = keys.add_zone(&dkim_fixture(file), file);
        assert_eq!(problems, [], "{file}");
    }
    Supplied {
        dkim_keys: Arc::new(keys),
    }
}

/// The offline DKIM findings of a fixture (not the tag lints), in text order.
fn checked(name: &str, supplied: &Supplied) -> Vec<Finding> {
    const OFFLINE: &[&str] = &[
        "body-hash-ok",
        "body-changed",
        "added-after-signing",
        "unsigned-body",
        "verified",
        "headers-verified",
        "does-not-verify",
        "key-unusable",
    ];
    analyze_with(&dkim_fixture(name), DocumentKind::Message, supplied)
        .into_iter()
        .filter(|f| {
            f.code
                .split_once(':')
                .is_some_and(|(_, name)| OFFLINE.contains(&name))
        })
        .collect()
}

fn codes(findings: &[Finding]) -> Vec<(&str, Severity)> {
    findings
        .iter()
        .map(|f| (f.code.as_str(), f.severity))
        .collect()
}

fn message(finding: &Finding) -> String {
    detail(finding).message(Lang::En).unwrap_or_default()
}

const OK: (&str, Severity) = ("dkim-signature:body-hash-ok", Severity::Information);
const VERIFIED: (&str, Severity) = ("dkim-signature:verified", Severity::Information);

#[test]
fn intact_messages_verify_in_every_canonicalization_and_line_ending() {
    let supplied = keys(&["example.com.zone"]);
    for name in [
        "signed-relaxed.eml",
        "signed-relaxed-crlf.eml",
        "signed-simple.eml",
        "whitespace-relaxed.eml",
        "length-signed.eml",
    ] {
        let found = checked(name, &supplied);
        assert_eq!(codes(&found), [OK, VERIFIED], "{name}");
        let text = dkim_fixture(name);
        assert!(text[found[0].span.clone()].starts_with("bh="), "{name}");
        assert!(text[found[1].span.clone()].starts_with("b="), "{name}");
    }
    let verified = &checked("signed-relaxed.eml", &supplied)[1];
    assert_eq!(
        message(verified),
        "signature verified with the key for rsa2048._domainkey.example.com from \
         example.com.zone:3: the signed headers and body are as example.com signed them."
    );
}

#[test]
fn a_list_footer_is_found_and_pointed_at() {
    let text = dkim_fixture("list-footer.eml");
    let found = checked("list-footer.eml", &keys(&["example.com.zone"]));
    assert_eq!(
        codes(&found),
        [
            ("dkim-signature:body-changed", Severity::Warning),
            ("dkim-signature:headers-verified", Severity::Information),
            ("dkim-signature:added-after-signing", Severity::Information),
        ]
    );
    assert!(message(&found[0]).starts_with("bh= matches the body without its last 3 lines"));
    assert!(message(&found[1]).contains("the signature fails only because the body changed"));
    assert_eq!(&text[found[2].span.clone()], "-- ");
}

#[test]
fn whitespace_survives_relaxed_but_not_simple() {
    let supplied = keys(&["example.com.zone"]);
    assert_eq!(
        codes(&checked("whitespace-relaxed.eml", &supplied)),
        [OK, VERIFIED]
    );
    let simple = checked("whitespace-simple.eml", &supplied);
    assert_eq!(
        codes(&simple),
        [
            ("dkim-signature:body-changed", Severity::Warning),
            ("dkim-signature:headers-verified", Severity::Information),
        ]
    );
    assert!(message(&simple[0]).contains("simple canonicalization, where even a space"));
}

#[test]
fn an_altered_from_keeps_the_body_hash_and_breaks_the_signature() {
    let found = checked("from-altered.eml", &keys(&["example.com.zone"]));
    assert_eq!(
        codes(&found),
        [OK, ("dkim-signature:does-not-verify", Severity::Warning)]
    );
    // RSA shows the key is the signer's: the headers are what changed.
    let text = message(&found[1]);
    assert!(
        text.contains("The key is the one that signed, so a signed header (from, to, subject"),
        "{text}"
    );
}

#[test]
fn the_wrong_key_is_named_as_such_and_the_right_one_wins() {
    let wrong = checked("wrong-key.eml", &keys(&["example.com.zone"]));
    assert_eq!(
        codes(&wrong),
        [OK, ("dkim-signature:does-not-verify", Severity::Warning)]
    );
    assert!(message(&wrong[1]).contains("it was not made with this key"));
    // Given both files, the record that signed is found among those of the selector.
    let both = checked("wrong-key.eml", &keys(&["example.com.zone", "other.zone"]));
    assert_eq!(codes(&both), [OK, VERIFIED]);
    assert!(message(&both[1]).contains("from other.zone:2"));
}

#[test]
fn text_after_the_signed_length_is_named_unsigned_and_still_verifies() {
    let text = dkim_fixture("length-appended.eml");
    let found = checked("length-appended.eml", &keys(&["example.com.zone"]));
    assert_eq!(
        codes(&found),
        [
            OK,
            VERIFIED,
            ("dkim-signature:unsigned-body", Severity::Information)
        ]
    );
    assert_eq!(
        message(&found[0]),
        "bh= matches the first 143 bytes of the body, the part l= signs; the 62 bytes after \
         them are not signed, and anyone could have added them"
    );
    assert_eq!(
        &text[found[2].span.clone()],
        "Click here to claim your prize: https://prize.example.net/"
    );
    // The l= lint is still there.
    let all = analyze_with(&text, DocumentKind::Message, &Supplied::default());
    assert!(all.iter().any(|f| f.code == "dkim-signature:body-length"));
}

#[test]
fn ed25519_and_weak_rsa_keys() {
    let supplied = keys(&["example.com.zone"]);
    assert_eq!(codes(&checked("ed25519.eml", &supplied)), [OK, VERIFIED]);
    let weak = checked("rsa1024.eml", &supplied);
    assert_eq!(codes(&weak), [OK, VERIFIED]);
    assert!(message(&weak[1]).contains("The key has only 1024 bits"));
    let short = checked("rsa512.eml", &supplied);
    assert_eq!(
        codes(&short),
        [OK, ("dkim-signature:verified", Severity::Warning)]
    );
    assert!(
        message(&short[1])
            .contains("keys under 1024 bits, so receivers count this signature as failed")
    );
    let sha1 = checked("rsa-sha1.eml", &supplied);
    assert_eq!(codes(&sha1), [OK, VERIFIED]);
    assert!(message(&sha1[1]).contains("It uses rsa-sha1, which is weak"));
    // The Ed25519 key under the RSA selector's name is refused by type, not tried.
    let mut swapped = KeySet::default();
    let ed_key = dkim_fixture("example.com.zone")
        .lines()
        .find(|l| l.starts_with("ed25519."))
        .map(|l| l.replacen("ed25519.", "rsa2048.", 1))
        .unwrap_or_default();
    assert_eq!(swapped.add_zone(&ed_key, "swapped.zone"), []);
    let found = checked(
        "signed-relaxed.eml",
        &Supplied {
            dkim_keys: Arc::new(swapped),
        },
    );
    assert_eq!(
        codes(&found),
        [OK, ("dkim-signature:key-unusable", Severity::Warning)]
    );
    assert!(message(&found[1]).contains("is k=ed25519, but the signature needs a rsa key"));
}

#[test]
fn without_keys_only_the_body_is_checked_and_the_hover_says_how_to_save_one() {
    let none = Supplied::default();
    assert_eq!(codes(&checked("signed-relaxed.eml", &none)), [OK]);
    assert_eq!(
        codes(&checked("from-altered.eml", &none)),
        [OK],
        "the body of a message with a rewritten From is intact"
    );
    let found = checked("signed-relaxed.eml", &none);
    let lookups = &detail(&found[0]).dns_lookups;
    assert_eq!(
        lookups,
        &[
            "dig +short TXT rsa2048._domainkey.example.com".to_string(),
            "dig +noall +answer TXT rsa2048._domainkey.example.com >> dkim-keys.zone".to_string()
        ]
    );
    // Keys for other selectors change nothing.
    let mut other = KeySet::default();
    let _ = other.add_zone("s._domainkey.example.org. TXT \"v=DKIM1; p=QUJD\"", "z");
    let supplied = Supplied {
        dkim_keys: Arc::new(other),
    };
    assert_eq!(codes(&checked("signed-relaxed.eml", &supplied)), [OK]);
}

#[test]
fn every_offline_finding_reads_in_every_language() {
    let supplied = keys(&["example.com.zone"]);
    let mut seen = 0;
    for name in [
        "list-footer.eml",
        "from-altered.eml",
        "length-appended.eml",
        "rsa1024.eml",
        "wrong-key.eml",
        "whitespace-simple.eml",
    ] {
        for finding in checked(name, &supplied) {
            for lang in Lang::ALL {
                let text = detail(&finding).markdown(lang);
                assert!(!text.contains('{'), "{name} {}: {text}", finding.code);
                assert!(text.contains("example.com"), "{name}: {text}");
            }
            seen += 1;
        }
    }
    assert!(seen >= 14, "{seen}");
}

/// Look-alikes: shapes near a signed message that must give no offline verdict at all.
#[test]
fn look_alikes_stay_silent() {
    let signed = dkim_fixture("signed-relaxed.eml");
    let (header, _) = signed.split_once("\n\n").unwrap_or_default();
    let bounce = format!(
        "From: MAILER-DAEMON@example.org\nTo: alice@example.com\nSubject: Undelivered\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n\
         --b\nContent-Type: text/plain\n\nThe message could not be delivered.\n\n\
         --b\nContent-Type: message/rfc822\n\n{signed}\n--b--\n"
    );
    let cases = [
        // The returned copy inside a bounce is not this message's own header.
        ("bounce with the original attached", bounce),
        // A header pasted alone: no body to hash.
        ("a header without a body", header.to_string()),
        // Quoted in prose, indented.
        (
            "a quoted signature",
            format!(
                "Hello,\n\nsee the header below:\n\n> {}\n",
                header.replace('\n', "\n> ")
            ),
        ),
        // Unknown algorithm and canonicalization, a bh= that is not base64, no d=.
        (
            "unreadable tags",
            signed.replace("a=rsa-sha256", "a=rsa-sha512"),
        ),
        (
            "unknown c=",
            signed.replace("c=relaxed/relaxed", "c=nowsp/relaxed"),
        ),
        ("bh= not base64", signed.replace("bh=", "bh=!!")),
        ("no d=", signed.replace("d=example.com;", "")),
        (
            "an ARC-Seal",
            signed.replace("DKIM-Signature:", "ARC-Seal:"),
        ),
    ];
    let supplied = keys(&["example.com.zone"]);
    for (what, text) in cases {
        let found: Vec<String> = analyze_with(&text, DocumentKind::Message, &supplied)
            .into_iter()
            .filter(|f| {
                [
                    "body-",
                    "verified",
                    "verify",
                    "key-unusable",
                    "signing",
                    "unsigned",
                ]
                .iter()
                .any(|w| f.code.contains(w))
                    && !f.code.ends_with(":body-length")
            })
            .map(|f| f.code.to_string())
            .collect();
        assert_eq!(found, [] as [String; 0], "{what}");
    }
}

#[test]
fn hostile_signatures_cost_nothing() {
    let signed = dkim_fixture("signed-relaxed.eml");
    let supplied = keys(&["example.com.zone"]);
    for text in [
        signed.replace("bh=", "l=99999999999999999999999; bh="),
        signed.replace("bh=", "l=0; bh="),
        signed.replace("b=", "b=AAAA"),
        signed.replace("h=from", "h=from:from:from:x-missing:from"),
        format!("{signed}{}", "\n".repeat(10_000)),
        signed.replace('\n', "\r"),
        signed.replacen("\n\n", "\n\n\u{fffd}\u{0}", 1),
    ] {
        let _ = analyze_with(&text, DocumentKind::Message, &supplied);
    }
    // Trailing empty lines are no part of the canonical body: the hash still matches.
    let padded = format!("{signed}\n\n\n");
    assert_eq!(codes(&checked_text(&padded, &supplied)), [OK, VERIFIED]);
}

fn checked_text(text: &str, supplied: &Supplied) -> Vec<Finding> {
    analyze_with(text, DocumentKind::Message, supplied)
        .into_iter()
        .filter(|f| f.code.ends_with(":body-hash-ok") || f.code.ends_with(":verified"))
        .collect()
}

#[test]
fn an_arc_message_signature_is_checked_like_a_dkim_signature() {
    let found = checked("arc-signed.eml", &keys(&["example.com.zone"]));
    assert_eq!(
        codes(&found),
        [
            ("arc-message-signature:body-hash-ok", Severity::Information),
            ("arc-message-signature:verified", Severity::Information),
            OK,
            VERIFIED,
        ]
    );
    // Its h= names From twice; the second, absent, instance adds nothing to what is hashed.
    let text = dkim_fixture("arc-signed.eml");
    assert!(text.contains("content-type : from;"));
}
