//! `check` against inputs that used to crash it, hang it or fool it: a transcript prefix before a
//! wide character, a wide character at the middle byte of a large log, an analysis that fails
//! among other inputs, devices and endless stdin, directory loops, unreadable directories,
//! terminal escapes in a log line, and UTF-16 files written by Windows PowerShell.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::client::{binary, check, scratch_dir};
use crate::inputs::fixture_path;

const DEADLINE: Duration = Duration::from_secs(60);

/// The value `MAIL_LSP_INJECT_PANIC` is set to: a document containing it makes the analysis of a
/// debug build panic, standing in for a bug not yet found.
pub const PANIC_MARKER: &str = "mail-lsp-test-panic-7f3a";

fn codes_and_lines(records: &[Value], path: &str) -> Vec<(String, u64)> {
    records
        .iter()
        .filter(|r| r["path"].as_str().is_some_and(|p| p.ends_with(path)))
        .map(|r| {
            (
                r["code"].as_str().unwrap_or_default().to_string(),
                r["start"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_transcript_prefix_before_a_wide_character_is_analysed() {
    let dir = scratch_dir("transcript-prefix");
    let nine = dir.join("nine-bytes.txt");
    std::fs::write(&nine, "S: é550 hello").unwrap();
    let coded = dir.join("coded.txt");
    std::fs::write(&coded, "S: é 550 5.1.1 unknown user\n").unwrap();
    let run = check(
        &[
            "--format",
            "json",
            nine.to_str().unwrap(),
            coded.to_str().unwrap(),
        ],
        &[],
        DEADLINE,
    );
    run.assert_analysed("a transcript prefix before a wide character");
    assert!(!run.stderr.contains("internal error"), "{}", run.stderr);
    assert_eq!(
        codes_and_lines(&run.records(), "coded.txt"),
        [("5.1.1".to_string(), 1)],
        "{}",
        run.stdout
    );
}

/// A log of at least 4 MiB whose middle byte is inside `é`, as the parallel split sees it.
fn log_with_a_wide_middle() -> Vec<u8> {
    let line = "Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, dsn=5.1.1, status=bounced (host mx said: 550 5.1.1 User unknown)\n";
    let mut text = line.repeat((4 << 20) / line.len() + 7).into_bytes();
    if text.len() % 2 == 1 {
        text.insert(0, b'x');
    }
    let half = text.len() / 2;
    text.splice(half..half, "é".bytes());
    assert_eq!(
        text[text.len() / 2] & 0xc0,
        0x80,
        "the middle byte continues a character"
    );
    text
}

#[test]
fn a_large_log_with_a_wide_character_at_its_middle_byte_is_checked_with_the_others() {
    let dir = scratch_dir("wide-middle");
    let big = dir.join("big.log");
    std::fs::write(&big, log_with_a_wide_middle()).unwrap();
    let before = dir.join("a.eml");
    std::fs::write(
        &before,
        "From: a@example.com\nSubject: x\n\n550 5.7.1 relay denied\n",
    )
    .unwrap();
    let after = dir.join("z.log");
    std::fs::copy(fixture_path("postfix.log"), &after).unwrap();
    let run = check(
        &[
            "--format",
            "json",
            before.to_str().unwrap(),
            big.to_str().unwrap(),
            after.to_str().unwrap(),
        ],
        &[],
        Duration::from_secs(180),
    );
    run.assert_analysed("a log with a wide middle byte");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let records = run.records();
    let big_codes = codes_and_lines(&records, "big.log");
    assert!(big_codes.len() > 50_000, "{} findings", big_codes.len());
    assert!(!codes_and_lines(&records, "a.eml").is_empty());
    assert!(codes_and_lines(&records, "z.log").contains(&("5.1.1".to_string(), 3)));
}

#[test]
fn a_failed_analysis_is_reported_and_the_other_inputs_keep_their_output() {
    let dir = scratch_dir("failed-analysis");
    let mut paths = Vec::new();
    for (name, text) in [
        (
            "1.log",
            "Nov  4 mx postfix/smtp[1]: A1: to=<a@b.c>, dsn=5.1.1, status=bounced\n".to_string(),
        ),
        (
            "2.log",
            format!(
                "Nov  4 mx postfix/smtp[2]: A2: private words {PANIC_MARKER} dsn=5.2.2, status=bounced\n"
            ),
        ),
        (
            "3.log",
            "Nov  4 mx postfix/smtp[3]: A3: to=<d@e.f>, dsn=4.4.7, status=deferred\n".to_string(),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path.display().to_string());
    }
    let mut args = vec!["--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let run = check(&args, &[("MAIL_LSP_INJECT_PANIC", PANIC_MARKER)], DEADLINE);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("could not analyse") && run.stderr.contains("2.log"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("private words"),
        "mail text in the log: {}",
        run.stderr
    );
    let records = run.records();
    assert_eq!(
        codes_and_lines(&records, "1.log"),
        [("5.1.1".to_string(), 1)]
    );
    assert_eq!(codes_and_lines(&records, "2.log"), []);
    assert_eq!(
        codes_and_lines(&records, "3.log"),
        [("4.4.7".to_string(), 1)]
    );
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_and_endless_stdin_is_cut_at_the_cap() {
    let dir = scratch_dir("devices");
    let good = dir.join("good.log");
    std::fs::copy(fixture_path("postfix.log"), &good).unwrap();
    let run = check(
        &["--format", "json", "/dev/zero", good.to_str().unwrap()],
        &[],
        DEADLINE,
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("/dev/zero") && run.stderr.contains("not a regular file"),
        "{}",
        run.stderr
    );
    assert!(!codes_and_lines(&run.records(), "good.log").is_empty());

    let started = Instant::now();
    let mut child = Command::new(binary())
        .args(["check", "--max-input", "8M", "-"])
        .env_remove("RUST_LOG")
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("check - < /dev/zero did not stop at the cap");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("8 MiB limit"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn links_in_a_directory_never_make_the_walk_loop_or_repeat_a_file() {
    let dir = scratch_dir("loops");
    std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
    std::fs::copy(fixture_path("postfix.log"), dir.join("mail.log")).unwrap();
    std::fs::write(
        dir.join("sub/deeper/bounce.eml"),
        "From: a@b.c\nSubject: x\n\n550 5.1.1 gone\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("..", dir.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("sub/deeper/root")).unwrap();
    std::os::unix::fs::symlink("../mail.log", dir.join("sub/same.log")).unwrap();
    std::os::unix::fs::symlink("nowhere", dir.join("sub/dangling.log")).unwrap();
    let run = check(&["--format", "json", dir.to_str().unwrap()], &[], DEADLINE);
    run.assert_analysed("a directory with link loops");
    let mut paths: Vec<String> = run
        .records()
        .iter()
        .filter_map(|r| r["path"].as_str().map(str::to_string))
        .collect();
    paths.dedup();
    let shown: Vec<&str> = paths
        .iter()
        .map(|p| p.strip_prefix(dir.to_str().unwrap()).unwrap_or(p))
        .collect();
    assert_eq!(
        shown,
        ["/mail.log", "/sub/deeper/bounce.eml"],
        "{}",
        run.stderr
    );
}

/// Permissions do not stop root, who runs this suite in containers: there the unreadable
/// directory is read anyway and the test only shows the rest is checked. The failure path itself
/// is proved by `cli::check::tests::an_unreadable_directory_is_reported_and_the_rest_is_walked`,
/// which injects a failing `read_dir`.
#[cfg(unix)]
#[test]
fn an_unreadable_directory_is_reported_and_the_rest_is_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_dir("unreadable");
    for sub in ["a", "locked", "z"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(fixture_path("postfix.log"), dir.join(sub).join("mail.log")).unwrap();
    }
    let locked = dir.join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = std::fs::read_dir(&locked).is_err();
    let run = check(&["--format", "json", dir.to_str().unwrap()], &[], DEADLINE);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let records = run.records();
    assert!(
        !codes_and_lines(&records, "/a/mail.log").is_empty(),
        "{}",
        run.stderr
    );
    assert!(
        !codes_and_lines(&records, "/z/mail.log").is_empty(),
        "{}",
        run.stderr
    );
    if enforced {
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr.contains("cannot read directory") && run.stderr.contains("locked"),
            "{}",
            run.stderr
        );
    } else {
        eprintln!("permissions are not enforced here (root): the failure path is unit-tested");
    }
}

#[test]
fn terminal_escapes_in_a_log_line_are_shown_as_symbols() {
    let dir = scratch_dir("escapes");
    let path = dir.join("mail.log");
    std::fs::write(
        &path,
        "Nov  4 09:12:01 mx postfix/smtp[1]: \u{1b}]0;owned\u{7}\u{1b}[2J A1: to=<a@b.c>, dsn=5.1.1, status=bounced\n",
    )
    .unwrap();
    let run = check(&["--lang", "en", path.to_str().unwrap()], &[], DEADLINE);
    run.assert_analysed("escapes");
    assert!(run.stdout.contains("5.1.1"), "{}", run.stdout);
    assert!(
        !run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'),
        "raw escapes reach the terminal: {:?}",
        run.stdout
    );
    // One symbol for each control character, so the carets stay under the code.
    assert!(
        run.stdout.contains(
            "1 | Nov  4 09:12:01 mx postfix/smtp[1]: ␛]0;owned␇␛[2J A1: to=<a@b.c>, dsn=5.1.1, status=bounced\n  \
             |                                                                        ^^^^^\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_line_of_a_megabyte_is_never_printed_whole() {
    let dir = scratch_dir("wide-line");
    let path = dir.join("mail.log");
    let mut line = String::from("Nov  4 09:12:01 mx postfix/smtp[1]: A1: to=<a@b.c>,");
    while line.len() < 1 << 20 {
        line.push_str(" dsn=5.1.1 and some words to widen the line between the codes");
    }
    std::fs::write(&path, format!("{line}\n")).unwrap();
    let run = check(&["--lang", "en", path.to_str().unwrap()], &[], DEADLINE);
    run.assert_analysed("a line of a megabyte");
    // Codes near the line's start are shown cut to the terminal's width around them, the ones
    // further in by their location alone: no printed line is much wider than 140 columns.
    assert!(run.stdout.contains("1 | Nov  4 09:12:01"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("= note: the line is not shown: the code starts after its first 4096 bytes"),
        "{}",
        run.stdout
    );
    let widest = run.stdout.lines().map(|l| l.chars().count()).max();
    assert!(widest.is_some_and(|w| w <= 160), "widest line: {widest:?}");
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn positions(records: &[Value]) -> Vec<(String, Value, Value)> {
    records
        .iter()
        .map(|r| (r["code"].to_string(), r["start"].clone(), r["end"].clone()))
        .collect()
}

#[test]
fn utf16_files_written_by_powershell_are_decoded_and_positioned() {
    let dir = scratch_dir("utf16");
    let log = std::fs::read_to_string(fixture_path("postfix.log"))
        .unwrap()
        .replace('\n', "\r\n");
    let rules = "New-TransportRule -Name x -RejectMessageEnhancedStatusCode 5.7.1 -RejectMessageReasonText \"non\"\r\nSet-TransportRule -Name y -RejectMessageEnhancedStatusCode 5.9.9\r\n";
    for (name, text) in [("mail.log", log.as_str()), ("rules.ps1", rules)] {
        let plain = dir.join(format!("utf8-{name}"));
        std::fs::write(&plain, text).unwrap();
        let expected = check(
            &["--format", "json", plain.to_str().unwrap()],
            &[],
            DEADLINE,
        );
        let expected = positions(&expected.records());
        assert!(!expected.is_empty(), "{name} has findings to compare");
        for big_endian in [false, true] {
            let path = dir.join(format!("utf16-{big_endian}-{name}"));
            std::fs::write(&path, utf16(text, big_endian)).unwrap();
            let run = check(&["--format", "json", path.to_str().unwrap()], &[], DEADLINE);
            run.assert_analysed(name);
            assert!(!run.stderr.contains("not valid UTF-8"), "{}", run.stderr);
            assert_eq!(
                positions(&run.records()),
                expected,
                "{name}, big endian: {big_endian}"
            );
        }
        let bom = dir.join(format!("bom-{name}"));
        std::fs::write(&bom, [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat()).unwrap();
        let run = check(&["--format", "json", bom.to_str().unwrap()], &[], DEADLINE);
        assert_eq!(
            positions(&run.records()),
            expected,
            "{name} with a UTF-8 BOM"
        );
    }
}
