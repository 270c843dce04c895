//! Every sentence the authentication analysis shows, in en, fr, it and ja.

pub mod antispam;
pub mod dkim;
pub mod signature;
pub mod verdict;
