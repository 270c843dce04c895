//! The Exchange cmdlet parameters that take status codes or rejection texts, with what the
//! reference pages say about them (MicrosoftDocs/office-docs-powershell: New-TransportRule,
//! Set-TransportRule, New-SystemMessage, Set-TransportConfig), including where they contradict
//! themselves.

use crate::catalog::sentences::word;
use crate::lang::Lang;
use crate::sentence::Key;

crate::keys! {
    REJECT_ENHANCED_SUMMARY = "rules.params.reject-enhanced.summary";
    REJECT_ENHANCED_VALID = "rules.params.reject-enhanced.valid";
    REJECT_ENHANCED_DEFAULT = "rules.params.reject-enhanced.default";
    REJECT_ENHANCED_NOTE = "rules.params.reject-enhanced.note";
    REJECT_TEXT_SUMMARY = "rules.params.reject-text.summary";
    REJECT_TEXT_VALID = "rules.params.reject-text.valid";
    REJECT_TEXT_DEFAULT = "rules.params.reject-text.default";
    SMTP_REJECT_CODE_SUMMARY = "rules.params.smtp-reject-code.summary";
    SMTP_REJECT_CODE_VALID = "rules.params.smtp-reject-code.valid";
    SMTP_REJECT_CODE_DEFAULT = "rules.params.smtp-reject-code.default";
    SMTP_REJECT_TEXT_SUMMARY = "rules.params.smtp-reject-text.summary";
    SMTP_REJECT_TEXT_VALID = "rules.params.smtp-reject-text.valid";
    SMTP_REJECT_TEXT_DEFAULT = "rules.params.smtp-reject-text.default";
    DSN_CODE_SUMMARY = "rules.params.dsn-code.summary";
    DSN_CODE_VALID = "rules.params.dsn-code.valid";
    DSN_CODE_DEFAULT = "rules.params.dsn-code.default";
    NOTIFY_SENDER_SUMMARY = "rules.params.notify-sender.summary";
    NOTIFY_SENDER_VALID = "rules.params.notify-sender.valid";
    NOTIFY_SENDER_DEFAULT = "rules.params.notify-sender.default";
    COPY_OF_DSN_SUMMARY = "rules.params.copy-of-dsn.summary";
    COPY_OF_DSN_VALID = "rules.params.copy-of-dsn.valid";
    COPY_OF_DSN_DEFAULT = "rules.params.copy-of-dsn.default";
    VALID = "rules.params.valid";
    DEFAULT = "rules.params.default";
}

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
    summary: Key<0>,
    valid: Key<0>,
    default: Key<0>,
    note: Option<Key<0>>,
}

const DENIED: &str = "Delivery not authorized, message refused";

const REJECT_ENHANCED: Doc = Doc {
    name: "RejectMessageEnhancedStatusCode",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: REJECT_ENHANCED_SUMMARY,
    valid: REJECT_ENHANCED_VALID,
    default: REJECT_ENHANCED_DEFAULT,
    note: Some(REJECT_ENHANCED_NOTE),
};

const REJECT_TEXT: Doc = Doc {
    name: "RejectMessageReasonText",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: REJECT_TEXT_SUMMARY,
    valid: REJECT_TEXT_VALID,
    default: REJECT_TEXT_DEFAULT,
    note: None,
};

const SMTP_REJECT_CODE: Doc = Doc {
    name: "SmtpRejectMessageRejectStatusCode",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: SMTP_REJECT_CODE_SUMMARY,
    valid: SMTP_REJECT_CODE_VALID,
    default: SMTP_REJECT_CODE_DEFAULT,
    note: None,
};

const SMTP_REJECT_TEXT: Doc = Doc {
    name: "SmtpRejectMessageRejectText",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: SMTP_REJECT_TEXT_SUMMARY,
    valid: SMTP_REJECT_TEXT_VALID,
    default: SMTP_REJECT_TEXT_DEFAULT,
    note: None,
};

const DSN_CODE: Doc = Doc {
    name: "DsnCode",
    cmdlets: "New-SystemMessage",
    summary: DSN_CODE_SUMMARY,
    valid: DSN_CODE_VALID,
    default: DSN_CODE_DEFAULT,
    note: None,
};

const NOTIFY_SENDER: Doc = Doc {
    name: "NotifySender",
    cmdlets: "New-TransportRule, Set-TransportRule",
    summary: NOTIFY_SENDER_SUMMARY,
    valid: NOTIFY_SENDER_VALID,
    default: NOTIFY_SENDER_DEFAULT,
    note: None,
};

const COPY_OF_DSN: Doc = Doc {
    name: "GenerateCopyOfDSNFor",
    cmdlets: "Set-TransportConfig",
    summary: COPY_OF_DSN_SUMMARY,
    valid: COPY_OF_DSN_VALID,
    default: COPY_OF_DSN_DEFAULT,
    note: None,
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
        word(&self.doc().summary, lang)
    }

    /// The hover: name and cmdlets, what it does, valid values, default, and any caveat.
    pub fn markdown(self, lang: Lang) -> String {
        let doc = self.doc();
        let mut out = format!(
            "**-{}** · {}\n\n{}\n\n- **{}**: {}\n- **{}**: {}",
            doc.name,
            doc.cmdlets,
            word(&doc.summary, lang),
            word(&VALID, lang),
            word(&doc.valid, lang),
            word(&DEFAULT, lang),
            word(&doc.default, lang),
        );
        if let Some(note) = doc.note {
            out.push_str("\n\n");
            out.push_str(word(&note, lang));
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
                assert!(
                    markdown.contains(word(&VALID, lang))
                        && markdown.contains(word(&DEFAULT, lang))
                );
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
