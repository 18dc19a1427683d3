//! Security parameters and recovery (A2, A3): a recovery e-mail and mobile
//! number that count only once confirmed by a one-time code, "I forgot my
//! password" through a single-use, expiring reset token, and "I forgot my
//! login". Everything to be sent goes through the host's delivery; the
//! answer to a recovery request never reveals whether an account exists.

use super::accounts::{check_new_password, live_session};
use super::Diary;
use crate::actor::Actor;
use crate::auth::{contact, password, secret};
use crate::delivery::{Address, Message, Purpose};
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::ContactKind;
use crate::storage::Db;
use crate::storage::{accounts, contacts, settings};
use time::Duration;

/// How long a confirmation code is valid.
pub const CODE_MINUTES: i64 = 10;
/// Wrong tries allowed per confirmation code.
pub const CODE_ATTEMPTS: i64 = 5;
/// Codes or reset tokens one person may be sent per hour, per purpose;
/// the same throttling as for logins keeps recovery from being used to
/// flood a contact or to guess.
pub const SENDS_PER_HOUR: i64 = 5;
/// Requested messages (codes, reset tokens, logins) one address receives
/// per hour at most, whatever asked for them: the library cannot be used
/// to flood a family's e-mail or phone.
pub const DELIVERIES_PER_HOUR: i64 = 5;

impl ContactKind {
    /// The stored purpose of a code confirming this kind of contact.
    fn confirmation_purpose(self) -> &'static str {
        match self {
            ContactKind::Email => "confirm_email",
            ContactKind::Phone => "confirm_phone",
        }
    }

    fn address(self, a: String) -> Address {
        match self {
            ContactKind::Email => Address::Email(a),
            ContactKind::Phone => Address::Phone(a),
        }
    }

    fn normalise(self, input: &str) -> Result<String> {
        match self {
            ContactKind::Email => contact::email(input),
            ContactKind::Phone => contact::phone(input),
        }
    }
}

fn six_digits() -> Result<String> {
    let mut b = [0u8; 4];
    secret::fill(&mut b)?;
    Ok(format!("{:06}", u32::from_le_bytes(b) % 1_000_000))
}

impl Diary {
    /// Hands a message to the host. Called inside the transaction that
    /// stores what the message carries, so that a failed delivery rolls the
    /// change back; while the host's delivery runs, calls back into this
    /// diary from the same thread are refused instead of deadlocking.
    /// Hands `m` to the host inside the caller's transaction `c`. Requested
    /// messages (codes, tokens, logins) are limited per recipient and hour
    /// ([`DELIVERIES_PER_HOUR`]); security notices (a contact replaced, a
    /// password changed) always go, and count.
    fn deliver(&self, c: Db<'_>, m: Message) -> Result<()> {
        let d = self.delivery.as_ref().ok_or_else(|| {
            Error::invalid("delivery", "the host has not configured message delivery")
        })?;
        let (_, address) = m.to.parts();
        let recipient = secret::token_hash(address);
        let now = self.clock.now().unix_timestamp();
        let notice = matches!(
            m.purpose,
            Purpose::ContactChanged | Purpose::PasswordChanged
        );
        if !notice && contacts::deliveries_since(c, &recipient, now - 3600)? >= DELIVERIES_PER_HOUR
        {
            return Err(Error::invalid(
                "to",
                format!(
                    "{DELIVERIES_PER_HOUR} messages were already sent to this address in the last hour; try again later"
                ),
            ));
        }
        contacts::record_delivery(c, &recipient, m.purpose.as_str(), now)?;
        let _guard = super::Delivering::enter(self);
        d.deliver(&m).map_err(|e| {
            Error::DeliveryFailed(format!("the host could not deliver the message: {e}"))
        })
    }

    /// The person behind a valid, unrestricted-or-not session, with the
    /// current password checked.
    fn person_with_password(&self, token: &str, current: &str) -> Result<PersonId> {
        let now = self.clock.now().unix_timestamp();
        let hash = secret::token_hash(token);
        let (person, stored) = {
            let inner = self.lock()?;
            let s = live_session(inner.db(), &hash, now)?;
            if s.password_change_only {
                return Err(Error::denied("set a new password first"));
            }
            let a =
                accounts::by_person(inner.db(), s.person)?.ok_or(Error::AuthenticationFailed)?;
            (s.person, a.password)
        };
        self.check_current_password(person, &stored, current, now)?;
        Ok(person)
    }

    /// Starts setting (or changing) a security parameter: needs the current
    /// password; a 6-digit code valid for 10 minutes goes to the new address
    /// through the host; the contact counts only once confirmed.
    pub fn set_contact(
        &self,
        token: &str,
        current_password: &str,
        kind: ContactKind,
        address: &str,
    ) -> Result<()> {
        let address = kind.normalise(address)?;
        let person = self.person_with_password(token, current_password)?;
        let now = self.clock.now();
        let code = six_digits()?;
        let purpose = kind.confirmation_purpose();
        let hour_ago = (now - Duration::HOUR).unix_timestamp();
        self.write(&Actor::operator(), |p| {
            let c = p.c;
            if contacts::sent_since(c, person, purpose, hour_ago)? >= SENDS_PER_HOUR {
                return Err(Error::invalid(
                    "code",
                    "too many codes were requested in the last hour; try again later",
                ));
            }
            contacts::new_secret(
                c,
                person,
                purpose,
                Some(&address),
                &secret::token_hash(&code),
                (now + Duration::minutes(CODE_MINUTES)).unix_timestamp(),
                now.unix_timestamp(),
            )?;
            self.deliver(
                c,
                Message {
                    to: kind.address(address.clone()),
                    purpose: Purpose::ConfirmContact,
                    secret: Some(code.clone()),
                    text: format!(
                        "Your diary confirmation code. It is valid for {CODE_MINUTES} minutes."
                    ),
                },
            )
        })
    }

    /// Confirms a pending contact with its code (at most five tries). The
    /// old contact, if any, is told that it was replaced.
    pub fn confirm_contact(&self, token: &str, kind: ContactKind, code: &str) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        let session = secret::token_hash(token);
        let purpose = kind.confirmation_purpose();
        self.write(&Actor::operator(), |p| {
            let c = p.c;
            let s = live_session(c, &session, now)?;
            let pending = contacts::live_secret(c, s.person, purpose)?.ok_or_else(|| {
                Error::invalid("code", "no confirmation is pending; ask for a new code")
            })?;
            let id = pending.id;
            if pending.expires_at <= now || pending.attempts >= CODE_ATTEMPTS {
                contacts::use_secret(c, id, now)?;
                return Ok(Err(Error::invalid(
                    "code",
                    "the code has expired or was tried too often; ask for a new one",
                )));
            }
            if secret::token_hash(code.trim()) != pending.hash {
                contacts::count_attempt(c, id)?;
                return Ok(Err(Error::invalid("code", "wrong code")));
            }
            contacts::use_secret(c, id, now)?;
            let old = contacts::contact(c, s.person, kind.as_str())?;
            contacts::set_contact(
                c,
                s.person,
                kind.as_str(),
                pending.target.as_deref().unwrap_or_default(),
                now,
            )?;
            // The old address is told before the change commits: if it
            // cannot be told, the contact is not replaced.
            if let Some(old) = old {
                self.deliver(c, Message {
                    to: kind.address(old),
                    purpose: Purpose::ContactChanged,
                    secret: None,
                    text: "Your diary contact was replaced. If this was not you, call your school."
                        .into(),
                })?;
            }
            Ok(Ok(()))
        })?
    }

    /// "I forgot my password": if `login` has a confirmed contact, a
    /// single-use reset token goes to it, valid for the installation's
    /// `reset_token_minutes` (30 by default). The answer is
    /// the same whether or not the account or a contact exists.
    pub fn request_password_reset(&self, login: &str) -> Result<()> {
        let now = self.clock.now();
        let token = secret::token()?;
        let sent = self.write(&Actor::operator(), |p| {
            let c = p.c;
            let Some(a) = accounts::by_login(c, &login.trim().to_lowercase())? else {
                return Ok(());
            };
            let to = match contacts::contact(c, a.person, "email")? {
                Some(e) => Address::Email(e),
                None => match contacts::contact(c, a.person, "phone")? {
                    Some(p) => Address::Phone(p),
                    None => return Ok(()),
                },
            };
            let hour_ago = (now - Duration::HOUR).unix_timestamp();
            let minutes = settings::account_settings(c)?.reset_token_minutes;
            if contacts::sent_since(c, a.person, "password_reset", hour_ago)? >= SENDS_PER_HOUR {
                // Throttled: the same quiet answer, nothing sent.
                return Ok(());
            }
            contacts::new_secret(
                c,
                a.person,
                "password_reset",
                None,
                &secret::token_hash(&token),
                (now + Duration::minutes(minutes)).unix_timestamp(),
                now.unix_timestamp(),
            )?;
            self.deliver(
                c,
                Message {
                    to,
                    purpose: Purpose::PasswordReset,
                    secret: Some(token.clone()),
                    text: format!(
                        "Use this token within {minutes} minutes to set a new diary password."
                    ),
                },
            )
        });
        quiet(sent)
    }

    /// Sets a new password with a reset token: single use, expiring; every
    /// session ends and the user is told; it does not log in.
    pub fn reset_password(&self, reset_token: &str, new: &str) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        let person = {
            let inner = self.lock()?;
            let s = contacts::secret_by_hash(inner.db(), &secret::token_hash(reset_token))?
                .ok_or(Error::AuthenticationFailed)?;
            if s.purpose != "password_reset" || s.expires_at <= now {
                return Err(Error::AuthenticationFailed);
            }
            check_new_password(inner.db(), s.person, new)?;
            s.person
        };
        let phc = password::hash(new)?;
        self.write(&Actor::operator(), |p| {
            let c = p.c;
            // Single use: the token is spent in the same transaction.
            let id = contacts::secret_by_hash(c, &secret::token_hash(reset_token))?
                .filter(|s| s.person == person && s.purpose == "password_reset")
                .map(|s| s.id)
                .ok_or(Error::AuthenticationFailed)?;
            contacts::use_secret(c, id, now)?;
            accounts::set_password(c, person, &phc)?;
            accounts::reset_failures(c, person)?;
            accounts::revoke_all(c, person, now)?;
            let notify = match contacts::contact(c, person, "email")? {
                Some(e) => Some(Address::Email(e)),
                None => contacts::contact(c, person, "phone")?.map(Address::Phone),
            };
            // Told before the change commits; if the notice cannot be
            // delivered, nothing changes and the token stays usable.
            if let Some(to) = notify {
                self.deliver(
                    c,
                    Message {
                        to,
                        purpose: Purpose::PasswordChanged,
                        secret: None,
                        text: "Your diary password was reset.".into(),
                    },
                )?;
            }
            Ok(())
        })
    }

    /// "I forgot my login": the logins whose confirmed contact this is go to
    /// it; the answer is the same whether or not any exist.
    pub fn request_login_reminder(&self, kind: ContactKind, address: &str) -> Result<()> {
        let Ok(address) = kind.normalise(address) else {
            return Ok(());
        };
        let sent = self.read(&Actor::operator(), |p| {
            let c = p.c;
            let mut logins = Vec::new();
            for p in contacts::people_with(c, kind.as_str(), &address)? {
                if let Some(a) = accounts::by_person(c, p)? {
                    logins.push(a.login);
                }
            }
            if logins.is_empty() {
                return Ok(());
            }
            self.deliver(
                c,
                Message {
                    to: kind.address(address.clone()),
                    purpose: Purpose::ForgotLogin,
                    secret: None,
                    text: format!("Your diary login(s): {}", logins.join(", ")),
                },
            )
        });
        quiet(sent)
    }
}

/// The answer to an anonymous recovery request: a failed delivery (already
/// seen by the host's own delivery code, and rolled back here) gives the
/// same quiet answer as an unknown login, so that the answer never tells
/// whether an account or contact exists.
fn quiet(r: Result<()>) -> Result<()> {
    match r {
        Err(Error::DeliveryFailed(_)) => Ok(()),
        Err(Error::InvalidInput { field, .. }) if field == "to" => Ok(()),
        other => other,
    }
}
