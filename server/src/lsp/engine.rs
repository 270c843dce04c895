//! One analysis per document version, shared by every view.
//!
//! The first caller for a version (the debounced publication or a request that arrives before
//! it) starts the analysis; every other caller waits for that one through the version's
//! [`tokio::sync::OnceCell`], so a burst of requests after `didOpen` costs one analysis, not one
//! each. The navigation structure (outline, folding, links, hints) is built once per version the
//! same way, from one copy of the text, and every view reads it.

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};

use ropey::Rope;
use tokio::sync::OnceCell;
use tower_lsp_server::ls_types::Uri;

use super::incremental;
use super::session::SessionView;
use crate::analysis::log::LogFormat;
use crate::analysis::structure::Structure;
use crate::analysis::{self, DocumentKind, Failure, Finding};
use crate::lang::Lang;
use crate::present::ReportFilter;

/// The findings of one version of a document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub version: i32,
    pub kind: Option<DocumentKind>,
    pub findings: Vec<Finding>,
    /// For logs whose lines can be rescanned alone: the format they are read in.
    pub log_format: Option<LogFormat>,
    /// Set when the analysis stopped on an internal error; the document then shows a diagnostic
    /// saying so instead of silently having none.
    pub failure: Option<Failure>,
    /// The navigation structure of this version, built on first use.
    views: OnceCell<Arc<Views>>,
    /// How many findings become diagnostics, and under which settings: counting close to a
    /// million findings after every keystroke would take most of the time an edit may take, so
    /// the count is taken once and kept up to date by each splice.
    reported: std::sync::OnceLock<(ReportFilter, usize)>,
}

impl Analysis {
    fn new(version: i32, kind: Option<DocumentKind>, findings: Vec<Finding>) -> Self {
        Analysis {
            version,
            kind,
            findings,
            log_format: None,
            failure: None,
            views: OnceCell::new(),
            reported: std::sync::OnceLock::new(),
        }
    }

    /// How many of the findings `filter` reports.
    pub fn reported(&self, filter: ReportFilter) -> usize {
        match self.reported.get() {
            Some((counted, total)) if *counted == filter => *total,
            _ => {
                let total = self.findings.iter().filter(|f| filter.admits(f)).count();
                let _ = self.reported.set((filter, total));
                total
            }
        }
    }

    /// Keeps the count of [`Analysis::reported`] right after a splice took `removed` out of
    /// the findings and put the findings at `added` in.
    pub fn spliced(&mut self, removed: &[Finding], added: std::ops::Range<usize>) {
        let added = self.findings.get(added).unwrap_or_default();
        if let Some((filter, total)) = self.reported.get_mut() {
            let gone = removed.iter().filter(|f| filter.admits(f)).count();
            let came = added.iter().filter(|f| filter.admits(f)).count();
            *total = total.saturating_sub(gone) + came;
        }
    }

    /// The findings were updated in place for `version` (a line-local log edit): the structure
    /// of the old text no longer applies.
    pub fn respliced(&mut self, version: i32) {
        self.version = version;
        self.views = OnceCell::new();
    }
}

/// What the navigation views show, with the text it was read from.
#[derive(Debug)]
pub struct Views {
    pub structure: Structure,
    /// References and completion search this copy, never a new one per request.
    pub text: Arc<String>,
    pub lang: Lang,
}

impl Views {
    fn build(text: Arc<String>, kind: DocumentKind, findings: &[Finding], lang: Lang) -> Views {
        Views {
            structure: Structure::build(&text, kind, findings, lang),
            text,
            lang,
        }
    }
}

/// How many analyses and structure builds one version has cost; the `mailLsp/documentStatus`
/// request reports them, so tests can prove no view starts a second one.
#[derive(Debug, Default)]
pub struct Counters {
    pub analyses: AtomicU32,
    pub structures: AtomicU32,
}

/// The analysis slot of one document version, and what running it needs.
#[derive(Debug, Clone)]
pub struct Slot {
    pub cell: Arc<OnceCell<Arc<Analysis>>>,
    pub counters: Arc<Counters>,
}

impl Slot {
    pub fn empty() -> Slot {
        Slot {
            cell: Arc::new(OnceCell::new()),
            counters: Arc::new(Counters::default()),
        }
    }

    /// A slot whose analysis is already known (the findings were spliced after an edit).
    pub fn filled(analysis: Arc<Analysis>) -> Slot {
        Slot {
            cell: Arc::new(OnceCell::new_with(Some(analysis))),
            counters: Arc::new(Counters::default()),
        }
    }
}

/// Everything an analysis of one version reads.
pub struct Job {
    pub uri: Uri,
    pub rope: Rope,
    pub version: i32,
    pub language_id: String,
    /// The document's current version, so a long log analysis of an older one stops early.
    pub latest: Arc<AtomicI32>,
    pub slot: Slot,
    /// The server read the document from disk itself: the editor cannot hover it.
    pub from_disk: bool,
}

/// The analysis of the job's version: the one in flight or done, else a new one.
pub async fn analysis(job: &Job, session: &SessionView) -> Option<Arc<Analysis>> {
    job.slot
        .cell
        .get_or_try_init(|| run(job, session))
        .await
        .ok()
        .cloned()
}

/// The navigation structure of an analysis, built once.
pub async fn views(
    analysis: &Arc<Analysis>,
    rope: &Rope,
    counters: &Arc<Counters>,
    lang: Lang,
) -> Option<Arc<Views>> {
    let kind = analysis.kind?;
    let views = analysis
        .views
        .get_or_try_init(|| {
            let (analysis, rope, counters) = (analysis.clone(), rope.clone(), counters.clone());
            async move {
                tokio::task::spawn_blocking(move || {
                    counters.structures.fetch_add(1, Ordering::Relaxed);
                    analysis::contained(|| {
                        let text = Arc::new(crate::text::lone_cr_as_lf_owned(rope.to_string()));
                        Arc::new(Views::build(text, kind, &analysis.findings, lang))
                    })
                })
                .await
                .map_err(|_| ())?
                .map_err(|failure| {
                    tracing::error!(%failure, "the document structure could not be built");
                })
            }
        })
        .await
        .ok()?
        .clone();
    // A language switch rebuilds the labels for this request only; the next version uses the new one.
    if views.lang != lang {
        let (text, findings) = (views.text.clone(), analysis.findings.clone());
        return tokio::task::spawn_blocking(move || {
            analysis::contained(|| Arc::new(Views::build(text, kind, &findings, lang))).ok()
        })
        .await
        .ok()
        .flatten();
    }
    Some(views)
}

/// Runs the pure analysis on a blocking thread.
async fn run(job: &Job, session: &SessionView) -> Result<Arc<Analysis>, ()> {
    let settings = &session.settings;
    let forced = settings.force_kind;
    let forced_format = (settings.log_format != "auto").then(|| settings.log_format.clone());
    let path = job.uri.as_str().to_string();
    let (rope, version, language_id) = (job.rope.clone(), job.version, job.language_id.clone());
    let latest = job.latest.clone();
    let counters = job.slot.counters.clone();
    let lang = session.lang;
    let supplied = session.supplied.clone();
    job.slot.counters.analyses.fetch_add(1, Ordering::Relaxed);
    let result = tokio::task::spawn_blocking(move || {
        analysis::contained(|| {
            let started = std::time::Instant::now();
            let outdated = move || latest.load(Ordering::Relaxed) != version;
            let head_end = rope.char_to_byte(rope.byte_to_char(rope.len_bytes().min(64 * 1024)));
            let head = rope.byte_slice(..head_end).to_string();
            let kind =
                forced.or_else(|| analysis::kind::detect(Some(&language_id), Some(&path), &head));
            match kind {
                // Logs are read line by line from the rope, never copied whole; their structure
                // waits for the first view that needs it.
                Some(DocumentKind::Log) => {
                    let format = incremental::format_of(&rope, forced_format.as_deref());
                    let findings = incremental::analyze_until(&rope, format, &outdated);
                    tracing::info!(
                        bytes = rope.len_bytes(),
                        findings = findings.len(),
                        format = format.name(),
                        took_ms = started.elapsed().as_millis() as u64,
                        "log analysed"
                    );
                    let mut analysis = Analysis::new(version, kind, findings);
                    analysis.log_format = Some(format);
                    analysis
                }
                // Messages and rule files are read from one copy of the text, which the
                // structure then reuses.
                Some(kind) => {
                    let text = Arc::new(crate::text::lone_cr_as_lf_owned(rope.to_string()));
                    let findings = analysis::analyze_document_with(&text, kind, None, &supplied);
                    let analysis = Analysis::new(version, Some(kind), findings);
                    counters.structures.fetch_add(1, Ordering::Relaxed);
                    // A structure that fails to build costs the outline, not the diagnostics;
                    // the first view asking for it tries again and logs the failure.
                    if let Ok(views) =
                        analysis::contained(|| Views::build(text, kind, &analysis.findings, lang))
                    {
                        let _ = analysis.views.set(Arc::new(views));
                    }
                    analysis
                }
                None => Analysis::new(version, None, Vec::new()),
            }
        })
        .unwrap_or_else(|failure| {
            tracing::error!(%failure, "a document could not be analysed; it shows a diagnostic saying so");
            let mut analysis = Analysis::new(version, None, Vec::new());
            analysis.failure = Some(failure);
            analysis
        })
    })
    .await;
    match result {
        Ok(analysis) => Ok(Arc::new(analysis)),
        Err(error) => {
            tracing::error!("analysis failed and was skipped: {error}");
            Err(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn the_count_of_reported_findings_follows_a_splice() {
        let text = "Nov  4 09:12:01 mx postfix/smtp[1]: AAA: to=<a@b.c>, dsn=5.1.1, status=bounced\n\
Nov  4 09:12:02 mx postfix/smtp[2]: BBB: to=<d@e.f>, dsn=4.4.7, status=deferred\n\
Nov  4 09:12:03 mx postfix/smtp[3]: CCC: to=<g@h.i>, dsn=5.7.1, status=bounced\n";
        let mut rope = Rope::from_str(text);
        let format = incremental::format_of(&rope, None);
        let mut analysis = Analysis::new(
            1,
            Some(DocumentKind::Log),
            incremental::analyze(&rope, format),
        );
        let filter = ReportFilter::of(&Settings::default());
        let count = |findings: &[Finding]| findings.iter().filter(|f| filter.admits(f)).count();
        assert_eq!(analysis.reported(filter), count(&analysis.findings));
        assert!(analysis.reported(filter) > 0);
        // The middle line loses its code, then the first line is duplicated.
        let middle = rope.line_to_byte(1);
        let edits = [
            (
                middle..rope.line_to_byte(2),
                "Nov  4 09:12:02 mx postfix/smtp[2]: BBB: nothing\n".to_string(),
            ),
            (
                0..0,
                text.lines().next().unwrap_or_default().to_string() + "\n",
            ),
        ];
        for (span, insert) in edits {
            let first = rope.byte_to_line(span.start);
            let last = rope.byte_to_line(span.end);
            let old_lines = incremental::LineEdit::lines_before(&rope, first, last);
            let before = rope.len_bytes() as isize;
            let start = rope.byte_to_char(span.start);
            rope.remove(start..rope.byte_to_char(span.end));
            rope.insert(start, &insert);
            let edit = incremental::LineEdit {
                old_lines,
                delta: rope.len_bytes() as isize - before,
            };
            let (removed, added) =
                incremental::splice(&mut analysis.findings, &edit, &rope, format);
            analysis.spliced(&removed, added);
            assert_eq!(analysis.findings, incremental::analyze(&rope, format));
            assert_eq!(analysis.reported(filter), count(&analysis.findings));
        }
    }
}
