//! SQL for host notifications: preferences and the quiet-hours queue.

use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::{Notification, NotificationEvent};
use crate::storage::db::{params, Db, DbResult, OptionalExtension};

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("stored notification: {e}"))
}

/// A person's preferences, quiet hours as minutes after midnight.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Preferences {
    pub muted: Vec<NotificationEvent>,
    pub quiet: Option<(u32, u32)>,
    pub urgent_in_quiet_hours: bool,
}

pub(crate) fn preferences(c: Db<'_>, person: PersonId) -> Result<Preferences> {
    let row = c
        .prepare_cached(
            "SELECT muted, quiet_from, quiet_until, urgent_in_quiet_hours
             FROM notification_preference WHERE person_id = ?1",
        )?
        .query_row([person.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<u32>>(1)?,
                r.get::<_, Option<u32>>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })
        .optional()?;
    let Some((muted, from, until, urgent)) = row else {
        return Ok(Preferences::default());
    };
    let muted: Vec<String> = serde_json::from_str(&muted).map_err(internal)?;
    Ok(Preferences {
        muted: muted
            .iter()
            .map(|m| NotificationEvent::parse("muted", m))
            .collect::<Result<_>>()?,
        quiet: from.zip(until),
        urgent_in_quiet_hours: urgent,
    })
}

pub(crate) fn set_preferences(c: Db<'_>, person: PersonId, p: &Preferences) -> Result<()> {
    let muted: Vec<&str> = p.muted.iter().map(|m| m.as_str()).collect();
    let muted = serde_json::to_string(&muted).map_err(internal)?;
    c.execute(
        "INSERT INTO notification_preference (person_id, muted, quiet_from, quiet_until, urgent_in_quiet_hours)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (person_id) DO UPDATE SET muted = ?2, quiet_from = ?3, quiet_until = ?4,
             urgent_in_quiet_hours = ?5",
        params![
            person.0,
            muted,
            p.quiet.map(|q| q.0),
            p.quiet.map(|q| q.1),
            p.urgent_in_quiet_hours
        ],
    )?;
    Ok(())
}

/// Queues a notification until `due_at`.
pub(crate) fn enqueue(c: Db<'_>, n: &Notification, due_at: i64) -> Result<()> {
    let text = serde_json::to_string(n).map_err(internal)?;
    c.prepare_cached(
        "INSERT INTO notification_queue (person_id, due_at, notification) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![n.to.0, due_at, text])?;
    Ok(())
}

/// Up to `limit` queued notifications due by `now`, oldest first: (id, the
/// notification's JSON).
pub(crate) fn due(c: Db<'_>, now: i64, limit: u32) -> Result<Vec<(i64, String)>> {
    let mut st = c.prepare_cached(
        "SELECT id, notification FROM notification_queue WHERE due_at <= ?1 ORDER BY due_at, id LIMIT ?2",
    )?;
    let v = st
        .query_map(params![now, limit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

pub(crate) fn remove(c: Db<'_>, id: i64) -> Result<()> {
    c.prepare_cached("DELETE FROM notification_queue WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// How many notifications wait.
pub(crate) fn waiting(c: Db<'_>) -> Result<u32> {
    Ok(c.query_row("SELECT count(*) FROM notification_queue", (), |r| r.get(0))?)
}
