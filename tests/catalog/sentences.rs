//! The analysis's sentences (`catalog/{auth,message,rules,structure}/`): every key the code names exists in all four
//! languages with exactly the placeholders the code fills in, and every sentence there is used.

use std::collections::BTreeSet;

use mail_lsp::catalog::sentences::{self, placeholders};
use mail_lsp::lang::Lang;
use mail_lsp::sentence::{KeyInfo, every_key};

#[test]
fn every_sentence_file_parses() {
    for (path, text) in sentences::sources() {
        if let Err(error) = sentences::parse(path, text) {
            panic!("{error}");
        }
    }
    let total: usize = sentences::sources()
        .iter()
        .filter_map(|(path, text)| sentences::parse(path, text).ok())
        .map(|pairs| pairs.len())
        .sum();
    assert_eq!(sentences::all().len(), total, "no key is defined twice");
}

/// What is wrong between these keys, as the code declares them, and the catalog's texts.
fn key_problems<'a>(keys: impl Iterator<Item = &'a KeyInfo>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (key, args) in keys {
        if !seen.insert(*key) {
            problems.push(format!("{key}: declared twice in the code"));
        }
        let Some(texts) = sentences::all().get(*key) else {
            problems.push(format!("{key}: not in the catalog"));
            continue;
        };
        let wanted: BTreeSet<&str> = args.iter().copied().collect();
        for lang in Lang::ALL {
            let text = texts.get(lang);
            if text.is_empty() {
                problems.push(format!("{key}: empty in {}", lang.code()));
            }
            let found = placeholders(text);
            if found != wanted {
                problems.push(format!(
                    "{key} ({}): placeholders {found:?}, the code fills in {wanted:?}",
                    lang.code()
                ));
            }
        }
    }
    problems
}

#[test]
fn every_key_the_code_uses_exists_in_four_languages_with_its_placeholders() {
    let mut problems = key_problems(every_key());
    let used: BTreeSet<&str> = every_key().map(|(key, _)| *key).collect();
    for key in sentences::all().keys() {
        if !used.contains(key.as_str()) {
            problems.push(format!("{key}: in the catalog but no code names it"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_missing_key_or_a_placeholder_the_code_does_not_fill_is_reported() {
    let keys: [KeyInfo; 3] = [
        ("auth.align.spf-aligned", &["d", "from"]),
        ("auth.align.spf-relaxed", &["d", "from"]),
        ("auth.align.no-such-sentence", &[]),
    ];
    let problems = key_problems(keys.iter());
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert_eq!(
        problems[0],
        "auth.align.spf-relaxed (en): placeholders {\"d\", \"from\", \"org\"}, the code fills in {\"d\", \"from\"}"
    );
    assert_eq!(
        problems[4],
        "auth.align.no-such-sentence: not in the catalog"
    );
}

#[test]
fn the_alignment_sentence_reads_the_same_from_the_catalog() {
    let key = mail_lsp::analysis::auth::keys::align::SPF_NOT_PASSED;
    assert_eq!(key.args, ["result", "d"]);
    assert_eq!(
        sentences::say(&key, ["softfail", "bounce.example.com"], Lang::It),
        "SPF ha dato softfail per bounce.example.com"
    );
    assert_eq!(
        sentences::say(&key, ["softfail", "bounce.example.com"], Lang::Ja),
        "SPF は bounce.example.com について softfail でした"
    );
}

#[test]
fn every_sentence_file_on_disk_is_built_in() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog");
    let mut on_disk = Vec::new();
    for area in ["auth", "interface", "message", "rules", "structure"] {
        for entry in std::fs::read_dir(root.join(area))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".toml") {
                on_disk.push(format!("{area}/{name}"));
            }
        }
    }
    on_disk.sort();
    let built_in: Vec<&str> = sentences::sources().iter().map(|(path, _)| *path).collect();
    assert_eq!(
        built_in,
        [
            "auth/align.toml",
            "auth/antispam.toml",
            "auth/dkim.toml",
            "auth/signature.toml",
            "auth/verdict.toml",
            "interface/acts.toml",
            "interface/code-action.toml",
            "interface/diagnostics.toml",
            "interface/follow.toml",
            "interface/hops.toml",
            "interface/hover.toml",
            "interface/output.toml",
            "interface/present.toml",
            "interface/render.toml",
            "message/verdict.toml",
            "rules/params.toml",
            "rules/problem.toml",
            "structure/labels.toml",
        ]
    );
    assert_eq!(built_in, on_disk);
}
