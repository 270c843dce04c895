//! The keys of the one-sentence DMARC alignment reasoning (texts: `catalog/auth/align.toml`).
//!
//! Placeholders: `{d}` the authenticated domain, `{from}` the From domain, `{org}` its
//! organizational domain, `{result}` a method result, `{recorded}` the recorded DMARC verdict.

crate::keys! {
    HEADING = "auth.align.heading";
    SEPARATOR = "auth.align.separator";
    SPF_ALIGNED = "auth.align.spf-aligned" (d, from);
    SPF_RELAXED = "auth.align.spf-relaxed" (d, from, org);
    SPF_UNALIGNED = "auth.align.spf-unaligned" (d, from);
    SPF_NOT_PASSED = "auth.align.spf-not-passed" (result, d);
    SPF_ABSENT = "auth.align.spf-absent";
    DKIM_ALIGNED = "auth.align.dkim-aligned" (d, from);
    DKIM_RELAXED = "auth.align.dkim-relaxed" (d, from);
    DKIM_UNALIGNED = "auth.align.dkim-unaligned" (d);
    DKIM_NOT_PASSED = "auth.align.dkim-not-passed" (result, d);
    DKIM_ABSENT = "auth.align.dkim-absent";
    PASSES = "auth.align.passes";
    FAILS = "auth.align.fails";
    WOULD_PASS = "auth.align.would-pass" (from);
    WOULD_FAIL = "auth.align.would-fail" (from);
    RECORDED_FAIL = "auth.align.recorded-fail" (recorded);
    RECORDED_PASS = "auth.align.recorded-pass" (recorded);
}
