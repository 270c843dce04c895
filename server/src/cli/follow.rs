//! `check --follow FILE`: the findings of a log's existing lines, then of each line appended,
//! the way `tail -F` follows a log. A rotated log (the path now names another file) is read from
//! the start of the new file once the old one has been read to its end; a truncated one (smaller
//! than what was read) from its start again; a path that does not exist yet, or disappears for a
//! while, is waited for. Line numbers start again at 1 in a new or truncated file, and a note
//! says so.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::output::escape_controls;
use super::stream::{Printer, TICK, interrupted, line_too_long};
use crate::analysis::log::stream::LogStream;
use crate::catalog::sentences::say;
use crate::lang::Lang;
use crate::sentence::Key;

crate::keys! {
    WAITING = "interface.follow.waiting" (path);
    GONE = "interface.follow.gone" (path);
    ROTATED = "interface.follow.rotated" (path);
    TRUNCATED = "interface.follow.truncated" (path);
}

/// Bytes read from the file at once: a large existing log is analysed and printed in pieces of
/// this size, with bounded memory.
const READ_BYTES: usize = 1 << 20;

/// Where the note about the log goes: human output has it among the findings, JSON Lines keep
/// stdout for records and say it on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    Stdout,
    Stderr,
}

/// How following ended.
pub enum Followed {
    /// Ctrl-C or SIGTERM.
    Interrupted,
    /// Reading or writing failed.
    Failed(std::io::Error),
    /// Writing the output failed (the reader went away).
    Output(std::io::Error),
}

/// The file being read: its identity and how much of it was read.
struct Open {
    file: File,
    id: Option<FileId>,
    read: u64,
}

/// What tells two files apart at one path: device and inode on Unix. Elsewhere there is none,
/// and only a file that shrank is noticed (as a truncation).
type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(metadata: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<FileId> {
    None
}

/// Follows `path` until Ctrl-C or a failure, printing findings through `printer`.
///
/// The file is polled every [`TICK`] (250 ms) rather than watched with change notifications:
/// one `stat` and one read per period cost nothing, polling behaves the same on every file
/// system (network mounts and container overlays drop notifications) and across rotation, and
/// a quarter of a second is well within the moment it takes to look at a terminal.
pub fn follow(
    path: &Path,
    printer: &mut Printer,
    lang: Lang,
    notes: Notes,
    max_input: u64,
) -> Followed {
    let shown = escape_controls(&path.display().to_string()).into_owned();
    let say = |key: &Key<1>| say(key, [&shown], lang);
    let mut stream = LogStream::new(None);
    let mut open: Option<Open> = None;
    let mut buffer = vec![0; READ_BYTES];
    let mut started = false;
    let mut absent_said = false;
    loop {
        if interrupted() {
            return Followed::Interrupted;
        }
        let mut progressed = false;
        if open.is_none() {
            match open_regular(path) {
                Ok(found) => {
                    if started {
                        stream.restart();
                        let note = say(&ROTATED);
                        if let Err(error) = tell(printer, notes, &note) {
                            return Followed::Output(error);
                        }
                    }
                    open = Some(found);
                    absent_said = false;
                    progressed = true;
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    if !absent_said {
                        eprintln!("mail-lsp: {}", say(&WAITING));
                        absent_said = true;
                    }
                }
                Err(error) => return Followed::Failed(error),
            }
            started = true;
        }
        if let Some(current) = open.as_mut() {
            loop {
                let n = match current.file.read(&mut buffer) {
                    Ok(n) => n,
                    Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(error) => return Followed::Failed(error),
                };
                let Some(bytes) = buffer.get(..n).filter(|b| !b.is_empty()) else {
                    break;
                };
                current.read = current.read.saturating_add(n as u64);
                progressed = true;
                if let Err(error) = printer.feed(&mut stream, bytes) {
                    return Followed::Output(error);
                }
                if stream.partial_bytes() > max_input {
                    return Followed::Failed(line_too_long(max_input));
                }
                if interrupted() {
                    return Followed::Interrupted;
                }
            }
            match std::fs::metadata(path) {
                Ok(metadata) if file_id(&metadata) != current.id => {
                    // Rotated: the old file has been read to its end; its last line may never
                    // get its line end now.
                    if let Err(error) = printer.finish(&mut stream) {
                        return Followed::Output(error);
                    }
                    open = None;
                    progressed = true;
                }
                Ok(metadata) if metadata.len() < current.read => {
                    if let Err(error) = current.file.seek(SeekFrom::Start(0)) {
                        return Followed::Failed(error);
                    }
                    current.read = 0;
                    stream.restart();
                    if let Err(error) = tell(printer, notes, &say(&TRUNCATED)) {
                        return Followed::Output(error);
                    }
                    progressed = true;
                }
                Ok(_) => absent_said = false,
                Err(_) => {
                    // Removed or renamed: the old file stays open (a writer may still finish
                    // its lines) until a new one takes the name.
                    if !absent_said {
                        eprintln!("mail-lsp: {}", say(&GONE));
                        absent_said = true;
                    }
                }
            }
        }
        if !progressed {
            std::thread::sleep(TICK);
        }
    }
}

/// Opens `path` if it is a regular file: a FIFO or a device never ends and is refused.
fn open_regular(path: &Path) -> std::io::Result<Open> {
    let file = File::open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a device, FIFO or socket); pipe it to `check -` instead",
        ));
    }
    Ok(Open {
        file,
        id: file_id(&metadata),
        read: 0,
    })
}

fn tell(printer: &mut Printer, notes: Notes, note: &str) -> std::io::Result<()> {
    match notes {
        Notes::Stdout => printer.note(note),
        Notes::Stderr => {
            eprintln!("mail-lsp: {note}");
            Ok(())
        }
    }
}
