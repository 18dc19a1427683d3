//! The password policy (NIST 800-63B, OWASP ASVS 5) and Argon2id hashing.

use crate::error::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Shortest password accepted, in characters (schools may raise it).
pub const MIN_CHARS: usize = 8;
/// Longest password accepted, in characters: Argon2 is never fed megabytes.
pub const MAX_CHARS: usize = 128;

/// OWASP's Argon2id parameters: 19 MiB, 2 passes, 1 lane.
pub const MEMORY_KIB: u32 = 19 * 1024;
/// Passes.
pub const ITERATIONS: u32 = 2;
/// Lanes.
pub const LANES: u32 = 1;

/// The most common passwords (11,600 entries of at least 8 characters,
/// lower case), always refused. Vendored from zxcvbn's frequency list; the
/// file's header names the source and licence.
const COMMON_LIST: &str = include_str!("common-passwords.txt");

/// The common-password list, sorted for binary search, built on first use.
/// (A sorted vector rather than a hash set: its one allocation is plainly
/// reachable, so leak checkers such as valgrind see no "possibly lost"
/// block in programs that link the library.)
fn common() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<&str> = COMMON_LIST
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// Whether `password` (already NFKC-normalised) is on the common list,
/// compared case-insensitively.
pub fn is_common(password: &str) -> bool {
    common()
        .binary_search(&password.to_lowercase().as_str())
        .is_ok()
}

/// The password as it is hashed: NFKC-normalised.
pub fn normalise(password: &str) -> String {
    password.nfkc().collect()
}

/// Words of the service itself, refused as the core of a password (NIST
/// 800-63B: "context-specific words, such as the name of the service").
pub const SERVICE_WORDS: &[&str] = &[
    "diary",
    "dnevnik",
    "дневник",
    "school",
    "shkola",
    "школа",
    "mesh",
    "мэш",
    "eljur",
    "элжур",
    "password",
    "пароль",
    "parol",
];

/// Keyboard rows (Latin QWERTY, Russian ЙЦУКЕН, digits) for walks such as
/// "qwertyui" or "йцукенгш", forwards or backwards.
const KEYBOARD_ROWS: &[&str] = &[
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "йцукенгшщзхъ",
    "фывапролджэ",
    "ячсмитьбю",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
];

/// Undoes common character substitutions ("p@ssw0rd" → "password").
fn unleet(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '@' | '4' => 'a',
            '0' => 'o',
            '1' | '!' | '|' => 'i',
            '3' => 'e',
            '$' | '5' => 's',
            '7' => 't',
            '8' => 'b',
            '9' => 'g',
            other => other,
        })
        .collect()
}

/// The letters of a password without its leading and trailing digits and
/// symbols ("Password1!" → "password", "2024diary" → "diary").
fn core_word(lower: &str) -> &str {
    lower.trim_matches(|c: char| !c.is_alphabetic())
}

/// Whether the text is one character repeated, a run up or down the
/// alphabet or digits ("abcdefgh", "87654321"), or a walk along a keyboard
/// row — each of which is guessed among the first.
fn is_pattern(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    if chars.len() < 2 {
        return true;
    }
    let distinct: std::collections::BTreeSet<char> = chars.iter().copied().collect();
    if distinct.len() <= 2 {
        return true;
    }
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    if steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1) {
        return true;
    }
    let forward: String = chars.iter().collect();
    let backward: String = chars.iter().rev().collect();
    KEYBOARD_ROWS.iter().any(|row| {
        let twice = format!("{row}{row}");
        twice.contains(&forward) || twice.contains(&backward)
    })
}

/// Checks a new password: length, not a common password, not a pattern
/// (repeats, sequences, keyboard walks), and not built from the service's
/// name or the context words given (the login, the person's names, the
/// school's name, the SNILS digits) plus digits or symbols. No composition
/// rules.
pub fn check(password: &str, min_chars: usize, login: &str, names: &[&str]) -> Result<()> {
    let p = normalise(password);
    let n = p.chars().count();
    if n > MAX_CHARS {
        return Err(Error::invalid(
            "password",
            format!("must be at most {MAX_CHARS} characters"),
        ));
    }
    if n < min_chars.max(MIN_CHARS) {
        return Err(Error::invalid(
            "password",
            format!("must be at least {} characters", min_chars.max(MIN_CHARS)),
        ));
    }
    let lower = p.to_lowercase();
    let plain = unleet(&lower);
    let core = core_word(&lower).to_owned();
    let plain_core = unleet(&core);
    if [&lower, &plain, &core, &plain_core]
        .iter()
        .any(|w| is_common(w))
    {
        return Err(Error::invalid(
            "password",
            "is one of the most common passwords, or one with digits or symbols added",
        ));
    }
    if is_pattern(&lower) || is_pattern(&plain) {
        return Err(Error::invalid(
            "password",
            "is a repeated character, a sequence or a keyboard walk",
        ));
    }
    let login = login.to_lowercase();
    if !login.is_empty() && lower.contains(&login) {
        return Err(Error::invalid("password", "must not contain the login"));
    }
    // Context words: what is left once they are removed must be a real
    // secret, not a year or a few symbols.
    let words: Vec<String> = names
        .iter()
        .map(|n| n.to_lowercase())
        .chain(login.split(['.', '_', '-']).map(str::to_owned))
        .filter(|n| n.chars().count() >= 3)
        .collect();
    for name in words
        .iter()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
    {
        if lower.contains(name.as_str()) || plain.contains(name.as_str()) {
            return Err(Error::invalid(
                "password",
                "must not contain the person's names, login or school",
            ));
        }
    }
    for digits in words
        .iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        if digits.len() >= 4 && lower.contains(digits.as_str()) {
            return Err(Error::invalid(
                "password",
                "must not contain the person's identity numbers",
            ));
        }
    }
    for word in SERVICE_WORDS {
        if plain_core.contains(word) || core.contains(word) {
            let rest = plain.replacen(word, "", 1);
            if rest.chars().filter(|c| c.is_alphabetic()).count() < 4 {
                return Err(Error::invalid(
                    "password",
                    "must not be the service's name with digits or symbols added",
                ));
            }
        }
    }
    Ok(())
}

fn hasher() -> Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None)
        .map_err(|e| Error::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password (after NFKC) as a PHC string with a random salt.
pub fn hash(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    super::secret::fill(&mut salt)?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Internal(format!("salt: {e}")))?;
    hasher()?
        .hash_password(normalise(password).as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("argon2: {e}")))
}

/// Whether `password` matches the stored PHC string.
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let Ok(h) = hasher() else { return false };
    h.verify_password(normalise(password).as_bytes(), &parsed)
        .is_ok()
}

/// Whether a stored hash was made with weaker parameters than today's and
/// should be recomputed at the next successful login.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let get = |k: &str| parsed.params.get_decimal(k).unwrap_or(0);
    parsed.algorithm.as_str() != "argon2id"
        || get("m") < MEMORY_KIB
        || get("t") < ITERATIONS
        || get("p") < LANES
}

/// A hash to verify against when the login is unknown, so that an unknown
/// login and a wrong password take the same time. It is a constant (the
/// hash of a random secret nobody knows, with today's parameters), so the
/// first unknown login does not pay for computing it.
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$65fNxcYxRUEk50FAXkTBug$5OPHQzrULUY4WcDWOuQiSfgcDi6YJf10soOC0UHHIs8"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert!(check("correct horse battery", 8, "ivanov.i", &["Ivanov", "Ivan"]).is_ok());
        for (pw, why) in [
            ("short", "at least"),
            ("password1", "common"),
            ("my ivanov.i secret", "login"),
            ("ivanovrules!", "names"),
        ] {
            let e = check(pw, 8, "ivanov.i", &["Ivanov", "Ivan"]).unwrap_err();
            assert_eq!(e.field(), Some("password"));
            assert!(e.to_string().contains(why), "{pw}: {e}");
        }
        assert!(check(&"a".repeat(129), 8, "x", &[]).is_err());
        assert!(
            check(
                &"съешь же ещё этих мягких французских булок да выпей чаю "
                    .chars()
                    .cycle()
                    .take(128)
                    .collect::<String>(),
                8,
                "x",
                &[]
            )
            .is_ok(),
            "any Unicode, counted in characters"
        );
        assert!(check("twelve chars", 12, "x", &[]).is_ok());
        assert!(
            check("eleven char", 12, "x", &[]).is_err(),
            "schools may raise the minimum"
        );
        assert!(
            check(&"x".repeat(1 << 20), 8, "x", &[]).is_err(),
            "1 MB refused before hashing"
        );
    }

    #[test]
    fn patterns_service_words_and_context_are_refused() {
        let ctx = ["Ivanov", "Ivan", "School No. 7", "Lyceum", "11223344595"];
        for pw in [
            "aaaaaaaa",
            "abababab",
            "abcdefgh",
            "87654321",
            "qwertyui",
            "йцукенгш",
            "Password1!",
            "P@ssw0rd2024",
            "diary2024",
            "Dnevnik!2025",
            "lyceum2024!",
            "x11223344595",
            "ivan12345678",
        ] {
            assert!(check(pw, 8, "ivanov.i", &ctx).is_err(), "{pw}");
        }
        for pw in [
            "correct horse battery",
            "diary of a blue whale",
            "Tr0ub4dor&3xyz",
        ] {
            assert!(check(pw, 8, "ivanov.i", &ctx).is_ok(), "{pw}");
        }
    }

    #[test]
    fn common_list_has_at_least_ten_thousand_entries() {
        assert!(common().len() >= 10_000, "{}", common().len());
        assert!(common().iter().all(|p| p.chars().count() >= MIN_CHARS));
        // Deep in the list, case-insensitive, Cyrillic additions.
        for pw in ["Sunshine", "MUSTANG1", "йцукенгш", "trustno1"] {
            assert!(is_common(pw), "{pw}");
            assert!(check(pw, 8, "x", &[]).is_err(), "{pw}");
        }
        let last = COMMON_LIST.lines().rev().find(|l| l.len() >= 8).unwrap();
        assert!(is_common(last));
        assert!(!is_common("correct horse battery"));
    }

    #[test]
    fn hashing_is_argon2id_with_owasp_parameters() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterY", &h));
        assert!(!needs_rehash(&h));
        // NFKC: the full-width form of the same password verifies.
        assert!(verify("ｃｏｒｒｅｃｔ horse battery", &h));
        let weak =
            "$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A";
        assert!(needs_rehash(weak));
        assert!(!verify("x", "not a phc string"));
        assert!(
            !needs_rehash(dummy_hash()),
            "the dummy hash costs what a real one does"
        );
    }
}
