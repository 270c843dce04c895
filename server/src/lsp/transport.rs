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

/// Why a body cannot be handed to the protocol layer, and what to answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong, for the log and the error reply (never the body's content).
    pub reason: String,
    /// `-32700` (Parse error: not JSON, or JSON serde_json cannot hold) or `-32600` (Invalid
    /// Request: JSON, but not a JSON-RPC 2.0 message).
    pub code: i64,
    /// The id to answer with: the message's own when it is readable, else null. `None` for a
    /// notification (a method and no id), which JSON-RPC never answers.
    pub reply_to: Option<serde_json::Value>,
}

impl Problem {
    fn parse(reason: impl Into<String>) -> Problem {
        Problem {
            reason: reason.into(),
            code: PARSE_ERROR,
            reply_to: Some(serde_json::Value::Null),
        }
    }
}

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// Why a body is not a JSON-RPC message the protocol layer can take, if it is not.
///
/// The protocol layer under the server ends the whole session on a body it cannot deserialize
/// into its message type, so everything it would refuse is caught here: bodies that are not
/// JSON, JSON serde_json refuses to hold (a number out of range, a lone surrogate escape, nesting
/// deeper than its recursion limit of 128), and JSON of the wrong shape (not an object, no
/// `"jsonrpc": "2.0"`, a method that is not a string, an id that is not an integer, string or
/// null, params that are not structured, a response without exactly one of result and error,
/// a field given twice).
pub fn body_problem(body: &[u8]) -> Option<Problem> {
    if body.is_empty() {
        return Some(Problem::parse("empty body"));
    }
    if std::str::from_utf8(body).is_err() {
        return Some(Problem::parse("body is not UTF-8"));
    }
    // Validation only: nothing is allocated for the (possibly huge) strings inside.
    let envelope = match serde_json::from_slice::<Envelope>(body) {
        Ok(envelope) => envelope,
        Err(error) if error.is_data() => {
            return Some(Problem {
                reason: format!("not a JSON-RPC message: {error}"),
                code: INVALID_REQUEST,
                reply_to: Some(serde_json::Value::Null),
            });
        }
        Err(error) => return Some(Problem::parse(format!("invalid JSON: {error}"))),
    };
    let reason = envelope.problem().or_else(|| {
        // Small bodies are also read as the protocol layer's own types, so any rule it has that
        // the envelope does not know is still caught here.
        (body.len() <= EXACT_CHECK_BYTES)
            .then(|| exact_problem(body, envelope.method.is_some()))
            .flatten()
    })?;
    let reply_to = match (&envelope.method, &envelope.id) {
        (Some(_), None) => None,
        (_, Some(id)) if valid_id(id) => Some(id.clone()),
        _ => Some(serde_json::Value::Null),
    };
    Some(Problem {
        reason,
        code: INVALID_REQUEST,
        reply_to,
    })
}

/// Bodies up to this size are also deserialized into the protocol layer's message types.
const EXACT_CHECK_BYTES: usize = 64 * 1024;

fn exact_problem(body: &[u8], request: bool) -> Option<String> {
    use tower_lsp_server::jsonrpc::{Request, Response};
    let result = if request {
        serde_json::from_slice::<Request>(body).map(drop)
    } else {
        serde_json::from_slice::<Response>(body).map(drop)
    };
    result
        .err()
        .map(|error| format!("not a JSON-RPC message: {error}"))
}

/// An id the protocol layer accepts: an integer that fits in 64 bits, a string, or null.
fn valid_id(id: &serde_json::Value) -> bool {
    id.is_null() || id.is_string() || id.as_i64().is_some()
}

/// The members of a JSON-RPC message that decide whether it is one. `params` and `result` are
/// read for their type only (see [`Shape`]); other members are validated and dropped.
#[derive(Debug, Default)]
struct Envelope {
    jsonrpc: Option<serde_json::Value>,
    method: Option<serde_json::Value>,
    id: Option<serde_json::Value>,
    params: Option<Shape>,
    result: Option<Shape>,
    error: Option<serde_json::Value>,
}

impl Envelope {
    fn problem(&self) -> Option<String> {
        if self.jsonrpc.as_ref().and_then(serde_json::Value::as_str) != Some("2.0") {
            return Some(r#""jsonrpc" must be "2.0""#.into());
        }
        if self.id.as_ref().is_some_and(|id| !valid_id(id)) {
            return Some("the id must be an integer, a string or null".into());
        }
        match &self.method {
            Some(method) if !method.is_string() => Some("the method must be a string".into()),
            Some(_) => match self.params {
                None | Some(Shape::Null | Shape::Array | Shape::Object) => None,
                Some(_) => Some("params must be an object or an array".into()),
            },
            None if self.id.is_none() => Some("neither a method nor an id".into()),
            None => match (&self.result, &self.error) {
                (Some(_), None) => None,
                (None, Some(error)) if valid_error(error) => None,
                (None, Some(_)) => {
                    Some("a response error needs an integer code and a string message".into())
                }
                _ => Some("a response needs exactly one of result and error".into()),
            },
        }
    }
}

fn valid_error(error: &serde_json::Value) -> bool {
    error
        .get("code")
        .and_then(serde_json::Value::as_i64)
        .is_some()
        && error
            .get("message")
            .is_some_and(serde_json::Value::is_string)
}

/// The JSON type of a value, read without keeping it. Reading goes through serde_json's own
/// parser exactly as a full value would (numbers parsed, escapes checked, nesting limited), so
/// whatever this accepts a `serde_json::Value` accepts too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl<'de> serde::Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> serde::de::Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Shape, E> {
        Ok(Shape::Null)
    }
    fn visit_none<E>(self) -> Result<Shape, E> {
        Ok(Shape::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Bool)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Number)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Number)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Number)
    }
    fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
        Ok(Shape::String)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        while seq.next_element::<Shape>()?.is_some() {}
        Ok(Shape::Array)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        while map.next_entry::<Shape, Shape>()?.is_some() {}
        Ok(Shape::Object)
    }
}

impl<'de> serde::Deserialize<'de> for Envelope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor)
    }
}

struct EnvelopeVisitor;

/// The member names an envelope keeps; the rest are validated and dropped.
#[derive(serde::Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Member {
    Jsonrpc,
    Method,
    Id,
    Params,
    Result,
    Error,
    #[serde(other)]
    Other,
}

impl<'de> serde::de::Visitor<'de> for EnvelopeVisitor {
    type Value = Envelope;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON-RPC message object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Envelope, A::Error> {
        use serde::de::Error;
        fn once<T, E: Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
            match slot.replace(value) {
                Some(_) => Err(E::duplicate_field(name)),
                None => Ok(()),
            }
        }
        let mut envelope = Envelope::default();
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Jsonrpc => once(&mut envelope.jsonrpc, map.next_value()?, "jsonrpc")?,
                Member::Method => once(&mut envelope.method, map.next_value()?, "method")?,
                Member::Id => once(&mut envelope.id, map.next_value()?, "id")?,
                Member::Params => once(&mut envelope.params, map.next_value()?, "params")?,
                Member::Result => once(&mut envelope.result, map.next_value()?, "result")?,
                Member::Error => once(&mut envelope.error, map.next_value()?, "error")?,
                Member::Other => {
                    map.next_value::<Shape>()?;
                }
            }
        }
        Ok(envelope)
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
    error_reply(&Problem::parse(reason), &serde_json::Value::Null)
}

/// The error reply to a body that was not forwarded.
fn error_reply(problem: &Problem, id: &serde_json::Value) -> Vec<u8> {
    let title = if problem.code == PARSE_ERROR {
        "Parse error"
    } else {
        "Invalid Request"
    };
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": problem.code, "message": format!("{title}: {}", problem.reason) }
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
            Frame::Body(mut body) => match super::stash::divert(&mut body, &stash) {
                Some(small) => {
                    tracing::info!("large didOpen parsed by the guard");
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
                        super::stash::passing(&body, &stash);
                        if to_server.write_all(&framed(&body)).await.is_err()
                            || to_server.flush().await.is_err()
                        {
                            break;
                        }
                        continue;
                    }
                    Some(problem) => {
                        tracing::error!("dropped a malformed message: {}", problem.reason);
                        if let Some(id) = &problem.reply_to {
                            let _ = errors.send(error_reply(&problem, id));
                        }
                        continue;
                    }
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
        assert!(body_problem(b"{not json}").is_some_and(|p| p.code == -32700));
        assert!(body_problem(b"[1]").is_some_and(|p| p.code == -32600));
        assert!(body_problem(b"\xff\xfe").is_some_and(|p| p.code == -32700));
    }

    fn code_and_id(body: &str) -> Option<(i64, Option<serde_json::Value>)> {
        body_problem(body.as_bytes()).map(|p| (p.code, p.reply_to))
    }

    #[test]
    fn well_formed_messages_pass() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"shutdown","params":null}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
            r#"{"jsonrpc":"2.0","method":"x","params":[1,2.5,-3,"\ud83d\udce7",{"k":null}],"extra":true}"#,
            r#"{"jsonrpc":"2.0","id":7,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":7,"error":{"code":-1,"message":"no"}}"#,
        ] {
            assert_eq!(code_and_id(body), None, "{body}");
        }
    }

    #[test]
    fn json_of_the_wrong_shape_is_an_invalid_request_answered_with_its_id() {
        let null = Some(serde_json::Value::Null);
        assert_eq!(code_and_id("{}"), Some((-32600, null.clone())));
        assert_eq!(code_and_id("[1]"), Some((-32600, null.clone())));
        assert_eq!(
            code_and_id(r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#),
            Some((-32600, null.clone()))
        );
        assert_eq!(
            code_and_id(r#"{"jsonrpc":"2.0","id":18446744073709551615,"method":"x"}"#),
            Some((-32600, null.clone()))
        );
        assert_eq!(
            code_and_id(r#"{"id":3,"method":"x"}"#),
            Some((-32600, Some(3.into())))
        );
        assert_eq!(
            code_and_id(r#"{"jsonrpc":"2.0","id":"q","method":5}"#),
            Some((-32600, Some("q".into())))
        );
        assert_eq!(
            code_and_id(r#"{"jsonrpc":"2.0","id":4,"method":"x","params":"nonsense"}"#),
            Some((-32600, Some(4.into())))
        );
        assert_eq!(
            code_and_id(r#"{"jsonrpc":"2.0","id":4,"result":1,"error":{"code":1,"message":"m"}}"#),
            Some((-32600, Some(4.into())))
        );
        assert_eq!(
            code_and_id(r#"{"jsonrpc":"2.0","id":1,"id":2,"method":"x"}"#),
            Some((-32600, null))
        );
    }

    #[test]
    fn a_broken_notification_is_logged_not_answered() {
        assert_eq!(code_and_id(r#"{"method":"exit"}"#), Some((-32600, None)));
        assert_eq!(
            code_and_id(r#"{"jsonrpc":"2.0","method":"x","params":5}"#),
            Some((-32600, None))
        );
    }

    #[test]
    fn json_serde_cannot_hold_is_a_parse_error() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"x","params":[1e999]}"#.to_string(),
            r#"{"jsonrpc":"2.0","id":1,"method":"x","params":["\ud800"]}"#.to_string(),
            r#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"\udc00":1}}"#.to_string(),
            r#"{"jsonrpc":"2.0","id":1,"method":"x","other":1e999}"#.to_string(),
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"x","params":{deep}}}"#),
        ] {
            assert_eq!(
                code_and_id(&body).map(|(code, _)| code),
                Some(-32700),
                "{}",
                body.get(..80).unwrap_or(&body)
            );
        }
        // A bare array is refused as soon as it is seen not to be an object.
        assert_eq!(code_and_id(&deep).map(|(code, _)| code), Some(-32600));
    }
}
