//! Who may do what. [`policy::decide`] is the one pure function that
//! decides every access, from [`Facts`] that storage loads; the other
//! modules name the actions in the words of their callers.

mod marks;
pub mod messaging;
pub mod policy;
mod structure;

pub use marks::{decide_mark, MarkAction, MarkFacts};
pub use policy::{acting_as, conceals, decide as decide_action, Action, Facts};
pub use structure::{decide, Standing, StructureAction};
