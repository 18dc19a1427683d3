//! Meals (D14): menus with prices in kopecks and allergens, orders before
//! the school's cut-off, meals served and charged, payments counted once,
//! balance, statement and the low-balance notification; refusals.

mod common;

use common::world::{school, trusted_nanny, TestSchool};
use diary_core::delivery::Notifier;
use diary_core::*;
use std::sync::{Arc, Mutex};
use time::macros::{date, datetime};
use time::Duration;

/// Monday after the clock's Friday.
const MONDAY: time::Date = date!(2024 - 09 - 23);

#[derive(Default, Debug)]
struct Recorder(Mutex<Vec<Notification>>);

impl Notifier for Recorder {
    fn notify(&self, n: &Notification) -> std::result::Result<(), String> {
        self.0.lock().unwrap().push(n.clone());
        Ok(())
    }
}

struct World {
    d: Diary,
    clock: Arc<ManualClock>,
    s: TestSchool,
    other: TestSchool,
    lunch: Menu,
}

fn lunch() -> Vec<MenuItem> {
    vec![
        MenuItem {
            name: "Борщ".into(),
            price: 8_550,
            allergens: vec!["celery".into()],
        },
        MenuItem {
            name: "Котлета с пюре".into(),
            price: 12_000,
            allergens: vec!["gluten".into(), "eggs".into(), "milk".into()],
        },
        MenuItem {
            name: "Компот".into(),
            price: 1_999,
            allergens: Vec::new(),
        },
    ]
}

fn world() -> World {
    // Friday 20 September, 10:00 UTC = 13:00 in Moscow.
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let s = school(&d, "A", 100_000, None);
    let other = school(&d, "B", 200_000, None);
    let lunch = d
        .publish_menu(
            &Actor::vouched(s.admin),
            &NewMenu {
                school: s.ids.school,
                day: MONDAY,
                meal: MealKind::Lunch,
                items: lunch(),
            },
        )
        .unwrap();
    World {
        d,
        clock,
        s,
        other,
        lunch,
    }
}

#[test]
fn a_menu_keeps_exact_prices_and_allergens() {
    let w = world();
    assert_eq!(w.lunch.price, 8_550 + 12_000 + 1_999);
    assert_eq!(w.lunch.items[1].allergens, ["gluten", "eggs", "milk"]);
    let mother = Actor::vouched(w.s.ids.mother);
    let menus =
        w.d.menus_for(&mother, w.s.ids.student, MONDAY, MONDAY)
            .unwrap();
    assert_eq!(menus, vec![w.lunch.clone()]);
    let staff =
        w.d.school_menus(
            &Actor::vouched(w.s.ids.teacher),
            w.s.ids.school,
            MONDAY,
            MONDAY,
        )
        .unwrap();
    assert_eq!(staff, menus);
    // Republished before anyone ordered: replaced, same id.
    let mut fewer = lunch();
    fewer.pop();
    let again =
        w.d.publish_menu(
            &Actor::operator(),
            &NewMenu {
                school: w.s.ids.school,
                day: MONDAY,
                meal: MealKind::Lunch,
                items: fewer,
            },
        )
        .unwrap();
    assert_eq!(
        (again.id, again.items.len(), again.price),
        (w.lunch.id, 2, 20_550)
    );
}

#[test]
fn bad_menus_and_settings_are_refused_and_store_nothing() {
    let w = world();
    let admin = Actor::vouched(w.s.admin);
    let item = |f: &dyn Fn(&mut MenuItem)| {
        let mut items = lunch();
        f(&mut items[1]);
        items
    };
    let cases: Vec<(Vec<MenuItem>, &str)> = vec![
        (Vec::new(), "items"),
        (vec![lunch()[0].clone(); 31], "items"),
        (item(&|i| i.price = -1), "items[1].price"),
        (item(&|i| i.price = 10_000_001), "items[1].price"),
        (item(&|i| i.price = i64::MIN), "items[1].price"),
        (item(&|i| i.name = String::new()), "items[1].name"),
        (item(&|i| i.name = "Суп\u{202e}".into()), "items[1].name"),
        (item(&|i| i.name = "a\u{200b}b".into()), "items[1].name"),
        (item(&|i| i.name = "x".repeat(201)), "items[1].name"),
        (
            item(&|i| i.allergens = vec!["cheese".into()]),
            "items[1].allergens",
        ),
    ];
    for (items, field) in cases {
        let got = w.d.publish_menu(
            &admin,
            &NewMenu {
                school: w.s.ids.school,
                day: MONDAY + Duration::days(1),
                meal: MealKind::Breakfast,
                items,
            },
        );
        match got {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(
        w.d.school_menus(&admin, w.s.ids.school, MONDAY, MONDAY + Duration::days(1))
            .unwrap()
            .len(),
        1
    );
    let settings = |days: u32, time: &str, low: i64| MealSettings {
        cutoff_days: days,
        cutoff_time: time.into(),
        low_balance: low,
    };
    for (s, field) in [
        (settings(15, "10:00", 0), "cutoff_days"),
        (settings(1, "24:00", 0), "cutoff_time"),
        (settings(1, "9:00am", 0), "cutoff_time"),
        (settings(1, "10:00", -1), "low_balance"),
        (settings(1, "10:00", 100_000_001), "low_balance"),
    ] {
        match w.d.set_meal_settings(&admin, w.s.ids.school, &s) {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(
        w.d.meal_settings(&admin, w.s.ids.school).unwrap(),
        MealSettings::default()
    );
}

#[test]
fn orders_close_at_the_cut_off_and_are_priced_when_placed() {
    let w = world();
    let mother = Actor::vouched(w.s.ids.mother);
    let child = w.s.ids.student;
    // Default cut-off: the day before at 14:00 local (Sunday 11:00 UTC).
    let o =
        w.d.order_meal(&mother, child, w.lunch.id, Some(&[0, 2, 0]))
            .unwrap();
    assert_eq!(
        (o.items.clone(), o.price, o.status),
        (vec![0, 2], 10_549, MealOrderStatus::Ordered)
    );
    assert!(matches!(
        w.d.order_meal(&mother, child, w.lunch.id, None),
        Err(Error::Conflict(_))
    ));
    for bad in [&[][..], &[3][..], &[u32::MAX][..]] {
        assert!(matches!(
            w.d.order_meal(&mother, child, w.lunch.id, Some(bad)),
            Err(Error::InvalidInput { ref field, .. }) if field == "items"
        ));
    }
    // A menu with a live order is not replaced under it.
    assert!(matches!(
        w.d.publish_menu(
            &Actor::vouched(w.s.admin),
            &NewMenu {
                school: w.s.ids.school,
                day: MONDAY,
                meal: MealKind::Lunch,
                items: lunch()
            }
        ),
        Err(Error::Conflict(_))
    ));
    let c = w.d.cancel_meal_order(&mother, o.id).unwrap();
    assert_eq!(c.status, MealOrderStatus::Cancelled);
    assert!(matches!(
        w.d.cancel_meal_order(&mother, o.id),
        Err(Error::Conflict(_))
    ));
    // After the cut-off the family can neither order nor cancel; the
    // school still can.
    let o = w.d.order_meal(&mother, child, w.lunch.id, None).unwrap();
    w.clock.set(datetime!(2024-09-22 11:00 UTC));
    assert!(matches!(
        w.d.cancel_meal_order(&mother, o.id),
        Err(Error::Conflict(_))
    ));
    let admin = Actor::vouched(w.s.admin);
    w.d.cancel_meal_order(&admin, o.id).unwrap();
    assert!(matches!(
        w.d.order_meal(&mother, child, w.lunch.id, None),
        Err(Error::Conflict(_))
    ));
    w.d.order_meal(&admin, child, w.lunch.id, None).unwrap();
    // A school with a same-day cut-off at 09:00.
    w.d.set_meal_settings(
        &admin,
        w.s.ids.school,
        &MealSettings {
            cutoff_days: 0,
            cutoff_time: "09:00".into(),
            low_balance: 0,
        },
    )
    .unwrap();
    let tuesday =
        w.d.publish_menu(
            &admin,
            &NewMenu {
                school: w.s.ids.school,
                day: MONDAY + Duration::days(1),
                meal: MealKind::Breakfast,
                items: lunch(),
            },
        )
        .unwrap();
    w.clock.set(datetime!(2024-09-24 05:59 UTC));
    w.d.order_meal(&mother, child, tuesday.id, None).unwrap();
    let orders =
        w.d.meal_orders(&mother, child, MONDAY, MONDAY + Duration::days(1))
            .unwrap();
    assert_eq!(orders.len(), 4);
    assert_eq!(
        orders
            .iter()
            .filter(|o| o.status == MealOrderStatus::Cancelled)
            .count(),
        2
    );
}

#[test]
fn payments_charges_refunds_and_the_statement_add_up_exactly() {
    let w = world();
    let recorder = Arc::new(Recorder::default());
    w.d.set_notifier(Some(recorder.clone()));
    let op = Actor::operator();
    let admin = Actor::vouched(w.s.admin);
    let mother = Actor::vouched(w.s.ids.mother);
    let child = w.s.ids.student;
    w.d.set_meal_settings(
        &admin,
        w.s.ids.school,
        &MealSettings {
            cutoff_days: 1,
            cutoff_time: "14:00".into(),
            low_balance: 20_000,
        },
    )
    .unwrap();
    assert_eq!(
        w.d.record_meal_payment(&op, child, 50_000, "sbp:2024-0001")
            .unwrap(),
        50_000
    );
    // The provider retries its callback: counted once.
    assert_eq!(
        w.d.record_meal_payment(&op, child, 50_000, "sbp:2024-0001")
            .unwrap(),
        50_000
    );
    {
        let (amount, r) = (40_000, "sbp:2024-0001");
        assert!(matches!(
            w.d.record_meal_payment(&op, child, amount, r),
            Err(Error::Conflict(_))
        ));
    }
    for (amount, r, field) in [
        (0, "x", "amount"),
        (-5, "x", "amount"),
        (100_000_001, "x", "amount"),
        (i64::MAX, "x", "amount"),
        (100, "", "reference"),
        (100, "a\u{202e}b", "reference"),
    ] {
        match w.d.record_meal_payment(&op, child, amount, r) {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let order = w.d.order_meal(&mother, child, w.lunch.id, None).unwrap();
    w.clock.set(datetime!(2024-09-23 09:30 UTC));
    // Served: 225.49 ₽ charged, 274.51 ₽ left — above the threshold.
    let served =
        w.d.record_meal_served(&op, child, w.lunch.id, None)
            .unwrap();
    assert_eq!(
        (served.id, served.status),
        (order.id, MealOrderStatus::Served)
    );
    assert!(matches!(
        w.d.record_meal_served(&op, child, w.lunch.id, None),
        Err(Error::Conflict(_))
    ));
    assert_eq!(w.d.meal_balance(&mother, child).unwrap(), 50_000 - 22_549);
    assert!(recorder.0.lock().unwrap().is_empty());
    // A breakfast served without an order (two dishes) crosses 200 ₽.
    let breakfast =
        w.d.publish_menu(
            &admin,
            &NewMenu {
                school: w.s.ids.school,
                day: MONDAY,
                meal: MealKind::Breakfast,
                items: lunch(),
            },
        )
        .unwrap();
    let b =
        w.d.record_meal_served(&admin, child, breakfast.id, Some(&[0, 1]))
            .unwrap();
    assert_eq!((b.price, b.ordered_by), (20_550, None));
    let balance = 50_000 - 22_549 - 20_550;
    assert_eq!(w.d.meal_balance(&mother, child).unwrap(), balance);
    let told = recorder.0.lock().unwrap().clone();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(
        (told[0].to, told[0].event, told[0].child),
        (
            w.s.ids.mother,
            NotificationEvent::LowMealBalance,
            Some(child)
        )
    );
    assert!(told[0].title.contains("69.01"), "{}", told[0].title);
    // The breakfast is refunded once.
    assert_eq!(w.d.refund_meal(&admin, b.id).unwrap(), balance + 20_550);
    assert!(matches!(
        w.d.refund_meal(&admin, b.id),
        Err(Error::Conflict(_))
    ));
    // September's statement; October opens where it closed.
    let sept =
        w.d.meal_statement(&mother, child, date!(2024 - 09 - 05))
            .unwrap();
    assert_eq!(sept.month, date!(2024 - 09 - 01));
    assert_eq!(
        (sept.opening, sept.topped_up, sept.charged, sept.refunded),
        (0, 50_000, 43_099, 20_550)
    );
    assert_eq!(sept.closing, 50_000 - 43_099 + 20_550);
    assert_eq!(sept.entries.len(), 4);
    let oct =
        w.d.meal_statement(&mother, child, date!(2024 - 10 - 31))
            .unwrap();
    assert_eq!(
        (oct.opening, oct.closing, oct.entries.len()),
        (sept.closing, sept.closing, 0)
    );
}

#[test]
fn who_may_manage_order_and_read() {
    let w = world();
    let s = &w.s;
    let child = s.ids.student;
    let mother = Actor::vouched(s.ids.mother);
    let refused = |r: Result<_>| -> Error {
        match r {
            Err(e @ (Error::AccessDenied(_) | Error::NotFound { .. })) => e,
            other => panic!("expected a refusal, got {:?}", other.map(|_: i64| ())),
        }
    };
    // Families and teachers do not manage meals.
    for who in [s.ids.mother, s.ids.teacher, child] {
        let a = Actor::vouched(who);
        refused(w.d.record_meal_payment(&a, child, 100, "r1"));
        refused(
            w.d.record_meal_served(&a, child, w.lunch.id, None)
                .map(|_| 0),
        );
        refused(
            w.d.set_meal_settings(&a, s.ids.school, &MealSettings::default())
                .map(|_| 0),
        );
    }
    // The child does not order; a teacher does not read the balance.
    refused(
        w.d.order_meal(&Actor::vouched(child), child, w.lunch.id, None)
            .map(|_| 0),
    );
    refused(w.d.meal_balance(&Actor::vouched(s.ids.teacher), child));
    // Another school's admin, teacher and mother name the child, the menu
    // and an order: "not found", as missing ids are.
    let order = w.d.order_meal(&mother, child, w.lunch.id, None).unwrap();
    for who in [w.other.admin, w.other.ids.teacher, w.other.ids.mother] {
        let a = Actor::vouched(who);
        for got in [
            refused(w.d.meal_balance(&a, child)),
            refused(w.d.record_meal_payment(&a, child, 100, "r2")),
            refused(
                w.d.record_meal_served(&a, child, w.lunch.id, None)
                    .map(|_| 0),
            ),
            refused(w.d.order_meal(&a, child, w.lunch.id, None).map(|_| 0)),
            refused(w.d.cancel_meal_order(&a, order.id).map(|_| 0)),
            refused(w.d.refund_meal(&a, order.id)),
            refused(w.d.meal_statement(&a, child, MONDAY).map(|_| 0)),
        ] {
            assert!(matches!(got, Error::NotFound { .. }), "{got:?}");
        }
    }
    // The other school's mother orders our menu for her own child: the
    // menu is "not found" for her.
    let got = w.d.order_meal(
        &Actor::vouched(w.other.ids.mother),
        w.other.ids.student,
        w.lunch.id,
        None,
    );
    assert!(
        matches!(got, Err(Error::NotFound { entity, .. }) if entity == "menu"),
        "{got:?}"
    );
    assert_eq!(
        w.d.meal_orders(&mother, child, MONDAY, MONDAY)
            .unwrap()
            .len(),
        1
    );
    // Refusals are in the log.
    let log = w.d.access_log_of_child(&mother, child).unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == Some(s.ids.teacher) && e.data_kind == "meals" && !e.allowed));
    let _ = &w.clock;
}

#[test]
fn a_trusted_person_granted_meals_reads_but_does_not_order() {
    let w = world();
    let nanny = trusted_nanny(&w.d, &w.s, Services::NONE.with(Service::Meals), 100_060);
    let n = Actor::vouched(nanny);
    assert_eq!(w.d.meal_balance(&n, w.s.ids.student).unwrap(), 0);
    assert_eq!(
        w.d.menus_for(&n, w.s.ids.student, MONDAY, MONDAY)
            .unwrap()
            .len(),
        1
    );
    assert!(matches!(
        w.d.order_meal(&n, w.s.ids.student, w.lunch.id, None),
        Err(Error::AccessDenied(_))
    ));
    assert!(w.d.presence(&n, w.s.ids.student, MONDAY, MONDAY).is_err());
    let g =
        w.d.trusted_grants(&Actor::vouched(w.s.ids.mother), w.s.ids.student)
            .unwrap()
            .into_iter()
            .find(|g| g.invitee == nanny)
            .unwrap();
    w.d.revoke_grant(&Actor::vouched(w.s.ids.mother), g.id)
        .unwrap();
    assert!(matches!(
        w.d.meal_balance(&n, w.s.ids.student),
        Err(Error::NotFound { .. })
    ));
}
