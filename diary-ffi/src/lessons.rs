//! What teachers write about lessons and what families read: topics and
//! tests, homework, and a student's day and week.
//!
//! JSON shape of homework: `{"id","lesson":{"class","date","number","group"},
//! "subject","due","text","individual","students":[id],"attachments":[{"name",
//! "media_type","size","url","sha256"}],"done_by":[id]}`; a student's day is
//! described in `timetable.rs`.

mod calls;
pub use calls::*;
mod days;
pub use days::*;

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::run;
use crate::status::{diary_status, guard};
use crate::timetable::{array, diary_lesson_key, key_arg};
use diary_core::*;
use std::ffi::c_char;

/// Writes a lesson's topic and, when `test` is not NULL, announces it as a
/// test or control work with that title (the lesson's teacher or admins).
/// NULL clears a field.
///
/// # Safety
/// `key` and the strings are valid or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_lesson_topic_set(
    db: *const diary_db,
    actor: diary_actor,
    key: *const diary_lesson_key,
    topic: *const c_char,
    test: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let key = key_arg(key, "key")?;
            let topic = args::optional_text(topic, "topic")?;
            let test = args::optional_text(test, "test")?;
            d.set_lesson_topic(&actor.to_core()?, &key, topic, test)
                .map(drop)
        }
    })
}

/// Sets homework in a lesson (the lesson's teacher or admins), due on
/// `due`. `students` (may be NULL with 0) limits it to some students;
/// `attachments_json` is NULL or a JSON array of `{"name","media_type",
/// "size","url","sha256"}` (a URL or a hash is required).
///
/// # Safety
/// Pointers are valid or NULL; `students` is valid for `n_students`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn diary_homework_set(
    db: *const diary_db,
    actor: diary_actor,
    key: *const diary_lesson_key,
    due: *const c_char,
    text: *const c_char,
    students: *const i64,
    n_students: usize,
    attachments_json: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let key = key_arg(key, "key")?;
            let new = homework_args(due, text, students, n_students, attachments_json)?;
            let h = d.set_homework(&actor.to_core()?, &key, &new)?;
            *out = h.id.0;
        }
        Ok(())
    })
}

/// Reads the homework arguments shared by the two ways of setting it.
///
/// # Safety
/// As `diary_homework_set`.
unsafe fn homework_args(
    due: *const c_char,
    text: *const c_char,
    students: *const i64,
    n_students: usize,
    attachments_json: *const c_char,
) -> Result<NewHomework> {
    // SAFETY: per this function's contract.
    unsafe {
        let due = args::date(due, "due")?;
        let text = args::text(text, "text")?;
        let students = array(students, n_students, "students")?
            .iter()
            .map(|s| PersonId(*s))
            .collect();
        let attachments = match args::optional_text(attachments_json, "attachments_json")? {
            Some(j) => diary_core::json_input::parse::<Vec<Attachment>>("attachments_json", j)?,
            None => Vec::new(),
        };
        Ok(NewHomework {
            due,
            text: text.into(),
            students,
            attachments,
        })
    }
}

/// Sets homework "per date and subject": in the class's (or, with `group`
/// not 0, the group's) first held lesson of `subject` on `date`; other
/// arguments as `diary_homework_set`. INVALID_INPUT ("date") when the
/// class has no such lesson that day.
///
/// # Safety
/// Pointers are valid or NULL; `students` is valid for `n_students`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn diary_homework_set_for_subject(
    db: *const diary_db,
    actor: diary_actor,
    class_id: i64,
    group: i64,
    subject: i64,
    date: *const c_char,
    due: *const c_char,
    text: *const c_char,
    students: *const i64,
    n_students: usize,
    attachments_json: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let date = args::date(date, "date")?;
            let group = args::optional_id(group, "group")?.map(GroupId);
            let new = homework_args(due, text, students, n_students, attachments_json)?;
            let h = d.set_homework_for_subject(
                &actor.to_core()?,
                ClassId(class_id),
                group,
                SubjectId(subject),
                date,
                &new,
            )?;
            *out = h.id.0;
        }
        Ok(())
    })
}

/// The homework set in a lesson with who marked it done,
/// as a JSON array (the lesson's teacher and admins): `[{"id",
/// "lesson":{"class","date","number","group"},"subject","due","text",
/// "individual","students":[id],"attachments":[{"name","media_type","size",
/// "url","sha256"}],"done_by":[id]}]`.
///
/// # Safety
/// `key` is valid or NULL; `out_json` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_lesson_homework_json(
    db: *const diary_db,
    actor: diary_actor,
    key: *const diary_lesson_key,
    out_json: *mut *mut c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::json(db, actor, out_json, "out_json", |d, a| {
            d.lesson_homework(a, &key_arg(key, "key")?)
        })
    }
}
