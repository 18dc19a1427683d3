//! SQL for a person's data export that no other module reads: what they
//! wrote in conversations and replies, and the homework they marked done.

use crate::error::Result;
use crate::ids::PersonId;
use crate::storage::db::Db;
use crate::storage::db::{params, DbResult};
use serde_json::{json, Value};

/// The messages a person wrote in conversations (deleted ones without
/// their text, which is gone).
pub(crate) fn chat_messages_by(c: Db<'_>, person: PersonId) -> Result<Vec<Value>> {
    let mut st = c.prepare_cached(
        "SELECT id, conversation_id, sent_at, edited_at, deleted_at, body FROM chat_message
         WHERE author_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([person.0], |r| {
            Ok(json!({
                "id": r.get::<_, i64>(0)?,
                "conversation": r.get::<_, i64>(1)?,
                "sent_at": r.get::<_, i64>(2)?,
                "edited_at": r.get::<_, Option<i64>>(3)?,
                "deleted_at": r.get::<_, Option<i64>>(4)?,
                "text": r.get::<_, Option<String>>(5)?,
            }))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// A person's replies to teachers' messages.
pub(crate) fn replies_by(c: Db<'_>, person: PersonId) -> Result<Vec<Value>> {
    let mut st = c.prepare_cached(
        "SELECT message_id, at, text, signed_at FROM teacher_message_reply WHERE replier_id = ?1
         ORDER BY at",
    )?;
    let rows = st
        .query_map([person.0], |r| {
            Ok(json!({
                "message": r.get::<_, i64>(0)?,
                "at": r.get::<_, i64>(1)?,
                "text": r.get::<_, String>(2)?,
                "signed_at": r.get::<_, Option<i64>>(3)?,
            }))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The homework a student marked done.
pub(crate) fn homework_done_by(c: Db<'_>, student: PersonId) -> Result<Vec<Value>> {
    let mut st = c.prepare_cached(
        "SELECT homework_id, done_at FROM homework_done WHERE student_id = ?1 ORDER BY done_at",
    )?;
    let rows = st
        .query_map([student.0], |r| {
            Ok(json!({"homework": r.get::<_, i64>(0)?, "done_at": r.get::<_, i64>(1)?}))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// How many students a class has on `day` (classmates appear only as a
/// count).
pub(crate) fn class_size(c: Db<'_>, class: crate::ids::ClassId, day: time::Date) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT count(DISTINCT student_id) FROM enrolment WHERE class_id = ?1 AND start_date <= ?2
           AND (end_date IS NULL OR ?2 <= end_date)",
    )?
    .query_row(params![class.0, day], |r| r.get(0))?)
}

/// A person's staff roles: (school, role).
pub(crate) fn staff_roles_of(c: Db<'_>, person: PersonId) -> Result<Vec<Value>> {
    let mut st =
        c.prepare_cached("SELECT school_id, role FROM staff WHERE person_id = ?1 ORDER BY 1, 2")?;
    let rows = st
        .query_map([person.0], |r| {
            Ok(json!({"school": r.get::<_, i64>(0)?, "role": r.get::<_, String>(1)?}))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
