//! mail-lsp: explains SMTP status codes, bounces, mail logs and authentication headers.
//!
//! The crate is split so that analysis stays pure: [`analysis`] turns text into findings with byte
//! spans, [`catalog`] explains them, and the [`lsp`] and [`cli`] layers only translate findings into
//! protocol messages or terminal output.
#![deny(clippy::print_stdout)]
#![forbid(unsafe_code)]

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod delivery;
pub(crate) mod key_files;
pub mod lang;
pub mod lsp;
pub mod msg;
pub mod present;
pub(crate) mod provider;
pub mod sentence;
pub mod settings;
pub mod text;
