//! The catalog's data model, independent of the file format it is read from.

use std::collections::HashMap;
use std::sync::Arc;

use crate::lang::Lang;

/// A text in each of the four languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct Localized<T> {
    pub en: T,
    pub fr: T,
    pub it: T,
    pub ja: T,
}

impl<T> Localized<T> {
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::It => &self.it,
            Lang::Ja => &self.ja,
        }
    }
}

/// Who must act to fix what an entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixOwner {
    Sender,
    SenderAdmin,
    RecipientAdmin,
    ProviderSupport,
    None,
}

/// What a catalog key answers for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CodeKey {
    /// One enhanced status code: `5.1.1`.
    Status {
        class: u8,
        subject: u16,
        detail: u16,
    },
    /// Details `lo..=hi` under one class and subject: `4.7.500-699`.
    Range {
        class: u8,
        subject: u16,
        lo: u16,
        hi: u16,
    },
    /// A registry pattern: `X.1.1`, `X.1.X`, `5.X.X`.
    Pattern {
        class: Option<u8>,
        subject: Option<u16>,
        detail: Option<u16>,
    },
    /// A basic reply code: `550`.
    Reply(u16),
    /// A named key of another vocabulary: `spf=fail`, `ndr:generating-server`.
    Named(String),
    /// A row without a code, found by its text alone.
    TextOnly,
}

impl CodeKey {
    /// Reads a key as written in a catalog file.
    pub fn parse(raw: &str) -> Result<CodeKey, String> {
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("n/a") {
            return Ok(CodeKey::TextOnly);
        }
        if raw.len() == 3 && raw.bytes().all(|b| b.is_ascii_digit()) {
            return raw.parse().map(CodeKey::Reply).map_err(|e| format!("{e}"));
        }
        let parts: Vec<&str> = raw.split('.').collect();
        if parts.len() == 3
            && parts[0].len() == 1
            && parts.iter().all(|p| !p.is_empty())
            && !raw.contains('=')
            && !raw.contains(':')
        {
            let wild = |p: &str| p.eq_ignore_ascii_case("x");
            let num = |p: &str| {
                p.parse::<u16>()
                    .map_err(|_| format!("`{raw}` is not a status code (class.subject.detail)"))
            };
            let class = if wild(parts[0]) {
                None
            } else {
                match parts[0] {
                    "2" | "4" | "5" => Some(parts[0].as_bytes()[0] - b'0'),
                    _ => return Err(format!("`{raw}`: the class must be 2, 4, 5 or X")),
                }
            };
            let subject = if wild(parts[1]) {
                None
            } else {
                Some(num(parts[1])?)
            };
            if let Some((lo, hi)) = parts[2].split_once('-') {
                let (Some(class), Some(subject)) = (class, subject) else {
                    return Err(format!("`{raw}`: a range needs a class and a subject"));
                };
                let (lo, hi) = (num(lo)?, num(hi)?);
                if lo > hi {
                    return Err(format!("`{raw}`: the range is empty"));
                }
                return Ok(CodeKey::Range {
                    class,
                    subject,
                    lo,
                    hi,
                });
            }
            let detail = if wild(parts[2]) {
                None
            } else {
                Some(num(parts[2])?)
            };
            return Ok(match (class, subject, detail) {
                (Some(class), Some(subject), Some(detail)) => CodeKey::Status {
                    class,
                    subject,
                    detail,
                },
                (class, subject, detail) => CodeKey::Pattern {
                    class,
                    subject,
                    detail,
                },
            });
        }
        if raw.is_empty() || raw.chars().any(char::is_whitespace) {
            return Err(format!("`{raw}` is not a valid key"));
        }
        Ok(CodeKey::Named(raw.to_ascii_lowercase()))
    }
}

/// Where a source's entries come from, which decides precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceRole {
    /// An organisation's own catalog: wins over everything built in.
    Extra,
    /// Shipped with mail-lsp.
    Builtin,
}

/// One catalog file's metadata.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub file: String,
    pub provider: Option<String>,
    pub name: Localized<String>,
    pub role: SourceRole,
}

impl Source {
    /// Generic registries answer for any code; providers only for their own replies.
    pub fn is_registry(&self) -> bool {
        self.provider.is_none() && self.role == SourceRole::Builtin
    }
}

/// One explanation.
#[derive(Debug, Clone)]
pub struct Entry {
    pub source: Arc<Source>,
    pub line: usize,
    pub keys: Vec<CodeKey>,
    /// The raw key strings, for display.
    pub codes: Vec<String>,
    pub reply: Option<u16>,
    /// Lower-cased response-text patterns.
    pub matches: Vec<String>,
    /// The literal response texts the source gives, exact; most entries have one, a row that
    /// stands for two codes has one per code.
    pub responses: Vec<String>,
    pub fix_owner: FixOwner,
    pub reason: Option<crate::delivery::Reason>,
    pub links: Vec<String>,
    pub title: Localized<String>,
    pub cause: Localized<String>,
    pub steps: Localized<Vec<String>>,
    pub admin_steps: Option<Localized<Vec<String>>>,
}

impl Entry {
    /// The literal response that goes with what was seen: the one the text contains (or that
    /// starts with the code), else the first.
    pub fn response_for(&self, code: &str, text: Option<&str>) -> Option<&str> {
        if let Some(text) = text.map(str::to_lowercase) {
            let fits = |r: &&String| {
                let lower = r.to_lowercase();
                let body = lower
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
                    .to_string();
                !body.is_empty() && text.contains(&body)
            };
            if let Some(found) = self.responses.iter().find(fits) {
                return Some(found);
            }
        }
        self.responses
            .iter()
            .find(|r| r.starts_with(code) && !code.is_empty())
            .or_else(|| self.responses.first())
            .map(String::as_str)
    }

    /// True when the response text carries one of this entry's patterns.
    pub fn matches_text(&self, lower_text: &str) -> bool {
        self.matches
            .iter()
            .any(|pattern| lower_text.contains(pattern.as_str()))
    }
}

/// Index key: the exact thing a query can ask for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum IndexKey {
    Status(u8, u16, u16),
    Reply(u16),
    Named(String),
    /// A registry pattern (`X.1.1` is `Pattern(None, Some(1), Some(1))`).
    Pattern(Option<u8>, Option<u16>, Option<u16>),
}

/// All sources and entries, indexed for lookup.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub(crate) entries: Vec<Arc<Entry>>,
    pub(crate) exact: HashMap<IndexKey, Vec<usize>>,
    pub(crate) ranges: Vec<usize>,
    pub(crate) text_only: Vec<usize>,
}

impl Catalog {
    /// Adds a source's entries. Extra sources are put in front of built-in ones so they win.
    pub fn add(&mut self, entries: Vec<Entry>) {
        for entry in entries {
            let index = self.entries.len();
            let extra = entry.source.role == SourceRole::Extra;
            for key in &entry.keys {
                let list = match key {
                    CodeKey::Status {
                        class,
                        subject,
                        detail,
                    } => self
                        .exact
                        .entry(IndexKey::Status(*class, *subject, *detail))
                        .or_default(),
                    CodeKey::Reply(reply) => self.exact.entry(IndexKey::Reply(*reply)).or_default(),
                    CodeKey::Named(name) => {
                        self.exact.entry(IndexKey::Named(name.clone())).or_default()
                    }
                    CodeKey::Range { .. } => &mut self.ranges,
                    CodeKey::Pattern {
                        class,
                        subject,
                        detail,
                    } => self
                        .exact
                        .entry(IndexKey::Pattern(*class, *subject, *detail))
                        .or_default(),
                    CodeKey::TextOnly => &mut self.text_only,
                };
                if list.last() != Some(&index) {
                    if extra {
                        list.insert(0, index);
                    } else {
                        list.push(index);
                    }
                }
            }
            self.entries.push(Arc::new(entry));
        }
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().map(|e| e.as_ref())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_as_written_in_catalog_files() {
        assert_eq!(
            CodeKey::parse("5.1.1"),
            Ok(CodeKey::Status {
                class: 5,
                subject: 1,
                detail: 1
            })
        );
        assert_eq!(
            CodeKey::parse("4.7.500-699"),
            Ok(CodeKey::Range {
                class: 4,
                subject: 7,
                lo: 500,
                hi: 699
            })
        );
        assert_eq!(
            CodeKey::parse("X.1.1"),
            Ok(CodeKey::Pattern {
                class: None,
                subject: Some(1),
                detail: Some(1)
            })
        );
        assert_eq!(
            CodeKey::parse("5.X.X"),
            Ok(CodeKey::Pattern {
                class: Some(5),
                subject: None,
                detail: None
            })
        );
        assert_eq!(CodeKey::parse("550"), Ok(CodeKey::Reply(550)));
        assert_eq!(CodeKey::parse("n/a"), Ok(CodeKey::TextOnly));
        assert_eq!(
            CodeKey::parse("SPF=fail"),
            Ok(CodeKey::Named("spf=fail".into()))
        );
        assert!(CodeKey::parse("7.1.1").is_err());
        assert!(CodeKey::parse("4.7.699-500").is_err());
    }
}
