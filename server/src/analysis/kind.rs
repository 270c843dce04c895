//! Which of the three document kinds a text is, from its language id, its file name and its first
//! lines. A document of no kind gets no analysis at all, so a stray `.txt` stays quiet.

use serde::Serialize;

/// The kinds of document mail-lsp reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// RFC 5322 messages, mbox files, bounces and DSNs.
    Message,
    /// Mail-server logs, including CSV tracking logs.
    Log,
    /// Transport-rule scripts and Postfix access maps.
    Rules,
}

impl DocumentKind {
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Message => "message",
            DocumentKind::Log => "log",
            DocumentKind::Rules => "rules",
        }
    }
}

impl std::str::FromStr for DocumentKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "message" | "eml" | "email" => Ok(DocumentKind::Message),
            "log" | "maillog" => Ok(DocumentKind::Log),
            "rules" => Ok(DocumentKind::Rules),
            _ => Err(format!(
                "unknown document kind `{s}` (expected message, log or rules)"
            )),
        }
    }
}

/// How much of the head of a document the sniffer reads.
const SNIFF_BYTES: usize = 16 * 1024;

/// What the language id or file name suggests, before sniffing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    /// The name settles it (`.eml`, `mail.log`, `header_checks`).
    Sure(DocumentKind),
    /// The name allows it but the content must confirm (`.log`, `.ps1`, `.txt`).
    Maybe(DocumentKind),
    /// Nothing known: only a clear sniff decides.
    Unknown,
}

/// Decides the kind of a document. `language_id` is the editor's, `path` the file name or URI
/// path, `text` the content (only its head is read).
pub fn detect(language_id: Option<&str>, path: Option<&str>, text: &str) -> Option<DocumentKind> {
    let hint = match language_id.map(hint_from_language) {
        Some(Hint::Unknown) | None => path.map_or(Hint::Unknown, hint_from_path),
        Some(hint) => hint,
    };
    // Lone CRs end lines here as they do in the analysis, so a CR-only file is sniffed by lines.
    let head = crate::text::lone_cr_as_lf(head(text));
    let sniffed = sniff(&head);
    match hint {
        Hint::Sure(kind) => Some(kind),
        Hint::Maybe(kind) => match sniffed {
            Some(found) if found == kind => Some(kind),
            // An empty or still-unrecognisable log-named file is a log being written.
            None if kind == DocumentKind::Log && head.trim().is_empty() => Some(kind),
            Some(found) if kind == DocumentKind::Log && found == DocumentKind::Message => {
                Some(found)
            }
            _ => None,
        },
        Hint::Unknown => sniffed,
    }
}

fn head(text: &str) -> &str {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn hint_from_language(id: &str) -> Hint {
    match id.to_ascii_lowercase().as_str() {
        "email" | "eml" | "mail" | "message" | "mbox" | "rfc822" => {
            Hint::Sure(DocumentKind::Message)
        }
        "mail-log" | "maillog" | "mail-lsp-log" => Hint::Sure(DocumentKind::Log),
        "postfix-access" | "postfix-map" | "mail-rules" => Hint::Sure(DocumentKind::Rules),
        "log" => Hint::Maybe(DocumentKind::Log),
        "powershell" | "ps1" => Hint::Maybe(DocumentKind::Rules),
        _ => Hint::Unknown,
    }
}

fn hint_from_path(path: &str) -> Hint {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, ext)| ext);
    if matches!(ext, Some("eml" | "mbox" | "mbx" | "emlx" | "mim" | "mht")) {
        return Hint::Sure(DocumentKind::Message);
    }
    let log_names = [
        "mail.log",
        "maillog",
        "mail.err",
        "mail.warn",
        "mail.info",
        "exim_mainlog",
        "mainlog",
        "rejectlog",
        "exim_rejectlog",
        "paniclog",
        "mail.log.1",
        "maillog.1",
    ];
    if log_names.contains(&lower.as_str())
        || (lower.starts_with("msgtrk") && lower.ends_with(".log"))
        || ((lower.starts_with("recv") || lower.starts_with("send")) && lower.ends_with(".log"))
        || lower.starts_with("mail.log.")
        || lower.starts_with("maillog-")
    {
        return Hint::Sure(DocumentKind::Log);
    }
    let map_names = [
        "access",
        "sender_access",
        "recipient_access",
        "client_access",
        "helo_access",
        "header_checks",
        "body_checks",
        "mime_header_checks",
        "nested_header_checks",
        "smtp_header_checks",
    ];
    let stem = lower.split('.').next().unwrap_or_default();
    if map_names.contains(&stem) || stem.ends_with("_access") || stem.ends_with("_checks") {
        return Hint::Sure(DocumentKind::Rules);
    }
    match ext {
        Some("log" | "csv" | "txt") => Hint::Maybe(DocumentKind::Log),
        Some("ps1" | "psm1") => Hint::Maybe(DocumentKind::Rules),
        _ => Hint::Unknown,
    }
}

/// Recognises a kind from the first lines alone.
fn sniff(head: &str) -> Option<DocumentKind> {
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    let lower = head.to_ascii_lowercase();
    if lower.contains("-transportrule")
        || lower.contains("new-systemmessage")
        || lower.contains("-dsncode")
    {
        return Some(DocumentKind::Rules);
    }
    if looks_like_message(head) {
        return Some(DocumentKind::Message);
    }
    const LOG_MARKERS: &[&str] = &[
        "postfix/",
        "sendmail[",
        "sm-mta[",
        "exim[",
        " <= ",
        " => ",
        " ** ",
        "#fields:",
        "#software: microsoft exchange",
        "recipient-status",
        "message trace",
        "origin_timestamp_utc",
        "\"date_time_utc\"",
        "received,sender_address",
        "postscreen[",
        "qmail",
        "dsn=",
        "status=sent",
        "status=bounced",
    ];
    if LOG_MARKERS.iter().any(|marker| lower.contains(marker)) {
        return Some(DocumentKind::Log);
    }
    if looks_like_transcript(head) {
        return Some(DocumentKind::Log);
    }
    if looks_like_access_map(head) {
        return Some(DocumentKind::Rules);
    }
    None
}

/// Header fields in the first lines, or an mbox `From ` separator.
fn looks_like_message(head: &str) -> bool {
    const FIELDS: &[&str] = &[
        "received:",
        "return-path:",
        "from:",
        "to:",
        "subject:",
        "date:",
        "message-id:",
        "mime-version:",
        "delivered-to:",
        "content-type:",
        "x-failed-recipients:",
        "authentication-results:",
        "dkim-signature:",
        "arc-seal:",
        "reporting-mta:",
        "final-recipient:",
        "x-original-to:",
    ];
    let mut fields = 0;
    for (index, line) in head.lines().take(40).enumerate() {
        let lower = line.trim_end().to_ascii_lowercase();
        if index == 0 && lower.starts_with("from ") && lower.contains('@') {
            return true;
        }
        if FIELDS.iter().any(|field| lower.starts_with(field)) {
            fields += 1;
        }
        if fields >= 2 {
            return true;
        }
        if lower.is_empty() && index > 0 {
            break;
        }
    }
    false
}

/// SMTP client/server transcripts (`<<< 550 …`, `S: 550 …`).
fn looks_like_transcript(head: &str) -> bool {
    head.lines().take(60).any(|line| {
        let line = line.trim_start();
        // The prefix is stripped, never sliced off by length: `S: ` is three bytes, and what
        // follows it may be any character.
        let Some(rest) = ["<<< ", ">>> ", "S: ", "C: "]
            .iter()
            .find_map(|prefix| line.strip_prefix(prefix))
        else {
            return false;
        };
        !rest.is_empty()
            && (rest.contains("EHLO")
                || rest.contains("HELO")
                || rest.contains("MAIL FROM")
                || rest.contains("RCPT TO")
                || rest.starts_with(['2', '4', '5']))
    })
}

/// Postfix access maps and header/body checks: `key ACTION [text]` lines.
fn looks_like_access_map(head: &str) -> bool {
    const ACTIONS: &[&str] = &[
        "REJECT",
        "DEFER",
        "DEFER_IF_PERMIT",
        "DEFER_IF_REJECT",
        "DISCARD",
        "HOLD",
        "OK",
        "PERMIT",
        "DUNNO",
        "WARN",
        "FILTER",
        "REDIRECT",
        "PREPEND",
        "IGNORE",
    ];
    let mut entries = 0;
    let mut others = 0;
    for line in head.lines().take(60) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut words = trimmed.split_whitespace();
        let _key = words.next();
        match words.next() {
            Some(action)
                if ACTIONS.contains(&action.to_ascii_uppercase().as_str())
                    || action.starts_with(['4', '5']) && action.len() == 3 =>
            {
                entries += 1
            }
            _ => others += 1,
        }
    }
    entries > 0 && entries >= others
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocumentKind::*;

    #[test]
    fn file_names_that_settle_the_kind() {
        assert_eq!(detect(None, Some("/tmp/bounce.eml"), ""), Some(Message));
        assert_eq!(detect(None, Some("/var/log/mail.log"), ""), Some(Log));
        assert_eq!(detect(None, Some("MSGTRK2024010100-1.LOG"), ""), Some(Log));
        assert_eq!(
            detect(None, Some("/etc/postfix/header_checks"), ""),
            Some(Rules)
        );
        assert_eq!(
            detect(None, Some("/etc/postfix/sender_access"), ""),
            Some(Rules)
        );
        assert_eq!(detect(None, Some("notes.msg"), ""), None);
    }

    #[test]
    fn language_ids_from_editors() {
        assert_eq!(detect(Some("email"), Some("x"), ""), Some(Message));
        assert_eq!(detect(Some("mail-log"), Some("x"), ""), Some(Log));
    }

    #[test]
    fn generic_names_need_the_content_to_agree() {
        let script = "New-TransportRule -Name x -RejectMessageEnhancedStatusCode 5.7.1\n";
        assert_eq!(
            detect(Some("powershell"), Some("rules.ps1"), script),
            Some(Rules)
        );
        assert_eq!(
            detect(Some("powershell"), Some("build.ps1"), "Write-Host hi\n"),
            None
        );
        let postfix =
            "Jan  1 00:00:00 mx postfix/smtp[1]: ABC: to=<a@b.c>, dsn=5.1.1, status=bounced\n";
        assert_eq!(detect(Some("log"), Some("x.log"), postfix), Some(Log));
        assert_eq!(
            detect(Some("plaintext"), Some("x.txt"), "hello world\n"),
            None
        );
    }

    #[test]
    fn a_transcript_prefix_followed_by_a_wide_character_is_read_not_sliced() {
        // `S: ` is three bytes; the old check sliced at byte four, inside the `é`.
        assert_eq!(detect(None, None, "S: é550 hello"), None);
        assert_eq!(detect(None, None, "S: 550 5.1.1 unknown\n"), Some(Log));
        assert_eq!(detect(None, None, "<<< 421 busy\n"), Some(Log));
        assert_eq!(detect(None, None, "C: é\nS: 日本 250\n"), None);
    }

    #[test]
    fn lone_carriage_returns_end_the_lines_that_are_sniffed() {
        let message = "Return-Path: <>\rReceived: from x by y\rSubject: Undelivered\r\rbody";
        assert_eq!(detect(None, None, message), Some(Message));
    }

    #[test]
    fn content_alone_recognises_messages_and_logs() {
        let message = "Return-Path: <>\nReceived: from x by y\nSubject: Undelivered\n\nbody";
        assert_eq!(detect(Some("plaintext"), None, message), Some(Message));
        assert_eq!(
            detect(
                None,
                None,
                "From MAILER-DAEMON@example.com Thu Jan  1 00:00:00 2024\n"
            ),
            Some(Message)
        );
        assert_eq!(
            detect(
                None,
                None,
                "#Software: Microsoft Exchange Server\n#Fields: date-time,client-ip\n"
            ),
            Some(Log)
        );
        assert_eq!(
            detect(None, None, "spammer@example.com REJECT 5.7.1 go away\n"),
            Some(Rules)
        );
    }
}
