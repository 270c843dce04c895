//! Pure analysis: text in, findings with byte spans out. Nothing here knows about LSP, files or
//! terminals, which is what keeps it testable, fuzzable and fast.

pub mod auth;
pub mod codes;
pub mod kind;
pub mod log;
pub mod message;
pub mod rules;
pub mod structure;

use std::ops::Range;

pub use kind::DocumentKind;

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

/// The mail provider whose vocabulary a reply uses; its catalog wins over the generic registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Microsoft,
    Google,
    Yahoo,
}

impl Provider {
    pub fn id(self) -> &'static str {
        match self {
            Provider::Microsoft => "microsoft",
            Provider::Google => "google",
            Provider::Yahoo => "yahoo",
        }
    }

    /// Guesses the provider from markers in a reply or its surroundings (`gsmtp`,
    /// `protection.outlook.com`, `STOREDRV`, `(ASnnn)` …).
    pub fn detect(text: &str) -> Option<Provider> {
        use std::sync::LazyLock;

        use aho_corasick::AhoCorasick;

        /// Markers and the provider each names; one case-insensitive pass finds them all.
        const MARKERS: &[(&str, Provider)] = &[
            ("gsmtp", Provider::Google),
            ("google.com", Provider::Google),
            ("gmail", Provider::Google),
            ("yahoo", Provider::Yahoo),
            ("aol.com", Provider::Yahoo),
            ("outlook.com", Provider::Microsoft),
            ("storedrv", Provider::Microsoft),
            ("resolver.adr", Provider::Microsoft),
            ("resolver.rst", Provider::Microsoft),
            ("exchangelabs", Provider::Microsoft),
            ("microsoft.com", Provider::Microsoft),
            ("hotmail.com", Provider::Microsoft),
            ("(as", Provider::Microsoft),
        ];
        static SEARCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(MARKERS.iter().map(|(marker, _)| marker))
                .ok()
        });
        let searcher = SEARCHER.as_ref()?;
        let mut found: Option<Provider> = None;
        for hit in searcher.find_iter(text) {
            let (marker, provider) = MARKERS[hit.pattern().as_usize()];
            if marker == "(as" && !as_code(&text.as_bytes()[hit.end()..]) {
                continue;
            }
            // Google's and Yahoo's markers outrank Microsoft's (their replies quote Outlook hosts).
            found = match (found, provider) {
                (Some(Provider::Google), _) | (_, Provider::Google) => Some(Provider::Google),
                (Some(Provider::Yahoo), _) | (_, Provider::Yahoo) => Some(Provider::Yahoo),
                _ => Some(provider),
            };
            if found == Some(Provider::Google) {
                break;
            }
        }
        found
    }
}

/// `rest` is what follows `(AS`: three digits and a closing parenthesis.
fn as_code(rest: &[u8]) -> bool {
    rest.len() >= 4 && rest[..3].iter().all(u8::is_ascii_digit) && rest[3] == b')'
}

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
    pub action: Option<Box<str>>,
    /// The bounce reason class decided for a recipient verdict.
    pub reason: Option<Box<str>>,
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

/// Analyses a whole document of a known kind. Findings come back sorted by span start.
pub fn analyze(text: &str, kind: DocumentKind) -> Vec<Finding> {
    let mut findings = match kind {
        DocumentKind::Message => {
            let mut findings = message::analyze(text);
            findings.extend(auth::analyze(text));
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
    if kind != DocumentKind::Log || text.len() < PARALLEL_BYTES {
        return analyze(text, kind);
    }
    let format = log::detect(text);
    if format == log::LogFormat::Transcript {
        return analyze(text, kind);
    }
    let middle = text[text.len() / 2..]
        .find('\n')
        .map_or(text.len(), |i| text.len() / 2 + i + 1);
    let (head, tail) = text.split_at(middle);
    let (mut first, second) = std::thread::scope(|scope| {
        let worker = scope.spawn(|| log::analyze_as(head, 0, format));
        let second = log::analyze_as(tail, middle, format);
        (worker.join().unwrap_or_default(), second)
    });
    first.extend(second);
    note_long_lines(text, 0, &mut first);
    first.sort_by_key(|f| (f.span.start, f.span.end));
    first
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
