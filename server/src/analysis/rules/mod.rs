//! Transport-rule scripts and Postfix access maps.

use super::{Finding, codes};

/// Analyses a rule file.
pub fn analyze(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    codes::scan(text, 0, &mut out);
    out
}

/// A problem in a rule file, with what would fix it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleProblem {
    pub message_en: String,
}

impl RuleProblem {
    pub fn markdown(&self, _lang: crate::lang::Lang) -> String {
        self.message_en.clone()
    }

    pub fn message(&self, _lang: crate::lang::Lang) -> Option<String> {
        Some(self.message_en.clone())
    }
}
