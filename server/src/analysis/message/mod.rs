//! RFC 5322 messages, mbox files, bounces and delivery status notifications.

use super::{Finding, codes};

/// Analyses a whole message.
pub fn analyze(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    codes::scan(text, 0, &mut out);
    out
}
