//! The nested structure of a school in one read.

use super::Diary;
use crate::access::StructureAction::*;
use crate::actor::Actor;
use crate::error::Result;
use crate::ids::SchoolId;
use crate::model::{ClassOverview, SchoolOverview, YearOverview};
use crate::storage;

impl Diary {
    /// The school with its subjects, holidays, years, periods, classes,
    /// groups and teaching assignments, read in one consistent snapshot.
    pub fn school_overview(&self, actor: &Actor, school: SchoolId) -> Result<SchoolOverview> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let s = p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
            let years = storage::years(c, school)?
                .into_iter()
                .map(|year| {
                    let classes = storage::classes(c, year.id)?
                        .into_iter()
                        .map(|class| {
                            Ok(ClassOverview {
                                name: class.name(),
                                groups: storage::groups(c, class.id)?,
                                class,
                            })
                        })
                        .collect::<Result<_>>()?;
                    Ok(YearOverview {
                        periods: storage::periods(c, year.id)?,
                        assignments: storage::assignments(c, year.id)?,
                        classes,
                        year,
                    })
                })
                .collect::<Result<_>>()?;
            Ok(SchoolOverview {
                subjects: storage::subjects(c, school)?,
                holidays: storage::holidays(c, school)?,
                years,
                school: s,
            })
        })
    }
}
