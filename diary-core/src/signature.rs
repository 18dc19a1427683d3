//! Signed replies (D13): the exact bytes a replier signs, and Ed25519
//! verification (RFC 8032, through `ed25519-dalek`).
//!
//! The signed bytes are a canonical, versioned text — ASCII, one field per
//! line, each line ending in `\n`:
//!
//! ```text
//! diary-signed-reply-v1
//! message <message id>
//! replier <person id>
//! text-sha256 <hex SHA-256 of the reply text's UTF-8 bytes>
//! at <Unix seconds of signing>
//! ```
//!
//! A host signs these bytes with the replier's key (their e-signature app
//! or device) and passes the signature with the reply; the library
//! rebuilds them from what it stores, so a reply changed afterwards no
//! longer verifies.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};

/// The version line; a later format gets a new one.
pub const SIGNED_REPLY_VERSION: &str = "diary-signed-reply-v1";

/// The bytes a replier signs for a reply to `message`.
pub fn signed_reply_bytes(message: i64, replier: i64, text: &str, at: i64) -> Vec<u8> {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{SIGNED_REPLY_VERSION}\nmessage {message}\nreplier {replier}\ntext-sha256 {hex}\nat {at}\n")
        .into_bytes()
}

/// Checks an Ed25519 `signature` (64 bytes) of `message` by `public_key`
/// (32 bytes), strictly (RFC 8032 §5.1.7, with the small-order and
/// non-canonical checks of `verify_strict`). `field` names the signature
/// in the error.
pub fn verify_ed25519(
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
    field: &str,
) -> Result<()> {
    let key: [u8; 32] = public_key
        .try_into()
        .map_err(|_| Error::invalid("public_key", "an Ed25519 public key is 32 bytes"))?;
    let sig: [u8; 64] = signature
        .try_into()
        .map_err(|_| Error::invalid(field, "an Ed25519 signature is 64 bytes"))?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(&key)
        .map_err(|_| Error::invalid("public_key", "is not a valid Ed25519 public key"))?;
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| {
            Error::invalid(
                field,
                "does not verify: the signature is not by this key over this reply",
            )
        })
}

/// Bytes from hexadecimal text (either case).
pub fn from_hex(field: &str, text: &str) -> Result<Vec<u8>> {
    let t = text.trim();
    if !t.len().is_multiple_of(2) || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid(field, "must be hexadecimal digits"));
    }
    (0..t.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&t[i..i + 2], 16)
                .map_err(|_| Error::invalid(field, "must be hexadecimal digits"))
        })
        .collect()
}

/// The built-in scheme.
pub const ED25519: &str = "ed25519";

/// A host's verifier for a signature scheme the library does not build in
/// (e.g. the Russian qualified e-signature, GOST R 34.10-2012, through the
/// host's certified provider). Given the scheme, the registered key or
/// certificate, the exact signed bytes ([`signed_reply_bytes`]) and the
/// signature, it answers whether the signature is valid; an error means
/// it could not tell (the reply is refused, nothing stored).
pub trait SignatureVerifier: Send + Sync + std::fmt::Debug {
    /// Whether `signature` over `message` verifies with `key`.
    fn verify(
        &self,
        scheme: &str,
        key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> std::result::Result<bool, String>;
}

/// Checks a scheme's name: 1–32 characters of a–z, 0–9, "-" and "_".
pub fn check_scheme(scheme: &str) -> Result<()> {
    let ok = (1..=32).contains(&scheme.len())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "scheme",
            "must be 1 to 32 characters of a-z, 0-9, '-' and '_'",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        from_hex("x", &s.split_whitespace().collect::<String>()).unwrap()
    }

    /// RFC 8032 §7.1, tests 1–3 and SHA(abc): (public key, message, signature).
    const VECTORS: &[(&str, &str, &str)] = &[
        (
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        ),
        (
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        ),
        (
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
        ),
        (
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
        ),
    ];

    #[test]
    fn rfc_8032_test_vectors_verify() {
        for (key, msg, sig) in VECTORS {
            verify_ed25519(&h(key), &h(msg), &h(sig), "signature").unwrap();
        }
    }

    #[test]
    fn a_changed_message_key_or_signature_is_refused() {
        let (key, msg, sig) = VECTORS[1];
        let mut bad_sig = h(sig);
        bad_sig[0] ^= 1;
        assert_eq!(
            verify_ed25519(&h(key), &h(msg), &bad_sig, "signature")
                .unwrap_err()
                .field(),
            Some("signature")
        );
        assert!(verify_ed25519(&h(key), b"other", &h(sig), "signature").is_err());
        assert!(verify_ed25519(&h(VECTORS[0].0), &h(msg), &h(sig), "signature").is_err());
        assert_eq!(
            verify_ed25519(&h(key), &h(msg), &h(sig)[..63], "signature")
                .unwrap_err()
                .field(),
            Some("signature")
        );
        assert_eq!(
            verify_ed25519(&h(key)[..31], &h(msg), &h(sig), "signature")
                .unwrap_err()
                .field(),
            Some("public_key")
        );
    }

    #[test]
    fn the_signed_bytes_are_canonical() {
        let text = String::from_utf8(signed_reply_bytes(7, 42, "Agree", 1_727_000_000)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "diary-signed-reply-v1");
        assert_eq!(&lines[1..3], ["message 7", "replier 42"]);
        // SHA-256 of the empty text is the well-known e3b0c442…b855.
        let empty = String::from_utf8(signed_reply_bytes(7, 42, "", 1)).unwrap();
        assert!(empty.contains(
            "text-sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        ));
        assert_eq!(lines[4], "at 1727000000");
        assert!(text.ends_with('\n') && text.is_ascii());
        assert_ne!(
            signed_reply_bytes(7, 42, "Agree", 1),
            signed_reply_bytes(7, 42, "Agree.", 1)
        );
        assert_ne!(
            signed_reply_bytes(7, 42, "Agree", 1),
            signed_reply_bytes(7, 43, "Agree", 1)
        );
    }
}
