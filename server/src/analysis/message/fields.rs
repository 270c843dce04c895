//! Header-style fields (`Name: value`, folded continuation lines) with the byte spans of their
//! names and values, for message headers and for the field blocks of delivery-status parts.

use std::ops::Range;

/// The longest field name considered; longer "names" are prose that happens to contain a colon.
const MAX_NAME: usize = 64;

/// One field. Spans are relative to the text the field was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<'t> {
    pub name: &'t str,
    /// From the start of the name to the end of the last continuation line (line ending excluded).
    pub span: Range<usize>,
    /// The raw value, continuation lines included.
    pub value_span: Range<usize>,
}

impl<'t> Field<'t> {
    /// The value with folding removed and whitespace collapsed at the folds.
    pub fn value(&self, text: &'t str) -> String {
        let raw = text.get(self.value_span.clone()).unwrap_or_default();
        let mut out = String::with_capacity(raw.len());
        for (i, line) in raw.split('\n').enumerate() {
            let line = line.trim_end_matches('\r');
            if i == 0 {
                out.push_str(line.trim());
            } else {
                let line = line.trim();
                if !line.is_empty() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(line);
                }
            }
        }
        out
    }

    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// A line of `text` with its start offset, without its line ending.
#[derive(Debug, Clone, Copy)]
pub struct Line<'t> {
    pub start: usize,
    pub text: &'t str,
}

impl Line<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Lines of `text`, tolerating CRLF and the stray CRs of real bounces.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |raw| {
        let line = Line {
            start,
            text: raw.trim_end_matches(['\n', '\r']),
        };
        start += raw.len();
        line
    })
}

/// The length of a field name at the start of `line` (`Final-Recipient:` → 15), if the line
/// opens a field.
pub fn field_name_len(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let colon = bytes.iter().take(MAX_NAME + 1).position(|&b| b == b':')?;
    let name = &bytes[..colon];
    let ok = !name.is_empty()
        && name[0].is_ascii_alphabetic()
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(colon)
}

/// Reads the fields of a header-like block. Lines that start with whitespace continue the
/// previous field; so do lines that open no field at all (some gateways forget to indent the
/// continuation of a long `Diagnostic-Code`). Stops at the first blank line when `stop_at_blank`.
pub fn parse(text: &str, stop_at_blank: bool) -> Vec<Field<'_>> {
    let mut fields: Vec<Field<'_>> = Vec::new();
    for line in lines(text) {
        if line.is_blank() {
            if stop_at_blank {
                break;
            }
            continue;
        }
        let continues = line.text.starts_with([' ', '\t']) || field_name_len(line.text).is_none();
        if continues {
            if let Some(last) = fields.last_mut()
                && last.span.end + 3 >= line.start
            {
                last.span.end = line.end();
                last.value_span.end = line.end();
            }
            continue;
        }
        let Some(colon) = field_name_len(line.text) else {
            continue;
        };
        let mut value_start = colon + 1;
        let rest = line.text.as_bytes();
        while value_start < rest.len() && matches!(rest[value_start], b' ' | b'\t') {
            value_start += 1;
        }
        fields.push(Field {
            name: &line.text[..colon],
            span: line.start..line.end(),
            value_span: line.start + value_start..line.end(),
        });
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_fields_keep_their_spans() {
        let text =
            "Diagnostic-Code: smtp; 550-5.7.1\r\n    [192.0.2.1] blocked\r\nStatus: 5.7.1\r\n";
        let fields = parse(text, false);
        assert_eq!(fields.len(), 2);
        assert!(fields[0].is("diagnostic-code"));
        assert_eq!(fields[0].value(text), "smtp; 550-5.7.1 [192.0.2.1] blocked");
        assert_eq!(&text[fields[1].value_span.clone()], "5.7.1");
    }

    #[test]
    fn unindented_continuations_join_the_field_before() {
        let text = "Diagnostic-Code: smtp; 550-Please log in\n550 relay denied.\nStatus: 5.0.0\n";
        let fields = parse(text, false);
        assert_eq!(fields.len(), 2);
        assert_eq!(
            fields[0].value(text),
            "smtp; 550-Please log in 550 relay denied."
        );
    }
}
