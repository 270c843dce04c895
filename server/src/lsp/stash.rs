//! Large document texts handed from the framing guard to the server without a second JSON pass.
//!
//! A didOpen of a 200 MB log would otherwise be parsed twice (once to validate, once into a
//! generic value inside the protocol layer) and held three times at once. The guard parses such a
//! notification once, keeps the text here, and forwards the notification with an empty text; the
//! didOpen handler takes the text back by URI and version.
//!
//! The text is decoded from the body's own buffer, from its end to its start, a piece at a time:
//! each decoded piece becomes a rope that is put in front of the ones before, and the body is cut
//! short behind it. The body and the rope together never hold much more than one copy of the
//! text, where decoding the string whole and then building a rope from it would hold three.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use ropey::Rope;
use serde::Deserialize;
use serde_json::value::RawValue;
use tower_lsp_server::ls_types::Uri;

/// Bodies at least this large take the stash path.
pub const THRESHOLD: usize = 1 << 20;

/// Texts waiting for their didOpen handler, by URI and version.
///
/// A text is only stashed while the server takes didOpen notifications (between `initialize`
/// and `shutdown`): one sent outside that window is dropped by the protocol layer, and its
/// stashed text would be handed to a later didOpen of the same URI and version.
#[derive(Debug, Default)]
pub struct TextStash {
    texts: Mutex<HashMap<(String, i32), Rope>>,
    accepting: AtomicBool,
}

impl TextStash {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, i32), Rope>> {
        self.texts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn put(&self, uri: &str, version: i32, text: Rope) {
        self.lock().insert((uri.to_string(), version), text);
    }

    pub fn take(&self, uri: &str, version: i32) -> Option<Rope> {
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
struct DidOpen<'a> {
    method: String,
    #[serde(borrow)]
    params: DidOpenParams<'a>,
}

#[derive(Deserialize)]
struct DidOpenParams<'a> {
    #[serde(rename = "textDocument", borrow)]
    text_document: OpenedItem<'a>,
}

/// A didOpen's document, its text left as it stands in the body (a JSON string literal).
#[derive(Deserialize)]
struct OpenedItem<'a> {
    uri: Uri,
    #[serde(rename = "languageId")]
    language_id: String,
    version: i32,
    #[serde(borrow)]
    text: &'a RawValue,
}

/// How much of the text one piece decodes.
const PIECE_BYTES: usize = 4 << 20;

/// If `body` is a didOpen notification, moves its text into the stash (consuming the body) and
/// returns the same notification with an empty text. `None` leaves the body to the ordinary path,
/// untouched unless it was found undecodable halfway (then it is empty, and dropped as malformed).
pub fn divert(body: &mut Vec<u8>, stash: &TextStash) -> Option<Vec<u8>> {
    if body.len() < THRESHOLD
        || !stash.accepting()
        || memchr::memmem::find(body, b"textDocument/didOpen").is_none()
    {
        return None;
    }
    let (uri, language_id, version, literal) = {
        let DidOpen { method, params } = serde_json::from_slice(body).ok()?;
        let item = params.text_document;
        let raw = item.text.get();
        if method != "textDocument/didOpen" || !raw.starts_with('"') {
            return None;
        }
        let start = (raw.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
        (
            item.uri,
            item.language_id,
            item.version,
            start..start + raw.len(),
        )
    };
    let Some(text) = decode_from_the_end(body, literal, PIECE_BYTES) else {
        tracing::error!("a large didOpen's text could not be decoded");
        return None;
    };
    stash.put(uri.as_str(), version, text);
    let small = serde_json::json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": { "textDocument": {
            "uri": uri, "languageId": language_id, "version": version, "text": ""
        } },
    });
    Some(small.to_string().into_bytes())
}

/// Decodes the JSON string literal at `literal` in `body` into a rope, a piece at a time from the
/// end, cutting the body short behind each piece (shrinking a large allocation in place gives its
/// pages back). Pieces start at a `\n` escape, so no escape or character is ever cut in two.
fn decode_from_the_end(
    body: &mut Vec<u8>,
    literal: std::ops::Range<usize>,
    piece: usize,
) -> Option<Rope> {
    let inner = literal.start.checked_add(1)?..literal.end.checked_sub(1)?;
    if inner.start > inner.end || body.get(inner.clone()).is_none() {
        return None;
    }
    // Only a `\u` escape can fail to decode once the JSON parsed (a lone surrogate): with one in
    // the text, every piece is decoded once first, before anything of the body is given up.
    let escaped = body
        .get(inner.clone())
        .is_some_and(|text| memchr::memmem::find(text, b"\\u").is_some());
    if escaped && !pieces(body, inner.clone(), piece).all(|piece| decode(body, piece).is_some()) {
        return None;
    }
    body.truncate(inner.end);
    let mut rope = Rope::new();
    let mut end = inner.end;
    while end > inner.start {
        let cut = piece_start(body, inner.start, end, piece);
        let decoded = decode(body, cut..end);
        let Some(decoded) = decoded else {
            body.clear();
            return None;
        };
        let mut front = Rope::from_str(&decoded);
        drop(decoded);
        front.append(rope);
        rope = front;
        end = cut;
        body.truncate(end);
        body.shrink_to_fit();
    }
    Some(rope)
}

/// The pieces of `inner`, from the last one back.
fn pieces(
    body: &[u8],
    inner: std::ops::Range<usize>,
    piece: usize,
) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut end = inner.end;
    std::iter::from_fn(move || {
        if end <= inner.start {
            return None;
        }
        let cut = piece_start(body, inner.start, end, piece);
        let range = cut..end;
        end = cut;
        Some(range)
    })
}

/// Where the piece ending at `end` starts: at a `\n` escape about `piece` bytes before it, or
/// at `start` when there is none.
fn piece_start(body: &[u8], start: usize, end: usize, piece: usize) -> usize {
    let mut limit = end.saturating_sub(piece);
    while limit > start {
        let Some(found) = body
            .get(start..limit)
            .and_then(|text| memchr::memmem::rfind(text, b"\\n"))
        else {
            break;
        };
        let at = start + found;
        // An escape starts where an even number of backslashes precedes it.
        let backslashes = body.get(start..at).map_or(0, |before| {
            before.iter().rev().take_while(|&&b| b == b'\\').count()
        });
        if backslashes % 2 == 0 {
            return at;
        }
        limit = at;
    }
    start
}

/// Decodes the string literal's contents `piece` of `body`.
fn decode(body: &[u8], piece: std::ops::Range<usize>) -> Option<String> {
    let contents = body.get(piece)?;
    let mut literal = Vec::with_capacity(contents.len() + 2);
    literal.push(b'"');
    literal.extend_from_slice(contents);
    literal.push(b'"');
    serde_json::from_slice(&literal).ok()
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
        let small = divert(&mut body.into_bytes(), &stash).expect("diverted");
        assert!(small.len() < 300);
        assert_eq!(
            stash
                .take("file:///big.log", 3)
                .map(String::from)
                .as_deref(),
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

    /// The body of a didOpen carrying `text`, and where its text's string literal stands.
    fn literal_of(text: &str) -> (Vec<u8>, std::ops::Range<usize>) {
        let body = big_did_open("file:///x.log", 1, text).into_bytes();
        let quoted = serde_json::to_string(text).unwrap();
        let start = memchr::memmem::find(&body, quoted.as_bytes()).unwrap();
        (body, start..start + quoted.len())
    }

    #[test]
    fn a_text_decoded_in_small_pieces_is_the_text() {
        let text = "Nov  4 mx postfix/smtp[1]: A: to=<a@b.c>, dsn=5.1.1 \"quoted\" \\n not a line end \\\\\r\n\
                    日本語 📧 tab\there \u{1b}[0m\r\nlast line without end"
            .repeat(40);
        for piece in [1, 7, 64, 1000, usize::MAX] {
            let (mut body, literal) = literal_of(&text);
            let rope = decode_from_the_end(&mut body, literal, piece).expect("decoded");
            assert_eq!(String::from(&rope), text, "pieces of {piece} bytes");
            assert_eq!(rope.len_lines(), text.split('\n').count());
        }
    }

    #[test]
    fn a_lone_surrogate_leaves_the_body_untouched() {
        let mut body = br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.log","languageId":"log","version":1,"text":"a\nb\ud800c\nd"}}}"#.to_vec();
        let before = body.clone();
        let start = memchr::memmem::find(&body, b"\"a\\n").unwrap();
        let end = body.len() - 3;
        assert_eq!(decode_from_the_end(&mut body, start..end, 2), None);
        assert_eq!(body, before);
    }

    #[test]
    fn nothing_is_stashed_before_initialize_or_after_shutdown() {
        let text = "Status: 5.1.1\n".repeat(THRESHOLD / 10);
        let body = big_did_open("file:///early.log", 1, &text);
        let stash = TextStash::default();
        assert!(divert(&mut body.clone().into_bytes(), &stash).is_none());
        assert_eq!(stash.take("file:///early.log", 1), None);
        stash.set_accepting(true);
        assert!(divert(&mut body.into_bytes(), &stash).is_some());
        stash.set_accepting(false);
        assert_eq!(stash.take("file:///early.log", 1), None);
    }

    #[test]
    fn an_ordinary_did_open_of_the_same_uri_forgets_the_stashed_text() {
        let stash = TextStash::default();
        stash.put("file:///a.log", 1, Rope::from_str("stale"));
        stash.put("file:///b.log", 1, Rope::from_str("kept"));
        passing(big_did_open("file:///a.log", 1, "").as_bytes(), &stash);
        assert_eq!(stash.take("file:///a.log", 1), None);
        assert_eq!(
            stash.take("file:///b.log", 1).map(String::from).as_deref(),
            Some("kept")
        );
    }

    #[test]
    fn small_or_other_messages_take_the_ordinary_path() {
        let stash = TextStash::default();
        stash.set_accepting(true);
        assert!(
            divert(
                &mut br#"{"jsonrpc":"2.0","method":"textDocument/didOpen"}"#.to_vec(),
                &stash
            )
            .is_none()
        );
        let other = format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didSave","params":{{"text":"{}"}}}}"#,
            "x".repeat(THRESHOLD)
        );
        assert!(divert(&mut other.into_bytes(), &stash).is_none());
    }
}
