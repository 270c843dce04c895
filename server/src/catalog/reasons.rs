//! The bounce reason classes as catalog data (`catalog/reasons/reasons.toml`): a label and a
//! one-sentence explanation in each language, who must act, and whether the failure is permanent
//! for the address. The analysis decides a reason's name; every sentence about it comes from
//! here, so a translator edits TOML, not Rust.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::Localized;
use crate::lang::Lang;

/// One reason class.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ReasonEntry {
    /// The same address will fail again when the failure is permanent.
    pub hard: bool,
    /// Who must act: `sender`, `sender-admin`, `recipient-admin`, `recipient` or `nobody`.
    pub acts: String,
    pub label: Localized<String>,
    pub explanation: Localized<String>,
}

const SOURCE: &str = include_str!("../../../catalog/reasons/reasons.toml");

/// Every reason class by name, parsed once. A file that does not parse yields none (the catalog
/// test keeps it valid), so the server never goes down over it.
pub fn all() -> &'static BTreeMap<String, ReasonEntry> {
    static REASONS: LazyLock<BTreeMap<String, ReasonEntry>> = LazyLock::new(|| {
        toml::from_str(SOURCE).unwrap_or_else(|error| {
            tracing::error!("built-in reasons catalog: {error}");
            BTreeMap::new()
        })
    });
    &REASONS
}

/// The entry of a reason class.
pub fn get(name: &str) -> Option<&'static ReasonEntry> {
    all().get(name)
}

crate::keys! {
    ACTS_SENDER = "interface.acts.sender";
    ACTS_SENDER_ADMIN = "interface.acts.sender-admin";
    ACTS_RECIPIENT_ADMIN = "interface.acts.recipient-admin";
    ACTS_RECIPIENT = "interface.acts.recipient";
    ACTS_NOBODY = "interface.acts.nobody";
}

/// Who must act, in the reader's language (`catalog/interface/acts.toml`).
pub fn acts_label(acts: &str, lang: Lang) -> &'static str {
    let key = match acts {
        "sender" => ACTS_SENDER,
        "sender-admin" => ACTS_SENDER_ADMIN,
        "recipient-admin" => ACTS_RECIPIENT_ADMIN,
        "recipient" => ACTS_RECIPIENT,
        _ => ACTS_NOBODY,
    };
    super::sentences::word(&key, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_class_has_every_text_in_every_language() {
        let all = all();
        assert_eq!(all.len(), 36, "the 36 reason classes");
        for (name, entry) in all {
            for lang in Lang::ALL {
                assert!(
                    !entry.label.get(lang).trim().is_empty(),
                    "{name} label {lang:?}"
                );
                assert!(
                    !entry.explanation.get(lang).trim().is_empty(),
                    "{name} explanation {lang:?}"
                );
            }
            assert!(
                [
                    "sender",
                    "sender-admin",
                    "recipient-admin",
                    "recipient",
                    "nobody"
                ]
                .contains(&entry.acts.as_str()),
                "{name}: acts = {}",
                entry.acts
            );
        }
    }

    #[test]
    fn only_address_problems_are_hard() {
        let hard: Vec<&str> = all()
            .iter()
            .filter(|(_, e)| e.hard)
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(
            hard,
            ["hasmoved", "hostunknown", "notaccept", "userunknown"]
        );
    }
}
