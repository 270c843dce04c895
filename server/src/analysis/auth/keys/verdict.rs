//! The keys of the sentences about authentication methods, results and properties (texts:
//! `catalog/auth/verdict.toml`), and which methods and results are known.

use crate::analysis::auth::spf;
use crate::sentence::Key;

crate::keys! {
    METHOD_SPF = "auth.verdict.method.spf";
    METHOD_DKIM = "auth.verdict.method.dkim";
    METHOD_DMARC = "auth.verdict.method.dmarc";
    METHOD_ARC = "auth.verdict.method.arc";
    METHOD_IPREV = "auth.verdict.method.iprev";
    METHOD_AUTH = "auth.verdict.method.auth";
    METHOD_COMPAUTH = "auth.verdict.method.compauth";
    METHOD_BIMI = "auth.verdict.method.bimi";
    METHOD_SENDER_ID = "auth.verdict.method.sender-id";
    METHOD_DOMAINKEYS = "auth.verdict.method.domainkeys";
    METHOD_DKIM_ADSP = "auth.verdict.method.dkim-adsp";
    METHOD_DKIM_ATPS = "auth.verdict.method.dkim-atps";
    METHOD_VBR = "auth.verdict.method.vbr";
    METHOD_RRVS = "auth.verdict.method.rrvs";
    METHOD_SMIME = "auth.verdict.method.smime";
    METHOD_DNSWL = "auth.verdict.method.dnswl";
    UNKNOWN_METHOD = "auth.verdict.unknown-method" (method);
    UNKNOWN_RESULT = "auth.verdict.unknown-result" (result, method);
    RESULT_PASS = "auth.verdict.result.pass";
    RESULT_FAIL = "auth.verdict.result.fail";
    RESULT_SOFTFAIL = "auth.verdict.result.softfail";
    RESULT_NEUTRAL = "auth.verdict.result.neutral";
    RESULT_NONE = "auth.verdict.result.none";
    RESULT_POLICY = "auth.verdict.result.policy";
    RESULT_TEMPERROR = "auth.verdict.result.temperror";
    RESULT_PERMERROR = "auth.verdict.result.permerror";
    RESULT_BESTGUESSPASS = "auth.verdict.result.bestguesspass";
    RESULT_SOFTPASS = "auth.verdict.result.softpass";
    RESULT_DECLINED = "auth.verdict.result.declined";
    RESULT_SKIPPED = "auth.verdict.result.skipped";
    PROPERTY_SMTP_MAILFROM = "auth.verdict.property.smtp-mailfrom";
    PROPERTY_SMTP_MAIL = "auth.verdict.property.smtp-mail";
    PROPERTY_SMTP_HELO = "auth.verdict.property.smtp-helo";
    PROPERTY_SMTP_AUTH = "auth.verdict.property.smtp-auth";
    PROPERTY_SMTP_REMOTE_IP = "auth.verdict.property.smtp-remote-ip";
    PROPERTY_SMTP_RCPTTO = "auth.verdict.property.smtp-rcptto";
    PROPERTY_SMTP_RCPTTODOMAIN = "auth.verdict.property.smtp-rcpttodomain";
    PROPERTY_HEADER_D = "auth.verdict.property.header-d";
    PROPERTY_HEADER_I = "auth.verdict.property.header-i";
    PROPERTY_HEADER_S = "auth.verdict.property.header-s";
    PROPERTY_HEADER_B = "auth.verdict.property.header-b";
    PROPERTY_HEADER_A = "auth.verdict.property.header-a";
    PROPERTY_HEADER_FROM = "auth.verdict.property.header-from";
    PROPERTY_HEADER_OLDEST_PASS = "auth.verdict.property.header-oldest-pass";
    PROPERTY_POLICY_DMARC = "auth.verdict.property.policy-dmarc";
    PROPERTY_ACTION = "auth.verdict.property.action";
    PROPERTY_RECEIVER = "auth.verdict.property.receiver";
    PROPERTY_IDENTITY = "auth.verdict.property.identity";
    PROPERTY_MECHANISM = "auth.verdict.property.mechanism";
    PROPERTY_PROBLEM = "auth.verdict.property.problem";
    COMPAUTH_REASON_000 = "auth.verdict.compauth-reason.000";
    COMPAUTH_REASON_001 = "auth.verdict.compauth-reason.001";
    COMPAUTH_REASON_002 = "auth.verdict.compauth-reason.002";
    COMPAUTH_REASON_010 = "auth.verdict.compauth-reason.010";
    COMPAUTH_REASON_130 = "auth.verdict.compauth-reason.130";
    COMPAUTH_REASON_X_1 = "auth.verdict.compauth-reason.x.1";
    COMPAUTH_REASON_X_2 = "auth.verdict.compauth-reason.x.2";
    COMPAUTH_REASON_X_3 = "auth.verdict.compauth-reason.x.3";
    COMPAUTH_REASON_X_4 = "auth.verdict.compauth-reason.x.4";
    COMPAUTH_REASON_X_6 = "auth.verdict.compauth-reason.x.6";
    DMARC_ACTION_NONE = "auth.verdict.dmarc-action.none";
    DMARC_ACTION_QUARANTINE = "auth.verdict.dmarc-action.quarantine";
    DMARC_ACTION_REJECT = "auth.verdict.dmarc-action.reject";
    DMARC_ACTION_OREJECT = "auth.verdict.dmarc-action.oreject";
    DMARC_ACTION_PCT_QUARANTINE = "auth.verdict.dmarc-action.pct-quarantine";
    DMARC_ACTION_PCT_REJECT = "auth.verdict.dmarc-action.pct-reject";
    DMARC_ACTION_PERMERROR = "auth.verdict.dmarc-action.permerror";
    DMARC_ACTION_TEMPERROR = "auth.verdict.dmarc-action.temperror";
    STAMPED_BY = "auth.verdict.stamped-by" (id);
    NO_AUTHSERV_ID = "auth.verdict.no-authserv-id";
    ARC_COPY = "auth.verdict.arc-copy" (i);
    ORIGINAL_COPY = "auth.verdict.original-copy";
    REASON = "auth.verdict.reason";
    COMMENT = "auth.verdict.comment";
    RESULTS = "auth.verdict.results";
    NO_RESULT = "auth.verdict.no-result";
    RESULTS_FIELD = "auth.verdict.results-field";
    RECEIVED_SPF_FIELD = "auth.verdict.received-spf-field";
    DNS_CHECK = "auth.verdict.dns-check";
    LIMIT = "auth.verdict.limit" (max);
}

/// The methods and results the catalog (`catalog/authentication.toml`) explains; for these the
/// hover shows the catalog entry and the detail only adds what is specific to the message.
pub fn catalog_covers(method: &str, result: &str) -> bool {
    let results: &[&str] = match method {
        "spf" => return spf::is_result(result),
        "received-spf" => spf::RESULTS,
        "dkim" => &[
            "pass",
            "fail",
            "none",
            "policy",
            "neutral",
            "temperror",
            "permerror",
        ],
        "dmarc" => &[
            "pass",
            "fail",
            "bestguesspass",
            "none",
            "temperror",
            "permerror",
        ],
        "arc" => &["pass", "fail", "none"],
        "iprev" => &["pass", "fail", "temperror", "permerror"],
        "auth" => &["pass", "fail", "none", "temperror", "permerror"],
        "compauth" => &["pass", "fail", "softpass", "none"],
        "bimi" => &["pass", "none", "fail", "temperror", "declined", "skipped"],
        _ => &[],
    };
    results.contains(&result)
}

/// The results a method defines (RFC 8601 §2.7 and the IANA registry, plus Microsoft's own).
pub fn known_result(method: &str, result: &str) -> bool {
    catalog_covers(method, result)
        || match method {
            "sender-id" => matches!(
                result,
                "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror"
            ),
            "domainkeys" | "smime" => matches!(
                result,
                "pass" | "fail" | "none" | "policy" | "neutral" | "temperror" | "permerror"
            ),
            "dkim-adsp" => matches!(
                result,
                "none"
                    | "pass"
                    | "unknown"
                    | "fail"
                    | "discard"
                    | "nxdomain"
                    | "temperror"
                    | "permerror"
            ),
            "rrvs" => matches!(
                result,
                "none" | "unknown" | "temperror" | "pass" | "fail" | "permerror"
            ),
            "vbr" | "dnswl" | "dkim-atps" => matches!(
                result,
                "pass" | "fail" | "none" | "neutral" | "temperror" | "permerror"
            ),
            _ => false,
        }
}

pub fn method_meaning(method: &str) -> Option<Key<0>> {
    Some(match method {
        "spf" | "received-spf" => METHOD_SPF,
        "dkim" => METHOD_DKIM,
        "dmarc" => METHOD_DMARC,
        "arc" => METHOD_ARC,
        "iprev" => METHOD_IPREV,
        "auth" => METHOD_AUTH,
        "compauth" => METHOD_COMPAUTH,
        "bimi" => METHOD_BIMI,
        "sender-id" => METHOD_SENDER_ID,
        "domainkeys" => METHOD_DOMAINKEYS,
        "dkim-adsp" => METHOD_DKIM_ADSP,
        "dkim-atps" => METHOD_DKIM_ATPS,
        "vbr" => METHOD_VBR,
        "rrvs" => METHOD_RRVS,
        "smime" => METHOD_SMIME,
        "dnswl" => METHOD_DNSWL,
        _ => return None,
    })
}

pub fn result_meaning(result: &str) -> Option<Key<0>> {
    Some(match result {
        "pass" => RESULT_PASS,
        "fail" | "hardfail" => RESULT_FAIL,
        "softfail" => RESULT_SOFTFAIL,
        "neutral" => RESULT_NEUTRAL,
        "none" => RESULT_NONE,
        "policy" => RESULT_POLICY,
        "temperror" => RESULT_TEMPERROR,
        "permerror" => RESULT_PERMERROR,
        "bestguesspass" => RESULT_BESTGUESSPASS,
        "softpass" => RESULT_SOFTPASS,
        "declined" => RESULT_DECLINED,
        "skipped" => RESULT_SKIPPED,
        _ => return None,
    })
}

pub fn property_meaning(key: &str) -> Option<Key<0>> {
    Some(match key {
        "smtp.mailfrom" | "envelope-from" => PROPERTY_SMTP_MAILFROM,
        "smtp.mail" | "smtp.mfrom" => PROPERTY_SMTP_MAIL,
        "smtp.helo" | "helo" => PROPERTY_SMTP_HELO,
        "smtp.auth" => PROPERTY_SMTP_AUTH,
        "smtp.remote-ip" | "smtp.client-ip" | "client-ip" | "policy.iprev" => {
            PROPERTY_SMTP_REMOTE_IP
        }
        "smtp.rcptto" => PROPERTY_SMTP_RCPTTO,
        "smtp.rcpttodomain" => PROPERTY_SMTP_RCPTTODOMAIN,
        "header.d" => PROPERTY_HEADER_D,
        "header.i" => PROPERTY_HEADER_I,
        "header.s" => PROPERTY_HEADER_S,
        "header.b" => PROPERTY_HEADER_B,
        "header.a" => PROPERTY_HEADER_A,
        "header.from" => PROPERTY_HEADER_FROM,
        "header.oldest-pass" => PROPERTY_HEADER_OLDEST_PASS,
        "policy.dmarc" => PROPERTY_POLICY_DMARC,
        "action" => PROPERTY_ACTION,
        "receiver" => PROPERTY_RECEIVER,
        "identity" => PROPERTY_IDENTITY,
        "mechanism" => PROPERTY_MECHANISM,
        "problem" => PROPERTY_PROBLEM,
        _ => return None,
    })
}

/// Microsoft's compauth reason codes (message-headers-eop-mdo), by code or class.
pub fn compauth_reason(code: &str) -> Option<Key<0>> {
    let class = code.as_bytes().first().copied();
    Some(match code {
        "000" => COMPAUTH_REASON_000,
        "001" => COMPAUTH_REASON_001,
        "002" => COMPAUTH_REASON_002,
        "010" => COMPAUTH_REASON_010,
        "130" => COMPAUTH_REASON_130,
        _ => match class {
            Some(b'1' | b'7') => COMPAUTH_REASON_X_1,
            Some(b'2') => COMPAUTH_REASON_X_2,
            Some(b'3') => COMPAUTH_REASON_X_3,
            Some(b'4' | b'9') => COMPAUTH_REASON_X_4,
            Some(b'6') => COMPAUTH_REASON_X_6,
            _ => return None,
        },
    })
}

/// The catalog key of a compauth reason: exact codes first, then the class (`compauth-reason=1xx`).
pub fn compauth_reason_key(code: &str) -> Option<String> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if matches!(code, "000" | "001" | "002" | "010" | "130") {
        return Some(format!("compauth-reason={code}"));
    }
    let class = code.get(..1)?;
    matches!(class, "1" | "2" | "3" | "4" | "6" | "7" | "9")
        .then(|| format!("compauth-reason={class}xx"))
}

/// Microsoft's DMARC `action=` values.
pub fn dmarc_action(value: &str) -> Option<Key<0>> {
    Some(match value {
        "none" => DMARC_ACTION_NONE,
        "quarantine" => DMARC_ACTION_QUARANTINE,
        "reject" => DMARC_ACTION_REJECT,
        "oreject" => DMARC_ACTION_OREJECT,
        "pct.quarantine" => DMARC_ACTION_PCT_QUARANTINE,
        "pct.reject" => DMARC_ACTION_PCT_REJECT,
        "permerror" => DMARC_ACTION_PERMERROR,
        "temperror" => DMARC_ACTION_TEMPERROR,
        _ => return None,
    })
}
