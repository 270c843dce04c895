//! `mail-lsp explain` and `mail-lsp catalog check`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::LangArg;
use crate::analysis::Provider;
use crate::catalog::{self, Query};
use crate::present;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code: `5.7.1`, `550`, `spf=fail`, `4.7.500` …
    code: String,
    /// The response text that came with it; tells apart rows sharing a code and the provider.
    #[arg(long)]
    text: Option<String>,
    /// The reply code that came with it.
    #[arg(long)]
    reply: Option<u16>,
    /// Language of the explanation.
    #[arg(long, value_enum, default_value = "auto")]
    lang: LangArg,
}

pub fn run(args: ExplainArgs, extra_catalogs: &[PathBuf]) -> ExitCode {
    let (catalog, errors) = catalog::with_extra(extra_catalogs);
    for error in &errors {
        eprintln!("mail-lsp: catalog error: {error}");
    }
    // Accept `550 5.1.1` in one argument as users paste it.
    let mut code = args.code.trim().to_string();
    let mut reply = args.reply;
    if let Some((first, rest)) = code.split_once([' ', '-'])
        && first.len() == 3
        && first.bytes().all(|b| b.is_ascii_digit())
        && !rest.trim().is_empty()
    {
        reply = reply.or(first.parse().ok());
        code = rest.trim().trim_start_matches('#').to_string();
    }
    let text = args.text.as_deref();
    let provider = text.and_then(Provider::detect);
    let lang = args.lang.resolve();
    let Some(answer) = catalog.lookup(&Query {
        code: &code,
        reply,
        text,
        provider,
    }) else {
        eprintln!(
            "mail-lsp: no explanation known for `{code}` (try a status code like 5.1.1, a reply code like 550, or spf=fail)"
        );
        return ExitCode::from(2);
    };
    let body = present::plain(&answer, &code, reply, lang);
    let mut out = std::io::stdout().lock();
    match out.write_all(body.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

pub fn catalog_check(paths: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for path in paths {
        match catalog::load_file(path) {
            Ok(entries) => {
                let _ = writeln!(out, "{}: ok, {} entries", path.display(), entries.len());
            }
            Err(errors) => {
                failed = true;
                for error in errors {
                    eprintln!("{error}");
                }
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
