//! The read-only regional role: aggregated statistics of a region's schools,
//! never a person's name or id.

use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::error::Result;
use crate::grading::{stats, Ratio};
use crate::ids::{PersonId, SchoolId};
use crate::storage;
use crate::text;
use serde::Serialize;
use std::collections::BTreeMap;

/// Per student: (Σ weight·value, Σ weight, marks).
type Sums = (i128, i128, u32);

/// One school's figures for a subject and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionalStatistic {
    /// The school.
    pub school: SchoolId,
    /// Its name.
    pub school_name: String,
    /// The academic year's label.
    pub year: String,
    /// The subject's name.
    pub subject: String,
    /// The period's name.
    pub period: String,
    /// Students with an average.
    pub students: usize,
    /// Counted marks.
    pub marks: u32,
    /// Mean of the students' weighted averages (exact); `None` when the
    /// group is smaller than the installation's minimum group size.
    pub mean: Option<Ratio>,
    /// Whether the figures of this cell are withheld because fewer than
    /// [`Diary::min_group_size`] students are in it (then `marks` is 0 and
    /// `mean` is `None`): an individual's average could be worked out.
    pub suppressed: bool,
}

impl Diary {
    /// Registers a read-only regional officer (the operator only): a
    /// person with no school at all, who reads only the region's
    /// aggregates. The SNILS rules of [`Diary::register_person`] apply.
    pub fn register_regional_officer(
        &self,
        actor: &Actor,
        new: &crate::model::NewPerson,
        region: &str,
    ) -> Result<crate::model::Person> {
        let region = text::name("region", region)?;
        let checked = super::people::checked_person(new, self.clock.now().date())?;
        let now = self.now();
        self.write(actor, |p| {
            let facts = p.standing.facts_for(None);
            p.decide(
                &facts,
                Action::AppointRegional,
                None,
                None,
                "regional",
                true,
            )?;
            let person = storage::insert_person(p.c, &checked.record(), None, now)?;
            storage::regional::insert_officer(p.c, person.id, &region)?;
            Ok(person)
        })
    }

    /// Makes a person a read-only officer of a region (the operator only).
    pub fn appoint_regional_officer(
        &self,
        actor: &Actor,
        person: PersonId,
        region: &str,
    ) -> Result<()> {
        let region = text::name("region", region)?;
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            p.decide(
                &st.facts_for(None),
                Action::AppointRegional,
                None,
                None,
                "regional",
                true,
            )?;
            storage::person(c, person)?;
            storage::regional::insert_officer(c, person, &region)
        })
    }

    /// Aggregated statistics of every school in a region (its officers):
    /// per school, year, subject and period, the number of students and
    /// marks and the mean of the students' averages. No person appears.
    pub fn regional_statistics(
        &self,
        actor: &Actor,
        region: &str,
    ) -> Result<Vec<RegionalStatistic>> {
        let region = text::name("region", region)?;
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            let facts = Facts {
                regional: st.regional_of.contains(&region),
                ..Facts::default()
            };
            p.decide(&facts, Action::ReadRegional, None, None, "regional", false)?;
            let min_group = storage::settings::min_group_size(c)?;
            let mut out = Vec::new();
            for (school, school_name, year, label) in
                storage::regional::years_in_region(c, &region)?
            {
                let subjects: BTreeMap<_, _> = storage::subjects(c, school)?
                    .into_iter()
                    .map(|s| (s.id.0, s.name))
                    .collect();
                let periods: BTreeMap<_, _> = storage::periods(c, year)?
                    .into_iter()
                    .map(|p| (p.id.0, p.name))
                    .collect();
                // (subject, period) -> per-student (Σ w·v, Σ w, marks)
                let mut groups: BTreeMap<(i64, i64), BTreeMap<i64, Sums>> = BTreeMap::new();
                storage::for_each_plain_mark(
                    c,
                    year,
                    |student, subject, period, _scale, value, _out_of, weight| {
                        let e = groups
                            .entry((subject, period))
                            .or_default()
                            .entry(student)
                            .or_insert((0, 0, 0));
                        e.0 += i128::from(weight) * i128::from(value);
                        e.1 += i128::from(weight);
                        e.2 += 1;
                    },
                )?;
                for ((subject, period), students) in groups {
                    let averages: Vec<Ratio> = students
                        .values()
                        .map(|(n, d, _)| Ratio::new(*n, d * 100))
                        .collect();
                    let suppressed = averages.len() < min_group;
                    out.push(RegionalStatistic {
                        school,
                        school_name: school_name.clone(),
                        year: label.clone(),
                        subject: subjects.get(&subject).cloned().unwrap_or_default(),
                        period: periods.get(&period).cloned().unwrap_or_default(),
                        students: averages.len(),
                        marks: if suppressed {
                            0
                        } else {
                            students.values().map(|(.., m)| m).sum()
                        },
                        mean: if suppressed {
                            None
                        } else {
                            stats::summarise(&averages).0
                        },
                        suppressed,
                    });
                }
            }
            Ok(out)
        })
    }
}
