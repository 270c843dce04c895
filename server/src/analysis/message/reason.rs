//! The bounce reason class of a failed recipient (Sisimai's vocabulary: userunknown,
//! mailboxfull, blocked …), decided from the diagnostic wording first, then the catalog, then the
//! status code's subject and detail.

use crate::catalog::{self, Query};
use crate::lang::{Lang, Tr};

/// Phrases that decide a reason, checked in order on the lower-cased diagnostic text: the more
/// specific rows (security and authentication wording, reputation lists) come before the broad
/// ones (`rejected`, `denied`).
const PHRASES: &[(&str, &[&str])] = &[
    (
        "securityerror",
        &[
            "without authentication",
            "authentication required",
            "not authenticated",
            "smtp authentication",
            "must be authenticated",
            "resolver.rst.authrequired",
            "resolver.rst.notauthorized",
            "security policy",
        ],
    ),
    (
        "authfailure",
        &[
            "dmarc",
            "spf check",
            "spf fail",
            "spf record",
            "dkim",
            "unauthenticated email",
            "sender policy framework",
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
        ],
    ),
    (
        "badreputation",
        &[
            "reputation",
            "tss04",
            "ip frequency",
            "temporarily deferred due to",
        ],
    ),
    (
        "blocked",
        &[
            "blacklist",
            "blocklist",
            "block list",
            "black list",
            "dnsbl",
            "spamhaus",
            "spamcop",
            "sorbs",
            "banned",
            "blocked",
            "client host rejected",
            "refused to talk to me",
            "connection refused by",
            "not allowed to send from",
            "smtp server of your isp",
            "service refused",
            "your ip",
            "access denied, banned",
            "listed in",
        ],
    ),
    (
        "virusdetected",
        &["virus", "malware", "infected", "security issue"],
    ),
    (
        "spamdetected",
        &[
            "spam",
            "junk mail",
            "bulk mail",
            "message rejeted",
            "mail rejete",
            "suspicious",
            "unsolicited",
        ],
    ),
    (
        "norelaying",
        &[
            "relay access denied",
            "relaying denied",
            "relay not permitted",
            "not permitted to relay",
            "unable to relay",
            "relaying not allowed",
            "we do not relay",
        ],
    ),
    (
        "mailboxfull",
        &[
            "mailbox full",
            "mailbox is full",
            "mailbox has exceeded",
            "quota exceeded",
            "over quota",
            "overquota",
            "exceeded storage",
            "exceeds its quota",
            "disk quota",
            "mailbox size limit",
            "user is over",
            "full mailbox",
            "out of storage",
            "insufficient disk space",
            "mailboxfull",
        ],
    ),
    (
        "mesgtoobig",
        &[
            "message too big",
            "message too large",
            "message is too large",
            "message size exceeds",
            "exceeds size limit",
            "size limit exceeded",
            "message length exceeds",
            "too big for",
        ],
    ),
    (
        "hasmoved",
        &[
            "has moved",
            "no longer on server",
            "address has changed",
            "has been moved",
        ],
    ),
    (
        "suspend",
        &[
            "disabled",
            "suspended",
            "inactive",
            "account is locked",
            "not active",
            "deactivated",
            "temporarily blocked for",
            "is unavailable",
        ],
    ),
    (
        "userunknown",
        &[
            "user unknown",
            "unknown user",
            "no such user",
            "does not exist",
            "doesn't exist",
            "recipient not found",
            "recipnotfound",
            "unknown recipient",
            "invalid recipient",
            "recipient unknown",
            "no mailbox",
            "user not found",
            "unknown address",
            "address unknown",
            "not a valid recipient",
            "mailbox not found",
            "no such mailbox",
            "invalid mailbox",
            "bad destination mailbox",
            "mailbox unavailable",
            "addressee unknown",
            "not our customer",
            "destinataire invalide",
            "unrouteable address",
            "address rejected",
            "no valid recipients",
            "mailbox not available",
            "invalid address",
            "userunknown",
        ],
    ),
    (
        "hostunknown",
        &[
            "host unknown",
            "unknown host",
            "host not found",
            "domain not found",
            "no such domain",
            "domain does not exist",
            "name or service not known",
            "host or domain name not found",
            "unrouteable mail domain",
            "nxdomain",
            "no mx",
            "mx lookup",
            "hostunknown",
        ],
    ),
    (
        "notaccept",
        &[
            "does not accept mail",
            "null mx",
            "not accepting",
            "accept no mail",
        ],
    ),
    (
        "failedstarttls",
        &[
            "starttls",
            "tls required",
            "must use tls",
            "encryption required",
        ],
    ),
    (
        "notcompliantrfc",
        &[
            "rfc 5322",
            "rfc5322",
            "rfc 2822",
            "rfc2822",
            "multiple addresses in from",
            "not rfc compliant",
            "rfc-compliant",
        ],
    ),
    (
        "toomanyconn",
        &[
            "too many connections",
            "too many concurrent",
            "connection limit",
            "too many sessions",
        ],
    ),
    (
        "speeding",
        &[
            "rate limit",
            "too many messages",
            "sending rate",
            "rate exceeded",
            "receiving mail at a rate",
        ],
    ),
    (
        "expired",
        &[
            "expired",
            "queue too long",
            "been in the queue",
            "retry timeout exceeded",
            "delivery time expired",
            "unable to deliver in",
            "gave up",
            "giving up",
        ],
    ),
    (
        "networkerror",
        &[
            "connection timed out",
            "timed out",
            "no route to host",
            "network is unreachable",
            "could not connect",
            "unable to connect",
            "connection refused",
            "hop count exceeded",
            "mail loop",
            "loop detected",
            "too many hops",
            "establish an smtp connection",
            "lost connection",
            "connection reset",
        ],
    ),
    (
        "systemfull",
        &[
            "insufficient system storage",
            "system full",
            "disk full",
            "out of disk",
        ],
    ),
    (
        "policyviolation",
        &["policy", "not accepted for", "prohibited"],
    ),
    (
        "contenterror",
        &["content", "header", "media error", "mime", "attachment"],
    ),
    (
        "rejected",
        &[
            "sender address rejected",
            "sender rejected",
            "sender verify failed",
            "domain of sender",
            "envelope sender",
            "sender domain",
            "mail from",
        ],
    ),
    (
        "syntaxerror",
        &[
            "syntax error",
            "command unrecognized",
            "unrecognized command",
            "bad sequence",
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
            "temporary failure",
            "local error",
            "mail system",
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
        ],
    ),
    ("filtered", &["filtered", "filter"]),
];

/// Decides the reason class from the diagnostic text, the catalog and the code.
pub fn classify(status: Option<&str>, reply: Option<u16>, text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if let Some(reason) = from_text(&lower) {
        return Some(reason);
    }
    if let Some(status) = status
        && let Some(reason) = from_catalog(status, reply, text)
    {
        return Some(reason);
    }
    status.and_then(from_status)
}

/// The reason named by the wording of a diagnostic (already lower-cased).
pub fn from_text(lower: &str) -> Option<&'static str> {
    if lower.trim().is_empty() {
        return None;
    }
    PHRASES
        .iter()
        .find(|(_, phrases)| phrases.iter().any(|p| lower.contains(p)))
        .map(|(reason, _)| *reason)
}

/// The reason the catalog gives for the code and text, when it gives a meaningful one.
fn from_catalog(status: &str, reply: Option<u16>, text: &str) -> Option<&'static str> {
    let answer = catalog::builtin().lookup(&Query {
        code: status,
        reply,
        text: Some(text),
        provider: crate::analysis::Provider::detect(text),
    })?;
    let reason = answer.entry.reason.as_deref()?;
    if reason == "undefined" {
        return None;
    }
    REASONS
        .iter()
        .find(|(name, _)| *name == reason)
        .map(|(name, _)| *name)
}

/// The reason a status code implies by its subject and detail alone.
pub fn from_status(status: &str) -> Option<&'static str> {
    let mut parts = status.split('.');
    let _class = parts.next()?;
    let subject: u16 = parts.next()?.parse().ok()?;
    let detail: u16 = parts.next()?.parse().ok()?;
    Some(match (subject, detail) {
        (1, 1) | (1, 3) | (1, 0) => "userunknown",
        (1, 2) => "hostunknown",
        (1, 6) => "hasmoved",
        (1, 7) | (1, 8) => "rejected",
        (1, 10) => "notaccept",
        (2, 1) => "suspend",
        (2, 2) => "mailboxfull",
        (2, 3) | (3, 4) => "mesgtoobig",
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
        (7, _) => "securityerror",
        (2, 0) => "filtered",
        _ => return None,
    })
}

/// Every reason class with its label in each language.
pub const REASONS: &[(&str, Tr)] = &[
    (
        "authfailure",
        Tr {
            en: "sender authentication failed (SPF, DKIM or DMARC)",
            fr: "échec de l'authentification de l'expéditeur (SPF, DKIM ou DMARC)",
            it: "autenticazione del mittente non riuscita (SPF, DKIM o DMARC)",
            ja: "送信者認証の失敗（SPF、DKIM または DMARC）",
        },
    ),
    (
        "badreputation",
        Tr {
            en: "poor sending IP reputation",
            fr: "mauvaise réputation de l'IP d'envoi",
            it: "scarsa reputazione dell'IP di invio",
            ja: "送信元 IP の評価が低い",
        },
    ),
    (
        "blocked",
        Tr {
            en: "sending host blocked",
            fr: "hôte d'envoi bloqué",
            it: "host di invio bloccato",
            ja: "送信元ホストがブロックされています",
        },
    ),
    (
        "contenterror",
        Tr {
            en: "invalid message content or headers",
            fr: "contenu ou en-têtes du message invalides",
            it: "contenuto o intestazioni del messaggio non validi",
            ja: "メッセージの内容またはヘッダーが不正",
        },
    ),
    (
        "delivered",
        Tr {
            en: "delivered",
            fr: "remis",
            it: "recapitato",
            ja: "配信済み",
        },
    ),
    (
        "exceedlimit",
        Tr {
            en: "a size or count limit was exceeded",
            fr: "une limite de taille ou de nombre a été dépassée",
            it: "è stato superato un limite di dimensione o di numero",
            ja: "サイズまたは件数の上限を超えました",
        },
    ),
    (
        "expired",
        Tr {
            en: "delivery time expired",
            fr: "délai de remise expiré",
            it: "tempo di recapito scaduto",
            ja: "配送期限切れ",
        },
    ),
    (
        "failedstarttls",
        Tr {
            en: "TLS could not be negotiated",
            fr: "TLS n'a pas pu être négocié",
            it: "impossibile negoziare TLS",
            ja: "TLS を確立できませんでした",
        },
    ),
    (
        "feedback",
        Tr {
            en: "feedback report (complaint)",
            fr: "rapport de retour (plainte)",
            it: "rapporto di feedback (reclamo)",
            ja: "フィードバックレポート（苦情）",
        },
    ),
    (
        "filtered",
        Tr {
            en: "rejected by a filter at the recipient",
            fr: "rejeté par un filtre chez le destinataire",
            it: "rifiutato da un filtro del destinatario",
            ja: "受信側のフィルターで拒否",
        },
    ),
    (
        "hasmoved",
        Tr {
            en: "the recipient has moved",
            fr: "le destinataire a changé d'adresse",
            it: "il destinatario ha cambiato indirizzo",
            ja: "宛先アドレスが移転しています",
        },
    ),
    (
        "hostunknown",
        Tr {
            en: "the recipient domain does not exist",
            fr: "le domaine du destinataire n'existe pas",
            it: "il dominio del destinatario non esiste",
            ja: "宛先ドメインが存在しません",
        },
    ),
    (
        "mailboxfull",
        Tr {
            en: "the recipient's mailbox is full",
            fr: "la boîte aux lettres du destinataire est pleine",
            it: "la casella del destinatario è piena",
            ja: "宛先のメールボックスが満杯です",
        },
    ),
    (
        "mailererror",
        Tr {
            en: "a local delivery program failed",
            fr: "un programme de remise locale a échoué",
            it: "un programma di consegna locale non è riuscito",
            ja: "ローカル配送プログラムが失敗しました",
        },
    ),
    (
        "mesgtoobig",
        Tr {
            en: "the message is too large",
            fr: "le message est trop volumineux",
            it: "il messaggio è troppo grande",
            ja: "メッセージが大きすぎます",
        },
    ),
    (
        "networkerror",
        Tr {
            en: "network or connection problem",
            fr: "problème de réseau ou de connexion",
            it: "problema di rete o di connessione",
            ja: "ネットワークまたは接続の問題",
        },
    ),
    (
        "norelaying",
        Tr {
            en: "relaying denied",
            fr: "relais refusé",
            it: "inoltro (relay) negato",
            ja: "リレーが拒否されました",
        },
    ),
    (
        "notaccept",
        Tr {
            en: "the recipient domain accepts no mail",
            fr: "le domaine du destinataire n'accepte pas de courrier",
            it: "il dominio del destinatario non accetta posta",
            ja: "宛先ドメインはメールを受け付けていません",
        },
    ),
    (
        "notcompliantrfc",
        Tr {
            en: "the message does not follow the RFCs",
            fr: "le message n'est pas conforme aux RFC",
            it: "il messaggio non è conforme alle RFC",
            ja: "メッセージが RFC に準拠していません",
        },
    ),
    (
        "onhold",
        Tr {
            en: "undecided (on hold)",
            fr: "indéterminé (en attente)",
            it: "non determinato (in sospeso)",
            ja: "判定保留",
        },
    ),
    (
        "policyviolation",
        Tr {
            en: "rejected by the recipient's policy",
            fr: "refusé par la politique du destinataire",
            it: "rifiutato dalla policy del destinatario",
            ja: "受信側のポリシーにより拒否",
        },
    ),
    (
        "rejected",
        Tr {
            en: "the sender address was rejected",
            fr: "l'adresse de l'expéditeur a été refusée",
            it: "l'indirizzo del mittente è stato rifiutato",
            ja: "送信者アドレスが拒否されました",
        },
    ),
    (
        "requireptr",
        Tr {
            en: "the sending IP has no valid reverse DNS",
            fr: "l'IP d'envoi n'a pas de DNS inverse valide",
            it: "l'IP di invio non ha un DNS inverso valido",
            ja: "送信元 IP に有効な逆引き DNS がありません",
        },
    ),
    (
        "securityerror",
        Tr {
            en: "security or authentication requirement not met",
            fr: "exigence de sécurité ou d'authentification non satisfaite",
            it: "requisito di sicurezza o di autenticazione non soddisfatto",
            ja: "セキュリティまたは認証の要件を満たしていません",
        },
    ),
    (
        "spamdetected",
        Tr {
            en: "the message was judged as spam",
            fr: "le message a été considéré comme du spam",
            it: "il messaggio è stato giudicato spam",
            ja: "メッセージがスパムと判定されました",
        },
    ),
    (
        "speeding",
        Tr {
            en: "sending rate too high",
            fr: "débit d'envoi trop élevé",
            it: "velocità di invio troppo alta",
            ja: "送信レートが高すぎます",
        },
    ),
    (
        "suspend",
        Tr {
            en: "the recipient's mailbox is disabled or suspended",
            fr: "la boîte du destinataire est désactivée ou suspendue",
            it: "la casella del destinatario è disattivata o sospesa",
            ja: "宛先のメールボックスが無効または停止中です",
        },
    ),
    (
        "syntaxerror",
        Tr {
            en: "SMTP syntax or command error",
            fr: "erreur de syntaxe ou de commande SMTP",
            it: "errore di sintassi o di comando SMTP",
            ja: "SMTP の構文またはコマンドのエラー",
        },
    ),
    (
        "systemerror",
        Tr {
            en: "error on the receiving system",
            fr: "erreur du système destinataire",
            it: "errore del sistema ricevente",
            ja: "受信側システムのエラー",
        },
    ),
    (
        "systemfull",
        Tr {
            en: "the receiving system is out of storage",
            fr: "le système destinataire manque d'espace",
            it: "il sistema ricevente ha esaurito lo spazio",
            ja: "受信側システムの容量不足",
        },
    ),
    (
        "toomanyconn",
        Tr {
            en: "too many connections",
            fr: "trop de connexions",
            it: "troppe connessioni",
            ja: "接続数が多すぎます",
        },
    ),
    (
        "undefined",
        Tr {
            en: "reason not determined",
            fr: "raison non déterminée",
            it: "motivo non determinato",
            ja: "理由を特定できません",
        },
    ),
    (
        "userunknown",
        Tr {
            en: "the recipient address does not exist",
            fr: "l'adresse du destinataire n'existe pas",
            it: "l'indirizzo del destinatario non esiste",
            ja: "宛先アドレスが存在しません",
        },
    ),
    (
        "vacation",
        Tr {
            en: "automatic vacation reply",
            fr: "réponse automatique d'absence",
            it: "risposta automatica di assenza",
            ja: "不在通知の自動応答",
        },
    ),
    (
        "virusdetected",
        Tr {
            en: "a virus was detected",
            fr: "un virus a été détecté",
            it: "è stato rilevato un virus",
            ja: "ウイルスが検出されました",
        },
    ),
];

/// The label of a reason in the reader's language (the class name itself when unknown).
pub fn label(reason: &str, lang: Lang) -> String {
    REASONS
        .iter()
        .find(|(name, _)| *name == reason)
        .map_or_else(|| reason.to_string(), |(_, tr)| tr.get(lang).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_decides_before_the_code() {
        assert_eq!(
            classify(
                Some("5.7.1"),
                Some(550),
                "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org"
            ),
            Some("blocked")
        );
        assert_eq!(
            classify(Some("5.2.2"), Some(552), "552 5.2.2 Mailbox full"),
            Some("mailboxfull")
        );
        assert_eq!(classify(Some("5.1.1"), None, ""), Some("userunknown"));
    }

    #[test]
    fn every_reason_has_every_language() {
        for (name, tr) in REASONS {
            for lang in Lang::ALL {
                assert!(!tr.get(lang).is_empty(), "{name} {lang:?}");
            }
        }
    }
}
