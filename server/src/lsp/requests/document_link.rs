//! `textDocument/documentLink`: the version's http and https URLs.

use tower_lsp_server::ls_types::{DocumentLink, Uri};

use crate::lsp::snapshot::Snapshot;

pub async fn document_link(snapshot: &Snapshot) -> Option<Vec<DocumentLink>> {
    let views = snapshot.views().await?;
    Some(
        views
            .structure
            .links
            .iter()
            .filter_map(|(span, url)| {
                Some(DocumentLink {
                    range: snapshot.range(span),
                    target: Some(url.parse::<Uri>().ok()?),
                    tooltip: None,
                    data: None,
                })
            })
            .collect(),
    )
}
