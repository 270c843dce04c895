//! One house style per language: the glossary's terms (catalog/style/glossary.toml), Italian in
//! the impersonal form, Japanese steps that ask politely, French typography, in every built-in
//! text and in the labels around them.

use std::collections::BTreeMap;

use mail_lsp::analysis::Provider;
use mail_lsp::catalog::{self, Entry, Query};
use mail_lsp::lang::Lang;
use serde::Deserialize;

const GLOSSARY: &str = include_str!("../../catalog/style/glossary.toml");

#[derive(Deserialize)]
struct Glossary {
    term: Vec<Term>,
    italian: Italian,
    japanese: Japanese,
    french: French,
}

#[derive(Deserialize)]
struct Term {
    concept: String,
    en: String,
    fr: String,
    it: String,
    ja: String,
    #[serde(default)]
    avoid: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct Italian {
    avoid_words: Vec<String>,
    avoid_openers: Vec<String>,
}

#[derive(Deserialize)]
struct Japanese {
    step_ending: String,
    no_action_ending: String,
    avoid: Vec<String>,
    title_avoid_endings: Vec<String>,
}

#[derive(Deserialize)]
struct French {
    space_before: Vec<char>,
}

fn glossary() -> Glossary {
    toml::from_str(GLOSSARY).unwrap_or_else(|e| panic!("catalog/style/glossary.toml: {e}"))
}

/// Every text of every built-in entry in one language, with where it sits.
fn texts(lang: Lang) -> Vec<(String, &'static str, &'static str)> {
    let mut out = Vec::new();
    for entry in catalog::builtin().entries() {
        let at = format!("{}:{} {:?}", entry.source.file, entry.line, entry.codes);
        let entry: &'static Entry = entry;
        out.push((at.clone(), "title", entry.title.get(lang).as_str()));
        out.push((at.clone(), "cause", entry.cause.get(lang).as_str()));
        for step in entry.steps.get(lang) {
            out.push((at.clone(), "steps", step.as_str()));
        }
        if let Some(admin) = &entry.admin_steps {
            for step in admin.get(lang) {
                out.push((at.clone(), "admin_steps", step.as_str()));
            }
        }
    }
    // The spam stamp tables (catalog/stamps/) follow the same house style.
    for table in catalog::stamps::all() {
        let maps = [&table.fields, &table.symbols, &table.values];
        for (key, meaning) in maps.iter().flat_map(|m| m.iter()) {
            let at = format!("catalog/stamps/{}.toml {key}", table.vendor);
            out.push((at, "stamp", meaning.get(lang)));
        }
    }
    out
}

/// The analysis's sentences (`catalog/{auth,message,rules,structure}/`) in one language. They
/// were moved from the code as they were written, so for now only the glossary's avoided forms
/// are checked on them; the punctuation and register checks are not yet met there.
fn sentences(lang: Lang) -> Vec<(String, &'static str, &'static str)> {
    catalog::sentences::all()
        .iter()
        .map(|(key, texts)| (key.clone(), "sentence", texts.get(lang)))
        .collect()
}

fn fail_on(problems: Vec<String>, what: &str) {
    assert!(
        problems.is_empty(),
        "{} {what}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_glossary_names_every_concept_in_four_languages() {
    let glossary = glossary();
    assert!(glossary.term.len() >= 12);
    for term in &glossary.term {
        for (lang, word) in [
            ("en", &term.en),
            ("fr", &term.fr),
            ("it", &term.it),
            ("ja", &term.ja),
        ] {
            assert!(!word.trim().is_empty(), "{} in {lang}", term.concept);
        }
        for (lang, avoided) in &term.avoid {
            let preferred = match lang.as_str() {
                "fr" => &term.fr,
                "it" => &term.it,
                "ja" => &term.ja,
                other => panic!("{}: unknown language {other}", term.concept),
            };
            assert!(
                !avoided.contains(preferred),
                "{}: {preferred} is both preferred and avoided",
                term.concept
            );
        }
    }
}

#[test]
fn no_built_in_text_uses_a_form_the_glossary_avoids() {
    let glossary = glossary();
    let mut problems = Vec::new();
    for lang in [Lang::Fr, Lang::It, Lang::Ja] {
        let avoided: Vec<(&str, &str)> = glossary
            .term
            .iter()
            .flat_map(|t| {
                t.avoid
                    .get(lang.code())
                    .into_iter()
                    .flatten()
                    .map(move |a| (t.concept.as_str(), a.as_str()))
            })
            .collect();
        for (at, field, text) in texts(lang).into_iter().chain(sentences(lang)) {
            for (concept, form) in &avoided {
                if text.contains(form) {
                    problems.push(format!(
                        "{at} {field} ({lang:?}): “{form}” for {concept}: {text}"
                    ));
                }
            }
        }
    }
    fail_on(problems, "texts use an avoided term");
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphabetic() || c == '\''))
        .flat_map(|w| w.rsplit('\''))
        .filter(|w| !w.is_empty())
}

/// The first word of the text and of every sentence or labelled clause in it.
fn openers(text: &str) -> Vec<&str> {
    text.split([':', '.', ';', '?', '!'])
        .filter_map(|part| words(part).next())
        .collect()
}

#[test]
fn italian_speaks_impersonally() {
    let glossary = glossary();
    let mut problems = Vec::new();
    for (at, field, text) in texts(Lang::It) {
        for word in words(text) {
            if glossary
                .italian
                .avoid_words
                .iter()
                .any(|a| a.eq_ignore_ascii_case(word))
            {
                problems.push(format!("{at} {field}: “{word}”: {text}"));
            }
        }
        if field.ends_with("steps") {
            for opener in openers(text) {
                if glossary.italian.avoid_openers.iter().any(|a| a == opener) {
                    problems.push(format!("{at} {field}: opens with “{opener}”: {text}"));
                }
            }
        }
    }
    fail_on(problems, "Italian texts address the reader as tu or voi");
}

#[test]
fn japanese_steps_ask_politely_and_titles_are_plain() {
    let glossary = glossary();
    let style = &glossary.japanese;
    let mut problems = Vec::new();
    for (at, field, text) in texts(Lang::Ja) {
        for form in &style.avoid {
            if text.contains(form.as_str()) {
                problems.push(format!("{at} {field}: “{form}”: {text}"));
            }
        }
        if field.ends_with("steps") {
            // The instruction is the first sentence; an explanation may follow it.
            let first = text.split_inclusive('。').next().unwrap_or(text);
            let first = first.trim_end_matches('。');
            let first = match first.rfind('（') {
                Some(at) if first.ends_with('）') => &first[..at],
                _ => first,
            };
            if !first.ends_with(style.step_ending.as_str())
                && !first.ends_with(style.no_action_ending.as_str())
            {
                problems.push(format!("{at} {field}: the step does not ask: {text}"));
            }
        }
        if field == "title" {
            let plain = match text.rfind('（') {
                Some(at) if text.ends_with('）') && at > 0 => &text[..at],
                _ => text,
            };
            if let Some(ending) = style
                .title_avoid_endings
                .iter()
                .find(|e| plain.ends_with(e.as_str()))
            {
                problems.push(format!("{at} title ends with “{ending}”: {text}"));
            }
        }
    }
    fail_on(problems, "Japanese texts leave the house style");
}

/// Places where a French mark that needs a no-break space has an ordinary one or none.
fn french_spacing_problems(text: &str, marks: &[char]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut problems = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !marks.contains(&c) {
            continue;
        }
        // Only marks that end a clause: `v=DMARC1; p=none`, `?all` or `https:` are not prose.
        let ends_clause = chars
            .get(i + 1)
            .is_none_or(|n| n.is_whitespace() || matches!(n, ')' | '»' | '*'));
        let before = i.checked_sub(1).map(|b| chars[b]);
        if ends_clause && before == Some(' ') {
            let start = i.saturating_sub(20);
            problems.push(chars[start..=i].iter().collect());
        }
    }
    problems
}

#[test]
fn french_puts_a_no_break_space_before_double_marks() {
    let marks = glossary().french.space_before;
    let mut problems = Vec::new();
    for (at, field, text) in texts(Lang::Fr) {
        for place in french_spacing_problems(text, &marks) {
            problems.push(format!("{at} {field}: “{place}”"));
        }
    }
    // The labels around the texts too.
    let answer = catalog::builtin()
        .lookup(&Query {
            code: "4.4.7",
            text: Some("Message expired"),
            provider: Some(Provider::Microsoft),
            reply: None,
        })
        .expect("4.4.7");
    for rendered in [
        catalog::render_markdown(&answer, "4.4.7", None, Lang::Fr),
        catalog::render_plain(&answer, "4.4.7", None, Lang::Fr),
    ] {
        for place in french_spacing_problems(&rendered, &marks) {
            problems.push(format!("label: “{place}”"));
        }
        assert!(rendered.contains("Qui doit agir\u{a0}:"), "{rendered}");
    }
    fail_on(problems, "French marks lack their no-break space");
}

#[test]
fn the_class_line_does_not_repeat_its_label() {
    let answer = catalog::builtin()
        .lookup(&Query {
            code: "5.9.999",
            ..Query::default()
        })
        .expect("class meaning");
    let answer = catalog::builtin()
        .lookup(&Query {
            code: "5.1.1",
            ..Query::default()
        })
        .unwrap_or(answer);
    for lang in Lang::ALL {
        let plain = catalog::render_plain(&answer, "5.1.1", None, lang);
        for doubled in [
            "Class: Class",
            "Classe\u{a0}: Classe",
            "Classe: Classe",
            "クラス: クラス",
        ] {
            assert!(!plain.contains(doubled), "{lang:?}: {plain}");
        }
    }
}
