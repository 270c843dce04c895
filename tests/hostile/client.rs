//! A deliberately rude LSP client: it spawns the built binary, writes broken frames as well as
//! good ones through the shared test client (`tests/common/lsp_client.rs`), captures stderr, and
//! never hangs waiting for an answer.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "../common/lsp_client.rs"]
mod lsp_client;
pub use lsp_client::TIMEOUT;
pub use lsp_client::framing::frame;
use lsp_client::{ClientBehaviour, LspClient};

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_mail-lsp")
}

/// A running `mail-lsp` and the client end of its stdio.
pub struct Server {
    child: Child,
    /// The shared client over the child's stdio.
    pub client: LspClient,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl Server {
    /// `mail-lsp --stdio` with warnings logged.
    pub fn start() -> Server {
        Self::start_with(&["--stdio"], &[("RUST_LOG", "warn")])
    }

    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(binary());
        command
            .args(args)
            .env_remove("RUST_LOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("the mail-lsp binary starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let mut stderr_pipe = child.stderr.take().expect("stderr");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = stderr_pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        let mut client = LspClient::new(
            Box::new(stdout),
            Box::new(stdin),
            ClientBehaviour::default(),
        );
        // The protocol tests write small ids by hand.
        client.number_requests_from(1001);
        Server {
            child,
            client,
            stderr,
        }
    }

    /// What the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Returned for every `workspace/configuration` item.
    pub fn set_configuration(&self, configuration: Value) {
        self.client.set_configuration(configuration);
    }

    /// Writes bytes as they are; a server that already left is not an error here.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.client.send_raw(bytes);
    }

    pub fn send(&mut self, message: &Value) {
        self.client.send_raw(&frame(message.to_string().as_bytes()));
    }

    /// Closes the server's stdin, as an editor that crashed would.
    pub fn close_input(&mut self) {
        self.client.close_input();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request without waiting; returns its id.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        self.client.send_request(method, params)
    }

    /// Sends a request and returns the whole response (result or error).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        self.response(id)
    }

    /// Waits for the response to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait(&format!("the response to request {id}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        })
    }

    /// The next message satisfying `accept`, from those already seen or still to come.
    pub fn wait(&mut self, what: &str, accept: impl Fn(&Value) -> bool) -> Value {
        self.try_wait(TIMEOUT, &accept).unwrap_or_else(|| {
            panic!(
                "timed out waiting for {what}; seen: {:#?}\nstderr: {}",
                self.client.seen,
                self.stderr()
            )
        })
    }

    pub fn try_wait(&mut self, within: Duration, accept: impl Fn(&Value) -> bool) -> Option<Value> {
        self.client.try_wait(within, accept)
    }

    /// Waits for the process to end: its exit code and how long that took.
    pub fn wait_exit(&mut self, within: Duration) -> Option<(i32, Duration)> {
        let started = Instant::now();
        while started.elapsed() < within {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some((status.code().unwrap_or(-1), started.elapsed()));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    /// True while the process runs.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// `initialize` + `initialized` with the given position encodings and options.
    pub fn initialize(&mut self, encodings: &[&str], options: Value) -> Value {
        let response = self.client.initialize(encodings, None, options);
        assert!(response.get("result").is_some(), "{response}");
        response
    }

    pub fn open(&mut self, uri: &str, language_id: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language_id, "version": version, "text": text } }),
        );
    }

    /// The diagnostics of `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait(&format!("diagnostics of {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn hover(&mut self, uri: &str, line: u64, character: u64) -> Value {
        self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
    }

    /// `shutdown` then `exit`; returns the exit code and how long the process took to end.
    pub fn shutdown_and_exit(&mut self) -> (i32, Duration) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.wait_exit(Duration::from_secs(5))
            .expect("the server exits after shutdown and exit")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A file URI for a path on disk.
pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A fresh empty directory for one test under the target directory.
pub fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// `mail-lsp check` on files, with a deadline: (exit code, stdout, stderr, elapsed).
pub fn check(args: &[&str], env: &[(&str, &str)], within: Duration) -> CheckRun {
    let mut command = Command::new(binary());
    command
        .arg("check")
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("mail-lsp check starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let err_thread = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        bytes
    });
    let code = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status.code();
        }
        if started.elapsed() > within {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mail-lsp check {args:?} did not finish within {within:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    CheckRun {
        code,
        stdout: String::from_utf8_lossy(&out_thread.join().unwrap_or_default()).into_owned(),
        stderr: String::from_utf8_lossy(&err_thread.join().unwrap_or_default()).into_owned(),
        elapsed: started.elapsed(),
    }
}

#[derive(Debug)]
pub struct CheckRun {
    /// `None` when a signal ended the process (a crash).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl CheckRun {
    /// Exit 0 (nothing wrong) or 1 (errors found): never 2 (could not run) or a signal.
    pub fn assert_analysed(&self, what: &str) {
        assert!(
            matches!(self.code, Some(0 | 1)),
            "check on {what} ended with {:?}\nstderr: {}",
            self.code,
            self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "check on {what} panicked: {}",
            self.stderr
        );
    }

    /// The JSON Lines records.
    pub fn records(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

/// A small deterministic generator, so every run of the suite sends the same abuse.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}
