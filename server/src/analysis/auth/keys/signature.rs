//! The keys of the sentences about DKIM-Signature, ARC-Seal and ARC-Message-Signature tags and
//! their problems (texts: `catalog/auth/signature.toml`).

use crate::sentence::Key;

crate::keys! {
    TAG_V = "auth.signature.tag.v";
    TAG_A = "auth.signature.tag.a";
    TAG_B = "auth.signature.tag.b";
    TAG_BH = "auth.signature.tag.bh";
    TAG_C = "auth.signature.tag.c";
    TAG_D = "auth.signature.tag.d";
    TAG_H = "auth.signature.tag.h";
    TAG_I = "auth.signature.tag.i";
    TAG_L = "auth.signature.tag.l";
    TAG_Q = "auth.signature.tag.q";
    TAG_S = "auth.signature.tag.s";
    TAG_T = "auth.signature.tag.t";
    TAG_X = "auth.signature.tag.x";
    TAG_Z = "auth.signature.tag.z";
    TAG_CV = "auth.signature.tag.cv";
    UNKNOWN_TAG = "auth.signature.unknown-tag" (tag);
    DKIM_SIGNATURE = "auth.signature.dkim-signature" (d, s);
    ARC_SEAL = "auth.signature.arc-seal" (i, d);
    ARC_MESSAGE_SIGNATURE = "auth.signature.arc-message-signature" (i, d);
    UNKNOWN_VALUE = "auth.signature.unknown-value";
    MISSING_TAGS = "auth.signature.missing-tags" (field, tags);
    DUPLICATE_TAG = "auth.signature.duplicate-tag" (tag);
    BAD_VERSION = "auth.signature.bad-version" (value);
    SHA1 = "auth.signature.sha1";
    BODY_LENGTH = "auth.signature.body-length" (value);
    EXPIRES_BEFORE_TIMESTAMP = "auth.signature.expires-before-timestamp" (x, t);
    EXPIRED_AT_DATE = "auth.signature.expired-at-date" (x, date);
    TIMESTAMP_AFTER_DATE = "auth.signature.timestamp-after-date" (t, date);
    FROM_NOT_SIGNED = "auth.signature.from-not-signed";
    NOT_ALIGNED = "auth.signature.not-aligned" (d, from);
    ARC_DUPLICATE = "auth.signature.arc-duplicate" (field, i);
    ARC_GAP = "auth.signature.arc-gap" (missing);
    ARC_INCOMPLETE = "auth.signature.arc-incomplete" (i, missing);
    ARC_RANGE = "auth.signature.arc-range" (i);
    ARC_CV_FAIL = "auth.signature.arc-cv-fail" (i);
    ARC_CV_NONE_LATER = "auth.signature.arc-cv-none-later" (i);
    ARC_CV_FIRST = "auth.signature.arc-cv-first" (cv);
}

/// What a tag means (RFC 6376 §3.5, RFC 8617 §4.1).
pub fn tag_meaning(tag: &str) -> Option<Key<0>> {
    Some(match tag {
        "v" => TAG_V,
        "a" => TAG_A,
        "b" => TAG_B,
        "bh" => TAG_BH,
        "c" => TAG_C,
        "d" => TAG_D,
        "h" => TAG_H,
        "i" => TAG_I,
        "l" => TAG_L,
        "q" => TAG_Q,
        "s" => TAG_S,
        "t" => TAG_T,
        "x" => TAG_X,
        "z" => TAG_Z,
        "cv" => TAG_CV,
        _ => return None,
    })
}
