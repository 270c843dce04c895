//! The analysis's sentences as catalog data (`catalog/{auth,message,rules,structure}/*.toml`): one table per sentence, its
//! key the file's path and the table's (`catalog/auth/align.toml` `[spf-aligned]` is
//! `auth.align.spf-aligned`), with `{name}` where a value goes. The analysis names a
//! [`Key`] and its values; this module puts them into words, so a translator edits TOML, not
//! Rust.
//!
//! A key missing from the files, or a language missing from a key, never fails at run time: the
//! English text stands in, then the key itself, and the gap is logged at debug. The catalog test
//! (`every_key_the_code_uses_exists_in_four_languages_with_its_placeholders`) keeps both from
//! happening.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::Deserialize as _;

use crate::lang::Lang;
use crate::sentence::{Key, Sentence};

/// One sentence in the four languages.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub en: String,
    pub fr: String,
    pub it: String,
    pub ja: String,
}

impl Texts {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::It => &self.it,
            Lang::Ja => &self.ja,
        }
    }
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/sentence_files.rs"));
}

/// The built-in files, by path under `catalog/` (every `.toml` of `auth/`, `message/`, `rules/`
/// and `structure/`, embedded by `build.rs`).
const SOURCES: &[(&str, &str)] = embedded::FILES;

/// The built-in files as (path under `catalog/`, text), for validation.
pub fn sources() -> &'static [(&'static str, &'static str)] {
    SOURCES
}

/// Reads one file into (key, texts) pairs; the key prefix is the file's path without `.toml`.
pub fn parse(path: &str, text: &str) -> Result<Vec<(String, Texts)>, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| format!("{path}: {e}"))?;
    let prefix = path.trim_end_matches(".toml").replace('/', ".");
    let mut out = Vec::new();
    collect(&prefix, &table, &mut out).map_err(|e| format!("{path}: {e}"))?;
    Ok(out)
}

/// A table holding `en` is a sentence; any other table groups sentences under its name.
fn collect(
    prefix: &str,
    table: &toml::Table,
    out: &mut Vec<(String, Texts)>,
) -> Result<(), String> {
    for (name, value) in table {
        let key = format!("{prefix}.{name}");
        let toml::Value::Table(inner) = value else {
            return Err(format!("`{key}` is not a table of texts"));
        };
        if inner.contains_key("en") {
            let texts = Texts::deserialize(toml::Value::Table(inner.clone()))
                .map_err(|e| format!("`{key}`: {e}"))?;
            out.push((key, texts));
        } else {
            collect(&key, inner, out)?;
        }
    }
    Ok(())
}

/// Every built-in sentence by key, parsed once. A file that does not parse is left out and
/// logged (the catalog test keeps them valid), so the server never goes down over it.
pub fn all() -> &'static BTreeMap<String, Texts> {
    static ALL: LazyLock<BTreeMap<String, Texts>> = LazyLock::new(|| {
        let mut all = BTreeMap::new();
        for (path, text) in SOURCES {
            match parse(path, text) {
                Ok(pairs) => all.extend(pairs),
                Err(error) => tracing::error!("built-in sentences: {error}"),
            }
        }
        all
    });
    &ALL
}

/// The text of `key` in `lang`, before its values are put in: English when the language is
/// missing, the key itself when the key is.
pub fn text(key: &'static str, lang: Lang) -> &'static str {
    match all().get(key) {
        Some(texts) => {
            let text = texts.get(lang);
            if text.is_empty() {
                tracing::debug!("sentence {key} has no {} text", lang.code());
                &texts.en
            } else {
                text
            }
        }
        None => {
            tracing::debug!("sentence {key} is not in the catalog");
            key
        }
    }
}

/// A sentence that takes no values, in `lang`.
pub fn word(key: &Key<0>, lang: Lang) -> &'static str {
    text(key.id, lang)
}

/// A key with its values, in `lang`.
pub fn say<const N: usize>(key: &Key<N>, values: [&str; N], lang: Lang) -> String {
    render(&key.with(values), lang)
}

/// A sentence in `lang` with its values put in. Each `{name}` is replaced once, left to right,
/// so a value that itself holds `{…}` is never read as a placeholder; a `{name}` without a
/// value stays as written.
pub fn render(sentence: &Sentence, lang: Lang) -> String {
    let template = text(sentence.key, lang);
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, from_brace) = rest.split_at(open);
        out.push_str(before);
        let value = from_brace.find('}').and_then(|close| {
            let name = from_brace.get(1..close)?;
            let (_, value) = sentence.args.iter().find(|(n, _)| *n == name)?;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = from_brace.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = from_brace.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a text.
pub fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or_default();
        match after.find('}') {
            Some(close) => {
                let name = after.get(..close).unwrap_or_default();
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    names.insert(name);
                }
                rest = after;
            }
            None => break,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALIGNED: Key<2> = Key::new("auth.align.spf-aligned", ["d", "from"]);
    const ABSENT: Key<0> = Key::new("auth.align.not-a-key", []);

    #[test]
    fn a_sentence_is_rendered_with_its_values_in_each_language() {
        assert_eq!(
            say(&ALIGNED, ["mail.example.com", "example.com"], Lang::En),
            "SPF passed for mail.example.com, which is aligned with example.com"
        );
        assert_eq!(
            say(&ALIGNED, ["mail.example.com", "example.com"], Lang::Fr),
            "SPF a réussi pour mail.example.com, aligné sur example.com"
        );
    }

    #[test]
    fn a_value_holding_braces_is_not_read_as_a_placeholder() {
        assert_eq!(
            say(&ALIGNED, ["{from}", "example.com"], Lang::En),
            "SPF passed for {from}, which is aligned with example.com"
        );
    }

    #[test]
    fn a_missing_key_reads_as_the_key_rather_than_failing() {
        assert_eq!(word(&ABSENT, Lang::Ja), "auth.align.not-a-key");
    }

    #[test]
    fn placeholders_are_the_names_in_braces() {
        assert_eq!(
            placeholders("SPF gave {result} for {d} {not a name} {"),
            BTreeSet::from(["d", "result"])
        );
    }
}
