//! `cargo fuzz run encodings`: see `mail_lsp_fuzz::encodings` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mail_lsp_fuzz::encodings(data));
