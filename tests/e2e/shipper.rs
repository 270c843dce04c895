//! A real log shipper in front of `check -`: rsyslogd, run unprivileged, reads a mail log with
//! `imfile` and pipes each line to `mail-lsp check --format json -` with `omprog`, whose output
//! is a file. Skips, saying why, where rsyslogd is not installed (`apt-get install rsyslog`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::follow::{BOUNCED, DEFERRED, append, scratch};

fn rsyslogd() -> Option<PathBuf> {
    [
        "/usr/sbin/rsyslogd",
        "/sbin/rsyslogd",
        "/usr/local/sbin/rsyslogd",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// The module directory, where Debian puts `imfile` and `omprog`.
fn has_modules() -> bool {
    [
        "/usr/lib/x86_64-linux-gnu/rsyslog",
        "/usr/lib/aarch64-linux-gnu/rsyslog",
        "/usr/lib/rsyslog",
    ]
    .iter()
    .any(|dir| {
        Path::new(dir).join("omprog.so").is_file() && Path::new(dir).join("imfile.so").is_file()
    })
}

struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The JSON records in `path` once one matches `wanted`, within `wait`.
fn records_until(path: &Path, wait: Duration, wanted: impl Fn(&Value) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + wait;
    loop {
        let records: Vec<Value> = std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line omprog saved is one JSON object"))
            .collect();
        if records.iter().any(&wanted) {
            return records;
        }
        assert!(
            Instant::now() < deadline,
            "no matching record within {wait:?}; got {records:#?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn rsyslog_pipes_a_growing_log_into_check_and_each_line_is_answered_as_it_comes() {
    let Some(rsyslogd) = rsyslogd() else {
        eprintln!("skipped: rsyslogd is not installed (apt-get install rsyslog)");
        return;
    };
    if !has_modules() {
        eprintln!("skipped: rsyslog's imfile and omprog modules are not installed");
        return;
    }
    let dir = scratch("rsyslog");
    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    let input = dir.join("mail.log");
    let output = dir.join("findings.jsonl");
    std::fs::write(&input, BOUNCED).unwrap();
    let config = format!(
        r#"global(workDirectory="{work}")
module(load="imfile" mode="polling" PollingInterval="1")
module(load="omprog")
template(name="line" type="string" string="%rawmsg%\n")
input(type="imfile" File="{input}" Tag="mail" ruleset="mail-lsp")
ruleset(name="mail-lsp") {{
  action(type="omprog" binary="{binary} check --format json -" template="line" output="{output}")
}}
"#,
        work = work.display(),
        input = input.display(),
        binary = env!("CARGO_BIN_EXE_mail-lsp"),
        output = output.display(),
    );
    let conf = dir.join("rsyslog.conf");
    std::fs::write(&conf, config).unwrap();
    let _daemon = Daemon(
        Command::new(rsyslogd)
            .arg("-n")
            .arg("-f")
            .arg(&conf)
            .arg("-i")
            .arg(dir.join("rsyslogd.pid"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("rsyslogd starts"),
    );
    let first = records_until(&output, Duration::from_secs(20), |r| {
        r["kind"] == "recipient"
    });
    let verdict = first
        .iter()
        .find(|r| r["kind"] == "recipient")
        .expect("the bounce's verdict");
    assert_eq!(verdict["path"], "-");
    assert_eq!(verdict["recipient"], "bob@fabrikam.com");
    assert_eq!(verdict["start"]["line"], 1);

    // The pipe stays open: a line appended later is answered while rsyslogd runs.
    append(&input, DEFERRED);
    let later = records_until(&output, Duration::from_secs(10), |r| r["code"] == "4.4.7");
    let deferred = later.iter().find(|r| r["code"] == "4.4.7").expect("4.4.7");
    assert_eq!(
        deferred["start"]["line"], 2,
        "the stream's line count goes on"
    );
    assert_eq!(deferred["severity"], "warning");
}
