//! `DKIM-Signature` (RFC 6376 §3.5), `ARC-Message-Signature` and `ARC-Seal` (RFC 8617 §4.1):
//! their tag lists, and the checks that need no DNS and no cryptography.
//!
//! Checks: required tags present, no tag twice, `v=1`, no `a=rsa-sha1` (RFC 8301), no `l=`
//! (RFC 6376 §8.2), `x=` after `t=` and after the message `Date:`, `t=` not more than an hour after
//! `Date:`, `h=` covering `From`, and `d=` aligned with the `From:` domain.

use std::ops::Range;

use super::align::{self, Relation};
use super::keys::signature as w;
use crate::analysis::Severity;
use crate::catalog::sentences::{say, word};
use crate::lang::Lang;

/// Tag lists longer than this are read only up to here.
const MAX_TAGS: usize = 64;
/// How far `t=` may run ahead of `Date:` before it is worth a remark.
const FUTURE_TOLERANCE_SECS: i64 = 3600;

/// Which signature field a tag list belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigField {
    Dkim,
    ArcMessageSignature,
    ArcSeal,
}

impl SigField {
    pub fn from_name(name: &str) -> Option<SigField> {
        if name.eq_ignore_ascii_case("DKIM-Signature") {
            Some(SigField::Dkim)
        } else if name.eq_ignore_ascii_case("ARC-Message-Signature") {
            Some(SigField::ArcMessageSignature)
        } else if name.eq_ignore_ascii_case("ARC-Seal") {
            Some(SigField::ArcSeal)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SigField::Dkim => "DKIM-Signature",
            SigField::ArcMessageSignature => "ARC-Message-Signature",
            SigField::ArcSeal => "ARC-Seal",
        }
    }

    /// Prefix of the finding codes about this field (`dkim-signature:rsa-sha1`).
    pub fn code_prefix(self) -> &'static str {
        match self {
            SigField::Dkim => "dkim-signature",
            SigField::ArcMessageSignature => "arc-message-signature",
            SigField::ArcSeal => "arc-seal",
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            SigField::Dkim => &["v", "a", "b", "bh", "d", "h", "s"],
            SigField::ArcMessageSignature => &["i", "a", "b", "bh", "d", "h", "s"],
            SigField::ArcSeal => &["i", "a", "b", "cv", "d", "s"],
        }
    }

    fn defines(self, tag: &str) -> bool {
        match self {
            SigField::Dkim => matches!(
                tag,
                "v" | "a" | "b" | "bh" | "c" | "d" | "h" | "i" | "l" | "q" | "s" | "t" | "x" | "z"
            ),
            SigField::ArcMessageSignature => matches!(
                tag,
                "i" | "a" | "b" | "bh" | "c" | "d" | "h" | "l" | "q" | "s" | "t" | "x" | "z"
            ),
            SigField::ArcSeal => matches!(tag, "i" | "a" | "b" | "cv" | "d" | "s" | "t"),
        }
    }
}

/// One `tag=value` of a tag list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lower-case tag name.
    pub name: String,
    /// The value with folding removed (all whitespace for `b=`, `bh=`, `h=`).
    pub value: String,
    /// From the tag name to the end of the value.
    pub span: Range<usize>,
}

/// Reads a tag list (`v=1; a=rsa-sha256; …`) starting at byte `base`.
pub fn tags(value: &str, base: usize) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut offset = 0;
    for segment in value.split(';') {
        let seg_start = offset;
        offset += segment.len() + 1;
        if out.len() >= MAX_TAGS {
            break;
        }
        let Some((name, raw)) = segment.split_once('=') else {
            continue;
        };
        let name_trimmed = name.trim();
        if name_trimmed.is_empty()
            || !name_trimmed
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            continue;
        }
        let lead = name.len() - name.trim_start().len();
        let name_start = seg_start + lead;
        let raw_trimmed = raw.trim_end();
        let value_end = seg_start + name.len() + 1 + raw_trimmed.len();
        let lower = name_trimmed.to_ascii_lowercase();
        let value = if matches!(lower.as_str(), "b" | "bh" | "h") {
            raw.split_ascii_whitespace().collect()
        } else {
            super::cursor::unfold(raw)
        };
        out.push(Tag {
            name: lower,
            value,
            span: base + name_start..base + value_end.max(name_start + name_trimmed.len()),
        });
    }
    out
}

/// The value of the first tag named `name`.
pub fn tag<'a>(tags: &'a [Tag], name: &str) -> Option<&'a str> {
    tags.iter()
        .find(|t| t.name == name)
        .map(|t| t.value.as_str())
}

/// Something wrong with a signature, found without DNS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    MissingTags(Vec<String>),
    DuplicateTag(String),
    BadVersion(String),
    Sha1,
    BodyLength(String),
    ExpiresBeforeTimestamp {
        x: i64,
        t: i64,
    },
    ExpiredAtDate {
        x: i64,
        date: i64,
    },
    TimestampAfterDate {
        t: i64,
        date: i64,
    },
    FromNotSigned,
    NotAligned {
        d: String,
        from: String,
    },
    ArcDuplicate {
        field: &'static str,
        instance: u32,
    },
    ArcGap {
        missing: Vec<u32>,
    },
    ArcIncomplete {
        instance: u32,
        missing: Vec<&'static str>,
    },
    ArcRange {
        instance: u32,
    },
    ArcCvFail {
        instance: u32,
    },
    ArcCvNoneLater {
        instance: u32,
    },
    ArcCvFirst {
        cv: String,
    },
}

impl Problem {
    /// The finding code: `dkim-signature:rsa-sha1`, `arc:instance-gap`, `arc-seal:cv=fail`.
    pub fn code(&self, field: SigField) -> String {
        let prefix = field.code_prefix();
        let name = match self {
            Problem::MissingTags(_) => "missing-tag",
            Problem::DuplicateTag(_) => "duplicate-tag",
            Problem::BadVersion(_) => "version",
            Problem::Sha1 => "rsa-sha1",
            Problem::BodyLength(_) => "body-length",
            Problem::ExpiresBeforeTimestamp { .. } => "x-before-t",
            Problem::ExpiredAtDate { .. } => "expired",
            Problem::TimestampAfterDate { .. } => "future",
            Problem::FromNotSigned => "from-not-signed",
            Problem::NotAligned { .. } => "not-aligned",
            Problem::ArcDuplicate { .. } => return "arc:duplicate-instance".into(),
            Problem::ArcGap { .. } => return "arc:instance-gap".into(),
            Problem::ArcIncomplete { .. } => return "arc:incomplete-set".into(),
            Problem::ArcRange { .. } => return "arc:instance-range".into(),
            Problem::ArcCvFail { .. } => return "arc-seal:cv=fail".into(),
            Problem::ArcCvNoneLater { .. } => return "arc-seal:cv=none".into(),
            Problem::ArcCvFirst { cv } => return format!("arc-seal:cv={cv}"),
        };
        format!("{prefix}:{name}")
    }

    /// Problems that make receivers reject the signature or the chain are warnings (the verdict
    /// in Authentication-Results carries the failure itself); risks and oddities that do not break
    /// verification are information.
    pub fn severity(&self) -> Severity {
        match self {
            Problem::TimestampAfterDate { .. } | Problem::NotAligned { .. } => {
                Severity::Information
            }
            _ => Severity::Warning,
        }
    }

    /// The one-line explanation; `field` names the header the problem is in.
    pub fn message(&self, lang: Lang, field: &str) -> String {
        match self {
            Problem::MissingTags(tags) => say(&w::MISSING_TAGS, [field, &tags.join(", ")], lang),
            Problem::DuplicateTag(tag) => say(&w::DUPLICATE_TAG, [tag], lang),
            Problem::BadVersion(value) => say(&w::BAD_VERSION, [value], lang),
            Problem::Sha1 => word(&w::SHA1, lang).to_string(),
            Problem::BodyLength(value) => say(&w::BODY_LENGTH, [value], lang),
            Problem::ExpiresBeforeTimestamp { x, t } => {
                say(&w::EXPIRES_BEFORE_TIMESTAMP, [&utc(*x), &utc(*t)], lang)
            }
            Problem::ExpiredAtDate { x, date } => {
                say(&w::EXPIRED_AT_DATE, [&utc(*x), &utc(*date)], lang)
            }
            Problem::TimestampAfterDate { t, date } => {
                say(&w::TIMESTAMP_AFTER_DATE, [&utc(*t), &utc(*date)], lang)
            }
            Problem::FromNotSigned => word(&w::FROM_NOT_SIGNED, lang).to_string(),
            Problem::NotAligned { d, from } => say(&w::NOT_ALIGNED, [d, from], lang),
            Problem::ArcDuplicate { field, instance } => {
                say(&w::ARC_DUPLICATE, [field, &instance.to_string()], lang)
            }
            Problem::ArcGap { missing } => say(
                &w::ARC_GAP,
                [&missing
                    .iter()
                    .map(|i| format!("i={i}"))
                    .collect::<Vec<_>>()
                    .join(", ")],
                lang,
            ),
            Problem::ArcIncomplete { instance, missing } => say(
                &w::ARC_INCOMPLETE,
                [&instance.to_string(), &missing.join(", ")],
                lang,
            ),
            Problem::ArcRange { instance } => say(&w::ARC_RANGE, [&instance.to_string()], lang),
            Problem::ArcCvFail { instance } => say(&w::ARC_CV_FAIL, [&instance.to_string()], lang),
            Problem::ArcCvNoneLater { instance } => {
                say(&w::ARC_CV_NONE_LATER, [&instance.to_string()], lang)
            }
            Problem::ArcCvFirst { cv } => say(&w::ARC_CV_FIRST, [cv], lang),
        }
    }
}

/// What the header block tells about the message, for checks that compare with it.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The `Date:` of the message, in seconds since 1970.
    pub date: Option<i64>,
    /// The domain of the `From:` address.
    pub from: Option<String>,
}

/// The problems of one signature: those about the field as a whole, and one per tag at most.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    pub field: Vec<Problem>,
    /// Parallel to the tags.
    pub tags: Vec<Option<Problem>>,
}

/// Checks a signature's tags against the rules and the message context.
pub fn check(field: SigField, tags: &[Tag], ctx: &Context) -> Checked {
    let mut out = Checked {
        field: Vec::new(),
        tags: vec![None; tags.len()],
    };
    let missing: Vec<String> = field
        .required()
        .iter()
        .filter(|name| !tags.iter().any(|t| t.name == **name))
        .map(|name| format!("{name}="))
        .collect();
    if !missing.is_empty() {
        out.field.push(Problem::MissingTags(missing));
    }
    let number = |name: &str| {
        tag(tags, name)
            .filter(|v| v.len() <= 12)
            .and_then(|v| v.parse::<i64>().ok())
    };
    let (t, x) = (number("t"), number("x"));
    let instance = tag(tags, "i").and_then(|v| v.parse::<u32>().ok());
    for (index, current) in tags.iter().enumerate() {
        let problem = if tags[..index].iter().any(|t| t.name == current.name) {
            Some(Problem::DuplicateTag(current.name.clone()))
        } else {
            tag_problem(field, current, ctx, (t, x), instance)
        };
        if let Some(slot) = out.tags.get_mut(index) {
            *slot = problem;
        }
    }
    out
}

fn tag_problem(
    field: SigField,
    tag: &Tag,
    ctx: &Context,
    (t, x): (Option<i64>, Option<i64>),
    instance: Option<u32>,
) -> Option<Problem> {
    let value = tag.value.as_str();
    match tag.name.as_str() {
        "v" if field == SigField::Dkim && value != "1" => Some(Problem::BadVersion(value.into())),
        "a" if value.eq_ignore_ascii_case("rsa-sha1") => Some(Problem::Sha1),
        "l" if field != SigField::ArcSeal => Some(Problem::BodyLength(value.into())),
        "x" => {
            let x = x?;
            match (t, ctx.date) {
                (Some(t), _) if x <= t => Some(Problem::ExpiresBeforeTimestamp { x, t }),
                (_, Some(date)) if x < date => Some(Problem::ExpiredAtDate { x, date }),
                _ => None,
            }
        }
        "t" => {
            let (t, date) = (t?, ctx.date?);
            (t > date.saturating_add(FUTURE_TOLERANCE_SECS))
                .then_some(Problem::TimestampAfterDate { t, date })
        }
        "h" if field != SigField::ArcSeal => {
            let signs_from = value
                .split(':')
                .any(|name| name.trim().eq_ignore_ascii_case("from"));
            (!signs_from).then_some(Problem::FromNotSigned)
        }
        "cv" if field == SigField::ArcSeal => {
            let instance = instance?;
            let cv = value.to_ascii_lowercase();
            match (instance, cv.as_str()) {
                (_, "fail") => Some(Problem::ArcCvFail { instance }),
                (1, "none") => None,
                (1, _) => Some(Problem::ArcCvFirst { cv }),
                (_, "none") => Some(Problem::ArcCvNoneLater { instance }),
                _ => None,
            }
        }
        "d" if field == SigField::Dkim => {
            let d = align::domain_of(value)?;
            let from = ctx.from.as_ref()?;
            (align::relation(&d, from) == Relation::None).then(|| Problem::NotAligned {
                d,
                from: from.clone(),
            })
        }
        _ => None,
    }
}

/// Markdown explaining one tag: its meaning and, for times, the date it stands for.
pub fn tag_markdown(field: SigField, tag: &Tag, lang: Lang) -> String {
    let meaning = if field.defines(&tag.name) {
        w::tag_meaning(&tag.name).map(|key| word(&key, lang).to_string())
    } else {
        None
    }
    .unwrap_or_else(|| say(&w::UNKNOWN_TAG, [&tag.name], lang));
    let mut value = tag.value.clone();
    if value.chars().count() > 80 {
        value = value.chars().take(77).collect::<String>() + "…";
    }
    let mut out = format!("**{}** `{}={}` — {meaning}", field.name(), tag.name, value);
    if matches!(tag.name.as_str(), "t" | "x")
        && let Ok(seconds) = tag.value.parse::<i64>()
    {
        out.push_str(&format!(" ({})", utc(seconds)));
    }
    out
}

/// A Unix time as `2024-06-12 01:35:30 UTC`.
pub fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problems `check` finds in the tags of a DKIM-Signature value.
    fn dkim_tag_problems(value: &str, ctx: &Context) -> Vec<Problem> {
        check(SigField::Dkim, &tags(value, 0), ctx)
            .tags
            .into_iter()
            .flatten()
            .collect()
    }

    #[test]
    fn folded_tag_list_with_exact_spans() {
        let value = " v=1; a=rsa-sha256; d=example.com; s=sel;\r\n\th=From:To:\r\n\t Subject; bh=abc\r\n\t=; b=AAA\r\n BBB";
        let list = tags(value, 100);
        let names: Vec<&str> = list.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["v", "a", "d", "s", "h", "bh", "b"]);
        let h = &list[4];
        assert_eq!(h.value, "From:To:Subject");
        assert_eq!(
            &value[h.span.start - 100..h.span.end - 100],
            "h=From:To:\r\n\t Subject"
        );
        assert_eq!(tag(&list, "b"), Some("AAABBB"));
        assert_eq!(tag(&list, "bh"), Some("abc="));
    }

    #[test]
    fn rsa_sha1_length_and_unsigned_from() {
        let list = tags(
            " v=1; a=rsa-sha1; d=example.com; s=s; h=to:subject; l=10; bh=x; b=y",
            0,
        );
        let checked = check(SigField::Dkim, &list, &Context::default());
        assert!(checked.field.is_empty());
        let found: Vec<Problem> = checked.tags.into_iter().flatten().collect();
        assert_eq!(
            found,
            [
                Problem::Sha1,
                Problem::FromNotSigned,
                Problem::BodyLength("10".into())
            ]
        );
    }

    #[test]
    fn times_are_compared_with_each_other_and_the_date() {
        let ctx = Context {
            date: Some(1_700_000_000),
            from: Some("example.com".into()),
        };
        assert_eq!(
            dkim_tag_problems(
                " v=1; a=rsa-sha256; d=example.net; s=s; h=from; bh=x; b=y; t=1700090000; x=1700080000",
                &ctx
            ),
            [
                Problem::NotAligned {
                    d: "example.net".into(),
                    from: "example.com".into()
                },
                Problem::TimestampAfterDate {
                    t: 1_700_090_000,
                    date: 1_700_000_000
                },
                Problem::ExpiresBeforeTimestamp {
                    x: 1_700_080_000,
                    t: 1_700_090_000
                },
            ]
        );
        assert_eq!(
            dkim_tag_problems(" x=1699990000", &ctx),
            [Problem::ExpiredAtDate {
                x: 1_699_990_000,
                date: 1_700_000_000
            }]
        );
    }

    #[test]
    fn missing_and_duplicate_tags() {
        let list = tags(" v=1; d=example.com; d=example.org", 0);
        let checked = check(SigField::Dkim, &list, &Context::default());
        assert_eq!(
            checked.field,
            [Problem::MissingTags(vec![
                "a=".into(),
                "b=".into(),
                "bh=".into(),
                "h=".into(),
                "s=".into()
            ])]
        );
        assert_eq!(checked.tags[2], Some(Problem::DuplicateTag("d".into())));
    }

    #[test]
    fn unix_times_read_as_utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_718_156_130), "2024-06-12 01:35:30 UTC");
    }
}
