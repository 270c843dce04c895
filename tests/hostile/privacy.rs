//! Privacy: no network code in the shipped dependency graph or in our sources, no writes to the
//! user's files, and no message content in logs above debug.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::client::{Server, check, file_uri, scratch_dir};
use crate::inputs::stamp;

/// Crates that only exist to talk to a network.
const NETWORK_CRATES: &[&str] = &[
    "hyper",
    "reqwest",
    "ureq",
    "curl",
    "curl-sys",
    "openssl",
    "openssl-sys",
    "rustls",
    "native-tls",
    "h2",
    "socket2",
    "trust-dns-resolver",
    "hickory-resolver",
    "isahc",
    "surf",
    "attohttpc",
    "sentry",
    "opentelemetry",
];

fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// `cargo tree` over the normal (shipped) dependencies of mail-lsp: one `name features` line per
/// crate. Returns `None` when cargo cannot run here (the test then says so and passes).
fn shipped_tree() -> Option<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(repository())
        .args([
            "tree",
            "-p",
            "mail-lsp",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p} [{f}]",
            "--offline",
            "--locked",
        ])
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn no_network_crate_or_feature_ships() {
    let Some(tree) = shipped_tree() else {
        panic!("cargo tree must run for this check");
    };
    let mut tokio_seen = false;
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        assert!(
            !NETWORK_CRATES.contains(&name),
            "network crate in the shipped dependency graph: {line}"
        );
        if name == "tokio" || name == "mio" {
            tokio_seen |= name == "tokio";
            let features = line
                .split_once('[')
                .map(|(_, f)| f.trim_end_matches(']'))
                .unwrap_or_default();
            assert!(
                !features.split(',').any(|f| f == "net"),
                "{name} ships with its `net` feature: {line}"
            );
        }
    }
    assert!(tokio_seen, "the tree lists tokio: {tree}");
}

/// Our own sources, without their `#[cfg(test)]` modules (tests may use loopback sockets).
fn source_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read source dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_network_api_in_our_sources() {
    // `std::net::IpAddr` and friends only parse addresses; sockets and resolvers are what matter.
    const NETWORK_APIS: &[&str] = &[
        "TcpStream",
        "TcpListener",
        "UdpSocket",
        "ToSocketAddrs",
        "lookup_host",
        "to_socket_addrs",
        "tokio::net",
        "SocketAddr",
        "getaddrinfo",
    ];
    let mut files = Vec::new();
    source_files(&repository().join("server/src"), &mut files);
    files.push(repository().join("server/build.rs"));
    assert!(files.len() > 10, "found the sources: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
        for api in NETWORK_APIS {
            assert!(!shipped.contains(api), "{} uses {api}", file.display());
        }
    }
}

#[test]
fn the_binary_opens_no_socket() {
    // Only where strace exists and may trace; the two static checks above hold everywhere.
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("strace not installed; skipped the system-call check");
        return;
    }
    let dir = scratch_dir("strace");
    let file = dir.join("bounce.eml");
    std::fs::copy(crate::inputs::fixture_path("exchange-ndr.eml"), &file).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let uri = file_uri(&file);
    // A whole LSP session, read from a file so the traced process needs no live client.
    let mut session = Vec::new();
    for message in [
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }),
        json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "email", "version": 1, "text": text } } }),
        json!({ "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": { "textDocument": { "uri": uri }, "position": { "line": 5, "character": 5 } } }),
        json!({ "jsonrpc": "2.0", "id": 3, "method": "shutdown" }),
        json!({ "jsonrpc": "2.0", "method": "exit" }),
    ] {
        session.extend(crate::client::frame(message.to_string().as_bytes()));
    }
    let input = dir.join("session.bin");
    std::fs::write(&input, session).unwrap();
    let runs: [(&str, Vec<String>); 2] = [
        ("lsp", vec!["--stdio".into()]),
        (
            "check",
            vec![
                "check".into(),
                "--format".into(),
                "json".into(),
                file.display().to_string(),
            ],
        ),
    ];
    for (name, args) in runs {
        let trace = dir.join(format!("{name}.trace"));
        let output = Command::new("strace")
            .args([
                "-f",
                "-qq",
                "-e",
                "trace=socket,connect,sendto,sendmsg,bind",
                "-o",
            ])
            .arg(&trace)
            .arg(crate::client::binary())
            .args(&args)
            .stdin(std::fs::File::open(&input).unwrap())
            .output()
            .expect("strace runs");
        if !trace.exists() {
            eprintln!(
                "strace could not trace here: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            return;
        }
        if name == "lsp" {
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                stdout.contains("\"id\":2"),
                "the traced session answered: {stdout}"
            );
        }
        let calls = std::fs::read_to_string(&trace).unwrap_or_default();
        let network: Vec<&str> = calls
            .lines()
            .filter(|l| {
                l.contains("AF_INET")
                    || l.contains("AF_INET6")
                    || l.contains("AF_NETLINK")
                    || l.contains("connect(")
            })
            .collect();
        assert!(
            network.is_empty(),
            "{name}: network system calls: {network:#?}"
        );
    }
}

#[test]
fn an_lsp_session_leaves_the_users_file_untouched() {
    let dir = scratch_dir("untouched");
    let path = dir.join("bounce.eml");
    std::fs::copy(crate::inputs::fixture_path("exchange-ndr.eml"), &path).unwrap();
    // Age the file so a rewrite with the same bytes would still show in its mtime.
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let before = stamp(&path);
    let listing_before: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);

    let mut server = Server::start();
    server.initialize(&["utf-16"], Value::Null);
    server.open(&uri, "email", 1, &text);
    server.diagnostics(&uri, 1);
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [
            { "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "550 5.7.1 edited\n" }
        ] }),
    );
    server.diagnostics(&uri, 2);
    let _ = server.hover(&uri, 0, 5);
    let _ = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri },
                "range": { "start": { "line": 0, "character": 5 }, "end": { "line": 0, "character": 5 } },
                "context": { "diagnostics": [] } }),
    );
    let _ = server.request(
        "workspace/executeCommand",
        json!({ "command": "mail-lsp.explain", "arguments": [{ "code": "5.7.1", "reply": 550 }] }),
    );
    server.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri }, "text": "saved text" }),
    );
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let (code, _) = server.shutdown_and_exit();
    assert_eq!(code, 0);

    let run = check(&[path.to_str().unwrap()], &[], Duration::from_secs(30));
    run.assert_analysed("the fixture");

    assert_eq!(stamp(&path), before, "bytes and mtime unchanged");
    let listing_after: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        listing_after, listing_before,
        "no file was created beside it"
    );
}

/// A string that appears nowhere but in the document's content.
const MARKER: &str = "QZXJ-marker-7f3a9c";

fn marked_text() -> String {
    format!(
        "From: {MARKER}@example.org\nSubject: {MARKER} secret subject\nAuthentication-Results: mx; spf=fail smtp.mailfrom={MARKER}.example\n\n550 5.1.1 <{MARKER}@example.org>: user unknown\n{MARKER} body line with 5.7.1 and dsn=4.4.7\n"
    )
}

#[test]
fn logs_at_info_carry_no_message_content() {
    // Debug and trace may show protocol traffic (tower-lsp-server traces every frame there).
    for level in [
        "info",
        "warn",
        "error",
        "debug,tower_lsp_server=info,mail_lsp=info",
    ] {
        let mut server = Server::start_with(&["--stdio"], &[("RUST_LOG", level)]);
        server.initialize(
            &["utf-16"],
            json!({ "catalog": { "extraPaths": ["/nonexistent/catalog.toml"] } }),
        );
        let uri = "file:///tmp/mail-lsp-hostile/marked.eml";
        let text = marked_text();
        server.open(uri, "email", 1, &text);
        server.diagnostics(uri, 1);
        // Stale, unknown-document and malformed paths all log something.
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": 1 }, "contentChanges": [{ "text": text }] }),
        );
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": "file:///tmp/not-open.eml", "version": 9 }, "contentChanges": [{ "text": text }] }),
        );
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": 99, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": text }] }),
        );
        server.diagnostics(uri, 2);
        let _ = server.hover(uri, 4, 5);
        let _ = server.request(
            "workspace/executeCommand",
            json!({ "command": "mail-lsp.explain", "arguments": [{ "code": "5.1.1", "text": MARKER }] }),
        );
        let _ = server.request(
            "workspace/executeCommand",
            json!({ "command": "mail-lsp.explain", "arguments": [{ "code": MARKER }] }),
        );
        let (code, _) = server.shutdown_and_exit();
        assert_eq!(code, 0);
        let stderr = server.stderr();
        assert!(
            !stderr.contains(MARKER),
            "RUST_LOG={level}: the log shows message content:\n{stderr}"
        );
        if level == "info" {
            assert!(stderr.contains("initialized"), "the log is on: {stderr}");
        }
    }

    let dir = scratch_dir("marked");
    let path = dir.join("marked.eml");
    std::fs::write(&path, marked_text()).unwrap();
    let run = check(
        &["--format", "json", path.to_str().unwrap()],
        &[("RUST_LOG", "info")],
        Duration::from_secs(30),
    );
    run.assert_analysed("the marked file");
    assert!(
        !run.stderr.contains(MARKER),
        "check's log shows message content:\n{}",
        run.stderr
    );
}
