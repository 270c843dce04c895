//! `cargo fuzz run rules`: see `mail_lsp_fuzz::rules` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::rules(data));
