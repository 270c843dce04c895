//! `mail-lsp convert FILE.msg`: the message text of an Outlook `.msg` on stdout, the same text
//! `check` analyses and whose positions it reports. Editors show it in place of the binary file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::msg;

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The Outlook `.msg` file (`-` reads stdin).
    #[arg(value_name = "FILE")]
    path: PathBuf,
}

/// The most read of a `.msg`, as `check`'s default `--max-input`.
const MAX_INPUT: u64 = 2 << 30;

pub fn run(args: ConvertArgs) -> ExitCode {
    let name = super::output::escape_controls(&args.path.display().to_string()).into_owned();
    let bytes = match super::check::read_path(&args.path, MAX_INPUT) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("mail-lsp: cannot read {name}: {error}");
            return ExitCode::from(2);
        }
    };
    let converted = match msg::convert(&bytes) {
        Ok(converted) => converted,
        Err(error) => {
            eprintln!("mail-lsp: cannot convert {name}: {error}");
            return ExitCode::from(2);
        }
    };
    for cut in &converted.cut {
        eprintln!("mail-lsp: {name}: {cut}");
    }
    let mut out = std::io::stdout().lock();
    match out
        .write_all(converted.text.as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mail-lsp: cannot write output: {error}");
            ExitCode::from(2)
        }
    }
}
