//! Outline, folding and Received hints of messages, mbox files included.

use std::ops::Range;

use super::labels::{
    ANTI_SPAM, AUTHENTICATION, HEADERS, IDENTITY, MORE_MESSAGES, OTHER_HEADERS, ROUTING,
    UNDELIVERED, with_n,
};
use super::lines::{self, is_multiline, trim_end};
use super::mime::{self, Entity};
use super::summary::{self, Fate};
use super::values;
use super::{InlayHint, MAX_MBOX_MESSAGES, MAX_RANGES, Symbol, SymbolKind, encoded, received};
use crate::analysis::fields::{self, Field, HeaderBlock};
use crate::analysis::{Finding, FindingKind};
use crate::catalog::sentences::word;
use crate::lang::Lang;
use crate::sentence::Key;

/// Longest header value shown as a symbol's detail, in characters.
const MAX_DETAIL_CHARS: usize = 100;

/// The outline of a message, or one symbol per message of an mbox file.
pub(super) fn outline(text: &str, findings: &[Finding], lang: Lang) -> Vec<Symbol> {
    let messages = mbox_messages(text);
    if messages.len() <= 1 {
        return message_symbols(text, 0..text.len(), findings, lang);
    }
    let mut out = Vec::new();
    for range in messages.iter().take(MAX_MBOX_MESSAGES) {
        let children = message_symbols(text, range.clone(), findings, lang);
        let block = fields::header_block(text, envelope_end(text, range.start)..range.end);
        let name = block
            .field("subject")
            .map(|f| values::unfold(&encoded::decode_value(f.value), MAX_DETAIL_CHARS))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                lines::line_at(text, range.start)
                    .text(text)
                    .trim()
                    .to_string()
            });
        let trimmed = trim_end(text, range.clone());
        // Its children may end in the trailing space that is trimmed off (a last header field).
        let children_end = children
            .iter()
            .map(|c| c.span.end)
            .max()
            .unwrap_or(trimmed.end);
        let span = trimmed.start..trimmed.end.max(children_end.min(range.end));
        let mut symbol = Symbol::new(name, SymbolKind::Message, span);
        let envelope = lines::line_at(text, range.start);
        symbol.selection = envelope.start..envelope.end.min(symbol.span.end);
        symbol.detail = block
            .field("from")
            .map(|f| values::unfold(&encoded::decode_value(f.value), MAX_DETAIL_CHARS));
        symbol.children = children;
        out.push(symbol);
    }
    if let Some(first_left) = messages.get(MAX_MBOX_MESSAGES) {
        let left = messages.len() - MAX_MBOX_MESSAGES;
        let line = lines::line_at(text, first_left.start);
        out.push(Symbol::new(
            with_n(MORE_MESSAGES, lang, left),
            SymbolKind::Truncated,
            line.start..line.end,
        ));
    }
    out
}

/// Foldable ranges of a message (or of each message of an mbox file).
pub(super) fn folding(text: &str) -> Vec<Range<usize>> {
    let messages = mbox_messages(text);
    let mut out = Vec::new();
    let several = messages.len() > 1;
    for range in messages.iter().take(MAX_MBOX_MESSAGES) {
        if several {
            out.push(trim_end(text, range.clone()));
        }
        let root = mime::parse_message(text, envelope_end(text, range.start)..range.end);
        root.walk(&mut |entity| {
            if !std::ptr::eq(entity, &root) {
                out.push(entity.span.clone());
            }
            out.push(entity.header.span.clone());
            out.extend(entity.header.fields.iter().map(|f| f.span()));
            for block in &entity.dsn_blocks {
                out.push(block.clone());
                let fields = fields::header_block(text, block.clone());
                out.extend(fields.fields.iter().map(|f| f.span()));
            }
        });
        if out.len() > MAX_RANGES * 2 {
            break;
        }
    }
    out.retain(|range| is_multiline(text, range));
    out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    out.dedup();
    out.truncate(MAX_RANGES);
    out
}

/// Received-hop delays of every message header block: the message's, and those of the messages
/// it embeds (the returned original of a bounce has its own chain).
pub(super) fn received_hints(text: &str, lang: Lang) -> Vec<InlayHint> {
    let mut out = Vec::new();
    for range in mbox_messages(text).iter().take(MAX_MBOX_MESSAGES) {
        let root = mime::parse_message(text, envelope_end(text, range.start)..range.end);
        root.walk(&mut |entity| {
            if entity.is_message {
                received::hints(&entity.header, lang, &mut out);
            }
        });
        if out.len() >= MAX_RANGES {
            break;
        }
    }
    out
}

/// The hop table of every message header block, as [`received_hints`] walks them.
pub(super) fn hop_tables(text: &str) -> Vec<received::HopTable> {
    let mut out = Vec::new();
    for range in mbox_messages(text).iter().take(MAX_MBOX_MESSAGES) {
        let root = mime::parse_message(text, envelope_end(text, range.start)..range.end);
        root.walk(&mut |entity| {
            if entity.is_message
                && let Some(table) = received::table(&entity.header)
            {
                out.push(table);
            }
        });
        if out.len() >= MAX_RANGES {
            break;
        }
    }
    out
}

/// The messages of an mbox file, split exactly as the analysis splits them.
fn mbox_messages(text: &str) -> Vec<Range<usize>> {
    crate::analysis::message::mbox::messages(text)
}

/// Where the headers start: after the mbox `From ` envelope line, when there is one.
fn envelope_end(text: &str, start: usize) -> usize {
    if text
        .get(start..)
        .is_some_and(|rest| rest.starts_with("From "))
    {
        lines::line_at(text, start).next
    } else {
        start
    }
}

/// The outline of one message: header groups, MIME tree, undelivered recipients.
fn message_symbols(
    text: &str,
    range: Range<usize>,
    findings: &[Finding],
    lang: Lang,
) -> Vec<Symbol> {
    let root = mime::parse_message(text, envelope_end(text, range.start)..range.end);
    let mut out = Vec::new();
    out.extend(header_groups(&root.header, lang));
    if !trim_end(text, root.body.clone()).is_empty() {
        out.push(body_symbol(text, &root, lang));
    }
    let dsn_blocks = collect_dsn_blocks(&root);
    out.extend(recipient_group(text, &range, findings, &dsn_blocks, lang));
    out
}

/// Which group a header belongs to.
fn group_of(name: &str) -> usize {
    let lower = name.to_ascii_lowercase();
    if lower == "received" || lower == "x-received" {
        0
    } else if matches!(
        lower.as_str(),
        "from" | "sender" | "return-path" | "reply-to"
    ) {
        1
    } else if lower.contains("authentication-results")
        || lower.starts_with("arc-")
        || lower.ends_with("dkim-signature")
        || lower == "domainkey-signature"
        || lower == "received-spf"
    {
        2
    } else if lower.contains("spam")
        || lower == "x-ms-exchange-organization-scl"
        || lower == "x-ms-exchange-organization-pcl"
        || crate::analysis::auth::stamps::is_vendor_field(&lower)
    {
        3
    } else {
        4
    }
}

/// The `Headers` group and its purpose groups.
fn header_groups(block: &HeaderBlock, lang: Lang) -> Option<Symbol> {
    let first = block.fields.first()?;
    let hops = received::timeline(block);
    let labels: [Key<0>; 5] = [ROUTING, IDENTITY, AUTHENTICATION, ANTI_SPAM, OTHER_HEADERS];
    let mut groups: [Vec<Symbol>; 5] = Default::default();
    for field in &block.fields {
        let mut symbol = header_symbol(field);
        if let Some(hop) = hops.iter().find(|hop| std::ptr::eq(hop.field, field)) {
            let route = received::route(field.value);
            let delay = hop.delay.map(|d| received::delay_label(d, lang));
            let parts: Vec<String> = route.into_iter().chain(delay).collect();
            symbol.detail = (!parts.is_empty()).then(|| parts.join(" · "));
        }
        if let Some(group) = groups.get_mut(group_of(field.name)) {
            group.push(symbol);
        }
    }
    let mut headers = Symbol::new(word(&HEADERS, lang), SymbolKind::Group, block.span.clone());
    headers.selection = first.name_span();
    headers.detail = Some(block.fields.len().to_string());
    for (label, children) in labels.iter().zip(groups) {
        if let Some(group) = group_symbol(word(label, lang), children) {
            headers.children.push(group);
        }
    }
    Some(headers)
}

/// A group spanning its children, selecting its first child.
fn group_symbol(name: &str, children: Vec<Symbol>) -> Option<Symbol> {
    let first = children.first()?;
    let start = children.iter().map(|c| c.span.start).min()?;
    let end = children.iter().map(|c| c.span.end).max()?;
    let mut group = Symbol::new(name, SymbolKind::Group, start..end);
    group.selection = first.selection.clone();
    group.detail = Some(children.len().to_string());
    group.children = children;
    Some(group)
}

fn header_symbol(field: &Field) -> Symbol {
    let mut symbol = Symbol::new(field.name, SymbolKind::Header, field.span());
    symbol.selection = field.name_span();
    let value = values::unfold(&encoded::decode_value(field.value), MAX_DETAIL_CHARS);
    symbol.detail = (!value.is_empty()).then_some(value);
    symbol
}

/// The symbol of a top-level body: its media type over the body, with the parts beneath.
fn body_symbol(text: &str, root: &Entity, lang: Lang) -> Symbol {
    let span = trim_end(text, root.body.clone());
    let mut symbol = Symbol::new(root.media.clone(), SymbolKind::Part, span.clone());
    let first = lines::line_at(text, span.start);
    symbol.selection = first.start..first.end.min(span.end);
    symbol.detail = part_detail(root);
    symbol.children = part_children(text, root, lang);
    cover_children(&mut symbol);
    symbol
}

/// One MIME part, with its parts or its embedded message beneath.
fn part_symbol(text: &str, part: &Entity, lang: Lang) -> Symbol {
    let mut symbol = Symbol::new(part.media.clone(), SymbolKind::Part, part.span.clone());
    symbol.selection = match part.header.field("content-type") {
        Some(field) => field.name_span(),
        None => {
            let first = lines::line_at(text, part.span.start);
            first.start..first.end.min(part.span.end).max(first.start)
        }
    };
    symbol.detail = part_detail(part);
    symbol.children = part_children(text, part, lang);
    cover_children(&mut symbol);
    symbol
}

/// Grows a part over its children: a part holding only blank lines starts after the trimmed end
/// of its parent.
fn cover_children(symbol: &mut Symbol) {
    if let Some(end) = symbol.children.iter().map(|c| c.span.end).max() {
        symbol.span.end = symbol.span.end.max(end);
    }
}

fn part_children(text: &str, part: &Entity, lang: Lang) -> Vec<Symbol> {
    let mut children = Vec::new();
    for child in &part.children {
        if child.is_message {
            // An embedded message: its headers, then its body.
            if let Some(first) = child.header.fields.first() {
                let mut headers = Symbol::new(
                    word(&HEADERS, lang),
                    SymbolKind::Group,
                    child.header.span.clone(),
                );
                headers.selection = first.name_span();
                headers.children = child
                    .header
                    .fields
                    .iter()
                    .map(|f| header_symbol(f))
                    .collect();
                children.push(headers);
            }
            if !trim_end(text, child.body.clone()).is_empty() {
                children.push(body_symbol(text, child, lang));
            }
        } else {
            children.push(part_symbol(text, child, lang));
        }
    }
    children.extend(part.dsn_blocks.iter().map(|block| dsn_symbol(text, block)));
    children
}

/// What a part is, then its size: `report.pdf · 12.4 KB`, `Notification · utf-8 · 1.0 KB`, or
/// the subject of an embedded message.
fn part_detail(part: &Entity) -> Option<String> {
    let value = |name: &str| part.header.field(name).map(|f| f.value);
    let filename = value("content-disposition")
        .and_then(|v| values::param(v, "filename"))
        .or_else(|| value("content-type").and_then(|v| values::param(v, "name")));
    let subject = part
        .children
        .iter()
        .find(|c| c.is_message)
        .and_then(|m| m.header.field("subject"))
        .map(|f| f.value);
    let title = match (filename, subject) {
        (Some(name), _) => Some(encoded::decode_value(&name).into_owned()),
        (None, Some(subject)) => Some(subject.to_string()),
        (None, None) => value("content-description").map(str::to_string),
    };
    let mut parts: Vec<String> = title
        .map(|t| values::unfold(&encoded::decode_value(&t), MAX_DETAIL_CHARS))
        .filter(|t| !t.is_empty())
        .into_iter()
        .collect();
    if let Some(charset) = value("content-type").and_then(|v| values::param(v, "charset")) {
        parts.push(charset.to_ascii_lowercase());
    }
    parts.push(size(part.body.len()));
    Some(parts.join(" · "))
}

fn size(bytes: usize) -> String {
    match bytes {
        0..1_024 => format!("{bytes} B"),
        1_024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1_024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// A block of a delivery-status part: the recipient it is about, or its first line for the
/// per-message block.
fn dsn_symbol(text: &str, block: &Range<usize>) -> Symbol {
    let fields = fields::header_block(text, block.clone());
    let recipient = ["final-recipient", "original-recipient"]
        .iter()
        .find_map(|name| fields.field(name));
    let Some(recipient) = recipient else {
        let first = lines::line_at(text, block.start);
        let name = values::unfold(first.text(text), MAX_DETAIL_CHARS);
        let mut symbol = Symbol::new(name, SymbolKind::Group, block.clone());
        symbol.selection = first.start..first.end.min(block.end);
        return symbol;
    };
    let value = recipient.value;
    let address = value.split_once(';').map_or(value, |(_, a)| a).trim();
    let mut symbol = Symbol::new(
        values::unfold(address, MAX_DETAIL_CHARS),
        SymbolKind::Recipient,
        block.clone(),
    );
    symbol.selection = recipient.value_span();
    let facts: Vec<String> = ["status", "action"]
        .iter()
        .filter_map(|name| fields.field(name))
        .map(|f| values::unfold(f.value, 40))
        .collect();
    symbol.detail = (!facts.is_empty()).then(|| facts.join(" · "));
    symbol
}

fn collect_dsn_blocks(root: &Entity) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    root.walk(&mut |entity| blocks.extend(entity.dsn_blocks.iter().cloned()));
    blocks
}

/// The undelivered recipients of this message, from the findings, each over its DSN block when
/// the finding lies in one.
fn recipient_group(
    text: &str,
    range: &Range<usize>,
    findings: &[Finding],
    dsn_blocks: &[Range<usize>],
    lang: Lang,
) -> Option<Symbol> {
    let inside: Vec<Finding> = findings
        .iter()
        .filter(|f| range.contains(&f.span.start) && f.span.end <= range.end)
        .cloned()
        .collect();
    let in_block = |f: &Finding| {
        dsn_blocks
            .iter()
            .find(|b| b.start <= f.span.start && f.span.end <= b.end)
            .cloned()
    };
    let mut children = Vec::new();
    for recipient in summary::recipients(&inside) {
        // The mention in the delivery-status part says most; the notification text comes next.
        let finding = inside
            .iter()
            .filter(|f| f.kind == FindingKind::Recipient)
            .filter(|f| {
                !recipient.address.is_empty()
                    && f.context.recipient.as_deref().is_some_and(|r| {
                        r.trim_matches(['<', '>', ' '])
                            .eq_ignore_ascii_case(&recipient.address)
                    })
            })
            .find(|f| in_block(f).is_some())
            .unwrap_or(recipient.finding);
        let span = in_block(finding).unwrap_or_else(|| finding.span.clone());
        let name = if recipient.address.is_empty() {
            text.get(finding.span.clone())
                .unwrap_or_default()
                .to_string()
        } else {
            recipient.address.clone()
        };
        let mut symbol = Symbol::new(name, SymbolKind::Recipient, span);
        symbol.selection = finding.span.clone();
        symbol.detail = recipient_detail(
            finding,
            &recipient.address,
            recipient.code.as_deref(),
            recipient.fate,
            lang,
        );
        children.push(symbol);
    }
    group_symbol(word(&UNDELIVERED, lang), children)
}

/// The verdict's own sentence when it has one (without the address the symbol is named after),
/// else code, action and reason.
fn recipient_detail(
    finding: &Finding,
    address: &str,
    code: Option<&str>,
    fate: Fate,
    lang: Lang,
) -> Option<String> {
    if let Some(message) = finding.detail.as_ref().and_then(|d| d.message(lang)) {
        let message = message
            .strip_prefix(address)
            .and_then(|rest| rest.strip_prefix(':'))
            .filter(|_| !address.is_empty())
            .unwrap_or(&message);
        return Some(values::unfold(message, MAX_DETAIL_CHARS));
    }
    let action = finding
        .context
        .action
        .map(|action| action.as_str())
        .unwrap_or(match fate {
            Fate::Failed => "failed",
            Fate::Delayed => "delayed",
        })
        .to_string();
    let parts: Vec<String> = code
        .map(str::to_string)
        .into_iter()
        .chain(Some(action))
        .chain(finding.context.reason.map(|reason| reason.to_string()))
        .collect();
    Some(parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::group_of;

    #[test]
    fn every_vendor_stamp_sits_in_the_anti_spam_group() {
        for name in [
            "X-Spam-Status",
            "X-Spamd-Result",
            "X-Rspamd-Action",
            "X-Proofpoint-GUID",
            "X-IronPort-AV",
            "X-Mimecast-Impersonation-Protect",
            "X-LASED-SpamProbability",
            "X-Gm-Message-State",
            "X-TM-AS-Result",
        ] {
            assert_eq!(group_of(name), 3, "{name}");
        }
        assert_eq!(group_of("Received"), 0);
        assert_eq!(group_of("X-Mailer"), 4);
    }
}
