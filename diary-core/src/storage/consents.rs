//! SQL for consent texts and the append-only history of decisions.

use crate::error::{Error, Result};
use crate::ids::{PersonId, SchoolId};
use crate::model::{ConsentChannel, ConsentDecision, ConsentPurpose, ConsentRecord, ConsentText};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension, Row};
use time::OffsetDateTime;

fn instant(s: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(s).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn bad(i: usize, e: Error) -> DbError {
    DbError::undecodable(i, e)
}

fn text_row(r: &Row<'_>) -> DbResult<ConsentText> {
    let purpose: String = r.get(1)?;
    Ok(ConsentText {
        school: SchoolId(r.get(0)?),
        purpose: ConsentPurpose::parse("purpose", &purpose).map_err(|e| bad(1, e))?,
        version: r.get(2)?,
        body: r.get(3)?,
        published_at: instant(r.get(4)?),
    })
}

/// Publishes the next version of a school's text for `purpose`.
pub(crate) fn publish(
    c: Db<'_>,
    school: SchoolId,
    purpose: ConsentPurpose,
    body: &str,
    by: Option<PersonId>,
    now: i64,
) -> Result<ConsentText> {
    Ok(c.prepare_cached(
        "INSERT INTO consent_text (school_id, purpose, version, body, published_at, published_by)
         VALUES (?1, ?2, (SELECT coalesce(max(version), 0) + 1 FROM consent_text WHERE school_id = ?1 AND purpose = ?2),
                 ?3, ?4, ?5)
         RETURNING school_id, purpose, version, body, published_at",
    )?
    .query_row(
        params![school.0, purpose.as_str(), body, now, by.map(|p| p.0)],
        text_row,
    )?)
}

/// Every version of a school's texts, by purpose and version.
pub(crate) fn texts(c: Db<'_>, school: SchoolId) -> Result<Vec<ConsentText>> {
    let mut st = c.prepare_cached(
        "SELECT school_id, purpose, version, body, published_at FROM consent_text
         WHERE school_id = ?1 ORDER BY purpose, version",
    )?;
    let rows = st
        .query_map([school.0], text_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The latest version of a school's text for `purpose`.
pub(crate) fn latest_version(
    c: Db<'_>,
    school: SchoolId,
    purpose: ConsentPurpose,
) -> Result<Option<u32>> {
    Ok(c.prepare_cached(
        "SELECT max(version) FROM consent_text WHERE school_id = ?1 AND purpose = ?2",
    )?
    .query_row(params![school.0, purpose.as_str()], |r| r.get(0))
    .optional()?
    .flatten())
}

fn record_row(r: &Row<'_>) -> DbResult<ConsentRecord> {
    let purpose: String = r.get(3)?;
    let decision: String = r.get(5)?;
    let channel: String = r.get(6)?;
    Ok(ConsentRecord {
        id: r.get(0)?,
        school: SchoolId(r.get(1)?),
        person: PersonId(r.get(2)?),
        purpose: ConsentPurpose::parse("purpose", &purpose).map_err(|e| bad(3, e))?,
        version: r.get(4)?,
        decision: ConsentDecision::parse("decision", &decision).map_err(|e| bad(5, e))?,
        channel: ConsentChannel::parse("channel", &channel).map_err(|e| bad(6, e))?,
        at: instant(r.get(7)?),
        recorded_by: r.get::<_, Option<i64>>(8)?.map(PersonId),
    })
}

const RECORD: &str =
    "SELECT id, school_id, person_id, purpose, version, decision, channel, at, recorded_by FROM consent_record";

#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    c: Db<'_>,
    school: SchoolId,
    person: PersonId,
    purpose: ConsentPurpose,
    version: u32,
    decision: ConsentDecision,
    channel: ConsentChannel,
    by: Option<PersonId>,
    now: i64,
) -> Result<ConsentRecord> {
    c.prepare_cached(
        "INSERT INTO consent_record (school_id, person_id, purpose, version, decision, channel, at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        school.0,
        person.0,
        purpose.as_str(),
        version,
        decision.as_str(),
        channel.as_str(),
        now,
        by.map(|p| p.0)
    ])?;
    let id = c.last_insert_rowid()?;
    Ok(c.prepare_cached(&format!("{RECORD} WHERE id = ?1"))?
        .query_row([id], record_row)?)
}

/// A person's whole history, oldest first.
pub(crate) fn history(c: Db<'_>, person: PersonId) -> Result<Vec<ConsentRecord>> {
    let mut st = c.prepare_cached(&format!("{RECORD} WHERE person_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([person.0], record_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// A person's latest decision for a school and purpose.
pub(crate) fn current(
    c: Db<'_>,
    person: PersonId,
    school: SchoolId,
    purpose: ConsentPurpose,
) -> Result<Option<ConsentRecord>> {
    Ok(c.prepare_cached(&format!(
        "{RECORD} WHERE person_id = ?1 AND school_id = ?2 AND purpose = ?3 ORDER BY id DESC LIMIT 1"
    ))?
    .query_row(params![person.0, school.0, purpose.as_str()], record_row)
    .optional()?)
}
