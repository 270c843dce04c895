//! Outlook `.msg` files: the message text an Outlook export holds, as an RFC 5322 message.
//!
//! A `.msg` is a compound file (Microsoft's "structured storage", read with the `cfb` crate) in
//! which every MAPI property of the message is a stream. Outlook keeps the headers the message
//! arrived with (`PR_TRANSPORT_MESSAGE_HEADERS`), the subject and the plain-text body; this
//! module reads those three and writes them out as headers, a blank line and the body, so the
//! analysis reads an exported bounce exactly as it reads the `.eml` it came from.
//!
//! This is not analysis: it turns bytes of one container format into text, and the text goes
//! through the same [`crate::analysis::check_bytes`] as any other message. Positions of the
//! findings are therefore those of the converted text, which `mail-lsp convert` prints.

mod assemble;
mod codepage;
mod properties;
mod storage;

pub use storage::Limits;

/// The first eight bytes of every compound file (MS-CFB 2.2, `_abSig`).
pub const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether bytes start like a compound file: how `check` recognises a `.msg` whatever its name.
pub fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

/// Whether a file name says Outlook message (`.msg`, any case).
pub fn has_msg_extension(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("msg"))
}

/// The message text converted from a `.msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// Headers, a blank line and the body, with LF line ends.
    pub text: String,
    /// Whether the file kept the transport headers; without them only the subject is known.
    pub has_transport_headers: bool,
    /// Properties longer than their limit, read up to it.
    pub cut: Vec<Cut>,
}

/// A property read only up to its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// `"body"`, `"subject"` or `"transport headers"`.
    pub property: &'static str,
    /// Bytes of its stream that were read.
    pub limit: usize,
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = match self.limit {
            n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
            n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
            n => format!("{n} bytes"),
        };
        write!(
            f,
            "its {} is longer than the {shown} mail-lsp reads; the rest was left out",
            self.property
        )
    }
}

/// Why a file could not be read as an Outlook message. The texts name the problem, never what
/// the message says, so they can be shown and logged as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MsgError {
    /// The bytes do not start with the compound-file signature.
    NotCompoundFile,
    /// A compound file the `cfb` reader rejects: truncated or damaged. Holds its reason.
    Damaged(String),
    /// A well-formed compound file without an Outlook message's properties (a Word or Excel
    /// document, say).
    NotAMessage,
}

impl std::fmt::Display for MsgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MsgError::NotCompoundFile => write!(
                f,
                "not an Outlook .msg file (it does not start with the compound-file signature D0 CF 11 E0 A1 B1 1A E1)"
            ),
            MsgError::Damaged(reason) => {
                write!(f, "damaged or truncated Outlook .msg file ({reason})")
            }
            MsgError::NotAMessage => write!(
                f,
                "a compound file without Outlook message properties (no transport headers, subject or body)"
            ),
        }
    }
}

impl std::error::Error for MsgError {}

/// Reads a `.msg` from its bytes with the default [`Limits`].
pub fn convert(bytes: &[u8]) -> Result<Converted, MsgError> {
    convert_with(bytes, &Limits::default())
}

/// Reads a `.msg` from its bytes, reading no property past its limit.
pub fn convert_with(bytes: &[u8], limits: &Limits) -> Result<Converted, MsgError> {
    if !is_compound_file(bytes) {
        return Err(MsgError::NotCompoundFile);
    }
    // The compound-file reader runs on hostile bytes; should it ever panic, the file is
    // reported as damaged instead of taking the caller down.
    let message = crate::analysis::contained(|| storage::read(bytes, limits))
        .map_err(|failure| MsgError::Damaged(failure.to_string()))??;
    if message.headers.is_none() && message.subject.is_none() && message.body.is_none() {
        return Err(MsgError::NotAMessage);
    }
    let has_transport_headers = message.headers.is_some();
    let text = assemble::rfc5322(
        message.headers.as_deref(),
        message.subject.as_deref(),
        message.body.as_deref(),
    );
    Ok(Converted {
        text,
        has_transport_headers,
        cut: message.cut,
    })
}

#[cfg(test)]
#[path = "../../../tests/common/msg_samples.rs"]
mod samples;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{self, DocumentKind, FindingKind};

    fn findings(text: &str) -> Vec<(FindingKind, String)> {
        analysis::analyze_document(text, DocumentKind::Message, None)
            .into_iter()
            .map(|f| (f.kind, f.code.to_string()))
            .collect()
    }

    #[test]
    fn an_exchange_ndr_reads_like_the_eml_it_came_from() {
        let converted = convert(&samples::exchange_ndr()).expect("a message");
        assert!(converted.has_transport_headers);
        assert!(converted.cut.is_empty());
        let text = &converted.text;
        assert!(text.starts_with("Received: from AM0PR01MB1234"), "{text}");
        assert!(
            text.contains("\nSubject: Undeliverable: Quarterly report\n"),
            "{text}"
        );
        assert!(!text.contains("Content-Transfer-Encoding"), "{text}");
        assert!(!text.contains('\r'), "{text}");
        assert!(
            text.contains("\n\n--_000_ndr0002_\nContent-Type: text/plain; charset=utf-8\n\nYour message to bob@fabrikam.com"),
            "{text}"
        );
        let found = findings(text);
        assert!(
            found.contains(&(FindingKind::StatusCode, "5.1.1".into())),
            "{found:?}"
        );
        let auth: Vec<&str> = found
            .iter()
            .filter(|(kind, _)| *kind == FindingKind::Auth)
            .map(|(_, code)| code.as_str())
            .collect();
        assert!(
            auth.contains(&"spf=fail") && auth.contains(&"dmarc=fail"),
            "{found:?}"
        );
    }

    #[test]
    fn utf16_properties_keep_japanese_text() {
        let converted = convert(&samples::utf16_headers()).expect("a message");
        assert!(
            converted
                .text
                .contains("Subject: =?UTF-8?B?5L2c5qWt44Gu44GK55+l44KJ44Gb?=\n")
        );
        assert!(
            converted
                .text
                .contains("Content-Type: text/plain; charset=utf-8\n\nアレックスさん\n")
        );
        assert!(
            !converted.text.contains("iso-2022-jp"),
            "{}",
            converted.text
        );
    }

    #[test]
    fn string8_properties_are_read_in_their_code_page() {
        let converted = convert(&samples::string8_headers()).expect("a message");
        let text = &converted.text;
        assert!(text.contains("To: rené@contoso.com\n"), "{text}");
        assert!(
            text.contains("<andré@fabrikam.com>: host mx.fabrikam.com"),
            "{text}"
        );
        assert!(findings(text).contains(&(FindingKind::StatusCode, "5.1.1".into())));
    }

    #[test]
    fn broken_files_give_errors() {
        assert_eq!(
            convert(&samples::not_compound()),
            Err(MsgError::NotCompoundFile)
        );
        assert_eq!(convert(&[]), Err(MsgError::NotCompoundFile));
        assert!(matches!(
            convert(&samples::truncated()),
            Err(MsgError::Damaged(_))
        ));
        assert!(matches!(convert(&SIGNATURE), Err(MsgError::Damaged(_))));
        let word = samples::compound_file(&[("WordDocument", b"\xec\xa5 not mail")]);
        assert_eq!(convert(&word), Err(MsgError::NotAMessage));
        let error = convert(&samples::truncated()).expect_err("truncated");
        assert!(
            error
                .to_string()
                .starts_with("damaged or truncated Outlook .msg file ("),
            "{error}"
        );
    }

    #[test]
    fn properties_past_their_limit_are_cut() {
        let limits = Limits {
            transport_headers: 1 << 20,
            subject: 16,
            body: 21,
        };
        let converted = convert_with(&samples::exchange_ndr(), &limits).expect("a message");
        let cut: Vec<String> = converted.cut.iter().map(ToString::to_string).collect();
        assert_eq!(
            cut,
            [
                "its subject is longer than the 16 bytes mail-lsp reads; the rest was left out",
                "its body is longer than the 20 bytes mail-lsp reads; the rest was left out",
            ]
        );
        let default = Cut {
            property: "body",
            limit: Limits::default().body,
        };
        assert!(default.to_string().contains("the 16 MiB mail-lsp reads"));
        assert!(
            converted
                .text
                .ends_with("\n\nYour messa\n--_000_ndr0002_--\n"),
            "{}",
            converted.text
        );
    }

    /// A directory entry declaring a stream of a terabyte (the file holds a few hundred bytes
    /// of it) reads as damaged, or as what the file really holds, never allocating what it says.
    #[test]
    fn a_declared_huge_stream_is_not_believed() {
        let mut bytes = samples::exchange_ndr();
        let directory = bytes
            .get(48..52)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .expect("the header names the directory sector");
        let start = (directory as usize + 1) * 512;
        let name: Vec<u8> = samples::utf16("__substg1.0_1000001F");
        let entry = (0..4)
            .map(|i| start + i * 128)
            .find(|&at| bytes.get(at..at + name.len()) == Some(&name[..]))
            .expect("the body's directory entry");
        bytes[entry + 120..entry + 128].copy_from_slice(&(1u64 << 40).to_le_bytes());
        match convert(&bytes) {
            Err(MsgError::Damaged(_)) => {}
            Ok(converted) => assert!(
                converted.text.len() < 2 * bytes.len(),
                "{} bytes of text from a {}-byte file",
                converted.text.len(),
                bytes.len()
            ),
            Err(other) => panic!("{other}"),
        }
    }

    #[test]
    fn without_transport_headers_the_subject_heads_the_message() {
        let draft = samples::compound_file(&[
            (
                "__substg1.0_0037001F",
                &samples::utf16("Draft: 550 5.7.1 question"),
            ),
            ("__substg1.0_1000001F", &samples::utf16("Body text")),
        ]);
        let converted = convert(&draft).expect("a message");
        assert!(!converted.has_transport_headers);
        assert_eq!(
            converted.text,
            "Subject: Draft: 550 5.7.1 question\nContent-Type: text/plain; charset=utf-8\n\nBody text\n"
        );
    }

    #[test]
    fn the_signature_and_the_extension_are_recognised() {
        assert!(is_compound_file(&samples::exchange_ndr()));
        assert!(!is_compound_file(b"From: a\n"));
        assert!(has_msg_extension("Inbox/Undeliverable.MSG"));
        assert!(!has_msg_extension("message.eml"));
    }
}
