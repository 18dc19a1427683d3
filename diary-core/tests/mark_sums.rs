//! The maintained sums behind every period average (migration 34) agree
//! with the marks after any history: single marks and bulk imports, changes
//! of value, weight, entry and counting, retakes and deletions, on several
//! students, subjects and periods — checked against the marks through the
//! public API and by the full integrity check, which recomputes them.

mod common;

use common::*;
use diary_core::grading::Ratio;
use diary_core::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use time::macros::date;

#[derive(Debug, Clone)]
enum Op {
    Record {
        student: usize,
        subject: usize,
        day: i64,
        value: u8,
        heavy: bool,
        counting: u8,
        retake: Option<usize>,
    },
    Bulk {
        n: usize,
        seed: u64,
    },
    Change {
        which: usize,
        value: Option<u8>,
        weight: Option<u8>,
        counting: Option<u8>,
        absent: bool,
    },
    Delete {
        which: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..2usize, 0..120i64, 1..=5u8, any::<bool>(), 0..6u8, proptest::option::weighted(0.15, 0..64usize))
            .prop_map(|(student, subject, day, value, heavy, counting, retake)| Op::Record {
                student, subject, day, value, heavy, counting, retake
            }),
        1 => (1..20usize, any::<u64>()).prop_map(|(n, seed)| Op::Bulk { n, seed }),
        2 => (0..64usize, proptest::option::of(1..=5u8), proptest::option::of(1..=4u8),
              proptest::option::weighted(0.3, 0..4u8), proptest::bool::weighted(0.1))
            .prop_map(|(which, value, weight, counting, absent)| Op::Change {
                which, value, weight, counting, absent
            }),
        1 => (0..64usize).prop_map(|which| Op::Delete { which }),
    ]
}

fn counting(n: u8) -> Counting {
    // Mostly marks that always count.
    match n {
        0..=2 => Counting::Always,
        3 => Counting::Never,
        4 => Counting::IfRaises,
        _ => Counting::Bonus,
    }
}

struct World {
    f: Fixture,
    students: [PersonId; 2],
    subjects: [SubjectId; 2],
    year_days: (time::Date, time::Date),
    kinds: [WorkKindId; 2],
}

fn world() -> World {
    let f = in_memory();
    let d = &f.diary;
    for (name, a, b) in [
        ("Quarter 1", date!(2024 - 09 - 02), date!(2024 - 10 - 25)),
        ("Quarter 2", date!(2024 - 11 - 05), date!(2024 - 12 - 27)),
    ] {
        d.add_period(
            &f.admin,
            f.year,
            &NewPeriod {
                kind: PeriodKind::Quarter,
                name: name.into(),
                start: a,
                end: b,
            },
        )
        .unwrap();
    }
    let kind = |name: &str, w: i64| NewWorkKind {
        name: name.into(),
        default_weight: Ratio::int(w),
        min_weight: Ratio::int(1),
        max_weight: Ratio::int(4),
    };
    let kinds = [
        d.create_work_kind(&f.admin, f.school, &kind("Oral", 1))
            .unwrap()
            .id,
        d.create_work_kind(&f.admin, f.school, &kind("Test", 3))
            .unwrap()
            .id,
    ];
    let physics = d.create_subject(&f.admin, f.school, "Physics").unwrap().id;
    let second = d
        .register_person(
            &f.admin,
            f.school,
            &person("Petrova", "Pelageya", date!(2013 - 02 - 02), None),
        )
        .unwrap()
        .id;
    d.enrol(&f.admin, second, f.class_5a, date!(2024 - 09 - 01))
        .unwrap();
    World {
        students: [f.student, second],
        subjects: [f.maths, physics],
        year_days: (date!(2024 - 09 - 01), date!(2025 - 05 - 31)),
        kinds,
        f,
    }
}

/// Day `n` of the two quarters' school days (weekends fall on either side:
/// a refused mark changes nothing, which is part of what is checked).
fn day(n: i64) -> time::Date {
    if n < 60 {
        date!(2024 - 09 - 02) + time::Duration::days(n * 53 / 60)
    } else {
        date!(2024 - 11 - 05) + time::Duration::days((n - 60) * 52 / 60)
    }
}

fn apply(w: &World, ids: &mut Vec<MarkId>, op: &Op) {
    let (d, admin) = (&w.f.diary, &w.f.admin);
    match op {
        Op::Record {
            student,
            subject,
            day: n,
            value,
            heavy,
            counting: c,
            retake,
        } => {
            let mut m = NewMark::grade(
                w.students[*student],
                w.subjects[*subject],
                day(*n),
                &value.to_string(),
                w.kinds[usize::from(*heavy)],
            );
            m.counting = counting(*c);
            m.retake_of = retake.and_then(|i| ids.get(i % ids.len().max(1)).copied());
            if let Ok(mark) = d.record_mark(admin, &m) {
                ids.push(mark.id);
            }
        }
        Op::Bulk { n, seed } => {
            let mut x = *seed;
            let batch: Vec<NewMark> = (0..*n)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let mut m = NewMark::grade(
                        w.students[(x >> 60) as usize % 2],
                        w.subjects[(x >> 50) as usize % 2],
                        day((x >> 20) as i64 % 120),
                        &((x >> 40) % 5 + 1).to_string(),
                        w.kinds[(x >> 30) as usize % 2],
                    );
                    m.counting = counting((x >> 10) as u8 % 6);
                    m
                })
                .collect();
            if let Ok(new) = d.record_marks(admin, &batch) {
                ids.extend(new);
            }
        }
        Op::Change {
            which,
            value,
            weight,
            counting: c,
            absent,
        } => {
            let Some(id) = ids.get(which % ids.len().max(1)).copied() else {
                return;
            };
            let edit = MarkEdit {
                entry: absent.then_some(EntryKind::Absent),
                value: if *absent {
                    Some(String::new())
                } else {
                    value.map(|v| v.to_string())
                },
                weight: weight.map(|x| Ratio::int(i64::from(x))),
                counting: c.map(counting),
                ..MarkEdit::default()
            };
            let _ = d.change_mark(admin, id, &edit, "correction");
        }
        Op::Delete { which } => {
            if let Some(id) = ids.get(which % ids.len().max(1)).copied() {
                let _ = d.delete_mark(admin, id, "entered by mistake");
            }
        }
    }
}

/// The plain weighted average of every group, computed from the marks as
/// the diary shows them.
fn expected(w: &World) -> BTreeMap<(PersonId, SubjectId, PeriodId), (Ratio, u32)> {
    let mut sums: BTreeMap<(PersonId, SubjectId, PeriodId), (Ratio, Ratio, u32)> = BTreeMap::new();
    for s in w.students {
        for m in
            w.f.diary
                .marks(&w.f.admin, s, w.year_days.0, w.year_days.1)
                .unwrap()
        {
            if m.entry != EntryKind::Grade
                || m.counting != Counting::Always
                || m.retake_of.is_some()
            {
                continue;
            }
            let e = sums.entry((m.student, m.subject, m.period)).or_insert((
                Ratio::int(0),
                Ratio::int(0),
                0,
            ));
            e.0 = e.0 + m.weight * m.value;
            e.1 = e.1 + m.weight;
            e.2 += 1;
        }
    }
    sums.into_iter()
        .map(|(k, (num, den, n))| (k, (num.checked_div(den).unwrap(), n)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn maintained_sums_agree_with_the_marks_after_any_history(ops in proptest::collection::vec(op(), 1..40)) {
        let w = world();
        let mut ids = Vec::new();
        for op in &ops {
            apply(&w, &mut ids, op);
        }
        // The full check recomputes the sums from the marks.
        w.f.diary.check(false).unwrap();
        let got: BTreeMap<_, _> = w
            .f
            .diary
            .school_period_averages(&w.f.admin, w.f.year)
            .unwrap()
            .into_iter()
            .map(|a| ((a.student, a.subject, a.period), (a.average, a.marks)))
            .collect();
        prop_assert_eq!(got, expected(&w));
    }
}

#[test]
fn a_tampered_sum_is_reported_by_the_full_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sums.diary");
    let w = World {
        f: build(Diary::open(&path).unwrap()),
        ..world()
    };
    let d = &w.f.diary;
    d.add_period(
        &w.f.admin,
        w.f.year,
        &NewPeriod {
            kind: PeriodKind::Quarter,
            name: "Quarter 1".into(),
            start: date!(2024 - 09 - 02),
            end: date!(2024 - 10 - 25),
        },
    )
    .unwrap();
    let kind = d
        .create_work_kind(
            &w.f.admin,
            w.f.school,
            &NewWorkKind {
                name: "Oral".into(),
                default_weight: Ratio::int(1),
                min_weight: Ratio::int(1),
                max_weight: Ratio::int(2),
            },
        )
        .unwrap()
        .id;
    d.record_mark(
        &w.f.admin,
        &NewMark::grade(w.f.student, w.f.maths, date!(2024 - 09 - 10), "4", kind),
    )
    .unwrap();
    d.check(false).unwrap();
    raw(&path)
        .execute("UPDATE mark_sum SET weighted = weighted + 1", [])
        .unwrap();
    let e = d.check(false).unwrap_err();
    assert!(matches!(e, Error::Corrupt(_)), "{e}");
    assert!(e.to_string().contains("disagree with the marks"), "{e}");
}
