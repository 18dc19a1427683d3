//! Accounts, login and sessions (A1, A6): credentials issued by the class
//! teacher or an admin, a forced change at the first login, Argon2id
//! passwords, hashed session tokens with idle and absolute expiry, and
//! throttling of failed logins.

use super::people::person_facts;
use super::Diary;
use crate::access::{acting_as, decide_action, Action};
use crate::actor::Actor;
use crate::auth::{password, secret};
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::storage::db::Db;
use crate::storage::{self, accounts, settings};
use time::{Duration, OffsetDateTime};

/// A session ends after this long without use.
pub const SESSION_IDLE: Duration = Duration::hours(8);
/// A session ends this long after login, used or not.
pub const SESSION_ABSOLUTE: Duration = Duration::days(30);
/// Failed logins allowed before the account locks.
pub const FREE_FAILURES: i64 = 5;

/// What the class teacher hands over: shown once, stored only hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCredentials {
    /// The login.
    pub login: String,
    /// The temporary password; it must be changed at the first login.
    pub temporary_password: String,
    /// When the temporary password stops working.
    pub expires_at: OffsetDateTime,
}

/// A successful login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The opaque session token (256 bits); keep it secret.
    pub token: String,
    /// The person logged in.
    pub person: PersonId,
    /// The session only allows setting a new password.
    pub must_change_password: bool,
    /// When the session ends at the latest.
    pub expires_at: OffsetDateTime,
}

/// One of a person's open sessions, as they see it in their account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SessionInfo {
    /// A public id of the session (not the token): the first 16 hex digits
    /// of the token's hash.
    pub id: String,
    /// When it started.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was last used.
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen_at: OffsetDateTime,
    /// When it ends at the latest.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Whether it is the session asking.
    pub current: bool,
}

/// A readable, unique login: transliterated surname and first initial.
pub(super) fn new_login(c: Db<'_>, surname: &str, first: &str) -> Result<String> {
    const CYR: [(&str, &str); 33] = [
        ("а", "a"),
        ("б", "b"),
        ("в", "v"),
        ("г", "g"),
        ("д", "d"),
        ("е", "e"),
        ("ё", "e"),
        ("ж", "zh"),
        ("з", "z"),
        ("и", "i"),
        ("й", "y"),
        ("к", "k"),
        ("л", "l"),
        ("м", "m"),
        ("н", "n"),
        ("о", "o"),
        ("п", "p"),
        ("р", "r"),
        ("с", "s"),
        ("т", "t"),
        ("у", "u"),
        ("ф", "f"),
        ("х", "kh"),
        ("ц", "ts"),
        ("ч", "ch"),
        ("ш", "sh"),
        ("щ", "shch"),
        ("ъ", ""),
        ("ы", "y"),
        ("ь", ""),
        ("э", "e"),
        ("ю", "yu"),
        ("я", "ya"),
    ];
    let translit = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .map(|ch| {
                let t = ch.to_string();
                CYR.iter().find(|(k, _)| *k == t).map_or_else(
                    || {
                        if ch.is_ascii_alphanumeric() {
                            t.clone()
                        } else {
                            String::new()
                        }
                    },
                    |(_, v)| (*v).to_owned(),
                )
            })
            .collect()
    };
    let mut base = format!(
        "{}.{}",
        translit(surname),
        translit(first)
            .chars()
            .next()
            .map(String::from)
            .unwrap_or_default()
    );
    if base.len() < 3 {
        base = "user".into();
    }
    let mut login = base.clone();
    let mut n = 1;
    while accounts::login_taken(c, &login)? {
        n += 1;
        login = format!("{base}{n}");
    }
    Ok(login)
}

impl Diary {
    /// Issues a login and a temporary password for a student or guardian
    /// (their class teacher or a school admin). For a person who already has
    /// an account it is a reset: a new temporary password, every session
    /// ended. The password is returned once and stored only hashed.
    pub fn issue_credentials(&self, actor: &Actor, person: PersonId) -> Result<IssuedCredentials> {
        let now = self.clock.now();
        let temporary = secret::temporary_password()?;
        let phc = password::hash(&temporary)?;
        self.write_people(actor, |pl| {
            let c = pl.c;
            let st = pl.standing.clone();
            let p = pl.known_person(person, "credentials", true)?;
            let mut facts = person_facts(c, &st, actor, person)?;
            // A guardian's credentials: the class teacher of one of the children.
            let mut school = storage::schools_of_person(c, person)?.first().copied();
            if !facts.class_teacher {
                if let Some(me) = actor.person() {
                    for g in storage::children_of(c, person)? {
                        for e in storage::enrolments_of_student(c, g.student)? {
                            facts.class_teacher |=
                                storage::class(c, e.class)?.class_teacher == Some(me);
                            facts.admin |= st.admin_of.contains(&e.school);
                            school = school.or(Some(e.school));
                        }
                    }
                }
            }
            let decision = decide_action(&facts, Action::IssueCredentials);
            // Recorded either way: who issued (or reset) whose credentials.
            pl.note(
                Some(person),
                school,
                "credentials",
                true,
                acting_as(&facts),
                decision.is_ok(),
            );
            decision?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("credentials are issued by a person"))?;
            let days = settings::account_settings(c)?.temporary_password_days;
            let expires = now + Duration::days(days);
            let login = match accounts::by_person(c, person)? {
                Some(a) => a.login,
                None => new_login(c, &p.surname, &p.first_name)?,
            };
            accounts::issue(
                c,
                person,
                &login,
                &phc,
                expires.unix_timestamp(),
                by,
                now.unix_timestamp(),
            )?;
            accounts::revoke_all(c, person, now.unix_timestamp())?;
            Ok(IssuedCredentials {
                login,
                temporary_password: temporary.clone(),
                expires_at: expires,
            })
        })
    }

    /// [`Diary::login`] with the password as bytes (from C): bytes that are
    /// not UTF-8 are a wrong password like any other.
    pub fn login_bytes(&self, login: &str, password_bytes: &[u8]) -> Result<Session> {
        match std::str::from_utf8(password_bytes) {
            Ok(p) => self.login(login, p),
            Err(_) => {
                let _ = password::verify("x", password::dummy_hash());
                Err(Error::AuthenticationFailed)
            }
        }
    }

    /// Logs in with a login and password. An unknown login, a wrong or
    /// expired password, a locked or disabled account all give the same
    /// [`Error::AuthenticationFailed`] after the same Argon2 work. After
    /// five failures the account locks for a time that doubles with each
    /// further failure (1 minute, 2, 4, … up to a day); an admin can unlock.
    pub fn login(&self, login: &str, password_text: &str) -> Result<Session> {
        let now = self.clock.now();
        if password_text.chars().count() > password::MAX_CHARS {
            // Never hash megabytes; the answer is the same as for a wrong password.
            let _ = password::verify("x", password::dummy_hash());
            return Err(Error::AuthenticationFailed);
        }
        let login = login.trim().to_lowercase();
        // The Argon2 work runs outside the database lock.
        let account = {
            let mut inner = self.lock()?;
            let c = inner.db();
            let a = accounts::by_login(c, &login)?;
            inner.cache.clear();
            a
        };
        let Some(a) = account else {
            let _ = password::verify(password_text, password::dummy_hash());
            return Err(Error::AuthenticationFailed);
        };
        let ok = password::verify(password_text, &a.password);
        let rehash = ok && password::needs_rehash(&a.password);
        let new_hash = if rehash {
            Some(password::hash(password_text)?)
        } else {
            None
        };
        let token = secret::token()?;
        self.write(&Actor::operator(), |p| {
            let c = p.c;
            let a = accounts::by_person(c, a.person)?.ok_or(Error::AuthenticationFailed)?;
            let t = now.unix_timestamp();
            let locked = a.locked_until.is_some_and(|u| u > t);
            let expired = a.must_change && a.temporary_expires_at.is_some_and(|e| e <= t);
            if !ok || locked || a.disabled || expired {
                if !ok && !locked {
                    let failed = a.failed_logins + 1;
                    let lock = (failed >= FREE_FAILURES).then(|| t + 60 * lock_minutes(failed));
                    accounts::record_failure(c, a.person, failed, lock)?;
                }
                return Ok(Err(Error::AuthenticationFailed));
            }
            accounts::reset_failures(c, a.person)?;
            if let Some(h) = &new_hash {
                accounts::rehash(c, a.person, h)?;
            }
            let expires = now + SESSION_ABSOLUTE;
            accounts::insert_session(
                c,
                &secret::token_hash(&token),
                a.person,
                t,
                expires.unix_timestamp(),
                a.must_change,
            )?;
            Ok(Ok(Session {
                token: token.clone(),
                person: a.person,
                must_change_password: a.must_change,
                expires_at: expires,
            }))
        })?
    }

    /// The actor a session stands for; refused (same error) when the token
    /// is unknown, revoked, idle too long, past its absolute end, or only
    /// allows setting a new password.
    pub fn session_actor(&self, token: &str) -> Result<Actor> {
        let now = self.clock.now().unix_timestamp();
        let hash = secret::token_hash(token);
        self.write(&Actor::operator(), |p| {
            let c = p.c;
            let s = live_session(c, &hash, now)?;
            if s.password_change_only {
                return Err(Error::denied("set a new password first"));
            }
            accounts::touch_session(c, &hash, now)?;
            Ok(Actor::vouched(s.person))
        })
    }

    /// Sets a new password (the first-login change, or any later one) with
    /// the current password; every session of the account ends, including
    /// this one: log in again with the new password.
    pub fn change_password(&self, token: &str, current: &str, new: &str) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        let hash = secret::token_hash(token);
        let (person, stored, policy) = {
            let inner = self.lock()?;
            let c = inner.db();
            let s = live_session(c, &hash, now)?;
            let a = accounts::by_person(c, s.person)?.ok_or(Error::AuthenticationFailed)?;
            (s.person, a.password, check_new_password(c, s.person, new))
        };
        self.check_current_password(person, &stored, current, now)?;
        policy?;
        if password::verify(new, &stored) {
            return Err(Error::invalid(
                "password",
                "must differ from the current password",
            ));
        }
        let phc = password::hash(new)?;
        self.write(&Actor::operator(), |p| {
            let c = p.c;
            accounts::set_password(c, person, &phc)?;
            accounts::revoke_all(c, person, now)
        })
    }

    /// Checks a password typed to confirm a change (a new password, a new
    /// contact) with the login's throttling: a locked account is refused
    /// after the same Argon2 work, and a wrong password counts as a failed
    /// login towards the lock.
    pub(super) fn check_current_password(
        &self,
        person: PersonId,
        stored: &str,
        typed: &str,
        now: i64,
    ) -> Result<()> {
        let ok = typed.chars().count() <= password::MAX_CHARS && password::verify(typed, stored);
        self.write(&Actor::operator(), |p| {
            let c = p.c;
            let a = accounts::by_person(c, person)?.ok_or(Error::AuthenticationFailed)?;
            let locked = a.locked_until.is_some_and(|u| u > now);
            if locked {
                return Ok(Err(Error::AuthenticationFailed));
            }
            if !ok {
                let failed = a.failed_logins + 1;
                let lock = (failed >= FREE_FAILURES).then(|| now + 60 * lock_minutes(failed));
                accounts::record_failure(c, person, failed, lock)?;
                return Ok(Err(Error::AuthenticationFailed));
            }
            accounts::reset_failures(c, person)?;
            Ok(Ok(()))
        })?
    }

    /// The open sessions of the account a session belongs to, so that a
    /// user can see where they are logged in.
    pub fn my_sessions(&self, token: &str) -> Result<Vec<SessionInfo>> {
        let now = self.clock.now().unix_timestamp();
        let hash = secret::token_hash(token);
        let inner = self.lock()?;
        let c = inner.db();
        let s = live_session(c, &hash, now)?;
        let ts = |t: i64| {
            OffsetDateTime::from_unix_timestamp(t).map_err(|e| Error::Internal(e.to_string()))
        };
        accounts::open_sessions(c, s.person, now)?
            .into_iter()
            .filter(|(_, _, seen, _)| seen + SESSION_IDLE.whole_seconds() > now)
            .map(|(h, created, seen, expires)| {
                Ok(SessionInfo {
                    id: h[..16].to_owned(),
                    created_at: ts(created)?,
                    last_seen_at: ts(seen)?,
                    expires_at: ts(expires)?,
                    current: h == hash,
                })
            })
            .collect()
    }

    /// Ends one of the account's own sessions by its public id (e.g. a
    /// forgotten login on a shared computer).
    pub fn revoke_my_session(&self, token: &str, session_id: &str) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        let hash = secret::token_hash(token);
        self.write(&Actor::operator(), |p| {
            let c = p.c;
            let s = live_session(c, &hash, now)?;
            let target = accounts::open_sessions(c, s.person, now)?
                .into_iter()
                .find(|(h, ..)| session_id.len() == 16 && h.starts_with(session_id))
                .ok_or_else(|| Error::not_found("session", session_id))?;
            accounts::revoke_session(c, &target.0, now)
        })
    }

    /// Ends a session.
    pub fn logout(&self, token: &str) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        let hash = secret::token_hash(token);
        self.write(&Actor::operator(), |p| {
            let c = p.c;
            accounts::revoke_session(c, &hash, now)
        })
    }

    /// Unlocks an account after failed logins (school admins of the person).
    pub fn unlock_account(&self, actor: &Actor, person: PersonId) -> Result<()> {
        self.write(actor, |p| {
            let c = p.c;
            may_manage_account(p, actor, person)?;
            accounts::reset_failures(c, person)
        })
    }

    /// Disables (or re-enables) an account; disabling ends its sessions.
    pub fn set_account_disabled(
        &self,
        actor: &Actor,
        person: PersonId,
        disabled: bool,
    ) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        self.write(actor, |p| {
            let c = p.c;
            may_manage_account(p, actor, person)?;
            accounts::by_person(c, person)?.ok_or_else(|| Error::not_found("account", person))?;
            accounts::set_disabled(c, person, disabled)?;
            if disabled {
                accounts::revoke_all(c, person, now)?;
            }
            Ok(())
        })
    }
}

/// Decides (and logs) whether `actor` may unlock or disable `person`'s
/// account: the person must be known to the actor, then the policy decides.
fn may_manage_account(
    p: &mut super::placement::Placement<'_>,
    actor: &Actor,
    person: PersonId,
) -> Result<()> {
    p.known_person(person, "account", true)?;
    let st = p.standing.clone();
    let facts = person_facts(p.c, &st, actor, person)?;
    p.decide(
        &facts,
        Action::ManageAccounts,
        Some(person),
        None,
        "account",
        true,
    )
}

/// Minutes an account stays locked after `failed` failures in a row: 1 at
/// the fifth, doubling with each further one, and never more than a day.
pub(crate) fn lock_minutes(failed: i64) -> i64 {
    let doublings = (failed - FREE_FAILURES).clamp(0, 11);
    (1i64 << doublings).min(24 * 60)
}

/// The session behind a token hash if it is still live: known, not
/// revoked, not past its absolute end and not idle too long. Every
/// session-taking call goes through this one check.
pub(super) fn live_session(c: Db<'_>, hash: &str, now: i64) -> Result<accounts::SessionRow> {
    let s = accounts::session(c, hash)?.ok_or(Error::AuthenticationFailed)?;
    if s.revoked || s.expires_at <= now || s.last_seen_at + SESSION_IDLE.whole_seconds() <= now {
        return Err(Error::AuthenticationFailed);
    }
    Ok(s)
}

/// Refuses a new password for `person` that breaks the policy: too long,
/// too short for their schools, common, or containing their login or names.
pub(super) fn check_new_password(c: Db<'_>, person: PersonId, new: &str) -> Result<()> {
    if new.chars().count() > password::MAX_CHARS {
        return Err(Error::invalid(
            "password",
            format!("must be at most {} characters", password::MAX_CHARS),
        ));
    }
    let a = accounts::by_person(c, person)?.ok_or(Error::AuthenticationFailed)?;
    let p = storage::person(c, person)?;
    let schools = storage::schools_of_person(c, person)?;
    let min = accounts::min_password_chars(c, &schools)?;
    // Context words (NIST 800-63B): the person's names, SNILS digits and
    // the names of their schools (each word of them).
    let mut words: Vec<String> = [
        Some(p.surname.clone()),
        Some(p.first_name.clone()),
        p.patronymic.clone(),
        p.snils.as_ref().map(|s| s.digits().to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    for s in storage::schools_by_id(c, &schools)? {
        words.extend(
            s.name
                .split(|ch: char| !ch.is_alphanumeric())
                .map(str::to_owned),
        );
    }
    let names: Vec<&str> = words.iter().map(String::as_str).collect();
    password::check(new, min, &a.login, &names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_doubles_from_a_minute_to_a_day_and_stays_there() {
        let got: Vec<i64> = (FREE_FAILURES..FREE_FAILURES + 14)
            .map(lock_minutes)
            .collect();
        assert_eq!(
            got,
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1440, 1440, 1440]
        );
        assert_eq!(lock_minutes(i64::MAX), 1440);
    }
}
