//! The numbering of an ARC chain (RFC 8617 §4.2.1, §5.1.1): every instance from 1 up has
//! exactly one ARC-Seal, one ARC-Message-Signature and one ARC-Authentication-Results, without
//! gaps, duplicates or numbers beyond 50. Seal values (`cv=`) are checked with the seal's tags.

use std::ops::Range;

use super::signature::Problem;

/// The three members of an ARC set, by field name.
pub const SEAL: &str = "ARC-Seal";
pub const MESSAGE_SIGNATURE: &str = "ARC-Message-Signature";
pub const RESULTS: &str = "ARC-Authentication-Results";
const MEMBERS: [&str; 3] = [SEAL, MESSAGE_SIGNATURE, RESULTS];
const MAX_INSTANCE: u32 = 50;
/// Chains longer than this are not checked member by member.
const MAX_MEMBERS: usize = 3 * MAX_INSTANCE as usize + 16;

/// One ARC header of a header block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// [`SEAL`], [`MESSAGE_SIGNATURE`] or [`RESULTS`].
    pub kind: &'static str,
    /// The `i=` value, when readable.
    pub instance: Option<u32>,
    /// Where to report: the `i=` tag, or the field name without one.
    pub span: Range<usize>,
}

/// Numbering problems of the ARC headers of one header block, each with where to report it
/// and the member it is reported on.
pub fn check(members: &[Member]) -> Vec<(Range<usize>, &'static str, Problem)> {
    let mut out = Vec::new();
    let members = members.get(..MAX_MEMBERS).unwrap_or(members);
    let mut present: Vec<[bool; 3]> = vec![[false; 3]; MAX_INSTANCE as usize + 1];
    for member in members {
        let Some(instance) = member.instance else {
            continue;
        };
        if instance == 0 || instance > MAX_INSTANCE {
            out.push((
                member.span.clone(),
                member.kind,
                Problem::ArcRange { instance },
            ));
            continue;
        }
        let Some(kind) = MEMBERS.iter().position(|k| *k == member.kind) else {
            continue;
        };
        let Some(slot) = present
            .get_mut(instance as usize)
            .and_then(|s| s.get_mut(kind))
        else {
            continue;
        };
        if *slot {
            out.push((
                member.span.clone(),
                member.kind,
                Problem::ArcDuplicate {
                    field: member.kind,
                    instance,
                },
            ));
        }
        *slot = true;
    }
    let max = (1..=MAX_INSTANCE)
        .rev()
        .find(|&i| present[i as usize].iter().any(|&p| p));
    let Some(max) = max else {
        return out;
    };
    let missing: Vec<u32> = (1..max)
        .filter(|&i| !present[i as usize].iter().any(|&p| p))
        .collect();
    let first_of = |instance: u32| {
        members
            .iter()
            .find(|m| m.instance == Some(instance))
            .map(|m| (m.span.clone(), m.kind))
    };
    if !missing.is_empty()
        && let Some((span, kind)) = first_of(max)
    {
        out.push((span, kind, Problem::ArcGap { missing }));
    }
    for instance in 1..=max {
        let here = present[instance as usize];
        if !here.iter().any(|&p| p) {
            continue;
        }
        let absent: Vec<&'static str> = MEMBERS
            .iter()
            .zip(here)
            .filter(|(_, p)| !p)
            .map(|(k, _)| *k)
            .collect();
        if !absent.is_empty()
            && let Some((span, kind)) = first_of(instance)
        {
            out.push((
                span,
                kind,
                Problem::ArcIncomplete {
                    instance,
                    missing: absent,
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(kind: &'static str, instance: u32, at: usize) -> Member {
        Member {
            kind,
            instance: Some(instance),
            span: at..at + 3,
        }
    }

    fn full_set(instance: u32, at: usize) -> Vec<Member> {
        vec![
            member(SEAL, instance, at),
            member(MESSAGE_SIGNATURE, instance, at + 10),
            member(RESULTS, instance, at + 20),
        ]
    }

    #[test]
    fn complete_chain_has_no_problem() {
        let mut chain = full_set(2, 0);
        chain.extend(full_set(1, 100));
        assert!(check(&chain).is_empty());
    }

    #[test]
    fn gaps_duplicates_and_incomplete_sets() {
        let mut chain = full_set(3, 0);
        chain.extend(full_set(1, 100));
        chain.push(member(SEAL, 1, 200));
        chain.push(member(RESULTS, 4, 300));
        let problems: Vec<Problem> = check(&chain).into_iter().map(|p| p.2).collect();
        assert_eq!(
            problems,
            [
                Problem::ArcDuplicate {
                    field: SEAL,
                    instance: 1
                },
                Problem::ArcGap { missing: vec![2] },
                Problem::ArcIncomplete {
                    instance: 4,
                    missing: vec![SEAL, MESSAGE_SIGNATURE]
                },
            ]
        );
    }

    #[test]
    fn instances_beyond_fifty() {
        let problems = check(&[member(SEAL, 51, 0)]);
        assert_eq!(problems[0].2, Problem::ArcRange { instance: 51 });
    }
}
