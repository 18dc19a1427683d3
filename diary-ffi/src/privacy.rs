//! A person's data: generated from `bindgen/calls/privacy.calls`.

mod calls;
pub use calls::*;
