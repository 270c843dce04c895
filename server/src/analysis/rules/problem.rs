//! What a rule finding says: a parameter's documentation or a problem, each with the edits that
//! would fix it, rendered in the reader's language at display time.

use std::ops::Range;

use super::params::Param;
use crate::lang::{Lang, Tr};

/// The explanation behind a rule finding: a parameter worth documenting on hover, or a problem
/// with the code, text or action written there, plus the edits that would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    pub issue: Issue,
    /// Quick fixes, most likely first. Empty when no edit can be proposed with confidence.
    pub fixes: Vec<Fix>,
}

/// What a rule finding is about. Values are kept as written so messages can quote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// An Exchange parameter name: hover explains it, its valid values and its default.
    Parameter(Param),
    /// A value meant as an enhanced status code that is not `class.subject.detail`.
    MalformedCode { value: String },
    /// `-RejectMessageEnhancedStatusCode` outside 5.7.1 and 5.7.900–5.7.999.
    RejectCodeOutOfRange { code: String },
    /// `-RejectMessageReasonText` longer than Exchange Online accepts (1024 characters).
    ReasonTooLong { chars: usize },
    /// `-RejectMessageReasonText` longer than on-premises Exchange 2013+ accepts (256 characters).
    ReasonTooLongOnPremises { chars: usize },
    /// `-SmtpRejectMessageRejectStatusCode` given something other than a three-digit reply code.
    NotAReplyCode { value: String },
    /// `-SmtpRejectMessageRejectStatusCode` given a number that is not a 4xx or 5xx reply.
    ReplyCodeOutOfRange { value: String },
    /// `New-SystemMessage -DsnCode` given a success (2.x.y) code.
    DsnCodeClass { code: String },
    /// A Postfix action whose reply class differs from its enhanced code (`REJECT 4.7.1`).
    ActionClassMismatch {
        action: String,
        code: String,
        /// The code Postfix actually sends.
        sent: String,
    },
    /// A Postfix numeric action whose enhanced code disagrees with it (`450 5.7.1`).
    NumericClassMismatch {
        reply: String,
        code: String,
        sent: String,
    },
    /// A Postfix numeric action that is not a 4xx or 5xx reply (`250 text`).
    ReplyNotRejecting { reply: String },
    /// A bare three-digit Postfix result (`550`), which Postfix treats as OK.
    AllNumericAccepts { reply: String },
    /// A status code after an action that never replies with one (`DISCARD 5.7.1`).
    CodeIgnored { action: String, code: String },
    /// A reply code written in the text of an action that supplies its own (`REJECT 550 …`).
    ReplyInText { action: String, reply: String },
    /// `REJECT 4.x.x` in header or body checks, where it defers the message on purpose.
    TemporaryReject { code: String },
}

/// One edit that fixes a problem: replace the bytes of `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: FixTitle,
    /// Byte span in the analysed text.
    pub span: Range<usize>,
    pub replacement: String,
}

/// The title of a quick fix, worded in the reader's language by [`FixTitle::get`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixTitle {
    /// "Replace with 5.7.1".
    ReplaceWith(String),
    /// "Remove 5.7.1".
    Remove(String),
    /// "Use 550 as the action".
    UseAsAction(String),
}

const REPLACE_WITH: Tr = Tr {
    en: "Replace with {value}",
    fr: "Remplacer par {value}",
    it: "Sostituisci con {value}",
    ja: "{value} に置き換える",
};
const REMOVE: Tr = Tr {
    en: "Remove {value}",
    fr: "Supprimer {value}",
    it: "Rimuovi {value}",
    ja: "{value} を削除",
};
const USE_AS_ACTION: Tr = Tr {
    en: "Use {value} as the action",
    fr: "Utiliser {value} comme action",
    it: "Usa {value} come azione",
    ja: "{value} をアクションとして使う",
};

impl FixTitle {
    pub fn get(&self, lang: Lang) -> String {
        let (template, value) = match self {
            FixTitle::ReplaceWith(value) => (REPLACE_WITH, value),
            FixTitle::Remove(value) => (REMOVE, value),
            FixTitle::UseAsAction(value) => (USE_AS_ACTION, value),
        };
        template.get(lang).replace("{value}", value)
    }
}

impl Fix {
    pub fn replace(span: Range<usize>, replacement: impl Into<String>) -> Fix {
        let replacement = replacement.into();
        Fix {
            title: FixTitle::ReplaceWith(replacement.clone()),
            span,
            replacement,
        }
    }

    /// Removes `span`, titled with the text it removes.
    pub fn remove(span: Range<usize>, removed: impl Into<String>) -> Fix {
        Fix {
            title: FixTitle::Remove(removed.into()),
            span,
            replacement: String::new(),
        }
    }

    /// The text with this fix applied, or `None` when the span does not fit the text.
    pub fn apply(&self, text: &str) -> Option<String> {
        let before = text.get(..self.span.start)?;
        let after = text.get(self.span.end..)?;
        Some(format!("{before}{}{after}", self.replacement))
    }
}

const MALFORMED: Tr = Tr {
    en: "{value} is not a well-formed enhanced status code: expected class.subject.detail, with class 2, 4 or 5 and one to three digits in subject and detail, such as 5.7.1",
    fr: "{value} n'est pas un code d'état étendu valide : forme attendue classe.sujet.détail, avec la classe 2, 4 ou 5 et un à trois chiffres pour le sujet et le détail, par exemple 5.7.1",
    it: "{value} non è un codice di stato esteso valido: formato atteso classe.oggetto.dettaglio, con classe 2, 4 o 5 e da una a tre cifre per oggetto e dettaglio, ad esempio 5.7.1",
    ja: "{value} は正しい拡張ステータスコードではありません。class.subject.detail の形式で、class は 2・4・5 のいずれか、subject と detail は 1〜3 桁の数字です (例: 5.7.1)",
};
const REJECT_RANGE: Tr = Tr {
    en: "-RejectMessageEnhancedStatusCode accepts only 5.7.1 or a code from 5.7.900 to 5.7.999; Exchange refuses {code}",
    fr: "-RejectMessageEnhancedStatusCode n'accepte que 5.7.1 ou un code de 5.7.900 à 5.7.999 ; Exchange refuse {code}",
    it: "-RejectMessageEnhancedStatusCode accetta solo 5.7.1 o un codice da 5.7.900 a 5.7.999; Exchange rifiuta {code}",
    ja: "-RejectMessageEnhancedStatusCode に指定できるのは 5.7.1 か 5.7.900〜5.7.999 のコードだけです。{code} は Exchange に拒否されます",
};
const REJECT_RANGE_WHY: Tr = Tr {
    en: "Custom codes from 5.7.900 to 5.7.999 tell one rule's rejections apart from another's in message trace and in the NDRs senders receive.",
    fr: "Les codes personnalisés de 5.7.900 à 5.7.999 permettent de distinguer les rejets de chaque règle dans le suivi des messages et dans les NDR reçus par les expéditeurs.",
    it: "I codici personalizzati da 5.7.900 a 5.7.999 permettono di distinguere i rifiuti di ogni regola nella traccia messaggi e negli NDR ricevuti dai mittenti.",
    ja: "5.7.900〜5.7.999 の独自コードを使うと、メッセージ追跡や送信者が受け取る NDR で、どのルールによる拒否かを見分けられます。",
};
const REASON_TOO_LONG: Tr = Tr {
    en: "-RejectMessageReasonText is {chars} characters long; Exchange Online accepts at most 1024",
    fr: "-RejectMessageReasonText fait {chars} caractères ; Exchange Online en accepte au plus 1024",
    it: "-RejectMessageReasonText è lungo {chars} caratteri; Exchange Online ne accetta al massimo 1024",
    ja: "-RejectMessageReasonText は {chars} 文字あります。Exchange Online で使えるのは 1024 文字までです",
};
const REASON_ON_PREMISES: Tr = Tr {
    en: "-RejectMessageReasonText is {chars} characters long: accepted by Exchange Online (1024) but too long for on-premises Exchange Server 2013 and later (256)",
    fr: "-RejectMessageReasonText fait {chars} caractères : accepté par Exchange Online (1024) mais trop long pour Exchange Server 2013 et versions ultérieures sur site (256)",
    it: "-RejectMessageReasonText è lungo {chars} caratteri: accettato da Exchange Online (1024) ma troppo lungo per Exchange Server 2013 e successivi in locale (256)",
    ja: "-RejectMessageReasonText は {chars} 文字あります。Exchange Online (1024 文字まで) では使えますが、オンプレミスの Exchange Server 2013 以降 (256 文字まで) には長すぎます",
};
const NOT_A_REPLY_CODE: Tr = Tr {
    en: "-SmtpRejectMessageRejectStatusCode takes a three-digit SMTP reply code such as 550, not {value}",
    fr: "-SmtpRejectMessageRejectStatusCode attend un code de réponse SMTP à trois chiffres comme 550, pas {value}",
    it: "-SmtpRejectMessageRejectStatusCode richiede un codice di risposta SMTP a tre cifre come 550, non {value}",
    ja: "-SmtpRejectMessageRejectStatusCode には 550 のような 3 桁の SMTP 応答コードを指定します。{value} は指定できません",
};
const REPLY_RANGE: Tr = Tr {
    en: "-SmtpRejectMessageRejectStatusCode rejects the message, so it needs a 4xx or 5xx reply code; {value} is not one",
    fr: "-SmtpRejectMessageRejectStatusCode rejette le message et demande donc un code de réponse 4xx ou 5xx ; {value} n'en est pas un",
    it: "-SmtpRejectMessageRejectStatusCode rifiuta il messaggio e richiede quindi un codice di risposta 4xx o 5xx; {value} non lo è",
    ja: "-SmtpRejectMessageRejectStatusCode はメッセージを拒否するため、4xx または 5xx の応答コードが必要です。{value} は該当しません",
};
const DSN_CODE_CLASS: Tr = Tr {
    en: "-DsnCode takes a 4.x.y or 5.x.y code; {code} is a success code, which never produces an NDR",
    fr: "-DsnCode attend un code 4.x.y ou 5.x.y ; {code} est un code de succès, qui ne produit jamais de NDR",
    it: "-DsnCode richiede un codice 4.x.y o 5.x.y; {code} è un codice di successo, che non genera mai un NDR",
    ja: "-DsnCode には 4.x.y または 5.x.y のコードを指定します。{code} は成功を表すコードで、NDR は発生しません",
};
const ACTION_MISMATCH: Tr = Tr {
    en: "{action} sends a {class}xx reply, so Postfix turns {code} into {sent}: the enhanced code must have the same class as the action",
    fr: "{action} envoie une réponse {class}xx, donc Postfix change {code} en {sent} : le code étendu doit avoir la même classe que l'action",
    it: "{action} invia una risposta {class}xx, quindi Postfix trasforma {code} in {sent}: il codice esteso deve avere la stessa classe dell'azione",
    ja: "{action} は {class}xx で応答するため、Postfix は {code} を {sent} に書き換えます。拡張コードのクラスはアクションと一致させる必要があります",
};
const ACTION_MISMATCH_WHY: Tr = Tr {
    en: "REJECT replies with $access_map_reject_code (554 by default); DEFER, DEFER_IF_PERMIT and DEFER_IF_REJECT reply with $access_map_defer_code (450 by default). Postfix makes the class of the enhanced code follow the reply. In header_checks and body_checks, REJECT with a 4.x.x code defers the message instead.",
    fr: "REJECT répond avec $access_map_reject_code (554 par défaut) ; DEFER, DEFER_IF_PERMIT et DEFER_IF_REJECT répondent avec $access_map_defer_code (450 par défaut). Postfix aligne la classe du code étendu sur celle de la réponse. Dans header_checks et body_checks, REJECT avec un code 4.x.x diffère au contraire le message.",
    it: "REJECT risponde con $access_map_reject_code (554 per impostazione predefinita); DEFER, DEFER_IF_PERMIT e DEFER_IF_REJECT rispondono con $access_map_defer_code (450 per impostazione predefinita). Postfix adegua la classe del codice esteso a quella della risposta. In header_checks e body_checks, REJECT con un codice 4.x.x rinvia invece il messaggio.",
    ja: "REJECT は $access_map_reject_code (既定 554)、DEFER・DEFER_IF_PERMIT・DEFER_IF_REJECT は $access_map_defer_code (既定 450) で応答し、Postfix は拡張コードのクラスを応答コードに合わせます。なお header_checks と body_checks では、4.x.x コード付きの REJECT はメッセージを拒否せず保留 (再試行) にします。",
};
const NUMERIC_MISMATCH: Tr = Tr {
    en: "reply code {reply} and enhanced code {code} disagree; Postfix keeps the reply code and sends {reply} {sent}",
    fr: "le code de réponse {reply} et le code étendu {code} ne concordent pas ; Postfix garde le code de réponse et envoie {reply} {sent}",
    it: "il codice di risposta {reply} e il codice esteso {code} non concordano; Postfix mantiene il codice di risposta e invia {reply} {sent}",
    ja: "応答コード {reply} と拡張コード {code} のクラスが一致しません。Postfix は応答コードを優先し、{reply} {sent} を送信します",
};
const REPLY_NOT_REJECTING: Tr = Tr {
    en: "{reply} is not a 4xx or 5xx reply: Postfix logs a configuration error and answers 450 4.7.1 Service unavailable instead",
    fr: "{reply} n'est pas une réponse 4xx ou 5xx : Postfix journalise une erreur de configuration et répond 450 4.7.1 Service unavailable à la place",
    it: "{reply} non è una risposta 4xx o 5xx: Postfix registra un errore di configurazione e risponde invece 450 4.7.1 Service unavailable",
    ja: "{reply} は 4xx・5xx の応答ではありません。Postfix は設定エラーをログに記録し、代わりに 450 4.7.1 Service unavailable と応答します",
};
const ALL_NUMERIC: Tr = Tr {
    en: "a result made only of digits is treated as OK: this entry accepts the mail instead of rejecting it with {reply}",
    fr: "un résultat composé uniquement de chiffres est traité comme OK : cette entrée accepte le courrier au lieu de le rejeter avec {reply}",
    it: "un risultato composto solo da cifre è trattato come OK: questa voce accetta la posta invece di rifiutarla con {reply}",
    ja: "数字だけの結果は OK として扱われます。このエントリは {reply} で拒否せず、メールを受け入れます",
};
const ALL_NUMERIC_WHY: Tr = Tr {
    en: "Address-based relay authorization schemes such as pop-before-smtp write all-numerical results, so Postfix accepts them. A reply code needs text after it: 550 5.7.1 Access denied.",
    fr: "Les mécanismes d'autorisation de relais par adresse comme pop-before-smtp écrivent des résultats purement numériques, que Postfix accepte donc. Un code de réponse doit être suivi d'un texte : 550 5.7.1 Access denied.",
    it: "I meccanismi di autorizzazione al relay basati sull'indirizzo, come pop-before-smtp, scrivono risultati solo numerici, che Postfix quindi accetta. Un codice di risposta deve essere seguito da un testo: 550 5.7.1 Access denied.",
    ja: "pop-before-smtp などアドレスに基づく中継許可の仕組みが数字だけの結果を書き込むため、Postfix はこれを受け入れとみなします。応答コードの後には本文が必要です (例: 550 5.7.1 Access denied)。",
};
const CODE_IGNORED: Tr = Tr {
    en: "{action} sends no status code to the client; {code} only ends up in the log",
    fr: "{action} n'envoie aucun code d'état au client ; {code} n'apparaît que dans le journal",
    it: "{action} non invia alcun codice di stato al client; {code} finisce solo nel log",
    ja: "{action} はクライアントにステータスコードを返しません。{code} はログに残るだけです",
};
const REPLY_IN_TEXT: Tr = Tr {
    en: "{action} supplies its own reply code, so {reply} is sent as part of the text; to choose the reply code, write it as the action",
    fr: "{action} fournit son propre code de réponse, donc {reply} est envoyé dans le texte ; pour choisir le code de réponse, écrivez-le comme action",
    it: "{action} fornisce il proprio codice di risposta, quindi {reply} viene inviato come testo; per scegliere il codice di risposta, scriverlo come azione",
    ja: "{action} は独自の応答コードを使うため、{reply} は本文の一部として送られます。応答コードを指定するには、それをアクションとして書きます",
};
const TEMPORARY_REJECT: Tr = Tr {
    en: "in header_checks and body_checks, REJECT with {code} defers the message: the sender retries instead of getting a bounce",
    fr: "dans header_checks et body_checks, REJECT avec {code} diffère le message : l'expéditeur réessaie au lieu de recevoir un rejet",
    it: "in header_checks e body_checks, REJECT con {code} rinvia il messaggio: il mittente ritenta invece di ricevere un rifiuto",
    ja: "header_checks と body_checks では、{code} 付きの REJECT はメッセージを保留にします。送信側はバウンスを受け取らず、再試行します",
};

impl Issue {
    /// The stable identifier used as the finding's code (diagnostic code, SARIF rule id).
    pub fn id(&self) -> String {
        let id = match self {
            Issue::Parameter(param) => return format!("param:{}", param.name()),
            Issue::MalformedCode { .. } => "malformed-code",
            Issue::RejectCodeOutOfRange { .. } => "exchange:reject-code-range",
            Issue::ReasonTooLong { .. } => "exchange:reason-text-length",
            Issue::ReasonTooLongOnPremises { .. } => "exchange:reason-text-on-premises",
            Issue::NotAReplyCode { .. } => "exchange:smtp-reject-code",
            Issue::ReplyCodeOutOfRange { .. } => "exchange:smtp-reject-code-range",
            Issue::DsnCodeClass { .. } => "exchange:dsn-code-class",
            Issue::ActionClassMismatch { .. } | Issue::NumericClassMismatch { .. } => {
                "postfix:class-mismatch"
            }
            Issue::ReplyNotRejecting { .. } => "postfix:reply-code",
            Issue::AllNumericAccepts { .. } => "postfix:all-numerical",
            Issue::CodeIgnored { .. } => "postfix:code-ignored",
            Issue::ReplyInText { .. } => "postfix:reply-in-text",
            Issue::TemporaryReject { .. } => "postfix:temporary-reject",
        };
        id.to_string()
    }
}

impl RuleProblem {
    pub fn new(issue: Issue, fixes: Vec<Fix>) -> RuleProblem {
        RuleProblem { issue, fixes }
    }

    /// Hover markdown: the parameter's documentation, or the problem and why it matters.
    pub fn markdown(&self, lang: Lang) -> String {
        if let Issue::Parameter(param) = &self.issue {
            return param.markdown(lang);
        }
        let mut out = self.message(lang).unwrap_or_default();
        let why = match &self.issue {
            Issue::RejectCodeOutOfRange { .. } => Some(REJECT_RANGE_WHY),
            Issue::ActionClassMismatch { .. } => Some(ACTION_MISMATCH_WHY),
            Issue::AllNumericAccepts { .. } => Some(ALL_NUMERIC_WHY),
            _ => None,
        };
        if let Some(why) = why {
            out.push_str("\n\n");
            out.push_str(why.get(lang));
        }
        out
    }

    /// The one-line diagnostic message (for a parameter, its one-line summary).
    pub fn message(&self, lang: Lang) -> Option<String> {
        let message = match &self.issue {
            Issue::Parameter(param) => param.summary(lang).to_string(),
            Issue::MalformedCode { value } => fill(MALFORMED, lang, &[("value", shown(value))]),
            Issue::RejectCodeOutOfRange { code } => fill(REJECT_RANGE, lang, &[("code", code)]),
            Issue::ReasonTooLong { chars } => {
                fill(REASON_TOO_LONG, lang, &[("chars", &chars.to_string())])
            }
            Issue::ReasonTooLongOnPremises { chars } => {
                fill(REASON_ON_PREMISES, lang, &[("chars", &chars.to_string())])
            }
            Issue::NotAReplyCode { value } => {
                fill(NOT_A_REPLY_CODE, lang, &[("value", shown(value))])
            }
            Issue::ReplyCodeOutOfRange { value } => fill(REPLY_RANGE, lang, &[("value", value)]),
            Issue::DsnCodeClass { code } => fill(DSN_CODE_CLASS, lang, &[("code", code)]),
            Issue::ActionClassMismatch { action, code, sent } => fill(
                ACTION_MISMATCH,
                lang,
                &[
                    ("action", action),
                    ("class", sent.get(..1).unwrap_or_default()),
                    ("code", code),
                    ("sent", sent),
                ],
            ),
            Issue::NumericClassMismatch { reply, code, sent } => fill(
                NUMERIC_MISMATCH,
                lang,
                &[("reply", reply), ("code", code), ("sent", sent)],
            ),
            Issue::ReplyNotRejecting { reply } => {
                fill(REPLY_NOT_REJECTING, lang, &[("reply", reply)])
            }
            Issue::AllNumericAccepts { reply } => fill(ALL_NUMERIC, lang, &[("reply", reply)]),
            Issue::CodeIgnored { action, code } => {
                fill(CODE_IGNORED, lang, &[("action", action), ("code", code)])
            }
            Issue::ReplyInText { action, reply } => {
                fill(REPLY_IN_TEXT, lang, &[("action", action), ("reply", reply)])
            }
            Issue::TemporaryReject { code } => fill(TEMPORARY_REJECT, lang, &[("code", code)]),
        };
        Some(message)
    }
}

/// An empty value is shown as `''` so the message still points at something.
fn shown(value: &str) -> &str {
    if value.is_empty() { "''" } else { value }
}

fn fill(template: Tr, lang: Lang, values: &[(&str, &str)]) -> String {
    let mut out = template.get(lang).to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_issue() -> Vec<Issue> {
        let s = |v: &str| v.to_string();
        let mut issues: Vec<Issue> = Param::ALL.iter().copied().map(Issue::Parameter).collect();
        issues.extend([
            Issue::MalformedCode { value: s("5.7") },
            Issue::MalformedCode { value: s("") },
            Issue::RejectCodeOutOfRange { code: s("5.7.500") },
            Issue::ReasonTooLong { chars: 1100 },
            Issue::ReasonTooLongOnPremises { chars: 300 },
            Issue::NotAReplyCode { value: s("5.7.1") },
            Issue::ReplyCodeOutOfRange { value: s("250") },
            Issue::DsnCodeClass { code: s("2.0.0") },
            Issue::ActionClassMismatch {
                action: s("REJECT"),
                code: s("4.7.1"),
                sent: s("5.7.1"),
            },
            Issue::NumericClassMismatch {
                reply: s("450"),
                code: s("5.7.1"),
                sent: s("4.7.1"),
            },
            Issue::ReplyNotRejecting { reply: s("250") },
            Issue::AllNumericAccepts { reply: s("550") },
            Issue::CodeIgnored {
                action: s("DISCARD"),
                code: s("5.7.1"),
            },
            Issue::ReplyInText {
                action: s("REJECT"),
                reply: s("550"),
            },
            Issue::TemporaryReject { code: s("4.7.1") },
        ]);
        issues
    }

    #[test]
    fn every_message_exists_in_every_language_with_its_values_filled_in() {
        for issue in every_issue() {
            let problem = RuleProblem::new(issue.clone(), Vec::new());
            let english = problem.message(Lang::En).unwrap_or_default();
            for lang in Lang::ALL {
                let message = problem.message(lang).unwrap_or_default();
                let markdown = problem.markdown(lang);
                assert!(!message.is_empty(), "{issue:?} {lang:?}");
                assert!(!message.contains('{'), "{issue:?} {lang:?}: {message}");
                assert!(!markdown.contains("{value}"), "{issue:?} {lang:?}");
                if lang != Lang::En {
                    assert_ne!(message, english, "{issue:?} is not translated to {lang:?}");
                }
            }
        }
    }

    #[test]
    fn class_mismatch_names_the_class_the_action_sends() {
        let problem = RuleProblem::new(
            Issue::ActionClassMismatch {
                action: "DEFER".into(),
                code: "5.7.1".into(),
                sent: "4.7.1".into(),
            },
            Vec::new(),
        );
        assert_eq!(
            problem.message(Lang::En).as_deref(),
            Some(
                "DEFER sends a 4xx reply, so Postfix turns 5.7.1 into 4.7.1: the enhanced code \
                 must have the same class as the action"
            )
        );
    }

    #[test]
    fn fix_titles_and_edits() {
        let fix = Fix::replace(4..9, "5.7.1");
        assert_eq!(fix.title.get(Lang::Fr), "Remplacer par 5.7.1");
        assert_eq!(fix.apply("foo 4.7.1 bar").as_deref(), Some("foo 5.7.1 bar"));
        assert_eq!(Fix::replace(40..41, "x").apply("short"), None);
        assert_eq!(
            FixTitle::Remove("5.7.1".into()).get(Lang::Ja),
            "5.7.1 を削除"
        );
    }
}
