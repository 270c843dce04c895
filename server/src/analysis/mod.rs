//! Pure analysis: text in, findings with byte spans out. Nothing here knows about LSP, files or
//! terminals, which is what keeps it testable, fuzzable and fast.

pub mod auth;
pub mod codes;
pub mod fields;
pub mod kind;
pub mod log;
pub mod message;
pub mod rules;
pub mod structure;

use std::ops::Range;

pub use kind::DocumentKind;

/// Every catalog key the analysis names a sentence by, with its placeholder names, for the
/// catalog test that each exists in four languages with the placeholders the code fills in.
pub fn sentence_keys() -> impl Iterator<Item = &'static crate::sentence::KeyInfo> {
    [
        auth::keys::ALL,
        message::SENTENCE_KEYS,
        rules::SENTENCE_KEYS,
        structure::SENTENCE_KEYS,
    ]
    .into_iter()
    .flatten()
    .flat_map(|keys| keys.iter())
}

/// How much a finding matters to the reader; mapped to LSP severities and CLI labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// What a finding is about; decides which catalog vocabulary explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// An enhanced status code (`5.1.1`), with its reply code when one precedes it.
    StatusCode,
    /// A basic SMTP reply code standing alone in SMTP context (`550 User unknown`).
    ReplyCode,
    /// A reply code whose class contradicts the enhanced code after it (`550 4.1.1`).
    ClassMismatch,
    /// The verdict for one failed or delayed recipient of a bounce or log.
    Recipient,
    /// An authentication verdict (`spf=fail`, `dmarc=fail`).
    Auth,
    /// A decoded anti-spam stamp field (`SCL:5`).
    AntiSpam,
    /// A problem in a transport rule or access map.
    Rule,
    /// A labelled part of an Exchange NDR worth explaining on hover.
    NdrLabel,
    /// A bound on work or output was reached; the message says which.
    Limit,
}

impl FindingKind {
    /// The name used in `check --format json` and SARIF rule ids.
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::StatusCode => "status-code",
            FindingKind::ReplyCode => "reply-code",
            FindingKind::ClassMismatch => "class-mismatch",
            FindingKind::Recipient => "recipient",
            FindingKind::Auth => "auth",
            FindingKind::AntiSpam => "anti-spam",
            FindingKind::Rule => "rule",
            FindingKind::NdrLabel => "ndr-label",
            FindingKind::Limit => "limit",
        }
    }
}

pub use crate::provider::Provider;

/// Context that travels with a finding: who it is about and which message it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingContext {
    /// The recipient address the finding concerns, when known.
    pub recipient: Option<Box<str>>,
    /// The log queue ID or Message-ID the line belongs to.
    pub message_id: Option<smol_str::SmolStr>,
    /// The remote MTA that produced the reply, when known.
    pub remote_mta: Option<Box<str>>,
    /// The action of a DSN block (`failed`, `delayed`).
    pub action: Option<crate::delivery::Action>,
    /// The bounce reason class decided for a recipient verdict.
    pub reason: Option<crate::delivery::Reason>,
}

/// One thing worth showing the reader: where it is, what it is, how much it matters.
///
/// Every view (diagnostic, hover, code action, outline, CLI line) is a function of findings plus
/// the catalog, so nothing downstream re-reads the text to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte span in the analysed text.
    pub span: Range<usize>,
    pub kind: FindingKind,
    /// The code or verdict: `5.1.1`, `550`, `spf=fail`, `ndr:generating-server`.
    /// Short codes and IDs stay inline (no allocation): a 200 MB log holds close to a million.
    pub code: smol_str::SmolStr,
    /// The SMTP reply code that came with it, if any.
    pub reply: Option<u16>,
    pub severity: Severity,
    /// The response text around the code, used to tell apart catalog rows sharing a code and shown
    /// on hover when the text was decoded from an encoded part.
    pub text: Option<Box<str>>,
    pub provider: Option<Provider>,
    /// A short explanation for findings the catalog does not cover (rule problems, limits).
    pub note: Option<Box<str>>,
    pub context: FindingContext,
    /// Structured, localizable explanation owned by the recognizer that made the finding.
    pub detail: Option<Detail>,
}

/// Recognizer-specific explanation rendered in the reader's language by its own module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// The verdict for one failed or delayed recipient.
    Recipient(Box<message::Verdict>),
    /// An authentication result, DKIM signature check, ARC or anti-spam field.
    Auth(Box<auth::AuthDetail>),
    /// A problem in a rule file.
    Rule(Box<rules::RuleProblem>),
}

impl Detail {
    /// Markdown shown at the top of the hover, before any catalog explanation.
    pub fn markdown(&self, lang: crate::lang::Lang) -> String {
        match self {
            Detail::Recipient(verdict) => verdict.markdown(lang),
            Detail::Auth(detail) => detail.markdown(lang),
            Detail::Rule(problem) => problem.markdown(lang),
        }
    }

    /// The one-line diagnostic message, when the recognizer words it better than the catalog.
    pub fn message(&self, lang: crate::lang::Lang) -> Option<String> {
        match self {
            Detail::Recipient(verdict) => verdict.message(lang),
            Detail::Auth(detail) => detail.message(lang),
            Detail::Rule(problem) => problem.message(lang),
        }
    }
}

impl Finding {
    pub fn new(
        span: Range<usize>,
        kind: FindingKind,
        code: impl Into<smol_str::SmolStr>,
        severity: Severity,
    ) -> Self {
        Finding {
            span,
            kind,
            code: code.into(),
            reply: None,
            severity,
            text: None,
            provider: None,
            note: None,
            context: FindingContext::default(),
            detail: None,
        }
    }
}

/// Limits on one analysis, so huge or hostile inputs cost bounded work.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Lines longer than this are scanned only up to the limit.
    pub max_line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line_bytes: 64 * 1024,
        }
    }
}

/// Most "line cut" notes one document gets; past that the first ones say enough.
const MAX_LIMIT_NOTES: usize = 100;

/// Notes every line longer than the analysis reads (64 KiB), so the cut is never silent. The
/// span covers the first character past the cut.
pub fn note_long_lines(text: &str, base: usize, out: &mut Vec<Finding>) {
    let limit = Limits::default().max_line_bytes;
    let mut start = 0;
    let mut noted = 0;
    while start < text.len() && noted < MAX_LIMIT_NOTES {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        if end - start > limit {
            let mut cut = start + limit;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let next = text[cut..].chars().next().map_or(0, char::len_utf8);
            out.push(Finding::new(
                base + cut..base + cut + next,
                FindingKind::Limit,
                "limit:line-length",
                Severity::Information,
            ));
            noted += 1;
        }
        start = end + 1;
    }
}

/// What the user supplied besides the document, read by the analysis as plain data: the DKIM
/// keys signatures are verified with (read from files the user named, never from DNS).
#[derive(Debug, Clone, Default)]
pub struct Supplied {
    pub dkim_keys: std::sync::Arc<auth::dkim::KeySet>,
}

/// Analyses a whole document of a known kind. Findings come back sorted by span start.
pub fn analyze(text: &str, kind: DocumentKind) -> Vec<Finding> {
    analyze_with(text, kind, &Supplied::default())
}

/// [`analyze`] with what the user supplied.
pub fn analyze_with(text: &str, kind: DocumentKind, supplied: &Supplied) -> Vec<Finding> {
    let mut findings = match kind {
        DocumentKind::Message => {
            let mut findings = message::analyze(text);
            findings.extend(auth::analyze_with(text, &supplied.dkim_keys));
            findings
        }
        DocumentKind::Log => log::analyze(text),
        DocumentKind::Rules => rules::analyze(text),
    };
    note_long_lines(text, 0, &mut findings);
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    findings
}

/// Logs larger than this are analysed by two threads in [`analyze_parallel`].
const PARALLEL_BYTES: usize = 4 << 20;

/// [`analyze`], splitting a large log whose lines can be read alone into two halves analysed at
/// once (the machines mail-lsp runs on have at least two cores).
pub fn analyze_parallel(text: &str, kind: DocumentKind) -> Vec<Finding> {
    analyze_parallel_with(text, kind, &Supplied::default())
}

fn analyze_parallel_with(text: &str, kind: DocumentKind, supplied: &Supplied) -> Vec<Finding> {
    if kind != DocumentKind::Log {
        return analyze_with(text, kind, supplied);
    }
    analyze_log(text, log::detect(text))
}

/// A whole log in a known format: split in two and analysed on two threads when it is large and
/// its lines can be read alone, else in one pass. Findings come back sorted by span start.
fn analyze_log(text: &str, format: log::LogFormat) -> Vec<Finding> {
    let mut findings = match split_point(text) {
        Some(middle) if format != log::LogFormat::Transcript => {
            let (head, tail) = text.split_at(middle);
            let (mut first, second) = std::thread::scope(|scope| {
                let worker = scope.spawn(|| log::analyze_as_sorted(head, 0, format));
                let second = log::analyze_as_sorted(tail, middle, format);
                // A panic in the other half is the whole analysis's failure, not lost findings.
                let first = worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (first, second)
            });
            first.extend(second);
            first
        }
        _ => log::analyze_as_sorted(text, 0, format),
    };
    note_long_lines(text, 0, &mut findings);
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    findings
}

/// Where a large text is cut in two: just after the first line end at or past its middle byte
/// (found from a char boundary, since the middle byte may be inside a character). `None` for
/// texts too small to split or without a line end past the middle.
fn split_point(text: &str) -> Option<usize> {
    if text.len() < PARALLEL_BYTES {
        return None;
    }
    let half = crate::text::floor_char_boundary(text, text.len() / 2);
    let newline = memchr::memchr(b'\n', text.as_bytes().get(half..)?)?;
    Some(half + newline + 1).filter(|&middle| middle < text.len())
}

/// The one way a whole text is analysed, by `check` and by the server alike, so the two never
/// disagree: lone CRs are read as line ends (see [`crate::text::lone_cr_as_lf`]; spans stay those
/// of `text`), then the text is analysed as `kind`, a log in `log_format` when one is given.
pub fn analyze_document(
    text: &str,
    kind: DocumentKind,
    log_format: Option<log::LogFormat>,
) -> Vec<Finding> {
    analyze_document_with(text, kind, log_format, &Supplied::default())
}

/// [`analyze_document`] with what the user supplied.
pub fn analyze_document_with(
    text: &str,
    kind: DocumentKind,
    log_format: Option<log::LogFormat>,
    supplied: &Supplied,
) -> Vec<Finding> {
    inject_failure(text);
    let text = crate::text::lone_cr_as_lf(text);
    match (kind, log_format) {
        (DocumentKind::Log, Some(format)) => analyze_log(&text, format),
        _ => analyze_parallel_with(&text, kind, supplied),
    }
}

/// Test builds only: with `MAIL_LSP_INJECT_PANIC` set, a text containing its value panics, so
/// the test suite can prove through the binary that a failed analysis is reported. Release
/// builds compile this to nothing.
fn inject_failure(text: &str) {
    #[cfg(debug_assertions)]
    if let Some(marker) = std::env::var_os("MAIL_LSP_INJECT_PANIC")
        && let Some(marker) = marker.to_str()
        && !marker.is_empty()
        && text.contains(marker)
    {
        panic!("injected failure");
    }
    let _ = text;
}

/// What became of one input's bytes in [`check_bytes`].
#[derive(Debug)]
pub struct Checked {
    /// The decoded text: findings' spans and reported positions are in it.
    pub text: String,
    /// Decoding replaced invalid sequences.
    pub lossy: bool,
    /// The 8-bit charset a message that is not UTF-8 was read in, as its `Content-Type` declares.
    pub charset: Option<&'static str>,
    /// The kind it was analysed as; `None` when it is of no kind mail-lsp reads.
    pub kind: Option<DocumentKind>,
    pub findings: Vec<Finding>,
}

/// Everything `mail-lsp check` does to one input, from raw bytes to findings: decoding (BOMs,
/// invalid UTF-8), kind detection from `path` and content (unless `forced`), and
/// [`analyze_document`]. With `explicit` (a file named on the command line) a document of
/// unclear kind is scanned as a log; otherwise it gets no analysis.
pub fn check_bytes(
    bytes: Vec<u8>,
    path: Option<&str>,
    forced: Option<DocumentKind>,
    explicit: bool,
) -> Checked {
    check_bytes_with(bytes, path, forced, explicit, &Supplied::default())
}

/// [`check_bytes`] with what the user supplied.
pub fn check_bytes_with(
    bytes: Vec<u8>,
    path: Option<&str>,
    forced: Option<DocumentKind>,
    explicit: bool,
    supplied: &Supplied,
) -> Checked {
    let crate::text::Decoded {
        text,
        lossy,
        charset,
    } = crate::text::decode(bytes);
    let kind = forced
        .or_else(|| kind::detect(None, path, &text))
        .or(explicit.then_some(DocumentKind::Log));
    let findings = kind.map_or_else(Vec::new, |kind| {
        analyze_document_with(&text, kind, None, supplied)
    });
    Checked {
        text,
        lossy,
        charset,
        kind,
        findings,
    }
}

/// An analysis that stopped on an internal error (a bug in mail-lsp, never the reader's fault)
/// instead of returning findings. It names where the error happened, never what the document
/// said, so it can be logged and shown as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The source location of the error (`server/src/analysis/kind.rs:252:24`), when known.
    pub location: Option<String>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(location) => write!(f, "internal error at {location}"),
            None => write!(f, "internal error"),
        }
    }
}

/// Where the latest panic happened, recorded by the hook [`install_panic_hook`] sets.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Replaces the default panic message (which quotes the text being sliced, that is the user's
/// mail) with a log line naming only the location; the full message is logged at debug level.
/// The location is kept for [`contained`] to report.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::error!(
            location = location.as_deref().unwrap_or("unknown"),
            "internal error"
        );
        tracing::debug!(message = payload, "internal error");
        *LAST_PANIC
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = location;
    }));
}

/// Runs one analysis so that a panic inside it becomes a [`Failure`] the caller reports,
/// instead of ending the process (`check`) or silently leaving a document without findings
/// (the server).
pub fn contained<T>(work: impl FnOnce() -> T) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|_| Failure {
        location: LAST_PANIC
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take(),
    })
}

/// The severity of a status code by its class: permanent failures are errors, transient ones
/// warnings, successes hints (shown only when the user asks for them).
pub fn severity_for_class(class: u8) -> Severity {
    match class {
        b'5' => Severity::Error,
        b'4' => Severity::Warning,
        _ => Severity::Hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_log_split_in_two_gives_the_same_findings() {
        let line = "Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, dsn=5.1.1, status=bounced (host mx said: 550 5.1.1 User unknown (in reply to RCPT TO command))\n";
        let text = line.repeat(PARALLEL_BYTES / line.len() + 7);
        assert_eq!(
            analyze_parallel(&text, DocumentKind::Log),
            analyze(&text, DocumentKind::Log)
        );
    }

    #[test]
    fn a_large_log_with_a_wide_character_at_its_middle_byte_is_split_on_a_boundary() {
        let line = "Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, dsn=5.1.1, status=bounced (host mx said: 550 5.1.1 Benutzer unbekannt é)\n";
        let mut text = line.repeat(PARALLEL_BYTES / line.len() + 7);
        // Make the middle byte the second byte of a two-byte character.
        while text.is_char_boundary(text.len() / 2) {
            text.insert(0, 'x');
        }
        let findings = analyze_parallel(&text, DocumentKind::Log);
        assert_eq!(findings, analyze(&text, DocumentKind::Log));
        assert!(findings.iter().any(|f| f.code == "5.1.1"));
    }

    #[test]
    fn a_panic_is_contained_as_a_failure() {
        let failure = contained(|| -> usize { panic!("boom") });
        assert!(failure.is_err());
        assert_eq!(contained(|| 7), Ok(7));
    }

    #[test]
    fn check_bytes_reads_a_lone_cr_log_line_by_line() {
        let lines = [
            "Nov  4 09:12:01 mx postfix/smtp[1]: AAA: to=<a@b.c>, dsn=5.1.1, status=bounced",
            "Nov  4 09:12:02 mx postfix/smtp[2]: BBB: to=<d@e.f>, dsn=4.4.7, status=deferred",
        ];
        let cr = check_bytes(lines.join("\r").into_bytes(), Some("mail.log"), None, true);
        let lf = check_bytes(lines.join("\n").into_bytes(), Some("mail.log"), None, true);
        let codes = |c: &Checked| {
            c.findings
                .iter()
                .map(|f| (f.span.clone(), f.code.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&cr), codes(&lf));
        assert!(codes(&cr).iter().any(|(_, code)| code == "4.4.7"));
    }

    #[test]
    fn check_bytes_on_a_transcript_prefix_before_a_wide_character() {
        let checked = check_bytes("S: é550 hello".as_bytes().to_vec(), None, None, true);
        assert_eq!(checked.kind, Some(DocumentKind::Log));
    }

    #[test]
    fn provider_markers_in_replies() {
        assert_eq!(
            Provider::detect("550-5.7.26 Unauthenticated email is not accepted gsmtp"),
            Some(Provider::Google)
        );
        assert_eq!(
            Provider::detect("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"),
            Some(Provider::Microsoft)
        );
        assert_eq!(
            Provider::detect(
                "451 4.7.500 Server busy. Please try again later from [1.2.3.4]. (AS843)"
            ),
            Some(Provider::Microsoft)
        );
        assert_eq!(Provider::detect("550 5.1.1 User unknown"), None);
        assert_eq!(Provider::detect("(as well as)"), None);
    }
}
