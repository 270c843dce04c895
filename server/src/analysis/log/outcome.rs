//! What a delivery line says became of a message for one recipient, read by one set of rules
//! for the diagnostics (the recipient verdicts) and for the outline (each message's outcome), so
//! the two never disagree about a line.

/// The fate a delivery line reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Bounced,
    Expired,
    Deferred,
    Sent,
}

impl Outcome {
    /// Postfix's `status=` word (`sent`, `deferred`, `bounced`, `expired`, `undeliverable`; the
    /// last is what address verification probes log for an address that would bounce).
    pub fn postfix(word: &[u8]) -> Option<Outcome> {
        match word {
            b"sent" => Some(Outcome::Sent),
            b"deferred" => Some(Outcome::Deferred),
            b"bounced" | b"undeliverable" => Some(Outcome::Bounced),
            b"expired" => Some(Outcome::Expired),
            _ => None,
        }
    }

    /// Sendmail's `stat=` text: `Sent (…)` and `queued` are successes, `Deferred: …` is a
    /// delay, anything else (`User unknown`, `Service unavailable`) a failure.
    pub fn sendmail(stat: &[u8]) -> Outcome {
        let starts = |prefix: &[u8]| {
            stat.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        };
        if starts(b"sent") || starts(b"queued") {
            Outcome::Sent
        } else if starts(b"deferred") {
            Outcome::Deferred
        } else {
            Outcome::Bounced
        }
    }

    /// Exim's delivery flag after the message ID: `=>`, `->`, `>>` delivered, `==` deferred,
    /// `**` failed.
    pub fn exim(flag: &[u8]) -> Option<Outcome> {
        match flag {
            b"=>" | b"->" | b">>" => Some(Outcome::Sent),
            b"==" => Some(Outcome::Deferred),
            b"**" => Some(Outcome::Bounced),
            _ => None,
        }
    }

    /// The DSN action of a recipient verdict: `failed`, `delayed`, or none for a delivery.
    pub fn action(self) -> Option<crate::delivery::Action> {
        use crate::delivery::Action;
        match self {
            Outcome::Bounced | Outcome::Expired => Some(Action::Failed),
            Outcome::Deferred => Some(Action::Delayed),
            Outcome::Sent => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_postfix_status_word_has_one_meaning() {
        assert_eq!(Outcome::postfix(b"undeliverable"), Some(Outcome::Bounced));
        assert_eq!(
            Outcome::postfix(b"expired").and_then(Outcome::action),
            Some(crate::delivery::Action::Failed)
        );
        assert_eq!(
            Outcome::postfix(b"deferred").and_then(Outcome::action),
            Some(crate::delivery::Action::Delayed)
        );
        assert_eq!(Outcome::postfix(b"sent").and_then(Outcome::action), None);
        assert_eq!(
            Outcome::postfix(b"Sent"),
            None,
            "Postfix writes its words in lower case"
        );
    }

    #[test]
    fn sendmail_queued_is_not_a_failure() {
        assert_eq!(Outcome::sendmail(b"queued"), Outcome::Sent);
        assert_eq!(
            Outcome::sendmail(b"Sent (Ok: queued as 4XkQ)"),
            Outcome::Sent
        );
        assert_eq!(
            Outcome::sendmail(b"Deferred: Connection refused"),
            Outcome::Deferred
        );
        assert_eq!(Outcome::sendmail(b"User unknown"), Outcome::Bounced);
    }
}
