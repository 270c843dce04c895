//! http and https URLs in text (NDRs name the article that explains them), found from their
//! `://` and trimmed of what prose and markup put around them.

use std::ops::Range;

use super::MAX_RANGES;

/// Longest URL accepted.
const MAX_URL: usize = 4_096;

pub(super) fn links(text: &str) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut resume = 0;
    for sep in memchr::memmem::find_iter(bytes, b"://") {
        if sep < resume {
            continue;
        }
        let Some(start) = scheme_start(bytes, sep) else {
            continue;
        };
        let mut end = sep + 3;
        let limit = bytes.len().min(start + MAX_URL);
        while end < limit && bytes.get(end).is_some_and(|b| !ends_url(*b)) {
            end += 1;
        }
        let end = trim(bytes, start, end);
        if end <= sep + 3 {
            continue;
        }
        let end = crate::text::floor_char_boundary(text, end);
        resume = end;
        if let Some(url) = text.get(start..end) {
            out.push((start..end, url.to_string()));
        }
        if out.len() >= MAX_RANGES {
            break;
        }
    }
    out
}

/// Where `http` or `https` begins before `://`, when it does and is not the tail of a word.
fn scheme_start(bytes: &[u8], sep: usize) -> Option<usize> {
    for scheme in [&b"https"[..], b"http"] {
        let Some(start) = sep.checked_sub(scheme.len()) else {
            continue;
        };
        let matches = bytes
            .get(start..sep)
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme));
        let boundary = start == 0
            || bytes
                .get(start - 1)
                .is_some_and(|b| !b.is_ascii_alphanumeric());
        if matches && boundary {
            return Some(start);
        }
    }
    None
}

/// Bytes that cannot be part of a URL in running text.
fn ends_url(b: u8) -> bool {
    b.is_ascii_whitespace() || b.is_ascii_control() || b"<>\"`{}|\\^".contains(&b)
}

/// Drops trailing punctuation, and closing brackets the URL did not open.
fn trim(bytes: &[u8], start: usize, mut end: usize) -> usize {
    loop {
        let Some(&last) = end.checked_sub(1).and_then(|i| bytes.get(i)) else {
            return end;
        };
        let url = bytes.get(start..end).unwrap_or_default();
        let unbalanced = |open: u8, close: u8| {
            last == close
                && url.iter().filter(|b| **b == close).count()
                    > url.iter().filter(|b| **b == open).count()
        };
        if b".,;:!?'*".contains(&last) || unbalanced(b'(', b')') || unbalanced(b'[', b']') {
            end -= 1;
        } else {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<String> {
        links(text).into_iter().map(|(_, url)| url).collect()
    }

    #[test]
    fn urls_in_prose_lose_their_punctuation() {
        assert_eq!(
            urls(
                "See https://aka.ms/EXOSmtpErrors. Or (https://example.com/a_(b)), <http://x.example/p?q=1>"
            ),
            [
                "https://aka.ms/EXOSmtpErrors",
                "https://example.com/a_(b)",
                "http://x.example/p?q=1"
            ]
        );
        assert_eq!(
            urls("ftp://x.example xhttps://y.example https://"),
            Vec::<String>::new()
        );
        assert_eq!(
            urls("HTTPS://SUPPORT.GOOGLE.COM/mail/?p=NotAuthorizedError."),
            ["HTTPS://SUPPORT.GOOGLE.COM/mail/?p=NotAuthorizedError"]
        );
    }
}
