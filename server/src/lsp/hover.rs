//! Hover: the catalog's explanation of the finding under the cursor.

use ropey::Rope;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::position::{Encoding, to_range};
use crate::analysis::{Finding, FindingKind};
use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::present;

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
    hits.sort_by_key(|f| (f.span.end - f.span.start, kind_rank(f.kind)));
    hits
}

/// Among findings on the same span, the richer explanation wins.
fn kind_rank(kind: FindingKind) -> u8 {
    match kind {
        FindingKind::ClassMismatch => 0,
        FindingKind::StatusCode => 1,
        FindingKind::Recipient => 3,
        _ => 2,
    }
}

pub fn hover(
    findings: &[Finding],
    offset: usize,
    rope: &Rope,
    encoding: Encoding,
    catalog: &Catalog,
    lang: Lang,
) -> Option<Hover> {
    let finding = *findings_at(findings, offset).first()?;
    let answer = present::answer_for(finding, catalog);
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: present::hover_markdown(finding, answer.as_ref(), lang),
        }),
        range: Some(to_range(rope, &finding.span, encoding)),
    })
}
