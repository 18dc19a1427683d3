//! Value objects of marks and grading. Exact numbers are
//! `fractions.Fraction`; marks, weights and rounded averages are
//! `decimal.Decimal`; never a float.

use crate::convert::{Dec, DecText, EnumValue, Fraction};
use diary_core as core;
use pyo3::prelude::*;
use time::{Date, OffsetDateTime};

record! {
    /// A mark (or a sign such as "н") in a student's diary.
    Mark {
        /// Identifier.
        id: i64,
        /// The student's person id.
        student: i64,
        /// The subject id.
        subject: i64,
        /// The student's class on the lesson date.
        class_id: i64,
        /// The period the date falls in.
        period: i64,
        /// The lesson date.
        date: Date,
        /// Mark or sign (`EntryKind`).
        entry: EnumValue,
        /// Code of the mark's scale, e.g. "ru5".
        scale: String,
        /// As written in the diary: "5", "B+", "17.5/20", "н".
        label: String,
        /// Numeric worth on its scale.
        value: Dec,
        /// For points: the maximum.
        out_of: Option<Dec>,
        /// Kind of work id.
        work_kind: i64,
        /// Weight.
        weight: Dec,
        /// Whether it counts (`Counting`).
        counting: EnumValue,
        /// The teacher's comment.
        comment: Option<String>,
        /// Who gave it.
        teacher: i64,
        /// When it was entered (aware, UTC).
        entered_at: OffsetDateTime,
        /// The mark this one retakes.
        retake_of: Option<i64>,
        /// Whether it was deleted (kept with its history).
        deleted: bool,
    }
}

impl From<core::Mark> for Mark {
    fn from(m: core::Mark) -> Self {
        Mark {
            id: m.id.0,
            student: m.student.0,
            subject: m.subject.0,
            class_id: m.class.0,
            period: m.period.0,
            date: m.date,
            entry: EnumValue {
                class: "EntryKind",
                value: m.entry.as_str(),
            },
            scale: m.scale,
            label: m.label,
            value: Dec(m.value),
            out_of: m.out_of.map(Dec),
            work_kind: m.work_kind.0,
            weight: Dec(m.weight),
            counting: EnumValue {
                class: "Counting",
                value: m.counting.as_str(),
            },
            comment: m.comment,
            teacher: m.teacher.0,
            entered_at: m.entered_at,
            retake_of: m.retake_of.map(|r| r.0),
            deleted: m.deleted,
        }
    }
}

record! {
    /// One change in a mark's history.
    MarkChange {
        /// The mark.
        mark: i64,
        /// "update" or "delete".
        action: String,
        /// Who changed it.
        changed_by: i64,
        /// When (aware, UTC).
        changed_at: OffsetDateTime,
        /// Why.
        reason: String,
        /// The label before.
        old_label: String,
        /// The label after (None for a deletion).
        new_label: Option<String>,
    }
}

impl From<core::MarkChange> for MarkChange {
    fn from(c: core::MarkChange) -> Self {
        MarkChange {
            mark: c.mark.0,
            action: c.action,
            changed_by: c.changed_by.0,
            changed_at: c.changed_at,
            reason: c.reason,
            old_label: c.old_label,
            new_label: c.new_label,
        }
    }
}

record! {
    /// A kind of work with its default weight and allowed range.
    WorkKind {
        /// Identifier.
        id: i64,
        /// The school id.
        school: i64,
        /// Name, e.g. "Test".
        name: String,
        /// Default weight.
        default_weight: Dec,
        /// Smallest weight allowed.
        min_weight: Dec,
        /// Largest weight allowed.
        max_weight: Dec,
    }
}

impl From<core::WorkKind> for WorkKind {
    fn from(k: core::WorkKind) -> Self {
        WorkKind {
            id: k.id.0,
            school: k.school.0,
            name: k.name,
            default_weight: Dec(k.default_weight),
            min_weight: Dec(k.min_weight),
            max_weight: Dec(k.max_weight),
        }
    }
}

record! {
    /// A marking scale.
    Scale {
        /// Identifier.
        id: i64,
        /// The school that defined it; None for built-in scales.
        school: Option<i64>,
        /// Short code, e.g. "ru5".
        code: String,
        /// Display name.
        name: String,
        /// "discrete", "range" or "points".
        kind: String,
        /// The allowed labels of a discrete scale, best first as defined.
        labels: Vec<String>,
        /// Whether smaller numbers are better (German 1–6).
        lower_is_better: bool,
    }
}

impl From<core::grading::Scale> for Scale {
    fn from(s: core::grading::Scale) -> Self {
        use core::grading::ScaleKind;
        let (kind, labels) = match &s.kind {
            ScaleKind::Discrete { entries } => (
                "discrete",
                entries.iter().map(|e| e.label.clone()).collect(),
            ),
            ScaleKind::Range { .. } => ("range", Vec::new()),
            ScaleKind::Points => ("points", Vec::new()),
        };
        Scale {
            id: s.id.0,
            school: s.school.map(|x| x.0),
            code: s.code,
            name: s.name,
            kind: kind.into(),
            labels,
            lower_is_better: s.lower_is_better,
        }
    }
}

record! {
    /// A mark that entered an average.
    CountedMark {
        /// The mark id (negative for hypothetical marks).
        mark: i64,
        /// Its weight (or category share).
        weight: Fraction,
        /// Its value as a fraction of its scale, 0 worst to 1 best.
        normalised: Fraction,
        /// How it counted.
        how: String,
    }
}

record! {
    /// A mark left out of an average, with the reason.
    ExcludedMark {
        /// The mark id.
        mark: i64,
        /// Why it was left out.
        reason: String,
    }
}

record! {
    /// An average with its explanation.
    Average {
        /// The exact average on the rule's scale, or None without marks.
        exact: Option<Fraction>,
        /// Rounded to `decimals` places (half away from zero), e.g. Decimal("4.50").
        value: Option<DecText>,
        /// The rounded value as text, e.g. "4.58".
        display: Option<String>,
        /// Decimal places used.
        decimals: u32,
        /// The period mark by the rule; None when not certified.
        mark: Option<String>,
        /// Whether enough marks counted.
        certified: bool,
        /// Marks that entered the average.
        counted: Vec<CountedMark>,
        /// Marks left out, with reasons.
        excluded: Vec<ExcludedMark>,
        /// The formula in words.
        formula: String,
    }
}

impl From<core::grading::Average> for Average {
    fn from(a: core::grading::Average) -> Self {
        Average {
            exact: a.exact.map(Fraction),
            value: a.display.clone().map(DecText),
            display: a.display,
            decimals: a.decimals,
            mark: a.mark,
            certified: a.certified,
            counted: a
                .counted
                .into_iter()
                .map(|c| CountedMark {
                    mark: c.mark.0,
                    weight: Fraction(c.weight),
                    normalised: Fraction(c.normalised),
                    how: c.how,
                })
                .collect(),
            excluded: a
                .excluded
                .into_iter()
                .map(|e| ExcludedMark {
                    mark: e.mark.0,
                    reason: e.reason,
                })
                .collect(),
            formula: a.formula,
        }
    }
}

record! {
    /// Statistics of a class in a subject and period; no names.
    ClassStatistics {
        /// Marks given.
        marks: usize,
        /// Students with an average.
        students: usize,
        /// Mean of the students' averages.
        mean: Option<Fraction>,
        /// Lowest average.
        min: Option<Fraction>,
        /// Highest average.
        max: Option<Fraction>,
        /// Median average.
        median: Option<Fraction>,
        /// (label, count) pairs, best mark first.
        distribution: Vec<(String, usize)>,
    }
}

impl From<core::grading::ClassStatistics> for ClassStatistics {
    fn from(s: core::grading::ClassStatistics) -> Self {
        ClassStatistics {
            marks: s.marks,
            students: s.students,
            mean: s.mean.map(Fraction),
            min: s.min.map(Fraction),
            max: s.max.map(Fraction),
            median: s.median.map(Fraction),
            distribution: s.distribution,
        }
    }
}

record! {
    /// A period, year or final mark and how it came about.
    FinalMark {
        /// The mark in force (confirmed, else derived).
        mark: Option<String>,
        /// What the rule derives.
        derived: Option<String>,
        /// Whether a teacher confirmed or set it.
        confirmed: bool,
        /// Whether it differs from the derived mark.
        overridden: bool,
        /// The reason for an override.
        reason: Option<String>,
        /// The exact number the derived mark comes from (a period's
        /// average; a year's mean of period marks; the final mark's mean
        /// of year and exam marks), or None.
        value: Option<Fraction>,
    }
}

impl From<core::FinalMark> for FinalMark {
    fn from(f: core::FinalMark) -> Self {
        FinalMark {
            mark: f.mark,
            derived: f.derived,
            confirmed: f.confirmed,
            overridden: f.overridden,
            reason: f.reason,
            value: f.value.map(Fraction),
        }
    }
}

record! {
    /// The running average after one date (a point of a progress chart).
    ProgressPoint {
        /// The date.
        date: Date,
        /// The exact running average.
        average: Fraction,
        /// Rounded for display.
        display: String,
    }
}

impl From<core::grading::ProgressPoint> for ProgressPoint {
    fn from(p: core::grading::ProgressPoint) -> Self {
        ProgressPoint {
            date: p.date,
            average: Fraction(p.average),
            display: p.display,
        }
    }
}

record! {
    /// One way to reach a target mark: `count` marks of `value` at `weight`.
    PlanOption {
        /// The mark to get.
        value: String,
        /// At this weight.
        weight: Dec,
        /// How many.
        count: u32,
        /// The average they would give.
        average: Fraction,
    }
}

impl From<core::grading::PlanOption> for PlanOption {
    fn from(p: core::grading::PlanOption) -> Self {
        PlanOption {
            value: p.value,
            weight: Dec(p.weight),
            count: p.count,
            average: Fraction(p.average),
        }
    }
}

record! {
    /// One (student, subject, period) average of a school-wide computation.
    PeriodAverage {
        /// The student.
        student: i64,
        /// The subject.
        subject: i64,
        /// The period.
        period: i64,
        /// The exact weighted average.
        average: Fraction,
        /// Counted marks.
        marks: u32,
    }
}

impl From<core::PeriodAverage> for PeriodAverage {
    fn from(p: core::PeriodAverage) -> Self {
        PeriodAverage {
            student: p.student.0,
            subject: p.subject.0,
            period: p.period.0,
            average: Fraction(p.average),
            marks: p.marks,
        }
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Mark>()?;
    m.add_class::<MarkChange>()?;
    m.add_class::<WorkKind>()?;
    m.add_class::<Scale>()?;
    m.add_class::<CountedMark>()?;
    m.add_class::<ExcludedMark>()?;
    m.add_class::<Average>()?;
    m.add_class::<ClassStatistics>()?;
    m.add_class::<FinalMark>()?;
    m.add_class::<ProgressPoint>()?;
    m.add_class::<PlanOption>()?;
    m.add_class::<PeriodAverage>()?;
    Ok(())
}
