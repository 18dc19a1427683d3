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
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(12);
    while out.len() < 12 {
        let mut b = [0u8; 1];
        fill(&mut b)?;
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - 256 % ALPHABET.len();
        if usize::from(b[0]) < limit {
            out.push(ALPHABET[usize::from(b[0]) % ALPHABET.len()] as char);
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
}
