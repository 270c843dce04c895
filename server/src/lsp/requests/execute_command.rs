//! `workspace/executeCommand`: open a remediation link, explain a code in full, hand over the
//! DNS lookups that verify an authentication finding.

use serde_json::Value;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error as RpcError, Result};
use tower_lsp_server::ls_types::{ExecuteCommandParams, MessageType, ShowDocumentParams, Uri};

use super::code_action::{DNS_LOOKUPS, EXPLAIN, OPEN_URL};
use crate::analysis;
use crate::catalog::Query;
use crate::lsp::server::Backend;
use crate::lsp::session::Session;
use crate::present;

/// The command form of `mailLsp/analyzeFile`, for clients that only send commands; its
/// argument is the same object (`{"uri": …, "languageId": …}`).
pub const ANALYZE_FILE: &str = "mail-lsp.analyzeFile";

/// Every command the server offers, for the capabilities.
pub const COMMANDS: [&str; 4] = [OPEN_URL, EXPLAIN, DNS_LOOKUPS, ANALYZE_FILE];

pub async fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    let (client, session) = (&backend.client, &backend.state.session);
    match params.command.as_str() {
        ANALYZE_FILE => {
            let argument = params
                .arguments
                .into_iter()
                .next()
                .ok_or_else(|| RpcError::invalid_params("missing argument"))?;
            let params = serde_json::from_value(argument)
                .map_err(|e| RpcError::invalid_params(format!("bad argument: {e}")))?;
            let result = backend.analyze_file(params).await?;
            serde_json::to_value(result)
                .map(Some)
                .map_err(|_| RpcError::internal_error())
        }
        OPEN_URL => {
            let url = params
                .arguments
                .first()
                .and_then(Value::as_str)
                .ok_or_else(|| RpcError::invalid_params("missing URL"))?;
            open_url(client, session, url).await
        }
        EXPLAIN => explain(client, session, params.arguments.first()).await,
        DNS_LOOKUPS => {
            let lookups: Vec<&str> = params.arguments.iter().filter_map(Value::as_str).collect();
            if lookups.is_empty() {
                return Err(RpcError::invalid_params("no DNS lookups given"));
            }
            let text = lookups.join("\n");
            // LSP has no clipboard: the editor integrations copy the returned text; others
            // show it so the user can copy it by hand.
            client.show_message(MessageType::INFO, text.clone()).await;
            Ok(Some(Value::String(text)))
        }
        other => Err(RpcError::invalid_params(format!("unknown command {other}"))),
    }
}

async fn open_url(client: &Client, session: &Session, url: &str) -> Result<Option<Value>> {
    let Ok(uri) = url.parse::<Uri>() else {
        return Err(RpcError::invalid_params(format!("not a URL: {url}")));
    };
    if !url.starts_with("https://") {
        return Err(RpcError::invalid_params("only https links are opened"));
    }
    if session.flags().show_document {
        let params = ShowDocumentParams {
            uri,
            external: Some(true),
            take_focus: Some(true),
            selection: None,
        };
        if let Ok(true) = client.show_document(params).await {
            return Ok(Some(Value::Bool(true)));
        }
    }
    client
        .show_message(MessageType::INFO, url.to_string())
        .await;
    Ok(Some(Value::String(url.to_string())))
}

async fn explain(
    client: &Client,
    session: &Session,
    argument: Option<&Value>,
) -> Result<Option<Value>> {
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
    let (catalog, lang) = (session.catalog(), session.lang());
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
    client.show_message(MessageType::INFO, body.clone()).await;
    Ok(Some(Value::String(body)))
}
