//! `mail-lsp check`: the same findings as the editor, for terminals and CI.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::LangArg;
use super::output::{self, Report};
use super::{follow, stream};
use crate::analysis::{self, DocumentKind, Severity};
use crate::catalog;
use crate::msg;
use crate::present::is_reported;
use crate::settings::Settings;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads stdin (a log line by line as it arrives).
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
    /// The most read from one input (a file, or a message on stdin), in bytes or with a K, M or
    /// G suffix; larger inputs are reported and not analysed. A log streamed on stdin or
    /// followed has no end, so there it is the most one line may take before its line end.
    #[arg(long, value_name = "SIZE", default_value = "2G", value_parser = parse_size)]
    max_input: u64,
    /// Keep reading FILE as it grows, like `tail -F`: the findings of its lines, then of each
    /// line appended; follows rotation and truncation and waits for a missing file. Ctrl-C
    /// ends it with the exit status of the findings printed so far.
    #[arg(long)]
    follow: bool,
    /// DKIM public keys to verify signatures with: TXT records as `dig` prints them
    /// (`dig +noall +answer TXT sel._domainkey.example.com >> keys.zone`). Repeatable; keys are
    /// never looked up in DNS.
    #[arg(long = "dkim-keys", value_name = "FILE")]
    dkim_keys: Vec<PathBuf>,
}

/// `1048576`, `64K`, `512M`, `2G` (powers of 1024).
fn parse_size(value: &str) -> Result<u64, String> {
    let value = value.trim();
    let (digits, unit) = match value.char_indices().last() {
        Some((at, c)) if c.is_ascii_alphabetic() => (value.get(..at).unwrap_or_default(), c),
        _ => (value, 'B'),
    };
    let shift = match unit.to_ascii_uppercase() {
        'B' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => return Err(format!("unknown size unit in `{value}` (use K, M or G)")),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| format!("`{value}` is not a size (examples: 1048576, 64K, 2G)"))
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
    catalog::set_active(std::sync::Arc::new(catalog.clone()));
    // Like a broken catalog, an unreadable key file is reported (exit status 2) and the inputs
    // are still checked with the keys that did load; a bad line only costs its record.
    let key_files = crate::key_files::load(&args.dkim_keys);
    for problem in &key_files.problems {
        eprintln!("mail-lsp: {problem}");
    }
    let catalog_failed = catalog_failed || key_files.fatal;
    let supplied = analysis::Supplied {
        dkim_keys: std::sync::Arc::new(key_files.keys),
    };
    let settings = Settings {
        success_codes: args.success_codes,
        ..Settings::default()
    };
    let mut walk = Walk::new(|dir: &Path| std::fs::read_dir(dir));
    for path in &args.paths {
        if path.as_os_str() == "-" {
            walk.inputs.push(Input {
                name: "-".into(),
                path: None,
                explicit: true,
            });
        } else if path.is_dir() {
            // A directory named on the command line is walked even through a link; links found
            // inside it are not followed into other directories.
            walk.dir(path);
        } else {
            walk.file(path, true);
        }
    }
    let io_failed = !walk.problems.is_empty();
    for problem in &walk.problems {
        eprintln!("mail-lsp: {problem}");
    }
    let inputs = walk.inputs;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sink = output::Sink::new(args.format, lang, &catalog);
    let mut totals = Totals {
        any_error: false,
        io_failed,
    };
    if args.follow {
        return follow(&args, lang, &settings, &mut sink, &mut out, catalog_failed);
    }
    if inputs.iter().any(|input| input.path.is_none()) {
        stream::catch_interrupts();
    }
    // Inputs are read and analysed two at a time (in batches, so output keeps their order and
    // memory stays bounded); the report is written in order. Stdin is read on its own, in its
    // place among the inputs, since a log on it is printed as it arrives.
    const BATCH: usize = 64;
    for group in inputs.split_inclusive(|input| input.path.is_none()) {
        let (files, stdin) = match group.split_last() {
            Some((last, files)) if last.path.is_none() => (files, Some(last)),
            _ => (group, None),
        };
        for batch in files.chunks(BATCH) {
            let analysed = analyse_batch(batch, args.kind, args.max_input, &supplied);
            for (input, result) in batch.iter().zip(analysed) {
                if let Err(code) =
                    report(input, result, &settings, &mut sink, &mut out, &mut totals)
                {
                    return code;
                }
            }
        }
        let Some(input) = stdin else { continue };
        let mut printer = stream::Printer::new(&mut sink, &mut out, &settings, &input.name);
        let outcome = stream::stdin(&mut printer, args.kind, args.max_input);
        totals.any_error |= printer.any_error;
        totals.io_failed |= printer.crashed;
        let result = match outcome {
            Ok(stream::Stdin::Streamed { interrupted }) => {
                if interrupted {
                    break;
                }
                continue;
            }
            Ok(stream::Stdin::Whole(bytes)) => analyse_bytes(input, bytes, args.kind, &supplied),
            Err(stream::StdinError::Read(error)) => Analysed::Failed(error),
            Err(stream::StdinError::Write(error)) => return broken_pipe(error),
        };
        if let Err(code) = report(input, result, &settings, &mut sink, &mut out, &mut totals) {
            return code;
        }
    }
    if let Err(error) = sink.finish(&mut out).and_then(|_| out.flush()) {
        return broken_pipe(error);
    }
    totals.status(catalog_failed)
}

/// What decides the exit status.
struct Totals {
    any_error: bool,
    io_failed: bool,
}

impl Totals {
    /// 2 on a read or catalog failure, else 1 when an error was reported, else 0.
    fn status(&self, catalog_failed: bool) -> ExitCode {
        if self.io_failed || catalog_failed {
            ExitCode::from(2)
        } else if self.any_error {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Prints what became of one input; `Err` carries the exit status when output failed.
fn report(
    input: &Input,
    result: Analysed,
    settings: &Settings,
    sink: &mut output::Sink,
    out: &mut dyn Write,
    totals: &mut Totals,
) -> Result<(), ExitCode> {
    let name = output::escape_controls(&input.name);
    let (text, findings, from_msg) = match result {
        Analysed::Failed(error) => {
            eprintln!("mail-lsp: cannot read {name}: {error}");
            totals.io_failed = true;
            return Ok(());
        }
        Analysed::NotMsg(error) => {
            eprintln!("mail-lsp: cannot read {name}: {error}");
            totals.io_failed = true;
            return Ok(());
        }
        Analysed::Crashed(failure) => {
            eprintln!(
                "mail-lsp: could not analyse {name}: {failure} (a bug in mail-lsp; its findings are missing)"
            );
            totals.io_failed = true;
            return Ok(());
        }
        Analysed::Skipped => return Ok(()),
        Analysed::Done {
            text,
            lossy,
            charset,
            findings,
            from_msg,
        } => {
            if let Some(charset) = charset {
                let replaced = if lossy {
                    "; bytes it does not define were replaced"
                } else {
                    ""
                };
                eprintln!(
                    "mail-lsp: {name} is not valid UTF-8; read as {charset}, the charset its Content-Type declares{replaced}"
                );
            } else if lossy {
                eprintln!(
                    "mail-lsp: {name} is not valid UTF-8; invalid bytes were replaced for analysis"
                );
            }
            for cut in from_msg.iter().flatten() {
                eprintln!("mail-lsp: {name}: {cut}");
            }
            (text, findings, from_msg.is_some())
        }
    };
    let reported: Vec<_> = findings
        .iter()
        .filter(|f| is_reported(f, settings))
        .collect();
    totals.any_error |= reported.iter().any(|f| f.severity == Severity::Error);
    let report = Report {
        name: &input.name,
        text: &text,
        findings: &reported,
        first_line: 1,
        from_msg,
    };
    // Presenting one input's findings cannot take the other inputs' output down either.
    match analysis::contained(|| sink.write(out, &report)) {
        Ok(Ok(())) => {}
        Ok(Err(error)) => return Err(broken_pipe(error)),
        Err(failure) => {
            eprintln!(
                "mail-lsp: could not report on {name}: {failure} (a bug in mail-lsp; its findings may be incomplete)"
            );
            totals.io_failed = true;
        }
    }
    Ok(())
}

/// `check --follow FILE`: one regular file (or a path that does not exist yet), in a format
/// printed as it goes. SARIF is one document written at the end, which a log that never ends
/// does not have.
fn follow(
    args: &CheckArgs,
    lang: crate::lang::Lang,
    settings: &Settings,
    sink: &mut output::Sink,
    out: &mut dyn Write,
    catalog_failed: bool,
) -> ExitCode {
    let usage = |problem: &str| {
        eprintln!("mail-lsp: {problem}");
        ExitCode::from(2)
    };
    if let Format::Sarif = args.format {
        return usage(
            "--follow prints findings as lines arrive, and SARIF is one document written at the end: use --format json or human",
        );
    }
    let [path] = args.paths.as_slice() else {
        return usage("--follow takes one file");
    };
    if path.as_os_str() == "-" {
        return usage("--follow takes a file; stdin (`-`) is already read as it arrives");
    }
    if path.is_dir() {
        return usage("--follow takes a file, not a directory");
    }
    stream::catch_interrupts();
    let name = path.display().to_string();
    let notes = match args.format {
        Format::Human => follow::Notes::Stdout,
        Format::Json | Format::Sarif => follow::Notes::Stderr,
    };
    let mut printer = stream::Printer::new(sink, out, settings, &name);
    let ended = follow::follow(path, &mut printer, lang, notes, args.max_input);
    let mut totals = Totals {
        any_error: printer.any_error,
        io_failed: printer.crashed,
    };
    match ended {
        follow::Followed::Interrupted => {}
        follow::Followed::Failed(error) => {
            eprintln!(
                "mail-lsp: cannot read {}: {error}",
                output::escape_controls(&name)
            );
            totals.io_failed = true;
        }
        follow::Followed::Output(error) => return broken_pipe(error),
    }
    totals.status(catalog_failed)
}

/// What became of one input.
enum Analysed {
    Done {
        /// The text analysed: for an Outlook `.msg`, the message text converted from it.
        text: String,
        lossy: bool,
        /// The charset a message that is not UTF-8 was read in.
        charset: Option<&'static str>,
        findings: Vec<crate::analysis::Finding>,
        /// Set when the input was an Outlook `.msg`: the properties cut at their limit.
        from_msg: Option<Vec<msg::Cut>>,
    },
    /// An Outlook `.msg` (by signature or name) that could not be read as one.
    NotMsg(msg::MsgError),
    /// Found while walking a directory, but of no kind mail-lsp reads.
    Skipped,
    Failed(std::io::Error),
    /// The analysis stopped on an internal error.
    Crashed(analysis::Failure),
}

fn analyse_one(
    input: &Input,
    forced: Option<DocumentKind>,
    max_input: u64,
    supplied: &analysis::Supplied,
) -> Analysed {
    match read_input(input, max_input) {
        Ok(bytes) => analyse_bytes(input, bytes, forced, supplied),
        Err(error) => Analysed::Failed(error),
    }
}

/// Analyses one input's bytes (an Outlook `.msg` converted to its message text first),
/// containing an internal error.
fn analyse_bytes(
    input: &Input,
    bytes: Vec<u8>,
    forced: Option<DocumentKind>,
    supplied: &analysis::Supplied,
) -> Analysed {
    let path_hint = input.path.as_deref().and_then(Path::to_str);
    let (bytes, path_hint, forced, from_msg) = match outlook_message(input, path_hint, bytes) {
        Outlook::No(bytes) => (bytes, path_hint, forced, None),
        Outlook::Converted(converted) => (
            converted.text.into_bytes(),
            None,
            forced.or(Some(DocumentKind::Message)),
            Some(converted.cut),
        ),
        Outlook::Broken(error) => return Analysed::NotMsg(error),
        Outlook::OtherCompoundFile => return Analysed::Skipped,
    };
    match analysis::contained(|| {
        analysis::check_bytes_with(bytes, path_hint, forced, input.explicit, supplied)
    }) {
        Ok(checked) if checked.kind.is_none() => Analysed::Skipped,
        Ok(checked) => Analysed::Done {
            text: checked.text,
            lossy: checked.lossy,
            charset: checked.charset,
            findings: checked.findings,
            from_msg,
        },
        Err(failure) => Analysed::Crashed(failure),
    }
}

/// An input seen as a possible Outlook message.
enum Outlook {
    /// Neither a compound file nor named `.msg`: the bytes, untouched.
    No(Vec<u8>),
    Converted(msg::Converted),
    /// Meant as an Outlook message and not readable as one.
    Broken(msg::MsgError),
    /// A compound file met while walking a directory that is no readable Outlook message (a
    /// Word or Excel document, say): not something mail-lsp reads.
    OtherCompoundFile,
}

/// Inputs that start with the compound-file signature are converted (see [`crate::msg`]), and
/// so is a file named `.msg` on the command line, which is reported when it is not a compound
/// file. In a directory walk, a failure is reported only for a file named `.msg`; other
/// compound files that are not messages are skipped, and a `.msg` without the signature is
/// some other format's text (ROS message definitions use the extension) read like any file.
fn outlook_message(input: &Input, path_hint: Option<&str>, bytes: Vec<u8>) -> Outlook {
    let named_msg = path_hint.is_some_and(msg::has_msg_extension);
    let meant_as_msg = msg::is_compound_file(&bytes) || (named_msg && input.explicit);
    if !meant_as_msg {
        return Outlook::No(bytes);
    }
    match msg::convert(&bytes) {
        Ok(converted) => Outlook::Converted(converted),
        Err(_) if !named_msg && !input.explicit => Outlook::OtherCompoundFile,
        Err(error) => Outlook::Broken(error),
    }
}

/// Reads one file (or stdin for `-`, whole) as `check` does, for `convert`.
pub(super) fn read_path(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(max.saturating_add(1))
            .read_to_end(&mut bytes)?;
        if bytes.len() as u64 > max {
            return Err(stream::too_large(max));
        }
        return Ok(bytes);
    }
    let input = Input {
        name: path.display().to_string(),
        path: Some(path.to_path_buf()),
        explicit: true,
    };
    read_input(&input, max)
}

/// Analyses a batch on two threads, results in input order.
fn analyse_batch(
    batch: &[Input],
    forced: Option<DocumentKind>,
    max_input: u64,
    supplied: &analysis::Supplied,
) -> Vec<Analysed> {
    if batch.len() < 2 {
        return batch
            .iter()
            .map(|input| analyse_one(input, forced, max_input, supplied))
            .collect();
    }
    let (even, odd): (Vec<_>, Vec<_>) = batch.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let (mut even, odd) = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            odd.iter()
                .map(|(_, input)| analyse_one(input, forced, max_input, supplied))
                .collect::<Vec<_>>()
        });
        let even: Vec<Analysed> = even
            .iter()
            .map(|(_, input)| analyse_one(input, forced, max_input, supplied))
            .collect();
        let odd_results = worker.join().unwrap_or_else(|_| {
            odd.iter()
                .map(|_| Analysed::Crashed(analysis::Failure { location: None }))
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

/// Reads one file whole, refusing more than `max` bytes: the path must be a regular file (a
/// device such as `/dev/zero`, a FIFO or a socket never ends). Stdin is read by
/// [`stream::stdin`].
fn read_input(input: &Input, max: u64) -> std::io::Result<Vec<u8>> {
    let Some(path) = &input.path else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "stdin is read as a stream",
        ));
    };
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a device, FIFO or socket); pipe it to `check -` instead",
        ));
    }
    if metadata.len() > max {
        return Err(stream::too_large(max));
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path)?;
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(stream::too_large(max));
    }
    Ok(bytes)
}

pub(super) fn show_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b}-byte"),
    }
}

/// The inputs found under the paths given, each file once, and the directories that could not
/// be read. `read_dir` is `std::fs::read_dir` except in tests, which make it fail on purpose
/// (permissions cannot make it fail for root, who runs the test suite in containers).
struct Walk<F> {
    inputs: Vec<Input>,
    problems: Vec<String>,
    /// Canonical paths of the files taken, so a file reached twice (through a link, or named
    /// twice) is checked once.
    seen: HashSet<PathBuf>,
    read_dir: F,
}

impl<F> Walk<F>
where
    F: Fn(&Path) -> std::io::Result<std::fs::ReadDir>,
{
    fn new(read_dir: F) -> Self {
        Walk {
            inputs: Vec::new(),
            problems: Vec::new(),
            seen: HashSet::new(),
            read_dir,
        }
    }

    /// A file: named on the command line (`explicit`, read whatever its name) or found in a
    /// directory. Files already taken are skipped.
    fn file(&mut self, path: &Path, explicit: bool) {
        // A path that cannot be resolved is taken as it is: reading it reports the problem.
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if self.seen.insert(key) {
            self.inputs.push(Input {
                name: path.display().to_string(),
                path: Some(path.to_path_buf()),
                explicit,
            });
        }
    }

    /// Collects the files under a directory in a stable order, skipping hidden entries. Links to
    /// directories are not followed (a link back up would loop forever); links to files are
    /// taken once. A directory that cannot be read is reported and the walk goes on.
    fn dir(&mut self, dir: &Path) {
        let listing = match (self.read_dir)(dir) {
            Ok(listing) => listing,
            Err(error) => {
                self.problems.push(format!(
                    "cannot read directory {}: {error}",
                    super::output::escape_controls(&dir.display().to_string())
                ));
                return;
            }
        };
        let mut entries: Vec<(PathBuf, Option<std::fs::FileType>)> = listing
            .filter_map(Result::ok)
            .map(|entry| (entry.path(), entry.file_type().ok()))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, file_type) in entries {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            match file_type {
                Some(t) if t.is_dir() => self.dir(&path),
                Some(t) if t.is_file() => self.file(&path, false),
                Some(t) if t.is_symlink() && path.is_file() => self.file(&path, false),
                // Links to directories, dangling links, devices, FIFOs and sockets.
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mail-lsp-walk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    fn names<F>(walk: &Walk<F>, root: &Path) -> Vec<String> {
        walk.inputs
            .iter()
            .filter_map(|i| i.path.as_deref())
            .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn links_back_up_are_not_followed_and_each_file_is_taken_once() {
        let root = scratch("loops");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(
            root.join("a.log"),
            "Status: 5.1.1
",
        )
        .unwrap();
        std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
        std::os::unix::fs::symlink(&root, root.join("sub/root")).unwrap();
        std::os::unix::fs::symlink("../a.log", root.join("sub/again.log")).unwrap();
        let mut walk = Walk::new(|dir: &Path| std::fs::read_dir(dir));
        walk.dir(&root);
        walk.dir(&root);
        assert_eq!(names(&walk, &root), ["a.log"]);
        assert!(walk.problems.is_empty(), "{:?}", walk.problems);
    }

    #[test]
    fn an_unreadable_directory_is_reported_and_the_rest_is_walked() {
        let root = scratch("unreadable");
        for dir in ["a", "locked", "z"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
            std::fs::write(
                root.join(dir).join("x.log"),
                "Status: 5.1.1
",
            )
            .unwrap();
        }
        let locked = root.join("locked");
        let mut walk = Walk::new(|dir: &Path| {
            if dir == locked {
                Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
            } else {
                std::fs::read_dir(dir)
            }
        });
        walk.dir(&root);
        assert_eq!(names(&walk, &root), ["a/x.log", "z/x.log"]);
        assert_eq!(walk.problems.len(), 1);
        assert!(walk.problems[0].contains("locked"), "{:?}", walk.problems);
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert!(parse_size("2T").is_err());
        assert!(parse_size("lots").is_err());
        assert_eq!(show_size(2 << 30), "2 GiB");
    }

    #[test]
    fn a_device_named_on_the_command_line_is_refused_and_a_file_is_capped() {
        let input = Input {
            name: "/dev/zero".into(),
            path: Some(PathBuf::from("/dev/zero")),
            explicit: true,
        };
        if Path::new("/dev/zero").exists() {
            let error = read_input(&input, 1 << 20).expect_err("a device is refused");
            assert!(error.to_string().contains("not a regular file"), "{error}");
        }
        let dir = scratch("cap");
        let big = dir.join("big.log");
        std::fs::write(&big, vec![b'x'; 4096]).unwrap();
        let input = Input {
            name: "big.log".into(),
            path: Some(big),
            explicit: true,
        };
        let error = read_input(&input, 1024).expect_err("too large");
        assert!(error.to_string().contains("1 KiB limit"), "{error}");
        assert_eq!(read_input(&input, 4096).map(|b| b.len()).ok(), Some(4096));
    }
}
