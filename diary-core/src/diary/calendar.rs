//! Schools, academic years, periods and holidays.

use super::Diary;
use crate::access::StructureAction::*;
use crate::actor::Actor;
use crate::calendar;
use crate::error::{Error, Result};
use crate::ids::{SchoolId, YearId};
use crate::model::{
    AcademicYear, Holiday, NewHoliday, NewPeriod, NewSchool, NewYear, Period, School,
};
use crate::storage;
use crate::text;

impl Diary {
    /// Creates a school. Only the installation's operator may.
    pub fn create_school(&self, actor: &Actor, new: &NewSchool) -> Result<School> {
        let new = NewSchool {
            name: text::name("name", &new.name)?,
            region: text::name("region", &new.region)?,
            time_zone: new.time_zone.trim().to_owned(),
            days_per_week: new.days_per_week,
        };
        calendar::check_time_zone(&new.time_zone)?;
        if !matches!(new.days_per_week, 5 | 6) {
            return Err(Error::invalid("days_per_week", "must be 5 or 6"));
        }
        let now = self.now();
        self.write(actor, |p| {
            let facts = p.standing.facts_for(None);
            p.decide(
                &facts,
                crate::access::Action::CreateSchool,
                None,
                None,
                "structure",
                true,
            )?;
            storage::insert_school(p.c, &new, now)
        })
    }

    /// One school, for its members and the operator.
    pub fn school(&self, actor: &Actor, id: SchoolId) -> Result<School> {
        self.read(actor, |p| {
            let (_c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let s = p.known_school(id, "structure", false)?;
            p.decide_school(id, ReadStructure, "structure", false)?;
            Ok(s)
        })
    }

    /// The schools the actor belongs to (every school, for the operator).
    pub fn schools(&self, actor: &Actor) -> Result<Vec<School>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            super::known_actor(c, actor)?;
            if st.operator {
                storage::all_schools(c)
            } else {
                storage::schools_by_id(c, &st.member_of.iter().copied().collect::<Vec<_>>())
            }
        })
    }

    /// Adds an academic year to a school (school admins). Years of one school
    /// must not overlap.
    pub fn create_year(
        &self,
        actor: &Actor,
        school: SchoolId,
        new: &NewYear,
    ) -> Result<AcademicYear> {
        let new = NewYear {
            label: text::name("label", &new.label)?,
            ..new.clone()
        };
        calendar::check_year(&new)?;
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManageStructure, "structure", true)?;
            if let Some(other) = storage::overlapping_year(c, school, &new)? {
                return Err(Error::Conflict(format!(
                    "the year overlaps the year \"{other}\""
                )));
            }
            storage::insert_year(c, school, &new)
        })
    }

    /// The academic years of a school, oldest first.
    pub fn years(&self, actor: &Actor, school: SchoolId) -> Result<Vec<AcademicYear>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
            storage::years(c, school)
        })
    }

    /// Adds a period (quarter, trimester, semester) to a year (school
    /// admins). It must lie inside the year and overlap no period of the same
    /// kind.
    pub fn add_period(&self, actor: &Actor, year: YearId, new: &NewPeriod) -> Result<Period> {
        let new = NewPeriod {
            name: text::name("name", &new.name)?,
            ..new.clone()
        };
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let y = p.known_year(year, "structure", true)?;
            p.decide_school(y.school, ManageStructure, "structure", true)?;
            let existing = storage::periods(c, year)?;
            calendar::check_period(y.start, y.end, &existing, &new)?;
            storage::insert_period(c, y.school, year, &new)
        })
    }

    /// The periods of a year, in date order.
    pub fn periods(&self, actor: &Actor, year: YearId) -> Result<Vec<Period>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let y = p.known_year(year, "structure", false)?;
            p.decide_school(y.school, ReadStructure, "structure", false)?;
            storage::periods(c, year)
        })
    }

    /// Adds holidays or non-working days to a school's calendar (school admins).
    pub fn add_holiday(
        &self,
        actor: &Actor,
        school: SchoolId,
        new: &NewHoliday,
    ) -> Result<Holiday> {
        let new = NewHoliday {
            name: text::name("name", &new.name)?,
            ..new.clone()
        };
        calendar::check_holiday(new.first_day, new.last_day)?;
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManageStructure, "structure", true)?;
            storage::insert_holiday(c, school, &new)
        })
    }

    /// A school's holidays, in date order.
    pub fn holidays(&self, actor: &Actor, school: SchoolId) -> Result<Vec<Holiday>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
            storage::holidays(c, school)
        })
    }

    /// Whether lessons are held at the school on `day` (a school weekday
    /// that is not a holiday).
    pub fn is_working_day(&self, actor: &Actor, school: SchoolId, day: time::Date) -> Result<bool> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let s = p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
            let holidays = storage::holidays(c, school)?;
            Ok(calendar::is_working_day(s.days_per_week, &holidays, day))
        })
    }
}
