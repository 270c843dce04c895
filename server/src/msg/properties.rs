//! The MAPI properties a `.msg` is read for, and how a string property's stream is named and
//! decoded ([MS-OXMSG] 2.1.3 and 2.4.2).

/// A string property of the message, stored in one of two types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    /// The property id (`0x007D` for the transport headers).
    pub id: u16,
    /// How it is named in [`super::Converted::cut`].
    pub name: &'static str,
}

/// `PR_TRANSPORT_MESSAGE_HEADERS`: the header block the message arrived with.
pub const TRANSPORT_HEADERS: Property = Property {
    id: 0x007D,
    name: "transport headers",
};

/// `PR_SUBJECT`.
pub const SUBJECT: Property = Property {
    id: 0x0037,
    name: "subject",
};

/// `PR_BODY`: the plain-text body.
pub const BODY: Property = Property {
    id: 0x1000,
    name: "body",
};

/// `PT_UNICODE`: UTF-16LE text.
pub const PT_UNICODE: u16 = 0x001F;
/// `PT_STRING8`: 8-bit text in the message's code page.
pub const PT_STRING8: u16 = 0x001E;

/// `PR_MESSAGE_CODEPAGE` (`PT_LONG`): the code page of the message's `PT_STRING8` properties.
pub const MESSAGE_CODEPAGE_TAG: u32 = 0x3FFD_0003;
/// `PR_INTERNET_CPID` (`PT_LONG`): the code page the message was received in.
pub const INTERNET_CPID_TAG: u32 = 0x3FDE_0003;

/// The stream holding the fixed-size properties of the top-level message.
pub const FIXED_PROPERTIES_STREAM: &str = "/__properties_version1.0";

/// Bytes before the first property entry of a top-level message's fixed-size property stream
/// (reserved fields and counters, [MS-OXMSG] 2.4.1.1).
const FIXED_HEADER_LEN: usize = 32;
/// One fixed-size property entry: tag, flags, 8-byte value.
const FIXED_ENTRY_LEN: usize = 16;

/// The stream name of a string property in one type: `__substg1.0_007D001F`.
pub fn stream_name(property: Property, kind: u16) -> String {
    format!("/__substg1.0_{:04X}{kind:04X}", property.id)
}

/// UTF-16LE text without its terminating NULs; lone surrogates and an odd last byte become
/// U+FFFD. std's decoder is all this needs.
pub fn decode_utf16le(bytes: &[u8]) -> String {
    let units = bytes
        .chunks(2)
        .map(|pair| match pair {
            [low, high] => u16::from_le_bytes([*low, *high]),
            _ => 0xFFFD,
        })
        .collect::<Vec<_>>();
    let text: String = char::decode_utf16(units)
        .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    text.trim_end_matches('\0').to_string()
}

/// 8-bit text without its terminating NULs, decoded in `codepage` (see [`super::codepage`]).
pub fn decode_string8(bytes: &[u8], codepage: Option<u32>) -> String {
    let end = bytes
        .iter()
        .rposition(|&b| b != 0)
        .map_or(0, |last| last.saturating_add(1));
    super::codepage::decode(bytes.get(..end).unwrap_or_default(), codepage)
}

/// A `PT_LONG` value from the top-level fixed-size property stream, by tag.
pub fn fixed_long(stream: &[u8], tag: u32) -> Option<u32> {
    stream
        .get(FIXED_HEADER_LEN..)?
        .chunks_exact(FIXED_ENTRY_LEN)
        .find_map(|entry| {
            let entry_tag = u32::from_le_bytes(entry.get(0..4)?.try_into().ok()?);
            (entry_tag == tag).then(|| entry.get(8..12)?.try_into().ok().map(u32::from_le_bytes))?
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_names_follow_ms_oxmsg() {
        assert_eq!(
            stream_name(TRANSPORT_HEADERS, PT_UNICODE),
            "/__substg1.0_007D001F"
        );
        assert_eq!(stream_name(BODY, PT_STRING8), "/__substg1.0_1000001E");
        assert_eq!(stream_name(SUBJECT, PT_UNICODE), "/__substg1.0_0037001F");
    }

    #[test]
    fn utf16_drops_the_terminator_and_replaces_broken_units() {
        let mut bytes: Vec<u8> = "Subject: é日\0"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode_utf16le(&bytes), "Subject: é日");
        bytes.extend_from_slice(&[0x00, 0xD8, b'x']);
        assert_eq!(decode_utf16le(&bytes), "Subject: é日\0\u{fffd}\u{fffd}");
    }

    #[test]
    fn a_code_page_is_found_among_fixed_properties() {
        let mut stream = vec![0u8; FIXED_HEADER_LEN];
        for (tag, value) in [(0x0E07_0003u32, 1u32), (MESSAGE_CODEPAGE_TAG, 1252)] {
            stream.extend_from_slice(&tag.to_le_bytes());
            stream.extend_from_slice(&6u32.to_le_bytes());
            stream.extend_from_slice(&value.to_le_bytes());
            stream.extend_from_slice(&[0; 4]);
        }
        assert_eq!(fixed_long(&stream, MESSAGE_CODEPAGE_TAG), Some(1252));
        assert_eq!(fixed_long(&stream, INTERNET_CPID_TAG), None);
        assert_eq!(fixed_long(&stream[..40], MESSAGE_CODEPAGE_TAG), None);
        assert_eq!(fixed_long(&[], MESSAGE_CODEPAGE_TAG), None);
    }
}
