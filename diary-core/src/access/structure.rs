//! Access to the school structure: the
//! operator creates schools and their first staff; a school's admins manage
//! everything in their school; members of a school read its structure.
//! Decisions are pure functions over a [`Standing`], which storage loads.

use crate::error::{Error, Result};
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

/// Decides whether `standing` may perform `action` on `school` (`None` for
/// actions not bound to a school).
pub fn decide(
    standing: &Standing,
    action: StructureAction,
    school: Option<SchoolId>,
) -> Result<()> {
    use StructureAction::*;
    let admin = school.is_some_and(|s| standing.admin_of.contains(&s));
    let member = school.is_some_and(|s| standing.member_of.contains(&s)) || admin;
    let allowed = match action {
        CreateSchool => standing.operator,
        ManagePeople => standing.operator || admin,
        ManageStructure => admin,
        ReadStructure => standing.operator || member,
        ReadPeople => admin,
    };
    if allowed {
        Ok(())
    } else {
        Err(Error::denied(match (action, school) {
            (CreateSchool, _) => "only the installation's operator creates schools".to_owned(),
            (ReadStructure, Some(s)) => format!("not a member of school {s}"),
            (_, Some(s)) => format!("only an admin of school {s} may do this"),
            (_, None) => "not allowed".to_owned(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StructureAction::*;

    #[test]
    fn matrix() {
        let s1 = SchoolId(1);
        let admin = Standing {
            admin_of: [s1].into(),
            member_of: [s1].into(),
            ..Standing::default()
        };
        let member = Standing {
            member_of: [s1].into(),
            ..Standing::default()
        };
        let stranger = Standing::default();
        let op = Standing::operator();
        // (action, operator, admin, member, stranger)
        let table = [
            (CreateSchool, true, false, false, false),
            (ManagePeople, true, true, false, false),
            (ManageStructure, false, true, false, false),
            (ReadStructure, true, true, true, false),
            (ReadPeople, false, true, false, false),
        ];
        for (action, o, a, m, s) in table {
            let school = if action == CreateSchool {
                None
            } else {
                Some(s1)
            };
            assert_eq!(
                decide(&op, action, school).is_ok(),
                o,
                "operator {action:?}"
            );
            assert_eq!(
                decide(&admin, action, school).is_ok(),
                a,
                "admin {action:?}"
            );
            assert_eq!(
                decide(&member, action, school).is_ok(),
                m,
                "member {action:?}"
            );
            assert_eq!(
                decide(&stranger, action, school).is_ok(),
                s,
                "stranger {action:?}"
            );
        }
        // An admin of school 1 is nobody at school 2.
        assert!(decide(&admin, ManageStructure, Some(SchoolId(2))).is_err());
        assert!(decide(&admin, ReadStructure, Some(SchoolId(2))).is_err());
    }
}
