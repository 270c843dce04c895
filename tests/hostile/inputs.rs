//! Hostile documents: every one is analysed by `check` and by the server without a crash or a
//! hang, files are never rewritten, and a bound that cuts the work shows up as a finding.
//!
//! Sizes here keep the suite quick in a debug build; the full sizes from the robustness issue
//! (a 100 MB line) run in the `#[ignore]`d tests at the end, meant for `--release`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};

use crate::client::{Rng, Server, check, file_uri, scratch_dir};

/// The longest any single hostile document may take in a debug build.
const DEADLINE: Duration = Duration::from_secs(45);

/// Debug builds analyse about ten times slower than release ones: sizes grow by this factor in a
/// release test run so both finish in seconds.
const SCALE: usize = if cfg!(debug_assertions) { 1 } else { 8 };

/// One hostile document: a file name (its extension picks the kind), its bytes, and a code it
/// holds that `check` and the server must report (`None` for documents with nothing to find).
pub struct Hostile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub finds: Option<&'static str>,
}

/// A single line of `len` bytes studded with things that look like codes, labels and encoded
/// words, so every scanner has work on it.
pub fn long_line(len: usize) -> Vec<u8> {
    const PIECE: &[u8] = b"x 5.1.1 dsn=5.1.1 550 5.7.1 =?utf-8?B?QQ== spf=fail ";
    let mut line = Vec::with_capacity(len + 1);
    while line.len() + PIECE.len() <= len {
        line.extend_from_slice(PIECE);
    }
    line.resize(len, b'a');
    line.push(b'\n');
    line
}

/// `depth` multipart bodies nested in each other, each with a text part carrying a code.
pub fn nested_mime(depth: usize) -> Vec<u8> {
    let mut out = String::from("From: a@example.com\nMIME-Version: 1.0\n");
    for level in 0..depth {
        out.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{level}\"\n\n--b{level}\n"
        ));
    }
    out.push_str("Content-Type: text/plain\n\n550 5.1.1 deepest\n");
    for level in (0..depth).rev() {
        out.push_str(&format!("--b{level}--\n"));
    }
    out.into_bytes()
}

/// `count` sibling parts in one multipart body.
pub fn many_parts(count: usize) -> Vec<u8> {
    let mut out = String::from(
        "From: a@example.com\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"p\"\n\n",
    );
    for i in 0..count {
        out.push_str(&format!(
            "--p\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; u{i}@example.org\nAction: failed\nStatus: 5.1.1\n\n"
        ));
    }
    out.push_str("--p--\n");
    out.into_bytes()
}

/// A header of about `len` bytes, folded every 70 bytes when `folded`.
pub fn big_header(len: usize, folded: bool) -> Vec<u8> {
    let mut out = b"From: a@example.com\nSubject: ".to_vec();
    let mut column = 9;
    while out.len() < len {
        out.extend_from_slice(b"550 5.1.1 ");
        column += 10;
        if folded && column > 70 {
            out.extend_from_slice(b"\n ");
            column = 1;
        }
    }
    out.extend_from_slice(b"\n\nbody 550 5.7.1 after\n");
    out
}

/// Every document the robustness issue lists, at debug-friendly sizes.
pub fn documents() -> Vec<Hostile> {
    let mut rng = Rng::new(9);
    let fixture = std::fs::read(fixture_path("exchange-ndr.eml")).expect("fixture");
    let log = std::fs::read(fixture_path("postfix.log")).expect("fixture");
    let cr_only: Vec<u8> = fixture
        .iter()
        .map(|&b| if b == b'\n' { b'\r' } else { b })
        .collect();
    let mut mixed = Vec::new();
    for (i, line) in log.split(|&b| b == b'\n').enumerate() {
        mixed.extend_from_slice(line);
        mixed.extend_from_slice([&b"\n"[..], b"\r\n", b"\r", b"\n\r"][i % 4]);
    }
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(&fixture);
    bom.extend_from_slice(b"\xef\xbb\xbfStatus: 5.1.1\n");
    let mut utf16 = b"\xff\xfe".to_vec();
    for unit in "Status: 5.1.1\r\n550 5.7.1 denied\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let mut invalid = b"Subject: caf\xe9 \xff\xfe\xc3\x28\n".to_vec();
    invalid.extend_from_slice(&fixture);
    invalid.extend_from_slice(b"\n\xed\xa0\x80 550 5.7.1 \xf4\x90\x80\x80 relay denied\n\xc0\xaf");
    let mut nul = fixture.clone();
    for i in (0..nul.len()).step_by(7) {
        nul[i] = 0;
    }
    nul.extend_from_slice(b"\n550 5.1.1\0\0\0 Status:\0 5.2.2\n");
    let mut unterminated = b"Subject: =?utf-8?B?".to_vec();
    unterminated.extend(std::iter::repeat_n(b'Q', 100_000));
    unterminated.extend_from_slice(b"\nX-Diag: =?utf-8?Q?550_5.1.1");
    unterminated.extend(b"=?".repeat(50_000));
    unterminated.extend(b"=?utf-8?q?=E6=".repeat(10_000));
    unterminated.extend_from_slice(
        b"\nSubject: =?\n=?utf-8?\n=?utf-8?B?\n=?utf-8?B?=?=\n\n550 5.1.1 body\n",
    );
    let mut auth = b"Authentication-Results: mx.example.net".to_vec();
    for i in 0..20_000 {
        auth.extend_from_slice(
            format!(";\n spf=fail smtp.mailfrom=a{i}.example (comment (nested").as_bytes(),
        );
    }
    auth.extend_from_slice(b"\nDKIM-Signature: ");
    auth.extend(b"h=from:".repeat(20_000));
    auth.extend_from_slice(b"\nX-Forefront-Antispam-Report: ");
    auth.extend(b"SCL:9;".repeat(20_000));
    auth.extend_from_slice(b"\n\nbody\n");
    let mut many_lines = Vec::new();
    for i in 0..20_000 * SCALE {
        many_lines.extend_from_slice(
            format!("Nov  4 09:12:01 mx postfix/smtp[{i}]: Q{i}: to=<u{i}@x.org>, dsn=5.1.1, status=bounced (550 5.1.1 unknown)\n")
                .as_bytes(),
        );
    }
    let mut rules = Vec::new();
    for i in 0..20_000 {
        rules.extend_from_slice(
            format!("/^Subject:.*({i}/ REJECT 5.7.{i} \"unterminated\n").as_bytes(),
        );
    }
    rules.extend(b"New-TransportRule -Name ".repeat(10_000));
    vec![
        Hostile {
            name: "empty.eml",
            bytes: Vec::new(),
            finds: None,
        },
        Hostile {
            name: "newline.log",
            bytes: b"\n".to_vec(),
            finds: None,
        },
        Hostile {
            name: "cr.eml",
            bytes: b"\r".to_vec(),
            finds: None,
        },
        Hostile {
            name: "random.eml",
            bytes: rng.bytes(256 * 1024),
            finds: None,
        },
        Hostile {
            name: "random.log",
            bytes: rng.bytes(256 * 1024),
            finds: None,
        },
        Hostile {
            name: "invalid-utf8.eml",
            bytes: invalid,
            finds: Some("5.7.1"),
        },
        Hostile {
            name: "nul.eml",
            bytes: nul,
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "long-line.log",
            bytes: long_line(SCALE << 19),
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "long-line.eml",
            bytes: long_line(SCALE << 19),
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "nested.eml",
            bytes: nested_mime(10_000),
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "many-parts.eml",
            bytes: many_parts(10_000),
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "big-header.eml",
            bytes: big_header(SCALE << 18, false),
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "big-folded-header.eml",
            bytes: big_header(1 << 20, true),
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "unterminated.eml",
            bytes: unterminated,
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "cr-only.eml",
            bytes: cr_only,
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "mixed-endings.log",
            bytes: mixed,
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "bom.eml",
            bytes: bom,
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "utf16.eml",
            bytes: utf16,
            finds: Some("5.7.1"),
        },
        Hostile {
            name: "auth-flood.eml",
            bytes: auth,
            finds: Some("spf=fail"),
        },
        Hostile {
            name: "many-lines.log",
            bytes: many_lines,
            finds: Some("5.1.1"),
        },
        Hostile {
            name: "header_checks",
            bytes: rules,
            finds: Some("malformed-code"),
        },
    ]
}

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/e2e/fixtures")
        .join(name)
}

/// Bytes and modification time, to prove a file was not touched.
pub fn stamp(path: &Path) -> (Vec<u8>, SystemTime) {
    let bytes = std::fs::read(path).expect("read back");
    let mtime = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime");
    (bytes, mtime)
}

fn write_all(dir: &Path, documents: &[Hostile]) -> Vec<(PathBuf, (Vec<u8>, SystemTime))> {
    documents
        .iter()
        .map(|doc| {
            let path = dir.join(doc.name);
            std::fs::write(&path, &doc.bytes).expect("write hostile file");
            let stamp = stamp(&path);
            (path, stamp)
        })
        .collect()
}

#[test]
fn check_survives_every_hostile_file_and_never_rewrites_one() {
    let dir = scratch_dir("check-inputs");
    let documents = documents();
    let files = write_all(&dir, &documents);
    for kind in [None, Some("message"), Some("log"), Some("rules")] {
        let mut args = vec!["--format", "json", "--lang", "en"];
        if let Some(kind) = kind {
            args.extend(["--kind", kind]);
        }
        // Every file as its detected kind; the smaller ones also as each other kind.
        let paths: Vec<String> = files
            .iter()
            .zip(&documents)
            .filter(|(_, doc)| kind.is_none() || doc.bytes.len() < 300_000)
            .map(|((p, _), _)| p.display().to_string())
            .collect();
        args.extend(paths.iter().map(String::as_str));
        let started = Instant::now();
        let run = check(&args, &[], Duration::from_secs(240));
        if !matches!(run.code, Some(0 | 1)) {
            // Find the file that did it.
            for path in &paths {
                let mut one = args[..args.len() - paths.len()].to_vec();
                one.push(path);
                check(&one, &[], DEADLINE).assert_analysed(path);
            }
        }
        run.assert_analysed(&format!("every hostile file as {kind:?}"));
        assert!(
            !run.stderr.contains("could not analyse"),
            "an analysis failed: {}",
            run.stderr
        );
        let records = run.records();
        if kind.is_none() {
            // As its own kind, every document with a code in it gets that code reported.
            for ((path, _), doc) in files.iter().zip(&documents) {
                let Some(code) = doc.finds else { continue };
                let path = path.display().to_string();
                let found: std::collections::BTreeSet<&str> = records
                    .iter()
                    .filter(|r| r["path"] == path.as_str())
                    .filter_map(|r| r["code"].as_str())
                    .collect();
                assert!(
                    found.contains(&code),
                    "{}: {code} not in {found:?}",
                    doc.name
                );
            }
        }
        eprintln!(
            "check --kind {kind:?} on {} hostile files: {:?}",
            files.len(),
            started.elapsed()
        );
        assert!(
            run.stderr
                .contains("invalid-utf8.eml is not valid UTF-8; invalid bytes were replaced"),
            "invalid UTF-8 is reported: {}",
            run.stderr
        );
    }
    for (path, before) in &files {
        assert_eq!(&stamp(path), before, "{} was modified", path.display());
    }
}

#[test]
fn an_8_bit_bounce_is_read_in_the_charset_it_declares() {
    let dir = scratch_dir("charset");
    let path = dir.join("bounce.eml");
    let mut bytes = b"From: MAILER-DAEMON@mail.example.cn\nContent-Type: text/plain; charset=\"gb2312\"\nContent-Transfer-Encoding: binary\n\n".to_vec();
    // "The mail could not be sent to the address you gave." in GB 2312.
    bytes.extend_from_slice(
        b"\xd3\xca\xbc\xfe\xce\xde\xb7\xa8\xb7\xa2\xcb\xcd\xb5\xbd\xc4\xfa\xd6\xb8\xb6\xa8\xb5\xc4\xb5\xd8\xd6\xb7\xd6\xd0\xa1\xa3\n\n<bob@example.cn>:\n",
    );
    std::fs::write(&path, &bytes).unwrap();
    let before = stamp(&path);
    let run = check(&["--format", "json", path.to_str().unwrap()], &[], DEADLINE);
    run.assert_analysed("an 8-bit message");
    assert!(
        run.stderr.contains(
            "bounce.eml is not valid UTF-8; read as GBK, the charset its Content-Type declares"
        ),
        "{}",
        run.stderr
    );
    let failed: Vec<String> = run
        .records()
        .iter()
        .filter(|r| r["kind"] == "recipient" && r["action"] == "failed")
        .filter_map(|r| r["recipient"].as_str().map(str::to_string))
        .collect();
    assert_eq!(failed, vec!["bob@example.cn"]);
    assert_eq!(stamp(&path), before, "the file is never rewritten");
}

#[test]
fn invalid_utf8_on_disk_is_analysed_lossily() {
    let dir = scratch_dir("lossy");
    let path = dir.join("bounce.eml");
    std::fs::write(
        &path,
        b"Subject: caf\xe9\n\n\xff 550 5.1.1 <bob@example.org>: unknown \xfe\n\xc3\x28 550 5.7.1 relay denied\n",
    )
    .unwrap();
    let before = stamp(&path);
    let run = check(&["--format", "json", path.to_str().unwrap()], &[], DEADLINE);
    run.assert_analysed("invalid UTF-8");
    assert!(run.stderr.contains("not valid UTF-8"), "{}", run.stderr);
    let codes: Vec<String> = run
        .records()
        .iter()
        .filter_map(|r| r["code"].as_str().map(str::to_string))
        .collect();
    assert!(codes.contains(&"5.1.1".to_string()), "{codes:?}");
    assert!(codes.contains(&"5.7.1".to_string()), "{codes:?}");
    // The second code is on line 4 in the file and in the report.
    let relay = run
        .records()
        .into_iter()
        .find(|r| r["code"] == "5.7.1")
        .unwrap();
    assert_eq!(relay["start"]["line"], 4, "{relay}");
    assert_eq!(stamp(&path), before);
}

#[test]
fn the_server_survives_every_hostile_document() {
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    let dir = scratch_dir("lsp-inputs");
    for (n, doc) in documents().into_iter().enumerate() {
        let text = editor_text(&doc.bytes);
        let uri = file_uri(&dir.join(doc.name));
        for (version, language) in [(1, ""), (2, "email"), (3, "mail-log"), (4, "mail-rules")] {
            // The big documents once as their own kind and once as a message (the costly one).
            if doc.bytes.len() > 300_000 && version > 2 {
                continue;
            }
            let started = Instant::now();
            if version == 1 {
                server.open(&uri, language, version, &text);
            } else {
                server.notify(
                    "textDocument/didClose",
                    json!({ "textDocument": { "uri": uri } }),
                );
                server.open(&uri, language, version, &text);
            }
            let diagnostics = server.diagnostics(&uri, version);
            let codes: std::collections::BTreeSet<&str> = diagnostics
                .iter()
                .filter_map(|d| d["code"].as_str())
                .collect();
            assert!(
                !codes.contains(&"analysis-failed"),
                "{} as {language:?}: {diagnostics:?}",
                doc.name
            );
            if let (1, Some(code)) = (version, doc.finds) {
                assert!(
                    codes.contains(&code),
                    "{}: {code} not in {codes:?}",
                    doc.name
                );
            }
            let lines = text.lines().count() as u64;
            let hover = server.hover(&uri, lines / 2, 3);
            assert!(hover.get("error").is_none(), "{}: {hover}", doc.name);
            let took = started.elapsed();
            assert!(
                took < DEADLINE,
                "{} as {language:?} took {took:?}",
                doc.name
            );
            assert!(server.alive(), "the server died on {}", doc.name);
        }
        server.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
        // Keep the queue short: drop what was published for this document.
        server.client.seen.clear();
        let _ = n;
    }
    let (code, _) = server.shutdown_and_exit();
    assert_eq!(code, 0);
}

/// The text an editor would send for a file: UTF-16 with a BOM decoded, other bytes read as
/// UTF-8 with invalid sequences replaced.
fn editor_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(b"\xff\xfe") {
        Some(units) => char::decode_utf16(
            units
                .chunks_exact(2)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]])),
        )
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Kinds of findings `check` reported for one file analysed as `kind`.
fn finding_kinds(path: &Path, kind: &str) -> Vec<Value> {
    let run = check(
        &["--format", "json", "--kind", kind, path.to_str().unwrap()],
        &[],
        DEADLINE,
    );
    run.assert_analysed(&path.display().to_string());
    run.records()
}

#[test]
fn a_bound_that_cuts_the_work_is_visible() {
    let dir = scratch_dir("limits");
    let path = dir.join("one-line.txt");
    std::fs::write(&path, long_line(1 << 18)).unwrap();
    for kind in ["log", "message", "rules"] {
        let records = finding_kinds(&path, kind);
        let mut kinds: Vec<&str> = records.iter().filter_map(|r| r["kind"].as_str()).collect();
        kinds.dedup();
        assert!(
            kinds.contains(&"limit"),
            "a 256 KiB line analysed as {kind} reports the cut; kinds found: {kinds:?}"
        );
    }
}

#[test]
#[ignore = "full size (100 MB line): run with `cargo test --release --test hostile -- --ignored`"]
fn a_hundred_megabyte_line_in_check_and_in_the_server() {
    let dir = scratch_dir("hundred-mb");
    let line = long_line(100 << 20);
    for name in ["huge.log", "huge.eml"] {
        let path = dir.join(name);
        std::fs::write(&path, &line).unwrap();
        let before = stamp(&path);
        let run = check(
            &["--format", "json", path.to_str().unwrap()],
            &[],
            Duration::from_secs(120),
        );
        run.assert_analysed(name);
        eprintln!("check on a 100 MB line ({name}): {:?}", run.elapsed);
        assert_eq!(stamp(&path), before);
    }
    let text = String::from_utf8(line).unwrap();
    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    for (uri, language) in [
        ("file:///tmp/huge.log", "mail-log"),
        ("file:///tmp/huge.eml", "email"),
    ] {
        let started = Instant::now();
        server.open(uri, language, 1, &text);
        let diagnostics = server.diagnostics(uri, 1);
        let codes: std::collections::BTreeSet<&str> = diagnostics
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        eprintln!("codes: {codes:?}");
        let hover = server.hover(uri, 0, 50_000_000);
        assert!(hover.get("error").is_none(), "{hover}");
        eprintln!(
            "server on a 100 MB line ({language}): {} diagnostics in {:?}",
            diagnostics.len(),
            started.elapsed()
        );
    }
    let (code, _) = server.shutdown_and_exit();
    assert_eq!(code, 0);
}

#[test]
#[ignore = "full size: 100,000 nested MIME parts and a 16 MB header; run with --release -- --ignored"]
fn full_size_structures() {
    let dir = scratch_dir("full-size");
    for (name, bytes) in [
        ("nested-100k.eml", nested_mime(100_000)),
        ("parts-100k.eml", many_parts(100_000)),
        ("header-16m.eml", big_header(16 << 20, false)),
        ("folded-16m.eml", big_header(16 << 20, true)),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let run = check(
            &["--format", "json", path.to_str().unwrap()],
            &[],
            Duration::from_secs(120),
        );
        run.assert_analysed(name);
        eprintln!("check on {name}: {:?}", run.elapsed);
    }
}
