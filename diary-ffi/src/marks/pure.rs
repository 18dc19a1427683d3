//! The grading engine without a diary: an average and the period mark it
//! derives from marks and a rule given as JSON — no handle, no actor, no
//! stored data (`diary_core::grading::pure`).

use super::averages::{average_record, diary_average};
use crate::args;
use crate::status::{diary_status, guard};
use diary_core::grading::pure;
use std::ffi::c_char;

/// Reads a rule and its scales (`scales_json` NULL: none).
///
/// # Safety
/// The pointers are NULL or NUL-terminated.
unsafe fn rule_args<'a>(
    rule_json: *const c_char,
    scales_json: *const c_char,
) -> diary_core::Result<(&'a str, &'a str)> {
    // SAFETY: per this function's contract.
    unsafe {
        Ok((
            args::text(rule_json, "rule_json")?,
            args::optional_text(scales_json, "scales_json")?.unwrap_or("[]"),
        ))
    }
}

/// Clears `*out` (named `name`), then writes what `make` returns into it.
///
/// # Safety
/// `out` is writable or NULL.
unsafe fn give_out(
    out: *mut *mut c_char,
    name: &str,
    make: impl FnOnce() -> diary_core::Result<*mut c_char>,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out, name) }?;
        *out = std::ptr::null_mut();
        *out = make()?;
        Ok(())
    })
}

/// Reads the three JSON arguments and computes.
///
/// # Safety
/// The pointers are NULL or NUL-terminated (`scales_json` may be NULL).
unsafe fn compute(
    marks_json: *const c_char,
    rule_json: *const c_char,
    scales_json: *const c_char,
) -> diary_core::Result<diary_core::grading::Average> {
    // SAFETY: per this function's contract.
    let (marks, (rule, scales)) = unsafe {
        (
            args::text(marks_json, "marks_json")?,
            rule_args(rule_json, scales_json)?,
        )
    };
    pure::average_json(marks, rule, scales)
}

/// An explained average computed from values alone, as JSON like
/// `diary_average_json`'s: `{"exact","rounded","display","decimals","mark",
/// "certified","counted":[{"mark","weight","normalised","how"}],
/// "excluded":[{"mark","reason"}],"formula"}` (marks named by their `id`,
/// default their 1-based position). `marks_json` lists the marks, each
/// `[{"value","out_of","scale","weight","work_kind","counting","entry",
/// "date","id"}]` (only `value` required for a grade; `weight` a decimal,
/// default 1; `work_kind` default 1; `counting` "always", "if_raises",
/// "bonus" or "never"; `entry` "grade", "absent", "not_submitted" or
/// "exempt"); `rule_json` is a grading rule as for `diary_grading_rule_set`
/// (`{}`: the default Russian rule); `scales_json` lists scale definitions
/// as for `diary_scale_create`, for scales that are not built in. Unknown
/// keys are refused by name (field "marks[0].wieght"). Thread-safe; needs
/// no handle.
/// `scales_json` may be NULL for none.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_grading_average_json(
    marks_json: *const c_char,
    rule_json: *const c_char,
    scales_json: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        give_out(out_json, "out_json", || {
            args::give_json(&compute(marks_json, rule_json, scales_json)?)
        })
    }
}

/// As `diary_grading_average_json`, typed: the exact average, the rounded
/// text and the period mark into `*out` (no allocation).
/// `scales_json` may be NULL for none.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out` is NULL or sized by its
/// `struct_size`.
#[no_mangle]
pub unsafe extern "C" fn diary_grading_average(
    marks_json: *const c_char,
    rule_json: *const c_char,
    scales_json: *const c_char,
    out: *mut diary_average,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { crate::versioned::check_out(out, "out") }?;
        // SAFETY: per this function's contract.
        let a = unsafe { compute(marks_json, rule_json, scales_json) }?;
        // SAFETY: checked above.
        unsafe { crate::versioned::write(out, average_record(&a)?, "out") }
    })
}

/// The period mark a rule gives an average, as a new string into
/// `*out_mark` (free with `diary_string_free`): `value` is a decimal on the
/// rule's scale ("4.595"; on the points scale a percent), compared as the
/// rule compares (rounded by its mode and decimals, or exact). `rule_json`
/// and `scales_json` as for `diary_grading_average_json`. Needs no handle.
/// `scales_json` may be NULL for none.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_mark` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_grading_mark_for(
    value: *const c_char,
    rule_json: *const c_char,
    scales_json: *const c_char,
    out_mark: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        give_out(out_mark, "out_mark", || {
            let value = args::text(value, "value")?;
            let (rule, scales) = rule_args(rule_json, scales_json)?;
            args::give_string(pure::mark_for_json(value, rule, scales)?)
        })
    }
}

/// The band of averages for which a rule gives `mark` (a letter → its
/// score range), as JSON `{"mark","low","low_inclusive","high",
/// "high_inclusive"}` (`low`/`high` exact as "num/den", null for an open
/// end; compared values as the rule compares them). Refused with field
/// "mark" when the rule never gives it. `rule_json` and `scales_json` as
/// for `diary_grading_average_json`. Needs no handle.
/// `scales_json` may be NULL for none.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_grading_mark_range_json(
    mark: *const c_char,
    rule_json: *const c_char,
    scales_json: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        give_out(out_json, "out_json", || {
            let mark = args::text(mark, "mark")?;
            let (rule, scales) = rule_args(rule_json, scales_json)?;
            args::give_json(&pure::mark_range_json(mark, rule, scales)?)
        })
    }
}

/// The built-in scales with their values, as JSON
/// `[{"code","name","kind":{"kind":"discrete","entries":[{"label",
/// "value_centi"}]} | {"kind":"range","min_centi","max_centi","step_centi"}
/// | {"kind":"points"},"lower_is_better"}]`. Needs no handle.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_grading_builtin_scales_json(
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        give_out(out_json, "out_json", || {
            args::give_json(&pure::builtin_scale_list())
        })
    }
}

/// Ways to reach `target` as the period mark from marks given as values,
/// fewest marks first, as JSON like `diary_plan_json`'s: an array of
/// `{"value","weight","count","average"}` (`weight` one of the weights
/// among the marks, or 1; `average` exact "num/den"). `marks_json`,
/// `rule_json` and `scales_json` as for `diary_grading_average_json`;
/// `target` a mark of the rule's scale. Needs no handle.
/// `scales_json` may be NULL for none.
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_grading_plan_json(
    marks_json: *const c_char,
    rule_json: *const c_char,
    scales_json: *const c_char,
    target: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        give_out(out_json, "out_json", || {
            let marks = args::text(marks_json, "marks_json")?;
            let (rule, scales) = rule_args(rule_json, scales_json)?;
            let target = args::text(target, "target")?;
            args::give_json(&pure::plan_json(marks, rule, scales, target)?)
        })
    }
}
