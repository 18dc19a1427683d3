//! The school office's CSV tables (issue 18): a class's marks in a
//! subject, its attendance, the students missing marks — what they hold,
//! a hostile name defused, and who may read them.

mod common;

use common::world::*;
use common::*;
use diary_core::*;
use time::macros::date;

/// Parses our CSV (BOM, CRLF, quoted fields) back into rows.
fn parse(csv: &str) -> Vec<Vec<String>> {
    let body = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last line ends with CRLF"
    );
    rows
}

#[test]
fn the_offices_tables() {
    let d = fresh();
    let s = school(&d, "A", 100, None);
    let a = Actor::vouched(s.admin);
    let t = Actor::vouched(s.ids.teacher);
    // A classmate whose name a spreadsheet would take for a formula.
    let hostile = d
        .register_person(
            &a,
            s.ids.school,
            &person("-Hacker", "Bobby", date!(2013 - 02 - 02), Some(&snils(150))),
        )
        .map(|p| p.id);
    let hostile = hostile.unwrap();
    d.enrol(&a, hostile, s.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    for (day, v) in [(date!(2024 - 09 - 10), "5"), (date!(2024 - 09 - 10), "3")] {
        d.record_mark(
            &t,
            &NewMark::grade(s.ids.student, s.ids.subject, day, v, s.kind),
        )
        .unwrap();
    }
    let marks = parse(
        &d.class_marks_csv(&t, s.ids.class, s.ids.period, s.ids.subject)
            .unwrap(),
    );
    assert_eq!(
        marks[0],
        ["student", "2024-09-09", "2024-09-10", "average", "mark"]
    );
    assert_eq!(marks.len(), 2, "the student with marks");
    assert_eq!(&marks[1][1..3], ["4", "5 3"]);
    assert_eq!(marks[1][3], "4.00");

    let missing = parse(
        &d.missing_marks_csv(&a, s.ids.class, s.ids.period, 3)
            .unwrap(),
    );
    assert_eq!(missing[0], ["student", "subject", "marks", "teachers"]);
    let counts: Vec<(&str, &str)> = missing[1..]
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        counts,
        vec![("Mathematics", "0")],
        "the classmate has none; the student 3"
    );
    let raw = d
        .missing_marks_csv(&a, s.ids.class, s.ids.period, 4)
        .unwrap();
    assert_eq!(parse(&raw).len(), 3);
    assert!(
        !raw.contains(",-") && !raw.contains("\n-"),
        "no field starts with a bare minus: {raw}"
    );
    assert!(raw.contains("\"'-Hacker"), "the name is defused: {raw}");
    assert!(parse(&raw).iter().any(|r| r[0].starts_with("'-Hacker")));
    assert!(matches!(
        d.missing_marks_csv(&a, s.ids.class, s.ids.period, 51),
        Err(Error::InvalidInput { .. })
    ));

    let att = parse(
        &d.class_attendance_csv(
            &a,
            s.ids.class,
            date!(2024 - 09 - 02),
            date!(2024 - 09 - 20),
        )
        .unwrap(),
    );
    assert_eq!(att[0][0], "student");
    assert_eq!(att.len(), 4, "two students and the totals");
    assert_eq!(att[3][0], "total");
    assert!(matches!(
        d.class_attendance_csv(
            &a,
            s.ids.class,
            date!(2024 - 09 - 20),
            date!(2024 - 09 - 02)
        ),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn families_and_other_schools_get_nothing() {
    let d = fresh();
    let s = school(&d, "A", 100, None);
    let b = school(&d, "B", 200, None);
    let other = Actor::vouched(b.admin);
    let mother = Actor::vouched(s.ids.mother);
    assert!(matches!(
        d.class_marks_csv(&other, s.ids.class, s.ids.period, s.ids.subject),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.missing_marks_csv(&other, s.ids.class, s.ids.period, 3),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.class_attendance_csv(
            &other,
            s.ids.class,
            date!(2024 - 09 - 02),
            date!(2024 - 09 - 20)
        ),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.missing_marks_csv(&mother, s.ids.class, s.ids.period, 3),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.class_attendance_csv(
            &mother,
            s.ids.class,
            date!(2024 - 09 - 02),
            date!(2024 - 09 - 20)
        ),
        Err(Error::AccessDenied(_))
    ));
    // Another school's period named with this school's class.
    assert!(d
        .missing_marks_csv(&Actor::vouched(s.admin), s.ids.class, b.ids.period, 3)
        .is_err());
}
