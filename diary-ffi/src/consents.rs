//! Consent to the processing of personal data: generated from
//! `bindgen/calls/consents.calls`.

mod calls;
pub use calls::*;
