//! The LSP layer: translates between JSON-RPC and the pure analysis. It owns the open documents,
//! the negotiated position encoding and the settings; it never decides what a code means.

pub mod actions;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod position;
pub mod server;

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
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let (service, socket) = LspService::new(move |client| Backend::with_shutdown_flag(client, flag));
    Server::new(input, output, socket).serve(service).await;
    shutdown.load(Ordering::Relaxed)
}

/// Serves LSP over the process's stdin and stdout.
pub async fn serve_stdio() -> bool {
    serve(tokio::io::stdin(), tokio::io::stdout()).await
}
