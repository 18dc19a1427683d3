//! OneRoster 1.2 CSV (issue 18): the binding's tables, a checker written
//! from them, and (in `crate::diary`) the export and import of a school's
//! roster and gradebook.

pub mod check;
pub(crate) mod export;
pub(crate) mod read;
pub mod spec;

pub use check::{check, check_dir, Problem};
