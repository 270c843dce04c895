//! Hashes and signature checks, all done by RustCrypto crates (`sha1`, `sha2`, `rsa`,
//! `ed25519-dalek`); this module only chooses which one and reads its answer.

use rsa::pkcs1::DecodeRsaPublicKey as _;
use rsa::pkcs8::DecodePublicKey as _;
use rsa::traits::PublicKeyParts as _;
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

/// The signing algorithms of `a=` (RFC 6376 §3.3, RFC 8463).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    RsaSha256,
    RsaSha1,
    Ed25519Sha256,
}

impl Algorithm {
    pub fn parse(value: &str) -> Option<Algorithm> {
        match value.trim().to_ascii_lowercase().as_str() {
            "rsa-sha256" => Some(Algorithm::RsaSha256),
            "rsa-sha1" => Some(Algorithm::RsaSha1),
            "ed25519-sha256" => Some(Algorithm::Ed25519Sha256),
            _ => None,
        }
    }

    /// The key type (`k=`) a key record needs for this algorithm.
    pub fn key_type(self) -> &'static str {
        match self {
            Algorithm::RsaSha256 | Algorithm::RsaSha1 => "rsa",
            Algorithm::Ed25519Sha256 => "ed25519",
        }
    }

    /// The hash name as a key record's `h=` lists it.
    pub fn hash_name(self) -> &'static str {
        match self {
            Algorithm::RsaSha1 => "sha1",
            _ => "sha256",
        }
    }
}

/// A running hash of the algorithm's kind, cloned to hash several prefixes in one pass.
#[derive(Clone)]
pub enum Hasher {
    Sha1(Sha1),
    Sha256(Sha256),
}

impl Hasher {
    pub fn new(algorithm: Algorithm) -> Hasher {
        match algorithm {
            Algorithm::RsaSha1 => Hasher::Sha1(Sha1::new()),
            _ => Hasher::Sha256(Sha256::new()),
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha1(h) => h.update(bytes),
            Hasher::Sha256(h) => h.update(bytes),
        }
    }

    pub fn finish(self) -> Vec<u8> {
        match self {
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
        }
    }
}

/// The hash of `bytes`.
pub fn digest(algorithm: Algorithm, bytes: &[u8]) -> Vec<u8> {
    let mut hasher = Hasher::new(algorithm);
    hasher.update(bytes);
    hasher.finish()
}

/// Decodes base64 the way `b=` and `bh=` are written (whitespace already removed).
pub fn base64(value: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(value.as_bytes())
        .ok()
}

/// A public key read from a key record's `p=`.
#[derive(Debug, Clone)]
pub enum PublicKey {
    Rsa(Box<rsa::RsaPublicKey>),
    Ed25519(Box<ed25519_dalek::VerifyingKey>),
}

impl PublicKey {
    /// Reads `p=`: an RSA SubjectPublicKeyInfo (what RFC 6376 specifies) or a bare PKCS#1
    /// RSAPublicKey (what some signers publish), or the 32 bytes of an Ed25519 key (RFC 8463).
    pub fn read(key_type: &str, bytes: &[u8]) -> Option<PublicKey> {
        match key_type {
            "rsa" => rsa::RsaPublicKey::from_public_key_der(bytes)
                .or_else(|_| rsa::RsaPublicKey::from_pkcs1_der(bytes))
                .ok()
                .map(|key| PublicKey::Rsa(Box::new(key))),
            "ed25519" => {
                let bytes: &[u8; 32] = bytes.try_into().ok()?;
                ed25519_dalek::VerifyingKey::from_bytes(bytes)
                    .ok()
                    .map(|key| PublicKey::Ed25519(Box::new(key)))
            }
            _ => None,
        }
    }

    /// The RSA modulus size in bits; `None` for Ed25519.
    pub fn rsa_bits(&self) -> Option<usize> {
        match self {
            PublicKey::Rsa(key) => Some(key.n().bits()),
            PublicKey::Ed25519(_) => None,
        }
    }
}

/// What checking `b=` gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Valid,
    /// The signature was made with this key, but over other data: a signed header changed.
    /// Known for RSA only, where the key's public operation shows a well-formed signature block.
    ContentChanged,
    /// The signature was not made with this key (or `b=` was damaged).
    KeyMismatch,
    /// Invalid, and nothing tells whether the key or the data is at fault (Ed25519).
    Invalid,
}

/// Checks `signature` over the hash `hashed` of the canonical headers.
pub fn verify(key: &PublicKey, algorithm: Algorithm, hashed: &[u8], signature: &[u8]) -> Check {
    match key {
        PublicKey::Rsa(key) => {
            let scheme = match algorithm {
                Algorithm::RsaSha1 => rsa::Pkcs1v15Sign::new::<Sha1>(),
                _ => rsa::Pkcs1v15Sign::new::<Sha256>(),
            };
            if key.verify(scheme, hashed, signature).is_ok() {
                return Check::Valid;
            }
            if signature.len() == key.size() && well_formed_block(key, signature) {
                Check::ContentChanged
            } else {
                Check::KeyMismatch
            }
        }
        PublicKey::Ed25519(key) => {
            let Ok(bytes) = <&[u8; 64]>::try_from(signature) else {
                return Check::KeyMismatch;
            };
            let signature = ed25519_dalek::Signature::from_bytes(bytes);
            // RFC 8463: Ed25519 signs the SHA-256 hash of the canonical headers.
            if key.verify_strict(hashed, &signature).is_ok() {
                Check::Valid
            } else {
                Check::Invalid
            }
        }
    }
}

/// Whether the key's public operation turns `signature` into a PKCS#1 v1.5 signature block
/// (`00 01 FF … FF 00`, RFC 8017 §9.2). Only a holder of the matching private key can make one,
/// so a failed check with a well-formed block means the signed data changed, not the key. Used
/// to explain a failure; whether the signature holds is decided by `rsa`'s `verify` alone.
fn well_formed_block(key: &rsa::RsaPublicKey, signature: &[u8]) -> bool {
    let s = rsa::BigUint::from_bytes_be(signature);
    let Ok(m) = rsa::hazmat::rsa_encrypt(key, &s) else {
        return false;
    };
    // The leading zero byte does not survive the conversion to bytes.
    let block = m.to_bytes_be();
    let Some((&first, rest)) = block.split_first() else {
        return false;
    };
    let padding = rest.iter().take_while(|b| **b == 0xff).count();
    first == 0x01 && block.len() + 1 == key.size() && padding >= 8 && rest.get(padding) == Some(&0)
}
