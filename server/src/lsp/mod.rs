//! The LSP layer: translates between JSON-RPC and the pure analysis. It owns the open documents,
//! the negotiated position encoding and the settings; it never decides what a code means.

pub mod actions;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod position;
pub mod server;

pub use server::Backend;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// Serves LSP over any byte streams (stdio in production, an in-memory duplex in tests).
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = LspService::new(Backend::new);
    Server::new(input, output, socket).serve(service).await;
}

/// Serves LSP over the process's stdin and stdout until the client exits or stdin closes.
pub async fn serve_stdio() {
    serve(tokio::io::stdin(), tokio::io::stdout()).await;
}
