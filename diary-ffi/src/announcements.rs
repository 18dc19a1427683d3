//! Announcements (D9): publishing and editing take JSON; the regular calls
//! (withdraw, mark read, a person's list, one announcement, receipts,
//! versions) are generated from `bindgen/calls/announcements.calls`.
//!
//! An announcement in JSON: `{"id","school","author","kind","urgent","title",
//! "body","audience":[{"scope","id","role"}],"shown_from","shown_until",
//! "pinned","attachments":[{"name","media_type","size","url","sha256"}],
//! "published_at","edited_at","edits","withdrawn","read_at"}` — `kind` one
//! of "quarantine", "schedule_change", "competition", "news", "other";
//! `scope` "school", "class", "group" or "person" (with `id`, except for
//! the school); `role` "everyone", "students", "parents" or "staff"; times
//! in Unix seconds, dates "YYYY-MM-DD".

mod calls;
pub use calls::*;

use crate::args::{self, json_arg};
use crate::handle::{diary_actor, diary_db};
use crate::run;
use crate::status::diary_status;
use diary_core::{AnnouncementEdit, AnnouncementId, NewAnnouncement};
use std::ffi::c_char;

/// Publishes an announcement and writes its id. `announcement_json`:
/// `{"school":1,"kind":"quarantine","urgent":true,"title":"...","body":"...",
/// "audience":[{"scope":"class","id":5,"role":"parents"}],
/// "shown_from":"2024-09-20","shown_until":"2024-10-20","pinned":false,
/// "attachments":[]}` (`urgent`, `pinned`, `attachments` and each entry's
/// `role` optional). Admins publish anywhere in their school; class
/// teachers to their class, its groups and families; subject teachers to
/// the classes they teach. Unknown keys are refused by name
/// (field "announcement_json.audience[0].rol").
///
/// # Safety
/// `announcement_json` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_announcement_publish(
    db: *const diary_db,
    actor: diary_actor,
    announcement_json: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::int(db, actor, out_id, "out_id", |d, a| {
            let new: NewAnnouncement = json_arg(announcement_json, "announcement_json")?;
            Ok(d.publish_announcement(a, &new)?.id.0)
        })
    }
}

/// Edits an announcement (its author or the school's admins); the replaced
/// text is kept as a version. `edit_json`: `{"title","body","shown_until",
/// "pinned","urgent"}`, each optional (absent: unchanged).
///
/// # Safety
/// `edit_json` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_announcement_edit(
    db: *const diary_db,
    actor: diary_actor,
    announcement: i64,
    edit_json: *const c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::unit(db, actor, |d, a| {
            let id = AnnouncementId(args::number(announcement, "announcement")?);
            let edit: AnnouncementEdit = json_arg(edit_json, "edit_json")?;
            d.edit_announcement(a, id, &edit).map(drop)
        })
    }
}
