//! Helpers for the end-to-end tests: the shared LSP client, ranges, positions and fixtures.

use serde_json::Value;

#[path = "../common/lsp_client.rs"]
mod lsp_client;
pub use lsp_client::*;

#[path = "../common/marked.rs"]
mod marked;
pub use marked::{Marked, ranges_of};

/// The range of a diagnostic as (start line, start char, end line, end char).
pub fn range_of(diagnostic: &Value) -> (u64, u64, u64, u64) {
    let r = &diagnostic["range"];
    (
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
    )
}

/// Where `needle` is in `text` as an LSP position in the given encoding.
pub fn position_of(text: &str, needle: &str, utf8: bool) -> (u64, u64) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in fixture"));
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let character = if utf8 {
        prefix.len()
    } else {
        prefix.encode_utf16().count()
    } as u64;
    (line, character)
}

pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../tests/e2e/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn fixture_path(name: &str) -> String {
    format!(
        "{}/../tests/e2e/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A fixture shared with the analysis tests, under `tests/fixtures/`.
pub fn repo_fixture(path: &str) -> String {
    let path = format!("{}/../tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
