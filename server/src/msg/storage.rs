//! Reading the message's streams out of the compound file with the `cfb` crate, each one up to
//! a limit: a hostile `.msg` may declare streams of any size, and only what is really in the
//! file (and under the limit) is ever held in memory.

use std::io::{Cursor, Read};

use super::MsgError;
use super::properties::{self, Property};

/// The most read of each property, in bytes of its stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub transport_headers: usize,
    pub subject: usize,
    pub body: usize,
}

impl Default for Limits {
    /// Far above real messages (a header block is a few kilobytes; Outlook's plain-text body
    /// rarely exceeds a megabyte), far below what would strain the editor.
    fn default() -> Self {
        Limits {
            transport_headers: 4 << 20,
            subject: 64 << 10,
            body: 16 << 20,
        }
    }
}

/// The three properties as text, and which of them were cut at their limit.
#[derive(Debug, Default)]
pub struct Properties {
    pub headers: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub cut: Vec<super::Cut>,
}

/// The fixed-size property stream is read this far for the code page: its entries are 16
/// bytes, and a message has a few hundred properties at most.
const FIXED_PROPERTIES_LIMIT: usize = 64 << 10;

type Storage<'b> = cfb::CompoundFile<Cursor<&'b [u8]>>;

pub fn read(bytes: &[u8], limits: &Limits) -> Result<Properties, MsgError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let mut out = Properties::default();
    let codepage = match stream(
        &mut file,
        properties::FIXED_PROPERTIES_STREAM,
        FIXED_PROPERTIES_LIMIT,
    )? {
        Some((fixed, _)) => properties::fixed_long(&fixed, properties::MESSAGE_CODEPAGE_TAG)
            .or_else(|| properties::fixed_long(&fixed, properties::INTERNET_CPID_TAG)),
        None => None,
    };
    out.headers = string(
        &mut file,
        properties::TRANSPORT_HEADERS,
        limits.transport_headers,
        codepage,
        &mut out.cut,
    )?;
    out.subject = string(
        &mut file,
        properties::SUBJECT,
        limits.subject,
        codepage,
        &mut out.cut,
    )?;
    out.body = string(
        &mut file,
        properties::BODY,
        limits.body,
        codepage,
        &mut out.cut,
    )?;
    Ok(out)
}

/// A string property, from its UTF-16 stream when there is one, else from its 8-bit stream.
/// Empty text counts as absent.
fn string(
    file: &mut Storage<'_>,
    property: Property,
    limit: usize,
    codepage: Option<u32>,
    cut: &mut Vec<super::Cut>,
) -> Result<Option<String>, MsgError> {
    for kind in [properties::PT_UNICODE, properties::PT_STRING8] {
        let name = properties::stream_name(property, kind);
        // UTF-16 is cut on a code unit.
        let limit = if kind == properties::PT_UNICODE {
            limit & !1
        } else {
            limit
        };
        let Some((bytes, was_cut)) = stream(file, &name, limit)? else {
            continue;
        };
        if was_cut {
            cut.push(super::Cut {
                property: property.name,
                limit,
            });
        }
        let text = if kind == properties::PT_UNICODE {
            properties::decode_utf16le(&bytes)
        } else {
            properties::decode_string8(&bytes, codepage)
        };
        return Ok(Some(text).filter(|t| !t.trim().is_empty()));
    }
    Ok(None)
}

/// A stream's bytes up to `limit`, and whether there was more; `None` when there is no such
/// stream.
fn stream(
    file: &mut Storage<'_>,
    name: &str,
    limit: usize,
) -> Result<Option<(Vec<u8>, bool)>, MsgError> {
    if !file.is_stream(name) {
        return Ok(None);
    }
    let stream = file.open_stream(name).map_err(damaged)?;
    let mut bytes = Vec::new();
    let wanted = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    stream
        .take(wanted)
        .read_to_end(&mut bytes)
        .map_err(damaged)?;
    let was_cut = bytes.len() > limit;
    bytes.truncate(limit);
    Ok(Some((bytes, was_cut)))
}

fn damaged(error: std::io::Error) -> MsgError {
    MsgError::Damaged(error.to_string())
}
