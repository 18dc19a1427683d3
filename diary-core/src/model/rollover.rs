//! Closing a school year and preparing the next (issue 18): what the school
//! decides, and the report of what was (or, in a dry run, would be) done.

use super::school::NewYear;
use crate::ids::{ClassId, PersonId, YearId};
use serde::{Deserialize, Serialize};

/// What to do at the end of a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearRollover {
    /// The year that ends (it must have ended or end before the new one).
    pub from_year: YearId,
    /// The new year: label and dates (after the old year, overlapping no
    /// other year of the school).
    pub new_year: NewYear,
    /// The grade that leaves school: its students graduate and its classes
    /// are not continued (1–12; 11 in Russia, where the 9th grade's
    /// leavers are listed in `leaving`).
    #[serde(default = "default_final_grade")]
    pub final_grade: u8,
    /// A new letter for a promoted class (by default it keeps its letter):
    /// pairs of the old class and the letter (1–4 letters or digits).
    #[serde(default)]
    pub letters: Vec<(ClassId, String)>,
    /// Students who repeat their grade: they move to the class of the same
    /// grade and letter in the new year (created when there is none).
    #[serde(default)]
    pub repeating: Vec<PersonId>,
    /// Students who leave the school at the year's end.
    #[serde(default)]
    pub leaving: Vec<PersonId>,
    /// Copy the old year's periods, moved by whole weeks to the new year's
    /// dates (default true): a starting point the school then adjusts.
    #[serde(default = "yes")]
    pub copy_periods: bool,
    /// Copy the promoted classes' teaching assignments and groups (with the
    /// members who move along; default true).
    #[serde(default = "yes")]
    pub copy_assignments: bool,
}

fn default_final_grade() -> u8 {
    11
}

fn yes() -> bool {
    true
}

impl YearRollover {
    /// A rollover of `from_year` into `new_year` with the defaults: every
    /// class promoted keeping its letter, the 11th grade graduating,
    /// periods, assignments and groups copied.
    pub fn new(from_year: YearId, new_year: NewYear) -> Self {
        YearRollover {
            from_year,
            new_year,
            final_grade: default_final_grade(),
            letters: Vec::new(),
            repeating: Vec::new(),
            leaving: Vec::new(),
            copy_periods: true,
            copy_assignments: true,
        }
    }
}

/// What becomes of one class of the old year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRollover {
    /// The old class.
    pub from: ClassId,
    /// Its name, e.g. "5A".
    pub from_name: String,
    /// The class it becomes ("6A"); `None` when the class graduates.
    pub to_name: Option<String>,
    /// The new class (`None` in a dry run or when it graduates).
    pub to: Option<ClassId>,
    /// Students who move with it (promoted).
    pub promoted: u32,
    /// Its class teacher, carried over when still a teacher of the school.
    pub class_teacher: Option<PersonId>,
}

/// A student whose path differs from their class's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentRollover {
    /// The student.
    pub student: PersonId,
    /// The old class.
    pub from: ClassId,
    /// The class of the new year ("5A" for a repeater of 5A); `None` for
    /// graduates and leavers.
    pub to_name: Option<String>,
}

/// What a rollover did, or in a dry run would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloverReport {
    /// Nothing was stored.
    pub dry_run: bool,
    /// The year that ended.
    pub from_year: YearId,
    /// The new year (`None` in a dry run).
    pub new_year: Option<YearId>,
    /// Every class of the old year, in grade and letter order.
    pub classes: Vec<ClassRollover>,
    /// Classes created for repeaters only (names).
    pub created_for_repeaters: Vec<String>,
    /// Students who graduated.
    pub graduated: Vec<StudentRollover>,
    /// Students who repeat their grade.
    pub repeating: Vec<StudentRollover>,
    /// Students who left.
    pub leaving: Vec<StudentRollover>,
    /// Enrolments of the old year ended (with their reasons).
    pub enrolments_ended: u32,
    /// Enrolments of the new year created.
    pub enrolments_created: u32,
    /// Periods copied: (name, first day, last day) as "YYYY-MM-DD".
    pub periods: Vec<(String, String, String)>,
    /// Teaching assignments copied.
    pub assignments: u32,
    /// Groups copied.
    pub groups: u32,
    /// Bell schedules that had ended and were copied for the new year.
    pub bell_schedules_copied: u32,
    /// What stays as it is for the whole school: subjects, kinds of work,
    /// the school's own scales, grading rules, open-ended bell schedules.
    pub kept: Vec<(String, u32)>,
}
