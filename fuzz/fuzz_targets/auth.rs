//! `cargo fuzz run auth`: see `mail_lsp_fuzz::auth` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::auth(data));
