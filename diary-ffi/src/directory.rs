//! What a family may see of the school: generated from
//! `bindgen/calls/directory.calls`.

mod calls;
pub use calls::*;
