//! The grading engine without a diary: an average and the period mark it
//! derives from marks and a rule given as JSON — no handle, no actor, no
//! stored data (`diary_core::grading::pure`).

use super::averages::{average_record, diary_average};
use crate::args;
use crate::status::{diary_status, guard};
use diary_core::grading::pure;
use std::ffi::c_char;

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
    let (marks, rule, scales) = unsafe {
        (
            args::text(marks_json, "marks_json")?,
            args::text(rule_json, "rule_json")?,
            args::optional_text(scales_json, "scales_json")?,
        )
    };
    pure::average_json(marks, rule, scales.unwrap_or("[]"))
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
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_json, "out_json") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let a = unsafe { compute(marks_json, rule_json, scales_json) }?;
        *out = args::give_json(&a)?;
        Ok(())
    })
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
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_mark, "out_mark") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let (value, rule, scales) = unsafe {
            (
                args::text(value, "value")?,
                args::text(rule_json, "rule_json")?,
                args::optional_text(scales_json, "scales_json")?,
            )
        };
        let mark = pure::mark_for_json(value, rule, scales.unwrap_or("[]"))?;
        *out = args::give_string(mark)?;
        Ok(())
    })
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
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_json, "out_json") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let (mark, rule, scales) = unsafe {
            (
                args::text(mark, "mark")?,
                args::text(rule_json, "rule_json")?,
                args::optional_text(scales_json, "scales_json")?,
            )
        };
        let range = pure::mark_range_json(mark, rule, scales.unwrap_or("[]"))?;
        *out = args::give_json(&range)?;
        Ok(())
    })
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
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_json, "out_json") }?;
        *out = std::ptr::null_mut();
        *out = args::give_json(&pure::builtin_scale_list())?;
        Ok(())
    })
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
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_json, "out_json") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let (marks, rule, scales, target) = unsafe {
            (
                args::text(marks_json, "marks_json")?,
                args::text(rule_json, "rule_json")?,
                args::optional_text(scales_json, "scales_json")?,
                args::text(target, "target")?,
            )
        };
        let plan = pure::plan_json(marks, rule, scales.unwrap_or("[]"), target)?;
        *out = args::give_json(&plan)?;
        Ok(())
    })
}
