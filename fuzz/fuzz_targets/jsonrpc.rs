//! `cargo fuzz run jsonrpc`: see `mail_lsp_fuzz::jsonrpc` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::jsonrpc(data));
