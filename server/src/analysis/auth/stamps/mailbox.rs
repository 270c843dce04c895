//! "Why did it go to Junk?": Microsoft 365's `X-Microsoft-Antispam-Mailbox-Delivery` names the
//! folder the mailbox delivered to (`dest:I`, `J`, `C`) and the mailbox rules that acted (`OFR:`,
//! `ucf:`, `jmr:`); the filter's own verdict is in `X-Forefront-Antispam-Report` (`SFV`, `SCL`,
//! `CAT`, `SRV`) and `X-Microsoft-Antispam` (`BCL`). Read together, they say where the message
//! went and why, and when the two disagree (a spam verdict in the Inbox, a clean one in Junk)
//! that the recipient's own settings decided.

use crate::analysis::auth::antispam::Stamp;

/// The folder and the causes, as catalog keys (`folder:j`, `cause:sfv-spm`) with the values
/// the sentences quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// `i`, `j`, `c` or `other`.
    pub folder: String,
    /// Catalog keys of the causes, the filter's verdict first, then the mailbox's rules.
    pub causes: Vec<String>,
    /// `conflict:spam-in-inbox` or `conflict:ham-in-junk`.
    pub conflict: Option<String>,
    pub scl: Option<String>,
    pub bcl: Option<String>,
    pub cat: Option<String>,
    /// The stamps the reading rests on, for the hover.
    pub evidence: Vec<Stamp>,
}

impl Delivery {
    /// The finding code: `mailbox-delivery:junk`, `:inbox`, `:custom`, `:other`.
    pub fn code(&self) -> String {
        let folder = match self.folder.as_str() {
            "i" => "inbox",
            "j" => "junk",
            "c" => "custom",
            _ => "other",
        };
        format!("mailbox-delivery:{folder}")
    }
}

/// Reads the delivery from the Mailbox-Delivery stamps and the block's other trusted stamps.
pub fn read(mailbox: &[Stamp], others: &[Stamp]) -> Delivery {
    let find = |stamps: &[Stamp], key: &str| stamps.iter().find(|s| s.key == key).cloned();
    let dest = find(mailbox, "dest");
    let folder = match dest.as_ref().map(|d| d.value.to_ascii_lowercase()) {
        Some(f) if matches!(f.as_str(), "i" | "j" | "c") => f,
        _ => "other".to_string(),
    };
    let sfv = find(others, "sfv");
    let scl = find(others, "scl");
    let bcl = find(others, "bcl");
    let cat = find(others, "cat");
    let srv = find(others, "srv");
    let sfv_value = sfv.as_ref().map(|s| s.value.to_ascii_lowercase());
    let mut causes = Vec::new();
    match sfv_value.as_deref() {
        Some(v @ ("blk" | "sfe" | "ska" | "skb" | "sks" | "skn" | "skq" | "spm")) => {
            causes.push(format!("cause:sfv-{v}"));
        }
        Some("nspm") => causes.push("cause:nspm".into()),
        Some("ski") => causes.push("cause:ski".into()),
        _ if scl.is_some() => causes.push("cause:scl".into()),
        _ => {}
    }
    let bulk = srv
        .as_ref()
        .is_some_and(|s| s.value.eq_ignore_ascii_case("bulk"))
        || cat
            .as_ref()
            .is_some_and(|c| c.value.eq_ignore_ascii_case("bulk"));
    if bulk {
        causes.push("cause:bulk".into());
    }
    if let Some(c) = &cat
        && !["spm", "none", "bulk"].contains(&c.value.to_ascii_lowercase().as_str())
    {
        causes.push("cause:category".into());
    }
    // The Outlook rule named by OFR says more than the ucf/jmr flags, so it comes first.
    for stamp in mailbox.iter().filter(|s| s.key == "ofr") {
        let value = stamp.value.to_ascii_lowercase();
        for rule in value.split(',').map(str::trim).filter(|r| !r.is_empty()) {
            let key = format!("cause:ofr-{rule}");
            if crate::catalog::stamps::value("microsoft", &key).is_some() {
                causes.push(key);
            }
        }
    }
    for stamp in mailbox {
        match (stamp.key.as_str(), stamp.value.trim()) {
            ("ucf", "1") => causes.push("cause:ucf".into()),
            ("jmr", "1") => causes.push("cause:jmr".into()),
            _ => {}
        }
    }
    if causes.is_empty() {
        causes.push("cause:none".into());
    }
    let scl_number = scl.as_ref().and_then(|s| s.value.trim().parse::<i8>().ok());
    let filtered_spam = matches!(sfv_value.as_deref(), Some("spm" | "sks" | "skb" | "blk"))
        || scl_number.is_some_and(|n| n >= 5);
    let filtered_clean = matches!(sfv_value.as_deref(), Some("nspm" | "sfe" | "ska" | "skn"))
        && scl_number.is_none_or(|n| n < 5);
    let conflict = match folder.as_str() {
        "i" if filtered_spam => Some("conflict:spam-in-inbox".to_string()),
        "j" if filtered_clean && !bulk => Some("conflict:ham-in-junk".to_string()),
        _ => None,
    };
    let mut evidence: Vec<Stamp> = dest.into_iter().collect();
    evidence.extend(
        mailbox
            .iter()
            .filter(|s| matches!(s.key.as_str(), "ofr" | "ucf" | "jmr" | "rf"))
            .cloned(),
    );
    evidence.extend(
        [&sfv, &scl, &cat, &srv, &bcl]
            .into_iter()
            .flatten()
            .cloned(),
    );
    Delivery {
        folder,
        causes,
        conflict,
        scl: scl.map(|s| s.value),
        bcl: bcl.map(|s| s.value),
        cat: cat.map(|s| s.value),
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::auth::antispam::parse;

    fn stamps(name: &str, value: &str) -> Vec<Stamp> {
        parse(name, value, 0).into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn junk_because_spam_filtering_said_so() {
        let mailbox = stamps(
            "X-Microsoft-Antispam-Mailbox-Delivery",
            " ucf:0;jmr:0;auth:0;dest:J;OFR:SpamFilterAuthJ;ENG:(910001)(944506478)(944626604);",
        );
        let mut others = stamps(
            "X-Forefront-Antispam-Report",
            " CIP:203.0.113.7;CTRY:US;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:mail.example.net;PTR:;CAT:SPM;SFS:(13230040);DIR:INB;",
        );
        others.extend(stamps("X-Microsoft-Antispam", " BCL:0;ARA:13230040;"));
        let delivery = read(&mailbox, &others);
        assert_eq!(delivery.code(), "mailbox-delivery:junk");
        assert_eq!(
            delivery.causes,
            ["cause:sfv-spm", "cause:ofr-spamfilterauthj"]
        );
        assert_eq!(delivery.scl.as_deref(), Some("5"));
        assert_eq!(delivery.conflict, None);
    }

    #[test]
    fn clean_verdict_in_junk_is_the_recipients_doing() {
        let mailbox = stamps(
            "X-Microsoft-Antispam-Mailbox-Delivery",
            " ucf:0;jmr:1;auth:0;dest:J;ENG:(910001);",
        );
        let others = stamps("X-Forefront-Antispam-Report", " SCL:1;SFV:NSPM;CAT:NONE;");
        let delivery = read(&mailbox, &others);
        assert_eq!(delivery.causes, ["cause:nspm", "cause:jmr"]);
        assert_eq!(delivery.conflict.as_deref(), Some("conflict:ham-in-junk"));
    }

    #[test]
    fn inbox_rules_custom_folder_and_bulk() {
        let mailbox = stamps(
            "X-Microsoft-Antispam-Mailbox-Delivery",
            " ucf:1;jmr:0;auth:0;dest:C;OFR:CustomRules;",
        );
        let mut others = stamps(
            "X-Forefront-Antispam-Report",
            " SCL:1;SRV:BULK;SFV:NSPM;CAT:BULK;",
        );
        others.extend(stamps("X-Microsoft-Antispam", " BCL:7;"));
        let delivery = read(&mailbox, &others);
        assert_eq!(delivery.code(), "mailbox-delivery:custom");
        assert_eq!(
            delivery.causes,
            [
                "cause:nspm",
                "cause:bulk",
                "cause:ofr-customrules",
                "cause:ucf"
            ]
        );
        assert_eq!(delivery.bcl.as_deref(), Some("7"));
    }

    #[test]
    fn spam_in_the_inbox_through_a_safe_sender() {
        let mailbox = stamps(
            "X-Microsoft-Antispam-Mailbox-Delivery",
            " ucf:0;jmr:0;auth:0;dest:I;OFR:TrustedSenderList;",
        );
        let others = stamps("X-Forefront-Antispam-Report", " SCL:6;SFV:SPM;CAT:SPM;");
        let delivery = read(&mailbox, &others);
        assert_eq!(delivery.conflict.as_deref(), Some("conflict:spam-in-inbox"));
        assert!(
            delivery
                .causes
                .contains(&"cause:ofr-trustedsenderlist".to_string())
        );
    }
}
