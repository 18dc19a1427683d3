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

fn sample() -> BTreeMap<String, String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/oneroster/sample");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_str().unwrap().to_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_hand_made_sample_conforms() {
    let files = sample();
    assert_eq!(files.len(), 13);
    let problems = check(&files);
    assert!(problems.is_empty(), "{}", show(&problems));
}

/// Each broken copy of the sample gives one problem, at the place named.
#[test]
fn broken_samples_are_refused_with_the_place_named() {
    let cases: &[(&str, &str, &str, usize, Option<&str>)] = &[
        (
            "users.csv",
            "u-petya,,,true",
            "u-petya,,,yes",
            5,
            Some("enabledUser"),
        ),
        (
            "demographics.csv",
            "u-anya,,,2011-03-15",
            "u-anya,,,2011-02-30",
            6,
            Some("birthDate"),
        ),
        (
            "classes.csv",
            "homeroom,каб. 12",
            "home room,каб. 12",
            2,
            Some("classType"),
        ),
        (
            "enrollments.csv",
            "class-7b-algebra,org-school-2,u-teacher",
            "class-7b-algebra,org-school-2,u-nobody",
            9,
            Some("userSourcedId"),
        ),
        (
            "results.csv",
            "res-3,,,li-algebra-test",
            "res-2,,,li-algebra-test",
            4,
            Some("sourcedId"),
        ),
        (
            "results.csv",
            "fully graded,87.5",
            "fully graded,87,5",
            4,
            None,
        ),
        (
            "roles.csv",
            "u-teacher,secondary,teacher",
            "u-teacher,secondary,",
            5,
            Some("role"),
        ),
        (
            "academicSessions.csv",
            "sem-2,,,",
            "sem-2,tobedeleted,,",
            4,
            Some("status"),
        ),
        (
            "lineItems.csv",
            ",class-7b-algebra,cat-points,sem-1",
            ",class-7b-algebra,cat-points,sem-3",
            4,
            Some("academicSessionSourcedId"),
        ),
    ];
    for (file, from, to, line, column) in cases {
        let mut files = sample();
        let text = files.get_mut(*file).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        *text = text.replacen(from, to, 1);
        let problems = check(&files);
        assert_eq!(problems.len(), 1, "{file} {to}: {}", show(&problems));
        assert_eq!(
            (
                problems[0].file.as_str(),
                problems[0].line,
                problems[0].column.as_deref()
            ),
            (*file, *line, *column),
            "{}",
            show(&problems)
        );
    }
    // A file the manifest lists but which is not there, and one it says is
    // absent but which is.
    let mut files = sample();
    files.remove("categories.csv");
    assert!(check(&files)
        .iter()
        .any(|p| p.file == "categories.csv" && p.reason.contains("missing")));
    let mut files = sample();
    files.insert("resources.csv".into(), "sourcedId\n".into());
    assert!(check(&files)
        .iter()
        .any(|p| p.file == "resources.csv" && p.reason.contains("absent")));
}

#[test]
fn an_export_written_to_a_folder_is_checked_there() {
    let d = fresh();
    let s = school(&d, "A", 100, None);
    let dir = tempfile::tempdir().unwrap();
    let names = d
        .export_oneroster_to_dir(&Actor::vouched(s.admin), Some(s.ids.school), dir.path())
        .unwrap();
    assert_eq!(names.len(), 13);
    assert_eq!(oneroster::check_dir(dir.path()).unwrap(), vec![]);
    std::fs::write(dir.path().join("orgs.csv"), b"\xff\xfe").unwrap();
    let p = oneroster::check_dir(dir.path()).unwrap();
    assert!(p
        .iter()
        .any(|p| p.file == "orgs.csv" && p.reason.contains("UTF-8")));
    // Another school's admin, a teacher: refused; an admin asking for
    // every school: refused.
    let other = school(&d, "B", 300, None);
    assert!(matches!(
        d.export_oneroster(&Actor::vouched(other.admin), Some(s.ids.school)),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.export_oneroster(&Actor::vouched(s.ids.teacher), Some(s.ids.school)),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.export_oneroster(&Actor::vouched(s.admin), None),
        Err(Error::AccessDenied(_))
    ));
}
