//! Sentences named by catalog key. The analysis says *which* sentence applies and with which
//! values (`auth.align.spf-aligned` with `d` and `from`); the words themselves live in the
//! catalog files (`catalog/auth/*.toml`), where a translator edits them, and
//! [`crate::catalog::sentences`] renders them in the reader's language.
//!
//! A key carries the names of its placeholders in its type's length, so code that forgets a
//! value does not compile, and the catalog test checks every language's text against the names.

/// A sentence of the catalog and the names of the values it formats in, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key<const N: usize> {
    pub id: &'static str,
    pub args: [&'static str; N],
}

impl<const N: usize> Key<N> {
    pub const fn new(id: &'static str, args: [&'static str; N]) -> Self {
        Key { id, args }
    }

    /// The sentence with its values, given in the order of [`Key::args`].
    pub fn with(&self, values: [&str; N]) -> Sentence {
        Sentence {
            key: self.id,
            args: self
                .args
                .iter()
                .zip(values)
                .map(|(name, value)| (*name, value.to_string()))
                .collect(),
        }
    }
}

impl Key<0> {
    /// The sentence, which takes no values.
    pub fn sentence(&self) -> Sentence {
        Sentence {
            key: self.id,
            args: Vec::new(),
        }
    }
}

/// A key of the catalog with the values for its placeholders: what the analysis hands over for
/// the catalog to put into words. The values are few (three at most today), so a `Vec` is
/// enough.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// A key's id and placeholder names without its length, for listing every key a module uses.
pub type KeyInfo = (&'static str, &'static [&'static str]);

/// Every key the program names a sentence by, with its placeholder names: the analysis's and
/// those of the views around it (hover, diagnostics, code actions, terminal output). The catalog
/// test checks each against the catalog files.
pub fn every_key() -> impl Iterator<Item = &'static KeyInfo> {
    const VIEWS: &[&[KeyInfo]] = &[
        crate::catalog::SENTENCE_KEYS,
        crate::catalog::reasons::ALL,
        crate::present::ALL,
        crate::present::hops::ALL,
        crate::lsp::diagnostics::ALL,
        crate::lsp::requests::code_action::ALL,
        crate::lsp::requests::hover::ALL,
    ];
    let views = VIEWS.iter().chain(crate::cli::SENTENCE_KEYS);
    crate::analysis::sentence_keys().chain(views.flat_map(|keys| keys.iter()))
}

/// Declares keys as `pub const`s and lists them all in `pub const ALL: &[KeyInfo]`:
///
/// ```ignore
/// keys! {
///     /// The heading of the alignment line.
///     HEADING = "auth.align.heading";
///     SPF_ALIGNED = "auth.align.spf-aligned" (d, from);
/// }
/// ```
#[macro_export]
macro_rules! keys {
    ($( $(#[$doc:meta])* $name:ident = $id:literal $(($($arg:ident),*))? ;)*) => {
        $(
            $(#[$doc])*
            pub const $name: $crate::sentence::Key<{ <[&str]>::len(&[$($(stringify!($arg)),*)?]) }> =
                $crate::sentence::Key::new($id, [$($(stringify!($arg)),*)?]);
        )*
        /// Every key of this module with its placeholder names, for the catalog test.
        pub const ALL: &[$crate::sentence::KeyInfo] = &[$( ($id, &[$($(stringify!($arg)),*)?]) ),*];
    };
}

#[cfg(test)]
mod tests {
    crate::keys! {
        PLAIN = "test.plain";
        FILLED = "test.filled" (d, from);
    }

    #[test]
    fn a_key_pairs_its_values_with_its_placeholder_names() {
        assert_eq!(PLAIN.sentence().args, []);
        let filled = FILLED.with(["a.example", "b.example"]);
        assert_eq!(filled.key, "test.filled");
        assert_eq!(
            filled.args,
            [
                ("d", "a.example".to_string()),
                ("from", "b.example".to_string())
            ]
        );
        assert_eq!(
            ALL,
            [("test.plain", &[][..]), ("test.filled", &["d", "from"][..])]
        );
    }
}
