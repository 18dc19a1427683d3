//! The actor's standing (operator, admin of, member of, regional officer
//! of), loaded by storage, and the structure actions decided from it by
//! [`super::policy::decide`].

use super::policy::{self, Action, Facts};
use crate::error::Result;
use crate::ids::SchoolId;
use std::collections::BTreeSet;

/// What the acting identity is, as far as access decisions need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// The installation's operator.
    pub operator: bool,
    /// Schools the actor administers.
    pub admin_of: BTreeSet<SchoolId>,
    /// Schools the actor belongs to in any role (staff, student, guardian of
    /// a student there).
    pub member_of: BTreeSet<SchoolId>,
    /// Regions whose aggregated statistics the actor may read.
    pub regional_of: BTreeSet<String>,
}

impl Standing {
    /// The operator's standing.
    pub fn operator() -> Self {
        Standing {
            operator: true,
            ..Standing::default()
        }
    }
}

/// What an actor wants to do with a school's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructureAction {
    /// Create a school.
    CreateSchool,
    /// Register a person or appoint staff (operator: to bootstrap a school).
    ManagePeople,
    /// Change years, periods, holidays, classes, subjects, groups, assignments,
    /// enrolments or guardianships.
    ManageStructure,
    /// Read the school's calendar, classes and subjects.
    ReadStructure,
    /// Read the people of a school (rosters, staff, guardians).
    ReadPeople,
}

impl Standing {
    /// The policy facts of this standing towards `school`.
    pub fn facts_for(&self, school: Option<SchoolId>) -> Facts {
        let admin = school.is_some_and(|s| self.admin_of.contains(&s));
        Facts {
            operator: self.operator,
            admin,
            member: admin || school.is_some_and(|s| self.member_of.contains(&s)),
            ..Facts::default()
        }
    }
}

/// Decides whether `standing` may perform `action` on `school` (`None` for
/// actions not bound to a school), through the one policy function.
pub fn decide(
    standing: &Standing,
    action: StructureAction,
    school: Option<SchoolId>,
) -> Result<()> {
    policy::decide(
        &standing.facts_for(school),
        match action {
            StructureAction::CreateSchool => Action::CreateSchool,
            StructureAction::ManagePeople => Action::ManagePeople,
            StructureAction::ManageStructure => Action::ManageStructure,
            StructureAction::ReadStructure => Action::ReadStructure,
            StructureAction::ReadPeople => Action::ReadPeople,
        },
    )
}
