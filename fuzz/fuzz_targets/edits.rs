//! `cargo fuzz run edits`: see `mail_lsp_fuzz::edits` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::edits(data));
