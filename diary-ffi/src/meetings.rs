//! Meetings with agendas (D12): organising one and recording its minutes
//! take JSON; the regular calls (cancel, answer, a person's meetings, one
//! meeting, the answers) are generated from `bindgen/calls/meetings.calls`.
//!
//! A meeting in JSON: `{"id","school","organiser","kind","title",
//! "description","day","starts","minutes","place","online_link",
//! "audience":[{"scope","id","role"}],"agenda":[{"title","presenter",
//! "starts","minutes"}],"cancelled","record":{"minutes","decisions",
//! "recorded_by","recorded_at"}|null,"reply":{"person","answer","comment",
//! "at"}|null}` — `kind` one of "parents_evening", "class_meeting",
//! "school_meeting", "other"; `day` "YYYY-MM-DD" and `starts` "HH:MM" in
//! the school's time zone; `minutes` a length; the audience as an
//! announcement's.

mod calls;
pub use calls::*;

use crate::args::{self, json_arg};
use crate::handle::{diary_actor, diary_db};
use crate::run;
use crate::status::diary_status;
use diary_core::{MeetingId, NewMeeting};
use std::ffi::c_char;

/// Organises a meeting and writes its id. `meeting_json`:
/// `{"school":1,"kind":"parents_evening","title":"...","description":"...",
/// "day":"2024-09-26","starts":"18:00","minutes":60,"place":"Room 12",
/// "online_link":null,"audience":[{"scope":"class","id":5,"role":"parents"}],
/// "agenda":[{"title":"...","presenter":7,"starts":"18:00","minutes":30}]}`
/// (`description`, `place`, `online_link`, `agenda` and each item's
/// `presenter` optional). The day is today or later; agenda items follow
/// each other within the meeting without overlapping (refusals name the
/// item, e.g. field "agenda[1].starts"). Who may invite whom: as for
/// `diary_announcement_publish`.
///
/// # Safety
/// `meeting_json` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_meeting_organise(
    db: *const diary_db,
    actor: diary_actor,
    meeting_json: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::int(db, actor, out_id, "out_id", |d, a| {
            let new: NewMeeting = json_arg(meeting_json, "meeting_json")?;
            Ok(d.organise_meeting(a, &new)?.id.0)
        })
    }
}

/// Records (or corrects) a meeting's minutes and decisions, from the
/// meeting's day on (its organiser or the school's admins); the invited
/// see them. `decisions_json` is a JSON array of texts, e.g.
/// `["Excursion on 3 October"]`.
///
/// # Safety
/// `minutes` and `decisions_json` are NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_meeting_minutes_record(
    db: *const diary_db,
    actor: diary_actor,
    meeting: i64,
    minutes: *const c_char,
    decisions_json: *const c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::unit(db, actor, |d, a| {
            let id = MeetingId(args::number(meeting, "meeting")?);
            let minutes = args::text(minutes, "minutes")?;
            let decisions: Vec<String> = json_arg(decisions_json, "decisions_json")?;
            d.record_meeting_minutes(a, id, minutes, &decisions)
                .map(drop)
        })
    }
}
