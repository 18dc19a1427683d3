//! The change feed's storage (migration 0028): the records the triggers
//! write, the feed's state, and the queries `diary/changes.rs` reads it
//! with.

use crate::error::{Error, Result};
use crate::ids::{ClassId, PersonId, SchoolId, SubjectId};
use crate::model::{FeedChange, FeedEntity, FeedOperation};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension, Row};

/// Stamps the write's time (the diary's clock) on the records a write
/// transaction added after position `before`, up to `after`.
///
/// Both bounds are named: PostgreSQL plans a prepared statement once for
/// any parameters after a few runs, and for an open range (`seq > $1`)
/// that plan scans the whole feed — 2.4 ms a write in the region
/// benchmark, where a closed range is an index lookup.
pub(crate) fn stamp(c: Db<'_>, before: i64, after: i64, now: i64) -> Result<()> {
    c.prepare_cached("UPDATE change SET at = ?3 WHERE seq > ?1 AND seq <= ?2")?
        .execute([before, after, now])?;
    Ok(())
}

/// The feed's newest position (0 when nothing was ever recorded).
pub(crate) fn head(c: Db<'_>) -> Result<i64> {
    Ok(c.cached_row(
        "SELECT seq + span - 1 FROM change ORDER BY seq DESC LIMIT 1",
        (),
        |r| r.get(0),
    )
    .optional()?
    .unwrap_or(0))
}

/// How far the feed was pruned, and the retention in days.
pub(crate) fn state(c: Db<'_>) -> Result<(i64, u32)> {
    Ok(c.cached_row(
        "SELECT pruned_through, retention_days FROM feed_state WHERE id = 1",
        (),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Sets the retention (1–3660 days; checked by the caller and the schema).
pub(crate) fn set_retention(c: Db<'_>, days: u32) -> Result<()> {
    c.execute(
        "UPDATE feed_state SET retention_days = ?1 WHERE id = 1",
        [days],
    )?;
    Ok(())
}

/// Deletes the records written before `cutoff` (Unix seconds), always
/// keeping the newest one (so that positions never go back); returns how
/// many were deleted.
pub(crate) fn prune(c: Db<'_>, cutoff: i64) -> Result<u64> {
    // Records are written in time order, so the first one at or after the
    // cutoff is found by walking from the oldest: as many steps as there
    // are records to delete.
    let first_kept: Option<i64> = c
        .cached_row(
            "SELECT seq FROM change WHERE at >= ?1 ORDER BY seq LIMIT 1",
            [cutoff],
            |r| r.get(0),
        )
        .optional()?;
    let newest: Option<i64> = c.cached_row("SELECT max(seq) FROM change", (), |r| r.get(0))?;
    let Some(first_kept) = first_kept.or(newest) else {
        return Ok(0);
    };
    let n = c.execute("DELETE FROM change WHERE seq < ?1", [first_kept])?;
    if n > 0 {
        c.execute(
            "UPDATE feed_state SET pruned_through = CASE WHEN pruned_through > ?1 - 1 THEN pruned_through ELSE CAST(?1 AS BIGINT) - 1 END WHERE id = 1",
            [first_kept],
        )?;
    }
    Ok(n as u64)
}

/// Switches the mark insert trigger off while a bulk import writes its
/// records itself (and back on).
pub(crate) fn set_bulk(c: Db<'_>, on: bool) -> Result<()> {
    c.prepare_cached("UPDATE feed_state SET bulk = ?1 WHERE id = 1")?
        .execute([i64::from(on)])?;
    Ok(())
}

/// A run of one student's marks in one class with consecutive ids, as a
/// bulk import inserts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MarkRun {
    pub student: PersonId,
    pub class: ClassId,
    pub first: i64,
    pub count: i64,
}

/// Writes one record per run of marks just inserted by a bulk import: the
/// record owns one feed position per mark, and readers expand it from the
/// mark table. (One record per mark would cost a quarter of the import.)
pub(crate) fn record_mark_runs(c: Db<'_>, runs: &[MarkRun]) -> Result<()> {
    let mut next = head(c)? + 1;
    let mut st = c.prepare_cached(
        "INSERT INTO change (seq, span, at, school_id, kind, entity, op, student_id, class_id)
         VALUES (?1, ?2, NULL, (SELECT school_id FROM class WHERE id = ?5), 0, ?3, 0, ?4, ?5)",
    )?;
    for r in runs {
        st.execute(params![next, r.count, r.first, r.student.0, r.class.0])?;
        next += r.count;
    }
    Ok(())
}

const COLUMNS: &str =
    "SELECT seq, at, school_id, kind, entity, op, student_id, class_id, subject_id, day,
    old_value, new_value, detail, span FROM change";

/// A stored record: one change, or (`run`) a bulk import's run of marks
/// whose first mark is `change.id`, expanded by [`expand`].
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub change: FeedChange,
    pub span: i64,
}

impl Stored {
    /// The last feed position the record owns.
    pub(crate) fn end(&self) -> i64 {
        self.change.seq + self.span - 1
    }

    fn is_run(&self) -> bool {
        self.change.entity == FeedEntity::Mark
            && self.change.operation == FeedOperation::Created
            && self.change.subject.is_none()
    }
}

fn row(r: &Row<'_>) -> DbResult<Stored> {
    let conv = |i: usize, e: Error| DbError::undecodable(i, e);
    let day: Option<i64> = r.get(9)?;
    Ok(Stored {
        change: FeedChange {
            seq: r.get(0)?,
            at: r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            school: SchoolId(r.get(2)?),
            entity: FeedEntity::from_code("kind", r.get(3)?).map_err(|e| conv(3, e))?,
            id: r.get(4)?,
            operation: FeedOperation::from_code("op", r.get(5)?).map_err(|e| conv(5, e))?,
            student: r.get::<_, Option<i64>>(6)?.map(PersonId),
            class: r.get::<_, Option<i64>>(7)?.map(ClassId),
            subject: r.get::<_, Option<i64>>(8)?.map(SubjectId),
            date: day.map(super::timetable::date).transpose()?,
            old_value: r.get(10)?,
            new_value: r.get(11)?,
            detail: r.get(12)?,
        },
        span: r.get(13)?,
    })
}

/// Where a source of candidate records looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// Every record of a school, in order.
    School(SchoolId),
    /// The records about one student.
    Student(PersonId),
    /// A class's own records (homework, timetable, lesson changes).
    Class(ClassId),
}

impl Source {
    /// Whether a record is one this source finds.
    pub(crate) fn finds(&self, s: &Stored) -> bool {
        match *self {
            Source::School(k) => s.change.school == k,
            Source::Student(p) => s.change.student == Some(p),
            Source::Class(k) => s.change.student.is_none() && s.change.class == Some(k),
        }
    }
}

/// Up to `limit` records of `source` that start after `cursor`, oldest
/// first.
pub(crate) fn after(c: Db<'_>, source: Source, cursor: i64, limit: u32) -> Result<Vec<Stored>> {
    let (sql, key) = match source {
        Source::School(s) => (
            format!("{COLUMNS} WHERE seq > ?1 AND school_id = ?2 ORDER BY seq LIMIT ?3"),
            s.0,
        ),
        Source::Student(p) => (
            format!("{COLUMNS} WHERE student_id = ?2 AND seq > ?1 ORDER BY seq LIMIT ?3"),
            p.0,
        ),
        Source::Class(k) => (
            format!(
                "{COLUMNS} WHERE class_id = ?2 AND student_id IS NULL AND seq > ?1 \
                 ORDER BY seq LIMIT ?3"
            ),
            k.0,
        ),
    };
    let mut st = c.prepare_cached(&sql)?;
    let rows = st
        .query_map(params![cursor, key, limit], row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The record that owns position `cursor + 1` but starts at or before
/// `cursor` (a run the cursor points into), if any.
pub(crate) fn straddling(c: Db<'_>, cursor: i64) -> Result<Option<Stored>> {
    let s = c
        .cached_row(
            &format!("{COLUMNS} WHERE seq <= ?1 ORDER BY seq DESC LIMIT 1"),
            [cursor],
            row,
        )
        .optional()?;
    Ok(s.filter(|s| s.end() > cursor))
}

/// The records owning positions `from + 1 ..= to`, at most `limit`,
/// oldest first (for the change listener).
pub(crate) fn range(c: Db<'_>, from: i64, to: i64, limit: u32) -> Result<Vec<Stored>> {
    let mut out: Vec<Stored> = straddling(c, from)?.into_iter().collect();
    let mut st = c.prepare_cached(&format!(
        "{COLUMNS} WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3"
    ))?;
    for r in st.query_map(params![from, to, limit], row)? {
        out.push(r?);
    }
    Ok(out)
}

/// The changes a record holds after `cursor`, at most `limit`: itself, or
/// for a run of imported marks one change per mark (with the mark's
/// current class, subject, day and label).
pub(crate) fn expand(c: Db<'_>, s: Stored, cursor: i64, limit: u32) -> Result<Vec<FeedChange>> {
    if !s.is_run() {
        return Ok(if s.change.seq > cursor {
            vec![s.change]
        } else {
            Vec::new()
        });
    }
    let skip = (cursor + 1 - s.change.seq).max(0);
    let take = (s.span - skip).min(i64::from(limit));
    if take <= 0 {
        return Ok(Vec::new());
    }
    let first = s.change.id + skip;
    let mut st = c.prepare_cached(
        "SELECT id, subject_id, class_id, lesson_day, label FROM mark
         WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    let base = s.change;
    let rows = st
        .query_map([first, first + take - 1], |r| {
            let id: i64 = r.get(0)?;
            Ok(FeedChange {
                seq: base.seq + (id - base.id),
                id,
                subject: Some(SubjectId(r.get(1)?)),
                class: Some(ClassId(r.get(2)?)),
                date: Some(super::timetable::date(r.get(3)?)?),
                new_value: Some(r.get(4)?),
                ..base.clone()
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Whether `student` is one of an individual homework's students.
pub(crate) fn homework_is_for(c: Db<'_>, homework: i64, student: PersonId) -> Result<bool> {
    Ok(c.cached_row(
        "SELECT EXISTS (SELECT 1 FROM homework_student WHERE homework_id = ?1 AND student_id = ?2)",
        [homework, student.0],
        |r| r.get(0),
    )?)
}

/// The classes a student was ever enrolled in.
pub(crate) fn classes_of_student(c: Db<'_>, student: PersonId) -> Result<Vec<ClassId>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT class_id FROM enrolment WHERE student_id = ?1 ORDER BY class_id",
    )?;
    let rows = st
        .query_map([student.0], |r| Ok(ClassId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The students a person may see as family: their children and, for a
/// trusted person, the children of their grants (active or not; the
/// policy decides per record).
pub(crate) fn family_children(c: Db<'_>, person: PersonId) -> Result<Vec<PersonId>> {
    let mut st = c.prepare_cached(
        "SELECT student_id FROM guardianship WHERE guardian_id = ?1
         UNION SELECT student_id FROM trusted_grant WHERE invitee_id = ?1
         UNION SELECT student_id FROM enrolment WHERE student_id = ?1
         ORDER BY 1",
    )?;
    let rows = st
        .query_map([person.0], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The schools where a person is on the staff (teacher or admin).
pub(crate) fn staff_schools(c: Db<'_>, person: PersonId) -> Result<Vec<SchoolId>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT school_id FROM staff WHERE person_id = ?1 ORDER BY school_id",
    )?;
    let rows = st
        .query_map([person.0], |r| Ok(SchoolId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
