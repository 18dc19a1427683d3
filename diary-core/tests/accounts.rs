//! Issued credentials, the first-login change, sessions and throttling.

mod common;

use common::*;
use diary_core::*;
use std::sync::Arc;
use time::macros::datetime;
use time::Duration;

fn setup() -> (Fixture, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-02 08:00 UTC)));
    let f = build(common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    }));
    (f, clock)
}

#[test]
fn first_login_must_change_the_temporary_password() {
    let (f, _) = setup();
    let d = &f.diary;
    // The class teacher issues the student's credentials and the mother's.
    let teacher = Actor::vouched(f.teacher);
    let cred = d.issue_credentials(&teacher, f.student).unwrap();
    assert_eq!(cred.login, "ivanov.i");
    assert_eq!(cred.temporary_password.len(), 12);
    let mother = d.issue_credentials(&teacher, f.mother).unwrap();
    assert_eq!(mother.login, "ivanova.m");
    // Nobody else may.
    assert!(matches!(
        d.issue_credentials(&Actor::vouched(f.mother), f.student),
        Err(Error::AccessDenied(_))
    ));

    let s = d.login("Ivanov.I", &cred.temporary_password).unwrap();
    assert!(s.must_change_password);
    // The session allows nothing but the change.
    assert!(matches!(
        d.session_actor(&s.token),
        Err(Error::AccessDenied(_))
    ));
    assert_eq!(
        d.change_password(&s.token, &cred.temporary_password, "short")
            .unwrap_err()
            .field(),
        Some("password")
    );
    assert_eq!(
        d.change_password(&s.token, &cred.temporary_password, "ivanov.i forever")
            .unwrap_err()
            .field(),
        Some("password")
    );
    // Empty, 129 characters, 1 MB and a common password: each refused,
    // named, and the temporary password still works.
    for bad in [
        String::new(),
        "x".repeat(129),
        "y".repeat(1 << 20),
        "Sunshine1".into(),
    ] {
        let e = d
            .change_password(&s.token, &cred.temporary_password, &bad)
            .unwrap_err();
        assert_eq!(e.field(), Some("password"), "{e}");
    }
    assert!(d
        .change_password(&s.token, "wrong temporary", "correct horse battery")
        .is_err());
    d.change_password(&s.token, &cred.temporary_password, "correct horse battery")
        .unwrap();
    // Every session ends with the change; the new password works.
    assert!(d.session_actor(&s.token).is_err());
    let s = d.login("ivanov.i", "correct horse battery").unwrap();
    assert!(!s.must_change_password);
    assert_eq!(
        d.session_actor(&s.token).unwrap(),
        Actor::vouched(f.student)
    );
    assert!(d.login("ivanov.i", &cred.temporary_password).is_err());
    d.logout(&s.token).unwrap();
    assert!(matches!(
        d.session_actor(&s.token),
        Err(Error::AuthenticationFailed)
    ));
}

#[test]
fn sessions_expire_when_idle_and_at_their_end() {
    let (f, clock) = setup();
    let d = &f.diary;
    let cred = d.issue_credentials(&f.admin, f.student).unwrap();
    let s = d.login("ivanov.i", &cred.temporary_password).unwrap();
    d.change_password(&s.token, &cred.temporary_password, "correct horse battery")
        .unwrap();
    let s = d.login("ivanov.i", "correct horse battery").unwrap();
    clock.advance(Duration::hours(7));
    assert!(
        d.session_actor(&s.token).is_ok(),
        "used within the idle time"
    );
    clock.advance(Duration::hours(8) + Duration::seconds(1));
    assert!(
        matches!(d.session_actor(&s.token), Err(Error::AuthenticationFailed)),
        "idle too long"
    );
    let s = d.login("ivanov.i", "correct horse battery").unwrap();
    for _ in 0..31 {
        clock.advance(Duration::hours(7));
        let _ = d.session_actor(&s.token);
        clock.advance(Duration::hours(17));
    }
    assert!(
        matches!(d.session_actor(&s.token), Err(Error::AuthenticationFailed)),
        "past the absolute end"
    );
}

#[test]
fn temporary_passwords_expire() {
    let (f, clock) = setup();
    let cred = f.diary.issue_credentials(&f.admin, f.student).unwrap();
    clock.advance(Duration::days(15));
    assert!(matches!(
        f.diary.login("ivanov.i", &cred.temporary_password),
        Err(Error::AuthenticationFailed)
    ));
    // A reset issues a new one that works.
    let again = f.diary.issue_credentials(&f.admin, f.student).unwrap();
    assert_eq!(again.login, cred.login);
    assert!(f.diary.login("ivanov.i", &again.temporary_password).is_ok());
}

#[test]
fn failed_logins_lock_the_account_with_growing_delays() {
    let (f, clock) = setup();
    let d = &f.diary;
    let cred = d.issue_credentials(&f.admin, f.student).unwrap();
    for _ in 0..5 {
        assert!(matches!(
            d.login("ivanov.i", "wrong password"),
            Err(Error::AuthenticationFailed)
        ));
    }
    // Locked: even the right password is refused, with the same error.
    assert!(matches!(
        d.login("ivanov.i", &cred.temporary_password),
        Err(Error::AuthenticationFailed)
    ));
    clock.advance(Duration::seconds(61));
    // The first lock lasted a minute; one more failure locks for two.
    assert!(d.login("ivanov.i", "wrong password").is_err());
    clock.advance(Duration::seconds(61));
    assert!(
        d.login("ivanov.i", &cred.temporary_password).is_err(),
        "the next lock is longer"
    );
    clock.advance(Duration::seconds(60));
    assert!(
        d.login("ivanov.i", &cred.temporary_password).is_ok(),
        "and ends"
    );
    for _ in 0..5 {
        let _ = d.login("ivanov.i", "wrong password");
    }
    assert!(matches!(
        d.unlock_account(&Actor::vouched(f.teacher), f.student),
        Err(Error::AccessDenied(_))
    ));
    d.unlock_account(&f.admin, f.student).unwrap();
    assert!(
        d.login("ivanov.i", &cred.temporary_password).is_ok(),
        "an admin unlocks"
    );
    d.set_account_disabled(&f.admin, f.student, true).unwrap();
    assert!(
        d.login("ivanov.i", &cred.temporary_password).is_err(),
        "disabled"
    );
}

#[test]
fn unknown_logins_and_wrong_passwords_look_alike() {
    let (f, _) = setup();
    let d = &f.diary;
    d.issue_credentials(&f.admin, f.student).unwrap();
    let unknown = d.login("nobody.x", "some password").unwrap_err();
    let wrong = d.login("ivanov.i", "some password").unwrap_err();
    assert_eq!(unknown, wrong);
    // Comparable time: both run the same Argon2 work. Measured interleaved
    // over repeats and compared by median, since other tests share the CPU.
    let time = |login: &str| {
        let t = std::time::Instant::now();
        let _ = d.login(login, "some password");
        t.elapsed()
    };
    let (mut unknown_t, mut wrong_t) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        unknown_t.push(time("nobody.x"));
        wrong_t.push(time("ivanov.i"));
    }
    unknown_t.sort();
    wrong_t.sort();
    let (a, b) = (unknown_t[3], wrong_t[3]);
    let ratio = a.as_secs_f64() / b.as_secs_f64();
    assert!(
        (0.4..2.5).contains(&ratio),
        "median unknown {a:?} vs wrong {b:?}"
    );
    // A huge password is refused without hashing megabytes.
    assert!(matches!(
        d.login("ivanov.i", &"x".repeat(1 << 20)),
        Err(Error::AuthenticationFailed)
    ));
}

#[test]
fn users_list_and_revoke_their_own_sessions() {
    let (f, _) = setup();
    let d = &f.diary;
    let cred = d.issue_credentials(&f.admin, f.student).unwrap();
    let s = d.login("ivanov.i", &cred.temporary_password).unwrap();
    d.change_password(&s.token, &cred.temporary_password, "correct horse battery")
        .unwrap();
    let phone = d.login("ivanov.i", "correct horse battery").unwrap();
    let laptop = d.login("ivanov.i", "correct horse battery").unwrap();
    let list = d.my_sessions(&laptop.token).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    assert!(
        list.iter()
            .all(|s| s.id.len() == 16 && !phone.token.starts_with(&s.id)),
        "ids are not tokens"
    );
    let other = list.iter().find(|s| !s.current).unwrap().id.clone();
    d.revoke_my_session(&laptop.token, &other).unwrap();
    assert!(matches!(
        d.session_actor(&phone.token),
        Err(Error::AuthenticationFailed)
    ));
    assert!(d.session_actor(&laptop.token).is_ok());
    assert!(matches!(
        d.revoke_my_session(&laptop.token, "0000000000000000"),
        Err(Error::NotFound { .. })
    ));
}
