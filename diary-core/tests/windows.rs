//! Every read of a child's data follows the visibility window (P4), from
//! one table: each read either shows nothing older than the window, or is
//! refused because it shows an older entry, or is a summary (averages,
//! period marks) — refused to a trusted person with a 3-day window, shown
//! to a family under the school's 3-day window or month. The
//! same table is in docs/access.md. Also: a trusted person never sees the
//! free text of absence notices (health data).

mod common;

use common::world::*;
use common::*;
use diary_core::*;
use std::sync::Arc;
use time::macros::{date, datetime};
use time::{Date, Duration};

/// The window starts on 2024-10-16 (today, 2024-10-18, and two days back).
const TODAY: Date = date!(2024 - 10 - 18);
const OLD: Date = date!(2024 - 09 - 09);
const NEW_MONDAY: Date = date!(2024 - 10 - 14);

#[derive(Debug, PartialEq, Eq)]
enum Rule {
    /// Shows only the window's days.
    Filtered,
    /// Refused: it shows an older entry.
    Refused,
    /// A summary of all marks (averages, period and year marks, progress,
    /// rank): refused to a trusted person with a window, shown to a family
    /// under the school's window (the school reports them anyway).
    Summary,
}

/// A read's outcome: refused, or allowed with whether anything older than
/// the window appeared.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    Refused,
    Shown { old: bool },
}

fn seen<T>(r: Result<T>, old: impl FnOnce(&T) -> bool) -> Seen {
    match r {
        Ok(v) => Seen::Shown { old: old(&v) },
        Err(Error::AccessDenied(_)) => Seen::Refused,
        Err(e) => panic!("unexpected error {e}"),
    }
}

struct W {
    d: Diary,
    s: TestSchool,
    old_mark: MarkId,
}

type Read = fn(&W, &Actor) -> Seen;

/// The table: every read of a child's data, with its rule.
fn reads() -> Vec<(&'static str, Rule, Read)> {
    vec![
        ("mark (an old one)", Rule::Refused, |w, a| {
            seen(w.d.mark(a, w.old_mark), |_| true)
        }),
        ("marks", Rule::Filtered, |w, a| {
            seen(w.d.marks(a, w.s.ids.student, OLD, TODAY), |v| {
                v.iter().any(|m| m.date < TODAY - Duration::days(2))
            })
        }),
        ("mark_history (an old mark)", Rule::Refused, |w, a| {
            seen(w.d.mark_history(a, w.old_mark), |_| true)
        }),
        ("average", Rule::Summary, |w, a| {
            seen(
                w.d.average(a, w.s.ids.student, w.s.ids.subject, w.s.ids.period),
                |_| true,
            )
        }),
        ("year_average", Rule::Summary, |w, a| {
            seen(
                w.d.year_average(a, w.s.ids.student, w.s.ids.subject, w.s.ids.year),
                |_| true,
            )
        }),
        ("subject_averages", Rule::Summary, |w, a| {
            seen(
                w.d.subject_averages(a, w.s.ids.student, w.s.ids.period),
                |_| true,
            )
        }),
        ("overall_average", Rule::Summary, |w, a| {
            seen(
                w.d.overall_average(a, w.s.ids.student, w.s.ids.period),
                |_| true,
            )
        }),
        ("period_mark", Rule::Summary, |w, a| {
            seen(
                w.d.period_mark(a, w.s.ids.student, w.s.ids.subject, w.s.ids.period),
                |_| true,
            )
        }),
        ("final_mark", Rule::Summary, |w, a| {
            seen(
                w.d.final_mark(a, w.s.ids.student, w.s.ids.subject, w.s.ids.year),
                |_| true,
            )
        }),
        ("progress", Rule::Summary, |w, a| {
            seen(
                w.d.progress(a, w.s.ids.student, w.s.ids.subject, w.s.ids.period),
                |_| true,
            )
        }),
        ("progress_chart_svg", Rule::Summary, |w, a| {
            seen(
                w.d.progress_chart_svg(
                    a,
                    w.s.ids.student,
                    w.s.ids.subject,
                    w.s.ids.period,
                    640,
                    320,
                ),
                |_| true,
            )
        }),
        ("what_if", Rule::Summary, |w, a| {
            seen(
                w.d.what_if(a, w.s.ids.student, w.s.ids.subject, w.s.ids.period, &[]),
                |_| true,
            )
        }),
        ("plan_target", Rule::Summary, |w, a| {
            seen(
                w.d.plan_target(a, w.s.ids.student, w.s.ids.subject, w.s.ids.period, "5"),
                |_| true,
            )
        }),
        ("class_rank", Rule::Summary, |w, a| {
            seen(
                w.d.class_rank(a, w.s.ids.student, w.s.ids.subject, w.s.ids.period),
                |_| true,
            )
        }),
        ("report_card", Rule::Summary, |w, a| {
            // A family under the window: every mark's summary, but the
            // remarks and attendance of the window's days only.
            seen(
                w.d.report_card(a, w.s.ids.student, w.s.ids.year, Some(w.s.ids.period)),
                |c| {
                    assert!(c.remarks.iter().all(|r| r.text == "new"), "{:?}", c.remarks);
                    assert_eq!(c.attendance.absent_unexcused, 0);
                    false
                },
            )
        }),
        ("student_day (an old day)", Rule::Filtered, |w, a| {
            seen(w.d.student_day(a, w.s.ids.student, OLD), |d| {
                !d.lessons.is_empty() || !d.homework_due.is_empty()
            })
        }),
        ("student_week (an old week)", Rule::Filtered, |w, a| {
            seen(w.d.student_week(a, w.s.ids.student, OLD), |days| {
                days.iter().any(|d| !d.lessons.is_empty())
            })
        }),
        ("homework_due (an old day)", Rule::Filtered, |w, a| {
            seen(
                w.d.homework_due(a, w.s.ids.student, OLD + Duration::days(7)),
                |h| !h.is_empty(),
            )
        }),
        ("remarks", Rule::Filtered, |w, a| {
            seen(w.d.remarks(a, w.s.ids.student, OLD, TODAY), |r| {
                r.iter().any(|r| r.date < TODAY - Duration::days(2))
            })
        }),
        ("absence_notices", Rule::Filtered, |w, a| {
            seen(w.d.absence_notices(a, w.s.ids.student), |n| {
                n.iter().any(|n| n.last_day < TODAY - Duration::days(2))
            })
        }),
        ("attendance_summary", Rule::Filtered, |w, a| {
            seen(
                w.d.attendance_summary(a, w.s.ids.student, OLD, TODAY),
                |s| s.recorded > 1,
            )
        }),
        ("upcoming_tests", Rule::Filtered, |w, a| {
            seen(w.d.upcoming_tests(a, w.s.ids.student, OLD, TODAY), |t| {
                t.iter().any(|l| l.key.date < TODAY - Duration::days(2))
            })
        }),
        ("student_calendar", Rule::Filtered, |w, a| {
            seen(
                w.d.student_calendar(a, w.s.ids.student, OLD, TODAY),
                |ics| ics.contains("20240909"),
            )
        }),
    ]
}

fn world() -> W {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let s = school(&d, "A", 700_000, None);
    let t = Actor::vouched(s.ids.teacher);
    let old_mark = s.ids.mark;
    // An old test, remark and absence; then the same within the window.
    d.set_lesson_topic(&t, &s.ids.lesson, Some("Fractions"), Some("Test 1"))
        .unwrap();
    d.add_remark(&t, s.ids.student, OLD, None, RemarkKind::Neutral, "old")
        .unwrap();
    d.record_attendance(
        &t,
        &s.ids.lesson,
        &[AttendanceEntry {
            student: s.ids.student,
            status: AttendanceStatus::Absent,
            late_minutes: None,
            reason: None,
            excused: false,
        }],
    )
    .unwrap();
    clock.set(datetime!(2024-10-18 12:00 UTC));
    let new_lesson = LessonKey {
        date: NEW_MONDAY,
        ..s.ids.lesson
    };
    d.set_lesson_topic(&t, &new_lesson, Some("Decimals"), Some("Test 2"))
        .unwrap();
    d.record_attendance(
        &t,
        &new_lesson,
        &[AttendanceEntry {
            student: s.ids.student,
            status: AttendanceStatus::Present,
            late_minutes: None,
            reason: None,
            excused: false,
        }],
    )
    .unwrap();
    d.record_mark(
        &t,
        &NewMark::grade(s.ids.student, s.ids.subject, TODAY, "5", s.kind),
    )
    .unwrap();
    d.add_remark(&t, s.ids.student, TODAY, None, RemarkKind::Neutral, "new")
        .unwrap();
    W { d, s, old_mark }
}

fn check_table(w: &W, who: &str, actor: &Actor, family: bool) {
    for (name, rule, read) in reads() {
        let got = read(w, actor);
        let want = match rule {
            Rule::Filtered => Seen::Shown { old: false },
            Rule::Refused => Seen::Refused,
            Rule::Summary if family => {
                assert!(matches!(got, Seen::Shown { .. }), "{who}: {name}: {got:?}");
                continue;
            }
            Rule::Summary => Seen::Refused,
        };
        assert_eq!(got, want, "{who}: {name}");
        // Staff are not limited: the same read shows the old data.
        if rule == Rule::Filtered {
            let staff = read(w, &Actor::vouched(w.s.admin));
            assert_eq!(staff, Seen::Shown { old: true }, "admin: {name}");
        }
    }
}

#[test]
fn windowed_reads_from_one_table() {
    let w = world();
    let d = &w.d;
    let admin = Actor::vouched(w.s.admin);
    d.set_trusted_person_rules(&admin, w.s.ids.school, 0, 7)
        .unwrap();
    let granny = d
        .register_person(
            &admin,
            w.s.ids.school,
            &person("Granny", "G", date!(1950 - 01 - 01), Some(&snils(700_061))),
        )
        .unwrap()
        .id;
    d.issue_credentials(&admin, granny).unwrap();
    let g = d
        .invite_trusted_person(
            &Actor::vouched(w.s.ids.mother),
            &NewInvitation {
                student: w.s.ids.student,
                surname: "Granny".into(),
                invitee: InviteeId::Snils(snils(700_061)),
                services: Services::DIARY,
                until: None,
                window_days: Some(3),
            },
        )
        .unwrap();
    d.accept_invitation(&Actor::vouched(granny), g.id).unwrap();
    check_table(
        &w,
        "trusted person with a 3-day window",
        &Actor::vouched(granny),
        false,
    );
    // The family under the school's 3-day window: the same table.
    d.set_family_visibility_window(&admin, w.s.ids.school, Some(3))
        .unwrap();
    check_table(
        &w,
        "mother under the school's window",
        &Actor::vouched(w.s.ids.mother),
        true,
    );
}

#[test]
fn trusted_persons_never_see_the_free_text_of_absence_notices() {
    let w = world();
    let d = &w.d;
    let admin = Actor::vouched(w.s.admin);
    d.set_trusted_person_rules(&admin, w.s.ids.school, 0, 7)
        .unwrap();
    let nanny = d
        .register_person(
            &admin,
            w.s.ids.school,
            &person("Nanny", "N", date!(1970 - 01 - 01), Some(&snils(700_062))),
        )
        .unwrap()
        .id;
    d.issue_credentials(&admin, nanny).unwrap();
    let g = d
        .invite_trusted_person(
            &Actor::vouched(w.s.ids.mother),
            &NewInvitation {
                student: w.s.ids.student,
                surname: "Nanny".into(),
                invitee: InviteeId::Snils(snils(700_062)),
                services: Services::DIARY,
                until: None,
                window_days: None,
            },
        )
        .unwrap();
    d.accept_invitation(&Actor::vouched(nanny), g.id).unwrap();
    // The world's notice says "flu" with reason illness; add one with
    // another reason and a revealing note.
    d.notify_absence(
        &Actor::vouched(w.s.ids.mother),
        w.s.ids.student,
        TODAY + Duration::days(3),
        TODAY + Duration::days(3),
        AbsenceReason::Family,
        Some("doctor: bronchitis"),
    )
    .unwrap();
    let seen = d
        .absence_notices(&Actor::vouched(nanny), w.s.ids.student)
        .unwrap();
    assert_eq!(seen.len(), 2);
    assert!(seen
        .iter()
        .all(|n| n.note.is_none() && n.decision_note.is_none()));
    assert!(seen
        .iter()
        .all(|n| n.reason != Some(AbsenceReason::Illness)));
    // The family and the class teacher still see it.
    let family = d
        .absence_notices(&Actor::vouched(w.s.ids.mother), w.s.ids.student)
        .unwrap();
    assert!(family.iter().any(|n| n.note.as_deref() == Some("flu")));
}

#[test]
fn families_see_the_current_month_or_the_schools_month() {
    let w = world();
    let d = &w.d;
    let admin = Actor::vouched(w.s.admin);
    let mother = Actor::vouched(w.s.ids.mother);
    let child = w.s.ids.student;
    // A mark on 26 September, inside a school month from the 25th.
    d.record_mark(
        &Actor::vouched(w.s.ids.teacher),
        &NewMark::grade(child, w.s.ids.subject, date!(2024 - 09 - 26), "3", w.s.kind),
    )
    .unwrap();
    let dates = |a: &Actor| -> Vec<Date> {
        d.marks(a, child, OLD, TODAY)
            .unwrap()
            .into_iter()
            .map(|m| m.date)
            .collect()
    };
    // The calendar month: from 1 October.
    d.set_family_visibility_month(&admin, w.s.ids.school, Some(1))
        .unwrap();
    assert_eq!(dates(&mother), [TODAY]);
    // The school's month from the 25th: from 25 September.
    d.set_family_visibility_month(&admin, w.s.ids.school, Some(25))
        .unwrap();
    assert_eq!(dates(&mother), [date!(2024 - 09 - 26), TODAY]);
    // The period's average still counts every mark of the period.
    let avg = d
        .average(&mother, child, w.s.ids.subject, w.s.ids.period)
        .unwrap();
    assert_eq!(
        avg,
        d.average(&admin, child, w.s.ids.subject, w.s.ids.period)
            .unwrap()
    );
    for bad in [Some(0), Some(29), Some(u32::MAX)] {
        assert!(matches!(
            d.set_family_visibility_month(&admin, w.s.ids.school, bad),
            Err(Error::InvalidInput { ref field, .. }) if field == "first_day"
        ));
    }
    assert!(matches!(
        d.set_family_visibility_month(&mother, w.s.ids.school, Some(1)),
        Err(Error::AccessDenied(_))
    ));
    // The window is unchanged by the refused calls; lifting it shows all.
    assert_eq!(dates(&mother).len(), 2);
    d.set_family_visibility_month(&admin, w.s.ids.school, None)
        .unwrap();
    assert_eq!(dates(&mother).len(), 3);
}

#[test]
fn month_windows_start_on_the_right_day() {
    let m = |first_day| VisibilityWindow::Month { first_day };
    assert_eq!(m(1).start(date!(2024 - 10 - 18)), date!(2024 - 10 - 01));
    assert_eq!(m(25).start(date!(2024 - 10 - 18)), date!(2024 - 09 - 25));
    assert_eq!(m(25).start(date!(2024 - 10 - 25)), date!(2024 - 10 - 25));
    assert_eq!(m(15).start(date!(2025 - 01 - 03)), date!(2024 - 12 - 15));
    assert_eq!(m(28).start(date!(2024 - 03 - 01)), date!(2024 - 02 - 28));
    assert_eq!(
        VisibilityWindow::Days(3).start(date!(2024 - 10 - 18)),
        date!(2024 - 10 - 16)
    );
    assert!(VisibilityWindow::Days(0).checked().is_err());
    assert!(m(29).checked().is_err());
}
