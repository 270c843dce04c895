//! DKIM public keys the user supplies, read from DNS zone-file text: what `dig` prints for a
//! TXT (or CNAME) record, `sel._domainkey.example.com. 3600 IN TXT "v=DKIM1; k=rsa; " "p=MIIB…"`.
//!
//! Keys come only from these files, never from DNS. The reader is written here because the
//! zone-file crates parse whole authoritative zones (and reject the partial, pasted, `dig`-shaped
//! files people save), while all this needs is RFC 1035 §5.1's record lines: `;` comments,
//! several quoted strings joined into one text, optional TTL and class, `( … )` spanning lines,
//! `$ORIGIN`, `$TTL` and `@`. Records of other types are skipped; a line that cannot be read is
//! reported with its line number and the rest of the file still counts.

use std::collections::HashMap;

/// Records kept from all files together, so a hostile file costs bounded memory.
const MAX_RECORDS: usize = 10_000;
/// CNAME hops followed from a selector to its key (providers delegate selectors this way).
const MAX_ALIAS_HOPS: usize = 8;

/// One TXT record's text, with where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxtRecord {
    /// The strings of the record joined, as DNS clients join them.
    pub text: String,
    /// The file the record was read from, as the user named it, and its line (1-based).
    pub source: String,
    pub line: usize,
}

/// The keys of every file the user named, by owner name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet {
    txt: HashMap<String, Vec<TxtRecord>>,
    aliases: HashMap<String, String>,
    records: usize,
}

/// A line of a key file that could not be read; the other lines still count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneProblem {
    pub source: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ZoneProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.source, self.line, self.message)
    }
}

/// Lower case, without the final dot: the form names are compared in.
fn normalize(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

impl KeySet {
    pub fn is_empty(&self) -> bool {
        self.txt.is_empty()
    }

    /// How many TXT records were read.
    pub fn len(&self) -> usize {
        self.txt.values().map(Vec::len).sum()
    }

    /// Reads one file's text into the set; `source` names it in problems and findings.
    pub fn add_zone(&mut self, text: &str, source: &str) -> Vec<ZoneProblem> {
        let mut problems = Vec::new();
        let mut reader = Reader::default();
        for entry in entries(text) {
            let problem = |message: &str| ZoneProblem {
                source: source.to_string(),
                line: entry.line,
                message: message.to_string(),
            };
            match entry.tokens {
                Err(message) => problems.push(problem(message)),
                Ok(tokens) => match reader.record(tokens) {
                    Ok(Some(Record::Txt(owner, text))) => {
                        if self.records >= MAX_RECORDS {
                            problems.push(problem("too many records; the rest is skipped"));
                            break;
                        }
                        self.records += 1;
                        self.txt.entry(owner).or_default().push(TxtRecord {
                            text,
                            source: source.to_string(),
                            line: entry.line,
                        });
                    }
                    Ok(Some(Record::Cname(owner, target))) => {
                        if self.records >= MAX_RECORDS {
                            problems.push(problem("too many records; the rest is skipped"));
                            break;
                        }
                        self.records += 1;
                        self.aliases.insert(owner, target);
                    }
                    Ok(None) => {}
                    Err(message) => problems.push(problem(message)),
                },
            }
        }
        problems
    }

    /// The TXT records of `name`, following CNAME records of the files.
    pub fn txt(&self, name: &str) -> &[TxtRecord] {
        let mut name = normalize(name);
        for _ in 0..MAX_ALIAS_HOPS {
            if let Some(found) = self.txt.get(&name) {
                return found;
            }
            match self.aliases.get(&name) {
                Some(target) => name = target.clone(),
                None => break,
            }
        }
        &[]
    }

    /// The DKIM key records published for `selector` and `domain`.
    pub fn dkim(&self, selector: &str, domain: &str) -> &[TxtRecord] {
        self.txt(&format!("{selector}._domainkey.{domain}"))
    }
}

enum Record {
    Txt(String, String),
    Cname(String, String),
}

/// One record's tokens, the parentheses already joined.
struct Entry {
    line: usize,
    tokens: Result<Vec<Token>, &'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// The line starts with whitespace: the owner is the previous record's.
    Blank,
    Word(String),
    Quoted(String),
}

/// Splits a zone text into records: comments dropped, quoted strings unescaped, lines inside
/// `( … )` joined.
fn entries(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut tokens: Vec<Token> = Vec::new();
    let mut first_line = 1;
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let mut at_line_start = true;
    let mut error: Option<&'static str> = None;
    while let Some(c) = chars.next() {
        if at_line_start && depth == 0 {
            first_line = line;
            if c == ' ' || c == '\t' {
                tokens.push(Token::Blank);
            }
        }
        at_line_start = false;
        match c {
            '\n' => {
                line += 1;
                at_line_start = true;
                if depth == 0 {
                    flush(&mut out, &mut tokens, &mut error, first_line);
                }
            }
            ';' => {
                while chars.peek().is_some_and(|c| *c != '\n') {
                    chars.next();
                }
            }
            '(' => depth += 1,
            ')' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => error = Some("`)` without `(`"),
            },
            '"' => {
                let mut value = String::new();
                let mut closed = false;
                // A string ends at its line's end at the latest: `dig` never prints a line
                // break inside one, and an unclosed quote must not swallow the records after it.
                while let Some(c) = chars.next_if(|c| *c != '\n') {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next_if(|c| *c != '\n') {
                            Some(d) if d.is_ascii_digit() => {
                                let mut digits = String::from(d);
                                for _ in 0..2 {
                                    if let Some(d) = chars.next_if(char::is_ascii_digit) {
                                        digits.push(d);
                                    }
                                }
                                match digits.parse::<u8>() {
                                    Ok(b) if b.is_ascii() => value.push(char::from(b)),
                                    _ => error = Some("an escape `\\DDD` that is not ASCII"),
                                }
                            }
                            Some(other) => value.push(other),
                            None => {}
                        },
                        other => value.push(other),
                    }
                }
                if !closed {
                    error = Some("a quoted string is not closed");
                }
                tokens.push(Token::Quoted(value));
            }
            c if c.is_whitespace() => {}
            c => {
                let mut word = String::from(c);
                while let Some(c) =
                    chars.next_if(|c| !c.is_whitespace() && !matches!(c, ';' | '(' | ')' | '"'))
                {
                    word.push(c);
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    if depth > 0 {
        error = Some("`(` is not closed");
    }
    flush(&mut out, &mut tokens, &mut error, first_line);
    out
}

fn flush(
    out: &mut Vec<Entry>,
    tokens: &mut Vec<Token>,
    error: &mut Option<&'static str>,
    line: usize,
) {
    let tokens = std::mem::take(tokens);
    let empty = tokens.iter().all(|t| *t == Token::Blank);
    match error.take() {
        Some(message) => out.push(Entry {
            line,
            tokens: Err(message),
        }),
        None if empty => {}
        None => out.push(Entry {
            line,
            tokens: Ok(tokens),
        }),
    }
}

/// What a record line may leave out, carried from the lines before.
#[derive(Default)]
struct Reader {
    origin: Option<String>,
    owner: Option<String>,
}

const CLASSES: &[&str] = &["IN", "CH", "HS", "CS"];

fn is_ttl(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric())
        && word.starts_with(|c: char| c.is_ascii_digit())
}

impl Reader {
    fn absolute(&self, name: &str) -> String {
        if name == "@" {
            return self.origin.clone().unwrap_or_default();
        }
        match (&self.origin, name.ends_with('.')) {
            (Some(origin), false) if !origin.is_empty() => {
                format!("{}.{origin}", normalize(name))
            }
            _ => normalize(name),
        }
    }

    fn record(&mut self, tokens: Vec<Token>) -> Result<Option<Record>, &'static str> {
        let mut tokens = tokens.into_iter().peekable();
        let owner = match tokens.next() {
            Some(Token::Blank) => self
                .owner
                .clone()
                .ok_or("a record without a name, and no record before it")?,
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("$ORIGIN") => {
                let Some(Token::Word(origin)) = tokens.next() else {
                    return Err("$ORIGIN without a domain name");
                };
                self.origin = Some(normalize(&origin));
                return Ok(None);
            }
            Some(Token::Word(word)) if word.starts_with('$') => return Ok(None),
            Some(Token::Word(word)) => self.absolute(&word),
            Some(Token::Quoted(_)) | None => return Err("a record must start with a name"),
        };
        self.owner = Some(owner.clone());
        // TTL and class, in either order, both optional.
        let mut kind = None;
        for token in tokens.by_ref() {
            match token {
                Token::Word(word)
                    if is_ttl(&word) || CLASSES.iter().any(|c| c.eq_ignore_ascii_case(&word)) => {}
                Token::Word(word) => {
                    kind = Some(word.to_ascii_uppercase());
                    break;
                }
                _ => return Err("a record needs a type (TXT) before its text"),
            }
        }
        match kind.as_deref() {
            Some("TXT") => {
                let mut text = String::new();
                let mut any = false;
                for token in tokens {
                    match token {
                        Token::Quoted(part) | Token::Word(part) => {
                            text.push_str(&part);
                            any = true;
                        }
                        Token::Blank => {}
                    }
                }
                if !any {
                    return Err("a TXT record without text");
                }
                Ok(Some(Record::Txt(owner, text)))
            }
            Some("CNAME") => match tokens.next() {
                Some(Token::Word(target)) => Ok(Some(Record::Cname(owner, self.absolute(&target)))),
                _ => Err("a CNAME record without a target"),
            },
            Some(_) => Ok(None),
            None => Err("a record without a type"),
        }
    }
}

/// A DKIM key record (RFC 6376 §3.6.1), read from a TXT record's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// `k=`: `rsa` unless said otherwise.
    pub key_type: String,
    /// `p=` decoded; empty when the key was revoked.
    pub public_key: Vec<u8>,
    /// `h=`: the hash algorithms the key may be used with; empty means any.
    pub hashes: Vec<String>,
    /// `t=y`: the domain is testing DKIM.
    pub testing: bool,
}

/// Why a TXT record is not a usable DKIM key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// `v=` is not `DKIM1`.
    Version(String),
    /// No `p=` at all.
    NoKey,
    /// `p=` is not base64.
    BadBase64,
}

impl KeyRecord {
    pub fn parse(text: &str) -> Result<KeyRecord, KeyProblem> {
        let mut record = KeyRecord {
            key_type: "rsa".into(),
            public_key: Vec::new(),
            hashes: Vec::new(),
            testing: false,
        };
        let mut key = None;
        for segment in text.split(';') {
            let Some((name, value)) = segment.split_once('=') else {
                continue;
            };
            let value: String = value.split_whitespace().collect();
            match name.trim().to_ascii_lowercase().as_str() {
                "v" if value != "DKIM1" => return Err(KeyProblem::Version(value)),
                "k" => record.key_type = value.to_ascii_lowercase(),
                "h" => {
                    record.hashes = value
                        .split(':')
                        .map(|h| h.trim().to_ascii_lowercase())
                        .filter(|h| !h.is_empty())
                        .collect()
                }
                "t" => record.testing = value.split(':').any(|f| f.eq_ignore_ascii_case("y")),
                "p" => key = Some(value),
                _ => {}
            }
        }
        let key = key.ok_or(KeyProblem::NoKey)?;
        use base64::Engine as _;
        record.public_key = base64::engine::general_purpose::STANDARD
            .decode(key.as_bytes())
            .map_err(|_| KeyProblem::BadBase64)?;
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dig_output_with_comments_split_strings_and_ttl() {
        let zone = "; <<>> DiG 9.18 <<>> TXT sel._domainkey.example.com\n\
            ;; ANSWER SECTION:\n\
            sel._domainkey.example.com. 3600 IN TXT \"v=DKIM1; k=rsa; \" \"p=MIIB\" \"AQAB\"\n";
        let mut keys = KeySet::default();
        assert_eq!(keys.add_zone(zone, "keys.zone"), []);
        let found = keys.dkim("sel", "Example.COM.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "v=DKIM1; k=rsa; p=MIIBAQAB");
        assert_eq!((found[0].source.as_str(), found[0].line), ("keys.zone", 3));
    }

    #[test]
    fn parentheses_origin_owner_reuse_and_no_ttl_or_class() {
        let zone = "$ORIGIN example.org.\n$TTL 1h\n\
            s1._domainkey TXT ( \"v=DKIM1; p=\" ; the key\n   \"QUJD\" )\n\
            \tIN TXT \"second\"\n\
            @ IN TXT \"v=spf1 -all\"\n\
            s2._domainkey.example.org. 300 IN CNAME s1._domainkey.example.org.\n";
        let mut keys = KeySet::default();
        assert_eq!(keys.add_zone(zone, "z"), []);
        let texts: Vec<&str> = keys
            .dkim("s1", "example.org")
            .iter()
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(texts, ["v=DKIM1; p=QUJD", "second"]);
        assert_eq!(keys.txt("example.org")[0].text, "v=spf1 -all");
        assert_eq!(keys.dkim("s2", "example.org").len(), 2);
        assert_eq!(keys.dkim("s3", "example.org").len(), 0);
    }

    #[test]
    fn malformed_lines_are_reported_and_the_rest_still_counts() {
        let zone = "a.example. TXT \"unterminated\n\
            \"quoted first\"\n\
            b.example. IN\n\
            c.example. TXT\n\
            ) stray\n\
            d.example. TXT \"kept\"\n\
            e.example. TXT ( \"never closed\"\n";
        let mut keys = KeySet::default();
        let problems = keys.add_zone(zone, "bad.zone");
        assert_eq!(keys.txt("d.example")[0].text, "kept");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 7]);
        assert_eq!(
            problems[0].to_string(),
            "bad.zone:1: a quoted string is not closed"
        );
        // Nothing at all, binary noise and a loop of aliases cost nothing.
        for text in ["", "\u{0}\u{1}((((", "\\", "\"", "$ORIGIN", " \"x\""] {
            let _ = KeySet::default().add_zone(text, "noise");
        }
        let mut looped = KeySet::default();
        let _ = looped.add_zone("a. CNAME b.\nb. CNAME a.\n", "loop");
        assert!(looped.txt("a").is_empty());
    }

    #[test]
    fn key_records() {
        let key = KeyRecord::parse("v=DKIM1; k=ed25519; h=sha256; p=QU JD").ok();
        assert_eq!(
            key,
            Some(KeyRecord {
                key_type: "ed25519".into(),
                public_key: b"ABC".to_vec(),
                hashes: vec!["sha256".into()],
                testing: false,
            })
        );
        let revoked = KeyRecord::parse("v=DKIM1; t=y; p=").ok();
        assert!(
            revoked
                .as_ref()
                .is_some_and(|k| k.public_key.is_empty() && k.testing)
        );
        assert_eq!(
            KeyRecord::parse("v=spf1 -all"),
            Err(KeyProblem::Version("spf1-all".into()))
        );
        assert_eq!(KeyRecord::parse("k=rsa"), Err(KeyProblem::NoKey));
        assert_eq!(KeyRecord::parse("p=!!"), Err(KeyProblem::BadBase64));
    }
}
