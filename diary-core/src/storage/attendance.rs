//! SQL for attendance, absence notices and remarks.

use super::timetable::{date, day, lesson_key_at, LESSON_KEY_COLS};
use crate::error::Result;
use crate::ids::{NoticeId, PersonId, RemarkId, SchoolId, SubjectId};
use crate::model::{
    AbsenceNotice, AbsenceReason, Attendance, AttendanceEntry, AttendanceStatus, NoticeKind,
    NoticeStatus, Remark, RemarkKind,
};
use crate::storage::db::{
    next_chunk, params, values_list, Db, DbError, DbResult, OptionalExtension, Param, Row,
};
use time::{Date, OffsetDateTime};

fn instant(t: i64) -> DbResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(t)
        .map_err(|_| DbError::undecodable(0, format!("{} is out of range", t)))
}

fn parse<T>(f: fn(&str, &str) -> crate::Result<T>, s: &str) -> DbResult<T> {
    f("value", s).map_err(|_| DbError::undecodable(0, "an unknown value"))
}

/// One row of a register to store.
pub(crate) struct RegisterRow<'e> {
    pub entry: &'e AttendanceEntry,
    pub reason: Option<AbsenceReason>,
    pub excused: bool,
    pub notice: Option<NoticeId>,
}

/// The columns of one row, in the order the statement binds them.
const UPSERT_COLUMNS: usize = 11;

/// The statement that stores `rows` register rows at once.
fn upsert_sql(rows: usize) -> String {
    format!(
        "INSERT INTO attendance (school_id, lesson_id, student_id, status, late_minutes, reason, excused, notice_id, recorded_by, recorded_at, day)
         VALUES {}
         ON CONFLICT (lesson_id, student_id, school_id) DO UPDATE SET status = excluded.status,
             late_minutes = excluded.late_minutes, reason = excluded.reason, excused = excluded.excused,
             notice_id = excluded.notice_id, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        values_list(rows, UPSERT_COLUMNS)
    )
}

/// Stores a lesson's register rows (each student once), inserting or
/// correcting each, in few statements ([`next_chunk`]).
pub(crate) fn upsert_register(
    c: Db<'_>,
    school: SchoolId,
    lesson_id: i64,
    lesson_day: Date,
    rows: &[RegisterRow<'_>],
    by: PersonId,
    now: i64,
) -> Result<()> {
    let mut rest = rows;
    while !rest.is_empty() {
        let n = next_chunk(rest.len());
        let (chunk, after) = rest.split_at(n);
        let mut st = c.prepare_cached(&upsert_sql(n))?;
        let mut i = 1;
        for r in chunk {
            let e = r.entry;
            let (reason, notice) = (r.reason.map(|x| x.as_str()), r.notice.map(|x| x.0));
            let values: [&dyn Param; UPSERT_COLUMNS] = [
                &school.0,
                &lesson_id,
                &e.student.0,
                &e.status.as_str(),
                &e.late_minutes,
                &reason,
                &r.excused,
                &notice,
                &by.0,
                &now,
                &day(lesson_day),
            ];
            for v in values {
                st.bind_at(i, v)?;
                i += 1;
            }
        }
        st.execute_bound()?;
        rest = after;
    }
    Ok(())
}

/// Attendance rows joined with their lesson (`a`, `l`), the lesson's key first.
fn select(filter: &str) -> String {
    format!(
        "SELECT {LESSON_KEY_COLS}, a.student_id, a.status, a.late_minutes, a.reason, a.excused,
                a.notice_id, a.recorded_by, a.recorded_at
         FROM attendance a JOIN lesson l ON l.id = a.lesson_id WHERE {filter}"
    )
}

fn row(r: &Row<'_>) -> DbResult<Attendance> {
    Ok(Attendance {
        lesson: lesson_key_at(r, 0)?,
        student: PersonId(r.get(4)?),
        status: parse(AttendanceStatus::parse, &r.get::<_, String>(5)?)?,
        late_minutes: r.get(6)?,
        reason: r
            .get::<_, Option<String>>(7)?
            .map(|s| parse(AbsenceReason::parse, &s))
            .transpose()?,
        reason_hidden: false,
        excused: r.get(8)?,
        notice: r.get::<_, Option<i64>>(9)?.map(NoticeId),
        recorded_by: PersonId(r.get(10)?),
        recorded_at: instant(r.get(11)?)?,
    })
}

/// The register of a lesson.
pub(crate) fn of_lesson(c: Db<'_>, lesson_id: i64) -> Result<Vec<Attendance>> {
    let mut st = c.prepare_cached(&select("a.lesson_id = ?1 ORDER BY a.student_id"))?;
    let rows = st.query_map([lesson_id], row)?.collect::<DbResult<_>>()?;
    Ok(rows)
}

/// A student's records on lessons between two dates.
pub(crate) fn of_student(
    c: Db<'_>,
    student: PersonId,
    from: Date,
    to: Date,
) -> Result<Vec<Attendance>> {
    let mut st = c.prepare_cached(&select(
        "a.student_id = ?1 AND a.day BETWEEN ?2 AND ?3 ORDER BY l.day, l.number",
    ))?;
    let rows = st
        .query_map(params![student.0, day(from), day(to)], row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// What a summary counts of a student's records between two dates, per
/// (status, excused): how many records, and their minutes late. Read from
/// the covering index `attendance_student_day` alone.
pub(crate) fn tallies_of_student(
    c: Db<'_>,
    student: PersonId,
    from: Date,
    to: Date,
) -> Result<Vec<(AttendanceStatus, bool, u32, u32)>> {
    let mut st = c.prepare_cached(
        "SELECT status, excused, late_minutes FROM attendance
         WHERE student_id = ?1 AND day BETWEEN ?2 AND ?3",
    )?;
    let mut out: Vec<(AttendanceStatus, bool, u32, u32)> = Vec::new();
    let mut rows = st.query(params![student.0, day(from), day(to)])?;
    while let Some(r) = rows.next()? {
        let status = r.with_str(0, |text| match text {
            "present" => Ok(AttendanceStatus::Present),
            other => parse(AttendanceStatus::parse, other),
        })?;
        let excused: bool = r.get(1)?;
        let late: u32 = r.get::<_, Option<u32>>(2)?.unwrap_or(0);
        match out.iter_mut().find(|t| t.0 == status && t.1 == excused) {
            Some(t) => {
                t.2 += 1;
                t.3 += late;
            }
            None => out.push((status, excused, 1, late)),
        }
    }
    Ok(out)
}

/// Whether a lesson's register was taken (any record).
pub(crate) fn taken(c: Db<'_>, lesson_id: i64) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT 1 FROM attendance WHERE lesson_id = ?1 LIMIT 1")?
            .query_row([lesson_id], |_| Ok(()))
            .optional()?
            .is_some(),
    )
}

/// Marks a student's recorded absences between two dates excused, with a
/// reason and the notice; returns how many.
pub(crate) fn excuse_absences(
    c: Db<'_>,
    student: PersonId,
    first: Date,
    last: Date,
    reason: AbsenceReason,
    notice: NoticeId,
) -> Result<usize> {
    Ok(c.execute(
        "UPDATE attendance SET excused = 1, reason = ?4, notice_id = ?5
         WHERE student_id = ?1 AND day BETWEEN ?2 AND ?3 AND status = 'absent'",
        params![student.0, day(first), day(last), reason.as_str(), notice.0],
    )?)
}

/// How many absences a student has on record between two dates.
pub(crate) fn absences_between(
    c: Db<'_>,
    student: PersonId,
    first: Date,
    last: Date,
) -> Result<i64> {
    Ok(c.cached_row(
        "SELECT count(*) FROM attendance
         WHERE student_id = ?1 AND day BETWEEN ?2 AND ?3 AND status = 'absent'",
        params![student.0, day(first), day(last)],
        |r| r.get(0),
    )?)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_notice(
    c: Db<'_>,
    school: SchoolId,
    student: PersonId,
    kind: NoticeKind,
    first: Date,
    last: Date,
    reason: AbsenceReason,
    note: Option<&str>,
    by: PersonId,
    now: i64,
    status: NoticeStatus,
) -> Result<NoticeId> {
    c.execute(
        "INSERT INTO absence_notice (student_id, kind, first_day, last_day, reason, note, submitted_by, submitted_at, status, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![student.0, kind.as_str(), day(first), day(last), reason.as_str(), note, by.0, now, status.as_str(), school.0],
    )?;
    Ok(NoticeId(c.last_insert_rowid()?))
}

const NOTICE_COLS: &str = "id, student_id, kind, first_day, last_day, reason, note, submitted_by, submitted_at, status, decided_by, decided_at, decision_note";

fn notice_row(r: &Row<'_>) -> DbResult<AbsenceNotice> {
    Ok(AbsenceNotice {
        id: NoticeId(r.get(0)?),
        student: PersonId(r.get(1)?),
        kind: parse(NoticeKind::parse, &r.get::<_, String>(2)?)?,
        first_day: date(r.get(3)?)?,
        last_day: date(r.get(4)?)?,
        reason: Some(parse(AbsenceReason::parse, &r.get::<_, String>(5)?)?),
        note: r.get(6)?,
        submitted_by: PersonId(r.get(7)?),
        submitted_at: instant(r.get(8)?)?,
        status: parse(NoticeStatus::parse, &r.get::<_, String>(9)?)?,
        decided_by: r.get::<_, Option<i64>>(10)?.map(PersonId),
        decided_at: r.get::<_, Option<i64>>(11)?.map(instant).transpose()?,
        decision_note: r.get(12)?,
    })
}

pub(crate) fn notice(c: Db<'_>, id: NoticeId) -> Result<Option<AbsenceNotice>> {
    Ok(c.cached_row(
        &format!("SELECT {NOTICE_COLS} FROM absence_notice WHERE id = ?1"),
        [id.0],
        notice_row,
    )
    .optional()?)
}

pub(crate) fn notices_of(c: Db<'_>, student: PersonId) -> Result<Vec<AbsenceNotice>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {NOTICE_COLS} FROM absence_notice WHERE student_id = ?1 ORDER BY first_day, id"
    ))?;
    let rows = st
        .query_map([student.0], notice_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// An approved notice covering a student's date, if any.
pub(crate) fn approved_on(c: Db<'_>, student: PersonId, on: Date) -> Result<Option<AbsenceNotice>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {NOTICE_COLS} FROM absence_notice WHERE student_id = ?1 AND status = 'approved'
           AND first_day <= ?2 AND last_day >= ?2 ORDER BY id DESC LIMIT 1"
    ))?
    .query_row(params![student.0, day(on)], notice_row)
    .optional()?)
}

pub(crate) fn decide_notice(
    c: Db<'_>,
    id: NoticeId,
    status: NoticeStatus,
    by: PersonId,
    now: i64,
    note: Option<&str>,
) -> Result<()> {
    c.execute(
        "UPDATE absence_notice SET status = ?2, decided_by = ?3, decided_at = ?4, decision_note = ?5 WHERE id = ?1",
        params![id.0, status.as_str(), by.0, now, note],
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_remark(
    c: Db<'_>,
    student: PersonId,
    author: PersonId,
    school: SchoolId,
    on: Date,
    subject: Option<SubjectId>,
    kind: RemarkKind,
    text: &str,
    now: i64,
) -> Result<RemarkId> {
    c.execute(
        "INSERT INTO remark (student_id, author_id, school_id, day, subject_id, kind, text, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![student.0, author.0, school.0, day(on), subject.map(|s| s.0), kind.as_str(), text, now],
    )?;
    Ok(RemarkId(c.last_insert_rowid()?))
}

pub(crate) fn remarks_of(
    c: Db<'_>,
    student: PersonId,
    from: Date,
    to: Date,
) -> Result<Vec<Remark>> {
    let mut st = c.prepare_cached(
        "SELECT id, student_id, author_id, day, subject_id, kind, text, created_at FROM remark
         WHERE student_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day, id",
    )?;
    let rows = st
        .query_map(params![student.0, day(from), day(to)], |r| {
            Ok(Remark {
                id: RemarkId(r.get(0)?),
                student: PersonId(r.get(1)?),
                author: PersonId(r.get(2)?),
                date: date(r.get(3)?)?,
                subject: r.get::<_, Option<i64>>(4)?.map(SubjectId),
                kind: parse(RemarkKind::parse, &r.get::<_, String>(5)?)?,
                text: r.get(6)?,
                created_at: instant(r.get(7)?)?,
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
