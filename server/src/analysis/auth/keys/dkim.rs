//! The keys of the sentences about DKIM signatures checked offline: body hashes and keys the
//! user supplied (texts: `catalog/auth/dkim.toml`).

crate::keys! {
    BODY_OK = "auth.dkim.body-ok" (d, canon);
    BODY_OK_LENGTH = "auth.dkim.body-ok-length" (signed, unsigned);
    BODY_APPENDED = "auth.dkim.body-appended" (lines, d);
    BODY_CHANGED = "auth.dkim.body-changed" (d);
    BODY_CHANGED_LIST = "auth.dkim.body-changed-list" (list);
    BODY_SIMPLE = "auth.dkim.body-simple";
    BODY_SHORTENED = "auth.dkim.body-shortened" (signed, now, d);
    UNSIGNED = "auth.dkim.unsigned" (d, signed, unsigned);
    ADDED = "auth.dkim.added" (lines, d);
    VERIFIED = "auth.dkim.verified" (s, d, source);
    HEADERS_VERIFIED = "auth.dkim.headers-verified" (s, d, source);
    RSA_WEAK = "auth.dkim.rsa-weak" (bits);
    RSA_TOO_SHORT = "auth.dkim.rsa-too-short" (bits);
    SHA1_WEAK = "auth.dkim.sha1-weak";
    TESTING = "auth.dkim.testing";
    FAILED_HEADERS = "auth.dkim.failed-headers" (s, d, source, headers);
    FAILED_KEY = "auth.dkim.failed-key" (s, d, source);
    FAILED_EITHER = "auth.dkim.failed-either" (s, d, source, headers);
    KEY_REVOKED = "auth.dkim.key-revoked" (s, d, source);
    KEY_NOT_DKIM = "auth.dkim.key-not-dkim" (s, d, source, v);
    KEY_UNREADABLE = "auth.dkim.key-unreadable" (s, d, source, k);
    KEY_WRONG_TYPE = "auth.dkim.key-wrong-type" (s, d, source, k, a);
    KEY_HASH = "auth.dkim.key-hash" (s, d, source, allowed, used);
    HOW_BODY = "auth.dkim.how-body";
    HOW_SIGNATURE = "auth.dkim.how-signature";
    SAVE_KEY = "auth.dkim.save-key";
}
