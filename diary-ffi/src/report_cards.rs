//! Report cards: a student's or a class's cards as JSON, HTML or PDF, and
//! the school's template (hand-written: the template is JSON and a PDF is
//! bytes, handed over as a `diary_bytes`).

use crate::args::{self, json_arg};
use crate::handle::{diary_actor, diary_db};
use crate::run;
use crate::status::diary_status;
use diary_core::{ClassId, PeriodId, PersonId, ReportCardTemplate, SchoolId, YearId};
use std::ffi::c_char;

/// Bytes the library hands over (a PDF): `data` points to `len` bytes,
/// owned by the caller until `diary_bytes_free`. Declare it as
/// `struct diary_bytes pdf = {0};`. Both are NULL and 0 after a failure.
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug)]
pub struct diary_bytes {
    /// The first byte (NULL when empty).
    pub data: *mut u8,
    /// How many bytes.
    pub len: usize,
}

impl diary_bytes {
    const EMPTY: diary_bytes = diary_bytes {
        data: std::ptr::null_mut(),
        len: 0,
    };

    fn give(v: Vec<u8>) -> diary_bytes {
        let len = v.len();
        let data = Box::into_raw(v.into_boxed_slice()).cast::<u8>();
        diary_bytes { data, len }
    }
}

/// Releases the bytes a call handed over and sets `bytes` to empty. NULL,
/// or an empty `diary_bytes`, is ignored.
///
/// # Safety
/// `bytes` is NULL or points to a `diary_bytes` filled by this library (or
/// zeroed), not yet freed.
#[no_mangle]
pub unsafe extern "C" fn diary_bytes_free(bytes: *mut diary_bytes) {
    // SAFETY: per this function's contract.
    let Some(b) = (unsafe { bytes.as_mut() }) else {
        return;
    };
    if !b.data.is_null() {
        let slice = std::ptr::slice_from_raw_parts_mut(b.data, b.len);
        // SAFETY: `data` and `len` are those of a boxed slice this library
        // leaked in `diary_bytes::give`.
        drop(unsafe { Box::from_raw(slice) });
    }
    *b = diary_bytes::EMPTY;
}

fn period_arg(period: i64) -> diary_core::Result<Option<PeriodId>> {
    Ok(args::optional_id(period, "period")?.map(PeriodId))
}

/// A student's report card as JSON, for `period` or, with `period` 0, the
/// whole `year` (the student, its guardians, the class teacher and the
/// school's admins): `{"student","student_name","school","school_name",
/// "class","class_name","year","year_label","period","period_name","from",
/// "to","class_teacher","periods","subjects","overall_average",
/// "attendance","remarks","issued_on"}` — `periods` `[{"period","name"}]`
/// (a year card's columns); `subjects` `[{"subject","name","scale",
/// "average","average_display","period_marks","year_mark","exam_mark",
/// "final_mark","coefficient"}]` by name, `period_marks` one mark in force
/// (or null) per period; `attendance` as `diary_attendance_summary_json`;
/// `remarks` as `diary_remarks_json`. A family limited to a window of
/// recent days sees that window's attendance and remarks.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_report_card_json(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    year: i64,
    period: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            d.report_card(a, PersonId(student), YearId(year), period_arg(period)?)
        })
    }
}

/// The report cards of a class's students as a JSON array of cards shaped
/// as `diary_report_card_json` writes them, by name, for `period` or (0)
/// the class's year (the class teacher and the school's admins).
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_report_cards_json(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    period: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            d.class_report_cards(a, ClassId(class_id), period_arg(period)?)
        })
    }
}

/// A student's report card as a printable HTML page (UTF-8, print CSS for
/// A4), laid out by the school's template; `period` 0 for the year.
///
/// # Safety
/// `out_html` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_report_card_html(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    year: i64,
    period: i64,
    out_html: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::text(db, actor, out_html, "out_html", |d, a| {
            d.report_card_html(a, PersonId(student), YearId(year), period_arg(period)?)
        })
    }
}

/// A class's report cards as one HTML document, a printed page per
/// student; `period` 0 for the year.
///
/// # Safety
/// `out_html` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_report_cards_html(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    period: i64,
    out_html: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::text(db, actor, out_html, "out_html", |d, a| {
            d.class_report_cards_html(a, ClassId(class_id), period_arg(period)?)
        })
    }
}

/// A student's report card as a PDF document (A4, its font embedded),
/// written to `out_pdf` (free with `diary_bytes_free`); `period` 0 for the
/// year.
///
/// # Safety
/// `out_pdf` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_report_card_pdf(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    year: i64,
    period: i64,
    out_pdf: *mut diary_bytes,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::with_out(
            db,
            actor,
            out_pdf,
            "out_pdf",
            Some(diary_bytes::EMPTY),
            |d, a| d.report_card_pdf(a, PersonId(student), YearId(year), period_arg(period)?),
            |v| Ok(diary_bytes::give(v)),
        )
    }
}

/// A class's report cards as one PDF document, each student's card on a
/// new page, written to `out_pdf` (free with `diary_bytes_free`); `period`
/// 0 for the year.
///
/// # Safety
/// `out_pdf` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_report_cards_pdf(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    period: i64,
    out_pdf: *mut diary_bytes,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::with_out(
            db,
            actor,
            out_pdf,
            "out_pdf",
            Some(diary_bytes::EMPTY),
            |d, a| d.class_report_cards_pdf(a, ClassId(class_id), period_arg(period)?),
            |v| Ok(diary_bytes::give(v)),
        )
    }
}

/// A school's report-card template as JSON (the default until its admins
/// set one; for the school's members): `{"title","header","footer",
/// "blocks","language"}` as `diary_report_card_template_set` takes it.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_report_card_template_json(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            d.report_card_template(a, SchoolId(school))
        })
    }
}

/// Sets a school's report-card template (its admins) and writes it back
/// as stored (text normalised). `template_json`:
/// `{"title":"Табель","header":["School No. 1"],"footer":null,"blocks":["averages","attendance"],"language":"ru"}`
/// — `title` 1–200 characters; `header` up to 6 lines of 1–200; `footer`
/// up to 500 or null (single lines: no control, bidi or zero-width
/// characters); `blocks` each at most once, of `averages`,
/// `period_marks`, `exam_marks`, `overall_average`, `attendance`,
/// `remarks`, `class_teacher`, `signatures` (the subjects' table is always
/// shown); `language` `ru` or `en` (the printed labels).
///
/// # Safety
/// `template_json` is NUL-terminated or NULL; `out_json` is writable or
/// NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_report_card_template_set(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    template_json: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            let t: ReportCardTemplate = json_arg(template_json, "template_json")?;
            d.set_report_card_template(a, SchoolId(school), &t)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_handed_over_and_freed() {
        let mut b = diary_bytes::give(b"%PDF-1.7".to_vec());
        assert_eq!(b.len, 8);
        // SAFETY: filled by `give` just above.
        unsafe { diary_bytes_free(&mut b) };
        assert!(b.data.is_null() && b.len == 0);
        // SAFETY: empty and NULL are ignored.
        unsafe {
            diary_bytes_free(&mut b);
            diary_bytes_free(std::ptr::null_mut());
        }
    }
}
