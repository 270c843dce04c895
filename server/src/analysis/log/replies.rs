//! Reply codes where a log's own grammar puts a server reply, even without an enhanced code:
//! Exim's `SMTP error from remote mail server after RCPT TO:<…>: 550 …`, `PRDR error after
//! DATA: 550 …`, `authenticator failed for (h) [ip]: 535 …` and delivery confirmations
//! `C="250 OK …"`; Postfix's `status=sent (250 Ok: queued as …)` and `refused to talk to me:
//! 554 …`; sendmail's `stat=Deferred: 421 …`; and the enhanced code alone after a Postfix
//! `milter-reject: … from h[ip]: 5.7.1 …`; Courier's `error,relay=…,to=<…>: 550 …` and
//! `msg="535 …"`; qmail-smtpd's and rblsmtpd's own replies.
//!
//! The generic scan in `codes` needs a reply code next to an enhanced code or a known label; a log
//! line says where its reply is in its own words, and only there is a bare number a reply. Each
//! marker below is followed by the reply either at once or after the next `: ` (which ends the
//! command or the client's name), within a short distance.

use crate::analysis::Finding;
use crate::analysis::codes::{self, code_at, reply_at, reply_before};

/// How far after a marker the `: ` before the reply may be.
const REACH: usize = 320;

/// Where the reply sits after a marker.
#[derive(Clone, Copy)]
enum Then {
    /// Right after the marker.
    Now,
    /// After the next `: `.
    NextColon,
}

const MARKERS: &[(&str, Then)] = &[
    ("SMTP error from remote mail server after ", Then::NextColon),
    ("SMTP error from remote server after ", Then::NextColon),
    ("PRDR error after DATA: ", Then::Now),
    ("authenticator failed for ", Then::NextColon),
    (" C=\"", Then::Now),
    ("status=sent (", Then::Now),
    ("status=deferred (", Then::Now),
    ("status=bounced (", Then::Now),
    ("status=undeliverable (", Then::Now),
    ("status=expired (", Then::Now),
    ("refused to talk to me: ", Then::Now),
    ("stat=", Then::NextColon),
    ("milter-reject: ", Then::NextColon),
    // cleanup's header and body checks: `… proto=ESMTP helo=<h>: 5.7.1 Message content rejected`.
    (" helo=<", Then::NextColon),
    // Courier: `courieresmtpd: error,relay=::ffff:192.0.2.4,from=<…>,to=<…>: 550 User unknown.`
    // and `error,relay=…,msg="535 Authentication failed.",cmd: AUTH …`.
    ("esmtpd: error,relay=", Then::NextColon),
    (",msg=\"", Then::Now),
    // qmail: `qmail-smtpd: 421 badiprbl: …`, `rblsmtpd: 192.0.2.7 pid 1 zen.example: 451 …`.
    ("qmail-smtpd: ", Then::Now),
    ("rblsmtpd: ", Then::NextColon),
];

/// Adds the replies the line's grammar places, skipping any already found (`out[first..]` holds
/// this line's findings so far).
pub fn scan(line: &str, base: usize, first: usize, out: &mut Vec<Finding>) {
    use std::sync::LazyLock;

    use aho_corasick::AhoCorasick;

    // One pass finds every marker: this runs on every line of logs of hundreds of megabytes.
    static SEARCHER: LazyLock<Option<AhoCorasick>> =
        LazyLock::new(|| AhoCorasick::new(MARKERS.iter().map(|(marker, _)| marker)).ok());
    let Some(searcher) = SEARCHER.as_ref() else {
        return;
    };
    let bytes = line.as_bytes();
    for hit in searcher.find_iter(bytes) {
        let (marker, then) = &MARKERS[hit.pattern().as_usize()];
        let found = hit.start();
        let after = found + marker.len();
        let at = match then {
            Then::Now => after,
            Then::NextColon => {
                let window = &bytes[after..bytes.len().min(after + REACH)];
                match memchr::memmem::find(window, b": ") {
                    Some(i) => after + i + 2,
                    None => continue,
                }
            }
        };
        let taken = |start: usize| {
            out[first..]
                .iter()
                .any(|f| f.span.start <= base + start && base + start < f.span.end)
        };
        if let Some(token) = code_at(bytes, at) {
            // An enhanced code standing alone where the reply goes (`milter-reject`).
            if !taken(at) {
                codes::push_code(line, base, token, reply_before(bytes, at), out);
            }
        } else if let Some(value) = reply_at(bytes, at)
            && !taken(at)
        {
            let next = at + 3;
            let enhanced =
                matches!(bytes.get(next), Some(b' ' | b'-')) && code_at(bytes, next + 1).is_some();
            if enhanced {
                continue; // `550 5.1.1` pairs are the generic scan's.
            }
            codes::push_reply(line, base, at, value, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(line: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        codes::scan(line, 0, &mut out);
        scan(line, 0, 0, &mut out);
        out.iter()
            .map(|f| (f.code.to_string(), line[f.span.clone()].to_string()))
            .collect()
    }

    #[test]
    fn exim_replies_without_an_enhanced_code() {
        let line = "2024-11-04 09:12:01 1tA2b3-000AbC-12 ** bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<bob@example.net>: 550 Don't like that sender";
        assert_eq!(found(line), vec![("550".into(), "550".into())]);
        let line = "2024-11-04 09:12:01 1tA2b3-000AbC-12 == ann@example.org R=dnslookup T=remote_smtp defer (-46) H=mx [192.0.2.2]: SMTP error from remote mail server after MAIL FROM:<me@example.com> SIZE=1543: 450 Try later";
        assert_eq!(found(line), vec![("450".into(), "450".into())]);
        let line = "2024-11-04 09:12:01 login authenticator failed for (client) [192.0.2.3]: 535 Incorrect authentication data (set_id=ann)";
        assert_eq!(found(line), vec![("535".into(), "535".into())]);
        let line = "2024-11-04 09:12:01 1tA2b3-000AbC-12 => bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.1] C=\"250 2.0.0 OK id=1tA2b4\"";
        assert_eq!(found(line), vec![("2.0.0".into(), "250 2.0.0".into())]);
        let line = "2024-11-04 09:12:01 1tA2b3-000AbC-12 => bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.1] C=\"250 OK id=1tA2b4\"";
        assert_eq!(found(line), vec![("250".into(), "250".into())]);
    }

    #[test]
    fn postfix_sent_and_milter_replies() {
        let line = "Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@example.com>, relay=mx.example.com[192.0.2.9]:25, delay=0.4, delays=0.1/0/0.2/0.1, dsn=2.0.0, status=sent (250 Ok: queued as 4XkQ1S)";
        let codes: Vec<String> = found(line).into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, vec!["2.0.0", "250"]);
        let line = "Nov  4 09:12:02 mx postfix/cleanup[2104]: 4XkQ1R2bZ9z9v: milter-reject: END-OF-MESSAGE from client.example[192.0.2.4]: 5.7.1 Spam message rejected; from=<a@example.org> to=<b@example.com>";
        assert_eq!(found(line), vec![("5.7.1".into(), "5.7.1".into())]);
    }

    #[test]
    fn look_alikes_stay_silent() {
        for line in [
            "Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@example.com>, relay=none, delay=550, delays=0.1/0/550/0, dsn=4.4.1, status=deferred (connect to mx.example.com[192.0.2.9]:25: Connection timed out)",
            "Nov  4 09:12:02 mx postfix/smtpd[2103]: Anonymous TLS connection established from client[192.0.2.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
            "2024-11-04 09:12:01 1tA2b3-000AbC-12 <= ann@example.org H=client [192.0.2.1]:550 P=esmtps S=2500",
        ] {
            let replies: Vec<_> = found(line)
                .into_iter()
                .filter(|(c, _)| !c.contains('.'))
                .collect();
            assert!(replies.is_empty(), "{line}: {replies:?}");
        }
    }
}
