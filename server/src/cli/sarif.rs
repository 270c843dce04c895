//! `check --format sarif`: one SARIF 2.1.0 log for every input, for code-scanning services. It is
//! built from `serde-sarif`'s types, which are generated from the SARIF 2.1.0 JSON schema, so a
//! misspelt property or a level the schema does not know cannot be written.

use std::collections::BTreeMap;
use std::io::Write;

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingDescriptor, Result as SarifResult, ResultColumnKind, ResultLevel, Run, Sarif, Tool,
    ToolComponent, Version,
};

use crate::analysis::{Finding, Severity};

/// The schema named in the log's `$schema`.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Results gathered while the inputs are checked: SARIF is one document, written at the end.
#[derive(Default)]
pub struct SarifLog {
    /// One rule per finding kind and code (`status-code/5.1.1`), described by the message of its
    /// first finding; sorted by id so the log does not depend on the inputs' order.
    rules: BTreeMap<String, ReportingDescriptor>,
    results: Vec<SarifResult>,
}

/// Where a result is: the input's name and its 1-based start and end, as (line, column) with
/// columns in Unicode code points.
pub struct Span<'a> {
    pub uri: &'a str,
    pub start: (usize, usize),
    pub end: (usize, usize),
}

impl SarifLog {
    /// One result for `finding`, and its rule if it is the first of its code.
    pub fn add(&mut self, finding: &Finding, message: &str, link: Option<&str>, span: &Span) {
        let rule_id = format!("{}/{}", finding.kind.name(), finding.code);
        self.rules.entry(rule_id.clone()).or_insert_with(|| {
            let mut rule = ReportingDescriptor::builder()
                .id(rule_id.clone())
                .short_description(MultiformatMessageString::builder().text(message).build())
                .build();
            rule.help_uri = link.map(str::to_owned);
            rule
        });
        let region = Region::builder()
            .start_line(number(span.start.0))
            .start_column(number(span.start.1))
            .end_line(number(span.end.0))
            .end_column(number(span.end.1))
            .build();
        let location = PhysicalLocation::builder()
            .artifact_location(ArtifactLocation::builder().uri(span.uri).build())
            .region(region)
            .build();
        self.results.push(
            SarifResult::builder()
                .rule_id(rule_id)
                .level(level(finding.severity))
                .message(Message::builder().text(message).build())
                .locations(vec![
                    Location::builder().physical_location(location).build(),
                ])
                .build(),
        );
    }

    /// The whole log, pretty-printed, with a final line end.
    pub fn write(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        let driver = ToolComponent::builder()
            .name("mail-lsp")
            .version(env!("CARGO_PKG_VERSION"))
            .information_uri("https://github.com/mail-lsp/mail-lsp")
            .rules(
                std::mem::take(&mut self.rules)
                    .into_values()
                    .collect::<Vec<_>>(),
            )
            .build();
        let run = Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .column_kind(ResultColumnKind::UnicodeCodePoints.to_string())
            .results(std::mem::take(&mut self.results))
            .build();
        let log = Sarif::builder()
            .schema(SCHEMA)
            .version(Version::V2_1_0.to_string())
            .runs(vec![run])
            .build();
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

/// SARIF has no level below `note`: information and hints are notes.
fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Information | Severity::Hint => ResultLevel::Note,
    }
}

/// SARIF's integers are signed; a line or column past `i64::MAX` cannot occur in a file.
fn number(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::analysis::{DocumentKind, analyze};

    #[test]
    fn a_bounce_in_a_log_is_one_result_with_its_rule_level_and_region() {
        let text =
            "Nov  4 09:12:01 mx postfix/smtp[1]: AAA: to=<a@b.c>, dsn=5.1.1, status=bounced\n";
        let findings = analyze(text, DocumentKind::Log);
        let finding = findings
            .iter()
            .find(|f| f.code == "5.1.1" && f.kind == crate::analysis::FindingKind::StatusCode)
            .expect("dsn=5.1.1");
        let mut log = super::SarifLog::default();
        let span = super::Span {
            uri: "mail.log",
            start: (1, 58),
            end: (1, 63),
        };
        log.add(
            finding,
            "5.1.1: Recipient mailbox does not exist",
            Some("https://example.org/5.1.1"),
            &span,
        );
        // A second finding of the same code adds a result, not a rule.
        log.add(finding, "another message", None, &span);
        let mut out = Vec::new();
        log.write(&mut out).expect("written");
        let written: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        let result = json!({
            "ruleId": "status-code/5.1.1",
            "level": "error",
            "message": { "text": "5.1.1: Recipient mailbox does not exist" },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": "mail.log" },
                "region": { "startLine": 1, "startColumn": 58, "endLine": 1, "endColumn": 63 }
            }}]
        });
        let mut second = result.clone();
        second["message"]["text"] = json!("another message");
        assert_eq!(
            written,
            json!({
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "version": "2.1.0",
                "runs": [{
                    "tool": { "driver": {
                        "name": "mail-lsp",
                        "version": env!("CARGO_PKG_VERSION"),
                        "informationUri": "https://github.com/mail-lsp/mail-lsp",
                        "rules": [{
                            "id": "status-code/5.1.1",
                            "shortDescription": { "text": "5.1.1: Recipient mailbox does not exist" },
                            "helpUri": "https://example.org/5.1.1"
                        }]
                    }},
                    "columnKind": "unicodeCodePoints",
                    "results": [result, second]
                }]
            })
        );
        // And it reads back as the schema's types.
        let typed: serde_sarif::sarif::Sarif = serde_json::from_slice(&out).expect("SARIF 2.1.0");
        assert_eq!(typed.runs.len(), 1);
    }
}
