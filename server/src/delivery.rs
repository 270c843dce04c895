//! The words of a delivery outcome: what became of a message for one recipient (the RFC 3464
//! action) and why (the bounce reason class). The analysis decides them, the catalog explains
//! them and every view prints them; this module belongs to none of those, so neither the
//! analysis nor the catalog imports the other for them.

use std::fmt;

/// Declares a closed set of names: the enum, its names as written in reports and JSON, and the
/// list of all of them.
macro_rules! names {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &[$name] = &[$($name::$variant,)+];

            /// The name as reports, the catalog and `check --format json` write it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value a name stands for, ignoring ASCII case.
            pub fn from_name(name: &str) -> Option<$name> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str().eq_ignore_ascii_case(name))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

names! {
    /// What became of the message for one recipient: the RFC 3464 actions, and the two outcomes
    /// of messages that answer one without being bounces.
    Action {
        Failed = "failed",
        Delayed = "delayed",
        Delivered = "delivered",
        Relayed = "relayed",
        Expanded = "expanded",
        /// An automatic reply (RFC 3834): the message reached the one who answered.
        AutoReplied = "auto-replied",
        /// A feedback report (RFC 5965): a complaint about a delivered message.
        Feedback = "feedback",
    }
}

names! {
    /// Why a recipient's delivery failed or was delayed: Sisimai's reason classes, which
    /// `catalog/reasons/` explains.
    Reason {
        AuthFailure = "authfailure",
        BadReputation = "badreputation",
        Blocked = "blocked",
        ContentError = "contenterror",
        Delivered = "delivered",
        ExceedLimit = "exceedlimit",
        Expired = "expired",
        FailedStartTls = "failedstarttls",
        Feedback = "feedback",
        Filtered = "filtered",
        HasMoved = "hasmoved",
        HostUnknown = "hostunknown",
        MailboxFull = "mailboxfull",
        MailerError = "mailererror",
        MesgTooBig = "mesgtoobig",
        NetworkError = "networkerror",
        NoRelaying = "norelaying",
        NotAccept = "notaccept",
        NotCompliantRfc = "notcompliantrfc",
        OnHold = "onhold",
        PolicyViolation = "policyviolation",
        Rejected = "rejected",
        RequirePtr = "requireptr",
        SecurityError = "securityerror",
        SpamDetected = "spamdetected",
        Speeding = "speeding",
        Suppressed = "suppressed",
        Suspend = "suspend",
        SyntaxError = "syntaxerror",
        SystemError = "systemerror",
        SystemFull = "systemfull",
        TooManyConn = "toomanyconn",
        Undefined = "undefined",
        UserUnknown = "userunknown",
        Vacation = "vacation",
        VirusDetected = "virusdetected",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_as_the_values_they_name() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.as_str()), Some(*action));
        }
        for reason in Reason::ALL {
            assert_eq!(Reason::from_name(reason.as_str()), Some(*reason));
        }
        assert_eq!(Reason::from_name("UserUnknown"), Some(Reason::UserUnknown));
        assert_eq!(Action::from_name("failure"), None);
    }

    #[test]
    fn json_writes_the_name() {
        assert_eq!(
            serde_json::to_string(&Action::AutoReplied).ok().as_deref(),
            Some("\"auto-replied\"")
        );
        assert_eq!(
            serde_json::to_string(&Reason::MailboxFull).ok().as_deref(),
            Some("\"mailboxfull\"")
        );
    }
}
