//! Turning an answer into what the reader sees: the hover markdown (identical for every client),
//! the plain text of `mail-lsp explain`, and the one-line diagnostic message.

use std::fmt::Write;

use super::lookup::{Answer, Others};
use super::model::{Entry, FixOwner};
use super::sentences::{say, word};
use crate::lang::Lang;
use crate::sentence::Key;

crate::keys! {
    WHO_MUST_ACT = "interface.render.who-must-act";
    HOW_TO_FIX = "interface.render.how-to-fix";
    FOR_ADMINS = "interface.render.for-admins";
    SOURCE = "interface.render.source";
    TYPICAL_RESPONSE = "interface.render.typical-response";
    SEEN_RESPONSE = "interface.render.seen-response";
    REGISTRY_MEANING = "interface.render.registry-meaning";
    OTHER_MEANINGS = "interface.render.other-meanings";
    PICK_CLI = "interface.render.pick-cli" (providers);
    PICK_EDITOR = "interface.render.pick-editor";
    MORE = "interface.render.more";
    OWNER_SENDER = "interface.render.owner.sender";
    OWNER_SENDER_ADMIN = "interface.render.owner.sender-admin";
    OWNER_RECIPIENT_ADMIN = "interface.render.owner.recipient-admin";
    OWNER_PROVIDER_SUPPORT = "interface.render.owner.provider-support";
    OWNER_NONE = "interface.render.owner.none";
}

/// Who must act, in the reader's language.
pub fn fix_owner_label(owner: FixOwner, lang: Lang) -> &'static str {
    let tr = match owner {
        FixOwner::Sender => OWNER_SENDER,
        FixOwner::SenderAdmin => OWNER_SENDER_ADMIN,
        FixOwner::RecipientAdmin => OWNER_RECIPIENT_ADMIN,
        FixOwner::ProviderSupport => OWNER_PROVIDER_SUPPORT,
        FixOwner::None => OWNER_NONE,
    };
    word(&tr, lang)
}

/// Rewrites vendor links to the reader's language: learn.microsoft.com and support.microsoft.com
/// carry a locale segment, Google's help takes `hl=`.
pub fn localize_link(link: &str, lang: Lang) -> String {
    for host in [
        "https://learn.microsoft.com/",
        "https://support.microsoft.com/",
    ] {
        if let Some(rest) = link.strip_prefix(host) {
            let path = match rest.split_once('/') {
                Some((first, tail)) if is_locale_segment(first) => tail,
                _ => rest,
            };
            return format!("{host}{}/{path}", lang.microsoft_locale());
        }
    }
    if link.starts_with("https://support.google.com/") && !link.contains("hl=") {
        let separator = if link.contains('?') { '&' } else { '?' };
        return format!("{link}{separator}hl={}", lang.code());
    }
    link.to_string()
}

fn is_locale_segment(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    bytes.len() == 5
        && bytes[2] == b'-'
        && bytes[..2].iter().all(u8::is_ascii_lowercase)
        && bytes[3..].iter().all(u8::is_ascii_alphabetic)
}

/// The heading of an answer: `550 5.1.1` and the title.
fn heading(answer: &Answer, code: &str, reply: Option<u16>, lang: Lang) -> String {
    let shown = match reply {
        Some(reply) if reply.to_string() != code => format!("{reply} {code}"),
        _ => code.to_string(),
    };
    format!("{shown} — {}", answer.entry.title.get(lang))
}

/// The one-line message a diagnostic or `check` line carries.
pub fn short_message(answer: &Answer, lang: Lang) -> String {
    answer.entry.title.get(lang).clone()
}

/// Where the reader is, which decides how they pick among a code's meanings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// `mail-lsp explain`: with `--text` or `--provider`.
    Cli,
    /// A hover: the document's response text or provider markers decide.
    Editor,
}

/// A seen response text, cut to a readable length.
fn shown_response(seen: &str) -> String {
    const MAX: usize = 300;
    let seen = seen.trim();
    match seen.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &seen[..at]),
        None => seen.to_string(),
    }
}

/// The response line: the text the reader saw, else the entry's literal example.
fn response_line(entry: &Entry, code: &str, others: &Others) -> Option<(Key<0>, String)> {
    match others.seen.filter(|s| !s.trim().is_empty()) {
        Some(seen) => Some((SEEN_RESPONSE, shown_response(seen))),
        None => entry
            .response_for(code, None)
            .map(|r| (TYPICAL_RESPONSE, r.to_string())),
    }
}

/// The provider ids a reader can pass to `--provider` for these entries.
fn provider_ids(others: &Others) -> String {
    let mut ids: Vec<&str> = others
        .alternatives
        .iter()
        .map(|e| e.source.id.as_str())
        .collect();
    ids.dedup();
    ids.join("|")
}

/// How the reader picks one of several meanings, for the command line or the editor.
fn pick_hint(pick: Pick, others: &Others, lang: Lang) -> String {
    match pick {
        Pick::Cli => say(&PICK_CLI, [&provider_ids(others)], lang),
        Pick::Editor => word(&PICK_EDITOR, lang).to_string(),
    }
}

/// One line per provider meaning: provider, literal response, title, who acts.
fn alternative_line(entry: &Entry, code: &str, lang: Lang, markdown: bool) -> String {
    let provider = entry.source.name.get(lang);
    let title = entry.title.get(lang);
    let who = fix_owner_label(entry.fix_owner, lang);
    let colon = lang.colon();
    let response = entry.response_for(code, None);
    if markdown {
        let response = response
            .map(|r| format!(" `{}` —", r.replace('`', "'")))
            .unwrap_or_default();
        format!(
            "- **{}**{colon}{response} {} ({}{colon} {who})",
            escape(provider),
            escape(title),
            word(&WHO_MUST_ACT, lang)
        )
    } else {
        let response = response.map(|r| format!(" \"{r}\" —")).unwrap_or_default();
        format!(
            "  - {provider}{colon}{response} {title} ({}{colon} {who})",
            word(&WHO_MUST_ACT, lang)
        )
    }
}

/// The hover: code and title, what happened, who must act, numbered steps, links, source.
pub fn render_markdown(answer: &Answer, code: &str, reply: Option<u16>, lang: Lang) -> String {
    render_markdown_with(answer, code, reply, lang, &Others::default(), Pick::Editor)
}

/// The hover with the code's other meanings: the registry line under a provider's reading, or
/// every provider meaning under the registry's.
pub fn render_markdown_with(
    answer: &Answer,
    code: &str,
    reply: Option<u16>,
    lang: Lang,
    others: &Others,
    pick: Pick,
) -> String {
    let entry = &answer.entry;
    let mut out = String::new();
    let _ = writeln!(out, "**{}**\n", escape(&heading(answer, code, reply, lang)));
    let _ = writeln!(out, "{}\n", escape(entry.cause.get(lang)));
    if let Some(class) = &answer.class {
        // The class title names the class itself (`Class 5: …`): no label in front of it.
        let _ = writeln!(out, "*{}*\n", escape(class.title.get(lang)));
    }
    if let Some((label, response)) = response_line(entry, code, others) {
        let _ = writeln!(
            out,
            "*{}{}* `{}`\n",
            word(&label, lang),
            lang.colon(),
            response.replace('`', "'")
        );
    }
    let _ = writeln!(
        out,
        "**{}{}** {}\n",
        word(&WHO_MUST_ACT, lang),
        lang.colon(),
        fix_owner_label(entry.fix_owner, lang)
    );
    write_steps_markdown(&mut out, word(&HOW_TO_FIX, lang), entry.steps.get(lang));
    if let Some(admin) = &entry.admin_steps {
        write_steps_markdown(&mut out, word(&FOR_ADMINS, lang), admin.get(lang));
    }
    for link in &entry.links {
        let url = localize_link(link, lang);
        let _ = writeln!(out, "{}{} <{url}>\n", word(&MORE, lang), lang.colon());
    }
    if let Some(registry) = &others.registry {
        let _ = writeln!(
            out,
            "*{}{}* {} ({})\n",
            word(&REGISTRY_MEANING, lang),
            lang.colon(),
            escape(registry.title.get(lang)),
            escape(registry.source.name.get(lang))
        );
    }
    if !others.alternatives.is_empty() {
        let _ = writeln!(out, "**{}**\n", word(&OTHER_MEANINGS, lang));
        for alternative in &others.alternatives {
            let _ = writeln!(out, "{}", alternative_line(alternative, code, lang, true));
        }
        let hint = pick_hint(pick, others, lang);
        let _ = writeln!(out, "\n*{}*\n", escape(&hint));
    }
    let _ = write!(
        out,
        "*{}{} {}*",
        word(&SOURCE, lang),
        lang.colon(),
        escape(source_name(entry, lang))
    );
    out
}

fn write_steps_markdown(out: &mut String, label: &str, steps: &[String]) {
    if steps.is_empty() {
        return;
    }
    let _ = writeln!(out, "**{label}**\n");
    for (n, step) in steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", n + 1, escape(step));
    }
    out.push('\n');
}

/// The same content as the hover, for a terminal.
pub fn render_plain(answer: &Answer, code: &str, reply: Option<u16>, lang: Lang) -> String {
    render_plain_with(answer, code, reply, lang, &Others::default(), Pick::Cli)
}

/// The terminal explanation with the code's other meanings, as in the hover.
pub fn render_plain_with(
    answer: &Answer,
    code: &str,
    reply: Option<u16>,
    lang: Lang,
    others: &Others,
    pick: Pick,
) -> String {
    let entry = &answer.entry;
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", heading(answer, code, reply, lang));
    let _ = writeln!(out, "{}\n", entry.cause.get(lang));
    if let Some(class) = &answer.class {
        let _ = writeln!(out, "{}\n", class.title.get(lang));
    }
    if let Some((label, response)) = response_line(entry, code, others) {
        let _ = writeln!(out, "{}{} {response}\n", word(&label, lang), lang.colon());
    }
    let _ = writeln!(
        out,
        "{}{} {}\n",
        word(&WHO_MUST_ACT, lang),
        lang.colon(),
        fix_owner_label(entry.fix_owner, lang)
    );
    for (label, steps) in [
        (word(&HOW_TO_FIX, lang), Some(entry.steps.get(lang))),
        (
            word(&FOR_ADMINS, lang),
            entry.admin_steps.as_ref().map(|s| s.get(lang)),
        ),
    ] {
        let Some(steps) = steps.filter(|s| !s.is_empty()) else {
            continue;
        };
        let _ = writeln!(out, "{label}{}", lang.colon());
        for (n, step) in steps.iter().enumerate() {
            let _ = writeln!(out, "  {}. {step}", n + 1);
        }
        out.push('\n');
    }
    for link in &entry.links {
        let _ = writeln!(
            out,
            "{}{} {}",
            word(&MORE, lang),
            lang.colon(),
            localize_link(link, lang)
        );
    }
    if let Some(registry) = &others.registry {
        let _ = writeln!(
            out,
            "\n{}{} {} ({})",
            word(&REGISTRY_MEANING, lang),
            lang.colon(),
            registry.title.get(lang),
            registry.source.name.get(lang)
        );
    }
    if !others.alternatives.is_empty() {
        let _ = writeln!(out, "\n{}{}", word(&OTHER_MEANINGS, lang), lang.colon());
        for alternative in &others.alternatives {
            let _ = writeln!(out, "{}", alternative_line(alternative, code, lang, false));
        }
        let hint = pick_hint(pick, others, lang);
        let _ = writeln!(out, "{hint}\n");
    }
    let _ = writeln!(
        out,
        "{}{} {}",
        word(&SOURCE, lang),
        lang.colon(),
        source_name(entry, lang)
    );
    out
}

fn source_name(entry: &Entry, lang: Lang) -> &str {
    entry.source.name.get(lang)
}

/// Keeps catalog text from being read as markdown structure.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsoft_links_follow_the_reader() {
        let link = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-5-1-1";
        assert_eq!(
            localize_link(link, Lang::Ja),
            "https://learn.microsoft.com/ja-jp/exchange/troubleshoot/email-delivery/ndr/fix-error-code-5-1-1"
        );
        assert_eq!(
            localize_link("https://learn.microsoft.com/purview/x", Lang::Fr),
            "https://learn.microsoft.com/fr-fr/purview/x"
        );
        assert_eq!(
            localize_link("https://support.google.com/a/answer/3726730", Lang::It),
            "https://support.google.com/a/answer/3726730?hl=it"
        );
        assert_eq!(
            localize_link("https://www.rfc-editor.org/rfc/rfc5321", Lang::Ja),
            "https://www.rfc-editor.org/rfc/rfc5321"
        );
    }
}
