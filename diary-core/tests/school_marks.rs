//! A school's marks page by page: every mark exactly once, in id order,
//! for its admins only, each child logged as read.

mod common;

use common::world::{fresh, missing, school, MON};
use diary_core::*;

#[test]
fn pages_cover_every_mark_once_for_the_schools_admins() {
    let d = fresh();
    let a = school(&d, "A", 700_000, None);
    let b = school(&d, "B", 600_000, None);
    let teacher = Actor::vouched(a.ids.teacher);
    for (i, v) in ["5", "4", "3", "5", "2"].iter().enumerate() {
        let day = MON + time::Duration::days(i as i64);
        d.record_mark(
            &teacher,
            &NewMark::grade(a.ids.student, a.ids.subject, day, v, a.kind),
        )
        .unwrap();
    }
    let admin = Actor::vouched(a.admin);
    let mut seen = Vec::new();
    let mut after = MarkId(0);
    loop {
        let page = d.school_marks_page(&admin, a.ids.year, after, 2).unwrap();
        assert!(page.len() <= 2);
        let Some(last) = page.last() else { break };
        after = last.id;
        seen.extend(page.into_iter().map(|m| m.id));
    }
    // The fixture's mark and the five above; school B's stay out.
    assert_eq!(seen.len(), 6);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert!(seen.contains(&a.ids.mark) && !seen.contains(&b.ids.mark));
    // Read per child, logged for the family to see.
    let log = d.access_log_of_child(&admin, a.ids.student).unwrap();
    assert!(log
        .iter()
        .any(|e| e.data_kind == "school_marks" && e.allowed && e.actor == Some(a.admin)));
}

#[test]
fn others_are_refused_and_arguments_checked() {
    let d = fresh();
    let a = school(&d, "A", 700_000, None);
    let b = school(&d, "B", 600_000, None);
    // Another school's admin names the year: the answer a missing id gets.
    let other = d
        .school_marks_page(&Actor::vouched(b.admin), a.ids.year, MarkId(0), 10)
        .unwrap_err();
    let none = d
        .school_marks_page(&Actor::vouched(b.admin), missing().year, MarkId(0), 10)
        .unwrap_err();
    assert_eq!(other.code(), none.code());
    assert!(matches!(other, Error::NotFound { .. }), "{other:?}");
    // The school's own teacher and a parent are not its admins.
    for who in [a.ids.teacher, a.ids.mother] {
        let e = d
            .school_marks_page(&Actor::vouched(who), a.ids.year, MarkId(0), 10)
            .unwrap_err();
        assert!(matches!(e, Error::AccessDenied(_)), "{e:?}");
    }
    let admin = Actor::vouched(a.admin);
    for (after, limit, field) in [(0, 0, "limit"), (0, 100_001, "limit"), (-1, 10, "after")] {
        let e = d
            .school_marks_page(&admin, a.ids.year, MarkId(after), limit)
            .unwrap_err();
        assert_eq!(e.field(), Some(field), "{e:?}");
    }
}
