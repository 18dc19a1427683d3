//! OneRoster 1.2 CSV (issue 18): what the exporter writes passes the
//! checker written from the binding's tables; the hand-made sample set
//! under tests/oneroster passes it too; import and round trips.

mod common;

use common::world::*;
use diary_core::oneroster::check;
use diary_core::*;
use std::collections::BTreeMap;

fn show(p: &[oneroster::Problem]) -> String {
    p.iter()
        .map(|p| format!("{}:{} {:?} {}", p.file, p.line, p.column, p.reason))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_export_conforms_to_the_binding() {
    let d = fresh();
    let s = school(&d, "A", 100, None);
    let a = Actor::vouched(s.admin);
    let files = d.export_oneroster(&a, Some(s.ids.school)).unwrap();
    let problems = check(&files);
    assert!(problems.is_empty(), "{}", show(&problems));
    let users = &files["users.csv"];
    assert!(users.contains("StudentA") && users.contains("TeacherA"));
    assert_eq!(
        files["results.csv"].lines().count(),
        2,
        "the world's one mark"
    );
    // Everything: the operator.
    let all = d.export_oneroster(&Actor::operator(), None).unwrap();
    assert!(check(&all).is_empty(), "{}", show(&check(&all)));
    let _: &BTreeMap<String, String> = &all;
}
