//! Authentication and anti-spam headers: Authentication-Results, Received-SPF, DKIM-Signature,
//! ARC and the Microsoft / SpamAssassin stamps.

use super::Finding;
use crate::lang::Lang;

/// What an authentication finding knows beyond its key (`spf=fail`): properties, alignment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthDetail {
    /// Lines of explanation, already specific to this finding, per language at render time.
    pub summary: Vec<(String, String)>,
}

impl AuthDetail {
    pub fn markdown(&self, _lang: Lang) -> String {
        self.summary
            .iter()
            .map(|(k, v)| format!("- **{k}**: {v}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn message(&self, _lang: Lang) -> Option<String> {
        None
    }
}

/// Analyses the authentication headers of a message.
pub fn analyze(_text: &str) -> Vec<Finding> {
    Vec::new()
}
