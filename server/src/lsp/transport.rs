//! A guard around the JSON-RPC byte streams.
//!
//! The framed reader under tower-lsp-server ends its input stream at the first undecodable
//! frame, which would take the server down on one malformed message. The guard reads frames
//! itself, forwards only well-formed ones (re-framed with a plain `Content-Length`), answers the
//! others with a JSON-RPC parse error, resynchronises on the next header, and keeps serving.

use memchr::memchr;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::mpsc;

/// The longest header line accepted; longer ones are garbage.
const MAX_HEADER_LINE: usize = 8 * 1024;
/// The largest message accepted (a didOpen of a very large log).
pub const MAX_BODY: usize = 1 << 30;

/// One frame read from a stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A complete body whose length the header gave.
    Body(Vec<u8>),
    /// Headers that were not a usable frame; the reason is logged.
    Invalid(String),
}

/// Reads a header line of at most [`MAX_HEADER_LINE`] bytes; longer lines are consumed and
/// reported as `Err(())`. `Ok(None)` at end of stream.
async fn read_header_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
) -> std::io::Result<Option<Result<String, ()>>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(if line.is_empty() && !too_long {
                None
            } else {
                Some(Err(()))
            });
        }
        let (chunk, done) = match memchr(b'\n', available) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let used = chunk.len();
        if !too_long && line.len() + used <= MAX_HEADER_LINE {
            line.extend_from_slice(chunk);
        } else {
            too_long = true;
            line.clear();
        }
        reader.consume(used);
        if done {
            if too_long {
                return Ok(Some(Err(())));
            }
            let text = String::from_utf8_lossy(&line)
                .trim_end_matches(['\r', '\n'])
                .to_string();
            return Ok(Some(Ok(text)));
        }
    }
}

/// Reads the next frame; `None` at end of stream.
pub async fn read_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let line = match read_header_line(reader).await? {
            None if !saw_header => return Ok(None),
            None => {
                return Ok(Some(Frame::Invalid(
                    "stream ended inside the headers".into(),
                )));
            }
            Some(Err(())) => return Ok(Some(Frame::Invalid("header line too long".into()))),
            Some(Ok(line)) => line,
        };
        if line.is_empty() {
            if !saw_header {
                continue; // Stray blank lines between frames.
            }
            break;
        }
        saw_header = true;
        let Some((name, value)) = line.split_once(':') else {
            length.get_or_insert(Err(format!("malformed header line {:?}", truncate(&line))));
            continue;
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            length = Some(match value.trim().parse::<usize>() {
                Ok(n) if n <= MAX_BODY => Ok(n),
                Ok(n) => Err(format!(
                    "Content-Length {n} exceeds the {MAX_BODY}-byte limit"
                )),
                Err(_) => Err(format!(
                    "malformed Content-Length {:?}",
                    truncate(value.trim())
                )),
            });
        }
    }
    match length {
        Some(Ok(n)) => {
            let mut body = vec![0; n];
            reader.read_exact(&mut body).await?;
            Ok(Some(Frame::Body(body)))
        }
        Some(Err(reason)) => Ok(Some(Frame::Invalid(reason))),
        None => Ok(Some(Frame::Invalid("missing Content-Length".into()))),
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Frames a body for the wire.
pub fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Why a body is not a JSON-RPC message, if it is not.
pub fn body_problem(body: &[u8]) -> Option<String> {
    if body.is_empty() {
        return Some("empty body".into());
    }
    if std::str::from_utf8(body).is_err() {
        return Some("body is not UTF-8".into());
    }
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Some("body is not a JSON object".into());
    }
    // Validation only: nothing is allocated for the (possibly huge) strings inside.
    match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Ok(_) => None,
        Err(error) => Some(format!("invalid JSON: {error}")),
    }
}

/// A request (it has an id) for an optional `$/` method.
fn optional_request(body: &[u8]) -> bool {
    if body.len() > 64 * 1024 || memchr::memmem::find(body, b"\"$/").is_none() {
        return false;
    }
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|message| {
        message.get("id").is_some_and(|id| !id.is_null())
            && message
                .get("method")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|m| m.starts_with("$/"))
    })
}

fn method_not_found(body: &[u8]) -> Vec<u8> {
    let id = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|message| message.get("id").cloned())
        .unwrap_or(serde_json::Value::Null);
    let reply = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": -32601, "message": "Method not found" }
    });
    framed(reply.to_string().as_bytes())
}

fn parse_error(reason: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32700, "message": format!("Parse error: {reason}") }
    });
    framed(body.to_string().as_bytes())
}

/// Copies well-formed frames from `input` to `to_server`; reports the others on `errors`.
pub async fn guard_input<I, W>(
    input: I,
    mut to_server: W,
    errors: mpsc::UnboundedSender<Vec<u8>>,
    stash: std::sync::Arc<super::stash::TextStash>,
) where
    I: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    loop {
        let frame = match read_frame(&mut reader).await {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(error) => {
                tracing::warn!("input closed: {error}");
                break;
            }
        };
        let reason = match frame {
            Frame::Body(body) => match super::stash::divert(&body, &stash) {
                Some(small) => {
                    tracing::info!(bytes = body.len(), "large didOpen parsed by the guard");
                    drop(body);
                    let header = format!("Content-Length: {}\r\n\r\n", small.len());
                    let sent = async {
                        to_server.write_all(header.as_bytes()).await?;
                        to_server.write_all(&small).await?;
                        to_server.flush().await
                    };
                    if sent.await.is_err() {
                        break;
                    }
                    continue;
                }
                None => match body_problem(&body) {
                    None if optional_request(&body) => {
                        // `$/` requests the server does not know get MethodNotFound, as the
                        // specification asks (the protocol layer would leave them unanswered).
                        let _ = errors.send(method_not_found(&body));
                        continue;
                    }
                    None => {
                        if to_server.write_all(&framed(&body)).await.is_err()
                            || to_server.flush().await.is_err()
                        {
                            break;
                        }
                        continue;
                    }
                    Some(reason) => reason,
                },
            },
            Frame::Invalid(reason) => reason,
        };
        tracing::error!("dropped a malformed message: {reason}");
        let _ = errors.send(parse_error(&reason));
    }
    let _ = to_server.shutdown().await;
}

/// Writes the server's frames and the guard's error replies to `output`, whole frames only.
pub async fn pump_output<R, O>(
    from_server: R,
    mut output: O,
    mut errors: mpsc::UnboundedReceiver<Vec<u8>>,
) where
    R: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let mut reader = BufReader::with_capacity(64 * 1024, from_server);
    let mut errors_open = true;
    loop {
        let bytes = tokio::select! {
            frame = read_frame(&mut reader) => match frame {
                Ok(Some(Frame::Body(body))) => framed(&body),
                Ok(Some(Frame::Invalid(reason))) => {
                    tracing::error!("server produced an invalid frame: {reason}");
                    continue;
                }
                Ok(None) | Err(_) => break,
            },
            error = errors.recv(), if errors_open => match error {
                Some(bytes) => bytes,
                None => {
                    errors_open = false;
                    continue;
                }
            },
        };
        if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
            break;
        }
    }
    // Replies to malformed input that arrived last still go out.
    while let Ok(bytes) = errors.try_recv() {
        let _ = output.write_all(&bytes).await;
    }
    let _ = output.flush().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = BufReader::new(input);
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut reader).await.unwrap() {
            out.push(frame);
        }
        out
    }

    #[tokio::test]
    async fn good_frames_pass_and_bad_headers_resynchronise() {
        let input = b"Content-Length: 2\r\n\r\n{}Content-Length: abc\r\n\r\nContent-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}";
        let got = frames(input).await;
        assert_eq!(got[0], Frame::Body(b"{}".to_vec()));
        assert!(
            matches!(&got[1], Frame::Invalid(reason) if reason.contains("malformed Content-Length"))
        );
        assert_eq!(got[2], Frame::Body(b"{}".to_vec()));
    }

    #[tokio::test]
    async fn oversized_lengths_and_missing_lengths_are_invalid() {
        let got = frames(b"Content-Length: 99999999999999\r\n\r\nX-Other: 1\r\n\r\n").await;
        assert!(matches!(&got[0], Frame::Invalid(reason) if reason.contains("limit")));
        assert!(matches!(&got[1], Frame::Invalid(reason) if reason.contains("missing")));
    }

    #[test]
    fn bodies_must_be_json_objects() {
        assert_eq!(body_problem(br#"{"jsonrpc":"2.0"}"#), None);
        assert!(body_problem(b"{not json}").is_some());
        assert!(body_problem(b"[1]").is_some());
        assert!(body_problem(b"\xff\xfe").is_some());
    }
}
