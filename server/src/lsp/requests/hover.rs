//! `textDocument/hover`: the catalog's explanation of the finding under the cursor.

use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::analysis::Detail;
use crate::analysis::{Finding, FindingKind};
use crate::catalog::Query;
use crate::catalog::sentences::say;
use crate::lang::Lang;

crate::keys! {
    UNTRUSTED = "interface.hover.untrusted" (id);
}
use crate::lsp::position::to_range;
use crate::lsp::session::SessionView;
use crate::lsp::snapshot::Snapshot;
use crate::present;
use ropey::Rope;

/// The findings whose span contains the byte offset, most specific (narrowest) first.
pub fn findings_at(findings: &[Finding], offset: usize) -> Vec<&Finding> {
    // Findings are sorted by start; only those starting at or before the offset can contain it.
    let end = findings.partition_point(|f| f.span.start <= offset);
    let mut hits: Vec<&Finding> = findings[..end]
        .iter()
        .rev()
        .take(4096)
        .filter(|f| f.span.start <= offset && offset <= f.span.end)
        .collect();
    hits.sort_by_key(|f| (f.span.end - f.span.start, kind_rank(f)));
    hits
}

/// Among findings on the same span, the richer explanation wins.
fn kind_rank(finding: &Finding) -> u8 {
    match finding.kind {
        // A problem in a rule file says more than the code it is about.
        FindingKind::Rule if finding.severity != crate::analysis::Severity::Hint => 0,
        FindingKind::ClassMismatch => 0,
        FindingKind::StatusCode => 1,
        FindingKind::Recipient => 3,
        _ => 2,
    }
}

pub async fn hover(snapshot: &Snapshot, params: &HoverParams) -> Option<Hover> {
    let offset = snapshot.offset(params.text_document_position_params.position);
    if let Some(hover) = hover_at(
        &snapshot.analysis.findings,
        offset,
        &snapshot.rope,
        &snapshot.session,
    ) {
        return Some(hover);
    }
    // Nothing to explain here: on a chain's first Received field, the hop table.
    if snapshot.analysis.kind != Some(crate::analysis::DocumentKind::Message) {
        return None;
    }
    let views = snapshot.views().await?;
    let table = views.structure.hops_at(offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: present::hops::markdown(table, snapshot.session.lang),
        }),
        range: Some(to_range(
            &snapshot.rope,
            &table.span,
            snapshot.session.encoding,
        )),
    })
}

/// The hover for the finding at `offset`, with the note about an untrusted stamping server.
pub fn hover_at(
    findings: &[Finding],
    offset: usize,
    rope: &Rope,
    session: &SessionView,
) -> Option<Hover> {
    let finding = *findings_at(findings, offset).first()?;
    let (catalog, lang) = (&session.catalog, session.lang);
    let mut markdown = String::new();
    if let Some(note) = untrusted_note(finding, &session.settings.trusted_authserv_ids, lang) {
        markdown.push_str(&note);
        markdown.push_str("\n\n");
    }
    let answer = present::answer_for(finding, catalog);
    let query = Query {
        code: &finding.code,
        reply: finding.reply,
        text: finding.text.as_deref(),
        provider: finding.provider,
    };
    let others = answer
        .as_ref()
        .map(|a| catalog.others(a, &finding.code, &query))
        .unwrap_or_default();
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown
                + &present::hover_markdown_with(finding, answer.as_ref(), &others, lang),
        }),
        range: Some(to_range(rope, &finding.span, session.encoding)),
    })
}

/// A warning for authentication results stamped by a server the reader does not trust. Nothing
/// is said while the trusted list is empty (the reader has not configured one).
fn untrusted_note(finding: &Finding, trusted: &[String], lang: Lang) -> Option<String> {
    let Some(Detail::Auth(detail)) = &finding.detail else {
        return None;
    };
    let id = detail.authserv_id.as_deref()?;
    if trusted.is_empty() || trusted.iter().any(|t| t.eq_ignore_ascii_case(id)) {
        return None;
    }
    Some(say(&UNTRUSTED, [id], lang))
}
