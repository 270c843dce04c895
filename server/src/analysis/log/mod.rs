//! Mail-server logs, read line by line so an edit only costs the lines it touches.

use super::{Finding, codes};

/// Analyses a whole log.
pub fn analyze(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    codes::scan(text, 0, &mut out);
    out
}
