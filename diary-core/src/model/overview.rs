//! A whole school's structure in one nested value, for displays and exports.

use super::{AcademicYear, Class, Group, Holiday, Period, School, Subject, TeachingAssignment};
use serde::Serialize;

/// Everything about a school's structure (no personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolOverview {
    /// The school.
    pub school: School,
    /// Its subjects.
    pub subjects: Vec<Subject>,
    /// Its holidays and non-working days.
    pub holidays: Vec<Holiday>,
    /// Its academic years, oldest first.
    pub years: Vec<YearOverview>,
}

/// One academic year with its periods, classes and assignments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearOverview {
    /// The year.
    pub year: AcademicYear,
    /// Its periods in date order.
    pub periods: Vec<Period>,
    /// Its classes with their groups.
    pub classes: Vec<ClassOverview>,
    /// Who teaches what.
    pub assignments: Vec<TeachingAssignment>,
}

/// A class with its display name and groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassOverview {
    /// Display name, e.g. "5A".
    pub name: String,
    /// The class.
    pub class: Class,
    /// Its sub-groups.
    pub groups: Vec<Group>,
}
