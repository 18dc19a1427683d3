//! Host notifications: the host's notifier callback, preferences (set as
//! JSON) and the quiet-hours queue; reading preferences and flushing the
//! queue are generated from `bindgen/calls/notifications.calls`.
//!
//! Each notification reaches the `diary_notify_fn` as JSON
//! `{"to","event","school","object","conversation","child","title",
//! "preview","urgent","at","delayed"}` — `event` one of "announcement",
//! "chat_message", "meeting_invitation", "teacher_message",
//! "signature_request"; `at` Unix seconds; `delayed` true when it waited for
//! the end of the person's quiet hours.

mod calls;
pub use calls::*;

use crate::args::{self, json_arg};
use crate::handle::{diary_actor, diary_db};
use crate::run;
use crate::status::{diary_status, guard};
use diary_core::delivery::Notifier;
use diary_core::{Notification, NotificationPreferences, PersonId};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

/// The host's notifier: called with `user_data` and one notification as
/// NUL-terminated JSON (valid only during the call), inside the
/// transaction of the write that caused it; returns 0 when it took the
/// notification, anything else to refuse the write
/// (`DIARY_ERR_DELIVERY_FAILED`). It may be called from any thread that
/// calls the library, and must not call back into the same `diary_db`.
#[allow(non_camel_case_types)]
pub type diary_notify_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, notification_json: *const c_char) -> i32>;

#[derive(Debug)]
struct CNotifier {
    notify: unsafe extern "C" fn(*mut c_void, *const c_char) -> i32,
    user_data: *mut c_void,
}

// SAFETY: the host promises, per `diary_notifier_set`, that the callback
// and its user data may be used from any thread.
unsafe impl Send for CNotifier {}
// SAFETY: as above.
unsafe impl Sync for CNotifier {}

impl Notifier for CNotifier {
    fn notify(&self, n: &Notification) -> Result<(), String> {
        let json = serde_json::to_string(n).map_err(|e| e.to_string())?;
        let c = CString::new(json).map_err(|e| e.to_string())?;
        // SAFETY: a valid NUL-terminated string for the duration of the call.
        match unsafe { (self.notify)(self.user_data, c.as_ptr()) } {
            0 => Ok(()),
            code => Err(format!("the notifier returned {code}")),
        }
    }
}

/// Sets the host's notifier of this handle (`notify` NULL removes it);
/// `user_data` may be NULL (it is passed back unchanged). Without a
/// notifier no notifications are produced or queued.
///
/// # Safety
/// `db` is NULL or a live handle; `notify` and `user_data` stay usable from
/// any thread until replaced or `diary_close`.
#[no_mangle]
pub unsafe extern "C" fn diary_notifier_set(
    db: *const diary_db,
    notify: diary_notify_fn,
    user_data: *mut c_void,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { crate::handle::db(db) }?;
        d.set_notifier(
            notify.map(|notify| Arc::new(CNotifier { notify, user_data }) as Arc<dyn Notifier>),
        );
        Ok(())
    })
}

/// Sets a person's notification preferences (the person). `preferences_json`:
/// `{"muted":["chat_message"],"quiet_from":"22:00","quiet_until":"07:00",
/// "urgent_in_quiet_hours":true}` (each key optional; quiet hours in the
/// school's time zone, both ends or neither, may span midnight).
///
/// # Safety
/// `preferences_json` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_notification_preferences_set(
    db: *const diary_db,
    actor: diary_actor,
    person: i64,
    preferences_json: *const c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::unit(db, actor, |d, a| {
            let person = PersonId(args::number(person, "person")?);
            let prefs: NotificationPreferences = json_arg(preferences_json, "preferences_json")?;
            d.set_notification_preferences(a, person, &prefs)
        })
    }
}
