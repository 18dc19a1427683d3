//! What a family may see of the school: the values; the `Diary` method is
//! generated (`calls/directory.rs`).

use crate::convert::EnumValue;
use diary_core as core;
use pyo3::prelude::*;

record! {
    /// A staff member as a family sees them.
    StaffName {
        /// The person.
        person: i64,
        /// "Surname F. P.".
        display_name: String,
        /// Teacher or admin (`StaffRole`).
        role: EnumValue,
    }
}

impl From<core::StaffName> for StaffName {
    fn from(s: core::StaffName) -> Self {
        StaffName {
            person: s.person.0,
            display_name: s.display_name,
            role: EnumValue {
                class: "StaffRole",
                value: s.role.as_str(),
            },
        }
    }
}

record! {
    /// A subject a child is taught, with its teachers.
    DirectorySubject {
        /// The subject.
        subject: i64,
        /// Its name.
        name: String,
        /// Its teachers.
        teachers: Vec<StaffName>,
    }
}

record! {
    /// What a family may see of the school about one child.
    ChildDirectory {
        /// The child.
        child: i64,
        /// The school.
        school: i64,
        /// Its name.
        school_name: String,
        /// The child's class.
        class_: i64,
        /// Its name, e.g. "5A".
        class_name: String,
        /// The class's year.
        year_label: String,
        /// The class teacher.
        class_teacher: Option<StaffName>,
        /// The subjects, by name.
        subjects: Vec<DirectorySubject>,
        /// The school's admins.
        admins: Vec<StaffName>,
    }
}

impl From<core::ChildDirectory> for ChildDirectory {
    fn from(d: core::ChildDirectory) -> Self {
        ChildDirectory {
            child: d.child.0,
            school: d.school.0,
            school_name: d.school_name,
            class_: d.class.0,
            class_name: d.class_name,
            year_label: d.year_label,
            class_teacher: d.class_teacher.map(Into::into),
            subjects: d
                .subjects
                .into_iter()
                .map(|s| DirectorySubject {
                    subject: s.subject.0,
                    name: s.name,
                    teachers: s.teachers.into_iter().map(Into::into).collect(),
                })
                .collect(),
            admins: d.admins.into_iter().map(Into::into).collect(),
        }
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<StaffName>()?;
    m.add_class::<DirectorySubject>()?;
    m.add_class::<ChildDirectory>()?;
    Ok(())
}
