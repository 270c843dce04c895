//! Windows code pages of 8-bit (`PT_STRING8`) properties, decoded with mail-parser's charset
//! decoders (the crate already reads every message's charsets; no second table is shipped).

/// The charset name mail-parser knows a Windows code page by, for the code pages Outlook
/// writes; `None` for UTF-8 and unknown ones.
fn charset(codepage: u32) -> Option<String> {
    let name = match codepage {
        874 => "windows-874".to_string(),
        932 => "shift_jis".to_string(),
        936 => "gbk".to_string(),
        949 => "ks_c_5601-1987".to_string(),
        950 => "big5".to_string(),
        1250..=1258 => format!("windows-{codepage}"),
        20127 => "us-ascii".to_string(),
        20866 => "koi8-r".to_string(),
        21866 => "koi8-u".to_string(),
        28591..=28606 => format!("iso-8859-{}", codepage - 28590),
        50220..=50222 => "iso-2022-jp".to_string(),
        51932 => "euc-jp".to_string(),
        _ => return None,
    };
    Some(name)
}

/// 8-bit text in a code page. UTF-8 (65001), an unknown code page and none at all are read
/// as UTF-8 when the bytes are valid UTF-8, and otherwise as Windows-1252, Outlook's western
/// default.
pub fn decode(bytes: &[u8], codepage: Option<u32>) -> String {
    let decoder = codepage
        .and_then(charset)
        .and_then(|name| mail_parser::decoders::charsets::map::charset_decoder(name.as_bytes()));
    if let Some(decoder) = decoder {
        return decoder(bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => mail_parser::decoders::charsets::map::charset_decoder(b"windows-1252")
            .map_or_else(|| String::from_utf8_lossy(bytes).into_owned(), |d| d(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn western_and_utf8_bytes_read_right() {
        assert_eq!(decode(b"R\xe9sultat", Some(1252)), "Résultat");
        assert_eq!(decode(b"R\xc3\xa9sultat", Some(65001)), "Résultat");
        assert_eq!(decode(b"R\xc3\xa9sultat", None), "Résultat");
        assert_eq!(decode(b"R\xe9sultat", None), "Résultat");
        assert_eq!(decode(b"R\xe9sultat", Some(4_000_000)), "Résultat");
    }

    #[test]
    fn code_pages_map_to_charset_names() {
        assert_eq!(charset(1251).as_deref(), Some("windows-1251"));
        assert_eq!(charset(28592).as_deref(), Some("iso-8859-2"));
        assert_eq!(charset(65001), None);
        assert_eq!(decode(b"\xc1", Some(28597)), "Α");
    }
}
