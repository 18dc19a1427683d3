//! Visits and meals (D14). The regular calls are generated from
//! `bindgen/calls/services.calls`; those that take a batch of events, a
//! menu or a list of dishes are here.

mod calls;
pub use calls::*;

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use crate::timetable::array;
use diary_core::*;
use std::ffi::c_char;

/// Records entry and exit events of a school's students (its admins, or
/// the host's turnstile as the operator). `events_json` is a JSON array
/// (1 to 10 000) of `{"student","direction","at","device"}`: `direction`
/// "entry" or "exit", `at` Unix seconds or RFC 3339 text with an offset (at
/// most ten minutes ahead of the clock), `device` 1–64 characters of
/// `A–Z a–z 0–9 . _ : -`. Events may come late and in any order; one the
/// file already has (same student, time, direction and device) is counted
/// in `out_duplicates` and changes nothing; events of students whose
/// consent to visits-and-meals processing is refused or withdrawn are not
/// stored and are counted in `out_without_consent`. All or nothing: errors
/// name the event (`events[3].device`).
///
/// # Safety
/// `events_json` is NUL-terminated or NULL; the outs are writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_visits_record(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    events_json: *const c_char,
    out_recorded: *mut i64,
    out_duplicates: *mut i64,
    out_without_consent: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let recorded = args::out(out_recorded, "out_recorded")?;
            let duplicates = args::out(out_duplicates, "out_duplicates")?;
            let without = args::out(out_without_consent, "out_without_consent")?;
            let d = self::db(db)?;
            let events: Vec<NewVisitEvent> = args::json_arg(events_json, "events_json")?;
            let got = d.record_visits(&actor.to_core()?, SchoolId(school), &events)?;
            *recorded = i64::from(got.recorded);
            *duplicates = i64::from(got.duplicates);
            *without = i64::from(got.without_consent);
        }
        Ok(())
    })
}

/// Publishes a school's menu of a day and meal (its admins, or the host's
/// canteen as the operator), or replaces one nobody has ordered from yet
/// (CONFLICT otherwise). `menu_json` is `{"school","day","meal","items":
/// [{"name","price","allergens"}]}`: `meal` "breakfast", "lunch" or
/// "snack"; 1–30 dishes, `price` in kopecks (0 … 10 000 000), `allergens`
/// codes such as "milk", "gluten" (the 14 of EU 1169/2011). Writes the
/// menu's id.
///
/// # Safety
/// `menu_json` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_menu_publish(
    db: *const diary_db,
    actor: diary_actor,
    menu_json: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let new: NewMenu = args::json_arg(menu_json, "menu_json")?;
            *out = d.publish_menu(&actor.to_core()?, &new)?.id.0;
        }
        Ok(())
    })
}

/// Reads a list of dishes by position; none (0) means every dish.
///
/// # Safety
/// `items` is NULL or valid for `n_items`.
unsafe fn dishes(items: *const i32, n_items: usize) -> Result<Option<Vec<u32>>> {
    // SAFETY: per this function's contract.
    let items = unsafe { array(items, n_items, "items") }?;
    if items.is_empty() {
        return Ok(None);
    }
    items
        .iter()
        .map(|i| {
            u32::try_from(*i).map_err(|_| Error::invalid("items", "dishes are numbered from 0"))
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// Orders a menu for `child` (a guardian before the school's cut-off; an
/// admin until it is served): the dishes at positions `items` (from 0), or
/// every dish when `n_items` is 0 (`items` may then be NULL). One live
/// order per child and menu (CONFLICT otherwise); the price is fixed now.
/// Writes the order's id.
///
/// # Safety
/// `items` is NULL or valid for `n_items`; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_meal_order(
    db: *const diary_db,
    actor: diary_actor,
    child: i64,
    menu: i64,
    items: *const i32,
    n_items: usize,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let items = dishes(items, n_items)?;
            *out = d
                .order_meal(
                    &actor.to_core()?,
                    PersonId(child),
                    MenuId(menu),
                    items.as_deref(),
                )?
                .id
                .0;
        }
        Ok(())
    })
}

/// Records that the canteen served `child` a meal of `menu` (the school's
/// admins, or the canteen as the operator): the child's live order, or
/// without one the dishes at `items` (every dish when `n_items` is 0) at
/// the menu's prices; charged once (CONFLICT when already served). A
/// balance falling below the school's threshold notifies the guardians
/// (`low_meal_balance`). Writes the order's id.
///
/// # Safety
/// `items` is NULL or valid for `n_items`; `out_order` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_meal_served_record(
    db: *const diary_db,
    actor: diary_actor,
    child: i64,
    menu: i64,
    items: *const i32,
    n_items: usize,
    out_order: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_order, "out_order")?;
            let d = self::db(db)?;
            let items = dishes(items, n_items)?;
            *out = d
                .record_meal_served(
                    &actor.to_core()?,
                    PersonId(child),
                    MenuId(menu),
                    items.as_deref(),
                )?
                .id
                .0;
        }
        Ok(())
    })
}
