//! Finding mail addresses in running text: `bob@example.com`, `<bob@example.com>`,
//! `"bob@example.com":`, never the `user@host` inside a URL.

use std::ops::Range;

use memchr::memchr_iter;

/// The longest local part or domain considered.
const MAX_PART: usize = 128;

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// Every address in `text`, in order, as byte ranges.
pub fn find_all(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut resume = 0;
    for at in memchr_iter(b'@', bytes) {
        if at < resume {
            continue;
        }
        if let Some(range) = address_around(bytes, at) {
            resume = range.end;
            out.push(range);
        }
    }
    out
}

/// The address whose `@` is at `at`, if the bytes around it make one.
fn address_around(bytes: &[u8], at: usize) -> Option<Range<usize>> {
    let mut start = at;
    if let Some(encoded) = encoded_word_before(bytes, at) {
        start = encoded;
    } else {
        while start > 0 && is_local(bytes[start - 1]) && at - start < MAX_PART {
            start -= 1;
        }
    }
    while start < at && bytes[start] == b'.' {
        start += 1;
    }
    let mut end = at + 1;
    while end < bytes.len() && is_domain(bytes[end]) && end - at < MAX_PART {
        end += 1;
    }
    while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let local = &bytes[start..at];
    let domain = &bytes[at + 1..end];
    if local.is_empty()
        || local.ends_with(b".")
        || !domain.contains(&b'.')
        || domain.starts_with(b".")
        || domain.windows(2).any(|w| w == b"..")
        || !domain
            .rsplit(|&b| b == b'.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.iter().any(u8::is_ascii_alphabetic))
    {
        return None;
    }
    if in_url(bytes, start) {
        return None;
    }
    Some(start..end)
}

/// The start of an RFC 2047 encoded word used as a local part (`=?utf-8?B?8J+QiA==?=@example.org`).
fn encoded_word_before(bytes: &[u8], at: usize) -> Option<usize> {
    if !bytes[..at].ends_with(b"?=") {
        return None;
    }
    let from = at.saturating_sub(MAX_PART);
    let open = from + bytes[from..at - 2].windows(2).rposition(|w| w == b"=?")?;
    let word = &bytes[open..at];
    (word.len() > 4
        && !word
            .iter()
            .any(|b| b.is_ascii_whitespace() || matches!(b, b'<' | b'>')))
    .then_some(open)
}

/// True when the word the address starts in is a URL (`https://…?to=bob@example.com`).
fn in_url(bytes: &[u8], start: usize) -> bool {
    let word_start = bytes[..start]
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'<' | b'(' | b'['))
        .map_or(0, |i| i + 1);
    let word = &bytes[word_start..start];
    // `?to=bob@…` is a query parameter; `dda:SMTP=bob@…` (an X.400 address naming the Internet
    // one) is not.
    let query = word.ends_with(b"=") && word.iter().any(|b| matches!(b, b'?' | b'&'));
    word.windows(3).any(|w| w == b"://") || query || word.ends_with(b"/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<&str> {
        find_all(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn addresses_in_bounce_prose() {
        assert_eq!(
            all("<bob@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1"),
            vec!["bob@example.com"]
        );
        assert_eq!(
            all("\"ann.lee@example.co.jp\":"),
            vec!["ann.lee@example.co.jp"]
        );
        assert_eq!(
            all("<=?utf-8?B?8J+QiPCfkIg=?=@example.org>... User unknown"),
            vec!["=?utf-8?B?8J+QiPCfkIg=?=@example.org"]
        );
        assert_eq!(
            all("Your message to bob@fabrikam.com couldn't be delivered."),
            vec!["bob@fabrikam.com"]
        );
        assert_eq!(
            all("c=US;a= ;p=IKON;o=Nexus2;dda:SMTP=bob@example.com; on Fri, 4 Oct 2002"),
            vec!["bob@example.com"]
        );
    }

    #[test]
    fn what_is_not_an_address() {
        assert!(all("https://sns.example.com/?Endpoint=bob@example.jp").is_empty());
        assert!(all("unsubscribe?list=news&email=bob@example.jp").is_empty());
        assert!(all("Message-ID: <5.1.1@localhost>").is_empty());
        assert!(all("user@ and @host").is_empty());
    }
}
