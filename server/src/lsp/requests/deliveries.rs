//! `mailLsp/deliveries`: the failed and delayed deliveries of a document, grouped by the message
//! they belong to (queue ID, Exim ID or Message-ID), each with its recipient, code, meaning and
//! range — what an editor's "Mail log" view lists, read from the version's one analysis.

use crate::delivery::Action;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{Range, TextDocumentIdentifier};

use crate::analysis::{Detail, FindingKind};
use crate::lsp::snapshot::Snapshot;
use crate::present;

/// Most deliveries listed; the rest are counted in `more`.
const MAX_DELIVERIES: usize = 20_000;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveriesParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Deliveries {
    pub version: i32,
    pub messages: Vec<Message>,
    /// Deliveries left out once the list was full.
    pub more: usize,
}

/// The deliveries of one message, in document order.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// The queue ID or Message-ID; empty for lines that name none.
    pub id: String,
    pub deliveries: Vec<Delivery>,
}

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub recipient: String,
    /// `failed` or `delayed`.
    pub action: String,
    pub code: String,
    /// The catalog's meaning of the code, in the reader's language.
    pub meaning: Option<String>,
    pub range: Range,
}

pub fn deliveries(snapshot: &Snapshot) -> Deliveries {
    let (catalog, lang) = (&snapshot.session.catalog, snapshot.session.lang);
    let mut groups: BTreeMap<(usize, String), Vec<Delivery>> = BTreeMap::new();
    let mut first_seen: std::collections::HashMap<String, usize> = Default::default();
    let (mut listed, mut more) = (0, 0);
    for finding in &snapshot.analysis.findings {
        if finding.kind != FindingKind::Recipient {
            continue;
        }
        let Some(Detail::Recipient(verdict)) = &finding.detail else {
            continue;
        };
        let Some(action @ (Action::Failed | Action::Delayed)) = verdict.action else {
            continue;
        };
        if listed == MAX_DELIVERIES {
            more += 1;
            continue;
        }
        listed += 1;
        let id = finding
            .context
            .message_id
            .as_deref()
            .unwrap_or_default()
            .to_string();
        let order = *first_seen.entry(id.clone()).or_insert(listed);
        let meaning =
            present::answer_for(finding, catalog).map(|a| a.entry.title.get(lang).clone());
        groups.entry((order, id)).or_default().push(Delivery {
            recipient: verdict.recipient.clone(),
            action: action.as_str().to_string(),
            code: present::display_code(finding),
            meaning,
            range: snapshot.range(&finding.span),
        });
    }
    Deliveries {
        version: snapshot.analysis.version,
        messages: groups
            .into_iter()
            .map(|((_, id), deliveries)| Message { id, deliveries })
            .collect(),
        more,
    }
}
