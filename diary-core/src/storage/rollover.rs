//! Year rollover's storage (migration 0029): the open enrolments of a year,
//! copies of ended bell schedules, what the school keeps, and the record of
//! each rollover.

use crate::error::Result;
use crate::ids::{ClassId, EnrolmentId, PersonId, SchoolId, YearId};
use crate::storage::db::{params, Db, DbResult};
use time::Date;

/// An enrolment of the old year still open on its last day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OpenEnrolment {
    pub id: EnrolmentId,
    pub student: PersonId,
    pub class: ClassId,
}

/// The enrolments in `year`'s classes that began by `last_day` and were
/// never ended, by class and student.
pub(crate) fn open_enrolments(
    c: Db<'_>,
    year: YearId,
    last_day: Date,
) -> Result<Vec<OpenEnrolment>> {
    let mut st = c.prepare_cached(
        "SELECT e.id, e.student_id, e.class_id FROM enrolment e JOIN class k ON k.id = e.class_id
         WHERE k.year_id = ?1 AND e.start_date <= ?2 AND e.end_date IS NULL
         ORDER BY e.class_id, e.student_id",
    )?;
    let rows = st
        .query_map(params![year.0, last_day], |r| {
            Ok(OpenEnrolment {
                id: EnrolmentId(r.get(0)?),
                student: PersonId(r.get(1)?),
                class: ClassId(r.get(2)?),
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Whether `year` was already rolled over.
pub(crate) fn rolled_over(c: Db<'_>, year: YearId) -> Result<bool> {
    Ok(c.cached_row(
        "SELECT EXISTS (SELECT 1 FROM year_rollover WHERE from_year = ?1)",
        [year.0],
        |r| r.get(0),
    )?)
}

/// Records a rollover with its report (JSON).
pub(crate) fn record(
    c: Db<'_>,
    school: SchoolId,
    from: YearId,
    to: YearId,
    report: &str,
    by: Option<PersonId>,
    at: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO year_rollover (school_id, from_year, to_year, report, rolled_by, rolled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![school.0, from.0, to.0, report, by.map(|p| p.0), at],
    )?;
    Ok(())
}

/// The report of `year`'s rollover, if it was rolled over.
pub(crate) fn report(c: Db<'_>, year: YearId) -> Result<Option<String>> {
    use crate::storage::db::OptionalExtension;
    Ok(c.cached_row(
        "SELECT report FROM year_rollover WHERE from_year = ?1",
        [year.0],
        |r| r.get(0),
    )
    .optional()?)
}

/// Copies the school's bell schedules in force on `last_day` that end
/// before `new_start` so that they run from `new_start` on (open-ended);
/// returns how many. Open-ended schedules need no copy.
pub(crate) fn copy_ended_bell_schedules(
    c: Db<'_>,
    school: SchoolId,
    last_day: Date,
    new_start: Date,
) -> Result<u32> {
    let (last, start) = (
        i64::from(last_day.to_julian_day()),
        i64::from(new_start.to_julian_day()),
    );
    let ids: Vec<i64> = c
        .prepare_cached(
            "SELECT id FROM bell_schedule WHERE school_id = ?1 AND valid_from <= ?2
             AND valid_until IS NOT NULL AND valid_until >= ?2 AND valid_until < ?3 ORDER BY id",
        )?
        .query_map(params![school.0, last, start], |r| r.get(0))?
        .collect::<DbResult<_>>()?;
    for id in &ids {
        c.execute(
            "INSERT INTO bell_schedule (school_id, name, shift, weekdays, valid_from, valid_until)
             SELECT school_id, name, shift, weekdays, ?2, NULL FROM bell_schedule WHERE id = ?1",
            params![id, start],
        )?;
        let copy = c.last_insert_rowid()?;
        c.execute(
            "INSERT INTO bell (school_id, schedule_id, number, start_min, end_min)
             SELECT ?3, ?2, number, start_min, end_min FROM bell WHERE schedule_id = ?1 AND school_id = ?3",
            params![id, copy, school.0],
        )?;
    }
    Ok(ids.len() as u32)
}

/// What a school keeps across years, by name: subjects, kinds of work,
/// its own scales, grading rules, open-ended bell schedules in force on
/// `last_day`.
pub(crate) fn kept(c: Db<'_>, school: SchoolId, last_day: Date) -> Result<Vec<(String, u32)>> {
    let count = |sql: &str, extra: Option<i64>| -> Result<u32> {
        Ok(match extra {
            None => c.cached_row(sql, [school.0], |r| r.get(0))?,
            Some(x) => c.cached_row(sql, [school.0, x], |r| r.get(0))?,
        })
    };
    Ok(vec![
        (
            "subjects".into(),
            count("SELECT count(*) FROM subject WHERE school_id = ?1", None)?,
        ),
        (
            "work_kinds".into(),
            count("SELECT count(*) FROM work_kind WHERE school_id = ?1", None)?,
        ),
        (
            "scales".into(),
            count("SELECT count(*) FROM scale WHERE school_id = ?1", None)?,
        ),
        (
            "grading_rules".into(),
            count(
                "SELECT count(*) FROM grading_rule WHERE school_id = ?1",
                None,
            )?,
        ),
        (
            "bell_schedules".into(),
            count(
                "SELECT count(*) FROM bell_schedule WHERE school_id = ?1 AND valid_from <= ?2
                 AND valid_until IS NULL",
                Some(i64::from(last_day.to_julian_day())),
            )?,
        ),
    ])
}
