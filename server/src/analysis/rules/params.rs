//! The Exchange cmdlet parameters that take status codes or rejection texts, with what the
//! reference pages say about them (MicrosoftDocs/office-docs-powershell: New-TransportRule,
//! Set-TransportRule, New-SystemMessage, Set-TransportConfig), including where they contradict
//! themselves.

use crate::lang::{Lang, Tr};

/// A parameter whose value mail-lsp checks or explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Param {
    RejectMessageEnhancedStatusCode,
    RejectMessageReasonText,
    SmtpRejectMessageRejectStatusCode,
    SmtpRejectMessageRejectText,
    DsnCode,
    NotifySender,
    GenerateCopyOfDsnFor,
}

/// What the hover says about one parameter.
struct Doc {
    name: &'static str,
    cmdlets: &'static str,
    summary: Tr,
    valid: Tr,
    default: Tr,
    note: Option<Tr>,
}

const DENIED: &str = "Delivery not authorized, message refused";

const REJECT_ENHANCED: Doc = Doc {
    name: "RejectMessageEnhancedStatusCode",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: Tr {
        en: "The enhanced status code of the NDR when the rule rejects a message (Exchange Online and Exchange Server).",
        fr: "Le code d'état étendu du NDR lorsque la règle rejette un message (Exchange Online et Exchange Server).",
        it: "Il codice di stato esteso dell'NDR quando la regola rifiuta un messaggio (Exchange Online ed Exchange Server).",
        ja: "ルールがメッセージを拒否したときの NDR の拡張ステータスコード (Exchange Online と Exchange Server)。",
    },
    valid: Tr {
        en: "5.7.1, or 5.7.900 to 5.7.999.",
        fr: "5.7.1, ou de 5.7.900 à 5.7.999.",
        it: "5.7.1, oppure da 5.7.900 a 5.7.999.",
        ja: "5.7.1、または 5.7.900〜5.7.999。",
    },
    default: Tr {
        en: "5.7.1. Given alone, the rejection text is “Delivery not authorized, message refused”.",
        fr: "5.7.1. Employé seul, le texte du rejet est « Delivery not authorized, message refused ».",
        it: "5.7.1. Se usato da solo, il testo del rifiuto è “Delivery not authorized, message refused”.",
        ja: "5.7.1。このパラメーターだけを指定した場合、拒否の文言は「Delivery not authorized, message refused」になります。",
    },
    note: Some(Tr {
        en: "The reference page's parameter table shows no default value, but its examples and the NotifySender description give 5.7.1.",
        fr: "Le tableau des paramètres de la page de référence n'indique pas de valeur par défaut, mais ses exemples et la description de NotifySender donnent 5.7.1.",
        it: "La tabella dei parametri della pagina di riferimento non indica un valore predefinito, ma gli esempi e la descrizione di NotifySender riportano 5.7.1.",
        ja: "リファレンス ページのパラメーター表には既定値がありませんが、例と NotifySender の説明では 5.7.1 とされています。",
    }),
};

const REJECT_TEXT: Doc = Doc {
    name: "RejectMessageReasonText",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: Tr {
        en: "The explanation text of the NDR when the rule rejects a message.",
        fr: "Le texte d'explication du NDR lorsque la règle rejette un message.",
        it: "Il testo esplicativo dell'NDR quando la regola rifiuta un messaggio.",
        ja: "ルールがメッセージを拒否したときの NDR の説明文。",
    },
    valid: Tr {
        en: "Text of up to 1024 characters in Exchange Online, and up to 256 characters in Exchange Server 2013 and later.",
        fr: "Un texte de 1024 caractères au plus dans Exchange Online, et de 256 caractères au plus dans Exchange Server 2013 et versions ultérieures.",
        it: "Un testo di al massimo 1024 caratteri in Exchange Online e di al massimo 256 caratteri in Exchange Server 2013 e successivi.",
        ja: "Exchange Online では 1024 文字まで、Exchange Server 2013 以降では 256 文字までのテキスト。",
    },
    default: Tr {
        en: "“Delivery not authorized, message refused”. Given alone, the code is 5.7.1.",
        fr: "« Delivery not authorized, message refused ». Employé seul, le code est 5.7.1.",
        it: "“Delivery not authorized, message refused”. Se usato da solo, il codice è 5.7.1.",
        ja: "「Delivery not authorized, message refused」。このパラメーターだけを指定した場合、コードは 5.7.1 になります。",
    },
    note: None,
};

const SMTP_REJECT_CODE: Doc = Doc {
    name: "SmtpRejectMessageRejectStatusCode",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: Tr {
        en: "The SMTP reply code sent when the rule rejects the message during the SMTP session. It works only on Edge Transport servers.",
        fr: "Le code de réponse SMTP envoyé lorsque la règle rejette le message pendant la session SMTP. Ne fonctionne que sur les serveurs de transport Edge.",
        it: "Il codice di risposta SMTP inviato quando la regola rifiuta il messaggio durante la sessione SMTP. Funziona solo sui server Trasporto Edge.",
        ja: "ルールが SMTP セッション中にメッセージを拒否するときに返す SMTP 応答コード。エッジ トランスポート サーバーでのみ機能します。",
    },
    valid: Tr {
        en: "A reply code such as 550, not an enhanced code such as 5.7.1. The reference page says “the integers 400 through 500” yet gives 550, outside that range, as the default; SMTP itself allows 4xx and 5xx codes to reject.",
        fr: "Un code de réponse comme 550, pas un code étendu comme 5.7.1. La page de référence indique « les entiers de 400 à 500 » mais donne 550, hors de cette plage, comme valeur par défaut ; SMTP admet les codes 4xx et 5xx pour rejeter.",
        it: "Un codice di risposta come 550, non un codice esteso come 5.7.1. La pagina di riferimento indica “gli interi da 400 a 500” ma dà come predefinito 550, fuori da questo intervallo; SMTP ammette i codici 4xx e 5xx per rifiutare.",
        ja: "550 のような応答コードで、5.7.1 のような拡張コードではありません。リファレンス ページは「400〜500 の整数」としながら、その範囲外の 550 を既定値としています。SMTP 自体は拒否に 4xx と 5xx のコードを認めています。",
    },
    default: Tr {
        en: "550.",
        fr: "550.",
        it: "550.",
        ja: "550。",
    },
    note: None,
};

const SMTP_REJECT_TEXT: Doc = Doc {
    name: "SmtpRejectMessageRejectText",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: Tr {
        en: "The text sent with the SMTP reply when the rule rejects the message during the SMTP session. It works only on Edge Transport servers.",
        fr: "Le texte envoyé avec la réponse SMTP lorsque la règle rejette le message pendant la session SMTP. Ne fonctionne que sur les serveurs de transport Edge.",
        it: "Il testo inviato con la risposta SMTP quando la regola rifiuta il messaggio durante la sessione SMTP. Funziona solo sui server Trasporto Edge.",
        ja: "ルールが SMTP セッション中にメッセージを拒否するときに、SMTP 応答とともに返す文言。エッジ トランスポート サーバーでのみ機能します。",
    },
    valid: Tr {
        en: "Any text.",
        fr: "Un texte libre.",
        it: "Qualsiasi testo.",
        ja: "任意のテキスト。",
    },
    default: Tr {
        en: "“Delivery not authorized, message refused”.",
        fr: "« Delivery not authorized, message refused ».",
        it: "“Delivery not authorized, message refused”.",
        ja: "「Delivery not authorized, message refused」。",
    },
    note: None,
};

const DSN_CODE: Doc = Doc {
    name: "DsnCode",
    cmdlets: "New-SystemMessage",
    summary: Tr {
        en: "The enhanced status code whose NDR text this system message replaces (on-premises Exchange only).",
        fr: "Le code d'état étendu dont ce message système remplace le texte de NDR (Exchange sur site uniquement).",
        it: "Il codice di stato esteso di cui questo messaggio di sistema sostituisce il testo dell'NDR (solo Exchange locale).",
        ja: "このシステム メッセージで NDR の文言を置き換える対象の拡張ステータスコード (オンプレミスの Exchange のみ)。",
    },
    valid: Tr {
        en: "4.x.y or 5.x.y, where x and y are one to three digits.",
        fr: "4.x.y ou 5.x.y, où x et y comptent un à trois chiffres.",
        it: "4.x.y o 5.x.y, dove x e y hanno da una a tre cifre.",
        ja: "4.x.y または 5.x.y (x と y は 1〜3 桁の数字)。",
    },
    default: Tr {
        en: "None: NDR system messages need it.",
        fr: "Aucune : les messages système de NDR l'exigent.",
        it: "Nessuno: è obbligatorio per i messaggi di sistema degli NDR.",
        ja: "なし (NDR のシステム メッセージでは必須)。",
    },
    note: None,
};

const NOTIFY_SENDER: Doc = Doc {
    name: "NotifySender",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: Tr {
        en: "How a DLP rule notifies or rejects the sender of a matching message. It works only in on-premises Exchange.",
        fr: "La façon dont une règle DLP avertit ou rejette l'expéditeur d'un message correspondant. Ne fonctionne que dans Exchange sur site.",
        it: "Il modo in cui una regola DLP avvisa o rifiuta il mittente di un messaggio corrispondente. Funziona solo in Exchange locale.",
        ja: "DLP ルールに一致したメッセージの送信者への通知・拒否の方法。オンプレミスの Exchange でのみ機能します。",
    },
    valid: Tr {
        en: "NotifyOnly, RejectMessage, RejectUnlessFalsePositiveOverride, RejectUnlessSilentOverride, RejectUnlessExplicitOverride.",
        fr: "NotifyOnly, RejectMessage, RejectUnlessFalsePositiveOverride, RejectUnlessSilentOverride, RejectUnlessExplicitOverride.",
        it: "NotifyOnly, RejectMessage, RejectUnlessFalsePositiveOverride, RejectUnlessSilentOverride, RejectUnlessExplicitOverride.",
        ja: "NotifyOnly、RejectMessage、RejectUnlessFalsePositiveOverride、RejectUnlessSilentOverride、RejectUnlessExplicitOverride。",
    },
    default: Tr {
        en: "None. Every value but NotifyOnly rejects with -RejectMessageEnhancedStatusCode (5.7.1 by default) and -RejectMessageReasonText (“Delivery not authorized, message refused” by default).",
        fr: "Aucune. Toute valeur autre que NotifyOnly rejette avec -RejectMessageEnhancedStatusCode (5.7.1 par défaut) et -RejectMessageReasonText (« Delivery not authorized, message refused » par défaut).",
        it: "Nessuno. Ogni valore diverso da NotifyOnly rifiuta con -RejectMessageEnhancedStatusCode (predefinito 5.7.1) e -RejectMessageReasonText (predefinito “Delivery not authorized, message refused”).",
        ja: "なし。NotifyOnly 以外の値では、-RejectMessageEnhancedStatusCode (既定 5.7.1) と -RejectMessageReasonText (既定「Delivery not authorized, message refused」) で拒否します。",
    },
    note: None,
};

const COPY_OF_DSN: Doc = Doc {
    name: "GenerateCopyOfDSNFor",
    cmdlets: "Set-TransportConfig",
    summary: Tr {
        en: "The NDR codes for which Exchange copies the NDR to the Exchange recipient mailbox (on-premises Exchange only).",
        fr: "Les codes de NDR pour lesquels Exchange copie le NDR dans la boîte aux lettres du destinataire Exchange (Exchange sur site uniquement).",
        it: "I codici di NDR per cui Exchange copia l'NDR nella cassetta postale del destinatario Exchange (solo Exchange locale).",
        ja: "NDR を Exchange 受信者メールボックスにコピーする対象の NDR コード (オンプレミスの Exchange のみ)。",
    },
    valid: Tr {
        en: "Enhanced status codes x.y.z, separated by commas.",
        fr: "Des codes d'état étendus x.y.z, séparés par des virgules.",
        it: "Codici di stato estesi x.y.z, separati da virgole.",
        ja: "カンマ区切りの拡張ステータスコード x.y.z。",
    },
    default: Tr {
        en: "5.4.8, 5.4.6, 5.4.4, 5.2.4, 5.2.0 and 5.1.4.",
        fr: "5.4.8, 5.4.6, 5.4.4, 5.2.4, 5.2.0 et 5.1.4.",
        it: "5.4.8, 5.4.6, 5.4.4, 5.2.4, 5.2.0 e 5.1.4.",
        ja: "5.4.8、5.4.6、5.4.4、5.2.4、5.2.0、5.1.4。",
    },
    note: None,
};

const VALID: Tr = Tr {
    en: "Valid values",
    fr: "Valeurs valides",
    it: "Valori validi",
    ja: "有効な値",
};
const DEFAULT: Tr = Tr {
    en: "Default",
    fr: "Valeur par défaut",
    it: "Valore predefinito",
    ja: "既定値",
};

impl Param {
    pub const ALL: [Param; 7] = [
        Param::RejectMessageEnhancedStatusCode,
        Param::RejectMessageReasonText,
        Param::SmtpRejectMessageRejectStatusCode,
        Param::SmtpRejectMessageRejectText,
        Param::DsnCode,
        Param::NotifySender,
        Param::GenerateCopyOfDsnFor,
    ];

    /// The parameter named `name` (without the dash), compared case-insensitively as
    /// PowerShell does.
    pub fn from_name(name: &str) -> Option<Param> {
        Param::ALL
            .into_iter()
            .find(|param| param.name().eq_ignore_ascii_case(name))
    }

    /// The name as the reference pages spell it.
    pub fn name(self) -> &'static str {
        self.doc().name
    }

    /// The text Exchange uses when a rule rejects without its own text.
    pub fn default_reject_text() -> &'static str {
        DENIED
    }

    fn doc(self) -> &'static Doc {
        match self {
            Param::RejectMessageEnhancedStatusCode => &REJECT_ENHANCED,
            Param::RejectMessageReasonText => &REJECT_TEXT,
            Param::SmtpRejectMessageRejectStatusCode => &SMTP_REJECT_CODE,
            Param::SmtpRejectMessageRejectText => &SMTP_REJECT_TEXT,
            Param::DsnCode => &DSN_CODE,
            Param::NotifySender => &NOTIFY_SENDER,
            Param::GenerateCopyOfDsnFor => &COPY_OF_DSN,
        }
    }

    pub fn summary(self, lang: Lang) -> &'static str {
        self.doc().summary.get(lang)
    }

    /// The hover: name and cmdlets, what it does, valid values, default, and any caveat.
    pub fn markdown(self, lang: Lang) -> String {
        let doc = self.doc();
        let mut out = format!(
            "**-{}** · {}\n\n{}\n\n- **{}**: {}\n- **{}**: {}",
            doc.name,
            doc.cmdlets,
            doc.summary.get(lang),
            VALID.get(lang),
            doc.valid.get(lang),
            DEFAULT.get(lang),
            doc.default.get(lang),
        );
        if let Some(note) = doc.note {
            out.push_str("\n\n");
            out.push_str(note.get(lang));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_matched_like_powershell_does() {
        assert_eq!(
            Param::from_name("rejectmessageenhancedstatuscode"),
            Some(Param::RejectMessageEnhancedStatusCode)
        );
        assert_eq!(
            Param::from_name("GenerateCopyOfDsnFor"),
            Some(Param::GenerateCopyOfDsnFor)
        );
        assert_eq!(Param::from_name("Name"), None);
    }

    #[test]
    fn every_hover_is_complete_in_every_language() {
        for param in Param::ALL {
            let english = param.markdown(Lang::En);
            for lang in Lang::ALL {
                let markdown = param.markdown(lang);
                assert!(markdown.starts_with(&format!("**-{}**", param.name())));
                assert!(markdown.contains(VALID.get(lang)) && markdown.contains(DEFAULT.get(lang)));
                if lang != Lang::En {
                    assert_ne!(markdown, english, "{param:?} in {lang:?}");
                }
            }
        }
    }

    #[test]
    fn the_smtp_reject_code_hover_points_out_the_documented_contradiction() {
        let hover = Param::SmtpRejectMessageRejectStatusCode.markdown(Lang::En);
        assert!(hover.contains("400 through 500"));
        assert!(hover.contains("550"));
    }
}
