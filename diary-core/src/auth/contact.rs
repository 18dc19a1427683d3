//! Contact details: Russian mobile numbers normalised to +7XXXXXXXXXX and
//! e-mail addresses checked for syntax.

use crate::error::{Error, Result};

/// Normalises a Russian mobile number: accepts `+7…`, `7…`, `8…` (11
/// digits) or 10 digits starting with 9, with spaces, hyphens and
/// parentheses; gives `+7XXXXXXXXXX`.
pub fn phone(input: &str) -> Result<String> {
    let bad = || {
        Error::invalid(
            "phone",
            "must be a Russian mobile number such as +7 912 345-67-89",
        )
    };
    let t = input.trim();
    if t.chars()
        .any(|c| !(c.is_ascii_digit() || " -()+".contains(c)))
        || t.matches('+').count() > 1
        || (t.contains('+') && !t.starts_with('+'))
    {
        return Err(bad());
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let ten = match (digits.len(), digits.chars().next()) {
        (11, Some('7')) => &digits[1..],
        (11, Some('8')) if !t.starts_with('+') => &digits[1..],
        (10, Some('9')) if !t.starts_with('+') => &digits[..],
        _ => return Err(bad()),
    };
    if !ten.starts_with('9') {
        return Err(bad());
    }
    Ok(format!("+7{ten}"))
}

/// Checks an e-mail address's syntax (one `@`, a local part, a domain with
/// a dot, no spaces); gives it trimmed, with the domain in lower case.
pub fn email(input: &str) -> Result<String> {
    let bad = || Error::invalid("email", "must be an e-mail address such as name@example.ru");
    let t = input.trim();
    let (local, domain) = t.split_once('@').ok_or_else(bad)?;
    let ok_local = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let ok_domain = domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if !ok_local
        || !ok_domain
        || t.chars().any(|c| c.is_whitespace() || c.is_control())
        || domain.contains('@')
    {
        return Err(bad());
    }
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in [
            "+7 912 345-67-89",
            "89123456789",
            "79123456789",
            "9123456789",
            "+7(912)3456789",
        ] {
            assert_eq!(phone(ok).unwrap(), "+79123456789", "{ok}");
        }
        for bad in [
            "",
            "12345",
            "+8 912 345 67 89",
            "+7 812 345 67 89",
            "8912345678",
            "phone",
            "+7 912 345 67 89 0",
            "91234567890",
        ] {
            assert_eq!(phone(bad).unwrap_err().field(), Some("phone"), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            email(" Anna.Ivanova@School1535.RU ").unwrap(),
            "Anna.Ivanova@school1535.ru"
        );
        assert!(
            email("мама@пример.рф").is_ok(),
            "internationalised addresses"
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@school.ru",
            "anna@school",
            "an na@school.ru",
            "a@b@c.ru",
            ".a@b.ru",
            "a..b@c.ru",
            "a@-b.ru",
        ] {
            assert_eq!(email(bad).unwrap_err().field(), Some("email"), "{bad}");
        }
    }
}
