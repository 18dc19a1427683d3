//! The change feed (issue 18): every write leaves change records; each
//! actor reads the ones the policy lets them see, page by page; pruned or
//! restored-from cursors ask for a resync; the host's listener hears every
//! committed change after the commit.

mod common;

use common::world::*;
use diary_core::*;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;
use time::macros::date;

/// Every change the actor sees from `cursor` on, paging with `limit`.
fn all_since(d: &Diary, who: &Actor, mut cursor: i64, limit: u32) -> Vec<FeedChange> {
    let mut out = Vec::new();
    loop {
        let page = d.changes_since(who, cursor, limit).unwrap();
        assert!(page.changes.len() <= limit as usize);
        assert!(page.next_cursor >= cursor, "the cursor never goes back");
        out.extend(page.changes);
        if !page.more {
            return out;
        }
        cursor = page.next_cursor;
    }
}

fn of(changes: &[FeedChange], entity: FeedEntity) -> Vec<&FeedChange> {
    changes.iter().filter(|c| c.entity == entity).collect()
}

#[test]
fn a_family_follows_its_childs_marks_homework_and_attendance() {
    let d = fresh();
    let s = school(&d, "A", 100, None);
    let mother = Actor::vouched(s.ids.mother);
    let teacher = Actor::vouched(s.ids.teacher);
    let seen = all_since(&d, &mother, 0, 100);
    let marks = of(&seen, FeedEntity::Mark);
    assert_eq!(marks.len(), 1);
    let m = marks[0];
    assert_eq!(
        (m.id, m.operation, m.student, m.new_value.as_deref()),
        (
            s.ids.mark.0,
            FeedOperation::Created,
            Some(s.ids.student),
            Some("4")
        )
    );
    assert_eq!(m.date, Some(date!(2024 - 09 - 09)));
    assert_eq!(m.class, Some(s.ids.class));
    assert_eq!(m.subject, Some(s.ids.subject));
    assert!(m.at > 0, "stamped with the diary's clock");
    let hw = of(&seen, FeedEntity::Homework);
    assert_eq!(hw.len(), 1);
    assert_eq!(hw[0].id, s.ids.homework.0);
    assert_eq!(of(&seen, FeedEntity::AbsenceNotice).len(), 1);
    assert_eq!(
        of(&seen, FeedEntity::Enrolment).len(),
        0,
        "enrolments are the school's"
    );
    let seqs: Vec<i64> = seen.iter().map(|c| c.seq).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "oldest first, no repeats"
    );

    // From the head on: exactly what happens next.
    let head = d.change_feed_head(&mother).unwrap();
    assert_eq!(
        d.changes_since(&mother, head, 100).unwrap().changes,
        Vec::new()
    );
    d.change_mark(
        &teacher,
        s.ids.mark,
        &MarkEdit {
            value: Some("5".into()),
            ..MarkEdit::default()
        },
        "recounted",
    )
    .unwrap();
    d.record_attendance(
        &teacher,
        &s.ids.lesson,
        &[AttendanceEntry {
            student: s.ids.student,
            status: AttendanceStatus::Absent,
            late_minutes: None,
            reason: Some(AbsenceReason::Illness),
            excused: false,
        }],
    )
    .unwrap();
    d.delete_mark(&teacher, s.ids.mark, "entered twice")
        .unwrap();
    let next = d.changes_since(&mother, head, 100).unwrap();
    let got: Vec<_> = next
        .changes
        .iter()
        .map(|c| {
            (
                c.entity,
                c.operation,
                c.old_value.as_deref(),
                c.new_value.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                FeedEntity::Mark,
                FeedOperation::Changed,
                Some("4"),
                Some("5")
            ),
            (
                FeedEntity::Attendance,
                FeedOperation::Created,
                None,
                Some("absent")
            ),
            (FeedEntity::Mark, FeedOperation::Deleted, Some("5"), None),
        ]
    );
    assert!(!next.more);
    // The illness never travels in the feed.
    assert!(next
        .changes
        .iter()
        .all(|c| c.detail.as_deref() != Some("illness")));
    // The reading is logged under the child.
    let log = d.access_log_of_child(&mother, s.ids.student).unwrap();
    assert!(log.iter().any(|e| e.data_kind == "changes"));
}

#[test]
fn other_schools_strangers_and_revoked_trusted_persons_see_nothing() {
    let d = fresh();
    let a = school(&d, "A", 100, None);
    let b = school(&d, "B", 200, None);
    let cursor_a = all_since(&d, &Actor::vouched(a.admin), 0, 50);
    assert!(cursor_a.iter().all(|c| c.school == a.ids.school));
    assert!(cursor_a.iter().any(|c| c.entity == FeedEntity::Enrolment));
    for who in [b.admin, b.ids.teacher, b.ids.mother, b.ids.student] {
        let seen = all_since(&d, &Actor::vouched(who), 0, 50);
        assert!(
            seen.iter().all(|c| c.school == b.ids.school),
            "{who} sees only school B"
        );
        assert!(seen.iter().all(|c| c.student != Some(a.ids.student)));
    }
    // A nanny for homework only: homework, not marks; nothing once revoked.
    let nanny = trusted_nanny(&d, &a, Services::NONE.with(Service::Homework), 777_000);
    let n = Actor::vouched(nanny);
    let seen = all_since(&d, &n, 0, 50);
    assert_eq!(of(&seen, FeedEntity::Homework).len(), 1);
    assert!(of(&seen, FeedEntity::Mark).is_empty());
    assert!(of(&seen, FeedEntity::AbsenceNotice).is_empty());
    let grant = d
        .trusted_grants(&Actor::vouched(a.ids.mother), a.ids.student)
        .unwrap()
        .into_iter()
        .find(|g| g.invitee == nanny)
        .unwrap();
    d.revoke_grant(&Actor::vouched(a.ids.mother), grant.id)
        .unwrap();
    assert!(all_since(&d, &n, 0, 50).is_empty());
    // The operator reads no school's data through the feed; the refusal
    // is logged.
    let before = d.verify_access_log(&Actor::operator()).unwrap().entries;
    assert!(matches!(
        d.changes_since(&Actor::operator(), 0, 10),
        Err(Error::AccessDenied(_))
    ));
    assert_eq!(
        d.verify_access_log(&Actor::operator()).unwrap().entries,
        before + 1
    );
}

#[test]
fn a_family_under_the_schools_window_sees_only_recent_days() {
    let d = fresh();
    let s = school(&d, "A", 100, None);
    d.set_family_visibility_window(&Actor::vouched(s.admin), s.ids.school, Some(3))
        .unwrap();
    let seen = all_since(&d, &Actor::vouched(s.ids.mother), 0, 50);
    assert!(
        of(&seen, FeedEntity::Mark).is_empty(),
        "the mark of 2024-09-09 is older than the window"
    );
    // The class teacher is not limited.
    let staff = all_since(&d, &Actor::vouched(s.ids.teacher), 0, 50);
    assert_eq!(of(&staff, FeedEntity::Mark).len(), 1);
}

#[test]
fn an_imported_batch_reads_as_one_change_per_mark_in_any_page_size() {
    let d = fresh();
    let s = school(&d, "A", 100, None);
    let teacher = Actor::vouched(s.ids.teacher);
    let before = d.change_feed_head(&teacher).unwrap();
    let days = [
        date!(2024 - 09 - 10),
        date!(2024 - 09 - 11),
        date!(2024 - 09 - 12),
        date!(2024 - 09 - 13),
        date!(2024 - 09 - 16),
    ];
    let batch: Vec<NewMark> = days
        .iter()
        .flat_map(|day| {
            ["3", "4", "5"]
                .into_iter()
                .map(|v| NewMark::grade(s.ids.student, s.ids.subject, *day, v, s.kind))
        })
        .collect();
    let ids = d.record_marks(&teacher, &batch).unwrap();
    for limit in [1, 2, 7, 100] {
        for who in [teacher, Actor::vouched(s.ids.mother)] {
            let seen = all_since(&d, &who, before, limit);
            let mut got: Vec<i64> = of(&seen, FeedEntity::Mark).iter().map(|c| c.id).collect();
            got.sort_unstable();
            let mut want: Vec<i64> = ids.iter().map(|m| m.0).collect();
            want.sort_unstable();
            assert_eq!(got, want, "limit {limit}");
            let values: Vec<_> = seen.iter().filter_map(|c| c.new_value.clone()).collect();
            assert_eq!(values.len(), 15);
        }
    }
    // Continuing from inside the import's run.
    let page = d.changes_since(&teacher, before, 4).unwrap();
    let rest = all_since(&d, &teacher, page.next_cursor, 3);
    assert_eq!(page.changes.len() + rest.len(), 15);
}

#[test]
fn pruned_or_future_cursors_ask_for_a_resync() {
    let clock = Arc::new(ManualClock::new(
        time::macros::datetime!(2024-09-20 10:00 UTC),
    ));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let s = school(&d, "A", 100, None);
    let op = Actor::operator();
    let admin = Actor::vouched(s.admin);
    assert_eq!(d.change_feed_retention(&op).unwrap(), 90);
    assert!(matches!(
        d.set_change_feed_retention(&admin, 7),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.set_change_feed_retention(&op, 0),
        Err(Error::InvalidInput { .. })
    ));
    d.set_change_feed_retention(&op, 7).unwrap();
    let head = d.change_feed_head(&admin).unwrap();
    assert!(head > 1);
    // Nothing is old yet.
    assert_eq!(d.prune_change_feed(&op).unwrap(), 0);
    clock.advance(time::Duration::days(8));
    d.record_mark(
        &Actor::vouched(s.ids.teacher),
        &NewMark::grade(
            s.ids.student,
            s.ids.subject,
            date!(2024 - 09 - 27),
            "5",
            s.kind,
        ),
    )
    .unwrap();
    assert!(d.prune_change_feed(&op).unwrap() > 0);
    match d.changes_since(&admin, 0, 10) {
        Err(Error::ResyncNeeded(m)) => assert!(m.contains("pruned"), "{m}"),
        other => panic!("expected a resync, got {other:?}"),
    }
    let page = d.changes_since(&admin, head, 10).unwrap();
    assert_eq!(of(&page.changes, FeedEntity::Mark).len(), 1);
    match d.changes_since(&admin, head + 1_000, 10) {
        Err(Error::ResyncNeeded(m)) => assert!(m.contains("ahead"), "{m}"),
        other => panic!("expected a resync, got {other:?}"),
    }
    let now_head = d.change_feed_head(&admin).unwrap();
    for far in [i64::MAX, now_head + 1] {
        assert!(matches!(
            d.changes_since(&admin, far, 10),
            Err(Error::ResyncNeeded(_))
        ));
    }
    assert!(matches!(
        d.changes_since(&admin, i64::MIN, 10),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        d.changes_since(&admin, head, u32::MAX),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        d.set_change_feed_retention(&op, u32::MAX),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        d.changes_since(&admin, -1, 10),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        d.changes_since(&admin, head, 0),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        d.changes_since(&admin, head, MAX_FEED_PAGE + 1),
        Err(Error::InvalidInput { .. })
    ));
    // Pruning keeps the newest change, so positions never go back.
    clock.advance(time::Duration::days(30));
    d.prune_change_feed(&op).unwrap();
    assert_eq!(d.change_feed_head(&admin).unwrap(), head + 1);
}

#[derive(Debug, Default)]
struct Heard(Mutex<Vec<FeedChange>>);

impl ChangeListener for Heard {
    fn on_change(&self, change: &FeedChange) {
        self.0.lock().unwrap().push(change.clone());
    }
}

#[derive(Debug)]
struct Panicking;

impl ChangeListener for Panicking {
    fn on_change(&self, _: &FeedChange) {
        panic!("the host's push service is down");
    }
}

#[test]
fn the_listener_hears_every_committed_change_after_the_commit() {
    let d = fresh();
    let s = school(&d, "A", 100, None);
    let teacher = Actor::vouched(s.ids.teacher);
    let heard = Arc::new(Heard::default());
    d.set_change_listener(Some(heard.clone()));
    let id = d
        .record_mark(
            &teacher,
            &NewMark::grade(
                s.ids.student,
                s.ids.subject,
                date!(2024 - 09 - 10),
                "3",
                s.kind,
            ),
        )
        .unwrap()
        .id;
    // A refused write leaves no change.
    assert!(d
        .record_mark(
            &Actor::vouched(s.ids.mother),
            &NewMark::grade(
                s.ids.student,
                s.ids.subject,
                date!(2024 - 09 - 10),
                "5",
                s.kind
            ),
        )
        .is_err());
    let batch: Vec<NewMark> = (0..5)
        .map(|_| {
            NewMark::grade(
                s.ids.student,
                s.ids.subject,
                date!(2024 - 09 - 11),
                "4",
                s.kind,
            )
        })
        .collect();
    let ids = d.record_marks(&teacher, &batch).unwrap();
    assert!(d.wait_for_change_listener(StdDuration::from_secs(10)));
    let got: Vec<i64> = heard.0.lock().unwrap().iter().map(|c| c.id).collect();
    let mut want = vec![id.0];
    want.extend(ids.iter().map(|m| m.0));
    assert_eq!(got, want);
    // A panicking listener neither undoes nor blocks writes.
    d.set_change_listener(Some(Arc::new(Panicking)));
    let m = d
        .record_mark(
            &teacher,
            &NewMark::grade(
                s.ids.student,
                s.ids.subject,
                date!(2024 - 09 - 12),
                "5",
                s.kind,
            ),
        )
        .unwrap();
    assert!(d.wait_for_change_listener(StdDuration::from_secs(10)));
    assert_eq!(d.mark(&teacher, m.id).unwrap().value, m.value);
    // Removed: nothing more is heard.
    d.set_change_listener(Some(heard.clone()));
    d.set_change_listener(None);
    d.delete_mark(&teacher, m.id, "test").unwrap();
    assert!(d.wait_for_change_listener(StdDuration::from_secs(10)));
    assert_eq!(heard.0.lock().unwrap().len(), 6);
}
