//! Property: in random families with random grants, nobody reads the marks
//! of a child they have no relation or active grant to, and every allowed
//! read is in the access log.

mod common;

use common::*;
use diary_core::grading::Ratio;
use diary_core::*;
use proptest::prelude::*;
use std::sync::Arc;
use time::macros::{date, datetime};
use time::Duration;

#[derive(Debug, Clone, Copy)]
enum Tie {
    None,
    Guardian { child: usize, legal: bool },
    Trusted { child: usize, answer: u8 },
}

fn tie() -> impl Strategy<Value = Tie> {
    prop_oneof![
        Just(Tie::None),
        (0usize..3, any::<bool>()).prop_map(|(child, legal)| Tie::Guardian { child, legal }),
        (0usize..3, 0u8..4).prop_map(|(child, answer)| Tie::Trusted { child, answer }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn reads_need_a_relation_and_are_logged(ties in prop::collection::vec(tie(), 1..5)) {
        let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
        let f = build(common::fresh_diary(OpenOptions { clock: clock.clone(), ..OpenOptions::default() }));
        let d = &f.diary;
        d.add_period(&f.admin, f.year, &NewPeriod { kind: PeriodKind::Quarter, name: "Q1".into(), start: date!(2024 - 09 - 02), end: date!(2024 - 10 - 25) }).unwrap();
        let kind = d.create_work_kind(&f.admin, f.school, &NewWorkKind { name: "Oral".into(), default_weight: Ratio::int(1), min_weight: Ratio::int(1), max_weight: Ratio::int(1) }).unwrap().id;
        d.assign_teacher(&f.admin, &NewAssignment { teacher: f.teacher, class: f.class_5a, group: None, subject: f.maths }).unwrap();
        let mut children = vec![f.student];
        for i in 0..2u32 {
            let id = d.register_person(&f.admin, f.school, &person(&format!("Child{i}"), "C", date!(2013 - 01 - 01), Some(Snils::from_number(500_000_000 + i).unwrap().digits()))).unwrap().id;
            d.enrol(&f.admin, id, f.class_5a, date!(2024 - 09 - 01)).unwrap();
            children.push(id);
        }
        let teacher = Actor::vouched(f.teacher);
        for c in &children {
            d.record_mark(&teacher, &NewMark::grade(*c, f.maths, date!(2024 - 09 - 10), "4", kind)).unwrap();
        }
        // Every child's mother is a legal representative who may invite.
        let mut mothers = Vec::new();
        for (i, c) in children.iter().enumerate() {
            let m = d.register_person(&f.admin, f.school, &person(&format!("Mother{i}"), "M", date!(1985 - 01 - 01), Some(Snils::from_number(510_000_000 + i as u32).unwrap().digits()))).unwrap().id;
            d.add_guardian(&f.admin, &Guardianship { student: *c, guardian: m, relation: Relation::Mother, legal_representative: true }).unwrap();
            mothers.push(m);
        }
        let mut people = Vec::new();
        let mut allowed: Vec<(PersonId, PersonId)> = Vec::new();
        for (i, t) in ties.iter().enumerate() {
            let surname = format!("Person{i}");
            let snils = 520_000_000 + i as u32;
            let p = d.register_person(&f.admin, f.school, &person(&surname, "P", date!(1970 - 01 - 01), Some(Snils::from_number(snils).unwrap().digits()))).unwrap().id;
            people.push(p);
            match *t {
                Tie::None => {}
                Tie::Guardian { child, legal } => {
                    d.add_guardian(&f.admin, &Guardianship { student: children[child], guardian: p, relation: Relation::Other, legal_representative: legal }).unwrap();
                    allowed.push((p, children[child]));
                }
                Tie::Trusted { child, answer } => {
                    // Only people with an account can be invited.
                    d.issue_credentials(&f.admin, p).unwrap();
                    let g = d.invite_trusted_person(&Actor::vouched(mothers[child]), &NewInvitation {
                        student: children[child],
                        surname: surname.clone(),
                        invitee: InviteeId::Snils(Snils::from_number(snils).unwrap().digits().into()),
                        services: Services::DIARY,
                        until: None,
                        window_days: None,
                    }).unwrap();
                    match answer {
                        0 => {} // pending
                        1 => { d.decline_invitation(&Actor::vouched(p), g.id).unwrap(); }
                        2 => {
                            d.accept_invitation(&Actor::vouched(p), g.id).unwrap();
                            d.revoke_grant(&Actor::vouched(mothers[child]), g.id).unwrap();
                        }
                        _ => {
                            d.accept_invitation(&Actor::vouched(p), g.id).unwrap();
                            allowed.push((p, children[child]));
                        }
                    }
                }
            }
        }
        clock.advance(Duration::hours(25));
        for p in &people {
            for c in &children {
                let got = d.marks(&Actor::vouched(*p), *c, date!(2024 - 09 - 01), date!(2024 - 10 - 25));
                let expected = allowed.contains(&(*p, *c));
                prop_assert_eq!(got.is_ok(), expected, "person {} child {}: {:?}", p, c, got);
                let log = d.access_log_of_child(&f.admin, *c).unwrap();
                let logged = log.iter().any(|e| e.actor == Some(*p) && e.data_kind == "marks" && e.action == "read" && e.allowed == expected);
                prop_assert!(logged, "the read by {} of {} is in the log", p, c);
            }
        }
        prop_assert_eq!(d.verify_access_log(&f.admin).unwrap().first_broken, None);
    }
}
