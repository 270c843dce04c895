//! Completion of status codes where a rule file expects one: after
//! `-RejectMessageEnhancedStatusCode` (and `-SmtpRejectMessageRejectStatusCode`) in PowerShell,
//! after `REJECT`, `DEFER`, `DEFER_IF_PERMIT`, `DEFER_IF_REJECT` and `4NN`/`5NN` in Postfix tables.
//! Only codes valid in that place are offered; the editor layer adds their meaning.

use std::ops::Range;

use super::exchange::{is_rule_code, quote_before, skip_blanks_back};
use super::params::Param;
use super::postfix::{self, Action};
use super::{Dialect, code, dialect};

/// One code to offer, and the bytes it replaces (the code being typed, possibly empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    /// The code to insert and to explain from the catalog.
    pub code: String,
    pub replace: Range<usize>,
}

/// The longest code being typed that is taken into account.
const MAX_TYPED: usize = 16;
/// How many 5.7.9xx codes are offered at once.
const MAX_RULE_CODES: usize = 11;

/// Common codes of Postfix rejections: policy, bad mailbox, bad sender domain, disabled mailbox.
const REJECT_CODES: &[&str] = &["5.7.1", "5.7.0", "5.1.1", "5.1.0", "5.1.8", "5.2.1"];
/// Common codes of Postfix deferrals: policy, system status, unresolvable sender domain.
const DEFER_CODES: &[&str] = &["4.7.1", "4.7.0", "4.3.0", "4.1.8", "4.2.1"];
/// Reply codes for `-SmtpRejectMessageRejectStatusCode`.
const REPLY_CODES: &[&str] = &["550", "554", "450", "451"];

/// What kind of code the position expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// 5.7.1 or 5.7.900–5.7.999.
    RuleCode,
    /// A three-digit reply code.
    Reply,
    /// An enhanced code of this class.
    Class(u8),
}

/// The codes that may be written at `offset`, filtered by what is already typed there.
pub fn completions(text: &str, offset: usize) -> Vec<Completion> {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return Vec::new();
    }
    let b = text.as_bytes();
    let is_code_byte = |c: &u8| c.is_ascii_digit() || *c == b'.';
    let typed_len = b[..offset]
        .iter()
        .rev()
        .take(MAX_TYPED)
        .take_while(|c| is_code_byte(c))
        .count();
    let start = offset - typed_len;
    let end = offset
        + b[offset..]
            .iter()
            .take(MAX_TYPED)
            .take_while(|c| is_code_byte(c))
            .count();
    let slot = match dialect(text) {
        Dialect::PowerShell => powershell_slot(text, start),
        Dialect::Postfix => postfix_slot(text, start),
    };
    let Some(slot) = slot else {
        return Vec::new();
    };
    offer(slot, &text[start..offset], &text[start..end], start..end)
}

/// The parameter whose value starts at `start`: `-Name 5.7.1`, `-Name:'5.7.1'`, `Name = "5.7.1"`.
fn powershell_slot(text: &str, start: usize) -> Option<Slot> {
    let b = text.as_bytes();
    let mut i = start - quote_before(b, start).unwrap_or(0);
    let glued = i > 0 && b[i - 1] == b':';
    let mut key = false;
    if glued {
        i -= 1;
    } else {
        let blanks = skip_blanks_back(b, i);
        if blanks == i {
            return None;
        }
        i = blanks;
        if i > 0 && b[i - 1] == b'=' {
            key = true;
            i = skip_blanks_back(b, i - 1);
        }
    }
    let name_start = b[..i]
        .iter()
        .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        .map_or(0, |n| n + 1);
    let dashed = name_start > 0 && b[name_start - 1] == b'-';
    if key == dashed {
        return None;
    }
    match Param::from_name(&text[name_start..i])? {
        Param::RejectMessageEnhancedStatusCode => Some(Slot::RuleCode),
        Param::SmtpRejectMessageRejectStatusCode => Some(Slot::Reply),
        _ => None,
    }
}

/// The action whose text starts at `start`: `key REJECT |`, `key DEFER 4.|`, `key 550 |`.
fn postfix_slot(text: &str, start: usize) -> Option<Slot> {
    let line = postfix::line_before(text, start);
    let head = postfix::head(text, line.start..start)?;
    if head.rest != start || head.action.end >= start {
        return None;
    }
    let word = &text[head.action.clone()];
    match Action::parse(word)? {
        Action::Numeric => match word.as_bytes() {
            [class @ (b'4' | b'5'), _, _] => Some(Slot::Class(*class)),
            _ => None,
        },
        action => action.class().map(Slot::Class),
    }
}

fn offer(slot: Slot, typed: &str, whole: &str, replace: Range<usize>) -> Vec<Completion> {
    let mut codes: Vec<String> = match slot {
        Slot::RuleCode => std::iter::once("5.7.1".to_string())
            .filter(|code| code.starts_with(typed))
            .chain(
                (900..=999)
                    .map(|detail| format!("5.7.{detail}"))
                    .filter(|code| code.starts_with(typed))
                    .take(MAX_RULE_CODES),
            )
            .collect(),
        Slot::Reply => REPLY_CODES
            .iter()
            .filter(|code| code.starts_with(typed))
            .map(|code| code.to_string())
            .collect(),
        Slot::Class(class) => {
            let list = if class == b'5' {
                REJECT_CODES
            } else {
                DEFER_CODES
            };
            list.iter()
                .filter(|code| code.starts_with(typed))
                .map(|code| code.to_string())
                .collect()
        }
    };
    // The code already written, when it is valid here but not among the usual ones.
    let valid = match slot {
        Slot::RuleCode => code::exact(whole, &(0..whole.len())).is_some() && is_rule_code(whole),
        Slot::Reply => {
            whole.len() == 3 && whole.parse::<u16>().is_ok_and(|r| (400..600).contains(&r))
        }
        Slot::Class(class) => {
            code::exact(whole, &(0..whole.len())).is_some_and(|token| token.class == class)
        }
    };
    if valid && !codes.iter().any(|code| code == whole) {
        codes.insert(0, whole.to_string());
    }
    codes
        .into_iter()
        .map(|code| Completion {
            label: code.clone(),
            code,
            replace: replace.clone(),
        })
        .collect()
}
