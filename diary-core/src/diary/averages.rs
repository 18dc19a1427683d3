//! Averages and the marks derived from them: per student and subject and
//! period or year, across subjects, class statistics and rank, period, year
//! and final marks, progress series, what-if and the target planner.

use super::placement::Placement;
use super::Diary;
use crate::access::{MarkAction, StructureAction::*};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::grading::{
    self, stats, Average, ClassStatistics, GradingRule, MarkInput, PlanOption, ProgressPoint, Rank,
    Ratio, Scale,
};
use crate::ids::{
    ClassId, MarkId, PeriodId, PersonId, ScaleId, SchoolId, SubjectId, WorkKindId, YearId,
};
use crate::model::{Counting, EntryKind, Mark, Period};
use crate::storage::db::Db;
use crate::storage::{self, FinalRow};
use crate::text;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use time::Date;

/// A mark the teacher has not given yet, for what-if and planning.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HypotheticalMark {
    /// The value on the subject's scale, e.g. "5".
    #[serde(deserialize_with = "crate::json_input::decimal_text")]
    pub value: String,
    /// Kind of work.
    pub work_kind: WorkKindId,
    /// Weight; `None`: the kind's default.
    #[serde(default)]
    pub weight: Option<Ratio>,
    /// Code of the scale it would be given on; `None`: the subject's.
    #[serde(default)]
    pub scale: Option<String>,
    /// The maximum, for a mark in points.
    #[serde(default, deserialize_with = "crate::json_input::optional_decimal_text")]
    pub out_of: Option<String>,
}

/// The average of each subject for one student and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectAverage {
    /// The subject.
    pub subject: SubjectId,
    /// Code of the scale the average is on (the subject's rule scale).
    pub scale: String,
    /// Its explained average.
    pub average: Average,
    /// Its weight in the overall average (the rule's coefficient).
    pub coefficient: Ratio,
}

/// A period, year or final mark with how it came about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinalMark {
    /// The mark in force: the confirmed one, else the derived one.
    pub mark: Option<String>,
    /// What the rule derives.
    pub derived: Option<String>,
    /// Whether a teacher confirmed or set it.
    pub confirmed: bool,
    /// Whether the confirmed mark differs from the derived one.
    pub overridden: bool,
    /// The reason for an override.
    pub reason: Option<String>,
    /// The number the derived mark comes from, exact on the rule's scale:
    /// for a period the average of its marks; for a year the mean of the
    /// period marks in force; for the final mark the mean of the year and
    /// exam marks. `None` when there is nothing to average.
    pub value: Option<Ratio>,
}

/// One (student, subject, period) average of a school-wide computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeriodAverage {
    /// The student.
    pub student: PersonId,
    /// The subject.
    pub subject: SubjectId,
    /// The period.
    pub period: PeriodId,
    /// The exact weighted average on the marks' scale.
    pub average: Ratio,
    /// Number of counted marks.
    pub marks: u32,
}

pub(crate) fn inputs(
    marks: &[(Mark, ScaleId)],
    scales: &HashMap<ScaleId, Scale>,
) -> Result<Vec<MarkInput>> {
    marks
        .iter()
        .map(|(m, sid)| {
            let scale = scales
                .get(sid)
                .ok_or_else(|| Error::Internal(format!("scale {sid} missing")))?;
            Ok(MarkInput::new(
                m.id,
                m.date,
                m.entry,
                scale,
                storage::to_centi(m.value, "value")?,
                m.out_of
                    .map(|o| storage::to_centi(o, "out_of"))
                    .transpose()?,
                m.work_kind,
                storage::to_centi(m.weight, "weight")?,
                m.counting,
                m.retake_of,
            ))
        })
        .collect()
}

/// Everything needed to average one student's subject over a date span.
struct Subject {
    school: SchoolId,
    class: ClassId,
    marks: Vec<(Mark, ScaleId)>,
    rule: Arc<GradingRule>,
    scale: Arc<Scale>,
    scales: Arc<HashMap<ScaleId, Scale>>,
    /// The rule is the one frozen when the period was closed.
    frozen: bool,
}

impl Subject {
    /// The explained average of the loaded marks (plus `extra` ones).
    fn average(&self, extra: Vec<MarkInput>) -> Result<Average> {
        let mut all = inputs(&self.marks, &self.scales)?;
        all.extend(extra);
        let mut a = grading::average(&all, &self.rule, &self.scale)?;
        if self.frozen {
            a.formula
                .push_str("; with the rule as it was when the period was closed");
        }
        Ok(a)
    }
}

pub(super) fn period(c: Db<'_>, id: PeriodId) -> Result<Period> {
    let year = storage::period_year(c, id)?;
    storage::periods(c, year)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| Error::not_found("period", id))
}

/// Which marks [`load`] reads: a student's in one subject from `from` to
/// `to`, for `action`, under the rule of `period` (frozen once closed).
struct Wanted {
    student: PersonId,
    subject: SubjectId,
    from: Date,
    to: Date,
    action: MarkAction,
    period: Option<PeriodId>,
}

impl Wanted {
    /// A student's subject over a school year, to read.
    fn year(student: PersonId, subject: SubjectId, y: &crate::model::AcademicYear) -> Self {
        Wanted {
            student,
            subject,
            from: y.start,
            to: y.end,
            action: MarkAction::Read,
            period: None,
        }
    }

    /// A student's subject over a period, to read.
    fn period(student: PersonId, subject: SubjectId, per: &Period) -> Self {
        Wanted {
            student,
            subject,
            from: per.start,
            to: per.end,
            action: MarkAction::Read,
            period: Some(per.id),
        }
    }
}

/// Loads and authorises the marks `w` names.
fn load(p: &mut Placement<'_>, w: &Wanted) -> Result<Subject> {
    p.known_person(w.student, "averages", false)?;
    let all = storage::marks_of_student(p.c, w.student, w.from, w.to)?;
    load_from(p, &all, w)
}

/// [`load`] from `all`, the student's marks from `w.from` to `w.to` as
/// `storage::marks_of_student` gives them in the same transaction: a caller
/// that averages every subject reads them once, not once per subject.
fn load_from(p: &mut Placement<'_>, all: &[(Mark, ScaleId)], w: &Wanted) -> Result<Subject> {
    let Wanted {
        student,
        subject,
        from,
        to,
        action,
        period,
    } = *w;
    let marks: Vec<(Mark, ScaleId)> = all
        .iter()
        .filter(|(m, _)| m.subject == subject)
        .cloned()
        .collect();
    let class = match marks.last() {
        Some((m, _)) => m.class,
        None => p
            .class_on(student, to)
            .or_else(|_| p.class_on(student, from))
            .map_err(|_| {
                Error::invalid(
                    "student",
                    format!("person {student} is not enrolled between {from} and {to}"),
                )
            })?,
    };
    let school = p.class(class)?.school;
    p.authorize(student, class, subject, false, action, "averages", true)?;
    let version = p.frozen_version(period)?;
    let rule = p.rule_for(school, subject, version)?;
    let frozen = version.is_some();
    let scale = p.scale_by_code(school, &rule.scale)?;
    let scales = p.scales(school)?;
    Ok(Subject {
        school,
        class,
        marks,
        rule,
        scale,
        scales,
        frozen,
    })
}

/// [`load`] over a period (its rule frozen if it was closed).
fn load_period(
    p: &mut Placement<'_>,
    student: PersonId,
    subject: SubjectId,
    per: &Period,
) -> Result<Subject> {
    load(p, &Wanted::period(student, subject, per))
}

fn hypothetical(
    p: &mut Placement<'_>,
    s: &Subject,
    extra: &[HypotheticalMark],
    date: Date,
) -> Result<Vec<MarkInput>> {
    extra
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let kind = p.work_kind(h.work_kind)?.clone();
            if kind.school != s.school {
                return Err(Error::invalid(
                    "work_kind",
                    "this kind of work is not of this school",
                ));
            }
            let at = |f: &str| format!("extra[{i}].{f}");
            let scale = match &h.scale {
                None => &s.scale,
                Some(code) => s
                    .scales
                    .values()
                    .filter(|sc| &sc.code == code)
                    .max_by_key(|sc| sc.school.is_some())
                    .ok_or_else(|| {
                        Error::invalid(at("scale"), format!("no scale with code {code:?}"))
                    })?,
            };
            let v = scale
                .value(&h.value, h.out_of.as_deref())
                .map_err(|e| match e {
                    Error::InvalidInput { field, reason } => Error::invalid(at(&field), reason),
                    other => other,
                })?;
            if let Some(w) = h.weight {
                crate::limits::weight(&at("weight"), w)?;
            }
            let w = h.weight.unwrap_or(kind.default_weight);
            Ok(MarkInput::new(
                MarkId(-1 - i as i64),
                date,
                EntryKind::Grade,
                scale,
                v.value_centi,
                v.out_of_centi,
                kind.id,
                storage::to_centi(w, "weight")?,
                Counting::Always,
                None,
            ))
        })
        .collect()
}

impl Diary {
    /// Runs `f` (read-only) on the authorised marks of a student's subject in
    /// a period.
    fn in_period<T>(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        period: PeriodId,
        f: impl FnOnce(&mut Placement<'_>, &Period, Subject) -> Result<T>,
    ) -> Result<T> {
        self.read_marks(actor, |p| {
            let c = p.c;
            p.known_person(student, "averages", false)?;
            let per = self::period(c, period)?;
            let s = load_period(p, student, subject, &per)?;
            // A period of another year or school is not the student's.
            if storage::period_year(c, period)? != p.class(s.class)?.year {
                return Err(Error::not_found("period", period.0));
            }
            f(p, &per, s)
        })
    }

    /// The explained average of a student in a subject and period, with the
    /// period mark the rule derives (for everyone who may see the marks).
    pub fn average(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        period: PeriodId,
    ) -> Result<Average> {
        self.in_period(actor, student, subject, period, |_, _, s| {
            s.average(Vec::new())
        })
    }

    /// The explained average over a whole academic year.
    pub fn year_average(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        year: YearId,
    ) -> Result<Average> {
        self.read_marks(actor, |p| {
            let y = p.year_of_student(student, year, "averages", false)?;
            let s = load(p, &Wanted::year(student, subject, &y))?;
            s.average(Vec::new())
        })
    }

    /// The averages of every subject a student has marks in for a period.
    pub fn subject_averages(
        &self,
        actor: &Actor,
        student: PersonId,
        period: PeriodId,
    ) -> Result<Vec<SubjectAverage>> {
        self.read_marks(actor, |p| {
            let c = p.c;
            p.known_person(student, "averages", false)?;
            let per = self::period(c, period)?;
            // The student's class in the period decides, marks or not.
            let class = p
                .class_on(student, per.end)
                .or_else(|_| p.class_on(student, per.start))
                .map_err(|_| Error::not_found("period", period.0))?;
            if storage::period_year(c, period)? != p.class(class)?.year {
                return Err(Error::not_found("period", period.0));
            }
            let all = storage::marks_of_student(c, student, per.start, per.end)?;
            let mut subjects: Vec<SubjectId> = all.iter().map(|(m, _)| m.subject).collect();
            subjects.sort();
            subjects.dedup();
            if subjects.is_empty() {
                // No marks: the student's class decides whether even that
                // may be known.
                let facts = p.facts_in(student, class, None, false, super::placement::MARKS)?;
                let school = p.class(class)?.school;
                p.decide(
                    &facts,
                    crate::access::Action::ReadSummaries,
                    Some(student),
                    Some(school),
                    "averages",
                    false,
                )?;
            }
            let mut out = Vec::new();
            for subject in subjects {
                let s = load_from(p, &all, &Wanted::period(student, subject, &per))?;
                out.push(SubjectAverage {
                    subject,
                    scale: s.scale.code.clone(),
                    average: s.average(Vec::new())?,
                    coefficient: s.rule.subject_coefficient()?,
                });
            }
            Ok(out)
        })
    }

    /// The mean of a student's subject averages for a period (exact),
    /// each weighted by its subject's coefficient (the rule's
    /// `coefficient`, default 1). Only averages on one scale are combined:
    /// the scale most subjects use (on a tie, the one of the lowest subject
    /// id); subjects on other scales (pass/fail, say) are left out.
    pub fn overall_average(
        &self,
        actor: &Actor,
        student: PersonId,
        period: PeriodId,
    ) -> Result<Option<Ratio>> {
        let all = self.subject_averages(actor, student, period)?;
        Ok(overall(
            &all.iter()
                .map(|s| (s.scale.as_str(), s.average.exact, s.coefficient))
                .collect::<Vec<_>>(),
        ))
    }

    /// Statistics of a class in a subject and period: marks given, mean,
    /// min, max and median of the students' averages, and the distribution
    /// of marks. Families see these numbers but never other students' names.
    pub fn class_statistics(
        &self,
        actor: &Actor,
        class: ClassId,
        subject: SubjectId,
        period: PeriodId,
    ) -> Result<ClassStatistics> {
        self.read_marks(actor, |p| {
            let ((averages, marks, scale), staff) =
                class_averages(p, actor, class, subject, period)?;
            let values: Vec<Ratio> = averages.values().copied().collect();
            // Families see figures only of groups large enough that no
            // other child can be singled out.
            if !staff && values.len() < storage::settings::min_group_size(p.c)? {
                return Ok(ClassStatistics {
                    marks: 0,
                    students: values.len(),
                    mean: None,
                    min: None,
                    max: None,
                    median: None,
                    distribution: Vec::new(),
                });
            }
            let (mean, min, max, median) = stats::summarise(&values);
            let order: Vec<String> = match &scale.kind {
                grading::ScaleKind::Discrete { entries } => {
                    let mut e = entries.clone();
                    e.sort_by_key(|e| {
                        if scale.lower_is_better {
                            e.value_centi
                        } else {
                            -e.value_centi
                        }
                    });
                    e.into_iter().map(|e| e.label).collect()
                }
                _ => Vec::new(),
            };
            let grades: Vec<&Mark> = marks
                .iter()
                .map(|(m, _)| m)
                .filter(|m| m.entry == EntryKind::Grade)
                .collect();
            Ok(ClassStatistics {
                marks: grades.len(),
                students: values.len(),
                mean,
                min,
                max,
                median,
                distribution: stats::distribution(grades.iter().map(|m| m.label.as_str()), &order),
            })
        })
    }

    /// A student's place in the class by average in a subject and period.
    pub fn class_rank(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        period: PeriodId,
    ) -> Result<Option<Rank>> {
        self.in_period(actor, student, subject, period, |p, _, s| {
            let c = p.c;
            // The ranking needs the class's averages; the student's family may
            // see the resulting number, not the others' marks.
            let (averages, _, scale) = class_averages_unchecked(c, s.class, subject, period)?;
            let values: Vec<Ratio> = averages.values().copied().collect();
            let f = p.facts(student, s.class, subject, false)?;
            let staff = f.admin || f.teaches || f.class_teacher;
            if !staff && values.len() < storage::settings::min_group_size(c)? {
                // A place among a handful of classmates singles them out.
                return Ok(None);
            }
            Ok(averages
                .get(&student)
                .map(|mine| stats::rank(*mine, &values, scale.lower_is_better)))
        })
    }

    /// The period mark: what the rule derives and what the teacher confirmed.
    pub fn period_mark(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        period: PeriodId,
    ) -> Result<FinalMark> {
        self.in_period(actor, student, subject, period, |p, per, s| {
            Ok(period_mark_of(p.c, &s, student, subject, per)?.1)
        })
    }

    /// Confirms the derived period mark (`mark` `None`) or sets another one,
    /// which needs a reason and is kept with the derived one (the teacher of
    /// the class and subject; after closing, an admin).
    pub fn confirm_period_mark(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        period: PeriodId,
        mark: Option<&str>,
        reason: Option<&str>,
    ) -> Result<FinalMark> {
        let now = self.now();
        self.write_records(actor, |p| {
            let c = p.c;
            let per = self::period(c, period)?;
            let s = load_period(p, student, subject, &per)?;
            let closed = storage::period_closed(c, period)?;
            p.authorize(
                student,
                s.class,
                subject,
                closed,
                MarkAction::Write,
                "final_marks",
                false,
            )?;
            let average = s.average(Vec::new())?;
            let derived = average.mark;
            let row = decided(&s.scale, derived.clone(), mark, reason, actor, now)?;
            storage::upsert_final(
                c,
                s.school,
                student,
                subject,
                per.year,
                Some(period),
                "period",
                &row,
            )?;
            Ok(FinalMark {
                value: average.exact,
                ..final_mark(derived, Some(row))
            })
        })
    }

    /// The year mark: derived as the mean of the period marks in force
    /// (confirmed, else derived) mapped by the rule's thresholds, unless a
    /// teacher set it.
    pub fn year_mark(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        year: YearId,
    ) -> Result<FinalMark> {
        self.read_marks(actor, |p| {
            let c = p.c;
            let (derived, mean, _) = derive_year(c, p, student, subject, year)?;
            let stored = storage::final_mark(c, student, subject, year, None, "year")?;
            Ok(FinalMark {
                value: mean,
                ..final_mark(derived, stored)
            })
        })
    }

    /// Confirms or sets the year mark (teacher's decision; reason needed
    /// when it differs from the derived one).
    pub fn confirm_year_mark(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        year: YearId,
        mark: Option<&str>,
        reason: Option<&str>,
    ) -> Result<FinalMark> {
        let now = self.now();
        self.write_records(actor, |p| {
            let c = p.c;
            let (derived, mean, s) = derive_year(c, p, student, subject, year)?;
            p.authorize(
                student,
                s.class,
                subject,
                false,
                MarkAction::Write,
                "final_marks",
                false,
            )?;
            let row = decided(&s.scale, derived.clone(), mark, reason, actor, now)?;
            storage::upsert_final(c, s.school, student, subject, year, None, "year", &row)?;
            Ok(FinalMark {
                value: mean,
                ..final_mark(derived, Some(row))
            })
        })
    }

    /// Records an exam mark for the year (teacher or admin).
    pub fn set_exam_mark(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        year: YearId,
        mark: &str,
    ) -> Result<()> {
        let now = self.now();
        self.write_records(actor, |p| {
            let c = p.c;
            let y = p.year_of_student(student, year, "averages", true)?;
            let s = load(p, &Wanted::year(student, subject, &y))?;
            p.authorize(
                student,
                s.class,
                subject,
                false,
                MarkAction::Write,
                "final_marks",
                false,
            )?;
            let v = s.scale.value(mark, None)?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("marks are set by a person"))?;
            storage::upsert_final(
                c,
                s.school,
                student,
                subject,
                year,
                None,
                "exam",
                &FinalRow {
                    mark: v.label.into_owned(),
                    derived: None,
                    reason: None,
                    set_by: by,
                    set_at: now,
                },
            )
        })
    }

    /// The final (certificate) mark: the mean of the year mark and the exam
    /// mark mapped by the thresholds; without an exam, the year mark.
    pub fn final_mark(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        year: YearId,
    ) -> Result<FinalMark> {
        self.read_marks(actor, |p| {
            Ok(year_marks_of(p, student, subject, year)?.final_mark)
        })
    }

    /// The running average after each mark date (the data behind a
    /// progress chart) for a student's subject over a period.
    pub fn progress(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        period: PeriodId,
    ) -> Result<Vec<ProgressPoint>> {
        self.in_period(actor, student, subject, period, |_, _, s| {
            grading::progress(&inputs(&s.marks, &s.scales)?, &s.rule, &s.scale)
        })
    }

    /// The progress chart of a student's subject over a period as an SVG
    /// image (`width` × `height` pixels), with the rule's thresholds drawn.
    pub fn progress_chart_svg(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        period: PeriodId,
        width: u32,
        height: u32,
    ) -> Result<String> {
        if !(100..=4000).contains(&width) || !(100..=4000).contains(&height) {
            return Err(Error::invalid(
                "width",
                "width and height must be between 100 and 4000 pixels",
            ));
        }
        self.in_period(actor, student, subject, period, |p, per, s| {
            let c = p.c;
            let points = grading::progress(&inputs(&s.marks, &s.scales)?, &s.rule, &s.scale)?;
            let (worst, best) = s
                .scale
                .bounds()
                .map_or((Ratio::ZERO, Ratio::int(100)), |(w, b)| {
                    (Ratio::centi(w), Ratio::centi(b))
                });
            let title = format!("{} — {}", storage::subject(c, subject)?.name, per.name);
            grading::progress_svg(
                &title,
                &points,
                worst,
                best,
                &s.rule.threshold_values()?,
                width,
                height,
            )
        })
    }

    /// The average and period mark if `extra` marks were added; nothing is
    /// stored.
    pub fn what_if(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        period: PeriodId,
        extra: &[HypotheticalMark],
    ) -> Result<Average> {
        self.in_period(actor, student, subject, period, |p, per, s| {
            let mut all = inputs(&s.marks, &s.scales)?;
            all.extend(hypothetical(p, &s, extra, per.end)?);
            grading::average(&all, &s.rule, &s.scale)
        })
    }

    /// Which marks, at the weights of the school's kinds of work, would
    /// reach `target` as the period mark, fewest marks first.
    pub fn plan_target(
        &self,
        actor: &Actor,
        student: PersonId,
        subject: SubjectId,
        period: PeriodId,
        target: &str,
    ) -> Result<Vec<PlanOption>> {
        self.in_period(actor, student, subject, period, |p, per, s| {
            let c = p.c;
            let target = s
                .scale
                .value(target, None)
                .map_err(|_| Error::invalid("target", format!("{target:?} is not on the scale")))?
                .label;
            let kinds = storage::work_kinds(c, s.school)?;
            let kind = kinds
                .first()
                .ok_or_else(|| Error::invalid("work_kind", "the school has no kinds of work"))?;
            let mut weights: Vec<Ratio> = kinds.iter().map(|k| k.default_weight).collect();
            weights.sort();
            weights.dedup();
            let template = MarkInput::new(
                MarkId(-1),
                per.end,
                EntryKind::Grade,
                &s.scale,
                0,
                None,
                kind.id,
                100,
                Counting::Always,
                None,
            );
            grading::plan(
                &inputs(&s.marks, &s.scales)?,
                &s.rule,
                &s.scale,
                &target,
                &weights,
                &template,
            )
        })
    }

    /// Every (student, subject, period) weighted average of a school's year
    /// (school admins): streams the marks once and aggregates exactly in
    /// integers. Marks that need the full rule (signs, optional or bonus
    /// marks, retakes) are left to [`Diary::average`].
    pub fn school_period_averages(
        &self,
        actor: &Actor,
        year: YearId,
    ) -> Result<Vec<PeriodAverage>> {
        self.read_marks(actor, |p| {
            let c = p.c;
            let y = p.known_year(year, "structure", false)?;
            p.decide_school(y.school, ReadPeople, "structure", false)?;
            let scales = storage::scales_for(c, y.school)?;
            let bounds: HashMap<i64, (i64, i64)> = scales
                .iter()
                .filter_map(|(id, s)| s.bounds().map(|b| (id.0, b)))
                .collect();
            // Σ w·(v − worst) and Σ w per group, per scale (usually one).
            // The sums kept up to date with every write (migration 34).
            let periods: Vec<PeriodId> = storage::periods(c, year)?.iter().map(|p| p.id).collect();
            let groups = storage::mark_sums::of_periods(c, &periods)?;
            if groups
                .windows(2)
                .any(|w| (w[0].0, w[0].1, w[0].2) == (w[1].0, w[1].1, w[1].2))
            {
                return Err(Error::invalid(
                    "year",
                    "marks on different scales in one subject: use Diary::average per student",
                ));
            }
            let mut out: Vec<PeriodAverage> = groups
                .into_iter()
                .filter(|g| bounds.contains_key(&g.3))
                .map(|(student, subject, period, _, num, den, n)| PeriodAverage {
                    student: PersonId(student),
                    subject: SubjectId(subject),
                    period: PeriodId(period),
                    average: Ratio::new(i128::from(num), i128::from(den) * 100),
                    marks: u32::try_from(n).unwrap_or(u32::MAX),
                })
                .collect();
            out.sort_by_key(|a| (a.student, a.subject, a.period));
            Ok(out)
        })
    }
}

/// Students' averages, the marks behind them, and the rule's scale.
type ClassAverages = (BTreeMap<PersonId, Ratio>, Vec<(Mark, ScaleId)>, Scale);

/// Whether the viewer of class statistics is the class's staff (not only a
/// family of the class).
type Staff = bool;

/// Every student's average in a class, subject and period, after checking
/// that the actor may see class statistics.
/// The class's averages for the actor (class statistics), and whether the
/// actor is staff (not only a family of the class).
fn class_averages(
    p: &mut Placement<'_>,
    actor: &Actor,
    class: ClassId,
    subject: SubjectId,
    period: PeriodId,
) -> Result<(ClassAverages, Staff)> {
    let c = p.c;
    let cl = p.known_class(class, "class_statistics", false)?;
    let st = p.standing.clone();
    let me = actor.person();
    let family = match me {
        Some(p) => {
            let in_class = |s: PersonId| {
                storage::enrolments_of_student(c, s).map(|es| es.iter().any(|e| e.class == class))
            };
            in_class(p)?
                || storage::children_of(c, p)?
                    .iter()
                    .map(|g| in_class(g.student))
                    .collect::<Result<Vec<_>>>()?
                    .into_iter()
                    .any(|b| b)
        }
        None => false,
    };
    let facts = crate::access::Facts {
        admin: st.admin_of.contains(&cl.school),
        class_teacher: cl.class_teacher.is_some() && cl.class_teacher == me,
        teaches: me.is_some_and(|p| storage::teaches(c, p, class, subject, None).unwrap_or(false)),
        family_in_class: family,
        ..Default::default()
    };
    p.decide(
        &facts,
        crate::access::Action::ReadClassStatistics,
        None,
        Some(cl.school),
        "class_statistics",
        false,
    )?;
    let staff = facts.admin || facts.class_teacher || facts.teaches;
    Ok((class_averages_unchecked(c, class, subject, period)?, staff))
}

fn class_averages_unchecked(
    c: Db<'_>,
    class: ClassId,
    subject: SubjectId,
    period: PeriodId,
) -> Result<ClassAverages> {
    let cl = storage::class(c, class)?;
    let marks = storage::marks_of_class(c, class, subject, period)?;
    let scales = storage::scales_for(c, cl.school)?;
    let version = storage::period_rule_version(c, period)?;
    let rule = storage::rule_in_force(c, cl.school, subject, version)?;
    let scale = scales
        .values()
        .filter(|s| s.code == rule.scale)
        .max_by_key(|s| s.school.is_some())
        .cloned()
        .ok_or_else(|| Error::Internal("rule scale missing".into()))?;
    let mut by_student: BTreeMap<PersonId, Vec<(Mark, ScaleId)>> = BTreeMap::new();
    for m in &marks {
        by_student.entry(m.0.student).or_default().push(m.clone());
    }
    let mut out = BTreeMap::new();
    for (student, ms) in by_student {
        if let Some(v) = grading::average(&inputs(&ms, &scales)?, &rule, &scale)?.exact {
            out.insert(student, v);
        }
    }
    Ok((out, marks, scale))
}

fn derive_year(
    c: Db<'_>,
    p: &mut Placement<'_>,
    student: PersonId,
    subject: SubjectId,
    year: YearId,
) -> Result<(Option<String>, Option<Ratio>, Subject)> {
    let y = p.year_of_student(student, year, "averages", false)?;
    let s = load(p, &Wanted::year(student, subject, &y))?;
    let kind = p.class(s.class)?.period_kind;
    let mut values = Vec::new();
    for per in storage::periods(c, year)?
        .into_iter()
        .filter(|per| per.kind == kind)
    {
        let in_period: Vec<(Mark, ScaleId)> = s
            .marks
            .iter()
            .filter(|(m, _)| m.period == per.id)
            .cloned()
            .collect();
        // Each period's derived mark by its own rule (frozen if closed).
        let version = p.frozen_version(Some(per.id))?;
        let rule = p.rule_for(s.school, subject, version)?;
        let scale = p.scale_by_code(s.school, &rule.scale)?;
        let derived = grading::average(&inputs(&in_period, &s.scales)?, &rule, &scale)?.mark;
        let in_force = final_mark(
            derived,
            storage::final_mark(c, student, subject, year, Some(per.id), "period")?,
        )
        .mark;
        if let Some(label) = in_force {
            if let Ok(v) = s.scale.value(&label, None) {
                values.push(Ratio::centi(v.value_centi));
            }
        }
    }
    // A rule may leave failing period marks out of the year's mean.
    if let Some(bound) = s.rule.leave_out_value()? {
        values.retain(|v| {
            if s.scale.lower_is_better {
                *v <= bound
            } else {
                *v >= bound
            }
        });
    }
    let mean = stats::summarise(&values).0;
    let derived = match mean {
        Some(mean) => Some(s.rule.mark_for(mean, s.scale.lower_is_better)?),
        None => None,
    };
    Ok((derived, mean, s))
}

fn decided(
    scale: &Scale,
    derived: Option<String>,
    mark: Option<&str>,
    reason: Option<&str>,
    actor: &Actor,
    now: i64,
) -> Result<FinalRow> {
    let by = actor
        .person()
        .ok_or_else(|| Error::denied("marks are set by a person"))?;
    let chosen = match mark {
        Some(m) => scale.value(m, None)?.label.into_owned(),
        None => derived.clone().ok_or_else(|| {
            Error::invalid(
                "mark",
                "nothing to confirm: the rule derives no mark (not certified); give the mark",
            )
        })?,
    };
    let overridden = derived.as_deref() != Some(chosen.as_str());
    let reason = match (overridden, reason) {
        (true, Some(r)) => Some(text::required("reason", r, 500)?),
        (true, None) => {
            return Err(Error::invalid(
                "reason",
                "a mark other than the derived one needs a reason",
            ))
        }
        (false, r) => r.filter(|r| !r.trim().is_empty()).map(str::to_owned),
    };
    Ok(FinalRow {
        mark: chosen,
        derived: if overridden { derived } else { None },
        reason,
        set_by: by,
        set_at: now,
    })
}

/// The coefficient-weighted mean of subject averages given as (scale code,
/// exact average, coefficient) in subject-id order, over the scale most of
/// them use (on a tie, the first's); see [`Diary::overall_average`].
pub(super) fn overall(subjects: &[(&str, Option<Ratio>, Ratio)]) -> Option<Ratio> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (scale, _, _) in subjects.iter().filter(|s| s.1.is_some()) {
        match counts.iter_mut().find(|(c, _)| c == scale) {
            Some((_, n)) => *n += 1,
            None => counts.push((scale, 1)),
        }
    }
    let best = counts
        .iter()
        .fold(None::<(&str, usize)>, |b, &(c, n)| match b {
            Some((_, bn)) if bn >= n => b,
            _ => Some((c, n)),
        })?;
    let (num, den) = subjects
        .iter()
        .filter(|s| s.0 == best.0)
        .filter_map(|s| s.1.map(|v| (v, s.2)))
        .fold((Ratio::ZERO, Ratio::ZERO), |(n, d), (v, w)| {
            (n.add(v.mul(w)), d.add(w))
        });
    num.checked_div(den)
}

/// The average of a student's subject in a period (loaded as `s`) and
/// the period mark in force.
fn period_mark_of(
    c: Db<'_>,
    s: &Subject,
    student: PersonId,
    subject: SubjectId,
    per: &Period,
) -> Result<(Average, FinalMark)> {
    let average = s.average(Vec::new())?;
    let stored = storage::final_mark(c, student, subject, per.year, Some(per.id), "period")?;
    let mark = FinalMark {
        value: average.exact,
        ..final_mark(average.mark.clone(), stored)
    };
    Ok((average, mark))
}

/// One subject of a student in a period, as a report card shows it:
/// authorised (and logged) as a summary of the student's marks.
pub(super) struct PeriodLine {
    pub scale: String,
    pub coefficient: Ratio,
    pub average: Average,
    pub mark: FinalMark,
}

/// See [`PeriodLine`].
pub(super) fn period_line(
    p: &mut Placement<'_>,
    student: PersonId,
    subject: SubjectId,
    per: &Period,
) -> Result<PeriodLine> {
    let s = load_period(p, student, subject, per)?;
    let (average, mark) = period_mark_of(p.c, &s, student, subject, per)?;
    Ok(PeriodLine {
        scale: s.scale.code.clone(),
        coefficient: s.rule.subject_coefficient()?,
        average,
        mark,
    })
}

/// A student's year in a subject: the year's average, the year mark in
/// force, the exam mark and the final (certificate) mark.
pub(super) struct YearMarks {
    pub scale: String,
    pub coefficient: Ratio,
    pub average: Average,
    pub year_mark: FinalMark,
    pub exam_mark: Option<String>,
    pub final_mark: FinalMark,
}

/// See [`YearMarks`]; authorised (and logged) as a summary.
pub(super) fn year_marks_of(
    p: &mut Placement<'_>,
    student: PersonId,
    subject: SubjectId,
    year: YearId,
) -> Result<YearMarks> {
    let c = p.c;
    let (derived_year, mean_year, s) = derive_year(c, p, student, subject, year)?;
    let year_mark = FinalMark {
        value: mean_year,
        ..final_mark(
            derived_year,
            storage::final_mark(c, student, subject, year, None, "year")?,
        )
    };
    let exam = storage::final_mark(c, student, subject, year, None, "exam")?.map(|r| r.mark);
    let values: Vec<Ratio> = [year_mark.mark.as_deref(), exam.as_deref()]
        .into_iter()
        .flatten()
        .map(|l| s.scale.value(l, None).map(|v| Ratio::centi(v.value_centi)))
        .collect::<Result<_>>()?;
    let mean = stats::summarise(&values).0;
    let derived = match mean {
        Some(mean) => Some(s.rule.mark_for(mean, s.scale.lower_is_better)?),
        None => None,
    };
    Ok(YearMarks {
        scale: s.scale.code.clone(),
        coefficient: s.rule.subject_coefficient()?,
        average: s.average(Vec::new())?,
        year_mark,
        exam_mark: exam,
        final_mark: FinalMark {
            value: mean,
            ..final_mark(derived, None)
        },
    })
}

fn final_mark(derived: Option<String>, stored: Option<FinalRow>) -> FinalMark {
    match stored {
        Some(row) => FinalMark {
            overridden: derived.as_deref() != Some(row.mark.as_str()),
            mark: Some(row.mark),
            derived,
            confirmed: true,
            reason: row.reason,
            value: None,
        },
        None => FinalMark {
            mark: derived.clone(),
            derived,
            confirmed: false,
            overridden: false,
            reason: None,
            value: None,
        },
    }
}
