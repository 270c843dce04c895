//! What the spam stamps of each vendor mean, as catalog data (`catalog/stamps/<vendor>.toml`):
//! one table per vendor of header fields, rule or symbol names, list keys and values, each in
//! four languages and marked when the meaning was only seen in real messages (`wild = true`)
//! rather than documented by the vendor. The analysis finds the pieces; every sentence about
//! them comes from here, so a translator edits TOML, not Rust.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::analysis::auth::stamps::mailbox::Delivery;
use crate::analysis::auth::stamps::{Piece, VendorStamp};
use crate::lang::Lang;
use crate::sentence::Key;

/// One meaning in the four languages.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meaning {
    /// Seen in the wild and decoded by the community, not documented by the vendor.
    #[serde(default)]
    pub wild: bool,
    pub en: String,
    pub fr: String,
    pub it: String,
    pub ja: String,
}

impl Meaning {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::It => &self.it,
            Lang::Ja => &self.ja,
        }
    }
}

/// One vendor's table.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorTable {
    /// The id the analysis uses: `rspamd`, `spamassassin`, `proofpoint` …
    pub vendor: String,
    /// The product's name as shown to the reader.
    pub name: String,
    /// Where the documented meanings come from.
    #[serde(default)]
    pub docs: Vec<String>,
    /// Header fields, by lower-case name.
    #[serde(default)]
    pub fields: BTreeMap<String, Meaning>,
    /// Rules, symbols and list keys, by name as the vendor writes them (list keys lower-case).
    #[serde(default)]
    pub symbols: BTreeMap<String, Meaning>,
    /// Values of one-value fields (`x-rspamd-action=reject`) and the sentences the hover is made
    /// of (in the `common` table).
    #[serde(default)]
    pub values: BTreeMap<String, Meaning>,
}

/// The built-in tables, by file name.
const SOURCES: &[(&str, &str)] = &[
    (
        "common.toml",
        include_str!("../../../catalog/stamps/common.toml"),
    ),
    (
        "microsoft.toml",
        include_str!("../../../catalog/stamps/microsoft.toml"),
    ),
    (
        "rspamd.toml",
        include_str!("../../../catalog/stamps/rspamd.toml"),
    ),
    (
        "spamassassin.toml",
        include_str!("../../../catalog/stamps/spamassassin.toml"),
    ),
    (
        "proofpoint.toml",
        include_str!("../../../catalog/stamps/proofpoint.toml"),
    ),
    (
        "mimecast.toml",
        include_str!("../../../catalog/stamps/mimecast.toml"),
    ),
    (
        "ironport.toml",
        include_str!("../../../catalog/stamps/ironport.toml"),
    ),
    (
        "barracuda.toml",
        include_str!("../../../catalog/stamps/barracuda.toml"),
    ),
    (
        "sophos.toml",
        include_str!("../../../catalog/stamps/sophos.toml"),
    ),
    (
        "google.toml",
        include_str!("../../../catalog/stamps/google.toml"),
    ),
    (
        "trendmicro.toml",
        include_str!("../../../catalog/stamps/trendmicro.toml"),
    ),
    ("ovh.toml", include_str!("../../../catalog/stamps/ovh.toml")),
    (
        "spamexperts.toml",
        include_str!("../../../catalog/stamps/spamexperts.toml"),
    ),
];

/// The built-in files as (file name, text), for validation.
pub fn sources() -> &'static [(&'static str, &'static str)] {
    SOURCES
}

/// Every vendor table, parsed once. A file that does not parse is left out (the catalog test
/// keeps them valid), so the server never goes down over it.
pub fn all() -> &'static [VendorTable] {
    static TABLES: LazyLock<Vec<VendorTable>> = LazyLock::new(|| {
        SOURCES
            .iter()
            .filter_map(|(file, text)| match toml::from_str::<VendorTable>(text) {
                Ok(table) => Some(table),
                Err(error) => {
                    tracing::error!("built-in stamps catalog {file}: {error}");
                    None
                }
            })
            .collect()
    });
    &TABLES
}

/// One vendor's table.
pub fn table(vendor: &str) -> Option<&'static VendorTable> {
    all().iter().find(|t| t.vendor == vendor)
}

/// A field's meaning.
pub fn field(vendor: &str, field: &str) -> Option<&'static Meaning> {
    table(vendor)?.fields.get(field)
}

/// A rule's, symbol's or list key's meaning: as written, else lower-case.
pub fn symbol(vendor: &str, name: &str) -> Option<&'static Meaning> {
    let table = table(vendor)?;
    table
        .symbols
        .get(name)
        .or_else(|| table.symbols.get(&name.to_ascii_lowercase()))
}

/// A value's meaning (`x-rspamd-action=reject`).
pub fn value(vendor: &str, key: &str) -> Option<&'static Meaning> {
    table(vendor)?.values.get(key)
}

/// A sentence of the `common` table in the reader's language, or the key itself when the table
/// lacks it (the catalog test makes sure it never does).
pub fn sentence(key: &str, lang: Lang) -> String {
    value("common", key).map_or_else(|| key.to_string(), |m| m.get(lang).to_string())
}

/// The vendor's display name.
pub fn vendor_name(vendor: &str) -> &str {
    table(vendor).map_or(vendor, |t| t.name.as_str())
}

/// A rule's meaning: the vendor's own table, then SpamAssassin's for the vendors that run its
/// rules (Barracuda).
pub fn rule(vendor: &str, name: &str) -> Option<&'static Meaning> {
    symbol(vendor, name).or_else(|| match vendor {
        "barracuda" => symbol("spamassassin", name),
        _ => None,
    })
}

/// At most `max` characters of a value, with `…` when cut (opaque tokens run long).
fn short(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or(text)),
        None => text.to_string(),
    }
}

fn wild_note(meaning: &Meaning, lang: Lang) -> String {
    if meaning.wild {
        format!(" _({})_", sentence("wild", lang))
    } else {
        String::new()
    }
}

/// The verdict line: `rspamd: spam — score 16.20 against a threshold of 15.00`.
fn verdict_line(
    vendor: &str,
    spam: Option<bool>,
    score: Option<&str>,
    threshold: Option<&str>,
    lang: Lang,
) -> String {
    let key = match spam {
        Some(true) => "spam",
        Some(false) => "not-spam",
        None => "no-verdict",
    };
    let mut line = sentence(key, lang).replace("{vendor}", vendor_name(vendor));
    match (score, threshold) {
        (Some(score), Some(threshold)) => {
            line.push_str(" — ");
            line.push_str(
                &sentence("score-threshold", lang)
                    .replace("{score}", score)
                    .replace("{threshold}", threshold),
            );
        }
        (Some(score), None) => {
            line.push_str(" — ");
            line.push_str(&sentence("score-only", lang).replace("{score}", score));
        }
        _ => {}
    }
    line
}

/// What a one-value field's value means: its own entry, SpamAssassin's stars, else the field's.
fn value_meaning(stamp: &VendorStamp, value: &str, lang: Lang) -> Option<(String, bool)> {
    if let Some(key) = stamp.value_key(value)
        && let Some(meaning) = self::value(stamp.vendor, &key)
    {
        return Some((meaning.get(lang).to_string(), meaning.wild));
    }
    if stamp.field == "x-spam-level" {
        let stars = value.chars().filter(|c| *c == '*').count();
        return Some((
            sentence_of("spamassassin", "stars", lang).replace("{n}", &stars.to_string()),
            false,
        ));
    }
    None
}

fn sentence_of(vendor: &str, key: &str, lang: Lang) -> String {
    value(vendor, key).map_or_else(|| key.to_string(), |m| m.get(lang).to_string())
}

/// The one-line message of a vendor stamp's finding.
pub fn vendor_message(stamp: &VendorStamp, lang: Lang) -> String {
    let unknown = || sentence("not-in-table", lang);
    match &stamp.piece {
        Piece::Verdict {
            spam,
            score,
            threshold,
            said,
        } => {
            let mut line = verdict_line(
                stamp.vendor,
                *spam,
                score.as_deref(),
                threshold.as_deref(),
                lang,
            );
            // A one-value field's own words (`reject: the score reached the reject threshold`).
            if let Some(said) = said
                && let Some((meaning, _)) = value_meaning(stamp, said, lang)
            {
                line.push_str(" — ");
                line.push_str(&meaning);
            }
            line
        }
        Piece::Symbol { name, score, .. } => {
            let label = match score {
                Some(score) => format!("{name} ({score})"),
                None => name.clone(),
            };
            match rule(stamp.vendor, name) {
                Some(meaning) => format!("{label} — {}", meaning.get(lang)),
                None => format!("{label} — {}", unknown()),
            }
        }
        Piece::Pair { key, value } => {
            let label = format!("{key}={}", short(value, 48));
            match symbol(stamp.vendor, key) {
                Some(meaning)
                    if stamp.vendor == "mimecast" && value.eq_ignore_ascii_case("true") =>
                {
                    format!(
                        "{label} — {}{} {}",
                        sentence_of("mimecast", "matched", lang),
                        lang.colon(),
                        meaning.get(lang)
                    )
                }
                Some(meaning) => format!("{label} — {}", meaning.get(lang)),
                None => format!("{label} — {}", unknown()),
            }
        }
        Piece::Value { value } => {
            let label = short(value, 48);
            match value_meaning(stamp, value, lang) {
                Some((meaning, _)) => format!("{label} — {meaning}"),
                None => match field(stamp.vendor, &stamp.field) {
                    Some(meaning) => meaning.get(lang).to_string(),
                    None => label,
                },
            }
        }
    }
}

/// The hover of a vendor stamp's finding.
pub fn vendor_markdown(stamp: &VendorStamp, field_name: &str, lang: Lang) -> String {
    let mut out = format!("**{field_name}** · {}", vendor_name(stamp.vendor));
    if let Some(meaning) = field(stamp.vendor, &stamp.field) {
        out.push_str(&format!(
            "\n\n{}{}",
            meaning.get(lang),
            wild_note(meaning, lang)
        ));
    }
    let bullet = |out: &mut String, label: &str, meaning: Option<&Meaning>| match meaning {
        Some(meaning) => out.push_str(&format!(
            "\n\n- `{label}` — {}{}",
            meaning.get(lang),
            wild_note(meaning, lang)
        )),
        None => out.push_str(&format!(
            "\n\n- `{label}` — {}",
            sentence("not-in-table", lang)
        )),
    };
    match &stamp.piece {
        Piece::Verdict { .. } => {
            out.push_str(&format!("\n\n**{}**", vendor_message(stamp, lang)));
        }
        Piece::Symbol {
            name,
            score,
            details,
        } => {
            bullet(&mut out, name, rule(stamp.vendor, name));
            if let Some(score) = score {
                out.push_str(&format!(
                    "\n  - {}{} `{score}`",
                    sentence("score", lang),
                    lang.colon()
                ));
            }
            if let Some(details) = details {
                out.push_str(&format!(
                    "\n  - {}{} `{}`",
                    sentence("details", lang),
                    lang.colon(),
                    short(details, 120)
                ));
            }
        }
        Piece::Pair { key, value } => {
            bullet(
                &mut out,
                &format!("{key}={}", short(value, 64)),
                symbol(stamp.vendor, key),
            );
            if stamp.vendor == "mimecast" && value.eq_ignore_ascii_case("true") {
                out.push_str(&format!(
                    "\n  - **{}**",
                    sentence_of("mimecast", "matched", lang)
                ));
            }
        }
        Piece::Value { value } => {
            if let Some((meaning, wild)) = value_meaning(stamp, value, lang) {
                let note = if wild {
                    format!(" _({})_", sentence("wild", lang))
                } else {
                    String::new()
                };
                out.push_str(&format!("\n\n- `{}` — {meaning}{note}", short(value, 64)));
            }
        }
    }
    out
}

/// The one-line message of Microsoft 365's delivery reading: `Delivered to Junk Email: …`.
pub fn delivery_message(delivery: &Delivery, lang: Lang) -> String {
    let causes: Vec<String> = delivery
        .causes
        .iter()
        .map(|key| delivery_cause(delivery, key, lang))
        .collect();
    sentence_of("microsoft", "verdict", lang)
        .replace("{folder}", &folder_name(delivery, lang))
        .replace("{cause}", &causes.join("; "))
}

fn folder_name(delivery: &Delivery, lang: Lang) -> String {
    sentence_of("microsoft", &format!("folder:{}", delivery.folder), lang)
}

fn delivery_cause(delivery: &Delivery, key: &str, lang: Lang) -> String {
    let unknown = "?";
    sentence_of("microsoft", key, lang)
        .replace("{scl}", delivery.scl.as_deref().unwrap_or(unknown))
        .replace("{bcl}", delivery.bcl.as_deref().unwrap_or(unknown))
        .replace("{cat}", delivery.cat.as_deref().unwrap_or(unknown))
}

/// The hover of the delivery reading: folder, causes (marked when only seen in the wild), the
/// disagreement between filter and folder, and the stamps it rests on. `what` is the sentence
/// saying what the field is, when the analysis knows one.
pub fn delivery_markdown(
    delivery: &Delivery,
    field_name: &str,
    what: Option<Key<0>>,
    lang: Lang,
) -> String {
    let what = what
        .map(|key| format!("\n\n{}", super::sentences::word(&key, lang)))
        .unwrap_or_default();
    let mut out = format!(
        "**{field_name}**{what}\n\n**{}**",
        sentence_of("microsoft", "heading", lang).replace("{folder}", &folder_name(delivery, lang))
    );
    for key in &delivery.causes {
        let note = value("microsoft", key)
            .map(|m| wild_note(m, lang))
            .unwrap_or_default();
        out.push_str(&format!(
            "\n- {}{note}",
            delivery_cause(delivery, key, lang)
        ));
    }
    if let Some(conflict) = &delivery.conflict {
        out.push_str(&format!(
            "\n\n⚠ {}",
            sentence_of("microsoft", conflict, lang)
        ));
    }
    if !delivery.evidence.is_empty() {
        out.push_str(&format!(
            "\n\n{}{}",
            sentence_of("microsoft", "evidence", lang),
            lang.colon()
        ));
        for stamp in &delivery.evidence {
            out.push_str(&format!("\n- {}", stamp.message(lang)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_parses_with_four_languages() {
        assert_eq!(all().len(), SOURCES.len(), "a stamps table failed to parse");
        for table in all() {
            let maps = [&table.fields, &table.symbols, &table.values];
            for (key, meaning) in maps.iter().flat_map(|m| m.iter()) {
                for lang in Lang::ALL {
                    assert!(
                        !meaning.get(lang).trim().is_empty(),
                        "{} {key} {lang:?}",
                        table.vendor
                    );
                }
            }
        }
    }

    #[test]
    fn lookups_by_vendor() {
        assert!(symbol("rspamd", "BAYES_SPAM").is_some());
        assert!(
            symbol("proofpoint", "SpamScore").is_some(),
            "list keys ignore case"
        );
        assert!(symbol("rspamd", "NOT_A_SYMBOL").is_none());
        assert_eq!(vendor_name("spamassassin"), "SpamAssassin");
        assert_ne!(sentence("not-in-table", Lang::Fr), "not-in-table");
    }
}
