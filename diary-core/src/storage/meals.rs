//! SQL for meals: a school's rules, menus, orders and the meal ledger.

use crate::error::{Error, Result};
use crate::ids::{MealOrderId, MenuId, PersonId, SchoolId};
use crate::model::{
    LedgerEntry, LedgerKind, MealKind, MealOrder, MealOrderStatus, MealSettings, Menu, MenuItem,
};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension, Row};
use time::{Date, OffsetDateTime};

fn julian(d: Date) -> i64 {
    i64::from(d.to_julian_day())
}

fn date(j: i64) -> Date {
    i32::try_from(j)
        .ok()
        .and_then(|j| Date::from_julian_day(j).ok())
        .unwrap_or(Date::MIN)
}

fn instant(s: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(s).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Internal(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> DbResult<T> {
    serde_json::from_str(s).map_err(|e| DbError::undecodable(0, e))
}

/// A school's meal rules (the defaults until set): cut-off days, cut-off
/// minutes after midnight, low-balance threshold.
pub(crate) fn settings(c: Db<'_>, school: SchoolId) -> Result<(u32, i64, i64)> {
    let d = MealSettings::default();
    Ok(c.prepare_cached(
        "SELECT cutoff_days, cutoff_minutes, low_balance FROM meal_settings WHERE school_id = ?1",
    )?
    .query_row([school.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()?
    .unwrap_or((d.cutoff_days, 14 * 60, d.low_balance)))
}

pub(crate) fn set_settings(
    c: Db<'_>,
    school: SchoolId,
    days: u32,
    minutes: i64,
    low: i64,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO meal_settings (school_id, cutoff_days, cutoff_minutes, low_balance)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (school_id) DO UPDATE SET cutoff_days = ?2, cutoff_minutes = ?3, low_balance = ?4",
    )?
    .execute(params![school.0, days, minutes, low])?;
    Ok(())
}

fn menu_row(c: Db<'_>, r: &Row<'_>) -> DbResult<Menu> {
    let id = MenuId(r.get(0)?);
    let meal: String = r.get(3)?;
    let items = items_of(c, id)?;
    Ok(Menu {
        id,
        school: SchoolId(r.get(1)?),
        day: date(r.get(2)?),
        meal: MealKind::parse("meal", &meal).unwrap_or(MealKind::Lunch),
        price: items.iter().map(|i| i.price).sum(),
        items,
    })
}

fn items_of(c: Db<'_>, menu: MenuId) -> DbResult<Vec<MenuItem>> {
    let mut st = c.prepare_cached(
        "SELECT name, price, allergens FROM menu_item WHERE menu_id = ?1 ORDER BY position",
    )?;
    let rows = st
        .query_map([menu.0], |r| {
            let allergens: String = r.get(2)?;
            Ok(MenuItem {
                name: r.get(0)?,
                price: r.get(1)?,
                allergens: from_json(&allergens)?,
            })
        })?
        .collect();
    rows
}

pub(crate) fn menu(c: Db<'_>, id: MenuId) -> Result<Option<Menu>> {
    Ok(
        c.prepare_cached("SELECT id, school_id, day, meal FROM menu WHERE id = ?1")?
            .query_row([id.0], |r| menu_row(c, r))
            .optional()?,
    )
}

pub(crate) fn menus_between(
    c: Db<'_>,
    school: SchoolId,
    from: Date,
    to: Date,
) -> Result<Vec<Menu>> {
    let mut st = c.prepare_cached(
        "SELECT id, school_id, day, meal FROM menu WHERE school_id = ?1 AND day BETWEEN ?2 AND ?3
         ORDER BY day, CASE meal WHEN 'breakfast' THEN 0 WHEN 'lunch' THEN 1 ELSE 2 END",
    )?;
    let rows = st
        .query_map(params![school.0, julian(from), julian(to)], |r| {
            menu_row(c, r)
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Stores a menu, replacing the items of the school's menu of that day
/// and meal if there is one (its id stays, so orders keep pointing at it).
pub(crate) fn put_menu(
    c: Db<'_>,
    school: SchoolId,
    day: Date,
    meal: MealKind,
    items: &[MenuItem],
    by: Option<PersonId>,
    now: i64,
) -> Result<MenuId> {
    let id: i64 = c
        .prepare_cached(
            "INSERT INTO menu (school_id, day, meal, published_by, published_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (school_id, day, meal) DO UPDATE SET published_by = ?4, published_at = ?5
             RETURNING id",
        )?
        .query_row(
            params![school.0, julian(day), meal.as_str(), by.map(|p| p.0), now],
            |r| r.get(0),
        )?;
    c.prepare_cached("DELETE FROM menu_item WHERE menu_id = ?1")?
        .execute([id])?;
    let mut st = c.prepare_cached(
        "INSERT INTO menu_item (menu_id, position, name, price, allergens, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, item) in items.iter().enumerate() {
        st.execute(params![
            id,
            i as i64,
            item.name,
            item.price,
            json(&item.allergens)?,
            school.0
        ])?;
    }
    Ok(MenuId(id))
}

const ORDER: &str =
    "SELECT o.id, o.student_id, o.menu_id, m.day, m.meal, o.items, o.price, o.ordered_by,
       o.ordered_at, o.cancelled_at, o.served_at
     FROM meal_order o JOIN menu m ON m.id = o.menu_id";

fn order_row(r: &Row<'_>) -> DbResult<MealOrder> {
    let meal: String = r.get(4)?;
    let items: String = r.get(5)?;
    let status = if r.get::<_, Option<i64>>(9)?.is_some() {
        MealOrderStatus::Cancelled
    } else if r.get::<_, Option<i64>>(10)?.is_some() {
        MealOrderStatus::Served
    } else {
        MealOrderStatus::Ordered
    };
    Ok(MealOrder {
        id: MealOrderId(r.get(0)?),
        student: PersonId(r.get(1)?),
        menu: MenuId(r.get(2)?),
        day: date(r.get(3)?),
        meal: MealKind::parse("meal", &meal).unwrap_or(MealKind::Lunch),
        items: from_json(&items)?,
        price: r.get(6)?,
        ordered_by: r.get::<_, Option<i64>>(7)?.map(PersonId),
        ordered_at: instant(r.get(8)?),
        status,
    })
}

pub(crate) fn order(c: Db<'_>, id: MealOrderId) -> Result<Option<MealOrder>> {
    Ok(c.prepare_cached(&format!("{ORDER} WHERE o.id = ?1"))?
        .query_row([id.0], order_row)
        .optional()?)
}

/// The student's live (not cancelled) order of a menu.
pub(crate) fn live_order(c: Db<'_>, student: PersonId, menu: MenuId) -> Result<Option<MealOrder>> {
    Ok(c.prepare_cached(&format!(
        "{ORDER} WHERE o.student_id = ?1 AND o.menu_id = ?2 AND o.cancelled_at IS NULL"
    ))?
    .query_row(params![student.0, menu.0], order_row)
    .optional()?)
}

pub(crate) fn orders_between(
    c: Db<'_>,
    student: PersonId,
    from: Date,
    to: Date,
) -> Result<Vec<MealOrder>> {
    let mut st = c.prepare_cached(&format!(
        "{ORDER} WHERE o.student_id = ?1 AND m.day BETWEEN ?2 AND ?3 ORDER BY m.day, o.id"
    ))?;
    let rows = st
        .query_map(params![student.0, julian(from), julian(to)], order_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn insert_order(
    c: Db<'_>,
    school: SchoolId,
    student: PersonId,
    menu: MenuId,
    items: &[u32],
    price: i64,
    by: Option<PersonId>,
    now: i64,
) -> Result<MealOrderId> {
    c.prepare_cached(
        "INSERT INTO meal_order (student_id, menu_id, items, price, ordered_by, ordered_at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        student.0,
        menu.0,
        json(&items)?,
        price,
        by.map(|p| p.0),
        now,
        school.0
    ])?;
    Ok(MealOrderId(c.last_insert_rowid()?))
}

/// Cancels a live, unserved order; whether it was.
pub(crate) fn cancel_order(
    c: Db<'_>,
    id: MealOrderId,
    by: Option<PersonId>,
    now: i64,
) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE meal_order SET cancelled_by = ?2, cancelled_at = ?3
         WHERE id = ?1 AND cancelled_at IS NULL AND served_at IS NULL",
    )?
    .execute(params![id.0, by.map(|p| p.0), now])?
        == 1)
}

/// Marks a live order served; whether it was (a second time is not).
pub(crate) fn serve_order(c: Db<'_>, id: MealOrderId, now: i64) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE meal_order SET served_at = ?2 WHERE id = ?1 AND cancelled_at IS NULL AND served_at IS NULL",
    )?
    .execute(params![id.0, now])?
        == 1)
}

/// Appends to a student's ledger.
#[allow(clippy::too_many_arguments)]
pub(crate) fn add_entry(
    c: Db<'_>,
    school: SchoolId,
    student: PersonId,
    kind: LedgerKind,
    amount: i64,
    reference: Option<&str>,
    order: Option<MealOrderId>,
    by: Option<PersonId>,
    now: i64,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO meal_ledger (school_id, student_id, at, kind, amount, reference, order_id, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        school.0,
        student.0,
        now,
        kind.as_str(),
        amount,
        reference,
        order.map(|o| o.0),
        by.map(|p| p.0)
    ])?;
    Ok(c.last_insert_rowid()?)
}

/// The top-up a school already has under a payment reference: (student,
/// amount).
pub(crate) fn top_up_with(
    c: Db<'_>,
    school: SchoolId,
    reference: &str,
) -> Result<Option<(PersonId, i64)>> {
    Ok(c.prepare_cached(
        "SELECT student_id, amount FROM meal_ledger WHERE school_id = ?1 AND reference = ?2",
    )?
    .query_row(params![school.0, reference], |r| {
        Ok((PersonId(r.get(0)?), r.get(1)?))
    })
    .optional()?)
}

/// The sum of a student's entries before `before` (Unix seconds; None: all).
pub(crate) fn balance(c: Db<'_>, student: PersonId, before: Option<i64>) -> Result<i64> {
    Ok(match before {
        Some(before) => c.prepare_cached(
            "SELECT coalesce(sum(amount), 0) FROM meal_ledger WHERE student_id = ?1 AND at < ?2",
        )?
        .query_row(params![student.0, before], |r| r.get(0))?,
        None => c.prepare_cached(
            "SELECT coalesce(sum(amount), 0) FROM meal_ledger WHERE student_id = ?1",
        )?
        .query_row([student.0], |r| r.get(0))?,
    })
}

pub(crate) fn entries_between(
    c: Db<'_>,
    student: PersonId,
    from: i64,
    to: i64,
) -> Result<Vec<LedgerEntry>> {
    let mut st = c.prepare_cached(
        "SELECT id, at, kind, amount, reference, order_id FROM meal_ledger
         WHERE student_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id",
    )?;
    let rows = st
        .query_map(params![student.0, from, to], |r| {
            let kind: String = r.get(2)?;
            Ok(LedgerEntry {
                id: r.get(0)?,
                at: instant(r.get(1)?),
                kind: LedgerKind::parse("kind", &kind).unwrap_or(LedgerKind::Charge),
                amount: r.get(3)?,
                reference: r.get(4)?,
                order: r.get::<_, Option<i64>>(5)?.map(MealOrderId),
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Whether a menu has orders not cancelled.
pub(crate) fn has_live_orders(c: Db<'_>, menu: MenuId) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT 1 FROM meal_order WHERE menu_id = ?1 AND cancelled_at IS NULL LIMIT 1",
    )?
    .query_row([menu.0], |_| Ok(()))
    .optional()?
    .is_some())
}

/// Whether an order's charge was refunded.
pub(crate) fn refunded(c: Db<'_>, order: MealOrderId) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT 1 FROM meal_ledger WHERE order_id = ?1 AND kind = 'refund' LIMIT 1",
    )?
    .query_row([order.0], |_| Ok(()))
    .optional()?
    .is_some())
}
