//! SQL for access applications: the application, its documents and steps.

use crate::error::{Error, Result};
use crate::ids::{ApplicationId, PersonId, SchoolId};
use crate::model::{
    AccessApplication, ApplicationChannel, ApplicationDocument, ApplicationStatus, ApplicationStep,
    DocumentKind, RejectionReason, Relation,
};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension};
use time::{Date, OffsetDateTime};

fn instant(s: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(s).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn julian(d: Date) -> i64 {
    i64::from(d.to_julian_day())
}

fn bad(i: usize, e: Error) -> DbError {
    DbError::undecodable(i, e)
}

/// The columns of a new (or re-submitted) application.
pub(crate) struct Row<'a> {
    pub school: SchoolId,
    pub student: PersonId,
    pub surname: &'a str,
    pub first_name: &'a str,
    pub patronymic: Option<&'a str>,
    pub birth_date: Date,
    pub snils: Option<&'a str>,
    pub relation: Relation,
    pub legal_representative: bool,
    pub channel: ApplicationChannel,
}

pub(crate) fn insert(c: Db<'_>, r: &Row<'_>, now: i64, due: Date) -> Result<ApplicationId> {
    c.prepare_cached(
        "INSERT INTO access_application (school_id, student_id, applicant_surname, applicant_first_name,
           applicant_patronymic, applicant_birth_date, applicant_snils, relation, legal_representative,
           channel, submitted_at, due_day, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'submitted')",
    )?
    .execute(params![
        r.school.0,
        r.student.0,
        r.surname,
        r.first_name,
        r.patronymic,
        r.birth_date,
        r.snils,
        r.relation.as_str(),
        r.legal_representative,
        r.channel.as_str(),
        now,
        julian(due)
    ])?;
    Ok(ApplicationId(c.last_insert_rowid()?))
}

/// Replaces the applicant's data of a rejected application and submits it
/// again with a new deadline.
pub(crate) fn resubmit(
    c: Db<'_>,
    id: ApplicationId,
    r: &Row<'_>,
    now: i64,
    due: Date,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE access_application SET applicant_surname = ?2, applicant_first_name = ?3,
           applicant_patronymic = ?4, applicant_birth_date = ?5, applicant_snils = ?6, relation = ?7,
           legal_representative = ?8, submitted_at = ?9, due_day = ?10, status = 'submitted',
           reasons = '[]', note = NULL
         WHERE id = ?1 AND status = 'rejected'",
    )?
    .execute(params![
        id.0,
        r.surname,
        r.first_name,
        r.patronymic,
        r.birth_date,
        r.snils,
        r.relation.as_str(),
        r.legal_representative,
        now,
        julian(due)
    ])?;
    Ok(())
}

/// Stores (or replaces, clearing its check) a document.
pub(crate) fn put_document(
    c: Db<'_>,
    school: SchoolId,
    id: ApplicationId,
    kind: DocumentKind,
    reference: &str,
    sha256: &str,
    now: i64,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO application_document (application_id, kind, reference, sha256, provided_at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (application_id, kind, school_id) DO UPDATE SET reference = ?3, sha256 = ?4,
           provided_at = ?5, accepted = NULL, checked_by = NULL, checked_at = NULL",
    )?
    .execute(params![id.0, kind.as_str(), reference, sha256, now, school.0])?;
    Ok(())
}

/// Records the school's check of a document; whether the document exists.
pub(crate) fn check_document(
    c: Db<'_>,
    id: ApplicationId,
    kind: DocumentKind,
    accepted: bool,
    by: PersonId,
    now: i64,
) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE application_document SET accepted = ?3, checked_by = ?4, checked_at = ?5
         WHERE application_id = ?1 AND kind = ?2",
    )?
    .execute(params![id.0, kind.as_str(), accepted, by.0, now])?
        == 1)
}

pub(crate) fn step(
    c: Db<'_>,
    school: SchoolId,
    id: ApplicationId,
    by: Option<PersonId>,
    what: &str,
    detail: Option<&str>,
    now: i64,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO application_step (application_id, at, by_id, what, detail, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id.0, now, by.map(|p| p.0), what, detail, school.0])?;
    Ok(())
}

pub(crate) fn decide(
    c: Db<'_>,
    id: ApplicationId,
    status: ApplicationStatus,
    reasons: &[RejectionReason],
    note: Option<&str>,
    person: Option<PersonId>,
) -> Result<()> {
    let reasons = serde_json::to_string(reasons).map_err(|e| Error::Internal(e.to_string()))?;
    c.prepare_cached(
        "UPDATE access_application SET status = ?2, reasons = ?3, note = ?4, person_id = ?5 WHERE id = ?1",
    )?
    .execute(params![id.0, status.as_str(), reasons, note, person.map(|p| p.0)])?;
    Ok(())
}

fn documents(c: Db<'_>, id: ApplicationId) -> Result<Vec<ApplicationDocument>> {
    let mut st = c.prepare_cached(
        "SELECT kind, reference, sha256, provided_at, accepted, checked_by FROM application_document
         WHERE application_id = ?1",
    )?;
    let mut rows = st
        .query_map([id.0], |r| {
            let kind: String = r.get(0)?;
            Ok(ApplicationDocument {
                kind: DocumentKind::parse("kind", &kind).map_err(|e| bad(0, e))?,
                reference: r.get(1)?,
                sha256: r.get(2)?,
                provided_at: instant(r.get(3)?),
                accepted: r.get(4)?,
                checked_by: r.get::<_, Option<i64>>(5)?.map(PersonId),
            })
        })?
        .collect::<DbResult<Vec<_>>>()?;
    rows.sort_by_key(|d| d.kind.code());
    Ok(rows)
}

fn steps(c: Db<'_>, id: ApplicationId) -> Result<Vec<ApplicationStep>> {
    let mut st = c.prepare_cached(
        "SELECT at, by_id, what, detail FROM application_step WHERE application_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([id.0], |r| {
            Ok(ApplicationStep {
                at: instant(r.get(0)?),
                by: r.get::<_, Option<i64>>(1)?.map(PersonId),
                what: r.get(2)?,
                detail: r.get(3)?,
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

const COLUMNS: &str = "id, school_id, student_id, applicant_surname, applicant_first_name,
    applicant_patronymic, applicant_birth_date, applicant_snils, relation, legal_representative,
    channel, status, submitted_at, due_day, reasons, note, person_id";

/// One application; `today` (the school's local date) decides `overdue`.
pub(crate) fn get(c: Db<'_>, id: ApplicationId, today: Date) -> Result<Option<AccessApplication>> {
    let row = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM access_application WHERE id = ?1"
        ))?
        .query_row([id.0], |r| {
            let relation: String = r.get(8)?;
            let channel: String = r.get(10)?;
            let status: String = r.get(11)?;
            let reasons: String = r.get(14)?;
            let due = Date::from_julian_day(r.get::<_, i64>(13)? as i32).unwrap_or(Date::MIN);
            let status = ApplicationStatus::parse("status", &status).map_err(|e| bad(11, e))?;
            Ok(AccessApplication {
                id: ApplicationId(r.get(0)?),
                school: SchoolId(r.get(1)?),
                student: PersonId(r.get(2)?),
                applicant_surname: r.get(3)?,
                applicant_first_name: r.get(4)?,
                applicant_patronymic: r.get(5)?,
                applicant_birth_date: r.get(6)?,
                applicant_snils: r.get(7)?,
                relation: Relation::parse("relation", &relation).map_err(|e| bad(8, e))?,
                legal_representative: r.get(9)?,
                channel: ApplicationChannel::parse("channel", &channel).map_err(|e| bad(10, e))?,
                overdue: status == ApplicationStatus::Submitted && today > due,
                status,
                submitted_at: instant(r.get(12)?),
                due,
                reasons: serde_json::from_str(&reasons)
                    .map_err(|e| bad(14, Error::Internal(e.to_string())))?,
                note: r.get(15)?,
                person: r.get::<_, Option<i64>>(16)?.map(PersonId),
                documents: Vec::new(),
                steps: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut a) = row else { return Ok(None) };
    a.documents = documents(c, a.id)?;
    a.steps = steps(c, a.id)?;
    Ok(Some(a))
}

/// A school's applications (of one status, or all), by deadline.
pub(crate) fn of_school(
    c: Db<'_>,
    school: SchoolId,
    status: Option<ApplicationStatus>,
) -> Result<Vec<ApplicationId>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM access_application WHERE school_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR status = ?2)
         ORDER BY due_day, id",
    )?;
    let rows = st
        .query_map(params![school.0, status.map(|s| s.as_str())], |r| {
            Ok(ApplicationId(r.get(0)?))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// An application waiting for a decision for `student` by the applicant
/// with this SNILS (or, without one, this name and birth date).
pub(crate) fn open_for(
    c: Db<'_>,
    student: PersonId,
    r: &Row<'_>,
    except: Option<ApplicationId>,
) -> Result<Option<ApplicationId>> {
    Ok(c.prepare_cached(
        "SELECT id FROM access_application WHERE student_id = ?1 AND status = 'submitted'
           AND (CAST(?6 AS BIGINT) IS NULL OR id <> ?6)
           AND ((CAST(?2 AS TEXT) IS NOT NULL AND applicant_snils = ?2)
             OR (applicant_surname = ?3 AND applicant_first_name = ?4 AND applicant_birth_date = ?5))
         LIMIT 1",
    )?
    .query_row(
        params![
            student.0,
            r.snils,
            r.surname,
            r.first_name,
            r.birth_date,
            except.map(|e| e.0)
        ],
        |r| Ok(ApplicationId(r.get(0)?)),
    )
    .optional()?)
}

/// The students of `school` now (enrolled on `day`) with this surname and
/// birth date.
pub(crate) fn students_named(
    c: Db<'_>,
    school: SchoolId,
    birth_date: Date,
    day: Date,
) -> Result<Vec<(PersonId, String)>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT p.id, p.surname FROM person p JOIN enrolment e ON e.student_id = p.id
           JOIN class cl ON cl.id = e.class_id
         WHERE cl.school_id = ?1 AND p.birth_date = ?2 AND e.start_date <= ?3
           AND (e.end_date IS NULL OR ?3 <= e.end_date)",
    )?;
    let rows = st
        .query_map(params![school.0, birth_date, day], |r| {
            Ok((PersonId(r.get(0)?), r.get(1)?))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
