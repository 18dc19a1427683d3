//! A school's grading set-up: scales, kinds of work, grading rules and the
//! closing of periods.

use super::Diary;
use crate::access::StructureAction::*;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::grading::{GradingRule, NewScale, Scale};
use crate::ids::{PeriodId, SchoolId, SubjectId};
use crate::model::{NewWorkKind, Period, WorkKind};
use crate::storage;
use crate::text;

impl Diary {
    /// The scales a school can use: the built-in ones and its own.
    pub fn scales(&self, actor: &Actor, school: SchoolId) -> Result<Vec<Scale>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
            let mut v: Vec<Scale> = storage::scales_for(c, school)?.into_values().collect();
            v.sort_by_key(|s| s.id);
            Ok(v)
        })
    }

    /// Defines a school's own scale (school admins).
    pub fn create_scale(&self, actor: &Actor, school: SchoolId, new: &NewScale) -> Result<Scale> {
        let new = NewScale {
            code: text::required("code", &new.code, 32)?,
            name: text::name("name", &new.name)?,
            ..new.clone()
        };
        Scale::check(&new)?;
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManageStructure, "structure", true)?;
            let id = storage::insert_scale(c, school, &new)?;
            storage::scales_for(c, school)?
                .remove(&id)
                .ok_or_else(|| Error::Internal("scale vanished".into()))
        })
    }

    /// Adds a kind of work with its default weight and allowed range (school admins).
    pub fn create_work_kind(
        &self,
        actor: &Actor,
        school: SchoolId,
        new: &NewWorkKind,
    ) -> Result<WorkKind> {
        let new = NewWorkKind {
            name: text::name("name", &new.name)?,
            ..new.clone()
        };
        if new.min_weight <= crate::grading::Ratio::ZERO {
            return Err(Error::invalid("min_weight", "must be greater than 0"));
        }
        if new.default_weight < new.min_weight || new.default_weight > new.max_weight {
            return Err(Error::invalid(
                "default_weight",
                "must lie between min_weight and max_weight",
            ));
        }
        for (field, w) in [
            ("default_weight", new.default_weight),
            ("min_weight", new.min_weight),
            ("max_weight", new.max_weight),
        ] {
            crate::limits::weight(field, w)?;
        }
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManageStructure, "structure", true)?;
            storage::insert_work_kind(c, school, &new)
        })
    }

    /// A school's kinds of work.
    pub fn work_kinds(&self, actor: &Actor, school: SchoolId) -> Result<Vec<WorkKind>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
            storage::work_kinds(c, school)
        })
    }

    /// Sets the school's grading rule, or with `subject` that subject's own
    /// (school admins). The rule's scale, thresholds and kinds of work are
    /// checked against the school.
    pub fn set_grading_rule(
        &self,
        actor: &Actor,
        school: SchoolId,
        subject: Option<SubjectId>,
        rule: &GradingRule,
    ) -> Result<()> {
        let now = self.now();
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManageStructure, "structure", true)?;
            if let Some(s) = subject {
                super::scope::subject_of(c, school, s, "subject")?;
            }
            let scale = storage::scales_for(c, school)?
                .into_values()
                .filter(|s| s.code == rule.scale)
                .max_by_key(|s| s.school.is_some())
                .ok_or_else(|| {
                    Error::invalid("scale", format!("no scale with code \"{}\"", rule.scale))
                })?;
            rule.check_against(&scale)?;
            let kinds: Vec<_> = storage::work_kinds(c, school)?
                .into_iter()
                .map(|k| k.id)
                .collect();
            // Each bad id is named where it stands.
            let named = rule
                .category_weights
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("category_weights[{i}].work_kind"), c.work_kind))
                .chain(
                    rule.never_drop
                        .iter()
                        .enumerate()
                        .map(|(i, k)| (format!("never_drop[{i}]"), *k)),
                )
                .chain(rule.categories.iter().enumerate().flat_map(|(i, c)| {
                    c.work_kinds
                        .iter()
                        .enumerate()
                        .map(move |(j, k)| (format!("categories[{i}].work_kinds[{j}]"), *k))
                }));
            for (field, k) in named {
                if !kinds.contains(&k) {
                    return Err(Error::invalid(
                        field,
                        format!("kind of work {k} is not of this school"),
                    ));
                }
            }
            storage::set_rule(c, school, subject, rule, now)
        })
    }

    /// The rule in force for a subject (its own, else the school's, else the
    /// built-in default); with `subject` `None`, the school's.
    pub fn grading_rule(
        &self,
        actor: &Actor,
        school: SchoolId,
        subject: Option<SubjectId>,
    ) -> Result<GradingRule> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
            let own = match subject {
                Some(s) => storage::rule(c, school, Some(s))?,
                None => None,
            };
            Ok(match own {
                Some(r) => r,
                None => storage::rule(c, school, None)?.unwrap_or_default(),
            })
        })
    }

    /// Closes a period (school admins): afterwards only an admin changes its
    /// marks, with a reason.
    pub fn close_period(&self, actor: &Actor, period: PeriodId) -> Result<Period> {
        self.set_closed(actor, period, true)
    }

    /// Reopens a closed period (school admins).
    pub fn reopen_period(&self, actor: &Actor, period: PeriodId) -> Result<Period> {
        self.set_closed(actor, period, false)
    }

    fn set_closed(&self, actor: &Actor, period: PeriodId, closed: bool) -> Result<Period> {
        let now = self.now();
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let year = storage::period_year(c, period)?;
            let y = p.known_year(year, "structure", true)?;
            p.decide_school(y.school, ManageStructure, "structure", true)?;
            if storage::period_closed(c, period)? == closed {
                return Err(Error::Conflict(format!(
                    "the period is already {}",
                    if closed { "closed" } else { "open" }
                )));
            }
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("periods are closed by a person"))?;
            storage::set_period_closed(c, period, closed.then_some(by), now)?;
            storage::periods(c, year)?
                .into_iter()
                .find(|p| p.id == period)
                .ok_or_else(|| Error::not_found("period", period))
        })
    }

    /// Whether a period is closed.
    pub fn is_period_closed(&self, actor: &Actor, period: PeriodId) -> Result<bool> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let y = storage::year(c, storage::period_year(c, period)?)?;
            p.decide_school(y.school, ReadStructure, "structure", false)?;
            storage::period_closed(c, period)
        })
    }
}
