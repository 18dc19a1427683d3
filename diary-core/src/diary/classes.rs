//! Classes, subjects, sub-groups and teaching assignments.

use super::scope::{group_of, subject_of};
use super::Diary;
use crate::access::StructureAction::*;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ClassId, GroupId, PersonId, SchoolId, YearId};
use crate::model::{
    Class, Group, NewAssignment, NewClass, PeriodKind, School, StaffRole, Subject,
    TeachingAssignment,
};
use crate::storage;
use crate::storage::db::Db;
use crate::text;

/// Checks that `person` is a teacher of `school`; `field` names the argument.
fn require_teacher(c: Db<'_>, school: SchoolId, person: PersonId, field: &str) -> Result<()> {
    // A missing person and another school's get the same answer.
    if storage::has_staff_role(c, school, person, StaffRole::Teacher)? {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("person {person} is not a teacher of this school"),
        ))
    }
}

pub(super) fn class_letter(letter: &str) -> Result<String> {
    let l = letter.trim().to_uppercase();
    let n = l.chars().count();
    if n == 0 || n > 4 || !l.chars().all(char::is_alphanumeric) {
        return Err(Error::invalid(
            "letter",
            "must be 1 to 4 letters or digits, e.g. \"A\"",
        ));
    }
    Ok(l)
}

impl Diary {
    /// Creates a class in an academic year (school admins). A class teacher,
    /// if given, must be a teacher of the school.
    pub fn create_class(&self, actor: &Actor, year: YearId, new: &NewClass) -> Result<Class> {
        if new.grade > 12 {
            return Err(Error::invalid("grade", "must be between 0 and 12"));
        }
        let new = NewClass {
            letter: class_letter(&new.letter)?,
            ..new.clone()
        };
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let y = p.known_year(year, "structure", true)?;
            p.decide_school(y.school, ManageStructure, "structure", true)?;
            if let Some(t) = new.class_teacher {
                require_teacher(c, y.school, t, "class_teacher")?;
            }
            let kind = storage::school(c, y.school)?
                .period_kind
                .unwrap_or_else(|| storage::default_period_kind(new.grade));
            storage::insert_class(c, y.school, year, &new, kind)
        })
    }

    /// Sets the period kind a class is graded in (school admins): a school
    /// whose classes use trimesters, or one class that differs. Refused with
    /// `Conflict` once the class has marks (they belong to periods of its
    /// current kind).
    pub fn set_class_period_kind(
        &self,
        actor: &Actor,
        class: ClassId,
        kind: PeriodKind,
    ) -> Result<Class> {
        self.write(actor, |p| {
            let c = p.c;
            let cl = p.known_class(class, "structure", true)?;
            p.decide_school(cl.school, ManageStructure, "structure", true)?;
            storage::set_class_period_kind(c, class, kind)?;
            storage::class(c, class)
        })
    }

    /// Sets (or with `None` returns to the default rule) the period kind
    /// the school's new classes are graded in (school admins). Classes that
    /// exist keep theirs; change one with [`Diary::set_class_period_kind`].
    pub fn set_school_period_kind(
        &self,
        actor: &Actor,
        school: SchoolId,
        kind: Option<PeriodKind>,
    ) -> Result<School> {
        self.write(actor, |p| {
            let c = p.c;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManageStructure, "structure", true)?;
            storage::set_school_period_kind(c, school, kind)?;
            storage::school(c, school)
        })
    }

    /// Appoints (or with `None`, removes) the class teacher (school admins).
    pub fn set_class_teacher(
        &self,
        actor: &Actor,
        class: ClassId,
        teacher: Option<PersonId>,
    ) -> Result<Class> {
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let cl = p.known_class(class, "structure", true)?;
            p.decide_school(cl.school, ManageStructure, "structure", true)?;
            if let Some(t) = teacher {
                require_teacher(c, cl.school, t, "class_teacher")?;
            }
            storage::set_class_teacher(c, class, teacher)?;
            storage::class(c, class)
        })
    }

    /// One class.
    pub fn class(&self, actor: &Actor, id: ClassId) -> Result<Class> {
        self.read(actor, |p| {
            let (_c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let cl = p.known_class(id, "structure", false)?;
            p.decide_school(cl.school, ReadStructure, "structure", false)?;
            Ok(cl)
        })
    }

    /// The classes of a year, by grade and letter.
    pub fn classes(&self, actor: &Actor, year: YearId) -> Result<Vec<Class>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let y = p.known_year(year, "structure", false)?;
            p.decide_school(y.school, ReadStructure, "structure", false)?;
            storage::classes(c, year)
        })
    }

    /// Adds a subject to a school (school admins).
    pub fn create_subject(&self, actor: &Actor, school: SchoolId, name: &str) -> Result<Subject> {
        let name = text::name("name", name)?;
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManageStructure, "structure", true)?;
            storage::insert_subject(c, school, &name)
        })
    }

    /// The subjects of a school, by name.
    pub fn subjects(&self, actor: &Actor, school: SchoolId) -> Result<Vec<Subject>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
            storage::subjects(c, school)
        })
    }

    /// Adds a sub-group to a class, e.g. a language group (school admins).
    pub fn create_group(&self, actor: &Actor, class: ClassId, name: &str) -> Result<Group> {
        let name = text::name("name", name)?;
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let cl = p.known_class(class, "structure", true)?;
            p.decide_school(cl.school, ManageStructure, "structure", true)?;
            storage::insert_group(c, cl.school, class, &name)
        })
    }

    /// The groups of a class.
    pub fn groups(&self, actor: &Actor, class: ClassId) -> Result<Vec<Group>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let cl = p.known_class(class, "structure", false)?;
            p.decide_school(cl.school, ReadStructure, "structure", false)?;
            storage::groups(c, class)
        })
    }

    /// Puts a student of the group's class into the group (school admins).
    pub fn add_group_member(&self, actor: &Actor, group: GroupId, student: PersonId) -> Result<()> {
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let (g, cl) = p.known_group(group, "structure", true)?;
            p.decide_school(cl.school, ManageStructure, "structure", true)?;
            let enrolled = storage::enrolments_of_student(c, student)?
                .iter()
                .any(|e| e.class == g.class);
            if !enrolled {
                return Err(Error::invalid(
                    "student",
                    format!("person {student} is not enrolled in class {}", cl.name()),
                ));
            }
            storage::insert_group_member(c, cl.school, group, student)
        })
    }

    /// The students of a group (school admins).
    pub fn group_members(&self, actor: &Actor, group: GroupId) -> Result<Vec<PersonId>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let (_g, cl) = p.known_group(group, "structure", false)?;
            p.decide_school(cl.school, ReadPeople, "structure", false)?;
            storage::group_members(c, group)
        })
    }

    /// Records that a teacher teaches a subject to a class or one of its
    /// groups this year (school admins).
    pub fn assign_teacher(&self, actor: &Actor, new: &NewAssignment) -> Result<TeachingAssignment> {
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let cl = p.known_class(new.class, "structure", true)?;
            p.decide_school(cl.school, ManageStructure, "structure", true)?;
            require_teacher(c, cl.school, new.teacher, "teacher")?;
            subject_of(c, cl.school, new.subject, "subject")?;
            if let Some(g) = new.group {
                group_of(c, cl.id, g, "group")?;
            }
            storage::insert_assignment(c, cl.school, new, cl.year)
        })
    }

    /// The teaching assignments of a year.
    pub fn assignments(&self, actor: &Actor, year: YearId) -> Result<Vec<TeachingAssignment>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let y = p.known_year(year, "structure", false)?;
            p.decide_school(y.school, ReadStructure, "structure", false)?;
            storage::assignments(c, year)
        })
    }
}
