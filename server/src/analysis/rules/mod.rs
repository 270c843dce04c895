//! Transport-rule scripts and Postfix access maps: the places where an administrator writes a
//! status code for the mail system to send.
//!
//! Findings here are of three sorts. Every code written in a parameter value or a map action is a
//! [`FindingKind::StatusCode`] (or [`FindingKind::ReplyCode`]) of severity hint, so hover explains
//! it from the catalog without underlining a setting as if mail had bounced. Exchange parameter
//! names are [`FindingKind::Rule`] hints coded `param:Name` whose detail documents the parameter.
//! Problems are [`FindingKind::Rule`] errors, warnings or information whose detail
//! ([`RuleProblem`]) words the message in four languages and carries the quick fixes.

mod code;
mod complete;
mod exchange;
mod params;
mod postfix;
mod problem;

/// The catalog keys this part of the analysis names its sentences by.
pub(crate) const SENTENCE_KEYS: &[&[crate::sentence::KeyInfo]] = &[params::ALL, problem::ALL];

use std::ops::Range;

pub use complete::{Completion, completions};
pub use params::Param;
pub use problem::{Fix, FixTitle, Issue, RuleProblem};

use super::{Detail, Finding, FindingKind, Severity};

/// How much of the head of a document decides its dialect.
const DIALECT_SNIFF_BYTES: usize = 64 * 1024;

/// Markers of an Exchange PowerShell script, compared lower-cased.
const POWERSHELL_MARKERS: &[&str] = &[
    "-transportrule",
    "-systemmessage",
    "-transportconfig",
    "rejectmessageenhancedstatuscode",
    "rejectmessagereasontext",
    "smtprejectmessagerejectstatuscode",
    "-dsncode",
    "generatecopyofdsnfor",
    "-notifysender",
];

/// The two languages rule files are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Exchange Management Shell / Exchange Online PowerShell.
    PowerShell,
    /// Postfix access(5) maps and header/body checks.
    Postfix,
}

/// Tells a PowerShell script from a Postfix table by the cmdlets and parameters in its head.
pub fn dialect(text: &str) -> Dialect {
    let head = code::truncate(text, DIALECT_SNIFF_BYTES).to_ascii_lowercase();
    if POWERSHELL_MARKERS
        .iter()
        .any(|marker| head.contains(marker))
    {
        Dialect::PowerShell
    } else {
        Dialect::Postfix
    }
}

/// Analyses a rule file. Findings come back sorted by span start.
pub fn analyze(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    match dialect(text) {
        Dialect::PowerShell => exchange::analyze(text, &mut out),
        Dialect::Postfix => postfix::analyze(text, &mut out),
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

/// A rule finding: its code is the issue's identifier, its detail the localizable explanation.
fn problem_finding(
    span: Range<usize>,
    severity: Severity,
    issue: Issue,
    fixes: Vec<Fix>,
) -> Finding {
    let mut finding = Finding::new(span, FindingKind::Rule, issue.id(), severity);
    finding.detail = Some(Detail::Rule(Box::new(RuleProblem::new(issue, fixes))));
    finding
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_follows_the_cmdlets() {
        assert_eq!(
            dialect("New-TransportRule -Name x -RejectMessageEnhancedStatusCode 5.7.1"),
            Dialect::PowerShell
        );
        assert_eq!(
            dialect("$p = @{ RejectMessageReasonText = 'no' }"),
            Dialect::PowerShell
        );
        assert_eq!(
            dialect("spammer@example.com REJECT 5.7.1"),
            Dialect::Postfix
        );
        assert_eq!(dialect(""), Dialect::Postfix);
    }
}
