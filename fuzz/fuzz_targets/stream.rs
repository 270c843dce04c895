//! `cargo fuzz run stream`: see `mail_lsp_fuzz::stream` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::stream(data));
