//! The closed sets of domain values are declared once, in the core
//! (`diary_core::model::enums`); the C enums (mapped by position) and the
//! Python enums (mapped by value) must list the same members in the same
//! order, which this test checks from include/diary.h and
//! diary-py/python/schooldiary/_enums.py.

use diary_core::*;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The core's values of each enum, by its name.
macro_rules! core_values {
    ($($t:ident),* $(,)?) => {
        vec![$((stringify!($t), $t::ALL.iter().map(|v| v.as_str().to_owned()).collect::<Vec<_>>())),*]
    };
}

fn core() -> Vec<(&'static str, Vec<String>)> {
    core_values!(
        PeriodKind,
        StaffRole,
        Relation,
        EndReason,
        EntryKind,
        Counting,
        ChangeKind,
        LessonStatus,
        AttendanceStatus,
        AbsenceReason,
        NoticeKind,
        NoticeStatus,
        RemarkKind,
        ContactKind,
    )
}

#[test]
fn python_enums_have_the_core_values_in_order() {
    let text =
        std::fs::read_to_string(root().join("diary-py/python/schooldiary/_enums.py")).unwrap();
    for (name, values) in core() {
        let start = text
            .find(&format!("class {name}(enum.Enum):"))
            .unwrap_or_else(|| panic!("_enums.py has no {name}"));
        let body = text[start..]
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("class "));
        let got: Vec<String> = body
            .filter_map(|l| l.trim().split_once(" = \""))
            .map(|(_, v)| v.trim_end_matches('"').to_owned())
            .collect();
        assert_eq!(got, values, "Python {name}");
    }
}

#[test]
fn c_enums_list_the_core_members_in_order() {
    let header = std::fs::read_to_string(root().join("include/diary.h")).unwrap();
    // C enum → the core enum it is mapped to by position, and the C names
    // that differ from the core's value.
    let pairs = [
        ("diary_period_kind", "PeriodKind"),
        ("diary_staff_role", "StaffRole"),
        ("diary_relation", "Relation"),
        ("diary_end_reason", "EndReason"),
        ("diary_entry_kind", "EntryKind"),
        ("diary_counting", "Counting"),
        ("diary_contact_kind", "ContactKind"),
        ("diary_change_kind", "ChangeKind"),
        ("diary_lesson_status", "LessonStatus"),
        ("diary_attendance_status", "AttendanceStatus"),
        ("diary_absence_reason", "AbsenceReason"),
        ("diary_remark_kind", "RemarkKind"),
    ];
    let aliases = [("CHANGE_ROOM", "room_change")];
    let core = core();
    for (c_name, core_name) in pairs {
        let start = header
            .find(&format!("enum {c_name}\n"))
            .unwrap_or_else(|| panic!("diary.h has no enum {c_name}"));
        let body = &header[start..start + header[start..].find('}').unwrap()];
        let members: Vec<(String, i32)> = body
            .lines()
            .filter_map(|l| l.trim().trim_end_matches(',').split_once(" = "))
            .map(|(n, v)| (n.to_owned(), v.parse().unwrap()))
            .collect();
        let values = &core.iter().find(|(n, _)| *n == core_name).unwrap().1;
        assert_eq!(members.len(), values.len(), "{c_name} vs {core_name}");
        for (i, (member, value)) in members.iter().enumerate() {
            assert_eq!(*value as usize, i, "{member} is not at its position");
            let core_value = &values[i];
            let alias = aliases
                .iter()
                .find(|(c, _)| member.ends_with(c))
                .map(|(_, v)| *v);
            assert!(
                member.to_lowercase().ends_with(core_value.as_str())
                    || alias == Some(core_value.as_str()),
                "{c_name}: {member} stands where the core has {core_value:?}"
            );
        }
    }
}
