//! SQL for school entry and exit events.

use crate::error::Result;
use crate::ids::{ClassId, PersonId, SchoolId, VisitId};
use crate::model::{AttendanceStatus, VisitDirection};
use crate::storage::db::{params, Db, DbResult, OptionalExtension};
use time::{Date, OffsetDateTime};

/// A stored event, before local times are added.
pub(crate) struct EventRow {
    pub id: VisitId,
    pub student: PersonId,
    pub direction: VisitDirection,
    pub at: OffsetDateTime,
    pub device: String,
}

/// Stores an event unless the same one is there; whether it was new.
pub(crate) fn insert(
    c: Db<'_>,
    school: SchoolId,
    student: PersonId,
    direction: VisitDirection,
    at: i64,
    device: &str,
    now: i64,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "INSERT INTO visit_event (school_id, student_id, direction, at, device, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (student_id, at, direction, device, school_id) DO NOTHING",
        )?
        .execute(params![
            school.0,
            student.0,
            direction.as_str(),
            at,
            device,
            now
        ])?;
    Ok(n == 1)
}

/// A student's events from `from` to `to` (Unix seconds, `to` excluded),
/// by time.
pub(crate) fn of_student(
    c: Db<'_>,
    student: PersonId,
    from: i64,
    to: i64,
) -> Result<Vec<EventRow>> {
    let mut st = c.prepare_cached(
        "SELECT id, student_id, direction, at, device FROM visit_event
         WHERE student_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id",
    )?;
    let rows = st
        .query_map(params![student.0, from, to], |r| {
            let direction: String = r.get(2)?;
            Ok(EventRow {
                id: VisitId(r.get(0)?),
                student: PersonId(r.get(1)?),
                direction: if direction == "entry" {
                    VisitDirection::Entry
                } else {
                    VisitDirection::Exit
                },
                at: OffsetDateTime::from_unix_timestamp(r.get(3)?)
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                device: r.get(4)?,
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Whether the student is (or was) enrolled in a class of `school`.
pub(crate) fn student_in_school(c: Db<'_>, student: PersonId, school: SchoolId) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT 1 FROM enrolment e JOIN class cl ON cl.id = e.class_id
         WHERE e.student_id = ?1 AND cl.school_id = ?2 LIMIT 1",
    )?
    .query_row(params![student.0, school.0], |_| Ok(()))
    .optional()?
    .is_some())
}

/// The register of a class's lessons on `day`: (student, lesson number,
/// status).
pub(crate) fn register_of_day(
    c: Db<'_>,
    class: ClassId,
    day: Date,
) -> Result<Vec<(PersonId, u8, AttendanceStatus)>> {
    let mut st = c.prepare_cached(
        "SELECT a.student_id, l.number, a.status FROM attendance a JOIN lesson l ON l.id = a.lesson_id
         WHERE l.class_id = ?1 AND l.day = ?2 ORDER BY a.student_id, l.number",
    )?;
    let rows = st
        .query_map(params![class.0, i64::from(day.to_julian_day())], |r| {
            let status: String = r.get(2)?;
            Ok((PersonId(r.get(0)?), r.get::<_, i64>(1)? as u8, status))
        })?
        .collect::<DbResult<Vec<_>>>()?;
    rows.into_iter()
        .map(|(p, n, s)| Ok((p, n, AttendanceStatus::parse("status", &s)?)))
        .collect()
}
