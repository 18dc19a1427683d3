//! SQL for one-time transfer codes (a school releases a student to another).

use crate::error::Result;
use crate::ids::{PersonId, SchoolId};
use crate::storage::db::{params, Db, OptionalExtension};

pub(crate) fn insert(
    c: Db<'_>,
    student: PersonId,
    from_school: SchoolId,
    hash: &str,
    issued_by: PersonId,
    now: i64,
    expires: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO transfer_code (school_id, student_id, from_school, code_hash, issued_by, created_at, expires_at)
         VALUES (?2, ?1, ?2, ?3, ?4, ?5, ?6)",
        params![student.0, from_school.0, hash, issued_by.0, now, expires],
    )?;
    Ok(())
}

/// An unused, unexpired code by its hash: (id, student).
pub(crate) fn live(c: Db<'_>, hash: &str, now: i64) -> Result<Option<(i64, PersonId)>> {
    Ok(c
        .query_row(
            "SELECT id, student_id FROM transfer_code WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
            params![hash, now],
            |r| Ok((r.get::<_, i64>(0)?, PersonId(r.get(1)?))),
        )
        .optional()?)
}

pub(crate) fn mark_used(c: Db<'_>, id: i64, by: PersonId, now: i64) -> Result<()> {
    c.execute(
        "UPDATE transfer_code SET used_at = ?2, used_by = ?3 WHERE id = ?1",
        params![id, now, by.0],
    )?;
    Ok(())
}
