//! `cargo fuzz run framing`: see `mail_lsp_fuzz::framing` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::framing(data));
