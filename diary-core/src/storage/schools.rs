//! SQL for schools, academic years, periods and holidays.

use super::{conflict_on_unique, found};
use crate::error::Result;
use crate::ids::{HolidayId, PeriodId, SchoolId, YearId};
use crate::model::{
    AcademicYear, Holiday, NewHoliday, NewPeriod, NewSchool, NewYear, Period, PeriodKind, School,
};
use crate::storage::db::{params, Db, DbError, DbResult, Row};

const SCHOOL_COLS: &str = "id, name, region, time_zone, days_per_week, period_kind";

fn school_row(r: &Row<'_>) -> DbResult<School> {
    Ok(School {
        id: SchoolId(r.get(0)?),
        name: r.get(1)?,
        region: r.get(2)?,
        time_zone: r.get(3)?,
        days_per_week: r.get(4)?,
        period_kind: match r.get::<_, Option<String>>(5)? {
            None => None,
            Some(k) => {
                Some(PeriodKind::parse("period_kind", &k).map_err(|e| DbError::undecodable(5, e))?)
            }
        },
    })
}

/// Sets (or with `None` clears) the period kind a school's new classes are
/// graded in.
pub(crate) fn set_school_period_kind(
    c: Db<'_>,
    school: SchoolId,
    kind: Option<PeriodKind>,
) -> Result<()> {
    c.execute(
        "UPDATE school SET period_kind = ?2 WHERE id = ?1",
        params![school.0, kind.map(PeriodKind::as_str)],
    )?;
    Ok(())
}

pub(crate) fn insert_school(c: Db<'_>, s: &NewSchool, now: i64) -> Result<School> {
    c.execute(
        "INSERT INTO school (name, region, time_zone, days_per_week, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.name, s.region, s.time_zone, s.days_per_week, now],
    )
    .map_err(|e| conflict_on_unique(e, || format!("a school named \"{}\" already exists in {}", s.name, s.region)))?;
    school(c, SchoolId(c.last_insert_rowid()?))
}

pub(crate) fn school(c: Db<'_>, id: SchoolId) -> Result<School> {
    found(
        c.cached_row(
            &format!("SELECT {SCHOOL_COLS} FROM school WHERE id = ?1"),
            [id.0],
            school_row,
        ),
        "school",
        id.0,
    )
}

pub(crate) fn all_schools(c: Db<'_>) -> Result<Vec<School>> {
    let mut st = c.prepare_cached(&format!("SELECT {SCHOOL_COLS} FROM school ORDER BY id"))?;
    let rows = st.query_map((), school_row)?.collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn schools_by_id(c: Db<'_>, ids: &[SchoolId]) -> Result<Vec<School>> {
    ids.iter().map(|id| school(c, *id)).collect()
}

fn year_row(r: &Row<'_>) -> DbResult<AcademicYear> {
    Ok(AcademicYear {
        id: YearId(r.get(0)?),
        school: SchoolId(r.get(1)?),
        label: r.get(2)?,
        start: r.get(3)?,
        end: r.get(4)?,
    })
}

pub(crate) fn insert_year(c: Db<'_>, school: SchoolId, y: &NewYear) -> Result<AcademicYear> {
    c.execute(
        "INSERT INTO academic_year (school_id, label, start_date, end_date) VALUES (?1, ?2, ?3, ?4)",
        params![school.0, y.label, y.start, y.end],
    )
    .map_err(|e| conflict_on_unique(e, || format!("the school already has a year \"{}\"", y.label)))?;
    year(c, YearId(c.last_insert_rowid()?))
}

pub(crate) fn year(c: Db<'_>, id: YearId) -> Result<AcademicYear> {
    found(
        c.cached_row(
            "SELECT id, school_id, label, start_date, end_date FROM academic_year WHERE id = ?1",
            [id.0],
            year_row,
        ),
        "academic year",
        id.0,
    )
}

pub(crate) fn years(c: Db<'_>, school: SchoolId) -> Result<Vec<AcademicYear>> {
    let mut st = c.prepare_cached(
        "SELECT id, school_id, label, start_date, end_date FROM academic_year WHERE school_id = ?1 ORDER BY start_date",
    )?;
    let rows = st
        .query_map([school.0], year_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Whether another year of the school overlaps `[start, end]`.
pub(crate) fn overlapping_year(c: Db<'_>, school: SchoolId, y: &NewYear) -> Result<Option<String>> {
    let mut st = c.prepare_cached(
        "SELECT label FROM academic_year WHERE school_id = ?1 AND start_date <= ?3 AND ?2 <= end_date LIMIT 1",
    )?;
    let mut rows = st.query(params![school.0, y.start, y.end])?;
    Ok(match rows.next()? {
        Some(r) => Some(r.get(0)?),
        None => None,
    })
}

const PERIOD_SELECT: &str = "SELECT id, year_id, kind, \
    row_number() OVER (PARTITION BY year_id, kind ORDER BY start_date), \
    name, start_date, end_date FROM period";

fn period_row(r: &Row<'_>) -> DbResult<Period> {
    let kind: String = r.get(2)?;
    Ok(Period {
        id: PeriodId(r.get(0)?),
        year: YearId(r.get(1)?),
        kind: PeriodKind::parse("kind", &kind).map_err(|e| DbError::undecodable(2, e))?,
        number: r.get(3)?,
        name: r.get(4)?,
        start: r.get(5)?,
        end: r.get(6)?,
    })
}

/// Stores a new period of `year`, a year of `school`.
pub(crate) fn insert_period(
    c: Db<'_>,
    school: SchoolId,
    year: YearId,
    p: &NewPeriod,
) -> Result<Period> {
    c.execute(
        "INSERT INTO period (school_id, year_id, kind, name, start_date, end_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![school.0, year.0, p.kind.as_str(), p.name, p.start, p.end],
    )?;
    let id = c.last_insert_rowid()?;
    periods(c, year)?
        .into_iter()
        .find(|p| p.id.0 == id)
        .ok_or_else(|| crate::error::Error::not_found("period", id))
}

pub(crate) fn periods(c: Db<'_>, year: YearId) -> Result<Vec<Period>> {
    let mut st = c.prepare_cached(&format!(
        "{PERIOD_SELECT} WHERE year_id = ?1 ORDER BY start_date, kind"
    ))?;
    let rows = st
        .query_map([year.0], period_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

fn holiday_row(r: &Row<'_>) -> DbResult<Holiday> {
    Ok(Holiday {
        id: HolidayId(r.get(0)?),
        school: SchoolId(r.get(1)?),
        name: r.get(2)?,
        first_day: r.get(3)?,
        last_day: r.get(4)?,
    })
}

pub(crate) fn insert_holiday(c: Db<'_>, school: SchoolId, h: &NewHoliday) -> Result<Holiday> {
    c.execute(
        "INSERT INTO holiday (school_id, name, first_day, last_day) VALUES (?1, ?2, ?3, ?4)",
        params![school.0, h.name, h.first_day, h.last_day],
    )?;
    let id = c.last_insert_rowid()?;
    found(
        c.cached_row(
            "SELECT id, school_id, name, first_day, last_day FROM holiday WHERE id = ?1",
            [id],
            holiday_row,
        ),
        "holiday",
        id,
    )
}

pub(crate) fn holidays(c: Db<'_>, school: SchoolId) -> Result<Vec<Holiday>> {
    let mut st = c.prepare_cached(
        "SELECT id, school_id, name, first_day, last_day FROM holiday WHERE school_id = ?1 ORDER BY first_day",
    )?;
    let rows = st
        .query_map([school.0], holiday_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
