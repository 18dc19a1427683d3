//! Who may reach whom in a conversation (D11): the school's rules
//! ([`MessagingSettings`], Pronote's "who may message whom") over what each
//! side is to the child the conversation is about. The result is the
//! `permitted` fact that [`crate::access::decide_action`] reads for
//! `StartConversation`.

use crate::model::MessagingSettings;

/// What a person is to a child (or, for a conversation among staff, to the
/// school). Several may hold at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sides {
    /// An admin of the child's school.
    pub admin: bool,
    /// The child's class teacher.
    pub class_teacher: bool,
    /// Teaches the child's class.
    pub teacher: bool,
    /// A legal representative of the child.
    pub representative: bool,
    /// The child.
    pub student: bool,
    /// On the school's staff (for conversations among staff).
    pub staff: bool,
}

impl Sides {
    /// Whether the person looks after the child at school.
    pub fn staff_of_child(&self) -> bool {
        self.admin || self.class_teacher || self.teacher
    }

    /// Whether any relation holds that makes the person a participant of a
    /// conversation about the child under `rules`.
    pub fn takes_part(&self, rules: &MessagingSettings) -> bool {
        self.staff_of_child() || self.representative || (self.student && rules.students_take_part)
    }
}

/// Whether someone with `from`'s relations to a child may start a
/// conversation about the child with someone with `to`'s: staff reach the
/// child's family (the student only where the school lets students take
/// part) and each other; legal representatives reach the child's teachers,
/// class teacher and admins as the school's rules allow, and the child's
/// other representatives (never other families); a student, where allowed,
/// reaches their teachers, class teacher and own representatives.
pub fn permits(rules: &MessagingSettings, from: Sides, to: Sides) -> bool {
    let students = rules.students_take_part;
    let staff_to = to.staff_of_child() || to.representative || (to.student && students);
    let parent_to = (to.teacher && rules.parents_reach_teachers)
        || (to.class_teacher && rules.parents_reach_class_teacher)
        || (to.admin && rules.parents_reach_admins)
        || to.representative
        || (to.student && students);
    let student_to = students && (to.teacher || to.class_teacher || to.representative);
    (from.staff_of_child() && staff_to)
        || (from.representative && parent_to)
        || (from.student && student_to)
}

/// Whether one staff member may start a conversation among staff with
/// another: both on the school's staff.
pub fn permits_staff(from: Sides, to: Sides) -> bool {
    from.staff && to.staff
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARENT: Sides = Sides {
        representative: true,
        ..NONE
    };
    const TEACHER: Sides = Sides {
        teacher: true,
        ..NONE
    };
    const CLASS_TEACHER: Sides = Sides {
        class_teacher: true,
        ..NONE
    };
    const ADMIN: Sides = Sides {
        admin: true,
        ..NONE
    };
    const STUDENT: Sides = Sides {
        student: true,
        ..NONE
    };
    const NONE: Sides = Sides {
        admin: false,
        class_teacher: false,
        teacher: false,
        representative: false,
        student: false,
        staff: false,
    };

    #[test]
    fn defaults_follow_the_issue() {
        let r = MessagingSettings::default();
        for to in [TEACHER, CLASS_TEACHER, ADMIN, PARENT] {
            assert!(permits(&r, PARENT, to), "{to:?}");
            assert!(permits(&r, to, PARENT), "{to:?}");
        }
        // Nobody reaches someone with no relation to the child.
        for from in [PARENT, TEACHER, CLASS_TEACHER, ADMIN, STUDENT] {
            assert!(!permits(&r, from, NONE), "{from:?}");
        }
        // Students take no part unless the school says so.
        assert!(!permits(&r, STUDENT, TEACHER));
        assert!(!permits(&r, TEACHER, STUDENT));
        let open = MessagingSettings {
            students_take_part: true,
            ..r
        };
        assert!(permits(&open, STUDENT, TEACHER));
        assert!(permits(&open, TEACHER, STUDENT));
        assert!(!permits(&open, STUDENT, ADMIN));
    }

    #[test]
    fn each_rule_closes_its_way_only() {
        let r = MessagingSettings {
            parents_reach_teachers: false,
            parents_reach_class_teacher: false,
            parents_reach_admins: false,
            ..MessagingSettings::default()
        };
        for to in [TEACHER, CLASS_TEACHER, ADMIN] {
            assert!(!permits(&r, PARENT, to), "{to:?}");
            // Staff still reach the family.
            assert!(permits(&r, to, PARENT), "{to:?}");
        }
        // A teacher who is also the class teacher stays reachable as class
        // teacher when only subject teachers are closed.
        let r = MessagingSettings {
            parents_reach_teachers: false,
            ..MessagingSettings::default()
        };
        let both = Sides {
            teacher: true,
            class_teacher: true,
            ..NONE
        };
        assert!(permits(&r, PARENT, both));
        assert!(!permits(&r, PARENT, TEACHER));
    }

    #[test]
    fn staff_rooms_are_staff_only() {
        let staff = Sides {
            staff: true,
            ..NONE
        };
        assert!(permits_staff(staff, staff));
        assert!(!permits_staff(staff, PARENT));
        assert!(!permits_staff(PARENT, staff));
    }
}
