//! The tables a school office opens in a spreadsheet (issue 18), as CSV
//! (see `crate::csv` for the format): a class's marks in one subject and
//! period, the class's attendance between two dates, and the students
//! still missing marks in a period. Each reads through the same policy as
//! the calls it summarises and logs the reads per child.

use super::attendance::class_attendance_in;
use super::averages::inputs;
use super::export::visible;
use super::Diary;
use crate::access::{acting_as, Action};
use crate::actor::Actor;
use crate::csv::Csv;
use crate::error::{Error, Result};
use crate::grading;
use crate::ids::{ClassId, PeriodId, PersonId, SubjectId};
use crate::model::EntryKind;
use crate::storage;
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

/// The most marks a "missing marks" report may ask for (`min_marks`).
pub const MAX_MIN_MARKS: u32 = 50;

impl Diary {
    /// A class's marks in one subject and period as a table: a row per
    /// student (by name), a column per day with marks (several on a day
    /// separated by spaces; signs such as an absence as their label), then
    /// the average (rounded as the school's rule says) and the mark it
    /// suggests. The subject's teachers, the class teacher and admins.
    pub fn class_marks_csv(
        &self,
        actor: &Actor,
        class: ClassId,
        period: PeriodId,
        subject: SubjectId,
    ) -> Result<String> {
        self.read_marks(actor, |p| {
            let school = p.class(class)?.school;
            let (grouped, names, _) = visible(p, actor, class, period, Some(subject))?;
            let days: BTreeSet<Date> = grouped
                .values()
                .flat_map(|ms| ms.iter().map(|(m, _)| m.date))
                .collect();
            let scales = p.scales(school)?;
            let version = p.frozen_version(Some(period))?;
            let rule = p.rule_for(school, subject, version)?;
            let scale = p.scale_by_code(school, &rule.scale)?;
            let mut csv = Csv::new();
            let mut header = vec!["student".to_owned()];
            header.extend(days.iter().map(Date::to_string));
            header.extend(["average".to_owned(), "mark".to_owned()]);
            csv.row(header);
            let mut rows: Vec<(String, PersonId)> = grouped
                .keys()
                .map(|(s, _)| (names[s].clone(), *s))
                .collect();
            rows.sort();
            for (name, student) in rows {
                let ms = &grouped[&(student, subject)];
                let mut line = vec![name];
                for day in &days {
                    let labels: Vec<&str> = ms
                        .iter()
                        .filter(|(m, _)| m.date == *day)
                        .map(|(m, _)| m.label.as_str())
                        .collect();
                    line.push(labels.join(" "));
                }
                let avg = grading::average(&inputs(ms, &scales)?, &rule, &scale)?;
                line.push(avg.display.unwrap_or_default());
                line.push(avg.mark.unwrap_or_default());
                csv.row(line);
            }
            Ok(csv.finish())
        })
    }

    /// A class's attendance between two dates as a table: a row per
    /// student with lessons held, recorded, present, late (and minutes),
    /// left early, absent excused and unexcused, then a row of totals. The
    /// class teacher and admins.
    pub fn class_attendance_csv(
        &self,
        actor: &Actor,
        class: ClassId,
        from: Date,
        to: Date,
    ) -> Result<String> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            let rows = class_attendance_in(p, class, from, to, today)?;
            let mut csv = Csv::new();
            csv.row([
                "student",
                "lessons_held",
                "recorded",
                "present",
                "late",
                "late_minutes",
                "left_early",
                "absent_excused",
                "absent_unexcused",
            ]);
            let mut total = [0u64; 8];
            for (person, s) in &rows {
                let n = [
                    s.lessons_held,
                    s.recorded,
                    s.present,
                    s.late,
                    s.late_minutes,
                    s.left_early,
                    s.absent_excused,
                    s.absent_unexcused,
                ];
                for (t, v) in total.iter_mut().zip(n) {
                    *t += u64::from(v);
                }
                let mut line = vec![person.full_name()];
                line.extend(n.iter().map(u32::to_string));
                csv.row(line);
            }
            let mut line = vec!["total".to_owned()];
            line.extend(total.iter().map(u64::to_string));
            csv.row(line);
            Ok(csv.finish())
        })
    }

    /// The students of a class with fewer than `min_marks` (0–50) marks in
    /// a subject taught to the class in a period — the list an office
    /// checks before the period closes: a row per student and subject with
    /// the marks counted (grades only; signs such as an absence do not
    /// count) and the subject's teachers. The class teacher and admins.
    pub fn missing_marks_csv(
        &self,
        actor: &Actor,
        class: ClassId,
        period: PeriodId,
        min_marks: u32,
    ) -> Result<String> {
        if min_marks > MAX_MIN_MARKS {
            return Err(Error::invalid(
                "min_marks",
                format!("must be 0 to {MAX_MIN_MARKS}"),
            ));
        }
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            let cl = p.known_class(class, "structure", false)?;
            let f = p.decide_class(&cl, Action::ReadPeople, "missing_marks")?;
            let per = storage::periods(p.c, cl.year)?
                .into_iter()
                .find(|x| x.id == period)
                .ok_or_else(|| Error::not_found("period", period.0))?;
            // The subjects taught to the class, with their teachers.
            let mut taught: BTreeMap<SubjectId, Vec<String>> = BTreeMap::new();
            for a in storage::assignments(p.c, cl.year)? {
                if a.class == class {
                    let t = storage::person(p.c, a.teacher)?.full_name();
                    taught.entry(a.subject).or_default().push(t);
                }
            }
            let subjects: BTreeMap<SubjectId, String> = storage::subjects(p.c, cl.school)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect();
            let roster = storage::class_roster(p.c, class, per.end.min(today).max(per.start))?;
            let mut csv = Csv::new();
            csv.row(["student", "subject", "marks", "teachers"]);
            for (subject, teachers) in &taught {
                let mut counts: BTreeMap<PersonId, u32> = BTreeMap::new();
                for (m, _) in storage::marks_of_class(p.c, class, *subject, period)? {
                    if m.entry == EntryKind::Grade {
                        *counts.entry(m.student).or_default() += 1;
                    }
                }
                for s in &roster {
                    let n = counts.get(&s.id).copied().unwrap_or(0);
                    if n < min_marks {
                        p.note(
                            Some(s.id),
                            Some(cl.school),
                            "missing_marks",
                            false,
                            acting_as(&f),
                            true,
                        );
                        csv.row([
                            s.full_name(),
                            subjects.get(subject).cloned().unwrap_or_default(),
                            n.to_string(),
                            teachers.join("; "),
                        ]);
                    }
                }
            }
            Ok(csv.finish())
        })
    }
}
