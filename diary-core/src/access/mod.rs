//! Who may do what. Decisions are pure functions over facts that storage
//! loads; every read and write of the diary goes through them.

mod marks;
mod structure;

pub use marks::{acting_as, decide_mark, MarkAction, MarkFacts};
pub use structure::{decide, Standing, StructureAction};
