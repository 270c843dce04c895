//! Robustness and security: hostile documents, protocol abuse, exact incremental sync, privacy,
//! broken user catalogs and settings, all against the built `mail-lsp` binary; and the fuzz
//! targets' properties run on stable Rust over mutated seeds.
//!
//! Full-size variants (a 100 MB line, 100,000 nested parts) are `#[ignore]`d; run them with
//! `cargo test --release -p mail-lsp --test hostile -- --ignored`.

mod client;

mod check_inputs;
mod fuzz_loop;
mod inputs;
mod privacy;
mod protocol;
mod server_documents;
mod settings;
mod sync;
