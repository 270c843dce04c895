//! Rule files as an administrator writes them: Exchange transport rules in PowerShell, a Postfix
//! access map and header checks (fixtures in tests/fixtures/rules/). Each test reads the fixture,
//! shows what mail-lsp finds on which line, applies the quick fixes and checks the result, and asks
//! for completions where a code is expected.

use mail_lsp::analysis::rules::{self, Completion, Fix, Issue, RuleProblem};
use mail_lsp::analysis::{Detail, Finding, FindingKind, Provider, Severity};
use mail_lsp::lang::Lang;
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../tests/fixtures/rules/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// What is under a span, shortened for long reason texts.
fn shown(text: &str, finding: &Finding) -> String {
    let under = &text[finding.span.clone()];
    match under.char_indices().nth(24) {
        Some((cut, _)) => format!("{}…", &under[..cut]),
        None => under.to_string(),
    }
}

fn problem(finding: &Finding) -> &RuleProblem {
    match &finding.detail {
        Some(Detail::Rule(problem)) => problem,
        other => panic!("not a rule finding: {other:?}"),
    }
}

/// The problems of a file: line, rule id, severity and the text under the underline.
fn problems(text: &str) -> Vec<(usize, String, Severity, String)> {
    rules::analyze(text)
        .iter()
        .filter(|f| f.kind == FindingKind::Rule && f.severity != Severity::Hint)
        .map(|f| {
            (
                line_of(text, f.span.start),
                f.code.to_string(),
                f.severity,
                shown(text, f),
            )
        })
        .collect()
}

/// The codes hover can explain: line, code, reply and the text the catalog matches against.
fn codes(text: &str) -> Vec<(usize, String, Option<u16>, Option<String>)> {
    rules::analyze(text)
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::StatusCode | FindingKind::ReplyCode))
        .map(|f| {
            assert_eq!(f.severity, Severity::Hint, "a code in a rule is a setting");
            (
                line_of(text, f.span.start),
                f.code.to_string(),
                f.reply,
                f.text.as_deref().map(str::to_string),
            )
        })
        .collect()
}

/// The problem with this rule id on this line.
fn problem_on(text: &str, line: usize, id: &str) -> Finding {
    rules::analyze(text)
        .into_iter()
        .find(|f| f.code.as_str() == id && line_of(text, f.span.start) == line)
        .unwrap_or_else(|| panic!("no {id} on line {line}"))
}

/// The line after applying each fix of the problem, in order.
fn fixed_lines(text: &str, finding: &Finding) -> Vec<String> {
    let line = line_of(text, finding.span.start);
    problem(finding)
        .fixes
        .iter()
        .map(|fix: &Fix| {
            let fixed = fix.apply(text).expect("fix fits the text");
            fixed
                .lines()
                .nth(line - 1)
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

fn fix_titles(finding: &Finding, lang: Lang) -> Vec<String> {
    problem(finding)
        .fixes
        .iter()
        .map(|fix| fix.title.get(lang))
        .collect()
}

fn s(text: &str) -> String {
    text.to_string()
}

fn labels(completions: &[Completion]) -> Vec<&str> {
    completions.iter().map(|c| c.label.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Exchange transport rules
// ---------------------------------------------------------------------------------------------

#[test]
fn transport_rule_problems_are_underlined_where_they_are_written() {
    let text = fixture("transport-rules.ps1");
    use Severity::*;
    assert_eq!(
        problems(&text),
        vec![
            (13, s("exchange:reject-code-range"), Error, s("5.7.500")),
            (16, s("malformed-code"), Error, s("5.7")),
            (17, s("malformed-code"), Error, s("5.7.1.1")),
            (
                41,
                s("exchange:reason-text-on-premises"),
                Warning,
                s("'This message was reject…")
            ),
            (
                44,
                s("exchange:reason-text-length"),
                Error,
                s("\"Contoso Ltd. does not a…")
            ),
            (47, s("exchange:smtp-reject-code"), Error, s("5.7.1")),
            (52, s("malformed-code"), Error, s("6.1.1")),
            (53, s("exchange:dsn-code-class"), Error, s("2.0.0")),
        ]
    );
}

#[test]
fn codes_in_rules_are_explained_with_their_rule_s_reason_text() {
    let text = fixture("transport-rules.ps1");
    let denied = Some(s("Delivery not authorized, message refused"));
    assert_eq!(
        codes(&text),
        vec![
            // The reason text of the same rule, across backtick continuations.
            (
                6,
                s("5.7.901"),
                None,
                Some(s("Executable attachments are not accepted."))
            ),
            // Without a reason text, Exchange sends its default one.
            (10, s("5.7.1"), None, denied.clone()),
            (13, s("5.7.500"), None, denied),
            // Inside a splatted hashtable.
            (23, s("5.7.950"), None, Some(s("Lookalike sender domain"))),
            (48, s("550"), Some(550), None),
            (51, s("5.1.1"), None, None),
            (53, s("2.0.0"), None, None),
            (56, s("5.4.8"), None, None),
            (56, s("5.4.6"), None, None),
            (56, s("5.4.4"), None, None),
            (56, s("5.2.4"), None, None),
            (56, s("5.2.0"), None, None),
            (56, s("5.1.4"), None, None),
        ]
    );
    let exchange_codes = rules::analyze(&text)
        .into_iter()
        .filter(|f| f.kind == FindingKind::StatusCode);
    for finding in exchange_codes {
        assert_eq!(finding.provider, Some(Provider::Microsoft));
    }
}

#[test]
fn a_code_outside_the_rule_range_is_replaced_by_5_7_1_or_the_nearest_rule_code() {
    let text = fixture("transport-rules.ps1");
    let finding = problem_on(&text, 13, "exchange:reject-code-range");
    assert_eq!(
        finding.detail.as_ref().and_then(|d| d.message(Lang::En)),
        Some(s(
            "-RejectMessageEnhancedStatusCode accepts only 5.7.1 or a code from 5.7.900 to \
             5.7.999; Exchange refuses 5.7.500"
        ))
    );
    let rule = "New-TransportRule -Name \"Partners only\" -FromScope NotInOrganization \
                -RejectMessageEnhancedStatusCode";
    assert_eq!(
        fixed_lines(&text, &finding),
        vec![format!("{rule} \"5.7.1\""), format!("{rule} \"5.7.900\"")]
    );
    assert_eq!(
        fix_titles(&finding, Lang::Ja),
        vec!["5.7.1 に置き換える", "5.7.900 に置き換える"]
    );
    let fixed = problem(&finding).fixes[1].apply(&text).unwrap_or_default();
    assert!(
        !problems(&fixed).iter().any(|(line, ..)| *line == 13),
        "the fix leaves nothing to report"
    );
}

#[test]
fn malformed_codes_keep_their_quoting_when_fixed() {
    let text = fixture("transport-rules.ps1");
    let bare = problem_on(&text, 16, "malformed-code");
    assert_eq!(
        fixed_lines(&text, &bare),
        vec![
            "Set-TransportRule -Identity \"Legacy rule\" -RejectMessageEnhancedStatusCode 5.7.1",
            "Set-TransportRule -Identity \"Legacy rule\" -RejectMessageEnhancedStatusCode 5.7.900",
        ]
    );
    let quoted = problem_on(&text, 17, "malformed-code");
    assert_eq!(
        fixed_lines(&text, &quoted)[0],
        "Set-TransportRule -Identity \"Legacy rule 2\" -RejectMessageEnhancedStatusCode:'5.7.1'"
    );
    assert_eq!(
        quoted.detail.as_ref().and_then(|d| d.message(Lang::Fr)),
        Some(s(
            "5.7.1.1 n'est pas un code d'état étendu valide : forme attendue \
             classe.sujet.détail, avec la classe 2, 4 ou 5 et un à trois chiffres pour le sujet \
             et le détail, par exemple 5.7.1"
        ))
    );
}

#[test]
fn reason_texts_are_measured_against_online_and_on_premises_limits() {
    let text = fixture("transport-rules.ps1");
    let on_premises = problem_on(&text, 41, "exchange:reason-text-on-premises");
    assert_eq!(
        problem(&on_premises).issue,
        Issue::ReasonTooLongOnPremises { chars: 293 }
    );
    assert!(problem(&on_premises).fixes.is_empty());
    let online = problem_on(&text, 44, "exchange:reason-text-length");
    assert_eq!(problem(&online).issue, Issue::ReasonTooLong { chars: 1445 });
    assert_eq!(
        online.detail.as_ref().and_then(|d| d.message(Lang::It)),
        Some(s(
            "-RejectMessageReasonText è lungo 1445 caratteri; Exchange Online ne accetta al \
             massimo 1024"
        ))
    );
    // Doubled quotes and backtick escapes count as the one character they stand for.
    let escaped = format!(
        "Set-TransportRule -Identity x -RejectMessageReasonText \"{}`\"\"\"",
        "a".repeat(1022)
    );
    let finding = problem_on(&escaped, 1, "exchange:reason-text-on-premises");
    assert_eq!(
        problem(&finding).issue,
        Issue::ReasonTooLongOnPremises { chars: 1024 }
    );
}

#[test]
fn edge_rules_take_a_reply_code_not_an_enhanced_code() {
    let text = fixture("transport-rules.ps1");
    let finding = problem_on(&text, 47, "exchange:smtp-reject-code");
    assert_eq!(
        fixed_lines(&text, &finding),
        vec![
            "New-TransportRule -Name \"Edge block\" -SmtpRejectMessageRejectStatusCode 550 \
             -SmtpRejectMessageRejectText \"Go away\""
        ]
    );
    let out_of_range = problems("New-TransportRule -Name x -SmtpRejectMessageRejectStatusCode 250");
    assert_eq!(
        out_of_range,
        vec![(
            1,
            s("exchange:smtp-reject-code-range"),
            Severity::Error,
            s("250")
        )]
    );
    // The reference page's 400–500 range contradicts its own default, 550: 5xx is accepted.
    assert_eq!(
        problems("New-TransportRule -Name x -SmtpRejectMessageRejectStatusCode 554"),
        vec![]
    );
}

#[test]
fn system_messages_need_a_failure_code() {
    let text = fixture("transport-rules.ps1");
    let malformed = problem_on(&text, 52, "malformed-code");
    assert_eq!(
        fixed_lines(&text, &malformed),
        vec![
            "New-SystemMessage -DsnCode 5.1.1 -Language En -Internal $false -Text \"Unknown \
             recipient.\""
        ]
    );
    let success = problem_on(&text, 53, "exchange:dsn-code-class");
    let fixed: Vec<String> = fixed_lines(&text, &success)
        .iter()
        .map(|line| {
            line.split_whitespace()
                .nth(2)
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(fixed, vec!["5.0.0", "4.0.0"]);
}

#[test]
fn parameter_names_explain_themselves_in_four_languages() {
    let text = fixture("transport-rules.ps1");
    let findings = rules::analyze(&text);
    let parameters: Vec<(usize, &str)> = findings
        .iter()
        .filter(|f| f.code.starts_with("param:"))
        .map(|f| {
            assert_eq!(f.severity, Severity::Hint);
            (line_of(&text, f.span.start), &text[f.span.clone()])
        })
        .collect();
    assert_eq!(
        parameters,
        vec![
            (6, "-RejectMessageEnhancedStatusCode"),
            (7, "-RejectMessageReasonText"),
            (10, "-RejectMessageEnhancedStatusCode"),
            (13, "-RejectMessageEnhancedStatusCode"),
            (16, "-RejectMessageEnhancedStatusCode"),
            (17, "-RejectMessageEnhancedStatusCode"),
            (23, "RejectMessageEnhancedStatusCode"),
            (24, "RejectMessageReasonText"),
            (30, "-RejectMessageEnhancedStatusCode"),
            (41, "-RejectMessageReasonText"),
            (44, "-RejectMessageReasonText"),
            (47, "-SmtpRejectMessageRejectStatusCode"),
            (47, "-SmtpRejectMessageRejectText"),
            (48, "-SmtpRejectMessageRejectStatusCode"),
            (51, "-DsnCode"),
            (52, "-DsnCode"),
            (53, "-DsnCode"),
            (56, "-GenerateCopyOfDSNFor"),
        ]
    );
    let hover = |lang| {
        findings
            .iter()
            .find(|f| f.code.as_str() == "param:RejectMessageReasonText")
            .and_then(|f| f.detail.as_ref())
            .map(|d| d.markdown(lang))
            .unwrap_or_default()
    };
    assert!(hover(Lang::En).contains("up to 1024 characters in Exchange Online"));
    assert!(hover(Lang::En).contains("256 characters in Exchange Server 2013"));
    assert!(hover(Lang::Fr).contains("Valeur par défaut"));
    assert!(hover(Lang::It).contains("Valori validi"));
    assert!(hover(Lang::Ja).contains("既定値"));
}

#[test]
fn comments_strings_and_variables_are_not_mistaken_for_parameters() {
    let text = "# Set-TransportRule -Identity a -RejectMessageEnhancedStatusCode 4.7.1\n\
                <# Set-TransportRule -Identity b -RejectMessageEnhancedStatusCode 5.7.2 #>\n\
                Write-Host 'use -RejectMessageEnhancedStatusCode 1.2 here'\n\
                Set-TransportRule -Identity c -RejectMessageEnhancedStatusCode $code\n";
    let findings = rules::analyze(text);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        findings[0].code.as_str(),
        "param:RejectMessageEnhancedStatusCode"
    );
    assert_eq!(line_of(text, findings[0].span.start), 4);
}

#[test]
fn powershell_quoting_forms_are_all_read() {
    let values = [
        "'5.7.500'",
        "\"5.7.500\"",
        "5.7.500",
        "‘5.7.500’",
        "“5.7.500”",
        "@'\n5.7.500\n'@",
    ];
    for value in values {
        let text = format!("New-TransportRule -Name x -RejectMessageEnhancedStatusCode {value}\n");
        let line = if value.starts_with('@') { 2 } else { 1 };
        let finding = problem_on(&text, line, "exchange:reject-code-range");
        assert_eq!(&text[finding.span.clone()], "5.7.500", "{value}");
    }
    let glued = "Set-TransportRule x -RejectMessageEnhancedStatusCode:\"5.7.2\"";
    assert_eq!(problems(glued)[0].3, "5.7.2");
}

// ---------------------------------------------------------------------------------------------
// Postfix access map
// ---------------------------------------------------------------------------------------------

#[test]
fn access_map_problems_are_underlined_where_they_are_written() {
    let text = fixture("sender_access");
    use Severity::*;
    assert_eq!(
        problems(&text),
        vec![
            (14, s("postfix:class-mismatch"), Warning, s("4.7.1")),
            (15, s("postfix:class-mismatch"), Warning, s("5.7.1")),
            (19, s("postfix:class-mismatch"), Warning, s("450 5.7.1")),
            (20, s("postfix:all-numerical"), Warning, s("550")),
            (21, s("postfix:reply-in-text"), Warning, s("550")),
            (24, s("malformed-code"), Error, s("5.7")),
            (25, s("malformed-code"), Error, s("6.1.1")),
            (28, s("postfix:code-ignored"), Warning, s("5.7.1")),
        ]
    );
}

#[test]
fn access_map_codes_are_explained_with_their_reply_and_text() {
    let text = fixture("sender_access");
    assert_eq!(
        codes(&text),
        vec![
            (6, s("5.7.1"), None, Some(s("You are not welcome here"))),
            (
                10,
                s("4.7.1"),
                None,
                Some(s("Greylisted, please try again later"))
            ),
            (
                11,
                s("4.7.1"),
                None,
                Some(s("Publish an SPF record and try again"))
            ),
            (14, s("4.7.1"), None, Some(s("Try again later"))),
            (15, s("5.7.1"), None, Some(s("Not today"))),
            (18, s("5.1.1"), Some(550), Some(s("This mailbox has moved"))),
            (19, s("5.7.1"), Some(450), Some(s("Temporarily blocked"))),
            (21, s("5.7.1"), Some(550), Some(s("Relaying denied"))),
            (28, s("5.7.1"), None, Some(s("dropped silently"))),
            (
                31,
                s("5.7.1"),
                None,
                Some(s("Mail from this domain is not accepted;"))
            ),
        ]
    );
}

#[test]
fn class_mismatches_are_fixed_on_either_side() {
    let text = fixture("sender_access");
    let reject = problem_on(&text, 14, "postfix:class-mismatch");
    assert_eq!(
        reject.detail.as_ref().and_then(|d| d.message(Lang::En)),
        Some(s(
            "REJECT sends a 5xx reply, so Postfix turns 4.7.1 into 5.7.1: the enhanced code \
             must have the same class as the action"
        ))
    );
    assert_eq!(
        fixed_lines(&text, &reject),
        vec![
            "flaky.example.net           REJECT 5.7.1 Try again later",
            "flaky.example.net           DEFER 4.7.1 Try again later",
        ]
    );
    let defer = problem_on(&text, 15, "postfix:class-mismatch");
    assert_eq!(
        fixed_lines(&text, &defer),
        vec![
            "oops.example.org            DEFER 4.7.1 Not today",
            "oops.example.org            REJECT 5.7.1 Not today",
        ]
    );
    let numeric = problem_on(&text, 19, "postfix:class-mismatch");
    assert_eq!(
        numeric.detail.as_ref().and_then(|d| d.message(Lang::En)),
        Some(s(
            "reply code 450 and enhanced code 5.7.1 disagree; Postfix keeps the reply code and \
             sends 450 4.7.1"
        ))
    );
    assert_eq!(
        fixed_lines(&text, &numeric),
        vec![
            "legacy.example.com          450 4.7.1 Temporarily blocked",
            "legacy.example.com          550 5.7.1 Temporarily blocked",
        ]
    );
}

#[test]
fn other_access_map_mistakes_and_their_fixes() {
    let text = fixture("sender_access");
    let fixes = |line, id| fixed_lines(&text, &problem_on(&text, line, id));
    // A bare reply code is all-numerical, which Postfix treats as OK.
    assert_eq!(
        fixes(20, "postfix:all-numerical"),
        vec!["bounce.example.com          550 5.7.1 Access denied"]
    );
    // REJECT brings its own reply code; the one in the text would be sent as text.
    assert_eq!(
        fixes(21, "postfix:reply-in-text"),
        vec!["relay.example.com           550 5.7.1 Relaying denied"]
    );
    assert_eq!(
        fix_titles(&problem_on(&text, 21, "postfix:reply-in-text"), Lang::En),
        vec!["Use 550 as the action"]
    );
    assert_eq!(
        fixes(24, "malformed-code"),
        vec!["typo.example.com            REJECT 5.7.1 Missing detail"]
    );
    assert_eq!(
        fixes(25, "malformed-code"),
        vec!["sixes.example.com           REJECT 5.1.1 No such class"]
    );
    assert_eq!(
        fixes(28, "postfix:code-ignored"),
        vec!["quiet.example.com           DISCARD dropped silently"]
    );
}

// ---------------------------------------------------------------------------------------------
// Postfix header checks
// ---------------------------------------------------------------------------------------------

#[test]
fn header_checks_are_read_through_regular_expressions_and_continuations() {
    let text = fixture("header_checks");
    assert_eq!(
        problems(&text),
        vec![
            // Deferring on purpose: said, not flagged as a mistake.
            (
                8,
                s("postfix:temporary-reject"),
                Severity::Information,
                s("4.7.1")
            ),
            (14, s("malformed-code"), Severity::Error, s("6.1.1")),
        ]
    );
    assert_eq!(
        codes(&text)
            .iter()
            .map(|(line, code, ..)| (*line, code.as_str()))
            .collect::<Vec<_>>(),
        vec![(4, "5.7.1"), (5, "5.7.1"), (8, "4.7.1"), (20, "5.7.1")],
        "the pattern with spaces on line 5 and the action on a continuation line (20) are read"
    );
}

#[test]
fn outside_header_checks_a_temporary_reject_is_a_mismatch() {
    let text = "/^(abc|def)@example\\.com$/ REJECT 4.7.1 later\n";
    assert_eq!(
        problems(text),
        vec![(
            1,
            s("postfix:class-mismatch"),
            Severity::Warning,
            s("4.7.1")
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------------------------

#[test]
fn completion_offers_the_codes_a_transport_rule_accepts() {
    let rule = "New-TransportRule -Name x -RejectMessageEnhancedStatusCode ";
    let offered = rules::completions(rule, rule.len());
    assert_eq!(
        labels(&offered),
        vec![
            "5.7.1", "5.7.900", "5.7.901", "5.7.902", "5.7.903", "5.7.904", "5.7.905", "5.7.906",
            "5.7.907", "5.7.908", "5.7.909", "5.7.910"
        ]
    );
    assert!(
        offered
            .iter()
            .all(|c| c.replace == (rule.len()..rule.len()))
    );

    let typing = "Set-TransportRule x -RejectMessageEnhancedStatusCode '5.7.95";
    let offered = rules::completions(typing, typing.len());
    assert_eq!(offered.len(), 10);
    assert_eq!(offered[0].label, "5.7.950");
    assert_eq!(offered[9].label, "5.7.959");
    assert_eq!(&typing[offered[0].replace.clone()], "5.7.95");

    let splatted = "$p = @{\n    RejectMessageEnhancedStatusCode = '";
    assert_eq!(rules::completions(splatted, splatted.len()).len(), 12);

    let edge = "New-TransportRule x -SmtpRejectMessageRejectStatusCode 5";
    assert_eq!(
        labels(&rules::completions(edge, edge.len())),
        vec!["550", "554"]
    );

    let elsewhere = "New-TransportRule -Name ";
    assert_eq!(rules::completions(elsewhere, elsewhere.len()), vec![]);
}

#[test]
fn completion_replaces_the_whole_code_under_the_cursor() {
    let text = fixture("transport-rules.ps1");
    let at = text.find("'5.7.901'").unwrap_or_default() + "'5.7.9".len();
    let offered = rules::completions(&text, at);
    assert_eq!(offered.len(), 11);
    assert_eq!(&text[offered[0].replace.clone()], "5.7.901");
    assert!(labels(&offered).contains(&"5.7.901"));
}

#[test]
fn completion_offers_codes_of_the_class_a_postfix_action_sends() {
    let text = fixture("sender_access");
    // On a mismatched code, the offered codes are those REJECT sends, replacing 4.7.1.
    let at = text.find("REJECT 4.7.1").unwrap_or_default() + "REJECT ".len();
    let offered = rules::completions(&text, at);
    assert_eq!(
        labels(&offered),
        vec!["5.7.1", "5.7.0", "5.1.1", "5.1.0", "5.1.8", "5.2.1"]
    );
    assert_eq!(&text[offered[0].replace.clone()], "4.7.1");

    let complete = |text: &str| {
        rules::completions(text, text.len())
            .into_iter()
            .map(|c| c.label)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        complete("slow.example.org DEFER 4."),
        vec!["4.7.1", "4.7.0", "4.3.0", "4.1.8", "4.2.1"]
    );
    assert_eq!(
        complete("legacy.example.com 450 4.7"),
        vec!["4.7.1", "4.7.0"]
    );
    assert_eq!(complete("x.example REJECT 5.7.2"), vec!["5.7.2"]);
    assert_eq!(
        complete("/^Subject: .*free/\n    REJECT 5.1"),
        vec!["5.1.1", "5.1.0", "5.1.8"]
    );
    assert_eq!(complete("x.example REJECT"), Vec::<String>::new());
    assert_eq!(complete("x.example OK "), Vec::<String>::new());
    assert_eq!(complete("5.7"), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------------------------

fn assert_well_formed(text: &str) {
    for finding in rules::analyze(text) {
        assert!(text.get(finding.span.clone()).is_some(), "{finding:?}");
        if let Some(Detail::Rule(problem)) = &finding.detail {
            for fix in &problem.fixes {
                assert!(fix.apply(text).is_some(), "{fix:?}");
            }
            for lang in Lang::ALL {
                assert!(!problem.markdown(lang).is_empty());
            }
        }
    }
    for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
        for completion in rules::completions(text, offset) {
            assert!(text.get(completion.replace.clone()).is_some());
        }
    }
}

const PIECES: &[&str] = &[
    "New-TransportRule ",
    "-RejectMessageEnhancedStatusCode",
    "-RejectMessageReasonText",
    "-SmtpRejectMessageRejectStatusCode",
    "-DsnCode",
    "-GenerateCopyOfDSNFor",
    "RejectMessageEnhancedStatusCode = ",
    "@{",
    "@(",
    "@'",
    "'@",
    "@\"",
    "}",
    ")",
    "'",
    "\"",
    "‘",
    "”",
    "`",
    "`\n",
    "\r\n",
    "\n",
    "\n  ",
    " ",
    ":",
    ",",
    "#",
    "<#",
    "#>",
    "$x",
    "5.7.1",
    "5.7.950",
    "5.7",
    "5.7.1.1",
    "4.7.1",
    "550",
    "450",
    "REJECT ",
    "DEFER ",
    "DISCARD ",
    "/^Subject: a b/ ",
    "/unterminated ",
    "\\",
    "if /x/",
    "key ",
    "日本語",
    "é",
];

proptest! {
    #[test]
    fn any_mix_of_rule_syntax_is_analysed_without_panicking(
        parts in prop::collection::vec(prop::sample::select(PIECES), 0..24)
    ) {
        assert_well_formed(&parts.concat());
    }

    #[test]
    fn arbitrary_text_is_analysed_without_panicking(text in "\\PC{0,200}") {
        assert_well_formed(&text);
    }
}
