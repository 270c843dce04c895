//! The hop table as the reader sees it: one row per Received hop, oldest first, with the time,
//! the delay since the previous hop and a bar of its share of the whole trip; a negative delay
//! (two servers' clocks disagreeing) is called out under the table.

use crate::analysis::structure::{HopTable, delay_label, duration_label, utc_label};
use crate::lang::{Lang, Tr};

/// Cells of the share bar.
const BAR_CELLS: u32 = 8;

const TITLE: Tr = Tr {
    en: "Received chain: {n} hops",
    fr: "Chaîne Received : {n} sauts",
    it: "Catena Received: {n} passaggi",
    ja: "Received の経路: {n} ホップ",
};

const TOTAL: Tr = Tr {
    en: "{n} from the first hop to the last",
    fr: "{n} du premier saut au dernier",
    it: "{n} dal primo passaggio all'ultimo",
    ja: "最初のホップから最後まで {n}",
};

const HEADER: Tr = Tr {
    en: "| # | from → by | time (UTC) | delay | share |",
    fr: "| # | de → par | heure (UTC) | délai | part |",
    it: "| # | da → a | ora (UTC) | ritardo | quota |",
    ja: "| # | 送信元 → 受信 | 時刻 (UTC) | 遅延 | 割合 |",
};

const SKEW: Tr = Tr {
    en: "⚠ Hop {hop} is dated {n} before the hop it came from: the two servers' clocks disagree, so this delay says nothing about the trip.",
    fr: "⚠ Le saut {hop} est daté {n} avant le saut d'où il vient : les horloges des deux serveurs divergent, ce délai ne dit donc rien du trajet.",
    it: "⚠ Il passaggio {hop} è datato {n} prima del passaggio da cui proviene: gli orologi dei due server non concordano, quindi questo ritardo non dice nulla del percorso.",
    ja: "⚠ ホップ {hop} の時刻は直前のホップより {n} 早くなっています。2 台のサーバーの時計がずれているため、この遅延は経路について何も示しません。",
};

const UNDATED: Tr = Tr {
    en: "no date",
    fr: "sans date",
    it: "senza data",
    ja: "日時なし",
};

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
    let mut out = format!(
        "**{}**",
        TITLE
            .get(lang)
            .replace("{n}", &table.rows.len().to_string())
    );
    if let Some(total) = table.total {
        out.push_str(" · ");
        out.push_str(&TOTAL.get(lang).replace("{n}", &duration_label(total, lang)));
    }
    out.push_str("\n\n");
    out.push_str(HEADER.get(lang));
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
            .map_or_else(|| UNDATED.get(lang).to_string(), utc_label);
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
            skews.push(
                SKEW.get(lang)
                    .replace("{hop}", &row.number.to_string())
                    .replace("{n}", &duration_label(-delay, lang)),
            );
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
    let mut out = TITLE
        .get(lang)
        .replace("{n}", &table.rows.len().to_string());
    if let Some(total) = table.total {
        out.push_str(" · ");
        out.push_str(&TOTAL.get(lang).replace("{n}", &duration_label(total, lang)));
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
