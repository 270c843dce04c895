//! The mail providers whose own vocabulary the catalog explains (a Microsoft 5.7.509 is not a
//! Gmail one). Both the analysis, which recognizes a provider's markers in a reply, and the
//! catalog, which keeps a table per provider, use this type; neither imports the other for it.

/// The mail provider whose vocabulary a reply uses; its catalog wins over the generic registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Microsoft,
    Google,
    Yahoo,
}

impl Provider {
    pub fn id(self) -> &'static str {
        match self {
            Provider::Microsoft => "microsoft",
            Provider::Google => "google",
            Provider::Yahoo => "yahoo",
        }
    }

    /// Guesses the provider from markers in a reply or its surroundings (`gsmtp`,
    /// `protection.outlook.com`, `STOREDRV`, `(ASnnn)` …).
    pub fn detect(text: &str) -> Option<Provider> {
        use std::sync::LazyLock;

        use aho_corasick::AhoCorasick;

        /// Markers and the provider each names; one case-insensitive pass finds them all.
        const MARKERS: &[(&str, Provider)] = &[
            ("gsmtp", Provider::Google),
            ("google.com", Provider::Google),
            ("gmail", Provider::Google),
            ("yahoo", Provider::Yahoo),
            ("aol.com", Provider::Yahoo),
            ("outlook.com", Provider::Microsoft),
            ("storedrv", Provider::Microsoft),
            ("resolver.adr", Provider::Microsoft),
            ("resolver.rst", Provider::Microsoft),
            ("exchangelabs", Provider::Microsoft),
            ("microsoft.com", Provider::Microsoft),
            ("hotmail.com", Provider::Microsoft),
            ("(as", Provider::Microsoft),
        ];
        static SEARCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(MARKERS.iter().map(|(marker, _)| marker))
                .ok()
        });
        let searcher = SEARCHER.as_ref()?;
        let mut found: Option<Provider> = None;
        for hit in searcher.find_iter(text) {
            let (marker, provider) = MARKERS[hit.pattern().as_usize()];
            if marker == "(as" && !as_code(&text.as_bytes()[hit.end()..]) {
                continue;
            }
            // Google's and Yahoo's markers outrank Microsoft's (their replies quote Outlook hosts).
            found = match (found, provider) {
                (Some(Provider::Google), _) | (_, Provider::Google) => Some(Provider::Google),
                (Some(Provider::Yahoo), _) | (_, Provider::Yahoo) => Some(Provider::Yahoo),
                _ => Some(provider),
            };
            if found == Some(Provider::Google) {
                break;
            }
        }
        found
    }
}

/// `rest` is what follows `(AS`: three digits and a closing parenthesis.
fn as_code(rest: &[u8]) -> bool {
    rest.len() >= 4 && rest[..3].iter().all(u8::is_ascii_digit) && rest[3] == b')'
}
