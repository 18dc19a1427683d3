//! Random secrets from the operating system: temporary passwords and
//! session tokens, which are stored only as SHA-256 hashes.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};

/// Fills `buf` from the operating system's secure random source.
pub fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| Error::Internal(format!("no secure random source: {e}")))
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                HEX[usize::from(b >> 4)] as char,
                HEX[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

/// A session token: 256 random bits, hex.
pub fn token() -> Result<String> {
    let mut b = [0u8; 32];
    fill(&mut b)?;
    Ok(hex(&b))
}

/// How a token is stored: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A temporary password: 12 characters from an alphabet without look-alikes
/// (about 68 bits), easy to read aloud or copy from a printout.
pub fn temporary_password() -> Result<String> {
    from_alphabet(
        b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789",
        12,
    )
}

/// Letters and digits of a link code: upper case, no look-alikes.
const LINK_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A parent's link code: 12 characters (about 59 bits) shown in groups of
/// four, `ABCD-EFGH-JKMN`, easy to print on a letter or read aloud.
pub fn link_code() -> Result<String> {
    let raw = from_alphabet(LINK_ALPHABET, 12)?;
    Ok(format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12]))
}

/// A link code as typed (any case, spaces or hyphens) in its canonical
/// form, the form that is hashed.
pub fn normalise_link_code(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// `n` characters drawn uniformly from `alphabet` (ASCII).
fn from_alphabet(alphabet: &[u8], n: usize) -> Result<String> {
    let mut out = String::with_capacity(n);
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % alphabet.len();
    while out.len() < n {
        let mut b = [0u8; 1];
        fill(&mut b)?;
        if usize::from(b[0]) < limit {
            out.push(alphabet[usize::from(b[0]) % alphabet.len()] as char);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_stored_hashed() {
        let (a, b) = (token().unwrap(), token().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        let p = temporary_password().unwrap();
        assert_eq!(p.chars().count(), 12);
        assert!(p
            .chars()
            .all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(c)));
        assert_ne!(p, temporary_password().unwrap());
    }

    #[test]
    fn link_codes_are_grouped_and_normalised() {
        let c = link_code().unwrap();
        assert_eq!(c.len(), 14);
        assert_eq!(&c[4..5], "-");
        assert_eq!(&c[9..10], "-");
        let canonical = normalise_link_code(&c);
        assert_eq!(canonical.len(), 12);
        assert!(canonical.bytes().all(|b| LINK_ALPHABET.contains(&b)));
        assert_eq!(
            normalise_link_code(&format!(" {} ", c.to_lowercase())),
            canonical
        );
        assert_ne!(c, link_code().unwrap());
    }
}
