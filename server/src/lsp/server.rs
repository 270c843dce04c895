//! The language server: capabilities and the handler table. Each request takes a
//! [`Snapshot`] and is answered by the file under `requests/` named after it; document sync is
//! handled here, publication in [`super::publish`], analyses in [`super::engine`]. Handlers
//! never hold the store's lock across an `.await`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error as RpcError, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::documents::{Applied, ChangeRejected, DocumentStore};
use super::engine::Job;
use super::position::Encoding;
use super::requests::document_status::{DocumentStatus, DocumentStatusParams};
use super::requests::{self, execute_command::COMMANDS};
use super::session::{ClientFlags, Session};
use super::snapshot::Snapshot;
use crate::analysis::DocumentKind;
use crate::catalog;
use crate::lang::Lang;

/// The custom request reporting a document's analysis (see [`requests::document_status`]).
pub const DOCUMENT_STATUS: &str = "mailLsp/documentStatus";
/// The custom request that reads a file from disk (see [`requests::analyze_file`]).
pub const ANALYZE_FILE: &str = "mailLsp/analyzeFile";
/// The custom request listing failed and delayed deliveries (see [`requests::deliveries`]).
pub const DELIVERIES: &str = "mailLsp/deliveries";

/// Shared state behind every handler.
#[derive(Debug)]
pub(super) struct State {
    pub documents: Mutex<DocumentStore>,
    pub session: Session,
    pub shutting_down: Arc<AtomicBool>,
    /// Large texts the framing guard parsed already (see [`super::stash`]).
    pub stash: Arc<super::stash::TextStash>,
}

/// The mail-lsp language server.
#[derive(Debug, Clone)]
pub struct Backend {
    pub(super) client: Client,
    pub(super) state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Self::with_shutdown_flag(client, Arc::new(AtomicBool::new(false)))
    }

    /// A backend that records in `shutdown` whether the client asked for an orderly shutdown,
    /// which decides the process's exit code.
    pub fn with_shutdown_flag(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        Backend {
            client,
            state: Arc::new(State {
                documents: Mutex::new(DocumentStore::default()),
                session: Session::default(),
                shutting_down: shutdown,
                stash: Arc::new(super::stash::TextStash::default()),
            }),
        }
    }

    /// Shares the framing guard's stash of large texts with this backend.
    pub fn with_stash(mut self, stash: Arc<super::stash::TextStash>) -> Self {
        if let Some(state) = Arc::get_mut(&mut self.state) {
            state.stash = stash;
        }
        self
    }

    pub(super) fn documents(&self) -> std::sync::MutexGuard<'_, DocumentStore> {
        self.state
            .documents
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// What analysing the document's current version needs, taken under the lock. With a
    /// `generation`, only if no change arrived since.
    pub(super) fn job(&self, uri: &Uri, generation: Option<u64>) -> Option<Job> {
        let docs = self.documents();
        let doc = docs.get(uri)?;
        if generation.is_some_and(|g| g != doc.generation) {
            return None;
        }
        Some(Job {
            uri: uri.clone(),
            rope: doc.rope.clone(),
            version: doc.version,
            language_id: doc.language_id.clone(),
            latest: doc.latest.clone(),
            slot: doc.slot.clone(),
            from_disk: doc.disk.is_some(),
        })
    }

    /// The document's current version with its analysis (waiting for the one in flight).
    async fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let job = self.job(uri, None)?;
        let session = self.state.session.view();
        let analysis = self.analysis(&job, &session).await?;
        Some(Snapshot {
            uri: job.uri,
            rope: job.rope,
            analysis,
            session,
            counters: job.slot.counters,
        })
    }

    /// Applies settings from the client and reports problems without failing.
    async fn apply_settings(&self, value: &Value, replace: bool) {
        let mut warnings = Vec::new();
        let key_files = self.state.session.settings().dkim_key_files;
        let reload = self
            .state
            .session
            .merge_settings(value, replace, &mut warnings);
        let new_key_files = self.state.session.settings().dkim_key_files;
        if new_key_files != key_files || replace {
            let loaded =
                tokio::task::spawn_blocking(move || crate::key_files::load(&new_key_files))
                    .await
                    .unwrap_or_default();
            tracing::info!(keys = loaded.keys.len(), "DKIM key files read");
            self.state.session.set_dkim_keys(loaded.keys);
            warnings.extend(loaded.problems);
        }
        if let Some(paths) = reload {
            let (catalog, errors) =
                tokio::task::spawn_blocking(move || catalog::with_extra(&paths))
                    .await
                    .unwrap_or_else(|_| (catalog::builtin().clone(), Vec::new()));
            self.state.session.set_catalog(catalog);
            warnings.extend(errors.iter().map(|e| format!("catalog not loaded: {e}")));
        }
        for warning in warnings {
            tracing::warn!("{warning}");
            self.client
                .show_message(MessageType::WARNING, format!("mail-lsp: {warning}"))
                .await;
        }
    }

    /// Pulls `workspace/configuration` and re-analyses everything.
    async fn pull_configuration(&self) {
        if !self.state.session.flags().configuration {
            return;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("mailLsp".into()),
        }];
        match self.client.configuration(items).await {
            Ok(values) => {
                for value in values.iter().filter(|v| !v.is_null()) {
                    self.apply_settings(value, false).await;
                }
            }
            Err(error) => tracing::debug!("workspace/configuration failed: {error}"),
        }
        self.refresh_all();
    }

    /// Drops every analysis (settings or the catalog changed) and analyses again.
    fn refresh_all(&self) {
        let uris = self.documents().uris();
        for uri in uris {
            let generation = {
                let mut docs = self.documents();
                match docs.get_mut(&uri) {
                    Some(doc) => {
                        doc.invalidate();
                        doc.generation
                    }
                    None => continue,
                }
            };
            self.schedule(uri, generation, Duration::ZERO);
        }
    }

    fn debounce(&self) -> Duration {
        Duration::from_millis(self.state.session.settings().debounce_ms)
    }

    /// `mailLsp/documentStatus`.
    pub async fn document_status(&self, params: DocumentStatusParams) -> Result<DocumentStatus> {
        let snapshot = self
            .snapshot(&params.text_document.uri)
            .await
            .ok_or_else(|| RpcError::invalid_params("the document is not open"))?;
        Ok(requests::document_status::document_status(&snapshot))
    }

    /// `mailLsp/deliveries`.
    pub async fn deliveries(
        &self,
        params: requests::deliveries::DeliveriesParams,
    ) -> Result<requests::deliveries::Deliveries> {
        let snapshot = self
            .snapshot(&params.text_document.uri)
            .await
            .ok_or_else(|| RpcError::invalid_params("the document is not open"))?;
        Ok(requests::deliveries::deliveries(&snapshot))
    }
}

/// What the client said at `initialize` that the session keeps.
fn client_flags(params: &InitializeParams) -> ClientFlags {
    ClientFlags {
        show_document: params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|s| s.support),
        configuration: params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false),
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), ".".into(), "'".into(), "\"".into()]),
            ..CompletionOptions::default()
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: COMMANDS.iter().map(|c| c.to_string()).collect(),
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let encoding = Encoding::negotiate(offered);
        let locale = params.locale.as_deref().and_then(Lang::from_locale);
        self.state
            .session
            .initialize(encoding, locale, client_flags(&params));
        if let Some(options) = &params.initialization_options {
            self.apply_settings(options, true).await;
        }
        tracing::info!(?encoding, "initialized");
        // From here on didOpen notifications are handled, so large texts may be stashed for them.
        self.state.stash.set_accepting(true);
        Ok(InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "mail-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let backend = self.clone();
        // Never await a client request inside a notification handler: it can stall the reader.
        tokio::spawn(async move { backend.pull_configuration().await });
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutting_down.store(true, Ordering::Relaxed);
        self.state.stash.set_accepting(false);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let started = std::time::Instant::now();
        let rope = match doc.text.is_empty() {
            true => self.state.stash.take(doc.uri.as_str(), doc.version),
            false => None,
        }
        .unwrap_or_else(|| ropey::Rope::from_str(&doc.text));
        drop(doc.text);
        let bytes = rope.len_bytes();
        self.documents()
            .open_rope(doc.uri.clone(), rope, doc.version, doc.language_id);
        tracing::info!(
            bytes,
            took_ms = started.elapsed().as_millis() as u64,
            "document opened"
        );
        self.schedule(doc.uri, 0, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.state.session.encoding();
        let started = std::time::Instant::now();
        let applied = self.documents().apply_changes(
            &uri,
            params.text_document.version,
            params.content_changes,
            encoding,
        );
        tracing::debug!(
            took_us = started.elapsed().as_micros() as u64,
            spliced = matches!(applied, Ok((_, Applied::Spliced))),
            "change applied"
        );
        match applied {
            // Spliced log findings are current already: a short pause only coalesces a burst of
            // keystrokes into one publication. It counts from the keystroke's arrival, so the
            // splice (a few milliseconds in a log of a million findings) is not paid on top.
            Ok((generation, Applied::Spliced)) => {
                let pause = self.debounce().min(Duration::from_millis(15));
                self.schedule(uri, generation, pause.saturating_sub(started.elapsed()))
            }
            Ok((generation, Applied::Stale)) => self.schedule(uri, generation, self.debounce()),
            Err(ChangeRejected::UnknownDocument) => {
                tracing::warn!("didChange for a document that is not open; ignored")
            }
            Err(ChangeRejected::StaleVersion { current, received }) => {
                tracing::warn!(
                    current,
                    received,
                    "didChange with an older version; ignored"
                )
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents().close(&uri);
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pushed = match &params.settings {
            Value::Null => false,
            Value::Object(map) => !map.is_empty(),
            _ => true,
        };
        if pushed {
            self.apply_settings(&params.settings, false).await;
            self.refresh_all();
        } else {
            let backend = self.clone();
            tokio::spawn(async move { backend.pull_configuration().await });
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = &params.text_document_position_params.text_document.uri;
        let Some(snapshot) = self.snapshot(uri).await else {
            return Ok(None);
        };
        Ok(requests::hover::hover(&snapshot, &params).await)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(requests::document_symbol::document_symbol(&snapshot)
            .await
            .map(DocumentSymbolResponse::Nested))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(requests::folding_range::folding_range(&snapshot).await)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = params.text_document_position;
        let Some(snapshot) = self.snapshot(&position.text_document.uri).await else {
            return Ok(None);
        };
        Ok(requests::references::references(&snapshot, position.position).await)
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let position = params.text_document_position_params;
        let Some(snapshot) = self.snapshot(&position.text_document.uri).await else {
            return Ok(None);
        };
        Ok(requests::references::document_highlight(&snapshot, position.position).await)
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(requests::document_link::document_link(&snapshot).await)
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(requests::inlay_hint::inlay_hint(&snapshot, &params).await)
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(requests::code_lens::code_lens(&snapshot).await)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = &params.text_document_position.text_document.uri;
        let Some(snapshot) = self.snapshot(uri).await else {
            return Ok(None);
        };
        let items = requests::completion::completion(&snapshot, &params).await;
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let actions = requests::code_action::code_action(&snapshot, &params);
        Ok((!actions.is_empty()).then_some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        requests::execute_command::execute_command(self, params).await
    }
}

/// The kind a document was analysed as, for tests and the outline.
pub fn kind_name(kind: Option<DocumentKind>) -> &'static str {
    kind.map_or("none", DocumentKind::name)
}
