//! Spawning the built binary as an editor would.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{ClientBehaviour, LspClient};

pub struct ServerProcess {
    pub child: Child,
    pub client: LspClient,
}

impl ServerProcess {
    pub fn start(args: &[&str]) -> ServerProcess {
        Self::start_with(args, ClientBehaviour::default())
    }

    pub fn start_with(args: &[&str], behaviour: ClientBehaviour) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
            .args(args)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the mail-lsp binary starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let client = LspClient::new(Box::new(stdout), Box::new(stdin), behaviour);
        ServerProcess { child, client }
    }

    /// Waits for the process to end; returns its exit code and how long it took.
    pub fn wait_exit(&mut self, within: Duration) -> Option<(i32, Duration)> {
        let started = Instant::now();
        while started.elapsed() < within {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some((status.code().unwrap_or(-1), started.elapsed()));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
