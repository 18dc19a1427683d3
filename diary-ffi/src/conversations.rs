//! Conversations and class chats (D11): starting a conversation, posting a
//! message and setting the school's rules take JSON; the regular calls
//! (open a class chat or staff room, lists, unread counts, pages, edits,
//! deletion, search, moderation, retention) are generated from
//! `bindgen/calls/conversations.calls`.
//!
//! A message in JSON: `{"id","conversation","author","text","attachments":
//! [{"name","media_type","size","url","sha256"}],"reply_to","sent_at",
//! "edited_at","deleted_at","hidden":{"by","reason","at"}|null}` — times in
//! Unix seconds; a deleted message has `"text":null`. A conversation's
//! `kind` is "direct", "class_chat" or "staff_room".

mod calls;
pub use calls::*;

use crate::args::{self, json_arg};
use crate::handle::{diary_actor, diary_db};
use crate::run;
use crate::status::diary_status;
use diary_core::{MessagingSettings, NewChatMessage, NewConversation, SchoolId};
use std::ffi::c_char;

/// Starts a conversation and writes its id. `conversation_json`:
/// `{"school":1,"child":7,"participants":[3],"title":"Homework"}` (`child`
/// and `title` optional; without a child, a conversation among staff).
/// Each participant (1–20, not the actor) is decided under the school's
/// rules for who may reach whom: a refused one gives ACCESS_DENIED, one
/// the actor does not know NOT_FOUND, and nothing is stored.
///
/// # Safety
/// `conversation_json` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_conversation_start(
    db: *const diary_db,
    actor: diary_actor,
    conversation_json: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::int(db, actor, out_id, "out_id", |d, a| {
            let new: NewConversation = json_arg(conversation_json, "conversation_json")?;
            Ok(d.start_conversation(a, &new)?.id.0)
        })
    }
}

/// Posts a message and writes its id. `message_json`:
/// `{"conversation":5,"text":"...","reply_to":12,"attachments":[{"name":
/// "a.pdf","media_type":"application/pdf","size":1000,"url":"https://..."}]}`
/// (`reply_to` and `attachments` optional). A muted participant gets
/// ACCESS_DENIED; an archived conversation INVALID_INPUT (field
/// "conversation").
///
/// # Safety
/// `message_json` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_chat_message_post(
    db: *const diary_db,
    actor: diary_actor,
    message_json: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::int(db, actor, out_id, "out_id", |d, a| {
            let new: NewChatMessage = json_arg(message_json, "message_json")?;
            Ok(d.post_chat_message(a, &new)?.id.0)
        })
    }
}

/// Sets a school's rules for conversations (its admins). `settings_json`
/// has every field: `{"parents_reach_teachers":true,
/// "parents_reach_class_teacher":true,"parents_reach_admins":true,
/// "students_take_part":false,"edit_window_minutes":15,
/// "retention_years":null,"retention_action":"archive"}`
/// (`edit_window_minutes` 0–1440; `retention_years` 1–50 or null to keep;
/// `retention_action` "archive" or "delete").
///
/// # Safety
/// `settings_json` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_messaging_settings_set(
    db: *const diary_db,
    actor: diary_actor,
    school: i64,
    settings_json: *const c_char,
) -> diary_status {
    // SAFETY: per this function's contract.
    unsafe {
        run::unit(db, actor, |d, a| {
            let school = SchoolId(args::number(school, "school")?);
            let settings: MessagingSettings = json_arg(settings_json, "settings_json")?;
            d.set_messaging_settings(a, school, &settings)
        })
    }
}
