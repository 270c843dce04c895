//! Incremental sync over the wire: after random edits sent as didChange, the server's diagnostics
//! and hovers are those of the final text, which `check` analyses independently from a file.

use std::time::Duration;

use serde_json::{Value, json};

use crate::client::{Rng, Server, check, frame, scratch_dir};
use crate::inputs::fixture_path;

/// Text a client may insert: codes, line breaks of every kind, wide characters.
const SNIPPETS: &[&str] = &[
    "550 5.1.1 ",
    "dsn=4.4.7, ",
    "Status: 5.2.2\n",
    "\n",
    "\r\n",
    "\r",
    "日本語",
    "📧",
    "é",
    "\u{2028}",
    "\u{0c}",
    " ",
    "421 4.7.0 try later\n",
    "x",
];

/// The LSP position of a byte offset: lines end at `\n`, `\r\n` or `\r`; characters count in
/// the negotiated unit.
fn position(text: &str, offset: usize, utf8: bool) -> (usize, usize) {
    let mut line = 0;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let prefix = &text[line_start..offset];
    let character = if utf8 {
        prefix.len()
    } else {
        prefix.encode_utf16().count()
    };
    (line, character)
}

/// A char boundary that does not split a CRLF (no position can express that).
fn boundary(text: &str, rng: &mut Rng) -> usize {
    loop {
        let offset = rng.below(text.len() + 1);
        let splits_crlf = offset > 0
            && text.as_bytes().get(offset - 1) == Some(&b'\r')
            && text.as_bytes().get(offset) == Some(&b'\n');
        if text.is_char_boundary(offset) && !splits_crlf {
            return offset;
        }
    }
}

/// `check`'s 1-based line and character column as an LSP position in the given unit.
fn lsp_position_of_record(text: &str, position: &Value, utf8: bool) -> (u64, u64) {
    let line = position["line"].as_u64().unwrap() as usize - 1;
    let column = position["column"].as_u64().unwrap() as usize - 1;
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    let rest = &text[starts[line]..];
    let prefix: String = rest.chars().take(column).collect();
    let character = if utf8 {
        prefix.len()
    } else {
        prefix.encode_utf16().count()
    };
    (line as u64, character as u64)
}

/// A finding's code and LSP range as (line, character) pairs.
type Spot = (String, (u64, u64), (u64, u64));

fn session(seed: u64, utf8: bool, fixture: &str, language: &str, kind: &str) {
    let mut rng = Rng::new(seed);
    let mut text = std::fs::read_to_string(fixture_path(fixture)).expect("fixture");
    let mut server = Server::start();
    let encoding = if utf8 { "utf-8" } else { "utf-16" };
    let init = server.initialize(&[encoding], json!({ "kind": kind }));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], encoding);
    let uri = format!("file:///tmp/mail-lsp-hostile/sync-{seed}.{kind}");
    server.open(&uri, language, 1, &text);
    let mut version = 1;
    let mut burst = Vec::new();
    for _ in 0..300 {
        version += 1;
        let start = boundary(&text, &mut rng);
        let end = if rng.below(3) == 0 {
            start
        } else {
            let other = boundary(&text, &mut rng);
            // Keep deletions short so the document does not shrink to nothing.
            if other.abs_diff(start) > 40 {
                start
            } else {
                other
            }
        };
        let (start, end) = (start.min(end), start.max(end));
        let mut insert = String::new();
        for _ in 0..rng.below(3) {
            insert.push_str(SNIPPETS[rng.below(SNIPPETS.len())]);
        }
        let (sl, sc) = position(&text, start, utf8);
        let (el, ec) = position(&text, end, utf8);
        text.replace_range(start..end, &insert);
        burst.extend(frame(
            json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": { "start": { "line": sl, "character": sc }, "end": { "line": el, "character": ec } }, "text": insert }]
            } })
            .to_string()
            .as_bytes(),
        ));
    }
    server.send_raw(&burst);
    let diagnostics = server.diagnostics(&uri, version);

    let dir = scratch_dir(&format!("sync-{seed}"));
    let path = dir.join(format!("final.{kind}"));
    std::fs::write(&path, &text).unwrap();
    let run = check(
        &[
            "--format",
            "json",
            "--kind",
            kind,
            "--lang",
            "en",
            path.to_str().unwrap(),
        ],
        &[],
        Duration::from_secs(30),
    );
    run.assert_analysed("the final text");
    let mut expected: Vec<Spot> = run
        .records()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                lsp_position_of_record(&text, &r["start"], utf8),
                lsp_position_of_record(&text, &r["end"], utf8),
            )
        })
        .collect();
    let mut got: Vec<Spot> = diagnostics
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                (
                    r["start"]["line"].as_u64().unwrap(),
                    r["start"]["character"].as_u64().unwrap(),
                ),
                (
                    r["end"]["line"].as_u64().unwrap(),
                    r["end"]["character"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    expected.sort();
    got.sort();
    assert!(!expected.is_empty(), "the edits leave codes to find");
    assert_eq!(
        got, expected,
        "diagnostics after 300 edits ({encoding}) differ from check on the final text:\n{text:?}"
    );

    // Hover over each status code explains that code.
    for (code, (line, character), _) in expected.iter().take(5) {
        let hover = server.hover(&uri, *line, *character + 1);
        let value = hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default();
        assert!(
            value.contains(code.as_str()),
            "hover at {line}:{character} for {code}: {hover}"
        );
    }
    let (code, _) = server.shutdown_and_exit();
    assert_eq!(code, 0);
}

#[test]
fn random_edits_over_json_rpc_match_check_on_the_final_text_utf16() {
    session(1, false, "exchange-ndr.eml", "email", "message");
}

#[test]
fn random_edits_over_json_rpc_match_check_on_the_final_text_utf8() {
    session(2, true, "postfix.log", "mail-log", "log");
}

#[test]
fn random_edits_with_other_seeds() {
    for seed in 3..6 {
        session(seed, seed % 2 == 0, "exchange-ndr.eml", "email", "message");
    }
}
