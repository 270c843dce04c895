//! Spam stamps field by field: Microsoft 365's "why did it go to Junk?", rspamd, SpamAssassin,
//! Proofpoint, Mimecast, IronPort, Barracuda, Sophos and Google, from the fixtures
//! `stamps-junk.eml` and `stamps-vendors.eml`; and the look-alikes that must stay silent.

use mail_lsp::analysis::{Finding, FindingKind, Severity};
use mail_lsp::lang::Lang;

use super::{auth_findings, detail, find, fixture};

fn spam(text: &str) -> Vec<Finding> {
    auth_findings(text)
        .into_iter()
        .filter(|f| f.kind == FindingKind::AntiSpam)
        .collect()
}

fn hover(finding: &Finding, lang: Lang) -> String {
    detail(finding).markdown(lang)
}

fn message(finding: &Finding, lang: Lang) -> String {
    detail(finding).message(lang).unwrap_or_default()
}

#[test]
fn why_it_went_to_junk() {
    let text = fixture("stamps-junk.eml");
    let findings = spam(&text);
    let junk = find(&findings, "mailbox-delivery:junk");
    assert_eq!(
        &text[junk.span.clone()],
        "X-Microsoft-Antispam-Mailbox-Delivery"
    );
    assert_eq!(junk.severity, Severity::Information);
    assert_eq!(
        message(junk, Lang::En),
        "Delivered to Junk Email: spam filtering marked it spam (SFV:SPM, SCL 5); \
         the service's spam verdict moved it, not an Outlook rule (OFR:SpamFilterAuthJ)"
    );
    let md = hover(junk, Lang::En);
    assert!(md.contains("**Delivered to Junk Email**"), "{md}");
    assert!(
        md.contains("(OFR:SpamFilterAuthJ) _(seen in the wild"),
        "{md}"
    );
    assert!(
        md.contains("- SFV:SPM — marked as spam by spam filtering"),
        "{md}"
    );
    assert!(md.contains("- BCL:0 — not from a bulk sender"), "{md}");
    assert!(message(junk, Lang::Fr).starts_with("Remis dans Courrier indésirable\u{a0}:"));
    assert!(message(junk, Lang::Ja).starts_with("迷惑メール フォルダーに配信"));
    // The per-key stamps are still there, each with its span.
    let dest = find(&findings, "dest=j");
    assert_eq!(&text[dest.span.clone()], "dest:J");
}

#[test]
fn rspamd_symbols_with_their_scores_and_the_verdict() {
    let text = fixture("stamps-junk.eml");
    let findings = spam(&text);
    let verdict = find(&findings, "rspamd:verdict=spam");
    assert_eq!(&text[verdict.span.clone()], "X-Spamd-Result");
    assert_eq!(
        message(verdict, Lang::En),
        "rspamd: spam — score 16.20 against a threshold of 15.00"
    );
    let bayes = find(&findings, "rspamd:BAYES_SPAM");
    assert_eq!(&text[bayes.span.clone()], "BAYES_SPAM(5.10)[99.87%]");
    assert_eq!(bayes.severity, Severity::Hint);
    let md = hover(bayes, Lang::En);
    assert!(
        md.contains("the Bayesian classifier rates the message spam"),
        "{md}"
    );
    assert!(
        md.contains("score: `5.10`") && md.contains("`99.87%`"),
        "{md}"
    );
    let local = find(&findings, "rspamd:EXAMPLE_SITE_RULE");
    assert_eq!(
        local.severity,
        Severity::Information,
        "unknown, never a warning"
    );
    assert!(message(local, Lang::En).contains("not in our table"));
    let action = find(&findings, "x-rspamd-action=reject");
    assert_eq!(&text[action.span.clone()], "reject");
    assert!(message(action, Lang::It).contains("soglia di rifiuto"));
    assert!(
        !findings
            .iter()
            .any(|f| f.severity == Severity::Warning || f.severity == Severity::Error)
    );
}

#[test]
fn spamassassin_status_tests_report_and_level() {
    let text = fixture("stamps-junk.eml");
    let findings = spam(&text);
    let status = find(&findings, "x-spam-status=yes");
    assert!(message(status, Lang::En).contains("score 7.1 reached the threshold 5.0"));
    let bayes = find(&findings, "spamassassin:BAYES_99");
    assert_eq!(&text[bayes.span.clone()], "BAYES_99");
    assert!(message(bayes, Lang::En).contains("99 to 100%"));
    assert_eq!(bayes.severity, Severity::Hint);
    let local = find(&findings, "spamassassin:EXAMPLE_LOCAL_TEST");
    assert_eq!(local.severity, Severity::Information);
    let level = find(&findings, "x-spam-level");
    assert!(message(level, Lang::En).contains("7 stars: a score of at least 7"));

    let text = fixture("stamps-vendors.eml");
    let findings = spam(&text);
    let rule = find(&findings, "spamassassin:BAYES_00");
    assert_eq!(
        &text[rule.span.clone()],
        "-1.9 BAYES_00 BODY: Bayes spam probability is 0 to 1%"
    );
    assert!(hover(rule, Lang::En).contains("score: `-1.9`"));
}

#[test]
fn gateway_stamps_field_by_field() {
    let text = fixture("stamps-vendors.eml");
    let findings = spam(&text);
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    for code in [
        "proofpoint:verdict=not-spam",
        "proofpoint:spamscore",
        "proofpoint:mlxlogscore",
        "x-proofpoint-guid",
        "x-mimecast-spam-score",
        "mimecast:newly observed domain",
        "x-ironport-anti-spam-filtered",
        "x-ironport-anti-spam-result",
        "ironport:e",
        "barracuda:verdict=not-spam",
        "barracuda:kill_level",
        "barracuda:BSF_SC0_MISMATCH_TO",
        "barracuda:HTML_MESSAGE",
        "x-lased-spamprobability",
        "sophos:verdict=not-spam",
        "x-gm-message-state",
        "x-google-smtp-source",
        "trendmicro:verdict=not-spam",
        "x-tmase-result",
        "ovh:verdict=not-spam",
        "x-vr-spamcause",
        "x-ovh-tracer-id",
        "spamexperts:verdict=not-spam",
        "x-recommended-action",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    let newly = find(&findings, "mimecast:newly observed domain");
    assert_eq!(&text[newly.span.clone()], "Newly Observed Domain=true");
    assert_eq!(newly.severity, Severity::Information);
    let barracuda = find(&findings, "barracuda:verdict=not-spam");
    assert_eq!(
        message(barracuda, Lang::En),
        "Barracuda: not spam — score 0.50 against a threshold of 3.5"
    );
    // Barracuda runs SpamAssassin's rules: their meanings come from SpamAssassin's table.
    assert!(message(find(&findings, "barracuda:HTML_MESSAGE"), Lang::En).contains("contains HTML"));
    let google = hover(find(&findings, "x-gm-message-state"), Lang::En);
    assert!(
        google.contains("opaque") && google.contains("seen in the wild"),
        "{google}"
    );
    let opaque = hover(find(&findings, "x-ironport-anti-spam-result"), Lang::Fr);
    assert!(opaque.contains("opaque"), "{opaque}");
    // Only matched checks and unknown names are underlined: no warning, no error.
    let loud: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity != Severity::Hint)
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(loud, ["mimecast:newly observed domain"]);
}

#[test]
fn look_alikes_stay_silent() {
    let text = fixture("stamps-lookalikes.eml");
    let findings = spam(&text);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn cut_and_mangled_stamps_never_panic() {
    // Every cut of the fixtures, and the same cuts with folding and separators doubled.
    for name in ["stamps-junk.eml", "stamps-vendors.eml"] {
        let text = fixture(name);
        let mangled = text
            .replace(';', ";;(")
            .replace('=', "==")
            .replace('[', "[[");
        for source in [&text, &mangled] {
            for (at, _) in source.char_indices().step_by(3) {
                let _ = auth_findings(&source[..at]);
            }
        }
    }
}
