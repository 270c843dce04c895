//! The LSP client the tests speak to the server with: Content-Length framing over any byte
//! streams (a child's stdio, an in-process duplex), a reader thread, answers to the server's own
//! requests (`workspace/configuration`, `window/showDocument`), and waits for responses and
//! notifications. Shared by `tests/e2e` and `tests/hostile`, which each use part of it.
#![allow(dead_code)]

use std::io::{BufReader, Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "framing.rs"]
pub mod framing;

/// How long any single answer may take before the test fails as a hang.
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub use framing::read_message;

pub fn frame(message: &Value) -> Vec<u8> {
    framing::frame(message.to_string().as_bytes())
}

/// What the client answers to the server's requests.
#[derive(Default, Clone)]
pub struct ClientBehaviour {
    /// Returned for each `workspace/configuration` item.
    pub configuration: Value,
}

pub struct LspClient {
    writer: Box<dyn Write + Send>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications and server requests seen so far, in order.
    pub seen: Vec<Value>,
    pub shown_documents: Arc<Mutex<Vec<Value>>>,
    behaviour: Arc<Mutex<ClientBehaviour>>,
}

impl LspClient {
    pub fn new(
        reader: Box<dyn Read + Send>,
        writer: Box<dyn Write + Send>,
        behaviour: ClientBehaviour,
    ) -> Self {
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(reader);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        LspClient {
            writer,
            incoming,
            next_id: 0,
            seen: Vec::new(),
            shown_documents: Arc::new(Mutex::new(Vec::new())),
            behaviour: Arc::new(Mutex::new(behaviour)),
        }
    }

    pub fn set_configuration(&self, configuration: Value) {
        self.behaviour.lock().unwrap().configuration = configuration;
    }

    pub fn send(&mut self, message: &Value) {
        self.writer
            .write_all(&frame(message))
            .expect("server stdin open");
        self.writer.flush().expect("flush");
    }

    /// Closes the server's input, as an editor that crashed would.
    pub fn close_input(&mut self) {
        self.writer = Box::new(std::io::sink());
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let _ = self.writer.write_all(bytes);
        let _ = self.writer.flush();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response, answering server requests meanwhile.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request without waiting; [`Self::response`] collects its answer later, so
    /// several can be in flight at once, as editors send them.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// The response to request `id`, answering server requests meanwhile. Responses to other
    /// requests that arrive first stay in `seen`.
    pub fn response(&mut self, id: i64) -> Value {
        if let Some(message) = self
            .seen
            .iter()
            .find(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
        {
            return message.clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to request {id}"));
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
        }
    }

    /// The next message, with server requests answered and everything recorded in `seen`.
    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let timeout = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(timeout) {
            Ok(message) => {
                if let (Some(id), Some(method)) = (
                    message.get("id").cloned(),
                    message.get("method").and_then(Value::as_str),
                ) {
                    let result = match method {
                        "workspace/configuration" => {
                            let items = message["params"]["items"].as_array().map_or(1, Vec::len);
                            let configuration =
                                self.behaviour.lock().unwrap().configuration.clone();
                            Value::Array(vec![configuration; items])
                        }
                        "window/showDocument" => {
                            self.shown_documents
                                .lock()
                                .unwrap()
                                .push(message["params"].clone());
                            json!({ "success": true })
                        }
                        _ => Value::Null,
                    };
                    self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                }
                self.seen.push(message.clone());
                Some(message)
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Waits for a notification satisfying `accept`, looking at ones already seen first.
    pub fn wait_for(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(found) = self
            .seen
            .iter()
            .find(|m| m["method"] == method && accept(&m["params"]))
        {
            let found = found.clone();
            self.seen.retain(|m| *m != found);
            return found["params"].clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.recv(deadline).unwrap_or_else(|| {
                panic!("timed out waiting for {method}; seen: {:#?}", self.seen)
            });
            if message["method"] == method && accept(&message["params"]) {
                self.seen.retain(|m| *m != message);
                return message["params"].clone();
            }
        }
    }

    /// The next message satisfying `accept` (a response, a notification or a server request),
    /// from those already seen or still to come; `None` after `within`.
    pub fn try_wait(&mut self, within: Duration, accept: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.seen.iter().position(&accept) {
            return Some(self.seen.remove(i));
        }
        let deadline = Instant::now() + within;
        loop {
            let message = self.recv(deadline)?;
            if accept(&message) {
                self.seen.retain(|m| *m != message);
                return Some(message);
            }
        }
    }

    /// Numbers this client's requests from `first`, clear of ids a test writes by hand.
    pub fn number_requests_from(&mut self, first: i64) {
        self.next_id = first - 1;
    }

    /// Waits until the server closes its output.
    pub fn wait_closed(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        loop {
            match self
                .incoming
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(message) => self.seen.push(message),
                Err(RecvTimeoutError::Disconnected) => return true,
                Err(RecvTimeoutError::Timeout) => return false,
            }
        }
    }

    pub fn initialize(
        &mut self,
        encodings: &[&str],
        locale: Option<&str>,
        options: Value,
    ) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "locale": locale,
                "initializationOptions": options,
                "capabilities": {
                    "general": { "positionEncodings": encodings },
                    "window": { "showDocument": { "support": true } },
                    "workspace": { "configuration": true },
                    "textDocument": { "publishDiagnostics": { "versionSupport": true } }
                }
            }),
        );
        self.notify("initialized", json!({}));
        response
    }

    pub fn open(&mut self, uri: &str, language_id: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language_id, "version": 1, "text": text } }),
        );
    }

    /// Waits for the diagnostics of `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )["result"]
            .clone()
    }
}
