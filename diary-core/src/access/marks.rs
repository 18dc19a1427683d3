//! Access to marks (P1, P2): who may read a child's marks and who may
//! change them.

use crate::error::{Error, Result};

/// What the actor is to one student's marks in one class and subject.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkFacts {
    /// Admin of the class's school.
    pub admin: bool,
    /// Teaches the subject to the class (or a group of it).
    pub teaches: bool,
    /// Class teacher of the class.
    pub class_teacher: bool,
    /// The student themselves.
    pub student: bool,
    /// A guardian of the student.
    pub guardian: bool,
    /// A trusted person with an active grant for the diary.
    pub trusted: bool,
    /// The mark's period is closed.
    pub period_closed: bool,
}

/// What the actor wants to do with a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkAction {
    /// See marks, averages, history.
    Read,
    /// Enter, change or delete a mark.
    Write,
}

/// The capacity in which the actor acts, for the access log: the strongest
/// relation that applies.
pub fn acting_as(f: &MarkFacts) -> &'static str {
    if f.admin {
        "school_admin"
    } else if f.teaches {
        "subject_teacher"
    } else if f.class_teacher {
        "class_teacher"
    } else if f.student {
        "student"
    } else if f.guardian {
        "guardian"
    } else if f.trusted {
        "trusted_person"
    } else {
        "unrelated"
    }
}

/// Decides a mark action; fail-closed.
pub fn decide_mark(f: &MarkFacts, action: MarkAction) -> Result<()> {
    match action {
        MarkAction::Read
            if f.admin || f.teaches || f.class_teacher || f.student || f.guardian || f.trusted =>
        {
            Ok(())
        }
        MarkAction::Read => Err(Error::denied("no right to see this student's marks")),
        MarkAction::Write if f.admin => Ok(()),
        MarkAction::Write if f.teaches && f.period_closed => Err(Error::denied(
            "the period is closed: only a school admin may change its marks, with a reason",
        )),
        MarkAction::Write if f.teaches => Ok(()),
        MarkAction::Write if f.student || f.guardian || f.trusted => Err(Error::denied(
            "students, guardians and trusted persons never change marks",
        )),
        MarkAction::Write => Err(Error::denied(
            "only a teacher of this class and subject may enter its marks",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix() {
        let role = |admin, teaches, class_teacher, student, guardian| MarkFacts {
            admin,
            teaches,
            class_teacher,
            student,
            guardian,
            trusted: false,
            period_closed: false,
        };
        let trusted = MarkFacts {
            trusted: true,
            ..MarkFacts::default()
        };
        // (who, facts, read, write in an open period, write in a closed period)
        let table = [
            (
                "admin",
                role(true, false, false, false, false),
                true,
                true,
                true,
            ),
            (
                "subject teacher",
                role(false, true, false, false, false),
                true,
                true,
                false,
            ),
            (
                "class teacher",
                role(false, false, true, false, false),
                true,
                false,
                false,
            ),
            (
                "student",
                role(false, false, false, true, false),
                true,
                false,
                false,
            ),
            (
                "guardian",
                role(false, false, false, false, true),
                true,
                false,
                false,
            ),
            ("trusted person", trusted, true, false, false),
            (
                "stranger",
                role(false, false, false, false, false),
                false,
                false,
                false,
            ),
        ];
        for (who, facts, read, write_open, write_closed) in table {
            assert_eq!(
                decide_mark(&facts, MarkAction::Read).is_ok(),
                read,
                "{who} read"
            );
            assert_eq!(
                decide_mark(&facts, MarkAction::Write).is_ok(),
                write_open,
                "{who} write"
            );
            let closed = MarkFacts {
                period_closed: true,
                ..facts
            };
            assert_eq!(
                decide_mark(&closed, MarkAction::Write).is_ok(),
                write_closed,
                "{who} write closed"
            );
        }
    }
}
