//! SQL for regional officers and the region's schools.

use super::conflict_on_unique;
use crate::error::Result;
use crate::ids::{PersonId, SchoolId, YearId};
use crate::storage::db::{params, Db, DbResult};

pub(crate) fn insert_officer(c: Db<'_>, person: PersonId, region: &str) -> Result<()> {
    c.execute(
        "INSERT INTO regional_officer (person_id, region) VALUES (?1, ?2)",
        params![person.0, region],
    )
    .map_err(|e| {
        conflict_on_unique(e, || {
            "the person is already an officer of this region".into()
        })
    })?;
    Ok(())
}

/// The years of every school in a region: (school, school name, year, year label).
pub(crate) fn years_in_region(
    c: Db<'_>,
    region: &str,
) -> Result<Vec<(SchoolId, String, YearId, String)>> {
    let mut st = c.prepare_cached(
        "SELECT s.id, s.name, y.id, y.label FROM school s JOIN academic_year y ON y.school_id = s.id
         WHERE s.region = ?1 ORDER BY s.name, y.start_date",
    )?;
    let rows = st
        .query_map([region], |r| {
            Ok((SchoolId(r.get(0)?), r.get(1)?, YearId(r.get(2)?), r.get(3)?))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
