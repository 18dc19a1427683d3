//! A student's report card (issue 18): the data of one period or a whole
//! year, and a school's template for printing it. Rendering lives in
//! [`crate::report_card`].

use super::day::{AttendanceSummary, Remark};
use super::enums::{ReportBlock, ReportLanguage};
use crate::grading::Ratio;
use crate::ids::{ClassId, PeriodId, PersonId, SchoolId, SubjectId, YearId};
use serde::{Deserialize, Serialize};
use time::Date;

/// A period shown as a column of a year's report card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportPeriod {
    /// The period.
    pub period: PeriodId,
    /// Its display name, e.g. "Quarter 1".
    pub name: String,
}

/// One subject's line of a report card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSubject {
    /// The subject.
    pub subject: SubjectId,
    /// Its name.
    pub name: String,
    /// Code of the scale its marks are on.
    pub scale: String,
    /// The exact average: of the period's marks on a period card, of the
    /// year's marks on a year card. `None` without marks.
    pub average: Option<Ratio>,
    /// The average as the school's rule displays it (e.g. "4.57").
    pub average_display: Option<String>,
    /// The period marks in force (confirmed, else derived): one on a
    /// period card, one per [`ReportCard::periods`] on a year card.
    pub period_marks: Vec<Option<String>>,
    /// The year mark in force (year cards only).
    pub year_mark: Option<String>,
    /// The exam mark (year cards only).
    pub exam_mark: Option<String>,
    /// The final (certificate) mark (year cards only).
    pub final_mark: Option<String>,
    /// The subject's weight in the overall average.
    pub coefficient: Ratio,
}

/// A student's report card for a period or a year, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportCard {
    /// The student.
    pub student: PersonId,
    /// "Surname First Patronymic".
    pub student_name: String,
    /// The school.
    pub school: SchoolId,
    /// Its name.
    pub school_name: String,
    /// The student's class in the period (its last day's, else its first
    /// day's).
    pub class: ClassId,
    /// The class's name, e.g. "5A".
    pub class_name: String,
    /// The academic year.
    pub year: YearId,
    /// Its label, e.g. "2025/2026".
    pub year_label: String,
    /// The period; `None` for a year's card.
    pub period: Option<PeriodId>,
    /// The period's name, or `None` for a year's card.
    pub period_name: Option<String>,
    /// First day covered.
    pub from: Date,
    /// Last day covered.
    pub to: Date,
    /// The class teacher, "Surname F. P.".
    pub class_teacher: Option<String>,
    /// On a year card, the periods (of the class's kind) in date order;
    /// on a period card, that period alone.
    pub periods: Vec<ReportPeriod>,
    /// A line per subject taught to the student's class (or with marks),
    /// by name.
    pub subjects: Vec<ReportSubject>,
    /// The overall average across subjects (see `overall_average`).
    pub overall_average: Option<Ratio>,
    /// Attendance over the days covered (up to today).
    pub attendance: AttendanceSummary,
    /// The teachers' remarks over the days covered, oldest first.
    pub remarks: Vec<Remark>,
    /// The day the card was made (the diary's clock).
    pub issued_on: Date,
}

/// How a school prints its report cards: the header, the blocks shown, the
/// labels' language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportCardTemplate {
    /// The document's title, e.g. "Табель успеваемости" (1–200
    /// characters, a single line).
    pub title: String,
    /// Lines above the title — the school's letterhead (0–6 lines of 1–200
    /// characters).
    #[serde(default)]
    pub header: Vec<String>,
    /// A line at the bottom of each card (up to 500 characters).
    #[serde(default)]
    pub footer: Option<String>,
    /// The blocks shown, besides the subjects' table (each at most once).
    pub blocks: Vec<ReportBlock>,
    /// The labels' language.
    pub language: ReportLanguage,
}

impl Default for ReportCardTemplate {
    /// Every block, Russian labels, the title "Табель успеваемости".
    fn default() -> Self {
        ReportCardTemplate {
            title: "Табель успеваемости".to_owned(),
            header: Vec::new(),
            footer: None,
            blocks: ReportBlock::ALL.to_vec(),
            language: ReportLanguage::Ru,
        }
    }
}

impl ReportCardTemplate {
    /// Whether the template shows `block`.
    pub fn shows(&self, block: ReportBlock) -> bool {
        self.blocks.contains(&block)
    }
}
