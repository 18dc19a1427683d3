//! SQL for homework, its attachments and who marked it done.

use super::timetable::{date, day, lesson_key_at, LESSON_KEY_COLS};
use crate::error::Result;
use crate::ids::{HomeworkId, PersonId, SubjectId};
use crate::model::{Attachment, Homework, NewHomework};
use rusqlite::{params, params_from_iter, Connection, ToSql};
use std::collections::HashMap;
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
        "INSERT INTO homework (lesson_id, subject_id, set_day, due_day, text, individual, created_by, created_at, class_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT class_id FROM lesson WHERE id = ?1))",
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

/// (homework id, student) rows of `table` for the homework `ids_sql`
/// selects, grouped by homework.
fn people_of(
    c: &Connection,
    table: &str,
    ids_sql: &str,
    args: &[&dyn ToSql],
) -> Result<HashMap<i64, Vec<PersonId>>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT homework_id, student_id FROM {table} WHERE homework_id IN ({ids_sql})
         ORDER BY homework_id, student_id"
    ))?;
    let mut out: HashMap<i64, Vec<PersonId>> = HashMap::new();
    let mut rows = st.query(params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(PersonId(r.get(1)?));
    }
    Ok(out)
}

/// The attachments of the homework `ids_sql` selects, grouped by homework.
fn attachments_of(
    c: &Connection,
    ids_sql: &str,
    args: &[&dyn ToSql],
) -> Result<HashMap<i64, Vec<Attachment>>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT homework_id, name, media_type, size_bytes, url, sha256 FROM homework_attachment
         WHERE homework_id IN ({ids_sql}) ORDER BY id"
    ))?;
    let mut out: HashMap<i64, Vec<Attachment>> = HashMap::new();
    let mut rows = st.query(params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(Attachment {
            name: r.get(1)?,
            media_type: r.get(2)?,
            size: r.get::<_, i64>(3)?.max(0) as u64,
            url: r.get(4)?,
            sha256: r.get(5)?,
        });
    }
    Ok(out)
}

/// Loads homework rows selected by `where_sql` (on `homework h` joined
/// with `lesson l`), with their students, attachments and who marked them
/// done: four queries however many rows.
fn load(c: &Connection, where_sql: &str, args: &[&dyn ToSql]) -> Result<Vec<Homework>> {
    let from = format!("FROM homework h JOIN lesson l ON l.id = h.lesson_id WHERE {where_sql}");
    let mut st = c.prepare_cached(&format!(
        "SELECT h.id, {LESSON_KEY_COLS}, h.subject_id, h.due_day, h.text, h.individual
         {from} ORDER BY h.due_day, h.id"
    ))?;
    let heads = st
        .query_map(params_from_iter(args), |r| {
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
    if heads.is_empty() {
        return Ok(Vec::new());
    }
    let ids_sql = format!("SELECT h.id {from}");
    let mut students = people_of(c, "homework_student", &ids_sql, args)?;
    let mut done = people_of(c, "homework_done", &ids_sql, args)?;
    let mut files = attachments_of(c, &ids_sql, args)?;
    Ok(heads
        .into_iter()
        .map(|(id, lesson, subject, due, text, individual)| Homework {
            id: HomeworkId(id),
            lesson,
            subject,
            due,
            text,
            individual,
            students: students.remove(&id).unwrap_or_default(),
            attachments: files.remove(&id).unwrap_or_default(),
            done_by: done.remove(&id).unwrap_or_default(),
        })
        .collect())
}

/// Homework set in a lesson.
pub(crate) fn of_lesson(c: &Connection, lesson_id: i64) -> Result<Vec<Homework>> {
    load(c, "h.lesson_id = ?1", &[&lesson_id])
}

/// Homework set in a class's lessons on the dates `from`..=`to`.
pub(crate) fn set_in_class_between(
    c: &Connection,
    class: crate::ids::ClassId,
    from: Date,
    to: Date,
) -> Result<Vec<Homework>> {
    load(
        c,
        "l.class_id = ?1 AND l.day BETWEEN ?2 AND ?3",
        &[&class.0, &day(from), &day(to)],
    )
}

/// Homework of a class (any of its lessons) due on the dates
/// `from`..=`to` (through the index of homework by class and due date).
pub(crate) fn due_in_class_between(
    c: &Connection,
    class: crate::ids::ClassId,
    from: Date,
    to: Date,
) -> Result<Vec<Homework>> {
    load(
        c,
        "h.class_id = ?1 AND h.due_day BETWEEN ?2 AND ?3",
        &[&class.0, &day(from), &day(to)],
    )
}

pub(crate) fn get(c: &Connection, id: HomeworkId) -> Result<Option<Homework>> {
    Ok(load(c, "h.id = ?1", &[&id.0])?.into_iter().next())
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
