//! SQL for announcements: rows, their audience, versions and read marks,
//! and the contexts (schools, classes, groups, children) a person is
//! addressed through today.

use crate::error::{Error, Result};
use crate::ids::{AnnouncementId, ClassId, GroupId, PersonId, SchoolId};
use crate::model::{
    Announcement, AnnouncementKind, Attachment, Audience, AudienceRole, AudienceScope,
    NewAnnouncement, ReadReceipt,
};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension, Row};
use std::collections::BTreeSet;
use time::Date;

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

/// Stores a new announcement (already checked) and its audience.
pub(crate) fn insert(
    c: Db<'_>,
    a: &NewAnnouncement,
    author: PersonId,
    now: i64,
) -> Result<AnnouncementId> {
    let attachments = serde_json::to_string(&a.attachments).map_err(internal)?;
    c.execute(
        "INSERT INTO announcement (school_id, author_id, kind, urgent, title, body, shown_from, shown_until,
                                   pinned, attachments, published_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            a.school.0,
            author.0,
            a.kind.as_str(),
            a.urgent,
            a.title,
            a.body,
            a.shown_from,
            a.shown_until,
            a.pinned,
            attachments,
            now
        ],
    )?;
    let id = c.last_insert_rowid()?;
    let mut st = c.prepare_cached(
        "INSERT INTO announcement_audience (announcement_id, position, scope, target_id, role, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, e) in a.audience.iter().enumerate() {
        st.execute(params![
            id,
            i as i64,
            e.scope.as_str(),
            e.id,
            e.role.as_str(),
            a.school.0
        ])?;
    }
    Ok(AnnouncementId(id))
}

const COLUMNS: &str =
    "a.id, a.school_id, a.author_id, a.kind, a.urgent, a.title, a.body, a.shown_from,
     a.shown_until, a.pinned, a.attachments, a.published_at, a.edited_at, a.withdrawn_at,
     (SELECT count(*) FROM announcement_version v WHERE v.announcement_id = a.id)";

fn row(r: &Row<'_>, read_at: Option<i64>) -> DbResult<Announcement> {
    let kind: String = r.get(3)?;
    let attachments: String = r.get(10)?;
    let bad = |i: usize| DbError::undecodable(i, "announcement");
    let withdrawn: Option<i64> = r.get(13)?;
    Ok(Announcement {
        id: AnnouncementId(r.get(0)?),
        school: SchoolId(r.get(1)?),
        author: PersonId(r.get(2)?),
        kind: AnnouncementKind::parse("kind", &kind).map_err(|_| bad(3))?,
        urgent: r.get(4)?,
        title: r.get(5)?,
        body: r.get(6)?,
        audience: Vec::new(),
        shown_from: r.get(7)?,
        shown_until: r.get(8)?,
        pinned: r.get(9)?,
        attachments: serde_json::from_str::<Vec<Attachment>>(&attachments).map_err(|_| bad(10))?,
        published_at: r.get(11)?,
        edited_at: r.get(12)?,
        edits: r.get(14)?,
        withdrawn: withdrawn.is_some(),
        read_at,
    })
}

fn audience_of(c: Db<'_>, id: AnnouncementId) -> Result<Vec<Audience>> {
    let mut st = c.prepare_cached(
        "SELECT scope, target_id, role FROM announcement_audience WHERE announcement_id = ?1 ORDER BY position",
    )?;
    let rows = st
        .query_map([id.0], |r| {
            let scope: String = r.get(0)?;
            let role: String = r.get(2)?;
            Ok((scope, r.get::<_, Option<i64>>(1)?, role))
        })?
        .collect::<DbResult<Vec<_>>>()?;
    rows.into_iter()
        .map(|(scope, id, role)| {
            Ok(Audience {
                scope: AudienceScope::parse("scope", &scope)?,
                id,
                role: AudienceRole::parse("role", &role)?,
            })
        })
        .collect()
}

/// One announcement with its audience and `reader`'s read mark.
pub(crate) fn get(c: Db<'_>, id: AnnouncementId, reader: Option<PersonId>) -> Result<Announcement> {
    let read_at = match reader {
        Some(p) => read_at(c, id, p)?,
        None => None,
    };
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM announcement a WHERE a.id = ?1"
    ))?;
    let mut a = st
        .query_row([id.0], |r| row(r, read_at))
        .optional()?
        .ok_or_else(|| Error::not_found("announcement", id.0))?;
    a.audience = audience_of(c, id)?;
    Ok(a)
}

fn read_at(c: Db<'_>, id: AnnouncementId, person: PersonId) -> Result<Option<i64>> {
    let mut st = c.prepare_cached(
        "SELECT read_at FROM announcement_read WHERE announcement_id = ?1 AND person_id = ?2",
    )?;
    Ok(st
        .query_row(params![id.0, person.0], |r| r.get(0))
        .optional()?)
}

/// The ids of a school's announcements shown on `day` and not withdrawn.
pub(crate) fn shown_on(c: Db<'_>, school: SchoolId, day: Date) -> Result<Vec<AnnouncementId>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM announcement WHERE school_id = ?1 AND shown_until >= ?2 AND shown_from <= ?2
           AND withdrawn_at IS NULL",
    )?;
    let rows = st
        .query_map(params![school.0, day], |r| Ok(AnnouncementId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Keeps the text being replaced as a version, then applies the edit.
#[allow(clippy::too_many_arguments)]
pub(crate) fn edit(
    c: Db<'_>,
    id: AnnouncementId,
    by: PersonId,
    now: i64,
    old: &Announcement,
    title: &str,
    body: &str,
    shown_until: Date,
    pinned: bool,
    urgent: bool,
) -> Result<()> {
    c.execute(
        "INSERT INTO announcement_version (announcement_id, replaced_at, replaced_by, title, body, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id.0, now, by.0, old.title, old.body, old.school.0],
    )?;
    c.execute(
        "UPDATE announcement SET title = ?2, body = ?3, shown_until = ?4, pinned = ?5, urgent = ?6,
                                 edited_at = ?7 WHERE id = ?1",
        params![id.0, title, body, shown_until, pinned, urgent, now],
    )?;
    Ok(())
}

/// Earlier versions of an announcement, oldest first: (replaced at, by,
/// title, text).
pub(crate) fn versions(
    c: Db<'_>,
    id: AnnouncementId,
) -> Result<Vec<(i64, PersonId, String, String)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT replaced_at, replaced_by, title, body FROM announcement_version
         WHERE announcement_id = ?1 ORDER BY {}",
        c.insertion_order()
    ))?;
    let rows = st
        .query_map([id.0], |r| {
            Ok((r.get(0)?, PersonId(r.get(1)?), r.get(2)?, r.get(3)?))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn withdraw(c: Db<'_>, id: AnnouncementId, now: i64) -> Result<()> {
    c.execute(
        "UPDATE announcement SET withdrawn_at = ?2 WHERE id = ?1 AND withdrawn_at IS NULL",
        params![id.0, now],
    )?;
    Ok(())
}

/// Marks read (the first time counts).
pub(crate) fn mark_read(
    c: Db<'_>,
    school: SchoolId,
    id: AnnouncementId,
    person: PersonId,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO announcement_read (announcement_id, person_id, read_at, school_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        params![id.0, person.0, now, school.0],
    )?;
    Ok(())
}

/// Everyone who marked the announcement read.
pub(crate) fn readers(c: Db<'_>, id: AnnouncementId) -> Result<Vec<ReadReceipt>> {
    let mut st = c.prepare_cached(
        "SELECT person_id, read_at FROM announcement_read WHERE announcement_id = ?1 ORDER BY person_id",
    )?;
    let rows = st
        .query_map([id.0], |r| {
            Ok(ReadReceipt {
                person: PersonId(r.get(0)?),
                read_at: Some(r.get(1)?),
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// How a person is addressed on a day: as staff of schools and teachers
/// of classes and groups, as a student of a class and its groups, and as a
/// parent through each child's class and groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Contexts {
    pub staff_schools: BTreeSet<SchoolId>,
    pub taught_classes: BTreeSet<ClassId>,
    pub taught_groups: BTreeSet<GroupId>,
    /// The person's own place as a student: school, class, groups.
    pub as_student: Vec<Place>,
    /// Each child's place.
    pub as_parent: Vec<(PersonId, Place)>,
}

/// A student's place on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub school: SchoolId,
    pub class: ClassId,
    pub groups: BTreeSet<GroupId>,
}

pub(crate) fn place_of(c: Db<'_>, student: PersonId, day: Date) -> Result<Option<Place>> {
    let mut st = c.prepare_cached(
        "SELECT e.class_id, cl.school_id FROM enrolment e JOIN class cl ON cl.id = e.class_id
         WHERE e.student_id = ?1 AND e.start_date <= ?2 AND (e.end_date IS NULL OR ?2 <= e.end_date)
         ORDER BY e.start_date DESC LIMIT 1",
    )?;
    let Some((class, school)) = st
        .query_row(params![student.0, day], |r| {
            Ok((ClassId(r.get(0)?), SchoolId(r.get(1)?)))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut st = c.prepare_cached(
        "SELECT m.group_id FROM group_member m JOIN class_group g ON g.id = m.group_id
         WHERE m.student_id = ?1 AND g.class_id = ?2",
    )?;
    let groups = st
        .query_map(params![student.0, class.0], |r| Ok(GroupId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(Some(Place {
        school,
        class,
        groups,
    }))
}

/// The contexts `person` is addressed through on `day`.
pub(crate) fn contexts(c: Db<'_>, person: PersonId, day: Date) -> Result<Contexts> {
    let mut out = Contexts::default();
    let mut st = c.prepare_cached("SELECT DISTINCT school_id FROM staff WHERE person_id = ?1")?;
    out.staff_schools = st
        .query_map([person.0], |r| Ok(SchoolId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    // Classes of a current year the person teaches or leads.
    let mut st = c.prepare_cached(
        "SELECT cl.id, a.group_id FROM teaching_assignment a JOIN class cl ON cl.id = a.class_id
           JOIN academic_year y ON y.id = cl.year_id
         WHERE a.teacher_id = ?1 AND y.start_date <= ?2 AND ?2 <= y.end_date
         UNION
         SELECT cl.id, NULL FROM class cl JOIN academic_year y ON y.id = cl.year_id
         WHERE cl.class_teacher = ?1 AND y.start_date <= ?2 AND ?2 <= y.end_date",
    )?;
    let taught = st
        .query_map(params![person.0, day], |r| {
            Ok((ClassId(r.get(0)?), r.get::<_, Option<i64>>(1)?))
        })?
        .collect::<DbResult<Vec<_>>>()?;
    for (class, group) in taught {
        out.taught_classes.insert(class);
        if let Some(g) = group {
            out.taught_groups.insert(GroupId(g));
        }
    }
    if let Some(p) = place_of(c, person, day)? {
        out.as_student.push(p);
    }
    let mut st = c.prepare_cached("SELECT student_id FROM guardianship WHERE guardian_id = ?1")?;
    let children: Vec<PersonId> = st
        .query_map([person.0], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    for child in children {
        if let Some(p) = place_of(c, child, day)? {
            out.as_parent.push((child, p));
        }
    }
    Ok(out)
}

/// The school of a class, and of a group's class.
pub(crate) fn class_school(c: Db<'_>, class: ClassId) -> Result<Option<SchoolId>> {
    let mut st = c.prepare_cached("SELECT school_id FROM class WHERE id = ?1")?;
    Ok(st
        .query_row([class.0], |r| Ok(SchoolId(r.get(0)?)))
        .optional()?)
}

/// A group's class.
pub(crate) fn group_class(c: Db<'_>, group: GroupId) -> Result<Option<ClassId>> {
    let mut st = c.prepare_cached("SELECT class_id FROM class_group WHERE id = ?1")?;
    Ok(st
        .query_row([group.0], |r| Ok(ClassId(r.get(0)?)))
        .optional()?)
}

/// Who might be addressed by `audience` on a day — a superset, one query
/// per entry: the whole school's people for a school entry; for a class or
/// a group of it, the class's current students, their guardians, its
/// teachers and class teacher; for a person, that person. The caller keeps
/// those the audience really reaches (one definition: `audience::reaches`).
pub(crate) fn candidates(
    c: Db<'_>,
    audience: &[Audience],
    school: SchoolId,
    day: Date,
) -> Result<BTreeSet<PersonId>> {
    let mut out = BTreeSet::new();
    for entry in audience {
        let class = match (entry.scope, entry.id) {
            (AudienceScope::School, _) => {
                out.extend(school_people(c, school, day)?);
                continue;
            }
            (AudienceScope::Person, Some(id)) => {
                out.insert(PersonId(id));
                continue;
            }
            (AudienceScope::Class, Some(id)) => Some(ClassId(id)),
            (AudienceScope::Group, Some(id)) => group_class(c, GroupId(id))?,
            _ => None,
        };
        let Some(class) = class else { continue };
        let mut st = c.prepare_cached(
            "SELECT e.student_id FROM enrolment e
               WHERE e.class_id = ?1 AND e.start_date <= ?2 AND (e.end_date IS NULL OR ?2 <= e.end_date)
             UNION SELECT g.guardian_id FROM guardianship g JOIN enrolment e ON e.student_id = g.student_id
               WHERE e.class_id = ?1 AND e.start_date <= ?2 AND (e.end_date IS NULL OR ?2 <= e.end_date)
             UNION SELECT teacher_id FROM teaching_assignment WHERE class_id = ?1
             UNION SELECT class_teacher FROM class WHERE id = ?1 AND class_teacher IS NOT NULL",
        )?;
        let rows = st.query_map(params![class.0, day], |r| Ok(PersonId(r.get(0)?)))?;
        for r in rows {
            out.insert(r?);
        }
    }
    Ok(out)
}

/// Every person who might be addressed by a school's announcement on a
/// day: its staff, its current students and their guardians.
fn school_people(c: Db<'_>, school: SchoolId, day: Date) -> Result<Vec<PersonId>> {
    let mut st = c.prepare_cached(
        "SELECT person_id FROM staff WHERE school_id = ?1
         UNION SELECT e.student_id FROM enrolment e JOIN class cl ON cl.id = e.class_id
           WHERE cl.school_id = ?1 AND e.start_date <= ?2 AND (e.end_date IS NULL OR ?2 <= e.end_date)
         UNION SELECT g.guardian_id FROM guardianship g JOIN enrolment e ON e.student_id = g.student_id
           JOIN class cl ON cl.id = e.class_id
           WHERE cl.school_id = ?1 AND e.start_date <= ?2 AND (e.end_date IS NULL OR ?2 <= e.end_date)",
    )?;
    let rows = st
        .query_map(params![school.0, day], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
