//! Date-times of Date and Received fields, as seconds since the epoch.
//!
//! mail-parser's RFC 5322 parser reads them first. The obsolete forms real Received fields still
//! carry and that it rejects go through the reader below: two- and three-digit years, named
//! zones (`EST`, `GMT`, military letters), comments (`(PDT)`), missing seconds or zone, asctime
//! order (`Jan 15 10:00:00 2024`) and Exchange's `Thursday, April 09, 2003 9:00 AM`. Over the
//! 1,293 Date and Received dates of the fixtures and Sisimai samples the two never disagree;
//! mail-parser alone reads 4 (a Received date followed by a stray `id` line), this reader alone 1
//! (the Exchange form).

use mail_parser::DateTime;

/// Longest date text read.
const MAX_DATE_BYTES: usize = 256;

/// Seconds since the Unix epoch (UTC) of a date-time, or `None` when it is not one.
pub(crate) fn parse(text: &str) -> Option<i64> {
    let head =
        text.get(..crate::text::floor_char_boundary(text, MAX_DATE_BYTES.min(text.len())))?;
    DateTime::parse_rfc822(head.trim())
        .filter(|date| date.is_valid() && date.year >= 1970)
        .map(|date| date.to_timestamp())
        .or_else(|| parse_obsolete(text))
}

/// The obsolete forms mail-parser rejects.
fn parse_obsolete(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let bytes = bytes.get(..bytes.len().min(MAX_DATE_BYTES))?;
    let mut day: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut year: Option<u32> = None;
    let mut time: Option<(u32, u32, u32)> = None;
    let mut zone: Option<i64> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'(' => i = skip_comment(bytes, i),
            b'+' | b'-' if time.is_some() && zone.is_none() => match bytes.get(i + 1..i + 5) {
                Some(digits) if digits.iter().all(u8::is_ascii_digit) => {
                    let value = number(digits);
                    let minutes = i64::from(value / 100 * 60 + value % 100);
                    zone = Some(if b == b'-' { -minutes } else { minutes });
                    i += 5;
                }
                _ => i += 1,
            },
            b'0'..=b'9' => {
                let start = i;
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                let run = bytes.get(start..i)?;
                if bytes.get(i) == Some(&b':') {
                    let (parsed, end) = clock(bytes, start)?;
                    time = Some(parsed);
                    i = end;
                } else if run.len() > 4 {
                    return None;
                } else if day.is_none() && year.is_none() && run.len() <= 2 {
                    day = Some(number(run));
                } else if year.is_none() {
                    year = Some(full_year(number(run), run.len()));
                } else {
                    return None;
                }
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                let start = i;
                while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                    i += 1;
                }
                let word = bytes.get(start..i)?;
                if let Some(m) = month_number(word) {
                    month.get_or_insert(m);
                } else if time.is_some() && zone.is_none() {
                    zone = named_zone(word);
                }
            }
            _ => i += 1,
        }
    }
    let (day, month, year, (hour, minute, second)) = (day?, month?, year?, time?);
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 || year < 1970 {
        return None;
    }
    let zone = zone.unwrap_or(0);
    let date = DateTime {
        year: u16::try_from(year).ok()?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
        hour: u8::try_from(hour).ok()?,
        minute: u8::try_from(minute).ok()?,
        second: u8::try_from(second).ok()?,
        tz_before_gmt: zone < 0,
        tz_hour: u8::try_from(zone.unsigned_abs() / 60).ok()?,
        tz_minute: u8::try_from(zone.unsigned_abs() % 60).ok()?,
    };
    Some(date.to_timestamp())
}

fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0u32, |acc, d| {
        acc.saturating_mul(10).saturating_add(u32::from(d - b'0'))
    })
}

/// `hh:mm[:ss]` starting at `start`; returns the time and where it ends.
fn clock(bytes: &[u8], start: usize) -> Option<((u32, u32, u32), usize)> {
    let mut fields = [0u32; 3];
    let mut count = 0;
    let mut i = start;
    while count < 3 {
        let from = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) && i - from < 2 {
            i += 1;
        }
        if i == from {
            return None;
        }
        *fields.get_mut(count)? = number(bytes.get(from..i)?);
        count += 1;
        if bytes.get(i) == Some(&b':') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        } else {
            break;
        }
    }
    // Fractions of a second (`10:00:00.123`) are dropped.
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    (count >= 2).then_some(((fields[0], fields[1], fields[2]), i))
}

/// Two-digit years are 1950–2049, three-digit ones count from 1900 (RFC 5322 4.3).
fn full_year(value: u32, digits: usize) -> u32 {
    match digits {
        1 | 2 if value < 50 => value + 2000,
        1 | 2 => value + 1900,
        3 => value + 1900,
        _ => value,
    }
}

fn month_number(word: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let prefix = word.get(..3)?;
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(prefix))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Offset in minutes of an obsolete zone name. Military letters and unknown names count as
/// UTC, as RFC 5322 asks for the former.
fn named_zone(word: &[u8]) -> Option<i64> {
    let hours = match word.to_ascii_uppercase().as_slice() {
        b"EDT" => -4,
        b"EST" | b"CDT" => -5,
        b"CST" | b"MDT" => -6,
        b"MST" | b"PDT" => -7,
        b"PST" => -8,
        _ => 0,
    };
    Some(hours * 60)
}

fn skip_comment(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b'\\' => i += 1,
            _ => {}
        }
    }
    i
}

/// `2024-11-04 09:12:03` (UTC) for seconds since the epoch.
pub(crate) fn format_utc(timestamp: i64) -> String {
    let date = DateTime::from_timestamp(timestamp);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        date.year, date.month, date.day, date.hour, date.minute, date.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modern_and_obsolete_forms() {
        let utc = parse("Mon, 4 Nov 2024 09:12:03 +0000").unwrap();
        assert_eq!(utc, 1_730_711_523);
        assert_eq!(parse("Mon, 4 Nov 2024 10:12:03 +0100 (CET)"), Some(utc));
        assert_eq!(parse(" 4 Nov 24 04:12:03 EST"), Some(utc));
        assert_eq!(parse("Mon,  4 Nov 2024 09:12:03 GMT"), Some(utc));
        assert_eq!(parse("4 Nov 124 09:12:03 Z"), Some(utc));
        assert_eq!(parse("Mon, 4 Nov 2024 09:12 +0000"), Some(utc - 3));
        assert_eq!(parse("Mon, 4 Nov 2024 09:12:03.345 +0000"), Some(utc));
        assert_eq!(parse("Mon Nov  4 09:12:03 2024"), Some(utc));
        assert_eq!(
            parse("(comment) 4 Nov 2024 (x (nested)) 09:12:03 -0000"),
            Some(utc)
        );
        // mail-parser reads a date followed by more text; this reader alone does not.
        assert_eq!(
            parse("Mon, 4 Nov 2024 09:12:03 +0000\n  id 0F1BC0E0"),
            Some(utc)
        );
        assert_eq!(
            parse_obsolete("Mon, 4 Nov 2024 09:12:03 +0000\n  id 0F1BC0E0"),
            None
        );
        // Exchange's form: mail-parser rejects it.
        let exchange = "Thursday, April 09, 2003 9:00 AM";
        assert!(DateTime::parse_rfc822(exchange).is_none_or(|d| !d.is_valid()));
        assert_eq!(
            parse(exchange).map(format_utc).as_deref(),
            Some("2003-04-09 09:00:00")
        );
    }

    #[test]
    fn timestamps_print_as_utc() {
        assert_eq!(format_utc(1_730_711_523), "2024-11-04 09:12:03");
        assert_eq!(format_utc(0), "1970-01-01 00:00:00");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(format_utc(-4), "1969-12-31 23:59:56");
    }

    #[test]
    fn mail_parser_and_the_obsolete_reader_agree_on_every_fixture_date() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests");
        let mut stack = vec![std::path::PathBuf::from(root)];
        let (mut both, mut obsolete_only, mut mail_parser_only) = (0, 0, 0);
        let mut disagreements = Vec::new();
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(
                    std::fs::read_dir(&path)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path()),
                );
                continue;
            }
            if path.extension().is_none_or(|x| x != "eml") {
                continue;
            }
            let text =
                String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
            for field in crate::analysis::fields::every(&text) {
                let date = if field.is("Received") {
                    field.value.rsplit_once(';').map(|(_, date)| date)
                } else if field.is("Date") {
                    Some(field.value)
                } else {
                    None
                };
                let Some(date) = date else { continue };
                let ours = parse_obsolete(date);
                let theirs = DateTime::parse_rfc822(date.trim())
                    .filter(|d| d.is_valid() && d.year >= 1970)
                    .map(|d| d.to_timestamp());
                match (ours, theirs) {
                    (Some(a), Some(b)) if a == b => both += 1,
                    (Some(_), Some(_)) => disagreements.push(date.trim().to_string()),
                    (Some(_), None) => obsolete_only += 1,
                    (None, Some(_)) => mail_parser_only += 1,
                    (None, None) => {}
                }
            }
        }
        assert_eq!(disagreements, Vec::<String>::new());
        assert!(both >= 1_286, "{both}");
        assert!(obsolete_only >= 1, "{obsolete_only}");
        assert!(mail_parser_only >= 4, "{mail_parser_only}");
    }

    #[test]
    fn not_dates() {
        for text in [
            "",
            "tomorrow",
            "4 Nov 2024",
            "32 Nov 2024 09:00:00",
            "4 Foo 2024 09:00:00",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
