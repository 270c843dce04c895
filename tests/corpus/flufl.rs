//! Mailman's bounce samples (tests/corpus/flufl, Apache 2.0): for each message, the addresses
//! that failed permanently and temporarily must be the ones flufl.bounce's tests assert, no more
//! and no fewer. A verdict counts by its recipient or by the original recipient it names, since
//! flufl.bounce reports whichever address the list sent to. Messages that are not bounces must
//! give no failed or delayed verdict.

use std::collections::BTreeSet;
use std::path::PathBuf;

use mail_lsp::analysis::{self, Detail, DocumentKind, FindingKind};
use mail_lsp::delivery::{Action, Reason};

/// The messages where the two readings may differ, with why. Each row must still differ.
const KNOWN: &[(&str, &str)] = &[
    (
        "aol_01.txt",
        "AOL lists the recipient as a bare screen name; we do not guess its domain",
    ),
    (
        "yale_01.txt",
        "a bare local part; the addresses in Yale's help text are examples, not recipients",
    ),
    (
        "llnl_01.txt",
        "the directory lookup's suggestions are named in the prose like recipients",
    ),
    (
        "simple_20.txt",
        "a non-delivery notice whose subject starts with RE: reads as a reply in a thread",
    ),
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/flufl")
}

fn split(list: &str) -> BTreeSet<String> {
    list.split(',')
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// A verdict's recipient and the names it goes by, lower-cased.
struct Named {
    recipient: String,
    names: BTreeSet<String>,
}

/// True when the verdicts name exactly the expected addresses.
fn same(verdicts: &[Named], expected: &BTreeSet<String>) -> bool {
    let covered: BTreeSet<&String> = verdicts.iter().flat_map(|v| &v.names).collect();
    expected.iter().all(|a| covered.contains(a))
        && verdicts
            .iter()
            .all(|v| v.names.iter().any(|n| expected.contains(n)))
}

#[test]
fn flufl_bounce_failures_agree() {
    let table = std::fs::read_to_string(dir().join("expected.tsv")).expect("expected.tsv");
    let mut agreeing = 0usize;
    let mut total = 0usize;
    let mut differing = Vec::new();
    for line in table.lines().skip(1) {
        let mut cells = line.split('\t');
        let (Some(file), permanent, temporary) = (cells.next(), cells.next(), cells.next()) else {
            continue;
        };
        let permanent = split(permanent.unwrap_or_default());
        let temporary = split(temporary.unwrap_or_default());
        let bytes = std::fs::read(dir().join("data").join(file)).expect("sample");
        // As `check` reads a file: an 8-bit part in the charset its Content-Type declares.
        let (text, _) = mail_lsp::text::decode_lossy(bytes);
        let findings = analysis::analyze(&text, DocumentKind::Message);
        let mut failed = Vec::new();
        let mut delayed = Vec::new();
        for finding in findings.iter().filter(|f| f.kind == FindingKind::Recipient) {
            let Some(Detail::Recipient(verdict)) = &finding.detail else {
                continue;
            };
            let recipient = verdict.recipient.to_ascii_lowercase();
            let mut names = BTreeSet::from([recipient.clone()]);
            names.extend(
                verdict
                    .original_recipient
                    .iter()
                    .map(|o| o.to_ascii_lowercase()),
            );
            let named = Named { recipient, names };
            match verdict.action {
                Some(Action::Failed) => failed.push(named),
                Some(Action::Delayed) => delayed.push(named),
                _ => {}
            }
        }
        total += 1;
        if same(&failed, &permanent) && same(&delayed, &temporary) {
            agreeing += 1;
            assert!(
                !KNOWN.iter().any(|(known, _)| *known == file),
                "{file} now agrees: remove it from KNOWN"
            );
        } else {
            let list = |v: &[Named]| v.iter().map(|n| n.recipient.clone()).collect::<Vec<_>>();
            differing.push(format!(
                "{file}: expected failed {permanent:?} delayed {temporary:?}; got failed {:?} delayed {:?}",
                list(&failed),
                list(&delayed)
            ));
        }
    }
    println!("flufl.bounce samples agreeing: {agreeing}/{total}");
    for line in &differing {
        println!("  {line}");
    }
    assert_eq!(total, 116, "every sample is read");
    let unexplained: Vec<&String> = differing
        .iter()
        .filter(|line| {
            !KNOWN
                .iter()
                .any(|(file, _)| line.starts_with(&format!("{file}:")))
        })
        .collect();
    assert!(
        unexplained.is_empty(),
        "differences not in KNOWN: {unexplained:#?}"
    );
}

/// The reasons of our verdicts, by (file, recipient), lower-cased.
fn our_reasons(file: &str) -> Vec<(String, Option<Reason>)> {
    let bytes = std::fs::read(dir().join("data").join(file)).expect("sample");
    let (text, _) = mail_lsp::text::decode_lossy(bytes);
    analysis::analyze(&text, DocumentKind::Message)
        .iter()
        .filter_map(|finding| match &finding.detail {
            Some(Detail::Recipient(verdict)) => {
                Some((verdict.recipient.to_ascii_lowercase(), verdict.reason))
            }
            _ => None,
        })
        .collect()
}

/// Sisimai 4.25.15 (Debian's libsisimai-perl) read the same samples; `sisimai-4.25.tsv` holds its
/// recipients and reasons. Where both name a recipient, the reasons must mostly agree: this set is
/// older and more varied than the one the reason rules were written on. Sisimai's own
/// `undefined` (no reason found) is counted as a disagreement too.
#[test]
fn flufl_reasons_agree_with_sisimai() {
    let table = std::fs::read_to_string(dir().join("sisimai-4.25.tsv")).expect("sisimai-4.25.tsv");
    let mut ours_by_file = std::collections::BTreeMap::new();
    let (mut both, mut agreeing) = (0usize, 0usize);
    let mut confusion: std::collections::BTreeMap<(String, String), Vec<String>> =
        Default::default();
    for line in table.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let [file, recipient, _status, theirs] = cells[..] else {
            continue;
        };
        let ours = ours_by_file
            .entry(file.to_string())
            .or_insert_with(|| our_reasons(file));
        let Some((_, reason)) = ours.iter().find(|(r, _)| r == recipient) else {
            continue;
        };
        both += 1;
        let reason = reason.map_or("(none)", |r| r.as_str()).to_string();
        if reason == theirs {
            agreeing += 1;
        } else {
            confusion
                .entry((theirs.to_string(), reason))
                .or_default()
                .push(file.to_string());
        }
    }
    println!("reasons agreeing with Sisimai 4.25 on the flufl set: {agreeing}/{both}");
    for ((theirs, ours), files) in &confusion {
        println!("  {theirs} -> {ours}: {}", files.join(", "));
    }
    assert!(both >= 115, "recipients named by both readings: {both}");
    assert!(
        agreeing * 100 >= both * 86,
        "reasons agree on {agreeing}/{both}, under 86%"
    );
}
