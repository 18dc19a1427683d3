//! SQL for signing keys, teacher messages and their replies.

use crate::error::{Error, Result};
use crate::ids::{MessageId, PersonId, SchoolId, SigningKeyId};
use crate::model::{MessageReply, SignedReply, SigningKey, TeacherMessage};
use crate::storage::db::{params, Db, DbResult, OptionalExtension, Row};
use time::Date;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores a key of `scheme`: registered by an admin (`by`), or (`by`
/// None) a certificate the host vouched for.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_key(
    c: Db<'_>,
    person: PersonId,
    scheme: &str,
    public_key: &[u8],
    by: Option<PersonId>,
    now: i64,
    identity_check: &str,
    valid_until: Option<Date>,
) -> Result<SigningKeyId> {
    let taken: Option<i64> = c
        .query_row(
            "SELECT id FROM signing_key WHERE scheme = ?1 AND public_key = ?2",
            params![scheme, public_key],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(Error::Conflict(
            "this public key is already registered".into(),
        ));
    }
    c.execute(
        "INSERT INTO signing_key (person_id, scheme, public_key, registered_by, registered_at, identity_check,
                                  valid_until, vouched_by_host)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            person.0,
            scheme,
            public_key,
            by.map(|b| b.0),
            now,
            identity_check,
            valid_until,
            by.is_none()
        ],
    )?;
    Ok(SigningKeyId(c.last_insert_rowid()?))
}

fn key_row(r: &Row<'_>) -> DbResult<(SigningKey, Vec<u8>)> {
    let public: Vec<u8> = r.get(3)?;
    Ok((
        SigningKey {
            id: SigningKeyId(r.get(0)?),
            person: PersonId(r.get(1)?),
            scheme: r.get(2)?,
            public_key: hex(&public),
            registered_by: r.get::<_, Option<i64>>(4)?.map(PersonId),
            registered_at: r.get(5)?,
            identity_check: r.get(6)?,
            valid_until: r.get(7)?,
            revoked_at: r.get(8)?,
            vouched_by_host: r.get(9)?,
        },
        public,
    ))
}

const KEY_COLUMNS: &str = "id, person_id, scheme, public_key, registered_by, registered_at, identity_check, valid_until, revoked_at, vouched_by_host";

/// A key with its raw public bytes.
pub(crate) fn key(c: Db<'_>, id: SigningKeyId) -> Result<(SigningKey, Vec<u8>)> {
    c.query_row(
        &format!("SELECT {KEY_COLUMNS} FROM signing_key WHERE id = ?1"),
        [id.0],
        key_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("signing key", id.0))
}

pub(crate) fn keys_of(c: Db<'_>, person: PersonId) -> Result<Vec<SigningKey>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {KEY_COLUMNS} FROM signing_key WHERE person_id = ?1 ORDER BY id"
    ))?;
    let rows = st
        .query_map([person.0], key_row)?
        .map(|r| r.map(|(k, _)| k))
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn revoke_key(c: Db<'_>, id: SigningKeyId, now: i64) -> Result<()> {
    c.execute(
        "UPDATE signing_key SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        params![id.0, now],
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_message(
    c: Db<'_>,
    school: SchoolId,
    author: PersonId,
    student: PersonId,
    recipient: PersonId,
    subject: &str,
    body: &str,
    needs_signature: bool,
    now: i64,
) -> Result<MessageId> {
    c.execute(
        "INSERT INTO teacher_message (school_id, author_id, student_id, recipient_id, subject, body, needs_signature, sent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![school.0, author.0, student.0, recipient.0, subject, body, needs_signature, now],
    )?;
    Ok(MessageId(c.last_insert_rowid()?))
}

const MESSAGE_COLUMNS: &str =
    "m.id, m.school_id, m.author_id, m.student_id, m.recipient_id, m.subject, m.body,
     m.needs_signature, m.sent_at, r.replier_id, r.text, r.at, r.key_id, r.signature, r.signed_at";

fn message_row(r: &Row<'_>) -> DbResult<TeacherMessage> {
    let replier: Option<i64> = r.get(9)?;
    let reply = match replier {
        None => None,
        Some(replier) => {
            let key: Option<i64> = r.get(12)?;
            let signature: Option<Vec<u8>> = r.get(13)?;
            let signed_at: Option<i64> = r.get(14)?;
            Some(MessageReply {
                replier: PersonId(replier),
                text: r.get(10)?,
                at: r.get(11)?,
                signed: match (key, signature, signed_at) {
                    (Some(k), Some(s), Some(at)) => Some(SignedReply {
                        key: SigningKeyId(k),
                        signature: hex(&s),
                        signed_at: at,
                    }),
                    _ => None,
                },
            })
        }
    };
    Ok(TeacherMessage {
        id: MessageId(r.get(0)?),
        school: SchoolId(r.get(1)?),
        author: PersonId(r.get(2)?),
        student: PersonId(r.get(3)?),
        recipient: PersonId(r.get(4)?),
        subject: r.get(5)?,
        body: r.get(6)?,
        needs_signature: r.get(7)?,
        sent_at: r.get(8)?,
        reply,
    })
}

pub(crate) fn message(c: Db<'_>, id: MessageId) -> Result<TeacherMessage> {
    c.query_row(
        &format!("SELECT {MESSAGE_COLUMNS} FROM teacher_message m LEFT JOIN teacher_message_reply r ON r.message_id = m.id WHERE m.id = ?1"),
        [id.0],
        message_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("message", id.0))
}

/// The messages a person sent or received, newest first.
pub(crate) fn messages_of(c: Db<'_>, person: PersonId) -> Result<Vec<TeacherMessage>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM teacher_message m LEFT JOIN teacher_message_reply r ON r.message_id = m.id
         WHERE m.recipient_id = ?1 OR m.author_id = ?1 ORDER BY m.sent_at DESC, m.id DESC"
    ))?;
    let rows = st
        .query_map([person.0], message_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The stored signature of a reply, raw: (key, signature bytes, signed at).
pub(crate) fn reply_signature(
    c: Db<'_>,
    id: MessageId,
) -> Result<Option<(SigningKeyId, Vec<u8>, i64)>> {
    Ok(c
        .query_row(
            "SELECT key_id, signature, signed_at FROM teacher_message_reply WHERE message_id = ?1 AND key_id IS NOT NULL",
            [id.0],
            |r| Ok((SigningKeyId(r.get(0)?), r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_reply(
    c: Db<'_>,
    school: SchoolId,
    id: MessageId,
    replier: PersonId,
    text: &str,
    now: i64,
    signed: Option<(SigningKeyId, &[u8], i64)>,
) -> Result<()> {
    c.execute(
        "INSERT INTO teacher_message_reply (message_id, replier_id, text, at, key_id, signature, signed_at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id.0,
            replier.0,
            text,
            now,
            signed.map(|s| s.0 .0),
            signed.map(|s| s.1),
            signed.map(|s| s.2),
            school.0
        ],
    )?;
    Ok(())
}
