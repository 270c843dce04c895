//! Every word the outline, the hints and the bounce summary show, in the four languages.
//! `{n}` stands for a number.

use crate::lang::{Lang, Tr};

pub(crate) const HEADERS: Tr = Tr {
    en: "Headers",
    fr: "En-têtes",
    it: "Intestazioni",
    ja: "ヘッダー",
};

pub(crate) const ROUTING: Tr = Tr {
    en: "Routing",
    fr: "Acheminement",
    it: "Instradamento",
    ja: "経路",
};

pub(crate) const IDENTITY: Tr = Tr {
    en: "Identity",
    fr: "Identité",
    it: "Identità",
    ja: "送信者情報",
};

pub(crate) const AUTHENTICATION: Tr = Tr {
    en: "Authentication",
    fr: "Authentification",
    it: "Autenticazione",
    ja: "認証",
};

pub(crate) const ANTI_SPAM: Tr = Tr {
    en: "Anti-spam",
    fr: "Antispam",
    it: "Antispam",
    ja: "迷惑メール対策",
};

pub(crate) const OTHER_HEADERS: Tr = Tr {
    en: "Other headers",
    fr: "Autres en-têtes",
    it: "Altre intestazioni",
    ja: "その他のヘッダー",
};

pub(crate) const UNDELIVERED: Tr = Tr {
    en: "Undelivered recipients",
    fr: "Destinataires non distribués",
    it: "Destinatari non recapitati",
    ja: "未配信の宛先",
};

pub(crate) const MORE_MESSAGES: Tr = Tr {
    en: "… {n} more messages",
    fr: "… {n} messages de plus",
    it: "… altri {n} messaggi",
    ja: "… ほか {n} 件のメッセージ",
};

pub(crate) const MORE_LINES: Tr = Tr {
    en: "… {n} more lines",
    fr: "… {n} lignes de plus",
    it: "… altre {n} righe",
    ja: "… ほか {n} 行",
};

pub(crate) const SENT: Tr = Tr {
    en: "sent",
    fr: "envoyé",
    it: "inviato",
    ja: "送信済み",
};

pub(crate) const DEFERRED: Tr = Tr {
    en: "deferred",
    fr: "différé",
    it: "differito",
    ja: "遅延",
};

pub(crate) const BOUNCED: Tr = Tr {
    en: "bounced",
    fr: "en échec",
    it: "respinto",
    ja: "不達",
};

pub(crate) const EXPIRED: Tr = Tr {
    en: "expired",
    fr: "expiré",
    it: "scaduto",
    ja: "期限切れ",
};

pub(crate) const TOTAL: Tr = Tr {
    en: "total {n}",
    fr: "total {n}",
    it: "totale {n}",
    ja: "合計 {n}",
};

pub(crate) const CLOCK_SKEW: Tr = Tr {
    en: "{n} (clock skew)",
    fr: "{n} (décalage d’horloge)",
    it: "{n} (orologi sfasati)",
    ja: "{n}（時刻のずれ）",
};

pub(crate) const SECONDS: Tr = Tr {
    en: "{n} s",
    fr: "{n} s",
    it: "{n} s",
    ja: "{n}秒",
};

pub(crate) const MINUTES: Tr = Tr {
    en: "{n} min",
    fr: "{n} min",
    it: "{n} min",
    ja: "{n}分",
};

pub(crate) const HOURS: Tr = Tr {
    en: "{n} h",
    fr: "{n} h",
    it: "{n} h",
    ja: "{n}時間",
};

pub(crate) const DAYS: Tr = Tr {
    en: "{n} d",
    fr: "{n} j",
    it: "{n} g",
    ja: "{n}日",
};

pub(crate) const FAILED_ONE: Tr = Tr {
    en: "1 recipient failed",
    fr: "1 destinataire en échec",
    it: "1 destinatario non recapitato",
    ja: "配信失敗 1 件",
};

pub(crate) const FAILED_MANY: Tr = Tr {
    en: "{n} recipients failed",
    fr: "{n} destinataires en échec",
    it: "{n} destinatari non recapitati",
    ja: "配信失敗 {n} 件",
};

pub(crate) const DELAYED_ONE: Tr = Tr {
    en: "1 recipient delayed",
    fr: "1 destinataire retardé",
    it: "1 destinatario in ritardo",
    ja: "配信遅延 1 件",
};

pub(crate) const DELAYED_MANY: Tr = Tr {
    en: "{n} recipients delayed",
    fr: "{n} destinataires retardés",
    it: "{n} destinatari in ritardo",
    ja: "配信遅延 {n} 件",
};

/// What separates a count from the list of codes that follows it.
pub(crate) const LIST_INTRO: Tr = Tr {
    en: ": ",
    fr: " : ",
    it: ": ",
    ja: ": ",
};

pub(crate) const NO_CODE: Tr = Tr {
    en: "no code",
    fr: "sans code",
    it: "senza codice",
    ja: "コードなし",
};

/// A text with its `{n}` replaced.
pub(crate) fn with_n(text: Tr, lang: Lang, n: impl std::fmt::Display) -> String {
    text.get(lang).replace("{n}", &n.to_string())
}

/// The singular or plural form for a count.
pub(crate) fn count(one: Tr, many: Tr, lang: Lang, n: usize) -> String {
    if n == 1 {
        one.get(lang).to_string()
    } else {
        with_n(many, lang, n)
    }
}

/// A duration in the largest two units that matter: `3 s`, `2 min 5 s`, `1 h 4 min`, `2 d 3 h`.
pub(crate) fn duration(seconds: u64, lang: Lang) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds % 86_400 / 3_600,
        seconds % 3_600 / 60,
        seconds % 60,
    );
    let (major, major_unit, minor, minor_unit) = if d > 0 {
        (d, DAYS, h, HOURS)
    } else if h > 0 {
        (h, HOURS, m, MINUTES)
    } else if m > 0 {
        (m, MINUTES, s, SECONDS)
    } else {
        return with_n(SECONDS, lang, s);
    };
    let mut out = with_n(major_unit, lang, major);
    if minor > 0 {
        if lang != Lang::Ja {
            out.push(' ');
        }
        out.push_str(&with_n(minor_unit, lang, minor));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(3, Lang::En), "3 s");
        assert_eq!(duration(125, Lang::En), "2 min 5 s");
        assert_eq!(duration(3_600, Lang::Fr), "1 h");
        assert_eq!(duration(2 * 86_400 + 3 * 3_600 + 5, Lang::It), "2 g 3 h");
        assert_eq!(duration(3_720, Lang::Ja), "1時間2分");
    }
}
