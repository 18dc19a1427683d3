//! SQL for classes, subjects, groups and teaching assignments.

use super::{conflict_on_unique, found};
use crate::error::Result;
use crate::ids::{AssignmentId, ClassId, GroupId, PersonId, SchoolId, SubjectId, YearId};
use crate::model::{
    Class, Group, NewAssignment, NewClass, PeriodKind, Subject, TeachingAssignment,
};
use crate::storage::db::{params, Db, DbError, DbResult, Row};

const CLASS_COLS: &str = "id, school_id, year_id, grade, letter, class_teacher, period_kind";

fn class_row(r: &Row<'_>) -> DbResult<Class> {
    Ok(Class {
        id: ClassId(r.get(0)?),
        school: SchoolId(r.get(1)?),
        year: YearId(r.get(2)?),
        grade: r.get(3)?,
        letter: r.get(4)?,
        class_teacher: r.get::<_, Option<i64>>(5)?.map(PersonId),
        period_kind: PeriodKind::parse("period_kind", &r.get::<_, String>(6)?)
            .map_err(|e| DbError::undecodable(6, e))?,
    })
}

/// The period kind a class of `grade` is graded in when its school sets
/// none: quarters below grade 10, semesters from grade 10.
pub(crate) fn default_period_kind(grade: u8) -> PeriodKind {
    if grade >= 10 {
        PeriodKind::Semester
    } else {
        PeriodKind::Quarter
    }
}

pub(crate) fn insert_class(
    c: Db<'_>,
    school: SchoolId,
    year: YearId,
    n: &NewClass,
    kind: PeriodKind,
) -> Result<Class> {
    c.execute(
        "INSERT INTO class (school_id, year_id, grade, letter, class_teacher, period_kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            school.0,
            year.0,
            n.grade,
            n.letter,
            n.class_teacher.map(|p| p.0),
            kind.as_str()
        ],
    )
    .map_err(|e| conflict_on_unique(e, || format!("class {}{} already exists in this year", n.grade, n.letter)))?;
    class(c, ClassId(c.last_insert_rowid()?))
}

/// Sets the period kind a class is graded in; refused (Conflict) once the
/// class has marks, which belong to periods of its current kind.
pub(crate) fn set_class_period_kind(c: Db<'_>, class: ClassId, kind: PeriodKind) -> Result<()> {
    let has_marks: bool = c.cached_row(
        "SELECT EXISTS (SELECT 1 FROM mark WHERE class_id = ?1)",
        [class.0],
        |r| r.get(0),
    )?;
    if has_marks {
        return Err(crate::error::Error::Conflict(
            "the class already has marks in periods of its current kind; its period kind can no \
             longer change"
                .into(),
        ));
    }
    c.execute(
        "UPDATE class SET period_kind = ?2 WHERE id = ?1",
        params![class.0, kind.as_str()],
    )?;
    Ok(())
}

pub(crate) fn class(c: Db<'_>, id: ClassId) -> Result<Class> {
    found(
        c.cached_row(
            &format!("SELECT {CLASS_COLS} FROM class WHERE id = ?1"),
            [id.0],
            class_row,
        ),
        "class",
        id.0,
    )
}

pub(crate) fn classes(c: Db<'_>, year: YearId) -> Result<Vec<Class>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CLASS_COLS} FROM class WHERE year_id = ?1 ORDER BY grade, letter"
    ))?;
    let rows = st
        .query_map([year.0], class_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn set_class_teacher(
    c: Db<'_>,
    class: ClassId,
    teacher: Option<PersonId>,
) -> Result<()> {
    c.execute(
        "UPDATE class SET class_teacher = ?2 WHERE id = ?1",
        params![class.0, teacher.map(|p| p.0)],
    )?;
    Ok(())
}

fn subject_row(r: &Row<'_>) -> DbResult<Subject> {
    Ok(Subject {
        id: SubjectId(r.get(0)?),
        school: SchoolId(r.get(1)?),
        name: r.get(2)?,
    })
}

pub(crate) fn insert_subject(c: Db<'_>, school: SchoolId, name: &str) -> Result<Subject> {
    c.execute(
        "INSERT INTO subject (school_id, name) VALUES (?1, ?2)",
        params![school.0, name],
    )
    .map_err(|e| conflict_on_unique(e, || format!("subject \"{name}\" already exists")))?;
    subject(c, SubjectId(c.last_insert_rowid()?))
}

pub(crate) fn subject(c: Db<'_>, id: SubjectId) -> Result<Subject> {
    found(
        c.cached_row(
            "SELECT id, school_id, name FROM subject WHERE id = ?1",
            [id.0],
            subject_row,
        ),
        "subject",
        id.0,
    )
}

pub(crate) fn subjects(c: Db<'_>, school: SchoolId) -> Result<Vec<Subject>> {
    let mut st = c.prepare_cached(
        "SELECT id, school_id, name FROM subject WHERE school_id = ?1 ORDER BY name",
    )?;
    let rows = st
        .query_map([school.0], subject_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

fn group_row(r: &Row<'_>) -> DbResult<Group> {
    Ok(Group {
        id: GroupId(r.get(0)?),
        class: ClassId(r.get(1)?),
        name: r.get(2)?,
    })
}

/// Stores a new group of `class`, a class of `school`.
pub(crate) fn insert_group(
    c: Db<'_>,
    school: SchoolId,
    class: ClassId,
    name: &str,
) -> Result<Group> {
    c.execute(
        "INSERT INTO class_group (class_id, name, school_id) VALUES (?1, ?2, ?3)",
        params![class.0, name, school.0],
    )
    .map_err(|e| conflict_on_unique(e, || format!("the class already has a group \"{name}\"")))?;
    group(c, GroupId(c.last_insert_rowid()?))
}

pub(crate) fn group(c: Db<'_>, id: GroupId) -> Result<Group> {
    found(
        c.cached_row(
            "SELECT id, class_id, name FROM class_group WHERE id = ?1",
            [id.0],
            group_row,
        ),
        "group",
        id.0,
    )
}

pub(crate) fn groups(c: Db<'_>, class: ClassId) -> Result<Vec<Group>> {
    let mut st = c.prepare_cached(
        "SELECT id, class_id, name FROM class_group WHERE class_id = ?1 ORDER BY name",
    )?;
    let rows = st
        .query_map([class.0], group_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Adds `student` to `group`, a group of a class of `school`.
pub(crate) fn insert_group_member(
    c: Db<'_>,
    school: SchoolId,
    group: GroupId,
    student: PersonId,
) -> Result<()> {
    c.execute(
        "INSERT INTO group_member (school_id, group_id, student_id) VALUES (?1, ?2, ?3)",
        params![school.0, group.0, student.0],
    )
    .map_err(|e| conflict_on_unique(e, || "the student is already in this group".into()))?;
    Ok(())
}

pub(crate) fn group_members(c: Db<'_>, group: GroupId) -> Result<Vec<PersonId>> {
    let mut st = c.prepare_cached(
        "SELECT student_id FROM group_member WHERE group_id = ?1 ORDER BY student_id",
    )?;
    let rows = st
        .query_map([group.0], |r| Ok(PersonId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

const ASSIGNMENT_COLS: &str = "id, teacher_id, class_id, group_id, subject_id, year_id";

fn assignment_row(r: &Row<'_>) -> DbResult<TeachingAssignment> {
    Ok(TeachingAssignment {
        id: AssignmentId(r.get(0)?),
        teacher: PersonId(r.get(1)?),
        class: ClassId(r.get(2)?),
        group: r.get::<_, Option<i64>>(3)?.map(GroupId),
        subject: SubjectId(r.get(4)?),
        year: YearId(r.get(5)?),
    })
}

/// Stores a teaching assignment of a class of `school`.
pub(crate) fn insert_assignment(
    c: Db<'_>,
    school: SchoolId,
    a: &NewAssignment,
    year: YearId,
) -> Result<TeachingAssignment> {
    c.execute(
        "INSERT INTO teaching_assignment (school_id, teacher_id, class_id, group_id, subject_id, year_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![school.0, a.teacher.0, a.class.0, a.group.map(|g| g.0), a.subject.0, year.0],
    )
    .map_err(|e| conflict_on_unique(e, || "the teacher already teaches this subject to this class or group".into()))?;
    let id = c.last_insert_rowid()?;
    found(
        c.cached_row(
            &format!("SELECT {ASSIGNMENT_COLS} FROM teaching_assignment WHERE id = ?1"),
            [id],
            assignment_row,
        ),
        "teaching assignment",
        id,
    )
}

pub(crate) fn assignments(c: Db<'_>, year: YearId) -> Result<Vec<TeachingAssignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {ASSIGNMENT_COLS} FROM teaching_assignment WHERE year_id = ?1 ORDER BY class_id, subject_id, id"
    ))?;
    let rows = st
        .query_map([year.0], assignment_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
