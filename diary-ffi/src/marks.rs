//! Marks, kinds of work, scales and grading rules.
//!
//! Entering a mark takes a `diary_new_mark` struct (many optional fields);
//! a batch is an array of them. Reading one average has a typed result
//! (`diary_average`, no allocation); lists and explanations are JSON:
//!
//! - mark: `{"id","student","subject","class","period","date","entry","scale","label",
//!   "value","out_of","work_kind","weight","counting","comment","teacher","entered_at",
//!   "retake_of","deleted"}`; `value`, `out_of` and `weight` are exact fractions
//!   written "num/den" (e.g. "5/1"), `entered_at` is RFC 3339 UTC;
//! - average: `{"exact","rounded","display","decimals","mark","certified",
//!   "counted":[{"mark","weight","normalised","how"}],"excluded":[{"mark","reason"}],"formula"}`.

mod averages;
mod calls;
mod pure;
pub use averages::*;
pub use calls::*;
pub use pure::*;

use crate::args::{self, json_arg};
use crate::handle::{db, diary_actor, diary_db};
use crate::run;
use crate::status::{diary_status, guard};
use crate::structure::enum_arg;
use diary_core::grading::{GradingRule, NewScale, Ratio};
use diary_core::text;
use diary_core::*;
use std::ffi::c_char;

/// A mark to enter. Strings are NUL-terminated UTF-8; optional ones may be
/// NULL; optional ids may be 0.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_new_mark {
    /// This struct's size as the caller knows it: set it with `DIARY_NEW_MARK_INIT`
    /// (or `sizeof`) before filling the rest.
    pub struct_size: u32,
    /// The student's person id.
    pub student: i64,
    /// The subject id.
    pub subject: i64,
    /// Lesson date "YYYY-MM-DD".
    pub date: *const c_char,
    /// A `diary_entry_kind` value.
    pub entry: i32,
    /// The value as written ("5", "B+", "17.5"); may be NULL for signs.
    pub value: *const c_char,
    /// For points scales, the maximum; else NULL.
    pub out_of: *const c_char,
    /// Scale code ("ru5", "fr20", a school's own); NULL: the subject's rule scale.
    pub scale: *const c_char,
    /// Kind of work id.
    pub work_kind: i64,
    /// Weight as a decimal ("1", "0.5"); NULL: the kind's default.
    pub weight: *const c_char,
    /// A `diary_counting` value.
    pub counting: i32,
    /// Comment, or NULL.
    pub comment: *const c_char,
    /// The mark this one retakes, or 0.
    pub retake_of: i64,
}

/// The most marks one `diary_marks_record` call takes.
const MAX_BATCH: usize = 10_000_000;

/// Converts the C struct.
///
/// # Safety
/// The struct's strings are NULL or NUL-terminated.
unsafe fn new_mark(m: &diary_new_mark, field: &str) -> Result<NewMark> {
    let f = |name: &str| format!("{field}.{name}");
    // SAFETY: per this function's contract.
    unsafe {
        Ok(NewMark {
            student: PersonId(m.student),
            subject: SubjectId(m.subject),
            date: args::date(m.date, &f("date"))?,
            entry: enum_arg(EntryKind::ALL, m.entry, &f("entry"))?,
            value: args::optional_text(m.value, &f("value"))?
                .unwrap_or("")
                .into(),
            out_of: args::optional_text(m.out_of, &f("out_of"))?.map(Into::into),
            scale: args::optional_text(m.scale, &f("scale"))?.map(Into::into),
            work_kind: WorkKindId(m.work_kind),
            weight: args::optional_text(m.weight, &f("weight"))?
                .map(|w| Ratio::parse(&f("weight"), w))
                .transpose()?,
            counting: enum_arg(Counting::ALL, m.counting, &f("counting"))?,
            comment: args::optional_text(m.comment, &f("comment"))?.map(Into::into),
            retake_of: args::optional_id(m.retake_of, &f("retake_of"))?.map(MarkId),
        })
    }
}

/// Adds a kind of work with its default weight and allowed range, as
/// decimals ("1", "0.5") (school admins).
///
/// # Safety
/// Strings are NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_work_kind_create(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    name: *const c_char,
    default_weight: *const c_char,
    min_weight: *const c_char,
    max_weight: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let new = NewWorkKind {
                name: args::text(name, "name")?.into(),
                default_weight: Ratio::parse(
                    "default_weight",
                    args::text(default_weight, "default_weight")?,
                )?,
                min_weight: Ratio::parse("min_weight", args::text(min_weight, "min_weight")?)?,
                max_weight: Ratio::parse("max_weight", args::text(max_weight, "max_weight")?)?,
            };
            *out = self::db(db)?
                .create_work_kind(&actor.to_core()?, SchoolId(school), &new)?
                .id
                .0;
        }
        Ok(())
    })
}

/// Defines a school's own scale from JSON (school admins):
/// `{"code":"stars","name":"Stars","lower_is_better":false,
///   "kind":{"kind":"discrete","entries":[{"label":"***","value_centi":300},...]}}`
/// or `"kind":{"kind":"range","min_centi":0,"max_centi":2000,"step_centi":50}`.
///
/// # Safety
/// `scale_json` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_scale_create(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    scale_json: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let new: NewScale = json_arg(scale_json, "scale_json")?;
            *out = self::db(db)?
                .create_scale(&actor.to_core()?, SchoolId(school), &new)?
                .id
                .0;
        }
        Ok(())
    })
}

/// Sets a grading rule from JSON (school admins); `subject` 0 sets the
/// school's default. Omitted fields take the defaults of the Russian rule:
/// `{"method":"weighted_mean","scale":"ru5","thresholds":[{"min":"4.60","mark":"5"},...],
///   "below_all":"2","min_marks":3,"decimals":2,"compare":"rounded","rounding":"half_up",
///   "compare_decimals":null,"drop_lowest":0,
///   "drop_highest":0,"keep_highest":0,"drop_by":"each_mark","drop_may_empty":false,
///   "never_drop":[],"category_weights":[{"work_kind":1,"percent":"40"}],
///   "rescale_weights":"always","categories":[],"other_scales":"convert",
///   "leave_out_below":null,"late_policy":null,"missing_policy":null,
///   "retakes":"replace","bonus_above":"0.5","coefficient":"1"}`.
/// Every key, its values and ranges: docs/grading.md (a JSON Schema);
/// an unknown key is refused naming it.
///
/// # Safety
/// `rule_json` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_grading_rule_set(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    subject: i64,
    rule_json: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let rule: GradingRule = json_arg(rule_json, "rule_json")?;
            let subject = args::optional_id(subject, "subject")?.map(SubjectId);
            self::db(db)?.set_grading_rule(&actor.to_core()?, SchoolId(school), subject, &rule)
        }
    })
}

/// The rule in force for a subject (0: the school's) as JSON, every field
/// present (their meaning at `diary_grading_rule_set`):
/// `{"method","scale","thresholds":[{"min","mark"}],"below_all","min_marks",
///   "decimals","compare","rounding","compare_decimals","drop_lowest","drop_highest",
///   "keep_highest","drop_by","drop_may_empty","never_drop",
///   "category_weights":[{"work_kind","percent"}],"rescale_weights","categories",
///   "other_scales","leave_out_below","late_policy","missing_policy","retakes",
///   "bonus_above","coefficient"}`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_grading_rule_json(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    subject: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            let subject = args::optional_id(subject, "subject")?.map(SubjectId);
            d.grading_rule(a, SchoolId(school), subject)
        })
    }
}

/// Enters one mark (a teacher of the class and subject, or an admin) and
/// writes its id. INVALID_INPUT names the field ("mark.value",
/// "mark.date", ...); ACCESS_DENIED when the actor may not.
///
/// # Safety
/// `mark` points to a valid struct or is NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_mark_record(
    db: *const diary_db,
    actor: diary_actor,
    mark: *const diary_new_mark,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let m = crate::versioned::read(mark, "mark")?;
            let new = new_mark(&m, "mark")?;
            *out = self::db(db)?
                .record_mark(&actor.to_core()?, &new)
                .map_err(|e| e.within("mark"))?
                .id
                .0;
        }
        Ok(())
    })
}

/// Enters `count` marks in one transaction; writes their ids to `out_ids`
/// (an array of `count`). One bad mark rejects all: the field is named
/// "marks[i].field" and nothing is stored.
///
/// # Safety
/// `marks` points to `count` structs; `out_ids` to `count` writable ids.
#[no_mangle]
pub unsafe extern "C" fn diary_marks_record(
    db: *const diary_db,
    actor: diary_actor,
    marks: *const diary_new_mark,
    count: usize,
    out_ids: *mut i64,
) -> diary_status {
    guard(|| {
        if count > MAX_BATCH {
            return Err(Error::invalid(
                "count",
                "at most 10,000,000 marks per batch",
            ));
        }
        if count > 0 && (marks.is_null() || out_ids.is_null()) {
            return Err(Error::invalid(
                if marks.is_null() { "marks" } else { "out_ids" },
                "must not be NULL",
            ));
        }
        // SAFETY: per this function's contract.
        unsafe {
            let input = crate::versioned::read_array(marks, count, MAX_BATCH, "marks")?;
            let new = input
                .iter()
                .enumerate()
                .map(|(i, m)| new_mark(m, &format!("marks[{i}]")))
                .collect::<Result<Vec<_>>>()?;
            let ids = self::db(db)?.record_marks(&actor.to_core()?, &new)?;
            for (i, id) in ids.iter().enumerate() {
                *out_ids.add(i) = id.0;
            }
        }
        Ok(())
    })
}

/// Changes a mark: `value` (NULL keeps it), `weight` (NULL keeps it),
/// `comment` (NULL keeps it). `reason` is required and kept in the history.
///
/// # Safety
/// Strings are NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_mark_change(
    db: *const diary_db,
    actor: diary_actor,
    mark: i64,
    value: *const c_char,
    weight: *const c_char,
    comment: *const c_char,
    reason: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let edit = MarkEdit {
                value: args::optional_text(value, "value")?.map(Into::into),
                weight: args::optional_text(weight, "weight")?
                    .map(|w| Ratio::parse("weight", w))
                    .transpose()?,
                comment: args::optional_text(comment, "comment")?.map(Into::into),
                ..MarkEdit::default()
            };
            let reason = args::text(reason, "reason")?;
            self::db(db)?
                .change_mark(&actor.to_core()?, MarkId(mark), &edit, reason)
                .map(drop)
        }
    })
}

/// Every subject's average of a student for a period: JSON array of
/// `{"subject","scale","average":{...},"coefficient"}` (`scale` the code of
/// the scale the average is on; `average` as in `diary_average_json`;
/// `coefficient` the subject's weight in the overall average, "num/den").
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_subject_averages_json(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    period: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            d.subject_averages(a, PersonId(student), PeriodId(period))
        })
    }
}

/// A student's place in the class (1 = best) and the number ranked; both
/// 0 when the student has no average, or when a family asks about a class
/// smaller than the minimum group size (`diary_min_group_size_get`).
///
/// # Safety
/// Out-parameters are writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_rank(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    subject: i64,
    period: i64,
    out_position: *mut i32,
    out_of: *mut i32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let (pos, of) = unsafe {
            (
                args::out(out_position, "out_position")?,
                args::out(out_of, "out_of")?,
            )
        };
        // SAFETY: per this function's contract.
        let r = unsafe { self::db(db) }?.class_rank(
            &actor.to_core()?,
            PersonId(student),
            SubjectId(subject),
            PeriodId(period),
        )?;
        *pos = r.map_or(0, |r| r.position as i32);
        *of = r.map_or(0, |r| r.of as i32);
        Ok(())
    })
}

/// Confirms the derived period mark (`mark` NULL) or sets another one with
/// a `reason` (teacher of the class and subject; an admin after closing).
///
/// # Safety
/// Strings are NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_period_mark_confirm(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    subject: i64,
    period: i64,
    mark: *const c_char,
    reason: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let (m, r) = (
                args::optional_text(mark, "mark")?,
                args::optional_text(reason, "reason")?,
            );
            self::db(db)?
                .confirm_period_mark(
                    &actor.to_core()?,
                    PersonId(student),
                    SubjectId(subject),
                    PeriodId(period),
                    m,
                    r,
                )
                .map(drop)
        }
    })
}

/// Closes (`closed` 1) or reopens (0) a period (school admins).
///
/// # Safety
/// `db` is a live handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_period_set_closed(
    db: *const diary_db,
    actor: diary_actor,
    period: i64,
    closed: i32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { self::db(db) }?;
        let a = actor.to_core()?;
        if args::flag(closed, "closed")? {
            d.close_period(&a, PeriodId(period)).map(drop)
        } else {
            d.reopen_period(&a, PeriodId(period)).map(drop)
        }
    })
}

/// The average if hypothetical marks were added (nothing stored), as an
/// explained average like `diary_average_json`'s: `{"exact","rounded",
/// "display","decimals","mark","certified","counted":[{"mark","weight",
/// "normalised","how"}],"excluded":[{"mark","reason"}],"formula"}`.
/// `marks_json` lists the hypothetical marks:
/// `[{"value":"5","work_kind":3,"weight":"1"}]` (weight optional; a mark
/// on another scale names it, `"scale":"points"`, with `"out_of":"20"` for
/// points; refusals name the mark, e.g. field "extra[0].out_of").
///
/// # Safety
/// `marks_json` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_what_if_json(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    subject: i64,
    period: i64,
    marks_json: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            let extra: Vec<HypotheticalMark> = json_arg(marks_json, "marks_json")?;
            d.what_if(
                a,
                PersonId(student),
                SubjectId(subject),
                PeriodId(period),
                &extra,
            )
        })
    }
}

/// Ways to reach `target` as the period mark, fewest marks first: JSON array
/// of `{"value","weight","count","average"}`.
///
/// # Safety
/// `target` is NUL-terminated or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_plan_json(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    subject: i64,
    period: i64,
    target: *const c_char,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            d.plan_target(
                a,
                PersonId(student),
                SubjectId(subject),
                PeriodId(period),
                args::text(target, "target")?,
            )
        })
    }
}

/// The progress chart of a student's subject over a period as an SVG
/// document (`width`, `height` in pixels, 100 to 4000), written to
/// `*out_svg` (free with `diary_string_free`).
///
/// # Safety
/// `out_svg` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_progress_chart_svg(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    subject: i64,
    period: i64,
    width: u32,
    height: u32,
    out_svg: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_svg, "out_svg") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let svg = unsafe { self::db(db) }?.progress_chart_svg(
            &actor.to_core()?,
            PersonId(student),
            SubjectId(subject),
            PeriodId(period),
            width,
            height,
        )?;
        *out = args::give_string(svg)?;
        Ok(())
    })
}

/// The mean of a student's subject averages for a period, exact, written
/// as "num/den" to `*out_text` (free with `diary_string_free`); an empty
/// string when the student has no averages.
///
/// # Safety
/// `out_text` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_overall_average(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    period: i64,
    out_text: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_text, "out_text") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let v = unsafe { self::db(db) }?.overall_average(
            &actor.to_core()?,
            PersonId(student),
            PeriodId(period),
        )?;
        *out = args::give_string(
            v.map(|r| format!("{}/{}", r.numer(), r.denom()))
                .unwrap_or_default(),
        )?;
        Ok(())
    })
}

/// One mark, without allocation. Exact numbers are fractions
/// `*_num / *_den`; text fields are NUL-terminated and truncated to their
/// size only if a school-defined label is longer (labels are at most 16
/// characters, so they fit).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct diary_mark {
    /// This struct's size as the caller knows it: set it before the call
    /// (`DIARY_MARK_INIT`, or `sizeof`); the library writes within it.
    pub struct_size: u32,
    /// The mark's id.
    pub id: i64,
    /// The student's person id.
    pub student: i64,
    /// The subject id.
    pub subject: i64,
    /// The class the student was in.
    pub class_id: i64,
    /// The period.
    pub period: i64,
    /// Lesson date "YYYY-MM-DD".
    pub date: [c_char; 11],
    /// A `diary_entry_kind` value.
    pub entry: i32,
    /// Scale code, e.g. "ru5".
    pub scale: [c_char; 40],
    /// As written, e.g. "5", "B+", "н".
    pub label: [c_char; 72],
    /// Value numerator.
    pub value_num: i64,
    /// Value denominator.
    pub value_den: i64,
    /// Weight numerator.
    pub weight_num: i64,
    /// Weight denominator.
    pub weight_den: i64,
    /// Kind of work id.
    pub work_kind: i64,
    /// A `diary_counting` value.
    pub counting: i32,
    /// The teacher's person id.
    pub teacher: i64,
    /// Entry time, Unix seconds (UTC).
    pub entered_at: i64,
    /// The mark this one retakes, or 0.
    pub retake_of: i64,
    /// 1 if deleted (kept with its history).
    pub deleted: i32,
}

fn small(r: Ratio, what: &str) -> Result<(i64, i64)> {
    Ok((
        i64::try_from(r.numer()).map_err(|_| Error::Internal(format!("{what} out of range")))?,
        i64::try_from(r.denom()).map_err(|_| Error::Internal(format!("{what} out of range")))?,
    ))
}

/// A mark as the C record.
pub(crate) fn mark_record(m: &Mark) -> Result<diary_mark> {
    let (value_num, value_den) = small(m.value, "value")?;
    let (weight_num, weight_den) = small(m.weight, "weight")?;
    let mut r = diary_mark {
        struct_size: 0,
        id: m.id.0,
        student: m.student.0,
        subject: m.subject.0,
        class_id: m.class.0,
        period: m.period.0,
        date: [0; 11],
        entry: m.entry.code() as i32,
        scale: [0; 40],
        label: [0; 72],
        value_num,
        value_den,
        weight_num,
        weight_den,
        work_kind: m.work_kind.0,
        counting: m.counting.code() as i32,
        teacher: m.teacher.0,
        entered_at: m.entered_at.unix_timestamp(),
        retake_of: m.retake_of.map_or(0, |r| r.0),
        deleted: i32::from(m.deleted),
    };
    args::fill(&mut r.date, &text::format_date(m.date))?;
    args::fill(&mut r.scale, &m.scale)?;
    args::fill(&mut r.label, &m.label)?;
    Ok(r)
}

/// One mark as a typed record (same access as the student's diary).
///
/// # Safety
/// `out` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_mark_get(
    db: *const diary_db,
    actor: diary_actor,
    mark: i64,
    out: *mut diary_mark,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { crate::versioned::check_out(out, "out") }?;
        // SAFETY: per this function's contract.
        let m = unsafe { self::db(db) }?.mark(&actor.to_core()?, MarkId(mark))?;
        // SAFETY: checked above.
        unsafe { crate::versioned::write(out, mark_record(&m)?, "out") }
    })
}

/// A student's marks from `from` to `to` (inclusive), by date, as typed
/// records — the diary page of a period without JSON. The caller passes an
/// array of `capacity` records (the first initialised with
/// `DIARY_MARK_INIT`); up to `capacity` are written and `*out_count`
/// receives how many there are in all: call again with a larger array
/// when it exceeds `capacity` (or with `capacity` 0 and `out` NULL to
/// count first). Same access and logging as `diary_marks_json`.
///
/// # Safety
/// Dates are NUL-terminated or NULL; `out` is valid for `capacity` records
/// (or NULL when `capacity` is 0); `out_count` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_marks_get(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    from: *const c_char,
    to: *const c_char,
    out: *mut diary_mark,
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
                let (from, to) = (args::date(from, "from")?, args::date(to, "to")?);
                d.marks(a, PersonId(student), from, to)
            },
            mark_record,
        )
    }
}

/// Confirms the derived year mark (`mark` NULL) or sets another one with a
/// `reason` (teacher of the class and subject; an admin after closing).
///
/// # Safety
/// Strings are NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_year_mark_confirm(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    subject: i64,
    year: i64,
    mark: *const c_char,
    reason: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let (m, r) = (
                args::optional_text(mark, "mark")?,
                args::optional_text(reason, "reason")?,
            );
            d.confirm_year_mark(
                &actor.to_core()?,
                PersonId(student),
                SubjectId(subject),
                YearId(year),
                m,
                r,
            )
            .map(drop)
        }
    })
}

/// Records a final exam mark, which enters the final mark by the rule.
///
/// # Safety
/// `mark` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_exam_mark_set(
    db: *const diary_db,
    actor: diary_actor,
    student: i64,
    subject: i64,
    year: i64,
    mark: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let m = args::text(mark, "mark")?;
            d.set_exam_mark(
                &actor.to_core()?,
                PersonId(student),
                SubjectId(subject),
                YearId(year),
                m,
            )
        }
    })
}

/// Period averages of every student and subject of a year,
/// as a JSON array (school admins and class teachers): `[{"student",
/// "subject","period","average":"num/den","marks"}]`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_school_period_averages_json(
    db: *const diary_db,
    actor: diary_actor,
    year: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            d.school_period_averages(a, YearId(year))
        })
    }
}

/// A class's marks in a period (one subject,
/// or all with `subject` 0) that the actor may see,
/// as JSON rows with names, for reports and analysis: `[{"mark":MARK,
/// "student_name","subject_name"}]`, MARK as in `diary_mark_json`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_marks_json(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    period: i64,
    subject: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            let subject = args::optional_id(subject, "subject")?.map(SubjectId);
            d.class_marks(a, ClassId(class_id), PeriodId(period), subject)
        })
    }
}

/// A class's marks in a period (one subject, or all with `subject` 0) that
/// the actor may see, as typed records in the caller's array — the class
/// journal without JSON (`diary_class_marks_json` adds the names). The
/// first `capacity` are written (the first element initialised with
/// `DIARY_MARK_INIT`) and `*out_count` receives how many there are; see
/// `diary_marks_get` for the convention.
///
/// # Safety
/// `out` is valid for `capacity` records (or NULL when `capacity` is 0);
/// `out_count` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_marks_get(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    period: i64,
    subject: i64,
    out: *mut diary_mark,
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
                d.class_marks(a, ClassId(class_id), PeriodId(period), subject)
            },
            |r| mark_record(&r.mark),
        )
    }
}

/// One page of every mark of a school's academic year (its admins), as
/// typed records: up to `capacity` (1 to 100,000) marks in id order after
/// the mark id `after` (0 for the first page) are written to `out` (the
/// first element initialised with `DIARY_MARK_INIT`) and their number to
/// `*out_count`; 0 means the end. Pass the last id of a page as `after` for
/// the next one — an export that never holds a whole school's marks.
/// Every child in a page is logged as read.
///
/// # Safety
/// `out` is valid for `capacity` records; `out_count` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_school_marks_page(
    db: *const diary_db,
    actor: diary_actor,
    year: i64,
    after: i64,
    out: *mut diary_mark,
    capacity: usize,
    out_count: *mut usize,
) -> diary_status {
    guard(|| {
        let limit = u32::try_from(capacity)
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| Error::invalid("capacity", "must be 1 to 100000"))?;
        // SAFETY: per this function's contract.
        unsafe {
            crate::versioned::fill(
                out,
                capacity,
                out_count,
                || {
                    self::db(db)?.school_marks_page(
                        &actor.to_core()?,
                        YearId(year),
                        MarkId(after),
                        limit,
                    )
                },
                mark_record,
            )
        }
    })
}

/// A class's averages in a period (one subject, or all with `subject` 0),
/// as JSON rows with names: `[{"student","student_name","subject",
/// "subject_name","average":AVERAGE}]`, AVERAGE as in `diary_average_json`.
///
/// # Safety
/// `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_class_averages_json(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    period: i64,
    subject: i64,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            let subject = args::optional_id(subject, "subject")?.map(SubjectId);
            d.class_averages(a, ClassId(class_id), PeriodId(period), subject)
        })
    }
}
