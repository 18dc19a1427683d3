//! SQL for erasing a person's identifying data: each statement replaces
//! or removes one category and says how many rows it touched.

use crate::error::Result;
use crate::ids::{PersonId, SchoolId};
use crate::model::{ErasureGround, ErasureRecord};
use crate::storage::db::{params, Db, DbError, OptionalExtension};
use time::OffsetDateTime;

/// Replaces the person's name, birth date and SNILS with a pseudonym.
pub(crate) fn pseudonymise(c: Db<'_>, person: PersonId, pseudonym: &str) -> Result<u64> {
    Ok(c.prepare_cached(
        "UPDATE person SET surname = 'Erased', first_name = ?2, patronymic = NULL,
           birth_date = '1900-01-01', snils = NULL WHERE id = ?1",
    )?
    .execute(params![person.0, pseudonym])? as u64)
}

/// One erasing statement per category, all naming the person as ?1 (and
/// the time as ?2 where it is recorded).
pub(crate) const STEPS: &[(&str, &str)] = &[
    ("contacts", "DELETE FROM contact WHERE person_id = ?1"),
    ("one_time_secrets", "DELETE FROM one_time_secret WHERE person_id = ?1"),
    (
        "sessions",
        "UPDATE session SET revoked_at = ?2 WHERE person_id = ?1 AND revoked_at IS NULL",
    ),
    (
        "account",
        "UPDATE account SET login = 'erased-' || person_id, password = '!', disabled = 1,
           must_change = 0, temporary_expires_at = NULL WHERE person_id = ?1",
    ),
    (
        "guardianships",
        "DELETE FROM guardianship WHERE guardian_id = ?1 OR student_id = ?1",
    ),
    (
        "trusted_grants",
        "UPDATE trusted_grant SET revoked_at = ?2
         WHERE (invitee_id = ?1 OR student_id = ?1 OR inviter_id = ?1) AND revoked_at IS NULL",
    ),
    (
        "message_versions",
        "DELETE FROM chat_message_version WHERE message_id IN (SELECT id FROM chat_message WHERE author_id = ?1)",
    ),
    (
        "messages_written",
        "UPDATE chat_message SET body = NULL, attachments = '[]', deleted_at = ?2
         WHERE author_id = ?1 AND deleted_at IS NULL",
    ),
    (
        "replies_written",
        "UPDATE teacher_message_reply SET text = '' WHERE replier_id = ?1",
    ),
    (
        "notification_preferences",
        "DELETE FROM notification_preference WHERE person_id = ?1",
    ),
    ("notifications_queued", "DELETE FROM notification_queue WHERE person_id = ?1"),
    (
        "corrections",
        "UPDATE person_correction SET before = '{\"erased\":true}', after = '{\"erased\":true}',
           reason = 'erased', note = NULL WHERE person_id = ?1",
    ),
    (
        "applications",
        "UPDATE access_application SET applicant_surname = 'Erased', applicant_first_name = 'Erased',
           applicant_patronymic = NULL, applicant_birth_date = '1900-01-01', applicant_snils = NULL,
           note = NULL
         WHERE person_id = ?1",
    ),
];

/// Runs every step; (category, rows) for the record.
pub(crate) fn erase_all(c: Db<'_>, person: PersonId, now: i64) -> Result<Vec<(String, u64)>> {
    let mut out = Vec::new();
    for (what, sql) in STEPS {
        let n = if sql.contains("?2") {
            c.prepare_cached(sql)?.execute(params![person.0, now])?
        } else {
            c.prepare_cached(sql)?.execute(params![person.0])?
        };
        out.push(((*what).to_owned(), n as u64));
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    c: Db<'_>,
    person: PersonId,
    school: Option<SchoolId>,
    ground: ErasureGround,
    note: Option<&str>,
    erased: &[(String, u64)],
    by: Option<PersonId>,
    now: i64,
) -> Result<()> {
    let erased =
        serde_json::to_string(erased).map_err(|e| crate::error::Error::Internal(e.to_string()))?;
    c.prepare_cached(
        "INSERT INTO erasure_record (person_id, school_id, ground, note, erased, erased_at, erased_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        person.0,
        school.map(|s| s.0),
        ground.as_str(),
        note,
        erased,
        now,
        by.map(|p| p.0)
    ])?;
    Ok(())
}

/// The record of a person's erasure, if they were erased.
pub(crate) fn of_person(c: Db<'_>, person: PersonId) -> Result<Option<ErasureRecord>> {
    Ok(c.prepare_cached(
        "SELECT e.person_id, p.first_name, e.school_id, e.ground, e.note, e.erased, e.erased_at, e.erased_by
         FROM erasure_record e JOIN person p ON p.id = e.person_id WHERE e.person_id = ?1",
    )?
    .query_row([person.0], |r| {
        let ground: String = r.get(3)?;
        let erased: String = r.get(5)?;
        let bad = |i, e: crate::error::Error| {
            DbError::undecodable(i, e)
        };
        Ok(ErasureRecord {
            person: PersonId(r.get(0)?),
            pseudonym: r.get(1)?,
            school: r.get::<_, Option<i64>>(2)?.map(SchoolId),
            ground: ErasureGround::parse("ground", &ground).map_err(|e| bad(3, e))?,
            note: r.get(4)?,
            erased: serde_json::from_str(&erased)
                .map_err(|e| bad(5, crate::error::Error::Internal(e.to_string())))?,
            erased_at: OffsetDateTime::from_unix_timestamp(r.get(6)?)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
            erased_by: r.get::<_, Option<i64>>(7)?.map(PersonId),
        })
    })
    .optional()?)
}
