//! The school office's tables as CSV, generated from
//! `bindgen/calls/office.calls`.

mod calls;
pub use calls::*;
