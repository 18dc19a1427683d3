//! Access applications (P5). The regular calls are generated from
//! `bindgen/calls/applications.calls`; those that take structured input or
//! give a password are here.

mod calls;
pub use calls::*;

use crate::args;
use crate::handle::{db, diary_actor, diary_db};
use crate::status::{diary_status, guard};
use crate::timetable::array;
use diary_core::*;
use std::ffi::c_char;

/// Submits a parent's application for diary access (the host's portal as
/// the operator, or the school's admins). `application_json` is
/// `{"school","child_surname","child_birth_date","applicant":{"surname",
/// "first_name","patronymic","birth_date","snils"},"relation",
/// "legal_representative","channel","documents":[{"kind","reference",
/// "sha256"}]}`: the child as on the birth certificate (a student of the
/// school now), `relation` "mother", "father", "legal_guardian" or
/// "other", `channel` "online" or "at_school", documents optional (kinds
/// "birth_certificate", "identity_document", "application_form",
/// "consent"; `sha256` 64 hexadecimal digits). CONFLICT when the applicant
/// already represents the child or has an application waiting for it.
/// Writes the application's id.
///
/// # Safety
/// `application_json` is NUL-terminated or NULL; `out_id` is writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_access_application_submit(
    db: *const diary_db,
    actor: diary_actor,
    application_json: *const c_char,
    out_id: *mut i64,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let out = args::out(out_id, "out_id")?;
            let d = self::db(db)?;
            let new: NewAccessApplication = args::json_arg(application_json, "application_json")?;
            *out = d.submit_access_application(&actor.to_core()?, &new)?.id.0;
        }
        Ok(())
    })
}

/// Adds or replaces documents of an application waiting for a decision
/// (the portal as the operator, or the school's admins): `documents_json`
/// is a JSON array of `{"kind","reference","sha256"}`; a replaced document
/// must be checked again.
///
/// # Safety
/// `documents_json` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_application_documents_provide(
    db: *const diary_db,
    actor: diary_actor,
    application: i64,
    documents_json: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let docs: Vec<NewDocument> = args::json_arg(documents_json, "documents_json")?;
            d.provide_application_documents(&actor.to_core()?, ApplicationId(application), &docs)
                .map(drop)
        }
    })
}

/// Approves an application (the school's admins) whose four documents are
/// provided and accepted: links the guardian and issues a login and a
/// temporary password in one transaction. Writes the guardian's person id,
/// the login and the temporary password (NULL when the person already had
/// an account, which keeps its password); free the strings with
/// `diary_string_free`.
///
/// # Safety
/// The outs are writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_access_application_approve(
    db: *const diary_db,
    actor: diary_actor,
    application: i64,
    out_person: *mut i64,
    out_login: *mut *mut c_char,
    out_password: *mut *mut c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let person = args::out(out_person, "out_person")?;
            let login = args::out(out_login, "out_login")?;
            let password = args::out(out_password, "out_password")?;
            *login = std::ptr::null_mut();
            *password = std::ptr::null_mut();
            let d = self::db(db)?;
            let ok = d.approve_access_application(&actor.to_core()?, ApplicationId(application))?;
            *person = ok.application.person.map_or(0, |p| p.0);
            *login = args::give_string(ok.login)?;
            if let Some(p) = ok.temporary_password {
                *password = args::give_string(p)?;
            }
        }
        Ok(())
    })
}

/// Rejects an application (the school's admins) with reasons — values of
/// `diary_rejection_reason`, at least one — and a `note` (NULL for none;
/// required with DIARY_REJECT_OTHER).
///
/// # Safety
/// `reasons` is valid for `n_reasons`; `note` is NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_access_application_reject(
    db: *const diary_db,
    actor: diary_actor,
    application: i64,
    reasons: *const i32,
    n_reasons: usize,
    note: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            let reasons = array(reasons, n_reasons, "reasons")?
                .iter()
                .map(|r| args::enum_arg(RejectionReason::ALL, *r, "reasons"))
                .collect::<Result<Vec<_>>>()?;
            let note = args::optional_text(note, "note")?;
            d.reject_access_application(
                &actor.to_core()?,
                ApplicationId(application),
                &reasons,
                note,
            )
            .map(drop)
        }
    })
}

/// Submits a rejected application again with its corrections (the portal
/// as the operator, or the school's admins): `applicant_json` (NULL to keep
/// the data) as in `diary_access_application_submit`, `documents_json`
/// (NULL for none) a JSON array of documents to add or replace. A new
/// deadline starts.
///
/// # Safety
/// The strings are NUL-terminated or NULL.
#[no_mangle]
pub unsafe extern "C" fn diary_access_application_resubmit(
    db: *const diary_db,
    actor: diary_actor,
    application: i64,
    applicant_json: *const c_char,
    documents_json: *const c_char,
) -> diary_status {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe {
            let d = self::db(db)?;
            // Both texts are read (and their encoding checked) before either
            // is parsed.
            let applicant = args::optional_text(applicant_json, "applicant_json")?;
            let documents = args::optional_text(documents_json, "documents_json")?;
            let applicant: Option<NewPerson> = match applicant {
                Some(t) => Some(diary_core::json_input::parse("applicant_json", t)?),
                None => None,
            };
            let docs: Vec<NewDocument> = match documents {
                Some(t) => diary_core::json_input::parse("documents_json", t)?,
                None => Vec::new(),
            };
            d.resubmit_access_application(
                &actor.to_core()?,
                ApplicationId(application),
                applicant.as_ref(),
                &docs,
            )
            .map(drop)
        }
    })
}
