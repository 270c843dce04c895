//! `cargo fuzz run message`: see `mail_lsp_fuzz::message` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::message(data));
