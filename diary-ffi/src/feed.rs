//! The change feed: reading it and its settings are generated from
//! `bindgen/calls/feed.calls`; the host's change listener is here.
//!
//! Each change reaches the `diary_change_fn` as JSON
//! `{"seq","at","school","entity","id","operation","student","class",
//! "subject","date","old_value","new_value","detail"}` — `entity` one of
//! "mark", "final_mark", "attendance", "homework", "lesson_change",
//! "timetable", "remark", "absence_notice", "enrolment", "lesson";
//! `operation` "created", "changed" or "deleted"; `at` Unix seconds.

mod calls;
pub use calls::*;

use crate::handle::diary_db;
use crate::status::{diary_status, guard};
use diary_core::{ChangeListener, FeedChange};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

/// The host's change listener: called with `user_data` and one committed
/// change as NUL-terminated JSON (valid only during the call), in commit
/// order, on the handle's delivery thread — never inside a lock, never
/// delaying a write. It may call back into the diary.
#[allow(non_camel_case_types)]
pub type diary_change_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, change_json: *const c_char)>;

#[derive(Debug)]
struct CListener {
    on_change: unsafe extern "C" fn(*mut c_void, *const c_char),
    user_data: *mut c_void,
}

// SAFETY: the host promises, per `diary_change_listener_set`, that the
// callback and its user data may be used from the delivery thread.
unsafe impl Send for CListener {}
// SAFETY: as above.
unsafe impl Sync for CListener {}

impl ChangeListener for CListener {
    fn on_change(&self, change: &FeedChange) {
        let Ok(json) = serde_json::to_string(change) else {
            return;
        };
        let Ok(c) = CString::new(json) else {
            return;
        };
        // SAFETY: a valid NUL-terminated string for the duration of the call.
        unsafe { (self.on_change)(self.user_data, c.as_ptr()) }
    }
}

/// Sets the host's change listener of this handle (`on_change` NULL
/// removes it, dropping what was not delivered yet);
/// `user_data` may be NULL (it is passed back unchanged). Changes committed by this handle
/// from then on are delivered, all of them (unfiltered: the host's own
/// process).
///
/// # Safety
/// `db` is NULL or a live handle; `on_change` and `user_data` stay usable
/// from another thread until replaced or `diary_close`.
#[no_mangle]
pub unsafe extern "C" fn diary_change_listener_set(
    db: *const diary_db,
    on_change: diary_change_fn,
    user_data: *mut c_void,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { crate::handle::db(db) }?;
        d.set_change_listener(on_change.map(|on_change| {
            Arc::new(CListener {
                on_change,
                user_data,
            }) as Arc<dyn ChangeListener>
        }));
        Ok(())
    })
}

/// Waits at most `timeout_ms` (0–86,400,000) until every change committed
/// so far reached the listener, and writes 1 to `out_done` when it has, 0
/// when the time ran out.
///
/// # Safety
/// `db` is NULL or a live handle; `out_done` is writable.
#[no_mangle]
pub unsafe extern "C" fn diary_change_listener_wait(
    db: *const diary_db,
    timeout_ms: i64,
    out_done: *mut i32,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { crate::handle::db(db) }?;
        let ms = u64::try_from(timeout_ms)
            .ok()
            .filter(|ms| *ms <= 86_400_000)
            .ok_or_else(|| diary_core::Error::invalid("timeout_ms", "must be 0 to 86400000"))?;
        // SAFETY: per this function's contract.
        let out = unsafe { crate::args::out(out_done, "out_done") }?;
        *out = i32::from(d.wait_for_change_listener(std::time::Duration::from_millis(ms)));
        Ok(())
    })
}
