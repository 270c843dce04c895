//! RFC 5322 date-times with the obsolete forms real Received fields still carry: two- and
//! three-digit years, named zones (`EST`, `GMT`, military letters), comments (`(PDT)`), missing
//! seconds or zone, and asctime order (`Jan 15 10:00:00 2024`).

/// Longest date text read.
const MAX_DATE_BYTES: usize = 256;

/// Seconds since the Unix epoch (UTC) of a date-time, or `None` when it is not one.
pub(crate) fn parse(text: &str) -> Option<i64> {
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
    let days = days_from_civil(i64::from(year), month, day);
    let local = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(local - zone.unwrap_or(0) * 60)
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

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `2024-11-04 09:12:03` (UTC) for seconds since the epoch: the inverse of the day count above
/// (Howard Hinnant's algorithm), kept next to it rather than pulling in a date crate for one line.
pub(crate) fn format_utc(timestamp: i64) -> String {
    let days = timestamp.div_euclid(86_400);
    let seconds = timestamp.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
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
    }

    #[test]
    fn timestamps_print_as_utc() {
        assert_eq!(format_utc(1_730_711_523), "2024-11-04 09:12:03");
        assert_eq!(format_utc(0), "1970-01-01 00:00:00");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00");
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
