//! Every word the outline, the hints and the bounce summary show, in the four languages.
//! `{n}` stands for a number.

use crate::catalog::sentences::{say, word};
use crate::lang::Lang;
use crate::sentence::Key;

crate::keys! {
    HEADERS = "structure.labels.headers";
    ROUTING = "structure.labels.routing";
    IDENTITY = "structure.labels.identity";
    AUTHENTICATION = "structure.labels.authentication";
    ANTI_SPAM = "structure.labels.anti-spam";
    OTHER_HEADERS = "structure.labels.other-headers";
    UNDELIVERED = "structure.labels.undelivered";
    MORE_MESSAGES = "structure.labels.more-messages" (n);
    MORE_LINES = "structure.labels.more-lines" (n);
    SENT = "structure.labels.sent";
    DEFERRED = "structure.labels.deferred";
    BOUNCED = "structure.labels.bounced";
    EXPIRED = "structure.labels.expired";
    TOTAL = "structure.labels.total" (n);
    CLOCK_SKEW = "structure.labels.clock-skew" (n);
    SECONDS = "structure.labels.seconds" (n);
    MINUTES = "structure.labels.minutes" (n);
    HOURS = "structure.labels.hours" (n);
    DAYS = "structure.labels.days" (n);
    FAILED_ONE = "structure.labels.failed-one";
    FAILED_MANY = "structure.labels.failed-many" (n);
    DELAYED_ONE = "structure.labels.delayed-one";
    DELAYED_MANY = "structure.labels.delayed-many" (n);
    /// What separates a count from the list of codes that follows it.
    LIST_INTRO = "structure.labels.list-intro";
    NO_CODE = "structure.labels.no-code";
}

/// A text with its `{n}` replaced.
pub(crate) fn with_n(text: Key<1>, lang: Lang, n: impl std::fmt::Display) -> String {
    say(&text, [&n.to_string()], lang)
}

/// The singular or plural form for a count.
pub(crate) fn count(one: Key<0>, many: Key<1>, lang: Lang, n: usize) -> String {
    if n == 1 {
        word(&one, lang).to_string()
    } else {
        with_n(many, lang, n)
    }
}

/// A duration in the largest two units that matter: `3 s`, `2 min 5 s`, `1 h 4 min`, `2 d 3 h`.
pub(crate) fn duration(seconds: u64, lang: Lang) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds % 86_400 / 3_600,
        seconds % 3_600 / 60,
        seconds % 60,
    );
    let (major, major_unit, minor, minor_unit) = if d > 0 {
        (d, DAYS, h, HOURS)
    } else if h > 0 {
        (h, HOURS, m, MINUTES)
    } else if m > 0 {
        (m, MINUTES, s, SECONDS)
    } else {
        return with_n(SECONDS, lang, s);
    };
    let mut out = with_n(major_unit, lang, major);
    if minor > 0 {
        if lang != Lang::Ja {
            out.push(' ');
        }
        out.push_str(&with_n(minor_unit, lang, minor));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(3, Lang::En), "3 s");
        assert_eq!(duration(125, Lang::En), "2 min 5 s");
        assert_eq!(duration(3_600, Lang::Fr), "1 h");
        assert_eq!(duration(2 * 86_400 + 3 * 3_600 + 5, Lang::It), "2 g 3 h");
        assert_eq!(duration(3_720, Lang::Ja), "1時間2分");
    }
}
