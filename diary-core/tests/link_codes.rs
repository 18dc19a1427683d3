//! Parents' one-time link codes (A5), installation account settings, the
//! access-log record of credential resets, and what a failing host delivery
//! leaves behind (nothing).

mod common;

use common::*;
use diary_core::delivery::{Delivery, Message, Purpose};
use diary_core::*;
use std::sync::{Arc, Mutex, OnceLock};
use time::macros::{date, datetime};
use time::Duration;

fn manual() -> (Fixture, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-02 08:00 UTC)));
    let f = build(common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    }));
    (f, clock)
}

fn register(f: &Fixture, surname: &str, first: &str) -> PersonId {
    f.diary
        .register_person(
            &f.admin,
            f.school,
            &person(surname, first, date!(1980 - 01 - 01), None),
        )
        .unwrap()
        .id
}

#[test]
fn a_parent_links_a_child_with_a_one_time_code() {
    let (f, clock) = manual();
    let d = &f.diary;
    let father = register(&f, "Ivanov", "Pyotr");
    let teacher = Actor::vouched(f.teacher);

    // The class teacher issues it; the child's legal link comes with it.
    let code = d
        .issue_link_code(&teacher, f.student, Relation::Father, true)
        .unwrap();
    assert_eq!(code.code.len(), 14);
    assert_eq!(code.expires_at, clock.now() + Duration::days(14));
    assert!(d
        .children(&Actor::vouched(father), father)
        .unwrap()
        .is_empty());

    // Typed in lower case without hyphens, it still works — once.
    let typed = code.code.replace('-', "").to_lowercase();
    let link = d.redeem_link_code(&Actor::vouched(father), &typed).unwrap();
    assert_eq!(
        link,
        Guardianship {
            student: f.student,
            guardian: father,
            relation: Relation::Father,
            legal_representative: true,
        }
    );
    let children = d.children(&Actor::vouched(father), father).unwrap();
    assert_eq!(children.len(), 1);
    // The father now reads the child's record like any guardian.
    d.guardians(&Actor::vouched(father), f.student).unwrap();

    let other = register(&f, "Petrova", "Anna");
    let e = d
        .redeem_link_code(&Actor::vouched(other), &code.code)
        .unwrap_err();
    assert_eq!(e.field(), Some("code"), "{e}");
    assert!(d
        .children(&Actor::vouched(other), other)
        .unwrap()
        .is_empty());

    // The link is in the child's access log, as the guardian's own write.
    let log = d.access_log_of_child(&f.admin, f.student).unwrap();
    assert!(log.iter().any(|e| e.actor == Some(father)
        && e.data_kind == "guardians"
        && e.action == "write"
        && e.acting_as == "legal_representative"));
    assert!(log
        .iter()
        .any(|e| e.actor == Some(f.teacher) && e.data_kind == "link_code" && e.allowed));
}

#[test]
fn a_code_expires_and_only_the_school_issues_one() {
    let (f, clock) = manual();
    let d = &f.diary;
    let father = register(&f, "Ivanov", "Pyotr");
    // The mother, the student and an unrelated person may not issue codes;
    // each refusal is logged.
    for who in [f.mother, f.student, father] {
        let e = d
            .issue_link_code(&Actor::vouched(who), f.student, Relation::Other, false)
            .unwrap_err();
        // The unrelated person (registered, not a member) is told the
        // child does not exist; family members are refused.
        assert!(
            matches!(e, Error::AccessDenied(_) | Error::NotFound { .. }),
            "{e}"
        );
    }
    let refused = d
        .access_log_of_child(&f.admin, f.student)
        .unwrap()
        .into_iter()
        .filter(|e| e.data_kind == "link_code" && !e.allowed)
        .count();
    assert_eq!(refused, 3);
    // A person not enrolled anywhere gets no code.
    let e = d
        .issue_link_code(&f.admin, father, Relation::Other, false)
        .unwrap_err();
    assert_eq!(e.field(), Some("student"));

    let code = d
        .issue_link_code(&f.admin, f.student, Relation::Other, false)
        .unwrap();
    clock.advance(Duration::days(14));
    let e = d
        .redeem_link_code(&Actor::vouched(father), &code.code)
        .unwrap_err();
    assert_eq!(e.field(), Some("code"));
    // The operator is not a person and cannot redeem.
    assert!(matches!(
        d.redeem_link_code(&Actor::operator(), &code.code),
        Err(Error::AccessDenied(_))
    ));
}

#[test]
fn guessing_link_codes_is_throttled() {
    let (f, clock) = manual();
    let d = &f.diary;
    let father = register(&f, "Ivanov", "Pyotr");
    let me = Actor::vouched(father);
    let code = d
        .issue_link_code(&f.admin, f.student, Relation::Father, false)
        .unwrap();
    for _ in 0..10 {
        assert!(d.redeem_link_code(&me, "AAAA-BBBB-CCCC").is_err());
    }
    // The right code is refused too while the limit holds …
    let e = d.redeem_link_code(&me, &code.code).unwrap_err();
    assert!(e.to_string().contains("too many"), "{e}");
    // … and works an hour later.
    clock.advance(Duration::hours(1));
    d.redeem_link_code(&me, &code.code).unwrap();
}

#[test]
fn the_operator_sets_account_lifetimes() {
    let (f, clock) = manual();
    let d = &f.diary;
    assert_eq!(d.account_settings().unwrap(), AccountSettings::default());
    let new = AccountSettings {
        temporary_password_days: 3,
        reset_token_minutes: 15,
        link_code_days: 2,
    };
    for who in [f.admin, Actor::vouched(f.teacher)] {
        assert!(matches!(
            d.set_account_settings(&who, &new),
            Err(Error::AccessDenied(_))
        ));
    }
    for (bad, field) in [
        (
            AccountSettings {
                temporary_password_days: 0,
                ..new
            },
            "temporary_password_days",
        ),
        (
            AccountSettings {
                reset_token_minutes: 1441,
                ..new
            },
            "reset_token_minutes",
        ),
        (
            AccountSettings {
                link_code_days: 91,
                ..new
            },
            "link_code_days",
        ),
    ] {
        let e = d.set_account_settings(&f.op, &bad).unwrap_err();
        assert_eq!(e.field(), Some(field));
    }
    assert_eq!(d.account_settings().unwrap(), AccountSettings::default());
    d.set_account_settings(&f.op, &new).unwrap();
    assert_eq!(d.account_settings().unwrap(), new);

    let cred = d
        .issue_credentials(&Actor::vouched(f.teacher), f.mother)
        .unwrap();
    assert_eq!(cred.expires_at, clock.now() + Duration::days(3));
    let code = d
        .issue_link_code(&f.admin, f.student, Relation::Other, false)
        .unwrap();
    assert_eq!(code.expires_at, clock.now() + Duration::days(2));
}

#[test]
fn a_reset_by_the_school_is_recorded() {
    let (f, _) = manual();
    let d = &f.diary;
    d.issue_credentials(&Actor::vouched(f.teacher), f.mother)
        .unwrap();
    d.issue_credentials(&f.admin, f.student).unwrap();
    assert!(d
        .issue_credentials(&Actor::vouched(f.mother), f.student)
        .is_err());
    let log = d.access_log_of_school(&f.admin, f.school).unwrap();
    let issued: Vec<_> = log
        .iter()
        .filter(|e| e.data_kind == "credentials")
        .map(|e| (e.actor, e.child, e.acting_as.as_str(), e.allowed))
        .collect();
    assert_eq!(
        issued,
        vec![
            (Some(f.teacher), Some(f.mother), "class_teacher", true),
            (
                Some(f.admin.person().unwrap()),
                Some(f.student),
                "school_admin",
                true
            ),
            (
                Some(f.mother),
                Some(f.student),
                "legal_representative",
                false
            ),
        ]
    );
}

/// A delivery that fails while `failing` is set, and records what it sent.
#[derive(Debug, Default)]
struct Flaky {
    failing: Mutex<bool>,
    sent: Mutex<Vec<Message>>,
}

impl Delivery for Flaky {
    fn deliver(&self, m: &Message) -> std::result::Result<(), String> {
        if *self.failing.lock().unwrap() {
            return Err("smtp down".into());
        }
        self.sent.lock().unwrap().push(m.clone());
        Ok(())
    }
}

const PASSWORD: &str = "correct horse battery";

#[test]
fn a_failed_delivery_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.diary");
    let flaky = Arc::new(Flaky::default());
    let f = build(
        Diary::open_with(
            &path,
            OpenOptions {
                delivery: Some(flaky.clone()),
                ..OpenOptions::default()
            },
        )
        .unwrap(),
    );
    let d = &f.diary;
    let cred = d
        .issue_credentials(&Actor::vouched(f.teacher), f.mother)
        .unwrap();
    let s = d.login(&cred.login, &cred.temporary_password).unwrap();
    d.change_password(&s.token, &cred.temporary_password, PASSWORD)
        .unwrap();
    let token = d.login(&cred.login, PASSWORD).unwrap().token;

    *flaky.failing.lock().unwrap() = true;
    let before = snapshot(&path);
    let e = d
        .set_contact(&token, PASSWORD, ContactKind::Email, "m@example.ru")
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::DeliveryFailed, "{e}");
    assert_eq!(
        snapshot(&path),
        before,
        "no code stored for an unsent message"
    );

    // Confirm an address, then fail the notice to the old one on a change:
    // the contact stays as it was.
    *flaky.failing.lock().unwrap() = false;
    d.set_contact(&token, PASSWORD, ContactKind::Email, "m@example.ru")
        .unwrap();
    let code = flaky.sent.lock().unwrap().pop().unwrap().secret.unwrap();
    d.confirm_contact(&token, ContactKind::Email, &code)
        .unwrap();
    d.set_contact(&token, PASSWORD, ContactKind::Email, "new@example.ru")
        .unwrap();
    let code = flaky.sent.lock().unwrap().pop().unwrap().secret.unwrap();
    *flaky.failing.lock().unwrap() = true;
    let before = snapshot(&path);
    let e = d
        .confirm_contact(&token, ContactKind::Email, &code)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::DeliveryFailed);
    assert_eq!(snapshot(&path), before);

    // An anonymous reset request keeps its quiet answer and stores no token.
    let before = snapshot(&path);
    d.request_password_reset(&cred.login).unwrap();
    assert_eq!(snapshot(&path), before);
    *flaky.failing.lock().unwrap() = false;
    d.request_password_reset(&cred.login).unwrap();
    let reset = flaky.sent.lock().unwrap().pop().unwrap();
    assert_eq!(reset.purpose, Purpose::PasswordReset);
}

/// A delivery that calls back into the diary it delivers for.
#[derive(Debug, Default)]
struct Reentrant {
    diary: OnceLock<Arc<Diary>>,
    inner: Mutex<Option<Result<AccountSettings>>>,
}

impl Delivery for Reentrant {
    fn deliver(&self, _: &Message) -> std::result::Result<(), String> {
        let r = self.diary.get().unwrap().account_settings();
        *self.inner.lock().unwrap() = Some(r);
        Ok(())
    }
}

#[test]
fn a_delivery_calling_back_gets_an_error_not_a_deadlock() {
    let hook = Arc::new(Reentrant::default());
    let f = build(common::fresh_diary(OpenOptions {
        delivery: Some(hook.clone()),
        ..OpenOptions::default()
    }));
    let cred = f
        .diary
        .issue_credentials(&Actor::vouched(f.teacher), f.mother)
        .unwrap();
    let d = Arc::new(f.diary);
    hook.diary.set(d.clone()).unwrap();
    let s = d.login(&cred.login, &cred.temporary_password).unwrap();
    d.change_password(&s.token, &cred.temporary_password, PASSWORD)
        .unwrap();
    let token = d.login(&cred.login, PASSWORD).unwrap().token;
    d.set_contact(&token, PASSWORD, ContactKind::Phone, "89161234567")
        .unwrap();
    let inner = hook.inner.lock().unwrap().take().unwrap();
    assert_eq!(inner.unwrap_err().field(), Some("delivery"));
    // Outside the delivery, the same call works.
    d.account_settings().unwrap();
}
