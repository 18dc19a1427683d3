//! Export of a person's data (P6): one JSON document with everything about
//! the person and, for a parent, the represented children; nothing about
//! other families; logged; refused to others.

mod common;

use common::person;
use common::world::{fresh, school, snils, MON};
use diary_core::*;
use serde_json::Value;
use time::macros::date;

#[test]
fn a_parent_exports_themselves_and_their_child_and_nothing_of_others() {
    let d = fresh();
    let s = school(&d, "A", 100_000, None);
    let other = school(&d, "B", 200_000, None);
    let admin = Actor::vouched(s.admin);
    let mother = Actor::vouched(s.ids.mother);
    // A classmate with a family of their own, and a mark changed once.
    let classmate = d
        .register_person(
            &admin,
            s.ids.school,
            &person(
                "Zyablikova",
                "Zoya",
                date!(2013 - 05 - 05),
                Some(&snils(100_080)),
            ),
        )
        .unwrap()
        .id;
    d.enrol(&admin, classmate, s.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    d.record_mark(
        &Actor::vouched(s.ids.teacher),
        &NewMark::grade(classmate, s.ids.subject, MON, "5", s.kind),
    )
    .unwrap();
    d.change_mark(
        &Actor::vouched(s.ids.teacher),
        s.ids.mark,
        &MarkEdit {
            comment: Some("rechecked".into()),
            ..Default::default()
        },
        "checked again",
    )
    .unwrap();
    let json = d.export_personal_data(&mother, s.ids.mother).unwrap();
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["schema"], "diary.personal-data/1");
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["generated_at", "represented_children", "schema", "subject"]
    );
    assert_eq!(doc["subject"]["person"]["id"], s.ids.mother.0);
    let child = &doc["represented_children"][0];
    assert_eq!(child["person"]["id"], s.ids.student.0);
    let marks = child["marks"].as_array().unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0]["history"].as_array().unwrap().len(), 1);
    assert_eq!(child["absence_notices"].as_array().unwrap().len(), 1);
    assert_eq!(child["classes"][0]["students"], 2);
    assert_eq!(child["classes"][0]["name"], "5A");
    // Nothing about the classmate or another school's family.
    for absent in ["Zyablikova", "Zoya", "MotherB", "StudentB"] {
        assert!(!json.contains(absent), "{absent} leaked");
    }
    assert!(!json.contains(&format!("\"student\": {}", classmate.0)));
    // Logged under the mother and the child.
    let log = d.access_log_of_child(&mother, s.ids.student).unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == Some(s.ids.mother) && e.data_kind == "personal_data" && e.allowed));
    // The child's own export has no children; the admin may export on
    // request.
    let own: Value = serde_json::from_str(
        &d.export_personal_data(&Actor::vouched(s.ids.student), s.ids.student)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(own["represented_children"].as_array().unwrap().len(), 0);
    assert_eq!(own["subject"]["guardians"][0]["guardian"], s.ids.mother.0);
    assert!(d.export_personal_data(&admin, s.ids.student).is_ok());
    // Refused: the teacher (logged), another school's people ("not found").
    assert!(matches!(
        d.export_personal_data(&Actor::vouched(s.ids.teacher), s.ids.student),
        Err(Error::AccessDenied(_))
    ));
    for who in [other.admin, other.ids.mother, other.ids.teacher] {
        assert!(matches!(
            d.export_personal_data(&Actor::vouched(who), s.ids.student),
            Err(Error::NotFound { .. })
        ));
    }
    let log = d.access_log_of_child(&mother, s.ids.student).unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == Some(s.ids.teacher) && e.data_kind == "personal_data" && !e.allowed));
}
