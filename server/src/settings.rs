//! User settings, one schema for every editor, read leniently: a wrong key or type costs a
//! warning and the default, never a dead server.

use std::path::PathBuf;

use serde_json::Value;

use crate::analysis::DocumentKind;
use crate::lang::Lang;

/// Every setting mail-lsp reads. Names match the README table and each editor's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `language`: `None` follows the client's locale.
    pub language: Option<Lang>,
    /// `diagnostics.maxPerDocument`.
    pub max_per_document: usize,
    /// `diagnostics.successCodes`: show 2.x.x codes as diagnostics.
    pub success_codes: bool,
    /// `diagnostics.debounceMs`: quiet time after an edit before diagnostics are recomputed.
    pub debounce_ms: u64,
    /// `diagnostics.authentication`: underline authentication verdicts.
    pub auth_diagnostics: bool,
    /// `diagnostics.antispam`: show decoded anti-spam stamps as information.
    pub antispam_diagnostics: bool,
    /// `catalog.extraPaths`: organisation catalogs merged over the built-in one.
    pub extra_catalogs: Vec<PathBuf>,
    /// `dkim.keyFiles`: DKIM public keys (TXT records as `dig` prints them) to verify signatures.
    pub dkim_key_files: Vec<PathBuf>,
    /// `logFormats`: `auto`, or a format to force.
    pub log_format: String,
    /// `kind`: force a document kind for every document (`auto` by default).
    pub force_kind: Option<DocumentKind>,
    /// `trustedAuthservIds`: authentication results from other servers are flagged as untrusted.
    pub trusted_authserv_ids: Vec<String>,
    /// `trace`: verbosity of the server's own log.
    pub trace: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: None,
            max_per_document: 1000,
            success_codes: false,
            debounce_ms: 200,
            auth_diagnostics: true,
            antispam_diagnostics: true,
            extra_catalogs: Vec::new(),
            dkim_key_files: Vec::new(),
            log_format: "auto".into(),
            force_kind: None,
            trusted_authserv_ids: Vec::new(),
            trace: "off".into(),
        }
    }
}

/// The log formats `logFormats` accepts.
pub const LOG_FORMATS: &[&str] = &[
    "auto",
    "postfix",
    "exim",
    "sendmail",
    "exchange",
    "m365",
    "transcript",
];

impl Settings {
    /// Reads settings from whatever a client sent: `{ "mailLsp": {...} }`, `{ "mail-lsp": {...} }`,
    /// the inner object, nested or dotted keys. Returns the warnings to show the user.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut warnings = Vec::new();
        settings.merge_json(value, &mut warnings);
        (settings, warnings)
    }

    /// Applies the keys present in `value` over the current settings.
    pub fn merge_json(&mut self, value: &Value, warnings: &mut Vec<String>) {
        let root = match value {
            Value::Null => return,
            Value::Object(map) => map
                .get("mailLsp")
                .or_else(|| map.get("mail-lsp"))
                .or_else(|| map.get("mail_lsp"))
                .unwrap_or(value),
            other => {
                warnings.push(format!(
                    "mail-lsp settings must be an object, got {}",
                    type_name(other)
                ));
                return;
            }
        };
        let mut flat = Vec::new();
        flatten("", root, &mut flat);
        for (key, value) in flat {
            self.set(&key, value, warnings);
        }
    }

    fn set(&mut self, key: &str, value: &Value, warnings: &mut Vec<String>) {
        let mut wrong = |expected: &str| {
            warnings.push(format!(
                "setting `{key}` expects {expected}, got {}; using the default",
                describe(value)
            ))
        };
        match key {
            "language" => match value.as_str() {
                Some("auto") => self.language = None,
                Some(tag) => match Lang::from_locale(tag) {
                    Some(lang) => self.language = Some(lang),
                    None => wrong("one of auto, en, fr, it, ja"),
                },
                None => wrong("a string"),
            },
            "diagnostics.maxPerDocument" => match value.as_u64() {
                Some(n) if n > 0 => self.max_per_document = n.min(1_000_000) as usize,
                _ => wrong("a positive integer"),
            },
            "diagnostics.successCodes" => match value.as_bool() {
                Some(b) => self.success_codes = b,
                None => wrong("true or false"),
            },
            "diagnostics.debounceMs" => match value.as_u64() {
                Some(n) => self.debounce_ms = n.min(10_000),
                None => wrong("a number of milliseconds"),
            },
            "diagnostics.authentication" => match value.as_bool() {
                Some(b) => self.auth_diagnostics = b,
                None => wrong("true or false"),
            },
            "diagnostics.antispam" => match value.as_bool() {
                Some(b) => self.antispam_diagnostics = b,
                None => wrong("true or false"),
            },
            "catalog.extraPaths" => match value.as_array() {
                Some(items) if items.iter().all(Value::is_string) => {
                    self.extra_catalogs = items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(PathBuf::from)
                        .collect();
                }
                _ => wrong("a list of file paths"),
            },
            "dkim.keyFiles" => match value.as_array() {
                Some(items) if items.iter().all(Value::is_string) => {
                    self.dkim_key_files = items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(PathBuf::from)
                        .collect();
                }
                _ => wrong("a list of file paths"),
            },
            "logFormats" | "logFormat" => match value.as_str() {
                Some(format) if LOG_FORMATS.contains(&format) => {
                    self.log_format = format.to_string()
                }
                _ => wrong(&format!("one of {}", LOG_FORMATS.join(", "))),
            },
            "kind" => match value.as_str() {
                Some("auto") => self.force_kind = None,
                Some(kind) => match kind.parse() {
                    Ok(kind) => self.force_kind = Some(kind),
                    Err(_) => wrong("one of auto, message, log, rules"),
                },
                None => wrong("a string"),
            },
            "trustedAuthservIds" => match value.as_array() {
                Some(items) if items.iter().all(Value::is_string) => {
                    self.trusted_authserv_ids = items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(|s| s.to_ascii_lowercase())
                        .collect();
                }
                _ => wrong("a list of host names"),
            },
            "trace" | "trace.server" => match value.as_str() {
                Some(level @ ("off" | "messages" | "verbose")) => self.trace = level.to_string(),
                _ => wrong("one of off, messages, verbose"),
            },
            // Client-side settings mirrored in editor schemas; the server has nothing to do with them.
            "server.path" | "server.args" | "server.extraEnv" => {}
            _ => warnings.push(format!("unknown setting `{key}` ignored")),
        }
    }
}

/// Flattens nested objects into dotted keys, keeping leaf values (arrays are leaves).
fn flatten<'v>(prefix: &str, value: &'v Value, out: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let full = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&full, inner, out);
            }
        }
        _ if !prefix.is_empty() => out.push((prefix.to_string(), value)),
        _ => {}
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn describe(value: &Value) -> String {
    let shown = value.to_string();
    if shown.len() > 40 {
        type_name(value).to_string()
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_and_dotted_keys_under_the_section() {
        let (settings, warnings) = Settings::from_json(&json!({
            "mailLsp": { "language": "fr", "diagnostics": { "maxPerDocument": 5 }, "diagnostics.successCodes": true }
        }));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(settings.language, Some(Lang::Fr));
        assert_eq!(settings.max_per_document, 5);
        assert!(settings.success_codes);
    }

    #[test]
    fn wrong_values_warn_and_keep_defaults() {
        let (settings, warnings) = Settings::from_json(&json!({
            "language": "klingon", "diagnostics": { "maxPerDocument": "many" }, "colour": "blue"
        }));
        assert_eq!(settings, Settings::default());
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown setting `colour`"))
        );
        let (_, warnings) = Settings::from_json(&json!("not an object"));
        assert_eq!(warnings.len(), 1);
    }
}
