//! `mailLsp/analyzeFile`: the server reads a file from disk itself, read-only, and publishes its
//! diagnostics as for an open document. VS Code hands no document over 50 MB to extensions, so
//! its extension asks for the large logs the user opens this way; any client may. Asked again
//! after the file changed, only the appended lines are read and rescanned; a truncated or
//! rotated file is read whole. An Outlook `.msg` is read as its message text, the one
//! `mail-lsp convert` prints, so positions are in that text.

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error as RpcError, Result};
use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent, Uri};

use crate::lsp::disk::{self, DiskRead};
use crate::lsp::documents::Applied;
use crate::lsp::position::to_position;
use crate::lsp::server::Backend;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalyzeFileParams {
    /// A `file:` URI.
    pub uri: Uri,
    /// The editor's language for the file (`mail-log`, `email` …); by name and content if absent.
    #[serde(default)]
    pub language_id: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalyzeFileResult {
    /// The version the published diagnostics carry.
    pub version: i32,
    /// Bytes of the file read into the document so far.
    pub bytes: u64,
    /// `whole`, `appended` or `unchanged`.
    pub read: &'static str,
}

impl Backend {
    /// `mailLsp/analyzeFile`.
    pub async fn analyze_file(&self, params: AnalyzeFileParams) -> Result<AnalyzeFileResult> {
        let uri = params.uri;
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return Err(RpcError::invalid_params(
                "only file: URIs can be read from disk",
            ));
        };
        let previous = self.documents().get(&uri).and_then(|d| d.disk.clone());
        let shown = path.display().to_string();
        let read = tokio::task::spawn_blocking(move || disk::read(&path, previous.as_ref()))
            .await
            .map_err(|_| RpcError::internal_error())?
            .map_err(|error| {
                tracing::warn!(%error, "a file asked for could not be read");
                RpcError::invalid_params(format!("cannot read {shown}: {error}"))
            })?;
        let encoding = self.state.session.encoding();
        let (generation, version, bytes, how, applied) = {
            let mut docs = self.documents();
            let current = docs.get(&uri).map(|d| (d.version, d.disk.clone()));
            match read {
                DiskRead::Unchanged => {
                    let (version, state) = current.unwrap_or_default();
                    return Ok(AnalyzeFileResult {
                        version,
                        bytes: state.map_or(0, |s| s.consumed),
                        read: "unchanged",
                    });
                }
                DiskRead::Whole { text, state } => {
                    let version = current.map_or(1, |(v, _)| v + 1);
                    // The text of an Outlook .msg is a message, whatever the client guessed
                    // from the binary file.
                    let language_id = if state.from_msg() {
                        "email".to_string()
                    } else {
                        params.language_id.unwrap_or_default()
                    };
                    docs.open_rope(uri.clone(), text, version, language_id);
                    let bytes = state.consumed;
                    let doc = docs.get_mut(&uri).ok_or_else(RpcError::internal_error)?;
                    doc.disk = Some(state);
                    (doc.generation, version, bytes, "whole", Applied::Stale)
                }
                DiskRead::Appended { text, state } => {
                    let doc = docs.get(&uri).ok_or_else(RpcError::internal_error)?;
                    let version = doc.version + 1;
                    let end = to_position(&doc.rope, doc.rope.len_bytes(), encoding);
                    let change = TextDocumentContentChangeEvent {
                        range: Some(Range::new(end, end)),
                        range_length: None,
                        text,
                    };
                    let (generation, applied) = docs
                        .apply_changes(&uri, version, vec![change], encoding)
                        .map_err(|_| RpcError::internal_error())?;
                    let bytes = state.consumed;
                    if let Some(doc) = docs.get_mut(&uri) {
                        doc.disk = Some(state);
                    }
                    (generation, version, bytes, "appended", applied)
                }
            }
        };
        let pause = match applied {
            Applied::Spliced => std::time::Duration::from_millis(15),
            Applied::Stale => std::time::Duration::ZERO,
        };
        self.schedule(uri, generation, pause);
        tracing::info!(bytes, version, read = how, "file read from disk");
        Ok(AnalyzeFileResult {
            version,
            bytes,
            read: how,
        })
    }
}
