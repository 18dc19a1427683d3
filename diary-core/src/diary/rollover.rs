//! Closing a school year and preparing the next (issue 18): classes move up
//! a grade (keeping or changing their letter), the final grade graduates,
//! repeaters and leavers follow the school's decision per student, and the
//! old year's enrolments end with their reason — all in one transaction,
//! or as a dry run that shows the same report and stores nothing. The old
//! year's classes, marks and rules stay as they were.

use super::placement::Placement;
use super::Diary;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ClassId, GroupId, PersonId, YearId};
use crate::model::{
    AcademicYear, Class, ClassRollover, EndReason, NewAssignment, NewClass, NewPeriod,
    RolloverReport, StaffRole, StudentRollover, YearRollover,
};
use crate::storage::Db;
use crate::storage::{self, rollover as roll};
use std::collections::{BTreeMap, HashMap, HashSet};
use time::Duration;

impl Diary {
    /// Closes `plan.from_year` and creates the next year from it (the
    /// school's admins): every class below `final_grade` becomes the class
    /// one grade up (its letter kept, or as `letters` says) with its class
    /// teacher and, unless told otherwise, its groups and teaching
    /// assignments; the final grade graduates; `repeating` students move to
    /// the same grade's class, `leaving` students leave. Each open
    /// enrolment of the old year ends on its last day with its reason
    /// (promoted, repeating, graduated, left) and the new ones begin on the
    /// new year's first day. Periods are copied, moved by whole weeks.
    /// Subjects, kinds of work, scales, grading rules and open-ended bell
    /// schedules belong to the school and simply stay; schedules that end
    /// with the old year are copied. One transaction: on any error nothing
    /// is stored. With `dry_run` the same work is done and undone, and the
    /// report says what would happen. A year is rolled over once.
    pub fn roll_over_year(
        &self,
        actor: &Actor,
        plan: &YearRollover,
        dry_run: bool,
    ) -> Result<RolloverReport> {
        let plan = checked(plan)?;
        let now = self.now();
        self.write_people(actor, |p| {
            let from = p.known_year(plan.from_year, "structure", true)?;
            p.decide_school(
                from.school,
                crate::access::StructureAction::ManageStructure,
                "structure",
                true,
            )?;
            p.c.execute_batch("SAVEPOINT rollover")?;
            let result = roll(p, &from, &plan, dry_run, now);
            let undo = dry_run || result.is_err();
            p.c.execute_batch(if undo {
                "ROLLBACK TO rollover; RELEASE rollover"
            } else {
                "RELEASE rollover"
            })?;
            result
        })
    }

    /// The report of a year's rollover, once done (the school's admins);
    /// `None` while the year was not rolled over.
    pub fn rollover_report(&self, actor: &Actor, year: YearId) -> Result<Option<RolloverReport>> {
        self.read(actor, |p| {
            let y = p.known_year(year, "structure", false)?;
            p.decide_school(
                y.school,
                crate::access::StructureAction::ManageStructure,
                "structure",
                false,
            )?;
            roll::report(p.c, year)?
                .map(|j| serde_json::from_str(&j).map_err(|e| Error::Corrupt(e.to_string())))
                .transpose()
        })
    }
}

/// Checks the plan's own values before any lookup.
fn checked(plan: &YearRollover) -> Result<YearRollover> {
    let mut plan = plan.clone();
    plan.new_year.label = crate::text::name("new_year.label", &plan.new_year.label)?;
    crate::calendar::check_year(&plan.new_year)?;
    if !(1..=12).contains(&plan.final_grade) {
        return Err(Error::invalid("final_grade", "must be 1 to 12"));
    }
    for (i, (_, letter)) in plan.letters.iter_mut().enumerate() {
        *letter = super::classes::class_letter(letter).map_err(|_| {
            Error::invalid(
                format!("letters[{i}]"),
                "a letter is 1 to 4 letters or digits",
            )
        })?;
    }
    let mut seen = HashSet::new();
    for (list, who) in [("repeating", &plan.repeating), ("leaving", &plan.leaving)] {
        for (i, s) in who.iter().enumerate() {
            if !seen.insert(*s) {
                return Err(Error::invalid(
                    format!("{list}[{i}]"),
                    format!("person {s} is named twice"),
                ));
            }
        }
    }
    let mut classes = HashSet::new();
    for (i, (k, _)) in plan.letters.iter().enumerate() {
        if !classes.insert(*k) {
            return Err(Error::invalid(
                format!("letters[{i}]"),
                format!("class {k} is named twice"),
            ));
        }
    }
    Ok(plan)
}

/// Where a student goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Promoted,
    Repeating,
    Graduated,
    Leaving,
}

fn roll(
    p: &mut Placement<'_>,
    from: &AcademicYear,
    plan: &YearRollover,
    dry_run: bool,
    now: i64,
) -> Result<RolloverReport> {
    let c = p.c;
    let school = from.school;
    if roll::rolled_over(c, from.id)? {
        return Err(Error::Conflict(format!(
            "the year \"{}\" was already rolled over",
            from.label
        )));
    }
    let new = &plan.new_year;
    if new.start <= from.end {
        return Err(Error::invalid(
            "new_year.start",
            format!("must be after the old year's last day {}", from.end),
        ));
    }
    if let Some(other) = storage::overlapping_year(c, school, new)? {
        return Err(Error::Conflict(format!(
            "the new year overlaps the year \"{other}\""
        )));
    }
    let old_classes = storage::classes(c, from.id)?;
    let by_id: HashMap<ClassId, &Class> = old_classes.iter().map(|k| (k.id, k)).collect();
    for (i, (k, _)) in plan.letters.iter().enumerate() {
        if !by_id.contains_key(k) {
            return Err(Error::invalid(
                format!("letters[{i}]"),
                format!("class {k} is not a class of the year \"{}\"", from.label),
            ));
        }
    }
    let open = roll::open_enrolments(c, from.id, from.end)?;
    let enrolled: HashMap<PersonId, ClassId> = open.iter().map(|e| (e.student, e.class)).collect();
    for (list, who) in [("repeating", &plan.repeating), ("leaving", &plan.leaving)] {
        for (i, s) in who.iter().enumerate() {
            if !enrolled.contains_key(s) {
                return Err(Error::invalid(
                    format!("{list}[{i}]"),
                    format!(
                        "person {s} is not enrolled in a class of the year \"{}\" on its last day",
                        from.label
                    ),
                ));
            }
        }
    }
    let repeating: HashSet<PersonId> = plan.repeating.iter().copied().collect();
    let leaving: HashSet<PersonId> = plan.leaving.iter().copied().collect();
    let letters: HashMap<ClassId, &str> =
        plan.letters.iter().map(|(k, l)| (*k, l.as_str())).collect();

    // The new year and its periods.
    let year = storage::insert_year(c, school, new)?;
    let periods = if plan.copy_periods {
        copy_periods(c, from, &year)?
    } else {
        Vec::new()
    };

    // The promoted classes, then those repeaters need.
    let mut targets: BTreeMap<(u8, String), Class> = BTreeMap::new();
    let mut report_classes = Vec::new();
    let kind_of = |grade: u8| -> Result<crate::model::PeriodKind> {
        Ok(storage::school(c, school)?
            .period_kind
            .unwrap_or_else(|| storage::default_period_kind(grade)))
    };
    for k in &old_classes {
        if k.grade >= plan.final_grade {
            report_classes.push(ClassRollover {
                from: k.id,
                from_name: k.name(),
                to_name: None,
                to: None,
                promoted: 0,
                class_teacher: k.class_teacher,
            });
            continue;
        }
        let letter = letters
            .get(&k.id)
            .map_or(k.letter.clone(), |l| (*l).to_owned());
        let key = (k.grade + 1, letter.clone());
        if let Some(other) = targets.get(&key) {
            return Err(Error::Conflict(format!(
                "two classes would become {}{}: {} and another",
                key.0,
                key.1,
                other.name()
            )));
        }
        let teacher = match k.class_teacher {
            Some(t) if storage::has_staff_role(c, school, t, StaffRole::Teacher)? => Some(t),
            _ => None,
        };
        let new_class = storage::insert_class(
            c,
            school,
            year.id,
            &NewClass {
                grade: k.grade + 1,
                letter,
                class_teacher: teacher,
            },
            k.period_kind,
        )?;
        report_classes.push(ClassRollover {
            from: k.id,
            from_name: k.name(),
            to_name: Some(new_class.name()),
            to: Some(new_class.id),
            promoted: 0,
            class_teacher: teacher,
        });
        targets.insert(key, new_class);
    }
    let mut created_for_repeaters = Vec::new();
    for s in &plan.repeating {
        let old = by_id[&enrolled[s]];
        let key = (old.grade, old.letter.clone());
        if let std::collections::btree_map::Entry::Vacant(slot) = targets.entry(key) {
            let k = storage::insert_class(
                c,
                school,
                year.id,
                &NewClass {
                    grade: old.grade,
                    letter: old.letter.clone(),
                    class_teacher: None,
                },
                kind_of(old.grade)?,
            )?;
            created_for_repeaters.push(k.name());
            slot.insert(k);
        }
    }

    // Enrolments: end every open one with its reason, begin the new ones.
    let mut report = RolloverReport {
        dry_run,
        from_year: from.id,
        new_year: None,
        classes: Vec::new(),
        created_for_repeaters,
        graduated: Vec::new(),
        repeating: Vec::new(),
        leaving: Vec::new(),
        enrolments_ended: 0,
        enrolments_created: 0,
        periods,
        assignments: 0,
        groups: 0,
        bell_schedules_copied: 0,
        kept: Vec::new(),
    };
    let first_day = year.start;
    let mut moved: HashMap<ClassId, HashSet<PersonId>> = HashMap::new();
    for e in &open {
        let old = by_id[&e.class];
        let fate = if leaving.contains(&e.student) {
            Fate::Leaving
        } else if repeating.contains(&e.student) {
            Fate::Repeating
        } else if old.grade >= plan.final_grade {
            Fate::Graduated
        } else {
            Fate::Promoted
        };
        let (reason, target) = match fate {
            Fate::Leaving => (EndReason::Left, None),
            Fate::Graduated => (EndReason::Graduated, None),
            Fate::Repeating => (
                EndReason::Repeating,
                targets.get(&(old.grade, old.letter.clone())),
            ),
            Fate::Promoted => {
                let letter = letters
                    .get(&old.id)
                    .map_or(old.letter.clone(), |l| (*l).to_owned());
                (EndReason::Promoted, targets.get(&(old.grade + 1, letter)))
            }
        };
        storage::end_enrolment(c, e.id, from.end, reason)?;
        report.enrolments_ended += 1;
        super::people::note_write(p, e.student, school, "enrolments");
        if let Some(t) = target {
            storage::insert_enrolment(c, school, e.student, t.id, first_day, now)?;
            report.enrolments_created += 1;
        }
        let entry = StudentRollover {
            student: e.student,
            from: old.id,
            to_name: target.map(Class::name),
        };
        match fate {
            Fate::Promoted => {
                moved.entry(old.id).or_default().insert(e.student);
                if let Some(r) = report_classes.iter_mut().find(|r| r.from == old.id) {
                    r.promoted += 1;
                }
            }
            Fate::Repeating => report.repeating.push(entry),
            Fate::Graduated => report.graduated.push(entry),
            Fate::Leaving => report.leaving.push(entry),
        }
    }

    // Groups (with the members who moved along) and teaching assignments.
    if plan.copy_assignments {
        let mut group_map: HashMap<GroupId, GroupId> = HashMap::new();
        for r in &report_classes {
            let Some(to) = r.to else { continue };
            let members = moved.get(&r.from).cloned().unwrap_or_default();
            for g in storage::groups(c, r.from)? {
                let copy = storage::insert_group(c, school, to, &g.name)?;
                report.groups += 1;
                for m in storage::group_members(c, g.id)? {
                    if members.contains(&m) {
                        storage::insert_group_member(c, school, copy.id, m)?;
                    }
                }
                group_map.insert(g.id, copy.id);
            }
        }
        let to_of: HashMap<ClassId, ClassId> = report_classes
            .iter()
            .filter_map(|r| r.to.map(|t| (r.from, t)))
            .collect();
        for a in storage::assignments(c, from.id)? {
            let Some(to) = to_of.get(&a.class) else {
                continue;
            };
            if !storage::has_staff_role(c, school, a.teacher, StaffRole::Teacher)? {
                continue;
            }
            storage::insert_assignment(
                c,
                school,
                &NewAssignment {
                    teacher: a.teacher,
                    class: *to,
                    group: a.group.and_then(|g| group_map.get(&g).copied()),
                    subject: a.subject,
                },
                year.id,
            )?;
            report.assignments += 1;
        }
    }
    report.bell_schedules_copied =
        roll::copy_ended_bell_schedules(c, school, from.end, year.start)?;
    report.kept = roll::kept(c, school, from.end)?;
    report.classes = report_classes;
    if !dry_run {
        report.new_year = Some(year.id);
        let json = serde_json::to_string(&report).map_err(|e| Error::Internal(e.to_string()))?;
        roll::record(c, school, from.id, year.id, &json, p.actor, now)?;
    } else {
        for r in &mut report.classes {
            r.to = None;
        }
    }
    Ok(report)
}

/// The old year's periods moved by whole weeks to the new year (so that
/// they start on the same weekday), kept inside it; a period that would
/// start after the new year's end is left out.
fn copy_periods(
    c: Db<'_>,
    from: &AcademicYear,
    to: &AcademicYear,
) -> Result<Vec<(String, String, String)>> {
    let days = (to.start - from.start).whole_days();
    let shift = Duration::days((days as f64 / 7.0).round() as i64 * 7);
    let mut out = Vec::new();
    for old in storage::periods(c, from.id)? {
        let start = (old.start + shift).max(to.start);
        let end = (old.end + shift).min(to.end);
        if start > end {
            continue;
        }
        let new = NewPeriod {
            kind: old.kind,
            name: old.name.clone(),
            start,
            end,
        };
        let existing = storage::periods(c, to.id)?;
        if crate::calendar::check_period(to.start, to.end, &existing, &new).is_err() {
            continue;
        }
        storage::insert_period(c, to.school, to.id, &new)?;
        out.push((new.name, start.to_string(), end.to_string()));
    }
    Ok(out)
}
