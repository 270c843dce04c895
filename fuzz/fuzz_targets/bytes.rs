//! `cargo fuzz run bytes`: see `mail_lsp_fuzz::bytes` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::bytes(data));
