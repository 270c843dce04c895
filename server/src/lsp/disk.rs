//! Reading a document from disk for `mailLsp/analyzeFile`: read-only, whole the first time, and
//! afterwards only what was appended when the file grew, the way `tail -F` follows a log. A file
//! that shrank or whose last bytes changed (truncated, rotated, rewritten) is read whole again.
//! An Outlook `.msg` becomes its message text (see [`crate::msg`]).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use ropey::Rope;

/// Largest file read from disk.
pub const MAX_FILE_BYTES: u64 = 4 << 30;
/// How many of the last bytes read are compared to tell an append from a rewrite.
const TAIL_BYTES: usize = 4096;

/// What was read from a file last time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskState {
    /// Bytes of the file taken into the document.
    pub consumed: u64,
    /// The last bytes taken, compared with the file at the same place on the next read.
    tail: Vec<u8>,
    /// UTF-16 files are read whole every time: an appended chunk has no BOM to decode it by.
    whole_only: bool,
    /// The file is an Outlook `.msg`, read as its message text (and whole every time).
    from_msg: bool,
}

impl DiskState {
    /// Whether the file is an Outlook `.msg` whose message text was taken.
    pub fn from_msg(&self) -> bool {
        self.from_msg
    }
}

/// What a read found.
#[derive(Debug, PartialEq, Eq)]
pub enum DiskRead {
    /// The whole file (first read, or it was truncated, rotated or rewritten), already in the
    /// rope the document keeps: built from the text as it is read, never held twice.
    Whole { text: Rope, state: DiskState },
    /// Only the bytes appended since the last read.
    Appended { text: String, state: DiskState },
    /// Nothing new.
    Unchanged,
}

/// Reads `path` (a regular file), taking only the appended bytes when `previous` still matches.
/// A character cut by the writer at the end of the file is left for the next read.
pub fn read(path: &Path, previous: Option<&DiskState>) -> io::Result<DiskRead> {
    let mut file = File::open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {} GiB", MAX_FILE_BYTES >> 30),
        ));
    }
    if let Some(previous) = previous.filter(|p| !p.whole_only && p.consumed <= size) {
        let at = previous.consumed - previous.tail.len() as u64;
        file.seek(SeekFrom::Start(at))?;
        let mut tail = vec![0; previous.tail.len()];
        file.read_exact(&mut tail)?;
        if tail == previous.tail {
            if size == previous.consumed {
                return Ok(DiskRead::Unchanged);
            }
            let mut appended = Vec::new();
            file.take(size - previous.consumed)
                .read_to_end(&mut appended)?;
            let (text, taken) = complete_text(appended);
            if taken == 0 {
                return Ok(DiskRead::Unchanged);
            }
            tail.extend_from_slice(text.as_bytes());
            let state = DiskState {
                consumed: previous.consumed + taken as u64,
                tail: last_bytes(&tail),
                whole_only: false,
                from_msg: false,
            };
            return Ok(DiskRead::Appended { text, state });
        }
    }
    file.seek(SeekFrom::Start(0))?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES).read_to_end(&mut bytes)?;
    // An Outlook .msg is analysed through its message text, as `check` does; it is converted
    // whole every time (an appended chunk of a compound file means nothing on its own).
    if crate::msg::is_compound_file(&bytes) {
        let converted = crate::msg::convert(&bytes)
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error.to_string()))?;
        let state = DiskState {
            consumed: bytes.len() as u64,
            tail: Vec::new(),
            whole_only: true,
            from_msg: true,
        };
        return Ok(DiskRead::Whole {
            text: rope_consuming(converted.text),
            state,
        });
    }
    let whole_only = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    if whole_only {
        let consumed = bytes.len() as u64;
        let (text, _) = crate::text::decode_lossy(bytes);
        let state = DiskState {
            consumed,
            tail: Vec::new(),
            whole_only,
            from_msg: false,
        };
        return Ok(DiskRead::Whole {
            text: rope_consuming(text),
            state,
        });
    }
    let (text, taken) = complete_text(bytes);
    let state = DiskState {
        consumed: taken as u64,
        tail: last_bytes(text.as_bytes()),
        whole_only,
        from_msg: false,
    };
    Ok(DiskRead::Whole {
        text: rope_consuming(text),
        state,
    })
}

/// How much of a text one piece of [`rope_consuming`] moves.
const PIECE_BYTES: usize = 4 << 20;

/// The text in a rope, moved a piece at a time from its end, the string cut short behind each
/// piece (shrinking a large allocation in place gives its pages back), so the text and the rope
/// never both hold all of it.
pub fn rope_consuming(mut text: String) -> Rope {
    let mut rope = Rope::new();
    while !text.is_empty() {
        let cut = crate::text::floor_char_boundary(&text, text.len().saturating_sub(PIECE_BYTES));
        let mut front = Rope::from_str(text.get(cut..).unwrap_or_default());
        front.append(rope);
        rope = front;
        text.truncate(cut);
        text.shrink_to_fit();
    }
    rope
}

/// The text of `bytes` without a character cut at the end, and how many bytes that is. Invalid
/// sequences elsewhere become U+FFFD (the file itself is never changed).
fn complete_text(mut bytes: Vec<u8>) -> (String, usize) {
    if let Err(error) = std::str::from_utf8(&bytes)
        && error.error_len().is_none()
    {
        bytes.truncate(error.valid_up_to());
    }
    let taken = bytes.len();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    };
    (text, taken)
}

fn last_bytes(bytes: &[u8]) -> Vec<u8> {
    bytes[bytes.len().saturating_sub(TAIL_BYTES)..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("mail-lsp-disk-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("mail.log")
    }

    fn state(read: &DiskRead) -> DiskState {
        match read {
            DiskRead::Whole { state, .. } | DiskRead::Appended { state, .. } => state.clone(),
            DiskRead::Unchanged => panic!("nothing was read"),
        }
    }

    #[test]
    fn a_growing_file_is_read_whole_once_then_only_by_its_new_end() {
        let path = scratch("grow");
        std::fs::write(&path, "line one\n").unwrap();
        let first = read(&path, None).unwrap();
        assert!(matches!(&first, DiskRead::Whole { text, .. } if text == "line one\n"));
        let before = state(&first);
        assert_eq!(read(&path, Some(&before)).unwrap(), DiskRead::Unchanged);

        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        file.write_all("line two é".as_bytes()).unwrap();
        file.write_all(&"\u{e9}".as_bytes()[..1]).unwrap();
        let second = read(&path, Some(&before)).unwrap();
        assert!(
            matches!(&second, DiskRead::Appended { text, .. } if text == "line two é"),
            "a character the writer has not finished waits: {second:?}"
        );
        file.write_all(&"\u{e9}\n".as_bytes()[1..]).unwrap();
        let third = read(&path, Some(&state(&second))).unwrap();
        assert!(
            matches!(&third, DiskRead::Appended { text, .. } if text == "é\n"),
            "{third:?}"
        );
    }

    #[test]
    fn a_truncated_or_rewritten_file_is_read_whole_again() {
        let path = scratch("rotate");
        std::fs::write(&path, "old line one\nold line two\n").unwrap();
        let before = state(&read(&path, None).unwrap());
        std::fs::write(&path, "new\n").unwrap();
        assert!(
            matches!(read(&path, Some(&before)).unwrap(), DiskRead::Whole { text, .. } if text == "new\n")
        );
        std::fs::write(&path, "OLD LINE ONE\nold line two\nthree\n").unwrap();
        assert!(
            matches!(read(&path, Some(&before)).unwrap(), DiskRead::Whole { .. }),
            "same size or larger but different bytes: a rewrite, not an append"
        );
    }

    #[test]
    fn directories_are_refused() {
        let dir = scratch("dir");
        let error = read(dir.parent().unwrap(), None).unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
    }
}
