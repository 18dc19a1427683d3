//! SQL for people, staff roles, enrolments and guardianships.

use super::{conflict_on_unique, found};
use crate::error::{Error, Result};
use crate::ids::{ClassId, EnrolmentId, PersonId, SchoolId, YearId};
use crate::model::{EndReason, Enrolment, Guardianship, Person, Relation, StaffMember, StaffRole};
use crate::snils::Snils;
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension, Row};
use time::Date;

/// A person's validated fields, ready to store.
#[derive(Debug)]
pub(crate) struct PersonRecord<'a> {
    pub surname: &'a str,
    pub first_name: &'a str,
    pub patronymic: Option<&'a str>,
    pub birth_date: Date,
    pub snils: Option<&'a Snils>,
}

const PERSON_COLS: &str = "id, surname, first_name, patronymic, birth_date, snils";

fn bad_column(i: usize, e: Error) -> DbError {
    DbError::undecodable(i, e)
}

fn person_row(r: &Row<'_>) -> DbResult<Person> {
    let snils: Option<String> = r.get(5)?;
    Ok(Person {
        id: PersonId(r.get(0)?),
        surname: r.get(1)?,
        first_name: r.get(2)?,
        patronymic: r.get(3)?,
        birth_date: r.get(4)?,
        snils: snils
            .map(|s| Snils::parse(&s))
            .transpose()
            .map_err(|e| bad_column(5, e))?,
    })
}

pub(crate) fn insert_person(
    c: Db<'_>,
    p: &PersonRecord<'_>,
    school: Option<SchoolId>,
    now: i64,
) -> Result<Person> {
    c.execute(
        "INSERT INTO person (surname, first_name, patronymic, birth_date, snils, registered_school, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            p.surname,
            p.first_name,
            p.patronymic,
            p.birth_date,
            p.snils.map(Snils::digits),
            school.map(|s| s.0),
            now
        ],
    )
    .map_err(|e| {
        conflict_on_unique(e, || match p.snils {
            Some(_) => "a person with this SNILS is already registered; link the existing profile instead".into(),
            None => "a person with the same name and birth date and no SNILS is already registered; link the existing profile or give a SNILS".into(),
        })
    })?;
    person(c, PersonId(c.last_insert_rowid()?))
}

/// A person without a SNILS who has the same name and birth date.
pub(crate) fn snils_less_twin(c: Db<'_>, p: &PersonRecord<'_>) -> Result<Option<PersonId>> {
    Ok(c.cached_row(
        "SELECT id FROM person WHERE snils IS NULL AND surname = ?1 AND first_name = ?2
           AND coalesce(patronymic, '') = coalesce(?3, '') AND birth_date = ?4",
        params![p.surname, p.first_name, p.patronymic, p.birth_date],
        |r| r.get::<_, i64>(0),
    )
    .optional()?
    .map(PersonId))
}

pub(crate) fn person(c: Db<'_>, id: PersonId) -> Result<Person> {
    found(
        c.cached_row(
            &format!("SELECT {PERSON_COLS} FROM person WHERE id = ?1"),
            [id.0],
            person_row,
        ),
        "person",
        id.0,
    )
}

pub(crate) fn insert_staff(
    c: Db<'_>,
    school: SchoolId,
    person: PersonId,
    role: StaffRole,
) -> Result<()> {
    c.execute(
        "INSERT INTO staff (school_id, person_id, role) VALUES (?1, ?2, ?3)",
        params![school.0, person.0, role.as_str()],
    )
    .map_err(|e| {
        conflict_on_unique(e, || {
            format!("the person is already a {role} of this school")
        })
    })?;
    Ok(())
}

pub(crate) fn has_staff_role(
    c: Db<'_>,
    school: SchoolId,
    person: PersonId,
    role: StaffRole,
) -> Result<bool> {
    Ok(c.cached_row(
        "SELECT 1 FROM staff WHERE school_id = ?1 AND person_id = ?2 AND role = ?3",
        params![school.0, person.0, role.as_str()],
        |_| Ok(()),
    )
    .optional()?
    .is_some())
}

pub(crate) fn staff(c: Db<'_>, school: SchoolId) -> Result<Vec<StaffMember>> {
    let mut st = c.prepare_cached(
        "SELECT s.school_id, s.person_id, s.role FROM staff s JOIN person p ON p.id = s.person_id
         WHERE s.school_id = ?1 ORDER BY p.surname, p.first_name, s.person_id, s.role",
    )?;
    let rows = st
        .query_map([school.0], |r| {
            let role: String = r.get(2)?;
            Ok(StaffMember {
                school: SchoolId(r.get(0)?),
                person: PersonId(r.get(1)?),
                role: StaffRole::parse("role", &role).map_err(|e| bad_column(2, e))?,
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

const ENROLMENT_SELECT: &str = "SELECT e.id, e.student_id, e.class_id, c.school_id, c.year_id, e.start_date, e.end_date, e.end_reason
    FROM enrolment e JOIN class c ON c.id = e.class_id";

fn enrolment_row(r: &Row<'_>) -> DbResult<Enrolment> {
    let reason: Option<String> = r.get(7)?;
    Ok(Enrolment {
        id: EnrolmentId(r.get(0)?),
        student: PersonId(r.get(1)?),
        class: ClassId(r.get(2)?),
        school: SchoolId(r.get(3)?),
        year: YearId(r.get(4)?),
        start: r.get(5)?,
        end: r.get(6)?,
        end_reason: reason
            .map(|s| EndReason::parse("end_reason", &s))
            .transpose()
            .map_err(|e| bad_column(7, e))?,
    })
}

/// Enrols `student` in `class`, a class of `school`.
pub(crate) fn insert_enrolment(
    c: Db<'_>,
    school: SchoolId,
    student: PersonId,
    class: ClassId,
    start: Date,
    now: i64,
) -> Result<Enrolment> {
    c.execute(
        "INSERT INTO enrolment (school_id, student_id, class_id, start_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![school.0, student.0, class.0, start, now],
    )?;
    enrolment(c, EnrolmentId(c.last_insert_rowid()?))
}

pub(crate) fn enrolment(c: Db<'_>, id: EnrolmentId) -> Result<Enrolment> {
    found(
        c.cached_row(
            &format!("{ENROLMENT_SELECT} WHERE e.id = ?1"),
            [id.0],
            enrolment_row,
        ),
        "enrolment",
        id.0,
    )
}

/// Every enrolment in a school's classes, by class, start and id.
pub(crate) fn enrolments_of_school(c: Db<'_>, school: SchoolId) -> Result<Vec<Enrolment>> {
    let mut st = c.prepare_cached(&format!(
        "{ENROLMENT_SELECT} WHERE c.school_id = ?1 ORDER BY e.class_id, e.start_date, e.id"
    ))?;
    let rows = st
        .query_map([school.0], enrolment_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn enrolments_of_student(c: Db<'_>, student: PersonId) -> Result<Vec<Enrolment>> {
    let mut st = c.prepare_cached(&format!(
        "{ENROLMENT_SELECT} WHERE e.student_id = ?1 ORDER BY e.start_date, e.id"
    ))?;
    let rows = st
        .query_map([student.0], enrolment_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn end_enrolment(
    c: Db<'_>,
    id: EnrolmentId,
    last_day: Date,
    reason: EndReason,
) -> Result<()> {
    c.execute(
        "UPDATE enrolment SET end_date = ?2, end_reason = ?3 WHERE id = ?1",
        params![id.0, last_day, reason.as_str()],
    )?;
    Ok(())
}

/// Students of a class on `day`, by surname.
pub(crate) fn class_roster(c: Db<'_>, class: ClassId, day: Date) -> Result<Vec<Person>> {
    let mut st = c.prepare_cached(
        "SELECT p.id, p.surname, p.first_name, p.patronymic, p.birth_date, p.snils
         FROM enrolment e JOIN person p ON p.id = e.student_id
         WHERE e.class_id = ?1 AND e.start_date <= ?2 AND (e.end_date IS NULL OR ?2 <= e.end_date)
         ORDER BY p.surname, p.first_name, p.id",
    )?;
    let rows = st
        .query_map(params![class.0, day], person_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

fn guardianship_row(r: &Row<'_>) -> DbResult<Guardianship> {
    let relation: String = r.get(2)?;
    Ok(Guardianship {
        student: PersonId(r.get(0)?),
        guardian: PersonId(r.get(1)?),
        relation: Relation::parse("relation", &relation).map_err(|e| bad_column(2, e))?,
        legal_representative: r.get(3)?,
    })
}

pub(crate) fn insert_guardianship(c: Db<'_>, g: &Guardianship, now: i64) -> Result<()> {
    c.execute(
        "INSERT INTO guardianship (student_id, guardian_id, relation, legal_representative, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![g.student.0, g.guardian.0, g.relation.as_str(), g.legal_representative, now],
    )
    .map_err(|e| conflict_on_unique(e, || "this guardian is already linked to the student".into()))?;
    Ok(())
}

pub(crate) fn guardians_of(c: Db<'_>, student: PersonId) -> Result<Vec<Guardianship>> {
    let mut st = c.prepare_cached(
        "SELECT student_id, guardian_id, relation, legal_representative FROM guardianship
         WHERE student_id = ?1 ORDER BY guardian_id",
    )?;
    let rows = st
        .query_map([student.0], guardianship_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn children_of(c: Db<'_>, guardian: PersonId) -> Result<Vec<Guardianship>> {
    let mut st = c.prepare_cached(
        "SELECT student_id, guardian_id, relation, legal_representative FROM guardianship
         WHERE guardian_id = ?1 ORDER BY student_id",
    )?;
    let rows = st
        .query_map([guardian.0], guardianship_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Schools a person is tied to: registered there, staff, enrolled, or
/// guardian of a student enrolled there.
pub(crate) fn schools_of_person(c: Db<'_>, person: PersonId) -> Result<Vec<SchoolId>> {
    let mut st = c.prepare_cached(
        "SELECT registered_school FROM person WHERE id = ?1 AND registered_school IS NOT NULL
         UNION SELECT school_id FROM staff WHERE person_id = ?1
         UNION SELECT c.school_id FROM enrolment e JOIN class c ON c.id = e.class_id WHERE e.student_id = ?1
         UNION SELECT c.school_id FROM guardianship g JOIN enrolment e ON e.student_id = g.student_id
               JOIN class c ON c.id = e.class_id WHERE g.guardian_id = ?1",
    )?;
    let rows = st
        .query_map([person.0], |r| Ok(SchoolId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Whether the person is on any school's staff.
pub(crate) fn is_staff_anywhere(c: Db<'_>, person: PersonId) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT 1 FROM staff WHERE person_id = ?1 LIMIT 1")?
            .query_row([person.0], |_| Ok(()))
            .optional()?
            .is_some(),
    )
}

/// Schools a person belongs to as a member: staff there, enrolled there
/// (now or before), or guardian of a student enrolled there. Being
/// registered by a school (a nanny, a parent not yet linked) is no
/// membership: it gives no reads of the school.
pub(crate) fn member_schools_of_person(c: Db<'_>, person: PersonId) -> Result<Vec<SchoolId>> {
    let mut st = c.prepare_cached(
        "SELECT school_id FROM staff WHERE person_id = ?1
         UNION SELECT c.school_id FROM enrolment e JOIN class c ON c.id = e.class_id WHERE e.student_id = ?1
         UNION SELECT c.school_id FROM guardianship g JOIN enrolment e ON e.student_id = g.student_id
               JOIN class c ON c.id = e.class_id WHERE g.guardian_id = ?1",
    )?;
    let rows = st
        .query_map([person.0], |r| Ok(SchoolId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
