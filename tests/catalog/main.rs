//! The catalog as a whole: every code of the seeds resolves to its own entry in four languages,
//! every built-in file is complete and consistent, and lookups take the most specific meaning.

mod exchange_rows;
mod own_words;
mod sentences;
mod style;

use mail_lsp::analysis::Provider;
use mail_lsp::catalog::{self, Catalog, FixOwner, Query, SourceRole};
use mail_lsp::lang::Lang;

fn builtin() -> &'static Catalog {
    catalog::builtin()
}

fn source_of(query: Query) -> String {
    builtin()
        .lookup(&query)
        .map(|a| a.entry.source.id.clone())
        .unwrap_or_else(|| "none".into())
}

#[test]
fn every_built_in_file_is_valid() {
    let mut total = 0;
    for (name, text) in catalog::builtin_files() {
        match catalog::parse_source(name, text, SourceRole::Builtin) {
            Ok(entries) => total += entries.len(),
            Err(errors) => panic!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }
    assert_eq!(
        builtin().len(),
        total,
        "every entry of every file is loaded"
    );
}

#[test]
fn every_exchange_online_row_resolves_to_its_own_entry_in_four_languages() {
    let mut seen_lines = std::collections::HashMap::new();
    for (code, reply, text, response) in exchange_rows::ROWS {
        let query = Query {
            code,
            reply: *reply,
            text: Some(text),
            provider: Some(Provider::Microsoft),
        };
        let answer = builtin()
            .lookup(&query)
            .unwrap_or_else(|| panic!("{code} {text:?} has no answer"));
        let entry = &answer.entry;
        assert_eq!(entry.source.id, "exchange-online", "{code} {text:?}");
        if let Some(expected) = response {
            assert_eq!(
                entry.response_for(code, Some(text)),
                Some(*expected),
                "{code}: the literal response text is a fact"
            );
        }
        for lang in Lang::ALL {
            assert!(
                !entry.title.get(lang).trim().is_empty(),
                "{code} title in {lang:?}"
            );
            assert!(
                !entry.cause.get(lang).trim().is_empty(),
                "{code} cause in {lang:?}"
            );
            assert!(
                !entry.steps.get(lang).is_empty(),
                "{code} steps in {lang:?}"
            );
        }
        // Rows sharing a code are distinct entries; combined rows share one.
        seen_lines
            .entry((entry.line, entry.source.id.clone()))
            .or_insert_with(Vec::new)
            .push(*code);
    }
    let distinct = seen_lines.len();
    assert_eq!(
        distinct, 74,
        "74 rows of the English table, each its own entry"
    );
    let text_only = builtin().lookup(&Query {
        code: "",
        text: Some(
            "The message can't be submitted because the sender's submission quota was exceeded",
        ),
        ..Query::default()
    });
    assert_eq!(
        text_only.map(|a| a.entry.source.id.clone()).as_deref(),
        Some("exchange-online")
    );
}

#[test]
fn rows_sharing_a_code_are_told_apart_by_their_text() {
    let title = |code: &str, text: &str| {
        builtin()
            .lookup(&Query {
                code,
                text: Some(text),
                provider: Some(Provider::Microsoft),
                reply: Some(550),
            })
            .map(|a| a.entry.line)
            .unwrap()
    };
    let relay = title("5.7.1", "Unable to relay");
    let unauthorized = title("5.7.1", "Delivery not authorized, message refused");
    let anonymous = title("5.7.1", "Client was not authenticated");
    assert!(relay != unauthorized && unauthorized != anonymous && relay != anonymous);
    assert_ne!(
        title("5.4.1", "Relay Access Denied"),
        title("5.4.1", "Recipient address rejected: Access denied")
    );
}

#[test]
fn ranges_answer_for_every_code_inside_them() {
    for code in ["4.7.500", "4.7.612", "4.7.699"] {
        assert_eq!(
            source_of(Query {
                code,
                provider: Some(Provider::Microsoft),
                ..Query::default()
            }),
            "exchange-online",
            "{code}"
        );
    }
    for code in ["5.7.606", "5.7.630", "5.7.649"] {
        let answer = builtin()
            .lookup(&Query {
                code,
                provider: Some(Provider::Microsoft),
                ..Query::default()
            })
            .unwrap();
        assert!(
            answer.entry.codes.contains(&"5.7.606-649".to_string()),
            "{code}"
        );
    }
    assert_ne!(
        source_of(Query {
            code: "4.7.700",
            provider: Some(Provider::Microsoft),
            ..Query::default()
        }),
        "none"
    );
}

#[test]
fn registry_meaning_without_provider_markers() {
    // A Postfix `550 5.1.1 User unknown` is not an Exchange NDR.
    assert_eq!(
        source_of(Query {
            code: "5.1.1",
            reply: Some(550),
            text: Some("<bob@example.com>: Recipient address rejected: User unknown"),
            provider: None
        }),
        "iana"
    );
    // With Microsoft's markers the Exchange reading wins.
    assert_eq!(
        source_of(Query {
            code: "5.1.1",
            reply: Some(550),
            text: Some("RESOLVER.ADR.RecipNotFound; not found"),
            provider: Some(Provider::Microsoft)
        }),
        "exchange-online"
    );
    // A code only Exchange defines is explained by Exchange, which the answer names.
    assert_eq!(
        source_of(Query {
            code: "5.7.509",
            ..Query::default()
        }),
        "exchange-online"
    );
}

#[test]
fn any_valid_code_gets_an_honest_class_and_subject_meaning() {
    let answer = builtin()
        .lookup(&Query {
            code: "4.2.99",
            ..Query::default()
        })
        .expect("subject meaning");
    assert_eq!(answer.entry.source.id, "iana");
    assert!(
        answer.class.is_some(),
        "the class completes a subject-only meaning"
    );
    assert!(
        builtin()
            .lookup(&Query {
                code: "5.9.999",
                ..Query::default()
            })
            .is_some(),
        "class meaning at least"
    );
    assert_eq!(
        source_of(Query {
            code: "550",
            ..Query::default()
        }),
        "rfc5321"
    );
    for code in ["X.7.29", "X.7.30"] {
        let concrete = code.replace('X', "5");
        let answer = builtin()
            .lookup(&Query {
                code: &concrete,
                ..Query::default()
            })
            .unwrap();
        assert!(
            answer.entry.codes.iter().any(|c| c == code),
            "{code} is in the registry"
        );
    }
}

#[test]
fn gmail_meanings_win_on_gmail_replies() {
    let gmail = builtin().lookup(&Query {
        code: "5.7.26",
        reply: Some(550),
        text: Some("This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. gsmtp"),
        provider: Some(Provider::Google),
    });
    if builtin().entries().any(|e| e.source.id == "gmail") {
        assert_eq!(
            gmail.map(|a| a.entry.source.id.clone()).as_deref(),
            Some("gmail")
        );
        assert_eq!(
            source_of(Query {
                code: "5.7.26",
                reply: Some(550),
                provider: Some(Provider::Microsoft),
                text: Some("Access denied")
            }),
            "iana"
        );
    }
}

#[test]
fn entries_are_complete_and_links_well_formed() {
    for entry in builtin().entries() {
        for lang in Lang::ALL {
            assert!(
                !entry.title.get(lang).is_empty(),
                "{:?} {lang:?}",
                entry.codes
            );
            let steps = entry.steps.get(lang).len();
            assert_eq!(
                steps,
                entry.steps.en.len(),
                "{:?} has as many steps in {lang:?} as in English",
                entry.codes
            );
        }
        for link in &entry.links {
            assert!(
                link.starts_with("https://") && !link.contains(' '),
                "{link}"
            );
            if link.starts_with("https://learn.microsoft.com/") {
                assert!(
                    link.starts_with("https://learn.microsoft.com/en-us/"),
                    "{link} is written with /en-us/"
                );
            }
        }
        if entry.source.id == "exchange-online" && entry.codes != ["4.3.2"] {
            // Only the by-design mailbox throttling of 4.3.2 needs nobody to act.
            assert_ne!(
                entry.fix_owner,
                FixOwner::None,
                "{:?} says who must act",
                entry.codes
            );
        }
    }
}

#[test]
fn microsoft_links_follow_the_hover_language() {
    let answer = builtin()
        .lookup(&Query {
            code: "5.1.1",
            text: Some("RESOLVER.ADR.RecipNotFound"),
            provider: Some(Provider::Microsoft),
            reply: Some(550),
        })
        .unwrap();
    for (lang, segment) in [
        (Lang::Fr, "/fr-fr/"),
        (Lang::It, "/it-it/"),
        (Lang::Ja, "/ja-jp/"),
        (Lang::En, "/en-us/"),
    ] {
        let markdown = catalog::render_markdown(&answer, "5.1.1", Some(550), lang);
        assert!(
            markdown.contains(&format!("https://learn.microsoft.com{segment}")),
            "{lang:?}: {markdown}"
        );
    }
}

fn exchange(code: &str, text: &str) -> std::sync::Arc<mail_lsp::catalog::Entry> {
    builtin()
        .lookup(&Query {
            code,
            text: Some(text),
            provider: Some(Provider::Microsoft),
            reply: None,
        })
        .map(|a| a.entry)
        .unwrap_or_else(|| panic!("{code} has an Exchange Online entry"))
}

#[test]
fn a_row_standing_for_two_codes_gives_each_code_its_own_reply() {
    let entry = exchange(
        "5.7.708",
        "550 5.7.708 Access denied, traffic not accepted from this IP",
    );
    assert_eq!(
        entry.responses,
        [
            "5.7.705 Access denied, tenant has exceeded threshold",
            "5.7.708 Access denied, traffic not accepted from this IP",
        ]
    );
    assert_eq!(
        entry.response_for("5.7.705", None),
        Some("5.7.705 Access denied, tenant has exceeded threshold")
    );
}

#[test]
fn hourly_receive_limits_are_for_the_sender_to_respect() {
    // Both rows ask the sender (or the sending application) to wait and send less per hour.
    for (code, text) in [
        (
            "5.2.121",
            "Recipient's per hour message receive limit from specific sender exceeded",
        ),
        (
            "5.2.122",
            "Recipient's per hour message receive limit exceeded",
        ),
    ] {
        assert_eq!(exchange(code, text).fix_owner, FixOwner::Sender, "{code}");
    }
}

#[test]
fn an_expired_message_is_for_the_receiving_side_to_fix() {
    let entry = exchange("4.4.7", "Message expired");
    assert_eq!(entry.fix_owner, FixOwner::RecipientAdmin);
    let admin = entry.admin_steps.as_ref().expect("admin steps");
    assert!(
        admin.en.iter().any(|s| s.contains("MX records point to")),
        "the admin steps are about the receiving servers: {:?}",
        admin.en
    );
    assert!(
        !admin.en.iter().any(|s| s.contains("Outbound SMTP")),
        "no steps for the sender's own tenant: {:?}",
        admin.en
    );
}

#[test]
fn onmicrosoft_domains_are_not_for_sending_even_tests() {
    let entry = exchange("4.7.512", "Access denied, please try again later");
    let admin = entry.admin_steps.as_ref().expect("admin steps");
    let step = admin
        .en
        .iter()
        .find(|s| s.contains("onmicrosoft.com"))
        .expect("a step about onmicrosoft.com");
    assert!(step.starts_with("Don't send"), "{step}");
    assert!(!step.contains("for test messages only"), "{step}");
}

#[test]
fn every_code_with_several_meanings_lists_the_providers_alternatives() {
    let catalog = builtin();
    let mut checked = 0;
    for entry in catalog.entries().filter(|e| e.source.provider.is_some()) {
        for code in &entry.codes {
            // Concrete status codes only (a range is checked through its first code).
            let code = match code.split_once('-') {
                Some((first, _)) => first.to_string(),
                None => code.clone(),
            };
            let Some(registry) = catalog.registry_meaning(&code) else {
                continue;
            };
            let alternatives = catalog.alternatives(&code);
            assert!(
                alternatives.iter().any(|a| std::ptr::eq(*a, entry)),
                "{code}: {} is among the alternatives",
                entry.source.id
            );
            // Asked without text or provider, the answer names every provider meaning.
            let query = Query {
                code: &code,
                ..Query::default()
            };
            let answer = catalog.lookup(&query).expect("an answer");
            let others = catalog.others(&answer, &code, &query);
            let shown: Vec<&mail_lsp::catalog::Entry> = std::iter::once(answer.entry.as_ref())
                .chain(others.alternatives.iter().copied())
                .collect();
            assert!(
                shown.iter().any(|e| std::ptr::eq(*e, entry)),
                "{code}: the {} meaning is shown beside {}",
                entry.source.id,
                registry.entry.source.id
            );
            checked += 1;
        }
    }
    assert!(
        checked > 50,
        "{checked} provider codes also in the registry"
    );
}

#[test]
fn five_two_two_is_a_full_mailbox_in_the_registry_and_a_quota_at_exchange_online() {
    let catalog = builtin();
    let query = Query {
        code: "5.2.2",
        ..Query::default()
    };
    let answer = catalog.lookup(&query).expect("5.2.2");
    assert_eq!(answer.entry.source.id, "iana");
    let others = catalog.others(&answer, "5.2.2", &query);
    let exchange = others
        .alternatives
        .iter()
        .find(|e| e.source.id == "exchange-online")
        .expect("Exchange Online's 5.2.2");
    assert_eq!(exchange.fix_owner, FixOwner::Sender);
    assert_eq!(
        exchange.response_for("5.2.2", None),
        Some("Submission quota exceeded")
    );
    let plain = catalog::render_plain_with(
        &answer,
        "5.2.2",
        None,
        Lang::En,
        &others,
        catalog::Pick::Cli,
    );
    assert!(
        plain.contains("Exchange Online: \"Submission quota exceeded\""),
        "{plain}"
    );
    assert!(plain.contains("--provider exchange-online"), "{plain}");

    // With Exchange Online named, its meaning comes first and the registry's is one line.
    let query = Query {
        code: "5.2.2",
        provider: Some(Provider::Microsoft),
        ..Query::default()
    };
    let answer = catalog.lookup(&query).expect("5.2.2");
    assert_eq!(answer.entry.source.id, "exchange-online");
    let others = catalog.others(&answer, "5.2.2", &query);
    assert!(others.alternatives.is_empty());
    assert_eq!(
        others.registry.as_ref().map(|r| r.source.id.as_str()),
        Some("iana")
    );
}

#[test]
fn the_hover_has_the_same_shape_in_every_language() {
    let catalog = builtin();
    let query = Query {
        code: "5.2.2",
        ..Query::default()
    };
    let answer = catalog.lookup(&query).expect("5.2.2");
    let others = catalog.others(&answer, "5.2.2", &query);
    let shapes: Vec<Vec<char>> = Lang::ALL
        .iter()
        .map(|&lang| {
            let markdown = catalog::render_markdown_with(
                &answer,
                "5.2.2",
                None,
                lang,
                &others,
                catalog::Pick::Editor,
            );
            // The skeleton: which lines are headings, list items or plain text, in order.
            markdown
                .lines()
                .map(|l| match l.chars().next() {
                    Some('*') if l.starts_with("**") => 'H',
                    Some('*') => 'I',
                    Some('-') => 'L',
                    Some(c) if c.is_ascii_digit() => 'S',
                    Some(_) => 'T',
                    None => ' ',
                })
                .collect()
        })
        .collect();
    for (lang, shape) in Lang::ALL.iter().zip(&shapes) {
        assert_eq!(shape, &shapes[0], "{lang:?} has the English hover's shape");
    }
}

#[test]
fn a_response_seen_in_the_document_replaces_the_typical_one() {
    let catalog = builtin();
    let seen = "550 5.2.2 Submission quota exceeded [AM0PR01MB1234.eurprd01.prod.exchangelabs.com]";
    let query = Query {
        code: "5.2.2",
        text: Some(seen),
        provider: Provider::detect(seen),
        reply: Some(550),
    };
    let answer = catalog.lookup(&query).expect("5.2.2");
    let others = catalog.others(&answer, "5.2.2", &query);
    let markdown = catalog::render_markdown_with(
        &answer,
        "5.2.2",
        Some(550),
        Lang::En,
        &others,
        catalog::Pick::Editor,
    );
    assert!(markdown.contains("Response received"), "{markdown}");
    assert!(markdown.contains("AM0PR01MB1234"), "{markdown}");
    assert!(!markdown.contains("Typical response"), "{markdown}");
}

#[test]
fn every_stamp_field_is_explained_in_four_languages() {
    use mail_lsp::analysis::auth::stamps::vendor_fields;
    let mut missing = Vec::new();
    for (field, vendor) in vendor_fields() {
        match catalog::stamps::field(vendor, field) {
            Some(meaning) => {
                for lang in Lang::ALL {
                    assert!(
                        !meaning.get(lang).trim().is_empty(),
                        "{vendor} {field} {lang:?}"
                    );
                }
            }
            None => missing.push(format!("{vendor}: {field}")),
        }
    }
    assert!(missing.is_empty(), "fields without a meaning: {missing:?}");
    // Every vendor the analysis names has a table, and the tables parse.
    assert_eq!(
        catalog::stamps::all().len(),
        catalog::stamps::sources().len()
    );
    for (_, vendor) in vendor_fields() {
        assert!(catalog::stamps::table(vendor).is_some(), "{vendor}");
    }
}

#[test]
fn every_delivery_cause_has_its_sentence() {
    for key in [
        "verdict",
        "heading",
        "evidence",
        "folder:i",
        "folder:j",
        "folder:c",
        "folder:other",
        "cause:sfv-blk",
        "cause:sfv-sfe",
        "cause:sfv-ska",
        "cause:sfv-skb",
        "cause:sfv-sks",
        "cause:sfv-skn",
        "cause:sfv-skq",
        "cause:sfv-spm",
        "cause:nspm",
        "cause:ski",
        "cause:scl",
        "cause:bulk",
        "cause:category",
        "cause:ucf",
        "cause:jmr",
        "cause:none",
        "conflict:ham-in-junk",
        "conflict:spam-in-inbox",
    ] {
        assert!(
            catalog::stamps::value("microsoft", key).is_some(),
            "microsoft {key}"
        );
    }
}
