//! `mail-lsp explain` and `mail-lsp catalog check`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::LangArg;
use crate::analysis::Provider;
use crate::catalog::{self, Answer, Entry, FixOwner, Others, Pick, Query};
use crate::lang::Lang;

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
    /// The provider whose reply this is, when the text doesn't say.
    #[arg(long, value_enum)]
    provider: Option<ProviderArg>,
    /// Language of the explanation.
    #[arg(long, value_enum, default_value = "auto")]
    lang: LangArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Providers with their own catalog, named as their catalog source.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProviderArg {
    ExchangeOnline,
    Gmail,
    Yahoo,
}

impl ProviderArg {
    fn provider(self) -> Provider {
        match self {
            ProviderArg::ExchangeOnline => Provider::Microsoft,
            ProviderArg::Gmail => Provider::Google,
            ProviderArg::Yahoo => Provider::Yahoo,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// `explain --format json`: the meaning shown, the other meanings, and where each comes from.
#[derive(Serialize)]
struct Explanation<'a> {
    code: &'a str,
    reply: Option<u16>,
    lang: Lang,
    meaning: Meaning<'a>,
    /// The registry meaning, when the meaning shown is a provider's.
    registry: Option<Brief<'a>>,
    /// Provider meanings of the same code, when no provider was picked.
    alternatives: Vec<Brief<'a>>,
    /// Catalog source ids of everything above, meaning first.
    sources: Vec<&'a str>,
}

#[derive(Serialize)]
struct Meaning<'a> {
    source: &'a str,
    source_name: &'a str,
    codes: &'a [String],
    title: &'a str,
    cause: &'a str,
    class: Option<&'a str>,
    response: Option<&'a str>,
    fix_owner: FixOwner,
    who_must_act: &'static str,
    steps: &'a [String],
    admin_steps: Option<&'a [String]>,
    links: Vec<String>,
}

#[derive(Serialize)]
struct Brief<'a> {
    source: &'a str,
    source_name: &'a str,
    title: &'a str,
    response: Option<&'a str>,
    fix_owner: FixOwner,
    who_must_act: &'static str,
}

fn brief<'a>(entry: &'a Entry, code: &str, lang: Lang) -> Brief<'a> {
    Brief {
        source: &entry.source.id,
        source_name: entry.source.name.get(lang),
        title: entry.title.get(lang),
        response: entry.response_for(code, None),
        fix_owner: entry.fix_owner,
        who_must_act: catalog::fix_owner_label(entry.fix_owner, lang),
    }
}

fn json<'a>(
    answer: &'a Answer,
    others: &'a Others<'a>,
    code: &'a str,
    reply: Option<u16>,
    lang: Lang,
) -> Explanation<'a> {
    let entry = answer.entry.as_ref();
    let registry = others.registry.as_deref().map(|e| brief(e, code, lang));
    let alternatives: Vec<Brief> = others
        .alternatives
        .iter()
        .map(|e| brief(e, code, lang))
        .collect();
    let mut sources = vec![entry.source.id.as_str()];
    for id in registry.iter().chain(alternatives.iter()).map(|b| b.source) {
        if !sources.contains(&id) {
            sources.push(id);
        }
    }
    Explanation {
        code,
        reply,
        lang,
        meaning: Meaning {
            source: &entry.source.id,
            source_name: entry.source.name.get(lang),
            codes: &entry.codes,
            title: entry.title.get(lang),
            cause: entry.cause.get(lang),
            class: answer.class.as_ref().map(|c| c.title.get(lang).as_str()),
            response: others
                .seen
                .or_else(|| entry.response_for(code, others.seen)),
            fix_owner: entry.fix_owner,
            who_must_act: catalog::fix_owner_label(entry.fix_owner, lang),
            steps: entry.steps.get(lang),
            admin_steps: entry.admin_steps.as_ref().map(|s| s.get(lang).as_slice()),
            links: entry
                .links
                .iter()
                .map(|l| catalog::localize_link(l, lang))
                .collect(),
        },
        registry,
        alternatives,
        sources,
    }
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
    let provider = args
        .provider
        .map(ProviderArg::provider)
        .or_else(|| text.and_then(Provider::detect));
    let lang = args.lang.resolve();
    let query = Query {
        code: &code,
        reply,
        text,
        provider,
    };
    let Some(answer) = catalog.lookup(&query) else {
        eprintln!(
            "mail-lsp: no explanation known for `{code}` (try a status code like 5.1.1, a reply code like 550, or spf=fail)"
        );
        return ExitCode::from(2);
    };
    let others = catalog.others(&answer, &code, &query);
    let body = match args.format {
        Format::Text => catalog::render_plain_with(&answer, &code, reply, lang, &others, Pick::Cli),
        Format::Json => {
            match serde_json::to_string_pretty(&json(&answer, &others, &code, reply, lang)) {
                Ok(json) => json + "\n",
                Err(error) => {
                    eprintln!("mail-lsp: cannot write JSON: {error}");
                    return ExitCode::from(2);
                }
            }
        }
    };
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
