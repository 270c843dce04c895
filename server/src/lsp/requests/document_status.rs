//! `mailLsp/documentStatus`: what the server knows of one open document — its version, the
//! kind it was read as, how many findings — and how many analyses and structure builds that
//! version has cost, so a client (and the tests) can see that every view shares one analysis.

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::TextDocumentIdentifier;

use crate::lsp::snapshot::Snapshot;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentStatusParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentStatus {
    pub version: i32,
    pub kind: &'static str,
    pub findings: usize,
    /// Full analyses run for this version (1 once it is analysed; spliced log edits cost 0).
    pub analyses: u32,
    /// Times the navigation structure was built for this version.
    pub structures: u32,
    /// Set when the analysis stopped on an internal error.
    pub failure: Option<String>,
}

pub fn document_status(snapshot: &Snapshot) -> DocumentStatus {
    let counters = &snapshot.counters;
    DocumentStatus {
        version: snapshot.analysis.version,
        kind: snapshot
            .analysis
            .kind
            .map_or("none", crate::analysis::DocumentKind::name),
        findings: snapshot.analysis.findings.len(),
        analyses: counters.analyses.load(std::sync::atomic::Ordering::Relaxed),
        structures: counters
            .structures
            .load(std::sync::atomic::Ordering::Relaxed),
        failure: snapshot.analysis.failure.as_ref().map(ToString::to_string),
    }
}
