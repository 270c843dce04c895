//! The command line: argument parsing, logging setup, and dispatch to the server or a command.

mod check;
mod convert;
mod explain;
mod follow;
mod human;
mod output;
mod sarif;

/// The catalog keys of the terminal's own words.
pub(crate) const SENTENCE_KEYS: &[&[crate::sentence::KeyInfo]] =
    &[follow::ALL, human::ALL, output::ALL];
mod stream;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use crate::lang::Lang;

const EXAMPLES: &str = "\
Examples:
  mail-lsp                                   serve LSP on stdio (what editors run)
  mail-lsp check bounce.eml /var/log/mail.log
  mail-lsp check --format json --lang fr bounces/
  mail-lsp check --dkim-keys dkim-keys.zone message.eml
  cat bounce.eml | mail-lsp check -
  mail-lsp check Undeliverable.msg
  mail-lsp convert Undeliverable.msg > Undeliverable.eml
  mail-lsp check --follow /var/log/mail.log
  journalctl -f -u postfix | mail-lsp check --format json -
  mail-lsp explain 5.7.509
  mail-lsp explain 5.2.2 --provider exchange-online --format json
  mail-lsp explain 5.7.1 --text \"Unable to relay\" --lang ja
  mail-lsp catalog check my-codes.toml";

/// Explains SMTP status codes, bounces, mail logs and authentication headers.
#[derive(Debug, Parser)]
#[command(name = "mail-lsp", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Accepted for clients that pass it; stdio is the only transport.
    #[arg(long, global = false)]
    stdio: bool,
    /// Write the server's log to this file instead of stderr.
    #[arg(long, value_name = "PATH")]
    log_file: Option<PathBuf>,
    /// Extra catalog files merged over the built-in one.
    #[arg(long = "catalog", value_name = "PATH", global = true)]
    catalogs: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the findings of files (or `-` for stdin); directories are walked.
    Check(check::CheckArgs),
    /// Print the message text of an Outlook .msg file (what `check` analyses in it).
    Convert(convert::ConvertArgs),
    /// Print the catalog's explanation of a code.
    Explain(explain::ExplainArgs),
    /// Work with catalog files.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Serve LSP on stdio (the default when no command is given).
    Serve,
}

#[derive(Debug, Subcommand)]
enum CatalogCommand {
    /// Validate catalog files and report problems with file:line.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

/// The language of terminal output.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Auto,
    En,
    Fr,
    It,
    Ja,
}

impl LangArg {
    pub fn resolve(self) -> Lang {
        match self {
            LangArg::Auto => Lang::from_env(),
            LangArg::En => Lang::En,
            LangArg::Fr => Lang::Fr,
            LangArg::It => Lang::It,
            LangArg::Ja => Lang::Ja,
        }
    }
}

/// Sets up logging to stderr (or a file); stdout belongs to the protocol.
fn init_logging(log_file: Option<&PathBuf>, default_level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    let file = log_file.and_then(|path| {
        match std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            Ok(file) => Some(file),
            Err(error) => {
                eprintln!(
                    "mail-lsp: cannot open log file {}: {error}; logging to stderr",
                    path.display()
                );
                None
            }
        }
    });
    let _ = match file {
        Some(file) => builder.with_writer(std::sync::Mutex::new(file)).try_init(),
        None => builder.with_writer(std::io::stderr).try_init(),
    };
}

pub fn main() -> ExitCode {
    // Panics are contained and reported where they happen; the hook keeps mail text out of logs.
    crate::analysis::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        None | Some(Command::Serve) => {
            init_logging(cli.log_file.as_ref(), "info");
            serve()
        }
        Some(Command::Check(args)) => {
            init_logging(cli.log_file.as_ref(), "warn");
            check::run(args, &cli.catalogs)
        }
        Some(Command::Convert(args)) => {
            init_logging(cli.log_file.as_ref(), "warn");
            convert::run(args)
        }
        Some(Command::Explain(args)) => {
            init_logging(cli.log_file.as_ref(), "warn");
            explain::run(args, &cli.catalogs)
        }
        Some(Command::Catalog {
            command: CatalogCommand::Check { paths },
        }) => explain::catalog_check(&paths),
    }
}

fn serve() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("mail-lsp: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let orderly = runtime.block_on(crate::lsp::serve_stdio());
    // Analysis still running on blocking threads must not keep the process alive after `exit`.
    runtime.shutdown_timeout(Duration::from_millis(200));
    tracing::info!(orderly, "exiting");
    // LSP: exit code 0 after `shutdown`, 1 when the client exits (or vanishes) without it.
    if orderly {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
