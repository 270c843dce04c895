//! `cargo fuzz run log`: see `mail_lsp_fuzz::log` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::log(data));
