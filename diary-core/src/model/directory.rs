//! What a family may see of the school: a child's class, its teachers' and
//! the school's admins' display names and roles.

use super::enums::StaffRole;
use crate::ids::{ClassId, PersonId, SchoolId, SubjectId};
use serde::Serialize;

/// A staff member as a family sees them: a display name and a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffName {
    /// The person.
    pub person: PersonId,
    /// "Surname F. P." (initials of the first name and patronymic).
    pub display_name: String,
    /// Teacher or admin.
    pub role: StaffRole,
}

/// A subject a child is taught, with its teachers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectorySubject {
    /// The subject.
    pub subject: SubjectId,
    /// Its name.
    pub name: String,
    /// Who teaches it to the child (the class's or the child's group's).
    pub teachers: Vec<StaffName>,
}

/// What a family may see of the school about one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildDirectory {
    /// The child.
    pub child: PersonId,
    /// The school.
    pub school: SchoolId,
    /// Its name.
    pub school_name: String,
    /// The child's class.
    pub class: ClassId,
    /// Its name, e.g. "5A".
    pub class_name: String,
    /// The class's year, e.g. "2024/25".
    pub year_label: String,
    /// The class teacher.
    pub class_teacher: Option<StaffName>,
    /// The subjects the child is taught, by name.
    pub subjects: Vec<DirectorySubject>,
    /// The school's admins, as contacts.
    pub admins: Vec<StaffName>,
}
