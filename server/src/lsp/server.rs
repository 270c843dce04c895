//! The language server: capabilities, the handler table, and the debounced analysis that feeds
//! diagnostics. Handlers never hold the store's lock across an `.await`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use ropey::Rope;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error as RpcError, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::actions::{self, DNS_LOOKUPS, EXPLAIN, OPEN_URL};
use super::completion;
use super::diagnostics;
use super::documents::{Analysis, Applied, ChangeRejected, DocumentStore};
use super::hover;
use super::incremental;
use super::navigation;
use super::position::{Encoding, to_offset, to_span};
use crate::analysis::{self, DocumentKind, Finding};
use crate::catalog::{self, Catalog, Query};
use crate::lang::Lang;
use crate::present;
use crate::settings::Settings;

/// What the client said it can do, read once at `initialize`.
#[derive(Debug, Clone, Copy, Default)]
struct ClientFlags {
    show_document: bool,
    configuration: bool,
}

/// Shared state behind every handler.
#[derive(Debug)]
struct State {
    documents: Mutex<DocumentStore>,
    encoding: RwLock<Encoding>,
    settings: RwLock<Settings>,
    client_locale: RwLock<Option<Lang>>,
    catalog: RwLock<Arc<Catalog>>,
    flags: RwLock<ClientFlags>,
    shutting_down: Arc<AtomicBool>,
    /// Large texts the framing guard parsed already (see [`super::stash`]).
    stash: Arc<super::stash::TextStash>,
}

/// The mail-lsp language server.
#[derive(Debug, Clone)]
pub struct Backend {
    client: Client,
    state: Arc<State>,
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    lock.read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone()
}

fn write<T>(lock: &RwLock<T>, value: T) {
    *lock
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = value;
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
                encoding: RwLock::new(Encoding::Utf16),
                settings: RwLock::new(Settings::default()),
                client_locale: RwLock::new(None),
                catalog: RwLock::new(Arc::new(catalog::builtin().clone())),
                flags: RwLock::new(ClientFlags::default()),
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

    fn documents(&self) -> std::sync::MutexGuard<'_, DocumentStore> {
        self.state
            .documents
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn encoding(&self) -> Encoding {
        read(&self.state.encoding)
    }

    fn settings(&self) -> Settings {
        read(&self.state.settings)
    }

    fn catalog(&self) -> Arc<Catalog> {
        read(&self.state.catalog)
    }

    /// The language of everything the user reads: the setting, else the client's locale.
    fn lang(&self) -> Lang {
        self.settings()
            .language
            .or(read(&self.state.client_locale))
            .unwrap_or_default()
    }

    /// Applies settings from the client and reports problems without failing.
    async fn apply_settings(&self, value: &Value, replace: bool) {
        let mut warnings = Vec::new();
        let mut settings = if replace {
            Settings::default()
        } else {
            self.settings()
        };
        settings.merge_json(value, &mut warnings);
        let old_paths = self.settings().extra_catalogs;
        let reload = settings.extra_catalogs != old_paths || replace;
        write(&self.state.settings, settings.clone());
        if reload {
            let paths = settings.extra_catalogs.clone();
            let (catalog, errors) =
                tokio::task::spawn_blocking(move || catalog::with_extra(&paths))
                    .await
                    .unwrap_or_else(|_| (catalog::builtin().clone(), Vec::new()));
            write(&self.state.catalog, Arc::new(catalog));
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
        if !read(&self.state.flags).configuration {
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

    fn refresh_all(&self) {
        let uris = self.documents().uris();
        for uri in uris {
            let generation = {
                let mut docs = self.documents();
                match docs.get_mut(&uri) {
                    Some(doc) => {
                        doc.generation += 1;
                        doc.analysis = None;
                        doc.generation
                    }
                    None => continue,
                }
            };
            self.schedule(uri, generation, Duration::ZERO);
        }
    }

    /// Analyses a document after `delay` unless a newer change arrives first, then publishes.
    fn schedule(&self, uri: Uri, generation: u64, delay: Duration) {
        let backend = self.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let Some((rope, version, language_id)) = backend.snapshot(&uri, Some(generation))
            else {
                return;
            };
            let fresh = backend
                .documents()
                .get(&uri)
                .and_then(|d| d.fresh_analysis());
            if fresh.is_none()
                && let Some(preview) = backend.preview(&rope, &uri, &language_id).await
            {
                backend
                    .client
                    .publish_diagnostics(uri.clone(), preview, Some(version))
                    .await;
            }
            let analysis = match fresh {
                Some(analysis) => analysis,
                None => match backend
                    .analyze(&uri, rope.clone(), version, language_id)
                    .await
                {
                    Some(analysis) => analysis,
                    None => return,
                },
            };
            if backend.state.shutting_down.load(Ordering::Relaxed) {
                return;
            }
            // Publish only if this is still the document's latest version; a newer run will follow.
            let current = backend.documents().get(&uri).map(|d| d.version);
            if current != Some(version) {
                return;
            }
            let settings = backend.settings();
            let catalog = backend.catalog();
            let lang = backend.lang();
            let encoding = backend.encoding();
            let diagnostics = tokio::task::spawn_blocking(move || {
                let mut diagnostics = analysis::contained(|| {
                    diagnostics::build(
                        &analysis.findings,
                        &rope,
                        encoding,
                        &settings,
                        &catalog,
                        lang,
                    )
                })
                .unwrap_or_else(|failure| vec![diagnostics::analysis_failed(&failure, lang)]);
                if let Some(failure) = &analysis.failure {
                    diagnostics.insert(0, diagnostics::analysis_failed(failure, lang));
                }
                diagnostics
            })
            .await
            .unwrap_or_default();
            backend
                .client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
        });
    }

    /// A cheap copy of a document (ropes share their chunks) for work outside the lock.
    fn snapshot(&self, uri: &Uri, generation: Option<u64>) -> Option<(Rope, i32, String)> {
        let docs = self.documents();
        let doc = docs.get(uri)?;
        if generation.is_some_and(|g| g != doc.generation) {
            return None;
        }
        Some((doc.rope.clone(), doc.version, doc.language_id.clone()))
    }

    /// Runs the pure analysis on a blocking thread and caches it on the document.
    async fn analyze(
        &self,
        uri: &Uri,
        rope: Rope,
        version: i32,
        language_id: String,
    ) -> Option<Arc<Analysis>> {
        let settings = self.settings();
        let forced = settings.force_kind;
        let forced_format = (settings.log_format != "auto").then_some(settings.log_format);
        let path = uri.as_str().to_string();
        let latest = self.documents().get(uri).map(|d| d.latest.clone());
        let result = tokio::task::spawn_blocking(move || {
            analysis::contained(|| {
            let started = std::time::Instant::now();
            let outdated = move || {
                latest
                    .as_ref()
                    .is_some_and(|l| l.load(Ordering::Relaxed) != version)
            };
            let head_end = rope.char_to_byte(rope.byte_to_char(rope.len_bytes().min(64 * 1024)));
            let head = rope.byte_slice(..head_end).to_string();
            let kind =
                forced.or_else(|| analysis::kind::detect(Some(&language_id), Some(&path), &head));
            match kind {
                // Logs are read line by line from the rope, never copied whole.
                Some(DocumentKind::Log) => {
                    let format = incremental::format_of(&rope, forced_format.as_deref());
                    let findings = incremental::analyze_until(&rope, format, &outdated);
                    tracing::info!(
                        bytes = rope.len_bytes(),
                        findings = findings.len(),
                        format = format.name(),
                        took_ms = started.elapsed().as_millis() as u64,
                        "log analysed"
                    );
                    Analysis {
                        version,
                        kind,
                        findings,
                        log_format: Some(format),
                        failure: None,
                    }
                }
                Some(kind) => Analysis {
                    version,
                    kind: Some(kind),
                    findings: analysis::analyze_document(&rope.to_string(), kind, None),
                    log_format: None,
                    failure: None,
                },
                None => Analysis {
                    version,
                    kind: None,
                    findings: Vec::new(),
                    log_format: None,
                    failure: None,
                },
            }
            })
            .unwrap_or_else(|failure| {
                tracing::error!(%failure, "a document could not be analysed; it shows a diagnostic saying so");
                Analysis {
                    version,
                    kind: None,
                    findings: Vec::new(),
                    log_format: None,
                    failure: Some(failure),
                }
            })
        })
        .await;
        let analysis = match result {
            Ok(analysis) => Arc::new(analysis),
            Err(error) => {
                tracing::error!("analysis failed and was skipped: {error}");
                return None;
            }
        };
        if let Some(doc) = self.documents().get_mut(uri)
            && doc.version == version
        {
            doc.analysis = Some(analysis.clone());
        }
        Some(analysis)
    }

    /// The analysis of the document's current version, computing it now if the debounce has not
    /// run yet, with the rope it was computed from.
    async fn current(&self, uri: &Uri) -> Option<(Arc<Analysis>, Rope)> {
        let (rope, version, language_id, fresh) = {
            let docs = self.documents();
            let doc = docs.get(uri)?;
            (
                doc.rope.clone(),
                doc.version,
                doc.language_id.clone(),
                doc.fresh_analysis(),
            )
        };
        match fresh {
            Some(analysis) => Some((analysis, rope)),
            None => self
                .analyze(uri, rope.clone(), version, language_id)
                .await
                .map(|a| (a, rope)),
        }
    }

    /// For a large log, diagnostics of its first lines, so the editor shows something while the
    /// whole document is analysed.
    async fn preview(&self, rope: &Rope, uri: &Uri, language_id: &str) -> Option<Vec<Diagnostic>> {
        const PREVIEW_FROM: usize = 8 << 20;
        const PREVIEW_BYTES: usize = 1 << 20;
        if rope.len_bytes() < PREVIEW_FROM {
            return None;
        }
        let settings = self.settings();
        let (catalog, lang, encoding) = (self.catalog(), self.lang(), self.encoding());
        let (rope, path, language_id) = (
            rope.clone(),
            uri.as_str().to_string(),
            language_id.to_string(),
        );
        tokio::task::spawn_blocking(move || {
            analysis::contained(|| {
                let head_end = rope.char_to_byte(rope.byte_to_char(PREVIEW_BYTES));
                let head = rope.byte_slice(..head_end).to_string();
                let kind = settings
                    .force_kind
                    .or_else(|| analysis::kind::detect(Some(&language_id), Some(&path), &head));
                if kind != Some(DocumentKind::Log) {
                    return None;
                }
                let forced =
                    (settings.log_format != "auto").then_some(settings.log_format.as_str());
                let format = incremental::format_of(&rope, forced);
                let mut findings = Vec::new();
                incremental::scan_lines(
                    &rope,
                    0..rope.byte_to_line(head_end),
                    format,
                    &mut findings,
                );
                Some(diagnostics::preview(
                    &findings, &rope, encoding, &settings, &catalog, lang,
                ))
            })
            .ok()
            .flatten()
        })
        .await
        .ok()
        .flatten()
    }

    /// The lines of the log message whose ID is under the cursor.
    async fn occurrences(&self, uri: &Uri, position: Position) -> Option<Vec<Range>> {
        let (analysis, rope) = self.current(uri).await?;
        if analysis.kind != Some(DocumentKind::Log) {
            return None;
        }
        let encoding = self.encoding();
        let offset = to_offset(&rope, position, encoding);
        tokio::task::spawn_blocking(move || {
            navigation::occurrences(&rope.to_string(), offset, &rope, encoding)
        })
        .await
        .ok()
        .filter(|ranges| !ranges.is_empty())
    }

    fn debounce(&self) -> Duration {
        Duration::from_millis(self.settings().debounce_ms)
    }

    async fn open_url(&self, url: &str) -> Result<Option<Value>> {
        let Ok(uri) = url.parse::<Uri>() else {
            return Err(RpcError::invalid_params(format!("not a URL: {url}")));
        };
        if !url.starts_with("https://") {
            return Err(RpcError::invalid_params("only https links are opened"));
        }
        if read(&self.state.flags).show_document {
            let params = ShowDocumentParams {
                uri,
                external: Some(true),
                take_focus: Some(true),
                selection: None,
            };
            if let Ok(true) = self.client.show_document(params).await {
                return Ok(Some(Value::Bool(true)));
            }
        }
        self.client
            .show_message(MessageType::INFO, url.to_string())
            .await;
        Ok(Some(Value::String(url.to_string())))
    }

    async fn explain_command(&self, argument: Option<&Value>) -> Result<Option<Value>> {
        let argument = argument.ok_or_else(|| RpcError::invalid_params("missing argument"))?;
        let code = argument
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let reply = argument
            .get("reply")
            .and_then(Value::as_u64)
            .and_then(|r| u16::try_from(r).ok());
        let text = argument.get("text").and_then(Value::as_str);
        let provider = argument
            .get("provider")
            .and_then(Value::as_str)
            .and_then(|p| {
                analysis::Provider::detect(match p {
                    "microsoft" => "outlook.com",
                    "google" => "gsmtp",
                    "yahoo" => "yahoo",
                    _ => "",
                })
            });
        let catalog = self.catalog();
        let lang = self.lang();
        let Some(answer) = catalog.lookup(&Query {
            code,
            reply,
            text,
            provider,
        }) else {
            return Err(RpcError::invalid_params(format!(
                "no explanation for {code}"
            )));
        };
        let body = present::plain(&answer, code, reply, lang);
        self.client
            .show_message(MessageType::INFO, body.clone())
            .await;
        Ok(Some(Value::String(body)))
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
        write(&self.state.encoding, encoding);
        write(
            &self.state.client_locale,
            params.locale.as_deref().and_then(Lang::from_locale),
        );
        let flags = ClientFlags {
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
        };
        write(&self.state.flags, flags);
        if let Some(options) = &params.initialization_options {
            self.apply_settings(options, true).await;
        }
        tracing::info!(?encoding, "initialized");
        // From here on didOpen notifications are handled, so large texts may be stashed for them.
        self.state.stash.set_accepting(true);
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
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
                    commands: vec![OPEN_URL.into(), EXPLAIN.into(), DNS_LOOKUPS.into()],
                    ..ExecuteCommandOptions::default()
                }),
                ..ServerCapabilities::default()
            },
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
        let mut doc = params.text_document;
        if doc.text.is_empty()
            && let Some(text) = self.state.stash.take(doc.uri.as_str(), doc.version)
        {
            doc.text = text;
        }
        let started = std::time::Instant::now();
        self.documents()
            .open(doc.uri.clone(), &doc.text, doc.version, doc.language_id);
        tracing::info!(
            bytes = doc.text.len(),
            took_ms = started.elapsed().as_millis() as u64,
            "document opened"
        );
        drop(doc.text);
        self.schedule(doc.uri, 0, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.encoding();
        let applied = self.documents().apply_changes(
            &uri,
            params.text_document.version,
            params.content_changes,
            encoding,
        );
        match applied {
            // Spliced log findings are current already: a short pause only coalesces a burst of
            // keystrokes into one publication, well inside the 50 ms an edit may take.
            Ok((generation, Applied::Spliced)) => {
                let pause = self.debounce().min(Duration::from_millis(15));
                self.schedule(uri, generation, pause)
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
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let Some((analysis, rope)) = self.current(&uri).await else {
            return Ok(None);
        };
        let offset = to_offset(&rope, position, self.encoding());
        let lang = self.lang();
        let mut hover = hover::hover(
            &analysis.findings,
            offset,
            &rope,
            self.encoding(),
            &self.catalog(),
            lang,
        );
        if let (Some(hover), Some(finding)) = (
            hover.as_mut(),
            hover::findings_at(&analysis.findings, offset).first(),
        ) && let Some(note) =
            hover::untrusted_note(finding, &self.settings().trusted_authserv_ids, lang)
            && let HoverContents::Markup(markup) = &mut hover.contents
        {
            markup.value = format!("{note}\n\n{}", markup.value);
        }
        Ok(hover)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some((analysis, rope)) = self.current(&params.text_document.uri).await else {
            return Ok(None);
        };
        let Some(kind) = analysis.kind else {
            return Ok(None);
        };
        let (encoding, lang) = (self.encoding(), self.lang());
        let symbols = tokio::task::spawn_blocking(move || {
            navigation::outline(
                &rope.to_string(),
                kind,
                &analysis.findings,
                &rope,
                encoding,
                lang,
            )
        })
        .await
        .unwrap_or_default();
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some((analysis, rope)) = self.current(&params.text_document.uri).await else {
            return Ok(None);
        };
        let Some(kind) = analysis.kind else {
            return Ok(None);
        };
        let ranges = tokio::task::spawn_blocking(move || {
            navigation::folding(&rope.to_string(), kind, &rope)
        })
        .await
        .unwrap_or_default();
        Ok(Some(ranges))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri;
        let ranges = self
            .occurrences(&uri, params.text_document_position.position)
            .await;
        Ok(ranges.map(|ranges| navigation::references(&uri, ranges)))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let position = params.text_document_position_params;
        let ranges = self
            .occurrences(&position.text_document.uri, position.position)
            .await;
        Ok(ranges.map(navigation::highlights))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let Some((analysis, rope)) = self.current(&params.text_document.uri).await else {
            return Ok(None);
        };
        if analysis.kind.is_none() {
            return Ok(None);
        }
        let encoding = self.encoding();
        let links = tokio::task::spawn_blocking(move || {
            navigation::links(&rope.to_string(), &rope, encoding)
        })
        .await
        .unwrap_or_default();
        Ok(Some(links))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some((analysis, rope)) = self.current(&params.text_document.uri).await else {
            return Ok(None);
        };
        let Some(kind) = analysis.kind else {
            return Ok(None);
        };
        let (encoding, lang) = (self.encoding(), self.lang());
        let span = to_span(&rope, params.range, encoding);
        let hints = tokio::task::spawn_blocking(move || {
            navigation::inlay_hints(&rope.to_string(), kind, span, &rope, encoding, lang)
        })
        .await
        .unwrap_or_default();
        Ok(Some(hints))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let Some((analysis, _)) = self.current(&params.text_document.uri).await else {
            return Ok(None);
        };
        if analysis.kind != Some(DocumentKind::Message) {
            return Ok(None);
        }
        Ok(Some(navigation::code_lenses(
            &analysis.findings,
            self.lang(),
        )))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri;
        let Some((analysis, rope)) = self.current(&uri).await else {
            return Ok(None);
        };
        if analysis.kind != Some(DocumentKind::Rules) {
            return Ok(None);
        }
        let encoding = self.encoding();
        let offset = to_offset(&rope, params.text_document_position.position, encoding);
        let items = completion::items(
            &rope.to_string(),
            offset,
            &rope,
            encoding,
            &self.catalog(),
            self.lang(),
        );
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some((analysis, rope)) = self.current(&uri).await else {
            return Ok(None);
        };
        let span = to_span(&rope, params.range, self.encoding());
        let findings: Vec<&Finding> = overlapping(&analysis.findings, &span);
        let actions = actions::actions(
            &findings,
            &uri,
            &rope,
            self.encoding(),
            &self.catalog(),
            self.lang(),
        );
        Ok((!actions.is_empty()).then_some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        match params.command.as_str() {
            OPEN_URL => {
                let url = params
                    .arguments
                    .first()
                    .and_then(Value::as_str)
                    .ok_or_else(|| RpcError::invalid_params("missing URL"))?;
                self.open_url(url).await
            }
            EXPLAIN => self.explain_command(params.arguments.first()).await,
            DNS_LOOKUPS => {
                let lookups: Vec<&str> =
                    params.arguments.iter().filter_map(Value::as_str).collect();
                if lookups.is_empty() {
                    return Err(RpcError::invalid_params("no DNS lookups given"));
                }
                let text = lookups.join("\n");
                // LSP has no clipboard: the editor integrations copy the returned text; others
                // show it so the user can copy it by hand.
                self.client
                    .show_message(MessageType::INFO, text.clone())
                    .await;
                Ok(Some(Value::String(text)))
            }
            other => Err(RpcError::invalid_params(format!("unknown command {other}"))),
        }
    }
}

/// Findings overlapping a byte range (touching counts, so a cursor at a code's edge finds it).
pub fn overlapping<'f>(findings: &'f [Finding], span: &std::ops::Range<usize>) -> Vec<&'f Finding> {
    let end = findings.partition_point(|f| f.span.start <= span.end);
    findings[..end]
        .iter()
        .filter(|f| f.span.end >= span.start)
        .collect()
}

/// The kind a document was analysed as, for tests and the outline.
pub fn kind_name(kind: Option<DocumentKind>) -> &'static str {
    kind.map_or("none", DocumentKind::name)
}
