//! Outlook `.msg` samples, written with the `cfb` crate the way Outlook lays out a message: one
//! stream per string property (`__substg1.0_<id><type>`) and the fixed-size property stream
//! carrying the code page. `tests/fixtures/msg/` holds these files; the `e2e` test
//! `msg::the_committed_samples_are_the_generated_ones` regenerates them and fails when they
//! differ, so a change here is a change there. Shared by the crate's unit tests and `tests/e2e`.

#![allow(dead_code)]

use std::io::{Cursor, Write};

/// The transport headers of an Exchange Online non-delivery report, with the
/// `Authentication-Results` Exchange stamped on it.
pub const NDR_HEADERS: &str =
    "Received: from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:1::1)\r
 by AM0PR01MB5678.eurprd01.prod.exchangelabs.com with Microsoft SMTP Server\r
 id 15.20.7000.1; Mon, 4 Nov 2024 09:12:03 +0000\r
Authentication-Results: spf=fail (sender IP is 203.0.113.7)\r
 smtp.mailfrom=contoso.com; dkim=none (message not signed)\r
 header.d=none;dmarc=fail action=quarantine header.from=contoso.com;\r
From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>\r
To: <alex@contoso.com>\r
Subject: Undeliverable: Quarterly report\r
Date: Mon, 4 Nov 2024 09:12:03 +0000\r
Message-ID: <ndr-0002@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>\r
Content-Type: multipart/report; report-type=delivery-status;\r
\tboundary=\"_000_ndr0002_\"\r
Content-Transfer-Encoding: binary\r
MIME-Version: 1.0\r
X-MS-Exchange-Message-Is-Ndr:\r
\r
";

/// The text Outlook shows of that report (`PR_BODY`).
pub const NDR_BODY: &str = "Your message to bob@fabrikam.com couldn't be delivered.\r
\r
bob wasn't found at fabrikam.com.\r
\r
Diagnostic information for administrators:\r
\r
Generating server: AM0PR01MB1234.eurprd01.prod.exchangelabs.com\r
\r
bob@fabrikam.com\r
Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\r
";

/// An ordinary message received by Outlook, stored as UTF-16 (what Outlook 2003 and later
/// write): Japanese subject and body, every authentication check passing.
pub const UTF16_HEADERS: &str = "Received: from mail.fabrikam.co.jp (198.51.100.20) by\r
 mx.contoso.com (192.168.5.1) with Microsoft SMTP Server id 15.2.1118.7;\r
 Tue, 5 Nov 2024 10:00:00 +0900\r
Authentication-Results: mx.contoso.com; spf=pass smtp.mailfrom=fabrikam.co.jp;\r
 dkim=pass header.d=fabrikam.co.jp; dmarc=pass header.from=fabrikam.co.jp\r
From: =?UTF-8?B?5bGx55Sw?= <yamada@fabrikam.co.jp>\r
To: <alex@contoso.com>\r
Subject: =?UTF-8?B?5L2c5qWt44Gu44GK55+l44KJ44Gb?=\r
Date: Tue, 5 Nov 2024 10:00:00 +0900\r
Message-ID: <20241105100000.1@fabrikam.co.jp>\r
MIME-Version: 1.0\r
Content-Type: text/plain; charset=\"iso-2022-jp\"\r
Content-Transfer-Encoding: 7bit\r
";

pub const UTF16_SUBJECT: &str = "作業のお知らせ";
pub const UTF16_BODY: &str =
    "アレックスさん\r\n\r\n明日の作業は予定どおり 10 時に始めます。\r\n\r\n山田\r\n";

/// A Postfix bounce stored as 8-bit strings in code page 1252 (older Outlook, ANSI `.msg`).
pub const STRING8_HEADERS: &[u8] = b"Received: by mx.contoso.com (Postfix) id 3F1A22C0123;\r
\tMon,  4 Nov 2024 09:12:01 +0100 (CET)\r
Date: Mon,  4 Nov 2024 09:12:01 +0100 (CET)\r
From: MAILER-DAEMON@mx.contoso.com (Mail Delivery System)\r
Subject: Undelivered Mail Returned to Sender\r
To: ren\xe9@contoso.com\r
Message-Id: <20241104081201.3F1A22C0123@mx.contoso.com>\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=delivery-status;\r
\tboundary=\"3F1A22C0123.1730707921/mx.contoso.com\"\r
";

pub const STRING8_SUBJECT: &[u8] = b"Undelivered Mail Returned to Sender";
pub const STRING8_BODY: &[u8] = b"This is the mail system at host mx.contoso.com.\r
\r
I'm sorry to have to inform you that your message could not\r
be delivered to one or more recipients.\r
\r
<andr\xe9@fabrikam.com>: host mx.fabrikam.com[198.51.100.25] said: 550 5.1.1\r
    <andr\xe9@fabrikam.com>: Recipient address rejected: User unknown (in reply to\r
    RCPT TO command)\r
";

/// A string as Outlook stores a `PT_UNICODE` property: UTF-16LE.
pub fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// The top-level fixed-size property stream with one `PT_LONG` property: the code page
/// (`PR_MESSAGE_CODEPAGE`).
pub fn codepage_stream(codepage: u32) -> Vec<u8> {
    let mut stream = vec![0u8; 32];
    stream.extend_from_slice(&0x3FFD_0003u32.to_le_bytes());
    stream.extend_from_slice(&0x0000_0006u32.to_le_bytes());
    stream.extend_from_slice(&codepage.to_le_bytes());
    stream.extend_from_slice(&[0; 4]);
    stream
}

/// A compound file holding these streams at its root, with fixed timestamps so the same
/// streams always give the same bytes. Version 3 (512-byte sectors), as Outlook writes.
pub fn compound_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
            .expect("create");
    for (name, bytes) in streams {
        let mut stream = file.create_stream(format!("/{name}")).expect("stream");
        stream.write_all(bytes).expect("write");
    }
    file.set_created_time("/", std::time::UNIX_EPOCH)
        .expect("created");
    file.set_modified_time("/", std::time::UNIX_EPOCH)
        .expect("modified");
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

/// An Exchange NDR as Outlook saves it, UTF-16 throughout.
pub fn exchange_ndr() -> Vec<u8> {
    compound_file(&[
        ("__substg1.0_007D001F", &utf16(NDR_HEADERS)),
        (
            "__substg1.0_0037001F",
            &utf16("Undeliverable: Quarterly report"),
        ),
        ("__substg1.0_1000001F", &utf16(NDR_BODY)),
    ])
}

/// An ordinary message, UTF-16 throughout.
pub fn utf16_headers() -> Vec<u8> {
    compound_file(&[
        ("__substg1.0_007D001F", &utf16(UTF16_HEADERS)),
        ("__substg1.0_0037001F", &utf16(UTF16_SUBJECT)),
        ("__substg1.0_1000001F", &utf16(UTF16_BODY)),
    ])
}

/// A Postfix bounce in 8-bit strings, code page 1252.
pub fn string8_headers() -> Vec<u8> {
    compound_file(&[
        ("__properties_version1.0", &codepage_stream(1252)),
        ("__substg1.0_007D001E", STRING8_HEADERS),
        ("__substg1.0_0037001E", STRING8_SUBJECT),
        ("__substg1.0_1000001E", STRING8_BODY),
    ])
}

/// The NDR cut short, as an interrupted download or copy leaves it.
pub fn truncated() -> Vec<u8> {
    let mut bytes = exchange_ndr();
    bytes.truncate(bytes.len() / 2 + 100);
    bytes
}

/// A text file with a `.msg` name: a message saved as text, not by Outlook.
pub fn not_compound() -> Vec<u8> {
    b"From: alex@contoso.com\r\nSubject: saved as text\r\n\r\nNot an Outlook file.\r\n".to_vec()
}

/// Every sample, by the name it has under `tests/fixtures/msg/`.
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("exchange-ndr.msg", exchange_ndr()),
        ("utf16-headers.msg", utf16_headers()),
        ("string8-headers.msg", string8_headers()),
        ("truncated.msg", truncated()),
        ("not-compound.msg", not_compound()),
    ]
}
