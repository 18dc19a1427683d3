//! SQL for homework, its attachments and who marked it done.

use super::timetable::{date, day, lesson_key_at, LESSON_KEY_COLS};
use crate::error::{Error, Result};
use crate::ids::{HomeworkId, PersonId, SchoolId, SubjectId};
use crate::model::{Attachment, Homework, NewHomework};
use crate::storage::db::{params, Db, DbResult, Param};
use std::collections::HashMap;
use time::Date;

/// Stores new homework of a lesson of `school`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    c: Db<'_>,
    school: SchoolId,
    lesson_id: i64,
    subject: SubjectId,
    set_on: Date,
    h: &NewHomework,
    by: PersonId,
    now: i64,
) -> Result<HomeworkId> {
    c.execute(
        "INSERT INTO homework (school_id, lesson_id, subject_id, set_day, due_day, text, individual, created_by, created_at, class_id)
         VALUES (?9, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT class_id FROM lesson WHERE id = ?1))",
        params![
            lesson_id,
            subject.0,
            day(set_on),
            day(h.due),
            h.text,
            !h.students.is_empty(),
            by.0,
            now,
            school.0
        ],
    )?;
    let id = c.last_insert_rowid()?;
    for s in &h.students {
        c.execute(
            "INSERT INTO homework_student (school_id, homework_id, student_id) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![school.0, id, s.0],
        )?;
    }
    for a in &h.attachments {
        c.execute(
            "INSERT INTO homework_attachment (school_id, homework_id, name, media_type, size_bytes, url, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![school.0, id, a.name, a.media_type, a.size as i64, a.url, a.sha256],
        )?;
    }
    Ok(HomeworkId(id))
}

/// A homework row without its students, attachments and done-marks.
type Head = (i64, crate::model::LessonKey, SubjectId, Date, String, bool);

/// The homework rows `where_sql` selects (on `homework h` joined with
/// `lesson l`), by due date.
fn heads(c: Db<'_>, where_sql: &str, args: &[&dyn Param]) -> Result<Vec<Head>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT h.id, {LESSON_KEY_COLS}, h.subject_id, h.due_day, h.text, h.individual
         FROM homework h JOIN lesson l ON l.id = h.lesson_id WHERE {where_sql}
         ORDER BY h.due_day, h.id"
    ))?;
    let rows = st
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
        .collect::<DbResult<Vec<_>>>()?;
    Ok(rows)
}

/// The students, attachments and done-marks of some homework: one query
/// however many.
struct Details {
    students: HashMap<i64, Vec<PersonId>>,
    done: HashMap<i64, Vec<PersonId>>,
    files: HashMap<i64, Vec<Attachment>>,
}

impl Details {
    /// The details of `heads`; with `only`, the lists of students and of
    /// who marked it done hold that student alone (what a family sees).
    fn of<'h>(
        c: Db<'_>,
        heads: impl IntoIterator<Item = &'h Head>,
        only: Option<PersonId>,
    ) -> Result<Details> {
        let mut ids: Vec<i64> = heads.into_iter().map(|h| h.0).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut d = Details {
            students: HashMap::new(),
            done: HashMap::new(),
            files: HashMap::new(),
        };
        if ids.is_empty() {
            return Ok(d);
        }
        // One statement for the three tables: (which, homework, the
        // student or the attachment's id, the attachment's columns).
        let mut st = c.prepare_cached(&format!(
            "WITH ids(id) AS MATERIALIZED ({})
             SELECT 0, homework_id, student_id, NULL, NULL, CAST(NULL AS BIGINT), NULL, NULL
               FROM homework_student WHERE homework_id IN (SELECT id FROM ids)
                AND (CAST(?2 AS BIGINT) IS NULL OR student_id = ?2)
             UNION ALL
             SELECT 1, homework_id, student_id, NULL, NULL, CAST(NULL AS BIGINT), NULL, NULL
               FROM homework_done WHERE homework_id IN (SELECT id FROM ids)
                AND (CAST(?2 AS BIGINT) IS NULL OR student_id = ?2)
             UNION ALL
             SELECT 2, homework_id, id, name, media_type, size_bytes, url, sha256
               FROM homework_attachment WHERE homework_id IN (SELECT id FROM ids)
             ORDER BY 1, 2, 3",
            c.json_ids(1)
        ))?;
        // The ids as a JSON array, read back as rows: one cached
        // statement whatever their number.
        let ids = serde_json::to_string(&ids).map_err(|e| Error::Internal(e.to_string()))?;
        let mut rows = st.query(params![ids, only.map(|p| p.0)])?;
        while let Some(r) = rows.next()? {
            let homework: i64 = r.get(1)?;
            match r.get::<_, i64>(0)? {
                0 => d
                    .students
                    .entry(homework)
                    .or_default()
                    .push(PersonId(r.get(2)?)),
                1 => d
                    .done
                    .entry(homework)
                    .or_default()
                    .push(PersonId(r.get(2)?)),
                _ => d.files.entry(homework).or_default().push(Attachment {
                    name: r.get(3)?,
                    media_type: r.get(4)?,
                    size: r.get::<_, i64>(5)?.max(0) as u64,
                    url: r.get(6)?,
                    sha256: r.get(7)?,
                }),
            }
        }
        Ok(d)
    }

    fn homework(&self, (id, lesson, subject, due, text, individual): Head) -> Homework {
        Homework {
            id: HomeworkId(id),
            lesson,
            subject,
            due,
            text,
            individual,
            students: self.students.get(&id).cloned().unwrap_or_default(),
            attachments: self.files.get(&id).cloned().unwrap_or_default(),
            done_by: self.done.get(&id).cloned().unwrap_or_default(),
        }
    }
}

/// Loads homework rows selected by `where_sql` (on `homework h` joined
/// with `lesson l`), with their students, attachments and who marked them
/// done: two queries however many rows.
fn load(c: Db<'_>, where_sql: &str, args: &[&dyn Param]) -> Result<Vec<Homework>> {
    let heads = heads(c, where_sql, args)?;
    let details = Details::of(c, &heads, None)?;
    Ok(heads.into_iter().map(|h| details.homework(h)).collect())
}

/// Homework set in a lesson.
pub(crate) fn of_lesson(c: Db<'_>, lesson_id: i64) -> Result<Vec<Homework>> {
    load(c, "h.lesson_id = ?1", &[&lesson_id])
}

/// Homework of a class (any of its lessons) due on the dates
/// `from`..=`to` (through the index of homework by class and due date).
pub(crate) fn due_in_class_between(
    c: Db<'_>,
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

/// A class's homework set in its lessons on `from`..=`to`, and its
/// homework due on those dates, by due date, loaded together (a week's
/// two lists overlap; each row is read once): three queries however many
/// rows. With `only`, the lists of students and of who marked it done
/// hold that student alone (a family's view reads no classmates).
pub(crate) fn of_class_between(
    c: Db<'_>,
    class: crate::ids::ClassId,
    from: Date,
    to: Date,
    only: Option<PersonId>,
) -> Result<(Vec<Homework>, Vec<Homework>)> {
    let args: [&dyn Param; 3] = [&class.0, &day(from), &day(to)];
    let set = heads(c, "l.class_id = ?1 AND l.day BETWEEN ?2 AND ?3", &args)?;
    // Due on the dates and set in a lesson outside them (those set inside
    // them are in `set` already: a homework's class is its lesson's).
    let due_else = heads(
        c,
        "h.class_id = ?1 AND h.due_day BETWEEN ?2 AND ?3 AND l.day NOT BETWEEN ?2 AND ?3",
        &args,
    )?;
    let details = Details::of(c, set.iter().chain(&due_else), only)?;
    let mut due: Vec<Homework> = set
        .iter()
        .filter(|h| from <= h.3 && h.3 <= to)
        .cloned()
        .chain(due_else)
        .map(|h| details.homework(h))
        .collect();
    due.sort_by_key(|h| (h.due, h.id.0));
    Ok((set.into_iter().map(|h| details.homework(h)).collect(), due))
}

pub(crate) fn get(c: Db<'_>, id: HomeworkId) -> Result<Option<Homework>> {
    Ok(load(c, "h.id = ?1", &[&id.0])?.into_iter().next())
}

/// Marks homework of `school` done by `student`, or not done.
pub(crate) fn set_done(
    c: Db<'_>,
    school: SchoolId,
    id: HomeworkId,
    student: PersonId,
    done: bool,
    now: i64,
) -> Result<()> {
    if done {
        c.execute(
            "INSERT INTO homework_done (school_id, homework_id, student_id, done_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT DO NOTHING",
            params![school.0, id.0, student.0, now],
        )?;
    } else {
        c.execute(
            "DELETE FROM homework_done WHERE homework_id = ?1 AND student_id = ?2",
            params![id.0, student.0],
        )?;
    }
    Ok(())
}
