//! Teacher messages with signed replies (D13) and signing keys: the
//! regular calls are generated from `bindgen/calls/messages.calls`; the
//! bytes a replier signs are a pure function here.

mod calls;
pub use calls::*;

use crate::args;
use crate::status::{diary_status, guard};
use std::ffi::{c_char, c_void};

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

/// The host's verifier for a signature scheme: called with `user_data`,
/// the scheme's name, the registered key or certificate, the exact signed
/// bytes (`diary_signed_reply_bytes`) and the signature (each valid only
/// during the call); returns 1 when the signature is valid, 0 when it is
/// not, anything else when it cannot tell (the reply is refused). It may be
/// called from any thread that calls the library, and must not call back
/// into the same `diary_db`.
#[allow(non_camel_case_types)]
pub type diary_verify_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        scheme: *const c_char,
        key: *const u8,
        key_len: usize,
        message: *const u8,
        message_len: usize,
        signature: *const u8,
        signature_len: usize,
    ) -> i32,
>;

#[derive(Debug)]
struct CVerifier {
    verify: unsafe extern "C" fn(
        *mut c_void,
        *const c_char,
        *const u8,
        usize,
        *const u8,
        usize,
        *const u8,
        usize,
    ) -> i32,
    user_data: *mut c_void,
}

// SAFETY: the host promises, per `diary_signature_verifier_set`, that the
// callback and its user data may be used from any thread.
unsafe impl Send for CVerifier {}
// SAFETY: as above.
unsafe impl Sync for CVerifier {}

impl diary_core::signature::SignatureVerifier for CVerifier {
    fn verify(
        &self,
        scheme: &str,
        key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<bool, String> {
        let scheme = std::ffi::CString::new(scheme).map_err(|e| e.to_string())?;
        // SAFETY: every pointer is valid for its length during the call.
        let r = unsafe {
            (self.verify)(
                self.user_data,
                scheme.as_ptr(),
                key.as_ptr(),
                key.len(),
                message.as_ptr(),
                message.len(),
                signature.as_ptr(),
                signature.len(),
            )
        };
        match r {
            1 => Ok(true),
            0 => Ok(false),
            code => Err(format!("the verifier returned {code}")),
        }
    }
}

/// Sets this handle's verifier for signatures of `scheme` (e.g.
/// "gost2012-256"; `verify` NULL removes it); `user_data` may be NULL (it
/// is passed back unchanged). Ed25519 is built in and cannot be replaced.
///
/// # Safety
/// `db` is NULL or a live handle; `scheme` is NUL-terminated or NULL;
/// `verify` and `user_data` stay usable from any thread until replaced or
/// `diary_close`.
#[no_mangle]
pub unsafe extern "C" fn diary_signature_verifier_set(
    db: *const crate::handle::diary_db,
    scheme: *const c_char,
    verify: diary_verify_fn,
    user_data: *mut c_void,
) -> diary_status {
    crate::status::guard(|| {
        // SAFETY: per this function's contract.
        let d = unsafe { crate::handle::db(db) }?;
        // SAFETY: per this function's contract.
        let scheme = unsafe { args::text(scheme, "scheme") }?;
        d.set_signature_verifier(
            scheme,
            verify.map(|verify| {
                std::sync::Arc::new(CVerifier { verify, user_data })
                    as std::sync::Arc<dyn diary_core::signature::SignatureVerifier>
            }),
        )
    })
}
