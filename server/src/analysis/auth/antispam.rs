//! Anti-spam stamps: Microsoft 365's `X-Forefront-Antispam-Report`, `X-Microsoft-Antispam`,
//! `X-Microsoft-Antispam-Mailbox-Delivery` and `X-MS-Exchange-Organization-SCL`/`-PCL`, and
//! SpamAssassin's `X-Spam-Status` and `X-Spam-Flag`. Every `KEY:VALUE` becomes a finding so each
//! one is decoded on hover; only spam verdicts are worth a diagnostic.

use std::ops::Range;

use super::cursor::unfold;
use super::keys::antispam as w;
use crate::analysis::Severity;
use crate::catalog::sentences::{say, word};
use crate::lang::Lang;

/// Rule names read from one `X-Spam-Status`.
const MAX_RULES: usize = 256;
/// Entries read from one Microsoft stamp.
const MAX_ENTRIES: usize = 128;

/// Microsoft stamps made of `KEY:VALUE;` entries.
const LISTS: &[&str] = &[
    "x-forefront-antispam-report",
    "x-forefront-antispam-report-untrusted",
    "x-microsoft-antispam",
    "x-microsoft-antispam-untrusted",
    "x-microsoft-antispam-mailbox-delivery",
];

/// True for the header fields this module decodes.
pub fn is_stamp_field(name: &str) -> bool {
    LISTS.iter().any(|f| f.eq_ignore_ascii_case(name))
        || [
            "x-ms-exchange-organization-scl",
            "x-ms-exchange-organization-pcl",
            "x-spam-status",
            "x-spam-flag",
        ]
        .iter()
        .any(|f| f.eq_ignore_ascii_case(name))
}

/// One decoded piece of a stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The field name, lower-case.
    pub field: String,
    /// The key, lower-case: `scl`, `sfv`, `x-spam-status`, `rule`.
    pub key: String,
    /// The key as written (`SCL`, `dest`).
    pub written_key: String,
    /// The value as written (`SPM`, `Yes`, `BAYES_99`).
    pub value: String,
    /// SpamAssassin's score and threshold, for `X-Spam-Status`.
    pub score: Option<String>,
    pub required: Option<String>,
    /// SpamAssassin's rules, for `X-Spam-Status`.
    pub rules: Vec<String>,
}

/// Keys whose value is one of a documented set, so the value belongs in the finding code.
fn enumerated(key: &str) -> bool {
    matches!(
        key,
        "scl"
            | "bcl"
            | "pcl"
            | "sfv"
            | "cat"
            | "dir"
            | "ipv"
            | "srv"
            | "sfty"
            | "dest"
            | "ucf"
            | "jmr"
            | "auth"
            | "ofr"
            | "rf"
            | "autolearn"
    )
}

/// A Microsoft key or `key=value` the catalog's table (`catalog/stamps/microsoft.toml`) explains.
fn microsoft_table(key: &str, lang: Lang) -> Option<(String, bool)> {
    crate::catalog::stamps::symbol("microsoft", key).map(|m| (m.get(lang).to_string(), !m.wild))
}

impl Stamp {
    fn new(field: &str, key: &str, value: &str) -> Stamp {
        Stamp {
            field: field.to_ascii_lowercase(),
            key: key.to_ascii_lowercase(),
            written_key: key.to_string(),
            value: value.to_string(),
            score: None,
            required: None,
            rules: Vec::new(),
        }
    }

    /// The finding code: `scl=5`, `sfv=spm`, `cip`, `x-spam-status=yes`, `spamassassin:BAYES_99`.
    pub fn code(&self) -> String {
        match self.key.as_str() {
            "rule" => format!("spamassassin:{}", self.value),
            key if enumerated(key) || key.starts_with("x-spam-") => {
                format!("{key}={}", self.value.to_ascii_lowercase())
            }
            key => key.to_string(),
        }
    }

    fn untrusted(&self) -> bool {
        self.field.ends_with("-untrusted")
    }

    /// Spam verdicts (SCL 5 and up, BCL 6 and up, SFV:SPM or BLK, SpamAssassin's yes) are
    /// information; every other piece is a hint, shown on hover only.
    pub fn severity(&self) -> Severity {
        if self.untrusted() {
            return Severity::Hint;
        }
        let number = || self.value.trim().parse::<i32>().ok();
        let lower = self.value.to_ascii_lowercase();
        let spam = match self.key.as_str() {
            "scl" => number().is_some_and(|n| n >= 5),
            "bcl" => number().is_some_and(|n| n >= 6),
            "sfv" => matches!(lower.as_str(), "spm" | "blk"),
            "x-spam-status" | "x-spam-flag" => lower == "yes",
            // A rule the catalog does not know is said so, softly.
            "rule" => crate::catalog::stamps::rule("spamassassin", &self.value).is_none(),
            _ => false,
        };
        if spam {
            Severity::Information
        } else {
            Severity::Hint
        }
    }

    /// The value's meaning with its documented flag, else the key's.
    fn meaning(&self, lang: Lang) -> Option<(String, bool)> {
        let lower = self.value.to_ascii_lowercase();
        match self.key.as_str() {
            // rspamd writes `X-Spam-Status: Yes, score=15.20` without a threshold.
            "x-spam-status" if self.required.is_none() => {
                use crate::catalog::stamps::sentence;
                let verdict = if lower == "yes" { "spam" } else { "not-spam" };
                let mut line = sentence(verdict, lang).replace("{vendor}", "X-Spam-Status");
                if let Some(score) = &self.score {
                    line.push_str(" — ");
                    line.push_str(&sentence("score-only", lang).replace("{score}", score));
                }
                Some((line, true))
            }
            "x-spam-status" => {
                let key = if lower == "yes" {
                    w::SPAM_YES
                } else {
                    w::SPAM_NO
                };
                let score = self.score.as_deref().unwrap_or("?");
                let required = self.required.as_deref().unwrap_or("?");
                Some((say(&key, [score, required], lang), true))
            }
            "x-spam-flag" => Some((
                word(
                    &if lower == "yes" {
                        w::SPAM_FLAG_YES
                    } else {
                        w::SPAM_FLAG_NO
                    },
                    lang,
                )
                .to_string(),
                true,
            )),
            "rule" => Some(
                match crate::catalog::stamps::rule("spamassassin", &self.value) {
                    Some(meaning) => (meaning.get(lang).to_string(), !meaning.wild),
                    None => (
                        format!(
                            "{} ({})",
                            crate::catalog::stamps::sentence("not-in-table", lang),
                            word(&w::spamassassin_rule(&self.value), lang)
                        ),
                        true,
                    ),
                },
            ),
            "autolearn" => Some(
                match crate::catalog::stamps::value("spamassassin", &format!("autolearn={lower}")) {
                    Some(meaning) => (meaning.get(lang).to_string(), !meaning.wild),
                    None => (crate::catalog::stamps::sentence("not-in-table", lang), true),
                },
            ),
            key => w::value_meaning(key, &lower)
                .map(|(key, documented)| (word(&key, lang).to_string(), documented))
                .or_else(|| microsoft_table(&format!("{key}={lower}"), lang))
                .or_else(|| {
                    w::key_meaning(key)
                        .map(|(key, documented)| (word(&key, lang).to_string(), documented))
                })
                .or_else(|| microsoft_table(key, lang)),
        }
    }

    fn label(&self) -> String {
        match self.key.as_str() {
            "x-spam-status" | "x-spam-flag" | "rule" => self.value.clone(),
            "autolearn" => format!("autolearn={}", self.value),
            _ => format!("{}:{}", self.written_key, self.value),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self.meaning(lang) {
            Some((meaning, _)) => format!("{} — {meaning}", self.label()),
            None => format!("{} — {}", self.label(), word(&w::UNKNOWN_KEY, lang)),
        }
    }

    pub fn markdown(&self, lang: Lang, field_name: &str) -> String {
        let mut out = format!("**{field_name}** `{}`", self.label());
        if let Some(field) = w::field_meaning(&self.field) {
            out.push_str(&format!("\n\n{}", word(&field, lang)));
        }
        let key_meaning = w::key_meaning(&self.key);
        if let Some((key, documented)) = key_meaning {
            out.push_str(&format!(
                "\n\n- **{}** — {}",
                self.written_key,
                word(&key, lang)
            ));
            if !documented {
                out.push_str(&format!(" _({})_", word(&w::UNDOCUMENTED, lang)));
            }
        }
        match self.meaning(lang) {
            Some((meaning, documented)) if !self.same_as_key(lang, &meaning) => {
                let bullet = if key_meaning.is_some() {
                    "\n  - "
                } else {
                    "\n\n- "
                };
                out.push_str(&format!("{bullet}`{}` — {meaning}", self.value));
                if !documented {
                    out.push_str(&format!(" _({})_", word(&w::UNDOCUMENTED, lang)));
                }
            }
            Some(_) => {}
            None => out.push_str(&format!("\n\n{}", word(&w::UNKNOWN_KEY, lang))),
        }
        if self.key == "rule"
            && let Some(points) = &self.score
        {
            out.push_str(&format!(
                "\n  - {}{} `{points}`",
                crate::catalog::stamps::sentence("score", lang),
                lang.colon()
            ));
        }
        if !self.rules.is_empty() {
            out.push_str(&format!("\n\n{}: ", word(&w::RULES, lang)));
            let rules: Vec<String> = self.rules.iter().map(|r| format!("`{r}`")).collect();
            out.push_str(&rules.join(", "));
        }
        if self.untrusted() {
            out.push_str(&format!("\n\n{}", word(&w::UNTRUSTED_COPY, lang)));
        }
        out
    }

    fn same_as_key(&self, lang: Lang, meaning: &str) -> bool {
        w::key_meaning(&self.key).is_some_and(|(key, _)| word(&key, lang) == meaning)
    }
}

/// Decodes one stamp field; each piece comes with the span it covers.
pub fn parse(name: &str, value: &str, base: usize) -> Vec<(Range<usize>, Stamp)> {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "x-spam-status" => spam_status(&lower, value, base),
        "x-spam-flag" => single(&lower, "x-spam-flag", value, base),
        "x-ms-exchange-organization-scl" => single(&lower, "SCL", value, base),
        "x-ms-exchange-organization-pcl" => single(&lower, "PCL", value, base),
        _ if LISTS.contains(&lower.as_str()) => entries(&lower, value, base),
        _ => Vec::new(),
    }
}

/// A field whose whole value is one token.
fn single(field: &str, key: &str, value: &str, base: usize) -> Vec<(Range<usize>, Stamp)> {
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed.len() > 64 {
        return Vec::new();
    }
    let start = base + (value.len() - value.trim_start().len());
    vec![(
        start..start + trimmed.len(),
        Stamp::new(field, key, trimmed),
    )]
}

/// `KEY:VALUE;KEY:VALUE;` lists; values may hold colons (IPv6) and folding.
fn entries(field: &str, value: &str, base: usize) -> Vec<(Range<usize>, Stamp)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for segment in value.split(';') {
        let seg_start = offset;
        offset += segment.len() + 1;
        if out.len() >= MAX_ENTRIES {
            break;
        }
        let trimmed = segment.trim();
        let Some((key, raw)) = trimmed.split_once(':') else {
            continue;
        };
        let key = key.trim();
        let entry_value = unfold(raw);
        if key.is_empty()
            || entry_value.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            continue;
        }
        let start = base + seg_start + (segment.len() - segment.trim_start().len());
        out.push((
            start..start + trimmed.len(),
            Stamp::new(field, key, &entry_value),
        ));
    }
    out
}

/// `Yes, score=7.1 required=5.0 tests=BAYES_99,DKIM_INVALID autolearn=no version=3.4.6`,
/// or Amavis's `tests=[BAYES_00=-1.9, DKIM_SIGNED=0.1]`.
fn spam_status(field: &str, value: &str, base: usize) -> Vec<(Range<usize>, Stamp)> {
    let lead = value.len() - value.trim_start().len();
    let rest = &value[lead..];
    let verdict_len = rest
        .find(|c: char| c == ',' || c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let verdict = &rest[..verdict_len];
    if !verdict.eq_ignore_ascii_case("yes") && !verdict.eq_ignore_ascii_case("no") {
        return Vec::new();
    }
    let number_after = |key: &str| {
        let at = value.find(key)? + key.len();
        let digits: String = value[at..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
            .collect();
        (!digits.is_empty()).then_some(digits)
    };
    let mut stamp = Stamp::new(field, "x-spam-status", verdict);
    stamp.score = number_after("score=").or_else(|| number_after("hits="));
    stamp.required = number_after("required=");
    let mut out = Vec::new();
    if let Some(at) = value.find("tests=") {
        let rules = rule_names(value, at + "tests=".len());
        for (span, rule, points) in rules {
            stamp.rules.push(rule.to_string());
            let mut piece = Stamp::new(field, "rule", rule);
            piece.score = points.map(str::to_string);
            out.push((base + span.start..base + span.end, piece));
        }
    }
    // `autolearn=no`: what the Bayes classifier learnt from the message.
    if let Some(at) = value.find("autolearn=") {
        let from = at + "autolearn=".len();
        let word: String = value
            .get(from..)
            .unwrap_or_default()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() {
            out.push((
                base + at..base + from + word.len(),
                Stamp::new(field, "autolearn", &word),
            ));
        }
    }
    out.insert(0, (base + lead..base + lead + verdict_len, stamp));
    out
}

/// The rule names of a `tests=` list starting at `start`, with their local spans and, in
/// Amavis's bracketed form (`[BAYES_00=-1.9]`), their points.
pub(crate) fn rule_names(value: &str, start: usize) -> Vec<(Range<usize>, &str, Option<&str>)> {
    let bytes = value.as_bytes();
    let mut pos = start;
    let bracketed = bytes.get(pos) == Some(&b'[');
    if bracketed {
        pos += 1;
    }
    let mut out = Vec::new();
    while out.len() < MAX_RULES {
        while matches!(bytes.get(pos), Some(b',' | b' ' | b'\t' | b'\r' | b'\n')) {
            pos += 1;
        }
        let name_start = pos;
        while bytes
            .get(pos)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            pos += 1;
        }
        if pos == name_start {
            break;
        }
        let name_end = pos;
        let mut points = None;
        if bytes.get(pos) == Some(&b'=') {
            if !bracketed {
                // `autolearn=no`: the list is over.
                break;
            }
            pos += 1;
            let points_start = pos;
            while bytes
                .get(pos)
                .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-'))
            {
                pos += 1;
            }
            points = value.get(points_start..pos).filter(|p| !p.is_empty());
        }
        // Rule names are ASCII, so both ends are character boundaries.
        if let Some(name) = value.get(name_start..name_end) {
            out.push((name_start..name_end, name, points));
        }
        if bytes.get(pos) == Some(&b']') {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forefront_entries_with_ipv6_and_empty_values() {
        let value = " CIP:2a01:111:f400::1;CTRY:;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:mail.example.com;\r\n PTR:;CAT:SPM;DIR:INB;";
        let stamps = parse("X-Forefront-Antispam-Report", value, 0);
        let codes: Vec<String> = stamps.iter().map(|(_, s)| s.code()).collect();
        assert_eq!(
            codes,
            [
                "cip", "lang", "scl=5", "ipv=nli", "sfv=spm", "h", "cat=spm", "dir=inb"
            ]
        );
        let (span, cip) = &stamps[0];
        assert_eq!(&value[span.clone()], "CIP:2a01:111:f400::1");
        assert_eq!(cip.value, "2a01:111:f400::1");
        assert_eq!(stamps[2].1.severity(), Severity::Information);
        assert_eq!(stamps[1].1.severity(), Severity::Hint);
    }

    #[test]
    fn spamassassin_status_and_rules() {
        let value = " Yes, score=7.1 required=5.0 tests=BAYES_99,DKIM_INVALID,\r\n\tSPF_FAIL autolearn=no version=3.4.6";
        let stamps = parse("X-Spam-Status", value, 0);
        let (span, verdict) = &stamps[0];
        assert_eq!(&value[span.clone()], "Yes");
        assert_eq!(verdict.score.as_deref(), Some("7.1"));
        assert_eq!(verdict.required.as_deref(), Some("5.0"));
        assert_eq!(verdict.rules, ["BAYES_99", "DKIM_INVALID", "SPF_FAIL"]);
        assert_eq!(verdict.severity(), Severity::Information);
        let (span, rule) = &stamps[3];
        assert_eq!(&value[span.clone()], "SPF_FAIL");
        assert_eq!(rule.code(), "spamassassin:SPF_FAIL");
    }

    #[test]
    fn rspamd_status_without_a_threshold() {
        let stamps = parse("X-Spam-Status", " Yes, score=15.20", 0);
        assert_eq!(
            stamps[0].1.message(Lang::En),
            "Yes — X-Spam-Status: spam — score 15.20"
        );
    }

    #[test]
    fn amavis_bracketed_tests() {
        let value = " No, score=-0.1 tagged_above=-999 required=6.31 tests=[BAYES_00=-1.9, DKIM_SIGNED=0.1] autolearn=ham";
        let stamps = parse("X-Spam-Status", value, 0);
        assert_eq!(stamps[0].1.rules, ["BAYES_00", "DKIM_SIGNED"]);
        assert_eq!(stamps[1].1.score.as_deref(), Some("-1.9"));
        let learnt = stamps.last().map(|(_, s)| s.clone()).unwrap();
        assert_eq!(learnt.code(), "autolearn=ham");
        assert!(learnt.message(Lang::En).starts_with("autolearn=ham — "));
        assert_eq!(stamps[0].1.severity(), Severity::Hint);
    }

    #[test]
    fn undocumented_values_say_so() {
        let stamps = parse(
            "X-Microsoft-Antispam-Mailbox-Delivery",
            " ucf:0;jmr:0;auth:0;dest:J;OFR:SpamFilterAuthJ;",
            0,
        );
        let dest = &stamps[3].1;
        assert_eq!(dest.code(), "dest=j");
        let hover = dest.markdown(Lang::En, "X-Microsoft-Antispam-Mailbox-Delivery");
        assert!(hover.contains("Junk Email"), "{hover}");
        assert!(hover.contains("not documented by the vendor"), "{hover}");
        let ofr = &stamps[4].1;
        assert_eq!(ofr.code(), "ofr=spamfilterauthj");
        assert!(ofr.message(Lang::En).contains("not an Outlook rule"));
    }
}
