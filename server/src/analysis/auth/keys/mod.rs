//! The catalog keys of every sentence the authentication analysis shows, with the names of the
//! values each formats in. The sentences themselves are in `catalog/auth/`, one file per module
//! here, in en, fr, it and ja.

pub mod align;
pub mod antispam;
pub mod dkim;
pub mod signature;
pub mod verdict;

/// Every key the authentication analysis uses, for the catalog test.
pub const ALL: &[&[crate::sentence::KeyInfo]] = &[
    align::ALL,
    antispam::ALL,
    dkim::ALL,
    signature::ALL,
    verdict::ALL,
];
