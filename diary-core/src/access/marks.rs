//! Access to marks (P1, P2), in the words of the mark operations; the
//! decisions themselves are [`super::policy::decide`]'s.

use super::policy::{decide, Action, Facts};
use crate::error::Result;

/// What the actor is to one student's marks in one class and subject.
pub type MarkFacts = Facts;

/// What the actor wants to do with a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkAction {
    /// See marks.
    Read,
    /// See what summarises all marks (averages, period marks).
    ReadSummaries,
    /// Enter, change or delete a mark.
    Write,
}

/// Decides a mark action through the one policy function.
pub fn decide_mark(f: &MarkFacts, action: MarkAction) -> Result<()> {
    decide(
        f,
        match action {
            MarkAction::Read => Action::ReadMarks,
            MarkAction::ReadSummaries => Action::ReadSummaries,
            MarkAction::Write => Action::WriteMarks,
        },
    )
}
