//! What a family may see of the school (issue 17): a child's directory —
//! class, class teacher, subjects with their teachers (the child's groups
//! only), admins — display names and roles only; for the family and the
//! class's staff, not for a trusted person or another school.

mod common;

use common::world::*;
use diary_core::*;
use std::sync::Arc;
use time::macros::datetime;

#[test]
fn a_parent_sees_the_childs_class_teachers_and_contacts() {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let a = school(&d, "A", 700_000, None);
    let b = school(&d, "B", 800_000, None);
    let mother = Actor::vouched(a.ids.mother);
    let dir = d.child_directory(&mother, a.ids.student).unwrap();
    assert_eq!(dir.class, a.ids.class);
    assert_eq!(dir.class_name, "5A");
    assert_eq!(dir.year_label, "2024/25");
    let ct = dir.class_teacher.as_ref().unwrap();
    assert_eq!(
        (ct.person, ct.display_name.as_str()),
        (a.ids.teacher, "TeacherA X.")
    );
    assert_eq!(dir.subjects.len(), 1);
    assert_eq!(dir.subjects[0].name, "Mathematics");
    assert_eq!(dir.subjects[0].teachers[0].person, a.ids.teacher);
    assert_eq!(
        dir.admins
            .iter()
            .map(|s| (s.person, s.role))
            .collect::<Vec<_>>(),
        [(a.admin, StaffRole::Admin)]
    );
    // The student and the class's staff see it too.
    d.child_directory(&Actor::vouched(a.ids.student), a.ids.student)
        .unwrap();
    d.child_directory(&Actor::vouched(a.ids.teacher), a.ids.student)
        .unwrap();
    // A trusted person with a diary grant does not; another school's
    // people learn nothing (as for a missing person).
    // A nanny with an accepted diary grant (it opens after the school's
    // delay of 24 hours) reads marks but not the directory.
    let admin = Actor::vouched(a.admin);
    let nanny_id = d
        .register_person(
            &admin,
            a.ids.school,
            &common::person(
                "Nanny",
                "N",
                time::macros::date!(1990 - 01 - 01),
                Some(&snils(999_001)),
            ),
        )
        .unwrap()
        .id;
    d.issue_credentials(&admin, nanny_id).unwrap();
    let g = d
        .invite_trusted_person(
            &mother,
            &NewInvitation {
                student: a.ids.student,
                surname: "Nanny".into(),
                invitee: InviteeId::Snils(snils(999_001)),
                services: Services::DIARY.union(Services::VISITS_MEALS),
                until: None,
                window_days: None,
            },
        )
        .unwrap();
    d.accept_invitation(&Actor::vouched(nanny_id), g.id)
        .unwrap();
    clock.set(datetime!(2024-09-22 10:00 UTC));
    d.marks(
        &Actor::vouched(nanny_id),
        a.ids.student,
        time::macros::date!(2024 - 09 - 01),
        time::macros::date!(2024 - 09 - 30),
    )
    .unwrap();
    let r = d.child_directory(&Actor::vouched(nanny_id), a.ids.student);
    assert!(matches!(r, Err(Error::AccessDenied(_))), "{r:?}");
    for who in [Actor::vouched(b.admin), Actor::vouched(b.ids.mother)] {
        assert!(matches!(
            d.child_directory(&who, a.ids.student),
            Err(Error::NotFound { .. })
        ));
    }
}
