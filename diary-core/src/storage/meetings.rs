//! SQL for meetings: rows, audience, agenda, replies and records.

use crate::error::{Error, Result};
use crate::ids::{MeetingId, PersonId, SchoolId};
use crate::model::{
    AgendaItem, Audience, AudienceRole, AudienceScope, Meeting, MeetingAnswer, MeetingKind,
    MeetingRecord, MeetingReply,
};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension};
use time::Date;

/// "HH:MM" of minutes after midnight.
pub(crate) fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A checked meeting to store: start and agenda already in minutes.
pub(crate) struct Row<'a> {
    pub school: SchoolId,
    pub organiser: PersonId,
    pub kind: MeetingKind,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub day: Date,
    pub starts: i64,
    pub minutes: u32,
    pub place: Option<&'a str>,
    pub online_link: Option<&'a str>,
    pub audience: &'a [Audience],
    /// (title, presenter, start in minutes, length).
    pub agenda: Vec<(String, Option<PersonId>, i64, u32)>,
}

pub(crate) fn insert(c: Db<'_>, m: &Row<'_>, now: i64) -> Result<MeetingId> {
    c.execute(
        "INSERT INTO meeting (school_id, organiser_id, kind, title, description, day, starts, minutes,
                              place, online_link, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            m.school.0,
            m.organiser.0,
            m.kind.as_str(),
            m.title,
            m.description,
            m.day,
            m.starts,
            m.minutes,
            m.place,
            m.online_link,
            now
        ],
    )?;
    let id = c.last_insert_rowid()?;
    let mut st = c.prepare_cached(
        "INSERT INTO meeting_audience (meeting_id, position, scope, target_id, role, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, e) in m.audience.iter().enumerate() {
        st.execute(params![
            id,
            i as i64,
            e.scope.as_str(),
            e.id,
            e.role.as_str(),
            m.school.0
        ])?;
    }
    let mut st = c.prepare_cached(
        "INSERT INTO meeting_agenda (meeting_id, position, title, presenter_id, starts, minutes, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, (title, presenter, starts, minutes)) in m.agenda.iter().enumerate() {
        st.execute(params![
            id,
            i as i64,
            title,
            presenter.map(|p| p.0),
            starts,
            minutes,
            m.school.0
        ])?;
    }
    Ok(MeetingId(id))
}

fn bad(i: usize) -> DbError {
    DbError::undecodable(i, "meeting")
}

/// One meeting with `reader`'s reply.
pub(crate) fn get(c: Db<'_>, id: MeetingId, reader: Option<PersonId>) -> Result<Meeting> {
    let mut st = c.prepare_cached(
        "SELECT school_id, organiser_id, kind, title, description, day, starts, minutes, place,
                online_link, cancelled_at FROM meeting WHERE id = ?1",
    )?;
    let mut m = st
        .query_row([id.0], |r| {
            let kind: String = r.get(2)?;
            let starts: i64 = r.get(6)?;
            let cancelled: Option<i64> = r.get(10)?;
            Ok(Meeting {
                id,
                school: SchoolId(r.get(0)?),
                organiser: PersonId(r.get(1)?),
                kind: MeetingKind::parse("kind", &kind).map_err(|_| bad(2))?,
                title: r.get(3)?,
                description: r.get(4)?,
                day: r.get(5)?,
                starts: clock(starts),
                minutes: r.get(7)?,
                place: r.get(8)?,
                online_link: r.get(9)?,
                audience: Vec::new(),
                agenda: Vec::new(),
                cancelled: cancelled.is_some(),
                record: None,
                reply: None,
            })
        })
        .optional()?
        .ok_or_else(|| Error::not_found("meeting", id.0))?;
    let mut st = c.prepare_cached(
        "SELECT scope, target_id, role FROM meeting_audience WHERE meeting_id = ?1 ORDER BY position",
    )?;
    let rows = st
        .query_map([id.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<DbResult<Vec<_>>>()?;
    for (scope, target, role) in rows {
        m.audience.push(Audience {
            scope: AudienceScope::parse("scope", &scope)?,
            id: target,
            role: AudienceRole::parse("role", &role)?,
        });
    }
    let mut st = c.prepare_cached(
        "SELECT title, presenter_id, starts, minutes FROM meeting_agenda WHERE meeting_id = ?1 ORDER BY position",
    )?;
    m.agenda = st
        .query_map([id.0], |r| {
            Ok(AgendaItem {
                title: r.get(0)?,
                presenter: r.get::<_, Option<i64>>(1)?.map(PersonId),
                starts: clock(r.get(2)?),
                minutes: r.get(3)?,
            })
        })?
        .collect::<DbResult<_>>()?;
    let mut st = c.prepare_cached(
        "SELECT minutes, decisions, recorded_by, recorded_at FROM meeting_record WHERE meeting_id = ?1",
    )?;
    m.record = st
        .query_row([id.0], |r| {
            let decisions: String = r.get(1)?;
            Ok(MeetingRecord {
                minutes: r.get(0)?,
                decisions: serde_json::from_str(&decisions).map_err(|_| bad(1))?,
                recorded_by: PersonId(r.get(2)?),
                recorded_at: r.get(3)?,
            })
        })
        .optional()?;
    if let Some(p) = reader {
        m.reply = replies(c, id)?.into_iter().find(|r| r.person == p);
    }
    Ok(m)
}

/// The ids of a school's meetings on days `from..=to`, not cancelled.
pub(crate) fn between(
    c: Db<'_>,
    school: SchoolId,
    from: Date,
    to: Date,
    cancelled_too: bool,
) -> Result<Vec<MeetingId>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM meeting WHERE school_id = ?1 AND day BETWEEN ?2 AND ?3
           AND (?4 OR cancelled_at IS NULL)
         ORDER BY day, starts, id",
    )?;
    let rows = st
        .query_map(params![school.0, from, to, cancelled_too], |r| {
            Ok(MeetingId(r.get(0)?))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn reply(
    c: Db<'_>,
    school: SchoolId,
    id: MeetingId,
    person: PersonId,
    answer: MeetingAnswer,
    comment: Option<&str>,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO meeting_reply (meeting_id, person_id, answer, comment, at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (meeting_id, person_id, school_id) DO UPDATE SET answer = excluded.answer,
             comment = excluded.comment, at = excluded.at",
        params![id.0, person.0, answer.as_str(), comment, now, school.0],
    )?;
    Ok(())
}

pub(crate) fn replies(c: Db<'_>, id: MeetingId) -> Result<Vec<MeetingReply>> {
    let mut st = c.prepare_cached(
        "SELECT person_id, answer, comment, at FROM meeting_reply WHERE meeting_id = ?1 ORDER BY person_id",
    )?;
    let rows = st
        .query_map([id.0], |r| {
            Ok((
                PersonId(r.get(0)?),
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })?
        .collect::<DbResult<Vec<_>>>()?;
    rows.into_iter()
        .map(|(person, answer, comment, at)| {
            Ok(MeetingReply {
                person,
                answer: MeetingAnswer::parse("answer", &answer)?,
                comment,
                at,
            })
        })
        .collect()
}

pub(crate) fn record(
    c: Db<'_>,
    school: SchoolId,
    id: MeetingId,
    minutes: &str,
    decisions: &[String],
    by: PersonId,
    now: i64,
) -> Result<()> {
    let decisions = serde_json::to_string(decisions).map_err(|e| Error::Internal(e.to_string()))?;
    c.execute(
        "INSERT INTO meeting_record (meeting_id, minutes, decisions, recorded_by, recorded_at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (meeting_id, school_id) DO UPDATE SET minutes = excluded.minutes,
             decisions = excluded.decisions, recorded_by = excluded.recorded_by,
             recorded_at = excluded.recorded_at",
        params![id.0, minutes, decisions, by.0, now, school.0],
    )?;
    Ok(())
}

pub(crate) fn cancel(c: Db<'_>, id: MeetingId, now: i64) -> Result<()> {
    c.execute(
        "UPDATE meeting SET cancelled_at = ?2 WHERE id = ?1 AND cancelled_at IS NULL",
        params![id.0, now],
    )?;
    Ok(())
}
