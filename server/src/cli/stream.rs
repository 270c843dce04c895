//! Logs read as they arrive: `check -` on a pipe and `check --follow FILE`. Both feed one
//! [`LogStream`] and print the findings of each run of complete lines as soon as it is read, so
//! `journalctl -f -u postfix | mail-lsp check --format json -` shows a bounce the moment its
//! line is written.
//!
//! Output is flushed after every read rather than after every finding: a writer that sends one
//! line at a time gets each finding flushed at once, and a large log piped in one go is not
//! slowed by a write per finding.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::time::Duration;

use super::output::{Report, Sink};
use crate::analysis::log::stream::{Batch, LogStream};
use crate::analysis::{DocumentKind, Severity, kind};
use crate::present::is_reported;
use crate::settings::Settings;

/// Set by Ctrl-C (SIGINT) or SIGTERM: a stream ends at its next look, with the exit status of
/// the findings printed so far.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// How long a stream waits for input before it looks at [`INTERRUPTED`] again.
pub const TICK: Duration = Duration::from_millis(250);

/// The bytes of one read from stdin.
const READ_BYTES: usize = 64 * 1024;

/// After the first complete line, how long more input is awaited before the kind of what stdin
/// carries is decided: a message piped in arrives at once, a log may trickle line by line.
const SETTLE: Duration = Duration::from_millis(100);

/// Makes Ctrl-C and SIGTERM end a stream cleanly (see [`interrupted`]); a second Ctrl-C ends the
/// process at once with status 130, as a shell reports an interrupted command.
pub fn catch_interrupts() {
    use signal_hook::consts::signal::{SIGINT, SIGTERM};
    for signal in [SIGINT, SIGTERM] {
        // Registering can only fail for forbidden signals, which these are not; without it
        // Ctrl-C still ends the process, only without the summary exit status.
        let _ = signal_hook::flag::register_conditional_shutdown(signal, 130, &INTERRUPTED);
        let _ = signal_hook::flag::register(signal, &INTERRUPTED);
    }
}

/// True once Ctrl-C or SIGTERM arrived.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Prints the findings of streamed batches and remembers whether one was an error.
pub struct Printer<'a, 'c> {
    pub sink: &'a mut Sink<'c>,
    pub out: &'a mut dyn Write,
    pub settings: &'a Settings,
    /// The input's name as reports show it.
    pub name: &'a str,
    pub any_error: bool,
    /// The analysis stopped on an internal error for some lines (reported; exit status 2).
    pub crashed: bool,
    lossy_said: bool,
}

impl<'a, 'c> Printer<'a, 'c> {
    pub fn new(
        sink: &'a mut Sink<'c>,
        out: &'a mut dyn Write,
        settings: &'a Settings,
        name: &'a str,
    ) -> Self {
        Printer {
            sink,
            out,
            settings,
            name,
            any_error: false,
            crashed: false,
            lossy_said: false,
        }
    }

    /// Hands bytes read to `stream` and prints the findings of the lines they complete. An
    /// internal error in the analysis is reported and the stream goes on with the next bytes.
    pub fn feed(&mut self, stream: &mut LogStream, bytes: &[u8]) -> std::io::Result<()> {
        self.analysed(crate::analysis::contained(|| stream.push(bytes)))
    }

    /// The end of the input: the last line, even without a line end.
    pub fn finish(&mut self, stream: &mut LogStream) -> std::io::Result<()> {
        self.analysed(crate::analysis::contained(|| stream.finish()))
    }

    fn analysed(&mut self, batch: Result<Batch, crate::analysis::Failure>) -> std::io::Result<()> {
        match batch {
            Ok(batch) => self.print(&batch),
            Err(failure) => {
                eprintln!(
                    "mail-lsp: could not analyse lines of {}: {failure} (a bug in mail-lsp; their findings are missing)",
                    super::output::escape_controls(self.name)
                );
                self.crashed = true;
                Ok(())
            }
        }
    }

    /// Prints one batch's reported findings and flushes them.
    fn print(&mut self, batch: &Batch) -> std::io::Result<()> {
        if batch.lossy && !self.lossy_said {
            self.lossy_said = true;
            eprintln!(
                "mail-lsp: {} is not valid UTF-8; invalid bytes were replaced for analysis",
                super::output::escape_controls(self.name)
            );
        }
        let reported: Vec<_> = batch
            .findings
            .iter()
            .filter(|f| is_reported(f, self.settings))
            .collect();
        if reported.is_empty() {
            return Ok(());
        }
        self.any_error |= reported.iter().any(|f| f.severity == Severity::Error);
        let report = Report {
            name: self.name,
            text: &batch.text,
            findings: &reported,
            first_line: batch.first_line,
            from_msg: false,
        };
        self.sink.write(self.out, &report)?;
        self.out.flush()
    }

    /// Writes a line of text (a note about the stream) and flushes it.
    pub fn note(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out, "{text}\n")?;
        self.out.flush()
    }
}

/// How reading stdin ended.
pub enum Stdin {
    /// Stdin holds a message or rules (or a forced kind other than log): these bytes, read whole,
    /// are analysed as one document.
    Whole(Vec<u8>),
    /// Stdin was read as a log and its findings printed; `interrupted` when Ctrl-C ended it.
    Streamed { interrupted: bool },
}

/// Why reading stdin failed.
pub enum StdinError {
    Read(std::io::Error),
    Write(std::io::Error),
}

/// Reads stdin: a log is analysed line by line as it arrives and printed through `printer`; a
/// message or rules are read whole (up to `max_input` bytes) and handed back. The kind comes from
/// `forced`, else from the first bytes. A streamed line that has not ended after `max_input`
/// bytes ends the reading with an error, so `/dev/zero` is never read without bound.
pub fn stdin(
    printer: &mut Printer,
    forced: Option<DocumentKind>,
    max_input: u64,
) -> Result<Stdin, StdinError> {
    let chunks = spawn_reader(std::io::stdin());
    let (head, ended) = head(&chunks).map_err(StdinError::Read)?;
    let streamed = match forced {
        Some(kind) => kind == DocumentKind::Log,
        None => {
            let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff");
            !utf16
                && matches!(
                    kind::detect(None, None, &String::from_utf8_lossy(&head)),
                    Some(DocumentKind::Log) | None
                )
        }
    };
    if !streamed {
        let mut bytes = head;
        if !ended {
            for chunk in chunks.iter() {
                bytes.extend_from_slice(&chunk.map_err(StdinError::Read)?);
                if bytes.len() as u64 > max_input {
                    break;
                }
            }
        }
        if bytes.len() as u64 > max_input {
            return Err(StdinError::Read(too_large(max_input)));
        }
        return Ok(Stdin::Whole(bytes));
    }
    let mut stream = LogStream::new(None);
    printer
        .feed(&mut stream, &head)
        .map_err(StdinError::Write)?;
    if !ended {
        loop {
            if interrupted() {
                return Ok(Stdin::Streamed { interrupted: true });
            }
            match chunks.recv_timeout(TICK) {
                Ok(Ok(chunk)) => {
                    printer
                        .feed(&mut stream, &chunk)
                        .map_err(StdinError::Write)?;
                    if stream.partial_bytes() > max_input {
                        return Err(StdinError::Read(line_too_long(max_input)));
                    }
                }
                Ok(Err(error)) => return Err(StdinError::Read(error)),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
    }
    printer.finish(&mut stream).map_err(StdinError::Write)?;
    Ok(Stdin::Streamed { interrupted: false })
}

/// The first bytes of stdin, enough to tell its kind: up to the end of input, 16 KiB, or a
/// complete line followed by [`SETTLE`] without more input. Also says whether input ended.
fn head(chunks: &Receiver<std::io::Result<Vec<u8>>>) -> std::io::Result<(Vec<u8>, bool)> {
    let mut head = Vec::new();
    loop {
        let has_line = memchr::memchr2(b'\n', b'\r', &head).is_some();
        if head.len() >= 16 * 1024 {
            return Ok((head, false));
        }
        let next = if has_line {
            chunks.recv_timeout(SETTLE)
        } else if interrupted() {
            return Ok((head, true));
        } else {
            chunks.recv_timeout(TICK)
        };
        match next {
            Ok(chunk) => head.extend_from_slice(&chunk?),
            Err(RecvTimeoutError::Timeout) if has_line => return Ok((head, false)),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok((head, true)),
        }
    }
}

/// Reads `input` on its own thread, so waiting for input never keeps Ctrl-C from being seen.
/// At most a few reads wait in the channel: a slow consumer slows the reading, memory stays
/// bounded.
fn spawn_reader<R: Read + Send + 'static>(mut input: R) -> Receiver<std::io::Result<Vec<u8>>> {
    let (send, receive) = sync_channel(4);
    std::thread::spawn(move || {
        let mut buffer = vec![0; READ_BYTES];
        loop {
            match input.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    let chunk = buffer.get(..n).unwrap_or_default().to_vec();
                    if send.send(Ok(chunk)).is_err() {
                        break;
                    }
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => {
                    let _ = send.send(Err(error));
                    break;
                }
            }
        }
    });
    receive
}

/// A whole input (a file, a message on stdin) larger than `--max-input`.
pub fn too_large(max: u64) -> std::io::Error {
    over_limit("larger than", max, "")
}

/// A streamed line that did not end within `--max-input` bytes.
pub fn line_too_long(max: u64) -> std::io::Error {
    over_limit("a line longer than", max, " without a line end")
}

fn over_limit(what: &str, max: u64, after: &str) -> std::io::Error {
    let size = super::check::show_size(max);
    let message = format!("{what} the {size} limit{after} (see --max-input)");
    std::io::Error::new(std::io::ErrorKind::FileTooLarge, message)
}
