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
    // The SNILS in full (the export is for the school's own systems), not
    // masked as the diary shows it elsewhere.
    let full = Snils::from_number(103).unwrap().formatted();
    assert!(users.contains(&full), "{full} in {users}");
    assert!(!users.contains("***"));
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
            "fully graded,87,2024",
            "fully graded,8,7,2024",
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

/// A diary in a file (so that the test can look people up by SNILS).
fn on_file() -> (Diary, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(ManualClock::new(
        time::macros::datetime!(2024-09-20 10:00 UTC),
    ));
    let d = Diary::open_with(
        dir.path().join("d.diary"),
        common::keyed(OpenOptions {
            clock,
            ..OpenOptions::default()
        }),
    )
    .unwrap();
    (d, dir)
}

/// The person with a SNILS.
fn by_snils(dir: &tempfile::TempDir, snils: &str) -> PersonId {
    let digits: String = snils.chars().filter(char::is_ascii_digit).collect();
    PersonId(
        common::raw(&dir.path().join("d.diary"))
            .query_row("SELECT id FROM person WHERE snils = ?1", [digits], |r| {
                r.get(0)
            })
            .unwrap(),
    )
}

/// The sample set imported by the operator: two schools, the year with
/// its semesters and quarters in each, subjects, classes, a group, people
/// with SNILS, a teacher on the staff of both, a mother of a child in
/// each, enrolments and assignments; a second import finds everything.
#[test]
fn the_sample_imports_and_a_second_import_changes_nothing() {
    let (d, dir) = on_file();
    let op = Actor::operator();
    let files = sample();
    let dry = d.import_oneroster(&op, &files, true).unwrap();
    assert!(dry.problems.is_empty(), "{}", show(&dry.problems));
    assert!(!dry.applied && dry.dry_run);
    assert!(
        d.schools(&op).unwrap().is_empty(),
        "a dry run stores nothing"
    );
    let done = d.import_oneroster(&op, &files, false).unwrap();
    assert!(done.applied, "{}", show(&done.problems));
    assert_eq!(
        done.created, dry.created,
        "the dry run said what would happen"
    );
    assert_eq!(done.created["orgs.csv"], 2);
    assert_eq!(done.created["users.csv"], 6);
    assert_eq!(done.skipped["orgs.csv"], 1, "the district");
    assert_eq!(done.created["results.csv"], 3, "{:?}", done.created);
    assert_eq!(done.created["categories.csv"], 3);
    let schools = d.schools(&op).unwrap();
    let names: Vec<&str> = schools.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Школа № 1", "Лицей № 2"]);
    let (s1, s2) = (schools[0].id, schools[1].id);
    // The people, as the admins and the teacher of both schools see them.
    let admin1 = Actor::vouched(by_snils(&dir, "112-233-445 95"));
    let teacher = by_snils(&dir, "123-456-789 64");
    let staff1 = d.staff(&admin1, s1).unwrap();
    assert!(staff1
        .iter()
        .any(|s| s.person == teacher && s.role == StaffRole::Teacher));
    let t = Actor::vouched(teacher);
    let mine: Vec<SchoolId> = d.schools(&t).unwrap().iter().map(|s| s.id).collect();
    assert_eq!(mine, [s1, s2], "a teacher of both schools");
    let year1 = d.years(&admin1, s1).unwrap();
    assert_eq!(year1.len(), 1);
    let periods = d.periods(&admin1, year1[0].id).unwrap();
    let kinds: Vec<(PeriodKind, &str)> =
        periods.iter().map(|p| (p.kind, p.name.as_str())).collect();
    assert!(
        kinds.contains(&(PeriodKind::Semester, "1 полугодие"))
            && kinds.contains(&(PeriodKind::Quarter, "1 четверть")),
        "{kinds:?}"
    );
    let classes1 = d.classes(&admin1, year1[0].id).unwrap();
    assert_eq!(classes1[0].name(), "5А");
    assert_eq!(
        classes1[0].class_teacher,
        Some(teacher),
        "5А's class teacher"
    );
    let classes = d.classes(&t, d.years(&t, s2).unwrap()[0].id).unwrap();
    assert_eq!(classes.iter().map(|k| k.name()).collect::<Vec<_>>(), ["7Б"]);
    let groups = d.groups(&t, classes[0].id).unwrap();
    assert_eq!(
        groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
        ["Английский язык, группа 1"]
    );
    // The mother has a child in each school, and sees their marks: five
    // points in one, a hundred in the other.
    let mother = by_snils(&dir, "111-111-111 45");
    let m = Actor::vouched(mother);
    let children = d.children(&m, mother).unwrap();
    assert_eq!(children.len(), 2, "{children:?}");
    let mut labels: Vec<(String, String)> = Vec::new();
    for ch in &children {
        for mk in d
            .marks(
                &m,
                ch.student,
                time::macros::date!(2024 - 09 - 01),
                time::macros::date!(2024 - 09 - 30),
            )
            .unwrap()
        {
            labels.push((mk.scale.clone(), mk.label.clone()));
        }
    }
    labels.sort();
    assert_eq!(
        labels,
        [
            ("hundred".to_owned(), "87".to_owned()),
            ("ru5".into(), "4".into()),
            ("ru5".into(), "5".into())
        ]
    );
    // Again: everything is found, nothing created.
    let again = d.import_oneroster(&op, &files, false).unwrap();
    assert!(
        again.applied && again.created.is_empty(),
        "{:?}",
        again.created
    );
    assert_eq!(d.schools(&op).unwrap().len(), 2);
    // The export keeps the sourcedIds it was given.
    let out = d.export_oneroster(&op, None).unwrap();
    assert!(check(&out).is_empty(), "{}", show(&check(&out)));
    for id in [
        "org-school-1",
        "u-petya",
        "u-mother",
        "class-7b",
        "class-7b-english-1",
        "q-1",
        "course-algebra-2",
    ] {
        assert!(out.values().any(|t| t.contains(id)), "{id} kept");
    }
}

#[test]
fn a_set_with_a_problem_stores_nothing_and_names_the_place() {
    let d = fresh();
    let op = Actor::operator();
    let mut files = sample();
    // A birth date the checker accepts but the diary refuses (the future),
    // and a user the diary cannot name.
    let demo = files.get_mut("demographics.csv").unwrap();
    *demo = demo.replacen("u-anya,,,2011-03-15", "u-anya,,,2031-03-15", 1);
    let users = files.get_mut("users.csv").unwrap();
    *users = users.replacen(",Пётр,Иванов,", ",Пётр,\u{202e}Иванов,", 1);
    let r = d.import_oneroster(&op, &files, false).unwrap();
    assert!(!r.applied);
    let places: Vec<(&str, usize, Option<&str>)> = r
        .problems
        .iter()
        .map(|p| (p.file.as_str(), p.line, p.column.as_deref()))
        .collect();
    assert_eq!(
        places,
        [
            ("users.csv", 5, Some("familyName")),
            ("users.csv", 6, Some("sourcedId"))
        ],
        "{}",
        show(&r.problems)
    );
    assert!(d.schools(&op).unwrap().is_empty(), "nothing stored");
}

#[test]
fn who_may_import() {
    let (d, dir) = on_file();
    let op = Actor::operator();
    let files = sample();
    // A school admin may not create schools.
    let s = school(&d, "A", 100, None);
    assert!(matches!(
        d.import_oneroster(&Actor::vouched(s.admin), &files, false),
        Err(Error::AccessDenied(_))
    ));
    d.import_oneroster(&op, &files, false).unwrap();
    // The first school's admin re-imports: the second school is not theirs.
    let admin1 = by_snils(&dir, "112-233-445 95");
    assert!(matches!(
        d.import_oneroster(&Actor::vouched(admin1), &files, false),
        Err(Error::NotFound { .. })
    ));
    // Their own school alone: allowed.
    let mut own = files.clone();
    let orgs = own.get_mut("orgs.csv").unwrap();
    *orgs = orgs
        .lines()
        .filter(|l| !l.contains("org-school-2"))
        .map(|l| format!("{l}\n"))
        .collect();
    for f in [
        "classes.csv",
        "courses.csv",
        "enrollments.csv",
        "roles.csv",
        "lineItems.csv",
        "results.csv",
        "scoreScales.csv",
    ] {
        let t = own.get_mut(f).unwrap();
        *t = t
            .lines()
            .filter(|l| !l.contains("org-school-2") && !l.contains("u-anya"))
            .map(|l| format!("{l}\n"))
            .collect();
    }
    let users = own.get_mut("users.csv").unwrap();
    *users = users
        .lines()
        .filter(|l| !l.contains("org-school-2"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .replace("\"u-petya,u-anya\"", "u-petya");
    let demo = own.get_mut("demographics.csv").unwrap();
    *demo = demo
        .lines()
        .filter(|l| !l.starts_with("u-anya") && !l.starts_with("u-admin-2"))
        .map(|l| format!("{l}\n"))
        .collect();
    let r = d
        .import_oneroster(&Actor::vouched(admin1), &own, false)
        .unwrap();
    assert!(r.applied, "{}", show(&r.problems));
    assert!(r.created.is_empty(), "{:?}", r.created);
}

/// Our own export read back into the same diary finds every object
/// (nothing created twice), and the next export is the same files.
#[test]
fn export_import_export_gives_the_same_files() {
    let d = fresh();
    let s = school(&d, "A", 100, None);
    let op = Actor::operator();
    let before = d.export_oneroster(&op, Some(s.ids.school)).unwrap();
    let r = d.import_oneroster(&op, &before, false).unwrap();
    assert!(r.applied, "{}", show(&r.problems));
    assert!(r.created.is_empty(), "{:?}", r.created);
    let after = d.export_oneroster(&op, Some(s.ids.school)).unwrap();
    for (name, text) in &before {
        assert_eq!(text, &after[name], "{name}");
    }
    // The school's admin may re-import its own export.
    let r = d
        .import_oneroster(&Actor::vouched(s.admin), &before, true)
        .unwrap();
    assert!(r.problems.is_empty(), "{}", show(&r.problems));
}

fn lines(text: &str) -> Vec<&str> {
    let mut l: Vec<&str> = text.lines().collect();
    l.sort();
    l
}

/// One diary's export imported into another, exported again: the same
/// files, row for row (in any order) — schools, people, classes, marks.
#[test]
fn a_school_moves_to_another_diary_and_exports_the_same() {
    let a = fresh();
    let s = school(&a, "A", 100, None);
    let t = Actor::vouched(s.ids.teacher);
    for (day, v) in [(date(2024, 9, 16), "5"), (date(2024, 9, 17), "3")] {
        a.record_mark(
            &t,
            &NewMark::grade(s.ids.student, s.ids.subject, day, v, s.kind),
        )
        .unwrap();
    }
    let op = Actor::operator();
    let first = a.export_oneroster(&op, Some(s.ids.school)).unwrap();
    let b = fresh();
    let r = b.import_oneroster(&op, &first, false).unwrap();
    assert!(r.applied, "{}", show(&r.problems));
    let again = b.export_oneroster(&op, None).unwrap();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        again.keys().collect::<Vec<_>>()
    );
    for (name, text) in &first {
        if name == "manifest.csv" {
            continue;
        }
        assert_eq!(lines(text), lines(&again[name]), "{name}");
    }
}

fn date(y: i32, m: u8, d: u8) -> time::Date {
    time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
}

/// A delta set after the sample: an enrolment ends, a mark changes, a
/// mark is deleted — applied to what the first import placed.
#[test]
fn a_delta_set_updates_and_deletes() {
    let (d, dir) = on_file();
    let op = Actor::operator();
    assert!(d.import_oneroster(&op, &sample(), false).unwrap().applied);
    let petya = by_snils(&dir, "087-654-321 02");
    let mut delta = BTreeMap::new();
    let manifest: String = sample()["manifest.csv"]
        .lines()
        .map(|l| match l.split(',').next().unwrap_or("") {
            "file.enrollments" | "file.results" => {
                format!("{},delta\n", l.split(',').next().unwrap())
            }
            p if p.starts_with("file.") => format!("{p},absent\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    delta.insert("manifest.csv".to_owned(), manifest);
    delta.insert(
        "enrollments.csv".to_owned(),
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n\
         enr-petya-5a,tobedeleted,2024-12-20T09:00:00Z,class-5a,org-school-1,u-petya,student,false,2024-09-01,\n"
            .to_owned(),
    );
    delta.insert(
        "results.csv".to_owned(),
        "sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,scoreDate,comment,textScore,classSourcedId,inProgress,incomplete,late,missing\n\
         res-1,tobedeleted,2024-12-20T09:00:00Z,li-math-test,u-petya,fully graded,5,2024-09-16,,5,class-5a-math,,,,\n\
         res-2,active,2024-12-20T09:00:00Z,li-math-hw,u-petya,fully graded,3,2024-09-18,,3,class-5a-math,,,,\n"
            .to_owned(),
    );
    assert_eq!(check(&delta), vec![], "{}", show(&check(&delta)));
    let r = d.import_oneroster(&op, &delta, false).unwrap();
    assert!(r.applied, "{}", show(&r.problems));
    assert_eq!(r.deleted["enrollments.csv"], 1);
    assert_eq!(r.deleted["results.csv"], 1);
    assert_eq!(r.updated["results.csv"], 1);
    let admin1 = Actor::vouched(by_snils(&dir, "112-233-445 95"));
    let e = d.enrolments(&admin1, petya).unwrap();
    assert_eq!(e[0].end, Some(time::macros::date!(2024 - 12 - 20)));
    assert_eq!(e[0].end_reason, Some(EndReason::Left));
    let marks = d
        .marks(
            &admin1,
            petya,
            time::macros::date!(2024 - 09 - 01),
            time::macros::date!(2024 - 09 - 30),
        )
        .unwrap();
    let labels: Vec<&str> = marks.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["3"], "one deleted, one changed");
    let history = d.mark_history(&admin1, marks[0].id).unwrap();
    assert_eq!(history.len(), 1);
    // The same delta again: nothing more to do.
    let again = d.import_oneroster(&op, &delta, false).unwrap();
    assert!(
        again.deleted.is_empty() && again.updated.is_empty(),
        "{again:?}"
    );
}

/// An admin's import corrects a person's data as a correction with the
/// import as its reason; the operator's import leaves it.
#[test]
fn an_admins_import_corrects_people_and_cannot_reach_another_schools() {
    let (d, dir) = on_file();
    let op = Actor::operator();
    assert!(d.import_oneroster(&op, &sample(), false).unwrap().applied);
    let petya = by_snils(&dir, "087-654-321 02");
    let admin1 = Actor::vouched(by_snils(&dir, "112-233-445 95"));
    let mut changed = sample();
    let users = changed.get_mut("users.csv").unwrap();
    *users = users.replacen(",Пётр,Иванов,Сергеевич,", ",Пётр,Иванов,Сергеевич-Оглы,", 1);
    let by_operator = d.import_oneroster(&op, &changed, false).unwrap();
    assert!(by_operator.applied && by_operator.updated.is_empty());
    assert_eq!(
        d.person(&admin1, petya).unwrap().patronymic.as_deref(),
        Some("Сергеевич")
    );
    // The first school's admin: only their school's part of the set.
    let own = only_school_1(&changed);
    let r = d.import_oneroster(&admin1, &own, false).unwrap();
    assert!(r.applied, "{}", show(&r.problems));
    assert_eq!(r.updated["users.csv"], 1);
    assert_eq!(
        d.person(&admin1, petya).unwrap().patronymic.as_deref(),
        Some("Сергеевич-Оглы")
    );
    let corrections = d.person_corrections(&admin1, petya).unwrap();
    assert_eq!(corrections.len(), 1);
    assert_eq!(corrections[0].reason, "imported from a OneRoster file");

    // Another school's admin cannot reach the child: not by SNILS (to make
    // their accomplice its "parent")...
    let z = school(&d, "Z", 500, None);
    let za = Actor::vouched(z.admin);
    let zfiles = d.export_oneroster(&za, Some(z.ids.school)).unwrap();
    let mut attack = zfiles.clone();
    let users = attack.get_mut("users.csv").unwrap();
    let student_line = users
        .lines()
        .find(|l| l.contains("StudentZ"))
        .unwrap()
        .to_owned();
    let snils_z = Snils::from_number(503).unwrap().formatted();
    assert!(student_line.contains(&snils_z), "{student_line}");
    *users = users.replace(&snils_z, "087-654-321 02");
    // A new sourcedId for the student, so that only the SNILS names Petya.
    let sid = student_line.split(',').next().unwrap().to_owned();
    for text in attack.values_mut() {
        *text = text
            .replace(&format!("{sid},"), "newkid,")
            .replace(&format!(",{sid},"), ",newkid,");
    }
    let r = d.import_oneroster(&za, &attack, false);
    let r = r.unwrap();
    assert!(!r.applied);
    assert!(
        r.problems
            .iter()
            .any(|p| p.column.as_deref() == Some("metadata.ru.snils")
                && p.reason.contains("another school")),
        "{}",
        show(&r.problems)
    );
    // ...nor by the sourcedId another import gave it.
    let mut delta = BTreeMap::new();
    let manifest: String = sample()["manifest.csv"]
        .lines()
        .map(|l| match l.split(',').next().unwrap_or("") {
            "file.enrollments" => "file.enrollments,delta\n".to_owned(),
            p if p.starts_with("file.") => format!("{p},absent\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    delta.insert("manifest.csv".to_owned(), manifest);
    let zclass = zfiles["classes.csv"]
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_owned();
    delta.insert(
        "enrollments.csv".to_owned(),
        format!(
            "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n\
             x1,active,2024-12-20T09:00:00Z,{zclass},school-{},u-petya,student,false,2024-09-02,\n",
            z.ids.school.0
        ),
    );
    let r = d.import_oneroster(&za, &delta, false);
    assert!(matches!(r, Err(Error::NotFound { .. })), "{r:?}");
    assert_eq!(
        d.enrolments(&admin1, petya).unwrap().len(),
        1,
        "nothing stored"
    );
}

/// The sample without the second school's rows.
fn only_school_1(files: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut own = files.clone();
    for (name, text) in own.iter_mut() {
        if name == "manifest.csv" {
            continue;
        }
        *text = text
            .replace("\"u-petya,u-anya\"", "u-petya")
            .lines()
            .filter(|l| {
                !l.contains("org-school-2")
                    && !l.contains("u-anya")
                    && !l.starts_with("u-admin-2")
                    && !l.contains("li-algebra")
            })
            .map(|l| format!("{l}\n"))
            .collect::<String>();
    }
    own
}
