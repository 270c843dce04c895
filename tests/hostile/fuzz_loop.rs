//! The fuzz targets' properties on stable Rust: every seed and regression input under
//! `fuzz/seeds/`, then mutations of them for a fixed time per target.
//!
//! This is no substitute for coverage-guided fuzzing (`.ci/robustness.sh` runs `cargo fuzz`
//! where it builds), but it keeps each property and each past crash checked on every CI run.
//! `MAIL_LSP_FUZZ_SECS` sets the time per target (default 2 s).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::client::Rng;

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod oracles;

type Oracle = fn(&[u8]);

/// Byte strings that mean something to one of the parsers, spliced in by the mutator.
const TOKENS: &[&[u8]] = &[
    b"550 5.1.1 ",
    b"Status: 4.4.7\n",
    b"dsn=5.2.2, ",
    b"\r\n",
    b"\r",
    b"\n\n",
    b"--b\n",
    b"Content-Type: multipart/mixed; boundary=b\n",
    b"Content-Type: message/rfc822\n\n",
    b"Content-Transfer-Encoding: base64\n",
    b"=?utf-8?B?",
    b"=?utf-8?Q?=E6",
    b"?=",
    b"Authentication-Results: x; spf=fail",
    b"; dkim=pass header.d=",
    b"(",
    b"Content-Length: ",
    b"\r\n\r\n",
    b"{\"jsonrpc\":\"2.0\"}",
    b"2024-11-04 09:12:01 ",
    b"Nov  4 09:12:01 mx postfix/smtp[1]: ",
    b"\xef\xbb\xbf",
    b"\xe6\x97\xa5",
    b"\xf0\x9f\x93\xa7",
    b"\xff",
    b"\0",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    for _ in 0..=rng.below(4) {
        let at = rng.below(input.len() + 1);
        match rng.below(7) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] = rng.next() as u8;
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            3 if !input.is_empty() => {
                let end = (at + rng.below(64)).min(input.len());
                input.drain(at..end);
            }
            4 if !input.is_empty() => {
                // Repeat a chunk, to grow nesting and long lines.
                let start = rng.below(input.len());
                let end = (start + 1 + rng.below(32)).min(input.len());
                let chunk = input[start..end].to_vec();
                for _ in 0..=rng.below(16) {
                    input.splice(at..at, chunk.iter().copied());
                }
            }
            5 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let start = rng.below(other.len() + 1);
                let end = (start + rng.below(256)).min(other.len());
                input.splice(at..at, other[start..end].iter().copied());
            }
            _ => input.truncate(at),
        }
    }
    input.truncate(1 << 16);
}

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs = vec![root.join("fuzz/seeds").join(target)];
    if matches!(
        target,
        "message" | "log" | "rules" | "auth" | "bytes" | "stream"
    ) {
        dirs.push(root.join("tests/e2e/fixtures"));
    }
    if target == "msg" {
        dirs.push(root.join("tests/fixtures/msg"));
    }
    let mut out = Vec::new();
    for dir in dirs {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        entries.sort();
        for path in entries {
            let bytes = std::fs::read(&path).expect("seed");
            out.push((path, bytes));
        }
    }
    out
}

fn budget() -> Duration {
    let secs = std::env::var("MAIL_LSP_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(secs)
}

fn run(target: &str, oracle: Oracle, seed: u64) {
    let corpus = seeds(target);
    assert!(!corpus.is_empty(), "seeds for {target}");
    for (path, bytes) in &corpus {
        let result = std::panic::catch_unwind(|| oracle(bytes));
        assert!(result.is_ok(), "{target} fails on seed {}", path.display());
    }
    let inputs: Vec<Vec<u8>> = corpus.into_iter().map(|(_, b)| b).collect();
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let mut executions = 0u64;
    while started.elapsed() < budget() {
        let mut input = inputs[rng.below(inputs.len())].clone();
        mutate(&mut rng, &mut input, &inputs);
        let result = std::panic::catch_unwind(|| oracle(&input));
        if result.is_err() {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-fuzz");
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join(format!("{target}-crash-{executions}"));
            let _ = std::fs::write(&path, &input);
            panic!(
                "{target} failed after {executions} executions; input saved to {}",
                path.display()
            );
        }
        executions += 1;
    }
    eprintln!(
        "{target}: {executions} mutated inputs in {:?}",
        started.elapsed()
    );
}

#[test]
fn message_analysis_holds_on_mutated_inputs() {
    run("message", oracles::message, 1);
}

#[test]
fn log_analysis_holds_on_mutated_inputs() {
    run("log", oracles::log, 2);
}

#[test]
fn rule_analysis_holds_on_mutated_inputs() {
    run("rules", oracles::rules, 3);
}

#[test]
fn authentication_parsing_holds_on_mutated_inputs() {
    run("auth", oracles::auth, 4);
}

#[test]
fn incremental_edits_match_the_oracle_on_mutated_programs() {
    run("edits", oracles::edits, 5);
}

#[test]
fn framing_holds_on_mutated_streams() {
    run("framing", oracles::framing, 6);
}

#[test]
fn check_holds_on_mutated_bytes() {
    run("bytes", oracles::bytes, 7);
}

#[test]
fn outlook_msg_reading_holds_on_mutated_files() {
    run("msg", oracles::msg, 10);
}

#[test]
fn a_log_read_in_pieces_holds_on_mutated_bytes() {
    run("stream", oracles::stream, 10);
}

#[test]
fn json_rpc_validation_holds_on_generated_messages() {
    run("jsonrpc", oracles::jsonrpc, 8);
}

#[test]
fn decoding_and_line_ends_hold_on_mutated_documents() {
    run("encodings", oracles::encodings, 9);
}

#[test]
fn lines_end_where_the_lsp_specification_says() {
    use mail_lsp::lsp::position::{Encoding, to_offset};
    use ropey::Rope;
    use tower_lsp_server::ls_types::Position;
    // Form feed, vertical tab, NEL and U+2028/2029 are not line breaks in LSP; CR, LF and CRLF are.
    let text = "a\u{0c}b\u{2028}c\u{85}d\u{0b}e\rf\r\ng\nh";
    let rope = Rope::from_str(text);
    for (line, character, expected) in [(0, 2, "b\u{2028}"), (1, 0, "f"), (2, 0, "g"), (3, 0, "h")]
    {
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let position = Position::new(line, character);
            let offset = oracles::lsp_offset(text, position, encoding);
            assert!(text[offset..].starts_with(expected), "{position:?}");
            assert_eq!(
                to_offset(&rope, position, encoding),
                offset,
                "{position:?} {encoding:?}"
            );
        }
    }
}
