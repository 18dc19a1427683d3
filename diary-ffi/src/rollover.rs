//! Year rollover: closing a school year and preparing the next, with a dry
//! run (hand-written: the plan is JSON).

use crate::args::{self, json_arg};
use crate::handle::{diary_actor, diary_db};
use crate::run;
use crate::status::diary_status;
use diary_core::{Error, YearId, YearRollover};
use std::ffi::c_char;

/// Closes a year and creates the next from it (the school's admins), or
/// with `dry_run` 1 only reports what would happen and stores nothing.
/// `plan_json`: `{"from_year","new_year","final_grade","letters",
/// "repeating","leaving","copy_periods","copy_assignments"}` — `new_year`
/// `{"label","start","end"}` (dates "YYYY-MM-DD", after the old year);
/// `final_grade` 1–12 (default 11: its students graduate); `letters` pairs
/// `[class_id, "B"]` renaming a promoted class (default: its letter);
/// `repeating` and `leaving` student ids; `copy_periods` and
/// `copy_assignments` true by default. Every class below the final grade
/// moves up a grade with its class teacher (and its groups and
/// assignments); every open enrolment of the old year ends on its last day
/// as promoted, repeating, graduated or left. One transaction: on any
/// error nothing is stored. CONFLICT when the year was rolled over already,
/// the new year overlaps another, or two classes would get one name.
/// Writes the report as JSON to `out_json`, shaped as
/// `diary_rollover_report_json` describes (`new_year` and each class's
/// `to` are null in a dry run).
///
/// # Safety
/// `plan_json` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_year_roll_over(
    db: *const diary_db,
    actor: diary_actor,
    plan_json: *const c_char,
    dry_run: i32,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            let plan: YearRollover = json_arg(plan_json, "plan_json")?;
            let dry_run = args::flag(dry_run, "dry_run")?;
            d.roll_over_year(a, &plan, dry_run)
        })
    }
}

/// The report of a year's rollover once done (the school's admins);
/// NOT_FOUND while it was not rolled over. As JSON
/// `{"dry_run","from_year","new_year","classes","created_for_repeaters",
/// "graduated","repeating","leaving","enrolments_ended",
/// "enrolments_created","periods","assignments","groups",
/// "bell_schedules_copied","kept"}` — `classes` rows
/// `{"from","from_name","to_name","to","promoted","class_teacher"}`;
/// students `{"student","from","to_name"}`; `periods` `[name, start, end]`;
/// `kept` `[what, count]` (subjects, work_kinds, scales, grading_rules,
/// bell_schedules).
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_rollover_report_json(
    db: *const diary_db,
    actor: diary_actor,
    year: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            let year = YearId(args::number(year, "year")?);
            d.rollover_report(a, year)?
                .ok_or_else(|| Error::not_found("rollover", year.0))
        })
    }
}
