//! The keys of the sentences decoding Microsoft 365 anti-spam stamps and SpamAssassin headers
//! (texts: `catalog/auth/antispam.toml`), and which key a stamp's key or value reads as.
//!
//! Meanings come from Microsoft's "Anti-spam message headers" and SCL/BCL pages. Keys and values
//! only seen in real messages and decoded by the community are marked undocumented, so the hover
//! can say so.

use crate::sentence::Key;

crate::keys! {
    UNDOCUMENTED = "auth.antispam.undocumented";
    UNKNOWN_KEY = "auth.antispam.unknown-key";
    KEY_ARC = "auth.antispam.key.arc";
    KEY_CAT = "auth.antispam.key.cat";
    KEY_CIP = "auth.antispam.key.cip";
    KEY_CTRY = "auth.antispam.key.ctry";
    KEY_DIR = "auth.antispam.key.dir";
    KEY_H = "auth.antispam.key.h";
    KEY_IPV = "auth.antispam.key.ipv";
    KEY_LANG = "auth.antispam.key.lang";
    KEY_PTR = "auth.antispam.key.ptr";
    KEY_SCL = "auth.antispam.key.scl";
    KEY_SFTY = "auth.antispam.key.sfty";
    KEY_SFV = "auth.antispam.key.sfv";
    KEY_SRV = "auth.antispam.key.srv";
    KEY_X_CUSTOMSPAM = "auth.antispam.key.x-customspam";
    KEY_BCL = "auth.antispam.key.bcl";
    KEY_PCL = "auth.antispam.key.pcl";
    KEY_SFS = "auth.antispam.key.sfs";
    KEY_DEST = "auth.antispam.key.dest";
    KEY_UCF = "auth.antispam.key.ucf";
    KEY_JMR = "auth.antispam.key.jmr";
    KEY_AUTH = "auth.antispam.key.auth";
    KEY_OFR = "auth.antispam.key.ofr";
    KEY_RF = "auth.antispam.key.rf";
    KEY_ABWL = "auth.antispam.key.abwl";
    VALUE_DIR_INB = "auth.antispam.value.dir.inb";
    VALUE_DIR_OUT = "auth.antispam.value.dir.out";
    VALUE_DIR_INT = "auth.antispam.value.dir.int";
    VALUE_DIR_OUB = "auth.antispam.value.dir.oub";
    VALUE_IPV_CAL = "auth.antispam.value.ipv.cal";
    VALUE_IPV_NLI = "auth.antispam.value.ipv.nli";
    VALUE_SRV_BULK = "auth.antispam.value.srv.bulk";
    VALUE_SFTY_9_19 = "auth.antispam.value.sfty.9-19";
    VALUE_SFTY_9_20 = "auth.antispam.value.sfty.9-20";
    VALUE_SFTY_9_25 = "auth.antispam.value.sfty.9-25";
    VALUE_DEST_I = "auth.antispam.value.dest.i";
    VALUE_DEST_J = "auth.antispam.value.dest.j";
    VALUE_DEST_C = "auth.antispam.value.dest.c";
    SCL_MINUS_1 = "auth.antispam.scl.minus-1";
    SCL_0_1 = "auth.antispam.scl.0-1";
    SCL_2_TO_4 = "auth.antispam.scl.2-to-4";
    SCL_5_6 = "auth.antispam.scl.5-6";
    SCL_7_TO_9 = "auth.antispam.scl.7-to-9";
    BCL_0 = "auth.antispam.bcl.0";
    BCL_1_TO_3 = "auth.antispam.bcl.1-to-3";
    BCL_4_TO_7 = "auth.antispam.bcl.4-to-7";
    BCL_8_9 = "auth.antispam.bcl.8-9";
    PCL_0_TO_3 = "auth.antispam.pcl.0-to-3";
    PCL_4_TO_8 = "auth.antispam.pcl.4-to-8";
    SFV_BLK = "auth.antispam.sfv.blk";
    SFV_NSPM = "auth.antispam.sfv.nspm";
    SFV_SFE = "auth.antispam.sfv.sfe";
    SFV_SKA = "auth.antispam.sfv.ska";
    SFV_SKB = "auth.antispam.sfv.skb";
    SFV_SKN = "auth.antispam.sfv.skn";
    SFV_SKQ = "auth.antispam.sfv.skq";
    SFV_SKS = "auth.antispam.sfv.sks";
    SFV_SPM = "auth.antispam.sfv.spm";
    SFV_SKI = "auth.antispam.sfv.ski";
    SFV_DMS = "auth.antispam.sfv.dms";
    CAT_AMP = "auth.antispam.cat.amp";
    CAT_BIMP = "auth.antispam.cat.bimp";
    CAT_BULK = "auth.antispam.cat.bulk";
    CAT_DIMP = "auth.antispam.cat.dimp";
    CAT_FTBP = "auth.antispam.cat.ftbp";
    CAT_GIMP = "auth.antispam.cat.gimp";
    CAT_HPHSH = "auth.antispam.cat.hphsh";
    CAT_HSPM = "auth.antispam.cat.hspm";
    CAT_INTOS = "auth.antispam.cat.intos";
    CAT_MALW = "auth.antispam.cat.malw";
    CAT_OSPM = "auth.antispam.cat.ospm";
    CAT_PHSH = "auth.antispam.cat.phsh";
    CAT_SAP = "auth.antispam.cat.sap";
    CAT_SPM = "auth.antispam.cat.spm";
    CAT_SPOOF = "auth.antispam.cat.spoof";
    CAT_UIMP = "auth.antispam.cat.uimp";
    CAT_NONE = "auth.antispam.cat.none";
    FIELD_X_FOREFRONT_ANTISPAM_REPORT = "auth.antispam.field.x-forefront-antispam-report";
    FIELD_X_MICROSOFT_ANTISPAM = "auth.antispam.field.x-microsoft-antispam";
    FIELD_X_MICROSOFT_ANTISPAM_MAILBOX_DELIVERY = "auth.antispam.field.x-microsoft-antispam-mailbox-delivery";
    FIELD_X_MS_EXCHANGE_ORGANIZATION_SCL = "auth.antispam.field.x-ms-exchange-organization-scl";
    FIELD_X_MS_EXCHANGE_ORGANIZATION_PCL = "auth.antispam.field.x-ms-exchange-organization-pcl";
    FIELD_X_SPAM_STATUS = "auth.antispam.field.x-spam-status";
    FIELD_X_SPAM_FLAG = "auth.antispam.field.x-spam-flag";
    UNTRUSTED_COPY = "auth.antispam.untrusted-copy";
    SPAM_YES = "auth.antispam.spam-yes" (score, required);
    SPAM_NO = "auth.antispam.spam-no" (score, required);
    SPAM_FLAG_YES = "auth.antispam.spam-flag-yes";
    SPAM_FLAG_NO = "auth.antispam.spam-flag-no";
    RULES = "auth.antispam.rules";
    SPAMASSASSIN_RULE_BAYES = "auth.antispam.spamassassin-rule.bayes";
    SPAMASSASSIN_RULE_DKIM = "auth.antispam.spamassassin-rule.dkim";
    SPAMASSASSIN_RULE_SPF = "auth.antispam.spamassassin-rule.spf";
    SPAMASSASSIN_RULE_DMARC = "auth.antispam.spamassassin-rule.dmarc";
    SPAMASSASSIN_RULE_RCVD_IN = "auth.antispam.spamassassin-rule.rcvd-in";
    SPAMASSASSIN_RULE_URIBL = "auth.antispam.spamassassin-rule.uribl";
    SPAMASSASSIN_RULE_HTML = "auth.antispam.spamassassin-rule.html";
    SPAMASSASSIN_RULE_FREEMAIL = "auth.antispam.spamassassin-rule.freemail";
    SPAMASSASSIN_RULE_MISSING = "auth.antispam.spamassassin-rule.missing";
    SPAMASSASSIN_RULE_T = "auth.antispam.spamassassin-rule.t";
    SPAMASSASSIN_RULE_OTHER = "auth.antispam.spamassassin-rule.other";
}

/// A meaning and whether the vendor documents it.
pub type Meaning = (Key<0>, bool);

const fn doc(tr: Key<0>) -> Option<Meaning> {
    Some((tr, true))
}

const fn wild(tr: Key<0>) -> Option<Meaning> {
    Some((tr, false))
}

/// What a key of a Microsoft stamp means.
pub fn key_meaning(key: &str) -> Option<Meaning> {
    match key {
        "arc" => doc(KEY_ARC),
        "cat" => doc(KEY_CAT),
        "cip" => doc(KEY_CIP),
        "ctry" => doc(KEY_CTRY),
        "dir" => doc(KEY_DIR),
        "h" => doc(KEY_H),
        "ipv" => doc(KEY_IPV),
        "lang" => doc(KEY_LANG),
        "ptr" => doc(KEY_PTR),
        "scl" => doc(KEY_SCL),
        "sfty" => doc(KEY_SFTY),
        "sfv" => doc(KEY_SFV),
        "srv" => doc(KEY_SRV),
        "x-customspam" => doc(KEY_X_CUSTOMSPAM),
        "bcl" => doc(KEY_BCL),
        "pcl" => doc(KEY_PCL),
        "sfs" => wild(KEY_SFS),
        "dest" => wild(KEY_DEST),
        "ucf" => wild(KEY_UCF),
        "jmr" => wild(KEY_JMR),
        "auth" => wild(KEY_AUTH),
        "ofr" => wild(KEY_OFR),
        "rf" => wild(KEY_RF),
        "abwl" | "wl" | "pcwl" | "iwl" | "dwl" | "rwl" => wild(KEY_ABWL),
        _ => None,
    }
}

/// What a value of a Microsoft stamp key means.
pub fn value_meaning(key: &str, value: &str) -> Option<Meaning> {
    match key {
        "scl" => scl(value),
        "bcl" => bcl(value),
        "pcl" => pcl(value),
        "sfv" => sfv(value),
        "cat" => cat(value),
        "dir" => match value {
            "inb" => doc(VALUE_DIR_INB),
            "out" => doc(VALUE_DIR_OUT),
            "int" => doc(VALUE_DIR_INT),
            "oub" | "otb" => wild(VALUE_DIR_OUB),
            _ => None,
        },
        "ipv" => match value {
            "cal" => doc(VALUE_IPV_CAL),
            "nli" => doc(VALUE_IPV_NLI),
            _ => None,
        },
        "srv" => match value {
            "bulk" => doc(VALUE_SRV_BULK),
            _ => None,
        },
        "sfty" => match value {
            "9.19" => doc(VALUE_SFTY_9_19),
            "9.20" => doc(VALUE_SFTY_9_20),
            "9.25" => doc(VALUE_SFTY_9_25),
            _ => None,
        },
        "dest" => match value {
            "i" => wild(VALUE_DEST_I),
            "j" => wild(VALUE_DEST_J),
            "c" => wild(VALUE_DEST_C),
            _ => None,
        },
        _ => None,
    }
}

fn scl(value: &str) -> Option<Meaning> {
    match value.parse::<i8>().ok()? {
        -1 => doc(SCL_MINUS_1),
        0 | 1 => doc(SCL_0_1),
        2..=4 => doc(SCL_2_TO_4),
        5 | 6 => doc(SCL_5_6),
        7..=9 => doc(SCL_7_TO_9),
        _ => None,
    }
}

fn bcl(value: &str) -> Option<Meaning> {
    match value.parse::<u8>().ok()? {
        0 => doc(BCL_0),
        1..=3 => doc(BCL_1_TO_3),
        4..=7 => doc(BCL_4_TO_7),
        8 | 9 => doc(BCL_8_9),
        _ => None,
    }
}

fn pcl(value: &str) -> Option<Meaning> {
    match value.parse::<u8>().ok()? {
        0..=3 => doc(PCL_0_TO_3),
        4..=8 => doc(PCL_4_TO_8),
        _ => None,
    }
}

fn sfv(value: &str) -> Option<Meaning> {
    match value {
        "blk" => doc(SFV_BLK),
        "nspm" => doc(SFV_NSPM),
        "sfe" => doc(SFV_SFE),
        "ska" => doc(SFV_SKA),
        "skb" => doc(SFV_SKB),
        "skn" => doc(SFV_SKN),
        "skq" => doc(SFV_SKQ),
        "sks" => doc(SFV_SKS),
        "spm" => doc(SFV_SPM),
        "ski" => wild(SFV_SKI),
        "dms" => wild(SFV_DMS),
        _ => None,
    }
}

fn cat(value: &str) -> Option<Meaning> {
    match value {
        "amp" => doc(CAT_AMP),
        "bimp" => doc(CAT_BIMP),
        "bulk" => doc(CAT_BULK),
        "dimp" => doc(CAT_DIMP),
        "ftbp" => doc(CAT_FTBP),
        "gimp" => doc(CAT_GIMP),
        "hphsh" | "hphish" => doc(CAT_HPHSH),
        "hspm" => doc(CAT_HSPM),
        "intos" => doc(CAT_INTOS),
        "malw" => doc(CAT_MALW),
        "ospm" => doc(CAT_OSPM),
        "phsh" => doc(CAT_PHSH),
        "sap" => doc(CAT_SAP),
        "spm" => doc(CAT_SPM),
        "spoof" => doc(CAT_SPOOF),
        "uimp" => doc(CAT_UIMP),
        "none" => wild(CAT_NONE),
        _ => None,
    }
}

/// What a stamp field as a whole is.
pub fn field_meaning(field: &str) -> Option<Key<0>> {
    Some(match field {
        "x-forefront-antispam-report" | "x-forefront-antispam-report-untrusted" => {
            FIELD_X_FOREFRONT_ANTISPAM_REPORT
        }
        "x-microsoft-antispam" | "x-microsoft-antispam-untrusted" => FIELD_X_MICROSOFT_ANTISPAM,
        "x-microsoft-antispam-mailbox-delivery" => FIELD_X_MICROSOFT_ANTISPAM_MAILBOX_DELIVERY,
        "x-ms-exchange-organization-scl" => FIELD_X_MS_EXCHANGE_ORGANIZATION_SCL,
        "x-ms-exchange-organization-pcl" => FIELD_X_MS_EXCHANGE_ORGANIZATION_PCL,
        "x-spam-status" => FIELD_X_SPAM_STATUS,
        "x-spam-flag" => FIELD_X_SPAM_FLAG,
        _ => return None,
    })
}

/// A SpamAssassin rule family, by the naming conventions of the stock rule set.
pub fn spamassassin_rule(rule: &str) -> Key<0> {
    const FAMILIES: &[(&str, Key<0>)] = &[
        ("BAYES_", SPAMASSASSIN_RULE_BAYES),
        ("DKIM_", SPAMASSASSIN_RULE_DKIM),
        ("SPF_", SPAMASSASSIN_RULE_SPF),
        ("DMARC_", SPAMASSASSIN_RULE_DMARC),
        ("RCVD_IN_", SPAMASSASSIN_RULE_RCVD_IN),
        ("URIBL_", SPAMASSASSIN_RULE_URIBL),
        ("HTML_", SPAMASSASSIN_RULE_HTML),
        ("FREEMAIL_", SPAMASSASSIN_RULE_FREEMAIL),
        ("MISSING_", SPAMASSASSIN_RULE_MISSING),
        ("T_", SPAMASSASSIN_RULE_T),
    ];
    FAMILIES
        .iter()
        .find(|(prefix, _)| rule.starts_with(prefix))
        .map(|(_, tr)| *tr)
        .unwrap_or(SPAMASSASSIN_RULE_OTHER)
}
