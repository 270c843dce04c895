//! `cargo fuzz run msg`: see `mail_lsp_fuzz::msg` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::msg(data));
