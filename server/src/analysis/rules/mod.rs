//! Transport-rule scripts and Postfix access maps.

use super::{Finding, codes};

/// Analyses a rule file.
pub fn analyze(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    codes::scan(text, 0, &mut out);
    out
}
