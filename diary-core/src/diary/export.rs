//! A class's marks and averages as flat records, for reports and analysis
//! (pandas, polars, spreadsheets).

use super::averages::inputs;
use super::Diary;
use crate::access::{acting_as, decide_mark, MarkAction, StructureAction::ReadPeople};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::grading::{self, Average};
use crate::ids::{ClassId, MarkId, PeriodId, PersonId, ScaleId, SubjectId, YearId};
use crate::model::Mark;
use crate::storage;
use serde::Serialize;
use std::collections::BTreeMap;

/// A mark with the names a report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkRecord {
    /// The mark.
    pub mark: Mark,
    /// "Surname First".
    pub student_name: String,
    /// The subject's name.
    pub subject_name: String,
}

/// A student's average in a subject, with the names a report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AverageRecord {
    /// The student.
    pub student: PersonId,
    /// "Surname First".
    pub student_name: String,
    /// The subject.
    pub subject: SubjectId,
    /// The subject's name.
    pub subject_name: String,
    /// The explained average.
    pub average: Average,
}

/// (student, subject) → marks, for one class and period.
pub(super) type Grouped = BTreeMap<(PersonId, SubjectId), Vec<(Mark, ScaleId)>>;

/// The visible marks with student and subject names.
pub(super) type Visible = (
    Grouped,
    BTreeMap<PersonId, String>,
    BTreeMap<SubjectId, String>,
);

impl Diary {
    /// Marks of a class in a period (one subject, or all), visible to the
    /// actor: admins and the class teacher see all subjects, a subject
    /// teacher their own. Each child's data read is logged.
    pub fn class_marks(
        &self,
        actor: &Actor,
        class: ClassId,
        period: PeriodId,
        subject: Option<SubjectId>,
    ) -> Result<Vec<MarkRecord>> {
        self.read_marks(actor, |p| {
            let (grouped, names, subjects) = visible(p, actor, class, period, subject)?;
            Ok(grouped
                .into_iter()
                .flat_map(|((student, subj), ms)| {
                    let student_name = names.get(&student).cloned().unwrap_or_default();
                    let subject_name = subjects.get(&subj).cloned().unwrap_or_default();
                    ms.into_iter().map(move |(mark, _)| MarkRecord {
                        mark,
                        student_name: student_name.clone(),
                        subject_name: subject_name.clone(),
                    })
                })
                .collect())
        })
    }

    /// One page of every mark of a school's academic year: at most `limit`
    /// (1 to 100,000) marks in id order after `after` (`MarkId(0)` for the
    /// first page), for exports that must not hold a whole school's marks
    /// at once. School admins only. Every child in the page is logged as
    /// read (P6), once per page. Each page is its own snapshot: a mark
    /// entered between pages appears in a later page (ids only grow); one
    /// deleted between pages may already have been returned.
    pub fn school_marks_page(
        &self,
        actor: &Actor,
        year: YearId,
        after: MarkId,
        limit: u32,
    ) -> Result<Vec<Mark>> {
        if !(1..=100_000).contains(&limit) {
            return Err(Error::invalid("limit", "must be 1 to 100000"));
        }
        if after.0 < 0 {
            return Err(Error::invalid("after", "must be a mark id or 0"));
        }
        self.read_marks(actor, |p| {
            let y = p.known_year(year, "school_marks", false)?;
            p.decide_school(y.school, ReadPeople, "school_marks", false)?;
            let page = storage::marks_of_year_page(p.c, year, after, limit)?;
            let children: std::collections::BTreeSet<PersonId> =
                page.iter().map(|(m, _)| m.student).collect();
            for child in children {
                p.note(
                    Some(child),
                    Some(y.school),
                    "school_marks",
                    false,
                    "school_admin",
                    true,
                );
            }
            Ok(page.into_iter().map(|(m, _)| m).collect())
        })
    }

    /// Every visible student's average per subject in a period, explained.
    pub fn class_averages(
        &self,
        actor: &Actor,
        class: ClassId,
        period: PeriodId,
        subject: Option<SubjectId>,
    ) -> Result<Vec<AverageRecord>> {
        self.read_marks(actor, |p| {
            let school = p.class(class)?.school;
            let (grouped, names, subjects) = visible(p, actor, class, period, subject)?;
            let scales = p.scales(school)?;
            let version = p.frozen_version(Some(period))?;
            let mut out = Vec::new();
            for ((student, subj), ms) in grouped {
                let rule = p.rule_for(school, subj, version)?;
                let scale = p.scale_by_code(school, &rule.scale)?;
                out.push(AverageRecord {
                    student,
                    student_name: names.get(&student).cloned().unwrap_or_default(),
                    subject: subj,
                    subject_name: subjects.get(&subj).cloned().unwrap_or_default(),
                    average: grading::average(&inputs(&ms, &scales)?, &rule, &scale)?,
                });
            }
            Ok(out)
        })
    }
}

/// The class's marks the actor may see, grouped, with student and subject
/// names; logs one read per child.
pub(super) fn visible(
    p: &mut super::placement::Placement<'_>,
    actor: &Actor,
    class: ClassId,
    period: PeriodId,
    subject: Option<SubjectId>,
) -> Result<Visible> {
    let c = p.c;
    let school = p.known_class(class, "class_marks", false)?.school;
    let subjects: BTreeMap<SubjectId, String> = storage::subjects(c, school)?
        .into_iter()
        .filter(|s| subject.is_none_or(|x| x == s.id))
        .map(|s| (s.id, s.name))
        .collect();
    if subject.is_some() && subjects.is_empty() {
        return Err(Error::invalid(
            "subject",
            "not a subject of the class's school",
        ));
    }
    let mut grouped: Grouped = BTreeMap::new();
    for subj in subjects.keys() {
        for (m, scale) in storage::marks_of_class(c, class, *subj, period)? {
            grouped
                .entry((m.student, *subj))
                .or_default()
                .push((m, scale));
        }
    }
    let mut allowed = Grouped::new();
    let mut last = None;
    for ((student, subj), ms) in grouped {
        let facts = p.facts(student, class, subj, false)?;
        let ok = decide_mark(&facts, MarkAction::Read).is_ok() && !facts.windowed;
        if ok {
            p.record(
                student,
                Some(school),
                "class_marks",
                MarkAction::Read,
                &facts,
                true,
            );
            allowed.insert((student, subj), ms);
        }
        last = Some(facts);
    }
    if allowed.is_empty() {
        if let Some(f) = last {
            if let Err(e) = decide_mark(&f, MarkAction::Read) {
                p.note(
                    None,
                    Some(school),
                    "class_marks",
                    false,
                    acting_as(&f),
                    false,
                );
                return Err(e);
            }
        }
        // No marks at all: only staff of the class learn that.
        let cl = p.class(class)?.clone();
        let me = actor.person();
        let staff = p.standing.admin_of.contains(&school)
            || (cl.class_teacher.is_some() && cl.class_teacher == me);
        let teaches = me.is_some_and(|t| {
            storage::teaches(c, t, class, subject.unwrap_or(SubjectId(0)), None).unwrap_or(false)
        });
        if !staff && !teaches && last.is_none() {
            p.note(None, Some(school), "class_marks", false, "unrelated", false);
            return Err(Error::denied("only the class's staff read its marks"));
        }
    }
    let mut names = BTreeMap::new();
    for (student, _) in allowed.keys() {
        if !names.contains_key(student) {
            names.insert(*student, storage::person(c, *student)?.full_name());
        }
    }
    Ok((allowed, names, subjects))
}
