//! The hop table as the reader sees it: one row per Received hop, oldest first, with the time,
//! the delay since the previous hop and a bar of its share of the whole trip; a negative delay
//! (two servers' clocks disagreeing) is called out under the table.

use crate::analysis::structure::{HopTable, delay_label, duration_label, utc_label};
use crate::catalog::sentences::{say, word};
use crate::lang::Lang;

crate::keys! {
    TITLE = "interface.hops.title" (n);
    TOTAL = "interface.hops.total" (n);
    HEADER = "interface.hops.header";
    SKEW = "interface.hops.skew" (hop, n);
    UNDATED = "interface.hops.undated";
}

/// Cells of the share bar.
const BAR_CELLS: u32 = 8;

/// A table cell: `|` would end the cell, line breaks the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// `█████░░░` for a share in per mille.
pub fn bar(share: u32) -> String {
    let filled = (share.min(1000) * BAR_CELLS + 500) / 1000;
    let mut out = "█".repeat(filled as usize);
    out.push_str(&"░".repeat((BAR_CELLS - filled) as usize));
    out
}

/// The hover markdown of a hop table.
pub fn markdown(table: &HopTable, lang: Lang) -> String {
    let mut out = format!("**{}**", say(&TITLE, [&table.rows.len().to_string()], lang));
    if let Some(total) = table.total {
        out.push_str(" · ");
        out.push_str(&say(&TOTAL, [&duration_label(total, lang)], lang));
    }
    out.push_str("\n\n");
    out.push_str(word(&HEADER, lang));
    out.push_str("\n| --: | --- | --- | --: | --- |\n");
    let mut skews = Vec::new();
    for row in &table.rows {
        let route = match (&row.from, &row.by) {
            (Some(from), Some(by)) => format!("{} → {}", cell(from), cell(by)),
            (None, Some(by)) => format!("→ {}", cell(by)),
            (Some(from), None) => format!("{} →", cell(from)),
            (None, None) => String::new(),
        };
        let time = row
            .time
            .map_or_else(|| word(&UNDATED, lang).to_string(), utc_label);
        let delay = row.delay.map(|d| delay_label(d, lang)).unwrap_or_default();
        let share = row
            .share
            .map(|s| format!("`{}` {} %", bar(s), (s + 5) / 10))
            .unwrap_or_default();
        out.push_str(&format!(
            "| {} | {route} | {time} | {delay} | {share} |\n",
            row.number
        ));
        if let Some(delay) = row.delay.filter(|d| *d < 0) {
            skews.push(say(
                &SKEW,
                [&row.number.to_string(), &duration_label(-delay, lang)],
                lang,
            ));
        }
    }
    for skew in skews {
        out.push('\n');
        out.push_str(&skew);
        out.push('\n');
    }
    out
}

/// The code lens title on the first Received field: `Received chain: 3 hops · 18 s from …`.
pub fn lens_title(table: &HopTable, lang: Lang) -> String {
    let mut out = say(&TITLE, [&table.rows.len().to_string()], lang);
    if let Some(total) = table.total {
        out.push_str(" · ");
        out.push_str(&say(&TOTAL, [&duration_label(total, lang)], lang));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::structure::HopRow;

    fn row(
        number: usize,
        from: &str,
        by: &str,
        time: i64,
        delay: Option<i64>,
        share: Option<u32>,
    ) -> HopRow {
        HopRow {
            number,
            from: Some(from.into()),
            by: Some(by.into()),
            time: Some(time),
            delay,
            share,
        }
    }

    #[test]
    fn bars_round_to_the_nearest_cell() {
        assert_eq!(bar(0), "░░░░░░░░");
        assert_eq!(bar(625), "█████░░░");
        assert_eq!(bar(1000), "████████");
    }

    #[test]
    fn a_table_with_a_clock_skew() {
        let table = HopTable {
            span: 0..10,
            rows: vec![
                row(1, "pc", "mx1.example", 1_730_711_520, None, None),
                row(
                    2,
                    "mx1.example",
                    "mx2|x",
                    1_730_711_530,
                    Some(10),
                    Some(1000),
                ),
                row(
                    3,
                    "mx2.example",
                    "inbox.example",
                    1_730_711_527,
                    Some(-3),
                    Some(0),
                ),
            ],
            total: Some(7),
        };
        let md = markdown(&table, Lang::En);
        assert!(
            md.starts_with("**Received chain: 3 hops** · 7 s from the first hop to the last"),
            "{md}"
        );
        assert!(
            md.contains(
                "| 2 | mx1.example → mx2\\|x | 2024-11-04 09:12:10 | +10 s | `████████` 100 % |"
            ),
            "{md}"
        );
        assert!(md.contains("⚠ Hop 3 is dated 3 s before"), "{md}");
        assert!(markdown(&table, Lang::Ja).contains("ホップ 3"));
    }
}
