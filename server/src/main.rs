//! The `mail-lsp` binary: a language server on stdio by default, and the `check`, `explain` and
//! `catalog check` commands for terminals and CI.

use std::process::ExitCode;

fn main() -> ExitCode {
    mail_lsp::cli::main()
}
