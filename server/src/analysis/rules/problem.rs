//! What a rule finding says: a parameter's documentation or a problem, each with the edits that
//! would fix it, rendered in the reader's language at display time.

use std::ops::Range;

use super::params::Param;
use crate::catalog::sentences::{say, word};
use crate::lang::Lang;

crate::keys! {
    REPLACE_WITH = "rules.problem.replace-with" (value);
    REMOVE = "rules.problem.remove" (value);
    USE_AS_ACTION = "rules.problem.use-as-action" (value);
    MALFORMED = "rules.problem.malformed" (value);
    REJECT_RANGE = "rules.problem.reject-range" (code);
    REJECT_RANGE_WHY = "rules.problem.reject-range-why";
    REASON_TOO_LONG = "rules.problem.reason-too-long" (chars);
    REASON_ON_PREMISES = "rules.problem.reason-on-premises" (chars);
    NOT_A_REPLY_CODE = "rules.problem.not-a-reply-code" (value);
    REPLY_RANGE = "rules.problem.reply-range" (value);
    DSN_CODE_CLASS = "rules.problem.dsn-code-class" (code);
    ACTION_MISMATCH = "rules.problem.action-mismatch" (action, class, code, sent);
    ACTION_MISMATCH_WHY = "rules.problem.action-mismatch-why";
    NUMERIC_MISMATCH = "rules.problem.numeric-mismatch" (reply, code, sent);
    REPLY_NOT_REJECTING = "rules.problem.reply-not-rejecting" (reply);
    ALL_NUMERIC = "rules.problem.all-numeric" (reply);
    ALL_NUMERIC_WHY = "rules.problem.all-numeric-why";
    CODE_IGNORED = "rules.problem.code-ignored" (action, code);
    REPLY_IN_TEXT = "rules.problem.reply-in-text" (action, reply);
    TEMPORARY_REJECT = "rules.problem.temporary-reject" (code);
}

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

impl FixTitle {
    pub fn get(&self, lang: Lang) -> String {
        let (key, value) = match self {
            FixTitle::ReplaceWith(value) => (REPLACE_WITH, value),
            FixTitle::Remove(value) => (REMOVE, value),
            FixTitle::UseAsAction(value) => (USE_AS_ACTION, value),
        };
        say(&key, [value], lang)
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
            out.push_str(word(&why, lang));
        }
        out
    }

    /// The one-line diagnostic message (for a parameter, its one-line summary).
    pub fn message(&self, lang: Lang) -> Option<String> {
        let message = match &self.issue {
            Issue::Parameter(param) => param.summary(lang).to_string(),
            Issue::MalformedCode { value } => say(&MALFORMED, [shown(value)], lang),
            Issue::RejectCodeOutOfRange { code } => say(&REJECT_RANGE, [code], lang),
            Issue::ReasonTooLong { chars } => say(&REASON_TOO_LONG, [&chars.to_string()], lang),
            Issue::ReasonTooLongOnPremises { chars } => {
                say(&REASON_ON_PREMISES, [&chars.to_string()], lang)
            }
            Issue::NotAReplyCode { value } => say(&NOT_A_REPLY_CODE, [shown(value)], lang),
            Issue::ReplyCodeOutOfRange { value } => say(&REPLY_RANGE, [value], lang),
            Issue::DsnCodeClass { code } => say(&DSN_CODE_CLASS, [code], lang),
            Issue::ActionClassMismatch { action, code, sent } => say(
                &ACTION_MISMATCH,
                [action, sent.get(..1).unwrap_or_default(), code, sent],
                lang,
            ),
            Issue::NumericClassMismatch { reply, code, sent } => {
                say(&NUMERIC_MISMATCH, [reply, code, sent], lang)
            }
            Issue::ReplyNotRejecting { reply } => say(&REPLY_NOT_REJECTING, [reply], lang),
            Issue::AllNumericAccepts { reply } => say(&ALL_NUMERIC, [reply], lang),
            Issue::CodeIgnored { action, code } => say(&CODE_IGNORED, [action, code], lang),
            Issue::ReplyInText { action, reply } => say(&REPLY_IN_TEXT, [action, reply], lang),
            Issue::TemporaryReject { code } => say(&TEMPORARY_REJECT, [code], lang),
        };
        Some(message)
    }
}

/// An empty value is shown as `''` so the message still points at something.
fn shown(value: &str) -> &str {
    if value.is_empty() { "''" } else { value }
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
