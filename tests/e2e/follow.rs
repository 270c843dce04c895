//! `check --follow FILE` and `check -` on a pipe, driving the built binary: findings of lines
//! appended to a log (or written to stdin) are read from its stdout while it keeps running.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A bounce of `bob@fabrikam.com`, queue ID `4XkQ1R2bZ9z9v`.
pub const BOUNCED: &str = "Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, relay=mx.fabrikam.com[203.0.113.5]:25, dsn=5.1.1, status=bounced (host mx.fabrikam.com[203.0.113.5] said: 550 5.1.1 <bob@fabrikam.com>: User unknown (in reply to RCPT TO command))\n";
/// A deferral of `carol@example.org`.
pub const DEFERRED: &str = "Nov  4 09:12:03 mx postfix/smtp[2104]: 5YmR2S3cA0a1w: to=<carol@example.org>, relay=mx.example.org[192.0.2.9]:25, dsn=4.4.7, status=deferred (delivery temporarily suspended)\n";
const QUEUED: &str = "Nov  4 09:12:01 mx postfix/qmgr[2101]: 4XkQ1R2bZ9z9v: from=<ann@contoso.com>, size=1200, nrcpt=1 (queue active)\n";

/// How long a finding may take to show after its line is written.
const PROMPT: Duration = Duration::from_secs(2);

/// A running `mail-lsp check`, its stdout read line by line on a thread.
pub struct Running {
    child: Child,
    lines: Receiver<String>,
    pub stdin: Option<ChildStdin>,
}

impl Running {
    pub fn start(args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
            .args(args)
            .env("LANG", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("mail-lsp starts");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Running {
            child,
            lines,
            stdin,
        }
    }

    /// The next stdout line within `wait`, if any.
    pub fn line(&self, wait: Duration) -> Option<String> {
        self.lines.recv_timeout(wait).ok()
    }

    /// Reads what is printed until nothing more comes for `quiet`: the other findings of lines
    /// already matched.
    pub fn drain(&self, quiet: Duration) -> Vec<String> {
        std::iter::from_fn(|| self.line(quiet)).collect()
    }

    /// JSON records until one matches `wanted`, within `wait`; panics with what came instead.
    pub fn record(&self, wait: Duration, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + wait;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Some(line) = self.line(left) else { break };
            let record: Value = serde_json::from_str(&line).expect("each line is one JSON object");
            if wanted(&record) {
                return record;
            }
            seen.push(record);
        }
        panic!("no matching record within {wait:?}; got {seen:#?}");
    }

    /// Human-output lines until one contains `wanted`, within `wait`.
    fn text(&self, wait: Duration, wanted: &str) -> Vec<String> {
        let deadline = Instant::now() + wait;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Some(line) = self.line(left) else { break };
            let found = line.contains(wanted);
            seen.push(line);
            if found {
                return seen;
            }
        }
        panic!("no line with {wanted:?} within {wait:?}; got {seen:#?}");
    }

    /// Sends Ctrl-C's signal and returns the exit status.
    pub fn interrupt(mut self) -> Option<i32> {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        self.wait(Duration::from_secs(5))
    }

    /// The exit status within `wait` (killed and `None` past it).
    pub fn wait(&mut self, wait: Duration) -> Option<i32> {
        let deadline = Instant::now() + wait;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mail-lsp-follow-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

pub fn append(path: &Path, text: &str) {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("opens for appending");
    file.write_all(text.as_bytes()).expect("appended");
}

/// `check --format json --follow` on `mail.log` in a new scratch directory holding `initial`.
fn following(name: &str, initial: &str) -> (PathBuf, PathBuf, Running) {
    let dir = scratch(name);
    let log = dir.join("mail.log");
    std::fs::write(&log, initial).unwrap();
    let path = log.to_str().expect("a UTF-8 temp path").to_string();
    let running = Running::start(&["check", "--format", "json", "--follow", &path]);
    (dir, log, running)
}

fn is_code(code: &str, line: u64) -> impl Fn(&Value) -> bool + '_ {
    move |r| r["code"] == code && r["start"]["line"] == line
}

#[test]
fn follow_prints_the_existing_lines_then_a_bounce_appended_within_two_seconds() {
    let (_, log, running) = following("append", DEFERRED);
    let deferred = running.record(PROMPT * 3, is_code("4.4.7", 1));
    assert_eq!(deferred["severity"], "warning");
    assert_eq!(deferred["path"], log.to_str().unwrap());
    running.drain(Duration::from_millis(300));

    // The bounce arrives in two writes: nothing is analysed before its line end.
    let (head, tail) = BOUNCED.split_at(90);
    append(&log, head);
    assert_eq!(running.line(Duration::from_millis(700)), None);
    let written = Instant::now();
    append(&log, tail);
    let verdict = running.record(PROMPT, |r| r["kind"] == "recipient");
    assert!(written.elapsed() < PROMPT, "{:?}", written.elapsed());
    assert_eq!(verdict["recipient"], "bob@fabrikam.com");
    assert_eq!(verdict["code"], "5.1.1");
    assert_eq!(verdict["start"]["line"], 2, "line numbers keep counting");
    assert_eq!(verdict["message_id"], "4XkQ1R2bZ9z9v");
    assert_eq!(verdict["hard_bounce"], true);

    assert_eq!(
        running.interrupt(),
        Some(1),
        "Ctrl-C: status 1, an error was printed"
    );
}

#[test]
fn follow_ends_with_status_zero_when_nothing_so_far_was_an_error() {
    let (_, _, running) = following("quiet", DEFERRED);
    running.record(PROMPT * 3, is_code("4.4.7", 1));
    assert_eq!(running.interrupt(), Some(0));
}

#[test]
fn follow_reads_a_rotated_log_from_the_start_of_the_new_file() {
    let (dir, log, running) = following("rotate", DEFERRED);
    running.record(PROMPT * 3, is_code("4.4.7", 1));
    running.drain(Duration::from_millis(300));
    // logrotate's way: the old file is renamed (and may get a last line), a new one is created.
    std::fs::rename(&log, dir.join("mail.log.1")).unwrap();
    append(&dir.join("mail.log.1"), DEFERRED);
    std::thread::sleep(Duration::from_millis(100));
    std::fs::write(&log, BOUNCED).unwrap();
    let late = running.record(PROMPT, |r| r["code"] == "4.4.7");
    assert_eq!(
        late["start"]["line"], 2,
        "the old file's last line is read first"
    );
    let verdict = running.record(PROMPT, |r| r["kind"] == "recipient");
    assert_eq!(verdict["recipient"], "bob@fabrikam.com");
    assert_eq!(verdict["start"]["line"], 1, "the new file counts from 1");
}

#[test]
fn follow_reads_a_truncated_log_again_from_its_start_and_says_so() {
    let dir = scratch("truncate");
    let log = dir.join("mail.log");
    std::fs::write(&log, format!("{QUEUED}{DEFERRED}")).unwrap();
    let running = Running::start(&["check", "--lang", "en", "--follow", log.to_str().unwrap()]);
    running.text(PROMPT * 3, "mail.log:2:");
    std::fs::write(&log, "").unwrap();
    std::thread::sleep(Duration::from_millis(600));
    append(&log, BOUNCED);
    let shown = running.text(PROMPT, "mail.log:1:");
    assert!(
        shown.iter().any(|l| l.contains(
            "was truncated; reading it again from its start, line numbers start again at 1"
        )),
        "{shown:#?}"
    );
    assert!(
        shown.iter().any(|l| l.starts_with("error[5.1.1]")),
        "{shown:#?}"
    );
}

#[test]
fn follow_waits_for_a_log_that_does_not_exist_yet() {
    let dir = scratch("missing");
    let log = dir.join("mail.log");
    let running = Running::start(&[
        "check",
        "--format",
        "json",
        "--follow",
        log.to_str().unwrap(),
    ]);
    std::thread::sleep(Duration::from_millis(500));
    append(&log, BOUNCED);
    let verdict = running.record(PROMPT, |r| r["kind"] == "recipient");
    assert_eq!(verdict["start"]["line"], 1);
}

#[test]
fn follow_keeps_the_queue_id_and_the_transcript_conversation_across_appends() {
    let dir = scratch("context");
    let log = dir.join("session.log");
    std::fs::write(
        &log,
        "S: 220 mx.example.com ESMTP\nC: EHLO client.example\n",
    )
    .unwrap();
    let running = Running::start(&[
        "check",
        "--format",
        "json",
        "--follow",
        log.to_str().unwrap(),
    ]);
    std::thread::sleep(Duration::from_millis(500));
    append(&log, "C: MAIL FROM:<ann@contoso.com>\nS: 250 2.1.0 Ok\n");
    append(&log, "C: RCPT TO:<bob@fabrikam.com>\n");
    std::thread::sleep(Duration::from_millis(400));
    append(&log, "S: 550 5.1.1 <bob@fabrikam.com>: User unknown\n");
    let verdict = running.record(PROMPT * 2, |r| r["kind"] == "recipient");
    assert_eq!(verdict["recipient"], "bob@fabrikam.com");
    assert_eq!(
        verdict["start"]["line"], 5,
        "the verdict sits on the RCPT TO line the 550 answers, written in an earlier append"
    );
}

#[test]
fn follow_refuses_sarif_stdin_and_several_files() {
    let out = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
        .args(["check", "--format", "sarif", "--follow", "mail.log"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("SARIF is one document written at the end"),
        "{said}"
    );
    for args in [&["--follow", "-"][..], &["--follow", "a.log", "b.log"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
            .arg("check")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn stdin_prints_a_finding_before_the_pipe_closes() {
    let mut running = Running::start(&["check", "--format", "json", "-"]);
    let mut stdin = running.stdin.take().expect("stdin");
    stdin.write_all(QUEUED.as_bytes()).unwrap();
    stdin.write_all(BOUNCED.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let verdict = running.record(PROMPT, |r| r["kind"] == "recipient");
    assert_eq!(verdict["path"], "-");
    assert_eq!(verdict["start"]["line"], 2);
    assert_eq!(verdict["message_id"], "4XkQ1R2bZ9z9v");
    stdin.write_all(DEFERRED.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let deferred = running.record(PROMPT, |r| r["code"] == "4.4.7");
    assert_eq!(deferred["start"]["line"], 3);
    drop(stdin);
    assert_eq!(running.wait(PROMPT), Some(1));
}

#[test]
fn stdin_stream_ends_on_ctrl_c_with_the_status_so_far() {
    let mut running = Running::start(&["check", "--format", "json", "-"]);
    let mut stdin = running.stdin.take().expect("stdin");
    stdin.write_all(DEFERRED.as_bytes()).unwrap();
    stdin.flush().unwrap();
    running.record(PROMPT, |r| r["code"] == "4.4.7");
    assert_eq!(
        running.interrupt(),
        Some(0),
        "stdin still open: Ctrl-C ends it"
    );
    drop(stdin);
}

#[test]
fn stdin_without_a_line_end_stops_at_the_input_limit() {
    let zero = std::fs::File::open("/dev/zero");
    let Ok(zero) = zero else {
        eprintln!("skipped: no /dev/zero here");
        return;
    };
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
        .args(["check", "--max-input", "4M", "-"])
        .stdin(zero)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("a line longer than the 4 MiB limit"),
        "{said}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_long_streamed_line_is_cut_at_the_line_cap_and_says_so() {
    let mut running = Running::start(&["check", "--format", "json", "-"]);
    let mut stdin = running.stdin.take().expect("stdin");
    let mut long = "Status: 5.1.1 ".to_string();
    long.push_str(&"x".repeat(200_000));
    long.push_str(" dsn=4.4.7\n");
    stdin.write_all(long.as_bytes()).unwrap();
    drop(stdin);
    let first = running.record(PROMPT, |r| r["code"] == "5.1.1");
    assert_eq!(first["start"]["line"], 1);
    let cut = running.record(PROMPT, |r| r["kind"] == "limit");
    assert_eq!(cut["start"]["column"], 64 * 1024 + 1);
    assert_eq!(running.wait(PROMPT), Some(1));
}

#[test]
fn an_internal_error_in_streamed_lines_is_reported_and_the_lines_after_are_still_read() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mail-lsp"))
        .args(["check", "--format", "json", "-"])
        .env("MAIL_LSP_INJECT_PANIC", "PANIC-HERE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut record = || {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("reads");
        serde_json::from_str::<Value>(&line).ok()
    };
    stdin.write_all(BOUNCED.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let first = record().expect("the bounce's first finding, printed while stdin is open");
    assert_eq!(first["start"]["line"], 1);
    stdin.write_all(b"PANIC-HERE dsn=5.7.1\n").unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    stdin.write_all(DEFERRED.as_bytes()).unwrap();
    drop(stdin);
    let mut lines = Vec::new();
    while let Some(found) = record() {
        lines.extend(found["start"]["line"].as_u64());
    }
    assert!(lines.contains(&3), "the line after is read: {lines:?}");
    assert!(!lines.contains(&2), "{lines:?}");
    let out = child.wait_with_output().expect("ends");
    assert_eq!(
        out.status.code(),
        Some(2),
        "an internal error is exit status 2"
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("could not analyse lines of -"), "{said}");
}
