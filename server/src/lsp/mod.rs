//! The LSP layer: translates between JSON-RPC and the pure analysis. It owns the open documents,
//! the negotiated position encoding and the settings; it never decides what a code means.

pub mod diagnostics;
pub mod disk;
pub mod documents;
pub mod engine;
pub mod incremental;
pub mod position;
pub mod publish;
pub mod requests;
pub mod server;
pub mod session;
pub mod snapshot;
pub mod stash;
pub mod transport;

pub use server::Backend;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// Serves LSP over any byte streams (stdio in production, a socket pair in tests) until the
/// client exits or the input closes. Returns whether `shutdown` came first, as the LSP
/// specification asks the exit code to tell.
pub async fn serve<I, O>(input: I, output: O) -> bool
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    serve_with_stash(input, output, Arc::new(stash::TextStash::default())).await
}

async fn serve_with_stash<I, O>(input: I, output: O, texts: Arc<stash::TextStash>) -> bool
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let (service, socket) = LspService::build(move |client| {
        Backend::with_shutdown_flag(client, flag).with_stash(texts)
    })
    .custom_method(server::DOCUMENT_STATUS, Backend::document_status)
    .custom_method(server::ANALYZE_FILE, Backend::analyze_file)
    .custom_method(server::DELIVERIES, Backend::deliveries)
    .finish();
    Server::new(input, output, socket).serve(service).await;
    shutdown.load(Ordering::Relaxed)
}

/// Serves LSP behind the framing guard ([`transport`]), so malformed messages are answered
/// with a parse error instead of ending the session.
pub async fn serve_guarded<I, O>(input: I, output: O) -> bool
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (to_server, server_input) = tokio::io::duplex(1 << 16);
    let (server_output, from_server) = tokio::io::duplex(1 << 16);
    let (errors_tx, errors_rx) = tokio::sync::mpsc::unbounded_channel();
    let texts = Arc::new(stash::TextStash::default());
    let reader = tokio::spawn(transport::guard_input(
        input,
        to_server,
        errors_tx,
        texts.clone(),
    ));
    let writer = tokio::spawn(transport::pump_output(from_server, output, errors_rx));
    let orderly = serve_with_stash(server_input, server_output, texts).await;
    // The server's output is closed now; let the last frames reach the client.
    let _ = tokio::time::timeout(std::time::Duration::from_millis(500), writer).await;
    reader.abort();
    orderly
}

/// Serves LSP over the process's stdin and stdout.
pub async fn serve_stdio() -> bool {
    serve_guarded(tokio::io::stdin(), tokio::io::stdout()).await
}
