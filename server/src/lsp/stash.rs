//! Large document texts handed from the framing guard to the server without a second JSON pass.
//!
//! A didOpen of a 200 MB log would otherwise be parsed twice (once to validate, once into a
//! generic value inside the protocol layer) and held three times at once. The guard parses such a
//! notification once, keeps the text here, and forwards the notification with an empty text; the
//! didOpen handler takes the text back by URI and version.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Deserialize;
use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

/// Bodies at least this large take the stash path.
pub const THRESHOLD: usize = 1 << 20;

/// Texts waiting for their didOpen handler, by URI and version.
#[derive(Debug, Default)]
pub struct TextStash {
    texts: Mutex<HashMap<(String, i32), String>>,
}

impl TextStash {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, i32), String>> {
        self.texts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn put(&self, uri: &str, version: i32, text: String) {
        self.lock().insert((uri.to_string(), version), text);
    }

    pub fn take(&self, uri: &str, version: i32) -> Option<String> {
        self.lock().remove(&(uri.to_string(), version))
    }
}

#[derive(Deserialize)]
struct DidOpen {
    method: String,
    params: DidOpenTextDocumentParams,
}

/// If `body` is a didOpen notification, moves its text into the stash and returns the same
/// notification with an empty text. `None` leaves the body to the ordinary path.
pub fn divert(body: &[u8], stash: &TextStash) -> Option<Vec<u8>> {
    if body.len() < THRESHOLD || memchr::memmem::find(body, b"textDocument/didOpen").is_none() {
        return None;
    }
    let DidOpen { method, mut params } = serde_json::from_slice(body).ok()?;
    if method != "textDocument/didOpen" {
        return None;
    }
    let text = std::mem::take(&mut params.text_document.text);
    stash.put(
        params.text_document.uri.as_str(),
        params.text_document.version,
        text,
    );
    let small = serde_json::json!({ "jsonrpc": "2.0", "method": method, "params": params });
    Some(small.to_string().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_did_open_leaves_its_text_in_the_stash() {
        let text = "Status: 5.1.1\n".repeat(THRESHOLD / 10);
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": { "textDocument": { "uri": "file:///big.log", "languageId": "log", "version": 3, "text": text } }
        })
        .to_string();
        let stash = TextStash::default();
        let small = divert(body.as_bytes(), &stash).expect("diverted");
        assert!(small.len() < 300);
        assert_eq!(
            stash.take("file:///big.log", 3).as_deref(),
            Some(text.as_str())
        );
        assert_eq!(stash.take("file:///big.log", 3), None);
    }

    #[test]
    fn small_or_other_messages_take_the_ordinary_path() {
        let stash = TextStash::default();
        assert!(
            divert(
                br#"{"jsonrpc":"2.0","method":"textDocument/didOpen"}"#,
                &stash
            )
            .is_none()
        );
        let other = format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didSave","params":{{"text":"{}"}}}}"#,
            "x".repeat(THRESHOLD)
        );
        assert!(divert(other.as_bytes(), &stash).is_none());
    }
}
