//! Checks a new or edited mark against the school's structure and the access
//! rules, with caches so that a bulk import of a whole year stays fast.

use crate::access::{decide_mark, MarkAction, MarkFacts, Standing};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::grading::{GradingRule, Scale, ScaledValue};
use crate::ids::{
    ClassId, MarkId, PeriodId, PersonId, ScaleId, SchoolId, SubjectId, WorkKindId, YearId,
};
use crate::model::{Class, Enrolment, EntryKind, NewMark, Period, Subject, WorkKind};
use crate::storage::{self, MarkRow};
use crate::text;
use rusqlite::Connection;
use std::collections::HashMap;
use time::Date;

/// Label written for a sign that is not a mark.
pub(crate) fn sign_label(entry: EntryKind) -> &'static str {
    match entry {
        EntryKind::Grade => "",
        EntryKind::Absent => "н",
        EntryKind::NotSubmitted => "н/с",
        EntryKind::Exempt => "осв",
    }
}

/// A teacher's comment: optional, single-line, at most 2000 characters.
pub(crate) fn comment(c: Option<&str>) -> Result<Option<String>> {
    match c {
        Some(c) if !c.trim().is_empty() => text::required("comment", c, 2000).map(Some),
        _ => Ok(None),
    }
}

/// Per-transaction caches of what mark checks need.
pub(crate) struct Placement<'c> {
    c: &'c Connection,
    actor: Option<PersonId>,
    standing: &'c Standing,
    enrolments: HashMap<PersonId, Vec<Enrolment>>,
    classes: HashMap<ClassId, Class>,
    periods: HashMap<YearId, Vec<(Period, bool)>>,
    teaches: HashMap<(ClassId, SubjectId), bool>,
    guardian_of: HashMap<PersonId, bool>,
    subjects: HashMap<SubjectId, Subject>,
    kinds: HashMap<WorkKindId, WorkKind>,
    scales: HashMap<SchoolId, HashMap<ScaleId, Scale>>,
    rules: HashMap<(SchoolId, SubjectId), GradingRule>,
}

impl<'c> Placement<'c> {
    pub(crate) fn new(c: &'c Connection, actor: &Actor, standing: &'c Standing) -> Self {
        Placement {
            c,
            actor: actor.person(),
            standing,
            enrolments: HashMap::new(),
            classes: HashMap::new(),
            periods: HashMap::new(),
            teaches: HashMap::new(),
            guardian_of: HashMap::new(),
            subjects: HashMap::new(),
            kinds: HashMap::new(),
            scales: HashMap::new(),
            rules: HashMap::new(),
        }
    }

    pub(crate) fn class(&mut self, id: ClassId) -> Result<&Class> {
        if !self.classes.contains_key(&id) {
            let cl = storage::class(self.c, id)?;
            self.classes.insert(id, cl);
        }
        Ok(&self.classes[&id])
    }

    /// The class the student belongs to on `day`.
    pub(crate) fn class_on(&mut self, student: PersonId, day: Date) -> Result<ClassId> {
        if !self.enrolments.contains_key(&student) {
            let e = storage::enrolments_of_student(self.c, student)?;
            self.enrolments.insert(student, e);
        }
        self.enrolments[&student]
            .iter()
            .rev()
            .find(|e| e.covers(day))
            .map(|e| e.class)
            .ok_or_else(|| {
                Error::invalid(
                    "date",
                    format!("person {student} is not enrolled in any class on {day}"),
                )
            })
    }

    /// The period of the class's kind containing `day`, and whether it is closed.
    pub(crate) fn period_on(&mut self, class: ClassId, day: Date) -> Result<(PeriodId, bool)> {
        let cl = self.class(class)?.clone();
        if !self.periods.contains_key(&cl.year) {
            let ps = storage::periods(self.c, cl.year)?
                .into_iter()
                .map(|p| {
                    let closed = storage::period_closed(self.c, p.id)?;
                    Ok((p, closed))
                })
                .collect::<Result<Vec<_>>>()?;
            self.periods.insert(cl.year, ps);
        }
        self.periods[&cl.year]
            .iter()
            .find(|(p, _)| p.kind == cl.period_kind && p.start <= day && day <= p.end)
            .map(|(p, closed)| (p.id, *closed))
            .ok_or_else(|| {
                Error::invalid(
                    "date",
                    format!(
                        "{day} is not inside any {} of class {}",
                        cl.period_kind,
                        cl.name()
                    ),
                )
            })
    }

    /// The access facts of the actor for a student's marks in a class and subject.
    pub(crate) fn facts(
        &mut self,
        student: PersonId,
        class: ClassId,
        subject: SubjectId,
        closed: bool,
    ) -> Result<MarkFacts> {
        let cl = self.class(class)?.clone();
        let Some(me) = self.actor else {
            return Ok(MarkFacts {
                period_closed: closed,
                ..MarkFacts::default()
            });
        };
        let teaches = match self.teaches.get(&(class, subject)) {
            Some(t) => *t,
            None => {
                let t = storage::teaches(self.c, me, class, subject)?;
                self.teaches.insert((class, subject), t);
                t
            }
        };
        let guardian = match self.guardian_of.get(&student) {
            Some(g) => *g,
            None => {
                let g = storage::guardians_of(self.c, student)?
                    .iter()
                    .any(|g| g.guardian == me);
                self.guardian_of.insert(student, g);
                g
            }
        };
        Ok(MarkFacts {
            admin: self.standing.admin_of.contains(&cl.school),
            teaches,
            class_teacher: cl.class_teacher == Some(me),
            student: student == me,
            guardian,
            period_closed: closed,
        })
    }

    pub(crate) fn subject(&mut self, id: SubjectId) -> Result<&Subject> {
        if !self.subjects.contains_key(&id) {
            let s = storage::subject(self.c, id)
                .map_err(|_| Error::invalid("subject", format!("subject {id} does not exist")))?;
            self.subjects.insert(id, s);
        }
        Ok(&self.subjects[&id])
    }

    pub(crate) fn work_kind(&mut self, id: WorkKindId) -> Result<&WorkKind> {
        if !self.kinds.contains_key(&id) {
            let k = storage::work_kind(self.c, id).map_err(|_| {
                Error::invalid("work_kind", format!("kind of work {id} does not exist"))
            })?;
            self.kinds.insert(id, k);
        }
        Ok(&self.kinds[&id])
    }

    pub(crate) fn scales(&mut self, school: SchoolId) -> Result<&HashMap<ScaleId, Scale>> {
        if !self.scales.contains_key(&school) {
            let s = storage::scales_for(self.c, school)?;
            self.scales.insert(school, s);
        }
        Ok(&self.scales[&school])
    }

    pub(crate) fn scale_by_code(&mut self, school: SchoolId, code: &str) -> Result<Scale> {
        self.scales(school)?
            .values()
            .filter(|s| s.code == code)
            .max_by_key(|s| s.school.is_some()) // a school's own scale wins over a built-in code
            .cloned()
            .ok_or_else(|| {
                Error::invalid(
                    "scale",
                    format!("no scale with code \"{code}\" at this school"),
                )
            })
    }

    /// The rule for a subject: the subject's own, else the school's, else the default.
    pub(crate) fn rule(&mut self, school: SchoolId, subject: SubjectId) -> Result<GradingRule> {
        if !self.rules.contains_key(&(school, subject)) {
            let r = match storage::rule(self.c, school, Some(subject))? {
                Some(r) => r,
                None => storage::rule(self.c, school, None)?.unwrap_or_default(),
            };
            self.rules.insert((school, subject), r);
        }
        Ok(self.rules[&(school, subject)].clone())
    }

    /// Checks a new mark fully and returns the row to store.
    pub(crate) fn place(&mut self, new: &NewMark) -> Result<MarkRow> {
        let teacher = self
            .actor
            .ok_or_else(|| Error::denied("marks are entered by a person, not by the operator"))?;
        let class = self.class_on(new.student, new.date)?;
        let school = self.class(class)?.school;
        if self.subject(new.subject)?.school != school {
            return Err(Error::invalid(
                "subject",
                "the subject belongs to another school",
            ));
        }
        let (period, closed) = self.period_on(class, new.date)?;
        let facts = self.facts(new.student, class, new.subject, closed)?;
        decide_mark(&facts, MarkAction::Write)?;
        let kind = self.work_kind(new.work_kind)?.clone();
        if kind.school != school {
            return Err(Error::invalid(
                "work_kind",
                "the kind of work belongs to another school",
            ));
        }
        let weight = new.weight.unwrap_or(kind.default_weight);
        if weight < kind.min_weight || weight > kind.max_weight {
            return Err(Error::invalid(
                "weight",
                format!(
                    "must be between {} and {} for \"{}\"",
                    kind.min_weight.to_decimal(2),
                    kind.max_weight.to_decimal(2),
                    kind.name
                ),
            ));
        }
        let scale = match &new.scale {
            Some(code) => self.scale_by_code(school, code)?,
            None => {
                let rule = self.rule(school, new.subject)?;
                self.scale_by_code(school, &rule.scale)?
            }
        };
        let v = match new.entry {
            EntryKind::Grade => scale.value(&new.value, new.out_of.as_deref())?,
            sign => ScaledValue {
                label: sign_label(sign).into(),
                value_centi: 0,
                out_of_centi: None,
            },
        };
        let comment = comment(new.comment.as_deref())?;
        if let Some(orig) = new.retake_of {
            self.check_retake(orig, new.student, new.subject)?;
        }
        Ok(MarkRow {
            student: new.student,
            subject: new.subject,
            class,
            period,
            date: new.date,
            entry: new.entry,
            scale: scale.id,
            label: v.label,
            value_centi: v.value_centi,
            out_of_centi: v.out_of_centi,
            work_kind: kind.id,
            weight_centi: storage::to_centi(weight, "weight")?,
            counting: new.counting,
            comment,
            teacher,
            retake_of: new.retake_of,
        })
    }

    fn check_retake(&mut self, orig: MarkId, student: PersonId, subject: SubjectId) -> Result<()> {
        let (m, _) = storage::mark(self.c, orig)
            .map_err(|_| Error::invalid("retake_of", format!("mark {orig} does not exist")))?;
        if m.student != student || m.subject != subject || m.deleted {
            return Err(Error::invalid(
                "retake_of",
                "must be a current mark of the same student and subject",
            ));
        }
        Ok(())
    }
}
