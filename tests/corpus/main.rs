//! The public Sisimai bounce samples (tests/corpus/sisimai, BSD 2-Clause), read the way Sisimai
//! reads them: every literal status it asserts must be among our findings; our recipient
//! verdicts must agree with its per-recipient statuses for at least 95 % of recipients; at most
//! one extra verdict (a recipient Sisimai does not report) per 100 bounces; and the reasons must
//! agree, or differ only where [`DELIBERATE`] says why.
//!
//! Statuses of the form `x.0.9nn` are Sisimai's own classification codes and never appear in a
//! message, so they are not counted as statuses; their recipients' reasons still are. The test
//! prints its figures, a confusion list of reason disagreements with each diagnostic, and the
//! deliberate-disagreement table (`cargo test --test corpus -- --nocapture`).

use std::collections::BTreeMap;
use std::path::PathBuf;

mod flufl;

use mail_lsp::analysis::{self, DocumentKind, Finding, FindingKind};

/// Where our reason deliberately differs from Sisimai's: (sample, Sisimai's reason, ours, why).
/// Each row must still occur, so the table never goes stale.
const DELIBERATE: &[(&str, &str, &str, &str)] = &[
    (
        "lhost-exim-46.eml",
        "blocked",
        "requireptr",
        "\"Missing reverse DNS\" names the cause, and the fix is a PTR record",
    ),
    (
        "lhost-powermta-01.eml",
        "suspend",
        "userunknown",
        "the server's words say \"User Unknown\"; Sisimai follows the 5.2.1 code",
    ),
    (
        "rfc3464-01.eml",
        "mailboxfull",
        "userunknown",
        "the diagnostic is \"550 5.1.1 … User Unknown\"",
    ),
    (
        "rfc3464-64.eml",
        "networkerror",
        "hostunknown",
        "NXDOMAIN for the recipient's domain: the domain does not exist",
    ),
    (
        "rhost-gsuite-04.eml",
        "networkerror",
        "hostunknown",
        "NXDOMAIN for the recipient's domain: the domain does not exist",
    ),
    (
        "lhost-sendmail-13.eml",
        "systemerror",
        "mailererror",
        "an `X-Unix` diagnostic is a local delivery program's exit status",
    ),
    (
        "rfc3464-04.eml",
        "systemerror",
        "syntaxerror",
        "the only evidence is `Status: 5.5.0`, whose subject is the protocol",
    ),
    (
        "rfc3464-43.eml",
        "onhold",
        "systemerror",
        "`4.3.0` names the mail system as the subject",
    ),
    (
        "lhost-mfilter-04.eml",
        "rejected",
        "securityerror",
        "\"Access denied\" at the receiving edge is an access policy, not a refused sender",
    ),
    (
        "lhost-yahoo-13.eml",
        "systemerror",
        "expired",
        "\"after multiple retries, giving up\": the retries ran out",
    ),
    (
        "lhost-qmail-07.eml",
        "networkerror",
        "expired",
        "a transient 4.4.1 reported as final means the retries ran out",
    ),
    (
        "lhost-zoho-04.eml",
        "expired",
        "onhold",
        "a delay warning (\"will be retried for 4 more day(s)\"): nothing has expired yet, and \
         \"Host not reachable\" alone names no cause",
    ),
];

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/sisimai")
}

/// One row of expected.tsv.
struct Expected {
    file: String,
    statuses: Vec<String>,
    replies: Vec<String>,
    reasons: Vec<String>,
}

/// The index of the deliberate-disagreement row for this case, if there is one.
fn deliberate(file: &str, theirs: &str, ours: &str) -> Option<usize> {
    DELIBERATE
        .iter()
        .position(|(f, t, o, _)| *f == file && *t == theirs && *o == ours)
}

/// How many recipients the deliberate rows that occurred account for (a row may cover several
/// recipients of one sample).
fn deliberate_count(rows: &[Expected], seen: &std::collections::BTreeSet<usize>) -> usize {
    seen.iter()
        .map(|&i| {
            let (file, theirs, _, _) = DELIBERATE[i];
            rows.iter()
                .filter(|r| r.file == file)
                .map(|r| r.reasons.iter().filter(|reason| *reason == theirs).count())
                .sum::<usize>()
        })
        .sum()
}

/// Reasons compared with Sisimai's: agreements, documented disagreements, the rest by pair.
#[derive(Default)]
struct Reasons {
    asserted: usize,
    agreeing: usize,
    deliberate_seen: std::collections::BTreeSet<usize>,
    misses: BTreeMap<String, Vec<String>>,
}

impl Reasons {
    fn compare(&mut self, file: &str, theirs: &str, verdict: &Finding) {
        self.asserted += 1;
        let ours = verdict.context.reason.map_or("-", |r| r.as_str());
        if ours == theirs {
            self.agreeing += 1;
        } else if let Some(row) = deliberate(file, theirs, ours) {
            self.deliberate_seen.insert(row);
        } else {
            self.misses
                .entry(format!("{theirs} <- {ours}"))
                .or_default()
                .push(format!(
                    "{file} [{}]",
                    verdict.text.as_deref().unwrap_or("")
                ));
        }
    }
}

fn split(list: &str) -> Vec<String> {
    if list.is_empty() {
        Vec::new()
    } else {
        list.split(',').map(str::to_string).collect()
    }
}

fn expected() -> Vec<Expected> {
    let text = std::fs::read_to_string(corpus_dir().join("expected.tsv")).expect("expected.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut cols = line.split('\t');
            let file = cols.next().unwrap_or_default().to_string();
            let statuses = split(cols.next().unwrap_or_default());
            let replies = split(cols.next().unwrap_or_default());
            let reasons = split(cols.next().unwrap_or_default());
            Expected {
                file,
                statuses,
                replies,
                reasons,
            }
        })
        .collect()
}

/// A status Sisimai read from the message rather than one it made up (`5.0.9nn`).
fn is_literal(status: &str) -> bool {
    let parts: Vec<&str> = status.split('.').collect();
    parts.len() == 3 && !(parts[1] == "0" && parts[2].len() == 3 && parts[2].starts_with('9'))
}

fn analyse(file: &str) -> Vec<Finding> {
    let bytes = std::fs::read(corpus_dir().join("eml").join(file)).expect("sample");
    // As `check` reads a file: an 8-bit part in the charset its Content-Type declares.
    let (text, _) = mail_lsp::text::decode_lossy(bytes);
    analysis::analyze(&text, DocumentKind::Message)
}

#[test]
fn sisimai_statuses_and_verdicts() {
    let rows = expected();
    assert!(rows.len() > 200, "the corpus is there");
    let mut literal = 0usize;
    let mut found = 0usize;
    let mut recipients = 0usize;
    let mut agreeing = 0usize;
    let mut replies_asserted = 0usize;
    let mut replies_agreeing = 0usize;
    let mut reply_misses: Vec<String> = Vec::new();
    let mut reasons = Reasons::default();
    let mut missing = Vec::new();
    let mut duplicates = Vec::new();
    let mut disagreements = Vec::new();
    let mut extras = Vec::new();

    for row in &rows {
        let findings = analyse(&row.file);
        let codes: Vec<&str> = findings
            .iter()
            .filter(|f| {
                matches!(
                    f.kind,
                    FindingKind::StatusCode | FindingKind::ClassMismatch | FindingKind::Recipient
                )
            })
            .map(|f| f.code.as_str())
            .collect();
        let all_verdicts: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.kind == FindingKind::Recipient)
            .collect();
        let mut verdicts = all_verdicts.clone();

        let mut seen = Vec::new();
        for status in row.statuses.iter().filter(|s| is_literal(s)) {
            if seen.contains(&status) {
                continue;
            }
            seen.push(status);
            literal += 1;
            if codes.contains(&status.as_str()) {
                found += 1;
            } else {
                missing.push(format!(
                    "{}: {status} not found (found {codes:?})",
                    row.file
                ));
            }
        }

        for (i, status) in row.statuses.iter().enumerate() {
            if !is_literal(status) {
                continue;
            }
            recipients += 1;
            // Sisimai lists a recipient once per report of it; a bounce carrying two reports of
            // one recipient gets one verdict, which answers for both.
            let matched = match verdicts.iter().position(|v| v.code.as_str() == status) {
                Some(index) => Some(verdicts.remove(index)),
                None => all_verdicts
                    .iter()
                    .find(|v| v.code.as_str() == status)
                    .copied()
                    .inspect(|_| duplicates.push(format!("{}: {status}", row.file))),
            };
            match matched {
                Some(verdict) => {
                    agreeing += 1;
                    if let Some(reply) = row.replies.get(i).filter(|r| !r.is_empty()) {
                        replies_asserted += 1;
                        if verdict.reply.map(|r| r.to_string()).as_deref() == Some(reply.as_str()) {
                            replies_agreeing += 1;
                        } else {
                            reply_misses.push(format!(
                                "{}: {status} reply {reply}, ours {:?}",
                                row.file, verdict.reply
                            ));
                        }
                    }
                    if let Some(reason) = row.reasons.get(i) {
                        reasons.compare(&row.file, reason, verdict);
                    }
                }
                None => disagreements.push(format!(
                    "{}: expected {status}, verdicts {:?}",
                    row.file,
                    findings
                        .iter()
                        .filter(|f| f.kind == FindingKind::Recipient)
                        .map(|f| format!(
                            "{}={}",
                            f.context.recipient.as_deref().unwrap_or("?"),
                            f.code
                        ))
                        .collect::<Vec<_>>()
                )),
            }
        }
        // Recipients Sisimai reports without a literal status (auto-replies, feedback reports,
        // its own `5.0.9nn` codes) take the verdicts left over, in order; the reason is compared.
        let reported = row.statuses.len().max(row.reasons.len());
        let literal_count = row.statuses.iter().filter(|s| is_literal(s)).count();
        let unmatched_expected = reported - literal_count;
        let mut left = verdicts.iter();
        for i in (0..reported).filter(|i| !row.statuses.get(*i).is_some_and(|s| is_literal(s))) {
            let Some(verdict) = left.next() else { break };
            if let Some(reason) = row.reasons.get(i) {
                reasons.compare(&row.file, reason, verdict);
            }
        }
        // Verdicts left over after that name recipients Sisimai does not report at all.
        for extra in verdicts.iter().skip(unmatched_expected) {
            extras.push(format!(
                "{}: {}={} ({})",
                row.file,
                extra.context.recipient.as_deref().unwrap_or("?"),
                extra.code,
                extra.context.reason.map_or("-", |r| r.as_str())
            ));
        }
    }

    let percent = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    println!(
        "literal statuses found: {found}/{literal} ({:.1}%)",
        percent(found, literal)
    );
    println!(
        "recipient verdicts agreeing: {agreeing}/{recipients} ({:.1}%)",
        percent(agreeing, recipients)
    );
    println!(
        "reply codes agreeing (where asserted): {replies_agreeing}/{replies_asserted} ({:.1}%)",
        percent(replies_agreeing, replies_asserted)
    );
    for miss in &reply_misses {
        println!("    reply differs: {miss}");
    }
    println!(
        "reasons agreeing: {}/{} ({:.1}%)",
        reasons.agreeing,
        reasons.asserted,
        percent(reasons.agreeing, reasons.asserted)
    );
    let documented: usize = deliberate_count(&rows, &reasons.deliberate_seen);
    println!(
        "reasons agreeing or deliberately different: {}/{} ({:.1}%)",
        reasons.agreeing + documented,
        reasons.asserted,
        percent(reasons.agreeing + documented, reasons.asserted)
    );
    println!("deliberate disagreements with Sisimai (sample: theirs -> ours, why):");
    for (file, theirs, ours, why) in DELIBERATE {
        println!("    {file}: {theirs} -> {ours}: {why}");
    }
    for line in &duplicates {
        println!("agreeing through a repeated report of one recipient: {line}");
    }
    println!("extra verdicts: {} in {} bounces", extras.len(), rows.len());
    for line in &extras {
        println!("extra: {line}");
    }
    for line in &missing {
        println!("missing: {line}");
    }
    for line in &disagreements {
        println!("disagreement: {line}");
    }
    for (pair, files) in &reasons.misses {
        println!("reason {pair}:");
        for file in files {
            println!("    {file}");
        }
    }
    let stale: Vec<_> = DELIBERATE
        .iter()
        .enumerate()
        .filter(|(i, _)| !reasons.deliberate_seen.contains(i))
        .map(|(_, row)| row.0)
        .collect();
    assert!(
        stale.is_empty(),
        "deliberate rows that no longer occur: {stale:?}"
    );
    assert!(
        extras.len() * 100 <= rows.len(),
        "{} extra verdicts in {} bounces",
        extras.len(),
        rows.len()
    );
    assert!(
        percent(replies_agreeing, replies_asserted) >= 97.0,
        "reply codes agree on {:.1}%, under 97%: {reply_misses:#?}",
        percent(replies_agreeing, replies_asserted)
    );
    assert!(
        percent(reasons.agreeing, reasons.asserted) >= 91.0,
        "reasons agree on {:.1}%, under the 91% floor",
        percent(reasons.agreeing, reasons.asserted)
    );
    assert!(
        percent(reasons.agreeing + documented, reasons.asserted) >= 96.5,
        "reasons agree or differ deliberately on {:.1}%, under 96.5%",
        percent(reasons.agreeing + documented, reasons.asserted)
    );
    assert!(
        missing.is_empty(),
        "{} literal statuses not found",
        missing.len()
    );
    assert!(
        percent(agreeing, recipients) >= 95.0,
        "verdict agreement {:.1}% is under 95%",
        percent(agreeing, recipients)
    );
}

#[test]
fn every_sample_is_analysed_without_panicking_and_spans_are_in_bounds() {
    for row in expected() {
        let bytes = std::fs::read(corpus_dir().join("eml").join(&row.file)).expect("sample");
        // As `check` reads a file: an 8-bit part in the charset its Content-Type declares.
        let (text, _) = mail_lsp::text::decode_lossy(bytes);
        for finding in analysis::analyze(&text, DocumentKind::Message) {
            assert!(
                finding.span.end <= text.len() && text.get(finding.span.clone()).is_some(),
                "{}: {:?}",
                row.file,
                finding.span
            );
        }
    }
}

/// `SAMPLE=lhost-exim-01.eml cargo test --test corpus show_sample -- --ignored --nocapture`
/// prints what mail-lsp finds in one sample.
#[test]
#[ignore]
fn show_sample() {
    let file = std::env::var("SAMPLE").unwrap_or_else(|_| "lhost-postfix-04.eml".into());
    let bytes = std::fs::read(corpus_dir().join("eml").join(&file)).expect("sample");
    // As `check` reads a file: an 8-bit part in the charset its Content-Type declares.
    let (text, _) = mail_lsp::text::decode_lossy(bytes);
    for finding in analysis::analyze(&text, DocumentKind::Message) {
        println!(
            "{:?} {} {:?} {:?} {:?} {:?}",
            finding.kind,
            finding.code,
            finding.reply,
            &text[finding.span.clone()],
            finding.context,
            finding.text
        );
    }
}
