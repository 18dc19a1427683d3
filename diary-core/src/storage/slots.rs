//! SQL for appointment slots: publishing, reading, booking (one booking
//! per slot, taken atomically), cancelling.

use super::meetings::clock;
use crate::error::Result;
use crate::ids::{PersonId, SchoolId, SlotId};
use crate::model::{AppointmentSlot, Booking};
use crate::storage::db::{params, Db, DbResult, OptionalExtension, Row};
use time::Date;

const COLUMNS: &str = "id, school_id, teacher_id, day, starts, minutes, place, online_link,
     cancelled_at, booked_by, booked_for, booked_at, note";

fn read(r: &Row<'_>) -> DbResult<AppointmentSlot> {
    let booking = match (r.get::<_, Option<i64>>(9)?, r.get::<_, Option<i64>>(10)?) {
        (Some(by), Some(child)) => Some(Booking {
            by: PersonId(by),
            child: PersonId(child),
            at: r.get::<_, Option<i64>>(11)?.unwrap_or(0),
            note: r.get(12)?,
        }),
        _ => None,
    };
    Ok(AppointmentSlot {
        id: SlotId(r.get(0)?),
        school: SchoolId(r.get(1)?),
        teacher: PersonId(r.get(2)?),
        day: r.get(3)?,
        starts: clock(r.get(4)?),
        minutes: r.get(5)?,
        place: r.get(6)?,
        online_link: r.get(7)?,
        cancelled: r.get::<_, Option<i64>>(8)?.is_some(),
        booked: booking.is_some(),
        booking,
    })
}

/// A slot to store: start in minutes after midnight.
pub(crate) struct NewRow<'a> {
    pub school: SchoolId,
    pub teacher: PersonId,
    pub day: Date,
    pub starts: i64,
    pub minutes: u32,
    pub place: Option<&'a str>,
    pub online_link: Option<&'a str>,
}

pub(crate) fn insert(c: Db<'_>, s: &NewRow<'_>, now: i64) -> Result<SlotId> {
    c.prepare_cached(
        "INSERT INTO appointment_slot (school_id, teacher_id, day, starts, minutes, place, online_link, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        s.school.0,
        s.teacher.0,
        s.day,
        s.starts,
        s.minutes,
        s.place,
        s.online_link,
        now
    ])?;
    Ok(SlotId(c.last_insert_rowid()?))
}

pub(crate) fn get(c: Db<'_>, id: SlotId) -> Result<Option<AppointmentSlot>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM appointment_slot WHERE id = ?1"
    ))?;
    Ok(st.query_row([id.0], read).optional()?)
}

/// A teacher's slots on days `from..=to`, by day and start.
pub(crate) fn of_teacher(
    c: Db<'_>,
    teacher: PersonId,
    from: Date,
    to: Date,
) -> Result<Vec<AppointmentSlot>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM appointment_slot WHERE teacher_id = ?1 AND day BETWEEN ?2 AND ?3
         ORDER BY day, starts, id"
    ))?;
    let v = st
        .query_map(params![teacher.0, from, to], read)?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// Whether `teacher` has a live slot overlapping `starts..starts+minutes`
/// on `day`.
pub(crate) fn teacher_busy(
    c: Db<'_>,
    teacher: PersonId,
    day: Date,
    starts: i64,
    minutes: u32,
) -> Result<bool> {
    let mut st = c.prepare_cached(
        "SELECT 1 FROM appointment_slot WHERE teacher_id = ?1 AND day = ?2 AND cancelled_at IS NULL
           AND starts < CAST(?3 AS BIGINT) + ?4 AND ?3 < starts + minutes LIMIT 1",
    )?;
    Ok(st
        .query_row(params![teacher.0, day, starts, minutes], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether `person` has booked a live slot overlapping the given time.
pub(crate) fn booker_busy(
    c: Db<'_>,
    person: PersonId,
    day: Date,
    starts: i64,
    minutes: u32,
) -> Result<bool> {
    let mut st = c.prepare_cached(
        "SELECT 1 FROM appointment_slot WHERE booked_by = ?1 AND day = ?2 AND cancelled_at IS NULL
           AND starts < CAST(?3 AS BIGINT) + ?4 AND ?3 < starts + minutes LIMIT 1",
    )?;
    Ok(st
        .query_row(params![person.0, day, starts, minutes], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Books a free, live slot; false when someone took it first.
pub(crate) fn book(
    c: Db<'_>,
    id: SlotId,
    by: PersonId,
    child: PersonId,
    note: Option<&str>,
    now: i64,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE appointment_slot SET booked_by = ?2, booked_for = ?3, booked_at = ?4, note = ?5
             WHERE id = ?1 AND booked_by IS NULL AND cancelled_at IS NULL",
        )?
        .execute(params![id.0, by.0, child.0, now, note])?;
    Ok(n == 1)
}

pub(crate) fn unbook(c: Db<'_>, id: SlotId) -> Result<()> {
    c.prepare_cached(
        "UPDATE appointment_slot SET booked_by = NULL, booked_for = NULL, booked_at = NULL, note = NULL
         WHERE id = ?1",
    )?
    .execute([id.0])?;
    Ok(())
}

pub(crate) fn cancel(c: Db<'_>, id: SlotId, now: i64) -> Result<()> {
    c.prepare_cached("UPDATE appointment_slot SET cancelled_at = ?2 WHERE id = ?1")?
        .execute(params![id.0, now])?;
    Ok(())
}
