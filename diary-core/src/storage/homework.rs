//! SQL for homework, its attachments and who marked it done.

use super::timetable::{date, day, lesson_key_at, LESSON_KEY_COLS};
use crate::error::Result;
use crate::ids::{HomeworkId, PersonId, SubjectId};
use crate::model::{Attachment, Homework, NewHomework};
use rusqlite::{params, Connection};
use time::Date;

pub(crate) fn insert(
    c: &Connection,
    lesson_id: i64,
    subject: SubjectId,
    set_on: Date,
    h: &NewHomework,
    by: PersonId,
    now: i64,
) -> Result<HomeworkId> {
    c.execute(
        "INSERT INTO homework (lesson_id, subject_id, set_day, due_day, text, individual, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            lesson_id,
            subject.0,
            day(set_on),
            day(h.due),
            h.text,
            !h.students.is_empty(),
            by.0,
            now
        ],
    )?;
    let id = c.last_insert_rowid();
    for s in &h.students {
        c.execute(
            "INSERT OR IGNORE INTO homework_student (homework_id, student_id) VALUES (?1, ?2)",
            params![id, s.0],
        )?;
    }
    for a in &h.attachments {
        c.execute(
            "INSERT INTO homework_attachment (homework_id, name, media_type, size_bytes, url, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, a.name, a.media_type, a.size as i64, a.url, a.sha256],
        )?;
    }
    Ok(HomeworkId(id))
}

fn ids(c: &Connection, sql: &str, id: i64) -> Result<Vec<PersonId>> {
    let mut st = c.prepare_cached(sql)?;
    let rows = st
        .query_map([id], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn attachments(c: &Connection, id: i64) -> Result<Vec<Attachment>> {
    let mut st = c.prepare_cached(
        "SELECT name, media_type, size_bytes, url, sha256 FROM homework_attachment WHERE homework_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([id], |r| {
            Ok(Attachment {
                name: r.get(0)?,
                media_type: r.get(1)?,
                size: r.get::<_, i64>(2)?.max(0) as u64,
                url: r.get(3)?,
                sha256: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Loads homework rows selected by `where_sql` (on `homework h` joined
/// with `lesson l`).
fn load(c: &Connection, where_sql: &str, args: impl rusqlite::Params) -> Result<Vec<Homework>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT h.id, {LESSON_KEY_COLS}, h.subject_id, h.due_day, h.text, h.individual
         FROM homework h JOIN lesson l ON l.id = h.lesson_id WHERE {where_sql} ORDER BY h.due_day, h.id"
    ))?;
    let heads = st
        .query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                lesson_key_at(r, 1)?,
                SubjectId(r.get(5)?),
                date(r.get(6)?)?,
                r.get::<_, String>(7)?,
                r.get::<_, bool>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    heads
        .into_iter()
        .map(|(id, lesson, subject, due, text, individual)| {
            Ok(Homework {
                id: HomeworkId(id),
                lesson,
                subject,
                due,
                text,
                individual,
                students: ids(c, "SELECT student_id FROM homework_student WHERE homework_id = ?1 ORDER BY student_id", id)?,
                attachments: attachments(c, id)?,
                done_by: ids(c, "SELECT student_id FROM homework_done WHERE homework_id = ?1 ORDER BY student_id", id)?,
            })
        })
        .collect()
}

/// Homework set in a lesson.
pub(crate) fn of_lesson(c: &Connection, lesson_id: i64) -> Result<Vec<Homework>> {
    load(c, "h.lesson_id = ?1", [lesson_id])
}

/// Homework of a class (any of its lessons) due on a date.
pub(crate) fn due_in_class(
    c: &Connection,
    class: crate::ids::ClassId,
    due: Date,
) -> Result<Vec<Homework>> {
    load(
        c,
        "l.class_id = ?1 AND h.due_day = ?2",
        params![class.0, day(due)],
    )
}

pub(crate) fn get(c: &Connection, id: HomeworkId) -> Result<Option<Homework>> {
    Ok(load(c, "h.id = ?1", [id.0])?.into_iter().next())
}

pub(crate) fn set_done(
    c: &Connection,
    id: HomeworkId,
    student: PersonId,
    done: bool,
    now: i64,
) -> Result<()> {
    if done {
        c.execute(
            "INSERT OR IGNORE INTO homework_done (homework_id, student_id, done_at) VALUES (?1, ?2, ?3)",
            params![id.0, student.0, now],
        )?;
    } else {
        c.execute(
            "DELETE FROM homework_done WHERE homework_id = ?1 AND student_id = ?2",
            params![id.0, student.0],
        )?;
    }
    Ok(())
}
