//! CSV logs: Exchange Server message-tracking and SMTP protocol logs (`#Fields:` header, one row
//! per event, `recipient-address` and `recipient-status` lists in step) and Microsoft 365
//! message-trace exports (a header row naming the columns).

use crate::delivery::Action;
use std::ops::Range;

use super::delivery::{self, Delivery};
use crate::analysis::Finding;

/// Most cells read from one row.
const MAX_CELLS: usize = 64;
/// Most recipients read from one row.
const MAX_RECIPIENTS: usize = 256;

/// Where the columns a verdict needs sit in a row (0-based), as the header names them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    pub recipient: Option<u8>,
    /// The per-recipient response (`recipient-status`, `recipient_status`, `Detail`).
    pub detail: Option<u8>,
    /// The event or delivery state (`event-id`, `Status`, `delivery_status`).
    pub state: Option<u8>,
    pub message_id: Option<u8>,
}

impl Columns {
    /// The columns of Exchange's message-tracking log, for rows pasted without their header.
    pub fn exchange_defaults() -> Columns {
        Columns {
            recipient: Some(12),
            detail: Some(13),
            state: Some(8),
            message_id: Some(10),
        }
    }

    fn from_names<'n>(names: impl Iterator<Item = &'n str>) -> Columns {
        let mut columns = Columns::default();
        for (index, name) in names.enumerate().take(MAX_CELLS) {
            let name: String = name
                .trim()
                .trim_matches('"')
                .chars()
                .filter(|c| !matches!(c, ' ' | '_' | '-'))
                .collect::<String>()
                .to_ascii_lowercase();
            let index = Some(index as u8);
            match name.as_str() {
                "recipientaddress" | "recipientaddresses" | "recipient" | "recipients" => {
                    columns.recipient = columns.recipient.or(index)
                }
                "recipientstatus" | "detail" | "details" | "deliverydetail" | "reason" => {
                    columns.detail = columns.detail.or(index)
                }
                "eventid" | "event" | "status" | "deliverystatus" => {
                    columns.state = columns.state.or(index)
                }
                "messageid" | "internetmessageid" => {
                    columns.message_id = columns.message_id.or(index)
                }
                _ => {}
            }
        }
        columns
    }
}

/// The columns of an Exchange log's `#Fields:` line.
pub fn fields_line(line: &str) -> Columns {
    let names = line.strip_prefix("#Fields:").unwrap_or(line);
    Columns::from_names(names.split(','))
}

/// The columns of the first `#Fields:` line of a document.
pub fn header_columns(text: &str) -> Option<Columns> {
    text.lines()
        .take(50)
        .find(|l| l.starts_with("#Fields:"))
        .map(fields_line)
        .or_else(|| text.lines().take(5).find_map(m365_header))
}

/// The columns of a message-trace export's header row, when `line` is one.
pub fn m365_header(line: &str) -> Option<Columns> {
    let lower = line.trim_start_matches('\u{feff}').to_ascii_lowercase();
    let looks = lower.contains(',')
        && lower.contains("recipient")
        && (lower.contains("message id")
            || lower.contains("message_id")
            || lower.contains("messageid")
            || lower.contains("message trace id")
            || lower.contains("origin_timestamp")
            || lower.contains("date_time")
            || lower.contains("received"))
        && !lower.contains('@');
    if !looks {
        return None;
    }
    let cells = cells(line.trim_start_matches('\u{feff}'));
    let offset = line.len() - line.trim_start_matches('\u{feff}').len();
    let names = cells.iter().map(|c| {
        line.get(c.start + offset..c.end + offset)
            .unwrap_or_default()
    });
    let columns = Columns::from_names(names);
    columns.recipient.map(|_| columns)
}

/// The cells of a CSV row, quotes excluded from their ranges.
///
/// `csv-core` decides where each field ends (quoting, doubled quotes, delimiters inside quotes);
/// it is used rather than the `csv` crate's reader because a finding needs each cell's byte span
/// in the source line, which only the core reader's consumed-byte counts give.
fn cells(line: &str) -> Vec<Range<usize>> {
    use csv_core::{ReadFieldResult, Reader};
    let bytes = line.as_bytes();
    let mut reader = Reader::new();
    // Decoded field bytes are not needed, only where each field ends; a full buffer just means
    // the same field goes on.
    let mut scratch = [0u8; 1024];
    let mut out = Vec::new();
    let (mut at, mut field_start) = (0, 0);
    while out.len() < MAX_CELLS {
        let (result, consumed, _) =
            reader.read_field(bytes.get(at..).unwrap_or_default(), &mut scratch);
        at += consumed;
        let record_end = match result {
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => continue,
            ReadFieldResult::End => break,
            ReadFieldResult::Field { record_end } => record_end,
        };
        let mut end = at;
        while end > field_start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        if !record_end && bytes.get(end.wrapping_sub(1)) == Some(&b',') && end > field_start {
            end -= 1;
        }
        out.push(unquoted(bytes, field_start..end));
        field_start = at;
        if record_end {
            break;
        }
    }
    out
}

/// A field's span without its surrounding quotes (text after a closing quote is dropped, as
/// the reader drops it).
fn unquoted(bytes: &[u8], field: Range<usize>) -> Range<usize> {
    if bytes.get(field.start) != Some(&b'"') {
        return field;
    }
    let start = field.start + 1;
    let end = bytes
        .get(start..field.end)
        .and_then(|inner| memchr::memrchr(b'"', inner))
        .map_or(field.end, |i| start + i);
    start..end.max(start)
}

/// Reads one row and emits a verdict per failed recipient. Returns the row's Message-ID.
pub fn scan<'l>(
    line: &'l str,
    base: usize,
    columns: Columns,
    out: &mut Vec<Finding>,
) -> Option<&'l str> {
    let cells = cells(line);
    let cell = |index: Option<u8>| index.and_then(|i| cells.get(i as usize)).cloned();
    let message_id = cell(columns.message_id)
        .and_then(|r| line.get(r))
        .map(str::trim)
        .filter(|id| !id.is_empty());
    let recipients_cell = cell(columns.recipient)?;
    let recipients = split_list(line, recipients_cell, |_| true);
    let detail_cell = cell(columns.detail);
    let details = match &detail_cell {
        Some(range) if recipients.len() > 1 => split_list(line, range.clone(), starts_a_status),
        Some(range) => vec![range.clone()],
        None => Vec::new(),
    };
    let state = cell(columns.state)
        .and_then(|r| line.get(r))
        .map(|s| s.trim().to_ascii_uppercase())
        .unwrap_or_default();
    for (i, recipient) in recipients.iter().enumerate().take(MAX_RECIPIENTS) {
        if !line[recipient.clone()].contains('@') {
            continue;
        }
        let detail = details.get(i).or(details.first()).cloned();
        let class = detail
            .clone()
            .and_then(|d| line.get(d))
            .and_then(first_class);
        let Some(action) = action(&state, class) else {
            continue;
        };
        let delivery = Delivery {
            recipient: recipient.clone(),
            action,
            dsn: None,
            response: detail,
            remote: None,
        };
        delivery::emit(line, base, &delivery, message_id, out);
    }
    message_id
}

/// What the state column and the response class say happened to a recipient.
fn action(state: &str, class: Option<u8>) -> Option<Action> {
    const FAILED: &[&str] = &[
        "FAIL",
        "FAILED",
        "DSN",
        "DROP",
        "BADMAIL",
        "POISONMESSAGE",
        "SUBMITFAIL",
        "RESUBMITFAIL",
        "HAREDIRECTFAIL",
        "DELIVERFAIL",
        "FILTEREDASSPAM",
        "QUARANTINED",
    ];
    const DELAYED: &[&str] = &[
        "DEFER",
        "DEFERRED",
        "RESUBMITDEFER",
        "SUBMITDEFER",
        "PENDING",
        "GETTINGSTATUS",
        "GETTING STATUS",
    ];
    if FAILED.contains(&state) {
        return Some(if class == Some(b'4') {
            Action::Delayed
        } else {
            Action::Failed
        });
    }
    if DELAYED.contains(&state) {
        return Some(Action::Delayed);
    }
    match class {
        Some(b'5') if state.is_empty() => Some(Action::Failed),
        Some(b'4') if state.is_empty() => Some(Action::Delayed),
        _ => None,
    }
}

/// The class of the first reply or enhanced code in a response (`550 5.1.1 …` → `5`).
fn first_class(text: &str) -> Option<u8> {
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'{' | b'[' | b'"'))?;
    let rest = text.get(start..)?;
    let rest = rest.strip_prefix("LED=").unwrap_or(rest);
    let first = *rest.as_bytes().first()?;
    matches!(first, b'2' | b'4' | b'5').then_some(first)
}

/// True when a list element starts like a response (`550 5.1.1 …`, `{LED=…`), which is how the
/// `;` that separates recipients is told from the one inside a response text.
fn starts_a_status(text: &str) -> bool {
    let text = text.trim_start();
    let digits = text
        .as_bytes()
        .iter()
        .take(3)
        .filter(|b| b.is_ascii_digit())
        .count();
    digits == 3 || text.starts_with('{') || text.starts_with("[{")
}

/// Splits a `;`-separated list in a cell, only at separators whose next element passes `accept`.
fn split_list(line: &str, cell: Range<usize>, accept: impl Fn(&str) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = cell.start;
    let mut at = cell.start;
    while let Some(found) = line.get(at..cell.end).and_then(|rest| rest.find(';')) {
        let separator = at + found;
        at = separator + 1;
        if accept(line.get(at..cell.end).unwrap_or_default()) {
            out.push(trimmed(line, start..separator));
            start = at;
        }
        if out.len() >= MAX_RECIPIENTS {
            break;
        }
    }
    out.push(trimmed(line, start..cell.end));
    out
}

fn trimmed(line: &str, range: Range<usize>) -> Range<usize> {
    let text = line.get(range.clone()).unwrap_or_default();
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    range.start + lead..range.end - trail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::log::testing::spans_and_codes;

    #[test]
    fn exchange_rows_pair_recipients_with_their_statuses() {
        let header = "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes";
        let columns = fields_line(header);
        assert_eq!(columns.recipient, Some(12));
        let row = "2024-11-04T09:12:03.123Z,,,,EX01,,,SMTP,FAIL,123,<a1@contoso.com>,abc,bob@fabrikam.com;ann@fabrikam.com,550 5.1.1 RESOLVER.ADR.RecipNotFound; not found;550 5.2.2 mailbox full,4711";
        let mut out = Vec::new();
        let id = scan(row, 0, columns, &mut out);
        assert_eq!(id, Some("<a1@contoso.com>"));
        assert_eq!(
            spans_and_codes(row, &out),
            vec![("bob@fabrikam.com", "5.1.1"), ("ann@fabrikam.com", "5.2.2")]
        );
    }

    #[test]
    fn quoted_cells_keep_their_commas_and_lose_their_quotes() {
        let row = r#"a,"b, c","say ""hi""",,"unterminated"#;
        let spans: Vec<&str> = cells(row).into_iter().map(|r| &row[r]).collect();
        assert_eq!(spans, ["a", "b, c", r#"say ""hi"""#, "", "unterminated"]);
    }

    #[test]
    fn message_trace_headers_name_their_columns() {
        let header = "\"Received\",\"Sender Address\",\"Recipient Address\",\"Subject\",\"Status\",\"To IP\",\"From IP\",\"Message Size\",\"Message ID\",\"Message Trace ID\"";
        let columns = m365_header(header).expect("a header");
        assert_eq!(columns.recipient, Some(2));
        assert_eq!(columns.state, Some(4));
        assert_eq!(columns.message_id, Some(8));
    }
}
