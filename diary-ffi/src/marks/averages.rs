//! Averages as typed records: one student's average in a subject, every
//! subject's average of a student, and a class's averages — the averages
//! screens without JSON. Exact values are numerator and denominator
//! integers beside the rounded text.

use crate::args;
use crate::handle::{self, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use diary_core::grading::Average;
use diary_core::*;
use std::ffi::c_char;

/// One average, without allocation. `exact_num / exact_den` is the exact
/// value on the rule's scale when `has_value` is 1.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_average {
    /// This struct's size as the caller knows it: set it before the call
    /// (`DIARY_AVERAGE_INIT`, or `sizeof`); the library writes within it.
    pub struct_size: u32,
    /// 1 when there is an average, 0 without counted marks.
    pub has_value: i32,
    /// Numerator of the exact average.
    pub exact_num: i64,
    /// Denominator of the exact average (> 0).
    pub exact_den: i64,
    /// The rounded average as text, e.g. "4.58" (NUL-terminated).
    pub display: [c_char; 24],
    /// The period mark by the rule, e.g. "5"; empty when not certified.
    pub mark: [c_char; 24],
    /// 1 when enough marks counted for a period mark.
    pub certified: i32,
    /// Number of marks that entered the average.
    pub counted: i32,
    /// Number of marks left out.
    pub excluded: i32,
}

/// One student's average in one subject, as an array element: the
/// `diary_average` fields after the student and subject they belong to.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_subject_average {
    /// This struct's size as the caller knows it: set it on the array's
    /// first element (`DIARY_SUBJECT_AVERAGE_INIT`, or `sizeof`).
    pub struct_size: u32,
    /// The student's person id.
    pub student: i64,
    /// The subject id.
    pub subject: i64,
    /// 1 when there is an average, 0 without counted marks.
    pub has_value: i32,
    /// Numerator of the exact average.
    pub exact_num: i64,
    /// Denominator of the exact average (> 0).
    pub exact_den: i64,
    /// The rounded average as text, e.g. "4.58" (NUL-terminated).
    pub display: [c_char; 24],
    /// The period mark by the rule, e.g. "5"; empty when not certified.
    pub mark: [c_char; 24],
    /// 1 when enough marks counted for a period mark.
    pub certified: i32,
    /// Number of marks that entered the average.
    pub counted: i32,
    /// Number of marks left out.
    pub excluded: i32,
}

/// An explained average as the C record.
pub(crate) fn average_record(a: &Average) -> Result<diary_average> {
    let mut r = diary_average {
        struct_size: 0,
        has_value: 0,
        exact_num: 0,
        exact_den: 1,
        display: [0; 24],
        mark: [0; 24],
        certified: i32::from(a.certified),
        counted: i32::try_from(a.counted.len()).unwrap_or(i32::MAX),
        excluded: i32::try_from(a.excluded.len()).unwrap_or(i32::MAX),
    };
    if let Some(v) = a.exact {
        r.has_value = 1;
        r.exact_num = i64::try_from(v.numer())
            .map_err(|_| Error::Internal("average numerator out of range".into()))?;
        r.exact_den = i64::try_from(v.denom())
            .map_err(|_| Error::Internal("average denominator out of range".into()))?;
    }
    args::fill(&mut r.display, a.display.as_deref().unwrap_or(""))?;
    args::fill(&mut r.mark, a.mark.as_deref().unwrap_or(""))?;
    Ok(r)
}

fn subject_average_record(
    student: PersonId,
    subject: SubjectId,
    a: &Average,
) -> Result<diary_subject_average> {
    let r = average_record(a)?;
    Ok(diary_subject_average {
        struct_size: 0,
        student: student.0,
        subject: subject.0,
        has_value: r.has_value,
        exact_num: r.exact_num,
        exact_den: r.exact_den,
        display: r.display,
        mark: r.mark,
        certified: r.certified,
        counted: r.counted,
        excluded: r.excluded,
    })
}

/// A student's average in a subject and period, typed (no allocation).
///
/// # Safety
/// `db` is a live handle or NULL; `out` is NULL or sized by its
/// `struct_size`.
#[no_mangle]
pub unsafe extern "C" fn diary_average_get(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    subject: i64,
    period: i64,
    out: *mut diary_average,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { crate::versioned::check_out(out, "out") }?;
        // SAFETY: per this function's contract.
        let a = unsafe { handle::db(db) }?.average(
            &actor.to_core()?,
            PersonId(student),
            SubjectId(subject),
            PeriodId(period),
        )?;
        // SAFETY: checked above.
        unsafe { crate::versioned::write(out, average_record(&a)?, "out") }
    })
}

/// Every subject's average of a student for a period, one record per
/// subject with marks, into the caller's array (the parent's averages
/// screen; same access and logging as `diary_subject_averages_json`). The
/// first `capacity` are written (the first element initialised with
/// `DIARY_SUBJECT_AVERAGE_INIT`) and `*out_count` receives how many there
/// are; see `diary_marks_get` for the convention.
///
/// # Safety
/// `db` is a live handle or NULL; `out` is valid for `capacity` records
/// (or NULL when `capacity` is 0); `out_count` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_subject_averages_get(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    period: i64,
    out: *mut diary_subject_average,
    capacity: usize,
    out_count: *mut usize,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        crate::run::array(
            db,
            actor,
            out,
            capacity,
            out_count,
            |d, a| d.subject_averages(a, PersonId(student), PeriodId(period)),
            |s| subject_average_record(PersonId(student), s.subject, &s.average),
        )
    }
}

/// A class's averages in a period (one subject, or all with `subject` 0),
/// one record per student and subject, into the caller's array (the class
/// journal's averages column; `diary_class_averages_json` adds the names).
/// The first `capacity` are written (the first element initialised with
/// `DIARY_SUBJECT_AVERAGE_INIT`) and `*out_count` receives how many there
/// are; see `diary_marks_get` for the convention.
///
/// # Safety
/// `db` is a live handle or NULL; `out` is valid for `capacity` records
/// (or NULL when `capacity` is 0); `out_count` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_averages_get(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    period: i64,
    subject: i64,
    out: *mut diary_subject_average,
    capacity: usize,
    out_count: *mut usize,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        crate::run::array(
            db,
            actor,
            out,
            capacity,
            out_count,
            |d, a| {
                let subject = args::optional_id(subject, "subject")?.map(SubjectId);
                d.class_averages(a, ClassId(class_id), PeriodId(period), subject)
            },
            |r| subject_average_record(r.student, r.subject, &r.average),
        )
    }
}
