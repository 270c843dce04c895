//! The bounce reason class of a failed recipient, in Sisimai's vocabulary (userunknown,
//! mailboxfull, blocked …; `shared/reference/bounce-reasons.md` defines each one).
//!
//! The decision is table-driven and goes from the strongest evidence to the weakest:
//!
//! 1. the outcome itself: a delivered recipient (`2.x.x`, `Action: delivered`) is `delivered`;
//!    a local delivery program's failure (`x-unix;` diagnostics) is `mailererror`;
//! 2. the provider's own codes in the reply (`AUP#CDRBL`, `S3150` …), from [`PROVIDER_CODES`];
//! 3. the server's words, matched against [`RULES`] in their priority order (the first rule
//!    that matches decides, so a specific rule — "sender address rejected", "RFC 5322" —
//!    stands ahead of a broad one — "does not exist", "blocked"); a Postfix
//!    `Recipient address rejected:` prefix says nothing by itself, the words after it decide;
//! 4. the SMTP phase: a "user unknown" answered only after DATA is `filtered`, a failure at
//!    MAIL FROM with no words that decide is `rejected`, one at the greeting or HELO `blocked`;
//! 5. the catalog's reason for a provider row the reply matches (Exchange Online, Gmail, Yahoo);
//! 6. the enhanced status code's subject and detail ([`from_status`]);
//! 7. the bounce's own prose around the recipient, with the same rules;
//! 8. the few reply codes that mean one thing (`551` has moved, `552` at RCPT mailbox full);
//! 9. a delay with nothing else known is `expired`; anything else `onhold`.
//!
//! Where this deliberately differs from Sisimai, `tests/corpus/main.rs` lists the case and why.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::catalog::{self, Query};
use crate::delivery::{Action, Reason};
use crate::lang::Lang;

/// The SMTP command a failure answered, which changes what some replies mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// The greeting or the connection itself.
    Connect,
    /// `HELO` / `EHLO`.
    Helo,
    /// `MAIL FROM`.
    MailFrom,
    /// `RCPT TO`.
    RcptTo,
    /// `DATA`, or the end of the message data.
    Data,
}

impl Phase {
    /// The command as it is written on the wire.
    pub fn command(self) -> &'static str {
        match self {
            Phase::Connect => "CONNECT",
            Phase::Helo => "EHLO/HELO",
            Phase::MailFrom => "MAIL FROM",
            Phase::RcptTo => "RCPT TO",
            Phase::Data => "DATA",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Phase::Connect => "connect",
            Phase::Helo => "helo",
            Phase::MailFrom => "mail-from",
            Phase::RcptTo => "rcpt-to",
            Phase::Data => "data",
        }
    }
}

/// Everything known about one recipient's failure.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence<'a> {
    /// The chosen enhanced status code.
    pub status: Option<&'a str>,
    pub reply: Option<u16>,
    /// The server's own words (the diagnostic).
    pub text: &'a str,
    /// The bounce's prose around the recipient, read when the diagnostic decides nothing.
    pub context: &'a str,
    pub phase: Option<Phase>,
    /// `failed`, `delayed`, `delivered` …
    pub action: Option<Action>,
}

/// Wording rules in priority order: the first reason whose fragment occurs decides. Fragments
/// match case-insensitively, and a fragment that starts or ends with a letter or digit matches
/// only at a word boundary there (`ube` is not in `tube`, `rbl` is not in `herbal`).
pub const RULES: &[(&str, &[&str])] = &[
    (
        "suppressed",
        &[
            "suppression list",
            "has suppressed sending",
            "suppressed sending",
            "address is suppressed",
        ],
    ),
    (
        "mailererror",
        &[
            "x-unix",
            "mailer error",
            "command died",
            "pipe to",
            "program exited",
            "procmail",
            "command output:",
            "command died with status",
            "unknown mailer error",
        ],
    ),
    (
        "rejected",
        &[
            "sender address rejected",
            "sender rejected",
            "sender verify failed",
            "sender verification failed",
            "domain of sender address",
            "sender domain does not exist",
            "sender domain not found",
            "sender domain must exist",
            "envelope sender",
            "mail from address rejected",
            "invalid sender",
            "unverified sender",
            "sender unknown",
            "unknown sender",
            "bad sender",
            "sender denied",
            "sender not allowed",
            "sender is not allowed",
            "sender address is invalid",
            "permission to post",
            "投稿する権限",
            "not allowed to post",
            "rejected by group",
            "'send mail as'",
            "send mail as feature",
            "administrative prohibition",
            "batv",
            "bogus mail from",
            "no third-party dsns",
            "unsigned dsn",
            "returned mail not accepted here",
            "mail from not owned by user",
            "fully qualified email address required",
            "sender email address rejected",
            "sender is spammer",
            "sender not pre-approved",
            "sender domain is empty",
            "unroutable sender address",
            "email address is not verified",
            "emetteur invalide",
            "not a registered gateway user",
            "list of senders to accept mail from",
        ],
    ),
    (
        "notcompliantrfc",
        &[
            "rfc 5322",
            "rfc5322",
            "rfc 2822",
            "rfc2822",
            "rfc 822",
            "rfc822 compliant",
            "multiple addresses in from",
            "not rfc compliant",
            "not rfc-compliant",
            "rfc-compliant",
            "duplicate header",
            "missing required header",
            "headers are not compliant",
        ],
    ),
    (
        "virusdetected",
        &[
            "virus",
            "malware",
            "infected",
            "trojan",
            "worm detected",
            "potentially executable attachment",
        ],
    ),
    (
        "badreputation",
        &[
            "reputation",
            "tss04",
            "temporarily deferred due to user complaints",
            "poor sending",
        ],
    ),
    (
        "spamdetected",
        &[
            "spam",
            "ube",
            "uce",
            "unsolicited",
            "junk mail",
            "bulk mail",
            "spam classification",
            "spamdetected",
            "message rejeted",
            "suspicious",
            "phishing",
            "scam",
            "spamassassin",
            "bulk email",
            "spamprofiler",
            "unacceptable content",
            "recurrent pattern detection",
            "mass mailer",
            "failed several antispam checks",
            "bulk.advertising",
            "looks suspiciously like spammer",
        ],
    ),
    (
        "policyviolation",
        &[
            "content presents a potential",
            "policy violation",
            "violates our policy",
            "against policy",
            "host network not allowed",
            "prohibited attachment",
            "attachment is not allowed",
            "attachments are not allowed",
            "file type",
            "illegal attachment",
            "non-member to a members-only list",
            "closed mailing list",
            "security policies",
            "due to organizational settings",
            "protocol violation",
            "not subscribed to this group",
            "without solving a captcha",
            "images or other attachments",
            "messages with multiple addresses",
        ],
    ),
    (
        "authfailure",
        &[
            "dmarc",
            "spf check",
            "spf fail",
            "spf validation",
            "spf record",
            "fails spf",
            "failed spf",
            "does not pass spf",
            "sender policy framework",
            "dkim check",
            "dkim fail",
            "dkim validation",
            "dkim verification",
            "dkim signature",
            "failed dkim",
            "unauthenticated email",
            "sender is unauthenticated",
            "authenticate with either spf or dkim",
            "pass either spf or dkim",
            "is not authenticated with",
        ],
    ),
    (
        "requireptr",
        &[
            "reverse dns",
            "ptr record",
            "no ptr",
            "reverse lookup",
            "rdns",
            "cannot find your hostname",
            "cannot resolve your",
            "reverse hostname",
            "missing reverse",
            "no reverse",
            "fcrdns",
            "forward-confirmed",
            "ip name lookup failed",
            "hostname lookup failed",
        ],
    ),
    (
        "toomanyconn",
        &[
            "too many connections",
            "too many concurrent",
            "too many simultaneous",
            "connection limit",
            "too many sessions",
            "frequency limited",
            "too many recipients",
            "too many smtp sessions",
            "max emails per hour",
            "trop de connexions",
        ],
    ),
    (
        "speeding",
        &[
            "sending quota",
            "sending limit",
            "rate limit",
            "ratelimit",
            "rate-limit",
            "too many messages",
            "sending rate",
            "rate exceeded",
            "receiving mail at a rate",
            "at a rate that",
            "throttl",
            "try again later, closing connection",
        ],
    ),
    // cPanel's Exim template lists the possible causes, the domain first: "The account or
    // domain may not exist, they may be blacklisted, or missing the proper dns entries."
    ("hostunknown", &["account or domain may not exist"]),
    (
        "blocked",
        &[
            "blacklist",
            "blacklisted",
            "blocklist",
            "blocklisted",
            "block list",
            "black list",
            "dnsbl",
            "rbl",
            "spamhaus",
            "spamcop",
            "sorbs",
            "barracudacentral",
            "banned",
            "client host rejected",
            "client host blocked",
            "helo command rejected",
            "ehlo command rejected",
            "helo rejected",
            "invalid helo",
            "bad helo",
            "refused to talk to me",
            "not allowed to send from",
            "smtp server of your isp",
            "your ip",
            "your ip address",
            "ip address is blocked",
            "ip blocked",
            "blocked ip",
            "is listed in",
            "is listed on",
            "is listed at",
            "are listed in",
            "been listed",
            "blocked using",
            "dynamic ip",
            "dial-up",
            "dialup",
            "residential",
            "service refused",
            "connection refused by",
            "access denied, banned",
            "not accepting mail from",
            "on our block list",
            "banned sending ip",
            "rejecting open proxy",
            "bad ip profile",
            "unwanted messages have been sent from",
            "invalid ip for sending mail",
            "may not be mail exchanger",
        ],
    ),
    (
        "securityerror",
        &[
            "without authentication",
            "authentication required",
            "authentication is required",
            "not authenticated",
            "smtp authentication",
            "must be authenticated",
            "must authenticate",
            "resolver.rst.authrequired",
            "resolver.rst.notauthorized",
            "delivery not authorized",
            "authentication failed",
            "authentication credentials invalid",
        ],
    ),
    (
        "norelaying",
        &[
            "relay access denied",
            "relaying denied",
            "relay denied",
            "relay not permitted",
            "not permitted to relay",
            "unable to relay",
            "relaying not allowed",
            "relaying is not allowed",
            "relay not allowed",
            "we do not relay",
            "no relaying",
            "not a gateway",
            "open relay",
            "relaying mail to",
            "relay prohibited",
            "insecure mail relay",
            "not local host",
            "allowed rcpthosts",
            "not configured to relay",
            "we don't handle mail for",
            "when attempting to send to a non-local",
        ],
    ),
    (
        "securityerror",
        &[
            "security policy",
            "access denied",
            "not authorized",
            "unauthorized",
        ],
    ),
    (
        "mailboxfull",
        &[
            "mailbox full",
            "mailbox is full",
            "mailfolder is full",
            "mail folder is full",
            "inbox is full",
            "mailbox has exceeded",
            "mailbox exceeded",
            "quota exceeded",
            "exceeded quota",
            "over quota",
            "overquota",
            "over the quota",
            "exceeds its quota",
            "exceeded its quota",
            "quota",
            "exceeded storage",
            "disk quota",
            "mailbox size limit",
            "user is over",
            "full mailbox",
            "out of storage",
            "insufficient disk space",
            "mailbox is over",
            "not enough space",
            "mailboxfull",
            "boite du destinataire pleine",
            "does not have enough space",
            "not enough storage space",
            "space has been used up",
            "too much mail data",
        ],
    ),
    (
        "mesgtoobig",
        &[
            "message too big",
            "message too large",
            "message is too large",
            "message is too big",
            "message size exceeds",
            "message size limit",
            "exceeds size limit",
            "size limit exceeded",
            "exceeds the maximum size",
            "exceeds maximum message size",
            "maximum message size",
            "message length exceeds",
            "too big for",
            "message file too big",
            "line limit exceeded",
            "line too long",
            "size exceeds",
            "maximum inbound message size",
            "maximum incoming message size",
            "max message size",
            "taille limite du message",
        ],
    ),
    (
        "exceedlimit",
        &[
            "exceeded the limit",
            "limit exceeded",
            "exceeds the limit",
            "message header size exceeds",
        ],
    ),
    (
        "hasmoved",
        &[
            "has moved",
            "no longer on server",
            "address has changed",
            "has been moved",
            "not our customer",
            "user not local",
            "has been replaced by",
        ],
    ),
    ("userunknown", &["inactive email address"]),
    (
        "suspend",
        &[
            "disabled",
            "suspended",
            "account is locked",
            "account has been locked",
            "temporarily locked",
            "temporary locked",
            "not active",
            "inactive",
            "deactivated",
            "frozen",
            "temporarily blocked for",
            "account is unavailable",
            "mailbox is inactive",
            "mailbox unavailable or access denied",
            "boite du destinataire archivee",
            "recipient suspend the service",
        ],
    ),
    (
        "notaccept",
        &[
            "does not accept mail",
            "doesn't accept mail",
            "null mx",
            "not accepting network messages",
            "not accepting mail",
            "accepts no mail",
            "accept no mail",
            "no route for current request",
            "smtp protocol returned a permanent error",
        ],
    ),
    (
        "contenterror",
        &[
            "media error",
            "message content",
            "content rejected",
            "invalid content",
            "mime",
            "header error",
            "improper header",
            "bad header",
            "message header",
            "8bit",
            "8-bit",
            "encoding error",
            "improperly-formatted binary content",
            "unnecessary base64 encoding",
        ],
    ),
    // A domain that does not exist, said in the words a mailbox would be ("Domain does not
    // exist"): ahead of the broad "does not exist" below.
    (
        "hostunknown",
        &[
            "domain does not exist",
            "domain doesn't exist",
            "no such domain",
            "domain not found",
            "domain name not found",
            "host or domain name not found",
            "unrouteable mail domain",
            "unroutable domain",
        ],
    ),
    (
        "userunknown",
        &[
            "user unknown",
            "unknown user",
            "no such user",
            "no such recipient",
            "no such person",
            "no such mailbox",
            "no such account",
            "user does not exist",
            "user doesn't exist",
            "address does not exist",
            "account does not exist",
            "mailbox does not exist",
            "recipient does not exist",
            "does not exist",
            "doesn't exist",
            "recipient not found",
            "recipnotfound",
            "unknown recipient",
            "invalid recipient",
            "recipient unknown",
            "recipient invalid",
            "recipient rejected",
            "no mailbox",
            "user not found",
            "unknown address",
            "address unknown",
            "not a valid recipient",
            "not a valid mailbox",
            "mailbox not found",
            "invalid mailbox",
            "bad destination mailbox",
            "addressee unknown",
            "destinataire invalide",
            "unrouteable address",
            "no valid recipients",
            "invalid address",
            "unknown local part",
            "unknown or illegal alias",
            "not listed in domino",
            "no account",
            "user invalid",
            "invalid user",
            "is not a known user",
            "recipient name is not recognized",
            "doesn't have a",
            "does not have an account",
            "userunknown",
            "mailbox unavailable",
            "mailbox not available",
            "user not known",
            "invalid final delivery",
            "address invalid",
            "archived recipient",
            "addresses were unknown",
            "server rejected recipients",
            "not an active address",
            "nessun utente simile",
            "mail box available for this user",
            "matches to nameserver query",
            "no such address",
            "no one at this address",
            "person at this address",
            "account unavailable",
            "not a local address",
            "invalid-recipient",
            "refuses to accept your mail",
            "recipient notfound",
            "badrcptto",
            "envelope recipient has been denied",
            "address no longer accepts mail",
            "wrong or no longer valid",
            "badrecipientto",
            "not in my validrcptto",
            "missing home directory",
            "utilisateur inconnu",
            "unknown virtual user",
        ],
    ),
    (
        "networkerror",
        &[
            "host not found, try again",
            "temporary lookup failure",
            "dns lookup failure, try again",
        ],
    ),
    (
        "hostunknown",
        &[
            "host unknown",
            "unknown host",
            "host not found",
            "domain not found",
            "domain name not found",
            "no such domain",
            "domain does not exist",
            "unknown domain",
            "name or service not known",
            "host or domain name not found",
            "unrouteable mail domain",
            "unroutable domain",
            "nxdomain",
            "no mx",
            "hostunknown",
        ],
    ),
    (
        "failedstarttls",
        &[
            "starttls",
            "tls required",
            "must use tls",
            "requires tls",
            "tls is required",
            "encryption required",
            "tls negotiation",
            "tls handshake",
            "does not support tls",
            "doesn't support tls",
            "tls not available",
            "tls is not available",
            "mta-sts",
            "dane",
        ],
    ),
    (
        "systemfull",
        &[
            "insufficient system storage",
            "system full",
            "disk full",
            "out of disk",
            "no space left",
        ],
    ),
    (
        "expired",
        &[
            "expired",
            "queue too long",
            "been in the queue",
            "too long in queue",
            "retry timeout exceeded",
            "did not accept our requests to connect",
            "delivery time expired",
            "unable to deliver in",
            "gave up",
            "giving up",
            "retry time not reached for any host",
            "could not be delivered for",
            "delivery attempts will continue",
            "not been collected after",
            "allowed queue period",
            "after multiple retries",
            "failing for a long time",
            "could not find a gateway for",
        ],
    ),
    (
        "networkerror",
        &[
            "network error",
            "connection timed out",
            "timed out",
            "timeout",
            "no route to host",
            "network is unreachable",
            "could not connect",
            "unable to connect",
            "connection refused",
            "hop count exceeded",
            "mail loop",
            "loop detected",
            "loops back to myself",
            "too many hops",
            "establish an smtp connection",
            "lost connection",
            "connection reset",
            "connection closed",
            "dns error",
            "dns lookup",
            "temporary lookup failure",
            "message looping",
            "mail forwarding loop for",
            "routing loop",
            "loop count exceeded",
            "host is unreachable",
            "host name lookup failure",
            "name server reply",
            "unable to resolve route",
            "dns records for the destination computer could not be found",
        ],
    ),
    (
        "systemerror",
        &[
            "system error",
            "internal error",
            "server error",
            "local configuration",
            "configuration error",
            "local error",
            "could not load",
            "temporary failure",
            "service unavailable",
            "can't create user output file",
            "interrupted system call",
            "encountered an error while being processed",
            "loop was found in the mail exchanger",
            "queue file write error",
            "remote server is misconfigured",
            "system config error",
            "temporary local problem",
            "service currently unavailable",
        ],
    ),
    (
        "syntaxerror",
        &[
            "syntax error",
            "malformed address",
            "incorrectly constructed",
            "command unrecognized",
            "unrecognized command",
            "command not recognized",
            "bad sequence",
        ],
    ),
    (
        "blocked",
        &["has been blocked", "is blocked", "are blocked", "blocked"],
    ),
    (
        "policyviolation",
        &["policy", "not accepted for", "prohibited", "not allowed"],
    ),
    ("filtered", &["filtered", "filter"]),
];

/// Cox's `AUP#` codes (its published e-mail error codes), with the reason each one documents.
const COX: &[(&str, &str)] = &[
    ("cxbl", "blocked"),
    ("cdrbl", "blocked"),
    ("ipbl", "blocked"),
    ("cxdns", "requireptr"),
    ("cxsndr", "authfailure"),
    ("cxsmtp", "rejected"),
    ("cxcnct", "toomanyconn"),
    ("cxmxrt", "toomanyconn"),
    ("cxthrt", "securityerror"),
    ("cxmj", "securityerror"),
    ("urlbl", "spamdetected"),
];

/// Spectrum's numbered `AUP#I-nnnn` / `AUP#O-nnnn` codes, by range.
const SPECTRUM: &[(u16, u16, &str)] = &[
    (1000, 1000, "blocked"),
    (1010, 1080, "rejected"),
    (1090, 1090, "systemerror"),
    (1100, 1150, "requireptr"),
    (1160, 1190, "policyviolation"),
    (1200, 1250, "blocked"),
    (1260, 1260, "networkerror"),
    (1300, 1340, "toomanyconn"),
    (1350, 1490, "speeding"),
    (1500, 1520, "rejected"),
    (1530, 1530, "mesgtoobig"),
    (1540, 1550, "speeding"),
    (1560, 1560, "policyviolation"),
    (1580, 1580, "speeding"),
];

/// Orange and La Poste codes (`OFR_506`, `LPN007_416`): the last three digits decide.
const ORANGE: &[(u16, &str)] = &[
    (101, "blocked"),
    (102, "blocked"),
    (103, "blocked"),
    (104, "toomanyconn"),
    (305, "securityerror"),
    (401, "authfailure"),
    (402, "securityerror"),
    (403, "rejected"),
    (405, "rejected"),
    (415, "rejected"),
    (416, "userunknown"),
    (417, "mailboxfull"),
    (420, "suspend"),
    (421, "rejected"),
    (426, "suspend"),
    (505, "systemerror"),
    (506, "spamdetected"),
    (510, "blocked"),
    (514, "mesgtoobig"),
    (517, "authfailure"),
    (630, "policyviolation"),
    (999, "blocked"),
];

/// GoDaddy's `IBnnn` codes.
const GODADDY: &[(&str, &str)] = &[
    ("ib401", "securityerror"),
    ("ib501", "notcompliantrfc"),
    ("ib502", "notcompliantrfc"),
    ("ib506", "rejected"),
    ("ib508", "authfailure"),
    ("ib108", "requireptr"),
    ("ib212", "spamdetected"),
    ("ib705", "virusdetected"),
    ("ib605", "toomanyconn"),
    ("ib007", "toomanyconn"),
    ("ib101", "speeding"),
    ("ib110", "blocked"),
    ("ib111", "blocked"),
    ("ib112", "blocked"),
    ("ib113", "blocked"),
    ("ib504", "speeding"),
    ("ib510", "speeding"),
    ("ib607", "speeding"),
    ("ib103", "badreputation"),
    ("ib104", "blocked"),
    ("ib105", "blocked"),
    ("ib106", "blocked"),
];

/// Every marker [`provider_code`] looks for, in one automaton: most replies hold none of them,
/// and one pass over the text tells so without lower-casing it or searching for each in turn.
static PROVIDER_MARKERS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let fixed = ["aup#", "ofr", "lpn", "ouk_", "groups.google.com/support"];
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(
            fixed
                .into_iter()
                .chain(GODADDY.iter().map(|(code, _)| *code)),
        )
        .ok()
});

/// The reason a provider's own code in the reply documents (Cox, Spectrum, Orange, GoDaddy).
pub fn provider_code(text: &str) -> Option<&'static str> {
    if PROVIDER_MARKERS
        .as_ref()
        .is_some_and(|markers| !markers.is_match(text))
    {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let word_after = |at: usize| -> &str {
        let rest = &lower[at..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        &rest[..end]
    };
    if let Some(at) = lower.find("aup#") {
        let code = word_after(at + 4);
        if let Some((_, reason)) = COX.iter().find(|(prefix, _)| code.starts_with(prefix)) {
            return Some(reason);
        }
        let number = code.rsplit('-').next().and_then(|n| n.parse::<u16>().ok());
        if let Some(number) = number
            && let Some((_, _, reason)) = SPECTRUM
                .iter()
                .find(|(low, high, _)| (*low..=*high).contains(&number))
        {
            return Some(reason);
        }
    }
    for marker in ["ofr_", "ofr", "lpn", "ouk_"] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(marker) {
            let at = from + found;
            from = at + marker.len();
            if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            let code = word_after(at);
            let digits = code.rsplit('_').next().unwrap_or_default();
            if digits.len() == 3
                && let Ok(number) = digits.parse::<u16>()
                && let Some((_, reason)) = ORANGE.iter().find(|(n, _)| *n == number)
            {
                return Some(reason);
            }
        }
    }
    // Google Groups only bounces a post the group refused.
    if lower.contains("groups.google.com/support") {
        return Some("rejected");
    }
    for (code, reason) in GODADDY {
        if let Some(at) = lower.find(code)
            && (at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric())
            && lower
                .as_bytes()
                .get(at + code.len())
                .is_none_or(|b| !b.is_ascii_alphanumeric())
        {
            return Some(reason);
        }
    }
    None
}

/// One automaton over every fragment of [`RULES`].
struct Matcher {
    automaton: AhoCorasick,
    /// For each fragment: the rank of its rule, its reason and the fragment itself.
    rules: Vec<(usize, &'static str, &'static str)>,
}

static MATCHER: LazyLock<Option<Matcher>> = LazyLock::new(|| {
    let mut rules = Vec::new();
    for (rank, (reason, fragments)) in RULES.iter().enumerate() {
        for fragment in *fragments {
            rules.push((rank, *reason, *fragment));
        }
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(rules.iter().map(|(_, _, fragment)| fragment))
        .ok()?;
    Some(Matcher { automaton, rules })
});

/// The reason the wording of `text` names, if any (see [`RULES`]).
pub fn from_text(text: &str) -> Option<&'static str> {
    let reason = best_rule(text, None)?;
    if reason != "mailererror" {
        return Some(reason);
    }
    // A local delivery program's own output ("Command output: Mail quota exceeded", "x-unix;
    // Quota exceeded") names what went wrong better than the fact that a program ran.
    Some(mailer_said(text).unwrap_or(reason))
}

/// What a local delivery program's words say, when they name a full mailbox or disk. Its "No
/// such user" is about the system account the program ran as, so that stays a mailer error.
fn mailer_said(text: &str) -> Option<&'static str> {
    best_rule(text, Some("mailererror"))
        .filter(|reason| matches!(*reason, "mailboxfull" | "systemfull"))
}

/// The reason of the highest-ranked rule whose fragment occurs, leaving out `except`'s rows.
fn best_rule(text: &str, except: Option<&str>) -> Option<&'static str> {
    let text = words_that_decide(text);
    let matcher = MATCHER.as_ref()?;
    let bytes = text.as_bytes();
    let mut best: Option<(usize, &'static str)> = None;
    for hit in matcher.automaton.find_overlapping_iter(text.as_ref()) {
        let (rank, reason, fragment) = matcher.rules[hit.pattern().as_usize()];
        if best.is_some_and(|(r, _)| r <= rank) || except == Some(reason) {
            continue;
        }
        let starts_word = fragment
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_alphanumeric);
        let ends_word = fragment
            .as_bytes()
            .last()
            .is_some_and(u8::is_ascii_alphanumeric);
        let before_ok =
            !starts_word || hit.start() == 0 || !bytes[hit.start() - 1].is_ascii_alphanumeric();
        let after_ok = !ends_word
            || bytes
                .get(hit.end())
                .is_none_or(|b| !b.is_ascii_alphanumeric());
        if before_ok && after_ok {
            let reason = if fragment == "does not exist" && names_a_host(&text[..hit.start()]) {
                "hostunknown"
            } else {
                reason
            };
            best = Some((rank, reason));
        }
    }
    best.map(|(_, reason)| reason)
}

/// True when the word that ends `before` is a host or domain name (`mx.example.net`), not an
/// address or a mailbox: "`neko.example.com` does not exist" is about the domain.
fn names_a_host(before: &str) -> bool {
    let word = before
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| matches!(c, '"' | '\'' | ':' | ','));
    word.contains('.')
        && !word.contains(['@', '<', '>'])
        && word.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && word
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The part of a reply whose words decide: without the repeated reply codes of a multi-line
/// reply (`550-5.7.1 … 550 5.7.1 …` reads as one sentence) and without Postfix's
/// `Recipient address rejected:` prefix, which only says that the RCPT was refused.
fn words_that_decide(text: &str) -> std::borrow::Cow<'_, str> {
    // Reports fold long replies over lines ("Host not\n    found, try again").
    let folded = if text.contains(['\n', '\r', '\t']) || text.contains("  ") {
        std::borrow::Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    match folded {
        std::borrow::Cow::Borrowed(text) => without_prefixes(text),
        std::borrow::Cow::Owned(text) => {
            std::borrow::Cow::Owned(without_prefixes(&text).into_owned())
        }
    }
}

/// [`words_that_decide`] on one unfolded line of words.
fn without_prefixes(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let reply_like = i > 0
            && bytes[i - 1] == b' '
            && bytes[i..i + 3].iter().all(u8::is_ascii_digit)
            && matches!(bytes[i + 3], b'-' | b' ')
            && matches!(bytes[i], b'4' | b'5');
        if reply_like {
            let mut end = i + 4;
            if let Some(code) = crate::analysis::codes::code_at(bytes, end) {
                end = code.end;
            }
            out.push_str(&text[copied..i]);
            copied = end.min(text.len());
            i = copied;
            continue;
        }
        i += 1;
    }
    let mut joined = if copied == 0 {
        std::borrow::Cow::Borrowed(text)
    } else {
        out.push_str(&text[copied..]);
        std::borrow::Cow::Owned(out)
    };
    const PREFIX: &str = "recipient address rejected:";
    if let Some(at) = find_ignore_case(&joined, PREFIX) {
        let mut owned = joined.into_owned();
        owned.replace_range(at..at + PREFIX.len(), " ");
        joined = std::borrow::Cow::Owned(owned);
    }
    joined
}

/// Where `needle` (ASCII, lower case) first occurs in `text`, ignoring ASCII case, without
/// allocating.
fn find_ignore_case(text: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn contains_ignore_case(text: &str, needle: &str) -> bool {
    find_ignore_case(text, needle).is_some()
}

/// Decides the reason of one recipient's failure (see the module documentation for the order).
pub fn classify(evidence: &Evidence<'_>) -> Option<&'static str> {
    let status = evidence.status;
    let class = status
        .and_then(|s| s.bytes().next())
        .or_else(|| evidence.reply.map(|r| b'0' + (r / 100) as u8));
    if evidence.action == Some(Action::Delivered) || class == Some(b'2') {
        return Some("delivered");
    }
    let text = evidence.text;
    if text
        .trim_start()
        .get(..7)
        .is_some_and(|t| t.eq_ignore_ascii_case("x-unix;"))
    {
        return Some(mailer_said(text).unwrap_or("mailererror"));
    }
    if let Some(reason) = provider_code(text) {
        return Some(reason);
    }
    // A remote "user unknown" is an answer about the address only when the RCPT (or MAIL)
    // command got it or the enhanced code names the address; otherwise it came with the
    // message data, a filter's verdict (Sisimai's definition of `filtered`), unless a
    // pipelined RCPT reply was read after DATA, which the `x.1.x` code shows.
    let after_data = match evidence.phase {
        Some(phase) => phase == Phase::Data,
        // A remote server's reply with no command named; the MTA's own words ("Unrouteable
        // address") are about the address.
        None => evidence.reply.is_some(),
    } && status
        .is_none_or(|s| s.get(1..4) != Some(".1.") && from_status(s) != Some("suspend"));
    // Retries that ran out: a transient failure reported as final, or the expiry stamp.
    let gave_up = (class == Some(b'4') && evidence.action == Some(Action::Failed))
        || status.is_some_and(|s| s.ends_with(".4.7"));
    let own_directory = own_directory(text) || own_directory(evidence.context);
    let after_data = after_data && !own_directory;
    // A bounce's prose that names no command: Sisimai reads its "user unknown" as a filter's
    // verdict unless an `x.1.x` code names the address.
    let prose_after_data = evidence.phase.is_none_or(|phase| phase == Phase::Data)
        && status.is_none_or(|s| s.get(1..4) != Some(".1."))
        && !own_directory;
    if let Some(reason) = from_text(text) {
        return Some(match reason {
            "userunknown" if after_data => "filtered",
            "networkerror" if gave_up => "expired",
            _ => reason,
        });
    }
    if class == Some(b'5') && contains_ignore_case(text, "recipient address rejected") {
        return Some("userunknown");
    }
    match evidence.phase {
        Some(Phase::MailFrom) if class == Some(b'5') => return Some("rejected"),
        Some(Phase::Connect | Phase::Helo) if class == Some(b'5') => return Some("blocked"),
        _ => {}
    }
    if let Some(status) = status
        && let Some(reason) = from_catalog(status, evidence.reply, text)
    {
        return Some(reason);
    }
    if let Some(reason) = status
        .filter(|s| !is_generic_status(s))
        .and_then(from_status)
    {
        return Some(reason);
    }
    if let Some(reason) = provider_code(evidence.context).or_else(|| from_text(evidence.context)) {
        return Some(match reason {
            "userunknown" if prose_after_data => "filtered",
            "networkerror" if gave_up => "expired",
            _ => reason,
        });
    }
    if let Some(reason) = status.and_then(from_status) {
        return Some(reason);
    }
    if let Some(reason) = evidence.reply.and_then(|r| reply_reason(r, evidence.phase)) {
        return Some(reason);
    }
    if gave_up || gave_up_after_attempts(text) || gave_up_after_attempts(evidence.context) {
        return Some("expired");
    }
    if evidence.action == Some(Action::Delayed) {
        // Still being retried: nothing has expired yet, and nothing else is known.
        return None;
    }
    // A bounce's failure with nothing that decides is on hold, as Sisimai files it (a log's
    // bare "Failed" says nothing more, so it gets no reason).
    let reported_failure =
        evidence.action == Some(Action::Failed) && !evidence.context.trim().is_empty();
    (class.is_some() || !text.trim().is_empty() || reported_failure).then_some("onhold")
}

/// Wordings in which a reporting server speaks of its own directory or routing ("The recipient
/// name is not recognized", "not listed in Domino Directory", "Unrouteable address"): the address
/// is unknown there, whatever
/// command the report leaves unnamed, so "user unknown" stays with the address and is not read
/// as a filter's verdict.
fn own_directory(text: &str) -> bool {
    const OWN: &[&str] = &[
        "recipient name is not recognized",
        "not listed in domino",
        "not listed in public name & address book",
        "invalid final delivery userid",
        // IMail's own "Unknown user: bob@example.com".
        "unknown user:",
        "msexch:ims",
        // Exim's own routing verdict on the address.
        "unrouteable address",
    ];
    OWN.iter().any(|phrase| contains_ignore_case(text, phrase))
}

/// "Delivery failed 20 attempts", "failed after 5 attempts": the retries ran out.
fn gave_up_after_attempts(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.match_indices("attempts").any(|(at, _)| {
        let before = lower[..at].trim_end();
        let number = before
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .is_some_and(|digits| !digits.is_empty());
        number && lower[..at].contains("fail")
    })
}

/// `x.0.0`: a code that names no subject.
fn is_generic_status(status: &str) -> bool {
    let mut parts = status.split('.').skip(1);
    matches!((parts.next(), parts.next()), (Some("0"), Some("0")))
}

/// The SMTP command a reply answered, as the bounce or log words it: Postfix's `(in reply to
/// RCPT TO command)`, Exim's `after RCPT TO:<…>`, or in a sendmail transcript the last `>>>`
/// command before the first failing `<<<` reply.
pub fn phase(text: &str) -> Option<Phase> {
    const SAID: &[(&str, Phase)] = &[
        ("in reply to end of data", Phase::Data),
        ("in reply to data", Phase::Data),
        ("after end of data", Phase::Data),
        ("after data", Phase::Data),
        ("in reply to rcpt to", Phase::RcptTo),
        ("after rcpt to", Phase::RcptTo),
        ("after rcpt command", Phase::RcptTo),
        ("in reply to mail from", Phase::MailFrom),
        ("after mail from", Phase::MailFrom),
        ("after mail command", Phase::MailFrom),
        ("in reply to helo", Phase::Helo),
        ("in reply to ehlo", Phase::Helo),
        ("after helo", Phase::Helo),
        ("after ehlo", Phase::Helo),
        ("smtp:rcpt host", Phase::RcptTo),
        ("most progress was rcpt to", Phase::RcptTo),
        ("after initial connection", Phase::Connect),
        ("during the smtp greeting", Phase::Connect),
        ("in reply to the initial greeting", Phase::Connect),
        ("refused to talk to me", Phase::Connect),
        // qmail-remote: "Connected to 192.0.2.1 but my name was rejected."
        ("but greeting failed", Phase::Connect),
        ("but my name was rejected", Phase::Helo),
        ("but sender was rejected", Phase::MailFrom),
        // qmail-remote: "192.0.2.1 does not like recipient." / "… does not like sender."
        ("does not like recipient", Phase::RcptTo),
        ("does not like sender", Phase::MailFrom),
        // SMTP32 (Imail): "RCPT TO generated following response:"
        ("rcpt to generated following response", Phase::RcptTo),
        ("mail from generated following response", Phase::MailFrom),
        ("data generated following response", Phase::Data),
    ];
    // Replies are folded over lines ("in reply to MAIL\n    FROM command").
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let said_in = folded.to_ascii_lowercase();
    let lower = text.to_ascii_lowercase();
    // The earliest marker wins, and of markers starting at the same place the first listed: the
    // automaton's leftmost-first match, found in one pass.
    static SAID_MARKERS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(SAID.iter().map(|(marker, _)| marker))
            .ok()
    });
    let said = match SAID_MARKERS.as_ref() {
        Some(markers) => markers
            .find(&said_in)
            .and_then(|hit| SAID.get(hit.pattern().as_usize()))
            .map(|(_, phase)| *phase),
        None => SAID
            .iter()
            .filter_map(|(marker, phase)| said_in.find(marker).map(|at| (at, *phase)))
            .min_by_key(|(at, _)| *at)
            .map(|(_, phase)| phase),
    };
    if let Some(phase) = said {
        return Some(phase);
    }
    let mut last = None;
    let mut labelled = false;
    for line in lower.lines() {
        let line = line.trim();
        // A report that labels the command on a line of its own (`-------SMTP command` then
        // `DATA`), or after the label (`SMTP command: RCPT TO:<…>`).
        if labelled && !line.is_empty() {
            return command_phase(line);
        }
        if let Some((label, rest)) = line.split_once("smtp command")
            && matches!(
                label.trim_start_matches(['-', ' ']).trim(),
                "" | "last" | "the"
            )
        {
            let rest = rest.trim_start_matches([':', ' ']).trim();
            if rest.is_empty() {
                labelled = true;
            } else if let Some(phase) = command_phase(rest) {
                return Some(phase);
            }
            continue;
        }
        if let Some(command) = line.strip_prefix(">>> ") {
            last = command_phase(command.trim());
        } else if let Some(reply) = line.strip_prefix("<<< ")
            && reply.starts_with(['4', '5'])
            && last.is_some()
        {
            return last;
        }
    }
    None
}

/// The phase a client command opens (`RCPT To:<…>` → RCPT TO).
fn command_phase(command: &str) -> Option<Phase> {
    if command == "." || command.starts_with("data") {
        Some(Phase::Data)
    } else if command.starts_with("rcpt") {
        Some(Phase::RcptTo)
    } else if command.starts_with("mail from") || command == "mail" {
        Some(Phase::MailFrom)
    } else if command.starts_with("ehlo") || command.starts_with("helo") {
        Some(Phase::Helo)
    } else {
        None
    }
}

/// The reason the catalog in use gives for a provider row the code and text match.
fn from_catalog(status: &str, reply: Option<u16>, text: &str) -> Option<&'static str> {
    let provider = crate::analysis::Provider::detect(text)?;
    catalog::with_active(|catalog| {
        let answer = catalog.lookup(&Query {
            code: status,
            reply,
            text: Some(text),
            provider: Some(provider),
        })?;
        if answer.entry.source.id == "iana" || answer.entry.source.id == "rfc5321" {
            return None;
        }
        let reason = answer.entry.reason?;
        (reason != Reason::Undefined).then_some(reason.as_str())
    })
}

/// The reason a status code implies by its subject and detail alone.
pub fn from_status(status: &str) -> Option<&'static str> {
    let mut parts = status.split('.');
    let class = parts.next()?;
    let subject: u16 = parts.next()?.parse().ok()?;
    let detail: u16 = parts.next()?.parse().ok()?;
    if class == "2" {
        return Some("delivered");
    }
    Some(match (subject, detail) {
        (1, 1) | (1, 3) | (1, 0) => "userunknown",
        (1, 2) => "hostunknown",
        (1, 6) => "hasmoved",
        (1, 7) | (1, 8) => "rejected",
        (1, 10) => "notaccept",
        (2, 1) => "suspend",
        (2, 2) => "mailboxfull",
        (2, 3) => "exceedlimit",
        (3, 4) => "mesgtoobig",
        (2, 4) => "mailererror",
        (3, 1) => "systemfull",
        (3, 2) => "notaccept",
        (3, _) => "systemerror",
        (4, 4) => "hostunknown",
        (4, 7) => "expired",
        (4, _) => "networkerror",
        (5, _) => "syntaxerror",
        (6, _) => "contenterror",
        (7, 1) => "securityerror",
        (7, 7) => "authfailure",
        (7, 23..=27) => "authfailure",
        (7, 10 | 11) => "failedstarttls",
        (7, _) => "securityerror",
        (2, 0) => "filtered",
        _ => return None,
    })
}

/// The reason a bare reply code implies when nothing else is known.
fn reply_reason(reply: u16, phase: Option<Phase>) -> Option<&'static str> {
    match reply {
        421 => Some("networkerror"),
        551 => Some("hasmoved"),
        452 | 552 if phase.is_none_or(|p| p == Phase::RcptTo) => Some("mailboxfull"),
        554 if matches!(phase, Some(Phase::Connect | Phase::Helo)) => Some("blocked"),
        _ => None,
    }
}

/// The label of a reason in the reader's language, from the reasons catalog (the class name
/// itself when unknown).
pub fn label(reason: Reason, lang: Lang) -> String {
    crate::catalog::reasons::get(reason.as_str())
        .map(|entry| entry.label.get(lang).to_string())
        .unwrap_or_else(|| reason.to_string())
}

/// True for the reasons after which the same address will fail again, per the reasons catalog.
pub fn is_hard(reason: Reason) -> bool {
    crate::catalog::reasons::get(reason.as_str()).is_some_and(|entry| entry.hard)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(status: Option<&str>, reply: Option<u16>, text: &str) -> Option<&'static str> {
        classify(&Evidence {
            status,
            reply,
            text,
            phase: phase(text),
            ..Evidence::default()
        })
    }

    /// A bounce's prose, with no code: what the reporting server wrote decides.
    fn prose(context: &str) -> Option<&'static str> {
        classify(&Evidence {
            context,
            phase: phase(context),
            action: Some(Action::Failed),
            ..Evidence::default()
        })
    }

    #[test]
    fn prose_without_a_code_is_read_for_its_reason() {
        assert_eq!(
            prose(
                "userx@example.be\nThis mail message has exceeded the maximum incoming message size."
            ),
            Some("mesgtoobig")
        );
        assert_eq!(
            prose(
                "addressed to 'bob@example.uk',\nfailed because it has not been collected after 30 days"
            ),
            Some("expired")
        );
        assert_eq!(
            prose("Mailer mx.example.com said:\n  \"554 Message looping (received 6 times)\""),
            Some("networkerror")
        );
    }

    /// Sisimai's definition: "user unknown" with no command named and no `x.1.x` code came from
    /// a filter, unless the server speaks of its own directory.
    #[test]
    fn unknown_user_without_a_command_is_filtered_unless_the_server_names_its_directory() {
        assert_eq!(
            prose("<bob@example.net>:\nThis user doesn't have a example.net account"),
            Some("filtered")
        );
        assert_eq!(
            prose("bob@example.com on Fri, 18 Oct 2002\n    The recipient name is not recognized"),
            Some("userunknown")
        );
        assert_eq!(
            prose(
                "<bob@example.au>:\n192.0.2.7 does not like recipient.\nRemote host said: 550 No such user"
            ),
            Some("userunknown")
        );
    }

    #[test]
    fn wording_decides_before_the_code() {
        assert_eq!(
            reason(
                Some("5.7.1"),
                Some(550),
                "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org"
            ),
            Some("blocked")
        );
        assert_eq!(
            reason(Some("5.2.2"), Some(552), "552 5.2.2 Mailbox full"),
            Some("mailboxfull")
        );
        assert_eq!(reason(Some("5.1.1"), None, ""), Some("userunknown"));
    }

    #[test]
    fn a_sender_side_rejection_is_not_user_unknown() {
        assert_eq!(
            reason(
                Some("5.1.8"),
                Some(553),
                "553 5.1.8 <root@host.example>... Domain of sender address root@host.example does not exist"
            ),
            Some("rejected")
        );
    }

    #[test]
    fn the_words_after_recipient_address_rejected_decide() {
        let text = "550 5.6.0 <a@example.net>: Recipient address rejected: Media error";
        assert_eq!(reason(Some("5.6.0"), Some(550), text), Some("contenterror"));
        let text = "550 5.1.1 <a@example.net>: Recipient address rejected: User unknown in virtual mailbox table";
        assert_eq!(reason(Some("5.1.1"), Some(550), text), Some("userunknown"));
    }

    #[test]
    fn rfc_wording_beats_blocked_and_a_dkim_header_is_not_an_authentication_failure() {
        let text = "550-5.7.1 Messages with multiple 550 5.7.1 addresses in From: header are not accepted. - gsmtp";
        assert_eq!(
            reason(Some("5.7.1"), Some(550), text),
            Some("notcompliantrfc")
        );
        let text = "554 5.7.1 Duplicate header 'DKIM-Signature' blocked";
        assert_eq!(
            reason(Some("5.7.1"), Some(554), text),
            Some("notcompliantrfc")
        );
    }

    #[test]
    fn ube_is_spam_but_not_inside_a_word() {
        assert_eq!(
            reason(
                Some("5.7.1"),
                Some(550),
                "550 5.7.1 Message content rejected, UBE, id=1"
            ),
            Some("spamdetected")
        );
        assert_eq!(from_text("see the tube map"), None);
    }

    #[test]
    fn user_unknown_after_data_is_filtered() {
        let text = ">>> DATA\n<<< 550 Unknown user kijitora@example.jp";
        assert_eq!(reason(None, Some(550), text), Some("filtered"));
    }

    #[test]
    fn a_remote_user_unknown_with_no_rcpt_phase_and_no_address_code_is_a_filter_verdict() {
        let text = "550 <kijitora@user.example.or.jp>: User unknown";
        assert_eq!(reason(None, Some(550), text), Some("filtered"));
        let text = "host mx said: 550 User unknown (in reply to RCPT TO command)";
        assert_eq!(reason(None, Some(550), text), Some("userunknown"));
        assert_eq!(
            reason(Some("5.1.1"), Some(550), "550 5.1.1 User unknown"),
            Some("userunknown")
        );
        // The code names a disabled account, and the words do not overrule it into a filter.
        assert_eq!(
            reason(
                Some("5.2.1"),
                Some(550),
                "550 5.2.1 <a@example.jp>... User Unknown"
            ),
            Some("userunknown")
        );
    }

    #[test]
    fn a_domain_that_does_not_exist_is_an_unknown_host() {
        assert_eq!(from_text("Domain does not exist"), Some("hostunknown"));
        assert_eq!(
            from_text("553 neko.example.com does not exist"),
            Some("hostunknown")
        );
        assert_eq!(
            from_text("550 <neko@example.com> does not exist"),
            Some("userunknown")
        );
        assert_eq!(
            from_text("550 mailbox neko does not exist"),
            Some("userunknown")
        );
    }

    #[test]
    fn templates_and_wordings_of_known_servers() {
        let cpanel = "The mail server could not deliver mail to a@example.net. The account or \
            domain may not exist, they may be blacklisted, or missing the proper dns entries.";
        assert_eq!(from_text(cpanel), Some("hostunknown"));
        assert_eq!(
            from_text("The recipient name is not recognized"),
            Some("userunknown")
        );
        let send_as = "You're sending this from a different address or alias using the 'Send mail as' feature.";
        assert_eq!(from_text(send_as), Some("rejected"));
    }

    #[test]
    fn retries_that_ran_out_and_failures_with_nothing_known() {
        let expired = Evidence {
            context: "Delivery failed 20 attempts: kijitora@example.com",
            action: Some(Action::Failed),
            ..Evidence::default()
        };
        assert_eq!(classify(&expired), Some("expired"));
        let unknown = Evidence {
            context: "エラー(テストメッセージとして)\nkijitora@u1.example.co.jp",
            action: Some(Action::Failed),
            ..Evidence::default()
        };
        assert_eq!(classify(&unknown), Some("onhold"));
        let log_row = Evidence {
            action: Some(Action::Failed),
            ..Evidence::default()
        };
        assert_eq!(classify(&log_row), None, "a bare Failed says nothing more");
        let delayed = Evidence {
            action: Some(Action::Delayed),
            ..Evidence::default()
        };
        assert_eq!(
            classify(&delayed),
            None,
            "still retried: nothing to say yet"
        );
    }

    #[test]
    fn a_refused_helo_is_a_blocked_client() {
        let text = "554 5.7.1 <bad.domain>: Helo command rejected: match bad.domain";
        assert_eq!(reason(Some("5.7.1"), Some(554), text), Some("blocked"));
        let text = "450 4.7.1 Client host rejected: cannot find your hostname, [93.184.216.34]";
        assert_eq!(reason(Some("4.7.1"), Some(450), text), Some("requireptr"));
    }

    #[test]
    fn a_network_error_named_as_such_is_one() {
        assert_eq!(
            from_text("kijitora@neko.example.jp: Network error on destination MXs"),
            Some("networkerror")
        );
    }

    #[test]
    fn words_folded_over_lines_still_match() {
        assert_eq!(
            from_text("Name service error for domain example.com: Host not\n    found, try again"),
            Some("networkerror")
        );
        assert_eq!(
            from_text("500 Remote server does not support TLS (state 6)."),
            Some("failedstarttls")
        );
        assert_eq!(
            from_text("child status 100...the user's mailfolder is full."),
            Some("mailboxfull")
        );
    }

    #[test]
    fn phases_as_mtas_word_them() {
        assert_eq!(phase("-------SMTP command\nDATA\n"), Some(Phase::Data));
        assert_eq!(
            phase("SMTP:RCPT host 192.0.2.8: 553 5.3.0 <a@example.com>... No such user here"),
            Some(Phase::RcptTo)
        );
        assert_eq!(
            phase("host mx said: 550 5.1.1 no (in reply to RCPT TO command)"),
            Some(Phase::RcptTo)
        );
        assert_eq!(
            phase("SMTP error from remote mail server after MAIL FROM:<a@b> SIZE=10: 550 no"),
            Some(Phase::MailFrom)
        );
        assert_eq!(
            phase(
                "Connected to 192.0.2.112 but my name was rejected.\nRemote host said: 501 5.0.0 Invalid domain name"
            ),
            Some(Phase::Helo)
        );
        assert_eq!(
            phase("Connected to 192.0.2.8 but sender was rejected.\nRemote host said: 553 sorry"),
            Some(Phase::MailFrom)
        );
        assert_eq!(
            phase("192.0.2.7 does not like recipient.\nRemote host said: 550 No such user"),
            Some(Phase::RcptTo)
        );
        assert_eq!(
            phase(
                "RCPT TO generated following response:\n553 5.3.0 <a@example.net>... Addressee unknown"
            ),
            Some(Phase::RcptTo)
        );
        assert_eq!(phase("550 5.1.1 user unknown"), None);
    }

    #[test]
    fn success_is_delivered_and_a_bare_reply_means_little() {
        assert_eq!(
            reason(Some("2.0.0"), Some(250), "250 OK"),
            Some("delivered")
        );
        assert_eq!(
            reason(None, Some(554), "554 Transaction failed"),
            Some("onhold")
        );
        assert_eq!(reason(None, Some(551), "551 try another"), Some("hasmoved"));
    }

    #[test]
    fn every_reason_has_a_label_in_every_language_in_the_catalog() {
        for reason in Reason::ALL {
            let entry = crate::catalog::reasons::get(reason.as_str());
            assert!(entry.is_some(), "{reason} is in the reasons catalog");
            for lang in Lang::ALL {
                assert!(!label(*reason, lang).is_empty(), "{reason} {lang:?}");
            }
        }
        for (name, _) in RULES {
            assert!(
                Reason::from_name(name).is_some(),
                "{name} is a known reason"
            );
        }
        for status in [
            "5.1.1", "5.2.0", "5.3.1", "5.4.7", "5.5.0", "5.6.0", "5.7.7", "5.7.10",
        ] {
            let name = from_status(status).unwrap_or_default();
            assert!(Reason::from_name(name).is_some(), "{status}: {name}");
        }
    }
}
