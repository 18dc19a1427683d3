//! SQL for conversations (D11): the school's messaging rules, conversations
//! and their participants' state, the relations that decide who takes part
//! today, and retention. Messages are in `chat_messages`.

use super::found;
use crate::error::Result;
use crate::ids::{ClassId, ConversationId, PersonId, SchoolId, YearId};
use crate::model::{ConversationKind, MessagingSettings, RetentionAction};
use crate::storage::db::{params, Db, DbResult, OptionalExtension};
use time::Date;

/// The school's rules for conversations.
pub(crate) fn settings(c: Db<'_>, school: SchoolId) -> Result<MessagingSettings> {
    let row = c
        .prepare_cached(
            "SELECT msg_parents_reach_teachers, msg_parents_reach_class_teacher,
                    msg_parents_reach_admins, msg_students_take_part, msg_edit_window_minutes,
                    msg_retention_years, msg_retention_action
             FROM school WHERE id = ?1",
        )?
        .query_row([school.0], |r| {
            Ok((
                MessagingSettings {
                    parents_reach_teachers: r.get(0)?,
                    parents_reach_class_teacher: r.get(1)?,
                    parents_reach_admins: r.get(2)?,
                    students_take_part: r.get(3)?,
                    edit_window_minutes: r.get(4)?,
                    retention_years: r.get(5)?,
                    retention_action: RetentionAction::Archive,
                },
                r.get::<_, String>(6)?,
            ))
        });
    let (mut s, action) = found(row, "school", school.0)?;
    s.retention_action = RetentionAction::parse("retention_action", &action)?;
    Ok(s)
}

pub(crate) fn set_settings(c: Db<'_>, school: SchoolId, s: &MessagingSettings) -> Result<()> {
    c.execute(
        "UPDATE school SET msg_parents_reach_teachers = ?2, msg_parents_reach_class_teacher = ?3,
                msg_parents_reach_admins = ?4, msg_students_take_part = ?5,
                msg_edit_window_minutes = ?6, msg_retention_years = ?7, msg_retention_action = ?8
         WHERE id = ?1",
        params![
            school.0,
            s.parents_reach_teachers,
            s.parents_reach_class_teacher,
            s.parents_reach_admins,
            s.students_take_part,
            s.edit_window_minutes,
            s.retention_years,
            s.retention_action.as_str()
        ],
    )?;
    Ok(())
}

/// A child's class on `day`, or else their latest (by start): the class,
/// its school.
pub(crate) fn child_place(
    c: Db<'_>,
    child: PersonId,
    day: Date,
) -> Result<Option<(ClassId, SchoolId)>> {
    let mut st = c.prepare_cached(
        "SELECT e.class_id, cl.school_id FROM enrolment e JOIN class cl ON cl.id = e.class_id
         WHERE e.student_id = ?1
         ORDER BY (e.start_date <= ?2 AND (e.end_date IS NULL OR ?2 <= e.end_date)) DESC,
                  e.start_date DESC
         LIMIT 1",
    )?;
    Ok(st
        .query_row(params![child.0, day], |r| {
            Ok((ClassId(r.get(0)?), SchoolId(r.get(1)?)))
        })
        .optional()?)
}

/// Whether a person is on a school's staff, and whether as an admin.
pub(crate) fn staff_roles(c: Db<'_>, school: SchoolId, person: PersonId) -> Result<(bool, bool)> {
    let mut st =
        c.prepare_cached("SELECT role FROM staff WHERE school_id = ?1 AND person_id = ?2")?;
    let roles: Vec<String> = st
        .query_map(params![school.0, person.0], |r| r.get(0))?
        .collect::<DbResult<_>>()?;
    Ok((!roles.is_empty(), roles.iter().any(|r| r == "admin")))
}

/// Whether `person` is a legal representative of `child`.
pub(crate) fn represents(c: Db<'_>, child: PersonId, person: PersonId) -> Result<bool> {
    let mut st = c.prepare_cached(
        "SELECT legal_representative FROM guardianship WHERE student_id = ?1 AND guardian_id = ?2",
    )?;
    Ok(st
        .query_row(params![child.0, person.0], |r| r.get::<_, bool>(0))
        .optional()?
        .unwrap_or(false))
}

/// The children `person` legally represents who are in `class` on `day`.
pub(crate) fn represented_in_class(
    c: Db<'_>,
    person: PersonId,
    class: ClassId,
    day: Date,
) -> Result<Vec<PersonId>> {
    let mut st = c.prepare_cached(
        "SELECT g.student_id FROM guardianship g JOIN enrolment e ON e.student_id = g.student_id
         WHERE g.guardian_id = ?1 AND g.legal_representative = 1 AND e.class_id = ?2
           AND e.start_date <= ?3 AND (e.end_date IS NULL OR ?3 <= e.end_date)
         ORDER BY g.student_id",
    )?;
    let v = st
        .query_map(params![person.0, class.0, day], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// The classes whose children `person` legally represents on `day`.
pub(crate) fn classes_of_represented(
    c: Db<'_>,
    person: PersonId,
    day: Date,
) -> Result<Vec<ClassId>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT e.class_id FROM guardianship g JOIN enrolment e ON e.student_id = g.student_id
         WHERE g.guardian_id = ?1 AND g.legal_representative = 1
           AND e.start_date <= ?2 AND (e.end_date IS NULL OR ?2 <= e.end_date)",
    )?;
    let v = st
        .query_map(params![person.0, day], |r| Ok(ClassId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// The people a class chat reaches on `day`: its class teacher and the
/// legal representatives of its students then (admins take part when they
/// join).
pub(crate) fn class_chat_people(c: Db<'_>, class: ClassId, day: Date) -> Result<Vec<PersonId>> {
    let mut st = c.prepare_cached(
        "SELECT class_teacher FROM class WHERE id = ?1 AND class_teacher IS NOT NULL
         UNION
         SELECT g.guardian_id FROM enrolment e JOIN guardianship g ON g.student_id = e.student_id
         WHERE e.class_id = ?1 AND g.legal_representative = 1
           AND e.start_date <= ?2 AND (e.end_date IS NULL OR ?2 <= e.end_date)",
    )?;
    let v = st
        .query_map(params![class.0, day], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// A school's admins.
pub(crate) fn admins_of(c: Db<'_>, school: SchoolId) -> Result<Vec<PersonId>> {
    let mut st = c.prepare_cached(
        "SELECT person_id FROM staff WHERE school_id = ?1 AND role = 'admin' ORDER BY 1",
    )?;
    let v = st
        .query_map([school.0], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// A school's staff.
pub(crate) fn staff_of(c: Db<'_>, school: SchoolId) -> Result<Vec<PersonId>> {
    let mut st =
        c.prepare_cached("SELECT DISTINCT person_id FROM staff WHERE school_id = ?1 ORDER BY 1")?;
    let v = st
        .query_map([school.0], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// The school's year containing `day`, if any.
pub(crate) fn year_on(c: Db<'_>, school: SchoolId, day: Date) -> Result<Option<YearId>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM academic_year WHERE school_id = ?1 AND start_date <= ?2 AND ?2 <= end_date",
    )?;
    Ok(st
        .query_row(params![school.0, day], |r| Ok(YearId(r.get(0)?)))
        .optional()?)
}

/// A stored conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConversationRow {
    pub id: ConversationId,
    pub school: SchoolId,
    pub kind: ConversationKind,
    pub title: Option<String>,
    pub child: Option<PersonId>,
    pub class: Option<ClassId>,
    pub started_by: PersonId,
    pub started_at: i64,
    pub archived_at: Option<i64>,
    pub deleted_at: Option<i64>,
}

/// A conversation to store.
pub(crate) struct NewRow<'a> {
    pub school: SchoolId,
    pub kind: ConversationKind,
    pub title: Option<&'a str>,
    pub child: Option<PersonId>,
    pub class: Option<ClassId>,
    pub year: Option<YearId>,
    pub started_by: PersonId,
}

pub(crate) fn insert(c: Db<'_>, r: &NewRow<'_>, now: i64) -> Result<ConversationId> {
    c.prepare_cached(
        "INSERT INTO conversation (school_id, kind, title, child_id, class_id, year_id, started_by, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        r.school.0,
        r.kind.as_str(),
        r.title,
        r.child.map(|p| p.0),
        r.class.map(|x| x.0),
        r.year.map(|y| y.0),
        r.started_by.0,
        now
    ])?;
    Ok(ConversationId(c.last_insert_rowid()?))
}

pub(crate) fn get(c: Db<'_>, id: ConversationId) -> Result<Option<ConversationRow>> {
    let mut st = c.prepare_cached(
        "SELECT id, school_id, kind, title, child_id, class_id, started_by, started_at,
                archived_at, deleted_at
         FROM conversation WHERE id = ?1",
    )?;
    let row = st
        .query_row([id.0], |r| {
            Ok((
                ConversationRow {
                    id: ConversationId(r.get(0)?),
                    school: SchoolId(r.get(1)?),
                    kind: ConversationKind::Direct,
                    title: r.get(3)?,
                    child: r.get::<_, Option<i64>>(4)?.map(PersonId),
                    class: r.get::<_, Option<i64>>(5)?.map(ClassId),
                    started_by: PersonId(r.get(6)?),
                    started_at: r.get(7)?,
                    archived_at: r.get(8)?,
                    deleted_at: r.get(9)?,
                },
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    match row {
        Some((mut row, kind)) => {
            row.kind = ConversationKind::parse("kind", &kind)?;
            Ok(Some(row))
        }
        None => Ok(None),
    }
}

/// A class's chat, if opened.
pub(crate) fn class_chat(c: Db<'_>, class: ClassId) -> Result<Option<ConversationId>> {
    let mut st = c.prepare_cached("SELECT id FROM conversation WHERE class_id = ?1")?;
    Ok(st
        .query_row([class.0], |r| Ok(ConversationId(r.get(0)?)))
        .optional()?)
}

/// The conversations of a kind in a school.
pub(crate) fn of_school(
    c: Db<'_>,
    school: SchoolId,
    kind: ConversationKind,
) -> Result<Vec<ConversationId>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM conversation WHERE school_id = ?1 AND kind = ?2 AND deleted_at IS NULL",
    )?;
    let v = st
        .query_map(params![school.0, kind.as_str()], |r| {
            Ok(ConversationId(r.get(0)?))
        })?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// A person's state in a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Member {
    pub named: bool,
    pub last_read: i64,
    pub left_at: Option<i64>,
    pub muted_until: Option<i64>,
}

pub(crate) fn member(
    c: Db<'_>,
    conversation: ConversationId,
    person: PersonId,
) -> Result<Option<Member>> {
    let mut st = c.prepare_cached(
        "SELECT named, last_read, left_at, muted_until FROM conversation_member
         WHERE conversation_id = ?1 AND person_id = ?2",
    )?;
    Ok(st
        .query_row(params![conversation.0, person.0], |r| {
            Ok(Member {
                named: r.get(0)?,
                last_read: r.get(1)?,
                left_at: r.get(2)?,
                muted_until: r.get(3)?,
            })
        })
        .optional()?)
}

/// Everyone with a state in a conversation.
pub(crate) fn members(c: Db<'_>, conversation: ConversationId) -> Result<Vec<(PersonId, Member)>> {
    members_where(c, conversation, "")
}

fn members_where(
    c: Db<'_>,
    conversation: ConversationId,
    filter: &str,
) -> Result<Vec<(PersonId, Member)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT person_id, named, last_read, left_at, muted_until FROM conversation_member
         WHERE conversation_id = ?1 {filter} ORDER BY person_id"
    ))?;
    let v = st
        .query_map([conversation.0], |r| {
            Ok((
                PersonId(r.get(0)?),
                Member {
                    named: r.get(1)?,
                    last_read: r.get(2)?,
                    left_at: r.get(3)?,
                    muted_until: r.get(4)?,
                },
            ))
        })?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// The conversations a person has a state in and has not left.
pub(crate) fn joined(c: Db<'_>, person: PersonId) -> Result<Vec<ConversationId>> {
    let mut st = c.prepare_cached(
        "SELECT conversation_id FROM conversation_member WHERE person_id = ?1 AND left_at IS NULL",
    )?;
    let v = st
        .query_map([person.0], |r| Ok(ConversationId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// Adds a person (named: a direct conversation's participant) unless they
/// have a state already.
pub(crate) fn add_member(
    c: Db<'_>,
    school: SchoolId,
    conversation: ConversationId,
    person: PersonId,
    named: bool,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO conversation_member (conversation_id, person_id, named, school_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (conversation_id, person_id, school_id) DO NOTHING",
    )?
    .execute(params![conversation.0, person.0, named, school.0])?;
    Ok(())
}

/// Moves a person's read mark forward (never back).
pub(crate) fn set_read(
    c: Db<'_>,
    school: SchoolId,
    conversation: ConversationId,
    person: PersonId,
    up_to: i64,
) -> Result<()> {
    add_member(c, school, conversation, person, false)?;
    c.prepare_cached(
        "UPDATE conversation_member SET last_read = CASE WHEN last_read > ?3 THEN last_read ELSE CAST(?3 AS BIGINT) END
         WHERE conversation_id = ?1 AND person_id = ?2",
    )?
    .execute(params![conversation.0, person.0, up_to])?;
    Ok(())
}

pub(crate) fn leave(
    c: Db<'_>,
    school: SchoolId,
    conversation: ConversationId,
    person: PersonId,
    at: i64,
) -> Result<()> {
    add_member(c, school, conversation, person, false)?;
    c.prepare_cached(
        "UPDATE conversation_member SET left_at = ?3 WHERE conversation_id = ?1 AND person_id = ?2",
    )?
    .execute(params![conversation.0, person.0, at])?;
    Ok(())
}

pub(crate) fn mute(
    c: Db<'_>,
    school: SchoolId,
    conversation: ConversationId,
    person: PersonId,
    until: Option<i64>,
    by: PersonId,
) -> Result<()> {
    add_member(c, school, conversation, person, false)?;
    c.prepare_cached(
        "UPDATE conversation_member SET muted_until = ?3, muted_by = ?4
         WHERE conversation_id = ?1 AND person_id = ?2",
    )?
    .execute(params![conversation.0, person.0, until, by.0])?;
    Ok(())
}

/// A school's conversations started before `started_before` (Unix
/// seconds) or of a year that ended before `year_ended_before`, not yet
/// retained.
pub(crate) fn expired(
    c: Db<'_>,
    school: SchoolId,
    year_ended_before: Date,
    started_before: i64,
) -> Result<Vec<ConversationId>> {
    let mut st = c.prepare_cached(
        "SELECT cv.id FROM conversation cv LEFT JOIN academic_year y ON y.id = cv.year_id
         WHERE cv.school_id = ?1
           AND NOT EXISTS (SELECT 1 FROM conversation_retention r WHERE r.conversation_id = cv.id)
           AND CASE WHEN y.id IS NULL THEN cv.started_at < ?3 ELSE y.end_date < ?2 END
         ORDER BY cv.id",
    )?;
    let v = st
        .query_map(params![school.0, year_ended_before, started_before], |r| {
            Ok(ConversationId(r.get(0)?))
        })?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// Archives or deletes a conversation and records it; returns how many
/// messages it had.
pub(crate) fn retain(
    c: Db<'_>,
    school: SchoolId,
    conversation: ConversationId,
    action: RetentionAction,
    by: PersonId,
    at: i64,
) -> Result<u32> {
    let messages: u32 = c.query_row(
        "SELECT count(*) FROM chat_message WHERE conversation_id = ?1",
        [conversation.0],
        |r| r.get(0),
    )?;
    match action {
        RetentionAction::Archive => {
            c.execute(
                "UPDATE conversation SET archived_at = ?2 WHERE id = ?1 AND archived_at IS NULL",
                params![conversation.0, at],
            )?;
        }
        RetentionAction::Delete => {
            for sql in [
                "DELETE FROM chat_report WHERE message_id IN (SELECT id FROM chat_message WHERE conversation_id = ?1)",
                "DELETE FROM chat_message_version WHERE message_id IN (SELECT id FROM chat_message WHERE conversation_id = ?1)",
                "UPDATE chat_message SET reply_to = NULL WHERE conversation_id = ?1",
                "DELETE FROM chat_message WHERE conversation_id = ?1",
                "DELETE FROM conversation_member WHERE conversation_id = ?1",
            ] {
                c.execute(sql, [conversation.0])?;
            }
            c.execute(
                "UPDATE conversation SET deleted_at = ?2, archived_at = coalesce(archived_at, ?2), title = NULL
                 WHERE id = ?1",
                params![conversation.0, at],
            )?;
        }
    }
    c.execute(
        "INSERT INTO conversation_retention (conversation_id, action, messages, by_person, at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![conversation.0, action.as_str(), messages, by.0, at, school.0],
    )?;
    Ok(messages)
}

/// A school's retention records, oldest first.
pub(crate) fn retention_records(
    c: Db<'_>,
    school: SchoolId,
) -> Result<Vec<crate::model::RetentionRecord>> {
    let mut st = c.prepare_cached(
        "SELECT r.conversation_id, r.action, r.messages, r.by_person, r.at
         FROM conversation_retention r JOIN conversation cv ON cv.id = r.conversation_id
         WHERE cv.school_id = ?1 ORDER BY r.at, r.conversation_id",
    )?;
    let rows = st
        .query_map([school.0], |r| {
            Ok((
                ConversationId(r.get(0)?),
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                PersonId(r.get(3)?),
                r.get::<_, i64>(4)?,
            ))
        })?
        .collect::<DbResult<Vec<_>>>()?;
    rows.into_iter()
        .map(|(conversation, action, messages, by, at)| {
            Ok(crate::model::RetentionRecord {
                conversation,
                action: RetentionAction::parse("action", &action)?,
                messages,
                by,
                at,
            })
        })
        .collect()
}

/// The classes `person` is class teacher of, of a year containing `day`.
pub(crate) fn led_classes(c: Db<'_>, person: PersonId, day: Date) -> Result<Vec<ClassId>> {
    let mut st = c.prepare_cached(
        "SELECT cl.id FROM class cl JOIN academic_year y ON y.id = cl.year_id
         WHERE cl.class_teacher = ?1 AND y.start_date <= ?2 AND ?2 <= y.end_date",
    )?;
    let v = st
        .query_map(params![person.0, day], |r| Ok(ClassId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(v)
}
