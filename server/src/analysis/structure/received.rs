//! The Received chain as a timeline: each hop's time (the date after the last `;`) and its delay
//! since the previous hop, which is the one below it in the header (older). A negative delay means
//! the two servers' clocks disagree.

use super::headers::{Field, HeaderBlock};
use super::labels::{self, CLOCK_SKEW, TOTAL};
use super::{InlayHint, date};
use crate::lang::Lang;

/// Most Received fields timed in one header block.
const MAX_HOPS: usize = 200;
/// How much of the end of a Received value is searched for its date.
const MAX_TAIL_BYTES: usize = 512;

/// One Received field with its time and its delay since the previous dated hop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hop<'b> {
    pub field: &'b Field,
    pub time: Option<i64>,
    pub delay: Option<i64>,
}

/// The Received fields of a header block, newest first as they appear, with their delays.
pub(crate) fn timeline<'b>(text: &str, block: &'b HeaderBlock) -> Vec<Hop<'b>> {
    let mut hops: Vec<Hop<'b>> = block
        .fields
        .iter()
        .filter(|field| field.is(text, "received"))
        .take(MAX_HOPS)
        .map(|field| Hop {
            field,
            time: time_of(field.value(text)),
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
pub(crate) fn hints(text: &str, block: &HeaderBlock, lang: Lang, out: &mut Vec<InlayHint>) {
    let hops = timeline(text, block);
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
            offset: hop.field.span.end,
            label,
        });
    }
}

/// `from a.example by b.example`, from the start of a Received value.
pub(crate) fn route(value: &str) -> Option<String> {
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
    match (from, by) {
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
        let block = super::super::headers::parse(text, 0..text.len());
        let delays: Vec<_> = timeline(text, &block).iter().map(|h| h.delay).collect();
        assert_eq!(delays, [Some(7), Some(-2), None]);
        assert_eq!(delay_label(-2, Lang::En), "-2 s (clock skew)");
        assert_eq!(delay_label(125, Lang::En), "+2 min 5 s");
        assert_eq!(
            route(" from a.example (a [1.2.3.4])\n by b.example with ESMTPS; x").as_deref(),
            Some("from a.example by b.example")
        );
    }
}
