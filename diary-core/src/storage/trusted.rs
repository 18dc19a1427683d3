//! SQL for trusted persons' grants.

use super::found;
use crate::error::Result;
use crate::ids::{GrantId, PersonId, SchoolId};
use crate::model::{Services, TrustedGrant};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension, Row};
use time::{Date, OffsetDateTime};

/// A grant's stored fields.
#[derive(Debug)]
pub(crate) struct GrantRow {
    pub student: PersonId,
    pub inviter: PersonId,
    pub invitee: PersonId,
    pub services: Services,
    pub until: Option<Date>,
    pub window_days: Option<u32>,
    pub invited_at: i64,
    pub expires_at: i64,
}

fn ts(i: usize, v: Option<i64>) -> DbResult<Option<OffsetDateTime>> {
    v.map(|t| OffsetDateTime::from_unix_timestamp(t).map_err(|e| DbError::undecodable(i, e)))
        .transpose()
}

const SELECT: &str =
    "SELECT id, student_id, inviter_id, invitee_id, services, until_day, window_days, invited_at,
    expires_at, accepted_at, opens_at, declined_at, revoked_at FROM trusted_grant";

/// A grant; its status is computed at `now`.
fn grant_row(r: &Row<'_>, now: OffsetDateTime) -> DbResult<TrustedGrant> {
    let until: Option<i32> = r.get(5)?;
    let until = until
        .map(|d| Date::from_julian_day(d).map_err(|e| DbError::undecodable(5, e)))
        .transpose()?;
    let mut g = TrustedGrant {
        id: GrantId(r.get(0)?),
        student: PersonId(r.get(1)?),
        inviter: PersonId(r.get(2)?),
        invitee: PersonId(r.get(3)?),
        services: Services::from_bits(r.get(4)?),
        until,
        window_days: r.get(6)?,
        invited_at: ts(7, Some(r.get(7)?))?.unwrap_or(now),
        expires_at: ts(8, Some(r.get(8)?))?.unwrap_or(now),
        accepted_at: ts(9, r.get(9)?)?,
        opens_at: ts(10, r.get(10)?)?,
        declined_at: ts(11, r.get(11)?)?,
        revoked_at: ts(12, r.get(12)?)?,
        status: crate::model::GrantStatus::Pending,
    };
    g.status = g.status_at(now);
    Ok(g)
}

pub(crate) fn insert(c: Db<'_>, g: &GrantRow) -> Result<GrantId> {
    c.execute(
        "INSERT INTO trusted_grant (student_id, inviter_id, invitee_id, services, until_day, window_days, invited_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            g.student.0,
            g.inviter.0,
            g.invitee.0,
            g.services.bits(),
            g.until.map(|d| d.to_julian_day()),
            g.window_days,
            g.invited_at,
            g.expires_at
        ],
    )?;
    Ok(GrantId(c.last_insert_rowid()?))
}

pub(crate) fn get(c: Db<'_>, id: GrantId, now: OffsetDateTime) -> Result<TrustedGrant> {
    found(
        c.cached_row(&format!("{SELECT} WHERE id = ?1"), [id.0], |r| {
            grant_row(r, now)
        }),
        "invitation",
        id.0,
    )
}

pub(crate) fn of_invitee(
    c: Db<'_>,
    invitee: PersonId,
    now: OffsetDateTime,
) -> Result<Vec<TrustedGrant>> {
    let mut st = c.prepare_cached(&format!("{SELECT} WHERE invitee_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([invitee.0], |r| grant_row(r, now))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn of_student(
    c: Db<'_>,
    student: PersonId,
    now: OffsetDateTime,
) -> Result<Vec<TrustedGrant>> {
    let mut st = c.prepare_cached(&format!("{SELECT} WHERE student_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([student.0], |r| grant_row(r, now))?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The grant of `invitee` for `student` that is active at `now`, if any.
pub(crate) fn active(
    c: Db<'_>,
    invitee: PersonId,
    student: PersonId,
    now: OffsetDateTime,
) -> Result<Option<TrustedGrant>> {
    Ok(of_invitee(c, invitee, now)?
        .into_iter()
        .find(|g| g.student == student && g.status == crate::model::GrantStatus::Active))
}

pub(crate) fn set_accepted(c: Db<'_>, id: GrantId, at: i64, opens_at: i64) -> Result<()> {
    c.execute(
        "UPDATE trusted_grant SET accepted_at = ?2, opens_at = ?3 WHERE id = ?1",
        params![id.0, at, opens_at],
    )?;
    Ok(())
}

pub(crate) fn set_declined(c: Db<'_>, id: GrantId, at: i64) -> Result<()> {
    c.execute(
        "UPDATE trusted_grant SET declined_at = ?2 WHERE id = ?1",
        params![id.0, at],
    )?;
    Ok(())
}

pub(crate) fn set_revoked(c: Db<'_>, id: GrantId, at: i64) -> Result<()> {
    c.execute(
        "UPDATE trusted_grant SET revoked_at = ?2 WHERE id = ?1",
        params![id.0, at],
    )?;
    Ok(())
}

/// The school's trusted-person settings: (delay in hours, invitation days).
pub(crate) fn school_settings(c: Db<'_>, school: SchoolId) -> Result<(i64, i64)> {
    found(
        c.cached_row(
            "SELECT trusted_delay_hours, invitation_days FROM school WHERE id = ?1",
            [school.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ),
        "school",
        school.0,
    )
}

pub(crate) fn set_school_settings(
    c: Db<'_>,
    school: SchoolId,
    delay_hours: i64,
    invitation_days: i64,
) -> Result<()> {
    c.execute(
        "UPDATE school SET trusted_delay_hours = ?2, invitation_days = ?3 WHERE id = ?1",
        params![school.0, delay_hours, invitation_days],
    )?;
    Ok(())
}

/// A person with this SNILS and surname (exact, case-insensitive), if any.
/// The person with this SNILS (digits), if any.
pub(crate) fn people_with_snils(c: Db<'_>, snils: &str) -> Result<Vec<PersonId>> {
    Ok(
        c.cached_row("SELECT id FROM person WHERE snils = ?1", [snils], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
        .map(PersonId)
        .into_iter()
        .collect(),
    )
}

/// The school's visibility window for families.
pub(crate) fn family_window(
    c: Db<'_>,
    school: SchoolId,
) -> Result<Option<crate::model::VisibilityWindow>> {
    let (days, month): (Option<u32>, Option<u8>) = found(
        c.cached_row(
            "SELECT family_window_days, family_window_month_start FROM school WHERE id = ?1",
            [school.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ),
        "school",
        school.0,
    )?;
    Ok(match (days, month) {
        (_, Some(first_day)) => Some(crate::model::VisibilityWindow::Month { first_day }),
        (Some(d), None) => Some(crate::model::VisibilityWindow::Days(d)),
        (None, None) => None,
    })
}

pub(crate) fn set_family_window(
    c: Db<'_>,
    school: SchoolId,
    window: Option<crate::model::VisibilityWindow>,
) -> Result<()> {
    use crate::model::VisibilityWindow as W;
    let (days, month) = match window {
        Some(W::Days(d)) => (Some(d), None),
        Some(W::Month { first_day }) => (None, Some(first_day)),
        None => (None, None),
    };
    c.execute(
        "UPDATE school SET family_window_days = ?2, family_window_month_start = ?3 WHERE id = ?1",
        params![school.0, days, month],
    )?;
    Ok(())
}
