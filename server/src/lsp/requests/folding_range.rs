//! `textDocument/foldingRange`: the version's foldable spans as line ranges.

use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

use crate::lsp::snapshot::Snapshot;

pub async fn folding_range(snapshot: &Snapshot) -> Option<Vec<FoldingRange>> {
    let views = snapshot.views().await?;
    let rope = &snapshot.rope;
    let mut out: Vec<FoldingRange> = views
        .structure
        .folding
        .iter()
        .filter_map(|span| {
            let start = rope.byte_to_line(span.start.min(rope.len_bytes()));
            let end = rope.byte_to_line(span.end.min(rope.len_bytes()));
            (end > start).then(|| FoldingRange {
                start_line: start as u32,
                end_line: end as u32,
                kind: Some(FoldingRangeKind::Region),
                ..FoldingRange::default()
            })
        })
        .collect();
    out.dedup_by_key(|r| (r.start_line, r.end_line));
    Some(out)
}
