//! Classes, subjects, sub-groups and teaching assignments.

use super::PeriodKind;
use crate::ids::{AssignmentId, ClassId, GroupId, PersonId, SchoolId, SubjectId, YearId};
use serde::Serialize;

/// A class of students in one academic year, e.g. "5A".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Class {
    /// Identifier.
    pub id: ClassId,
    /// The school.
    pub school: SchoolId,
    /// The academic year.
    pub year: YearId,
    /// Grade level, 0 (preparatory) to 12.
    pub grade: u8,
    /// Parallel letter, e.g. "A" or "Б".
    pub letter: String,
    /// The class teacher (классный руководитель), if appointed.
    pub class_teacher: Option<PersonId>,
    /// The periods its marks are given for: quarters, or semesters (the
    /// default for grades 10 and above).
    pub period_kind: PeriodKind,
}

impl Class {
    /// Display name: grade followed by letter, e.g. "5A".
    pub fn name(&self) -> String {
        format!("{}{}", self.grade, self.letter)
    }
}

/// What is needed to create a [`Class`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClass {
    /// Grade level, 0 to 12.
    pub grade: u8,
    /// Parallel letter, e.g. "A"; 1–4 letters or digits.
    pub letter: String,
    /// The class teacher: a teacher of the same school.
    pub class_teacher: Option<PersonId>,
}

/// A subject taught at a school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// Identifier.
    pub id: SubjectId,
    /// The school.
    pub school: SchoolId,
    /// Name, e.g. "Mathematics".
    pub name: String,
}

/// A sub-group of a class, e.g. an English group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Identifier.
    pub id: GroupId,
    /// The class it divides.
    pub class: ClassId,
    /// Name, e.g. "English 1".
    pub name: String,
}

/// A teacher teaching a subject to a class (or one of its groups) in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeachingAssignment {
    /// Identifier.
    pub id: AssignmentId,
    /// The teacher.
    pub teacher: PersonId,
    /// The class.
    pub class: ClassId,
    /// The group, when only part of the class is taught.
    pub group: Option<GroupId>,
    /// The subject.
    pub subject: SubjectId,
    /// The academic year (the class's year).
    pub year: YearId,
}

/// What is needed to create a [`TeachingAssignment`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssignment {
    /// The teacher: a teacher of the class's school.
    pub teacher: PersonId,
    /// The class.
    pub class: ClassId,
    /// A group of that class, or `None` for the whole class.
    pub group: Option<GroupId>,
    /// A subject of the class's school.
    pub subject: SubjectId,
}
