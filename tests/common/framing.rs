//! Content-Length framing of JSON-RPC messages, shared by the test clients that speak to the
//! built binary (`tests/e2e`, `tests/hostile`).

use std::io::BufRead;

use serde_json::Value;

/// Reads one framed message; `None` at end of stream.
pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let Some(length) = length else { continue };
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        if let Ok(value) = serde_json::from_slice(&body) {
            return Some(value);
        }
        panic!(
            "the server wrote a frame that is not JSON: {:?}",
            String::from_utf8_lossy(&body)
        );
    }
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}
