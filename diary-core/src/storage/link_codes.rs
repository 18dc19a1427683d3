//! SQL for parents' one-time link codes (A5).

use crate::error::Result;
use crate::ids::{PersonId, SchoolId};
use crate::model::{Guardianship, Relation};
use crate::storage::db::{params, Db, OptionalExtension};

/// Stores a code (by its hash) that links a guardian to a pupil of `school`.
pub(crate) fn insert(
    c: Db<'_>,
    school: SchoolId,
    link: &Guardianship,
    hash: &str,
    issued_by: PersonId,
    now: i64,
    expires: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO link_code (student_id, relation, legal_representative, code_hash, issued_by, created_at, expires_at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![link.student.0, link.relation.as_str(), link.legal_representative, hash, issued_by.0, now, expires, school.0],
    )?;
    Ok(())
}

/// An unused, unexpired code by its hash: its id and the link it grants
/// (with `guardian` still to be filled in).
pub(crate) fn live(c: Db<'_>, hash: &str, now: i64) -> Result<Option<(i64, Guardianship)>> {
    let row = c
        .query_row(
            "SELECT id, student_id, relation, legal_representative FROM link_code
             WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
            params![hash, now],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    PersonId(r.get(1)?),
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                ))
            },
        )
        .optional()?;
    row.map(|(id, student, relation, legal_representative)| {
        Ok((
            id,
            Guardianship {
                student,
                guardian: student,
                relation: Relation::parse("relation", &relation)?,
                legal_representative,
            },
        ))
    })
    .transpose()
}

pub(crate) fn mark_used(c: Db<'_>, id: i64, by: PersonId, now: i64) -> Result<()> {
    c.execute(
        "UPDATE link_code SET used_at = ?2, used_by = ?3 WHERE id = ?1",
        params![id, now, by.0],
    )?;
    Ok(())
}

/// Wrong codes `person` entered since `since`.
pub(crate) fn failures_since(c: Db<'_>, person: PersonId, since: i64) -> Result<i64> {
    Ok(c.cached_row(
        "SELECT count(*) FROM link_code_failure WHERE person_id = ?1 AND at > ?2",
        params![person.0, since],
        |r| r.get(0),
    )?)
}

pub(crate) fn record_failure(c: Db<'_>, person: PersonId, now: i64) -> Result<()> {
    c.execute(
        "INSERT INTO link_code_failure (person_id, at) VALUES (?1, ?2)",
        params![person.0, now],
    )?;
    Ok(())
}
