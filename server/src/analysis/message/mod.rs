//! RFC 5322 messages, mbox files, bounces and delivery status notifications.

use super::{Finding, codes};

/// Analyses a whole message.
pub fn analyze(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    codes::scan(text, 0, &mut out);
    out
}

/// Why one recipient failed or was delayed, as an experienced admin would sum it up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    pub recipient: String,
    pub action: Option<String>,
    pub status: Option<String>,
    pub reply: Option<u16>,
    pub remote_mta: Option<String>,
    pub diagnostic: Option<String>,
    pub reason: Option<String>,
}

impl Verdict {
    pub fn markdown(&self, _lang: crate::lang::Lang) -> String {
        let mut out = format!("**{}**", self.recipient);
        if let Some(status) = &self.status {
            out.push_str(&format!(" — {status}"));
        }
        out
    }

    pub fn message(&self, _lang: crate::lang::Lang) -> Option<String> {
        None
    }
}
