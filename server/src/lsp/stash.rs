//! Large document texts handed from the framing guard to the server without a second JSON pass.
//!
//! A didOpen of a 200 MB log would otherwise be parsed twice (once to validate, once into a
//! generic value inside the protocol layer) and held three times at once. The guard parses such a
//! notification once, keeps the text here, and forwards the notification with an empty text; the
//! didOpen handler takes the text back by URI and version.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Deserialize;
use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

/// Bodies at least this large take the stash path.
pub const THRESHOLD: usize = 1 << 20;

/// Texts waiting for their didOpen handler, by URI and version.
///
/// A text is only stashed while the server takes didOpen notifications (between `initialize`
/// and `shutdown`): one sent outside that window is dropped by the protocol layer, and its
/// stashed text would be handed to a later didOpen of the same URI and version.
#[derive(Debug, Default)]
pub struct TextStash {
    texts: Mutex<HashMap<(String, i32), String>>,
    accepting: AtomicBool,
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

    /// Opens (after `initialize`) or closes (at `shutdown`) the stash; closing drops every text
    /// still waiting, since no handler will take it.
    pub fn set_accepting(&self, accepting: bool) {
        self.accepting.store(accepting, Ordering::SeqCst);
        if !accepting {
            self.lock().clear();
        }
    }

    fn accepting(&self) -> bool {
        self.accepting.load(Ordering::SeqCst)
    }

    /// Drops any text waiting for `uri`: a didOpen of it that did not take the stash path is
    /// on its way, and it carries its own text.
    pub fn forget(&self, uri: &str) {
        let mut texts = self.lock();
        if !texts.is_empty() {
            texts.retain(|(stashed, _), _| stashed != uri);
        }
    }

    fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}

#[derive(Deserialize)]
struct OpenedUri {
    params: OpenedParams,
}

#[derive(Deserialize)]
struct OpenedParams {
    #[serde(rename = "textDocument")]
    text_document: OpenedDocument,
}

#[derive(Deserialize)]
struct OpenedDocument {
    uri: String,
}

/// For a didOpen that takes the ordinary path: forgets any stashed text of its URI, so the
/// document is opened with the text this notification carries.
pub fn passing(body: &[u8], stash: &TextStash) {
    if stash.is_empty() || memchr::memmem::find(body, b"textDocument/didOpen").is_none() {
        return;
    }
    if let Ok(opened) = serde_json::from_slice::<OpenedUri>(body) {
        stash.forget(&opened.params.text_document.uri);
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
    if body.len() < THRESHOLD
        || !stash.accepting()
        || memchr::memmem::find(body, b"textDocument/didOpen").is_none()
    {
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
        stash.set_accepting(true);
        let small = divert(body.as_bytes(), &stash).expect("diverted");
        assert!(small.len() < 300);
        assert_eq!(
            stash.take("file:///big.log", 3).as_deref(),
            Some(text.as_str())
        );
        assert_eq!(stash.take("file:///big.log", 3), None);
    }

    fn big_did_open(uri: &str, version: i32, text: &str) -> String {
        serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": { "textDocument": { "uri": uri, "languageId": "log", "version": version, "text": text } }
        })
        .to_string()
    }

    #[test]
    fn nothing_is_stashed_before_initialize_or_after_shutdown() {
        let text = "Status: 5.1.1\n".repeat(THRESHOLD / 10);
        let body = big_did_open("file:///early.log", 1, &text);
        let stash = TextStash::default();
        assert!(divert(body.as_bytes(), &stash).is_none());
        assert_eq!(stash.take("file:///early.log", 1), None);
        stash.set_accepting(true);
        assert!(divert(body.as_bytes(), &stash).is_some());
        stash.set_accepting(false);
        assert_eq!(stash.take("file:///early.log", 1), None);
    }

    #[test]
    fn an_ordinary_did_open_of_the_same_uri_forgets_the_stashed_text() {
        let stash = TextStash::default();
        stash.put("file:///a.log", 1, "stale".into());
        stash.put("file:///b.log", 1, "kept".into());
        passing(big_did_open("file:///a.log", 1, "").as_bytes(), &stash);
        assert_eq!(stash.take("file:///a.log", 1), None);
        assert_eq!(stash.take("file:///b.log", 1).as_deref(), Some("kept"));
    }

    #[test]
    fn small_or_other_messages_take_the_ordinary_path() {
        let stash = TextStash::default();
        stash.set_accepting(true);
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
