//! `mail-lsp check`: the same findings as the editor, for terminals and CI.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::LangArg;
use super::output::{self, Report};
use crate::analysis::{self, DocumentKind, Severity};
use crate::catalog;
use crate::lsp::diagnostics::is_reported;
use crate::settings::Settings;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Language of the explanations.
    #[arg(long, value_enum, default_value = "auto")]
    lang: LangArg,
    /// Treat every input as this kind instead of detecting it (message, log, rules).
    #[arg(long)]
    kind: Option<DocumentKind>,
    /// Also report 2.x.x success codes.
    #[arg(long)]
    success_codes: bool,
}

/// One input: its display name and bytes.
struct Input {
    name: String,
    path: Option<PathBuf>,
    explicit: bool,
}

pub fn run(args: CheckArgs, extra_catalogs: &[PathBuf]) -> ExitCode {
    let lang = args.lang.resolve();
    // A broken user catalog is reported (and ends in exit status 2), but the files are still
    // checked with the built-in catalog and the user catalogs that did load.
    let (catalog, errors) = catalog::with_extra(extra_catalogs);
    for error in &errors {
        eprintln!("mail-lsp: catalog not loaded: {error}");
    }
    let catalog_failed = !errors.is_empty();
    let settings = Settings {
        success_codes: args.success_codes,
        ..Settings::default()
    };
    let mut inputs = Vec::new();
    let mut io_failed = false;
    for path in &args.paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                name: "-".into(),
                path: None,
                explicit: true,
            });
        } else if path.is_dir() {
            if let Err(error) = walk(path, &mut inputs) {
                eprintln!(
                    "mail-lsp: cannot read directory {}: {error}",
                    path.display()
                );
                io_failed = true;
            }
        } else {
            inputs.push(Input {
                name: path.display().to_string(),
                path: Some(path.clone()),
                explicit: true,
            });
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sink = output::Sink::new(args.format, lang, &catalog);
    let mut any_error = false;
    // Inputs are read and analysed two at a time (in batches, so output keeps their order and
    // memory stays bounded); the report is written in order.
    const BATCH: usize = 64;
    for batch in inputs.chunks(BATCH) {
        let analysed = analyse_batch(batch, args.kind);
        for (input, result) in batch.iter().zip(analysed) {
            let (text, findings) = match result {
                Analysed::Failed(error) => {
                    eprintln!("mail-lsp: cannot read {}: {error}", input.name);
                    io_failed = true;
                    continue;
                }
                Analysed::Skipped => continue,
                Analysed::Done {
                    text,
                    lossy,
                    findings,
                } => {
                    if lossy {
                        eprintln!(
                            "mail-lsp: {} is not valid UTF-8; invalid bytes were replaced for analysis",
                            input.name
                        );
                    }
                    (text, findings)
                }
            };
            let reported: Vec<_> = findings
                .iter()
                .filter(|f| is_reported(f, &settings))
                .collect();
            any_error |= reported.iter().any(|f| f.severity == Severity::Error);
            let report = Report {
                name: &input.name,
                text: &text,
                findings: &reported,
            };
            if let Err(error) = sink.write(&mut out, &report) {
                return broken_pipe(error);
            }
        }
    }
    if let Err(error) = sink.finish(&mut out).and_then(|_| out.flush()) {
        return broken_pipe(error);
    }
    if io_failed || catalog_failed {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What became of one input.
enum Analysed {
    Done {
        text: String,
        lossy: bool,
        findings: Vec<crate::analysis::Finding>,
    },
    /// Found while walking a directory, but of no kind mail-lsp reads.
    Skipped,
    Failed(std::io::Error),
}

fn analyse_one(input: &Input, forced: Option<DocumentKind>) -> Analysed {
    let bytes = match read_input(input) {
        Ok(bytes) => bytes,
        Err(error) => return Analysed::Failed(error),
    };
    let (text, lossy) = crate::text::decode_lossy(bytes);
    let path_hint = input.path.as_deref().and_then(Path::to_str);
    let kind = match forced.or_else(|| analysis::kind::detect(None, path_hint, &text)) {
        Some(kind) => kind,
        // A file named on the command line is scanned for codes even if its kind is unclear.
        None if input.explicit => DocumentKind::Log,
        None => return Analysed::Skipped,
    };
    let findings = analysis::analyze_parallel(&text, kind);
    Analysed::Done {
        text,
        lossy,
        findings,
    }
}

/// Analyses a batch on two threads, results in input order.
fn analyse_batch(batch: &[Input], forced: Option<DocumentKind>) -> Vec<Analysed> {
    if batch.len() < 2 {
        return batch
            .iter()
            .map(|input| analyse_one(input, forced))
            .collect();
    }
    let (even, odd): (Vec<_>, Vec<_>) = batch.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let (mut even, odd) = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            odd.iter()
                .map(|(_, input)| analyse_one(input, forced))
                .collect::<Vec<_>>()
        });
        let even: Vec<Analysed> = even
            .iter()
            .map(|(_, input)| analyse_one(input, forced))
            .collect();
        let odd_results = worker.join().unwrap_or_else(|_| {
            odd.iter()
                .map(|_| {
                    Analysed::Failed(std::io::Error::other("the analysis stopped unexpectedly"))
                })
                .collect()
        });
        (even, odd_results)
    });
    let mut out = Vec::with_capacity(batch.len());
    let mut odd = odd.into_iter();
    for first in even.drain(..) {
        out.push(first);
        if let Some(second) = odd.next() {
            out.push(second);
        }
    }
    out
}

fn broken_pipe(error: std::io::Error) -> ExitCode {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        ExitCode::SUCCESS
    } else {
        eprintln!("mail-lsp: cannot write output: {error}");
        ExitCode::from(2)
    }
}

fn read_input(input: &Input) -> std::io::Result<Vec<u8>> {
    match &input.path {
        Some(path) => std::fs::read(path),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
    }
}

/// Collects the files under a directory in a stable order, skipping hidden entries.
fn walk(dir: &Path, inputs: &mut Vec<Input>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, inputs)?;
        } else if path.is_file() {
            inputs.push(Input {
                name: path.display().to_string(),
                path: Some(path),
                explicit: false,
            });
        }
    }
    Ok(())
}
