//! The languages every user-facing text exists in.

use serde::{Deserialize, Serialize};

/// A language the catalog and the interface speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
    It,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Fr, Lang::It, Lang::Ja];

    /// Reads a BCP 47 tag or POSIX locale (`fr-CA`, `ja_JP.UTF-8`, `it`) leniently; unknown
    /// languages fall back to none so the caller can pick its own default.
    pub fn from_locale(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "it" => Some(Lang::It),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::It => "it",
            Lang::Ja => "ja",
        }
    }

    /// The colon after a label: French puts a no-break space before it (`Qui doit agir : …`).
    pub fn colon(self) -> &'static str {
        match self {
            Lang::Fr => "\u{a0}:",
            _ => ":",
        }
    }

    /// The locale segment learn.microsoft.com and support.microsoft.com use for this language.
    pub fn microsoft_locale(self) -> &'static str {
        match self {
            Lang::En => "en-us",
            Lang::Fr => "fr-fr",
            Lang::It => "it-it",
            Lang::Ja => "ja-jp",
        }
    }

    /// The language of the process environment (`LC_ALL`, `LC_MESSAGES`, `LANG`), for the CLI.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::from_locale(&value))
            .unwrap_or_default()
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_locale(s)
            .ok_or_else(|| format!("unknown language `{s}` (expected en, fr, it or ja)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_from_editors_and_shells_map_to_languages() {
        assert_eq!(Lang::from_locale("ja"), Some(Lang::Ja));
        assert_eq!(Lang::from_locale("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_locale("it_IT.UTF-8"), Some(Lang::It));
        assert_eq!(Lang::from_locale("EN-us"), Some(Lang::En));
        assert_eq!(Lang::from_locale("de"), None);
        assert_eq!(Lang::from_locale(""), None);
    }
}
