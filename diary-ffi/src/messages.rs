//! Teacher messages with signed replies (D13) and signing keys: the
//! regular calls are generated from `bindgen/calls/messages.calls`; the
//! bytes a replier signs are a pure function here.

mod calls;
pub use calls::*;

use crate::args;
use crate::status::{diary_status, guard};
use std::ffi::c_char;

/// The exact bytes a replier signs for a reply to `message` (ASCII text,
/// lines ending in `\n`): `diary-signed-reply-v1`, `message <id>`,
/// `replier <person id>`, `text-sha256 <hex SHA-256 of the reply's UTF-8>`,
/// `at <signed_at>`. Written to `*out_text` (free with
/// `diary_string_free`). Needs no handle.
///
/// # Safety
/// `reply` is NUL-terminated or NULL; `out_text` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_signed_reply_bytes(
    message: i64,
    replier: i64,
    reply: *const c_char,
    signed_at: i64,
    out_text: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        let out = unsafe { args::out(out_text, "out_text") }?;
        *out = std::ptr::null_mut();
        // SAFETY: per this function's contract.
        let reply = unsafe { args::text(reply, "reply") }?;
        let bytes = diary_core::signature::signed_reply_bytes(message, replier, reply, signed_at);
        let text =
            String::from_utf8(bytes).map_err(|e| diary_core::Error::Internal(e.to_string()))?;
        *out = args::give_string(text)?;
        Ok(())
    })
}
