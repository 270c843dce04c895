//! Finding the most specific explanation for a code: provider entry by code and text, provider
//! entry by code, provider range, registry subject.detail, registry class.

use std::sync::Arc;

use super::model::{Catalog, CodeKey, Entry, IndexKey, SourceRole};
use crate::provider::Provider;

/// The response text, lower-cased only if some candidate entry has patterns to compare.
pub(crate) struct LowerText<'a> {
    raw: Option<&'a str>,
    lower: std::cell::OnceCell<String>,
}

impl<'a> LowerText<'a> {
    fn new(raw: Option<&'a str>) -> Self {
        LowerText {
            raw,
            lower: std::cell::OnceCell::new(),
        }
    }

    fn get(&self) -> &str {
        self.lower
            .get_or_init(|| self.raw.map(str::to_lowercase).unwrap_or_default())
    }
}

/// What to explain.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<'a> {
    /// `5.1.1`, `550`, `spf=fail`, `ndr:generating-server`, or empty for a text-only search.
    pub code: &'a str,
    pub reply: Option<u16>,
    /// The response text around the code.
    pub text: Option<&'a str>,
    pub provider: Option<Provider>,
}

/// The explanation found, with the generic class meaning when the answer came from a registry.
#[derive(Debug, Clone)]
pub struct Answer {
    pub entry: Arc<Entry>,
    /// For registry answers on a subject.detail, the class entry (`5.X.X`) that completes it.
    pub class: Option<Arc<Entry>>,
}

impl Catalog {
    /// Explains a code, most specific source first. `None` only for keys nothing knows.
    pub fn lookup(&self, query: &Query) -> Option<Answer> {
        let lower_text = LowerText::new(query.text);
        let code = query.code.trim();
        match CodeKey::parse(code) {
            Ok(CodeKey::Status {
                class,
                subject,
                detail,
            }) => self.lookup_status(class, subject, detail, query, &lower_text),
            Ok(CodeKey::Reply(reply)) => self.first(&IndexKey::Reply(reply), &lower_text, |_| true),
            Ok(CodeKey::Named(name)) => self.first(&IndexKey::Named(name), &lower_text, |_| true),
            Ok(CodeKey::TextOnly) | Err(_)
                if code.is_empty() || code.eq_ignore_ascii_case("n/a") =>
            {
                self.by_text(&lower_text)
            }
            _ => None,
        }
    }

    /// The first entry under an exact key, preferring one whose patterns match the text.
    fn first(
        &self,
        key: &IndexKey,
        lower_text: &LowerText,
        allowed: impl Fn(&Entry) -> bool,
    ) -> Option<Answer> {
        let list = self.exact.get(key)?;
        let candidates: Vec<&Arc<Entry>> = list
            .iter()
            .map(|&i| &self.entries[i])
            .filter(|e| allowed(e))
            .collect();
        pick(&candidates, lower_text).map(|entry| Answer {
            entry: entry.clone(),
            class: None,
        })
    }

    fn by_text(&self, lower_text: &LowerText) -> Option<Answer> {
        self.text_only
            .iter()
            .map(|&i| &self.entries[i])
            .find(|e| !lower_text.get().is_empty() && e.matches_text(lower_text.get()))
            .map(|entry| Answer {
                entry: entry.clone(),
                class: None,
            })
    }

    fn lookup_status(
        &self,
        class: u8,
        subject: u16,
        detail: u16,
        query: &Query,
        lower_text: &LowerText,
    ) -> Option<Answer> {
        let provider = query.provider.map(Provider::id);
        let key = IndexKey::Status(class, subject, detail);
        // The registry has its own meaning for this subject.detail (`X.1.1`), so a provider's
        // reading needs the provider's markers or matching text to be shown instead.
        let registry_knows = self
            .registry_pattern(None, Some(subject), Some(detail))
            .is_some()
            || self
                .exact
                .get(&key)
                .is_some_and(|list| list.iter().any(|&i| self.entries[i].source.is_registry()));

        // 1. An organisation's own entries always win.
        if let Some(answer) = self.first(&key, lower_text, |e| e.source.role == SourceRole::Extra) {
            return Some(answer);
        }
        // 2-3. The provider whose reply this is: code and text, then code alone.
        let for_provider = |e: &Entry| match (&e.source.provider, provider) {
            (Some(own), Some(asked)) => own == asked,
            _ => false,
        };
        if let Some(answer) = self.first(&key, lower_text, for_provider) {
            return Some(answer);
        }
        // Without provider markers a provider entry still applies when its text matches, or when
        // the code is the provider's own (the registry has no meaning for it).
        let any_provider = |e: &Entry| e.source.provider.is_some();
        if let Some(list) = self.exact.get(&key)
            && let Some(entry) = list.iter().map(|&i| &self.entries[i]).find(|e| {
                any_provider(e) && !e.matches.is_empty() && e.matches_text(lower_text.get())
            })
        {
            return Some(Answer {
                entry: entry.clone(),
                class: None,
            });
        }
        if !registry_knows && let Some(answer) = self.first(&key, lower_text, any_provider) {
            return Some(answer);
        }
        // 4. Provider ranges (`4.7.500-699`), the asked provider first.
        let in_range = |e: &Entry| {
            e.keys.iter().any(|k| matches!(k, CodeKey::Range { class: c, subject: s, lo, hi } if *c == class && *s == subject && (*lo..=*hi).contains(&detail)))
        };
        let ranges: Vec<&Arc<Entry>> = self
            .ranges
            .iter()
            .map(|&i| &self.entries[i])
            .filter(|e| in_range(e))
            .collect();
        let preferred: Vec<&Arc<Entry>> = ranges
            .iter()
            .copied()
            .filter(|e| for_provider(e) || e.source.role == SourceRole::Extra)
            .collect();
        if let Some(entry) = pick(&preferred, lower_text) {
            return Some(Answer {
                entry: entry.clone(),
                class: None,
            });
        }
        if !registry_knows && let Some(entry) = pick(&ranges, lower_text) {
            return Some(Answer {
                entry: entry.clone(),
                class: None,
            });
        }
        // 5. Registry meaning of subject.detail, then subject alone; the class completes it.
        self.registry_answer(class, subject, detail, lower_text)
    }

    /// A registry entry with exactly this pattern (`None` meaning `X`).
    fn registry_pattern(
        &self,
        class: Option<u8>,
        subject: Option<u16>,
        detail: Option<u16>,
    ) -> Option<Arc<Entry>> {
        self.exact
            .get(&IndexKey::Pattern(class, subject, detail))?
            .iter()
            .map(|&i| &self.entries[i])
            .find(|e| e.source.is_registry() || e.source.role == SourceRole::Extra)
            .cloned()
    }
}

/// Among entries for one code: the first whose patterns match the text; else the only one; else
/// the first without patterns (the general row); else nothing rather than a wrong row.
fn pick<'e>(candidates: &[&'e Arc<Entry>], lower_text: &LowerText) -> Option<&'e Arc<Entry>> {
    if let Some(entry) = candidates
        .iter()
        .find(|e| !e.matches.is_empty() && e.matches_text(lower_text.get()))
    {
        return Some(entry);
    }
    if candidates.len() == 1 {
        return candidates.first().copied();
    }
    candidates.iter().find(|e| e.matches.is_empty()).copied()
}

/// The class, subject and detail of an enhanced status code.
fn status_parts(code: &str) -> Option<(u8, u16, u16)> {
    match CodeKey::parse(code.trim()) {
        Ok(CodeKey::Status {
            class,
            subject,
            detail,
        }) => Some((class, subject, detail)),
        _ => None,
    }
}

impl Catalog {
    /// Every provider's meaning of a status code: its own rows and the ranges that cover it, in
    /// catalog order (Exchange Online's rows, then Gmail's, then Yahoo's, then user catalogs').
    pub fn alternatives(&self, code: &str) -> Vec<&Entry> {
        let Some((class, subject, detail)) = status_parts(code) else {
            return Vec::new();
        };
        let mut found: Vec<usize> = self
            .exact
            .get(&IndexKey::Status(class, subject, detail))
            .cloned()
            .unwrap_or_default();
        found.extend(self.ranges.iter().copied().filter(|&i| {
            self.entries[i].keys.iter().any(|k| {
                matches!(k, CodeKey::Range { class: c, subject: s, lo, hi }
                    if *c == class && *s == subject && (*lo..=*hi).contains(&detail))
            })
        }));
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .map(|i| self.entries[i].as_ref())
            .filter(|e| e.source.provider.is_some())
            .collect()
    }

    /// The registry's meaning of a status code whatever server replied: the exact code, else
    /// its subject, completed by its class.
    pub fn registry_meaning(&self, code: &str) -> Option<Answer> {
        let (class, subject, detail) = status_parts(code)?;
        self.registry_answer(class, subject, detail, &LowerText::new(None))
    }

    /// The registry's answer for `class.subject.detail`: the exact code, else its subject.detail
    /// or subject pattern, completed by the class.
    fn registry_answer(
        &self,
        class: u8,
        subject: u16,
        detail: u16,
        lower_text: &LowerText,
    ) -> Option<Answer> {
        let class_entry = self.registry_pattern(Some(class), None, None);
        if let Some(exact) =
            self.first(&IndexKey::Status(class, subject, detail), lower_text, |e| {
                e.source.is_registry()
            })
        {
            return Some(Answer {
                entry: exact.entry,
                class: class_entry,
            });
        }
        let specific = self
            .registry_pattern(None, Some(subject), Some(detail))
            .or_else(|| self.registry_pattern(None, Some(subject), None));
        match (specific, class_entry) {
            (Some(entry), class) => Some(Answer { entry, class }),
            (None, Some(entry)) => Some(Answer { entry, class: None }),
            (None, None) => None,
        }
    }

    /// What to show beside an answer: with a provider's reading (its markers or its text), the
    /// registry meaning in one line; otherwise every provider meaning of the code, so the reader
    /// sees that the code means different things depending on who replied.
    pub fn others<'a>(&'a self, answer: &Answer, code: &str, query: &Query<'a>) -> Others<'a> {
        let chosen = answer.entry.as_ref();
        let provider_reading = chosen.source.provider.is_some()
            && (query.provider.is_some()
                || query
                    .text
                    .is_some_and(|t| chosen.matches_text(&t.to_lowercase())));
        let registry = if chosen.source.is_registry() {
            None
        } else {
            self.registry_meaning(code).map(|a| a.entry)
        };
        let alternatives = if provider_reading {
            Vec::new()
        } else {
            self.alternatives(code)
                .into_iter()
                .filter(|e| !std::ptr::eq(*e, chosen))
                .collect()
        };
        Others {
            alternatives,
            registry,
            seen: query.text,
        }
    }
}

/// The meanings of a code other than the one shown, and the response text that was seen.
#[derive(Debug, Default)]
pub struct Others<'a> {
    /// Provider meanings of the same code, one line each.
    pub alternatives: Vec<&'a Entry>,
    /// The registry meaning, when the answer shown is a provider's.
    pub registry: Option<Arc<Entry>>,
    /// The response text that came with the code (the document's, or `--text`).
    pub seen: Option<&'a str>,
}
