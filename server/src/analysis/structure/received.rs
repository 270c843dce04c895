//! The Received chain as a timeline: each hop's time (the date after the last `;`) and its delay
//! since the previous hop, which is the one below it in the header (older). A negative delay means
//! the two servers' clocks disagree.

use super::labels::{self, CLOCK_SKEW, TOTAL};
use super::{InlayHint, date};
use crate::analysis::fields::{Field, HeaderBlock};
use crate::lang::Lang;

/// Most Received fields timed in one header block.
const MAX_HOPS: usize = 200;
/// How much of the end of a Received value is searched for its date.
const MAX_TAIL_BYTES: usize = 512;

/// One Received field with its time and its delay since the previous dated hop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hop<'b> {
    pub field: &'b Field<'b>,
    pub time: Option<i64>,
    pub delay: Option<i64>,
}

/// The Received fields of a header block, newest first as they appear, with their delays.
pub(crate) fn timeline<'b>(block: &'b HeaderBlock<'b>) -> Vec<Hop<'b>> {
    let mut hops: Vec<Hop<'b>> = block
        .fields
        .iter()
        .filter(|field| field.is("received"))
        .take(MAX_HOPS)
        .map(|field| Hop {
            field,
            time: time_of(field.value),
            delay: None,
        })
        .collect();
    let mut previous = None;
    for hop in hops.iter_mut().rev() {
        if let Some(time) = hop.time {
            hop.delay = previous.map(|before| time - before);
            previous = Some(time);
        }
    }
    hops
}

/// The time of a Received value: the date after its last `;`.
fn time_of(value: &str) -> Option<i64> {
    let start = crate::text::floor_char_boundary(value, value.len().saturating_sub(MAX_TAIL_BYTES));
    let tail = value.get(start..)?;
    let (_, date) = tail.rsplit_once(';')?;
    date::parse(date)
}

/// `+3 s`, `+2 min 5 s`, or `-4 s (clock skew)`.
pub(crate) fn delay_label(delay: i64, lang: Lang) -> String {
    let magnitude = labels::duration(delay.unsigned_abs(), lang);
    if delay < 0 {
        labels::with_n(CLOCK_SKEW, lang, format!("-{magnitude}"))
    } else {
        format!("+{magnitude}")
    }
}

/// One hint per hop that has a delay, at the end of its field. The newest dated hop also shows
/// the total time from the oldest one.
pub(crate) fn hints(block: &HeaderBlock, lang: Lang, out: &mut Vec<InlayHint>) {
    let hops = timeline(block);
    let newest = hops.iter().position(|hop| hop.time.is_some());
    let oldest = hops.iter().rposition(|hop| hop.time.is_some());
    let total = match (newest, oldest) {
        (Some(n), Some(o)) if n != o => hops
            .get(n)
            .and_then(|h| h.time)
            .zip(hops.get(o).and_then(|h| h.time))
            .map(|(last, first)| last - first),
        _ => None,
    };
    for (index, hop) in hops.iter().enumerate() {
        let Some(delay) = hop.delay else { continue };
        let mut label = delay_label(delay, lang);
        if Some(index) == newest
            && let Some(total) = total
        {
            let sign = if total < 0 { "-" } else { "" };
            let span = format!("{sign}{}", labels::duration(total.unsigned_abs(), lang));
            label.push_str(" · ");
            label.push_str(&labels::with_n(TOTAL, lang, span));
        }
        out.push(InlayHint {
            offset: hop.field.end,
            label,
        });
    }
}

/// One row of a hop table, oldest hop first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HopRow {
    /// 1 for the oldest hop (the lowest Received field).
    pub number: usize,
    pub from: Option<String>,
    pub by: Option<String>,
    /// Seconds since the Unix epoch, UTC.
    pub time: Option<i64>,
    /// Seconds since the previous dated hop; negative when the clocks disagree.
    pub delay: Option<i64>,
    /// This hop's share of the sum of the positive delays, in per mille.
    pub share: Option<u32>,
}

/// Every hop of one header block's Received chain, for the hover on its first Received field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HopTable {
    /// The first (newest) Received field, name to end of value.
    pub span: std::ops::Range<usize>,
    pub rows: Vec<HopRow>,
    /// From the oldest dated hop to the newest one.
    pub total: Option<i64>,
}

/// The hop table of a header block, or `None` when it has no Received field.
pub(crate) fn table(block: &HeaderBlock) -> Option<HopTable> {
    let hops = timeline(block);
    let span = hops.first()?.field.span();
    let positive: i64 = hops
        .iter()
        .filter_map(|h| h.delay)
        .filter(|d| *d > 0)
        .fold(0i64, i64::saturating_add);
    let count = hops.len();
    let rows: Vec<HopRow> = hops
        .iter()
        .rev()
        .enumerate()
        .map(|(index, hop)| {
            let (from, by) = endpoints(hop.field.value);
            HopRow {
                number: index + 1,
                from: from.map(str::to_string),
                by: by.map(str::to_string),
                time: hop.time,
                delay: hop.delay,
                share: hop.delay.filter(|_| positive > 0).map(|d| {
                    let share = d.max(0).saturating_mul(1000) / positive;
                    u32::try_from(share).unwrap_or(1000)
                }),
            }
        })
        .collect();
    let first = rows.iter().find_map(|r| r.time);
    let last = rows.iter().rev().find_map(|r| r.time);
    let total = match (first, last) {
        (Some(first), Some(last)) if count > 1 => Some(last.saturating_sub(first)),
        _ => None,
    };
    Some(HopTable { span, rows, total })
}

/// The `from` and `by` hosts at the start of a Received value.
fn endpoints(value: &str) -> (Option<&str>, Option<&str>) {
    let head = value.split(';').next().unwrap_or_default();
    let mut words = head.split_ascii_whitespace();
    let mut from = None;
    let mut by = None;
    while let Some(word) = words.next() {
        if word.eq_ignore_ascii_case("from") && from.is_none() && by.is_none() {
            from = words.next();
        } else if word.eq_ignore_ascii_case("by") && by.is_none() {
            by = words.next();
        }
    }
    (from, by)
}

/// `from a.example by b.example`, from the start of a Received value.
pub(crate) fn route(value: &str) -> Option<String> {
    match endpoints(value) {
        (Some(from), Some(by)) => Some(format!("from {from} by {by}")),
        (None, Some(by)) => Some(format!("by {by}")),
        (Some(from), None) => Some(format!("from {from}")),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_count_from_the_older_hop_below() {
        let text = "Received: from b by c; Mon, 4 Nov 2024 09:00:10 +0000\n\
                    Received: from a by b; Mon, 4 Nov 2024 09:00:03 +0000\n\
                    Received: from x by a; Mon, 4 Nov 2024 09:00:05 +0000\n\n";
        let block = crate::analysis::fields::header_block(text, 0..text.len());
        let delays: Vec<_> = timeline(&block).iter().map(|h| h.delay).collect();
        assert_eq!(delays, [Some(7), Some(-2), None]);
        assert_eq!(delay_label(-2, Lang::En), "-2 s (clock skew)");
        assert_eq!(delay_label(125, Lang::En), "+2 min 5 s");
        assert_eq!(
            route(" from a.example (a [1.2.3.4])\n by b.example with ESMTPS; x").as_deref(),
            Some("from a.example by b.example")
        );
    }

    #[test]
    fn the_hop_table_runs_oldest_first_with_shares_of_the_total() {
        let text = "Received: from b.example by c.example; Mon, 4 Nov 2024 09:00:10 +0000\n\
                    Received: from a.example by b.example; Mon, 4 Nov 2024 09:00:03 +0000\n\
                    Received: from x.example by a.example; Mon, 4 Nov 2024 09:00:05 +0000\n\
                    Received: by x.example (Postfix, from userid 1000); Mon, 4 Nov 2024 09:00:00 +0000\n\n";
        let block = crate::analysis::fields::header_block(text, 0..text.len());
        let table = table(&block).unwrap();
        assert!(text[table.span.clone()].starts_with("Received: from b.example"));
        type Row<'r> = (
            usize,
            Option<&'r str>,
            Option<&'r str>,
            Option<i64>,
            Option<u32>,
        );
        let rows: Vec<Row> = table
            .rows
            .iter()
            .map(|r| {
                (
                    r.number,
                    r.from.as_deref(),
                    r.by.as_deref(),
                    r.delay,
                    r.share,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (1, None, Some("x.example"), None, None),
                (2, Some("x.example"), Some("a.example"), Some(5), Some(416)),
                (3, Some("a.example"), Some("b.example"), Some(-2), Some(0)),
                (4, Some("b.example"), Some("c.example"), Some(7), Some(583)),
            ]
        );
        assert_eq!(table.total, Some(10));
    }
}
