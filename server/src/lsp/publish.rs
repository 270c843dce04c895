//! Publishing diagnostics: the debounce after an edit, the preview of a large log's first lines
//! while the rest is read, and the per-document cap (in [`super::diagnostics`]).

use std::sync::atomic::Ordering;
use std::time::Duration;

use ropey::Rope;
use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::diagnostics;
use super::engine;
use super::incremental;
use super::server::Backend;
use super::session::SessionView;
use crate::analysis::{self, DocumentKind};

/// Logs at least this large get a preview of their first lines.
const PREVIEW_FROM: usize = 8 << 20;
/// How much of such a log the preview reads.
const PREVIEW_BYTES: usize = 1 << 20;

impl Backend {
    /// Analyses a document after `delay` unless a newer change arrives first, then publishes.
    pub(super) fn schedule(&self, uri: Uri, generation: u64, delay: Duration) {
        let backend = self.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let Some(job) = backend.job(&uri, Some(generation)) else {
                return;
            };
            let session = backend.state.session.view();
            if !job.slot.cell.initialized()
                && let Some(preview) = preview(&job.rope, &uri, &job.language_id, &session).await
            {
                backend
                    .client
                    .publish_diagnostics(uri.clone(), preview, Some(job.version))
                    .await;
            }
            let Some(analysis) = backend.analysis(&job, &session).await else {
                return;
            };
            if backend.state.shutting_down.load(Ordering::Relaxed) {
                return;
            }
            // Publish only if this is still the document's latest version; a newer run follows.
            let current = backend.documents().get(&uri).map(|d| d.version);
            if current != Some(job.version) {
                return;
            }
            let (rope, from_disk) = (job.rope.clone(), job.from_disk);
            let started = std::time::Instant::now();
            let diagnostics = tokio::task::spawn_blocking(move || {
                let lang = session.lang;
                let mut diagnostics = analysis::contained(|| {
                    let filter = crate::present::ReportFilter::of(&session.settings);
                    diagnostics::build(
                        &analysis.findings,
                        Some(analysis.reported(filter)),
                        &rope,
                        session.encoding,
                        &session.settings,
                        &session.catalog,
                        lang,
                    )
                })
                .unwrap_or_else(|failure| vec![diagnostics::analysis_failed(&failure, lang)]);
                if from_disk {
                    diagnostics::with_who_acts(
                        &mut diagnostics,
                        &analysis.findings,
                        &session.settings,
                        &session.catalog,
                        lang,
                    );
                }
                if let Some(failure) = &analysis.failure {
                    diagnostics.insert(0, diagnostics::analysis_failed(failure, lang));
                }
                diagnostics
            })
            .await
            .unwrap_or_default();
            let built_us = started.elapsed().as_micros() as u64;
            let count = diagnostics.len();
            backend
                .client
                .publish_diagnostics(uri, diagnostics, Some(job.version))
                .await;
            tracing::debug!(
                version = job.version,
                count,
                built_us,
                sent_us = started.elapsed().as_micros() as u64,
                "diagnostics published"
            );
        });
    }

    /// The analysis of a job's version, recorded on the document as its latest.
    pub(super) async fn analysis(
        &self,
        job: &engine::Job,
        session: &SessionView,
    ) -> Option<std::sync::Arc<engine::Analysis>> {
        let analysis = engine::analysis(job, session).await?;
        if let Some(doc) = self.documents().get_mut(&job.uri)
            && doc.version == job.version
        {
            doc.analysis = Some(analysis.clone());
        }
        Some(analysis)
    }
}

/// For a large log, diagnostics of its first lines, so the editor shows something while the
/// whole document is analysed.
async fn preview(
    rope: &Rope,
    uri: &Uri,
    language_id: &str,
    session: &SessionView,
) -> Option<Vec<Diagnostic>> {
    if rope.len_bytes() < PREVIEW_FROM {
        return None;
    }
    let session = session.clone();
    let (rope, path, language_id) = (
        rope.clone(),
        uri.as_str().to_string(),
        language_id.to_string(),
    );
    tokio::task::spawn_blocking(move || {
        analysis::contained(|| {
            let settings = &session.settings;
            let head_end = rope.char_to_byte(rope.byte_to_char(PREVIEW_BYTES));
            let head = rope.byte_slice(..head_end).to_string();
            let kind = settings
                .force_kind
                .or_else(|| analysis::kind::detect(Some(&language_id), Some(&path), &head));
            if kind != Some(DocumentKind::Log) {
                return None;
            }
            let forced = (settings.log_format != "auto").then_some(settings.log_format.as_str());
            let format = incremental::format_of(&rope, forced);
            let mut findings = Vec::new();
            incremental::scan_lines(&rope, 0..rope.byte_to_line(head_end), format, &mut findings);
            Some(diagnostics::preview(
                &findings,
                &rope,
                session.encoding,
                settings,
                &session.catalog,
                session.lang,
            ))
        })
        .ok()
        .flatten()
    })
    .await
    .ok()
    .flatten()
}
