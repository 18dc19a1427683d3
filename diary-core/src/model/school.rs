//! Schools, academic years, periods and holidays.

use super::PeriodKind;
use crate::ids::{HolidayId, PeriodId, SchoolId, YearId};
use serde::{Deserialize, Serialize};
use time::Date;

/// A school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct School {
    /// Identifier.
    pub id: SchoolId,
    /// Official name, e.g. "School No. 1537".
    pub name: String,
    /// Region (federal subject), e.g. "Moscow".
    pub region: String,
    /// IANA time zone of the school, e.g. "Europe/Moscow".
    pub time_zone: String,
    /// Working days per week: 5 (Monday–Friday) or 6 (Monday–Saturday).
    pub days_per_week: u8,
    /// The period kind new classes are graded in; `None`: the default rule
    /// (quarters below grade 10, semesters from grade 10).
    pub period_kind: Option<PeriodKind>,
}

/// What is needed to create a [`School`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSchool {
    /// Official name.
    pub name: String,
    /// Region.
    pub region: String,
    /// IANA time zone, e.g. "Europe/Moscow".
    pub time_zone: String,
    /// 5 or 6.
    pub days_per_week: u8,
}

impl NewSchool {
    /// A five-day-week school.
    pub fn new(name: &str, region: &str, time_zone: &str) -> Self {
        NewSchool {
            name: name.into(),
            region: region.into(),
            time_zone: time_zone.into(),
            days_per_week: 5,
        }
    }
}

/// An academic year of a school, e.g. "2024/25".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcademicYear {
    /// Identifier.
    pub id: YearId,
    /// The school.
    pub school: SchoolId,
    /// Label, e.g. "2024/25".
    pub label: String,
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
}

/// What is needed to create an [`AcademicYear`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewYear {
    /// Label, e.g. "2024/25".
    pub label: String,
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
}

/// A marking period inside an academic year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// Identifier.
    pub id: PeriodId,
    /// The academic year.
    pub year: YearId,
    /// Quarter, trimester or semester.
    pub kind: PeriodKind,
    /// 1-based position among the year's periods of the same kind.
    pub number: u32,
    /// Display name, e.g. "Quarter 1".
    pub name: String,
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
}

/// What is needed to add a [`Period`]; its number follows from its start
/// date among the year's periods of the same kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPeriod {
    /// Quarter, trimester or semester.
    pub kind: PeriodKind,
    /// Display name, e.g. "Quarter 1".
    pub name: String,
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
}

/// A range of days without lessons (holidays, non-working days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    /// Identifier.
    pub id: HolidayId,
    /// The school.
    pub school: SchoolId,
    /// Name, e.g. "Autumn holidays".
    pub name: String,
    /// First day off.
    pub first_day: Date,
    /// Last day off (inclusive; equal to `first_day` for a single day).
    pub last_day: Date,
}

/// What is needed to add a [`Holiday`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHoliday {
    /// Name.
    pub name: String,
    /// First day off.
    pub first_day: Date,
    /// Last day off (inclusive).
    pub last_day: Date,
}
