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
