//! Security parameters and recovery: confirmed contacts, password reset by
//! a single-use expiring token, and the login reminder — all through a
//! delivery that records what the host would send.

mod common;

use common::*;
use diary_core::delivery::{Address, Delivery, Message, Purpose};
use diary_core::*;
use std::sync::{Arc, Mutex};
use time::macros::datetime;
use time::Duration;

#[derive(Debug, Default)]
struct Outbox(Mutex<Vec<Message>>);

impl Delivery for Outbox {
    fn deliver(&self, message: &Message) -> std::result::Result<(), String> {
        self.0.lock().unwrap().push(message.clone());
        Ok(())
    }
}

impl Outbox {
    fn take(&self) -> Vec<Message> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

struct Setup {
    f: Fixture,
    clock: Arc<ManualClock>,
    outbox: Arc<Outbox>,
    token: String,
}

const PASSWORD: &str = "correct horse battery";

fn setup() -> Setup {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-02 08:00 UTC)));
    let outbox = Arc::new(Outbox::default());
    let f = build(common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        delivery: Some(outbox.clone()),
        ..OpenOptions::default()
    }));
    let d = &f.diary;
    let cred = d
        .issue_credentials(&Actor::vouched(f.teacher), f.mother)
        .unwrap();
    let s = d.login(&cred.login, &cred.temporary_password).unwrap();
    d.change_password(&s.token, &cred.temporary_password, PASSWORD)
        .unwrap();
    let token = d.login(&cred.login, PASSWORD).unwrap().token;
    Setup {
        f,
        clock,
        outbox,
        token,
    }
}

fn confirm_email(s: &Setup, address: &str) {
    let d = &s.f.diary;
    d.set_contact(&s.token, PASSWORD, ContactKind::Email, address)
        .unwrap();
    let sent = s.outbox.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].purpose, Purpose::ConfirmContact);
    let code = sent[0].secret.clone().unwrap();
    assert_eq!(code.len(), 6);
    d.confirm_contact(&s.token, ContactKind::Email, &code)
        .unwrap();
}

#[test]
fn a_contact_counts_only_once_confirmed() {
    let s = setup();
    let d = &s.f.diary;
    // The current password is required; a malformed address is refused.
    assert!(matches!(
        d.set_contact(
            &s.token,
            "wrong password",
            ContactKind::Email,
            "m@example.ru"
        ),
        Err(Error::AuthenticationFailed)
    ));
    assert!(d
        .set_contact(&s.token, PASSWORD, ContactKind::Email, "not an address")
        .is_err());
    assert!(s.outbox.take().is_empty());

    d.set_contact(&s.token, PASSWORD, ContactKind::Email, "M@Example.ru")
        .unwrap();
    let sent = s.outbox.take();
    assert_eq!(sent.len(), 1);
    let code = sent[0].secret.clone().unwrap();
    // Unconfirmed: a reset request sends nothing.
    d.request_password_reset("ivanova.m").unwrap();
    assert!(s.outbox.take().is_empty());

    // A wrong code is refused and changes nothing; the right one confirms.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        d.confirm_contact(&s.token, ContactKind::Email, wrong)
            .unwrap_err()
            .field(),
        Some("code")
    );
    d.confirm_contact(&s.token, ContactKind::Email, &code)
        .unwrap();
    // The code is single use.
    assert!(d
        .confirm_contact(&s.token, ContactKind::Email, &code)
        .is_err());

    // Replacing the contact tells the old address.
    d.set_contact(&s.token, PASSWORD, ContactKind::Email, "new@example.ru")
        .unwrap();
    let code = s.outbox.take()[0].secret.clone().unwrap();
    d.confirm_contact(&s.token, ContactKind::Email, &code)
        .unwrap();
    let sent = s.outbox.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].purpose, Purpose::ContactChanged);
    // The local part keeps its case; the domain is lower-cased.
    assert_eq!(sent[0].to, Address::Email("M@example.ru".into()));
}

#[test]
fn codes_expire_and_allow_five_tries() {
    let s = setup();
    let d = &s.f.diary;
    d.set_contact(&s.token, PASSWORD, ContactKind::Email, "m@example.ru")
        .unwrap();
    let code = s.outbox.take()[0].secret.clone().unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        assert!(d
            .confirm_contact(&s.token, ContactKind::Email, wrong)
            .is_err());
    }
    // The sixth try fails even with the right code.
    assert!(d
        .confirm_contact(&s.token, ContactKind::Email, &code)
        .is_err());

    d.set_contact(&s.token, PASSWORD, ContactKind::Email, "m@example.ru")
        .unwrap();
    let code = s.outbox.take()[0].secret.clone().unwrap();
    s.clock.advance(Duration::minutes(11));
    assert!(d
        .confirm_contact(&s.token, ContactKind::Email, &code)
        .is_err());
}

#[test]
fn password_reset_is_single_use_and_expires() {
    let s = setup();
    let d = &s.f.diary;
    confirm_email(&s, "m@example.ru");

    // Unknown logins get the same answer and nothing is sent.
    d.request_password_reset("nobody").unwrap();
    assert!(s.outbox.take().is_empty());

    d.request_password_reset("Ivanova.M").unwrap();
    let sent = s.outbox.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].purpose, Purpose::PasswordReset);
    assert_eq!(sent[0].to, Address::Email("m@example.ru".into()));
    let reset = sent[0].secret.clone().unwrap();
    // Debug output never shows the secret.
    assert!(!format!("{:?}", sent[0]).contains(&reset));

    // A weak password is refused and the token stays usable.
    assert_eq!(
        d.reset_password(&reset, "short").unwrap_err().field(),
        Some("password")
    );
    d.reset_password(&reset, "a brand new passphrase").unwrap();
    assert_eq!(s.outbox.take()[0].purpose, Purpose::PasswordChanged);
    // Every session ended; only the new password works.
    assert!(d.session_actor(&s.token).is_err());
    assert!(d.login("ivanova.m", PASSWORD).is_err());
    d.login("ivanova.m", "a brand new passphrase").unwrap();
    // Single use.
    assert!(matches!(
        d.reset_password(&reset, "another new passphrase"),
        Err(Error::AuthenticationFailed)
    ));

    // Expiry after 30 minutes.
    d.request_password_reset("ivanova.m").unwrap();
    let reset = s.outbox.take()[0].secret.clone().unwrap();
    s.clock.advance(Duration::minutes(31));
    assert!(matches!(
        d.reset_password(&reset, "another new passphrase"),
        Err(Error::AuthenticationFailed)
    ));
    d.login("ivanova.m", "a brand new passphrase").unwrap();
}

#[test]
fn login_reminder_goes_only_to_a_confirmed_contact() {
    let s = setup();
    let d = &s.f.diary;
    d.request_login_reminder(ContactKind::Email, "m@example.ru")
        .unwrap();
    assert!(s.outbox.take().is_empty());
    confirm_email(&s, "m@example.ru");
    d.request_login_reminder(ContactKind::Email, " M@example.RU ")
        .unwrap();
    let sent = s.outbox.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].purpose, Purpose::ForgotLogin);
    assert!(sent[0].text.contains("ivanova.m"));
    // Garbage gets the same quiet answer.
    d.request_login_reminder(ContactKind::Phone, "garbage")
        .unwrap();
    assert!(s.outbox.take().is_empty());
}

#[test]
fn without_a_host_delivery_requests_are_refused_clearly() {
    let f = in_memory();
    let d = &f.diary;
    let cred = d
        .issue_credentials(&Actor::vouched(f.teacher), f.mother)
        .unwrap();
    let s = d.login(&cred.login, &cred.temporary_password).unwrap();
    d.change_password(&s.token, &cred.temporary_password, PASSWORD)
        .unwrap();
    let token = d.login(&cred.login, PASSWORD).unwrap().token;
    let e = d
        .set_contact(&token, PASSWORD, ContactKind::Email, "m@example.ru")
        .unwrap_err();
    assert_eq!(e.field(), Some("delivery"));
}

#[test]
fn recovery_requests_are_throttled() {
    let s = setup();
    let d = &s.f.diary;
    for _ in 0..5 {
        d.set_contact(&s.token, PASSWORD, ContactKind::Phone, "+79161234567")
            .unwrap();
    }
    let e = d
        .set_contact(&s.token, PASSWORD, ContactKind::Phone, "+79161234567")
        .unwrap_err();
    assert_eq!(e.field(), Some("code"));
    assert_eq!(s.outbox.take().len(), 5);
    // An hour later codes may be requested again.
    s.clock.advance(Duration::minutes(61));
    d.set_contact(&s.token, PASSWORD, ContactKind::Phone, "+79161234567")
        .unwrap();
    let code = s.outbox.take()[0].secret.clone().unwrap();
    d.confirm_contact(&s.token, ContactKind::Phone, &code)
        .unwrap();

    // Reset requests: at most five messages to one address an hour (the
    // confirmation code above was the first), then the same quiet answer.
    for _ in 0..7 {
        d.request_password_reset("ivanova.m").unwrap();
    }
    assert_eq!(s.outbox.take().len(), 4);
    s.clock.advance(Duration::minutes(61));
    d.request_password_reset("ivanova.m").unwrap();
    assert_eq!(s.outbox.take().len(), 1);
}

#[test]
fn no_address_gets_more_than_five_requested_messages_an_hour() {
    let s = setup();
    let d = &s.f.diary;
    d.set_contact(&s.token, PASSWORD, ContactKind::Phone, "+79161234567")
        .unwrap();
    let code = s.outbox.take()[0].secret.clone().unwrap();
    d.confirm_contact(&s.token, ContactKind::Phone, &code)
        .unwrap();
    s.clock.advance(Duration::minutes(61));
    for _ in 0..20 {
        d.request_login_reminder(ContactKind::Phone, "+7 916 123-45-67")
            .unwrap();
    }
    assert_eq!(s.outbox.take().len(), 5, "DELIVERIES_PER_HOUR");
    s.clock.advance(Duration::minutes(61));
    d.request_login_reminder(ContactKind::Phone, "+79161234567")
        .unwrap();
    assert_eq!(s.outbox.take().len(), 1);
}

#[test]
fn wrong_current_passwords_lock_the_account_like_logins() {
    let s = setup();
    let d = &s.f.diary;
    for _ in 0..30 {
        let e = d
            .change_password(&s.token, "wrong guess 1", "another good secret")
            .unwrap_err();
        assert_eq!(e, Error::AuthenticationFailed);
    }
    // Locked now: even the right password is refused, here and at login.
    assert_eq!(
        d.set_contact(&s.token, PASSWORD, ContactKind::Email, "m@example.ru")
            .unwrap_err(),
        Error::AuthenticationFailed
    );
    assert_eq!(
        d.login("ivanova.m", PASSWORD).unwrap_err(),
        Error::AuthenticationFailed
    );
}

#[test]
fn contacts_need_a_live_unrestricted_session() {
    let s = setup();
    let d = &s.f.diary;
    // A first-login session may only set a new password.
    let cred = d
        .issue_credentials(&Actor::vouched(s.f.teacher), s.f.student)
        .unwrap();
    let first = d.login(&cred.login, &cred.temporary_password).unwrap();
    assert!(matches!(
        d.set_contact(
            &first.token,
            &cred.temporary_password,
            ContactKind::Email,
            "i@example.ru"
        ),
        Err(Error::AccessDenied(_))
    ));
    // A session idle for more than eight hours is over.
    s.clock.advance(Duration::hours(9));
    assert!(matches!(
        d.set_contact(&s.token, PASSWORD, ContactKind::Email, "m@example.ru"),
        Err(Error::AuthenticationFailed)
    ));
    assert!(s.outbox.take().is_empty());
}

#[test]
fn a_trusted_person_is_invited_by_surname_and_confirmed_phone() {
    let s = setup();
    let d = &s.f.diary;
    let granny = d
        .register_person(
            &s.f.admin,
            s.f.school,
            &person(
                "Фёдорова",
                "Анна",
                time::macros::date!(1955 - 05 - 05),
                None,
            ),
        )
        .unwrap()
        .id;
    let invite = |surname: &str, invitee: InviteeId| {
        d.invite_trusted_person(
            &Actor::vouched(s.f.mother),
            &NewInvitation {
                student: s.f.student,
                surname: surname.into(),
                invitee,
                services: Services::DIARY,
                until: None,
                window_days: None,
            },
        )
    };
    let phone = || InviteeId::Phone("8 (916) 555-44-33".into());
    // Without an account (and so without a confirmed phone) she cannot be
    // invited; the error is the one an unknown number gets.
    let unknown = invite("Фёдорова", phone()).unwrap_err();
    assert_eq!(unknown.field(), Some("invitee"));
    assert!(invite("Фёдорова", InviteeId::Phone("12".into())).is_err());

    let cred = d.issue_credentials(&s.f.admin, granny).unwrap();
    let t = d.login(&cred.login, &cred.temporary_password).unwrap();
    d.change_password(
        &t.token,
        &cred.temporary_password,
        "granny's own passphrase",
    )
    .unwrap();
    let token = d
        .login(&cred.login, "granny's own passphrase")
        .unwrap()
        .token;
    d.set_contact(
        &token,
        "granny's own passphrase",
        ContactKind::Phone,
        "+79165554433",
    )
    .unwrap();
    // Unconfirmed, the number does not identify her yet.
    assert_eq!(
        invite("Фёдорова", phone()).unwrap_err().to_string(),
        unknown.to_string()
    );
    let code = s.outbox.take().pop().unwrap().secret.unwrap();
    d.confirm_contact(&token, ContactKind::Phone, &code)
        .unwrap();

    // A wrong surname gets the same error as an unknown number.
    assert_eq!(
        invite("Петрова", phone()).unwrap_err().to_string(),
        unknown.to_string()
    );
    // Case and ё/е do not matter.
    let g = invite("ФЕДОРОВА", phone()).unwrap();
    assert_eq!(g.invitee, granny);
    assert_eq!(d.my_invitations(&Actor::vouched(granny)).unwrap().len(), 1);
}

#[test]
fn families_contacts_are_seen_by_the_class_teacher_and_admins_only() {
    let s = setup();
    let d = &s.f.diary;
    confirm_email(&s, "Maria@Example.ru");
    let mine = d.my_contacts(&s.token).unwrap();
    assert_eq!(mine.person, s.f.mother);
    assert_eq!(
        mine.email.as_deref(),
        Some("Maria@example.ru"),
        "domain lower-cased"
    );
    assert_eq!(mine.phone, None);
    for who in [s.f.admin, Actor::vouched(s.f.teacher)] {
        let family = d.family_contacts(&who, s.f.student).unwrap();
        assert_eq!(family.len(), 2);
        assert_eq!(family[0].person, s.f.student);
        assert_eq!(family[1].relation, Some(Relation::Mother));
        assert_eq!(family[1].email, mine.email);
    }
    // The student and the mother herself do not read the family list, and
    // the refusals are logged.
    for who in [s.f.student, s.f.mother] {
        assert!(matches!(
            d.family_contacts(&Actor::vouched(who), s.f.student),
            Err(Error::AccessDenied(_))
        ));
    }
    let log = d.access_log_of_child(&s.f.admin, s.f.student).unwrap();
    let reads: Vec<_> = log
        .iter()
        .filter(|e| e.data_kind == "contacts")
        .map(|e| e.allowed)
        .collect();
    assert_eq!(reads, vec![true, true, false, false]);
}
