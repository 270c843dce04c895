//! Reading catalog files: TOML in, validated entries out, every problem reported with file:line.

use crate::delivery::Reason;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::model::{CodeKey, Entry, FixOwner, Localized, Source, SourceRole};

/// A problem in a catalog file, located so an editor or terminal can jump to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    source: Spanned<RawSource>,
    #[serde(default)]
    entry: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    provider: Option<String>,
    name: RawLocalized<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocalized<T> {
    en: Option<T>,
    fr: Option<T>,
    it: Option<T>,
    ja: Option<T>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    codes: Vec<String>,
    reply: Option<u16>,
    #[serde(default, rename = "match")]
    matches: Vec<String>,
    response: Option<OneOrMany>,
    fix_owner: Option<FixOwner>,
    reason: Option<String>,
    #[serde(default)]
    links: Vec<String>,
    title: RawLocalized<String>,
    cause: RawLocalized<String>,
    steps: RawLocalized<Vec<String>>,
    admin_steps: Option<RawLocalized<Vec<String>>>,
}

/// `response = "…"` or, for a row that stands for several codes, `response = ["…", "…"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

/// Reads and validates a user catalog file from disk.
pub fn load_file(path: &Path) -> Result<Vec<Entry>, Vec<CatalogError>> {
    let name = path.display().to_string();
    // Only regular files of sane size: a FIFO would block and a device would never end.
    const MAX_CATALOG_BYTES: u64 = 16 << 20;
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(vec![CatalogError {
                file: name,
                line: 0,
                message: "not a regular file".into(),
            }]);
        }
        Ok(meta) if meta.len() > MAX_CATALOG_BYTES => {
            return Err(vec![CatalogError {
                file: name,
                line: 0,
                message: format!("larger than {MAX_CATALOG_BYTES} bytes"),
            }]);
        }
        _ => {}
    }
    let bytes = std::fs::read(path).map_err(|e| {
        vec![CatalogError {
            file: name.clone(),
            line: 0,
            message: format!("cannot read the catalog: {e}"),
        }]
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        vec![CatalogError {
            file: name.clone(),
            line: 0,
            message: "the catalog is not valid UTF-8".into(),
        }]
    })?;
    parse_source(&name, &text, SourceRole::Extra)
}

/// Parses one catalog file. Every entry is checked; all problems are returned together.
pub fn parse_source(
    file: &str,
    text: &str,
    role: SourceRole,
) -> Result<Vec<Entry>, Vec<CatalogError>> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let error = |offset: usize, message: String| CatalogError {
        file: file.to_string(),
        line: line_of(offset),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |span| span.start);
        vec![error(offset, e.message().to_string())]
    })?;
    let mut errors = Vec::new();
    let source_at = raw.source.span().start;
    let raw_source = raw.source.into_inner();
    let name = localized(raw_source.name, "source.name", |s: &String| {
        s.trim().is_empty()
    })
    .unwrap_or_else(|message| {
        errors.push(error(source_at, message));
        Localized::default()
    });
    let source = Arc::new(Source {
        id: raw_source.id,
        file: file.to_string(),
        provider: raw_source.provider.map(|p| p.to_ascii_lowercase()),
        name,
        role,
    });
    let mut entries = Vec::new();
    for spanned in raw.entry {
        let at = spanned.span().start;
        let line = line_of(at);
        match build_entry(spanned.into_inner(), &source, line) {
            Ok(entry) => entries.push(entry),
            Err(messages) => errors.extend(messages.into_iter().map(|m| error(at, m))),
        }
    }
    errors.extend(ambiguities(&entries, file));
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

fn localized<T>(
    raw: RawLocalized<T>,
    field: &str,
    empty: impl Fn(&T) -> bool,
) -> Result<Localized<T>, String> {
    let missing: Vec<&str> = [
        ("en", &raw.en),
        ("fr", &raw.fr),
        ("it", &raw.it),
        ("ja", &raw.ja),
    ]
    .into_iter()
    .filter(|(_, value)| value.as_ref().is_none_or(&empty))
    .map(|(lang, _)| lang)
    .collect();
    match (raw.en, raw.fr, raw.it, raw.ja) {
        (Some(en), Some(fr), Some(it), Some(ja)) if missing.is_empty() => {
            Ok(Localized { en, fr, it, ja })
        }
        _ => Err(format!(
            "`{field}` is missing or empty in: {}",
            missing.join(", ")
        )),
    }
}

fn build_entry(raw: RawEntry, source: &Arc<Source>, line: usize) -> Result<Entry, Vec<String>> {
    let mut problems = Vec::new();
    if raw.codes.is_empty() {
        problems.push("`codes` is empty".to_string());
    }
    let mut keys = Vec::new();
    for code in &raw.codes {
        match CodeKey::parse(code) {
            Ok(key) => keys.push(key),
            Err(message) => problems.push(message),
        }
    }
    if keys.contains(&CodeKey::TextOnly) && raw.matches.is_empty() {
        problems.push("an `n/a` entry needs `match` patterns to be found".into());
    }
    for link in &raw.links {
        if !is_https_url(link) {
            problems.push(format!("link `{link}` is not a well-formed https URL"));
        }
    }
    let responses = raw.response.map(OneOrMany::into_vec).unwrap_or_default();
    if responses.iter().any(|r| r.trim().is_empty()) {
        problems.push("`response` holds an empty text".into());
    }
    let reason = match raw
        .reason
        .as_deref()
        .map(|name| (name, Reason::from_name(name)))
    {
        Some((name, None)) => {
            problems.push(format!("`{name}` is not a reason class"));
            None
        }
        Some((_, reason)) => reason,
        None => None,
    };
    if let Some(reply) = raw.reply.filter(|r| !(200..=599).contains(r)) {
        problems.push(format!("reply code {reply} is outside 200-599"));
    }
    let empty_text = |s: &String| s.trim().is_empty();
    let empty_list = |l: &Vec<String>| l.is_empty() || l.iter().any(|s| s.trim().is_empty());
    let title = localized(raw.title, "title", empty_text)
        .map_err(|m| problems.push(m))
        .ok();
    let cause = localized(raw.cause, "cause", empty_text)
        .map_err(|m| problems.push(m))
        .ok();
    let steps = localized(raw.steps, "steps", empty_list)
        .map_err(|m| problems.push(m))
        .ok();
    let admin_steps = match raw.admin_steps {
        Some(admin) => localized(admin, "admin_steps", empty_list)
            .map_err(|m| problems.push(m))
            .ok(),
        None => None,
    };
    if let Some(steps) = &steps {
        let counts = [
            steps.en.len(),
            steps.fr.len(),
            steps.it.len(),
            steps.ja.len(),
        ];
        if counts.iter().any(|&c| c != counts[0]) {
            problems.push(format!(
                "`steps` have different lengths per language (en/fr/it/ja: {counts:?})"
            ));
        }
    }
    match (title, cause, steps) {
        (Some(title), Some(cause), Some(steps)) if problems.is_empty() => Ok(Entry {
            source: source.clone(),
            line,
            keys,
            codes: raw.codes,
            reply: raw.reply,
            matches: raw
                .matches
                .iter()
                .map(|m| m.to_lowercase())
                .filter(|m| !m.is_empty())
                .collect(),
            responses,
            fix_owner: raw.fix_owner.unwrap_or(FixOwner::None),
            reason,
            links: raw.links,
            title,
            cause,
            steps,
            admin_steps,
        }),
        _ => Err(problems),
    }
}

/// A link the hover can open: `https://host/...` with no spaces.
pub(crate) fn is_https_url(link: &str) -> bool {
    let Some(rest) = link.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && host.contains('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !link
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
}

/// Entries of one file that a lookup could not tell apart: the same code (or overlapping ranges)
/// without distinct `match` patterns.
fn ambiguities(entries: &[Entry], file: &str) -> Vec<CatalogError> {
    let mut errors = Vec::new();
    for (i, a) in entries.iter().enumerate() {
        for b in &entries[i + 1..] {
            let clash = a
                .keys
                .iter()
                .any(|ka| b.keys.iter().any(|kb| overlaps(ka, kb)));
            if !clash {
                continue;
            }
            // One general row without patterns may sit beside specific rows with patterns.
            let told_apart =
                (!a.matches.is_empty() || !b.matches.is_empty()) && a.matches != b.matches;
            if !told_apart {
                errors.push(CatalogError {
                    file: file.to_string(),
                    line: b.line,
                    message: format!(
                        "entry {:?} answers for the same code as the entry at line {} without distinct `match` patterns",
                        b.codes, a.line
                    ),
                });
            }
        }
    }
    errors
}

fn overlaps(a: &CodeKey, b: &CodeKey) -> bool {
    use CodeKey::*;
    match (a, b) {
        (
            Range {
                class,
                subject,
                lo,
                hi,
            },
            Range {
                class: c2,
                subject: s2,
                lo: l2,
                hi: h2,
            },
        ) => class == c2 && subject == s2 && lo <= h2 && l2 <= hi,
        (TextOnly, TextOnly) => true,
        (Range { .. }, _) | (_, Range { .. }) => false,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[source]
id = "acme"
name.en = "Acme"
name.fr = "Acme"
name.it = "Acme"
name.ja = "Acme"

[[entry]]
codes = ["5.7.950"]
reply = 550
links = ["https://intranet.acme.example/mail/5-7-950"]
title.en = "Blocked by the Acme gateway"
title.fr = "Bloqué par la passerelle Acme"
title.it = "Bloccato dal gateway Acme"
title.ja = "Acme ゲートウェイによるブロック"
cause.en = "c"
cause.fr = "c"
cause.it = "c"
cause.ja = "c"
steps.en = ["s"]
steps.fr = ["s"]
steps.it = ["s"]
steps.ja = ["s"]
"#;

    #[test]
    fn a_complete_user_catalog_loads() {
        let entries = parse_source("acme.toml", GOOD, SourceRole::Extra).expect("valid");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].line, 9);
        assert_eq!(entries[0].title.fr, "Bloqué par la passerelle Acme");
    }

    #[test]
    fn a_reason_must_be_one_of_the_reason_classes() {
        let named = GOOD.replace("reply = 550\n", "reply = 550\nreason = \"Blocked\"\n");
        let entries = parse_source("acme.toml", &named, SourceRole::Extra).expect("valid");
        assert_eq!(entries[0].reason, Some(Reason::Blocked));
        let unknown = GOOD.replace("reply = 550\n", "reply = 550\nreason = \"blokced\"\n");
        let errors = parse_source("acme.toml", &unknown, SourceRole::Extra).unwrap_err();
        assert!(
            errors[0]
                .message
                .contains("`blokced` is not a reason class"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_missing_language_is_reported_with_its_line() {
        let broken = GOOD.replace("title.ja = \"Acme ゲートウェイによるブロック\"\n", "");
        let errors = parse_source("acme.toml", &broken, SourceRole::Extra).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 9);
        assert!(
            errors[0].message.contains("`title`") && errors[0].message.contains("ja"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn syntax_errors_and_bad_links_are_located() {
        let errors = parse_source("acme.toml", "[source]\nid = \n", SourceRole::Extra).unwrap_err();
        assert_eq!(errors[0].line, 2, "{}", errors[0]);
        let http = GOOD.replace("https://intranet", "http://intranet");
        let errors = parse_source("acme.toml", &http, SourceRole::Extra).unwrap_err();
        assert!(errors[0].message.contains("https"), "{}", errors[0]);
    }

    #[test]
    fn two_entries_for_one_code_need_distinct_patterns() {
        let doubled = format!("{GOOD}\n{}", &GOOD[GOOD.find("[[entry]]").unwrap()..]);
        let errors = parse_source("acme.toml", &doubled, SourceRole::Extra).unwrap_err();
        assert!(
            errors[0].message.contains("without distinct `match`"),
            "{}",
            errors[0]
        );
        // A specific row with patterns beside the general row is fine.
        let second = &GOOD[GOOD.find("[[entry]]").unwrap()..];
        let specific = second.replace("reply = 550", "reply = 550\nmatch = [\"quota\"]");
        assert!(
            parse_source(
                "acme.toml",
                &format!("{GOOD}\n{specific}"),
                SourceRole::Extra
            )
            .is_ok()
        );
    }
}
